// Coherence findings, phrased from their kind and facts (findings.ts); the English says what the server's message
// says.
import type { Translation } from '../types';

export const en = {
  priorityThreatWithoutActivity: "Priority threat {{code}} '{{title}}' has no active activity.",
  highRiskThreatWithoutActivity: "Threat {{code}} '{{title}}' is at {{risk}} risk and has no active activity.",
  threatIncomplete_one: "Threat {{code}} '{{title}}' is incomplete: {{missing}} is still to be assessed.",
  threatIncomplete_other: "Threat {{code}} '{{title}}' is incomplete: {{missing}} are still to be assessed.",
  missing: {
    location: 'the location',
    perpetrator: 'the perpetrator',
    civiliansAtRisk: 'the civilians at risk',
    source: 'the source',
    reviewDate: 'the review date',
  },
  and: '{{first}} and {{last}}',
  activityWithoutLead: "Activity {{code}} '{{title}}' has no lead component.",
  dueDiligenceMissing:
    "Activity {{code}} '{{title}}' supports {{supportedForce}} without a Human Rights Due Diligence assessment.",
  closedThreatStillReferenced: "Activity {{code}} still answers closed threat {{threatCode}} '{{threatTitle}}'.",
  assignedComponentMissing: 'Activity {{code}} is assigned a component the mission no longer has.',
  componentOverCommitted: '{{component}} is committed beyond its capacity: {{over}}.',
  overPersonnel: '{{committed}} personnel of {{capacity}}',
  overAsset: '{{committed}} {{name}} of {{capacity}}',
  improvementOverdue_Open:
    "Improvement '{{improvement}}' from exercise '{{exercise}}' was due on {{due}} and is still open.",
  improvementOverdue_InProgress:
    "Improvement '{{improvement}}' from exercise '{{exercise}}' was due on {{due}} and is still in progress.",
};

export const fr: Translation<typeof en> = {
  priorityThreatWithoutActivity: 'La menace prioritaire {{code}} « {{title}} » n’a aucune activité en cours.',
  highRiskThreatWithoutActivity:
    'La menace {{code}} « {{title}} » présente un risque {{risk}} et n’a aucune activité en cours.',
  threatIncomplete_one: 'La menace {{code}} « {{title}} » est incomplète : {{missing}} reste à évaluer.',
  threatIncomplete_other: 'La menace {{code}} « {{title}} » est incomplète : {{missing}} restent à évaluer.',
  missing: {
    location: 'le lieu',
    perpetrator: 'l’auteur',
    civiliansAtRisk: 'les civils à risque',
    source: 'la source',
    reviewDate: 'la date de réexamen',
  },
  and: '{{first}} et {{last}}',
  activityWithoutLead: 'L’activité {{code}} « {{title}} » n’a pas de composante chef de file.',
  dueDiligenceMissing:
    'L’activité {{code}} « {{title}} » appuie {{supportedForce}} sans évaluation au titre de la politique de '
    + 'diligence voulue en matière de droits de l’homme (PDVDH).',
  closedThreatStillReferenced:
    'L’activité {{code}} répond encore à la menace close {{threatCode}} « {{threatTitle}} ».',
  assignedComponentMissing: 'L’activité {{code}} est affectée à une composante que la mission n’a plus.',
  componentOverCommitted: '{{component}} est engagée au-delà de sa capacité : {{over}}.',
  overPersonnel: '{{committed}} personnes sur {{capacity}}',
  overAsset: '{{committed}} {{name}} sur {{capacity}}',
  improvementOverdue_Open:
    'La mesure d’amélioration « {{improvement}} » issue de l’exercice « {{exercise}} » était due le {{due}} et '
    + 'reste ouverte.',
  improvementOverdue_InProgress:
    'La mesure d’amélioration « {{improvement}} » issue de l’exercice « {{exercise}} » était due le {{due}} et '
    + 'est toujours en cours.',
};
