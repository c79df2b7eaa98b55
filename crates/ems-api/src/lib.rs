//! The web server of ems: the REST API under `/api/v1`, its OpenAPI document, the live stream,
//! users, sessions, API tokens and the audit log, and the web UI built into the binary ([`ui`]),
//! served over HTTPS.
//!
//! Design decisions:
//! - **Secure by default.** HTTPS with a certificate generated for the installation; plain HTTP
//!   only redirects. No default password: the first start prints a one-time setup code. Every
//!   route needs a session or token except an explicit short list (health, setup, login).
//! - **The OpenAPI document is the access policy.** Each route's `security` requirement in its
//!   `#[utoipa::path]` says who may call it; [`access`] enforces exactly that (see there).
//! - **Errors are problems** ([`problem`]): `application/problem+json` with a stable `code`.
//! - **Ports, not adapters.** The API reaches acquisition through [`running::RunningSite`],
//!   implemented by the binary, and the store through its traits; it knows no SQLite and no
//!   Modbus.

pub mod access;
pub mod app;
pub mod audit;
pub mod auth;
pub mod metrics;
pub mod problem;
pub mod routes;
pub mod running;
pub mod server;
pub mod settings;
pub mod state;
pub mod ui;

pub use app::{app, openapi};
pub use running::RunningSite;
pub use settings::ServerSettings;
pub use state::ApiParts;
