// Transition hand-overs to the host state or the UN Country Team, planned like activities: what, to whom, when.
import { handoverStatuses, type HandoverDetails } from '../../types';
import { formatRange } from '../../ui/dates';
import { byCode, type Workspace } from '../context';
import { enumOptions, humanize, periodProblem, type FieldSpec } from '../fields';
import { defineSection, ItemSection } from './ItemSection';

/** Hand-overs go to the host state or a UN Country Team agency, never to civil society (the API refuses it). */
const recipients = ['UnCountryTeamAgency', 'HostStateSecurityForces', 'HostStateAuthority'];

function fields(workspace: Workspace, keep: HandoverDetails | null): FieldSpec[] {
  const partners = workspace.view.partners.filter(
    (p) => recipients.includes(p.kind) || p.id === keep?.recipientPartnerId,
  );
  const activities = [...workspace.view.activities].sort(byCode);
  return [
    { name: 'title', label: 'Title', kind: 'text', required: true },
    {
      name: 'recipientPartnerId',
      label: 'Handed over to',
      kind: 'select',
      required: true,
      options: [
        { value: '', label: 'Choose the host-state body or UNCT agency…' },
        ...partners.map((p) => ({ value: p.id, label: `${p.name} (${humanize(p.kind)})` })),
      ],
    },
    {
      name: 'activityId',
      label: 'Activity handed over',
      kind: 'select',
      options: [
        { value: '', label: '(none)' },
        ...activities.map((a) => ({ value: a.id, label: `${a.code ?? ''} ${a.details.title}` })),
      ],
    },
    { name: 'status', label: 'Status', kind: 'select', options: enumOptions(handoverStatuses) },
    { name: 'start', label: 'Start', kind: 'date' },
    { name: 'end', label: 'End', kind: 'date' },
    { name: 'description', label: 'Description', kind: 'textarea' },
  ];
}

export const handovers = defineSection<HandoverDetails>({
  kind: 'handover',
  path: 'handovers',
  testId: 'handovers',
  heading: 'Transition hand-overs',
  noun: 'hand-over',
  intro: 'What the mission hands over to the host state or the UN Country Team as it draws down.',
  items: (view) => view.handovers,
  fields: (workspace, item) => fields(workspace, item?.details ?? null),
  blank: () => ({
    title: '',
    activityId: null,
    recipientPartnerId: '',
    description: null,
    start: null,
    end: null,
    status: 'Planned',
  }),
  name: (details) => details.title,
  check: (values) => periodProblem(values),
  body: (item, workspace) => {
    const partner = workspace.view.partners.find((p) => p.id === item.details.recipientPartnerId);
    const activity = workspace.view.activities.find((a) => a.id === item.details.activityId);
    return (
      <>
        <p class="small">
          <span class="tag">{humanize(item.details.status)}</span> To{' '}
          <strong data-testid="handover-recipient">{partner?.name ?? 'a partner'}</strong>
          {(item.details.start || item.details.end) && <>, {formatRange(item.details.start, item.details.end)}</>}
          {activity && (
            <>
              ; hands over {activity.code} {activity.details.title}
            </>
          )}
        </p>
        {item.details.description && <p class="prose small">{item.details.description}</p>}
      </>
    );
  },
});

export const HandoversSection = () => <ItemSection spec={handovers} />;
