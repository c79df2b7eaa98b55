//! Devices: list, add, replace, delete, and read now ("test"), saved or not yet saved.
//!
//! Every signed-in user may read devices (every page shows their names; they hold no secrets);
//! every change and every test needs the system configuration page. Disabling a device is a
//! `PUT` with `enabled: false`.

use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{
    DeviceForm, DeviceTestRequest, Editor, FormBody, JsonBody, Section, read_problem, test_subjects,
};
use crate::routes::entities;
use crate::running::ReadResult;
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use ems_model::DeviceId;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;

/// The one device id a device cannot have through the API: `/devices/test` tests a device not
/// yet saved, so `/devices/test` cannot also be a device's address.
const RESERVED_ID: &str = "test";

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(list_devices, create_device))
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
        (status = 200, description = "The devices", body = Vec<DeviceForm>),
    ))]
pub async fn list_devices(State(state): State<ApiState>) -> Json<Vec<DeviceForm>> {
    entities::list(&state)
}

/// Adds a device; its `id` is given in the body (any valid id but `test`).
#[utoipa::path(post, path = "/devices", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = DeviceForm,
    responses(
        (status = 201, description = "Added", body = DeviceForm,
            headers(("location" = String, description = "The device's address"))),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 409, description = "A device with this id exists", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path \
            (`devices.<id>.unit_id`)", body = Problem),
    ))]
pub async fn create_device(editor: Editor, JsonBody(body): FormBody) -> ApiResult<Response> {
    if body.get("id").and_then(Value::as_str) == Some(RESERVED_ID) {
        return Err(Problem::invalid_field(
            "id",
            format!("{RESERVED_ID:?} is reserved (POST /devices/test tests a new device)"),
        ));
    }
    entities::create::<DeviceForm>(editor, body).await
}

/// One device.
#[utoipa::path(get, path = "/devices/{id}", tag = "configuration",
    security(("session" = ["authenticated"]), ("token" = ["authenticated"])),
    params(("id" = String, Path, description = "The device's id")),
    responses(
        (status = 200, description = "The device", body = DeviceForm),
        (status = 404, description = "No such device", body = Problem),
    ))]
pub async fn get_device(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Json<DeviceForm>> {
    entities::get(&state, &id)
}

/// Replaces a device; keys left out take their defaults. `enabled: false` stops polling it.
#[utoipa::path(put, path = "/devices/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The device's id")),
    request_body = DeviceForm,
    responses(
        (status = 200, description = "The device now", body = DeviceForm),
        (status = 400, description = "The body is not a JSON object", body = Problem),
        (status = 404, description = "No such device", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path", body = Problem),
    ))]
pub async fn update_device(
    editor: Editor,
    Path(id): Path<String>,
    JsonBody(body): FormBody,
) -> ApiResult<Json<DeviceForm>> {
    entities::replace(editor, &id, body).await
}

/// Deletes a device; its history stays in the store, and its link stays (an internal meter's
/// waveform-stream link too, idle until another meter reads it or it is deleted).
#[utoipa::path(delete, path = "/devices/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The device's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such device", body = Problem),
        (status = 422, description = "The site without it breaks rules", body = Problem),
    ))]
pub async fn delete_device(editor: Editor, Path(id): Path<String>) -> ApiResult<StatusCode> {
    entities::delete::<DeviceForm>(editor, &id, |site| {
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
/// `link.…` and `device.…`.
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
    JsonBody(request): JsonBody<DeviceTestRequest>,
) -> ApiResult<Json<ReadResult>> {
    let (link, device) = test_subjects(&state.site.site(), &state.library, request)?;
    let values = state
        .site
        .test_device(link, device)
        .await
        .map_err(read_problem)?;
    Ok(Json(values))
}
