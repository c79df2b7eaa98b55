//! The ems runtime and command line, as a library so that tests can start the whole system
//! in-process.

pub mod analyze;
pub mod backfill;
pub mod cli;
pub mod demo;
pub mod image;
pub mod maintenance;
pub mod query;
pub mod recording;
pub mod runtime;
pub mod sim;
pub mod site_runner;
pub mod site_store;
pub mod web;

/// Sends logs to standard error, filtered by `filter` (a level or a tracing directive).
pub fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
