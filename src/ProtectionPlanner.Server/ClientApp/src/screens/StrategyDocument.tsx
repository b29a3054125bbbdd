// The strategy as a document to read and sign (#/strategies/{id}/print[/{version}]): every section, the heat map, the
// tier x phase matrix, assignments and partners, capacity, coherence findings, the approval record and the record's
// hash-chain digest at that version, so that a signed paper copy can be checked against the record. It prints
// cleanly from the browser: nothing sits in a scroll box, and the controls do not print.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
import { findingText } from '../i18n/findings';
import { me as meStore } from '../me';
import { href } from '../route';
import { session as sessionStore } from '../session';
import { DownloadPdf } from '../workspace/DownloadPdf';
import { useStore } from '../store';
import { stampBy, type Activity, type LifecycleStep, type PlanView } from '../types';
import { formatDate, formatDateTime, formatRange } from '../ui/dates';
import { ActivityMatrix } from '../workspace/ActivityMatrix';
import { byCode, tierHeading, WorkspaceContext, type Workspace } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { HeatMap } from '../workspace/HeatMap';
import { decisions } from '../workspace/sections/Decisions';
import { earlyWarning } from '../workspace/sections/EarlyWarning';
import { fora } from '../workspace/sections/Fora';
import { handovers } from '../workspace/sections/Handovers';
import { ItemSection } from '../workspace/sections/ItemSection';
import { objectives } from '../workspace/sections/Objectives';
import { OverviewPanel } from '../workspace/sections/Overview';
import { ImprovementsSection } from '../workspace/sections/Improvements';
import { PartnersPanel } from '../workspace/sections/Partners';
import type { PlanSession } from '../live/planSession';
import type * as api from '../generated/api';

/** A step of the approval record in words. */
const stepWords: Record<LifecycleStep['step'], string> = {
  Submitted: 'Submitted for review',
  Endorsed: 'Endorsed',
  Approved: 'Approved',
  ReviewedAtHq: 'Reviewed at HQ',
  Returned: 'Returned for revision',
  RevisionOpened: 'Opened revision',
};

type Digest = api.VersionDigest;

/** The record's hash-chain digest at `version`: the hash of the event at that version. */
const digestAt = (strategyId: string, version: number) =>
  get<Digest>(`/api/strategies/${strategyId}/digest?version=${version}`);

const n = (value: number) => value.toLocaleString('en-GB');


const commitment = (c: { personnel: number; assets: { name: string; quantity: number }[] }) =>
  [`${n(c.personnel)} personnel`, ...c.assets.map((a) => `${n(a.quantity)} ${a.name}`)].join(', ');

function Assignments({ activities }: { activities: Activity[] }) {
  return (
    <table class="document-table" data-testid="doc-assignments">
      <thead>
        <tr>
          <th scope="col">Activity</th>
          <th scope="col">Tier and phase</th>
          <th scope="col">Lead</th>
          <th scope="col">Supporting</th>
          <th scope="col">Partners counted on</th>
          <th scope="col">Period</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {activities.map((a) => {
          const lead = a.assignments.find((s) => s.role === 'Lead');
          const supporting = a.assignments.filter((s) => s.role === 'Supporting');
          return (
            <tr key={a.id} data-testid="doc-activity" data-code={a.code ?? ''}>
              <td>
                <strong>{a.code}</strong> {a.details.title}
              </td>
              <td>
                {tierHeading(a.details.tier)}, {humanize(a.details.phase).toLowerCase()}
              </td>
              <td>
                {lead ? (
                  <>
                    {lead.componentName}: {commitment(lead.commitment)}
                  </>
                ) : (
                  <span class="warning">no lead</span>
                )}
              </td>
              <td>
                {supporting.map((s) => `${s.componentName ?? 'a component'}: ${commitment(s.commitment)}`).join('; ') ||
                  '—'}
              </td>
              <td data-testid="doc-partners">
                {(a.partners ?? [])
                  .map((p) => `${p.partnerName ?? 'a former partner'}: ${p.contribution}`)
                  .join('; ') || '—'}
              </td>
              <td>{formatRange(a.details.start, a.details.end) || '—'}</td>
              <td>{humanize(a.details.status)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function StrategyDocument({ strategyId, version }: { strategyId: string; version: number | null }) {
  const [view, setView] = useState<PlanView | null>(null);
  const [digest, setDigest] = useState<Digest | null | 'none'>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const me = useStore(meStore);
  const userName = useStore(sessionStore)?.userName ?? '';

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const plan = await get<PlanView>(
        version ? `/api/strategies/${strategyId}/as-of?version=${version}` : `/api/strategies/${strategyId}/view`,
      );
      if (cancelled) return;
      setView(plan);
      // The approval record is the plan's own (lifecycle.steps), as of the version shown.
      const hash = await digestAt(strategyId, plan.streamVersion).catch(() => null);
      if (cancelled) return;
      setDigest(hash ?? 'none');
    })().catch((error) => {
      setFailed(
        error instanceof ApiError && error.status === 404
          ? 'There is no such strategy, or no such version of it.'
          : 'The strategy cannot be shown.',
      );
      showError(error);
    });
    return () => {
      cancelled = true;
    };
  }, [strategyId, version]);

  useEffect(() => {
    if (view) document.title = `${view.title}: revision ${view.revision}, version ${view.streamVersion}`;
    return () => {
      document.title = 'ProtectionPlanner';
    };
  }, [view]);

  if (!view) {
    return (
      <main class="page" id="main" tabIndex={-1}>
        {failed ? (
          <p data-testid="document-failed">
            {failed} <a href={href.portfolio()}>Back to the missions</a>
          </p>
        ) : (
          <p class="muted" aria-live="polite">
            Preparing the document…
          </p>
        )}
      </main>
    );
  }

  const workspace: Workspace = {
    session: null as unknown as PlanSession, // a document is not live: nothing here reads the session
    view: { ...view, comments: [] },
    me: userName,
    role: me?.memberships.find((m) => m.missionId === view.missionId)?.role ?? null,
    globalRoles: me?.globalRoles ?? [],
    canEdit: false,
    readOnly: true,
    selection: null,
    select: () => undefined,
    openThreat: () => undefined,
    openActivity: () => undefined,
    openItem: () => undefined,
    openOverview: () => undefined,
    ask: () => Promise.resolve({ keep: 'theirs' }),
    editingBy: new Map(),
  };
  const threats = [...view.threats].sort(byCode);
  const activities = [...view.activities].sort(byCode);
  const assessed = activities.filter((a) => a.details.supportedSecurityForce);
  const findings = [...view.coherence.findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'Blocking' ? -1 : 1,
  );

  return (
    <WorkspaceContext.Provider value={workspace}>
      <main
        class="document"
        id="main"
        tabIndex={-1}
        data-testid="strategy-document"
        data-version={view.streamVersion}
        data-ready={digest ? 'true' : undefined}
      >
        <nav class="no-print document-controls" aria-label="Document">
          <a href={href.strategy(strategyId)}>Back to the workspace</a>
          <button type="button" class="primary" data-testid="print-document" onClick={() => print()}>
            Print
          </button>
          <DownloadPdf strategyId={strategyId} version={version} testId="doc-download-pdf" />
          <span class="muted small">Print to paper, or download the PDF the server renders of this view.</span>
        </nav>
        <header class="document-header">
          <p class="muted">
            {view.mission.name} · host state: {view.mission.hostState}
          </p>
          <h1>{view.title}</h1>
          <p data-testid="doc-status">
            Revision {view.revision} · {humanize(view.stage)} · version {view.streamVersion}
            {view.updatedAt && <>, {formatDateTime(view.updatedAt)}</>}
            {version ? ' (a past version)' : ''}
          </p>
        </header>

        <div class="document-section" data-testid="doc-overview">
          <OverviewPanel />
        </div>
        <div class="document-section">
          <ItemSection spec={objectives} />
        </div>

        <section class="panel document-section" data-testid="doc-threats" aria-labelledby="doc-threats-title">
          <h2 id="doc-threats-title">Threat assessment</h2>
          <table class="document-table">
            <thead>
              <tr>
                <th scope="col">Threat</th>
                <th scope="col">Who, whom, where</th>
                <th scope="col">L</th>
                <th scope="col">I</th>
                <th scope="col">Risk</th>
                <th scope="col">Priority, trend</th>
                <th scope="col">Host state</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              {threats.map((t) => {
                const a = t.assessment;
                return (
                  <tr
                    key={t.id}
                    data-testid="doc-threat"
                    data-code={t.code}
                    class={t.status === 'Closed' ? 'closed' : undefined}
                  >
                    <td>
                      <strong>{t.code}</strong> {a.title}
                      <div class="small muted">
                        {humanize(a.category)}
                        {t.status === 'Closed' && `; closed: ${t.closureReason ?? ''}`}
                      </div>
                    </td>
                    <td class="small">
                      {a.perpetrator.name ?? 'Perpetrator to be assessed'} against{' '}
                      {a.civiliansAtRisk.group ?? 'civilians to be assessed'}; {a.location ?? 'location to be assessed'}
                      {a.timeWindow && `; ${a.timeWindow}`}
                    </td>
                    <td class="num">{a.likelihood}</td>
                    <td class="num">{a.impact}</td>
                    <td>
                      <span class={`risk risk-${(a.risk ?? '').toLowerCase()}`}>
                        {a.riskScore ?? a.likelihood * a.impact} {a.risk}
                      </span>
                    </td>
                    <td class="small">
                      {humanize(a.priority)}, {humanize(a.trend).toLowerCase()}
                    </td>
                    <td class="small">
                      {humanize(a.hostStateCapacity)} capacity, {humanize(a.hostStateWillingness).toLowerCase()}
                    </td>
                    <td class="small">{formatDate(a.reviewDate) || '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <div class="document-section document-heatmap" data-testid="doc-heatmap">
          <HeatMap testId="doc-heatmap-grid" />
        </div>

        <div class="document-section" data-testid="doc-matrix">
          <ActivityMatrix testId="doc-matrix-grid" />
        </div>
        <section class="panel document-section" aria-labelledby="doc-assignments-title">
          <h2 id="doc-assignments-title">Activities, leads and commitments</h2>
          <Assignments activities={activities} />
        </section>
        <div class="document-section">
          <PartnersPanel />
        </div>

        <div class="document-section">
          <ItemSection spec={fora} />
        </div>
        <div class="document-section">
          <ItemSection spec={earlyWarning} />
        </div>
        <div class="document-section">
          <ItemSection spec={decisions} />
        </div>
        <section class="panel document-section" data-testid="doc-due-diligence" aria-labelledby="doc-dd-title">
          <h2 id="doc-dd-title">Human Rights Due Diligence</h2>
          {assessed.length === 0 ? (
            <p class="muted">No activity supports a non-UN security force.</p>
          ) : (
            <ul class="plain-list">
              {assessed.map((a) => {
                const dd = a.dueDiligence?.assessment as Record<string, string> | undefined;
                return (
                  <li key={a.id}>
                    <strong>{a.code}</strong> supports {a.details.supportedSecurityForce}:{' '}
                    {dd ? (
                      `${humanize(dd.conclusion)}, risk ${String(dd.risk).toLowerCase()}, ` +
                      `assessed on ${formatDate(dd.assessedOn)}`
                    ) : (
                      <span class="warning">no assessment recorded</span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <div class="document-section">
          <ItemSection spec={handovers} />
        </div>
        <div class="document-section">
          <ImprovementsSection />
        </div>

        <section class="panel document-section" data-testid="doc-workload" aria-labelledby="doc-workload-title">
          <h2 id="doc-workload-title">Capacity: what each component commits</h2>
          <table class="document-table">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Personnel committed</th>
                <th scope="col">Assets committed</th>
                <th scope="col">Activities</th>
              </tr>
            </thead>
            <tbody>
              {view.coherence.workload.map((w) => (
                <tr
                  key={w.componentId}
                  class={
                    w.personnelCommitted > w.personnelCapacity || w.assets.some((a) => a.committed > a.capacity)
                      ? 'over'
                      : undefined
                  }
                >
                  <td>{w.name}</td>
                  <td class="num">
                    {n(w.personnelCommitted)} of {n(w.personnelCapacity)}
                  </td>
                  <td class="small">
                    {w.assets.map((a) => `${a.name}: ${n(a.committed)} of ${n(a.capacity)}`).join('; ') || '—'}
                  </td>
                  <td class="num">{w.activities}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section class="panel document-section" data-testid="doc-coherence" aria-labelledby="doc-coherence-title">
          <h2 id="doc-coherence-title">Coherence findings</h2>
          {findings.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul class="plain-list">
              {findings.map((f, index) => (
                <li key={index} class={f.severity === 'Blocking' ? 'finding-note blocking' : 'finding-note'}>
                  <strong>{f.severity === 'Blocking' ? 'Blocking' : 'Warning'}:</strong> {findingText(f, t)}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section class="panel document-section" data-testid="doc-approval" aria-labelledby="doc-approval-title">
          <h2 id="doc-approval-title">Approval record</h2>
          <table class="document-table">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Who</th>
                <th scope="col">When</th>
                <th scope="col">Reason or comments</th>
              </tr>
            </thead>
            <tbody>
              {(view.lifecycle.steps ?? []).map((s) => (
                <tr key={s.streamVersion} data-testid="doc-step" data-step={s.step}>
                  <td>
                    {stepWords[s.step]}
                    {s.step === 'RevisionOpened' ? ` ${s.revision}` : ` (revision ${s.revision})`}
                  </td>
                  <td>
                    {s.by} ({humanize(s.role)})
                  </td>
                  <td>
                    {formatDateTime(s.at)} · v{s.streamVersion}
                  </td>
                  <td>
                    <span data-testid="doc-step-reason">{s.reason ?? '—'}</span>
                    {s.comments && s.comments !== s.reason && (
                      <div class="small" data-testid="doc-step-comments">
                        Comments: {s.comments}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
              {(view.lifecycle.steps ?? []).length === 0 && (
                <tr data-testid="doc-no-step">
                  <td colSpan={4} class="muted">
                    No step yet: revision {view.revision} is a draft, not yet submitted for review.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div class="signatures">
            <div>
              Endorsed for the Senior Management Group on Protection
              <br />
              Name, signature and date:
            </div>
            <div>
              Approved by the Head of Mission
              <br />
              Name, signature and date:
            </div>
          </div>
        </section>

        <footer class="document-footer" data-testid="doc-digest">
          {digest && digest !== 'none' ? (
            <>
              Record of version {digest.version} ({formatDateTime(digest.at)}), hash-chain digest:{' '}
              <code class="digest" data-testid="digest">
                {digest.hash}
              </code>
              . A signed copy is checked against the record by this digest (the record's export, checked with{' '}
              <code>audit verify-export</code>). Last change by {stampBy(view.lifecycle.stamp) ?? view.updatedBy}.
            </>
          ) : digest === 'none' ? (
            'The record digest could not be read.'
          ) : (
            'Reading the record digest…'
          )}
        </footer>
      </main>
    </WorkspaceContext.Provider>
  );
}
