// What the consumption views read: the choices in the address (view, period, date, scopes,
// counters), the answers of the history API as they arrive, and what a scope measures.
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../api/client";
import type { operations } from "../../api/schema";
import type { DeviceStatus } from "../../components/status";
import { isDate, isPeriod, type Period } from "../../format/period";
import { today } from "../../format/time";
import { t } from "../../i18n";

export type View = "total" | "partials" | "compare" | "details" | "tariffs";
export const VIEWS: readonly View[] = ["total", "partials", "compare", "details", "tariffs"];

type HistogramQuery = NonNullable<operations["histogram"]["parameters"]["query"]>;
type PartialsQuery = NonNullable<operations["partials"]["parameters"]["query"]>;
type CompareQuery = operations["compare"]["parameters"]["query"];
type SeriesQuery = operations["series"]["parameters"]["query"];
type CostsQuery = NonNullable<operations["costs"]["parameters"]["query"]>;
type OverallQuery = NonNullable<operations["overall"]["parameters"]["query"]>;

/** A counter the histograms can be asked of. */
export type Counter = NonNullable<HistogramQuery["point"]>;
/** A counter summed into loads, groups and panel boards (not run times). */
export type PartCounter = NonNullable<PartialsQuery["point"]>;
/** A momentary quantity a time series can be asked of. */
export type Quantity = operations["series"]["parameters"]["query"]["point"];

/** The view an address shows: `/consumption/partials` → partials; the grand total by default. */
export function viewAt(path: string): View {
  const name = path.replace(/^\/consumption\/?/, "").split("/")[0] ?? "";
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : "total";
}

/**
 * The time of the last automatic refresh (a wall display in full screen asks again every
 * minute): the page reads it, so "today" moves on at midnight.
 */
export const refreshed = signal(Date.now());

/** The period and date every view shows. */
export interface Moment {
  period: Period;
  /** The date asked for, today when the address has none. */
  date: string;
  /** Today in the site's time zone. */
  today: string;
}

/** The period and date of the address (`?period=month&date=2026-10-05`), defaults for what is missing or wrong. */
export function momentOf(query: URLSearchParams, timeZone: string, now: Date = new Date()): Moment {
  const period = query.get("period");
  const date = query.get("date");
  const day = today(timeZone, now);
  return {
    period: isPeriod(period) ? period : "day",
    date: isDate(date) && date <= day ? date : day,
    today: day,
  };
}

/** An answer of the API on its way: the last one stays shown while the next loads. */
export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Asks again (full-screen refresh, "try again"). */
  reload: () => void;
}

/** Loads `load()` whenever `key` changes (nothing while it is null). */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  // `key` is the key the data or error belongs to: while it differs, the answer is on its way.
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean; key: string | null }>({
    data: null,
    error: null,
    loading: false,
    key: null,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, loading: false, key });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, error: null, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false, key }),
      (error: unknown) => current && setState({ data: null, error, loading: false, key }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading || state.key !== key,
    reload: () => setRound((r) => r + 1),
  };
}

/** The kind of a scope: `site`, `device`, `load`, `group`, `panel_board`. */
export type ScopeKind = Schemas["ScopeKind"];

/**
 * A scope with what it measures. `medium`, `counters`, `quantities` and a device's `place`
 * come from the server when its scope list tells them (`GET /history/scopes` with kind,
 * medium, counters, quantities, device); until then they are unknown, every view offers the
 * usual ones and the device list reads loads and groups from `GET /devices`.
 */
export interface ScopeInfo {
  scope: string;
  name: string;
  kind: ScopeKind;
  /** The id after the kind (`main` of `device:main`); empty for the site. */
  id: string;
  medium: Schemas["Medium"] | null;
  /** The counters it has history of. */
  counters: Counter[];
  /** The momentary quantities it has history of (a device's; none for aggregates). */
  quantities: Quantity[];
  /** A configured device's load (null for "Others") and measure groups. */
  place: { load: string | null; groups: string[] } | null;
}


/** The loads every site has (their names are fixed, in English, in the API) and the implicit "Others". */
const PREDEFINED_LOADS = new Set(["air_conditioning", "heating", "hot_water", "lighting", "sockets", "ventilation", "others"]);

/** A scope's name for people: a predefined load's in the language shown, any other as it was named. */
export function displayName(scope: string, name: string): string {
  const [kind, id = ""] = scope.split(":");
  return kind === "load" && PREDEFINED_LOADS.has(id) ? t(`consumption-load-${id}`) : name;
}

/** A scope of the history as the consumption views use it. */
export function scopeInfo(view: Schemas["ScopeView"]): ScopeInfo {
  const [, id = ""] = view.scope.split(":");
  return {
    scope: view.scope,
    name: view.name,
    kind: view.kind,
    id,
    medium: view.medium ?? null,
    counters: view.counters,
    quantities: view.quantities,
    place: view.device ? { load: view.device.load ?? null, groups: view.device.groups } : null,
  };
}

/** Every scope history can be asked of, named in the language shown. */
export async function loadScopes(): Promise<ScopeInfo[]> {
  const scopes = await call(api.GET("/api/v1/history/scopes"));
  return scopes.map((s) => ({ ...scopeInfo(s), name: displayName(s.scope, s.name) }));
}

/** The counters the consumption views offer: electricity imported and exported, gas, water. */
const MAIN_COUNTERS: readonly PartCounter[] = ["energy_active_import", "energy_active_export", "gas_volume", "water_volume"];

/**
 * The counters of a scope to offer: the main ones it has (electricity, gas, water), or with `all`
 * every counter it has; the main four for a scope not known (yet).
 */
export function countersOf(scope: ScopeInfo | undefined, all: boolean): readonly Counter[] {
  if (!scope) return MAIN_COUNTERS;
  const main = MAIN_COUNTERS.filter((c) => scope.counters.includes(c));
  return all || main.length === 0 ? scope.counters : main;
}

/** The momentary quantities of a device with history (maybe none). */
export function quantitiesOf(scope: ScopeInfo | undefined): readonly Quantity[] {
  return scope?.quantities ?? [];
}

/** The main counters any of `scopes` has, in the order of `MAIN_COUNTERS`. */
export function countersAmong(scopes: readonly ScopeInfo[]): readonly PartCounter[] {
  return MAIN_COUNTERS.filter((c) => scopes.some((s) => s.counters.includes(c)));
}

/** `value` if it is one of `allowed`, else the first of them. */
export function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? "") ? (value as T) : (allowed[0] ?? fallback);
}

/** The canonical unit of a counter: volumes in dm³, run times in s, energies in Wh, varh or VAh. */
export function unitOf(counter: string): string {
  if (counter.endsWith("_volume")) return "dm3";
  if (counter.startsWith("run_time")) return "s";
  if (counter.startsWith("energy_reactive")) return "varh";
  if (counter.startsWith("energy_apparent")) return "VAh";
  return "Wh";
}

/**
 * The status of every device (on, off, communication error, waiting) for the device lists, from
 * `GET /api/v1/devices/status`, which any signed-in user may read.
 */
export async function loadStatuses(): Promise<Map<string, DeviceStatus>> {
  const list = await call(api.GET("/api/v1/devices/status"));
  return new Map(list.map((entry) => [entry.device, entry.status ?? null]));
}

/** The JSON of a history route's answer (the routes also answer CSV, which these calls never ask for). */
function json<T>(data: T): Exclude<T, string> {
  if (typeof data === "string") throw new Error("the server answered CSV where JSON was asked for");
  return data as Exclude<T, string>;
}

export async function getHistogram(query: HistogramQuery): Promise<Schemas["Histogram"]> {
  return json(await call(api.GET("/api/v1/history/histogram", { params: { query } })));
}

export async function getPartials(query: PartialsQuery): Promise<Schemas["Partials"]> {
  return json(await call(api.GET("/api/v1/history/partials", { params: { query } })));
}

export async function getComparison(query: CompareQuery): Promise<Schemas["Comparison"]> {
  return json(await call(api.GET("/api/v1/history/compare", { params: { query } })));
}

export async function getSeries(query: SeriesQuery): Promise<Schemas["TimeSeries"]> {
  return json(await call(api.GET("/api/v1/history/series", { params: { query } })));
}

export async function getCosts(query: CostsQuery): Promise<Schemas["CostsView"]> {
  return json(await call(api.GET("/api/v1/history/costs", { params: { query } })));
}

export async function getOverall(query: OverallQuery): Promise<Schemas["OverallView"]> {
  return json(await call(api.GET("/api/v1/history/overall", { params: { query } })));
}

/** The address of a history route's CSV download of the same query (`format=csv`). */
export function csvHref(route: "histogram" | "partials" | "compare" | "series" | "costs" | "overall", query: Record<string, string | number>): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  params.set("format", "csv");
  return `/api/v1/history/${route}?${params.toString()}`;
}
