//! The state every handler shares.

use crate::access::AccessTable;
use crate::auth::password::PasswordHasher;
use crate::auth::throttle::{Throttle, ThrottlePolicy};
use crate::metrics::Metrics;
use crate::running::RunningSite;
use crate::settings::ServerSettings;
use ems_model::Clock;
use ems_profile::load::Library;
use ems_store::account::{AccountReader, AccountWriter};
use ems_store::query::HistoryReader;
use ems_store::{HistoryWriter, Maintenance, RecordsReader};
use std::ops::Deref;
use std::sync::Arc;

/// Everything the API writes to the store.
pub trait StoreWriting: HistoryWriter + AccountWriter + Maintenance + Send + Sync {}
impl<T: HistoryWriter + AccountWriter + Maintenance + Send + Sync> StoreWriting for T {}

/// Everything the API reads from the store; shared by every request, so it hands out
/// connections from a pool.
pub trait StoreReading: HistoryReader + RecordsReader + AccountReader + Send + Sync {}
impl<T: HistoryReader + RecordsReader + AccountReader + Send + Sync> StoreReading for T {}

/// What the API is built from.
pub struct ApiParts {
    /// The store, for writing.
    pub store: Arc<dyn StoreWriting>,
    /// The store, for reading.
    pub readers: Arc<dyn StoreReading>,
    /// The running system.
    pub site: Arc<dyn RunningSite>,
    /// The device library.
    pub library: Arc<Library>,
    /// The server's settings.
    pub settings: ServerSettings,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// The password hasher (tests give a cheap one).
    pub hasher: PasswordHasher,
    /// The brute-force limits.
    pub throttle: ThrottlePolicy,
}

/// The shared state.
#[derive(Clone)]
pub struct ApiState(Arc<Shared>);

/// The contents of [`ApiState`].
pub struct Shared {
    /// The store, for writing.
    pub store: Arc<dyn StoreWriting>,
    /// The store, for reading.
    pub readers: Arc<dyn StoreReading>,
    /// The running system.
    pub site: Arc<dyn RunningSite>,
    /// The device library.
    pub library: Arc<Library>,
    /// The server's settings.
    pub settings: ServerSettings,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// The password hasher.
    pub hasher: PasswordHasher,
    /// The brute-force throttle.
    pub throttle: Throttle,
    /// The server's metrics.
    pub metrics: Metrics,
    /// Which route needs what.
    pub access: AccessTable,
    /// Held while a configuration change is read, edited and applied, so that two edits never
    /// overwrite each other.
    pub config_edit: tokio::sync::Mutex<()>,
    /// Permits for store work on the blocking pool ([`ApiState::blocking`]).
    store_calls: tokio::sync::Semaphore,
}

impl ApiState {
    /// The state of a server.
    pub fn new(parts: ApiParts, access: AccessTable) -> ApiState {
        ApiState(Arc::new(Shared {
            store: parts.store,
            readers: parts.readers,
            site: parts.site,
            library: parts.library,
            settings: parts.settings,
            clock: parts.clock,
            hasher: parts.hasher,
            throttle: Throttle::new(parts.throttle),
            metrics: Metrics::new(),
            access,
            config_edit: tokio::sync::Mutex::new(()),
            store_calls: tokio::sync::Semaphore::new(Self::STORE_CALLS_AT_ONCE),
        }))
    }
}

impl ApiState {
    /// How many store calls run at once; the others wait their turn. Queries are short and
    /// mostly use the CPU, so more at once would not answer sooner on a gateway's few cores,
    /// and each one at once costs a thread and a read connection with its cache.
    pub const STORE_CALLS_AT_ONCE: usize = 4;

    /// Runs store work on the blocking pool, at most [`Self::STORE_CALLS_AT_ONCE`] at once:
    /// SQLite calls may wait for the disk, and must not hold up the other requests.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Shared) -> Result<T, ems_store::StoreError> + Send + 'static,
    ) -> Result<T, crate::problem::Problem> {
        let permit = self
            .store_calls
            .acquire()
            .await
            .map_err(crate::problem::Problem::internal)?;
        let state = self.clone();
        let result = tokio::task::spawn_blocking(move || work(&state)).await;
        drop(permit);
        result
            .map_err(crate::problem::Problem::internal)?
            .map_err(crate::problem::Problem::from)
    }
}

impl Deref for ApiState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
