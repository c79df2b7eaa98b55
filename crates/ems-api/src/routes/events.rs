//! The event log: status changes, counter resets, repaired gaps, configuration changes and the
//! store's own incidents, newest first (the alarms page).

use crate::problem::{ApiResult, Problem};
use crate::routes::history::{
    device_param, instant_param, not_one_of, number_param, query_params, shown, site_calendar,
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

/// Which events to read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventParams {
    /// Only events at or after this time: an RFC 3339 time, or a local date (its midnight in
    /// the site's time zone).
    since: Option<String>,
    /// Only events before this time (RFC 3339 or a local date).
    until: Option<String>,
    /// Only these kinds, separated by commas: `device_status`, `counter_reset`,
    /// `counter_glitch`, `energy_spread`, `config_changed`, `storage_unavailable`,
    /// `storage_recovered`, `records_dropped`, `store_optimized`, `backup`, `store_upgraded`,
    /// `rollups_rebuilt`, `waveform_stream`.
    kind: Option<String>,
    /// Only events of this device (its id).
    device: Option<String>,
    /// At most this many, 1 to 1000 (100 by default).
    limit: Option<String>,
    /// Only events with an id below this one: the `id` of the last event of the previous page.
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
    let kinds = match params.kind.as_deref() {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|kind| {
                kind.trim().parse::<EventKind>().map_err(|_| {
                    let allowed: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                    not_one_of("kind", kind, &allowed)
                })
            })
            .collect::<ApiResult<Vec<_>>>()?,
    };
    let filter = EventFilter {
        since: params
            .since
            .as_deref()
            .map(|v| instant_param(&calendar, "since", v))
            .transpose()?,
        until: params
            .until
            .as_deref()
            .map(|v| instant_param(&calendar, "until", v))
            .transpose()?,
        kinds,
        device: params
            .device
            .as_deref()
            .map(|v| device_param("device", v))
            .transpose()?,
        before_id: params
            .before
            .as_deref()
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    Problem::invalid_field("before", format!("{} is not an event id", shown(v)))
                })
            })
            .transpose()?,
        limit: Some(match params.limit.as_deref() {
            Some(v) => number_param("limit", v, 1..=MAX_EVENTS)?,
            None => DEFAULT_EVENTS,
        }),
    };
    Ok(Json(
        state.blocking(move |s| s.readers.events(&filter)).await?,
    ))
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(utoipa_axum::routes!(events))
}
