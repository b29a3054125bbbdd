// Component workload chart: what each component has committed to active activities against its capacity (Chart.js).
// The axis stops at 200%: a bar beyond it is drawn to the edge, broken, with its value written, so one component far
// over capacity does not flatten the others. Component names are whole, on as many lines as they need.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import type { Workload } from '../types';
import { formatNumber } from './dates';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Where the axis stops, in percent of capacity. */
const cap = 200;

const percent = (committed: number, capacity: number) =>
  capacity > 0 ? Math.round((committed / capacity) * 100) : committed > 0 ? Infinity : 0;

/** The asset with the highest share of its capacity committed. */
function busiestAsset(load: Workload) {
  return [...load.assets].sort((a, b) => percent(b.committed, b.capacity) - percent(a.committed, a.capacity))[0];
}

/** A name on lines of at most `width` characters, broken between words. */
export function lines(name: string, width = 26): string[] {
  const result: string[] = [];
  for (const word of name.split(/\s+/)) {
    const last = result[result.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= width) result[result.length - 1] = `${last} ${word}`;
    else result.push(word);
  }
  return result;
}

const shown = (value: number) =>
  value === Infinity
    ? t('workspace.workload.noCapacity')
    : t('workspace.workload.percent', { value: formatNumber(value) });

/** Writes the true value (from `actual`, by dataset) at the end of each bar the axis cuts, over a break mark. */
const valuesBeyondTheAxis = (actual: { current: number[][] }): Plugin<'bar'> => ({
  id: 'valuesBeyondTheAxis',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((_, datasetIndex) => {
      chart.getDatasetMeta(datasetIndex).data.forEach((bar, index) => {
        const value = actual.current[datasetIndex]?.[index];
        if (value === undefined || value <= cap) return;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        ctx.save();
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 3;
        ctx.beginPath(); // the break: two slashes across the bar's end
        ctx.moveTo(x - 14, y + 7);
        ctx.lineTo(x - 10, y - 7);
        ctx.moveTo(x - 8, y + 7);
        ctx.lineTo(x - 4, y - 7);
        ctx.stroke();
        ctx.font = 'bold 11px system-ui, sans-serif';
        ctx.textAlign = 'right';
        ctx.textBaseline = 'middle';
        ctx.lineWidth = 4;
        ctx.strokeText(shown(value), x - 18, y);
        ctx.fillStyle = '#8c1d18';
        ctx.fillText(shown(value), x - 18, y);
        ctx.restore();
      });
    });
  },
});

export function WorkloadBars({
  workload,
  selectedId,
  testId = 'workload',
}: {
  workload: Workload[];
  selectedId?: string | null;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  const actual = useRef<number[][]>([]);
  const labelled = workload.map((w) => lines(w.name));
  const height = Math.max(160, labelled.reduce((sum, l) => sum + Math.max(2, l.length) * 14 + 8, 0) + 70);

  useEffect(() => {
    const personnel = workload.map((w) => percent(w.personnelCommitted, w.personnelCapacity));
    const assets = workload.map((w) => {
      const asset = busiestAsset(w);
      return asset ? percent(asset.committed, asset.capacity) : 0;
    });
    const colour = (values: number[], normal: string) => values.map((v) => (v > 100 ? '#c0392b' : normal));
    const drawn = (values: number[]) => values.map((v) => Math.min(v, cap));
    actual.current = [personnel, assets];
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: labelled,
        datasets: [
          {
            label: t('workspace.workload.personnelDataset'),
            data: drawn(personnel),
            backgroundColor: colour(personnel, '#1f6fb2'),
          },
          {
            label: t('workspace.workload.assetDataset'),
            data: drawn(assets),
            backgroundColor: colour(assets, '#8fb8de'),
          },
        ],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            beginAtZero: true,
            max: cap,
            ticks: {
              callback: (value) =>
                Number(value) >= cap
                  ? `${t('workspace.workload.percent', { value: cap })}+`
                  : t('workspace.workload.percent', { value }),
            },
          },
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: {
            callbacks: {
              title: (items) => workload[items[0]?.dataIndex ?? 0]?.name ?? '',
              label: (item) => {
                const load = workload[item.dataIndex];
                if (item.datasetIndex === 0) {
                  const share = shown(personnel[item.dataIndex]);
                  return t('workspace.workload.personnelTip', {
                    committed: formatNumber(load.personnelCommitted),
                    capacity: formatNumber(load.personnelCapacity),
                    share,
                  });
                }
                const asset = busiestAsset(load);
                return asset
                  ? t('workspace.workload.assetTip', {
                      name: asset.name,
                      committed: formatNumber(asset.committed),
                      capacity: formatNumber(asset.capacity),
                      share: shown(assets[item.dataIndex]),
                    })
                  : t('workspace.workload.noAssets');
              },
            },
          },
        },
      },
      plugins: [valuesBeyondTheAxis(actual)],
    };
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.update();
    } else {
      chart.current = new Chart(canvas.current!, config);
    }
  }, [workload]);

  useEffect(() => () => chart.current?.destroy(), []);

  const over = workload.filter(
    (w) =>
      w.overCommitted ?? (w.personnelCommitted > w.personnelCapacity || w.assets.some((a) => a.committed > a.capacity)),
  );
  return (
    <section class="panel" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <header class="panel-header">
        <h2 id={`${testId}-title`}>{t('workspace.workload.title')}</h2>
        <span class="muted small">{t('workspace.workload.axis', { cap })}</span>
      </header>
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas
          ref={canvas}
          role="img"
          data-testid="workload-chart"
          aria-label={`${t('workspace.workload.chart')}${
            over.length > 0 ? ` ${t('workspace.workload.overList', { names: over.map((w) => w.name).join('; ') })}` : ''
          }`}
        />
      </div>
      <details class="workload-table" open={over.length > 0 ? true : undefined}>
        <summary>
          {t('workspace.workload.figures')}
          {over.length > 0 && (
            <span class="warning"> · {t('workspace.workload.overCommitted', { count: over.length })}</span>
          )}
        </summary>
        <div class="table-scroll">
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">{t('workspace.workload.component')}</th>
                <th scope="col">{t('workspace.workload.personnel')}</th>
                <th scope="col">{t('workspace.workload.assets')}</th>
                <th scope="col">{t('workspace.workload.activities')}</th>
              </tr>
            </thead>
            <tbody>
              {workload.map((w) => (
                <tr
                  key={w.componentId}
                  data-testid="workload-row"
                  data-id={w.componentId}
                  class={`${over.includes(w) ? 'over' : ''} ${selectedId === w.componentId ? 'selected' : ''}`}
                >
                  <td>{w.name}</td>
                  <td class="num">
                    {formatNumber(w.personnelCommitted)} / {formatNumber(w.personnelCapacity)}
                  </td>
                  <td class="small">{w.assets.map((a) => `${a.name} ${a.committed}/${a.capacity}`).join('; ')}</td>
                  <td class="num">{w.activities}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
