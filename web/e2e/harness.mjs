// The browser side of the end-to-end tests: Debian's chromium driven by playwright-core, a page
// that records every console error, failed request and CSP violation, screenshots at the width
// in force, an accessibility check with axe-core, and a small API client signed in as the page.
import { createRequire } from "node:module";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const WIDTHS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } };

/** Opens the browser and a page on `baseUrl`; `artifacts` receives the screenshots. */
export async function open({ baseUrl, artifacts, executablePath = "/usr/bin/chromium" }) {
  mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: WIDTHS.desktop,
    locale: "en-GB",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = [];
  // Signed out, the UI learns that it has no session from this answer.
  const ALWAYS_ALLOWED = [{ status: 401, path: "/api/v1/session" }];
  let allowed = ALWAYS_ALLOWED;
  page.on("console", (message) => {
    // Refused answers are the browser's "Failed to load resource" errors: they are checked
    // below, with the answers a step expects (a viewer refused a page) allowed.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText ?? "";
    // A live stream or a download cut short by leaving the page is not a failure.
    if (failure.includes("ERR_ABORTED")) return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on("response", (response) => {
    const status = response.status();
    if (status < 400) return;
    const url = new URL(response.url());
    if (allowed.some((a) => a.status === status && url.pathname === a.path)) return;
    problems.push(`HTTP ${status}: ${response.request().method()} ${url.pathname}${url.search}`);
  });
  let width = "desktop";
  const ctx = {
    browser,
    context,
    page,
    baseUrl,
    artifacts,
    /** Makes a fresh page in a new browser context (another user), recording problems too. */
    async newUser() {
      const other = await browser.newContext({ ignoreHTTPSErrors: true, viewport: WIDTHS.desktop, locale: "en-GB" });
      return other.newPage();
    },
    /** Switches the viewport between phone (360 px) and desktop (1280 px). */
    async setWidth(name) {
      width = name;
      await page.setViewportSize(WIDTHS[name]);
    },
    /** Saves a screenshot of the whole page as <artifacts>/<name>-<width>.png. */
    async shot(name) {
      await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
    },
    /** Answers with `status` from `path` (an API path) are expected while `during` runs. */
    async allowing(expected, during) {
      const before = allowed;
      allowed = [...allowed, ...expected];
      try {
        return await during();
      } finally {
        allowed = before;
      }
    },
    /** Fails with every console error, failed request and refused answer since the last call. */
    expectNoProblems(step = "") {
      const seen = problems.splice(0);
      if (seen.length) throw new Error(`${step}: problems in the page:\n  ${seen.join("\n  ")}`);
    },
    /** Fails with every WCAG 2 A/AA violation axe-core finds on the page as shown. */
    async expectAccessible(what) {
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const result = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
        return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      });
      if (violations.length) throw new Error(`${what}: accessibility:\n  ${violations.join("\n  ")}`);
    },
    /** Calls the API as the signed-in page does (its cookie and CSRF token). */
    async api(method, path, body) {
      const answer = await page.evaluate(
        async ({ method, path, body }) => {
          const headers = { "content-type": "application/json" };
          if (method !== "GET") {
            const session = await fetch("/api/v1/session").then((r) => r.json());
            headers["x-csrf-token"] = session.csrf_token;
          }
          const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
          const text = await response.text();
          return { status: response.status, text, type: response.headers.get("content-type") ?? "" };
        },
        { method, path, body },
      );
      if (answer.status >= 400) throw new Error(`${method} ${path}: HTTP ${answer.status} ${answer.text}`);
      return answer.type.includes("json") ? JSON.parse(answer.text) : answer.text;
    },
  };
  return ctx;
}

/** Runs `steps` ([name, fn] pairs) in order, stopping at the first failure; returns the count run. */
export async function run(ctx, steps) {
  let passed = 0;
  for (const [name, step] of steps) {
    const started = performance.now();
    try {
      await step(ctx);
      ctx.expectNoProblems(name);
      passed += 1;
      console.log(`  ok  ${name} (${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      console.log(`  FAILED  ${name}`);
      await ctx.page.screenshot({ path: join(ctx.artifacts, `failed-${name.replace(/\W+/g, "-")}.png`), fullPage: true }).catch(() => {});
      throw error;
    }
  }
  return passed;
}
