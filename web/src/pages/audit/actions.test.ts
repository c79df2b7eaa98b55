import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, RESULTS } from "./actions";

const ROOT = join(import.meta.dirname, "../../../..");

/** The names of the server's audit actions, from its one list of them (crates/ems-api/src/audit.rs). */
function serverActions(): string[] {
  const source = readFileSync(join(ROOT, "crates/ems-api/src/audit.rs"), "utf8");
  const list = source.slice(source.indexOf("audit_actions! {"));
  return [...list.matchAll(/^\s+\w+ => "([a-z][a-z0-9_]*)",$/gm)].map((m) => m[1] ?? "");
}

describe("the actions of the audit log", () => {
  it("the filter offers exactly the actions the server writes", () => {
    const server = serverActions();
    expect(server).toContain("login");
    expect([...ACTIONS].sort()).toEqual([...server].sort());
  });

  it("every action and every result has a translation", () => {
    const catalogue = readFileSync(join(ROOT, "i18n/en.ftl"), "utf8");
    const keys = new Set(catalogue.match(/^[a-z][\w-]*(?= =)/gm));
    for (const action of ACTIONS) expect(keys.has(`audit-action-${action}`), action).toBe(true);
    for (const result of RESULTS) expect(keys.has(`audit-result-${result}`), result).toBe(true);
  });
});
