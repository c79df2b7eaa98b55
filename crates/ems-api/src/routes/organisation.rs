//! How the installation is organised: loads, measure groups and panel boards.
//!
//! Every signed-in user may read them (pages show their names); every change needs the system
//! configuration page. Disabling is a `PUT` with `enabled: false`.
//!
//! The seeds' rules: the predefined loads always exist and can only be disabled; a load, group
//! or panel board still used by devices (or, for a panel board, by gateways) cannot be deleted.

use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{
    Editor, FormBody, GroupForm, JsonBody, LoadForm, PanelBoardForm, Section, conflict, quoted,
};
use crate::routes::entities;
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use ems_model::site::PredefinedLoad;
use utoipa_axum::router::OpenApiRouter;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list_loads, create_load))
        .routes(utoipa_axum::routes!(get_load, update_load, delete_load))
        .routes(utoipa_axum::routes!(list_groups, create_group))
        .routes(utoipa_axum::routes!(get_group, update_group, delete_group))
        .routes(utoipa_axum::routes!(list_panel_boards, create_panel_board))
        .routes(utoipa_axum::routes!(
            get_panel_board,
            update_panel_board,
            delete_panel_board
        ))
}

/// Refuses to delete what devices still use, naming them.
fn unused_by_devices<'a>(
    section: Section,
    id: &str,
    devices: impl Iterator<Item = &'a str>,
) -> Result<(), Problem> {
    let devices: Vec<&str> = devices.collect();
    if devices.is_empty() {
        return Ok(());
    }
    Err(conflict(format!(
        "{} {id:?} is used by devices {}; change them first, or disable it",
        section.noun(),
        quoted(devices)
    )))
}

/// Every load, by id: the predefined ones and the user's ("Others", the load of devices
/// without one, is implicit and not listed).
#[utoipa::path(get, path = "/loads", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The loads", body = Vec<LoadForm>),
    ))]
pub async fn list_loads(State(state): State<ApiState>) -> Json<Vec<LoadForm>> {
    entities::list(&state)
}

/// Adds a load; its `id` is given in the body.
#[utoipa::path(post, path = "/loads", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = LoadForm,
    responses(
        (status = 201, description = "Added", body = LoadForm,
            headers(("etag" = String, description = "Its tag, for `If-Match`"), ("location" = String, description = "The load's address"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 409, description = "A load with this id exists", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn create_load(editor: Editor, JsonBody(body): FormBody) -> ApiResult<Response> {
    entities::create::<LoadForm>(editor, body).await
}

/// One load.
#[utoipa::path(get, path = "/loads/{id}", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    params(("id" = String, Path, description = "The load's id")),
    responses(
        (status = 200, description = "The load", body = LoadForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 404, description = "No such load", body = Problem),
    ))]
pub async fn get_load(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    entities::get::<LoadForm>(&state, &id)
}

/// Replaces a load; keys left out take their defaults. A predefined load takes only `enabled`
/// (its fixed `name` may be repeated).
#[utoipa::path(put, path = "/loads/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The load's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = LoadForm,
    responses(
        (status = 200, description = "The load now", body = LoadForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 404, description = "No such load", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn update_load(
    editor: Editor,
    Path(id): Path<String>,
    JsonBody(body): FormBody,
) -> ApiResult<Response> {
    entities::replace::<LoadForm>(editor, &id, body).await
}

/// Deletes a user load that no device measures. Predefined loads can only be disabled.
#[utoipa::path(delete, path = "/loads/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The load's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such load", body = Problem),
        (status = 409, description = "A predefined load, or devices measure it", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "The site without it breaks rules", body = Problem),
    ))]
pub async fn delete_load(editor: Editor, Path(id): Path<String>) -> ApiResult<StatusCode> {
    entities::delete::<LoadForm>(editor, &id, |site| {
        if PredefinedLoad::from_id(&id).is_some() {
            return Err(conflict(format!(
                "the predefined load {id:?} cannot be deleted; it can only be disabled \
                 (enabled: false)"
            )));
        }
        let devices = site.devices_with_load(Some(&id)).map(|(d, _)| d.as_str());
        unused_by_devices(Section::Loads, &id, devices)?;
        site.loads.remove(&id);
        Ok(())
    })
    .await
}

/// Every measure group, by id.
#[utoipa::path(get, path = "/groups", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The measure groups", body = Vec<GroupForm>),
    ))]
pub async fn list_groups(State(state): State<ApiState>) -> Json<Vec<GroupForm>> {
    entities::list(&state)
}

/// Adds a measure group; its `id` is given in the body.
#[utoipa::path(post, path = "/groups", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = GroupForm,
    responses(
        (status = 201, description = "Added", body = GroupForm,
            headers(("etag" = String, description = "Its tag, for `If-Match`"), ("location" = String, description = "The group's address"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 409, description = "A group with this id exists", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn create_group(editor: Editor, JsonBody(body): FormBody) -> ApiResult<Response> {
    entities::create::<GroupForm>(editor, body).await
}

/// One measure group.
#[utoipa::path(get, path = "/groups/{id}", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    params(("id" = String, Path, description = "The group's id")),
    responses(
        (status = 200, description = "The measure group", body = GroupForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 404, description = "No such group", body = Problem),
    ))]
pub async fn get_group(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    entities::get::<GroupForm>(&state, &id)
}

/// Replaces a measure group; keys left out take their defaults.
#[utoipa::path(put, path = "/groups/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The group's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = GroupForm,
    responses(
        (status = 200, description = "The measure group now", body = GroupForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 404, description = "No such group", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn update_group(
    editor: Editor,
    Path(id): Path<String>,
    JsonBody(body): FormBody,
) -> ApiResult<Response> {
    entities::replace::<GroupForm>(editor, &id, body).await
}

/// Deletes a measure group that no device belongs to.
#[utoipa::path(delete, path = "/groups/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The group's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such group", body = Problem),
        (status = 409, description = "Devices belong to it", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "The site without it breaks rules", body = Problem),
    ))]
pub async fn delete_group(editor: Editor, Path(id): Path<String>) -> ApiResult<StatusCode> {
    entities::delete::<GroupForm>(editor, &id, |site| {
        let devices = site.devices_in_group(&id).map(|(d, _)| d.as_str());
        unused_by_devices(Section::Groups, &id, devices)?;
        site.groups.remove(&id);
        Ok(())
    })
    .await
}

/// Every panel board, by id.
#[utoipa::path(get, path = "/panel-boards", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The panel boards", body = Vec<PanelBoardForm>),
    ))]
pub async fn list_panel_boards(State(state): State<ApiState>) -> Json<Vec<PanelBoardForm>> {
    entities::list(&state)
}

/// Adds a panel board; its `id` is given in the body.
#[utoipa::path(post, path = "/panel-boards", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = PanelBoardForm,
    responses(
        (status = 201, description = "Added", body = PanelBoardForm,
            headers(("etag" = String, description = "Its tag, for `If-Match`"), ("location" = String, description = "The panel board's address"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 409, description = "A panel board with this id exists", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn create_panel_board(editor: Editor, JsonBody(body): FormBody) -> ApiResult<Response> {
    entities::create::<PanelBoardForm>(editor, body).await
}

/// One panel board.
#[utoipa::path(get, path = "/panel-boards/{id}", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    params(("id" = String, Path, description = "The panel board's id")),
    responses(
        (status = 200, description = "The panel board", body = PanelBoardForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 404, description = "No such panel board", body = Problem),
    ))]
pub async fn get_panel_board(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    entities::get::<PanelBoardForm>(&state, &id)
}

/// Replaces a panel board; keys left out take their defaults.
#[utoipa::path(put, path = "/panel-boards/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The panel board's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = PanelBoardForm,
    responses(
        (status = 200, description = "The panel board now", body = PanelBoardForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 404, description = "No such panel board", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn update_panel_board(
    editor: Editor,
    Path(id): Path<String>,
    JsonBody(body): FormBody,
) -> ApiResult<Response> {
    entities::replace::<PanelBoardForm>(editor, &id, body).await
}

/// Deletes a panel board that no device or gateway is installed in.
#[utoipa::path(delete, path = "/panel-boards/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The panel board's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such panel board", body = Problem),
        (status = 409, description = "Devices or gateways are installed in it", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "The site without it breaks rules", body = Problem),
    ))]
pub async fn delete_panel_board(editor: Editor, Path(id): Path<String>) -> ApiResult<StatusCode> {
    entities::delete::<PanelBoardForm>(editor, &id, |site| {
        let in_board = |board: &Option<String>| board.as_deref() == Some(id.as_str());
        let gateways: Vec<&str> = site
            .gateways
            .iter()
            .filter(|(_, g)| in_board(&g.panel_board))
            .map(|(g, _)| g.as_str())
            .collect();
        let devices: Vec<&str> = site
            .devices
            .iter()
            .filter(|(_, d)| in_board(&d.panel_board))
            .map(|(d, _)| d.as_str())
            .collect();
        let users: Vec<String> = [("gateways", gateways), ("devices", devices)]
            .into_iter()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(kind, ids)| format!("{kind} {}", quoted(ids)))
            .collect();
        if !users.is_empty() {
            return Err(conflict(format!(
                "panel board {id:?} is used by {}; change them first, or disable it",
                users.join(" and ")
            )));
        }
        site.panel_boards.remove(&id);
        Ok(())
    })
    .await
}
