import { describe, expect, it } from "vitest";
import { formatQuantity, scaleFor } from "./quantity";

describe("quantities for people", () => {
  it("energy takes the Wh multiple that keeps about three digits", () => {
    expect(formatQuantity(950, "Wh", "en")).toBe("950\u00a0Wh");
    expect(formatQuantity(12_345, "Wh", "en")).toBe("12.3\u00a0kWh");
    expect(formatQuantity(1_234_567, "Wh", "en")).toBe("1.23\u00a0MWh");
    expect(formatQuantity(4_200_000_000, "Wh", "en")).toBe("4.20\u00a0GWh");
  });

  it("numbers follow the locale's separators", () => {
    expect(formatQuantity(12_345, "Wh", "de")).toBe("12,3\u00a0kWh");
    expect(formatQuantity(123_456, "W", "it")).toBe("123\u00a0kW");
    expect(formatQuantity(1_234.4, "V", "fr")).toBe("1\u202f234\u00a0V");
  });

  it("gas and water volumes are shown in cubic metres", () => {
    expect(formatQuantity(2_500, "dm3", "en")).toBe("2.50\u00a0m³");
    expect(formatQuantity(250, "dm3", "es")).toBe("0,250\u00a0m³");
  });

  it("a chart uses one unit for every bar, chosen from the largest", () => {
    expect(scaleFor(3_400_000, "Wh")).toEqual({ divisor: 1_000_000, unit: "MWh" });
    expect(scaleFor(-3_400, "W")).toEqual({ divisor: 1000, unit: "kW" });
    expect(scaleFor(0, "Wh")).toEqual({ divisor: 1, unit: "Wh" });
  });

  it("power factor has no unit and percentages are the locale's", () => {
    expect(formatQuantity(0.93, "", "en")).toBe("0.930");
    expect(formatQuantity(4.2, "%", "en")).toBe("4.20%");
    expect(formatQuantity(4.2, "%", "de")).toBe("4,20\u00a0%");
  });

  it("long run times are shown in hours", () => {
    expect(formatQuantity(7_200, "s", "en")).toBe("2.00\u00a0h");
    expect(formatQuantity(59, "s", "en")).toBe("59.0\u00a0s");
  });
});
