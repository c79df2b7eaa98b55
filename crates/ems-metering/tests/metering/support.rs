//! Synthetic three-phase signals with analytic truth.

use ems_metering::{Channel, ChannelRole, Phase, Waveforms};
use std::f64::consts::PI;

/// One sinusoid: a multiple of the fundamental, its RMS value and its phase at t = 0.
#[derive(Debug, Clone, Copy)]
pub struct Tone {
    pub order: usize,
    pub rms: f64,
    pub phase_rad: f64,
}

/// The voltage and current of one phase, as sums of tones.
#[derive(Debug, Clone)]
pub struct PhaseSignal {
    pub voltage: Vec<Tone>,
    pub current: Vec<Tone>,
}

/// Harmonic shares (order, % of the fundamental) that add up to `thd_percent` of distortion.
pub fn harmonic_content(thd_percent: f64) -> Vec<(usize, f64)> {
    let shape = [
        (3, 0.6),
        (5, 0.5),
        (7, 0.4),
        (11, 0.3),
        (13, 0.2),
        (23, 0.1),
        (31, 0.08),
    ];
    let norm: f64 = shape.iter().map(|(_, s)| s * s).sum::<f64>().sqrt();
    shape
        .iter()
        .map(|(h, s)| (*h, thd_percent * s / norm))
        .collect()
}

impl PhaseSignal {
    /// A phase at `voltage` and `current` RMS (fundamental), the current lagging by `lag_rad`,
    /// both turned by `rotation` (0, −120°, +120°), with harmonics of `thd_percent` in voltage
    /// and twice that in current (each harmonic current lagging its voltage by `h·lag/3`).
    pub fn new(voltage: f64, current: f64, lag_rad: f64, rotation: f64, thd_percent: f64) -> Self {
        let mut v = vec![Tone {
            order: 1,
            rms: voltage,
            phase_rad: rotation,
        }];
        let mut i = vec![Tone {
            order: 1,
            rms: current,
            phase_rad: rotation - lag_rad,
        }];
        for (h, share) in harmonic_content(thd_percent) {
            let angle = rotation * h as f64 + 0.3 * h as f64;
            v.push(Tone {
                order: h,
                rms: voltage * share / 100.0,
                phase_rad: angle,
            });
            i.push(Tone {
                order: h,
                rms: current * 2.0 * share / 100.0,
                phase_rad: angle - h as f64 * lag_rad / 3.0,
            });
        }
        PhaseSignal {
            voltage: v,
            current: i,
        }
    }

    pub fn voltage_rms(&self) -> f64 {
        self.voltage
            .iter()
            .map(|t| t.rms * t.rms)
            .sum::<f64>()
            .sqrt()
    }

    pub fn current_rms(&self) -> f64 {
        self.current
            .iter()
            .map(|t| t.rms * t.rms)
            .sum::<f64>()
            .sqrt()
    }

    fn pairs(&self) -> impl Iterator<Item = (&Tone, &Tone)> {
        self.voltage.iter().filter_map(|v| {
            self.current
                .iter()
                .find(|i| i.order == v.order)
                .map(|i| (v, i))
        })
    }

    /// Active power: Σ Vh·Ih·cos(φvh − φih).
    pub fn active_power(&self) -> f64 {
        self.pairs()
            .map(|(v, i)| v.rms * i.rms * (v.phase_rad - i.phase_rad).cos())
            .sum()
    }

    /// Reactive power of the fundamental: V1·I1·sin(φv1 − φi1).
    pub fn fundamental_reactive_power(&self) -> f64 {
        self.pairs()
            .filter(|(v, _)| v.order == 1)
            .map(|(v, i)| v.rms * i.rms * (v.phase_rad - i.phase_rad).sin())
            .sum()
    }

    /// Budeanu's reactive power: Σ Vh·Ih·sin(φvh − φih).
    pub fn budeanu_reactive_power(&self) -> f64 {
        self.pairs()
            .map(|(v, i)| v.rms * i.rms * (v.phase_rad - i.phase_rad).sin())
            .sum()
    }

    pub fn harmonic(tones: &[Tone], order: usize) -> f64 {
        tones
            .iter()
            .filter(|t| t.order == order)
            .map(|t| t.rms)
            .sum()
    }

    pub fn thd(tones: &[Tone], max_order: usize) -> f64 {
        let h: f64 = tones
            .iter()
            .filter(|t| t.order >= 2 && t.order <= max_order)
            .map(|t| t.rms * t.rms)
            .sum();
        100.0 * h.sqrt() / Self::harmonic(tones, 1)
    }
}

/// Samples of `phases` (L1, L2, L3 in order) at `fs` for `seconds`, at frequency `f`, as
/// line-to-neutral voltages and phase currents.
pub fn sample(phases: &[PhaseSignal], f: f64, fs: f64, seconds: f64) -> Waveforms {
    let n = (seconds * fs).round() as usize;
    let render = |tones: &[Tone]| -> Vec<f64> {
        (0..n)
            .map(|k| {
                let t = k as f64 / fs;
                tones
                    .iter()
                    .map(|tone| {
                        tone.rms
                            * 2f64.sqrt()
                            * (2.0 * PI * f * tone.order as f64 * t + tone.phase_rad).cos()
                    })
                    .sum()
            })
            .collect()
    };
    let mut channels = Vec::new();
    for (signal, phase) in phases.iter().zip(Phase::ALL) {
        channels.push(Channel {
            role: ChannelRole::voltage(phase),
            samples: render(&signal.voltage),
        });
        channels.push(Channel {
            role: ChannelRole::current(phase),
            samples: render(&signal.current),
        });
    }
    Waveforms {
        sample_rate_hz: fs,
        start: None,
        channels,
    }
}

/// A balanced three-phase system: the same phase signal turned by 0, −120° and +120°.
pub fn balanced(voltage: f64, current: f64, lag_rad: f64, thd_percent: f64) -> Vec<PhaseSignal> {
    [0.0, -2.0 * PI / 3.0, 2.0 * PI / 3.0]
        .into_iter()
        .map(|rotation| PhaseSignal::new(voltage, current, lag_rad, rotation, thd_percent))
        .collect()
}

/// Relative difference.
pub fn relative(measured: f64, truth: f64) -> f64 {
    (measured - truth).abs() / truth.abs()
}

/// A signal whose fundamental phase `theta[k]` is given per sample (so that the frequency may
/// drift), of `rms` volts or amperes scaled by `envelope(t)`, turned by `rotation`.
pub fn render_with_phase(
    theta: &[f64],
    fs: f64,
    rms: f64,
    rotation: f64,
    envelope: impl Fn(f64) -> f64,
) -> Vec<f64> {
    theta
        .iter()
        .enumerate()
        .map(|(k, th)| envelope(k as f64 / fs) * rms * 2f64.sqrt() * (th + rotation).cos())
        .collect()
}

/// The fundamental phase per sample for a frequency `f(t)`, integrated sample by sample.
pub fn phase_of(f: impl Fn(f64) -> f64, fs: f64, n: usize) -> Vec<f64> {
    let mut theta = Vec::with_capacity(n);
    let mut acc = 0.0;
    for k in 0..n {
        theta.push(acc);
        acc += 2.0 * PI * f(k as f64 / fs) / fs;
    }
    theta
}

/// Channels as waveforms.
pub fn waveforms(fs: f64, channels: Vec<(ChannelRole, Vec<f64>)>) -> Waveforms {
    Waveforms {
        sample_rate_hz: fs,
        start: None,
        channels: channels
            .into_iter()
            .map(|(role, samples)| Channel { role, samples })
            .collect(),
    }
}
