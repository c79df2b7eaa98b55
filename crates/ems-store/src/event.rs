//! The event log: status changes, counter resets, repaired gaps, configuration changes and the
//! store's own incidents, kept for the alerts and the history pages.

use ems_model::{DeviceId, Point};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A device's communication status changed (on, off, communication error).
    DeviceStatus,
    /// A counter started a new baseline: a declared reset, a replaced meter, or a new level
    /// confirmed by consecutive readings.
    CounterReset,
    /// A counter reading was implausible (a fall, a read of 0, an impossible jump) and was not
    /// used.
    CounterGlitch,
    /// Energy (or volume) of a gap in the readings was spread over the gap's intervals.
    EnergySpread,
    /// The site configuration changed (a new version was stored).
    ConfigChanged,
    /// The storage could not be written (disk full, read-only, I/O error); values are kept in
    /// memory meanwhile.
    StorageUnavailable,
    /// The storage became writable again and the values kept in memory were written.
    StorageRecovered,
    /// Values kept in memory were dropped because the storage stayed unavailable too long.
    RecordsDropped,
    /// The store was optimized.
    StoreOptimized,
    /// A backup of the store was taken (or failed).
    Backup,
    /// The store's format was upgraded.
    StoreUpgraded,
    /// Rollups were rebuilt from the interval records.
    RollupsRebuilt,
    /// The costs of a period were priced again with the contracts in force.
    CostsRepriced,
    /// Dynamic prices were imported.
    PricesImported,
    /// Something happened on an internal meter's waveform stream: a gap in the samples, a
    /// restart of the source, a change of format, dropped frames or bytes that are not frames.
    WaveformStream,
}

impl EventKind {
    /// Every kind.
    pub const ALL: &'static [EventKind] = &[
        EventKind::DeviceStatus,
        EventKind::CounterReset,
        EventKind::CounterGlitch,
        EventKind::EnergySpread,
        EventKind::ConfigChanged,
        EventKind::StorageUnavailable,
        EventKind::StorageRecovered,
        EventKind::RecordsDropped,
        EventKind::StoreOptimized,
        EventKind::Backup,
        EventKind::StoreUpgraded,
        EventKind::RollupsRebuilt,
        EventKind::CostsRepriced,
        EventKind::PricesImported,
        EventKind::WaveformStream,
    ];

    /// The snake_case name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::DeviceStatus => "device_status",
            EventKind::CounterReset => "counter_reset",
            EventKind::CounterGlitch => "counter_glitch",
            EventKind::EnergySpread => "energy_spread",
            EventKind::ConfigChanged => "config_changed",
            EventKind::StorageUnavailable => "storage_unavailable",
            EventKind::StorageRecovered => "storage_recovered",
            EventKind::RecordsDropped => "records_dropped",
            EventKind::StoreOptimized => "store_optimized",
            EventKind::Backup => "backup",
            EventKind::StoreUpgraded => "store_upgraded",
            EventKind::RollupsRebuilt => "rollups_rebuilt",
            EventKind::CostsRepriced => "costs_repriced",
            EventKind::PricesImported => "prices_imported",
            EventKind::WaveformStream => "waveform_stream",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not an event kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind \"{0}\"")]
pub struct UnknownEventKind(pub String);

impl FromStr for EventKind {
    type Err = UnknownEventKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownEventKind(s.to_owned()))
    }
}

/// How much an event matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For the record.
    Info,
    /// Something a user should look at.
    Warning,
    /// Data is at risk.
    Error,
}

impl Severity {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl FromStr for Severity {
    type Err = UnknownEventKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(UnknownEventKind(other.to_owned())),
        }
    }
}

/// An event to log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewEvent {
    /// When it happened (UTC).
    pub at: Timestamp,
    /// What happened.
    pub kind: EventKind,
    /// How much it matters.
    pub severity: Severity,
    /// The device concerned, if any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub device: Option<DeviceId>,
    /// The point concerned, if any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub point: Option<Point>,
    /// One line for people.
    pub message: String,
    /// Machine-readable details (JSON object; `null` when none).
    pub detail: serde_json::Value,
}

impl NewEvent {
    /// An event with no device, point or details.
    pub fn new(
        at: Timestamp,
        kind: EventKind,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        NewEvent {
            at,
            kind,
            severity,
            device: None,
            point: None,
            message: message.into(),
            detail: serde_json::Value::Null,
        }
    }

    /// The same event about a device.
    pub fn device(mut self, device: DeviceId) -> Self {
        self.device = Some(device);
        self
    }

    /// The same event about a point.
    pub fn point(mut self, point: Point) -> Self {
        self.point = Some(point);
        self
    }

    /// The same event with details.
    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// A logged event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// Its number in the log (increasing).
    pub id: i64,
    /// What was logged.
    #[serde(flatten)]
    pub event: NewEvent,
}

/// Which events to read, newest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventFilter {
    /// Only events at or after this time.
    pub since: Option<Timestamp>,
    /// Only events before this time.
    pub until: Option<Timestamp>,
    /// Only these kinds (all when empty).
    pub kinds: Vec<EventKind>,
    /// Only events of this device.
    pub device: Option<DeviceId>,
    /// Only events with an id below this one (for paging).
    pub before_id: Option<i64>,
    /// At most this many (100 when `None`).
    pub limit: Option<u32>,
}
