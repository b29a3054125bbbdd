// Identify a threat or reassess one (If-Match: its version; a 409 opens the conflict dialog); close or reopen it.
// Input is checked before it is sent, in the user's words; an empty field stays empty (no placeholder text is stored).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, command, withReason } from '../api';
import { clearError, showError, showProblems } from '../errors';
import { formatDateTime } from '../ui/dates';
import { Dialog } from '../ui/Dialog';
import { draftKey, useDraft } from '../ui/drafts';
import { Field } from '../ui/Field';
import { DraftNotice, ReasonField, useCloseGuard } from '../ui/FormParts';
import {
  displacements,
  hostStateCapacities,
  hostStateWillingnesses,
  levels,
  stampAt,
  stampBy,
  threatCategories,
  trends,
  type Threat,
  type ThreatAssessment,
} from '../types';
import { sendResolving } from './Conflict';
import { riskLevel, useWorkspace } from './context';
import {
  changed,
  enumOptions,
  flatten,
  problemOf,
  problems,
  registerLabels,
  unflatten,
  type FieldSpec,
  type Flat,
} from './fields';
import { ThreatCoverage } from './ThreatCoverage';

const scale = (name: string, label: string): FieldSpec => ({
  name,
  label,
  kind: 'number',
  min: 1,
  max: 5,
  required: true,
  hint: '1 (lowest) to 5',
});

export const threatFields: readonly FieldSpec[] = [
  { name: 'title', label: 'Title', kind: 'text', required: true },
  { name: 'category', label: 'Category', kind: 'select', options: enumOptions(threatCategories) },
  { name: 'description', label: 'Description', kind: 'textarea' },
  scale('likelihood', 'Likelihood'),
  scale('impact', 'Impact'),
  { name: 'location', label: 'Location / hotspot', kind: 'text', hint: 'empty until known' },
  { name: 'timeWindow', label: 'Time window or trigger', kind: 'text' },
  {
    name: 'perpetrator.name',
    label: 'Perpetrator',
    kind: 'text',
    hint: 'who, if known; empty until assessed',
  },
  { name: 'perpetrator.intent', label: 'Perpetrator intent', kind: 'textarea' },
  { name: 'perpetrator.capability', label: 'Perpetrator capability', kind: 'textarea' },
  { name: 'civiliansAtRisk.group', label: 'Civilians at risk', kind: 'text', hint: 'empty until assessed' },
  { name: 'civiliansAtRisk.sexAndAge', label: 'Sex and age', kind: 'text' },
  { name: 'civiliansAtRisk.displacement', label: 'Displacement', kind: 'select', options: enumOptions(displacements) },
  { name: 'trend', label: 'Trend', kind: 'select', options: enumOptions(trends) },
  { name: 'priority', label: 'Priority', kind: 'select', options: enumOptions(levels) },
  {
    name: 'hostStateCapacity',
    label: 'Host-state capacity to protect',
    kind: 'select',
    options: enumOptions(hostStateCapacities),
  },
  {
    name: 'hostStateWillingness',
    label: 'Host-state will to protect',
    kind: 'select',
    options: enumOptions(hostStateWillingnesses),
  },
  { name: 'otherProtectionActors', label: 'Other protection actors (one a line)', kind: 'lines' },
  { name: 'reviewDate', label: 'Review date', kind: 'date' },
  { name: 'source', label: 'Source', kind: 'textarea' },
  { name: 'confidence', label: 'Confidence', kind: 'select', options: enumOptions(levels) },
];
registerLabels('assessment.', threatFields);

/**
 * A new threat: what a planner must judge (title, likelihood, impact) starts empty and must be filled; where, who and
 * whom start empty and may stay so until assessed (coherence then finds the threat incomplete); closed choices start at
 * a neutral value they can refine. No placeholder text is stored as data.
 */
export const newAssessment: ThreatAssessment = {
  title: '',
  description: null,
  category: 'Other',
  perpetrator: { name: null, intent: null, capability: null },
  civiliansAtRisk: { group: null, sexAndAge: null, displacement: 'Mixed' },
  location: null,
  areaId: null,
  timeWindow: null,
  likelihood: 0,
  impact: 0,
  trend: 'Stable',
  hostStateCapacity: 'Limited',
  hostStateWillingness: 'Ambivalent',
  otherProtectionActors: [],
  priority: 'Medium',
  reviewDate: null,
  source: null,
  confidence: 'Medium',
};

/** The form's values of an assessment; a new threat's likelihood and impact are empty, not 0. */
function valuesOf(assessment: ThreatAssessment): Flat {
  const values = flatten(threatFields, assessment);
  if (assessment.likelihood === 0) values.likelihood = '';
  if (assessment.impact === 0) values.impact = '';
  return values;
}

/** The assessment to send: the form over the one it started from, without the computed risk. */
export function assessmentOf(values: Flat, base: ThreatAssessment): ThreatAssessment {
  const { riskScore: _score, risk: _risk, ...rest } = unflatten(threatFields, values, base);
  return rest;
}

/** Field errors of a validation problem, by form field (`assessment.likelihood` → `likelihood`). */
export function fieldErrors(error: unknown, prefix: string): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  return Object.fromEntries(
    Object.entries(error.problem.errors).map(([path, messages]) => [
      path.replace(/^\$\.?/, '').replace(prefix, ''),
      messages.join(' '),
    ]),
  );
}

/** The risk of the likelihood and impact typed, or null while either is not a whole number from 1 to 5. */
function riskPreview(values: Flat): { score: number; level: string } | null {
  const [likelihood, impact] = [threatFields[3], threatFields[4]];
  if (problemOf(likelihood, values.likelihood) || problemOf(impact, values.impact)) return null;
  const l = Number(values.likelihood);
  const i = Number(values.impact);
  return { score: l * i, level: riskLevel(l, i) };
}

interface Props {
  threat: Threat | null;
  onClose: () => void;
}

export function ThreatForm({ threat, onClose }: Props) {
  const { session, view, canEdit, ask } = useWorkspace();
  const base = threat?.assessment ?? newAssessment;
  const start = valuesOf(base);
  const draft = useDraft(
    draftKey(view.strategyId, 'threat', threat?.id ?? null),
    start,
    (a, b) => !changed(threatFields, a, b),
  );
  const values = draft.values;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [closureReason, setClosureReason] = useState('');
  const guard = useCloseGuard(draft.dirty, () => draft.clear(), onClose);
  const path = `/api/strategies/${view.strategyId}/threats`;
  const live = threat ? view.threats.find((t) => t.id === threat.id) : undefined;
  const editable = canEdit && (!threat || threat.status === 'Open');
  const risk = riskPreview(values);

  useEffect(() => {
    if (threat) session.editing(threat.id);
    return () => session.editing(null);
  }, [threat?.id]);

  const run = async (action: () => Promise<number | null>) => {
    setBusy(true);
    clearError();
    setErrors({});
    try {
      const version = await action(); // null: the user kept the other person's version
      draft.clear(true);
      // Close once the view shows the write, so the user never sees it stale; the write stands if the read fails.
      await session.refresh(version).catch(showError);
      onClose();
    } catch (error) {
      setErrors(fieldErrors(error, 'assessment.'));
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const save = (event: Event) => {
    event.preventDefault();
    const found = problems(threatFields, values);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      showProblems(found);
      return;
    }
    void run(async () => {
      if (!threat)
        return (await command('POST', withReason(path, reason), { assessment: assessmentOf(values, base) })).version;
      const answer = await sendResolving(
        ask,
        (mine, ifMatch) =>
          command('PUT', withReason(`${path}/${threat.id}`, reason), { assessment: assessmentOf(mine, base) }, ifMatch),
        { values, version: threat.stamp.version },
        {
          itemLabel: `Threat ${threat.code}`,
          fields: threatFields,
          base: start,
          theirs: (current) => flatten(threatFields, (current as Threat).assessment),
        },
      );
      return answer?.version ?? null;
    });
  };

  const closeOrReopen = () => {
    if (closureReason.trim() === '') {
      const found = {
        reason: threat!.status === 'Open' ? 'Say why the threat is closed.' : 'Say why the threat is reopened.',
      };
      setErrors(found);
      showProblems(found);
      return;
    }
    void run(async () => {
      const action = threat!.status === 'Open' ? 'close' : 'reopen';
      const url = withReason(`${path}/${threat!.id}/${action}`, closureReason);
      return (
        await command('POST', url, { reason: closureReason.trim() }, live?.stamp.version ?? threat!.stamp.version)
      ).version;
    });
  };

  const field = (name: string) => {
    const spec = threatFields.find((f) => f.name === name)!;
    return (
      <Field
        key={name}
        spec={spec}
        value={values[name] ?? ''}
        onChange={(value) => draft.set({ ...values, [name]: value })}
        disabled={!editable || busy}
        error={errors[name]}
      />
    );
  };
  const title = threat ? `Threat ${threat.code}` : 'Identify a threat';
  const by = stampBy(live?.stamp ?? threat?.stamp);
  const at = stampAt(live?.stamp ?? threat?.stamp);

  return (
    <Dialog title={title} onClose={guard.request} wide>
      <form class="item-form" data-testid="threat-form" onSubmit={save} noValidate>
        {threat && (
          <p class="muted small">
            Version {live?.stamp.version ?? threat.stamp.version}, last changed by {by}
            {at && ` on ${formatDateTime(at)}`}.{threat.status === 'Closed' && ` Closed: ${threat.closureReason ?? ''}`}
            {live &&
              live.stamp.version !== threat.stamp.version &&
              ' It has changed since you opened it; saving will show both versions.'}
          </p>
        )}
        <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => draft.clear()} />
        <div class="form-grid">
          <div class="span-2">{field('title')}</div>
          {field('category')}
          {field('priority')}
          <div class="span-2">{field('description')}</div>
          {field('likelihood')}
          {field('impact')}
          <div class="span-2 risk-preview" data-testid="risk-preview" aria-live="polite">
            {risk ? (
              <>
                Risk:{' '}
                <span class={`risk risk-${risk.level.toLowerCase()}`}>
                  {risk.score} {risk.level}
                </span>
              </>
            ) : (
              <span class="muted">Risk: give likelihood and impact as whole numbers from 1 to 5.</span>
            )}
          </div>
          {field('location')}
          {field('timeWindow')}
          {field('perpetrator.name')}
          {field('civiliansAtRisk.group')}
          {field('perpetrator.intent')}
          {field('perpetrator.capability')}
          {field('civiliansAtRisk.sexAndAge')}
          {field('civiliansAtRisk.displacement')}
          {field('trend')}
          {field('hostStateCapacity')}
          {field('hostStateWillingness')}
          {field('confidence')}
          {field('otherProtectionActors')}
          {field('source')}
          {field('reviewDate')}
        </div>
        {threat && <ThreatCoverage threat={live ?? threat} />}
        {editable && <ReasonField value={reason} onChange={setReason} disabled={busy} />}
        {threat && canEdit && (
          <div class="close-threat">
            {closing ? (
              <>
                <label for="threat-reason">
                  {threat.status === 'Open' ? 'Why is it closed?' : 'Why is it reopened?'}
                </label>
                <input
                  id="threat-reason"
                  name="closureReason"
                  data-testid="closure-reason"
                  value={closureReason}
                  aria-invalid={errors.reason ? true : undefined}
                  onInput={(e) => setClosureReason((e.currentTarget as HTMLInputElement).value)}
                />
                <button
                  type="button"
                  disabled={busy}
                  data-testid={threat.status === 'Open' ? 'close-threat' : 'reopen-threat'}
                  onClick={closeOrReopen}
                >
                  {threat.status === 'Open' ? 'Close threat' : 'Reopen threat'}
                </button>
              </>
            ) : (
              <button type="button" class="link-button" onClick={() => setClosing(true)}>
                {threat.status === 'Open' ? 'Close this threat…' : 'Reopen this threat…'}
              </button>
            )}
          </div>
        )}
        {guard.question}
        <div class="actions">
          {editable && (
            <button type="submit" class="primary" data-testid="save" disabled={busy}>
              {busy ? 'Saving…' : threat ? 'Save reassessment' : 'Identify threat'}
            </button>
          )}
          <button type="button" data-testid="cancel" onClick={guard.request}>
            {editable ? 'Cancel' : 'Close'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
