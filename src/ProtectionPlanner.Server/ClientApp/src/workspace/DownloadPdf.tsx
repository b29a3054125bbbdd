// "Download PDF": a document as the server renders it (headless Chromium printing the same print view): the strategy
// document (GET .../document.pdf) at a version or now, or another document by its path, such as an after-action
// report. Rendering takes a few seconds: the button says so meanwhile.
import { useState } from 'preact/hooks';
import { download } from '../api';
import { showError } from '../errors';

type Props = (
  | {
      strategyId: string;
      /** The stream version to render; null for now. */
      version: number | null;
    }
  | {
      /** The PDF's API path, and the file name to save it as when the server names none. */
      path: string;
      name: string;
    }
) & {
  testId: string;
  small?: boolean;
};

export function DownloadPdf(props: Props) {
  const { testId, small } = props;
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      if ('path' in props) await download(props.path, props.name);
      else {
        const query = props.version ? `?version=${props.version}` : '';
        await download(`/api/strategies/${props.strategyId}/document.pdf${query}`, 'strategy.pdf');
      }
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
      {busy ? 'Preparing the PDF…' : 'Download PDF'}
    </button>
  );
}
