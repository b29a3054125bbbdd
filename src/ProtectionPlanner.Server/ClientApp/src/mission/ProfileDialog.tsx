// A dialog that edits one part of a mission's profile (the mandate, a component, an area, a partner, a member): its
// fields checked before sending, a reason, the draft kept while typing, and the question before unsaved changes go.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { clearError, showError, showProblems } from '../errors';
import { t } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { draftKey, useDraft } from '../ui/drafts';
import { Field } from '../ui/Field';
import { DraftNotice, ReasonField, useCloseGuard } from '../ui/FormParts';
import { problemFields } from '../workspace/ItemEditor';
import { changed, problems, registerLabels, type FieldSpec, type Flat } from '../workspace/fields';

interface Props {
  title: string;
  /** `data-testid` of the form, and the draft's form name. */
  testId: string;
  missionId: string;
  itemId: string | null;
  fields: readonly FieldSpec[];
  start: Flat;
  /** The API's prefix of these fields in a validation problem (`mandate.`, `capacity.`). */
  problemPrefix: string;
  check?: (values: Flat) => Record<string, string>;
  layout?: (field: (name: string) => JSX.Element) => JSX.Element;
  saveLabel: string;
  save: (values: Flat, reason: string) => Promise<void>;
  onClose: () => void;
}

export function ProfileDialog(props: Props) {
  const { title, testId, missionId, itemId, fields, start, problemPrefix, save, onClose } = props;
  registerLabels(problemPrefix, fields);
  const draft = useDraft(draftKey(`mission-${missionId}`, testId, itemId), start, (a, b) => !changed(fields, a, b));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const guard = useCloseGuard(draft.dirty, () => draft.clear(), onClose);
  const values = draft.values;

  const submit = async (event: Event) => {
    event.preventDefault();
    clearError();
    const found = { ...problems(fields, values), ...(props.check?.(values) ?? {}) };
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showProblems(found);
      return;
    }
    setBusy(true);
    try {
      await save(values, reason);
      draft.clear(true);
      onClose();
    } catch (error) {
      setErrors(problemFields(error, problemPrefix));
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string) => {
    const spec = fields.find((f) => f.name === name)!;
    return (
      <Field
        key={name}
        spec={spec}
        value={values[name] ?? ''}
        disabled={busy}
        error={errors[name]}
        onChange={(value) => draft.set({ ...values, [name]: value })}
      />
    );
  };

  return (
    <Dialog title={title} onClose={guard.request}>
      <form class="item-form" data-testid={testId} onSubmit={submit} noValidate>
        <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => draft.clear()} />
        {props.layout ? props.layout(field) : <div class="form-stack">{fields.map((f) => field(f.name))}</div>}
        <ReasonField value={reason} onChange={setReason} disabled={busy} />
        {guard.question}
        <div class="actions">
          <button type="submit" class="primary" data-testid="save" disabled={busy}>
            {busy ? t('screens.profile.saving') : props.saveLabel}
          </button>
          <button type="button" data-testid="cancel" onClick={guard.request}>
            {t('screens.profile.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
