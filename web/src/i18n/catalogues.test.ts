// Every language has every text: the same keys, the same attributes, the same variables as the
// English source, and no syntax errors. A new catalogue in i18n/ is checked without being listed.
import { FluentResource } from "@fluent/bundle";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DIR = join(import.meta.dirname, "../../../i18n");
const LANGUAGES = readdirSync(DIR)
  .filter((f) => f.endsWith(".ftl"))
  .map((f) => f.slice(0, -4));

interface Entry {
  attributes: string[];
  variables: string[];
}

/** Message id → its attributes and the variables it uses, with every syntax error. */
function read(lang: string): { entries: Map<string, Entry>; errors: string[] } {
  const text = readFileSync(join(DIR, `${lang}.ftl`), "utf8");
  const entries = new Map<string, Entry>();
  const errors: string[] = [];
  // FluentResource skips what it cannot parse; a junk line is a message it did not see.
  const resource = new FluentResource(text);
  for (const message of resource.body) {
    const variables = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === "object") {
        const n = node as Record<string, unknown>;
        if (n.type === "var" && typeof n.name === "string") variables.add(n.name);
        Object.values(n).forEach(visit);
      }
    };
    visit(message.value);
    visit(message.attributes);
    entries.set(message.id, {
      attributes: Object.keys(message.attributes).sort(),
      variables: [...variables].sort(),
    });
  }
  const ids: string[] = text.match(/^-?[a-zA-Z][\w-]*(?=\s*=)/gm) ?? [];
  for (const id of ids) if (!id.startsWith("-") && !entries.has(id)) errors.push(`${id}: cannot be parsed`);
  return { entries, errors };
}

const source = read("en");

describe("catalogues", () => {
  it("there are the five languages of the product", () => {
    expect(LANGUAGES.sort()).toEqual(expect.arrayContaining(["de", "en", "es", "fr", "it"]));
  });

  it("the English source parses and has no duplicate keys", () => {
    expect(source.errors).toEqual([]);
    const text = readFileSync(join(DIR, "en.ftl"), "utf8");
    const ids: string[] = text.match(/^[a-zA-Z][\w-]*(?=\s*=)/gm) ?? [];
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  for (const lang of LANGUAGES.filter((l) => l !== "en")) {
    it(`${lang} has every text of English, with the same attributes and variables, and nothing else`, () => {
      const { entries, errors } = read(lang);
      expect(errors).toEqual([]);
      const missing = [...source.entries.keys()].filter((id) => !entries.has(id));
      const extra = [...entries.keys()].filter((id) => !source.entries.has(id));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      const different = [...source.entries].filter(([id, entry]) => {
        const other = entries.get(id);
        return (
          other &&
          (other.attributes.join() !== entry.attributes.join() || other.variables.join() !== entry.variables.join())
        );
      });
      expect(different.map(([id]) => id)).toEqual([]);
    });

    it(`${lang} is translated, not a copy of English`, () => {
      const text = readFileSync(join(DIR, `${lang}.ftl`), "utf8");
      const english = readFileSync(join(DIR, "en.ftl"), "utf8");
      const lines = (t: string) => new Map(t.split("\n").filter((l) => /^[a-z][\w-]* = /.test(l)).map((l) => [l.split(" = ")[0], l]));
      const ours = lines(text);
      const same = [...lines(english)].filter(([id, line]) => ours.get(id) === line && /[a-z]{4}/.test(line.split(" = ")[1] ?? ""));
      // A few words are the same in both languages (names, "Audit", "Menu"); most are not.
      expect(same.length / Math.max(1, ours.size)).toBeLessThan(0.1);
    });
  }
});
