// Users, API tokens and the audit log: an administrator creates a viewer who then cannot see what
// is not theirs, a token's secret is shown once and revoking it ends it, and the audit log tells
// who created whom.
import assert from "node:assert/strict";

/** The viewer the journey creates and then signs in as. */
export const VIEWER = { name: "viewer", password: "Meter-reader-2026" };

/** An administrator adds a viewer with the UI; the viewer's default pages are ticked for them. */
export async function createViewer(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/users`);
  await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
  await page.getByRole("button", { name: "Add a user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a user" });
  await dialog.getByLabel("Name").fill(VIEWER.name);
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByLabel("Password", { exact: true }).fill(VIEWER.password);
  await dialog.getByLabel("Password again").fill(VIEWER.password);
  // The role's default pages (seed 003 §8.1.1: consumptions and alarms) are ticked.
  assert.ok(await dialog.getByRole("checkbox", { name: "Consumptions" }).isChecked());
  assert.ok(await dialog.getByRole("checkbox", { name: "Alarms" }).isChecked());
  assert.ok(!(await dialog.getByRole("checkbox", { name: "My panel board" }).isChecked()));
  await ctx.shot("users-add");
  await dialog.getByRole("button", { name: "Create the user" }).click();
  await page.getByRole("status").filter({ hasText: `User ${VIEWER.name} created.` }).waitFor();
  const row = page.getByRole("row", { name: new RegExp(`^${VIEWER.name}\\b`) });
  await row.getByText("Viewer", { exact: true }).waitFor();
  await row.getByText("May sign in").waitFor();
  const users = await ctx.api("GET", "/api/v1/users");
  const viewer = users.find((u) => u.name === VIEWER.name);
  assert.equal(viewer?.role, "viewer");
  assert.deepEqual([...viewer.pages].sort(), ["alarms", "consumption"]);
  ctx.viewer = VIEWER;
  await ctx.shot("users");
}

/** Pages a viewer must not open, with the API route behind each that must refuse them. */
const FORBIDDEN = [
  ["My panel board", "/panel-board", "/api/v1/live"],
  ["System configuration", "/configuration", "/api/v1/links"],
  ["Users", "/users", "/api/v1/users"],
  ["Audit log", "/audit", "/api/v1/audit"],
  ["System information", "/system", "/api/v1/system"],
];

/**
 * Signed in as the viewer (the journey signs in): the menu lacks the panel board, the
 * configuration, users, audit log and system information; opening them by address says the
 * account may not open them; and the API refuses their routes with 403.
 */
export async function viewerCannotSee(ctx) {
  const { page, baseUrl } = ctx;
  await page.goto(`${baseUrl}/consumption`);
  const menu = page.getByRole("navigation", { name: "Menu" });
  // On a phone the menu opens from its button.
  if ((page.viewportSize()?.width ?? 1280) <= 720) await page.getByRole("button", { name: "Menu" }).click();
  await menu.getByRole("link", { name: "Consumptions" }).waitFor();
  for (const [title] of FORBIDDEN) {
    assert.equal(await menu.getByRole("link", { name: title, exact: true }).count(), 0, `the menu lacks ${title}`);
  }
  for (const [title, path] of FORBIDDEN) {
    await page.goto(`${baseUrl}${path}`);
    await page.getByRole("alert").filter({ hasText: "Your account may not open this page." }).waitFor();
    assert.equal(await page.getByRole("heading", { name: title, exact: true }).count(), 0, `${title} is not shown`);
  }
  await ctx.shot("viewer-refused");
  const routes = FORBIDDEN.map(([, , route]) => route);
  const statuses = await ctx.allowing(
    routes.map((path) => ({ status: 403, path })),
    () => page.evaluate((paths) => Promise.all(paths.map((p) => fetch(p).then((r) => r.status))), routes),
  );
  assert.deepEqual(statuses, routes.map(() => 403), `the API refuses ${routes.join(", ")}`);
}

/** Calls `path` with `secret` as bearer token and no cookie; answers the status. */
function withToken(page, path, secret) {
  return page.evaluate(
    ({ path, secret }) =>
      fetch(path, { credentials: "omit", headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status),
    { path, secret },
  );
}

/** A token is created, its secret shown once and working; revoked after a confirmation, it stops. */
export async function createAndRevokeToken(ctx) {
  const { page, baseUrl } = ctx;
  const name = "journey script";
  await page.goto(`${baseUrl}/tokens`);
  await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create the token" }).click();
  await page.getByRole("heading", { name: `Token “${name}” created` }).waitFor();
  await page.getByText("it is shown this once").waitFor();
  const secret = await page.getByRole("textbox", { name: "Token" }).inputValue();
  assert.match(secret, /^ems_token_/);
  assert.equal(await withToken(page, "/api/v1/history/scopes", secret), 200, "the new token works");
  await ctx.shot("tokens-secret");
  await page.getByRole("button", { name: "I have stored it" }).click();
  assert.equal(await page.getByText(secret).count(), 0, "the secret is gone once stored");
  await page.reload();
  await page.getByRole("row", { name: new RegExp(`^${name}`) }).waitFor();
  assert.ok(!(await page.content()).includes(secret), "the secret is never shown again");
  const listed = await ctx.api("GET", "/api/v1/tokens");
  assert.ok(listed.every((t) => !("token" in t)), "the API never lists a secret");
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("status").filter({ hasText: `Token “${name}” revoked.` }).waitFor();
  await page.getByRole("row", { name: new RegExp(`^${name}`) }).waitFor({ state: "detached" });
  assert.ok((await ctx.api("GET", "/api/v1/tokens")).every((t) => t.name !== name));
  const status = await ctx.allowing([{ status: 401, path: "/api/v1/history/scopes" }], () =>
    withToken(page, "/api/v1/history/scopes", secret),
  );
  assert.equal(status, 401, "the revoked token no longer works");
}

/** The audit log, filtered by action, shows the viewer's creation by the administrator. */
export async function auditShowsUserCreation(ctx) {
  const { page, baseUrl } = ctx;
  const name = ctx.viewer?.name ?? VIEWER.name;
  await page.goto(`${baseUrl}/audit`);
  await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Action").selectOption("user_create");
  await filters.getByRole("button", { name: "Show" }).click();
  await page.waitForURL((url) => url.searchParams.get("action") === "user_create");
  const row = page.getByRole("row").filter({ hasText: `user:${name}` });
  await row.first().waitFor();
  await row.first().getByText("User created").waitFor();
  await row.first().getByText("Success").waitFor();
  if (ctx.admin) await row.first().getByRole("cell", { name: ctx.admin.name, exact: true }).waitFor();
  await ctx.shot("audit");
}
