//! Consumption history: histograms, partials, comparisons, time series and the raw interval
//! records, as JSON or as CSV downloads ("CSV download of what is shown", the data download),
//! and the scopes they can be asked of.
//!
//! Design decisions:
//! - Query parameters arrive as text and are parsed here, so that every bad value gets a 422
//!   `invalid` naming the parameter and what is allowed. Rules that need no parsing (a counter
//!   where a counter is needed, sizes of ranges) are the store's queries' own checks.
//! - A download's file name is built only from parsed values (scope kinds and ids, point names,
//!   period labels, dates), then filtered once more to `[A-Za-z0-9_-]`: nothing a caller types
//!   reaches it, so it can carry neither a path nor a header.
//! - CSV files use the separators of the site's settings.

use crate::problem::{ApiResult, ErrorCode, Problem};
use crate::state::ApiState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ems_model::site::SiteConfig;
use ems_model::{DeviceId, Point};
use ems_store::calendar::{Calendar, InvalidInstant, Period, PeriodKind};
use ems_store::csv::{self, CsvOptions};
use ems_store::query::{
    CompareQuery, Comparison, Histogram, HistogramQuery, Intervals, IntervalsQuery,
    MAX_TIME_SERIES_POINTS, Partials, PartialsQuery, ScopedPoint, TimeSeries, TimeSeriesQuery,
};
use ems_store::scope::{NamedScope, Scope, ScopeKind};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;

/// The counter of histograms when none is asked for.
const DEFAULT_COUNTER: &str = "energy_active_import";
/// The most points of a time series when none is asked for.
const DEFAULT_SERIES_POINTS: u32 = 500;
/// The longest part of a bad value repeated in an error, in characters.
const MAX_SHOWN_CHARS: usize = 64;
/// The local dates that times and periods may fall on: RFC 3339 writes years 0000 to 9999
/// only, and these leave room for the ten years before a decade and for any time zone's
/// offset.
const DATES: std::ops::RangeInclusive<Date> =
    Date::constant(1000, 1, 1)..=Date::constant(8999, 12, 31);

// ---------------------------------------------------------------------------------------------
// Parameters: parsing, shared with the event log.

/// The parameters of a request, or a `bad_request` problem when they cannot be read at all (an
/// unknown or repeated parameter).
pub(crate) fn query_params<T>(query: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    query
        .map(|Query(params)| params)
        .map_err(|rejection| Problem::new(ErrorCode::BadRequest, rejection.body_text()))
}

/// A value as errors repeat it: quoted, escaped, and cut after [`MAX_SHOWN_CHARS`] characters.
pub(crate) fn shown(value: &str) -> String {
    clipped(value).map_or_else(|| format!("{value:?}"), |cut| format!("{cut:?}…"))
}

/// The beginning of a value too long to repeat whole; `None` when it is short enough.
fn clipped(value: &str) -> Option<String> {
    (value.chars().count() > MAX_SHOWN_CHARS).then(|| value.chars().take(MAX_SHOWN_CHARS).collect())
}

/// `invalid` for a value that is not one of a fixed set.
pub(crate) fn not_one_of(param: &str, value: &str, allowed: &[&str]) -> Problem {
    Problem::invalid_field(
        param,
        format!("{} is not one of {}", shown(value), allowed.join(", ")),
    )
}

/// `invalid` for a parameter that must be given.
pub(crate) fn required(param: &str) -> Problem {
    Problem::invalid_field(param, "is required")
}

/// A device id (its form; whether it exists is the store's answer).
pub(crate) fn device_param(param: &str, value: &str) -> ApiResult<DeviceId> {
    DeviceId::new(value).map_err(|_| {
        Problem::invalid_field(
            param,
            format!(
                "{} is not a device id: 1-64 lowercase letters, digits, '_' or '-', starting \
                 with a letter",
                shown(value)
            ),
        )
    })
}

/// An RFC 3339 time, or a local date of the site meaning its midnight.
pub(crate) fn instant_param(calendar: &Calendar, param: &str, value: &str) -> ApiResult<Timestamp> {
    let instant = calendar.instant(value).map_err(|_| {
        let cut = clipped(value).unwrap_or_else(|| value.to_owned());
        Problem::invalid_field(param, InvalidInstant(cut).to_string())
    })?;
    let date = value
        .parse::<Date>()
        .unwrap_or_else(|_| calendar.date(instant));
    if !DATES.contains(&date) {
        return Err(out_of_range(param, value));
    }
    Ok(instant)
}

/// `invalid`: a time or date outside [`DATES`].
fn out_of_range(param: &str, value: &str) -> Problem {
    Problem::invalid_field(
        param,
        format!(
            "{} is out of range: the history covers {} to {}",
            shown(value),
            DATES.start(),
            DATES.end()
        ),
    )
}

/// A whole number within `range`.
pub(crate) fn number_param(
    param: &str,
    value: &str,
    range: std::ops::RangeInclusive<u32>,
) -> ApiResult<u32> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            Problem::invalid_field(
                param,
                format!(
                    "{} is not a whole number from {} to {}",
                    shown(value),
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// The site's calendar: its time zone (UTC if it names none, which validation refuses).
pub(crate) fn site_calendar(site: &SiteConfig) -> Calendar {
    Calendar::new(site.site.resolve_time_zone().unwrap_or(TimeZone::UTC))
}

fn scope_param(param: &str, value: Option<&str>) -> ApiResult<Scope> {
    let Some(value) = value else {
        return Ok(Scope::site());
    };
    value.parse::<Scope>().map_err(|_| {
        Problem::invalid_field(
            param,
            format!(
                "{} is not a scope: use site, device:<id>, load:<id>, group:<id> or \
                 panel_board:<id> (ids: lowercase letters, digits, '_' or '-')",
                shown(value)
            ),
        )
    })
}

fn point_param(param: &str, value: &str) -> ApiResult<Point> {
    value.parse::<Point>().map_err(|e| {
        let mut problem = Problem::invalid_field(param, format!("{} is not a point", shown(value)));
        for error in &mut problem.errors {
            error.suggestion = e.suggestion.map(str::to_owned);
        }
        problem
    })
}

fn period_param(
    calendar: &Calendar,
    now: Timestamp,
    period: Option<&str>,
    date: Option<&str>,
) -> ApiResult<Period> {
    let kind = match period {
        None => PeriodKind::Day,
        Some(value) => value.parse::<PeriodKind>().map_err(|_| {
            let allowed: Vec<&str> = PeriodKind::ALL.iter().map(|k| k.as_str()).collect();
            not_one_of("period", value, &allowed)
        })?,
    };
    let date = match date {
        None => calendar.date(now),
        Some(value) => value
            .parse::<Date>()
            .map_err(|_| {
                Problem::invalid_field(
                    "date",
                    format!("{} is not a date: use YYYY-MM-DD", shown(value)),
                )
            })
            .and_then(|date| {
                if DATES.contains(&date) {
                    Ok(date)
                } else {
                    Err(out_of_range("date", value))
                }
            })?,
    };
    Ok(Period::containing(kind, date))
}

/// How an answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

fn format_param(value: Option<&str>) -> ApiResult<Format> {
    match value {
        None | Some("json") => Ok(Format::Json),
        Some("csv") => Ok(Format::Csv),
        Some(other) => Err(not_one_of("format", other, &["json", "csv"])),
    }
}

// ---------------------------------------------------------------------------------------------
// Downloads.

/// A download's file name: the parts joined by `_`, every character outside `[A-Za-z0-9_-]`
/// replaced by `-`, and `.csv`.
fn file_name(parts: &[&str]) -> String {
    let stem: String = parts
        .join("_")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{stem}.csv")
}

/// A scope as a file name shows it: `site`, `device-main`.
fn scope_part(scope: &Scope) -> String {
    match scope.kind {
        ScopeKind::Site => "site".to_owned(),
        kind => format!("{kind}-{}", scope.key),
    }
}

/// A period as a file name shows it: `day-2026-11-21`, `decade-2017-2026`.
fn period_part(period: Period) -> String {
    format!("{}-{}", period.kind, period.label())
}

/// A range as a file name shows it: its local dates, `2026-11-01-2026-11-08`.
fn range_part(calendar: &Calendar, from: Timestamp, to: Timestamp) -> String {
    format!("{}-{}", calendar.date(from), calendar.date(to))
}

/// A CSV download.
fn csv_download(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A question about a period: the site it is asked of, the period, and how to answer.
struct PeriodRequest {
    site: Arc<SiteConfig>,
    period: Period,
    format: Format,
}

impl PeriodRequest {
    fn new(
        state: &ApiState,
        period: Option<&str>,
        date: Option<&str>,
        format: Option<&str>,
    ) -> ApiResult<PeriodRequest> {
        let site = state.site.site();
        let calendar = site_calendar(&site);
        Ok(PeriodRequest {
            period: period_param(&calendar, state.clock.now(), period, date)?,
            format: format_param(format)?,
            site,
        })
    }

    fn csv_options(&self) -> CsvOptions {
        CsvOptions::of(&self.site.site)
    }
}

// ---------------------------------------------------------------------------------------------
// Histograms.

/// A histogram's parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistogramParams {
    /// `site` (the default), `device:<id>`, `load:<id>`, `group:<id>` or `panel_board:<id>`.
    scope: Option<String>,
    /// The counter: `energy_active_import` (the default), `energy_active_export`,
    /// `gas_volume`, …
    point: Option<String>,
    /// `day` (by hour; the default), `month` (by day), `year` (by month) or `decade` (the ten
    /// years ending with the date's year, by year).
    period: Option<String>,
    /// Any local date in the period, `YYYY-MM-DD` (today in the site's time zone by default).
    date: Option<String>,
    /// `json` (the default) or `csv` (a download, with the site's separators).
    format: Option<String>,
}

/// A counter of one scope over a day, month, year or ten years, with the previous period
/// beside it. A bucket without data has no amount (never 0).
#[utoipa::path(get, path = "/history/histogram", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    params(HistogramParams),
    responses(
        (status = 200, description = "The histogram; with `format=csv` its CSV download",
            content((Histogram = "application/json"), (String = "text/csv")),
            headers(("content-disposition" = String,
                description = "With `format=csv`: `attachment; filename=\"histogram_….csv\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter, an unknown scope, or a point that is not a counter", body = Problem),
    ))]
pub async fn histogram(
    State(state): State<ApiState>,
    query: Result<Query<HistogramParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let request = PeriodRequest::new(
        &state,
        params.period.as_deref(),
        params.date.as_deref(),
        params.format.as_deref(),
    )?;
    let query = HistogramQuery {
        scope: scope_param("scope", params.scope.as_deref())?,
        point: point_param("point", params.point.as_deref().unwrap_or(DEFAULT_COUNTER))?,
        period: request.period,
    };
    let histogram = state.blocking(move |s| s.readers.histogram(&query)).await?;
    Ok(match request.format {
        Format::Json => Json(histogram).into_response(),
        Format::Csv => csv_download(
            &file_name(&[
                "histogram",
                &scope_part(&histogram.scope),
                histogram.point.name(),
                &period_part(request.period),
            ]),
            csv::histogram_csv(&histogram, &request.csv_options()),
        ),
    })
}

/// The parameters of partials.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PartialsParams {
    /// Split by `load` (the default), `group` or `panel_board`.
    by: Option<String>,
    /// The counter: `energy_active_import` (the default), `gas_volume`, …
    point: Option<String>,
    /// `day` (the default), `month`, `year` or `decade`.
    period: Option<String>,
    /// Any local date in the period, `YYYY-MM-DD` (today by default).
    date: Option<String>,
    /// `json` (the default) or `csv`.
    format: Option<String>,
}

/// The histograms of one counter for every load, measure group or panel board, with the
/// previous period beside each.
#[utoipa::path(get, path = "/history/partials", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    params(PartialsParams),
    responses(
        (status = 200, description = "The partials; with `format=csv` their CSV download",
            content((Partials = "application/json"), (String = "text/csv")),
            headers(("content-disposition" = String,
                description = "With `format=csv`: `attachment; filename=\"partials_….csv\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter, or a point that is not summed into aggregates", body = Problem),
    ))]
pub async fn partials(
    State(state): State<ApiState>,
    query: Result<Query<PartialsParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let request = PeriodRequest::new(
        &state,
        params.period.as_deref(),
        params.date.as_deref(),
        params.format.as_deref(),
    )?;
    let kind = match params.by.as_deref() {
        None => ScopeKind::Load,
        Some(value) => ScopeKind::from_name(value)
            .filter(|k| {
                matches!(
                    k,
                    ScopeKind::Load | ScopeKind::Group | ScopeKind::PanelBoard
                )
            })
            .ok_or_else(|| not_one_of("by", value, &["load", "group", "panel_board"]))?,
    };
    let query = PartialsQuery {
        kind,
        point: point_param("point", params.point.as_deref().unwrap_or(DEFAULT_COUNTER))?,
        period: request.period,
    };
    let partials = state.blocking(move |s| s.readers.partials(&query)).await?;
    Ok(match request.format {
        Format::Json => Json(partials).into_response(),
        Format::Csv => csv_download(
            &file_name(&[
                "partials",
                partials.kind.as_str(),
                partials.point.name(),
                &period_part(request.period),
            ]),
            csv::partials_csv(&partials, &request.csv_options()),
        ),
    })
}

/// The parameters of a comparison.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CompareParams {
    /// The first scope: `site`, `device:<id>`, `load:<id>`, `group:<id>` or
    /// `panel_board:<id>`.
    first: Option<String>,
    /// The second scope.
    second: Option<String>,
    /// The first scope's counter (`energy_active_import` by default).
    point: Option<String>,
    /// The second scope's counter (the first one's by default); of the same dimension.
    second_point: Option<String>,
    /// `day` (the default), `month`, `year` or `decade`.
    period: Option<String>,
    /// Any local date in the period, `YYYY-MM-DD` (today by default).
    date: Option<String>,
    /// `json` (the default) or `csv`.
    format: Option<String>,
}

/// Two counters of two scopes over one period, side by side.
#[utoipa::path(get, path = "/history/compare", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    params(CompareParams),
    responses(
        (status = 200, description = "The comparison; with `format=csv` its CSV download",
            content((Comparison = "application/json"), (String = "text/csv")),
            headers(("content-disposition" = String,
                description = "With `format=csv`: `attachment; filename=\"compare_….csv\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter, an unknown scope, or counters that measure different things", body = Problem),
    ))]
pub async fn compare(
    State(state): State<ApiState>,
    query: Result<Query<CompareParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let request = PeriodRequest::new(
        &state,
        params.period.as_deref(),
        params.date.as_deref(),
        params.format.as_deref(),
    )?;
    let first = params.first.as_deref().ok_or_else(|| required("first"))?;
    let second = params.second.as_deref().ok_or_else(|| required("second"))?;
    let point = point_param("point", params.point.as_deref().unwrap_or(DEFAULT_COUNTER))?;
    let second_point = match params.second_point.as_deref() {
        Some(value) => point_param("second_point", value)?,
        None => point,
    };
    let query = CompareQuery {
        first: ScopedPoint {
            scope: scope_param("first", Some(first))?,
            point,
        },
        second: ScopedPoint {
            scope: scope_param("second", Some(second))?,
            point: second_point,
        },
        period: request.period,
    };
    let comparison = state.blocking(move |s| s.readers.compare(&query)).await?;
    Ok(match request.format {
        Format::Json => Json(comparison).into_response(),
        Format::Csv => csv_download(
            &file_name(&[
                "compare",
                &scope_part(&comparison.first.scope),
                comparison.first.point.name(),
                &scope_part(&comparison.second.scope),
                comparison.second.point.name(),
                &period_part(request.period),
            ]),
            csv::comparison_csv(&comparison, &request.csv_options()),
        ),
    })
}

// ---------------------------------------------------------------------------------------------
// Time series and interval records.

/// The parameters of a time series.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SeriesParams {
    /// The device id.
    device: Option<String>,
    /// The momentary quantity: `active_power`, `voltage_l1`, …
    point: Option<String>,
    /// Start: an RFC 3339 time, or a local date (its midnight in the site's time zone).
    from: Option<String>,
    /// End (exclusive): an RFC 3339 time or a local date.
    to: Option<String>,
    /// At most this many points, 1 to 100000 (500 by default).
    max_points: Option<String>,
    /// `json` (the default) or `csv`.
    format: Option<String>,
}

/// Mean, minimum and maximum of a momentary quantity of a device over a range, down-sampled
/// for a chart. Buckets without data are absent.
#[utoipa::path(get, path = "/history/series", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    params(SeriesParams),
    responses(
        (status = 200, description = "The time series; with `format=csv` its CSV download",
            content((TimeSeries = "application/json"), (String = "text/csv")),
            headers(("content-disposition" = String,
                description = "With `format=csv`: `attachment; filename=\"series_….csv\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter, an unknown device, a counter, or an empty range", body = Problem),
    ))]
pub async fn series(
    State(state): State<ApiState>,
    query: Result<Query<SeriesParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let format = format_param(params.format.as_deref())?;
    let site = state.site.site();
    let calendar = site_calendar(&site);
    let (device, from, to) = device_range(
        &calendar,
        params.device.as_deref(),
        params.from.as_deref(),
        params.to.as_deref(),
    )?;
    let query = TimeSeriesQuery {
        device,
        point: point_param(
            "point",
            params.point.as_deref().ok_or_else(|| required("point"))?,
        )?,
        from,
        to,
        max_points: match params.max_points.as_deref() {
            Some(value) => number_param("max_points", value, 1..=MAX_TIME_SERIES_POINTS)?,
            None => DEFAULT_SERIES_POINTS,
        },
    };
    let series = state
        .blocking(move |s| s.readers.time_series(&query))
        .await?;
    Ok(match format {
        Format::Json => Json(series).into_response(),
        Format::Csv => csv_download(
            &file_name(&[
                "series",
                series.device.as_str(),
                series.point.name(),
                &range_part(&calendar, series.from, series.to),
            ]),
            csv::time_series_csv(&series, &CsvOptions::of(&site.site)),
        ),
    })
}

/// The required `device`, `from` and `to` of a series or a data download.
fn device_range(
    calendar: &Calendar,
    device: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> ApiResult<(DeviceId, Timestamp, Timestamp)> {
    Ok((
        device_param("device", device.ok_or_else(|| required("device"))?)?,
        instant_param(calendar, "from", from.ok_or_else(|| required("from"))?)?,
        instant_param(calendar, "to", to.ok_or_else(|| required("to"))?)?,
    ))
}

/// The parameters of the data download.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct IntervalsParams {
    /// The device id.
    device: Option<String>,
    /// Start: an RFC 3339 time, or a local date (its midnight in the site's time zone).
    from: Option<String>,
    /// End (exclusive): an RFC 3339 time or a local date; at most 400 days after `from`.
    to: Option<String>,
    /// `json` (the default) or `csv`.
    format: Option<String>,
}

/// The stored interval records of a device (the data download): every counter's boundary
/// value and amount, every momentary quantity's mean, minimum and maximum.
#[utoipa::path(get, path = "/history/intervals", tag = "history",
    security(("session" = ["reports_download"]), ("token" = ["reports_download"])),
    params(IntervalsParams),
    responses(
        (status = 200, description = "The records; with `format=csv` their CSV download",
            content((Intervals = "application/json"), (String = "text/csv")),
            headers(("content-disposition" = String,
                description = "With `format=csv`: `attachment; filename=\"intervals_….csv\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter, an unknown device, or a range that is empty or too long", body = Problem),
    ))]
pub async fn intervals(
    State(state): State<ApiState>,
    query: Result<Query<IntervalsParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let format = format_param(params.format.as_deref())?;
    let site = state.site.site();
    let calendar = site_calendar(&site);
    let (device, from, to) = device_range(
        &calendar,
        params.device.as_deref(),
        params.from.as_deref(),
        params.to.as_deref(),
    )?;
    let query = IntervalsQuery { device, from, to };
    let intervals = state.blocking(move |s| s.readers.intervals(&query)).await?;
    Ok(match format {
        Format::Json => Json(intervals).into_response(),
        Format::Csv => csv_download(
            &file_name(&[
                "intervals",
                intervals.device.as_str(),
                &range_part(&calendar, intervals.from, intervals.to),
            ]),
            csv::intervals_csv(&intervals, &CsvOptions::of(&site.site)),
        ),
    })
}

/// Every scope history can be asked of (the site, devices, loads with the implicit "Others",
/// groups, panel boards), with its display name.
#[utoipa::path(get, path = "/history/scopes", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    responses(
        (status = 200, description = "The scopes", body = Vec<NamedScope>),
    ))]
pub async fn scopes(State(state): State<ApiState>) -> ApiResult<Json<Vec<NamedScope>>> {
    Ok(Json(state.blocking(|s| s.readers.scopes()).await?))
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(histogram))
        .routes(utoipa_axum::routes!(partials))
        .routes(utoipa_axum::routes!(compare))
        .routes(utoipa_axum::routes!(series))
        .routes(utoipa_axum::routes!(intervals))
        .routes(utoipa_axum::routes!(scopes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(
            file_name(&[
                "histogram",
                "device-main",
                "energy_active_import",
                "decade-2017–2026"
            ]),
            "histogram_device-main_energy_active_import_decade-2017-2026.csv"
        );
        assert_eq!(file_name(&["a\"b\r\n/../c"]), "a-b------c.csv");
    }

    #[test]
    fn long_bad_values_are_cut_and_control_characters_escaped() {
        assert_eq!(shown("a\r\nb"), "\"a\\r\\nb\"");
        let long = "x".repeat(100);
        assert_eq!(
            shown(&long),
            format!("\"{}\"…", "x".repeat(MAX_SHOWN_CHARS))
        );
    }
}
