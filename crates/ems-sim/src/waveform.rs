//! A deterministic three-phase waveform model: the instantaneous voltages and currents a power
//! analyser samples, as a pure function of the parameters, a seed and the time.
//!
//! The model is analytic, so that tests know the truth: per phase a fundamental voltage and
//! current of given RMS values and displacement angle, harmonics of given order, percentage of
//! the fundamental and phase, a frequency that changes in steps or ramps, load steps that scale
//! the current, voltage dips, and optional Gaussian noise.
//!
//! - **Angles.** With `θ(t) = 2π ∫₀ᵗ f(τ) dτ` and the phase offsets 0, −120° and +120° for L1, L2
//!   and L3 (positive sequence), the voltage of phase `p` is
//!   `√2 · U_p · d_p(t) · [sin θ_p + Σ_h (a_h / 100) · sin(h·θ_p + φ_h)]` with `θ_p = θ + offset_p`,
//!   and its current `√2 · I_p · s_p(t) · [sin(θ_p − φ_p) + Σ_h (b_h / 100) · sin(h·(θ_p − φ_p) + ψ_h)]`:
//!   a harmonic's phase is relative to its own fundamental, in degrees of the harmonic. `φ_p` is
//!   `acos(power factor)`, positive (current lagging) for an inductive load, negative for a
//!   capacitive one, plus 180° for export.
//! - **Frequency.** The phase is integrated, not computed as `2π f t`: when the frequency
//!   changes, the waveform stays continuous. Frequency changes are steps or linear ramps; the
//!   integral is exact, so a sample's value does not depend on which samples were computed
//!   before it, nor on the sample rate.
//! - **Events.** A load step sets, from its time on, the currents of its phases to `scale` times
//!   the configured ones (harmonics included). A dip multiplies the voltages of its phases
//!   (harmonics included) by `1 − depth / 100` during its window; currents are not affected.
//!   Events switch between two samples, without a transition; times are resolved to the
//!   nanosecond, so a dip from 0.1 s for 0.05 s at 6400 samples per second covers samples 640
//!   to 959 exactly.
//! - **Derived channels.** Line-to-line voltages are differences of the phase voltages
//!   (`u_l1_l2 = u_l1 − u_l2`); the neutral current is the sum of the phase currents.
//! - **Noise** is white and Gaussian, of the configured RMS value, a function of the seed, the
//!   channel and the sample index: the same sample is the same everywhere, whoever asks.
//!
//! Time is in seconds from the model's start (`t = index / sample rate`); values are primary
//! volts and amperes.

use crate::model::{ReactiveKind, hash3};
use ems_metering::{Channel, ChannelRole, Phase, Waveforms};
use serde::{Deserialize, Serialize};
use std::f64::consts::{PI, SQRT_2, TAU};

/// A number per phase: written as one number for all three phases, or as `[L1, L2, L3]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerPhase(pub [f64; 3]);

impl PerPhase {
    /// The same value on every phase.
    pub const fn all(value: f64) -> Self {
        PerPhase([value; 3])
    }

    /// The value of a phase.
    pub fn get(&self, phase: Phase) -> f64 {
        self.0[phase.index()]
    }
}

impl Serialize for PerPhase {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let [a, b, c] = self.0;
        if a == b && b == c {
            serializer.serialize_f64(a)
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for PerPhase {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            One(f64),
            Three([f64; 3]),
        }
        match Written::deserialize(deserializer) {
            Ok(Written::One(v)) => Ok(PerPhase::all(v)),
            Ok(Written::Three(v)) => Ok(PerPhase(v)),
            Err(_) => Err(serde::de::Error::custom(
                "expected a number, or an array of three numbers [L1, L2, L3]",
            )),
        }
    }
}

/// A change of frequency: from `at_s` on, the frequency moves linearly to `hz` in `ramp_s`
/// seconds (a step when `ramp_s` is 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrequencyChange {
    /// When the change starts, in seconds from the start.
    pub at_s: f64,
    /// The frequency reached, in Hz.
    pub hz: f64,
    /// How long the ramp lasts, in seconds (default 0: a step).
    #[serde(default)]
    pub ramp_s: f64,
}

/// A harmonic of the voltages or of the currents, the same on every phase.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Harmonic {
    /// Its order, 2 to 100.
    pub order: u32,
    /// Its RMS value, in percent of the fundamental's.
    pub percent: f64,
    /// Its phase relative to the fundamental, in degrees of the harmonic (default 0).
    #[serde(default)]
    pub phase_deg: f64,
}

/// From `at_s` on, the currents of `phases` (all when empty) are `scale` times the configured
/// ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadStep {
    /// When, in seconds from the start.
    pub at_s: f64,
    /// The factor on the configured currents (1 goes back to them).
    pub scale: f64,
    /// The phases concerned (default: all three).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
}

/// A voltage dip: during `[at_s, at_s + duration_s)` the voltages of `phases` (all when empty)
/// fall by `depth_percent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dip {
    /// When it starts, in seconds from the start.
    pub at_s: f64,
    /// How long it lasts, in seconds.
    pub duration_s: f64,
    /// How much the voltage falls, in percent (30: to 70 % of its value; 100: an interruption).
    pub depth_percent: f64,
    /// The phases concerned (default: all three).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
}

/// Parameters of the waveform model (`model = { … }` of a waveform source). Every field has a
/// default; units are in the names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WaveformModel {
    /// The frequency at the start, in Hz (default 50).
    pub frequency_hz: f64,
    /// Changes of frequency, in time order, not overlapping.
    pub frequency_changes: Vec<FrequencyChange>,
    /// RMS value of the fundamental voltage line to neutral, per phase, in V (default 230).
    pub voltage_v: PerPhase,
    /// RMS value of the fundamental current, per phase, in A (default 10).
    pub current_a: PerPhase,
    /// Displacement power factor per phase, 0 to 1 (default 1).
    pub power_factor: PerPhase,
    /// Whether currents lag (inductive, default) or lead (capacitive) the voltages.
    pub reactive: ReactiveKind,
    /// True when the load exports (active power negative): currents are reversed.
    pub export: bool,
    /// Harmonics of the voltages.
    pub voltage_harmonics: Vec<Harmonic>,
    /// Harmonics of the currents.
    pub current_harmonics: Vec<Harmonic>,
    /// Load steps.
    pub load_steps: Vec<LoadStep>,
    /// Voltage dips.
    pub dips: Vec<Dip>,
    /// RMS value of the noise added to every voltage sample, in V (default 0).
    pub noise_voltage_v: f64,
    /// RMS value of the noise added to every current sample, in A (default 0).
    pub noise_current_a: f64,
    /// The noise's seed; derived from the simulator's seed and the source's id when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl Default for WaveformModel {
    fn default() -> Self {
        WaveformModel {
            frequency_hz: 50.0,
            frequency_changes: Vec::new(),
            voltage_v: PerPhase::all(230.0),
            current_a: PerPhase::all(10.0),
            power_factor: PerPhase::all(1.0),
            reactive: ReactiveKind::Inductive,
            export: false,
            voltage_harmonics: Vec::new(),
            current_harmonics: Vec::new(),
            load_steps: Vec::new(),
            dips: Vec::new(),
            noise_voltage_v: 0.0,
            noise_current_a: 0.0,
            seed: None,
        }
    }
}

const MAX_FREQUENCY_HZ: f64 = 10_000.0;
const MAX_HARMONIC_ORDER: u32 = 100;

impl WaveformModel {
    /// Every problem with the parameters, as (key path below the model, message).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |path: String, message: String| out.push((path, message));
        let frequency_ok = |hz: f64| hz.is_finite() && hz > 0.0 && hz <= MAX_FREQUENCY_HZ;
        let time_ok = |s: f64| s.is_finite() && s >= 0.0;
        if !frequency_ok(self.frequency_hz) {
            push(
                "frequency_hz".into(),
                format!(
                    "must be in (0, {MAX_FREQUENCY_HZ}] Hz, not {}",
                    self.frequency_hz
                ),
            );
        }
        let mut free_from = 0.0;
        for (i, change) in self.frequency_changes.iter().enumerate() {
            let path = format!("frequency_changes[{i}]");
            if !frequency_ok(change.hz) {
                push(
                    format!("{path}.hz"),
                    format!("must be in (0, {MAX_FREQUENCY_HZ}] Hz, not {}", change.hz),
                );
            }
            if !time_ok(change.ramp_s) {
                push(
                    format!("{path}.ramp_s"),
                    format!("must be a number of seconds >= 0, not {}", change.ramp_s),
                );
            }
            if !time_ok(change.at_s) {
                push(
                    format!("{path}.at_s"),
                    format!("must be a number of seconds >= 0, not {}", change.at_s),
                );
            } else if change.at_s < free_from {
                push(
                    format!("{path}.at_s"),
                    format!(
                        "starts at {} s, before the previous change ends ({free_from} s)",
                        change.at_s
                    ),
                );
            }
            if time_ok(change.at_s) && time_ok(change.ramp_s) {
                free_from = change.at_s + change.ramp_s;
            }
        }
        for (name, values, min, max) in [
            ("voltage_v", self.voltage_v, 0.0, 1e7),
            ("current_a", self.current_a, 0.0, 1e7),
            ("power_factor", self.power_factor, 0.0, 1.0),
        ] {
            for (phase, v) in Phase::ALL.into_iter().zip(values.0) {
                if !(v.is_finite() && (min..=max).contains(&v)) {
                    push(
                        name.into(),
                        format!("{phase} must be in [{min}, {max}], not {v}"),
                    );
                    break;
                }
            }
        }
        for (name, harmonics) in [
            ("voltage_harmonics", &self.voltage_harmonics),
            ("current_harmonics", &self.current_harmonics),
        ] {
            for (i, h) in harmonics.iter().enumerate() {
                let path = format!("{name}[{i}]");
                if !(2..=MAX_HARMONIC_ORDER).contains(&h.order) {
                    push(
                        format!("{path}.order"),
                        format!("must be in 2..={MAX_HARMONIC_ORDER}, not {}", h.order),
                    );
                } else if harmonics[..i].iter().any(|o| o.order == h.order) {
                    push(
                        format!("{path}.order"),
                        format!("harmonic {} appears twice", h.order),
                    );
                }
                if !(h.percent.is_finite() && (0.0..=1000.0).contains(&h.percent)) {
                    push(
                        format!("{path}.percent"),
                        format!("must be in [0, 1000], not {}", h.percent),
                    );
                }
                if !h.phase_deg.is_finite() {
                    push(format!("{path}.phase_deg"), "must be a number".into());
                }
            }
        }
        for (i, step) in self.load_steps.iter().enumerate() {
            if !time_ok(step.at_s) {
                push(
                    format!("load_steps[{i}].at_s"),
                    format!("must be a number of seconds >= 0, not {}", step.at_s),
                );
            }
            if !(step.scale.is_finite() && step.scale >= 0.0) {
                push(
                    format!("load_steps[{i}].scale"),
                    format!("must be a number >= 0, not {}", step.scale),
                );
            }
        }
        for (i, dip) in self.dips.iter().enumerate() {
            if !time_ok(dip.at_s) {
                push(
                    format!("dips[{i}].at_s"),
                    format!("must be a number of seconds >= 0, not {}", dip.at_s),
                );
            }
            if !(dip.duration_s.is_finite() && dip.duration_s > 0.0) {
                push(
                    format!("dips[{i}].duration_s"),
                    format!("must be a number of seconds > 0, not {}", dip.duration_s),
                );
            }
            if !(dip.depth_percent.is_finite() && (0.0..=100.0).contains(&dip.depth_percent)) {
                push(
                    format!("dips[{i}].depth_percent"),
                    format!("must be in [0, 100], not {}", dip.depth_percent),
                );
            }
        }
        for (name, v) in [
            ("noise_voltage_v", self.noise_voltage_v),
            ("noise_current_a", self.noise_current_a),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                push(name.into(), format!("must be a number >= 0, not {v}"));
            }
        }
        out
    }
}

/// Parameters that are not a model, as [`WaveformModel::problems`] found them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid waveform model: {}", .0.iter().map(|(k, m)| format!("{k}: {m}")).collect::<Vec<_>>().join("; "))]
pub struct InvalidModel(pub Vec<(String, String)>);

/// A stretch of the frequency profile: from `t0` on, `f(t) = f0 + slope · (t − t0)`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    t0: f64,
    f0: f64,
    slope: f64,
    /// Cycles completed at `t0`, modulo 1.
    cycles0: f64,
}

/// The fundamental of one phase at a moment, as the model defines it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fundamental {
    /// RMS voltage line to neutral, dips included, in V.
    pub voltage_v: f64,
    /// RMS current, load steps included, in A.
    pub current_a: f64,
    /// The angle by which the current lags the voltage, in degrees (negative when it leads;
    /// beyond ±90° for export).
    pub current_lag_deg: f64,
}

/// A ready-to-sample [`WaveformModel`].
#[derive(Debug, Clone)]
pub struct WaveformGenerator {
    model: WaveformModel,
    seed: u64,
    segments: Vec<Segment>,
    /// Current lag per phase, radians.
    lag: [f64; 3],
    /// Load steps in time order.
    steps: Vec<LoadStep>,
    voltage_harmonics: Vec<(f64, f64, f64)>,
    current_harmonics: Vec<(f64, f64, f64)>,
}

/// A sample within this of an event's start or end counts as after it, so that a sample whose
/// time is the event's time but for rounding (`960 / 6400` against `0.1 + 0.05`) falls on the
/// side its index says.
const EVENT_TOLERANCE_S: f64 = 1e-9;

/// The phase offsets of L1, L2, L3.
const OFFSETS: [f64; 3] = [0.0, -TAU / 3.0, TAU / 3.0];

fn phases_or_all(phases: &[Phase]) -> impl Fn(Phase) -> bool + '_ {
    move |p| phases.is_empty() || phases.contains(&p)
}

impl WaveformGenerator {
    /// A generator of `model`, with noise from `seed` unless the model sets its own.
    pub fn new(model: &WaveformModel, seed: u64) -> Result<Self, InvalidModel> {
        let problems = model.problems();
        if !problems.is_empty() {
            return Err(InvalidModel(problems));
        }
        let mut segments = vec![Segment {
            t0: 0.0,
            f0: model.frequency_hz,
            slope: 0.0,
            cycles0: 0.0,
        }];
        for change in &model.frequency_changes {
            let from = frequency_in(&segments, change.at_s);
            if change.ramp_s > 0.0 {
                push_segment(
                    &mut segments,
                    change.at_s,
                    from,
                    (change.hz - from) / change.ramp_s,
                );
            }
            push_segment(&mut segments, change.at_s + change.ramp_s, change.hz, 0.0);
        }
        let sign = match model.reactive {
            ReactiveKind::Inductive => 1.0,
            ReactiveKind::Capacitive => -1.0,
        };
        let export = if model.export { PI } else { 0.0 };
        let lag = model
            .power_factor
            .0
            .map(|pf| sign * pf.clamp(0.0, 1.0).acos() + export);
        let mut steps = model.load_steps.clone();
        steps.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
        let harmonics = |list: &[Harmonic]| {
            list.iter()
                .map(|h| {
                    (
                        f64::from(h.order),
                        h.percent / 100.0,
                        h.phase_deg.to_radians(),
                    )
                })
                .collect()
        };
        Ok(WaveformGenerator {
            seed: model.seed.unwrap_or(seed),
            segments,
            lag,
            steps,
            voltage_harmonics: harmonics(&model.voltage_harmonics),
            current_harmonics: harmonics(&model.current_harmonics),
            model: model.clone(),
        })
    }

    /// The model.
    pub fn model(&self) -> &WaveformModel {
        &self.model
    }

    /// The seed of the noise.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    fn segment(&self, t: f64) -> &Segment {
        segment_at(&self.segments, t)
    }

    /// The frequency at `t_s` seconds from the start, in Hz.
    pub fn frequency_at(&self, t_s: f64) -> f64 {
        frequency_in(&self.segments, t_s)
    }

    /// The fundamental's phase angle of L1 at `t_s` (the integral of 2π f), in cycles modulo
    /// 1: the voltage of L1 is `sin(2π × this)` without harmonics.
    pub fn cycles_at(&self, t_s: f64) -> f64 {
        let s = self.segment(t_s);
        let dt = t_s - s.t0;
        (s.cycles0 + s.f0 * dt + 0.5 * s.slope * dt * dt).rem_euclid(1.0)
    }

    fn dip_factor(&self, phase: Phase, t: f64) -> f64 {
        let t = t + EVENT_TOLERANCE_S;
        self.model
            .dips
            .iter()
            .filter(|d| t >= d.at_s && t < d.at_s + d.duration_s && phases_or_all(&d.phases)(phase))
            .map(|d| 1.0 - d.depth_percent / 100.0)
            .fold(1.0, f64::min)
    }

    fn load_scale(&self, phase: Phase, t: f64) -> f64 {
        let t = t + EVENT_TOLERANCE_S;
        self.steps
            .iter()
            .rev()
            .find(|s| s.at_s <= t && phases_or_all(&s.phases)(phase))
            .map_or(1.0, |s| s.scale)
    }

    /// The fundamental of a phase at `t_s` seconds from the start.
    pub fn fundamental(&self, phase: Phase, t_s: f64) -> Fundamental {
        Fundamental {
            voltage_v: self.model.voltage_v.get(phase) * self.dip_factor(phase, t_s),
            current_a: self.model.current_a.get(phase) * self.load_scale(phase, t_s),
            current_lag_deg: self.lag[phase.index()].to_degrees(),
        }
    }

    /// The noise-free voltages and currents of the three phases at `t_s`.
    pub fn phases_at(&self, t_s: f64) -> ([f64; 3], [f64; 3]) {
        let theta = TAU * self.cycles_at(t_s);
        let mut u = [0.0; 3];
        let mut i = [0.0; 3];
        for phase in Phase::ALL {
            let p = phase.index();
            let theta_u = theta + OFFSETS[p];
            let theta_i = theta_u - self.lag[p];
            let wave = |angle: f64, harmonics: &[(f64, f64, f64)]| {
                angle.sin()
                    + harmonics
                        .iter()
                        .map(|&(h, a, phi)| a * (h * angle + phi).sin())
                        .sum::<f64>()
            };
            u[p] = SQRT_2
                * self.model.voltage_v.0[p]
                * self.dip_factor(phase, t_s)
                * wave(theta_u, &self.voltage_harmonics);
            i[p] = SQRT_2
                * self.model.current_a.0[p]
                * self.load_scale(phase, t_s)
                * wave(theta_i, &self.current_harmonics);
        }
        (u, i)
    }

    /// The noise-free value of a channel at `t_s`, in V or A.
    pub fn clean(&self, role: ChannelRole, t_s: f64) -> f64 {
        let (u, i) = self.phases_at(t_s);
        role_value(role, &u, &i)
    }

    /// The noise of a channel at a sample index.
    pub fn noise(&self, role: ChannelRole, index: u64) -> f64 {
        let rms = if role.is_voltage() {
            self.model.noise_voltage_v
        } else {
            self.model.noise_current_a
        };
        if rms == 0.0 {
            return 0.0;
        }
        let channel = u64::from(role.code()) * 2;
        let u1 = unit_open(hash3(self.seed, channel, index as i64));
        let u2 = unit_open(hash3(self.seed, channel + 1, index as i64));
        rms * (-2.0 * u1.ln()).sqrt() * (TAU * u2).cos()
    }

    /// Sample `index` of a channel sampled at `sample_rate_hz` from the start, noise included.
    pub fn sample(&self, role: ChannelRole, index: u64, sample_rate_hz: f64) -> f64 {
        self.clean(role, index as f64 / sample_rate_hz) + self.noise(role, index)
    }

    /// `len` samples of every role in `roles` from sample `first_index`, in primary units, as
    /// the analyser takes them (without a start time).
    pub fn waveforms(
        &self,
        roles: &[ChannelRole],
        sample_rate_hz: f64,
        first_index: u64,
        len: usize,
    ) -> Waveforms {
        let mut channels: Vec<Channel> = roles
            .iter()
            .map(|&role| Channel {
                role,
                samples: Vec::with_capacity(len),
            })
            .collect();
        for k in 0..len as u64 {
            let index = first_index + k;
            let (u, i) = self.phases_at(index as f64 / sample_rate_hz);
            for channel in &mut channels {
                channel
                    .samples
                    .push(role_value(channel.role, &u, &i) + self.noise(channel.role, index));
            }
        }
        Waveforms {
            sample_rate_hz,
            start: None,
            channels,
        }
    }

    /// Appends `len` samples of `roles`, interleaved as in a stream frame, from sample
    /// `first_index`, each divided by `ratio(role)` (primary to secondary).
    pub fn fill_interleaved(
        &self,
        roles: &[ChannelRole],
        sample_rate_hz: f64,
        first_index: u64,
        len: usize,
        ratio: impl Fn(ChannelRole) -> f64,
        out: &mut Vec<f32>,
    ) {
        let divisors: Vec<f64> = roles.iter().map(|&r| ratio(r)).collect();
        out.reserve(len * roles.len());
        for k in 0..len as u64 {
            let index = first_index + k;
            let (u, i) = self.phases_at(index as f64 / sample_rate_hz);
            for (&role, divisor) in roles.iter().zip(&divisors) {
                let value = role_value(role, &u, &i) + self.noise(role, index);
                out.push((value / divisor) as f32);
            }
        }
    }
}

fn role_value(role: ChannelRole, u: &[f64; 3], i: &[f64; 3]) -> f64 {
    match role {
        ChannelRole::VoltageL1 => u[0],
        ChannelRole::VoltageL2 => u[1],
        ChannelRole::VoltageL3 => u[2],
        ChannelRole::VoltageL1L2 => u[0] - u[1],
        ChannelRole::VoltageL2L3 => u[1] - u[2],
        ChannelRole::VoltageL3L1 => u[2] - u[0],
        ChannelRole::CurrentL1 => i[0],
        ChannelRole::CurrentL2 => i[1],
        ChannelRole::CurrentL3 => i[2],
        ChannelRole::CurrentN => i[0] + i[1] + i[2],
    }
}

/// A number in (0, 1] from a hash.
fn unit_open(h: u64) -> f64 {
    ((h >> 11) as f64 + 1.0) / (1u64 << 53) as f64
}

fn segment_at(segments: &[Segment], t: f64) -> &Segment {
    let after = segments.partition_point(|s| s.t0 <= t);
    // The first segment starts at 0; earlier times extrapolate it.
    &segments[after.saturating_sub(1).min(segments.len() - 1)]
}

fn frequency_in(segments: &[Segment], t: f64) -> f64 {
    let s = segment_at(segments, t);
    s.f0 + s.slope * (t - s.t0)
}

/// Ends the last segment at `t0` and starts one with frequency `f0` and `slope` there.
fn push_segment(segments: &mut Vec<Segment>, t0: f64, f0: f64, slope: f64) {
    let Some(last) = segments.last().copied() else {
        return;
    };
    let dt = t0 - last.t0;
    let cycles0 = (last.cycles0 + last.f0 * dt + 0.5 * last.slope * dt * dt).rem_euclid(1.0);
    // A step at the same time as the previous change replaces it.
    if dt <= 0.0 {
        segments.pop();
        segments.push(Segment {
            t0,
            f0,
            slope,
            cycles0: last.cycles0,
        });
        return;
    }
    segments.push(Segment {
        t0,
        f0,
        slope,
        cycles0,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_phase_values_read_as_one_number_or_three() {
        #[derive(Deserialize)]
        struct T {
            v: PerPhase,
        }
        let one: T = toml::from_str("v = 230").unwrap();
        assert_eq!(one.v, PerPhase::all(230.0));
        let three: T = toml::from_str("v = [230, 231.5, 229]").unwrap();
        assert_eq!(three.v, PerPhase([230.0, 231.5, 229.0]));
        let err = toml::from_str::<T>("v = [1, 2]").err().unwrap();
        assert!(err.to_string().contains("three numbers"), "{err}");
    }

    #[test]
    fn every_bad_parameter_is_reported_with_its_path() {
        let model = WaveformModel {
            frequency_hz: 0.0,
            power_factor: PerPhase([1.0, 1.2, 1.0]),
            voltage_harmonics: vec![
                Harmonic {
                    order: 1,
                    percent: 3.0,
                    phase_deg: 0.0,
                },
                Harmonic {
                    order: 5,
                    percent: -1.0,
                    phase_deg: 0.0,
                },
            ],
            frequency_changes: vec![
                FrequencyChange {
                    at_s: 10.0,
                    hz: 50.0,
                    ramp_s: 5.0,
                },
                FrequencyChange {
                    at_s: 12.0,
                    hz: 51.0,
                    ramp_s: 0.0,
                },
            ],
            dips: vec![Dip {
                at_s: 1.0,
                duration_s: 0.0,
                depth_percent: 130.0,
                phases: vec![],
            }],
            ..WaveformModel::default()
        };
        let paths: Vec<String> = model.problems().into_iter().map(|(p, _)| p).collect();
        for path in [
            "frequency_hz",
            "power_factor",
            "voltage_harmonics[0].order",
            "voltage_harmonics[1].percent",
            "frequency_changes[1].at_s",
            "dips[0].duration_s",
            "dips[0].depth_percent",
        ] {
            assert!(paths.iter().any(|p| p == path), "{path} missing: {paths:?}");
        }
        assert!(WaveformGenerator::new(&model, 0).is_err());
        assert!(WaveformModel::default().problems().is_empty());
    }

    #[test]
    fn the_phase_is_the_exact_integral_of_a_ramp() {
        let model = WaveformModel {
            frequency_changes: vec![FrequencyChange {
                at_s: 1.0,
                hz: 52.0,
                ramp_s: 2.0,
            }],
            ..WaveformModel::default()
        };
        let g = WaveformGenerator::new(&model, 0).unwrap();
        assert_eq!(g.frequency_at(0.5), 50.0);
        assert!((g.frequency_at(2.0) - 51.0).abs() < 1e-12);
        assert_eq!(g.frequency_at(10.0), 52.0);
        // 50 cycles in the first second, 102 in the ramp, 52 × 1.01 in the next 1.01 s.
        let expected = (50.0 + 102.0 + 52.0 * 1.01_f64).rem_euclid(1.0);
        assert!(
            (g.cycles_at(4.01) - expected).abs() < 1e-9,
            "{}",
            g.cycles_at(4.01)
        );
    }
}
