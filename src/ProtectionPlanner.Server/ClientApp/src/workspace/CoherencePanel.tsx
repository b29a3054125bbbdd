// Coherence findings, blocking first; each a click away from the item at fault.
import { t } from '../i18n';
import { findingText } from '../i18n/findings';
import type { Finding } from '../types';
import { useWorkspace } from './context';
import { humanize } from './fields';

export function CoherencePanel({ testId = 'coherence' }: { testId?: string } = {}) {
  const { view, select, openThreat, openActivity, readOnly } = useWorkspace();
  const findings = [...view.coherence.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'Blocking' ? -1 : 1));
  const blocking = findings.filter((f) => f.severity === 'Blocking').length;

  const goTo = (finding: Finding) => {
    const target = finding.items[0];
    if (!target) return;
    if (target.kind === 'threat') {
      const threat = view.threats.find((t) => t.id === target.id);
      select({ kind: 'threat', id: target.id });
      if (threat) openThreat(threat);
    } else if (target.kind === 'activity') {
      const activity = view.activities.find((a) => a.id === target.id);
      select({ kind: 'activity', id: target.id });
      if (activity) openActivity(activity);
    } else if (target.kind === 'improvement') {
      const section = document.getElementById('section-improvements');
      section?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      section?.querySelector<HTMLElement>(`[data-id='${target.id}']`)?.focus();
    } else if (target.kind === 'component') {
      select({ kind: 'component', id: target.id });
      document.getElementById('workload-title')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  };

  return (
    <section class="panel" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <header class="panel-header">
        <h2 id={`${testId}-title`}>{t('workspace.coherence.title')}</h2>
        <span class="muted small">
          {t('workspace.coherence.counts', { blocking, warnings: findings.length - blocking })}
        </span>
      </header>
      {findings.length === 0 ? (
        <p class="muted">{t('workspace.coherence.none')}</p>
      ) : (
        <ul class="findings">
          {findings.map((finding) => (
            <li key={`${finding.kind}:${finding.items.map((i) => i.id).join(',')}`}>
              <button type="button" class={`finding ${finding.severity.toLowerCase()}`} data-testid="finding" data-kind={finding.kind}
                data-item-id={finding.items[0]?.id} disabled={readOnly} onClick={() => goTo(finding)}>
                <span class="severity">{humanize(finding.severity)}</span>
                <span>{findingText(finding, t)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
