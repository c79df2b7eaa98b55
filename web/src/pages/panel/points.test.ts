import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GROUPS, KNOWN_POINTS, groupOf, groupPoints, isCounter } from "./points";

const ROOT = join(import.meta.dirname, "../../../..");

/** The server's canonical points (name and kind), read from the model's table. */
function serverPoints(): { name: string; counter: boolean }[] {
  const source = readFileSync(join(ROOT, "crates/ems-model/src/point.rs"), "utf8");
  return [...source.matchAll(/^\s+"([a-z0-9_]+)", \w+, (\w+), "/gm)].map((m) => ({
    name: m[1] ?? "",
    counter: m[2] === "Counter",
  }));
}

describe("the points of the panel board", () => {
  it("every canonical point of the server has a place in a group, and no other point does", () => {
    const names = serverPoints().map((p) => p.name);
    expect(names.length).toBeGreaterThan(70);
    expect([...KNOWN_POINTS].sort()).toEqual([...names].sort());
  });

  it("counters are told from momentary values as the server tells them", () => {
    for (const point of serverPoints()) expect([point.name, isCounter(point.name)]).toEqual([point.name, point.counter]);
  });

  it("every canonical point and every group has a label in the English catalogue", () => {
    const catalogue = readFileSync(join(ROOT, "i18n/en.ftl"), "utf8");
    const keys = new Set(catalogue.match(/^[a-z][\w-]*(?= =)/gm));
    for (const point of serverPoints()) expect(keys.has(`point-${point.name}`), point.name).toBe(true);
    for (const group of GROUPS) expect(keys.has(`point-group-${group}`), group).toBe(true);
  });

  it("groups come in display order, each point in its meter's order, unknown points last", () => {
    const groups = groupPoints(["frequency", "current_l2", "voltage_l1", "future_point", "current_l1", "energy_active_import"]);
    expect(groups).toEqual([
      { group: "energy", points: ["energy_active_import"] },
      { group: "voltage", points: ["voltage_l1"] },
      { group: "current", points: ["current_l1", "current_l2"] },
      { group: "frequency", points: ["frequency"] },
      { group: "other", points: ["future_point"] },
    ]);
  });

  it("gas and water are volumes, THD is its own group", () => {
    expect(groupOf("gas_volume")).toBe("volume");
    expect(groupOf("water_volume")).toBe("volume");
    expect(groupOf("thd_current_l3")).toBe("thd");
    expect(groupOf("active_power_demand_peak")).toBe("power");
    expect(groupOf("run_time_export")).toBe("energy");
  });
});
