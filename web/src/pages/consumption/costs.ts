// The numbers of the cost views shaped for the page: each tariff with its amount, cost and share
// (the pie and its table, with the tariffs filtered out left aside), the costs per bucket stacked
// by tariff in the tariffs' colours, the donut's slices, and the overall rows of the grand total
// with each month's demand charge.
// Costs are exact decimal strings: totals are summed exactly; a float only draws and formats.
// Pure functions: no DOM.
import type { Schemas } from "../../api/client";
import { barData, slotsOf, type BarData, type BarSeries, type Context, type Mark } from "../../charts/shape";

export type CostsView = Schemas["CostsView"];
export type OverallView = Schemas["OverallView"];
export type PricedCounter = Schemas["PricedCounterName"];

/** The priced counters, in the order the commodity switch offers them. */
export const PRICED: readonly PricedCounter[] = ["energy_active_import", "energy_active_export", "gas_volume", "water_volume"];

/** The tariff id of what nothing priced (no rule held, or the tariff had no price yet). */
export const UNPRICED = "";

/** The colour of a tariff the contract no longer names (its own colour is gone). */
export const FORMER_TARIFF_COLOUR = "--series-previous";

interface Decimal {
  /** The value × 10^digits. */
  units: bigint;
  digits: number;
}

function parseDecimal(text: string): Decimal | null {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[3] ?? "";
  const units = BigInt(`${match[2]}${fraction}`);
  return { units: match[1] === "-" ? -units : units, digits: fraction.length };
}

/**
 * The exact sum of decimal strings (`"0.1"` + `"0.2"` is `"0.3"`), with as many decimals as the
 * most precise of them; null for none. A value that is not a plain decimal makes the sum a float's.
 */
export function sumDecimals(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  const parsed = values.map(parseDecimal);
  if (parsed.some((p) => p === null)) return String(values.reduce((sum, v) => sum + Number(v), 0));
  const exact = parsed as Decimal[];
  const digits = Math.max(...exact.map((p) => p.digits));
  const total = exact.reduce((sum, p) => sum + p.units * 10n ** BigInt(digits - p.digits), 0n);
  const text = (total < 0n ? -total : total).toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = digits ? `.${text.slice(text.length - digits)}` : "";
  return `${total < 0n ? "-" : ""}${whole}${fraction}`;
}

/** The tariffs left out by the filter, from the address (`hide=f1,f3`). */
export function hiddenOf(query: URLSearchParams): ReadonlySet<string> {
  return new Set((query.get("hide") ?? "").split(",").filter((id) => id !== ""));
}

/** The address's `hide` for `hidden` with `id` shown or hidden in turn; null when every tariff is shown. */
export function toggledHide(hidden: ReadonlySet<string>, id: string): string | null {
  const next = new Set(hidden);
  if (!next.delete(id)) next.add(id);
  return next.size ? [...next].sort().join(",") : null;
}

/** A tariff as the filter, the pie and its table show it. */
export interface TariffEntry {
  id: string;
  name: string;
  /** Its own colour (`#rrggbb`), or the CSS property of a tariff the contract no longer has. */
  colour: string;
  /** Its amount over the period (canonical unit); null when it has no data in the period. */
  amount: number | null;
  /** Its cost over the period (exact decimal); null when nothing of it was priced. */
  cost: string | null;
  /** Part of its amount was spread over an outage. */
  estimated: boolean;
  /** Not left out by the filter. */
  shown: boolean;
  /** Its part (0–1) of the shown tariffs' cost; null when left out, without cost, or nothing costs. */
  share: number | null;
}

/** The costs of a period by tariff, with the filter applied. */
export interface CostSummary {
  /** Every tariff of the contract (also those without data), then any other the data names. */
  entries: TariffEntry[];
  /** The cost of the tariffs shown (exact); null when none of them has a cost. */
  cost: string | null;
  /** The amount of the tariffs shown; null when none of them has data. */
  amount: number | null;
  /** The amount nothing priced; 0 when everything was. */
  unpriced: number;
  /** A contract prices this counter (or priced it once): there are tariffs to name. */
  contract: boolean;
  /** Anything was measured in the period, priced or not. */
  measured: boolean;
}

/** The tariffs of an answer in the order they are listed, stacked and drawn. */
function tariffsOf(costs: CostsView): { id: string; name: string; colour: string }[] {
  const named = costs.tariff_names.map((n) => ({ id: n.id, name: n.name, colour: n.colour ?? FORMER_TARIFF_COLOUR }));
  const known = new Set(named.map((n) => n.id));
  const found = new Set([...costs.tariffs, ...costs.buckets.flatMap((b) => b.tariffs)].map((s) => s.tariff));
  const others = [...found].filter((id) => id !== UNPRICED && !known.has(id));
  return [...named, ...others.map((id) => ({ id, name: id, colour: FORMER_TARIFF_COLOUR }))];
}

/** The tariffs of a period, each with its amount, cost and share among those not in `hidden`. */
export function summarize(costs: CostsView, hidden: ReadonlySet<string>): CostSummary {
  const totals = new Map(costs.tariffs.map((s) => [s.tariff, s]));
  const entries: TariffEntry[] = tariffsOf(costs).map((t) => {
    const total = totals.get(t.id);
    return {
      ...t,
      amount: total?.amount ?? null,
      cost: total?.cost ?? null,
      estimated: total?.estimated ?? false,
      shown: !hidden.has(t.id),
      share: null,
    };
  });
  const shown = entries.filter((e) => e.shown);
  const cost = sumDecimals(shown.flatMap((e) => (e.cost === null ? [] : [e.cost])));
  const amounts = shown.flatMap((e) => (e.amount === null ? [] : [e.amount]));
  const whole = cost === null ? 0 : Number(cost);
  for (const e of shown) if (e.cost !== null && whole !== 0) e.share = Number(e.cost) / whole;
  return {
    entries,
    cost,
    amount: amounts.length ? amounts.reduce((a, b) => a + b, 0) : null,
    unpriced: totals.get(UNPRICED)?.amount ?? 0,
    contract: costs.tariff_names.length > 0,
    measured: costs.tariffs.some((s) => s.amount !== 0) || costs.buckets.some((b) => b.tariffs.length > 0),
  };
}

/** A slice of the donut: a tariff's part of the cost, clockwise from the top. */
export interface Slice {
  id: string;
  name: string;
  colour: string;
  share: number;
  /** The SVG path of the ring's piece (outer radius `OUTER_RADIUS`, centred on 0,0). */
  path: string;
  /** Where its label goes, outside the ring, and how it is anchored. */
  label: { x: number; y: number; anchor: "start" | "middle" | "end" };
}

/** The ring's radii, in the units of the SVG it is drawn in. */
export const OUTER_RADIUS = 100;
export const INNER_RADIUS = 58;
/** How far from the centre the labels go. */
const LABEL_RADIUS = 112;

const round = (n: number) => Math.round(n * 100) / 100;

function point(radius: number, turn: number): string {
  const angle = 2 * Math.PI * turn - Math.PI / 2;
  return `${round(radius * Math.cos(angle))} ${round(radius * Math.sin(angle))}`;
}

function ringPiece(from: number, to: number): string {
  const [o, r] = [OUTER_RADIUS, INNER_RADIUS];
  if (to - from >= 0.99999) {
    // A whole ring: two half circles out, two back in (drawn with fill-rule evenodd).
    return `M${point(o, 0)}A${o} ${o} 0 1 1 ${point(o, 0.5)}A${o} ${o} 0 1 1 ${point(o, 0)}ZM${point(r, 0)}A${r} ${r} 0 1 0 ${point(r, 0.5)}A${r} ${r} 0 1 0 ${point(r, 0)}Z`;
  }
  const large = to - from > 0.5 ? 1 : 0;
  return `M${point(o, from)}A${o} ${o} 0 ${large} 1 ${point(o, to)}L${point(r, to)}A${r} ${r} 0 ${large} 0 ${point(r, from)}Z`;
}

/** The slices of the tariffs shown that cost something, in their order, clockwise from the top. */
export function slicesOf(entries: readonly TariffEntry[]): Slice[] {
  const costing = entries.filter((e) => e.shown && e.share !== null && e.share > 0);
  const whole = costing.reduce((sum, e) => sum + (e.share ?? 0), 0);
  let from = 0;
  return costing.map((e) => {
    const share = (e.share ?? 0) / whole;
    const to = from + share;
    const middle = 2 * Math.PI * ((from + to) / 2) - Math.PI / 2;
    const x = Math.cos(middle);
    const slice: Slice = {
      id: e.id,
      name: e.name,
      colour: e.colour,
      share: e.share ?? 0,
      path: ringPiece(from, to),
      label: { x: round(LABEL_RADIUS * x), y: round(LABEL_RADIUS * Math.sin(middle)), anchor: x > 0.2 ? "start" : x < -0.2 ? "end" : "middle" },
    };
    from = to;
    return slice;
  });
}

/** A share's cost as a number to draw; null where nothing priced it. */
function costNumber(share: { cost?: string | null } | undefined): number | null {
  const cost = share?.cost ?? null;
  return cost === null ? null : Number(cost);
}

/**
 * The costs per bucket stacked by tariff, one bar per bucket, in the tariffs' colours with the
 * currency as unit; the context's `now` marks the running bucket. Tariffs in `hidden`, and those
 * without a cost in the period, are left out.
 */
export function costBars(costs: CostsView, hidden: ReadonlySet<string>, context: Context): BarData {
  const totals = new Map(costs.tariffs.map((s) => [s.tariff, s]));
  const running = costs.buckets.map((b) => Date.parse(b.start) <= context.now && context.now < Date.parse(b.end));
  const series: BarSeries[] = tariffsOf(costs)
    .filter((t) => !hidden.has(t.id))
    .map((t) => {
      const shares = costs.buckets.map((b) => b.tariffs.find((s) => s.tariff === t.id));
      return {
        key: t.id,
        label: t.name,
        colour: t.colour,
        bar: 0,
        amounts: shares.map(costNumber),
        marks: shares.map((s, i): Mark | null => (costNumber(s) === null ? null : s?.estimated ? "estimated" : running[i] ? "running" : null)),
        total: costNumber(totals.get(t.id)),
      };
    })
    .filter((s) => s.amounts.some((a) => a !== null));
  return barData(slotsOf(costs.buckets, context), series, costs.currency);
}

/** The exact cost of each bucket of the tariffs shown (the table's last column); null where none. */
export function bucketCosts(costs: CostsView, hidden: ReadonlySet<string>): (string | null)[] {
  return costs.buckets.map((b) =>
    sumDecimals(
      b.tariffs.flatMap((s) => {
        const cost = s.cost ?? null;
        return cost === null || s.tariff === UNPRICED || hidden.has(s.tariff) ? [] : [cost];
      }),
    ),
  );
}

/** A row of the overall table: one priced counter of the site. */
export interface OverallLine {
  point: PricedCounter;
  /** Its amount (canonical unit, `unit`); null without data. */
  amount: number | null;
  unit: string;
  /** Gas only: the equivalent energy in Wh, when the site states its conversion factor. */
  equivalentWh: number | null;
  /** Its cost, or for what is fed in its revenue (exact decimal); null when nothing of it was priced. */
  cost: string | null;
  /** Fed in: its cost is revenue. */
  revenue: boolean;
  /** The amount nothing priced. */
  unpriced: number;
}

/** The rows of the overall view in the order bought electricity, fed-in electricity, gas, water. */
export function overallLines(view: OverallView): OverallLine[] {
  return view.rows
    .map((r) => ({
      point: r.point,
      amount: r.amount ?? null,
      unit: r.unit,
      equivalentWh: r.equivalent_wh ?? null,
      cost: r.cost ?? null,
      revenue: r.export,
      unpriced: r.unpriced_amount,
    }))
    .sort((a, b) => PRICED.indexOf(a.point) - PRICED.indexOf(b.point));
}

/** A month's demand charge as the overall table shows it. */
export interface DemandLine {
  /** The month's first local day, `YYYY-MM-01` (a period's `first`). */
  first: string;
  /** The start of the quarter hour of the peak (RFC 3339). */
  at: string;
  /** The peak: the quarter hour's mean power imported at the grid connection, in kW. */
  kw: number;
  /** What it costs (exact decimal). */
  cost: string;
}

/** The demand charge of each month of the overall view, in order; none without a demand charge. */
export function demandLines(view: OverallView): DemandLine[] {
  return view.demand_charges.map((d) => ({ first: `${d.month}-01`, at: d.at, kw: d.power_w / 1000, cost: d.cost }));
}

/**
 * Which charges the total adds to what was bought: "standing", "demand", "both", or null when
 * the contracts have neither (the total is then what was bought, not shown again).
 */
export function chargesInTotal(view: OverallView): "standing" | "demand" | "both" | null {
  const standing = (view.standing_charges ?? null) !== null;
  const demand = (view.demand_charge ?? null) !== null;
  return standing && demand ? "both" : standing ? "standing" : demand ? "demand" : null;
}
