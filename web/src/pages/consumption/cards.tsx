// The chart cards of the consumption views: one scope's histogram beside its previous period,
// and parts stacked (by load, group or panel board) beside the previous period's whole.
import { useMemo, useState } from "preact/hooks";
import { anyMarked, BarChart, BarTable, Legend, type LegendEntry } from "../../charts/chart";
import {
  hasData,
  histogramBars,
  periodOf,
  periodTitle,
  stackedBars,
  sumSeries,
  totalsOf,
  withoutSeries,
  type BarData,
  type Context,
  type Histogram,
  type Part,
  type Totals,
} from "../../charts/shape";
import { periodStart } from "../../format/period";
import { locale, t } from "../../i18n";
import { ChartCard, formatTotal, NoData, TotalsFacts } from "./controls";
import { displayName, type Moment } from "./data";

/** Series shown or hidden by their legend buttons. */
function useHidden(): [ReadonlySet<string>, (key: string) => void] {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (!next.delete(key)) next.add(key);
    setHidden(next);
  };
  return [hidden, toggle];
}

function contextOf(h: Pick<Histogram, "current" | "time_zone">, moment: Moment): Context {
  return { period: periodOf(h.current, moment.period), locale: locale.value, timeZone: h.time_zone, now: Date.now() };
}

function labelsOf(h: Pick<Histogram, "current" | "previous">, context: Context) {
  return {
    current: periodTitle(h.current.period.first, context.period, context.locale),
    previous: periodTitle(h.previous.period.first, context.period, context.locale),
  };
}

/** Whether the period itself (not only the one before) has anything measured. */
function measured(data: BarData): boolean {
  return hasData(withoutSeries(data, new Set(["previous"])));
}

function legendOf(data: BarData, lang: string): LegendEntry[] {
  return data.series.map((s) => ({
    key: s.key,
    label: s.label,
    colour: s.colour,
    detail: formatTotal(s.total, data.unit, lang),
  }));
}

/** What a chart shows, for screen readers: its title, period and where its numbers are. */
function chartLabel(title: string, period: string): string {
  return t("consumption-chart-label", { title, period });
}

/** What a card of bars shows, shaped once per answer. */
interface Shaped {
  context: Context;
  labels: { current: string; previous: string };
  /** Every series, also those hidden. */
  all: BarData;
  /** The series shown. */
  data: BarData;
  totals: Totals;
  legend: LegendEntry[];
}

interface CardProps {
  title: string;
  moment: Moment;
  csv?: string | undefined;
  refresh?: (() => void) | undefined;
  busy?: boolean;
  small?: boolean;
}

/** Bars with their totals and legend (a button per series), the table and the CSV; what to do when nothing was measured. */
function BarsCard({ shaped, unit, hidden, onToggle, title, moment, csv, refresh, busy = false, small = false }: CardProps & { shaped: Shaped; unit: string; hidden: ReadonlySet<string>; onToggle: (key: string) => void }) {
  const { context, labels, all, data, totals, legend } = shaped;
  return (
    <ChartCard
      title={title}
      csv={measured(all) ? csv : undefined}
      refresh={refresh}
      busy={busy}
      small={small}
      table={measured(all) ? (shown) => <BarTable data={data} caption={`${title}: ${labels.current}`} shown={shown} slotHeader={t(`consumption-slot-${context.period}`)} /> : undefined}
    >
      {measured(all) ? (
        <>
          <TotalsFacts totals={totals} unit={unit} labels={labels} />
          <Legend entries={legend} hidden={hidden} onToggle={onToggle} striped={anyMarked(data)} />
          <BarChart data={data} label={chartLabel(title, labels.current)} small={small} />
        </>
      ) : (
        <NoData moment={moment} title={labels.current} />
      )}
    </ChartCard>
  );
}

/** One scope's counter over the period, the previous period's bars beside it. */
export function HistogramCard({ histogram, ...card }: CardProps & { histogram: Histogram }) {
  const [hidden, toggle] = useHidden();
  const lang = locale.value;
  const { current, previous, unit } = histogram;
  // Shaped once per answer, so the chart is drawn again only when what it shows changes.
  const shaped = useMemo(() => {
    const context = contextOf(histogram, card.moment);
    const labels = labelsOf(histogram, context);
    const all = histogramBars(histogram, labels, context);
    return {
      context,
      labels,
      all,
      data: withoutSeries(all, hidden),
      totals: totalsOf(current, previous, context.period, context.now),
      legend: legendOf(all, lang),
    };
  }, [current, previous, unit, histogram.time_zone, hidden, lang, card.moment.period]);
  return <BarsCard {...card} shaped={shaped} unit={unit} hidden={hidden} onToggle={toggle} />;
}

/** Parts stacked per bucket, each with its total in the legend, the previous period's whole beside them. */
export function StackedCard({ parts: answered, unit, timeZone, ...card }: CardProps & { parts: readonly Part[]; unit: string; timeZone: string }) {
  const [hidden, toggle] = useHidden();
  const lang = locale.value;
  const { moment } = card;
  // Shaped once per answer, so the chart is drawn again only when what it shows changes.
  const shaped = useMemo(() => {
    const parts = answered.map((p) => ({ ...p, name: displayName(p.scope, p.name) }));
    const current = sumSeries(parts.map((p) => p.current));
    const previous = sumSeries(parts.map((p) => p.previous));
    if (!current || !previous) return null;
    const context = contextOf({ current, time_zone: timeZone }, moment);
    const labels = labelsOf({ current, previous }, context);
    const all = stackedBars(parts, new Set(), labels, context, unit);
    // The legend lists the parts first (as stacked, "Others" last), the previous period after them.
    const entries = legendOf(all, lang);
    return {
      context,
      labels,
      all,
      data: withoutSeries(stackedBars(parts, hidden, labels, context, unit), hidden),
      totals: totalsOf(current, previous, context.period, context.now),
      legend: [...entries.filter((e) => e.key !== "previous"), ...entries.filter((e) => e.key === "previous")],
    };
  }, [answered, unit, timeZone, hidden, lang, moment.period]);
  if (!shaped) {
    const period = periodTitle(periodStart(moment.date, moment.period), moment.period, lang);
    return (
      <ChartCard title={card.title} refresh={card.refresh} busy={card.busy ?? false}>
        <NoData moment={moment} title={period} />
      </ChartCard>
    );
  }
  return <BarsCard {...card} shaped={shaped} unit={unit} hidden={hidden} onToggle={toggle} />;
}

/** A part of a partials answer as a histogram of its own. */
export function partHistogram(part: Part, template: Pick<Histogram, "point" | "unit" | "time_zone">): Histogram {
  return { ...template, scope: part.scope, name: displayName(part.scope, part.name), current: part.current, previous: part.previous };
}
