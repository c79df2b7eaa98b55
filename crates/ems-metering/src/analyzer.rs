//! The analyser: contiguous samples in, one [`WindowValues`] per window out, energy registers
//! updated window by window.
//!
//! **Windows follow the frequency.** A window spans exactly `N` cycles (10 at 50 Hz, 12 at
//! 60 Hz) of the frequency measured so far, so its ends fall between samples: a sample's cell
//! `[n, n+1)` counts with the part of it inside the window, and consecutive windows share the
//! boundary cell without gap or overlap. RMS values and active power are these weighted means
//! over the samples themselves; harmonics come from a Hann-windowed FFT of a fast length
//! starting at the window's first sample (see [`crate::spectrum`]).
//!
//! **Frequency** is measured from the phase of the reference voltage's fundamental (L1, or the
//! first line-to-line voltage in a three-wire system): between two windows the phase advances
//! by `2π·f·Δt`, whatever the waveform's distortion, which zero crossings would not survive.
//! At the start, and after a loss of voltage, the frequency is first found from the spectrum's
//! peak between 40 and 70 Hz, then refined three times by the phase advance between two
//! spectra of the first 0.35 s.

use crate::config::{ChannelPlan, ConfigError, MeterConfig, NominalFrequency};
use crate::measurement::{
    Harmonics, LinePair, LineValues, MAX_ORDER, PhaseValues, SystemValues, THD_ORDER, WindowValues,
};
use crate::registers::{EnergyRegisters, Tariff, TariffInput, WindowEnergy};
use crate::spectrum::{Corrections, Spectrum, fast_length};
use crate::waveform::Waveforms;
use crate::wiring::{ChannelRole, Phase, Wiring};
use jiff::{SignedDuration, Timestamp};
use rustfft::num_complex::Complex64;
use std::f64::consts::PI;
use std::ops::Range;
use thiserror::Error;

/// A reference voltage below this share of nominal is not followed for frequency.
const MIN_REFERENCE_SHARE: f64 = 0.05;
/// Seconds of samples the analyser needs to find the frequency from scratch, before its first
/// window (and after a loss of voltage): a record shorter than this gives no window.
pub const ACQUISITION_SECONDS: f64 = 0.35;
/// The lowest and highest frequency searched for, Hz.
const SEARCH_HZ: (f64, f64) = (40.0, 70.0);

/// Input the analyser cannot use.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MeterError {
    /// The settings, or the channels they need.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A sample rate that is not a positive number.
    #[error("the sample rate must be a positive number of samples per second, not {0}")]
    SampleRate(f64),
    /// Too few samples per cycle to measure anything.
    #[error("a sample rate of {0} Hz is too low: at least 1 kHz (20 samples per cycle) is needed")]
    SampleRateTooLow(f64),
    /// Channels of different lengths.
    #[error("channel {role} has {found} samples where the others have {expected}")]
    RaggedChannels {
        /// The channel.
        role: ChannelRole,
        /// Its samples.
        found: usize,
        /// The others'.
        expected: usize,
    },
    /// A role given twice.
    #[error("channel {0} appears twice")]
    DuplicateRole(ChannelRole),
    /// A sample that is not a number (or infinite). The run ends there, as at a gap: the
    /// windows of the same push are lost, and the next push starts a new run.
    #[error("channel {role} has a sample that is not a number at sample {index} of the run")]
    NotANumber {
        /// The channel.
        role: ChannelRole,
        /// The sample's index since the run began.
        index: u64,
    },
    /// A block whose sample rate or channels differ from the run's: the caller must
    /// [`Analyzer::restart`].
    #[error("the input changed ({0}) within a run; restart the analyser for the new layout")]
    LayoutChanged(String),
    /// The tariff schedule names an unknown time zone.
    #[error("tariff schedule: {0}")]
    Tariff(String),
}

/// The run the analyser is in: sample rate, channels and where each one is buffered.
struct Run {
    sample_rate_hz: f64,
    start: Option<Timestamp>,
    roles: Vec<ChannelRole>,
    plan: ChannelPlan,
    cycles: usize,
    /// Absolute index of `buffer[_][skip]`, the first sample still needed.
    buffer_first: u64,
    /// Samples at the front of every buffer that are no longer needed; dropped in one move once
    /// they are many, so that samples are not moved at every push.
    skip: usize,
    /// Per role (by code − 1): buffered samples, as given (transformer ratios are applied to
    /// the results).
    buffer: Vec<Vec<f64>>,
    /// Absolute position of the next window's start.
    next_start: f64,
    /// Frequency the next window follows, once found.
    frequency: Option<f64>,
    /// The reference's fundamental phasor at the last window's first FFT sample.
    last_reference: Option<(Complex64, u64)>,
}

impl Run {
    fn buffered_end(&self) -> u64 {
        let len = self.buffer.iter().map(Vec::len).max().unwrap_or(0);
        self.buffer_first + len.saturating_sub(self.skip) as u64
    }

    /// The samples of a role from `buffer_first` on.
    fn channel(&self, role: ChannelRole) -> &[f64] {
        let buffer = &self.buffer[usize::from(role.code() - 1)];
        buffer.get(self.skip..).unwrap_or(&[])
    }
}

/// The power analyser of one installation.
pub struct Analyzer {
    config: MeterConfig,
    run: Option<Run>,
    spectrum: Spectrum,
    derived: Derived,
    phasors: Phasors,
    registers: EnergyRegisters,
    digital_input_closed: bool,
}

impl Analyzer {
    /// An analyser with empty registers.
    pub fn new(config: MeterConfig) -> Result<Analyzer, MeterError> {
        Analyzer::with_registers(config, EnergyRegisters::default())
    }

    /// An analyser continuing from stored registers.
    pub fn with_registers(
        config: MeterConfig,
        registers: EnergyRegisters,
    ) -> Result<Analyzer, MeterError> {
        config.validate()?;
        let mut phasors = Phasors::default();
        for p in phasors.voltage.iter_mut().chain(phasors.current.iter_mut()) {
            p.resize(MAX_ORDER, Complex64::default());
        }
        Ok(Analyzer {
            config,
            run: None,
            spectrum: Spectrum::new(),
            derived: Derived::default(),
            phasors,
            registers,
            digital_input_closed: false,
        })
    }

    /// The settings.
    pub fn config(&self) -> &MeterConfig {
        &self.config
    }

    /// The energy registers.
    pub fn registers(&self) -> &EnergyRegisters {
        &self.registers
    }

    /// The energy registers, for partial-counter commands.
    pub fn registers_mut(&mut self) -> &mut EnergyRegisters {
        &mut self.registers
    }

    /// Sets the state of the tariff digital input (closed is tariff 2).
    pub fn set_digital_input(&mut self, closed: bool) {
        self.digital_input_closed = closed;
    }

    /// Forgets the current run (after a gap, or before a new sample rate or layout): buffered
    /// samples that did not make a whole window are dropped; the frequency is kept as a start.
    pub fn restart(&mut self) {
        self.run = None;
    }

    /// Samples not yet part of a window, per channel.
    pub fn pending_samples(&self) -> usize {
        self.run.as_ref().map_or(0, |run| {
            let consumed = run.next_start.floor() as u64;
            run.buffered_end()
                .saturating_sub(consumed.max(run.buffer_first)) as usize
        })
    }

    /// Adds the next contiguous samples of the run and returns the windows they complete.
    pub fn push(&mut self, block: &Waveforms) -> Result<Vec<WindowValues>, MeterError> {
        self.check_block(block)?;
        if self.run.is_none() {
            self.run = Some(self.new_run(block)?);
        }
        if let Some(run) = self.run.as_mut() {
            for channel in &block.channels {
                run.buffer[usize::from(channel.role.code() - 1)]
                    .extend_from_slice(&channel.samples);
            }
        }
        let mut windows = Vec::new();
        loop {
            match self.next_window() {
                Ok(Some(window)) => windows.push(window),
                Ok(None) => break,
                Err(e) => {
                    self.run = None;
                    return Err(e);
                }
            }
        }
        self.trim();
        Ok(windows)
    }

    fn check_block(&self, block: &Waveforms) -> Result<(), MeterError> {
        let fs = block.sample_rate_hz;
        if !(fs.is_finite() && fs > 0.0) {
            return Err(MeterError::SampleRate(fs));
        }
        if fs < 1000.0 {
            return Err(MeterError::SampleRateTooLow(fs));
        }
        let expected = block.len();
        let mut seen = Vec::new();
        for channel in &block.channels {
            if seen.contains(&channel.role) {
                return Err(MeterError::DuplicateRole(channel.role));
            }
            seen.push(channel.role);
            if channel.samples.len() != expected {
                return Err(MeterError::RaggedChannels {
                    role: channel.role,
                    found: channel.samples.len(),
                    expected,
                });
            }
        }
        if let Some(run) = &self.run {
            seen.sort();
            if (run.sample_rate_hz - fs).abs() > 1e-9 * fs {
                return Err(MeterError::LayoutChanged(format!(
                    "sample rate {fs} Hz after {} Hz",
                    run.sample_rate_hz
                )));
            }
            if seen != run.roles {
                return Err(MeterError::LayoutChanged("other channels".to_owned()));
            }
        }
        Ok(())
    }

    fn new_run(&self, block: &Waveforms) -> Result<Run, MeterError> {
        let mut roles: Vec<ChannelRole> = block.channels.iter().map(|c| c.role).collect();
        roles.sort();
        let plan = ChannelPlan::new(&self.config, &roles)?;
        let cycles = self
            .config
            .nominal_frequency
            .unwrap_or(NominalFrequency::Hz50)
            .cycles();
        Ok(Run {
            sample_rate_hz: block.sample_rate_hz,
            start: block.start,
            roles,
            plan,
            cycles,
            buffer_first: 0,
            skip: 0,
            buffer: vec![Vec::new(); ChannelRole::ALL.len()],
            next_start: 0.0,
            frequency: self.run.as_ref().and_then(|r| r.frequency),
            last_reference: None,
        })
    }

    /// Drops samples every future window is past.
    fn trim(&mut self) {
        if let Some(run) = self.run.as_mut() {
            let keep_from = run.next_start.floor() as u64;
            if keep_from > run.buffer_first {
                run.skip += (keep_from - run.buffer_first) as usize;
                run.buffer_first = keep_from;
            }
            // Moving the samples still needed costs as many copies as there are of them: wait
            // until what is dropped is several times that, so that each sample is moved a
            // quarter of a time on average.
            let len = run.buffer.iter().map(Vec::len).max().unwrap_or(0);
            let kept = len.saturating_sub(run.skip);
            if run.skip >= MIN_COMPACTION && run.skip >= 4 * kept {
                let skip = run.skip;
                for buffer in &mut run.buffer {
                    buffer.drain(..skip.min(buffer.len()));
                }
                run.skip = 0;
            }
        }
    }

    /// The reference voltage's samples from `from` (absolute) on: L1 (phase or virtual star) or
    /// the first line-to-line voltage.
    fn reference(&self, run: &Run, from: u64, len: usize, out: &mut Vec<f64>) {
        out.clear();
        let offset = (from - run.buffer_first) as usize;
        if run.plan.phase_voltages {
            let v1 = &run.channel(ChannelRole::VoltageL1)[offset..offset + len];
            if self.config.wiring == Wiring::ThreePhase3W {
                let v2 = &run.channel(ChannelRole::VoltageL2)[offset..offset + len];
                out.extend(v1.iter().zip(v2).map(|(a, b)| a - b));
            } else {
                out.extend_from_slice(v1);
            }
        } else if run.roles.contains(&ChannelRole::VoltageL1L2) {
            out.extend_from_slice(&run.channel(ChannelRole::VoltageL1L2)[offset..offset + len]);
        } else {
            // v12 = −(v23 + v31).
            let v23 = &run.channel(ChannelRole::VoltageL2L3)[offset..offset + len];
            let v31 = &run.channel(ChannelRole::VoltageL3L1)[offset..offset + len];
            out.extend(v23.iter().zip(v31).map(|(a, b)| -(a + b)));
        }
    }

    /// Finds the frequency from scratch on the samples at the run's next window start:
    /// `Some(None)` when there is no voltage to follow, `None` when too few samples are
    /// buffered yet.
    fn acquire(&mut self) -> Option<Option<f64>> {
        let run = self.run.as_ref()?;
        let fs = run.sample_rate_hz;
        let from = run.next_start.ceil() as u64;
        let needed = (ACQUISITION_SECONDS * fs).ceil() as usize;
        if run.buffered_end() < from + needed as u64 {
            return None;
        }
        let mut samples = Vec::with_capacity(needed);
        self.reference(run, from, needed, &mut samples);
        let reference_nominal =
            if run.plan.phase_voltages && self.config.wiring != Wiring::ThreePhase3W {
                self.config.nominal_phase_voltage(Phase::L1)
            } else {
                self.config.nominal_line_voltage()
            };
        // Coarse: the peak bin of 0.2 s between 40 and 70 Hz, interpolated.
        let coarse_len = (0.2 * fs).round() as usize;
        self.spectrum.transform(&samples[..coarse_len]);
        let resolution = fs / coarse_len as f64;
        let first = (SEARCH_HZ.0 / resolution).floor().max(1.0) as usize;
        let last = ((SEARCH_HZ.1 / resolution).ceil() as usize).min(self.spectrum.bins() - 2);
        let peak = (first..=last).max_by(|a, b| {
            self.spectrum
                .magnitude(*a)
                .total_cmp(&self.spectrum.magnitude(*b))
        })?;
        let amplitude =
            self.config.vt_ratio * self.spectrum.magnitude(peak) * 2f64.sqrt() / coarse_len as f64;
        if amplitude < MIN_REFERENCE_SHARE * reference_nominal {
            return Some(None);
        }
        let mut frequency = (peak as f64 + self.bin_offset(peak)) * resolution;
        let cycles = self
            .config
            .nominal_frequency
            .unwrap_or_else(|| NominalFrequency::nearest(frequency))
            .cycles();
        // Fine: the phase advance of the fundamental between two spectra of about `cycles`
        // cycles, the second starting `shift` samples after the first.
        for _ in 0..3 {
            let len = fast_length(cycles as f64 * fs / frequency);
            if len + 1 >= needed {
                return Some(None);
            }
            let shift = needed - len;
            let corrections = Corrections::new(len, frequency * len as f64 / fs, 1);
            self.spectrum.transform_windowed(&samples[..len]);
            let first = self.spectrum.fundamental(&corrections);
            self.spectrum
                .transform_windowed(&samples[shift..shift + len]);
            let second = self.spectrum.fundamental(&corrections);
            let turns = (second / first).arg() / (2.0 * PI);
            let whole = (frequency * shift as f64 / fs - turns).round();
            frequency = (turns + whole) * fs / shift as f64;
            if !(SEARCH_HZ.0..=SEARCH_HZ.1).contains(&frequency) {
                return Some(None);
            }
        }
        if let Some(run) = self.run.as_mut() {
            run.cycles = cycles;
        }
        Some(Some(frequency))
    }

    /// The offset of a tone from bin `m` of the last transform, from the ratio of its larger
    /// neighbour to it (exact for one tone under a rectangular window).
    fn bin_offset(&self, m: usize) -> f64 {
        let centre = self.spectrum.magnitude(m);
        let below = self.spectrum.magnitude(m - 1);
        let above = self.spectrum.magnitude(m + 1);
        if above >= below {
            above / (centre + above)
        } else {
            -below / (centre + below)
        }
    }

    /// Measures the next window when its samples are all buffered.
    fn next_window(&mut self) -> Result<Option<WindowValues>, MeterError> {
        let Some(run) = self.run.as_ref() else {
            return Ok(None);
        };
        let fs = run.sample_rate_hz;
        let mut frequency = run.frequency;
        if frequency.is_none() {
            match self.acquire() {
                None => return Ok(None),
                Some(found) => frequency = found,
            }
        }
        let Some(run) = self.run.as_mut() else {
            return Ok(None);
        };
        run.frequency = frequency;
        let cycles = run.cycles;
        let window_frequency = frequency.unwrap_or_else(|| {
            self.config
                .nominal_frequency
                .unwrap_or(NominalFrequency::Hz50)
                .hz()
        });
        let a = run.next_start;
        let b = a + cycles as f64 * fs / window_frequency;
        let (n0, n1) = (a.floor() as u64, b.ceil() as u64);
        let r0 = a.round() as u64;
        let r1 = r0 + fast_length(b - a) as u64;
        if run.buffered_end() < n1.max(r1) {
            return Ok(None);
        }
        let window = self.measure(a, b, n0, n1, r0, r1, window_frequency, frequency.is_some())?;
        if let Some(run) = self.run.as_mut() {
            run.next_start = b;
        }
        Ok(Some(window))
    }

    /// Measures the window `[a, b)` (absolute sample positions): the samples `[n0, n1)` with
    /// fractional weights at both ends for RMS values and power, the samples `[r0, r1)` (a fast
    /// FFT length from the window's start) for the spectra. Updates the frequency tracking and the registers.
    #[allow(clippy::too_many_arguments)]
    fn measure(
        &mut self,
        a: f64,
        b: f64,
        n0: u64,
        n1: u64,
        r0: u64,
        r1: u64,
        window_frequency: f64,
        tracking: bool,
    ) -> Result<WindowValues, MeterError> {
        let Analyzer {
            config,
            run,
            spectrum,
            derived,
            phasors,
            registers,
            digital_input_closed,
        } = self;
        let Some(run) = run.as_mut() else {
            return Err(MeterError::LayoutChanged("no run".to_owned()));
        };
        let (fs, cycles) = (run.sample_rate_hz, run.cycles);
        let (vt, ct) = (config.vt_ratio, config.ct_ratio);
        let n_lo = n0.min(r0);
        let n_hi = n1.max(r1);
        let offset = (n_lo - run.buffer_first) as usize;
        let range = offset..offset + (n_hi - n_lo) as usize;
        derived.fill(config, run, range.clone());
        let signals = Signals::new(config, run, derived, range.clone());
        let span = b - a;
        let weights = Weights {
            first: (n0 + 1) as f64 - a,
            last: b - (n1 - 1) as f64,
            from: (n0 - n_lo) as usize,
            to: (n1 - n_lo) as usize,
        };
        let fft = (r0 - n_lo) as usize..(r1 - n_lo) as usize;
        let corrections = Corrections::new(
            fft.len(),
            window_frequency * fft.len() as f64 / fs,
            MAX_ORDER,
        );
        let phases = config.wiring.phases();

        // Spectra: phasors of orders 1..=40 of every phase voltage and current, in primary
        // units.
        for phase in phases {
            let p = phase.index();
            spectrum.transform_windowed_pair(
                &signals.voltage[p][fft.clone()],
                &signals.current[p][fft.clone()],
            );
            spectrum.phasors(0, &corrections, &mut phasors.voltage[p]);
            phasors.voltage[p].iter_mut().for_each(|x| *x *= vt);
            spectrum.phasors(1, &corrections, &mut phasors.current[p]);
            phasors.current[p].iter_mut().for_each(|x| *x *= ct);
        }

        // Time-domain sums and the values per phase.
        let angle_reference = phasors.voltage[0][0];
        let cycle_len = fs / window_frequency;
        let first_cycle = a - n_lo as f64;
        let mut phase_values = Vec::with_capacity(phases.len());
        for phase in phases {
            let p = phase.index();
            let (v, i) = (signals.voltage[p], signals.current[p]);
            let ((vv, ii, vi), (min_cycle, max_cycle)) =
                weights.moments_by_cycle(v, i, first_cycle, cycle_len, cycles);
            // A sample that is not a number makes the sums so: checked here rather than
            // sample by sample on the way in.
            if !(vv + ii + vi).is_finite() {
                return Err(not_a_number(run, range.clone(), n_lo));
            }
            let voltage = vt * (vv / span).sqrt();
            let current = ct * (ii / span).sqrt();
            let active = vt * ct * vi / span;
            let apparent = voltage * current;
            let (v1, i1) = (phasors.voltage[p][0], phasors.current[p][0]);
            let voltage_harmonics = Harmonics(
                phasors.voltage[p]
                    .iter()
                    .map(|x| x.norm_sqr().sqrt())
                    .collect(),
            );
            let current_harmonics = Harmonics(
                phasors.current[p]
                    .iter()
                    .map(|x| x.norm_sqr().sqrt())
                    .collect(),
            );
            phase_values.push(PhaseValues {
                phase: *phase,
                voltage_v: voltage,
                current_a: current,
                active_power_w: active,
                reactive_power_var: (v1 * i1.conj()).im,
                apparent_power_va: apparent,
                power_factor: ratio(active, apparent),
                voltage_thd_percent: voltage_harmonics.thd_percent(THD_ORDER),
                current_thd_percent: current_harmonics.thd_percent(THD_ORDER),
                voltage_harmonics_v: voltage_harmonics,
                current_harmonics_a: current_harmonics,
                voltage_angle_deg: angle_deg(v1, angle_reference),
                current_angle_deg: angle_deg(i1, angle_reference),
                min_cycle_voltage_v: vt * min_cycle,
                max_cycle_voltage_v: vt * max_cycle,
            });
        }

        // Line-to-line voltages.
        let pairs: &[LinePair] = match config.wiring {
            Wiring::SinglePhase2W => &[],
            Wiring::SplitPhase3W => &[LinePair::L1L2],
            _ => &[LinePair::L1L2, LinePair::L2L3, LinePair::L3L1],
        };
        let mut lines = Vec::with_capacity(pairs.len());
        let mut line_cycle_extremes = Vec::with_capacity(pairs.len());
        for pair in pairs {
            let (x, y) = pair.phases();
            let (vx, vy) = (signals.voltage[x.index()], signals.voltage[y.index()]);
            let harmonics = Harmonics(
                phasors.voltage[x.index()]
                    .iter()
                    .zip(&phasors.voltage[y.index()])
                    .map(|(a, b)| (a - b).norm_sqr().sqrt())
                    .collect(),
            );
            if config.wiring == Wiring::ThreePhase3W {
                let (lo, hi) = cycle_extremes(vx, vy, first_cycle, cycle_len, cycles);
                line_cycle_extremes.push((vt * lo, vt * hi));
            }
            lines.push(LineValues {
                pair: *pair,
                voltage_v: vt * (weights.sum_difference(vx, vy) / span).sqrt(),
                thd_percent: harmonics.thd_percent(THD_ORDER),
                harmonics_v: harmonics,
            });
        }

        // System.
        let active: f64 = phase_values.iter().map(|p| p.active_power_w).sum();
        let reactive: f64 = phase_values.iter().map(|p| p.reactive_power_var).sum();
        let apparent: f64 = phase_values.iter().map(|p| p.apparent_power_va).sum();
        let neutral = signals
            .neutral
            .map(|n| ct * (weights.sum_of_squares(n) / span).sqrt());
        let unbalance = (phases.len() == 3).then(|| {
            let a = Complex64::from_polar(1.0, 2.0 * PI / 3.0);
            let (v1, v2, v3) = (
                phasors.voltage[0][0],
                phasors.voltage[1][0],
                phasors.voltage[2][0],
            );
            let positive = (v1 + a * v2 + a * a * v3) / 3.0;
            let negative = (v1 + a * a * v2 + a * v3) / 3.0;
            if positive.norm() > 0.0 {
                100.0 * negative.norm() / positive.norm()
            } else {
                0.0
            }
        });

        // Flag: a one-cycle RMS voltage outside 90 %–110 % of nominal (line-to-line voltages in a
        // three-wire system).
        let flagged = if config.wiring == Wiring::ThreePhase3W {
            let nominal = config.nominal_line_voltage();
            line_cycle_extremes
                .iter()
                .any(|(lo, hi)| *lo < 0.9 * nominal || *hi > 1.1 * nominal)
        } else {
            phase_values.iter().any(|p| {
                let nominal = config.nominal_phase_voltage(p.phase);
                p.min_cycle_voltage_v < 0.9 * nominal || p.max_cycle_voltage_v > 1.1 * nominal
            })
        };

        // Frequency from the reference's phase advance since the last window.
        let (reference, reference_nominal) = if config.wiring == Wiring::ThreePhase3W {
            (
                phasors.voltage[0][0] - phasors.voltage[1][0],
                config.nominal_line_voltage(),
            )
        } else {
            (
                phasors.voltage[0][0],
                config.nominal_phase_voltage(Phase::L1),
            )
        };
        let strong = reference.norm() >= MIN_REFERENCE_SHARE * reference_nominal;
        let mut measured_frequency = None;
        if tracking && strong {
            measured_frequency = Some(window_frequency);
            if let Some((last, last_start)) = run.last_reference {
                let samples = (r0 - last_start) as f64;
                let turns = (reference / last).arg() / (2.0 * PI);
                let whole = (window_frequency * samples / fs - turns).round();
                let f = (turns + whole) * fs / samples;
                if (SEARCH_HZ.0..=SEARCH_HZ.1).contains(&f) {
                    measured_frequency = Some(f);
                    run.frequency = Some(f);
                }
            }
            run.last_reference = Some((reference, r0));
        } else {
            run.last_reference = None;
            if !strong {
                // Lost: found again from scratch when the voltage is back.
                run.frequency = None;
            }
        }

        let duration_s = span / fs;
        let window_start = run.start.map(|t| t + SignedDuration::from_secs_f64(a / fs));
        let tariff = match &config.tariff {
            TariffInput::Fixed(t) => *t,
            TariffInput::DigitalInput if *digital_input_closed => Tariff::T2,
            TariffInput::DigitalInput => Tariff::T1,
            TariffInput::Schedule(schedule) => schedule
                .tariff_at(window_start.unwrap_or(Timestamp::UNIX_EPOCH))
                .map_err(MeterError::Tariff)?,
        };
        let mut phase_active = [0.0; 3];
        let mut phase_reactive = [0.0; 3];
        for p in &phase_values {
            phase_active[p.phase.index()] = p.active_power_w;
            phase_reactive[p.phase.index()] = p.reactive_power_var;
        }
        registers.add_window(
            &WindowEnergy {
                duration_s,
                active_w: active,
                reactive_var: reactive,
                apparent_va: apparent,
                phase_active_w: phase_active,
                phase_reactive_var: phase_reactive,
            },
            tariff,
            config.run_threshold_w,
        );

        Ok(WindowValues {
            offset_s: a / fs,
            start: window_start,
            duration_s,
            frequency_hz: measured_frequency,
            phases: phase_values,
            lines,
            system: SystemValues {
                active_power_w: active,
                reactive_power_var: reactive,
                apparent_power_va: apparent,
                power_factor: ratio(active, apparent),
                neutral_current_a: neutral,
                voltage_unbalance_percent: unbalance,
            },
            flagged,
        })
    }
}

/// Signals computed from the input for a window: virtual star-point voltages of a three-wire
/// system, a phase current from the other two, a neutral current from the phases.
#[derive(Default)]
struct Derived {
    voltage: [Vec<f64>; 3],
    current: [Vec<f64>; 3],
    neutral: Vec<f64>,
}

impl Derived {
    fn fill(&mut self, config: &MeterConfig, run: &Run, range: Range<usize>) {
        let len = range.len();
        if config.wiring == Wiring::ThreePhase3W {
            for v in &mut self.voltage {
                v.clear();
            }
            let [v1, v2, v3] = &mut self.voltage;
            if run.plan.phase_voltages {
                // To the virtual star point: remove the common (zero-sequence) part.
                let a = &run.channel(ChannelRole::VoltageL1)[range.clone()];
                let b = &run.channel(ChannelRole::VoltageL2)[range.clone()];
                let c = &run.channel(ChannelRole::VoltageL3)[range.clone()];
                for ((a, b), c) in a.iter().zip(b).zip(c) {
                    let mean = (a + b + c) / 3.0;
                    v1.push(a - mean);
                    v2.push(b - mean);
                    v3.push(c - mean);
                }
            } else {
                // From line-to-line voltages: v1* = (v12 − v31) / 3, and so on round.
                let line = |role: ChannelRole| -> Option<&[f64]> {
                    run.roles
                        .contains(&role)
                        .then(|| &run.channel(role)[range.clone()])
                };
                let (v12, v23, v31) = (
                    line(ChannelRole::VoltageL1L2),
                    line(ChannelRole::VoltageL2L3),
                    line(ChannelRole::VoltageL3L1),
                );
                for n in 0..len {
                    let (x, y, z) = match (v12, v23, v31) {
                        (Some(x), Some(y), Some(z)) => (x[n], y[n], z[n]),
                        (Some(x), Some(y), None) => (x[n], y[n], -(x[n] + y[n])),
                        (Some(x), None, Some(z)) => (x[n], -(x[n] + z[n]), z[n]),
                        (None, Some(y), Some(z)) => (-(y[n] + z[n]), y[n], z[n]),
                        _ => (0.0, 0.0, 0.0),
                    };
                    v1.push((x - z) / 3.0);
                    v2.push((y - x) / 3.0);
                    v3.push((z - y) / 3.0);
                }
            }
        }
        if let Some(missing) = run.plan.computed_current {
            let others: Vec<ChannelRole> = Phase::ALL
                .into_iter()
                .filter(|p| *p != missing)
                .map(ChannelRole::current)
                .collect();
            let x = &run.channel(others[0])[range.clone()];
            let y = &run.channel(others[1])[range.clone()];
            let out = &mut self.current[missing.index()];
            out.clear();
            out.extend(x.iter().zip(y).map(|(a, b)| -(a + b)));
        }
        if config.wiring.has_neutral() && !run.plan.neutral_measured {
            self.neutral.clear();
            self.neutral.resize(len, 0.0);
            for phase in config.wiring.phases() {
                let i = &run.channel(ChannelRole::current(*phase))[range.clone()];
                for (n, i) in self.neutral.iter_mut().zip(i) {
                    *n += i;
                }
            }
        }
    }
}

/// The phase voltages and currents and the neutral current of a window, in input units:
/// slices of the run's buffers, or of [`Derived`].
struct Signals<'a> {
    voltage: [&'a [f64]; 3],
    current: [&'a [f64]; 3],
    neutral: Option<&'a [f64]>,
}

impl<'a> Signals<'a> {
    fn new(config: &MeterConfig, run: &'a Run, derived: &'a Derived, range: Range<usize>) -> Self {
        let mut voltage: [&[f64]; 3] = [&[], &[], &[]];
        let mut current: [&[f64]; 3] = [&[], &[], &[]];
        for phase in config.wiring.phases() {
            let p = phase.index();
            voltage[p] = if config.wiring == Wiring::ThreePhase3W {
                &derived.voltage[p]
            } else {
                &run.channel(ChannelRole::voltage(*phase))[range.clone()]
            };
            current[p] = if run.plan.computed_current == Some(*phase) {
                &derived.current[p]
            } else {
                &run.channel(ChannelRole::current(*phase))[range.clone()]
            };
        }
        let neutral = if !config.wiring.has_neutral() {
            None
        } else if run.plan.neutral_measured {
            Some(&run.channel(ChannelRole::CurrentN)[range])
        } else {
            Some(derived.neutral.as_slice())
        };
        Signals {
            voltage,
            current,
            neutral,
        }
    }
}

/// The RMS phasors of orders 1 to 40 of a window's phase voltages and currents.
#[derive(Default)]
struct Phasors {
    voltage: [Vec<Complex64>; 3],
    current: [Vec<Complex64>; 3],
}

/// Samples per channel no longer needed before the buffers are compacted.
const MIN_COMPACTION: usize = 16_384;

/// Independent partial sums, so that the compiler can keep them in vector registers.
const LANES: usize = 8;

/// Weights of the window's samples: whole ones inside, fractions at both ends.
struct Weights {
    first: f64,
    last: f64,
    /// Index of the window's first sample in the signals.
    from: usize,
    /// One past its last sample.
    to: usize,
}

impl Weights {
    /// `(Σ w·x², Σ w·y², Σ w·x·y)` over the window, and the lowest and highest one-cycle RMS of
    /// `x`, from the same pass: cycle `k` spans the samples from `first_cycle + k·cycle_len`, rounded (the first
    /// and last cycles end at the window's first and last sample).
    fn moments_by_cycle(
        &self,
        x: &[f64],
        y: &[f64],
        first_cycle: f64,
        cycle_len: f64,
        cycles: usize,
    ) -> ((f64, f64, f64), (f64, f64)) {
        let mut whole = (0.0, 0.0, 0.0);
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        let mut start = self.from;
        for k in 0..cycles {
            let end = if k + 1 == cycles {
                self.to
            } else {
                ((first_cycle + (k + 1) as f64 * cycle_len).round() as usize).clamp(start, self.to)
            };
            if end > start {
                let part = segment_moments(&x[start..end], &y[start..end]);
                whole.0 += part.0;
                whole.1 += part.1;
                whole.2 += part.2;
                let rms = (part.0 / (end - start) as f64).sqrt();
                lo = lo.min(rms);
                hi = hi.max(rms);
            }
            start = end;
        }
        if lo.is_infinite() {
            lo = 0.0;
        }
        (self.weigh_ends(whole, x, y), (lo, hi))
    }

    /// Takes the unweighted parts of the first and last samples off whole-sample sums.
    fn weigh_ends(&self, mut sums: (f64, f64, f64), x: &[f64], y: &[f64]) -> (f64, f64, f64) {
        let (first, last) = (self.from, self.to - 1);
        let (f, l) = (1.0 - self.first, 1.0 - self.last);
        sums.0 -= f * x[first] * x[first] + l * x[last] * x[last];
        sums.1 -= f * y[first] * y[first] + l * y[last] * y[last];
        sums.2 -= f * x[first] * y[first] + l * x[last] * y[last];
        sums
    }

    /// `Σ w·x²` over the window.
    fn sum_of_squares(&self, x: &[f64]) -> f64 {
        let (first, last) = (self.from, self.to - 1);
        sum_squares(&x[self.from..self.to])
            - (1.0 - self.first) * x[first] * x[first]
            - (1.0 - self.last) * x[last] * x[last]
    }

    /// `Σ w·(x − y)²` over the window.
    fn sum_difference(&self, x: &[f64], y: &[f64]) -> f64 {
        let (first, last) = (self.from, self.to - 1);
        let d0 = x[first] - y[first];
        let dl = x[last] - y[last];
        squared_differences(&x[self.from..self.to], &y[self.from..self.to])
            - (1.0 - self.first) * d0 * d0
            - (1.0 - self.last) * dl * dl
    }
}

/// `(Σ x², Σ y², Σ x·y)`, in lanes.
fn segment_moments(x: &[f64], y: &[f64]) -> (f64, f64, f64) {
    let mut xx = [0.0; LANES];
    let mut yy = [0.0; LANES];
    let mut xy = [0.0; LANES];
    let (xc, yc) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for k in 0..LANES {
            xx[k] += a[k] * a[k];
            yy[k] += b[k] * b[k];
            xy[k] += a[k] * b[k];
        }
    }
    let mut sums = (
        xx.iter().sum::<f64>(),
        yy.iter().sum::<f64>(),
        xy.iter().sum::<f64>(),
    );
    for (a, b) in xr.iter().zip(yr) {
        sums.0 += a * a;
        sums.1 += b * b;
        sums.2 += a * b;
    }
    sums
}

/// The first sample that is not a number in the buffered `range` (which starts at absolute
/// sample `first`).
fn not_a_number(run: &Run, range: Range<usize>, first: u64) -> MeterError {
    for role in &run.roles {
        let samples = &run.channel(*role)[range.clone()];
        if let Some(i) = samples.iter().position(|s| !s.is_finite()) {
            return MeterError::NotANumber {
                role: *role,
                index: first + i as u64,
            };
        }
    }
    MeterError::NotANumber {
        role: run.roles.first().copied().unwrap_or(ChannelRole::VoltageL1),
        index: first,
    }
}

/// `Σ x²`, in lanes.
fn sum_squares(x: &[f64]) -> f64 {
    let mut acc = [0.0; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f64 = chunks.remainder().iter().map(|a| a * a).sum();
    for a in chunks {
        for k in 0..LANES {
            acc[k] += a[k] * a[k];
        }
    }
    acc.iter().sum::<f64>() + rest
}

/// `Σ (x − y)²`, in lanes.
fn squared_differences(x: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0; LANES];
    let (xc, yc) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let rest: f64 = xc
        .remainder()
        .iter()
        .zip(yc.remainder())
        .map(|(a, b)| (a - b) * (a - b))
        .sum();
    for (a, b) in xc.zip(yc) {
        for k in 0..LANES {
            let d = a[k] - b[k];
            acc[k] += d * d;
        }
    }
    acc.iter().sum::<f64>() + rest
}

/// The lowest and highest one-cycle RMS of `x − y` over the window's cycles; cycle
/// `k` spans the samples from `first + k·cycle_len`, rounded.
fn cycle_extremes(x: &[f64], y: &[f64], first: f64, cycle_len: f64, cycles: usize) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = 0.0f64;
    for k in 0..cycles {
        let s = (first + k as f64 * cycle_len).round() as usize;
        let e = ((first + (k + 1) as f64 * cycle_len).round() as usize).min(x.len());
        if e <= s {
            continue;
        }
        let rms = (squared_differences(&x[s..e], &y[s..e]) / (e - s) as f64).sqrt();
        lo = lo.min(rms);
        hi = hi.max(rms);
    }
    if lo.is_infinite() {
        lo = 0.0;
    }
    (lo, hi)
}

fn ratio(active: f64, apparent: f64) -> Option<f64> {
    (apparent > 0.0).then(|| (active / apparent).clamp(-1.0, 1.0))
}

fn angle_deg(x: Complex64, reference: Complex64) -> f64 {
    if x.norm() == 0.0 || reference.norm() == 0.0 {
        return 0.0;
    }
    (x / reference).arg().to_degrees()
}
