import { describe, expect, it } from "vitest";
import {
  alignPrevious,
  comparisonBars,
  formatAmount,
  formatFigure,
  formatMoney,
  formatTick,
  hasData,
  histogramBars,
  isCurrency,
  lineOf,
  markOf,
  orderParts,
  periodTitle,
  rectsOf,
  slotsOf,
  stackTotal,
  stackedBars,
  topsOf,
  totalsOf,
  type Bucket,
  type Context,
  type Histogram,
  type Part,
  type Series,
  sumSeries,
  withoutSeries,
} from "./shape";

const HOUR = 3_600_000;

/** Hourly buckets of 21 November 2026 in Rome (UTC+1), amounts in Wh (null: nothing measured). */
function hours(day: string, amounts: (number | null)[], offsetHours = 1): Bucket[] {
  const midnight = Date.parse(`${day}T00:00:00Z`) - offsetHours * HOUR;
  return amounts.map((amount, i) => ({
    start: new Date(midnight + i * HOUR).toISOString(),
    end: new Date(midnight + (i + 1) * HOUR).toISOString(),
    label: `${String(i).padStart(2, "0")}:00`,
    amount,
    coverage: amount === null ? 0 : 1,
    estimated: false,
  }));
}

function series(kind: string, first: string, buckets: Bucket[]): Series {
  const amounts = buckets.map((b) => b.amount ?? null).filter((a): a is number => a !== null);
  return {
    period: {
      kind,
      first,
      label: first,
      start: buckets[0]?.start ?? `${first}T00:00:00Z`,
      end: buckets[buckets.length - 1]?.end ?? `${first}T00:00:00Z`,
    },
    buckets,
    total: amounts.length ? amounts.reduce((a, b) => a + b, 0) : null,
  };
}

const LATER = Date.parse("2030-01-01T00:00:00Z");
const rome = (period: Context["period"], now = LATER): Context => ({ period, locale: "en-GB", timeZone: "Europe/Rome", now });

function histogram(current: (number | null)[], previous: (number | null)[]): Histogram {
  return {
    scope: "site",
    name: "Office",
    point: "energy_active_import",
    unit: "Wh",
    time_zone: "Europe/Rome",
    current: series("day", "2026-11-21", hours("2026-11-21", current)),
    previous: series("day", "2026-11-20", hours("2026-11-20", previous)),
  };
}

describe("chart data shaping", () => {
  it("an hour without data is a gap, never a zero bar", () => {
    const data = histogramBars(histogram([500, null, 700], [400, 450, null]), { current: "today", previous: "yesterday" }, rome("day"));
    const current = data.series.find((s) => s.key === "current");
    expect(current?.amounts).toEqual([500, null, 700]);
    const rects = rectsOf(data);
    expect(rects.filter((r) => r.series === 1).map((r) => r.slot)).toEqual([0, 2]);
    expect(rects.filter((r) => r.series === 0).map((r) => r.slot)).toEqual([0, 1]);
    expect(topsOf(data)[1]).toEqual([500, null, 700]);
    expect(hasData(data)).toBe(true);
  });

  it("a period with nothing measured has no data to draw", () => {
    const data = histogramBars(histogram([null, null], [null, null]), { current: "c", previous: "p" }, rome("day"));
    expect(hasData(data)).toBe(false);
    expect(rectsOf(data)).toEqual([]);
  });

  it("the previous period stands left of the current one, in grey", () => {
    const data = histogramBars(histogram([1, 2], [3, 4]), { current: "today", previous: "yesterday" }, rome("day"));
    expect(data.bars).toBe(2);
    expect(data.series.map((s) => [s.key, s.bar, s.colour])).toEqual([
      ["previous", 0, "--series-previous"],
      ["current", 1, "--series-1"],
    ]);
  });

  it("one unit per chart, chosen from its largest bar", () => {
    const small = histogramBars(histogram([800, 900], [100, 200]), { current: "", previous: "" }, rome("day"));
    expect(small.scale).toEqual({ divisor: 1, unit: "Wh" });
    const large = histogramBars(histogram([800, 2_500_000], [100, 200]), { current: "", previous: "" }, rome("day"));
    expect(large.scale).toEqual({ divisor: 1_000_000, unit: "MWh" });
    expect(formatAmount(800, large.scale, "en")).toBe("0.001\u00a0MWh");
    expect(formatAmount(null, large.scale, "en")).toBe("");
  });

  it("gas and water are shown in cubic metres", () => {
    const h = histogram([1500, 2500], [null, null]);
    const data = histogramBars({ ...h, point: "gas_volume", unit: "dm3" }, { current: "", previous: "" }, rome("day"));
    expect(data.scale).toEqual({ divisor: 1000, unit: "m³" });
    expect(formatAmount(2500, data.scale, "de")).toBe("2,50\u00a0m³");
  });

  it("bars that are estimated, measured in part or still running are marked", () => {
    const [full, partial, estimated, running] = hours("2026-11-21", [10, 10, 10, 10]);
    const now = Date.parse(running!.start) + 10 * 60_000;
    expect(markOf(full, now)).toBeNull();
    expect(markOf({ ...partial!, coverage: 0.5 }, now)).toBe("partial");
    expect(markOf({ ...estimated!, estimated: true }, now)).toBe("estimated");
    expect(markOf({ ...running!, coverage: 0.2 }, now)).toBe("running");
    expect(markOf({ ...full!, amount: null, coverage: 0 }, now)).toBeNull();
    expect(markOf(null, now)).toBeNull();
  });

  it("yesterday's 14:00 stands beside today's 14:00, also when a day has 23 hours", () => {
    // 29 March 2026 in Rome: 02:00 does not exist.
    const spring = hours("2026-03-29", [1, 1, 1, 1]).map((b, i) => ({ ...b, label: ["00:00", "01:00", "03:00", "04:00"][i]! }));
    const before = hours("2026-03-28", [10, 11, 12, 13, 14]);
    expect(alignPrevious(spring, before, "day").map((b) => b?.amount)).toEqual([10, 11, 13, 14]);
  });

  it("on the day the clocks go back the repeated hour meets its twin in order", () => {
    const labels = ["00:00", "01:00", "02:00", "02:00", "03:00"];
    const autumn = hours("2026-10-25", [1, 2, 3, 4, 5]).map((b, i) => ({ ...b, label: labels[i]! }));
    const before = hours("2026-10-24", [10, 11, 12, 13]);
    expect(alignPrevious(autumn, before, "day").map((b) => b?.amount ?? null)).toEqual([10, 11, 12, null, 13]);
  });

  it("months are aligned by day of the month, years by month, ten years by rank", () => {
    const day = (label: string, amount: number): Bucket => ({ ...hours("2026-11-01", [amount])[0]!, label });
    const november = [day("2026-11-01", 1), day("2026-11-30", 30)];
    const october = [day("2026-10-01", 10), day("2026-10-30", 300), day("2026-10-31", 310)];
    expect(alignPrevious(november, october, "month").map((b) => b?.amount)).toEqual([10, 300]);
    const year = [day("2026-01", 1), day("2026-02", 2)];
    const lastYear = [day("2025-02", 20), day("2025-01", 10)];
    expect(alignPrevious(year, lastYear, "year").map((b) => b?.amount)).toEqual([10, 20]);
    const decade = [day("2017", 1), day("2018", 2)];
    const before = [day("2007", 7), day("2008", 8)];
    expect(alignPrevious(decade, before, "decade").map((b) => b?.amount)).toEqual([7, 8]);
  });

  it("parts are stacked in order with Others on top, and the previous total beside them", () => {
    const part = (scope: string, name: string, current: (number | null)[], previous: (number | null)[]): Part => ({
      scope,
      name,
      current: series("day", "2026-11-21", hours("2026-11-21", current)),
      previous: series("day", "2026-11-20", hours("2026-11-20", previous)),
    });
    const parts = [
      part("load:others", "Others", [5, null], [1, 1]),
      part("load:heating", "Heating", [100, 200], [50, null]),
      part("load:lighting", "Lighting", [10, 20], [null, null]),
    ];
    expect(orderParts(parts).map((p) => p.scope)).toEqual(["load:heating", "load:lighting", "load:others"]);
    const data = stackedBars(parts, new Set(), { current: "today", previous: "yesterday" }, rome("day"), "Wh");
    expect(data.series.map((s) => [s.key, s.bar, s.colour])).toEqual([
      ["previous", 0, "--series-previous"],
      ["load:heating", 1, "--series-1"],
      ["load:lighting", 1, "--series-2"],
      ["load:others", 1, "--series-others"],
    ]);
    expect(data.series[0]?.amounts).toEqual([51, 1]);
    expect(data.series[0]?.total).toBe(52);
    const slot0 = rectsOf(data).filter((r) => r.slot === 0 && r.bar === 1);
    expect(slot0.map((r) => [r.from, r.to])).toEqual([
      [0, 100],
      [100, 110],
      [110, 115],
    ]);
    expect(stackTotal(data, 1, 0)).toBe(115);
    expect(stackTotal(data, 1, 1)).toBe(220);
    // A hidden part leaves the stack, and the others keep their colours.
    const without = stackedBars(parts, new Set(["load:heating"]), { current: "", previous: "" }, rome("day"), "Wh");
    expect(without.series.map((s) => s.colour)).toEqual(["--series-previous", "--series-2", "--series-others"]);
    expect(without.series[0]?.amounts).toEqual([1, 1]);
    expect(stackTotal(without, 1, 0)).toBe(15);
  });

  it("the whole of the parts sums what was measured and keeps the gaps", () => {
    const a = series("day", "2026-11-21", hours("2026-11-21", [100, null, null]));
    const b = series("day", "2026-11-21", hours("2026-11-21", [50, 20, null]));
    b.buckets[1] = { ...b.buckets[1]!, coverage: 0.5, estimated: true };
    const whole = sumSeries([a, b]);
    expect(whole?.buckets.map((x) => [x.amount, x.coverage, x.estimated])).toEqual([
      [150, 1, false],
      [20, 0.5, true],
      [null, 0, false],
    ]);
    expect(whole?.total).toBe(170);
    expect(whole?.period).toEqual(a.period);
    expect(sumSeries([])).toBeNull();
  });

  it("the scale of a stacked chart is chosen from the height of its stacks", () => {
    const part = (scope: string, amount: number): Part => ({
      scope,
      name: scope,
      current: series("day", "2026-11-21", hours("2026-11-21", [amount])),
      previous: series("day", "2026-11-20", hours("2026-11-20", [null])),
    });
    const data = stackedBars([part("load:a", 600), part("load:b", 600)], new Set(), { current: "", previous: "" }, rome("day"), "Wh");
    expect(data.scale.unit).toBe("kWh");
  });

  it("no parts make an empty chart", () => {
    const data = stackedBars([], new Set(), { current: "", previous: "" }, rome("day"), "Wh");
    expect(data.slots).toEqual([]);
    expect(hasData(data)).toBe(false);
  });

  it("a hidden series leaves the chart and the bars close up", () => {
    const data = histogramBars(histogram([1, 2_000], [3_000, 4_000]), { current: "", previous: "" }, rome("day"));
    expect(data.scale.unit).toBe("kWh");
    const current = withoutSeries(data, new Set(["previous"]));
    expect(current.series.map((s) => [s.key, s.bar])).toEqual([["current", 0]]);
    expect(current.bars).toBe(1);
    expect(current.scale.unit).toBe("kWh");
    expect(withoutSeries(data, new Set(["previous", "current"])).bars).toBe(0);
  });

  it("a comparison puts the first scope left and the second right", () => {
    const h = histogram([1000, null], [2000, 3000]);
    const data = comparisonBars(
      {
        time_zone: "Europe/Rome",
        first: { scope: "device:a", name: "A", point: "energy_active_import", unit: "Wh", series: h.current },
        second: { scope: "device:b", name: "B", point: "energy_active_import", unit: "Wh", series: h.previous },
      },
      rome("day"),
    );
    expect(data.series.map((s) => [s.key, s.label, s.bar, s.amounts])).toEqual([
      ["first", "A", 0, [1000, null]],
      ["second", "B", 1, [2000, 3000]],
    ]);
    expect(data.scale.unit).toBe("kWh");
  });

  it("buckets are labelled per period in the locale and the site's time zone", () => {
    const day = hours("2026-11-21", Array.from({ length: 24 }, () => 1));
    expect(slotsOf(day, rome("day")).map((s) => s.label).slice(0, 2)).toEqual(["00:00", "01:00"]);
    expect(slotsOf(day, rome("day"))[0]?.title).toBe("00:00–01:00");
    expect(slotsOf(day, rome("day"))[23]?.title).toBe("23:00–00:00");
    const at = (start: string): Bucket => ({ start, end: start, label: "", amount: 1, coverage: 1, estimated: false });
    const month = [at("2026-11-20T23:00:00Z")];
    expect(slotsOf(month, rome("month"))[0]).toEqual({ label: "21", title: "Saturday, 21 November 2026" });
    expect(slotsOf(month, { ...rome("month"), locale: "de" })[0]?.title).toBe("Samstag, 21. November 2026");
    const year = [at("2026-10-31T23:00:00Z")];
    expect(slotsOf(year, rome("year"))[0]).toEqual({ label: "Nov", title: "November 2026" });
    expect(slotsOf(year, { ...rome("year"), locale: "it" })[0]?.label).toBe("nov");
    const decade = [at("2025-12-31T23:00:00Z")];
    expect(slotsOf(decade, rome("decade"))[0]).toEqual({ label: "2026", title: "2026" });
  });

  it("an hour of a day with 25 hours is told apart by its offset", () => {
    const long = hours("2026-10-25", Array.from({ length: 25 }, () => 1), 2);
    const titles = slotsOf(long, rome("day")).map((s) => s.title);
    expect(new Set(titles).size).toBe(25);
  });

  it("periods are titled in the locale", () => {
    expect(periodTitle("2026-11-21", "day", "en-GB")).toBe("Saturday, 21 November 2026");
    expect(periodTitle("2026-11-01", "month", "fr")).toBe("novembre 2026");
    expect(periodTitle("2026-01-01", "year", "it")).toBe("2026");
    expect(periodTitle("2017-01-01", "decade", "es")).toBe("2017–2026");
  });

  it("a finished period is compared with the whole previous one", () => {
    const h = histogram([100, 300], [200, 200]);
    const totals = totalsOf(h.current, h.previous, "day", LATER);
    expect(totals).toEqual({ current: 400, previous: 400, reference: 400, running: false, difference: 0, percent: 0 });
  });

  it("a running period is compared with as much of the previous one", () => {
    const current = hours("2026-11-21", [100, 50, null, null]);
    const h: Histogram = {
      ...histogram([], []),
      current: { ...series("day", "2026-11-21", current), period: { ...series("day", "2026-11-21", current).period, end: "2026-11-21T23:00:00Z" } },
      previous: series("day", "2026-11-20", hours("2026-11-20", [200, 200, 200, 200])),
    };
    // Half way through the second hour.
    const now = Date.parse(current[1]!.start) + HOUR / 2;
    const totals = totalsOf(h.current, h.previous, "day", now);
    expect(totals.running).toBe(true);
    expect(totals.previous).toBe(800);
    expect(totals.reference).toBe(300);
    expect(totals.difference).toBe(-150);
    expect(totals.percent).toBe(-50);
  });

  it("there is no difference to show without a previous amount", () => {
    const h = histogram([100], [null]);
    const totals = totalsOf(h.current, h.previous, "day", LATER);
    expect(totals.difference).toBeNull();
    expect(totals.percent).toBeNull();
    const zero = histogram([100], [0]);
    expect(totalsOf(zero.current, zero.previous, "day", LATER).percent).toBeNull();
  });

  it("axis ticks carry the digits their step needs, in the locale", () => {
    expect(formatTick(1500, 500, "de")).toBe("1.500");
    expect(formatTick(0.5, 0.25, "fr")).toBe("0,50");
    expect(formatTick(2, 0.5, "en")).toBe("2.0");
  });

  it("a time series breaks where buckets are missing and takes one unit", () => {
    const point = (start: string, end: string, mean: number) => ({ start, end, mean, min: mean - 100, max: mean + 1500, intervals: 4 });
    const line = lineOf({
      device: "main",
      name: "Main",
      point: "active_power",
      unit: "W",
      time_zone: "Europe/Rome",
      from: "2026-11-21T00:00:00Z",
      to: "2026-11-21T04:00:00Z",
      bucket_minutes: 60,
      points: [
        point("2026-11-21T00:00:00Z", "2026-11-21T01:00:00Z", 9000),
        point("2026-11-21T01:00:00Z", "2026-11-21T02:00:00Z", 9500),
        point("2026-11-21T03:00:00Z", "2026-11-21T04:00:00Z", 8000),
      ],
    });
    expect(line.scale).toEqual({ divisor: 1000, unit: "kW" });
    expect(line.mean).toEqual([9, 9.5, null, 8]);
    expect(line.max[0]).toBe(10.5);
    const t = Date.parse("2026-11-21T00:30:00Z") / 1000;
    expect(line.x).toEqual([t, t + 3600, t + 5400, t + 3 * 3600]);
  });
});

describe("money in charts", () => {
  it("a currency code is a unit of money; no quantity's unit is taken for one", () => {
    expect(isCurrency("EUR")).toBe(true);
    for (const unit of ["Wh", "kWh", "dm3", "VAh", "var", "%", "s"]) expect(isCurrency(unit)).toBe(false);
  });

  it("costs read in the locale's way with the currency's decimals, in tooltips with its symbol, in tables without", () => {
    const scale = { divisor: 1, unit: "EUR" };
    expect(formatAmount(1234.5, scale, "en")).toBe("€1,234.50");
    expect(formatAmount(0.123456, scale, "de")).toBe("0,12\u00a0€");
    expect(formatFigure(1234.5, scale, "de")).toBe("1.234,50");
    expect(formatMoney(12, "JPY", "en")).toBe("¥12");
    expect(formatFigure(1234, { divisor: 1000, unit: "kWh" }, "en")).toBe("1.23");
  });
});
