// The bill of consumptions (seed 003 §7.15.3): per commodity (electricity, gas, water) the
// tariffs with their colours and dated prices, the ordered cost rules (moved up and down, the
// rule in force marked and the rules above it said why they do not hold), the feed-in plan, the
// standing and demand charges and the gas conversion factor. The whole section is one draft,
// saved whole with the tag it was read with; past costs are priced again only on request.
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, api, call, callWithTag, type Schemas, type Tagged } from "../../api/client";
import { Dialog } from "../../components/dialog";
import { EmptyState } from "../../components/empty";
import { CheckField, Field, SelectField, TextField } from "../../components/field";
import { ErrorNotice, fieldErrors } from "../../components/problem";
import { Loading, submitWith, useAction, useData } from "../../components/server";
import { formatDateTime, today } from "../../format/time";
import { locale, t } from "../../i18n";
import { askBeforeLeaving, here, withQuery } from "../../router";
import { timeZone } from "../../session";
import { ReloadButton, isChanged as isEntityChanged } from "./entity";
import { sameForm } from "./model";
import {
  COMMODITIES,
  DAYS,
  PALETTE,
  dayNames,
  firstOfMonth,
  hasDemandCharge,
  hasPlan,
  isChanged,
  isColour,
  move,
  newRule,
  newTariff,
  paletteName,
  placeErrors,
  placeOf,
  planOf,
  pricesInOrder,
  renameTariff,
  ruleConditions,
  rulesUsing,
  sayDate,
  toDraft,
  toForm,
  withPlan,
  fieldName,
  itemName,
  meterOptions,
  newKey,
  type Commodity,
  type ContractDraft,
  type Draft,
  type MeterChoice,
  type Plan,
  type RuleDraft,
  type RuleWords,
  type TariffDraft,
  type TariffsView,
} from "./tariffs-model";

type Explanation = Schemas["TariffExplanation"];

/** The section as it is now, with its tag. */
function readTariffs(): Promise<Tagged<TariffsView>> {
  return callWithTag(api.GET("/api/v1/tariffs"));
}

/** Which rule of a plan applies at `at` (a local time; now when empty); null when the plan has no rules. */
async function explain(commodity: Commodity, plan: Plan, at: string): Promise<Explanation | null> {
  const query = { commodity, ...(plan === "export" ? { export: true } : {}), ...(at ? { at } : {}) };
  try {
    return await call(api.GET("/api/v1/tariffs/explain", { params: { query } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function commodityAt(query: URLSearchParams): Commodity {
  const asked = query.get("commodity");
  return COMMODITIES.find((c) => c === asked) ?? "electricity";
}

const ruleWords = (): RuleWords => ({
  always: t("tariffs-rule-always"),
  period: (from, to) => t("tariffs-rule-period", { from, to }),
  since: (from) => t("tariffs-rule-since", { from }),
  on: (date) => t("tariffs-rule-on", { date }),
  everyYear: (period) => t("tariffs-rule-every-year", { period }),
});

/** The unit prices are per: kWh of electricity, m³ of gas and water. */
const unitOf = (commodity: Commodity) => (commodity === "electricity" ? "kWh" : "m³");

/** A price or an amount in the currency, as the locale writes it; the text as typed when it is not a number. */
function money(amount: string, currency: string): string {
  const value = Number(amount.trim().replace(",", "."));
  if (amount.trim() === "" || !Number.isFinite(value)) return amount;
  try {
    return new Intl.NumberFormat(locale.value, { style: "currency", currency, maximumFractionDigits: 6 }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A colour in words for whom colours look alike: the palette's name and its code. */
function colourText(colour: string): string {
  const name = paletteName(colour);
  return name ? `${t(`tariffs-colour-${name}`)} (${colour.toLowerCase()})` : colour;
}

/** A square of the tariff's colour (an SVG fill, which the page's CSP allows), with its outline. */
function Swatch({ colour }: { colour: string }) {
  return (
    <svg class="tariffs-swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <rect x="0.5" y="0.5" width="15" height="15" rx="3" fill={isColour(colour) ? colour : "none"} />
    </svg>
  );
}

/** What the editor's parts share: the draft, its errors, which tariffs and rules are open. */
interface Editing {
  commodity: Commodity;
  currency: string;
  contract: ContractDraft;
  setContract: (next: ContractDraft) => void;
  /** The error of a field (by `fieldName`) the last save refused. */
  error: (name: string) => string | undefined;
  isOpen: (name: string) => boolean;
  toggle: (name: string, open?: boolean) => void;
  /** Says something to screen readers (a rule moved). */
  announce: (text: string) => void;
  /** Whether the saved rules of a plan are those of the draft (the rule in force can be shown). */
  rulesSaved: (plan: Plan) => boolean;
  /** The version of the section read (a new one after each save), for reading explanations again. */
  tag: string;
}

export function TariffsPage() {
  const { data, error } = useData(readTariffs, []);
  return (
    <>
      <p>{t("tariffs-intro")}</p>
      <Loading data={data} error={error}>
        {(got) => <Editor got={got} />}
      </Loading>
    </>
  );
}

function Editor({ got }: { got: Tagged<TariffsView> }) {
  const commodity = commodityAt(here.value.query);
  const [base, setBase] = useState(got);
  const [draft, setDraft] = useState<Draft>(() => toDraft(got.data));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [sentDraft, setSentDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const [said, setSaid] = useState("");
  const [repricing, setRepricing] = useState(false);
  const savedForm = useMemo(() => toForm(toDraft(base.data)), [base]);
  const dirty = isChanged(draft, base.data);
  useLeaveWarning(dirty);

  const show = (read: Tagged<TariffsView>) => {
    setBase(read);
    setDraft(toDraft(read.data));
    setOpen(new Set());
    setErrors(new Map());
  };
  const save = useAction(async () => {
    setSaved(false);
    setErrors(new Map());
    setSentDraft(draft);
    const body = toForm(draft);
    const answer = await callWithTag(api.PUT("/api/v1/tariffs", { body, params: { header: base.tag ? { "If-Match": base.tag } : {} } }));
    show(answer);
    setSaved(true);
  });
  useEffect(() => {
    // A refusal names the fields by their paths in the draft sent: shown there, their tariffs and rules opened.
    if (!save.error || !sentDraft) return;
    const placed = placeErrors(fieldErrors(save.error), sentDraft);
    setErrors(placed.fields);
    setOpen((current) => new Set([...current, ...placed.open]));
  }, [save.error]);
  const reread = useAction(async () => {
    show(await readTariffs());
    save.clear();
    setSaved(false);
  });
  const discard = () => {
    show(base);
    save.clear();
  };

  const setContract = (c: Commodity) => (next: ContractDraft) => {
    setDraft((d) => ({ ...d, contracts: { ...d.contracts, [c]: next } }));
    setSaved(false);
  };
  const rulesOf = (form: typeof savedForm, plan: Plan) => {
    const contract = form[commodity];
    return plan === "export" ? contract?.export?.rules : contract?.rules;
  };
  const draftForm = toForm(draft);
  const editing: Editing = {
    commodity,
    currency: base.data.currency ?? "EUR",
    contract: draft.contracts[commodity],
    setContract: setContract(commodity),
    error: (name) => errors.get(name),
    isOpen: (name) => open.has(name),
    toggle: (name, force) =>
      setOpen((current) => {
        const next = new Set(current);
        if (force ?? !next.has(name)) next.add(name);
        else next.delete(name);
        return next;
      }),
    announce: setSaid,
    rulesSaved: (plan) => sameForm(rulesOf(draftForm, plan) ?? [], rulesOf(savedForm, plan) ?? []),
    tag: base.tag ?? "",
  };
  const withErrors = new Set([...errors.keys()].map((name) => name.split("/")[0] ?? ""));
  const contract = draft.contracts[commodity];
  const empty = !hasPlan(contract.consumption);

  return (
    <div class="tariffs">
      <CommodityTabs current={commodity} withErrors={withErrors} />
      <p class="tariffs-currency">
        {t("tariffs-currency", { currency: editing.currency, name: currencyName(editing.currency) })}{" "}
        <a href="/configuration/settings">{t("tariffs-currency-change")}</a>
      </p>
      {commodity === "gas" && (
        <TextField
          label={t("tariffs-gas-factor")}
          help={t("tariffs-gas-factor-help")}
          inputMode="decimal"
          value={draft.factor}
          error={errors.get(fieldName("gas", null, null, "gas_kwh_per_m3"))}
          onValue={(factor) => {
            setDraft((d) => ({ ...d, factor }));
            setSaved(false);
          }}
        />
      )}
      {empty ? (
        <EmptyContract editing={editing} />
      ) : (
        <PlanEditor editing={editing} plan="consumption" />
      )}
      {commodity === "electricity" && <FeedIn editing={editing} />}
      <Charges editing={editing} />
      <section class="card" aria-labelledby="tariffs-past">
        <h2 id="tariffs-past">{t("tariffs-past")}</h2>
        <p>{t("tariffs-past-text")}</p>
        <button type="button" onClick={() => setRepricing(true)}>
          {t("tariffs-reprice")}
        </button>
      </section>
      <p class="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      <div id="tariffs-errors">
        <ErrorNotice error={save.error} labels={errorLabels(save.error, sentDraft)}>
          {isEntityChanged(save.error) && <ReloadButton reload={reread} />}
        </ErrorNotice>
        <ErrorNotice error={reread.error} />
      </div>
      {saved && (
        <div class="notice success" role="status">
          <strong>{t("configuration-saved")}</strong>
          <p>{t("tariffs-saved-text")}</p>
          <p>
            <button type="button" onClick={() => setRepricing(true)}>
              {t("tariffs-reprice")}
            </button>
          </p>
        </div>
      )}
      <div class={dirty ? "tariffs-savebar dirty" : "tariffs-savebar"}>
        <span class="tariffs-savebar-state">
          {dirty ? t("tariffs-unsaved") : t("tariffs-all-saved")}
          {save.error != null && (
            <>
              {" "}
              <button type="button" class="link-button" onClick={() => document.getElementById("tariffs-errors")?.scrollIntoView({ block: "center" })}>
                {t("tariffs-not-saved")}
              </button>
            </>
          )}
        </span>
        <div class="actions">
          <button type="button" class="primary" disabled={!dirty || save.busy} onClick={() => void save.run()}>
            {t("app-save")}
          </button>
          <button type="button" disabled={!dirty || save.busy} onClick={discard}>
            {t("tariffs-discard")}
          </button>
        </div>
      </div>
      <RepriceDialog open={repricing} onClose={() => setRepricing(false)} />
    </div>
  );
}

function currencyName(code: string): string {
  try {
    return new Intl.DisplayNames([locale.value], { type: "currency" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Asks before the page is left with unsaved changes: closing or reloading the tab (the browser's
 * own question), following a link to another page, or going Back or Forward (a question of the
 * page).
 */
function useLeaveWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const unload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    addEventListener("beforeunload", unload);
    askBeforeLeaving(() => confirm(t("tariffs-leave")));
    return () => {
      removeEventListener("beforeunload", unload);
      askBeforeLeaving(null);
    };
  }, [dirty]);
}

function CommodityTabs({ current, withErrors }: { current: Commodity; withErrors: ReadonlySet<string> }) {
  return (
    <nav class="tariffs-tabs" aria-label={t("tariffs-commodities")}>
      <ul>
        {COMMODITIES.map((c) => (
          <li>
            <a href={withQuery({ commodity: c === "electricity" ? null : c })} aria-current={c === current ? "page" : undefined}>
              {t(`tariffs-commodity-${c}`)}
              {withErrors.has(c) && (
                <span class="tariffs-tab-error">
                  <span aria-hidden="true"> !</span>
                  <span class="visually-hidden"> {t("tariffs-has-errors")}</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A commodity without tariffs: without rules no costs are computed; the first tariff is one click away. */
function EmptyContract({ editing }: { editing: Editing }) {
  const name = t(`tariffs-commodity-${editing.commodity}`);
  return (
    <section class="card" aria-labelledby="tariffs-tariffs">
      <h2 id="tariffs-tariffs">{t("tariffs-tariffs")}</h2>
      <EmptyState title={t("tariffs-empty-title", { commodity: name })}>
        <p>{t("tariffs-empty-text", { commodity: name })}</p>
        <AddTariffButton editing={editing} plan="consumption" />
      </EmptyState>
    </section>
  );
}

function AddTariffButton({ editing, plan }: { editing: Editing; plan: Plan }) {
  const { contract, commodity } = editing;
  return (
    <button
      type="button"
      class="primary"
      onClick={() => {
        const tariff = newTariff(contract);
        const current = planOf(contract, plan);
        editing.setContract(withPlan(contract, plan, { ...current, tariffs: [...current.tariffs, tariff] }));
        editing.toggle(itemName(commodity, plan, "tariff", tariff.key), true);
      }}
    >
      {t("tariffs-add-tariff")}
    </button>
  );
}

/** A plan's tariffs and rules: the consumption plan, or the feed-in plan of electricity. */
function PlanEditor({ editing, plan }: { editing: Editing; plan: Plan }) {
  const current = planOf(editing.contract, plan);
  const Heading = plan === "export" ? "h3" : "h2";
  const ids = { tariffs: `tariffs-${plan}-tariffs`, rules: `tariffs-${plan}-rules` };
  return (
    <>
      <section class={plan === "export" ? "tariffs-part" : "card"} aria-labelledby={ids.tariffs}>
        <Heading id={ids.tariffs}>{t(plan === "export" ? "tariffs-feed-in-tariffs" : "tariffs-tariffs")}</Heading>
        <p class="help-line">{t("tariffs-tariffs-help", { unit: unitOf(editing.commodity), currency: editing.currency })}</p>
        {current.tariffs.length > 0 ? (
          <ul class="tariffs-list">
            {current.tariffs.map((tariff) => (
              <TariffItem key={tariff.key} editing={editing} plan={plan} tariff={tariff} />
            ))}
          </ul>
        ) : (
          <EmptyState title={t("tariffs-no-tariffs")}>
            <p>{t("tariffs-no-tariffs-text")}</p>
          </EmptyState>
        )}
        <div class="actions">
          <AddTariffButton editing={editing} plan={plan} />
        </div>
      </section>
      <RulesSection editing={editing} plan={plan} headingId={ids.rules} Heading={Heading} />
    </>
  );
}

function FeedIn({ editing }: { editing: Editing }) {
  return (
    <section class="card" aria-labelledby="tariffs-feed-in">
      <h2 id="tariffs-feed-in">{t("tariffs-feed-in")}</h2>
      <p>{t("tariffs-feed-in-text")}</p>
      <PlanEditor editing={editing} plan="export" />
    </section>
  );
}

// Tariffs

function TariffItem({ editing, plan, tariff }: { editing: Editing; plan: Plan; tariff: TariffDraft }) {
  const { commodity, contract, currency } = editing;
  const name = itemName(commodity, plan, "tariff", tariff.key);
  const open = editing.isOpen(name);
  const current = planOf(contract, plan);
  const used = rulesUsing(current, tariff.id);
  const usedId = `${name}-used`;
  const title = tariff.name.trim() || tariff.id;
  const remove = () => {
    editing.setContract(withPlan(contract, plan, { ...current, tariffs: current.tariffs.filter((x) => x.key !== tariff.key) }));
    editing.announce(t("tariffs-tariff-deleted", { name: title }));
  };
  return (
    <li class="tariffs-tariff">
      <div class="tariffs-item-head">
        <Swatch colour={tariff.colour} />
        <span class="tariffs-item-name">{title}</span>
        <span class="tariffs-colour-text">{colourText(tariff.colour)}</span>
        {!tariff.saved && <span class="tariffs-new">{t("tariffs-new")}</span>}
      </div>
      <ul class="tariffs-prices">
        {pricesInOrder(tariff.prices).map((p) => (
          <li>
            {t("tariffs-price-per", { price: money(p.price, currency), unit: unitOf(commodity) })}{" "}
            <span class="tariffs-since">{p.from ? t("tariffs-price-from", { date: sayDate(p.from, locale.value) }) : t("tariffs-price-always")}</span>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" aria-expanded={open} onClick={() => editing.toggle(name)}>
          {open ? t("tariffs-close-form", { name: title }) : t("tariffs-edit-tariff", { name: title })}
        </button>
        <button type="button" class="danger" disabled={used.length > 0} aria-describedby={used.length ? usedId : undefined} onClick={remove}>
          {t("tariffs-delete-tariff", { name: title })}
        </button>
      </div>
      {used.length > 0 && (
        <p id={usedId} class="help-line">
          {t("tariffs-tariff-used", { count: used.length, rules: new Intl.ListFormat(locale.value).format(used.map((i) => String(i + 1))) })}
        </p>
      )}
      {open && <TariffForm editing={editing} plan={plan} tariff={tariff} />}
    </li>
  );
}

function TariffForm({ editing, plan, tariff }: { editing: Editing; plan: Plan; tariff: TariffDraft }) {
  const { commodity, contract, currency } = editing;
  const ref = useFocusOnOpen(!tariff.saved);
  const current = planOf(contract, plan);
  const err = (field: string) => editing.error(fieldName(commodity, plan, { kind: "tariff", key: tariff.key, index: 0 }, field));
  const change = (next: Partial<TariffDraft>) =>
    editing.setContract(withPlan(contract, plan, { ...current, tariffs: current.tariffs.map((x) => (x.key === tariff.key ? { ...x, ...next } : x)) }));
  const setPrices = (prices: TariffDraft["prices"]) => change({ prices });
  const title = tariff.name.trim() || tariff.id;
  return (
    <div class="tariffs-form" ref={ref} role="group" aria-label={t("tariffs-tariff-form", { name: title })}>
      <TextField
        label={t("tariffs-name")}
        value={tariff.name}
        required
        error={err("name")}
        onValue={(name) => editing.setContract(renameTariff(contract, plan, tariff.key, name))}
      />
      <p class="help-line">
        {t("tariffs-id", { id: tariff.id })} {t(tariff.saved ? "tariffs-id-fixed" : "tariffs-id-new")}
      </p>
      {err("") && <p class="field-error">{err("")}</p>}
      <fieldset class="tariffs-colours">
        <legend>{t("tariffs-colour")}</legend>
        <div class="tariffs-palette">
          {PALETTE.map((p) => (
            <label class="tariffs-palette-choice">
              <input type="radio" name={`colour-${tariff.key}`} checked={tariff.colour.toLowerCase() === p.hex} onChange={() => change({ colour: p.hex })} />
              <Swatch colour={p.hex} />
              {t(`tariffs-colour-${p.name}`)}
            </label>
          ))}
        </div>
        <div class="field-row">
          <TextField
            label={t("tariffs-colour-code")}
            help={t("tariffs-colour-code-help")}
            value={tariff.colour}
            spellcheck={false}
            maxLength={7}
            error={err("colour")}
            onValue={(colour) => change({ colour: colour.trim() })}
          />
          <div class="field tariffs-picker">
            <label for={`picker-${tariff.key}`}>{t("tariffs-colour-pick")}</label>
            <input id={`picker-${tariff.key}`} type="color" value={isColour(tariff.colour) ? tariff.colour : "#000000"} onInput={(e) => change({ colour: e.currentTarget.value })} />
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("tariffs-prices", { unit: unitOf(commodity), currency })}</legend>
        <p class="help-line">{t("tariffs-prices-help")}</p>
        {err("prices") && <p class="field-error">{err("prices")}</p>}
        {tariff.prices.map((p, i) => (
          <div class="tariffs-price-row" role="group" aria-label={t("tariffs-price-n", { n: i + 1 })}>
            <TextField
              label={t("tariffs-price-valid-from")}
              type="date"
              help={t("tariffs-price-valid-from-help")}
              value={p.from}
              error={err(`prices.${p.key}.from`)}
              onValue={(from) => setPrices(tariff.prices.map((x) => (x.key === p.key ? { ...x, from } : x)))}
            />
            <TextField
              label={t("tariffs-price", { unit: unitOf(commodity), currency })}
              inputMode="decimal"
              required
              value={p.price}
              error={err(`prices.${p.key}.price`) ?? err(`prices.${p.key}`)}
              onValue={(price) => setPrices(tariff.prices.map((x) => (x.key === p.key ? { ...x, price } : x)))}
            />
            <button type="button" class="danger" disabled={tariff.prices.length < 2} onClick={() => setPrices(tariff.prices.filter((x) => x.key !== p.key))}>
              {t("tariffs-remove-price", { n: i + 1 })}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setPrices([...tariff.prices, { key: newKey(), from: "", price: "" }])}>
          {t("tariffs-add-price")}
        </button>
      </fieldset>
    </div>
  );
}

/** A form that takes the focus when it opens for something new (its first field). */
function useFocusOnOpen(focus: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.querySelector<HTMLElement>("input, select")?.focus();
  }, []);
  return ref;
}

// Rules

interface RulesProps {
  editing: Editing;
  plan: Plan;
  headingId: string;
  Heading: "h2" | "h3";
}

function RulesSection({ editing, plan, headingId, Heading }: RulesProps) {
  const { commodity, contract } = editing;
  const current = planOf(contract, plan);
  const [at, setAt] = useState("");
  const [typed, setTyped] = useState("");
  const saved = editing.rulesSaved(plan);
  const explained = useData(() => explain(commodity, plan, at), [commodity, plan, at, editing.tag]);
  const explanation = saved ? explained.data : null;
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  useEffect(() => {
    if (!focusAfter) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(null);
  }, [focusAfter]);
  const names = (id: string) => current.tariffs.find((x) => x.id === id);
  const words = ruleWords();

  const moveRule = (index: number, delta: number) => {
    const rule = current.rules[index];
    if (!rule) return;
    const rules = move(current.rules, index, delta);
    editing.setContract(withPlan(contract, plan, { ...current, rules }));
    const position = index + delta + 1;
    const direction = delta < 0 ? "up" : "down";
    const stays = delta < 0 ? position > 1 : position < rules.length;
    setFocusAfter(`rule-${rule.key}-${stays ? direction : delta < 0 ? "down" : "up"}`);
    editing.announce(t("tariffs-rule-moved", { name: names(rule.tariff)?.name || rule.tariff, position, count: rules.length }));
  };
  const addRule = () => {
    const rule = newRule(current.tariffs[0]?.id ?? "");
    editing.setContract(withPlan(contract, plan, { ...current, rules: [...current.rules, rule] }));
    editing.toggle(itemName(commodity, plan, "rule", rule.key), true);
  };

  return (
    <section class={plan === "export" ? "tariffs-part" : "card"} aria-labelledby={headingId}>
      <Heading id={headingId}>{t(plan === "export" ? "tariffs-feed-in-rules" : "tariffs-rules")}</Heading>
      <p class="help-line">{t("tariffs-rules-help")}</p>
      {current.rules.length > 0 && (
        <>
          <form
            class="tariffs-check"
            onSubmit={(e) => {
              e.preventDefault();
              setAt(typed);
            }}
          >
            <TimeField label={t("tariffs-check-at", { zone: timeZone.value })} type="datetime-local" value={typed} onValue={setTyped} />
            <div class="actions">
              <button type="submit" disabled={!typed}>
                {t("tariffs-check")}
              </button>
              {at && (
                <button
                  type="button"
                  onClick={() => {
                    setAt("");
                    setTyped("");
                  }}
                >
                  {t("tariffs-check-now")}
                </button>
              )}
            </div>
          </form>
          <ExplainLine saved={saved} explanation={explanation} error={explained.error} at={at} currency={editing.currency} />
        </>
      )}
      {current.rules.length > 0 ? (
        <ol class="tariffs-rules">
          {current.rules.map((rule, index) => (
            <RuleItem
              key={rule.key}
              editing={editing}
              plan={plan}
              rule={rule}
              index={index}
              count={current.rules.length}
              tariff={names(rule.tariff)}
              words={words}
              explanation={explanation ?? null}
              at={at}
              onMove={(delta) => moveRule(index, delta)}
            />
          ))}
        </ol>
      ) : (
        <EmptyState title={t("tariffs-no-rules")}>
          <p>{t("tariffs-no-rules-text", { commodity: t(`tariffs-commodity-${commodity}`) })}</p>
        </EmptyState>
      )}
      <div class="actions">
        <button type="button" disabled={current.tariffs.length === 0} onClick={addRule}>
          {t("tariffs-add-rule")}
        </button>
      </div>
    </section>
  );
}

/** Which rule applies (now or at the time asked), or why it cannot be said. */
interface ExplainProps {
  saved: boolean;
  explanation: Explanation | null | undefined;
  error: unknown;
  at: string;
  currency: string;
}

function ExplainLine({ saved, explanation, error, at, currency }: ExplainProps) {
  if (!saved) return <p class="notice">{t("tariffs-explain-unsaved")}</p>;
  if (error) return <ErrorNotice error={error} />;
  if (!explanation) return null;
  const when = formatDateTime(explanation.at, locale.value, timeZone.value);
  if (explanation.rule == null) return <p class="notice warning">{t("tariffs-explain-none", { time: when })}</p>;
  return (
    <p class="tariffs-explain">
      {t(at ? "tariffs-explain-at" : "tariffs-explain-now", {
        time: when,
        rule: explanation.rule + 1,
        price: explanation.price ? money(explanation.price, currency) : "—",
        unit: explanation.price_unit,
      })}
    </p>
  );
}

interface RuleProps {
  editing: Editing;
  plan: Plan;
  rule: RuleDraft;
  index: number;
  count: number;
  tariff: TariffDraft | undefined;
  words: RuleWords;
  explanation: Explanation | null;
  at: string;
  onMove: (delta: number) => void;
}

function RuleItem({ editing, plan, rule, index, count, tariff, words, explanation, at, onMove }: RuleProps) {
  const { commodity, contract } = editing;
  const name = itemName(commodity, plan, "rule", rule.key);
  const open = editing.isOpen(name);
  const textId = `rule-${rule.key}-text`;
  const applies = explanation?.rule === index;
  const skipped = explanation?.skipped.find((s) => s.rule === index);
  const current = planOf(contract, plan);
  const tariffName = tariff ? tariff.name.trim() || tariff.id : rule.tariff;
  const remove = () => {
    editing.setContract(withPlan(contract, plan, { ...current, rules: current.rules.filter((r) => r.key !== rule.key) }));
    editing.announce(t("tariffs-rule-deleted", { position: index + 1 }));
  };
  return (
    <li class={applies ? "tariffs-rule applies" : "tariffs-rule"}>
      <div class="tariffs-item-head">
        <span class="tariffs-rule-number" aria-hidden="true">
          {index + 1}
        </span>
        {tariff && <Swatch colour={tariff.colour} />}
        <span id={textId} class="tariffs-rule-text">
          <span class="visually-hidden">{t("tariffs-rule-n", { n: index + 1 })}: </span>
          <strong>{tariffName}</strong> — {ruleConditions(rule, locale.value, words)}
        </span>
        {applies && <span class="tariffs-applies">{t(at ? "tariffs-applies-then" : "tariffs-applies-now")}</span>}
      </div>
      {skipped && (
        <p class="tariffs-skipped">
          {t("tariffs-skipped", { reasons: new Intl.ListFormat(locale.value, { type: "conjunction" }).format(skipped.causes.map(causeText)) })}
        </p>
      )}
      <div class="actions tariffs-rule-actions">
        <button type="button" id={`rule-${rule.key}-up`} disabled={index === 0} aria-describedby={textId} onClick={() => onMove(-1)}>
          {t("tariffs-move-up")}
        </button>
        <button type="button" id={`rule-${rule.key}-down`} disabled={index === count - 1} aria-describedby={textId} onClick={() => onMove(1)}>
          {t("tariffs-move-down")}
        </button>
        <button type="button" aria-expanded={open} aria-describedby={textId} onClick={() => editing.toggle(name)}>
          {open ? t("app-close") : t("app-edit")}
        </button>
        <button type="button" class="danger" aria-describedby={textId} onClick={remove}>
          {t("app-delete")}
        </button>
      </div>
      {open && <RuleForm editing={editing} plan={plan} rule={rule} index={index} />}
    </li>
  );
}

function causeText(cause: Schemas["SkipCause"]): string {
  switch (cause.kind) {
    case "outside_validity":
      return t("tariffs-cause-outside_validity");
    case "outside_time_frame":
      return t("tariffs-cause-outside_time_frame");
    case "weekday_not_chosen": {
      const day = dayNames(locale.value, "long")[DAYS.indexOf(cause.day as (typeof DAYS)[number])] ?? cause.day;
      return t("tariffs-cause-weekday_not_chosen", { day });
    }
  }
}

interface TimeProps {
  label: string;
  type: "time" | "datetime-local";
  value: string;
  onValue: (value: string) => void;
  required?: boolean;
  error?: string | undefined;
}

/** A labelled time of day, or a local date and time. */
function TimeField({ label, type, value, onValue, required = false, error }: TimeProps) {
  return (
    <Field label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={type}
          value={value}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

interface ChoiceProps<T extends string> {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onValue: (value: T) => void;
  children?: ComponentChildren;
  error?: string | undefined;
}

/** A choice among a few options as radio buttons, what goes with it below. */
function Choice<T extends string>({ legend, name, value, options, onValue, children, error }: ChoiceProps<T>) {
  return (
    <fieldset class="tariffs-choice">
      <legend>{legend}</legend>
      <div class="tariffs-options">
        {options.map((o) => (
          <label>
            <input type="radio" name={name} checked={value === o.value} onChange={() => onValue(o.value)} /> {o.label}
          </label>
        ))}
      </div>
      {children}
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

function RuleForm({ editing, plan, rule, index }: { editing: Editing; plan: Plan; rule: RuleDraft; index: number }) {
  const { commodity, contract } = editing;
  const current = planOf(contract, plan);
  const ref = useFocusOnOpen(false);
  const err = (field: string) => editing.error(fieldName(commodity, plan, { kind: "rule", key: rule.key, index }, field));
  const change = (next: Partial<RuleDraft>) =>
    editing.setContract(withPlan(contract, plan, { ...current, rules: current.rules.map((r) => (r.key === rule.key ? { ...r, ...next } : r)) }));
  const days = rule.days ?? [...DAYS];
  const long = dayNames(locale.value, "long");
  const known = current.tariffs.some((x) => x.id === rule.tariff);
  return (
    <div class="tariffs-form" ref={ref} role="group" aria-label={t("tariffs-rule-form", { n: index + 1 })}>
      <SelectField
        label={t("tariffs-rule-tariff")}
        value={rule.tariff}
        error={err("tariff")}
        options={[
          ...(known ? [] : [{ value: rule.tariff, label: rule.tariff || t("tariffs-choose-tariff") }]),
          ...current.tariffs.map((x) => ({ value: x.id, label: x.name.trim() || x.id })),
        ]}
        onValue={(tariff) => change({ tariff })}
      />
      <Choice
        legend={t("tariffs-validity")}
        name={`valid-${rule.key}`}
        value={rule.valid ? "period" : "always"}
        options={[
          { value: "always", label: t("tariffs-validity-always") },
          { value: "period", label: t("tariffs-validity-period") },
        ]}
        onValue={(v) => change(v === "period" ? { valid: { from: "", to: "" } } : { valid: null, repeat: false })}
        error={err("valid") ?? err("repeat_every_year")}
      >
        {rule.valid && (
          <>
            <div class="field-row">
              <TextField
                label={t("tariffs-validity-from")}
                type="date"
                required
                value={rule.valid.from}
                error={err("valid.from")}
                onValue={(from) => change({ valid: { from, to: rule.valid?.to ?? "" } })}
              />
              <TextField
                label={t("tariffs-validity-to")}
                type="date"
                help={t("tariffs-validity-to-help")}
                value={rule.valid.to}
                error={err("valid.to")}
                onValue={(to) => change({ valid: { from: rule.valid?.from ?? "", to } })}
              />
            </div>
            <CheckField label={t("tariffs-repeat")} help={t("tariffs-repeat-help")} checked={rule.repeat} onChecked={(repeat) => change({ repeat })} />
          </>
        )}
      </Choice>
      <Choice
        legend={t("tariffs-time")}
        name={`time-${rule.key}`}
        value={rule.time ? "frame" : "all"}
        options={[
          { value: "all", label: t("tariffs-time-all") },
          { value: "frame", label: t("tariffs-time-frame") },
        ]}
        onValue={(v) => change({ time: v === "frame" ? { from: "08:00", to: "18:59" } : null })}
        error={err("time")}
      >
        {rule.time && (
          <>
            <div class="field-row">
              <TimeField
                label={t("tariffs-time-from")}
                type="time"
                required
                value={rule.time.from}
                error={err("time.from")}
                onValue={(from) => change({ time: { from, to: rule.time?.to ?? "" } })}
              />
              <TimeField
                label={t("tariffs-time-to")}
                type="time"
                required
                value={rule.time.to}
                error={err("time.to")}
                onValue={(to) => change({ time: { from: rule.time?.from ?? "", to } })}
              />
            </div>
            <p class="help-line">{t("tariffs-time-help")}</p>
          </>
        )}
      </Choice>
      <fieldset class="tariffs-days">
        <legend>{t("tariffs-days")}</legend>
        <div class="weekdays">
          {DAYS.map((d, i) => (
            <CheckField
              label={long[i] ?? d}
              checked={days.includes(d)}
              onChecked={(on) => change({ days: DAYS.filter((x) => (x === d ? on : days.includes(x))) })}
            />
          ))}
        </div>
        <p class="help-line">{t("tariffs-days-help")}</p>
        {err("days") && <p class="field-error">{err("days")}</p>}
      </fieldset>
      {err("") && <p class="field-error">{err("")}</p>}
    </div>
  );
}

// Charges

function Charges({ editing }: { editing: Editing }) {
  const { commodity, contract, currency } = editing;
  const err = (field: string) => editing.error(fieldName(commodity, null, null, field));
  const standing = contract.standing;
  return (
    <section class="card" aria-labelledby="tariffs-charges">
      <h2 id="tariffs-charges">{t("tariffs-charges")}</h2>
      <div class="field-row">
        <SelectField
          label={t("tariffs-standing")}
          help={t("tariffs-standing-help")}
          value={standing.per}
          error={err("standing_charge") ?? err("standing_charge.per")}
          options={[
            { value: "", label: t("tariffs-standing-none") },
            { value: "day", label: t("tariffs-standing-day") },
            { value: "month", label: t("tariffs-standing-month") },
          ]}
          onValue={(per) => editing.setContract({ ...contract, standing: { ...standing, per } })}
        />
        {standing.per && (
          <TextField
            label={t("tariffs-standing-amount", { currency })}
            inputMode="decimal"
            required
            value={standing.amount}
            error={err("standing_charge.amount")}
            onValue={(amount) => editing.setContract({ ...contract, standing: { ...standing, amount } })}
          />
        )}
      </div>
      {commodity === "electricity" && <DemandCharge editing={editing} />}
    </section>
  );
}

/** The devices of the site, for the demand charge's meter. */
function readDevices(): Promise<MeterChoice[]> {
  return call(api.GET("/api/v1/devices"));
}

/** The demand charge: its price per kW and month, and the meter of the grid connection that measures the peak. */
function DemandCharge({ editing }: { editing: Editing }) {
  const { contract, currency } = editing;
  const err = (field: string) => editing.error(fieldName("electricity", null, null, field));
  const devices = useData(readDevices, []);
  const demand = contract.demand;
  const set = (next: Partial<typeof demand>) => editing.setContract({ ...contract, demand: { ...demand, ...next } });
  return (
    <>
      <div class="field-row">
        <TextField
          label={t("tariffs-demand", { currency })}
          help={t("tariffs-demand-help")}
          inputMode="decimal"
          value={demand.price}
          error={err("demand_charge") ?? err("demand_charge.per_kw_month")}
          onValue={(price) => set({ price })}
        />
        <SelectField
          label={t("tariffs-demand-meter")}
          help={t("tariffs-demand-meter-help")}
          required={hasDemandCharge(demand)}
          value={demand.meter}
          error={err("demand_charge.meter")}
          options={meterOptions(devices.data ?? [], demand.meter, t("tariffs-demand-meter-choose"))}
          onValue={(meter) => set({ meter })}
        />
      </div>
      <ErrorNotice error={devices.error} />
    </>
  );
}

// Errors

/** The labels of the fields an error names, in the words of the editor ("Electricity › F1 peak › Colour"). */
function errorLabels(error: unknown, sent: Draft | null): Record<string, string> {
  if (!sent) return {};
  const labels: Record<string, string> = {};
  for (const path of fieldErrors(error).keys()) {
    const place = placeOf(path, sent);
    if (!place) continue;
    const parts: string[] = [];
    if (place.commodity) parts.push(t(`tariffs-commodity-${place.commodity}`));
    if (place.plan === "export") parts.push(t("tariffs-feed-in"));
    const plan = place.commodity && place.plan ? planOf(sent.contracts[place.commodity], place.plan) : null;
    if (place.item?.kind === "tariff") {
      const tariff = plan?.tariffs[place.item.index];
      parts.push(tariff ? tariff.name.trim() || tariff.id : t("tariffs-tariffs"));
      const price = /^prices\.(\d+)(?:\.(\w+))?$/.exec(place.field);
      const row = price ? (tariff?.prices.findIndex((p) => p.key === Number(price[1])) ?? -1) : -1;
      if (price) parts.push(price[2] === "from" ? `${t("tariffs-price-n", { n: row + 1 })}: ${t("tariffs-price-valid-from")}` : t("tariffs-price-n", { n: row + 1 }));
      else if (place.field) parts.push(fieldLabel(place.field));
    } else if (place.item?.kind === "rule") {
      parts.push(t("tariffs-rule-n", { n: place.item.index + 1 }));
      if (place.field) parts.push(fieldLabel(place.field));
    } else if (place.field) parts.push(fieldLabel(place.field));
    labels[path] = parts.join(" › ");
  }
  return labels;
}

const FIELD_LABELS: Record<string, string> = {
  name: "tariffs-name",
  colour: "tariffs-colour",
  prices: "tariffs-prices-title",
  tariff: "tariffs-rule-tariff",
  valid: "tariffs-validity",
  "valid.from": "tariffs-validity-from",
  "valid.to": "tariffs-validity-to",
  repeat_every_year: "tariffs-repeat",
  time: "tariffs-time",
  "time.from": "tariffs-time-from",
  "time.to": "tariffs-time-to",
  days: "tariffs-days",
  standing_charge: "tariffs-standing",
  "standing_charge.per": "tariffs-standing",
  "standing_charge.amount": "tariffs-standing",
  demand_charge: "tariffs-demand-title",
  "demand_charge.per_kw_month": "tariffs-demand-title",
  "demand_charge.meter": "tariffs-demand-meter",
  gas_kwh_per_m3: "tariffs-gas-factor",
  export: "tariffs-feed-in",
  rules: "tariffs-rules",
  tariffs: "tariffs-tariffs",
};

function fieldLabel(field: string): string {
  const key = FIELD_LABELS[field];
  return key ? t(key, { unit: "", currency: "" }) : field;
}

// Re-pricing

function RepriceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const now = today(timeZone.value);
  const [from, setFrom] = useState(firstOfMonth(now));
  const [to, setTo] = useState(now);
  const [done, setDone] = useState<Schemas["RepriceReport"] | null>(null);
  const reprice = useAction(async () => {
    setDone(null);
    setDone(await call(api.POST("/api/v1/system/reprice", { body: { from, to } })));
  });
  const close = () => {
    reprice.clear();
    setDone(null);
    onClose();
  };
  const fields = fieldErrors(reprice.error);
  return (
    <Dialog title={t("tariffs-reprice-title")} open={open} onClose={close}>
      <form onSubmit={submitWith(reprice)}>
        <p>{t("tariffs-reprice-text")}</p>
        <div class="field-row">
          <TextField label={t("tariffs-reprice-from")} type="date" required value={from} max={to} error={fields.get("from")} onValue={setFrom} />
          <TextField label={t("tariffs-reprice-to")} type="date" required value={to} min={from} error={fields.get("to")} onValue={setTo} />
        </div>
        <ErrorNotice error={reprice.error} labels={{ from: t("tariffs-reprice-from"), to: t("tariffs-reprice-to") }} />
        {done && (
          <p class="notice success" role="status">
            {t("tariffs-repriced", {
              count: done.intervals,
              from: sayDate(done.from, locale.value),
              to: sayDate(done.to, locale.value),
            })}
          </p>
        )}
        {reprice.busy && <p class="loading">{t("tariffs-repricing")}</p>}
        <div class="actions">
          <button type="submit" class="primary" disabled={reprice.busy || !from || !to}>
            {t("tariffs-reprice-confirm")}
          </button>
          <button type="button" onClick={close}>
            {t("app-close")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
