// Coherence seen from one threat: which tiers and phases its active activities cover, the findings that point at it
// (the server's: a high or critical risk nothing active answers, whatever the priority; an incomplete assessment),
// and what else its assessment still lacks that a reviewer will ask for.
import { t } from '../i18n';
import { findingText } from '../i18n/findings';
import { phases, tiers, type Activity, type Finding, type PlanView, type Threat } from '../types';
import { formatDate } from '../ui/dates';
import { riskLevel, tierShort, useWorkspace } from './context';
import { humanize } from './fields';

const inactive = ['Completed', 'Cancelled'];

/** The active activities answering a threat. */
export function answering(view: PlanView, threatId: string): Activity[] {
  return view.activities.filter((a) => a.details.threatIds.includes(threatId) && !inactive.includes(a.details.status));
}

/** The coherence finding of `kind` pointing at the threat, if any. */
const findingOf = (view: PlanView, threat: Threat, kind: string): Finding | undefined =>
  view.coherence.findings.find((f) => f.kind === kind && f.items.some((i) => i.id === threat.id));

/** High or critical by likelihood x impact, open, and nothing active answers it: the server's finding. */
export function uncoveredRisk(view: PlanView, threat: Threat): boolean {
  return findingOf(view, threat, 'HighRiskThreatWithoutActivity') !== undefined;
}

/** What an assessment leaves empty that a reviewer will ask for beyond what coherence names (where, who, whom,
 * source, review date: the ThreatIncomplete finding). */
export function missingParts(threat: Threat): string[] {
  const a = threat.assessment;
  const missing: string[] = [];
  if (!a.description) missing.push(t('workspace.coverage.description'));
  if (!a.perpetrator.intent && !a.perpetrator.capability) missing.push(t('workspace.coverage.intentAndCapability'));
  if (!a.civiliansAtRisk.sexAndAge) missing.push(t('workspace.coverage.sexAndAge'));
  return missing;
}

/** Findings shown on their own lines of the threat's coverage rather than in its list. */
const shownApart = ['HighRiskThreatWithoutActivity', 'ThreatIncomplete'];

export function ThreatCoverage({ threat }: { threat: Threat }) {
  const { view, openActivity, readOnly } = useWorkspace();
  const activities = answering(view, threat.id);
  const findings = view.coherence.findings.filter(
    (f) => f.items.some((i) => i.id === threat.id) && !shownApart.includes(f.kind),
  );
  const incomplete = findingOf(view, threat, 'ThreatIncomplete');
  const level = riskLevel(threat.assessment.likelihood, threat.assessment.impact);
  const missing = missingParts(threat);
  return (
    <section class="threat-coverage" data-testid="threat-coverage" aria-labelledby={`coverage-${threat.id}`}>
      <h3 id={`coverage-${threat.id}`}>{t('workspace.coverage.title')}</h3>
      {uncoveredRisk(view, threat) && (
        <p class="finding-note warning" data-testid="uncovered-risk">
          {threat.assessment.priority !== 'High'
            ? t('workspace.coverage.uncoveredThough', {
                level: humanize(level).toLowerCase(),
                likelihood: threat.assessment.likelihood,
                impact: threat.assessment.impact,
                priority: humanize(threat.assessment.priority).toLowerCase(),
              })
            : t('workspace.coverage.uncovered', {
                level: humanize(level).toLowerCase(),
                likelihood: threat.assessment.likelihood,
                impact: threat.assessment.impact,
              })}
        </p>
      )}
      <table class="coverage-grid compact" aria-label={t('workspace.coverage.grid', { code: threat.code })}>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t('workspace.coverage.tier')}</span>
            </th>
            {phases.map((phase) => (
              <th scope="col" key={phase}>
                {humanize(phase)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tiers.map((tier) => (
            <tr key={tier}>
              <th scope="row">{tierShort[tier]}</th>
              {phases.map((phase) => {
                const here = activities.filter((a) => a.details.tier === tier && a.details.phase === phase);
                return (
                  <td
                    key={phase}
                    data-testid={`coverage-${tier}-${phase}`}
                    class={here.length > 0 ? 'covered' : undefined}
                  >
                    {here.map((a) =>
                      readOnly ? (
                        <span key={a.id} class="tag">
                          {a.code}
                        </span>
                      ) : (
                        <button
                          type="button"
                          key={a.id}
                          class="tag"
                          title={a.details.title}
                          onClick={() => openActivity(a)}
                        >
                          {a.code}
                        </button>
                      ),
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {activities.length === 0 && <p class="muted small">{t('workspace.coverage.noActive')}</p>}
      {findings.length > 0 && (
        <ul class="plain-list small" data-testid="threat-findings">
          {findings.map((f, index) => (
            <li key={index} class={f.severity === 'Blocking' ? 'finding-note blocking' : 'finding-note'}>
              {findingText(f, t)}
            </li>
          ))}
        </ul>
      )}
      {incomplete && (
        <p class="finding-note warning" data-testid="threat-incomplete-finding">
          {findingText(incomplete, t)}
        </p>
      )}
      {missing.length > 0 && (
        <p class="muted small" data-testid="threat-incomplete">
          {t(incomplete ? 'workspace.coverage.alsoNotYet' : 'workspace.coverage.notYet', { parts: missing.join(', ') })}
        </p>
      )}
      {threat.assessment.reviewDate && (
        <p class="muted small">
          {t('workspace.coverage.nextReview', { date: formatDate(threat.assessment.reviewDate) })}
        </p>
      )}
    </section>
  );
}
