import { describe, expect, it } from "vitest";
import { constantlyHigh, formatBytes, formatPercent, machineShare } from "./measures";

describe("the measures of the system information page", () => {
  it("sizes read in the multiple of 1000 that fits, in the locale's way", () => {
    expect(formatBytes(0, "en")).toBe("0 bytes");
    expect(formatBytes(999, "en")).toBe("999 bytes");
    expect(formatBytes(16_500, "en")).toBe("16.5 kB");
    expect(formatBytes(6_460_000, "de")).toBe("6,46 MB");
    expect(formatBytes(18_300_000_000, "fr")).toBe("18,3\u202fGo");
  });

  it("ems's CPU use is shared over the machine's cores", () => {
    expect(machineShare(150, 4)).toBe(37.5);
    expect(machineShare(50, null)).toBe(50);
    expect(machineShare(50, 0)).toBe(50);
    expect(formatPercent(37.5, "en")).toBe("38%");
    expect(formatPercent(0.84, "en")).toBe("0.8%");
  });

  it("the CPU warning needs thirty seconds above 80 %, not one busy moment", () => {
    expect(constantlyHigh([90, 95, 99, 85, 81, 82])).toBe(true);
    expect(constantlyHigh([90, 95, 99, 85, 81])).toBe(false);
    expect(constantlyHigh([90, 95, 99, 85, 79, 82])).toBe(false);
    expect(constantlyHigh([10, 90, 95, 99, 85, 81, 82])).toBe(true);
  });
});
