// A mission at a glance: mandate, components and their capacity, members, its strategy and component workload.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { showError } from '../errors';
import { MissionExercises } from '../exercise/MissionExercises';
import { me as meStore } from '../me';
import { href } from '../route';
import { useStore } from '../store';
import type { Component, StrategySummary, Workload } from '../types';
import { WorkloadBars } from '../ui/WorkloadBars';
import { stageLabels } from '../workspace/context';
import { humanize } from '../workspace/fields';

interface Dashboard {
  missionId?: string;
  id?: string;
  name: string;
  acronym: string;
  kind: string;
  hostState: string;
  mandate?: Record<string, unknown> | null;
  components: Component[];
  members: { userName: string; role: string; componentId: string | null }[];
  partners?: { id: string; name: string; kind?: string }[];
  areas?: { id: string; name: string }[];
  strategy?: StrategySummary | null;
  strategyId?: string | null;
  workload?: Workload[];
}

async function load(missionId: string): Promise<Dashboard> {
  try {
    return await get<Dashboard>(`/api/missions/${missionId}/dashboard`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404 || error.problem.type) throw error;
    return await get<Dashboard>(`/api/missions/${missionId}`); // a server without the read models yet
  }
}

function mandateLines(mandate: Record<string, unknown> | null | undefined): [string, string][] {
  if (!mandate) return [];
  return Object.entries(mandate)
    .filter(([, value]) => value !== null && value !== '' && typeof value !== 'object')
    .map(([key, value]) => [humanize(key), typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)]);
}

export function MissionPage({ missionId }: { missionId: string }) {
  const [mission, setMission] = useState<Dashboard | null>(null);
  const me = useStore(meStore);
  useEffect(() => {
    setMission(null);
    load(missionId).then(setMission).catch(showError);
  }, [missionId]);

  if (!mission) return <main class="page" id="main" tabIndex={-1}><p class="muted" aria-live="polite">Loading…</p></main>;
  const strategyId = mission.strategy?.id ?? mission.strategyId ?? null;
  const componentName = new Map(mission.components.map((c) => [c.id, c.name]));
  return (
    <main class="page mission-page" id="main" tabIndex={-1} data-testid="mission">
      <nav aria-label="Breadcrumb" class="small"><a href={href.portfolio()}>Missions</a> / {mission.acronym}</nav>
      <h1>{mission.acronym}: {mission.name}</h1>
      <p class="muted">{humanize(mission.kind)} · host state: {mission.hostState}</p>
      <div class="mission-grid">
        <section class="panel">
          <h2>Strategy</h2>
          {mission.strategy ? (
            <p>
              {mission.strategy.title} · <span class={`stage stage-${mission.strategy.stage.toLowerCase()}`}>{stageLabels[mission.strategy.stage]}</span> · revision {mission.strategy.revision}
              <br />
              {mission.strategy.openThreats} open threats, {mission.strategy.activities} activities, {mission.strategy.blocking} blocking and {mission.strategy.warnings} warning findings
            </p>
          ) : !strategyId && <p class="muted">No strategy drafted yet.</p>}
          {strategyId && <a class="button primary" href={href.strategy(strategyId)} data-testid="open-strategy">Open strategy</a>}
          {mandateLines(mission.mandate).length > 0 && (
            <>
              <h3>Mandate</h3>
              <dl class="facts">
                {mandateLines(mission.mandate).map(([key, value]) => (
                  <div key={key}><dt>{key}</dt><dd>{value}</dd></div>
                ))}
              </dl>
            </>
          )}
        </section>
        <section class="panel">
          <h2>Components and capacity</h2>
          <table class="compact">
            <thead><tr><th scope="col">Component</th><th scope="col">Personnel</th><th scope="col">Assets</th></tr></thead>
            <tbody>
              {mission.components.map((c) => (
                <tr key={c.id}>
                  <td>{c.name} <span class="muted small">{humanize(c.kind)}</span></td>
                  <td class="num">{c.capacity.personnel}</td>
                  <td class="small">{c.capacity.assets.map((a) => `${a.name} ×${a.quantity}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {mission.workload && mission.workload.length > 0 && <WorkloadBars workload={mission.workload} />}
        <section class="panel">
          <h2>Members</h2>
          <ul class="plain">
            {mission.members.map((m) => (
              <li key={`${m.userName}-${m.role}`}>
                <strong>{m.userName}</strong> {humanize(m.role)}
                {m.componentId && <span class="muted small"> ({componentName.get(m.componentId) ?? 'component'})</span>}
              </li>
            ))}
          </ul>
        </section>
        <MissionExercises missionId={missionId} strategyId={strategyId} strategyVersion={mission.strategy?.streamVersion ?? null}
          canCreate={me?.memberships.some((m) => m.missionId === missionId && m.role === 'Controller') ?? false} />
      </div>
    </main>
  );
}
