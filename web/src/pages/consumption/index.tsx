// Consumptions: what the site consumed, when and where, against the period before, and what it
// cost. Five views (grand total, partials, compare, details, tariffs) share the period, the date
// and the arrows; every choice is in the address, so a view can be bookmarked or left on a wall
// display.
import { language, t } from "../../i18n";
import { here } from "../../router";
import { timeZone } from "../../session";
import { Compare } from "./compare";
import { NoDevices, PeriodBar, Pending } from "./controls";
import { loadScopes, momentOf, refreshed, useLoad, viewAt, VIEWS, type View } from "./data";
import { Details } from "./details";
import { Partials } from "./partials";
import { Tariffs } from "./tariffs";
import { GrandTotal } from "./total";

/** The address of a view with the same period and date. */
function viewHref(view: View, query: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of ["period", "date"]) {
    const value = query.get(key);
    if (value) kept.set(key, value);
  }
  const text = kept.toString();
  return `/consumption/${view}${text ? `?${text}` : ""}`;
}

export default function ConsumptionPage() {
  const { path, query } = here.value;
  const view = viewAt(path);
  // Read to be drawn again on every automatic refresh: "today" is then the new day after midnight.
  void refreshed.value;
  const moment = momentOf(query, timeZone.value);
  const scopes = useLoad(`scopes|${language.value}`, loadScopes);
  const list = scopes.data;
  const Body = { total: GrandTotal, partials: Partials, compare: Compare, details: Details, tariffs: Tariffs }[view];
  return (
    <div class="consumption">
      <h1>{t("page-consumption")}</h1>
      <nav class="view-tabs" aria-label={t("consumption-views")}>
        <ul>
          {VIEWS.map((v) => (
            <li key={v}>
              <a href={viewHref(v, query)} aria-current={v === view ? "page" : undefined}>
                {t(`consumption-view-${v}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <PeriodBar moment={moment} />
      {!list ? <Pending loaded={scopes} /> : list.some((s) => s.kind === "device") ? <Body moment={moment} scopes={list} /> : <NoDevices />}
    </div>
  );
}
