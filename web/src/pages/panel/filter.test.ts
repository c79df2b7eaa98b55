import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { choiceText, filterDevices, gatewaysOf, panelBoardOf, parseChoice } from "./filter";

const device = (id: string, gateway: string, extra: Partial<Schemas["DeviceView"]> = {}): Schemas["DeviceView"] => ({
  id,
  name: id.toUpperCase(),
  profile: "eastron.sdm120",
  link: `${gateway}_bus`,
  gateway,
  ...extra,
});
const devices = [device("b", "local"), device("a", "plant_gateway"), device("c", "local", { panel_board: "kitchen" })];
const gateways: Schemas["GatewayForm"][] = [
  { id: "local", name: "Local", panel_board: "main_board" },
  { id: "plant_gateway", name: "Plant", panel_board: null },
];

describe("which devices the panel board lists", () => {
  it("the query names all, one gateway or one panel board", () => {
    expect(parseChoice(null)).toEqual({ kind: "all" });
    expect(parseChoice("gateway:local")).toEqual({ kind: "gateway", id: "local" });
    expect(parseChoice("panel_board:main_board")).toEqual({ kind: "panel_board", id: "main_board" });
    expect(parseChoice("gateway:")).toEqual({ kind: "all" });
    expect(parseChoice("nonsense")).toEqual({ kind: "all" });
    expect(choiceText({ kind: "gateway", id: "local" })).toBe("gateway:local");
    expect(choiceText({ kind: "all" })).toBeNull();
  });

  it("each device is under the gateway the server names", () => {
    expect(gatewaysOf(devices)).toEqual(new Map([["b", "local"], ["a", "plant_gateway"], ["c", "local"]]));
  });

  it("a device is in its own panel board, else in its gateway's", () => {
    const gatewayOf = gatewaysOf(devices);
    expect(panelBoardOf(devices[0]!, gatewayOf, gateways)).toBe("main_board");
    expect(panelBoardOf(devices[1]!, gatewayOf, gateways)).toBeNull();
    expect(panelBoardOf(devices[2]!, gatewayOf, gateways)).toBe("kitchen");
  });

  it("the list is filtered and sorted by name", () => {
    const gatewayOf = gatewaysOf(devices);
    const ids = (choice: Parameters<typeof filterDevices>[1]) =>
      filterDevices(devices, choice, gatewayOf, gateways, "en").map((d) => d.id);
    expect(ids({ kind: "all" })).toEqual(["a", "b", "c"]);
    expect(ids({ kind: "gateway", id: "local" })).toEqual(["b", "c"]);
    expect(ids({ kind: "panel_board", id: "main_board" })).toEqual(["b"]);
    expect(ids({ kind: "panel_board", id: "kitchen" })).toEqual(["c"]);
  });
});
