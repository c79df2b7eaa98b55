//! Consumption and history queries: what the web pages, reports and downloads ask the store, what
//! it answers, and the [`HistoryReader`] trait every back end implements.
//!
//! Design decisions:
//! - **Histograms read rollups only.** A day is one row of hours, a month one row of days, a
//!   year one row of months and ten years ten rows of months, whatever the sample rate: a
//!   ten-year histogram never touches interval records.
//! - **Gaps are explicit**: a bucket without data has no amount (`None`), never 0; its
//!   `coverage` says how much of it was measured, `estimated` whether part of its amount was
//!   spread over an outage.
//! - **Coverage** of a bucket is the measured minutes over the bucket's minutes times the
//!   number of devices that count: 1 for a device; for a load, group, panel board or the site,
//!   the devices now in it that record the counter (all devices now in it when none does yet).
//!   It is capped at 1.
//! - Results are plain data, `serde::Serialize`: times are RFC 3339 (UTC) with the local label
//!   beside them, points by name, units by symbol, the site's time zone by its IANA name. They
//!   carry the time zone so that [`crate::csv`] can print local offsets.
//! - Checks that need no data (a counter where a counter is needed, sizes and ranges) are
//!   methods of the queries, so that every back end answers the same errors.

use crate::calendar::{Calendar, Period, PeriodKind};
use crate::codec::Slot;
use crate::error::StoreError;
use crate::pricing::{UNPRICED, priced_by, priced_points};
use crate::record::{IntervalRecord, StatInterval};
use crate::scope::{NamedScope, Scope, ScopeKind, rolls_into_aggregates};
use ems_model::tariff::Money;
use ems_model::{DeviceId, Point, Unit};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// The most points a time series may be down-sampled to.
pub const MAX_TIME_SERIES_POINTS: u32 = 100_000;

/// The longest range of raw interval records one request may download, in days.
pub const MAX_INTERVAL_DAYS: i64 = 400;

// ---------------------------------------------------------------------------------------------
// Queries.

/// A histogram of one counter of one scope over a period, with the previous period beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistogramQuery {
    /// The site, a device, a load, a group or a panel board.
    pub scope: Scope,
    /// The counter (`energy_active_import`, `gas_volume`, …).
    pub point: Point,
    /// The period: a day by hour, a month by day, a year by month or ten years by year.
    pub period: Period,
}

impl HistogramQuery {
    /// Checks what needs no data: the point must be a counter that the scope keeps.
    pub fn check(&self) -> Result<(), StoreError> {
        check_counter(&self.scope, self.point)
    }
}

/// The costs of one priced counter ([`crate::pricing`]) of one scope over a period, by tariff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostQuery {
    /// The site, a device, a load, a group or a panel board.
    pub scope: Scope,
    /// The priced counter (`energy_active_import`, `energy_active_export`, `gas_volume`,
    /// `water_volume`).
    pub point: Point,
    /// The period: a day by hour, a month by day, a year by month or ten years by year.
    pub period: Period,
}

impl CostQuery {
    /// Checks what needs no data: the point must be a priced counter.
    pub fn check(&self) -> Result<(), StoreError> {
        if priced_by(self.point).is_none() {
            let priced: Vec<&str> = priced_points().map(Point::name).collect();
            return Err(StoreError::Invalid(format!(
                "{} is not priced: costs are kept of {}",
                self.point,
                priced.join(", ")
            )));
        }
        check_counter(&self.scope, self.point)
    }
}

/// The histograms of one counter for every load, every group or every panel board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialsQuery {
    /// [`ScopeKind::Load`], [`ScopeKind::Group`] or [`ScopeKind::PanelBoard`].
    pub kind: ScopeKind,
    /// The counter.
    pub point: Point,
    /// The period.
    pub period: Period,
}

impl PartialsQuery {
    /// Checks what needs no data: an aggregate kind, and a counter summed into aggregates.
    pub fn check(&self) -> Result<(), StoreError> {
        match self.kind {
            ScopeKind::Load | ScopeKind::Group | ScopeKind::PanelBoard => {
                check_counter(&Scope::new(self.kind, ""), self.point)
            }
            kind => Err(StoreError::Invalid(format!(
                "partials are by load, group or panel_board, not by {kind}"
            ))),
        }
    }
}

/// One counter of one scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScopedPoint {
    /// The scope.
    pub scope: Scope,
    /// The counter.
    pub point: Point,
}

/// Two counters of two scopes over one period, side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareQuery {
    /// The first.
    pub first: ScopedPoint,
    /// The second.
    pub second: ScopedPoint,
    /// The period.
    pub period: Period,
}

impl CompareQuery {
    /// Checks what needs no data: two counters, of the same dimension (energy with energy,
    /// volume with volume).
    pub fn check(&self) -> Result<(), StoreError> {
        check_counter(&self.first.scope, self.first.point)?;
        check_counter(&self.second.scope, self.second.point)?;
        let (a, b) = (self.first.point, self.second.point);
        if a.unit().dimension() != b.unit().dimension() {
            return Err(StoreError::Invalid(format!(
                "{a} ({}) and {b} ({}) measure different things: they can only be compared by \
                 cost, which needs tariffs",
                a.unit(),
                b.unit()
            )));
        }
        Ok(())
    }
}

/// A momentary quantity of a device over `[from, to)`, down-sampled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSeriesQuery {
    /// The device.
    pub device: DeviceId,
    /// The momentary quantity (`voltage_l1`, `active_power`, …).
    pub point: Point,
    /// Start (inclusive): intervals starting at or after it.
    pub from: Timestamp,
    /// End (exclusive): intervals starting before it.
    pub to: Timestamp,
    /// The most buckets wanted, 1 to [`MAX_TIME_SERIES_POINTS`].
    pub max_points: u32,
}

impl TimeSeriesQuery {
    /// Checks what needs no data: a momentary quantity, a non-empty range, a sensible number of
    /// points.
    pub fn check(&self) -> Result<(), StoreError> {
        if self.point.is_counter() {
            return Err(StoreError::Invalid(format!(
                "{} is a counter: time series are for momentary values, histograms for \
                 counters",
                self.point
            )));
        }
        if self.max_points == 0 || self.max_points > MAX_TIME_SERIES_POINTS {
            return Err(StoreError::Invalid(format!(
                "max_points must be between 1 and {MAX_TIME_SERIES_POINTS}, not {}",
                self.max_points
            )));
        }
        check_range(self.from, self.to)
    }
}

/// The raw interval records of a device over `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntervalsQuery {
    /// The device.
    pub device: DeviceId,
    /// Start (inclusive): intervals starting at or after it.
    pub from: Timestamp,
    /// End (exclusive): intervals starting before it.
    pub to: Timestamp,
}

impl IntervalsQuery {
    /// Checks what needs no data: a non-empty range of at most [`MAX_INTERVAL_DAYS`] days.
    pub fn check(&self) -> Result<(), StoreError> {
        check_range(self.from, self.to)?;
        if self.to.duration_since(self.from) > SignedDuration::from_hours(24 * MAX_INTERVAL_DAYS) {
            return Err(StoreError::Invalid(format!(
                "the range {} to {} is longer than {MAX_INTERVAL_DAYS} days: download it in parts",
                self.from, self.to
            )));
        }
        Ok(())
    }
}

fn check_counter(scope: &Scope, point: Point) -> Result<(), StoreError> {
    if !point.is_counter() {
        return Err(StoreError::Invalid(format!(
            "{point} is a momentary value: histograms are for counters (energy, volumes), time \
             series for momentary values"
        )));
    }
    if scope.kind != ScopeKind::Device && !rolls_into_aggregates(point) {
        return Err(StoreError::Invalid(format!(
            "{point} is kept per device only: a sum over a {} means nothing",
            scope.kind
        )));
    }
    Ok(())
}

fn check_range(from: Timestamp, to: Timestamp) -> Result<(), StoreError> {
    if from >= to {
        return Err(StoreError::Invalid(format!(
            "the range {from} to {to} is empty: its start must come before its end"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Results.

fn serialize_time_zone<S: Serializer>(tz: &TimeZone, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.iana_name().unwrap_or("UTC"))
}

fn serialize_period_kind<S: Serializer>(kind: &PeriodKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.as_str())
}

/// A period as results show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodSpan {
    /// `day`, `month`, `year` or `decade`.
    #[serde(serialize_with = "serialize_period_kind")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: PeriodKind,
    /// Its first local day.
    pub first: Date,
    /// Its label: `2026-11-21`, `2026-11`, `2026`, `2017–2026`.
    pub label: String,
    /// Start (UTC).
    pub start: Timestamp,
    /// End (UTC, exclusive).
    pub end: Timestamp,
}

impl PeriodSpan {
    /// A period in a calendar.
    pub fn of(calendar: &Calendar, period: Period) -> PeriodSpan {
        let (start, end) = calendar.bounds(period);
        PeriodSpan {
            kind: period.kind,
            first: period.first,
            label: period.label(),
            start,
            end,
        }
    }
}

/// One bar of a histogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistogramBucket {
    /// Start (UTC).
    pub start: Timestamp,
    /// End (UTC, exclusive).
    pub end: Timestamp,
    /// Local label: `14:00`, `2026-11-21`, `2026-11`, `2026`.
    pub label: String,
    /// The amount in the point's canonical unit; `None` when nothing was measured.
    pub amount: Option<i64>,
    /// The share of the bucket that was measured, 0 to 1 (see the module documentation).
    pub coverage: f64,
    /// True when part of the amount was spread over an outage (its share of the bucket is an
    /// estimate; the sum over the outage is exact).
    pub estimated: bool,
}

/// The buckets of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Series {
    /// The period.
    pub period: PeriodSpan,
    /// Its buckets, in order.
    pub buckets: Vec<HistogramBucket>,
    /// The sum of the amounts; `None` when no bucket has one.
    pub total: Option<i64>,
}

impl Series {
    /// The series of a period from its rollup slots: `slots[i]` is the sum over the devices
    /// counted of bucket `i` (hour from local midnight, day of the month, month of the year,
    /// year of the ten), `devices` how many devices count for coverage.
    pub fn from_slots(calendar: &Calendar, period: Period, slots: &[Slot], devices: i64) -> Series {
        let devices = devices.max(1);
        let buckets: Vec<HistogramBucket> = calendar
            .buckets(period)
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                let slot = slots.get(i).copied().unwrap_or_default();
                let has_data = slot.covered_minutes > 0 || slot.amount != 0;
                let minutes = b.end.duration_since(b.start).as_secs() / 60;
                let possible = minutes.saturating_mul(devices);
                let coverage = if possible > 0 {
                    (slot.covered_minutes.max(0) as f64 / possible as f64).min(1.0)
                } else {
                    0.0
                };
                HistogramBucket {
                    start: b.start,
                    end: b.end,
                    label: b.label,
                    amount: has_data.then_some(slot.amount),
                    coverage,
                    estimated: slot.estimated_minutes > 0,
                }
            })
            .collect();
        let total = buckets
            .iter()
            .filter_map(|b| b.amount)
            .fold(None, |sum: Option<i64>, a| {
                Some(sum.unwrap_or(0).saturating_add(a))
            });
        Series {
            period: PeriodSpan::of(calendar, period),
            buckets,
            total,
        }
    }
}

/// A histogram of one counter of one scope, with the previous period beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Histogram {
    /// The scope.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub scope: Scope,
    /// Its display name.
    pub name: String,
    /// The counter.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub point: Point,
    /// The unit of the amounts: the counter's canonical unit (`Wh`, `dm3`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: Unit,
    /// The site's time zone (its IANA name).
    #[serde(serialize_with = "serialize_time_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub time_zone: TimeZone,
    /// The period asked for.
    pub current: Series,
    /// The period before it (yesterday, last month, last year, the ten years before).
    pub previous: Series,
}

/// A counter's amount at one tariff, and its cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TariffShare {
    /// The tariff's id (`dynamic` for imported prices); empty for the amount that nothing
    /// priced (no rule held, or the tariff had no price yet).
    pub tariff: String,
    /// The amount at this tariff, in the counter's canonical unit.
    pub amount: i64,
    /// Its cost, an exact decimal in the site's currency; `None` where nothing priced it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cost: Option<Money>,
    /// True when part of the amount was spread over an outage.
    pub estimated: bool,
}

/// One bar of a cost histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostBucket {
    /// Start (UTC).
    pub start: Timestamp,
    /// End (UTC, exclusive).
    pub end: Timestamp,
    /// Local label: `14:00`, `2026-11-21`, `2026-11`, `2026`.
    pub label: String,
    /// The amount and cost at each tariff with data, by tariff id (the unpriced share last).
    pub tariffs: Vec<TariffShare>,
    /// The cost of the bucket (the priced shares summed); `None` when nothing was priced.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cost: Option<Money>,
}

/// The costs of one priced counter of one scope over a period, by tariff: the histogram of the
/// tariffs view and, in `tariffs`, the totals its pie shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Costs {
    /// The scope.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub scope: Scope,
    /// Its display name.
    pub name: String,
    /// The counter.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub point: Point,
    /// The unit of the amounts: the counter's canonical unit (`Wh`, `dm3`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: Unit,
    /// The site's time zone (its IANA name).
    #[serde(serialize_with = "serialize_time_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub time_zone: TimeZone,
    /// The period.
    pub period: PeriodSpan,
    /// Its buckets, in order.
    pub buckets: Vec<CostBucket>,
    /// The totals over the period at each tariff with data (the unpriced share last).
    pub tariffs: Vec<TariffShare>,
    /// The cost of the period; `None` when nothing was priced.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cost: Option<Money>,
}

impl Costs {
    /// The amount of the period that nothing priced.
    pub fn unpriced_amount(&self) -> i64 {
        self.tariffs
            .iter()
            .filter(|t| t.cost.is_none())
            .map(|t| t.amount)
            .sum()
    }
}

/// The amount and cost of one tariff in one bucket, as the store sums them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TariffSlot {
    /// The amount (in the counter's unit), its minutes covered and estimated.
    pub quantity: Slot,
    /// The cost in micro-units (in `amount`).
    pub cost: i64,
}

impl TariffSlot {
    /// Adds `other`.
    pub fn add(&mut self, other: TariffSlot) {
        self.quantity.add(other.quantity);
        self.cost = self.cost.wrapping_add(other.cost);
    }

    fn share(self, tariff: &str) -> Option<TariffShare> {
        (self != TariffSlot::default()).then(|| TariffShare {
            tariff: tariff.to_owned(),
            amount: self.quantity.amount,
            cost: (tariff != UNPRICED).then_some(Money(self.cost)),
            estimated: self.quantity.estimated_minutes > 0,
        })
    }
}

/// Shares in the order results show them: by tariff id, the unpriced share last.
fn ordered(mut shares: Vec<TariffShare>) -> Vec<TariffShare> {
    shares
        .sort_by(|a, b| (a.tariff == UNPRICED, &a.tariff).cmp(&(b.tariff == UNPRICED, &b.tariff)));
    shares
}

fn sum_costs<'a>(shares: impl IntoIterator<Item = &'a TariffShare>) -> Option<Money> {
    shares
        .into_iter()
        .filter_map(|s| s.cost)
        .fold(None, |sum: Option<Money>, c| {
            Some(Money(sum.map_or(0, |s| s.0).saturating_add(c.0)))
        })
}

impl Costs {
    /// The costs of a scope's counter over a period from its slots by tariff:
    /// `slots[tariff][i]` is bucket `i` (hour from local midnight, day of the month, month of
    /// the year, year of the ten).
    pub fn from_slots(
        calendar: &Calendar,
        (scope, name): (Scope, String),
        point: Point,
        period: Period,
        slots: &BTreeMap<String, Vec<TariffSlot>>,
    ) -> Costs {
        let buckets: Vec<CostBucket> = calendar
            .buckets(period)
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                let tariffs = ordered(
                    slots
                        .iter()
                        .filter_map(|(tariff, s)| s.get(i).copied()?.share(tariff))
                        .collect(),
                );
                CostBucket {
                    start: b.start,
                    end: b.end,
                    label: b.label,
                    cost: sum_costs(&tariffs),
                    tariffs,
                }
            })
            .collect();
        let totals = ordered(
            slots
                .iter()
                .filter_map(|(tariff, s)| {
                    let mut total = TariffSlot::default();
                    for slot in s.iter().take(buckets.len()) {
                        total.add(*slot);
                    }
                    total.share(tariff)
                })
                .collect(),
        );
        Costs {
            scope,
            name,
            point,
            unit: point.unit(),
            time_zone: calendar.time_zone().clone(),
            period: PeriodSpan::of(calendar, period),
            buckets,
            cost: sum_costs(&totals),
            tariffs: totals,
        }
    }
}

/// One part of a partials view: a load, group or panel board.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Part {
    /// The scope.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub scope: Scope,
    /// Its display name.
    pub name: String,
    /// The period asked for.
    pub current: Series,
    /// The period before it.
    pub previous: Series,
}

/// The histograms of one counter for every load, group or panel board that has devices now or
/// data in the periods shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partials {
    /// Load, group or panel board.
    pub kind: ScopeKind,
    /// The counter.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub point: Point,
    /// The unit of the amounts.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: Unit,
    /// The site's time zone (its IANA name).
    #[serde(serialize_with = "serialize_time_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub time_zone: TimeZone,
    /// The parts, by id (the implicit load `others` last).
    pub parts: Vec<Part>,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComparedSeries {
    /// The scope.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub scope: Scope,
    /// Its display name.
    pub name: String,
    /// The counter.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub point: Point,
    /// The unit of the amounts.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: Unit,
    /// The series.
    pub series: Series,
}

/// Two counters over one period, side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    /// The site's time zone (its IANA name).
    #[serde(serialize_with = "serialize_time_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub time_zone: TimeZone,
    /// The first.
    pub first: ComparedSeries,
    /// The second.
    pub second: ComparedSeries,
}

/// One bucket of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeSeriesPoint {
    /// Start (UTC).
    pub start: Timestamp,
    /// End (UTC, exclusive).
    pub end: Timestamp,
    /// The mean of the intervals' means, weighted by their lengths.
    pub mean: f64,
    /// The smallest of their minimums.
    pub min: f64,
    /// The largest of their maximums.
    pub max: f64,
    /// How many intervals it summarises.
    pub intervals: u32,
}

/// A momentary quantity of a device, down-sampled. Buckets without data are absent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeSeries {
    /// The device.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub device: DeviceId,
    /// Its display name.
    pub name: String,
    /// The quantity.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub point: Point,
    /// Its canonical unit.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: Unit,
    /// The site's time zone (its IANA name).
    #[serde(serialize_with = "serialize_time_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub time_zone: TimeZone,
    /// Start of the range (UTC).
    pub from: Timestamp,
    /// End of the range (UTC, exclusive).
    pub to: Timestamp,
    /// The length of a bucket: a whole number of sample intervals. Buckets are counted from
    /// `from`.
    pub bucket_minutes: u64,
    /// The buckets that hold data, in order.
    pub points: Vec<TimeSeriesPoint>,
}

/// A counter of one interval record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterValue {
    /// The counter.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub point: Point,
    /// Its canonical unit.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: Unit,
    /// The device's counter at the end of the interval.
    pub end_value: i64,
    /// The amount of the interval.
    pub delta: i64,
    /// The amount was spread over a gap in the readings.
    pub estimated: bool,
    /// The counter started a new baseline within the interval.
    pub reset: bool,
}

/// Statistics of one momentary quantity over one interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatValue {
    /// The quantity.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub point: Point,
    /// Its canonical unit.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub unit: Unit,
    /// Time-weighted mean.
    pub mean: f64,
    /// Smallest reading.
    pub min: f64,
    /// Largest reading.
    pub max: f64,
}

/// One interval record as downloads show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntervalRow {
    /// Start (UTC).
    pub start: Timestamp,
    /// End (UTC, exclusive).
    pub end: Timestamp,
    /// Length in minutes.
    pub minutes: u16,
    /// Counters, by point.
    pub counters: Vec<CounterValue>,
    /// Statistics, by point.
    pub stats: Vec<StatValue>,
}

impl IntervalRow {
    /// The counter of `point`, if the interval has it.
    pub fn counter(&self, point: Point) -> Option<&CounterValue> {
        self.counters.iter().find(|c| c.point == point)
    }

    /// The statistics of `point`, if the interval has them.
    pub fn stat(&self, point: Point) -> Option<&StatValue> {
        self.stats.iter().find(|s| s.point == point)
    }
}

impl From<&IntervalRecord> for IntervalRow {
    fn from(r: &IntervalRecord) -> Self {
        IntervalRow {
            start: r.start,
            end: r.end(),
            minutes: r.minutes,
            counters: r
                .counters
                .iter()
                .map(|c| CounterValue {
                    point: c.point,
                    unit: c.point.unit(),
                    end_value: c.end_value,
                    delta: c.delta,
                    estimated: c.flags.estimated,
                    reset: c.flags.reset,
                })
                .collect(),
            stats: r
                .stats
                .iter()
                .map(|s| StatValue {
                    point: s.point,
                    unit: s.point.unit(),
                    mean: s.mean,
                    min: s.min,
                    max: s.max,
                })
                .collect(),
        }
    }
}

/// The raw interval records of a device (the "data download").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Intervals {
    /// The device.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub device: DeviceId,
    /// Its display name.
    pub name: String,
    /// The site's time zone (its IANA name).
    #[serde(serialize_with = "serialize_time_zone")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub time_zone: TimeZone,
    /// Start of the range (UTC).
    pub from: Timestamp,
    /// End of the range (UTC, exclusive).
    pub to: Timestamp,
    /// The records, by start.
    pub intervals: Vec<IntervalRow>,
}

// ---------------------------------------------------------------------------------------------
// Down-sampling.

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The shortest length that is a whole number of each of the given interval lengths (their
/// least common multiple); `None` when there are none.
pub fn common_interval_minutes(lengths: impl IntoIterator<Item = u16>) -> Option<u64> {
    lengths
        .into_iter()
        .filter(|m| *m > 0)
        .map(u64::from)
        .fold(None, |acc, m| {
            Some(match acc {
                None => m,
                Some(a) => a / gcd(a, m) * m,
            })
        })
}

#[derive(Default)]
struct Accumulator {
    weighted: f64,
    weight: f64,
    min: f64,
    max: f64,
    count: u32,
}

/// Down-samples interval statistics `(start, minutes, statistics)` starting in `[from, to)` to
/// at most `max_points` buckets counted from `from`, each `base_minutes × k` long for the
/// smallest `k` that keeps within `max_points`. A bucket holds the intervals that start in it:
/// the mean of their means weighted by their lengths, the least minimum and the greatest
/// maximum. Buckets without intervals are left out. Returns the bucket length in minutes and
/// the buckets.
pub fn downsample(
    from: Timestamp,
    to: Timestamp,
    max_points: u32,
    base_minutes: u64,
    intervals: impl IntoIterator<Item = (Timestamp, u16, StatInterval)>,
) -> (u64, Vec<TimeSeriesPoint>) {
    let range = to.duration_since(from).as_secs().max(1) as u64;
    let base = base_minutes.max(1).saturating_mul(60);
    let per_bucket = base.saturating_mul(u64::from(max_points.max(1)));
    let k = range.div_ceil(per_bucket).max(1);
    let bucket = base.saturating_mul(k);
    let mut buckets: BTreeMap<u64, Accumulator> = BTreeMap::new();
    for (start, minutes, stat) in intervals {
        if start < from || start >= to {
            continue;
        }
        let offset = start.duration_since(from).as_secs() as u64;
        let acc = buckets
            .entry(offset / bucket)
            .or_insert_with(|| Accumulator {
                min: f64::INFINITY,
                max: f64::NEG_INFINITY,
                ..Accumulator::default()
            });
        let weight = f64::from(minutes.max(1));
        acc.weighted += stat.mean * weight;
        acc.weight += weight;
        acc.min = acc.min.min(stat.min);
        acc.max = acc.max.max(stat.max);
        acc.count += 1;
    }
    let at = |seconds: u64| {
        let offset = SignedDuration::from_secs(i64::try_from(seconds).unwrap_or(i64::MAX));
        from.checked_add(offset).unwrap_or(to).min(to)
    };
    let points = buckets
        .into_iter()
        .map(|(index, acc)| TimeSeriesPoint {
            start: at(index.saturating_mul(bucket)),
            end: at(index.saturating_add(1).saturating_mul(bucket)),
            mean: acc.weighted / acc.weight,
            min: acc.min,
            max: acc.max,
            intervals: acc.count,
        })
        .collect();
    (bucket / 60, points)
}

// ---------------------------------------------------------------------------------------------
// The trait.

/// Reading consumption history. Every store back end implements it; it exposes no type of any
/// database.
pub trait HistoryReader {
    /// A histogram of one counter of one scope over a period, with the previous period beside
    /// it. Reads rollups only.
    ///
    /// Errors: [`StoreError::Invalid`] for an unknown scope (naming it), a momentary point, a
    /// per-device counter (`run_time`) asked of an aggregate, or when no site configuration is
    /// saved.
    fn histogram(&self, query: &HistogramQuery) -> Result<Histogram, StoreError>;

    /// The histograms of one counter for every load, group or panel board that has devices now
    /// or data in the periods shown (the implicit load `others` included when it has either).
    fn partials(&self, query: &PartialsQuery) -> Result<Partials, StoreError>;

    /// Two counters of two scopes over one period. [`StoreError::Invalid`] when their units
    /// measure different things (energy and volume can only be compared by cost).
    fn compare(&self, query: &CompareQuery) -> Result<Comparison, StoreError>;

    /// A momentary quantity of a device over a range, down-sampled to at most
    /// `query.max_points` buckets. [`StoreError::Invalid`] for a counter, an empty range or a
    /// number of points out of bounds.
    fn time_series(&self, query: &TimeSeriesQuery) -> Result<TimeSeries, StoreError>;

    /// The raw interval records of a device over a range of at most [`MAX_INTERVAL_DAYS`]
    /// days.
    fn intervals(&self, query: &IntervalsQuery) -> Result<Intervals, StoreError>;

    /// The costs of one priced counter of one scope over a period, by tariff. Reads cost
    /// rollups only. Errors as [`HistoryReader::histogram`], and for a counter that is not
    /// priced.
    fn costs(&self, query: &CostQuery) -> Result<Costs, StoreError>;

    /// Every scope the store knows, with its display name.
    fn scopes(&self) -> Result<Vec<NamedScope>, StoreError>;

    /// What each scope has stored history of (scopes with none are left out). Reads the
    /// rollup rows of years and at most two interval blocks per device, never the intervals
    /// themselves.
    fn stored_points(&self) -> Result<BTreeMap<Scope, StoredPoints>, StoreError>;
}

/// The points a scope has stored history of, each list in canonical order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredPoints {
    /// The counters with amounts stored for the scope (in its rollups): of a device, every
    /// counter it recorded; of a load, group, panel board or the site, the counters summed into
    /// it ([`rolls_into_aggregates`]) from the devices that were in it.
    pub counters: Vec<Point>,
    /// Of a device, the momentary quantities of its latest interval record and of its latest
    /// finished day (the latest compacted day block); empty for aggregates, which store counters
    /// only.
    pub quantities: Vec<Point>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::Date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn point(name: &str) -> Point {
        Point::from_name(name).unwrap()
    }

    fn stat(mean: f64, min: f64, max: f64) -> StatInterval {
        StatInterval {
            point: point("voltage_l1"),
            mean,
            min,
            max,
        }
    }

    #[test]
    fn a_bucket_without_data_has_no_amount_and_the_total_skips_it() {
        let cal = Calendar::new(TimeZone::get("Europe/Rome").unwrap());
        let period = Period::containing(PeriodKind::Day, Date::constant(2026, 6, 1));
        let slots = [
            Slot::default(),
            Slot {
                amount: 0,
                covered_minutes: 60,
                estimated_minutes: 0,
            },
            Slot {
                amount: 7,
                covered_minutes: 30,
                estimated_minutes: 15,
            },
        ];
        let s = Series::from_slots(&cal, period, &slots, 2);
        assert_eq!(s.buckets.len(), 24);
        assert_eq!(s.buckets[0].amount, None);
        assert_eq!(s.buckets[1].amount, Some(0));
        assert_eq!(s.buckets[1].coverage, 0.5);
        assert_eq!(s.buckets[2].amount, Some(7));
        assert_eq!(s.buckets[2].coverage, 0.25);
        assert!(s.buckets[2].estimated && !s.buckets[1].estimated);
        assert_eq!(s.buckets[23].amount, None);
        assert_eq!(s.total, Some(7));
        assert_eq!(Series::from_slots(&cal, period, &[], 1).total, None);
    }

    #[test]
    fn downsampling_keeps_whole_intervals_and_leaves_out_empty_buckets() {
        let from = ts("2026-06-01T00:00:00Z");
        let to = ts("2026-06-01T02:00:00Z");
        let q = |m: i64| from + SignedDuration::from_mins(m);
        let data = vec![
            (q(0), 15, stat(230.0, 229.0, 231.0)),
            (q(15), 15, stat(232.0, 228.0, 236.0)),
            (q(90), 15, stat(240.0, 240.0, 240.0)),
            (q(120), 15, stat(1.0, 1.0, 1.0)), // outside the range
        ];
        // 8 intervals into at most 3 buckets: 45 minutes each.
        let (minutes, points) = downsample(from, to, 3, 15, data);
        assert_eq!(minutes, 45);
        assert_eq!(points.len(), 2);
        assert_eq!((points[0].start, points[0].end), (q(0), q(45)));
        assert_eq!(
            (points[0].mean, points[0].min, points[0].max),
            (231.0, 228.0, 236.0)
        );
        assert_eq!(points[0].intervals, 2);
        assert_eq!((points[1].start, points[1].end), (q(90), q(120)));
        assert_eq!(points[1].mean, 240.0);
    }

    #[test]
    fn the_common_interval_is_a_whole_number_of_every_length() {
        assert_eq!(common_interval_minutes([10, 15]), Some(30));
        assert_eq!(common_interval_minutes([5, 15, 60]), Some(60));
        assert_eq!(common_interval_minutes([]), None);
    }

    #[test]
    fn queries_refuse_what_they_cannot_answer_without_reading() {
        let day = Period::containing(PeriodKind::Day, Date::constant(2026, 6, 1));
        let h = HistogramQuery {
            scope: Scope::site(),
            point: point("voltage_l1"),
            period: day,
        };
        let e = h.check().unwrap_err().to_string();
        assert!(e.contains("histograms are for counters"), "{e}");
        let run = HistogramQuery {
            point: point("run_time"),
            ..h.clone()
        };
        assert!(run.check().is_err());
        let p = PartialsQuery {
            kind: ScopeKind::Device,
            point: point("energy_active_import"),
            period: day,
        };
        assert!(p.check().is_err());
        let c = CompareQuery {
            first: ScopedPoint {
                scope: Scope::site(),
                point: point("energy_active_import"),
            },
            second: ScopedPoint {
                scope: Scope::site(),
                point: point("gas_volume"),
            },
            period: day,
        };
        let e = c.check().unwrap_err().to_string();
        assert!(e.contains("only be compared by cost"), "{e}");
        let device = DeviceId::new("main").unwrap();
        let t = TimeSeriesQuery {
            device: device.clone(),
            point: point("voltage_l1"),
            from: ts("2026-06-01T00:00:00Z"),
            to: ts("2026-06-02T00:00:00Z"),
            max_points: 0,
        };
        assert!(t.check().is_err());
        assert!(
            TimeSeriesQuery {
                max_points: 100_001,
                ..t.clone()
            }
            .check()
            .is_err()
        );
        assert!(
            TimeSeriesQuery {
                max_points: 1,
                ..t.clone()
            }
            .check()
            .is_ok()
        );
        let i = IntervalsQuery {
            device,
            from: ts("2025-01-01T00:00:00Z"),
            to: ts("2026-02-05T00:00:01Z"),
        };
        let e = i.check().unwrap_err().to_string();
        assert!(e.contains("longer than 400 days"), "{e}");
    }
}
