//! The plant model: what a simulated device measures, as a pure function of a seed and a time.
//!
//! A device's load follows a daily and weekly [`Shape`] between a base and a peak active power
//! (or, for gas and water meters, a flow). From that "true" power the model derives every
//! electrical quantity of a one- or three-phase connection: per-phase active, reactive and
//! apparent power (from the power factor and the imbalance), currents, voltages with consistent
//! line-to-line values, frequency, THD and the power factor.
//!
//! Counters integrate the noise-free power over time (import and export apart, per phase, tariff
//! 1 and 2, reactive energy by quadrant, apparent energy, run time, volumes) in steps aligned to
//! whole minutes, so that their value at a time does not depend on how often the model was
//! asked. Momentary values carry a small seeded noise that changes once per second: two reads
//! within the same second see the same values.
//!
//! Signs are ems' own: active power positive for import, negative for export (a PV plant at
//! noon); reactive power positive for inductive loads.
//!
//! Tariff: energy counts in tariff 1 from Monday to Friday, 08:00 to 20:00 UTC, and in tariff 2
//! otherwise. Demand is the average active power over the last completed 15-minute block (UTC);
//! its peak is the largest such average since the counters started.

use crate::quantity::{COUNT, Quantity as Q};
use ems_model::{Point, Value};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The daily and weekly pattern of a device's load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Always the peak value (`peak_w`, or `base_w` when no peak is given).
    #[default]
    Constant,
    /// Working hours high (Monday to Friday, ramping up 07:00-08:00, full until 17:00, ramping
    /// down until 19:00); nights and weekends at the base.
    Office,
    /// A morning peak (07:00 on weekdays, 09:00 at weekends) and a larger evening peak (19:30).
    Residential,
    /// Photovoltaic generation: active power is `base_w - peak_w × sun`, negative (export) in
    /// daylight around noon, with seasonal day length and passing clouds.
    Pv,
    /// Charging sessions of an EV charger: up to one morning and one evening session a day at
    /// `peak_w`, `base_w` otherwise; which days have sessions follows from the seed.
    EvCharger,
}

/// What a device measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// Electrical quantities and energy counters.
    Electricity,
    /// A gas flow integrated into `gas_volume`.
    Gas,
    /// A water flow integrated into `water_volume`.
    Water,
}

/// Whether the load's current lags (inductive) or leads (capacitive) the voltage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReactiveKind {
    /// Current lags: reactive power positive.
    #[default]
    Inductive,
    /// Current leads: reactive power negative.
    Capacitive,
}

/// Parameters of one device's plant model (`model = { … }` in the simulator configuration).
///
/// Every field has a default; units are in the field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelConfig {
    /// The daily and weekly pattern.
    pub shape: Shape,
    /// What the device measures; by default what its profile's kind says.
    pub medium: Option<Medium>,
    /// Active power at the bottom of the shape, in W (0 unless given; standby draw for `pv`).
    pub base_w: Option<f64>,
    /// Active power at the top of the shape, in W (1000 unless given; for `constant`, `base_w`
    /// when only that is given).
    pub peak_w: Option<f64>,
    /// Displacement power factor, 0 < pf ≤ 1.
    pub power_factor: f64,
    /// Whether the reactive power is inductive (positive) or capacitive (negative).
    pub reactive: ReactiveKind,
    /// Phases connected, 1 or 3; by default the profile's number of phases (3 when it has none).
    pub phases: Option<u8>,
    /// Share of the power L1 carries above and L3 below the average, 0 ≤ imbalance < 1.
    pub imbalance: f64,
    /// Relative amplitude of the noise on momentary values, 0 ≤ noise ≤ 0.5.
    pub noise: f64,
    /// Nominal line-to-neutral voltage, in V.
    pub voltage_v: f64,
    /// Nominal frequency, in Hz.
    pub frequency_hz: f64,
    /// Typical voltage THD, in %.
    pub thd_voltage_percent: f64,
    /// Typical current THD at full load, in % (higher at low load).
    pub thd_current_percent: f64,
    /// Flow at the bottom of the shape, in dm³/h (gas and water).
    pub base_flow_dm3_per_h: f64,
    /// Flow at the top of the shape, in dm³/h (gas and water).
    pub peak_flow_dm3_per_h: f64,
    /// The run-time counter runs while |active power| exceeds this, in W (for flows: while
    /// anything flows).
    pub run_threshold_w: f64,
    /// Offset of the local time the shapes follow from UTC, in minutes.
    pub utc_offset_minutes: i32,
    /// The seed of the noise, clouds and charging sessions; by default derived from the
    /// simulator's seed and the device id.
    pub seed: Option<u64>,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            shape: Shape::Constant,
            medium: None,
            base_w: None,
            peak_w: None,
            power_factor: 0.95,
            reactive: ReactiveKind::Inductive,
            phases: None,
            imbalance: 0.05,
            noise: 0.01,
            voltage_v: 230.0,
            frequency_hz: 50.0,
            thd_voltage_percent: 2.5,
            thd_current_percent: 10.0,
            base_flow_dm3_per_h: 0.0,
            peak_flow_dm3_per_h: 1000.0,
            run_threshold_w: 10.0,
            utc_offset_minutes: 0,
            seed: None,
        }
    }
}

impl ModelConfig {
    /// Checks the ranges serde cannot; returns `(field, message)` for every problem.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let finite = |v: f64| v.is_finite();
        if !(self.power_factor > 0.0 && self.power_factor <= 1.0) {
            out.push((
                "power_factor",
                format!("must be in (0, 1], not {}", self.power_factor),
            ));
        }
        if let Some(p) = self.phases
            && p != 1
            && p != 3
        {
            out.push(("phases", format!("must be 1 or 3, not {p}")));
        }
        if !(0.0..1.0).contains(&self.imbalance) {
            out.push((
                "imbalance",
                format!("must be in [0, 1), not {}", self.imbalance),
            ));
        }
        if !(0.0..=0.5).contains(&self.noise) {
            out.push(("noise", format!("must be in [0, 0.5], not {}", self.noise)));
        }
        for (name, v) in [
            ("voltage_v", self.voltage_v),
            ("frequency_hz", self.frequency_hz),
        ] {
            if !(finite(v) && v > 0.0) {
                out.push((name, format!("must be positive, not {v}")));
            }
        }
        for (name, v) in [
            ("base_w", self.base_w.unwrap_or(0.0)),
            ("peak_w", self.peak_w.unwrap_or(0.0)),
            ("run_threshold_w", self.run_threshold_w),
        ] {
            if !finite(v) {
                out.push((name, format!("must be a finite number, not {v}")));
            }
        }
        for (name, v) in [
            ("thd_voltage_percent", self.thd_voltage_percent),
            ("thd_current_percent", self.thd_current_percent),
            ("base_flow_dm3_per_h", self.base_flow_dm3_per_h),
            ("peak_flow_dm3_per_h", self.peak_flow_dm3_per_h),
        ] {
            if !(finite(v) && v >= 0.0) {
                out.push((name, format!("must be zero or positive, not {v}")));
            }
        }
        if self.utc_offset_minutes.abs() > 18 * 60 {
            out.push((
                "utc_offset_minutes",
                format!("must be within ±1080, not {}", self.utc_offset_minutes),
            ));
        }
        out
    }
}

/// A counter's name that the model does not keep.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the plant model keeps no counter \"{0}\"")]
pub struct NotACounter(pub Point);

/// The values of every point the model produces at one time, in canonical units and ems' signs.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    values: [Option<Value>; COUNT],
}

impl Snapshot {
    fn empty() -> Self {
        Snapshot {
            values: [None; COUNT],
        }
    }

    /// The value of `point`, or `None` when the model does not produce it (L2 of a one-phase
    /// device, a gas meter's voltage).
    pub fn get(&self, point: Point) -> Option<Value> {
        Q::from_point(point).and_then(|q| self.quantity(q))
    }

    /// Every point the model produced, with its value.
    pub fn iter(&self) -> impl Iterator<Item = (Point, Value)> + '_ {
        Q::ALL
            .iter()
            .filter_map(|q| Some((q.point()?, self.quantity(*q)?)))
    }

    pub(crate) fn quantity(&self, q: Q) -> Option<Value> {
        self.values[q.index()]
    }

    fn set(&mut self, q: Q, v: f64) {
        self.values[q.index()] = Some(Value::Float(v));
    }

    fn set_counter(&mut self, q: Q, v: f64) {
        // Counters are whole canonical units; the fraction keeps accumulating inside the model.
        // The small allowance absorbs the rounding of many summed steps.
        self.values[q.index()] = Some(Value::Counter((v + 1e-6).floor() as i64));
    }
}

/// The electrical and flow parameters, resolved from a [`ModelConfig`].
#[derive(Debug, Clone)]
struct Params {
    shape: Shape,
    medium: Medium,
    base: f64,
    peak: f64,
    power_factor: f64,
    /// tan φ with the sign of the reactive power.
    tan_phi: f64,
    phases: usize,
    weights: [f64; 3],
    noise: f64,
    voltage: f64,
    frequency: f64,
    thd_v: f64,
    thd_i: f64,
    base_flow: f64,
    peak_flow: f64,
    run_threshold: f64,
    offset_s: f64,
    seed: u64,
    /// Per-phase static voltage deviation (relative).
    voltage_dev: [f64; 3],
    /// Phase of the slow frequency swing, in radians.
    frequency_phase: f64,
}

/// Energy accumulated in the current demand block.
#[derive(Debug, Clone, Default)]
struct Demand {
    block: i64,
    energy_ws: f64,
    seconds: f64,
    last_w: Option<f64>,
    peak_w: Option<f64>,
}

/// A device's plant: its parameters and the state of its counters.
#[derive(Debug, Clone)]
pub struct PlantModel {
    p: Params,
    /// Seconds since the Unix epoch up to which the counters are integrated.
    integrated_until: f64,
    /// Accumulated amounts per counter quantity, in canonical units.
    accumulated: [f64; COUNT],
    /// Starting values per counter quantity.
    initial: [f64; COUNT],
    demand: Demand,
}

const DEMAND_BLOCK_S: f64 = 900.0;
const WEEK_S: f64 = 7.0 * 86_400.0;
const TWO_YEARS_S: f64 = 2.0 * 365.25 * 86_400.0;

fn seconds(t: Timestamp) -> f64 {
    t.as_second() as f64 + f64::from(t.subsec_nanosecond()) * 1e-9
}

/// SplitMix64: a fast, well-mixed hash of one word.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A deterministic hash of a seed, a channel and a counter (a second, a day, a block).
pub(crate) fn hash3(seed: u64, channel: u64, n: i64) -> u64 {
    mix(seed ^ mix(channel.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ mix(n as u64)))
}

/// A number in [0, 1) from a hash.
fn unit01(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A number in [-1, 1) from a hash.
fn unit11(h: u64) -> f64 {
    2.0 * unit01(h) - 1.0
}

/// Channels of the seeded randomness.
const CH_CLOUD: u64 = 1;
const CH_EV: u64 = 2;
const CH_STATIC: u64 = 3;
const CH_NOISE: u64 = 100;

impl PlantModel {
    /// A model with counters at zero, integrated up to `start`.
    ///
    /// `config` must have passed [`ModelConfig::problems`]; out-of-range values are clamped.
    /// The seed is `config.seed` when set, `seed` otherwise.
    pub fn new(config: &ModelConfig, seed: u64, start: Timestamp) -> Self {
        let seed = config.seed.unwrap_or(seed);
        let base = config.base_w.unwrap_or(0.0);
        let peak = match (config.shape, config.peak_w, config.base_w) {
            (_, Some(p), _) => p,
            (Shape::Constant, None, Some(b)) => b,
            _ => 1000.0,
        };
        let pf = if config.power_factor > 0.0 && config.power_factor <= 1.0 {
            config.power_factor
        } else {
            1.0
        };
        let tan = (1.0 - pf * pf).max(0.0).sqrt() / pf;
        let tan_phi = match config.reactive {
            ReactiveKind::Inductive => tan,
            ReactiveKind::Capacitive => -tan,
        };
        let phases = if config.phases == Some(1) { 1 } else { 3 };
        let imb = config.imbalance.clamp(0.0, 0.95);
        let weights = if phases == 1 {
            [1.0, 0.0, 0.0]
        } else {
            [(1.0 + imb) / 3.0, 1.0 / 3.0, (1.0 - imb) / 3.0]
        };
        let voltage_dev = [0, 1, 2].map(|i| 0.005 * unit11(hash3(seed, CH_STATIC, i)));
        let frequency_phase = std::f64::consts::TAU * unit01(hash3(seed, CH_STATIC, 3));
        let p = Params {
            shape: config.shape,
            medium: config.medium.unwrap_or(Medium::Electricity),
            base,
            peak,
            power_factor: pf,
            tan_phi,
            phases,
            weights,
            noise: config.noise.clamp(0.0, 0.5),
            voltage: config.voltage_v,
            frequency: config.frequency_hz,
            thd_v: config.thd_voltage_percent,
            thd_i: config.thd_current_percent,
            base_flow: config.base_flow_dm3_per_h,
            peak_flow: config.peak_flow_dm3_per_h,
            run_threshold: config.run_threshold_w,
            offset_s: f64::from(config.utc_offset_minutes) * 60.0,
            seed,
            voltage_dev,
            frequency_phase,
        };
        let start_s = seconds(start);
        PlantModel {
            p,
            integrated_until: start_s,
            accumulated: [0.0; COUNT],
            initial: [0.0; COUNT],
            demand: Demand {
                block: (start_s / DEMAND_BLOCK_S).floor() as i64,
                ..Demand::default()
            },
        }
    }

    /// What the device measures.
    pub fn medium(&self) -> Medium {
        self.p.medium
    }

    /// Number of phases (1 or 3).
    pub fn phases(&self) -> u8 {
        if self.p.phases == 1 { 1 } else { 3 }
    }

    /// Sets the starting value of a counter (in its canonical unit); what was integrated so far
    /// is kept on top of it.
    pub fn set_counter(&mut self, point: Point, value: i64) -> Result<(), NotACounter> {
        match Q::from_point(point) {
            Some(q) if q.is_counter() => {
                self.initial[q.index()] = value as f64 - self.accumulated[q.index()];
                Ok(())
            }
            _ => Err(NotACounter(point)),
        }
    }

    /// Integrates up to `t`, then sets every counter to zero (a meter's counter reset).
    pub fn reset_counters(&mut self, t: Timestamp) {
        self.advance_to(t);
        self.accumulated = [0.0; COUNT];
        self.initial = [0.0; COUNT];
    }

    /// Integrates the counters up to `t`. A time before the last one changes nothing: counters
    /// never run backwards.
    pub fn advance_to(&mut self, t: Timestamp) {
        let end = seconds(t);
        let gap = end - self.integrated_until;
        if gap.is_nan() || gap <= 0.0 {
            return;
        }
        let step = if gap <= WEEK_S {
            60.0
        } else if gap <= TWO_YEARS_S {
            DEMAND_BLOCK_S
        } else {
            3600.0
        };
        let mut t0 = self.integrated_until;
        while t0 < end {
            let t1 = (((t0 / step).floor() + 1.0) * step).min(end);
            let dt = t1 - t0;
            if dt <= 0.0 {
                break;
            }
            self.integrate_step(t0, dt);
            t0 = t1;
        }
        self.integrated_until = end;
    }

    /// The values of every point the model produces at `t`, after integrating up to `t`.
    pub fn snapshot(&mut self, t: Timestamp) -> Snapshot {
        self.advance_to(t);
        let now = seconds(t).max(self.integrated_until);
        let mut s = Snapshot::empty();
        match self.p.medium {
            Medium::Electricity => self.electrical(now, &mut s),
            Medium::Gas => s.set_counter(Q::GasVolume, self.counter(Q::GasVolume)),
            Medium::Water => s.set_counter(Q::WaterVolume, self.counter(Q::WaterVolume)),
        }
        s.set_counter(Q::RunTime, self.counter(Q::RunTime));
        s
    }

    /// The noise-free active power at `t`, in W (import positive): what the counters integrate.
    pub fn true_active_power(&self, t: Timestamp) -> f64 {
        self.power_at(seconds(t))
    }

    /// The noise-free flow at `t`, in dm³/h.
    pub fn true_flow(&self, t: Timestamp) -> f64 {
        self.flow_at(seconds(t))
    }

    /// The largest magnitude `point` can reach in this model over ten years, in its canonical
    /// unit, or `None` when the model does not produce it. Used to choose register exponents.
    pub fn peak_magnitude(&self, point: Point) -> Option<f64> {
        let q = Q::from_point(point)?;
        let p = &self.p;
        let pmax = p.peak.abs().max(p.base.abs()).max(1.0);
        let smax = pmax / p.power_factor * 1.5;
        let ten_years_h = 24.0 * 365.25 * 10.0;
        let initial = self.counter(q);
        let v = match q {
            Q::VoltageL1 | Q::VoltageL2 | Q::VoltageL3 | Q::VoltageLnAverage => p.voltage * 1.15,
            Q::VoltageL1L2 | Q::VoltageL2L3 | Q::VoltageL3L1 | Q::VoltageLlAverage => {
                p.voltage * 3f64.sqrt() * 1.15
            }
            Q::CurrentL1 | Q::CurrentL2 | Q::CurrentL3 | Q::CurrentN | Q::CurrentAverage => {
                smax / (p.voltage * 0.85)
            }
            Q::PowerFactor | Q::PowerFactorL1 | Q::PowerFactorL2 | Q::PowerFactorL3 => 1.0,
            Q::Frequency => p.frequency * 1.1,
            Q::ThdVoltageL1
            | Q::ThdVoltageL2
            | Q::ThdVoltageL3
            | Q::ThdCurrentL1
            | Q::ThdCurrentL2
            | Q::ThdCurrentL3 => 100.0,
            Q::GasVolume | Q::WaterVolume => initial + p.peak_flow.max(p.base_flow) * ten_years_h,
            Q::RunTime => initial + ten_years_h * 3600.0,
            q if q.is_counter() => initial + smax * ten_years_h,
            _ => smax,
        };
        Some(v)
    }

    /// The present value of a counter in its canonical unit, with its fraction (0 for points
    /// that are not counters).
    pub fn counter_value(&self, point: Point) -> f64 {
        Q::from_point(point)
            .filter(|q| q.is_counter())
            .map_or(0.0, |q| self.counter(q))
    }

    fn counter(&self, q: Q) -> f64 {
        (self.initial[q.index()] + self.accumulated[q.index()]).max(0.0)
    }

    /// The shape's factor in [0, 1] at `t` (seconds since the epoch).
    fn shape_factor(&self, t: f64) -> f64 {
        let local = t + self.p.offset_s;
        let day = (local / 86_400.0).floor();
        let hour = (local - day * 86_400.0) / 3600.0;
        // 1970-01-01 was a Thursday: Monday is 0.
        let weekday = (day as i64 + 3).rem_euclid(7);
        let weekend = weekday >= 5;
        match self.p.shape {
            Shape::Constant => 1.0,
            Shape::Office => {
                if weekend || hour < 7.0 {
                    0.0
                } else if hour < 8.0 {
                    hour - 7.0
                } else if hour < 17.0 {
                    1.0
                } else if hour < 19.0 {
                    1.0 - (hour - 17.0) / 2.0
                } else {
                    0.0
                }
            }
            Shape::Residential => {
                let bump = |mu: f64, sigma: f64| {
                    let mut d = (hour - mu).abs();
                    if d > 12.0 {
                        d = 24.0 - d;
                    }
                    (-(d * d) / (2.0 * sigma * sigma)).exp()
                };
                let morning = if weekend { 9.0 } else { 7.0 };
                (0.6 * bump(morning, 1.0) + bump(19.5, 1.5)).min(1.0)
            }
            Shape::Pv => {
                let doy = (day + 1.0).rem_euclid(365.2425);
                let season = (std::f64::consts::TAU * (doy - 172.0) / 365.2425).cos();
                let half = 6.0 + 2.0 * season;
                let offset = hour - 12.0;
                if offset.abs() >= half {
                    return 0.0;
                }
                let sun = (std::f64::consts::FRAC_PI_2 * offset / half).cos();
                let amplitude = 0.75 + 0.25 * season;
                (sun * amplitude * self.clouds(t)).clamp(0.0, 1.0)
            }
            Shape::EvCharger => {
                let h = hash3(self.p.seed, CH_EV, day as i64);
                let morning_start = 7.0 + f64::from((h & 0xFF) as u8) / 255.0 * 3.0;
                let morning_len = 1.0 + f64::from(((h >> 8) & 0xFF) as u8) / 255.0 * 3.0;
                let evening_start = 17.0 + f64::from(((h >> 16) & 0xFF) as u8) / 255.0 * 3.0;
                let evening_len = 1.0 + f64::from(((h >> 24) & 0xFF) as u8) / 255.0 * 2.5;
                let morning = (h >> 32) & 3 != 0;
                let evening = (h >> 34) & 3 != 0;
                let within = |s: f64, l: f64| hour >= s && hour < s + l;
                if (morning && within(morning_start, morning_len))
                    || (evening && within(evening_start, evening_len))
                {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// Cloud attenuation in (0.6, 1], smooth between seeded values every ten minutes.
    fn clouds(&self, t: f64) -> f64 {
        let block = (t / 600.0).floor();
        let frac = t / 600.0 - block;
        let a = unit01(hash3(self.p.seed, CH_CLOUD, block as i64));
        let b = unit01(hash3(self.p.seed, CH_CLOUD, block as i64 + 1));
        let c = a + (b - a) * frac;
        1.0 - 0.4 * c * c
    }

    fn power_at(&self, t: f64) -> f64 {
        if self.p.medium != Medium::Electricity {
            return 0.0;
        }
        let f = self.shape_factor(t);
        match self.p.shape {
            Shape::Pv => self.p.base - self.p.peak * f,
            _ => self.p.base + (self.p.peak - self.p.base) * f,
        }
    }

    fn flow_at(&self, t: f64) -> f64 {
        if self.p.medium == Medium::Electricity {
            return 0.0;
        }
        let f = self.shape_factor(t);
        (self.p.base_flow + (self.p.peak_flow - self.p.base_flow) * f).max(0.0)
    }

    fn add(&mut self, q: Q, amount: f64) {
        self.accumulated[q.index()] += amount;
    }

    /// Integrates one step `[t0, t0 + dt)` with the value at its midpoint.
    fn integrate_step(&mut self, t0: f64, dt: f64) {
        let mid = t0 + dt / 2.0;
        let hours = dt / 3600.0;
        match self.p.medium {
            Medium::Gas | Medium::Water => {
                let flow = self.flow_at(mid);
                let q = if self.p.medium == Medium::Gas {
                    Q::GasVolume
                } else {
                    Q::WaterVolume
                };
                self.add(q, flow * hours);
                if flow > 0.0 {
                    self.add(Q::RunTime, dt);
                }
            }
            Medium::Electricity => {
                let p = self.power_at(mid);
                let q = p.abs() * self.p.tan_phi;
                let s = (p * p + q * q).sqrt();
                let t1 = tariff_one(mid);
                if p > 0.0 {
                    self.add(Q::EnergyActiveImport, p * hours);
                    self.add(
                        if t1 {
                            Q::EnergyActiveImportT1
                        } else {
                            Q::EnergyActiveImportT2
                        },
                        p * hours,
                    );
                    for i in 0..self.p.phases {
                        let w = self.p.weights[i];
                        self.add(Q::EnergyActiveImportL1.phase(i), p * w * hours);
                    }
                } else if p < 0.0 {
                    let e = -p * hours;
                    self.add(Q::EnergyActiveExport, e);
                    self.add(
                        if t1 {
                            Q::EnergyActiveExportT1
                        } else {
                            Q::EnergyActiveExportT2
                        },
                        e,
                    );
                    for i in 0..self.p.phases {
                        let w = self.p.weights[i];
                        self.add(Q::EnergyActiveExportL1.phase(i), e * w);
                    }
                }
                if q != 0.0 {
                    let quadrant = match (p >= 0.0, q > 0.0) {
                        (true, true) => Q::EnergyReactiveQ1,
                        (false, true) => Q::EnergyReactiveQ2,
                        (false, false) => Q::EnergyReactiveQ3,
                        (true, false) => Q::EnergyReactiveQ4,
                    };
                    self.add(quadrant, q.abs() * hours);
                    self.add(
                        if q > 0.0 {
                            Q::EnergyReactiveImport
                        } else {
                            Q::EnergyReactiveExport
                        },
                        q.abs() * hours,
                    );
                }
                self.add(Q::EnergyApparent, s * hours);
                if p.abs() > self.p.run_threshold {
                    self.add(Q::RunTime, dt);
                }
                self.demand_step(t0, dt, p);
            }
        }
    }

    fn demand_step(&mut self, t0: f64, dt: f64, p: f64) {
        let block = (t0 / DEMAND_BLOCK_S).floor() as i64;
        let d = &mut self.demand;
        if block != d.block {
            if d.seconds >= DEMAND_BLOCK_S - 1.0 {
                let avg = d.energy_ws / d.seconds;
                d.last_w = Some(avg);
                d.peak_w = Some(d.peak_w.map_or(avg, |pk| pk.max(avg)));
            }
            d.block = block;
            d.energy_ws = 0.0;
            d.seconds = 0.0;
        }
        d.energy_ws += p * dt;
        d.seconds += dt;
    }

    fn noise(&self, channel: Q, phase: usize, second: i64) -> f64 {
        unit11(hash3(
            self.p.seed,
            CH_NOISE + (channel.index() * 4 + phase) as u64,
            second,
        ))
    }

    fn electrical(&self, t: f64, s: &mut Snapshot) {
        let p = &self.p;
        let sec = t.floor() as i64;
        let p_true = self.power_at(t);
        let pmax = p.peak.abs().max(p.base.abs()).max(1.0);
        let load = (p_true.abs() / pmax).clamp(0.0, 1.0);
        let n = p.phases;

        let mut volts = [0.0; 3];
        let mut watts = [0.0; 3];
        let mut vars = [0.0; 3];
        let mut vas = [0.0; 3];
        let mut amps = [0.0; 3];
        for i in 0..n {
            let v = p.voltage
                * (1.0 + p.voltage_dev[i] - 0.015 * load
                    + 0.002 * self.noise(Q::VoltageL1, i, sec));
            let pw = p_true * p.weights[i] * (1.0 + p.noise * self.noise(Q::ActivePowerL1, i, sec));
            let qv = pw.abs() * p.tan_phi;
            let sa = (pw * pw + qv * qv).sqrt();
            volts[i] = v;
            watts[i] = pw;
            vars[i] = qv;
            vas[i] = sa;
            amps[i] = sa / v;
            let pf = if sa > 1e-9 { pw / sa } else { 1.0 };
            s.set(Q::VoltageL1.phase(i), v);
            s.set(Q::ActivePowerL1.phase(i), pw);
            s.set(Q::ReactivePowerL1.phase(i), qv);
            s.set(Q::ApparentPowerL1.phase(i), sa);
            s.set(Q::CurrentL1.phase(i), amps[i]);
            s.set(Q::PowerFactorL1.phase(i), pf);
            s.set(
                Q::ThdVoltageL1.phase(i),
                p.thd_v * (1.0 + 0.1 * self.noise(Q::ThdVoltageL1, i, sec)),
            );
            s.set(
                Q::ThdCurrentL1.phase(i),
                p.thd_i * (1.0 + (1.0 - load)) * (1.0 + 0.1 * self.noise(Q::ThdCurrentL1, i, sec)),
            );
        }
        let nf = n as f64;
        let p_tot: f64 = watts.iter().sum();
        let q_tot: f64 = vars.iter().sum();
        let s_tot: f64 = vas.iter().sum();
        s.set(Q::ActivePower, p_tot);
        s.set(Q::ReactivePower, q_tot);
        s.set(Q::ApparentPower, s_tot);
        s.set(
            Q::PowerFactor,
            if s_tot > 1e-9 { p_tot / s_tot } else { 1.0 },
        );
        s.set(Q::VoltageLnAverage, volts.iter().sum::<f64>() / nf);
        s.set(Q::CurrentAverage, amps.iter().sum::<f64>() / nf);
        if n == 3 {
            let ll = |a: f64, b: f64| (a * a + b * b + a * b).sqrt();
            let l12 = ll(volts[0], volts[1]);
            let l23 = ll(volts[1], volts[2]);
            let l31 = ll(volts[2], volts[0]);
            s.set(Q::VoltageL1L2, l12);
            s.set(Q::VoltageL2L3, l23);
            s.set(Q::VoltageL3L1, l31);
            s.set(Q::VoltageLlAverage, (l12 + l23 + l31) / 3.0);
            let [a, b, c] = amps;
            let neutral = (a * a + b * b + c * c - a * b - b * c - c * a)
                .max(0.0)
                .sqrt();
            s.set(Q::CurrentN, neutral);
        } else {
            s.set(Q::CurrentN, amps[0]);
        }
        s.set(
            Q::Frequency,
            p.frequency
                + 0.02 * (std::f64::consts::TAU * t / 900.0 + p.frequency_phase).sin()
                + 0.005 * self.noise(Q::Frequency, 0, sec),
        );
        let partial = if self.demand.seconds > 0.0 {
            self.demand.energy_ws / self.demand.seconds
        } else {
            p_true
        };
        let demand = self.demand.last_w.unwrap_or(partial);
        s.set(Q::ActivePowerDemand, demand);
        s.set(
            Q::ActivePowerDemandPeak,
            self.demand.peak_w.unwrap_or(demand),
        );

        for q in [
            Q::EnergyActiveImport,
            Q::EnergyActiveExport,
            Q::EnergyActiveImportT1,
            Q::EnergyActiveImportT2,
            Q::EnergyActiveExportT1,
            Q::EnergyActiveExportT2,
            Q::EnergyReactiveImport,
            Q::EnergyReactiveExport,
            Q::EnergyReactiveQ1,
            Q::EnergyReactiveQ2,
            Q::EnergyReactiveQ3,
            Q::EnergyReactiveQ4,
            Q::EnergyApparent,
        ] {
            s.set_counter(q, self.counter(q));
        }
        for i in 0..n {
            for family in [Q::EnergyActiveImportL1, Q::EnergyActiveExportL1] {
                let q = family.phase(i);
                s.set_counter(q, self.counter(q));
            }
        }
    }
}

/// Tariff 1: Monday to Friday, 08:00 to 20:00 UTC.
fn tariff_one(t: f64) -> bool {
    let day = (t / 86_400.0).floor();
    let hour = (t - day * 86_400.0) / 3600.0;
    let weekday = (day as i64 + 3).rem_euclid(7);
    weekday < 5 && (8.0..20.0).contains(&hour)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn pt(name: &str) -> Point {
        Point::from_name(name).unwrap()
    }

    fn f(s: &Snapshot, name: &str) -> f64 {
        s.get(pt(name)).unwrap().as_f64()
    }

    fn c(s: &Snapshot, name: &str) -> i64 {
        match s.get(pt(name)) {
            Some(Value::Counter(c)) => c,
            other => panic!("{name} is {other:?}"),
        }
    }

    fn constant(watts: f64) -> ModelConfig {
        ModelConfig {
            base_w: Some(watts),
            noise: 0.0,
            ..ModelConfig::default()
        }
    }

    #[test]
    fn one_hour_at_one_kilowatt_imports_one_kilowatt_hour() {
        let start = at("2025-03-03T10:00:00Z");
        let mut m = PlantModel::new(&constant(1000.0), 7, start);
        m.set_counter(pt("energy_active_import"), 5_000).unwrap();
        let before = c(&m.snapshot(start), "energy_active_import");
        let after = c(
            &m.snapshot(start + SignedDuration::from_hours(1)),
            "energy_active_import",
        );
        assert!((after - before - 1000).abs() <= 1, "{before} -> {after}");
        assert_eq!(before, 5_000);
    }

    #[test]
    fn counters_do_not_depend_on_how_often_the_model_is_read() {
        let start = at("2025-06-02T05:00:00Z");
        let cfg = ModelConfig {
            shape: Shape::Pv,
            peak_w: Some(5000.0),
            ..ModelConfig::default()
        };
        let mut often = PlantModel::new(&cfg, 3, start);
        let mut once = PlantModel::new(&cfg, 3, start);
        let mut t = start;
        for _ in 0..(12 * 60) {
            t += SignedDuration::from_secs(61);
            often.advance_to(t);
        }
        let a = often.snapshot(t);
        let b = once.snapshot(t);
        let ea = c(&a, "energy_active_export");
        let eb = c(&b, "energy_active_export");
        assert!((ea - eb).abs() <= 2, "{ea} vs {eb}");
        assert!(
            ea > 10_000,
            "a sunny June day exports more than 10 kWh: {ea}"
        );
    }

    #[test]
    fn counters_never_decrease_even_when_the_clock_goes_back() {
        let start = at("2025-01-06T00:00:00Z");
        let cfg = ModelConfig {
            shape: Shape::Residential,
            peak_w: Some(4000.0),
            base_w: Some(300.0),
            ..ModelConfig::default()
        };
        let mut m = PlantModel::new(&cfg, 1, start);
        let mut last = m.snapshot(start);
        for i in 1..500 {
            let back = if i % 7 == 0 { -3000 } else { 700 };
            let t = start + SignedDuration::from_secs(i * 400 + back);
            let s = m.snapshot(t);
            for (p, v) in s.iter() {
                if p.is_counter() {
                    assert!(v.as_f64() >= last.get(p).unwrap().as_f64(), "{p} fell");
                }
            }
            last = s;
        }
    }

    #[test]
    fn a_pv_plant_exports_at_noon_and_not_at_midnight() {
        let cfg = ModelConfig {
            shape: Shape::Pv,
            peak_w: Some(10_000.0),
            ..ModelConfig::default()
        };
        let mut m = PlantModel::new(&cfg, 9, at("2025-06-21T00:00:00Z"));
        let noon = m.snapshot(at("2025-06-21T12:00:00Z"));
        assert!(f(&noon, "active_power") < -3000.0);
        assert!(f(&noon, "active_power_l2") < 0.0);
        assert!(c(&noon, "energy_active_export") > 0);
        assert_eq!(c(&noon, "energy_active_import"), 0);
        let night = m.snapshot(at("2025-06-22T00:00:00Z"));
        assert!(f(&night, "active_power").abs() < 1.0);
    }

    #[test]
    fn per_phase_powers_add_up_to_the_totals() {
        let cfg = ModelConfig {
            shape: Shape::Office,
            base_w: Some(2000.0),
            peak_w: Some(20_000.0),
            imbalance: 0.2,
            ..ModelConfig::default()
        };
        let mut m = PlantModel::new(&cfg, 11, at("2025-03-04T06:00:00Z"));
        let s = m.snapshot(at("2025-03-04T11:00:00Z"));
        for total in ["active_power", "reactive_power", "apparent_power"] {
            let sum: f64 = (1..=3).map(|i| f(&s, &format!("{total}_l{i}"))).sum();
            assert!((sum - f(&s, total)).abs() < 1e-6, "{total}");
        }
        assert!(f(&s, "active_power_l1") > f(&s, "active_power_l3"));
        let sum_import: i64 = (1..=3)
            .map(|i| c(&s, &format!("energy_active_import_l{i}")))
            .sum();
        assert!((sum_import - c(&s, "energy_active_import")).abs() <= 3);
    }

    #[test]
    fn line_to_line_voltages_are_consistent_with_the_phase_voltages() {
        let cfg = ModelConfig {
            imbalance: 0.0,
            ..constant(3000.0)
        };
        let mut m = PlantModel::new(&cfg, 5, at("2025-03-04T06:00:00Z"));
        let s = m.snapshot(at("2025-03-04T06:00:10Z"));
        let (a, b) = (f(&s, "voltage_l1"), f(&s, "voltage_l2"));
        let ab = f(&s, "voltage_l1_l2");
        assert!((ab - (a * a + b * b + a * b).sqrt()).abs() < 1e-9);
        assert!((ab / ((a + b) / 2.0) - 3f64.sqrt()).abs() < 0.01);
        assert!((f(&s, "voltage_l1") - 230.0).abs() < 5.0);
        assert!((f(&s, "frequency") - 50.0).abs() < 0.1);
    }

    #[test]
    fn power_factor_and_reactive_power_follow_the_load_kind() {
        let cfg = ModelConfig {
            power_factor: 0.8,
            reactive: ReactiveKind::Capacitive,
            ..constant(1000.0)
        };
        let start = at("2025-03-04T06:00:00Z");
        let mut m = PlantModel::new(&cfg, 5, start);
        let s = m.snapshot(start + SignedDuration::from_hours(1));
        assert!((f(&s, "power_factor") - 0.8).abs() < 1e-9);
        assert!((f(&s, "reactive_power") + 750.0).abs() < 1e-6);
        assert!((c(&s, "energy_reactive_q4") - 750).abs() <= 1);
        assert_eq!(c(&s, "energy_reactive_q1"), 0);
        assert_eq!(c(&s, "energy_reactive_export"), c(&s, "energy_reactive_q4"));
        assert!((c(&s, "energy_apparent") - 1250).abs() <= 1);
    }

    #[test]
    fn tariffs_split_the_import_by_weekday_hours() {
        let start = at("2025-03-03T00:00:00Z"); // a Monday
        let mut m = PlantModel::new(&constant(1000.0), 5, start);
        let s = m.snapshot(start + SignedDuration::from_hours(24));
        assert!((c(&s, "energy_active_import_t1") - 12_000).abs() <= 1);
        assert!((c(&s, "energy_active_import_t2") - 12_000).abs() <= 1);
        let s = m.snapshot(at("2025-03-10T00:00:00Z"));
        assert!((c(&s, "energy_active_import_t1") - 60_000).abs() <= 2);
        assert!((c(&s, "run_time") - 7 * 86_400).abs() <= 1);
    }

    #[test]
    fn an_office_is_busy_on_weekdays_and_quiet_at_weekends() {
        let cfg = ModelConfig {
            shape: Shape::Office,
            base_w: Some(1000.0),
            peak_w: Some(10_000.0),
            noise: 0.0,
            ..ModelConfig::default()
        };
        let m = PlantModel::new(&cfg, 5, at("2025-03-03T00:00:00Z"));
        assert_eq!(m.true_active_power(at("2025-03-05T11:00:00Z")), 10_000.0);
        assert_eq!(m.true_active_power(at("2025-03-05T23:00:00Z")), 1000.0);
        assert_eq!(m.true_active_power(at("2025-03-08T11:00:00Z")), 1000.0);
    }

    #[test]
    fn a_charger_has_sessions_on_some_days() {
        let cfg = ModelConfig {
            shape: Shape::EvCharger,
            base_w: Some(5.0),
            peak_w: Some(11_000.0),
            ..ModelConfig::default()
        };
        let start = at("2025-03-03T00:00:00Z");
        let mut m = PlantModel::new(&cfg, 5, start);
        let s = m.snapshot(start + SignedDuration::from_hours(24 * 14));
        let kwh = c(&s, "energy_active_import") / 1000;
        assert!(kwh > 50 && kwh < 14 * 11 * 8, "{kwh} kWh in two weeks");
    }

    #[test]
    fn a_water_meter_integrates_its_flow_only() {
        let cfg = ModelConfig {
            medium: Some(Medium::Water),
            base_flow_dm3_per_h: 100.0,
            peak_flow_dm3_per_h: 100.0,
            ..ModelConfig::default()
        };
        let start = at("2025-03-03T00:00:00Z");
        let mut m = PlantModel::new(&cfg, 5, start);
        let s = m.snapshot(start + SignedDuration::from_hours(10));
        assert_eq!(c(&s, "water_volume"), 1000);
        assert!(s.get(pt("voltage_l1")).is_none());
        assert!(s.get(pt("gas_volume")).is_none());
    }

    #[test]
    fn a_single_phase_device_has_no_second_or_third_phase() {
        let cfg = ModelConfig {
            phases: Some(1),
            ..constant(2300.0)
        };
        let mut m = PlantModel::new(&cfg, 5, at("2025-03-03T00:00:00Z"));
        let s = m.snapshot(at("2025-03-03T01:00:00Z"));
        assert!(s.get(pt("voltage_l2")).is_none());
        assert!(s.get(pt("voltage_l1_l2")).is_none());
        assert_eq!(f(&s, "active_power"), f(&s, "active_power_l1"));
        assert!((f(&s, "current_l1") - 2300.0 / 0.95 / f(&s, "voltage_l1")).abs() < 1e-9);
    }

    #[test]
    fn demand_is_the_average_of_the_last_completed_quarter_hour() {
        let start = at("2025-03-03T00:00:00Z");
        let mut m = PlantModel::new(&constant(4000.0), 5, start);
        let s = m.snapshot(at("2025-03-03T00:20:00Z"));
        assert!((f(&s, "active_power_demand") - 4000.0).abs() < 1e-6);
        assert!((f(&s, "active_power_demand_peak") - 4000.0).abs() < 1e-6);
    }

    #[test]
    fn the_same_seed_and_time_give_the_same_values() {
        let cfg = ModelConfig {
            shape: Shape::Residential,
            ..ModelConfig::default()
        };
        let start = at("2025-03-03T00:00:00Z");
        let t = at("2025-03-03T19:00:00.250Z");
        let a = PlantModel::new(&cfg, 42, start).snapshot(t);
        let b = PlantModel::new(&cfg, 42, start).snapshot(t);
        assert_eq!(a, b);
        let other = PlantModel::new(&cfg, 43, start).snapshot(t);
        assert_ne!(a, other);
    }

    #[test]
    fn a_counter_reset_starts_every_counter_from_zero() {
        let start = at("2025-03-03T00:00:00Z");
        let mut m = PlantModel::new(&constant(1000.0), 5, start);
        m.set_counter(pt("energy_active_import"), 1_000_000)
            .unwrap();
        m.reset_counters(at("2025-03-03T01:00:00Z"));
        let s = m.snapshot(at("2025-03-03T02:00:00Z"));
        assert!((c(&s, "energy_active_import") - 1000).abs() <= 1);
        assert!(m.set_counter(pt("voltage_l1"), 3).is_err());
    }

    #[test]
    fn out_of_range_parameters_are_reported_by_field() {
        let cfg = ModelConfig {
            power_factor: 1.5,
            phases: Some(2),
            noise: -1.0,
            ..ModelConfig::default()
        };
        let fields: Vec<_> = cfg.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["power_factor", "phases", "noise"]);
    }
}
