// Steps of the journey on the Consumptions pages (English interface, signed in as someone with
// the `consumption` page, on `ems demo` with history). Each step is `(ctx) => Promise<void>` with
// ctx = { page, baseUrl, api, shot, expectNoProblems }; it throws on the first thing that is wrong.
import { readFile } from "node:fs/promises";
import { cells } from "./csv.mjs";

const VIEWS = [
  { path: "total", tab: "Grand total" },
  { path: "partials", tab: "Partials" },
  { path: "compare", tab: "Compare" },
  { path: "details", tab: "Details" },
];
const PERIODS = [
  { period: "day", button: "Day" },
  { period: "month", button: "Month" },
  { period: "year", button: "Year" },
  { period: "decade", button: "10 years" },
];

function check(condition, message) {
  if (!condition) throw new Error(`consumption: ${message}`);
}

/** The JSON of an API route, read as the admin. */
async function json(ctx, path) {
  const answer = await ctx.api("GET", path);
  return answer && typeof answer.json === "function" ? answer.json() : answer;
}

/** Waits until the view has drawn its chart or says there is nothing to draw. */
async function settled(page) {
  await page.locator(".chart-plot canvas, .empty, .compare-totals").first().waitFor({ state: "visible", timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15_000 });
}

/** Today in the site's time zone (as the page's date field shows it). */
async function shownDate(page) {
  return page.locator(".period-date input").inputValue();
}

/** A number of the page's tables in English ("1,234.5") as a number. */
function number(text) {
  return Number(text.replace(/[,\s\u00a0]/g, "").replace("−", "-"));
}

/** The divisor of a unit shown in a table header: "(kWh)" → 1000. */
function divisorIn(header) {
  const unit = /\(([^)]+)\)\s*$/.exec(header)?.[1] ?? "";
  return { Wh: 1, kWh: 1e3, MWh: 1e6, GWh: 1e9, "m³": 1e3 }[unit] ?? Number.NaN;
}

/** The last figure of a chart card's table (the total of its last column) in canonical units. */
async function tableTotal(card) {
  const table = card.locator("table").first();
  const header = await table.locator("thead th").last().innerText();
  const total = await table.locator("tfoot td").last().innerText();
  return number(total) * divisorIn(header);
}

/** Opens every view on every period: the period is chosen, a chart (or the empty state) appears, nothing fails. */
export async function openEachConsumptionView(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/consumption`);
  await page.getByRole("heading", { name: "Consumptions", level: 1 }).waitFor();
  for (const view of VIEWS) {
    await page.getByRole("navigation", { name: "Consumption views" }).getByRole("link", { name: view.tab }).click();
    await page.waitForURL(`**/consumption/${view.path}**`);
    for (const { period, button } of PERIODS) {
      const choice = page.getByRole("group", { name: "Period" }).getByRole("button", { name: button, exact: true });
      await choice.click();
      check((await choice.getAttribute("aria-pressed")) === "true", `${view.path}: ${button} is not chosen`);
      check(new URL(page.url()).searchParams.get("period") === period, `${view.path}: the address lacks period=${period}`);
      await settled(page);
      check((await page.locator(".chart-card").count()) > 0, `${view.path} by ${period}: no chart card`);
      if (view.path === "total" && period === "month") {
        // The month runs: its difference is taken against the previous month up to the same time, whose amount is said.
        const note = await page.locator(".totals .so-far").first().innerText();
        check(/^against [\d.,]+\s[kMG]?Wh in the previous period up to the same time$/.test(note), `the running month's note reads "${note}"`);
      }
      await ctx.shot(`consumption-${view.path}-${period}`);
    }
    await ctx.expectNoProblems();
  }
}

/** Steps one day back on the grand total: the address, the date field and the period title follow, the total is the API's. */
export async function stepBackADay(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/consumption/total?period=day`);
  await settled(page);
  const today = await shownDate(page);
  check(await page.getByRole("button", { name: "Next day" }).isDisabled(), "the arrow forward is enabled on today");
  await page.getByRole("button", { name: "Previous day" }).click();
  await page.waitForURL(/date=\d{4}-\d{2}-\d{2}/);
  await settled(page);
  const yesterday = new URL(page.url()).searchParams.get("date");
  const expected = new Date(`${today}T12:00:00Z`);
  expected.setUTCDate(expected.getUTCDate() - 1);
  check(yesterday === expected.toISOString().slice(0, 10), `one day back from ${today} is ${yesterday}`);
  check((await shownDate(page)) === yesterday, "the date field does not show the day before");
  check(await page.getByRole("button", { name: "Next day" }).isEnabled(), "the arrow forward is disabled on yesterday");
  const partials = await json(ctx, `/api/v1/history/partials?by=load&period=day&date=${yesterday}`);
  const sum = partials.parts.reduce((total, part) => total + (part.current.total ?? 0), 0);
  const card = page.locator(".chart-card").first();
  const shown = await tableTotal(card);
  check(Math.abs(shown - sum) <= Math.max(1, sum * 0.006), `the page's total of ${yesterday} is ${shown} Wh, the API's ${sum} Wh`);
  await ctx.shot("consumption-yesterday");
  await page.getByRole("button", { name: "Today" }).click();
  await page.waitForURL((url) => !url.searchParams.has("date"));
  await ctx.expectNoProblems();
}

/** Compares two devices that measured electricity today, as totals and bar beside bar; the totals are the API's. */
export async function compareTwoDevices(ctx) {
  const { page, baseUrl } = ctx;
  const scopes = await json(ctx, "/api/v1/history/scopes");
  const measuring = [];
  for (const scope of scopes.filter((s) => s.scope.startsWith("device:"))) {
    const histogram = await json(ctx, `/api/v1/history/histogram?scope=${encodeURIComponent(scope.scope)}&period=day`);
    if (histogram.current.total) measuring.push(scope);
    if (measuring.length === 2) break;
  }
  check(measuring.length === 2, "fewer than two devices measured electricity today");
  const [first, second] = measuring;
  await page.goto(`${baseUrl}/consumption/compare?period=day`);
  await page.getByLabel("First", { exact: true }).selectOption(first.scope);
  await page.getByLabel("Second", { exact: true }).selectOption(second.scope);
  await page.getByRole("group", { name: "Comparison" }).getByRole("button", { name: "Details" }).click();
  await settled(page);
  const card = page.locator(".chart-card").first();
  check((await card.locator(".chart-plot canvas").count()) > 0, "no chart of the comparison");
  for (const name of [first.name, second.name]) {
    await card.getByRole("list", { name: "Legend" }).getByRole("button", { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).waitFor();
  }
  const comparison = await json(ctx, `/api/v1/history/compare?first=${encodeURIComponent(first.scope)}&second=${encodeURIComponent(second.scope)}&period=day`);
  const shown = await tableTotal(card);
  const expected = comparison.second.series.total;
  check(Math.abs(shown - expected) <= Math.max(1, expected * 0.006), `the second total shown is ${shown}, the API's ${expected}`);
  await ctx.shot("consumption-compare-two-devices");
  await page.getByRole("group", { name: "Comparison" }).getByRole("button", { name: "Total" }).click();
  await card.locator(".compare-totals").waitFor();
  await ctx.expectNoProblems();
}

/** Downloads the CSV of the grand total and checks every amount against the API's JSON of the same query. */
export async function downloadConsumptionCsv(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/consumption/total?period=day`);
  await settled(page);
  const link = page.getByRole("link", { name: "Download CSV" }).first();
  const href = new URL(await link.getAttribute("href"), baseUrl);
  check(href.pathname === "/api/v1/history/partials" && href.searchParams.get("format") === "csv", `the CSV link is ${href}`);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  check(download.suggestedFilename().endsWith(".csv"), `the file is named ${download.suggestedFilename()}`);
  const text = await readFile(await download.path(), "utf8");
  href.searchParams.delete("format");
  const answer = await json(ctx, href.pathname + href.search);
  const site = await json(ctx, "/api/v1/site");
  const separator = site.csv_field_separator === "comma" ? "," : ";";
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = cells(lines[0], separator);
  check(header.slice(0, 4).join() === "period,start,end,label", `the CSV header is ${lines[0]}`);
  check(header.length === 4 + answer.parts.length, "the CSV has not one column per part");
  const rows = lines.slice(1).map((l) => cells(l, separator));
  const buckets = answer.parts[0].current.buckets.length + answer.parts[0].previous.buckets.length;
  check(rows.length === buckets, `the CSV has ${rows.length} rows for ${buckets} buckets`);
  answer.parts.forEach((part, column) => {
    [...part.current.buckets, ...part.previous.buckets].forEach((bucket, row) => {
      const cell = rows[row][4 + column];
      const expected = bucket.amount ?? null;
      check(expected === null ? cell === "" : Number(cell) === expected, `${part.name}, row ${row + 1}: CSV ${cell}, API ${expected}`);
    });
  });
  await ctx.expectNoProblems();
}

/** Puts the grand total's chart in full screen for a wall display and back. */
export async function consumptionFullScreen(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/consumption/total?period=month`);
  await settled(page);
  await page.getByRole("button", { name: "Full screen" }).first().click();
  await page.waitForFunction(() => document.fullscreenElement?.classList.contains("chart-card"));
  const exit = page.getByRole("button", { name: "Exit full screen" });
  await exit.waitFor();
  await page.locator(".chart-card.full .chart-plot canvas").first().waitFor();
  await ctx.shot("consumption-full-screen");
  await exit.click();
  await page.waitForFunction(() => document.fullscreenElement === null);
  await page.getByRole("button", { name: "Full screen" }).first().waitFor();
  await ctx.expectNoProblems();
}

/** Every step, in the order the journey runs them. */
export const steps = [openEachConsumptionView, stepBackADay, compareTwoDevices, downloadConsumptionCsv, consumptionFullScreen];
