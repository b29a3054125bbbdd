// Capacity over time: each component's commitments month by month against its capacity, as the server counts them
// (GET .../capacity, the coherence analysis's count), so a planner sees when, not only whether, a component is
// over-committed. Read again whenever the plan view's activities or components change.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getAtLeast } from '../api';
import { locale, t } from '../i18n';
import { formatNumber, formatRange } from '../ui/dates';
import { useWorkspace } from './context';
import type * as api from '../generated/api';

type ComponentCapacity = api.ComponentCapacity;

/** A month in the reader's language ("Dec 2026", "déc. 2026"); the formatter is made when shown, in that language. */
const month = (date: string) =>
  new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
const count = formatNumber;

/** What a period commits beyond capacity, in words ("1,000 of 800 personnel; 5 of 4 helicopters"). */
function beyond(period: api.CapacityPeriod): string {
  const parts: string[] = [];
  if (period.personnelCommitted > period.personnelCapacity)
    parts.push(
      t('workspace.capacity.personnelOver', {
        committed: count(period.personnelCommitted),
        capacity: count(period.personnelCapacity),
      }),
    );
  for (const asset of period.assets)
    if (asset.committed > asset.capacity)
      parts.push(
        t('workspace.capacity.assetOver', {
          committed: count(asset.committed),
          capacity: count(asset.capacity),
          asset: asset.name,
        }),
      );
  return parts.join('; ');
}

export function CapacityOverTimePanel() {
  const { view, readOnly } = useWorkspace();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [capacity, setCapacity] = useState<ComponentCapacity[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Read again when the activities (with their assignments) or the components change: nothing else counts.
  useEffect(() => {
    if (readOnly) return;
    if (from && to && to < from) {
      setProblem(t('workspace.capacity.toBeforeFrom'));
      return;
    }
    let cancelled = false;
    const range = new URLSearchParams({ step: 'month' });
    if (from) range.set('from', from);
    if (to) range.set('to', to);
    // Within a moment of each other, view changes share one read.
    const timer = setTimeout(() => {
      getAtLeast<ComponentCapacity[]>(`/api/strategies/${view.strategyId}/capacity?${range}`, view.streamVersion)
        .then((answer) => {
          if (cancelled) return;
          setCapacity(answer);
          setProblem(null);
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          const errors = error instanceof ApiError ? error.problem.errors : undefined;
          setProblem(
            errors ? Object.values(errors).flat().join(' ') : t('workspace.capacity.cannotShow'),
          );
        });
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [view.strategyId, view.activities, view.components, from, to, readOnly]);

  if (readOnly) return null;
  const periods = capacity?.[0]?.periods ?? [];
  const overCount = (capacity ?? []).reduce((n, c) => n + c.periods.filter((p) => p.overCommitted).length, 0);
  return (
    <section class="panel" data-testid="capacity-over-time" aria-labelledby="capacity-over-time-title">
      <header class="panel-header">
        <h2 id="capacity-over-time-title">{t('workspace.capacity.title')}</h2>
        <span class="muted small" data-testid="capacity-over-count">
          {capacity ? t('workspace.capacity.monthsOver', { count: overCount }) : ''}
        </span>
      </header>
      <p class="muted small section-intro">{t('workspace.capacity.intro')}</p>
      <div class="capacity-range">
        <label for="capacity-from">{t('workspace.capacity.from')}</label>
        <input
          id="capacity-from"
          type="date"
          data-testid="capacity-from"
          value={from}
          onChange={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
        />
        <label for="capacity-to">{t('workspace.capacity.to')}</label>
        <input
          id="capacity-to"
          type="date"
          data-testid="capacity-to"
          value={to}
          onChange={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {problem && (
        <p class="field-error" role="alert" data-testid="capacity-problem">
          {problem}
        </p>
      )}
      {!capacity && !problem && <p class="muted small">{t('workspace.capacity.loading')}</p>}
      {capacity && periods.length > 0 && (
        <div class="capacity-table-wrap">
          <table class="capacity-table" data-testid="capacity-table">
            <caption class="visually-hidden">{t('workspace.capacity.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workspace.capacity.component')}</th>
                {periods.map((p) => (
                  <th scope="col" key={p.from} title={formatRange(p.from, p.to)}>
                    {month(p.from)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {capacity.map((component) => (
                <tr key={component.componentId} data-testid="capacity-row" data-component-id={component.componentId}>
                  <th scope="row">{component.name}</th>
                  {component.periods.map((p) => (
                    <td
                      key={p.from}
                      class={p.overCommitted ? 'over' : undefined}
                      data-testid="capacity-cell"
                      data-from={p.from}
                      data-over={p.overCommitted ? 'true' : 'false'}
                      title={p.overCommitted ? t('workspace.capacity.overTitle', { what: beyond(p) }) : undefined}
                    >
                      {count(p.personnelCommitted)}
                      <span class="muted"> / {count(p.personnelCapacity)}</span>
                      {p.overCommitted && (
                        <span class="over-mark"> {t('workspace.capacity.overMark', { what: beyond(p) })}</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
