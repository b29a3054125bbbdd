// Plan or revise an activity (one tier, one phase) and its component assignments: one lead, supporting components,
// and what each commits, with what is still free of each component. Each change is its own command against the
// version the form was opened on (all with the one reason given); a 409 opens the conflict dialog for that item.
// Committing beyond a component's capacity is allowed, but only after the form has said so.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { command, withReason } from '../api';
import { clearError, showError, showProblems } from '../errors';
import { t } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { draftKey, useDraft } from '../ui/drafts';
import { Field } from '../ui/Field';
import { DraftNotice, ReasonField, useCloseGuard } from '../ui/FormParts';
import { today } from '../ui/dates';
import {
  activityStatuses,
  levels,
  phases,
  stampBy,
  tiers,
  type Activity,
  type ActivityDetails,
  type Assignment,
  type Commitment,
  type CommandResponse,
  type Component,
  type Improvement,
  type Phase,
  type PlanView,
  type Tier,
} from '../types';
import { availability, beyond, describeAvailability, isActive, type Period } from './capacity';
import { sendResolving } from './Conflict';
import { byCode, tierLabel, useWorkspace } from './context';
import {
  changed,
  enumOptions,
  flatten,
  periodProblem,
  problemOf,
  problems,
  registerLabels,
  unflatten,
  type FieldSpec,
  type Flat,
} from './fields';
import { fieldErrors } from './ThreatForm';
import {
  draftPartners,
  partnerProblems,
  PartnersCountedOnEditor,
  savePartners,
  type DraftPartner,
} from './PartnersCountedOn';

export function activityFields(view: Pick<PlanView, 'threats' | 'objectives'>, keep: string[]): FieldSpec[] {
  const threats = [...view.threats].sort(byCode).filter((t) => t.status === 'Open' || keep.includes(t.id));
  const threatName = new Map(view.threats.map((t) => [t.id, `${t.code} ${t.assessment.title}`]));
  return [
    { name: 'title', label: 'Title', kind: 'text', required: true },
    { name: 'description', label: 'Description', kind: 'textarea' },
    { name: 'tier', label: 'Tier', kind: 'select', options: tiers.map((t) => ({ value: t, label: tierLabel(t) })) },
    { name: 'phase', label: 'Phase', kind: 'select', options: enumOptions(phases) },
    { name: 'status', label: 'Status', kind: 'select', options: enumOptions(activityStatuses) },
    {
      name: 'objectiveId',
      label: 'Objective',
      kind: 'select',
      options: [
        { value: '', label: '(none)' },
        ...view.objectives.map((o) => ({ value: o.id, label: `${o.code ?? ''} ${o.details.title}` })),
      ],
    },
    {
      name: 'threatIds',
      label: 'Threats it answers',
      kind: 'ids',
      options: threats.map((t) => ({ value: t.id, label: `${t.code} ${t.assessment.title}` })),
      display: (value) =>
        value
          .split('\n')
          .filter(Boolean)
          .map((id) => threatName.get(id)?.split(' ')[0] ?? id)
          .join(', '),
    },
    { name: 'location', label: 'Location', kind: 'text' },
    { name: 'start', label: 'Start', kind: 'date' },
    { name: 'end', label: 'End', kind: 'date' },
    { name: 'indicator', label: 'Indicator', kind: 'textarea' },
    { name: 'supportedSecurityForce', label: 'Supported non-UN security force (needs HRDDP assessment)', kind: 'text' },
  ];
}
registerLabels('details.', activityFields({ threats: [], objectives: [] }, []));

export const newDetails = (tier: Tier = 'Dialogue', phase: Phase = 'Prevention'): ActivityDetails => ({
  title: '',
  description: null,
  objectiveId: null,
  threatIds: [],
  tier,
  phase,
  location: null,
  areaId: null,
  start: null,
  end: null,
  indicator: null,
  status: 'Planned',
  supportedSecurityForce: null,
});

export const dueDiligenceConclusions = ['SupportMayProceed', 'ProceedWithMitigation', 'SupportWithheld'] as const;

/** A Human Rights Due Diligence Policy assessment of support to a non-UN security force. */
export const dueDiligenceFields: readonly FieldSpec[] = [
  { name: 'supportedForce', label: 'Supported force', kind: 'text', required: true },
  { name: 'risk', label: 'Risk of grave violations', kind: 'select', options: enumOptions(levels) },
  { name: 'risksIdentified', label: 'Risks identified', kind: 'textarea', required: true },
  { name: 'mitigations', label: 'Mitigating measures', kind: 'textarea' },
  { name: 'conclusion', label: 'Conclusion', kind: 'select', options: enumOptions(dueDiligenceConclusions) },
  { name: 'assessedOn', label: 'Assessed on', kind: 'date', required: true },
];
registerLabels('assessment.', dueDiligenceFields);

function detailsOf(fields: FieldSpec[], values: Flat, base: ActivityDetails): ActivityDetails {
  const { isActive: _active, ...details } = unflatten(fields, values, base);
  return details;
}

const n = (value: number) => value.toLocaleString('en-GB');

// ---- assignments ------------------------------------------------------------------------------------------------

interface DraftAssignment {
  componentId: string;
  personnel: string;
  assets: Record<string, string>;
}

const draftOf = (assignment: Assignment): DraftAssignment => ({
  componentId: assignment.componentId,
  personnel: String(assignment.commitment.personnel),
  assets: Object.fromEntries(assignment.commitment.assets.map((a) => [a.name, String(a.quantity)])),
});

/** A commitment of checked figures (see `commitmentProblems`); empty figures are none. */
const commitmentOf = (draft: DraftAssignment): Commitment => ({
  personnel: Number(draft.personnel.trim() || '0'),
  assets: Object.entries(draft.assets)
    .map(([name, quantity]) => ({ name, quantity: Number(quantity.trim() || '0') }))
    .filter((asset) => asset.quantity > 0),
});

const countSpec = (label: string): FieldSpec => ({ name: 'count', label, kind: 'number', min: 0, max: 1_000_000 });

const sameCommitment = (a: Commitment, b: Commitment) => {
  const sorted = (c: Commitment) => JSON.stringify([...c.assets].sort((x, y) => x.name.localeCompare(y.name)));
  return a.personnel === b.personnel && sorted(a) === sorted(b);
};

function commitmentFields(components: Component[], withComponent: boolean): FieldSpec[] {
  const name = new Map(components.map((c) => [c.id, c.name]));
  const fields: FieldSpec[] = [
    { name: 'personnel', label: 'Personnel', kind: 'number' },
    { name: 'assets', label: 'Assets', kind: 'lines' },
  ];
  if (!withComponent) return fields;
  return [
    {
      name: 'componentId',
      label: 'Lead component',
      kind: 'select',
      display: (id) => name.get(id) ?? id,
      options: components.map((c) => ({ value: c.id, label: c.name })),
    },
    ...fields,
  ];
}

const flatCommitment = (componentId: string, commitment: Commitment): Flat => ({
  componentId,
  personnel: String(commitment.personnel),
  assets: commitment.assets.map((a) => `${a.name}: ${a.quantity}`).join('\n'),
});

const commitmentFromFlat = (flat: Flat): Commitment => ({
  personnel: Number(flat.personnel) || 0,
  assets: (flat.assets ?? '')
    .split('\n')
    .map((line) => /^(.*):\s*(\d+)\s*$/.exec(line.trim()))
    .filter((m) => m !== null)
    .map((m) => ({ name: m![1].trim(), quantity: Number(m![2]) })),
});

/** The form's values: the details' fields, the lead, the supporting components and the partners counted on (as
 * JSON), kept as one draft. */
const leadKey = '@lead';
const supportingKey = '@supporting';
const partnersKey = '@partners';

function formValues(fields: FieldSpec[], details: ActivityDetails, activity: Activity | null): Flat {
  const lead = activity?.assignments.find((a) => a.role === 'Lead');
  return {
    ...flatten(fields, details),
    [leadKey]: JSON.stringify(lead ? draftOf(lead) : { componentId: '', personnel: '0', assets: {} }),
    [supportingKey]: JSON.stringify((activity?.assignments ?? []).filter((a) => a.role === 'Supporting').map(draftOf)),
    [partnersKey]: JSON.stringify(draftPartners(activity)),
  };
}

// ---- the form ---------------------------------------------------------------------------------------------------

interface Props {
  activity: Activity | null;
  preset?: { tier: Tier; phase: Phase };
  /** An activity that carries out this adopted improvement, planned (prefilled from it) or revised (`activity`) in
   * one command that also links the improvement to it. */
  improvement?: Improvement;
  onClose: () => void;
}

/** The longest reason the API takes (`?reason=`). */
const reasonLength = 2000;

/** The reason a new activity from an improvement gives: the improvement, named. */
export function improvementReason(improvement: Improvement): string {
  const text = `Improvement from exercise '${improvement.details.exerciseName}': ${improvement.details.description}`;
  return text.length > reasonLength ? `${text.slice(0, reasonLength - 1)}…` : text;
}

/** An activity prefilled from an improvement: its words, the threat its gap is about (if still open), its due date. */
export function detailsFromImprovement(improvement: Improvement, view: Pick<PlanView, 'threats'>): ActivityDetails {
  const { description, gap, threatId, due, exerciseName } = improvement.details;
  const title = description.length > 200 ? `${description.slice(0, 199)}…` : description;
  const open = view.threats.some((t) => t.id === threatId && t.status === 'Open');
  return {
    ...newDetails(),
    title,
    description: `From exercise '${exerciseName}'${gap ? `, on the gap: ${gap}` : ''}`.slice(0, 4000),
    threatIds: open && threatId ? [threatId] : [],
    end: due,
  };
}

interface OverCommitment {
  componentId: string;
  text: string;
}

export function ActivityForm({ activity: opened, preset, improvement, onClose }: Props) {
  const { session, view, canEdit, ask } = useWorkspace();
  // What the form edits against: the activity as opened (or as saved by this form after a partial save).
  const [base, setBase] = useState<Activity | null>(opened);
  const baseDetails =
    base?.details ??
    (improvement ? detailsFromImprovement(improvement, view) : newDetails(preset?.tier, preset?.phase));
  const fields = useMemo(() => activityFields(view, baseDetails.threatIds), [view.threats, view.objectives]);
  const start = formValues(fields, baseDetails, base);
  const same = (a: Flat, b: Flat) =>
    !changed(fields, a, b) &&
    a[leadKey] === b[leadKey] &&
    a[supportingKey] === b[supportingKey] &&
    (a[partnersKey] ?? '[]') === (b[partnersKey] ?? '[]');
  const draftId = opened?.id ?? (improvement ? `improvement-${improvement.id}` : null);
  const draft = useDraft(draftKey(view.strategyId, 'activity', draftId), start, same);
  const values = draft.values;
  const lead = JSON.parse(values[leadKey]) as DraftAssignment;
  const supporting = JSON.parse(values[supportingKey]) as DraftAssignment[];
  const setLead = (next: DraftAssignment) => draft.set({ ...values, [leadKey]: JSON.stringify(next) });
  const setSupporting = (next: DraftAssignment[]) => draft.set({ ...values, [supportingKey]: JSON.stringify(next) });
  // A draft kept before partners could be counted on has none.
  const partners = JSON.parse(values[partnersKey] ?? '[]') as DraftPartner[];
  const setPartners = (next: DraftPartner[]) => draft.set({ ...values, [partnersKey]: JSON.stringify(next) });
  const partnerName = (id: string) =>
    view.partners.find((p) => p.id === id)?.name ??
    base?.partners?.find((p) => p.partnerId === id)?.partnerName ??
    'A partner no longer in the mission';
  const [adding, setAdding] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [reason, setReason] = useState(improvement ? improvementReason(improvement) : '');
  const [over, setOver] = useState<OverCommitment[] | null>(null);
  const guard = useCloseGuard(draft.dirty, () => draft.clear(), onClose);
  const [assessment, setAssessment] = useState<Flat>(() =>
    flatten(
      dueDiligenceFields,
      base?.dueDiligence?.assessment ?? {
        supportedForce: baseDetails.supportedSecurityForce ?? '',
        risk: 'Medium',
        conclusion: 'ProceedWithMitigation',
        assessedOn: today(),
      },
    ),
  );
  const components = view.components;
  const componentName = (id: string) =>
    components.find((c) => c.id === id)?.name ??
    base?.assignments.find((a) => a.componentId === id)?.componentName ??
    'Component no longer in the mission';
  const live = base ? view.activities.find((a) => a.id === base.id) : undefined;
  const path = `/api/strategies/${view.strategyId}/activities`;
  const disabled = !canEdit || busy;
  const period: Period = { start: values.start || null, end: values.end || null };
  const active = isActive(values.status);

  useEffect(() => {
    if (opened) session.editing(opened.id);
    return () => session.editing(null);
  }, [opened?.id]);

  /** Every figure of every commitment is a whole number from 0 to 1,000,000. */
  const commitmentProblems = (): Record<string, string> => {
    const found: Record<string, string> = {};
    for (const assignment of [...(lead.componentId ? [lead] : []), ...supporting]) {
      const who = componentName(assignment.componentId);
      const personnel = problemOf(countSpec(`Personnel committed by ${who}`), assignment.personnel);
      if (personnel) found[`personnel:${assignment.componentId}`] = personnel;
      for (const [asset, quantity] of Object.entries(assignment.assets)) {
        const problem = problemOf(countSpec(`${asset} committed by ${who}`), quantity);
        if (problem) found[`asset:${assignment.componentId}:${asset}`] = problem;
      }
    }
    return found;
  };

  /**
   * What this save newly commits beyond each component's capacity (counted as the coherence analysis counts): a
   * figure raised, or a component added, past what is free. A figure left as it was is not asked about again.
   */
  const overCommitments = (): OverCommitment[] => {
    if (!active) return [];
    const found: OverCommitment[] = [];
    const savedActive = base !== null && isActive(base.details.status);
    for (const assignment of [...(lead.componentId ? [lead] : []), ...supporting]) {
      const commitment = commitmentOf(assignment);
      const saved = savedActive
        ? base.assignments.find((a) => a.componentId === assignment.componentId)?.commitment
        : undefined;
      const savedAssets = (name: string) =>
        saved?.assets.filter((a) => a.name === name).reduce((n, a) => n + a.quantity, 0) ?? 0;
      const name = componentName(assignment.componentId);
      const people = availability(view, assignment.componentId, base?.id ?? null, period);
      if (people && commitment.personnel > (saved?.personnel ?? 0) && beyond(people, commitment.personnel) > 0)
        found.push({
          componentId: assignment.componentId,
          text: `${name}: ${n(commitment.personnel)} personnel, ${describeAvailability(people)}`,
        });
      for (const asset of commitment.assets) {
        const free = availability(view, assignment.componentId, base?.id ?? null, period, asset.name);
        if (free && asset.quantity > savedAssets(asset.name) && beyond(free, asset.quantity) > 0)
          found.push({
            componentId: assignment.componentId,
            text: `${name}: ${n(asset.quantity)} ${asset.name}, ${describeAvailability(free)}`,
          });
      }
    }
    return found;
  };

  const save = async (event: Event | null, overCapacityConfirmed = false) => {
    event?.preventDefault();
    clearError();
    const found = {
      ...problems(fields, values),
      ...periodProblem(values),
      ...commitmentProblems(),
      ...partnerProblems(partners, partnerName),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) {
      showProblems(found);
      return;
    }
    const beyondCapacity = overCommitments();
    if (beyondCapacity.length > 0 && !overCapacityConfirmed) {
      setOver(beyondCapacity);
      document.getElementById('capacity-warning')?.focus();
      return;
    }
    setOver(null);
    setBusy(true);
    let version: number | null = null;
    const track = <T,>(response: CommandResponse<T> | null) => {
      if (response) version = Math.max(version ?? 0, response.version);
      return response;
    };
    const because = (url: string) => withReason(url, reason);
    let id = base?.id ?? null;
    try {
      // 1. the activity itself
      if (!base) {
        // The answer's item is the activity with its assignments: { activity: { id, ... }, assignments, dueDiligence }.
        // From an improvement: planned in the same command that records the activity on the improvement.
        const created = track(
          await command<{ activity?: { id: string }; id?: string }>(
            'POST',
            because(
              improvement ? `/api/strategies/${view.strategyId}/improvements/${improvement.id}/activity` : path,
            ),
            { details: detailsOf(fields, values, baseDetails) },
            improvement?.stamp.version,
          ),
        )!;
        id = created.item?.activity?.id ?? created.item?.id ?? null;
        if (!id) throw new Error('The server did not say which activity it created.');
      } else if (improvement) {
        // Revised for an improvement: sent even unchanged, since it links the improvement to the activity.
        track(
          await sendResolving(
            ask,
            (mine, ifMatch) =>
              command(
                'PUT',
                because(`/api/strategies/${view.strategyId}/improvements/${improvement.id}/activity/${id}`),
                { details: detailsOf(fields, mine, base.details), improvementVersion: improvement.stamp.version },
                ifMatch,
              ),
            { values, version: base.stamp.version },
            {
              itemLabel: `Activity ${base.code}`,
              fields,
              base: flatten(fields, base.details),
              theirs: (current) => flatten(fields, (current as { details: ActivityDetails }).details),
            },
          ),
        );
      } else if (changed(fields, flatten(fields, base.details), values)) {
        track(
          await sendResolving(
            ask,
            (mine, ifMatch) =>
              command('PUT', because(`${path}/${id}`), { details: detailsOf(fields, mine, base.details) }, ifMatch),
            { values, version: base.stamp.version },
            {
              itemLabel: `Activity ${base.code}`,
              fields,
              base: flatten(fields, base.details),
              theirs: (current) => flatten(fields, (current as { details: ActivityDetails }).details),
            },
          ),
        );
      }
      const at = `${path}/${id}`;
      const before = base?.assignments ?? [];
      const wantedSupporting = new Map(
        supporting.filter((s) => s.componentId !== lead.componentId).map((s) => [s.componentId, s]),
      );
      const oneFields = commitmentFields(components, false);
      const theirCommitment = (componentId: string) => (c: unknown) =>
        flatCommitment(componentId, (c as Assignment).commitment);

      // 2. supporting components taken off (not the one becoming lead: that assignment turns into the lead)
      const removed = before.filter(
        (a) => a.role === 'Supporting' && !wantedSupporting.has(a.componentId) && a.componentId !== lead.componentId,
      );
      for (const old of removed) {
        track(
          await sendResolving(
            ask,
            (_, ifMatch) => command('DELETE', because(`${at}/assignments/${old.componentId}`), undefined, ifMatch),
            { values: flatCommitment(old.componentId, old.commitment), version: old.stamp.version },
            {
              itemLabel: `${componentName(old.componentId)} on ${base?.code}`,
              fields: oneFields,
              theirs: theirCommitment(old.componentId),
            },
          ),
        );
      }

      // 3. the lead
      const oldLead = before.find((a) => a.role === 'Lead') ?? null;
      const leadFields = commitmentFields(components, true);
      const theirLead = (c: unknown) => flatCommitment((c as Assignment).componentId, (c as Assignment).commitment);
      if (!lead.componentId && oldLead) {
        track(
          await sendResolving(
            ask,
            (_, ifMatch) => command('DELETE', because(`${at}/assignments/${oldLead.componentId}`), undefined, ifMatch),
            { values: flatCommitment(oldLead.componentId, oldLead.commitment), version: oldLead.stamp.version },
            { itemLabel: `Lead of ${base?.code}`, fields: leadFields, theirs: theirLead },
          ),
        );
      } else if (
        lead.componentId &&
        (!oldLead ||
          oldLead.componentId !== lead.componentId ||
          !sameCommitment(oldLead.commitment, commitmentOf(lead)))
      ) {
        track(
          await sendResolving(
            ask,
            (mine, ifMatch) =>
              command(
                'PUT',
                because(`${at}/lead`),
                { componentId: mine.componentId, commitment: commitmentFromFlat(mine) },
                ifMatch,
              ),
            { values: flatCommitment(lead.componentId, commitmentOf(lead)), version: oldLead?.stamp.version ?? null },
            {
              itemLabel: `Lead of ${base?.code ?? 'the activity'}`,
              fields: leadFields,
              theirs: theirLead,
              base: oldLead ? flatCommitment(oldLead.componentId, oldLead.commitment) : undefined,
            },
          ),
        );
      }

      // 4. supporting components added or with a changed commitment
      for (const [componentId, assignment] of wantedSupporting) {
        const old = before.find((a) => a.componentId === componentId && a.role === 'Supporting');
        const commitment = commitmentOf(assignment);
        if (!old) {
          track(await command('POST', because(`${at}/supporting`), { componentId, commitment }));
        } else if (!sameCommitment(old.commitment, commitment)) {
          track(
            await sendResolving(
              ask,
              (mine, ifMatch) =>
                command(
                  'PUT',
                  because(`${at}/assignments/${componentId}`),
                  { commitment: commitmentFromFlat(mine) },
                  ifMatch,
                ),
              { values: flatCommitment(componentId, commitment), version: old.stamp.version },
              {
                itemLabel: `${componentName(componentId)} on ${base?.code}`,
                fields: oneFields,
                base: flatCommitment(componentId, old.commitment),
                theirs: theirCommitment(componentId),
              },
            ),
          );
        }
      }
      // 5. partners counted on: taken off, added, contributions changed
      await savePartners(at, base?.partners ?? [], partners, partnerName, ask, because, track);
      draft.clear(true);
      await session.refresh(version).catch(showError); // close once the view shows the write
      onClose();
    } catch (error) {
      setErrors(fieldErrors(error, 'details.'));
      showError(error);
      // Part of the save may have gone through: edit on from what is now saved.
      if (version !== null) {
        await session.refresh(version).catch(() => undefined);
        const saved = session.view.value?.activities.find((a) => a.id === id);
        if (saved) setBase(saved);
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!base) return;
    setBusy(true);
    clearError();
    try {
      const response = await sendResolving(
        ask,
        (_, ifMatch) => command('DELETE', withReason(`${path}/${base.id}`, reason), undefined, ifMatch),
        { values, version: base.stamp.version },
        {
          itemLabel: `Activity ${base.code}`,
          fields,
          theirs: (current) => flatten(fields, (current as { details: ActivityDetails }).details),
        },
      );
      draft.clear(true);
      await session.refresh(response?.version ?? null).catch(showError);
      onClose();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const recordAssessment = async () => {
    if (!base) return;
    clearError();
    const found = problems(dueDiligenceFields, assessment);
    setErrors(Object.fromEntries(Object.entries(found).map(([k, v]) => [`dd.${k}`, v])));
    if (Object.keys(found).length > 0) {
      showProblems(found);
      return;
    }
    setBusy(true);
    try {
      const send = (values: Flat, ifMatch: number | null) =>
        command(
          'PUT',
          withReason(`${path}/${base.id}/due-diligence`, reason),
          { assessment: unflatten(dueDiligenceFields, values, {}) },
          ifMatch,
        );
      const response = await sendResolving(
        ask,
        send,
        { values: assessment, version: base.dueDiligence?.stamp.version ?? null },
        {
          itemLabel: `Due-diligence assessment of ${base.code}`,
          fields: dueDiligenceFields,
          base: base.dueDiligence ? flatten(dueDiligenceFields, base.dueDiligence.assessment) : undefined,
          theirs: (current) => flatten(dueDiligenceFields, (current as { assessment: unknown }).assessment),
        },
      );
      await session.refresh(response?.version ?? null);
      const saved = session.view.value?.activities.find((a) => a.id === base.id);
      if (saved) {
        setBase({ ...base, dueDiligence: saved.dueDiligence });
        if (saved.dueDiligence) setAssessment(flatten(dueDiligenceFields, saved.dueDiligence.assessment));
      }
    } catch (error) {
      setErrors(Object.fromEntries(Object.entries(fieldErrors(error, 'assessment.')).map(([k, v]) => [`dd.${k}`, v])));
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
        onChange={(value) => draft.set({ ...values, [name]: value })}
        disabled={disabled}
        error={errors[name]}
      />
    );
  };

  const assetNames = (assignment: DraftAssignment) => {
    const capacity = components.find((c) => c.id === assignment.componentId)?.capacity.assets.map((a) => a.name) ?? [];
    return [...new Set([...capacity, ...Object.keys(assignment.assets)])];
  };

  /** A figure's input with what is still free of it; a figure beyond that is marked at once. */
  const figure = (
    assignment: DraftAssignment,
    asset: string | null,
    label: string,
    onInput: (value: string) => void,
  ) => {
    const value = asset === null ? assignment.personnel : (assignment.assets[asset] ?? '0');
    const free = availability(view, assignment.componentId, base?.id ?? null, period, asset);
    const problem =
      errors[asset === null ? `personnel:${assignment.componentId}` : `asset:${assignment.componentId}:${asset}`];
    const wanted = Number(value);
    const overBy = free && active && Number.isInteger(wanted) ? beyond(free, wanted) : 0;
    const id = `commit-${assignment.componentId}-${asset === null ? 'personnel' : asset.replace(/\W/g, '-')}`;
    return (
      <div class={`figure${overBy > 0 ? ' over-capacity' : ''}`} key={asset ?? 'personnel'}>
        <label class="inline" for={id}>
          {asset ?? 'Personnel'}
          <input
            id={id}
            type="number"
            min={0}
            max={1000000}
            step={1}
            name={asset === null ? 'personnel' : 'asset'}
            data-testid={asset === null ? 'personnel' : 'asset'}
            data-asset={asset ?? undefined}
            aria-label={label}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-free`}
            value={value}
            disabled={disabled}
            onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {free && (
          <small id={`${id}-free`} class={overBy > 0 ? 'warning' : 'muted'} data-testid="available">
            {describeAvailability(free)}
            {overBy > 0 && ` — ${overBy.toLocaleString('en-GB')} beyond capacity`}
          </small>
        )}
        {problem && <small class="field-error">{problem}</small>}
      </div>
    );
  };

  const commitmentEditor = (assignment: DraftAssignment, change: (next: DraftAssignment) => void, label: string) => (
    <div class="commitment">
      {figure(assignment, null, `Personnel committed by ${label}`, (personnel) => change({ ...assignment, personnel }))}
      {assetNames(assignment).map((asset) =>
        figure(assignment, asset, `${asset} committed by ${label}`, (quantity) =>
          change({ ...assignment, assets: { ...assignment.assets, [asset]: quantity } }),
        ),
      )}
    </div>
  );

  const takenIds = new Set([lead.componentId, ...supporting.map((s) => s.componentId)]);
  const title = base
    ? improvement
      ? t('exerciseLoop.improvement.reviseTitle', { code: base.code ?? '' })
      : `Activity ${base.code ?? ''}`
    : improvement
      ? 'Plan an activity from an improvement'
      : 'Plan an activity';

  return (
    <Dialog title={title} onClose={guard.request} wide>
      <form class="item-form" data-testid="activity-form" onSubmit={(e) => save(e)} noValidate>
        {base && (
          <p class="muted small">
            Version {live?.stamp.version ?? base.stamp.version}, last changed by {stampBy(live?.stamp ?? base.stamp)}.
            {live &&
              live.stamp.version !== base.stamp.version &&
              ' It has changed since you opened it; saving will show both versions.'}
          </p>
        )}
        <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => draft.clear()} />
        <div class="form-grid">
          <div class="span-2">{field('title')}</div>
          {field('tier')}
          {field('phase')}
          <div class="span-2">{field('description')}</div>
          {field('status')}
          {field('objectiveId')}
          <div class="span-2">{field('threatIds')}</div>
          {field('location')}
          {field('indicator')}
          {field('start')}
          {field('end')}
          <div class="span-2">{field('supportedSecurityForce')}</div>
        </div>
        {(values.supportedSecurityForce?.trim() || base?.dueDiligence) && (
          <section class="due-diligence" data-testid="due-diligence" aria-labelledby="dd-title">
            <h3 id="dd-title">Human Rights Due Diligence assessment</h3>
            <p class={base?.dueDiligence ? 'muted small' : 'warning small'}>
              {base?.dueDiligence
                ? `Recorded by ${stampBy(base.dueDiligence.stamp)} (version ${base.dueDiligence.stamp.version}).`
                : 'None recorded: approval is blocked while the activity supports a non-UN security force without one.'}
              {!base && ' Plan the activity first, then record the assessment.'}
            </p>
            <div class="form-grid">
              {dueDiligenceFields.map((spec) => (
                <div key={spec.name} class={spec.kind === 'textarea' ? 'span-2' : undefined}>
                  <Field
                    spec={{ ...spec, name: `dueDiligence.${spec.name}` }}
                    value={assessment[spec.name] ?? ''}
                    disabled={disabled || !base}
                    error={errors[`dd.${spec.name}`]}
                    onChange={(value) => setAssessment({ ...assessment, [spec.name]: value })}
                  />
                </div>
              ))}
            </div>
            {canEdit && base && (
              <button type="button" data-testid="save-due-diligence" disabled={busy} onClick={recordAssessment}>
                Record assessment
              </button>
            )}
          </section>
        )}

        <section class="assignments" data-testid="assignments" aria-labelledby="assignments-title">
          <h3 id="assignments-title">Components and commitments</h3>
          <div class="assignment lead">
            <label for="lead-component">Lead component</label>
            <select
              id="lead-component"
              name="leadComponent"
              data-testid="lead-component"
              value={lead.componentId}
              disabled={disabled}
              onChange={(e) => {
                const componentId = (e.currentTarget as HTMLSelectElement).value;
                const wasSupporting = supporting.find((s) => s.componentId === componentId);
                draft.set({
                  ...values,
                  [leadKey]: JSON.stringify(wasSupporting ?? { componentId, personnel: lead.personnel, assets: {} }),
                  [supportingKey]: JSON.stringify(
                    wasSupporting ? supporting.filter((s) => s.componentId !== componentId) : supporting,
                  ),
                });
              }}
            >
              <option value="">(no lead yet)</option>
              {components.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            {lead.componentId && commitmentEditor(lead, setLead, 'the lead')}
          </div>
          <h4>Supporting components</h4>
          <ul class="supporting" data-testid="supporting">
            {supporting.length === 0 && <li class="muted">None.</li>}
            {supporting.map((assignment, index) => (
              <li
                key={assignment.componentId}
                class="assignment"
                data-testid="supporting-component"
                data-component-id={assignment.componentId}
              >
                <div class="assignment-head">
                  <strong>{componentName(assignment.componentId)}</strong>
                  {canEdit && (
                    <button
                      type="button"
                      class="link-button"
                      disabled={busy}
                      data-testid="remove-supporting"
                      onClick={() => setSupporting(supporting.filter((_, i) => i !== index))}
                    >
                      Remove
                    </button>
                  )}
                </div>
                {commitmentEditor(
                  assignment,
                  (next) => setSupporting(supporting.map((s, i) => (i === index ? next : s))),
                  componentName(assignment.componentId),
                )}
              </li>
            ))}
          </ul>
          {canEdit && (
            <div class="add-supporting">
              <label for="add-supporting">Add a supporting component</label>
              <select
                id="add-supporting"
                data-testid="add-supporting"
                value={adding}
                disabled={busy}
                onChange={(e) => setAdding((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">Choose…</option>
                {components
                  .filter((c) => !takenIds.has(c.id))
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </select>
              <button
                type="button"
                data-testid="add-supporting-button"
                disabled={!adding || busy}
                onClick={() => {
                  setSupporting([...supporting, { componentId: adding, personnel: '0', assets: {} }]);
                  setAdding('');
                }}
              >
                Add
              </button>
            </div>
          )}
        </section>

        <PartnersCountedOnEditor
          partners={view.partners}
          value={partners}
          onChange={setPartners}
          nameOf={partnerName}
          canEdit={canEdit}
          disabled={busy}
          errors={errors}
        />

        {canEdit && <ReasonField value={reason} onChange={setReason} disabled={busy} />}
        {over && (
          <div class="capacity-warning" id="capacity-warning" tabIndex={-1} role="alert" data-testid="capacity-warning">
            <strong>This commits beyond capacity.</strong>
            <ul>
              {over.map((o, index) => (
                <li key={index}>{o.text}</li>
              ))}
            </ul>
            <p class="small">
              Plans may be ambitious, but the coherence findings will show it until capacity is found.
            </p>
            <div class="form-actions">
              <button
                type="button"
                class="danger"
                data-testid="confirm-over-capacity"
                disabled={busy}
                onClick={() => save(null, true)}
              >
                Commit beyond capacity
              </button>
              <button type="button" data-testid="change-figures" onClick={() => setOver(null)}>
                Change the figures
              </button>
            </div>
          </div>
        )}
        {guard.question}
        <div class="actions">
          {canEdit && (
            <button type="submit" class="primary" data-testid="save" disabled={busy}>
              {busy ? 'Saving…' : base ? 'Save activity' : 'Plan activity'}
            </button>
          )}
          <button type="button" data-testid="cancel" onClick={guard.request}>
            {canEdit ? 'Cancel' : 'Close'}
          </button>
          {canEdit &&
            base &&
            (confirmDelete ? (
              <button
                type="button"
                class="danger push-right"
                data-testid="confirm-delete-activity"
                disabled={busy}
                onClick={remove}
              >
                Really remove {base.code}?
              </button>
            ) : (
              <button
                type="button"
                class="link-button push-right"
                data-testid="delete-activity"
                onClick={() => setConfirmDelete(true)}
              >
                Remove activity…
              </button>
            ))}
        </div>
      </form>
    </Dialog>
  );
}
