//! The running site as the web server sees it ([`RunningSite`]): the configuration in force,
//! applying a new one (save, then restart acquisition), live values and their changes, reads
//! on request, and bus scans (through the running link that owns the bus, or over a connection
//! of their own to a bus no running link polls). A bus has one owner: when a new configuration
//! starts a link on the bus of a scan with its own connection, that scan ends first, saying why.

use crate::image::{ProcessImage, point_state};
use crate::recording::Recording;
use crate::runtime::{Runtime, dialer_of, transport_of};
use ems_acquire::link::ReadError;
use ems_acquire::scan::FoundUnit;
use ems_acquire::{DeviceSpec, LinkEvent, LinkHandle, ScanPath, ScanSettings, read_once};
use ems_api::running::{
    ApplyError, DeviceState, LiveChange, ReadFailure, ReadResult, RunningSite, ScanBook,
    ScanCandidate, ScanReporter, ScanRequest, ScannedUnit, SpectrumState,
};
use ems_model::site::{Bus, Device, Link, SiteConfig};
use ems_model::{Clock, DeviceId, SampleBatch};
use ems_profile::IdentifyPlan;
use ems_profile::load::Library;
use ems_store::sqlite::SqliteStore;
use ems_store::store::ConfigSource;
use ems_store::{HistoryWriter, RecordsReader};
use futures_util::future::BoxFuture;
use jiff::Timestamp;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::{broadcast, oneshot};

/// How long a restart waits for the old links to stop.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Rewrites where links really are before polling (the demo points its links at the simulator's
/// ports); the identity for a real site.
pub type LinkRouting = Box<dyn Fn(&SiteConfig) -> SiteConfig + Send + Sync>;

/// The running site.
pub struct SiteRunner {
    store: Arc<SqliteStore>,
    library: Arc<Library>,
    clock: Arc<dyn Clock>,
    routing: LinkRouting,
    /// The configuration in force, as stored.
    site: RwLock<Arc<SiteConfig>>,
    /// The process image of the runtime in force.
    image: RwLock<Arc<RwLock<ProcessImage>>>,
    runtime: tokio::sync::RwLock<Option<Runtime>>,
    changes: broadcast::Sender<LiveChange>,
    started_at: Timestamp,
    acquisition_started_at: RwLock<Timestamp>,
    /// The identification registers of the library, for bus scans.
    identify_plan: Arc<IdentifyPlan>,
    /// The bus scans, running and finished.
    scans: ScanBook,
    /// The scans running over a connection of their own, with the bus each holds.
    own_bus_scans: Mutex<Vec<OwnBusScan>>,
}

/// A scan of a bus that no link in force polled when it started.
struct OwnBusScan {
    bus: Bus,
    /// Ends the scan, telling it which link now owns the bus.
    hand_over: oneshot::Sender<String>,
    task: tokio::task::JoinHandle<()>,
}

impl SiteRunner {
    /// Starts acquisition of `site` (as stored), recording into `store`.
    pub fn start(
        site: SiteConfig,
        store: Arc<SqliteStore>,
        library: Arc<Library>,
        clock: Arc<dyn Clock>,
        routing: LinkRouting,
    ) -> anyhow::Result<Arc<SiteRunner>> {
        let (changes, _) = broadcast::channel(1024);
        let now = clock.now();
        let runtime = start_runtime(&routing(&site), &store, &library, &clock)?;
        let image = runtime.image();
        let identify_plan = Arc::new(IdentifyPlan::new(library.iter()));
        let scans = ScanBook::new(clock.clone());
        let runner = Arc::new(SiteRunner {
            store,
            library,
            clock,
            routing,
            site: RwLock::new(Arc::new(site)),
            image: RwLock::new(image.clone()),
            runtime: tokio::sync::RwLock::new(None),
            changes,
            started_at: now,
            acquisition_started_at: RwLock::new(now),
            identify_plan,
            scans,
            own_bus_scans: Mutex::new(Vec::new()),
        });
        forward_changes(&runtime, image, runner.changes.clone());
        runner
            .runtime
            .try_write()
            .map_err(|_| anyhow::anyhow!("the runtime is in use at start"))?
            .replace(runtime);
        Ok(runner)
    }

    /// The process image in force.
    pub fn image(&self) -> Arc<RwLock<ProcessImage>> {
        self.image.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Stops acquisition, waiting for what was read to be recorded.
    pub async fn stop(&self) {
        if let Some(runtime) = self.runtime.write().await.take() {
            runtime.stop(STOP_GRACE).await;
        }
    }

    /// Reads a device now (the "Test" button), as its link reads it.
    pub async fn read_now(&self, device: &DeviceId) -> Result<SampleBatch, ReadError> {
        match self.runtime.read().await.as_ref() {
            Some(runtime) => runtime.read_now(device).await,
            None => Err(ReadError::Stopped),
        }
    }

    /// The running link in force that owns the bus of `link` (its serial port or socket), if
    /// any: a bus has one owner, so tests of a device or link there go through it. Refused
    /// when that link uses the bus with other settings.
    fn owner_of_bus<'r>(
        &self,
        runtime: Option<&'r Runtime>,
        link: &Link,
    ) -> Result<Option<&'r LinkHandle>, ReadFailure> {
        let Some(bus) = link.transport.bus() else {
            return Ok(None);
        };
        let site = self.site();
        let Some((owner_id, owner)) = site
            .links
            .iter()
            .find(|(_, l)| l.enabled && l.transport.bus().as_ref() == Some(&bus))
        else {
            return Ok(None);
        };
        if owner.transport != link.transport {
            return Err(ReadFailure::Unusable(format!(
                "this bus is used by link {owner_id:?} with other settings: test on that link, \
                 or change or disable it first"
            )));
        }
        Ok(runtime.and_then(|r| r.link(owner_id)))
    }

    /// Every event of the links in force (for tests and the console).
    pub async fn subscribe_events(&self) -> Option<broadcast::Receiver<LinkEvent>> {
        self.runtime.read().await.as_ref().map(Runtime::subscribe)
    }

    /// Ends the scans with a connection of their own to a bus that a link of `site` (as routed)
    /// polls, and waits until their connections are closed.
    async fn hand_over_buses(&self, site: &SiteConfig) {
        let owners: Vec<(String, Bus)> = site
            .links
            .iter()
            .filter(|(_, link)| link.enabled)
            .filter_map(|(id, link)| link.transport.bus().map(|bus| (id.to_string(), bus)))
            .collect();
        let ending: Vec<OwnBusScan> = {
            let mut scans = self.own_bus_scans.lock().unwrap_or_else(|e| e.into_inner());
            scans.retain(|scan| !scan.task.is_finished());
            let (ending, going_on) = std::mem::take(&mut *scans)
                .into_iter()
                .partition(|scan| owners.iter().any(|(_, bus)| *bus == scan.bus));
            *scans = going_on;
            ending
        };
        for scan in ending {
            if let Some((link, _)) = owners.iter().find(|(_, bus)| *bus == scan.bus) {
                let _ = scan.hand_over.send(link.clone());
            }
            let _ = scan.task.await;
        }
    }

    async fn restart(&self, site: &SiteConfig) -> Result<(), ApplyError> {
        let mut runtime = self.runtime.write().await;
        if let Some(old) = runtime.take() {
            old.stop(STOP_GRACE).await;
        }
        let routed = (self.routing)(site);
        self.hand_over_buses(&routed).await;
        let new = start_runtime(&routed, &self.store, &self.library, &self.clock)
            .map_err(|e| ApplyError::Start(format!("{e:#}")))?;
        let image = new.image();
        forward_changes(&new, image.clone(), self.changes.clone());
        *self.image.write().unwrap_or_else(|e| e.into_inner()) = image;
        *runtime = Some(new);
        *self
            .acquisition_started_at
            .write()
            .unwrap_or_else(|e| e.into_inner()) = self.clock.now();
        let _ = self.changes.send(LiveChange::Restarted);
        Ok(())
    }

    async fn apply_site(&self, site: SiteConfig) -> Result<Option<u32>, ApplyError> {
        let errors = site.validate(self.library.as_ref());
        if !errors.is_empty() {
            return Err(ApplyError::Invalid(errors));
        }
        let store = self.store.clone();
        let saved = site.clone();
        let version =
            tokio::task::spawn_blocking(move || store.save_site(&saved, ConfigSource::Api))
                .await
                .map_err(|e| ApplyError::Start(e.to_string()))??;
        if version.is_none() {
            return Ok(None);
        }
        let previous = self.site();
        if let Err(e) = self.restart(&site).await {
            // Put the previous configuration back in force and in the store.
            tracing::error!(error = %e, "the new configuration cannot start; keeping the previous one");
            let store = self.store.clone();
            let restored = previous.as_ref().clone();
            let _ =
                tokio::task::spawn_blocking(move || store.save_site(&restored, ConfigSource::Api))
                    .await;
            if let Err(again) = self.restart(&previous).await {
                tracing::error!(error = %again, "the previous configuration cannot start either");
            }
            return Err(e);
        }
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(site);
        Ok(version)
    }
}

fn start_runtime(
    site: &SiteConfig,
    store: &Arc<SqliteStore>,
    library: &Library,
    clock: &Arc<dyn Clock>,
) -> anyhow::Result<Runtime> {
    let boundaries = store.reader()?.counter_boundaries()?;
    let recording = Recording::new(site, store.clone(), boundaries)?;
    Ok(Runtime::start(
        site,
        library,
        clock.clone(),
        Some(recording),
    )?)
}

/// Turns the events of a runtime into changes of the live values, read from its image after
/// the hub applied them.
fn forward_changes(
    runtime: &Runtime,
    image: Arc<RwLock<ProcessImage>>,
    changes: broadcast::Sender<LiveChange>,
) {
    let mut events = runtime.subscribe();
    tokio::spawn(async move {
        loop {
            let change = match events.recv().await {
                Ok(LinkEvent::Samples(batch)) => {
                    let image = image.read().unwrap_or_else(|e| e.into_inner());
                    let Some(live) = image.device(&batch.device) else {
                        continue;
                    };
                    let points = batch
                        .samples
                        .iter()
                        .filter_map(|s| live.points.get(&s.point).map(|v| point_state(s.point, v)))
                        .collect();
                    LiveChange::Values {
                        device: batch.device.clone(),
                        points,
                    }
                }
                Ok(LinkEvent::Status { device, .. }) => {
                    let image = image.read().unwrap_or_else(|e| e.into_inner());
                    let Some(state) = image.device_state(&device) else {
                        continue;
                    };
                    LiveChange::Status(state)
                }
                // Spectra are read on request (`RunningSite::harmonics`), not streamed.
                Ok(
                    LinkEvent::Counter { .. }
                    | LinkEvent::Stream { .. }
                    | LinkEvent::Spectrum { .. },
                ) => continue,
                // Changes were missed: every listener must read the whole state again.
                Err(broadcast::error::RecvError::Lagged(_)) => LiveChange::Restarted,
                Err(broadcast::error::RecvError::Closed) => break,
            };
            let _ = changes.send(change);
        }
    });
}

fn read_result(batch: SampleBatch) -> ReadResult {
    // The image's rules apply: an implausible reading is marked, not taken.
    let timestamp = batch.timestamp;
    let device = batch.device.clone();
    let mut image = ProcessImage::new();
    image.apply(&LinkEvent::Samples(batch));
    let points = image
        .device(&device)
        .map(|live| {
            live.points
                .iter()
                .map(|(p, v)| point_state(*p, v))
                .collect()
        })
        .unwrap_or_default();
    ReadResult { timestamp, points }
}

/// Runs a scan to its end (or until it is cancelled), reporting each unit id.
/// Runs a scan to its end, its cancellation, or (for a scan with its own connection) the start
/// of a link on its bus, which `handed_over` names.
async fn run_scan(
    path: ScanPath,
    settings: ScanSettings,
    reporter: ScanReporter,
    handed_over: Option<oneshot::Receiver<String>>,
) {
    let cancelled = reporter.cancelled();
    let handed_over = async {
        match handed_over {
            Some(receiver) => receiver.await.ok(),
            None => None,
        }
    };
    let outcome = tokio::select! {
        outcome = ems_acquire::scan(path, &settings, |_, found| {
            reporter.probed(found.map(scanned_unit));
        }) => Some(outcome.map(|_| ()).map_err(|e| e.to_string())),
        () = cancelled => None,
        Some(link) = handed_over => Some(Err(format!(
            "link {link:?} now polls this bus and owns it: the scan stopped; scan again through \
             that link"
        ))),
    };
    // A cancelled scan shows as cancelled in the book already.
    if let Some(result) = outcome {
        reporter.finish(result.err());
    }
}

/// A unit found by a scan, as the API shows it.
fn scanned_unit(found: &FoundUnit) -> ScannedUnit {
    ScannedUnit {
        unit_id: found.unit_id,
        exception: found.exception.map(|code| code.code()),
        candidates: found
            .candidates
            .iter()
            .map(|profile| ScanCandidate {
                profile: profile.id.clone(),
                vendor: profile.vendor.clone(),
                model: profile.model.clone(),
            })
            .collect(),
    }
}

fn read_failure(device: &DeviceId, error: ReadError) -> ReadFailure {
    match error {
        ReadError::UnknownDevice(_) => ReadFailure::NotPolled(device.to_string()),
        ReadError::Setup(e) => ReadFailure::Unusable(e.to_string()),
        ReadError::Stopped => {
            ReadFailure::Unreachable("acquisition is restarting; try again".into())
        }
        e @ (ReadError::Transport(_) | ReadError::NotMeasured { .. }) => {
            ReadFailure::Unreachable(e.to_string())
        }
    }
}

impl RunningSite for SiteRunner {
    fn site(&self) -> Arc<SiteConfig> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn apply(&self, site: SiteConfig) -> BoxFuture<'_, Result<Option<u32>, ApplyError>> {
        Box::pin(self.apply_site(site))
    }

    fn started_at(&self) -> Timestamp {
        self.started_at
    }

    fn acquisition_started_at(&self) -> Timestamp {
        *self
            .acquisition_started_at
            .read()
            .unwrap_or_else(|e| e.into_inner())
    }

    fn live(&self) -> Vec<DeviceState> {
        let image = self.image();
        let image = image.read().unwrap_or_else(|e| e.into_inner());
        image.device_states()
    }

    fn live_device(&self, device: &DeviceId) -> Option<DeviceState> {
        let image = self.image();
        let image = image.read().unwrap_or_else(|e| e.into_inner());
        image.device_state(device)
    }

    fn subscribe(&self) -> broadcast::Receiver<LiveChange> {
        self.changes.subscribe()
    }

    fn harmonics(&self, device: &DeviceId) -> Option<SpectrumState> {
        let image = self.image();
        let image = image.read().unwrap_or_else(|e| e.into_inner());
        image.spectrum(device)
    }

    fn read_device(&self, device: DeviceId) -> BoxFuture<'_, Result<ReadResult, ReadFailure>> {
        Box::pin(async move {
            self.read_now(&device)
                .await
                .map(read_result)
                .map_err(|e| read_failure(&device, e))
        })
    }

    fn test_device(
        &self,
        link: Link,
        device: Device,
    ) -> BoxFuture<'_, Result<ReadResult, ReadFailure>> {
        Box::pin(async move {
            let id = DeviceId::new("test").map_err(|e| ReadFailure::Unusable(e.to_string()))?;
            let profile = self
                .library
                .resolve(&device.profile, device.generic.as_ref())
                .map_err(|e| ReadFailure::Unusable(e.to_string()))?;
            let timeout_ms = device.timeout_ms.unwrap_or(link.timeout_ms());
            let spec = DeviceSpec {
                id: id.clone(),
                unit_id: device.unit_id,
                profile,
                fast_period: Duration::from_secs(1),
                slow_period: Duration::from_secs(1),
                timeout: Duration::from_millis(u64::from(timeout_ms)),
                ct_ratio: device.ct_ratio,
                vt_ratio: device.vt_ratio,
                one_value_per_read: false,
            };
            // A bus has one owner: a link in force on the same bus reads the device between
            // its own requests, over its own connection.
            let runtime = self.runtime.read().await;
            if let Some(owner) = self.owner_of_bus(runtime.as_ref(), &link)? {
                return owner
                    .read_once(spec)
                    .await
                    .map(read_result)
                    .map_err(|e| read_failure(&id, e));
            }
            drop(runtime);
            let mut transport = transport_of(&link.transport).ok_or_else(|| {
                ReadFailure::Unusable(
                    "an internal meter is tested by reading it once it is configured".into(),
                )
            })?;
            read_once(&mut transport, spec, self.clock.as_ref())
                .await
                .map(read_result)
                .map_err(|e| read_failure(&id, e))
        })
    }

    fn test_link(&self, link: Link) -> BoxFuture<'_, Result<(), ReadFailure>> {
        Box::pin(async move {
            let timeout = Duration::from_millis(u64::from(link.timeout_ms()).max(1000));
            let runtime = self.runtime.read().await;
            if let Some(owner) = self.owner_of_bus(runtime.as_ref(), &link)? {
                return owner
                    .connect(timeout)
                    .await
                    .map_err(|e| ReadFailure::Unreachable(e.to_string()));
            }
            drop(runtime);
            let dialer = dialer_of(&link.transport).ok_or_else(|| {
                ReadFailure::Unusable(
                    "a waveform stream is tested through its internal meter".into(),
                )
            })?;
            match tokio::time::timeout(timeout, dialer.dial()).await {
                Ok(Ok(_stream)) => Ok(()),
                Ok(Err(e)) => Err(ReadFailure::Unreachable(format!(
                    "{}: {e}",
                    dialer.target()
                ))),
                Err(_) => Err(ReadFailure::Unreachable(format!(
                    "{}: no answer within {} ms",
                    dialer.target(),
                    timeout.as_millis()
                ))),
            }
        })
    }

    fn scans(&self) -> &ScanBook {
        &self.scans
    }

    fn scan_bus(
        &self,
        request: ScanRequest,
        reporter: ScanReporter,
    ) -> BoxFuture<'_, Result<(), ReadFailure>> {
        Box::pin(async move {
            let timeout = request
                .timeout
                .unwrap_or(Duration::from_millis(u64::from(request.link.timeout_ms())));
            let settings = ScanSettings {
                unit_ids: request.unit_ids,
                timeout,
                plan: self.identify_plan.clone(),
            };
            // A bus has one owner: a link in force on it scans between its own requests.
            // Held until the scan is registered, so that no restart starts a link between.
            let runtime = self.runtime.read().await;
            if let Some(owner) = self.owner_of_bus(runtime.as_ref(), &request.link)? {
                let path = ScanPath::Link(owner.downgrade());
                tokio::spawn(run_scan(path, settings, reporter, None));
                return Ok(());
            }
            // A link of the site is reached where the routing points it.
            let routed = request
                .link_id
                .as_ref()
                .and_then(|id| (self.routing)(&self.site()).links.remove(id));
            let link = routed.unwrap_or(request.link);
            let (transport, bus) = transport_of(&link.transport)
                .zip(link.transport.bus())
                .ok_or_else(|| {
                    ReadFailure::Unusable("a waveform stream has no bus to scan".into())
                })?;
            let (hand_over, handed_over) = oneshot::channel();
            let path = ScanPath::Transport(Box::new(transport));
            let task = tokio::spawn(run_scan(path, settings, reporter, Some(handed_over)));
            self.own_bus_scans
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(OwnBusScan {
                    bus,
                    hand_over,
                    task,
                });
            drop(runtime);
            Ok(())
        })
    }
}
