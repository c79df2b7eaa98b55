// Addresses of the interface: the path names the page, the query its choices (period, date,
// device), so a view can be bookmarked, shared and reopened as it was.
import { signal } from "@preact/signals";

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Where the interface is. */
export const here = signal<Location>(current());

/** Asked before the user leaves the page shown for another one; false stays. */
let leaving: (() => boolean) | null = null;

/**
 * Asks `stay` (false: stay) before the user leaves the page shown for another one, by a link or
 * the browser's Back and Forward; `null` stops asking. A change of the query alone (a tab, a
 * period) is not leaving.
 */
export function askBeforeLeaving(ask: (() => boolean) | null): void {
  leaving = ask;
}

function mayLeaveFor(path: string): boolean {
  return path === here.value.path || leaving === null || leaving();
}

addEventListener("popstate", () => {
  const next = current();
  if (!mayLeaveFor(next.path)) {
    // The browser has already moved: the page shown goes back into the history.
    const query = here.value.query.toString();
    history.pushState(null, "", here.value.path + (query ? `?${query}` : ""));
    return;
  }
  here.value = next;
});

/** Goes to `href` (a path with an optional query); `replace` keeps the history entry. */
export function navigate(href: string, replace = false): void {
  if (href === location.pathname + location.search) return;
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  here.value = current();
  if (!replace) scrollTo(0, 0);
}

/** The current path with `changes` applied to its query (a null value removes the key). */
export function withQuery(changes: Record<string, string | null>): string {
  const query = new URLSearchParams(here.value.query);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) query.delete(key);
    else query.set(key, value);
  }
  const text = query.toString();
  return here.value.path + (text ? `?${text}` : "");
}

/** A click on a link of this interface, handled without reloading the page. */
export function followLink(event: MouseEvent): void {
  const anchor = (event.target as Element | null)?.closest?.("a");
  if (
    !anchor ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    anchor.target ||
    anchor.hasAttribute("download") ||
    anchor.origin !== location.origin ||
    anchor.pathname.startsWith("/api/")
  )
    return;
  event.preventDefault();
  if (mayLeaveFor(anchor.pathname)) navigate(anchor.pathname + anchor.search);
}
