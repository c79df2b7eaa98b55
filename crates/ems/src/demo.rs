//! The built-in demo site.

use anyhow::Result;
use ems_profile::load::Library;
use std::time::Duration;

/// Runs the demo.
pub async fn run(
    _library: &Library,
    _print_every: Duration,
    _run_for: Option<Duration>,
) -> Result<()> {
    anyhow::bail!("the demo is not wired yet")
}
