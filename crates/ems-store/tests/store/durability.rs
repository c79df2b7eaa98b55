//! Durability: acknowledged records survive SIGKILL at any moment, the database always
//! reopens intact, and a full database holds records in memory until space is freed.

use ems_model::site::{Device, Link, SiteConfig, SiteSettings, TcpTransport, Transport};
use ems_model::{Clock, DeviceId, ManualClock, Point, SystemClock};
use ems_store::calendar::{Period, PeriodKind};
use ems_store::event::{EventFilter, EventKind};
use ems_store::query::{HistogramQuery, HistoryReader, IntervalsQuery};
use ems_store::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::{SqliteReader, SqliteStore, StoreOptions};
use ems_store::{HistoryWriter, Maintenance, RecordsReader, StoreError};
use jiff::{SignedDuration, Timestamp};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const DEVICES: &[&str] = &["main", "hvac", "lighting"];
const CHILD_DIR: &str = "EMS_STORE_KILL_CHILD_DIR";
const CHILD_FROM: &str = "EMS_STORE_KILL_CHILD_FROM";
const CHILD_BASE: &str = "EMS_STORE_KILL_CHILD_BASE";
const THIS_TEST: &str =
    "durability::a_writer_acknowledges_every_batch_and_a_child_writer_runs_until_killed";

fn point(name: &str) -> Point {
    Point::from_name(name).unwrap()
}

fn site() -> SiteConfig {
    let mut site = SiteConfig::new(SiteSettings::new("Kill test", "Europe/Rome"));
    site.links.insert(
        "tcp".to_owned(),
        Link::new(Transport::ModbusTcp(TcpTransport::new("127.0.0.1"))),
    );
    for (unit, id) in DEVICES.iter().enumerate() {
        site.devices.insert(
            DeviceId::new(id).unwrap(),
            Device::new(*id, "eastron.sdm630", "tcp", unit as u8 + 1),
        );
    }
    site
}

/// The records of interval `i` for every device: 250 Wh per interval, a voltage.
fn batch(base: Timestamp, i: i64) -> Vec<IntervalRecord> {
    let start = base + SignedDuration::from_mins(15 * i);
    DEVICES
        .iter()
        .map(|id| {
            let mut r = IntervalRecord::new(DeviceId::new(id).unwrap(), start, 15);
            r.set_counter(CounterInterval {
                point: point("energy_active_import"),
                end_value: 1_000 + 250 * (i + 1),
                delta: 250,
                flags: CounterFlags::default(),
            });
            r.set_stat(StatInterval {
                point: point("voltage_l1"),
                mean: 230.0 + (i % 7) as f64 * 0.1,
                min: 228.5,
                max: 232.25,
            });
            r
        })
        .collect()
}

fn base_of(now: Timestamp) -> Timestamp {
    // Three days back, so that the first batches fall in finished days (written straight
    // into day blocks) and later ones in open days (one block per interval).
    let day = 86_400;
    Timestamp::from_second((now.as_second() / day - 3) * day).unwrap()
}

/// Checks the store in `dir` after a kill: intact, every acknowledged interval present, and the
/// rollups equal to the sum of the stored intervals.
fn verify(dir: &Path, base: Timestamp, acknowledged: i64) -> i64 {
    let reader = SqliteReader::open(dir).unwrap();
    let check = reader.integrity_check(Timestamp::now()).unwrap();
    assert!(check.ok, "integrity check failed: {:?}", check.messages);
    let to = base + SignedDuration::from_mins(15 * (acknowledged + 1_000));
    let mut stored = 0;
    for id in DEVICES {
        let device = DeviceId::new(id).unwrap();
        let records = reader
            .intervals(&IntervalsQuery {
                device: device.clone(),
                from: base,
                to,
            })
            .unwrap()
            .intervals;
        for i in 0..acknowledged {
            let start = base + SignedDuration::from_mins(15 * i);
            assert!(
                records.iter().any(|r| r.start == start),
                "acknowledged interval {i} of {id} is missing"
            );
        }
        let sum: i64 = records
            .iter()
            .filter_map(|r| r.counter(point("energy_active_import")))
            .map(|c| c.delta)
            .sum();
        assert_eq!(
            sum,
            250 * records.len() as i64,
            "{id}: doubled or lost energy"
        );
        let decade = Period::containing(
            PeriodKind::Decade,
            reader.calendar().unwrap().date(Timestamp::now()),
        );
        let histogram = reader
            .histogram(&HistogramQuery {
                scope: Scope::new(ScopeKind::Device, *id),
                point: point("energy_active_import"),
                period: decade,
            })
            .unwrap();
        assert_eq!(
            histogram.current.total.unwrap_or(0),
            sum,
            "{id}: rollups disagree with the interval records"
        );
        stored = records.len() as i64;
    }
    stored
}

/// Appends batches one by one. As a child of the kill test, runs until killed and prints
/// `ack <i>` after each acknowledged batch; otherwise writes 50 batches and checks them.
#[test]
fn a_writer_acknowledges_every_batch_and_a_child_writer_runs_until_killed() {
    let child_dir = std::env::var_os(CHILD_DIR);
    let owned_dir;
    let (dir, from, base, batches) = match &child_dir {
        Some(dir) => {
            let from: i64 = std::env::var(CHILD_FROM).unwrap().parse().unwrap();
            let base: Timestamp = std::env::var(CHILD_BASE).unwrap().parse().unwrap();
            (Path::new(dir), from, base, i64::MAX)
        }
        None => {
            owned_dir = tempfile::tempdir().unwrap();
            (owned_dir.path(), 0, base_of(Timestamp::now()), 50)
        }
    };
    let store = SqliteStore::open(dir, StoreOptions::default(), Arc::new(SystemClock)).unwrap();
    store
        .save_site(&site(), ems_store::store::ConfigSource::Seed)
        .unwrap();
    let mut i = from;
    while i < from.saturating_add(batches) {
        store.append(batch(base, i)).unwrap();
        if child_dir.is_some() {
            println!("ack {i}");
            if i % 40 == 39 {
                store.optimize().unwrap();
            }
        }
        i += 1;
    }
    store.close().unwrap();
    assert_eq!(verify(dir, base, batches), batches);
}

#[test]
fn acknowledged_records_survive_sigkill_and_the_store_always_reopens_intact() {
    let kills: u32 = if std::env::var_os("EMS_SOAK").is_some() {
        200
    } else {
        20
    };
    let dir = tempfile::tempdir().unwrap();
    let base = base_of(Timestamp::now());
    let exe = std::env::current_exe().unwrap();
    let mut acknowledged = 0i64;
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for kill in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Restart a little before the last acknowledgement: the overlap is merged, not doubled.
        let from = (acknowledged - (seed % 3) as i64).max(0);
        let mut child = Command::new(&exe)
            .args([THIS_TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_DIR, dir.path())
            .env(CHILD_FROM, from.to_string())
            .env(CHILD_BASE, base.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wanted = 1 + (seed % 12) as i64;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < wanted {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("kill {kill}: the child stopped before {wanted} acks"))
                .unwrap();
            if let Some(n) = line.strip_prefix("ack ") {
                acknowledged = acknowledged.max(n.parse::<i64>().unwrap() + 1);
                seen += 1;
            }
        }
        // Let the next transaction start, sometimes, before the kill.
        std::thread::sleep(Duration::from_micros(seed % 3_000));
        child.kill().unwrap();
        child.wait().unwrap();
        verify(dir.path(), base, acknowledged);
    }
}

#[test]
fn a_full_database_keeps_records_in_memory_and_writes_them_once_space_is_freed() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new("2026-11-21T10:00:00Z".parse().unwrap()));
    let options = StoreOptions {
        max_database_bytes: Some(150 * 4096),
        retry_every: Duration::from_millis(20),
        ..StoreOptions::default()
    };
    let store = SqliteStore::open(dir.path(), options, clock.clone()).unwrap();
    store
        .save_site(&site(), ems_store::store::ConfigSource::Seed)
        .unwrap();
    // Fill the database with a table that can be dropped later.
    {
        let conn = rusqlite::Connection::open(dir.path().join("ems.sqlite")).unwrap();
        conn.execute_batch(
            "PRAGMA busy_timeout = 5000; PRAGMA max_page_count = 150; CREATE TABLE ballast (b BLOB);",
        )
        .unwrap();
        // Up to the last free page: the same limit as the store's.
        while conn
            .execute("INSERT INTO ballast VALUES (zeroblob(1000))", [])
            .is_ok()
        {}
    }
    let base = base_of(clock.now());
    // Append until the database is full, then ten batches more.
    let mut rejected = 0;
    let mut batches = 0;
    while rejected < 10 {
        assert!(batches < 5_000, "the database never became full");
        match store.append(batch(base, batches)) {
            Ok(()) => {}
            Err(StoreError::Unavailable(_)) => rejected += 1,
            Err(e) => panic!("unexpected error {e}"),
        }
        batches += 1;
    }
    let health = store.health(false).unwrap();
    assert!(health.buffered_values > 0);
    // Free space the way an operator would, from outside.
    {
        let conn = rusqlite::Connection::open(dir.path().join("ems.sqlite")).unwrap();
        conn.execute_batch("PRAGMA busy_timeout = 5000; DROP TABLE ballast;")
            .unwrap();
    }
    let mut flushed = store.flush();
    for _ in 0..100 {
        if flushed.is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        flushed = store.flush();
    }
    flushed.unwrap();
    assert_eq!(store.health(false).unwrap().buffered_values, 0);
    let reader = store.reader().unwrap();
    for id in DEVICES {
        let records = reader
            .intervals(&IntervalsQuery {
                device: DeviceId::new(id).unwrap(),
                from: base,
                to: base + SignedDuration::from_mins(15 * batches),
            })
            .unwrap()
            .intervals;
        assert_eq!(records.len() as i64, batches, "{id}");
    }
    let events = reader.events(&EventFilter::default()).unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.event.kind).collect();
    assert!(kinds.contains(&EventKind::StorageUnavailable), "{kinds:?}");
    assert!(kinds.contains(&EventKind::StorageRecovered), "{kinds:?}");
}
