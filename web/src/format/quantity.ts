// Values with their units, for people: canonical units from the API (Wh, W, dm3, s, …) scaled to
// the multiple that reads best (kWh, MW, m³, h), numbers in the locale's way.

/** A value scaled for display: the number and the unit symbol to print after it. */
export interface Scaled {
  value: number;
  unit: string;
}

const SI_PREFIXES = ["", "k", "M", "G", "T"] as const;

/** Units that take SI multiples (k, M, G, T) as they grow. */
const PREFIXED = new Set(["Wh", "varh", "VAh", "W", "var", "VA"]);

/** How the API's canonical unit symbols are printed. */
const SYMBOLS: Record<string, string> = { degC: "°C", deg: "°", m3: "m³", dm3: "m³" };

/**
 * The multiple of `unit` that reads best for `magnitude` (the largest value shown together, so a
 * chart's axis and its bars use one unit): Wh → kWh → MWh → GWh, W → kW, dm³ → m³ (gas and water
 * are read in m³ whatever their size), s → h for long durations.
 */
export function scaleFor(magnitude: number, unit: string): { divisor: number; unit: string } {
  const size = Math.abs(magnitude);
  if (PREFIXED.has(unit)) {
    let i = 0;
    let divisor = 1;
    while (size / divisor >= 1000 && i < SI_PREFIXES.length - 1) {
      divisor *= 1000;
      i += 1;
    }
    return { divisor, unit: `${SI_PREFIXES[i]}${unit}` };
  }
  if (unit === "dm3") return { divisor: 1000, unit: "m³" };
  if (unit === "s" && size >= 3600) return { divisor: 3600, unit: "h" };
  return { divisor: 1, unit: SYMBOLS[unit] ?? unit };
}

/** `value` in `unit` scaled with `scaleFor` its own magnitude. */
export function scale(value: number, unit: string): Scaled {
  const { divisor, unit: shown } = scaleFor(value, unit);
  return { value: value / divisor, unit: shown };
}

/**
 * Fraction digits that keep about three significant digits (at least `min`, at most 3):
 * 1 234 kWh, 12.3 kWh, 1.23 kWh, 0.123 kWh.
 */
export function fractionDigits(value: number, min = 0): number {
  const size = Math.abs(value);
  const digits = size === 0 || size >= 100 ? 0 : size >= 10 ? 1 : size >= 1 ? 2 : 3;
  return Math.max(min, digits);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `value` with `digits` fraction digits in `locale`'s way (grouping, decimal separator). */
export function formatNumber(value: number, locale: string, digits: number): string {
  const key = `${locale}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** A number and its unit, separated by a no-break space (no space for `%` in no language: `42 %` vs `42%` is the locale's). */
export function formatScaled(scaled: Scaled, locale: string, digits = fractionDigits(scaled.value)): string {
  const number = formatNumber(scaled.value, locale, digits);
  if (scaled.unit === "") return number;
  if (scaled.unit === "%") {
    return new Intl.NumberFormat(locale, {
      style: "percent",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(scaled.value / 100);
  }
  if (scaled.unit === "°") return `${number}°`;
  return `${number}\u00a0${scaled.unit}`;
}

/** A value of the API in its canonical unit, for people: `formatQuantity(12345, "Wh", "de")` is "12,3 kWh". */
export function formatQuantity(value: number, unit: string, locale: string): string {
  return formatScaled(scale(value, unit), locale);
}

/** Whether a point's unit is a volume (gas and water, shown in m³). */
export function isVolume(unit: string): boolean {
  return unit === "dm3";
}
