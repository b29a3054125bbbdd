// Capacity over time: each component's commitments month by month against its capacity, as the server counts them
// (GET .../capacity, the coherence analysis's count), so a planner sees when, not only whether, a component is
// over-committed. Read again whenever the plan view's activities or components change.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getAtLeast } from '../api';
import { formatDate } from '../ui/dates';
import { useWorkspace } from './context';
import type * as api from '../generated/api';

type ComponentCapacity = api.ComponentCapacity;

const monthLabel = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const month = (date: string) => monthLabel.format(new Date(`${date}T00:00:00Z`));
const count = (value: number) => value.toLocaleString('en-GB');

/** What a period commits beyond capacity, in words ("1,000 of 800 personnel; 5 of 4 helicopters"). */
function beyond(period: api.CapacityPeriod): string {
  const parts: string[] = [];
  if (period.personnelCommitted > period.personnelCapacity)
    parts.push(`${count(period.personnelCommitted)} of ${count(period.personnelCapacity)} personnel`);
  for (const asset of period.assets)
    if (asset.committed > asset.capacity)
      parts.push(`${count(asset.committed)} of ${count(asset.capacity)} ${asset.name}`);
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
      setProblem('"To" must not be before "From".');
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
            errors ? Object.values(errors).flat().join(' ') : 'The capacity over time cannot be shown just now.',
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
        <h2 id="capacity-over-time-title">Capacity over time</h2>
        <span class="muted small" data-testid="capacity-over-count">
          {capacity ? `${overCount} ${overCount === 1 ? 'month' : 'months'} over capacity` : ''}
        </span>
      </header>
      <p class="muted small section-intro">
        Personnel committed against capacity, month by month, by the active activities under way (an activity without
        dates counts throughout). Empty dates: the mandate's period.
      </p>
      <div class="capacity-range">
        <label for="capacity-from">From</label>
        <input
          id="capacity-from"
          type="date"
          data-testid="capacity-from"
          value={from}
          onChange={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
        />
        <label for="capacity-to">To</label>
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
      {!capacity && !problem && <p class="muted small">Loading…</p>}
      {capacity && periods.length > 0 && (
        <div class="capacity-table-wrap">
          <table class="capacity-table" data-testid="capacity-table">
            <caption class="visually-hidden">
              Personnel committed of capacity, by component and month; over capacity marked
            </caption>
            <thead>
              <tr>
                <th scope="col">Component</th>
                {periods.map((p) => (
                  <th scope="col" key={p.from} title={`${formatDate(p.from)} to ${formatDate(p.to)}`}>
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
                      title={p.overCommitted ? `Over capacity: ${beyond(p)}` : undefined}
                    >
                      {count(p.personnelCommitted)}
                      <span class="muted"> / {count(p.personnelCapacity)}</span>
                      {p.overCommitted && <span class="over-mark"> over: {beyond(p)}</span>}
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
