// A part of the strategy that is a list of items (objectives, fora, early-warning arrangements, decisions on tensions,
// hand-overs): each item's summary with who is editing it and who just changed it, and its editor a click away.
import type { ComponentChildren } from 'preact';
import { command, withReason } from '../../api';
import { t } from '../../i18n';
import { stampAt, stampBy, type Item, type PlanView } from '../../types';
import { formatDateTime } from '../../ui/dates';
import { useWorkspace, type SectionKind, type Workspace } from '../context';
import { flatten, registerLabels, unflatten, type FieldSpec, type Flat } from '../fields';
import { ItemEditor } from '../ItemEditor';
import { LiveMarks, useItemClasses } from '../LiveMarks';

/** What differs from one section to the next. */
export interface SectionSpec<T> {
  kind: SectionKind;
  /** The API's path under the strategy (`early-warning`) and the test id of the section. */
  path: string;
  testId: string;
  items: (view: PlanView) => Item<T>[];
  fields: (workspace: Workspace, item: Item<T> | null) => FieldSpec[];
  blank: (workspace: Workspace) => T;
  name: (details: T) => string;
  /** The item's details, read (on screen and in print). */
  body: (item: Item<T>, workspace: Workspace) => ComponentChildren;
  check?: (values: Flat) => Record<string, string>;
  /** Shown in the editor below the fields (what refers to the item). */
  related?: (item: Item<T>, workspace: Workspace) => ComponentChildren;
}

/** The sections, by kind, for the workspace's editor. Filled by each section's module. */
export const sectionSpecs = new Map<SectionKind, SectionSpec<unknown>>();

export function defineSection<T>(spec: SectionSpec<T>): SectionSpec<T> {
  sectionSpecs.set(spec.kind, spec as unknown as SectionSpec<unknown>);
  return spec;
}

/** A section's words (catalog `workspace.sections.{kind}`): its heading, one line on what it is for, and what its
 * buttons and dialogs call an item ("Add objective", "Objective O-2"). */
const words = (kind: SectionKind) => ({
  heading: t(`workspace.sections.${kind}.heading`),
  intro: t(`workspace.sections.${kind}.intro`),
  add: t(`workspace.sections.${kind}.add`),
  remove: t(`workspace.sections.${kind}.remove`),
  reallyRemove: t(`workspace.sections.${kind}.reallyRemove`),
  title: (code: string) => t(`workspace.sections.${kind}.title`, { code }),
  label: (code: string, name: string) => t(`workspace.sections.${kind}.label`, { code, name }),
  edit: (code: string) => t(`workspace.sections.${kind}.edit`, { code }),
  view: (code: string) => t(`workspace.sections.${kind}.view`, { code }),
});

function ItemRow<T>({ spec, item }: { spec: SectionSpec<T>; item: Item<T> }) {
  const workspace = useWorkspace();
  const { canEdit, openItem, readOnly } = workspace;
  const classes = useItemClasses(item.id, 'item-row');
  const name = spec.name(item.details);
  return (
    <li
      class={readOnly ? 'item-row' : classes}
      data-testid="item-row"
      data-id={item.id}
      data-kind={spec.kind}
      data-code={item.code ?? ''}
    >
      <div class="item-head">
        {item.code && <span class="code">{item.code}</span>}
        <h3 class="item-title" data-testid="item-title">
          {name}
        </h3>
        {!readOnly && (
          <button
            type="button"
            class="small-button push-right"
            data-testid="edit-item"
            aria-label={canEdit ? words(spec.kind).edit(item.code ?? name) : words(spec.kind).view(item.code ?? name)}
            onClick={() => openItem(spec.kind, item as Item<unknown>)}
          >
            {canEdit ? t('workspace.common.edit') : t('workspace.common.view')}
          </button>
        )}
      </div>
      {!readOnly && <LiveMarks id={item.id} />}
      <div class="item-body">{spec.body(item, workspace)}</div>
      <div class="muted small item-stamp">
        {stampBy(item.stamp) && t('workspace.common.lastChangedBy', { by: stampBy(item.stamp) })}
        {stampAt(item.stamp) && `, ${formatDateTime(stampAt(item.stamp))}`}
      </div>
    </li>
  );
}

export function ItemSection<T>({ spec, headingLevel = 2 }: { spec: SectionSpec<T>; headingLevel?: 2 | 3 }) {
  const workspace = useWorkspace();
  const { view, canEdit, openItem, readOnly } = workspace;
  const items = spec.items(view);
  const titleId = `${spec.testId}-title${readOnly ? '-copy' : ''}`;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section
      class="panel item-section"
      id={readOnly ? undefined : `section-${spec.testId}`}
      data-testid={spec.testId}
      aria-labelledby={titleId}
    >
      <header class="panel-header">
        <Heading id={titleId}>{words(spec.kind).heading}</Heading>
        <span class="muted small">{items.length}</span>
        {canEdit && !readOnly && (
          <button
            type="button"
            class="primary push-right"
            data-testid="add-item"
            onClick={() => openItem(spec.kind, null)}
          >
            {words(spec.kind).add}
          </button>
        )}
      </header>
      <p class="muted small section-intro">{words(spec.kind).intro}</p>
      <ul class="item-list">
        {items.map((item) => (
          <ItemRow key={item.id} spec={spec} item={item} />
        ))}
        {items.length === 0 && <li class="muted small">{t('workspace.common.noneYet')}</li>}
      </ul>
    </section>
  );
}

/** The editor of an item of a section: a new one (item null) or an existing one. */
export function SectionItemEditor<T>({
  spec,
  item,
  onClose,
}: {
  spec: SectionSpec<T>;
  item: Item<T> | null;
  onClose: () => void;
}) {
  const workspace = useWorkspace();
  const { view } = workspace;
  const fields = spec.fields(workspace, item);
  registerLabels('details.', fields);
  const base = item?.details ?? spec.blank(workspace);
  const live = item ? spec.items(view).find((i) => i.id === item.id) : undefined;
  const path = `/api/strategies/${view.strategyId}/${spec.path}`;
  const said = words(spec.kind);
  const label = (details: T) => said.label(item?.code ?? '', spec.name(details)).replace('  ', ' ');
  return (
    <ItemEditor
      title={item ? said.title(item.code ?? '').trim() : said.add}
      itemLabel={label(base)}
      kind={spec.kind}
      presenceId={item?.id ?? null}
      fields={fields}
      start={flatten(fields, base)}
      stamp={item?.stamp ?? null}
      liveStamp={live?.stamp}
      problemPrefix="details."
      check={spec.check}
      saveLabel={item ? t('workspace.common.save') : said.add}
      save={(values, ifMatch, reason) => {
        const details = unflatten(fields, values, base);
        return item
          ? command('PUT', withReason(`${path}/${item.id}`, reason), { details }, ifMatch)
          : command('POST', withReason(path, reason), { details });
      }}
      theirs={(current) => flatten(fields, (current as Item<T>).details)}
      remove={
        item
          ? {
              label: said.remove,
              confirm: said.reallyRemove,
              send: (ifMatch, reason) =>
                command('DELETE', withReason(`${path}/${item.id}`, reason), undefined, ifMatch),
            }
          : undefined
      }
      onClose={onClose}
    >
      {item && spec.related?.(item, workspace)}
    </ItemEditor>
  );
}
