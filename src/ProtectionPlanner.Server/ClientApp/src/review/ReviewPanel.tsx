// The review screens of a strategy (docs/ui.md, Review): the history timeline, the plan as it stood at a version,
// the diff between two versions or since the last approval, the strategy's review comments, the record's integrity
// (HQ) and exports. Everything is read through the audit routes of docs/api.md.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, download, get } from '../api';
import i18next from 'i18next';
import { showError } from '../errors';
import { t } from '../i18n';
import { href } from '../route';
import type { Lifecycle, LifecycleStep, PlanView } from '../types';
import { formatDate, formatDateTime, localInputToIso } from '../ui/dates';
import { ActivityMatrix } from '../workspace/ActivityMatrix';
import { CoherencePanel } from '../workspace/CoherencePanel';
import { WorkspaceContext, useWorkspace, type Workspace } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { HeatMap } from '../workspace/HeatMap';
import { ThreatRegister } from '../workspace/ThreatRegister';
import { DownloadPdf } from '../workspace/DownloadPdf';
import { WorkloadChart } from '../workspace/WorkloadChart';
import { fieldLabel, repeated, valueWords } from './changeWords';
import { CommentForm, CommentList, commentsOf, useMayComment } from './Comments';
import type * as api from '../generated/api';

type HistoryEntry = api.HistoryEntry;
type HistoryPage = api.HistoryPage;
type PlanDiff = api.PlanDiff;
type Verify = api.VerifyResponse;

const kinds = [
  'threat',
  'activity',
  'objective',
  'forum',
  'earlyWarning',
  'decision',
  'handover',
  'component',
  'lifecycle',
  'comment',
  'overview',
  'title',
];

const when = (at: string) => formatDateTime(at);

/** A kind of item in words, for the history's filter and the diff (which names a few more precisely). */
function kindLabel(kind: string, inDiff = false): string {
  const precise = `review.diff.kinds.${kind}`;
  const key = inDiff && i18next.exists(precise) ? precise : `review.kinds.${kind}`;
  return i18next.exists(key) ? t(key as 'review.kinds.threat') : humanize(kind);
}

const opLabel = (op: string): string =>
  op === 'added' || op === 'removed' || op === 'changed' ? t(`review.diff.ops.${op}`) : op;

/** An item's name from its value in a diff: its code and title. */
function itemName(entry: api.DiffEntry): string {
  const item = (entry.after ?? entry.before ?? {}) as Record<string, unknown>;
  const details = (item.assessment ?? item.details ?? {}) as Record<string, unknown>;
  const title = details.title ?? item.title ?? item.name ?? item.text ?? item.message ?? item.stage;
  const code = item.code ? `${String(item.code)} ` : '';
  return `${code}${title !== undefined ? String(title) : (entry.id ?? kindLabel(entry.kind, true))}`;
}

function History() {
  const { view } = useWorkspace();
  const [actor, setActor] = useState('');
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const query = (cursor: string | null) => {
    const params = new URLSearchParams({ limit: '20' });
    if (actor.trim()) params.set('actor', actor.trim());
    if (kind) params.set('kind', kind);
    if (from) params.set('from', from);
    if (to) params.set('to', `${to}T23:59:59Z`);
    if (cursor) params.set('cursor', cursor);
    return `/api/strategies/${view.strategyId}/history?${params}`;
  };

  const load = async (cursor: string | null) => {
    setLoading(true);
    try {
      const page = await get<HistoryPage>(query(cursor));
      setEntries((held) => (cursor ? [...held, ...page.entries] : page.entries));
      setNext(page.next);
    } catch (error) {
      showError(error);
    } finally {
      setLoading(false);
    }
  };

  // The first page again whenever the filters change or the plan moves on.
  useEffect(() => {
    const timer = setTimeout(() => void load(null), 250);
    return () => clearTimeout(timer);
  }, [actor, kind, from, to, view.viewVersion]);

  return (
    <section class="panel" data-testid="history" aria-labelledby="history-title">
      <header class="panel-header">
        <h3 id="history-title">{t('review.history.title')}</h3>
        {loading && (
          <span class="muted small" aria-live="polite">
            {t('review.history.loading')}
          </span>
        )}
      </header>
      <div class="filters">
        <label class="field small">
          <span>{t('review.history.actor')}</span>
          <input
            data-testid="history-actor"
            name="actor"
            placeholder={t('review.history.actorPlaceholder')}
            value={actor}
            onInput={(e) => setActor((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field small">
          <span>{t('review.history.kind')}</span>
          <select
            data-testid="history-kind"
            name="kind"
            value={kind}
            onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('review.history.anyKind')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label class="field small">
          <span>{t('review.history.from')}</span>
          <input
            type="date"
            data-testid="history-from"
            name="from"
            value={from}
            onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
          />
          {from && <small class="muted">{formatDate(from)}</small>}
        </label>
        <label class="field small">
          <span>{t('review.history.to')}</span>
          <input
            type="date"
            data-testid="history-to"
            name="to"
            value={to}
            onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
          />
          {to && <small class="muted">{formatDate(to)}</small>}
        </label>
      </div>
      <ol class="timeline">
        {entries.map((e) => (
          <li
            key={`${e.strategyId}-${e.viewVersion}`}
            class="history-entry"
            data-testid="history-entry"
            data-view-version={e.viewVersion}
            data-stream-version={e.streamVersion}
            data-event={e.event}
          >
            <div class="history-summary" data-testid="history-summary">
              {e.summary}
            </div>
            <div class="muted small">
              <span data-testid="history-actor-name">{e.actor}</span>
              {e.role && ` (${humanize(e.role)})`} · <time dateTime={e.at}>{when(e.at)}</time> ·{' '}
              {t('review.versionShort', { version: e.streamVersion })}
              {e.reason && (
                <>
                  {' '}
                  · <q data-testid="history-reason">{e.reason}</q>
                </>
              )}
            </div>
          </li>
        ))}
        {entries.length === 0 && !loading && <li class="muted small">{t('review.history.nothing')}</li>}
      </ol>
      {next && (
        <button type="button" data-testid="history-more" disabled={loading} onClick={() => load(next)}>
          {t('review.history.more')}
        </button>
      )}
    </section>
  );
}

interface Milestone {
  version: number;
  at: string | null;
  name: string;
  by: string | null;
  reason: string | null;
}

/** The draft, then the lifecycle steps of the plan view's approval record (oldest first), for the slider. */
function milestonesOf(lifecycle: Lifecycle): Milestone[] {
  const words = (step: LifecycleStep['step']) => t(`review.asOf.milestones.${step}`);
  return [
    // A strategy's stream begins with its draft.
    { version: 1, at: null, name: t('review.asOf.drafted'), by: null, reason: null },
    ...(lifecycle.steps ?? []).map((s) => ({
      version: s.streamVersion,
      at: s.at,
      name: s.step === 'RevisionOpened' ? `${words(s.step)} ${s.revision}` : words(s.step),
      by: s.by,
      reason: s.reason,
    })),
  ];
}

/** What a lifecycle step was, in one or two words. */
const stepName = (milestone: Milestone): string => milestone.name;

function AsOf() {
  const workspace = useWorkspace();
  const { view } = workspace;
  const current = view.streamVersion;
  const [version, setVersion] = useState(current);
  const [at, setAt] = useState('');
  const [asked, setAsked] = useState<{ version: number } | { at: string }>({ version: current });
  const [asOf, setAsOf] = useState<PlanView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const following = useRef(true);
  const milestones = useMemo(() => milestonesOf(view.lifecycle), [view.lifecycle]);

  // Follows the current version until the user moves the slider or picks a moment.
  useEffect(() => {
    if (!following.current) return;
    setVersion(current);
    setAsked({ version: current });
  }, [current]);

  useEffect(() => {
    const controller = new AbortController();
    const query = 'version' in asked ? `version=${asked.version}` : `at=${encodeURIComponent(asked.at)}`;
    const timer = setTimeout(async () => {
      try {
        const plan = await get<PlanView>(`/api/strategies/${view.strategyId}/as-of?${query}`, controller.signal);
        setAsOf(plan);
        setFailed(null);
        if ('at' in asked) setVersion(plan.streamVersion);
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        setAsOf(null);
        const notYet = error instanceof ApiError && error.status === 404 && 'at' in asked;
        setFailed(
          notYet
            ? t('review.asOf.notYet')
            : error instanceof ApiError
              ? (error.problem.detail ?? error.problem.title ?? t('review.asOf.failed'))
              : String(error),
        );
      }
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [asked, view.strategyId]);

  const readOnly: Workspace | null = useMemo(
    () =>
      asOf && {
        ...workspace,
        view: { ...asOf, comments: [] },
        canEdit: false,
        readOnly: true,
        selection: null,
        select: () => undefined,
        openThreat: () => undefined,
        openActivity: () => undefined,
        openItem: () => undefined,
        openOverview: () => undefined,
        editingBy: new Map(),
      },
    [asOf, workspace],
  );

  const goTo = (next: number) => {
    following.current = next === current;
    setVersion(next);
    setAsked({ version: next });
  };
  const shownAt = asOf?.updatedAt ?? null;
  const step = milestones.filter((m) => m.version <= version).pop();

  return (
    <section class="panel" data-testid="as-of" aria-labelledby="as-of-title">
      <header class="panel-header">
        <h3 id="as-of-title">{t('review.asOf.title')}</h3>
        <span class="muted small">
          {t('review.asOf.version')} <strong data-testid="as-of-version">{version}</strong>{' '}
          {t('review.asOf.ofCurrent', { current })}
          {shownAt && (
            <>
              {' '}
              · <span data-testid="as-of-date">{formatDateTime(shownAt)}</span>
            </>
          )}
          {asOf?.updatedBy && ` ${t('review.asOf.by', { by: asOf.updatedBy })}`}
          {asOf && (
            <>
              {' '}
              · <span data-testid="as-of-stage">{humanize(asOf.stage)}</span>
            </>
          )}
        </span>
        {asOf && (
          <a class="small push-right" data-testid="as-of-print" href={href.print(view.strategyId, asOf.streamVersion)}>
            {t('review.asOf.asDocument')}
          </a>
        )}
        {asOf && (
          <DownloadPdf strategyId={view.strategyId} version={asOf.streamVersion} testId="as-of-pdf" small />
        )}
      </header>
      <label class="slider">
        <span class="visually-hidden">{t('review.asOf.streamVersion')}</span>
        <input
          type="range"
          data-testid="version-slider"
          min={1}
          max={current}
          step={1}
          value={version}
          list="milestone-versions"
          aria-valuetext={[
            t('review.asOf.sliderVersion', { version, current }),
            shownAt && formatDateTime(shownAt),
            step && t('review.asOf.after', { step: stepName(step) }),
          ].filter(Boolean).join(', ')}
          onInput={(e) => goTo(Number((e.currentTarget as HTMLInputElement).value))}
        />
        <datalist id="milestone-versions">
          {milestones.map((m) => (
            <option key={m.version} value={m.version} label={stepName(m)} />
          ))}
        </datalist>
      </label>
      {milestones.length > 0 && (
        <ol class="milestones" aria-label={t('review.asOf.steps')}>
          {milestones.map((m) => (
            <li key={m.version}>
              <button
                type="button"
                class={`tag${m.version === version ? ' current' : ''}`}
                data-testid="milestone"
                data-version={m.version}
                title={m.reason
                  ? t('review.asOf.quoted', { reason: m.reason })
                  : m.by ? t('review.asOf.stepBy', { step: m.name, by: m.by }) : m.name}
                onClick={() => goTo(m.version)}
              >
                {stepName(m)}
                {m.at && ` · ${formatDateTime(m.at)}`} · {t('review.versionShort', { version: m.version })}
              </button>
            </li>
          ))}
        </ol>
      )}
      <form
        class="filters"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const iso = localInputToIso(at);
          if (!iso) return;
          following.current = false;
          setAsked({ at: iso });
        }}
      >
        <label class="field small">
          <span>{t('review.asOf.at')}</span>
          <input
            type="datetime-local"
            name="at"
            data-testid="as-of-at"
            step={1}
            value={at}
            onInput={(e) => setAt((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" data-testid="as-of-at-show" disabled={!at}>
          {t('review.asOf.show')}
        </button>
        {at && <span class="muted small">{formatDateTime(localInputToIso(at))}</span>}
      </form>
      {failed && (
        <p class="warning small" data-testid="as-of-failed">
          {failed}
        </p>
      )}
      {readOnly && (
        <WorkspaceContext.Provider value={readOnly}>
          <div class="as-of-plan">
            <ThreatRegister
              testId="as-of-threat-register"
              readOnly
              heading={t('review.asOf.threatsAt', { version: asOf!.streamVersion })}
            />
            <div class="as-of-grid">
              <HeatMap testId="as-of-heatmap" />
              <CoherencePanel testId="as-of-coherence" />
            </div>
            <ActivityMatrix testId="as-of-matrix" />
            <WorkloadChart testId="as-of-workload" />
          </div>
        </WorkspaceContext.Provider>
      )}
    </section>
  );
}

interface Reason { actor: string; at: string; reason: string }

/**
 * The reasons given for the changes between two stream versions, by item (`kind:id`), from the history (newest first,
 * read until it passes `from`).
 */
async function reasonsBetween(strategyId: string, from: number, to: number): Promise<Map<string, Reason[]>> {
  const byItem = new Map<string, Reason[]>();
  let cursor: string | null = null;
  for (let page = 0; page < 10; page++) {
    const params = new URLSearchParams({ limit: '500' });
    if (cursor) params.set('cursor', cursor);
    const history: HistoryPage = await get<HistoryPage>(`/api/strategies/${strategyId}/history?${params}`);
    for (const entry of history.entries) {
      if (entry.streamVersion <= from || entry.streamVersion > to || !entry.reason) continue;
      for (const item of entry.items) {
        const key = `${item.kind}:${item.id ?? ''}`;
        const list = byItem.get(key) ?? [];
        const known = list.some((r) => r.reason === entry.reason && r.actor === entry.actor);
        if (!known) list.push({ actor: entry.actor, at: entry.at, reason: entry.reason });
        byItem.set(key, list);
      }
    }
    const oldest = history.entries[history.entries.length - 1];
    if (!history.next || !oldest || oldest.streamVersion <= from) break;
    cursor = history.next;
  }
  return byItem;
}

function Diff() {
  const { view } = useWorkspace();
  const [from, setFrom] = useState('1');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<PlanDiff | null>(null);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [reasons, setReasons] = useState<Map<string, Reason[]>>(new Map());
  const approved = view.lifecycle?.lastApprovedVersion ?? null;
  const names = { view };

  const load = async (path: string, what: string) => {
    setBusy(true);
    try {
      const found = await get<PlanDiff>(`/api/strategies/${view.strategyId}/diff?${path}`);
      setDiff(found);
      setLabel(what);
      setReasons(await reasonsBetween(view.strategyId, found.from, found.to).catch(() => new Map()));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const between = (event: Event) => {
    event.preventDefault();
    const params = new URLSearchParams({ from });
    if (to) params.set('to', to);
    void load(params.toString(), t('review.diff.between', { from, to: to || t('review.diff.now') }));
  };

  return (
    <section class="panel" data-testid="diff" aria-labelledby="diff-title">
      <header class="panel-header">
        <h3 id="diff-title">{t('review.diff.title')}</h3>
        {diff && (
          <span class="muted small" data-testid="diff-range">
            {t('review.diff.range', { label, from: diff.from, to: diff.to, count: diff.changes.length })}
          </span>
        )}
      </header>
      <form class="filters" onSubmit={between}>
        <label class="field small">
          <span>{t('review.diff.fromVersion')}</span>
          <input
            type="number"
            name="from"
            data-testid="diff-from"
            min={1}
            max={view.streamVersion}
            required
            value={from}
            onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field small">
          <span>{t('review.diff.toVersion')}</span>
          <input
            type="number"
            name="to"
            data-testid="diff-to"
            min={1}
            max={view.streamVersion}
            placeholder={t('review.diff.now')}
            value={to}
            onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" data-testid="diff-show" disabled={busy}>
          {t('review.diff.compare')}
        </button>
        <button
          type="button"
          data-testid="diff-since-approval"
          disabled={busy || approved === null}
          title={approved === null
            ? t('review.diff.neverApproved')
            : t('review.diff.sinceVersion', { version: approved })}
          onClick={() => load('since=approval', t('review.diff.sinceApproval'))}
        >
          {t('review.diff.sinceLastApproval')}
        </button>
      </form>
      {diff && (
        <ul class="diff-list">
          {diff.changes.map((entry, index) => (
            <li
              key={`${entry.kind}-${entry.id ?? ''}-${index}`}
              class={`diff-entry diff-${entry.op}`}
              data-testid="diff-entry"
              data-kind={entry.kind}
              data-op={entry.op}
              data-id={entry.id ?? ''}
            >
              <div>
                <span class="mark">{kindLabel(entry.kind, true)}</span>{' '}
                <strong>{opLabel(entry.op)}</strong> <span data-testid="diff-item">{itemName(entry)}</span>
                {entry.changedBy.length > 0 && (
                  <span class="muted small">
                    {' '}
                    · {t('review.diff.by')} <span data-testid="diff-by">{entry.changedBy.join(', ')}</span>
                  </span>
                )}
              </div>
              {(reasons.get(`${entry.kind}:${entry.id ?? ''}`) ?? []).map((r, i) => (
                <div key={i} class="small diff-reason" data-testid="diff-reason">
                  {t('review.diff.why')} <q>{r.reason}</q>{' '}
                  <span class="muted">({r.actor}, {formatDateTime(r.at)})</span>
                </div>
              ))}
              {entry.op === 'changed' && entry.fields.length > 0 && (
                <ul class="diff-fields">
                  {entry.fields
                    .filter((f) => !repeated(f.path))
                    .map((f) => (
                      <li key={f.path} data-testid="diff-field" data-path={f.path} class="small">
                        <span class="diff-label">{fieldLabel(f.path)}</span>:{' '}
                        <del>{valueWords(f.path, f.before, names)}</del>
                        {' → '}
                        <ins>{valueWords(f.path, f.after, names)}</ins>
                      </li>
                    ))}
                </ul>
              )}
            </li>
          ))}
          {diff.changes.length === 0 && <li class="muted small">{t('review.diff.noChange')}</li>}
        </ul>
      )}
    </section>
  );
}

function Integrity() {
  const [report, setReport] = useState<Verify | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    get<Verify>('/api/audit/verify').then(setReport, () => setFailed(true));
  }, []);
  const text = failed
    ? t('review.integrity.notChecked')
    : !report
      ? t('review.integrity.checking')
      : report.intact
        ? t('review.integrity.intact')
        : t('review.integrity.violations', { count: report.violations.length });
  return (
    <span
      class={`integrity ${report ? (report.intact ? 'intact' : 'broken') : ''}`}
      data-testid="integrity"
      aria-live="polite"
      title={
        report
          ? t('review.integrity.checked', {
            events: report.eventsChecked, streams: report.streamsChecked, at: when(report.checkedAt),
          })
          : undefined
      }
    >
      {text}
    </span>
  );
}

function StrategyComments() {
  const { view } = useWorkspace();
  const mayComment = useMayComment();
  const [onlyStrategy, setOnlyStrategy] = useState(false);
  return (
    <section class="panel" data-testid="review-comments" aria-labelledby="review-comments-title">
      <header class="panel-header">
        <h3 id="review-comments-title">{t('review.comments.title')}</h3>
        <label class="small">
          <input
            type="checkbox"
            checked={onlyStrategy}
            onChange={(e) => setOnlyStrategy((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('review.comments.strategyOnly')}
        </label>
      </header>
      <CommentList comments={commentsOf(view.comments, null, !onlyStrategy)} label={t('review.comments.title')} />
      {mayComment && <CommentForm itemKind={null} itemId={null} testId="strategy-comment-form" />}
    </section>
  );
}

export function ReviewPanel() {
  const { view, globalRoles } = useWorkspace();
  const hq = globalRoles.includes('HqReviewer') || globalRoles.includes('Administrator');
  return (
    <section class="review" data-testid="review" aria-label={t('review.title')}>
      <header class="panel-header">
        <h2>{t('review.title')}</h2>
        {hq && (
          <>
            {t('review.record')} <Integrity />
          </>
        )}
        <span class="push-right">
          <button
            type="button"
            class="small-button"
            data-testid="export-json"
            onClick={() =>
              download(`/api/strategies/${view.strategyId}/export`, `strategy-${view.strategyId}.jsonl`).catch(
                showError,
              )
            }
          >
            {t('review.exportJson')}
          </button>{' '}
          <button
            type="button"
            class="small-button"
            data-testid="export-csv"
            onClick={() =>
              download(
                `/api/strategies/${view.strategyId}/history.csv`,
                `strategy-${view.strategyId}-history.csv`,
              ).catch(showError)
            }
          >
            {t('review.exportCsv')}
          </button>{' '}
          <DownloadPdf strategyId={view.strategyId} version={null} testId="review-pdf" small />
        </span>
      </header>
      <div class="review-grid">
        <div>
          <AsOf />
          <Diff />
        </div>
        <div>
          <StrategyComments />
          <History />
        </div>
      </div>
    </section>
  );
}
