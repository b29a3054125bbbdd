// Priority objectives with their indicators (qualitative or quantitative, with a baseline, a target and the results
// framework indicator they feed), and the activities that serve each.
import { indicatorKinds, type Activity, type ObjectiveDetails } from '../../types';
import { byCode, useWorkspace } from '../context';
import { enumOptions, humanize, type FieldSpec } from '../fields';
import { defineSection, ItemSection } from './ItemSection';

const fields: FieldSpec[] = [
  { name: 'title', label: 'Objective', kind: 'text', required: true },
  { name: 'description', label: 'Description', kind: 'textarea' },
  {
    name: 'indicators',
    label: 'Indicators',
    kind: 'records',
    row: 'indicator',
    columns: [
      { name: 'description', label: 'Indicator', kind: 'text', required: true },
      { name: 'kind', label: 'Kind', kind: 'select', options: enumOptions(indicatorKinds) },
      { name: 'baseline', label: 'Baseline', kind: 'text' },
      { name: 'target', label: 'Target', kind: 'text' },
      { name: 'resultsFrameworkLink', label: 'Results framework (CPAS) link', kind: 'text' },
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
      <span class="muted small">Served by: </span>
      {serving.length === 0 && <span class="warning small">no activity yet</span>}
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
  heading: 'Priority objectives',
  noun: 'objective',
  intro: 'What the strategy sets out to achieve, each with indicators that link to the results framework (CPAS).',
  items: (view) => view.objectives,
  fields: () => fields,
  blank: () => ({ title: '', description: null, indicators: [] }),
  name: (details) => details.title,
  body: (item) => (
    <>
      {item.details.description && <p class="prose">{item.details.description}</p>}
      {item.details.indicators.length > 0 && (
        <ul class="indicators" aria-label="Indicators">
          {item.details.indicators.map((indicator, index) => (
            <li key={index} data-testid="indicator">
              {indicator.description} <span class="tag muted">{humanize(indicator.kind)}</span>
              {indicator.baseline && (
                <span class="small" data-testid="indicator-baseline">
                  {' '}
                  · baseline: {indicator.baseline}
                </span>
              )}
              {indicator.target && <span class="small"> · target: {indicator.target}</span>}
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
