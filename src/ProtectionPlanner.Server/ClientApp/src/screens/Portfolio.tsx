// The missions the user can read (the HQ portfolio for HQ reviewers): each strategy's stage and open findings.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { showError } from '../errors';
import { href } from '../route';
import type { MissionSummary, PortfolioEntry } from '../types';
import { stageLabels } from '../workspace/context';
import { humanize } from '../workspace/fields';

interface Row {
  missionId: string;
  acronym: string;
  name: string;
  kind: string;
  hostState: string;
  strategyId: string | null;
  entry: PortfolioEntry | null;
}

async function loadRows(): Promise<Row[]> {
  try {
    const entries = await get<PortfolioEntry[]>('/api/portfolio');
    return entries.map((e) => ({ ...e, strategyId: e.strategy?.id ?? null, entry: e }));
  } catch (error) {
    // A server without the read models yet: the plain mission list.
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const missions = await get<MissionSummary[]>('/api/missions');
    return missions.map((m) => ({ missionId: m.id, acronym: m.acronym, name: m.name, kind: m.kind, hostState: m.hostState, strategyId: m.strategyId, entry: null }));
  }
}

export function Portfolio() {
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    loadRows().then(setRows).catch(showError);
  }, []);

  return (
    <main class="page" id="main" tabIndex={-1} data-testid="portfolio">
      <h1>Missions</h1>
      {rows === null && <p class="muted" aria-live="polite">Loading…</p>}
      {rows?.length === 0 && <p>You are not a member of any mission yet.</p>}
      {rows && rows.length > 0 && (
        <table class="portfolio-table">
          <thead>
            <tr>
              <th scope="col">Mission</th>
              <th scope="col">Host state</th>
              <th scope="col">Strategy</th>
              <th scope="col">Threats</th>
              <th scope="col">Activities</th>
              <th scope="col">Findings</th>
              <th scope="col">Last change</th>
              <th scope="col"><span class="visually-hidden">Open</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const s = row.entry?.strategy;
              const last = row.entry?.lastChange;
              return (
                <tr key={row.missionId} data-testid={`mission-${row.acronym}`} data-id={row.missionId}>
                  <td>
                    <a href={href.mission(row.missionId)} class="mission-link">
                      <strong>{row.acronym}</strong>
                    </a>{' '}
                    <span class="muted small">{humanize(row.kind)}</span>
                    <div class="small">{row.name}</div>
                  </td>
                  <td class="small">{row.hostState}</td>
                  <td>
                    {s ? (
                      <>
                        <span class={`stage stage-${s.stage.toLowerCase()}`}>{stageLabels[s.stage] ?? s.stage}</span>
                        <span class="muted small"> rev. {s.revision}</span>
                      </>
                    ) : row.strategyId ? (
                      <span class="muted small">drafted</span>
                    ) : (
                      <span class="muted small">none yet</span>
                    )}
                  </td>
                  <td class="num">{s ? `${s.openThreats} open / ${s.threats}` : '—'}</td>
                  <td class="num">{s ? s.activities : '—'}</td>
                  <td>
                    {s ? (
                      <span class="small">
                        <span class={s.blocking > 0 ? 'blocking-count' : ''}>{s.blocking} blocking</span>, {s.warnings} warnings
                      </span>
                    ) : '—'}
                  </td>
                  <td class="small">{last ? `${new Date(last.at).toLocaleString()} by ${last.by}` : '—'}</td>
                  <td>
                    {row.strategyId && (
                      <a class="button primary" href={href.strategy(row.strategyId)} data-testid="open-strategy">
                        Open strategy
                      </a>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
