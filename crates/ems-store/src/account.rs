//! Who may use the web server: users, their sessions, API tokens, the one-time setup code, and
//! the audit log of what they did.
//!
//! Design decisions:
//! - The store keeps what the web server decides with, never how it decides: password hashes
//!   are PHC strings it never interprets, sessions and tokens are kept by the SHA-256 of their
//!   secret (the secret itself is never stored), and checking a password, comparing secrets in
//!   constant time, expiring tokens and refusing tokens of disabled users are the API's job.
//! - Every change goes through the store's one writer, so that checks and changes that belong
//!   together (a setup code is used once, disabling a user ends its sessions) happen in one
//!   transaction with nothing in between.
//! - Hashes are never serialized: the types the API returns as JSON skip them.

use crate::error::StoreError;
use ems_model::access::{Page, Role};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// A SHA-256 digest: the key of a session, an API token or the setup code.
pub type SecretHash = [u8; 32];

/// A user of the web server.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Its id (never reused while the user exists).
    pub id: i64,
    /// Its name, unique without regard to ASCII case.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The pages chosen for it, as stored; what it may see is
    /// [`Role::effective_pages`] of these.
    pub pages: BTreeSet<Page>,
    /// False when it may not log in (its API tokens are refused too).
    pub enabled: bool,
    /// Its password hash (a PHC string); never serialized.
    #[serde(skip)]
    pub password_hash: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When its password was last set.
    pub password_changed_at: Timestamp,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("pages", &self.pages)
            .field("enabled", &self.enabled)
            .field("password_hash", &"<redacted>")
            .field("created_at", &self.created_at)
            .field("password_changed_at", &self.password_changed_at)
            .finish()
    }
}

/// A user to create.
#[derive(Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Its name (not empty; unique without regard to ASCII case).
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The pages chosen for it.
    pub pages: BTreeSet<Page>,
    /// False when it may not log in yet.
    pub enabled: bool,
    /// Its password hash (a PHC string).
    pub password_hash: String,
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("pages", &self.pages)
            .field("enabled", &self.enabled)
            .field("password_hash", &"<redacted>")
            .finish()
    }
}

/// A change to a user: what is `None` stays as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserChange {
    /// A new role.
    pub role: Option<Role>,
    /// New pages.
    pub pages: Option<BTreeSet<Page>>,
    /// Enables or disables the user. Disabling it ends its sessions.
    pub enabled: Option<bool>,
}

/// A server-side session of a logged-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    /// The SHA-256 of the session's secret (the cookie); never serialized.
    #[serde(skip)]
    pub id_hash: SecretHash,
    /// Its user.
    pub user_id: i64,
    /// When it started (the login).
    pub created_at: Timestamp,
    /// When it was last used.
    pub last_seen_at: Timestamp,
    /// True when locked: the user must enter the password again to go on.
    pub locked: bool,
    /// Who opened it (the client's address and user agent, as the API records it).
    pub client: String,
}

/// A session to open; its times come from the store's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The SHA-256 of the session's secret.
    pub id_hash: SecretHash,
    /// Its user.
    pub user_id: i64,
    /// Who opens it.
    pub client: String,
}

/// An API token: an opaque secret given once to its owner, kept by its hash, with a role no
/// higher than its user's (the API checks that).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Its id.
    pub id: i64,
    /// Its name, unique per user without regard to ASCII case.
    pub name: String,
    /// The user it acts for.
    pub user_id: i64,
    /// The role it acts with.
    pub role: Role,
    /// The SHA-256 of its secret; never serialized.
    #[serde(skip)]
    pub hash: SecretHash,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last used, if ever.
    pub last_used_at: Option<Timestamp>,
    /// When it stops being valid, if ever.
    pub expires_at: Option<Timestamp>,
}

/// An API token to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// The SHA-256 of its secret.
    pub hash: SecretHash,
    /// Its name.
    pub name: String,
    /// The user it acts for.
    pub user_id: i64,
    /// The role it acts with.
    pub role: Role,
    /// When it stops being valid, if ever.
    pub expires_at: Option<Timestamp>,
}

/// The one-time code that lets the first administrator be created (or, after
/// `ems user reset-admin`, an administrator be restored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupCode {
    /// The SHA-256 of the code.
    pub hash: SecretHash,
    /// When it stops being valid.
    pub expires_at: Timestamp,
}

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditResult {
    /// It was done.
    Success,
    /// It was tried and failed (a wrong password, an invalid request).
    Failure,
    /// It was refused for lack of rights.
    Denied,
}

impl AuditResult {
    /// The snake_case name stored.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditResult::Success => "success",
            AuditResult::Failure => "failure",
            AuditResult::Denied => "denied",
        }
    }
}

impl fmt::Display for AuditResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AuditResult {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "success" => Ok(AuditResult::Success),
            "failure" => Ok(AuditResult::Failure),
            "denied" => Ok(AuditResult::Denied),
            other => Err(StoreError::Corrupt(format!(
                "unknown audit result \"{other}\""
            ))),
        }
    }
}

/// An entry to add to the audit log; its time is the store's clock when it is submitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewAuditEntry {
    /// The user's name as it was then (`None` before anyone logged in).
    pub user: Option<String>,
    /// The client (address), if known.
    pub client: Option<String>,
    /// What was done (`login`, `user.create`…).
    pub action: String,
    /// What it was done to, if anything.
    pub target: Option<String>,
    /// How it ended.
    pub result: AuditResult,
    /// Machine-readable details (a JSON object), if any.
    pub detail: Option<serde_json::Value>,
}

/// An entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Its number in the log (increasing).
    pub id: i64,
    /// When it was logged.
    pub at: Timestamp,
    /// What was logged.
    #[serde(flatten)]
    pub entry: NewAuditEntry,
}

/// Which audit entries to read, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only entries at or after this time.
    pub since: Option<Timestamp>,
    /// Only entries before this time.
    pub until: Option<Timestamp>,
    /// Only entries of this user name (without regard to ASCII case).
    pub user: Option<String>,
    /// Only entries of this action.
    pub action: Option<String>,
    /// Only entries with an id below this one (for paging).
    pub before_id: Option<i64>,
    /// At most this many.
    pub limit: u32,
}

impl Default for AuditFilter {
    /// The newest 100 entries.
    fn default() -> Self {
        AuditFilter {
            since: None,
            until: None,
            user: None,
            action: None,
            before_id: None,
            limit: 100,
        }
    }
}

/// Changing users, sessions, API tokens, the setup code and the audit log. Every change goes
/// through the store's one writer and returns once durable, except the `touch_*` and
/// `submit_*` methods, which do not wait.
pub trait AccountWriter: Send + Sync {
    /// Creates a user. [`StoreError::Conflict`] when a user of that name (without regard to
    /// ASCII case) exists, [`StoreError::Invalid`] when the name is empty.
    fn create_user(&self, user: NewUser) -> Result<User, StoreError>;

    /// Changes a user's role, pages or state. Disabling it deletes its sessions in the same
    /// transaction; its API tokens stay (they are back when it is enabled again) and the API
    /// refuses the tokens of a disabled user. [`StoreError::NotFound`] when there is no such
    /// user; [`StoreError::Conflict`] (and nothing changes) when it would leave no enabled
    /// administrator.
    fn change_user(&self, id: i64, change: UserChange) -> Result<User, StoreError>;

    /// Sets a user's password hash and the time it changed, and deletes every session of the
    /// user but `keep_session` (the session that changed it, if any).
    /// [`StoreError::NotFound`] when there is no such user.
    fn set_password(
        &self,
        id: i64,
        password_hash: String,
        keep_session: Option<SecretHash>,
    ) -> Result<(), StoreError>;

    /// Deletes a user with its sessions and API tokens. [`StoreError::NotFound`] when there is
    /// no such user; [`StoreError::Conflict`] (and nothing changes) when it is the last enabled
    /// administrator.
    fn delete_user(&self, id: i64) -> Result<(), StoreError>;

    /// Opens a session, started and last seen now. [`StoreError::NotFound`] when there is no
    /// such user, [`StoreError::Conflict`] when a session has the same hash.
    fn create_session(&self, session: NewSession) -> Result<Session, StoreError>;

    /// Locks or unlocks a session. [`StoreError::NotFound`] when there is no such session.
    fn set_session_locked(&self, id_hash: SecretHash, locked: bool) -> Result<(), StoreError>;

    /// Ends a session (logging out); nothing happens when there is no such session.
    fn delete_session(&self, id_hash: SecretHash) -> Result<(), StoreError>;

    /// Records that a session was used at `at`, without waiting (a later time only ever moves
    /// it forward). Each touch costs a write: call it at most about once a minute per session.
    fn touch_session(&self, id_hash: SecretHash, at: Timestamp);

    /// Deletes the sessions last seen before `idle_before` or started before
    /// `created_before`. Returns how many were deleted.
    fn delete_expired_sessions(
        &self,
        idle_before: Timestamp,
        created_before: Timestamp,
    ) -> Result<u64, StoreError>;

    /// Creates an API token. [`StoreError::NotFound`] when there is no such user,
    /// [`StoreError::Conflict`] when the user has a token of that name (without regard to ASCII
    /// case) or a token has the same hash, [`StoreError::Invalid`] when the name is empty.
    fn create_token(&self, token: NewApiToken) -> Result<ApiToken, StoreError>;

    /// Deletes an API token. [`StoreError::NotFound`] when there is no such token.
    fn revoke_token(&self, id: i64) -> Result<(), StoreError>;

    /// Records that a token was used at `at`, without waiting (a later time only ever moves it
    /// forward).
    fn touch_token(&self, id: i64, at: Timestamp);

    /// Stores the setup code, replacing any.
    fn set_setup_code(&self, code: SetupCode) -> Result<(), StoreError>;

    /// Uses the setup code: when the stored code's hash equals `code_hash` and it has not
    /// expired at `now`, deletes it and, in the same transaction, creates `user` as an enabled
    /// administrator, or, when a user of that name exists, makes that user an enabled
    /// administrator with `user`'s pages and password hash and ends its sessions. The role and
    /// state of `user` are ignored. Returns the administrator.
    ///
    /// [`StoreError::Invalid`] ("the setup code is wrong or expired"), changing nothing, when
    /// there is no code, it differs or it has expired. Comparing in constant time is the
    /// caller's job; the code works once since the writer runs one command at a time.
    fn complete_setup(
        &self,
        code_hash: SecretHash,
        now: Timestamp,
        user: NewUser,
    ) -> Result<User, StoreError>;

    /// The recovery path (`ems user reset-admin`): in one transaction, deletes every session
    /// and every API token and stores a new setup code.
    fn reset_access(&self, code: SetupCode) -> Result<(), StoreError>;

    /// Adds an entry to the audit log, timed by the store's clock now, and returns once it is
    /// durable.
    fn audit(&self, entry: NewAuditEntry) -> Result<(), StoreError>;

    /// Adds an entry to the audit log, timed by the store's clock now, without waiting. When it
    /// cannot be written, a warning is logged (through `tracing`) and the entry is lost.
    fn submit_audit(&self, entry: NewAuditEntry);
}

/// Reading users, sessions, API tokens, the setup code and the audit log.
pub trait AccountReader {
    /// Every user, by name.
    fn users(&self) -> Result<Vec<User>, StoreError>;

    /// A user by id.
    fn user(&self, id: i64) -> Result<Option<User>, StoreError>;

    /// A user by name, without regard to ASCII case.
    fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError>;

    /// The number of enabled administrators (the API keeps it above zero).
    fn count_enabled_administrators(&self) -> Result<u64, StoreError>;

    /// A session by the hash of its secret, with its user (one indexed lookup).
    fn session(&self, id_hash: SecretHash) -> Result<Option<(Session, User)>, StoreError>;

    /// The sessions of a user, newest first.
    fn sessions_of(&self, user_id: i64) -> Result<Vec<Session>, StoreError>;

    /// An API token by the hash of its secret, with its user (one indexed lookup). Expired
    /// tokens and tokens of disabled users are returned too: refusing them is the caller's job.
    fn token(&self, hash: SecretHash) -> Result<Option<(ApiToken, User)>, StoreError>;

    /// The API tokens of a user (of every user when `None`), by user and name.
    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError>;

    /// The setup code, if one is stored (expired or not).
    fn setup_code(&self) -> Result<Option<SetupCode>, StoreError>;

    /// Audit entries, newest first.
    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError>;
}
