//! Serving: HTTPS with rustls (TLS 1.2 and 1.3 only, aws-lc-rs), a certificate generated for the
//! installation on first start (or the user's own), and plain HTTP that only redirects.

use crate::settings::{ServerSettings, TlsSource};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_server::Handle;
use axum_server::accept::NoDelayAcceptor;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The certificate file of a generated certificate.
pub const CERT_FILE: &str = "cert.pem";
/// The private key file of a generated certificate.
pub const KEY_FILE: &str = "key.pem";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A listener could not be bound.
    #[error(
        "cannot listen on {address}: {cause} (ports below 1024 need root or CAP_NET_BIND_SERVICE; choose others with --https-listen / --http-listen)"
    )]
    Bind {
        /// The address.
        address: SocketAddr,
        /// Why.
        cause: std::io::Error,
    },
    /// The certificate or key could not be read, made or written.
    #[error("TLS certificate {path}: {cause}")]
    Certificate {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: String,
    },
    /// Serving failed.
    #[error("serving: {0}")]
    Io(#[from] std::io::Error),
}

fn cert_error(path: &Path, cause: impl std::fmt::Display) -> ServeError {
    ServeError::Certificate {
        path: path.to_owned(),
        cause: cause.to_string(),
    }
}

/// The certificate chain and key in force, and whether they were just generated.
pub struct Certificate {
    /// The chain (PEM).
    pub chain_pem: String,
    /// The key (PEM).
    pub key_pem: String,
    /// True when generated at this start.
    pub generated: bool,
}

/// Reads the certificate of the settings, generating a self-signed one on first start.
pub fn load_or_generate_certificate(tls: &TlsSource) -> Result<Certificate, ServeError> {
    match tls {
        TlsSource::Files { cert, key } => Ok(Certificate {
            chain_pem: std::fs::read_to_string(cert).map_err(|e| cert_error(cert, e))?,
            key_pem: std::fs::read_to_string(key).map_err(|e| cert_error(key, e))?,
            generated: false,
        }),
        TlsSource::Generated { dir } => {
            let (cert, key) = (dir.join(CERT_FILE), dir.join(KEY_FILE));
            if cert.exists() && key.exists() {
                return Ok(Certificate {
                    chain_pem: std::fs::read_to_string(&cert).map_err(|e| cert_error(&cert, e))?,
                    key_pem: std::fs::read_to_string(&key).map_err(|e| cert_error(&key, e))?,
                    generated: false,
                });
            }
            let (chain_pem, key_pem) = generate_certificate().map_err(|e| cert_error(dir, e))?;
            create_private_dir(dir).map_err(|e| cert_error(dir, e))?;
            write_private(&key, key_pem.as_bytes()).map_err(|e| cert_error(&key, e))?;
            write_private(&cert, chain_pem.as_bytes()).map_err(|e| cert_error(&cert, e))?;
            tracing::info!(cert = %cert.display(), "generated a self-signed TLS certificate for this installation");
            Ok(Certificate {
                chain_pem,
                key_pem,
                generated: true,
            })
        }
    }
}

/// A self-signed certificate (ECDSA P-256) for this host's name, `localhost` and the loopback
/// addresses: (certificate PEM, key PEM).
fn generate_certificate() -> Result<(String, String), rcgen::Error> {
    let mut names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if let Ok(host) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        let host = host.trim();
        if !host.is_empty() && host != "localhost" {
            names.push(host.to_owned());
            names.push(format!("{host}.local"));
        }
    }
    let mut params = rcgen::CertificateParams::new(names)?;
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        "ems (self-signed for this installation)",
    );
    let key = rcgen::KeyPair::generate()?;
    let cert = params.self_signed(&key)?;
    Ok((cert.pem(), key.serialize_pem()))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Writes a file readable by its owner only: temp file, fsync, rename.
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let temp = path.with_extension("tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    std::fs::rename(&temp, path)
}

/// The rustls configuration: TLS 1.2 and 1.3 only, aws-lc-rs, HTTP/2 and HTTP/1.1.
pub fn tls_config(certificate: &Certificate) -> Result<rustls::ServerConfig, String> {
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(certificate.chain_pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("the certificate is not PEM: {e}"))?;
    if chain.is_empty() {
        return Err("the certificate file holds no certificate".into());
    }
    let key = PrivateKeyDer::from_pem_slice(certificate.key_pem.as_bytes())
        .map_err(|e| format!("the private key is not PEM: {e}"))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("the certificate and key do not fit: {e}"))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The bound listeners of a server, before it serves.
pub struct Listeners {
    https: TcpListener,
    http: Option<TcpListener>,
}

impl Listeners {
    /// Binds the listeners of the settings.
    pub fn bind(settings: &ServerSettings) -> Result<Listeners, ServeError> {
        let bind = |address: SocketAddr| {
            let listener =
                TcpListener::bind(address).map_err(|cause| ServeError::Bind { address, cause })?;
            listener
                .set_nonblocking(true)
                .map_err(|cause| ServeError::Bind { address, cause })?;
            Ok::<_, ServeError>(listener)
        };
        Ok(Listeners {
            https: bind(settings.https_listen)?,
            http: settings.http_listen.map(bind).transpose()?,
        })
    }

    /// Where HTTPS is served.
    pub fn https_address(&self) -> std::io::Result<SocketAddr> {
        self.https.local_addr()
    }

    /// Where the redirect is served.
    pub fn http_address(&self) -> Option<std::io::Result<SocketAddr>> {
        self.http.as_ref().map(TcpListener::local_addr)
    }
}

/// A running server: stop it with [`Server::shutdown`].
pub struct Server {
    handles: Vec<Handle<SocketAddr>>,
    tasks: Vec<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Serves `app` on the listeners: HTTPS with `tls`, and the redirect to `https_port`.
    pub fn start(
        listeners: Listeners,
        app: Router,
        tls: rustls::ServerConfig,
        https_port: u16,
    ) -> Result<Server, ServeError> {
        let mut handles = Vec::new();
        let mut tasks = Vec::new();
        let handle = Handle::new();
        // TCP_NODELAY: an answer written in more than one piece (headers, then the body) must
        // not wait for the client's delayed acknowledgement of the first (up to 40 ms).
        let https = axum_server::from_tcp(listeners.https)?
            .acceptor(
                RustlsAcceptor::new(RustlsConfig::from_config(Arc::new(tls)))
                    .acceptor(NoDelayAcceptor::new()),
            )
            .handle(handle.clone());
        handles.push(handle);
        tasks.push(tokio::spawn(async move {
            https
                .serve(app.into_make_service_with_connect_info::<SocketAddr>())
                .await
        }));
        if let Some(listener) = listeners.http {
            let handle = Handle::new();
            let redirect = Router::new().fallback(move |request: Request| async move {
                redirect_to_https(&request, https_port)
            });
            let http = axum_server::from_tcp(listener)?
                .acceptor(NoDelayAcceptor::new())
                .handle(handle.clone());
            handles.push(handle);
            tasks.push(tokio::spawn(async move {
                http.serve(redirect.into_make_service()).await
            }));
        }
        Ok(Server { handles, tasks })
    }

    /// Stops accepting, lets requests in progress finish for up to `grace`, and waits.
    pub async fn shutdown(self, grace: Duration) {
        for handle in &self.handles {
            handle.graceful_shutdown(Some(grace));
        }
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

/// The answer of the plain HTTP listener: a permanent redirect to the same path over HTTPS.
fn redirect_to_https(request: &Request, https_port: u16) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(host_without_port)
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        });
    let Some(host) = host else {
        return (StatusCode::BAD_REQUEST, "HTTPS only: use https://").into_response();
    };
    let port = if https_port == 443 {
        String::new()
    } else {
        format!(":{https_port}")
    };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let location = format!("https://{host}{port}{path}");
    match HeaderValue::from_str(&location) {
        Ok(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "HTTPS only: use https://").into_response(),
    }
}

fn host_without_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        // [v6]:port
        return rest
            .split(']')
            .next()
            .map_or(host, |h| &host[..h.len() + 2]);
    }
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_lose_their_port() {
        assert_eq!(host_without_port("box.local:80"), "box.local");
        assert_eq!(host_without_port("box.local"), "box.local");
        assert_eq!(host_without_port("[::1]:8080"), "[::1]");
        assert_eq!(host_without_port("10.0.0.5:80"), "10.0.0.5");
    }

    #[test]
    fn a_generated_certificate_is_kept_private_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let tls = TlsSource::Generated {
            dir: dir.path().join("tls"),
        };
        let first = load_or_generate_certificate(&tls).unwrap();
        assert!(first.generated);
        let mode = std::fs::metadata(dir.path().join("tls").join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let second = load_or_generate_certificate(&tls).unwrap();
        assert!(!second.generated);
        assert_eq!(first.chain_pem, second.chain_pem);
        assert!(tls_config(&second).is_ok());
    }
}
