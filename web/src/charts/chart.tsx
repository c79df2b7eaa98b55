// Charts on a page: a box uPlot draws into once its code is loaded, resized with its container,
// redrawn when the theme or full screen changes; the keyboard moves its tooltip. Beside each
// chart: a legend that shows and hides series, and the same numbers as a table (its text
// alternative).
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { formatScaled } from "../format/quantity";
import { dateTimeFormat } from "../format/time";
import { locale, t } from "../i18n";
import type { LineOptions, Plot, PlotOptions } from "./plot";
import { formatAmount, formatFigure, stackTotal, type BarData, type LineData, type Mark } from "./shape";

type PlotModule = typeof import("./plot");

let plotModule: Promise<PlotModule> | null = null;

/** uPlot and the chart builders, loaded once on first use. */
function loadPlot(): Promise<PlotModule> {
  plotModule ??= import("./plot");
  return plotModule;
}

/** A number that changes whenever the colours or the type of the page may have: theme, full screen. */
function useStyleEpoch(): number {
  const [epoch, setEpoch] = useState(0);
  useEffect(() => {
    const bump = () => setEpoch((e) => e + 1);
    const dark = matchMedia("(prefers-color-scheme: dark)");
    dark.addEventListener("change", bump);
    document.addEventListener("fullscreenchange", bump);
    return () => {
      dark.removeEventListener("change", bump);
      document.removeEventListener("fullscreenchange", bump);
    };
  }, []);
  return epoch;
}

function sizeOf(element: HTMLElement): { width: number; height: number } {
  return { width: Math.max(120, element.clientWidth), height: Math.max(120, element.clientHeight) };
}

interface PlotBoxProps {
  /** What the chart shows, for screen readers (the table beside it has the numbers). */
  label: string;
  /** Draws the chart into the box. */
  draw: (module: PlotModule, target: HTMLElement, size: { width: number; height: number }) => Plot;
  /** Redraw when any of these change. */
  inputs: readonly unknown[];
  small?: boolean;
}

function PlotBox({ label, draw, inputs, small = false }: PlotBoxProps) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<Plot | null>(null);
  const [failed, setFailed] = useState(false);
  const epoch = useStyleEpoch();
  useEffect(() => {
    const target = ref.current;
    if (!target) return;
    let alive = true;
    loadPlot().then(
      (module) => {
        if (!alive) return;
        plot.current?.destroy();
        plot.current = draw(module, target, sizeOf(target));
      },
      () => alive && setFailed(true),
    );
    const observer = new ResizeObserver(() => {
      const { width, height } = sizeOf(target);
      plot.current?.resize(width, height);
    });
    observer.observe(target);
    return () => {
      alive = false;
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [...inputs, epoch]);
  const onKeyDown = (event: KeyboardEvent) => {
    const direction = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : event.key === "Escape" ? 0 : null;
    if (direction === null) return;
    event.preventDefault();
    plot.current?.step(direction);
  };
  if (failed) return <p class="notice error">{t("consumption-chart-failed")}</p>;
  return (
    <div
      ref={ref}
      class={small ? "chart-plot small" : "chart-plot"}
      role="img"
      aria-label={label}
      title={t("consumption-chart-keys")}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onBlur={() => plot.current?.step(0)}
    />
  );
}

/** The text of a mark, for tooltips and the table's notes. */
export function markText(mark: Mark): string {
  return t(`consumption-mark-${mark}`);
}

/** The symbol that marks a number in the table: `…` running, `*` measured in part, `~` estimated. */
const MARK_SYMBOL: Record<Mark, string> = { running: "…", partial: "*", estimated: "~" };

function describeSlot(data: BarData, index: number, lang: string): { title: string; lines: string[] } {
  const title = data.slots[index]?.title ?? "";
  if (data.series.every((s) => (s.amounts[index] ?? null) === null)) return { title, lines: [t("consumption-no-data")] };
  const lines: string[] = [];
  for (let bar = 0; bar < data.bars; bar += 1) {
    const stack = data.series.filter((s) => s.bar === bar);
    for (const s of [...stack].reverse()) {
      const amount = s.amounts[index] ?? null;
      const mark = s.marks[index] ?? null;
      const value = amount === null ? t("consumption-no-data") : formatAmount(amount, data.scale, lang);
      lines.push(`${s.label}: ${value}${mark ? ` (${markText(mark)})` : ""}`);
    }
    if (stack.length > 1) {
      const total = stackTotal(data, bar, index);
      lines.push(`${t("consumption-total")}: ${total === null ? t("consumption-no-data") : formatAmount(total, data.scale, lang)}`);
    }
  }
  return { title, lines };
}

interface BarChartProps {
  data: BarData;
  label: string;
  small?: boolean;
}

/** Bars: grouped (previous and current, first and second) or stacked (parts). */
export function BarChart({ data, label, small = false }: BarChartProps) {
  const lang = locale.value;
  const describe: PlotOptions["describe"] = (index) => describeSlot(data, index, lang);
  return (
    <PlotBox
      label={label}
      small={small}
      inputs={[data, lang]}
      draw={(module, target, size) => module.barChart(target, data, { ...size, locale: lang, describe })}
    />
  );
}

interface LineChartProps {
  data: LineData;
  label: string;
  options: Omit<LineOptions, "width" | "height" | "locale" | "describe">;
}

/** A line of means over its min–max band. */
export function LineChart({ data, label, options }: LineChartProps) {
  const lang = locale.value;
  const time = dateTimeFormat(lang, options.timeZone, { dateStyle: "medium", timeStyle: "short" });
  const value = (v: number | null | undefined) => (v === null || v === undefined ? t("consumption-no-data") : formatScaled({ value: v, unit: data.scale.unit }, lang));
  const describe: PlotOptions["describe"] = (index) => ({
    title: time.format(new Date((data.x[index] ?? 0) * 1000)),
    lines: [
      `${t("consumption-mean")}: ${value(data.mean[index])}`,
      `${t("consumption-minimum")}: ${value(data.min[index])}`,
      `${t("consumption-maximum")}: ${value(data.max[index])}`,
    ],
  });
  return (
    <PlotBox
      label={label}
      inputs={[data, lang, options.period, options.from, options.to, options.colour, options.timeZone]}
      draw={(module, target, size) => module.lineChart(target, data, { ...options, ...size, locale: lang, describe })}
    />
  );
}

/** One entry of a legend. */
export interface LegendEntry {
  key: string;
  label: string;
  colour: string;
  /** Beside the name: the series' total, formatted. */
  detail?: string;
}

/** The class that paints a swatch in a series' colour (`--series-3` → `swatch-series-3`). */
export function swatchClass(colour: string): string {
  return `swatch swatch-${colour.replace(/^--/, "")}`;
}

interface LegendProps {
  entries: readonly LegendEntry[];
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  /** Explain striped bars. */
  striped: boolean;
}

/** The series of a chart, each a button that shows or hides it. */
export function Legend({ entries, hidden, onToggle, striped }: LegendProps) {
  return (
    <ul class="chart-legend" aria-label={t("consumption-legend")}>
      {entries.map((e) => (
        <li key={e.key}>
          <button type="button" aria-pressed={!hidden.has(e.key)} onClick={() => onToggle(e.key)} title={t("consumption-legend-toggle")}>
            <span class={swatchClass(e.colour)} aria-hidden="true" />
            <span class="legend-name">{e.label}</span>
            {e.detail && <span class="legend-detail">{e.detail}</span>}
          </button>
        </li>
      ))}
      {striped && (
        <li class="legend-note">
          <span class="swatch swatch-striped" aria-hidden="true" />
          {t("consumption-legend-striped")}
        </li>
      )}
    </ul>
  );
}

/** Whether any bar of the chart is marked (striped). */
export function anyMarked(data: BarData): boolean {
  return data.series.some((s) => s.marks.some((m) => m !== null));
}

function Notes({ marks }: { marks: ReadonlySet<Mark> }) {
  if (marks.size === 0) return null;
  return (
    <ul class="table-notes">
      {[...marks].map((m) => (
        <li key={m}>
          <span aria-hidden="true">{MARK_SYMBOL[m]}</span> {markText(m)}
        </li>
      ))}
    </ul>
  );
}

interface TableProps {
  caption: string;
  shown: boolean;
  id?: string | undefined;
}

interface FrameProps extends TableProps {
  /** The heading of the rows' column (the hour, the day, the time). */
  rows: string;
  /** The headings of the columns of numbers, each followed by the unit. */
  columns: readonly string[];
  unit: string;
  children: ComponentChildren;
  notes?: ComponentChildren;
}

function TableFrame({ caption, shown, id, rows, columns, unit, children, notes }: FrameProps) {
  return (
    // Shown, it scrolls sideways on narrow screens: focusable, so the keyboard can scroll it.
    <div id={id} class={shown ? "table-wrap chart-table" : "visually-hidden"} {...(shown ? { tabIndex: 0, role: "region", "aria-label": caption } : {})}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rows}</th>
            {columns.map((column) => (
              <th scope="col" class="number">
                {column} ({unit})
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
      {notes}
    </div>
  );
}

/** The numbers of a bar chart: one row per bucket, one column per series (and the stack's total). */
export function BarTable({ data, slotHeader, ...frame }: TableProps & { data: BarData; slotHeader: string }) {
  const lang = locale.value;
  const stacked = data.series.filter((s) => s.bar === data.bars - 1).length > 1 ? data.bars - 1 : null;
  const marks = new Set<Mark>();
  const cell = (amount: number | null, mark: Mark | null) => {
    if (mark) marks.add(mark);
    if (amount === null)
      return (
        <>
          <span aria-hidden="true">–</span>
          <span class="visually-hidden">{t("consumption-no-data")}</span>
        </>
      );
    const number = formatFigure(amount, data.scale, lang);
    return (
      <>
        {number}
        {mark && (
          <abbr class="mark" title={markText(mark)}>
            {MARK_SYMBOL[mark]}
          </abbr>
        )}
      </>
    );
  };
  return (
    <TableFrame
      {...frame}
      rows={slotHeader}
      columns={[...data.series.map((s) => s.label), ...(stacked !== null ? [t("consumption-total")] : [])]}
      unit={data.scale.unit}
      notes={<Notes marks={marks} />}
    >
      <tbody>
        {data.slots.map((slot, i) => (
          <tr key={i}>
            <th scope="row">{slot.title}</th>
            {data.series.map((s) => (
              <td class="number" key={s.key}>
                {cell(s.amounts[i] ?? null, s.marks[i] ?? null)}
              </td>
            ))}
            {stacked !== null && <td class="number">{cell(stackTotal(data, stacked, i), null)}</td>}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t("consumption-total")}</th>
          {data.series.map((s) => (
            <td class="number" key={s.key}>
              {cell(s.total, null)}
            </td>
          ))}
          {stacked !== null && (
            <td class="number">
              {cell(
                data.series.filter((s) => s.bar === stacked && s.total !== null).reduce<number | null>((sum, s) => (sum ?? 0) + (s.total ?? 0), null),
                null,
              )}
            </td>
          )}
        </tr>
      </tfoot>
    </TableFrame>
  );
}

/** The numbers of a line chart: one row per point. */
export function LineTable({ data, timeZone, ...frame }: TableProps & { data: LineData; timeZone: string }) {
  const lang = locale.value;
  const time = dateTimeFormat(lang, timeZone, { dateStyle: "short", timeStyle: "short" });
  const number = (v: number | null | undefined) => (v === null || v === undefined ? "" : formatScaled({ value: v, unit: "" }, lang));
  return (
    <TableFrame
      {...frame}
      rows={t("consumption-time")}
      columns={[t("consumption-mean"), t("consumption-minimum"), t("consumption-maximum")]}
      unit={data.scale.unit}
    >
      <tbody>
        {data.x.map((x, i) =>
          data.mean[i] === null ? null : (
            <tr key={x}>
              <th scope="row">{time.format(new Date(x * 1000))}</th>
              <td class="number">{number(data.mean[i])}</td>
              <td class="number">{number(data.min[i])}</td>
              <td class="number">{number(data.max[i])}</td>
            </tr>
          ),
        )}
      </tbody>
    </TableFrame>
  );
}
