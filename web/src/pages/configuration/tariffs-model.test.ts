import { describe, expect, it } from "vitest";
import {
  dayNames,
  decimal,
  firstOfMonth,
  isChanged,
  meterOptions,
  move,
  newRule,
  newTariff,
  paletteName,
  placeErrors,
  placeOf,
  renameTariff,
  ruleConditions,
  ruleSummary,
  rulesUsing,
  sayDays,
  tariffId,
  toDraft,
  toForm,
  type RuleDraft,
  type RuleWords,
  type TariffsForm,
} from "./tariffs-model";

const words: RuleWords = {
  always: "always",
  period: (from, to) => `${from} to ${to}`,
  since: (from) => `from ${from}`,
  on: (date) => `on ${date}`,
  everyYear: (period) => `${period} every year`,
};

/** The demo's contract, as `GET /tariffs` answers it (nulls included). */
const DEMO: TariffsForm = {
  gas_kwh_per_m3: "10.69",
  electricity: {
    standing_charge: { per: "month", amount: "18.4" },
    demand_charge: { per_kw_month: "4.25", meter: "incomer" },
    tariffs: {
      f1: { name: "F1 peak", colour: "#d55e00", prices: [{ from: null, price: "0.248" }, { from: "2026-07-01", price: "0.263" }] },
      f3: { name: "F3 off-peak", colour: "#0072b2", prices: [{ from: null, price: "0.187" }] },
    },
    rules: [
      { tariff: "f3", valid: { from: "2026-12-25", to: "2026-12-26" }, repeat_every_year: true, time: null, days: null },
      { tariff: "f1", valid: null, repeat_every_year: false, time: { from: "08:00", to: "18:59" }, days: ["mon", "tue", "wed", "thu", "fri"] },
      { tariff: "f3", valid: null, repeat_every_year: false, time: null, days: null },
    ],
    export: {
      tariffs: { feed_in: { name: "Feed-in", colour: "#009e73", prices: [{ from: null, price: "0.085" }] } },
      rules: [{ tariff: "feed_in", valid: null, repeat_every_year: false, time: null, days: null }],
    },
  },
  gas: {
    standing_charge: { per: "day", amount: "0.35" },
    demand_charge: null,
    tariffs: { gas: { name: "Gas", colour: "#cc79a7", prices: [{ from: null, price: "1.15" }] } },
    rules: [{ tariff: "gas", valid: null, repeat_every_year: false, time: null, days: null }],
    export: null,
  },
  water: null,
};

const rule = (changes: Partial<RuleDraft>): RuleDraft => ({ ...newRule("f1"), ...changes });

describe("rules in words", () => {
  it("a weekday rule with a time frame says its days as a range and its frame", () => {
    const r = rule({ days: ["mon", "tue", "wed", "thu", "fri"], time: { from: "08:00", to: "18:59" } });
    expect(ruleSummary(r, "F1 peak", "en-GB", words)).toBe("F1 peak — Mon–Fri, 08:00–18:59");
  });

  it("a period repeated every year is said without its years", () => {
    const r = rule({ valid: { from: "2026-12-25", to: "2026-12-26" }, repeat: true });
    expect(ruleSummary(r, "F3", "en-GB", words)).toBe("F3 — 25 Dec to 26 Dec every year");
  });

  it("a rule without conditions holds always", () => {
    expect(ruleConditions(rule({}), "en-GB", words)).toBe("always");
  });

  it("one day, an open-ended validity and every day chosen are said as such", () => {
    expect(ruleConditions(rule({ valid: { from: "2026-08-15", to: "2026-08-15" }, repeat: true }), "en-GB", words)).toBe("on 15 Aug every year");
    expect(ruleConditions(rule({ valid: { from: "2026-03-01", to: "" } }), "en-GB", words)).toBe("from 1 Mar 2026");
    expect(ruleConditions(rule({ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] }), "en-GB", words)).toBe("always");
  });

  it("days that are not a run of three are listed, in the language shown", () => {
    expect(sayDays(["sat", "sun"], "en-GB")).toBe("Sat, Sun");
    expect(sayDays(["mon", "wed", "thu", "fri", "sun"], "en-GB")).toBe("Mon, Wed–Fri, Sun");
    const [mon, , wed] = dayNames("de");
    expect(sayDays(["mon", "tue", "wed"], "de")).toBe(`${mon}–${wed}`);
    expect(mon).not.toBe("Mon");
  });
});

describe("the draft and the API's form", () => {
  it("the demo's contract comes back as it was read, nulls and all", () => {
    const form = toForm(toDraft(DEMO));
    expect(form.electricity?.rules?.[1]).toEqual({ tariff: "f1", time: { from: "08:00", to: "18:59" }, days: ["mon", "tue", "wed", "thu", "fri"] });
    expect(form.electricity?.tariffs?.["f1"]?.prices).toEqual([{ price: "0.248" }, { from: "2026-07-01", price: "0.263" }]);
    expect(form.electricity?.export?.rules).toEqual([{ tariff: "feed_in" }]);
    expect(form.gas?.standing_charge).toEqual({ per: "day", amount: "0.35" });
    expect(form.water).toBeUndefined();
    expect(isChanged(toDraft(DEMO), DEMO)).toBe(false);
  });

  it("a price typed with a decimal comma is sent as exact text with a point", () => {
    expect(decimal(" 0,2483 ")).toBe("0.2483");
    const draft = toDraft(DEMO);
    const f1 = draft.contracts.electricity.consumption.tariffs[0];
    f1?.prices.push({ key: 99, from: "2027-01-01", price: "0,271" });
    expect(toForm(draft).electricity?.tariffs?.["f1"]?.prices[2]).toEqual({ from: "2027-01-01", price: "0.271" });
    expect(isChanged(draft, DEMO)).toBe(true);
  });

  it("a commodity with nothing left is left out, so its contract is removed", () => {
    const draft = toDraft(DEMO);
    draft.contracts.gas = toDraft({}).contracts.gas;
    expect(toForm(draft).gas).toBeUndefined();
  });

  it("more than five tariffs with more than five prices each are kept", () => {
    const draft = toDraft({});
    const contract = draft.contracts.water;
    for (let i = 0; i < 7; i += 1) {
      const t = newTariff(contract);
      contract.consumption.tariffs.push({ ...t, id: `t${i}`, prices: Array.from({ length: 7 }, (_, j) => ({ key: j, from: `2026-0${j + 1}-01`, price: "1" })) });
    }
    const form = toForm(draft);
    expect(Object.keys(form.water?.tariffs ?? {})).toHaveLength(7);
    expect(form.water?.tariffs?.["t6"]?.prices).toHaveLength(7);
  });
});

describe("the demand charge", () => {
  it("is read and sent back with the meter of the grid connection", () => {
    const draft = toDraft(DEMO);
    expect(draft.contracts.electricity.demand).toEqual({ price: "4.25", meter: "incomer" });
    expect(toForm(draft).electricity?.demand_charge).toEqual({ per_kw_month: "4.25", meter: "incomer" });
    expect(draft.contracts.gas.demand).toEqual({ price: "", meter: "" });
    expect(toForm(draft).gas?.demand_charge).toBeUndefined();
  });

  it("a price without a meter is sent without it, so that the meter is refused at its field as required", () => {
    const draft = toDraft(DEMO);
    draft.contracts.electricity.demand = { price: "5,5", meter: "" };
    expect(toForm(draft).electricity?.demand_charge).toEqual({ per_kw_month: "5.5" });
    draft.contracts.electricity.demand = { price: " ", meter: "main" };
    expect(toForm(draft).electricity?.demand_charge).toEqual({ meter: "main" });
    draft.contracts.electricity.demand = { price: "", meter: "" };
    expect(toForm(draft).electricity?.demand_charge).toBeUndefined();
    expect(isChanged(draft, DEMO)).toBe(true);
  });

  it("a contract with only a demand charge is a contract", () => {
    const draft = toDraft({});
    draft.contracts.electricity.demand = { price: "4.25", meter: "incomer" };
    expect(toForm(draft)).toEqual({ electricity: { demand_charge: { per_kw_month: "4.25", meter: "incomer" } } });
  });

  it("the meter is chosen among the devices by name, the one saved kept when the list lacks it", () => {
    const devices = [{ id: "incomer", name: "Main incomer analyser" }, { id: "pv" }, { id: "main", name: "main" }];
    expect(meterOptions(devices, "incomer", "Choose a meter")).toEqual([
      { value: "", label: "Choose a meter" },
      { value: "incomer", label: "Main incomer analyser (incomer)" },
      { value: "pv", label: "pv" },
      { value: "main", label: "main" },
    ]);
    expect(meterOptions([], "incomer", "Choose")).toEqual([
      { value: "", label: "Choose" },
      { value: "incomer", label: "incomer" },
    ]);
  });

  it("a refused meter is placed at the meter field of electricity", () => {
    expect(placeOf("tariffs.electricity.demand_charge.meter", toDraft(DEMO))).toMatchObject({
      commodity: "electricity",
      plan: null,
      item: null,
      field: "demand_charge.meter",
    });
  });
});

describe("tariff ids", () => {
  it("a new tariff's id is made from its name: lowercase letters, digits and underscores", () => {
    const draft = toDraft(DEMO);
    expect(tariffId("F2 – Shoulder (night)", draft.contracts.electricity)).toBe("f2_shoulder_night");
    expect(tariffId("Ölpreis", draft.contracts.electricity)).toBe("olpreis");
  });

  it("an id another tariff of the commodity has, in either plan, gets a number", () => {
    const draft = toDraft(DEMO);
    expect(tariffId("F1", draft.contracts.electricity)).toBe("f1_2");
    expect(tariffId("Feed in", draft.contracts.electricity)).toBe("feed_in_2");
    expect(tariffId("F1", draft.contracts.gas)).toBe("f1");
  });

  it("renaming a new tariff changes its id and the rules that choose it follow; a saved tariff keeps its id", () => {
    let contract = toDraft(DEMO).contracts.electricity;
    const t = newTariff(contract);
    contract = { ...contract, consumption: { tariffs: [...contract.consumption.tariffs, t], rules: [...contract.consumption.rules, newRule(t.id)] } };
    contract = renameTariff(contract, "consumption", t.key, "Night");
    expect(contract.consumption.tariffs.at(-1)?.id).toBe("night");
    expect(contract.consumption.rules.at(-1)?.tariff).toBe("night");
    const f1 = contract.consumption.tariffs[0];
    contract = renameTariff(contract, "consumption", f1?.key ?? 0, "Peak");
    expect(contract.consumption.tariffs[0]).toMatchObject({ id: "f1", name: "Peak" });
  });

  it("a new tariff takes a palette colour the commodity does not use yet", () => {
    const contract = toDraft(DEMO).contracts.electricity;
    const colour = newTariff(contract).colour;
    expect(["#d55e00", "#0072b2", "#009e73"]).not.toContain(colour);
    expect(paletteName(colour)).not.toBeNull();
  });

  it("the rules that use a tariff are found, so that it is not deleted while used", () => {
    const plan = toDraft(DEMO).contracts.electricity.consumption;
    expect(rulesUsing(plan, "f3")).toEqual([0, 2]);
    expect(rulesUsing(plan, "f2")).toEqual([]);
  });
});

describe("moving rules", () => {
  it("a rule moves up or down by one place and stays put at either end", () => {
    expect(move(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(move(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(move(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(move(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("moving a rule changes the order sent, which is the order of evaluation", () => {
    const draft = toDraft(DEMO);
    const plan = draft.contracts.electricity.consumption;
    plan.rules = move(plan.rules, 2, -1);
    expect(toForm(draft).electricity?.rules?.map((r) => r.tariff)).toEqual(["f3", "f3", "f1"]);
  });
});

describe("error paths", () => {
  it("a rule's error is placed at that rule, whatever its position afterwards", () => {
    const draft = toDraft(DEMO);
    const place = placeOf("tariffs.electricity.rules[1].time.to", draft);
    expect(place).toMatchObject({ commodity: "electricity", plan: "consumption", field: "time.to" });
    expect(place?.item).toEqual({ kind: "rule", key: draft.contracts.electricity.consumption.rules[1]?.key, index: 1 });
  });

  it("a price's error is placed at its row; a feed-in tariff's in the feed-in plan", () => {
    const draft = toDraft(DEMO);
    const f1 = draft.contracts.electricity.consumption.tariffs[0];
    expect(placeOf("tariffs.electricity.tariffs.f1.prices[1].price", draft)).toMatchObject({
      plan: "consumption",
      item: { kind: "tariff", key: f1?.key },
      field: `prices.${f1?.prices[1]?.key}.price`,
    });
    expect(placeOf("tariffs.electricity.export.tariffs.feed_in.colour", draft)).toMatchObject({ plan: "export", field: "colour" });
  });

  it("the gas factor and the charges are placed at their fields; other paths are not", () => {
    const draft = toDraft(DEMO);
    expect(placeOf("tariffs.gas_kwh_per_m3", draft)).toMatchObject({ commodity: "gas", item: null, field: "gas_kwh_per_m3" });
    expect(placeOf("tariffs.electricity.standing_charge.amount", draft)).toMatchObject({ commodity: "electricity", plan: null, field: "standing_charge.amount" });
    expect(placeOf("site.currency", draft)).toBeNull();
  });

  it("the tariffs and rules with errors are opened to show them at their fields", () => {
    const draft = toDraft(DEMO);
    const { fields, open } = placeErrors(
      new Map([
        ["tariffs.electricity.tariffs.f1.colour", "not a colour"],
        ["tariffs.electricity.export.rules[0].days", "no day"],
      ]),
      draft,
    );
    const f1 = draft.contracts.electricity.consumption.tariffs[0]?.key;
    const feedInRule = draft.contracts.electricity.export.rules[0]?.key;
    expect(fields.get(`electricity/consumption/tariff${f1}:colour`)).toBe("not a colour");
    expect([...open]).toEqual([`electricity/consumption/tariff${f1}`, `electricity/export/rule${feedInRule}`]);
  });
});

describe("re-pricing", () => {
  it("the default period starts on the first day of the month", () => {
    expect(firstOfMonth("2026-11-21")).toBe("2026-11-01");
  });
});
