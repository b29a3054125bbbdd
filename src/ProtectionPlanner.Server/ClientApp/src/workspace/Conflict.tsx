// A 409 item conflict: the other person's version beside yours; keep yours (resent against their version), keep
// theirs (discard yours), or merge field by field.
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { t } from '../i18n';
import { formatDateTime } from '../ui/dates';
import { Dialog } from '../ui/Dialog';
import { phrase } from '../ui/phrase';
import type { CommandResponse } from '../types';
import { differing, displayValue, type FieldSpec, type Flat } from './fields';

export interface ConflictQuestion {
  itemLabel: string;
  fields: readonly FieldSpec[];
  mine: Flat;
  theirs: Flat;
  /** The version the edit started from: a field I left as it was defaults to theirs when merging. */
  base?: Flat;
  changedBy: string;
  changedAt: string | null;
  currentVersion: number;
}

/** What the user chose: their version as it is (nothing to send), or the values to send against their version. */
export type ConflictAnswer = { keep: 'theirs' } | { keep: 'values'; values: Flat };

export type AskConflict = (question: ConflictQuestion) => Promise<ConflictAnswer>;

interface Props {
  question: ConflictQuestion;
  onAnswer: (answer: ConflictAnswer) => void;
}

export function ConflictDialog({ question, onAnswer }: Props) {
  const { fields, mine, theirs } = question;
  const changed = differing(fields, mine, theirs);
  const untouched = (name: string) => question.base !== undefined && (question.base[name] ?? '').trim() === (mine[name] ?? '').trim();
  const [choice, setChoice] = useState<Record<string, 'mine' | 'theirs'>>(() =>
    Object.fromEntries(changed.map((f) => [f.name, untouched(f.name) ? 'theirs' : 'mine'])));
  const merged = (): Flat => {
    const values = { ...mine };
    for (const field of changed) if (choice[field.name] === 'theirs') values[field.name] = theirs[field.name] ?? '';
    return values;
  };
  const when = formatDateTime(question.changedAt);
  const column = (which: 'theirs' | 'mine', values: Flat) => (
    <section class={`conflict-column ${which}`} data-testid={`conflict-${which}`} aria-label={which === 'theirs'
        ? t('workspace.conflict.theirsVersion', { name: question.changedBy })
        : t('workspace.conflict.yourVersion')}>
      <h3>
        {which === 'theirs'
          ? t('workspace.conflict.theirsHeading', { name: question.changedBy, version: question.currentVersion })
          : t('workspace.conflict.mineHeading')}
      </h3>
      <dl>
        {fields.map((field) => {
          const differs = changed.includes(field);
          return (
            <div key={field.name} class={differs ? 'differs' : undefined}>
              <dt>{field.label}</dt>
              <dd>{displayValue(field, values[field.name] ?? '')}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
  const theirsColumn = column('theirs', theirs);
  const mineColumn = column('mine', mine);
  return (
    <Dialog title={t('workspace.conflict.title', { item: question.itemLabel })} testId="conflict" wide
      onClose={() => onAnswer({ keep: 'theirs' })}>
      <p>
        {phrase(
          (marks) => when
            ? t('workspace.conflict.savedNewerAt', { ...marks, when })
            : t('workspace.conflict.savedNewer', marks),
          { name: <strong>{question.changedBy}</strong> },
        )}{' '}
        {changed.length === 0
          ? t('workspace.conflict.sameValues')
          : t('workspace.conflict.differ', { count: changed.length })}
      </p>
      <div class="conflict-columns">
        {theirsColumn}
        {mineColumn}
      </div>
      {changed.length > 0 && (
        <fieldset class="merge">
          <legend>{t('workspace.conflict.merge')}</legend>
          {changed.map((field) => (
            <div class="merge-row" key={field.name}>
              <label for={`merge-${field.name}`}>
                {field.label}
                {untouched(field.name) && <span class="muted small"> {t('workspace.conflict.untouched')}</span>}
              </label>
              <select id={`merge-${field.name}`} data-testid={`merge-field-${field.name}`} value={choice[field.name]}
                onChange={(event) => setChoice({ ...choice, [field.name]: (event.currentTarget as HTMLSelectElement).value as 'mine' | 'theirs' })}>
                <option value="mine">
                  {t('workspace.conflict.mineOption', { value: displayValue(field, mine[field.name] ?? '') })}
                </option>
                <option value="theirs">
                  {t('workspace.conflict.theirsOption', { value: displayValue(field, theirs[field.name] ?? '') })}
                </option>
              </select>
            </div>
          ))}
        </fieldset>
      )}
      <div class="actions">
        <button type="button" class="primary" data-testid="keep-mine" onClick={() => onAnswer({ keep: 'values', values: { ...mine } })}>
          {t('workspace.conflict.keepMine')}
        </button>
        <button type="button" data-testid="keep-theirs" onClick={() => onAnswer({ keep: 'theirs' })}>
          {t('workspace.conflict.keepTheirs')}
        </button>
        <button type="button" data-testid="merge" onClick={() => onAnswer({ keep: 'values', values: merged() })}>
          {t('workspace.conflict.mergeAsChosen')}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * Sends an edit against `version`; on a 409 item conflict asks the user and sends again against the version that
 * won. Answers the command's response, or null when the user kept theirs.
 */
export async function sendResolving(
  ask: AskConflict,
  send: (values: Flat, ifMatch: number | null) => Promise<CommandResponse>,
  start: { values: Flat; version: number | null },
  conflict: { itemLabel: string; fields: readonly FieldSpec[]; theirs: (current: unknown) => Flat; base?: Flat },
): Promise<CommandResponse | null> {
  let { values, version } = start;
  for (;;) {
    try {
      return await send(values, version);
    } catch (error) {
      if (!(error instanceof ApiError) || !error.isItemConflict) throw error;
      const p = error.problem;
      const answer = await ask({
        itemLabel: conflict.itemLabel,
        fields: conflict.fields,
        mine: values,
        theirs: conflict.theirs(p.current),
        base: conflict.base,
        changedBy: p.changedBy ?? t('workspace.conflict.someone'),
        changedAt: p.changedAt ?? null,
        currentVersion: p.currentVersion ?? 0,
      });
      if (answer.keep === 'theirs') return null;
      values = answer.values;
      version = p.currentVersion ?? null;
    }
  }
}
