//! A pool of read-only connections, for callers that read from many threads at once (the web
//! server). A [`SqliteReader`] is one connection and serves one thread at a time; the pool
//! lends an idle one for each call, opens another when none is idle, and keeps at most
//! `max_idle` between calls.

use super::SqliteReader;
use crate::account::{
    AccountReader, ApiToken, AuditEntry, AuditFilter, SecretHash, Session, SetupCode, User,
};
use crate::calendar::Calendar;
use crate::error::StoreError;
use crate::event::{Event, EventFilter};
use crate::query::{
    CompareQuery, Comparison, CostQuery, Costs, Histogram, HistogramQuery, HistoryReader,
    Intervals, IntervalsQuery, Partials, PartialsQuery, StoredPoints, TimeSeries, TimeSeriesQuery,
};
use crate::scope::{NamedScope, Scope};
use crate::store::{ConfigVersion, CounterBoundary, HealthReport, IntegrityCheck, RecordsReader};
use ems_model::tariff::{Commodity, Price};
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Read-only connections to one store, shared by many threads.
pub struct ReaderPool {
    dir: PathBuf,
    max_idle: usize,
    idle: Mutex<Vec<SqliteReader>>,
}

impl ReaderPool {
    /// A pool of readers of the store in `dir`, keeping at most `max_idle` connections open
    /// between calls. Opens one connection now, so that a missing or unreadable store fails
    /// here rather than on the first call.
    pub fn new(dir: &Path, max_idle: usize) -> Result<ReaderPool, StoreError> {
        let first = SqliteReader::open(dir)?;
        let pool = ReaderPool {
            dir: dir.to_owned(),
            max_idle,
            idle: Mutex::new(Vec::new()),
        };
        pool.give_back(first);
        Ok(pool)
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many connections are idle now.
    pub fn idle_count(&self) -> usize {
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Runs `f` on an idle reader (or a new one when none is idle), then keeps the reader for
    /// the next call unless `max_idle` are idle already.
    fn with_reader<T>(
        &self,
        f: impl FnOnce(&SqliteReader) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let lent = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let reader = match lent {
            Some(reader) => reader,
            None => SqliteReader::open(&self.dir)?,
        };
        let result = f(&reader);
        self.give_back(reader);
        result
    }

    fn give_back(&self, reader: SqliteReader) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < self.max_idle {
            idle.push(reader);
        }
    }

    /// See [`SqliteReader::calendar`].
    pub fn calendar(&self) -> Result<Calendar, StoreError> {
        self.with_reader(SqliteReader::calendar)
    }

    /// See [`SqliteReader::sample_rate_minutes`].
    pub fn sample_rate_minutes(&self) -> Result<Option<u16>, StoreError> {
        self.with_reader(SqliteReader::sample_rate_minutes)
    }

    /// See [`SqliteReader::integrity_check`].
    pub fn integrity_check(&self, now: Timestamp) -> Result<IntegrityCheck, StoreError> {
        self.with_reader(|r| r.integrity_check(now))
    }

    /// See [`SqliteReader::health`].
    pub fn health(&self, now: Timestamp, buffered_values: u64) -> Result<HealthReport, StoreError> {
        self.with_reader(|r| r.health(now, buffered_values))
    }
}

impl HistoryReader for ReaderPool {
    fn histogram(&self, query: &HistogramQuery) -> Result<Histogram, StoreError> {
        self.with_reader(|r| r.histogram(query))
    }

    fn partials(&self, query: &PartialsQuery) -> Result<Partials, StoreError> {
        self.with_reader(|r| r.partials(query))
    }

    fn compare(&self, query: &CompareQuery) -> Result<Comparison, StoreError> {
        self.with_reader(|r| r.compare(query))
    }

    fn time_series(&self, query: &TimeSeriesQuery) -> Result<TimeSeries, StoreError> {
        self.with_reader(|r| r.time_series(query))
    }

    fn intervals(&self, query: &IntervalsQuery) -> Result<Intervals, StoreError> {
        self.with_reader(|r| r.intervals(query))
    }

    fn costs(&self, query: &CostQuery) -> Result<Costs, StoreError> {
        self.with_reader(|r| r.costs(query))
    }

    fn scopes(&self) -> Result<Vec<NamedScope>, StoreError> {
        self.with_reader(SqliteReader::scopes)
    }

    fn stored_points(&self) -> Result<BTreeMap<Scope, StoredPoints>, StoreError> {
        self.with_reader(|r| r.stored_points())
    }
}

impl RecordsReader for ReaderPool {
    fn site_config(&self, version: Option<u32>) -> Result<Option<ConfigVersion>, StoreError> {
        self.with_reader(|r| r.site_config(version))
    }

    fn config_versions(&self) -> Result<Vec<ConfigVersion>, StoreError> {
        self.with_reader(|r| r.config_versions())
    }

    fn commissioned(&self) -> Result<bool, StoreError> {
        self.with_reader(|r| r.commissioned())
    }

    fn counter_boundaries(&self) -> Result<Vec<CounterBoundary>, StoreError> {
        self.with_reader(|r| r.counter_boundaries())
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        self.with_reader(|r| r.events(filter))
    }

    fn imported_prices(
        &self,
        commodity: Commodity,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(Timestamp, Timestamp, Price)>, StoreError> {
        self.with_reader(|r| r.imported_prices(commodity, from, to))
    }
}

impl AccountReader for ReaderPool {
    fn users(&self) -> Result<Vec<User>, StoreError> {
        self.with_reader(|r| r.users())
    }

    fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        self.with_reader(|r| r.user(id))
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        self.with_reader(|r| r.user_by_name(name))
    }

    fn count_enabled_administrators(&self) -> Result<u64, StoreError> {
        self.with_reader(|r| r.count_enabled_administrators())
    }

    fn session(&self, id_hash: SecretHash) -> Result<Option<(Session, User)>, StoreError> {
        self.with_reader(|r| r.session(id_hash))
    }

    fn sessions_of(&self, user_id: i64) -> Result<Vec<Session>, StoreError> {
        self.with_reader(|r| r.sessions_of(user_id))
    }

    fn token(&self, hash: SecretHash) -> Result<Option<(ApiToken, User)>, StoreError> {
        self.with_reader(|r| r.token(hash))
    }

    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
        self.with_reader(|r| r.tokens(user_id))
    }

    fn setup_code(&self) -> Result<Option<SetupCode>, StoreError> {
        self.with_reader(|r| r.setup_code())
    }

    fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        self.with_reader(|r| r.audit_entries(filter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn a_pool_is_shared_between_threads() {
        assert_send_sync::<ReaderPool>();
    }
}
