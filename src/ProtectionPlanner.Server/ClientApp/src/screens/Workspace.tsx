// The strategy workspace: threat register and heat map, the tier x phase action plan, coherence findings, component
// workload and the lifecycle, kept live with the planning hub.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { showError } from '../errors';
import { PlanSession } from '../live/planSession';
import { me as meStore } from '../me';
import { href } from '../route';
import { session as sessionStore } from '../session';
import { ReviewPanel } from '../review/ReviewPanel';
import { useStore } from '../store';
import type { Activity, Improvement, Item, Threat } from '../types';
import { ActivityForm } from '../workspace/ActivityForm';
import { ActivityMatrix } from '../workspace/ActivityMatrix';
import { CapacityOverTimePanel } from '../workspace/CapacityOverTime';
import { DownloadPdf } from '../workspace/DownloadPdf';
import { CoherencePanel } from '../workspace/CoherencePanel';
import { ConflictDialog, type ConflictAnswer, type ConflictQuestion } from '../workspace/Conflict';
import {
  editableStages,
  WorkspaceContext,
  type SectionKind,
  type Selection,
  type Workspace,
} from '../workspace/context';
import { HeatMap } from '../workspace/HeatMap';
import { LifecyclePanel } from '../workspace/LifecyclePanel';
import { PresenceBar } from '../workspace/PresenceBar';
import { ThreatForm } from '../workspace/ThreatForm';
import { ThreatRegister } from '../workspace/ThreatRegister';
import { WorkloadChart } from '../workspace/WorkloadChart';
import { DecisionsSection } from '../workspace/sections/Decisions';
import { EarlyWarningSection } from '../workspace/sections/EarlyWarning';
import { ForaSection } from '../workspace/sections/Fora';
import { HandoversSection } from '../workspace/sections/Handovers';
import { ImprovementsSection } from '../workspace/sections/Improvements';
import { SectionItemEditor, sectionSpecs } from '../workspace/sections/ItemSection';
import { ObjectivesSection } from '../workspace/sections/Objectives';
import { OverviewEditor, OverviewPanel } from '../workspace/sections/Overview';
import { PartnersPanel } from '../workspace/sections/Partners';

type Editor =
  | { kind: 'threat'; threat: Threat | null }
  | { kind: 'activity'; activity: Activity | null; improvement?: Improvement }
  | { kind: 'item'; section: SectionKind; item: Item<unknown> | null }
  | { kind: 'overview' }
  | null;

/** The parts of the workspace, for the navigation at its top: what each is called and where it is. */
const parts: [string, string][] = [
  ['threats', 'Threats'],
  ['matrix', 'Action plan'],
  ['overview', 'Purpose'],
  ['objectives', 'Objectives'],
  ['fora', 'Coordination'],
  ['early-warning', 'Early warning'],
  ['decisions', 'Tensions'],
  ['handovers', 'Hand-overs'],
  ['partners', 'Partners'],
  ['improvements', 'Improvements'],
];

function goTo(part: string) {
  const target = document.getElementById(`section-${part}`);
  if (!target) return;
  target.scrollIntoView({ block: 'start', behavior: 'smooth' });
  const heading = target.querySelector<HTMLElement>('h2');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

export function WorkspaceScreen({ strategyId, item }: { strategyId: string; item: string | null }) {
  const session = useMemo(() => new PlanSession(strategyId), [strategyId]);
  const view = useStore(session.view);
  const failure = useStore(session.failure);
  const presence = useStore(session.presence);
  const me = useStore(meStore);
  const userName = useStore(sessionStore)?.userName ?? '';
  const [selection, setSelection] = useState<Selection>(null);
  const [editor, setEditor] = useState<Editor>(null);
  const [reviewing, setReviewing] = useState(false);
  const [conflict, setConflict] = useState<{
    question: ConflictQuestion;
    resolve: (answer: ConflictAnswer) => void;
  } | null>(null);

  useEffect(() => {
    void session.start();
    return () => void session.stop();
  }, [session]);

  useEffect(() => {
    if (failure) showError(failure);
  }, [failure]);

  // A deep link to an item (#/strategies/{id}/{itemId}) selects it once the view is there.
  useEffect(() => {
    if (!view || !item) return;
    if (view.threats.some((t) => t.id === item)) setSelection({ kind: 'threat', id: item });
    else if (view.activities.some((a) => a.id === item)) setSelection({ kind: 'activity', id: item });
    else if ((view.improvements ?? []).some((i) => i.id === item)) {
      // An improvement is not selected but shown: its row, scrolled to and focused once rendered.
      requestAnimationFrame(() => {
        const row = document.querySelector<HTMLElement>(`[data-testid="improvement"][data-id="${item}"]`);
        row?.scrollIntoView({ block: 'center' });
        row?.focus();
      });
    }
  }, [item, view === null]);

  const editingBy = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const entry of presence?.editing ?? []) {
      if (entry.user === userName) continue;
      map.set(entry.itemId, [...(map.get(entry.itemId) ?? []), entry.user]);
    }
    return map;
  }, [presence, userName]);

  if (!view) {
    return (
      <main class="page" id="main" tabIndex={-1}>
        {failure ? (
          <p>
            This strategy cannot be shown
            {failure instanceof ApiError && failure.status === 404 ? ': it does not exist' : ''}.{' '}
            <a href={href.portfolio()}>Back to the missions</a>
          </p>
        ) : (
          <p class="muted" aria-live="polite">
            Loading the strategy…
          </p>
        )}
      </main>
    );
  }

  const role = me?.memberships.find((m) => m.missionId === view.missionId)?.role ?? null;
  const workspace: Workspace = {
    session,
    view,
    me: userName,
    role,
    globalRoles: me?.globalRoles ?? [],
    canEdit: role === 'Planner' && editableStages.includes(view.stage),
    selection,
    select: setSelection,
    openThreat: (threat) => {
      if (threat) setSelection({ kind: 'threat', id: threat.id });
      setEditor({ kind: 'threat', threat });
    },
    openActivity: (activity) => {
      if (activity) setSelection({ kind: 'activity', id: activity.id });
      setEditor({ kind: 'activity', activity });
    },
    openItem: (section, item) => setEditor({ kind: 'item', section, item }),
    openOverview: () => setEditor({ kind: 'overview' }),
    openImprovementActivity: (improvement, activity) =>
      setEditor({ kind: 'activity', activity: activity ?? null, improvement }),
    ask: (question) => new Promise((resolve) => setConflict({ question, resolve })),
    editingBy,
  };
  const section = editor?.kind === 'item' ? sectionSpecs.get(editor.section) : undefined;

  return (
    <WorkspaceContext.Provider value={workspace}>
      <main
        class="workspace"
        id="main"
        tabIndex={-1}
        data-testid="workspace"
        data-view-version={view.viewVersion}
        data-stream-version={view.streamVersion}
      >
        <header class="ws-header">
          <div class="ws-title">
            <nav aria-label="Breadcrumb" class="small">
              <a href={href.portfolio()}>Missions</a> /{' '}
              <a href={href.mission(view.missionId)}>{view.mission.acronym}</a>
            </nav>
            <h1>{view.title}</h1>
            <p class="muted small">
              {view.mission.name} · {view.mission.hostState}
              {role ? ` · you: ${role}` : me?.globalRoles.length ? ` · you: ${me.globalRoles.join(', ')}` : ''}
              {view.updatedBy && ` · last change by ${view.updatedBy}`}
            </p>
          </div>
          <LifecyclePanel />
          <PresenceBar />
          <button
            type="button"
            class="review-toggle"
            data-testid="open-review"
            aria-expanded={reviewing}
            aria-controls="review-panel"
            onClick={() => setReviewing(!reviewing)}
          >
            {reviewing ? 'Hide review / history' : 'Review / history'}
            {(view.comments ?? []).some((c) => !c.resolved && !c.parentId)
              ? ` (${(view.comments ?? []).filter((c) => !c.resolved && !c.parentId).length} open comments)`
              : ''}
          </button>
        </header>
        <nav class="ws-nav" aria-label="Parts of the strategy">
          {parts.map(([part, label]) => (
            <button type="button" key={part} class="link-button" onClick={() => goTo(part)}>
              {label}
            </button>
          ))}
          <a class="button small-button push-right" data-testid="open-print" href={href.print(view.strategyId)}>
            Print / document
          </a>
          <DownloadPdf strategyId={view.strategyId} version={null} testId="download-pdf" small />
        </nav>
        <div class="ws-grid">
          <div class="ws-main">
            <ThreatRegister />
            <ActivityMatrix />
          </div>
          <aside class="ws-side" aria-label="Analysis">
            <HeatMap />
            <CoherencePanel />
            <WorkloadChart />
          </aside>
        </div>
        <CapacityOverTimePanel />
        <OverviewPanel />
        <div class="ws-sections">
          <div>
            <ObjectivesSection />
            <DecisionsSection />
          </div>
          <div>
            <ForaSection />
            <EarlyWarningSection />
            <HandoversSection />
            <PartnersPanel />
          </div>
        </div>
        <ImprovementsSection />
        {reviewing && (
          <div id="review-panel">
            <ReviewPanel />
          </div>
        )}
        {editor?.kind === 'threat' && (
          <ThreatForm key={editor.threat?.id ?? 'new'} threat={editor.threat} onClose={() => setEditor(null)} />
        )}
        {editor?.kind === 'activity' && (
          <ActivityForm
            key={`${editor.activity?.id ?? 'new'}-${editor.improvement?.id ?? ''}`}
            activity={editor.activity}
            improvement={editor.improvement}
            onClose={() => setEditor(null)}
          />
        )}
        {editor?.kind === 'item' && section && (
          <SectionItemEditor
            key={`${editor.section}-${editor.item?.id ?? 'new'}`}
            spec={section}
            item={editor.item}
            onClose={() => setEditor(null)}
          />
        )}
        {editor?.kind === 'overview' && <OverviewEditor onClose={() => setEditor(null)} />}
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
    </WorkspaceContext.Provider>
  );
}
