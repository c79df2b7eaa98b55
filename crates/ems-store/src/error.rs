//! Errors of the store, each classified as transient or permanent.

use std::path::PathBuf;

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The data directory or database file could not be created or opened.
    #[error("cannot open the store at {path}: {cause}")]
    Open {
        /// The database file or directory.
        path: PathBuf,
        /// Why.
        cause: String,
    },
    /// There is no store at the given place (read-only access to a store never written).
    #[error("no store at {0} (ems run or ems demo create one)")]
    Missing(PathBuf),
    /// The database was written by a newer version of ems.
    #[error(
        "the store at {path} has format version {found}, newer than this ems knows ({known}); upgrade ems"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its format version.
        found: u32,
        /// The newest this build knows.
        known: u32,
    },
    /// Upgrading the database format failed; the store is unchanged (and a backup was taken).
    #[error(
        "upgrading the store at {path} to format {version} failed, nothing was changed: {cause}"
    )]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The format version that failed.
        version: u32,
        /// Why.
        cause: String,
    },
    /// The storage cannot be written now (disk full, read-only, I/O error): data is kept in
    /// memory and written when it can be.
    #[error("the storage cannot be written: {0}")]
    Unavailable(String),
    /// Stored data could not be decoded.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// A request was not valid (unknown scope, point of the wrong kind, bad range…).
    #[error("{0}")]
    Invalid(String),
    /// The change would break a uniqueness rule (a user name taken, a token name used twice).
    #[error("{0}")]
    Conflict(String),
    /// What the request names does not exist (an unknown user, session or token).
    #[error("{0}")]
    NotFound(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(String),
    /// The writer thread has stopped.
    #[error("the store is closed")]
    Closed,
}

impl StoreError {
    /// True when retrying later may succeed (the storage may become writable again).
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(
                ErrorCode::DiskFull
                | ErrorCode::ReadOnly
                | ErrorCode::SystemIoFailure
                | ErrorCode::CannotOpen
                | ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked,
            ) => StoreError::Unavailable(e.to_string()),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Corrupt(e.to_string())
            }
            _ => StoreError::Database(e.to_string()),
        }
    }
}

impl From<crate::codec::CodecError> for StoreError {
    fn from(e: crate::codec::CodecError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
