// The actions the server writes to the audit log (its AuditAction list): the filter offers
// them, and each has a translation (`audit-action-<action>`); a test keeps the list in step
// with the server's.
import type { Schemas } from "../../api/client";

export type AuditAction = Schemas["AuditAction"];

export const ACTIONS = [
  "setup",
  "login",
  "logout",
  "lock",
  "unlock",
  "password_change",
  "user_create",
  "user_change",
  "user_delete",
  "user_password_reset",
  "token_create",
  "token_revoke",
  "config_change",
  "config_import",
  "site_commission",
  "link_scan",
  "store_optimize",
  "store_integrity_check",
  "reprice",
  "import_prices",
  "reset_admin",
] as const satisfies readonly AuditAction[];

/** Whether `value` (from the address) is an action of the log. */
export function isAction(value: string): value is AuditAction {
  return (ACTIONS as readonly string[]).includes(value);
}

/** How an action ended. */
export const RESULTS = ["success", "failure", "denied"] as const;
