//! Units of measure: the canonical unit of every dimension and the device units that convert to it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a unit measures. Two units convert into each other only within one dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Electric potential.
    Voltage,
    /// Electric current.
    Current,
    /// Active power.
    ActivePower,
    /// Reactive power.
    ReactivePower,
    /// Apparent power.
    ApparentPower,
    /// Frequency.
    Frequency,
    /// A ratio expressed in percent (THD, unbalance).
    Percent,
    /// A dimensionless number (power factor, counts).
    Dimensionless,
    /// Active energy.
    ActiveEnergy,
    /// Reactive energy.
    ReactiveEnergy,
    /// Apparent energy.
    ApparentEnergy,
    /// Volume (gas, water).
    Volume,
    /// Duration (run hours).
    Duration,
    /// Temperature.
    Temperature,
    /// Angle (phase angle).
    Angle,
}

macro_rules! units {
    ($( $variant:ident => $symbol:literal, $dim:ident, $factor:expr, $doc:literal; )*) => {
        /// A unit of measure, as written in profiles and shown to users.
        ///
        /// Every unit has a [`Dimension`] and a factor to the canonical unit of that dimension
        /// (see [`Unit::canonical`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Unit {
            $( #[doc = $doc] $variant, )*
        }

        impl Unit {
            /// Every unit, in declaration order.
            pub const ALL: &'static [Unit] = &[ $( Unit::$variant, )* ];

            /// The symbol of the unit as written in TOML and JSON (`"kWh"`, `"V"`, `""` for none).
            pub const fn symbol(self) -> &'static str {
                match self { $( Unit::$variant => $symbol, )* }
            }

            /// What the unit measures.
            pub const fn dimension(self) -> Dimension {
                match self { $( Unit::$variant => Dimension::$dim, )* }
            }

            /// The factor that turns a value in this unit into the canonical unit of its dimension.
            pub const fn factor_to_canonical(self) -> f64 {
                match self { $( Unit::$variant => $factor, )* }
            }
        }
    };
}

units! {
    Volt => "V", Voltage, 1.0, "Volt (canonical for voltage).";
    Kilovolt => "kV", Voltage, 1e3, "Kilovolt.";
    Ampere => "A", Current, 1.0, "Ampere (canonical for current).";
    Milliampere => "mA", Current, 1e-3, "Milliampere.";
    Watt => "W", ActivePower, 1.0, "Watt (canonical for active power).";
    Kilowatt => "kW", ActivePower, 1e3, "Kilowatt.";
    Megawatt => "MW", ActivePower, 1e6, "Megawatt.";
    Var => "var", ReactivePower, 1.0, "Volt-ampere reactive (canonical for reactive power).";
    Kilovar => "kvar", ReactivePower, 1e3, "Kilovar.";
    VoltAmpere => "VA", ApparentPower, 1.0, "Volt-ampere (canonical for apparent power).";
    KiloVoltAmpere => "kVA", ApparentPower, 1e3, "Kilovolt-ampere.";
    Hertz => "Hz", Frequency, 1.0, "Hertz (canonical for frequency).";
    Percent => "%", Percent, 1.0, "Percent (canonical for ratios).";
    One => "", Dimensionless, 1.0, "Dimensionless (canonical for power factor and counts).";
    WattHour => "Wh", ActiveEnergy, 1.0, "Watt-hour (canonical for active energy).";
    KilowattHour => "kWh", ActiveEnergy, 1e3, "Kilowatt-hour.";
    MegawattHour => "MWh", ActiveEnergy, 1e6, "Megawatt-hour.";
    VarHour => "varh", ReactiveEnergy, 1.0, "Var-hour (canonical for reactive energy).";
    KilovarHour => "kvarh", ReactiveEnergy, 1e3, "Kilovar-hour.";
    VoltAmpereHour => "VAh", ApparentEnergy, 1.0, "Volt-ampere-hour (canonical for apparent energy).";
    KiloVoltAmpereHour => "kVAh", ApparentEnergy, 1e3, "Kilovolt-ampere-hour.";
    CubicDecimetre => "dm3", Volume, 1.0, "Cubic decimetre, one litre (canonical for volume).";
    Litre => "l", Volume, 1.0, "Litre.";
    CubicMetre => "m3", Volume, 1e3, "Cubic metre.";
    Second => "s", Duration, 1.0, "Second (canonical for durations).";
    Minute => "min", Duration, 60.0, "Minute.";
    Hour => "h", Duration, 3600.0, "Hour.";
    Celsius => "degC", Temperature, 1.0, "Degree Celsius (canonical for temperature).";
    Degree => "deg", Angle, 1.0, "Degree of angle (canonical for angles).";
}

impl Unit {
    /// The canonical unit of this unit's dimension: the unit every point is stored in.
    pub fn canonical(self) -> Unit {
        match self.dimension() {
            Dimension::Voltage => Unit::Volt,
            Dimension::Current => Unit::Ampere,
            Dimension::ActivePower => Unit::Watt,
            Dimension::ReactivePower => Unit::Var,
            Dimension::ApparentPower => Unit::VoltAmpere,
            Dimension::Frequency => Unit::Hertz,
            Dimension::Percent => Unit::Percent,
            Dimension::Dimensionless => Unit::One,
            Dimension::ActiveEnergy => Unit::WattHour,
            Dimension::ReactiveEnergy => Unit::VarHour,
            Dimension::ApparentEnergy => Unit::VoltAmpereHour,
            Dimension::Volume => Unit::CubicDecimetre,
            Dimension::Duration => Unit::Second,
            Dimension::Temperature => Unit::Celsius,
            Dimension::Angle => Unit::Degree,
        }
    }

    /// Converts `value` in this unit into `target`, or `None` when the dimensions differ.
    pub fn convert(self, value: f64, target: Unit) -> Option<f64> {
        (self.dimension() == target.dimension())
            .then(|| value * self.factor_to_canonical() / target.factor_to_canonical())
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A unit symbol that names no known unit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown unit \"{0}\"")]
pub struct UnknownUnit(pub String);

impl FromStr for Unit {
    type Err = UnknownUnit;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::ALL
            .iter()
            .copied()
            .find(|u| u.symbol() == s)
            .ok_or_else(|| UnknownUnit(s.to_owned()))
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.symbol())
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_parses_back_to_its_unit() {
        for unit in Unit::ALL {
            assert_eq!(unit.symbol().parse::<Unit>(), Ok(*unit));
        }
    }

    #[test]
    fn kilowatt_hours_convert_to_watt_hours() {
        assert_eq!(
            Unit::KilowattHour.convert(1.5, Unit::WattHour),
            Some(1500.0)
        );
        assert_eq!(
            Unit::CubicMetre.convert(2.0, Unit::CubicDecimetre),
            Some(2000.0)
        );
    }

    #[test]
    fn units_of_different_dimensions_do_not_convert() {
        assert_eq!(Unit::KilowattHour.convert(1.0, Unit::Watt), None);
    }

    #[test]
    fn every_canonical_unit_has_factor_one() {
        for unit in Unit::ALL {
            assert_eq!(unit.canonical().factor_to_canonical(), 1.0, "{unit:?}");
        }
    }
}
