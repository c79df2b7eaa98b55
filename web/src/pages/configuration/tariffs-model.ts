// The bill of consumptions as the editor keeps it (seed 003 §7.15.3): the whole `[tariffs]`
// section as a draft, each tariff, price row and cost rule with a key of its own so that a rule
// moved up or down or a price row removed keeps its form and its errors; the section sent back
// in the API's form; new tariff ids made from names; the rules in words; and the API's error
// paths (`tariffs.electricity.rules[2].time`) turned into the draft's fields.
import type { Schemas } from "../../api/client";
import { idFromName, sameForm } from "./model";

export type TariffsView = Schemas["TariffsView"];
export type TariffsForm = Schemas["TariffsForm"];
type ContractForm = Schemas["ContractForm"];
type PlanForm = Schemas["PlanForm"];
type RuleForm = Schemas["CostRuleForm"];
type TariffForm = Schemas["PricedTariffForm"];

export const COMMODITIES = ["electricity", "gas", "water"] as const;
export type Commodity = (typeof COMMODITIES)[number];
/** What a plan prices: what is bought (consumption) or, for electricity, what is fed in (export). */
export type Plan = "consumption" | "export";
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The Okabe–Ito colours (told apart with every common colour-vision deficiency), the palette tariffs choose from. */
export const PALETTE = [
  { name: "blue", hex: "#0072b2" },
  { name: "orange", hex: "#e69f00" },
  { name: "bluish_green", hex: "#009e73" },
  { name: "reddish_purple", hex: "#cc79a7" },
  { name: "sky_blue", hex: "#56b4e9" },
  { name: "vermillion", hex: "#d55e00" },
  { name: "yellow", hex: "#f0e442" },
  { name: "black", hex: "#000000" },
] as const;

/** The palette's name of a colour (`vermillion`), or null for any other colour. */
export function paletteName(colour: string): string | null {
  return PALETTE.find((p) => p.hex === colour.toLowerCase())?.name ?? null;
}

/** Whether a colour is of the form the API accepts, `#rrggbb`. */
export function isColour(colour: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(colour);
}

export interface PriceRow {
  key: number;
  /** The first local date, `YYYY-MM-DD`; empty: from the beginning. */
  from: string;
  price: string;
}

export interface TariffDraft {
  key: number;
  id: string;
  /** Saved before: its id is fixed (costs are stored under it). */
  saved: boolean;
  name: string;
  colour: string;
  prices: PriceRow[];
}

export interface RuleDraft {
  key: number;
  tariff: string;
  valid: { from: string; to: string } | null;
  repeat: boolean;
  time: { from: string; to: string } | null;
  /** null: every day. */
  days: string[] | null;
}

export interface PlanDraft {
  tariffs: TariffDraft[];
  rules: RuleDraft[];
}

export interface ContractDraft {
  consumption: PlanDraft;
  /** The feed-in plan (electricity only). */
  export: PlanDraft;
  /** `per` empty: no standing charge. */
  standing: { per: "" | "day" | "month"; amount: string };
  /** The demand charge: its price per kW and month and the id of the grid connection's meter; both empty: none. */
  demand: DemandDraft;
}

export interface DemandDraft {
  /** Per kW and month, as typed. */
  price: string;
  /** The id of the device that measures the grid connection; empty: not chosen yet. */
  meter: string;
}

export interface Draft {
  /** kWh per m³ of gas; empty: not set. */
  factor: string;
  contracts: Record<Commodity, ContractDraft>;
}

let lastKey = 0;
/** A key no row of any draft has yet. */
export function newKey(): number {
  lastKey += 1;
  return lastKey;
}

function planDraft(plan: PlanForm | null | undefined): PlanDraft {
  return {
    tariffs: Object.entries(plan?.tariffs ?? {}).map(([id, t]) => ({
      key: newKey(),
      id,
      saved: true,
      name: t.name ?? "",
      colour: t.colour,
      prices: t.prices.map((p) => ({ key: newKey(), from: p.from ?? "", price: p.price })),
    })),
    rules: (plan?.rules ?? []).map((r) => ({
      key: newKey(),
      tariff: r.tariff,
      valid: r.valid ? { from: r.valid.from, to: r.valid.to ?? "" } : null,
      repeat: r.repeat_every_year ?? false,
      time: r.time ? { from: r.time.from, to: r.time.to } : null,
      days: r.days ? [...r.days] : null,
    })),
  };
}

function contractDraft(contract: ContractForm | null | undefined): ContractDraft {
  const standing = contract?.standing_charge;
  return {
    consumption: planDraft(contract),
    export: planDraft(contract?.export),
    standing: standing ? { per: standing.per === "month" ? "month" : "day", amount: standing.amount } : { per: "", amount: "" },
    demand: { price: contract?.demand_charge?.per_kw_month ?? "", meter: contract?.demand_charge?.meter ?? "" },
  };
}

/** The editor's draft of the section as the API answered it. */
export function toDraft(view: TariffsForm): Draft {
  return {
    factor: view.gas_kwh_per_m3 ?? "",
    contracts: {
      electricity: contractDraft(view.electricity),
      gas: contractDraft(view.gas),
      water: contractDraft(view.water),
    },
  };
}

function tariffForm(t: TariffDraft): TariffForm {
  const name = t.name.trim();
  return {
    ...(name ? { name } : {}),
    colour: t.colour.trim(),
    prices: t.prices.map((p) => ({ ...(p.from ? { from: p.from } : {}), price: decimal(p.price) })),
  };
}

function ruleForm(r: RuleDraft): RuleForm {
  return {
    tariff: r.tariff,
    ...(r.valid ? { valid: { from: r.valid.from, ...(r.valid.to ? { to: r.valid.to } : {}) } } : {}),
    ...(r.repeat ? { repeat_every_year: true } : {}),
    ...(r.time ? { time: { ...r.time } } : {}),
    ...(r.days ? { days: DAYS.filter((d) => r.days?.includes(d)) } : {}),
  };
}

function planForm(plan: PlanDraft): PlanForm {
  return {
    ...(plan.tariffs.length ? { tariffs: Object.fromEntries(plan.tariffs.map((t) => [t.id, tariffForm(t)])) } : {}),
    ...(plan.rules.length ? { rules: plan.rules.map(ruleForm) } : {}),
  };
}

/** Whether a plan has anything to send. */
export function hasPlan(plan: PlanDraft): boolean {
  return plan.tariffs.length > 0 || plan.rules.length > 0;
}

/** Whether a commodity has a contract: tariffs, rules or charges. */
export function hasContract(contract: ContractDraft): boolean {
  return hasPlan(contract.consumption) || hasPlan(contract.export) || contract.standing.per !== "" || hasDemandCharge(contract.demand);
}

/** Whether a demand charge is being given: a price or a meter (the other one is then required). */
export function hasDemandCharge(demand: DemandDraft): boolean {
  return demand.price.trim() !== "" || demand.meter !== "";
}

/**
 * The demand charge as the API takes it. A part left empty is left out, so that the API refuses
 * it at its own field as required (`tariffs.electricity.demand_charge.meter`) and the editor
 * shows it there.
 */
function demandForm(demand: DemandDraft): Schemas["DemandChargeForm"] {
  const price = decimal(demand.price);
  return { ...(price ? { per_kw_month: price } : {}), ...(demand.meter ? { meter: demand.meter } : {}) } as Schemas["DemandChargeForm"];
}

function contractForm(c: ContractDraft, commodity: Commodity): ContractForm | undefined {
  if (!hasContract(c)) return undefined;
  const electricity = commodity === "electricity";
  return {
    ...planForm(c.consumption),
    ...(c.standing.per ? { standing_charge: { per: c.standing.per, amount: decimal(c.standing.amount) } } : {}),
    ...(electricity && hasDemandCharge(c.demand) ? { demand_charge: demandForm(c.demand) } : {}),
    ...(electricity && hasPlan(c.export) ? { export: planForm(c.export) } : {}),
  };
}

/** The section to send (`PUT /tariffs`): a commodity without tariffs, rules or charges is left out (it has no contract). */
export function toForm(draft: Draft): TariffsForm {
  const form: TariffsForm = {};
  if (draft.factor.trim()) form.gas_kwh_per_m3 = decimal(draft.factor);
  for (const commodity of COMMODITIES) {
    const contract = contractForm(draft.contracts[commodity], commodity);
    if (contract) form[commodity] = contract;
  }
  return form;
}

/** Whether the draft sends something other than `saved` (as the API answered it). */
export function isChanged(draft: Draft, saved: TariffsForm): boolean {
  return !sameForm(toForm(draft), toForm(toDraft(saved)));
}

/**
 * A decimal as typed, as the API reads it: exact text, never a float; the spaces around it
 * dropped and a decimal comma made a point ("0,248" → "0.248").
 */
export function decimal(text: string): string {
  return text.trim().replace(",", ".");
}

/** A device as the meter picker lists it. */
export interface MeterChoice {
  id?: string;
  name?: string;
}

/**
 * The choices of a demand charge's meter: "choose" (none yet) first, then each device by its
 * name with its id ("Main incomer analyser (incomer)"); a meter that is not among `devices` (the
 * list could not be read) is kept as its id, so that the choice saved still shows.
 */
export function meterOptions(devices: readonly MeterChoice[], current: string, choose: string): { value: string; label: string }[] {
  const listed = devices.flatMap((d) => (d.id ? [{ value: d.id, label: d.name && d.name !== d.id ? `${d.name} (${d.id})` : d.id }] : []));
  const kept = current && !listed.some((o) => o.value === current) ? [{ value: current, label: current }] : [];
  return [{ value: "", label: choose }, ...listed, ...kept];
}

/** The plan `plan` of a contract. */
export function planOf(contract: ContractDraft, plan: Plan): PlanDraft {
  return plan === "export" ? contract.export : contract.consumption;
}

/** `contract` with plan `plan` replaced by `next`. */
export function withPlan(contract: ContractDraft, plan: Plan, next: PlanDraft): ContractDraft {
  return plan === "export" ? { ...contract, export: next } : { ...contract, consumption: next };
}

/** `list` with the item at `index` moved by `delta` places (−1 up, +1 down); the same list when it cannot move. */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** The ids of every tariff of a commodity (both plans) but the tariff `except`. */
function idsOf(contract: ContractDraft, except: number | null): string[] {
  return [...contract.consumption.tariffs, ...contract.export.tariffs].filter((t) => t.key !== except).map((t) => t.id);
}

/**
 * The id of a new tariff named `name`: lowercase letters, digits and `_`, starting with a letter
 * ("F1 – Peak" → "f1_peak"), unlike every other tariff of the commodity (a number added:
 * "f1_peak_2").
 */
export function tariffId(name: string, contract: ContractDraft, except: number | null = null): string {
  return idFromName(name, idsOf(contract, except), "tariff");
}

/** A new tariff of `plan`: the first palette colour the commodity does not use yet, one price from the beginning. */
export function newTariff(contract: ContractDraft): TariffDraft {
  const used = new Set([...contract.consumption.tariffs, ...contract.export.tariffs].map((t) => t.colour.toLowerCase()));
  const colour = PALETTE.find((p) => !used.has(p.hex))?.hex ?? PALETTE[0].hex;
  return { key: newKey(), id: tariffId("", contract), saved: false, name: "", colour, prices: [{ key: newKey(), from: "", price: "" }] };
}

/**
 * `contract` with tariff `key` of `plan` named `name`: a tariff not saved yet takes an id made
 * from the name, and the rules that chose it follow it to its new id; a saved tariff keeps its id.
 */
export function renameTariff(contract: ContractDraft, plan: Plan, key: number, name: string): ContractDraft {
  const current = planOf(contract, plan);
  const tariff = current.tariffs.find((t) => t.key === key);
  if (!tariff) return contract;
  const id = tariff.saved ? tariff.id : tariffId(name, contract, key);
  const next: PlanDraft = {
    tariffs: current.tariffs.map((t) => (t.key === key ? { ...t, name, id } : t)),
    rules: current.rules.map((r) => (r.tariff === tariff.id && id !== tariff.id ? { ...r, tariff: id } : r)),
  };
  return withPlan(contract, plan, next);
}

/** The positions (from 0) of the rules of `plan` that choose tariff `id`. */
export function rulesUsing(plan: PlanDraft, id: string): number[] {
  return plan.rules.flatMap((r, i) => (r.tariff === id ? [i] : []));
}

/** A new rule choosing `tariff`, every day, all day. */
export function newRule(tariff: string): RuleDraft {
  return { key: newKey(), tariff, valid: null, repeat: false, time: null, days: null };
}

/** The first day of the month of `date` (`YYYY-MM-DD`). */
export function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The prices of a tariff from the earliest: the undated one first, then by date. */
export function pricesInOrder(prices: readonly PriceRow[]): PriceRow[] {
  return [...prices].sort((a, b) => (a.from === b.from ? 0 : a.from < b.from ? -1 : 1));
}

// Rules in words

/** The words a rule is said with, in the language shown. */
export interface RuleWords {
  /** A rule without conditions. */
  always: string;
  /** A validity period: "{from} to {to}". */
  period: (from: string, to: string) => string;
  /** An open-ended validity: "from {from}". */
  since: (from: string) => string;
  /** A validity of one day: "on {date}". */
  on: (date: string) => string;
  /** A validity repeated every year: "{period} every year". */
  everyYear: (period: string) => string;
}

const dateFormat = (locale: string, year: boolean) =>
  new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", ...(year ? { year: "numeric" } : {}), timeZone: "UTC" });

/** A local date (`YYYY-MM-DD`) as the locale says it, with its year or without. */
export function sayDate(date: string, locale: string, year = true): string {
  const at = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? date : dateFormat(locale, year).format(at);
}

/** The short names of the days of the week in the locale, Monday first. */
export function dayNames(locale: string, width: "short" | "long" = "short"): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: "UTC" });
  // 2024-01-01 was a Monday.
  return DAYS.map((_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** Days of the week in words: runs of three or more as a range ("Mon–Fri"), others listed ("Sat, Sun"). */
export function sayDays(days: readonly string[], locale: string): string {
  const names = dayNames(locale);
  const chosen = DAYS.map((d) => days.includes(d));
  const parts: string[] = [];
  for (let i = 0; i < DAYS.length; ) {
    if (!chosen[i]) {
      i += 1;
      continue;
    }
    let end = i;
    while (end + 1 < DAYS.length && chosen[end + 1]) end += 1;
    if (end - i >= 2) parts.push(`${names[i]}–${names[end]}`);
    else for (let d = i; d <= end; d += 1) parts.push(names[d] ?? "");
    i = end + 1;
  }
  return parts.join(", ");
}

/** When a rule holds, in words: its validity, its days and its time frame ("Mon–Fri, 08:00–18:59"), or "always". */
export function ruleConditions(rule: RuleDraft, locale: string, words: RuleWords): string {
  const parts: string[] = [];
  if (rule.valid) {
    const year = !rule.repeat;
    const from = sayDate(rule.valid.from, locale, year);
    const to = rule.valid.to ? sayDate(rule.valid.to, locale, year) : "";
    const period = !to ? words.since(from) : rule.valid.to === rule.valid.from ? words.on(from) : words.period(from, to);
    parts.push(rule.repeat ? words.everyYear(period) : period);
  }
  if (rule.days && rule.days.length < DAYS.length) parts.push(sayDays(rule.days, locale));
  if (rule.time) parts.push(`${rule.time.from}–${rule.time.to}`);
  return parts.length ? parts.join(", ") : words.always;
}

/** A rule in words with its tariff's name: "F1 peak — Mon–Fri, 08:00–18:59". */
export function ruleSummary(rule: RuleDraft, tariffName: string, locale: string, words: RuleWords): string {
  return `${tariffName} — ${ruleConditions(rule, locale, words)}`;
}

// Errors

/** Where an API error path points in the draft. */
export interface Place {
  commodity: Commodity | null;
  plan: Plan | null;
  /** The tariff or rule it is in (null: the contract or the section). */
  item: { kind: "tariff"; key: number; index: number } | { kind: "rule"; key: number; index: number } | null;
  /** The field there, price rows named by their keys: `name`, `time.from`, `prices.17.price`, `standing_charge.amount`. */
  field: string;
}

/** The name of a field as the editor's controls know it: the tariff or rule it belongs to, then the field. */
export function fieldName(commodity: Commodity | null, plan: Plan | null, item: Place["item"], field: string): string {
  const scope = [commodity ?? "", plan ?? "", item ? `${item.kind}${item.key}` : ""].join("/");
  return `${scope}:${field}`;
}

/** The name of the tariff or rule a field belongs to, for opening its form. */
export function itemName(commodity: Commodity, plan: Plan, kind: "tariff" | "rule", key: number): string {
  return `${commodity}/${plan}/${kind}${key}`;
}

/**
 * Where an error path of `PUT /tariffs` points in `draft` (the draft sent): commodity, plan,
 * tariff or rule, and the field; null for a path outside the section.
 */
export function placeOf(path: string, draft: Draft): Place | null {
  const rest = path.replace(/^tariffs\.?/, "");
  if (rest === path) return null;
  if (rest === "gas_kwh_per_m3") return { commodity: "gas", plan: null, item: null, field: "gas_kwh_per_m3" };
  const head = /^(electricity|gas|water)(?:\.(.*))?$/.exec(rest);
  if (!head) return { commodity: null, plan: null, item: null, field: rest };
  const commodity = head[1] as Commodity;
  let inner = head[2] ?? "";
  let plan: Plan = "consumption";
  if (inner === "export" || inner.startsWith("export.")) {
    plan = "export";
    inner = inner.slice("export.".length);
    if (inner === "") return { commodity, plan: null, item: null, field: "export" };
  }
  const current = planOf(draft.contracts[commodity], plan);
  const tariff = /^tariffs\.([^.[]+)(?:\.(.*))?$/.exec(inner);
  if (tariff) {
    const index = current.tariffs.findIndex((t) => t.id === tariff[1]);
    const found = current.tariffs[index];
    if (!found) return { commodity, plan, item: null, field: inner };
    let field = tariff[2] ?? "";
    const price = /^prices\[(\d+)\](?:\.(.*))?$/.exec(field);
    if (price) {
      const row = found.prices[Number(price[1])];
      field = row ? `prices.${row.key}${price[2] ? `.${price[2]}` : ""}` : "prices";
    }
    return { commodity, plan, item: { kind: "tariff", key: found.key, index }, field };
  }
  const rule = /^rules\[(\d+)\](?:\.(.*))?$/.exec(inner);
  if (rule) {
    const index = Number(rule[1]);
    const found = current.rules[index];
    if (!found) return { commodity, plan, item: null, field: "rules" };
    return { commodity, plan, item: { kind: "rule", key: found.key, index }, field: rule[2] ?? "" };
  }
  return { commodity, plan: inner.startsWith("tariffs") || inner.startsWith("rules") ? plan : null, item: null, field: inner };
}

/** The refusals of a save by the draft's field names, and the tariffs and rules to open to show them. */
export function placeErrors(errors: ReadonlyMap<string, string>, draft: Draft): { fields: Map<string, string>; open: Set<string> } {
  const fields = new Map<string, string>();
  const open = new Set<string>();
  for (const [path, message] of errors) {
    const place = placeOf(path, draft);
    if (!place) continue;
    fields.set(fieldName(place.commodity, place.plan, place.item, place.field), message);
    if (place.item && place.commodity && place.plan) open.add(itemName(place.commodity, place.plan, place.item.kind, place.item.key));
  }
  return { fields, open };
}
