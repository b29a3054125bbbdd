// The mission page's table-top exercises: each with its state, linking to its control room or player view and its
// report; a mission Controller creates one on the strategy at its current version.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, command, get } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
import { href, navigate } from '../route';
import { humanize } from '../workspace/fields';
import type { ExerciseSummary } from './types';

export function MissionExercises({ missionId, strategyId, strategyVersion, canCreate }: {
  missionId: string;
  strategyId: string | null;
  strategyVersion: number | null;
  canCreate: boolean;
}) {
  const [exercises, setExercises] = useState<ExerciseSummary[] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [name, setName] = useState('');
  const [scenario, setScenario] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setExercises(null);
    get<ExerciseSummary[]>(`/api/missions/${missionId}/exercises`)
      .then((list) => setExercises(list ?? []))
      .catch((error) => {
        if (error instanceof ApiError && error.status === 404 && !error.problem.type) setUnavailable(true); // a server without exercises
        else showError(error);
        setExercises([]);
      });
  }, [missionId]);

  const create = async (event: Event) => {
    event.preventDefault();
    if (!strategyId || !name.trim()) return;
    setBusy(true);
    try {
      // No strategyVersion: the server takes the strategy at its current version.
      const response = await command<{ exerciseId?: string; id?: string } | null>('POST', '/api/exercises',
        { strategyId, name: name.trim(), scenario: scenario.trim() || null });
      const id = response.item?.exerciseId ?? response.item?.id ?? response.streamId;
      navigate(href.exercise(id));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  if (unavailable) return null;
  const sorted = exercises ?? []; // the server lists the most recently active first
  return (
    <section class="panel" data-testid="exercises" aria-labelledby="exercises-title">
      <h2 id="exercises-title">{t('exercise.missionExercises.title')}</h2>
      {exercises === null ? (
        <p class="muted" aria-live="polite">{t('exercise.missionExercises.loading')}</p>
      ) : sorted.length === 0 ? (
        <p class="muted">{t('exercise.missionExercises.none')}</p>
      ) : (
        <ul class="exercise-list">
          {sorted.map((e) => {
            const { exerciseId: id, state } = e;
            return (
              <li key={id} data-testid="exercise" data-id={id} data-name={e.name}>
                <a href={href.exercise(id)} data-testid="open-exercise">{e.name}</a>
                <span class={`clock-state clock-${state.toLowerCase()}`}> {humanize(state)}</span>
                <span class="muted small">
                  {' · '}
                  {t('exercise.missionExercises.summary',
                    { released: e.released, injects: e.injects, version: e.strategyVersion })}
                  {' · '}
                  {t('exercise.missionExercises.directedBy', { name: e.createdBy })}
                </span>{' '}
                <a class="small" href={href.exerciseReport(id)} data-testid="open-exercise-report">
                  {t('exercise.missionExercises.report')}
                </a>
              </li>
            );
          })}
        </ul>
      )}
      {canCreate && strategyId && (
        <form class="create-exercise" data-testid="create-exercise-form" onSubmit={create}
          aria-label={t('exercise.missionExercises.create')}>
          <h3>{t('exercise.missionExercises.newExercise')}</h3>
          <p class="muted small">
            {strategyVersion ? t('exercise.missionExercises.copyHintVersion', { version: strategyVersion })
              : t('exercise.missionExercises.copyHint')}
          </p>
          <div class="field">
            <label for="exercise-name">{t('exercise.missionExercises.name')} <span aria-hidden="true">*</span></label>
            <input id="exercise-name" name="name" required maxLength={200} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="exercise-scenario">{t('exercise.missionExercises.scenario')}</label>
            <textarea id="exercise-scenario" name="scenario" rows={3} maxLength={4000} value={scenario}
              onInput={(e) => setScenario((e.currentTarget as HTMLTextAreaElement).value)} />
          </div>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="create-exercise" disabled={busy || !name.trim()}>
              {t('exercise.missionExercises.createExercise')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
