// A player's view of play: the injects released to them (newest first, highlighted as they arrive), a response and a
// decision for each, and the exercise's plan as their decisions change it.
import { useState } from 'preact/hooks';
import { showError } from '../errors';
import { t } from '../i18n';
import { useStore } from '../store';
import { humanize } from '../workspace/fields';
import { componentName, useExercise } from './context';
import { DecisionForm } from './DecisionForm';
import { decisionEffect } from './Feed';
import { PlanCopy } from './PlanCopy';
import { scenarioText, wallClock } from './time';
import { decisionLabel, type Inject } from './types';

function ResponseForm({ inject }: { inject: Inject }) {
  const { send } = useExercise();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `response-${inject.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await send('POST', '/responses', { injectId: inject.id, text: text.trim() });
      setText('');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="response-form" onSubmit={submit}>
      <label for={id} class="visually-hidden">{t('exercise.player.responseTo', { code: inject.code })}</label>
      <textarea id={id} name="text" data-testid="response-text" rows={2} maxLength={4000} value={text}
        placeholder={t('exercise.player.responsePlaceholder')}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      <button type="submit" data-testid="respond" disabled={busy || !text.trim()}>
        {t('exercise.player.respond')}
      </button>
    </form>
  );
}

function ReceivedInject({ inject, arrived, onDecide }: { inject: Inject; arrived: boolean; onDecide: (inject: Inject) => void }) {
  const { board } = useExercise();
  const playing = board.clock.state === 'Running' || board.clock.state === 'Paused';
  const decisions = board.decisions.filter((d) => d.injectId === inject.id);
  const responses = board.responses.filter((r) => r.injectId === inject.id);
  const titleId = `inject-title-${inject.id}`;
  return (
    <li class={`player-inject${arrived ? ' arrived live-changed' : ''}`} data-testid="player-inject" data-id={inject.id} data-code={inject.code}
      aria-labelledby={titleId}>
      <header class="inject-head">
        <h3 id={titleId}><span class="code">{inject.code}</span> {humanize(inject.delivery)}</h3>
        {arrived && <span class="mark changed" role="status">{t('exercise.player.new')}</span>}
        <span class="muted small push-right">
          {inject.release ? `${scenarioText(inject.release.scenarioTime)} · ${wallClock(inject.release.at)}` : scenarioText(inject.scenarioTime)}
        </span>
      </header>
      <p class="synopsis" data-testid="inject-synopsis">{inject.synopsis}</p>
      {(decisions.length > 0 || responses.length > 0) && (
        <ul class="answers small">
          {decisions.map((d) => (
            <li key={d.id} data-testid="my-decision">
              <strong>{decisionLabel(d.kind)}</strong>{' '}
              {d.componentId ? t('exercise.player.decisionByFor',
                { name: d.by, component: componentName(board, d.componentId), effect: decisionEffect(board, d) })
                : t('exercise.player.decisionBy', { name: d.by, effect: decisionEffect(board, d) })}
              <div class="muted">{t('exercise.player.rationale', { rationale: d.rationale })}</div>
            </li>
          ))}
          {responses.map((r) => (
            <li key={r.id} data-testid="my-response">
              <strong>{t('exercise.player.response')}</strong>{' '}
              {t('exercise.player.responseBy', { name: r.by, text: r.text })}
            </li>
          ))}
        </ul>
      )}
      {playing && (
        <div class="inject-actions">
          <ResponseForm inject={inject} />
          <button type="button" class="primary" data-testid="decide" onClick={() => onDecide(inject)}>
            {t('exercise.player.decide')}
          </button>
        </div>
      )}
    </li>
  );
}

export function PlayerView() {
  const { board, session } = useExercise();
  const arrivals = useStore(session.arrivals);
  const [deciding, setDeciding] = useState<Inject | 'free' | null>(null);
  const received = board.injects
    .filter((i) => i.status === 'Released')
    .sort((a, b) => Date.parse(b.release?.at ?? '') - Date.parse(a.release?.at ?? '') || b.code.localeCompare(a.code, undefined, { numeric: true }));
  const playing = board.clock.state === 'Running' || board.clock.state === 'Paused';
  return (
    <div class="player-grid">
      <section class="panel" data-testid="player-injects" aria-labelledby="received-title">
        <header class="panel-header">
          <h2 id="received-title">{t('exercise.player.received')}</h2>
          <span class="muted small">
            {t('exercise.player.playingFor', {
              component: componentName(board, board.you.componentId) || t('exercise.player.allComponents'),
              count: received.length,
            })}
          </span>
          {playing && (
            <button type="button" class="push-right small-button" data-testid="decide-free"
              onClick={() => setDeciding('free')}>
              {t('exercise.player.otherDecision')}
            </button>
          )}
        </header>
        {board.clock.state === 'NotStarted' && <p class="muted">{t('exercise.player.notStarted')}</p>}
        {board.clock.state === 'Ended' && <p class="muted">{t('exercise.player.ended')}</p>}
        <ol class="player-injects" aria-live="polite">
          {received.map((inject) => (
            <ReceivedInject key={inject.id} inject={inject} arrived={arrivals.has(inject.id)} onDecide={setDeciding} />
          ))}
          {received.length === 0 && board.clock.state !== 'NotStarted' && (
            <li class="muted">{t('exercise.player.noInject')}</li>
          )}
        </ol>
      </section>
      <PlanCopy />
      {deciding && <DecisionForm inject={deciding === 'free' ? null : deciding} onClose={() => setDeciding(null)} />}
    </div>
  );
}
