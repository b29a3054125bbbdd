// The control room of the director, controllers and evaluators: the MSEL timeline (release, delay, skip, edit, add,
// import, export), what the players decide and answer as it arrives, observations, and the participants.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useExercise } from './context';
import { Feed, Observations } from './Feed';
import { MselImport, MselTimeline } from './Msel';
import { Participants } from './Participants';
import { PlanCopy } from './PlanCopy';

export function ControlRoom() {
  const { board, controls, evaluates } = useExercise();
  const [target, setTarget] = useState<{ injectId: string | null; decisionId: string | null }>({ injectId: null, decisionId: null });
  return (
    <div class="control-grid">
      <div class="control-main">
        <MselTimeline />
        {controls && board.clock.state !== 'Ended' && <MselImport />}
        <PlanCopy />
      </div>
      <aside class="control-side" aria-label={t('exercise.screen.play')}>
        <Feed onObserve={evaluates ? (next) => {
          setTarget(next);
          document.getElementById('observation-text')?.focus();
        } : undefined} />
        {evaluates && <Observations target={target} onTarget={setTarget} />}
        <Participants />
      </aside>
    </div>
  );
}
