// The canonical points of a device as the panel board groups them: energy counters, power,
// voltage, current, frequency, power factor, THD and the volume of gas and water meters, each
// group in the order a meter's own display reads.

/** The value groups, in the order they are shown. */
export const GROUPS = [
  "energy",
  "volume",
  "power",
  "voltage",
  "current",
  "frequency",
  "power_factor",
  "thd",
  "other",
] as const;

export type Group = (typeof GROUPS)[number];

const phases = (stem: string, lines = ["l1", "l2", "l3"]) => lines.map((l) => `${stem}_${l}`);

/** Every known point by group, in display order. */
const ORDER: Record<Exclude<Group, "other">, readonly string[]> = {
  energy: [
    "energy_active_import",
    "energy_active_export",
    "energy_active_import_t1",
    "energy_active_import_t2",
    "energy_active_export_t1",
    "energy_active_export_t2",
    ...phases("energy_active_import"),
    ...phases("energy_active_export"),
    ...phases("energy_active", ["q1", "q2", "q3", "q4"]),
    "energy_reactive_import",
    "energy_reactive_export",
    ...phases("energy_reactive_import"),
    ...phases("energy_reactive_export"),
    ...phases("energy_reactive", ["q1", "q2", "q3", "q4"]),
    "energy_apparent",
    ...phases("energy_apparent", ["q1", "q2", "q3", "q4"]),
    "run_time",
    "run_time_import",
    "run_time_export",
  ],
  volume: ["gas_volume", "water_volume"],
  power: [
    "active_power",
    ...phases("active_power"),
    "reactive_power",
    ...phases("reactive_power"),
    "apparent_power",
    ...phases("apparent_power"),
    "active_power_demand",
    "active_power_demand_peak",
  ],
  voltage: [
    ...phases("voltage"),
    "voltage_ln_average",
    "voltage_l1_l2",
    "voltage_l2_l3",
    "voltage_l3_l1",
    "voltage_ll_average",
    "voltage_unbalance",
  ],
  current: [...phases("current"), "current_n", "current_average"],
  frequency: ["frequency"],
  power_factor: ["power_factor", ...phases("power_factor")],
  thd: [...phases("thd_voltage"), "thd_voltage_l1_l2", "thd_voltage_l2_l3", "thd_voltage_l3_l1", ...phases("thd_current")],
};

/** Every canonical point the panel board knows, in display order. */
export const KNOWN_POINTS: readonly string[] = Object.values(ORDER).flat();

const PLACE = new Map<string, { group: Group; rank: number }>();
for (const [group, points] of Object.entries(ORDER)) {
  points.forEach((point, rank) => PLACE.set(point, { group: group as Group, rank }));
}

/** The group a point is shown in; a point this interface does not know yet goes to "other". */
export function groupOf(point: string): Group {
  return PLACE.get(point)?.group ?? "other";
}

/** `points` split into their groups, each in display order; groups without points are left out. */
export function groupPoints(points: readonly string[]): { group: Group; points: string[] }[] {
  const byGroup = new Map<Group, string[]>();
  for (const point of points) {
    const group = groupOf(point);
    const list = byGroup.get(group) ?? [];
    list.push(point);
    byGroup.set(group, list);
  }
  const rank = (p: string) => PLACE.get(p)?.rank ?? Number.MAX_SAFE_INTEGER;
  return GROUPS.filter((g) => byGroup.has(g)).map((group) => ({
    group,
    points: (byGroup.get(group) ?? []).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
  }));
}

/** Whether a point is a counter (energy, volume, run time): it only grows, and has no min or max. */
export function isCounter(point: string): boolean {
  return point.startsWith("energy_") || point.endsWith("_volume") || point.startsWith("run_time");
}
