// The partners of the mission an activity counts on, and for what: counted on, never commanded, so they take no
// capacity and have no commitment. Part of the activity form; each entry is its own command against its version.
import { useState } from 'preact/hooks';
import { command } from '../api';
import { t } from '../i18n';
import { formatNumber } from '../ui/dates';
import type { Activity, CommandResponse, Partner, PartnerSupport } from '../types';
import type { AskConflict } from './Conflict';
import { sendResolving } from './Conflict';
import { humanize, problemOf, type FieldSpec, type Flat } from './fields';

export interface DraftPartner {
  partnerId: string;
  contribution: string;
}

export const draftPartners = (activity: Activity | null): DraftPartner[] =>
  (activity?.partners ?? []).map((p) => ({ partnerId: p.partnerId, contribution: p.contribution }));

const contributionSpec = (partner: string): FieldSpec => ({
  name: 'contribution',
  label: t('workspace.partners.contribution', { partner }),
  kind: 'textarea',
  required: true,
});

/** Each named partner's contribution is required and at most 4,000 characters, keyed `partner:{id}`. */
export function partnerProblems(partners: DraftPartner[], nameOf: (id: string) => string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of partners) {
    const spec = contributionSpec(nameOf(entry.partnerId));
    const problem =
      problemOf(spec, entry.contribution) ??
      (entry.contribution.trim().length > 4000
        ? t('workspace.problems.tooLong', { label: spec.label, max: formatNumber(4000) })
        : null);
    if (problem) found[`partner:${entry.partnerId}`] = problem;
  }
  return found;
}

/**
 * Sends what changed of the partners counted on: entries taken off (DELETE), added (PUT without If-Match), and
 * contributions changed (PUT with the entry's version); a conflict opens the dialog for that entry.
 */
export async function savePartners(
  at: string,
  before: PartnerSupport[],
  wanted: DraftPartner[],
  nameOf: (id: string) => string,
  ask: AskConflict,
  because: (url: string) => string,
  track: (response: CommandResponse | null) => void,
): Promise<void> {
  const wantedById = new Map(wanted.map((p) => [p.partnerId, p.contribution.trim()]));
  const theirs = (current: unknown) => ({ contribution: (current as PartnerSupport).contribution });
  for (const old of before.filter((p) => !wantedById.has(p.partnerId))) {
    const name = nameOf(old.partnerId);
    track(
      await sendResolving(
        ask,
        (_, ifMatch) => command('DELETE', because(`${at}/partners/${old.partnerId}`), undefined, ifMatch),
        { values: { contribution: old.contribution }, version: old.stamp.version },
        { itemLabel: t('workspace.partners.countedOn', { name }), fields: [contributionSpec(name)], theirs },
      ),
    );
  }
  for (const [partnerId, contribution] of wantedById) {
    const old = before.find((p) => p.partnerId === partnerId);
    if (old?.contribution === contribution) continue;
    const name = nameOf(partnerId);
    track(
      await sendResolving(
        ask,
        (mine: Flat, ifMatch) =>
          command('PUT', because(`${at}/partners/${partnerId}`), { contribution: mine.contribution }, ifMatch),
        { values: { contribution }, version: old?.stamp.version ?? null },
        {
          itemLabel: t('workspace.partners.countedOn', { name }),
          fields: [contributionSpec(name)],
          theirs,
          base: old ? { contribution: old.contribution } : undefined,
        },
      ),
    );
  }
}

interface Props {
  partners: Partner[];
  value: DraftPartner[];
  onChange: (next: DraftPartner[]) => void;
  nameOf: (id: string) => string;
  canEdit: boolean;
  disabled: boolean;
  errors: Record<string, string>;
}

/** The form's section: each partner counted on with its contribution, and a partner to add. */
export function PartnersCountedOnEditor({ partners, value, onChange, nameOf, canEdit, disabled, errors }: Props) {
  const [adding, setAdding] = useState('');
  const named = new Set(value.map((p) => p.partnerId));
  return (
    <section class="assignments" data-testid="partners-counted-on" aria-labelledby="partners-counted-on-title">
      <h3 id="partners-counted-on-title">{t('workspace.partners.title')}</h3>
      <p class="muted small">{t('workspace.partners.intro')}</p>
      <ul class="supporting">
        {value.length === 0 && <li class="muted">{t('workspace.common.none')}</li>}
        {value.map((entry, index) => {
          const id = `partner-contribution-${entry.partnerId}`;
          // The text area keeps to 4,000 characters, so the one error left is a blank, gone once written.
          const error = entry.contribution.trim() ? undefined : errors[`partner:${entry.partnerId}`];
          return (
            <li
              key={entry.partnerId}
              class="assignment"
              data-testid="partner-counted-on"
              data-partner-id={entry.partnerId}
            >
              <div class="assignment-head">
                <strong>{nameOf(entry.partnerId)}</strong>
                {canEdit && (
                  <button
                    type="button"
                    class="link-button"
                    disabled={disabled}
                    data-testid="remove-partner"
                    onClick={() => onChange(value.filter((_, i) => i !== index))}
                  >
                    {t('workspace.common.remove')}
                  </button>
                )}
              </div>
              <div class="field">
                <label for={id}>{t('workspace.partners.contribution', { partner: nameOf(entry.partnerId) })}</label>
                <textarea
                  id={id}
                  rows={2}
                  maxLength={4000}
                  value={entry.contribution}
                  disabled={disabled || !canEdit}
                  required
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  onInput={(e) => {
                    const contribution = (e.currentTarget as HTMLTextAreaElement).value;
                    onChange(value.map((p, i) => (i === index ? { ...p, contribution } : p)));
                  }}
                />
                {error && (
                  <small class="field-error" id={`${id}-error`}>
                    {error}
                  </small>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <div class="add-supporting">
          <label for="count-on-partner">{t('workspace.partners.countOn')}</label>
          <select
            id="count-on-partner"
            data-testid="count-on-partner"
            value={adding}
            disabled={disabled}
            onChange={(e) => setAdding((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('workspace.common.choose')}</option>
            {partners
              .filter((p) => !named.has(p.id))
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({humanize(p.kind)})
                </option>
              ))}
          </select>
          <button
            type="button"
            data-testid="count-on-partner-button"
            disabled={!adding || disabled}
            onClick={() => {
              onChange([...value, { partnerId: adding, contribution: '' }]);
              setAdding('');
            }}
          >
            {t('workspace.common.add')}
          </button>
        </div>
      )}
    </section>
  );
}
