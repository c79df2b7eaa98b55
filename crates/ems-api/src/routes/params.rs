//! Query and path parameters: how their text is read, and how the OpenAPI document describes
//! them. Shared by the history, the event log, the audit log, the live values and the system
//! routes.
//!
//! - Parameters arrive as text and are parsed here, so that every bad value gets a 422
//!   `invalid` naming the parameter and what is allowed.
//! - Dates and times are read exactly as documented, by the store's calendar: a date is
//!   `YYYY-MM-DD`, a time is RFC 3339 with seconds and an offset.
//! - Each parameter's schema is built from the same rules and lists the parsers use (see
//!   [`param_schema!`]). The schemas only describe; the parsers decide, so that errors stay ours.

use crate::problem::{ApiResult, ErrorCode, FieldParams, FieldRule, Problem};
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use ems_model::DeviceId;
use ems_model::site::{Format, SiteConfig, ValueKind};
use ems_store::calendar::{Calendar, DATE_LEN, InvalidInstant, parse_date, parse_time};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AnyOfBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};

/// The longest part of a bad value repeated in an error, in characters.
const MAX_SHOWN_CHARS: usize = 64;
/// The local dates that times and periods may fall on: RFC 3339 writes years 0000 to 9999
/// only, and these leave room for the ten years before a decade and for any time zone's
/// offset.
pub(crate) const DATES: std::ops::RangeInclusive<Date> =
    Date::constant(1000, 1, 1)..=Date::constant(8999, 12, 31);

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

/// One of a fixed set, by its name; `invalid` listing the names otherwise.
pub(crate) fn one_of<T: Copy>(
    param: &str,
    value: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> ApiResult<T> {
    all.iter()
        .copied()
        .find(|&t| name(t) == value)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|&t| name(t)).collect();
            Problem::invalid_field(
                param,
                FieldRule::NotAllowed,
                FieldParams::allowed(names.iter().copied()),
                format!("{} is not one of {}", shown(value), names.join(", ")),
            )
        })
}

/// `invalid` for a parameter that must be given.
pub(crate) fn required(param: &str) -> Problem {
    Problem::invalid_field(
        param,
        FieldRule::Required,
        FieldParams::default(),
        "is required",
    )
}

/// A device id (its form; whether it exists is the store's answer).
pub(crate) fn device_param(param: &str, value: &str) -> ApiResult<DeviceId> {
    DeviceId::new(value).map_err(|_| {
        Problem::invalid_field(
            param,
            FieldRule::Pattern,
            FieldParams::format(Format::Id.name()),
            format!(
                "{} is not a device id: 1-64 lowercase letters, digits, '_' or '-', starting \
                 with a letter",
                shown(value)
            ),
        )
    })
}

/// Refuses a date, or a time, written on a date outside [`DATES`] (`value` was read as one or
/// the other: it begins with a date).
fn check_in_history(param: &str, value: &str) -> ApiResult<()> {
    match value.get(..DATE_LEN).and_then(parse_date) {
        Some(date) if DATES.contains(&date) => Ok(()),
        _ => Err(Problem::invalid_field(
            param,
            FieldRule::OutOfRange,
            FieldParams::range(DATES.start().to_string(), DATES.end().to_string()),
            format!(
                "{} is out of range: the history covers {} to {}",
                shown(value),
                DATES.start(),
                DATES.end()
            ),
        )),
    }
}

/// A date, `YYYY-MM-DD`, within [`DATES`].
pub(crate) fn date_param(param: &str, value: &str) -> ApiResult<Date> {
    let date = parse_date(value).ok_or_else(|| {
        Problem::invalid_field(
            param,
            FieldRule::Pattern,
            FieldParams::format("date"),
            format!("{} is not a date: use YYYY-MM-DD", shown(value)),
        )
    })?;
    check_in_history(param, value)?;
    Ok(date)
}

/// An RFC 3339 time, or a local date of the site meaning its midnight, on a date within
/// [`DATES`].
pub(crate) fn instant_param(calendar: &Calendar, param: &str, value: &str) -> ApiResult<Timestamp> {
    let instant = calendar.instant(value).map_err(|_| {
        let cut = clipped(value).unwrap_or_else(|| value.to_owned());
        Problem::invalid_field(
            param,
            FieldRule::Pattern,
            FieldParams::format("instant"),
            InvalidInstant(cut).to_string(),
        )
    })?;
    check_in_history(param, value)?;
    Ok(instant)
}

/// An RFC 3339 time, on a date within [`DATES`].
pub(crate) fn time_param(param: &str, value: &str) -> ApiResult<Timestamp> {
    let time = parse_time(value).ok_or_else(|| {
        Problem::invalid_field(
            param,
            FieldRule::Pattern,
            FieldParams::format("time"),
            format!(
                "{} is not an RFC 3339 time with an offset (2026-11-21T10:00:00+01:00)",
                shown(value)
            ),
        )
    })?;
    check_in_history(param, value)?;
    Ok(time)
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
                FieldRule::OutOfRange,
                FieldParams::range(*range.start(), *range.end()),
                format!(
                    "{} is not a whole number from {} to {}",
                    shown(value),
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// The paging of a log read newest first: the entries with an id below `before` (the last of
/// the previous page), at most `limit` of them (1 to `max`, `default` when absent).
pub(crate) fn page_params(
    before: Option<&str>,
    limit: Option<&str>,
    max: u32,
    default: u32,
) -> ApiResult<(Option<i64>, u32)> {
    let before = before
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                Problem::invalid_field(
                    "before",
                    FieldRule::Type,
                    FieldParams::types(Some(ValueKind::Integer.name()), ValueKind::String.name()),
                    format!("{} is not an id", shown(v)),
                )
            })
        })
        .transpose()?;
    let limit = match limit {
        Some(v) => number_param("limit", v, 1..=max)?,
        None => default,
    };
    Ok((before, limit))
}

/// The site's calendar: its time zone (UTC if it names none, which validation refuses).
pub(crate) fn site_calendar(site: &SiteConfig) -> Calendar {
    Calendar::new(site.site.resolve_time_zone().unwrap_or(TimeZone::UTC))
}

// ---------------------------------------------------------------------------------------------
// Schemas: what the parsers above accept, for the OpenAPI document.

/// Defines a type that stands for a parameter's schema, built at run time from the lists the
/// parsers use, for `#[param(value_type = Option<Type>, inline)]`.
macro_rules! param_schema {
    ($($(#[$doc:meta])* $name:ident = $schema:expr;)+) => {$(
        $(#[$doc])*
        pub(crate) struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $schema
            }
        }

        impl utoipa::ToSchema for $name {}
    )+};
}
pub(crate) use param_schema;

/// The pattern of an id (`ems_model::sample::is_valid_id`): a lowercase letter, then up to 63
/// lowercase letters, digits, `_` or `-`.
pub(crate) const ID_PATTERN: &str = "[a-z][a-z0-9_-]{0,63}";
/// The pattern of a date of the history ([`DATES`]).
const HISTORY_DATE_PATTERN: &str = "[1-8][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
/// The pattern of what follows the date in an RFC 3339 time, as [`parse_time`] reads it.
const TIME_OF_DAY_PATTERN: &str = "[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)\
                                   (\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";
/// The white space that `str::trim` removes around the items of a list.
const TRIMMED_PATTERN: &str =
    "[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*";

/// A string schema that allows these names only.
pub(crate) fn names_schema(names: impl IntoIterator<Item = &'static str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(names))
        .into()
}

/// A string schema for texts that match `pattern` whole, and `format` when given.
pub(crate) fn pattern_schema(pattern: &str, format: Option<KnownFormat>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(format.map(SchemaFormat::KnownFormat))
        .pattern(Some(format!("^(?:{pattern})$")))
        .into()
}

/// The pattern of a list of `item`s separated by commas, with white space around each.
pub(crate) fn list_pattern(item: &str) -> String {
    let item = format!("{TRIMMED_PATTERN}(?:{item}){TRIMMED_PATTERN}");
    format!("{item}(?:,{item})*")
}

/// A date of the history, `YYYY-MM-DD`.
fn date_schema() -> RefOr<Schema> {
    pattern_schema(HISTORY_DATE_PATTERN, Some(KnownFormat::Date))
}

/// An RFC 3339 time on a date of the history.
fn time_schema() -> RefOr<Schema> {
    pattern_schema(
        &format!("{HISTORY_DATE_PATTERN}{TIME_OF_DAY_PATTERN}"),
        Some(KnownFormat::DateTime),
    )
}

param_schema! {
    /// A device id.
    DeviceIdText = pattern_schema(ID_PATTERN, None);
    /// Device ids separated by commas.
    DeviceListText = pattern_schema(&list_pattern(ID_PATTERN), None);
    /// A date of the history.
    DateText = date_schema();
    /// An RFC 3339 time on a date of the history.
    TimeText = time_schema();
    /// An RFC 3339 time or a date, of the history.
    InstantText = AnyOfBuilder::new().item(date_schema()).item(time_schema()).into();
}

#[cfg(test)]
mod tests {
    use super::*;

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
