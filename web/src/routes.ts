// The pages of the interface: where each lives, who may open it (the server enforces the same
// rules; the menu only hides what would be refused), and its code, loaded on first visit.
import type { FunctionComponent } from "preact";
import type { PageName } from "./api/client";

/** Who may open a page: a page right of the user, anyone who manages users, or anyone signed in. */
export type Access = PageName | "manage_users" | "signed_in";

export interface PageRoute {
  /** The path; the page also owns every path below it. */
  path: string;
  access: Access;
  /** The catalogue key of its name in the menu and the document title. */
  title: string;
  /** In the main menu (else reached from another page or the user menu). */
  menu: boolean;
  load: () => Promise<{ default: FunctionComponent }>;
}

export const PAGES: readonly PageRoute[] = [
  {
    path: "/panel-board",
    access: "my_panel_board",
    title: "page-panel-board",
    menu: true,
    load: () => import("./pages/panel"),
  },
  {
    path: "/consumption",
    access: "consumption",
    title: "page-consumption",
    menu: true,
    load: () => import("./pages/consumption"),
  },
  {
    path: "/configuration",
    access: "system_configuration",
    title: "page-configuration",
    menu: true,
    load: () => import("./pages/configuration"),
  },
  { path: "/users", access: "manage_users", title: "page-users", menu: true, load: () => import("./pages/users") },
  { path: "/audit", access: "manage_users", title: "page-audit", menu: true, load: () => import("./pages/audit") },
  {
    path: "/system",
    access: "web_server_configuration",
    title: "page-system",
    menu: true,
    load: () => import("./pages/system"),
  },
  { path: "/tokens", access: "signed_in", title: "page-tokens", menu: false, load: () => import("./pages/tokens") },
  { path: "/account", access: "signed_in", title: "page-account", menu: false, load: () => import("./pages/account") },
  {
    path: "/welcome",
    access: "system_configuration",
    title: "page-wizard",
    menu: false,
    load: () => import("./pages/wizard"),
  },
];

/** The page that owns `path`, if any. */
export function pageAt(path: string): PageRoute | undefined {
  return PAGES.find((p) => path === p.path || path.startsWith(`${p.path}/`));
}

/** Whether a user with `pages` who does (not) manage users may open `route`. */
export function allowed(route: PageRoute, pages: readonly PageName[], managesUsers: boolean): boolean {
  if (route.access === "signed_in") return true;
  if (route.access === "manage_users") return managesUsers;
  return pages.includes(route.access);
}

/** The home page: the seeds' "the home page depends on the user": My panel board, else Consumptions, else the first page allowed. */
export function homeOf(pages: readonly PageName[], managesUsers: boolean): string {
  return PAGES.find((p) => p.menu && allowed(p, pages, managesUsers))?.path ?? "/account";
}
