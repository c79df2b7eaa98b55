//! The traits a store back end implements, and the types they exchange.
//!
//! The SQLite back end ([`crate::sqlite`]) is the one built in; a server database plugs in
//! behind the same traits.

use crate::error::StoreError;
use crate::event::{Event, EventFilter, NewEvent};
use crate::record::IntervalRecord;
use ems_model::site::SiteConfig;
use ems_model::tariff::{Commodity, Price};
use ems_model::{DeviceId, Point};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Where a configuration version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConfigSource {
    /// The default site `ems run` starts with on an empty store given no site file: the Local
    /// gateway, the predefined loads and no devices, to be completed in the first-run wizard.
    Default,
    /// The site file given to `ems run` for an empty store.
    Seed,
    /// `ems config import`.
    Import,
    /// The built-in demo site.
    Demo,
    /// An edit through the API.
    Api,
}

impl ConfigSource {
    /// Every source.
    pub const ALL: &'static [ConfigSource] = &[
        ConfigSource::Default,
        ConfigSource::Seed,
        ConfigSource::Import,
        ConfigSource::Demo,
        ConfigSource::Api,
    ];

    /// True when a configuration from this source makes the site commissioned: a site set up
    /// beforehand (a site file, the demo), unlike the default site and the edits that complete
    /// it in the first-run wizard.
    pub const fn commissions(self) -> bool {
        matches!(
            self,
            ConfigSource::Seed | ConfigSource::Import | ConfigSource::Demo
        )
    }

    /// The snake_case name stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigSource::Default => "default",
            ConfigSource::Seed => "seed",
            ConfigSource::Import => "import",
            ConfigSource::Demo => "demo",
            ConfigSource::Api => "api",
        }
    }
}

impl fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ConfigSource {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "default" => Ok(ConfigSource::Default),
            "seed" => Ok(ConfigSource::Seed),
            "import" => Ok(ConfigSource::Import),
            "demo" => Ok(ConfigSource::Demo),
            "api" => Ok(ConfigSource::Api),
            other => Err(StoreError::Corrupt(format!(
                "unknown configuration source \"{other}\""
            ))),
        }
    }
}

/// One stored version of the site configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfigVersion {
    /// Its number (1, 2, …).
    pub version: u32,
    /// When it was saved.
    pub saved_at: Timestamp,
    /// Where it came from.
    pub source: ConfigSource,
    /// The site file (TOML) of this version.
    pub site_toml: String,
}

/// The last stored boundary of one counter: where the interval recorder resumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterBoundary {
    /// The device.
    pub device: DeviceId,
    /// The counter.
    pub point: Point,
    /// The boundary (UTC).
    pub boundary: Timestamp,
    /// The device's counter at the boundary.
    pub value: i64,
}

/// Writing history. Writes go to one writer; [`HistoryWriter::append`] returns once the
/// records are durable.
pub trait HistoryWriter: Send + Sync {
    /// Stores interval records and returns once they are durable (they survive `kill -9` and a
    /// power cut). Records of a device and interval already stored are merged point by point.
    /// On [`StoreError::Unavailable`] the records are kept in memory and written later.
    fn append(&self, records: Vec<IntervalRecord>) -> Result<(), StoreError>;

    /// Stores interval records without waiting. When the storage cannot be written, they are
    /// kept in a bounded buffer and written when it can.
    fn submit(&self, records: Vec<IntervalRecord>);

    /// Logs an event and returns once it is durable.
    fn log_event(&self, event: NewEvent) -> Result<(), StoreError>;

    /// Logs an event without waiting.
    fn submit_event(&self, event: NewEvent);

    /// Saves a site configuration as a new version and applies its layout (time zone, sample
    /// rate, scopes) to data written from now on. Returns the new version number, or `None`
    /// when the configuration equals the latest version.
    fn save_site(&self, site: &SiteConfig, source: ConfigSource)
    -> Result<Option<u32>, StoreError>;

    /// Waits until everything submitted so far is durable (or kept in memory because the
    /// storage is unavailable, which is returned as an error).
    fn flush(&self) -> Result<(), StoreError>;

    /// Stores dynamic prices of a commodity ([start, end) and the price without surcharge,
    /// sorted, none overlapping another): the stored entries that overlap their span are
    /// replaced, the rest kept. Prices what is written from then on when the contract is
    /// priced dynamically; costs already stored change only by a re-pricing. Logs a
    /// `prices_imported` event naming `by`.
    fn import_prices(
        &self,
        commodity: Commodity,
        entries: Vec<(Timestamp, Timestamp, Price)>,
        by: &str,
    ) -> Result<PriceImport, StoreError>;

    /// Marks the site commissioned (the first-run wizard is done), for good. Returns true
    /// when it was not commissioned before (see [`RecordsReader::commissioned`]).
    fn mark_commissioned(&self) -> Result<bool, StoreError>;
}

/// Reading what is stored besides consumption history: configuration versions, counter
/// boundaries, events.
pub trait RecordsReader {
    /// A configuration version: the latest when `version` is `None`. `None` when the store
    /// holds no configuration (or not that version).
    fn site_config(&self, version: Option<u32>) -> Result<Option<ConfigVersion>, StoreError>;

    /// Every configuration version, newest first, without their text.
    fn config_versions(&self) -> Result<Vec<ConfigVersion>, StoreError>;

    /// True when the site is commissioned: marked so ([`HistoryWriter::mark_commissioned`]),
    /// or given by a stored version whose source [commissions](ConfigSource::commissions) it
    /// (as every store written before the default site existed was). It never reverts.
    fn commissioned(&self) -> Result<bool, StoreError>;

    /// The last stored boundary of every counter of every device.
    fn counter_boundaries(&self) -> Result<Vec<CounterBoundary>, StoreError>;

    /// Events, newest first.
    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError>;

    /// The dynamic prices imported for a commodity that overlap [from, to), sorted by start.
    fn imported_prices(
        &self,
        commodity: Commodity,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(Timestamp, Timestamp, Price)>, StoreError>;
}

/// The result of an integrity check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrityCheck {
    /// When it ran.
    pub checked_at: Timestamp,
    /// True when the database reported no problem.
    pub ok: bool,
    /// What it reported (`ok`, or the problems, at most 100).
    pub messages: Vec<String>,
}

/// A backup of the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BackupInfo {
    /// When it was taken.
    pub at: Timestamp,
    /// The backup file.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub path: PathBuf,
    /// True when it succeeded.
    pub ok: bool,
    /// Why it failed, if it did.
    pub message: Option<String>,
}

/// The state of the store, as the system information page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthReport {
    /// The database file.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub path: PathBuf,
    /// Size of the database file, in bytes.
    pub database_bytes: u64,
    /// Size of its write-ahead log, in bytes.
    pub wal_bytes: u64,
    /// Free space on the file system that holds it, in bytes.
    pub free_bytes: u64,
    /// Pages of the database that are free (space an "optimize" returns to the file system).
    pub free_pages: u64,
    /// Pages of the database.
    pub pages: u64,
    /// Blocks of finished days not yet compacted.
    pub pending_compaction: u64,
    /// The last integrity check.
    pub integrity: Option<IntegrityCheck>,
    /// The last backup.
    pub last_backup: Option<BackupInfo>,
    /// True when "optimize" would help (many free pages or blocks to compact).
    pub needs_optimize: bool,
    /// Values held in memory because the storage could not be written.
    pub buffered_values: u64,
}

/// What an "optimize" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptimizeReport {
    /// Blocks merged into day blocks.
    pub compacted_blocks: u64,
    /// Bytes returned to the file system.
    pub freed_bytes: u64,
}

/// What a re-pricing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepriceReport {
    /// The first local day priced again.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    /// The last local day priced again.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// Intervals of priced counters read and priced.
    pub intervals: u64,
}

/// What an import of dynamic prices did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceImport {
    /// The commodity: `electricity`, `gas` or `water`.
    pub commodity: &'static str,
    /// The entries imported.
    pub imported: u64,
    /// The entries stored before that overlapped the imported span and were replaced.
    pub replaced: u64,
    /// The start of the first entry imported.
    pub from: Timestamp,
    /// The end of the last entry imported.
    pub to: Timestamp,
}

/// Looking after the store.
pub trait Maintenance {
    /// The state of the store; with `check_integrity`, runs a full integrity check first (it
    /// reads the whole database).
    fn health(&self, check_integrity: bool) -> Result<HealthReport, StoreError>;

    /// Merges finished days into day blocks, updates the query planner's statistics and returns
    /// free pages to the file system.
    fn optimize(&self) -> Result<OptimizeReport, StoreError>;

    /// Takes a consistent copy of the store into its backup directory.
    fn backup(&self) -> Result<BackupInfo, StoreError>;

    /// Recomputes every rollup from the interval records with the current scopes (after a
    /// time-zone change, or to apply a new load or group assignment to the past); costs are
    /// priced again with the contracts in force.
    fn rebuild_rollups(&self) -> Result<(), StoreError>;

    /// Prices the intervals of the local days `from..=to` again with the contracts in force
    /// now, filed under the current scopes, replacing the costs stored for those days; logs a
    /// `costs_repriced` event naming `by` (who asked). Costs are otherwise never rewritten: a
    /// change of tariffs prices what is written from then on.
    fn reprice(&self, from: Date, to: Date, by: &str) -> Result<RepriceReport, StoreError>;
}
