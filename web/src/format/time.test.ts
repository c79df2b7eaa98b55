import { describe, expect, it } from "vitest";
import { formatAgo, formatDate, formatDateTime, today } from "./time";

describe("dates and times for people", () => {
  it("instants are shown in the site's time zone, not the browser's", () => {
    expect(formatDateTime("2026-07-01T10:00:00Z", "en-GB", "Europe/Rome")).toBe("1 Jul 2026, 12:00:00");
    expect(formatDateTime("2026-01-15T10:00:00Z", "de", "Europe/Berlin")).toBe("15.01.2026, 11:00:00");
  });

  it("a local date is the same day in every time zone", () => {
    expect(formatDate("2026-03-29", "it")).toBe("29 marzo 2026");
    expect(formatDate("2026-03-29", "fr")).toBe("29 mars 2026");
  });

  it("today is the site's date", () => {
    const lateEvening = new Date("2026-11-21T23:30:00Z");
    expect(today("Europe/Rome", lateEvening)).toBe("2026-11-22");
    expect(today("America/New_York", lateEvening)).toBe("2026-11-21");
  });

  it("elapsed time reads naturally in each language", () => {
    const now = Date.parse("2026-11-21T12:00:00Z");
    expect(formatAgo("2026-11-21T11:57:00Z", "en", now)).toBe("3 minutes ago");
    expect(formatAgo("2026-11-21T09:00:00Z", "es", now)).toBe("hace 3 horas");
  });
});
