// The mission page's table-top exercises: each with its state, linking to its control room or player view and its
// report; a mission Controller creates one on the strategy at its current version.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, command, get } from '../api';
import { showError } from '../errors';
import { href, navigate } from '../route';
import { clockStateLabels, type ExerciseSummary } from './types';

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
      <h2 id="exercises-title">Table-top exercises</h2>
      {exercises === null ? (
        <p class="muted" aria-live="polite">Loading…</p>
      ) : sorted.length === 0 ? (
        <p class="muted">No exercise yet.</p>
      ) : (
        <ul class="exercise-list">
          {sorted.map((e) => {
            const { exerciseId: id, state } = e;
            return (
              <li key={id} data-testid="exercise" data-id={id} data-name={e.name}>
                <a href={href.exercise(id)} data-testid="open-exercise">{e.name}</a>
                <span class={`clock-state clock-${state.toLowerCase()}`}> {clockStateLabels[state]}</span>
                <span class="muted small">
                  {` · ${e.released} of ${e.injects} injects released · strategy version ${e.strategyVersion}`}
                  {` · directed by ${e.createdBy}`}
                </span>{' '}
                <a class="small" href={href.exerciseReport(id)} data-testid="open-exercise-report">report</a>
              </li>
            );
          })}
        </ul>
      )}
      {canCreate && strategyId && (
        <form class="create-exercise" data-testid="create-exercise-form" onSubmit={create} aria-label="Create an exercise">
          <h3>New exercise</h3>
          <p class="muted small">Plays a copy of the strategy as it stands now{strategyVersion ? ` (version ${strategyVersion})` : ''}; the strategy itself is never changed by play.</p>
          <div class="field">
            <label for="exercise-name">Name <span aria-hidden="true">*</span></label>
            <input id="exercise-name" name="name" required maxLength={200} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="exercise-scenario">Scenario</label>
            <textarea id="exercise-scenario" name="scenario" rows={3} maxLength={4000} value={scenario}
              onInput={(e) => setScenario((e.currentTarget as HTMLTextAreaElement).value)} />
          </div>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="create-exercise" disabled={busy || !name.trim()}>Create exercise</button>
          </div>
        </form>
      )}
    </section>
  );
}
