// Who else has the strategy open, and whether the live link is up.
import { t } from '../i18n';
import { session as signedIn } from '../session';
import { useStore } from '../store';
import { useWorkspace } from './context';
import { humanize } from './fields';

const initials = (name: string) =>
  name.split(/[\s,]+/).filter((w) => /^[A-Za-z]/.test(w)).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || '?';

/** The live link's state in words: `connecting`, `live`, `reconnecting` or `offline`. */
const linkText = (link: 'connecting' | 'live' | 'reconnecting' | 'offline') => t(`workspace.presence.${link}`);

/** Who a viewer is, as the avatar's tooltip says: name, user name and role, and whether editing or me. */
function viewerTitle(viewer: { user: string; displayName: string; role: string }, editing: boolean, me: boolean) {
  const who = viewer.role
    ? t('workspace.presence.viewerWithRole', {
        name: viewer.displayName,
        user: viewer.user,
        role: humanize(viewer.role),
      })
    : t('workspace.presence.viewer', { name: viewer.displayName, user: viewer.user });
  return `${who}${editing ? t('workspace.presence.editing') : ''}${me ? t('workspace.presence.you') : ''}`;
}

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
      <span class={`link link-${link}`} role="status" data-testid="link-state">{linkText(link)}</span>
      <ul class="presence" data-testid="presence" aria-label={t('workspace.presence.viewers')}>
        {viewers.map((viewer) => {
          const editing = presence?.editing.filter((e) => e.user === viewer.user).length ?? 0;
          return (
            <li key={viewer.user} class={`avatar ${viewer.user === me ? 'me' : ''} ${editing ? 'is-editing' : ''}`} data-testid={`presence-${viewer.user}`}
              title={viewerTitle(viewer, editing > 0, viewer.user === me)}>
              <span aria-hidden="true">{initials(viewer.displayName || viewer.user)}</span>
              <span class="visually-hidden">
                {viewer.user}
                {viewer.user === me ? t('workspace.presence.youHidden') : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
