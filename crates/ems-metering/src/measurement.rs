//! The values of one measurement window (10 cycles at 50 Hz, 12 at 60 Hz), per phase, per
//! line-to-line pair and for the system.

use crate::wiring::Phase;
use jiff::Timestamp;
use serde::Serialize;

/// The highest harmonic order measured (EN 50160 counts THD to the 40th).
pub const MAX_ORDER: usize = 40;
/// The highest order of the THD reported with the phase values (the seeds' data sheets: "up to
/// the 31st harmonic").
pub const THD_ORDER: usize = 31;

/// A line-to-line pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum LinePair {
    /// L1-L2.
    #[serde(rename = "L1-L2")]
    L1L2,
    /// L2-L3.
    #[serde(rename = "L2-L3")]
    L2L3,
    /// L3-L1.
    #[serde(rename = "L3-L1")]
    L3L1,
}

impl LinePair {
    /// `L1-L2`, `L2-L3` or `L3-L1`.
    pub const fn name(self) -> &'static str {
        match self {
            LinePair::L1L2 => "L1-L2",
            LinePair::L2L3 => "L2-L3",
            LinePair::L3L1 => "L3-L1",
        }
    }

    /// The two phases, in order.
    pub const fn phases(self) -> (Phase, Phase) {
        match self {
            LinePair::L1L2 => (Phase::L1, Phase::L2),
            LinePair::L2L3 => (Phase::L2, Phase::L3),
            LinePair::L3L1 => (Phase::L3, Phase::L1),
        }
    }
}

/// RMS values of harmonic orders 1 to [`MAX_ORDER`] (index 0 is the fundamental).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Harmonics(pub Vec<f64>);

impl Harmonics {
    /// The RMS value of order `h` (1 is the fundamental), 0 beyond what was measured.
    pub fn order(&self, h: usize) -> f64 {
        h.checked_sub(1)
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    /// Total harmonic distortion up to `max_order`, in % of the fundamental; `None` when the
    /// fundamental is zero.
    pub fn thd_percent(&self, max_order: usize) -> Option<f64> {
        let fundamental = self.order(1);
        if fundamental <= 0.0 {
            return None;
        }
        let sum: f64 = (2..=max_order).map(|h| self.order(h).powi(2)).sum();
        Some(100.0 * sum.sqrt() / fundamental)
    }

    /// Orders 1 to `max_order` in % of the fundamental (order 1 is 100); zeros when the
    /// fundamental is zero.
    pub fn percent(&self, max_order: usize) -> Vec<f64> {
        let fundamental = self.order(1);
        (1..=max_order)
            .map(|h| {
                if fundamental > 0.0 {
                    100.0 * self.order(h) / fundamental
                } else {
                    0.0
                }
            })
            .collect()
    }
}

/// The values of one phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseValues {
    /// The phase.
    pub phase: Phase,
    /// TRMS voltage to neutral (to the virtual star point in a three-wire system), V.
    pub voltage_v: f64,
    /// TRMS current, A.
    pub current_a: f64,
    /// Active power, the mean of v·i, W (import positive).
    pub active_power_w: f64,
    /// Reactive power of the fundamental, var (inductive positive; IEC 62053-24, IEEE 1459 Q₁).
    pub reactive_power_var: f64,
    /// Apparent power Urms·Irms, VA.
    pub apparent_power_va: f64,
    /// P / S, signed as P; `None` when S is zero.
    pub power_factor: Option<f64>,
    /// Voltage THD to the 31st order, % of the fundamental.
    pub voltage_thd_percent: Option<f64>,
    /// Current THD to the 31st order, % of the fundamental.
    pub current_thd_percent: Option<f64>,
    /// Voltage harmonics, RMS volts, orders 1 to 40.
    pub voltage_harmonics_v: Harmonics,
    /// Current harmonics, RMS amperes, orders 1 to 40.
    pub current_harmonics_a: Harmonics,
    /// Angle of the fundamental voltage from that of L1, degrees in (−180, 180] (of the last
    /// window, in an aggregate).
    pub voltage_angle_deg: f64,
    /// Angle of the fundamental current from the fundamental voltage of L1, degrees.
    pub current_angle_deg: f64,
    /// The lowest one-cycle RMS voltage in the window (or aggregate), V.
    pub min_cycle_voltage_v: f64,
    /// The highest one-cycle RMS voltage in the window (or aggregate), V.
    pub max_cycle_voltage_v: f64,
}

/// The values of one line-to-line pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineValues {
    /// The pair.
    pub pair: LinePair,
    /// TRMS voltage, V.
    pub voltage_v: f64,
    /// Voltage THD to the 31st order, %.
    pub thd_percent: Option<f64>,
    /// Voltage harmonics, RMS volts, orders 1 to 40.
    pub harmonics_v: Harmonics,
}

/// The values of the whole system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemValues {
    /// Sum of the phases' active power, W.
    pub active_power_w: f64,
    /// Sum of the phases' fundamental reactive power, var.
    pub reactive_power_var: f64,
    /// Sum of the phases' apparent power, VA.
    pub apparent_power_va: f64,
    /// P / S, signed as P.
    pub power_factor: Option<f64>,
    /// TRMS neutral current, A (measured or computed); `None` without a neutral.
    pub neutral_current_a: Option<f64>,
    /// Negative-sequence over positive-sequence fundamental voltage, %; `None` unless three
    /// phases.
    pub voltage_unbalance_percent: Option<f64>,
}

/// Everything measured over one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowValues {
    /// The window's start in seconds since the input's first sample (windows follow the
    /// frequency, so they start between samples).
    pub offset_s: f64,
    /// UTC time of the window's start, when the input's start time is known.
    pub start: Option<Timestamp>,
    /// Length in seconds.
    pub duration_s: f64,
    /// Mean frequency over the window before this one (as its phase advance measures it), Hz;
    /// `None` without a voltage to follow.
    pub frequency_hz: Option<f64>,
    /// Per phase, in order.
    pub phases: Vec<PhaseValues>,
    /// Per line-to-line pair, in order.
    pub lines: Vec<LineValues>,
    /// System values.
    pub system: SystemValues,
    /// True when a one-cycle RMS voltage left 90 %–110 % of nominal in the window (a dip, swell
    /// or interruption: IEC 61000-4-30 flags such windows).
    pub flagged: bool,
}

impl WindowValues {
    /// The values of a phase, when measured.
    pub fn phase(&self, phase: Phase) -> Option<&PhaseValues> {
        self.phases.iter().find(|p| p.phase == phase)
    }

    /// The values of a line pair, when measured.
    pub fn line(&self, pair: LinePair) -> Option<&LineValues> {
        self.lines.iter().find(|l| l.pair == pair)
    }
}
