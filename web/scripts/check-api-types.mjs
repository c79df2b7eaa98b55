// Fails when src/api/schema.d.ts is not what openapi-typescript makes of src/api/openapi.json:
// the API types are generated, never written by hand.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const generated = execFileSync("npx", ["openapi-typescript", "src/api/openapi.json"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const committed = readFileSync("src/api/schema.d.ts", "utf8");
if (generated !== committed) {
  console.error("src/api/schema.d.ts is out of date: run `npm run gen:api` in web/");
  process.exit(1);
}
