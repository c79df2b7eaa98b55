// A refused field is said in the user's language from its rule and the rule's parameters, and
// no rule the server can answer is missing from a catalogue.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../api/client";
import { bundleOf } from "../i18n";
import { fieldMessage, type Formatter } from "./problem";

const CATALOGUES = join(import.meta.dirname, "../../../i18n");
const LANGUAGES = readdirSync(CATALOGUES)
  .filter((f) => f.endsWith(".ftl"))
  .map((f) => f.slice(0, -4));

function bundle(lang: string) {
  return bundleOf(lang, readFileSync(join(CATALOGUES, `${lang}.ftl`), "utf8"));
}

/** The catalogue of `lang`, as the interface formats it. */
function formatter(lang: string): Formatter {
  const catalogue = bundle(lang);
  return (id, args) => {
    const message = catalogue.getMessage(id);
    return message?.value ? catalogue.formatPattern(message.value, args) : null;
  };
}

/** The rules of the server's OpenAPI document. */
const document = JSON.parse(readFileSync(join(import.meta.dirname, "../api/openapi.json"), "utf8")) as {
  components: { schemas: { FieldRule: { enum: string[] } } };
};
const RULES = document.components.schemas.FieldRule.enum;

function field(rule: Schemas["FieldRule"], params: Schemas["FieldParams"], message = "in English"): Schemas["FieldError"] {
  return { path: "devices.main.unit_id", rule, params, message };
}

describe("field rules", () => {
  it("the document names the rules", () => {
    expect(RULES).toContain("out_of_range");
    expect(RULES.length).toBeGreaterThan(10);
  });

  for (const lang of LANGUAGES) {
    it(`${lang} says every rule the server can answer`, () => {
      const catalogue = bundle(lang);
      const missing = RULES.filter((rule) => !catalogue.hasMessage(`field-rule-${rule}`));
      expect(missing).toEqual([]);
    });
  }

  it("a unit id out of range says its range in Italian, numbers as Italian writes them", () => {
    const it = formatter("it");
    expect(fieldMessage(field("out_of_range", { min: 1, max: 247 }), it, "it")).toBe("Deve essere compreso tra 1 e 247.");
    expect(fieldMessage(field("out_of_range", { min: 100, max: 3_600_000 }), it, "it")).toBe(
      "Deve essere compreso tra 100 e 3.600.000.",
    );
  });

  it("a bound that is absent is left out of the sentence", () => {
    const en = formatter("en");
    expect(fieldMessage(field("out_of_range", { max: "0xFFFE" }), en, "en")).toBe("Must be at most 0xFFFE.");
    expect(fieldMessage(field("out_of_range", { above: 0, max: 100_000 }), en, "en")).toBe(
      "Must be greater than 0 and at most 100,000.",
    );
  });

  it("the allowed values are joined as the language joins alternatives", () => {
    const params = { allowed: ["day", "month", "year", "decade"] };
    expect(fieldMessage(field("not_allowed", params), formatter("en"), "en")).toBe("Choose day, month, year, or decade.");
    expect(fieldMessage(field("not_allowed", params), formatter("de"), "de")).toBe(
      "Wählen Sie day, month, year oder decade.",
    );
  });

  it("types are said in words of the language, and an unknown type as it is", () => {
    const fr = formatter("fr");
    expect(fieldMessage(field("type", { expected: "integer", found: "string" }), fr, "fr")).toBe(
      "Attendu : un nombre entier ; reçu : un texte.",
    );
    expect(fieldMessage(field("type", { found: "array" }), formatter("es"), "es")).toBe(
      "Tipo incorrecto: una lista no se acepta aquí.",
    );
  });

  it("a reference names what it refers to and the value given", () => {
    expect(fieldMessage(field("unknown_reference", { kind: "link", value: "buss" }), formatter("it"), "it")).toBe(
      "Non esiste il collegamento «buss».",
    );
  });

  it("a meter that does not record a counter is named with the counter in words of the language", () => {
    const params = { value: "gas", point: "energy_active_import" };
    expect(fieldMessage(field("no_counter", params), formatter("en"), "en")).toBe("The device “gas” does not record “Active energy imported”.");
    expect(fieldMessage(field("unknown_reference", { kind: "device", value: "incomr" }), formatter("de"), "de")).toBe(
      "Es gibt kein Gerät „incomr“.",
    );
  });

  it("a rule the catalogue does not know is said in the server's words", () => {
    const unknown = field("required", {}, "required key is missing");
    const empty: Formatter = () => null;
    expect(fieldMessage(unknown, empty, "it")).toBe("required key is missing");
  });
});
