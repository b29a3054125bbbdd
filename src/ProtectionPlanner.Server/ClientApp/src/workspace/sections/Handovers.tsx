// Transition hand-overs to the host state or the UN Country Team, planned like activities: what, to whom, when.
import { t } from '../../i18n';
import { handoverStatuses, type HandoverDetails } from '../../types';
import { formatRange } from '../../ui/dates';
import { phrase } from '../../ui/phrase';
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
    { name: 'title', label: t('workspace.handovers.title'), kind: 'text', required: true },
    {
      name: 'recipientPartnerId',
      label: t('workspace.handovers.handedOverTo'),
      kind: 'select',
      required: true,
      options: [
        { value: '', label: t('workspace.handovers.chooseRecipient') },
        ...partners.map((p) => ({ value: p.id, label: `${p.name} (${humanize(p.kind)})` })),
      ],
    },
    {
      name: 'activityId',
      label: t('workspace.handovers.activity'),
      kind: 'select',
      options: [
        { value: '', label: t('workspace.common.noneOption') },
        ...activities.map((a) => ({ value: a.id, label: `${a.code ?? ''} ${a.details.title}` })),
      ],
    },
    { name: 'status', label: t('workspace.handovers.status'), kind: 'select', options: enumOptions(handoverStatuses) },
    { name: 'start', label: t('workspace.handovers.start'), kind: 'date' },
    { name: 'end', label: t('workspace.handovers.end'), kind: 'date' },
    { name: 'description', label: t('workspace.handovers.description'), kind: 'textarea' },
  ];
}

export const handovers = defineSection<HandoverDetails>({
  kind: 'handover',
  path: 'handovers',
  testId: 'handovers',
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
          <span class="tag">{humanize(item.details.status)}</span>{' '}
          {phrase((marks) => t('workspace.handovers.to', marks), {
            partner: (
              <strong data-testid="handover-recipient">{partner?.name ?? t('workspace.handovers.aPartner')}</strong>
            ),
          })}
          {(item.details.start || item.details.end) && <>, {formatRange(item.details.start, item.details.end)}</>}
          {activity &&
            `; ${t('workspace.handovers.handsOver', { activity: `${activity.code ?? ''} ${activity.details.title}` })}`}
        </p>
        {item.details.description && <p class="prose small">{item.details.description}</p>}
      </>
    );
  },
});

export const HandoversSection = () => <ItemSection spec={handovers} />;
