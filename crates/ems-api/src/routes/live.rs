//! Live values: every device's latest state, a Server-Sent Events stream of its changes (the
//! seeds' "My panel board", which shows the values measured by the selected device), and the
//! latest harmonic spectrum of a device that measures one.
//!
//! Design decisions:
//! - The stream begins with a `snapshot` of the devices asked, then sends `values` and `status`
//!   changes as acquisition reports them. Whenever it cannot be sure the client knows every
//!   change (acquisition restarted with a new configuration, or the client fell behind the
//!   channel of changes), it drops what is queued and sends a fresh `snapshot` instead of
//!   guessing.
//! - A `status` event carries the device's whole state: on a communication error its values
//!   arrive marked `stale`, so a held value is never shown as fresh.
//! - An open stream checks every [`CREDENTIAL_CHECK_EVERY`] that its session or token still
//!   allows it (the access middleware only checks at the start): it ends after a logout, a
//!   lock, a password change, a revoked token or a lost page.
//! - The server's request timeout covers the time to the answer's head only, so it never cuts
//!   a stream; the stream ends when the channel of changes closes (the system stops) or the
//!   server shuts down.
//! - Harmonics are read on request, not streamed: a spectrum is 40 orders per voltage and
//!   current, which a page shows as a chart refreshed every few seconds, while the stream
//!   carries every value to every panel. Their share of the fundamental is computed here, so
//!   that every client gives the same figures. Whether a device measures harmonics is a fact
//!   of its configuration (an internal meter, with `meter` settings), not of what it sent so
//!   far: an internal meter that has measured nothing yet answers an empty spectrum, any other
//!   device `not_found`.

use crate::access::Principal;
use crate::problem::{ApiResult, Problem};
use crate::routes::params::{
    DeviceIdText, DeviceListText, device_param, names_schema, param_schema, query_params,
};
use crate::running::{DeviceState, LiveChange, PointState, RunningSite, SpectrumState};
use crate::state::ApiState;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use ems_model::access::Page;
use ems_model::spectrum::{LinePair, Orders, Phase};
use ems_model::{DeviceId, Quality};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;

/// How often the stream sends a keep-alive comment, so that proxies keep it open.
pub const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(15);
/// How often an open stream checks that its caller may still watch.
pub const CREDENTIAL_CHECK_EVERY: Duration = Duration::from_secs(15);

/// Which devices to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LiveQuery {
    /// Device ids separated by commas (`main,heat`); every device when absent.
    #[param(value_type = Option<DeviceListText>, inline, example = "main,heat")]
    pub devices: Option<String>,
}

/// New values of some points of a device (the stream's `values` event).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LiveValues {
    /// The device id.
    #[schema(value_type = String)]
    pub device: DeviceId,
    /// The points that were read, with their new state.
    pub points: Vec<PointState>,
}

/// One event of the stream, as Server-Sent Events carry it: the OpenAPI document describes
/// each event of a `text/event-stream` answer with the answer's schema.
#[derive(Debug, ToSchema)]
pub struct StreamEvent {
    /// The event's number: 1 for the first of each connection, then one more for each.
    #[schema(pattern = "^[1-9][0-9]*$")]
    pub id: String,
    /// What the event carries.
    pub event: StreamEventKind,
    /// The event's JSON: a list of DeviceState (`snapshot`), a LiveValues (`values`) or a
    /// DeviceState (`status`).
    pub data: String,
}

/// The kinds of events of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StreamEventKind {
    /// The state of every device asked, replacing everything known.
    Snapshot,
    /// New values of some points of a device.
    Values,
    /// A device's whole state, after its status changed.
    Status,
}

impl StreamEventKind {
    /// The event's name on the wire.
    pub const fn name(self) -> &'static str {
        match self {
            StreamEventKind::Snapshot => "snapshot",
            StreamEventKind::Values => "values",
            StreamEventKind::Status => "status",
        }
    }
}

/// The data of the stream's events, listed in the OpenAPI document's schemas (an event's
/// schema says its data is JSON text, not which).
#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(LiveValues, DeviceState)))]
struct StreamEventData;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::with_openapi(<StreamEventData as utoipa::OpenApi>::openapi())
        .routes(utoipa_axum::routes!(live))
        .routes(utoipa_axum::routes!(live_stream))
        .routes(utoipa_axum::routes!(live_device))
        .routes(utoipa_axum::routes!(live_harmonics))
}

/// Every device's latest state: its status and the latest value of each point.
#[utoipa::path(get, path = "/live", tag = "live",
    security(("session" = ["my_panel_board"]), ("token" = ["my_panel_board"])),
    params(LiveQuery),
    responses(
        (status = 200, description = "The state of each device asked, by id", body = Vec<DeviceState>),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 404, description = "A device asked does not exist; the detail names it", body = Problem),
        (status = 422, description = "`devices` holds something that is not a device id", body = Problem),
    ))]
pub async fn live(
    State(state): State<ApiState>,
    query: Result<Query<LiveQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let asked = asked_devices(query)?;
    let configured = configured_devices(&state);
    check_known(asked.as_ref(), &configured)?;
    let devices = configured
        .into_iter()
        .filter(|id| is_asked(asked.as_ref(), id))
        .collect();
    Ok(no_store(json_array(state.site.clone(), devices)))
}

/// The states of `devices` as one JSON array, written one device at a time as the client
/// reads, so that the answer for every meter of a large site (1.6 MB for 255 meters) never
/// sits whole in memory. A device that left the running system meanwhile is left out.
fn json_array(site: Arc<dyn RunningSite>, devices: Vec<DeviceId>) -> Response {
    let mut first = true;
    let states = devices.into_iter().filter_map(move |id| {
        let state = site.live_device(&id)?;
        let mut chunk = if first { Vec::new() } else { b",".to_vec() };
        first = false;
        Some(serde_json::to_writer(&mut chunk, &state).map(|()| Bytes::from(chunk)))
    });
    let chunks = std::iter::once(Ok(Bytes::from_static(b"[")))
        .chain(states)
        .chain(std::iter::once(Ok(Bytes::from_static(b"]"))));
    (
        [(header::CONTENT_TYPE, "application/json")],
        Body::from_stream(futures_util::stream::iter(chunks)),
    )
        .into_response()
}

/// One device's latest state.
#[utoipa::path(get, path = "/live/{device}", tag = "live",
    security(("session" = ["my_panel_board"]), ("token" = ["my_panel_board"])),
    params(("device" = inline(DeviceIdText), Path, description = "The device id", example = "main")),
    responses(
        (status = 200, description = "The device's state", body = DeviceState),
        (status = 404, description = "No such device", body = Problem),
        (status = 422, description = "Not a device id", body = Problem),
    ))]
pub async fn live_device(
    State(state): State<ApiState>,
    Path(device): Path<String>,
) -> ApiResult<Response> {
    let id = device_param("device", &device)?;
    let device_state = state
        .site
        .live_device(&id)
        .ok_or_else(|| Problem::not_found(format!("device \"{id}\"")))?;
    Ok(no_store(Json(device_state)))
}

param_schema! {
    /// A phase, by name.
    PhaseName = names_schema(Phase::ALL.iter().map(|p| p.as_str()));
    /// A pair of phases (a line-to-line voltage), by name.
    LinePairName = names_schema(LinePair::ALL.iter().map(|p| p.as_str()));
}

/// The harmonics of the voltage of one phase to neutral.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PhaseVoltageHarmonics {
    /// The phase.
    #[schema(value_type = PhaseName)]
    pub phase: Phase,
    /// The RMS voltage of each order, V, from order 1 (the fundamental) to `max_order`.
    pub rms_v: Vec<f64>,
    /// Each order in % of the fundamental, in the same order (order 1 is 100); `null` when the
    /// fundamental is 0.
    pub percent: Option<Vec<f64>>,
}

/// The harmonics of the current of one phase.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PhaseCurrentHarmonics {
    /// The phase.
    #[schema(value_type = PhaseName)]
    pub phase: Phase,
    /// The RMS current of each order, A, from order 1 (the fundamental) to `max_order`.
    pub rms_a: Vec<f64>,
    /// Each order in % of the fundamental, in the same order (order 1 is 100); `null` when the
    /// fundamental is 0 (no current).
    pub percent: Option<Vec<f64>>,
}

/// The harmonics of one line-to-line voltage.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LineVoltageHarmonics {
    /// The pair of phases.
    #[schema(value_type = LinePairName)]
    pub pair: LinePair,
    /// The RMS voltage of each order, V, from order 1 (the fundamental) to `max_order`.
    pub rms_v: Vec<f64>,
    /// Each order in % of the fundamental, in the same order (order 1 is 100); `null` when the
    /// fundamental is 0.
    pub percent: Option<Vec<f64>>,
}

/// A device's latest harmonic spectrum.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HarmonicsView {
    /// The device id.
    #[schema(value_type = String)]
    pub device: DeviceId,
    /// When the spectrum was measured (with the momentary values of the same period); `null`
    /// when the device has measured none yet, and then every list is empty.
    pub timestamp: Option<Timestamp>,
    /// `good`, or `stale` while the device does not answer (the last spectrum it gave); `null`
    /// with `timestamp`.
    #[schema(value_type = Option<String>)]
    pub quality: Option<Quality>,
    /// The frequency of the fundamental, Hz; `null` when unknown.
    pub fundamental_hz: Option<f64>,
    /// The highest order given (40); 0 without a spectrum.
    pub max_order: u32,
    /// Per phase, in order, the harmonics of its voltage to neutral; none in a three-wire
    /// system, which has no neutral.
    pub voltage: Vec<PhaseVoltageHarmonics>,
    /// Per phase, in order, the harmonics of its current.
    pub current: Vec<PhaseCurrentHarmonics>,
    /// Per pair of phases, in order, the harmonics of its line-to-line voltage.
    pub line_voltage: Vec<LineVoltageHarmonics>,
}

impl HarmonicsView {
    /// The answer for `device`, whose latest spectrum is `latest`.
    fn new(device: DeviceId, latest: Option<SpectrumState>) -> HarmonicsView {
        let Some(latest) = latest else {
            return HarmonicsView {
                device,
                timestamp: None,
                quality: None,
                fundamental_hz: None,
                max_order: 0,
                voltage: Vec::new(),
                current: Vec::new(),
                line_voltage: Vec::new(),
            };
        };
        let spectrum = latest.spectrum.as_ref();
        let values = |orders: &Orders| (orders.0.clone(), orders.percent_of_fundamental());
        HarmonicsView {
            device,
            timestamp: Some(latest.timestamp),
            quality: Some(latest.quality),
            fundamental_hz: spectrum.fundamental_hz,
            max_order: u32::try_from(spectrum.max_order()).unwrap_or(u32::MAX),
            voltage: spectrum
                .voltage_v
                .iter()
                .map(|(phase, orders)| {
                    let (rms_v, percent) = values(orders);
                    PhaseVoltageHarmonics {
                        phase: *phase,
                        rms_v,
                        percent,
                    }
                })
                .collect(),
            current: spectrum
                .current_a
                .iter()
                .map(|(phase, orders)| {
                    let (rms_a, percent) = values(orders);
                    PhaseCurrentHarmonics {
                        phase: *phase,
                        rms_a,
                        percent,
                    }
                })
                .collect(),
            line_voltage: spectrum
                .line_voltage_v
                .iter()
                .map(|(pair, orders)| {
                    let (rms_v, percent) = values(orders);
                    LineVoltageHarmonics {
                        pair: *pair,
                        rms_v,
                        percent,
                    }
                })
                .collect(),
        }
    }
}

/// The latest harmonic spectrum of a device that measures one (an internal meter, a device
/// with `meter` settings).
///
/// Per phase voltage and current and per line-to-line voltage, the RMS value of each order from
/// the fundamental (order 1) to the 40th, and each one's share of the fundamental in %. The
/// spectrum covers the device's last fast period (about a second), as its momentary values do,
/// and is replaced by the next one; it is not kept in the history (the THD points are). An
/// internal meter that has measured nothing yet (it is starting or disabled, or its stream
/// could not be reached since) answers `timestamp: null` and empty lists; on a communication
/// error its last spectrum is answered with quality `stale`.
#[utoipa::path(get, path = "/live/{device}/harmonics", tag = "live",
    security(("session" = ["my_panel_board"]), ("token" = ["my_panel_board"])),
    params(("device" = inline(DeviceIdText), Path, description = "The device id", example = "incomer")),
    responses(
        (status = 200, description = "The device's latest harmonics", body = HarmonicsView),
        (status = 404, description = "No such device, or the device measures no harmonics (not an internal meter); the detail says which", body = Problem),
        (status = 422, description = "Not a device id", body = Problem),
    ))]
pub async fn live_harmonics(
    State(state): State<ApiState>,
    Path(device): Path<String>,
) -> ApiResult<Response> {
    let id = device_param("device", &device)?;
    let site = state.site.site();
    let configured = site
        .devices
        .get(&id)
        .ok_or_else(|| Problem::not_found(format!("device \"{id}\"")))?;
    if configured.meter.is_none() {
        return Err(Problem::not_found(format!(
            "device \"{id}\" measures no harmonics"
        )));
    }
    let latest = state.site.harmonics(&id);
    Ok(no_store(Json(HarmonicsView::new(id, latest))))
}

/// A stream of the live values (Server-Sent Events).
///
/// It begins with a `snapshot` event (a list of device states, as `GET /live` answers), then
/// sends `values` events (`LiveValues`: new values of some points of a device) and `status`
/// events (a device's whole state after its status changed; on a communication error its
/// values arrive with quality `stale`). After a configuration is applied, or when the client
/// fell behind, a new `snapshot` replaces everything known. Event ids increase by one from 1
/// on each connection; a comment every 15 s keeps the connection open. Only the devices asked
/// are sent. The stream ends when the caller's session or token no longer allows it.
#[utoipa::path(get, path = "/live/stream", tag = "live",
    security(("session" = ["my_panel_board"]), ("token" = ["my_panel_board"])),
    params(LiveQuery),
    responses(
        (status = 200, description = "The event stream: events `snapshot` (data: a list of DeviceState), `values` (data: LiveValues) and `status` (data: DeviceState); the schema is each event's", content_type = "text/event-stream", body = StreamEvent),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 404, description = "A device asked does not exist; the detail names it", body = Problem),
        (status = 422, description = "`devices` holds something that is not a device id", body = Problem),
    ))]
pub async fn live_stream(
    State(state): State<ApiState>,
    principal: Principal,
    query: Result<Query<LiveQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let asked = asked_devices(query)?;
    // Subscribe before reading the states, so that no change falls between the two.
    let changes = state.site.subscribe();
    check_known(asked.as_ref(), &configured_devices(&state))?;
    let first = selected(state.site.live(), asked.as_ref());
    let feed = LiveFeed {
        state,
        principal,
        changes,
        asked,
        first: Some(first),
        last_id: 0,
        credential_check: tokio::time::interval_at(
            tokio::time::Instant::now() + CREDENTIAL_CHECK_EVERY,
            CREDENTIAL_CHECK_EVERY,
        ),
    };
    let events = futures_util::stream::unfold(feed, |mut feed| async move {
        let event = feed.next_event().await?;
        Some((event, feed))
    });
    let sse = Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE_EVERY));
    let mut response = no_store(sse);
    // Reverse proxies (nginx) must pass events on at once rather than buffer them.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

/// Marks an answer as not to be stored by any cache: live values are momentary.
fn no_store(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The devices a query asks for; `None` for every device.
fn asked_devices(
    query: Result<Query<LiveQuery>, QueryRejection>,
) -> ApiResult<Option<BTreeSet<DeviceId>>> {
    let Some(list) = query_params(query)?.devices else {
        return Ok(None);
    };
    list.split(',')
        .map(|id| device_param("devices", id.trim()))
        .collect::<ApiResult<BTreeSet<_>>>()
        .map(Some)
}

/// The ids of the devices of the configuration in force.
fn configured_devices(state: &ApiState) -> Vec<DeviceId> {
    state.site.site().devices.keys().cloned().collect()
}

/// Refuses a request for devices that do not exist, naming them.
fn check_known(asked: Option<&BTreeSet<DeviceId>>, known: &[DeviceId]) -> ApiResult<()> {
    let unknown: Vec<String> = asked
        .into_iter()
        .flatten()
        .filter(|id| !known.contains(id))
        .map(|id| format!("\"{id}\""))
        .collect();
    match unknown.len() {
        0 => Ok(()),
        1 => Err(Problem::not_found(format!("device {}", unknown.join("")))),
        _ => Err(Problem::not_found(format!(
            "devices {}",
            unknown.join(", ")
        ))),
    }
}

/// True when `device` is among those asked.
fn is_asked(asked: Option<&BTreeSet<DeviceId>>, device: &DeviceId) -> bool {
    asked.is_none_or(|a| a.contains(device))
}

/// The states of the devices asked.
fn selected(states: Vec<DeviceState>, asked: Option<&BTreeSet<DeviceId>>) -> Vec<DeviceState> {
    states
        .into_iter()
        .filter(|s| is_asked(asked, &s.device))
        .collect()
}

/// An event of the stream.
#[derive(Debug, Clone, PartialEq)]
enum LiveEvent {
    /// The whole state of every device asked.
    Snapshot(Vec<DeviceState>),
    /// New values of some points of a device.
    Values(LiveValues),
    /// A device's whole state after its status changed.
    Status(DeviceState),
}

impl LiveEvent {
    /// The event as sent, with its id.
    fn to_sse(&self, id: u64) -> Result<Event, axum::Error> {
        let event = Event::default().id(id.to_string());
        match self {
            LiveEvent::Snapshot(states) => event
                .event(StreamEventKind::Snapshot.name())
                .json_data(states),
            LiveEvent::Values(values) => event
                .event(StreamEventKind::Values.name())
                .json_data(values),
            LiveEvent::Status(state) => {
                event.event(StreamEventKind::Status.name()).json_data(state)
            }
        }
    }
}

/// What the channel of changes calls for next.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Send this event.
    Send(LiveEvent),
    /// Forget what is queued and send a fresh snapshot.
    Snapshot,
    /// The system stopped: end the stream.
    End,
}

/// Waits for the next change of a device asked. Cancel-safe: nothing is lost when the wait
/// is dropped. When it calls for a snapshot, the changes still queued are dropped (the
/// snapshot, taken after, holds them).
async fn next_step(
    changes: &mut broadcast::Receiver<LiveChange>,
    asked: Option<&BTreeSet<DeviceId>>,
) -> Step {
    loop {
        match changes.recv().await {
            Ok(LiveChange::Values { device, points }) if is_asked(asked, &device) => {
                return Step::Send(LiveEvent::Values(LiveValues { device, points }));
            }
            Ok(LiveChange::Status(state)) if is_asked(asked, &state.device) => {
                return Step::Send(LiveEvent::Status(state));
            }
            Ok(LiveChange::Values { .. } | LiveChange::Status(_)) => {}
            Ok(LiveChange::Restarted) | Err(RecvError::Lagged(_)) => {
                // The snapshot holds every change queued until now: skip them.
                *changes = changes.resubscribe();
                return Step::Snapshot;
            }
            Err(RecvError::Closed) => return Step::End,
        }
    }
}

/// One connection's stream: where it stands in the channel of changes, and who watches.
struct LiveFeed {
    state: ApiState,
    principal: Principal,
    changes: broadcast::Receiver<LiveChange>,
    asked: Option<BTreeSet<DeviceId>>,
    /// The snapshot taken when the stream opened, until it is sent.
    first: Option<Vec<DeviceState>>,
    last_id: u64,
    credential_check: tokio::time::Interval,
}

impl LiveFeed {
    /// The next event to send; `None` ends the stream.
    async fn next_event(&mut self) -> Option<Result<Event, axum::Error>> {
        let event = match self.first.take() {
            Some(states) => LiveEvent::Snapshot(states),
            None => self.next_change().await?,
        };
        self.last_id += 1;
        Some(event.to_sse(self.last_id))
    }

    async fn next_change(&mut self) -> Option<LiveEvent> {
        loop {
            let step = tokio::select! {
                step = next_step(&mut self.changes, self.asked.as_ref()) => step,
                _ = self.credential_check.tick() => {
                    if self.may_still_watch().await {
                        continue;
                    }
                    Step::End
                }
            };
            return match step {
                Step::Send(event) => Some(event),
                Step::Snapshot => {
                    let states = selected(self.state.site.live(), self.asked.as_ref());
                    Some(LiveEvent::Snapshot(states))
                }
                Step::End => None,
            };
        }
    }

    async fn may_still_watch(&self) -> bool {
        let principal = self.principal.clone();
        let now = self.state.clock.now();
        self.state
            .blocking(move |s| principal.still_allowed(s, Page::MyPanelBoard, now))
            .await
            // The store cannot tell: end the stream; the client's reconnection is checked
            // in full.
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::ErrorCode;
    use ems_model::{DeviceStatus, Point, Quality, Value};
    use jiff::Timestamp;

    fn point(name: &str, value: Value) -> PointState {
        let point = Point::from_name(name).unwrap();
        PointState {
            point,
            unit: point.unit().symbol(),
            value,
            quality: Quality::Good,
            timestamp: Timestamp::UNIX_EPOCH,
            min: None,
            max: None,
        }
    }

    fn device(id: &str) -> DeviceId {
        DeviceId::new(id).unwrap()
    }

    fn values(id: &str) -> LiveChange {
        LiveChange::Values {
            device: device(id),
            points: vec![point("active_power", Value::Float(1.0))],
        }
    }

    #[test]
    fn event_names_on_the_wire_are_the_documented_ones() {
        for kind in [
            StreamEventKind::Snapshot,
            StreamEventKind::Values,
            StreamEventKind::Status,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
    }

    #[test]
    fn counters_are_integers_floats_numbers_and_non_finite_floats_null() {
        let json = serde_json::to_value(LiveValues {
            device: device("main"),
            points: vec![
                point("energy_active_import", Value::Counter(5000)),
                point("active_power", Value::Float(1500.5)),
                point("voltage_l1", Value::Float(f64::NAN)),
                point("current_l1", Value::Float(f64::INFINITY)),
            ],
        })
        .unwrap();
        let values: Vec<&serde_json::Value> = json["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| &p["value"])
            .collect();
        assert_eq!(values[0].to_string(), "5000");
        assert_eq!(values[1].to_string(), "1500.5");
        assert!(values[2].is_null());
        assert!(values[3].is_null());
    }

    #[tokio::test]
    async fn changes_of_devices_not_asked_are_skipped() {
        let (sender, mut changes) = broadcast::channel(8);
        sender.send(values("main")).unwrap();
        sender.send(values("heat")).unwrap();
        let asked = BTreeSet::from([device("heat")]);
        let Step::Send(LiveEvent::Values(v)) = next_step(&mut changes, Some(&asked)).await else {
            panic!("a values event was expected");
        };
        assert_eq!(v.device, device("heat"));
    }

    #[tokio::test]
    async fn a_restart_or_falling_behind_calls_for_a_snapshot_and_a_closed_channel_ends() {
        let (sender, mut changes) = broadcast::channel(2);
        sender.send(LiveChange::Restarted).unwrap();
        assert_eq!(next_step(&mut changes, None).await, Step::Snapshot);
        for _ in 0..5 {
            sender.send(values("main")).unwrap();
        }
        assert_eq!(next_step(&mut changes, None).await, Step::Snapshot);
        assert!(changes.is_empty(), "what was queued is in the snapshot");
        let state = DeviceState {
            device: device("main"),
            status: Some(DeviceStatus::Off),
            status_since: None,
            last_error: None,
            points: Vec::new(),
        };
        sender.send(LiveChange::Status(state.clone())).unwrap();
        assert_eq!(
            next_step(&mut changes, None).await,
            Step::Send(LiveEvent::Status(state))
        );
        drop(sender);
        assert_eq!(next_step(&mut changes, None).await, Step::End);
    }

    #[test]
    fn unknown_devices_are_named() {
        let states = [device("main")];
        let asked = BTreeSet::from([device("main"), device("boiler"), device("attic")]);
        let problem = check_known(Some(&asked), &states).unwrap_err();
        assert_eq!(problem.code, ErrorCode::NotFound);
        assert_eq!(problem.detail, "devices \"attic\", \"boiler\"");
        assert!(check_known(None, &states).is_ok());
    }
}
