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
import { formatDate, formatDateTime, formatNumber, formatRange } from '../ui/dates';
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
const stepWords = (step: LifecycleStep['step']): string => t(`screens.document.steps.${step}`);

type Digest = api.VersionDigest;

/** The record's hash-chain digest at `version`: the hash of the event at that version. */
const digestAt = (strategyId: string, version: number) =>
  get<Digest>(`/api/strategies/${strategyId}/digest?version=${version}`);

const n = formatNumber;
/** The command that checks an export: typed as is, in any language. */
const verifyCommand = 'audit verify-export';

const commitment = (c: { personnel: number; assets: { name: string; quantity: number }[] }) =>
  [t('screens.document.personnel', { count: n(c.personnel) }), ...c.assets.map((a) => `${n(a.quantity)} ${a.name}`)]
    .join(', ');

function Assignments({ activities }: { activities: Activity[] }) {
  return (
    <table class="document-table" data-testid="doc-assignments">
      <thead>
        <tr>
          <th scope="col">{t('screens.document.activity')}</th>
          <th scope="col">{t('screens.document.tierAndPhase')}</th>
          <th scope="col">{t('screens.document.lead')}</th>
          <th scope="col">{t('screens.document.supporting')}</th>
          <th scope="col">{t('screens.document.partnersCountedOn')}</th>
          <th scope="col">{t('screens.document.period')}</th>
          <th scope="col">{t('screens.document.status')}</th>
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
                  <span class="warning">{t('screens.document.noLead')}</span>
                )}
              </td>
              <td>
                {supporting
                  .map((s) => `${s.componentName ?? t('screens.document.aComponent')}: ${commitment(s.commitment)}`)
                  .join('; ') || '—'}
              </td>
              <td data-testid="doc-partners">
                {(a.partners ?? [])
                  .map((p) => `${p.partnerName ?? t('screens.document.aFormerPartner')}: ${p.contribution}`)
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
          ? t('screens.document.noSuchStrategy')
          : t('screens.document.cannotShow'),
      );
      showError(error);
    });
    return () => {
      cancelled = true;
    };
  }, [strategyId, version]);

  useEffect(() => {
    if (view) document.title = t('screens.document.pageTitle', {
        title: view.title, revision: view.revision, version: view.streamVersion,
      });
    return () => {
      document.title = 'ProtectionPlanner';
    };
  }, [view]);

  if (!view) {
    return (
      <main class="page" id="main" tabIndex={-1}>
        {failed ? (
          <p data-testid="document-failed">
            {failed} <a href={href.portfolio()}>{t('screens.backToMissions')}</a>
          </p>
        ) : (
          <p class="muted" aria-live="polite">
            {t('screens.document.preparing')}
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
        <nav class="no-print document-controls" aria-label={t('screens.document.controls')}>
          <a href={href.strategy(strategyId)}>{t('screens.document.backToWorkspace')}</a>
          <button type="button" class="primary" data-testid="print-document" onClick={() => print()}>
            {t('screens.document.print')}
          </button>
          <DownloadPdf strategyId={strategyId} version={version} testId="doc-download-pdf" />
          <span class="muted small">{t('screens.document.printHint')}</span>
        </nav>
        <header class="document-header">
          <p class="muted">
            {t('screens.document.missionLine', { name: view.mission.name, hostState: view.mission.hostState })}
          </p>
          <h1>{view.title}</h1>
          <p data-testid="doc-status">
            {t('screens.document.revisionLine', {
              revision: view.revision, stage: humanize(view.stage), version: view.streamVersion,
            })}
            {view.updatedAt && <>, {formatDateTime(view.updatedAt)}</>}
            {version ? ` ${t('screens.document.pastVersion')}` : ''}
          </p>
        </header>

        <div class="document-section" data-testid="doc-overview">
          <OverviewPanel />
        </div>
        <div class="document-section">
          <ItemSection spec={objectives} />
        </div>

        <section class="panel document-section" data-testid="doc-threats" aria-labelledby="doc-threats-title">
          <h2 id="doc-threats-title">{t('screens.document.threatAssessment')}</h2>
          <table class="document-table">
            <thead>
              <tr>
                <th scope="col">{t('screens.document.threat')}</th>
                <th scope="col">{t('screens.document.whoWhomWhere')}</th>
                <th scope="col">{t('screens.document.likelihoodShort')}</th>
                <th scope="col">{t('screens.document.impactShort')}</th>
                <th scope="col">{t('screens.document.risk')}</th>
                <th scope="col">{t('screens.document.priorityTrend')}</th>
                <th scope="col">{t('screens.document.hostState')}</th>
                <th scope="col">{t('screens.document.review')}</th>
              </tr>
            </thead>
            <tbody>
              {threats.map((threat) => {
                const a = threat.assessment;
                return (
                  <tr
                    key={threat.id}
                    data-testid="doc-threat"
                    data-code={threat.code}
                    class={threat.status === 'Closed' ? 'closed' : undefined}
                  >
                    <td>
                      <strong>{threat.code}</strong> {a.title}
                      <div class="small muted">
                        {humanize(a.category)}
                        {threat.status === 'Closed'
                          && `; ${t('screens.document.closed', { reason: threat.closureReason ?? '' })}`}
                      </div>
                    </td>
                    <td class="small">
                      {t('screens.document.threatParties', {
                        perpetrator: a.perpetrator.name ?? t('screens.document.perpetratorToAssess'),
                        civilians: a.civiliansAtRisk.group ?? t('screens.document.civiliansToAssess'),
                        location: a.location ?? t('screens.document.locationToAssess'),
                      })}
                      {a.timeWindow && `; ${a.timeWindow}`}
                    </td>
                    <td class="num">{a.likelihood}</td>
                    <td class="num">{a.impact}</td>
                    <td>
                      <span class={`risk risk-${(a.risk ?? '').toLowerCase()}`}>
                        {a.riskScore ?? a.likelihood * a.impact} {a.risk && humanize(a.risk)}
                      </span>
                    </td>
                    <td class="small">
                      {humanize(a.priority)}, {humanize(a.trend).toLowerCase()}
                    </td>
                    <td class="small">
                      {t('screens.document.hostStateCapacity', {
                        capacity: humanize(a.hostStateCapacity),
                        willingness: humanize(a.hostStateWillingness).toLowerCase(),
                      })}
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
          <h2 id="doc-assignments-title">{t('screens.document.assignments')}</h2>
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
          <h2 id="doc-dd-title">{t('screens.document.dueDiligence')}</h2>
          {assessed.length === 0 ? (
            <p class="muted">{t('screens.document.noSupportedForce')}</p>
          ) : (
            <ul class="plain-list">
              {assessed.map((a) => {
                const dd = a.dueDiligence?.assessment as Record<string, string> | undefined;
                return (
                  <li key={a.id}>
                    <strong>{a.code}</strong>{' '}
                    {t('screens.document.supports', { force: a.details.supportedSecurityForce })}{' '}
                    {dd ? (
                      t('screens.document.assessment', {
                        conclusion: humanize(dd.conclusion),
                        risk: humanize(String(dd.risk)).toLowerCase(),
                        date: formatDate(dd.assessedOn),
                      })
                    ) : (
                      <span class="warning">{t('screens.document.noAssessment')}</span>
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
          <h2 id="doc-workload-title">{t('screens.document.capacity')}</h2>
          <table class="document-table">
            <thead>
              <tr>
                <th scope="col">{t('screens.document.component')}</th>
                <th scope="col">{t('screens.document.personnelCommitted')}</th>
                <th scope="col">{t('screens.document.assetsCommitted')}</th>
                <th scope="col">{t('screens.document.activities')}</th>
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
                    {t('screens.document.committedOf', {
                      committed: n(w.personnelCommitted), capacity: n(w.personnelCapacity),
                    })}
                  </td>
                  <td class="small">
                    {w.assets
                      .map((a) => t('screens.document.assetCommittedOf', {
                        name: a.name, committed: n(a.committed), capacity: n(a.capacity),
                      }))
                      .join('; ') || '—'}
                  </td>
                  <td class="num">{w.activities}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section class="panel document-section" data-testid="doc-coherence" aria-labelledby="doc-coherence-title">
          <h2 id="doc-coherence-title">{t('screens.document.coherence')}</h2>
          {findings.length === 0 ? (
            <p>{t('screens.document.noFinding')}</p>
          ) : (
            <ul class="plain-list">
              {findings.map((f, index) => (
                <li key={index} class={f.severity === 'Blocking' ? 'finding-note blocking' : 'finding-note'}>
                  <strong>{t('screens.document.severity', { severity: humanize(f.severity) })}</strong>{' '}
                  {findingText(f, t)}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section class="panel document-section" data-testid="doc-approval" aria-labelledby="doc-approval-title">
          <h2 id="doc-approval-title">{t('screens.document.approvalRecord')}</h2>
          <table class="document-table">
            <thead>
              <tr>
                <th scope="col">{t('screens.document.step')}</th>
                <th scope="col">{t('screens.document.who')}</th>
                <th scope="col">{t('screens.document.when')}</th>
                <th scope="col">{t('screens.document.reasonOrComments')}</th>
              </tr>
            </thead>
            <tbody>
              {(view.lifecycle.steps ?? []).map((s) => (
                <tr key={s.streamVersion} data-testid="doc-step" data-step={s.step}>
                  <td>
                    {s.step === 'RevisionOpened'
                      ? `${stepWords(s.step)} ${s.revision}`
                      : t('screens.document.stepOfRevision', { step: stepWords(s.step), revision: s.revision })}
                  </td>
                  <td>
                    {s.by} ({humanize(s.role)})
                  </td>
                  <td>
                    {formatDateTime(s.at)} · {t('screens.document.versionShort', { version: s.streamVersion })}
                  </td>
                  <td>
                    <span data-testid="doc-step-reason">{s.reason ?? '—'}</span>
                    {s.comments && s.comments !== s.reason && (
                      <div class="small" data-testid="doc-step-comments">
                        {t('screens.document.comments', { comments: s.comments })}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
              {(view.lifecycle.steps ?? []).length === 0 && (
                <tr data-testid="doc-no-step">
                  <td colSpan={4} class="muted">
                    {t('screens.document.noStep', { revision: view.revision })}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div class="signatures">
            <div>
              {t('screens.document.endorsedFor')}
              <br />
              {t('screens.document.signature')}
            </div>
            <div>
              {t('screens.document.approvedBy')}
              <br />
              {t('screens.document.signature')}
            </div>
          </div>
        </section>

        <footer class="document-footer" data-testid="doc-digest">
          {digest && digest !== 'none' ? (
            <>
              {t('screens.document.digestOf', { version: digest.version, at: formatDateTime(digest.at) })}{' '}
              <code class="digest" data-testid="digest">
                {digest.hash}
              </code>
              {t('screens.document.digestCheck')} <code>{verifyCommand}</code>
              {t('screens.document.digestLastChange', { by: stampBy(view.lifecycle.stamp) ?? view.updatedBy })}
            </>
          ) : digest === 'none' ? (
            t('screens.document.digestUnread')
          ) : (
            t('screens.document.digestReading')
          )}
        </footer>
      </main>
    </WorkspaceContext.Provider>
  );
}
