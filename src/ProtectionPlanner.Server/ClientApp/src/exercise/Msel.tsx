// The MSEL timeline of the control room: every inject by scenario time with its status, whom it targets and what it
// expects; controllers release, delay, skip, edit, add and remove injects, import a MSEL spreadsheet and export it.
import { useState } from 'preact/hooks';
import { ApiError, download, send } from '../api';
import { showError } from '../errors';
import { useStore } from '../store';
import { Dialog } from '../ui/Dialog';
import { byCode } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { targetText, useExercise } from './context';
import { parseScenarioInput, parseTimeSpan, scenarioLabel, scenarioNow, scenarioText, toTimeSpan, wallClock } from './time';
import { deliveryMethods, type Inject, type InjectDetails } from './types';

const byScenarioTime = (a: Inject, b: Inject) => parseTimeSpan(a.scenarioTime) - parseTimeSpan(b.scenarioTime) || byCode(a, b);

function StatusCell({ inject }: { inject: Inject }) {
  if (inject.status === 'Released' && inject.release) {
    return (
      <span class="status status-released" title={`Released at ${wallClock(inject.release.at)} by ${inject.release.by}`}>
        Released at {scenarioText(inject.release.scenarioTime)}
        <span class="muted small"> {inject.release.automatic ? 'by the clock' : `by ${inject.release.by}`}</span>
      </span>
    );
  }
  if (inject.status === 'Skipped') {
    return (
      <span class="status status-skipped">
        Skipped{inject.skipReason && <span class="muted small">: {inject.skipReason}</span>}
      </span>
    );
  }
  return <span class="status status-scheduled">Scheduled</span>;
}

/** Warns control before release that some of an inject's targets have no player to receive it. */
function UnreachedFlag({ inject }: { inject: Inject }) {
  const unreached = inject.unreachedTargets ?? [];
  if (unreached.length === 0) return null;
  const nobody = inject.targetComponentIds.length === 0 || unreached.length === new Set(inject.targetComponentIds).size;
  return (
    <div class="mark unreached" role="note" data-testid="unreached-flag" id={`unreached-${inject.id}`}>
      {inject.targetComponentIds.length === 0
        ? 'No player in this exercise: nobody will receive this inject.'
        : `No player for ${unreached.join(', ')}: `
          + `${nobody ? 'nobody will receive this inject' : 'they will not receive it'}.`}
    </div>
  );
}

function RowActions({ inject, onEdit }: { inject: Inject; onEdit: (inject: Inject) => void }) {
  const { board, send } = useExercise();
  const [acting, setActing] = useState<'delay' | 'skip' | null>(null);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const inPlay = board.clock.state === 'Running' || board.clock.state === 'Paused';
  const newTime = acting === 'delay' ? parseScenarioInput(value) : null;

  const run = async (path: string, body?: unknown) => {
    setBusy(true);
    try {
      await send('POST', `/injects/${inject.id}/${path}`, body);
      setActing(null);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const open = (what: 'delay' | 'skip') => {
    setActing(what);
    setValue(what === 'delay' ? scenarioText(inject.scenarioTime) : '');
  };

  if (acting === 'delay') {
    return (
      <form class="row-form" onSubmit={(e) => {
        e.preventDefault();
        if (newTime !== null) void run('delay', { scenarioTime: toTimeSpan(newTime) });
      }}>
        <label class="inline">
          New scenario time
          <input name="scenarioTime" data-testid="delay-time" value={value} placeholder="T+02:00" size={8} required autoFocus
            aria-invalid={value !== '' && newTime === null} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="small-button primary" data-testid="save-delay" disabled={busy || newTime === null}>Delay</button>
        <button type="button" class="small-button" onClick={() => setActing(null)}>Cancel</button>
      </form>
    );
  }
  if (acting === 'skip') {
    return (
      <form class="row-form" onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) void run('skip', { reason: value.trim() });
      }}>
        <label class="inline">
          Reason
          <input name="reason" data-testid="skip-reason" value={value} maxLength={2000} required autoFocus
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="small-button primary" data-testid="save-skip" disabled={busy || !value.trim()}>Skip</button>
        <button type="button" class="small-button" onClick={() => setActing(null)}>Cancel</button>
      </form>
    );
  }
  return (
    <div class="row-buttons">
      <button type="button" class="small-button primary" data-testid="release-inject" disabled={busy || !inPlay}
        title={inPlay ? undefined : 'Start the exercise clock first'} aria-label={`Release inject ${inject.code}`}
        aria-describedby={inject.unreachedTargets?.length ? `unreached-${inject.id}` : undefined}
        onClick={() => run('release')}>
        Release
      </button>
      <button type="button" class="small-button" data-testid="delay-inject" aria-label={`Delay inject ${inject.code}`} onClick={() => open('delay')}>Delay</button>
      <button type="button" class="small-button" data-testid="skip-inject" aria-label={`Skip inject ${inject.code}`} onClick={() => open('skip')}>Skip</button>
      <button type="button" class="small-button" data-testid="edit-inject" aria-label={`Edit inject ${inject.code}`} onClick={() => onEdit(inject)}>Edit</button>
    </div>
  );
}

export function MselTimeline() {
  const { board, controls, session } = useExercise();
  const [editing, setEditing] = useState<Inject | 'new' | null>(null);
  const arrivals = useStore(session.arrivals);
  const injects = [...board.injects].sort(byScenarioTime);
  const open = board.clock.state !== 'Ended';
  return (
    <section class="panel" data-testid="msel" aria-labelledby="msel-title">
      <header class="panel-header">
        <h2 id="msel-title">MSEL: master scenario events list</h2>
        <span class="muted small">
          {injects.filter((i) => i.status === 'Released').length} released, {injects.filter((i) => i.status === 'Scheduled').length} scheduled
          {injects.some((i) => i.status === 'Skipped') && `, ${injects.filter((i) => i.status === 'Skipped').length} skipped`}
        </span>
        <span class="push-right">
          <button type="button" class="small-button" data-testid="msel-export"
            onClick={() => download(`/api/exercises/${board.exerciseId}/msel.csv`, `msel-${board.name.replace(/[^\w-]+/g, '-')}.csv`).catch(showError)}>
            Export MSEL (CSV)
          </button>{' '}
          {controls && open && (
            <button type="button" class="primary" data-testid="add-inject" onClick={() => setEditing('new')}>Add inject</button>
          )}
        </span>
      </header>
      <div class="table-scroll">
        <table class="msel">
          <thead>
            <tr>
              <th scope="col">Inject</th>
              <th scope="col">Time</th>
              <th scope="col">Synopsis</th>
              <th scope="col">Target players</th>
              <th scope="col">Expected action</th>
              <th scope="col">Status</th>
              {controls && <th scope="col"><span class="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {injects.map((inject) => (
              <tr key={inject.id} data-testid="msel-row" data-id={inject.id} data-code={inject.code} data-status={inject.status}
                class={`msel-row status-${inject.status.toLowerCase()}${arrivals.has(inject.id) ? ' live-changed' : ''}`}>
                <td class="code">
                  {inject.code}
                  {inject.contingency && <span class="mark contingency" title="Contingency inject: released only by a controller">contingency</span>}
                </td>
                <td class="num">{scenarioText(inject.scenarioTime)}</td>
                <td>
                  <div>{inject.synopsis}</div>
                  <div class="muted small">{humanize(inject.delivery)}</div>
                </td>
                <td class="small">
                  {targetText(board, inject)}
                  {inject.status === 'Scheduled' && <UnreachedFlag inject={inject} />}
                </td>
                <td class="small">{inject.expectedAction}</td>
                <td class="small" data-testid="inject-status"><StatusCell inject={inject} /></td>
                {controls && (
                  <td class="row-actions">
                    {inject.status === 'Scheduled' && open && <RowActions inject={inject} onEdit={setEditing} />}
                  </td>
                )}
              </tr>
            ))}
            {injects.length === 0 && (
              <tr><td colSpan={controls ? 7 : 6} class="muted">No inject scripted yet: add one or import a MSEL spreadsheet.</td></tr>
            )}
          </tbody>
        </table>
      </div>
      {editing && <InjectForm inject={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </section>
  );
}

// ---- the inject form ----------------------------------------------------------------------------------------------

interface Draft {
  scenarioTime: string;
  synopsis: string;
  delivery: string;
  targetComponentIds: string[];
  expectedAction: string;
  objectiveId: string;
  threatId: string;
  contingency: boolean;
}

const draftOf = (inject: Inject | null, suggested: number): Draft => ({
  scenarioTime: scenarioLabel(inject ? parseTimeSpan(inject.scenarioTime) : suggested),
  synopsis: inject?.synopsis ?? '',
  delivery: inject?.delivery ?? 'Briefing',
  targetComponentIds: inject?.targetComponentIds ?? [],
  expectedAction: inject?.expectedAction ?? '',
  objectiveId: inject?.objectiveId ?? '',
  threatId: inject?.threatId ?? '',
  contingency: inject?.contingency ?? false,
});

function InjectForm({ inject, onClose }: { inject: Inject | null; onClose: () => void }) {
  const { board, send, session } = useExercise();
  const offset = useStore(session.serverOffsetMs);
  const [draft, setDraft] = useState<Draft>(() => draftOf(inject, Math.ceil(scenarioNow(board.clock, offset) / 60000) * 60000));
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState(false);
  const time = parseScenarioInput(draft.scenarioTime);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: 'scenarioTime' | 'synopsis' | 'expectedAction' | 'delivery' | 'objectiveId' | 'threatId') => ({
    name: key,
    id: `inject-${key}`,
    value: draft[key],
    onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value),
  });

  const save = async (event: Event) => {
    event.preventDefault();
    if (time === null) return;
    const details: InjectDetails = {
      scenarioTime: toTimeSpan(time),
      synopsis: draft.synopsis.trim(),
      delivery: draft.delivery as InjectDetails['delivery'],
      targetComponentIds: draft.targetComponentIds,
      expectedAction: draft.expectedAction.trim(),
      objectiveId: draft.objectiveId || null,
      threatId: draft.threatId || null,
      contingency: draft.contingency,
    };
    setBusy(true);
    try {
      if (inject) await send('PUT', `/injects/${inject.id}`, { details }, inject.version ?? null);
      else await send('POST', '/injects', { details });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
        showError(new ApiError(error.status, { ...error.problem, title: `${error.problem.title ?? 'Conflict'}: the inject changed meanwhile; close the form and open it again.` }));
      } else {
        showError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await send('DELETE', `/injects/${inject!.id}`);
      onClose();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={inject ? `Edit inject ${inject.code}` : 'Add an inject'} onClose={onClose} testId="inject-form" wide>
      <form onSubmit={save}>
        <div class="form-grid">
          <div class="field">
            <label for="inject-scenarioTime">Scenario time <span aria-hidden="true">*</span></label>
            <input {...text('scenarioTime')} required placeholder="T+01:30" aria-invalid={time === null} aria-describedby="inject-time-hint" />
            <small id="inject-time-hint" class={time === null ? 'field-error' : 'muted'}>Hours and minutes from the start, such as T+01:30.</small>
          </div>
          <div class="field">
            <label for="inject-delivery">Delivery method</label>
            <select {...text('delivery')} onChange={(e) => set('delivery', (e.currentTarget as HTMLSelectElement).value)}>
              {deliveryMethods.map((d) => <option key={d} value={d}>{humanize(d)}</option>)}
            </select>
          </div>
          <div class="field span-2">
            <label for="inject-synopsis">Synopsis <span aria-hidden="true">*</span></label>
            <textarea {...text('synopsis')} rows={3} required maxLength={4000} />
          </div>
          <fieldset class="field field-ids span-2">
            <legend>Target players (none ticked: all players)</legend>
            <div class="checklist">
              {board.plan.components.map((c) => (
                <label key={c.id} class="check">
                  <input type="checkbox" name="targetComponentIds" value={c.id} checked={draft.targetComponentIds.includes(c.id)}
                    onChange={(e) => set('targetComponentIds', (e.currentTarget as HTMLInputElement).checked
                      ? [...draft.targetComponentIds, c.id]
                      : draft.targetComponentIds.filter((id) => id !== c.id))} />
                  <span>{c.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div class="field span-2">
            <label for="inject-expectedAction">Expected action <span aria-hidden="true">*</span></label>
            <textarea {...text('expectedAction')} rows={2} required maxLength={4000} />
          </div>
          <div class="field">
            <label for="inject-objectiveId">Objective tested</label>
            <select {...text('objectiveId')} onChange={(e) => set('objectiveId', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">(none)</option>
              {[...board.plan.objectives].sort(byCode).map((o) => <option key={o.id} value={o.id}>{o.code} {o.details.title}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="inject-threatId">Linked threat</label>
            <select {...text('threatId')} onChange={(e) => set('threatId', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">(none)</option>
              {[...board.plan.threats].sort(byCode).map((t) => <option key={t.id} value={t.id}>{t.code} {t.assessment.title}</option>)}
            </select>
          </div>
          <label class="check span-2">
            <input type="checkbox" name="contingency" data-testid="contingency" checked={draft.contingency}
              onChange={(e) => set('contingency', (e.currentTarget as HTMLInputElement).checked)} />
            <span>Contingency inject: never released by the clock, only by a controller when play goes off script</span>
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="primary" data-testid="save" disabled={busy || time === null}>{inject ? 'Save' : 'Add inject'}</button>
          <button type="button" data-testid="cancel" onClick={onClose}>Cancel</button>
          {inject && !removing && (
            <button type="button" class="danger push-right" data-testid="remove-inject" disabled={busy} onClick={() => setRemoving(true)}>Remove inject</button>
          )}
          {inject && removing && (
            <span class="push-right">
              Remove {inject.code} from the MSEL?{' '}
              <button type="button" class="danger" data-testid="confirm-remove-inject" disabled={busy} onClick={remove}>Remove</button>
            </span>
          )}
        </div>
      </form>
    </Dialog>
  );
}

// ---- MSEL import --------------------------------------------------------------------------------------------------

export function MselImport() {
  const { board, session } = useExercise();
  const [csv, setCsv] = useState('');
  const [busy, setBusy] = useState(false);
  const [rowErrors, setRowErrors] = useState<[string, string[]][] | null>(null);
  const [imported, setImported] = useState<string | null>(null);

  const readFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > 2_000_000) {
      setRowErrors([['file', ['is larger than 2 MB.']]]);
      return;
    }
    setCsv(await file.text());
    setRowErrors(null);
    setImported(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setRowErrors(null);
    setImported(null);
    try {
      const before = board.injects.length;
      const response = await send('POST', `/api/exercises/${board.exerciseId}/msel`, { file: { content: csv, type: 'text/csv' } });
      await session.caughtUp(response.version);
      const added = (response.item as { imported?: number } | null)?.imported ?? (session.board.value?.injects.length ?? before) - before;
      setImported(`Imported ${added} inject${added === 1 ? '' : 's'}.`);
      setCsv('');
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.problem.errors) {
        setRowErrors(Object.entries(error.problem.errors).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })));
      } else {
        showError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" data-testid="msel-import" aria-labelledby="msel-import-title">
      <header class="panel-header">
        <h2 id="msel-import-title">Import a MSEL spreadsheet</h2>
        <span class="muted small">CSV; all rows or none</span>
      </header>
      <form onSubmit={submit}>
        <p class="muted small">
          Columns: Inject No., Scenario Time (T+01:30), Synopsis, Delivery Method, Target Players (component names or All),
          Expected Action, Objective Tested (O-01), Linked Threat (T-03), Contingency (Yes/No).
        </p>
        <div class="field">
          <label for="msel-file">File</label>
          <input id="msel-file" type="file" accept=".csv,text/csv" data-testid="msel-file" onChange={(e) => void readFile(e.currentTarget as HTMLInputElement)} />
        </div>
        <div class="field">
          <label for="msel-csv">or paste the CSV</label>
          <textarea id="msel-csv" name="csv" data-testid="msel-csv" rows={4} value={csv} spellcheck={false}
            onInput={(e) => setCsv((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
        <div class="form-actions">
          <button type="submit" class="primary" data-testid="import-msel" disabled={busy || csv.trim() === ''}>Import</button>
          {imported && <span class="muted small" role="status" data-testid="import-result">{imported}</span>}
        </div>
      </form>
      {rowErrors && (
        <div class="import-errors" role="alert" data-testid="import-errors">
          <strong>Nothing was imported; fix these rows and import again:</strong>
          <ul>
            {rowErrors.map(([row, messages]) => (
              <li key={row} data-testid="import-error" data-row={row}><strong>{row}</strong>: {messages.join(' ')}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
