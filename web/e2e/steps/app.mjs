// The frame of every page: languages, lock and unlock, and a tour of every page at phone and
// desktop width, light and dark, with screenshots and an accessibility check of each.
import assert from "node:assert/strict";

/** The menu follows the language chosen, the choice is kept, and `?lang=` forces one. */
export async function switchLanguage({ page, baseUrl }) {
  const menu = page.getByRole("navigation", { name: /menu/i });
  await page.getByRole("combobox", { name: "Language" }).selectOption("it");
  await page.getByRole("link", { name: "Consumi" }).first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "it");
  await page.reload();
  await page.getByRole("link", { name: "Consumi" }).first().waitFor();
  await page.goto(`${baseUrl}/consumption?lang=de`);
  await page.getByRole("link", { name: "Verbräuche" }).first().waitFor();
  await page.getByRole("combobox", { name: "Sprache" }).selectOption("en");
  await menu.getByRole("link", { name: "Consumptions" }).waitFor();
}

/** Locking hides everything until the password is typed again; the session survives. */
export async function lockAndUnlock(ctx, password) {
  const { page } = ctx;
  await page.getByRole("button", { name: "Lock" }).first().click();
  await page.getByRole("heading", { name: "Locked" }).waitFor();
  assert.equal(await page.getByRole("navigation", { name: /menu/i }).count(), 0, "the menu is hidden");
  await ctx.allowing([{ status: 401, path: "/api/v1/session/unlock" }], async () => {
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("alert").filter({ hasText: "wrong" }).waitFor();
  });
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Unlock" }).click();
  await page.getByRole("navigation", { name: /menu/i }).waitFor();
}

/** Signs out through the confirmation dialog and back in. */
export async function signOutAndIn({ page }, name, password) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Sign out or lock?" });
  await dialog.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to ems" }).waitFor();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: /menu/i }).waitFor();
}

/** The pages an administrator sees, for the tour. */
export const TOUR = [
  ["panel-board", "/panel-board"],
  ["consumption-total", "/consumption/total?period=month"],
  ["consumption-partials", "/consumption/partials?period=year"],
  ["consumption-compare", "/consumption/compare"],
  ["consumption-details", "/consumption/details"],
  ["consumption-tariffs", "/consumption/tariffs?period=month"],
  ["configuration", "/configuration"],
  ["configuration-devices", "/configuration/devices"],
  ["configuration-settings", "/configuration/settings"],
  ["configuration-tariffs", "/configuration/tariffs"],
  ["users", "/users"],
  ["tokens", "/tokens"],
  ["audit", "/audit"],
  ["system", "/system"],
  ["account", "/account"],
];

/** Every page at both widths, light and dark: a screenshot each, and no accessibility fault. */
export async function tourEveryPage(ctx) {
  const { page, baseUrl } = ctx;
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of ["desktop", "phone"]) {
      await ctx.setWidth(width);
      for (const [name, path] of TOUR) {
        await page.goto(`${baseUrl}${path}`);
        await page.locator("main h1").first().waitFor();
        await page.waitForLoadState("networkidle", { timeout: 3000 }).catch(() => {});
        await ctx.expectAccessible(`${name} (${width}, ${scheme})`);
        if (scheme === "light") await ctx.shot(name);
        else if (width === "desktop") await ctx.shot(`${name}-dark`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await ctx.setWidth("desktop");
}
