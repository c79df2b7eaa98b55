//! `ems sim`: simulated devices from a sim file, until Ctrl-C.

use anyhow::{Context, Result, anyhow};
use ems_model::SystemClock;
use ems_profile::load::Library;
use ems_sim::config::SimConfig;
use ems_sim::sim::{Endpoint, SimHandle, Simulator};
use std::path::Path;
use std::sync::Arc;

/// Starts the simulator described by `text` (a sim file's contents).
pub async fn start(text: &str, library: &Library) -> Result<SimHandle> {
    let config = SimConfig::from_toml_str(text).map_err(|e| anyhow!("{e}"))?;
    Simulator::start(&config, library, Arc::new(SystemClock))
        .await
        .map_err(|e| anyhow!("{e}"))
}

/// One line per listener: where it can be reached and which devices it serves.
pub fn describe(handle: &SimHandle) -> String {
    let mut out = String::new();
    for (listener, endpoint) in handle.endpoints() {
        let at = match endpoint {
            Endpoint::Tcp(address) => address.to_string(),
            Endpoint::Serial(port) => port.clone(),
        };
        out.push_str(&format!("listener {listener} at {at}\n"));
    }
    for (id, device) in handle.devices() {
        out.push_str(&format!(
            "  device {id}: unit {} profile {}\n",
            device.unit_id(),
            device.profile().id
        ));
    }
    for (id, endpoint) in handle.waveform_endpoints() {
        let source = handle.waveform(id);
        out.push_str(&format!(
            "waveform source {id} at {endpoint}: {} S/s, {} samples a frame\n",
            source.map_or(0.0, |s| s.sample_rate_hz()),
            source.map_or(0, |s| s.samples_per_frame())
        ));
    }
    out
}

/// Runs the simulator described by a sim file until Ctrl-C or SIGTERM.
pub async fn run_sim_file(path: &Path, library: &Library) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let handle = start(&text, library)
        .await
        .with_context(|| path.display().to_string())?;
    crate::cli::write_stdout(&describe(&handle))?;
    crate::cli::write_stdout("simulating; Ctrl-C stops\n")?;
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    drop(handle);
    Ok(())
}
