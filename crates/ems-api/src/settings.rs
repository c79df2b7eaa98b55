//! The web server's settings: listeners, TLS, proxies, CORS, metrics access, session lifetimes
//! and request limits. They are daemon settings (see `docs/CONFIGURATION.md`), not site
//! configuration: they live in the daemon's settings file and flags.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Where the server's certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsSource {
    /// A self-signed certificate generated for this installation on first start and kept in
    /// this directory (`cert.pem`, `key.pem`).
    Generated {
        /// The directory.
        dir: PathBuf,
    },
    /// The user's own certificate chain and private key (PEM).
    Files {
        /// The certificate chain.
        cert: PathBuf,
        /// The private key.
        key: PathBuf,
    },
}

/// Who may read `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MetricsAccess {
    /// Clients on the loopback interface only, without credentials (a local Prometheus or
    /// node exporter).
    #[default]
    Loopback,
    /// Any client with a session or token allowed the `web_server_configuration` page.
    Authenticated,
}

/// The web server's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerSettings {
    /// Where HTTPS is served.
    pub https_listen: SocketAddr,
    /// Where plain HTTP is served, only to redirect to HTTPS; `None` for no plain HTTP.
    pub http_listen: Option<SocketAddr>,
    /// The HTTPS port clients reach (redirects point there); the listener's port by default,
    /// another one behind a port forward.
    pub public_https_port: Option<u16>,
    /// The certificate.
    pub tls: TlsSource,
    /// Reverse proxies whose `X-Forwarded-For` is believed; from any other peer the header is
    /// ignored.
    pub trusted_proxies: Vec<IpAddr>,
    /// Origins allowed to call the API from a browser (CORS); none by default.
    pub cors_origins: Vec<String>,
    /// Who may read `/metrics`.
    pub metrics: MetricsAccess,
    /// A session unused this long ends.
    pub session_idle: Duration,
    /// A session ends this long after login, used or not.
    pub session_absolute: Duration,
    /// How long a setup code printed at start stays valid.
    pub setup_code_validity: Duration,
    /// The largest request body.
    pub max_body_bytes: usize,
    /// The longest a request may take (the live stream excepted).
    pub request_timeout: Duration,
}

impl ServerSettings {
    /// The settings of an installation: HTTPS on port 443 and the redirect on port 80 of every
    /// address, a certificate generated into `<data dir>/tls`.
    pub fn new(data_dir: &std::path::Path) -> ServerSettings {
        ServerSettings {
            https_listen: SocketAddr::from(([0, 0, 0, 0], 443)),
            http_listen: Some(SocketAddr::from(([0, 0, 0, 0], 80))),
            public_https_port: None,
            tls: TlsSource::Generated {
                dir: data_dir.join("tls"),
            },
            trusted_proxies: Vec::new(),
            cors_origins: Vec::new(),
            metrics: MetricsAccess::default(),
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            setup_code_validity: Duration::from_secs(24 * 60 * 60),
            max_body_bytes: 1 << 20,
            request_timeout: Duration::from_secs(30),
        }
    }

    /// The HTTPS port clients reach.
    pub fn https_port(&self) -> u16 {
        self.public_https_port
            .unwrap_or_else(|| self.https_listen.port())
    }
}
