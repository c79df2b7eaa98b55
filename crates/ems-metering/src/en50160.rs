//! The EN 50160 check: one observation period (normally a week) of IEC 61000-4-30 aggregated
//! values against the voltage characteristics of EN 50160:2010 ("Voltage characteristics of
//! electricity supplied by public electricity networks"), the "LAST WEEK EN50160 CHECK: OK or
//! KO" of the EQ device in the seed manuals, with the shares behind it.
//!
//! # What is checked
//!
//! Clause numbers are those of EN 50160:2010, low voltage (clause 4) and medium voltage
//! (clause 5); "week" is the observation period given.
//!
//! | characteristic | values | limits | clause |
//! |---|---|---|---|
//! | power frequency, interconnected | 10-s means | ±1 % during 99.5 %, +4 %/-6 % during 100 % | 4.2.1, 5.2.1 |
//! | power frequency, island | 10-s means | ±2 % during 95 %, ±15 % during 100 % | 4.2.1, 5.2.1 |
//! | supply voltage, LV | 10-min r.m.s. per channel | Un ±10 % during 95 %, Un +10 %/-15 % during 100 % | 4.2.2 |
//! | supply voltage, MV | 10-min r.m.s. per channel | Uc ±10 % during 99 %, Uc ±15 % during 100 % | 5.2.2 |
//! | supply voltage, island | 10-min r.m.s. per channel | +10 %/-15 % during 100 % | 4.2.2, 5.2.2 |
//! | unbalance (three-phase) | 10-min u2/u1 | ≤ 2 % (or up to 3 %) during 95 % | 4.2.4, 5.2.4 |
//! | THD (orders 2 to 40) | 10-min per channel | ≤ 8 % during 95 % | 4.2.5, 5.2.5 |
//! | harmonics 2 to 25 | 10-min per channel | ≤ Table 1 ([`harmonic_limit_percent`]) during 95 % | 4.2.5 (Table 1), 5.2.5 |
//!
//! The standard states the interconnected frequency limits over a *year* (99.5 % of a year)
//! and the others over each week. A weekly check applies the year's share to the week: a
//! stricter reading, and the one the seed's weekly OK / KO needs. Not checked: rapid voltage
//! changes and flicker, interharmonics, mains signalling, and the voltage events (dips,
//! swells, interruptions), which are counted, not limited.
//!
//! The limits come from the 2010 edition as its public summaries and instrument manuals
//! repeat them (e.g. Rockwell 1426-UM001J Appendix H, Schneider Electric 7EN72-0197); its
//! amendments (A1:2015, A2:2019, A3:2019) are not known to change them. EN 50160:2022 is not
//! covered.
//!
//! # Design decisions
//!
//! - **Pure.** [`evaluate`] takes the supply, the period and the two series of values (10-min
//!   and 10-s, as an aggregator produces them, in any order, longer than the period or not)
//!   and returns a [`Report`]. No clock, no I/O; [`Period::last_week`] takes `now`.
//! - **Channels.** Per [`Wiring`]: line-to-neutral voltages for systems with a neutral,
//!   line-to-line for `3p3w`; [`SupplyCharacteristics::nominal_voltage_v`] is the nominal of
//!   the voltages given. The unbalance is checked for three-phase systems only. The wild-leg
//!   delta, with two nominal voltages, is refused (EN 50160 has no limits for it).
//! - **Flagged values are left out.** A value flagged by the aggregator (a dip, swell or
//!   interruption during its interval; IEC 61000-4-30:2015, 4.7) is counted as present but left
//!   out of the shares: the standard's limits hold "under normal operating conditions", and the
//!   event itself belongs to the event statistics. Shares are `within / valid`, with
//!   `valid = values - flagged`.
//! - **Insufficient data is never a pass.** An item whose present values (flagged or not) fall
//!   below [`SupplyCharacteristics::minimum_coverage_percent`] of the expected count (default
//!   90 %: 908 of a week's 1 008 10-min values), or that has no valid value, is
//!   [`Verdict::InsufficientData`] — unless it fails whatever the missing values would have
//!   been (a value outside a 100 % limit, or more values outside than the missing ones could
//!   make up for), which is a [`Verdict::Fail`].
//! - **Boundaries are inclusive, twice.** A value equal to a bound is within ("within the range
//!   Un ± 10 %", "less than or equal to 8 %"), and a share equal to the required one passes
//!   ("95 % of the values shall be within"): exactly 95.00 % is a pass, 94.99 % a fail. Bounds
//!   are computed so that the printed decimal is the bound (see [`Limit`]). Shares are
//!   compared as exact counts (`within · 100 ≥ required · valid`).
//! - **Missing or non-finite values** (`None`, NaN) are missing, never zero. Two values with the
//!   same start are an error: they would count twice.
//! - **Worst values** are reported over the valid values only (see [`ItemReport::worst`]).

mod limits;
mod period;
mod report;

pub use limits::{
    FIRST_HARMONIC_ORDER, HARMONIC_ORDER_COUNT, LAST_HARMONIC_ORDER, Limit, THD_LIMIT_PERCENT,
    Unit, WEEKLY_SHARE_PERCENT, harmonic_limit_percent,
};
pub use period::{Period, PeriodError, Timestamped};
pub use report::{
    Characteristic, CharacteristicSummary, ItemReport, LimitResult, Reading, Report, Verdict,
};

use crate::wiring::{ChannelRole, Phase, Wiring};
use jiff::Timestamp;
use limits::ItemSpec;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The name of the standard in reports.
pub const STANDARD: &str = "EN 50160:2010";

/// The 10-min values of one interval, as an IEC 61000-4-30 aggregator produces them.
///
/// The per-channel arrays are indexed by [`Phase::index`]: L1-N, L2-N, L3-N for systems with a
/// neutral; L1-L2, L2-L3, L3-L1 for `3p3w`. Channels the wiring does not have are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenMinuteValues {
    /// The start of the interval (on the UTC 10-min clock).
    pub start: Timestamp,
    /// True when a dip, swell or interruption happened during the interval.
    pub flagged: bool,
    /// The r.m.s. voltage of each channel, in volts.
    pub voltage_v: [Option<f64>; 3],
    /// The THD of each channel's voltage (orders 2 to 40), in percent of the fundamental.
    pub thd_percent: [Option<f64>; 3],
    /// The harmonic voltages of each channel, in percent of the fundamental; index
    /// `order - 2` for orders 2 to 25 (see [`TenMinuteValues::harmonic`]).
    pub harmonics_percent: [[Option<f64>; HARMONIC_ORDER_COUNT]; 3],
    /// The negative- to positive-sequence voltage ratio, in percent (three-phase systems).
    pub unbalance_percent: Option<f64>,
}

impl TenMinuteValues {
    /// An interval without any value, not flagged.
    pub fn new(start: Timestamp) -> TenMinuteValues {
        TenMinuteValues {
            start,
            flagged: false,
            voltage_v: [None; 3],
            thd_percent: [None; 3],
            harmonics_percent: [[None; HARMONIC_ORDER_COUNT]; 3],
            unbalance_percent: None,
        }
    }

    /// The harmonic voltage of `order` (2 to 25) on the channel of `phase`, in percent of the
    /// fundamental; `None` when absent or for another order.
    pub fn harmonic(&self, phase: Phase, order: u8) -> Option<f64> {
        let index = harmonic_index(order)?;
        self.harmonics_percent[phase.index()]
            .get(index)
            .copied()
            .flatten()
    }

    /// The place of the harmonic voltage of `order` (2 to 25) on the channel of `phase`;
    /// `None` for another order.
    pub fn harmonic_mut(&mut self, phase: Phase, order: u8) -> Option<&mut Option<f64>> {
        let index = harmonic_index(order)?;
        self.harmonics_percent[phase.index()].get_mut(index)
    }
}

/// `order - 2` for orders 2 to 25.
fn harmonic_index(order: u8) -> Option<usize> {
    (FIRST_HARMONIC_ORDER..=LAST_HARMONIC_ORDER)
        .contains(&order)
        .then(|| usize::from(order - FIRST_HARMONIC_ORDER))
}

impl Timestamped for TenMinuteValues {
    fn start(&self) -> Timestamp {
        self.start
    }
}

/// One 10-s power-frequency value, as an IEC 61000-4-30 aggregator produces it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TenSecondFrequency {
    /// The start of the interval (on the UTC 10-s clock).
    pub start: Timestamp,
    /// The mean frequency, in hertz; a non-finite value counts as missing.
    pub frequency_hz: f64,
    /// True when a dip, swell or interruption happened during the interval.
    pub flagged: bool,
}

impl Timestamped for TenSecondFrequency {
    fn start(&self) -> Timestamp {
        self.start
    }
}

/// The voltage level of the supply terminals, which selects the limits of the supply voltage
/// variations (the others are the same).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoltageLevel {
    /// Low voltage (up to 1 kV): EN 50160 clause 4; the nominal voltage is Un.
    #[default]
    Low,
    /// Medium voltage (above 1 kV up to 36 kV): clause 5; the nominal voltage is the declared
    /// supply voltage Uc.
    Medium,
}

/// The supply whose values are checked, and the options of the check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyCharacteristics {
    /// The wiring: which channels are checked, and whether the unbalance is.
    pub wiring: Wiring,
    /// Low or medium voltage.
    #[serde(default)]
    pub voltage_level: VoltageLevel,
    /// The nominal (LV) or declared (MV) voltage of the channels checked, in volts: line to
    /// neutral for systems with a neutral (230), line to line for `3p3w` (400).
    pub nominal_voltage_v: f64,
    /// The nominal frequency, 50 or 60 Hz (the standard's percentages apply to either).
    pub nominal_frequency_hz: f64,
    /// True for a system without synchronous connection to an interconnected system (an
    /// island), which has wider frequency limits and only the 100 % voltage limit.
    #[serde(default)]
    pub island: bool,
    /// The unbalance limit, in percent: 2, or up to 3 where the standard allows about 3 % (areas
    /// with partly single- or two-phase connected network users).
    #[serde(default = "default_unbalance_limit_percent")]
    pub unbalance_limit_percent: f64,
    /// The share of the expected values that must be present for an item to be judged, in
    /// percent (default 90).
    #[serde(default = "default_minimum_coverage_percent")]
    pub minimum_coverage_percent: f64,
}

fn default_unbalance_limit_percent() -> f64 {
    SupplyCharacteristics::DEFAULT_UNBALANCE_LIMIT_PERCENT
}

fn default_minimum_coverage_percent() -> f64 {
    SupplyCharacteristics::DEFAULT_MINIMUM_COVERAGE_PERCENT
}

/// Something wrong with [`SupplyCharacteristics`].
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CharacteristicsError {
    /// The nominal voltage is not a positive number.
    #[error("nominal_voltage_v: the nominal voltage must be a positive number of volts, got {0}")]
    NominalVoltage(f64),
    /// The nominal frequency is neither 50 nor 60 Hz.
    #[error("nominal_frequency_hz: the nominal frequency must be 50 or 60 Hz, got {0}")]
    NominalFrequency(f64),
    /// The unbalance limit is outside (0, 3] percent.
    #[error(
        "unbalance_limit_percent: EN 50160 allows 2 % or, in some areas, up to about 3 %; \
         got {0} %"
    )]
    UnbalanceLimit(f64),
    /// The minimum coverage is outside (0, 100] percent.
    #[error("minimum_coverage_percent: must be above 0 and at most 100 %, got {0} %")]
    MinimumCoverage(f64),
    /// The wiring has no EN 50160 limits.
    #[error(
        "wiring: EN 50160 has no limits for the {0} wiring (its phases have two nominal voltages)"
    )]
    UnsupportedWiring(Wiring),
}

impl CharacteristicsError {
    /// The field at fault, as named in files.
    pub const fn field(&self) -> &'static str {
        match self {
            CharacteristicsError::NominalVoltage(_) => "nominal_voltage_v",
            CharacteristicsError::NominalFrequency(_) => "nominal_frequency_hz",
            CharacteristicsError::UnbalanceLimit(_) => "unbalance_limit_percent",
            CharacteristicsError::MinimumCoverage(_) => "minimum_coverage_percent",
            CharacteristicsError::UnsupportedWiring(_) => "wiring",
        }
    }
}

impl SupplyCharacteristics {
    /// The unbalance limit of the standard, in percent.
    pub const DEFAULT_UNBALANCE_LIMIT_PERCENT: f64 = 2.0;
    /// The default share of the expected values needed to judge an item, in percent.
    pub const DEFAULT_MINIMUM_COVERAGE_PERCENT: f64 = 90.0;

    /// A low-voltage supply connected to an interconnected system, with the default options.
    pub fn low_voltage(
        wiring: Wiring,
        nominal_voltage_v: f64,
        nominal_frequency_hz: f64,
    ) -> SupplyCharacteristics {
        SupplyCharacteristics {
            wiring,
            voltage_level: VoltageLevel::Low,
            nominal_voltage_v,
            nominal_frequency_hz,
            island: false,
            unbalance_limit_percent: Self::DEFAULT_UNBALANCE_LIMIT_PERCENT,
            minimum_coverage_percent: Self::DEFAULT_MINIMUM_COVERAGE_PERCENT,
        }
    }

    /// Every problem of these characteristics, in the order of the fields.
    pub fn problems(&self) -> Vec<CharacteristicsError> {
        let mut problems = Vec::new();
        if self.wiring == Wiring::WildLegDelta {
            problems.push(CharacteristicsError::UnsupportedWiring(self.wiring));
        }
        let v = self.nominal_voltage_v;
        if !(v.is_finite() && v > 0.0) {
            problems.push(CharacteristicsError::NominalVoltage(v));
        }
        let f = self.nominal_frequency_hz;
        if f != 50.0 && f != 60.0 {
            problems.push(CharacteristicsError::NominalFrequency(f));
        }
        let u = self.unbalance_limit_percent;
        if !(u > 0.0 && u <= 3.0) {
            problems.push(CharacteristicsError::UnbalanceLimit(u));
        }
        let c = self.minimum_coverage_percent;
        if !(c > 0.0 && c <= 100.0) {
            problems.push(CharacteristicsError::MinimumCoverage(c));
        }
        problems
    }

    /// `Ok` when the characteristics have no problem, else the first one.
    pub fn validate(&self) -> Result<(), CharacteristicsError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// The voltage channels checked, with the index of their values in [`TenMinuteValues`].
    pub fn channels(&self) -> &'static [(usize, ChannelRole)] {
        match self.wiring {
            Wiring::SinglePhase2W => &[(0, ChannelRole::VoltageL1)],
            Wiring::SplitPhase3W => &[(0, ChannelRole::VoltageL1), (1, ChannelRole::VoltageL2)],
            Wiring::ThreePhase4W => &[
                (0, ChannelRole::VoltageL1),
                (1, ChannelRole::VoltageL2),
                (2, ChannelRole::VoltageL3),
            ],
            Wiring::ThreePhase3W => &[
                (0, ChannelRole::VoltageL1L2),
                (1, ChannelRole::VoltageL2L3),
                (2, ChannelRole::VoltageL3L1),
            ],
            Wiring::WildLegDelta => &[],
        }
    }

    /// True when the unbalance is checked: three-phase systems.
    pub fn checks_unbalance(&self) -> bool {
        matches!(self.wiring, Wiring::ThreePhase4W | Wiring::ThreePhase3W)
    }
}

/// Why an evaluation could not be made.
#[derive(Debug, Error)]
pub enum EvaluationError {
    /// The supply characteristics are invalid.
    #[error(transparent)]
    Characteristics(#[from] CharacteristicsError),
    /// The period is empty.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// Two 10-min values start at the same instant.
    #[error("two 10-min values start at {0}")]
    DuplicateTenMinuteValues(Timestamp),
    /// Two 10-s frequency values start at the same instant.
    #[error("two 10-s frequency values start at {0}")]
    DuplicateTenSecondValues(Timestamp),
}

/// Checks the values of `period` against the limits of EN 50160 for `supply`.
///
/// `ten_minute` and `ten_second` may hold values outside the period (they are ignored) and be
/// in any order; within the period, no two values of a series may start at the same instant.
pub fn evaluate(
    supply: &SupplyCharacteristics,
    period: Period,
    ten_minute: &[TenMinuteValues],
    ten_second: &[TenSecondFrequency],
) -> Result<Report, EvaluationError> {
    supply.validate()?;
    let period = Period::new(period.start, period.end)?;
    let ten_minute: Vec<&TenMinuteValues> = ten_minute
        .iter()
        .filter(|v| period.contains(v.start))
        .collect();
    let ten_second: Vec<&TenSecondFrequency> = ten_second
        .iter()
        .filter(|v| period.contains(v.start))
        .collect();
    if let Some(start) = duplicate(ten_minute.iter().map(|v| v.start)) {
        return Err(EvaluationError::DuplicateTenMinuteValues(start));
    }
    if let Some(start) = duplicate(ten_second.iter().map(|v| v.start)) {
        return Err(EvaluationError::DuplicateTenSecondValues(start));
    }

    let coverage = supply.minimum_coverage_percent;
    let ten_minutes = period.ten_minute_intervals();
    let mut items = Vec::new();

    items.push(evaluate_item(
        limits::power_frequency(supply),
        period.ten_second_intervals(),
        coverage,
        ten_second
            .iter()
            .map(|v| (v.start, Some(v.frequency_hz), v.flagged)),
    ));
    for &(index, channel) in supply.channels() {
        items.push(evaluate_item(
            limits::supply_voltage(supply, channel),
            ten_minutes,
            coverage,
            ten_minute
                .iter()
                .map(|v| (v.start, v.voltage_v[index], v.flagged)),
        ));
    }
    let unbalance = limits::unbalance(supply);
    items.push(if supply.checks_unbalance() {
        evaluate_item(
            unbalance,
            ten_minutes,
            coverage,
            ten_minute
                .iter()
                .map(|v| (v.start, v.unbalance_percent, v.flagged)),
        )
    } else {
        not_applicable(unbalance)
    });
    for &(index, channel) in supply.channels() {
        items.push(evaluate_item(
            limits::thd(supply, channel),
            ten_minutes,
            coverage,
            ten_minute
                .iter()
                .map(|v| (v.start, v.thd_percent[index], v.flagged)),
        ));
    }
    for &(index, channel) in supply.channels() {
        for (offset, order) in (FIRST_HARMONIC_ORDER..=LAST_HARMONIC_ORDER).enumerate() {
            let Some(spec) = limits::harmonic(supply, channel, order) else {
                continue;
            };
            items.push(evaluate_item(
                spec,
                ten_minutes,
                coverage,
                ten_minute
                    .iter()
                    .map(|v| (v.start, v.harmonics_percent[index][offset], v.flagged)),
            ));
        }
    }

    let summary: Vec<CharacteristicSummary> = Characteristic::ALL
        .into_iter()
        .map(|characteristic| CharacteristicSummary {
            characteristic,
            verdict: Verdict::combine(
                items
                    .iter()
                    .filter(|i| i.characteristic == characteristic)
                    .map(|i| i.verdict),
            ),
        })
        .collect();
    Ok(Report {
        standard: STANDARD.to_owned(),
        period,
        supply: supply.clone(),
        verdict: Verdict::combine(summary.iter().map(|s| s.verdict)),
        summary,
        items,
    })
}

/// The first start that appears twice.
fn duplicate(starts: impl Iterator<Item = Timestamp>) -> Option<Timestamp> {
    let mut starts: Vec<Timestamp> = starts.collect();
    starts.sort_unstable();
    starts.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
}

/// One item's counts, shares, worst value and verdicts, from its observations
/// `(start, value, flagged)`.
fn evaluate_item(
    spec: ItemSpec,
    expected: u64,
    minimum_coverage_percent: f64,
    observations: impl Iterator<Item = (Timestamp, Option<f64>, bool)>,
) -> ItemReport {
    let mut values = 0_u64;
    let mut flagged = 0_u64;
    let mut within = vec![0_u64; spec.limits.len()];
    let mut worst: Option<(f64, Reading)> = None;
    for (start, value, is_flagged) in observations {
        let Some(value) = value.filter(|v| v.is_finite()) else {
            continue;
        };
        values += 1;
        if is_flagged {
            flagged += 1;
            continue;
        }
        for (count, limit) in within.iter_mut().zip(&spec.limits) {
            if limit.contains(value) {
                *count += 1;
            }
        }
        let severity = spec.severity(value);
        let worse = worst.is_none_or(|(worst_severity, reading)| {
            severity > worst_severity || (severity == worst_severity && start < reading.start)
        });
        if worse {
            worst = Some((severity, Reading { value, start }));
        }
    }
    let valid = values - flagged;
    let missing = expected.saturating_sub(values);
    let enough = valid > 0 && values as f64 * 100.0 >= minimum_coverage_percent * expected as f64;
    let limits: Vec<LimitResult> = spec
        .limits
        .into_iter()
        .zip(within)
        .map(|(limit, within)| {
            let verdict = limit_verdict(&limit, within, valid, missing, enough);
            LimitResult {
                within_percent: (valid > 0).then(|| within as f64 * 100.0 / valid as f64),
                limit,
                within,
                verdict,
            }
        })
        .collect();
    ItemReport {
        characteristic: spec.characteristic,
        order: spec.order,
        channel: spec.channel,
        unit: spec.unit,
        clause: spec.clause,
        expected,
        values,
        flagged,
        valid,
        missing,
        coverage_percent: if expected > 0 {
            values as f64 * 100.0 / expected as f64
        } else {
            0.0
        },
        worst: worst.map(|(_, reading)| reading),
        verdict: Verdict::combine(limits.iter().map(|l| l.verdict)),
        limits,
    }
}

/// True when `within` of `valid` values reach the limit's required share.
fn reaches(limit: &Limit, within: u64, valid: u64) -> bool {
    within as f64 * 100.0 >= limit.required_percent * valid as f64
}

/// A limit's verdict. With too little data, a fail only when even the missing values, all
/// valid and within, could not have made the share.
fn limit_verdict(limit: &Limit, within: u64, valid: u64, missing: u64, enough: bool) -> Verdict {
    if enough {
        if reaches(limit, within, valid) {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    } else if reaches(limit, within + missing, valid + missing) {
        Verdict::InsufficientData
    } else {
        Verdict::Fail
    }
}

/// An item that does not apply to the supply.
fn not_applicable(spec: ItemSpec) -> ItemReport {
    ItemReport {
        characteristic: spec.characteristic,
        order: spec.order,
        channel: spec.channel,
        unit: spec.unit,
        clause: spec.clause,
        expected: 0,
        values: 0,
        flagged: 0,
        valid: 0,
        missing: 0,
        coverage_percent: 0.0,
        worst: None,
        limits: spec
            .limits
            .into_iter()
            .map(|limit| LimitResult {
                limit,
                within: 0,
                within_percent: None,
                verdict: Verdict::NotApplicable,
            })
            .collect(),
        verdict: Verdict::NotApplicable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::{SignedDuration, Timestamp};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    const START: &str = "2024-03-04T00:00:00Z";

    /// A period of `n` 10-min intervals from [`START`].
    fn period_of(n: i64) -> Period {
        let start = ts(START);
        Period::new(start, start + SignedDuration::from_mins(10 * n)).unwrap()
    }

    fn supply() -> SupplyCharacteristics {
        SupplyCharacteristics::low_voltage(Wiring::ThreePhase4W, 230.0, 50.0)
    }

    /// `n` clean 10-min values from [`START`]: 230 V, THD 2 %, unbalance 0.5 %, harmonics
    /// 0.1 %.
    fn clean(n: i64) -> Vec<TenMinuteValues> {
        (0..n)
            .map(|i| {
                let mut v = TenMinuteValues::new(ts(START) + SignedDuration::from_mins(10 * i));
                v.voltage_v = [Some(230.0); 3];
                v.thd_percent = [Some(2.0); 3];
                v.harmonics_percent = [[Some(0.1); HARMONIC_ORDER_COUNT]; 3];
                v.unbalance_percent = Some(0.5);
                v
            })
            .collect()
    }

    /// 10-s values at 50 Hz covering `n` 10-min intervals from [`START`].
    fn frequency(n: i64) -> Vec<TenSecondFrequency> {
        (0..n * 60)
            .map(|i| TenSecondFrequency {
                start: ts(START) + SignedDuration::from_secs(10 * i),
                frequency_hz: 50.0,
                flagged: false,
            })
            .collect()
    }

    fn voltage_l1(report: &Report) -> &ItemReport {
        report
            .item(
                Characteristic::SupplyVoltageVariations,
                Some(ChannelRole::VoltageL1),
                None,
            )
            .unwrap()
    }

    #[test]
    fn a_share_exactly_at_the_required_percentage_passes_and_one_value_less_fails() {
        let period = period_of(1000);
        let mut values = clean(1000);
        for v in values.iter_mut().take(50) {
            v.voltage_v[0] = Some(205.0);
        }
        let report = evaluate(&supply(), period, &values, &frequency(1000)).unwrap();
        let item = voltage_l1(&report);
        assert_eq!(item.limits[0].within, 950);
        assert_eq!(item.limits[0].within_percent, Some(95.0));
        assert_eq!(item.limits[0].verdict, Verdict::Pass);
        assert_eq!(report.verdict, Verdict::Pass);

        values[50].voltage_v[0] = Some(206.9);
        let report = evaluate(&supply(), period, &values, &frequency(1000)).unwrap();
        let item = voltage_l1(&report);
        assert_eq!(item.limits[0].within, 949);
        assert_eq!(item.limits[0].verdict, Verdict::Fail);
        assert_eq!(item.limits[1].verdict, Verdict::Pass);
        assert_eq!(
            report.verdict_of(Characteristic::SupplyVoltageVariations),
            Verdict::Fail
        );
        assert_eq!(report.verdict, Verdict::Fail);
    }

    #[test]
    fn values_exactly_at_the_bounds_are_within() {
        let mut values = clean(1008);
        values[0].voltage_v = [Some(207.0), Some(253.0), Some(195.5)];
        values[1].thd_percent[0] = Some(8.0);
        values[2].unbalance_percent = Some(2.0);
        *values[3].harmonic_mut(Phase::L1, 15).unwrap() = Some(0.5);
        let mut freq = frequency(1008);
        freq[0].frequency_hz = 50.5;
        freq[1].frequency_hz = 49.5;
        freq[2].frequency_hz = 47.0;
        freq[3].frequency_hz = 52.0;
        let report = evaluate(&supply(), period_of(1008), &values, &freq).unwrap();
        assert_eq!(report.verdict, Verdict::Pass);
        let l3 = report
            .item(
                Characteristic::SupplyVoltageVariations,
                Some(ChannelRole::VoltageL3),
                None,
            )
            .unwrap();
        // 195.5 V is outside ±10 % but within +10 %/-15 %.
        assert_eq!(l3.limits[0].within, 1007);
        assert_eq!(l3.limits[1].within, 1008);
        let frequency_item = report
            .item(Characteristic::PowerFrequency, None, None)
            .unwrap();
        assert_eq!(frequency_item.limits[0].within, 60_480 - 2);
        assert_eq!(frequency_item.limits[1].within, 60_480);
        for item in &report.items {
            if item.characteristic != Characteristic::PowerFrequency
                && item.characteristic != Characteristic::SupplyVoltageVariations
            {
                assert_eq!(item.limits[0].within, 1008, "{item:?}");
            }
        }
    }

    #[test]
    fn flagged_values_are_counted_but_left_out_of_the_shares() {
        let mut values = clean(1008);
        for v in values.iter_mut().take(100) {
            v.flagged = true;
            v.voltage_v = [Some(150.0); 3];
        }
        let report = evaluate(&supply(), period_of(1008), &values, &frequency(1008)).unwrap();
        let item = voltage_l1(&report);
        assert_eq!(
            (item.values, item.flagged, item.valid, item.missing),
            (1008, 100, 908, 0)
        );
        assert_eq!(item.limits[1].within_percent, Some(100.0));
        assert_eq!(item.worst.map(|w| w.value), Some(230.0));
        assert_eq!(report.verdict, Verdict::Pass);
    }

    #[test]
    fn an_item_below_the_minimum_coverage_is_insufficient_data_not_a_pass() {
        // 907 of 1 008 values: 89.98 %, one short of the 90 % needed.
        let values = clean(907);
        let report = evaluate(&supply(), period_of(1008), &values, &frequency(1008)).unwrap();
        let item = voltage_l1(&report);
        assert_eq!(item.missing, 101);
        assert_eq!(item.verdict, Verdict::InsufficientData);
        assert_eq!(
            report.verdict_of(Characteristic::PowerFrequency),
            Verdict::Pass
        );
        assert_eq!(report.verdict, Verdict::InsufficientData);

        let report = evaluate(&supply(), period_of(1008), &clean(908), &frequency(1008)).unwrap();
        assert_eq!(report.verdict, Verdict::Pass);
    }

    #[test]
    fn too_little_data_still_fails_when_the_missing_values_could_not_save_it() {
        let mut values = clean(500);
        // One value beyond Un +10 %: the 100 % limit is broken whatever the rest.
        values[0].voltage_v[0] = Some(260.0);
        // 60 harmonic values above 6 %: more than 5 % of the 1 008, missing ones or not.
        for v in values.iter_mut().take(60) {
            *v.harmonic_mut(Phase::L2, 5).unwrap() = Some(7.0);
        }
        // 40 THD values above 8 %: the 508 missing values could still have made 95 %.
        for v in values.iter_mut().take(40) {
            v.thd_percent[2] = Some(9.0);
        }
        let report = evaluate(&supply(), period_of(1008), &values, &frequency(1008)).unwrap();
        let item = voltage_l1(&report);
        assert_eq!(item.limits[0].verdict, Verdict::InsufficientData);
        assert_eq!(item.limits[1].verdict, Verdict::Fail);
        assert_eq!(item.verdict, Verdict::Fail);
        let fifth = report
            .item(
                Characteristic::HarmonicVoltage,
                Some(ChannelRole::VoltageL2),
                Some(5),
            )
            .unwrap();
        assert_eq!(fifth.verdict, Verdict::Fail);
        let thd = report
            .item(
                Characteristic::TotalHarmonicDistortion,
                Some(ChannelRole::VoltageL3),
                None,
            )
            .unwrap();
        assert_eq!(thd.verdict, Verdict::InsufficientData);
        assert_eq!(report.verdict, Verdict::Fail);
    }

    #[test]
    fn non_finite_and_absent_values_are_missing_not_zero() {
        let mut values = clean(1008);
        values[0].voltage_v[0] = Some(f64::NAN);
        values[1].voltage_v[0] = None;
        values[2].voltage_v[0] = Some(f64::INFINITY);
        let mut freq = frequency(1008);
        freq[0].frequency_hz = f64::NAN;
        let report = evaluate(&supply(), period_of(1008), &values, &freq).unwrap();
        let item = voltage_l1(&report);
        assert_eq!((item.values, item.missing), (1005, 3));
        assert_eq!(item.worst.map(|w| w.value), Some(230.0));
        let f = report
            .item(Characteristic::PowerFrequency, None, None)
            .unwrap();
        assert_eq!((f.values, f.missing), (60_479, 1));
    }

    #[test]
    fn two_values_with_the_same_start_are_refused() {
        let mut values = clean(3);
        values.push(values[1].clone());
        let error = evaluate(&supply(), period_of(3), &values, &[]).unwrap_err();
        assert!(
            matches!(error, EvaluationError::DuplicateTenMinuteValues(t) if t == values[1].start)
        );
        let mut freq = frequency(1);
        freq.push(freq[0]);
        let error = evaluate(&supply(), period_of(1), &[], &freq).unwrap_err();
        assert!(matches!(
            error,
            EvaluationError::DuplicateTenSecondValues(_)
        ));
    }

    #[test]
    fn values_outside_the_period_are_ignored_and_order_does_not_matter() {
        let mut values = clean(2016);
        values.reverse();
        let period = Period::new(
            ts(START) + SignedDuration::from_hours(168),
            ts(START) + SignedDuration::from_hours(336),
        )
        .unwrap();
        let report = evaluate(&supply(), period, &values, &[]).unwrap();
        let item = voltage_l1(&report);
        assert_eq!((item.expected, item.values, item.missing), (1008, 1008, 0));
    }

    #[test]
    fn the_worst_value_is_the_earliest_of_equally_bad_ones() {
        let mut values = clean(1008);
        values[10].voltage_v[0] = Some(240.0);
        values[5].voltage_v[0] = Some(240.0);
        values.reverse();
        let report = evaluate(&supply(), period_of(1008), &values, &[]).unwrap();
        let worst = voltage_l1(&report).worst.unwrap();
        assert_eq!(worst.value, 240.0);
        assert_eq!(worst.start, ts(START) + SignedDuration::from_mins(50));
    }

    #[test]
    fn the_unbalance_of_a_single_phase_supply_does_not_apply() {
        let single = SupplyCharacteristics::low_voltage(Wiring::SinglePhase2W, 230.0, 50.0);
        let report = evaluate(&single, period_of(1008), &clean(1008), &frequency(1008)).unwrap();
        assert_eq!(
            report.verdict_of(Characteristic::SupplyVoltageUnbalance),
            Verdict::NotApplicable
        );
        assert_eq!(report.verdict, Verdict::Pass);
        // One channel: frequency, voltage, unbalance, THD and 24 harmonics.
        assert_eq!(report.items.len(), 1 + 1 + 1 + 1 + 24);
    }

    #[test]
    fn every_problem_of_the_characteristics_is_reported_with_its_field() {
        let mut bad = supply();
        bad.nominal_voltage_v = 0.0;
        bad.nominal_frequency_hz = 55.0;
        bad.unbalance_limit_percent = 3.5;
        bad.minimum_coverage_percent = 0.0;
        let problems = bad.problems();
        let fields: Vec<&str> = problems.iter().map(CharacteristicsError::field).collect();
        assert_eq!(
            fields,
            [
                "nominal_voltage_v",
                "nominal_frequency_hz",
                "unbalance_limit_percent",
                "minimum_coverage_percent"
            ]
        );
        assert_eq!(
            bad.validate(),
            Err(CharacteristicsError::NominalVoltage(0.0))
        );
        let error = evaluate(&bad, period_of(1), &[], &[]).unwrap_err();
        assert!(
            error.to_string().contains("positive number of volts"),
            "{error}"
        );

        for voltage in [-230.0, f64::NAN, f64::INFINITY] {
            let mut s = supply();
            s.nominal_voltage_v = voltage;
            assert!(matches!(
                s.validate(),
                Err(CharacteristicsError::NominalVoltage(_))
            ));
        }
        let wild = SupplyCharacteristics::low_voltage(Wiring::WildLegDelta, 120.0, 60.0);
        assert_eq!(
            wild.validate(),
            Err(CharacteristicsError::UnsupportedWiring(
                Wiring::WildLegDelta
            ))
        );
        let mut three_percent = supply();
        three_percent.unbalance_limit_percent = 3.0;
        assert_eq!(three_percent.validate(), Ok(()));
    }

    #[test]
    fn an_empty_period_is_refused() {
        let t = ts(START);
        let error = evaluate(&supply(), Period { start: t, end: t }, &[], &[]).unwrap_err();
        assert!(matches!(
            error,
            EvaluationError::Period(PeriodError::Empty { .. })
        ));
    }

    #[test]
    fn harmonics_are_read_and_written_by_order() {
        let mut v = TenMinuteValues::new(ts(START));
        *v.harmonic_mut(Phase::L3, 25).unwrap() = Some(1.25);
        assert_eq!(v.harmonic(Phase::L3, 25), Some(1.25));
        assert_eq!(v.harmonics_percent[2][23], Some(1.25));
        assert_eq!(v.harmonic(Phase::L3, 24), None);
        assert!(v.harmonic_mut(Phase::L1, 1).is_none());
        assert!(v.harmonic_mut(Phase::L1, 26).is_none());
    }
}
