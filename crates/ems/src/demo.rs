//! `ems demo`: the simulator and the poller in one process, on a built-in site.

use crate::cli::serve_until_stopped;
use crate::runtime::Runtime;
use anyhow::{Result, anyhow, bail};
use ems_model::SystemClock;
use ems_model::site::{SiteConfig, Transport};
use ems_profile::load::Library;
use std::sync::Arc;
use std::time::Duration;

/// The demo site, as a site file.
pub const SITE: &str = include_str!("../demo/site.toml");
/// The simulated plant behind it, as a sim file.
pub const SIM: &str = include_str!("../demo/sim.toml");

/// The demo site with its links pointed at the running simulator's listeners.
pub fn site_for(handle: &ems_sim::sim::SimHandle, library: &Library) -> Result<SiteConfig> {
    let mut site =
        SiteConfig::from_toml_str(SITE, library).map_err(|e| anyhow!("demo site: {e}"))?;
    for (id, link) in site.links.iter_mut() {
        let Some(address) = handle.local_addr(id) else {
            bail!("the demo simulator has no listener for link \"{id}\"");
        };
        match &mut link.transport {
            Transport::ModbusTcp(t) => {
                (t.host, t.port) = (address.ip().to_string(), address.port())
            }
            Transport::RtuOverTcp(t) => {
                (t.host, t.port) = (address.ip().to_string(), address.port())
            }
            Transport::ModbusRtu(_) => bail!("the demo site has no serial links"),
        }
    }
    Ok(site)
}

/// Runs the demo until Ctrl-C (or `run_for`), printing the live values every `print_every`.
pub async fn run(
    library: &Library,
    print_every: Duration,
    run_for: Option<Duration>,
) -> Result<()> {
    let handle = crate::sim::start(SIM, library).await?;
    let site = site_for(&handle, library)?;
    crate::cli::write_stdout(&crate::sim::describe(&handle))?;
    let runtime = Runtime::start(&site, library, Arc::new(SystemClock))?;
    crate::cli::write_stdout(&format!(
        "demo site \"{}\": {} devices on {} links; values every {}s; Ctrl-C stops\n",
        site.site.name,
        site.devices.len(),
        site.links.len(),
        print_every.as_secs()
    ))?;
    serve_until_stopped(&site, &runtime, Some(print_every), run_for).await
}
