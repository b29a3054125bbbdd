// Parts every form that changes the plan shares: the reason for the change, the note of a restored draft, and the
// question before unsaved changes are thrown away.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { formatDateTime } from './dates';

let nextReason = 1;

/** "Why?" for the audit: sent as `?reason=` and shown in the history and in the others' "changed by" note. */
export function ReasonField({
  value,
  onChange,
  disabled,
  required,
  error,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  required?: boolean;
  error?: string;
  label?: string;
}) {
  const [id] = useState(() => `reason-${nextReason++}`);
  return (
    <div class="field reason-field">
      <label for={id}>
        {label ?? t('workspace.formParts.reason')}
        {required ? (
          <span aria-hidden="true"> *</span>
        ) : (
          <span class="muted"> {t('workspace.formParts.recorded')}</span>
        )}
      </label>
      <input
        id={id}
        name="reason"
        data-testid="reason"
        maxLength={2000}
        value={value}
        disabled={disabled}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        placeholder={t('workspace.formParts.reasonExample')}
        onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)}
      />
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** Tells the user their unsaved work of an earlier visit is back, and lets them drop it. */
export function DraftNotice({ restoredAt, onDiscard }: { restoredAt: string | null; onDiscard: () => void }) {
  if (!restoredAt) return null;
  return (
    <p class="draft-notice small" role="status" data-testid="draft-restored">
      {t('workspace.formParts.restored', { when: formatDateTime(restoredAt) })}{' '}
      <button type="button" class="link-button" data-testid="discard-draft" onClick={onDiscard}>
        {t('workspace.formParts.discardThem')}
      </button>
    </p>
  );
}

/**
 * Closing a form: at once when nothing changed; otherwise the form asks whether to throw the changes away. Returns
 * the close handler and the question to render (null when not asking).
 */
export function useCloseGuard(dirty: boolean, discard: () => void, close: () => void) {
  const [asking, setAsking] = useState(false);
  const request = () => {
    if (!dirty) close();
    else setAsking(true);
  };
  const question = asking ? (
    <div
      class="discard-question"
      role="alertdialog"
      aria-label={t('workspace.formParts.unsavedChanges')}
      data-testid="unsaved-changes"
    >
      <span>{t('workspace.formParts.youHaveUnsaved')}</span>
      <button
        type="button"
        class="danger"
        data-testid="discard-changes"
        onClick={() => {
          setAsking(false);
          discard();
          close();
        }}
      >
        {t('workspace.formParts.discardThem')}
      </button>
      <button type="button" data-testid="keep-editing" autoFocus onClick={() => setAsking(false)}>
        {t('workspace.formParts.keepEditing')}
      </button>
    </div>
  ) : null;
  return { request, question };
}
