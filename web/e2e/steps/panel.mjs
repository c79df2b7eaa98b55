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
