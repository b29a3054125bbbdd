// Who is signed in. Kept in sessionStorage, so two tabs can be two different users (handy for live editing).
import { store } from './store';

export interface Session {
  token: string;
  userName: string;
  displayName: string;
}

const key = 'protection-planner.session';

function restore(): Session | null {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

export const session = store<Session | null>(restore());

session.subscribe((value) => {
  if (value) sessionStorage.setItem(key, JSON.stringify(value));
  else sessionStorage.removeItem(key);
});

export function signIn(value: Session): void {
  session.set(value);
}

export function signOut(): void {
  session.set(null);
}
