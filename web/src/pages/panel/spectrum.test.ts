import { describe, expect, it } from "vitest";
import { conductorLabel, harmonicBars, measuresHarmonics, parseQuantity, spectrumOf, type Harmonics } from "./spectrum";

/** 40 orders of a fundamental with some harmonics, as `[order, percent]`. */
function orders(fundamental: number, harmonics: [number, number][]): { rms: number[]; percent: number[] | null } {
  const rms = Array.from({ length: 40 }, (_, i) => (i === 0 ? fundamental : 0));
  for (const [order, share] of harmonics) rms[order - 1] = (fundamental * share) / 100;
  return { rms, percent: fundamental > 0 ? rms.map((v) => (100 * v) / fundamental) : null };
}

function answer(): Harmonics {
  const voltage = orders(230, [
    [5, 2.8],
    [7, 1.6],
  ]);
  const current = orders(52, [[3, 12]]);
  const none = orders(0, []);
  return {
    device: "incomer",
    timestamp: "2026-11-21T10:15:01Z",
    quality: "good",
    fundamental_hz: 50,
    max_order: 40,
    voltage: (["l1", "l2", "l3"] as const).map((phase) => ({ phase, rms_v: voltage.rms, percent: voltage.percent })),
    current: [
      { phase: "l1", rms_a: current.rms, percent: current.percent },
      { phase: "l2", rms_a: none.rms, percent: none.percent },
    ],
    line_voltage: (["l1_l2", "l2_l3", "l3_l1"] as const).map((pair) => ({ pair, rms_v: voltage.rms, percent: voltage.percent })),
  };
}

describe("the harmonics of an internal meter", () => {
  it("only devices with internal meter settings measure harmonics", () => {
    const modbus = { name: "Main", profile: "eastron.sdm630", link: "bus", unit_id: 1, meter: null } as Parameters<typeof measuresHarmonics>[0];
    expect(measuresHarmonics(modbus)).toBe(false);
    expect(measuresHarmonics({ ...modbus, profile: "internal.meter", meter: { wiring: "3p4w" } } as typeof modbus)).toBe(true);
  });

  it("the address chooses voltage or current, voltage unless it says current", () => {
    expect(parseQuantity(null)).toBe("voltage");
    expect(parseQuantity("current")).toBe("current");
    expect(parseQuantity("power")).toBe("voltage");
  });

  it("orders 2 to the highest are given per phase in % of the fundamental, which stays apart", () => {
    const spectrum = spectrumOf(answer(), "voltage");
    expect(spectrum?.unit).toBe("V");
    expect(spectrum?.orders).toEqual(Array.from({ length: 39 }, (_, i) => i + 2));
    expect(spectrum?.channels.map((c) => c.label)).toEqual(["L1", "L2", "L3"]);
    const l1 = spectrum?.channels[0];
    expect(l1?.fundamental).toBe(230);
    expect(l1?.percent[5 - 2]).toBeCloseTo(2.8, 12);
    expect(l1?.percent[7 - 2]).toBeCloseTo(1.6, 12);
    expect(l1?.percent[0]).toBe(0);
  });

  it("a phase without current has no shares, and the currents are in amperes", () => {
    const spectrum = spectrumOf(answer(), "current");
    expect(spectrum?.unit).toBe("A");
    expect(spectrum?.channels[0]?.percent[3 - 2]).toBeCloseTo(12, 12);
    expect(spectrum?.channels[1]?.fundamental).toBe(0);
    expect(spectrum?.channels[1]?.percent.every((p) => p === null)).toBe(true);
  });

  it("a three-wire system shows its line-to-line voltages", () => {
    const spectrum = spectrumOf({ ...answer(), voltage: [] }, "voltage");
    expect(spectrum?.channels.map((c) => c.label)).toEqual(["L1-L2", "L2-L3", "L3-L1"]);
    expect(conductorLabel("l3_l1")).toBe("L3-L1");
  });

  it("a meter that has measured nothing yet has no spectrum to show", () => {
    const empty: Harmonics = { device: "incomer", timestamp: null, quality: null, fundamental_hz: null, max_order: 0, voltage: [], current: [], line_voltage: [] };
    expect(spectrumOf(empty, "voltage")).toBeNull();
    expect(spectrumOf(empty, "current")).toBeNull();
  });

  it("the chart has one slot per order and the phases side by side in the series colours", () => {
    const spectrum = spectrumOf(answer(), "voltage");
    if (!spectrum) throw new Error("a spectrum");
    const bars = harmonicBars(spectrum, (order) => `Order ${order}`);
    expect(bars.slots.length).toBe(39);
    expect(bars.slots[3]).toEqual({ label: "5", title: "Order 5" });
    expect(bars.bars).toBe(3);
    expect(bars.series.map((s) => [s.label, s.colour, s.bar])).toEqual([
      ["L1", "--series-1", 0],
      ["L2", "--series-2", 1],
      ["L3", "--series-3", 2],
    ]);
    expect(bars.series[0]?.amounts[3]).toBeCloseTo(2.8, 12);
    expect(bars.scale).toEqual({ divisor: 1, unit: "%" });
    expect(bars.series.every((s) => s.marks.every((m) => m === null) && s.total === null)).toBe(true);
  });
});
