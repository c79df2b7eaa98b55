// An API error in words: what went wrong (translated by its stable code), the server's own
// detail, and every field that was refused, each said in the language shown from the rule it
// breaks and the rule's parameters.
import type { FluentVariable } from "@fluent/bundle";
import type { ComponentChildren } from "preact";
import { ApiError, type Schemas } from "../api/client";
import { has, locale, t } from "../i18n";

type FieldError = Schemas["FieldError"];
type FieldParams = Schemas["FieldParams"];

/** A message of the catalogues formatted with arguments, or null when the catalogue lacks it. */
export type Formatter = (id: string, args: Record<string, FluentVariable>) => string | null;

/** Every parameter a rule may have: each one a rule leaves out reads "none" in the catalogues' selectors. */
const PARAMS: Record<keyof FieldParams, true> = {
  min: true,
  above: true,
  max: true,
  allowed: true,
  expected: true,
  found: true,
  format: true,
  kind: true,
  value: true,
  other: true,
  line: true,
  column: true,
  reason: true,
  point: true,
};

/** The parameters that name a type of value, said by the words of `field-rule-type-<type>`. */
const TYPES: ReadonlySet<keyof FieldParams> = new Set(["expected", "found"]);

/**
 * The Fluent arguments of a rule's parameters: lists joined as `lang` joins alternatives, types
 * and points (`point-<name>`) in the words of the catalogue, `other` (a path) named by `label`,
 * and "none" for each parameter the rule leaves out.
 */
export function ruleArgs(
  params: FieldParams,
  format: Formatter,
  lang: string,
  label: (path: string) => string = (path) => path,
): Record<string, FluentVariable> {
  const args: Record<string, FluentVariable> = {};
  for (const name of Object.keys(PARAMS) as (keyof FieldParams)[]) {
    const value = params[name];
    if (value == null) args[name] = "none";
    else if (Array.isArray(value)) args[name] = new Intl.ListFormat(lang, { type: "disjunction" }).format(value);
    else if (TYPES.has(name)) args[name] = format(`field-rule-type-${value}`, {}) ?? value;
    else if (name === "point") args[name] = format(`point-${value}`, {}) ?? value;
    else if (name === "other" && typeof value === "string") args[name] = label(value);
    else args[name] = value;
  }
  return args;
}

/** What is wrong with a refused value, in the language `format` speaks; the server's words for a rule the catalogues lack. */
export function fieldMessage(field: FieldError, format: Formatter, lang: string, label?: (path: string) => string): string {
  return format(`field-rule-${field.rule}`, ruleArgs(field.params, format, lang, label)) ?? field.message;
}

/** The catalogues of the language shown, as a formatter. */
const shown: Formatter = (id, args) => (has(id) ? t(id, args) : null);

/** What is wrong with a field and, when one is likely meant, the value to use instead. */
function sentence(field: FieldError, label?: (path: string) => string): string {
  const message = fieldMessage(field, shown, locale.value, label);
  return field.suggestion ? `${message} ${t("error-suggestion", { value: field.suggestion })}` : message;
}

/** The title of an error, in the language shown. */
export function errorTitle(error: unknown): string {
  if (error instanceof ApiError) return t(`error-${error.code}`);
  return t("error-internal");
}

/** The fields an error refused, by path (`unit_id`, `devices.main.name`), each said in the language shown. */
export function fieldErrors(error: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  if (error instanceof ApiError) {
    for (const field of error.problem?.errors ?? []) fields.set(field.path, sentence(field, (path) => fieldLabel(path, {})));
  }
  return fields;
}

/** The label of a field path for an error list: a translated label where the page gave one. */
function fieldLabel(path: string, labels: Record<string, string>): string {
  return labels[path] ?? (has(`field-${path}`) ? t(`field-${path}`) : path);
}

interface Props {
  error: unknown;
  /** Labels of the form's fields by path, so the list names them as the form does. */
  labels?: Record<string, string>;
  /** What the user can do about it (a button), at the end of the notice. */
  children?: ComponentChildren;
}

/** The error, announced to screen readers; nothing when there is none. */
export function ErrorNotice({ error, labels = {}, children }: Props) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const retry = problem?.retry_after_s;
  const fields = problem?.errors ?? [];
  const label = (path: string) => fieldLabel(path, labels);
  return (
    <div class="notice error" role="alert">
      <strong>{errorTitle(error)}</strong>
      {/* With refused fields, the detail only repeats them in English. */}
      {problem?.detail && fields.length === 0 && <p>{problem.detail}</p>}
      {typeof retry === "number" && <p>{t("error-retry-after", { seconds: retry })}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li>
              <span class="field-path">{label(field.path)}</span>: {sentence(field, label)}
            </li>
          ))}
        </ul>
      )}
      {!(error instanceof ApiError) && error instanceof Error && <p>{error.message}</p>}
      {children}
    </div>
  );
}
