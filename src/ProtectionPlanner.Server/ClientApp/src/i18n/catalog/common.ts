// The app's frame and what every screen shares: header, language, errors, dates.
import type { Translation } from '../types';

export const en = {
  skipToContent: 'Skip to content',
  tagline: 'protection of civilians planning',
  signOut: 'Sign out',
  language: 'Language',
  languageNames: { en: 'English', fr: 'Français' },
  errors: {
    unreachable: 'The server cannot be reached',
    unreachableDetail: 'Check your connection; no answer came back.',
    signedOut: 'Signed out',
    signedOutDetail: 'Your session has expired; sign in again.',
    somethingWentWrong: 'Something went wrong',
    checkTheForm: 'Check the form',
    fieldsNeedAttention_one: '{{count}} field needs attention.',
    fieldsNeedAttention_other: '{{count}} fields need attention.',
    dismiss: 'Dismiss the error',
  },
  dates: {
    range: '{{start}} to {{end}}',
    from: 'from {{start}}',
    until: 'until {{end}}',
  },
};

export const fr: Translation<typeof en> = {
  skipToContent: 'Aller au contenu',
  tagline: 'planification de la protection des civils',
  signOut: 'Se déconnecter',
  language: 'Langue',
  languageNames: { en: 'English', fr: 'Français' },
  errors: {
    unreachable: 'Le serveur est injoignable',
    unreachableDetail: 'Vérifiez votre connexion : aucune réponse n’est revenue.',
    signedOut: 'Déconnecté',
    signedOutDetail: 'Votre session a expiré ; reconnectez-vous.',
    somethingWentWrong: 'Une erreur est survenue',
    checkTheForm: 'Vérifiez le formulaire',
    fieldsNeedAttention_one: '{{count}} champ demande votre attention.',
    fieldsNeedAttention_other: '{{count}} champs demandent votre attention.',
    dismiss: 'Fermer le message d’erreur',
  },
  dates: {
    range: 'du {{start}} au {{end}}',
    from: 'à partir du {{start}}',
    until: 'jusqu’au {{end}}',
  },
};
