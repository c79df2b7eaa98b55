// Labelled form controls: every control has a visible label, its help and its error tied to it
// for screen readers. Text, passwords, choices, checkboxes, and text with suggestions.
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { useId, useState } from "preact/hooks";
import { t } from "../i18n";

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

interface PasswordProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** What the browser may fill in: the password in use, or a new one. */
  autocomplete: "current-password" | "new-password";
  help?: string | undefined;
  error?: string | undefined;
  autoFocus?: boolean;
}

/** A labelled password, required. */
export function PasswordField(props: PasswordProps) {
  return <TextField type="password" required {...props} />;
}

/** A new password as typed, and its repetition. */
export interface PasswordPair {
  password: string;
  repeat: string;
  /** The repetition is typed and is not the password. */
  differ: boolean;
  setPassword: (value: string) => void;
  setRepeat: (value: string) => void;
}

export function usePasswordPair(): PasswordPair {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  return { password, repeat, differ: repeat !== "" && repeat !== password, setPassword, setRepeat };
}

interface NewPasswordProps {
  /** The labels of the password and of its repetition. */
  labels: readonly [string, string];
  pair: PasswordPair;
  /** Why the server refused the password. */
  error?: string | undefined;
}

/** A new password with the rules it follows, and its repetition, which says when the two differ. */
export function NewPasswordFields({ labels: [first, again], pair: { password, repeat, differ, setPassword, setRepeat }, error }: NewPasswordProps) {
  return (
    <>
      <PasswordField label={first} help={t("account-password-rules")} error={error} autocomplete="new-password" value={password} onValue={setPassword} />
      <PasswordField
        label={again}
        error={differ ? t("account-passwords-differ") : undefined}
        autocomplete="new-password"
        value={repeat}
        onValue={setRepeat}
      />
    </>
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
  /** A choice must be made (an empty option does not count). */
  required?: boolean;
}

/** A labelled choice among a few options. */
export function SelectField<T extends string>({ label, help, error, value, options, onValue, disabled, required }: SelectProps<T>) {
  return (
    <Field label={label} help={help} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          disabled={disabled}
          required={required}
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

interface ListFieldProps {
  label: string;
  help?: string | undefined;
  error?: string | undefined;
  value: string;
  onValue: (value: string) => void;
  /** The values to suggest, each with an optional description. */
  options: readonly { value: string; label?: string }[];
  children?: ComponentChildren;
}

/** A text field that suggests values from a long list as it is typed (a native, searchable list). */
export function ListField({ label, help, error, value, onValue, options, children }: ListFieldProps) {
  const listId = useId();
  return (
    <Field label={label} help={help} error={error}>
      {({ id, describedBy, invalid }) => (
        <>
          <input
            id={id}
            value={value}
            list={listId}
            autocomplete="off"
            spellcheck={false}
            required
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onInput={(e) => onValue(e.currentTarget.value.trim())}
          />
          <datalist id={listId}>
            {options.map((o) => (
              <option value={o.value}>{o.label}</option>
            ))}
          </datalist>
          {children}
        </>
      )}
    </Field>
  );
}
