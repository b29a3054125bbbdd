// An exercise (#/exercises/{id}): the control room for the director, controllers and evaluators, the player view for
// players (by the board's `you.role`), both kept live by the planning hub.
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../i18n';
import { href } from '../route';
import { session as sessionStore } from '../session';
import { useStore } from '../store';
import { showError } from '../errors';
import { humanize } from '../workspace/fields';
import { ClockControls, ScenarioClock } from './Clock';
import { ExerciseContext, exerciseView } from './context';
import { ControlRoom } from './ControlRoom';
import { ExerciseSession } from './exerciseSession';
import { HotWashPanel } from './HotWash';
import { PlayerView } from './PlayerView';

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
    // The link sits inside the sentence wherever the language puts it.
    const [beforeLink, afterLink] = t('exercise.screen.reportOpen', { link: '\u0000' }).split('\u0000');
    return (
      <main class="page" id="main" tabIndex={-1} data-testid="exercise-unavailable">
        {failure ? (
          <p role="alert">
            {/forbidden/i.test(message) ? t('exercise.screen.notParticipant')
              : /not found/i.test(message) ? t('exercise.screen.notFound') : t('exercise.screen.cannotShow')}{' '}
            {beforeLink}<a href={href.exerciseReport(exerciseId)}>{t('exercise.screen.reportLink')}</a>{afterLink}{' '}
            <a href={href.portfolio()}>{t('exercise.screen.backToMissions')}</a>
          </p>
        ) : (
          <p class="muted" aria-live="polite">{t('exercise.screen.loading')}</p>
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
            <nav aria-label={t('exercise.screen.breadcrumb')} class="small">
              <a href={href.portfolio()}>{t('exercise.screen.missions')}</a>
              {' / '}
              <a href={href.mission(board.missionId)}>{board.plan.mission?.acronym ?? t('exercise.screen.mission')}</a>
              {' / '}
              {t('exercise.screen.exercises')}
            </nav>
            <h1>{board.name}</h1>
            <p class="muted small">
              {player ? t('exercise.screen.player') : t('exercise.screen.controlRoom')}
              {' · '}{t('exercise.screen.you', { role: humanize(board.you.role) })}
              {' · '}{t('exercise.screen.onPlan', { title: board.plan.title, version: board.strategyVersion })}
            </p>
          </div>
          <div class="ex-clock">
            <ScenarioClock />
            {view.controls && <ClockControls />}
          </div>
          <div class="ex-links">
            <span class={`link link-${link}`} data-testid="link-state" role="status">
              {t(`exercise.screen.link.${link}`)}
            </span>
            {(view.evaluates || board.clock.state === 'Ended') && (
              <a class="button" href={href.exerciseReport(board.exerciseId)} data-testid="open-report">
                {t('exercise.screen.report')}
              </a>
            )}
          </div>
        </header>
        {board.scenario && (
          <details class="scenario">
            <summary>{t('exercise.screen.scenario')}</summary>
            <p>{board.scenario}</p>
          </details>
        )}
        {board.clock.state === 'Ended' && <HotWashPanel />}
        {player ? <PlayerView /> : <ControlRoom />}
      </main>
    </ExerciseContext.Provider>
  );
}
