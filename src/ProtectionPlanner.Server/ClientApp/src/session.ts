// Who is signed in. Kept in sessionStorage, so two tabs can be two different users (handy for live editing), and the
// last sign-in in localStorage too, so that a new tab of the same browser starts signed in as that user.
import { store } from './store';

export interface Session {
  token: string;
  userName: string;
  displayName: string;
  /** Set by the server for a printed document: the language it was asked in. */
  language?: 'en' | 'fr';
}

const key = 'protection-planner.session';

function restore(): Session | null {
  try {
    const text = sessionStorage.getItem(key) ?? localStorage.getItem(key);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

export const session = store<Session | null>(restore());

session.subscribe((value) => {
  try {
    if (value) {
      sessionStorage.setItem(key, JSON.stringify(value));
      localStorage.setItem(key, JSON.stringify(value));
    } else {
      const remembered = localStorage.getItem(key);
      const mine = sessionStorage.getItem(key);
      sessionStorage.removeItem(key);
      if (remembered === mine) localStorage.removeItem(key); // another tab's later sign-in stays
    }
  } catch {
    // storage refused: the session lives in this page only
  }
});

export function signIn(value: Session): void {
  session.set(value);
}

export function signOut(): void {
  session.set(null);
}
