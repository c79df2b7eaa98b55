//! Users: list, create, edit role, pages and enabled, reset a password, delete; and the roles
//! users are given, with what each role sees and may do.
//!
//! Only sessions of administrators and EV managers reach these routes (API tokens never do).
//! Beyond that, three rules protect the installation from its own users:
//! - an EV manager manages everyone but administrators, and makes nobody an administrator
//!   ([`Role::may_manage`]);
//! - nobody disables, deletes or changes the role of themselves, and nobody resets their own
//!   password here (`PUT /session/password` asks for the current one);
//! - the last enabled administrator is never disabled, deleted or demoted.
//!
//! Refusals of these rules are audited with the result `denied` (a caller without the right to
//! manage users at all is refused by [`crate::access`], and not audited).

use crate::access::{ClientAddr, Principal};
use crate::audit::Audit;
use crate::auth::password::check_new_password;
use crate::problem::{ApiResult, ErrorCode, FieldParams, FieldRule, Problem};
use crate::routes::config_json::JsonBody;
use crate::routes::params::{names_schema, param_schema};
use crate::routes::session::weak;
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use ems_model::access::{Page, Role};
use ems_store::account::{AuditResult, NewUser, User, UserChange};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeSet;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

param_schema! {
    /// A role, by name (the document's enum; the field is read as a role).
    RoleName = names_schema(Role::ALL.iter().map(|r| r.as_str()));
    /// A page, by name (the document's enum; the field is read as a page).
    PageName = names_schema(Page::ALL.iter().map(|p| p.as_str()));
}

/// The longest user name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// A user, as the API shows it (never its password hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    /// The user's id.
    pub id: i64,
    /// The login name.
    pub name: String,
    /// The role.
    #[schema(value_type = RoleName)]
    pub role: Role,
    /// The pages the user may open (an administrator's are always all of them).
    #[schema(value_type = Vec<PageName>)]
    pub pages: Vec<Page>,
    /// Whether the user may log in.
    pub enabled: bool,
    /// When the user was created.
    pub created_at: Timestamp,
    /// When the password last changed.
    pub password_changed_at: Timestamp,
}

impl UserView {
    /// The view of a stored user.
    pub fn of(user: &User) -> UserView {
        UserView {
            id: user.id,
            name: user.name.clone(),
            role: user.role,
            pages: user.role.effective_pages(&user.pages).into_iter().collect(),
            enabled: user.enabled,
            created_at: user.created_at,
            password_changed_at: user.password_changed_at,
        }
    }
}

/// Checks a new user name: 1 to 64 characters, no control characters, no leading or trailing
/// space.
pub fn check_user_name(name: &str) -> Result<(), Problem> {
    let (rule, params, message) = if name.trim().is_empty() {
        (
            FieldRule::Empty,
            FieldParams::default(),
            "must not be empty",
        )
    } else if name.chars().count() > MAX_NAME_CHARS {
        (
            FieldRule::TooLong,
            FieldParams::max(MAX_NAME_CHARS),
            "is longer than 64 characters",
        )
    } else if name.chars().any(char::is_control) {
        (
            FieldRule::Pattern,
            FieldParams::format("user_name"),
            "must not contain control characters",
        )
    } else if name.trim() != name {
        (
            FieldRule::Pattern,
            FieldParams::format("user_name"),
            "must not begin or end with a space",
        )
    } else {
        return Ok(());
    };
    Err(Problem::invalid_field("name", rule, params, message))
}

/// A user to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserCreation {
    /// The login name: 1 to 64 characters, unique without regard to case.
    pub name: String,
    /// The role: `administrator`, `ev_manager`, `installer` or `viewer`. An EV manager cannot
    /// create administrators.
    #[schema(value_type = RoleName)]
    pub role: Role,
    /// The pages the user may open; the role's default pages when absent. An administrator
    /// always has every page, whatever is given.
    #[schema(value_type = Option<Vec<PageName>>)]
    pub pages: Option<BTreeSet<Page>>,
    /// Whether the user may log in (true when absent).
    pub enabled: Option<bool>,
    /// The password: at least 8 characters, not a common one.
    pub password: String,
}

/// A change to a user: only the fields given change, the others stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserEdit {
    /// A new role. The pages stay as they are unless `pages` is given too. Nobody changes
    /// their own role; only an administrator makes someone an administrator.
    #[schema(value_type = Option<RoleName>)]
    pub role: Option<Role>,
    /// The pages the user may open (an administrator always has every page, whatever is
    /// stored).
    #[schema(value_type = Option<Vec<PageName>>)]
    pub pages: Option<BTreeSet<Page>>,
    /// Enables or disables the user. Disabling ends the user's sessions and stops its API
    /// tokens (they work again once it is enabled). Nobody disables themselves.
    pub enabled: Option<bool>,
}

/// A new password for another user.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// The new password: at least 8 characters, not a common one.
    pub new_password: String,
}

/// Audits, with the result `denied`, a refusal of `action` on `target` by a rule checked here
/// rather than by the access layer (whom an EV manager manages, oneself, the last
/// administrator, a token's role), and gives the answer.
pub(crate) fn refused(
    state: &ApiState,
    principal: &Principal,
    client: ClientAddr,
    action: &str,
    target: String,
    problem: Problem,
) -> Problem {
    Audit::by(state, principal, client, action, AuditResult::Denied)
        .target(target)
        .detail(json!({ "reason": problem.detail }))
        .write();
    problem
}

/// Audits `refusal`, when there is one, as a denied `action` on `user`, and answers it.
fn deny_if(
    state: &ApiState,
    principal: &Principal,
    client: ClientAddr,
    action: &str,
    user: &User,
    refusal: Option<Problem>,
) -> ApiResult<()> {
    match refusal {
        Some(problem) => Err(refused(
            state,
            principal,
            client,
            action,
            user_target(&user.name),
            problem,
        )),
        None => Ok(()),
    }
}

/// The audit target naming a user.
pub(crate) fn user_target(name: &str) -> String {
    format!("user:{name}")
}

fn forbidden(detail: impl Into<String>) -> Problem {
    Problem::new(ErrorCode::Forbidden, detail)
}

fn last_administrator(user: &User, done: &str) -> Problem {
    Problem::new(
        ErrorCode::Conflict,
        format!(
            "\"{}\" is the last enabled administrator and cannot be {done}",
            user.name
        ),
    )
}

async fn find_user(state: &ApiState, id: i64) -> ApiResult<User> {
    state
        .blocking(move |s| s.readers.user(id))
        .await?
        .ok_or_else(|| Problem::not_found(format!("user {id}")))
}

/// True when `user` is the only enabled administrator.
async fn is_last_administrator(state: &ApiState, user: &User) -> ApiResult<bool> {
    if user.role != Role::Administrator || !user.enabled {
        return Ok(false);
    }
    let count = state
        .blocking(|s| s.readers.count_enabled_administrators())
        .await?;
    Ok(count <= 1)
}

/// Every user, by name.
#[utoipa::path(get, path = "/users", tag = "users",
    security(("session" = ["manage_users"])),
    responses(
        (status = 200, description = "Every user, by name", body = Vec<UserView>),
        (status = 403, description = "Only administrators and EV managers manage users", body = Problem),
    ))]
pub async fn list_users(State(state): State<ApiState>) -> ApiResult<Json<Vec<UserView>>> {
    let users = state.blocking(|s| s.readers.users()).await?;
    Ok(Json(users.iter().map(UserView::of).collect()))
}

/// Creates a user.
#[utoipa::path(post, path = "/users", tag = "users",
    security(("session" = ["manage_users"])),
    request_body = UserCreation,
    responses(
        (status = 201, description = "The user", body = UserView),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 403, description = "Not allowed (an EV manager creating an administrator)", body = Problem),
        (status = 409, description = "A user of that name exists", body = Problem),
        (status = 422, description = "The name or password is refused", body = Problem),
    ))]
pub async fn create_user(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(request): JsonBody<UserCreation>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    check_user_name(&request.name)?;
    if !principal.role.may_manage(request.role) {
        return Err(refused(
            &state,
            &principal,
            client,
            "user_create",
            user_target(&request.name),
            forbidden("only an administrator can create an administrator"),
        ));
    }
    check_new_password(&request.password, &request.name).map_err(|e| weak("password", e))?;
    let password_hash = state
        .hasher
        .hash(&request.password)
        .await
        .map_err(Problem::internal)?;
    let new = NewUser {
        pages: request
            .pages
            .unwrap_or_else(|| request.role.default_pages()),
        name: request.name,
        role: request.role,
        enabled: request.enabled.unwrap_or(true),
        password_hash,
    };
    let user = state.blocking(move |s| s.store.create_user(new)).await?;
    Audit::by(
        &state,
        &principal,
        client,
        "user_create",
        AuditResult::Success,
    )
    .target(user_target(&user.name))
    .detail(json!({ "role": user.role, "pages": user.pages, "enabled": user.enabled }))
    .write();
    Ok((StatusCode::CREATED, Json(UserView::of(&user))))
}

/// One user.
#[utoipa::path(get, path = "/users/{id}", tag = "users",
    security(("session" = ["manage_users"])),
    params(("id" = i64, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = UserView),
        (status = 403, description = "Only administrators and EV managers manage users", body = Problem),
        (status = 404, description = "No such user", body = Problem),
    ))]
pub async fn get_user(
    State(state): State<ApiState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(UserView::of(&find_user(&state, id).await?)))
}

/// Changes a user's role, pages or state; only the fields given change.
#[utoipa::path(put, path = "/users/{id}", tag = "users",
    security(("session" = ["manage_users"])),
    params(("id" = i64, Path, description = "The user's id")),
    request_body = UserEdit,
    responses(
        (status = 200, description = "The user as changed", body = UserView),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 403, description = "Not allowed: an EV manager and an administrator, or a change of one's own role or state", body = Problem),
        (status = 404, description = "No such user", body = Problem),
        (status = 409, description = "The last enabled administrator cannot be disabled or demoted", body = Problem),
    ))]
pub async fn edit_user(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    Path(id): Path<i64>,
    JsonBody(edit): JsonBody<UserEdit>,
) -> ApiResult<Json<UserView>> {
    let user = find_user(&state, id).await?;
    let new_role = edit.role.filter(|r| *r != user.role);
    let disables = user.enabled && edit.enabled == Some(false);
    let refusal = if !principal.role.may_manage(user.role) {
        Some(forbidden(
            "only an administrator can change an administrator",
        ))
    } else if new_role.is_some_and(|r| !principal.role.may_manage(r)) {
        Some(forbidden(
            "only an administrator can make someone an administrator",
        ))
    } else if (disables || new_role.is_some()) && is_last_administrator(&state, &user).await? {
        Some(last_administrator(
            &user,
            if disables { "disabled" } else { "demoted" },
        ))
    } else if user.id == principal.user.id && disables {
        Some(forbidden("you cannot disable yourself"))
    } else if user.id == principal.user.id && new_role.is_some() {
        Some(forbidden("you cannot change your own role"))
    } else {
        None
    };
    deny_if(&state, &principal, client, "user_change", &user, refusal)?;
    let change = UserChange {
        role: new_role,
        pages: edit.pages.filter(|p| *p != user.pages),
        enabled: edit.enabled.filter(|e| *e != user.enabled),
    };
    if change == UserChange::default() {
        return Ok(Json(UserView::of(&user)));
    }
    let mut changed = serde_json::Map::new();
    if let Some(role) = change.role {
        changed.insert("role".into(), json!({ "from": user.role, "to": role }));
    }
    if let Some(pages) = &change.pages {
        changed.insert("pages".into(), json!({ "from": user.pages, "to": pages }));
    }
    if let Some(enabled) = change.enabled {
        changed.insert(
            "enabled".into(),
            json!({ "from": user.enabled, "to": enabled }),
        );
    }
    let changed_user = state
        .blocking(move |s| s.store.change_user(id, change))
        .await?;
    Audit::by(
        &state,
        &principal,
        client,
        "user_change",
        AuditResult::Success,
    )
    .target(user_target(&user.name))
    .detail(serde_json::Value::Object(changed))
    .write();
    Ok(Json(UserView::of(&changed_user)))
}

/// Sets another user's password (one's own changes with `PUT /session/password`). Every
/// session of that user ends.
#[utoipa::path(put, path = "/users/{id}/password", tag = "users",
    security(("session" = ["manage_users"])),
    params(("id" = i64, Path, description = "The user's id")),
    request_body = PasswordReset,
    responses(
        (status = 204, description = "The password is set and the user's sessions have ended"),
        (status = 400, description = "The body is not of this form; `errors` names the member that does not fit", body = Problem),
        (status = 403, description = "Not allowed: an EV manager and an administrator, or one's own password", body = Problem),
        (status = 404, description = "No such user", body = Problem),
        (status = 422, description = "The password is refused", body = Problem),
    ))]
pub async fn reset_password(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    Path(id): Path<i64>,
    JsonBody(reset): JsonBody<PasswordReset>,
) -> ApiResult<StatusCode> {
    let user = find_user(&state, id).await?;
    let refusal = if user.id == principal.user.id {
        Some(forbidden(
            "you cannot set your own password here; change it with PUT /session/password",
        ))
    } else if !principal.role.may_manage(user.role) {
        Some(forbidden(
            "only an administrator can set the password of an administrator",
        ))
    } else {
        None
    };
    deny_if(
        &state,
        &principal,
        client,
        "user_password_reset",
        &user,
        refusal,
    )?;
    check_new_password(&reset.new_password, &user.name).map_err(|e| weak("new_password", e))?;
    let hash = state
        .hasher
        .hash(&reset.new_password)
        .await
        .map_err(Problem::internal)?;
    state
        .blocking(move |s| s.store.set_password(id, hash, None))
        .await?;
    Audit::by(
        &state,
        &principal,
        client,
        "user_password_reset",
        AuditResult::Success,
    )
    .target(user_target(&user.name))
    .write();
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a user with its sessions and API tokens.
#[utoipa::path(delete, path = "/users/{id}", tag = "users",
    security(("session" = ["manage_users"])),
    params(("id" = i64, Path, description = "The user's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not allowed: an EV manager and an administrator, or oneself", body = Problem),
        (status = 404, description = "No such user", body = Problem),
        (status = 409, description = "The last enabled administrator cannot be deleted", body = Problem),
    ))]
pub async fn delete_user(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let user = find_user(&state, id).await?;
    let refusal = if !principal.role.may_manage(user.role) {
        Some(forbidden(
            "only an administrator can delete an administrator",
        ))
    } else if is_last_administrator(&state, &user).await? {
        Some(last_administrator(&user, "deleted"))
    } else if user.id == principal.user.id {
        Some(forbidden("you cannot delete yourself"))
    } else {
        None
    };
    deny_if(&state, &principal, client, "user_delete", &user, refusal)?;
    state.blocking(move |s| s.store.delete_user(id)).await?;
    Audit::by(
        &state,
        &principal,
        client,
        "user_delete",
        AuditResult::Success,
    )
    .target(user_target(&user.name))
    .detail(json!({ "role": user.role }))
    .write();
    Ok(StatusCode::NO_CONTENT)
}

/// A role, as the model defines it: what a user of it sees by default and whom they manage.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleView {
    /// The role.
    #[schema(value_type = RoleName)]
    pub role: Role,
    /// The pages a new user of this role gets (an administrator always has every page).
    #[schema(value_type = Vec<PageName>)]
    pub default_pages: Vec<Page>,
    /// True when users of this role manage users and read the audit log.
    pub manages_users: bool,
    /// The roles of the users a user of this role may create, change, reset and delete, and
    /// give (empty when they manage no users).
    #[schema(value_type = Vec<RoleName>)]
    pub may_manage: Vec<Role>,
}

impl RoleView {
    fn of(role: Role) -> RoleView {
        RoleView {
            role,
            default_pages: role.default_pages().into_iter().collect(),
            manages_users: role.manages_users(),
            may_manage: Role::ALL
                .iter()
                .copied()
                .filter(|&other| role.may_manage(other))
                .collect(),
        }
    }
}

/// Every role, highest first, with its default pages and whom it manages: what the web
/// interface offers when users are created or changed.
#[utoipa::path(get, path = "/roles", tag = "users",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "Every role, highest first", body = Vec<RoleView>),
    ))]
pub async fn list_roles() -> Json<Vec<RoleView>> {
    Json(Role::ALL.iter().copied().map(RoleView::of).collect())
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_roles))
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, edit_user, delete_user))
        .routes(routes!(reset_password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_every_role_and_page_by_name() {
        let names = |schema: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>| {
            serde_json::to_value(schema).unwrap()["enum"].clone()
        };
        assert_eq!(
            names(<RoleName as utoipa::PartialSchema>::schema()),
            json!(["administrator", "ev_manager", "installer", "viewer"])
        );
        let pages = names(<PageName as utoipa::PartialSchema>::schema());
        assert_eq!(pages.as_array().unwrap().len(), Page::ALL.len());
        for page in Page::ALL {
            assert!(pages.as_array().unwrap().contains(&json!(page.as_str())));
        }
    }
}
