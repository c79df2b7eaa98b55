//! What the API needs of the running system, as a trait the `ems` binary implements: the site
//! configuration in force and how to change it, the live values and their changes, the latest
//! harmonic spectra, reads of devices on request ("test"), and bus scans.
//!
//! The API depends on this trait, not on acquisition, so that the adapters stay independent
//! (see `docs/ARCHITECTURE.md`), and so that tests can run the API against a scripted site.

use ems_model::site::{Device, Link, SiteConfig};
use ems_model::spectrum::Spectrum;
use ems_model::{ConfigError, DeviceId, DeviceStatus, Point, Quality, Value};
use futures_util::future::BoxFuture;
use jiff::Timestamp;
use serde::Serialize;
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use utoipa::ToSchema;

pub use crate::routes::scans::{ScanBook, ScanReporter};

/// A value seen at a time (a minimum or maximum since start).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Extreme {
    /// The value, in the point's unit.
    pub value: f64,
    /// When it was seen.
    pub at: Timestamp,
}

/// The latest state of one point of a device.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PointState {
    /// The canonical point name (`active_power`, `energy_active_import`, …).
    #[schema(value_type = String)]
    pub point: Point,
    /// The unit symbol (`W`, `Wh`, `V`, …).
    pub unit: &'static str,
    /// The value: an integer for counters, a number otherwise; `null` when not a number.
    #[schema(value_type = Option<f64>)]
    pub value: Value,
    /// How far the value can be trusted: `stale` while its device does not answer.
    #[schema(value_type = String)]
    pub quality: Quality,
    /// When it was read.
    pub timestamp: Timestamp,
    /// Lowest good value since start (momentary values only).
    pub min: Option<Extreme>,
    /// Highest good value since start (momentary values only).
    pub max: Option<Extreme>,
}

/// The latest state of one device.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeviceState {
    /// The device id.
    #[schema(value_type = String)]
    pub device: DeviceId,
    /// `on`, `off` or `communication_error`; `null` until its first poll ends.
    #[schema(value_type = Option<String>)]
    pub status: Option<DeviceStatus>,
    /// When the status last changed.
    pub status_since: Option<Timestamp>,
    /// The error behind a communication error.
    pub last_error: Option<String>,
    /// Its points, by name.
    pub points: Vec<PointState>,
}

/// The latest harmonic spectrum of a device.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumState {
    /// The RMS value of each order.
    pub spectrum: Arc<Spectrum>,
    /// When it was measured.
    pub timestamp: Timestamp,
    /// `good`, or `stale` while the device does not answer (the last spectrum it gave).
    pub quality: Quality,
}

/// A change of the live values.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveChange {
    /// New values of some points of a device.
    Values {
        /// The device.
        device: DeviceId,
        /// The points that were read, with their new state.
        points: Vec<PointState>,
    },
    /// A device's status changed; its whole state follows (values turn `stale` on a
    /// communication error).
    Status(DeviceState),
    /// Acquisition restarted with a new configuration: every device's state must be read again.
    Restarted,
}

/// The values of one read on request.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReadResult {
    /// When the device answered.
    pub timestamp: Timestamp,
    /// What it answered, in canonical units.
    pub points: Vec<PointState>,
}

/// Why a read on request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadFailure {
    /// No enabled device with this id is being polled.
    #[error("device \"{0}\" is not polled (unknown or disabled)")]
    NotPolled(String),
    /// The device, or the link to it, did not answer or answered an error: the exact error.
    #[error("{0}")]
    Unreachable(String),
    /// The device's settings cannot be used (unknown profile, bad register…).
    #[error("{0}")]
    Unusable(String),
}

/// Why a new configuration was not applied; nothing changed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApplyError {
    /// The configuration breaks rules; each with its path.
    #[error("the configuration breaks {} rule(s)", .0.len())]
    Invalid(Vec<ConfigError>),
    /// The store could not save it.
    #[error(transparent)]
    Store(#[from] ems_store::StoreError),
    /// Acquisition could not start with it (the old configuration keeps running).
    #[error("acquisition cannot start with it: {0}")]
    Start(String),
}

/// A bus scan to run.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanRequest {
    /// The id of the link of the site scanned; `None` for a link not saved.
    pub link_id: Option<String>,
    /// The link: its bus is scanned.
    pub link: Link,
    /// The unit ids to scan, in order (within 1..=247).
    pub unit_ids: RangeInclusive<u8>,
    /// How long to wait for each answer; the link's timeout when `None`.
    pub timeout: Option<Duration>,
}

/// A profile a scanned unit matches: every identification register it declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScanCandidate {
    /// The profile's id (`eastron.sdm120`), as a device names it.
    pub profile: String,
    /// The manufacturer.
    pub vendor: String,
    /// The model.
    pub model: String,
}

/// A unit that answered during a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedUnit {
    /// Its unit id.
    pub unit_id: u8,
    /// The Modbus exception code it answered with, when it answered no identification register
    /// (a unit is there, of a model no profile recognises).
    pub exception: Option<u8>,
    /// The profiles it matches, by id; empty when none does.
    pub candidates: Vec<ScanCandidate>,
}

/// The running system.
pub trait RunningSite: Send + Sync {
    /// The configuration in force.
    fn site(&self) -> Arc<SiteConfig>;

    /// Validates `site`, saves it as a new configuration version and restarts acquisition
    /// with it. Returns the new version (`None` when it equals the one in force).
    fn apply(&self, site: SiteConfig) -> BoxFuture<'_, Result<Option<u32>, ApplyError>>;

    /// When the process started.
    fn started_at(&self) -> Timestamp;

    /// When acquisition last (re)started.
    fn acquisition_started_at(&self) -> Timestamp;

    /// Every device's state.
    fn live(&self) -> Vec<DeviceState>;

    /// One device's state.
    fn live_device(&self, device: &DeviceId) -> Option<DeviceState>;

    /// Changes of the live values from now on.
    fn subscribe(&self) -> broadcast::Receiver<LiveChange>;

    /// One device's latest harmonic spectrum; `None` when it has given none (it measures no
    /// harmonics, or none yet).
    fn harmonics(&self, device: &DeviceId) -> Option<SpectrumState>;

    /// Reads a polled device now.
    fn read_device(&self, device: DeviceId) -> BoxFuture<'_, Result<ReadResult, ReadFailure>>;

    /// Reads a device described by `link` and `device`, which need not be in the configuration
    /// (the wizard tests a device before adding it); on a bus that a running link owns,
    /// through that link.
    fn test_device(
        &self,
        link: Link,
        device: Device,
    ) -> BoxFuture<'_, Result<ReadResult, ReadFailure>>;

    /// Opens a connection to `link` and closes it: whether the gateway is reachable.
    fn test_link(&self, link: Link) -> BoxFuture<'_, Result<(), ReadFailure>>;

    /// The bus scans of this site: those running and the last ones finished.
    fn scans(&self) -> &ScanBook;

    /// Starts scanning the bus of `request.link` in the background, reporting each unit into
    /// `reporter` and finishing it; stops when the reporter says the scan was cancelled. On a
    /// bus that a running link owns, the scan goes through that link, between its own
    /// requests; refused (as [`ReadFailure::Unusable`]) when that link uses the bus with other
    /// settings, or when the link has no bus (a waveform stream).
    fn scan_bus(
        &self,
        request: ScanRequest,
        reporter: ScanReporter,
    ) -> BoxFuture<'_, Result<(), ReadFailure>>;
}
