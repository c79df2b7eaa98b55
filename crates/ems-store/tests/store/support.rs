//! A store in a temporary directory, a small site, and builders of interval records.

use ems_model::site::{
    Device, Link, MeasureGroup, PanelBoard, SiteConfig, SiteSettings, TcpTransport, Transport,
};
use ems_model::{DeviceId, ManualClock, Point};
use ems_store::HistoryWriter;
use ems_store::calendar::{Period, PeriodKind};
use ems_store::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::{DATABASE_FILE, SqliteReader, SqliteStore, StoreOptions};
use ems_store::store::ConfigSource;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use tempfile::TempDir;

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub fn point(name: &str) -> Point {
    Point::from_name(name).unwrap()
}

pub fn energy() -> Point {
    point("energy_active_import")
}

pub fn device(id: &str) -> Scope {
    Scope::new(ScopeKind::Device, id)
}

pub fn load(id: &str) -> Scope {
    Scope::new(ScopeKind::Load, id)
}

pub fn day(y: i16, m: i8, d: i8) -> Period {
    Period::containing(PeriodKind::Day, Date::new(y, m, d).unwrap())
}

pub fn month(y: i16, m: i8) -> Period {
    Period::containing(PeriodKind::Month, Date::new(y, m, 1).unwrap())
}

pub fn year(y: i16) -> Period {
    Period::containing(PeriodKind::Year, Date::new(y, 1, 1).unwrap())
}

/// The ten years ending with `y`.
pub fn decade(y: i16) -> Period {
    Period::containing(PeriodKind::Decade, Date::new(y, 1, 1).unwrap())
}

/// A plant in Rome, sampled every 15 minutes:
/// - `main`, the grid meter, excluded from totals (its load says heating, which must not
///   count);
/// - `heat` (load heating, group tenant_a, panel board pb1);
/// - `light` (load lighting, groups tenant_a and tenant_b);
/// - `misc` (no load: "others", group tenant_b);
/// - `gas`, a gas meter (no load: "others").
pub fn plant() -> SiteConfig {
    let mut site = SiteConfig::new(SiteSettings::new("Plant", "Europe/Rome"));
    site.links.insert(
        "tcp".to_owned(),
        Link::new(Transport::ModbusTcp(TcpTransport::new("10.0.0.2"))),
    );
    site.groups
        .insert("tenant_a".to_owned(), MeasureGroup::new("Tenant A"));
    site.groups
        .insert("tenant_b".to_owned(), MeasureGroup::new("Tenant B"));
    site.panel_boards
        .insert("pb1".to_owned(), PanelBoard::new("Board 1"));
    let mut main = Device::new("Main meter", "eastron.sdm630", "tcp", 1);
    main.exclude_from_totals = true;
    main.load = Some("heating".to_owned());
    let mut heat = Device::new("Heat pump", "eastron.sdm630", "tcp", 2);
    heat.load = Some("heating".to_owned());
    heat.groups = vec!["tenant_a".to_owned()];
    heat.panel_board = Some("pb1".to_owned());
    let mut light = Device::new("Lighting", "eastron.sdm630", "tcp", 3);
    light.load = Some("lighting".to_owned());
    light.groups = vec!["tenant_a".to_owned(), "tenant_b".to_owned()];
    let mut misc = Device::new("Workshop", "eastron.sdm630", "tcp", 4);
    misc.groups = vec!["tenant_b".to_owned()];
    let gas = Device::new("Gas meter", "generic", "tcp", 5);
    for (id, d) in [
        ("main", main),
        ("heat", heat),
        ("light", light),
        ("misc", misc),
        ("gas", gas),
    ] {
        site.devices.insert(DeviceId::new(id).unwrap(), d);
    }
    site
}

/// A store in a temporary directory with the plant saved, its clock at `now`.
pub struct Fixture {
    pub dir: TempDir,
    pub store: SqliteStore,
    pub clock: Arc<ManualClock>,
}

impl Fixture {
    pub fn new(now: &str) -> Fixture {
        Fixture::with_site(now, &plant())
    }

    pub fn with_site(now: &str, site: &SiteConfig) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(ts(now)));
        let store = SqliteStore::open(dir.path(), StoreOptions::default(), clock.clone()).unwrap();
        store.save_site(site, ConfigSource::Seed).unwrap();
        Fixture { dir, store, clock }
    }

    pub fn append(&self, records: Vec<IntervalRecord>) {
        self.store.append(records).unwrap();
    }

    pub fn reader(&self) -> SqliteReader {
        self.store.reader().unwrap()
    }

    /// A separate read-write connection to the database file.
    pub fn raw_connection(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(self.dir.path().join(DATABASE_FILE)).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        conn
    }
}

/// A 15-minute record of `device` starting at `start` with one counter.
pub fn counter(device: &str, start: Timestamp, point: Point, delta: i64) -> IntervalRecord {
    let mut r = IntervalRecord::new(DeviceId::new(device).unwrap(), start, 15);
    r.set_counter(CounterInterval {
        point,
        end_value: 1_000_000 + delta,
        delta,
        flags: CounterFlags::default(),
    });
    r
}

/// Like [`counter`] for active energy.
pub fn wh(device: &str, start: &str, delta: i64) -> IntervalRecord {
    counter(device, ts(start), energy(), delta)
}

/// `n` consecutive 15-minute records of active energy from `start`, each of `delta` Wh.
pub fn wh_run(device: &str, start: &str, n: i64, delta: i64) -> Vec<IntervalRecord> {
    (0..n)
        .map(|i| {
            counter(
                device,
                ts(start) + SignedDuration::from_mins(15 * i),
                energy(),
                delta,
            )
        })
        .collect()
}

/// Marks every counter of a record as estimated (spread over an outage).
pub fn estimated(mut r: IntervalRecord) -> IntervalRecord {
    for c in &mut r.counters {
        c.flags.estimated = true;
    }
    r
}

/// A 15-minute record of `device` starting at `start` with statistics only.
pub fn stats(
    device: &str,
    start: Timestamp,
    point: Point,
    mean: f64,
    min: f64,
    max: f64,
) -> IntervalRecord {
    let mut r = IntervalRecord::new(DeviceId::new(device).unwrap(), start, 15);
    r.set_stat(StatInterval {
        point,
        mean,
        min,
        max,
    });
    r
}
