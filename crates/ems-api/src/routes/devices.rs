//! Devices: list, add, replace, delete, and read now ("test"), saved or not yet saved; and
//! every device's communication status.
//!
//! Every signed-in user may read devices and their status (every page shows their names and
//! status icons; they hold no secrets, and the status carries no values: those need the My
//! panel board page); every change and every test needs the system configuration page.
//! Disabling a device is a `PUT` with `enabled: false`.
//!
//! A device's answer carries the gateway it is reached through (its link's), for the users who
//! may not read links; it is read-only: a request may send it back, and it is ignored.

use crate::problem::{ApiResult, FieldParams, FieldRule, Problem};
use crate::routes::config_json::{
    DeviceForm, DeviceTestRequest, Editor, FormBody, JsonBody, Section, read_problem, test_subjects,
};
use crate::routes::entities::{self, EntityForm};
use crate::routes::params::{names_schema, param_schema};
use crate::running::ReadResult;
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use ems_model::site::SiteConfig;
use ems_model::{DeviceId, DeviceStatus};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The device ids a device cannot have through the API, since they name routes of their own:
/// `/devices/test` tests a device not yet saved, `/devices/status` lists every status.
const RESERVED_IDS: [&str; 2] = ["test", "status"];

/// The key of [`DeviceView::gateway`], ignored in requests.
const GATEWAY: &str = "gateway";

param_schema! {
    /// A device's communication status, by name.
    DeviceStatusName = names_schema(DeviceStatus::ALL.iter().map(|s| s.as_str()));
}

/// A device, as the API shows it: its form and the gateway it is reached through.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeviceView {
    /// The device's settings.
    #[serde(flatten)]
    pub form: DeviceForm,
    /// The id of the gateway the device is reached through (its link's). Read-only: ignored in
    /// requests.
    #[schema(read_only, required = false)]
    pub gateway: String,
}

impl EntityForm for DeviceView {
    const SECTION: Section = Section::Devices;

    fn read(site: &SiteConfig, id: &str) -> Option<DeviceView> {
        let device = site.device(id)?;
        Some(DeviceView {
            form: DeviceForm::read(site, id)?,
            // A configuration in force always has the device's link.
            gateway: site.gateway_of(device).unwrap_or_default().to_owned(),
        })
    }

    fn read_all(site: &SiteConfig) -> Vec<DeviceView> {
        site.devices
            .keys()
            .filter_map(|id| DeviceView::read(site, id.as_str()))
            .collect()
    }
}

/// A device's communication status, without values.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceStatusView {
    /// The device id.
    #[schema(value_type = String)]
    pub device: DeviceId,
    /// `on`, `off` (disabled: not polled) or `communication_error`; `null` until its first
    /// poll ends.
    #[schema(value_type = Option<DeviceStatusName>)]
    pub status: Option<DeviceStatus>,
    /// When the status last changed; `null` with it.
    pub since: Option<Timestamp>,
}

/// A form's body without the read-only keys a device's answer adds.
fn without_read_only(mut body: Map<String, Value>) -> Map<String, Value> {
    body.remove(GATEWAY);
    body
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list_devices, create_device))
        .routes(utoipa_axum::routes!(device_statuses))
        .routes(utoipa_axum::routes!(
            get_device,
            update_device,
            delete_device
        ))
        .routes(utoipa_axum::routes!(test_device))
        .routes(utoipa_axum::routes!(test_new_device))
}

/// Every device, by id.
#[utoipa::path(get, path = "/devices", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The devices", body = Vec<DeviceView>),
    ))]
pub async fn list_devices(State(state): State<ApiState>) -> Json<Vec<DeviceView>> {
    entities::list(&state)
}

/// Every device's communication status, by id, as the status icons show it: no values.
#[utoipa::path(get, path = "/devices/status", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    responses(
        (status = 200, description = "The status of every device, by id", body = Vec<DeviceStatusView>),
    ))]
pub async fn device_statuses(State(state): State<ApiState>) -> Json<Vec<DeviceStatusView>> {
    let mut live: HashMap<DeviceId, (Option<DeviceStatus>, Option<Timestamp>)> = state
        .site
        .live()
        .into_iter()
        .map(|d| (d.device, (d.status, d.status_since)))
        .collect();
    let statuses = state
        .site
        .site()
        .devices
        .keys()
        .map(|id| {
            let (status, since) = live.remove(id).unwrap_or_default();
            DeviceStatusView {
                device: id.clone(),
                status,
                since,
            }
        })
        .collect();
    Json(statuses)
}

/// Adds a device; its `id` is given in the body (any valid id but `test` and `status`).
#[utoipa::path(post, path = "/devices", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = DeviceView,
    responses(
        (status = 201, description = "Added", body = DeviceView,
            headers(("etag" = String, description = "Its tag, for `If-Match`"), ("location" = String, description = "The device's address"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 409, description = "A device with this id exists", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path \
            (`devices.<id>.unit_id`)", body = Problem),
    ))]
pub async fn create_device(editor: Editor, JsonBody(body): FormBody) -> ApiResult<Response> {
    if let Some(reserved) = body
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| RESERVED_IDS.contains(id))
    {
        return Err(Problem::invalid_field(
            "id",
            FieldRule::Reserved,
            FieldParams::value(reserved),
            format!("{reserved:?} is reserved (/devices/{reserved} is a route of its own)"),
        ));
    }
    entities::create::<DeviceView>(editor, without_read_only(body)).await
}

/// One device.
#[utoipa::path(get, path = "/devices/{id}", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    params(("id" = String, Path, description = "The device's id")),
    responses(
        (status = 200, description = "The device", body = DeviceView,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 404, description = "No such device", body = Problem),
    ))]
pub async fn get_device(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    entities::get::<DeviceView>(&state, &id)
}

/// Replaces a device; keys left out take their defaults, and the read-only `gateway` is
/// ignored (what `GET` answers may be sent back). `enabled: false` stops polling it.
#[utoipa::path(put, path = "/devices/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The device's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = DeviceView,
    responses(
        (status = 200, description = "The device now", body = DeviceView,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change or delete it only as read"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 404, description = "No such device", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn update_device(
    editor: Editor,
    Path(id): Path<String>,
    JsonBody(body): FormBody,
) -> ApiResult<Response> {
    entities::replace::<DeviceView>(editor, &id, without_read_only(body)).await
}

/// Deletes a device; its history stays in the store, and its link stays (an internal meter's
/// waveform-stream link too, idle until another meter reads it or it is deleted).
#[utoipa::path(delete, path = "/devices/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The device's id"),
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such device", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "The site without it breaks rules", body = Problem),
    ))]
pub async fn delete_device(editor: Editor, Path(id): Path<String>) -> ApiResult<StatusCode> {
    entities::delete::<DeviceView>(editor, &id, |site| {
        site.devices.remove(id.as_str());
        Ok(())
    })
    .await
}

/// Reads a saved device now: its values, or the exact error.
#[utoipa::path(post, path = "/devices/{id}/test", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The device's id")),
    responses(
        (status = 200, description = "What the device answered", body = ReadResult),
        (status = 404, description = "No such device", body = Problem),
        (status = 422, description = "The device is not polled (it, its link or its gateway \
            is disabled) or cannot be read as configured", body = Problem),
        (status = 502, description = "The device did not answer: the exact error", body = Problem),
    ))]
pub async fn test_device(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ReadResult>> {
    let device = DeviceId::new(&id)
        .ok()
        .filter(|device| state.site.site().device(device.as_str()).is_some())
        .ok_or_else(|| Section::Devices.not_found(&id))?;
    let values = state.site.read_device(device).await.map_err(read_problem)?;
    Ok(Json(values))
}

/// Reads a device that is not saved, as the wizard does before adding it: on a link of the
/// site or on a new link. Nothing is saved. A bus has one owner: on a serial port or socket
/// that a running link uses, the read goes through that link, between its own requests (a
/// new link there with other settings is refused). Errors in the link or device name
/// `link.…` and `device.…`; the device's read-only `gateway`, when sent, is ignored.
#[utoipa::path(post, path = "/devices/test", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = DeviceTestRequest,
    responses(
        (status = 200, description = "What the device answered", body = ReadResult),
        (status = 400, description = "The body is not of this form", body = Problem),
        (status = 422, description = "The link or device breaks rules; each is listed with \
            its path (`device.unit_id`)", body = Problem),
        (status = 502, description = "The device did not answer: the exact error", body = Problem),
    ))]
pub async fn test_new_device(
    State(state): State<ApiState>,
    JsonBody(mut request): JsonBody<DeviceTestRequest>,
) -> ApiResult<Json<ReadResult>> {
    request.device = without_read_only(request.device);
    let (link, device) = test_subjects(&state.site.site(), &state.library, request)?;
    let values = state
        .site
        .test_device(link, device)
        .await
        .map_err(read_problem)?;
    Ok(Json(values))
}
