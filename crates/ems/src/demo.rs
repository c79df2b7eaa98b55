//! `ems demo`: the simulator and the poller in one process, on a built-in site.

use crate::cli::serve_until_stopped;
use crate::recording::Recording;
use crate::runtime::Runtime;
use crate::site_store::open_store;
use anyhow::{Result, anyhow, bail};
use ems_model::site::{SiteConfig, Transport};
use ems_model::{Clock, SystemClock};
use ems_profile::load::Library;
use ems_store::sqlite::SqliteStore;
use ems_store::store::ConfigSource;
use ems_store::{HistoryWriter, RecordsReader};
use std::path::PathBuf;
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

/// How `ems demo` runs.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Where the demo records.
    pub data_dir: PathBuf,
    /// How often the live values are printed.
    pub print_every: Duration,
    /// Stop after this long (until Ctrl-C or SIGTERM when `None`).
    pub run_for: Option<Duration>,
    /// Fill the store with simulated history reaching this far back first.
    pub backfill: Option<jiff::SignedDuration>,
}

/// Saves the demo site in the store, refusing a data directory that holds another site.
fn save_demo_site(store: &SqliteStore, site: &SiteConfig) -> Result<()> {
    if let Some(stored) = store.reader()?.site_config(None)?
        && stored.source != ConfigSource::Demo
    {
        bail!(
            "{} holds the data of another site (configuration version {} from {}); \
             run the demo with --data-dir pointing elsewhere",
            store.dir().display(),
            stored.version,
            stored.source
        );
    }
    store.save_site(site, ConfigSource::Demo)?;
    Ok(())
}

/// Runs the demo until Ctrl-C or SIGTERM (or `run_for`), recording into the data directory
/// and printing the live values every `print_every`.
pub async fn run(library: &Library, options: DemoOptions) -> Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = Arc::new(open_store(&options.data_dir, clock.clone())?);
    let demo_site =
        SiteConfig::from_toml_str(SITE, library).map_err(|e| anyhow!("demo site: {e}"))?;
    save_demo_site(&store, &demo_site)?;
    if options.backfill.is_some() {
        bail!("--backfill is not available yet");
    }
    let handle = crate::sim::start(SIM, library).await?;
    let site = site_for(&handle, library)?;
    crate::cli::write_stdout(&crate::sim::describe(&handle))?;
    let boundaries = store.reader()?.counter_boundaries()?;
    let recording = Recording::new(&site, store.clone(), boundaries)?;
    let runtime = Runtime::start(&site, library, clock, Some(recording))?;
    crate::cli::write_stdout(&format!(
        "demo site \"{}\": {} devices on {} links; recording into {}; values every {}s; Ctrl-C stops\n",
        site.site.name,
        site.devices.len(),
        site.links.len(),
        options.data_dir.display(),
        options.print_every.as_secs()
    ))?;
    let served =
        serve_until_stopped(&site, &runtime, Some(options.print_every), options.run_for).await;
    store.close()?;
    served
}
