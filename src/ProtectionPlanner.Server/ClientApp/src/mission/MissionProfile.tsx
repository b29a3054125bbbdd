// The mission's profile on the mission page: the mandate, areas of operation, components with their capacity,
// partners and members. Planners and administrators edit the profile; administrators assign members. The server
// decides; the page only hides what would be refused.
import { useState } from 'preact/hooks';
import { ApiError, command, withReason } from '../api';
import { clearError, showError } from '../errors';
import { t } from '../i18n';
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
import { formatNumber, formatRange } from '../ui/dates';
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
        aria-label={t('screens.profile.removeLabel', { name: label })}
        onClick={() => setAsking(true)}
      >
        {t('screens.profile.remove')}
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
      {t('screens.profile.reallyRemove', { name: label })}
    </button>
  );
}

// ---- mandate -----------------------------------------------------------------------------------------------------

// The fields are functions, not constants: their labels are read in the language on screen.
const mandateFields = (): FieldSpec[] => [
  {
    name: 'resolution',
    label: t('screens.profile.mandate.resolutionField'),
    kind: 'text',
    required: true,
    hint: t('screens.profile.mandate.resolutionHint'),
  },
  { name: 'start', label: t('screens.profile.mandate.from'), kind: 'date', required: true },
  { name: 'end', label: t('screens.profile.mandate.until'), kind: 'date', required: true },
  {
    name: 'pocMandated',
    label: t('screens.profile.mandate.pocMandatedField'),
    kind: 'select',
    options: [
      { value: 'true', label: t('screens.profile.yes') },
      { value: 'false', label: t('screens.profile.no') },
    ],
  },
  { name: 'language', label: t('screens.profile.mandate.languageField'), kind: 'textarea' },
];

export function MandatePanel(props: ProfileProps) {
  const { profile, canEdit } = props;
  const [editing, setEditing] = useState(false);
  const mandate = profile.mandate;
  const base: Mandate = mandate ?? { resolution: '', start: '', end: '', pocMandated: true, language: null };
  const fields = mandateFields();
  return (
    <div data-testid="mandate">
      <div class="panel-header">
        <h3>{t('screens.profile.mandate.title')}</h3>
        {canEdit && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="edit-mandate"
            onClick={() => setEditing(true)}
          >
            {t('screens.profile.mandate.edit')}
          </button>
        )}
      </div>
      {mandate?.resolution ? (
        <dl class="facts">
          <div>
            <dt>{t('screens.profile.mandate.resolution')}</dt>
            <dd data-testid="mandate-resolution">{mandate.resolution}</dd>
          </div>
          <div>
            <dt>{t('screens.profile.mandate.period')}</dt>
            <dd>{formatRange(mandate.start, mandate.end)}</dd>
          </div>
          <div>
            <dt>{t('screens.profile.mandate.pocMandated')}</dt>
            <dd>{mandate.pocMandated ? t('screens.profile.yes') : t('screens.profile.no')}</dd>
          </div>
          {mandate.language && (
            <div>
              <dt>{t('screens.profile.mandate.language')}</dt>
              <dd class="prose small">{mandate.language}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p class="muted">{t('screens.profile.mandate.none')}</p>
      )}
      {editing && (
        <ProfileDialog
          title={t('screens.profile.mandate.title')}
          testId="mandate-form"
          missionId={profile.missionId}
          itemId="mandate"
          fields={fields}
          start={flatten(fields, base)}
          problemPrefix="mandate."
          saveLabel={t('screens.profile.mandate.save')}
          check={(values) => periodProblem(values, 'start', 'end', t('screens.profile.mandate.until'))}
          save={(values, reason) =>
            sendItem(
              props,
              '/mandate',
              reason,
              { itemLabel: t('screens.profile.mandate.itemLabel'), fields },
              { values, version: profile.mandateStamp?.version ?? null },
              (mine) => ({
                mandate: { ...unflatten<Mandate>(fields, mine, base), pocMandated: mine.pocMandated === 'true' },
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
    { name: 'name', label: t('screens.profile.components.component'), kind: 'text', required: true },
    ...(adding
      ? [{
        name: 'kind',
        label: t('screens.profile.components.kind'),
        kind: 'select',
        options: enumOptions(componentKinds),
      } as FieldSpec]
      : []),
    count('capacity.personnel', t('screens.profile.components.personnel')),
    {
      name: 'capacity.assets',
      label: t('screens.profile.components.assets'),
      kind: 'records',
      row: 'asset',
      columns: [
        { name: 'name', label: t('screens.profile.components.asset'), kind: 'text', required: true },
        count('quantity', t('screens.profile.components.howMany')),
      ],
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
        <h2 id="components-title">{t('screens.profile.components.title')}</h2>
        {canEdit && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="add-component"
            onClick={() => setEditing('new')}
          >
            {t('screens.profile.components.add')}
          </button>
        )}
      </header>
      <div class="table-adapt">
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">{t('screens.profile.components.component')}</th>
              <th scope="col">{t('screens.profile.components.personnel')}</th>
              <th scope="col">{t('screens.profile.components.assets')}</th>
              {canEdit && (
                <th scope="col">
                  <span class="visually-hidden">{t('screens.profile.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {profile.components.map((c) => (
              <tr key={c.id} data-testid="component" data-id={c.id}>
                <td data-label={t('screens.profile.components.component')}>
                  {c.name} <span class="muted small">{humanize(c.kind)}</span>
                </td>
                <td data-label={t('screens.profile.components.personnel')} class="num"
                  data-testid="component-personnel">
                  {formatNumber(c.capacity.personnel)}
                </td>
                <td data-label={t('screens.profile.components.assets')} class="small">
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
                      {t('screens.profile.edit')}
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
          title={adding ? t('screens.profile.components.addTitle')
            : t('screens.profile.components.editTitle', { name: base.name })}
          testId="component-form"
          missionId={profile.missionId}
          itemId={adding ? null : base.id}
          fields={fields}
          start={flatten(fields, base)}
          problemPrefix=""
          saveLabel={adding ? t('screens.profile.components.add') : t('screens.profile.save')}
          save={(values: Flat, reason) => {
            const revised = (mine: Flat) =>
              unflatten(fields, mine, { name: base.name, kind: base.kind, capacity: base.capacity });
            if (adding) return send(props, 'POST', '/components', revised(values), reason);
            const opened = editing as Component; // not adding: the component as opened
            return sendItem(
              props,
              `/components/${base.id}`,
              reason,
              { itemLabel: t('screens.profile.components.itemLabel', { name: base.name }), fields },
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

const areaFields = (): FieldSpec[] => [
  { name: 'name', label: t('screens.profile.areas.area'), kind: 'text', required: true },
  { name: 'description', label: t('screens.profile.areas.description'), kind: 'textarea' },
];

export function AreasPanel(props: ProfileProps) {
  const { profile, canEdit } = props;
  const [adding, setAdding] = useState(false);
  const fields = areaFields();
  return (
    <section class="panel" data-testid="areas" aria-labelledby="areas-title">
      <header class="panel-header">
        <h2 id="areas-title">{t('screens.profile.areas.title')}</h2>
        {canEdit && (
          <button type="button" class="small-button push-right" data-testid="add-area" onClick={() => setAdding(true)}>
            {t('screens.profile.areas.add')}
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
        {profile.areas.length === 0 && <li class="muted">{t('screens.profile.areas.none')}</li>}
      </ul>
      {adding && (
        <ProfileDialog
          title={t('screens.profile.areas.addTitle')}
          testId="area-form"
          missionId={profile.missionId}
          itemId={null}
          fields={fields}
          start={flatten(fields, { name: '', description: null })}
          problemPrefix=""
          saveLabel={t('screens.profile.areas.add')}
          save={(values, reason) => send(props, 'POST', '/areas', unflatten(fields, values, {}), reason)}
          onClose={() => setAdding(false)}
        />
      )}
    </section>
  );
}

const partnerFields = (): FieldSpec[] => [
  { name: 'name', label: t('screens.profile.partners.partner'), kind: 'text', required: true },
  { name: 'kind', label: t('screens.profile.partners.kind'), kind: 'select', options: enumOptions(partnerKinds) },
  { name: 'description', label: t('screens.profile.partners.countedOnFor'), kind: 'textarea' },
];

export function MissionPartnersPanel(props: ProfileProps) {
  const { profile, canEdit } = props;
  const [adding, setAdding] = useState(false);
  const fields = partnerFields();
  return (
    <section class="panel" data-testid="mission-partners" aria-labelledby="mission-partners-title">
      <header class="panel-header">
        <h2 id="mission-partners-title">{t('screens.profile.partners.title')}</h2>
        {canEdit && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="add-partner"
            onClick={() => setAdding(true)}
          >
            {t('screens.profile.partners.add')}
          </button>
        )}
      </header>
      <p class="muted small section-intro">{t('screens.profile.partners.intro')}</p>
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
      {profile.partners.length === 0 && <p class="muted">{t('screens.profile.partners.none')}</p>}
      {adding && (
        <ProfileDialog
          title={t('screens.profile.partners.addTitle')}
          testId="partner-form"
          missionId={profile.missionId}
          itemId={null}
          fields={fields}
          start={flatten(fields, { name: '', kind: 'UnCountryTeamAgency', description: null })}
          problemPrefix=""
          saveLabel={t('screens.profile.partners.add')}
          save={(values, reason) => send(props, 'POST', '/partners', unflatten(fields, values, {}), reason)}
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
    { name: 'userName', label: t('screens.profile.members.userName'), kind: 'text', required: true },
    { name: 'role', label: t('screens.profile.members.role'), kind: 'select', options: enumOptions(missionRoles) },
    {
      name: 'componentId',
      label: t('screens.profile.members.componentOfPlayers'),
      kind: 'select',
      options: [
        { value: '', label: t('screens.profile.members.noComponent') },
        ...profile.components.map((c) => ({ value: c.id, label: c.name })),
      ],
    },
  ];
  return (
    <section class="panel" data-testid="members" aria-labelledby="members-title">
      <header class="panel-header">
        <h2 id="members-title">{t('screens.profile.members.title')}</h2>
        {canManage && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="assign-member"
            onClick={() => setAssigning(true)}
          >
            {t('screens.profile.members.assignTitle')}
          </button>
        )}
      </header>
      <ul class="plain">
        {profile.members.map((m) => (
          <li key={m.userName} data-testid="member" data-user={m.userName}>
            <strong>{m.userName}</strong> {humanize(m.role)}
            {m.componentId && (
              <span class="muted small">
                {' '}({componentName.get(m.componentId) ?? t('screens.profile.members.component')})
              </span>
            )}
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
          title={t('screens.profile.members.assignTitle')}
          testId="member-form"
          missionId={profile.missionId}
          itemId={null}
          fields={fields}
          start={{ userName: '', role: 'Planner', componentId: '' }}
          problemPrefix=""
          saveLabel={t('screens.profile.members.assign')}
          check={(values): Record<string, string> =>
            values.role === 'Player' && !values.componentId
              ? { componentId: t('screens.profile.members.playerNeedsComponent') }
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
