// Steps of the journey on the cost views (English interface, signed in as someone with the
// `consumption` page, on `ems demo`, whose contract prices electricity F1/F2/F3, the feed-in, gas
// and water). Each step is `(ctx) => Promise<void>` with ctx = { page, baseUrl, api, shot,
// expectNoProblems, expectAccessible }; it throws on the first thing that is wrong.
import { readFile } from "node:fs/promises";
import { cells } from "./csv.mjs";

function check(condition, message) {
  if (!condition) throw new Error(`costs: ${message}`);
}

/** The JSON of an API route, read as the admin. */
async function json(ctx, path) {
  const answer = await ctx.api("GET", path);
  return answer && typeof answer.json === "function" ? answer.json() : answer;
}

/** An amount of money as the English interface writes it ("€1,713.48", "−€3.20") as a number. */
function money(text) {
  const match = /(−|-)?\D*([\d,]+(?:\.\d+)?)/.exec(text.replace(/\u00a0/g, " "));
  check(match, `"${text}" holds no amount of money`);
  return (match[1] ? -1 : 1) * Number(match[2].replace(/,/g, ""));
}

/** Whether two amounts of money agree to the cent shown (a rounding of each). */
function sameMoney(a, b, cents = 1) {
  return Math.abs(a - b) <= 0.005 * cents + 1e-9;
}

function escaped(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Waits until the view has drawn what it shows (the ring, the bars, an empty state) and nothing loads. */
async function settled(page) {
  await page.locator(".cost-donut, .chart-plot canvas, .empty, .cost-donut-none").first().waitFor({ state: "visible", timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15_000 });
}

/** The card's "Total cost" (or revenue) figure. */
async function shownTotal(page) {
  return money(await page.locator(".chart-card .totals .total-current dd").first().innerText());
}

/** Downloads what `link` points to and reads it as CSV with the site's separators. */
async function downloadCsv(ctx, link) {
  const [download] = await Promise.all([ctx.page.waitForEvent("download"), link.click()]);
  check(download.suggestedFilename().endsWith(".csv"), `the file is named ${download.suggestedFilename()}`);
  const text = await readFile(await download.path(), "utf8");
  const site = await json(ctx, "/api/v1/site");
  const separator = site.csv_field_separator === "comma" ? "," : ";";
  const decimal = site.csv_decimal_separator === "comma" ? "," : ".";
  const number = (cell) => (cell === "" ? null : Number(cell.replace(decimal, ".")));
  const [header, ...rows] = text.split(/\r?\n/).filter((l) => l.length > 0).map((l) => cells(l, separator));
  return { header, rows, number };
}

/**
 * Consumptions → Tariffs → Total for this month: the filter lists every tariff of the demo's
 * electricity contract with the cost the API gives, the table beside the ring the same, the total
 * is the API's; one tariff deselected leaves the ring and the total drops by its cost.
 */
export async function tariffsTotal(ctx) {
  const { page, baseUrl } = ctx;
  const costs = await json(ctx, "/api/v1/history/costs?scope=site&point=energy_active_import&period=month");
  check(costs.tariff_names.length >= 3, `the demo names ${costs.tariff_names.length} electricity tariffs`);
  await page.goto(`${baseUrl}/consumption`);
  await page.getByRole("navigation", { name: "Consumption views" }).getByRole("link", { name: "Tariffs" }).click();
  await page.waitForURL("**/consumption/tariffs**");
  await page.getByRole("group", { name: "Period" }).getByRole("button", { name: "Month", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("period") === "month");
  check((await page.getByRole("group", { name: "Tariffs view" }).getByRole("button", { name: "Total" }).getAttribute("aria-pressed")) === "true", "Total is not the view shown");
  await settled(page);
  await page.getByRole("heading", { name: "Cost of electricity bought, by tariff" }).waitFor();

  const filter = page.getByRole("group", { name: "Tariffs shown" });
  const table = page.locator(".cost-table table");
  const totals = new Map(costs.tariffs.map((s) => [s.tariff, s]));
  for (const tariff of costs.tariff_names) {
    const box = filter.getByRole("checkbox", { name: new RegExp(`^${escaped(tariff.name)}\\b`) });
    check(await box.isChecked(), `${tariff.name} is not shown`);
    const label = await filter.locator("label", { hasText: tariff.name }).innerText();
    const total = totals.get(tariff.id);
    if (!total?.cost) {
      check(label.includes("no data"), `${tariff.name} without data reads "${label}"`);
      continue;
    }
    check(sameMoney(money(label.slice(tariff.name.length)), Number(total.cost)), `the filter gives ${tariff.name} "${label}", the API ${total.cost}`);
    const row = table.getByRole("row", { name: new RegExp(escaped(tariff.name)) });
    const cost = await row.locator("td").nth(1).innerText();
    check(sameMoney(money(cost), Number(total.cost)), `the table gives ${tariff.name} ${cost}, the API ${total.cost}`);
  }
  const whole = await shownTotal(page);
  check(sameMoney(whole, Number(costs.cost)), `the total shown is ${whole}, the API's ${costs.cost}`);
  const donut = page.getByRole("img", { name: /^Ring chart: Cost of electricity bought/ });
  await donut.waitFor();
  await ctx.shot("costs-tariffs-total");
  await ctx.expectAccessible("the tariffs' total");

  // Deselected, a tariff leaves the ring and the total.
  const dropped = costs.tariff_names.find((t) => totals.get(t.id)?.cost);
  const droppedCost = Number(totals.get(dropped.id).cost);
  await filter.getByRole("checkbox", { name: new RegExp(`^${escaped(dropped.name)}\\b`) }).uncheck();
  await page.waitForURL((url) => url.searchParams.get("hide") === dropped.id);
  const remaining = await shownTotal(page);
  check(sameMoney(remaining, whole - droppedCost, 2), `without ${dropped.name} the total is ${remaining}, expected ${whole} − ${droppedCost}`);
  const slices = (await donut.getAttribute("aria-label")) ?? "";
  check(!slices.includes(dropped.name), `the ring still has ${dropped.name}: ${slices}`);
  check((await table.getByRole("row", { name: new RegExp(escaped(dropped.name)) }).count()) === 0, `the table still lists ${dropped.name}`);
  await ctx.shot("costs-tariffs-total-filtered");
  await filter.getByRole("checkbox", { name: new RegExp(`^${escaped(dropped.name)}\\b`) }).check();
  await page.waitForURL((url) => !url.searchParams.has("hide"));
  check(sameMoney(await shownTotal(page), whole), "the total did not come back with every tariff");
  await ctx.expectNoProblems();
}

/** The commodity switch: gas this month, its cost the API's. */
export async function tariffsGas(ctx) {
  const { page, baseUrl } = ctx;
  const gas = await json(ctx, "/api/v1/history/costs?scope=site&point=gas_volume&period=month");
  await page.goto(`${baseUrl}/consumption/tariffs?period=month`);
  await settled(page);
  await page.getByRole("group", { name: "Commodity" }).getByRole("button", { name: "Gas", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("point") === "gas_volume");
  await page.getByRole("heading", { name: "Cost of gas, by tariff" }).waitFor();
  await settled(page);
  check(sameMoney(await shownTotal(page), Number(gas.cost)), `the gas cost shown is not the API's ${gas.cost}`);
  const amount = await page.locator(".cost-table tfoot td").first().innerText();
  check(amount.endsWith("m³"), `the gas amount reads "${amount}"`);
  await ctx.shot("costs-tariffs-gas");
  await ctx.expectNoProblems();
}

/**
 * Details of one device over yesterday by hour: the bars stacked by tariff, the table's cost the API's, and the
 * CSV download (`format=csv` of the same query) holding the API's amounts and costs.
 */
export async function tariffsDetails(ctx) {
  const { page, baseUrl } = ctx;
  // Yesterday in the site's time zone: a whole day of history, whatever the time of the run.
  const today = (await json(ctx, "/api/v1/history/costs?scope=site&period=day")).period.first;
  const day = new Date(`${today}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  const yesterday = day.toISOString().slice(0, 10);
  const scopes = await json(ctx, "/api/v1/history/scopes");
  let device = null;
  let costs = null;
  for (const scope of scopes.filter((s) => s.scope.startsWith("device:"))) {
    const answer = await json(ctx, `/api/v1/history/costs?scope=${encodeURIComponent(scope.scope)}&point=energy_active_import&period=day&date=${yesterday}`);
    if (answer.cost && answer.buckets.filter((b) => b.cost).length > 1) {
      [device, costs] = [scope, answer];
      break;
    }
  }
  check(device, `no device's electricity was priced on ${yesterday}`);
  await page.goto(`${baseUrl}/consumption/tariffs?period=day&date=${yesterday}`);
  await page.getByRole("group", { name: "Tariffs view" }).getByRole("button", { name: "Details" }).click();
  await page.waitForURL((url) => url.searchParams.get("show") === "details");
  await page.getByLabel("Costs of").selectOption(device.scope);
  await page.waitForURL((url) => url.searchParams.get("scope") === device.scope);
  await settled(page);
  const card = page.locator(".chart-card").first();
  await card.getByRole("heading", { name: new RegExp(`^${escaped(costs.name)} · Cost of electricity bought`) }).waitFor();
  check((await card.locator(".chart-plot canvas").count()) > 0, "no chart of the costs");
  await card.getByRole("button", { name: "Table" }).click();
  const table = card.locator(".chart-table table");
  await table.waitFor();
  const header = await table.locator("thead th").last().innerText();
  check(header.endsWith(`(${costs.currency})`), `the table's last column is "${header}"`);
  const priced = costs.tariffs.filter((s) => s.tariff !== "" && s.cost).length;
  const sum = money(await table.locator("tfoot td").last().innerText());
  check(sameMoney(sum, Number(costs.cost), priced), `the table's cost is ${sum}, the API's ${costs.cost}`);
  check(sameMoney(await shownTotal(page), Number(costs.cost)), "the total shown is not the API's");
  await ctx.shot("costs-tariffs-details");
  await ctx.expectAccessible("the tariffs' details with their table");

  const link = card.getByRole("link", { name: "Download CSV" });
  const href = new URL(await link.getAttribute("href"), baseUrl);
  check(href.pathname === "/api/v1/history/costs" && href.searchParams.get("format") === "csv", `the CSV link is ${href}`);
  check(href.searchParams.get("scope") === device.scope && href.searchParams.get("period") === "day" && href.searchParams.get("date") === yesterday, `the CSV link asks ${href.search}`);
  const { header: columns, rows, number } = await downloadCsv(ctx, link);
  check(columns.slice(0, 3).join() === "start,end,label", `the CSV header is ${columns.join("|")}`);
  check(rows.length === costs.buckets.length, `the CSV has ${rows.length} rows for ${costs.buckets.length} buckets`);
  const costColumn = columns.length - 1;
  check(columns[costColumn] === `cost [${costs.currency}]`, `the CSV's last column is ${columns[costColumn]}`);
  const names = new Map(costs.tariff_names.map((t) => [t.id, t.name]));
  costs.buckets.forEach((bucket, i) => {
    const row = rows[i];
    check(row[2] === bucket.label, `row ${i + 1} is labelled ${row[2]}, the bucket ${bucket.label}`);
    const cost = number(row[costColumn]);
    check(bucket.cost == null ? cost === null : cost === Number(bucket.cost), `row ${i + 1}: CSV cost ${row[costColumn]}, API ${bucket.cost}`);
    for (const share of bucket.tariffs.filter((s) => s.tariff !== "")) {
      const name = names.get(share.tariff) ?? share.tariff;
      const amountAt = columns.findIndex((c) => c.startsWith(`${name} [`) && !c.endsWith(`[${costs.currency}]`));
      const costAt = columns.indexOf(`${name} [${costs.currency}]`);
      check(amountAt >= 0 && costAt >= 0, `the CSV has no columns for ${name}: ${columns.join("|")}`);
      check(number(row[amountAt]) === share.amount, `row ${i + 1}, ${name}: CSV amount ${row[amountAt]}, API ${share.amount}`);
      check(number(row[costAt]) === Number(share.cost), `row ${i + 1}, ${name}: CSV cost ${row[costAt]}, API ${share.cost}`);
    }
  });
  await ctx.expectNoProblems();
}

/** The tariffs' ring in full screen for a wall display, and back. */
export async function tariffsFullScreen(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/consumption/tariffs?period=month`);
  await settled(page);
  await page.getByRole("button", { name: "Full screen" }).first().click();
  await page.waitForFunction(() => document.fullscreenElement?.classList.contains("chart-card"));
  await page.locator(".chart-card.full .cost-donut").waitFor();
  await ctx.shot("costs-tariffs-full-screen");
  await page.getByRole("button", { name: "Exit full screen" }).click();
  await page.waitForFunction(() => document.fullscreenElement === null);
  await ctx.expectNoProblems();
}

/**
 * The grand total's overall costs this month: each commodity's cost, what was bought and what was
 * fed in, the standing charges, the demand charge (a line per month with its peak in kW and its
 * local time, or a line saying the grid connection's meter has no readings yet), the total, and
 * the CSV, as the API answers.
 */
export async function overallCosts(ctx) {
  const { page, baseUrl } = ctx;
  const overall = await json(ctx, "/api/v1/history/overall?period=month");
  await page.goto(`${baseUrl}/consumption/total?period=month`);
  const card = page.locator("section.overall-costs");
  await card.getByRole("heading", { name: "Overall costs" }).waitFor();
  const table = card.getByRole("table");
  await table.waitFor();
  const rowNames = {
    energy_active_import: "Electricity bought",
    energy_active_export: "Electricity fed in",
    gas_volume: "Gas",
    water_volume: "Water",
  };
  for (const row of overall.rows) {
    const cell = table.getByRole("row", { name: new RegExp(`^${rowNames[row.point]}\\b`) }).locator("td").last();
    const text = await cell.innerText();
    check(row.cost == null ? text.includes("not priced") : sameMoney(money(text), Number(row.cost)), `${rowNames[row.point]} costs "${text}", the API ${row.cost}`);
  }
  const bought = await table.getByRole("row", { name: /^Cost of what was bought/ }).locator("td").last().innerText();
  check(sameMoney(money(bought), Number(overall.cost)), `what was bought costs "${bought}", the API ${overall.cost}`);
  if (overall.export_revenue != null) {
    const fedIn = await table.getByRole("row", { name: /^Revenue of what was fed in/ }).locator("td").last().innerText();
    check(sameMoney(money(fedIn), Number(overall.export_revenue)), `the feed-in revenue is "${fedIn}", the API ${overall.export_revenue}`);
  }
  // The demo's contracts have standing charges: shown apart, then with what was bought.
  check(overall.standing_charges != null, "the demo's standing charges are in the overall view");
  const standing = await table.getByRole("row", { name: /^Standing charges/ }).locator("td").last().innerText();
  check(sameMoney(money(standing), Number(overall.standing_charges)), `the standing charges are "${standing}", the API ${overall.standing_charges}`);
  // The demo's electricity contract has a demand charge, measured by the main meter: a line per
  // month it has readings in, or one line saying it has none yet.
  check(overall.demand_charge != null, "the demo's demand charge is in the overall view");
  const demandRows = table.locator("tr.overall-demand");
  const { time_zone } = await json(ctx, "/api/v1/site");
  if (overall.demand_charges.length === 0) {
    const none = table.getByRole("row", { name: /^Demand charge\b/ });
    await none.getByText("no readings of the grid connection meter").waitFor();
    check(sameMoney(money(await none.locator("td").last().innerText()), Number(overall.demand_charge)), "a demand charge without readings costs the API's");
  } else {
    check((await demandRows.count()) === overall.demand_charges.length, `one demand line per month: ${overall.demand_charges.length}`);
    for (const item of overall.demand_charges) {
      const [year, month] = item.month.split("-").map(Number);
      const name = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(year, month - 1, 1));
      const row = table.getByRole("row", { name: new RegExp(`^Demand charge, ${name}`) });
      const [peak, cost] = await row.locator("td").allInnerTexts();
      const shown = /peak ([\d.,]+)\s*kW on /.exec(peak.replace(/\u00a0/g, " "))?.[1].replace(/,/g, "") ?? "";
      const digits = shown.split(".")[1]?.length ?? 0;
      // The peak in kW as shown: rounded to the digits shown.
      check(shown !== "" && Math.abs(Number(shown) - item.power_w / 1000) <= 0.5 * 10 ** -digits + 1e-9, `the peak of ${item.month} is "${peak}", the API ${item.power_w} W`);
      const at = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: time_zone }).format(new Date(item.at));
      check(peak.replace(/\u202f/g, " ").endsWith(at.replace(/\u202f/g, " ")), `the peak of ${item.month} is at "${peak}", the API ${item.at} (${at})`);
      check(sameMoney(money(cost), Number(item.cost)), `the demand charge of ${item.month} is "${cost}", the API ${item.cost}`);
    }
  }
  const total = await table.getByRole("row", { name: /^Total with standing and demand charges/ }).locator("td").last().innerText();
  check(sameMoney(money(total), Number(overall.total)), `the total is "${total}", the API ${overall.total}`);
  await card.scrollIntoViewIfNeeded();
  await ctx.shot("costs-overall");
  await ctx.expectAccessible("the grand total with the overall costs");

  const link = card.getByRole("link", { name: "Download CSV" });
  const href = new URL(await link.getAttribute("href"), baseUrl);
  check(href.pathname === "/api/v1/history/overall" && href.searchParams.get("format") === "csv", `the overall CSV link is ${href}`);
  const { header, rows, number } = await downloadCsv(ctx, link);
  const costAt = header.indexOf(`cost [${overall.currency}]`);
  check(header[0] === "point" && costAt > 0, `the overall CSV header is ${header.join("|")}`);
  check(rows.length === overall.rows.length, `the overall CSV has ${rows.length} rows, the API ${overall.rows.length}`);
  for (const row of overall.rows) {
    const line = rows.find((r) => r[0] === row.point);
    check(line, `the overall CSV has no row for ${row.point}`);
    check(row.cost == null ? line[costAt] === "" : number(line[costAt]) === Number(row.cost), `${row.point}: CSV cost ${line[costAt]}, API ${row.cost}`);
  }
  // The demand charge is a column, filled in the row of bought electricity.
  const demandAt = header.indexOf(`demand_charge [${overall.currency}]`);
  check(demandAt > 0, `the overall CSV has a demand charge column: ${header.join("|")}`);
  const boughtLine = rows.find((r) => r[0] === "energy_active_import");
  check(boughtLine && number(boughtLine[demandAt]) === Number(overall.demand_charge), `the CSV's demand charge is ${boughtLine?.[demandAt]}, the API ${overall.demand_charge}`);
  await ctx.expectNoProblems();
}

