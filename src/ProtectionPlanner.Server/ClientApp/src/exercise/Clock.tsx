// The scenario clock, ticking on the client from the board's clock and the server's time; and, for control, start
// (at a speed), pause, resume, speed and end.
import { useEffect, useState } from 'preact/hooks';
import { showError } from '../errors';
import { t } from '../i18n';
import { useStore } from '../store';
import { useExercise } from './context';
import { scenarioLabel, scenarioNow } from './time';
import { humanize } from '../workspace/fields';

/** Re-renders every `ms` while `on`. */
function useTick(on: boolean, ms = 500): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [on, ms]);
}

export function ScenarioClock() {
  const { board, session } = useExercise();
  const offset = useStore(session.serverOffsetMs);
  const clock = board.clock;
  useTick(clock.state === 'Running');
  const now = scenarioNow(clock, offset);
  return (
    <div class="scenario-clock" role="timer" aria-label={t('exercise.clock.scenarioTime')}>
      <span class="clock-time" data-testid="clock" data-ms={Math.floor(now)}>{scenarioLabel(now, true)}</span>
      <span class={`clock-state clock-${clock.state.toLowerCase()}`} data-testid="clock-state" data-state={clock.state}>
        {humanize(clock.state)}
      </span>
      {clock.state !== 'NotStarted' && <span class="muted small">×{clock.speed}</span>}
    </div>
  );
}

export function ClockControls() {
  const { board, send } = useExercise();
  const state = board.clock.state;
  const [speed, setSpeed] = useState(String(board.clock.speed || 1));
  const [busy, setBusy] = useState(false);
  const [confirmingEnd, setConfirmingEnd] = useState(false);

  const run = async (path: string, body?: unknown) => {
    setBusy(true);
    try {
      await send('POST', `/clock/${path}`, body);
      setConfirmingEnd(false);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const speedValue = Number(speed);
  const speedValid = Number.isFinite(speedValue) && speedValue >= 0.1 && speedValue <= 1440;

  if (state === 'Ended') return null;
  return (
    <div class="clock-controls" role="group" aria-label={t('exercise.clock.controls')}>
      <label class="inline">
        {t('exercise.clock.speed')}
        <input type="number" name="speed" data-testid="clock-speed" min={0.1} max={1440} step="any" value={speed}
          aria-describedby="speed-hint" onInput={(e) => setSpeed((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <span id="speed-hint" class="visually-hidden">{t('exercise.clock.speedHint')}</span>
      {state === 'NotStarted' && (
        <button type="button" class="primary" data-testid="start-exercise" disabled={busy || !speedValid} onClick={() => run('start', { speed: speedValue })}>
          {t('exercise.clock.start')}
        </button>
      )}
      {state !== 'NotStarted' && (
        <button type="button" data-testid="set-speed" disabled={busy || !speedValid || speedValue === board.clock.speed}
          onClick={() => run('speed', { speed: speedValue })}>
          {t('exercise.clock.setSpeed')}
        </button>
      )}
      {state === 'Running' && (
        <button type="button" data-testid="pause-exercise" disabled={busy} onClick={() => run('pause')}>
          {t('exercise.clock.pause')}
        </button>
      )}
      {state === 'Paused' && (
        <button type="button" class="primary" data-testid="resume-exercise" disabled={busy}
          onClick={() => run('resume')}>
          {t('exercise.clock.resume')}
        </button>
      )}
      {state !== 'NotStarted' && !confirmingEnd && (
        <button type="button" class="danger" data-testid="end-exercise" disabled={busy}
          onClick={() => setConfirmingEnd(true)}>
          {t('exercise.clock.end')}
        </button>
      )}
      {confirmingEnd && (
        <span class="confirm" role="group" aria-label={t('exercise.clock.confirmEnd')}>
          {t('exercise.clock.endForEveryone')}{' '}
          <button type="button" class="danger" data-testid="confirm-end-exercise" disabled={busy}
            onClick={() => run('end')}>
            {t('exercise.clock.endNow')}
          </button>{' '}
          <button type="button" onClick={() => setConfirmingEnd(false)}>{t('exercise.clock.keepPlaying')}</button>
        </span>
      )}
    </div>
  );
}
