//! `ems demo`: the simulator and the poller in one process, on a built-in site.

use crate::backfill::{BackfillOptions, BackfillReport, backfill, continue_counters};
use crate::cli::serve_until_stopped;
use crate::site_runner::SiteRunner;
use crate::site_store::open_store;
use crate::web::Web;
use anyhow::{Result, anyhow, bail};
use ems_api::ServerSettings;
use ems_model::site::{SiteConfig, StreamEndpoint, Transport};
use ems_model::{Clock, SystemClock};
use ems_profile::load::Library;
use ems_sim::WaveformEndpoint;
use ems_sim::{SimConfig, SimHandle, Simulator};
use ems_store::sqlite::SqliteStore;
use ems_store::store::ConfigSource;
use ems_store::{HistoryWriter, RecordsReader};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The demo site, as a site file.
pub const SITE: &str = include_str!("../demo/site.toml");
/// The simulated plant behind it, as a sim file.
pub const SIM: &str = include_str!("../demo/sim.toml");

/// Where the simulator serves each link of the demo site: a Modbus listener or a waveform
/// source, by link id.
#[derive(Debug, Clone, Default)]
pub struct SimRoutes {
    listeners: std::collections::BTreeMap<String, std::net::SocketAddr>,
    waveforms: std::collections::BTreeMap<String, StreamEndpoint>,
}

impl SimRoutes {
    /// The routes of a running simulator for the links of `site`.
    pub fn of(handle: &SimHandle, site: &SiteConfig) -> SimRoutes {
        let mut routes = SimRoutes::default();
        for id in site.links.keys() {
            if let Some(address) = handle.local_addr(id) {
                routes.listeners.insert(id.clone(), address);
            }
            match handle.waveform_endpoint(id) {
                Some(WaveformEndpoint::Tcp(address)) => {
                    routes.waveforms.insert(
                        id.clone(),
                        StreamEndpoint::Tcp {
                            host: address.ip().to_string(),
                            port: address.port(),
                        },
                    );
                }
                Some(WaveformEndpoint::Unix(path)) => {
                    routes.waveforms.insert(
                        id.clone(),
                        StreamEndpoint::Unix(path.to_string_lossy().into_owned()),
                    );
                }
                None => {}
            }
        }
        routes
    }

    /// `site` with the links the simulator serves pointed at it; other links (added by the
    /// user) are left as they are.
    pub fn apply(&self, site: &SiteConfig) -> SiteConfig {
        let mut site = site.clone();
        for (id, link) in site.links.iter_mut() {
            match &mut link.transport {
                Transport::WaveformStream(stream) => {
                    if let Some(endpoint) = self.waveforms.get(id) {
                        stream.endpoint = endpoint.clone();
                    }
                }
                Transport::ModbusTcp(t) => {
                    if let Some(address) = self.listeners.get(id) {
                        (t.host, t.port) = (address.ip().to_string(), address.port());
                    }
                }
                Transport::RtuOverTcp(t) => {
                    if let Some(address) = self.listeners.get(id) {
                        (t.host, t.port) = (address.ip().to_string(), address.port());
                    }
                }
                Transport::ModbusRtu(_) => {}
            }
        }
        site
    }
}

/// The demo site with its links pointed at the running simulator's listeners, and its waveform
/// links at the waveform sources of the same id.
pub fn site_for(handle: &SimHandle, library: &Library) -> Result<SiteConfig> {
    let site = SiteConfig::from_toml_str(SITE, library).map_err(|e| anyhow!("demo site: {e}"))?;
    let routes = SimRoutes::of(handle, &site);
    for (id, link) in &site.links {
        let routed = match link.transport {
            Transport::WaveformStream(_) => routes.waveforms.contains_key(id),
            Transport::ModbusRtu(_) => bail!("the demo site has no serial links"),
            _ => routes.listeners.contains_key(id),
        };
        if !routed {
            bail!("the demo simulator serves no link \"{id}\"");
        }
    }
    Ok(routes.apply(&site))
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

/// A demo running in-process: the simulator, the poller and the recording.
pub struct RunningDemo {
    /// The demo site, with its links pointed at the simulator.
    pub site: SiteConfig,
    /// The poller.
    pub runner: Arc<SiteRunner>,
    /// The simulator.
    pub sim: SimHandle,
    /// The store it records into.
    pub store: Arc<SqliteStore>,
    /// What the backfill did, when one was asked for.
    pub backfill: Option<BackfillReport>,
}

impl RunningDemo {
    /// Stops polling and simulating, and closes the store (what was recorded so far is written;
    /// intervals still open are not).
    pub async fn stop(self) -> Result<()> {
        self.runner.stop().await;
        self.sim.shutdown().await;
        self.store.close()?;
        Ok(())
    }
}

/// Starts the demo with time from `clock`: saves the demo site in the store of
/// `options.data_dir`, backfills when asked, then starts the simulator with its meters'
/// counters continuing where the store left them (see [`continue_counters`]) and the poller
/// recording into the store.
pub async fn start(
    library: &Library,
    options: &DemoOptions,
    clock: Arc<dyn Clock>,
) -> Result<RunningDemo> {
    let store = Arc::new(open_store(&options.data_dir, clock.clone())?);
    let demo_site =
        SiteConfig::from_toml_str(SITE, library).map_err(|e| anyhow!("demo site: {e}"))?;
    save_demo_site(&store, &demo_site)?;
    let mut sim_config = SimConfig::from_toml_str(SIM).map_err(|e| anyhow!("demo sim: {e}"))?;
    let backfill = match options.backfill {
        Some(span) => {
            let boundaries = store.reader()?.counter_boundaries()?;
            let (site, sim, library, store, clock) = (
                demo_site.clone(),
                sim_config.clone(),
                library.clone(),
                store.clone(),
                clock.clone(),
            );
            let backfill_options = BackfillOptions::new(span);
            let report = tokio::task::spawn_blocking(move || {
                let progress = progress_bar();
                let report = backfill(
                    &site,
                    &sim,
                    &library,
                    store.as_ref(),
                    &boundaries,
                    clock.as_ref(),
                    backfill_options,
                    &progress,
                );
                progress.finish_and_clear();
                report
            })
            .await
            .map_err(|e| anyhow!("the backfill stopped: {e}"))??;
            crate::cli::write_stdout(&format!("{}\n", report.summary()))?;
            Some(report)
        }
        None => None,
    };
    let boundaries = store.reader()?.counter_boundaries()?;
    continue_counters(
        &mut sim_config,
        &demo_site,
        library,
        &boundaries,
        clock.now(),
    )?;
    let sim = Simulator::start(&sim_config, library, clock.clone())
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let site = site_for(&sim, library)?;
    let routes = SimRoutes::of(&sim, &demo_site);
    let runner = SiteRunner::start(
        demo_site,
        store.clone(),
        Arc::new(library.clone()),
        clock,
        Box::new(move |site| routes.apply(site)),
    )?;
    Ok(RunningDemo {
        site,
        runner,
        sim,
        store,
        backfill,
    })
}

/// The backfill's progress bar on standard error, hidden when that is not a terminal.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "backfilling {bar:40} {pos}/{len} days, {elapsed_precise} (about {eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Runs the demo until Ctrl-C or SIGTERM (or `run_for`), recording into the data directory
/// and printing the live values every `print_every`.
pub async fn run(library: &Library, options: DemoOptions, web: ServerSettings) -> Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let demo = start(library, &options, clock.clone()).await?;
    let web = Web::start(
        demo.runner.clone(),
        demo.store.clone(),
        Arc::new(library.clone()),
        clock,
        web,
    )?;
    crate::cli::write_stdout(&crate::sim::describe(&demo.sim))?;
    crate::cli::write_stdout(&format!(
        "demo site \"{}\": {} devices on {} links; recording into {}; values every {}s; Ctrl-C stops\n",
        demo.site.site.name,
        demo.site.devices.len(),
        demo.site.links.len(),
        options.data_dir.display(),
        options.print_every.as_secs()
    ))?;
    let served =
        serve_until_stopped(&demo.runner, Some(options.print_every), options.run_for).await;
    web.stop().await;
    demo.stop().await?;
    served
}
