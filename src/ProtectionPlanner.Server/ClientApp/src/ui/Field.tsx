// One labelled form field of a FieldSpec, named by its field name.
import type { FieldSpec } from '../workspace/fields';

interface Props {
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  error?: string;
}

export function Field({ spec, value, onChange, disabled, error }: Props) {
  const id = `field-${spec.name.replace(/\W/g, '-')}`;
  const described = error ? `${id}-error` : spec.hint ? `${id}-hint` : undefined;
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
      control = <textarea {...common} rows={3} value={value} onInput={onInput} />;
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
    case 'ids': {
      const chosen = new Set(value.split('\n').filter(Boolean));
      const toggle = (id: string, on: boolean) => {
        const next = new Set(chosen);
        if (on) next.add(id);
        else next.delete(id);
        onChange([...next].join('\n'));
      };
      return (
        <fieldset class="field field-ids" disabled={disabled}>
          <legend>{spec.label}</legend>
          <div class="checklist">
            {spec.options?.map((option) => (
              <label key={option.value} class="check">
                <input type="checkbox" name={spec.name} value={option.value} checked={chosen.has(option.value)}
                  onChange={(event) => toggle(option.value, (event.currentTarget as HTMLInputElement).checked)} />
                <span>{option.label}</span>
              </label>
            ))}
            {spec.options?.length === 0 && <span class="muted">None yet.</span>}
          </div>
        </fieldset>
      );
    }
    default:
      control = (
        <input {...common} type={spec.kind === 'number' ? 'number' : spec.kind === 'date' ? 'date' : 'text'}
          min={spec.min} max={spec.max} maxLength={spec.kind === 'text' ? 200 : undefined} value={value} onInput={onInput} />
      );
  }
  return (
    <div class={`field field-${spec.kind}`}>
      <label for={id}>
        {spec.label}
        {spec.required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {spec.hint && !error && <small id={`${id}-hint`} class="muted">{spec.hint}</small>}
      {error && <small id={`${id}-error`} class="field-error">{error}</small>}
    </div>
  );
}
