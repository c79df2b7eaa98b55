//! The database schema and its migrations, numbered by SQLite's `user_version`.
//!
//! Each migration runs in one transaction with the version bump: it applies completely or not
//! at all. Before migrating a store that already holds data, the store takes a backup.

/// The migrations, in order: applying the first `n` gives format version `n`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the first format.
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
    // 2: an append finds a device's day blocks and its one-record blocks each in one index
    // range, without reading the rows of the other kind.
    r#"
    CREATE INDEX block_kind ON block (device, compacted, start);
    "#,
];

/// The format version this build writes.
pub(crate) fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}
