// The after-action report (#/exercises/{id}/report): each inject with the decisions and responses it drew and how long
// the first took, expected against actual action, observations; the gaps found and the improvement actions (control
// and evaluators add them in the hot wash; a mission planner adopts one into the strategy). Printable; its print view
// (#/exercises/{id}/report/print) has no forms and says when it is ready, for the server's PDF (GET .../report.pdf).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, command, get } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
import { me as meStore } from '../me';
import { href } from '../route';
import { formatNumber } from '../ui/dates';
import { DownloadPdf } from '../workspace/DownloadPdf';
import { useStore } from '../store';
import { byCode } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { decisionEffect } from './Feed';
import { HotWashForm, HotWashGroups } from './HotWash';
import { normalizeBoard, normalizeImprovement } from './applyExerciseChange';
import { formatDuration, scenarioDuration, scenarioText, wallClock, wallTime } from './time';
import {
  decisionLabel, evaluationRoles, type AfterActionReport, type Board, type InjectReport, type Observation,
  type PlayerDecision,
} from './types';

/** Whom an inject went to: the server names all players in English, the catalog in the reader's language. */
function targets(inject: InjectReport): string {
  const all = inject.targetPlayers.length === 1 && inject.targetPlayers[0] === 'All players';
  return all ? t('exercise.names.allPlayers') : inject.targetPlayers.join('; ');
}

function ObservationList({ observations }: { observations: Observation[] }) {
  if (observations.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="plain-list">
      {observations.map((o) => (
        <li key={o.id} data-testid="aar-observation">
          {o.rating && <span class={`rating rating-${o.rating.toLowerCase()}`}>{humanize(o.rating)}</span>}
          {' '}{o.text} <span class="muted">({o.by})</span>
        </li>
      ))}
    </ul>
  );
}

function DecisionLine({ decision, board }: { decision: PlayerDecision; board: Board | null }) {
  const effect = board ? decisionEffect(board, decision) : '';
  return (
    <li data-testid="aar-decision">
      <strong>{decisionLabel(decision.kind)}</strong>{effect && `: ${effect}`}
      <span class="muted"> ({decision.by}, {wallClock(decision.at)})</span>
      <div class="muted">{t('exercise.player.rationale', { rationale: decision.rationale })}</div>
    </li>
  );
}

export function ReportPage({ exerciseId, printView = false }: { exerciseId: string; printView?: boolean }) {
  const me = useStore(meStore);
  const [report, setReport] = useState<AfterActionReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [board, setBoard] = useState<Board | null>(null);
  const [missionId, setMissionId] = useState<string | null>(null);
  const [adopted, setAdopted] = useState<Record<string, number>>({});
  // The print view is ready once the board was read or refused: decisions are told with its plan.
  const [boardSettled, setBoardSettled] = useState(false);

  const load = async () => {
    try {
      const next = await get<AfterActionReport>(`/api/exercises/${exerciseId}/report`);
      setReport({ ...next, improvements: (next.improvements ?? []).map(normalizeImprovement) });
      setFailure(null);
      return next;
    } catch (error) {
      setFailure(error);
      return null;
    }
  };

  useEffect(() => {
    setReport(null);
    setBoard(null);
    setBoardSettled(false);
    void (async () => {
      const loaded = await load();
      // The board tells a participant's role (and the mission); for others the strategy names the mission.
      try {
        const read = normalizeBoard(await get<Board>(`/api/exercises/${exerciseId}`));
        setBoard(read);
        setMissionId(read.missionId);
      } catch {
        if (loaded) {
          get<{ missionId: string }>(`/api/strategies/${loaded.strategyId}`).then((s) => setMissionId(s.missionId)).catch(() => undefined);
        }
      } finally {
        setBoardSettled(true);
      }
    })();
  }, [exerciseId]);

  if (!report) {
    return (
      <main class="page" id="main" tabIndex={-1}>
        {failure ? (
          <p role="alert" data-testid="report-failed">
            {failure instanceof ApiError && failure.status === 403 ? t('exercise.report.forbidden')
              : failure instanceof ApiError && failure.status === 404 ? t('exercise.report.notFound')
                : t('exercise.report.cannotShow')}{' '}
            <a href={href.portfolio()}>{t('exercise.screen.backToMissions')}</a>
          </p>
        ) : (
          <p class="muted" aria-live="polite">{t('exercise.report.loading')}</p>
        )}
      </main>
    );
  }

  // The print view is a document: nothing to fill in or press.
  const evaluates = !printView && !!board && evaluationRoles.includes(board.you.role);
  const planner = !printView && !!missionId &&
    me?.memberships.some((m) => m.missionId === missionId && m.role === 'Planner');
  const s = report.summary;
  const injects = report.injects;

  const adopt = async (actionId: string) => {
    try {
      const response = await command('POST', `/api/exercises/${exerciseId}/improvements/${actionId}/adopt`);
      setAdopted((held) => ({ ...held, [actionId]: response.version }));
      await load();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <main class={`page report${printView ? ' report-print' : ''}`} id="main" tabIndex={-1} data-testid="aar"
      data-state={report.state} data-print={printView ? 'true' : undefined}
      data-ready={printView && boardSettled ? 'true' : undefined}>
      <nav aria-label={t('exercise.screen.breadcrumb')} class="small no-print">
        <a href={href.portfolio()}>{t('exercise.screen.missions')}</a>
        {missionId && (
          <>
            {' / '}
            <a href={href.mission(missionId)}>
              {board?.plan.mission?.acronym ?? me?.memberships.find((m) => m.missionId === missionId)?.acronym
                ?? t('exercise.screen.mission')}
            </a>
          </>
        )}
        {board && (
          <>
            {' / '}
            <a href={href.exercise(exerciseId)}>
              {board.you.role === 'Player' ? t('exercise.report.exercise') : t('exercise.screen.controlRoom')}
            </a>
          </>
        )}
      </nav>
      <header class="report-header">
        <div>
          <h1>{t('exercise.report.title', { name: report.name })}</h1>
          <p class="muted">
            {t('exercise.report.onPlan', { title: report.strategyTitle, version: report.strategyVersion })}
            {' · '}{humanize(report.state)}
            {report.startedAt && (
              <span data-testid="aar-started">
                {' · '}{t('exercise.report.started', { at: wallTime(report.startedAt) })}
              </span>
            )}
            {report.endedAt && ` · ${t('exercise.report.ended', { at: wallTime(report.endedAt) })}`}
            {' · '}{t('exercise.report.played', { time: scenarioText(report.scenarioTimePlayed) })}
          </p>
        </div>
        <span class="no-print push-right report-controls">
          {printView ? (
            <a class="button" href={href.exerciseReport(exerciseId)} data-testid="back-to-report">
              {t('exerciseLoop.report.backToReport')}
            </a>
          ) : (
            <>
              <button type="button" data-testid="refresh-report" onClick={() => void load()}>
                {t('exercise.report.refresh')}
              </button>
              <a class="button" href={href.exerciseReportPrint(exerciseId)} data-testid="report-print-view">
                {t('exerciseLoop.report.printView')}
              </a>
            </>
          )}
          <DownloadPdf path={`/api/exercises/${exerciseId}/report.pdf`} name="after-action-report.pdf"
            testId="download-report-pdf" />
          <button type="button" class="primary" data-testid="print-report" onClick={() => window.print()}>
            {t('exercise.report.print')}
          </button>
        </span>
      </header>
      {report.scenario && <p class="scenario-text">{report.scenario}</p>}

      <section class="panel" data-testid="aar-summary" aria-labelledby="aar-summary-title">
        <h2 id="aar-summary-title">{t('exercise.report.summary')}</h2>
        <dl class="summary">
          <div>
            <dt>{t('exercise.report.injectsReleased')}</dt>
            <dd data-testid="aar-released">
              {t('exercise.report.ofTotal', { count: s.released, total: s.injects })}
              {s.skipped > 0 && ` ${t('exercise.report.skipped', { skipped: s.skipped })}`}
            </dd>
          </div>
          <div>
            <dt>{t('exercise.report.answered')}</dt>
            <dd data-testid="aar-answered">
              {t('exercise.report.ofTotal', { count: s.answered, total: s.released })}
              {s.unanswered > 0 && ` ${t('exercise.report.unanswered', { unanswered: s.unanswered })}`}
            </dd>
          </div>
          <div>
            <dt>{t('exercise.report.median')}</dt>
            <dd>
              <span data-testid="median-time-to-first-response">
                {scenarioDuration(s.medianScenarioTimeToFirstResponse)}
              </span>
              {s.medianScenarioTimeToFirstResponse != null && ` ${t('exercise.report.ofScenarioTime')}`}
              {s.medianSecondsToFirstResponse != null && (
                <span class="muted small">
                  {' '}
                  {t('exercise.report.wallClockAside', { duration: formatDuration(s.medianSecondsToFirstResponse) })}
                </span>
              )}
            </dd>
          </div>
          <div><dt>{t('exercise.report.decisions')}</dt><dd>{formatNumber(s.decisions)}</dd></div>
          <div><dt>{t('exercise.report.responses')}</dt><dd>{formatNumber(s.responses)}</dd></div>
          <div><dt>{t('exercise.report.observations')}</dt><dd>{formatNumber(s.observations)}</dd></div>
        </dl>
        <p class="small muted">
          {t('exercise.report.participants',
            { list: report.participants.map((p) => `${p.userName} (${humanize(p.role)})`).join(', ') })}
        </p>
      </section>

      <section class="panel" data-testid="aar-injects" aria-labelledby="aar-injects-title">
        <h2 id="aar-injects-title">{t('exercise.report.injects')}</h2>
        <table class="report-table">
          <thead>
            <tr>
              <th scope="col">{t('exercise.report.inject')}</th>
              <th scope="col">{t('exercise.report.released')}</th>
              <th scope="col">
                {t('exercise.report.timeToFirstResponse')}{' '}
                <span class="muted small">{t('exercise.report.inScenarioTime')}</span>
              </th>
              <th scope="col">{t('exercise.report.expectedAction')}</th>
              <th scope="col">{t('exercise.report.actualAction')}</th>
              <th scope="col">{t('exercise.report.observations')}</th>
            </tr>
          </thead>
          <tbody>
            {injects.map((inject) => (
              <tr key={inject.injectId} data-testid="aar-inject" data-id={inject.injectId} data-code={inject.code}
                data-status={inject.status}>
                <th scope="row">
                  <span class="code">{inject.code}</span> <span class="muted small">{scenarioText(inject.scenarioTime)}</span>
                  {inject.contingency && <span class="mark contingency">{t('exercise.msel.contingency')}</span>}
                  <div class="small">{inject.synopsis}</div>
                  <div class="muted small">
                    {t('exercise.report.deliveredTo',
                      { delivery: humanize(inject.delivery), targets: targets(inject) })}
                  </div>
                  {(inject.objectiveTested || inject.linkedThreat) && (
                    <div class="muted small">
                      {inject.objectiveTested
                        && `${t('exercise.report.tests', { objective: inject.objectiveTested })} `}
                      {inject.linkedThreat && t('exercise.report.threat', { threat: inject.linkedThreat })}
                    </div>
                  )}
                </th>
                <td class="small" data-testid="aar-released-at">
                  {inject.status === 'Released' && inject.release ? (
                    <>
                      {scenarioText(inject.release.scenarioTime)}
                      <div class="muted">
                        {wallClock(inject.release.at)}{' '}
                        {inject.release.automatic ? t('exercise.msel.byClock')
                          : t('exercise.msel.by', { name: inject.release.by })}
                      </div>
                    </>
                  ) : inject.status === 'Skipped' ? (
                    <>{humanize(inject.status)}{inject.skipReason && <div class="muted">{inject.skipReason}</div>}</>
                  ) : (
                    <span class="muted">{t('exercise.report.notReleased')}</span>
                  )}
                </td>
                <td class="num" data-testid="time-to-first-response" data-seconds={inject.secondsToFirstResponse ?? ''}
                  data-scenario-time={inject.scenarioTimeToFirstResponse ?? ''}>
                  {inject.scenarioTimeToFirstResponse != null ? (
                    <>
                      <span data-testid="scenario-time-to-first-response">
                        {scenarioDuration(inject.scenarioTimeToFirstResponse)}
                      </span>
                      <div class="muted small">
                        {t('exercise.report.wallClock', { duration: formatDuration(inject.secondsToFirstResponse) })}
                      </div>
                    </>
                  ) : inject.status === 'Released' ? t('exercise.report.noResponse') : '—'}
                </td>
                <td class="small">{inject.expectedAction}</td>
                <td class="small">
                  {inject.decisions.length + inject.responses.length === 0 ? <span class="muted">—</span> : (
                    <ul class="plain-list">
                      {inject.decisions.map((d) => <DecisionLine key={d.id} decision={d} board={board} />)}
                      {inject.responses.map((r) => (
                        <li key={r.id} data-testid="aar-response">
                          {t('exercise.report.response', { text: r.text })}{' '}
                          <span class="muted">({r.by}, {wallClock(r.at)})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td class="small"><ObservationList observations={inject.observations} /></td>
              </tr>
            ))}
            {injects.length === 0 && <tr><td colSpan={6} class="muted">{t('exercise.report.noInject')}</td></tr>}
          </tbody>
        </table>
        {(report.otherDecisions.length > 0 || report.otherObservations.length > 0) && (
          <>
            <h3>{t('exercise.report.beyond')}</h3>
            <ul class="plain-list small">
              {report.otherDecisions.map((d) => <DecisionLine key={d.id} decision={d} board={board} />)}
            </ul>
            <ObservationList observations={report.otherObservations} />
          </>
        )}
      </section>

      <section class="panel" data-testid="aar-hot-wash" aria-labelledby="aar-hot-wash-title">
        <h2 id="aar-hot-wash-title">{t('exerciseLoop.hotWash.title')}</h2>
        <HotWashGroups entries={[...report.hotWash?.wentWell ?? [], ...report.hotWash?.didNotGoWell ?? []]} />
        {board && !printView && report.state === 'Ended' && (
          <HotWashForm onSay={async (kind, text) => {
            await command('POST', `/api/exercises/${exerciseId}/hot-wash`, { kind, text });
            await load();
          }} />
        )}
      </section>

      <Gaps report={report} board={board} evaluates={evaluates} exerciseId={exerciseId} onChanged={load} />
      <Improvements report={report} evaluates={evaluates} planner={!!planner} adopted={adopted} exerciseId={exerciseId}
        onChanged={load} onAdopt={adopt} />
    </main>
  );
}

interface PartProps {
  report: AfterActionReport;
  evaluates: boolean;
  exerciseId: string;
  onChanged: () => Promise<unknown>;
}

function Gaps({ report, board, evaluates, exerciseId, onChanged }: PartProps & { board: Board | null }) {
  const [description, setDescription] = useState('');
  const [injectId, setInjectId] = useState('');
  const [threatId, setThreatId] = useState('');
  const [busy, setBusy] = useState(false);
  const codeOf = (id: string | null) => report.injects.find((i) => i.injectId === id)?.code;

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await command('POST', `/api/exercises/${exerciseId}/gaps`, { description: description.trim(), injectId: injectId || null, threatId: threatId || null });
      setDescription('');
      setInjectId('');
      setThreatId('');
      await onChanged();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" data-testid="gaps" aria-labelledby="gaps-title">
      <h2 id="gaps-title">{t('exercise.gaps.title')}</h2>
      <ol class="gaps">
        {report.gaps.map((gap) => (
          <li key={gap.id} data-testid="gap" data-id={gap.id}>
            {gap.description}
            <span class="muted small">
              {gap.injectId && ` · ${t('exercise.gaps.shownBy',
                { code: codeOf(gap.injectId) ?? t('exercise.gaps.anInject') })}`}
              {gap.threatId && (
                <span data-testid="gap-threat">
                  {' · '}
                  {t('exercise.gaps.aboutThreat', { threat: gap.aboutThreat ?? t('exercise.gaps.noLongerInPlan') })}
                </span>
              )}
              {` · ${gap.by}`}
            </span>
          </li>
        ))}
        {report.gaps.length === 0 && <li class="muted">{t('exercise.gaps.none')}</li>}
      </ol>
      {evaluates && (
        <form class="no-print hot-wash-form" data-testid="gap-form" onSubmit={save}
          aria-label={t('exercise.gaps.record')}>
          <div class="form-grid">
            <div class="field span-2">
              <label for="gap-description">{t('exercise.gaps.gap')} <span aria-hidden="true">*</span></label>
              <textarea id="gap-description" name="description" rows={2} required maxLength={4000} value={description}
                onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />
            </div>
            <div class="field">
              <label for="gap-inject">{t('exercise.gaps.shownByInject')}</label>
              <select id="gap-inject" name="injectId" value={injectId} onChange={(e) => setInjectId((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('exercise.gaps.noChoice')}</option>
                {report.injects.map((i) => <option key={i.injectId} value={i.injectId}>{i.code} {i.synopsis.slice(0, 60)}</option>)}
              </select>
            </div>
            {board && (
              <div class="field">
                <label for="gap-threat">{t('exercise.gaps.aboutThreatLabel')}</label>
                <select id="gap-threat" name="threatId" value={threatId} onChange={(e) => setThreatId((e.currentTarget as HTMLSelectElement).value)}>
                  <option value="">{t('exercise.gaps.noChoice')}</option>
                  {[...board.plan.threats].sort(byCode).map((o) => (
                    <option key={o.id} value={o.id}>{o.code} {o.assessment.title}</option>
                  ))}
                </select>
              </div>
            )}
          </div>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="save-gap" disabled={busy || !description.trim()}>
              {t('exercise.gaps.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Improvements({ report, evaluates, planner, adopted, exerciseId, onChanged, onAdopt }: PartProps & {
  planner: boolean;
  adopted: Record<string, number>;
  onAdopt: (actionId: string) => Promise<void>;
}) {
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [gapId, setGapId] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy('save');
    try {
      await command('POST', `/api/exercises/${exerciseId}/improvements`, { description: description.trim(), owner: owner.trim(), due, gapId: gapId || null });
      setDescription('');
      setOwner('');
      setDue('');
      setGapId('');
      await onChanged();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="panel" data-testid="improvements" aria-labelledby="improvements-title">
      <h2 id="improvements-title">{t('exercise.improvements.title')}</h2>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">{t('exercise.improvements.action')}</th>
            <th scope="col">{t('exercise.improvements.owner')}</th>
            <th scope="col">{t('exercise.improvements.due')}</th>
            <th scope="col">{t('exercise.improvements.gap')}</th>
            <th scope="col">{t('exercise.improvements.strategy')}</th>
          </tr>
        </thead>
        <tbody>
          {report.improvements.map(({ action, adoptedAtStrategyVersion, adoptedAs }) => {
            const version = adoptedAtStrategyVersion ?? adopted[action.id] ?? null;
            return (
              <tr key={action.id} data-testid="improvement" data-id={action.id} data-adopted={version !== null}>
                <td>{action.description}</td>
                <td>{action.owner}</td>
                <td>{action.due}</td>
                <td class="small">{report.gaps.find((g) => g.id === action.gapId)?.description ?? ''}</td>
                <td class="small">
                  {version !== null ? (
                    <span data-testid="adopted">
                      {adoptedAs ? (
                        // Where it is followed now: the improvement in the strategy workspace.
                        <a href={href.strategyItem(report.strategyId, adoptedAs)} data-testid="adopted-link">
                          {t('exercise.improvements.adoptedAt', { version })}
                        </a>
                      ) : t('exercise.improvements.adoptedAt', { version })}
                    </span>
                  ) : planner ? (
                    <button type="button" class="small-button no-print" data-testid="adopt-improvement" disabled={busy === action.id}
                      onClick={async () => {
                        setBusy(action.id);
                        await onAdopt(action.id);
                        setBusy(null);
                      }}>
                      {t('exercise.improvements.adopt')}
                    </button>
                  ) : (
                    <span class="muted">{t('exercise.improvements.notAdopted')}</span>
                  )}
                </td>
              </tr>
            );
          })}
          {report.improvements.length === 0 && (
            <tr><td colSpan={5} class="muted">{t('exercise.improvements.none')}</td></tr>
          )}
        </tbody>
      </table>
      {evaluates && (
        <form class="no-print hot-wash-form" data-testid="improvement-form" onSubmit={save} 
          aria-label={t('exercise.improvements.agree')}>
          <div class="form-grid">
            <div class="field span-2">
              <label for="improvement-description">
                {t('exercise.improvements.improvementAction')} <span aria-hidden="true">*</span>
              </label>
              <textarea id="improvement-description" name="description" rows={2} required maxLength={4000} value={description}
                onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />
            </div>
            <div class="field">
              <label for="improvement-owner">
                {t('exercise.improvements.owner')} <span aria-hidden="true">*</span>
              </label>
              <input id="improvement-owner" name="owner" required maxLength={200} value={owner} onInput={(e) => setOwner((e.currentTarget as HTMLInputElement).value)} />
            </div>
            <div class="field">
              <label for="improvement-due">{t('exercise.improvements.due')} <span aria-hidden="true">*</span></label>
              <input id="improvement-due" name="due" type="date" required value={due} onInput={(e) => setDue((e.currentTarget as HTMLInputElement).value)} />
            </div>
            <div class="field span-2">
              <label for="improvement-gap">{t('exercise.improvements.forGap')}</label>
              <select id="improvement-gap" name="gapId" value={gapId} onChange={(e) => setGapId((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('exercise.improvements.noChoice')}</option>
                {report.gaps.map((g) => <option key={g.id} value={g.id}>{g.description.slice(0, 80)}</option>)}
              </select>
            </div>
          </div>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="save-improvement" disabled={busy === 'save' || !description.trim() || !owner.trim() || !due}>
              {t('exercise.improvements.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
