//! Writing the audit log: who did what, from where, with what result; and the closed list of
//! what is done ([`AuditAction`]), which the OpenAPI document publishes so that clients can
//! name and filter every action.

use crate::access::{ClientAddr, Principal};
use crate::state::ApiState;
use ems_store::account::{AuditResult, NewAuditEntry};
use serde::Serialize;
use utoipa::ToSchema;

/// Defines [`AuditAction`] from one list of its variants and their names (each the variant's
/// name in snake_case, as serde writes it).
macro_rules! audit_actions {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)+) => {
        /// What an audit entry records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum AuditAction {
            $($(#[$doc])* $variant,)+
        }

        impl AuditAction {
            /// Every action.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)+];

            /// The snake_case name stored and shown.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $name,)+
                }
            }
        }
    };
}

audit_actions! {
    /// The first administrator created with the setup code (or an administrator's password
    /// set with it after a reset).
    Setup => "setup",
    /// `ems user reset-admin` on the machine: every session and token ended, a new setup code.
    ResetAdmin => "reset_admin",
    /// A login (or a failed one).
    Login => "login",
    /// A logout.
    Logout => "logout",
    /// A session locked.
    Lock => "lock",
    /// A session unlocked with the password (or a failed attempt).
    Unlock => "unlock",
    /// One's own password changed (or a failed attempt).
    PasswordChange => "password_change",
    /// A user created.
    UserCreate => "user_create",
    /// A user's role, pages or state changed.
    UserChange => "user_change",
    /// Another user's password set.
    UserPasswordReset => "user_password_reset",
    /// A user deleted.
    UserDelete => "user_delete",
    /// An API token created.
    TokenCreate => "token_create",
    /// An API token revoked.
    TokenRevoke => "token_revoke",
    /// A change of the site configuration (an entity or the site settings).
    ConfigChange => "config_change",
    /// A whole site file imported.
    ConfigImport => "config_import",
    /// The site marked commissioned: the first-run wizard is done.
    SiteCommission => "site_commission",
    /// A bus scanned for devices.
    LinkScan => "link_scan",
    /// The store optimized.
    StoreOptimize => "store_optimize",
    /// The store's integrity checked.
    StoreIntegrityCheck => "store_integrity_check",
    /// The costs of chosen days priced again with the tariffs in force.
    Reprice => "reprice",
    /// Dynamic prices imported.
    ImportPrices => "import_prices",
}

/// The longest name kept from an unknown login (anything typed into the name field).
const MAX_TYPED_NAME: usize = 64;

/// One audit entry being written.
pub struct Audit<'a> {
    state: &'a ApiState,
    entry: NewAuditEntry,
}

impl<'a> Audit<'a> {
    /// An entry for `action` (the name of an [`AuditAction`]) by `user` (a name, known or as
    /// typed) from `client`.
    pub fn new(
        state: &'a ApiState,
        user: Option<&str>,
        client: ClientAddr,
        action: &str,
        result: AuditResult,
    ) -> Audit<'a> {
        Audit {
            state,
            entry: NewAuditEntry {
                user: user.map(|u| u.chars().take(MAX_TYPED_NAME).collect()),
                client: Some(client.0.to_string()),
                action: action.to_owned(),
                target: None,
                result,
                detail: None,
            },
        }
    }

    /// An entry for `action` by the caller of a request.
    pub fn by(
        state: &'a ApiState,
        principal: &Principal,
        client: ClientAddr,
        action: &str,
        result: AuditResult,
    ) -> Audit<'a> {
        Audit::new(state, Some(&principal.user.name), client, action, result)
    }

    /// What the action was done to (`user:anna`, `device:main`).
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.entry.target = Some(target.into());
        self
    }

    /// Details (never secrets).
    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.entry.detail = Some(detail);
        self
    }

    /// Writes the entry (without waiting for the disk).
    pub fn write(self) {
        self.state.store.submit_audit(self.entry);
    }

    /// Audits the outcome of an action and passes it on: on success the entry `audit` makes
    /// with the details `detail` gives of the answer, on failure the entry alone.
    pub fn outcome<T>(
        audit: impl Fn(AuditResult) -> Audit<'a>,
        outcome: crate::problem::ApiResult<T>,
        detail: impl FnOnce(&T) -> serde_json::Value,
    ) -> crate::problem::ApiResult<T> {
        match &outcome {
            Ok(answer) => audit(AuditResult::Success).detail(detail(answer)).write(),
            Err(_) => audit(AuditResult::Failure).write(),
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_named_once_as_it_is_serialised() {
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        for action in AuditAction::ALL {
            assert_eq!(serde_json::json!(action), action.as_str());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}
