// The charts themselves, drawn by uPlot: bars (side by side and stacked) and a line with its
// min–max band. Loaded on first use, so uPlot is not part of the interface's first load.
// Colours, lines and type are read from the page's CSS variables where the chart is shown, so the
// light and dark themes and the full-screen type apply; tooltips follow uPlot's cursor (mouse,
// touch, or the arrow keys through `step`).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Period } from "../format/period";
import { formatTick, rectsOf, topsOf, type BarData, type LineData } from "./shape";

/** A chart on the page. */
export interface Plot {
  resize(width: number, height: number): void;
  /** Moves the tooltip to the next (+1) or previous (−1) bucket; 0 hides it. */
  step(direction: -1 | 0 | 1): void;
  destroy(): void;
}

/** What every chart needs besides its data. */
export interface PlotOptions {
  width: number;
  height: number;
  locale: string;
  /** The tooltip of slot or point `index`: a title and lines. */
  describe: (index: number) => { title: string; lines: string[] };
}

/** The theme where the chart is: colours by CSS custom property, and the type. */
interface Theme {
  colour: (property: string) => string;
  text: string;
  grid: string;
  background: string;
  font: string;
  fontSize: number;
}

function themeOf(element: HTMLElement): Theme {
  const style = getComputedStyle(element);
  // A CSS custom property of the theme (`--series-1`), or a colour of the data's own (a tariff's `#d55e00`).
  const colour = (property: string) => (property.startsWith("--") ? style.getPropertyValue(property).trim() || style.color : property);
  const fontSize = Number.parseFloat(style.fontSize) || 16;
  return {
    colour,
    text: colour("--fg-soft"),
    grid: colour("--line"),
    background: colour("--bg"),
    font: `${Math.round(fontSize * 0.8)}px ${style.fontFamily}`,
    fontSize: fontSize * 0.8,
  };
}

/** `colour` (`#rrggbb` or `rgb()`) at `alpha` opacity. */
function translucent(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex) return `rgb(${Number.parseInt(hex[1]!, 16)} ${Number.parseInt(hex[2]!, 16)} ${Number.parseInt(hex[3]!, 16)} / ${alpha})`;
  const rgb = /^rgba?\(([^)]+)\)$/.exec(colour);
  if (rgb) {
    const [r, g, b] = rgb[1]!.split(/[ ,/]+/);
    return `rgb(${r} ${g} ${b} / ${alpha})`;
  }
  return colour;
}

/** Diagonal stripes of `colour`: the fill of bars that are not a whole measured amount. */
function stripes(ctx: CanvasRenderingContext2D, colour: string, background: string): CanvasPattern | string {
  const size = Math.round(8 * uPlot.pxRatio);
  const tile = document.createElement("canvas");
  tile.width = tile.height = size;
  const pen = tile.getContext("2d");
  if (!pen) return colour;
  pen.fillStyle = background;
  pen.fillRect(0, 0, size, size);
  pen.strokeStyle = colour;
  pen.lineWidth = size / 3;
  pen.beginPath();
  for (const offset of [-size, 0, size]) {
    pen.moveTo(offset, size);
    pen.lineTo(offset + size, 0);
  }
  pen.stroke();
  return ctx.createPattern(tile, "repeat") ?? colour;
}

/** The tooltip: a box in uPlot's overlay that follows the cursor. */
function tooltip(over: HTMLElement): { show(u: uPlot, content: { title: string; lines: string[] }): void; hide(): void } {
  const box = document.createElement("div");
  box.className = "chart-tip";
  box.setAttribute("role", "status");
  box.hidden = true;
  over.appendChild(box);
  return {
    show(u, content) {
      const title = document.createElement("strong");
      title.textContent = content.title;
      box.replaceChildren(
        title,
        ...content.lines.map((line) => {
          const row = document.createElement("span");
          row.textContent = line;
          return row;
        }),
      );
      box.hidden = false;
      const left = u.cursor.left ?? 0;
      const top = u.cursor.top ?? 0;
      const width = over.clientWidth;
      // Beside the cursor, on the side with more room.
      const x = left > width / 2 ? left - box.offsetWidth - 12 : left + 12;
      const y = Math.max(0, Math.min(top - box.offsetHeight / 2, over.clientHeight - box.offsetHeight));
      box.style.transform = `translate(${Math.round(Math.max(0, x))}px, ${Math.round(y)}px)`;
    },
    hide() {
      box.hidden = true;
    },
  };
}

function axisCommon(theme: Theme): uPlot.Axis {
  return {
    stroke: theme.text,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
  };
}

/** The vertical axis: numbers in the locale, the unit as its label, wide enough for its numbers. */
function valueAxis(theme: Theme, locale: string, unit: string): uPlot.Axis {
  return {
    ...axisCommon(theme),
    label: unit,
    labelSize: theme.fontSize * 1.6,
    space: theme.fontSize * 3,
    values: (_u, splits, _axis, _space, step) => splits.map((v) => formatTick(v, step, locale)),
    size: (_u, values) => Math.ceil(Math.max(2, ...(values ?? []).map((v) => v.length)) * theme.fontSize * 0.62 + 12),
  };
}

/** The mark the UI benchmark waits for (scripts/bench-ui.sh): the page's first chart is drawn and takes input. */
const FIRST_CHART_MARK = "ems-chart-drawn";

function markFirstChart(): void {
  if (performance.getEntriesByName(FIRST_CHART_MARK).length === 0) performance.mark(FIRST_CHART_MARK);
}

function plotShell(
  target: HTMLElement,
  options: PlotOptions,
  config: Omit<uPlot.Options, "width" | "height">,
  data: uPlot.AlignedData,
  slots: () => number,
  slotPosition: (u: uPlot, index: number) => number,
): Plot {
  let tip: ReturnType<typeof tooltip> | null = null;
  const u = new uPlot(
    {
      ...config,
      width: options.width,
      height: options.height,
      legend: { show: false },
      cursor: {
        ...config.cursor,
        points: { show: false },
        drag: { x: false, y: false, setScale: false },
      },
      hooks: {
        ...config.hooks,
        init: [(self) => void (tip = tooltip(self.over))],
        draw: [...(config.hooks?.draw ?? []), markFirstChart],
        setCursor: [
          (self) => {
            const index = self.cursor.idx;
            if (index === null || index === undefined || !tip) tip?.hide();
            else tip.show(self, options.describe(index));
          },
        ],
      },
    },
    data,
    target,
  );
  let keyIndex: number | null = null;
  return {
    resize(width, height) {
      u.setSize({ width, height });
    },
    step(direction) {
      const count = slots();
      if (direction === 0 || count === 0) {
        keyIndex = null;
        u.setCursor({ left: -10, top: -10 });
        return;
      }
      keyIndex = keyIndex === null ? (direction > 0 ? 0 : count - 1) : Math.min(count - 1, Math.max(0, keyIndex + direction));
      u.setCursor({ left: slotPosition(u, keyIndex), top: u.over.clientHeight / 3 });
    },
    destroy() {
      u.destroy();
    },
  };
}

/** Bars per slot, side by side and stacked as `data` says, striped where a mark applies. */
export function barChart(target: HTMLElement, data: BarData, options: PlotOptions): Plot {
  const theme = themeOf(target);
  const rects = rectsOf(data);
  const count = data.slots.length;
  const patterns = new Map<string, CanvasPattern | string>();
  const colours = data.series.map((s) => theme.colour(s.colour));

  const paths: uPlot.Series.PathBuilder = (u, seriesIndex) => {
    const index = seriesIndex - 1;
    const colour = colours[index] ?? theme.text;
    const slotWidth = Math.abs(u.valToPos(1, "x", true) - u.valToPos(0, "x", true));
    const groupWidth = slotWidth * (data.bars > 1 ? 0.84 : 0.7);
    const barWidth = groupWidth / Math.max(1, data.bars);
    const gap = data.bars > 1 ? Math.min(2 * uPlot.pxRatio, barWidth * 0.1) : 0;
    const plain = new Path2D();
    const marked = new Path2D();
    const edges = new Path2D();
    for (const r of rects) {
      if (r.series !== index) continue;
      const left = u.valToPos(r.slot, "x", true) - groupWidth / 2 + r.bar * barWidth + gap / 2;
      const bottom = u.valToPos(r.from, "y", true);
      const top = u.valToPos(r.to, "y", true);
      const rect: [number, number, number, number] = [left, Math.min(top, bottom), barWidth - gap, Math.abs(bottom - top)];
      (r.mark ? marked : plain).rect(...rect);
      edges.rect(...rect);
    }
    let pattern = patterns.get(colour);
    if (!pattern) {
      pattern = stripes(u.ctx, colour, theme.background);
      patterns.set(colour, pattern);
    }
    return {
      fill: new Map<string | CanvasPattern, Path2D>([
        [colour, plain],
        [pattern, marked],
      ]),
      // The background between the pieces of a stack keeps them apart.
      stroke: new Map<string, Path2D>([[theme.background, edges]]),
      flags: 0,
    };
  };

  const tops = topsOf(data);
  const spacing = Math.max(...data.slots.map((s) => s.label.length), 2) * theme.fontSize * 0.62 + 14;
  return plotShell(
    target,
    options,
    {
      cursor: { x: false, y: false },
      scales: {
        x: { time: false, range: [-0.5, count - 0.5] },
        y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] },
      },
      axes: [
        {
          ...axisCommon(theme),
          grid: { show: false },
          space: spacing,
          incrs: [1, 2, 3, 4, 6, 12, 24],
          values: (_u, splits) => splits.map((v) => data.slots[Math.round(v)]?.label ?? ""),
        },
        valueAxis(theme, options.locale, data.scale.unit),
      ],
      series: [
        {},
        ...data.series.map((s, i) => ({
          label: s.label,
          stroke: colours[i] ?? theme.text,
          fill: colours[i] ?? theme.text,
          width: 1,
          paths,
          points: { show: false },
        })),
      ],
    },
    [data.slots.map((_, i) => i), ...tops],
    () => count,
    (u, index) => u.valToPos(index, "x"),
  );
}

/** Ticks of a period's time axis: the steps uPlot may choose (seconds), and their labels. */
const TIME_AXIS: Record<Period, { incrs: number[]; label: Intl.DateTimeFormatOptions }> = {
  day: { incrs: [3600, 7200, 10800, 21600, 43200], label: { hour: "2-digit", minute: "2-digit" } },
  month: { incrs: [86400, 2 * 86400, 5 * 86400, 7 * 86400, 10 * 86400], label: { day: "numeric", month: "short" } },
  year: { incrs: [30 * 86400, 60 * 86400, 90 * 86400, 180 * 86400], label: { month: "short" } },
  decade: { incrs: [365 * 86400, 2 * 365 * 86400, 5 * 365 * 86400], label: { year: "numeric" } },
};

/** Where a line chart is: its period (from, to in seconds) in the site's time zone. */
export interface LineOptions extends PlotOptions {
  period: Period;
  timeZone: string;
  from: number;
  to: number;
  /** The CSS custom property of the line's colour. */
  colour: string;
}

/** The mean as a line over its min–max band, broken where data is missing. */
export function lineChart(target: HTMLElement, data: LineData, options: LineOptions): Plot {
  const theme = themeOf(target);
  const colour = theme.colour(options.colour);
  const band = translucent(colour, 0.22);
  const edge = translucent(colour, 0.55);
  const axis = TIME_AXIS[options.period];
  const format = new Intl.DateTimeFormat(options.locale, { ...axis.label, timeZone: options.timeZone });
  return plotShell(
    target,
    options,
    {
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), options.timeZone),
      scales: { x: { time: true, range: [options.from, options.to] } },
      axes: [
        {
          ...axisCommon(theme),
          space: Math.max(56, theme.fontSize * 5),
          incrs: axis.incrs,
          values: (_u, splits) => splits.map((s) => format.format(new Date(s * 1000))),
        },
        valueAxis(theme, options.locale, data.scale.unit),
      ],
      series: [
        {},
        { label: "mean", stroke: colour, width: 2, points: { show: false } },
        { label: "min", stroke: edge, width: 1, points: { show: false } },
        { label: "max", stroke: edge, width: 1, points: { show: false } },
      ],
      bands: [{ series: [3, 2], fill: band }],
      cursor: { x: true, y: false },
    },
    [data.x, data.mean, data.min, data.max],
    () => data.x.length,
    (u, index) => u.valToPos(data.x[index] ?? 0, "x"),
  );
}
