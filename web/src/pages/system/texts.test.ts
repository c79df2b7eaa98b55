import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_PAGES } from "../users/roles";

const PAGES = join(import.meta.dirname, "..");
const AREAS = ["panel", "users", "tokens", "audit", "system"];
const catalogue = readFileSync(join(PAGES, "../../../i18n/en.ftl"), "utf8");
const keys = new Set(catalogue.match(/^[a-z][\w-]*(?= =)/gm));

/** The keys a page's code names literally: `t("key")`, `t(x ? "a" : "b")`, `conflict="key"`. */
function literalKeys(area: string): string[] {
  const found: string[] = [];
  for (const file of readdirSync(join(PAGES, area)).filter((f) => f.endsWith(".tsx"))) {
    const source = readFileSync(join(PAGES, area, file), "utf8");
    for (const call of source.matchAll(/\bt\(([^,)]*)/g)) {
      for (const key of (call[1] ?? "").matchAll(/"([a-z][a-z0-9-]*)"/g)) found.push(key[1] ?? "");
    }
    for (const prop of source.matchAll(/conflict(?:=|: )"([a-z][a-z0-9-]*)"/g)) found.push(prop[1] ?? "");
  }
  return found;
}

describe("the texts of the panel board, users, tokens, audit and system pages", () => {
  for (const area of AREAS) {
    it(`every text the ${area} page names is in the catalogue`, () => {
      const named = literalKeys(area);
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter((key) => !keys.has(key))).toEqual([]);
    });
  }

  it("the texts made from values are in the catalogue: quality marks and page rights", () => {
    for (const quality of ["stale", "derived", "bad"]) {
      expect(keys.has(`panel-quality-${quality}`)).toBe(true);
      expect(keys.has(`panel-quality-${quality}-help`)).toBe(true);
    }
    for (const page of ALL_PAGES) {
      expect(keys.has(`page-name-${page}`), page).toBe(true);
      expect(keys.has(`users-page-help-${page}`), page).toBe(true);
    }
  });
});
