//! The settings of one analyser: wiring, nominal values, transformer ratios, tariff input and
//! run-hour threshold, and which input channels they need.

use crate::registers::TariffInput;
use crate::wiring::{ChannelRole, Phase, Wiring};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The nominal frequency of the supply, which sets the window: 10 cycles at 50 Hz, 12 at 60 Hz
/// (IEC 61000-4-30), about 200 ms either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NominalFrequency {
    /// 50 Hz: windows of 10 cycles.
    #[serde(rename = "50")]
    Hz50,
    /// 60 Hz: windows of 12 cycles.
    #[serde(rename = "60")]
    Hz60,
}

impl NominalFrequency {
    /// The frequency in hertz.
    pub const fn hz(self) -> f64 {
        match self {
            NominalFrequency::Hz50 => 50.0,
            NominalFrequency::Hz60 => 60.0,
        }
    }

    /// Cycles per measurement window.
    pub const fn cycles(self) -> usize {
        match self {
            NominalFrequency::Hz50 => 10,
            NominalFrequency::Hz60 => 12,
        }
    }

    /// The nominal frequency nearest to a measured one (55 Hz and above is 60 Hz).
    pub fn nearest(hz: f64) -> NominalFrequency {
        if hz >= 55.0 {
            NominalFrequency::Hz60
        } else {
            NominalFrequency::Hz50
        }
    }
}

/// Whether the neutral current is measured by its own channel or computed from the phases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeutralCurrent {
    /// From the `i_n` channel when the input has one, else computed.
    Auto,
    /// From the `i_n` channel, which must be present.
    Measured,
    /// The sum of the phase currents.
    Computed,
}

/// The settings of one analyser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeterConfig {
    /// The wiring system.
    pub wiring: Wiring,
    /// The nominal frequency; `None` detects it from the first window (55 Hz and above is 60).
    pub nominal_frequency: Option<NominalFrequency>,
    /// The nominal line-to-neutral voltage in volts (230, 120, 277, …), the declared input
    /// voltage for dips and swells. Line-to-line nominal voltages follow from it (√3 times, or
    /// twice in a split-phase system); the wild leg's high leg is √3 times it.
    pub nominal_voltage_v: f64,
    /// Current-transformer ratio (primary / secondary) applied to current inputs.
    pub ct_ratio: f64,
    /// Voltage-transformer ratio (primary / secondary) applied to voltage inputs.
    pub vt_ratio: f64,
    /// Where the neutral current comes from.
    pub neutral: NeutralCurrent,
    /// What chooses tariff 1 or 2.
    pub tariff: TariffInput,
    /// The active power, in watts, above which import (or export) counts as running for the
    /// run-hour counters.
    pub run_threshold_w: f64,
}

impl MeterConfig {
    /// A configuration with the defaults: 230 V nominal, detected frequency, ratios 1, neutral
    /// current auto, tariff 1 always, run threshold 1 W.
    pub fn new(wiring: Wiring) -> Self {
        MeterConfig {
            wiring,
            nominal_frequency: None,
            nominal_voltage_v: 230.0,
            ct_ratio: 1.0,
            vt_ratio: 1.0,
            neutral: NeutralCurrent::Auto,
            tariff: TariffInput::Fixed(crate::registers::Tariff::T1),
            run_threshold_w: 1.0,
        }
    }

    /// Checks the numbers.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let positive = |name: &'static str, value: f64| {
            if value.is_finite() && value > 0.0 {
                Ok(())
            } else {
                Err(ConfigError::NotPositive { name, value })
            }
        };
        positive("nominal_voltage_v", self.nominal_voltage_v)?;
        positive("ct_ratio", self.ct_ratio)?;
        positive("vt_ratio", self.vt_ratio)?;
        if !(self.run_threshold_w.is_finite() && self.run_threshold_w >= 0.0) {
            return Err(ConfigError::NotPositive {
                name: "run_threshold_w",
                value: self.run_threshold_w,
            });
        }
        if self.neutral == NeutralCurrent::Measured && !self.wiring.has_neutral() {
            return Err(ConfigError::NoNeutral(self.wiring));
        }
        Ok(())
    }

    /// The nominal voltage of a phase to neutral (the high leg of a wild-leg delta is √3 times
    /// the others).
    pub fn nominal_phase_voltage(&self, phase: Phase) -> f64 {
        if self.wiring == Wiring::WildLegDelta && phase == Phase::L2 {
            self.nominal_voltage_v * 3f64.sqrt()
        } else {
            self.nominal_voltage_v
        }
    }

    /// The nominal line-to-line voltage.
    pub fn nominal_line_voltage(&self) -> f64 {
        match self.wiring {
            Wiring::SplitPhase3W => 2.0 * self.nominal_voltage_v,
            Wiring::WildLegDelta => 2.0 * self.nominal_voltage_v,
            _ => 3f64.sqrt() * self.nominal_voltage_v,
        }
    }
}

/// A setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConfigError {
    /// A ratio or nominal value is zero, negative or not a number.
    #[error("{name} must be a positive number, not {value}")]
    NotPositive {
        /// The setting.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A measured neutral current was asked of a system without neutral.
    #[error("a {0} system has no neutral conductor: its neutral current cannot be measured")]
    NoNeutral(Wiring),
    /// The input lacks channels the wiring needs.
    #[error(
        "wiring {wiring} needs the channels {needed}; the input has {present}: {missing} missing"
    )]
    MissingChannels {
        /// The wiring.
        wiring: Wiring,
        /// What it needs.
        needed: String,
        /// What the input has.
        present: String,
        /// What is missing.
        missing: String,
    },
}

/// Where each quantity of the wiring comes from, given the channels an input has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChannelPlan {
    /// Line-to-neutral voltages measured (true), or virtual star-point voltages computed from
    /// line-to-line ones (false, three-wire systems).
    pub phase_voltages: bool,
    /// The phase current that is computed from the others (three-wire systems may have two CTs).
    pub computed_current: Option<Phase>,
    /// The neutral current is measured.
    pub neutral_measured: bool,
}

fn names(roles: &[ChannelRole]) -> String {
    roles
        .iter()
        .map(|r| r.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl ChannelPlan {
    /// Chooses the plan for a wiring and the roles present, or says what is missing.
    pub(crate) fn new(
        config: &MeterConfig,
        present: &[ChannelRole],
    ) -> Result<ChannelPlan, ConfigError> {
        use ChannelRole::*;
        let has = |r: ChannelRole| present.contains(&r);
        let wiring = config.wiring;
        let missing_error = |needed: &[ChannelRole]| {
            let missing: Vec<ChannelRole> = needed.iter().copied().filter(|r| !has(*r)).collect();
            ConfigError::MissingChannels {
                wiring,
                needed: names(needed),
                present: if present.is_empty() {
                    "none".to_owned()
                } else {
                    names(present)
                },
                missing: names(&missing),
            }
        };
        let require = |needed: &[ChannelRole]| {
            if needed.iter().all(|r| has(*r)) {
                Ok(())
            } else {
                Err(missing_error(needed))
            }
        };
        let neutral_measured = match config.neutral {
            NeutralCurrent::Computed => false,
            NeutralCurrent::Measured => {
                require(&[CurrentN])?;
                true
            }
            NeutralCurrent::Auto => wiring.has_neutral() && has(CurrentN),
        };
        match wiring {
            Wiring::SinglePhase2W => {
                require(&[VoltageL1, CurrentL1])?;
                Ok(ChannelPlan {
                    phase_voltages: true,
                    computed_current: None,
                    neutral_measured,
                })
            }
            Wiring::SplitPhase3W => {
                require(&[VoltageL1, VoltageL2, CurrentL1, CurrentL2])?;
                Ok(ChannelPlan {
                    phase_voltages: true,
                    computed_current: None,
                    neutral_measured,
                })
            }
            Wiring::ThreePhase4W | Wiring::WildLegDelta => {
                require(&[
                    VoltageL1, VoltageL2, VoltageL3, CurrentL1, CurrentL2, CurrentL3,
                ])?;
                Ok(ChannelPlan {
                    phase_voltages: true,
                    computed_current: None,
                    neutral_measured,
                })
            }
            Wiring::ThreePhase3W => {
                let phase_voltages = has(VoltageL1) && has(VoltageL2) && has(VoltageL3);
                let line_pairs = [VoltageL1L2, VoltageL2L3, VoltageL3L1]
                    .iter()
                    .filter(|r| has(**r))
                    .count();
                if !phase_voltages && line_pairs < 2 {
                    return Err(missing_error(&[
                        VoltageL1L2,
                        VoltageL2L3,
                        CurrentL1,
                        CurrentL3,
                    ]));
                }
                let currents = [CurrentL1, CurrentL2, CurrentL3];
                let computed_current = match currents.iter().filter(|r| has(**r)).count() {
                    3 => None,
                    2 => Phase::ALL
                        .into_iter()
                        .find(|p| !has(ChannelRole::current(*p))),
                    _ => {
                        let needed: Vec<ChannelRole> = if phase_voltages {
                            vec![VoltageL1, VoltageL2, VoltageL3, CurrentL1, CurrentL3]
                        } else {
                            vec![VoltageL1L2, VoltageL2L3, CurrentL1, CurrentL3]
                        };
                        return Err(missing_error(&needed));
                    }
                };
                Ok(ChannelPlan {
                    phase_voltages,
                    computed_current,
                    neutral_measured: false,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChannelRole::*;

    #[test]
    fn a_missing_channel_is_named_with_what_the_wiring_needs() {
        let config = MeterConfig::new(Wiring::ThreePhase4W);
        let err = ChannelPlan::new(&config, &[VoltageL1, VoltageL2, CurrentL1]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "wiring 3p4w needs the channels u_l1, u_l2, u_l3, i_l1, i_l2, i_l3; the input has \
             u_l1, u_l2, i_l1: u_l3, i_l2, i_l3 missing"
        );
    }

    #[test]
    fn a_three_wire_system_works_from_two_line_voltages_and_two_currents() {
        let config = MeterConfig::new(Wiring::ThreePhase3W);
        let plan =
            ChannelPlan::new(&config, &[VoltageL1L2, VoltageL2L3, CurrentL1, CurrentL3]).unwrap();
        assert!(!plan.phase_voltages);
        assert_eq!(plan.computed_current, Some(Phase::L2));
        assert!(!plan.neutral_measured);
    }

    #[test]
    fn ratios_must_be_positive() {
        let mut config = MeterConfig::new(Wiring::SinglePhase2W);
        config.ct_ratio = 0.0;
        assert_eq!(
            config.validate().unwrap_err().to_string(),
            "ct_ratio must be a positive number, not 0"
        );
    }
}
