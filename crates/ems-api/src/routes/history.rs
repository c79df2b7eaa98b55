//! Consumption history: histograms, partials, comparisons, time series and the raw interval
//! records, as JSON or as CSV downloads ("CSV download of what is shown", the data download),
//! and the scopes they can be asked of.
//!
//! Design decisions:
//! - Parameters are read and described by `params` (errors name the parameter; dates and times
//!   only as documented). Rules that need no parsing (a counter where a counter is needed,
//!   sizes of ranges) are the store's queries' own checks.
//! - A download's file name is built only from parsed values (scope kinds and ids, point names,
//!   period labels, dates), then filtered once more to `[A-Za-z0-9_-]`: nothing a caller types
//!   reaches it, so it can carry neither a path nor a header.
//! - CSV files use the separators of the site's settings.

use crate::problem::{ApiResult, FieldError, FieldParams, FieldRule, Problem};
use crate::routes::params::{
    DeviceIdText, ID_PATTERN, InstantText, date_param, device_param, instant_param, names_schema,
    number_param, one_of, param_schema, pattern_schema, query_params, required, shown,
    site_calendar,
};
use crate::state::ApiState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ems_model::site::{Device, OTHERS_LOAD_ID, SiteConfig};
use ems_model::{DeviceId, Point};
use ems_profile::load::Library;
use ems_profile::schema::DeviceKind;
use ems_store::calendar::{Calendar, Period, PeriodKind};
use ems_store::csv::{self, CsvOptions};
use ems_store::query::{
    CompareQuery, Comparison, Histogram, HistogramQuery, Intervals, IntervalsQuery,
    MAX_TIME_SERIES_POINTS, Partials, PartialsQuery, ScopedPoint, StoredPoints, TimeSeries,
    TimeSeriesQuery,
};
use ems_store::scope::{NamedScope, Scope, ScopeKind, SiteLayout, rolls_into_aggregates};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa_axum::router::OpenApiRouter;

/// The counter of histograms when none is asked for.
const DEFAULT_COUNTER: &str = "energy_active_import";
/// The most points of a time series when none is asked for.
const DEFAULT_SERIES_POINTS: u32 = 500;
/// The kinds of scope that partials split by.
const PARTS_KINDS: [ScopeKind; 3] = [ScopeKind::Load, ScopeKind::Group, ScopeKind::PanelBoard];

/// The names of the points that `keep` keeps.
fn point_names(keep: fn(Point) -> bool) -> RefOr<Schema> {
    names_schema(Point::all().filter(|&p| keep(p)).map(Point::name))
}

/// A scope (`param`): the site when absent.
pub(super) fn scope_param(param: &str, value: Option<&str>) -> ApiResult<Scope> {
    let Some(value) = value else {
        return Ok(Scope::site());
    };
    value.parse::<Scope>().map_err(|_| {
        Problem::invalid_field(
            param,
            FieldRule::Pattern,
            FieldParams::format("scope"),
            format!(
                "{} is not a scope: use site, device:<id>, load:<id>, group:<id> or \
                 panel_board:<id> (ids: lowercase letters, digits, '_' or '-')",
                shown(value)
            ),
        )
    })
}

/// A point (`param`), with the closest name when it is none.
pub(super) fn point_param(param: &str, value: &str) -> ApiResult<Point> {
    value.parse::<Point>().map_err(|e| {
        Problem::invalid_fields(vec![
            FieldError::new(
                param,
                FieldRule::UnknownReference,
                FieldParams::reference("point", value),
                format!("{} is not a point", shown(value)),
            )
            .suggesting(e.suggestion),
        ])
    })
}

/// `period` and `date`: the period of that kind (a day by default) containing the date (today
/// in the site's time zone by default).
fn period_param(
    calendar: &Calendar,
    now: Timestamp,
    period: Option<&str>,
    date: Option<&str>,
) -> ApiResult<Period> {
    let kind = match period {
        None => PeriodKind::Day,
        Some(value) => one_of("period", value, PeriodKind::ALL, PeriodKind::as_str)?,
    };
    let date = match date {
        None => calendar.date(now),
        Some(value) => date_param("date", value)?,
    };
    Ok(Period::containing(kind, date))
}

/// How an answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

impl Format {
    /// Every format.
    const ALL: &[Format] = &[Format::Json, Format::Csv];

    /// Its name in the `format` parameter.
    fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parameter schemas: what the parsers above accept, for the OpenAPI document.

param_schema! {
    /// A scope: `site`, or a kind and an id.
    ScopeText = {
        let kinds: Vec<&str> = ScopeKind::ALL
            .iter()
            .filter(|&&k| k != ScopeKind::Site)
            .map(|k| k.as_str())
            .collect();
        pattern_schema(&format!("site|(?:{}):{ID_PATTERN}", kinds.join("|")), None)
    };
    /// A counter.
    CounterName = point_names(Point::is_counter);
    /// A counter summed into loads, groups and panel boards.
    AggregatedCounterName = point_names(rolls_into_aggregates);
    /// A momentary quantity.
    MomentaryName = point_names(|p| !p.is_counter());
    /// A kind of period.
    PeriodName = names_schema(PeriodKind::ALL.iter().map(|k| k.as_str()));
    /// A kind of scope that partials split by.
    PartsKindName = names_schema(PARTS_KINDS.iter().map(|k| k.as_str()));
    /// The format of an answer.
    FormatName = names_schema(Format::ALL.iter().map(|f| f.name()));
}

// ---------------------------------------------------------------------------------------------
// Answers and downloads.

/// A download's file name: the parts joined by `_`, every character outside `[A-Za-z0-9_-]`
/// replaced by `-`, and `.csv`.
pub(super) fn file_name(parts: &[&str]) -> String {
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
pub(super) fn scope_part(scope: &Scope) -> String {
    match scope.kind {
        ScopeKind::Site => "site".to_owned(),
        kind => format!("{kind}-{}", scope.key),
    }
}

/// A period as a file name shows it: `day-2026-11-21`, `decade-2017-2026`.
pub(super) fn period_part(period: Period) -> String {
    format!("{}-{}", period.kind, period.label())
}

/// A range as a file name shows it: its local dates, `2026-11-01-2026-11-08`.
fn range_part(calendar: &Calendar, from: Timestamp, to: Timestamp) -> String {
    format!("{}-{}", calendar.date(from), calendar.date(to))
}

/// How to answer: in JSON, or as a CSV download with the site's separators.
pub(super) struct Answer {
    format: Format,
    csv_options: CsvOptions,
}

impl Answer {
    fn new(site: &SiteConfig, format: Option<&str>) -> ApiResult<Answer> {
        Ok(Answer {
            format: match format {
                None => Format::Json,
                Some(value) => one_of("format", value, Format::ALL, Format::name)?,
            },
            csv_options: CsvOptions::of(&site.site),
        })
    }

    /// `value` as JSON, or the download that `csv` writes of it: its file name (see
    /// [`file_name`]) and its text.
    pub(super) fn send<T: Serialize>(
        &self,
        value: T,
        csv: impl FnOnce(&T, CsvOptions) -> (String, String),
    ) -> Response {
        match self.format {
            Format::Json => Json(value).into_response(),
            Format::Csv => {
                let (name, body) = csv(&value, self.csv_options);
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
        }
    }
}

/// A question about a period: the period, and how to answer.
pub(super) struct PeriodRequest {
    /// The period asked of.
    pub(super) period: Period,
    /// How to answer.
    pub(super) answer: Answer,
}

impl PeriodRequest {
    pub(super) fn new(
        state: &ApiState,
        period: Option<&str>,
        date: Option<&str>,
        format: Option<&str>,
    ) -> ApiResult<PeriodRequest> {
        let site = state.site.site();
        let calendar = site_calendar(&site);
        Ok(PeriodRequest {
            period: period_param(&calendar, state.clock.now(), period, date)?,
            answer: Answer::new(&site, format)?,
        })
    }
}

/// A question about a device over a range: the device, the range, the site's calendar, and
/// how to answer.
struct RangeRequest {
    device: DeviceId,
    from: Timestamp,
    to: Timestamp,
    calendar: Calendar,
    answer: Answer,
}

impl RangeRequest {
    /// Reads the format, then the required `device`, `from` and `to`.
    fn new(
        state: &ApiState,
        device: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        format: Option<&str>,
    ) -> ApiResult<RangeRequest> {
        let site = state.site.site();
        let answer = Answer::new(&site, format)?;
        let calendar = site_calendar(&site);
        Ok(RangeRequest {
            device: device_param("device", device.ok_or_else(|| required("device"))?)?,
            from: instant_param(&calendar, "from", from.ok_or_else(|| required("from"))?)?,
            to: instant_param(&calendar, "to", to.ok_or_else(|| required("to"))?)?,
            calendar,
            answer,
        })
    }

    /// The range as a file name shows it.
    fn range_part(&self, from: Timestamp, to: Timestamp) -> String {
        range_part(&self.calendar, from, to)
    }
}

// ---------------------------------------------------------------------------------------------
// Parameters of the questions.

/// Declares the query parameters of a history question: its own fields and those of its kind of
/// question, about a `period` (`period`, `date`) or a device's `range` (`device`, `from`, `to`),
/// then `format`; and `request()`, which reads the latter. The cost routes (`costs.rs`) declare
/// theirs with it too.
macro_rules! history_params {
    ($(#[$doc:meta])* period $name:ident { $($own:tt)* }) => {
        history_params! {
            $(#[$doc])* $name {
                $($own)*
                /// `day` (by hour; the default), `month` (by day), `year` (by month) or
                /// `decade` (the ten years ending with the date's year, by year).
                #[param(
                    value_type = Option<crate::routes::history::PeriodName>, inline,
                    example = "month"
                )]
                period: Option<String>,
                /// Any local date in the period, `YYYY-MM-DD`, from 1000-01-01 to 8999-12-31
                /// (today in the site's time zone by default).
                #[param(
                    value_type = Option<crate::routes::params::DateText>, inline,
                    example = "2026-06-01"
                )]
                date: Option<String>,
            }
        }

        impl $name {
            fn request(
                &self,
                state: &crate::state::ApiState,
            ) -> crate::problem::ApiResult<crate::routes::history::PeriodRequest> {
                crate::routes::history::PeriodRequest::new(
                    state,
                    self.period.as_deref(),
                    self.date.as_deref(),
                    self.format.as_deref(),
                )
            }
        }
    };
    ($(#[$doc:meta])* range $name:ident { $($own:tt)* }) => {
        history_params! {
            $(#[$doc])* $name {
                /// The device id.
                #[param(value_type = Option<DeviceIdText>, inline, required = true, example = "main")]
                device: Option<String>,
                /// Start: an RFC 3339 time, or a local date (its midnight in the site's time
                /// zone), on a date from 1000-01-01 to 8999-12-31.
                #[param(value_type = Option<InstantText>, inline, required = true, example = "2026-06-01")]
                from: Option<String>,
                /// End (exclusive): an RFC 3339 time or a local date.
                #[param(
                    value_type = Option<InstantText>, inline, required = true,
                    example = "2026-06-02T00:00:00+02:00"
                )]
                to: Option<String>,
                $($own)*
            }
        }

        impl $name {
            fn request(&self, state: &ApiState) -> ApiResult<RangeRequest> {
                RangeRequest::new(
                    state,
                    self.device.as_deref(),
                    self.from.as_deref(),
                    self.to.as_deref(),
                    self.format.as_deref(),
                )
            }
        }
    };
    ($(#[$doc:meta])* $name:ident { $($fields:tt)* }) => {
        $(#[$doc])*
        #[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
        #[into_params(parameter_in = Query)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($fields)*
            /// `json` (the default) or `csv` (a download, with the site's separators).
            #[param(
                value_type = Option<crate::routes::history::FormatName>, inline,
                example = "json"
            )]
            format: Option<String>,
        }
    };
}

pub(super) use history_params;

// ---------------------------------------------------------------------------------------------
// Histograms.

history_params! {
    /// A histogram's parameters.
    period HistogramParams {
        /// `site` (the default), `device:<id>`, `load:<id>`, `group:<id>` or
        /// `panel_board:<id>`.
        #[param(value_type = Option<ScopeText>, inline, example = "device:main")]
        scope: Option<String>,
        /// The counter: `energy_active_import` (the default), `energy_active_export`,
        /// `gas_volume`, … (run times of devices only).
        #[param(value_type = Option<CounterName>, inline, example = "energy_active_import")]
        point: Option<String>,
    }
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
    let request = params.request(&state)?;
    let query = HistogramQuery {
        scope: scope_param("scope", params.scope.as_deref())?,
        point: point_param("point", params.point.as_deref().unwrap_or(DEFAULT_COUNTER))?,
        period: request.period,
    };
    let histogram = state.blocking(move |s| s.readers.histogram(&query)).await?;
    Ok(request.answer.send(histogram, |h, options| {
        let name = file_name(&[
            "histogram",
            &scope_part(&h.scope),
            h.point.name(),
            &period_part(request.period),
        ]);
        (name, csv::histogram_csv(h, &options))
    }))
}

history_params! {
    /// The parameters of partials.
    period PartialsParams {
        /// Split by `load` (the default), `group` or `panel_board`.
        #[param(value_type = Option<PartsKindName>, inline, example = "load")]
        by: Option<String>,
        /// The counter: `energy_active_import` (the default), `gas_volume`, … (not run
        /// times).
        #[param(value_type = Option<AggregatedCounterName>, inline, example = "energy_active_import")]
        point: Option<String>,
    }
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
    let request = params.request(&state)?;
    let query = PartialsQuery {
        kind: match params.by.as_deref() {
            None => ScopeKind::Load,
            Some(value) => one_of("by", value, &PARTS_KINDS, ScopeKind::as_str)?,
        },
        point: point_param("point", params.point.as_deref().unwrap_or(DEFAULT_COUNTER))?,
        period: request.period,
    };
    let partials = state.blocking(move |s| s.readers.partials(&query)).await?;
    Ok(request.answer.send(partials, |p, options| {
        let name = file_name(&[
            "partials",
            p.kind.as_str(),
            p.point.name(),
            &period_part(request.period),
        ]);
        (name, csv::partials_csv(p, &options))
    }))
}

history_params! {
    /// The parameters of a comparison.
    period CompareParams {
        /// The first scope: `site`, `device:<id>`, `load:<id>`, `group:<id>` or
        /// `panel_board:<id>`.
        #[param(value_type = Option<ScopeText>, inline, required = true, example = "device:main")]
        first: Option<String>,
        /// The second scope.
        #[param(value_type = Option<ScopeText>, inline, required = true, example = "device:heat")]
        second: Option<String>,
        /// The first scope's counter (`energy_active_import` by default).
        #[param(value_type = Option<CounterName>, inline, example = "energy_active_import")]
        point: Option<String>,
        /// The second scope's counter (the first one's by default); of the same dimension.
        #[param(value_type = Option<CounterName>, inline, example = "energy_active_import")]
        second_point: Option<String>,
    }
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
    let request = params.request(&state)?;
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
    Ok(request.answer.send(comparison, |c, options| {
        let name = file_name(&[
            "compare",
            &scope_part(&c.first.scope),
            c.first.point.name(),
            &scope_part(&c.second.scope),
            c.second.point.name(),
            &period_part(request.period),
        ]);
        (name, csv::comparison_csv(c, &options))
    }))
}

// ---------------------------------------------------------------------------------------------
// Time series and interval records.

history_params! {
    /// The parameters of a time series.
    range SeriesParams {
        /// The momentary quantity: `active_power`, `voltage_l1`, …
        #[param(value_type = Option<MomentaryName>, inline, required = true, example = "active_power")]
        point: Option<String>,
        /// At most this many points (500 by default).
        #[param(value_type = Option<u32>, minimum = 1, maximum = 100_000, example = 500)]
        max_points: Option<String>,
    }
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
    let request = params.request(&state)?;
    let query = TimeSeriesQuery {
        device: request.device.clone(),
        point: point_param(
            "point",
            params.point.as_deref().ok_or_else(|| required("point"))?,
        )?,
        from: request.from,
        to: request.to,
        max_points: match params.max_points.as_deref() {
            Some(value) => number_param("max_points", value, 1..=MAX_TIME_SERIES_POINTS)?,
            None => DEFAULT_SERIES_POINTS,
        },
    };
    let series = state
        .blocking(move |s| s.readers.time_series(&query))
        .await?;
    Ok(request.answer.send(series, |s, options| {
        let name = file_name(&[
            "series",
            s.device.as_str(),
            s.point.name(),
            &request.range_part(s.from, s.to),
        ]);
        (name, csv::time_series_csv(s, &options))
    }))
}

history_params! {
    /// The parameters of the data download.
    range IntervalsParams {}
}

/// The stored interval records of a device (the data download) over at most 400 days: every
/// counter's boundary value and amount, every momentary quantity's mean, minimum and maximum.
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
    let request = params.request(&state)?;
    let query = IntervalsQuery {
        device: request.device.clone(),
        from: request.from,
        to: request.to,
    };
    let intervals = state.blocking(move |s| s.readers.intervals(&query)).await?;
    Ok(request.answer.send(intervals, |i, options| {
        let name = file_name(&[
            "intervals",
            i.device.as_str(),
            &request.range_part(i.from, i.to),
        ]);
        (name, csv::intervals_csv(i, &options))
    }))
}

/// What a scope measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// Electrical energy and quantities.
    Electricity,
    /// Gas.
    Gas,
    /// Water.
    Water,
    /// More than one of them (an aggregate over gas and electricity meters, say).
    Mixed,
}

impl Medium {
    /// What a point measures: gas or water volume, or else an electrical quantity.
    fn of_point(point: Point) -> Medium {
        match point.name() {
            "gas_volume" => Medium::Gas,
            "water_volume" => Medium::Water,
            _ => Medium::Electricity,
        }
    }

    /// What a configured device measures, as its profile's kind says (the generic Modbus
    /// meter and the internal meter measure electrical energy).
    fn of_device(library: &Library, device: &Device) -> Medium {
        match library.get(&device.profile).map(|p| p.kind) {
            Some(DeviceKind::GasMeter) => Medium::Gas,
            Some(DeviceKind::WaterMeter) => Medium::Water,
            Some(DeviceKind::ElectricityMeter) | None => Medium::Electricity,
        }
    }

    /// The one medium of them all, `Mixed` when they differ, `None` when there are none.
    fn common(media: impl IntoIterator<Item = Medium>) -> Option<Medium> {
        media
            .into_iter()
            .reduce(|a, b| if a == b { a } else { Medium::Mixed })
    }
}

/// Where a device of the configuration is.
#[derive(Debug, Serialize, ToSchema)]
pub struct DevicePlace {
    /// The id of the load it measures; `null` for "Others" (scope `load:others`).
    pub load: Option<String>,
    /// The ids of its measure groups.
    pub groups: Vec<String>,
    /// The id of its panel board: its own, or else its gateway's; `null` when none.
    pub panel_board: Option<String>,
    /// The id of the gateway it is reached through.
    pub gateway: String,
}

/// A scope history can be asked of: what it is, what it measures, and which points have
/// stored history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScopeView {
    /// The scope, as the history routes take it (`site`, `device:main`, `load:others`).
    #[schema(value_type = String)]
    pub scope: Scope,
    /// Its display name (as last configured, for a scope no longer configured).
    pub name: String,
    /// Its kind.
    pub kind: ScopeKind,
    /// What it measures: a device's profile kind; for a load, group, panel board or the site,
    /// what its devices now measure, `mixed` when they differ. A scope without configured
    /// devices (no longer configured, or empty) tells it by the points it has history of;
    /// `null` when it has none.
    pub medium: Option<Medium>,
    /// The counters with stored history, for histograms: those the device recorded, or those
    /// summed into the load, group, panel board or site from the devices that were in it.
    #[schema(value_type = Vec<CounterName>)]
    pub counters: Vec<Point>,
    /// The momentary quantities with stored history, for time series: those of a device's
    /// latest interval record and latest finished day; none for aggregates.
    #[schema(value_type = Vec<MomentaryName>)]
    pub quantities: Vec<Point>,
    /// True while the scope is in the configuration (the site and the loads' "Others" always
    /// are); the history of former devices, loads, groups and panel boards stays readable.
    pub active: bool,
    /// For a device of the configuration: its load, groups, panel board and gateway; `null`
    /// for other scopes.
    pub device: Option<DevicePlace>,
}

/// What the configuration in force says of the scopes.
struct Configured<'a> {
    site: &'a SiteConfig,
    library: &'a Library,
    /// The devices now in each aggregate scope.
    members: HashMap<Scope, Vec<&'a Device>>,
}

impl<'a> Configured<'a> {
    fn new(site: &'a SiteConfig, library: &'a Library) -> Configured<'a> {
        let mut members: HashMap<Scope, Vec<&Device>> = HashMap::new();
        for (id, aggregates) in SiteLayout::of(site).memberships {
            let Some(device) = site.device(&id) else {
                continue;
            };
            for aggregate in aggregates {
                members.entry(aggregate).or_default().push(device);
            }
        }
        Configured {
            site,
            library,
            members,
        }
    }

    fn is_active(&self, scope: &Scope) -> bool {
        let key = scope.key.as_str();
        match scope.kind {
            ScopeKind::Site => true,
            ScopeKind::Device => self.site.device(key).is_some(),
            ScopeKind::Load => key == OTHERS_LOAD_ID || self.site.load(key).is_some(),
            ScopeKind::Group => self.site.group(key).is_some(),
            ScopeKind::PanelBoard => self.site.panel_board(key).is_some(),
        }
    }

    fn view(&self, named: NamedScope, stored: StoredPoints) -> ScopeView {
        let scope = named.scope;
        let device = match scope.kind {
            ScopeKind::Device => self.site.device(&scope.key),
            _ => None,
        };
        let configured = match device {
            Some(device) => Some(Medium::of_device(self.library, device)),
            None => Medium::common(
                self.members
                    .get(&scope)
                    .into_iter()
                    .flatten()
                    .map(|d| Medium::of_device(self.library, d)),
            ),
        };
        let medium = configured.or_else(|| {
            Medium::common(
                stored
                    .counters
                    .iter()
                    .chain(&stored.quantities)
                    .map(|&p| Medium::of_point(p)),
            )
        });
        let place = device.map(|d| DevicePlace {
            load: d.load.clone(),
            groups: d.groups.clone(),
            panel_board: self.site.panel_board_of(d).map(str::to_owned),
            // A configuration in force always has the device's link.
            gateway: self.site.gateway_of(d).unwrap_or_default().to_owned(),
        });
        ScopeView {
            active: self.is_active(&scope),
            kind: scope.kind,
            scope,
            name: named.name,
            medium,
            counters: stored.counters,
            quantities: stored.quantities,
            device: place,
        }
    }
}

/// Every scope history can be asked of (the site, devices, loads with the implicit "Others",
/// groups, panel boards, those no longer configured included), with its display name, what it
/// measures, the points it has history of, and where a device is.
#[utoipa::path(get, path = "/history/scopes", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    responses(
        (status = 200, description = "The scopes, by kind and id", body = Vec<ScopeView>),
    ))]
pub async fn scopes(State(state): State<ApiState>) -> ApiResult<Json<Vec<ScopeView>>> {
    let (named, mut stored) = state
        .blocking(|s| Ok((s.readers.scopes()?, s.readers.stored_points()?)))
        .await?;
    let site = state.site.site();
    let configured = Configured::new(&site, &state.library);
    let views = named
        .into_iter()
        .map(|n| {
            let points = stored.remove(&n.scope).unwrap_or_default();
            configured.view(n, points)
        })
        .collect();
    Ok(Json(views))
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
    fn a_scope_measures_one_medium_or_a_mix_and_gas_and_water_are_told_by_their_volumes() {
        let point = |name| Point::from_name(name).unwrap();
        assert_eq!(Medium::of_point(point("gas_volume")), Medium::Gas);
        assert_eq!(Medium::of_point(point("water_volume")), Medium::Water);
        assert_eq!(Medium::of_point(point("run_time")), Medium::Electricity);
        assert_eq!(Medium::common([]), None);
        assert_eq!(
            Medium::common([Medium::Gas, Medium::Gas]),
            Some(Medium::Gas)
        );
        assert_eq!(
            Medium::common([Medium::Gas, Medium::Electricity, Medium::Gas]),
            Some(Medium::Mixed)
        );
        let library = Library::builtin().unwrap();
        let mut device = Device::new("Gas", "schneider.iem3255_input_metering", "bus", 1);
        assert_eq!(Medium::of_device(&library, &device), Medium::Gas);
        device.profile = ems_model::site::GENERIC_MODBUS_METER.to_owned();
        assert_eq!(Medium::of_device(&library, &device), Medium::Electricity);
    }

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

    /// The schema of a parameter as the document shows it.
    fn schema_json<T: utoipa::PartialSchema>() -> serde_json::Value {
        serde_json::to_value(T::schema()).unwrap()
    }

    #[test]
    fn parameter_schemas_list_what_the_parsers_accept() {
        assert_eq!(
            schema_json::<PeriodName>()["enum"],
            serde_json::json!(["day", "month", "year", "decade"])
        );
        assert_eq!(
            schema_json::<PartsKindName>()["enum"],
            serde_json::json!(["load", "group", "panel_board"])
        );
        assert_eq!(
            schema_json::<FormatName>()["enum"],
            serde_json::json!(["json", "csv"])
        );
        let names = |schema: serde_json::Value| -> Vec<String> {
            serde_json::from_value(schema["enum"].clone()).unwrap()
        };
        let counters = names(schema_json::<CounterName>());
        let aggregated = names(schema_json::<AggregatedCounterName>());
        let momentary = names(schema_json::<MomentaryName>());
        assert_eq!(counters.len() + momentary.len(), Point::all().count());
        assert!(counters.contains(&"run_time".to_owned()));
        assert!(!aggregated.contains(&"run_time".to_owned()));
        assert!(aggregated.contains(&"gas_volume".to_owned()));
        assert!(momentary.contains(&"voltage_l1".to_owned()));
        assert_eq!(
            schema_json::<ScopeText>()["pattern"],
            "^(?:site|(?:device|load|group|panel_board):[a-z][a-z0-9_-]{0,63})$"
        );
    }
}
