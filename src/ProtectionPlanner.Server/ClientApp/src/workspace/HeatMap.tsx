// The 5x5 risk heat map: likelihood across, impact up; each open threat sits in its cell.
import { t } from '../i18n';
import type { Threat } from '../types';
import { byCode, riskLevel, useWorkspace } from './context';
import { useItemClasses } from './LiveMarks';

function HeatChip({ threat }: { threat: Threat }) {
  const { openThreat, select, readOnly } = useWorkspace();
  const classes = useItemClasses(threat.id, 'heat-chip');
  if (readOnly) {
    return (
      <span class="heat-chip" data-testid="heat-threat" data-id={threat.id}
        title={`${threat.code} ${threat.assessment.title}`}>
        <span class="code">{threat.code}</span> <span class="chip-title">{threat.assessment.title}</span>
      </span>
    );
  }
  return (
    <button type="button" class={classes} data-testid="heat-threat" data-id={threat.id} title={`${threat.code} ${threat.assessment.title}`}
      onClick={() => {
        select({ kind: 'threat', id: threat.id });
        openThreat(threat);
      }}>
      <span class="code">{threat.code}</span> <span class="chip-title">{threat.assessment.title}</span>
    </button>
  );
}

export function HeatMap({ testId = 'heatmap' }: { testId?: string } = {}) {
  const { view } = useWorkspace();
  const open = view.threats.filter((t) => t.status === 'Open').sort(byCode);
  const scale = [1, 2, 3, 4, 5];
  return (
    <section class="panel heatmap-panel" aria-labelledby={`${testId}-title`}>
      <header class="panel-header">
        <h2 id={`${testId}-title`}>{t('workspace.heatMap.title')}</h2>
        <span class="muted small">{t('workspace.heatMap.subtitle')}</span>
      </header>
      <div class="heatmap" data-testid={testId} role="table" aria-label={t('workspace.heatMap.label')}>
        <div class="heat-axis-y" aria-hidden="true">{t('workspace.heatMap.impact')}</div>
        <div class="heat-grid">
          {[...scale].reverse().map((impact) => (
            <div class="heat-row" role="row" key={impact}>
              <div class="heat-label" role="rowheader">{impact}</div>
              {scale.map((likelihood) => (
                <div key={likelihood} role="cell" data-testid={`heat-${likelihood}-${impact}`}
                  class={`heat-cell risk-${riskLevel(likelihood, impact).toLowerCase()}`}
                  aria-label={t('workspace.heatMap.cell', { likelihood, impact })}>
                  {open.filter((t) => t.assessment.likelihood === likelihood && t.assessment.impact === impact).map((threat) => (
                    <HeatChip key={threat.id} threat={threat} />
                  ))}
                </div>
              ))}
            </div>
          ))}
          <div class="heat-row heat-footer" role="row">
            <div class="heat-label" role="columnheader" />
            {scale.map((likelihood) => (
              <div class="heat-label" role="columnheader" key={likelihood}>{likelihood}</div>
            ))}
          </div>
          <div class="heat-axis-x" aria-hidden="true">{t('workspace.heatMap.likelihood')}</div>
        </div>
      </div>
    </section>
  );
}
