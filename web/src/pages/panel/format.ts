// Counters as a meter's display shows them: energies in kWh (kvarh, kVAh) with two decimals,
// volumes in m³ with three, run time in hours; so a reading moves as the meter's does, where
// `formatQuantity`'s three significant digits would hide it for days.
import { formatNumber, formatQuantity } from "../../format/quantity";
import { formatDateTime, formatTime, today } from "../../format/time";

const KILO = new Set(["Wh", "varh", "VAh"]);

/** A counter's reading in `unit` (the API's canonical unit) for people. */
export function formatCounter(value: number, unit: string, locale: string): string {
  if (KILO.has(unit)) return `${formatNumber(value / 1000, locale, 2)}\u00a0k${unit}`;
  if (unit === "dm3") return `${formatNumber(value / 1000, locale, 3)}\u00a0m³`;
  if (unit === "s") return `${formatNumber(value / 3600, locale, 2)}\u00a0h`;
  return formatQuantity(value, unit, locale);
}

/** An instant of today as its time of day, of another day as date and time, in `timeZone`. */
export function formatWhen(instant: string, locale: string, timeZone: string, now: Date = new Date()): string {
  return today(timeZone, new Date(instant)) === today(timeZone, now)
    ? formatTime(instant, locale, timeZone)
    : formatDateTime(instant, locale, timeZone);
}
