// One labelled form field of a FieldSpec, named by its field name; a list of records is a small table of rows.
import { t } from '../i18n';
import { formatDate } from './dates';
import { rowsOf, type FieldSpec, type Flat } from '../workspace/fields';

interface Props {
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  error?: string;
  /** Prefix of the element ids, so that one field can appear in two forms at once. */
  idPrefix?: string;
}

export function Field({ spec, value, onChange, disabled, error, idPrefix = 'field' }: Props) {
  const id = `${idPrefix}-${spec.name.replace(/\W/g, '-')}`;
  const dateText = spec.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : '';
  const hint = dateText || spec.hint;
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const common = {
    id,
    name: spec.name,
    disabled,
    required: spec.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
  };
  const onInput = (event: Event) => onChange((event.currentTarget as HTMLInputElement).value);
  let control;
  switch (spec.kind) {
    case 'textarea':
    case 'lines':
      control = (
        <textarea
          {...common}
          rows={3}
          value={value}
          maxLength={spec.kind === 'textarea' ? 4000 : undefined}
          onInput={onInput}
        />
      );
      break;
    case 'select':
      control = (
        <select {...common} value={value} onChange={onInput}>
          {spec.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'ids':
      return <Checklist spec={spec} value={value} onChange={onChange} disabled={disabled} error={error} id={id} />;
    case 'records':
      return <Records spec={spec} value={value} onChange={onChange} disabled={disabled} error={error} id={id} />;
    default:
      control = (
        <input
          {...common}
          type={spec.kind === 'number' ? 'number' : spec.kind === 'date' ? 'date' : 'text'}
          min={spec.min}
          max={spec.max}
          step={spec.kind === 'number' ? 1 : undefined}
          maxLength={spec.kind === 'text' ? 200 : undefined}
          value={value}
          onInput={onInput}
        />
      );
  }
  return (
    <div class={`field field-${spec.kind}`}>
      <label for={id}>
        {spec.label}
        {spec.required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {hint && !error && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

interface PartProps {
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  error?: string;
  id: string;
}

function Checklist({ spec, value, onChange, disabled, error, id }: PartProps) {
  const chosen = new Set(value.split('\n').filter(Boolean));
  const toggle = (option: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(option);
    else next.delete(option);
    onChange([...next].join('\n'));
  };
  return (
    <fieldset class="field field-ids" disabled={disabled} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{spec.label}</legend>
      <div class="checklist">
        {spec.options?.map((option) => (
          <label key={option.value} class="check">
            <input
              type="checkbox"
              name={spec.name}
              value={option.value}
              checked={chosen.has(option.value)}
              onChange={(event) => toggle(option.value, (event.currentTarget as HTMLInputElement).checked)}
            />
            <span>{option.label}</span>
          </label>
        ))}
        {spec.options?.length === 0 && <span class="muted">{t('workspace.common.noneYet')}</span>}
      </div>
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}

/** Rows of a few columns each (an objective's indicators, the steps of an alert path): add, remove, move. */
function Records({ spec, value, onChange, disabled, error, id }: PartProps) {
  const rows = rowsOf(value);
  const columns = spec.columns ?? [];
  const row = spec.row ?? t('workspace.records.row');
  const set = (next: Flat[]) => onChange(JSON.stringify(next));
  const blank = (): Flat =>
    Object.fromEntries(columns.map((c) => [c.name, c.kind === 'select' ? (c.options?.[0]?.value ?? '') : '']));
  const move = (from: number, to: number) => {
    const next = rows.slice();
    const [taken] = next.splice(from, 1);
    next.splice(to, 0, taken);
    set(next);
  };
  return (
    <fieldset
      class="field field-records"
      disabled={disabled}
      data-testid={`records-${spec.name}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>
        {spec.label}
        {spec.minRows ? (
          <span class="muted small"> {t('workspace.records.atLeast', { count: spec.minRows })}</span>
        ) : null}
      </legend>
      {rows.length === 0 && <p class="muted small">{t('workspace.common.noneYet')}</p>}
      <ol class="records">
        {rows.map((values, index) => (
          <li key={index} class="record" data-testid="record">
            <div class="record-fields">
              {columns.map((column) => (
                <Field
                  key={column.name}
                  spec={{ ...column, name: `${spec.name}.${index}.${column.name}` }}
                  idPrefix={id}
                  value={values[column.name] ?? ''}
                  disabled={disabled}
                  onChange={(text) => set(rows.map((r, i) => (i === index ? { ...r, [column.name]: text } : r)))}
                />
              ))}
            </div>
            {!disabled && (
              <div class="record-actions">
                <button
                  type="button"
                  class="small-button"
                  aria-label={t('workspace.records.moveUp', { row, number: index + 1 })}
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="small-button"
                  aria-label={t('workspace.records.moveDown', { row, number: index + 1 })}
                  disabled={index === rows.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="small-button"
                  data-testid="remove-record"
                  aria-label={t('workspace.records.removeRow', { row, number: index + 1 })}
                  onClick={() => set(rows.filter((_, i) => i !== index))}
                >
                  {t('workspace.common.remove')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {!disabled && (
        <button
          type="button"
          class="small-button"
          data-testid={`add-record-${spec.name}`}
          onClick={() => set([...rows, blank()])}
        >
          {t('workspace.records.add', { row })}
        </button>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}
