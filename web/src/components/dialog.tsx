// A modal question (delete this? sign out or lock?): the browser's own <dialog>, which keeps the
// keyboard inside it and closes with Escape; and the answers to a question or to a form in a
// dialog: the button that does it and Cancel.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import { t } from "../i18n";
import { ErrorNotice } from "./problem";
import { useAction } from "./server";

interface Props {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ComponentChildren;
}

export function Dialog({ title, open, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

interface ButtonsProps {
  /** What the first button says ("Delete", "Save"). */
  label: string;
  /** Disables the first button (while it works, or while the form is not ready). */
  busy?: boolean;
  /** A red button, for what cannot be undone. */
  danger?: boolean;
  /** What the first button does; without it, it submits the form it is in. */
  onConfirm?: () => void;
  onCancel: () => void;
}

/** The button that does it, then Cancel. */
export function ConfirmButtons({ label, busy = false, danger = false, onConfirm, onCancel }: ButtonsProps) {
  return (
    <div class="actions">
      <button type={onConfirm ? "button" : "submit"} class={danger ? "danger" : "primary"} disabled={busy} onClick={onConfirm}>
        {label}
      </button>
      <button type="button" onClick={onCancel}>
        {t("app-cancel")}
      </button>
    </div>
  );
}

interface ConfirmProps {
  /** What doing it does. */
  text: string;
  label: string;
  /** Does it; what happens next (closing the question) is its own. */
  onConfirm: () => Promise<unknown>;
  onCancel: () => void;
  /** How a refusal is shown (else as any error). */
  refusal?: (error: unknown) => ComponentChildren;
}

/** A question about something that cannot be undone, with a refusal of the server in words. */
export function Confirm({ text, label, onConfirm, onCancel, refusal }: ConfirmProps) {
  const confirm = useAction(onConfirm);
  return (
    <>
      <p>{text}</p>
      {refusal ? refusal(confirm.error) : <ErrorNotice error={confirm.error} />}
      <ConfirmButtons label={label} danger busy={confirm.busy} onConfirm={() => void confirm.run()} onCancel={onCancel} />
    </>
  );
}
