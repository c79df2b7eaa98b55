// Roles and the pages they open: their order, and (from the server, `GET /api/v1/roles`) each
// role's default pages and who manages whom.
import { signal } from "@preact/signals";
import { api, call, type PageName, type RoleName, type Schemas } from "../../api/client";

/** What the server says of each role; null until read. */
export const roleViews = signal<readonly Schemas["RoleView"][] | null>(null);

/** Reads the roles once. */
export async function loadRoles(): Promise<void> {
  if (!roleViews.value) roleViews.value = await call(api.GET("/api/v1/roles"));
}

function roleView(role: RoleName): Schemas["RoleView"] | undefined {
  return roleViews.value?.find((r) => r.role === role);
}

/** Each role's rank, highest first (the order of the server's roles). */
const RANK: Record<RoleName, number> = { administrator: 0, ev_manager: 1, installer: 2, viewer: 3 };

/** Every role, highest first. */
export const ROLES = (Object.keys(RANK) as RoleName[]).sort((a, b) => RANK[a] - RANK[b]);

/** Every page right, in the order the users page lists them. */
const PAGE_ORDER: Record<PageName, number> = {
  my_panel_board: 0,
  consumption: 1,
  reports_download: 2,
  alarms: 3,
  system_configuration: 4,
  web_server_configuration: 5,
  ev_charging: 6,
};

export const ALL_PAGES = (Object.keys(PAGE_ORDER) as PageName[]).sort((a, b) => PAGE_ORDER[a] - PAGE_ORDER[b]);

/** `pages` in the users page's order. */
export function sortPages(pages: readonly PageName[]): PageName[] {
  return [...pages].sort((a, b) => PAGE_ORDER[a] - PAGE_ORDER[b]);
}

/** The pages a new user of `role` starts with (seed 003 §8.1.1), as the server says. */
export function defaultPages(role: RoleName): PageName[] {
  return sortPages(roleView(role)?.default_pages ?? []);
}

/** Whether a user of role `own` creates, changes or deletes users of role `other`, as the server says. */
export function mayManage(own: RoleName, other: RoleName): boolean {
  return roleView(own)?.may_manage.includes(other) ?? false;
}

/** The roles a user of role `own` may give a user. */
export function rolesToGive(own: RoleName): RoleName[] {
  return ROLES.filter((role) => mayManage(own, role));
}

/** The roles an API token of a user of role `own` may act with: not above the user's own. */
export function tokenRoles(own: RoleName): RoleName[] {
  return ROLES.filter((role) => RANK[role] >= RANK[own]);
}
