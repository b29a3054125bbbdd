// Priority objectives with their indicators (qualitative or quantitative, with a baseline, a target and the results
// framework indicator they feed), and the activities that serve each.
import { t } from '../../i18n';
import { indicatorKinds, type Activity, type ObjectiveDetails } from '../../types';
import { byCode, useWorkspace } from '../context';
import { enumOptions, humanize, type FieldSpec } from '../fields';
import { defineSection, ItemSection } from './ItemSection';

/** The form's fields, in the language on screen. */
const fields = (): FieldSpec[] => [
  { name: 'title', label: t('workspace.objectives.title'), kind: 'text', required: true },
  { name: 'description', label: t('workspace.objectives.description'), kind: 'textarea' },
  {
    name: 'indicators',
    label: t('workspace.objectives.indicators'),
    kind: 'records',
    row: t('workspace.objectives.indicatorRow'),
    rows: t('workspace.objectives.indicatorRows'),
    columns: [
      { name: 'description', label: t('workspace.objectives.indicator'), kind: 'text', required: true },
      { name: 'kind', label: t('workspace.objectives.kind'), kind: 'select', options: enumOptions(indicatorKinds) },
      { name: 'baseline', label: t('workspace.objectives.baseline'), kind: 'text' },
      { name: 'target', label: t('workspace.objectives.target'), kind: 'text' },
      { name: 'resultsFrameworkLink', label: t('workspace.objectives.resultsFramework'), kind: 'text' },
    ],
  },
];

/** The activities whose objective is this one. */
export const servingActivities = (activities: Activity[], objectiveId: string) =>
  activities.filter((a) => a.details.objectiveId === objectiveId).sort(byCode);

function Serving({ objectiveId }: { objectiveId: string }) {
  const { view, openActivity, readOnly } = useWorkspace();
  const serving = servingActivities(view.activities, objectiveId);
  return (
    <div class="serving" data-testid="serving-activities">
      <span class="muted small">{`${t('workspace.objectives.servedBy')} `}</span>
      {serving.length === 0 && <span class="warning small">{t('workspace.objectives.noActivityYet')}</span>}
      {serving.map((activity) =>
        readOnly ? (
          <span key={activity.id} class="tag">
            {activity.code} {activity.details.title}
          </span>
        ) : (
          <button
            type="button"
            key={activity.id}
            class="tag"
            data-testid="serving-activity"
            data-id={activity.id}
            onClick={() => openActivity(activity)}
          >
            {activity.code} {activity.details.title}
          </button>
        ),
      )}
    </div>
  );
}

export const objectives = defineSection<ObjectiveDetails>({
  kind: 'objective',
  path: 'objectives',
  testId: 'objectives',
  items: (view) => view.objectives,
  fields: () => fields(),
  blank: () => ({ title: '', description: null, indicators: [] }),
  name: (details) => details.title,
  body: (item) => (
    <>
      {item.details.description && <p class="prose">{item.details.description}</p>}
      {item.details.indicators.length > 0 && (
        <ul class="indicators" aria-label={t('workspace.objectives.indicators')}>
          {item.details.indicators.map((indicator, index) => (
            <li key={index} data-testid="indicator">
              {indicator.description} <span class="tag muted">{humanize(indicator.kind)}</span>
              {indicator.baseline && (
                <span class="small" data-testid="indicator-baseline">
                  {' · '}
                  {t('workspace.objectives.baselineIs', { value: indicator.baseline })}
                </span>
              )}
              {indicator.target && (
                <span class="small"> · {t('workspace.objectives.targetIs', { value: indicator.target })}</span>
              )}
              {indicator.resultsFrameworkLink && <span class="small muted"> · {indicator.resultsFrameworkLink}</span>}
            </li>
          ))}
        </ul>
      )}
      <Serving objectiveId={item.id} />
    </>
  ),
});

export const ObjectivesSection = () => <ItemSection spec={objectives} />;
