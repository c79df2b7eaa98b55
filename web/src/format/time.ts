// Instants and dates for people, in the site's time zone and the locale's way.

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date and time format of the locale in `timeZone`, made once and kept. */
export function dateTimeFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

/** An instant of the API (RFC 3339) as a date and a time of day in `timeZone`. */
export function formatDateTime(instant: string, locale: string, timeZone: string): string {
  return dateTimeFormat(locale, timeZone, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(instant));
}

/** An instant's time of day in `timeZone` (for values of today). */
export function formatTime(instant: string, locale: string, timeZone: string): string {
  return dateTimeFormat(locale, timeZone, { timeStyle: "medium" }).format(new Date(instant));
}

/** A local date of the API (`YYYY-MM-DD`) in the locale's long way ("21 November 2026"). */
export function formatDate(date: string, locale: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return dateTimeFormat(locale, "UTC", { dateStyle: "long" }).format(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** Today's date (`YYYY-MM-DD`) in `timeZone`. */
export function today(timeZone: string, now: Date = new Date()): string {
  return dateTimeFormat("en-CA", timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** How long ago `instant` was, in words ("3 minutes ago"). */
export function formatAgo(instant: string, locale: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(instant).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const size = Math.abs(seconds);
  if (size < 60) return format.format(seconds, "second");
  if (size < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (size < 86_400) return format.format(Math.round(seconds / 3600), "hour");
  return format.format(Math.round(seconds / 86_400), "day");
}
