// Local dates of the site as the instants the audit log is filtered by: a day starts at its first
// instant in the site's time zone (not always midnight: some zones skip it when clocks change).

/** The offset of `timeZone` from UTC at `instant` (ms since the epoch), in minutes. */
export function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

function localDate(instant: number, timeZone: string): string {
  return new Date(instant + offsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** `instant` as RFC 3339 with seconds and the offset of `timeZone` there (`2026-03-29T00:00:00+01:00`). */
export function rfc3339(instant: number, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const wall = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  const size = Math.abs(offset);
  const hours = String(Math.floor(size / 60)).padStart(2, "0");
  const minutes = String(size % 60).padStart(2, "0");
  return `${wall}${offset < 0 ? "-" : "+"}${hours}:${minutes}`;
}

/** The first instant of the local date `date` (`YYYY-MM-DD`) in `timeZone`, as RFC 3339. */
export function startOfDay(date: string, timeZone: string): string {
  const [y = 1970, m = 1, d = 1] = date.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d);
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  const second = wall - offsetMinutes(first, timeZone) * 60_000;
  // Midnight that happens twice (clocks back) counts from its first time; midnight that does
  // not happen (clocks forward) gives the instant the day begins instead.
  const candidates = [first, second].filter((i) => localDate(i, timeZone) === date).sort((a, b) => a - b);
  return rfc3339(candidates[0] ?? first, timeZone);
}

/** The local date after `date`. */
export function nextDate(date: string): string {
  const [y = 1970, m = 1, d = 1] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
