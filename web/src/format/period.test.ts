import { describe, expect, it } from "vitest";
import { isCurrentPeriod, isDate, isPeriod, nextDate, periodEnd, periodStart, previousDate, shiftDate } from "./period";

describe("periods on the site's calendar", () => {
  it("only the four periods and real dates are accepted", () => {
    expect(isPeriod("month")).toBe(true);
    expect(isPeriod("week")).toBe(false);
    expect(isPeriod(null)).toBe(false);
    expect(isDate("2026-02-28")).toBe(true);
    expect(isDate("2026-02-29")).toBe(false);
    expect(isDate("2024-02-29")).toBe(true);
    expect(isDate("2026-13-01")).toBe(false);
    expect(isDate("0999-01-01")).toBe(false);
    expect(isDate("21/11/2026")).toBe(false);
  });

  it("a day steps over month and year ends", () => {
    expect(shiftDate("2026-03-01", "day", -1)).toBe("2026-02-28");
    expect(shiftDate("2026-12-31", "day", 1)).toBe("2027-01-01");
    expect(shiftDate("2024-03-01", "day", -1)).toBe("2024-02-29");
  });

  it("the days clocks change are ordinary calendar days", () => {
    expect(shiftDate("2026-03-29", "day", 1)).toBe("2026-03-30");
    expect(shiftDate("2026-10-25", "day", -1)).toBe("2026-10-24");
  });

  it("a month back from the 31st lands on the last day of a shorter month", () => {
    expect(shiftDate("2026-03-31", "month", -1)).toBe("2026-02-28");
    expect(shiftDate("2026-01-31", "month", 1)).toBe("2026-02-28");
    expect(shiftDate("2026-01-15", "month", -1)).toBe("2025-12-15");
  });

  it("years and ten years keep the day, except 29 February", () => {
    expect(shiftDate("2024-02-29", "year", 1)).toBe("2025-02-28");
    expect(shiftDate("2026-11-21", "decade", -1)).toBe("2016-11-21");
  });

  it("a period starts and ends where the API's does", () => {
    expect([periodStart("2026-11-21", "day"), periodEnd("2026-11-21", "day")]).toEqual(["2026-11-21", "2026-11-22"]);
    expect([periodStart("2026-11-21", "month"), periodEnd("2026-11-21", "month")]).toEqual(["2026-11-01", "2026-12-01"]);
    expect([periodStart("2026-12-21", "month"), periodEnd("2026-12-21", "month")]).toEqual(["2026-12-01", "2027-01-01"]);
    expect([periodStart("2026-11-21", "year"), periodEnd("2026-11-21", "year")]).toEqual(["2026-01-01", "2027-01-01"]);
    // Ten years end with the date's year.
    expect([periodStart("2026-11-21", "decade"), periodEnd("2026-11-21", "decade")]).toEqual(["2017-01-01", "2027-01-01"]);
  });

  it("the arrow back always moves one period, the arrow forward stops at today", () => {
    const today = "2026-11-21";
    expect(previousDate(today, "day")).toBe("2026-11-20");
    expect(nextDate("2026-11-20", "day", today)).toBe("2026-11-21");
    expect(nextDate(today, "day", today)).toBeNull();
    expect(nextDate(today, "month", today)).toBeNull();
    // Next month from 25 October has begun, but its 25th is still to come: today instead.
    expect(nextDate("2026-10-25", "month", today)).toBe(today);
    expect(nextDate("2025-06-01", "year", today)).toBe("2026-06-01");
    expect(nextDate("2016-11-21", "decade", today)).toBe(today);
    expect(nextDate("2020-01-01", "decade", today)).toBe(today);
    expect(nextDate(today, "decade", today)).toBeNull();
  });

  it("the running period is the one today is in", () => {
    expect(isCurrentPeriod("2026-11-02", "month", "2026-11-21")).toBe(true);
    expect(isCurrentPeriod("2026-10-31", "month", "2026-11-21")).toBe(false);
    expect(isCurrentPeriod("2020-05-05", "decade", "2026-11-21")).toBe(false);
    expect(isCurrentPeriod("2026-01-01", "decade", "2026-11-21")).toBe(true);
  });
});
