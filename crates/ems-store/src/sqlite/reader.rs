//! Read-only connections: configuration versions, events, counter boundaries, health, and the
//! building blocks of the consumption queries.

use super::connection::{database_path, open_for_reading};
use super::log_query::LogQuery;
use super::writer::timestamp;
use crate::calendar::Calendar;
use crate::error::StoreError;
use crate::event::{Event, EventFilter, EventKind, NewEvent, Severity};
use crate::scope::{NamedScope, Scope, ScopeKind};
use crate::store::{
    BackupInfo, ConfigSource, ConfigVersion, CounterBoundary, HealthReport, IntegrityCheck,
    RecordsReader,
};
use ems_model::tariff::{Commodity, Price};
use ems_model::{DeviceId, Point};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use std::path::{Path, PathBuf};

/// A read-only connection to a store. It sees every transaction committed before each query;
/// it never blocks the writer.
pub struct SqliteReader {
    conn: Connection,
    dir: PathBuf,
}

pub(crate) fn time_of_millis(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms)
        .map_err(|e| StoreError::Corrupt(format!("time {ms} ms out of range: {e}")))
}

/// The `meta` key that marks the site commissioned; its value is the time (ms UTC).
pub(crate) const COMMISSIONED_KEY: &str = "commissioned_at";

/// The SQL condition that is true when the site is commissioned (see
/// [`RecordsReader::commissioned`]).
pub(crate) fn commissioned_condition() -> String {
    let sources: Vec<String> = ConfigSource::ALL
        .iter()
        .filter(|s| s.commissions())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!(
        "(EXISTS (SELECT 1 FROM meta WHERE key = '{COMMISSIONED_KEY}') \
         OR EXISTS (SELECT 1 FROM site_config WHERE source IN ({})))",
        sources.join(", ")
    )
}

impl SqliteReader {
    /// Opens the store of a data directory for reading; fails when there is none.
    pub fn open(dir: &Path) -> Result<SqliteReader, StoreError> {
        Ok(SqliteReader {
            conn: open_for_reading(dir)?,
            dir: dir.to_owned(),
        })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// The site's calendar, from the saved configuration.
    pub fn calendar(&self) -> Result<Calendar, StoreError> {
        let tz = self.meta("time_zone")?.ok_or_else(|| {
            StoreError::Invalid("no site configuration is saved in the store yet".to_owned())
        })?;
        let tz = TimeZone::get(&tz)
            .map_err(|e| StoreError::Corrupt(format!("stored time zone \"{tz}\": {e}")))?;
        Ok(Calendar::new(tz))
    }

    /// The sample rate of the saved configuration, in minutes.
    pub fn sample_rate_minutes(&self) -> Result<Option<u16>, StoreError> {
        Ok(self
            .meta("sample_rate_minutes")?
            .and_then(|v| v.parse().ok()))
    }

    /// Every scope the store knows (devices that left the configuration included), by kind and
    /// id.
    pub fn scopes(&self) -> Result<Vec<NamedScope>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, key, name FROM scope ORDER BY kind, key")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut scopes = Vec::new();
        for row in rows {
            let (kind, key, name) = row?;
            let kind = ScopeKind::from_name(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown scope kind \"{kind}\"")))?;
            scopes.push(NamedScope {
                scope: Scope::new(kind, key),
                name,
            });
        }
        Ok(scopes)
    }

    /// The id and display name of a scope; [`StoreError::Invalid`] naming it when unknown.
    pub(crate) fn scope_id(&self, scope: &Scope) -> Result<(i64, String), StoreError> {
        self.conn
            .prepare_cached("SELECT id, name FROM scope WHERE kind = ?1 AND key = ?2")?
            .query_row(params![scope.kind.as_str(), scope.key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("unknown scope {scope}")))
    }

    /// The aggregates of `kind` that devices roll into now, by key.
    pub(crate) fn members_of(
        &self,
        kind: ScopeKind,
    ) -> Result<Vec<(i64, Scope, String)>, StoreError> {
        self.scopes_of_kind(
            "SELECT DISTINCT s.id, s.key, s.name FROM scope s
             JOIN membership m ON m.aggregate = s.id WHERE s.kind = ?1 ORDER BY s.key",
            params![kind.as_str()],
            kind,
        )
    }

    /// Runs a query whose rows are `(id, key, name)` of scopes of `kind`.
    pub(crate) fn scopes_of_kind(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        kind: ScopeKind,
    ) -> Result<Vec<(i64, Scope, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, key, name) = row?;
            out.push((id, Scope::new(kind, key), name));
        }
        Ok(out)
    }

    /// The number of devices rolling into an aggregate scope now.
    pub(crate) fn member_count(&self, aggregate: i64) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM membership WHERE aggregate = ?1")?
            .query_row([aggregate], |r| r.get(0))?)
    }

    /// The store's id of a point; `None` when nothing of it was ever stored.
    pub(crate) fn point_id(&self, point: Point) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM point WHERE name = ?1")?
            .query_row([point.name()], |r| r.get(0))
            .optional()?)
    }

    /// A rollup row's encoded slots.
    pub(crate) fn rollup(
        &self,
        level: i64,
        period: i64,
        scope: i64,
        point: i64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT slots FROM rollup
                 WHERE level = ?1 AND period = ?2 AND scope = ?3 AND point = ?4",
            )?
            .query_row(params![level, period, scope, point], |r| r.get(0))
            .optional()?)
    }

    /// The blocks of a device that may hold intervals starting in `[from, to)`:
    /// `(start, data)` by start.
    pub(crate) fn blocks(
        &self,
        device: i64,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(Timestamp, Vec<u8>)>, StoreError> {
        // A block spans at most one UTC day plus one interval.
        let earliest = from.as_second() - 2 * 86_400;
        let mut stmt = self.conn.prepare_cached(
            "SELECT start, data FROM block
             WHERE device = ?1 AND start >= ?2 AND start < ?3 ORDER BY start",
        )?;
        let rows = stmt.query_map(params![device, earliest, to.as_second()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (start, data) = row?;
            out.push((timestamp(start)?, data));
        }
        Ok(out)
    }

    /// Runs SQLite's full integrity check (it reads the whole database).
    pub fn integrity_check(&self, now: Timestamp) -> Result<IntegrityCheck, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check(100)")?;
        let messages: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(IntegrityCheck {
            checked_at: now,
            ok: messages.len() == 1 && messages[0] == "ok",
            messages,
        })
    }

    /// The health report at `now`; `buffered_values` comes from the writer.
    pub fn health(&self, now: Timestamp, buffered_values: u64) -> Result<HealthReport, StoreError> {
        let path = database_path(&self.dir);
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        let free_bytes = rustix::fs::statvfs(&self.dir)
            .map(|s| s.f_bavail.saturating_mul(s.f_frsize))
            .unwrap_or(0);
        let count = |name: &str| -> Result<u64, StoreError> {
            let n: i64 = self.conn.pragma_query_value(None, name, |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let pages = count("page_count")?;
        let free_pages = count("freelist_count")?;
        let day_ago = now.as_second() - 2 * 86_400;
        let pending: i64 = self.conn.query_row(
            "SELECT count(*) FROM block WHERE compacted = 0 AND start < ?1",
            [day_ago],
            |r| r.get(0),
        )?;
        let pending_compaction = u64::try_from(pending).unwrap_or(0);
        let integrity = match self.meta("integrity")? {
            Some(json) => Some(
                serde_json::from_str::<IntegrityRecord>(&json)
                    .map_err(|e| StoreError::Corrupt(format!("integrity record: {e}")))?
                    .into_check()?,
            ),
            None => None,
        };
        let last_backup = self
            .conn
            .query_row(
                "SELECT at, path, ok, message FROM backup ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, bool>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?
            .map(|(at, path, ok, message)| {
                Ok::<_, StoreError>(BackupInfo {
                    at: time_of_millis(at)?,
                    path: PathBuf::from(path),
                    ok,
                    message,
                })
            })
            .transpose()?;
        Ok(HealthReport {
            database_bytes: size(&path),
            wal_bytes: size(Path::new(&wal)),
            path,
            free_bytes,
            free_pages,
            pages,
            pending_compaction,
            needs_optimize: pending_compaction > 0 || (pages > 0 && free_pages * 10 > pages),
            integrity,
            last_backup,
            buffered_values,
        })
    }
}

/// The stored form of an [`IntegrityCheck`].
#[derive(serde::Deserialize)]
struct IntegrityRecord {
    checked_at: String,
    ok: bool,
    messages: Vec<String>,
}

impl IntegrityRecord {
    fn into_check(self) -> Result<IntegrityCheck, StoreError> {
        Ok(IntegrityCheck {
            checked_at: self
                .checked_at
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("integrity record time: {e}")))?,
            ok: self.ok,
            messages: self.messages,
        })
    }
}

impl RecordsReader for SqliteReader {
    fn site_config(&self, version: Option<u32>) -> Result<Option<ConfigVersion>, StoreError> {
        let row = match version {
            Some(v) => self
                .conn
                .query_row(
                    "SELECT version, saved_at, source, site_toml FROM site_config WHERE version = ?1",
                    [v],
                    config_row,
                )
                .optional()?,
            None => self
                .conn
                .query_row(
                    "SELECT version, saved_at, source, site_toml FROM site_config
                     ORDER BY version DESC LIMIT 1",
                    [],
                    config_row,
                )
                .optional()?,
        };
        row.map(ConfigRow::into_version).transpose()
    }

    fn config_versions(&self) -> Result<Vec<ConfigVersion>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT version, saved_at, source, '' FROM site_config ORDER BY version DESC",
        )?;
        let rows = stmt.query_map([], config_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row?.into_version()?);
        }
        Ok(out)
    }

    fn commissioned(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {}", commissioned_condition()), [], |r| {
                r.get(0)
            })?)
    }

    fn counter_boundaries(&self) -> Result<Vec<CounterBoundary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.key, p.name, c.boundary, c.value FROM counter_state c
             JOIN scope s ON s.id = c.device JOIN point p ON p.id = c.point
             ORDER BY s.key, p.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (device, point, boundary, value) = row?;
            let (Ok(device), Some(point)) = (DeviceId::new(&device), Point::from_name(&point))
            else {
                continue;
            };
            out.push(CounterBoundary {
                device,
                point,
                boundary: timestamp(boundary)?,
                value,
            });
        }
        Ok(out)
    }

    fn imported_prices(
        &self,
        commodity: Commodity,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(Timestamp, Timestamp, Price)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT start, end, price FROM imported_price
             WHERE commodity = ?1 AND start < ?3 AND end > ?2 ORDER BY start",
        )?;
        let rows = stmt.query_map(
            params![commodity.name(), from.as_second(), to.as_second()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        let mut entries = Vec::new();
        for row in rows {
            let (start, end, price) = row?;
            entries.push((timestamp(start)?, timestamp(end)?, Price(price)));
        }
        Ok(entries)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        let kinds = filter
            .kinds
            .iter()
            .map(|kind| SqlValue::Text(kind.as_str().to_owned()))
            .collect();
        let (sql, args) = LogQuery::new(
            "SELECT id, at, kind, severity, device, point, message, detail FROM event",
        )
        .page(filter.since, filter.until, filter.before_id)
        .and(
            "device = ?",
            filter
                .device
                .as_ref()
                .map(|d| SqlValue::Text(d.to_string())),
        )
        .and_in("kind", kinds)
        .newest_first(filter.limit.unwrap_or(100));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, kind, severity, device, point, message, detail) = row?;
            let kind: EventKind = kind
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
            let severity: Severity = severity
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
            let detail = match detail {
                Some(text) => serde_json::from_str(&text)
                    .map_err(|e| StoreError::Corrupt(format!("event {id} detail: {e}")))?,
                None => serde_json::Value::Null,
            };
            out.push(Event {
                id,
                event: NewEvent {
                    at: time_of_millis(at)?,
                    kind,
                    severity,
                    device: device.and_then(|d| DeviceId::new(&d).ok()),
                    point: point.and_then(|p| Point::from_name(&p)),
                    message,
                    detail,
                },
            });
        }
        Ok(out)
    }
}

struct ConfigRow {
    version: u32,
    saved_at: i64,
    source: String,
    toml: String,
}

fn config_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConfigRow> {
    Ok(ConfigRow {
        version: r.get(0)?,
        saved_at: r.get(1)?,
        source: r.get(2)?,
        toml: r.get(3)?,
    })
}

impl ConfigRow {
    fn into_version(self) -> Result<ConfigVersion, StoreError> {
        Ok(ConfigVersion {
            version: self.version,
            saved_at: time_of_millis(self.saved_at)?,
            source: self.source.parse::<ConfigSource>()?,
            site_toml: self.toml,
        })
    }
}
