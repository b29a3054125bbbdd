// The loop from exercise to strategy: hot wash, the report's print view, improvements turned into activities.
import type { Translation } from '../types';

export const en = {
  hotWash: {
    title: 'Hot wash',
    intro: 'Play has ended: what went well, and what did not?',
    nothingYet: 'Nothing said yet.',
    formLabel: 'Say in the hot wash',
    kind: 'Kind',
    text: 'What you would say',
    upTo: '(up to {{count}} characters)',
    save: 'Add to the hot wash',
    said: '({{by}}, {{role}}, {{at}})',
    roles: { Director: 'director', Controller: 'controller', Player: 'player', Evaluator: 'observer' },
  },
  report: {
    printView: 'Print view',
    backToReport: 'Back to the report',
  },
  improvement: {
    reviseStart: 'Revise an activity for it…',
    activityToRevise: 'Activity to revise',
    chooseActivity: '(an activity)',
    revise: 'Revise for it',
    reviseTitle: 'Revise activity {{code}} for an improvement',
  },
};

export const fr: Translation<typeof en> = {
  hotWash: {
    title: 'Retour à chaud',
    intro: 'Le jeu est terminé : qu’est-ce qui a bien fonctionné, et qu’est-ce qui n’a pas fonctionné ?',
    nothingYet: 'Rien n’a encore été dit.',
    formLabel: 'Intervenir dans le retour à chaud',
    kind: 'Nature',
    text: 'Ce que vous voulez dire',
    upTo: '(jusqu’à {{count}} caractères)',
    save: 'Ajouter au retour à chaud',
    said: '({{by}}, {{role}}, {{at}})',
    roles: { Director: 'directeur', Controller: 'contrôleur', Player: 'joueur', Evaluator: 'observateur' },
  },
  report: {
    printView: 'Version imprimable',
    backToReport: 'Retour au rapport',
  },
  improvement: {
    reviseStart: 'Réviser une activité en ce sens…',
    activityToRevise: 'Activité à réviser',
    chooseActivity: '(une activité)',
    revise: 'La réviser en ce sens',
    reviseTitle: 'Réviser l’activité {{code}} pour une mesure d’amélioration',
  },
};
