// System configuration after the first start: a device edited (the whole object kept, only what
// was changed changed), tested, changed by someone else while its form is open (said, not
// overwritten), and a new load and a new measure group made and given to it.
import assert from "node:assert/strict";

/** The device the wizard added first (unit 10 of `plant`), or that unit found through the API. */
async function deviceOf(ctx) {
  const id = ctx.wizardDevices?.[0];
  if (id) return ctx.api("GET", `/api/v1/devices/${id}`);
  const found = (await ctx.api("GET", "/api/v1/devices")).find((d) => d.link === "plant" && d.unit_id === 10);
  assert.ok(found, "the wizard added unit 10 of plant");
  return found;
}

/** Keys of a device that an edit of its name, load and alerts must leave as they were. */
const KEPT = ["profile", "link", "unit_id", "groups", "panel_board", "enabled", "ct_ratio", "vt_ratio", "exclude_from_totals", "fast_poll_ms", "slow_poll_ms", "timeout_ms", "generic", "meter"];

/** The device's form opens from the list filtered by its link; a change is saved whole and said to restart acquisition. */
export async function editDevice(ctx) {
  const { page, baseUrl } = ctx;
  const before = await deviceOf(ctx);
  await page.goto(`${baseUrl}/configuration/devices?link=${before.link}`);
  await page.getByRole("link", { name: new RegExp(before.name) }).click();
  const form = page.getByRole("region", { name: before.name });
  await form.getByLabel("Name", { exact: true }).fill(`${before.name} (ground floor)`);
  await form.getByLabel("Load", { exact: true }).selectOption({ label: "Lighting" });
  await form.getByText("Advanced options").click();
  await form.getByLabel("Exclude alerts").check();
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Acquisition restarts with the new configuration" }).waitFor();
  const after = await ctx.api("GET", `/api/v1/devices/${before.id}`);
  assert.equal(after.name, `${before.name} (ground floor)`);
  assert.equal(after.load, "lighting");
  assert.equal(after.exclude_alerts, true);
  for (const key of KEPT) assert.deepEqual(after[key], before[key], `${key} is kept`);
  await page.getByRole("region", { name: after.name }).waitFor();
  await ctx.shot("configuration-device");
}

/** "Test" reads the saved device now and shows each value read. */
export async function testDevice(ctx) {
  const { page } = ctx;
  const device = await deviceOf(ctx);
  await page.getByRole("region", { name: device.name }).getByRole("button", { name: "Test" }).click();
  await page.getByRole("status").filter({ hasText: /values? read at/ }).waitFor({ timeout: 15_000 });
  const values = page.getByRole("table", { name: "Values the device answered" });
  assert.ok((await values.getByRole("row").count()) > 1, "the test shows the values read");
  await values.getByRole("cell", { name: /\d\sV$/ }).first().waitFor();
  await ctx.shot("configuration-device-test");
}

/** A user load is added with its id made from its name; the predefined loads keep their lock. */
export async function addLoad(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/configuration/loads`);
  await page.getByRole("link", { name: "Heating" }).getByText("Predefined load").waitFor();
  await page.getByRole("link", { name: "Add a load" }).click();
  const form = page.getByRole("region", { name: "New load" });
  await form.getByLabel("Name", { exact: true }).fill("Workshop machines");
  assert.equal(await form.getByLabel("Identifier").inputValue(), "workshop_machines");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await page.getByRole("link", { name: "Workshop machines" }).waitFor();
  const load = (await ctx.api("GET", "/api/v1/loads")).find((l) => l.id === "workshop_machines");
  assert.deepEqual(load, { id: "workshop_machines", name: "Workshop machines", enabled: true, predefined: false });
  await ctx.shot("configuration-loads");
}

/** A measure group is added, then the device is put in it and measured as the new load. */
export async function addGroup(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/configuration/groups`);
  await page.getByRole("link", { name: "Add a measure group" }).click();
  const form = page.getByRole("region", { name: "New measure group" });
  await form.getByLabel("Name", { exact: true }).fill("Ground floor");
  await form.getByLabel("Description or location").fill("Offices and reception");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const group = (await ctx.api("GET", "/api/v1/groups")).find((g) => g.name === "Ground floor");
  assert.deepEqual(group, { id: "ground_floor", name: "Ground floor", description: "Offices and reception", enabled: true });

  const device = await deviceOf(ctx);
  await page.goto(`${baseUrl}/configuration/devices?edit=${device.id}`);
  const edit = page.getByRole("region", { name: device.name });
  await edit.getByRole("checkbox", { name: "Ground floor" }).check();
  await edit.getByLabel("Load", { exact: true }).selectOption({ label: "Workshop machines" });
  await edit.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const after = await ctx.api("GET", `/api/v1/devices/${device.id}`);
  assert.deepEqual(after.groups, [...device.groups, "ground_floor"]);
  assert.equal(after.load, "workshop_machines");
  await ctx.shot("configuration-groups");
}

/** A device saved with a unit id out of range is refused, the rule said next to the field in the language shown (Italian). */
export async function refusedUnitIdInItalian(ctx) {
  const { page, baseUrl } = ctx;
  const device = await deviceOf(ctx);
  await page.goto(`${baseUrl}/configuration/devices?edit=${device.id}&lang=it`);
  const form = page.getByRole("region", { name: device.name });
  const unitId = form.getByLabel("Indirizzo Modbus", { exact: true });
  await unitId.fill("300");
  const sentence = "Deve essere compreso tra 1 e 247.";
  await ctx.allowing([{ status: 422, path: `/api/v1/devices/${device.id}` }], async () => {
    await form.getByRole("button", { name: "Salva" }).click();
    await form.locator(".field-error").filter({ hasText: sentence }).waitFor();
  });
  const described = (await unitId.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(
    described
      .split(" ")
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).innerText()),
  );
  assert.ok(texts.includes(sentence), `the unit id is described by "${sentence}": ${texts.join(" | ")}`);
  assert.equal((await ctx.api("GET", `/api/v1/devices/${device.id}`)).unit_id, device.unit_id, "nothing was saved");
  await ctx.shot("configuration-device-refused-it");
  // `?lang=` forced Italian for that page only: without it the interface is English again.
  await page.goto(`${baseUrl}/configuration/devices?edit=${device.id}`);
  await page.getByRole("region", { name: device.name }).getByLabel("Modbus address", { exact: true }).waitFor();
}

/** Someone else renames the device while its form is open: Save says so instead of overwriting it, Reload shows their name, and saving then works. */
export async function changedMeanwhile(ctx) {
  const { page, baseUrl } = ctx;
  const device = await deviceOf(ctx);
  const path = `/api/v1/devices/${device.id}`;
  // The form reads the device (and its tag) when it opens.
  const read = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname === path);
  await page.goto(`${baseUrl}/configuration/devices?edit=${device.id}`);
  await read;
  const form = page.getByRole("region", { name: device.name });
  const name = form.getByLabel("Name", { exact: true });
  await name.waitFor();
  const theirs = `${device.name} (renamed elsewhere)`;
  await ctx.api("PUT", path, { ...device, name: theirs });

  await name.fill(`${device.name} (mine)`);
  await ctx.allowing([{ status: 412, path }], async () => {
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByRole("alert").filter({ hasText: "Someone else changed this since you opened it" }).waitFor();
  });
  assert.equal((await ctx.api("GET", path)).name, theirs, "their change stays");
  await ctx.shot("configuration-changed-meanwhile");

  await form.getByRole("button", { name: "Reload" }).click();
  await form.getByRole("alert").waitFor({ state: "detached" });
  assert.equal(await name.inputValue(), theirs, "Reload shows their name");
  await page.getByRole("link", { name: theirs }).waitFor();

  await name.fill(`${theirs}, checked`);
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.equal((await ctx.api("GET", path)).name, `${theirs}, checked`);
}

/** Someone else renames the site while its settings are open: Save says so, Reload shows their name, and saving then works. */
export async function settingsChangedMeanwhile(ctx) {
  const { page, baseUrl } = ctx;
  const path = "/api/v1/site";
  const read = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname === path);
  await page.goto(`${baseUrl}/configuration/settings`);
  await read;
  const name = page.getByLabel("Site name", { exact: true });
  await name.waitFor();
  const before = await ctx.api("GET", path);
  const theirs = `${before.name} (renamed elsewhere)`;
  await ctx.api("PUT", path, { ...before, name: theirs });

  await name.fill(`${before.name} (mine)`);
  await ctx.allowing([{ status: 412, path }], async () => {
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("alert").filter({ hasText: "Someone else changed this since you opened it" }).waitFor();
  });
  assert.equal((await ctx.api("GET", path)).name, theirs, "their change stays");
  await page.getByRole("alert").getByRole("button", { name: "Reload" }).click();
  await page.getByRole("alert").waitFor({ state: "detached" });
  assert.equal(await name.inputValue(), theirs, "Reload shows their name");

  await name.fill(before.name);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.equal((await ctx.api("GET", path)).name, before.name);
}
