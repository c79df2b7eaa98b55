//! The database schema and its migrations, numbered by SQLite's `user_version`.
//!
//! Each migration runs in one transaction with the version bump: it applies completely or not
//! at all. Before migrating a store that already holds data, the store takes a backup.

use crate::error::StoreError;
use rusqlite::Transaction;

/// Re-encodes rows where statements cannot.
pub(crate) type Conversion = fn(&Transaction<'_>) -> Result<(), StoreError>;

/// One step of the format: statements, and what they cannot do, run after them in the same
/// transaction.
pub(crate) struct Migration {
    pub(crate) sql: &'static str,
    pub(crate) convert: Option<Conversion>,
}

impl Migration {
    const fn sql(sql: &'static str) -> Migration {
        Migration { sql, convert: None }
    }
}

/// The migrations, in order: applying the first `n` gives format version `n`.
pub(crate) const MIGRATIONS: &[Migration] = &[
    // 1: the first format.
    Migration::sql(
        r#"
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE point (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );

    CREATE TABLE scope (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('site', 'device', 'load', 'group', 'panel_board')),
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (kind, key)
    );

    -- The aggregates a device's amounts roll into now (none when excluded from totals).
    CREATE TABLE membership (
        device INTEGER NOT NULL REFERENCES scope (id),
        aggregate INTEGER NOT NULL REFERENCES scope (id),
        PRIMARY KEY (device, aggregate)
    ) WITHOUT ROWID;

    -- Interval records of one device on one grid, encoded by codec::encode_block. A live
    -- interval is a one-record block (compacted = 0); a finished UTC day is one block.
    CREATE TABLE block (
        id INTEGER PRIMARY KEY,
        device INTEGER NOT NULL REFERENCES scope (id),
        start INTEGER NOT NULL,
        minutes INTEGER NOT NULL,
        span INTEGER NOT NULL,
        compacted INTEGER NOT NULL,
        data BLOB NOT NULL,
        UNIQUE (device, start)
    );
    CREATE INDEX block_open ON block (start) WHERE compacted = 0;

    -- Counter amounts by local hour of a day (level 0, period = day number), day of a month
    -- (level 1, period = year * 12 + month - 1) and month of a year (level 2, period = year),
    -- encoded by codec::encode_slots.
    CREATE TABLE rollup (
        level INTEGER NOT NULL,
        period INTEGER NOT NULL,
        scope INTEGER NOT NULL REFERENCES scope (id),
        point INTEGER NOT NULL REFERENCES point (id),
        slots BLOB NOT NULL,
        PRIMARY KEY (level, period, scope, point)
    ) WITHOUT ROWID;

    -- The last stored boundary of every counter, to resume after a restart.
    CREATE TABLE counter_state (
        device INTEGER NOT NULL REFERENCES scope (id),
        point INTEGER NOT NULL REFERENCES point (id),
        boundary INTEGER NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (device, point)
    ) WITHOUT ROWID;

    CREATE TABLE event (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        device TEXT,
        point TEXT,
        message TEXT NOT NULL,
        detail TEXT
    );
    CREATE INDEX event_at ON event (at);

    CREATE TABLE site_config (
        version INTEGER PRIMARY KEY,
        saved_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        site_toml TEXT NOT NULL
    );

    CREATE TABLE backup (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        path TEXT NOT NULL,
        ok INTEGER NOT NULL,
        message TEXT
    );
    "#,
    ),
    // 2: an append finds a device's day blocks and its one-record blocks each in one index
    // range, without reading the rows of the other kind.
    Migration::sql(
        r#"
    CREATE INDEX block_kind ON block (device, compacted, start);
    "#,
    ),
    // 3: users, sessions, API tokens, the setup code and the audit log of the web server.
    // Secrets are kept as their SHA-256 (32 bytes), passwords as PHC strings; times in ms UTC.
    Migration::sql(
        r#"
    CREATE TABLE user (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL
            CHECK (role IN ('administrator', 'ev_manager', 'installer', 'viewer')),
        -- Page names, comma-separated (empty for none).
        pages TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL
    );

    CREATE TABLE session (
        id BLOB PRIMARY KEY CHECK (length(id) = 32),
        user INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        locked INTEGER NOT NULL,
        client TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX session_user ON session (user);

    CREATE TABLE api_token (
        id INTEGER PRIMARY KEY,
        hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
        name TEXT NOT NULL,
        user INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
        role TEXT NOT NULL
            CHECK (role IN ('administrator', 'ev_manager', 'installer', 'viewer')),
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        expires_at INTEGER
    );
    CREATE UNIQUE INDEX api_token_name ON api_token (user, name COLLATE NOCASE);

    -- At most one row.
    CREATE TABLE setup_code (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hash BLOB NOT NULL CHECK (length(hash) = 32),
        expires_at INTEGER NOT NULL
    );

    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        user TEXT,
        client TEXT,
        action TEXT NOT NULL,
        target TEXT,
        result TEXT NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
        detail TEXT
    );
    CREATE INDEX audit_at ON audit (at);
    "#,
    ),
    // 4: costs by tariff beside the counter rollups, on the same levels and periods, per priced
    // counter and tariff ('' for the amount that nothing priced). `quantity` holds the
    // counter's amount at the tariff (amount, covered and estimated minutes), `cost` its cost
    // in micro-units of the site's currency (amount); both encoded by codec::encode_slots.
    Migration::sql(
        r#"
    CREATE TABLE cost_rollup (
        level INTEGER NOT NULL,
        period INTEGER NOT NULL,
        scope INTEGER NOT NULL REFERENCES scope (id),
        point INTEGER NOT NULL REFERENCES point (id),
        tariff TEXT NOT NULL,
        quantity BLOB NOT NULL,
        cost BLOB NOT NULL,
        PRIMARY KEY (level, period, scope, point, tariff)
    ) WITHOUT ROWID;
    "#,
    ),
    // 5: dynamic prices imported per commodity: [start, end) in UTC seconds, the price in
    // micro-units per kWh (or m³), without the contract's surcharge.
    Migration::sql(
        r#"
    CREATE TABLE imported_price (
        commodity TEXT NOT NULL CHECK (commodity IN ('electricity', 'gas', 'water')),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL CHECK (end > start),
        price INTEGER NOT NULL,
        PRIMARY KEY (commodity, start)
    ) WITHOUT ROWID;
    "#,
    ),
    // 6: one cost row per (level, period, scope) holding every priced counter at every
    // tariff (codec::encode_cost_row), the tariffs named by number; the rows of format 4 are
    // converted.
    Migration {
        sql: r#"
    ALTER TABLE cost_rollup RENAME TO cost_rollup_format_4;

    CREATE TABLE cost_tariff (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );

    CREATE TABLE cost_rollup (
        level INTEGER NOT NULL,
        period INTEGER NOT NULL,
        scope INTEGER NOT NULL REFERENCES scope (id),
        data BLOB NOT NULL,
        PRIMARY KEY (level, period, scope)
    ) WITHOUT ROWID;
    "#,
        convert: Some(super::costs::convert_format_4_rows),
    },
];

/// The format version this build writes.
pub(crate) fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}
