// Writes a gzip and a brotli copy beside every compressible file of the build, at the highest
// levels: the ems server sends them as they are, so a small gateway never compresses the UI.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|ftl|txt|map)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const root = process.argv[2] ?? "dist";
for (const path of files(root)) {
  if (!COMPRESSIBLE.test(path)) continue;
  const raw = readFileSync(path);
  const gzip = gzipSync(raw, { level: 9 });
  const brotli = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  // A copy that saves nothing is not worth sending.
  if (gzip.length < raw.length) writeFileSync(`${path}.gz`, gzip);
  if (brotli.length < raw.length) writeFileSync(`${path}.br`, brotli);
}
