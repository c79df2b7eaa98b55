import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { isFinal, latestReading, retryDelay } from "./stream";

describe("the live stream's reconnection", () => {
  it("waits longer after each failure, at most half a minute", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it("gives up on an ended session, a refusal and a device that is gone, not on anything else", () => {
    expect(isFinal(new ApiError(401, null))).toBe(true);
    expect(isFinal(new ApiError(403, null))).toBe(true);
    expect(isFinal(new ApiError(404, null))).toBe(true);
    expect(isFinal(new ApiError(0, null))).toBe(false);
    expect(isFinal(new ApiError(503, null))).toBe(false);
    expect(isFinal(new Error("other"))).toBe(false);
  });

  it("the latest reading of a state is its newest point", () => {
    const at = (timestamp: string) => ({ point: "p", unit: "W", value: 1, quality: "good", timestamp });
    expect(
      latestReading({ device: "d", points: [at("2026-11-21T10:00:01Z"), at("2026-11-21T10:00:03Z"), at("2026-11-21T10:00:02Z")] }),
    ).toBe(Date.parse("2026-11-21T10:00:03Z"));
    expect(latestReading({ device: "d", points: [] })).toBe(-Infinity);
  });
});
