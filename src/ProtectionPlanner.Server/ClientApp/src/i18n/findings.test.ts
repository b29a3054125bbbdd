// Findings phrased from their facts: the English as the server's message, the French in the UN's terms.
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../types';
import { findingText } from './findings';
import { setLanguage, t } from './index';

const finding = (kind: Finding['kind'], facts: Record<string, string>, message = 'English message'): Finding =>
  ({ kind, severity: 'Warning', message, items: [], facts });

const incomplete = finding('ThreatIncomplete', { code: 'T-02', title: 'Raids', missing: 'source,reviewDate' });
const overCommitted = finding('ComponentOverCommitted', {
  component: 'Force', overCount: '2', 'over.0.name': '', 'over.0.committed': '1250', 'over.0.capacity': '1200',
  'over.1.name': 'helicopter', 'over.1.committed': '5', 'over.1.capacity': '4',
});
const overdue = finding('ImprovementOverdue',
  { improvement: 'Pre-position an FPU', exercise: 'Sector East', due: '2026-12-07', status: 'InProgress' });

describe('a coherence finding', () => {
  afterEach(() => setLanguage('en'));

  it('reads in English as the server says it', () => {
    setLanguage('en');
    expect(findingText(incomplete, t))
      .toBe("Threat T-02 'Raids' is incomplete: the source and the review date are still to be assessed.");
    expect(findingText(finding('HighRiskThreatWithoutActivity', { code: 'T-01', title: 'Raids', risk: 'High' }), t))
      .toBe("Threat T-01 'Raids' is at high risk and has no active activity.");
  });

  it('reads in French with French numbers and dates', () => {
    setLanguage('fr');
    expect(findingText(incomplete, t))
      .toBe('La menace T-02 « Raids » est incomplète : la source et la date de réexamen restent à évaluer.');
    expect(findingText(overCommitted, t)).toBe(
      'Force est engagée au-delà de sa capacité : 1\u202f250 personnes sur 1\u202f200, 5 helicopter sur 4.');
    expect(findingText(overdue, t)).toBe('La mesure d’amélioration « Pre-position an FPU » issue de l’exercice '
      + '« Sector East » était due le 7 déc. 2026 et est toujours en cours.');
  });

  it('keeps its message when it was recorded without facts', () => {
    expect(findingText(finding('ActivityWithoutLead', {}, 'Activity A-01 has no lead component.'), t))
      .toBe('Activity A-01 has no lead component.');
  });
});
