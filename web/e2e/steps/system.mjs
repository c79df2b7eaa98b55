// System information: the version the server reports, and "Optimize" doing its work.
import assert from "node:assert/strict";

/** The page shows the version of ems, the restarts, the CPU and the database. */
export async function systemShowsVersion(ctx) {
  const { page, baseUrl } = ctx;
  const info = await ctx.api("GET", "/api/v1/system");
  await page.goto(`${baseUrl}/system`);
  const software = page.getByRole("region", { name: "Software" });
  await software.getByText(info.process.version, { exact: true }).waitFor();
  await software.getByText("Application restarted").waitFor();
  await page.getByRole("region", { name: "Resources" }).getByText("CPU used by ems").waitFor();
  await page.getByRole("region", { name: "Database" }).getByText("Free space").waitFor();
  await ctx.shot("system");
}

/** "Optimize" asks first, then reports what it did; the audit log records it. */
export async function systemOptimizeWorks(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/system`);
  const maintenance = page.getByRole("region", { name: "Maintenance" });
  await maintenance.getByRole("button", { name: "Optimize" }).click();
  const dialog = page.getByRole("dialog", { name: "Optimize the database?" });
  await dialog.getByRole("button", { name: "Optimize" }).click();
  await maintenance.getByRole("status").filter({ hasText: "Optimized:" }).waitFor({ timeout: 120_000 });
  const audit = await ctx.api("GET", "/api/v1/audit?action=store_optimize&limit=1");
  assert.equal(audit[0]?.result, "success", "the optimization is in the audit log");
  await ctx.shot("system-optimized");
}
