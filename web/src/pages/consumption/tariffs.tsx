// Tariffs: what the consumption cost, by tariff. Total: the site's cost over the period as a
// donut in the tariffs' colours with its table; Details: one device, load, group or panel board,
// its cost per bucket stacked by tariff. Both filter the tariffs and switch between electricity
// bought, fed in, gas and water. Also the overall costs the grand total shows below its charts.
import { useId, useMemo } from "preact/hooks";
import { anyMarked, BarChart, BarTable, swatchClass } from "../../charts/chart";
import { formatMoney, hasData, periodTitle, type Context } from "../../charts/shape";
import { EmptyState } from "../../components/empty";
import { isPeriod, periodStart } from "../../format/period";
import { formatQuantity, formatScaled } from "../../format/quantity";
import { dateTimeFormat } from "../../format/time";
import { locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { mayOpen, timeZone } from "../../session";
import { ChartCard, Choices, NoData, Pending, ScopePicker } from "./controls";
import {
  bucketCosts,
  chargesInTotal,
  costBars,
  demandLines,
  hiddenOf,
  overallLines,
  PRICED,
  slicesOf,
  summarize,
  toggledHide,
  type CostsView,
  type CostSummary,
  type PricedCounter,
  type TariffEntry,
} from "./costs";
import { csvHref, getCosts, getOverall, pick, useLoad, type Moment, type ScopeInfo, type ScopeKind } from "./data";

const SHOWS = ["total", "details"] as const;

/** Where the contract is entered. */
const BILL_HREF = "/configuration/tariffs";

const go = (changes: Record<string, string | null>) => navigate(withQuery(changes));

/** The priced counters a scope has (all four for a scope whose counters are not known). */
function pricedOf(scope: ScopeInfo | undefined): readonly PricedCounter[] {
  const own = PRICED.filter((p) => scope?.counters.includes(p));
  return own.length ? own : PRICED;
}

function formatShare(share: number | null, lang: string): string {
  return share === null ? "" : new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(share);
}

/** A tariff's colour: its own (an SVG rectangle filled with it: no style attribute), or a theme colour. */
function Swatch({ colour }: { colour: string }) {
  if (colour.startsWith("--")) return <span class={swatchClass(colour)} aria-hidden="true" />;
  return (
    <svg class="swatch" viewBox="0 0 1 1" aria-hidden="true" focusable="false">
      <rect width="1" height="1" fill={colour} />
    </svg>
  );
}

/** The period of an answer, for people. */
function periodText(costs: Pick<CostsView, "period">, moment: Moment, lang: string): string {
  const kind = isPeriod(costs.period.kind) ? costs.period.kind : moment.period;
  return periodTitle(costs.period.first, kind, lang);
}

/** No contract prices this counter: costs need a Bill of consumptions. */
function NoContract() {
  return (
    <EmptyState title={t("consumption-tariffs-no-contract")}>
      <p>{t("consumption-tariffs-no-contract-hint")}</p>
      {mayOpen("system_configuration") && (
        <p>
          <a href={BILL_HREF}>{t("consumption-tariffs-enter-bill")}</a>
        </p>
      )}
    </EmptyState>
  );
}

/** What nothing priced: how much, why, and where to look. */
function Unpriced({ amount, unit }: { amount: number; unit: string }) {
  if (amount === 0) return null;
  return (
    <p class="notice warning unpriced">
      {t("consumption-tariffs-unpriced", { amount: formatQuantity(amount, unit, locale.value) })}
      {mayOpen("system_configuration") && (
        <>
          {" "}
          <a href={BILL_HREF}>{t("consumption-tariffs-open-bill")}</a>
        </>
      )}
    </p>
  );
}

/** The tariffs to show: every tariff of the contract, with its cost and share, each a checkbox. */
function TariffFilter({ summary, hidden, currency }: { summary: CostSummary; hidden: ReadonlySet<string>; currency: string }) {
  const lang = locale.value;
  const detail = (e: TariffEntry) =>
    e.amount === null
      ? t("consumption-tariffs-no-data")
      : [e.cost === null ? t("consumption-overall-not-priced") : formatMoney(Number(e.cost), currency, lang), formatShare(e.share, lang)].filter(Boolean).join(" · ");
  return (
    <fieldset class="tariff-filter">
      <legend>{t("consumption-tariffs-filter")}</legend>
      <ul>
        {summary.entries.map((e) => (
          <li key={e.id}>
            <label>
              <input type="checkbox" checked={e.shown} onChange={() => go({ hide: toggledHide(hidden, e.id) })} />
              <Swatch colour={e.colour} />
              <span class="legend-name">{e.name}</span>
              <span class="legend-detail">{detail(e)}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The cost (or revenue) and amount of the tariffs shown. */
function CostFacts({ summary, unit, currency, revenue }: { summary: CostSummary; unit: string; currency: string; revenue: boolean }) {
  const lang = locale.value;
  return (
    <dl class="totals">
      <div class="total-current">
        <dt>{t(revenue ? "consumption-tariffs-total-revenue" : "consumption-tariffs-total-cost")}</dt>
        <dd>{summary.cost === null ? t("consumption-overall-not-priced") : formatMoney(Number(summary.cost), currency, lang)}</dd>
      </div>
      <div>
        <dt>{t("consumption-tariffs-amount")}</dt>
        <dd>{summary.amount === null ? t("consumption-no-data") : formatQuantity(summary.amount, unit, lang)}</dd>
      </div>
    </dl>
  );
}

/** The tariffs' parts of the cost as a ring, each labelled with its name and share. */
function Donut({ summary, currency, label }: { summary: CostSummary; currency: string; label: string }) {
  const lang = locale.value;
  const slices = slicesOf(summary.entries);
  if (slices.length === 0) return <p class="empty-note cost-donut-none">{t(summary.entries.some((e) => e.shown) ? "consumption-tariffs-nothing-priced" : "consumption-tariffs-none-shown")}</p>;
  const parts = slices.map((s) => `${s.name} ${formatShare(s.share, lang)}`).join(", ");
  const total = summary.cost === null ? null : formatMoney(Number(summary.cost), currency, lang);
  return (
    <svg class="cost-donut" viewBox="-215 -150 430 300" role="img" aria-label={t("consumption-tariffs-pie-label", { title: label, slices: parts })}>
      {slices.map((s) => (
        <path key={s.id} d={s.path} fill-rule="evenodd" class={s.colour.startsWith("--") ? "slice slice-former" : "slice"} {...(s.colour.startsWith("--") ? {} : { fill: s.colour })}>
          <title>{`${s.name}: ${formatShare(s.share, lang)}`}</title>
        </path>
      ))}
      {slices
        .filter((s) => s.share >= 0.03)
        .map((s) => (
          // Name over share: beside the ring on its sides, above it at the top, below it at the bottom.
          <text key={`label-${s.id}`} class="slice-label" x={s.label.x} y={s.label.y} text-anchor={s.label.anchor} dominant-baseline="middle" aria-hidden="true">
            <tspan x={s.label.x} dy={s.label.anchor !== "middle" ? "-0.6em" : s.label.y < 0 ? "-1.2em" : "0"}>
              {s.name}
            </tspan>
            <tspan x={s.label.x} dy="1.2em" class="slice-share">
              {formatShare(s.share, lang)}
            </tspan>
          </text>
        ))}
      {total !== null && (
        <text class={total.length > 8 ? "donut-total long" : "donut-total"} x="0" y="0" text-anchor="middle" dominant-baseline="middle" aria-hidden="true">
          {total}
        </text>
      )}
    </svg>
  );
}

/** Beside the donut: each tariff shown with data, its amount, cost and share, and their total. */
function CostTable({ summary, unit, currency, revenue, caption }: { summary: CostSummary; unit: string; currency: string; revenue: boolean; caption: string }) {
  const lang = locale.value;
  const rows = summary.entries.filter((e) => e.shown && e.amount !== null);
  const money = (cost: string | null) => (cost === null ? t("consumption-overall-not-priced") : formatMoney(Number(cost), currency, lang));
  return (
    <div class="table-wrap cost-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("consumption-tariffs-tariff")}</th>
            <th scope="col" class="number">
              {t("consumption-tariffs-amount")}
            </th>
            <th scope="col" class="number">
              {t(revenue ? "consumption-tariffs-revenue" : "consumption-tariffs-cost")}
            </th>
            <th scope="col" class="number">
              {t("consumption-tariffs-share")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <span class="tariff-name">
                  <Swatch colour={e.colour} />
                  {e.name}
                </span>
              </th>
              <td class="number">{formatQuantity(e.amount ?? 0, unit, lang)}</td>
              <td class="number">{money(e.cost)}</td>
              <td class="number">{formatShare(e.share, lang)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("consumption-total")}</th>
            <td class="number">{summary.amount === null ? "" : formatQuantity(summary.amount, unit, lang)}</td>
            <td class="number">{money(summary.cost)}</td>
            <td class="number">{summary.cost === null ? "" : formatShare(1, lang)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** What an answer comes to before any chart: no contract, nothing measured, or the costs summed. */
function useSummary(costs: CostsView | null, hidden: ReadonlySet<string>): CostSummary | null {
  return useMemo(() => (costs ? summarize(costs, hidden) : null), [costs, [...hidden].join()]);
}

/** The site's cost over the period by tariff: the donut, its filter and its table. */
function Total({ moment, point, hidden }: { moment: Moment; point: PricedCounter; hidden: ReadonlySet<string> }) {
  const lang = locale.value;
  const query = { scope: "site", point, period: moment.period, date: moment.date };
  const loaded = useLoad(`costs|site|${point}|${moment.period}|${moment.date}`, () => getCosts(query));
  const costs = loaded.data;
  const summary = useSummary(costs, hidden);
  if (!costs || !summary) return <Pending loaded={loaded} />;
  const title = t(`consumption-tariffs-title-${point}`);
  const when = periodText(costs, moment, lang);
  const revenue = point === "energy_active_export";
  return (
    <ChartCard title={title} csv={summary.measured ? csvHref("costs", query) : undefined} refresh={loaded.reload} busy={loaded.loading}>
      <p class="period-note">{when}</p>
      {!summary.contract ? (
        <NoContract />
      ) : !summary.measured ? (
        <NoData moment={moment} title={when} />
      ) : (
        <>
          <CostFacts summary={summary} unit={costs.unit} currency={costs.currency} revenue={revenue} />
          <TariffFilter summary={summary} hidden={hidden} currency={costs.currency} />
          <div class="cost-pie">
            <Donut summary={summary} currency={costs.currency} label={`${title}, ${when}`} />
            <CostTable summary={summary} unit={costs.unit} currency={costs.currency} revenue={revenue} caption={`${title}: ${when}`} />
          </div>
          <Unpriced amount={summary.unpriced} unit={costs.unit} />
        </>
      )}
    </ChartCard>
  );
}

const PICKED_KINDS: readonly ScopeKind[] = ["device", "load", "group", "panel_board"];


/** One scope's cost per bucket, stacked by tariff, with its table. */
function Details({ moment, scope, point, hidden }: { moment: Moment; scope: ScopeInfo; point: PricedCounter; hidden: ReadonlySet<string> }) {
  const lang = locale.value;
  const query = { scope: scope.scope, point, period: moment.period, date: moment.date };
  const loaded = useLoad(`costs|${scope.scope}|${point}|${moment.period}|${moment.date}`, () => getCosts(query));
  const costs = loaded.data;
  const summary = useSummary(costs, hidden);
  const hiddenKey = [...hidden].join();
  const shaped = useMemo(() => {
    if (!costs) return null;
    const context: Context = { period: isPeriod(costs.period.kind) ? costs.period.kind : moment.period, locale: lang, timeZone: costs.time_zone, now: Date.now() };
    return { context, data: costBars(costs, hidden, context), bucketCosts: bucketCosts(costs, hidden) };
  }, [costs, hiddenKey, lang, moment.period]);
  if (!costs || !summary || !shaped) return <Pending loaded={loaded} />;
  const title = `${scope.name} · ${t(`consumption-tariffs-title-${point}`)}`;
  const when = periodText(costs, moment, lang);
  const { data, context } = shaped;
  const drawn = summary.contract && summary.measured;
  return (
    <ChartCard
      title={title}
      csv={summary.measured ? csvHref("costs", query) : undefined}
      refresh={loaded.reload}
      busy={loaded.loading}
      table={drawn && hasData(data) ? (shown) => <BarTable data={data} caption={`${title}: ${when}`} shown={shown} slotHeader={t(`consumption-slot-${context.period}`)} /> : undefined}
    >
      <p class="period-note">{when}</p>
      {!summary.contract ? (
        <NoContract />
      ) : !summary.measured ? (
        <NoData moment={moment} title={when} />
      ) : (
        <>
          <CostFacts summary={summary} unit={costs.unit} currency={costs.currency} revenue={point === "energy_active_export"} />
          <TariffFilter summary={summary} hidden={hidden} currency={costs.currency} />
          {hasData(data) ? (
            <>
              {anyMarked(data) && (
                <ul class="chart-legend static">
                  <li class="legend-note">
                    <span class="swatch swatch-striped" aria-hidden="true" />
                    {t("consumption-legend-striped")}
                  </li>
                </ul>
              )}
              <BarChart data={data} label={t("consumption-chart-label", { title, period: when })} />
            </>
          ) : (
            <p class="empty-note">{t(summary.entries.some((e) => e.shown) ? "consumption-tariffs-nothing-priced" : "consumption-tariffs-none-shown")}</p>
          )}
          <Unpriced amount={summary.unpriced} unit={costs.unit} />
        </>
      )}
    </ChartCard>
  );
}

export function Tariffs({ moment, scopes }: { moment: Moment; scopes: readonly ScopeInfo[] }) {
  const query = here.value.query;
  const show = pick(query.get("show"), SHOWS, "total");
  const hidden = hiddenOf(query);
  const pickable = scopes.filter((s) => PICKED_KINDS.includes(s.kind) && (s.counters.length === 0 || s.counters.some((c) => (PRICED as readonly string[]).includes(c))));
  const scope =
    pickable.find((s) => s.scope === query.get("scope")) ??
    pickable.find((s) => s.kind === "device" && s.counters.includes("energy_active_import")) ??
    pickable[0];
  const shownScope = show === "total" ? scopes.find((s) => s.kind === "site") : scope;
  const points = pricedOf(shownScope);
  const point = pick(query.get("point"), points, "energy_active_import");
  return (
    <>
      <div class="view-controls">
        <Choices
          label={t("consumption-tariffs-show")}
          value={show}
          options={SHOWS.map((s) => ({ value: s, label: t(`consumption-tariffs-show-${s}`) }))}
          onChoose={(s) => go({ show: s === "total" ? null : s })}
        />
        {show === "details" && scope && <ScopePicker label={t("consumption-tariffs-scope")} onValue={(scope) => go({ scope })} scopes={pickable} value={scope.scope} />}
        <Choices
          label={t("consumption-tariffs-commodity")}
          value={point}
          options={points.map((p) => ({ value: p, label: t(`consumption-tariffs-point-${p}`) }))}
          onChoose={(p) => go({ point: p === "energy_active_import" ? null : p, hide: null })}
        />
      </div>
      {show === "total" ? (
        <Total moment={moment} point={point} hidden={hidden} />
      ) : scope ? (
        <Details key={scope.scope} moment={moment} scope={scope} point={point} hidden={hidden} />
      ) : (
        <EmptyState title={t("consumption-tariffs-no-scopes")} />
      )}
    </>
  );
}

/**
 * The overall costs of the site: each priced counter's amount and cost, the standing charges, the
 * demand charge of each month (its peak at the grid connection), and what was bought and what was
 * fed in apart.
 */
export function OverallCosts({ moment }: { moment: Moment }) {
  const lang = locale.value;
  const query = { period: moment.period, date: moment.date };
  const loaded = useLoad(`overall-costs|${moment.period}|${moment.date}`, () => getOverall(query));
  const view = loaded.data;
  const title = t("consumption-overall-costs");
  const titleId = useId();
  const lines = useMemo(() => (view ? overallLines(view) : []), [view]);
  if (!view) {
    return (
      <section class="card overall-costs">
        <h2>{title}</h2>
        <Pending loaded={loaded} />
      </section>
    );
  }
  const when = periodTitle(view.period.first, isPeriod(view.period.kind) ? view.period.kind : moment.period, lang);
  const money = (cost: string | null | undefined) => (cost === null || cost === undefined ? t("consumption-overall-not-priced") : formatMoney(Number(cost), view.currency, lang));
  const unpriced = lines.some((l) => l.unpriced > 0);
  const priced = (view.cost ?? null) !== null || (view.export_revenue ?? null) !== null;
  const demand = demandLines(view);
  const charges = chargesInTotal(view);
  // The quarter hour of a peak, in the site's time zone.
  const peakTime = (instant: string) => dateTimeFormat(lang, timeZone.value, { dateStyle: "medium", timeStyle: "short" }).format(new Date(instant));
  return (
    <section class="card overall-costs" aria-busy={loaded.loading} aria-labelledby={titleId}>
      <div class="card-head">
        <h2 id={titleId}>{title}</h2>
        {lines.length > 0 && (
          <div class="chart-actions">
            <a class="button" href={csvHref("overall", query)} download>
              {t("consumption-download-csv")}
            </a>
          </div>
        )}
      </div>
      {lines.length === 0 ? (
        <p class="empty-note">{t("consumption-no-data-in", { period: periodTitle(periodStart(moment.date, moment.period), moment.period, lang) })}</p>
      ) : (
        <>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={`${title}: ${when}`}>
            <table>
              <caption class="visually-hidden">{`${title}: ${when}`}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("consumption-overall-commodity")}</th>
                  <th scope="col" class="number">
                    {t("consumption-overall-amount")}
                  </th>
                  <th scope="col" class="number">
                    {t("consumption-overall-cost")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.point}>
                    <th scope="row">{t(`consumption-overall-row-${l.point}`)}</th>
                    <td class="number">
                      {l.amount === null ? t("consumption-no-data") : formatQuantity(l.amount, l.unit, lang)}
                      {l.equivalentWh !== null && <small class="so-far">{t("consumption-overall-equivalent", { amount: formatQuantity(l.equivalentWh, "Wh", lang) })}</small>}
                      {l.unpriced > 0 && <small class="so-far">{t("consumption-overall-unpriced", { amount: formatQuantity(l.unpriced, l.unit, lang) })}</small>}
                    </td>
                    <td class="number">
                      {money(l.cost)}
                      {l.revenue && l.cost !== null && <small class="so-far">{t("consumption-overall-revenue")}</small>}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr class="overall-bought">
                  <th scope="row" colSpan={2}>
                    {t("consumption-overall-bought")}
                  </th>
                  <td class="number">{money(view.cost)}</td>
                </tr>
                {view.standing_charges != null && (
                  <tr class="overall-standing">
                    <th scope="row" colSpan={2}>
                      {t("consumption-overall-standing")}
                    </th>
                    <td class="number">{money(view.standing_charges)}</td>
                  </tr>
                )}
                {demand.map((d) => (
                  <tr class="overall-demand" key={d.first}>
                    <th scope="row">{t("consumption-demand-month", { month: periodTitle(d.first, "month", lang) })}</th>
                    <td class="number">
                      <small class="so-far">{t("consumption-demand-peak", { power: formatScaled({ value: d.kw, unit: "kW" }, lang), at: peakTime(d.at) })}</small>
                    </td>
                    <td class="number">{money(d.cost)}</td>
                  </tr>
                ))}
                {view.demand_charge != null && demand.length === 0 && (
                  <tr class="overall-demand">
                    <th scope="row">{t("consumption-demand")}</th>
                    <td class="number">
                      <small class="so-far">{t("consumption-demand-no-peak")}</small>
                    </td>
                    <td class="number">{money(view.demand_charge)}</td>
                  </tr>
                )}
                {charges !== null && (
                  <tr class="overall-total">
                    <th scope="row" colSpan={2}>
                      {charges === "standing" ? t("consumption-overall-total") : t("consumption-demand-total", { standing: charges === "both" ? "yes" : "no" })}
                    </th>
                    <td class="number">{money(view.total)}</td>
                  </tr>
                )}
                {lines.some((l) => l.revenue) && (
                  <tr class="overall-fed-in">
                    <th scope="row" colSpan={2}>
                      {t("consumption-overall-fed-in")}
                    </th>
                    <td class="number">{money(view.export_revenue)}</td>
                  </tr>
                )}
              </tfoot>
            </table>
          </div>
          {!priced ? (
            <p class="notice">
              {t("consumption-overall-no-costs")}
              {mayOpen("system_configuration") && (
                <>
                  {" "}
                  <a href={BILL_HREF}>{t("consumption-tariffs-enter-bill")}</a>
                </>
              )}
            </p>
          ) : (
            unpriced && (
              <p class="notice warning">
                {t("consumption-overall-some-unpriced")}
                {mayOpen("system_configuration") && (
                  <>
                    {" "}
                    <a href={BILL_HREF}>{t("consumption-tariffs-open-bill")}</a>
                  </>
                )}
              </p>
            )
          )}
        </>
      )}
    </section>
  );
}
