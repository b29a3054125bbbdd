// The UI's language: English or French, the browser's by default, remembered per user in this browser. Strings come
// from the catalogs (catalog/*.ts, English and French side by side) through i18next; docs/ui.md#languages.
import i18next from 'i18next';
import { session } from '../session';
import { store } from '../store';
import { en, fr } from './resources';

export type Language = 'en' | 'fr';
export const languages: readonly Language[] = ['en', 'fr'];

/** The user's choice, and this browser's last choice (for the sign-in page and users who never chose). */
const preferenceKey = (userName?: string) => `protection-planner.language${userName ? `.${userName}` : ''}`;

/** The user's choice in this browser, else this browser's last choice, else the browser's first language we
 * speak, else English. */
function preferred(): Language {
  const printed = session.value?.language; // a printed document is rendered in the language it was asked in
  if (printed && languages.includes(printed)) return printed;
  try {
    const chosen = (session.value && localStorage.getItem(preferenceKey(session.value.userName)))
      ?? localStorage.getItem(preferenceKey());
    if (chosen === 'en' || chosen === 'fr') return chosen;
  } catch {
    // storage refused: fall back to the browser's language
  }
  const given = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  const browser = given.map((l) => l.slice(0, 2).toLowerCase());
  return (browser.find((l) => languages.includes(l as Language)) as Language | undefined) ?? 'en';
}

void i18next.init({
  lng: preferred(),
  fallbackLng: false,
  resources: { en: { translation: en }, fr: { translation: fr } },
  initAsync: false,
  interpolation: { escapeValue: false }, // Preact escapes what it renders
  returnNull: false,
});

// The browser tests read both catalogs from here to find English left on a French screen.
(globalThis as { plannerI18n?: typeof i18next }).plannerI18n = i18next;

/** The language on screen; components re-render from the root when it changes. */
export const language = store<Language>(i18next.language as Language);
export const t = i18next.t.bind(i18next);

/** The locale for dates and numbers: "7 déc. 2026" in French, "7 Dec 2026" in English, 24-hour times in both. */
export function locale(): string {
  return language.value === 'fr' ? 'fr-FR' : 'en-GB';
}

function show(value: Language): void {
  void i18next.changeLanguage(value);
  if (typeof document !== 'undefined') document.documentElement.lang = value;
  language.set(value);
}

/** Switches the language and remembers it for the signed-in user. */
export function setLanguage(value: Language): void {
  try {
    if (session.value) localStorage.setItem(preferenceKey(session.value.userName), value);
    localStorage.setItem(preferenceKey(), value);
  } catch {
    // storage refused: the choice lasts for this page
  }
  show(value);
}

if (typeof document !== 'undefined') document.documentElement.lang = language.value;
// Another user signing in on this browser gets their own language.
session.subscribe(() => {
  const next = preferred();
  if (next !== language.value) show(next);
});
