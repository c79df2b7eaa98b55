//! Harmonic spectra: the RMS value of each harmonic order of the voltages and currents of a
//! device that analyses waveforms (the internal meter), as acquisition hands them to the process
//! image and the API.
//!
//! A spectrum is a momentary value: the latest replaces the one before, and none is stored in
//! the history (the THD points are). Values are primary RMS volts and amperes of orders 1 to
//! [`Spectrum::max_order`]; the index of order `h` is `h - 1`, so the fundamental comes first.

use serde::Serialize;

/// A phase conductor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Phase 1.
    L1,
    /// Phase 2.
    L2,
    /// Phase 3.
    L3,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 3] = [Phase::L1, Phase::L2, Phase::L3];

    /// The snake_case name used on the wire and in point names (`l1`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Phase::L1 => "l1",
            Phase::L2 => "l2",
            Phase::L3 => "l3",
        }
    }
}

/// A pair of phase conductors, for line-to-line voltages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum LinePair {
    /// L1-L2.
    #[serde(rename = "l1_l2")]
    L1L2,
    /// L2-L3.
    #[serde(rename = "l2_l3")]
    L2L3,
    /// L3-L1.
    #[serde(rename = "l3_l1")]
    L3L1,
}

impl LinePair {
    /// Every pair, in order.
    pub const ALL: [LinePair; 3] = [LinePair::L1L2, LinePair::L2L3, LinePair::L3L1];

    /// The snake_case name used on the wire and in point names (`l1_l2`).
    pub const fn as_str(self) -> &'static str {
        match self {
            LinePair::L1L2 => "l1_l2",
            LinePair::L2L3 => "l2_l3",
            LinePair::L3L1 => "l3_l1",
        }
    }
}

/// The RMS values of harmonic orders 1, 2, 3… of one voltage or current, in its unit; the
/// fundamental first.
#[derive(Debug, Clone, PartialEq)]
pub struct Orders(pub Vec<f64>);

impl Orders {
    /// The RMS value of order `h` (1 is the fundamental); `None` beyond what was measured.
    pub fn order(&self, h: usize) -> Option<f64> {
        h.checked_sub(1).and_then(|i| self.0.get(i)).copied()
    }

    /// Every order in % of the fundamental (order 1 is 100); `None` when the fundamental is
    /// not above zero (no voltage, no current: no share to give).
    pub fn percent_of_fundamental(&self) -> Option<Vec<f64>> {
        let fundamental = self.order(1).filter(|f| *f > 0.0)?;
        Some(self.0.iter().map(|v| 100.0 * v / fundamental).collect())
    }
}

/// The harmonics of a device's voltages and currents over one emission period.
#[derive(Debug, Clone, PartialEq)]
pub struct Spectrum {
    /// The frequency of the fundamental, Hz; `None` without a voltage to follow.
    pub fundamental_hz: Option<f64>,
    /// Per phase, the harmonics of its voltage to neutral, RMS volts (none in a three-wire
    /// system, which has no neutral).
    pub voltage_v: Vec<(Phase, Orders)>,
    /// Per phase, the harmonics of its current, RMS amperes.
    pub current_a: Vec<(Phase, Orders)>,
    /// Per line-to-line pair, the harmonics of its voltage, RMS volts.
    pub line_voltage_v: Vec<(LinePair, Orders)>,
}

impl Spectrum {
    /// The highest order measured (0 for a spectrum of nothing).
    pub fn max_order(&self) -> usize {
        let phases = self.voltage_v.iter().chain(&self.current_a);
        let lines = self.line_voltage_v.iter().map(|(_, orders)| orders);
        phases
            .map(|(_, orders)| orders)
            .chain(lines)
            .map(|orders| orders.0.len())
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_are_given_in_percent_of_the_fundamental_unless_it_is_zero() {
        let orders = Orders(vec![230.0, 0.0, 2.3, 0.0, 6.44]);
        assert_eq!(orders.order(1), Some(230.0));
        assert_eq!(orders.order(5), Some(6.44));
        assert_eq!(orders.order(0), None);
        assert_eq!(orders.order(6), None);
        let percent = orders.percent_of_fundamental().unwrap();
        assert_eq!(percent.len(), 5);
        assert_eq!(percent[0], 100.0);
        assert!((percent[2] - 1.0).abs() < 1e-12);
        assert!((percent[4] - 2.8).abs() < 1e-12);
        assert_eq!(Orders(vec![0.0, 0.1]).percent_of_fundamental(), None);
        assert_eq!(Orders(Vec::new()).percent_of_fundamental(), None);
    }

    #[test]
    fn the_highest_order_is_that_of_the_longest_list() {
        let mut spectrum = Spectrum {
            fundamental_hz: Some(50.0),
            voltage_v: Vec::new(),
            current_a: vec![(Phase::L1, Orders(vec![1.0; 40]))],
            line_voltage_v: vec![(LinePair::L1L2, Orders(vec![1.0; 25]))],
        };
        assert_eq!(spectrum.max_order(), 40);
        spectrum.current_a.clear();
        assert_eq!(spectrum.max_order(), 25);
        spectrum.line_voltage_v.clear();
        assert_eq!(spectrum.max_order(), 0);
    }

    #[test]
    fn names_on_the_wire_are_those_of_the_points() {
        for phase in Phase::ALL {
            assert_eq!(
                serde_json::to_value(phase).ok(),
                Some(serde_json::json!(phase.as_str()))
            );
        }
        for pair in LinePair::ALL {
            assert_eq!(
                serde_json::to_value(pair).ok(),
                Some(serde_json::json!(pair.as_str()))
            );
        }
    }
}
