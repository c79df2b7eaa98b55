// The bill of consumptions editor (System configuration → Tariffs) against the demo's contract:
// the rule in force marked as the API explains it, a rule moved and saved (then moved back), a
// price added from a future date, a refused colour shown at its field, the demand charge's meter
// of the grid connection (required with a price), the gas factor, unsaved changes asked about
// before a link or Back leaves them, and past days priced again through the dialog.
import assert from "node:assert/strict";

/** The cost rules of the consumption plan, as list items. */
const rulesOf = (page) => page.getByRole("region", { name: "Cost rules", exact: true }).getByRole("listitem");

/** The text of each rule in the list, without the marks and the reasons shown beside it. */
async function ruleTexts(page) {
  const texts = await rulesOf(page).locator(".tariffs-rule-text").allInnerTexts();
  return texts.map((text) => text.replace(/^Rule \d+:\s*/, ""));
}

/** The position (from 0) of the rule marked with `mark`, or -1. */
async function markedRule(page, mark) {
  const marks = await rulesOf(page).evaluateAll((items, text) => items.map((li) => li.innerText.includes(text)), mark);
  return marks.indexOf(true);
}

/** Saves the section and waits for the saved notice. */
async function save(page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "From now on, new data is priced with these tariffs" }).waitFor();
  await page.getByText("No unsaved changes").waitFor();
}

/** Today in the site's time zone, `YYYY-MM-DD`, shifted by `days`. */
async function siteDay(ctx, days = 0) {
  const { time_zone } = await ctx.api("GET", "/api/v1/site");
  const format = new Intl.DateTimeFormat("en-CA", { timeZone: time_zone, year: "numeric", month: "2-digit", day: "2-digit" });
  return format.format(new Date(Date.now() + days * 86_400_000));
}

/** System configuration → Tariffs shows the demo's electricity rules with the one in force marked as the API explains it. */
export async function openTariffs(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/configuration`);
  await page.getByRole("navigation", { name: "Configuration sections" }).getByRole("link", { name: "Tariffs" }).click();
  await page.getByRole("heading", { name: "Tariffs", level: 1 }).waitFor();
  const contract = await ctx.api("GET", "/api/v1/tariffs");
  await page.getByText(/^Now \(.*\) rule \d+ applies/).first().waitFor();
  assert.equal(await rulesOf(page).count(), contract.electricity.rules.length, "every rule is listed");
  let explained = await ctx.api("GET", "/api/v1/tariffs/explain?commodity=electricity");
  let marked = await markedRule(page, "Applies now");
  if (marked !== explained.rule) {
    // The rule in force changed between the two reads (a time frame ended): read both again.
    await page.reload();
    await page.getByText(/^Now \(.*\) rule \d+ applies/).first().waitFor();
    explained = await ctx.api("GET", "/api/v1/tariffs/explain?commodity=electricity");
    marked = await markedRule(page, "Applies now");
  }
  assert.equal(marked, explained.rule, "the rule the API says applies now is marked");
  const above = rulesOf(page).nth(0);
  if (explained.rule > 0) await above.getByText(/^Does not apply: /).waitFor();
  await page.getByText("Prices and charges are in EUR").waitFor();
  if (ctx.expectAccessible) await ctx.expectAccessible("tariffs");
  await ctx.shot("tariffs-electricity");
}

/** "Check another time" on Christmas Day marks the Christmas rule, the first. */
export async function checkChristmas(ctx) {
  const { page } = ctx;
  const year = (await siteDay(ctx)).slice(0, 4);
  const at = `${year}-12-25T10:00`;
  await page.getByLabel(/^Check another time/).first().fill(at);
  await page.getByRole("button", { name: "Check", exact: true }).first().click();
  await page.getByText(/^On .* rule \d+ applies/).first().waitFor();
  const explained = await ctx.api("GET", `/api/v1/tariffs/explain?commodity=electricity&at=${at}`);
  assert.equal(await markedRule(page, "Applies at that time"), explained.rule, "the rule in force on Christmas Day is marked");
  await page.getByRole("button", { name: "Back to now" }).first().click();
  await page.getByText(/^Now \(.*\) rule \d+ applies/).first().waitFor();
}

/** The last rule moved up (announced, the focus kept on it), saved, still there after a reload, then moved back. */
export async function moveLastRuleUp(ctx) {
  const { page } = ctx;
  const before = await ctx.api("GET", "/api/v1/tariffs");
  const texts = await ruleTexts(page);
  const n = texts.length;
  await rulesOf(page).nth(n - 1).getByRole("button", { name: "Move up" }).click();
  await page.getByRole("status").filter({ hasText: `moved to position ${n - 1} of ${n}` }).waitFor({ state: "attached" });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Move up", "the focus stays on the moved rule's button");
  await page.getByText("The rules have unsaved changes").first().waitFor();
  await save(page);
  const after = await ctx.api("GET", "/api/v1/tariffs");
  assert.deepEqual(after.electricity.rules[n - 2], before.electricity.rules[n - 1], "the last rule is now the one before");
  assert.deepEqual(after.electricity.rules[n - 1], before.electricity.rules[n - 2]);
  await page.reload();
  await page.getByText(/^Now \(.*\) rule \d+ applies/).first().waitFor();
  const moved = await ruleTexts(page);
  assert.equal(moved[n - 2], texts[n - 1], "the new order is kept after a reload");
  await ctx.shot("tariffs-moved");
  await rulesOf(page).nth(n - 2).getByRole("button", { name: "Move down" }).click();
  await save(page);
  assert.deepEqual((await ctx.api("GET", "/api/v1/tariffs")).electricity.rules, before.electricity.rules, "moved back");
}

/** A price for F1 from a future date is added and saved; then removed again. */
export async function addFuturePrice(ctx) {
  const { page } = ctx;
  const before = await ctx.api("GET", "/api/v1/tariffs");
  const from = `${Number((await siteDay(ctx)).slice(0, 4)) + 1}-01-01`;
  await page.getByRole("button", { name: "Edit F1 peak" }).click();
  const form = page.getByRole("group", { name: "Tariff F1 peak" });
  await form.getByText("It cannot be changed: the costs are stored under it.").waitFor();
  const count = await form.getByRole("group", { name: /^Price \d+$/ }).count();
  await form.getByRole("button", { name: "Add a price" }).click();
  const row = form.getByRole("group", { name: `Price ${count + 1}` });
  await row.getByLabel("Valid from").fill(from);
  await row.getByLabel("Price (EUR per kWh)").fill("0,271");
  await ctx.shot("tariffs-price");
  await save(page);
  const f1 = (await ctx.api("GET", "/api/v1/tariffs")).electricity.tariffs.f1;
  assert.deepEqual(f1.prices.at(-1), { from, price: "0.271" }, "the new price is saved as exact text");
  assert.equal(f1.prices.length, before.electricity.tariffs.f1.prices.length + 1);
  await page.getByText(/from 1 Jan \d{4}/).first().waitFor();
  await page.getByRole("button", { name: "Edit F1 peak" }).click();
  await page.getByRole("group", { name: "Tariff F1 peak" }).getByRole("button", { name: `Remove price ${count + 1}` }).click();
  await save(page);
  assert.deepEqual((await ctx.api("GET", "/api/v1/tariffs")).electricity.tariffs.f1, before.electricity.tariffs.f1);
}

/** A colour that is not #rrggbb is refused: said at the colour field and in the list of errors; Discard restores it. */
export async function badColourRefused(ctx) {
  const { page } = ctx;
  await page.getByRole("button", { name: "Edit F1 peak" }).click();
  const form = page.getByRole("group", { name: "Tariff F1 peak" });
  await form.getByLabel("Colour code").fill("red");
  await ctx.allowing([{ status: 422, path: "/api/v1/tariffs" }], async () => {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Some values are not accepted." });
    await notice.getByText("Electricity › F1 peak › Colour").waitFor();
  });
  await form.getByText("Enter a colour as #rrggbb, such as #d55e00.").waitFor();
  assert.equal(await form.getByLabel("Colour code").getAttribute("aria-invalid"), "true");
  await ctx.shot("tariffs-colour-refused");
  await page.getByRole("button", { name: "Discard changes" }).click();
  await page.getByText("No unsaved changes").waitFor();
  assert.equal((await ctx.api("GET", "/api/v1/tariffs")).electricity.tariffs.f1.colour, "#d55e00");
}

/**
 * The demand charge names the meter of the grid connection: the picker lists the site's devices
 * with the demo's meter chosen, as the API says; with a price but no meter, the save is refused and
 * the picker says the meter is required; another meter is saved, then the demo's put back.
 */
export async function demandChargeMeter(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/configuration/tariffs?commodity=electricity`);
  const charges = page.getByRole("region", { name: "Fixed charges" });
  const picker = charges.getByLabel("Grid connection meter");
  await picker.waitFor();
  const before = await ctx.api("GET", "/api/v1/tariffs");
  const demand = before.electricity.demand_charge;
  assert.ok(demand, "the demo's contract has a demand charge");
  assert.equal(await picker.inputValue(), demand.meter, "the meter saved is the one chosen");
  assert.equal(await charges.getByLabel(/^Demand charge \(EUR per kW and month\)/).inputValue(), demand.per_kw_month);
  const devices = await ctx.api("GET", "/api/v1/devices");
  const options = await picker.locator("option").evaluateAll((all) => all.map((o) => o.value));
  assert.deepEqual(options, ["", ...devices.map((d) => d.id)], "every device of the site can be chosen, none first");
  assert.equal(await picker.getAttribute("required"), "", "a meter is required with a price");
  await ctx.shot("tariffs-demand-meter");

  await picker.selectOption("");
  await ctx.allowing([{ status: 422, path: "/api/v1/tariffs" }], async () => {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Some values are not accepted." });
    await notice.getByText("Electricity › Grid connection meter").waitFor();
  });
  await charges.getByText("This is required.").waitFor();
  assert.equal(await picker.getAttribute("aria-invalid"), "true");
  await ctx.shot("tariffs-demand-meter-required");

  // Another meter of the demo that counts imported energy.
  const other = devices.find((d) => d.id === (demand.meter === "main" ? "incomer" : "main"));
  await picker.selectOption(other.id);
  await save(page);
  assert.deepEqual((await ctx.api("GET", "/api/v1/tariffs")).electricity.demand_charge, { ...demand, meter: other.id }, "the other meter is saved");
  await picker.selectOption(demand.meter);
  await save(page);
  assert.deepEqual((await ctx.api("GET", "/api/v1/tariffs")).electricity.demand_charge, demand, "the demo's meter is back");
}

/** The Gas tab shows the gas tariff and the conversion factor as saved, with its hint. */
export async function gasFactor(ctx) {
  const { page } = ctx;
  await page.getByRole("navigation", { name: "Commodities" }).getByRole("link", { name: "Gas" }).click();
  await page.waitForURL(/commodity=gas/);
  const factor = (await ctx.api("GET", "/api/v1/tariffs")).gas_kwh_per_m3;
  const field = page.getByLabel("Conversion factor (kWh per m³)");
  assert.equal(await field.inputValue(), factor);
  await page.getByText("As stated on your gas bill.").waitFor();
  await page.getByText(/per m³/).first().waitFor();
  await ctx.shot("tariffs-gas");
}

/** Unsaved changes are asked about before a link or the browser's Back leaves the page; staying keeps them, and a change of tab does not ask. */
export async function leavingUnsaved(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/configuration`);
  await page.getByRole("navigation", { name: "Configuration sections" }).getByRole("link", { name: "Tariffs" }).click();
  const field = page.getByLabel("Demand charge (EUR per kW and month)");
  const saved = (await ctx.api("GET", "/api/v1/tariffs")).electricity.demand_charge;
  await field.fill("9.99");
  await page.getByText("Unsaved changes").first().waitFor();
  /** Does `act`, answers the question it asks (`accept` or stay) and returns the question. */
  const asking = async (act, accept) => {
    const question = page.waitForEvent("dialog");
    const acted = act();
    const dialog = await question;
    const message = dialog.message();
    await (accept ? dialog.accept() : dialog.dismiss());
    await acted;
    return message;
  };
  const onTariffs = () => page.waitForFunction(() => location.pathname === "/configuration/tariffs");

  // A link to another page asks; staying keeps the page and the change.
  const byLink = await asking(() => page.getByRole("link", { name: "Consumptions" }).first().click(), false);
  assert.match(byLink, /changes to the tariffs are not saved/);
  await onTariffs();
  assert.equal(await field.inputValue(), "9.99");

  // Back asks too; staying keeps the page, its address and the change.
  const byBack = await asking(() => page.goBack(), false);
  assert.match(byBack, /changes to the tariffs are not saved/);
  await onTariffs();
  assert.equal(await field.inputValue(), "9.99");

  // A tab of the same page does not ask (an unanswered question would be dismissed, and the
  // change kept by the next lines lost), and keeps the change.
  await page.getByRole("navigation", { name: "Commodities" }).getByRole("link", { name: "Gas" }).click();
  await page.waitForURL(/commodity=gas/);
  await page.getByRole("navigation", { name: "Commodities" }).getByRole("link", { name: "Electricity" }).click();
  await page.waitForURL((url) => !url.search.includes("commodity=gas"));
  assert.equal(await field.inputValue(), "9.99");

  // Leaving when asked leaves, and nothing was saved.
  await asking(() => page.getByRole("link", { name: "Consumptions" }).first().click(), true);
  await page.waitForFunction(() => location.pathname !== "/configuration/tariffs");
  assert.deepEqual((await ctx.api("GET", "/api/v1/tariffs")).electricity.demand_charge, saved, "nothing was saved");
}

/** Yesterday is priced again through the dialog, which says how many intervals it priced. */
export async function repriceYesterday(ctx) {
  const { page } = ctx;
  const yesterday = await siteDay(ctx, -1);
  await page.getByRole("button", { name: "Price past days again…" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Price past days again" });
  assert.equal(await dialog.getByLabel("Last day (included)").inputValue(), await siteDay(ctx), "today by default");
  await dialog.getByLabel("First day").fill(yesterday);
  await dialog.getByLabel("Last day (included)").fill(yesterday);
  await dialog.getByRole("button", { name: "Price again" }).click();
  const done = dialog.getByRole("status").filter({ hasText: /intervals? priced again/ });
  await done.waitFor({ timeout: 30_000 });
  const count = Number((await done.innerText()).match(/^[\d.,\s\u00a0\u202f]+/)?.[0].replace(/\D/g, "") ?? "0");
  assert.ok(count > 0, "the demo's intervals of yesterday were priced again");
  await ctx.shot("tariffs-repriced");
  await dialog.getByRole("button", { name: "Close" }).click();
}

/** A change saved by someone else meanwhile is said, not overwritten; Reload shows the section as it is now. */
export async function changedMeanwhile(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/configuration/tariffs?commodity=water`);
  const form = await ctx.api("GET", "/api/v1/tariffs");
  await page.getByRole("button", { name: "Edit Water" }).click();
  await page.getByRole("group", { name: "Tariff Water" }).getByLabel("Name").fill("Mains water");
  await ctx.api("PUT", "/api/v1/tariffs", { ...form, gas_kwh_per_m3: "10.7" });
  await ctx.allowing([{ status: 412, path: "/api/v1/tariffs" }], async () => {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "Someone else changed this" }).getByRole("button", { name: "Reload" }).click();
  });
  await page.getByText("No unsaved changes").waitFor();
  await page.getByText("Water", { exact: true }).first().waitFor();
  assert.equal((await ctx.api("GET", "/api/v1/tariffs")).water.tariffs.water.name, "Water", "the other change was not overwritten");
  await ctx.api("PUT", "/api/v1/tariffs", form);
}

/** A commodity without tariffs says that no costs are computed and offers a first tariff, its id made from its name. */
export async function emptyContract(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/configuration/tariffs?commodity=water`);
  const rules = page.getByRole("region", { name: "Cost rules", exact: true });
  await rules.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete Water" }).click();
  await page.getByText("No contract for Water").waitFor();
  await page.getByText("Without cost rules, no costs are computed for Water.").waitFor();
  await ctx.shot("tariffs-empty");
  await page.getByRole("button", { name: "Add a tariff" }).click();
  const form = page.getByRole("group", { name: /^Tariff / });
  await form.getByLabel("Name").fill("Night water");
  await form.getByText("Identifier: night_water.").waitFor();
  await form.getByText("cannot be changed once saved").waitFor();
  await page.getByRole("button", { name: "Discard changes" }).click();
  await page.getByRole("button", { name: "Edit Water" }).waitFor();
}
