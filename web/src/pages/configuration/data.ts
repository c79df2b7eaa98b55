// The site's configuration as the pages read it: every entity list at once, the names of
// entities as people see them, device statuses, serial ports, and whether the first start is done.
import { api, call, type Schemas } from "../../api/client";
import type { DeviceStatus } from "../../components/status";
import { has, t } from "../../i18n";
import { site } from "../../session";
import { GENERIC, INTERNAL, type Profile } from "./model";

export type GatewayForm = Schemas["GatewayForm"];
export type LoadForm = Schemas["LoadForm"];
export type GroupForm = Schemas["GroupForm"];
export type PanelBoardForm = Schemas["PanelBoardForm"];

export interface Configuration {
  gateways: GatewayForm[];
  links: Schemas["LinkForm"][];
  devices: Schemas["DeviceView"][];
  loads: LoadForm[];
  groups: GroupForm[];
  panelBoards: PanelBoardForm[];
}

/** Every list of the configuration, read together. */
export async function readConfiguration(): Promise<Configuration> {
  const [gateways, links, devices, loads, groups, panelBoards] = await Promise.all([
    call(api.GET("/api/v1/gateways")),
    call(api.GET("/api/v1/links")),
    call(api.GET("/api/v1/devices")),
    call(api.GET("/api/v1/loads")),
    call(api.GET("/api/v1/groups")),
    call(api.GET("/api/v1/panel-boards")),
  ]);
  return { gateways, links, devices, loads, groups, panelBoards };
}

/** The device library (profiles by vendor and model). */
export async function readLibrary(): Promise<Profile[]> {
  const library = await call(api.GET("/api/v1/library"));
  return [...library].sort((a, b) => a.vendor.localeCompare(b.vendor) || a.model.localeCompare(b.model));
}

/** A load's name: a predefined load's in the language shown, a user load's as typed. */
export function loadName(load: LoadForm): string {
  const key = `configuration-load-${load.id ?? ""}`;
  return load.predefined && has(key) ? t(key) : (load.name ?? load.id ?? "");
}

/** The display name of the entity `id` among `items`, or the id itself. */
export function nameOf(items: readonly { id?: string; name?: string }[], id: string | null | undefined): string {
  if (!id) return "";
  return items.find((item) => item.id === id)?.name ?? id;
}

/** Entities as the options of a choice: each by its name, or its id. */
export function optionsOf(items: readonly { id?: string; name?: string }[]): { value: string; label: string }[] {
  return items.map((item) => ({ value: item.id ?? "", label: item.name ?? item.id ?? "" }));
}

/** The panel boards to choose from, "None" first. */
export function panelBoardOptions(config: Configuration): { value: string; label: string }[] {
  return [{ value: "", label: t("configuration-none") }, ...optionsOf(config.panelBoards)];
}

/** What a profile is, for people: "Eastron SDM120", or the generic and internal meters by name. */
export function profileName(library: readonly Profile[], profile: string): string {
  if (profile === GENERIC) return t("configuration-profile-generic");
  if (profile === INTERNAL) return t("configuration-profile-internal");
  const found = library.find((p) => p.id === profile);
  return found ? `${found.vendor} ${found.model}` : profile;
}

/** Each device's status by id (`GET /devices/status`: no values, for anyone signed in). */
export async function deviceStatuses(): Promise<Map<string, DeviceStatus>> {
  const states = await call(api.GET("/api/v1/devices/status"));
  return new Map(states.map((s) => [s.device, s.status ?? null]));
}

/** The serial ports of the machine, with the link using each. */
export function serialPorts(): Promise<Schemas["SerialPortView"][]> {
  return call(api.GET("/api/v1/system/serial-ports"));
}

/** Whether the first start was finished (the site's `commissioned`); undefined until the site is read. */
export function commissioned(): boolean | undefined {
  return site.value?.commissioned;
}

/** Records that the first start is finished (it stays so; saying it again changes nothing). */
export async function markCommissioned(): Promise<void> {
  site.value = await call(api.POST("/api/v1/site/commissioned"));
}
