// A mission at a glance: its strategy, mandate, components and their capacity, component workload, areas, partners,
// members and exercises. Planners and administrators edit the profile here (src/mission).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, getAtLeast } from '../api';
import { showError } from '../errors';
import { MissionExercises } from '../exercise/MissionExercises';
import { me as meStore } from '../me';
import {
  AreasPanel,
  ComponentsPanel,
  MandatePanel,
  MembersPanel,
  MissionPartnersPanel,
  type Profile,
  type ProfileProps,
} from '../mission/MissionProfile';
import { href } from '../route';
import { useStore } from '../store';
import type { Area, Component, Mandate, Member, Partner, StrategySummary, Workload } from '../types';
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
  version?: number;
  mandate?: Mandate | null;
  components: Component[];
  members: Member[];
  partners?: Partner[];
  areas?: Area[];
  strategy?: StrategySummary | null;
  strategyId?: string | null;
  workload?: Workload[];
}

async function load(missionId: string, minVersion: number | null): Promise<Dashboard> {
  try {
    return await getAtLeast<Dashboard>(`/api/missions/${missionId}/dashboard`, minVersion);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404 || error.problem.type) throw error;
    return await get<Dashboard>(`/api/missions/${missionId}`); // a server without the read models yet
  }
}

export function MissionPage({ missionId }: { missionId: string }) {
  const [mission, setMission] = useState<Dashboard | null>(null);
  const me = useStore(meStore);
  useEffect(() => {
    setMission(null);
    load(missionId, null).then(setMission).catch(showError);
  }, [missionId]);

  if (!mission)
    return (
      <main class="page" id="main" tabIndex={-1}>
        <p class="muted" aria-live="polite">
          Loading…
        </p>
      </main>
    );
  const strategyId = mission.strategy?.id ?? mission.strategyId ?? null;
  const role = me?.memberships.find((m) => m.missionId === missionId)?.role ?? null;
  const admin = me?.globalRoles.includes('Administrator') ?? false;
  const profile: Profile = {
    missionId,
    version: mission.version ?? 0,
    mandate: mission.mandate ?? null,
    areas: mission.areas ?? [],
    components: mission.components,
    partners: mission.partners ?? [],
    members: mission.members,
  };
  const props: ProfileProps = {
    profile,
    canEdit: role === 'Planner' || admin,
    reload: async (minVersion) => setMission(await load(missionId, minVersion)),
  };
  return (
    <main class="page mission-page" id="main" tabIndex={-1} data-testid="mission" data-version={mission.version ?? 0}>
      <nav aria-label="Breadcrumb" class="small">
        <a href={href.portfolio()}>Missions</a> / {mission.acronym}
      </nav>
      <h1>
        {mission.acronym}: {mission.name}
      </h1>
      <p class="muted">
        {humanize(mission.kind)} · host state: {mission.hostState}
        {role ? ` · you: ${humanize(role)}` : ''}
      </p>
      <div class="mission-grid">
        <section class="panel">
          <h2>Strategy</h2>
          {mission.strategy ? (
            <p>
              {mission.strategy.title} ·{' '}
              <span class={`stage stage-${mission.strategy.stage.toLowerCase()}`}>
                {stageLabels[mission.strategy.stage]}
              </span>{' '}
              · revision {mission.strategy.revision}
              <br />
              {mission.strategy.openThreats} open threats, {mission.strategy.activities} activities,{' '}
              {mission.strategy.blocking} blocking and {mission.strategy.warnings} warning findings
            </p>
          ) : (
            !strategyId && <p class="muted">No strategy drafted yet.</p>
          )}
          {strategyId && (
            <a class="button primary" href={href.strategy(strategyId)} data-testid="open-strategy">
              Open strategy
            </a>
          )}
          <MandatePanel {...props} />
        </section>
        <ComponentsPanel {...props} />
        {mission.workload && mission.workload.length > 0 && <WorkloadBars workload={mission.workload} />}
        <AreasPanel {...props} />
        <MissionPartnersPanel {...props} />
        <MembersPanel {...props} canManage={admin} />
        <MissionExercises
          missionId={missionId}
          strategyId={strategyId}
          strategyVersion={mission.strategy?.streamVersion ?? null}
          canCreate={role === 'Controller'}
        />
      </div>
    </main>
  );
}
