// Identify a threat or reassess one (If-Match: its version; a 409 opens the conflict dialog); close or reopen it.
// Input is checked before it is sent, in the user's words; an empty field stays empty (no placeholder text is stored).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, command, withReason } from '../api';
import { clearError, showError, showProblems } from '../errors';
import { t } from '../i18n';
import type { en } from '../i18n/catalog/workspace';
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
import { versionLine } from './ItemEditor';
import { riskLevel, useWorkspace } from './context';
import {
  changed,
  enumOptions,
  flatten,
  humanize,
  problemOf,
  problems,
  registerLabels,
  unflatten,
  type Cell,
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
  hint: t('workspace.threatForm.scaleHint'),
});

/** The assessment's fields, in the language on screen. */
export function threatFields(): readonly FieldSpec[] {
  const label = (key: keyof typeof en.threatForm.fields) => t(`workspace.threatForm.fields.${key}`);
  return [
    { name: 'title', label: label('title'), kind: 'text', required: true },
    { name: 'category', label: label('category'), kind: 'select', options: enumOptions(threatCategories) },
    { name: 'description', label: label('description'), kind: 'textarea' },
    scale('likelihood', label('likelihood')),
    scale('impact', label('impact')),
    { name: 'location', label: label('location'), kind: 'text', hint: t('workspace.threatForm.emptyUntilKnown') },
    { name: 'timeWindow', label: label('timeWindow'), kind: 'text' },
    {
      name: 'perpetrator.name',
      label: label('perpetrator'),
      kind: 'text',
      hint: t('workspace.threatForm.perpetratorHint'),
    },
    { name: 'perpetrator.intent', label: label('intent'), kind: 'textarea' },
    { name: 'perpetrator.capability', label: label('capability'), kind: 'textarea' },
    {
      name: 'civiliansAtRisk.group',
      label: label('civiliansAtRisk'),
      kind: 'text',
      hint: t('workspace.threatForm.emptyUntilAssessed'),
    },
    { name: 'civiliansAtRisk.sexAndAge', label: label('sexAndAge'), kind: 'text' },
    {
      name: 'civiliansAtRisk.displacement',
      label: label('displacement'),
      kind: 'select',
      options: enumOptions(displacements),
    },
    { name: 'trend', label: label('trend'), kind: 'select', options: enumOptions(trends) },
    { name: 'priority', label: label('priority'), kind: 'select', options: enumOptions(levels) },
    {
      name: 'hostStateCapacity',
      label: label('hostStateCapacity'),
      kind: 'select',
      options: enumOptions(hostStateCapacities),
    },
    {
      name: 'hostStateWillingness',
      label: label('hostStateWillingness'),
      kind: 'select',
      options: enumOptions(hostStateWillingnesses),
    },
    { name: 'otherProtectionActors', label: label('otherProtectionActors'), kind: 'lines' },
    { name: 'reviewDate', label: label('reviewDate'), kind: 'date' },
    { name: 'source', label: label('source'), kind: 'textarea' },
    { name: 'confidence', label: label('confidence'), kind: 'select', options: enumOptions(levels) },
  ];
}
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
  const values = flatten(threatFields(), assessment);
  if (assessment.likelihood === 0) values.likelihood = '';
  if (assessment.impact === 0) values.impact = '';
  return values;
}

/** The assessment to send: the form over the one it started from, without the computed risk. */
export function assessmentOf(values: Flat, base: ThreatAssessment): ThreatAssessment {
  const { riskScore: _score, risk: _risk, ...rest } = unflatten(threatFields(), values, base);
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
function riskPreview(fields: readonly FieldSpec[], values: Flat): { score: number; level: string } | null {
  const [likelihood, impact] = [fields[3], fields[4]];
  if (problemOf(likelihood, values.likelihood) || problemOf(impact, values.impact)) return null;
  const l = Number(values.likelihood);
  const i = Number(values.impact);
  return { score: l * i, level: riskLevel(l, i) };
}

/** The fields above the risk preview (what makes the risk), and those below it. */
const aboveRisk: readonly Cell[] = [
  { name: 'title', wide: true },
  { name: 'category' },
  { name: 'priority' },
  { name: 'description', wide: true },
  { name: 'likelihood' },
  { name: 'impact' },
];
const belowRisk: readonly Cell[] = [
  'location',
  'timeWindow',
  'perpetrator.name',
  'civiliansAtRisk.group',
  'perpetrator.intent',
  'perpetrator.capability',
  'civiliansAtRisk.sexAndAge',
  'civiliansAtRisk.displacement',
  'trend',
  'hostStateCapacity',
  'hostStateWillingness',
  'confidence',
  'otherProtectionActors',
  'source',
  'reviewDate',
].map((name) => ({ name }));

interface Props {
  threat: Threat | null;
  onClose: () => void;
}

export function ThreatForm({ threat, onClose }: Props) {
  const { session, view, canEdit, ask } = useWorkspace();
  const base = threat?.assessment ?? newAssessment;
  const fields = threatFields();
  const start = valuesOf(base);
  const draft = useDraft(
    draftKey(view.strategyId, 'threat', threat?.id ?? null),
    start,
    (a, b) => !changed(fields, a, b),
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
  const risk = riskPreview(fields, values);

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
    const found = problems(fields, values);
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
          itemLabel: t('workspace.threatForm.title', { code: threat.code }),
          fields,
          base: start,
          theirs: (current) => flatten(fields, (current as Threat).assessment),
        },
      );
      return answer?.version ?? null;
    });
  };

  const closeOrReopen = () => {
    if (closureReason.trim() === '') {
      const found = {
        reason:
          threat!.status === 'Open' ? t('workspace.threatForm.sayWhyClosed') : t('workspace.threatForm.sayWhyReopened'),
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
    const spec = fields.find((f) => f.name === name)!;
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
  const cell = ({ name, wide }: Cell) =>
    wide ? (
      <div key={name} class="span-2">
        {field(name)}
      </div>
    ) : (
      field(name)
    );
  const title = threat
    ? t('workspace.threatForm.title', { code: threat.code })
    : t('workspace.threatForm.identifyTitle');
  const by = stampBy(live?.stamp ?? threat?.stamp);
  const at = stampAt(live?.stamp ?? threat?.stamp);

  return (
    <Dialog title={title} onClose={guard.request} wide>
      <form class="item-form" data-testid="threat-form" onSubmit={save} noValidate>
        {threat && (
          <p class="muted small">
            {versionLine(live?.stamp.version ?? threat.stamp.version, by, at)}
            {threat.status === 'Closed' &&
              ` ${t('workspace.threatForm.closedBecause', { reason: threat.closureReason ?? '' })}`}
            {live && live.stamp.version !== threat.stamp.version && ` ${t('workspace.common.changedSince')}`}
          </p>
        )}
        <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => draft.clear()} />
        <div class="form-grid">
          {aboveRisk.map(cell)}
          <div class="span-2 risk-preview" data-testid="risk-preview" aria-live="polite">
            {risk ? (
              <>
                {t('workspace.threatForm.risk')}{' '}
                <span class={`risk risk-${risk.level.toLowerCase()}`}>
                  {risk.score} {humanize(risk.level)}
                </span>
              </>
            ) : (
              <span class="muted">{t('workspace.threatForm.riskHint')}</span>
            )}
          </div>
          {belowRisk.map(cell)}
        </div>
        {threat && <ThreatCoverage threat={live ?? threat} />}
        {editable && <ReasonField value={reason} onChange={setReason} disabled={busy} />}
        {threat && canEdit && (
          <div class="close-threat">
            {closing ? (
              <>
                <label for="threat-reason">
                  {threat.status === 'Open'
                    ? t('workspace.threatForm.whyClosed')
                    : t('workspace.threatForm.whyReopened')}
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
                  {threat.status === 'Open'
                    ? t('workspace.threatForm.closeThreat')
                    : t('workspace.threatForm.reopenThreat')}
                </button>
              </>
            ) : (
              <button type="button" class="link-button" onClick={() => setClosing(true)}>
                {threat.status === 'Open' ? t('workspace.threatForm.closeThis') : t('workspace.threatForm.reopenThis')}
              </button>
            )}
          </div>
        )}
        {guard.question}
        <div class="actions">
          {editable && (
            <button type="submit" class="primary" data-testid="save" disabled={busy}>
              {busy
                ? t('workspace.common.saving')
                : threat
                  ? t('workspace.threatForm.saveReassessment')
                  : t('workspace.threatForm.identify')}
            </button>
          )}
          <button type="button" data-testid="cancel" onClick={guard.request}>
            {editable ? t('workspace.common.cancel') : t('workspace.common.close')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
