// The review screens of a strategy (docs/ui.md, Review): the history timeline, the plan as it stood at a version,
// the diff between two versions or since the last approval, the strategy's review comments, the record's integrity
// (HQ) and exports. Everything is read through the audit routes of docs/api.md.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, download, get } from '../api';
import { showError } from '../errors';
import type { PlanView } from '../types';
import { WorkspaceContext, useWorkspace, type Workspace } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { ThreatRegister } from '../workspace/ThreatRegister';
import { CommentForm, CommentList, commentsOf, useMayComment } from './Comments';

interface HistoryEntry {
  strategyId: string;
  viewVersion: number;
  streamVersion: number;
  at: string;
  actor: string;
  role: string | null;
  event: string;
  reason: string | null;
  summary: string;
  items: { kind: string; op: string; id: string | null }[];
}

interface HistoryPage { entries: HistoryEntry[]; next: string | null }

interface FieldChange { path: string; before: unknown; after: unknown }
interface DiffEntry { kind: string; op: string; id: string | null; before: unknown; after: unknown; fields: FieldChange[]; changedBy: string[] }
interface PlanDiff { strategyId: string; from: number; to: number; changes: DiffEntry[] }

interface Verify { intact: boolean; streamsChecked: number; eventsChecked: number; violations: { streamId: string; version: number; description: string }[]; checkedAt: string }

const kinds = ['threat', 'activity', 'objective', 'forum', 'earlyWarning', 'decision', 'handover', 'component', 'lifecycle', 'comment', 'overview', 'title'];

const when = (at: string) => new Date(at).toLocaleString();

/** The plan text of a before/after value, short. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** An item's name from its value in a diff: its code and title. */
function itemName(entry: DiffEntry): string {
  const item = (entry.after ?? entry.before ?? {}) as Record<string, unknown>;
  const details = (item.assessment ?? item.details ?? {}) as Record<string, unknown>;
  const title = details.title ?? item.title ?? item.name ?? item.text ?? item.message ?? item.stage;
  const code = item.code ? `${String(item.code)} ` : '';
  return `${code}${title !== undefined ? String(title) : (entry.id ?? humanize(entry.kind))}`;
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
        <h3 id="history-title">History</h3>
        {loading && <span class="muted small" aria-live="polite">loading…</span>}
      </header>
      <div class="filters">
        <label class="field small">
          <span>Actor</span>
          <input data-testid="history-actor" name="actor" placeholder="user name" value={actor} onInput={(e) => setActor((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label class="field small">
          <span>Kind</span>
          <select data-testid="history-kind" name="kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">any</option>
            {kinds.map((k) => <option key={k} value={k}>{humanize(k)}</option>)}
          </select>
        </label>
        <label class="field small">
          <span>From</span>
          <input type="date" data-testid="history-from" name="from" value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label class="field small">
          <span>To</span>
          <input type="date" data-testid="history-to" name="to" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </div>
      <ol class="timeline">
        {entries.map((e) => (
          <li key={`${e.strategyId}-${e.viewVersion}`} class="history-entry" data-testid="history-entry" data-view-version={e.viewVersion}
            data-stream-version={e.streamVersion} data-event={e.event}>
            <div class="history-summary" data-testid="history-summary">{e.summary}</div>
            <div class="muted small">
              <span data-testid="history-actor-name">{e.actor}</span>
              {e.role && ` (${humanize(e.role)})`} · <time dateTime={e.at}>{when(e.at)}</time> · v{e.streamVersion}
              {e.reason && <> · <q data-testid="history-reason">{e.reason}</q></>}
            </div>
          </li>
        ))}
        {entries.length === 0 && !loading && <li class="muted small">Nothing matches.</li>}
      </ol>
      {next && (
        <button type="button" data-testid="history-more" disabled={loading} onClick={() => load(next)}>
          Load more
        </button>
      )}
    </section>
  );
}

function AsOf() {
  const workspace = useWorkspace();
  const { view } = workspace;
  const current = view.streamVersion;
  const [version, setVersion] = useState(current);
  const [asOf, setAsOf] = useState<PlanView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const following = useRef(true);

  // Follows the current version until the user moves the slider.
  useEffect(() => {
    if (following.current) setVersion(current);
  }, [current]);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        setAsOf(await get<PlanView>(`/api/strategies/${view.strategyId}/as-of?version=${version}`, controller.signal));
        setFailed(null);
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        setFailed(error instanceof ApiError ? (error.problem.detail ?? error.problem.title ?? 'failed') : String(error));
      }
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [version, view.strategyId]);

  const readOnly: Workspace | null = useMemo(() => asOf && {
    ...workspace,
    view: { ...asOf, comments: [] },
    canEdit: false,
    selection: null,
    select: () => undefined,
    openThreat: () => undefined,
    openActivity: () => undefined,
    editingBy: new Map(),
  }, [asOf, workspace]);

  return (
    <section class="panel" data-testid="as-of" aria-labelledby="as-of-title">
      <header class="panel-header">
        <h3 id="as-of-title">The plan as it stood</h3>
        <span class="muted small">version <strong data-testid="as-of-version">{version}</strong> of {current}</span>
        {asOf?.updatedAt && <span class="muted small">({when(asOf.updatedAt)}{asOf.updatedBy ? `, ${asOf.updatedBy}` : ''}; {asOf.stage && humanize(asOf.stage)})</span>}
      </header>
      <label class="slider">
        <span class="visually-hidden">Stream version</span>
        <input type="range" data-testid="version-slider" min={1} max={current} step={1} value={version}
          aria-valuetext={`version ${version} of ${current}`}
          onInput={(e) => {
            const value = Number((e.currentTarget as HTMLInputElement).value);
            following.current = value === current;
            setVersion(value);
          }} />
      </label>
      {failed && <p class="warning small">{failed}</p>}
      {readOnly && (
        <WorkspaceContext.Provider value={readOnly}>
          <ThreatRegister testId="as-of-threat-register" readOnly heading={`Threat assessment at version ${asOf!.streamVersion}`} />
        </WorkspaceContext.Provider>
      )}
    </section>
  );
}

function Diff() {
  const { view } = useWorkspace();
  const [from, setFrom] = useState('1');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<PlanDiff | null>(null);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const approved = view.lifecycle?.lastApprovedVersion ?? null;

  const load = async (path: string, what: string) => {
    setBusy(true);
    try {
      setDiff(await get<PlanDiff>(`/api/strategies/${view.strategyId}/diff?${path}`));
      setLabel(what);
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
    void load(params.toString(), `from version ${from} to ${to || 'now'}`);
  };

  return (
    <section class="panel" data-testid="diff" aria-labelledby="diff-title">
      <header class="panel-header">
        <h3 id="diff-title">What changed</h3>
        {diff && <span class="muted small" data-testid="diff-range">{label} (versions {diff.from} to {diff.to}): {diff.changes.length} changes</span>}
      </header>
      <form class="filters" onSubmit={between}>
        <label class="field small">
          <span>From version</span>
          <input type="number" name="from" data-testid="diff-from" min={1} max={view.streamVersion} required value={from}
            onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label class="field small">
          <span>To version</span>
          <input type="number" name="to" data-testid="diff-to" min={1} max={view.streamVersion} placeholder="now" value={to}
            onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" data-testid="diff-show" disabled={busy}>Compare</button>
        <button type="button" data-testid="diff-since-approval" disabled={busy || approved === null}
          title={approved === null ? 'The strategy has never been approved' : `Since version ${approved}`}
          onClick={() => load('since=approval', 'since the last approval')}>
          Since last approval
        </button>
      </form>
      {diff && (
        <ul class="diff-list">
          {diff.changes.map((entry, index) => (
            <li key={`${entry.kind}-${entry.id ?? ''}-${index}`} class={`diff-entry diff-${entry.op}`} data-testid="diff-entry" data-kind={entry.kind} data-op={entry.op}
              data-id={entry.id ?? ''}>
              <div>
                <span class="mark">{humanize(entry.kind)}</span> <strong>{entry.op}</strong> <span data-testid="diff-item">{itemName(entry)}</span>
                {entry.changedBy.length > 0 && <span class="muted small"> · by <span data-testid="diff-by">{entry.changedBy.join(', ')}</span></span>}
              </div>
              {entry.op === 'changed' && entry.fields.length > 0 && (
                <ul class="diff-fields">
                  {entry.fields.map((f) => (
                    <li key={f.path} data-testid="diff-field" data-path={f.path} class="small">
                      <code>{f.path}</code>: <del>{show(f.before)}</del> → <ins>{show(f.after)}</ins>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
          {diff.changes.length === 0 && <li class="muted small">No change.</li>}
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
  const text = failed ? 'Not checked' : !report ? 'Checking…' : report.intact ? 'Intact' : `${report.violations.length} violation${report.violations.length === 1 ? '' : 's'}`;
  return (
    <span class={`integrity ${report ? (report.intact ? 'intact' : 'broken') : ''}`} data-testid="integrity" aria-live="polite"
      title={report ? `${report.eventsChecked} events in ${report.streamsChecked} streams checked ${when(report.checkedAt)}` : undefined}>
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
        <h3 id="review-comments-title">Review comments</h3>
        <label class="small">
          <input type="checkbox" checked={onlyStrategy} onChange={(e) => setOnlyStrategy((e.currentTarget as HTMLInputElement).checked)} /> on the strategy only
        </label>
      </header>
      <CommentList comments={commentsOf(view.comments, null, !onlyStrategy)} label="Review comments" />
      {mayComment && <CommentForm itemKind={null} itemId={null} testId="strategy-comment-form" />}
    </section>
  );
}

export function ReviewPanel() {
  const { view, globalRoles } = useWorkspace();
  const hq = globalRoles.includes('HqReviewer') || globalRoles.includes('Administrator');
  return (
    <section class="review" data-testid="review" aria-label="Review and history">
      <header class="panel-header">
        <h2>Review and history</h2>
        {hq && <>Record: <Integrity /></>}
        <span class="push-right">
          <button type="button" class="small-button" data-testid="export-json" onClick={() => download(`/api/strategies/${view.strategyId}/export`, `strategy-${view.strategyId}.jsonl`).catch(showError)}>
            Export record (JSON lines)
          </button>{' '}
          <button type="button" class="small-button" data-testid="export-csv" onClick={() => download(`/api/strategies/${view.strategyId}/history.csv`, `strategy-${view.strategyId}-history.csv`).catch(showError)}>
            History (CSV)
          </button>
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
