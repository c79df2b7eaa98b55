// The order of the first-start wizard and what its scan table holds, without any page: which step
// shows for an address, the steps before and after, the rows made from a scan's answer, and the
// devices made from the rows chosen.
import type { DeviceForm } from "../configuration/model";
import { idFromName } from "../configuration/model";
import type { ScanUnit } from "./scan";

export const STEPS = ["code", "admin", "site", "rate", "devices", "done"] as const;
export type Step = (typeof STEPS)[number];

function isStep(value: string | null): value is Step {
  return STEPS.some((s) => s === value);
}

/**
 * The step to show for `?step=`: before anyone is signed in only the setup code and the
 * administrator (the latter once a code is typed); once signed in, never those two again.
 */
export function stepShown(requested: string | null, signedIn: boolean, hasCode: boolean): Step {
  const step = isStep(requested) ? requested : null;
  if (!signedIn) return step === "admin" && hasCode ? "admin" : "code";
  return step === null || step === "code" || step === "admin" ? "site" : step;
}

/** The step after `step` (the last stays). */
export function nextStep(step: Step): Step {
  return STEPS[Math.min(STEPS.indexOf(step) + 1, STEPS.length - 1)] ?? step;
}

/** The step before `step`; once signed in the wizard does not go back before the site. */
export function previousStep(step: Step): Step | null {
  const index = STEPS.indexOf(step);
  if (index <= 0 || step === "site") return null;
  return STEPS[index - 1] ?? null;
}

/** A unit of a scan as the table shows it: what will be added if it is chosen. */
export interface FoundRow {
  unit_id: number;
  /** The profile to add it with: the first candidate, or the one picked; empty while unknown. */
  profile: string;
  name: string;
  load: string | null;
  selected: boolean;
}

/**
 * The rows for a scan's units: rows already shown keep what was typed into them; a new one
 * starts with the best candidate and is chosen when it was identified and is not configured yet.
 */
export function rowsFor(
  units: readonly ScanUnit[],
  shown: readonly FoundRow[],
  unknownName: (unit: number) => string,
): FoundRow[] {
  return units.map((unit) => {
    const kept = shown.find((r) => r.unit_id === unit.unit_id);
    if (kept) return kept;
    const best = unit.candidates[0];
    return {
      unit_id: unit.unit_id,
      profile: best?.profile ?? "",
      name: best ? `${best.model} #${unit.unit_id}` : unknownName(unit.unit_id),
      load: null,
      selected: !!best && !unit.configured_as,
    };
  });
}

/** The devices to add for the rows chosen on `link`, each with an id of its own made from its name. */
export function devicesFor(rows: readonly FoundRow[], link: string, taken: Iterable<string>): DeviceForm[] {
  const used = new Set(taken);
  return rows
    .filter((r) => r.selected && r.profile)
    .map((r) => {
      const id = idFromName(r.name, used, "device");
      used.add(id);
      return { id, name: r.name, profile: r.profile, link, unit_id: r.unit_id, load: r.load, enabled: true };
    });
}
