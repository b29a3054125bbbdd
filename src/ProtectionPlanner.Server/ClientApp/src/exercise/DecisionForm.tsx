// A player's decision on the exercise's plan, with the rationale it requires: reassess or close a threat, plan an
// activity, re-assign an activity's lead, request capacity. Sent as POST /api/exercises/{id}/decisions/{kind}; an item
// it changes is named by the version it was read at (If-Match), so two players deciding on one threat, or on one
// activity's lead, cannot overwrite each other unseen.
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';
import { phases, stampBy, tiers, type Activity, type Assignment, type Threat, type ThreatAssessment } from '../types';
import { formatNumber } from '../ui/dates';
import { Dialog } from '../ui/Dialog';
import { newDetails } from '../workspace/ActivityForm';
import { byCode, riskLevel, tierLabel } from '../workspace/context';
import { humanize } from '../workspace/fields';
import { componentName, useExercise } from './context';
import { decisionPaths, type DecisionKind, type Inject } from './types';

const kinds = ['ReassessThreat', 'PlanActivity', 'AssignLead', 'RequestCapacity', 'CloseThreat'] as const;

const scale = [1, 2, 3, 4, 5];

const leadOf = (activity: Activity | undefined): Assignment | undefined => activity?.assignments.find((a) => a.role === 'Lead');

/** The assessment to send: the threat's own, with the new likelihood and impact, without the computed risk. */
function reassessed(assessment: ThreatAssessment, likelihood: number, impact: number): ThreatAssessment {
  const { riskScore: _score, risk: _risk, ...rest } = assessment;
  return { ...rest, likelihood, impact };
}

export function DecisionForm({ inject, onClose }: { inject: Inject | null; onClose: () => void }) {
  const { board, send, session } = useExercise();
  const plan = board.plan;
  const openThreats = plan.threats.filter((t) => t.status === 'Open').sort(byCode);
  const activities = [...plan.activities].sort(byCode);
  const firstThreat: Threat | undefined = openThreats[0];

  const [kind, setKind] = useState<DecisionKind>('ReassessThreat');
  const [threatId, setThreatId] = useState(firstThreat?.id ?? '');
  /** The threat's version as the form read it: If-Match of a reassessment or closure. */
  const [threatVersion, setThreatVersion] = useState<number | null>(firstThreat?.stamp.version ?? null);
  const [likelihood, setLikelihood] = useState(firstThreat?.assessment.likelihood ?? 3);
  const [impact, setImpact] = useState(firstThreat?.assessment.impact ?? 3);
  const [reason, setReason] = useState('');
  const [title, setTitle] = useState('');
  const [tier, setTier] = useState<(typeof tiers)[number]>('PhysicalProtection');
  const [phase, setPhase] = useState<(typeof phases)[number]>('Response');
  const [answersThreat, setAnswersThreat] = useState('');
  const [componentId, setComponentId] = useState(board.you.componentId ?? plan.components[0]?.id ?? '');
  const [personnel, setPersonnel] = useState('10');
  const [activityId, setActivityId] = useState('');
  /** The activity's lead version as the form read it: If-Match of re-assigning the lead (none while it has no lead). */
  const [leadVersion, setLeadVersion] = useState<number | null>(null);
  const [rationale, setRationale] = useState('');
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState<string | null>(null);

  const threat = plan.threats.find((t) => t.id === threatId);
  const chooseThreat = (id: string) => {
    const chosen = plan.threats.find((t) => t.id === id);
    setThreatId(id);
    setThreatVersion(chosen?.stamp.version ?? null);
    if (chosen) {
      setLikelihood(chosen.assessment.likelihood);
      setImpact(chosen.assessment.impact);
    }
    setStale(null);
  };

  const activity = plan.activities.find((a) => a.id === activityId);
  const lead = leadOf(activity);
  const chooseActivity = (id: string) => {
    setActivityId(id);
    setLeadVersion(leadOf(plan.activities.find((a) => a.id === id))?.stamp.version ?? null);
    setStale(null);
  };

  const commitmentValid = componentId !== '' && personnel.trim() !== '' && Number(personnel) >= 0;
  const valid = rationale.trim() !== '' && (
    kind === 'ReassessThreat' ? !!threat
      : kind === 'CloseThreat' ? !!threat && reason.trim() !== ''
        : kind === 'PlanActivity' ? title.trim() !== ''
          : kind === 'AssignLead' ? !!activity && commitmentValid
            : commitmentValid);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!valid) return;
    const common = { injectId: inject?.id ?? null, rationale: rationale.trim() };
    const commitment = { personnel: Math.max(0, Math.trunc(Number(personnel) || 0)), assets: [] };
    let body: Record<string, unknown>;
    let ifMatch: number | null = null;
    switch (kind) {
      case 'ReassessThreat':
        body = { ...common, threatId, assessment: reassessed(threat!.assessment, likelihood, impact) };
        ifMatch = threatVersion;
        break;
      case 'CloseThreat':
        body = { ...common, threatId, reason: reason.trim() };
        ifMatch = threatVersion;
        break;
      case 'PlanActivity':
        body = { ...common, details: { ...newDetails(tier, phase), title: title.trim(), threatIds: answersThreat ? [answersThreat] : [] } };
        break;
      case 'AssignLead':
        body = { ...common, activityId, componentId, commitment };
        ifMatch = leadVersion;
        break;
      default:
        body = { ...common, componentId, commitment, activityId: activityId || null };
    }
    setBusy(true);
    try {
      await send('POST', `/decisions/${decisionPaths[kind]}`, body, ifMatch);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 412) && threat && (kind === 'ReassessThreat' || kind === 'CloseThreat')) {
        // Someone decided on this threat meanwhile: show theirs, and let the player decide again against it.
        const current = plan.threats.find((t) => t.id === threatId) ?? threat;
        setThreatVersion(error.problem.currentVersion ?? current.stamp.version);
        const by = error.problem.changedBy ?? stampBy(current.stamp);
        const { likelihood, impact } = current.assessment;
        const reads = { code: threat.code, likelihood, impact };
        setStale(by ? t('exercise.decision.threatChangedBy', { ...reads, name: by })
          : t('exercise.decision.threatChanged', reads));
      } else if (error instanceof ApiError && (error.status === 409 || error.status === 412) && activity && kind === 'AssignLead') {
        // Someone re-assigned this activity's lead meanwhile: name theirs, and let the player decide again against it.
        // The problem carries their lead; the board may not have it yet.
        const now = (error.problem.current as Assignment | null | undefined) ?? leadOf((session.board.value?.plan ?? plan).activities.find((a) => a.id === activityId));
        setLeadVersion(error.problem.currentVersion ?? now?.stamp.version ?? null);
        const by = error.problem.changedBy ?? (now ? stampBy(now.stamp) : undefined);
        const lead = now
          ? t('exercise.decision.leadNow', { lead: now.componentName ?? componentName(board, now.componentId) })
          : t('exercise.decision.leadNone');
        const named = activity.code ?? activity.details.title;
        setStale(by ? t('exercise.decision.leadChangedBy', { activity: named, name: by, now: lead })
          : t('exercise.decision.leadChanged', { activity: named, now: lead }));
      } else {
        showError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const threatSelect = (
    <div class="field span-2">
      <label for="decision-threat">{t('exercise.decision.threat')}</label>
      <select id="decision-threat" name="threatId" value={threatId} required onChange={(e) => chooseThreat((e.currentTarget as HTMLSelectElement).value)}>
        {openThreats.map((o) => (
          <option key={o.id} value={o.id}>
            {o.code} {o.assessment.title}{' '}
            ({t('exercise.decision.threatScores',
              { likelihood: o.assessment.likelihood, impact: o.assessment.impact })})
          </option>
        ))}
      </select>
    </div>
  );

  const componentSelect = (label: string) => (
    <div class="field">
      <label for="decision-component">{label}</label>
      <select id="decision-component" name="componentId" data-testid="decision-component" value={componentId}
        onChange={(e) => setComponentId((e.currentTarget as HTMLSelectElement).value)}>
        {plan.components.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    </div>
  );

  const personnelInput = (
    <div class="field">
      <label for="decision-personnel">{t('exercise.decision.personnel')}</label>
      <input id="decision-personnel" name="personnel" data-testid="decision-personnel" type="number" min={0} max={100000} value={personnel}
        onInput={(e) => setPersonnel((e.currentTarget as HTMLInputElement).value)} />
    </div>
  );

  return (
    <Dialog
      title={inject ? t('exercise.decision.decideOn', { code: inject.code }) : t('exercise.decision.takeDecision')}
      onClose={onClose} testId="decision-form" wide>
      <form onSubmit={submit}>
        {inject && (
          <p class="muted small">
            {t('exercise.decision.answering', { code: inject.code, synopsis: inject.synopsis })}
          </p>
        )}
        <div class="form-grid">
          <div class="field span-2">
            <label for="decision-kind">{t('exercise.decision.decision')}</label>
            <select id="decision-kind" name="kind" data-testid="decision-kind" value={kind} onChange={(e) => {
              setKind((e.currentTarget as HTMLSelectElement).value as DecisionKind);
              setStale(null);
            }}>
              {kinds.map((k) => <option key={k} value={k}>{t(`exercise.decision.kinds.${k}`)}</option>)}
            </select>
          </div>

          {kind === 'ReassessThreat' && (
            <>
              {threatSelect}
              <div class="field">
                <label for="decision-likelihood">{t('exercise.decision.likelihood')}</label>
                <select id="decision-likelihood" name="likelihood" value={String(likelihood)} onChange={(e) => setLikelihood(Number((e.currentTarget as HTMLSelectElement).value))}>
                  {scale.map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              </div>
              <div class="field">
                <label for="decision-impact">{t('exercise.decision.impact')}</label>
                <select id="decision-impact" name="impact" value={String(impact)} onChange={(e) => setImpact(Number((e.currentTarget as HTMLSelectElement).value))}>
                  {scale.map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              </div>
              {threat && (
                <p class="span-2 risk-preview">
                  {t('exercise.decision.risk', { score: threat.assessment.likelihood * threat.assessment.impact })}{' '}
                  <span class={`risk risk-${riskLevel(likelihood, impact).toLowerCase()}`}>
                    {likelihood * impact} {humanize(riskLevel(likelihood, impact))}
                  </span>
                </p>
              )}
            </>
          )}

          {kind === 'CloseThreat' && (
            <>
              {threatSelect}
              <div class="field span-2">
                <label for="decision-reason">
                  {t('exercise.decision.whyClosed')} <span aria-hidden="true">*</span>
                </label>
                <input id="decision-reason" name="reason" value={reason} required maxLength={2000} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
              </div>
            </>
          )}

          {kind === 'PlanActivity' && (
            <>
              <div class="field span-2">
                <label for="decision-title">{t('exercise.decision.activity')} <span aria-hidden="true">*</span></label>
                <input id="decision-title" name="title" value={title} required maxLength={200} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />
              </div>
              <div class="field">
                <label for="decision-tier">{t('exercise.decision.tier')}</label>
                <select id="decision-tier" name="tier" value={tier} onChange={(e) => setTier((e.currentTarget as HTMLSelectElement).value as typeof tier)}>
                  {tiers.map((x) => <option key={x} value={x}>{tierLabel(x)}</option>)}
                </select>
              </div>
              <div class="field">
                <label for="decision-phase">{t('exercise.decision.phase')}</label>
                <select id="decision-phase" name="phase" value={phase} onChange={(e) => setPhase((e.currentTarget as HTMLSelectElement).value as typeof phase)}>
                  {phases.map((p) => <option key={p} value={p}>{humanize(p)}</option>)}
                </select>
              </div>
              <div class="field span-2">
                <label for="decision-answers">{t('exercise.decision.answers')}</label>
                <select id="decision-answers" name="threatIds" value={answersThreat} onChange={(e) => setAnswersThreat((e.currentTarget as HTMLSelectElement).value)}>
                  <option value="">{t('exercise.decision.none')}</option>
                  {openThreats.map((o) => <option key={o.id} value={o.id}>{o.code} {o.assessment.title}</option>)}
                </select>
              </div>
            </>
          )}

          {kind === 'AssignLead' && (
            <>
              <div class="field span-2">
                <label for="decision-activity">
                  {t('exercise.decision.activity')} <span aria-hidden="true">*</span>
                </label>
                <select id="decision-activity" name="activityId" data-testid="decision-activity" value={activityId} required
                  aria-describedby="decision-lead-now" onChange={(e) => chooseActivity((e.currentTarget as HTMLSelectElement).value)}>
                  <option value="">{t('exercise.decision.chooseActivity')}</option>
                  {activities.map((a) => <option key={a.id} value={a.id}>{a.code} {a.details.title}</option>)}
                </select>
                <small id="decision-lead-now" class="muted">
                  {!activity ? t('exercise.decision.leadHint')
                    : lead ? t('exercise.decision.ledBy', {
                      component: lead.componentName ?? componentName(board, lead.componentId),
                      personnel: formatNumber(lead.commitment.personnel),
                    })
                      : t('exercise.decision.noLeadYet')}
                </small>
              </div>
              {componentSelect(t('exercise.decision.newLead'))}
              {personnelInput}
            </>
          )}

          {kind === 'RequestCapacity' && (
            <>
              {componentSelect(t('exercise.decision.fromComponent'))}
              {personnelInput}
              <div class="field span-2">
                <label for="decision-activity">{t('exercise.decision.forActivity')}</label>
                <select id="decision-activity" name="activityId" data-testid="decision-activity" value={activityId}
                  onChange={(e) => chooseActivity((e.currentTarget as HTMLSelectElement).value)}>
                  <option value="">{t('exercise.decision.none')}</option>
                  {activities.map((a) => <option key={a.id} value={a.id}>{a.code} {a.details.title}</option>)}
                </select>
              </div>
            </>
          )}

          <div class="field span-2">
            <label for="decision-rationale">{t('exercise.decision.rationale')} <span aria-hidden="true">*</span></label>
            <textarea id="decision-rationale" name="rationale" data-testid="rationale" rows={3} required maxLength={4000} value={rationale}
              aria-describedby="decision-rationale-hint" onInput={(e) => setRationale((e.currentTarget as HTMLTextAreaElement).value)} />
            <small id="decision-rationale-hint" class="muted">{t('exercise.decision.rationaleHint')}</small>
          </div>
        </div>
        {stale && <p class="warning" role="alert" data-testid="decision-stale">{stale}</p>}
        <div class="actions">
          <button type="submit" class="primary" data-testid="submit-decision" disabled={busy || !valid}>
            {t('exercise.decision.send')}
          </button>
          <button type="button" data-testid="cancel" onClick={onClose}>{t('exercise.decision.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
