//! Bus scans against the simulator: the units found and the profiles recognised, over a
//! connection of the scan's own and through a running link whose polling goes on.

use super::{BusDialer, TIMEOUT, TokioClock, batches, statuses};
use ems_acquire::scan::{FoundUnit, ScanError, ScanPath, ScanSettings, scan};
use ems_acquire::transport::{DialFuture, Dialer};
use ems_acquire::{
    DeviceSpec, Framing, LinkEvent, LinkHandle, LinkSettings, Transport, spawn_link,
};
use ems_model::{Clock, DeviceId};
use ems_profile::{IdentifyPlan, Library};
use ems_sim::device::{DeviceSpec as SimSpec, SimDevice};
use ems_sim::server::Bus;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// A dialer that counts the connections it opens.
struct CountingDialer {
    inner: BusDialer,
    dials: Arc<AtomicUsize>,
}

impl Dialer for CountingDialer {
    fn dial(&self) -> DialFuture {
        self.dials.fetch_add(1, Ordering::SeqCst);
        self.inner.dial()
    }

    fn target(&self) -> &str {
        self.inner.target()
    }
}

/// A simulated bus with a device of `profile` at each unit id, and a transport to it that
/// counts its connections.
struct Plant {
    library: Library,
    clock: Arc<dyn Clock>,
    bus: Arc<Bus>,
    dials: Arc<AtomicUsize>,
}

impl Plant {
    fn new(units: &[(u8, &str)]) -> Plant {
        let library = Library::builtin().unwrap();
        let clock: Arc<dyn Clock> = Arc::new(TokioClock {
            start: "2026-06-01T10:00:00Z".parse().unwrap(),
            origin: tokio::time::Instant::now(),
        });
        let devices = units.iter().map(|&(unit, profile)| {
            let spec = SimSpec::new(
                format!("u{unit}"),
                unit,
                library.get(profile).unwrap().clone(),
            );
            Arc::new(SimDevice::new(spec, clock.clone()).unwrap())
        });
        let bus = Arc::new(Bus::new(devices).unwrap());
        Plant {
            library,
            clock,
            bus,
            dials: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn transport(&self, framing: Framing) -> Transport {
        let dialer = CountingDialer {
            inner: BusDialer {
                bus: self.bus.clone(),
                framing,
            },
            dials: self.dials.clone(),
        };
        Transport::new(Box::new(dialer), framing, Duration::from_millis(2))
    }

    fn settings(&self, unit_ids: std::ops::RangeInclusive<u8>) -> ScanSettings {
        ScanSettings {
            unit_ids,
            timeout: TIMEOUT,
            plan: Arc::new(IdentifyPlan::new(self.library.iter())),
        }
    }

    /// A link polling the devices at `units` every second, as the site's link would.
    fn link(&self, framing: Framing, units: &[u8]) -> (LinkHandle, mpsc::Receiver<LinkEvent>) {
        let specs = units
            .iter()
            .map(|&unit| DeviceSpec {
                id: DeviceId::new(&format!("d{unit}")).unwrap(),
                unit_id: unit,
                profile: self.bus.device(unit).unwrap().profile().clone(),
                fast_period: Duration::from_secs(1),
                slow_period: Duration::from_secs(5),
                timeout: TIMEOUT,
                ct_ratio: 1.0,
                vt_ratio: 1.0,
                one_value_per_read: false,
            })
            .collect();
        let (sender, events) = mpsc::channel(4096);
        let settings = LinkSettings {
            id: "bus".into(),
            failures_before_error: 3,
        };
        let link = spawn_link(
            settings,
            self.transport(framing),
            specs,
            self.clock.clone(),
            sender,
        )
        .unwrap();
        (link, events)
    }
}

/// Each found unit as (unit id, candidate ids, whether it answered only an exception).
fn summary(found: &[FoundUnit]) -> Vec<(u8, Vec<String>, bool)> {
    found
        .iter()
        .map(|f| {
            let ids = f.candidates.iter().map(|p| p.id.clone()).collect();
            (f.unit_id, ids, f.exception.is_some())
        })
        .collect()
}

fn unit(id: u8, candidates: &[&str], only_exception: bool) -> (u8, Vec<String>, bool) {
    let ids = candidates.iter().map(|c| (*c).to_owned()).collect();
    (id, ids, only_exception)
}

#[tokio::test(start_paused = true)]
async fn a_scan_of_a_modbus_tcp_gateway_finds_every_unit_and_recognises_the_identifiable_ones() {
    let plant = Plant::new(&[
        (1, "eastron.sdm630"),
        (10, "eastron.sdm120"),
        (12, "janitza.umg96rm"),
        (20, "sunspec.meter_203"),
        (30, "abb.b23"),
        (31, "eastron.sdm72"),
        (40, "carlo_gavazzi.em340"),
        (247, "eastron.sdm120"),
    ]);
    // Asked for 0..=255, the scan addresses 1..=247 only, each once, in order.
    let settings = plant.settings(0..=255);
    let mut probed = Vec::new();
    let path = ScanPath::Transport(Box::new(plant.transport(Framing::Tcp)));
    let found = scan(path, &settings, |unit, _| probed.push(unit))
        .await
        .unwrap();
    assert_eq!(probed, (1..=247).collect::<Vec<u8>>());
    assert_eq!(
        summary(&found),
        [
            // An SDM630 answers registers, none of them an identification register.
            unit(1, &[], false),
            unit(10, &["eastron.sdm120"], false),
            // A UMG 96RM answers "illegal data address" to every identification read.
            unit(12, &[], true),
            unit(20, &["sunspec.meter_203"], false),
            unit(30, &["abb.b23"], false),
            unit(31, &["eastron.sdm72"], false),
            // Its identification code lies inside V L3-L1 and answers a one-word read only.
            unit(40, &["carlo_gavazzi.em340"], false),
            unit(247, &["eastron.sdm120"], false),
        ]
    );
    assert_eq!(plant.dials.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_scan_of_an_rtu_line_takes_silence_for_absence() {
    let plant = Plant::new(&[(3, "eastron.sdm120"), (5, "janitza.umg96rm")]);
    let settings = plant.settings(1..=8);
    let path = ScanPath::Transport(Box::new(plant.transport(Framing::Rtu)));
    let found = scan(path, &settings, |_, _| {}).await.unwrap();
    assert_eq!(
        summary(&found),
        [unit(3, &["eastron.sdm120"], false), unit(5, &[], true)]
    );
}

/// Runs scans of `ranges` through `link`, all at once, collecting the link's events meanwhile:
/// the units each scan found, the events, and how many seconds it all took.
async fn scans_through(
    plant: &Plant,
    link: &LinkHandle,
    events: &mut mpsc::Receiver<LinkEvent>,
    ranges: &[std::ops::RangeInclusive<u8>],
) -> (Vec<Vec<FoundUnit>>, Vec<LinkEvent>, u64) {
    let scans: Vec<_> = ranges
        .iter()
        .map(|range| {
            let settings = plant.settings(range.clone());
            let path = ScanPath::Link(link.downgrade());
            tokio::spawn(async move { scan(path, &settings, |_, _| {}).await })
        })
        .collect();
    let started = tokio::time::Instant::now();
    let mut during = Vec::new();
    while !scans.iter().all(|s| s.is_finished()) {
        if let Ok(Some(event)) =
            tokio::time::timeout(Duration::from_millis(100), events.recv()).await
        {
            during.push(event);
        }
    }
    let mut found = Vec::new();
    for scan in scans {
        found.push(scan.await.unwrap().unwrap());
    }
    (found, during, started.elapsed().as_secs())
}

/// The link's devices were polled all along (about once a second each, less the time the line
/// is busy with a silent unit id), and never missed polls for long enough to fail.
fn assert_polled_all_along(during: &[LinkEvent], seconds: u64) {
    assert!(seconds >= 10, "the scan took {seconds} s");
    for device in ["d1", "d2"] {
        let polls = batches(during, device).count() as u64;
        assert!(
            polls * 2 >= seconds,
            "{device} polled {polls} times in {seconds} s"
        );
        assert!(
            statuses(during, device)
                .iter()
                .all(|(s, _)| *s == ems_model::DeviceStatus::On),
            "{device}: {:?}",
            statuses(during, device)
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_scan_through_a_running_link_goes_between_its_polls_over_its_one_connection() {
    let plant = Plant::new(&[
        (1, "eastron.sdm630"),
        (2, "eastron.sdm630"),
        (10, "eastron.sdm120"),
        (11, "abb.b23"),
    ]);
    let (link, mut events) = plant.link(Framing::Rtu, &[1, 2]);
    // Thirty unit ids of which 26 are silent: about 30 s of timeouts on the line.
    let (found, during, seconds) = scans_through(&plant, &link, &mut events, &[1..=30]).await;
    assert_eq!(
        summary(&found[0]),
        [
            unit(1, &[], false),
            unit(2, &[], false),
            unit(10, &["eastron.sdm120"], false),
            unit(11, &["abb.b23"], false),
        ]
    );
    assert_polled_all_along(&during, seconds);
    // One connection: the link's own.
    assert_eq!(plant.dials.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn polling_goes_on_when_scan_steps_wait_back_to_back_for_the_link() {
    let plant = Plant::new(&[(1, "eastron.sdm630"), (2, "eastron.sdm630")]);
    let (link, mut events) = plant.link(Framing::Rtu, &[1, 2]);
    // Two scans at once: a step of one is always waiting while the other's runs.
    let (found, during, seconds) =
        scans_through(&plant, &link, &mut events, &[3..=20, 21..=40]).await;
    assert!(found.iter().all(Vec::is_empty), "{found:?}");
    assert_polled_all_along(&during, seconds);
}

#[tokio::test(start_paused = true)]
async fn a_scan_through_a_link_that_stopped_says_so_and_does_not_keep_it_running() {
    let plant = Plant::new(&[(1, "eastron.sdm630"), (10, "eastron.sdm120")]);
    let (link, mut events) = plant.link(Framing::Tcp, &[1]);
    let weak = link.downgrade();
    drop(link);
    // The link stops once its last (strong) handle is gone: its events end.
    while events.recv().await.is_some() {}
    let error = scan(ScanPath::Link(weak), &plant.settings(1..=20), |_, _| {})
        .await
        .unwrap_err();
    assert!(matches!(error, ScanError::LinkStopped), "{error}");
}
