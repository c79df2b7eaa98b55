//! Bus scans: which unit ids answer on a link's bus, and which device profiles each one
//! matches (the wizard's "scan the bus"), started, followed and cancelled over the API.
//!
//! Design decisions:
//! - **A scan runs in the background.** `POST /scans` answers `202` at once with the scan's
//!   address; the client follows it with `GET /scans/{id}` (probed count, units found so far)
//!   until its state is no longer `running`. A silent RS-485 line takes one timeout per unit id
//!   (247 × 300 ms is over a minute), so nothing waits for the end.
//! - **One scan per bus at a time**, whatever link names it (a saved link, or a new link on the
//!   same serial port or host and port): a second one is refused with `409 conflict` naming the
//!   scan that runs. The running system runs each scan through the link that owns the bus when
//!   one runs (one owner per physical link), otherwise over a connection of its own.
//! - **Scans live in memory** ([`ScanBook`]), held by the running site: the running ones and the
//!   last [`FINISHED_SCANS_KEPT`] finished ones; older ones are forgotten (`404`).
//! - **`configured_as` is read when the scan is shown**: the device of the site at that unit id
//!   on a link of that bus, so a unit added after the scan shows as configured.
//! - The link of a scan is given as `POST /devices/test` gives it: the id of a link of the site,
//!   or a new link in the form of `POST /links`, read by the site file's reader; the scan itself
//!   only reads (function codes 3 and 4), never addresses unit 0 or 248..=255, and is audited
//!   (`link_scan`).

use crate::access::{ClientAddr, Principal};
use crate::app::API_PREFIX;
use crate::audit::{Audit, AuditAction};
use crate::problem::{ApiResult, FieldError, FieldParams, FieldRule, Problem};
use crate::routes::config_json::{JsonBody, LinkChoice, NewLink, conflict, unknown_link};
use crate::running::{ScanCandidate, ScanRequest, ScannedUnit};
use crate::state::ApiState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ems_model::Clock;
use ems_model::site::{Bus, Link, LinkKind, SiteConfig};
use ems_profile::load::Library;
use ems_store::account::AuditResult;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::VecDeque;
use std::future::Future;
use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::watch;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// How many finished scans are kept to be read; older ones are forgotten.
pub const FINISHED_SCANS_KEPT: usize = 16;

/// The unit ids a scan may address: never 0 (broadcast) nor 248..=255 (reserved).
const UNIT_IDS: RangeInclusive<i64> = 1..=247;

/// The per-request timeouts a scan may be given, in milliseconds.
const TIMEOUTS_MS: RangeInclusive<i64> = 10..=60_000;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(start_scan))
        .routes(utoipa_axum::routes!(get_scan, cancel_scan))
}

// ---------------------------------------------------------------------------------------------
// The scans of a site

/// Where a scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScanState {
    /// Unit ids are being probed.
    Running,
    /// Every unit id was probed.
    Done,
    /// Stopped on request.
    Cancelled,
    /// Stopped by an error (the bus cannot be reached, the link stopped): see `error`.
    Failed,
}

/// What a scan found so far.
#[derive(Debug)]
struct Progress {
    state: ScanState,
    finished_at: Option<Timestamp>,
    probed: u16,
    error: Option<String>,
    found: Vec<ScannedUnit>,
}

/// One scan.
#[derive(Debug)]
struct ScanEntry {
    id: u64,
    link: Option<String>,
    bus: Bus,
    started_at: Timestamp,
    total: u16,
    cancel: watch::Sender<bool>,
    progress: Mutex<Progress>,
}

impl ScanEntry {
    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Ends the scan as `state` unless it has ended already.
    fn end(&self, state: ScanState, error: Option<String>, now: Timestamp) {
        let mut progress = self.progress();
        if progress.state == ScanState::Running {
            progress.state = state;
            progress.error = error;
            progress.finished_at = Some(now);
        }
    }
}

/// The bus scans of a running site: the running ones and the last [`FINISHED_SCANS_KEPT`]
/// finished ones, by id. The running site holds it ([`crate::running::RunningSite::scans`]);
/// the routes start, show and cancel scans in it.
pub struct ScanBook {
    clock: Arc<dyn Clock>,
    book: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    last_id: u64,
    entries: VecDeque<Arc<ScanEntry>>,
}

impl ScanBook {
    /// An empty book, timing scans with `clock`.
    pub fn new(clock: Arc<dyn Clock>) -> ScanBook {
        ScanBook {
            clock,
            book: Mutex::new(Book::default()),
        }
    }

    fn book(&self) -> MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a running scan of `bus` (named by the site's link `link`, if saved) over
    /// `total` unit ids, forgetting the oldest finished scans beyond [`FINISHED_SCANS_KEPT`].
    /// Refused with the id of the scan that runs on `bus`.
    fn begin(&self, link: Option<String>, bus: Bus, total: u16) -> Result<ScanReporter, u64> {
        let mut book = self.book();
        if let Some(running) = book
            .entries
            .iter()
            .find(|e| e.bus == bus && e.progress().state == ScanState::Running)
        {
            return Err(running.id);
        }
        let mut finished = book
            .entries
            .iter()
            .filter(|e| e.progress().state != ScanState::Running)
            .count();
        while finished > FINISHED_SCANS_KEPT {
            let Some(oldest) = book
                .entries
                .iter()
                .position(|e| e.progress().state != ScanState::Running)
            else {
                break;
            };
            book.entries.remove(oldest);
            finished -= 1;
        }
        book.last_id += 1;
        let (cancel, cancelled) = watch::channel(false);
        let entry = Arc::new(ScanEntry {
            id: book.last_id,
            link,
            bus,
            started_at: self.clock.now(),
            total,
            cancel,
            progress: Mutex::new(Progress {
                state: ScanState::Running,
                finished_at: None,
                probed: 0,
                error: None,
                found: Vec::new(),
            }),
        });
        book.entries.push_back(entry.clone());
        Ok(ScanReporter {
            entry,
            clock: self.clock.clone(),
            cancelled,
        })
    }

    fn entry(&self, id: u64) -> Option<Arc<ScanEntry>> {
        self.book().entries.iter().find(|e| e.id == id).cloned()
    }

    /// Forgets a scan that could not start.
    fn forget(&self, id: u64) {
        self.book().entries.retain(|e| e.id != id);
    }

    /// Cancels `entry` if it runs: it shows as cancelled at once, and stops after the unit it
    /// is probing. Whether it was running.
    fn cancel(&self, entry: &ScanEntry) -> bool {
        let was_running = entry.progress().state == ScanState::Running;
        entry.end(ScanState::Cancelled, None, self.clock.now());
        entry.cancel.send_replace(true);
        was_running
    }
}

/// How a running scan reports: each unit id probed, and its end. Dropped without
/// [`ScanReporter::finish`], the scan ends as failed.
pub struct ScanReporter {
    entry: Arc<ScanEntry>,
    clock: Arc<dyn Clock>,
    cancelled: watch::Receiver<bool>,
}

impl ScanReporter {
    /// The scan's id.
    pub fn id(&self) -> u64 {
        self.entry.id
    }

    /// One more unit id was probed; `found` is what answered there, if anything. Ignored once
    /// the scan has ended (cancelled).
    pub fn probed(&self, found: Option<ScannedUnit>) {
        let mut progress = self.entry.progress();
        if progress.state != ScanState::Running {
            return;
        }
        progress.probed = progress.probed.saturating_add(1);
        progress.found.extend(found);
    }

    /// Completes when the scan is cancelled: the scan must stop then.
    pub fn cancelled(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut cancelled = self.cancelled.clone();
        async move {
            // An error means the scan was forgotten: nobody follows it any more either.
            let _ = cancelled.wait_for(|cancelled| *cancelled).await;
        }
    }

    /// The scan ended: `done`, or `failed` with `error`.
    pub fn finish(self, error: Option<String>) {
        let state = match error {
            None => ScanState::Done,
            Some(_) => ScanState::Failed,
        };
        self.entry.end(state, error, self.clock.now());
    }
}

impl Drop for ScanReporter {
    fn drop(&mut self) {
        self.entry.end(
            ScanState::Failed,
            Some("the scan stopped unexpectedly".to_owned()),
            self.clock.now(),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Requests and answers

/// A bus scan to start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanCreation {
    /// The link whose bus to scan: the id of a link of the site, or a new link in the form of
    /// `POST /links` (its `id` may be left out). A waveform stream has no bus to scan.
    pub link: LinkChoice,
    /// The unit ids to scan, in order; 1 to 247 when left out.
    pub unit_ids: Option<UnitIdRange>,
    /// How long to wait for each answer, in milliseconds (10 to 60000); the link's timeout when
    /// left out. A unit id where nothing answers costs this long.
    #[schema(minimum = 10, maximum = 60000)]
    pub timeout_ms: Option<i64>,
}

/// A range of unit ids, both ends included, within 1 to 247.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitIdRange {
    /// The first unit id (1 when left out).
    #[serde(default = "first_unit_id")]
    #[schema(minimum = 1, maximum = 247, default = 1)]
    pub from: i64,
    /// The last unit id, not below `from` (247 when left out).
    #[serde(default = "last_unit_id")]
    #[schema(minimum = 1, maximum = 247, default = 247)]
    pub to: i64,
}

fn first_unit_id() -> i64 {
    *UNIT_IDS.start()
}

fn last_unit_id() -> i64 {
    *UNIT_IDS.end()
}

/// A unit that answered during a scan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FoundUnitView {
    /// Its unit id.
    pub unit_id: u8,
    /// The Modbus exception code it answered with (1 to 255; 2 is "illegal data address"),
    /// when it answered no identification register: a unit is there, of a model no profile
    /// recognises.
    pub exception: Option<u8>,
    /// The profiles it matches (every identification register each declares), by id; empty
    /// when none does.
    pub candidates: Vec<ScanCandidate>,
    /// The device of the site at this unit id on a link of this bus, if there is one.
    pub configured_as: Option<String>,
}

/// A bus scan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScanView {
    /// The scan's id.
    pub id: u64,
    /// The link of the site scanned; `null` for a new link.
    pub link: Option<String>,
    /// The bus scanned: a serial port (`/dev/ttyUSB0`) or a host and TCP port
    /// (`192.0.2.10:502`).
    pub bus: String,
    /// `running`, `done`, `cancelled` or `failed`.
    pub state: ScanState,
    /// When it started.
    pub started_at: Timestamp,
    /// When it ended; `null` while it runs.
    pub finished_at: Option<Timestamp>,
    /// How many unit ids were probed so far.
    pub probed: u16,
    /// How many unit ids it probes in all.
    pub total: u16,
    /// Why it failed.
    pub error: Option<String>,
    /// The units that answered so far, by unit id.
    pub found: Vec<FoundUnitView>,
}

/// How a bus is written in messages and views.
fn bus_name(bus: &Bus) -> String {
    match bus {
        Bus::Serial(port) => port.clone(),
        Bus::Socket(host, port) if host.contains(':') => format!("[{host}]:{port}"),
        Bus::Socket(host, port) => format!("{host}:{port}"),
    }
}

impl ScanView {
    fn of(entry: &ScanEntry, site: &SiteConfig) -> ScanView {
        let progress = entry.progress();
        let mut found: Vec<FoundUnitView> = progress
            .found
            .iter()
            .map(|unit| FoundUnitView {
                unit_id: unit.unit_id,
                exception: unit.exception,
                candidates: unit.candidates.clone(),
                configured_as: configured_device(site, &entry.bus, unit.unit_id),
            })
            .collect();
        found.sort_by_key(|unit| unit.unit_id);
        ScanView {
            id: entry.id,
            link: entry.link.clone(),
            bus: bus_name(&entry.bus),
            state: progress.state,
            started_at: entry.started_at,
            finished_at: progress.finished_at,
            probed: progress.probed,
            total: entry.total,
            error: progress.error.clone(),
            found,
        }
    }
}

/// The device of `site` at `unit_id` on a link of `bus`.
fn configured_device(site: &SiteConfig, bus: &Bus, unit_id: u8) -> Option<String> {
    site.links
        .iter()
        .filter(|(_, link)| link.transport.bus().as_ref() == Some(bus))
        .flat_map(|(id, _)| site.devices_on_link(id))
        .find(|(_, device)| device.unit_id == unit_id)
        .map(|(id, _)| id.to_string())
}

// ---------------------------------------------------------------------------------------------
// The link of a scan

/// The key under which a new link is read.
const NEW_LINK_KEY: &str = "scan";

/// The link a scan names: a link of the site (with its id), or a new link read and checked as
/// the site file's reader reads it, its errors named `link.…`.
fn scan_link(
    site: &SiteConfig,
    library: &Library,
    choice: LinkChoice,
) -> Result<(Option<String>, Link), Problem> {
    match choice {
        LinkChoice::Existing(id) => match site.links.get(&id) {
            Some(link) => Ok((Some(id), link.clone())),
            None => Err(Problem::invalid_fields(vec![unknown_link(site, &id)])),
        },
        LinkChoice::New(NewLink(object)) => Ok((None, new_link(site, library, object)?)),
    }
}

/// Reads a new link in the form of `POST /links` with the site file's reader, beside the site's
/// settings and gateways (the link's `gateway` must be one of them).
fn new_link(
    site: &SiteConfig,
    library: &Library,
    mut object: Map<String, Value>,
) -> Result<Link, Problem> {
    object.remove("id");
    object.retain(|_, value| !value.is_null());
    let table = toml::Table::try_from(object).map_err(|e| {
        let reason = format!("not a link: {e}");
        Problem::invalid_field(
            "link",
            FieldRule::Invalid,
            FieldParams::reason(&reason),
            reason,
        )
    })?;
    let mut document: toml::Table = site.to_toml_string().parse().map_err(Problem::internal)?;
    document.retain(|key, _| matches!(key, "site" | "gateways" | "panel_boards"));
    document.insert(
        "links".to_owned(),
        toml::Value::Table(toml::Table::from_iter([(
            NEW_LINK_KEY.to_owned(),
            toml::Value::Table(table),
        )])),
    );
    let text = toml::to_string(&document).map_err(Problem::internal)?;
    let prefix = format!("links.{NEW_LINK_KEY}");
    let mut read = SiteConfig::from_toml_str(&text, library).map_err(|e| {
        Problem::broken_rules(
            e.errors
                .into_iter()
                .map(|mut error| {
                    if let Some(rest) = error.path.strip_prefix(&prefix) {
                        error.path = format!("link{rest}");
                    }
                    error
                })
                .collect(),
        )
    })?;
    read.links
        .remove(NEW_LINK_KEY)
        .ok_or_else(|| Problem::internal("the new link was not read back"))
}

/// The unit ids and timeout of a scan, checked.
fn scan_limits(
    unit_ids: Option<UnitIdRange>,
    timeout_ms: Option<i64>,
) -> Result<(RangeInclusive<u8>, Option<Duration>), Problem> {
    let range = unit_ids.unwrap_or(UnitIdRange {
        from: first_unit_id(),
        to: last_unit_id(),
    });
    let mut errors = Vec::new();
    let mut refuse = |path: &str, min: i64, max: i64, message: String| {
        errors.push(FieldError::new(
            path,
            FieldRule::OutOfRange,
            FieldParams::range(min, max),
            message,
        ));
    };
    let unit_id = |value: i64| {
        u8::try_from(value)
            .ok()
            .filter(|_| UNIT_IDS.contains(&value))
    };
    let (from, to) = (unit_id(range.from), unit_id(range.to));
    let outside = |value: i64| {
        format!(
            "{value} is not a unit id that may be scanned ({} to {}; 0 is the broadcast address)",
            UNIT_IDS.start(),
            UNIT_IDS.end()
        )
    };
    let (first, last) = (*UNIT_IDS.start(), *UNIT_IDS.end());
    if from.is_none() {
        refuse("unit_ids.from", first, last, outside(range.from));
    }
    if to.is_none() {
        refuse("unit_ids.to", first, last, outside(range.to));
    }
    if from.is_some() && to.is_some() && range.to < range.from {
        refuse(
            "unit_ids.to",
            range.from,
            last,
            format!("{} is below from ({})", range.to, range.from),
        );
    }
    let timeout = match timeout_ms {
        Some(ms) if !TIMEOUTS_MS.contains(&ms) => {
            let (min, max) = (*TIMEOUTS_MS.start(), *TIMEOUTS_MS.end());
            refuse(
                "timeout_ms",
                min,
                max,
                format!("{ms} is outside {min} to {max} ms"),
            );
            None
        }
        Some(ms) => Some(Duration::from_millis(ms.unsigned_abs())),
        None => None,
    };
    match (from, to) {
        (Some(from), Some(to)) if errors.is_empty() => Ok((from..=to, timeout)),
        _ => Err(Problem::invalid_fields(errors)),
    }
}

// ---------------------------------------------------------------------------------------------
// Routes

/// Starts a scan of a link's bus: each unit id is probed (reads only), and what answers is
/// matched against the identification registers of the device library. Answers at once; follow
/// the scan at its address. On a bus that a running link uses, the scan goes through that link,
/// between its own requests.
#[utoipa::path(post, path = "/scans", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = ScanCreation,
    responses(
        (status = 202, description = "The scan started", body = ScanView,
            headers(("location" = String, description = "The scan's address"))),
        (status = 400, description = "The body is not of this form", body = Problem),
        (status = 409, description = "A scan of this bus is running; the detail names it",
            body = Problem),
        (status = 422, description = "The link, unit ids or timeout break rules; each is listed \
            with its path (`unit_ids.from`, `link.port`), or the link cannot be scanned",
            body = Problem),
    ))]
pub async fn start_scan(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(request): JsonBody<ScanCreation>,
) -> ApiResult<Response> {
    let site = state.site.site();
    let link = scan_link(&site, &state.library, request.link);
    let limits = scan_limits(request.unit_ids, request.timeout_ms);
    let ((link_id, link), (unit_ids, timeout)) = match (link, limits) {
        (Ok(link), Ok(limits)) => (link, limits),
        (Err(a), Err(b)) => {
            return Err(Problem::invalid_fields(
                a.errors.into_iter().chain(b.errors).collect(),
            ));
        }
        (Err(problem), _) | (_, Err(problem)) => return Err(problem),
    };
    let Some(bus) = link.transport.bus() else {
        return Err(Problem::invalid_field(
            "link",
            FieldRule::LinkKind,
            FieldParams {
                kind: Some(LinkKind::WaveformStream.name().to_owned()),
                ..FieldParams::default()
            },
            "a waveform stream has no bus to scan",
        ));
    };
    let total = u16::from(*unit_ids.end() - *unit_ids.start()) + 1;
    let scans = state.site.scans();
    let reporter = scans
        .begin(link_id.clone(), bus.clone(), total)
        .map_err(|running| {
            conflict(format!(
                "scan {running} of {} is running; wait for it or cancel it \
                 (DELETE {API_PREFIX}/scans/{running})",
                bus_name(&bus)
            ))
        })?;
    let id = reporter.id();
    let scan_request = ScanRequest {
        link_id: link_id.clone(),
        link,
        unit_ids: unit_ids.clone(),
        timeout,
    };
    if let Err(failure) = state.site.scan_bus(scan_request, reporter).await {
        scans.forget(id);
        let reason = failure.to_string();
        return Err(Problem::invalid_field(
            "link",
            FieldRule::Invalid,
            FieldParams::reason(&reason),
            reason,
        ));
    }
    Audit::by(
        &state,
        &principal,
        client,
        AuditAction::LinkScan.as_str(),
        AuditResult::Success,
    )
    .target(audit_target(link_id.as_deref(), &bus))
    .detail(json!({
        "scan": id,
        "unit_ids": {"from": unit_ids.start(), "to": unit_ids.end()},
        "timeout_ms": timeout.map(|t| t.as_millis()),
    }))
    .write();
    let entry = scans
        .entry(id)
        .ok_or_else(|| Problem::internal("a scan just started is not in the book"))?;
    let view = ScanView::of(&entry, &state.site.site());
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("{API_PREFIX}/scans/{id}"))],
        Json(view),
    )
        .into_response())
}

/// What a scan is audited as done to: its link, or the bus of a new link.
fn audit_target(link: Option<&str>, bus: &Bus) -> String {
    match link {
        Some(link) => format!("link:{link}"),
        None => format!("bus:{}", bus_name(bus)),
    }
}

/// The scan with this id: where it is, and the units found so far.
fn scan_entry(state: &ApiState, id: &str) -> ApiResult<Arc<ScanEntry>> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| state.site.scans().entry(id))
        .ok_or_else(|| Problem::not_found(format!("scan {id:?}")))
}

/// A scan: its state, how far it got, and the units found so far. Finished scans are kept
/// for a while (the last 16), then forgotten.
#[utoipa::path(get, path = "/scans/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The scan's id")),
    responses(
        (status = 200, description = "The scan", body = ScanView),
        (status = 404, description = "No such scan (or forgotten)", body = Problem),
    ))]
pub async fn get_scan(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ScanView>> {
    let entry = scan_entry(&state, &id)?;
    Ok(Json(ScanView::of(&entry, &state.site.site())))
}

/// Cancels a running scan: it stops after the unit id it is probing, and shows as
/// `cancelled` with what it found. A finished scan is left as it is.
#[utoipa::path(delete, path = "/scans/{id}", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("id" = String, Path, description = "The scan's id")),
    responses(
        (status = 204, description = "Cancelled (or finished already)"),
        (status = 404, description = "No such scan (or forgotten)", body = Problem),
    ))]
pub async fn cancel_scan(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let entry = scan_entry(&state, &id)?;
    if state.site.scans().cancel(&entry) {
        Audit::by(
            &state,
            &principal,
            client,
            AuditAction::LinkScan.as_str(),
            AuditResult::Success,
        )
        .target(audit_target(entry.link.as_deref(), &entry.bus))
        .detail(json!({"scan": entry.id, "cancelled": true}))
        .write();
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_link_is_read_beside_gateways_installed_in_panel_boards() {
        let library = Library::builtin().unwrap();
        let site = SiteConfig::from_toml_str(
            r#"
[site]
name = "Plant"
time_zone = "Europe/Rome"

[gateways.local]
name = "Local gateway"
address = "127.0.0.1"
panel_board = "main_board"

[panel_boards.main_board]
name = "Main board"
"#,
            &library,
        )
        .unwrap();
        let object = serde_json::json!({"kind": "modbus_tcp", "host": "127.0.0.1", "port": 1502});
        let Value::Object(object) = object else {
            unreachable!()
        };
        let link = new_link(&site, &library, object).unwrap();
        assert_eq!(link.gateway, "local");
    }
}
