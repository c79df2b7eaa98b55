// My panel board: every device is listed with its status, and a chosen meter's values move live.
import assert from "node:assert/strict";

const STATUS_WORDS = ["On", "Off", "Communication error", "Waiting for the first reading"];

/** The devices region of the page (the list and its filter). */
const devicesRegion = (page) => page.getByRole("region", { name: "Devices" });

/** Every device of the site is in the list, by name, each with its status in words. */
export async function panelBoardShowsDevices(ctx) {
  const { page, baseUrl } = ctx;
  const devices = await ctx.api("GET", "/api/v1/devices");
  await page.goto(`${baseUrl}/panel-board`);
  await page.getByRole("heading", { level: 1, name: "My panel board" }).waitFor();
  const links = devicesRegion(page).getByRole("link");
  await links.first().waitFor();
  assert.equal(await links.count(), devices.length, "one entry per device");
  const texts = await links.allInnerTexts();
  for (const device of devices) {
    const entry = texts.find((text) => text.includes(device.name ?? device.id));
    assert.ok(entry, `${device.name} is listed`);
    assert.ok(
      STATUS_WORDS.some((word) => entry.includes(word)),
      `${device.name} shows its status in words: ${entry}`,
    );
  }
  await ctx.shot("panel-board-devices");
}

/** The text of every value table of the device shown. */
async function valuesOf(page, name) {
  return (await page.getByRole("region", { name, exact: true }).getByRole("table").allInnerTexts()).join("\n");
}

/**
 * Two meters in turn (`ctx.meters`: device ids, e.g. the two the wizard added; else the first
 * two that answer and measure active power): each is chosen in the list, its values stream
 * live, and at least one of them changes within 15 s.
 */
export async function panelBoardLiveValuesChange(ctx) {
  const { page, baseUrl } = ctx;
  const devices = await ctx.api("GET", "/api/v1/devices");
  let ids = ctx.meters;
  if (!ids) {
    const live = await ctx.api("GET", "/api/v1/live");
    ids = live
      .filter((s) => s.status === "on" && s.points.some((p) => p.point === "active_power"))
      .slice(0, 2)
      .map((s) => s.device);
  }
  assert.equal(ids.length, 2, "two meters to watch");
  await page.goto(`${baseUrl}/panel-board`);
  for (const id of ids) {
    const name = devices.find((d) => d.id === id)?.name ?? id;
    await devicesRegion(page).getByRole("link", { name }).click();
    await page.waitForURL((url) => url.searchParams.get("device") === id);
    const detail = page.getByRole("region", { name, exact: true });
    await detail.getByRole("heading", { level: 2, name, exact: true }).waitFor();
    await detail.getByText("Live", { exact: true }).waitFor({ timeout: 10_000 });
    await detail.getByRole("table").first().waitFor();
    const before = await valuesOf(page, name);
    const deadline = Date.now() + 15_000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await page.waitForTimeout(500);
      after = await valuesOf(page, name);
    }
    assert.notEqual(after, before, `a live value of ${name} changed within 15 s`);
    await ctx.shot(`panel-board-${id}`);
  }
}

/** The share of the fundamental in each phase's cell of order `order` in `table`, as numbers. */
async function sharesOf(page, table, order) {
  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: String(order), exact: true }) });
  const cells = await row.getByRole("cell").allInnerTexts();
  return cells.map((text) => Number.parseFloat(text.replace(",", ".")));
}

/**
 * The internal meter's harmonics (the demo's analyser board makes a 5th voltage harmonic of
 * 2.8 % and a 5th current harmonic of 9 % of the fundamental): at phone and desktop width the
 * chart is drawn, its table gives order 5 of every phase within 5 % of the reading (IEC
 * 61000-4-7 class I), the switch shows the currents, and the page is accessible. A Modbus
 * meter has no harmonics section (and asks for none).
 */
export async function panelBoardHarmonics(ctx) {
  const { page, baseUrl } = ctx;
  const devices = await ctx.api("GET", "/api/v1/devices");
  const meter = devices.find((d) => d.meter);
  assert.ok(meter, "the site has an internal meter");
  const near = (shares, truth, what) => {
    assert.ok(shares.length > 0, `${what}: the table has the phases`);
    for (const share of shares) assert.ok(Math.abs(share - truth) <= 0.05 * truth, `${what}: ${share} %, simulated ${truth} %`);
  };
  for (const width of ["phone", "desktop"]) {
    await ctx.setWidth(width);
    await page.goto(`${baseUrl}/panel-board?device=${meter.id}`);
    const section = page.getByRole("region", { name: "Harmonics", exact: true });
    await section.getByRole("img", { name: /voltage harmonics/ }).waitFor({ timeout: 15_000 });
    await section.locator(".chart-plot canvas").first().waitFor();
    await section.getByRole("button", { name: "Table" }).click();
    const voltage = section.getByRole("table", { name: "Voltage harmonics in % of the fundamental" });
    near(await sharesOf(page, voltage, 5), 2.8, `${width}: voltage order 5`);
    await ctx.shot("panel-board-harmonics");
    await ctx.expectAccessible(`the harmonics of ${meter.id} at ${width} width`);
    await section.getByRole("button", { name: "Current", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("harmonics") === "current");
    const current = section.getByRole("table", { name: "Current harmonics in % of the fundamental" });
    near(await sharesOf(page, current, 5), 9, `${width}: current order 5`);
  }
  await ctx.setWidth("desktop");
  const modbus = devices.find((d) => !d.meter && d.enabled !== false);
  assert.ok(modbus, "the site has a Modbus meter");
  await page.goto(`${baseUrl}/panel-board?device=${modbus.id}`);
  const detail = page.getByRole("region", { name: modbus.name ?? modbus.id, exact: true });
  await detail.getByText("Live", { exact: true }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByRole("region", { name: "Harmonics", exact: true }).count(), 0, `${modbus.id} has no harmonics section`);
}
