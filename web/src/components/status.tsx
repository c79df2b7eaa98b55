// A device's status as the seeds show it on every device button: on, off, communication error
// (and waiting for the first poll). Shape and text, not colour alone, tell them apart.
import { t } from "../i18n";

export type DeviceStatus = "on" | "off" | "communication_error" | null | undefined;

const SHAPES: Record<string, string> = {
  on: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1z",
  off: "M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1z",
  communication_error: "M8 1 15.5 14.5H.5zM7.2 6v4.5h1.6V6zm0 5.6v1.6h1.6v-1.6z",
  waiting: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.8 3v4.6l3.6 2.2.8-1.3-2.8-1.7V4z",
};

/** The status key of the catalogues: `status-on`, `status-off`, `status-communication_error`, `status-waiting`. */
export function statusKey(status: DeviceStatus): string {
  return `status-${status ?? "waiting"}`;
}

interface Props {
  status: DeviceStatus;
  /** Show the word beside the icon (the icon alone still has it for screen readers). */
  withText?: boolean;
}

export function StatusIcon({ status, withText = false }: Props) {
  const kind = status ?? "waiting";
  const text = t(statusKey(status));
  return (
    <span class={`status status-${kind}`} title={text}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill-rule="evenodd">
        <path d={SHAPES[kind]} />
      </svg>
      {withText ? <span>{text}</span> : <span class="visually-hidden">{text}</span>}
    </span>
  );
}
