//! Sessions: log in, see who you are, lock and unlock, log out, change your password.
//!
//! The seeds' "logout" ends the session; their "lock" keeps it but hides everything until the
//! password is typed again (a quick re-entry at a shared screen).

use crate::access::{ClientAddr, Credential, Principal, SESSION_COOKIE};
use crate::audit::Audit;
use crate::auth::password::{MAX_CHARS, MIN_CHARS, WeakPassword, check_new_password};
use crate::auth::secret;
use crate::problem::{ApiResult, Bound, ErrorCode, FieldError, FieldParams, FieldRule, Problem};
use crate::routes::config_json::JsonBody;
use crate::routes::users::{PageName, UserView};
use crate::state::ApiState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ems_model::access::Page;
use ems_store::account::{AuditResult, NewSession, User};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The user's name (not case-sensitive).
    pub name: String,
    /// The password.
    pub password: String,
}

/// The caller's session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// The user.
    pub user: UserView,
    /// The pages the user may open.
    #[schema(value_type = Vec<PageName>)]
    pub pages: Vec<Page>,
    /// True when the user manages users (and reads the audit log): their role's
    /// `manages_users` (`GET /roles`).
    pub manages_users: bool,
    /// Send this in `X-CSRF-Token` with every POST, PUT, PATCH and DELETE.
    pub csrf_token: String,
    /// True while the session is locked.
    pub locked: bool,
    /// When the session began.
    pub created_at: Timestamp,
    /// When it ends at the latest, used or not.
    pub expires_at: Timestamp,
    /// How many seconds without a request end it.
    pub idle_timeout_s: u64,
}

/// A password, to unlock a session.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Unlock {
    /// The user's password.
    pub password: String,
}

/// A change of one's own password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now.
    pub current_password: String,
    /// The new password: at least 8 characters, not a common one.
    pub new_password: String,
}

fn session_view(
    state: &ApiState,
    user: &User,
    csrf_token: String,
    created_at: Timestamp,
    locked: bool,
) -> SessionView {
    let absolute =
        jiff::SignedDuration::try_from(state.settings.session_absolute).unwrap_or_default();
    SessionView {
        user: UserView::of(user),
        pages: user.role.effective_pages(&user.pages).into_iter().collect(),
        manages_users: user.role.manages_users(),
        csrf_token,
        locked,
        created_at,
        expires_at: created_at.saturating_add(absolute).unwrap_or(created_at),
        idle_timeout_s: state.settings.session_idle.as_secs(),
    }
}

fn cookie(value: &str, max_age: Option<u64>) -> HeaderValue {
    let max_age = max_age
        .map(|s| format!("; Max-Age={s}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Strict{max_age}"
    ))
    .unwrap_or_else(|_| {
        HeaderValue::from_static(
            "__Host-ems_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
        )
    })
}

/// Checks the throttle for `name` from `client`: the answer when it is blocked.
pub(crate) fn throttled(state: &ApiState, name: &str, client: ClientAddr) -> Result<(), Problem> {
    match state
        .throttle
        .blocked_for(name, client.0, tokio::time::Instant::now())
    {
        Some(wait) => {
            state
                .metrics
                .logins
                .get_or_create(&crate::metrics::OutcomeLabels {
                    outcome: "throttled",
                })
                .inc();
            Err(Problem::too_many_attempts(wait.as_secs().max(1)))
        }
        None => Ok(()),
    }
}

/// Counts a failed password for `name` from `client`, audits it, and gives the answer.
pub(crate) fn password_failed(
    state: &ApiState,
    name: &str,
    client: ClientAddr,
    action: &str,
) -> Problem {
    use crate::auth::throttle::FailureOutcome;
    let outcome = state
        .throttle
        .failure(name, client.0, tokio::time::Instant::now());
    state
        .metrics
        .logins
        .get_or_create(&crate::metrics::OutcomeLabels { outcome: "failure" })
        .inc();
    let blocked = match outcome {
        FailureOutcome::Counted => None,
        FailureOutcome::AccountBlocked => Some("account"),
        FailureOutcome::ClientBlocked => Some("client"),
    };
    let mut audit = Audit::new(state, Some(name), client, action, AuditResult::Failure);
    if let Some(scope) = blocked {
        audit = audit.detail(serde_json::json!({"lockout": scope}));
    }
    audit.write();
    Problem::new(
        ErrorCode::InvalidCredentials,
        "the name or the password is wrong",
    )
}

/// Logs in and sets the session cookie.
#[utoipa::path(post, path = "/session", tag = "session",
    security(()),
    request_body = Login,
    responses(
        (status = 201, description = "Logged in; the session cookie is set", body = SessionView),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 401, description = "Wrong name or password (the same answer for an unknown name)", body = Problem),
        (status = 429, description = "Too many failed attempts", body = Problem),
    ))]
pub async fn log_in(
    State(state): State<ApiState>,
    client: ClientAddr,
    JsonBody(login): JsonBody<Login>,
) -> ApiResult<Response> {
    throttled(&state, &login.name, client)?;
    let name = login.name.clone();
    let user = state
        .blocking(move |s| s.readers.user_by_name(&name))
        .await?;
    let hash = user
        .as_ref()
        .filter(|u| u.enabled)
        .map(|u| u.password_hash.as_str());
    let verified = state
        .hasher
        .verify(&login.password, hash)
        .await
        .map_err(Problem::internal)?;
    let Some(user) = user.filter(|_| verified) else {
        return Err(password_failed(&state, &login.name, client, "login"));
    };
    state.throttle.success(&login.name, client.0);
    state
        .metrics
        .logins
        .get_or_create(&crate::metrics::OutcomeLabels { outcome: "success" })
        .inc();
    let secret_value = secret::new_secret("ems_session_").map_err(Problem::internal)?;
    let new = NewSession {
        id_hash: secret::hash_secret(&secret_value),
        user_id: user.id,
        client: client.0.to_string(),
    };
    let session = state.blocking(move |s| s.store.create_session(new)).await?;
    Audit::new(
        &state,
        Some(&user.name),
        client,
        "login",
        AuditResult::Success,
    )
    .write();
    let view = session_view(
        &state,
        &user,
        secret::csrf_token(&secret_value),
        session.created_at,
        false,
    );
    let mut response = (StatusCode::CREATED, Json(view)).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie(&secret_value, None));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

fn session_parts(principal: &Principal) -> Result<(String, Timestamp, bool), Problem> {
    match &principal.credential {
        Credential::Session {
            csrf_token,
            locked,
            session,
            ..
        } => Ok((csrf_token.clone(), session.created_at, *locked)),
        Credential::Token { .. } => Err(Problem::new(
            ErrorCode::TokenNotAllowed,
            "API tokens have no session",
        )),
    }
}

/// The caller's session (also while locked).
#[utoipa::path(get, path = "/session", tag = "session",
    security(("session" = ["any_session"])),
    responses(
        (status = 200, description = "The session", body = SessionView),
    ))]
pub async fn current_session(
    State(state): State<ApiState>,
    principal: Principal,
) -> ApiResult<Response> {
    let (csrf, created_at, locked) = session_parts(&principal)?;
    let mut response = Json(session_view(
        &state,
        &principal.user,
        csrf,
        created_at,
        locked,
    ))
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Logs out: the session ends and the cookie is cleared.
#[utoipa::path(delete, path = "/session", tag = "session",
    security(("session" = ["any_session"])),
    responses(
        (status = 204, description = "Logged out"),
    ))]
pub async fn log_out(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
) -> ApiResult<Response> {
    if let Some(id) = principal.session_hash() {
        state.blocking(move |s| s.store.delete_session(id)).await?;
    }
    Audit::by(&state, &principal, client, "logout", AuditResult::Success).write();
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie("", Some(0)));
    Ok(response)
}

/// Locks the session: nothing but unlocking with the password or logging out works until then.
#[utoipa::path(post, path = "/session/lock", tag = "session",
    security(("session" = ["any_session"])),
    responses(
        (status = 204, description = "Locked"),
    ))]
pub async fn lock(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
) -> ApiResult<StatusCode> {
    if let Some(id) = principal.session_hash() {
        state
            .blocking(move |s| s.store.set_session_locked(id, true))
            .await?;
    }
    Audit::by(&state, &principal, client, "lock", AuditResult::Success).write();
    Ok(StatusCode::NO_CONTENT)
}

/// Unlocks the session with the user's password.
#[utoipa::path(post, path = "/session/unlock", tag = "session",
    security(("session" = ["any_session"])),
    request_body = Unlock,
    responses(
        (status = 200, description = "Unlocked", body = SessionView),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 401, description = "Wrong password, or no session", body = Problem),
        (status = 429, description = "Too many failed attempts", body = Problem),
    ))]
pub async fn unlock(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(unlock): JsonBody<Unlock>,
) -> ApiResult<Json<SessionView>> {
    let (csrf, created_at, _) = session_parts(&principal)?;
    let name = principal.user.name.clone();
    throttled(&state, &name, client)?;
    let verified = state
        .hasher
        .verify(&unlock.password, Some(&principal.user.password_hash))
        .await
        .map_err(Problem::internal)?;
    if !verified {
        return Err(password_failed(&state, &name, client, "unlock"));
    }
    state.throttle.success(&name, client.0);
    if let Some(id) = principal.session_hash() {
        state
            .blocking(move |s| s.store.set_session_locked(id, false))
            .await?;
    }
    Audit::by(&state, &principal, client, "unlock", AuditResult::Success).write();
    Ok(Json(session_view(
        &state,
        &principal.user,
        csrf,
        created_at,
        false,
    )))
}

/// Changes one's own password; every other session of the user ends.
#[utoipa::path(put, path = "/session/password", tag = "session",
    security(("session" = ["authenticated"])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 401, description = "The current password is wrong", body = Problem),
        (status = 422, description = "The new password is refused", body = Problem),
        (status = 429, description = "Too many failed attempts", body = Problem),
    ))]
pub async fn change_password(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(change): JsonBody<PasswordChange>,
) -> ApiResult<StatusCode> {
    let name = principal.user.name.clone();
    throttled(&state, &name, client)?;
    let verified = state
        .hasher
        .verify(
            &change.current_password,
            Some(&principal.user.password_hash),
        )
        .await
        .map_err(Problem::internal)?;
    if !verified {
        return Err(password_failed(&state, &name, client, "password_change"));
    }
    state.throttle.success(&name, client.0);
    check_new_password(&change.new_password, &name).map_err(|e| weak("new_password", e))?;
    let hash = state
        .hasher
        .hash(&change.new_password)
        .await
        .map_err(Problem::internal)?;
    let (id, keep) = (principal.user.id, principal.session_hash());
    state
        .blocking(move |s| s.store.set_password(id, hash, keep))
        .await?;
    Audit::by(
        &state,
        &principal,
        client,
        "password_change",
        AuditResult::Success,
    )
    .target(format!("user:{name}"))
    .write();
    Ok(StatusCode::NO_CONTENT)
}

/// The answer to a new password, at `path` in the body, refused as `weak`.
pub(crate) fn weak(path: &str, weak: WeakPassword) -> Problem {
    let (rule, params) = match weak {
        WeakPassword::TooShort => (
            FieldRule::TooShort,
            FieldParams {
                min: Some(Bound::count(MIN_CHARS)),
                ..FieldParams::default()
            },
        ),
        WeakPassword::TooLong => (FieldRule::TooLong, FieldParams::max(MAX_CHARS)),
        WeakPassword::Common => (FieldRule::CommonPassword, FieldParams::default()),
        WeakPassword::Guessable => (FieldRule::GuessablePassword, FieldParams::default()),
    };
    let message = weak.to_string();
    let mut problem = Problem::new(ErrorCode::WeakPassword, message.clone());
    problem
        .errors
        .push(FieldError::new(path, rule, params, message));
    problem
}
