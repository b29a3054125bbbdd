// A modal dialog on the native <dialog>: focus moves into it, Esc closes it, the page behind is inert.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { ErrorSlot } from './ErrorSlot';

interface Props {
  title: ComponentChildren;
  onClose: () => void;
  testId?: string;
  wide?: boolean;
  children: ComponentChildren;
}

let nextId = 1;

export function Dialog({ title, onClose, testId, wide, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useRef(`dialog-title-${nextId++}`).current;
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault(); // Esc: let the owner close it (and tidy up) rather than the browser
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (opener && document.contains(opener)) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} class={wide ? 'dialog wide' : 'dialog'} aria-labelledby={titleId} data-testid={testId}>
      <header class="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          class="icon-button"
          aria-label={t('workspace.dialog.close')}
          onClick={() => close.current()}
        >
          ×
        </button>
      </header>
      <ErrorSlot />
      <div class="dialog-body">{children}</div>
    </dialog>
  );
}
