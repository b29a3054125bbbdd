// The one error banner: the last refused request's problem (title, detail, field errors).
import { describe } from './api';
import { t } from './i18n';
import { store } from './store';

export interface ShownError {
  title: string;
  detail: string;
  fields: string[];
}

export const currentError = store<ShownError | null>(null);

export function showError(error: unknown): void {
  if ((error as Error)?.name === 'AbortError') return;
  console.warn(error);
  currentError.set(describe(error));
}

export function clearError(): void {
  currentError.set(null);
}

/** Problems found in a form before sending it: the banner lists them, each naming its field by its label. */
export function showProblems(found: Record<string, string>): void {
  const fields = Object.values(found);
  if (fields.length === 0) return;
  const detail = fields.length === 1 ? '' : t('common.errors.fieldsNeedAttention', { count: fields.length });
  currentError.set({ title: t('common.errors.checkTheForm'), detail, fields });
}
