// Who is signed in, what they may see, and the site they see it on.
import { computed, signal } from "@preact/signals";
import { api, call, setCsrfToken, watchSession, type PageName, type Schemas, type SessionView } from "./api/client";

/** What the interface shows: the wizard, the login form, the pages, or that the server is away. */
export type Phase = "starting" | "setup" | "signed-out" | "signed-in" | "unreachable";

export const phase = signal<Phase>("starting");
export const session = signal<SessionView | null>(null);
/** Why the user was signed out, for the login form ("session-ended", "signed-out"). */
export const signedOutReason = signal<string | null>(null);
/** The site's settings (name, time zone, currency), read once signed in. */
export const site = signal<Schemas["SiteSettingsView"] | null>(null);

export const locked = computed(() => session.value?.locked ?? false);

/** Whether the user may open `page`. */
export function mayOpen(page: PageName): boolean {
  return session.value?.pages.includes(page) ?? false;
}

/** Whether the user manages users (the server says: administrators and EV managers). */
export const managesUsers = computed(() => session.value?.manages_users ?? false);

/** The site's time zone, the browser's until the site is read. */
export const timeZone = computed(
  () => site.value?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
);

function signedIn(view: SessionView): void {
  setCsrfToken(view.csrf_token);
  session.value = view;
  signedOutReason.value = null;
  phase.value = "signed-in";
  if (!view.locked) void loadSite();
}

function signedOut(reason: string | null): void {
  setCsrfToken(null);
  session.value = null;
  site.value = null;
  signedOutReason.value = reason;
  phase.value = "signed-out";
}

watchSession((code) => {
  if (code === "session_locked" && session.value) session.value = { ...session.value, locked: true };
  else if (code === "unauthenticated" && session.value) signedOut("session-ended");
});

/** Reads the site settings (again, after they were changed). */
export async function loadSite(): Promise<void> {
  site.value = await call(api.GET("/api/v1/site"));
}

/** Finds out where the interface starts: setup, login, or the session still open. */
export async function start(): Promise<void> {
  let setup;
  try {
    setup = await call(api.GET("/api/v1/setup"));
  } catch {
    phase.value = "unreachable";
    return;
  }
  if (setup.required) {
    phase.value = "setup";
    return;
  }
  try {
    signedIn(await call(api.GET("/api/v1/session")));
  } catch {
    signedOut(null);
  }
}

export async function signIn(name: string, password: string): Promise<void> {
  signedIn(await call(api.POST("/api/v1/session", { body: { name, password } })));
}

export async function signOut(): Promise<void> {
  try {
    await call(api.DELETE("/api/v1/session"));
  } finally {
    signedOut("signed-out");
  }
}

export async function lock(): Promise<void> {
  await call(api.POST("/api/v1/session/lock"));
  if (session.value) session.value = { ...session.value, locked: true };
}

export async function unlock(password: string): Promise<void> {
  signedIn(await call(api.POST("/api/v1/session/unlock", { body: { password } })));
}

/** After the wizard created the first administrator: sign in as them. */
export async function afterSetup(name: string, password: string): Promise<void> {
  await signIn(name, password);
}
