// An exercise (#/exercises/{id}): the control room for the director, controllers and evaluators, the player view for
// players (by the board's `you.role`), both kept live by the planning hub.
import { useEffect, useMemo } from 'preact/hooks';
import { href } from '../route';
import { session as sessionStore } from '../session';
import { useStore } from '../store';
import { showError } from '../errors';
import { ClockControls, ScenarioClock } from './Clock';
import { ExerciseContext, exerciseView } from './context';
import { ControlRoom } from './ControlRoom';
import { ExerciseSession } from './exerciseSession';
import { HotWashPanel } from './HotWash';
import { PlayerView } from './PlayerView';

const linkLabels = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

export function ExerciseScreen({ exerciseId }: { exerciseId: string }) {
  const session = useMemo(() => new ExerciseSession(exerciseId), [exerciseId]);
  const board = useStore(session.board);
  const failure = useStore(session.failure);
  const link = useStore(session.link);
  const me = useStore(sessionStore)?.userName ?? '';

  useEffect(() => {
    void session.start();
    return () => void session.stop();
  }, [session]);

  useEffect(() => {
    if (failure && board) showError(failure);
  }, [failure]);

  if (!board) {
    const message = failure ? String((failure as Error).message ?? failure) : '';
    return (
      <main class="page" id="main" tabIndex={-1} data-testid="exercise-unavailable">
        {failure ? (
          <p role="alert">
            {/forbidden/i.test(message)
              ? 'You are not a participant in this exercise. '
              : /not found/i.test(message) ? 'This exercise does not exist. ' : 'This exercise cannot be shown. '}
            <a href={href.exerciseReport(exerciseId)}>Its after-action report</a> is open to the mission once the exercise has ended.{' '}
            <a href={href.portfolio()}>Back to the missions</a>
          </p>
        ) : (
          <p class="muted" aria-live="polite">Loading the exercise…</p>
        )}
      </main>
    );
  }

  const view = exerciseView(session, board, me);
  const player = board.you.role === 'Player';
  return (
    <ExerciseContext.Provider value={view}>
      <main class="exercise" id="main" tabIndex={-1} data-testid={player ? 'player-view' : 'control-room'} data-version={board.version}
        data-role={board.you.role}>
        <header class="ex-header">
          <div class="ex-title">
            <nav aria-label="Breadcrumb" class="small">
              <a href={href.portfolio()}>Missions</a> / <a href={href.mission(board.missionId)}>{board.plan.mission?.acronym ?? 'Mission'}</a> / Exercises
            </nav>
            <h1>{board.name}</h1>
            <p class="muted small">
              {player ? 'Player' : 'Control room'} · you: {board.you.role}
              {' · '}on “{board.plan.title}” at version {board.strategyVersion}
            </p>
          </div>
          <div class="ex-clock">
            <ScenarioClock />
            {view.controls && <ClockControls />}
          </div>
          <div class="ex-links">
            <span class={`link link-${link}`} data-testid="link-state" role="status">{linkLabels[link]}</span>
            {(view.evaluates || board.clock.state === 'Ended') && (
              <a class="button" href={href.exerciseReport(board.exerciseId)} data-testid="open-report">After-action report</a>
            )}
          </div>
        </header>
        {board.scenario && (
          <details class="scenario">
            <summary>Scenario</summary>
            <p>{board.scenario}</p>
          </details>
        )}
        {board.clock.state === 'Ended' && <HotWashPanel />}
        {player ? <PlayerView /> : <ControlRoom />}
      </main>
    </ExerciseContext.Provider>
  );
}
