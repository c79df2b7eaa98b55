// Pieces every configuration form uses (and the first-start wizard with them): data loaded with
// its error, number fields, field errors named as the form names them, the notice after a save,
// the values a test read, and the question before a deletion.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Schemas } from "../../api/client";
import { Dialog } from "../../components/dialog";
import { TextField } from "../../components/field";
import { ErrorNotice, fieldErrors } from "../../components/problem";
import { formatQuantity } from "../../format/quantity";
import { formatTime } from "../../format/time";
import { has, locale, t } from "../../i18n";
import { here, withQuery } from "../../router";
import { timeZone } from "../../session";
import { isValidId, relativeFields } from "./model";

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** Reads the data again (after a change); a failure is kept in `error`. */
  reload: () => Promise<void>;
}

/** Data read when the component mounts and whenever `deps` change, with the error if reading failed. */
export function useData<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const reload = useCallback(async () => {
    try {
      const data = await load();
      setState({ data, error: null });
    } catch (error) {
      setState((s) => ({ data: s.data, error }));
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
}

/** The field errors of an answer by the form's own field names (see `relativeFields`). */
export function fieldsOf(error: unknown, prefixes: readonly string[]): Map<string, string> {
  return relativeFields(fieldErrors(error), prefixes);
}

/** The labels of the fields an error names (as `fieldsOf` reads them), keyed by the API's paths, for ErrorNotice's list. */
export function labelsFor(error: unknown, prefixes: readonly string[], labels: Record<string, string>): Record<string, string> {
  const paths = [...fieldErrors(error).keys()];
  const relative = [...relativeFields(new Map(paths.map((p) => [p, p])), prefixes)];
  return Object.fromEntries(relative.flatMap(([key, path]) => (labels[key] ? [[path, labels[key]]] : [])));
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(",", ".");
  return trimmed === "" ? null : Number(trimmed);
}

interface NumberProps {
  label: string;
  value: number | null | undefined;
  /** The number typed, null when the field is empty. */
  onNumber: (value: number | null) => void;
  help?: string | undefined;
  error?: string | undefined;
  /** Whole numbers only. */
  integer?: boolean;
  required?: boolean;
  min?: number;
  max?: number;
}

/** A labelled number, typed with a decimal point or comma, checked as it is typed. */
export function NumberField({ label, value, onNumber, help, error, integer = false, required, min, max }: NumberProps) {
  const [text, setText] = useState(value == null ? "" : String(value));
  useEffect(() => {
    const typed = parseNumber(text);
    if (!Object.is(typed, value ?? null)) setText(value == null ? "" : String(value));
    // Only a change from outside (another profile, a reset) rewrites what is typed.
  }, [value]);
  const typed = parseNumber(text);
  const wrong =
    typed !== null &&
    (!Number.isFinite(typed) ||
      (integer && !Number.isInteger(typed)) ||
      (min !== undefined && typed < min) ||
      (max !== undefined && typed > max));
  const rule =
    min !== undefined && max !== undefined ? t("configuration-number-between", { min, max }) : t("configuration-number-any");
  return (
    <TextField
      label={label}
      value={text}
      inputMode={integer ? "numeric" : "decimal"}
      help={help}
      error={error ?? (wrong ? rule : undefined)}
      {...(required ? { required } : {})}
      onValue={(next) => {
        setText(next);
        const number = parseNumber(next);
        onNumber(number === null || Number.isFinite(number) ? number : Number.NaN);
      }}
    />
  );
}

interface IdProps {
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
}

/** The id of a new entity: made from its name until edited, fixed once saved. */
export function IdField({ value, onValue, error }: IdProps) {
  const wrong = value !== "" && !isValidId(value);
  return (
    <TextField
      label={t("configuration-id")}
      help={t("configuration-id-help")}
      value={value}
      spellcheck={false}
      maxLength={64}
      error={error ?? (wrong ? t("configuration-id-invalid") : undefined)}
      onValue={(next) => onValue(next.trim())}
      required
    />
  );
}

/** Said after every successful change: the configuration is saved and acquisition restarts with it. */
export function SavedNotice({ children }: { children?: ComponentChildren }) {
  return (
    <div class="notice success" role="status">
      <strong>{t("configuration-saved")}</strong>
      <p>{t("configuration-saved-restart")}</p>
      {children}
    </div>
  );
}

/** The name of a point ("Voltage L1-N"), the canonical name where the catalogues have none. */
export function pointName(point: string): string {
  return has(`point-${point}`) ? t(`point-${point}`) : point;
}

/** What a device answered to a test: each value read, in the locale, with its unit. */
export function ReadResultView({ result }: { result: Schemas["ReadResult"] }) {
  return (
    <div class="notice success read-result" role="status">
      <strong>
        {t("configuration-test-values", {
          count: result.points.length,
          time: formatTime(result.timestamp, locale.value, timeZone.value),
        })}
      </strong>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t("configuration-test-caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("configuration-test-point")}</th>
              <th scope="col" class="number">
                {t("configuration-test-value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {result.points.map((p) => (
              <tr>
                <td>{pointName(p.point)}</td>
                <td class="number">{p.value == null ? "—" : formatQuantity(p.value, p.unit, locale.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

interface DeleteProps {
  open: boolean;
  title: string;
  /** What deleting does and keeps. */
  text: string;
  onClose: () => void;
  onDelete: () => Promise<void>;
  /** The seeds' alternative to erasing: disabling, for what can be disabled. */
  onDisable?: (() => Promise<void>) | undefined;
  /** Only disabling is possible (a predefined load). */
  disableOnly?: boolean;
}

/** "Delete this?" with Delete (or Disable) and Cancel; a refusal (409: "delete its devices first") is shown in words. */
export function DeleteDialog({ open, title, text, onClose, onDelete, onDisable, disableOnly = false }: DeleteProps) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <Dialog title={title} open={open} onClose={close}>
      <p>{text}</p>
      <ErrorNotice error={error} />
      <div class="actions">
        {!disableOnly && (
          <button type="button" class="danger" disabled={busy} onClick={() => void act(onDelete)}>
            {t("configuration-delete-confirm")}
          </button>
        )}
        {onDisable && (
          <button type="button" disabled={busy} onClick={() => void act(onDisable)}>
            {t("configuration-disable")}
          </button>
        )}
        <button type="button" onClick={close}>
          {t("app-cancel")}
        </button>
      </div>
    </Dialog>
  );
}

/** "Off" beside the name of something disabled: a word, not a colour. */
export function OffMark({ enabled }: { enabled: boolean | undefined }) {
  if (enabled !== false) return null;
  return <span class="off-mark">{t("configuration-off")}</span>;
}

/** Which entity of a section is open: `?edit=<id>`, or a new one with `?add=1`. */
export function useSelection(): { editing: string | null; adding: boolean } {
  const query = here.value.query;
  return { editing: query.get("edit"), adding: query.has("add") };
}

/** The address of the section with entity `id` open (null: none), the other choices kept. */
export function editHref(id: string | null): string {
  return withQuery({ edit: id, add: null });
}

/** The address of the section with a new entity's form open. */
export function addHref(extra: Record<string, string | null> = {}): string {
  return withQuery({ edit: null, add: "1", ...extra });
}

interface FormCardProps {
  title: string;
  children: ComponentChildren;
}

/** The form of one entity beside the list; its heading takes the focus when it opens (on a phone it is below the list). */
export function FormCard({ title, children }: FormCardProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Chosen from the list (a link has the focus): take the focus along; not on a page just opened.
    if (document.activeElement && document.activeElement !== document.body) heading.current?.focus();
  }, []);
  return (
    <section class="card config-form" aria-label={title}>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The entity asked for in the address does not exist (any more). */
export function NotFound({ id }: { id: string }) {
  return (
    <div class="notice error" role="alert">
      <strong>{t("configuration-not-found", { id })}</strong>
      <p>
        <a href={editHref(null)}>{t("configuration-back-to-list")}</a>
      </p>
    </div>
  );
}
