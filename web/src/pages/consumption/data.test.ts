import type { Schemas } from "../../api/client";
import { describe, expect, it } from "vitest";
import { countersAmong, countersOf, csvHref, displayName, momentOf, pick, quantitiesOf, scopeInfo, unitOf, viewAt } from "./data";

describe("the choices of the consumption views", () => {
  it("the address names the view, the grand total by default", () => {
    expect(viewAt("/consumption")).toBe("total");
    expect(viewAt("/consumption/")).toBe("total");
    expect(viewAt("/consumption/compare")).toBe("compare");
    expect(viewAt("/consumption/details/extra")).toBe("details");
    expect(viewAt("/consumption/tariffs")).toBe("tariffs");
    expect(viewAt("/consumption/bills")).toBe("total");
  });

  it("the period and date come from the address, today in the site's time zone by default", () => {
    const lateEvening = new Date("2026-11-21T23:30:00Z");
    expect(momentOf(new URLSearchParams(""), "Europe/Rome", lateEvening)).toEqual({ period: "day", date: "2026-11-22", today: "2026-11-22" });
    expect(momentOf(new URLSearchParams("period=year&date=2025-03-04"), "Europe/Rome", lateEvening)).toEqual({
      period: "year",
      date: "2025-03-04",
      today: "2026-11-22",
    });
  });

  it("a wrong or future date and an unknown period fall back to today by day", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    expect(momentOf(new URLSearchParams("period=week&date=2026-02-30"), "UTC", now)).toEqual({ period: "day", date: "2026-11-21", today: "2026-11-21" });
    expect(momentOf(new URLSearchParams("date=2027-01-01"), "UTC", now).date).toBe("2026-11-21");
  });

  it("a choice outside the allowed ones falls back to the first", () => {
    expect(pick("group", ["load", "group"] as const, "load")).toBe("group");
    expect(pick("tenant", ["load", "group"] as const, "load")).toBe("load");
    expect(pick(null, [] as string[], "load")).toBe("load");
  });

  it("the CSV download is the same query with format=csv", () => {
    expect(csvHref("histogram", { scope: "device:main", point: "energy_active_import", period: "day", date: "2026-11-21" })).toBe(
      "/api/v1/history/histogram?scope=device%3Amain&point=energy_active_import&period=day&date=2026-11-21&format=csv",
    );
  });

  it("counters have their canonical units", () => {
    expect(unitOf("energy_active_import")).toBe("Wh");
    expect(unitOf("gas_volume")).toBe("dm3");
    expect(unitOf("energy_reactive_export")).toBe("varh");
    expect(unitOf("energy_apparent")).toBe("VAh");
    expect(unitOf("run_time")).toBe("s");
  });
});

/** A scope as `GET /history/scopes` answers it. */
function view(scope: string, fields: Partial<Schemas["ScopeView"]> = {}): Schemas["ScopeView"] {
  return { scope, name: scope, kind: "device", active: true, counters: [], quantities: [], medium: null, device: null, ...fields };
}

describe("what a scope measures", () => {
  it("the kind, id and place come from the server's answer", () => {
    expect(scopeInfo(view("panel_board:main_board", { kind: "panel_board" }))).toMatchObject({ kind: "panel_board", id: "main_board", medium: null, place: null });
    expect(scopeInfo(view("site", { kind: "site" }))).toMatchObject({ kind: "site", id: "" });
    const gas = scopeInfo(
      view("device:gas", {
        medium: "gas",
        counters: ["gas_volume"],
        device: { load: null, groups: ["tenant_a"], panel_board: null, gateway: "local" },
      }),
    );
    expect(gas).toMatchObject({ medium: "gas", counters: ["gas_volume"], quantities: [], place: { load: null, groups: ["tenant_a"] } });
    expect(countersOf(gas, true)).toEqual(["gas_volume"]);
    expect(countersOf(gas, false)).toEqual(["gas_volume"]);
    expect(quantitiesOf(gas)).toEqual([]);
  });

  it("the main counters are offered first, every counter on request", () => {
    const main = scopeInfo(view("device:main", { counters: ["energy_active_import", "energy_reactive_import", "energy_active_export"] }));
    expect(countersOf(main, false)).toEqual(["energy_active_import", "energy_active_export"]);
    expect(countersOf(main, true)).toEqual(["energy_active_import", "energy_reactive_import", "energy_active_export"]);
    const tariffs = scopeInfo(view("device:t", { counters: ["energy_active_import_t1", "energy_active_import_t2"] }));
    expect(countersOf(tariffs, false)).toEqual(["energy_active_import_t1", "energy_active_import_t2"]);
    expect(countersOf(undefined, false)).toEqual(["energy_active_import", "energy_active_export", "gas_volume", "water_volume"]);
  });

  it("the counters offered for several parts are those any of them has", () => {
    const a = scopeInfo(view("load:a", { kind: "load", counters: ["energy_active_import", "run_time"] }));
    const b = scopeInfo(view("load:b", { kind: "load", counters: ["water_volume"] }));
    expect(countersAmong([a, b])).toEqual(["energy_active_import", "water_volume"]);
  });

  it("predefined loads are named in the language shown, others as their users named them", () => {
    expect(displayName("load:heating", "Heating")).toBe("consumption-load-heating");
    expect(displayName("load:others", "Others")).toBe("consumption-load-others");
    expect(displayName("load:server_room", "Server room")).toBe("Server room");
    expect(displayName("device:heating", "Boiler")).toBe("Boiler");
  });
});
