// An API error in words: what went wrong (translated by its stable code), the server's own
// detail, and every field that was refused.
import { ApiError } from "../api/client";
import { has, t } from "../i18n";

/** The title of an error, in the language shown. */
export function errorTitle(error: unknown): string {
  if (error instanceof ApiError) return t(`error-${error.code}`);
  return t("error-internal");
}

/** The fields an error refused, by path (`unit_id`, `devices.main.name`). */
export function fieldErrors(error: unknown): Map<string, string> {
  const fields = new Map<string, string>();
  if (error instanceof ApiError) {
    for (const field of error.problem?.errors ?? []) {
      const suggestion = field.suggestion ? ` ${t("error-suggestion", { value: field.suggestion })}` : "";
      fields.set(field.path, field.message + suggestion);
    }
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
}

/** The error, announced to screen readers; nothing when there is none. */
export function ErrorNotice({ error, labels = {} }: Props) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const retry = problem?.retry_after_s;
  return (
    <div class="notice error" role="alert">
      <strong>{errorTitle(error)}</strong>
      {problem?.detail && <p>{problem.detail}</p>}
      {typeof retry === "number" && <p>{t("error-retry-after", { seconds: retry })}</p>}
      {problem?.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((field) => (
            <li>
              <span class="field-path">{fieldLabel(field.path, labels)}</span>: {field.message}
              {field.suggestion && ` ${t("error-suggestion", { value: field.suggestion })}`}
            </li>
          ))}
        </ul>
      )}
      {!(error instanceof ApiError) && error instanceof Error && <p>{error.message}</p>}
    </div>
  );
}
