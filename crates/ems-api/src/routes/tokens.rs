//! API tokens: opaque secrets for scripts and other systems (`Authorization: Bearer`).
//!
//! Design decisions:
//! - Only a session creates, lists or revokes tokens: a token never makes another one, so a
//!   leaked token cannot outlive its revocation.
//! - The secret is shown once, in the answer that creates it; the store keeps only its SHA-256.
//! - A token acts with its own role, never above its creator's, and with that role's default
//!   pages within its owner's pages (see [`crate::access`]). A token of a disabled user is
//!   refused; deleting the user deletes its tokens.

use crate::access::{ClientAddr, Principal};
use crate::audit::Audit;
use crate::auth::secret;
use crate::problem::{ApiResult, ErrorCode, FieldParams, FieldRule, Problem};
use crate::routes::config_json::JsonBody;
use crate::routes::users::{RoleName, check_user_name, refused, user_target};
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ems_model::access::Role;
use ems_store::account::{ApiToken, AuditResult, NewApiToken};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The longest validity of a token, in days (about ten years).
pub const MAX_VALIDITY_DAYS: u32 = 3650;

/// An API token, as the API shows it (never its secret).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenView {
    /// The token's id.
    pub id: i64,
    /// Its name, unique among its owner's tokens.
    pub name: String,
    /// The name of the user it acts for.
    pub owner: String,
    /// The role it acts with.
    #[schema(value_type = RoleName)]
    pub role: Role,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last used (to the minute), if ever.
    pub last_used_at: Option<Timestamp>,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
}

impl TokenView {
    fn of(token: &ApiToken, owner: &str) -> TokenView {
        TokenView {
            id: token.id,
            name: token.name.clone(),
            owner: owner.to_owned(),
            role: token.role,
            created_at: token.created_at,
            last_used_at: token.last_used_at,
            expires_at: token.expires_at,
        }
    }
}

/// A new token, with its secret.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    /// The secret (`ems_token_…`), to send as `Authorization: Bearer <token>`. It is shown
    /// this once and cannot be read again: store it now.
    pub token: String,
    /// The token.
    #[serde(flatten)]
    pub view: TokenView,
}

/// A token to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenCreation {
    /// Its name: 1 to 64 characters, unique among the caller's tokens without regard to case.
    pub name: String,
    /// The role it acts with: `administrator`, `ev_manager`, `installer` or `viewer`, not
    /// above the caller's own (administrator is the highest, viewer the lowest).
    #[schema(value_type = RoleName)]
    pub role: Role,
    /// After how many days it stops working (1 to 3650); never when absent.
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<u32>,
}

/// Whose tokens to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenListing {
    /// Every user's tokens instead of the caller's (administrators and EV managers only).
    pub all: Option<bool>,
}

/// The caller's API tokens, or everyone's with `all=true`.
#[utoipa::path(get, path = "/tokens", tag = "tokens",
    security(("session" = ["authenticated"])),
    params(TokenListing),
    responses(
        (status = 200, description = "The tokens, by owner and name", body = Vec<TokenView>),
        (status = 403, description = "Only administrators and EV managers see every user's tokens", body = Problem),
    ))]
pub async fn list_tokens(
    State(state): State<ApiState>,
    principal: Principal,
    Query(listing): Query<TokenListing>,
) -> ApiResult<Json<Vec<TokenView>>> {
    if listing.all != Some(true) {
        let id = principal.user.id;
        let tokens = state.blocking(move |s| s.readers.tokens(Some(id))).await?;
        return Ok(Json(
            tokens
                .iter()
                .map(|t| TokenView::of(t, &principal.user.name))
                .collect(),
        ));
    }
    if !principal.role.manages_users() {
        return Err(Problem::new(
            ErrorCode::Forbidden,
            "only administrators and EV managers see every user's tokens",
        ));
    }
    let (tokens, users) = state
        .blocking(|s| Ok((s.readers.tokens(None)?, s.readers.users()?)))
        .await?;
    let owners: HashMap<i64, &str> = users.iter().map(|u| (u.id, u.name.as_str())).collect();
    Ok(Json(
        tokens
            .iter()
            .map(|t| TokenView::of(t, owners.get(&t.user_id).copied().unwrap_or_default()))
            .collect(),
    ))
}

/// Creates an API token for the caller. Its secret is in this answer only.
#[utoipa::path(post, path = "/tokens", tag = "tokens",
    security(("session" = ["authenticated"])),
    request_body = TokenCreation,
    responses(
        (status = 201, description = "The token with its secret, shown this once", body = CreatedToken),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 403, description = "The role is above the caller's, or the caller is an API token", body = Problem),
        (status = 409, description = "The caller has a token of that name", body = Problem),
        (status = 422, description = "The name or validity is refused", body = Problem),
    ))]
pub async fn create_token(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(request): JsonBody<TokenCreation>,
) -> ApiResult<Response> {
    check_user_name(&request.name)?;
    if request.role < principal.role {
        return Err(refused(
            &state,
            &principal,
            client,
            "token_create",
            user_target(&principal.user.name),
            Problem::new(
                ErrorCode::Forbidden,
                format!(
                    "a token's role cannot be above your own ({})",
                    principal.role
                ),
            ),
        ));
    }
    let expires_at = match request.expires_in_days {
        None => None,
        Some(days) if (1..=MAX_VALIDITY_DAYS).contains(&days) => {
            let validity = SignedDuration::from_hours(24 * i64::from(days));
            Some(
                state
                    .clock
                    .now()
                    .saturating_add(validity)
                    .map_err(Problem::internal)?,
            )
        }
        Some(_) => {
            return Err(Problem::invalid_field(
                "expires_in_days",
                FieldRule::OutOfRange,
                FieldParams::range(1_u32, MAX_VALIDITY_DAYS),
                format!("must be between 1 and {MAX_VALIDITY_DAYS}"),
            ));
        }
    };
    let secret_value = secret::new_secret("ems_token_").map_err(Problem::internal)?;
    let new = NewApiToken {
        hash: secret::hash_secret(&secret_value),
        name: request.name,
        user_id: principal.user.id,
        role: request.role,
        expires_at,
    };
    let token = state.blocking(move |s| s.store.create_token(new)).await?;
    Audit::by(
        &state,
        &principal,
        client,
        "token_create",
        AuditResult::Success,
    )
    .target(user_target(&principal.user.name))
    .detail(json!({
        "id": token.id,
        "name": token.name,
        "role": token.role,
        "expires_at": token.expires_at,
    }))
    .write();
    let created = CreatedToken {
        token: secret_value,
        view: TokenView::of(&token, &principal.user.name),
    };
    let mut response = (StatusCode::CREATED, Json(created)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Revokes an API token: one's own, or, for administrators and EV managers, anyone's (an EV
/// manager's not an administrator's).
#[utoipa::path(delete, path = "/tokens/{id}", tag = "tokens",
    security(("session" = ["authenticated"])),
    params(("id" = i64, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked: the token no longer works"),
        (status = 403, description = "An EV manager revoking an administrator's token", body = Problem),
        (status = 404, description = "No such token (or another user's, for those who do not manage users)", body = Problem),
    ))]
pub async fn revoke_token(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let unknown = || Problem::not_found(format!("API token {id}"));
    let tokens = state.blocking(|s| s.readers.tokens(None)).await?;
    let token = tokens
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(unknown)?;
    let owner = if token.user_id == principal.user.id {
        principal.user.clone()
    } else if principal.role.manages_users() {
        let owner_id = token.user_id;
        let owner = state
            .blocking(move |s| s.readers.user(owner_id))
            .await?
            .ok_or_else(unknown)?;
        if !principal.role.may_manage(owner.role) {
            return Err(refused(
                &state,
                &principal,
                client,
                "token_revoke",
                user_target(&owner.name),
                Problem::new(
                    ErrorCode::Forbidden,
                    "only an administrator can revoke an administrator's token",
                ),
            ));
        }
        owner
    } else {
        // Other users' tokens are not theirs to see.
        return Err(unknown());
    };
    state.blocking(move |s| s.store.revoke_token(id)).await?;
    Audit::by(
        &state,
        &principal,
        client,
        "token_revoke",
        AuditResult::Success,
    )
    .target(user_target(&owner.name))
    .detail(json!({ "id": token.id, "name": token.name, "role": token.role }))
    .write();
    Ok(StatusCode::NO_CONTENT)
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}
