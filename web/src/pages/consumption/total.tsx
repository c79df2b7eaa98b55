// Grand total: the electricity the whole site imported, split by load, beside the previous
// period; the overall consumption of the period (electricity, gas and water) and what it cost.
import { periodOf, periodTitle, totalsOf, type Histogram } from "../../charts/shape";
import { periodStart } from "../../format/period";
import { locale, t } from "../../i18n";
import { StackedCard } from "./cards";
import { formatDifference, formatTotal, Pending, SoFar } from "./controls";
import { OverallCosts } from "./tariffs";
import { csvHref, getHistogram, getPartials, useLoad, type Counter, type Moment, type ScopeInfo } from "./data";

const MEDIA: readonly { counter: Counter; medium: string }[] = [
  { counter: "energy_active_import", medium: "electricity" },
  { counter: "gas_volume", medium: "gas" },
  { counter: "water_volume", medium: "water" },
];

function siteHistogram(point: Counter, moment: Moment): Promise<Histogram> {
  return getHistogram({ scope: "site", point, period: moment.period, date: moment.date });
}

/** Electricity, gas and water of the period beside the previous one; media the site does not measure are left out. */
function Overall({ moment, site }: { moment: Moment; site: ScopeInfo | undefined }) {
  const lang = locale.value;
  const media = MEDIA.filter((m) => !site?.counters || site.counters.includes(m.counter));
  const loaded = useLoad(`overall|${moment.period}|${moment.date}|${media.map((m) => m.counter).join()}`, () =>
    Promise.all(media.map((m) => siteHistogram(m.counter, moment))),
  );
  const rows = (loaded.data ?? [])
    .map((h, i) => ({ h, medium: media[i]?.medium ?? "" }))
    // Without the site's list of counters, a medium is shown when it has data in either period.
    .filter(({ h }) => site?.counters || h.current.total != null || h.previous.total != null);
  const first = loaded.data?.[0];
  const period = first ? periodOf(first.current, moment.period) : moment.period;
  return (
    <section class="card overall" aria-busy={loaded.loading}>
      <h2>{t("consumption-overall")}</h2>
      {!loaded.data ? (
        <Pending loaded={loaded} />
      ) : rows.length === 0 ? (
        <p class="empty-note">{t("consumption-no-data-in", { period: periodTitle(periodStart(moment.date, moment.period), moment.period, lang) })}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t("consumption-overall")}>
          <table>
            <caption class="visually-hidden">{t("consumption-overall")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("consumption-medium")}</th>
                <th scope="col" class="number">
                  {first ? periodTitle(first.current.period.first, period, lang) : ""}
                </th>
                <th scope="col" class="number">
                  {first ? periodTitle(first.previous.period.first, period, lang) : ""}
                </th>
                <th scope="col" class="number">
                  {t("consumption-difference")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ h, medium }) => {
                const totals = totalsOf(h.current, h.previous, period, Date.now());
                return (
                  <tr key={medium}>
                    <th scope="row">{t(`consumption-medium-${medium}`)}</th>
                    <td class="number">{formatTotal(totals.current, h.unit, lang)}</td>
                    <td class="number">{formatTotal(totals.previous, h.unit, lang)}</td>
                    <td class="number">
                      {formatDifference(totals.difference, totals.percent, h.unit, lang)}
                      <SoFar totals={totals} unit={h.unit} lang={lang} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function GrandTotal({ moment, scopes }: { moment: Moment; scopes: readonly ScopeInfo[] }) {
  const query = { by: "load", point: "energy_active_import", period: moment.period, date: moment.date } as const;
  const loaded = useLoad(`total|${moment.period}|${moment.date}`, () => getPartials(query));
  const site = scopes.find((s) => s.kind === "site");
  return (
    <>
      {loaded.data ? (
        <StackedCard
          parts={loaded.data.parts}
          unit={loaded.data.unit}
          timeZone={loaded.data.time_zone}
          title={t("consumption-total-title")}
          moment={moment}
          csv={csvHref("partials", query)}
          refresh={loaded.reload}
          busy={loaded.loading}
        />
      ) : (
        <Pending loaded={loaded} />
      )}
      <Overall moment={moment} site={site} />
      <OverallCosts moment={moment} />
    </>
  );
}
