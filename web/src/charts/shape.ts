// The numbers of the consumption API shaped for charts and tables: one slot per bucket of the
// period, the previous period's buckets beside the same hour, day or month, parts stacked with
// "Others" last, gaps where nothing was measured (never 0), marks on bars that are not a whole
// measured amount, one unit per chart, and labels in the locale and the site's time zone.
// Pure functions: no DOM, no uPlot.
import type { Schemas } from "../api/client";
import type { Period } from "../format/period";
import { formatNumber, formatScaled, scaleFor } from "../format/quantity";
import { dateTimeFormat } from "../format/time";

export type Bucket = Schemas["HistogramBucket"];
export type Series = Schemas["Series"];
export type Histogram = Schemas["Histogram"];
export type Part = Schemas["Part"];
export type Comparison = Schemas["Comparison"];
export type TimeSeries = Schemas["TimeSeries"];

/** Why a bar is not a plain measured amount: its bucket is still running, was measured only in part, or holds an estimate spread over an outage. */
export type Mark = "running" | "partial" | "estimated";

/** The scope of the implicit load of devices without one: always the last part. */
export const OTHERS = "load:others";

/** The amount of a bucket; null for "nothing measured" (a gap, never 0). */
export function amountOf(bucket: Bucket | null | undefined): number | null {
  return bucket?.amount ?? null;
}

/** What marks a bucket's bar, if anything (`now` in milliseconds since the epoch). */
export function markOf(bucket: Bucket | null | undefined, now: number): Mark | null {
  if (!bucket || amountOf(bucket) === null) return null;
  if (bucket.estimated) return "estimated";
  if (Date.parse(bucket.start) <= now && now < Date.parse(bucket.end)) return "running";
  if (bucket.coverage < 1) return "partial";
  return null;
}

/** Where a chart is shown: the period's kind, the locale, the site's time zone and the time now. */
export interface Context {
  period: Period;
  locale: string;
  timeZone: string;
  now: number;
}

/** One place on the horizontal axis: a bucket of the period. */
export interface Slot {
  /** On the axis: "14:00", "21", "Nov", "2026". */
  label: string;
  /** In tooltips and the table: "14:00–15:00", "Saturday, 21 November 2026", "November 2026", "2026". */
  title: string;
}

const AXIS_LABEL: Record<Period, Intl.DateTimeFormatOptions> = {
  day: { hour: "2-digit", minute: "2-digit" },
  month: { day: "numeric" },
  year: { month: "short" },
  decade: { year: "numeric" },
};

/** The slots of a period's buckets (of a histogram, of costs), labelled in the locale. */
export function slotsOf(buckets: readonly Pick<Bucket, "start" | "end">[], context: Context): Slot[] {
  const { period, locale, timeZone } = context;
  const axis = dateTimeFormat(locale, timeZone, AXIS_LABEL[period]);
  // On the days the clocks change an hour repeats or is missing: the offset tells them apart.
  const hours = dateTimeFormat(locale, timeZone, {
    hour: "2-digit",
    minute: "2-digit",
    ...(buckets.length !== 24 ? { timeZoneName: "short" } : {}),
  });
  const title =
    period === "month"
      ? dateTimeFormat(locale, timeZone, { dateStyle: "full" })
      : period === "year"
        ? dateTimeFormat(locale, timeZone, { month: "long", year: "numeric" })
        : axis;
  return buckets.map((b) => {
    const start = new Date(b.start);
    return {
      label: axis.format(start),
      title: period === "day" ? `${hours.format(start)}–${hours.format(new Date(b.end))}` : title.format(start),
    };
  });
}

/** What places a bucket beside its twin of the other period: its hour, its day of the month, its month, or its rank. */
function slotKey(bucket: Bucket, index: number, period: Period): string {
  switch (period) {
    case "day":
      return bucket.label;
    case "month":
      return bucket.label.slice(8, 10);
    case "year":
      return bucket.label.slice(5, 7);
    case "decade":
      return String(index);
  }
}

/**
 * The previous period's bucket beside each bucket of the current one: yesterday's 14:00 beside
 * today's, 21 October beside 21 November. A bucket with no twin (31 October beside a November,
 * the hour a day of clock change lacks) has no place: it counts in the previous total only.
 */
export function alignPrevious(current: readonly Bucket[], previous: readonly Bucket[], period: Period): (Bucket | null)[] {
  const twins = new Map<string, Bucket[]>();
  previous.forEach((b, i) => {
    const key = slotKey(b, i, period);
    twins.set(key, [...(twins.get(key) ?? []), b]);
  });
  return current.map((b, i) => twins.get(slotKey(b, i, period))?.shift() ?? null);
}

/** The totals of a period and the one before, and how they differ. */
export interface Totals {
  current: number | null;
  previous: number | null;
  /**
   * What the current total is compared with: the previous total, or, while the period is still
   * running, the previous period up to the same point (the running bucket pro rata).
   */
  reference: number | null;
  /** The period is still running: `reference` covers only as much of the previous one. */
  running: boolean;
  /** current − reference. */
  difference: number | null;
  /** The difference in % of the reference; null when there is nothing to compare with. */
  percent: number | null;
}

/** The totals of `current` and `previous` (same kind of period) at `now`. */
export function totalsOf(current: Series, previous: Series, period: Period, now: number): Totals {
  const currentTotal = current.total ?? null;
  const previousTotal = previous.total ?? null;
  const running = Date.parse(current.period.start) <= now && now < Date.parse(current.period.end);
  let reference = previousTotal;
  if (running) {
    const twins = alignPrevious(current.buckets, previous.buckets, period);
    let sum = 0;
    let any = false;
    current.buckets.forEach((b, i) => {
      const twin = amountOf(twins[i]);
      const start = Date.parse(b.start);
      const end = Date.parse(b.end);
      if (twin === null || start > now) return;
      any = true;
      sum += now >= end ? twin : (twin * (now - start)) / (end - start);
    });
    reference = any ? Math.round(sum) : null;
  }
  const difference = currentTotal !== null && reference !== null ? currentTotal - reference : null;
  const percent = difference !== null && reference ? (difference / reference) * 100 : null;
  return { current: currentTotal, previous: previousTotal, reference, running, difference, percent };
}

/** One series of bars: a part of a stack, or a bar of its own. */
export interface BarSeries {
  /** Stable key: `current`, `previous`, `first`, `second` or a part's scope. */
  key: string;
  label: string;
  /** The CSS custom property of its colour (`--series-1`), or a colour of its own (`#d55e00`, a tariff's). */
  colour: string;
  /** Which bar of a slot it is drawn in, from the left; series of one bar are stacked in order. */
  bar: number;
  /** Per slot, in the canonical unit; null is a gap. */
  amounts: (number | null)[];
  marks: (Mark | null)[];
  /** The total of the period (all its buckets, also those without a slot). */
  total: number | null;
}

/** A bar chart: slots, the bars in each, and the one unit of the chart. */
export interface BarData {
  slots: Slot[];
  /** Bars side by side in each slot. */
  bars: number;
  series: BarSeries[];
  /** The canonical unit of the amounts (`Wh`, `dm3`), or the currency of costs (`EUR`). */
  unit: string;
  /** The chart's unit, chosen from its largest bar: divide amounts by `divisor` to show them in `unit`. */
  scale: { divisor: number; unit: string };
}

/** The colour of the n-th part (0-based): the eight Okabe–Ito colours in turn, "Others" its own. */
export function partColour(scope: string, index: number): string {
  return scope === OTHERS ? "--series-others" : `--series-${(index % 8) + 1}`;
}

/** The scale of a chart from its largest bar (stacks summed). */
function chartScale(series: readonly BarSeries[], unit: string): BarData["scale"] {
  let largest = 0;
  const stacks = new Map<string, number>();
  for (const s of series) {
    s.amounts.forEach((a, i) => {
      if (a === null) return;
      const key = `${s.bar}|${i}`;
      const sum = (stacks.get(key) ?? 0) + a;
      stacks.set(key, sum);
      largest = Math.max(largest, Math.abs(sum));
    });
  }
  return scaleFor(largest, unit);
}

/** A bar chart of `series` over `slots`, its unit chosen from its largest bar. */
export function barData(slots: Slot[], series: BarSeries[], unit: string): BarData {
  const bars = series.reduce((n, s) => Math.max(n, s.bar + 1), 0);
  return { slots, bars, series, unit, scale: chartScale(series, unit) };
}

/** Labels of the two periods of a histogram. */
export interface PeriodLabels {
  current: string;
  previous: string;
}

/** The amounts of `buckets`, one per slot, and what marks each (`now` in milliseconds since the epoch). */
function amountsAndMarks(buckets: readonly (Bucket | null | undefined)[], now: number): Pick<BarSeries, "amounts" | "marks"> {
  return { amounts: buckets.map(amountOf), marks: buckets.map((b) => markOf(b, now)) };
}

/** A histogram: the previous period's bar (left, grey) beside the current one's. */
export function histogramBars(h: Histogram, labels: PeriodLabels, context: Context): BarData {
  const { buckets } = h.current;
  const twins = alignPrevious(buckets, h.previous.buckets, context.period);
  return barData(
    slotsOf(buckets, context),
    [
      { key: "previous", label: labels.previous, colour: "--series-previous", bar: 0, ...amountsAndMarks(twins, context.now), total: h.previous.total ?? null },
      { key: "current", label: labels.current, colour: "--series-1", bar: 1, ...amountsAndMarks(buckets, context.now), total: h.current.total ?? null },
    ],
    h.unit,
  );
}

/**
 * The whole of several series of one period, bucket by bucket: amounts summed (null where every
 * one is null), the smallest coverage and any estimate among those that measured something.
 */
export function sumSeries(series: readonly Series[]): Series | null {
  const [first] = series;
  if (!first) return null;
  const buckets = first.buckets.map((bucket, i) => {
    let amount: number | null = null;
    let coverage: number | null = null;
    let estimated = false;
    for (const s of series) {
      const b = s.buckets[i];
      const a = amountOf(b);
      if (!b || a === null) continue;
      amount = (amount ?? 0) + a;
      coverage = Math.min(coverage ?? 1, b.coverage);
      estimated ||= b.estimated;
    }
    return { ...bucket, amount, coverage: coverage ?? 0, estimated };
  });
  const totals = series.map((s) => s.total ?? null).filter((t): t is number => t !== null);
  return { period: first.period, buckets, total: totals.length ? totals.reduce((a, b) => a + b, 0) : null };
}

/** Parts in the order they are shown: as the API lists them, "Others" last. */
export function orderParts<T extends { scope: string }>(parts: readonly T[]): T[] {
  return [...parts.filter((p) => p.scope !== OTHERS), ...parts.filter((p) => p.scope === OTHERS)];
}

/** The sum of amounts per slot; null where every one is null. */
function sumPerSlot(rows: readonly (number | null)[][], slots: number): (number | null)[] {
  return Array.from({ length: slots }, (_, i) => {
    let sum: number | null = null;
    for (const row of rows) {
      const a = row[i] ?? null;
      if (a !== null) sum = (sum ?? 0) + a;
    }
    return sum;
  });
}

/** The strongest mark per slot among several series (estimated over partial over running). */
function markPerSlot(rows: readonly (Mark | null)[][], slots: number): (Mark | null)[] {
  const rank: Record<Mark, number> = { running: 1, partial: 2, estimated: 3 };
  return Array.from({ length: slots }, (_, i) => {
    let mark: Mark | null = null;
    for (const row of rows) {
      const m = row[i] ?? null;
      if (m && (!mark || rank[m] > rank[mark])) mark = m;
    }
    return mark;
  });
}

/**
 * Parts stacked in one bar per slot (in order, "Others" on top), with the previous period's total
 * of the same parts beside it. Colours follow each part's place among all parts, so hiding one
 * does not repaint the others.
 */
export function stackedBars(parts: readonly Part[], hidden: ReadonlySet<string>, labels: PeriodLabels, context: Context, unit: string): BarData {
  const ordered = orderParts(parts);
  const first = ordered[0];
  if (!first) return barData([], [], unit);
  const buckets = first.current.buckets;
  const slots = buckets.length;
  const shown = ordered
    .map((p, i) => ({ part: p, colour: partColour(p.scope, i) }))
    .filter(({ part }) => !hidden.has(part.scope));
  const twins = shown.map(({ part }) => alignPrevious(part.current.buckets, part.previous.buckets, context.period));
  const previousTotals = shown.map(({ part }) => part.previous.total ?? null).filter((t): t is number => t !== null);
  const series: BarSeries[] = [
    {
      key: "previous",
      label: labels.previous,
      colour: "--series-previous",
      bar: 0,
      amounts: sumPerSlot(twins.map((row) => row.map(amountOf)), slots),
      marks: markPerSlot(twins.map((row) => row.map((b) => markOf(b, context.now))), slots),
      total: previousTotals.length ? previousTotals.reduce((a, b) => a + b, 0) : null,
    },
    ...shown.map(({ part, colour }) => ({
      key: part.scope,
      label: part.name,
      colour,
      bar: 1,
      ...amountsAndMarks(part.current.buckets, context.now),
      total: part.current.total ?? null,
    })),
  ];
  return barData(slotsOf(buckets, context), series, unit);
}

/** Two scopes side by side per slot: the first (left) and the second. */
export function comparisonBars(c: Comparison, context: Context): BarData {
  const sides = [c.first, c.second] as const;
  const buckets = c.first.series.buckets;
  return barData(
    slotsOf(buckets, context),
    sides.map((side, bar) => ({
      key: bar === 0 ? "first" : "second",
      label: side.name,
      colour: bar === 0 ? "--series-1" : "--series-2",
      bar,
      ...amountsAndMarks(buckets.map((_, i) => side.series.buckets[i]), context.now),
      total: side.series.total ?? null,
    })),
    c.first.unit,
  );
}

/** A drawn bar (or a piece of a stack), in the chart's unit. */
export interface Rect {
  series: number;
  slot: number;
  bar: number;
  /** Bottom and top of the piece. */
  from: number;
  to: number;
  mark: Mark | null;
}

/** The chart without the series whose keys are in `hidden`; the remaining bars close up. */
export function withoutSeries(data: BarData, hidden: ReadonlySet<string>): BarData {
  const series = data.series.filter((s) => !hidden.has(s.key));
  const bars = [...new Set(series.map((s) => s.bar))].sort((a, b) => a - b);
  return barData(
    data.slots,
    series.map((s) => ({ ...s, bar: bars.indexOf(s.bar) })),
    data.unit,
  );
}

/** Every piece to draw, stacked per slot and bar in series order; gaps draw nothing. */
export function rectsOf(data: BarData): Rect[] {
  const rects: Rect[] = [];
  const base = new Map<string, number>();
  data.series.forEach((s, index) => {
    s.amounts.forEach((amount, slot) => {
      if (amount === null) return;
      const key = `${s.bar}|${slot}`;
      const from = base.get(key) ?? 0;
      const to = from + amount / data.scale.divisor;
      base.set(key, to);
      rects.push({ series: index, slot, bar: s.bar, from, to, mark: s.marks[slot] ?? null });
    });
  });
  return rects;
}

/** The top of each series' pieces per slot (what the chart's scale must hold), null in gaps. */
export function topsOf(data: BarData): (number | null)[][] {
  const tops = data.series.map(() => data.slots.map((): number | null => null));
  for (const r of rectsOf(data)) {
    const row = tops[r.series];
    if (row) row[r.slot] = r.to;
  }
  return tops;
}

/** Whether a chart has anything to draw. */
export function hasData(data: BarData): boolean {
  return data.series.some((s) => s.amounts.some((a) => a !== null));
}

/** Whether a chart's unit is money: an ISO 4217 code (`EUR`); no unit of a quantity is three capitals. */
export function isCurrency(unit: string): boolean {
  return /^[A-Z]{3}$/.test(unit);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** `value` in `currency`, in the locale's way ("€1,234.56"); with `symbol` false the number alone, with the currency's decimals. */
export function formatMoney(value: number, currency: string, locale: string, symbol = true): string {
  const key = `${locale}|${currency}|${symbol}`;
  let format = moneyFormats.get(key);
  if (!format) {
    const money = new Intl.NumberFormat(locale, { style: "currency", currency });
    const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
    format = symbol ? money : new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    moneyFormats.set(key, format);
  }
  return format.format(value);
}

/** An amount in the chart's unit, in the locale: "12.3 kWh", "€12.35". */
export function formatAmount(amount: number | null, scale: BarData["scale"], locale: string): string {
  if (amount === null) return "";
  if (isCurrency(scale.unit)) return formatMoney(amount / scale.divisor, scale.unit, locale);
  return formatScaled({ value: amount / scale.divisor, unit: scale.unit }, locale);
}

/** An amount in the chart's unit without the unit, for a table whose header names it: "12.3", "12.35" (money with its decimals). */
export function formatFigure(amount: number, scale: BarData["scale"], locale: string): string {
  if (isCurrency(scale.unit)) return formatMoney(amount / scale.divisor, scale.unit, locale, false);
  return formatScaled({ value: amount / scale.divisor, unit: "" }, locale);
}

/** An axis tick: the number alone, with as many digits as the step between ticks needs. */
export function formatTick(value: number, step: number, locale: string): string {
  let digits = 0;
  while (digits < 6 && Math.abs(Math.round(step * 10 ** digits) - step * 10 ** digits) > 1e-6) digits += 1;
  return formatNumber(value, locale, digits);
}

/** The sum of a slot's pieces in one bar: the height of a stack. */
export function stackTotal(data: BarData, bar: number, slot: number): number | null {
  let sum: number | null = null;
  for (const s of data.series) {
    const a = s.bar === bar ? (s.amounts[slot] ?? null) : null;
    if (a !== null) sum = (sum ?? 0) + a;
  }
  return sum;
}

/** The period whose first day is `first`, for people: "Saturday, 21 November 2026", "November 2026", "2026", "2017–2026". */
export function periodTitle(first: string, period: Period, locale: string): string {
  const [y, m, d] = first.split("-").map(Number);
  const day = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  switch (period) {
    case "day":
      return dateTimeFormat(locale, "UTC", { dateStyle: "full" }).format(day);
    case "month":
      return dateTimeFormat(locale, "UTC", { month: "long", year: "numeric" }).format(day);
    case "year":
      return dateTimeFormat(locale, "UTC", { year: "numeric" }).format(day);
    case "decade": {
      const years = dateTimeFormat(locale, "UTC", { year: "numeric" });
      return `${years.format(day)}–${years.format(Date.UTC((y ?? 1970) + 9, 0, 1))}`;
    }
  }
}

/** The period kind of an API series (`day`, `month`, …), the asked one if the API's is unknown. */
export function periodOf(series: Series, asked: Period): Period {
  const kind = series.period.kind;
  return kind === "day" || kind === "month" || kind === "year" || kind === "decade" ? kind : asked;
}

/** A time series for a line with a band: times in seconds, a gap (null) wherever buckets are missing. */
export interface LineData {
  x: number[];
  mean: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
  unit: string;
  scale: { divisor: number; unit: string };
}

/** The mean with its min–max band, scaled to one unit, broken where data is missing. */
export function lineOf(ts: TimeSeries): LineData {
  const largest = ts.points.reduce((m, p) => Math.max(m, Math.abs(p.min), Math.abs(p.max)), 0);
  const scale = scaleFor(largest, ts.unit);
  const line: LineData = { x: [], mean: [], min: [], max: [], unit: ts.unit, scale };
  let end: number | null = null;
  for (const p of ts.points) {
    const start = Date.parse(p.start);
    if (end !== null && start > end) {
      line.x.push(end / 1000);
      line.mean.push(null);
      line.min.push(null);
      line.max.push(null);
    }
    // A bucket is drawn at its middle.
    const next = Date.parse(p.end);
    line.x.push((start + next) / 2000);
    line.mean.push(p.mean / scale.divisor);
    line.min.push(p.min / scale.divisor);
    line.max.push(p.max / scale.divisor);
    end = next;
  }
  return line;
}
