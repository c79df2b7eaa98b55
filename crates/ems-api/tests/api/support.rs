//! A server on loopback with its store in a temporary directory, a scripted site, and clients.

use ems_api::auth::password::PasswordHasher;
use ems_api::auth::throttle::ThrottlePolicy;
use ems_api::running::{
    ApplyError, DeviceState, LiveChange, PointState, ReadFailure, ReadResult, RunningSite,
    ScanBook, ScanCandidate, ScanReporter, ScanRequest, ScannedUnit, SpectrumState,
};
use ems_api::server::{Listeners, Server};
use ems_api::settings::{MetricsAccess, ServerSettings};
use ems_api::{ApiParts, app};
use ems_model::site::{Device, Link, SiteConfig};
use ems_model::{Clock, DeviceId, DeviceStatus, Point, Quality, SystemClock, Value};
use ems_profile::load::Library;
use ems_store::HistoryWriter;
use ems_store::sqlite::{ReaderPool, SqliteStore, StoreOptions};
use ems_store::store::ConfigSource;
use futures_util::future::BoxFuture;
use jiff::Timestamp;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;
use tokio::sync::broadcast;

/// A password that passes the rules.
pub const PASSWORD: &str = "correct horse battery staple";

/// The site the server starts with: one Modbus TCP link with two meters.
pub const SITE: &str = r#"
[site]
name = "Test plant"
time_zone = "Europe/Rome"

[links.bus]
kind = "modbus_tcp"
host = "127.0.0.1"
port = 1502

[devices.main]
name = "Main meter"
profile = "eastron.sdm630"
link = "bus"
unit_id = 1

[devices.heat]
name = "Heat pump"
profile = "eastron.sdm630"
link = "bus"
unit_id = 2
load = "heating"
"#;

/// A stand-in for acquisition: the configuration in force, live values set by the test, and
/// reads that answer what the test scripted.
pub struct TestSite {
    store: Arc<SqliteStore>,
    library: Arc<Library>,
    site: Mutex<Arc<SiteConfig>>,
    live: Mutex<BTreeMap<DeviceId, DeviceState>>,
    changes: broadcast::Sender<LiveChange>,
    started: Timestamp,
    /// Devices whose reads fail, with the error.
    pub unreachable: Mutex<BTreeMap<String, String>>,
    /// The bus scans.
    scans: ScanBook,
    /// The latest harmonic spectra, set by the test.
    spectra: Mutex<BTreeMap<DeviceId, SpectrumState>>,
}

impl TestSite {
    /// Sets a device's status and values, and tells subscribers.
    pub fn set_live(&self, state: DeviceState) {
        self.live
            .lock()
            .unwrap()
            .insert(state.device.clone(), state.clone());
        let _ = self.changes.send(LiveChange::Status(state));
    }

    /// New values of a device, as a poll would bring them.
    pub fn push_values(&self, device: &str, points: Vec<PointState>) {
        let id = DeviceId::new(device).unwrap();
        if let Some(state) = self.live.lock().unwrap().get_mut(&id) {
            for p in &points {
                state.points.retain(|q| q.point != p.point);
                state.points.push(p.clone());
            }
        }
        let _ = self.changes.send(LiveChange::Values { device: id, points });
    }
}

impl TestSite {
    /// Sets a device's latest harmonic spectrum, as acquisition would.
    pub fn set_spectrum(&self, device: &str, spectrum: SpectrumState) {
        let id = DeviceId::new(device).unwrap();
        self.spectra.lock().unwrap().insert(id, spectrum);
    }
}

/// A point's state, read now with good quality.
pub fn point_state(point: &str, value: f64) -> PointState {
    let point = Point::from_name(point).unwrap();
    PointState {
        point,
        unit: point.unit().symbol(),
        value: if point.is_counter() {
            Value::Counter(value as i64)
        } else {
            Value::Float(value)
        },
        quality: Quality::Good,
        timestamp: Timestamp::now(),
        min: None,
        max: None,
    }
}

fn reading() -> ReadResult {
    ReadResult {
        timestamp: Timestamp::now(),
        points: vec![
            point_state("voltage_l1", 230.1),
            point_state("active_power", 1500.0),
        ],
    }
}

impl RunningSite for TestSite {
    fn site(&self) -> Arc<SiteConfig> {
        self.site.lock().unwrap().clone()
    }

    fn apply(&self, site: SiteConfig) -> BoxFuture<'_, Result<Option<u32>, ApplyError>> {
        Box::pin(async move {
            let errors = site.validate(self.library.as_ref());
            if !errors.is_empty() {
                return Err(ApplyError::Invalid(errors));
            }
            let version = self.store.save_site(&site, ConfigSource::Api)?;
            *self.site.lock().unwrap() = Arc::new(site);
            let _ = self.changes.send(LiveChange::Restarted);
            Ok(version)
        })
    }

    fn started_at(&self) -> Timestamp {
        self.started
    }

    fn acquisition_started_at(&self) -> Timestamp {
        self.started
    }

    fn live(&self) -> Vec<DeviceState> {
        self.live.lock().unwrap().values().cloned().collect()
    }

    fn live_device(&self, device: &DeviceId) -> Option<DeviceState> {
        self.live.lock().unwrap().get(device).cloned()
    }

    fn subscribe(&self) -> broadcast::Receiver<LiveChange> {
        self.changes.subscribe()
    }

    fn harmonics(&self, device: &DeviceId) -> Option<SpectrumState> {
        self.spectra.lock().unwrap().get(device).cloned()
    }

    fn read_device(&self, device: DeviceId) -> BoxFuture<'_, Result<ReadResult, ReadFailure>> {
        Box::pin(async move {
            if !self.site().is_device_active(device.as_str()) {
                return Err(ReadFailure::NotPolled(device.to_string()));
            }
            match self.unreachable.lock().unwrap().get(device.as_str()) {
                Some(error) => Err(ReadFailure::Unreachable(error.clone())),
                None => Ok(reading()),
            }
        })
    }

    fn test_device(
        &self,
        _link: Link,
        device: Device,
    ) -> BoxFuture<'_, Result<ReadResult, ReadFailure>> {
        Box::pin(async move {
            match self.unreachable.lock().unwrap().get(&device.name) {
                Some(error) => Err(ReadFailure::Unreachable(error.clone())),
                None => Ok(reading()),
            }
        })
    }

    fn test_link(&self, _link: Link) -> BoxFuture<'_, Result<(), ReadFailure>> {
        Box::pin(async { Ok(()) })
    }

    fn scans(&self) -> &ScanBook {
        &self.scans
    }

    /// Every bus answers as [`scanned_bus`] says, one unit id every [`SCAN_STEP`].
    fn scan_bus(
        &self,
        request: ScanRequest,
        reporter: ScanReporter,
    ) -> BoxFuture<'_, Result<(), ReadFailure>> {
        let answers = scanned_bus(&self.library);
        Box::pin(async move {
            tokio::spawn(async move {
                let cancelled = reporter.cancelled();
                let finished = tokio::select! {
                    () = async {
                        for unit in request.unit_ids.clone() {
                            tokio::time::sleep(SCAN_STEP).await;
                            reporter.probed(answers.get(&unit).cloned());
                        }
                    } => true,
                    () = cancelled => false,
                };
                if finished {
                    reporter.finish(None);
                }
            });
            Ok(())
        })
    }
}

/// How long the test site takes to probe one unit id in a scan.
pub const SCAN_STEP: Duration = Duration::from_millis(10);

/// What answers on every bus the test site scans: units 1 and 2 (model unknown: they answer
/// exception 2 to identification reads) and an Eastron SDM120 at 10.
pub fn scanned_bus(library: &Library) -> BTreeMap<u8, ScannedUnit> {
    let sdm120 = library.get("eastron.sdm120").unwrap();
    let unknown = |unit_id| ScannedUnit {
        unit_id,
        exception: Some(2),
        candidates: Vec::new(),
    };
    BTreeMap::from([
        (1, unknown(1)),
        (2, unknown(2)),
        (
            10,
            ScannedUnit {
                unit_id: 10,
                exception: None,
                candidates: vec![ScanCandidate {
                    profile: sdm120.id.clone(),
                    vendor: sdm120.vendor.clone(),
                    model: sdm120.model.clone(),
                }],
            },
        ),
    ])
}

/// A server on loopback.
pub struct TestServer {
    /// The HTTPS base address (`https://127.0.0.1:PORT`).
    pub base: String,
    /// The plain HTTP address.
    pub http: SocketAddr,
    /// The setup code printed at start.
    pub setup_code: String,
    /// The running system behind it.
    pub site: Arc<TestSite>,
    /// The store.
    pub store: Arc<SqliteStore>,
    cert_pem: String,
    server: Option<Server>,
    /// The data directory, removed when the server is dropped.
    _dir: TempDir,
}

/// Options of a test server.
#[derive(Clone)]
pub struct Options {
    /// Who may read metrics.
    pub metrics: MetricsAccess,
    /// Proxies believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Session idle timeout.
    pub session_idle: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            metrics: MetricsAccess::Authenticated,
            trusted_proxies: Vec::new(),
            session_idle: Duration::from_secs(30 * 60),
        }
    }
}

impl TestServer {
    /// A server with the default options.
    pub async fn start() -> TestServer {
        Self::start_with(Options::default()).await
    }

    /// A server with these options.
    pub async fn start_with(options: Options) -> TestServer {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let dir = tempfile::tempdir().unwrap();
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let store = Arc::new(
            SqliteStore::open(dir.path(), StoreOptions::default(), clock.clone()).unwrap(),
        );
        let library = Arc::new(Library::builtin().unwrap());
        let site = SiteConfig::from_toml_str(SITE, library.as_ref()).unwrap();
        store.save_site(&site, ConfigSource::Seed).unwrap();
        let readers = Arc::new(ReaderPool::new(dir.path(), 4).unwrap());
        let live = site
            .devices
            .keys()
            .map(|id| {
                (
                    id.clone(),
                    DeviceState {
                        device: id.clone(),
                        status: Some(DeviceStatus::On),
                        status_since: Some(Timestamp::now()),
                        last_error: None,
                        points: vec![
                            point_state("active_power", 1200.0),
                            point_state("energy_active_import", 5000.0),
                        ],
                    },
                )
            })
            .collect();
        let test_site = Arc::new(TestSite {
            store: store.clone(),
            library: library.clone(),
            site: Mutex::new(Arc::new(site)),
            live: Mutex::new(live),
            changes: broadcast::channel(256).0,
            started: Timestamp::now(),
            unreachable: Mutex::new(BTreeMap::new()),
            scans: ScanBook::new(clock.clone()),
            spectra: Mutex::new(BTreeMap::new()),
        });
        let mut settings = ServerSettings::new(dir.path());
        settings.https_listen = "127.0.0.1:0".parse().unwrap();
        settings.http_listen = Some("127.0.0.1:0".parse().unwrap());
        settings.metrics = options.metrics;
        settings.trusted_proxies = options.trusted_proxies;
        settings.session_idle = options.session_idle;
        let setup_code = ems_api::routes::setup::issue_setup_code_if_needed(
            store.as_ref(),
            readers.as_ref(),
            clock.now(),
            settings.setup_code_validity,
        )
        .unwrap()
        .unwrap();
        let listeners = Listeners::bind(&settings).unwrap();
        let https = listeners.https_address().unwrap();
        let http = listeners.http_address().unwrap().unwrap();
        let certificate = ems_api::server::load_or_generate_certificate(&settings.tls).unwrap();
        let tls = ems_api::server::tls_config(&certificate).unwrap();
        let parts = ApiParts {
            store: store.clone(),
            readers,
            site: test_site.clone(),
            library,
            settings,
            clock,
            hasher: PasswordHasher::with_params(argon2::Params::new(256, 1, 1, None).unwrap())
                .unwrap(),
            throttle: ThrottlePolicy::default(),
        };
        let router = app(parts).unwrap();
        let server = Server::start(listeners, router, tls, https.port()).unwrap();
        TestServer {
            base: format!("https://127.0.0.1:{}", https.port()),
            http,
            setup_code,
            site: test_site,
            store,
            cert_pem: certificate.chain_pem,
            server: Some(server),
            _dir: dir,
        }
    }

    /// The full address of an API path (`/session` → `https://…/api/v1/session`).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("/api/") || path == "/metrics" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/api/v1{path}", self.base)
        }
    }

    /// The full address of a path outside the API (the web UI's pages and files).
    pub fn page_url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that trusts the server's certificate, keeps cookies, and connects from
    /// `local` (any 127.0.0.0/8 address stands for another machine).
    pub fn client_from(&self, local: IpAddr) -> Client {
        let cert = reqwest::Certificate::from_pem(self.cert_pem.as_bytes()).unwrap();
        Client::builder()
            .tls_certs_only([cert])
            .cookie_store(true)
            .local_address(local)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// As [`TestServer::client_from`], speaking HTTP/1.1 only (one connection per request in
    /// flight, as many scripted attackers do).
    pub fn http1_client_from(&self, local: IpAddr) -> Client {
        let cert = reqwest::Certificate::from_pem(self.cert_pem.as_bytes()).unwrap();
        Client::builder()
            .tls_certs_only([cert])
            .http1_only()
            .local_address(local)
            .build()
            .unwrap()
    }

    /// A client from 127.0.0.1.
    pub fn client(&self) -> Client {
        self.client_from("127.0.0.1".parse().unwrap())
    }

    /// Creates the administrator `admin` with the setup code.
    pub async fn set_up(&self) {
        let response = self
            .client()
            .post(self.url("/setup"))
            .json(&json!({"code": self.setup_code, "name": "admin", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "{}",
            response.text().await.unwrap()
        );
    }

    /// Logs in; the session's CSRF token is returned with the client holding its cookie.
    pub async fn log_in(&self, name: &str, password: &str) -> Session {
        let client = self.client();
        let response = client
            .post(self.url("/session"))
            .json(&json!({"name": name, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "{}",
            response.text().await.unwrap()
        );
        let body: Json = response.json().await.unwrap();
        Session {
            client,
            csrf: body["csrf_token"].as_str().unwrap().to_owned(),
            base: self.base.clone(),
        }
    }

    /// Sets up and logs in as the administrator.
    pub async fn admin(&self) -> Session {
        self.set_up().await;
        self.log_in("admin", PASSWORD).await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            drop(server);
        }
    }
}

/// A logged-in client.
pub struct Session {
    /// The client holding the cookie.
    pub client: Client,
    /// The CSRF token.
    pub csrf: String,
    base: String,
}

impl Session {
    fn url(&self, path: &str) -> String {
        if path.starts_with("/api/") || path == "/metrics" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/api/v1{path}", self.base)
        }
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A request with a JSON body and the CSRF token.
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Json>) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("x-csrf-token", &self.csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    /// POST with the CSRF token.
    pub async fn post(&self, path: &str, body: Json) -> Response {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// PUT with the CSRF token.
    pub async fn put(&self, path: &str, body: Json) -> Response {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    /// DELETE with the CSRF token.
    pub async fn delete(&self, path: &str) -> Response {
        self.send(reqwest::Method::DELETE, path, None).await
    }
}

/// The problem code of an error answer, checking it is `application/problem+json`.
pub async fn problem_code(response: Response) -> String {
    let content_type = response
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/problem+json"),
        "{content_type}"
    );
    let body: Json = response.json().await.unwrap();
    body["code"].as_str().unwrap().to_owned()
}

impl TestServer {
    /// Creates an enabled user `name` with `role`, its role's default pages and [`PASSWORD`],
    /// directly in the store.
    pub async fn add_user(&self, name: &str, role: ems_model::access::Role) {
        use ems_store::account::AccountWriter;
        let password_hash =
            PasswordHasher::with_params(argon2::Params::new(256, 1, 1, None).unwrap())
                .unwrap()
                .hash(PASSWORD)
                .await
                .unwrap();
        self.store
            .create_user(ems_store::account::NewUser {
                name: name.to_owned(),
                role,
                pages: role.default_pages(),
                enabled: true,
                password_hash,
            })
            .unwrap();
    }
}

impl TestServer {
    /// The server's certificate chain (PEM), for clients other than [`TestServer::client`].
    pub fn certificate_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The audit entries of `action` as the store holds them (after a flush), newest first.
    pub fn audit_entries(&self, action: &str) -> Vec<ems_store::account::AuditEntry> {
        use ems_store::account::{AccountReader, AuditFilter};
        self.store.flush().unwrap();
        let filter = AuditFilter {
            action: Some(action.to_owned()),
            ..AuditFilter::default()
        };
        self.store.reader().unwrap().audit_entries(&filter).unwrap()
    }
}

/// The JSON body of an answer, checking its status (the body is shown when it is another).
pub async fn json_answer(response: Response, status: StatusCode) -> Json {
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// An internal meter, `incomer`, on a waveform stream (the stand-in of acquisition gives it no
/// spectrum until a test sets one).
pub const INTERNAL_METER: &str = r#"
[links.analyser_board]
kind = "waveform_stream"
tcp = "127.0.0.1:7070"

[devices.incomer]
name = "Main incomer analyser"
profile = "internal.meter"
link = "analyser_board"
ct_ratio = 20

[devices.incomer.meter]
wiring = "3p4w"
"#;

impl TestServer {
    /// Puts [`SITE`] with [`INTERNAL_METER`] in force.
    pub async fn add_internal_meter(&self) {
        let site = SiteConfig::from_toml_str(
            &format!("{SITE}{INTERNAL_METER}"),
            self.site.library.as_ref(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        self.site.apply(site).await.unwrap();
    }
}

impl Session {
    /// A request with a JSON body, the CSRF token and the extra `headers`.
    pub async fn send_with(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Json>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("x-csrf-token", &self.csrf);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }
}

impl Session {
    /// A request with a text body of `content_type` and the CSRF token.
    pub async fn send_text(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> Response {
        self.client
            .request(method, self.url(path))
            .header("x-csrf-token", &self.csrf)
            .header("content-type", content_type)
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }
}
