// The lifecycle actions the user's role allows at the strategy's stage (If-Match: the strategy's stream version), each
// with the reason for it, which is required.
import { useState } from 'preact/hooks';
import { ApiError, command, withReason } from '../api';
import { clearError, showError, showProblems } from '../errors';
import { t } from '../i18n';
import type { Role, Stage } from '../types';
import { useWorkspace } from './context';
import { humanize } from './fields';

type Action = 'submit' | 'endorse' | 'approve' | 'hq-review' | 'return' | 'revisions';

const actions: { action: Action; roles: Role[]; stages: Stage[] }[] = [
  { action: 'submit', roles: ['Planner'], stages: ['Draft', 'ReturnedForRevision'] },
  { action: 'endorse', roles: ['Reviewer'], stages: ['Submitted'] },
  { action: 'approve', roles: ['HeadOfMission'], stages: ['Endorsed'] },
  { action: 'hq-review', roles: ['HqReviewer'], stages: ['Approved'] },
  { action: 'revisions', roles: ['Planner'], stages: ['Approved', 'ReviewedAtHq'] },
];

/** Each action's button, in the language on screen. */
const labelOf = (action: Action): string =>
  action === 'hq-review' ? t('workspace.lifecycle.hqReview') : t(`workspace.lifecycle.${action}`);

/** Who may return the strategy depends on whose step it is. */
const returners: Record<string, Role> = { Submitted: 'Reviewer', Endorsed: 'HeadOfMission', Approved: 'HqReviewer', ReviewedAtHq: 'HqReviewer' };

export function allowedActions(stage: Stage, roles: Role[]): { action: Action; label: string }[] {
  const allowed: Action[] = actions
    .filter((a) => a.stages.includes(stage) && a.roles.some((r) => roles.includes(r)))
    .map((a) => a.action);
  const returner = returners[stage];
  if (returner && roles.includes(returner)) allowed.push('return');
  return allowed.map((action) => ({ action, label: labelOf(action) }));
}

export function LifecyclePanel() {
  const { view, session, role, globalRoles } = useWorkspace();
  const [comments, setComments] = useState('');
  const [busy, setBusy] = useState<Action | null>(null);
  const [missing, setMissing] = useState(false);
  const roles = [...(role ? [role] : []), ...globalRoles];
  const allowed = allowedActions(view.stage, roles);
  const lastReturn = view.lifecycle?.returns?.[view.lifecycle.returns.length - 1];
  // HQ returning an approved strategy opens the next revision as a draft: show why.
  const returnedByHq = view.stage === 'Draft' && lastReturn != null && lastReturn.revision === view.revision - 1
    && (lastReturn.from === 'Approved' || lastReturn.from === 'ReviewedAtHq');

  const run = async (action: Action) => {
    clearError();
    // Every step is recorded with its reason (?reason=, which the server requires), and the step's comments (a
    // submission's too) are the same text.
    const text = comments.trim();
    if (text === '') {
      showProblems({ comments: action === 'return'
        ? t('workspace.lifecycle.returnNeedsComments')
        : t('workspace.lifecycle.stepNeedsReason') });
      setMissing(true);
      document.getElementById('lifecycle-comments')?.focus();
      return;
    }
    setMissing(false);
    setBusy(action);
    try {
      const body = action === 'revisions' ? { reason: text } : { comments: text };
      const path = withReason(`/api/strategies/${view.strategyId}/${action}`, text);
      const response = await command('POST', path, body, view.streamVersion);
      setComments('');
      await session.refresh(response.version);
    } catch (error) {
      showError(error);
      if (error instanceof ApiError && error.status === 412) await session.refresh(null).catch(() => undefined);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="lifecycle" aria-label={t('workspace.lifecycle.label')}>
      <span class={`stage stage-${view.stage.toLowerCase()}`} data-testid="stage" data-stage={view.stage}>
        {humanize(view.stage)}
      </span>
      <span class="muted small">{t('workspace.lifecycle.revision', { revision: view.revision })}</span>
      {allowed.length > 0 && (
        <>
          <label class="visually-hidden" for="lifecycle-comments">{t('workspace.lifecycle.reasonLabel')}</label>
          <input id="lifecycle-comments" name="comments" class="comments" data-testid="lifecycle-reason" required
            placeholder={t('workspace.lifecycle.reasonPlaceholder')} value={comments}
            aria-invalid={missing ? true : undefined}
            onInput={(e) => setComments((e.currentTarget as HTMLInputElement).value)} />
          {allowed.map(({ action, label }) => (
            <button key={action} type="button" class={action === 'return' ? 'danger' : 'primary'} data-testid={`lifecycle-${action}`}
              disabled={busy !== null} onClick={() => run(action)}>
              {busy === action ? '…' : label}
            </button>
          ))}
        </>
      )}
      {lastReturn && (view.stage === 'ReturnedForRevision' || returnedByHq) && (
        <span class="small returned" data-testid="returned" title={lastReturn.comments}>
          {t('workspace.lifecycle.returnedBy', { by: lastReturn.by, comments: lastReturn.comments })}
        </span>
      )}
    </div>
  );
}
