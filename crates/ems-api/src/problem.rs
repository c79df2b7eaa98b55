//! Errors as `application/problem+json` (RFC 9457), each with a stable machine-readable `code`.
//!
//! The `code` is the contract: clients match on it, never on `title` or `detail`, which are for
//! people and may change. Every code is listed in [`ErrorCode`], and documented in the OpenAPI
//! document through [`Problem`]'s schema.

pub(crate) mod misfit;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ems_model::site::{ConfigError, ConfigRule, Limit};
use ems_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The stable code of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No valid session or token came with the request.
    Unauthenticated,
    /// The session is locked: only unlocking (with the password) or logging out is possible.
    SessionLocked,
    /// The name or password is wrong (the same answer for an unknown name).
    InvalidCredentials,
    /// Too many failed attempts from this client or for this account: retry after the time in
    /// the `Retry-After` header.
    TooManyAttempts,
    /// The user's role or pages do not allow this.
    Forbidden,
    /// A cross-site request, or an unsafe request without the session's CSRF token.
    CsrfRejected,
    /// An API token cannot do this (changing credentials needs a session).
    TokenNotAllowed,
    /// Nothing with this id exists.
    NotFound,
    /// The request is malformed (unreadable JSON, unknown field, wrong type); for a JSON body
    /// of the wrong shape, `errors` names the member that does not fit.
    BadRequest,
    /// The request is well-formed but its values break a rule; `errors` lists each.
    Invalid,
    /// The change conflicts with what is stored (a duplicate name, a gateway with devices…).
    Conflict,
    /// The entity was changed by someone else since the client read it: its `If-Match` header
    /// names a tag the entity no longer has, and nothing was changed. Read it again.
    Changed,
    /// The password breaks the password rules.
    WeakPassword,
    /// The setup code is wrong or expired, or setup is already done.
    SetupRefused,
    /// The request body is larger than allowed.
    PayloadTooLarge,
    /// The request took too long.
    Timeout,
    /// A device or gateway did not answer (or answered an error) during a test.
    DeviceUnreachable,
    /// The store cannot be written now; retry later.
    Unavailable,
    /// Something failed on the server; the log has the details.
    Internal,
}

impl ErrorCode {
    /// The HTTP status of the code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::Unauthenticated
            | ErrorCode::SessionLocked
            | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Forbidden | ErrorCode::CsrfRejected | ErrorCode::TokenNotAllowed => {
                StatusCode::FORBIDDEN
            }
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Invalid | ErrorCode::WeakPassword | ErrorCode::SetupRefused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Changed => StatusCode::PRECONDITION_FAILED,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::DeviceUnreachable => StatusCode::BAD_GATEWAY,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short, fixed title for people.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "Authentication required",
            ErrorCode::SessionLocked => "Session locked",
            ErrorCode::InvalidCredentials => "Wrong name or password",
            ErrorCode::TooManyAttempts => "Too many attempts",
            ErrorCode::Forbidden => "Not allowed",
            ErrorCode::CsrfRejected => "Cross-site request refused",
            ErrorCode::TokenNotAllowed => "Not allowed with an API token",
            ErrorCode::NotFound => "Not found",
            ErrorCode::BadRequest => "Bad request",
            ErrorCode::Invalid => "Invalid values",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::Changed => "This was changed meanwhile",
            ErrorCode::WeakPassword => "Password refused",
            ErrorCode::SetupRefused => "Setup refused",
            ErrorCode::PayloadTooLarge => "Request too large",
            ErrorCode::Timeout => "Request timed out",
            ErrorCode::DeviceUnreachable => "Device did not answer",
            ErrorCode::Unavailable => "Temporarily unavailable",
            ErrorCode::Internal => "Internal error",
        }
    }
}

/// One broken rule of a request: where, which rule, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The path of the value (`devices.main.unit_id`, `password`).
    pub path: String,
    /// The rule the value breaks: with `params`, what a client needs to say so in the user's
    /// language.
    pub rule: FieldRule,
    /// The rule's parameters (see each rule); empty for a rule without any.
    pub params: FieldParams,
    /// What is wrong with it, in English.
    pub message: String,
    /// A value that would be accepted, when one is likely meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl FieldError {
    /// The value at `path` breaks `rule` (with `params`), as `message` says.
    pub fn new(
        path: impl Into<String>,
        rule: FieldRule,
        params: FieldParams,
        message: impl Into<String>,
    ) -> FieldError {
        FieldError {
            path: path.into(),
            rule,
            params,
            message: message.into(),
            suggestion: None,
        }
    }

    /// The same error with a suggestion (or none).
    pub fn suggesting(mut self, suggestion: Option<&str>) -> FieldError {
        self.suggestion = suggestion.map(str::to_owned);
        self
    }
}

/// The rule a refused value breaks. Each rule's parameters are in the error's `params`; a
/// client says the rule in its user's language from these two, and falls back on `message`
/// (English) for a rule it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldRule {
    /// A site file that is not valid TOML. Params: `line`, `column`.
    Syntax,
    /// A value that must be given is missing. No params.
    Required,
    /// The `[site]` section of a site file is missing. No params.
    MissingSection,
    /// A key that is not known there: a member of a JSON body, a key or a section of the site.
    /// No params (the suggestion names the closest known key).
    UnknownKey,
    /// A value of the wrong type. Params: `found` and, when known, `expected`, each one of
    /// `string`, `integer`, `number`, `float`, `boolean`, `date_time`, `array`, `table` (a JSON
    /// object) or `null`.
    Type,
    /// A value outside a fixed set. Params: `allowed`, the values allowed.
    NotAllowed,
    /// A value outside its bounds. Params: `max`, and `min` or `above` (the value must be
    /// greater than `above`); a bound that is absent does not apply. Bounds are numbers, or
    /// texts for dates (`1000-01-01`), times of day (`23:59`) and register addresses
    /// (`0xFFFF`).
    OutOfRange,
    /// A name, list or period that must not be empty. No params.
    Empty,
    /// A text that is too long. Params: `max`, the most characters.
    TooLong,
    /// A text that is too short. Params: `min`, the fewest characters.
    TooShort,
    /// A list with too many items. Params: `max`, the most items.
    TooMany,
    /// A text that is not of its form. Params: `format`: `id` (1-64 lowercase letters, digits,
    /// `_` or `-`, starting with a letter), `host`, `host_port`, `serial_port`, `socket_path`,
    /// `currency`, `register`, `time_of_day`, `date`, `decimal`, `colour`, `time` (RFC 3339),
    /// `instant` (a date or an RFC 3339 time), `scope` or `user_name`.
    Pattern,
    /// A reference to something that does not exist. Params: `kind` (`link`, `gateway`, `load`,
    /// `measure_group`, `panel_board`, `profile`, `unit`, `time_zone`, `point`, `tariff` or
    /// `device`) and `value`, the id or name given.
    UnknownReference,
    /// A value that must be unique and is used already (by another entity, or earlier in the
    /// same list). Params: `value`.
    Duplicate,
    /// A time that must come after another. Params: `other`, the path of the other.
    Order,
    /// A device's link of the wrong kind: an internal meter reads a waveform stream, and
    /// nothing else reads one (or scans one). Params: `kind`, the kind of the link given.
    LinkKind,
    /// A value that does not apply there (to the device's profile, or beside another key) and
    /// is to be left out. No params.
    NotApplicable,
    /// A value that cannot change. Params: `value`, the one it keeps.
    Fixed,
    /// A value that ems reserves for itself. Params: `value`.
    Reserved,
    /// Something that always exists: it can be disabled, not removed. No params.
    CannotRemove,
    /// A number that must be finite and other than 0. No params.
    NonZero,
    /// A password that is one of the most common passwords. No params.
    CommonPassword,
    /// A password that is the user's name or the product's name. No params.
    GuessablePassword,
    /// A value refused for a reason none of the other rules says (rare). Params: `reason`, in
    /// English.
    Invalid,
    /// A device named where a counter is needed that the device does not record (a demand
    /// charge's meter must count imported active energy). Params: `value`, the device's id, and
    /// `point`, the counter it lacks.
    NoCounter,
}

/// The parameters of a broken rule; which are given depends on the rule (see [`FieldRule`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldParams {
    /// `out_of_range`: the least value allowed. `too_short`: the fewest characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Bound>,
    /// `out_of_range`: the value must be greater than this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above: Option<Bound>,
    /// `out_of_range`: the greatest value allowed. `too_long`, `too_many`: the most characters
    /// or items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Bound>,
    /// `not_allowed`: the values allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// `type`: the type the value must have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// `type`: the type the value has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// `pattern`: the form the text must have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `unknown_reference`: what the value refers to. `link_kind`: the kind of the link given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `unknown_reference`, `duplicate`, `fixed`, `reserved`: the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `order`: the path of the value this one must come after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// `syntax`: the line of the error, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// `syntax`: the column of the error, in characters from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// `invalid`: why, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `no_counter`: the canonical name of the counter (`energy_active_import`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
}

impl FieldParams {
    /// `min` and `max` (`out_of_range`).
    pub fn range(min: impl Into<Bound>, max: impl Into<Bound>) -> FieldParams {
        FieldParams {
            min: Some(min.into()),
            max: Some(max.into()),
            ..FieldParams::default()
        }
    }

    /// `max` alone (`too_long`, `too_many`).
    pub fn max(max: usize) -> FieldParams {
        FieldParams {
            max: Some(Bound::count(max)),
            ..FieldParams::default()
        }
    }

    /// `allowed` (`not_allowed`).
    pub fn allowed<S: Into<String>>(allowed: impl IntoIterator<Item = S>) -> FieldParams {
        FieldParams {
            allowed: Some(allowed.into_iter().map(Into::into).collect()),
            ..FieldParams::default()
        }
    }

    /// `expected`, when known, and `found` (`type`).
    pub fn types(expected: Option<&str>, found: &str) -> FieldParams {
        FieldParams {
            expected: expected.map(str::to_owned),
            found: Some(found.to_owned()),
            ..FieldParams::default()
        }
    }

    /// `format` (`pattern`).
    pub fn format(format: &str) -> FieldParams {
        FieldParams {
            format: Some(format.to_owned()),
            ..FieldParams::default()
        }
    }

    /// `kind` and `value` (`unknown_reference`).
    pub fn reference(kind: &str, value: impl Into<String>) -> FieldParams {
        FieldParams {
            kind: Some(kind.to_owned()),
            value: Some(value.into()),
            ..FieldParams::default()
        }
    }

    /// `value` (`duplicate`, `fixed`, `reserved`).
    pub fn value(value: impl Into<String>) -> FieldParams {
        FieldParams {
            value: Some(value.into()),
            ..FieldParams::default()
        }
    }

    /// `reason` (`invalid`).
    pub fn reason(reason: impl Into<String>) -> FieldParams {
        FieldParams {
            reason: Some(reason.into()),
            ..FieldParams::default()
        }
    }
}

/// A bound or a count of a rule: a number, or a text where the value is one (a date, a time of
/// day, a register address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Bound {
    /// A whole number.
    Integer(i64),
    /// A text (`1000-01-01`, `23:59`, `0xFFFF`).
    Text(String),
}

impl Bound {
    /// A count of characters or items.
    pub fn count(count: usize) -> Bound {
        Bound::Integer(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

impl From<i64> for Bound {
    fn from(value: i64) -> Bound {
        Bound::Integer(value)
    }
}

impl From<u32> for Bound {
    fn from(value: u32) -> Bound {
        Bound::Integer(value.into())
    }
}

impl From<String> for Bound {
    fn from(value: String) -> Bound {
        Bound::Text(value)
    }
}

impl From<Limit> for Bound {
    fn from(limit: Limit) -> Bound {
        match limit {
            Limit::Integer(i) => Bound::Integer(i),
            Limit::Text(text) => Bound::Text(text),
        }
    }
}

impl From<ConfigError> for FieldError {
    /// An error of the site configuration, its rule as the API names it.
    fn from(error: ConfigError) -> FieldError {
        let (rule, params) = field_rule(error.rule);
        FieldError {
            path: error.path,
            rule,
            params,
            message: error.message,
            suggestion: error.suggestion,
        }
    }
}

/// A rule of the site configuration, as the API names it.
fn field_rule(rule: ConfigRule) -> (FieldRule, FieldParams) {
    let none = FieldParams::default();
    match rule {
        ConfigRule::Syntax { line, column } => (
            FieldRule::Syntax,
            FieldParams {
                line: u64::try_from(line).ok(),
                column: u64::try_from(column).ok(),
                ..none
            },
        ),
        ConfigRule::Required => (FieldRule::Required, none),
        ConfigRule::MissingSection => (FieldRule::MissingSection, none),
        ConfigRule::UnknownKey => (FieldRule::UnknownKey, none),
        ConfigRule::Type { expected, found } => (
            FieldRule::Type,
            FieldParams::types(Some(expected.name()), found.name()),
        ),
        ConfigRule::NotAllowed { allowed } => {
            (FieldRule::NotAllowed, FieldParams::allowed(allowed))
        }
        ConfigRule::OutOfRange { min, above, max } => (
            FieldRule::OutOfRange,
            FieldParams {
                min: min.map(Bound::from),
                above: above.map(Bound::from),
                max: max.map(Bound::from),
                ..none
            },
        ),
        ConfigRule::Empty => (FieldRule::Empty, none),
        ConfigRule::TooLong { max } => (FieldRule::TooLong, FieldParams::max(max)),
        ConfigRule::TooMany { max } => (FieldRule::TooMany, FieldParams::max(max)),
        ConfigRule::Pattern { format } => (FieldRule::Pattern, FieldParams::format(format.name())),
        ConfigRule::UnknownReference { kind, value } => (
            FieldRule::UnknownReference,
            FieldParams::reference(kind.name(), value),
        ),
        ConfigRule::Duplicate { value } => (FieldRule::Duplicate, FieldParams::value(value)),
        ConfigRule::LinkKind { kind } => (
            FieldRule::LinkKind,
            FieldParams {
                kind: Some(kind.name().to_owned()),
                ..none
            },
        ),
        ConfigRule::NotApplicable => (FieldRule::NotApplicable, none),
        ConfigRule::Fixed { value } => (FieldRule::Fixed, FieldParams::value(value)),
        ConfigRule::Reserved { value } => (FieldRule::Reserved, FieldParams::value(value)),
        ConfigRule::CannotRemove => (FieldRule::CannotRemove, none),
        ConfigRule::NonZero => (FieldRule::NonZero, none),
        ConfigRule::NoCounter { device, point } => (
            FieldRule::NoCounter,
            FieldParams {
                point: Some(point),
                ..FieldParams::value(device)
            },
        ),
    }
}

/// An error answer (`application/problem+json`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`urn:ems:problem:<code>`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short title for people.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// The stable code clients match on.
    pub code: ErrorCode,
    /// What happened, for people.
    pub detail: String,
    /// Each broken rule, for `invalid`; for `bad_request`, the member of a JSON body that does
    /// not fit (unknown, missing, or of the wrong type), when the body is JSON of the wrong
    /// shape.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds to wait before retrying, for `too_many_attempts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
}

impl Problem {
    /// A problem with a code and a detail.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!(
                "urn:ems:problem:{}",
                serde_json::to_value(code)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
            title: code.title().to_owned(),
            status: code.status().as_u16(),
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after_s: None,
        }
    }

    /// `invalid`, listing each broken rule.
    pub fn invalid(detail: impl Into<String>, errors: Vec<FieldError>) -> Problem {
        Problem {
            errors,
            ..Problem::new(ErrorCode::Invalid, detail)
        }
    }

    /// `invalid` for one value at `path`, breaking `rule` (with `params`) as `message` says.
    pub fn invalid_field(
        path: impl Into<String>,
        rule: FieldRule,
        params: FieldParams,
        message: impl Into<String>,
    ) -> Problem {
        Problem::invalid_fields(vec![FieldError::new(path, rule, params, message)])
    }

    /// `not_found`, naming what was looked for.
    pub fn not_found(what: impl Into<String>) -> Problem {
        Problem::new(ErrorCode::NotFound, what)
    }

    /// `internal`: the cause is logged, never sent.
    pub fn internal(cause: impl std::fmt::Display) -> Problem {
        tracing::error!(%cause, "internal error");
        Problem::new(
            ErrorCode::Internal,
            "the server failed to answer; its log has the details",
        )
    }

    /// `too_many_attempts`, retry after `seconds`.
    pub fn too_many_attempts(seconds: u64) -> Problem {
        Problem {
            retry_after_s: Some(seconds),
            ..Problem::new(
                ErrorCode::TooManyAttempts,
                format!("too many failed attempts; retry in {seconds} s"),
            )
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.code.status();
        let retry = self.retry_after_s;
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = retry {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl Problem {
    /// `invalid`, with each rule a site configuration breaks (path, message, suggestion), as
    /// `ems check` reports them.
    pub fn broken_rules(errors: Vec<ConfigError>) -> Problem {
        Problem::invalid_fields(errors.into_iter().map(FieldError::from).collect())
    }

    /// `invalid`, listing each broken rule, with a detail that repeats them all
    /// (`path: message; did you mean "x"?`).
    pub fn invalid_fields(errors: Vec<FieldError>) -> Problem {
        Problem::listing(ErrorCode::Invalid, errors)
    }

    /// `bad_request` for a JSON body of the wrong shape, naming the member that does not fit.
    pub fn misfit(error: FieldError) -> Problem {
        Problem::listing(ErrorCode::BadRequest, vec![error])
    }

    /// A problem listing `errors`, with a detail that repeats them all.
    fn listing(code: ErrorCode, errors: Vec<FieldError>) -> Problem {
        let detail = errors
            .iter()
            .map(|e| match &e.suggestion {
                Some(s) => format!("{}: {}; did you mean {s:?}?", e.path, e.message),
                None => format!("{}: {}", e.path, e.message),
            })
            .collect::<Vec<_>>()
            .join("; ");
        Problem {
            errors,
            ..Problem::new(code, detail)
        }
    }
}

impl From<crate::running::ApplyError> for Problem {
    fn from(e: crate::running::ApplyError) -> Problem {
        use crate::running::ApplyError;
        match e {
            ApplyError::Invalid(errors) => Problem::broken_rules(errors),
            ApplyError::Store(e) => e.into(),
            start @ ApplyError::Start(_) => Problem::invalid(start.to_string(), Vec::new()),
        }
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        match e {
            StoreError::Invalid(detail) => Problem::new(ErrorCode::Invalid, detail),
            StoreError::Conflict(detail) => Problem::new(ErrorCode::Conflict, detail),
            StoreError::NotFound(detail) => Problem::not_found(detail),
            StoreError::Unavailable(detail) => Problem::new(ErrorCode::Unavailable, detail),
            other => Problem::internal(other),
        }
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, Problem>;
