// Pieces every configuration form uses (and the first-start wizard with them): number, id and
// address fields, field errors named as the form names them, the notice after a save, the values
// a test read, the mark of what is disabled, and the choice of a gateway above a list.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Schemas } from "../../api/client";
import { SelectField, TextField } from "../../components/field";
import { fieldErrors } from "../../components/problem";
import { formatQuantity } from "../../format/quantity";
import { formatTime } from "../../format/time";
import { has, locale, t } from "../../i18n";
import { navigate, withQuery } from "../../router";
import { timeZone } from "../../session";
import { optionsOf, type GatewayForm } from "./data";
import { isValidId, patch, relativeFields } from "./model";

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

/**
 * Ties number fields to the keys of a form: a field's value, its refusal (`errorOf` the key) and
 * the form with the number typed; an emptied field sets `empty` (undefined leaves the key out, so
 * the API's default applies).
 */
export function numbersOf<T extends object>(form: T, onForm: (form: T) => void, errorOf: (key: string) => string | undefined) {
  return (key: string, empty: null | undefined = undefined) => ({
    value: (form as Record<string, unknown>)[key] as number | null | undefined,
    error: errorOf(key),
    onNumber: (n: number | null) => onForm(patch(form, key, n ?? empty)),
  });
}

interface AddressProps {
  label: string;
  help: string;
  value: string;
  error?: string | undefined;
  onValue: (value: string) => void;
}

/** A required address, path or register: no spell check, the spaces around it dropped. */
export function AddressField({ label, help, value, error, onValue }: AddressProps) {
  return <TextField label={label} help={help} value={value} spellcheck={false} required error={error} onValue={(v) => onValue(v.trim())} />;
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

/** "Off" beside the name of something disabled: a word, not a colour. */
export function OffMark({ enabled }: { enabled: boolean | undefined }) {
  if (enabled !== false) return null;
  return <span class="off-mark">{t("configuration-off")}</span>;
}

/** The gateway whose links or devices are listed (`?gateway=`); choosing one resets the choice of a link. */
export function GatewayFilter({ gateways, value }: { gateways: readonly GatewayForm[]; value: string }) {
  return (
    <SelectField
      label={t("configuration-filter-gateway")}
      value={value}
      options={[{ value: "", label: t("configuration-all-gateways") }, ...optionsOf(gateways)]}
      onValue={(v) => navigate(withQuery({ gateway: v || null, link: null }), true)}
    />
  );
}
