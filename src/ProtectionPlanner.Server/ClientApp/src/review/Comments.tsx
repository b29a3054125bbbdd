// Review comments (docs/api.md, Review): threads on the strategy or on an item, one level of replies, resolution.
// They come with the plan view (`comments`) and live through the hub (change kind `comment`).
import { useState } from 'preact/hooks';
import { command } from '../api';
import { clearError, showError } from '../errors';
import { t } from '../i18n';
import { stampAt, stampBy, type ReviewComment, type Role } from '../types';
import { formatDateTime } from '../ui/dates';
import { Dialog } from '../ui/Dialog';
import { useWorkspace } from '../workspace/context';

const commenters: Role[] = ['Planner', 'Reviewer', 'HeadOfMission', 'HqReviewer', 'Administrator'];

/** Planners, reviewers, the Head of Mission and HQ may comment, at any stage. */
export function useMayComment(): boolean {
  const { role, globalRoles } = useWorkspace();
  return [...(role ? [role] : []), ...globalRoles].some((r) => commenters.includes(r));
}

/** The threads on an item (itemId) or on the strategy itself (itemId null; all = every comment). */
export function commentsOf(
  comments: ReviewComment[] | undefined, itemId: string | null, all = false,
): ReviewComment[] {
  return (comments ?? []).filter((c) => all || (c.itemId ?? null) === itemId);
}

function when(at: string | undefined): string {
  return formatDateTime(at);
}

export function CommentList({ comments, label }: { comments: ReviewComment[]; label: string }) {
  const { view, session } = useWorkspace();
  const mayComment = useMayComment();
  const [busy, setBusy] = useState<string | null>(null);
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const name = (c: ReviewComment) => {
    if (!c.itemId) return null;
    const threat = view.threats.find((t) => t.id === c.itemId);
    if (threat) return `${threat.code} ${threat.assessment.title}`;
    const activity = view.activities.find((a) => a.id === c.itemId);
    return activity ? `${activity.code ?? ''} ${activity.details.title}` : c.itemKind;
  };
  const resolve = async (c: ReviewComment) => {
    clearError();
    setBusy(c.id);
    try {
      const response = await command('POST', `/api/strategies/${view.strategyId}/comments/${c.id}/resolve`);
      await session.refresh(response.version);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };
  if (comments.length === 0) return <p class="muted small">{t('review.comments.none')}</p>;
  return (
    <ul class="comments-list" aria-label={label}>
      {comments.map((c) => (
        <li key={c.id} class={c.resolved ? 'comment resolved' : 'comment'} data-testid="comment" data-id={c.id}
          data-item-id={c.itemId ?? ''} data-resolved={String(c.resolved)}>
          {c.parentId && <span class="muted small">{t('review.comments.reply')} </span>}
          {name(c) && <span class="small comment-item">{name(c)}: </span>}
          <span class="comment-text" data-testid="comment-text">{c.text}</span>
          <span class="muted small"> · {stampBy(c.stamp)} · {when(stampAt(c.stamp))}</span>
          {c.resolved ? (
            <span class="small muted">
              {' · '}
              {c.resolvedBy ? t('review.comments.resolvedBy', { by: c.resolvedBy }) : t('review.comments.resolved')}
            </span>
          ) : (
            mayComment && !c.parentId && (
              <>
                <button type="button" class="small-button" data-testid="comment-reply"
                  onClick={() => setReplyingTo(replyingTo === c.id ? null : c.id)}>
                  {t('review.comments.replyButton')}
                </button>
                <button type="button" class="small-button" data-testid="comment-resolve" disabled={busy !== null}
                  onClick={() => resolve(c)}>
                  {t('review.comments.resolve')}
                </button>
              </>
            )
          )}
          {replyingTo === c.id && (
            <CommentForm itemKind={null} itemId={null} parentId={c.id} testId="reply-form"
              onDone={() => setReplyingTo(null)} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** A new comment on an item (itemKind + itemId), on the strategy (both null), or a reply in a thread (parentId). */
export function CommentForm({ itemKind, itemId, parentId = null, onDone, testId = 'comment-form' }: {
  itemKind: string | null; itemId: string | null; parentId?: string | null; onDone?: () => void; testId?: string;
}) {
  const { view, session } = useWorkspace();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    if (text.trim() === '') return;
    clearError();
    setBusy(true);
    try {
      const body = parentId ? { text: text.trim(), parentId }
        : itemId ? { text: text.trim(), itemKind, itemId }
        : { text: text.trim() };
      const response = await command('POST', `/api/strategies/${view.strategyId}/comments`, body);
      setText('');
      await session.refresh(response.version);
      onDone?.();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="comment-form" data-testid={testId} onSubmit={save}>
      <label class="field">
        <span>{parentId ? t('review.comments.replyField') : t('review.comments.commentField')}</span>
        <textarea name="text" rows={3} maxLength={4000} required value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" data-testid="save" disabled={busy || text.trim() === ''}>
          {busy ? '…' : parentId ? t('review.comments.replyButton') : t('review.comments.add')}
        </button>
      </div>
    </form>
  );
}

/** The comments on one threat, and a form for a new one (opened by the register's comment button). */
export function ItemCommentsDialog({ itemKind, itemId, title, onClose }: {
  itemKind: string; itemId: string; title: string; onClose: () => void;
}) {
  const { view } = useWorkspace();
  const mayComment = useMayComment();
  return (
    <Dialog title={t('review.comments.on', { title })} onClose={onClose} testId="item-comments">
      <CommentList comments={commentsOf(view.comments, itemId)} label={t('review.comments.on', { title })} />
      {mayComment && <CommentForm itemKind={itemKind} itemId={itemId} />}
    </Dialog>
  );
}
