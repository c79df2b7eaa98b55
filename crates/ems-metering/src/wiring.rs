//! Wiring systems, phases and the roles of input channels.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A phase conductor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Phase {
    /// Phase 1 (A, R, U).
    L1,
    /// Phase 2 (B, S, V).
    L2,
    /// Phase 3 (C, T, W).
    L3,
}

impl Phase {
    /// The three phases in order.
    pub const ALL: [Phase; 3] = [Phase::L1, Phase::L2, Phase::L3];

    /// `L1`, `L2` or `L3`.
    pub const fn name(self) -> &'static str {
        match self {
            Phase::L1 => "L1",
            Phase::L2 => "L2",
            Phase::L3 => "L3",
        }
    }

    /// 0, 1 or 2.
    pub const fn index(self) -> usize {
        match self {
            Phase::L1 => 0,
            Phase::L2 => 1,
            Phase::L3 => 2,
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an input channel measures. Voltages are in volts, currents in amperes; line-to-neutral
/// voltages are measured against the neutral (or, in a three-wire system without one, against
/// the recorder's reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChannelRole {
    /// Voltage L1-N.
    #[serde(rename = "u_l1")]
    VoltageL1,
    /// Voltage L2-N.
    #[serde(rename = "u_l2")]
    VoltageL2,
    /// Voltage L3-N.
    #[serde(rename = "u_l3")]
    VoltageL3,
    /// Voltage L1-L2.
    #[serde(rename = "u_l1_l2")]
    VoltageL1L2,
    /// Voltage L2-L3.
    #[serde(rename = "u_l2_l3")]
    VoltageL2L3,
    /// Voltage L3-L1.
    #[serde(rename = "u_l3_l1")]
    VoltageL3L1,
    /// Current in L1 (positive towards the load).
    #[serde(rename = "i_l1")]
    CurrentL1,
    /// Current in L2.
    #[serde(rename = "i_l2")]
    CurrentL2,
    /// Current in L3.
    #[serde(rename = "i_l3")]
    CurrentL3,
    /// Current in the neutral.
    #[serde(rename = "i_n")]
    CurrentN,
}

impl ChannelRole {
    /// Every role, in the order of their codes.
    pub const ALL: [ChannelRole; 10] = [
        ChannelRole::VoltageL1,
        ChannelRole::VoltageL2,
        ChannelRole::VoltageL3,
        ChannelRole::VoltageL1L2,
        ChannelRole::VoltageL2L3,
        ChannelRole::VoltageL3L1,
        ChannelRole::CurrentL1,
        ChannelRole::CurrentL2,
        ChannelRole::CurrentL3,
        ChannelRole::CurrentN,
    ];

    /// The role's name in files and on the command line: `u_l1`, `u_l1_l2`, `i_l1`, `i_n`, ….
    pub const fn name(self) -> &'static str {
        match self {
            ChannelRole::VoltageL1 => "u_l1",
            ChannelRole::VoltageL2 => "u_l2",
            ChannelRole::VoltageL3 => "u_l3",
            ChannelRole::VoltageL1L2 => "u_l1_l2",
            ChannelRole::VoltageL2L3 => "u_l2_l3",
            ChannelRole::VoltageL3L1 => "u_l3_l1",
            ChannelRole::CurrentL1 => "i_l1",
            ChannelRole::CurrentL2 => "i_l2",
            ChannelRole::CurrentL3 => "i_l3",
            ChannelRole::CurrentN => "i_n",
        }
    }

    /// The role's code in the waveform stream (1 to 10, in the order of [`ChannelRole::ALL`]).
    pub const fn code(self) -> u8 {
        match self {
            ChannelRole::VoltageL1 => 1,
            ChannelRole::VoltageL2 => 2,
            ChannelRole::VoltageL3 => 3,
            ChannelRole::VoltageL1L2 => 4,
            ChannelRole::VoltageL2L3 => 5,
            ChannelRole::VoltageL3L1 => 6,
            ChannelRole::CurrentL1 => 7,
            ChannelRole::CurrentL2 => 8,
            ChannelRole::CurrentL3 => 9,
            ChannelRole::CurrentN => 10,
        }
    }

    /// The role with this stream code.
    pub fn from_code(code: u8) -> Option<ChannelRole> {
        ChannelRole::ALL.into_iter().find(|r| r.code() == code)
    }

    /// True for voltages, false for currents.
    pub const fn is_voltage(self) -> bool {
        matches!(
            self,
            ChannelRole::VoltageL1
                | ChannelRole::VoltageL2
                | ChannelRole::VoltageL3
                | ChannelRole::VoltageL1L2
                | ChannelRole::VoltageL2L3
                | ChannelRole::VoltageL3L1
        )
    }

    /// The line-to-neutral voltage of a phase.
    pub const fn voltage(phase: Phase) -> ChannelRole {
        match phase {
            Phase::L1 => ChannelRole::VoltageL1,
            Phase::L2 => ChannelRole::VoltageL2,
            Phase::L3 => ChannelRole::VoltageL3,
        }
    }

    /// The current of a phase.
    pub const fn current(phase: Phase) -> ChannelRole {
        match phase {
            Phase::L1 => ChannelRole::CurrentL1,
            Phase::L2 => ChannelRole::CurrentL2,
            Phase::L3 => ChannelRole::CurrentL3,
        }
    }
}

impl fmt::Display for ChannelRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ChannelRole {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ChannelRole::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = ChannelRole::ALL.iter().map(|r| r.name()).collect();
                format!(
                    "unknown channel role `{s}`; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// How the installation is wired, which decides the phases measured and the channels needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Wiring {
    /// `1p2w`: single-phase, two wires (L1 and N).
    #[serde(rename = "1p2w")]
    SinglePhase2W,
    /// `2p3w`: split-phase (two-phase), three wires (L1, L2 in opposition, and N).
    #[serde(rename = "2p3w")]
    SplitPhase3W,
    /// `3p4w`: three-phase with neutral.
    #[serde(rename = "3p4w")]
    ThreePhase4W,
    /// `3p3w`: three-phase without neutral; measured from line-to-line voltages.
    #[serde(rename = "3p3w")]
    ThreePhase3W,
    /// `3p4w_wild_leg`: a four-wire delta whose neutral is the centre tap of the L1-L3 winding,
    /// so that L2 (the high leg) is at about 1.73 times the others' voltage to neutral.
    #[serde(rename = "3p4w_wild_leg")]
    WildLegDelta,
}

impl Wiring {
    /// Every wiring system.
    pub const ALL: [Wiring; 5] = [
        Wiring::SinglePhase2W,
        Wiring::SplitPhase3W,
        Wiring::ThreePhase4W,
        Wiring::ThreePhase3W,
        Wiring::WildLegDelta,
    ];

    /// The name in files and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Wiring::SinglePhase2W => "1p2w",
            Wiring::SplitPhase3W => "2p3w",
            Wiring::ThreePhase4W => "3p4w",
            Wiring::ThreePhase3W => "3p3w",
            Wiring::WildLegDelta => "3p4w_wild_leg",
        }
    }

    /// The phases measured.
    pub const fn phases(self) -> &'static [Phase] {
        match self {
            Wiring::SinglePhase2W => &[Phase::L1],
            Wiring::SplitPhase3W => &[Phase::L1, Phase::L2],
            Wiring::ThreePhase4W | Wiring::ThreePhase3W | Wiring::WildLegDelta => &Phase::ALL,
        }
    }

    /// The wiring a record's channels make: three phase voltages and three currents are `3p4w`;
    /// line-to-line voltages only (two or three) with two or three currents `3p3w`; voltages and
    /// currents of L1 and L2 `2p3w`; one voltage and one current of L1 `1p2w`. `None` for any
    /// other set (a neutral current does not count).
    pub fn infer(roles: &[ChannelRole]) -> Option<Wiring> {
        let has = |r: ChannelRole| roles.contains(&r);
        let voltages: Vec<Phase> = Phase::ALL
            .into_iter()
            .filter(|p| has(ChannelRole::voltage(*p)))
            .collect();
        let currents: Vec<Phase> = Phase::ALL
            .into_iter()
            .filter(|p| has(ChannelRole::current(*p)))
            .collect();
        let lines = [
            ChannelRole::VoltageL1L2,
            ChannelRole::VoltageL2L3,
            ChannelRole::VoltageL3L1,
        ]
        .into_iter()
        .filter(|r| has(*r))
        .count();
        let (l1, l2) = (Phase::L1, Phase::L2);
        match (voltages.as_slice(), currents.as_slice()) {
            ([_, _, _], [_, _, _]) => Some(Wiring::ThreePhase4W),
            ([], [_, _, ..]) if lines >= 2 => Some(Wiring::ThreePhase3W),
            ([a, b], [c, d]) if (*a, *b, *c, *d) == (l1, l2, l1, l2) => Some(Wiring::SplitPhase3W),
            ([a], [b]) if (*a, *b) == (l1, l1) => Some(Wiring::SinglePhase2W),
            _ => None,
        }
    }

    /// True when the system has a neutral conductor.
    pub const fn has_neutral(self) -> bool {
        !matches!(self, Wiring::ThreePhase3W)
    }
}

impl fmt::Display for Wiring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Wiring {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Wiring::ALL
            .into_iter()
            .find(|w| w.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Wiring::ALL.iter().map(|w| w.name()).collect();
                format!("unknown wiring `{s}`; expected one of {}", names.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_wirings_read_back_from_their_names_and_codes() {
        for role in ChannelRole::ALL {
            assert_eq!(role.name().parse::<ChannelRole>(), Ok(role));
            assert_eq!(ChannelRole::from_code(role.code()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.name()));
        }
        for wiring in Wiring::ALL {
            assert_eq!(wiring.name().parse::<Wiring>(), Ok(wiring));
        }
        assert!("3p5w".parse::<Wiring>().unwrap_err().contains("3p4w"));
    }

    #[test]
    fn the_wiring_is_inferred_from_the_channels_a_record_has() {
        use ChannelRole::*;
        let infer = |roles: &[ChannelRole]| Wiring::infer(roles);
        assert_eq!(
            infer(&[
                VoltageL1, VoltageL2, VoltageL3, CurrentL1, CurrentL2, CurrentL3, CurrentN
            ]),
            Some(Wiring::ThreePhase4W)
        );
        assert_eq!(
            infer(&[VoltageL1L2, VoltageL2L3, CurrentL1, CurrentL3]),
            Some(Wiring::ThreePhase3W)
        );
        assert_eq!(
            infer(&[VoltageL1, VoltageL2, CurrentL1, CurrentL2]),
            Some(Wiring::SplitPhase3W)
        );
        assert_eq!(infer(&[VoltageL1, CurrentL1]), Some(Wiring::SinglePhase2W));
        assert_eq!(infer(&[VoltageL2, CurrentL2]), None);
        assert_eq!(infer(&[VoltageL1, VoltageL2, VoltageL3, CurrentL1]), None);
    }
}
