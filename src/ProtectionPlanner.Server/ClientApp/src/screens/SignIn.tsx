// Demo sign-in: one button per demo user (GET /api/demo/users, POST /api/demo/token).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, request } from '../api';
import { clearError, showError } from '../errors';
import { t } from '../i18n';
import { signIn } from '../session';
import type { DemoUser } from '../types';
import { humanize } from '../workspace/fields';

export function SignIn() {
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [demoOff, setDemoOff] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    get<DemoUser[]>('/api/demo/users')
      .then(setUsers)
      .catch((error) => {
        if (error instanceof ApiError && error.status === 404) setDemoOff(true);
        else showError(error);
      });
  }, []);

  const signInAs = async (user: DemoUser) => {
    setBusy(user.userName);
    clearError();
    try {
      const { data } = await request<{ accessToken: string }>('POST', '/api/demo/token',
        { body: { userName: user.userName } });
      signIn({ token: data.accessToken, userName: user.userName, displayName: user.displayName });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <main class="page signin" id="main" tabIndex={-1} data-testid="signin">
      <h1>{t('screens.signIn.title')}</h1>
      {demoOff && <p>{t('screens.signIn.demoOff')}</p>}
      {users === null && !demoOff && <p class="muted" aria-live="polite">{t('screens.signIn.loadingUsers')}</p>}
      {users && (
        <>
          <p class="muted">{t('screens.signIn.demoMode')}</p>
          <ul class="user-list">
            {users.map((user) => (
              <li key={user.userName}>
                <button type="button" class="user-card" data-testid={`signin-as-${user.userName}`}
                  disabled={busy !== null} onClick={() => signInAs(user)}>
                  <span class="user-name">{user.displayName}</span>
                  <span class="user-id">
                    {user.userName}
                    {user.globalRoles.length > 0 && ` · ${user.globalRoles.map(humanize).join(', ')}`}
                  </span>
                  {user.description && <span class="user-description">{user.description}</span>}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
