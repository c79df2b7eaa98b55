//! `ems demo --backfill` and the demo's counters across restarts: the history a backfill
//! writes is what the live demo would have recorded, and a restart continues the meters where
//! the store left them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{ems, point};
use ems::backfill::{BackfillOptions, backfill};
use ems::demo::{DemoOptions, RunningDemo, SIM, SITE};
use ems::runtime::transport_of;
use ems_model::site::SiteConfig;
use ems_model::{Clock, DeviceId, ManualClock, Value};
use ems_profile::load::Library;
use ems_sim::{SimConfig, Simulator};
use ems_store::RecordsReader;
use ems_store::calendar::{Period, PeriodKind};
use ems_store::event::{EventFilter, EventKind};
use ems_store::query::{HistogramQuery, HistoryReader, IntervalRow, IntervalsQuery};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::{SqliteReader, SqliteStore, StoreOptions};
use indicatif::ProgressBar;
use jiff::{SignedDuration, Timestamp};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

fn device(id: &str) -> DeviceId {
    DeviceId::new(id).unwrap()
}

/// The counter each demo device is read for in these tests.
const COUNTERS: &[(&str, &str)] = &[
    ("main", "energy_active_import"),
    ("pv", "energy_active_export"),
    ("hvac", "energy_active_import"),
    ("lighting", "energy_active_import"),
    ("kitchen", "energy_active_import"),
    ("heat_pump", "energy_active_import"),
    ("boiler", "energy_active_import"),
    ("ev", "energy_active_import"),
    ("servers", "energy_active_import"),
    ("ventilation", "energy_active_import"),
    ("gas", "gas_volume"),
    ("water", "water_volume"),
    ("boiler_room", "energy_active_import"),
];

fn intervals(reader: &SqliteReader, id: &str, from: Timestamp, to: Timestamp) -> Vec<IntervalRow> {
    reader
        .intervals(&IntervalsQuery {
            device: device(id),
            from,
            to,
        })
        .unwrap()
        .intervals
}

fn events(reader: &SqliteReader, kind: EventKind) -> usize {
    reader
        .events(&EventFilter {
            kinds: vec![kind],
            limit: Some(1000),
            ..EventFilter::default()
        })
        .unwrap()
        .len()
}

/// Every interval of every device from `from` on follows the one before it, with complete
/// counters that telescope and nothing estimated or reset. Returns the intervals by device.
fn assert_seamless(reader: &SqliteReader, from: Timestamp, to: Timestamp) -> Vec<Vec<IntervalRow>> {
    COUNTERS
        .iter()
        .map(|&(id, counter)| {
            let rows = intervals(reader, id, from, to);
            assert!(!rows.is_empty(), "{id}: no intervals");
            for pair in rows.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                assert_eq!(a.end, b.start, "{id}: a hole or an overlap at {}", a.end);
                let (ca, cb) = (a.counter(point(counter)), b.counter(point(counter)));
                let (ca, cb) = (
                    ca.unwrap(),
                    cb.unwrap_or_else(|| panic!("{id} at {}", b.start)),
                );
                assert_eq!(cb.delta, cb.end_value - ca.end_value, "{id} at {}", b.start);
                assert!(!cb.estimated && !cb.reset, "{id} at {}: {cb:?}", b.start);
            }
            rows
        })
        .collect()
}

#[test]
fn a_backfilled_demo_has_complete_days_and_running_it_again_adds_only_the_new_intervals() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let args = [
        "demo",
        "--backfill",
        "2d",
        "--for",
        "3s",
        "--data-dir",
        data_dir,
    ];
    let (ok, stdout, stderr) = ems(&args);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("backfilled 2 days for 13 devices: "),
        "{stdout}"
    );

    let reader = SqliteReader::open(data.path()).unwrap();
    let calendar = reader.calendar().unwrap();
    let now = Timestamp::now();
    let yesterday = calendar.date(now).yesterday().unwrap();
    let day = Period::containing(PeriodKind::Day, yesterday);
    let (midnight, next_midnight) = calendar.bounds(day);

    // The site's day: every hour measured in full, nothing estimated.
    let site = reader
        .histogram(&HistogramQuery {
            scope: Scope::site(),
            point: point("energy_active_import"),
            period: day,
        })
        .unwrap();
    assert!(site.current.buckets.len() >= 23);
    for bucket in &site.current.buckets {
        assert!(bucket.amount.is_some(), "{bucket:?}");
        assert_eq!(bucket.coverage, 1.0, "{bucket:?}");
        assert!(!bucket.estimated, "{bucket:?}");
    }

    // Each device's hours add up to its counter's difference over the day.
    for &(id, counter) in COUNTERS {
        let hours = reader
            .histogram(&HistogramQuery {
                scope: Scope::new(ScopeKind::Device, id),
                point: point(counter),
                period: day,
            })
            .unwrap();
        assert!(
            hours
                .current
                .buckets
                .iter()
                .all(|b| b.coverage == 1.0 && !b.estimated),
            "{id}: {:?}",
            hours.current.buckets
        );
        let rows = intervals(
            &reader,
            id,
            midnight - SignedDuration::from_mins(15),
            next_midnight,
        );
        let at = |t: Timestamp| {
            rows.iter()
                .find(|r| r.end == t)
                .and_then(|r| r.counter(point(counter)))
                .unwrap_or_else(|| panic!("{id}: no interval ends at {t}"))
                .end_value
        };
        assert_eq!(
            hours.current.total,
            Some(at(next_midnight) - at(midnight)),
            "{id}"
        );
        // Statistics were kept too, with their minimum and maximum around the mean.
        let row = rows.last().unwrap();
        assert!(
            row.stats.is_empty() == matches!(id, "gas" | "water" | "boiler_room"),
            "{id}: {:?}",
            row.stats
        );
        for s in &row.stats {
            assert!(s.min <= s.mean && s.mean <= s.max, "{id}: {s:?}");
        }
    }
    let start = now - SignedDuration::from_hours(49);
    let first = assert_seamless(&reader, start, now);
    assert_eq!(events(&reader, EventKind::CounterReset), 0);
    assert_eq!(events(&reader, EventKind::EnergySpread), 0);
    drop(reader);

    // Again: only what is new is added; what was there stays as it was.
    let (ok, stdout, stderr) = ems(&args);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("backfill: the store already holds") || stdout.contains("backfilled "),
        "{stdout}"
    );
    let reader = SqliteReader::open(data.path()).unwrap();
    let second = assert_seamless(&reader, start, Timestamp::now());
    for (before, after) in first.iter().zip(&second) {
        assert!(after.len() >= before.len());
        assert_eq!(&after[..before.len()], &before[..]);
    }
    assert_eq!(events(&reader, EventKind::CounterReset), 0);
    assert_eq!(events(&reader, EventKind::EnergySpread), 0);
}

fn open_store(dir: &Path, clock: &Arc<ManualClock>) -> SqliteStore {
    let clock: Arc<dyn Clock> = clock.clone();
    SqliteStore::open(dir, StoreOptions::default(), clock).unwrap()
}

fn demo_site(library: &Library) -> SiteConfig {
    SiteConfig::from_toml_str(SITE, library).unwrap()
}

/// The backfill in-process, on a clock that stands still, against the simulator itself: at
/// every boundary, the stored counter is what a poll of the simulated meter (over Modbus, as
/// the live demo polls it) reads at that time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backfill_stores_on_each_boundary_what_polling_the_simulated_meter_reads_then() {
    let library = ems::cli::library(None).unwrap();
    let site = demo_site(&library);
    let sim = SimConfig::from_toml_str(SIM).unwrap();
    let now: Timestamp = "2026-03-10T10:07:30Z".parse().unwrap();
    let clock = Arc::new(ManualClock::new(now));
    let data = tempfile::tempdir().unwrap();
    let store = open_store(data.path(), &clock);
    ems_store::HistoryWriter::save_site(&store, &site, ems_store::store::ConfigSource::Demo)
        .unwrap();
    let options = BackfillOptions::new(SignedDuration::from_hours(3));
    let report = backfill(
        &site,
        &sim,
        &library,
        &store,
        &[],
        clock.as_ref(),
        options,
        &ProgressBar::hidden(),
    )
    .unwrap();
    let from: Timestamp = "2026-03-10T07:00:00Z".parse().unwrap();
    let to: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
    assert_eq!((report.from, report.to), (Some(from), to));
    assert_eq!(report.devices, 13);
    assert_eq!(report.records, 13 * 12);
    store.close().unwrap();

    let reader = SqliteReader::open(data.path()).unwrap();
    let rows = assert_seamless(&reader, from, to);
    let values: usize = rows
        .iter()
        .flatten()
        .map(|r| 2 * r.counters.len() + 3 * r.stats.len())
        .sum();
    assert_eq!(report.values, values as u64);
    assert!(rows.iter().all(|r| r.len() == 12));

    // The simulator as the backfill started it, polled over the wire at the boundaries.
    let mut started = sim.clone();
    for device in started.devices.values_mut() {
        device.counters_at = Some(from);
    }
    let sim_clock = Arc::new(ManualClock::new(now));
    let dyn_clock: Arc<dyn Clock> = sim_clock.clone();
    let handle = Simulator::start(&started, &library, dyn_clock)
        .await
        .unwrap();
    let polled = ems::demo::site_for(&handle, &library).unwrap();
    let first_boundary = from + SignedDuration::from_mins(15);
    for (index, &(id, counter)) in COUNTERS.iter().enumerate() {
        let configured = &polled.devices[id];
        let profile = library
            .resolve(&configured.profile, configured.generic.as_ref())
            .unwrap();
        let mut transport = transport_of(&polled.links[&configured.link].transport).unwrap();
        let spec = ems_acquire::DeviceSpec {
            id: device(id),
            unit_id: configured.unit_id,
            profile,
            fast_period: Duration::from_secs(1),
            slow_period: Duration::from_secs(1),
            timeout: Duration::from_secs(2),
            ct_ratio: configured.ct_ratio,
            vt_ratio: configured.vt_ratio,
            one_value_per_read: false,
        };
        // A model only integrates forwards: each device is polled at one boundary.
        let row = &rows[index][index % 12];
        let boundary = row.end;
        assert!(boundary >= first_boundary);
        sim_clock.set(boundary);
        let batch = ems_acquire::read_once(&mut transport, spec, sim_clock.as_ref())
            .await
            .unwrap();
        let read = batch
            .samples
            .iter()
            .find(|s| s.point == point(counter))
            .map(|s| s.value);
        assert_eq!(
            read,
            Some(Value::Counter(
                row.counter(point(counter)).unwrap().end_value
            )),
            "{id}/{counter} at {boundary}"
        );
        // The momentary values of the interval come from the same model.
        if let Some(s) = row.stat(point("voltage_l1")) {
            assert!((200.0..260.0).contains(&s.mean), "{id}: {s:?}");
            assert!(s.min < s.max, "{id}: {s:?}");
        }
    }
    handle.shutdown().await;

    // A second backfill at the same time finds nothing to do.
    let store = open_store(data.path(), &clock);
    let boundaries = store.reader().unwrap().counter_boundaries().unwrap();
    let again = backfill(
        &site,
        &sim,
        &library,
        &store,
        &boundaries,
        clock.as_ref(),
        options,
        &ProgressBar::hidden(),
    )
    .unwrap();
    assert_eq!((again.from, again.records), (None, 0));
    store.close().unwrap();
}

/// Runs the demo in-process until `done` says the store holds what is wanted.
async fn wait_for(demo: &RunningDemo, mut done: impl FnMut(&SqliteReader) -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        ems_store::HistoryWriter::flush(demo.store.as_ref()).unwrap();
        if done(&demo.store.reader().unwrap()) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the demo did not record what was expected in time"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarting_the_demo_after_a_pause_spreads_the_meters_counting_over_it_without_a_drop() {
    let library = ems::cli::library(None).unwrap();
    let data = tempfile::tempdir().unwrap();
    let t0: Timestamp = "2026-03-10T10:07:30Z".parse().unwrap();
    let clock = Arc::new(ManualClock::new(t0));
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    let options = |backfill| DemoOptions {
        data_dir: data.path().to_owned(),
        print_every: Duration::from_secs(10),
        run_for: None,
        backfill,
    };

    // A first run with an hour of history, stopped after its first polls.
    let demo = ems::demo::start(
        &library,
        &options(Some(SignedDuration::from_hours(1))),
        dyn_clock.clone(),
    )
    .await
    .unwrap();
    let stopped_at: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
    assert_eq!(demo.backfill.as_ref().unwrap().to, stopped_at);
    tokio::time::sleep(Duration::from_millis(500)).await;
    demo.stop().await.unwrap();

    // Three hours later, a second run: the meters counted meanwhile.
    let t1 = t0 + SignedDuration::from_hours(3);
    clock.set(t1);
    let demo = ems::demo::start(&library, &options(None), dyn_clock.clone())
        .await
        .unwrap();
    assert!(demo.backfill.is_none());
    // The first poll after the pause (at 13:07:30; the clock stands still) closes the twelve
    // intervals from 10:00 to 13:00: the meters' counting over the pause, spread.
    let resumed: Timestamp = "2026-03-10T13:00:00Z".parse().unwrap();
    wait_for(&demo, |reader| {
        COUNTERS
            .iter()
            .all(|&(id, _)| intervals(reader, id, stopped_at, resumed).len() == 12)
    })
    .await;
    let reader = demo.store.reader().unwrap();
    let spread_events = reader
        .events(&EventFilter {
            kinds: vec![EventKind::EnergySpread],
            limit: Some(1000),
            ..EventFilter::default()
        })
        .unwrap();
    for &(id, counter) in COUNTERS {
        let before = intervals(
            &reader,
            id,
            stopped_at - SignedDuration::from_mins(15),
            stopped_at,
        );
        let stored = before[0].counter(point(counter)).unwrap().end_value;
        let mut last = stored;
        let rows = intervals(&reader, id, stopped_at, resumed);
        for row in &rows {
            let c = row.counter(point(counter)).unwrap();
            assert!(c.estimated && !c.reset, "{id} at {}: {c:?}", row.start);
            assert_eq!(c.delta, c.end_value - last, "{id} at {}", row.start);
            last = c.end_value;
        }
        // What the meter read first after the pause, less what the store held, is the amount
        // spread from 10:00 to 13:07:30: 180 of its 187.5 minutes lie before 13:00.
        let image = demo.runner.image();
        let read = match image.read().unwrap().device(&device(id)).unwrap().points[&point(counter)]
            .value
        {
            Value::Counter(c) => c,
            other => panic!("{id}/{counter}: {other:?}"),
        };
        assert!(read >= stored, "{id}/{counter}: {read} after {stored}");
        let event = spread_events
            .iter()
            .find(|e| {
                e.event.device.as_ref() == Some(&device(id))
                    && e.event.point == Some(point(counter))
            })
            .unwrap_or_else(|| panic!("{id}/{counter}: no spread event"));
        assert_eq!(
            event.event.detail["amount"],
            read - stored,
            "{id}/{counter}"
        );
        let share = (read - stored) as f64 * 180.0 / 187.5;
        assert!(
            ((last - stored) as f64 - share).abs() <= 1.0,
            "{id}/{counter}"
        );
        if id == "servers" {
            // A constant 3.2 kW, over 3 h 7.5 min.
            assert!(
                (read - stored - 10_000).abs() < 200,
                "{id}: {}",
                read - stored
            );
        }
    }
    assert_eq!(events(&reader, EventKind::CounterReset), 0);
    drop(reader);
    demo.stop().await.unwrap();
}

/// A stored boundary value is interpolated between readings and may lie between two values a
/// register can show (the main meter's float register in kWh steps by 62.5 Wh at 812 MWh):
/// the continued meter never shows less than it.
#[test]
fn continued_meters_never_show_less_than_the_store_holds() {
    let library = ems::cli::library(None).unwrap();
    let site = demo_site(&library);
    let mut sim = SimConfig::from_toml_str(SIM).unwrap();
    let boundary: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
    let stored = [
        ("main", "energy_active_import", 812_345_010),
        ("pv", "energy_active_export", 61_234_001),
        ("heat_pump", "energy_active_import", 156_300_049),
        ("gas", "gas_volume", 4_567_251),
    ];
    let boundaries: Vec<_> = stored
        .iter()
        .map(|&(id, p, value)| ems_store::store::CounterBoundary {
            device: device(id),
            point: point(p),
            boundary,
            value,
        })
        .collect();
    let now = boundary + SignedDuration::from_hours(1);
    ems::backfill::continue_counters(&mut sim, &site, &library, &boundaries, now).unwrap();
    for (id, p, value) in stored {
        let configured = &sim.devices[id];
        assert_eq!(configured.counters_at, Some(boundary), "{id}");
        let start = configured.counters[&point(p)];
        assert!(
            (value..value + 200).contains(&start),
            "{id}/{p}: starts at {start}"
        );
        let profile = library
            .resolve(&configured.profile, configured.generic.as_ref())
            .unwrap();
        let spec = Simulator::device_spec(&sim, id, profile.clone()).unwrap();
        let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(now));
        let meter = ems_sim::SimDevice::new(spec, clock).unwrap();
        let plan = ems_profile::ReadPlan::new(&profile, ems_profile::PollClass::Slow).unwrap();
        let mut answers = Vec::new();
        meter
            .read_blocks_at(boundary, plan.blocks(), &mut answers)
            .unwrap();
        let mut samples = Vec::new();
        ems_acquire::decode_samples(
            &plan,
            &answers,
            &ems_profile::DecodeContext::for_profile(&profile),
            &mut samples,
        );
        let read = samples.iter().find(|s| s.point == point(p)).unwrap().value;
        let Value::Counter(read) = read else {
            panic!("{id}/{p}: {read:?}")
        };
        assert!(
            read >= value && read < value + 200,
            "{id}/{p}: shows {read} for a stored {value}"
        );
    }
    // A device without stored counters keeps the simulator's.
    assert_eq!(sim.devices["water"].counters_at, None);
}
