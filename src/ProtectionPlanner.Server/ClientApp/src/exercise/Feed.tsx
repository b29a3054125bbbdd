// What the players do, as it arrives: their decisions (with rationale and what they changed) and responses; and the
// observations controllers and evaluators record on them.
import { useState } from 'preact/hooks';
import { showError } from '../errors';
import { t } from '../i18n';
import { useStore } from '../store';
import { formatNumber } from '../ui/dates';
import { byCode } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { componentName, injectCode, planItemName, useExercise } from './context';
import { wallClock } from './time';
import { decisionLabel, ratings, type Board, type PlayerDecision, type Rating } from './types';

/** Who did something: "by planner1" or "by planner1, UNPOL". */
export function byWhom(board: Board, name: string, componentId: string | null | undefined): string {
  return componentId ? t('exercise.feed.byFor', { name, component: componentName(board, componentId) })
    : t('exercise.feed.by', { name });
}

/** One line about what a decision did: the items it changed or the capacity it asked for. */
export function decisionEffect(board: Board, decision: PlayerDecision): string {
  const parts = decision.items.map((item) => planItemName(board, item.kind, item.id));
  if (decision.capacity) {
    const c = decision.capacity;
    const assets = c.commitment.assets.map((a) => `${a.quantity} ${a.name}`).join(', ');
    const personnel = formatNumber(c.commitment.personnel);
    const what = assets ? t('exercise.feed.personnelAndAssets', { personnel, assets })
      : t('exercise.feed.personnel', { personnel });
    const request = t('exercise.feed.asks', { component: componentName(board, c.componentId), what });
    parts.push(c.activityId
      ? t('exercise.feed.forActivity', { request, activity: planItemName(board, 'activity', c.activityId) })
      : request);
  }
  return parts.join('; ');
}

type Target = { injectId: string | null; decisionId: string | null };

export function Feed({ onObserve }: { onObserve?: (target: Target) => void }) {
  const { board, session } = useExercise();
  const arrivals = useStore(session.arrivals);
  const entries = [
    ...board.decisions.map((d) => ({ kind: 'decision' as const, at: d.at, decision: d })),
    ...board.responses.map((r) => ({ kind: 'response' as const, at: r.at, response: r })),
  ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

  return (
    <section class="panel" data-testid="feed" aria-labelledby="feed-title">
      <header class="panel-header">
        <h2 id="feed-title">{t('exercise.feed.title')}</h2>
        <span class="muted small">
          {t('exercise.feed.decisions', { count: board.decisions.length })}
          {', '}
          {t('exercise.feed.responses', { count: board.responses.length })}
        </span>
      </header>
      <ol class="feed" aria-live="polite">
        {entries.map((entry) => {
          if (entry.kind === 'decision') {
            const d = entry.decision;
            return (
              <li key={d.id} class={`feed-entry decision${arrivals.has(d.id) ? ' live-changed' : ''}`} data-testid="feed-decision" data-id={d.id}
                data-inject-code={injectCode(board, d.injectId)} data-kind={d.kind}>
                <div class="feed-head">
                  <span class="muted small">{wallClock(d.at)}</span>
                  {d.injectId && <span class="code">{injectCode(board, d.injectId)}</span>}
                  <strong>{decisionLabel(d.kind)}</strong>
                  <span class="muted small">{byWhom(board, d.by, d.componentId)}</span>
                  {onObserve && (
                    <button type="button" class="link-button small push-right" data-testid="observe-decision"
                      onClick={() => onObserve({ injectId: d.injectId, decisionId: d.id })}>
                      {t('exercise.feed.observe')}
                    </button>
                  )}
                </div>
                {decisionEffect(board, d) && <div class="small">{decisionEffect(board, d)}</div>}
                <div class="rationale small">
                  <span class="muted">{t('exercise.feed.rationale')}</span> {d.rationale}
                </div>
              </li>
            );
          }
          const r = entry.response;
          return (
            <li key={r.id} class={`feed-entry response${arrivals.has(r.id) ? ' live-changed' : ''}`} data-testid="feed-response" data-id={r.id}
              data-inject-code={injectCode(board, r.injectId)}>
              <div class="feed-head">
                <span class="muted small">{wallClock(r.at)}</span>
                <span class="code">{injectCode(board, r.injectId)}</span>
                <strong>{t('exercise.feed.response')}</strong>
                <span class="muted small">{byWhom(board, r.by, r.componentId)}</span>
                {onObserve && (
                  <button type="button" class="link-button small push-right" data-testid="observe-response"
                    onClick={() => onObserve({ injectId: r.injectId, decisionId: null })}>
                    {t('exercise.feed.observe')}
                  </button>
                )}
              </div>
              <div class="small">{r.text}</div>
            </li>
          );
        })}
        {entries.length === 0 && <li class="muted">{t('exercise.feed.empty')}</li>}
      </ol>
    </section>
  );
}

export function Observations({ target, onTarget }: { target: Target; onTarget: (target: Target) => void }) {
  const { board, send } = useExercise();
  const [text, setText] = useState('');
  const [rating, setRating] = useState<Rating | ''>('');
  const [busy, setBusy] = useState(false);
  const observations = [...(board.observations ?? [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

  const save = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await send('POST', '/observations', { injectId: target.injectId, decisionId: target.decisionId, text: text.trim(), rating: rating || null });
      setText('');
      setRating('');
      onTarget({ injectId: null, decisionId: null });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" data-testid="observations" aria-labelledby="observations-title">
      <header class="panel-header">
        <h2 id="observations-title">{t('exercise.observations.title')}</h2>
        <span class="muted small">{observations.length}</span>
      </header>
      <form class="observation-form" data-testid="observation-form" onSubmit={save}
        aria-label={t('exercise.observations.record')}>
        <div class="form-grid">
          <div class="field">
            <label for="observation-inject">{t('exercise.observations.onInject')}</label>
            <select id="observation-inject" name="injectId" value={target.injectId ?? ''}
              onChange={(e) => onTarget({ injectId: (e.currentTarget as HTMLSelectElement).value || null, decisionId: null })}>
              <option value="">{t('exercise.observations.playAtLarge')}</option>
              {[...board.injects].sort(byCode).map((i) => (
                <option key={i.id} value={i.id}>{i.code} {i.synopsis.slice(0, 60)}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="observation-decision">{t('exercise.observations.onDecision')}</label>
            <select id="observation-decision" name="decisionId" value={target.decisionId ?? ''}
              onChange={(e) => onTarget({ ...target, decisionId: (e.currentTarget as HTMLSelectElement).value || null })}>
              <option value="">{t('exercise.observations.none')}</option>
              {board.decisions.filter((d) => !target.injectId || d.injectId === target.injectId).map((d) => (
                <option key={d.id} value={d.id}>
                  {t('exercise.observations.decisionOption',
                    { decision: decisionLabel(d.kind), name: d.by, time: wallClock(d.at) })}
                </option>
              ))}
            </select>
          </div>
          <div class="field span-2">
            <label for="observation-text">
              {t('exercise.observations.observation')} <span aria-hidden="true">*</span>
            </label>
            <textarea id="observation-text" name="text" data-testid="observation-text" rows={2} required maxLength={4000} value={text}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          </div>
          <div class="field">
            <label for="observation-rating">{t('exercise.observations.rating')}</label>
            <select id="observation-rating" name="rating" value={rating} onChange={(e) => setRating((e.currentTarget as HTMLSelectElement).value as Rating | '')}>
              <option value="">{t('exercise.observations.noRating')}</option>
              {ratings.map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
            </select>
          </div>
          <div class="field field-submit">
            <button type="submit" class="primary" data-testid="save-observation" disabled={busy || !text.trim()}>
              {t('exercise.observations.save')}
            </button>
          </div>
        </div>
      </form>
      <ul class="observations">
        {observations.map((o) => (
          <li key={o.id} data-testid="observation" data-id={o.id}>
            {o.injectId && <span class="code">{injectCode(board, o.injectId)} </span>}
            {o.rating && <span class={`rating rating-${o.rating.toLowerCase()}`}>{humanize(o.rating)}</span>}{' '}
            {o.text} <span class="muted small">({o.by}, {wallClock(o.at)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
