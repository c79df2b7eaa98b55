//! The routes, one module per resource. Each handler's `#[utoipa::path]` declares its
//! `security` requirement, which is also what [`crate::access`] enforces.

pub mod audit;
pub mod config_json;
pub mod costs;
pub mod devices;
pub mod entities;
pub mod events;
pub mod gateways;
pub mod health;
pub mod history;
pub mod library;
pub mod live;
pub mod organisation;
pub mod params;
pub mod scans;
pub mod serial_ports;
pub mod session;
pub mod setup;
pub mod site_settings;
pub mod system;
pub mod tariffs;
pub mod tokens;
pub mod users;

use crate::state::ApiState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The path of the Prometheus metrics.
pub const METRICS_PATH: &str = "/metrics";

/// The routes under `/api/v1`.
pub fn api() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(health::health))
        .routes(routes!(health::openapi_document))
        .routes(routes!(setup::setup_status, setup::complete_setup))
        .routes(routes!(
            session::current_session,
            session::log_in,
            session::log_out
        ))
        .routes(routes!(session::lock))
        .routes(routes!(session::unlock))
        .routes(routes!(session::change_password))
        .merge(users::routes())
        .merge(tokens::routes())
        .merge(audit::routes())
        .merge(site_settings::routes())
        .merge(gateways::routes())
        .merge(devices::routes())
        .merge(organisation::routes())
        .merge(library::routes())
        .merge(live::routes())
        .merge(history::routes())
        .merge(costs::routes())
        .merge(events::routes())
        .merge(system::routes())
        .merge(tariffs::routes())
        .merge(scans::routes())
        .merge(serial_ports::routes())
}

/// The routes outside `/api/v1`.
pub fn outside_api() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(health::metrics))
}
