//! Opening the database: pragmas, format checks and migrations.

use super::schema::{MIGRATIONS, latest_version};
use super::{BACKUP_DIR, DATABASE_FILE};
use crate::error::StoreError;
use ems_model::Clock;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// The database file of a data directory.
pub(crate) fn database_path(dir: &Path) -> PathBuf {
    dir.join(DATABASE_FILE)
}

fn open_error(path: &Path, cause: impl std::fmt::Display) -> StoreError {
    StoreError::Open {
        path: path.to_owned(),
        cause: cause.to_string(),
    }
}

/// Opens the writing connection, creating the directory and database when needed and bringing
/// the format up to date.
pub(crate) fn open_for_writing(
    dir: &Path,
    clock: &dyn Clock,
    max_bytes: Option<u64>,
) -> Result<Connection, StoreError> {
    create_private_dir(dir).map_err(|e| open_error(dir, e))?;
    let path = database_path(dir);
    let mut conn = Connection::open(&path).map_err(|e| open_error(&path, e))?;
    // Must precede the first table: lets "optimize" return free pages to the file system.
    conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")
        .map_err(|e| open_error(&path, e))?;
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(|e| open_error(&path, e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(open_error(
            &path,
            format!("the file system does not support a write-ahead log (journal mode {mode})"),
        ));
    }
    for (name, value) in [
        ("synchronous", "FULL"),
        ("foreign_keys", "ON"),
        ("busy_timeout", "5000"),
        ("journal_size_limit", "67108864"),
    ] {
        conn.pragma_update(None, name, value)
            .map_err(|e| open_error(&path, e))?;
    }
    migrate(&mut conn, dir, &path, clock)?;
    if let Some(max_bytes) = max_bytes {
        let page_size: i64 = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .map_err(|e| open_error(&path, e))?;
        let pages = i64::try_from(max_bytes).unwrap_or(i64::MAX) / page_size.max(1);
        conn.pragma_update(None, "max_page_count", pages.max(1))
            .map_err(|e| open_error(&path, e))?;
    }
    Ok(conn)
}

/// Opens a read-only connection to an existing store.
pub(crate) fn open_for_reading(dir: &Path) -> Result<Connection, StoreError> {
    let path = database_path(dir);
    if !path.exists() {
        return Err(StoreError::Missing(dir.to_owned()));
    }
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(&path, e))?;
    // A reader's page cache, kept by each pooled connection: 512 KiB rather than SQLite's
    // 2 MiB. Queries read rollups (a few pages each), and the system's file cache keeps the
    // database's hot pages for every connection at once.
    for (name, value) in [("busy_timeout", "5000"), ("cache_size", "-512")] {
        conn.pragma_update(None, name, value)
            .map_err(|e| open_error(&path, e))?;
    }
    let version = user_version(&conn).map_err(|e| open_error(&path, e))?;
    if version > latest_version() {
        return Err(StoreError::TooNew {
            path,
            found: version,
            known: latest_version(),
        });
    }
    if version < latest_version() {
        return Err(open_error(
            &path,
            format!(
                "the store has format version {version}; start ems run once to upgrade it to {}",
                latest_version()
            ),
        ));
    }
    Ok(conn)
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o750)
        .create(dir)
}

fn migrate(
    conn: &mut Connection,
    dir: &Path,
    path: &Path,
    clock: &dyn Clock,
) -> Result<(), StoreError> {
    let current = user_version(conn).map_err(|e| open_error(path, e))?;
    let latest = latest_version();
    if current > latest {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: current,
            known: latest,
        });
    }
    if current == latest {
        return Ok(());
    }
    if current > 0 {
        let target = backup_path(dir, clock, &format!("before-format-{latest}"));
        vacuum_into(conn, &target).map_err(|cause| StoreError::Migration {
            path: path.to_owned(),
            version: current + 1,
            cause: format!("the backup before upgrading failed: {cause}"),
        })?;
        tracing::info!(backup = %target.display(), "store backed up before its format upgrade");
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as u32 + 1;
        let fail = |e: &dyn std::fmt::Display| StoreError::Migration {
            path: path.to_owned(),
            version,
            cause: e.to_string(),
        };
        let fail_sql = |e: rusqlite::Error| fail(&e);
        let tx = conn.transaction().map_err(fail_sql)?;
        tx.execute_batch(migration.sql).map_err(fail_sql)?;
        if let Some(convert) = migration.convert {
            convert(&tx).map_err(|e| fail(&e))?;
        }
        tx.pragma_update(None, "user_version", version)
            .map_err(fail_sql)?;
        tx.commit().map_err(fail_sql)?;
    }
    Ok(())
}

/// A new backup file name in the data directory's backup directory:
/// `ems-<label>-<UTC time>.sqlite`.
pub(crate) fn backup_path(dir: &Path, clock: &dyn Clock, label: &str) -> PathBuf {
    let stamp = clock.now().strftime("%Y%m%dT%H%M%SZ");
    dir.join(BACKUP_DIR)
        .join(format!("ems-{label}-{stamp}.sqlite"))
}

/// Writes a consistent copy of the database to `target` (through a temporary name, then
/// renamed), creating the backup directory when needed.
pub(crate) fn vacuum_into(conn: &Connection, target: &Path) -> Result<(), String> {
    if let Some(parent) = target.parent() {
        create_private_dir(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let partial = target.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let partial_text = partial
        .to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8", partial.display()))?;
    conn.execute("VACUUM INTO ?1", [partial_text])
        .map_err(|e| e.to_string())?;
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .and_then(|()| std::fs::rename(&partial, target))
        .map_err(|e| format!("{}: {e}", target.display()))?;
    if let Some(parent) = target.parent() {
        let _ = std::fs::File::open(parent).and_then(|d| d.sync_all());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::ManualClock;

    #[test]
    fn a_store_of_an_older_format_is_backed_up_then_upgraded_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_path(dir.path());
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0].sql).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO event (at, kind, severity, message) VALUES (1, 'started', 'info', 'kept')",
                [],
            )
            .unwrap();
        }
        let clock = ManualClock::new("2026-03-01T12:00:00Z".parse().unwrap());

        let conn = open_for_writing(dir.path(), &clock, None).unwrap();

        assert_eq!(user_version(&conn).unwrap(), latest_version());
        let message: String = conn
            .query_row("SELECT message FROM event", [], |r| r.get(0))
            .unwrap();
        assert_eq!(message, "kept");
        let backup = dir.path().join(BACKUP_DIR).join(format!(
            "ems-before-format-{}-20260301T120000Z.sqlite",
            latest_version()
        ));
        let old = Connection::open(&backup).unwrap();
        assert_eq!(user_version(&old).unwrap(), 1);
        let kept: i64 = old
            .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1);
    }

    #[test]
    fn a_store_of_a_newer_format_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = database_path(dir.path());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", latest_version() + 1)
                .unwrap();
        }
        let clock = ManualClock::new("2026-03-01T12:00:00Z".parse().unwrap());

        let err = open_for_writing(dir.path(), &clock, None).unwrap_err();

        assert!(matches!(err, StoreError::TooNew { found, .. } if found == latest_version() + 1));
        let conn = Connection::open(&path).unwrap();
        assert_eq!(user_version(&conn).unwrap(), latest_version() + 1);
    }
}
