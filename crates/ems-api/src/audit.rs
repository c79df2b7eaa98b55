//! Writing the audit log: who did what, from where, with what result.

use crate::access::{ClientAddr, Principal};
use crate::state::ApiState;
use ems_store::account::{AuditResult, NewAuditEntry};

/// The longest name kept from an unknown login (anything typed into the name field).
const MAX_TYPED_NAME: usize = 64;

/// One audit entry being written.
pub struct Audit<'a> {
    state: &'a ApiState,
    entry: NewAuditEntry,
}

impl<'a> Audit<'a> {
    /// An entry for `action` by `user` (a name, known or as typed) from `client`.
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
}
