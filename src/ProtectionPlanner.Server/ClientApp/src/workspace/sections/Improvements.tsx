// Improvements adopted from exercises' after-action reports: what each is about, the exercise that found it, who owns
// it, by when, and where it stands. Planners move one on, drop it with a reason, or turn it into an activity.
import { useEffect, useState } from 'preact/hooks';
import { command, withReason } from '../../api';
import { clearError, showError } from '../../errors';
import { t } from '../../i18n';
import { href } from '../../route';
import { improvementStatuses, stampAt, stampBy, type Improvement, type ImprovementStatus } from '../../types';
import { formatDate, formatDateTime, today } from '../../ui/dates';
import { byCode, useWorkspace } from '../context';
import { humanize } from '../fields';
import { LiveMarks, useItemClasses } from '../LiveMarks';

/** Stored improvements adopted before they were tracked have no status: they are open. */
export const statusOf = (improvement: Improvement): ImprovementStatus => improvement.status ?? 'Open';

/** Past its due date on `day` (an API date) and neither done nor dropped, as coherence judges it. */
export function isOverdue(improvement: Improvement, day: string): boolean {
  const status = statusOf(improvement);
  return status !== 'Done' && status !== 'Dropped' && improvement.details.due < day;
}

function ImprovementRow({ improvement }: { improvement: Improvement }) {
  const { view, session, canEdit, readOnly, select, openImprovementActivity } = useWorkspace();
  const classes = useItemClasses(improvement.id, 'item-row');
  const status = statusOf(improvement);
  const [next, setNext] = useState<ImprovementStatus>(status);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // Choosing an activity to revise for it: the list of activities shows only then.
  const [choosing, setChoosing] = useState(false);
  const [revising, setRevising] = useState('');
  // The status moves under the form too (a live change, the activity it became): the choice follows it.
  useEffect(() => setNext(status), [status]);
  const { details } = improvement;
  const threat = view.threats.find((t) => t.id === details.threatId);
  const activity = view.activities.find((a) => a.id === improvement.activityId);
  // A printed or past plan is judged as of its last change, as its coherence is; the live workspace by today.
  const overdue = isOverdue(improvement, readOnly ? (view.updatedAt ?? '').slice(0, 10) : today());
  const closed = status === 'Done' || status === 'Dropped';
  const reasonId = `improvement-reason-${improvement.id}`;
  const reviseId = `improvement-revise-${improvement.id}`;

  const saveStatus = async (event: Event) => {
    event.preventDefault();
    clearError();
    if (next === 'Dropped' && !reason.trim()) {
      setError('Say why the improvement is dropped.');
      document.getElementById(reasonId)?.focus();
      return;
    }
    setError('');
    setBusy(true);
    try {
      const response = await command(
        'POST',
        withReason(`/api/strategies/${view.strategyId}/improvements/${improvement.id}/status`, reason),
        { status: next, reason: reason.trim() || null },
        improvement.stamp.version,
      );
      setReason('');
      await session.refresh(response.version).catch(showError);
    } catch (failure) {
      showError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      class={readOnly ? 'item-row' : classes}
      data-testid="improvement"
      data-id={improvement.id}
      data-status={status}
      data-overdue={overdue ? 'true' : 'false'}
      tabIndex={-1}
    >
      <div class="item-head">
        <h3 class="item-title" data-testid="improvement-description">
          {details.description}
        </h3>
        <span class="tag push-right" data-testid="improvement-status">
          {humanize(status)}
        </span>
        {overdue && (
          <span class="tag warning" data-testid="improvement-overdue">
            Overdue
          </span>
        )}
      </div>
      {!readOnly && <LiveMarks id={improvement.id} />}
      <div class="item-body small">
        <p>
          Found in exercise{' '}
          <a href={href.exerciseReport(details.exerciseId)} data-testid="improvement-exercise">
            {details.exerciseName}
          </a>
          . Owner: <strong data-testid="improvement-owner">{details.owner}</strong>; due{' '}
          <span data-testid="improvement-due">{formatDate(details.due)}</span>.
        </p>
        {(details.gap || threat) && (
          <p data-testid="improvement-concerns">
            {details.gap && <>Gap: {details.gap}</>}
            {details.gap && threat && '; '}
            {threat && (
              <>
                about threat{' '}
                <button type="button" class="link-button" onClick={() => select({ kind: 'threat', id: threat.id })}>
                  {threat.code} {threat.assessment.title}
                </button>
              </>
            )}
          </p>
        )}
        {status === 'Dropped' && improvement.reason && <p>Dropped: {improvement.reason}</p>}
        {status === 'Done' && improvement.reason && <p>Done: {improvement.reason}</p>}
        {activity && (
          <p data-testid="improvement-activity">
            Became activity{' '}
            <button type="button" class="link-button" onClick={() => select({ kind: 'activity', id: activity.id })}>
              {activity.code} {activity.details.title}
            </button>
          </p>
        )}
      </div>
      {canEdit && !readOnly && (
        <form class="improvement-actions" onSubmit={saveStatus} noValidate>
          <label>
            Status{' '}
            <select
              data-testid="improvement-next-status"
              value={next}
              disabled={busy}
              onChange={(e) => setNext((e.target as HTMLSelectElement).value as ImprovementStatus)}
            >
              {improvementStatuses.map((value) => (
                <option key={value} value={value}>
                  {humanize(value)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label for={reasonId}>{next === 'Dropped' ? 'Why (required)' : 'Why'}</label>{' '}
          <input
            id={reasonId}
            type="text"
            maxLength={2000}
            value={reason}
            disabled={busy}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${reasonId}-error` : undefined}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />{' '}
          <button type="submit" data-testid="improvement-save-status" disabled={busy || (next === status && !reason)}>
            Set status
          </button>{' '}
          {!activity && !closed && (
            <button
              type="button"
              class="primary"
              data-testid="improvement-to-activity"
              disabled={busy}
              onClick={() => openImprovementActivity?.(improvement)}
            >
              Turn into an activity
            </button>
          )}
          {!activity && !closed && view.activities.length > 0 && !choosing && (
            <button type="button" data-testid="improvement-revise-start" disabled={busy}
              onClick={() => setChoosing(true)}>
              {t('exerciseLoop.improvement.reviseStart')}
            </button>
          )}
          {!activity && !closed && view.activities.length > 0 && choosing && (
            // Or an activity the strategy already has, revised to carry it out.
            <span class="improvement-revise">
              <label for={reviseId}>{t('exerciseLoop.improvement.activityToRevise')}</label>{' '}
              <select id={reviseId} data-testid="improvement-revise-activity" value={revising} disabled={busy}
                onChange={(e) => setRevising((e.target as HTMLSelectElement).value)}>
                <option value="">{t('exerciseLoop.improvement.chooseActivity')}</option>
                {[...view.activities].sort(byCode).map((a) => (
                  <option key={a.id} value={a.id}>{a.code} {a.details.title}</option>
                ))}
              </select>{' '}
              <button type="button" data-testid="improvement-revise" disabled={busy || !revising}
                onClick={() => openImprovementActivity?.(improvement, view.activities.find((a) => a.id === revising))}>
                {t('exerciseLoop.improvement.revise')}
              </button>
            </span>
          )}
          {error && (
            <p class="field-error" id={`${reasonId}-error`} role="alert">
              {error}
            </p>
          )}
        </form>
      )}
      <div class="muted small item-stamp">
        {stampBy(improvement.stamp) && `Last changed by ${stampBy(improvement.stamp)}`}
        {stampAt(improvement.stamp) && `, ${formatDateTime(stampAt(improvement.stamp))}`}
      </div>
    </li>
  );
}

export function ImprovementsSection() {
  const { view, readOnly } = useWorkspace();
  const improvements = view.improvements ?? [];
  const titleId = `improvements-title${readOnly ? '-copy' : ''}`;
  return (
    <section
      class="panel item-section"
      id={readOnly ? undefined : 'section-improvements'}
      data-testid="improvements"
      aria-labelledby={titleId}
    >
      <header class="panel-header">
        <h2 id={titleId}>Improvements from exercises</h2>
        <span class="muted small">{improvements.length}</span>
      </header>
      <p class="muted small section-intro">
        Improvement actions adopted from the after-action reports of table-top exercises, until done or dropped.
      </p>
      <ul class="item-list">
        {improvements.map((improvement) => (
          <ImprovementRow key={improvement.id} improvement={improvement} />
        ))}
        {improvements.length === 0 && <li class="muted small">None adopted yet.</li>}
      </ul>
    </section>
  );
}
