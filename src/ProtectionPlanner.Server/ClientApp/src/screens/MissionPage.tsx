// A mission at a glance: its strategy, mandate, components and their capacity, component workload, areas, partners,
// members and exercises. Planners and administrators edit the profile here (src/mission).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, getAtLeast } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
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
          {t('screens.loading')}
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
      <nav aria-label={t('screens.breadcrumb')} class="small">
        <a href={href.portfolio()}>{t('screens.missions')}</a> / {mission.acronym}
      </nav>
      <h1>
        {mission.acronym}: {mission.name}
      </h1>
      <p class="muted">
        {t('screens.mission.kindAndHost', { kind: humanize(mission.kind), hostState: mission.hostState })}
        {role ? ` · ${t('screens.mission.you', { role: humanize(role) })}` : ''}
      </p>
      <p class="small muted" aria-live="polite" data-testid="mission-live-note">
        {lastChange && changeNote(lastChange)}
      </p>
      <div class="mission-grid">
        <section class="panel">
          <h2>{t('screens.mission.strategy')}</h2>
          {mission.strategy ? (
            <p>
              {mission.strategy.title} ·{' '}
              <span class={`stage stage-${mission.strategy.stage.toLowerCase()}`}>
                {humanize(mission.strategy.stage)}
              </span>{' '}
              · {t('screens.mission.revision', { revision: mission.strategy.revision })}
              <br />
              {t('screens.mission.strategyFigures', {
                openThreats: mission.strategy.openThreats,
                activities: mission.strategy.activities,
                blocking: mission.strategy.blocking,
                warnings: mission.strategy.warnings,
              })}
            </p>
          ) : (
            !strategyId && <p class="muted">{t('screens.mission.noStrategy')}</p>
          )}
          {strategyId && (
            <a class="button primary" href={href.strategy(strategyId)} data-testid="open-strategy">
              {t('screens.openStrategy')}
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

type ChangedKind = 'mandate' | 'mission' | 'area' | 'component' | 'partner' | 'member';
const changedKinds: readonly string[] = ['mandate', 'mission', 'area', 'component', 'partner', 'member'];

/** "planner2 changed component 'Force' at 7 Dec 2026, 14:05", a whole sentence for the live note: the words of the
 * change and their order are the language's. */
function changeNote(change: MissionChange): string {
  const op = change.op === 'added' || change.op === 'removed' ? change.op : 'changed';
  const kind = (changedKinds.includes(change.kind) ? change.kind : 'mission') as ChangedKind;
  const item = change.item as { name?: string; userName?: string } | null;
  const name = item?.name ?? item?.userName;
  const what = name ? t(`screens.mission.named.${kind}`, { name }) : t(`screens.mission.unnamed.${kind}`);
  const sentence = t(`screens.mission.change.${op}`, { actor: change.actor, what, at: formatDateTime(change.at) });
  return change.reason ? t('screens.mission.changeWithReason', { change: sentence, reason: change.reason }) : sentence;
}
