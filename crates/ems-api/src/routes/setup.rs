//! First-run setup: whoever holds the one-time setup code printed at start creates the
//! administrator (or, after `ems user reset-admin`, sets an administrator's new password).

use crate::access::ClientAddr;
use crate::audit::Audit;
use crate::auth::password::check_new_password;
use crate::auth::secret;
use crate::problem::{ApiResult, ErrorCode, Problem};
use crate::routes::config_json::JsonBody;
use crate::routes::session::{password_failed, throttled, weak};
use crate::routes::users::{UserView, check_user_name};
use crate::state::ApiState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ems_model::access::Role;
use ems_store::account::{AuditResult, NewUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The throttle's account for setup codes: every guess at a code counts against it.
const SETUP_ACCOUNT: &str = "\u{0}setup";

/// Whether setup is waiting for its code.
#[derive(Debug, Serialize, ToSchema)]
pub struct SetupStatus {
    /// True while a setup code is valid: the first-run wizard (or the recovery) can run.
    pub required: bool,
}

/// Completing setup.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// The setup code printed on the console and in the log (case, spaces and dashes do not
    /// matter).
    pub code: String,
    /// The administrator's name.
    pub name: String,
    /// The administrator's password: at least 8 characters, not a common one.
    pub password: String,
}

/// Whether a setup code is waiting.
#[utoipa::path(get, path = "/setup", tag = "setup",
    security(()),
    responses((status = 200, description = "Whether setup is waiting", body = SetupStatus)))]
pub async fn setup_status(State(state): State<ApiState>) -> ApiResult<Json<SetupStatus>> {
    let now = state.clock.now();
    let code = state.blocking(|s| s.readers.setup_code()).await?;
    Ok(Json(SetupStatus {
        required: code.is_some_and(|c| c.expires_at > now),
    }))
}

/// Creates the administrator with the setup code (or sets the password of the administrator
/// named, after a reset). The code works once.
#[utoipa::path(post, path = "/setup", tag = "setup",
    security(()),
    request_body = SetupRequest,
    responses(
        (status = 201, description = "The administrator", body = UserView),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 401, description = "The code is wrong or expired", body = Problem),
        (status = 422, description = "The name or password is refused", body = Problem),
        (status = 429, description = "Too many wrong codes", body = Problem),
    ))]
pub async fn complete_setup(
    State(state): State<ApiState>,
    client: ClientAddr,
    JsonBody(request): JsonBody<SetupRequest>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    throttled(&state, SETUP_ACCOUNT, client)?;
    let now = state.clock.now();
    let hash = secret::hash_secret(&secret::normalize_setup_code(&request.code));
    let stored = state.blocking(|s| s.readers.setup_code()).await?;
    let valid = stored.is_some_and(|c| c.expires_at > now && secret::equal(&c.hash, &hash));
    if !valid {
        let mut problem = password_failed(&state, SETUP_ACCOUNT, client, "setup");
        problem.detail = "the setup code is wrong or expired".into();
        return Err(problem);
    }
    check_user_name(&request.name)?;
    check_new_password(&request.password, &request.name).map_err(|e| weak("password", e))?;
    let password_hash = state
        .hasher
        .hash(&request.password)
        .await
        .map_err(Problem::internal)?;
    let user = NewUser {
        name: request.name.trim().to_owned(),
        role: Role::Administrator,
        pages: Role::Administrator.default_pages(),
        enabled: true,
        password_hash,
    };
    let user = state
        .blocking(move |s| s.store.complete_setup(hash, now, user))
        .await
        .map_err(|p| match p.code {
            ErrorCode::Invalid => Problem::new(
                ErrorCode::SetupRefused,
                "the setup code is wrong or expired",
            ),
            _ => p,
        })?;
    state.throttle.success(SETUP_ACCOUNT, client.0);
    Audit::new(
        &state,
        Some(&user.name),
        client,
        "setup",
        AuditResult::Success,
    )
    .target(format!("user:{}", user.name))
    .write();
    tracing::info!(user = %user.name, "setup done: administrator created");
    Ok((StatusCode::CREATED, Json(UserView::of(&user))))
}

/// Why no setup code could be issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] ems_store::StoreError),
    /// No random code could be drawn.
    #[error(transparent)]
    Random(#[from] secret::RandomFailed),
}

/// At start: when no enabled administrator exists, stores a new setup code valid for
/// `validity` and returns it, to be printed on the console and in the log. Any earlier code is
/// replaced.
pub fn issue_setup_code_if_needed(
    store: &dyn ems_store::account::AccountWriter,
    readers: &dyn ems_store::account::AccountReader,
    now: jiff::Timestamp,
    validity: std::time::Duration,
) -> Result<Option<String>, IssueError> {
    if readers.count_enabled_administrators()? > 0 {
        return Ok(None);
    }
    let code = new_setup_code(store, now, validity, false)?;
    Ok(Some(code))
}

/// The recovery path (`ems user reset-admin`): ends every session and token and stores a new
/// setup code, returned to be printed.
pub fn reset_access(
    store: &dyn ems_store::account::AccountWriter,
    now: jiff::Timestamp,
    validity: std::time::Duration,
) -> Result<String, IssueError> {
    new_setup_code(store, now, validity, true)
}

fn new_setup_code(
    store: &dyn ems_store::account::AccountWriter,
    now: jiff::Timestamp,
    validity: std::time::Duration,
    reset: bool,
) -> Result<String, IssueError> {
    let code = secret::new_setup_code()?;
    let validity =
        jiff::SignedDuration::try_from(validity).unwrap_or(jiff::SignedDuration::from_hours(24));
    let stored = ems_store::account::SetupCode {
        hash: secret::hash_secret(&secret::normalize_setup_code(&code)),
        expires_at: now.saturating_add(validity).unwrap_or(now),
    };
    if reset {
        store.reset_access(stored)?;
    } else {
        store.set_setup_code(stored)?;
    }
    Ok(code)
}
