// The threat matrix: one row per threat with its risk (likelihood x impact), priority and status.
import { useEffect, useRef } from 'preact/hooks';
import { stampBy, type Threat } from '../types';
import { byCode, useWorkspace } from './context';
import { humanize } from './fields';
import { LiveMarks, useItemClasses } from './LiveMarks';

function ThreatRow({ threat }: { threat: Threat }) {
  const { selection, openThreat, canEdit, select } = useWorkspace();
  const ref = useRef<HTMLTableRowElement>(null);
  const a = threat.assessment;
  const score = a.riskScore ?? a.likelihood * a.impact;
  const classes = useItemClasses(threat.id, `threat-row status-${threat.status.toLowerCase()}`);
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
        <LiveMarks id={threat.id} />
      </td>
      <td class="num" title="Likelihood">{a.likelihood}</td>
      <td class="num" title="Impact">{a.impact}</td>
      <td>
        <span class={`risk risk-${(a.risk ?? '').toLowerCase()}`}>{score}</span>
      </td>
      <td>{a.priority}</td>
      <td class="small">{humanize(a.trend)}</td>
      <td class="small muted">{stampBy(threat.stamp)}</td>
      <td>
        <button type="button" class="small-button" data-testid="edit-threat" aria-label={`${canEdit ? 'Edit' : 'View'} threat ${threat.code}`}
          onClick={(event) => {
            event.stopPropagation();
            openThreat(threat);
          }}>
          {canEdit && threat.status === 'Open' ? 'Edit' : 'View'}
        </button>
      </td>
    </tr>
  );
}

export function ThreatRegister() {
  const { view, canEdit, openThreat } = useWorkspace();
  const threats = [...view.threats].sort(byCode);
  const open = threats.filter((t) => t.status === 'Open').length;
  return (
    <section class="panel" data-testid="threat-register" aria-labelledby="threats-title">
      <header class="panel-header">
        <h2 id="threats-title">Threat assessment</h2>
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
              <ThreatRow key={threat.id} threat={threat} />
            ))}
            {threats.length === 0 && (
              <tr>
                <td colSpan={9} class="muted">No threat identified yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
