// Who else has the strategy open, and whether the live link is up.
import { session as signedIn } from '../session';
import { useStore } from '../store';
import { useWorkspace } from './context';

const initials = (name: string) =>
  name.split(/[\s,]+/).filter((w) => /^[A-Za-z]/.test(w)).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';

const linkText = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline: changes of others do not show' };

export function PresenceBar() {
  const { session, me } = useWorkspace();
  const presence = useStore(session.presence);
  const link = useStore(session.link);
  const { displayName } = useStore(signedIn) ?? { displayName: me };
  // I am looking at it even before (or whatever the order in which) the server's presence says so.
  const listed = presence?.viewers ?? [];
  const viewers = link === 'live' && !listed.some((v) => v.user === me) ? [...listed, { user: me, displayName, role: '' }] : listed;
  return (
    <div class="presence-bar">
      <span class={`link link-${link}`} role="status" data-testid="link-state">{linkText[link]}</span>
      <ul class="presence" data-testid="presence" aria-label="People viewing this strategy">
        {viewers.map((viewer) => {
          const editing = presence?.editing.filter((e) => e.user === viewer.user).length ?? 0;
          return (
            <li key={viewer.user} class={`avatar ${viewer.user === me ? 'me' : ''} ${editing ? 'is-editing' : ''}`} data-testid={`presence-${viewer.user}`}
              title={`${viewer.displayName} (${viewer.user}${viewer.role ? `, ${viewer.role}` : ''})${editing ? ', editing' : ''}${viewer.user === me ? ': you' : ''}`}>
              <span aria-hidden="true">{initials(viewer.displayName || viewer.user)}</span>
              <span class="visually-hidden">{viewer.user}{viewer.user === me ? ' (you)' : ''}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
