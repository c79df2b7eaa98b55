// Sizes and loads of the system information page, for people.
import { formatNumber, fractionDigits } from "../../format/quantity";

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/** A size in bytes in the locale's way, in the multiple of 1000 that reads best ("1.23 GB"). */
export function formatBytes(bytes: number, locale: string): string {
  let size = bytes;
  let i = 0;
  while (Math.abs(size) >= 1000 && i < BYTE_UNITS.length - 1) {
    size /= 1000;
    i += 1;
  }
  const digits = i === 0 ? 0 : fractionDigits(size);
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: BYTE_UNITS[i],
    // "0 bytes", but "1.5 kB": the short form of the byte alone reads oddly ("0 byte").
    unitDisplay: i === 0 ? "long" : "short",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(size);
}

/** A percentage (0–100) in the locale's way. */
export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: "percent",
    maximumFractionDigits: percent < 10 ? 1 : 0,
  }).format(percent / 100);
}

/** A load average with two decimals. */
export function formatLoad(load: number, locale: string): string {
  return formatNumber(load, locale, 2);
}

/** The share of the whole machine's CPU, in %, from ems's use in % of one core. */
export function machineShare(cpuPercent: number, cpuCount: number | null | undefined): number {
  return cpuPercent / Math.max(1, cpuCount ?? 1);
}

/** The seeds' threshold: a CPU use that stays above it "may indicate problems". */
export const CPU_HIGH = 80;

/** How many of the latest samples must all be high for the warning (30 s at a 5-s poll). */
export const HIGH_SAMPLES = 6;

/** Whether CPU use stayed above the threshold in each of the latest samples. */
export function constantlyHigh(samples: readonly number[]): boolean {
  const latest = samples.slice(-HIGH_SAMPLES);
  return latest.length === HIGH_SAMPLES && latest.every((s) => s > CPU_HIGH);
}
