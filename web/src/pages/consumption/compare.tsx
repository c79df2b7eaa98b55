// Compare: two scopes (devices, loads, groups, panel boards or the site) over one period, as two
// totals or bar beside bar per bucket. Counters that measure different things (electricity and
// gas) cannot be compared: the API refuses them and the page says why.
import { useMemo, useState } from "preact/hooks";
import { ApiError } from "../../api/client";
import { anyMarked, BarChart, BarTable, Legend } from "../../charts/chart";
import { comparisonBars, hasData, periodOf, periodTitle, withoutSeries, type Comparison } from "../../charts/shape";
import { SelectField } from "../../components/field";
import { ErrorNotice } from "../../components/problem";
import { locale, t } from "../../i18n";
import { here, navigate, withQuery } from "../../router";
import { ChartCard, Choices, formatDifference, formatTotal, NoData, Pending, ScopePicker } from "./controls";
import { countersOf, csvHref, displayName, getComparison, pick, unitOf, useLoad, type Counter, type Moment, type ScopeInfo } from "./data";

const MODES = ["total", "details"] as const;


/** Two totals, and how the first differs from the second. */
function TotalsComparison({ comparison }: { comparison: Comparison }) {
  const lang = locale.value;
  const { first, second } = comparison;
  const a = first.series.total ?? null;
  const b = second.series.total ?? null;
  const difference = a !== null && b !== null ? a - b : null;
  const percent = difference !== null && b ? (difference / b) * 100 : null;
  return (
    <dl class="totals compare-totals">
      <div class="total-first">
        <dt>{first.name}</dt>
        <dd>{formatTotal(a, first.unit, lang)}</dd>
      </div>
      <div class="total-second">
        <dt>{second.name}</dt>
        <dd>{formatTotal(b, second.unit, lang)}</dd>
      </div>
      <div>
        <dt>{t("consumption-compare-difference", { first: first.name, second: second.name })}</dt>
        <dd>{formatDifference(difference, percent, first.unit, lang)}</dd>
      </div>
    </dl>
  );
}

function ComparisonCard({ comparison: answered, moment, mode, csv, refresh, busy }: { comparison: Comparison; moment: Moment; mode: (typeof MODES)[number]; csv: string; refresh: () => void; busy: boolean }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const lang = locale.value;
  // Shaped once per answer, so the chart is drawn again only when what it shows changes.
  const { comparison, period, periodText, all, data } = useMemo(() => {
    const comparison: Comparison = {
      ...answered,
      first: { ...answered.first, name: displayName(answered.first.scope, answered.first.name) },
      second: { ...answered.second, name: displayName(answered.second.scope, answered.second.name) },
    };
    const period = periodOf(comparison.first.series, moment.period);
    const all = comparisonBars(comparison, { period, locale: lang, timeZone: comparison.time_zone, now: Date.now() });
    return {
      comparison,
      period,
      periodText: periodTitle(comparison.first.series.period.first, period, lang),
      all,
      data: withoutSeries(all, hidden),
    };
  }, [answered, hidden, lang, moment.period]);
  const title = `${comparison.first.name} – ${comparison.second.name}`;
  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (!next.delete(key)) next.add(key);
    setHidden(next);
  };
  return (
    <ChartCard
      title={title}
      csv={hasData(all) ? csv : undefined}
      refresh={refresh}
      busy={busy}
      table={
        mode === "details" && hasData(all)
          ? (shown) => <BarTable data={data} caption={`${title}: ${periodText}`} shown={shown} slotHeader={t(`consumption-slot-${period}`)} />
          : undefined
      }
    >
      {!hasData(all) ? (
        <NoData moment={moment} title={periodText} />
      ) : (
        <>
          <TotalsComparison comparison={comparison} />
          {mode === "details" && (
            <>
              <Legend
                entries={all.series.map((s) => ({ key: s.key, label: s.label, colour: s.colour, detail: formatTotal(s.total, all.unit, lang) }))}
                hidden={hidden}
                onToggle={toggle}
                striped={anyMarked(data)}
              />
              <BarChart data={data} label={t("consumption-chart-label", { title, period: periodText })} />
            </>
          )}
        </>
      )}
    </ChartCard>
  );
}

export function Compare({ moment, scopes }: { moment: Moment; scopes: readonly ScopeInfo[] }) {
  const query = here.value.query;
  const devices = scopes.filter((s) => s.kind === "device");
  const defaults = [devices[0] ?? scopes[0], devices[1] ?? scopes[1] ?? scopes[0]];
  const first = scopes.find((s) => s.scope === query.get("first")) ?? defaults[0];
  const second = scopes.find((s) => s.scope === query.get("second")) ?? defaults[1];
  const firstCounters = countersOf(first, false);
  const secondCounters = countersOf(second, false);
  const point: Counter = pick(query.get("point"), firstCounters, "energy_active_import");
  const secondPoint: Counter = pick(query.get("second_point") ?? point, secondCounters, "energy_active_import");
  const mode = pick(query.get("mode"), MODES, "total");
  const go = (changes: Record<string, string | null>) => navigate(withQuery(changes));
  const compareQuery = {
    first: first?.scope ?? "site",
    second: second?.scope ?? "site",
    point,
    second_point: secondPoint,
    period: moment.period,
    date: moment.date,
  };
  const loaded = useLoad(first && second ? Object.values(compareQuery).join("|") : null, () =>
    getComparison(compareQuery),
  );
  // The API refuses counters of different dimensions (422): say so in words.
  const incomparable = loaded.error instanceof ApiError && loaded.error.status === 422 && unitOf(point) !== unitOf(secondPoint);
  return (
    <>
      <div class="view-controls compare-controls">
        <div class="compare-side">
          <ScopePicker label={t("consumption-first")} value={compareQuery.first} scopes={scopes} onValue={(s) => go({ first: s })} />
          <SelectField
            label={t("consumption-first-counter")}
            value={point}
            options={firstCounters.map((c) => ({ value: c, label: t(`point-${c}`) }))}
            onValue={(c) => go({ point: c })}
          />
        </div>
        <div class="compare-side">
          <ScopePicker label={t("consumption-second")} value={compareQuery.second} scopes={scopes} onValue={(s) => go({ second: s })} />
          <SelectField
            label={t("consumption-second-counter")}
            value={secondPoint}
            options={secondCounters.map((c) => ({ value: c, label: t(`point-${c}`) }))}
            onValue={(c) => go({ second_point: c })}
          />
        </div>
        <Choices
          label={t("consumption-compare-mode")}
          value={mode}
          options={MODES.map((m) => ({ value: m, label: t(`consumption-compare-${m}`) }))}
          onChoose={(m) => go({ mode: m === "total" ? null : m })}
        />
      </div>
      {incomparable ? (
        <div class="notice warning" role="alert">
          <strong>{t("consumption-incomparable")}</strong>
          <p>
            {t("consumption-incomparable-text", {
              first: t(`point-${point}`),
              second: t(`point-${secondPoint}`),
            })}
          </p>
        </div>
      ) : loaded.data ? (
        <ComparisonCard comparison={loaded.data} moment={moment} mode={mode} csv={csvHref("compare", compareQuery)} refresh={loaded.reload} busy={loaded.loading} />
      ) : loaded.error ? (
        <ErrorNotice error={loaded.error} />
      ) : (
        <Pending loaded={loaded} />
      )}
    </>
  );
}
