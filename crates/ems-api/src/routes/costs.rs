//! Costs: the costs of one priced counter of a scope by tariff (the tariffs view), and the
//! site's overall view of every priced counter over a period, as JSON or CSV downloads.
//!
//! Design decisions:
//! - Parameters are declared, read and answered with the histogram's helpers
//!   ([`crate::routes::history`]): errors name the parameter, dates only `YYYY-MM-DD`, a day by
//!   default; the store's queries check the rest (a counter that is not priced gets the store's message, naming `point`).
//! - Amounts are in the counter's canonical unit (Wh, dm3) and money is an exact decimal in
//!   quotes, in the site's currency, never a float; nothing priced is `null`, never 0.
//! - Tariffs are named by the contract in force; an id the contract no longer has keeps its
//!   data and is named by its id.
//! - The overall view keeps what is bought and what is fed in apart: `cost` sums bought
//!   electricity, gas and water; `standing_charges` are the contracts' fixed charges of every
//!   day or month of the period so far (a running period is not charged for days to come);
//!   `demand_charges` are the electricity contract's charges on each month's peak; `total` is
//!   the three; `export_revenue` is the fed-in electricity's.
//! - The demand charge is per calendar month, measured where the utility measures it: the
//!   peak of each month the period touches (so far) is read from the intervals of the meter the
//!   contract names over the whole month, even for a day's view, since the month is what is
//!   charged ([`ems_tariff::demand_by_month`]). One month of one device's intervals per month
//!   shown: ten years read 120.
//! - Downloads use the site's CSV separators, and their file names are built from parsed
//!   values only.

use crate::problem::{ApiResult, FieldParams, FieldRule, Problem};
use crate::routes::history::{
    ScopeText, file_name, history_params, period_part, point_param, scope_param, scope_part,
};
use crate::routes::params::{names_schema, param_schema, query_params};
use crate::state::ApiState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use ems_model::Point;
use ems_model::site::SiteConfig;
use ems_model::tariff::{Commodity, DemandCharge, Money};
use ems_store::StoreError;
use ems_store::csv::{self, CsvOptions, CsvTable};
use ems_store::pricing::{UNPRICED, priced_by, priced_points};
use ems_store::query::{CostQuery, Costs, HistogramQuery, IntervalsQuery, PeriodSpan};
use ems_store::scope::{Scope, ScopeKind};
use ems_tariff::{demand_by_month, standing_charge};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The counter of costs when none is asked for.
const DEFAULT_COUNTER: &str = "energy_active_import";

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(costs))
        .routes(utoipa_axum::routes!(overall))
}

param_schema! {
    /// A priced counter.
    PricedCounterName = names_schema(priced_points().map(Point::name));
}

history_params! {
    /// The parameters of costs.
    period CostsParams {
        /// `site` (the default), `device:<id>`, `load:<id>`, `group:<id>` or `panel_board:<id>`.
        #[param(value_type = Option<ScopeText>, inline, example = "site")]
        scope: Option<String>,
        /// The priced counter: `energy_active_import` (bought electricity, the default),
        /// `energy_active_export` (fed in), `gas_volume` or `water_volume`.
        #[param(value_type = Option<PricedCounterName>, inline, example = "energy_active_import")]
        point: Option<String>,
    }
}

history_params! {
    /// The parameters of the overall view.
    period OverallParams {}
}

// ---------------------------------------------------------------------------------------------
// Costs by tariff.

/// A tariff as the tariffs view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TariffName {
    /// The tariff's id, as in `tariffs[].tariff`.
    pub id: String,
    /// Its name in the contract in force; its id when the contract no longer has it.
    pub name: String,
    /// Its colour in charts, `#rrggbb`; `null` when the contract no longer has it.
    pub colour: Option<String>,
}

/// The tariffs of the contract that prices `point` in `site` (in the contract's order), then
/// every other id of `costs` (named by its id).
fn tariff_names(site: &SiteConfig, point: Point, costs: &Costs) -> Vec<TariffName> {
    let plan = priced_by(point).and_then(|by| {
        let contract = site.tariffs.contract(by.commodity)?;
        if by.export {
            contract.export.as_ref()
        } else {
            Some(&contract.import)
        }
    });
    let mut names: Vec<TariffName> = plan
        .into_iter()
        .flat_map(|p| &p.tariffs)
        .map(|t| TariffName {
            id: t.id.clone(),
            name: t.name.clone(),
            colour: Some(t.colour.clone()),
        })
        .collect();
    for share in &costs.tariffs {
        if share.tariff != UNPRICED && !names.iter().any(|n| n.id == share.tariff) {
            names.push(TariffName {
                id: share.tariff.clone(),
                name: share.tariff.clone(),
                colour: None,
            });
        }
    }
    names
}

/// The costs of a priced counter by tariff, the currency, and the tariffs to name them by.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CostsView {
    /// The costs.
    #[serde(flatten)]
    pub costs: Costs,
    /// The ISO 4217 code of the currency of every cost (the site's).
    pub currency: String,
    /// Every tariff of the contract in force that prices the counter, in the contract's
    /// order, then every other tariff id found in the data (a tariff since removed): what the
    /// view's tariff filter lists. A tariff may be listed without data.
    pub tariff_names: Vec<TariffName>,
}

/// The costs of one priced counter of one scope over a day, month, year or ten years, by
/// tariff: per bucket and over the period, each tariff's amount and cost, and the amount that
/// nothing priced (tariff `""`, cost `null`).
#[utoipa::path(get, path = "/history/costs", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    params(CostsParams),
    responses(
        (status = 200, description = "The costs; with `format=csv` their CSV download",
            content((CostsView = "application/json"), (String = "text/csv")),
            headers(("content-disposition" = String,
                description = "With `format=csv`: `attachment; filename=\"costs_….csv\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter, an unknown scope, or a counter that is not priced", body = Problem),
    ))]
pub async fn costs(
    State(state): State<ApiState>,
    query: Result<Query<CostsParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let request = params.request(&state)?;
    let query = CostQuery {
        scope: scope_param("scope", params.scope.as_deref())?,
        point: point_param("point", params.point.as_deref().unwrap_or(DEFAULT_COUNTER))?,
        period: request.period,
    };
    if priced_by(query.point).is_none()
        && let Err(StoreError::Invalid(message)) = query.check()
    {
        return Err(Problem::invalid_field(
            "point",
            FieldRule::NotAllowed,
            FieldParams::allowed(priced_points().map(Point::name)),
            message,
        ));
    }
    let costs = state.blocking(move |s| s.readers.costs(&query)).await?;
    let site = state.site.site();
    let view = CostsView {
        tariff_names: tariff_names(&site, costs.point, &costs),
        currency: site.site.currency.clone(),
        costs,
    };
    Ok(request.answer.send(view, |v, options| {
        let tariff_name = |id: &str| {
            v.tariff_names
                .iter()
                .find(|t| t.id == id)
                .map_or_else(|| id.to_owned(), |t| t.name.clone())
        };
        let c = &v.costs;
        let name = file_name(&[
            "costs",
            &scope_part(&c.scope),
            c.point.name(),
            &period_part(request.period),
        ]);
        (name, csv::costs_csv(c, &v.currency, &tariff_name, &options))
    }))
}

// ---------------------------------------------------------------------------------------------
// The overall view.

/// One priced counter of the site over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OverallRow {
    /// The counter: `energy_active_import` (bought electricity), `energy_active_export`
    /// (fed-in electricity), `gas_volume` or `water_volume`.
    #[schema(value_type = PricedCounterName)]
    pub point: Point,
    /// What prices it: `electricity`, `gas` or `water`.
    pub commodity: &'static str,
    /// True for what is fed in (priced by the feed-in plan: its cost is revenue).
    pub export: bool,
    /// The unit of the amounts: `Wh` or `dm3`.
    pub unit: &'static str,
    /// The site's amount over the period; `null` without data.
    pub amount: Option<i64>,
    /// Its cost (revenue for what is fed in), an exact decimal in the site's currency; `null`
    /// when nothing of it was priced.
    #[schema(value_type = Option<String>)]
    pub cost: Option<Money>,
    /// The amount that nothing priced (no rule held, or the tariff had no price yet).
    pub unpriced_amount: i64,
    /// Gas only, when the site sets `gas_kwh_per_m3`: the amount's equivalent energy in Wh;
    /// `null` otherwise.
    pub equivalent_wh: Option<i64>,
    /// What is bought only, when its contract has a standing charge: the charge of every local
    /// day (or calendar month) of the period so far, each charged in full; `null` otherwise.
    #[schema(value_type = Option<String>)]
    pub standing_charge: Option<Money>,
}

/// The site's priced counters over a period, with what is bought and what is fed in apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OverallView {
    /// The period.
    pub period: PeriodSpan,
    /// The ISO 4217 code of the currency of every cost (the site's).
    pub currency: String,
    /// One row per priced counter with an amount or a cost: bought electricity, fed-in
    /// electricity, gas, water.
    pub rows: Vec<OverallRow>,
    /// What was bought: the costs of electricity bought, gas and water summed; `null` when
    /// none of them was priced.
    #[schema(value_type = Option<String>)]
    pub cost: Option<Money>,
    /// What was fed in: the fed-in electricity's revenue; `null` when it was not priced.
    #[schema(value_type = Option<String>)]
    pub export_revenue: Option<Money>,
    /// The standing charges of the rows summed; `null` when no contract has one.
    #[schema(value_type = Option<String>)]
    pub standing_charges: Option<Money>,
    /// When the electricity contract has a demand charge: one item per local calendar month
    /// the period touches up to now (a running month with its peak so far) in which the
    /// contract's meter recorded imported energy, in order. Each is the peak of the whole
    /// month, also when the period is a single day: the charge is per month. Empty otherwise.
    pub demand_charges: Vec<DemandChargeItem>,
    /// The demand charges summed (`"0"` when the meter recorded nothing in the period's
    /// months); `null` when the electricity contract has no demand charge.
    #[schema(value_type = Option<String>)]
    pub demand_charge: Option<Money>,
    /// What was bought, the standing charges and the demand charge: the bill before the feed-in
    /// revenue; `null` when none of them is known.
    #[schema(value_type = Option<String>)]
    pub total: Option<Money>,
}

/// One calendar month's demand charge: the highest 15-minute mean power that the grid
/// connection's meter imported in the month, and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DemandChargeItem {
    /// The local calendar month, `YYYY-MM`.
    #[schema(example = "2026-11")]
    pub month: String,
    /// The start of the quarter hour of the peak (the first of them on a tie), an RFC 3339
    /// instant; quarter hours are those of the clock (:00, :15, :30, :45).
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// The peak: the mean power imported over that quarter hour, in W (a quarter hour with
    /// readings missing is a mean over 15 minutes of what was measured).
    pub power_w: i64,
    /// The peak in kW × the contract's price per kW and month, an exact decimal in the site's
    /// currency.
    #[schema(value_type = String)]
    pub cost: Money,
}

/// The overall view's rows as CSV, one per counter; the demand charge of the period's months
/// is a column, filled in the row of bought electricity (as its standing charge is).
///
/// ```text
/// point;commodity;export;unit;amount;cost [EUR];unpriced_amount;equivalent_wh;standing_charge [EUR];demand_charge [EUR]
/// ```
fn overall_csv(view: &OverallView, options: &CsvOptions) -> String {
    let mut t = CsvTable::new(options);
    for header in ["point", "commodity", "export", "unit", "amount"] {
        t.text(header);
    }
    t.text(&format!("cost [{}]", view.currency))
        .text("unpriced_amount")
        .text("equivalent_wh")
        .text(&format!("standing_charge [{}]", view.currency))
        .text(&format!("demand_charge [{}]", view.currency))
        .end_row();
    for r in &view.rows {
        let demand_charge = view
            .demand_charge
            .filter(|_| is_bought_electricity(r.point));
        t.text(r.point.name())
            .text(r.commodity)
            .text(if r.export { "true" } else { "false" })
            .text(r.unit)
            .int(r.amount)
            .money(r.cost)
            .int(Some(r.unpriced_amount))
            .int(r.equivalent_wh)
            .money(r.standing_charge)
            .money(demand_charge)
            .end_row();
    }
    t.finish()
}

/// True for the counter of bought electricity, which a demand charge goes with.
fn is_bought_electricity(point: Point) -> bool {
    priced_by(point).is_some_and(|by| by.commodity == Commodity::Electricity && !by.export)
}

/// The spans of the local calendar months that [start, end) touches in `tz`, each whole, in
/// order; none when the span is empty.
fn months_of(tz: &TimeZone, start: Timestamp, end: Timestamp) -> Vec<(Timestamp, Timestamp)> {
    let mut months = Vec::new();
    if end <= start {
        return months;
    }
    let midnight = |date: Date| date.to_zoned(tz.clone()).map(|z| z.timestamp()).ok();
    let mut month = start.to_zoned(tz.clone()).date().first_of_month();
    while let (Some(from), Ok(next)) = (midnight(month), month.checked_add(1.month())) {
        if from >= end {
            break;
        }
        let Some(to) = midnight(next) else { break };
        months.push((from, to));
        month = next;
    }
    months
}

/// The demand charges of the local calendar months that [start, end) touches: the peak of
/// each whole month from the intervals of `charge.meter`, priced. A meter the store has no
/// history of has none.
async fn demand_charges(
    state: &ApiState,
    charge: &DemandCharge,
    tz: &TimeZone,
    start: Timestamp,
    end: Timestamp,
) -> ApiResult<Vec<DemandChargeItem>> {
    let months = months_of(tz, start, end);
    let meter = charge.meter.clone();
    let intervals = state
        .blocking(move |s| {
            let scope = Scope::new(ScopeKind::Device, meter.as_str());
            if months.is_empty() || !s.readers.scopes()?.iter().any(|n| n.scope == scope) {
                return Ok(Vec::new());
            }
            let point = priced_points().find(|&p| is_bought_electricity(p));
            let mut found = Vec::new();
            for (from, to) in months {
                let query = IntervalsQuery {
                    device: meter.clone(),
                    from,
                    to,
                };
                let month = s.readers.intervals(&query)?;
                found.extend(month.intervals.iter().filter_map(|i| {
                    let counter = i.counter(point?)?;
                    Some((i.start, i.end, counter.delta))
                }));
            }
            Ok(found)
        })
        .await?;
    Ok(demand_by_month(charge, tz, &intervals)
        .into_iter()
        .map(|m| DemandChargeItem {
            month: format!("{:04}-{:02}", m.month.year(), m.month.month()),
            at: m.item.at,
            power_w: m.item.power_w,
            cost: m.item.cost,
        })
        .collect())
}

/// The site's overall view over a day, month, year or ten years: for each priced counter
/// (bought electricity, fed-in electricity, gas, water) its amount, its cost, what nothing
/// priced and, for gas, its equivalent energy; the standing charges and the demand charge of
/// each month (the peak of the whole month at the grid connection's meter, also in a day's
/// view); what was bought and what was fed in, apart.
#[utoipa::path(get, path = "/history/overall", tag = "history",
    security(("session" = ["consumption"]), ("token" = ["consumption"])),
    params(OverallParams),
    responses(
        (status = 200, description = "The overall view; with `format=csv` its CSV download",
            content((OverallView = "application/json"), (String = "text/csv")),
            headers(("content-disposition" = String,
                description = "With `format=csv`: `attachment; filename=\"overall_….csv\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 422, description = "A bad parameter", body = Problem),
    ))]
pub async fn overall(
    State(state): State<ApiState>,
    query: Result<Query<OverallParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let request = params.request(&state)?;
    let period = request.period;
    let counters = state
        .blocking(move |s| {
            priced_points()
                .map(|point| {
                    let scope = Scope::site();
                    let histogram = s.readers.histogram(&HistogramQuery {
                        scope: scope.clone(),
                        point,
                        period,
                    })?;
                    let costs = s.readers.costs(&CostQuery {
                        scope,
                        point,
                        period,
                    })?;
                    Ok((histogram.current.total, costs))
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })
        .await?;
    let site = state.site.site();
    let tz = site
        .site
        .resolve_time_zone()
        .ok_or_else(|| Problem::internal("the site's time zone is not known"))?;
    let now = state.clock.now();
    let period_span = counters
        .first()
        .map(|(_, costs)| costs.period.clone())
        .ok_or_else(|| Problem::internal("no counter is priced"))?;
    let demand = site
        .tariffs
        .electricity
        .as_ref()
        .and_then(|c| c.demand_charge.as_ref());
    let demand_charges = match demand {
        Some(charge) => {
            let end = period_span.end.min(now).max(period_span.start);
            demand_charges(&state, charge, &tz, period_span.start, end).await?
        }
        None => Vec::new(),
    };
    let demand_charge = demand.map(|_| {
        demand_charges
            .iter()
            .map(|item| item.cost)
            .fold(Money(0), |sum, cost| sum + cost)
    });
    let mut rows = Vec::new();
    for (amount, costs) in counters {
        let Some(by) = priced_by(costs.point) else {
            continue;
        };
        // The periods of the span so far: a running month charges its month, not the next.
        let standing_charge = site
            .tariffs
            .contract(by.commodity)
            .and_then(|c| c.standing_charge)
            .filter(|_| !by.export)
            .map(|charge| {
                let end = period_span.end.min(now).max(period_span.start);
                standing_charge(&charge, &tz, period_span.start, end)
                    .iter()
                    .map(|item| item.amount)
                    .fold(Money(0), |sum, amount| sum + amount)
            });
        let demand_charged = demand_charge.is_some() && is_bought_electricity(costs.point);
        if amount.is_none() && costs.cost.is_none() && standing_charge.is_none() && !demand_charged
        {
            continue;
        }
        let equivalent_wh = match (by.commodity, site.tariffs.gas_kwh_per_m3, amount) {
            (Commodity::Gas, Some(factor), Some(volume)) => Some(factor.equivalent_wh(volume)),
            _ => None,
        };
        rows.push(OverallRow {
            point: costs.point,
            commodity: by.commodity.name(),
            export: by.export,
            unit: costs.unit.symbol(),
            amount,
            cost: costs.cost,
            unpriced_amount: costs.unpriced_amount(),
            equivalent_wh,
            standing_charge,
        });
    }
    let sum = |export: bool| {
        rows.iter()
            .filter(|r| r.export == export)
            .filter_map(|r| r.cost)
            .reduce(|a, b| a + b)
    };
    let standing_charges = rows
        .iter()
        .filter_map(|r| r.standing_charge)
        .reduce(|a, b| a + b);
    let cost = sum(false);
    let view = OverallView {
        period: period_span,
        currency: site.site.currency.clone(),
        cost,
        export_revenue: sum(true),
        standing_charges,
        total: [cost, standing_charges, demand_charge]
            .into_iter()
            .flatten()
            .reduce(|a, b| a + b),
        demand_charges,
        demand_charge,
        rows,
    };
    Ok(request.answer.send(view, |v, options| {
        let name = file_name(&["overall", &period_part(period)]);
        (name, overall_csv(v, &options))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_span_touches_its_local_months_each_whole_across_a_change_of_the_clocks() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        // A day of October: the whole of October (local midnight to local midnight, 31 days
        // and one hour, the clocks going back on the 25th).
        let october = months_of(
            &rome,
            at("2026-10-24T22:00:00Z"),
            at("2026-10-25T23:00:00Z"),
        );
        assert_eq!(
            october,
            [(at("2026-09-30T22:00:00Z"), at("2026-10-31T23:00:00Z"))]
        );
        // A year so far: January to the running November, none after it.
        let year = months_of(
            &rome,
            at("2025-12-31T23:00:00Z"),
            at("2026-11-22T00:30:00Z"),
        );
        assert_eq!(year.len(), 11);
        assert_eq!(year[10].0, at("2026-10-31T23:00:00Z"));
        // A span that ends at a month's first instant does not touch that month.
        assert_eq!(
            months_of(
                &rome,
                at("2026-10-24T22:00:00Z"),
                at("2026-10-31T23:00:00Z")
            )
            .len(),
            1
        );
        assert_eq!(
            months_of(
                &rome,
                at("2026-10-24T22:00:00Z"),
                at("2026-10-24T22:00:00Z")
            ),
            []
        );
    }
}
