// Which devices the list shows: all, those behind one gateway, or those in one panel board.
import type { Schemas } from "../../api/client";

type Device = Schemas["DeviceView"];
type Gateway = Schemas["GatewayForm"];

export type Choice = { kind: "all" } | { kind: "gateway"; id: string } | { kind: "panel_board"; id: string };

/** The choice of the query's `show` (`gateway:<id>`, `panel_board:<id>`, anything else: all). */
export function parseChoice(text: string | null): Choice {
  const [kind, id] = (text ?? "").split(":", 2);
  if ((kind === "gateway" || kind === "panel_board") && id) return { kind, id };
  return { kind: "all" };
}

/** The query value of a choice (null for all). */
export function choiceText(choice: Choice): string | null {
  return choice.kind === "all" ? null : `${choice.kind}:${choice.id}`;
}

/** The gateway of each device (device answers carry it). */
export function gatewaysOf(devices: readonly Device[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const device of devices) if (device.id && device.gateway) result.set(device.id, device.gateway);
  return result;
}

/** The panel board a device is in: its own, else its gateway's. */
export function panelBoardOf(
  device: Device,
  gatewayOf: ReadonlyMap<string, string>,
  gateways: readonly Gateway[],
): string | null {
  if (device.panel_board) return device.panel_board;
  const gateway = gateways.find((g) => g.id === gatewayOf.get(device.id ?? ""));
  return gateway?.panel_board ?? null;
}

/** The devices `choice` shows, by name. */
export function filterDevices(
  devices: readonly Device[],
  choice: Choice,
  gatewayOf: ReadonlyMap<string, string>,
  gateways: readonly Gateway[],
  locale: string,
): Device[] {
  const shown = devices.filter((device) => {
    if (choice.kind === "gateway") return gatewayOf.get(device.id ?? "") === choice.id;
    if (choice.kind === "panel_board") return panelBoardOf(device, gatewayOf, gateways) === choice.id;
    return true;
  });
  return shown.sort((a, b) => (a.name ?? a.id ?? "").localeCompare(b.name ?? b.id ?? "", locale));
}
