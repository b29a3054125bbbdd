// The marks on an item others are working on: who has it open (`editing-by`), who just changed it (`changed-by`).
import { t } from '../i18n';
import type { Highlight } from '../live/planSession';
import { store, useStore } from '../store';
import { useWorkspace } from './context';

/** The mark before the names of those editing: a sign, not a word. */
const pencil = '✎ ';

/** What a document or a past version has: nobody's live changes. */
const none = store<ReadonlyMap<string, Highlight>>(new Map());

/** The CSS classes of an item: selected, changed by someone else a moment ago. */
export function useItemClasses(id: string, base: string): string {
  const { session, selection, readOnly } = useWorkspace();
  const highlights = useStore(readOnly || !session ? none : session.highlights);
  const classes = [base];
  if (highlights.has(id)) classes.push('live-changed');
  if (selection?.id === id) classes.push('selected');
  return classes.join(' ');
}

export function LiveMarks({ id }: { id: string }) {
  const { session, editingBy, readOnly } = useWorkspace();
  const highlight = useStore(readOnly || !session ? none : session.highlights).get(id);
  const editors = editingBy.get(id);
  return (
    <>
      {editors && editors.length > 0 && (
        <span
          class="mark editing"
          data-testid="editing-by"
          title={t('workspace.liveMarks.beingEditedBy', { names: editors.join(', ') })}
        >
          <span aria-hidden="true">{pencil}</span>
          {editors.join(', ')}
        </span>
      )}
      {highlight && (
        <span class="mark changed" data-testid="changed-by" role="status">
          {t('workspace.liveMarks.changedBy', { by: highlight.by })}
          {highlight.reason && (
            <span data-testid="changed-reason">{t('workspace.liveMarks.reason', { reason: highlight.reason })}</span>
          )}
        </span>
      )}
    </>
  );
}
