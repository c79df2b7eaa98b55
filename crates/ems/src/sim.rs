//! `ems sim`.

use anyhow::Result;
use ems_profile::load::Library;
use std::path::Path;

/// Runs the simulator described by a sim file until Ctrl-C.
pub async fn run_sim_file(_path: &Path, _library: &Library) -> Result<()> {
    anyhow::bail!("the simulator is not wired yet")
}
