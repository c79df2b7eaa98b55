//! Canonical points: the names, units and kinds of every quantity ems knows.
//!
//! A point is identified by a small index into one static table, so that samples carry two bytes
//! instead of a string; it serialises as its snake_case name.
//!
//! The store writes points by their index in this table: new points are only ever appended at
//! its end, and no point is removed or moved.

use crate::unit::Unit;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Whether a point is a momentary value or a cumulative counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// A momentary value (voltage, power, power factor); stored as a float.
    Instantaneous,
    /// A cumulative counter (energy, volume, run time); an integer in the canonical unit.
    Counter,
}

/// The definition of one canonical point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointDef {
    /// The canonical snake_case name (`voltage_l1`).
    pub name: &'static str,
    /// The one unit the point is stored and shown in.
    pub unit: Unit,
    /// Momentary value or counter.
    pub kind: PointKind,
    /// A short English description for listings.
    pub description: &'static str,
}

macro_rules! points {
    ($( $name:literal, $unit:ident, $kind:ident, $desc:literal; )*) => {
        /// The table of canonical points, indexed by [`Point`].
        pub const POINTS: &[PointDef] = &[
            $( PointDef { name: $name, unit: Unit::$unit, kind: PointKind::$kind, description: $desc }, )*
        ];
    };
}

points! {
    "voltage_l1", Volt, Instantaneous, "Voltage L1-N";
    "voltage_l2", Volt, Instantaneous, "Voltage L2-N";
    "voltage_l3", Volt, Instantaneous, "Voltage L3-N";
    "voltage_ln_average", Volt, Instantaneous, "Average line-to-neutral voltage";
    "voltage_l1_l2", Volt, Instantaneous, "Voltage L1-L2";
    "voltage_l2_l3", Volt, Instantaneous, "Voltage L2-L3";
    "voltage_l3_l1", Volt, Instantaneous, "Voltage L3-L1";
    "voltage_ll_average", Volt, Instantaneous, "Average line-to-line voltage";
    "current_l1", Ampere, Instantaneous, "Current L1";
    "current_l2", Ampere, Instantaneous, "Current L2";
    "current_l3", Ampere, Instantaneous, "Current L3";
    "current_n", Ampere, Instantaneous, "Neutral current";
    "current_average", Ampere, Instantaneous, "Average phase current";
    "active_power", Watt, Instantaneous, "Active power, total (import positive)";
    "active_power_l1", Watt, Instantaneous, "Active power L1 (import positive)";
    "active_power_l2", Watt, Instantaneous, "Active power L2 (import positive)";
    "active_power_l3", Watt, Instantaneous, "Active power L3 (import positive)";
    "reactive_power", Var, Instantaneous, "Reactive power, total (inductive positive)";
    "reactive_power_l1", Var, Instantaneous, "Reactive power L1 (inductive positive)";
    "reactive_power_l2", Var, Instantaneous, "Reactive power L2 (inductive positive)";
    "reactive_power_l3", Var, Instantaneous, "Reactive power L3 (inductive positive)";
    "apparent_power", VoltAmpere, Instantaneous, "Apparent power, total";
    "apparent_power_l1", VoltAmpere, Instantaneous, "Apparent power L1";
    "apparent_power_l2", VoltAmpere, Instantaneous, "Apparent power L2";
    "apparent_power_l3", VoltAmpere, Instantaneous, "Apparent power L3";
    "power_factor", One, Instantaneous, "Power factor, total (signed as active power)";
    "power_factor_l1", One, Instantaneous, "Power factor L1";
    "power_factor_l2", One, Instantaneous, "Power factor L2";
    "power_factor_l3", One, Instantaneous, "Power factor L3";
    "frequency", Hertz, Instantaneous, "Frequency";
    "thd_voltage_l1", Percent, Instantaneous, "Total harmonic distortion of voltage L1";
    "thd_voltage_l2", Percent, Instantaneous, "Total harmonic distortion of voltage L2";
    "thd_voltage_l3", Percent, Instantaneous, "Total harmonic distortion of voltage L3";
    "thd_current_l1", Percent, Instantaneous, "Total harmonic distortion of current L1";
    "thd_current_l2", Percent, Instantaneous, "Total harmonic distortion of current L2";
    "thd_current_l3", Percent, Instantaneous, "Total harmonic distortion of current L3";
    "active_power_demand", Watt, Instantaneous, "Active power demand (meter's own averaging period)";
    "active_power_demand_peak", Watt, Instantaneous, "Peak active power demand";
    "energy_active_import", WattHour, Counter, "Active energy imported, total";
    "energy_active_export", WattHour, Counter, "Active energy exported, total";
    "energy_active_import_t1", WattHour, Counter, "Active energy imported in tariff 1";
    "energy_active_import_t2", WattHour, Counter, "Active energy imported in tariff 2";
    "energy_active_export_t1", WattHour, Counter, "Active energy exported in tariff 1";
    "energy_active_export_t2", WattHour, Counter, "Active energy exported in tariff 2";
    "energy_active_import_l1", WattHour, Counter, "Active energy imported L1";
    "energy_active_import_l2", WattHour, Counter, "Active energy imported L2";
    "energy_active_import_l3", WattHour, Counter, "Active energy imported L3";
    "energy_active_export_l1", WattHour, Counter, "Active energy exported L1";
    "energy_active_export_l2", WattHour, Counter, "Active energy exported L2";
    "energy_active_export_l3", WattHour, Counter, "Active energy exported L3";
    "energy_reactive_import", VarHour, Counter, "Reactive energy imported (inductive, Q1+Q2)";
    "energy_reactive_export", VarHour, Counter, "Reactive energy exported (capacitive, Q3+Q4)";
    "energy_reactive_q1", VarHour, Counter, "Reactive energy in quadrant 1";
    "energy_reactive_q2", VarHour, Counter, "Reactive energy in quadrant 2";
    "energy_reactive_q3", VarHour, Counter, "Reactive energy in quadrant 3";
    "energy_reactive_q4", VarHour, Counter, "Reactive energy in quadrant 4";
    "energy_apparent", VoltAmpereHour, Counter, "Apparent energy, total";
    "gas_volume", CubicDecimetre, Counter, "Gas volume";
    "water_volume", CubicDecimetre, Counter, "Water volume";
    "run_time", Second, Counter, "Run-hour counter (total ON time)";
    "voltage_unbalance", Percent, Instantaneous, "Voltage unbalance (negative over positive sequence)";
    "thd_voltage_l1_l2", Percent, Instantaneous, "Total harmonic distortion of voltage L1-L2";
    "thd_voltage_l2_l3", Percent, Instantaneous, "Total harmonic distortion of voltage L2-L3";
    "thd_voltage_l3_l1", Percent, Instantaneous, "Total harmonic distortion of voltage L3-L1";
    "energy_active_q1", WattHour, Counter, "Active energy in quadrant 1 (import, inductive)";
    "energy_active_q2", WattHour, Counter, "Active energy in quadrant 2 (export, inductive)";
    "energy_active_q3", WattHour, Counter, "Active energy in quadrant 3 (export, capacitive)";
    "energy_active_q4", WattHour, Counter, "Active energy in quadrant 4 (import, capacitive)";
    "energy_apparent_q1", VoltAmpereHour, Counter, "Apparent energy in quadrant 1";
    "energy_apparent_q2", VoltAmpereHour, Counter, "Apparent energy in quadrant 2";
    "energy_apparent_q3", VoltAmpereHour, Counter, "Apparent energy in quadrant 3";
    "energy_apparent_q4", VoltAmpereHour, Counter, "Apparent energy in quadrant 4";
    "energy_reactive_import_l1", VarHour, Counter, "Reactive energy imported L1 (inductive)";
    "energy_reactive_import_l2", VarHour, Counter, "Reactive energy imported L2 (inductive)";
    "energy_reactive_import_l3", VarHour, Counter, "Reactive energy imported L3 (inductive)";
    "energy_reactive_export_l1", VarHour, Counter, "Reactive energy exported L1 (capacitive)";
    "energy_reactive_export_l2", VarHour, Counter, "Reactive energy exported L2 (capacitive)";
    "energy_reactive_export_l3", VarHour, Counter, "Reactive energy exported L3 (capacitive)";
    "run_time_import", Second, Counter, "Run-hour counter while importing (active power above the run threshold)";
    "run_time_export", Second, Counter, "Run-hour counter while exporting (active power below minus the run threshold)";
}

/// A canonical point, by its index into [`POINTS`]. Serialises as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Point(u16);

impl Point {
    /// Looks a point up by its canonical name.
    pub fn from_name(name: &str) -> Option<Point> {
        POINTS
            .iter()
            .position(|p| p.name == name)
            .and_then(|i| u16::try_from(i).ok())
            .map(Point)
    }

    /// Every canonical point.
    pub fn all() -> impl Iterator<Item = Point> {
        (0..POINTS.len()).filter_map(|i| u16::try_from(i).ok().map(Point))
    }

    /// The point's definition.
    pub fn def(self) -> &'static PointDef {
        &POINTS[usize::from(self.0)]
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The canonical unit.
    pub fn unit(self) -> Unit {
        self.def().unit
    }

    /// Momentary value or counter.
    pub fn kind(self) -> PointKind {
        self.def().kind
    }

    /// True for cumulative counters.
    pub fn is_counter(self) -> bool {
        self.kind() == PointKind::Counter
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a canonical point, with the closest canonical name when one is near.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown point \"{name}\"{}", suggestion_suffix(.suggestion.as_deref()))]
pub struct UnknownPoint {
    /// The name given.
    pub name: String,
    /// The closest canonical name, if any is close.
    pub suggestion: Option<&'static str>,
}

fn suggestion_suffix(s: Option<&str>) -> String {
    s.map(|s| format!("; did you mean \"{s}\"?"))
        .unwrap_or_default()
}

impl FromStr for Point {
    type Err = UnknownPoint;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Point::from_name(s).ok_or_else(|| UnknownPoint {
            name: s.to_owned(),
            suggestion: crate::suggest::closest(s, POINTS.iter().map(|p| p.name)),
        })
    }
}

impl Serialize for Point {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn point_names_are_unique_snake_case() {
        let mut seen = HashSet::new();
        for p in POINTS {
            assert!(seen.insert(p.name), "duplicate {}", p.name);
            assert!(
                p.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn every_point_is_in_its_canonical_unit() {
        for p in POINTS {
            assert_eq!(p.unit, p.unit.canonical(), "{}", p.name);
        }
    }

    #[test]
    fn a_misspelt_point_suggests_the_canonical_name() {
        let err = "voltage_l4".parse::<Point>().unwrap_err();
        assert_eq!(err.suggestion, Some("voltage_l1"));
        let err = "energy_active_imprt".parse::<Point>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown point \"energy_active_imprt\"; did you mean \"energy_active_import\"?"
        );
    }

    /// The store writes points by their index: a point once published keeps its place.
    #[test]
    fn published_points_keep_their_index() {
        let at = |name: &str| Point::from_name(name).map(|p| p.0);
        assert_eq!(at("voltage_l1"), Some(0));
        assert_eq!(at("energy_apparent"), Some(56));
        assert_eq!(at("run_time"), Some(59));
        assert_eq!(at("voltage_unbalance"), Some(60));
        assert_eq!(at("run_time_export"), Some(79));
        assert_eq!(POINTS.len(), 80);
    }

    #[test]
    fn points_serialise_as_their_names() {
        let p = Point::from_name("active_power_l2").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"active_power_l2\"");
        assert!(p.unit() == Unit::Watt && !p.is_counter());
    }
}
