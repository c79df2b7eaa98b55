// The rules of the configuration forms that need no page: ids made from names, the transports of
// links and their defaults, what a device's profile brings with it, the status of a gateway, the
// CSV preview, the lists (time zones, currencies) the settings choose from, and what a form takes
// from the entity read when it opens.
import type { Schemas, Tagged } from "../../api/client";
import type { DeviceStatus } from "../../components/status";

export type LinkForm = Schemas["LinkForm"];
export type LinkKind = LinkForm["kind"];
export type DeviceForm = Schemas["DeviceForm"];
export type Profile = Schemas["ProfileSummary"];

/** The profile of a generic Modbus meter (one energy register). */
export const GENERIC = "generic.modbus_meter";
/** The profile of ems' own meter on an acquisition board's waveform stream. */
export const INTERNAL = "internal.meter";
/** How many measure groups a device can belong to (seed 003 §7.15.2.3). */
export const MAX_GROUPS = 5;
/** The sample rates the site can store interval records at, in minutes. */
export const SAMPLE_RATES = [1, 5, 10, 15, 30, 60] as const;
export const LINK_KINDS: readonly LinkKind[] = ["modbus_tcp", "modbus_rtu", "rtu_over_tcp", "waveform_stream"];
export const BAUD_RATES = [2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export const PARITIES = ["none", "odd", "even"] as const;
export const WIRINGS = ["1p2w", "2p3w", "3p4w", "3p3w", "3p4w_wild_leg"] as const;
export const NEUTRALS = ["auto", "measured", "computed"] as const;
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const ID = /^[a-z][a-z0-9_-]{0,63}$/;

/** Whether the API accepts `id` as an id (1–64 lowercase letters, digits, `_` or `-`, starting with a letter). */
export function isValidId(id: string): boolean {
  return ID.test(id);
}

/**
 * An id the API accepts, made from a display name ("Küche Süd" → "kuche_sud") and different from
 * every id in `taken`: a number is added when needed ("kuche_sud_2").
 */
export function idFromName(name: string, taken: Iterable<string>, fallback: string): string {
  const base =
    name
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^[^a-z]+/, "")
      .slice(0, 56)
      .replace(/_+$/, "") || fallback;
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const id = `${base}_${n}`;
    if (!used.has(id)) return id;
  }
}

/** A copy of `form` with `key` set, or taken out when `value` is undefined (the API's default then applies). */
export function patch<T extends object>(form: T, key: string, value: unknown): T {
  const next: Record<string, unknown> = { ...(form as Record<string, unknown>) };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as T;
}

/** The transport keys of a new link of `kind`, with the API's defaults (seed 003 §7.8 for RS-485). */
export function transportDefaults(kind: LinkKind): Schemas["TransportForm"] {
  switch (kind) {
    case "modbus_tcp":
      return { kind, host: "", port: 502, timeout_ms: 1000 };
    case "modbus_rtu":
      return { kind, port: "", baud: 19200, data_bits: 8, parity: "even", stop_bits: 1, timeout_ms: 300, inter_frame_gap_ms: null };
    case "rtu_over_tcp":
      return { kind, host: "", port: 502, timeout_ms: 1000, inter_frame_gap_ms: null };
    case "waveform_stream":
      return { kind, tcp: "", unix: null, timeout_ms: 2000 };
  }
}

const LINK_COMMON = new Set(["id", "gateway", "enabled", "failures_before_error"]);

/** `link` with the transport of `kind`: the keys every link has are kept, the other transport's dropped. */
export function withKind(link: LinkForm, kind: LinkKind): LinkForm {
  if (link.kind === kind) return link;
  const common = Object.fromEntries(Object.entries(link).filter(([key]) => LINK_COMMON.has(key)));
  return { ...common, ...transportDefaults(kind) } as LinkForm;
}

/** A new link on `gateway`. */
export function newLink(gateway: string, kind: LinkKind = "modbus_tcp"): LinkForm {
  return { ...transportDefaults(kind), gateway, enabled: true, failures_before_error: 3 };
}

function hostPort(host: string, port: number | undefined): string {
  const shown = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return port === undefined ? shown : `${shown}:${port}`;
}

/** Where a link goes, in one line: `192.168.1.20:502`, `/dev/ttyUSB0 19200 8E1`, `127.0.0.1:7070`. */
export function linkAddress(link: LinkForm): string {
  switch (link.kind) {
    case "modbus_tcp":
      return hostPort(link.host, link.port ?? 502);
    case "rtu_over_tcp":
      return hostPort(link.host, link.port);
    case "modbus_rtu": {
      const parity = (link.parity ?? "even").charAt(0).toUpperCase();
      return `${link.port} ${link.baud ?? 19200} ${link.data_bits ?? 8}${parity}${link.stop_bits ?? 1}`;
    }
    case "waveform_stream":
      return link.tcp ?? link.unix ?? "";
  }
}

/**
 * `device` with the profile `profile` and what goes with it: a generic meter's register, an
 * internal meter's settings and no unit id, or neither for a profile of the library.
 */
export function withProfile(device: DeviceForm, profile: string): DeviceForm {
  if (device.profile === profile) return device;
  const generic = profile === GENERIC ? (device.generic ?? { function: 3, register: "", words: 2, multiplier: 1, unit: "kWh" }) : null;
  const meter =
    profile === INTERNAL
      ? (device.meter ?? { wiring: "3p4w", nominal_voltage_v: 230, nominal_frequency_hz: null, neutral: "auto", run_threshold_w: 10, tariff: "t1" })
      : null;
  const unitId = profile === INTERNAL ? null : (device.unit_id ?? 1);
  return { ...device, profile, generic, meter, unit_id: unitId };
}

/** Whether a device of `profile` is read through a link of `kind` (an internal meter only through a waveform stream). */
export function linkFits(profile: string, kind: LinkKind): boolean {
  return profile === INTERNAL ? kind === "waveform_stream" : kind !== "waveform_stream";
}

/** The vendors of the library, in alphabetical order. */
export function vendorsOf(library: readonly Profile[]): string[] {
  return [...new Set(library.map((p) => p.vendor))].sort((a, b) => a.localeCompare(b));
}

/** Whether two forms hold the same values, whatever the order of their keys. */
export function sameForm(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * A gateway's status as the seeds' gateway button shows it, from the statuses of its enabled
 * devices: off when disabled; on when any device answers; a communication error when none
 * does and one reports it; waiting until one has been polled; nothing (undefined) without
 * enabled devices.
 */
export function gatewayStatus(enabled: boolean, devices: readonly DeviceStatus[]): DeviceStatus {
  if (!enabled) return "off";
  if (devices.length === 0) return undefined;
  const known = devices.filter((s): s is "on" | "off" | "communication_error" => !!s);
  if (known.length === 0) return null;
  if (known.includes("on")) return "on";
  return known.includes("communication_error") ? "communication_error" : "off";
}

/**
 * Field errors of an answer relative to the form they belong to: the API names them from the
 * site file (`devices.boiler.unit_id`, `site.time_zone`, `device.unit_id`); the form's fields are
 * named without that prefix (`unit_id`, `generic.register`). A `*` in a prefix stands for any one
 * id: a change of one device can break a rule the API reports on another (`devices.<other>.unit_id`
 * for a unit id used twice).
 */
export function relativeFields(fields: ReadonlyMap<string, string>, prefixes: readonly string[]): Map<string, string> {
  const patterns = prefixes.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^.]+")}`));
  const relative = new Map<string, string>();
  for (const [path, message] of fields) {
    const prefix = patterns.map((p) => p.exec(path)?.[0]).find((m) => m !== undefined);
    relative.set(prefix ? path.slice(prefix.length) : path, message);
  }
  return relative;
}

/** A cell of a CSV row, quoted as the server quotes it (RFC 4180) when it holds the separator. */
function cell(text: string, separator: string): string {
  return text.includes(separator) || text.includes('"') ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Two lines of a CSV file written with these separators, as the server writes its files
 * (a header, then a row with a time, a label and a decimal value).
 */
export function csvPreview(decimal: string, field: string): string[] {
  const separator = field === "comma" ? "," : ";";
  const number = (value: string) => (decimal === "point" ? value : value.replace(".", ","));
  const rows = [
    ["start", "label", "active_power [W]", "coverage"],
    ["2026-03-02T08:15:00+01:00", "2026-03-02 08:15", number("1234.5"), number("0.98")],
  ];
  return rows.map((row) => row.map((c) => cell(c, separator)).join(separator));
}

/** The IANA time zones the browser knows, UTC included, in alphabetical order. */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([...zones, "UTC"])].sort();
}

/** The ISO 4217 currency codes the browser knows. */
export function currencies(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : ["EUR"];
}

/** Whether `code` looks like an ISO 4217 code (three capital letters). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code);
}

/** An entity tag no entity has: a change sent with it is refused as changed meanwhile. */
export const STALE_TAG = '"stale"';

/**
 * What an entity's form takes from the entity read (with its tag) when it opens on `opened` (the
 * entity as the list showed it): all of it while nothing was `edited`; once edited, the edits
 * stay, with the tag read when the entity is still as opened, else with a tag it does not have,
 * so that saving says it was changed meanwhile instead of overwriting that change.
 */
export function takeRead<T>(read: Tagged<T>, opened: T, edited: boolean): { draft: T | null; tag: string | null } {
  if (!edited) return { draft: read.data, tag: read.tag };
  return { draft: null, tag: JSON.stringify(read.data) === JSON.stringify(opened) ? read.tag : STALE_TAG };
}
