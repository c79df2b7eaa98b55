//! The SQLite back end: one database file in the data directory, written by one thread.
//!
//! - WAL journal with `synchronous = FULL`: a transaction is on disk when its commit returns,
//!   so whatever [`SqliteStore::append`] acknowledged survives `kill -9` and a power cut.
//! - One writer thread owns the only writing connection; callers send it commands. Records
//!   queued together are written in one transaction. Readers open their own read-only
//!   connections and never block the writer.
//! - When the storage cannot be written (disk full, read-only, I/O error), records and events
//!   wait in a bounded in-memory buffer; the writer retries every few seconds, logs
//!   `storage_unavailable` and `storage_recovered` events, and drops the oldest records (logging
//!   how many) only when the buffer is full.

mod accounts;
mod connection;
mod costs;
mod log_query;
mod pool;
mod query;
mod reader;
mod reprice;
mod schema;
mod writer;

pub use pool::ReaderPool;
pub use reader::SqliteReader;

use crate::error::StoreError;
use crate::event::NewEvent;
use crate::record::IntervalRecord;
use crate::scope::SiteLayout;
use crate::store::{
    BackupInfo, ConfigSource, HealthReport, HistoryWriter, IntegrityCheck, Maintenance,
    OptimizeReport, PriceImport, RepriceReport,
};
use ems_model::Clock;
use ems_model::site::SiteConfig;
use ems_model::tariff::{Commodity, Price};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The database file in the data directory.
pub const DATABASE_FILE: &str = "ems.sqlite";
/// The directory of backups in the data directory.
pub const BACKUP_DIR: &str = "backups";

/// Tunables of the SQLite store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Most values (see [`IntervalRecord::value_count`]) kept in memory while the storage
    /// cannot be written; the oldest are dropped beyond it.
    pub max_buffered_values: usize,
    /// How long after its end a UTC day is compacted into day blocks.
    pub compaction_grace: jiff::SignedDuration,
    /// How often the writer retries while the storage is unavailable, and looks for days to
    /// compact.
    pub retry_every: Duration,
    /// How many automatic backups to keep in the backup directory.
    pub backups_kept: usize,
    /// Largest size the database may grow to, in bytes (no limit when `None`). When it is
    /// reached, writes wait in memory as when the disk is full, until space is freed.
    pub max_database_bytes: Option<u64>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_buffered_values: 2_000_000,
            compaction_grace: jiff::SignedDuration::from_hours(1),
            retry_every: Duration::from_secs(10),
            backups_kept: 5,
            max_database_bytes: None,
        }
    }
}

type Ack<T> = SyncSender<Result<T, StoreError>>;

/// What the writer thread is asked to do.
pub(crate) enum Command {
    Append {
        records: Vec<IntervalRecord>,
        ack: Option<Ack<()>>,
    },
    Event {
        event: NewEvent,
        ack: Option<Ack<()>>,
    },
    SaveSite {
        layout: SiteLayout,
        toml: String,
        source: ConfigSource,
        ack: Ack<Option<u32>>,
    },
    Flush {
        ack: Ack<()>,
    },
    MarkCommissioned {
        ack: Ack<bool>,
    },
    Optimize {
        ack: Ack<OptimizeReport>,
    },
    Backup {
        ack: Ack<BackupInfo>,
    },
    RecordIntegrity {
        check: IntegrityCheck,
        ack: Ack<()>,
    },
    RebuildRollups {
        ack: Ack<()>,
    },
    ImportPrices {
        commodity: Commodity,
        entries: Vec<(jiff::Timestamp, jiff::Timestamp, Price)>,
        by: String,
        ack: Ack<PriceImport>,
    },
    Reprice {
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        by: String,
        ack: Ack<RepriceReport>,
    },
    BufferedValues {
        ack: Ack<u64>,
    },
    /// A change to users, sessions, tokens, the setup code or the audit log.
    Account(accounts::AccountCommand),
    /// A use of a session or token, recorded without waiting.
    Touch(accounts::Touch),
}

/// The SQLite store of one data directory.
pub struct SqliteStore {
    dir: PathBuf,
    commands: Mutex<Option<Sender<Command>>>,
    clock: Arc<dyn Clock>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl SqliteStore {
    /// Opens (creating when needed) the store in `dir`, upgrading its format when it was
    /// written by an older ems (after taking a backup), and starts its writer.
    pub fn open(
        dir: &Path,
        options: StoreOptions,
        clock: Arc<dyn Clock>,
    ) -> Result<SqliteStore, StoreError> {
        let conn = connection::open_for_writing(dir, clock.as_ref(), options.max_database_bytes)?;
        let (commands, receiver) = mpsc::channel();
        let mut writer = writer::Writer::new(conn, dir.to_owned(), options, clock.clone())?;
        let thread = std::thread::Builder::new()
            .name("ems-store-writer".to_owned())
            .spawn(move || writer.run(receiver))
            .map_err(|e| StoreError::Open {
                path: dir.to_owned(),
                cause: format!("cannot start the writer thread: {e}"),
            })?;
        Ok(SqliteStore {
            dir: dir.to_owned(),
            commands: Mutex::new(Some(commands)),
            clock,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new read-only connection to the store.
    pub fn reader(&self) -> Result<SqliteReader, StoreError> {
        SqliteReader::open(&self.dir)
    }

    /// Writes what is queued, stops the writer and waits for it. Later calls fail with
    /// [`StoreError::Closed`].
    pub fn close(&self) -> Result<(), StoreError> {
        let flushed = self.flush();
        // Dropping the only sender ends the writer's loop.
        drop(
            self.commands
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take(),
        );
        let thread = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
        match flushed {
            Err(StoreError::Closed) => Ok(()),
            other => other,
        }
    }

    fn send(&self, command: Command) -> Result<(), StoreError> {
        match &*self.commands.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(sender) => sender.send(command).map_err(|_| StoreError::Closed),
            None => Err(StoreError::Closed),
        }
    }

    fn request<T>(&self, make: impl FnOnce(Ack<T>) -> Command) -> Result<T, StoreError> {
        let (ack, answer) = mpsc::sync_channel(1);
        self.send(make(ack))?;
        wait(answer)
    }
}

fn wait<T>(answer: Receiver<Result<T, StoreError>>) -> Result<T, StoreError> {
    answer.recv().map_err(|_| StoreError::Closed)?
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

impl HistoryWriter for SqliteStore {
    fn append(&self, records: Vec<IntervalRecord>) -> Result<(), StoreError> {
        self.request(|ack| Command::Append {
            records,
            ack: Some(ack),
        })
    }

    fn submit(&self, records: Vec<IntervalRecord>) {
        let _ = self.send(Command::Append { records, ack: None });
    }

    fn log_event(&self, event: NewEvent) -> Result<(), StoreError> {
        self.request(|ack| Command::Event {
            event,
            ack: Some(ack),
        })
    }

    fn submit_event(&self, event: NewEvent) {
        let _ = self.send(Command::Event { event, ack: None });
    }

    fn save_site(
        &self,
        site: &SiteConfig,
        source: ConfigSource,
    ) -> Result<Option<u32>, StoreError> {
        let layout = SiteLayout::of(site);
        let toml = site.to_toml_string();
        self.request(|ack| Command::SaveSite {
            layout,
            toml,
            source,
            ack,
        })
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.request(|ack| Command::Flush { ack })
    }

    fn import_prices(
        &self,
        commodity: Commodity,
        entries: Vec<(jiff::Timestamp, jiff::Timestamp, Price)>,
        by: &str,
    ) -> Result<PriceImport, StoreError> {
        let by = by.to_owned();
        self.request(|ack| Command::ImportPrices {
            commodity,
            entries,
            by,
            ack,
        })
    }

    fn mark_commissioned(&self) -> Result<bool, StoreError> {
        self.request(|ack| Command::MarkCommissioned { ack })
    }
}

impl Maintenance for SqliteStore {
    fn health(&self, check_integrity: bool) -> Result<HealthReport, StoreError> {
        let reader = self.reader()?;
        if check_integrity {
            let check = reader.integrity_check(self.clock.now())?;
            self.request(|ack| Command::RecordIntegrity { check, ack })?;
        }
        let buffered = self.request(|ack| Command::BufferedValues { ack })?;
        reader.health(self.clock.now(), buffered)
    }

    fn optimize(&self) -> Result<OptimizeReport, StoreError> {
        self.request(|ack| Command::Optimize { ack })
    }

    fn backup(&self) -> Result<BackupInfo, StoreError> {
        self.request(|ack| Command::Backup { ack })
    }

    fn rebuild_rollups(&self) -> Result<(), StoreError> {
        self.request(|ack| Command::RebuildRollups { ack })
    }

    fn reprice(
        &self,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        by: &str,
    ) -> Result<RepriceReport, StoreError> {
        let by = by.to_owned();
        self.request(|ack| Command::Reprice { from, to, by, ack })
    }
}
