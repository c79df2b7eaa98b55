//! The limits of EN 50160:2010 for the characteristics checked, and the item specifications
//! (what is checked, in which unit, against which limits) built from a supply's
//! characteristics.

use super::{Characteristic, SupplyCharacteristics, VoltageLevel};
use crate::wiring::ChannelRole;
use serde::{Deserialize, Serialize};

/// The lowest harmonic order checked.
pub const FIRST_HARMONIC_ORDER: u8 = 2;
/// The highest harmonic order checked: EN 50160 gives no values above the 25th ("usually
/// small, but largely unpredictable due to resonance effects").
pub const LAST_HARMONIC_ORDER: u8 = 25;
/// The number of harmonic orders checked (2 to 25).
pub const HARMONIC_ORDER_COUNT: usize = (LAST_HARMONIC_ORDER - FIRST_HARMONIC_ORDER + 1) as usize;

/// The limit of the total harmonic distortion of the voltage (harmonics up to the 40th), in
/// percent of the fundamental: EN 50160:2010 4.2.5 (low voltage) and 5.2.5 (medium voltage).
pub const THD_LIMIT_PERCENT: f64 = 8.0;

/// The share of the period during which the THD, each harmonic and the unbalance must stay
/// within their limits, in percent (EN 50160:2010 4.2.4, 4.2.5, 5.2.4, 5.2.5: "95 % of the
/// 10 min mean r.m.s. values" of each week).
pub const WEEKLY_SHARE_PERCENT: f64 = 95.0;

/// The limit of an individual harmonic voltage, in percent of the fundamental, for orders 2 to
/// 25; `None` for any other order.
///
/// The values of EN 50160:2010 Table 1 (low voltage, 4.2.5), which the medium-voltage table
/// (5.2.5) repeats, with the note that the third harmonic may be much lower there depending on
/// the network design:
///
/// | odd, not multiple of 3 | odd, multiple of 3 | even |
/// |---|---|---|
/// | 5th 6 %, 7th 5 %, 11th 3.5 %, 13th 3 %, 17th 2 %, 19th, 23rd, 25th 1.5 % | 3rd 5 %, 9th 1.5 %, 15th, 21st 0.5 % | 2nd 2 %, 4th 1 %, 6th to 24th 0.5 % |
pub const fn harmonic_limit_percent(order: u8) -> Option<f64> {
    match order {
        2 => Some(2.0),
        3 => Some(5.0),
        4 => Some(1.0),
        5 => Some(6.0),
        7 => Some(5.0),
        9 => Some(1.5),
        11 => Some(3.5),
        13 => Some(3.0),
        15 | 21 => Some(0.5),
        17 => Some(2.0),
        19 | 23 | 25 => Some(1.5),
        6..=24 if order.is_multiple_of(2) => Some(0.5),
        _ => None,
    }
}

/// One limit of a characteristic: the range its valid values must stay in during at least
/// `required_percent` of them. Both bounds belong to the range (the standard says "within the
/// range" and "less than or equal to").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    /// The limit as the standard states it, with its bounds: `Un ±10 %: 207 to 253 V`.
    pub description: String,
    /// The lowest value within the limit, in the item's unit; `None` when there is none.
    pub lower: Option<f64>,
    /// The highest value within the limit, in the item's unit; `None` when there is none.
    pub upper: Option<f64>,
    /// The share of the valid values that must be within, in percent.
    pub required_percent: f64,
}

impl Limit {
    /// True when `value` is within the limit, bounds included.
    pub fn contains(&self, value: f64) -> bool {
        self.lower.is_none_or(|lower| value >= lower)
            && self.upper.is_none_or(|upper| value <= upper)
    }

    /// A limit of at most `upper_percent` percent.
    fn at_most_percent(upper_percent: f64, required_percent: f64) -> Limit {
        Limit {
            description: format!("≤ {upper_percent} %"),
            lower: None,
            upper: Some(upper_percent),
            required_percent,
        }
    }

    /// A limit of `nominal` minus `below_percent` to `nominal` plus `above_percent`.
    ///
    /// The bounds are computed as `nominal · (100 ± p) / 100`: with decimal inputs (230 V and
    /// 10 %, 60 Hz and 1 %) the product is an exact integer and the one division rounds
    /// correctly, so each bound is the double nearest to the decimal the standard implies
    /// (207 V, 59.4 Hz), and a measurement equal to it is within.
    fn around(
        symbol: &str,
        unit: &str,
        nominal: f64,
        below_percent: f64,
        above_percent: f64,
        required_percent: f64,
    ) -> Limit {
        let lower = nominal * (100.0 - below_percent) / 100.0;
        let upper = nominal * (100.0 + above_percent) / 100.0;
        let band = if below_percent == above_percent {
            format!("±{above_percent} %")
        } else {
            format!("+{above_percent} %/-{below_percent} %")
        };
        Limit {
            description: format!("{symbol} {band}: {lower} to {upper} {unit}"),
            lower: Some(lower),
            upper: Some(upper),
            required_percent,
        }
    }
}

/// The unit of an item's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Hertz.
    #[serde(rename = "Hz")]
    Hertz,
    /// Volts.
    #[serde(rename = "V")]
    Volt,
    /// Percent (of the fundamental, or of the positive-sequence voltage for the unbalance).
    #[serde(rename = "%")]
    Percent,
}

impl Unit {
    /// `Hz`, `V` or `%`.
    pub const fn symbol(self) -> &'static str {
        match self {
            Unit::Hertz => "Hz",
            Unit::Volt => "V",
            Unit::Percent => "%",
        }
    }
}

/// What one item of the report checks: the characteristic, its channel and harmonic order,
/// its unit, the clause, its limits, and how its worst value is judged.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ItemSpec {
    pub characteristic: Characteristic,
    pub order: Option<u8>,
    pub channel: Option<ChannelRole>,
    pub unit: Unit,
    pub clause: String,
    /// For limits on both sides of a nominal value: that value. The worst value is then the
    /// one nearest to (or farthest beyond) the outermost limit on its side; otherwise it is
    /// the highest.
    pub nominal: Option<f64>,
    pub limits: Vec<Limit>,
}

impl ItemSpec {
    /// How bad `value` is: comparable between values of this item, higher is worse.
    pub fn severity(&self, value: f64) -> f64 {
        let Some(nominal) = self.nominal else {
            return value;
        };
        let outer = self.limits.last();
        if value >= nominal {
            let upper = outer.and_then(|l| l.upper).unwrap_or(nominal);
            ratio(value - nominal, upper - nominal)
        } else {
            let lower = outer.and_then(|l| l.lower).unwrap_or(nominal);
            ratio(nominal - value, nominal - lower)
        }
    }
}

/// `deviation / band`, or the deviation itself when the band is empty.
fn ratio(deviation: f64, band: f64) -> f64 {
    if band > 0.0 {
        deviation / band
    } else {
        deviation
    }
}

/// The clause of EN 50160:2010 for a characteristic at a voltage level.
fn clause(level: VoltageLevel, characteristic: Characteristic) -> String {
    let section = match level {
        VoltageLevel::Low => 4,
        VoltageLevel::Medium => 5,
    };
    let sub = match characteristic {
        Characteristic::PowerFrequency => 1,
        Characteristic::SupplyVoltageVariations => 2,
        Characteristic::SupplyVoltageUnbalance => 4,
        Characteristic::TotalHarmonicDistortion | Characteristic::HarmonicVoltage => 5,
    };
    format!("EN 50160:2010 {section}.2.{sub}")
}

/// Power frequency, 10-s mean values (4.2.1, 5.2.1): with a synchronous connection to an
/// interconnected system ±1 % during 99.5 % and +4 %/-6 % during 100 %; in an island system
/// ±2 % during 95 % and ±15 % during 100 %.
pub(super) fn power_frequency(supply: &SupplyCharacteristics) -> ItemSpec {
    let f = supply.nominal_frequency_hz;
    let limits = if supply.island {
        vec![
            Limit::around(&hz(f), "Hz", f, 2.0, 2.0, 95.0),
            Limit::around(&hz(f), "Hz", f, 15.0, 15.0, 100.0),
        ]
    } else {
        vec![
            Limit::around(&hz(f), "Hz", f, 1.0, 1.0, 99.5),
            Limit::around(&hz(f), "Hz", f, 6.0, 4.0, 100.0),
        ]
    };
    ItemSpec {
        characteristic: Characteristic::PowerFrequency,
        order: None,
        channel: None,
        unit: Unit::Hertz,
        clause: clause(supply.voltage_level, Characteristic::PowerFrequency),
        nominal: Some(f),
        limits,
    }
}

fn hz(f: f64) -> String {
    format!("{f} Hz")
}

/// Supply voltage variations, 10-min mean r.m.s. values of one channel (4.2.2, 5.2.2): low
/// voltage ±10 % during 95 % and +10 %/-15 % during 100 %; medium voltage ±10 % during 99 %
/// and ±15 % during 100 %; networks not interconnected with a transmission system (island)
/// +10 %/-15 % during 100 %.
pub(super) fn supply_voltage(supply: &SupplyCharacteristics, channel: ChannelRole) -> ItemSpec {
    let u = supply.nominal_voltage_v;
    let symbol = match supply.voltage_level {
        VoltageLevel::Low => "Un",
        VoltageLevel::Medium => "Uc",
    };
    let limits = match (supply.island, supply.voltage_level) {
        (true, _) => vec![Limit::around(symbol, "V", u, 15.0, 10.0, 100.0)],
        (false, VoltageLevel::Low) => vec![
            Limit::around(symbol, "V", u, 10.0, 10.0, 95.0),
            Limit::around(symbol, "V", u, 15.0, 10.0, 100.0),
        ],
        (false, VoltageLevel::Medium) => vec![
            Limit::around(symbol, "V", u, 10.0, 10.0, 99.0),
            Limit::around(symbol, "V", u, 15.0, 15.0, 100.0),
        ],
    };
    ItemSpec {
        characteristic: Characteristic::SupplyVoltageVariations,
        order: None,
        channel: Some(channel),
        unit: Unit::Volt,
        clause: clause(
            supply.voltage_level,
            Characteristic::SupplyVoltageVariations,
        ),
        nominal: Some(u),
        limits,
    }
}

/// Supply voltage unbalance, 10-min values of the negative- to positive-sequence ratio (4.2.4,
/// 5.2.4): 0 % to 2 % during 95 % of each week (about 3 % in some areas, see
/// [`SupplyCharacteristics::unbalance_limit_percent`]).
pub(super) fn unbalance(supply: &SupplyCharacteristics) -> ItemSpec {
    ItemSpec {
        characteristic: Characteristic::SupplyVoltageUnbalance,
        order: None,
        channel: None,
        unit: Unit::Percent,
        clause: clause(supply.voltage_level, Characteristic::SupplyVoltageUnbalance),
        nominal: None,
        limits: vec![Limit::at_most_percent(
            supply.unbalance_limit_percent,
            WEEKLY_SHARE_PERCENT,
        )],
    }
}

/// THD of the voltage of one channel, 10-min values (4.2.5, 5.2.5): at most 8 % during 95 %.
pub(super) fn thd(supply: &SupplyCharacteristics, channel: ChannelRole) -> ItemSpec {
    ItemSpec {
        characteristic: Characteristic::TotalHarmonicDistortion,
        order: None,
        channel: Some(channel),
        unit: Unit::Percent,
        clause: clause(
            supply.voltage_level,
            Characteristic::TotalHarmonicDistortion,
        ),
        nominal: None,
        limits: vec![Limit::at_most_percent(
            THD_LIMIT_PERCENT,
            WEEKLY_SHARE_PERCENT,
        )],
    }
}

/// One harmonic voltage of one channel, 10-min values (4.2.5, 5.2.5): at most the value of
/// [`harmonic_limit_percent`] during 95 %. `None` for an order outside 2 to 25.
pub(super) fn harmonic(
    supply: &SupplyCharacteristics,
    channel: ChannelRole,
    order: u8,
) -> Option<ItemSpec> {
    let limit = harmonic_limit_percent(order)?;
    Some(ItemSpec {
        characteristic: Characteristic::HarmonicVoltage,
        order: Some(order),
        channel: Some(channel),
        unit: Unit::Percent,
        clause: match supply.voltage_level {
            VoltageLevel::Low => format!(
                "{}, Table 1",
                clause(supply.voltage_level, Characteristic::HarmonicVoltage)
            ),
            VoltageLevel::Medium => clause(supply.voltage_level, Characteristic::HarmonicVoltage),
        },
        nominal: None,
        limits: vec![Limit::at_most_percent(limit, WEEKLY_SHARE_PERCENT)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wiring::Wiring;

    #[test]
    fn harmonic_limits_follow_the_table_of_the_standard() {
        let table: [(u8, f64); 24] = [
            (2, 2.0),
            (3, 5.0),
            (4, 1.0),
            (5, 6.0),
            (6, 0.5),
            (7, 5.0),
            (8, 0.5),
            (9, 1.5),
            (10, 0.5),
            (11, 3.5),
            (12, 0.5),
            (13, 3.0),
            (14, 0.5),
            (15, 0.5),
            (16, 0.5),
            (17, 2.0),
            (18, 0.5),
            (19, 1.5),
            (20, 0.5),
            (21, 0.5),
            (22, 0.5),
            (23, 1.5),
            (24, 0.5),
            (25, 1.5),
        ];
        for (order, limit) in table {
            assert_eq!(harmonic_limit_percent(order), Some(limit), "order {order}");
        }
        for order in [0, 1, 26, 40, 255] {
            assert_eq!(harmonic_limit_percent(order), None, "order {order}");
        }
        assert_eq!(HARMONIC_ORDER_COUNT, 24);
    }

    #[test]
    fn bounds_are_the_decimals_the_standard_implies() {
        let supply = SupplyCharacteristics::low_voltage(Wiring::ThreePhase4W, 230.0, 50.0);
        let voltage = supply_voltage(&supply, ChannelRole::VoltageL1);
        assert_eq!(voltage.limits[0].lower, Some(207.0));
        assert_eq!(voltage.limits[0].upper, Some(253.0));
        assert_eq!(voltage.limits[1].lower, Some(195.5));
        assert_eq!(voltage.limits[0].description, "Un ±10 %: 207 to 253 V");
        assert_eq!(
            voltage.limits[1].description,
            "Un +10 %/-15 %: 195.5 to 253 V"
        );

        let frequency = power_frequency(&supply);
        assert_eq!(frequency.limits[0].lower, Some(49.5));
        assert_eq!(frequency.limits[0].upper, Some(50.5));
        assert_eq!(frequency.limits[1].lower, Some(47.0));
        assert_eq!(frequency.limits[1].upper, Some(52.0));

        let sixty = SupplyCharacteristics::low_voltage(Wiring::ThreePhase4W, 120.0, 60.0);
        let frequency = power_frequency(&sixty);
        assert_eq!(frequency.limits[0].lower, Some(59.4));
        assert_eq!(frequency.limits[0].upper, Some(60.6));
        assert_eq!(frequency.limits[1].lower, Some(56.4));
        assert_eq!(frequency.limits[1].upper, Some(62.4));
        assert_eq!(
            frequency.limits[0].description,
            "60 Hz ±1 %: 59.4 to 60.6 Hz"
        );
    }

    #[test]
    fn island_and_medium_voltage_systems_get_their_own_limits() {
        let mut island = SupplyCharacteristics::low_voltage(Wiring::SinglePhase2W, 230.0, 50.0);
        island.island = true;
        let frequency = power_frequency(&island);
        assert_eq!(frequency.limits[0].lower, Some(49.0));
        assert_eq!(frequency.limits[0].required_percent, 95.0);
        assert_eq!(frequency.limits[1].lower, Some(42.5));
        assert_eq!(frequency.limits[1].upper, Some(57.5));
        let voltage = supply_voltage(&island, ChannelRole::VoltageL1);
        assert_eq!(voltage.limits.len(), 1);
        assert_eq!(voltage.limits[0].required_percent, 100.0);

        let mut medium = SupplyCharacteristics::low_voltage(Wiring::ThreePhase3W, 20_000.0, 50.0);
        medium.voltage_level = VoltageLevel::Medium;
        let voltage = supply_voltage(&medium, ChannelRole::VoltageL1L2);
        assert_eq!(voltage.limits[0].required_percent, 99.0);
        assert_eq!(voltage.limits[0].lower, Some(18_000.0));
        assert_eq!(voltage.limits[1].lower, Some(17_000.0));
        assert_eq!(voltage.limits[1].upper, Some(23_000.0));
        assert!(voltage.clause.starts_with("EN 50160:2010 5.2.2"));
    }

    #[test]
    fn a_value_exactly_at_a_bound_is_within_the_limit() {
        let limit = Limit::at_most_percent(0.5, 95.0);
        assert!(limit.contains(0.5));
        assert!(!limit.contains(0.500_000_000_000_1));
        let supply = SupplyCharacteristics::low_voltage(Wiring::ThreePhase4W, 230.0, 50.0);
        let voltage = supply_voltage(&supply, ChannelRole::VoltageL1);
        assert!(voltage.limits[0].contains(207.0));
        assert!(voltage.limits[0].contains(253.0));
        assert!(!voltage.limits[0].contains(206.999_999));
    }

    #[test]
    fn the_worst_voltage_is_judged_against_the_outer_limit_on_its_side() {
        let supply = SupplyCharacteristics::low_voltage(Wiring::ThreePhase4W, 230.0, 50.0);
        let voltage = supply_voltage(&supply, ChannelRole::VoltageL1);
        // 250 V uses 20 of the 23 V allowed above (0.87); 198 V 32 of the 34.5 V below (0.93).
        assert!(voltage.severity(198.0) > voltage.severity(250.0));
        // 251 V uses 21 of 23 V (0.91): worse than 201 V, which uses 29 of 34.5 V (0.84)
        // though it is farther from Un.
        assert!(voltage.severity(251.0) > voltage.severity(201.0));
    }
}
