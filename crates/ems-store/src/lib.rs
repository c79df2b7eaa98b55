//! The embedded history store of ems.
//!
//! What is kept, and how:
//! - **Interval records** ([`record::IntervalRecord`]): per device and sample interval (1 to 60
//!   minutes, 15 by default), every counter's value at the interval boundary and its amount over
//!   the interval, and mean, minimum and maximum of every momentary quantity. The
//!   [`recorder::IntervalRecorder`] turns the stream of samples into records.
//! - **Rollups**: per device, load, measure group, panel board and site, the amounts of every
//!   counter by local hour, day and month, so that a histogram never reads interval records.
//! - **Costs by tariff** beside the rollups: every interval of a priced counter
//!   ([`pricing`]) priced when it is written, with the rule and price in force at that interval.
//! - **Events**, **site configuration versions** (with whether the site is commissioned) and
//!   **backups** beside them.
//! - **Users, sessions, API tokens, the setup code and the audit log** of the web server
//!   ([`account`]).
//!
//! Design decisions:
//! - Gaps are explicit: a missing interval is a missing record, never a zero.
//! - Times are UTC; local days, months and years come from the site's [`calendar::Calendar`].
pub mod account;
pub mod calendar;
pub mod codec;
pub mod csv;
pub mod error;
pub mod event;
pub mod pricing;
pub mod query;
pub mod record;
pub mod recorder;
pub mod scope;
pub mod sqlite;
pub mod store;

pub use account::{AccountReader, AccountWriter};
pub use error::StoreError;
pub use store::{HistoryWriter, Maintenance, RecordsReader};
