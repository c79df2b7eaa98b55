// Measures the consumption page in chromium (see scripts/bench-ui.sh): first contentful paint,
// largest contentful paint, the `ems-chart-drawn` mark of the year-by-month chart, and the bytes
// transferred, cold and warm, at desktop and phone width. Prints a Markdown table of medians.
import { chromium } from "playwright-core";
import { WIDTHS } from "./harness.mjs";

const baseUrl = process.env.EMS_URL;
const name = process.env.EMS_NAME;
const password = process.env.EMS_PASSWORD;
const runs = Number(process.env.BENCH_UI_RUNS ?? 7);
const PAGE = "/consumption/total?period=year";

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });

/** Loads the page once and reads the browser's own timings and transfer sizes. */
async function measure(page) {
  await page.goto(`${baseUrl}${PAGE}`);
  await page.waitForFunction(() => performance.getEntriesByName("ems-chart-drawn").length > 0, null, {
    timeout: 30_000,
  });
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        let lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) lcp = Math.max(lcp, entry.startTime);
        }).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => {
          const paint = performance.getEntriesByName("first-contentful-paint")[0];
          const chart = performance.getEntriesByName("ems-chart-drawn")[0];
          const navigation = performance.getEntriesByType("navigation")[0];
          const resources = performance.getEntriesByType("resource");
          const bytes = (navigation?.transferSize ?? 0) + resources.reduce((sum, r) => sum + r.transferSize, 0);
          const ui = (navigation?.transferSize ?? 0) +
            resources.filter((r) => !new URL(r.name).pathname.startsWith("/api/")).reduce((sum, r) => sum + r.transferSize, 0);
          resolve({ fcp: paint?.startTime ?? NaN, lcp, chart: chart?.startTime ?? NaN, bytes, ui });
        }, 100);
      }),
  );
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const rows = [];
for (const [width, viewport] of Object.entries(WIDTHS)) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i += 1) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, locale: "en-GB" });
    // Signed in through the API (the cookie is the context's), so only the page itself is timed.
    await context.request.post(`${baseUrl}/api/v1/session`, { data: { name, password } });
    const page = await context.newPage();
    cold.push(await measure(page));
    warm.push(await measure(page));
    await context.close();
  }
  for (const [kind, samples] of [
    ["cold", cold],
    ["warm", warm],
  ]) {
    rows.push({
      width,
      kind,
      fcp: median(samples.map((s) => s.fcp)),
      lcp: median(samples.map((s) => s.lcp)),
      chart: median(samples.map((s) => s.chart)),
      bytes: median(samples.map((s) => s.bytes)),
      ui: median(samples.map((s) => s.ui)),
    });
  }
}
await browser.close();

const ms = (v) => `${Math.round(v)} ms`;
const kb = (v) => `${(v / 1000).toFixed(1)} kB`;
console.log(`Consumption page ${PAGE}, medians of ${runs} loads each:\n`);
console.log("| width | cache | first contentful paint | largest contentful paint | interactive chart | transferred in all | of which the UI's files |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.width} | ${r.kind} | ${ms(r.fcp)} | ${ms(r.lcp)} | ${ms(r.chart)} | ${kb(r.bytes)} | ${kb(r.ui)} |`);
}
