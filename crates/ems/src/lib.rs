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
pub mod tariff;
pub mod web;

/// Sends logs to standard error, filtered by `filter` (a level or tracing directives), with
/// colours only on a terminal. A filter that does not parse is refused with the reason.
pub fn init_logging(filter: &str) -> Result<(), tracing_subscriber::filter::ParseError> {
    let filter = tracing_subscriber::EnvFilter::builder().parse(filter)?;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
    Ok(())
}
