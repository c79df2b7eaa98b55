// The periods consumption is shown by (a day by hours, a month by days, a year by months, ten
// years by years) and stepping between them on the site's calendar. Dates are local dates of the
// site, `YYYY-MM-DD`, computed as calendar arithmetic: no instant, no time zone involved.

export const PERIODS = ["day", "month", "year", "decade"] as const;
export type Period = (typeof PERIODS)[number];

export function isPeriod(value: string | null | undefined): value is Period {
  return (PERIODS as readonly string[]).includes(value ?? "");
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parse(date: string): Ymd | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return { y, m, d };
}

function print({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` in the range the API accepts. */
export function isDate(value: string | null | undefined): value is string {
  const ymd = parse(value ?? "");
  return !!ymd && ymd.y >= 1000 && ymd.y <= 8999;
}

/** `date` moved by `steps` periods; a day of the month that does not exist becomes the month's last (31 Mar − 1 month = 28/29 Feb). */
export function shiftDate(date: string, period: Period, steps: number): string {
  const ymd = parse(date);
  if (!ymd) return date;
  if (period === "day") {
    const moved = new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d + steps));
    return print({ y: moved.getUTCFullYear(), m: moved.getUTCMonth() + 1, d: moved.getUTCDate() });
  }
  const months = period === "month" ? steps : period === "year" ? 12 * steps : 120 * steps;
  const index = ymd.y * 12 + (ymd.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return print({ y, m, d: Math.min(ymd.d, daysIn(y, m)) });
}

/** The first day of the period `date` is in (ten years end with the date's year, as the API has them). */
export function periodStart(date: string, period: Period): string {
  const ymd = parse(date);
  if (!ymd) return date;
  switch (period) {
    case "day":
      return date;
    case "month":
      return print({ ...ymd, d: 1 });
    case "year":
      return print({ y: ymd.y, m: 1, d: 1 });
    case "decade":
      return print({ y: ymd.y - 9, m: 1, d: 1 });
  }
}

/** The first day after the period `date` is in. */
export function periodEnd(date: string, period: Period): string {
  const ymd = parse(date);
  if (!ymd) return date;
  switch (period) {
    case "day":
      return shiftDate(date, "day", 1);
    case "month":
      return shiftDate(print({ ...ymd, d: 1 }), "month", 1);
    case "year":
    case "decade":
      return print({ y: ymd.y + 1, m: 1, d: 1 });
  }
}

/** A date in the period before the one `date` is in. */
export function previousDate(date: string, period: Period): string {
  return shiftDate(date, period, -1);
}

/**
 * A date in the period after the one `date` is in, no later than `today`; null when that period
 * has not begun.
 */
export function nextDate(date: string, period: Period, today: string): string | null {
  const next = shiftDate(date, period, 1);
  if (periodStart(next, period) > today) return null;
  return next > today ? today : next;
}

/** Whether `date`'s period is the one today is in (still running). */
export function isCurrentPeriod(date: string, period: Period, today: string): boolean {
  return periodStart(date, period) <= today && today < periodEnd(date, period);
}
