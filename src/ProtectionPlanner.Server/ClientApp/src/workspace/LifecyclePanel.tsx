// The lifecycle actions the user's role allows at the strategy's stage (If-Match: the strategy's stream version), each
// with the reason for it, which is required.
import { useState } from 'preact/hooks';
import { ApiError, command, withReason } from '../api';
import { clearError, showError, showProblems } from '../errors';
import type { Role, Stage } from '../types';
import { useWorkspace } from './context';
import { humanize } from './fields';

type Action = 'submit' | 'endorse' | 'approve' | 'hq-review' | 'return' | 'revisions';

const actions: { action: Action; label: string; roles: Role[]; stages: Stage[] }[] = [
  { action: 'submit', label: 'Submit for review', roles: ['Planner'], stages: ['Draft', 'ReturnedForRevision'] },
  { action: 'endorse', label: 'Endorse', roles: ['Reviewer'], stages: ['Submitted'] },
  { action: 'approve', label: 'Approve', roles: ['HeadOfMission'], stages: ['Endorsed'] },
  { action: 'hq-review', label: 'Record HQ review', roles: ['HqReviewer'], stages: ['Approved'] },
  { action: 'revisions', label: 'Open a new revision', roles: ['Planner'], stages: ['Approved', 'ReviewedAtHq'] },
];

/** Who may return the strategy depends on whose step it is. */
const returners: Record<string, Role> = { Submitted: 'Reviewer', Endorsed: 'HeadOfMission', Approved: 'HqReviewer', ReviewedAtHq: 'HqReviewer' };

export function allowedActions(stage: Stage, roles: Role[]): { action: Action; label: string }[] {
  const allowed: { action: Action; label: string }[] = actions.filter((a) => a.stages.includes(stage) && a.roles.some((r) => roles.includes(r)));
  const returner = returners[stage];
  if (returner && roles.includes(returner)) allowed.push({ action: 'return', label: 'Return for revision' });
  return allowed;
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
        ? 'Say why the strategy is returned: the comments are required.'
        : 'Give the reason for this step: it is recorded with the step, for the audit.' });
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
    <div class="lifecycle" aria-label="Lifecycle">
      <span class={`stage stage-${view.stage.toLowerCase()}`} data-testid="stage" data-stage={view.stage}>
        {humanize(view.stage)}
      </span>
      <span class="muted small">revision {view.revision}</span>
      {allowed.length > 0 && (
        <>
          <label class="visually-hidden" for="lifecycle-comments">Reason for the step (required)</label>
          <input id="lifecycle-comments" name="comments" class="comments" data-testid="lifecycle-reason" required
            placeholder="Reason or comments (required)" value={comments} aria-invalid={missing ? true : undefined}
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
          Returned by {lastReturn.by}: “{lastReturn.comments}”
        </span>
      )}
    </div>
  );
}
