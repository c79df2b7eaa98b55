import { describe, expect, it } from "vitest";
import { formatCounter, formatWhen } from "./format";

describe("counters and times on the panel board", () => {
  it("energy counters read in kWh with two decimals, as a meter shows them", () => {
    expect(formatCounter(840231438, "Wh", "en")).toBe("840,231.44\u00a0kWh");
    expect(formatCounter(1401, "Wh", "de")).toBe("1,40\u00a0kWh");
    expect(formatCounter(551, "varh", "en")).toBe("0.55\u00a0kvarh");
    expect(formatCounter(1527, "VAh", "en")).toBe("1.53\u00a0kVAh");
  });

  it("gas and water counters read in m³ with three decimals, run time in hours", () => {
    expect(formatCounter(6672675, "dm3", "it")).toBe("6672,675\u00a0m³");
    expect(formatCounter(5400, "s", "en")).toBe("1.50\u00a0h");
  });

  it("a time of today is its time of day, of another day date and time, in the site's zone", () => {
    const now = new Date("2026-11-21T15:00:00Z");
    expect(formatWhen("2026-11-21T08:00:00Z", "en-GB", "Europe/Rome", now)).toBe("09:00:00");
    expect(formatWhen("2026-11-20T08:00:00Z", "en-GB", "Europe/Rome", now)).toBe("20 Nov 2026, 09:00:00");
    // 23:30 UTC is already tomorrow in Rome.
    expect(formatWhen("2026-11-20T23:30:00Z", "en-GB", "Europe/Rome", now)).toBe("00:30:00");
  });
});
