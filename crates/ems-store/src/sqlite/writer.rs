//! The writer thread: interval records into blocks and rollups, events, configuration versions,
//! compaction, backups, and the in-memory buffer for when the storage cannot be written.

use super::accounts;
use super::connection::{backup_path, vacuum_into};
use super::costs::{CostDeltas, Filing, SitePricing};
use super::reader::{COMMISSIONED_KEY, commissioned_condition};
use super::reprice::reprice_days;
use super::{Command, StoreOptions};
use crate::calendar::{Calendar, SlotAddress, SlotCursor};
use crate::codec::{self, Slot};
use crate::error::StoreError;
use crate::event::{EventKind, NewEvent, Severity};
use crate::record::IntervalRecord;
use crate::scope::{Scope, ScopeKind, SiteLayout, rolls_into_aggregates};
use crate::store::{BackupInfo, ConfigSource, OptimizeReport, PriceImport, RepriceReport};
use ems_model::site::SiteTariffs;
use ems_model::tariff::{Commodity, DynamicPrices, Price};
use ems_model::{Clock, DeviceId, Point};
use ems_tariff::{DynamicPricer, PriceEntry};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

/// Records queued together up to this many values are written in one transaction.
const BATCH_VALUES: usize = 2_000_000;
/// Events kept in memory while the storage cannot be written.
const MAX_BUFFERED_EVENTS: usize = 10_000;
pub(super) const DAY_SECONDS: i64 = 86_400;

/// The rollup levels: hours of a local day, days of a local month, months of a local year.
pub(crate) const LEVEL_HOURS: i64 = 0;
/// See [`LEVEL_HOURS`].
pub(crate) const LEVEL_DAYS: i64 = 1;
/// See [`LEVEL_HOURS`].
pub(crate) const LEVEL_MONTHS: i64 = 2;

/// The scope ids and calendar the writer files records under, and what prices them.
pub(super) struct Layout {
    pub(super) calendar: Calendar,
    /// Device scope id → aggregate scope ids.
    pub(super) members: HashMap<i64, Vec<i64>>,
    /// The contracts of the latest site configuration.
    pub(super) pricing: SitePricing,
}

pub(crate) struct Writer {
    conn: Connection,
    ids: Ids,
    dir: PathBuf,
    options: StoreOptions,
    clock: Arc<dyn Clock>,
    layout: Option<Layout>,
    backlog: VecDeque<IntervalRecord>,
    backlog_values: usize,
    backlog_events: VecDeque<NewEvent>,
    unavailable_since: Option<Timestamp>,
    dropped_values: u64,
    next_compaction: Timestamp,
}

/// Ids of points and scopes, cached.
#[derive(Default)]
pub(super) struct Ids {
    points: HashMap<Point, i64>,
    scopes: HashMap<Scope, i64>,
}

type RollupKey = (i64, i64, i64, i64);

/// Runs `f` in a transaction; when it fails, reloads the ids it may have cached.
fn transaction<T>(
    conn: &mut Connection,
    ids: &mut Ids,
    f: impl FnOnce(&mut Ids, &Transaction<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let result = (|| {
        let tx = conn.transaction()?;
        let value = f(ids, &tx)?;
        tx.commit()?;
        Ok(value)
    })();
    if result.is_err() {
        // Ids cached during a rolled-back transaction may not exist.
        ids.load(conn)?;
    }
    result
}

/// Rollup changes of one transaction: (level, period, scope, point) → slot index → change.
#[derive(Default)]
struct RollupDeltas(HashMap<RollupKey, BTreeMap<usize, Slot>>);

impl RollupDeltas {
    /// Adds the change of one counter interval starting at `address` to the hour, day and month
    /// slots of its device and, for counters that are summed, of the device's aggregates.
    fn add_interval(
        &mut self,
        address: &SlotAddress,
        device: i64,
        aggregates: &[i64],
        point: Point,
        point_id: i64,
        delta: Slot,
    ) {
        let aggregates = if rolls_into_aggregates(point) {
            aggregates
        } else {
            &[]
        };
        for &scope in std::iter::once(&device).chain(aggregates) {
            self.add(
                (LEVEL_HOURS, i64::from(address.day), scope, point_id),
                usize::from(address.hour),
                delta,
            );
            self.add(
                (LEVEL_DAYS, i64::from(address.month), scope, point_id),
                usize::from(address.day_of_month),
                delta,
            );
            self.add(
                (LEVEL_MONTHS, i64::from(address.year), scope, point_id),
                usize::from(address.month_of_year),
                delta,
            );
        }
    }

    fn add(&mut self, key: RollupKey, index: usize, delta: Slot) {
        self.0
            .entry(key)
            .or_default()
            .entry(index)
            .or_default()
            .add(delta);
    }
}

/// The amount, coverage and estimated coverage of one counter interval, as a rollup slot.
fn slot_of(record: &IntervalRecord, point: Point) -> Slot {
    match record.counter(point) {
        Some(c) => {
            let minutes = i64::from(record.minutes);
            Slot {
                amount: c.delta,
                covered_minutes: minutes,
                estimated_minutes: if c.flags.estimated { minutes } else { 0 },
            }
        }
        None => Slot::default(),
    }
}

fn difference(new: Slot, old: Slot) -> Slot {
    Slot {
        amount: new.amount - old.amount,
        covered_minutes: new.covered_minutes - old.covered_minutes,
        estimated_minutes: new.estimated_minutes - old.estimated_minutes,
    }
}

/// A stored block of one device, decoded when a record falls into it.
pub(super) struct StoredBlock {
    id: i64,
    pub(super) start: i64,
    pub(super) minutes: i64,
    span: i64,
    pub(super) data: Vec<u8>,
    records: Option<Vec<IntervalRecord>>,
    dirty: bool,
}

impl StoredBlock {
    /// True when the block's grid has a position at `start` (whatever is stored there).
    fn has_slot_at(&self, start: Timestamp) -> bool {
        let step = self.minutes * 60;
        let offset = start.as_second() - self.start;
        step > 0 && offset >= 0 && offset % step == 0 && offset / step < self.span
    }

    /// True when `record` belongs at a position of the block's grid.
    fn holds(&self, record: &IntervalRecord) -> bool {
        let step = self.minutes * 60;
        let offset = record.start.as_second() - self.start;
        i64::from(record.minutes) == self.minutes
            && offset >= 0
            && offset % step == 0
            && offset / step < self.span
    }

    fn records(&mut self, device: &DeviceId) -> Result<&mut Vec<IntervalRecord>, StoreError> {
        if self.records.is_none() {
            let origin = timestamp(self.start)?;
            self.records = Some(codec::decode_block(device, origin, &self.data)?);
        }
        Ok(self.records.get_or_insert_with(Vec::new))
    }
}

pub(crate) fn timestamp(seconds: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(seconds)
        .map_err(|e| StoreError::Corrupt(format!("time {seconds} out of range: {e}")))
}

/// Splits records (sorted by start, one device) into runs that one block can hold: the same
/// length, on one grid.
fn pack(records: Vec<IntervalRecord>) -> Vec<(Timestamp, u16, Vec<IntervalRecord>)> {
    let mut runs: Vec<(Timestamp, u16, Vec<IntervalRecord>)> = Vec::new();
    for record in records {
        if let Some((origin, minutes, run)) = runs.last_mut() {
            let step = i64::from(*minutes) * 60;
            let offset = record.start.as_second() - origin.as_second();
            if record.minutes == *minutes && offset > 0 && offset % step == 0 {
                run.push(record);
                continue;
            }
        }
        runs.push((record.start, record.minutes, vec![record]));
    }
    runs
}

/// Drops statistics that cannot be stored (not finite) and puts points in order.
fn sanitized(record: &IntervalRecord) -> IntervalRecord {
    let mut r = record.clone();
    r.stats
        .retain(|s| s.mean.is_finite() && s.min.is_finite() && s.max.is_finite());
    r.stats.sort_by_key(|s| s.point);
    r.stats.dedup_by_key(|s| s.point);
    r.counters.sort_by_key(|c| c.point);
    r.counters.dedup_by_key(|c| c.point);
    r
}

impl Ids {
    fn load(&mut self, conn: &Connection) -> Result<(), StoreError> {
        self.points.clear();
        self.scopes.clear();
        let mut stmt = conn.prepare("SELECT id, name FROM point")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, name) = row?;
            if let Some(point) = Point::from_name(&name) {
                self.points.insert(point, id);
            }
        }
        let mut stmt = conn.prepare("SELECT id, kind, key FROM scope")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, kind, key) = row?;
            let kind = ScopeKind::from_name(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown scope kind \"{kind}\"")))?;
            self.scopes.insert(Scope::new(kind, key), id);
        }
        Ok(())
    }

    pub(super) fn point_id(
        &mut self,
        tx: &Transaction<'_>,
        point: Point,
    ) -> Result<i64, StoreError> {
        if let Some(id) = self.points.get(&point) {
            return Ok(*id);
        }
        tx.execute(
            "INSERT INTO point (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            [point.name()],
        )?;
        let id = tx.query_row(
            "SELECT id FROM point WHERE name = ?1",
            [point.name()],
            |r| r.get(0),
        )?;
        self.points.insert(point, id);
        Ok(id)
    }

    fn scope_id(
        &mut self,
        tx: &Transaction<'_>,
        scope: &Scope,
        name: Option<&str>,
    ) -> Result<i64, StoreError> {
        if let (Some(id), None) = (self.scopes.get(scope), name) {
            return Ok(*id);
        }
        let name = name.unwrap_or(&scope.key);
        tx.execute(
            "INSERT INTO scope (kind, key, name) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, key) DO UPDATE SET name = excluded.name",
            params![scope.kind.as_str(), scope.key, name],
        )?;
        let id = tx.query_row(
            "SELECT id FROM scope WHERE kind = ?1 AND key = ?2",
            params![scope.kind.as_str(), scope.key],
            |r| r.get(0),
        )?;
        self.scopes.insert(scope.clone(), id);
        Ok(id)
    }

    fn device_of(&self, scope_id: i64) -> Result<DeviceId, StoreError> {
        self.scopes
            .iter()
            .find(|(scope, id)| **id == scope_id && scope.kind == ScopeKind::Device)
            .and_then(|(scope, _)| DeviceId::new(&scope.key).ok())
            .ok_or_else(|| StoreError::Corrupt(format!("block of unknown device {scope_id}")))
    }
}

impl Writer {
    pub(crate) fn new(
        conn: Connection,
        dir: PathBuf,
        options: StoreOptions,
        clock: Arc<dyn Clock>,
    ) -> Result<Writer, StoreError> {
        let now = clock.now();
        let mut writer = Writer {
            conn,
            ids: Ids::default(),
            dir,
            options,
            clock,
            layout: None,
            backlog: VecDeque::new(),
            backlog_values: 0,
            backlog_events: VecDeque::new(),
            unavailable_since: None,
            dropped_values: 0,
            next_compaction: now,
        };
        writer.ids.load(&writer.conn)?;
        writer.load_layout()?;
        Ok(writer)
    }

    fn load_layout(&mut self) -> Result<(), StoreError> {
        let tz: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'time_zone'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(tz) = tz else {
            self.layout = None;
            return Ok(());
        };
        let tz = TimeZone::get(&tz)
            .map_err(|e| StoreError::Corrupt(format!("stored time zone \"{tz}\": {e}")))?;
        let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT device, aggregate FROM membership ORDER BY device, aggregate")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (device, aggregate) = row?;
            members.entry(device).or_default().push(aggregate);
        }
        let site_toml: Option<String> = self
            .conn
            .query_row(
                "SELECT site_toml FROM site_config ORDER BY version DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let pricing = match site_toml.map(|text| SiteTariffs::from_site_toml(&text)) {
            None => SitePricing::default(),
            Some(Ok(tariffs)) => {
                let conn = &self.conn;
                let imported = |commodity: Commodity| match imported_prices(conn, commodity) {
                    Ok(entries) => entries,
                    Err(e) => {
                        tracing::error!(error = %e, "the imported prices cannot be read");
                        Vec::new()
                    }
                };
                SitePricing::of(&tariffs, &tz, &imported)
            }
            Some(Err(errors)) => {
                tracing::error!(%errors, "the stored tariffs cannot be read; nothing is priced");
                SitePricing::default()
            }
        };
        self.layout = Some(Layout {
            calendar: Calendar::new(tz),
            members,
            pricing,
        });
        Ok(())
    }

    pub(crate) fn run(&mut self, commands: Receiver<Command>) {
        loop {
            let first = match commands.recv_timeout(self.options.retry_every) {
                Ok(command) => Some(command),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = self.write(Vec::new(), Vec::new());
                    return;
                }
            };
            let mut records = Vec::new();
            let mut events = Vec::new();
            let mut acks = Vec::new();
            let mut touches = Vec::new();
            let mut control = None;
            let mut values = 0;
            let mut next = first;
            while let Some(command) = next.take() {
                match command {
                    Command::Append { records: r, ack } => {
                        values += r.iter().map(IntervalRecord::value_count).sum::<usize>();
                        records.extend(r);
                        acks.extend(ack);
                    }
                    Command::Event { event, ack } => {
                        events.push(event);
                        acks.extend(ack);
                    }
                    Command::Touch(touch) => touches.push(touch),
                    other => {
                        control = Some(other);
                        break;
                    }
                }
                if values >= BATCH_VALUES {
                    break;
                }
                next = commands.try_recv().ok();
            }
            let result = self.write(records, events);
            for ack in acks {
                let _ = ack.send(result.clone());
            }
            accounts::apply_touches(&mut self.conn, &touches);
            if let Some(command) = control {
                self.handle(command);
            }
            if self.unavailable_since.is_none() && self.clock.now() >= self.next_compaction {
                self.next_compaction = self.clock.now() + jiff::SignedDuration::from_mins(10);
                if let Err(e) = self.compact() {
                    tracing::warn!(error = %e, "compaction failed");
                }
            }
        }
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Append { .. } | Command::Event { .. } => {}
            Command::SaveSite {
                layout,
                toml,
                source,
                ack,
            } => {
                let _ = ack.send(self.save_site(&layout, &toml, source));
            }
            Command::Flush { ack } => {
                let result = self.write(Vec::new(), Vec::new());
                let _ = ack.send(result);
            }
            Command::MarkCommissioned { ack } => {
                let _ = ack.send(self.mark_commissioned());
            }
            Command::Optimize { ack } => {
                let _ = ack.send(self.optimize());
            }
            Command::Backup { ack } => {
                let _ = ack.send(self.backup());
            }
            Command::RecordIntegrity { check, ack } => {
                let result = serde_json::to_string(&check)
                    .map_err(|e| StoreError::Database(e.to_string()))
                    .and_then(|json| {
                        self.conn.execute(
                            "INSERT INTO meta (key, value) VALUES ('integrity', ?1)
                             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            [json],
                        )?;
                        Ok(())
                    });
                let _ = ack.send(result);
            }
            Command::RebuildRollups { ack } => {
                let _ = ack.send(self.rebuild_rollups());
            }
            Command::ImportPrices {
                commodity,
                entries,
                by,
                ack,
            } => {
                let _ = ack.send(self.import_prices(commodity, entries, &by));
            }
            Command::Reprice { from, to, by, ack } => {
                let _ = ack.send(self.reprice(from, to, &by));
            }
            Command::BufferedValues { ack } => {
                let _ = ack.send(Ok(self.backlog_values as u64));
            }
            Command::Account(command) => {
                accounts::handle(&mut self.conn, self.clock.now(), command);
            }
            Command::Touch(touch) => accounts::apply_touches(&mut self.conn, &[touch]),
        }
    }

    /// Writes the buffered and the new records and events in one transaction; on a transient
    /// failure keeps them all in the buffer.
    fn write(
        &mut self,
        records: Vec<IntervalRecord>,
        events: Vec<NewEvent>,
    ) -> Result<(), StoreError> {
        for record in records {
            self.backlog_values += record.value_count();
            self.backlog.push_back(record);
        }
        self.backlog_events.extend(events);
        if self.backlog.is_empty() && self.backlog_events.is_empty() {
            return Ok(());
        }
        let now = self.clock.now();
        let records = self.backlog.make_contiguous();
        let events = &self.backlog_events;
        let (layout, options) = (self.layout.as_ref(), &self.options);
        let result = transaction(&mut self.conn, &mut self.ids, |ids, tx| {
            apply_records(ids, tx, layout, now, options, records)?;
            for event in events {
                insert_event(tx, event)?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                self.backlog.clear();
                self.backlog_values = 0;
                self.backlog_events.clear();
                if let Some(since) = self.unavailable_since.take() {
                    let now = self.clock.now();
                    tracing::info!(%since, "the storage is writable again");
                    let mut event = NewEvent::new(
                        now,
                        EventKind::StorageRecovered,
                        Severity::Info,
                        format!("the storage is writable again (unavailable since {since})"),
                    );
                    if self.dropped_values > 0 {
                        event = event.detail(serde_json::json!({
                            "dropped_values": self.dropped_values
                        }));
                    }
                    self.dropped_values = 0;
                    let _ = transaction(&mut self.conn, &mut self.ids, |_, tx| {
                        insert_event(tx, &event)
                    });
                }
                Ok(())
            }
            Err(e) if e.is_transient() => {
                let now = self.clock.now();
                if self.unavailable_since.is_none() {
                    self.unavailable_since = Some(now);
                    tracing::error!(error = %e, "the storage cannot be written; keeping values in memory");
                    self.backlog_events.push_back(NewEvent::new(
                        now,
                        EventKind::StorageUnavailable,
                        Severity::Error,
                        format!("the storage cannot be written, values are kept in memory: {e}"),
                    ));
                }
                self.trim_backlog(now);
                Err(e)
            }
            Err(e) => {
                tracing::error!(error = %e, records = self.backlog.len(), "records could not be stored and were dropped");
                let dropped = self.backlog_values;
                self.backlog.clear();
                self.backlog_values = 0;
                self.backlog_events.clear();
                let event = NewEvent::new(
                    self.clock.now(),
                    EventKind::RecordsDropped,
                    Severity::Error,
                    format!("{dropped} values could not be stored: {e}"),
                )
                .detail(serde_json::json!({ "dropped_values": dropped }));
                let _ = transaction(&mut self.conn, &mut self.ids, |_, tx| {
                    insert_event(tx, &event)
                });
                Err(e)
            }
        }
    }

    fn trim_backlog(&mut self, now: Timestamp) {
        let mut dropped = 0;
        while self.backlog_values > self.options.max_buffered_values {
            let Some(oldest) = self.backlog.pop_front() else {
                break;
            };
            self.backlog_values -= oldest.value_count();
            dropped += oldest.value_count();
        }
        while self.backlog_events.len() > MAX_BUFFERED_EVENTS {
            self.backlog_events.pop_front();
        }
        if dropped > 0 {
            self.dropped_values += dropped as u64;
            tracing::error!(dropped, "memory buffer full: oldest values dropped");
            self.backlog_events.push_back(
                NewEvent::new(
                    now,
                    EventKind::RecordsDropped,
                    Severity::Error,
                    format!("{dropped} values dropped: the storage stayed unavailable and the memory buffer is full"),
                )
                .detail(serde_json::json!({ "dropped_values": dropped })),
            );
        }
    }

    fn save_site(
        &mut self,
        layout: &SiteLayout,
        toml: &str,
        source: ConfigSource,
    ) -> Result<Option<u32>, StoreError> {
        // Checked before anything is written.
        TimeZone::get(&layout.time_zone).map_err(|e| {
            StoreError::Invalid(format!("site.time_zone \"{}\": {e}", layout.time_zone))
        })?;
        let now = self.clock.now();
        let (version, old_tz) = transaction(&mut self.conn, &mut self.ids, |ids, tx| {
            let latest: Option<(u32, String)> = tx
                .query_row(
                    "SELECT version, site_toml FROM site_config ORDER BY version DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let version = match &latest {
                Some((_, text)) if text == toml => None,
                _ => {
                    let version = latest.as_ref().map_or(1, |(v, _)| v + 1);
                    tx.execute(
                        "INSERT INTO site_config (version, saved_at, source, site_toml)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![version, now.as_millisecond(), source.as_str(), toml],
                    )?;
                    Some(version)
                }
            };
            let old_tz: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = 'time_zone'", [], |r| {
                    r.get(0)
                })
                .optional()?;
            for (key, value) in [
                ("time_zone", layout.time_zone.clone()),
                (
                    "sample_rate_minutes",
                    layout.sample_rate_minutes.to_string(),
                ),
            ] {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
            for named in &layout.scopes {
                ids.scope_id(tx, &named.scope, Some(&named.name))?;
            }
            tx.execute("DELETE FROM membership", [])?;
            for (device, aggregates) in &layout.memberships {
                let dev =
                    ids.scope_id(tx, &Scope::new(ScopeKind::Device, device.as_str()), None)?;
                for aggregate in aggregates {
                    let agg = ids.scope_id(tx, aggregate, None)?;
                    tx.execute(
                        "INSERT INTO membership (device, aggregate) VALUES (?1, ?2)
                         ON CONFLICT DO NOTHING",
                        params![dev, agg],
                    )?;
                }
            }
            if let Some(version) = version {
                let event = NewEvent::new(
                    now,
                    EventKind::ConfigChanged,
                    Severity::Info,
                    format!("site configuration version {version} saved ({source})"),
                )
                .detail(serde_json::json!({
                    "version": version,
                    "source": source.as_str(),
                    "time_zone": layout.time_zone,
                    "sample_rate_minutes": layout.sample_rate_minutes,
                }));
                insert_event(tx, &event)?;
            }
            Ok((version, old_tz))
        })?;
        self.load_layout()?;
        if old_tz.is_some_and(|old| old != layout.time_zone) {
            self.rebuild_rollups()?;
        }
        Ok(version)
    }

    /// Stores dynamic prices of a commodity (see [`crate::HistoryWriter::import_prices`]) and
    /// prices with them from now on.
    fn import_prices(
        &mut self,
        commodity: Commodity,
        entries: Vec<PriceEntry>,
        by: &str,
    ) -> Result<PriceImport, StoreError> {
        let (Some(first), Some(last_end)) = (entries.first(), entries.iter().map(|e| e.1).max())
        else {
            return Err(StoreError::Invalid(
                "there are no prices to import".to_owned(),
            ));
        };
        let from = first.0;
        let checked = DynamicPrices {
            entries: entries.clone(),
            surcharge: Price(0),
        };
        DynamicPricer::new(&checked).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let now = self.clock.now();
        let report = transaction(&mut self.conn, &mut self.ids, |_, tx| {
            let replaced = tx.execute(
                "DELETE FROM imported_price WHERE commodity = ?1 AND start < ?3 AND end > ?2",
                params![commodity.name(), from.as_second(), last_end.as_second()],
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO imported_price (commodity, start, end, price) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (start, end, price) in &entries {
                insert.execute(params![
                    commodity.name(),
                    start.as_second(),
                    end.as_second(),
                    price.micro()
                ])?;
            }
            let report = PriceImport {
                commodity: commodity.name(),
                imported: entries.len() as u64,
                replaced: replaced as u64,
                from,
                to: last_end,
            };
            let event = NewEvent::new(
                now,
                EventKind::PricesImported,
                Severity::Info,
                format!(
                    "{} {} prices from {from} to {last_end} imported by {by} ({} replaced)",
                    report.imported,
                    commodity.name(),
                    report.replaced
                ),
            )
            .detail(serde_json::json!({
                "commodity": commodity.name(),
                "imported": report.imported,
                "replaced": report.replaced,
                "from": from.to_string(),
                "to": last_end.to_string(),
                "by": by,
            }));
            insert_event(tx, &event)?;
            Ok(report)
        })?;
        self.load_layout()?;
        Ok(report)
    }

    /// Marks the site commissioned unless it is; true when it was not.
    fn mark_commissioned(&mut self) -> Result<bool, StoreError> {
        let marked = self.conn.execute(
            &format!(
                "INSERT INTO meta (key, value) SELECT ?1, ?2 WHERE NOT {}",
                commissioned_condition()
            ),
            params![
                COMMISSIONED_KEY,
                self.clock.now().as_millisecond().to_string()
            ],
        )?;
        Ok(marked == 1)
    }

    /// Merges the blocks of finished days into day blocks, one transaction per UTC day for all
    /// devices. Returns how many blocks were merged.
    fn compact(&mut self) -> Result<u64, StoreError> {
        let cutoff = (self.clock.now() - self.options.compaction_grace)
            .as_second()
            .div_euclid(DAY_SECONDS)
            * DAY_SECONDS;
        let mut days: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT start / 86400, device FROM block
                 WHERE compacted = 0 AND start < ?1",
            )?;
            let rows = stmt.query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                let (day, dev) = row?;
                days.entry(day).or_default().push(dev);
            }
        }
        let mut merged = 0;
        for (day, devices) in days {
            merged += transaction(&mut self.conn, &mut self.ids, |ids, tx| {
                let mut count = 0;
                for dev in devices {
                    count += compact_device_day(tx, &ids.device_of(dev)?, dev, day)?;
                }
                Ok(count)
            })?;
        }
        Ok(merged)
    }

    fn optimize(&mut self) -> Result<OptimizeReport, StoreError> {
        let compacted_blocks = self.compact()?;
        let page_size: i64 = self
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))?;
        let free_before: i64 = self
            .conn
            .pragma_query_value(None, "freelist_count", |r| r.get(0))?;
        self.conn.execute_batch(
            "PRAGMA optimize; PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);",
        )?;
        let free_after: i64 = self
            .conn
            .pragma_query_value(None, "freelist_count", |r| r.get(0))?;
        let report = OptimizeReport {
            compacted_blocks,
            freed_bytes: ((free_before - free_after).max(0) * page_size) as u64,
        };
        let event = NewEvent::new(
            self.clock.now(),
            EventKind::StoreOptimized,
            Severity::Info,
            format!(
                "store optimized: {} blocks compacted, {} bytes freed",
                report.compacted_blocks, report.freed_bytes
            ),
        );
        transaction(&mut self.conn, &mut self.ids, |_, tx| {
            insert_event(tx, &event)
        })?;
        Ok(report)
    }

    fn backup(&mut self) -> Result<BackupInfo, StoreError> {
        let now = self.clock.now();
        let path = backup_path(&self.dir, self.clock.as_ref(), "backup");
        let outcome = vacuum_into(&self.conn, &path);
        let info = BackupInfo {
            at: now,
            path: path.clone(),
            ok: outcome.is_ok(),
            message: outcome.as_ref().err().cloned(),
        };
        let event = NewEvent::new(
            now,
            EventKind::Backup,
            if info.ok {
                Severity::Info
            } else {
                Severity::Error
            },
            match &info.message {
                None => format!("backup written to {}", path.display()),
                Some(m) => format!("backup failed: {m}"),
            },
        );
        transaction(&mut self.conn, &mut self.ids, |_, tx| {
            tx.execute(
                "INSERT INTO backup (at, path, ok, message) VALUES (?1, ?2, ?3, ?4)",
                params![
                    now.as_millisecond(),
                    path.to_string_lossy(),
                    info.ok,
                    info.message
                ],
            )?;
            insert_event(tx, &event)
        })?;
        if info.ok {
            self.prune_backups();
        }
        Ok(info)
    }

    /// Keeps the newest `backups_kept` regular backups (backups taken before a format upgrade
    /// are kept).
    fn prune_backups(&self) {
        let dir = self.dir.join(super::BACKUP_DIR);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with("ems-backup-") && n.ends_with(".sqlite"))
            .collect();
        names.sort();
        let excess = names.len().saturating_sub(self.options.backups_kept);
        for name in names.into_iter().take(excess) {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }

    fn rebuild_rollups(&mut self) -> Result<(), StoreError> {
        let Some(layout) = self.layout.as_ref() else {
            return Ok(());
        };
        let now = self.clock.now();
        transaction(&mut self.conn, &mut self.ids, |ids, tx| {
            tx.execute("DELETE FROM rollup", [])?;
            tx.execute("DELETE FROM cost_rollup", [])?;
            let devices: Vec<i64> = {
                let mut stmt = tx.prepare("SELECT DISTINCT device FROM block")?;
                stmt.query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?
            };
            let mut books = layout.pricing.books();
            for dev in devices {
                let device = ids.device_of(dev)?;
                let aggregates = layout.members.get(&dev).cloned().unwrap_or_default();
                let blocks = load_blocks(tx, dev, i64::MIN / 2, i64::MAX / 2, ALL_BLOCKS)?;
                let mut rollups = RollupDeltas::default();
                let mut own_costs = CostDeltas::default();
                let mut slots = SlotCursor::new(&layout.calendar);
                for mut block in blocks {
                    for record in block.records(&device)?.iter() {
                        let address = slots.slot(record.start);
                        for c in &record.counters {
                            let pid = ids.point_id(tx, c.point)?;
                            let slot = slot_of(record, c.point);
                            rollups.add_interval(&address, dev, &aggregates, c.point, pid, slot);
                            if let Some(book) = books.of(c.point) {
                                let at = Filing {
                                    address: &address,
                                    device: dev,
                                    point: c.point,
                                    point_id: pid,
                                };
                                own_costs.add_record(book, &at, record, 1);
                            }
                        }
                    }
                }
                apply_rollups(tx, rollups)?;
                let mut costs = CostDeltas::default();
                costs.absorb(own_costs, &aggregates);
                costs.apply(tx)?;
            }
            insert_event(
                tx,
                &NewEvent::new(
                    now,
                    EventKind::RollupsRebuilt,
                    Severity::Info,
                    "rollups rebuilt from the interval records, costs priced with the contracts in force",
                ),
            )
        })
    }

    /// Prices the intervals of the local days `from..=to` again (see
    /// [`crate::Maintenance::reprice`]), a month at a time so that memory stays small, in one
    /// transaction.
    fn reprice(&mut self, from: Date, to: Date, by: &str) -> Result<RepriceReport, StoreError> {
        if to < from {
            return Err(StoreError::Invalid(format!(
                "the period to price again ends ({to}) before it starts ({from})"
            )));
        }
        let Some(layout) = self.layout.as_ref() else {
            return Err(StoreError::Invalid(
                "no site configuration is saved in the store yet".to_owned(),
            ));
        };
        let now = self.clock.now();
        transaction(&mut self.conn, &mut self.ids, |ids, tx| {
            let devices: Vec<(i64, Arc<str>)> = ids
                .scopes
                .iter()
                .filter(|(scope, _)| scope.kind == ScopeKind::Device)
                .map(|(scope, id)| (*id, Arc::from(scope.key.as_str())))
                .collect();
            let intervals = reprice_days(ids, tx, layout, &devices, (from, to))?;
            let event = NewEvent::new(
                now,
                EventKind::CostsRepriced,
                Severity::Info,
                format!("costs from {from} to {to} priced again by {by} ({intervals} intervals)"),
            )
            .detail(serde_json::json!({
                "from": from.to_string(),
                "to": to.to_string(),
                "by": by,
                "intervals": intervals,
            }));
            insert_event(tx, &event)?;
            Ok(RepriceReport {
                from,
                to,
                intervals,
            })
        })
    }
}

fn apply_records(
    ids: &mut Ids,
    tx: &Transaction<'_>,
    layout: Option<&Layout>,
    now: Timestamp,
    options: &StoreOptions,
    records: &[IntervalRecord],
) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let Some(layout) = layout else {
        return Err(StoreError::Invalid(
            "no site configuration is saved in the store yet".to_owned(),
        ));
    };
    let calendar = &layout.calendar;
    let mut by_device: BTreeMap<&DeviceId, Vec<IntervalRecord>> = BTreeMap::new();
    for record in records {
        by_device
            .entry(&record.device)
            .or_default()
            .push(sanitized(record));
    }
    let mut rollups = RollupDeltas::default();
    let mut costs = CostDeltas::default();
    let mut books = layout.pricing.books();
    let mut slots = SlotCursor::new(calendar);
    for (device, mut records) in by_device {
        records.sort_by_key(|r| r.start);
        let device_scope = Scope::new(ScopeKind::Device, device.as_str());
        let dev = ids.scope_id(tx, &device_scope, None)?;
        let members = layout.members.get(&dev).cloned().unwrap_or_default();
        let mut own_costs = CostDeltas::default();
        let (Some(first), Some(last)) = (records.first(), records.last()) else {
            continue;
        };
        // A block holds records of the UTC day it starts in only.
        let mut blocks = load_blocks(
            tx,
            dev,
            first.start.as_second().div_euclid(DAY_SECONDS) * DAY_SECONDS,
            last.start.as_second(),
            // A one-record block holds only its own start: those before the first record
            // can hold none of these.
            first.start.as_second(),
        )?;
        let mut fresh: BTreeMap<Timestamp, IntervalRecord> = BTreeMap::new();
        let mut boundaries: HashMap<Point, (Timestamp, i64)> = HashMap::new();
        for record in records {
            // A stored record at the same start but of another length is replaced, not merged.
            let mut replaced = None;
            if let Some(block) = blocks.iter_mut().find(|b| b.has_slot_at(record.start)) {
                let stored = block.records(device)?;
                if let Ok(i) = stored.binary_search_by_key(&record.start, |r| r.start)
                    && stored[i].minutes != record.minutes
                {
                    replaced = Some(stored.remove(i));
                    block.dirty = true;
                }
            }
            if let Some(existing) = fresh.get(&record.start)
                && existing.minutes != record.minutes
            {
                replaced = fresh.remove(&record.start);
            }
            let (old, new) = match blocks.iter_mut().find(|b| b.holds(&record)) {
                Some(block) => {
                    block.dirty = true;
                    let stored = block.records(device)?;
                    match stored.binary_search_by_key(&record.start, |r| r.start) {
                        Ok(i) => {
                            let old = stored[i].clone();
                            stored[i].merge(&record);
                            (Some(old), stored[i].clone())
                        }
                        Err(i) => {
                            stored.insert(i, record.clone());
                            (replaced, record)
                        }
                    }
                }
                None => match fresh.get_mut(&record.start) {
                    Some(existing) => {
                        let old = existing.clone();
                        existing.merge(&record);
                        (Some(old), existing.clone())
                    }
                    None => {
                        fresh.insert(record.start, record.clone());
                        (replaced, record)
                    }
                },
            };
            for c in &new.counters {
                let end = new.end();
                let entry = boundaries.entry(c.point).or_insert((end, c.end_value));
                if end >= entry.0 {
                    *entry = (end, c.end_value);
                }
            }
            let address = slots.slot(new.start);
            let mut points: Vec<Point> = new.counters.iter().map(|c| c.point).collect();
            if let Some(old) = &old {
                points.extend(old.counters.iter().map(|c| c.point));
            }
            points.sort();
            points.dedup();
            for point in points {
                let delta = difference(
                    slot_of(&new, point),
                    old.as_ref().map(|o| slot_of(o, point)).unwrap_or_default(),
                );
                if delta == Slot::default() {
                    continue;
                }
                let pid = ids.point_id(tx, point)?;
                rollups.add_interval(&address, dev, &members, point, pid, delta);
                if let Some(book) = books.of(point) {
                    let at = Filing {
                        address: &address,
                        device: dev,
                        point,
                        point_id: pid,
                    };
                    own_costs.add_record(book, &at, &new, 1);
                    if let Some(old) = &old {
                        own_costs.add_record(book, &at, old, -1);
                    }
                }
            }
        }
        costs.absorb(own_costs, &members);
        for (point, (boundary, value)) in boundaries {
            let pid = ids.point_id(tx, point)?;
            tx.prepare_cached(
                "INSERT INTO counter_state (device, point, boundary, value)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (device, point) DO UPDATE
                     SET boundary = excluded.boundary, value = excluded.value
                     WHERE excluded.boundary >= counter_state.boundary",
            )?
            .execute(params![dev, pid, boundary.as_second(), value])?;
        }
        write_device_blocks(tx, device, dev, blocks, fresh, now, options)?;
    }
    apply_rollups(tx, rollups)?;
    costs.apply(tx)?;
    Ok(())
}

/// Merges the blocks of one device in one UTC day into day blocks. Returns how many blocks were
/// merged.
fn compact_device_day(
    tx: &Transaction<'_>,
    device: &DeviceId,
    dev: i64,
    day: i64,
) -> Result<u64, StoreError> {
    let blocks = load_blocks(
        tx,
        dev,
        day * DAY_SECONDS,
        (day + 1) * DAY_SECONDS - 1,
        ALL_BLOCKS,
    )?;
    let count = blocks.len() as u64;
    let mut by_start: BTreeMap<Timestamp, IntervalRecord> = BTreeMap::new();
    for mut block in blocks {
        tx.prepare_cached("DELETE FROM block WHERE id = ?1")?
            .execute([block.id])?;
        for record in block.records(device)?.drain(..) {
            match by_start.get_mut(&record.start) {
                Some(existing) => existing.merge(&record),
                None => {
                    by_start.insert(record.start, record);
                }
            }
        }
    }
    for (origin, minutes, run) in pack(by_start.into_values().collect()) {
        insert_block(tx, dev, origin, minutes, &run, true)?;
    }
    Ok(count)
}

/// `open_from` for [`load_blocks`]: every block of the range.
pub(super) const ALL_BLOCKS: i64 = i64::MIN / 2;

/// The blocks of a device starting in `[from, to]`: every day block, and the one-record blocks
/// (of days not yet compacted) starting at or after `open_from`.
pub(super) fn load_blocks(
    tx: &Transaction<'_>,
    dev: i64,
    from: i64,
    to: i64,
    open_from: i64,
) -> Result<Vec<StoredBlock>, StoreError> {
    // Two statements rather than a compound one: SQLite re-prepares a compound statement when
    // its bindings change. The index is named because the planner prefers (device, start),
    // which walks the day's one-record blocks to find the day blocks.
    let mut blocks = Vec::new();
    for (sql, from) in [
        (
            "SELECT id, start, minutes, span, data FROM block INDEXED BY block_kind
             WHERE device = ?1 AND compacted = 1 AND start >= ?2 AND start <= ?3",
            from,
        ),
        (
            "SELECT id, start, minutes, span, data FROM block INDEXED BY block_kind
             WHERE device = ?1 AND compacted = 0 AND start >= ?2 AND start <= ?3",
            from.max(open_from),
        ),
    ] {
        let mut stmt = tx.prepare_cached(sql)?;
        let rows = stmt.query_map(params![dev, from, to], |r| {
            Ok(StoredBlock {
                id: r.get(0)?,
                start: r.get(1)?,
                minutes: r.get(2)?,
                span: r.get(3)?,
                data: r.get(4)?,
                records: None,
                dirty: false,
            })
        })?;
        for block in rows {
            blocks.push(block?);
        }
    }
    blocks.sort_by_key(|b| b.start);
    Ok(blocks)
}

fn insert_block(
    tx: &Transaction<'_>,
    dev: i64,
    origin: Timestamp,
    minutes: u16,
    records: &[IntervalRecord],
    compacted: bool,
) -> Result<(), StoreError> {
    let data = codec::encode_block(minutes, origin, records)?;
    let header = codec::block_header(&data)?;
    tx.prepare_cached(
        "INSERT INTO block (device, start, minutes, span, compacted, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        dev,
        origin.as_second(),
        minutes,
        header.span,
        compacted,
        data
    ])?;
    Ok(())
}

/// Writes back the blocks that changed and stores the records that fell into no block: as day
/// blocks when their UTC day is over (merged with what the day already holds), else one block
/// per record until the day is compacted.
fn write_device_blocks(
    tx: &Transaction<'_>,
    device: &DeviceId,
    dev: i64,
    mut blocks: Vec<StoredBlock>,
    fresh: BTreeMap<Timestamp, IntervalRecord>,
    now: Timestamp,
    options: &StoreOptions,
) -> Result<(), StoreError> {
    // Blocks emptied by a replacement go first: a new record may take their start.
    for block in blocks.iter_mut().filter(|b| b.dirty) {
        if block.records(device)?.is_empty() {
            tx.prepare_cached("DELETE FROM block WHERE id = ?1")?
                .execute([block.id])?;
            block.dirty = false;
            block.id = -1;
        }
    }
    let closed_before = (now - options.compaction_grace)
        .as_second()
        .div_euclid(DAY_SECONDS)
        * DAY_SECONDS;
    let mut by_day: BTreeMap<i64, Vec<IntervalRecord>> = BTreeMap::new();
    for (start, record) in fresh {
        by_day
            .entry(start.as_second().div_euclid(DAY_SECONDS))
            .or_default()
            .push(record);
    }
    for (day, records) in by_day {
        let day_start = day * DAY_SECONDS;
        if day_start + DAY_SECONDS <= closed_before {
            let mut all: BTreeMap<Timestamp, IntervalRecord> = BTreeMap::new();
            for block in blocks
                .iter_mut()
                .filter(|b| b.start >= day_start && b.start < day_start + DAY_SECONDS)
            {
                tx.prepare_cached("DELETE FROM block WHERE id = ?1")?
                    .execute([block.id])?;
                for record in block.records(device)?.drain(..) {
                    all.insert(record.start, record);
                }
                block.dirty = false;
                block.id = -1;
            }
            // One-record blocks of the day that were not loaded join the day block too.
            let loaded: Vec<i64> = blocks.iter().map(|b| b.id).collect();
            for mut block in
                load_blocks(tx, dev, day_start, day_start + DAY_SECONDS - 1, ALL_BLOCKS)?
                    .into_iter()
                    .filter(|b| !loaded.contains(&b.id))
            {
                tx.prepare_cached("DELETE FROM block WHERE id = ?1")?
                    .execute([block.id])?;
                for record in block.records(device)?.drain(..) {
                    all.insert(record.start, record);
                }
            }
            for record in records {
                match all.get_mut(&record.start) {
                    Some(existing) => existing.merge(&record),
                    None => {
                        all.insert(record.start, record);
                    }
                }
            }
            for (origin, minutes, run) in pack(all.into_values().collect()) {
                insert_block(tx, dev, origin, minutes, &run, true)?;
            }
        } else {
            for record in records {
                insert_block(tx, dev, record.start, record.minutes, &[record], false)?;
            }
        }
    }
    for block in blocks.iter_mut().filter(|b| b.dirty && b.id >= 0) {
        let origin = timestamp(block.start)?;
        let minutes = u16::try_from(block.minutes)
            .map_err(|_| StoreError::Corrupt(format!("block of {} minutes", block.minutes)))?;
        let records = block.records(device)?;
        let data = codec::encode_block(minutes, origin, records)?;
        let header = codec::block_header(&data)?;
        tx.prepare_cached("UPDATE block SET data = ?1, span = ?2 WHERE id = ?3")?
            .execute(params![data, header.span, block.id])?;
    }
    Ok(())
}

fn apply_rollups(tx: &Transaction<'_>, rollups: RollupDeltas) -> Result<(), StoreError> {
    let mut select = tx.prepare_cached(
        "SELECT slots FROM rollup WHERE level = ?1 AND period = ?2 AND scope = ?3 AND point = ?4",
    )?;
    let mut upsert = tx.prepare_cached(
        "INSERT INTO rollup (level, period, scope, point, slots) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (level, period, scope, point) DO UPDATE SET slots = excluded.slots",
    )?;
    let mut delete = tx.prepare_cached(
        "DELETE FROM rollup WHERE level = ?1 AND period = ?2 AND scope = ?3 AND point = ?4",
    )?;
    for ((level, period, scope, point), changes) in rollups.0 {
        let key = params![level, period, scope, point];
        let stored: Option<Vec<u8>> = select.query_row(key, |r| r.get(0)).optional()?;
        let mut slots = match stored {
            Some(bytes) => codec::decode_slots(&bytes)?,
            None => Vec::new(),
        };
        for (index, change) in changes {
            if slots.len() <= index {
                slots.resize(index + 1, Slot::default());
            }
            slots[index].add(change);
        }
        while slots.last().is_some_and(Slot::is_empty) {
            slots.pop();
        }
        if slots.is_empty() {
            delete.execute(key)?;
        } else {
            upsert.execute(params![
                level,
                period,
                scope,
                point,
                codec::encode_slots(&slots)
            ])?;
        }
    }
    Ok(())
}

/// The prices imported for `commodity`, sorted by start.
fn imported_prices(conn: &Connection, commodity: Commodity) -> Result<Vec<PriceEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, price FROM imported_price WHERE commodity = ?1 ORDER BY start",
    )?;
    let rows = stmt.query_map([commodity.name()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (start, end, price) = row?;
        entries.push((timestamp(start)?, timestamp(end)?, Price(price)));
    }
    Ok(entries)
}

pub(crate) fn insert_event(tx: &Transaction<'_>, event: &NewEvent) -> Result<(), StoreError> {
    let detail = if event.detail.is_null() {
        None
    } else {
        Some(event.detail.to_string())
    };
    tx.prepare_cached(
        "INSERT INTO event (at, kind, severity, device, point, message, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        event.at.as_millisecond(),
        event.kind.as_str(),
        event.severity.as_str(),
        event.device.as_ref().map(DeviceId::as_str),
        event.point.map(Point::name),
        event.message,
        detail
    ])?;
    Ok(())
}
