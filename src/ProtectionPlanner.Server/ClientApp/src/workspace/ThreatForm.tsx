// Identify a threat or reassess one (If-Match: its version; a 409 opens the conflict dialog); close or reopen it.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, command } from '../api';
import { clearError, showError } from '../errors';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import {
  displacements, hostStateCapacities, hostStateWillingnesses, levels, stampAt, stampBy, threatCategories, trends,
  type Threat, type ThreatAssessment,
} from '../types';
import { sendResolving } from './Conflict';
import { riskLevel, useWorkspace } from './context';
import { enumOptions, flatten, unflatten, type FieldSpec, type Flat } from './fields';

const scale = (name: string, label: string): FieldSpec => ({ name, label, kind: 'number', min: 1, max: 5, required: true, hint: '1 (lowest) to 5' });

export const threatFields: readonly FieldSpec[] = [
  { name: 'title', label: 'Title', kind: 'text', required: true },
  { name: 'category', label: 'Category', kind: 'select', options: enumOptions(threatCategories) },
  { name: 'description', label: 'Description', kind: 'textarea' },
  scale('likelihood', 'Likelihood'),
  scale('impact', 'Impact'),
  { name: 'location', label: 'Location / hotspot', kind: 'text', required: true },
  { name: 'timeWindow', label: 'Time window or trigger', kind: 'text' },
  { name: 'perpetrator.name', label: 'Perpetrator', kind: 'text', required: true },
  { name: 'perpetrator.intent', label: 'Perpetrator intent', kind: 'textarea' },
  { name: 'perpetrator.capability', label: 'Perpetrator capability', kind: 'textarea' },
  { name: 'civiliansAtRisk.group', label: 'Civilians at risk', kind: 'text', required: true },
  { name: 'civiliansAtRisk.sexAndAge', label: 'Sex and age', kind: 'text' },
  { name: 'civiliansAtRisk.displacement', label: 'Displacement', kind: 'select', options: enumOptions(displacements) },
  { name: 'trend', label: 'Trend', kind: 'select', options: enumOptions(trends) },
  { name: 'priority', label: 'Priority', kind: 'select', options: enumOptions(levels) },
  { name: 'hostStateCapacity', label: 'Host-state capacity to protect', kind: 'select', options: enumOptions(hostStateCapacities) },
  { name: 'hostStateWillingness', label: 'Host-state will to protect', kind: 'select', options: enumOptions(hostStateWillingnesses) },
  { name: 'otherProtectionActors', label: 'Other protection actors (one a line)', kind: 'lines' },
  { name: 'reviewDate', label: 'Review date', kind: 'date' },
  { name: 'source', label: 'Source', kind: 'textarea' },
  { name: 'confidence', label: 'Confidence', kind: 'select', options: enumOptions(levels) },
];

/** A new threat: what a planner must decide is blank, the rest has a neutral default they can refine. */
export const newAssessment: ThreatAssessment = {
  title: '',
  description: null,
  category: 'Other',
  perpetrator: { name: 'Unknown', intent: null, capability: null },
  civiliansAtRisk: { group: 'Civilians in the area', sexAndAge: null, displacement: 'Mixed' },
  location: 'To be specified',
  areaId: null,
  timeWindow: null,
  likelihood: 3,
  impact: 3,
  trend: 'Stable',
  hostStateCapacity: 'Limited',
  hostStateWillingness: 'Ambivalent',
  otherProtectionActors: [],
  priority: 'Medium',
  reviewDate: null,
  source: null,
  confidence: 'Medium',
};

/** The assessment to send: the form over the one it started from, without the computed risk. */
export function assessmentOf(values: Flat, base: ThreatAssessment): ThreatAssessment {
  const { riskScore: _score, risk: _risk, ...rest } = unflatten(threatFields, values, base);
  return rest;
}

/** Field errors of a validation problem, by form field (`assessment.likelihood` → `likelihood`). */
export function fieldErrors(error: unknown, prefix: string): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  return Object.fromEntries(Object.entries(error.problem.errors).map(([path, messages]) => [path.replace(prefix, ''), messages.join(' ')]));
}

interface Props {
  threat: Threat | null;
  onClose: () => void;
}

export function ThreatForm({ threat, onClose }: Props) {
  const { session, view, canEdit, ask } = useWorkspace();
  const base = threat?.assessment ?? newAssessment;
  const [values, setValues] = useState<Flat>(() => flatten(threatFields, base));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const path = `/api/strategies/${view.strategyId}/threats`;
  const live = threat ? view.threats.find((t) => t.id === threat.id) : undefined;
  const editable = canEdit && (!threat || threat.status === 'Open');
  const likelihood = Number(values.likelihood) || 0;
  const impact = Number(values.impact) || 0;

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
    void run(async () => {
      if (!threat) return (await command('POST', path, { assessment: assessmentOf(values, base) })).version;
      const answer = await sendResolving(
        ask,
        (mine, ifMatch) => command('PUT', `${path}/${threat.id}`, { assessment: assessmentOf(mine, base) }, ifMatch),
        { values, version: threat.stamp.version },
        {
          itemLabel: `Threat ${threat.code}`, fields: threatFields, base: flatten(threatFields, threat.assessment),
          theirs: (current) => flatten(threatFields, (current as Threat).assessment),
        },
      );
      return answer?.version ?? null;
    });
  };

  const closeOrReopen = () =>
    run(async () => {
      const action = threat!.status === 'Open' ? 'close' : 'reopen';
      return (await command('POST', `${path}/${threat!.id}/${action}`, { reason }, live?.stamp.version ?? threat!.stamp.version)).version;
    });

  const set = (name: string) => (value: string) => setValues({ ...values, [name]: value });
  const field = (name: string) => {
    const spec = threatFields.find((f) => f.name === name)!;
    return <Field key={name} spec={spec} value={values[name] ?? ''} onChange={set(name)} disabled={!editable || busy} error={errors[name]} />;
  };
  const title = threat ? `Threat ${threat.code}` : 'Identify a threat';
  const by = stampBy(live?.stamp ?? threat?.stamp);

  return (
    <Dialog title={title} onClose={onClose} wide>
      <form class="item-form" data-testid="threat-form" onSubmit={save} noValidate>
        {threat && (
          <p class="muted small">
            Version {live?.stamp.version ?? threat.stamp.version}, last changed by {by}
            {stampAt(live?.stamp) && ` on ${new Date(stampAt(live?.stamp)!).toLocaleString()}`}.
            {threat.status === 'Closed' && ` Closed: ${threat.closureReason ?? ''}`}
            {live && live.stamp.version !== threat.stamp.version && ' It has changed since you opened it; saving will show both versions.'}
          </p>
        )}
        <div class="form-grid">
          <div class="span-2">{field('title')}</div>
          {field('category')}
          {field('priority')}
          <div class="span-2">{field('description')}</div>
          {field('likelihood')}
          {field('impact')}
          <div class="span-2 risk-preview">
            Risk: <span class={`risk risk-${riskLevel(likelihood, impact).toLowerCase()}`}>{likelihood * impact} {riskLevel(likelihood, impact)}</span>
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
        {threat && canEdit && (
          <div class="close-threat">
            {closing ? (
              <>
                <label for="threat-reason">{threat.status === 'Open' ? 'Why is it closed?' : 'Why is it reopened?'}</label>
                <input id="threat-reason" name="reason" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
                <button type="button" disabled={busy} data-testid={threat.status === 'Open' ? 'close-threat' : 'reopen-threat'} onClick={closeOrReopen}>
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
        <div class="actions">
          {editable && (
            <button type="submit" class="primary" data-testid="save" disabled={busy}>
              {busy ? 'Saving…' : threat ? 'Save reassessment' : 'Identify threat'}
            </button>
          )}
          <button type="button" data-testid="cancel" onClick={onClose}>
            {editable ? 'Cancel' : 'Close'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
