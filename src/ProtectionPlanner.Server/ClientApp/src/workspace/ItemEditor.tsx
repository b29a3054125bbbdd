// The editor of one item of the strategy that is edited as a whole (the overview, an objective, a forum, an
// early-warning arrangement, a decision on a tension, a hand-over): its fields, the reason for the change, the draft
// kept while typing, If-Match with the version as opened and the conflict dialog on a 409.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { clearError, showError, showProblems } from '../errors';
import { t } from '../i18n';
import { formatDateTime } from '../ui/dates';
import { Dialog } from '../ui/Dialog';
import { draftKey, useDraft } from '../ui/drafts';
import { Field } from '../ui/Field';
import { DraftNotice, ReasonField, useCloseGuard } from '../ui/FormParts';
import { stampAt, stampBy, type CommandResponse, type Stamp } from '../types';
import { sendResolving } from './Conflict';
import { useWorkspace } from './context';
import { changed, labelOf, problems, type FieldSpec, type Flat } from './fields';

export interface ItemEditorProps {
  /** The dialog's title: "Objective O-2", "Add a coordination forum". */
  title: string;
  /** What the item is called in the conflict dialog: "Forum 'Mission POC Working Group'". */
  itemLabel: string;
  /** `data-kind` of the form, and the draft's form name. */
  kind: string;
  /** The id others see as "being edited by" (null for a new item). */
  presenceId: string | null;
  fields: readonly FieldSpec[];
  /** The form's values as opened. */
  start: Flat;
  /** The item's stamp as opened (null for a new item; only a version for the overview not yet written). */
  stamp: Pick<Stamp, 'version'> | null;
  /** The item's stamp in the live view now (to say it changed meanwhile). */
  liveStamp?: Stamp | null;
  /** The API's prefix of the form's fields in a validation problem (`details.`). */
  problemPrefix: string;
  /** The fields laid out; by default in two columns, long texts and lists across. */
  layout?: (field: (name: string) => JSX.Element) => JSX.Element;
  /** Problems across fields (an end before its start). */
  check?: (values: Flat) => Record<string, string>;
  save: (values: Flat, ifMatch: number | null, reason: string) => Promise<CommandResponse>;
  /** The other person's version's values, from the 409's `current`. */
  theirs: (current: unknown) => Flat;
  /** The remove button's label ("Remove objective"), its question ("Really remove objective?") and the command. */
  remove?: { label: string; confirm: string; send: (ifMatch: number, reason: string) => Promise<CommandResponse> };
  saveLabel: string;
  /** Shown below the fields (what refers to this item). */
  children?: ComponentChildren;
  onClose: () => void;
}

/** Field errors of a refusal, by form field: `details.alertPath[2].responsible` → `alertPath`, labelled. */
export function problemFields(error: unknown, prefix: string): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const found: Record<string, string> = {};
  for (const [path, messages] of Object.entries(error.problem.errors)) {
    const name = path
      .replace(/^\$\.?/, '')
      .replace(prefix, '')
      .replace(/\[.*$/, '');
    found[name] = `${labelOf(path)}: ${messages.join(' ')}`;
  }
  return found;
}

/** "Version 3, last changed by planner1 on 7 Dec 2026, 14:05.", with what is known of who and when. */
export function versionLine(version: number, by: string | null | undefined, at: string | null | undefined): string {
  const when = at ? formatDateTime(at) : '';
  if (by)
    return when
      ? t('workspace.common.versionByOn', { version, by, when })
      : t('workspace.common.versionBy', { version, by });
  return when ? t('workspace.common.versionOn', { version, when }) : t('workspace.common.version', { version });
}

function defaultLayout(fields: readonly FieldSpec[]) {
  return (field: (name: string) => JSX.Element) => (
    <div class="form-grid">
      {fields.map((spec) => (
        <div key={spec.name} class={['textarea', 'lines', 'records', 'ids'].includes(spec.kind) ? 'span-2' : undefined}>
          {field(spec.name)}
        </div>
      ))}
    </div>
  );
}

export function ItemEditor(props: ItemEditorProps) {
  const { title, itemLabel, kind, presenceId, fields, start, stamp, liveStamp, problemPrefix, save, remove, onClose } =
    props;
  const { session, view, canEdit, ask } = useWorkspace();
  const same = (a: Flat, b: Flat) => !changed(fields, a, b);
  const draft = useDraft(draftKey(view.strategyId, kind, presenceId), start, same);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const guard = useCloseGuard(draft.dirty, () => draft.clear(), onClose);
  const editable = canEdit;
  const values = draft.values;

  useEffect(() => {
    if (presenceId) session.editing(presenceId);
    return () => session.editing(null);
  }, [presenceId]);

  const run = async (action: () => Promise<CommandResponse | null>) => {
    setBusy(true);
    clearError();
    setErrors({});
    try {
      const answer = await action(); // null: the user kept the other person's version
      draft.clear(true);
      // Close once the view shows the write, so the user never sees it stale; the write stands if the read fails.
      await session.refresh(answer?.version ?? null).catch(showError);
      onClose();
    } catch (error) {
      setErrors(problemFields(error, problemPrefix));
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const found = { ...problems(fields, values), ...(props.check?.(values) ?? {}) };
    if (Object.keys(found).length > 0) {
      setErrors(found);
      showProblems(found);
      return;
    }
    void run(() =>
      sendResolving(
        ask,
        (mine, ifMatch) => save(mine, ifMatch, reason),
        { values, version: stamp?.version ?? null },
        { itemLabel, fields, base: start, theirs: props.theirs },
      ),
    );
  };

  const removeItem = () => {
    if (!remove || !stamp) return;
    void run(() =>
      sendResolving(
        ask,
        (_, ifMatch) => remove.send(ifMatch ?? stamp.version, reason),
        { values: start, version: stamp.version },
        { itemLabel, fields, theirs: props.theirs },
      ),
    );
  };

  const field = (name: string) => {
    const spec = fields.find((f) => f.name === name)!;
    return (
      <Field
        key={name}
        spec={spec}
        value={values[name] ?? ''}
        disabled={!editable || busy}
        error={errors[name]}
        onChange={(value) => draft.set({ ...values, [name]: value })}
      />
    );
  };
  const by = stampBy(liveStamp ?? stamp);
  const at = stampAt(liveStamp ?? stamp);

  return (
    <Dialog title={title} onClose={guard.request} wide>
      <form class="item-form" data-testid="item-form" data-kind={kind} onSubmit={submit} noValidate>
        {stamp && stamp.version > 0 && (
          <p class="muted small">
            {versionLine(liveStamp?.version ?? stamp.version, by, at)}
            {liveStamp && liveStamp.version !== stamp.version && ` ${t('workspace.common.changedSince')}`}
          </p>
        )}
        <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => draft.clear()} />
        {(props.layout ?? defaultLayout(fields))(field)}
        {props.children}
        {editable && <ReasonField value={reason} onChange={setReason} disabled={busy} />}
        {guard.question}
        <div class="actions">
          {editable && (
            <button type="submit" class="primary" data-testid="save" disabled={busy}>
              {busy ? t('workspace.common.saving') : props.saveLabel}
            </button>
          )}
          <button type="button" data-testid="cancel" onClick={guard.request}>
            {editable ? t('workspace.common.cancel') : t('workspace.common.close')}
          </button>
          {editable &&
            remove &&
            stamp &&
            (confirmRemove ? (
              <button
                type="button"
                class="danger push-right"
                data-testid="confirm-remove-item"
                disabled={busy}
                onClick={removeItem}
              >
                {remove.confirm}
              </button>
            ) : (
              <button
                type="button"
                class="link-button push-right"
                data-testid="remove-item"
                onClick={() => setConfirmRemove(true)}
              >
                {remove.label}…
              </button>
            ))}
        </div>
      </form>
    </Dialog>
  );
}
