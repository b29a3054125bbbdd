// Who plays: the director, controllers, players (by component) and evaluators; control assigns mission members.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
import { humanize } from '../workspace/fields';
import { componentName, useExercise } from './context';
import { exerciseRoles, type ExerciseRole } from './types';

interface Member { userName: string; role: string; componentId: string | null }

const roleOrder = (role: ExerciseRole) => exerciseRoles.indexOf(role);

export function Participants() {
  const { board, controls, send } = useExercise();
  const [members, setMembers] = useState<Member[]>([]);
  const [userName, setUserName] = useState('');
  const [role, setRole] = useState<ExerciseRole>('Player');
  const [componentId, setComponentId] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const open = board.clock.state !== 'Ended';

  useEffect(() => {
    if (!controls) return;
    get<{ members: Member[] }>(`/api/missions/${board.missionId}`).then((mission) => setMembers(mission.members ?? [])).catch(showError);
  }, [controls, board.missionId]);

  const participants = [...board.participants].sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.userName.localeCompare(b.userName));

  const assign = async (event: Event) => {
    event.preventDefault();
    if (!userName.trim()) return;
    setBusy('assign');
    try {
      await send('POST', '/participants', { userName: userName.trim(), role, componentId: componentId || null });
      setUserName('');
      setComponentId('');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (name: string) => {
    setBusy(name);
    try {
      await send('DELETE', `/participants/${encodeURIComponent(name)}`);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="panel" data-testid="participants" aria-labelledby="participants-title">
      <header class="panel-header">
        <h2 id="participants-title">{t('exercise.participants.title')}</h2>
        <span class="muted small">{participants.length}</span>
      </header>
      <ul class="participants">
        {participants.map((p) => (
          <li key={p.userName} data-testid="participant" data-user={p.userName} data-role={p.role}>
            <strong>{p.userName}</strong> <span class={`role role-${p.role.toLowerCase()}`}>{humanize(p.role)}</span>
            {p.componentId && (
              <span class="muted small">
                {' '}
                {t('exercise.participants.for', { component: p.componentName ?? componentName(board, p.componentId) })}
              </span>
            )}
            {controls && open && p.role !== 'Director' && (
              <button type="button" class="link-button small push-right" data-testid="remove-participant" disabled={busy === p.userName}
                aria-label={t('exercise.participants.removeFromExercise', { name: p.userName })}
                onClick={() => remove(p.userName)}>
                {t('exercise.participants.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {controls && open && (
        <form class="assign-form" data-testid="assign-form" onSubmit={assign}
          aria-label={t('exercise.participants.assignTitle')}>
          <div class="field">
            <label for="participant-user">{t('exercise.participants.member')}</label>
            {members.length > 0 ? (
              <select id="participant-user" name="userName" value={userName} required onChange={(e) => {
                const name = (e.currentTarget as HTMLSelectElement).value;
                setUserName(name);
                const member = members.find((m) => m.userName === name);
                if (member?.role === 'Player') setRole('Player');
                else if (member?.role === 'Observer') setRole('Evaluator');
                else if (member?.role === 'Controller') setRole('Controller');
              }}>
                <option value="">{t('exercise.participants.choose')}</option>
                {members.map((m) => <option key={m.userName} value={m.userName}>{m.userName} ({humanize(m.role)})</option>)}
              </select>
            ) : (
              <input id="participant-user" name="userName" value={userName} required onInput={(e) => setUserName((e.currentTarget as HTMLInputElement).value)} />
            )}
          </div>
          <div class="field">
            <label for="participant-role">{t('exercise.participants.role')}</label>
            <select id="participant-role" name="role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as ExerciseRole)}>
              {exerciseRoles.filter((r) => r !== 'Director')
                .map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
            </select>
          </div>
          {role === 'Player' && (
            <div class="field">
              <label for="participant-component">{t('exercise.participants.playsFor')}</label>
              <select id="participant-component" name="componentId" value={componentId} onChange={(e) => setComponentId((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('exercise.participants.memberComponent')}</option>
                {board.plan.components.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </div>
          )}
          <button type="submit" class="primary" data-testid="assign-participant"
            disabled={busy === 'assign' || !userName.trim()}>
            {t('exercise.participants.assign')}
          </button>
        </form>
      )}
    </section>
  );
}
