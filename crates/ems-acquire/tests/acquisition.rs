//! Acquisition against the simulator, in virtual time: every fault, status transitions, rates
//! of healthy devices next to a dead one, late replies, and counter plausibility.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems_acquire::transport::{DialFuture, Dialer, Stream};
use ems_acquire::{
    DeviceSpec, Framing, LinkEvent, LinkHandle, LinkSettings, Transport, spawn_link,
};
use ems_modbus::pdu::ExceptionCode;
use ems_model::{Clock, DeviceId, DeviceStatus, Point, Quality, Value};
use ems_profile::Library;
use ems_sim::device::{DeviceSpec as SimSpec, SimDevice};
use ems_sim::fault::Fault;
use ems_sim::model::ModelConfig;
use ems_sim::server::Bus;
use jiff::Timestamp;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

#[path = "acquisition/scan.rs"]
mod scan;
#[path = "acquisition/waveform.rs"]
mod waveform;

/// UTC time that follows tokio's (virtual) clock.
struct TokioClock {
    start: Timestamp,
    origin: tokio::time::Instant,
}

impl Clock for TokioClock {
    fn now(&self) -> Timestamp {
        let elapsed = jiff::SignedDuration::try_from(self.origin.elapsed()).unwrap();
        self.start.checked_add(elapsed).unwrap()
    }
}

/// Dials an in-memory pipe to a simulated bus.
struct BusDialer {
    bus: Arc<Bus>,
    framing: Framing,
}

impl Dialer for BusDialer {
    fn dial(&self) -> DialFuture {
        let (client, server) = tokio::io::duplex(4096);
        let bus = self.bus.clone();
        let framing = self.framing;
        tokio::spawn(async move {
            let _ = match framing {
                Framing::Tcp => bus.serve_tcp(server).await,
                Framing::Rtu => bus.serve_rtu(server, Duration::from_millis(2)).await,
            };
        });
        Box::pin(async move { Ok(Box::new(client) as Box<dyn Stream>) })
    }

    fn target(&self) -> &str {
        "simulated bus"
    }
}

const TIMEOUT: Duration = Duration::from_millis(300);

struct Site {
    bus: Arc<Bus>,
    events: mpsc::Receiver<LinkEvent>,
    link: LinkHandle,
    /// The spec of unit `n` as the link polls units 1 and 2.
    spec: Box<dyn Fn(u8) -> DeviceSpec>,
}

impl Site {
    /// Two SDM630s (unit 1 at 1 kW, unit 2 at 50 kW) on one link, polled every second, and a
    /// third on the bus that the link does not poll (unit 3 at 7 kW).
    fn start(framing: Framing) -> Site {
        Site::start_with(framing, "eastron.sdm630")
    }

    fn start_with(framing: Framing, profile: &str) -> Site {
        let library = Library::builtin().unwrap();
        let profile = library.get(profile).unwrap().clone();
        let clock: Arc<dyn Clock> = Arc::new(TokioClock {
            start: "2026-06-01T10:00:00Z".parse().unwrap(),
            origin: tokio::time::Instant::now(),
        });
        let sim_device = |unit: u8, watts: f64| {
            let mut spec = SimSpec::new(format!("d{unit}"), unit, profile.clone());
            spec.model = ModelConfig {
                peak_w: Some(watts),
                noise: 0.0,
                ..ModelConfig::default()
            };
            Arc::new(SimDevice::new(spec, clock.clone()).unwrap())
        };
        let bus = Arc::new(
            Bus::new([
                sim_device(1, 1_000.0),
                sim_device(2, 50_000.0),
                sim_device(3, 7_000.0),
            ])
            .unwrap(),
        );
        let transport = Transport::new(
            Box::new(BusDialer {
                bus: bus.clone(),
                framing,
            }),
            framing,
            Duration::from_millis(2),
        );
        let spec = move |unit: u8| DeviceSpec {
            id: DeviceId::new(&format!("d{unit}")).unwrap(),
            unit_id: unit,
            profile: profile.clone(),
            fast_period: Duration::from_secs(1),
            slow_period: Duration::from_secs(5),
            timeout: TIMEOUT,
            ct_ratio: 1.0,
            vt_ratio: 1.0,
            one_value_per_read: false,
        };
        let (sender, events) = mpsc::channel(4096);
        let settings = LinkSettings {
            id: "bus".into(),
            failures_before_error: 3,
        };
        let link = spawn_link(settings, transport, vec![spec(1), spec(2)], clock, sender).unwrap();
        Site {
            bus,
            events,
            link,
            spec: Box::new(spec),
        }
    }

    fn sim(&self, unit: u8) -> &Arc<SimDevice> {
        self.bus.device(unit).unwrap()
    }

    /// Collects every event for `seconds` of virtual time.
    async fn run_for(&mut self, seconds: u64) -> Vec<LinkEvent> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
        let mut out = Vec::new();
        while let Ok(Some(event)) = tokio::time::timeout_at(deadline, self.events.recv()).await {
            out.push(event);
        }
        out
    }
}

fn statuses(events: &[LinkEvent], device: &str) -> Vec<(DeviceStatus, Option<String>)> {
    events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Status {
                device: d,
                status,
                reason,
                ..
            } if d.as_str() == device => Some((*status, reason.clone())),
            _ => None,
        })
        .collect()
}

fn batches<'a>(
    events: &'a [LinkEvent],
    device: &'a str,
) -> impl Iterator<Item = &'a ems_model::SampleBatch> {
    events.iter().filter_map(move |e| match e {
        LinkEvent::Samples(b) if b.device.as_str() == device => Some(b),
        _ => None,
    })
}

fn value(batch: &ems_model::SampleBatch, point: &str) -> Option<(Value, Quality)> {
    let point = Point::from_name(point).unwrap();
    batch
        .samples
        .iter()
        .find(|s| s.point == point)
        .map(|s| (s.value, s.quality))
}

/// Runs a fault on unit 2 and checks: unit 2 goes on → communication error (with `reason`)
/// → on again after the fault is cleared; unit 1 keeps its one-second rate and its own values.
async fn fault_round_trip(framing: Framing, fault: Fault, reason: &str) {
    let mut site = Site::start(framing);
    let before = site.run_for(5).await;
    assert_eq!(statuses(&before, "d2"), vec![(DeviceStatus::On, None)]);
    site.sim(2).set_fault(fault);
    let during = site.run_for(60).await;
    let changes = statuses(&during, "d2");
    assert_eq!(changes.len(), 1, "{fault:?}: {changes:?}");
    assert_eq!(changes[0].0, DeviceStatus::CommunicationError, "{fault:?}");
    let why = changes[0].1.clone().unwrap();
    assert!(
        why.contains(reason),
        "{fault:?}: reason \"{why}\" lacks \"{reason}\""
    );
    assert_eq!(
        batches(&during, "d2").count(),
        0,
        "{fault:?}: no values while failing"
    );
    // The healthy device keeps its rate (one poll a second, give or take the dead one's timeouts).
    let healthy = batches(&during, "d1").count();
    assert!(
        healthy >= 55,
        "{fault:?}: unit 1 polled only {healthy} times in 60 s"
    );
    // And only ever sees its own values (1 kW, never unit 2's 50 kW).
    for b in batches(&during, "d1") {
        let (Value::Float(p), Quality::Good) = value(b, "active_power").unwrap() else {
            panic!("{fault:?}: bad active power in {b:?}")
        };
        assert!((p - 1_000.0).abs() < 50.0, "{fault:?}: unit 1 read {p} W");
    }
    site.sim(2).clear_fault();
    let after = site.run_for(40).await;
    assert_eq!(
        statuses(&after, "d2"),
        vec![(DeviceStatus::On, None)],
        "{fault:?} recovery"
    );
    let last = batches(&after, "d2").last().unwrap();
    let (Value::Float(p), _) = value(last, "active_power").unwrap() else {
        panic!()
    };
    assert!(
        (p - 50_000.0).abs() < 2_500.0,
        "unit 2 read {p} W after recovery"
    );
}

#[tokio::test(start_paused = true)]
async fn a_device_that_stops_answering_goes_to_communication_error_and_back_over_tcp() {
    fault_round_trip(Framing::Tcp, Fault::NoAnswer, "no answer within 300 ms").await;
}

#[tokio::test(start_paused = true)]
async fn a_device_that_stops_answering_goes_to_communication_error_and_back_over_rtu() {
    fault_round_trip(Framing::Rtu, Fault::NoAnswer, "no answer within 300 ms").await;
}

#[tokio::test(start_paused = true)]
async fn late_answers_are_never_taken_for_the_next_request_over_tcp() {
    let late = Fault::LateAnswer { delay: TIMEOUT * 2 };
    fault_round_trip(Framing::Tcp, late, "no answer within 300 ms").await;
}

#[tokio::test(start_paused = true)]
async fn late_answers_are_never_taken_for_the_next_request_over_rtu() {
    let late = Fault::LateAnswer {
        delay: TIMEOUT + TIMEOUT / 2,
    };
    fault_round_trip(Framing::Rtu, late, "no answer within 300 ms").await;
}

#[tokio::test(start_paused = true)]
async fn a_device_the_link_does_not_poll_is_read_once_between_its_requests_over_rtu() {
    let mut site = Site::start(Framing::Rtu);
    site.run_for(2).await;
    let batch = site.link.read_once((site.spec)(3)).await.unwrap();
    assert_eq!(batch.device.as_str(), "d3");
    let Some((Value::Float(watts), Quality::Good)) = value(&batch, "active_power") else {
        panic!("no active power in {batch:?}");
    };
    assert!((watts - 7_000.0).abs() < 700.0, "{watts}");
    // The link's own devices go on, undisturbed, and unit 3 is not polled afterwards.
    let events = site.run_for(3).await;
    assert!(batches(&events, "d1").count() >= 2);
    assert!(batches(&events, "d2").count() >= 2);
    assert_eq!(batches(&events, "d3").count(), 0);
    assert!(statuses(&events, "d1").is_empty() && statuses(&events, "d2").is_empty());
    // A unit that does not answer: the exact error, and the link's devices stay on.
    let silent = site.link.read_once((site.spec)(9)).await.unwrap_err();
    assert!(
        silent.to_string().contains("no answer within 300 ms"),
        "{silent}"
    );
    assert!(statuses(&site.run_for(2).await, "d1").is_empty());
}

#[tokio::test(start_paused = true)]
async fn every_exception_code_is_reported_with_its_name() {
    for (code, text) in [
        (
            ExceptionCode::IllegalFunction,
            "exception 0x01 illegal function",
        ),
        (
            ExceptionCode::IllegalDataAddress,
            "exception 0x02 illegal data address",
        ),
        (
            ExceptionCode::IllegalDataValue,
            "exception 0x03 illegal data value",
        ),
        (
            ExceptionCode::ServerDeviceFailure,
            "exception 0x04 server device failure",
        ),
        (
            ExceptionCode::GatewayPathUnavailable,
            "exception 0x0A gateway path unavailable",
        ),
        (
            ExceptionCode::GatewayTargetDeviceFailedToRespond,
            "exception 0x0B gateway target device failed to respond",
        ),
    ] {
        fault_round_trip(Framing::Tcp, Fault::Exception { code }, text).await;
        fault_round_trip(Framing::Rtu, Fault::Exception { code }, text).await;
    }
}

#[tokio::test(start_paused = true)]
async fn an_answer_from_the_wrong_unit_is_an_error_over_tcp() {
    fault_round_trip(Framing::Tcp, Fault::WrongUnitId, "answer from unit").await;
}

#[tokio::test(start_paused = true)]
async fn an_answer_from_the_wrong_unit_is_dropped_over_rtu() {
    // On a bus a frame from another unit is someone else's: it is dropped, the request times out.
    fault_round_trip(Framing::Rtu, Fault::WrongUnitId, "no answer within 300 ms").await;
}

#[tokio::test(start_paused = true)]
async fn a_bad_crc_is_reported_and_never_decoded() {
    fault_round_trip(Framing::Rtu, Fault::BadCrc, "CRC").await;
}

fn counter_series(events: &[LinkEvent], device: &str) -> Vec<(Timestamp, i64, Quality)> {
    batches(events, device)
        .filter_map(|b| match value(b, "energy_active_import") {
            Some((Value::Counter(c), q)) => Some((b.timestamp, c, q)),
            _ => None,
        })
        .collect()
}

/// Good counter values never decrease except at a reported new baseline, and no step between
/// good values implies more than the device's possible power.
fn assert_no_spike_or_negative_energy(events: &[LinkEvent], device: &str) {
    let rebased: Vec<Timestamp> = events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Counter {
                device: d,
                at,
                verdict: ems_acquire::counter::CounterVerdict::Rebased { .. },
                ..
            } if d.as_str() == device => Some(*at),
            _ => None,
        })
        .collect();
    let good: Vec<_> = counter_series(events, device)
        .into_iter()
        .filter(|s| s.2 == Quality::Good)
        .collect();
    assert!(good.len() > 10);
    for pair in good.windows(2) {
        let ((t0, c0, _), (t1, c1, _)) = (pair[0], pair[1]);
        if rebased.contains(&t1) {
            continue;
        }
        assert!(c1 >= c0, "{device}: counter fell from {c0} to {c1} at {t1}");
        let hours = t1.duration_since(t0).as_secs_f64() / 3600.0;
        assert!(
            (c1 - c0) as f64 <= 60_000.0 * hours + 1.0,
            "{device}: spike {c0} -> {c1} at {t1}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_counter_reset_on_the_device_gives_no_negative_energy_and_is_reported() {
    let mut site = Site::start(Framing::Tcp);
    let mut events = site.run_for(30).await;
    site.sim(2).set_fault(Fault::CounterReset);
    events.extend(site.run_for(60).await);
    assert_no_spike_or_negative_energy(&events, "d2");
    let series = counter_series(&events, "d2");
    let bad = series.iter().filter(|s| s.2 == Quality::Bad).count();
    assert!(bad >= 1, "the fall to zero is flagged bad");
    assert!(events.iter().any(|e| matches!(
        e,
        LinkEvent::Counter {
            verdict: ems_acquire::counter::CounterVerdict::Rebased {
                declared: false,
                ..
            },
            ..
        }
    )));
}

#[tokio::test(start_paused = true)]
async fn nan_readings_are_bad_and_never_spikes() {
    let mut site = Site::start(Framing::Tcp);
    let mut events = site.run_for(40).await;
    site.sim(2).set_fault(Fault::Nan);
    let during = site.run_for(20).await;
    for b in batches(&during, "d2") {
        for s in &b.samples {
            assert_eq!(s.quality, Quality::Bad, "{:?} during NaN", s.point);
        }
    }
    events.extend(during);
    site.sim(2).clear_fault();
    events.extend(site.run_for(40).await);
    assert_no_spike_or_negative_energy(&events, "d2");
}

#[tokio::test(start_paused = true)]
async fn counters_are_read_at_the_slow_rate_and_momentary_values_at_the_fast_rate() {
    let mut site = Site::start(Framing::Tcp);
    let events = site.run_for(60).await;
    let polls = batches(&events, "d1").count();
    let with_counters = batches(&events, "d1")
        .filter(|b| value(b, "energy_active_import").is_some())
        .count();
    assert!((58..=61).contains(&polls), "{polls} fast polls in 60 s");
    assert!(
        (11..=13).contains(&with_counters),
        "{with_counters} slow polls in 60 s"
    );
}

/// The resolution of a register in canonical units: what encoding may lose.
fn resolution(register: &ems_profile::Register, truth: f64) -> f64 {
    use ems_profile::RegisterType::{F32, F64};
    match register.ty {
        F32 => truth.abs() * 1e-6 + 1e-9,
        F64 => truth.abs() * 1e-12 + 1e-9,
        _ => {
            let exponent = if register.scale_exponent_address.is_some() {
                1000.0
            } else {
                1.0
            };
            register.scale.abs() * register.unit.factor_to_canonical() * exponent
        }
    }
}

/// Every built-in profile, served by the simulator and read back through the coalesced plan and
/// one register at a time, decodes to the simulator's own values.
#[tokio::test(start_paused = true)]
async fn every_profile_round_trips_through_the_simulator_both_coalesced_and_one_value_per_read() {
    let library = Library::builtin().unwrap();
    assert!(
        library.len() >= 10,
        "only {} built-in profiles",
        library.len()
    );
    let clock: Arc<dyn Clock> = Arc::new(TokioClock {
        start: "2026-03-02T11:00:00Z".parse().unwrap(),
        origin: tokio::time::Instant::now(),
    });
    let mut compared = 0;
    for profile in &library {
        let mut spec = SimSpec::new("d", 1, profile.clone());
        spec.model = ModelConfig {
            peak_w: Some(4_321.0),
            noise: 0.0,
            ..ModelConfig::default()
        };
        let device = Arc::new(SimDevice::new(spec, clock.clone()).unwrap());
        let bus = Arc::new(Bus::new([device.clone()]).unwrap());
        let truth = device.snapshot();
        for one_value_per_read in [false, true] {
            let mut transport = Transport::new(
                Box::new(BusDialer {
                    bus: bus.clone(),
                    framing: Framing::Tcp,
                }),
                Framing::Tcp,
                Duration::ZERO,
            );
            let spec = DeviceSpec {
                id: DeviceId::new("d").unwrap(),
                unit_id: 1,
                profile: profile.clone(),
                fast_period: Duration::from_secs(1),
                slow_period: Duration::from_secs(1),
                timeout: TIMEOUT,
                ct_ratio: 1.0,
                vt_ratio: 1.0,
                one_value_per_read,
            };
            let batch = ems_acquire::read_once(&mut transport, spec, clock.as_ref())
                .await
                .unwrap();
            assert_eq!(
                batch.samples.len(),
                profile.registers.len(),
                "{}",
                profile.id
            );
            for sample in &batch.samples {
                let register = profile
                    .registers
                    .iter()
                    .find(|r| r.point == sample.point)
                    .unwrap();
                let Some(expected) = truth.get(sample.point) else {
                    // The model has no such quantity (a phase a one-phase model lacks): the device
                    // reports it as not available or as zero.
                    continue;
                };
                let what = format!(
                    "{} {} (one value per read: {one_value_per_read})",
                    profile.id, sample.point
                );
                if sample.quality == Quality::Bad {
                    // Only a sentinel-like truth (a zero SunSpec accumulator) may read as bad.
                    assert_eq!(expected.as_f64(), 0.0, "{what} read bad");
                    continue;
                }
                let got = sample.value.as_f64();
                let tolerance = resolution(register, expected.as_f64());
                assert!(
                    (got - expected.as_f64()).abs() <= tolerance,
                    "{what}: read {got}, simulator holds {}",
                    expected.as_f64()
                );
                compared += 1;
            }
        }
    }
    // Every profile's values were compared, in both read modes.
    let registers: usize = library.iter().map(|p| p.registers.len()).sum();
    assert!(
        compared * 10 >= registers * 2 * 9,
        "compared {compared} of {} values",
        registers * 2
    );
}
