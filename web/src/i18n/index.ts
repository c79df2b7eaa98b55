// The interface's language: Fluent catalogues from ../i18n/<lang>.ftl (one file per language,
// shared with the server), the browser's preferences negotiated, `?lang=` forcing one, and the
// user's choice remembered in this browser.
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { negotiateLanguages } from "@fluent/langneg";
import { signal } from "@preact/signals";

/** Each catalogue, loaded on first use: adding a language is adding a file to i18n/. */
const catalogues = import.meta.glob<string>("../../../i18n/*.ftl", {
  query: "?raw",
  import: "default",
});

/** The language codes there are catalogues for (file names without `.ftl`). */
export const LANGUAGES: readonly string[] = Object.keys(catalogues)
  .map((path) => path.replace(/^.*\/([^/]+)\.ftl$/, "$1"))
  .sort();

/** The language every catalogue is checked against (web/src/i18n/catalogues.test.ts). */
export const SOURCE_LANGUAGE = "en";

const STORAGE_KEY = "ems.language";

/** The language shown. */
export const language = signal<string>(SOURCE_LANGUAGE);
/**
 * The locale numbers and dates are formatted in: the browser's own variant of the language
 * shown when it has one (`en-GB`, `de-CH`), else the language.
 */
export const locale = signal<string>(SOURCE_LANGUAGE);

const bundle = signal<FluentBundle | null>(null);

/** The language to show: `?lang=`, else the one chosen before in this browser, else negotiated. */
export function pickLanguage(search: string, preferred: readonly string[], remembered: string | null): string {
  const forced = new URLSearchParams(search).get("lang");
  const wanted = forced ? [forced] : remembered ? [remembered, ...preferred] : preferred;
  const [best] = negotiateLanguages(wanted, LANGUAGES, {
    defaultLocale: SOURCE_LANGUAGE,
    strategy: "lookup",
  });
  return best ?? SOURCE_LANGUAGE;
}

/** The browser's own variant of `lang` (`en-GB` for `en`), or `lang`. */
export function formattingLocale(lang: string, preferred: readonly string[]): string {
  const variant = preferred.find((p) => p.toLowerCase().split("-")[0] === lang);
  try {
    return variant ? (Intl.getCanonicalLocales(variant)[0] ?? lang) : lang;
  } catch {
    return lang;
  }
}

/** A bundle of one catalogue's text; syntax errors are reported, not hidden. */
export function bundleOf(lang: string, text: string): FluentBundle {
  // Bidirectional isolation marks around placeables matter only where text runs right to left.
  const bundle = new FluentBundle(lang, { useIsolating: isRightToLeft(lang) });
  const errors = bundle.addResource(new FluentResource(text));
  for (const error of errors) console.error(`i18n/${lang}.ftl: ${error.message}`);
  return bundle;
}

/** Whether `lang` is written right to left. */
export function isRightToLeft(lang: string): boolean {
  return ["ar", "dv", "fa", "he", "ps", "ur", "yi"].includes(lang.split("-")[0] ?? lang);
}

async function load(lang: string): Promise<FluentBundle> {
  const loader = catalogues[`../../../i18n/${lang}.ftl`];
  if (!loader) throw new Error(`no catalogue for language "${lang}"`);
  return bundleOf(lang, await loader());
}

/** Shows `lang`; `remember` keeps the choice for this browser. */
export async function setLanguage(lang: string, remember = false): Promise<void> {
  const shown = await load(lang);
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage refused (private mode): the choice holds for this page only.
    }
  }
  document.documentElement.lang = lang;
  document.documentElement.dir = isRightToLeft(lang) ? "rtl" : "ltr";
  locale.value = formattingLocale(lang, navigator.languages);
  language.value = lang;
  bundle.value = shown;
}

/** Starts with the language `pickLanguage` chooses for this page. */
export async function startLanguage(): Promise<void> {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(STORAGE_KEY);
  } catch {
    remembered = null;
  }
  await setLanguage(pickLanguage(location.search, navigator.languages, remembered));
}

/** The language's own name for itself ("italiano", "Deutsch"). */
export function languageName(lang: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: "language" }).of(lang) ?? lang;
    return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    return lang;
  }
}

function format(bundle: FluentBundle, id: string, args?: Record<string, FluentVariable>): string | null {
  const message = bundle.getMessage(id);
  if (!message?.value) return null;
  return bundle.formatPattern(message.value, args ?? null);
}

/**
 * The text of `id` in the language shown (the id itself if its catalogue lacks it: the catalogue
 * test makes sure none does). Reading it subscribes the calling component to language changes.
 */
export function t(id: string, args?: Record<string, FluentVariable>): string {
  const b = bundle.value;
  return (b && format(b, id, args)) ?? id;
}

/** Whether the catalogues have a text for `id` (for texts keyed by values from the API). */
export function has(id: string): boolean {
  return bundle.value?.hasMessage(id) ?? false;
}

/** An attribute of a message (`id.attribute` in Fluent), e.g. a field's help text. */
export function tAttr(id: string, attribute: string, args?: Record<string, FluentVariable>): string {
  const b = bundle.value;
  const pattern = b?.getMessage(id)?.attributes[attribute];
  return b && pattern ? b.formatPattern(pattern, args ?? null) : `${id}.${attribute}`;
}
