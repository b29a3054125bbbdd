// The threat matrix: one row per threat with its risk (likelihood x impact), priority and status.
import { useEffect, useRef, useState } from 'preact/hooks';
import { commentsOf, ItemCommentsDialog, useMayComment } from '../review/Comments';
import { stampBy, type Threat } from '../types';
import { byCode, useWorkspace } from './context';
import { humanize } from './fields';
import { LiveMarks, useItemClasses } from './LiveMarks';

function ThreatRow({ threat, readOnly, onComment }: { threat: Threat; readOnly: boolean; onComment: (threat: Threat) => void }) {
  const { selection, openThreat, canEdit, select, view } = useWorkspace();
  const mayComment = useMayComment();
  const comments = readOnly ? [] : commentsOf(view.comments, threat.id);
  const open = comments.filter((c) => !c.resolved && !c.parentId).length;
  const ref = useRef<HTMLTableRowElement>(null);
  const a = threat.assessment;
  const score = a.riskScore ?? a.likelihood * a.impact;
  const base = `threat-row status-${threat.status.toLowerCase()}`;
  const liveClasses = useItemClasses(threat.id, base);
  const classes = readOnly ? base : liveClasses; // a past version has no live marks
  useEffect(() => {
    if (selection?.id === threat.id) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selection]);
  return (
    <tr ref={ref} class={classes} data-testid="threat-row" data-id={threat.id} data-code={threat.code} aria-selected={selection?.id === threat.id}
      onClick={() => select({ kind: 'threat', id: threat.id })}>
      <td class="code">{threat.code}</td>
      <td>
        <div class="threat-title" data-testid="threat-title">{a.title}</div>
        <div class="threat-sub muted small" title={`${humanize(a.category)} · ${a.location}`}>
          {humanize(a.category)} · {a.location}
          {threat.status === 'Closed' && ' · closed'}
        </div>
        {!readOnly && <LiveMarks id={threat.id} />}
      </td>
      <td class="num" title="Likelihood">{a.likelihood}</td>
      <td class="num" title="Impact">{a.impact}</td>
      <td>
        <span class={`risk risk-${(a.risk ?? '').toLowerCase()}`}>{score}</span>
      </td>
      <td>{a.priority}</td>
      <td class="small">{humanize(a.trend)}</td>
      <td class="small muted">{stampBy(threat.stamp)}</td>
      <td class="row-actions">
        {!readOnly && (mayComment || comments.length > 0) && (
          <button type="button" class="small-button" data-testid="comment-threat" aria-label={`Comments on threat ${threat.code} (${comments.length})`}
            onClick={(event) => {
              event.stopPropagation();
              onComment(threat);
            }}>
            {comments.length > 0 ? `Comments ${open}/${comments.length}` : 'Comment'}
          </button>
        )}
        {!readOnly && <button type="button" class="small-button" data-testid="edit-threat" aria-label={`${canEdit ? 'Edit' : 'View'} threat ${threat.code}`}
          onClick={(event) => {
            event.stopPropagation();
            openThreat(threat);
          }}>
          {canEdit && threat.status === 'Open' ? 'Edit' : 'View'}
        </button>}
      </td>
    </tr>
  );
}

/** The register of the live view, or (readOnly, with its own test id) of a view as it stood. */
export function ThreatRegister({ testId = 'threat-register', readOnly = false, heading = 'Threat assessment' }: { testId?: string; readOnly?: boolean; heading?: string } = {}) {
  const { view, canEdit: canEditLive, openThreat } = useWorkspace();
  const canEdit = canEditLive && !readOnly;
  const [commenting, setCommenting] = useState<Threat | null>(null);
  const titleId = `${testId}-title`;
  const threats = [...view.threats].sort(byCode);
  const open = threats.filter((t) => t.status === 'Open').length;
  return (
    <section class="panel" id={readOnly ? undefined : 'section-threats'} data-testid={testId} aria-labelledby={titleId}>
      <header class="panel-header">
        <h2 id={titleId}>{heading}</h2>
        <span class="muted small">{open} open of {threats.length}</span>
        {canEdit && (
          <button type="button" class="primary push-right" data-testid="add-threat" onClick={() => openThreat(null)}>
            Identify threat
          </button>
        )}
      </header>
      <div class="table-scroll">
        <table class="register">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Threat</th>
              <th scope="col" title="Likelihood (1-5)">L</th>
              <th scope="col" title="Impact (1-5)">I</th>
              <th scope="col">Risk</th>
              <th scope="col">Priority</th>
              <th scope="col">Trend</th>
              <th scope="col">Changed by</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {threats.map((threat) => (
              <ThreatRow key={threat.id} threat={threat} readOnly={readOnly} onComment={setCommenting} />
            ))}
            {threats.length === 0 && (
              <tr>
                <td colSpan={9} class="muted">No threat identified yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {commenting && (
        <ItemCommentsDialog itemKind="threat" itemId={commenting.id} title={`${commenting.code} ${commenting.assessment.title}`} onClose={() => setCommenting(null)} />
      )}
    </section>
  );
}
