// Holds the built UI to its size budget: 150 KB gzip for everything one browser can load, that is
// every page, script and style plus the catalogue of one language (the largest). A browser never
// loads two catalogues at once; each language added costs its own catalogue, shown here too.
// Prints the sizes and fails the build when the budget is exceeded.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 150 * 1000;
const root = process.argv[2] ?? "dist";
const catalogueDir = process.argv[3] ?? "../i18n";

const languages = new Set(
  readdirSync(catalogueDir)
    .filter((name) => name.endsWith(".ftl"))
    .map((name) => basename(name, ".ftl")),
);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(html|js|css)$/.test(entry.name)) yield path;
  }
}

/** The language a built file is the catalogue of (`de-Ab12.js` → `de`, `fr-By-mA.js` → `fr`: hashes may hold `-`), if it is one. */
function languageOf(path) {
  const name = basename(path);
  if (!name.endsWith(".js")) return null;
  const matching = [...languages].filter((language) => name.startsWith(`${language}-`));
  return matching.sort((a, b) => b.length - a.length)[0] ?? null;
}

let code = 0;
const catalogues = new Map();
for (const path of files(root)) {
  const size = gzipSync(readFileSync(path), { level: 9 }).length;
  const language = languageOf(path);
  if (language) catalogues.set(language, size);
  else code += size;
}
const missing = [...languages].filter((language) => !catalogues.has(language));
if (missing.length > 0) {
  console.error(`size budget: no built catalogue for ${missing.join(", ")} in ${root}`);
  process.exit(1);
}
const largest = Math.max(...catalogues.values());
const total = code + largest;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const each = [...catalogues].map(([language, size]) => `${language} ${kb(size)}`).join(", ");
console.log(`UI size (gzip): code and styles ${kb(code)}; catalogues ${each}`);
console.log(`UI size (gzip): one browser loads at most ${kb(total)} of the ${kb(BUDGET_BYTES)} budget`);
if (total > BUDGET_BYTES) {
  console.error(`size budget exceeded by ${kb(total - BUDGET_BYTES)}`);
  process.exit(1);
}
