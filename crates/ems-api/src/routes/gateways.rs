//! Gateways and links.
//!
//! A gateway is an informational box (name, description, address, panel board) that links
//! belong to; disabling it stops polling every device on its links. A link carries the
//! transport (Modbus TCP, RTU, RTU over TCP, waveform stream) that devices are reached through.
//! Every signed-in user may read gateways (pages show their names and status); links hold
//! transport details (hosts, ports, serial paths) and need the system configuration page even
//! to read. Every change and every test needs the system configuration page.
//!
//! The seeds' rules: the Local gateway always exists (it can be renamed or disabled, not
//! deleted); a gateway with devices on its links cannot be deleted, and deleting one deletes its
//! links; a link with devices cannot be deleted.

use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{
    Editor, FormBody, GatewayForm, JsonBody, LinkForm, Section, conflict, quoted, read_problem,
};
use crate::routes::entities;
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use ems_model::site::LOCAL_GATEWAY_ID;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list_gateways, create_gateway))
        .routes(utoipa_axum::routes!(
            get_gateway,
            update_gateway,
            delete_gateway
        ))
        .routes(utoipa_axum::routes!(test_gateway))
        .routes(utoipa_axum::routes!(list_links, create_link))
        .routes(utoipa_axum::routes!(get_link, update_link, delete_link))
        .routes(utoipa_axum::routes!(test_link))
}

/// The outcome of opening a connection to a link.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkTest {
    /// The link's id.
    pub link: String,
    /// True when the connection opened.
    pub reachable: bool,
    /// The exact error when it did not.
    pub error: Option<String>,
}

/// The outcome of testing a gateway: one connection to each of its enabled links.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GatewayTest {
    /// The gateway's id.
    pub gateway: String,
    /// Each enabled link of the gateway, by id (none when it has no enabled link).
    pub links: Vec<LinkTest>,
}

/// Every gateway, by id (the Local gateway included).
#[utoipa::path(get, path = "/gateways", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The gateways", body = Vec<GatewayForm>),
    ))]
pub async fn list_gateways(State(state): State<ApiState>) -> Json<Vec<GatewayForm>> {
    entities::list(&state)
}

/// Adds a gateway; its `id` is given in the body.
#[utoipa::path(post, path = "/gateways", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = GatewayForm,
    responses(
        (status = 201, description = "Added", body = GatewayForm,
            headers(("etag" = String, description = "Its tag, for `If-Match`"), ("location" = String, description = "The gateway's address"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 409, description = "A gateway with this id exists", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn create_gateway(editor: Editor, JsonBody(body): FormBody) -> ApiResult<Response> {
    entities::create::<GatewayForm>(editor, body).await
}

/// One gateway.
#[utoipa::path(get, path = "/gateways/{id}", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    params(("id" = String, Path, description = "The gateway's id")),
    responses(
        (status = 200, description = "The gateway", body = GatewayForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 404, description = "No such gateway", body = Problem),
    ))]
pub async fn get_gateway(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    entities::get::<GatewayForm>(&state, &id)
}

/// Replaces a gateway; keys left out take their defaults. `enabled: false` disables it and
/// stops polling every device on its links.
#[utoipa::path(put, path = "/gateways/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The gateway's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = GatewayForm,
    responses(
        (status = 200, description = "The gateway now", body = GatewayForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 404, description = "No such gateway", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn update_gateway(
    editor: Editor,
    Path(id): Path<String>,
    JsonBody(body): FormBody,
) -> ApiResult<Response> {
    entities::replace::<GatewayForm>(editor, &id, body).await
}

/// Deletes a gateway and its links. Refused for the Local gateway (which can be disabled or
/// renamed) and for a gateway with devices on its links.
#[utoipa::path(delete, path = "/gateways/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The gateway's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    responses(
        (status = 204, description = "Deleted, with its links"),
        (status = 404, description = "No such gateway", body = Problem),
        (status = 409, description = "The Local gateway, or devices on its links", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "The site without it breaks rules", body = Problem),
    ))]
pub async fn delete_gateway(editor: Editor, Path(id): Path<String>) -> ApiResult<StatusCode> {
    entities::delete::<GatewayForm>(editor, &id, |site| {
        if id == LOCAL_GATEWAY_ID {
            return Err(conflict(
                "the Local gateway cannot be deleted; it can be disabled or renamed",
            ));
        }
        let links: Vec<String> = site
            .links_of_gateway(&id)
            .map(|(link, _)| link.to_owned())
            .collect();
        let devices: Vec<&str> = links
            .iter()
            .flat_map(|link| site.devices_on_link(link))
            .map(|(device, _)| device.as_str())
            .collect();
        if !devices.is_empty() {
            return Err(conflict(format!(
                "gateway {id:?} has devices on its links: {}; delete them or move them to \
                 another link first",
                quoted(devices)
            )));
        }
        for link in &links {
            site.links.remove(link);
        }
        site.gateways.remove(&id);
        Ok(())
    })
    .await
}

/// Tests a gateway: opens a connection to each of its enabled links and says, per link,
/// whether it opened or the exact error.
#[utoipa::path(post, path = "/gateways/{id}/test", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The gateway's id")),
    responses(
        (status = 200, description = "Each enabled link's outcome", body = GatewayTest),
        (status = 404, description = "No such gateway", body = Problem),
    ))]
pub async fn test_gateway(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Json<GatewayTest>> {
    let site = state.site.site();
    if site.gateway(&id).is_none() {
        return Err(Section::Gateways.not_found(&id));
    }
    let tests = site
        .links_of_gateway(&id)
        .filter(|(_, link)| link.enabled)
        .map(|(link_id, link)| {
            let link = link.clone();
            let state = state.clone();
            async move {
                let outcome = state.site.test_link(link).await;
                LinkTest {
                    link: link_id.to_owned(),
                    reachable: outcome.is_ok(),
                    error: outcome.err().map(|e| e.to_string()),
                }
            }
        });
    let links = futures_util::future::join_all(tests).await;
    Ok(Json(GatewayTest { gateway: id, links }))
}

/// Every link, by id.
#[utoipa::path(get, path = "/links", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    responses(
        (status = 200, description = "The links", body = Vec<LinkForm>),
    ))]
pub async fn list_links(State(state): State<ApiState>) -> Json<Vec<LinkForm>> {
    entities::list(&state)
}

/// Adds a link; its `id` is given in the body, its `kind` chooses the transport keys.
#[utoipa::path(post, path = "/links", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = LinkForm,
    responses(
        (status = 201, description = "Added", body = LinkForm,
            headers(("etag" = String, description = "Its tag, for `If-Match`"), ("location" = String, description = "The link's address"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 409, description = "A link with this id exists", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn create_link(editor: Editor, JsonBody(body): FormBody) -> ApiResult<Response> {
    entities::create::<LinkForm>(editor, body).await
}

/// One link.
#[utoipa::path(get, path = "/links/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The link", body = LinkForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 404, description = "No such link", body = Problem),
    ))]
pub async fn get_link(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    entities::get::<LinkForm>(&state, &id)
}

/// Replaces a link; keys left out take their defaults.
#[utoipa::path(put, path = "/links/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The link's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = LinkForm,
    responses(
        (status = 200, description = "The link now", body = LinkForm,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 404, description = "No such link", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn update_link(
    editor: Editor,
    Path(id): Path<String>,
    JsonBody(body): FormBody,
) -> ApiResult<Response> {
    entities::replace::<LinkForm>(editor, &id, body).await
}

/// Deletes a link without devices.
#[utoipa::path(delete, path = "/links/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The link's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such link", body = Problem),
        (status = 409, description = "Devices are on the link", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "The site without it breaks rules", body = Problem),
    ))]
pub async fn delete_link(editor: Editor, Path(id): Path<String>) -> ApiResult<StatusCode> {
    entities::delete::<LinkForm>(editor, &id, |site| {
        let devices: Vec<&str> = site
            .devices_on_link(&id)
            .map(|(device, _)| device.as_str())
            .collect();
        if !devices.is_empty() {
            return Err(conflict(format!(
                "devices are on link {id:?}: {}; delete them or move them to another link \
                 first",
                quoted(devices)
            )));
        }
        site.links.remove(&id);
        Ok(())
    })
    .await
}

/// Tests a link: opens a connection to it and closes it.
#[utoipa::path(post, path = "/links/{id}/test", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The connection opened", body = LinkTest),
        (status = 404, description = "No such link", body = Problem),
        (status = 422, description = "The link cannot be used as configured", body = Problem),
        (status = 502, description = "The connection failed: the exact error", body = Problem),
    ))]
pub async fn test_link(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Json<LinkTest>> {
    let link = state
        .site
        .site()
        .link(&id)
        .cloned()
        .ok_or_else(|| Section::Links.not_found(&id))?;
    state.site.test_link(link).await.map_err(read_problem)?;
    Ok(Json(LinkTest {
        link: id,
        reachable: true,
        error: None,
    }))
}
