// The exercise's copy of the plan, read-only: the threat register (likelihood x impact) and the activities, as the
// players' decisions have changed them. The live strategy is never touched by play.
import { t } from '../i18n';
import { useStore } from '../store';
import { stampBy } from '../types';
import { byCode, riskLevel, tierShort } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { componentName, useExercise } from './context';

export function PlanCopy() {
  const { board, session } = useExercise();
  const arrivals = useStore(session.arrivals);
  const plan = board.plan;
  const threats = [...plan.threats].sort(byCode);
  const activities = [...plan.activities].sort(byCode);
  const copied = board.strategyVersion;
  return (
    <section class="panel plan-copy" data-testid="plan-copy" aria-labelledby="plan-copy-title">
      <header class="panel-header">
        <h2 id="plan-copy-title">{t('exercise.planCopy.title')}</h2>
        <span class="muted small">{t('exercise.planCopy.copyOf', { title: plan.title, version: copied })}</span>
      </header>
      <h3 id="plan-threats-title">{t('exercise.planCopy.threats')}</h3>
      <div class="table-scroll">
        <table class="register compact" aria-labelledby="plan-threats-title">
          <thead>
            <tr>
              <th scope="col">{t('exercise.planCopy.code')}</th>
              <th scope="col">{t('exercise.planCopy.threat')}</th>
              <th scope="col" title={t('exercise.planCopy.likelihood')}>{t('exercise.planCopy.likelihoodShort')}</th>
              <th scope="col" title={t('exercise.planCopy.impact')}>{t('exercise.planCopy.impactShort')}</th>
              <th scope="col">{t('exercise.planCopy.risk')}</th>
              <th scope="col">{t('exercise.planCopy.changedInPlay')}</th>
            </tr>
          </thead>
          <tbody>
            {threats.map((threat) => {
              const a = threat.assessment;
              const changed = threat.stamp.version > copied;
              return (
                <tr key={threat.id} data-testid="plan-threat" data-id={threat.id} data-code={threat.code} data-version={threat.stamp.version}
                  class={`status-${threat.status.toLowerCase()}${arrivals.has(threat.id) ? ' live-changed' : ''}`}>
                  <td class="code">{threat.code}</td>
                  <td>
                    <span class="threat-title">{a.title}</span>
                    {threat.status === 'Closed' && <span class="muted small"> {t('exercise.planCopy.closed')}</span>}
                  </td>
                  <td class="num" data-testid="plan-likelihood">{a.likelihood}</td>
                  <td class="num" data-testid="plan-impact">{a.impact}</td>
                  <td><span class={`risk risk-${riskLevel(a.likelihood, a.impact).toLowerCase()}`}>{a.likelihood * a.impact}</span></td>
                  <td class="small muted">
                    {changed ? t('exercise.planCopy.changedBy', { name: stampBy(threat.stamp) ?? '?' }) : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3 id="plan-activities-title">{t('exercise.planCopy.activities')}</h3>
      <div class="table-scroll">
        <table class="compact" aria-labelledby="plan-activities-title">
          <thead>
            <tr>
              <th scope="col">{t('exercise.planCopy.code')}</th>
              <th scope="col">{t('exercise.planCopy.activity')}</th>
              <th scope="col">{t('exercise.planCopy.tier')}</th>
              <th scope="col">{t('exercise.planCopy.phase')}</th>
              <th scope="col">{t('exercise.planCopy.lead')}</th>
              <th scope="col">{t('exercise.planCopy.threats')}</th>
            </tr>
          </thead>
          <tbody>
            {activities.map((activity) => {
              const lead = activity.assignments.find((x) => x.role === 'Lead');
              return (
                <tr key={activity.id} data-testid="plan-activity" data-id={activity.id} data-code={activity.code ?? ''}
                  class={arrivals.has(activity.id) ? 'live-changed' : undefined}>
                  <td class="code">{activity.code}</td>
                  <td>
                    {activity.details.title}
                    {activity.stamp.version > copied && (
                      <span class="muted small">
                        {' '}
                        {t('exercise.planCopy.inPlay', { name: stampBy(activity.stamp) ?? '' })}
                      </span>
                    )}
                  </td>
                  <td>{tierShort[activity.details.tier]}</td>
                  <td class="small">{humanize(activity.details.phase)}</td>
                  <td class="small" data-testid="plan-lead" data-component-id={lead?.componentId ?? ''}>
                    {lead ? (lead.componentName ?? componentName(board, lead.componentId))
                      : <span class="warning">{t('exercise.planCopy.noLead')}</span>}
                  </td>
                  <td class="small">{activity.details.threatIds.map((id) => plan.threats.find((t) => t.id === id)?.code ?? '').filter(Boolean).join(', ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
