// The mission's profile on the mission page: the mandate, areas of operation, components with their capacity,
// partners and members. Planners and administrators edit the profile; administrators assign members. The server
// decides; the page only hides what would be refused.
import { useState } from 'preact/hooks';
import { ApiError, command, withReason } from '../api';
import { clearError, showError } from '../errors';
import {
  componentKinds,
  missionRoles,
  partnerKinds,
  type Area,
  type Component,
  type Mandate,
  type Member,
  type Partner,
  type Stamp,
} from '../types';
import { formatRange } from '../ui/dates';
import {
  enumOptions,
  flatten,
  humanize,
  periodProblem,
  unflatten,
  type FieldSpec,
  type Flat,
} from '../workspace/fields';
import { sendResolving, type AskConflict } from '../workspace/Conflict';
import { ProfileDialog } from './ProfileDialog';

export interface Profile {
  missionId: string;
  version: number;
  mandate: Mandate | null;
  /** The mandate's version (its If-Match) and who changed it; null from a server without item versions. */
  mandateStamp: Stamp | null;
  areas: Area[];
  components: Component[];
  partners: Partner[];
  members: Member[];
}

export interface ProfileProps {
  profile: Profile;
  canEdit: boolean;
  /** Reads the dashboard again, at least at the mission version a command produced. */
  reload: (minVersion: number | null) => Promise<void>;
  /** Shows the conflict dialog for a 409 item conflict and answers what the user chose. */
  ask: AskConflict;
}

/** Sends a mission command; a 412 (the mission changed meanwhile) or a 409 item conflict (the item did) reads the
 * profile again before the refusal is shown. */
async function send(
  props: ProfileProps,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  reason: string,
  ifMatch: number | null = null,
) {
  try {
    const response = await command(
      method,
      withReason(`/api/missions/${props.profile.missionId}${path}`, reason),
      body,
      ifMatch,
    );
    await props.reload(response.version);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 412 || error.isItemConflict))
      await props.reload(null).catch(() => undefined);
    throw error;
  }
}

/**
 * Edits one item of the profile against the version it was opened at (its stamp; none from an older server). Another
 * planner's change of the same item meanwhile is a 409: the conflict dialog shows both versions, and the edit is sent
 * again against the version that won, or dropped for theirs. The profile is read again either way.
 */
async function sendItem(
  props: ProfileProps,
  path: string,
  reason: string,
  conflict: { itemLabel: string; fields: readonly FieldSpec[] },
  start: { values: Flat; version: number | null },
  body: (values: Flat) => unknown,
) {
  const url = withReason(`/api/missions/${props.profile.missionId}${path}`, reason);
  const response = await sendResolving(
    props.ask,
    (values, ifMatch) => command('PUT', url, body(values), ifMatch),
    start,
    { ...conflict, theirs: (current) => flatten(conflict.fields, current), base: start.values },
  );
  await props.reload(response?.version ?? null);
}

/** Remove, then "Really remove?": a button pair for a row. */
function RemoveButton({ label, onRemove }: { label: string; onRemove: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        class="small-button"
        data-testid="remove"
        aria-label={`Remove ${label}`}
        onClick={() => setAsking(true)}
      >
        Remove
      </button>
    );
  }
  return (
    <button
      type="button"
      class="small-button danger"
      data-testid="confirm-remove"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        clearError();
        try {
          await onRemove();
        } catch (error) {
          showError(error);
        } finally {
          setBusy(false);
          setAsking(false);
        }
      }}
    >
      Really remove {label}?
    </button>
  );
}

// ---- mandate -----------------------------------------------------------------------------------------------------

const mandateFields: FieldSpec[] = [
  {
    name: 'resolution',
    label: 'Security Council resolution',
    kind: 'text',
    required: true,
    hint: 'for example: S/RES/2677 (2023)',
  },
  { name: 'start', label: 'Mandate from', kind: 'date', required: true },
  { name: 'end', label: 'Mandate until', kind: 'date', required: true },
  {
    name: 'pocMandated',
    label: 'Protection of civilians mandated',
    kind: 'select',
    options: [
      { value: 'true', label: 'Yes' },
      { value: 'false', label: 'No' },
    ],
  },
  { name: 'language', label: 'POC language of the mandate', kind: 'textarea' },
];

export function MandatePanel(props: ProfileProps) {
  const { profile, canEdit } = props;
  const [editing, setEditing] = useState(false);
  const mandate = profile.mandate;
  const base: Mandate = mandate ?? { resolution: '', start: '', end: '', pocMandated: true, language: null };
  return (
    <div data-testid="mandate">
      <div class="panel-header">
        <h3>Mandate</h3>
        {canEdit && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="edit-mandate"
            onClick={() => setEditing(true)}
          >
            Edit mandate
          </button>
        )}
      </div>
      {mandate?.resolution ? (
        <dl class="facts">
          <div>
            <dt>Resolution</dt>
            <dd data-testid="mandate-resolution">{mandate.resolution}</dd>
          </div>
          <div>
            <dt>Period</dt>
            <dd>{formatRange(mandate.start, mandate.end)}</dd>
          </div>
          <div>
            <dt>POC mandated</dt>
            <dd>{mandate.pocMandated ? 'Yes' : 'No'}</dd>
          </div>
          {mandate.language && (
            <div>
              <dt>Language</dt>
              <dd class="prose small">{mandate.language}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p class="muted">No mandate recorded.</p>
      )}
      {editing && (
        <ProfileDialog
          title="Mandate"
          testId="mandate-form"
          missionId={profile.missionId}
          itemId="mandate"
          fields={mandateFields}
          start={flatten(mandateFields, base)}
          problemPrefix="mandate."
          saveLabel="Save mandate"
          check={(values) => periodProblem(values, 'start', 'end', 'Mandate until')}
          save={(values, reason) =>
            sendItem(
              props,
              '/mandate',
              reason,
              { itemLabel: 'The mandate', fields: mandateFields },
              { values, version: profile.mandateStamp?.version ?? null },
              (mine) => ({
                mandate: { ...unflatten<Mandate>(mandateFields, mine, base), pocMandated: mine.pocMandated === 'true' },
              }),
            )
          }
          onClose={() => setEditing(false)}
        />
      )}
    </div>
  );
}

// ---- components --------------------------------------------------------------------------------------------------

const count = (name: string, label: string): FieldSpec => ({
  name,
  label,
  kind: 'number',
  min: 0,
  max: 1_000_000,
  required: true,
});

function componentFields(adding: boolean): FieldSpec[] {
  return [
    { name: 'name', label: 'Component', kind: 'text', required: true },
    ...(adding
      ? [{ name: 'kind', label: 'Kind', kind: 'select', options: enumOptions(componentKinds) } as FieldSpec]
      : []),
    count('capacity.personnel', 'Personnel'),
    {
      name: 'capacity.assets',
      label: 'Assets',
      kind: 'records',
      row: 'asset',
      columns: [{ name: 'name', label: 'Asset', kind: 'text', required: true }, count('quantity', 'How many')],
    },
  ];
}

export function ComponentsPanel(props: ProfileProps) {
  const { profile, canEdit } = props;
  const [editing, setEditing] = useState<Component | 'new' | null>(null);
  const adding = editing === 'new';
  const fields = componentFields(adding);
  const base =
    editing && editing !== 'new'
      ? editing
      : { id: '', name: '', kind: 'CivilAffairs', capacity: { personnel: 0, assets: [] } };
  return (
    <section class="panel" data-testid="components" aria-labelledby="components-title">
      <header class="panel-header">
        <h2 id="components-title">Components and capacity</h2>
        {canEdit && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="add-component"
            onClick={() => setEditing('new')}
          >
            Add component
          </button>
        )}
      </header>
      <div class="table-adapt">
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Personnel</th>
              <th scope="col">Assets</th>
              {canEdit && (
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {profile.components.map((c) => (
              <tr key={c.id} data-testid="component" data-id={c.id}>
                <td data-label="Component">
                  {c.name} <span class="muted small">{humanize(c.kind)}</span>
                </td>
                <td data-label="Personnel" class="num" data-testid="component-personnel">
                  {c.capacity.personnel.toLocaleString('en-GB')}
                </td>
                <td data-label="Assets" class="small">
                  {c.capacity.assets.map((a) => `${a.name} ×${a.quantity}`).join('; ')}
                </td>
                {canEdit && (
                  <td class="row-buttons-inline">
                    <button
                      type="button"
                      class="small-button"
                      data-testid="edit-component"
                      onClick={() => setEditing(c)}
                    >
                      Edit
                    </button>
                    <RemoveButton
                      label={c.name}
                      onRemove={() =>
                        send(props, 'DELETE', `/components/${c.id}`, undefined, '', c.stamp?.version ?? null)
                      }
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <ProfileDialog
          title={adding ? 'Add a component' : `Component: ${base.name}`}
          testId="component-form"
          missionId={profile.missionId}
          itemId={adding ? null : base.id}
          fields={fields}
          start={flatten(fields, base)}
          problemPrefix=""
          saveLabel={adding ? 'Add component' : 'Save'}
          save={(values: Flat, reason) => {
            const revised = (mine: Flat) =>
              unflatten(fields, mine, { name: base.name, kind: base.kind, capacity: base.capacity });
            if (adding) return send(props, 'POST', '/components', revised(values), reason);
            const opened = editing as Component; // not adding: the component as opened
            return sendItem(
              props,
              `/components/${base.id}`,
              reason,
              { itemLabel: `Component '${base.name}'`, fields },
              { values, version: opened.stamp?.version ?? null },
              (mine) => {
                const next = revised(mine);
                return { name: next.name, capacity: next.capacity };
              },
            );
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

// ---- areas and partners -----------------------------------------------------------------------------------------

const areaFields: FieldSpec[] = [
  { name: 'name', label: 'Area of operation', kind: 'text', required: true },
  { name: 'description', label: 'Description', kind: 'textarea' },
];

export function AreasPanel(props: ProfileProps) {
  const { profile, canEdit } = props;
  const [adding, setAdding] = useState(false);
  return (
    <section class="panel" data-testid="areas" aria-labelledby="areas-title">
      <header class="panel-header">
        <h2 id="areas-title">Areas of operation</h2>
        {canEdit && (
          <button type="button" class="small-button push-right" data-testid="add-area" onClick={() => setAdding(true)}>
            Add area
          </button>
        )}
      </header>
      <ul class="plain-list">
        {profile.areas.map((area) => (
          <li key={area.id} data-testid="area" data-id={area.id}>
            <strong>{area.name}</strong>
            {canEdit && (
              <>
                {' '}
                <RemoveButton
                  label={area.name}
                  onRemove={() =>
                    send(props, 'DELETE', `/areas/${area.id}`, undefined, '', area.stamp?.version ?? null)
                  }
                />
              </>
            )}
            {area.description && <div class="muted small">{area.description}</div>}
          </li>
        ))}
        {profile.areas.length === 0 && <li class="muted">None recorded.</li>}
      </ul>
      {adding && (
        <ProfileDialog
          title="Add an area of operation"
          testId="area-form"
          missionId={profile.missionId}
          itemId={null}
          fields={areaFields}
          start={flatten(areaFields, { name: '', description: null })}
          problemPrefix=""
          saveLabel="Add area"
          save={(values, reason) => send(props, 'POST', '/areas', unflatten(areaFields, values, {}), reason)}
          onClose={() => setAdding(false)}
        />
      )}
    </section>
  );
}

const partnerFields: FieldSpec[] = [
  { name: 'name', label: 'Partner', kind: 'text', required: true },
  { name: 'kind', label: 'Kind', kind: 'select', options: enumOptions(partnerKinds) },
  { name: 'description', label: 'What the plan can count on them for', kind: 'textarea' },
];

export function MissionPartnersPanel(props: ProfileProps) {
  const { profile, canEdit } = props;
  const [adding, setAdding] = useState(false);
  return (
    <section class="panel" data-testid="mission-partners" aria-labelledby="mission-partners-title">
      <header class="panel-header">
        <h2 id="mission-partners-title">Partners</h2>
        {canEdit && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="add-partner"
            onClick={() => setAdding(true)}
          >
            Add partner
          </button>
        )}
      </header>
      <p class="muted small section-intro">Counted on, never commanded: not part of any component's capacity.</p>
      {partnerKinds
        .filter((kind) => profile.partners.some((p) => p.kind === kind))
        .map((kind) => (
          <div key={kind} class="partner-group">
            <h3>{humanize(kind)}</h3>
            <ul class="plain-list">
              {profile.partners
                .filter((p) => p.kind === kind)
                .map((partner) => (
                  <li key={partner.id} data-testid="partner" data-id={partner.id}>
                    <strong>{partner.name}</strong>
                    {canEdit && (
                      <>
                        {' '}
                        <RemoveButton
                          label={partner.name}
                          onRemove={() =>
                            send(props, 'DELETE', `/partners/${partner.id}`, undefined, '',
                              partner.stamp?.version ?? null)
                          }
                        />
                      </>
                    )}
                    {partner.description && <div class="muted small">{partner.description}</div>}
                  </li>
                ))}
            </ul>
          </div>
        ))}
      {profile.partners.length === 0 && <p class="muted">None recorded.</p>}
      {adding && (
        <ProfileDialog
          title="Add a partner"
          testId="partner-form"
          missionId={profile.missionId}
          itemId={null}
          fields={partnerFields}
          start={flatten(partnerFields, { name: '', kind: 'UnCountryTeamAgency', description: null })}
          problemPrefix=""
          saveLabel="Add partner"
          save={(values, reason) => send(props, 'POST', '/partners', unflatten(partnerFields, values, {}), reason)}
          onClose={() => setAdding(false)}
        />
      )}
    </section>
  );
}

// ---- members -----------------------------------------------------------------------------------------------------

export function MembersPanel(props: ProfileProps & { canManage: boolean }) {
  const { profile, canManage } = props;
  const [assigning, setAssigning] = useState(false);
  const componentName = new Map(profile.components.map((c) => [c.id, c.name]));
  const fields: FieldSpec[] = [
    { name: 'userName', label: 'User name', kind: 'text', required: true },
    { name: 'role', label: 'Role', kind: 'select', options: enumOptions(missionRoles) },
    {
      name: 'componentId',
      label: 'Component (players)',
      kind: 'select',
      options: [{ value: '', label: '(none)' }, ...profile.components.map((c) => ({ value: c.id, label: c.name }))],
    },
  ];
  return (
    <section class="panel" data-testid="members" aria-labelledby="members-title">
      <header class="panel-header">
        <h2 id="members-title">Members</h2>
        {canManage && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="assign-member"
            onClick={() => setAssigning(true)}
          >
            Assign a member
          </button>
        )}
      </header>
      <ul class="plain">
        {profile.members.map((m) => (
          <li key={m.userName} data-testid="member" data-user={m.userName}>
            <strong>{m.userName}</strong> {humanize(m.role)}
            {m.componentId && <span class="muted small"> ({componentName.get(m.componentId) ?? 'component'})</span>}
            {canManage && (
              <>
                {' '}
                <RemoveButton
                  label={m.userName}
                  onRemove={() => send(props, 'DELETE', `/members/${encodeURIComponent(m.userName)}`, undefined, '')}
                />
              </>
            )}
          </li>
        ))}
      </ul>
      {assigning && (
        <ProfileDialog
          title="Assign a member"
          testId="member-form"
          missionId={profile.missionId}
          itemId={null}
          fields={fields}
          start={{ userName: '', role: 'Planner', componentId: '' }}
          problemPrefix=""
          saveLabel="Assign"
          check={(values): Record<string, string> =>
            values.role === 'Player' && !values.componentId
              ? { componentId: 'A player plays for a component: choose it.' }
              : {}
          }
          save={(values, reason) =>
            send(
              props,
              'PUT',
              `/members/${encodeURIComponent(values.userName.trim())}`,
              { role: values.role, componentId: values.componentId || null },
              reason,
            )
          }
          onClose={() => setAssigning(false)}
        />
      )}
    </section>
  );
}
