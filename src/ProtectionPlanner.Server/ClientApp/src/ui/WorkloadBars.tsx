// Component workload chart: what each component has committed to active activities against its capacity (Chart.js).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Workload } from '../types';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const percent = (committed: number, capacity: number) => (capacity > 0 ? Math.round((committed / capacity) * 100) : committed > 0 ? 999 : 0);

/** The asset with the highest share of its capacity committed. */
function busiestAsset(load: Workload) {
  return [...load.assets].sort((a, b) => percent(b.committed, b.capacity) - percent(a.committed, a.capacity))[0];
}

const shortName = (name: string) => name.replace(/\s*\(.*\)\s*/, '').slice(0, 28);

export function WorkloadBars({ workload, selectedId, testId = 'workload' }: { workload: Workload[]; selectedId?: string | null; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    const labels = workload.map((w) => shortName(w.name));
    const personnel = workload.map((w) => percent(w.personnelCommitted, w.personnelCapacity));
    const assets = workload.map((w) => {
      const asset = busiestAsset(w);
      return asset ? percent(asset.committed, asset.capacity) : 0;
    });
    const colour = (values: number[], normal: string) => values.map((v) => (v > 100 ? '#c0392b' : normal));
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'Personnel committed (% of capacity)', data: personnel, backgroundColor: colour(personnel, '#1f6fb2') },
          { label: 'Busiest asset (% of capacity)', data: assets, backgroundColor: colour(assets, '#8fb8de') },
        ],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { beginAtZero: true, suggestedMax: 100, ticks: { callback: (value) => `${value}%` } },
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const load = workload[item.dataIndex];
                if (item.datasetIndex === 0) return `Personnel: ${load.personnelCommitted} of ${load.personnelCapacity}`;
                const asset = busiestAsset(load);
                return asset ? `${asset.name}: ${asset.committed} of ${asset.capacity}` : 'No assets';
              },
            },
          },
        },
      },
    };
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.update();
    } else {
      chart.current = new Chart(canvas.current!, config);
    }
  }, [workload]);

  useEffect(() => () => chart.current?.destroy(), []);

  const over = workload.filter((w) => w.overCommitted ?? (w.personnelCommitted > w.personnelCapacity || w.assets.some((a) => a.committed > a.capacity)));
  return (
    <section class="panel" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <header class="panel-header">
        <h2 id={`${testId}-title`}>Component workload</h2>
        <span class="muted small">committed vs capacity</span>
      </header>
      <div class="chart-box" style={{ height: `${Math.max(160, workload.length * 34 + 60)}px` }}>
        <canvas ref={canvas} role="img" aria-label="Committed personnel and busiest asset of each component, as a share of its capacity" />
      </div>
      <details class="workload-table">
        <summary>
          Figures{over.length > 0 && <span class="warning"> · {over.length} over-committed</span>}
        </summary>
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Personnel</th>
              <th scope="col">Assets</th>
              <th scope="col">Activities</th>
            </tr>
          </thead>
          <tbody>
            {workload.map((w) => (
              <tr key={w.componentId} data-testid="workload-row" data-id={w.componentId}
                class={`${over.includes(w) ? 'over' : ''} ${selectedId === w.componentId ? 'selected' : ''}`}>
                <td>{w.name}</td>
                <td class="num">{w.personnelCommitted} / {w.personnelCapacity}</td>
                <td class="small">{w.assets.map((a) => `${a.name} ${a.committed}/${a.capacity}`).join('; ')}</td>
                <td class="num">{w.activities}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
