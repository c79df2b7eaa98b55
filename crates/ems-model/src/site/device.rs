//! Devices, the generic Modbus meter, and the catalogue of device profiles they name.

use super::error::{ConfigRule, Format, Limit, Problem};
use super::meter::{INTERNAL_METER, InternalMeter};
use crate::unit::Unit;
use serde::{Deserialize, Serialize};

/// The profile id of the seeds' "Generic Modbus meter", whose one register is given in the
/// device's `generic` table instead of a profile file. It is always known.
pub const GENERIC_MODBUS_METER: &str = "generic.modbus_meter";

/// The device profiles a site may name. Implemented by the profile library; the site model
/// asks it whether a profile exists and, where a reference needs a counter, what it records.
pub trait ProfileCatalog {
    /// True when a profile with this id exists.
    fn has_profile(&self, id: &str) -> bool;
    /// Every profile id, for "did you mean" suggestions.
    fn profile_ids(&self) -> Vec<String>;
    /// Whether a device of profile `id` records the point named `point` (a canonical name such
    /// as `energy_active_import`); `None` when the catalogue does not know the profile's
    /// points (a list of ids only), and then nothing is checked against them.
    fn records(&self, id: &str, point: &str) -> Option<bool> {
        let _ = (id, point);
        None
    }
}

impl<S: AsRef<str>> ProfileCatalog for Vec<S> {
    fn has_profile(&self, id: &str) -> bool {
        self.iter().any(|p| p.as_ref() == id)
    }
    fn profile_ids(&self) -> Vec<String> {
        self.iter().map(|p| p.as_ref().to_owned()).collect()
    }
}

impl<S: AsRef<str>, const N: usize> ProfileCatalog for [S; N] {
    fn has_profile(&self, id: &str) -> bool {
        self.iter().any(|p| p.as_ref() == id)
    }
    fn profile_ids(&self) -> Vec<String> {
        self.iter().map(|p| p.as_ref().to_owned()).collect()
    }
}

/// A device: a meter or other Modbus slave on a link, or an internal meter on a waveform stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    /// Display name.
    pub name: String,
    /// The id of the device's profile (its register map), [`GENERIC_MODBUS_METER`] or
    /// [`INTERNAL_METER`].
    pub profile: String,
    /// The id of the link the device is reached through.
    pub link: String,
    /// Modbus unit identifier (slave address), 1 to 247; not used (and not written) for an
    /// internal meter.
    pub unit_id: u8,
    /// Whether the device is polled.
    pub enabled: bool,
    /// The id of the load the device measures; `None` for the implicit "Others".
    pub load: Option<String>,
    /// The ids of the measure groups the device belongs to (at most 5).
    pub groups: Vec<String>,
    /// The id of the panel board the device is installed in.
    pub panel_board: Option<String>,
    /// Current-transformer ratio applied to currents, powers and energies read from the device
    /// (1 when the device reports primary values); for an internal meter, applied to the
    /// stream's current samples.
    pub ct_ratio: f64,
    /// Voltage-transformer ratio applied to voltages, powers and energies read from the device;
    /// for an internal meter, applied to the stream's voltage samples.
    pub vt_ratio: f64,
    /// Leave the device out of the grand total and partial consumptions (it measures a part of
    /// what another device already measures); it still shows in the details.
    pub exclude_from_totals: bool,
    /// Raise no alerts for the device's events.
    pub exclude_alerts: bool,
    /// Period of the profile's fast poll class, in milliseconds (an internal meter's momentary
    /// values).
    pub fast_poll_ms: u32,
    /// Period of the profile's slow poll class, in milliseconds (not shorter than the fast one;
    /// an internal meter's counters).
    pub slow_poll_ms: u32,
    /// Reply timeout overriding the link's, in milliseconds.
    pub timeout_ms: Option<u32>,
    /// The register of a generic Modbus meter; present exactly when `profile` is
    /// [`GENERIC_MODBUS_METER`].
    pub generic: Option<GenericModbusMeter>,
    /// The settings of an internal meter; present exactly when `profile` is [`INTERNAL_METER`].
    pub meter: Option<InternalMeter>,
}

impl Device {
    /// The fast poll period when the file says nothing.
    pub const DEFAULT_FAST_POLL_MS: u32 = 1_000;
    /// The slow poll period when the file says nothing.
    pub const DEFAULT_SLOW_POLL_MS: u32 = 15_000;

    /// An enabled device with the default ratios, poll periods and options.
    pub fn new(
        name: impl Into<String>,
        profile: impl Into<String>,
        link: impl Into<String>,
        unit_id: u8,
    ) -> Self {
        Device {
            name: name.into(),
            profile: profile.into(),
            link: link.into(),
            unit_id,
            enabled: true,
            load: None,
            groups: Vec::new(),
            panel_board: None,
            ct_ratio: 1.0,
            vt_ratio: 1.0,
            exclude_from_totals: false,
            exclude_alerts: false,
            fast_poll_ms: Self::DEFAULT_FAST_POLL_MS,
            slow_poll_ms: Self::DEFAULT_SLOW_POLL_MS,
            timeout_ms: None,
            generic: None,
            meter: None,
        }
    }

    /// An enabled internal meter on the waveform-stream link `link`, with the default ratios,
    /// periods and options.
    pub fn internal_meter(
        name: impl Into<String>,
        link: impl Into<String>,
        meter: InternalMeter,
    ) -> Self {
        Device {
            meter: Some(meter),
            ..Device::new(name, INTERNAL_METER, link, 1)
        }
    }

    /// True for an internal meter.
    pub fn is_internal_meter(&self) -> bool {
        self.profile == INTERNAL_METER
    }
}

/// Parameters of the seeds' "Generic Modbus meter": one register of positive active energy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericModbusMeter {
    /// Modbus function code that reads the register: 3 (holding) or 4 (input).
    pub function: u8,
    /// 0-based register address, written in hexadecimal as in the meter's manual (`"0x0048"`).
    pub register: String,
    /// Number of 16-bit words of the value: 1, 2 or 4 (unsigned, high word first).
    pub words: u8,
    /// Factor that turns the raw integer into `unit`.
    pub multiplier: f64,
    /// The unit of `raw × multiplier`; kWh unless given.
    #[serde(default = "kilowatt_hour")]
    pub unit: Unit,
}

fn kilowatt_hour() -> Unit {
    Unit::KilowattHour
}

impl GenericModbusMeter {
    /// The Modbus function codes a generic meter may use.
    pub const FUNCTIONS: &'static [u8] = &[3, 4];
    /// The value widths, in 16-bit words, a generic meter may use.
    pub const WORDS: &'static [u8] = &[1, 2, 4];

    /// The register address: `register` read as hexadecimal, with or without `0x`.
    pub fn register_address(&self) -> Result<u16, InvalidRegister> {
        parse_register(&self.register)
    }
}

/// A generic meter's `register` that is not a hexadecimal address from 0 to 0xFFFF.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRegister {
    /// Not hexadecimal digits (with an optional `0x`).
    #[error("{0:?} is not a hexadecimal register address such as \"0x0048\"")]
    NotHexadecimal(String),
    /// Above 0xFFFF.
    #[error("{0:?} is out of range; expected at most 0xFFFF")]
    TooLarge(String),
}

fn parse_register(text: &str) -> Result<u16, InvalidRegister> {
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(InvalidRegister::NotHexadecimal(text.to_owned()));
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > 4 {
        return Err(InvalidRegister::TooLarge(text.to_owned()));
    }
    if significant.is_empty() {
        return Ok(0);
    }
    u16::from_str_radix(significant, 16).map_err(|_| InvalidRegister::TooLarge(text.to_owned()))
}

/// Every problem of a generic meter's settings, with the key it concerns.
pub(crate) fn generic_problems(generic: &GenericModbusMeter) -> Vec<(&'static str, Problem)> {
    let mut problems = Vec::new();
    if !GenericModbusMeter::FUNCTIONS.contains(&generic.function) {
        problems.push((
            "function",
            not_allowed(generic.function, GenericModbusMeter::FUNCTIONS),
        ));
    }
    if !GenericModbusMeter::WORDS.contains(&generic.words) {
        problems.push((
            "words",
            not_allowed(generic.words, GenericModbusMeter::WORDS),
        ));
    }
    match generic.register_address() {
        Err(e) => problems.push(("register", register_problem(&e))),
        Ok(address) => {
            let words = u32::from(generic.words.max(1));
            let last = u32::from(address) + words - 1;
            if last > 0xFFFF {
                let highest = 0x1_0000 - words;
                problems.push((
                    "register",
                    Problem::new(
                        ConfigRule::OutOfRange {
                            min: None,
                            above: None,
                            max: Some(Limit::Text(format!("0x{highest:04X}"))),
                        },
                        format!(
                            "{:?} with {} words runs past the last register 0xFFFF",
                            generic.register, generic.words
                        ),
                    ),
                ));
            }
        }
    }
    if !generic.multiplier.is_finite() || generic.multiplier == 0.0 {
        problems.push((
            "multiplier",
            Problem::new(
                ConfigRule::NonZero,
                format!(
                    "{} is not allowed; expected a finite number other than 0",
                    generic.multiplier
                ),
            ),
        ));
    }
    if generic.unit.dimension() != Unit::WattHour.dimension() {
        let energy_units: Vec<&str> = Unit::ALL
            .iter()
            .filter(|u| u.dimension() == Unit::WattHour.dimension())
            .map(|u| u.symbol())
            .collect();
        let quoted: Vec<String> = energy_units.iter().map(|u| format!("{u:?}")).collect();
        problems.push((
            "unit",
            Problem::new(
                ConfigRule::NotAllowed {
                    allowed: energy_units.iter().map(|u| (*u).to_owned()).collect(),
                },
                format!(
                    "{:?} is not a unit of active energy; expected one of {}",
                    generic.unit.symbol(),
                    quoted.join(", ")
                ),
            ),
        ));
    }
    problems
}

/// The problem of a register that is not an address.
fn register_problem(error: &InvalidRegister) -> Problem {
    let rule = match error {
        InvalidRegister::NotHexadecimal(_) => ConfigRule::Pattern {
            format: Format::Register,
        },
        InvalidRegister::TooLarge(_) => ConfigRule::OutOfRange {
            min: None,
            above: None,
            max: Some(Limit::Text("0xFFFF".to_owned())),
        },
    };
    Problem::new(rule, error.to_string())
}

/// "`value` is not allowed; expected one of …" for a small integer set.
pub(crate) fn not_allowed(value: impl std::fmt::Display, allowed: &[u8]) -> Problem {
    let list: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    Problem::new(
        ConfigRule::NotAllowed {
            allowed: list.clone(),
        },
        format!(
            "{value} is not allowed; expected one of {}",
            list.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meter(register: &str, words: u8) -> GenericModbusMeter {
        GenericModbusMeter {
            function: 3,
            register: register.to_owned(),
            words,
            multiplier: 0.01,
            unit: Unit::KilowattHour,
        }
    }

    #[test]
    fn registers_are_hexadecimal_with_or_without_prefix() {
        assert_eq!(meter("0x0048", 2).register_address(), Ok(0x48));
        assert_eq!(meter("48", 2).register_address(), Ok(0x48));
        assert_eq!(meter("0XFFFF", 1).register_address(), Ok(0xFFFF));
        assert_eq!(meter("0x0000FFFF", 1).register_address(), Ok(0xFFFF));
        assert_eq!(meter("0000", 1).register_address(), Ok(0));
    }

    #[test]
    fn registers_that_are_not_hexadecimal_or_too_large_are_refused() {
        for bad in ["", "0x", "+48", "0x4G", "72 "] {
            assert_eq!(
                meter(bad, 1).register_address(),
                Err(InvalidRegister::NotHexadecimal(bad.to_owned()))
            );
        }
        assert_eq!(
            meter("0x10000", 1).register_address(),
            Err(InvalidRegister::TooLarge("0x10000".to_owned()))
        );
    }

    #[test]
    fn a_generic_meter_reading_past_the_last_register_is_refused() {
        assert!(generic_problems(&meter("0xFFFF", 1)).is_empty());
        let problems = generic_problems(&meter("0xFFFF", 2));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "register");
    }

    #[test]
    fn a_generic_meter_must_count_active_energy() {
        let mut m = meter("0x10", 2);
        m.unit = Unit::Kilowatt;
        let problems = generic_problems(&m);
        assert_eq!(
            problems[0].1.message,
            r#""kW" is not a unit of active energy; expected one of "Wh", "kWh", "MWh""#
        );
    }

    #[test]
    fn arrays_and_vectors_of_ids_are_profile_catalogs() {
        let catalog = ["eastron.sdm630"];
        assert!(catalog.has_profile("eastron.sdm630"));
        assert!(!catalog.has_profile("eastron.sdm63"));
        let catalog = vec!["a".to_owned()];
        assert_eq!(catalog.profile_ids(), ["a"]);
    }
}
