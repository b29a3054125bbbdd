// Early-warning and rapid-response arrangements (community alert networks, Community Liaison Assistants, joint
// protection teams) with the path of an alert: received, verified, escalated, decided, acted, closed, and who does
// each.
import { t } from '../../i18n';
import { alertSteps, earlyWarningKinds, type EarlyWarningDetails } from '../../types';
import { enumOptions, humanize, type FieldSpec } from '../fields';
import type { Workspace } from '../context';
import { defineSection, ItemSection } from './ItemSection';

function fields(workspace: Workspace, keep: string[]): FieldSpec[] {
  const areas = workspace.view.areas;
  const known = new Set(areas.map((a) => a.id));
  return [
    { name: 'name', label: t('workspace.earlyWarning.name'), kind: 'text', required: true },
    { name: 'kind', label: t('workspace.earlyWarning.kind'), kind: 'select', options: enumOptions(earlyWarningKinds) },
    { name: 'coverage', label: t('workspace.earlyWarning.coverage'), kind: 'textarea' },
    {
      name: 'areaIds',
      label: t('workspace.earlyWarning.areas'),
      kind: 'ids',
      options: [
        ...areas.map((a) => ({ value: a.id, label: a.name })),
        ...keep
          .filter((id) => !known.has(id))
          .map((id) => ({ value: id, label: t('workspace.earlyWarning.areaGone') })),
      ],
    },
    {
      name: 'alertPath',
      label: t('workspace.earlyWarning.alertPath'),
      kind: 'records',
      row: t('workspace.earlyWarning.stepRow'),
      rows: t('workspace.earlyWarning.stepRows'),
      columns: [
        { name: 'step', label: t('workspace.earlyWarning.step'), kind: 'select', options: enumOptions(alertSteps) },
        { name: 'responsible', label: t('workspace.earlyWarning.who'), kind: 'text', required: true },
        { name: 'timeTarget', label: t('workspace.earlyWarning.within'), kind: 'text' },
      ],
    },
  ];
}

/** A new arrangement starts with the six steps of an alert's path, for the planner to say who does each. */
const blankPath = () => alertSteps.map((step) => ({ step, responsible: '', timeTarget: null }));

export const earlyWarning = defineSection<EarlyWarningDetails>({
  kind: 'earlyWarning',
  path: 'early-warning',
  testId: 'early-warning',
  items: (view) => view.earlyWarning,
  fields: (workspace, item) => fields(workspace, item?.details.areaIds ?? []),
  blank: () => ({ name: '', kind: 'CommunityAlertNetwork', coverage: null, areaIds: [], alertPath: blankPath() }),
  name: (details) => details.name,
  body: (item, workspace) => {
    const areaName = new Map(workspace.view.areas.map((a) => [a.id, a.name]));
    return (
      <>
        <p class="small">
          <span class="tag">{humanize(item.details.kind)}</span>
          {item.details.areaIds.length > 0 && (
            <>
              {' '}
              {t('workspace.earlyWarning.areasAre', {
                areas: item.details.areaIds
                  .map((id) => areaName.get(id) ?? t('workspace.earlyWarning.anArea'))
                  .join('; '),
              })}
            </>
          )}
        </p>
        {item.details.coverage && <p class="prose small">{item.details.coverage}</p>}
        <ol class="alert-path" aria-label={t('workspace.earlyWarning.alertPath')} data-testid="alert-path">
          {item.details.alertPath.map((step, index) => (
            <li key={index} data-testid="alert-step" data-step={step.step}>
              <strong>{humanize(step.step)}</strong>
              <span> {step.responsible}</span>
              {step.timeTarget && <span class="muted"> ({step.timeTarget})</span>}
            </li>
          ))}
        </ol>
      </>
    );
  },
});

export const EarlyWarningSection = () => <ItemSection spec={earlyWarning} />;
