import { effect } from "@preact/signals";
import { describe, expect, it } from "vitest";
import { LiveDevice, pointChanged, type DeviceState, type PointState } from "./live";

const point = (name: string, value: number, timestamp = "2026-11-21T10:00:00Z", extra: Partial<PointState> = {}) =>
  ({ point: name, unit: "W", value, quality: "good", timestamp, min: null, max: null, ...extra }) satisfies PointState;

const state = (points: PointState[], status = "on"): DeviceState => ({
  device: "main",
  status,
  status_since: "2026-11-21T08:00:00Z",
  last_error: null,
  points,
});

describe("the live values of a device", () => {
  it("a reading that only has a newer time changes nothing shown", () => {
    const a = point("active_power", 10, "2026-11-21T10:00:00Z");
    expect(pointChanged(a, { ...a, timestamp: "2026-11-21T10:00:01Z" })).toBe(false);
    expect(pointChanged(a, { ...a, value: 11 })).toBe(true);
    expect(pointChanged(a, { ...a, quality: "stale" })).toBe(true);
    expect(pointChanged(a, { ...a, max: { value: 12, at: "2026-11-21T09:00:00Z" } })).toBe(true);
  });

  it("a snapshot sets the status and the points in the order sent", () => {
    const live = new LiveDevice("main");
    live.replace(state([point("voltage_l1", 230), point("active_power", 10)]));
    expect(live.status.value).toEqual({ status: "on", since: "2026-11-21T08:00:00Z", lastError: null });
    expect(live.names.value).toEqual(["voltage_l1", "active_power"]);
    expect(live.point("active_power")?.value.value).toBe(10);
  });

  it("new values re-render only the points whose values changed", () => {
    const live = new LiveDevice("main");
    live.replace(state([point("voltage_l1", 230), point("active_power", 10)]));
    const renders = { voltage_l1: 0, active_power: 0, names: 0 };
    const stops = [
      effect(() => void (live.point("voltage_l1")?.value, (renders.voltage_l1 += 1))),
      effect(() => void (live.point("active_power")?.value, (renders.active_power += 1))),
      effect(() => void (live.names.value, (renders.names += 1))),
    ];
    live.update([point("voltage_l1", 230, "2026-11-21T10:00:01Z"), point("active_power", 12, "2026-11-21T10:00:01Z")]);
    stops.forEach((stop) => stop());
    expect(renders).toEqual({ voltage_l1: 1, active_power: 2, names: 1 });
    expect(live.updated.value).toBe("2026-11-21T10:00:01Z");
  });

  it("a point seen for the first time is added after the others", () => {
    const live = new LiveDevice("main");
    live.replace(state([point("voltage_l1", 230)]));
    live.update([point("frequency", 50)]);
    expect(live.names.value).toEqual(["voltage_l1", "frequency"]);
  });

  it("a status event replaces everything: points no longer sent are dropped", () => {
    const live = new LiveDevice("main");
    live.replace(state([point("voltage_l1", 230), point("active_power", 10)]));
    live.replace({ ...state([point("voltage_l1", 230, undefined, { quality: "stale" })], "communication_error"), last_error: "no answer" });
    expect(live.names.value).toEqual(["voltage_l1"]);
    expect(live.point("active_power")).toBeUndefined();
    expect(live.point("voltage_l1")?.value.quality).toBe("stale");
    expect(live.status.value?.lastError).toBe("no answer");
  });

  it("the time of the last reading never goes back, whatever the digits of the seconds", () => {
    const live = new LiveDevice("main");
    live.update([point("a", 1, "2026-11-21T10:00:00.95Z")]);
    live.update([point("a", 2, "2026-11-21T10:00:00.9Z")]);
    expect(live.updated.value).toBe("2026-11-21T10:00:00.95Z");
  });
});
