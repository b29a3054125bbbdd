// Plan or revise an activity (one tier, one phase) and its component assignments: one lead, supporting components,
// and what each commits. Each change is its own command against the version the form was opened on; a 409 opens the
// conflict dialog for that item.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { command } from '../api';
import { clearError, showError } from '../errors';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import {
  activityStatuses, levels, phases, stampBy, tiers,
  type Activity, type ActivityDetails, type Assignment, type Commitment, type CommandResponse, type Component, type Phase, type PlanView, type Tier,
} from '../types';
import { sendResolving } from './Conflict';
import { byCode, tierLabels, useWorkspace } from './context';
import { enumOptions, flatten, unflatten, type FieldSpec, type Flat } from './fields';
import { fieldErrors } from './ThreatForm';

export function activityFields(view: Pick<PlanView, 'threats' | 'objectives'>, keep: string[]): FieldSpec[] {
  const threats = [...view.threats].sort(byCode).filter((t) => t.status === 'Open' || keep.includes(t.id));
  const threatName = new Map(view.threats.map((t) => [t.id, `${t.code} ${t.assessment.title}`]));
  return [
    { name: 'title', label: 'Title', kind: 'text', required: true },
    { name: 'description', label: 'Description', kind: 'textarea' },
    { name: 'tier', label: 'Tier', kind: 'select', options: tiers.map((t) => ({ value: t, label: tierLabels[t] })) },
    { name: 'phase', label: 'Phase', kind: 'select', options: enumOptions(phases) },
    { name: 'status', label: 'Status', kind: 'select', options: enumOptions(activityStatuses) },
    {
      name: 'objectiveId', label: 'Objective', kind: 'select',
      options: [{ value: '', label: '(none)' }, ...view.objectives.map((o) => ({ value: o.id, label: `${o.code ?? ''} ${o.details.title}` }))],
    },
    {
      name: 'threatIds', label: 'Threats it answers', kind: 'ids',
      options: threats.map((t) => ({ value: t.id, label: `${t.code} ${t.assessment.title}` })),
      display: (value) => value.split('\n').filter(Boolean).map((id) => threatName.get(id)?.split(' ')[0] ?? id).join(', '),
    },
    { name: 'location', label: 'Location', kind: 'text' },
    { name: 'start', label: 'Start', kind: 'date' },
    { name: 'end', label: 'End', kind: 'date' },
    { name: 'indicator', label: 'Indicator', kind: 'textarea' },
    { name: 'supportedSecurityForce', label: 'Supported non-UN security force (needs HRDDP assessment)', kind: 'text' },
  ];
}

export const newDetails = (tier: Tier = 'Dialogue', phase: Phase = 'Prevention'): ActivityDetails => ({
  title: '', description: null, objectiveId: null, threatIds: [], tier, phase, location: null, areaId: null,
  start: null, end: null, indicator: null, status: 'Planned', supportedSecurityForce: null,
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

const today = () => new Date().toISOString().slice(0, 10);

function detailsOf(fields: FieldSpec[], values: Flat, base: ActivityDetails): ActivityDetails {
  const { isActive: _active, ...details } = unflatten(fields, values, base);
  return details;
}

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

const commitmentOf = (draft: DraftAssignment): Commitment => ({
  personnel: Math.max(0, Math.trunc(Number(draft.personnel) || 0)),
  assets: Object.entries(draft.assets)
    .map(([name, quantity]) => ({ name, quantity: Math.max(0, Math.trunc(Number(quantity) || 0)) }))
    .filter((asset) => asset.quantity > 0),
});

const sameCommitment = (a: Commitment, b: Commitment) =>
  a.personnel === b.personnel &&
  JSON.stringify([...a.assets].sort((x, y) => x.name.localeCompare(y.name))) === JSON.stringify([...b.assets].sort((x, y) => x.name.localeCompare(y.name)));

function commitmentFields(components: Component[], withComponent: boolean): FieldSpec[] {
  const name = new Map(components.map((c) => [c.id, c.name]));
  const fields: FieldSpec[] = [
    { name: 'personnel', label: 'Personnel', kind: 'number' },
    { name: 'assets', label: 'Assets', kind: 'lines' },
  ];
  return withComponent
    ? [{ name: 'componentId', label: 'Lead component', kind: 'select', options: components.map((c) => ({ value: c.id, label: c.name })), display: (id) => name.get(id) ?? id }, ...fields]
    : fields;
}

const flatCommitment = (componentId: string, commitment: Commitment): Flat => ({
  componentId,
  personnel: String(commitment.personnel),
  assets: commitment.assets.map((a) => `${a.name}: ${a.quantity}`).join('\n'),
});

const commitmentFromFlat = (flat: Flat): Commitment => ({
  personnel: Math.max(0, Math.trunc(Number(flat.personnel) || 0)),
  assets: (flat.assets ?? '').split('\n').map((line) => /^(.*):\s*(\d+)\s*$/.exec(line.trim())).filter((m) => m !== null)
    .map((m) => ({ name: m![1].trim(), quantity: Number(m![2]) })),
});

// ---- the form ---------------------------------------------------------------------------------------------------

interface Props {
  activity: Activity | null;
  preset?: { tier: Tier; phase: Phase };
  onClose: () => void;
}

export function ActivityForm({ activity: opened, preset, onClose }: Props) {
  const { session, view, canEdit, ask } = useWorkspace();
  // What the form edits against: the activity as opened (or as saved by this form after a partial save).
  const [base, setBase] = useState<Activity | null>(opened);
  const baseDetails = base?.details ?? newDetails(preset?.tier, preset?.phase);
  const fields = useMemo(() => activityFields(view, baseDetails.threatIds), [view.threats, view.objectives]);
  const [values, setValues] = useState<Flat>(() => flatten(fields, baseDetails));
  const baseLead = base?.assignments.find((a) => a.role === 'Lead') ?? null;
  const [lead, setLead] = useState<DraftAssignment>(() => (baseLead ? draftOf(baseLead) : { componentId: '', personnel: '0', assets: {} }));
  const [supporting, setSupporting] = useState<DraftAssignment[]>(() => (base?.assignments ?? []).filter((a) => a.role === 'Supporting').map(draftOf));
  const [adding, setAdding] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [assessment, setAssessment] = useState<Flat>(() =>
    flatten(dueDiligenceFields, base?.dueDiligence?.assessment ?? { supportedForce: baseDetails.supportedSecurityForce ?? '', risk: 'Medium', conclusion: 'ProceedWithMitigation', assessedOn: today() }));
  const components = view.components;
  const componentName = (id: string) => components.find((c) => c.id === id)?.name ?? base?.assignments.find((a) => a.componentId === id)?.componentName ?? 'Component no longer in the mission';
  const live = base ? view.activities.find((a) => a.id === base.id) : undefined;
  const path = `/api/strategies/${view.strategyId}/activities`;
  const disabled = !canEdit || busy;

  useEffect(() => {
    if (opened) session.editing(opened.id);
    return () => session.editing(null);
  }, [opened?.id]);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    clearError();
    setErrors({});
    let version: number | null = null;
    const track = <T,>(response: CommandResponse<T> | null) => {
      if (response) version = Math.max(version ?? 0, response.version);
      return response;
    };
    let id = base?.id ?? null;
    try {
      // 1. the activity itself
      if (!base) {
        // The answer's item is the activity with its assignments: { activity: { id, ... }, assignments, dueDiligence }.
        const created = track(await command<{ activity?: { id: string }; id?: string }>('POST', path, { details: detailsOf(fields, values, baseDetails) }))!;
        id = created.item?.activity?.id ?? created.item?.id ?? null;
        if (!id) throw new Error('The server did not say which activity it created.');
      } else if (JSON.stringify(flatten(fields, base.details)) !== JSON.stringify(values)) {
        track(await sendResolving(ask,
          (mine, ifMatch) => command('PUT', `${path}/${id}`, { details: detailsOf(fields, mine, base.details) }, ifMatch),
          { values, version: base.stamp.version },
          { itemLabel: `Activity ${base.code}`, fields, base: flatten(fields, base.details), theirs: (current) => flatten(fields, (current as { details: ActivityDetails }).details) }));
      }
      const at = `${path}/${id}`;
      const before = base?.assignments ?? [];
      const wantedSupporting = new Map(supporting.filter((s) => s.componentId !== lead.componentId).map((s) => [s.componentId, s]));

      // 2. supporting components taken off (not the one becoming lead: that assignment turns into the lead)
      for (const old of before.filter((a) => a.role === 'Supporting' && !wantedSupporting.has(a.componentId) && a.componentId !== lead.componentId)) {
        track(await sendResolving(ask, (_, ifMatch) => command('DELETE', `${at}/assignments/${old.componentId}`, undefined, ifMatch),
          { values: flatCommitment(old.componentId, old.commitment), version: old.stamp.version },
          { itemLabel: `${componentName(old.componentId)} on ${base?.code}`, fields: commitmentFields(components, false), theirs: (c) => flatCommitment(old.componentId, (c as Assignment).commitment) }));
      }

      // 3. the lead
      const oldLead = before.find((a) => a.role === 'Lead') ?? null;
      const leadFields = commitmentFields(components, true);
      if (!lead.componentId && oldLead) {
        track(await sendResolving(ask, (_, ifMatch) => command('DELETE', `${at}/assignments/${oldLead.componentId}`, undefined, ifMatch),
          { values: flatCommitment(oldLead.componentId, oldLead.commitment), version: oldLead.stamp.version },
          { itemLabel: `Lead of ${base?.code}`, fields: leadFields, theirs: (c) => flatCommitment((c as Assignment).componentId, (c as Assignment).commitment) }));
      } else if (lead.componentId && (!oldLead || oldLead.componentId !== lead.componentId || !sameCommitment(oldLead.commitment, commitmentOf(lead)))) {
        track(await sendResolving(ask,
          (mine, ifMatch) => command('PUT', `${at}/lead`, { componentId: mine.componentId, commitment: commitmentFromFlat(mine) }, ifMatch),
          { values: flatCommitment(lead.componentId, commitmentOf(lead)), version: oldLead?.stamp.version ?? null },
          { itemLabel: `Lead of ${base?.code ?? 'the activity'}`, fields: leadFields, base: oldLead ? flatCommitment(oldLead.componentId, oldLead.commitment) : undefined, theirs: (c) => flatCommitment((c as Assignment).componentId, (c as Assignment).commitment) }));
      }

      // 4. supporting components added or with a changed commitment
      for (const [componentId, draft] of wantedSupporting) {
        const old = before.find((a) => a.componentId === componentId && a.role === 'Supporting');
        const commitment = commitmentOf(draft);
        if (!old) {
          track(await command('POST', `${at}/supporting`, { componentId, commitment }));
        } else if (!sameCommitment(old.commitment, commitment)) {
          track(await sendResolving(ask,
            (mine, ifMatch) => command('PUT', `${at}/assignments/${componentId}`, { commitment: commitmentFromFlat(mine) }, ifMatch),
            { values: flatCommitment(componentId, commitment), version: old.stamp.version },
            { itemLabel: `${componentName(componentId)} on ${base?.code}`, fields: commitmentFields(components, false), base: flatCommitment(componentId, old.commitment), theirs: (c) => flatCommitment(componentId, (c as Assignment).commitment) }));
        }
      }
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
      const response = await sendResolving(ask, (_, ifMatch) => command('DELETE', `${path}/${base.id}`, undefined, ifMatch),
        { values, version: base.stamp.version },
        { itemLabel: `Activity ${base.code}`, fields, theirs: (current) => flatten(fields, (current as { details: ActivityDetails }).details) });
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
    setBusy(true);
    clearError();
    setErrors({});
    try {
      const send = (values: Flat, ifMatch: number | null) =>
        command('PUT', `${path}/${base.id}/due-diligence`, { assessment: unflatten(dueDiligenceFields, values, {}) }, ifMatch);
      const response = await sendResolving(ask, send, { values: assessment, version: base.dueDiligence?.stamp.version ?? null }, {
        itemLabel: `Due-diligence assessment of ${base.code}`, fields: dueDiligenceFields,
        base: base.dueDiligence ? flatten(dueDiligenceFields, base.dueDiligence.assessment) : undefined,
        theirs: (current) => flatten(dueDiligenceFields, (current as { assessment: unknown }).assessment),
      });
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
    return <Field key={name} spec={spec} value={values[name] ?? ''} onChange={(value) => setValues({ ...values, [name]: value })} disabled={disabled} error={errors[name]} />;
  };

  const assetNames = (draft: DraftAssignment) => {
    const capacity = components.find((c) => c.id === draft.componentId)?.capacity.assets.map((a) => a.name) ?? [];
    return [...new Set([...capacity, ...Object.keys(draft.assets)])];
  };

  const commitmentEditor = (draft: DraftAssignment, change: (draft: DraftAssignment) => void, label: string) => {
    const component = components.find((c) => c.id === draft.componentId);
    const idBase = `commit-${draft.componentId}`;
    return (
      <div class="commitment">
        <label class="inline" for={`${idBase}-personnel`}>
          Personnel
          <input id={`${idBase}-personnel`} type="number" min={0} max={1000000} name="personnel" data-testid="personnel" aria-label={`Personnel committed by ${label}`}
            value={draft.personnel} disabled={disabled} onInput={(e) => change({ ...draft, personnel: (e.currentTarget as HTMLInputElement).value })} />
          {component && <span class="muted small">of {component.capacity.personnel}</span>}
        </label>
        {assetNames(draft).map((asset) => {
          const capacity = component?.capacity.assets.find((a) => a.name === asset)?.quantity;
          return (
            <label class="inline" key={asset}>
              {asset}
              <input type="number" min={0} max={1000000} name="asset" aria-label={`${asset} committed by ${label}`} value={draft.assets[asset] ?? '0'} disabled={disabled}
                onInput={(e) => change({ ...draft, assets: { ...draft.assets, [asset]: (e.currentTarget as HTMLInputElement).value } })} />
              {capacity !== undefined && <span class="muted small">of {capacity}</span>}
            </label>
          );
        })}
      </div>
    );
  };

  const takenIds = new Set([lead.componentId, ...supporting.map((s) => s.componentId)]);
  const title = base ? `Activity ${base.code ?? ''}` : 'Plan an activity';

  return (
    <Dialog title={title} onClose={onClose} wide>
      <form class="item-form" data-testid="activity-form" onSubmit={save} noValidate>
        {base && (
          <p class="muted small">
            Version {live?.stamp.version ?? base.stamp.version}, last changed by {stampBy(live?.stamp ?? base.stamp)}.
            {live && live.stamp.version !== base.stamp.version && ' It has changed since you opened it; saving will show both versions.'}
          </p>
        )}
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
                  <Field spec={{ ...spec, name: `dueDiligence.${spec.name}` }} value={assessment[spec.name] ?? ''} disabled={disabled || !base}
                    error={errors[`dd.${spec.name}`]} onChange={(value) => setAssessment({ ...assessment, [spec.name]: value })} />
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
            <select id="lead-component" name="leadComponent" data-testid="lead-component" value={lead.componentId} disabled={disabled}
              onChange={(e) => {
                const componentId = (e.currentTarget as HTMLSelectElement).value;
                const wasSupporting = supporting.find((s) => s.componentId === componentId);
                setLead(wasSupporting ?? { componentId, personnel: lead.personnel, assets: {} });
                if (wasSupporting) setSupporting(supporting.filter((s) => s.componentId !== componentId));
              }}>
              <option value="">(no lead yet)</option>
              {components.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
            {lead.componentId && commitmentEditor(lead, setLead, 'the lead')}
          </div>
          <h4>Supporting components</h4>
          <ul class="supporting" data-testid="supporting">
            {supporting.length === 0 && <li class="muted">None.</li>}
            {supporting.map((draft, index) => (
              <li key={draft.componentId} class="assignment" data-testid="supporting-component" data-component-id={draft.componentId}>
                <div class="assignment-head">
                  <strong>{componentName(draft.componentId)}</strong>
                  {canEdit && (
                    <button type="button" class="link-button" disabled={busy} data-testid="remove-supporting"
                      onClick={() => setSupporting(supporting.filter((_, i) => i !== index))}>
                      Remove
                    </button>
                  )}
                </div>
                {commitmentEditor(draft, (next) => setSupporting(supporting.map((s, i) => (i === index ? next : s))), componentName(draft.componentId))}
              </li>
            ))}
          </ul>
          {canEdit && (
            <div class="add-supporting">
              <label for="add-supporting">Add a supporting component</label>
              <select id="add-supporting" data-testid="add-supporting" value={adding} disabled={busy} onChange={(e) => setAdding((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">Choose…</option>
                {components.filter((c) => !takenIds.has(c.id)).map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
              <button type="button" data-testid="add-supporting-button" disabled={!adding || busy}
                onClick={() => {
                  setSupporting([...supporting, { componentId: adding, personnel: '0', assets: {} }]);
                  setAdding('');
                }}>
                Add
              </button>
            </div>
          )}
        </section>

        <div class="actions">
          {canEdit && (
            <button type="submit" class="primary" data-testid="save" disabled={busy}>
              {busy ? 'Saving…' : base ? 'Save activity' : 'Plan activity'}
            </button>
          )}
          <button type="button" data-testid="cancel" onClick={onClose}>
            {canEdit ? 'Cancel' : 'Close'}
          </button>
          {canEdit && base && (
            confirmDelete ? (
              <button type="button" class="danger push-right" data-testid="confirm-delete-activity" disabled={busy} onClick={remove}>
                Really remove {base.code}?
              </button>
            ) : (
              <button type="button" class="link-button push-right" data-testid="delete-activity" onClick={() => setConfirmDelete(true)}>
                Remove activity…
              </button>
            )
          )}
        </div>
      </form>
    </Dialog>
  );
}
