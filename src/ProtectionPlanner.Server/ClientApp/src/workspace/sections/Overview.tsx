// Purpose, scope and principles: the opening of the strategy, one item edited as a whole (If-Match: its version, 0
// before the first). Others see who edits it by the strategy's id, as it has none of its own.
import { command, withReason } from '../../api';
import { t } from '../../i18n';
import { stampAt, stampBy, type Overview } from '../../types';
import { formatDateTime } from '../../ui/dates';
import { useWorkspace } from '../context';
import { flatten, registerLabels, unflatten, type FieldSpec } from '../fields';
import { ItemEditor } from '../ItemEditor';
import { LiveMarks, useItemClasses } from '../LiveMarks';

/** The form's fields, in the language on screen. */
const fields = (): FieldSpec[] => [
  { name: 'purpose', label: t('workspace.overview.purpose'), kind: 'textarea', required: true },
  { name: 'scope', label: t('workspace.overview.scope'), kind: 'textarea', required: true },
  { name: 'principles', label: t('workspace.overview.principlesField'), kind: 'lines' },
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
        <h2 id={readOnly ? 'overview-title-copy' : 'overview-title'}>{t('workspace.overview.heading')}</h2>
        {!readOnly && (
          <button
            type="button"
            class={`small-button push-right${blank && canEdit ? ' primary' : ''}`}
            data-testid="edit-overview"
            onClick={openOverview}
          >
            {canEdit
              ? blank
                ? t('workspace.overview.write')
                : t('workspace.common.edit')
              : t('workspace.common.view')}
          </button>
        )}
      </header>
      {!readOnly && <LiveMarks id={view.strategyId} />}
      {blank ? (
        <p class="muted">{t('workspace.overview.notWritten')}</p>
      ) : (
        <div class="overview-text">
          <h3>{t('workspace.overview.purpose')}</h3>
          <p class="prose" data-testid="overview-purpose">
            {overview.purpose}
          </p>
          <h3>{t('workspace.overview.scope')}</h3>
          <p class="prose" data-testid="overview-scope">
            {overview.scope}
          </p>
          {overview.principles.length > 0 && (
            <>
              <h3>{t('workspace.overview.principles')}</h3>
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
          {t('workspace.common.lastChangedBy', { by: stampBy(stamp) })}
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
  const specs = fields();
  return (
    <ItemEditor
      title={t('workspace.overview.heading')}
      itemLabel={t('workspace.overview.itemLabel')}
      kind="overview"
      presenceId={view.strategyId}
      fields={specs}
      start={flatten(specs, base)}
      stamp={opened?.stamp ?? { version: 0 }}
      liveStamp={view.overview?.stamp ?? null}
      problemPrefix="overview."
      saveLabel={t('workspace.common.save')}
      layout={(field) => <div class="form-stack">{specs.map((f) => field(f.name))}</div>}
      save={(values, ifMatch, reason) =>
        command(
          'PUT',
          withReason(`/api/strategies/${view.strategyId}/overview`, reason),
          { overview: unflatten(specs, values, base) },
          ifMatch ?? 0,
        )
      }
      theirs={(current) => flatten(specs, (current as { details?: Overview }).details ?? current)}
      onClose={onClose}
    />
  );
}
