// Where the error banner shows: in the top-most open dialog, else on the page, so it is never hidden behind a modal.
import { useLayoutEffect, useState } from 'preact/hooks';
import { clearError, currentError } from '../errors';
import { t } from '../i18n';
import { store, useStore } from '../store';

const hosts = store<number[]>([]);
let nextHost = 1;

export function ErrorSlot() {
  const [id] = useState(() => nextHost++);
  useLayoutEffect(() => {
    hosts.update((stack) => [...stack, id]);
    return () => hosts.update((stack) => stack.filter((host) => host !== id));
  }, [id]);
  const stack = useStore(hosts);
  const error = useStore(currentError);
  if (!error || stack[stack.length - 1] !== id) return null;
  return (
    <div class="error" role="alert" data-testid="error">
      <div class="error-text">
        <strong>{error.title}</strong>
        {error.detail && <span> {error.detail}</span>}
        {error.fields.length > 0 && (
          <ul>
            {error.fields.map((field) => (
              <li key={field}>{field}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" class="icon-button" aria-label={t('common.errors.dismiss')} onClick={clearError}>
        ×
      </button>
    </div>
  );
}
