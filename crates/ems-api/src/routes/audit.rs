//! Reading the audit log: who did what, from where, with what result, newest first.

use crate::audit::AuditAction;
use crate::problem::{ApiResult, FieldParams, FieldRule, Problem};
use crate::routes::params::{TimeText, one_of, page_params, query_params, time_param};
use crate::state::ApiState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use ems_store::account::{AuditEntry, AuditFilter, AuditResult};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The most entries one request returns.
pub const MAX_LIMIT: u32 = 1000;

/// Which entries to read. Values are read here rather than by the query extractor, so that a
/// wrong one is answered with a problem naming it.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only entries at or after this time (RFC 3339 with an offset, on a date from 1000-01-01
    /// to 8999-12-31).
    #[param(value_type = Option<TimeText>, inline, example = "2026-06-01T00:00:00Z")]
    pub since: Option<String>,
    /// Only entries before this time (RFC 3339); after `since`.
    #[param(value_type = Option<TimeText>, inline, example = "2026-06-02T00:00:00+02:00")]
    pub until: Option<String>,
    /// Only entries of this user name (not case-sensitive).
    #[param(example = "admin")]
    pub user: Option<String>,
    /// Only entries of this action.
    #[param(value_type = Option<AuditAction>, example = "login")]
    pub action: Option<String>,
    /// Only entries with an id below this one: the `id` of the last entry of a page, to read
    /// the next, older page.
    #[param(value_type = Option<i64>, example = 1000)]
    pub before: Option<String>,
    /// At most this many entries (100 when absent).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000, example = 50)]
    pub limit: Option<String>,
}

/// An entry of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    /// Its number in the log (increasing).
    pub id: i64,
    /// When it happened (UTC).
    pub at: Timestamp,
    /// Who did it: the user's name, or the name typed at a failed login; null when nobody
    /// was signed in.
    pub user: Option<String>,
    /// The client's address.
    pub client: Option<String>,
    /// What was done.
    #[schema(value_type = AuditAction)]
    pub action: String,
    /// What it was done to (`user:anna`), if anything.
    pub target: Option<String>,
    /// How it ended: `success`, `failure` (a wrong password, say) or `denied` (refused by a
    /// rule).
    #[schema(value_type = String)]
    pub result: AuditResult,
    /// Details (never secrets), if any.
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
}

impl AuditEntryView {
    fn of(entry: AuditEntry) -> AuditEntryView {
        AuditEntryView {
            id: entry.id,
            at: entry.at,
            user: entry.entry.user,
            client: entry.entry.client,
            action: entry.entry.action,
            target: entry.entry.target,
            result: entry.entry.result,
            detail: entry.entry.detail,
        }
    }
}

impl AuditQuery {
    fn filter(self) -> Result<AuditFilter, Problem> {
        let time = |param, value: Option<&str>| value.map(|v| time_param(param, v)).transpose();
        let since = time("since", self.since.as_deref())?;
        let until = time("until", self.until.as_deref())?;
        if let (Some(since), Some(until)) = (since, until)
            && until <= since
        {
            return Err(Problem::invalid_field(
                "until",
                FieldRule::Order,
                FieldParams {
                    other: Some("since".to_owned()),
                    ..FieldParams::default()
                },
                "must be after since",
            ));
        }
        let action = self
            .action
            .map(|a| one_of("action", &a, AuditAction::ALL, AuditAction::as_str))
            .transpose()?;
        let (before_id, limit) = page_params(
            self.before.as_deref(),
            self.limit.as_deref(),
            MAX_LIMIT,
            AuditFilter::default().limit,
        )?;
        Ok(AuditFilter {
            since,
            until,
            user: self.user,
            action: action.map(|a| a.as_str().to_owned()),
            before_id,
            limit,
        })
    }
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/audit", tag = "audit",
    security(("session" = ["manage_users"]), ("token" = ["manage_users"])),
    params(AuditQuery),
    responses(
        (status = 200, description = "The entries, newest first", body = Vec<AuditEntryView>),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 403, description = "Only administrators and EV managers read the audit log", body = Problem),
        (status = 422, description = "A parameter is wrong; the problem names it", body = Problem),
    ))]
pub async fn audit_log(
    State(state): State<ApiState>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> ApiResult<Json<Vec<AuditEntryView>>> {
    let filter = query_params(query)?.filter()?;
    let entries = state
        .blocking(move |s| s.readers.audit_entries(&filter))
        .await?;
    Ok(Json(entries.into_iter().map(AuditEntryView::of).collect()))
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}
