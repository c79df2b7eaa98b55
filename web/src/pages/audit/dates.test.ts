import { describe, expect, it } from "vitest";
import { nextDate, offsetMinutes, rfc3339, startOfDay } from "./dates";

describe("the site's local days as instants", () => {
  it("a day starts at local midnight with the offset in force then", () => {
    expect(startOfDay("2026-01-15", "Europe/Rome")).toBe("2026-01-15T00:00:00+01:00");
    expect(startOfDay("2026-07-15", "Europe/Rome")).toBe("2026-07-15T00:00:00+02:00");
    expect(startOfDay("2026-07-15", "UTC")).toBe("2026-07-15T00:00:00+00:00");
    expect(startOfDay("2026-07-15", "America/St_Johns")).toBe("2026-07-15T00:00:00-02:30");
    expect(startOfDay("2026-07-15", "Asia/Kolkata")).toBe("2026-07-15T00:00:00+05:30");
  });

  it("the days of a clock change start at their first instant", () => {
    // Clocks go back and forth at 02:00/03:00 in Rome: midnight is ordinary.
    expect(startOfDay("2026-03-29", "Europe/Rome")).toBe("2026-03-29T00:00:00+01:00");
    expect(startOfDay("2026-10-25", "Europe/Rome")).toBe("2026-10-25T00:00:00+02:00");
    // Santiago and Havana skip midnight when clocks go forward: the day starts at 01:00.
    expect(startOfDay("2026-09-06", "America/Santiago")).toBe("2026-09-06T01:00:00-03:00");
    expect(startOfDay("2026-03-08", "America/Havana")).toBe("2026-03-08T01:00:00-04:00");
    // Havana has midnight twice when clocks go back: the day starts at the first.
    expect(startOfDay("2026-11-01", "America/Havana")).toBe("2026-11-01T00:00:00-04:00");
  });

  it("offsets and instants are written as RFC 3339 with seconds", () => {
    expect(offsetMinutes(Date.UTC(2026, 0, 1), "Europe/Rome")).toBe(60);
    expect(rfc3339(Date.UTC(2026, 0, 1, 12, 0, 5), "America/New_York")).toBe("2026-01-01T07:00:05-05:00");
  });

  it("the day after crosses months and years", () => {
    expect(nextDate("2026-01-31")).toBe("2026-02-01");
    expect(nextDate("2028-02-28")).toBe("2028-02-29");
    expect(nextDate("2026-12-31")).toBe("2027-01-01");
  });
});
