// A coherence finding in the reader's language, from its kind and facts (the server's message is English). A
// finding recorded before findings had facts keeps its message.
import type { TFunction } from 'i18next';
import type { Finding } from '../types';
import { formatDate, formatNumber } from '../ui/dates';

/** "a", "a and b", "a, b and c" in the reader's language. */
function joined(parts: string[], t: TFunction): string {
  if (parts.length <= 1) return parts.join('');
  return t('findings.and', { first: parts.slice(0, -1).join(', '), last: parts[parts.length - 1] });
}

const number = (text: string | undefined) => formatNumber(Number(text ?? 0));

export function findingText(finding: Finding, t: TFunction): string {
  const facts: Record<string, string> = finding.facts ?? {};
  if (Object.keys(facts).length === 0) return finding.message;
  const { code = '', title = '' } = facts;
  switch (finding.kind) {
    case 'PriorityThreatWithoutActivity':
      return t('findings.priorityThreatWithoutActivity', { code, title });
    case 'HighRiskThreatWithoutActivity': {
      const risk = (t(`domain.values.${facts.risk}` as 'domain.values.High', { defaultValue: facts.risk ?? '' }))
        .toLowerCase();
      return t('findings.highRiskThreatWithoutActivity', { code, title, risk });
    }
    case 'ThreatIncomplete': {
      const missing = (facts.missing ?? '').split(',').filter(Boolean)
        .map((field) => t(`findings.missing.${field}` as 'findings.missing.source', { defaultValue: field }));
      return t('findings.threatIncomplete', { code, title, missing: joined(missing, t), count: missing.length });
    }
    case 'ActivityWithoutLead':
      return t('findings.activityWithoutLead', { code, title });
    case 'DueDiligenceMissing':
      return t('findings.dueDiligenceMissing', { code, title, supportedForce: facts.supportedForce ?? '' });
    case 'ClosedThreatStillReferenced':
      return t('findings.closedThreatStillReferenced',
        { code, threatCode: facts.threatCode ?? '', threatTitle: facts.threatTitle ?? '' });
    case 'AssignedComponentMissing':
      return t('findings.assignedComponentMissing', { code });
    case 'ComponentOverCommitted': {
      const over = Array.from({ length: Number(facts.overCount ?? 0) }, (_, i) => {
        const [name, committed, capacity] = ['name', 'committed', 'capacity'].map((k) => facts[`over.${i}.${k}`]);
        const numbers = { committed: number(committed), capacity: number(capacity) };
        return name ? t('findings.overAsset', { ...numbers, name }) : t('findings.overPersonnel', numbers);
      });
      return t('findings.componentOverCommitted', { component: facts.component ?? '', over: over.join(', ') });
    }
    case 'ImprovementOverdue': {
      const values =
        { improvement: facts.improvement ?? '', exercise: facts.exercise ?? '', due: formatDate(facts.due) };
      return facts.status === 'InProgress'
        ? t('findings.improvementOverdue_InProgress', values)
        : t('findings.improvementOverdue_Open', values);
    }
    default:
      return finding.message;
  }
}
