//! Liveness for load balancers and supervisors, and the Prometheus metrics.

use crate::access::ClientAddr;
use crate::metrics::StatusLabels;
use crate::problem::{ApiResult, ErrorCode, Problem};
use crate::settings::MetricsAccess;
use crate::state::ApiState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The server answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`: the server is up. (What it knows of the plant needs a login.)
    pub status: &'static str,
}

/// Whether the server is up. Says nothing else without a login.
#[utoipa::path(get, path = "/health", tag = "system",
    security(()),
    responses((status = 200, description = "The server is up", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// This API's OpenAPI 3.1 document (also printed by `ems api openapi`).
#[utoipa::path(get, path = "/openapi.json", tag = "system",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object),
    ))]
pub async fn openapi_document() -> Response {
    let mut response = crate::app::openapi_json().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Prometheus metrics (OpenMetrics text). With the default settings only clients on the
/// loopback interface may read them, without credentials; with `metrics = "authenticated"`,
/// anyone with the `web_server_configuration` page.
#[utoipa::path(get, path = "/metrics", tag = "system",
    security(("session" = ["web_server_configuration"]), ("token" = ["web_server_configuration"])),
    responses(
        (status = 200, description = "The metrics", content_type = "application/openmetrics-text", body = String),
        (status = 403, description = "Not from loopback, or not allowed", body = Problem),
    ))]
pub async fn metrics(State(state): State<ApiState>, client: ClientAddr) -> ApiResult<Response> {
    if state.settings.metrics == MetricsAccess::Loopback && !client.0.is_loopback() {
        return Err(Problem::new(
            ErrorCode::Forbidden,
            "metrics are served to the loopback interface only",
        ));
    }
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for device in state.site.live() {
        let status = device
            .status
            .map_or_else(|| "starting".to_owned(), |s| s.to_string());
        *counts.entry(status).or_default() += 1;
    }
    for status in ["on", "off", "communication_error", "starting"] {
        let count = counts.get(status).copied().unwrap_or(0);
        state
            .metrics
            .devices
            .get_or_create(&StatusLabels {
                status: status.to_owned(),
            })
            .set(count);
    }
    state
        .metrics
        .password_verifications
        .set(i64::try_from(state.hasher.verifications()).unwrap_or(i64::MAX));
    let mut response = state.metrics.encode().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    Ok(response)
}
