import { describe, expect, it } from "vitest";
import type { ScanUnit } from "./scan";
import { devicesFor, nextStep, previousStep, rowsFor, stepShown } from "./steps";

describe("wizard steps", () => {
  it("before anyone is signed in only the setup code and the administrator can show", () => {
    expect(stepShown(null, false, false)).toBe("code");
    expect(stepShown("site", false, true)).toBe("code");
    expect(stepShown("admin", false, false)).toBe("code");
    expect(stepShown("admin", false, true)).toBe("admin");
  });

  it("once signed in the wizard starts at the site and never shows the setup steps again", () => {
    expect(stepShown(null, true, false)).toBe("site");
    expect(stepShown("admin", true, true)).toBe("site");
    expect(stepShown("devices", true, false)).toBe("devices");
    expect(stepShown("nonsense", true, false)).toBe("site");
  });

  it("next and back follow the order; back stops at the site", () => {
    expect(nextStep("code")).toBe("admin");
    expect(nextStep("devices")).toBe("done");
    expect(nextStep("done")).toBe("done");
    expect(previousStep("admin")).toBe("code");
    expect(previousStep("site")).toBeNull();
    expect(previousStep("code")).toBeNull();
    expect(previousStep("done")).toBe("devices");
  });
});

const units: ScanUnit[] = [
  { unit_id: 1, candidates: [{ profile: "eastron.sdm630", vendor: "Eastron", model: "SDM630" }], configured_as: "main" },
  { unit_id: 10, candidates: [{ profile: "eastron.sdm120", vendor: "Eastron", model: "SDM120" }] },
  { unit_id: 12, candidates: [], exception: 2 },
];

describe("scan rows", () => {
  it("identified units not configured yet are chosen, with the model and unit id as name", () => {
    const rows = rowsFor(units, [], (u) => `Unit ${u}`);
    expect(rows).toEqual([
      { unit_id: 1, profile: "eastron.sdm630", name: "SDM630 #1", load: null, selected: false },
      { unit_id: 10, profile: "eastron.sdm120", name: "SDM120 #10", load: null, selected: true },
      { unit_id: 12, profile: "", name: "Unit 12", load: null, selected: false },
    ]);
  });

  it("rows already shown keep what was typed when the scan reports more units", () => {
    const first = rowsFor(units.slice(1, 2), [], (u) => `Unit ${u}`);
    const typed = [{ ...(first[0] ?? { unit_id: 10, profile: "", load: null }), name: "Boiler", selected: false }];
    expect(rowsFor(units, typed, (u) => `Unit ${u}`)[1]).toEqual({ unit_id: 10, profile: "eastron.sdm120", name: "Boiler", load: null, selected: false });
  });

  it("the devices to add are the rows chosen with a model, each with an id of its own", () => {
    const rows = [
      { unit_id: 10, profile: "eastron.sdm120", name: "Boiler", load: "hot_water", selected: true },
      { unit_id: 11, profile: "carlo_gavazzi.em340", name: "Boiler", load: null, selected: true },
      { unit_id: 12, profile: "", name: "Unit 12", load: null, selected: true },
      { unit_id: 13, profile: "abb.b23", name: "Off", load: null, selected: false },
    ];
    expect(devicesFor(rows, "plant", ["boiler", "test"])).toEqual([
      { id: "boiler_2", name: "Boiler", profile: "eastron.sdm120", link: "plant", unit_id: 10, load: "hot_water", enabled: true },
      { id: "boiler_3", name: "Boiler", profile: "carlo_gavazzi.em340", link: "plant", unit_id: 11, load: null, enabled: true },
    ]);
  });
});
