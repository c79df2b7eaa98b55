//! Which analog channel measures what: the quantity from the unit (`uu`), the phase or phases
//! from `ph`, or from the channel id when `ph` is blank.

use super::cfg::{AnalogChannelConfig, Quantity};
use crate::wiring::{ChannelRole, Phase};

/// A phase designation as written, before the naming scheme says what `B` and `Y` are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Symbol {
    Phase(Phase),
    /// `B`: phase 2 in A-B-C, phase 3 (blue) in R-Y-B.
    B,
    /// `Y`: phase 2 (yellow) in R-Y-B.
    Y,
    Neutral,
    Ground,
}

/// A resolved designation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Phase(Phase),
    Neutral,
    Ground,
}

/// `A`, `l1`, `L1-L2`, `ab`, `12`, `AN`, `R`, `Y`, … as one or two symbols; `None` for
/// anything else. Spaces, `-`, `_`, `.`, `/` and `:` are ignored, case too.
fn symbols(text: &str) -> Option<Vec<Symbol>> {
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b' ' | b'-' | b'_' | b'.' | b'/' | b':' | b'\t'))
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let symbol = match bytes[i] {
            b'L' => {
                i += 1;
                match bytes.get(i) {
                    Some(b'1') => Symbol::Phase(Phase::L1),
                    Some(b'2') => Symbol::Phase(Phase::L2),
                    Some(b'3') => Symbol::Phase(Phase::L3),
                    _ => return None,
                }
            }
            b'1' | b'A' | b'R' => Symbol::Phase(Phase::L1),
            b'2' | b'S' => Symbol::Phase(Phase::L2),
            b'3' | b'C' | b'T' => Symbol::Phase(Phase::L3),
            b'B' => Symbol::B,
            b'Y' => Symbol::Y,
            b'N' => Symbol::Neutral,
            b'G' | b'E' => Symbol::Ground,
            _ => return None,
        };
        out.push(symbol);
        if out.len() > 2 {
            return None;
        }
        i += 1;
    }
    (!out.is_empty()).then_some(out)
}

fn resolve(symbol: Symbol, red_yellow_blue: bool) -> Option<Target> {
    Some(match symbol {
        Symbol::Phase(p) => Target::Phase(p),
        Symbol::B if red_yellow_blue => Target::Phase(Phase::L3),
        Symbol::B => Target::Phase(Phase::L2),
        Symbol::Y if red_yellow_blue => Target::Phase(Phase::L2),
        Symbol::Y => return None,
        Symbol::Neutral => Target::Neutral,
        Symbol::Ground => Target::Ground,
    })
}

fn role(quantity: Quantity, targets: &[Target]) -> Option<ChannelRole> {
    use ChannelRole as R;
    match (quantity, targets) {
        (Quantity::Voltage, [Target::Phase(p)])
        | (Quantity::Voltage, [Target::Phase(p), Target::Neutral | Target::Ground]) => {
            Some(R::voltage(*p))
        }
        (Quantity::Voltage, [Target::Phase(p), Target::Phase(q)]) => match (p, q) {
            (Phase::L1, Phase::L2) => Some(R::VoltageL1L2),
            (Phase::L2, Phase::L3) => Some(R::VoltageL2L3),
            (Phase::L3, Phase::L1) => Some(R::VoltageL3L1),
            // `BA` would be the negative of L1-L2: not taken rather than taken wrong.
            _ => None,
        },
        (Quantity::Current, [Target::Phase(p)]) => Some(R::current(*p)),
        (Quantity::Current, [Target::Neutral]) => Some(R::CurrentN),
        _ => None,
    }
}

/// The designation a channel is mapped by: `ph`, or the channel id without its `V`, `U` or
/// `I` when `ph` is blank. `None` when the id's letter contradicts the unit.
fn designation(channel: &AnalogChannelConfig) -> Option<&str> {
    let phase = channel.phase.trim();
    if !phase.is_empty() {
        return Some(phase);
    }
    let id = channel.id.trim();
    let prefix = match id.as_bytes().first()?.to_ascii_uppercase() {
        b'V' | b'U' => Some(Quantity::Voltage),
        b'I' => Some(Quantity::Current),
        _ => None,
    };
    match prefix {
        // The prefix letter is ASCII: one byte.
        Some(q) if q == channel.quantity => Some(&id[1..]),
        Some(_) => None,
        None => Some(id),
    }
}

/// The role of each analog channel, `None` for channels that are no phase voltage, phase
/// current or neutral current.
pub(super) fn roles(channels: &[&AnalogChannelConfig]) -> Vec<Option<ChannelRole>> {
    let measured = |c: &&&AnalogChannelConfig| c.quantity != Quantity::Other;
    // R-Y-B naming is recognised by its Y; then B is the third phase.
    let red_yellow_blue = channels.iter().filter(measured).any(|c| {
        designation(c)
            .and_then(symbols)
            .is_some_and(|s| s.contains(&Symbol::Y))
    });
    channels
        .iter()
        .map(|c| {
            if c.quantity == Quantity::Other {
                return None;
            }
            let targets: Option<Vec<Target>> = designation(c)
                .and_then(symbols)?
                .into_iter()
                .map(|s| resolve(s, red_yellow_blue))
                .collect();
            role(c.quantity, &targets?)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comtrade::cfg::{Scaling, unit_quantity};

    fn channel(id: &str, phase: &str, unit: &str) -> AnalogChannelConfig {
        let (quantity, unit_factor) = unit_quantity(unit);
        AnalogChannelConfig {
            index: 1,
            id: id.to_string(),
            phase: phase.to_string(),
            circuit: String::new(),
            unit: unit.to_string(),
            a: 1.0,
            b: 0.0,
            skew_us: 0.0,
            min: None,
            max: None,
            primary: 1.0,
            secondary: 1.0,
            scaling: Scaling::Primary,
            quantity,
            unit_factor,
            line: 3,
        }
    }

    fn role_of(id: &str, phase: &str, unit: &str) -> Option<ChannelRole> {
        roles(&[&channel(id, phase, unit)])[0]
    }

    #[test]
    fn phases_are_read_in_every_usual_naming() {
        use ChannelRole as R;
        for (phase, unit, expected) in [
            ("A", "kV", R::VoltageL1),
            ("b", "V", R::VoltageL2),
            ("T", "V", R::VoltageL3),
            ("L2", "V", R::VoltageL2),
            ("3", "V", R::VoltageL3),
            ("AN", "V", R::VoltageL1),
            ("L1-N", "V", R::VoltageL1),
            ("AB", "V", R::VoltageL1L2),
            ("L2-L3", "V", R::VoltageL2L3),
            ("31", "V", R::VoltageL3L1),
            ("ca", "V", R::VoltageL3L1),
            ("A", "A", R::CurrentL1),
            ("S", "kA", R::CurrentL2),
            ("N", "A", R::CurrentN),
        ] {
            assert_eq!(role_of("x", phase, unit), Some(expected), "{phase} {unit}");
        }
    }

    #[test]
    fn a_blank_phase_falls_back_to_the_channel_id() {
        use ChannelRole as R;
        for (id, unit, expected) in [
            ("Va", "V", Some(R::VoltageL1)),
            ("UL1", "V", Some(R::VoltageL1)),
            ("VAN", "kV", Some(R::VoltageL1)),
            ("Vab", "V", Some(R::VoltageL1L2)),
            ("U12", "V", Some(R::VoltageL1L2)),
            ("U_L2-L3", "V", Some(R::VoltageL2L3)),
            ("IA", "A", Some(R::CurrentL1)),
            ("IL1", "A", Some(R::CurrentL1)),
            ("I3", "mA", Some(R::CurrentL3)),
            ("IN", "A", Some(R::CurrentN)),
            ("IA", "V", None),
            ("Freq", "Hz", None),
            ("VA Bus 2", "V", None),
            ("VBA", "V", None),
        ] {
            assert_eq!(role_of(id, "", unit), expected, "{id} {unit}");
        }
    }

    #[test]
    fn red_yellow_blue_naming_makes_b_the_third_phase() {
        let found = roles(&[
            &channel("VR", "R", "V"),
            &channel("VY", "Y", "V"),
            &channel("VB", "B", "V"),
        ]);
        assert_eq!(
            found,
            vec![
                Some(ChannelRole::VoltageL1),
                Some(ChannelRole::VoltageL2),
                Some(ChannelRole::VoltageL3)
            ]
        );
    }
}
