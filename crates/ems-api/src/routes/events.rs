//! The event log: status changes, counter resets, repaired gaps, configuration changes and the
//! store's own incidents, newest first (the alarms page).

use crate::problem::{ApiResult, Problem};
use crate::routes::params::{
    DeviceIdText, InstantText, device_param, instant_param, list_pattern, one_of, page_params,
    param_schema, pattern_schema, query_params, site_calendar,
};
use crate::state::ApiState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use ems_store::event::{Event, EventFilter, EventKind};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;

/// The most events one request may read.
const MAX_EVENTS: u32 = 1000;
/// How many events a request reads when it does not say.
const DEFAULT_EVENTS: u32 = 100;

param_schema! {
    /// Kinds of events separated by commas.
    EventKindList = {
        let kinds: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        pattern_schema(&list_pattern(&kinds.join("|")), None)
    };
}

/// Which events to read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventParams {
    /// Only events at or after this time: an RFC 3339 time, or a local date (its midnight in
    /// the site's time zone), on a date from 1000-01-01 to 8999-12-31.
    #[param(value_type = Option<InstantText>, inline, example = "2026-06-01")]
    since: Option<String>,
    /// Only events before this time (RFC 3339 or a local date).
    #[param(value_type = Option<InstantText>, inline, example = "2026-06-02T12:00:00+02:00")]
    until: Option<String>,
    /// Only these kinds, separated by commas (`device_status,config_changed`); the kinds are
    /// those of an event's `kind`.
    #[param(value_type = Option<EventKindList>, inline, example = "device_status,config_changed")]
    kind: Option<String>,
    /// Only events of this device (its id).
    #[param(value_type = Option<DeviceIdText>, inline, example = "main")]
    device: Option<String>,
    /// At most this many (100 by default).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000, example = 50)]
    limit: Option<String>,
    /// Only events with an id below this one: the `id` of the last event of the previous page.
    #[param(value_type = Option<i64>, example = 1000)]
    before: Option<String>,
}

/// Logged events, newest first.
#[utoipa::path(get, path = "/events", tag = "events",
    security(("session" = ["alarms"]), ("token" = ["alarms"])),
    params(EventParams),
    responses(
        (status = 200, description = "The events, newest first", body = Vec<Event>),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter", body = Problem),
    ))]
pub async fn events(
    State(state): State<ApiState>,
    query: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Json<Vec<Event>>> {
    let params = query_params(query)?;
    let calendar = site_calendar(&state.site.site());
    let instant = |param, value: Option<&str>| {
        value
            .map(|v| instant_param(&calendar, param, v))
            .transpose()
    };
    let kinds = match params.kind.as_deref() {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|kind| one_of("kind", kind.trim(), EventKind::ALL, EventKind::as_str))
            .collect::<ApiResult<Vec<_>>>()?,
    };
    let since = instant("since", params.since.as_deref())?;
    let until = instant("until", params.until.as_deref())?;
    let device = params
        .device
        .as_deref()
        .map(|v| device_param("device", v))
        .transpose()?;
    let (before_id, limit) = page_params(
        params.before.as_deref(),
        params.limit.as_deref(),
        MAX_EVENTS,
        DEFAULT_EVENTS,
    )?;
    let filter = EventFilter {
        since,
        until,
        kinds,
        device,
        before_id,
        limit: Some(limit),
    };
    Ok(Json(
        state.blocking(move |s| s.readers.events(&filter)).await?,
    ))
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(utoipa_axum::routes!(events))
}
