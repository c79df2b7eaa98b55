//! Starting the web server beside acquisition: its settings from the daemon settings file and
//! the command line, the certificate, the setup code, and the housekeeping of sessions.

use crate::site_runner::SiteRunner;
use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use ems_api::server::{Listeners, Server};
use ems_api::settings::{MetricsAccess, ServerSettings, TlsSource};
use ems_api::{ApiParts, RunningSite};
use ems_model::Clock;
use ems_profile::load::Library;
use ems_store::account::AccountWriter;
use ems_store::sqlite::{ReaderPool, SqliteStore};
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The web server's options on the command line (they override the settings file).
#[derive(Debug, Clone, Default, Args)]
pub struct WebArgs {
    /// The daemon settings file (TOML, section `[server]`; see docs/CONFIGURATION.md).
    #[arg(long, value_name = "FILE", env = "EMS_SETTINGS")]
    pub settings: Option<PathBuf>,
    /// Serve HTTPS on this address (ADDRESS:PORT).
    #[arg(long, value_name = "ADDRESS:PORT", env = "EMS_HTTPS_LISTEN")]
    pub https_listen: Option<SocketAddr>,
    /// Serve the redirect to HTTPS on this address, or `off`.
    #[arg(long, value_name = "ADDRESS:PORT|off", env = "EMS_HTTP_LISTEN")]
    pub http_listen: Option<String>,
    /// The certificate chain (PEM) to serve instead of the generated one (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// The `[server]` section of the daemon settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerSection {
    https_listen: Option<SocketAddr>,
    http_listen: Option<String>,
    public_https_port: Option<u16>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    trusted_proxies: Option<Vec<IpAddr>>,
    cors_origins: Option<Vec<String>>,
    metrics: Option<MetricsSetting>,
    session_idle_minutes: Option<u32>,
    session_absolute_hours: Option<u32>,
    setup_code_validity_hours: Option<u32>,
    max_body_kib: Option<u32>,
    request_timeout_s: Option<u32>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum MetricsSetting {
    Loopback,
    Authenticated,
}

/// The daemon settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DaemonSettings {
    #[serde(default)]
    server: ServerSection,
}

/// The server's settings: the defaults (`defaults`), then the settings file, then the flags.
pub fn server_settings(args: &WebArgs, defaults: ServerSettings) -> Result<ServerSettings> {
    let mut settings = defaults;
    let file = match &args.settings {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            toml::from_str::<DaemonSettings>(&text)
                .map_err(|e| anyhow!("{}: {e}", path.display()))?
        }
        None => DaemonSettings::default(),
    };
    let s = file.server;
    let at_least_one = |value: u32, key: &str| {
        if value == 0 {
            bail!("server.{key} must be at least 1");
        }
        Ok(u64::from(value))
    };
    if let Some(v) = s.https_listen {
        settings.https_listen = v;
    }
    if let Some(v) = &s.http_listen {
        settings.http_listen = parse_http_listen(v)?;
    }
    if let Some(v) = args.https_listen {
        settings.https_listen = v;
    }
    if let Some(v) = &args.http_listen {
        settings.http_listen = parse_http_listen(v)?;
    }
    settings.public_https_port = s.public_https_port.or(settings.public_https_port);
    match (
        args.tls_cert.as_ref().or(s.tls_cert.as_ref()),
        args.tls_key.as_ref().or(s.tls_key.as_ref()),
    ) {
        (Some(cert), Some(key)) => {
            settings.tls = TlsSource::Files {
                cert: cert.clone(),
                key: key.clone(),
            }
        }
        (None, None) => {}
        _ => bail!("server.tls_cert and server.tls_key go together: give both or neither"),
    }
    if let Some(v) = s.trusted_proxies {
        settings.trusted_proxies = v;
    }
    if let Some(v) = s.cors_origins {
        for origin in &v {
            if !(origin.starts_with("https://") || origin.starts_with("http://"))
                || origin.ends_with('/')
            {
                bail!(
                    "server.cors_origins: \"{origin}\" is not an origin like \"https://scada.example.com\""
                );
            }
        }
        settings.cors_origins = v;
    }
    if let Some(v) = s.metrics {
        settings.metrics = match v {
            MetricsSetting::Loopback => MetricsAccess::Loopback,
            MetricsSetting::Authenticated => MetricsAccess::Authenticated,
        };
    }
    if let Some(v) = s.session_idle_minutes {
        settings.session_idle = Duration::from_secs(at_least_one(v, "session_idle_minutes")? * 60);
    }
    if let Some(v) = s.session_absolute_hours {
        settings.session_absolute =
            Duration::from_secs(at_least_one(v, "session_absolute_hours")? * 3600);
    }
    if let Some(v) = s.setup_code_validity_hours {
        settings.setup_code_validity =
            Duration::from_secs(at_least_one(v, "setup_code_validity_hours")? * 3600);
    }
    if let Some(v) = s.max_body_kib {
        settings.max_body_bytes = usize::try_from(at_least_one(v, "max_body_kib")? * 1024)?;
    }
    if let Some(v) = s.request_timeout_s {
        settings.request_timeout = Duration::from_secs(at_least_one(v, "request_timeout_s")?);
    }
    Ok(settings)
}

fn parse_http_listen(value: &str) -> Result<Option<SocketAddr>> {
    if value == "off" {
        return Ok(None);
    }
    value
        .parse()
        .map(Some)
        .map_err(|_| anyhow!("http_listen: \"{value}\" is neither ADDRESS:PORT nor \"off\""))
}

/// The defaults of `ems run`: HTTPS on 443 and the redirect on 80 of every address.
pub fn run_defaults(data_dir: &Path) -> ServerSettings {
    ServerSettings::new(data_dir)
}

/// The defaults of `ems demo`: HTTPS on 8443 and the redirect on 8080, so that it runs
/// without privileges.
pub fn demo_defaults(data_dir: &Path) -> ServerSettings {
    let mut settings = ServerSettings::new(data_dir);
    settings.https_listen = SocketAddr::from(([0, 0, 0, 0], 8443));
    settings.http_listen = Some(SocketAddr::from(([0, 0, 0, 0], 8080)));
    settings
}

/// The web server running beside acquisition.
pub struct Web {
    server: Server,
    /// Where HTTPS is served.
    pub https: SocketAddr,
    /// Where the redirect is served.
    pub http: Option<SocketAddr>,
    /// The setup code printed at start, when no administrator exists yet.
    pub setup_code: Option<String>,
    housekeeping: tokio::task::JoinHandle<()>,
}

impl Web {
    /// Starts serving the API of `runner` with `settings`; prints the setup code when setup is
    /// needed.
    pub fn start(
        runner: Arc<SiteRunner>,
        store: Arc<SqliteStore>,
        library: Arc<Library>,
        clock: Arc<dyn Clock>,
        settings: ServerSettings,
    ) -> Result<Web> {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let readers = Arc::new(ReaderPool::new(store.dir(), 8)?);
        let setup_code = ems_api::routes::setup::issue_setup_code_if_needed(
            store.as_ref(),
            readers.as_ref(),
            clock.now(),
            settings.setup_code_validity,
        )?;
        let certificate = ems_api::server::load_or_generate_certificate(&settings.tls)?;
        let tls = ems_api::server::tls_config(&certificate).map_err(|e| anyhow!("TLS: {e}"))?;
        let listeners = Listeners::bind(&settings)?;
        let https = listeners.https_address()?;
        let http = listeners.http_address().transpose()?;
        let https_port = settings.public_https_port.unwrap_or(https.port());
        let housekeeping = spawn_housekeeping(store.clone(), clock.clone(), &settings);
        let site: Arc<dyn RunningSite> = runner;
        let app = ems_api::app(ApiParts {
            store,
            readers,
            site,
            library,
            settings: settings.clone(),
            clock,
            hasher: ems_api::auth::password::PasswordHasher::new()?,
            throttle: ems_api::auth::throttle::ThrottlePolicy::default(),
        })?;
        let server = Server::start(listeners, app, tls, https_port)?;
        tracing::info!(%https, http = ?http, "serving the web interface");
        if let Some(code) = &setup_code {
            let hours = settings.setup_code_validity.as_secs() / 3600;
            crate::cli::write_stdout(&format!(
                "\nNo administrator exists yet. Open https://<this machine>:{https_port}/ and \
                 enter the setup code\n\n    {code}\n\nto create one. The code works once and \
                 expires in {hours} h; a restart prints a new one.\n\n"
            ))?;
            tracing::warn!(setup_code = %code, valid_hours = hours, "no administrator: setup code issued");
        }
        Ok(Web {
            server,
            https,
            http,
            setup_code,
            housekeeping,
        })
    }

    /// Stops serving.
    pub async fn stop(self) {
        self.housekeeping.abort();
        self.server.shutdown(Duration::from_secs(2)).await;
    }
}

/// Ends expired sessions every ten minutes.
fn spawn_housekeeping(
    store: Arc<SqliteStore>,
    clock: Arc<dyn Clock>,
    settings: &ServerSettings,
) -> tokio::task::JoinHandle<()> {
    let idle = jiff::SignedDuration::try_from(settings.session_idle).unwrap_or_default();
    let absolute = jiff::SignedDuration::try_from(settings.session_absolute).unwrap_or_default();
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_secs(600));
        loop {
            ticker.tick().await;
            let now = clock.now();
            let (idle_before, created_before) = (now - idle, now - absolute);
            let store = store.clone();
            let _ = tokio::task::spawn_blocking(move || {
                if let Err(e) = store.delete_expired_sessions(idle_before, created_before) {
                    tracing::warn!(error = %e, "cannot delete expired sessions");
                }
            })
            .await;
        }
    })
}
