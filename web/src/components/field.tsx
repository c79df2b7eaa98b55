// Labelled form controls: every control has a visible label, its help and its error tied to it
// for screen readers.
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { useId } from "preact/hooks";

interface FieldProps {
  label: string;
  help?: string | undefined;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A label, a control made by `children`, its help and its error. */
export function Field({ label, help, error, children }: FieldProps) {
  const id = useId();
  const helpId = help ? `${id}-help` : "";
  const errorId = error ? `${id}-error` : "";
  const describedBy = [helpId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: !!error })}
      {help && (
        <small id={helpId} class="help">
          {help}
        </small>
      )}
      {error && (
        <small id={errorId} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

interface InputProps {
  label: string;
  type?: "text" | "password" | "number" | "date" | "email" | "search" | "url";
  autocomplete?: string;
  required?: boolean;
  autoFocus?: boolean;
  placeholder?: string;
  min?: number | string;
  max?: number | string;
  step?: number | string;
  inputMode?: "text" | "numeric" | "decimal";
  pattern?: string;
  readOnly?: boolean;
  disabled?: boolean;
  maxLength?: number;
  spellcheck?: boolean;
  help?: string | undefined;
  error?: string | undefined;
  value: string;
  onValue: (value: string) => void;
}

/** A labelled text, number, password or date input. */
export function TextField({ label, help, error, value, onValue, ...rest }: InputProps) {
  return (
    <Field label={label} help={help} error={error}>
      {({ id, describedBy, invalid }) => (
        <input
          {...(rest as InputHTMLAttributes)}
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

interface SelectProps<T extends string> {
  label: string;
  help?: string | undefined;
  error?: string | undefined;
  value: T;
  options: readonly { value: T; label: string }[];
  onValue: (value: T) => void;
  disabled?: boolean;
}

/** A labelled choice among a few options. */
export function SelectField<T extends string>({ label, help, error, value, options, onValue, disabled }: SelectProps<T>) {
  return (
    <Field label={label} help={help} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => onValue(e.currentTarget.value as T)}
        >
          {options.map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface CheckProps {
  label: string;
  help?: string | undefined;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  disabled?: boolean;
}

/** A labelled checkbox. */
export function CheckField({ label, help, checked, onChecked, disabled }: CheckProps) {
  const id = useId();
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => onChecked(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {help && (
        <small id={`${id}-help`} class="help">
          {help}
        </small>
      )}
    </div>
  );
}
