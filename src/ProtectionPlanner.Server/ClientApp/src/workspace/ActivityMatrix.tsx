// The action plan: activities in a 3 tiers x 4 phases matrix, each with its lead component.
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { phases, tiers, type Activity } from '../types';
import { byCode, tierLabel, tierName, tierShort, useWorkspace } from './context';
import { humanize } from './fields';
import { LiveMarks, useItemClasses } from './LiveMarks';

function ActivityChip({ activity }: { activity: Activity }) {
  const { openActivity, selection, view, readOnly } = useWorkspace();
  const ref = useRef<HTMLDivElement>(null);
  const classes = useItemClasses(activity.id, `activity-chip status-${activity.details.status.toLowerCase()}`);
  const lead = activity.assignments.find((a) => a.role === 'Lead');
  const leadName = lead ? (lead.componentName ?? view.components.find((c) => c.id === lead.componentId)?.name ?? '?') : null;
  const supporting = activity.assignments.filter((a) => a.role === 'Supporting').length;
  useEffect(() => {
    if (selection?.id === activity.id) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selection]);
  const open = () => openActivity(activity);
  if (readOnly) {
    return (
      <div class={`activity-chip status-${activity.details.status.toLowerCase()}`} data-testid="activity-chip"
        data-id={activity.id}
        data-code={activity.code ?? ''}>
        <span class="activity-title">{activity.details.title}</span>
        <span class="activity-meta small">
          <span class="code">{activity.code}</span>
          {leadName ? (
            <span class="lead">{leadName}</span>
          ) : (
            <span class="no-lead">{t('workspace.matrix.noLead')}</span>
          )}
          {supporting > 0 && <span class="muted">+{supporting}</span>}
        </span>
      </div>
    );
  }
  return (
    <div ref={ref} role="button" tabIndex={0} class={classes} data-testid="activity-chip" data-id={activity.id} data-code={activity.code ?? ''}
      aria-label={`${activity.code ?? ''} ${activity.details.title}`}
      onClick={open}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      }}>
      <span class="activity-title">{activity.details.title}</span>
      <span class="activity-meta small">
        <span class="code">{activity.code}</span>
        {leadName ? (
          <span class="lead" title={t('workspace.matrix.lead', { name: leadName })}>
            {leadName.replace(/\s*\(.*\)\s*/, '')}
          </span>
        ) : (
          <span class="no-lead">{t('workspace.matrix.noLead')}</span>
        )}
        {supporting > 0 && <span class="muted">+{supporting}</span>}
        {activity.details.status !== 'Planned' && activity.details.status !== 'Ongoing' && <span class="muted">{humanize(activity.details.status)}</span>}
      </span>
      <LiveMarks id={activity.id} />
    </div>
  );
}

export function ActivityMatrix({ testId = 'activity-matrix' }: { testId?: string } = {}) {
  const { view, canEdit, openActivity, readOnly } = useWorkspace();
  const activities = [...view.activities].sort(byCode);
  return (
    <section class="panel" id={readOnly ? undefined : 'section-matrix'} aria-labelledby={`${testId}-title`}>
      <header class="panel-header">
        <h2 id={`${testId}-title`}>{t('workspace.matrix.title')}</h2>
        <span class="muted small">{t('workspace.matrix.activities', { count: activities.length })}</span>
        {canEdit && !readOnly && (
          <button type="button" class="primary push-right" data-testid="add-activity" onClick={() => openActivity(null)}>
            {t('workspace.matrix.planActivity')}
          </button>
        )}
      </header>
      <div class="matrix-scroll">
        <table class="matrix" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col" class="tier-head"><span class="visually-hidden">{t('workspace.matrix.tier')}</span></th>
              {phases.map((phase) => (
                <th scope="col" key={phase}>{humanize(phase)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tiers.map((tier) => (
              <tr key={tier}>
                <th scope="row" class="tier-head" title={tierLabel(tier)}>
                  <span class="tier-number">{tierShort[tier]}</span>
                  <span class="tier-name">{tierName(tier)}</span>
                </th>
                {phases.map((phase) => (
                  <td key={phase} class="matrix-cell" data-testid={`cell-${tier}-${phase}`}
                    data-phase={humanize(phase)}>
                    {activities.filter((a) => a.details.tier === tier && a.details.phase === phase).map((activity) => (
                      <ActivityChip key={activity.id} activity={activity} />
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
