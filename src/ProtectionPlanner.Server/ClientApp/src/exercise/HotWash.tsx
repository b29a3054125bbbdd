// The hot wash: right after play ends, everyone in the exercise says in a line or two what went well and what did not.
// Shown on the exercise screen once it has ended (live, with a form) and in the after-action report, grouped by kind,
// each entry with who said it in which exercise role.
import { useState } from 'preact/hooks';
import { showError } from '../errors';
import { t } from '../i18n';
import { humanize } from '../workspace/fields';
import { useExercise } from './context';
import { wallClock } from './time';
import { hotWashKinds, type HotWashEntry, type HotWashKind } from './types';

/** The longest entry the server takes: a line or two said round the table. */
export const hotWashLength = 500;

/** The test id of each kind's group. */
const groupIds: Record<HotWashKind, string> =
  { WentWell: 'hot-wash-went-well', DidNotGoWell: 'hot-wash-did-not-go-well' };

/** The entries grouped as they are read out: what went well, then what did not. */
export function HotWashGroups({ entries }: { entries: HotWashEntry[] }) {
  return (
    <div class="hot-wash-groups">
      {hotWashKinds.map((kind) => (
        <div key={kind} class="hot-wash-group" data-testid={groupIds[kind]}>
          <h3>{humanize(kind)}</h3>
          <ul class="plain-list">
            {entries.filter((entry) => entry.kind === kind).map((entry) => (
              <li key={entry.id} data-testid="hot-wash-entry" data-id={entry.id} data-role={entry.role}>
                <span class="prose">{entry.text}</span>{' '}
                <span class="muted small">
                  {t('exerciseLoop.hotWash.said', {
                    by: entry.by, role: t(`exerciseLoop.hotWash.roles.${entry.role}`), at: wallClock(entry.at),
                  })}
                </span>
              </li>
            ))}
            {!entries.some((entry) => entry.kind === kind) && (
              <li class="muted small">{t('exerciseLoop.hotWash.nothingYet')}</li>
            )}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** What went well or not, as a form: `onSay` sends it (and waits until it shows). */
export function HotWashForm({ onSay }: { onSay: (kind: HotWashKind, text: string) => Promise<unknown> }) {
  const [kind, setKind] = useState<HotWashKind>('WentWell');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await onSay(kind, text.trim());
      setText('');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="no-print hot-wash-form" data-testid="hot-wash-form" onSubmit={submit}
      aria-label={t('exerciseLoop.hotWash.formLabel')}>
      <fieldset class="hot-wash-kind">
        <legend>{t('exerciseLoop.hotWash.kind')}</legend>
        {hotWashKinds.map((value) => (
          <label key={value}>
            <input type="radio" name="kind" value={value} data-testid={`hot-wash-kind-${value}`}
              checked={kind === value} onChange={() => setKind(value)} /> {humanize(value)}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="hot-wash-text">
          {t('exerciseLoop.hotWash.text')}{' '}
          <span class="muted small">{t('exerciseLoop.hotWash.upTo', { count: hotWashLength })}</span>
        </label>
        <textarea id="hot-wash-text" name="text" data-testid="hot-wash-text" rows={2} maxLength={hotWashLength}
          value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" data-testid="save-hot-wash" disabled={busy || !text.trim()}>
          {t('exerciseLoop.hotWash.save')}
        </button>
      </div>
    </form>
  );
}

/** The hot-wash panel of the exercise screen once play has ended: live entries and the form. */
export function HotWashPanel() {
  const { board, send } = useExercise();
  const entries = board.hotWash ?? [];
  return (
    <section class="panel hot-wash" data-testid="hot-wash" aria-labelledby="hot-wash-title">
      <header class="panel-header">
        <h2 id="hot-wash-title">{t('exerciseLoop.hotWash.title')}</h2>
        <span class="muted small">{t('exerciseLoop.hotWash.intro')}</span>
      </header>
      <HotWashGroups entries={entries} />
      <HotWashForm onSay={(kind, text) => send('POST', '/hot-wash', { kind, text })} />
    </section>
  );
}
