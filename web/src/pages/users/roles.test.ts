import { describe, expect, it } from "vitest";
import { ALL_PAGES, ROLES, defaultPages, mayManage, roleViews, rolesToGive, tokenRoles } from "./roles";

// What GET /api/v1/roles answers (crates/ems-model's Role::default_pages and the rule of who
// manages users).
roleViews.value = [
  { role: "administrator", manages_users: true, may_manage: ["administrator", "ev_manager", "installer", "viewer"], default_pages: ["web_server_configuration", "system_configuration", "my_panel_board", "consumption", "ev_charging", "reports_download", "alarms"] },
  { role: "ev_manager", manages_users: true, may_manage: ["ev_manager", "installer", "viewer"], default_pages: ["web_server_configuration", "system_configuration", "my_panel_board", "consumption", "ev_charging", "reports_download", "alarms"] },
  { role: "installer", manages_users: false, may_manage: [], default_pages: ["system_configuration", "my_panel_board", "consumption", "alarms"] },
  { role: "viewer", manages_users: false, may_manage: [], default_pages: ["consumption", "alarms"] },
];

describe("roles and their pages", () => {
  it("roles come highest first and every page is offered once", () => {
    expect(ROLES).toEqual(["administrator", "ev_manager", "installer", "viewer"]);
    expect(new Set(ALL_PAGES).size).toBe(7);
  });

  it("a new user starts with the pages the server gives their role, in the page's order", () => {
    expect(defaultPages("administrator")).toEqual(ALL_PAGES);
    expect(defaultPages("ev_manager")).toEqual(ALL_PAGES);
    expect([...defaultPages("installer")].sort()).toEqual(["alarms", "consumption", "my_panel_board", "system_configuration"]);
    expect([...defaultPages("viewer")].sort()).toEqual(["alarms", "consumption"]);
  });

  it("an EV manager manages everyone but administrators; installers and viewers nobody", () => {
    expect(rolesToGive("administrator")).toEqual(ROLES);
    expect(rolesToGive("ev_manager")).toEqual(["ev_manager", "installer", "viewer"]);
    expect(mayManage("ev_manager", "administrator")).toBe(false);
    expect(mayManage("installer", "viewer")).toBe(false);
    expect(mayManage("viewer", "viewer")).toBe(false);
  });

  it("a token acts with a role not above its owner's", () => {
    expect(tokenRoles("administrator")).toEqual(ROLES);
    expect(tokenRoles("installer")).toEqual(["installer", "viewer"]);
    expect(tokenRoles("viewer")).toEqual(["viewer"]);
  });
});
