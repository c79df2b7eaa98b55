import { describe, expect, it } from "vitest";
import type { Context } from "../../charts/shape";
import {
  bucketCosts,
  chargesInTotal,
  costBars,
  demandLines,
  hiddenOf,
  overallLines,
  slicesOf,
  summarize,
  sumDecimals,
  toggledHide,
  type CostsView,
  type OverallView,
} from "./costs";

/** A month of costs as the API answers it: three tariffs named, F1 without data, a bit unpriced. */
function monthOfCosts(): CostsView {
  const share = (tariff: string, amount: number, cost: string | null, estimated = false) => ({ tariff, amount, cost, estimated });
  return {
    scope: "site",
    name: "Demo office",
    point: "energy_active_import",
    unit: "Wh",
    time_zone: "Europe/Rome",
    period: { kind: "month", first: "2026-11-01", label: "2026-11", start: "2026-10-31T23:00:00Z", end: "2026-11-30T23:00:00Z" },
    currency: "EUR",
    tariff_names: [
      { id: "f1", name: "F1 peak", colour: "#d55e00" },
      { id: "f2", name: "F2 shoulder", colour: "#e69f00" },
      { id: "f3", name: "F3 off-peak", colour: "#0072b2" },
      { id: "f0", name: "f0", colour: null },
    ],
    tariffs: [share("f2", 3000, "0.3"), share("f3", 2000, "0.1", true), share("f0", 500, "0.6"), share("", 12500, null)],
    cost: "1.0",
    buckets: [
      { start: "2026-10-31T23:00:00Z", end: "2026-11-01T23:00:00Z", label: "2026-11-01", tariffs: [share("f2", 1000, "0.1"), share("f3", 2000, "0.1", true)], cost: "0.2" },
      { start: "2026-11-01T23:00:00Z", end: "2026-11-02T23:00:00Z", label: "2026-11-02", tariffs: [], cost: null },
      { start: "2026-11-02T23:00:00Z", end: "2026-11-03T23:00:00Z", label: "2026-11-03", tariffs: [share("f2", 2000, "0.2"), share("f0", 500, "0.6"), share("", 12500, null)], cost: "0.8" },
    ],
  };
}

const context: Context = { period: "month", locale: "en", timeZone: "Europe/Rome", now: Date.parse("2026-11-03T12:00:00Z") };

describe("costs summed exactly", () => {
  it("decimal strings add up without the errors of floats", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["1713.483661", "478.866938", "396.426162"])).toBe("2588.776761");
    expect(sumDecimals(["12", "0.05"])).toBe("12.05");
  });

  it("negative costs (a price below zero) and a negative sum keep their sign", () => {
    expect(sumDecimals(["-0.25", "0.1"])).toBe("-0.15");
    expect(sumDecimals(["-0.05"])).toBe("-0.05");
  });

  it("nothing to sum is no cost, not zero", () => {
    expect(sumDecimals([])).toBeNull();
  });
});

describe("the tariff filter in the address", () => {
  it("the tariffs left out are read from `hide`", () => {
    expect([...hiddenOf(new URLSearchParams("hide=f1,f3"))]).toEqual(["f1", "f3"]);
    expect(hiddenOf(new URLSearchParams("")).size).toBe(0);
  });

  it("a tariff toggled is added to or removed from `hide`, which goes when every tariff is shown", () => {
    expect(toggledHide(new Set(), "f3")).toBe("f3");
    expect(toggledHide(new Set(["f3"]), "f1")).toBe("f1,f3");
    expect(toggledHide(new Set(["f3"]), "f3")).toBeNull();
  });
});

describe("the pie's tariffs, shares and total", () => {
  it("every tariff of the contract is listed, also those without data, in the contract's order", () => {
    const summary = summarize(monthOfCosts(), new Set());
    expect(summary.entries.map((e) => [e.id, e.amount, e.cost])).toEqual([
      ["f1", null, null],
      ["f2", 3000, "0.3"],
      ["f3", 2000, "0.1"],
      ["f0", 500, "0.6"],
    ]);
    expect(summary.contract).toBe(true);
    expect(summary.measured).toBe(true);
  });

  it("the total and the shares are of the priced tariffs; the unpriced amount is apart", () => {
    const summary = summarize(monthOfCosts(), new Set());
    expect(summary.cost).toBe("1.0");
    expect(summary.amount).toBe(5500);
    expect(summary.unpriced).toBe(12500);
    expect(summary.entries.map((e) => e.share)).toEqual([null, 0.3, 0.1, 0.6]);
  });

  it("a tariff deselected leaves the total, and the others' shares are of what remains", () => {
    const summary = summarize(monthOfCosts(), new Set(["f0"]));
    expect(summary.cost).toBe("0.4");
    expect(summary.amount).toBe(5000);
    const f2 = summary.entries.find((e) => e.id === "f2");
    expect(f2?.share).toBeCloseTo(0.75);
    expect(summary.entries.find((e) => e.id === "f0")).toMatchObject({ shown: false, share: null });
  });

  it("a tariff the contract no longer has is drawn in the theme's neutral colour", () => {
    expect(summarize(monthOfCosts(), new Set()).entries.find((e) => e.id === "f0")?.colour).toBe("--series-previous");
  });

  it("a tariff found only in the data is listed by its id", () => {
    const costs = monthOfCosts();
    costs.tariffs.push({ tariff: "dynamic", amount: 10, cost: "0.01", estimated: false });
    expect(summarize(costs, new Set()).entries.at(-1)).toMatchObject({ id: "dynamic", name: "dynamic", colour: "--series-previous" });
  });

  it("without a contract there is nothing to name; without data nothing was measured", () => {
    const none = { ...monthOfCosts(), tariff_names: [], tariffs: [{ tariff: "", amount: 800, cost: null, estimated: false }] };
    expect(summarize(none, new Set())).toMatchObject({ contract: false, cost: null, unpriced: 800 });
    const empty = { ...monthOfCosts(), tariffs: [], buckets: [] };
    expect(summarize(empty, new Set())).toMatchObject({ contract: true, measured: false, cost: null, amount: null });
  });

  it("the slices follow the tariffs' order clockwise from the top and fill the ring", () => {
    const slices = slicesOf(summarize(monthOfCosts(), new Set()).entries);
    expect(slices.map((s) => [s.id, s.colour])).toEqual([
      ["f2", "#e69f00"],
      ["f3", "#0072b2"],
      ["f0", "--series-previous"],
    ]);
    // F2 starts at the top and covers 30 % of the turn; F0 ends back at the top.
    expect(slices[0]?.path.startsWith("M0 -100A100 100 0 0 1 ")).toBe(true);
    expect(slices[2]?.path).toMatch(/^M[^A]+A100 100 0 1 1 0 -100L0 -58A58 58 0 1 0 /);
    expect(slices[0]?.label.anchor).toBe("start");
    expect(slices[2]?.label.anchor).toBe("end");
  });

  it("one tariff alone is a whole ring", () => {
    const slices = slicesOf(summarize(monthOfCosts(), new Set(["f2", "f3"])).entries);
    expect(slices).toHaveLength(1);
    expect(slices[0]?.share).toBe(1);
    expect(slices[0]?.path).toBe("M0 -100A100 100 0 1 1 0 100A100 100 0 1 1 0 -100ZM0 -58A58 58 0 1 0 0 58A58 58 0 1 0 0 -58Z");
  });

  it("no tariff chosen draws no slice", () => {
    expect(slicesOf(summarize(monthOfCosts(), new Set(["f0", "f1", "f2", "f3"])).entries)).toEqual([]);
  });
});

describe("costs per bucket stacked by tariff", () => {
  it("one series per tariff with data, in the tariffs' colours, gaps where a tariff has no cost", () => {
    const data = costBars(monthOfCosts(), new Set(), context);
    expect(data.series.map((s) => [s.key, s.label, s.colour, s.bar])).toEqual([
      ["f2", "F2 shoulder", "#e69f00", 0],
      ["f3", "F3 off-peak", "#0072b2", 0],
      ["f0", "f0", "--series-previous", 0],
    ]);
    expect(data.series[0]?.amounts).toEqual([0.1, null, 0.2]);
    expect(data.series[0]?.total).toBe(0.3);
    expect(data.slots.map((s) => s.label)).toEqual(["1", "2", "3"]);
  });

  it("the chart's unit is the currency", () => {
    const data = costBars(monthOfCosts(), new Set(), context);
    expect(data.unit).toBe("EUR");
    expect(data.scale).toEqual({ divisor: 1, unit: "EUR" });
  });

  it("an estimated share is striped and the running bucket marked", () => {
    const data = costBars(monthOfCosts(), new Set(), context);
    expect(data.series[1]?.marks).toEqual(["estimated", null, null]);
    expect(data.series[2]?.marks).toEqual([null, null, "running"]);
  });

  it("a tariff deselected leaves the stacks, and the bucket costs are of the tariffs shown, exactly", () => {
    const data = costBars(monthOfCosts(), new Set(["f2"]), context);
    expect(data.series.map((s) => s.key)).toEqual(["f3", "f0"]);
    expect(bucketCosts(monthOfCosts(), new Set())).toEqual(["0.2", null, "0.8"]);
    expect(bucketCosts(monthOfCosts(), new Set(["f2"]))).toEqual(["0.1", null, "0.6"]);
  });
});

describe("the overall rows", () => {
  it("bought electricity, fed-in electricity, gas and water, in that order, with gas's equivalent energy", () => {
    const view: OverallView = {
      period: { kind: "month", first: "2026-11-01", label: "2026-11", start: "2026-10-31T23:00:00Z", end: "2026-11-30T23:00:00Z" },
      currency: "EUR",
      cost: "3737.587761",
      export_revenue: "88.68441",
      demand_charges: [],
      rows: [
        { point: "water_volume", commodity: "water", export: false, unit: "dm3", amount: 145210, cost: "304.941", unpriced_amount: 0, equivalent_wh: null },
        { point: "gas_volume", commodity: "gas", export: false, unit: "dm3", amount: 733800, cost: "843.87", unpriced_amount: 0, equivalent_wh: 7844322 },
        { point: "energy_active_export", commodity: "electricity", export: true, unit: "Wh", amount: 1043346, cost: "88.68441", unpriced_amount: 0, equivalent_wh: null },
        { point: "energy_active_import", commodity: "electricity", export: false, unit: "Wh", amount: 10726195, cost: null, unpriced_amount: 2500, equivalent_wh: null },
      ],
    };
    expect(overallLines(view).map((l) => [l.point, l.amount, l.cost, l.revenue, l.equivalentWh, l.unpriced])).toEqual([
      ["energy_active_import", 10726195, null, false, null, 2500],
      ["energy_active_export", 1043346, "88.68441", true, null, 0],
      ["gas_volume", 733800, "843.87", false, 7844322, 0],
      ["water_volume", 145210, "304.941", false, null, 0],
    ]);
  });
});

describe("the demand charge", () => {
  const year: OverallView = {
    period: { kind: "year", first: "2026-01-01", label: "2026", start: "2025-12-31T23:00:00Z", end: "2026-12-31T23:00:00Z" },
    currency: "EUR",
    cost: "120.5",
    standing_charges: "202.4",
    demand_charges: [
      { month: "2026-06", at: "2026-05-31T22:00:00Z", power_w: 400, cost: "1.7" },
      { month: "2026-07", at: "2026-07-14T07:00:00Z", power_w: 31_250, cost: "132.8125" },
    ],
    demand_charge: "134.5125",
    total: "457.4125",
    rows: [],
  };

  it("is one line per month with its peak in kW, when it was, and its cost", () => {
    expect(demandLines(year)).toEqual([
      { first: "2026-06-01", at: "2026-05-31T22:00:00Z", kw: 0.4, cost: "1.7" },
      { first: "2026-07-01", at: "2026-07-14T07:00:00Z", kw: 31.25, cost: "132.8125" },
    ]);
  });

  it("the total says which charges it adds to what was bought", () => {
    expect(chargesInTotal(year)).toBe("both");
    expect(chargesInTotal({ ...year, standing_charges: null })).toBe("demand");
    expect(chargesInTotal({ ...year, demand_charge: null, demand_charges: [] })).toBe("standing");
    expect(chargesInTotal({ ...year, standing_charges: null, demand_charge: null, demand_charges: [] })).toBeNull();
  });

  it("a contract's demand charge without readings of its meter has no month", () => {
    const none = { ...year, demand_charges: [], demand_charge: "0" };
    expect(demandLines(none)).toEqual([]);
    expect(chargesInTotal(none)).toBe("both");
  });
});
