//! The tariffs (`[tariffs]` of the site file): read and replaced as one section, explained at an
//! instant, and the costs of chosen days priced again with them.
//!
//! Design decisions:
//! - **One vocabulary**, as for the entities ([`crate::routes::config_json`]): the section's
//!   JSON has the keys and values of the site file (`docs/CONFIGURATION.md`), decimals as
//!   strings (`"0.2345"`), dates `"YYYY-MM-DD"`, times `"HH:MM"`; a part the file leaves out is
//!   `null`. A replacement becomes the section's TOML table and the whole file is read again
//!   by the model's reader, so every rule is checked there and every error carries its path
//!   (`tariffs.electricity.rules[0].tariff`).
//! - **The whole section at once.** The web interface edits one commodity at a time but sends
//!   the whole section back; the order of `rules` is the order they are evaluated in (moving a
//!   rule is reordering the array). The section's tag (`ETag`, [`entity_tag`]) covers what
//!   `GET` answers but the version, so that changes elsewhere in the site leave it alone.
//! - **Explanations** are the engine's ([`Pricer::explain`]) in the site's time zone, each
//!   skipped rule with its reasons in words and as causes for programs.
//! - **Re-pricing** is the store's ([`ems_store::Maintenance::reprice`]): audited, and logged
//!   as a `costs_repriced` event naming who asked.

use crate::access::{ClientAddr, Credential, Principal};
use crate::audit::{Audit, AuditAction};
use crate::problem::{ApiResult, FieldError, FieldParams, FieldRule, Problem};
use crate::routes::config_json::{Editor, FormBody, JsonBody};
use crate::routes::entities::{entity_tag, with_tag};
use crate::routes::params::{
    date_param, instant_param, names_schema, one_of, param_schema, query_params, site_calendar,
};
use crate::state::ApiState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use ems_model::site::{SiteConfig, SiteTariffs, weekday_name};
use ems_model::tariff::{ChargePeriod, Commodity, Contract, CostRule, TariffPlan};
use ems_store::store::{PriceImport, RepriceReport};
use ems_tariff::{Miss, Pricer, RuleSet, read_prices};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;

/// The members of [`TariffsView`] that requests may repeat and that are ignored.
const READ_ONLY_KEYS: [&str; 2] = ["currency", "version"];
/// The longest period that one re-pricing may cover, in years.
const MAX_REPRICE_YEARS: i16 = 20;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(tariffs, change_tariffs))
        .routes(utoipa_axum::routes!(explain))
        .routes(utoipa_axum::routes!(reprice))
        .routes(utoipa_axum::routes!(imported_prices, import_prices))
}

// ---------------------------------------------------------------------------------------------
// The section's forms.

/// The `[tariffs]` section: the contract of each commodity and the gas conversion factor. Every
/// part is optional: a site with no rules gets no costs.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TariffsForm {
    /// The gas conversion factor in kWh per m³ as the supplier states it, a decimal above 0 in
    /// quotes (`"10.55"`); `null` when not set (no equivalent kWh for gas).
    pub gas_kwh_per_m3: Option<String>,
    /// The electricity contract (prices per kWh); `null` when there is none.
    pub electricity: Option<ContractForm>,
    /// The gas contract (prices per m³); `null` when there is none.
    pub gas: Option<ContractForm>,
    /// The water contract (prices per m³); `null` when there is none.
    pub water: Option<ContractForm>,
}

/// The contract of one commodity (`[tariffs.<commodity>]`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ContractForm {
    /// A fixed charge per local day or calendar month; `null` when there is none.
    pub standing_charge: Option<StandingChargeForm>,
    /// Electricity only: a charge on each month's highest 15-minute mean power at the grid
    /// connection's meter; `null` when there is none.
    pub demand_charge: Option<DemandChargeForm>,
    /// Priced by imported prices (`PUT /tariffs/{commodity}/prices`) plus a surcharge instead
    /// of rules (a contract has one or the other); `null` when priced by rules.
    pub dynamic: Option<DynamicForm>,
    /// The tariffs, by id (ids as for entities: 1-64 lowercase letters, digits, `_` or `-`,
    /// starting with a letter), listed in the order of their ids. Default none.
    #[schema(required = false)]
    pub tariffs: BTreeMap<String, PricedTariffForm>,
    /// The cost rules in the order they are evaluated: the first rule whose conditions all
    /// hold gives the tariff. Default none.
    #[schema(required = false)]
    pub rules: Vec<CostRuleForm>,
    /// Electricity only: the feed-in (export) plan, with its own tariffs and rules, evaluated
    /// on its own; `null` when there is none.
    pub export: Option<PlanForm>,
}

/// A feed-in plan (`[tariffs.electricity.export]`): tariffs and the rules that choose among
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PlanForm {
    /// The tariffs, by id, listed in the order of their ids. Default none.
    #[schema(required = false)]
    pub tariffs: BTreeMap<String, PricedTariffForm>,
    /// The cost rules in the order they are evaluated. Default none.
    #[schema(required = false)]
    pub rules: Vec<CostRuleForm>,
}

/// A fixed charge per period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StandingChargeForm {
    /// `"day"` (every local day) or `"month"` (every calendar month); every period a span
    /// touches is charged in full.
    pub per: String,
    /// The amount per period, a decimal in quotes in the site's currency (`"12.50"`).
    pub amount: String,
}

/// Dynamic pricing: imported prices plus a surcharge.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DynamicForm {
    /// Added to every imported price (grid fees, taxes), a decimal in quotes per kWh (or m³).
    /// Default `"0"`.
    #[schema(required = false)]
    pub surcharge: String,
}

/// A charge on the month's peak power, as the utility measures it at the grid connection.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DemandChargeForm {
    /// The price per kW of each calendar month's highest 15-minute mean power, a decimal in
    /// quotes in the site's currency (`"5.50"`).
    pub per_kw_month: String,
    /// The id of the device that measures the grid connection (where the utility measures the
    /// peak, not the sum of the sub-meters): a device of the site that counts imported active
    /// energy (`energy_active_import`).
    pub meter: String,
}

/// A tariff (`[tariffs.<commodity>.tariffs.<id>]`): a name, a colour and its prices over time.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PricedTariffForm {
    /// The name in charts and reports. Default: the id.
    #[schema(required = false)]
    pub name: String,
    /// The colour in charts, `"#rrggbb"`.
    pub colour: String,
    /// The prices, at least one: each applies from its local date until the next one's. At
    /// most one has no date (it applies from the beginning); two may not share a date.
    pub prices: Vec<DatedPriceForm>,
}

/// A price and the local date it applies from.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DatedPriceForm {
    /// The first local date the price applies to, `"YYYY-MM-DD"`; `null` (or left out) for
    /// the price that applies from the beginning.
    pub from: Option<String>,
    /// The price per kWh (electricity) or per m³ (gas, water), a decimal in quotes with at
    /// most six decimals in the site's currency (`"0.2345"`).
    pub price: String,
}

/// A cost rule (`[[tariffs.<commodity>.rules]]`): when all its conditions hold, its tariff
/// applies. A condition left out (`null`) always holds.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CostRuleForm {
    /// The id of a tariff of the same plan.
    pub tariff: String,
    /// The local dates the rule holds on; `null`: always.
    pub valid: Option<ValidityForm>,
    /// Compare only month and day of `valid` (the years are ignored): needs `valid` with
    /// `to`, spanning at most a year; a period ending before it starts in the calendar runs
    /// over New Year. Default false.
    #[schema(required = false)]
    pub repeat_every_year: bool,
    /// The daily time frame in local time; `null`: all day.
    pub time: Option<TimeFrameForm>,
    /// The days of the week, `"mon"` … `"sun"`, not empty; `null`: every day. The day is the
    /// local date of each instant.
    pub days: Option<Vec<String>>,
}

/// A rule's validity: local dates, both included.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ValidityForm {
    /// The first local date, `"YYYY-MM-DD"`.
    pub from: String,
    /// The last local date (included), `"YYYY-MM-DD"`, not before `from`; `null`:
    /// open-ended. A single day is `to` equal to `from`.
    pub to: Option<String>,
}

/// A daily time frame in local time.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TimeFrameForm {
    /// The first minute, `"HH:MM"` from `"00:00"` to `"23:59"`.
    pub from: String,
    /// The last minute, included (`"18:59"` ends at 19:00); before `from`, the frame runs
    /// over midnight.
    pub to: String,
}

impl TariffsForm {
    /// The form of a site's tariffs.
    pub fn of(tariffs: &SiteTariffs) -> TariffsForm {
        TariffsForm {
            gas_kwh_per_m3: tariffs.gas_kwh_per_m3.map(|f| f.to_string()),
            electricity: tariffs.electricity.as_ref().map(ContractForm::of),
            gas: tariffs.gas.as_ref().map(ContractForm::of),
            water: tariffs.water.as_ref().map(ContractForm::of),
        }
    }
}

impl ContractForm {
    fn of(contract: &Contract) -> ContractForm {
        let plan = PlanForm::of(&contract.import);
        ContractForm {
            standing_charge: contract.standing_charge.map(|s| StandingChargeForm {
                per: match s.per {
                    ChargePeriod::Day => "day",
                    ChargePeriod::Month => "month",
                }
                .to_owned(),
                amount: s.amount.to_string(),
            }),
            demand_charge: contract.demand_charge.as_ref().map(|d| DemandChargeForm {
                per_kw_month: d.per_kw_month.to_string(),
                meter: d.meter.as_str().to_owned(),
            }),
            dynamic: contract.dynamic.map(|d| DynamicForm {
                surcharge: d.surcharge.to_string(),
            }),
            tariffs: plan.tariffs,
            rules: plan.rules,
            export: contract.export.as_ref().map(PlanForm::of),
        }
    }
}

impl PlanForm {
    fn of(plan: &TariffPlan) -> PlanForm {
        PlanForm {
            tariffs: plan
                .tariffs
                .iter()
                .map(|t| {
                    let prices = t
                        .prices
                        .iter()
                        .map(|p| DatedPriceForm {
                            from: p.from.map(|d| d.to_string()),
                            price: p.price.to_string(),
                        })
                        .collect();
                    let form = PricedTariffForm {
                        name: t.name.clone(),
                        colour: t.colour.clone(),
                        prices,
                    };
                    (t.id.clone(), form)
                })
                .collect(),
            rules: plan.rules.iter().map(CostRuleForm::of).collect(),
        }
    }
}

/// A time of day as the site file writes it: `"HH:MM"`.
fn minute(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

impl CostRuleForm {
    fn of(rule: &CostRule) -> CostRuleForm {
        CostRuleForm {
            tariff: rule.tariff.clone(),
            valid: rule.valid.map(|v| ValidityForm {
                from: v.from.to_string(),
                to: v.to.map(|d| d.to_string()),
            }),
            repeat_every_year: rule.repeat_every_year,
            time: rule.time_frame.map(|f| TimeFrameForm {
                from: minute(f.start),
                to: minute(f.end),
            }),
            days: (!rule.weekdays.is_all()).then(|| {
                rule.weekdays
                    .days()
                    .map(|d| weekday_name(d).to_owned())
                    .collect()
            }),
        }
    }
}

/// The tariffs section, the site's currency and the configuration version in force.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TariffsView {
    /// The section.
    #[serde(flatten)]
    pub tariffs: TariffsForm,
    /// The ISO 4217 code of the currency of every amount and price: the site's (`PUT /site`
    /// changes it; read-only here: ignored in requests).
    #[schema(read_only, required = false)]
    pub currency: String,
    /// The number of the configuration version in force (read-only: ignored in requests).
    #[schema(read_only, required = false)]
    pub version: Option<u32>,
}

impl TariffsView {
    /// The view of `site`'s tariffs, with `version`.
    fn of(site: &SiteConfig, version: Option<u32>) -> TariffsView {
        TariffsView {
            tariffs: TariffsForm::of(&site.tariffs),
            currency: site.site.currency.clone(),
            version,
        }
    }
}

/// The tag of `site`'s tariffs section: [`entity_tag`] of its view without the version, so
/// that it changes exactly when the section or the currency does.
fn section_tag(site: &SiteConfig) -> String {
    entity_tag(&TariffsView::of(site, None))
}

/// The answer with `site`'s tariffs and the version in force, its tag in `ETag`.
async fn tagged_view(state: &ApiState, site: &SiteConfig) -> ApiResult<Response> {
    let version = state
        .blocking(|s| Ok(s.readers.site_config(None)?.map(|stored| stored.version)))
        .await?;
    Ok(with_tag(
        Json(TariffsView::of(site, version)),
        &section_tag(site),
    ))
}

/// The tariffs of the site (the `[tariffs]` section of the site file, in its keys and values),
/// the site's currency and the configuration version in force; the section's tag in `ETag`.
#[utoipa::path(get, path = "/tariffs", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    responses(
        (status = 200, description = "The tariffs", body = TariffsView,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change it only as read"))),
    ))]
pub async fn tariffs(State(state): State<ApiState>) -> ApiResult<Response> {
    let site = state.site.site();
    tagged_view(&state, &site).await
}

/// Replaces the whole tariffs section by the body (what `GET /tariffs` answers may be sent
/// back: `currency` and `version` are ignored); `{}` removes every contract. With `If-Match`,
/// only if the section still has that tag. A new configuration version is saved (audited
/// `config_change`) and acquisition restarts with it.
#[utoipa::path(put, path = "/tariffs", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(
        ("If-Match" = Option<String>, Header, description = "The tag (`ETag`) of what \
            was read: the change is made only if it still has it (else 412 `changed`); `*` for \
            any. Without it, the change is made whatever it is now; clients should send it")),
    request_body = TariffsView,
    responses(
        (status = 200, description = "The tariffs now in force", body = TariffsView,
            headers(("etag" = String, description = "Its tag: send it back in `If-Match` to \
                change it only as read"))),
        (status = 400, description = "The body is not a JSON object, or `If-Match` is malformed", body = Problem),
        (status = 412, description = "Changed by someone else since it was read (`If-Match` \
            does not match): nothing was changed", body = Problem),
        (status = 422, description = "Values break rules; each is listed with its path \
            (`tariffs.electricity.rules[0].tariff`)", body = Problem),
    ))]
pub async fn change_tariffs(
    State(state): State<ApiState>,
    editor: Editor,
    JsonBody(mut body): FormBody,
) -> ApiResult<Response> {
    for key in READ_ONLY_KEYS {
        body.remove(key);
    }
    let site = editor.update_tariffs(body, section_tag).await?;
    tagged_view(&state, &site).await
}

// ---------------------------------------------------------------------------------------------
// Explanations.

param_schema! {
    /// A commodity.
    CommodityName = names_schema(SiteTariffs::COMMODITIES.iter().map(|c| c.name()));
}

/// What to explain.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExplainParams {
    /// The instant: a local civil time in the site's time zone (`2026-12-25T10:00`, seconds
    /// optional), which must exist exactly once there (not skipped or repeated by a change of
    /// the clocks), or an RFC 3339 time with its offset (`2026-12-25T10:00:00+01:00`). Now
    /// by default.
    #[param(value_type = Option<String>, example = "2026-12-25T10:00")]
    at: Option<String>,
    /// `electricity` (the default), `gas` or `water`.
    #[param(value_type = Option<CommodityName>, inline, example = "electricity")]
    commodity: Option<String>,
    /// `true` to explain the feed-in (export) plan instead of the consumption one
    /// (electricity). Default `false`.
    #[param(value_type = Option<bool>, example = false)]
    export: Option<String>,
}

/// Why a rule does not hold, for programs (the interface translates it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipCause {
    /// The local date is outside the rule's validity.
    OutsideValidity,
    /// The local time is outside the rule's time frame.
    OutsideTimeFrame,
    /// The local weekday is not one of the rule's days.
    WeekdayNotChosen {
        /// The weekday, `"mon"` … `"sun"`.
        day: &'static str,
    },
}

/// A rule above the one that applies, and why it does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SkippedRule {
    /// The rule's index in `rules` (from 0).
    pub rule: usize,
    /// The id of its tariff.
    pub tariff: String,
    /// Each condition that does not hold, in English (`outside its time frame (00:00–18:59)`).
    pub reasons: Vec<String>,
    /// The same conditions, for programs, in the same order.
    pub causes: Vec<SkipCause>,
}

/// Which rule of a plan applies at an instant, and why each rule above it does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TariffExplanation {
    /// The instant, RFC 3339 with the site's offset then (`2026-12-25T10:00:00+01:00`).
    pub at: String,
    /// The commodity.
    #[schema(value_type = CommodityName)]
    pub commodity: &'static str,
    /// True for the feed-in (export) plan.
    pub export: bool,
    /// The index in `rules` (from 0) of the rule that applies; `null` when none does: the
    /// instant is not priced.
    pub rule: Option<usize>,
    /// The id of its tariff; `null` when no rule applies.
    pub tariff: Option<String>,
    /// The tariff's price on that local date, a decimal in quotes; `null` when no rule
    /// applies or the tariff has no price yet (the instant is not priced).
    pub price: Option<String>,
    /// The unit the price is per: `kWh` or `m³`.
    pub price_unit: &'static str,
    /// The local date the price applies from, `"YYYY-MM-DD"`; `null` for the undated price
    /// (or no price).
    pub price_from: Option<String>,
    /// The rules above the one that applies (every rule when none does), in order.
    pub skipped: Vec<SkippedRule>,
}

/// `true` or `false`.
fn bool_name(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// `at`: the instant an RFC 3339 time or a local civil time in `tz` names
/// ([`ems_tariff::local_instant`]); `invalid` naming `at` with why not.
fn at_param(text: &str, tz: &TimeZone) -> ApiResult<Timestamp> {
    ems_tariff::local_instant(text, tz).map_err(|e| {
        Problem::invalid_field(
            "at",
            FieldRule::Pattern,
            FieldParams::format("instant"),
            e.to_string(),
        )
    })
}

impl From<Miss> for SkipCause {
    fn from(miss: Miss) -> SkipCause {
        match miss {
            Miss::OutsideValidity => SkipCause::OutsideValidity,
            Miss::OutsideTimeFrame => SkipCause::OutsideTimeFrame,
            Miss::WeekdayNotChosen(day) => SkipCause::WeekdayNotChosen {
                day: weekday_name(day),
            },
        }
    }
}

/// Which cost rule applies at an instant (now by default) to a commodity's consumption or
/// feed-in plan, with its tariff and price, and why each rule above it does not: how the
/// editor shows the rule in force.
#[utoipa::path(get, path = "/tariffs/explain", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(ExplainParams),
    responses(
        (status = 200, description = "The rule that applies and the rules skipped", body = TariffExplanation),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 404, description = "The commodity (or its feed-in plan) has no cost rules", body = Problem),
        (status = 422, description = "A bad parameter: `at` unreadable, or a local time that is skipped or repeated by a change of the clocks", body = Problem),
    ))]
pub async fn explain(
    State(state): State<ApiState>,
    query: Result<Query<ExplainParams>, QueryRejection>,
) -> ApiResult<Json<TariffExplanation>> {
    let params = query_params(query)?;
    let commodity = match params.commodity.as_deref() {
        None => Commodity::Electricity,
        Some(value) => one_of(
            "commodity",
            value,
            &SiteTariffs::COMMODITIES,
            Commodity::name,
        )?,
    };
    let export = match params.export.as_deref() {
        None => false,
        Some(value) => one_of("export", value, &[false, true], bool_name)?,
    };
    let site = state.site.site();
    let tz = site
        .site
        .resolve_time_zone()
        .ok_or_else(|| Problem::internal("the site's time zone is not known"))?;
    let at = match params.at.as_deref() {
        None => state.clock.now(),
        Some(text) => at_param(text, &tz)?,
    };
    let contract = site.tariffs.contract(commodity);
    let plan = match contract {
        Some(c) if export => c.export.as_ref(),
        Some(c) => Some(&c.import),
        None => None,
    };
    let Some(plan) = plan.filter(|p| !p.rules.is_empty()) else {
        let what = if export { " feed-in (export)" } else { "" };
        return Err(Problem::not_found(format!(
            "cost rules of the {}{what} contract (it has none: nothing is priced)",
            commodity.name()
        )));
    };
    let rules = RuleSet::new(&plan.tariffs, &plan.rules).map_err(Problem::internal)?;
    let explanation = Pricer::new(rules, tz).for_commodity(commodity).explain(at);
    let skipped = explanation
        .skipped
        .into_iter()
        .map(|s| SkippedRule {
            rule: s.rule,
            tariff: s.tariff,
            reasons: s.reasons,
            causes: s.misses.into_iter().map(SkipCause::from).collect(),
        })
        .collect();
    Ok(Json(TariffExplanation {
        at: explanation.at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        commodity: commodity.name(),
        export,
        rule: explanation.rule,
        tariff: explanation.tariff.map(|(id, _)| id),
        price: explanation.price.map(|(price, _)| price.to_string()),
        price_unit: explanation.unit,
        price_from: explanation
            .price
            .and_then(|(_, from)| from)
            .map(|d| d.to_string()),
        skipped,
    }))
}

// ---------------------------------------------------------------------------------------------
// Re-pricing.

/// The local days whose costs to price again.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepriceRequest {
    /// The first local day, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date, example = "2026-06-01")]
    pub from: String,
    /// The last local day (included), `YYYY-MM-DD`: not before `from`, and at most 20 years
    /// after it.
    #[schema(value_type = String, format = Date, example = "2026-06-30")]
    pub to: String,
}

/// The period of a re-pricing: two dates, `to` not before `from` and at most
/// [`MAX_REPRICE_YEARS`] years of days from it; errors name the field.
fn reprice_period(request: &RepriceRequest) -> ApiResult<(Date, Date)> {
    let from = date_param("from", &request.from)?;
    let to = date_param("to", &request.to)?;
    if to < from {
        return Err(Problem::invalid_field(
            "to",
            FieldRule::OutOfRange,
            FieldParams::range(from.to_string(), Date::MAX.to_string()),
            format!("the period ends ({to}) before it starts ({from})"),
        ));
    }
    let last = from
        .checked_add(MAX_REPRICE_YEARS.years())
        .and_then(|d| d.yesterday())
        .unwrap_or(Date::MAX);
    if to > last {
        return Err(Problem::invalid_field(
            "to",
            FieldRule::OutOfRange,
            FieldParams::range(from.to_string(), last.to_string()),
            format!(
                "the period from {from} to {to} is longer than {MAX_REPRICE_YEARS} years: it \
                 may end on {last} at the latest"
            ),
        ));
    }
    Ok((from, to))
}

/// Who asks, as the event log names them: the user, or for a token its name and its owner.
fn asked_by(principal: &Principal) -> String {
    match &principal.credential {
        Credential::Token { token } => {
            format!("{} (token {:?})", principal.user.name, token.name)
        }
        Credential::Session { .. } => principal.user.name.clone(),
    }
}

/// Prices the stored intervals of the local days `from` to `to` again with the contracts in
/// force now (after a correction of prices or rules), replacing the costs stored for those
/// days; other days keep theirs. Audited (`reprice`) and logged as a `costs_repriced` event.
#[utoipa::path(post, path = "/system/reprice", tag = "system",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body = RepriceRequest,
    responses(
        (status = 200, description = "What was priced again", body = RepriceReport),
        (status = 400, description = "The body is not a JSON object of this shape", body = Problem),
        (status = 422, description = "A bad date, or a period that ends before it starts or is longer than 20 years (each naming the field)", body = Problem),
    ))]
pub async fn reprice(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    JsonBody(request): JsonBody<RepriceRequest>,
) -> ApiResult<Json<RepriceReport>> {
    let (from, to) = reprice_period(&request)?;
    let by = asked_by(&principal);
    let outcome = state
        .blocking(move |s| s.store.reprice(from, to, &by))
        .await;
    // A failure is audited with the period asked for; a success with what was priced.
    let audit = |result| {
        Audit::by(
            &state,
            &principal,
            client,
            AuditAction::Reprice.as_str(),
            result,
        )
        .target("costs")
        .detail(json!({ "from": from.to_string(), "to": to.to_string() }))
    };
    let report = Audit::outcome(audit, outcome, |report| {
        json!({
            "from": report.from.to_string(),
            "to": report.to.to_string(),
            "intervals": report.intervals,
        })
    })?;
    Ok(Json(report))
}

// ---------------------------------------------------------------------------------------------
// Imported prices.

/// The commodity of a path.
fn commodity_path(value: &str) -> ApiResult<Commodity> {
    one_of(
        "commodity",
        value,
        &SiteTariffs::COMMODITIES,
        Commodity::name,
    )
}

/// Which imported prices to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PricesParams {
    /// Entries ending after this instant or local date (its midnight); the start of today by
    /// default.
    #[param(value_type = Option<String>, example = "2026-11-21")]
    from: Option<String>,
    /// Entries starting before this instant or local date (its midnight); two days after
    /// `from` by default. At most 400 days after `from`.
    #[param(value_type = Option<String>, example = "2026-11-23")]
    to: Option<String>,
}

/// One imported price.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ImportedPrice {
    /// Its start (UTC).
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// Its end (UTC, excluded).
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// The price per kWh (or m³) without the contract's surcharge, a decimal in quotes.
    pub price: String,
}

/// The longest span of imported prices one request lists, in days.
const MAX_PRICE_DAYS: i64 = 400;

/// The imported (dynamic) prices of a commodity that overlap a span, by start.
#[utoipa::path(get, path = "/tariffs/{commodity}/prices", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(
        ("commodity" = CommodityName, Path, description = "`electricity`, `gas` or `water`"),
        PricesParams,
    ),
    responses(
        (status = 200, description = "The prices", body = [ImportedPrice]),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad commodity, time or span", body = Problem),
    ))]
pub async fn imported_prices(
    State(state): State<ApiState>,
    Path(commodity): Path<String>,
    query: Result<Query<PricesParams>, QueryRejection>,
) -> ApiResult<Json<Vec<ImportedPrice>>> {
    let commodity = commodity_path(&commodity)?;
    let params = query_params(query)?;
    let calendar = site_calendar(&state.site.site());
    let from = match params.from.as_deref() {
        Some(text) => instant_param(&calendar, "from", text)?,
        None => calendar.midnight(calendar.date(state.clock.now())),
    };
    let to = match params.to.as_deref() {
        Some(text) => instant_param(&calendar, "to", text)?,
        None => from + jiff::SignedDuration::from_hours(48),
    };
    let longest = from + jiff::SignedDuration::from_hours(24 * MAX_PRICE_DAYS);
    if to <= from || to > longest {
        return Err(Problem::invalid_field(
            "to",
            FieldRule::OutOfRange,
            FieldParams::range(from.to_string(), longest.to_string()),
            format!("the span must end after {from} and at most {MAX_PRICE_DAYS} days later"),
        ));
    }
    let entries = state
        .blocking(move |s| s.readers.imported_prices(commodity, from, to))
        .await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|(start, end, price)| ImportedPrice {
                start,
                end,
                price: price.to_string(),
            })
            .collect(),
    ))
}

/// Stores dynamic prices of a commodity from a CSV (`start,end,price`, comma or semicolon
/// separated, a decimal comma with semicolons) or JSON (`[{"start", "end", "price"}]`) body,
/// times RFC 3339 with their offset, prices per kWh (or m³) without the surcharge. The stored
/// prices the file's span overlaps are replaced. They price what is recorded from then on
/// when the contract is priced dynamically; stored costs change only by a re-pricing
/// (`POST /system/reprice`). Audited (`import_prices`) and logged as a `prices_imported`
/// event. The body may be up to the server's body limit (1 MiB by default, about a year of
/// hourly prices); `ems tariff import-prices` has none.
#[utoipa::path(put, path = "/tariffs/{commodity}/prices", tag = "configuration",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(("commodity" = CommodityName, Path, description = "`electricity`, `gas` or `water`")),
    request_body(content((String = "text/csv"), (String = "application/json")),
        description = "The prices file"),
    responses(
        (status = 200, description = "What was imported", body = PriceImport),
        (status = 422, description = "A bad commodity, or lines of the file that cannot be read, empty or overlapping entries (every one named by its line or entry in `errors`)", body = Problem),
    ))]
pub async fn import_prices(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    Path(commodity): Path<String>,
    body: String,
) -> ApiResult<Json<PriceImport>> {
    let commodity = commodity_path(&commodity)?;
    let entries = read_prices(&body).map_err(|e| {
        let errors =
            e.0.iter()
                .map(|message| {
                    FieldError::new(
                        "body",
                        FieldRule::Invalid,
                        FieldParams::reason(message.clone()),
                        message.clone(),
                    )
                })
                .collect();
        Problem::invalid("the prices file cannot be read", errors)
    })?;
    let by = asked_by(&principal);
    let outcome = state
        .blocking(move |s| s.store.import_prices(commodity, entries, &by))
        .await;
    let audit = |result| {
        Audit::by(
            &state,
            &principal,
            client,
            AuditAction::ImportPrices.as_str(),
            result,
        )
        .target(format!("prices:{}", commodity.name()))
    };
    let report = Audit::outcome(audit, outcome, |report| {
        json!({
            "imported": report.imported,
            "replaced": report.replaced,
            "from": report.from.to_string(),
            "to": report.to.to_string(),
        })
    })?;
    Ok(Json(report))
}
