//! The demo's internal meter ("Main incomer analyser", fed by the simulator's waveform source)
//! as the runtime records it: its energy reaches the store, and a restart of ems carries its
//! counters on without a drop.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::point;
use ems::demo::{DemoOptions, RunningDemo};
use ems_model::{Clock, DeviceId, DeviceStatus, ManualClock, Value};
use ems_store::RecordsReader;
use ems_store::event::{EventFilter, EventKind};
use ems_store::query::{HistoryReader, IntervalRow, IntervalsQuery};
use ems_store::sqlite::SqliteReader;
use jiff::Timestamp;
use std::sync::Arc;
use std::time::Duration;

fn incomer() -> DeviceId {
    DeviceId::new("incomer").unwrap()
}

fn intervals(reader: &SqliteReader, from: Timestamp, to: Timestamp) -> Vec<IntervalRow> {
    reader
        .intervals(&IntervalsQuery {
            device: incomer(),
            from,
            to,
        })
        .unwrap()
        .intervals
}

/// The internal meter's latest reading of a counter in the process image.
fn live_counter(demo: &RunningDemo, name: &str) -> Option<i64> {
    let image = demo.runner.image();
    let image = image.read().unwrap();
    let live = image.device(&incomer())?;
    match live.points.get(&point(name))?.value {
        Value::Counter(c) if live.status == Some(DeviceStatus::On) => Some(c),
        _ => None,
    }
}

/// Waits (in real time: the waveform source paces its frames by the clock of the runtime) until
/// `done` holds.
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Moves the demo's clock to `t` and waits until the internal meter has reported its counters
/// at `t` (they come every slow period).
async fn step_to(demo: &RunningDemo, clock: &ManualClock, t: Timestamp) {
    clock.set(t);
    let mut receiver = demo.runner.subscribe_events().await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let event = tokio::time::timeout_at(deadline, receiver.recv())
            .await
            .unwrap_or_else(|_| panic!("no counters of the internal meter at {t}"))
            .unwrap();
        if let ems_acquire::LinkEvent::Samples(batch) = event
            && batch.device == incomer()
            && batch.timestamp == t
            && batch.samples.iter().any(|s| s.point.is_counter())
        {
            return;
        }
    }
}

fn stored(demo: &RunningDemo, from: Timestamp, to: Timestamp) -> Vec<IntervalRow> {
    ems_store::HistoryWriter::flush(demo.store.as_ref()).unwrap();
    intervals(&demo.store.reader().unwrap(), from, to)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_records_the_internal_meters_energy_and_a_restart_continues_it_without_a_drop() {
    let library = ems::cli::library(None).unwrap();
    let data = tempfile::tempdir().unwrap();
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    let clock = Arc::new(ManualClock::new(t("2026-03-10T10:07:30Z")));
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    let options = DemoOptions {
        data_dir: data.path().to_owned(),
        print_every: Duration::from_secs(10),
        run_for: None,
        backfill: None,
    };

    // A first run, through two interval boundaries: 10:15 is the first boundary the meter is
    // read across, so the interval from 10:15 to 10:30 is its first complete one.
    let demo = ems::demo::start(&library, &options, dyn_clock.clone())
        .await
        .unwrap();
    wait_until("the internal meter's counters", || {
        live_counter(&demo, "energy_active_import").is_some()
    })
    .await;
    // "Test": the meter's latest values, at once.
    let batch = demo.runner.read_now(&incomer()).await.unwrap();
    let read = |name: &str| batch.samples.iter().find(|s| s.point == point(name));
    assert!(
        matches!(read("voltage_l3").unwrap().value, Value::Float(v) if (229.0..233.0).contains(&v))
    );
    assert!(matches!(
        read("energy_active_import").unwrap().value,
        Value::Counter(_)
    ));
    step_to(&demo, &clock, t("2026-03-10T10:15:30Z")).await;
    step_to(&demo, &clock, t("2026-03-10T10:30:30Z")).await;
    let from = t("2026-03-10T10:15:00Z");
    let to = t("2026-03-10T10:30:00Z");
    let rows = stored(&demo, from, to);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    let energy = row.counter(point("energy_active_import")).unwrap();
    assert!(energy.delta > 0 && !energy.reset, "{energy:?}");
    for name in [
        "energy_reactive_import",
        "energy_apparent",
        "energy_active_q1",
        "energy_reactive_import_l1",
        "run_time",
        "run_time_import",
    ] {
        assert!(row.counter(point(name)).is_some(), "{name}: {row:?}");
    }
    // Momentary values: the simulated board's 230 V and about 30 kW at 100/5 A.
    let voltage = row.stat(point("voltage_l1")).unwrap();
    assert!((229.0..233.0).contains(&voltage.mean), "{voltage:?}");
    let power = row.stat(point("active_power")).unwrap();
    assert!((25_000.0..40_000.0).contains(&power.mean), "{power:?}");
    assert!(row.stat(point("thd_voltage_l1_l2")).is_some(), "{row:?}");
    let last_stored = energy.end_value;
    demo.stop().await.unwrap();

    // ems restarts a while later: the meter's registers continue from what the store holds,
    // so the history sees no drop and no reset.
    clock.set(t("2026-03-10T10:45:30Z"));
    let demo = ems::demo::start(&library, &options, dyn_clock.clone())
        .await
        .unwrap();
    wait_until("the internal meter's counters after the restart", || {
        live_counter(&demo, "energy_active_import").is_some()
    })
    .await;
    let first = live_counter(&demo, "energy_active_import").unwrap();
    assert!(first >= last_stored, "{first} after {last_stored}");
    step_to(&demo, &clock, t("2026-03-10T11:00:30Z")).await;
    let rows = stored(&demo, to, t("2026-03-10T11:00:00Z"));
    assert_eq!(rows.len(), 2, "{rows:?}");
    let mut previous = last_stored;
    for row in &rows {
        let c = row.counter(point("energy_active_import")).unwrap();
        assert!(!c.reset, "{c:?}");
        assert_eq!(c.delta, c.end_value - previous, "{c:?}");
        assert!(c.delta >= 0, "{c:?}");
        previous = c.end_value;
    }
    let reader = demo.store.reader().unwrap();
    let resets = reader
        .events(&EventFilter {
            kinds: vec![EventKind::CounterReset],
            device: Some(incomer()),
            limit: Some(100),
            ..EventFilter::default()
        })
        .unwrap();
    assert!(resets.is_empty(), "{resets:?}");
    drop(reader);
    demo.stop().await.unwrap();
}
