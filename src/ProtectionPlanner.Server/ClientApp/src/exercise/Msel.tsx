// The MSEL timeline of the control room: every inject by scenario time with its status, whom it targets and what it
// expects; controllers release, delay, skip, edit, add and remove injects, import a MSEL spreadsheet and export it.
import { useState } from 'preact/hooks';
import { ApiError, download, send } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
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
      <span class="status status-released"
        title={t('exercise.msel.releasedAtBy', { time: wallClock(inject.release.at), name: inject.release.by })}>
        {t('exercise.msel.releasedAt', { time: scenarioText(inject.release.scenarioTime) })}
        <span class="muted small">
          {' '}
          {inject.release.automatic ? t('exercise.msel.byClock') : t('exercise.msel.by', { name: inject.release.by })}
        </span>
      </span>
    );
  }
  if (inject.status === 'Skipped') {
    return (
      <span class="status status-skipped">
        {humanize(inject.status)}{inject.skipReason && <span class="muted small">: {inject.skipReason}</span>}
      </span>
    );
  }
  const scheduled: Inject['status'] = 'Scheduled';
  return <span class="status status-scheduled">{humanize(scheduled)}</span>;
}

/** Warns control before release that some of an inject's targets have no player to receive it. */
function UnreachedFlag({ inject }: { inject: Inject }) {
  const unreached = inject.unreachedTargets ?? [];
  if (unreached.length === 0) return null;
  const nobody = inject.targetComponentIds.length === 0 || unreached.length === new Set(inject.targetComponentIds).size;
  return (
    <div class="mark unreached" role="note" data-testid="unreached-flag" id={`unreached-${inject.id}`}>
      {inject.targetComponentIds.length === 0 ? t('exercise.msel.noPlayer')
        : nobody ? t('exercise.msel.noPlayerForAny', { components: unreached.join(', ') })
          : t('exercise.msel.noPlayerForSome', { components: unreached.join(', ') })}
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
          {t('exercise.msel.newTime')}
          <input name="scenarioTime" data-testid="delay-time" value={value} placeholder={scenarioLabel(2 * 3_600_000)}
            size={8} required autoFocus
            aria-invalid={value !== '' && newTime === null} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="small-button primary" data-testid="save-delay" disabled={busy || newTime === null}>
          {t('exercise.msel.delay')}
        </button>
        <button type="button" class="small-button" onClick={() => setActing(null)}>{t('exercise.msel.cancel')}</button>
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
          {t('exercise.msel.reason')}
          <input name="reason" data-testid="skip-reason" value={value} maxLength={2000} required autoFocus
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="small-button primary" data-testid="save-skip" disabled={busy || !value.trim()}>
          {t('exercise.msel.skip')}
        </button>
        <button type="button" class="small-button" onClick={() => setActing(null)}>{t('exercise.msel.cancel')}</button>
      </form>
    );
  }
  return (
    <div class="row-buttons">
      <button type="button" class="small-button primary" data-testid="release-inject" disabled={busy || !inPlay}
        title={inPlay ? undefined : t('exercise.msel.startFirst')}
        aria-label={t('exercise.msel.releaseInject', { code: inject.code })}
        aria-describedby={inject.unreachedTargets?.length ? `unreached-${inject.id}` : undefined}
        onClick={() => run('release')}>
        {t('exercise.msel.release')}
      </button>
      <button type="button" class="small-button" data-testid="delay-inject"
        aria-label={t('exercise.msel.delayInject', { code: inject.code })} onClick={() => open('delay')}>
        {t('exercise.msel.delay')}
      </button>
      <button type="button" class="small-button" data-testid="skip-inject"
        aria-label={t('exercise.msel.skipInject', { code: inject.code })} onClick={() => open('skip')}>
        {t('exercise.msel.skip')}
      </button>
      <button type="button" class="small-button" data-testid="edit-inject"
        aria-label={t('exercise.msel.editInject', { code: inject.code })} onClick={() => onEdit(inject)}>
        {t('exercise.msel.edit')}
      </button>
    </div>
  );
}

export function MselTimeline() {
  const { board, controls, session } = useExercise();
  const [editing, setEditing] = useState<Inject | 'new' | null>(null);
  const arrivals = useStore(session.arrivals);
  const injects = [...board.injects].sort(byScenarioTime);
  const open = board.clock.state !== 'Ended';
  const counted = (status: Inject['status']) => injects.filter((i) => i.status === status).length;
  const [released, scheduled, skipped] = [counted('Released'), counted('Scheduled'), counted('Skipped')];
  return (
    <section class="panel" data-testid="msel" aria-labelledby="msel-title">
      <header class="panel-header">
        <h2 id="msel-title">{t('exercise.msel.title')}</h2>
        <span class="muted small">
          {skipped > 0 ? t('exercise.msel.countsSkipped', { released, scheduled, skipped })
            : t('exercise.msel.counts', { released, scheduled })}
        </span>
        <span class="push-right">
          <button type="button" class="small-button" data-testid="msel-export"
            onClick={() => download(`/api/exercises/${board.exerciseId}/msel.csv`, `msel-${board.name.replace(/[^\w-]+/g, '-')}.csv`).catch(showError)}>
            {t('exercise.msel.export')}
          </button>{' '}
          {controls && open && (
            <button type="button" class="primary" data-testid="add-inject" onClick={() => setEditing('new')}>
              {t('exercise.msel.addInject')}
            </button>
          )}
        </span>
      </header>
      <div class="table-scroll">
        <table class="msel">
          <thead>
            <tr>
              <th scope="col">{t('exercise.msel.inject')}</th>
              <th scope="col">{t('exercise.msel.time')}</th>
              <th scope="col">{t('exercise.msel.synopsis')}</th>
              <th scope="col">{t('exercise.msel.targets')}</th>
              <th scope="col">{t('exercise.msel.expectedAction')}</th>
              <th scope="col">{t('exercise.msel.status')}</th>
              {controls && <th scope="col"><span class="visually-hidden">{t('exercise.msel.actions')}</span></th>}
            </tr>
          </thead>
          <tbody>
            {injects.map((inject) => (
              <tr key={inject.id} data-testid="msel-row" data-id={inject.id} data-code={inject.code} data-status={inject.status}
                class={`msel-row status-${inject.status.toLowerCase()}${arrivals.has(inject.id) ? ' live-changed' : ''}`}>
                <td class="code">
                  {inject.code}
                  {inject.contingency && (
                    <span class="mark contingency" title={t('exercise.msel.contingencyTitle')}>
                      {t('exercise.msel.contingency')}
                    </span>
                  )}
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
              <tr><td colSpan={controls ? 7 : 6} class="muted">{t('exercise.msel.empty')}</td></tr>
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
        const title = t('exercise.injectForm.conflict',
          { title: error.problem.title ?? t('exercise.injectForm.conflictTitle') });
        showError(new ApiError(error.status, { ...error.problem, title }));
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

  const field = {
    scenarioTime: text('scenarioTime'), synopsis: text('synopsis'), expectedAction: text('expectedAction'),
    delivery: text('delivery'), objectiveId: text('objectiveId'), threatId: text('threatId'),
  };

  return (
    <Dialog title={inject ? t('exercise.msel.editInject', { code: inject.code }) : t('exercise.injectForm.add')}
      onClose={onClose} testId="inject-form" wide>
      <form onSubmit={save}>
        <div class="form-grid">
          <div class="field">
            <label for="inject-scenarioTime">
              {t('exercise.injectForm.scenarioTime')} <span aria-hidden="true">*</span>
            </label>
            <input {...field.scenarioTime} required placeholder={scenarioLabel(90 * 60_000)}
              aria-invalid={time === null}
              aria-describedby="inject-time-hint" />
            <small id="inject-time-hint" class={time === null ? 'field-error' : 'muted'}>
              {t('exercise.injectForm.timeHint')}
            </small>
          </div>
          <div class="field">
            <label for="inject-delivery">{t('exercise.injectForm.delivery')}</label>
            <select {...field.delivery} onChange={(e) => set('delivery', (e.currentTarget as HTMLSelectElement).value)}>
              {deliveryMethods.map((d) => <option key={d} value={d}>{humanize(d)}</option>)}
            </select>
          </div>
          <div class="field span-2">
            <label for="inject-synopsis">{t('exercise.injectForm.synopsis')} <span aria-hidden="true">*</span></label>
            <textarea {...field.synopsis} rows={3} required maxLength={4000} />
          </div>
          <fieldset class="field field-ids span-2">
            <legend>{t('exercise.injectForm.targets')}</legend>
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
            <label for="inject-expectedAction">
              {t('exercise.injectForm.expectedAction')} <span aria-hidden="true">*</span>
            </label>
            <textarea {...field.expectedAction} rows={2} required maxLength={4000} />
          </div>
          <div class="field">
            <label for="inject-objectiveId">{t('exercise.injectForm.objective')}</label>
            <select {...field.objectiveId}
              onChange={(e) => set('objectiveId', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('exercise.injectForm.none')}</option>
              {[...board.plan.objectives].sort(byCode).map((o) => <option key={o.id} value={o.id}>{o.code} {o.details.title}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="inject-threatId">{t('exercise.injectForm.threat')}</label>
            <select {...field.threatId} onChange={(e) => set('threatId', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('exercise.injectForm.none')}</option>
              {[...board.plan.threats].sort(byCode).map((o) => (
                <option key={o.id} value={o.id}>{o.code} {o.assessment.title}</option>
              ))}
            </select>
          </div>
          <label class="check span-2">
            <input type="checkbox" name="contingency" data-testid="contingency" checked={draft.contingency}
              onChange={(e) => set('contingency', (e.currentTarget as HTMLInputElement).checked)} />
            <span>{t('exercise.injectForm.contingency')}</span>
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="primary" data-testid="save" disabled={busy || time === null}>
            {inject ? t('exercise.injectForm.save') : t('exercise.injectForm.addInject')}
          </button>
          <button type="button" data-testid="cancel" onClick={onClose}>{t('exercise.injectForm.cancel')}</button>
          {inject && !removing && (
            <button type="button" class="danger push-right" data-testid="remove-inject" disabled={busy}
              onClick={() => setRemoving(true)}>
              {t('exercise.injectForm.removeInject')}
            </button>
          )}
          {inject && removing && (
            <span class="push-right">
              {t('exercise.injectForm.confirmRemove', { code: inject.code })}{' '}
              <button type="button" class="danger" data-testid="confirm-remove-inject" disabled={busy} onClick={remove}>
                {t('exercise.injectForm.remove')}
              </button>
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
      setRowErrors([[t('exercise.mselImport.file'), [t('exercise.mselImport.tooLarge')]]]);
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
      setImported(t('exercise.mselImport.imported', { count: added }));
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
        <h2 id="msel-import-title">{t('exercise.mselImport.title')}</h2>
        <span class="muted small">{t('exercise.mselImport.allOrNone')}</span>
      </header>
      <form onSubmit={submit}>
        <p class="muted small">
          {t('exercise.mselImport.columns')}
        </p>
        <div class="field">
          <label for="msel-file">{t('exercise.mselImport.fileLabel')}</label>
          <input id="msel-file" type="file" accept=".csv,text/csv" data-testid="msel-file" onChange={(e) => void readFile(e.currentTarget as HTMLInputElement)} />
        </div>
        <div class="field">
          <label for="msel-csv">{t('exercise.mselImport.paste')}</label>
          <textarea id="msel-csv" name="csv" data-testid="msel-csv" rows={4} value={csv} spellcheck={false}
            onInput={(e) => setCsv((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
        <div class="form-actions">
          <button type="submit" class="primary" data-testid="import-msel" disabled={busy || csv.trim() === ''}>
            {t('exercise.mselImport.import')}
          </button>
          {imported && <span class="muted small" role="status" data-testid="import-result">{imported}</span>}
        </div>
      </form>
      {rowErrors && (
        <div class="import-errors" role="alert" data-testid="import-errors">
          <strong>{t('exercise.mselImport.nothingImported')}</strong>
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
