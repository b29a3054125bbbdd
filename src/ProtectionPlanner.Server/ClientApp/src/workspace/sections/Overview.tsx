// Purpose, scope and principles: the opening of the strategy, one item edited as a whole (If-Match: its version, 0
// before the first). Others see who edits it by the strategy's id, as it has none of its own.
import { command, withReason } from '../../api';
import { stampAt, stampBy, type Overview } from '../../types';
import { formatDateTime } from '../../ui/dates';
import { useWorkspace } from '../context';
import { flatten, registerLabels, unflatten, type FieldSpec } from '../fields';
import { ItemEditor } from '../ItemEditor';
import { LiveMarks, useItemClasses } from '../LiveMarks';

const fields: FieldSpec[] = [
  { name: 'purpose', label: 'Purpose', kind: 'textarea', required: true },
  { name: 'scope', label: 'Scope', kind: 'textarea', required: true },
  { name: 'principles', label: 'Principles (one a line)', kind: 'lines' },
];
registerLabels('overview.', fields);

const empty: Overview = { purpose: '', scope: '', principles: [] };

export function OverviewPanel() {
  const { view, canEdit, openOverview, readOnly } = useWorkspace();
  const overview = view.overview?.details ?? empty;
  const stamp = view.overview?.stamp ?? null;
  const classes = useItemClasses(view.strategyId, 'panel overview');
  const blank = !overview.purpose && !overview.scope && overview.principles.length === 0;
  return (
    <section
      class={readOnly ? 'panel overview' : classes}
      id={readOnly ? undefined : 'section-overview'}
      data-testid="overview"
      aria-labelledby={readOnly ? 'overview-title-copy' : 'overview-title'}
    >
      <header class="panel-header">
        <h2 id={readOnly ? 'overview-title-copy' : 'overview-title'}>Purpose, scope and principles</h2>
        {!readOnly && (
          <button
            type="button"
            class={`small-button push-right${blank && canEdit ? ' primary' : ''}`}
            data-testid="edit-overview"
            onClick={openOverview}
          >
            {canEdit ? (blank ? 'Write' : 'Edit') : 'View'}
          </button>
        )}
      </header>
      {!readOnly && <LiveMarks id={view.strategyId} />}
      {blank ? (
        <p class="muted">Not written yet.</p>
      ) : (
        <div class="overview-text">
          <h3>Purpose</h3>
          <p class="prose" data-testid="overview-purpose">
            {overview.purpose}
          </p>
          <h3>Scope</h3>
          <p class="prose" data-testid="overview-scope">
            {overview.scope}
          </p>
          {overview.principles.length > 0 && (
            <>
              <h3>Principles</h3>
              <ol class="principles" data-testid="overview-principles">
                {overview.principles.map((principle, index) => (
                  <li key={index}>{principle}</li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
      {stamp && stampBy(stamp) && (
        <p class="muted small">
          Last changed by {stampBy(stamp)}
          {stampAt(stamp) && `, ${formatDateTime(stampAt(stamp))}`}
        </p>
      )}
    </section>
  );
}

export function OverviewEditor({ onClose }: { onClose: () => void }) {
  const { view } = useWorkspace();
  const opened = view.overview;
  const base = opened?.details ?? empty;
  return (
    <ItemEditor
      title="Purpose, scope and principles"
      itemLabel="The overview"
      kind="overview"
      presenceId={view.strategyId}
      fields={fields}
      start={flatten(fields, base)}
      stamp={opened?.stamp ?? { version: 0 }}
      liveStamp={view.overview?.stamp ?? null}
      problemPrefix="overview."
      saveLabel="Save"
      layout={(field) => <div class="form-stack">{fields.map((f) => field(f.name))}</div>}
      save={(values, ifMatch, reason) =>
        command(
          'PUT',
          withReason(`/api/strategies/${view.strategyId}/overview`, reason),
          { overview: unflatten(fields, values, base) },
          ifMatch ?? 0,
        )
      }
      theirs={(current) => flatten(fields, (current as { details?: Overview }).details ?? current)}
      onClose={onClose}
    />
  );
}
