//! The internal meter's link against the simulator's waveform sources, over TCP and a Unix
//! socket, in virtual time: values against the generator's parameters, counters against power
//! × time, statuses when the source stops and returns, stream faults, and counters that never
//! go backwards.

use super::TokioClock;
use ems_acquire::counter::CounterVerdict;
use ems_acquire::link::ReadError;
use ems_acquire::waveform::{StreamEvent, WaveformHandle, WaveformSpec, spawn_waveform_link};
use ems_metering::stream::{DecodeError, RunStart};
use ems_metering::{MeterConfig, Wiring};
use ems_model::site::StreamEndpoint;
use ems_model::spectrum::{LinePair, Orders, Phase, Spectrum};
use ems_model::{Clock, DeviceId, DeviceStatus, Point, SampleBatch, Value};
use ems_profile::Library;
use ems_sim::{SimConfig, SimHandle, Simulator, StreamFault, WaveformEndpoint};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

use ems_acquire::LinkEvent;

/// A balanced three-phase load: 230 V, 50 A at power factor 0.8 inductive, through 250/5 A CTs
/// (1 A on the wire), no harmonics, no noise. Per phase 9200 W, 6900 var, 11 500 VA.
const BALANCED: &str = r#"
[waveforms.board]
tcp = "127.0.0.1:0"
ct_ratio = 50

[waveforms.board.model]
voltage_v = 230
current_a = 50
power_factor = 0.8
"#;

const PHASE_W: f64 = 230.0 * 50.0 * 0.8;
const PHASE_VAR: f64 = 230.0 * 50.0 * 0.6;

fn clock() -> Arc<dyn Clock> {
    Arc::new(TokioClock {
        start: "2026-06-01T10:00:00Z".parse().unwrap(),
        origin: Instant::now(),
    })
}

async fn start_sim(toml: &str, clock: &Arc<dyn Clock>) -> SimHandle {
    let config = SimConfig::from_toml_str(toml).unwrap_or_else(|e| panic!("{e}"));
    Simulator::start(&config, &Library::from_profiles([]), clock.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn endpoint(sim: &SimHandle) -> StreamEndpoint {
    match sim.waveform_endpoint("board").unwrap() {
        WaveformEndpoint::Tcp(address) => StreamEndpoint::Tcp {
            host: address.ip().to_string(),
            port: address.port(),
        },
        WaveformEndpoint::Unix(path) => StreamEndpoint::Unix(path.to_string_lossy().into()),
    }
}

fn device() -> DeviceId {
    DeviceId::new("analyser").unwrap()
}

fn spec(endpoint: StreamEndpoint, meter: MeterConfig) -> WaveformSpec {
    WaveformSpec {
        link: "board".to_owned(),
        endpoint,
        timeout: Duration::from_millis(500),
        failures_before_error: 3,
        device: device(),
        meter,
        fast_period: Duration::from_secs(1),
        slow_period: Duration::from_secs(5),
        initial_counters: BTreeMap::new(),
    }
}

fn meter(ct_ratio: f64) -> MeterConfig {
    MeterConfig {
        ct_ratio,
        ..MeterConfig::new(Wiring::ThreePhase4W)
    }
}

struct Meter {
    events: mpsc::Receiver<LinkEvent>,
    handle: WaveformHandle,
}

impl Meter {
    fn start(spec: WaveformSpec, clock: &Arc<dyn Clock>) -> Meter {
        let (sender, events) = mpsc::channel(4096);
        let handle = spawn_waveform_link(spec, clock.clone(), sender).unwrap();
        Meter { events, handle }
    }

    /// Every event for `seconds` of virtual time.
    async fn run_for(&mut self, seconds: f64) -> Vec<LinkEvent> {
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let mut out = Vec::new();
        while let Ok(Some(event)) = tokio::time::timeout_at(deadline, self.events.recv()).await {
            out.push(event);
        }
        out
    }

    /// Events until one satisfies `done` (which is included), within `seconds`.
    async fn until(&mut self, seconds: f64, done: impl Fn(&LinkEvent) -> bool) -> Vec<LinkEvent> {
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let mut out = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(event)) => {
                    let stop = done(&event);
                    out.push(event);
                    if stop {
                        return out;
                    }
                }
                _ => panic!("not seen within {seconds} s; events: {out:#?}"),
            }
        }
    }
}

fn statuses(events: &[LinkEvent]) -> Vec<DeviceStatus> {
    events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Status { status, .. } => Some(*status),
            _ => None,
        })
        .collect()
}

fn is_status(status: DeviceStatus) -> impl Fn(&LinkEvent) -> bool {
    move |e| matches!(e, LinkEvent::Status { status: s, .. } if *s == status)
}

fn batches(events: &[LinkEvent]) -> Vec<&SampleBatch> {
    events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Samples(b) => Some(b),
            _ => None,
        })
        .collect()
}

fn point(name: &str) -> Point {
    Point::from_name(name).unwrap()
}

fn float(batch: &SampleBatch, name: &str) -> Option<f64> {
    batch
        .samples
        .iter()
        .find(|s| s.point == point(name))
        .and_then(|s| match s.value {
            Value::Float(v) => Some(v),
            Value::Counter(_) => None,
        })
}

fn counter(batch: &SampleBatch, name: &str) -> Option<i64> {
    batch
        .samples
        .iter()
        .find(|s| s.point == point(name))
        .and_then(|s| match s.value {
            Value::Counter(v) => Some(v),
            Value::Float(_) => None,
        })
}

/// `(timestamp, value)` of every reading of a counter.
fn readings(events: &[LinkEvent], name: &str) -> Vec<(jiff::Timestamp, i64)> {
    batches(events)
        .into_iter()
        .filter_map(|b| counter(b, name).map(|v| (b.timestamp, v)))
        .collect()
}

fn close(actual: f64, expected: f64, relative: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= relative * expected.abs(),
        "{what}: {actual} is not {expected} ± {:.3} %",
        relative * 100.0
    );
}

fn stream_events(events: &[LinkEvent]) -> Vec<&StreamEvent> {
    events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Stream { event, .. } => Some(event),
            _ => None,
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn an_internal_meter_on_a_tcp_source_measures_what_the_generator_makes() {
    let clock = clock();
    let sim = start_sim(BALANCED, &clock).await;
    let mut meter = Meter::start(spec(endpoint(&sim), meter(50.0)), &clock);
    let events = meter.run_for(21.5).await;
    assert_eq!(statuses(&events), [DeviceStatus::On]);
    let batches = batches(&events);
    // A batch a second once the first windows are measured.
    assert!((19..=21).contains(&batches.len()), "{}", batches.len());
    for batch in &batches[1..] {
        for n in ["l1", "l2", "l3"] {
            close(
                float(batch, &format!("voltage_{n}")).unwrap(),
                230.0,
                0.001,
                n,
            );
            close(
                float(batch, &format!("current_{n}")).unwrap(),
                50.0,
                0.001,
                n,
            );
            close(
                float(batch, &format!("active_power_{n}")).unwrap(),
                PHASE_W,
                0.002,
                n,
            );
            close(
                float(batch, &format!("reactive_power_{n}")).unwrap(),
                PHASE_VAR,
                0.005,
                n,
            );
            close(
                float(batch, &format!("power_factor_{n}")).unwrap(),
                0.8,
                0.002,
                n,
            );
        }
        close(
            float(batch, "voltage_l1_l2").unwrap(),
            230.0 * 3f64.sqrt(),
            0.001,
            "U12",
        );
        close(
            float(batch, "voltage_ll_average").unwrap(),
            230.0 * 3f64.sqrt(),
            0.001,
            "ULL",
        );
        close(
            float(batch, "active_power").unwrap(),
            3.0 * PHASE_W,
            0.002,
            "P",
        );
        close(
            float(batch, "reactive_power").unwrap(),
            3.0 * PHASE_VAR,
            0.005,
            "Q",
        );
        close(
            float(batch, "apparent_power").unwrap(),
            3.0 * 11_500.0,
            0.002,
            "S",
        );
        close(float(batch, "power_factor").unwrap(), 0.8, 0.002, "PF");
        close(float(batch, "frequency").unwrap(), 50.0, 0.0001, "f");
        assert!(float(batch, "thd_voltage_l1").unwrap() < 0.1);
        assert!(float(batch, "voltage_unbalance").unwrap() < 0.1);
        assert!(float(batch, "current_n").unwrap() < 0.5);
    }
    // Counters every 5 s, increasing as power × time.
    let import = readings(&events, "energy_active_import");
    assert!((4..=5).contains(&import.len()), "{import:?}");
    let ((t0, e0), (t1, e1)) = (import[0], import[import.len() - 1]);
    let hours = t1.duration_since(t0).as_secs_f64() / 3600.0;
    let expected = 3.0 * PHASE_W * hours;
    assert!(
        ((e1 - e0) as f64 - expected).abs() <= 0.01 * expected + 2.0,
        "{} Wh in {hours} h, expected {expected}",
        e1 - e0
    );
    let reactive = readings(&events, "energy_reactive_q1");
    let q = (reactive[reactive.len() - 1].1 - reactive[0].1) as f64;
    assert!((q - 3.0 * PHASE_VAR * hours).abs() <= 0.01 * q + 2.0, "{q}");
    let last = batches
        .iter()
        .rev()
        .find(|b| counter(b, "energy_active_import").is_some())
        .unwrap();
    // Nothing exported, nothing in another quadrant; tariff 1 (the default) has it all.
    assert_eq!(counter(last, "energy_active_export"), Some(0));
    assert_eq!(counter(last, "energy_active_q4"), Some(0));
    assert_eq!(
        counter(last, "energy_active_import_t1"),
        counter(last, "energy_active_import")
    );
    let run = readings(&events, "run_time_import");
    let (r0, r1) = (run[0].1, run[run.len() - 1].1);
    assert!(
        ((r1 - r0) as f64 - hours * 3600.0).abs() <= 1.5,
        "{r0} {r1}"
    );
    assert!(stream_events(&events).is_empty(), "{events:?}");
    sim.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn the_status_goes_to_communication_error_when_a_unix_source_stops_and_back_when_it_returns()
{
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.sock");
    let toml = BALANCED.replace(
        "tcp = \"127.0.0.1:0\"",
        &format!("unix = {:?}", path.to_str().unwrap()),
    );
    let clock = clock();
    let sim = start_sim(&toml, &clock).await;
    let mut meter = Meter::start(spec(endpoint(&sim), meter(50.0)), &clock);
    meter.until(3.0, is_status(DeviceStatus::On)).await;
    let before = meter.run_for(6.0).await;
    let last_before = readings(&before, "energy_active_import").last().unwrap().1;

    // The source stops: the stream closes, then connections are refused; three failures.
    let stopped = Instant::now();
    sim.shutdown().await;
    let down = meter
        .until(10.0, is_status(DeviceStatus::CommunicationError))
        .await;
    assert!(
        stopped.elapsed() <= Duration::from_secs(3),
        "{:?}",
        stopped.elapsed()
    );
    let reason = down
        .iter()
        .find_map(|e| match e {
            LinkEvent::Status { reason, .. } => reason.clone(),
            _ => None,
        })
        .unwrap();
    assert!(reason.contains("cannot connect to"), "{reason}");
    // While it is down: no values, and read_now says why.
    let quiet = meter.run_for(10.0).await;
    assert!(batches(&quiet).is_empty(), "{quiet:?}");
    match meter.handle.read_now(&device()).await {
        Err(ReadError::NotMeasured { reason, .. }) => assert!(reason.contains("cannot connect")),
        other => panic!("{other:?}"),
    }

    // A new source on the same socket: the meter reconnects by itself (within its back-off)
    // and counts on from where it was.
    let sim = start_sim(&toml, &clock).await;
    let mut after = meter.until(40.0, is_status(DeviceStatus::On)).await;
    after.extend(meter.run_for(6.0).await);
    // The new source's first frame is a restart (another session).
    let events: Vec<&StreamEvent> = stream_events(&after);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, StreamEvent::NewRun(RunStart::Restart { .. }))),
        "{events:?}"
    );
    let first_after = readings(&after, "energy_active_import")[0].1;
    assert!(
        first_after >= last_before,
        "{first_after} after {last_before}"
    );
    let batch = meter.handle.read_now(&device()).await.unwrap();
    close(
        float(&batch, "voltage_l2").unwrap(),
        230.0,
        0.001,
        "read_now",
    );
    assert!(counter(&batch, "energy_active_import").unwrap() >= first_after);
    sim.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn injected_gaps_restarts_and_bad_frames_are_reported_and_counters_never_go_backwards() {
    let clock = clock();
    let sim = start_sim(BALANCED, &clock).await;
    let mut spec = spec(endpoint(&sim), meter(50.0));
    spec.slow_period = Duration::from_secs(1);
    let mut meter = Meter::start(spec, &clock);
    let mut events = meter.until(3.0, is_status(DeviceStatus::On)).await;
    events.extend(meter.run_for(3.0).await);
    for (fault, wait) in [
        (StreamFault::DropFrames { frames: 3 }, 3.0),
        (StreamFault::Restart, 3.0),
        (StreamFault::CorruptByte, 3.0),
        (StreamFault::SwapFrames, 3.0),
    ] {
        sim.inject("board", fault).unwrap();
        events.extend(meter.run_for(wait).await);
    }
    let seen: Vec<&StreamEvent> = stream_events(&events);
    let has = |f: &dyn Fn(&StreamEvent) -> bool| seen.iter().any(|e| f(e));
    assert!(
        has(&|e| matches!(e, StreamEvent::NewRun(RunStart::Gap { missing: 1920, .. }))),
        "{seen:#?}"
    );
    assert!(has(&|e| matches!(
        e,
        StreamEvent::NewRun(RunStart::Restart { .. })
    )));
    assert!(has(&|e| matches!(
        e,
        StreamEvent::BadBytes(DecodeError::BadCrc { .. })
    )));
    assert!(has(&|e| matches!(e, StreamEvent::Dropped(_))));
    // The meter stayed on, and no counter ever went backwards.
    assert_eq!(statuses(&events), [DeviceStatus::On]);
    for name in [
        "energy_active_import",
        "energy_reactive_import",
        "energy_apparent",
        "run_time",
    ] {
        let values = readings(&events, name);
        assert!(values.len() >= 14, "{name}: {values:?}");
        assert!(
            values.windows(2).all(|w| w[1].1 >= w[0].1),
            "{name}: {values:?}"
        );
    }
    // What the faults lost is small: the energy is within a few frames of power × time.
    let import = readings(&events, "energy_active_import");
    let ((t0, e0), (t1, e1)) = (import[0], import[import.len() - 1]);
    let expected = 3.0 * PHASE_W * t1.duration_since(t0).as_secs_f64() / 3600.0;
    let measured = (e1 - e0) as f64;
    assert!(measured <= expected + 2.0, "{measured} > {expected}");
    assert!(measured >= expected * 0.85, "{measured} < {expected}");
    sim.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn registers_start_from_stored_values_and_a_declared_reset_reports_new_baselines() {
    let clock = clock();
    let sim = start_sim(BALANCED, &clock).await;
    let mut spec = spec(endpoint(&sim), meter(50.0));
    spec.slow_period = Duration::from_secs(1);
    spec.initial_counters = BTreeMap::from([
        (point("energy_active_import"), 5_000_000),
        (point("run_time"), 86_400),
    ]);
    let mut meter = Meter::start(spec, &clock);
    match meter.handle.read_now(&device()).await {
        Err(ReadError::NotMeasured { reason, .. }) => assert_eq!(reason, "no frame analysed yet"),
        other => panic!("{other:?}"),
    }
    let events = meter
        .until(
            5.0,
            |e| matches!(e, LinkEvent::Samples(b) if counter(b, "run_time").is_some()),
        )
        .await;
    let first = batches(&events)
        .into_iter()
        .find_map(|b| counter(b, "energy_active_import"));
    let first = first.unwrap();
    assert!((5_000_000..5_000_050).contains(&first), "{first}");
    meter.run_for(2.0).await;

    meter.handle.declare_counter_reset(&device()).await.unwrap();
    let events = meter.run_for(3.0).await;
    let rebased: BTreeMap<Point, (i64, i64)> = events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Counter {
                point,
                verdict:
                    CounterVerdict::Rebased {
                        previous,
                        value,
                        declared: true,
                    },
                ..
            } => Some((*point, (*previous, *value))),
            _ => None,
        })
        .collect();
    let (previous, value) = rebased[&point("energy_active_import")];
    assert!(previous >= first && value < 100, "{previous} {value}");
    let (previous, _) = rebased[&point("run_time")];
    assert!(previous >= 86_400);
    // Every baseline comes before the first batch that carries the new values.
    let first_batch = events
        .iter()
        .position(
            |e| matches!(e, LinkEvent::Samples(b) if counter(b, "energy_active_import").is_some()),
        )
        .unwrap();
    let last_rebase = events
        .iter()
        .rposition(|e| matches!(e, LinkEvent::Counter { .. }))
        .unwrap();
    assert!(last_rebase < first_batch);
    let after = readings(&events, "energy_active_import");
    assert!(after.windows(2).all(|w| w[1].1 >= w[0].1), "{after:?}");
    sim.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_stream_without_the_channels_of_the_wiring_is_a_communication_error_that_says_so() {
    let toml = BALANCED.replace(
        "ct_ratio = 50",
        "ct_ratio = 50\nchannels = [\"u_l1\", \"i_l1\"]",
    );
    let clock = clock();
    let sim = start_sim(&toml, &clock).await;
    let mut meter = Meter::start(spec(endpoint(&sim), meter(50.0)), &clock);
    let events = meter
        .until(3.0, is_status(DeviceStatus::CommunicationError))
        .await;
    let reason = events
        .iter()
        .find_map(|e| match e {
            LinkEvent::Status { reason, .. } => reason.clone(),
            _ => None,
        })
        .unwrap();
    assert!(
        reason.contains("wiring 3p4w needs the channels") && reason.contains("u_l2"),
        "{reason}"
    );
    // The frames keep coming: the status stays, with its reason, and nothing else is reported.
    let later = meter.run_for(5.0).await;
    assert!(later.is_empty(), "{later:?}");
    // A single-phase meter reads the same stream.
    let single = MeterConfig {
        ct_ratio: 50.0,
        ..MeterConfig::new(Wiring::SinglePhase2W)
    };
    let mut meter = Meter::start(spec(endpoint(&sim), single), &clock);
    let events = meter.run_for(4.0).await;
    assert_eq!(statuses(&events), [DeviceStatus::On]);
    let batch = batches(&events).pop().unwrap();
    close(float(batch, "active_power").unwrap(), PHASE_W, 0.002, "P");
    assert_eq!(float(batch, "voltage_l2"), None);
    assert_eq!(float(batch, "voltage_unbalance"), None);
    sim.shutdown().await;
}

/// A supply with harmonics, as the demo's analyser board makes it: voltage harmonics 5, 7
/// and 11, current harmonics 3, 5, 7 and 11 (in % of the fundamental), no noise.
const DISTORTED: &str = r#"
[waveforms.board]
tcp = "127.0.0.1:0"
sample_rate_hz = 6400
samples_per_frame = 640
ct_ratio = 20

[waveforms.board.model]
voltage_v = [231, 229.5, 230.5]
current_a = [52, 47, 44]
power_factor = [0.93, 0.91, 0.95]
voltage_harmonics = [{ order = 5, percent = 2.8 }, { order = 7, percent = 1.6, phase_deg = 180 }, { order = 11, percent = 0.6 }]
current_harmonics = [{ order = 3, percent = 12 }, { order = 5, percent = 9 }, { order = 7, percent = 5 }, { order = 11, percent = 2 }]
"#;

fn spectra(events: &[LinkEvent]) -> Vec<(jiff::Timestamp, &Spectrum)> {
    events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Spectrum {
                device: d,
                at,
                spectrum,
            } if *d == device() => Some((*at, spectrum.as_ref())),
            _ => None,
        })
        .collect()
}

/// Order `h` of `orders` in % of the fundamental.
fn percent(orders: &Orders, h: usize) -> f64 {
    orders.percent_of_fundamental().unwrap()[h - 1]
}

#[tokio::test(start_paused = true)]
async fn the_spectrum_of_each_period_goes_with_its_momentary_values() {
    let clock = clock();
    let sim = start_sim(DISTORTED, &clock).await;
    let mut meter = Meter::start(spec(endpoint(&sim), meter(20.0)), &clock);
    let events = meter.run_for(6.5).await;
    let batches = batches(&events);
    let measured = spectra(&events);
    assert!(measured.len() >= 5, "{}", measured.len());
    // One spectrum per batch of momentary values, at its time.
    let momentary: Vec<jiff::Timestamp> = batches
        .iter()
        .filter(|b| float(b, "voltage_l1").is_some())
        .map(|b| b.timestamp)
        .collect();
    let times: Vec<jiff::Timestamp> = measured.iter().map(|(at, _)| *at).collect();
    assert_eq!(times, momentary);
    for (_, spectrum) in &measured[1..] {
        close(spectrum.fundamental_hz.unwrap(), 50.0, 0.0001, "f");
        assert_eq!(spectrum.max_order(), 40);
        let phases: Vec<Phase> = spectrum.voltage_v.iter().map(|(p, _)| *p).collect();
        assert_eq!(phases, Phase::ALL);
        for ((phase, voltage), (_, current)) in spectrum.voltage_v.iter().zip(&spectrum.current_a) {
            let what = |h: usize, of: &str| format!("{phase:?} {of} order {h}");
            // Without noise, well within IEC 61000-4-7 class I (5 % of the reading).
            close(percent(voltage, 5), 2.8, 0.01, &what(5, "voltage"));
            close(percent(voltage, 7), 1.6, 0.01, &what(7, "voltage"));
            close(percent(voltage, 11), 0.6, 0.01, &what(11, "voltage"));
            assert!(percent(voltage, 3) < 0.01, "{}", what(3, "voltage"));
            close(percent(current, 3), 12.0, 0.01, &what(3, "current"));
            close(percent(current, 5), 9.0, 0.01, &what(5, "current"));
        }
        close(
            spectrum.current_a[1].1.order(1).unwrap(),
            47.0,
            0.002,
            "I2 fundamental",
        );
        let pairs: Vec<LinePair> = spectrum.line_voltage_v.iter().map(|(p, _)| *p).collect();
        assert_eq!(pairs, LinePair::ALL);
        // The 5th and 7th are as balanced as the fundamentals: the same share between lines.
        close(
            percent(&spectrum.line_voltage_v[0].1, 5),
            2.8,
            0.02,
            "U12 order 5",
        );
    }
    drop(meter);
    // A three-wire meter has no voltages to neutral: its spectrum has none either.
    let mut meter = Meter::start(
        spec(
            endpoint(&sim),
            MeterConfig {
                ct_ratio: 20.0,
                ..MeterConfig::new(Wiring::ThreePhase3W)
            },
        ),
        &clock,
    );
    let events = meter
        .until(5.0, |e| matches!(e, LinkEvent::Spectrum { .. }))
        .await;
    let (_, spectrum) = spectra(&events)[0];
    assert!(spectrum.voltage_v.is_empty(), "{spectrum:?}");
    assert_eq!(spectrum.current_a.len(), 3);
    assert_eq!(spectrum.line_voltage_v.len(), 3);
    sim.shutdown().await;
}
