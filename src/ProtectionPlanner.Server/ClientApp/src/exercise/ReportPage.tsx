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
import { DownloadPdf } from '../workspace/DownloadPdf';
import { useStore } from '../store';
import { byCode } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { decisionEffect } from './Feed';
import { HotWashForm, HotWashGroups } from './HotWash';
import { normalizeBoard, normalizeImprovement } from './applyExerciseChange';
import { formatDuration, scenarioDuration, scenarioText, wallClock, wallTime } from './time';
import { clockStateLabels, decisionLabels, evaluationRoles, ratingLabels, type AfterActionReport, type Board, type Observation, type PlayerDecision } from './types';

function ObservationList({ observations }: { observations: Observation[] }) {
  if (observations.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="plain-list">
      {observations.map((o) => (
        <li key={o.id} data-testid="aar-observation">
          {o.rating && <span class={`rating rating-${o.rating.toLowerCase()}`}>{ratingLabels[o.rating]}</span>} {o.text} <span class="muted">({o.by})</span>
        </li>
      ))}
    </ul>
  );
}

function DecisionLine({ decision, board }: { decision: PlayerDecision; board: Board | null }) {
  const effect = board ? decisionEffect(board, decision) : '';
  return (
    <li data-testid="aar-decision">
      <strong>{decisionLabels[decision.kind] ?? decision.kind}</strong>{effect && `: ${effect}`}
      <span class="muted"> ({decision.by}, {wallClock(decision.at)})</span>
      <div class="muted">Rationale: {decision.rationale}</div>
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
            {failure instanceof ApiError && failure.status === 403
              ? 'The after-action report is open to control and evaluators during play, and to the whole mission once the exercise has ended.'
              : failure instanceof ApiError && failure.status === 404 ? 'This exercise does not exist.' : 'The report cannot be shown.'}{' '}
            <a href={href.portfolio()}>Back to the missions</a>
          </p>
        ) : (
          <p class="muted" aria-live="polite">Loading the report…</p>
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
      <nav aria-label="Breadcrumb" class="small no-print">
        <a href={href.portfolio()}>Missions</a>
        {missionId && (
          <> / <a href={href.mission(missionId)}>{board?.plan.mission?.acronym ?? me?.memberships.find((m) => m.missionId === missionId)?.acronym ?? 'Mission'}</a></>
        )}
        {board && <> / <a href={href.exercise(exerciseId)}>{board.you.role === 'Player' ? 'Exercise' : 'Control room'}</a></>}
      </nav>
      <header class="report-header">
        <div>
          <h1>After-action report: {report.name}</h1>
          <p class="muted">
            On “{report.strategyTitle}” at version {report.strategyVersion} · {clockStateLabels[report.state]}
            {report.startedAt && <span data-testid="aar-started"> · started {wallTime(report.startedAt)}</span>}
            {report.endedAt && ` · ended ${wallTime(report.endedAt)}`}
            {' · '}scenario time played {scenarioText(report.scenarioTimePlayed)}
          </p>
        </div>
        <span class="no-print push-right report-controls">
          {printView ? (
            <a class="button" href={href.exerciseReport(exerciseId)} data-testid="back-to-report">
              {t('exerciseLoop.report.backToReport')}
            </a>
          ) : (
            <>
              <button type="button" data-testid="refresh-report" onClick={() => void load()}>Refresh</button>
              <a class="button" href={href.exerciseReportPrint(exerciseId)} data-testid="report-print-view">
                {t('exerciseLoop.report.printView')}
              </a>
            </>
          )}
          <DownloadPdf path={`/api/exercises/${exerciseId}/report.pdf`} name="after-action-report.pdf"
            testId="download-report-pdf" />
          <button type="button" class="primary" data-testid="print-report" onClick={() => window.print()}>Print</button>
        </span>
      </header>
      {report.scenario && <p class="scenario-text">{report.scenario}</p>}

      <section class="panel" data-testid="aar-summary" aria-labelledby="aar-summary-title">
        <h2 id="aar-summary-title">Summary</h2>
        <dl class="summary">
          <div><dt>Injects released</dt><dd data-testid="aar-released">{s.released} of {s.injects}{s.skipped > 0 && ` (${s.skipped} skipped)`}</dd></div>
          <div><dt>Answered</dt><dd data-testid="aar-answered">{s.answered} of {s.released}{s.unanswered > 0 && ` (${s.unanswered} unanswered)`}</dd></div>
          <div>
            <dt>Median time to first response</dt>
            <dd>
              <span data-testid="median-time-to-first-response">
                {scenarioDuration(s.medianScenarioTimeToFirstResponse)}
              </span>
              {s.medianScenarioTimeToFirstResponse != null && ' of scenario time'}
              {s.medianSecondsToFirstResponse != null && (
                <span class="muted small"> ({formatDuration(s.medianSecondsToFirstResponse)} wall clock)</span>
              )}
            </dd>
          </div>
          <div><dt>Decisions</dt><dd>{s.decisions}</dd></div>
          <div><dt>Responses</dt><dd>{s.responses}</dd></div>
          <div><dt>Observations</dt><dd>{s.observations}</dd></div>
        </dl>
        <p class="small muted">
          Participants: {report.participants.map((p) => `${p.userName} (${p.role})`).join(', ')}
        </p>
      </section>

      <section class="panel" data-testid="aar-injects" aria-labelledby="aar-injects-title">
        <h2 id="aar-injects-title">Injects</h2>
        <table class="report-table">
          <thead>
            <tr>
              <th scope="col">Inject</th>
              <th scope="col">Released</th>
              <th scope="col">Time to first response <span class="muted small">(scenario time)</span></th>
              <th scope="col">Expected action</th>
              <th scope="col">Actual action</th>
              <th scope="col">Observations</th>
            </tr>
          </thead>
          <tbody>
            {injects.map((inject) => (
              <tr key={inject.injectId} data-testid="aar-inject" data-id={inject.injectId} data-code={inject.code}
                data-status={inject.status}>
                <th scope="row">
                  <span class="code">{inject.code}</span> <span class="muted small">{scenarioText(inject.scenarioTime)}</span>
                  {inject.contingency && <span class="mark contingency">contingency</span>}
                  <div class="small">{inject.synopsis}</div>
                  <div class="muted small">{humanize(inject.delivery)} to {inject.targetPlayers.join('; ')}</div>
                  {(inject.objectiveTested || inject.linkedThreat) && (
                    <div class="muted small">
                      {inject.objectiveTested && `Tests ${inject.objectiveTested}. `}
                      {inject.linkedThreat && `Threat ${inject.linkedThreat}.`}
                    </div>
                  )}
                </th>
                <td class="small" data-testid="aar-released-at">
                  {inject.status === 'Released' && inject.release ? (
                    <>
                      {scenarioText(inject.release.scenarioTime)}
                      <div class="muted">{wallClock(inject.release.at)} {inject.release.automatic ? 'by the clock' : `by ${inject.release.by}`}</div>
                    </>
                  ) : inject.status === 'Skipped' ? (
                    <>Skipped{inject.skipReason && <div class="muted">{inject.skipReason}</div>}</>
                  ) : (
                    <span class="muted">not released</span>
                  )}
                </td>
                <td class="num" data-testid="time-to-first-response" data-seconds={inject.secondsToFirstResponse ?? ''}
                  data-scenario-time={inject.scenarioTimeToFirstResponse ?? ''}>
                  {inject.scenarioTimeToFirstResponse != null ? (
                    <>
                      <span data-testid="scenario-time-to-first-response">
                        {scenarioDuration(inject.scenarioTimeToFirstResponse)}
                      </span>
                      <div class="muted small">{formatDuration(inject.secondsToFirstResponse)} wall clock</div>
                    </>
                  ) : inject.status === 'Released' ? 'no response' : '—'}
                </td>
                <td class="small">{inject.expectedAction}</td>
                <td class="small">
                  {inject.decisions.length + inject.responses.length === 0 ? <span class="muted">—</span> : (
                    <ul class="plain-list">
                      {inject.decisions.map((d) => <DecisionLine key={d.id} decision={d} board={board} />)}
                      {inject.responses.map((r) => (
                        <li key={r.id} data-testid="aar-response">Response: {r.text} <span class="muted">({r.by}, {wallClock(r.at)})</span></li>
                      ))}
                    </ul>
                  )}
                </td>
                <td class="small"><ObservationList observations={inject.observations} /></td>
              </tr>
            ))}
            {injects.length === 0 && <tr><td colSpan={6} class="muted">The MSEL has no inject.</td></tr>}
          </tbody>
        </table>
        {(report.otherDecisions.length > 0 || report.otherObservations.length > 0) && (
          <>
            <h3>Beyond the injects</h3>
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
      <h2 id="gaps-title">Gaps found in the strategy</h2>
      <ol class="gaps">
        {report.gaps.map((gap) => (
          <li key={gap.id} data-testid="gap" data-id={gap.id}>
            {gap.description}
            <span class="muted small">
              {gap.injectId && ` · shown by ${codeOf(gap.injectId) ?? 'an inject'}`}
              {gap.threatId && (
                <span data-testid="gap-threat"> · about threat {gap.aboutThreat ?? 'no longer in the plan'}</span>
              )}
              {` · ${gap.by}`}
            </span>
          </li>
        ))}
        {report.gaps.length === 0 && <li class="muted">No gap recorded.</li>}
      </ol>
      {evaluates && (
        <form class="no-print hot-wash-form" data-testid="gap-form" onSubmit={save} aria-label="Record a gap">
          <div class="form-grid">
            <div class="field span-2">
              <label for="gap-description">Gap <span aria-hidden="true">*</span></label>
              <textarea id="gap-description" name="description" rows={2} required maxLength={4000} value={description}
                onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />
            </div>
            <div class="field">
              <label for="gap-inject">Shown by inject</label>
              <select id="gap-inject" name="injectId" value={injectId} onChange={(e) => setInjectId((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">(none)</option>
                {report.injects.map((i) => <option key={i.injectId} value={i.injectId}>{i.code} {i.synopsis.slice(0, 60)}</option>)}
              </select>
            </div>
            {board && (
              <div class="field">
                <label for="gap-threat">About threat</label>
                <select id="gap-threat" name="threatId" value={threatId} onChange={(e) => setThreatId((e.currentTarget as HTMLSelectElement).value)}>
                  <option value="">(none)</option>
                  {[...board.plan.threats].sort(byCode).map((t) => <option key={t.id} value={t.id}>{t.code} {t.assessment.title}</option>)}
                </select>
              </div>
            )}
          </div>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="save-gap" disabled={busy || !description.trim()}>Record gap</button>
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
      <h2 id="improvements-title">Improvement actions</h2>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Gap</th>
            <th scope="col">Strategy</th>
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
                          adopted at version {version}
                        </a>
                      ) : `adopted at version ${version}`}
                    </span>
                  ) : planner ? (
                    <button type="button" class="small-button no-print" data-testid="adopt-improvement" disabled={busy === action.id}
                      onClick={async () => {
                        setBusy(action.id);
                        await onAdopt(action.id);
                        setBusy(null);
                      }}>
                      Adopt into strategy
                    </button>
                  ) : (
                    <span class="muted">not adopted</span>
                  )}
                </td>
              </tr>
            );
          })}
          {report.improvements.length === 0 && <tr><td colSpan={5} class="muted">No improvement action agreed.</td></tr>}
        </tbody>
      </table>
      {evaluates && (
        <form class="no-print hot-wash-form" data-testid="improvement-form" onSubmit={save} aria-label="Agree an improvement action">
          <div class="form-grid">
            <div class="field span-2">
              <label for="improvement-description">Improvement action <span aria-hidden="true">*</span></label>
              <textarea id="improvement-description" name="description" rows={2} required maxLength={4000} value={description}
                onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />
            </div>
            <div class="field">
              <label for="improvement-owner">Owner <span aria-hidden="true">*</span></label>
              <input id="improvement-owner" name="owner" required maxLength={200} value={owner} onInput={(e) => setOwner((e.currentTarget as HTMLInputElement).value)} />
            </div>
            <div class="field">
              <label for="improvement-due">Due <span aria-hidden="true">*</span></label>
              <input id="improvement-due" name="due" type="date" required value={due} onInput={(e) => setDue((e.currentTarget as HTMLInputElement).value)} />
            </div>
            <div class="field span-2">
              <label for="improvement-gap">For gap</label>
              <select id="improvement-gap" name="gapId" value={gapId} onChange={(e) => setGapId((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">(none)</option>
                {report.gaps.map((g) => <option key={g.id} value={g.id}>{g.description.slice(0, 80)}</option>)}
              </select>
            </div>
          </div>
          <div class="form-actions">
            <button type="submit" class="primary" data-testid="save-improvement" disabled={busy === 'save' || !description.trim() || !owner.trim() || !due}>
              Agree improvement
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
