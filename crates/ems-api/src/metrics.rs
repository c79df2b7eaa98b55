//! Prometheus metrics of the web server (`/metrics`, OpenMetrics text): requests by route and
//! status, their latency, logins, and, at each scrape, the devices by status.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The labels of a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct RequestLabels {
    /// The method.
    pub method: String,
    /// The route template (`/api/v1/devices/{id}`), never the raw path.
    pub route: String,
    /// The status code.
    pub status: u16,
}

/// The labels of a route.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct RouteLabels {
    /// The route template.
    pub route: String,
}

/// The labels of a login outcome.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct OutcomeLabels {
    /// `success`, `failure` or `throttled`.
    pub outcome: &'static str,
}

/// The labels of a device status.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct StatusLabels {
    /// `on`, `off`, `communication_error` or `starting`.
    pub status: String,
}

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    /// Requests answered.
    pub requests: Family<RequestLabels, Counter>,
    /// Time to answer, by route.
    pub latency: Family<RouteLabels, Histogram>,
    /// Login attempts by outcome.
    pub logins: Family<OutcomeLabels, Counter>,
    /// Devices by status, set at each scrape.
    pub devices: Family<StatusLabels, Gauge>,
    /// Passwords verified with Argon2id, set at each scrape.
    pub password_verifications: Gauge,
}

impl Metrics {
    /// The metrics, registered.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("ems");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
        });
        let logins = Family::<OutcomeLabels, Counter>::default();
        let devices = Family::<StatusLabels, Gauge>::default();
        let password_verifications = Gauge::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "login_attempts",
            "Login attempts by outcome",
            logins.clone(),
        );
        registry.register(
            "devices",
            "Devices by communication status",
            devices.clone(),
        );
        registry.register(
            "password_verifications",
            "Passwords verified with Argon2id since start",
            password_verifications.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            logins,
            devices,
            password_verifications,
        }
    }

    /// The metrics as OpenMetrics text.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
