//! Errors as `application/problem+json` (RFC 9457), each with a stable machine-readable `code`.
//!
//! The `code` is the contract: clients match on it, never on `title` or `detail`, which are for
//! people and may change. Every code is listed in [`ErrorCode`], and documented in the OpenAPI
//! document through [`Problem`]'s schema.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
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
    /// The request is malformed (unreadable JSON, unknown field, wrong type).
    BadRequest,
    /// The request is well-formed but its values break a rule; `errors` lists each.
    Invalid,
    /// The change conflicts with what is stored (a duplicate name, a gateway with devices…).
    Conflict,
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

/// One broken rule of a request: where, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The path of the value (`devices.main.unit_id`, `password`).
    pub path: String,
    /// What is wrong with it.
    pub message: String,
    /// A value that would be accepted, when one is likely meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
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
    /// Each broken rule, for `invalid`.
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

    /// `invalid` for one value.
    pub fn invalid_field(path: impl Into<String>, message: impl Into<String>) -> Problem {
        let (path, message) = (path.into(), message.into());
        Problem::invalid(
            format!("{path}: {message}"),
            vec![FieldError {
                path,
                message,
                suggestion: None,
            }],
        )
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
    pub fn broken_rules(errors: Vec<ems_model::ConfigError>) -> Problem {
        Problem::invalid_fields(
            errors
                .into_iter()
                .map(|e| FieldError {
                    path: e.path,
                    message: e.message,
                    suggestion: e.suggestion,
                })
                .collect(),
        )
    }

    /// `invalid`, listing each broken rule, with a detail that repeats them all
    /// (`path: message; did you mean "x"?`).
    pub fn invalid_fields(errors: Vec<FieldError>) -> Problem {
        let detail = errors
            .iter()
            .map(|e| match &e.suggestion {
                Some(s) => format!("{}: {}; did you mean {s:?}?", e.path, e.message),
                None => format!("{}: {}", e.path, e.message),
            })
            .collect::<Vec<_>>()
            .join("; ");
        Problem::invalid(detail, errors)
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
