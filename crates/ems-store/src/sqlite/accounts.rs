//! Users, sessions, API tokens, the setup code and the audit log in SQLite: the commands the
//! writer thread runs, the queries readers run, and the rows both decode.
//!
//! Checks that need the database (a name taken, a user that does not exist) run in the same
//! transaction as the change they guard; since one thread writes, nothing comes in between.

use super::log_query::LogQuery;
use super::reader::time_of_millis;
use super::{Ack, Command, SqliteReader, SqliteStore};
use crate::account::{
    AccountReader, AccountWriter, ApiToken, AuditEntry, AuditFilter, AuditResult, NewApiToken,
    NewAuditEntry, NewSession, NewUser, SecretHash, Session, SetupCode, User, UserChange,
};
use crate::error::StoreError;
use ems_model::access::{Page, Role};
use jiff::Timestamp;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};
use std::collections::BTreeSet;

/// A change to users, sessions, tokens, the setup code or the audit log, for the writer.
pub(crate) enum AccountCommand {
    CreateUser {
        user: NewUser,
        ack: Ack<User>,
    },
    ChangeUser {
        id: i64,
        change: UserChange,
        ack: Ack<User>,
    },
    SetPassword {
        id: i64,
        password_hash: String,
        keep_session: Option<SecretHash>,
        ack: Ack<()>,
    },
    DeleteUser {
        id: i64,
        ack: Ack<()>,
    },
    CreateSession {
        session: NewSession,
        ack: Ack<Session>,
    },
    SetSessionLocked {
        id_hash: SecretHash,
        locked: bool,
        ack: Ack<()>,
    },
    DeleteSession {
        id_hash: SecretHash,
        ack: Ack<()>,
    },
    DeleteExpiredSessions {
        idle_before: Timestamp,
        created_before: Timestamp,
        ack: Ack<u64>,
    },
    CreateToken {
        token: NewApiToken,
        ack: Ack<ApiToken>,
    },
    RevokeToken {
        id: i64,
        ack: Ack<()>,
    },
    SetSetupCode {
        code: SetupCode,
        ack: Ack<()>,
    },
    CompleteSetup {
        code_hash: SecretHash,
        now: Timestamp,
        user: NewUser,
        ack: Ack<User>,
    },
    ResetAccess {
        code: SetupCode,
        ack: Ack<()>,
    },
    Audit {
        entry: NewAuditEntry,
        /// When it was submitted: an entry not waited for may be written later.
        at: Timestamp,
        ack: Option<Ack<()>>,
    },
}

/// A use of a session or token, recorded without waiting. The writer gathers those queued
/// together into one transaction.
pub(crate) enum Touch {
    Session { id_hash: SecretHash, at: Timestamp },
    Token { id: i64, at: Timestamp },
}

/// Runs one command on the writer's connection, `now` being the store's clock, and answers it.
pub(crate) fn handle(conn: &mut Connection, now: Timestamp, command: AccountCommand) {
    use AccountCommand as C;
    match command {
        C::CreateUser { user, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| create_user(tx, now, &user)));
        }
        C::ChangeUser { id, change, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| change_user(tx, id, &change)));
        }
        C::SetPassword {
            id,
            password_hash,
            keep_session,
            ack,
        } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                set_password(tx, now, id, &password_hash, keep_session)
            }));
        }
        C::DeleteUser { id, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                let user = user_by_id(tx, id)?.ok_or_else(|| no_user(id))?;
                tx.execute("DELETE FROM user WHERE id = ?1", [id])?;
                keep_an_administrator(tx, &user)
            }));
        }
        C::CreateSession { session, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| create_session(tx, now, &session)));
        }
        C::SetSessionLocked {
            id_hash,
            locked,
            ack,
        } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                let changed = tx.execute(
                    "UPDATE session SET locked = ?2 WHERE id = ?1",
                    params![id_hash.as_slice(), locked],
                )?;
                if changed == 0 {
                    return Err(StoreError::NotFound("no such session".to_owned()));
                }
                Ok(())
            }));
        }
        C::DeleteSession { id_hash, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                tx.execute("DELETE FROM session WHERE id = ?1", [id_hash.as_slice()])?;
                Ok(())
            }));
        }
        C::DeleteExpiredSessions {
            idle_before,
            created_before,
            ack,
        } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                let deleted = tx.execute(
                    "DELETE FROM session WHERE last_seen_at < ?1 OR created_at < ?2",
                    params![
                        idle_before.as_millisecond(),
                        created_before.as_millisecond()
                    ],
                )?;
                Ok(deleted as u64)
            }));
        }
        C::CreateToken { token, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| create_token(tx, now, &token)));
        }
        C::RevokeToken { id, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                let deleted = tx.execute("DELETE FROM api_token WHERE id = ?1", [id])?;
                if deleted == 0 {
                    return Err(StoreError::NotFound(format!("no API token with id {id}")));
                }
                Ok(())
            }));
        }
        C::SetSetupCode { code, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| store_setup_code(tx, &code)));
        }
        C::CompleteSetup {
            code_hash,
            now: checked_at,
            user,
            ack,
        } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                complete_setup(tx, now, code_hash, checked_at, &user)
            }));
        }
        C::ResetAccess { code, ack } => {
            let _ = ack.send(in_transaction(conn, |tx| {
                tx.execute("DELETE FROM session", [])?;
                tx.execute("DELETE FROM api_token", [])?;
                store_setup_code(tx, &code)
            }));
        }
        C::Audit { entry, at, ack } => {
            let result = in_transaction(conn, |tx| insert_audit(tx, at, &entry));
            match ack {
                Some(ack) => {
                    let _ = ack.send(result);
                }
                None => {
                    if let Err(e) = result {
                        tracing::warn!(error = %e, action = %entry.action, "an audit entry could not be written");
                    }
                }
            }
        }
    }
}

/// Records uses of sessions and tokens in one transaction. They only move times forward; when
/// they cannot be written they are dropped (a later use records them again).
pub(crate) fn apply_touches(conn: &mut Connection, touches: &[Touch]) {
    if touches.is_empty() {
        return;
    }
    let result = in_transaction(conn, |tx| {
        for touch in touches {
            match touch {
                Touch::Session { id_hash, at } => tx
                    .prepare_cached(
                        "UPDATE session SET last_seen_at = ?2 WHERE id = ?1 AND last_seen_at < ?2",
                    )?
                    .execute(params![id_hash.as_slice(), at.as_millisecond()])?,
                Touch::Token { id, at } => tx
                    .prepare_cached(
                        "UPDATE api_token SET last_used_at = ?2
                         WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < ?2)",
                    )?
                    .execute(params![id, at.as_millisecond()])?,
            };
        }
        Ok(())
    });
    if let Err(e) = result {
        tracing::warn!(error = %e, touches = touches.len(), "uses of sessions and tokens could not be recorded");
    }
}

fn in_transaction<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let tx = conn.transaction()?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

fn no_user(id: i64) -> StoreError {
    StoreError::NotFound(format!("no user with id {id}"))
}

fn check_name(what: &str, name: &str) -> Result<(), StoreError> {
    if name.trim().is_empty() {
        return Err(StoreError::Invalid(format!(
            "a {what} name may not be empty"
        )));
    }
    Ok(())
}

fn pages_text(pages: &BTreeSet<Page>) -> String {
    pages
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn create_user(tx: &Transaction<'_>, now: Timestamp, user: &NewUser) -> Result<User, StoreError> {
    check_name("user", &user.name)?;
    if let Some(existing) = user_by_name(tx, &user.name)? {
        return Err(StoreError::Conflict(format!(
            "a user named \"{}\" already exists",
            existing.name
        )));
    }
    let id = insert_user(tx, now, user, user.role, user.enabled)?;
    user_by_id(tx, id)?.ok_or_else(|| no_user(id))
}

fn insert_user(
    tx: &Transaction<'_>,
    now: Timestamp,
    user: &NewUser,
    role: Role,
    enabled: bool,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO user (name, role, pages, enabled, password_hash, created_at, password_changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            user.name,
            role.as_str(),
            pages_text(&user.pages),
            enabled,
            user.password_hash,
            now.as_millisecond()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn change_user(tx: &Transaction<'_>, id: i64, change: &UserChange) -> Result<User, StoreError> {
    let user = user_by_id(tx, id)?.ok_or_else(|| no_user(id))?;
    let role = change.role.unwrap_or(user.role);
    let pages = change.pages.as_ref().unwrap_or(&user.pages);
    let enabled = change.enabled.unwrap_or(user.enabled);
    tx.execute(
        "UPDATE user SET role = ?2, pages = ?3, enabled = ?4 WHERE id = ?1",
        params![id, role.as_str(), pages_text(pages), enabled],
    )?;
    if !enabled {
        tx.execute("DELETE FROM session WHERE user = ?1", [id])?;
    }
    keep_an_administrator(tx, &user)?;
    user_by_id(tx, id)?.ok_or_else(|| no_user(id))
}

/// Refuses (rolling the transaction back) a change of `before` (the user as it was) that left
/// no enabled administrator: checked in the writer's transaction, so that two administrators
/// demoting each other at once cannot both succeed.
fn keep_an_administrator(tx: &Transaction<'_>, before: &User) -> Result<(), StoreError> {
    if !(before.enabled && before.role == Role::Administrator) {
        return Ok(());
    }
    let left: i64 = tx.query_row(
        "SELECT count(*) FROM user WHERE role = 'administrator' AND enabled = 1",
        [],
        |r| r.get(0),
    )?;
    if left == 0 {
        return Err(StoreError::Conflict(
            "the last enabled administrator cannot be disabled, deleted or given another role"
                .to_owned(),
        ));
    }
    Ok(())
}

fn set_password(
    tx: &Transaction<'_>,
    now: Timestamp,
    id: i64,
    password_hash: &str,
    keep_session: Option<SecretHash>,
) -> Result<(), StoreError> {
    let changed = tx.execute(
        "UPDATE user SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
        params![id, password_hash, now.as_millisecond()],
    )?;
    if changed == 0 {
        return Err(no_user(id));
    }
    tx.execute(
        "DELETE FROM session WHERE user = ?1 AND id IS NOT ?2",
        params![id, keep_session.as_ref().map(|h| h.as_slice())],
    )?;
    Ok(())
}

fn create_session(
    tx: &Transaction<'_>,
    now: Timestamp,
    session: &NewSession,
) -> Result<Session, StoreError> {
    if user_by_id(tx, session.user_id)?.is_none() {
        return Err(no_user(session.user_id));
    }
    let taken = tx
        .query_row(
            "SELECT 1 FROM session WHERE id = ?1",
            [session.id_hash.as_slice()],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if taken {
        return Err(StoreError::Conflict(
            "a session with the same secret exists".to_owned(),
        ));
    }
    tx.execute(
        "INSERT INTO session (id, user, created_at, last_seen_at, locked, client)
         VALUES (?1, ?2, ?3, ?3, 0, ?4)",
        params![
            session.id_hash.as_slice(),
            session.user_id,
            now.as_millisecond(),
            session.client
        ],
    )?;
    tx.query_row(
        &format!("SELECT {SESSION_COLUMNS} FROM session s WHERE s.id = ?1"),
        [session.id_hash.as_slice()],
        |r| SessionRow::read(r, 0),
    )?
    .decode()
}

fn create_token(
    tx: &Transaction<'_>,
    now: Timestamp,
    token: &NewApiToken,
) -> Result<ApiToken, StoreError> {
    check_name("token", &token.name)?;
    let user = user_by_id(tx, token.user_id)?.ok_or_else(|| no_user(token.user_id))?;
    let name_taken = tx
        .query_row(
            "SELECT 1 FROM api_token WHERE user = ?1 AND name = ?2 COLLATE NOCASE",
            params![token.user_id, token.name],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if name_taken {
        return Err(StoreError::Conflict(format!(
            "the user \"{}\" already has an API token named \"{}\"",
            user.name, token.name
        )));
    }
    if token_by_hash(tx, token.hash)?.is_some() {
        return Err(StoreError::Conflict(
            "an API token with the same secret exists".to_owned(),
        ));
    }
    tx.execute(
        "INSERT INTO api_token (hash, name, user, role, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            token.hash.as_slice(),
            token.name,
            token.user_id,
            token.role.as_str(),
            now.as_millisecond(),
            token.expires_at.map(|t| t.as_millisecond())
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.query_row(
        &format!("SELECT {TOKEN_COLUMNS} FROM api_token t WHERE t.id = ?1"),
        [id],
        |r| TokenRow::read(r, 0),
    )?
    .decode()
}

fn store_setup_code(tx: &Transaction<'_>, code: &SetupCode) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO setup_code (id, hash, expires_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, expires_at = excluded.expires_at",
        params![code.hash.as_slice(), code.expires_at.as_millisecond()],
    )?;
    Ok(())
}

fn complete_setup(
    tx: &Transaction<'_>,
    now: Timestamp,
    code_hash: SecretHash,
    checked_at: Timestamp,
    user: &NewUser,
) -> Result<User, StoreError> {
    let valid = setup_code(tx)?.is_some_and(|code| {
        code.hash == code_hash && checked_at.as_millisecond() < code.expires_at.as_millisecond()
    });
    if !valid {
        return Err(StoreError::Invalid(
            "the setup code is wrong or expired".to_owned(),
        ));
    }
    check_name("user", &user.name)?;
    tx.execute("DELETE FROM setup_code", [])?;
    let id = match user_by_name(tx, &user.name)? {
        Some(existing) => {
            tx.execute(
                "UPDATE user SET role = ?2, pages = ?3, enabled = 1, password_hash = ?4,
                 password_changed_at = ?5 WHERE id = ?1",
                params![
                    existing.id,
                    Role::Administrator.as_str(),
                    pages_text(&user.pages),
                    user.password_hash,
                    now.as_millisecond()
                ],
            )?;
            tx.execute("DELETE FROM session WHERE user = ?1", [existing.id])?;
            existing.id
        }
        None => insert_user(tx, now, user, Role::Administrator, true)?,
    };
    user_by_id(tx, id)?.ok_or_else(|| no_user(id))
}

fn insert_audit(
    tx: &Transaction<'_>,
    now: Timestamp,
    entry: &NewAuditEntry,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO audit (at, user, client, action, target, result, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        now.as_millisecond(),
        entry.user,
        entry.client,
        entry.action,
        entry.target,
        entry.result.as_str(),
        entry.detail.as_ref().map(|d| d.to_string())
    ])?;
    Ok(())
}

// Reading, on a reader's connection or inside a writer's transaction.

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.pages, u.enabled, u.password_hash, u.created_at, u.password_changed_at";
const SESSION_COLUMNS: &str = "s.id, s.user, s.created_at, s.last_seen_at, s.locked, s.client";
const TOKEN_COLUMNS: &str =
    "t.id, t.hash, t.name, t.user, t.role, t.created_at, t.last_used_at, t.expires_at";
/// How many columns [`SESSION_COLUMNS`] and [`TOKEN_COLUMNS`] are, where a user's follow.
const SESSION_WIDTH: usize = 6;
const TOKEN_WIDTH: usize = 8;

/// A `user` row as stored.
struct UserRow {
    id: i64,
    name: String,
    role: String,
    pages: String,
    enabled: bool,
    password_hash: String,
    created_at: i64,
    password_changed_at: i64,
}

impl UserRow {
    /// Reads [`USER_COLUMNS`] starting at column `at`.
    fn read(r: &Row<'_>, at: usize) -> rusqlite::Result<UserRow> {
        Ok(UserRow {
            id: r.get(at)?,
            name: r.get(at + 1)?,
            role: r.get(at + 2)?,
            pages: r.get(at + 3)?,
            enabled: r.get(at + 4)?,
            password_hash: r.get(at + 5)?,
            created_at: r.get(at + 6)?,
            password_changed_at: r.get(at + 7)?,
        })
    }

    fn decode(self) -> Result<User, StoreError> {
        let id = self.id;
        Ok(User {
            id,
            role: decode_role(&self.role, || format!("user {id}"))?,
            // A page this build does not know is left out: it grants nothing here.
            pages: self
                .pages
                .split(',')
                .filter_map(|p| p.parse::<Page>().ok())
                .collect(),
            name: self.name,
            enabled: self.enabled,
            password_hash: self.password_hash,
            created_at: time_of_millis(self.created_at)?,
            password_changed_at: time_of_millis(self.password_changed_at)?,
        })
    }
}

/// A `session` row as stored.
struct SessionRow {
    id: Vec<u8>,
    user: i64,
    created_at: i64,
    last_seen_at: i64,
    locked: bool,
    client: String,
}

impl SessionRow {
    /// Reads [`SESSION_COLUMNS`] starting at column `at`.
    fn read(r: &Row<'_>, at: usize) -> rusqlite::Result<SessionRow> {
        Ok(SessionRow {
            id: r.get(at)?,
            user: r.get(at + 1)?,
            created_at: r.get(at + 2)?,
            last_seen_at: r.get(at + 3)?,
            locked: r.get(at + 4)?,
            client: r.get(at + 5)?,
        })
    }

    fn decode(self) -> Result<Session, StoreError> {
        Ok(Session {
            id_hash: decode_hash(&self.id, || format!("a session of user {}", self.user))?,
            user_id: self.user,
            created_at: time_of_millis(self.created_at)?,
            last_seen_at: time_of_millis(self.last_seen_at)?,
            locked: self.locked,
            client: self.client,
        })
    }
}

/// An `api_token` row as stored.
struct TokenRow {
    id: i64,
    hash: Vec<u8>,
    name: String,
    user: i64,
    role: String,
    created_at: i64,
    last_used_at: Option<i64>,
    expires_at: Option<i64>,
}

impl TokenRow {
    /// Reads [`TOKEN_COLUMNS`] starting at column `at`.
    fn read(r: &Row<'_>, at: usize) -> rusqlite::Result<TokenRow> {
        Ok(TokenRow {
            id: r.get(at)?,
            hash: r.get(at + 1)?,
            name: r.get(at + 2)?,
            user: r.get(at + 3)?,
            role: r.get(at + 4)?,
            created_at: r.get(at + 5)?,
            last_used_at: r.get(at + 6)?,
            expires_at: r.get(at + 7)?,
        })
    }

    fn decode(self) -> Result<ApiToken, StoreError> {
        let id = self.id;
        Ok(ApiToken {
            id,
            hash: decode_hash(&self.hash, || format!("API token {id}"))?,
            role: decode_role(&self.role, || format!("API token {id}"))?,
            name: self.name,
            user_id: self.user,
            created_at: time_of_millis(self.created_at)?,
            last_used_at: self.last_used_at.map(time_of_millis).transpose()?,
            expires_at: self.expires_at.map(time_of_millis).transpose()?,
        })
    }
}

fn decode_role(text: &str, what: impl FnOnce() -> String) -> Result<Role, StoreError> {
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("{}: {e}", what())))
}

fn decode_hash(bytes: &[u8], what: impl FnOnce() -> String) -> Result<SecretHash, StoreError> {
    SecretHash::try_from(bytes).map_err(|_| {
        StoreError::Corrupt(format!(
            "{}: a hash of {} bytes instead of 32",
            what(),
            bytes.len()
        ))
    })
}

/// Runs a query whose rows are [`USER_COLUMNS`].
fn query_users(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<User>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| UserRow::read(r, 0))?;
    let mut users = Vec::new();
    for row in rows {
        users.push(row?.decode()?);
    }
    Ok(users)
}

fn user_by_id(conn: &Connection, id: i64) -> Result<Option<User>, StoreError> {
    Ok(query_users(
        conn,
        &format!("SELECT {USER_COLUMNS} FROM user u WHERE u.id = ?1"),
        [id],
    )?
    .pop())
}

fn user_by_name(conn: &Connection, name: &str) -> Result<Option<User>, StoreError> {
    // The column's NOCASE collation applies.
    Ok(query_users(
        conn,
        &format!("SELECT {USER_COLUMNS} FROM user u WHERE u.name = ?1"),
        [name],
    )?
    .pop())
}

fn token_by_hash(
    conn: &Connection,
    hash: SecretHash,
) -> Result<Option<(ApiToken, User)>, StoreError> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS}, {USER_COLUMNS} FROM api_token t
             JOIN user u ON u.id = t.user WHERE t.hash = ?1"
        ))?
        .query_row([hash.as_slice()], |r| {
            Ok((TokenRow::read(r, 0)?, UserRow::read(r, TOKEN_WIDTH)?))
        })
        .optional()?;
    row.map(|(token, user)| Ok((token.decode()?, user.decode()?)))
        .transpose()
}

fn setup_code(conn: &Connection) -> Result<Option<SetupCode>, StoreError> {
    let row: Option<(Vec<u8>, i64)> = conn
        .query_row(
            "SELECT hash, expires_at FROM setup_code WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(hash, expires_at)| {
        Ok(SetupCode {
            hash: decode_hash(&hash, || "the setup code".to_owned())?,
            expires_at: time_of_millis(expires_at)?,
        })
    })
    .transpose()
}

impl AccountReader for SqliteReader {
    fn users(&self) -> Result<Vec<User>, StoreError> {
        query_users(
            self.conn(),
            &format!("SELECT {USER_COLUMNS} FROM user u ORDER BY u.name, u.id"),
            [],
        )
    }

    fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        user_by_id(self.conn(), id)
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        user_by_name(self.conn(), name)
    }

    fn count_enabled_administrators(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM user WHERE role = 'administrator' AND enabled = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn session(&self, id_hash: SecretHash) -> Result<Option<(Session, User)>, StoreError> {
        let row = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS}, {USER_COLUMNS} FROM session s
                 JOIN user u ON u.id = s.user WHERE s.id = ?1"
            ))?
            .query_row([id_hash.as_slice()], |r| {
                Ok((SessionRow::read(r, 0)?, UserRow::read(r, SESSION_WIDTH)?))
            })
            .optional()?;
        row.map(|(session, user)| Ok((session.decode()?, user.decode()?)))
            .transpose()
    }

    fn sessions_of(&self, user_id: i64) -> Result<Vec<Session>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM session s WHERE s.user = ?1
             ORDER BY s.created_at DESC, s.id"
        ))?;
        let rows = stmt.query_map([user_id], |r| SessionRow::read(r, 0))?;
        let mut sessions = Vec::new();
        for row in rows {
            sessions.push(row?.decode()?);
        }
        Ok(sessions)
    }

    fn token(&self, hash: SecretHash) -> Result<Option<(ApiToken, User)>, StoreError> {
        token_by_hash(self.conn(), hash)
    }

    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
        // Two statements, so that a user's tokens are one range of the (user, name) index.
        let (sql, args) = match user_id {
            Some(id) => (
                format!(
                    "SELECT {TOKEN_COLUMNS} FROM api_token t WHERE t.user = ?1
                     ORDER BY t.user, t.name COLLATE NOCASE"
                ),
                vec![SqlValue::Integer(id)],
            ),
            None => (
                format!(
                    "SELECT {TOKEN_COLUMNS} FROM api_token t ORDER BY t.user, t.name COLLATE NOCASE"
                ),
                Vec::new(),
            ),
        };
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| TokenRow::read(r, 0))?;
        let mut tokens = Vec::new();
        for row in rows {
            tokens.push(row?.decode()?);
        }
        Ok(tokens)
    }

    fn setup_code(&self) -> Result<Option<SetupCode>, StoreError> {
        setup_code(self.conn())
    }

    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let (sql, args) =
            LogQuery::new("SELECT id, at, user, client, action, target, result, detail FROM audit")
                .page(filter.since, filter.until, filter.before_id)
                .and(
                    "user = ? COLLATE NOCASE",
                    filter.user.clone().map(SqlValue::Text),
                )
                .and("action = ?", filter.action.clone().map(SqlValue::Text))
                .newest_first(filter.limit);
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (id, at, user, client, action, target, result, detail) = row?;
            let result: AuditResult = result
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("audit entry {id}: {e}")))?;
            let detail = detail
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("audit entry {id} detail: {e}")))?;
            entries.push(AuditEntry {
                id,
                at: time_of_millis(at)?,
                entry: NewAuditEntry {
                    user,
                    client,
                    action,
                    target,
                    result,
                    detail,
                },
            });
        }
        Ok(entries)
    }
}

impl SqliteStore {
    /// Sends an account command to the writer and waits for its answer.
    fn account<T>(&self, make: impl FnOnce(Ack<T>) -> AccountCommand) -> Result<T, StoreError> {
        self.request(|ack| Command::Account(make(ack)))
    }
}

impl AccountWriter for SqliteStore {
    fn create_user(&self, user: NewUser) -> Result<User, StoreError> {
        self.account(|ack| AccountCommand::CreateUser { user, ack })
    }

    fn change_user(&self, id: i64, change: UserChange) -> Result<User, StoreError> {
        self.account(|ack| AccountCommand::ChangeUser { id, change, ack })
    }

    fn set_password(
        &self,
        id: i64,
        password_hash: String,
        keep_session: Option<SecretHash>,
    ) -> Result<(), StoreError> {
        self.account(|ack| AccountCommand::SetPassword {
            id,
            password_hash,
            keep_session,
            ack,
        })
    }

    fn delete_user(&self, id: i64) -> Result<(), StoreError> {
        self.account(|ack| AccountCommand::DeleteUser { id, ack })
    }

    fn create_session(&self, session: NewSession) -> Result<Session, StoreError> {
        self.account(|ack| AccountCommand::CreateSession { session, ack })
    }

    fn set_session_locked(&self, id_hash: SecretHash, locked: bool) -> Result<(), StoreError> {
        self.account(|ack| AccountCommand::SetSessionLocked {
            id_hash,
            locked,
            ack,
        })
    }

    fn delete_session(&self, id_hash: SecretHash) -> Result<(), StoreError> {
        self.account(|ack| AccountCommand::DeleteSession { id_hash, ack })
    }

    fn touch_session(&self, id_hash: SecretHash, at: Timestamp) {
        let _ = self.send(Command::Touch(Touch::Session { id_hash, at }));
    }

    fn delete_expired_sessions(
        &self,
        idle_before: Timestamp,
        created_before: Timestamp,
    ) -> Result<u64, StoreError> {
        self.account(|ack| AccountCommand::DeleteExpiredSessions {
            idle_before,
            created_before,
            ack,
        })
    }

    fn create_token(&self, token: NewApiToken) -> Result<ApiToken, StoreError> {
        self.account(|ack| AccountCommand::CreateToken { token, ack })
    }

    fn revoke_token(&self, id: i64) -> Result<(), StoreError> {
        self.account(|ack| AccountCommand::RevokeToken { id, ack })
    }

    fn touch_token(&self, id: i64, at: Timestamp) {
        let _ = self.send(Command::Touch(Touch::Token { id, at }));
    }

    fn set_setup_code(&self, code: SetupCode) -> Result<(), StoreError> {
        self.account(|ack| AccountCommand::SetSetupCode { code, ack })
    }

    fn complete_setup(
        &self,
        code_hash: SecretHash,
        now: Timestamp,
        user: NewUser,
    ) -> Result<User, StoreError> {
        self.account(|ack| AccountCommand::CompleteSetup {
            code_hash,
            now,
            user,
            ack,
        })
    }

    fn reset_access(&self, code: SetupCode) -> Result<(), StoreError> {
        self.account(|ack| AccountCommand::ResetAccess { code, ack })
    }

    fn audit(&self, entry: NewAuditEntry) -> Result<(), StoreError> {
        let at = self.clock.now();
        self.account(|ack| AccountCommand::Audit {
            entry,
            at,
            ack: Some(ack),
        })
    }

    fn submit_audit(&self, entry: NewAuditEntry) {
        let at = self.clock.now();
        let _ = self.send(Command::Account(AccountCommand::Audit {
            entry,
            at,
            ack: None,
        }));
    }
}
