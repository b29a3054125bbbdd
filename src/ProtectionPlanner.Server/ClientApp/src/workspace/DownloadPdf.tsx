// "Download PDF": the strategy document as the server renders it (GET .../document.pdf, headless Chromium printing
// the same print view), at a version or now. Rendering takes a few seconds: the button says so meanwhile.
import { useState } from 'preact/hooks';
import { download } from '../api';
import { showError } from '../errors';
import { t } from '../i18n';

interface Props {
  strategyId: string;
  /** The stream version to render; null for now. */
  version: number | null;
  testId: string;
  small?: boolean;
}

export function DownloadPdf({ strategyId, version, testId, small }: Props) {
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const query = version ? `?version=${version}` : '';
      await download(`/api/strategies/${strategyId}/document.pdf${query}`, 'strategy.pdf');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      class={small ? 'small-button' : undefined}
      data-testid={testId}
      disabled={busy}
      aria-busy={busy}
      onClick={() => void save()}
    >
      {busy ? t('workspace.pdf.preparing') : t('workspace.pdf.download')}
    </button>
  );
}
