// The signed-in user's global roles and mission roles (GET /api/me), loaded once per sign-in.
import { get } from './api';
import { showError } from './errors';
import { session } from './session';
import { store } from './store';
import type { Me } from './types';

export const me = store<Me | null>(null);

async function load(): Promise<void> {
  if (!session.value) {
    me.set(null);
    return;
  }
  try {
    me.set(await get<Me>('/api/me'));
  } catch (error) {
    showError(error);
  }
}

let loadedFor: string | null = null;
session.subscribe((value) => {
  if (value?.token !== loadedFor) {
    loadedFor = value?.token ?? null;
    void load();
  }
});
loadedFor = session.value?.token ?? null;
void load();
