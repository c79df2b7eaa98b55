// The first start on a fresh `ems demo` (no users yet), in the browser: the setup code, the
// administrator, the site, the sample rate, a scan of the demo's `plant` bus that finds the three
// simulated units the demo site does not configure (crates/ems/demo/sim.toml: 10 an Eastron
// SDM120, 11 an ABB B23, 12 a unit without identification registers), two of them added, and the
// summary.
import assert from "node:assert/strict";

/** The wizard shows before anyone can sign in; the setup code is typed and kept. */
export async function setupCode(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(baseUrl);
  await page.getByRole("heading", { name: "First start" }).waitFor();
  await page.getByRole("heading", { name: /Step 1 of 6/ }).waitFor();
  assert.equal(await page.getByRole("navigation", { name: /menu/i }).count(), 0, "no menu before setup");
  await page.getByRole("textbox", { name: "Setup code" }).fill(ctx.setupCode);
  await ctx.shot("wizard-code");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { name: /Step 2 of 6/ }).waitFor();
  // Back keeps what was typed.
  await page.getByRole("link", { name: "Back" }).click();
  assert.equal(await page.getByRole("textbox", { name: "Setup code" }).inputValue(), ctx.setupCode);
  await page.getByRole("button", { name: "Next" }).click();
}

/** The administrator is created with the code and signed in; the wizard goes on at the site. */
export async function administrator(ctx) {
  const { page } = ctx;
  await page.getByRole("textbox", { name: "Administrator's name" }).fill(ctx.admin.name);
  await page.getByLabel("Password", { exact: true }).fill(ctx.admin.password);
  await page.getByLabel("Password again").fill(ctx.admin.password);
  await ctx.shot("wizard-admin");
  await page.getByRole("button", { name: "Create the administrator" }).click();
  await page.getByRole("heading", { name: /Step 3 of 6/ }).waitFor();
  assert.match(page.url(), /\/welcome\?step=site$/);
  const session = await ctx.api("GET", "/api/v1/session");
  assert.equal(session.user.name, ctx.admin.name);
  assert.equal(session.user.role, "administrator");
}

/** The site step shows the site's settings, saves them whole and goes on. */
export async function site(ctx) {
  const { page } = ctx;
  const before = await ctx.api("GET", "/api/v1/site");
  const name = page.getByRole("textbox", { name: "Site name" });
  await name.waitFor();
  assert.equal(await name.inputValue(), before.name);
  assert.equal(await page.getByRole("combobox", { name: "Time zone" }).inputValue(), before.time_zone);
  await page.getByRole("combobox", { name: "Currency" }).fill("EUR");
  await page.getByRole("combobox", { name: "Language of the site" }).selectOption("en");
  await ctx.shot("wizard-site");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { name: /Step 4 of 6/ }).waitFor();
  const after = await ctx.api("GET", "/api/v1/site");
  assert.deepEqual(
    { name: after.name, time_zone: after.time_zone, currency: after.currency, language: after.language },
    { name: before.name, time_zone: before.time_zone, currency: "EUR", language: "en" },
  );
}

/** The sample rate with the seeds' note; the choice is saved. */
export async function sampleRate(ctx) {
  const { page } = ctx;
  await page.getByText("Changing it does not affect data already saved.").waitFor();
  await page.getByRole("combobox", { name: "Sample rate" }).selectOption("15");
  await ctx.shot("wizard-rate");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("heading", { name: /Step 5 of 6/ }).waitFor();
  assert.equal((await ctx.api("GET", "/api/v1/site")).sample_rate_minutes, 15);
}

/**
 * The demo's `plant` bus is scanned from 1 to 247: units 1–5 are the site's, 10 and 11 are
 * recognised, 12 answers without identification. Unit 10 is tested, then 10 and 11 are added
 * with names and a load, and the API has them with the right profiles.
 */
export async function scanAndAdd(ctx) {
  const { page } = ctx;
  const devicesBefore = await ctx.api("GET", "/api/v1/devices");
  await page.getByRole("radio", { name: /^plant ·/ }).check();
  await page.getByRole("button", { name: "Scan", exact: true }).click();
  await page.getByRole("status").filter({ hasText: /Scan finished: 247 addresses asked/ }).waitFor({ timeout: 120_000 });
  await ctx.shot("wizard-scan");

  const add10 = page.getByRole("checkbox", { name: "Add the device at address 10" });
  const add11 = page.getByRole("checkbox", { name: "Add the device at address 11" });
  const add12 = page.getByRole("checkbox", { name: "Add the device at address 12" });
  assert.ok(await add10.isChecked(), "the identified SDM120 is chosen");
  assert.ok(await add11.isChecked(), "the identified B23 is chosen");
  assert.ok(!(await add12.isChecked()), "the unit without identification is not chosen");
  await page.getByRole("row").filter({ hasText: "Eastron SDM120" }).filter({ has: add10 }).waitFor();
  await page.getByRole("row").filter({ hasText: "ABB B23" }).filter({ has: add11 }).waitFor();
  await page.getByRole("row").filter({ hasText: "Answers, model unknown" }).filter({ has: add12 }).waitFor();
  await page.getByRole("combobox", { name: "Model of the device at address 12" }).waitFor();
  const add1 = page.getByRole("checkbox", { name: "Add the device at address 1", exact: true });
  assert.ok(await add1.isDisabled(), "a unit already configured cannot be added again");
  await page.getByRole("row").filter({ has: add1 }).getByText(/Already configured as/).waitFor();

  await page.getByRole("button", { name: "Test the device at address 10" }).click();
  await page.getByRole("status").filter({ hasText: /values? read at/ }).first().waitFor({ timeout: 15_000 });

  await page.getByRole("textbox", { name: "Name of the device at address 10" }).fill("Workshop sockets");
  await page.getByRole("combobox", { name: "Load of the device at address 10" }).selectOption({ label: "Sockets" });
  await page.getByRole("textbox", { name: "Name of the device at address 11" }).fill("Laboratory");
  await page.getByRole("button", { name: "Add the 2 devices chosen" }).click();
  await page.getByRole("status").filter({ hasText: "2 devices added." }).waitFor({ timeout: 15_000 });
  await ctx.shot("wizard-added");

  const devices = await ctx.api("GET", "/api/v1/devices");
  assert.equal(devices.length, devicesBefore.length + 2);
  const at = (unit) => devices.find((d) => d.link === "plant" && d.unit_id === unit);
  assert.deepEqual(
    { name: at(10)?.name, profile: at(10)?.profile, load: at(10)?.load, enabled: at(10)?.enabled },
    { name: "Workshop sockets", profile: "eastron.sdm120", load: "sockets", enabled: true },
  );
  assert.deepEqual({ name: at(11)?.name, profile: at(11)?.profile }, { name: "Laboratory", profile: "abb.b23" });
  assert.equal(at(12), undefined);
  ctx.wizardDevices = [at(10).id, at(11).id];
  await page.getByRole("button", { name: "Next" }).click();
}

/** The summary matches the API and leads on to the pages. */
export async function done(ctx) {
  const { page } = ctx;
  await page.getByRole("heading", { name: /Step 6 of 6/ }).waitFor();
  const [site, devices] = await Promise.all([ctx.api("GET", "/api/v1/site"), ctx.api("GET", "/api/v1/devices")]);
  const summary = page.locator(".wizard-summary");
  await summary.getByText(site.name).waitFor();
  await summary.getByText(String(devices.length), { exact: true }).waitFor();
  await page.getByRole("link", { name: "My panel board" }).last().waitFor();
  await page.getByRole("link", { name: "Consumptions" }).last().waitFor();
  await ctx.shot("wizard-done");
}
