// What was typed in the wizard, kept while its steps come and go (Back, Next, and the switch from
// the setup screen to the signed-in pages after the administrator is made).
import { signal } from "@preact/signals";
import type { LinkForm } from "../configuration/model";
import type { SiteSettings } from "../configuration/settings";
import type { Scan } from "./scan";
import type { FoundRow } from "./steps";

export const setupCode = signal("");
/** Why the setup code was refused, shown on the code step. */
export const codeError = signal<unknown>(null);
export const adminName = signal("");

/** The site settings as being edited (steps 3 and 4); null until read. */
export const siteDraft = signal<SiteSettings | null>(null);

/** The bus to scan: a link of the site, or a new one (with a new gateway or an existing one). */
export type Bus =
  | { kind: "saved"; link: string }
  | { kind: "new"; id: string; link: LinkForm; newGateway: { name: string; address: string } | null };

export const bus = signal<Bus | null>(null);
/** What the API refused in a new bus, by field (shown next to its fields). */
export const busFields = signal<ReadonlyMap<string, string>>(new Map());
export const scanRange = signal({ from: 1, to: 247 });
export const scan = signal<Scan | null>(null);
export const rows = signal<FoundRow[]>([]);
/** The ids of the devices the wizard added. */
export const added = signal<string[]>([]);
