// The missions the user can read (the HQ portfolio for HQ reviewers): each strategy's stage and open findings.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
import { MyExercises } from '../exercise/MyExercises';
import { href } from '../route';
import { stages, type MissionSummary, type PortfolioEntry } from '../types';
import { formatDateTime } from '../ui/dates';
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
    return missions.map((m) => ({
      missionId: m.id, acronym: m.acronym, name: m.name, kind: m.kind, hostState: m.hostState,
      strategyId: m.strategyId, entry: null,
    }));
  }
}

type SortKey = 'mission' | 'findings' | 'lastChange';
const sortKeys: SortKey[] = ['mission', 'findings', 'lastChange'];
type Direction = 'ascending' | 'descending';

/** Columns a reviewer sorts by, each compared in ascending order, with the direction it starts in: names A to Z, the
 * most findings and the latest change first. Ties go by acronym, A to Z. */
const sorts: Record<SortKey, { first: Direction; compare: (a: Row, b: Row) => number }> = {
  mission: { first: 'ascending', compare: (a, b) => a.acronym.localeCompare(b.acronym) },
  findings: { first: 'descending', compare: (a, b) => findings(a) - findings(b) },
  lastChange: {
    first: 'descending',
    compare: (a, b) => (a.entry?.lastChange?.at ?? '').localeCompare(b.entry?.lastChange?.at ?? ''),
  },
};

/** A sortable column's heading, in the reader's language (read at render time, never at import). */
function sortLabel(key: SortKey): string {
  return key === 'mission' ? t('screens.portfolio.sortMission')
    : key === 'findings' ? t('screens.portfolio.sortFindings')
    : t('screens.portfolio.sortLastChange');
}

/** Blocking findings weigh more than any number of warnings; a mission without a strategy has none. */
function findings(row: Row): number {
  const s = row.entry?.strategy;
  return s ? s.blocking * 10000 + s.warnings : -1;
}

/** The rows whose acronym, name or host state contain the query (any case) and whose strategy is at the stage,
 * sorted. */
function shown(rows: Row[], query: string, stage: string, key: SortKey, direction: Direction): Row[] {
  const q = query.trim().toLowerCase();
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .filter((r) => !q || [r.acronym, r.name, r.hostState].some((text) => text.toLowerCase().includes(q)))
    .filter((r) => !stage || r.entry?.strategy?.stage === stage)
    .sort((a, b) => sign * sorts[key].compare(a, b) || a.acronym.localeCompare(b.acronym));
}

export function Portfolio() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [query, setQuery] = useState('');
  const [stage, setStage] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({ key: 'mission', direction: 'ascending' });
  useEffect(() => {
    loadRows().then(setRows).catch(showError);
  }, []);

  const visible = rows ? shown(rows, query, stage, sort.key, sort.direction) : [];
  const shownStages = stages.filter((s) => rows?.some((r) => r.entry?.strategy?.stage === s));
  const arrow = sort.direction === 'ascending' ? ' ▲' : ' ▼'; // a mark, not a word
  const header = (key: SortKey) => (
    <th scope="col" aria-sort={sort.key === key ? sort.direction : undefined}>
      <button type="button" class="sort" data-testid={`sort-${key}`}
        onClick={() => setSort((current) => ({
          key,
          direction: current.key !== key ? sorts[key].first
            : current.direction === 'ascending' ? 'descending' : 'ascending',
        }))}>
        {sortLabel(key)}
        {sort.key === key && <span aria-hidden="true">{arrow}</span>}
      </button>
    </th>
  );

  const [missionHeader, findingsHeader, lastChangeHeader] = sortKeys.map(header);

  return (
    <main class="page" id="main" tabIndex={-1} data-testid="portfolio">
      <h1>{t('screens.missions')}</h1>
      <MyExercises />
      {rows === null && <p class="muted" aria-live="polite">{t('screens.loading')}</p>}
      {rows?.length === 0 && <p>{t('screens.portfolio.noMission')}</p>}
      {rows && rows.length > 0 && (
        <div class="filters" role="search">
          <label class="field small">
            <span>{t('screens.portfolio.find')}</span>
            <input type="search" class="portfolio-query" data-testid="portfolio-query"
              placeholder={t('screens.portfolio.findPlaceholder')} value={query}
              onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field small">
            <span>{t('screens.portfolio.stage')}</span>
            <select data-testid="portfolio-stage" value={stage}
              onChange={(e) => setStage((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('screens.portfolio.anyStage')}</option>
              {shownStages.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
            </select>
          </label>
          <p class="muted small" aria-live="polite" data-testid="portfolio-count">
            {visible.length === rows.length
              ? t('screens.portfolio.count', { count: rows.length })
              : t('screens.portfolio.countShown', { shown: visible.length, count: rows.length })}
          </p>
        </div>
      )}
      {rows && rows.length > 0 && visible.length === 0 && <p>{t('screens.portfolio.noMatch')}</p>}
      {visible.length > 0 && (
        <table class="portfolio-table">
          <thead>
            <tr>
              {missionHeader}
              <th scope="col">{t('screens.portfolio.hostState')}</th>
              <th scope="col">{t('screens.portfolio.strategy')}</th>
              <th scope="col">{t('screens.portfolio.threats')}</th>
              <th scope="col">{t('screens.portfolio.activities')}</th>
              {findingsHeader}
              {lastChangeHeader}
              <th scope="col"><span class="visually-hidden">{t('screens.portfolio.open')}</span></th>
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => {
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
                        <span class={`stage stage-${s.stage.toLowerCase()}`}>{humanize(s.stage)}</span>
                        <span class="muted small"> {t('screens.portfolio.revision', { revision: s.revision })}</span>
                      </>
                    ) : row.strategyId ? (
                      <span class="muted small">{t('screens.portfolio.drafted')}</span>
                    ) : (
                      <span class="muted small">{t('screens.portfolio.noneYet')}</span>
                    )}
                  </td>
                  <td class="num">
                    {s ? t('screens.portfolio.openThreats', { open: s.openThreats, total: s.threats }) : '—'}
                  </td>
                  <td class="num">{s ? s.activities : '—'}</td>
                  <td>
                    {s ? (
                      <span class="small">
                        <span class={s.blocking > 0 ? 'blocking-count' : ''}>
                          {t('screens.portfolio.blocking', { count: s.blocking })}
                        </span>,{' '}
                        {t('screens.portfolio.warnings', { count: s.warnings })}
                      </span>
                    ) : '—'}
                  </td>
                  <td class="small">
                    {last ? t('screens.portfolio.lastChange', { at: formatDateTime(last.at), by: last.by }) : '—'}
                  </td>
                  <td>
                    {row.strategyId && (
                      <a class="button primary" href={href.strategy(row.strategyId)} data-testid="open-strategy">
                        {t('screens.openStrategy')}
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
