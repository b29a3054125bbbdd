// A mission at a glance: its strategy, mandate, components and their capacity, component workload, areas, partners,
// members and exercises. Planners and administrators edit the profile here (src/mission).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, getAtLeast } from '../api';
import { showError } from '../errors';
import { MissionExercises } from '../exercise/MissionExercises';
import type { MissionChange } from '../generated/api';
import { MissionSession } from '../live/missionSession';
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
import { store, useStore } from '../store';
import { formatDateTime } from '../ui/dates';
import { WorkloadBars } from '../ui/WorkloadBars';
import { ConflictDialog, type ConflictAnswer, type ConflictQuestion } from '../workspace/Conflict';
import { humanize } from '../workspace/fields';
import type * as api from '../generated/api';

type Dashboard = api.MissionDashboard;

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
  const [conflict, setConflict] = useState<{
    question: ConflictQuestion;
    resolve: (answer: ConflictAnswer) => void;
  } | null>(null);
  const [live, setLive] = useState<MissionSession | null>(null);
  const me = useStore(meStore);
  const shown = useRef(0);
  // Reads may answer out of order (a live change and one's own command at once): the page never goes back.
  const reload = async (minVersion: number | null) => {
    const next = await load(missionId, minVersion);
    if ((next.version ?? 0) < shown.current) return;
    shown.current = next.version ?? 0;
    setMission(next);
  };
  useEffect(() => {
    setMission(null);
    shown.current = 0;
    let session: MissionSession | null = null;
    let left = false;
    reload(null)
      .then(() => {
        if (left) return;
        session = new MissionSession(missionId, () => shown.current, reload);
        setLive(session);
        void session.start();
      })
      .catch(showError);
    return () => {
      left = true;
      setLive(null);
      void session?.stop();
    };
  }, [missionId]);
  const lastChange = useStore(live?.lastChange ?? noChange);

  if (!mission)
    return (
      <main class="page" id="main" tabIndex={-1}>
        <p class="muted" aria-live="polite">
          Loading…
        </p>
      </main>
    );
  const strategyId = mission.strategy?.id ?? null;
  const role = me?.memberships.find((m) => m.missionId === missionId)?.role ?? null;
  const admin = me?.globalRoles.includes('Administrator') ?? false;
  const profile: Profile = {
    missionId,
    version: mission.version,
    mandate: mission.mandate,
    mandateStamp: mission.mandateStamp ?? null,
    areas: mission.areas,
    components: mission.components,
    partners: mission.partners,
    members: mission.members,
  };
  const props: ProfileProps = {
    profile,
    canEdit: role === 'Planner' || admin,
    reload,
    ask: (question) => new Promise((resolve) => setConflict({ question, resolve })),
  };
  return (
    <main class="page mission-page" id="main" tabIndex={-1} data-testid="mission" data-version={mission.version}>
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
      <p class="small muted" aria-live="polite" data-testid="mission-live-note">
        {lastChange &&
          `${lastChange.actor} ${changeWords(lastChange)} at ${formatDateTime(lastChange.at)}` +
            (lastChange.reason ? `: "${lastChange.reason}"` : '')}
      </p>
      <div class="mission-grid">
        <section class="panel">
          <h2>Strategy</h2>
          {mission.strategy ? (
            <p>
              {mission.strategy.title} ·{' '}
              <span class={`stage stage-${mission.strategy.stage.toLowerCase()}`}>
                {humanize(mission.strategy.stage)}
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
        {mission.workload.length > 0 && <WorkloadBars workload={mission.workload} />}
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
      {conflict && (
        <ConflictDialog
          question={conflict.question}
          onAnswer={(answer) => {
            setConflict(null);
            conflict.resolve(answer);
          }}
        />
      )}
    </main>
  );
}

const noChange = store<MissionChange | null>(null);

/** "changed component 'Force'", in words for the live note. */
function changeWords(change: MissionChange): string {
  const verb = change.op === 'added' ? 'added' : change.op === 'removed' ? 'removed' : 'changed';
  const kind = change.kind === 'area' ? 'area of operation' : change.kind;
  const item = change.item as { name?: string; userName?: string } | null;
  const name = item?.name ?? item?.userName;
  if (change.kind === 'mandate') return `${verb} the mandate`;
  return `${verb} ${kind}${name ? ` '${name}'` : ''}`;
}
