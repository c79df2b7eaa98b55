// The harmonics of an internal meter (`GET /api/v1/live/{device}/harmonics`) shaped for a bar
// chart and its table: per order from the 2nd to the highest, each phase's share of the
// fundamental side by side. Pure functions: no DOM, no uPlot.
import type { Schemas } from "../../api/client";
import type { BarData } from "../../charts/shape";

export type Harmonics = Schemas["HarmonicsView"];

/** What the chart shows: the voltages' harmonics or the currents'. */
export type Quantity = "voltage" | "current";

export const QUANTITIES: readonly Quantity[] = ["voltage", "current"];

/** The quantity a page address asks for (`?harmonics=current`); voltage otherwise. */
export function parseQuantity(text: string | null): Quantity {
  return text === "current" ? "current" : "voltage";
}

/** Whether a device measures harmonics: an internal meter (a device with `meter` settings) does. */
export function measuresHarmonics(device: Schemas["DeviceView"]): boolean {
  return device.meter !== null && device.meter !== undefined;
}

/** One conductor's harmonics: its name as printed, its fundamental, each order's share. */
export interface Channel {
  /** `L1`, or `L1-L2` for a line-to-line voltage. */
  label: string;
  /** The RMS value of the fundamental, in `unit`. */
  fundamental: number | null;
  /** Per order from 2 to the highest, in % of the fundamental; null when it has none. */
  percent: (number | null)[];
}

/** The harmonics of one quantity, ready for a chart and a table. */
export interface Spectrum {
  /** The unit of the fundamentals: `V` or `A`. */
  unit: "V" | "A";
  /** The orders shown, from 2 to the highest. */
  orders: number[];
  channels: Channel[];
}

/** `l1` → `L1`, `l1_l2` → `L1-L2`. */
export function conductorLabel(name: string): string {
  return name.toUpperCase().replace("_", "-");
}

function channel(name: string, rms: readonly number[], percent: readonly number[] | null | undefined, orders: readonly number[]): Channel {
  return {
    label: conductorLabel(name),
    fundamental: rms[0] ?? null,
    percent: orders.map((order) => percent?.[order - 1] ?? null),
  };
}

/**
 * The harmonics of `quantity`: the phases' currents, or their voltages to neutral (a three-wire
 * system has none: then its line-to-line voltages). Null when the device has measured none yet.
 */
export function spectrumOf(h: Harmonics, quantity: Quantity): Spectrum | null {
  if (!h.timestamp || h.max_order < 2) return null;
  const orders = Array.from({ length: h.max_order - 1 }, (_, i) => i + 2);
  if (quantity === "current") {
    const channels = h.current.map((c) => channel(c.phase, c.rms_a, c.percent, orders));
    return channels.length > 0 ? { unit: "A", orders, channels } : null;
  }
  const channels =
    h.voltage.length > 0
      ? h.voltage.map((v) => channel(v.phase, v.rms_v, v.percent, orders))
      : h.line_voltage.map((v) => channel(v.pair, v.rms_v, v.percent, orders));
  return channels.length > 0 ? { unit: "V", orders, channels } : null;
}

/** The chart: one slot per order, the channels side by side in the series colours, in %. */
export function harmonicBars(spectrum: Spectrum, orderTitle: (order: number) => string): BarData {
  return {
    slots: spectrum.orders.map((order) => ({ label: String(order), title: orderTitle(order) })),
    bars: spectrum.channels.length,
    series: spectrum.channels.map((c, i) => ({
      key: c.label,
      label: c.label,
      colour: `--series-${i + 1}`,
      bar: i,
      amounts: c.percent,
      marks: c.percent.map(() => null),
      total: null,
    })),
    unit: "%",
    scale: { divisor: 1, unit: "%" },
  };
}
