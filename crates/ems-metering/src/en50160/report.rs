//! The report of one evaluation: per item the limits, the shares within them, the counts and
//! the worst value; per characteristic and overall a verdict. Serialisable, and printable as a
//! text table.

use super::limits::{Limit, Unit};
use super::period::Period;
use super::{SupplyCharacteristics, VoltageLevel};
use crate::wiring::ChannelRole;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The outcome of a limit, an item, a characteristic or the whole check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Enough data, and the required share of it within the limits.
    Pass,
    /// The required share is not within the limits; with too little data, only when the
    /// missing values could not have changed that.
    Fail,
    /// Too few values to judge (see
    /// [`SupplyCharacteristics::minimum_coverage_percent`]). Never a pass.
    InsufficientData,
    /// The characteristic does not apply to this supply (the unbalance of a single-phase one).
    NotApplicable,
}

impl Verdict {
    /// The verdict of a whole made of parts: fail if any part fails; otherwise insufficient
    /// data if any part has too little; otherwise pass if any part passes; otherwise (no parts,
    /// or none applicable) not applicable.
    pub fn combine(parts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut combined = Verdict::NotApplicable;
        for part in parts {
            combined = match (combined, part) {
                (Verdict::Fail, _) | (_, Verdict::Fail) => Verdict::Fail,
                (Verdict::InsufficientData, _) | (_, Verdict::InsufficientData) => {
                    Verdict::InsufficientData
                }
                (Verdict::Pass, _) | (_, Verdict::Pass) => Verdict::Pass,
                _ => Verdict::NotApplicable,
            };
        }
        combined
    }

    /// The label of the "LAST WEEK EN50160 CHECK" line: `OK` for a pass, `KO` for a fail,
    /// `--` otherwise.
    pub const fn ok_ko(self) -> &'static str {
        match self {
            Verdict::Pass => "OK",
            Verdict::Fail => "KO",
            Verdict::InsufficientData | Verdict::NotApplicable => "--",
        }
    }

    /// `pass`, `fail`, `insufficient data` or `not applicable`.
    pub const fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::InsufficientData => "insufficient data",
            Verdict::NotApplicable => "not applicable",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A voltage characteristic of EN 50160 that is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Characteristic {
    /// Power frequency, from 10-s values.
    PowerFrequency,
    /// Supply voltage variations, from 10-min r.m.s. values of each channel.
    SupplyVoltageVariations,
    /// Supply voltage unbalance, from 10-min negative- to positive-sequence ratios.
    SupplyVoltageUnbalance,
    /// Total harmonic distortion of each channel's voltage, from 10-min values.
    TotalHarmonicDistortion,
    /// Individual harmonic voltages 2 to 25 of each channel, from 10-min values.
    HarmonicVoltage,
}

impl Characteristic {
    /// Every characteristic, in the order of the report.
    pub const ALL: [Characteristic; 5] = [
        Characteristic::PowerFrequency,
        Characteristic::SupplyVoltageVariations,
        Characteristic::SupplyVoltageUnbalance,
        Characteristic::TotalHarmonicDistortion,
        Characteristic::HarmonicVoltage,
    ];

    /// A short name for tables: `power frequency`, `supply voltage`, `unbalance`, `THD`,
    /// `harmonics`.
    pub const fn short_name(self) -> &'static str {
        match self {
            Characteristic::PowerFrequency => "power frequency",
            Characteristic::SupplyVoltageVariations => "supply voltage",
            Characteristic::SupplyVoltageUnbalance => "unbalance",
            Characteristic::TotalHarmonicDistortion => "THD",
            Characteristic::HarmonicVoltage => "harmonics",
        }
    }
}

/// One value and the start of its interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The value, in the item's unit.
    pub value: f64,
    /// The start of its 10-min or 10-s interval.
    pub start: Timestamp,
}

/// One limit of an item and how the item's valid values fared against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitResult {
    /// The limit.
    #[serde(flatten)]
    pub limit: Limit,
    /// How many valid values are within the limit.
    pub within: u64,
    /// The share of the valid values within the limit, in percent; `None` without valid values.
    pub within_percent: Option<f64>,
    /// Pass when `within_percent ≥ required_percent` with enough data.
    pub verdict: Verdict,
}

/// One item: a characteristic, for one channel and one harmonic order where that applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemReport {
    /// What is checked.
    pub characteristic: Characteristic,
    /// The harmonic order, for [`Characteristic::HarmonicVoltage`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u8>,
    /// The voltage channel (line-to-neutral, or line-to-line in a three-wire system), for the
    /// characteristics measured per channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<ChannelRole>,
    /// The unit of the values, the limits and the worst value.
    pub unit: Unit,
    /// The clause of the standard.
    pub clause: String,
    /// The values the period should hold (10-min or 10-s intervals).
    pub expected: u64,
    /// The values present in the period, flagged or not.
    pub values: u64,
    /// The flagged values, left out of the shares.
    pub flagged: u64,
    /// The values the shares are computed on: `values - flagged`.
    pub valid: u64,
    /// The values absent: `expected - values` (never below 0).
    pub missing: u64,
    /// `values` in percent of `expected` (0 when nothing is expected).
    pub coverage_percent: f64,
    /// The worst valid value: the highest for a limit from above; for limits on both sides of a
    /// nominal value, the one nearest to (or farthest beyond) the outermost limit on its side.
    /// The earliest, on a tie.
    pub worst: Option<Reading>,
    /// The limits, the inner one first.
    pub limits: Vec<LimitResult>,
    /// The combination of the limits' verdicts.
    pub verdict: Verdict,
}

/// The verdict of one characteristic over all its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharacteristicSummary {
    /// The characteristic.
    pub characteristic: Characteristic,
    /// The combination of its items' verdicts.
    pub verdict: Verdict,
}

/// The EN 50160 check of one observation period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The standard the limits come from.
    pub standard: String,
    /// The period evaluated.
    pub period: Period,
    /// The supply the limits were chosen for.
    pub supply: SupplyCharacteristics,
    /// The overall verdict: the combination of every item's.
    pub verdict: Verdict,
    /// One verdict per characteristic, in the order of [`Characteristic::ALL`].
    pub summary: Vec<CharacteristicSummary>,
    /// Every item: power frequency; supply voltage per channel; unbalance; THD per channel;
    /// harmonics per channel and order.
    pub items: Vec<ItemReport>,
}

impl Report {
    /// True for an overall pass.
    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Pass
    }

    /// The verdict of one characteristic.
    pub fn verdict_of(&self, characteristic: Characteristic) -> Verdict {
        self.summary
            .iter()
            .find(|s| s.characteristic == characteristic)
            .map_or(Verdict::NotApplicable, |s| s.verdict)
    }

    /// The items of one characteristic.
    pub fn items_of(
        &self,
        characteristic: Characteristic,
    ) -> impl Iterator<Item = &ItemReport> + '_ {
        self.items
            .iter()
            .filter(move |i| i.characteristic == characteristic)
    }

    /// The item of a characteristic for a channel (`None` for frequency and unbalance) and a
    /// harmonic order (`None` except for harmonics).
    pub fn item(
        &self,
        characteristic: Characteristic,
        channel: Option<ChannelRole>,
        order: Option<u8>,
    ) -> Option<&ItemReport> {
        self.items.iter().find(|i| {
            i.characteristic == characteristic && i.channel == channel && i.order == order
        })
    }
}

/// `L1`, `L1-L2`, or `-` for no channel.
fn channel_name(channel: Option<ChannelRole>) -> &'static str {
    match channel {
        Some(ChannelRole::VoltageL1) => "L1",
        Some(ChannelRole::VoltageL2) => "L2",
        Some(ChannelRole::VoltageL3) => "L3",
        Some(ChannelRole::VoltageL1L2) => "L1-L2",
        Some(ChannelRole::VoltageL2L3) => "L2-L3",
        Some(ChannelRole::VoltageL3L1) => "L3-L1",
        Some(other) => other.name(),
        None => "-",
    }
}

/// A share in percent with two decimals, truncated (never rounded up, so that 94.999 % does
/// not print as the 95.00 % it fails to reach).
fn truncated_percent(within: u64, valid: u64) -> String {
    if valid == 0 {
        return "-".to_owned();
    }
    let hundredths = u128::from(within) * 10_000 / u128::from(valid);
    format!("{}.{:02} %", hundredths / 100, hundredths % 100)
}

/// The table's name of an item: `power frequency`, `harmonic 5`, ….
fn item_name(item: &ItemReport) -> String {
    match (item.characteristic, item.order) {
        (Characteristic::HarmonicVoltage, Some(order)) => format!("harmonic {order}"),
        (characteristic, _) => characteristic.short_name().to_owned(),
    }
}

/// The text table: a header with the period, the supply and the verdicts per characteristic,
/// then one row per limit of each item. Shares are truncated to two decimals.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let supply = &self.supply;
        writeln!(
            f,
            "{} check from {} to {}: {}",
            self.standard, self.period.start, self.period.end, self.verdict
        )?;
        let level = match supply.voltage_level {
            VoltageLevel::Low => "low voltage",
            VoltageLevel::Medium => "medium voltage",
        };
        let connection = if supply.island {
            "island"
        } else {
            "interconnected"
        };
        let between = if supply.wiring.has_neutral() {
            "line to neutral"
        } else {
            "line to line"
        };
        writeln!(
            f,
            "Supply: {}, {level}, {connection}, {} V {between}, {} Hz; unbalance limit {} %; \
             coverage needed {} %",
            supply.wiring,
            supply.nominal_voltage_v,
            supply.nominal_frequency_hz,
            supply.unbalance_limit_percent,
            supply.minimum_coverage_percent
        )?;
        let summary: Vec<String> = self
            .summary
            .iter()
            .map(|s| format!("{}: {}", s.characteristic.short_name(), s.verdict))
            .collect();
        writeln!(f, "{}", summary.join("; "))?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<16} {:<7} {:<32} {:>8} {:>9}  {:<17} {:>10} {:>6} {:>7} {:>7}",
            "item",
            "channel",
            "limit",
            "required",
            "within",
            "verdict",
            "worst",
            "valid",
            "flagged",
            "missing"
        )?;
        for item in &self.items {
            let worst = item.worst.map_or_else(
                || "-".to_owned(),
                |w| format!("{:.2} {}", w.value, item.unit.symbol()),
            );
            for (i, result) in item.limits.iter().enumerate() {
                let required = format!("{} %", result.limit.required_percent);
                let within = truncated_percent(result.within, item.valid);
                if i == 0 {
                    writeln!(
                        f,
                        "{:<16} {:<7} {:<32} {:>8} {:>9}  {:<17} {:>10} {:>6} {:>7} {:>7}",
                        item_name(item),
                        channel_name(item.channel),
                        result.limit.description,
                        required,
                        within,
                        result.verdict.name(),
                        worst,
                        item.valid,
                        item.flagged,
                        item.missing
                    )?;
                } else {
                    writeln!(
                        f,
                        "{:<16} {:<7} {:<32} {:>8} {:>9}  {}",
                        "",
                        "",
                        result.limit.description,
                        required,
                        within,
                        result.verdict.name()
                    )?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fail_outweighs_missing_data_which_outweighs_a_pass() {
        use Verdict::*;
        assert_eq!(Verdict::combine([Pass, InsufficientData, Fail]), Fail);
        assert_eq!(Verdict::combine([Pass, InsufficientData]), InsufficientData);
        assert_eq!(Verdict::combine([Pass, NotApplicable]), Pass);
        assert_eq!(Verdict::combine([NotApplicable]), NotApplicable);
        assert_eq!(Verdict::combine([]), NotApplicable);
    }

    #[test]
    fn shares_are_truncated_not_rounded_up() {
        assert_eq!(truncated_percent(94_999, 100_000), "94.99 %");
        assert_eq!(truncated_percent(950, 1000), "95.00 %");
        assert_eq!(truncated_percent(1008, 1008), "100.00 %");
        assert_eq!(truncated_percent(0, 0), "-");
    }
}
