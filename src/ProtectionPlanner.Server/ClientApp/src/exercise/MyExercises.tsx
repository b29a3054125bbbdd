// Your running and upcoming exercises (GET /api/me/exercises), at the top of the page you land on after signing in:
// a player reaches the exercise they play in one click, without knowing which mission it belongs to.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
import { href } from '../route';
import { scenarioText } from './time';
import { humanize } from '../workspace/fields';
import type { MyExercise } from './types';

export function MyExercises() {
  const [exercises, setExercises] = useState<MyExercise[] | null>(null);

  useEffect(() => {
    get<MyExercise[]>('/api/me/exercises')
      .then((list) => setExercises(list ?? []))
      .catch((error) => {
        // A server without exercises: nothing to show.
        if (!(error instanceof ApiError) || error.status !== 404) showError(error);
        setExercises([]);
      });
  }, []);

  if (!exercises || exercises.length === 0) return null;
  return (
    <section class="panel my-exercises" data-testid="my-exercises" aria-labelledby="my-exercises-title">
      <h2 id="my-exercises-title">{t('exercise.myExercises.title')}</h2>
      <ul class="exercise-list">
        {exercises.map((e) => (
          <li key={e.exerciseId} data-testid="my-exercise" data-id={e.exerciseId} data-state={e.state}>
            <a class="button primary" href={href.exercise(e.exerciseId)} data-testid="open-my-exercise">
              {e.role === 'Player' ? t('exercise.myExercises.play', { name: e.name })
                : e.role === 'Evaluator' ? t('exercise.myExercises.observe', { name: e.name })
                  : t('exercise.myExercises.control', { name: e.name })}
            </a>{' '}
            <span class={`clock-state clock-${e.state.toLowerCase()}`}>{humanize(e.state)}</span>
            <span class="muted small">
              {' · '}
              {e.state === 'NotStarted' ? t('exercise.myExercises.notStartedYet')
                : t('exercise.myExercises.at', { time: scenarioText(e.scenarioTime) })}
              {` · ${e.missionAcronym} · `}
              {e.componentName
                ? t('exercise.myExercises.youFor', { role: humanize(e.role), component: e.componentName })
                : t('exercise.myExercises.you', { role: humanize(e.role) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
