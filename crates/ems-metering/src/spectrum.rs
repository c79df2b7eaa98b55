//! Harmonic phasors of one measurement window: a Hann-windowed real FFT of a fast length over
//! the window's samples, each harmonic read at its exact, fractional bin.
//!
//! IEC 61000-4-7 reads harmonics from a rectangular window of exactly `N` cycles. When the
//! sampling is not locked to the supply, that window is a number of samples with large prime
//! factors more often than not, and its FFT is up to twelve times slower than one of a length
//! made of 2, 3 and 5 only. Here the FFT length `M` is the 5-smooth number nearest to the
//! window, the samples are weighted by a Hann window, and the tone of order `h`, at the
//! fractional bin `ν_h = h·f·M/fs`, is read in the bin `m_h` nearest to it: the bin holds the
//! tone scaled and turned by the window's response `R(ν_h − m_h)`, which is known exactly from
//! the frequency, and dividing by it restores the tone's amplitude and its phase at the first
//! sample. The Hann window keeps what one tone leaks into another's bin (ten bins away) below
//! 3·10⁻⁴ of its amplitude; the fundamental's leakage, the largest, is removed from the bins of
//! orders 2 to 5, and its negative-frequency image from its own bin.

use rustfft::num_complex::{Complex32, Complex64};
use rustfft::{Fft, FftPlanner};
use std::f64::consts::{PI, SQRT_2};
use std::sync::Arc;

/// Plans kept before the planner is started afresh.
const MAX_PLANS: usize = 64;
/// The orders whose bins the fundamental's leakage is removed from.
const LEAKAGE_ORDERS: usize = 5;

/// What the last transform holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Packing {
    /// One real signal.
    Single,
    /// Two real signals, as the real and the imaginary part of one complex signal.
    Pair,
}

/// Computes spectra, reusing plans, windows and buffers.
///
/// Two real signals go through one complex FFT (one as the real part, one as the imaginary
/// part) and are told apart by symmetry in the few bins that are read:
/// `A[k] = (Z[k] + Z̄[M−k]) / 2`, `B[k] = (Z[k] − Z̄[M−k]) / 2j`. The FFT runs in single
/// precision: its rounding (about 10⁻⁶ of the signal) is far below the 5·10⁻⁴ of nominal that
/// IEC 61000-4-7 class I allows the smallest harmonics.
pub(crate) struct Spectrum {
    planner: FftPlanner<f32>,
    plans: usize,
    plan: Option<Arc<dyn Fft<f32>>>,
    hann: Vec<f64>,
    buffer: Vec<Complex32>,
    scratch: Vec<Complex32>,
    packing: Packing,
}

impl Spectrum {
    pub(crate) fn new() -> Self {
        Spectrum {
            planner: FftPlanner::new(),
            plans: 0,
            plan: None,
            hann: Vec::new(),
            buffer: Vec::new(),
            scratch: Vec::new(),
            packing: Packing::Single,
        }
    }

    fn prepare(&mut self, len: usize) {
        if self.plan.as_ref().is_some_and(|p| p.len() == len) {
            return;
        }
        if self.plans >= MAX_PLANS {
            self.planner = FftPlanner::new();
            self.plans = 0;
        }
        self.plans += 1;
        let plan = self.planner.plan_fft_forward(len);
        self.buffer.resize(len, Complex32::default());
        self.scratch
            .resize(plan.get_inplace_scratch_len(), Complex32::default());
        self.hann = (0..len)
            .map(|n| 0.5 - 0.5 * (2.0 * PI * n as f64 / len as f64).cos())
            .collect();
        self.plan = Some(plan);
    }

    fn run(&mut self, packing: Packing) {
        self.packing = packing;
        if let Some(plan) = &self.plan {
            plan.process_with_scratch(&mut self.buffer, &mut self.scratch);
        }
    }

    /// The plain (rectangular) spectrum of `samples`, for the search of the fundamental.
    pub(crate) fn transform(&mut self, samples: &[f64]) {
        self.prepare(samples.len());
        for (x, s) in self.buffer.iter_mut().zip(samples) {
            *x = Complex32::new(*s as f32, 0.0);
        }
        self.run(Packing::Single);
    }

    /// The Hann-windowed spectrum of `samples`, for [`Spectrum::fundamental`].
    pub(crate) fn transform_windowed(&mut self, samples: &[f64]) {
        self.prepare(samples.len());
        for ((x, s), w) in self.buffer.iter_mut().zip(samples).zip(&self.hann) {
            *x = Complex32::new((s * w) as f32, 0.0);
        }
        self.run(Packing::Single);
    }

    /// The Hann-windowed spectra of two signals of the same length at once, for
    /// [`Spectrum::phasors`] with `which` 0 (`a`) and 1 (`b`).
    pub(crate) fn transform_windowed_pair(&mut self, a: &[f64], b: &[f64]) {
        self.prepare(a.len());
        for (((x, a), b), w) in self.buffer.iter_mut().zip(a).zip(b).zip(&self.hann) {
            *x = Complex32::new((a * w) as f32, (b * w) as f32);
        }
        self.run(Packing::Pair);
    }

    /// Bin `k` of the spectrum of signal `which` of the last transform.
    fn bin(&self, which: usize, k: usize) -> Option<Complex64> {
        let widen = |x: &Complex32| Complex64::new(f64::from(x.re), f64::from(x.im));
        let z = widen(self.buffer.get(k)?);
        match self.packing {
            Packing::Single => Some(z),
            Packing::Pair => {
                let len = self.buffer.len();
                let mirror = widen(self.buffer.get((len - k % len) % len)?).conj();
                Some(if which == 0 {
                    (z + mirror) * 0.5
                } else {
                    (z - mirror) * Complex64::new(0.0, -0.5)
                })
            }
        }
    }

    /// The RMS phasor of the fundamental of the last windowed transform (of one signal).
    pub(crate) fn fundamental(&self, corrections: &Corrections) -> Complex64 {
        self.half_amplitude(0, corrections) * SQRT_2
    }

    /// `z = (A/2)·e^{jθ}` of the fundamental of signal `which`: its bin holds
    /// `z·R(ν−m) + z̄·R(−ν−m)`, solved for `z`.
    fn half_amplitude(&self, which: usize, corrections: &Corrections) -> Complex64 {
        let Some(first) = corrections.orders.first() else {
            return Complex64::default();
        };
        let Some(x) = self.bin(which, first.bin) else {
            return Complex64::default();
        };
        (x * first.own.conj() - x.conj() * first.image) * corrections.inverse_determinant
    }

    /// Writes the RMS phasors of orders `1..=phasors.len()` of signal `which` of the last
    /// windowed transform (the phase is that of a cosine at the first sample).
    pub(crate) fn phasors(
        &self,
        which: usize,
        corrections: &Corrections,
        phasors: &mut [Complex64],
    ) {
        let z = self.half_amplitude(which, corrections);
        for (i, out) in phasors.iter_mut().enumerate() {
            let Some(order) = corrections.orders.get(i) else {
                *out = Complex64::default();
                continue;
            };
            if i == 0 {
                *out = z * SQRT_2;
                continue;
            }
            *out = match self.bin(which, order.bin) {
                Some(x) => {
                    let leak = z * order.leak + z.conj() * order.leak_image;
                    (x - leak) * order.scale
                }
                None => Complex64::default(),
            };
        }
    }

    /// The magnitude of bin `k` of the last transform (of one signal).
    pub(crate) fn magnitude(&self, k: usize) -> f64 {
        self.bin(0, k).map_or(0.0, |x| x.norm())
    }

    /// The number of bins of the last transform up to half its length.
    pub(crate) fn bins(&self) -> usize {
        self.buffer.len() / 2 + 1
    }
}

/// The 5-smooth length (2ᵃ·3ᵇ·5ᶜ) nearest to `target`: the FFT's fast sizes.
pub(crate) fn fast_length(target: f64) -> usize {
    let smooth = |mut n: usize| {
        for p in [2, 3, 5] {
            while n > 0 && n.is_multiple_of(p) {
                n /= p;
            }
        }
        n == 1
    };
    let centre = target.round().max(1.0) as usize;
    for step in 0..centre {
        if smooth(centre + step) {
            let above = centre + step;
            // Prefer the nearer of the two when one below is as close.
            return match (1..=step)
                .find_map(|k| centre.checked_sub(k).filter(|n| *n > 0 && smooth(*n)))
            {
                Some(below) if target - below as f64 <= above as f64 - target => below,
                _ => above,
            };
        }
    }
    centre
}

/// The factors of one window's spectra, shared by all its channels.
pub(crate) struct Corrections {
    inverse_determinant: f64,
    /// Per order (index `h − 1`).
    orders: Vec<OrderCorrection>,
}

struct OrderCorrection {
    /// The bin nearest to the tone.
    bin: usize,
    /// The window's response in that bin to the tone (for the fundamental).
    own: Complex64,
    /// Its response to the tone's negative-frequency image (for the fundamental).
    image: Complex64,
    /// `√2 / own`.
    scale: Complex64,
    /// The response in that bin to the fundamental.
    leak: Complex64,
    /// The response in that bin to the fundamental's image.
    leak_image: Complex64,
}

impl Corrections {
    /// The factors for spectra of `len` samples in which the fundamental completes `cycles`
    /// (fractional) cycles, for orders up to `max_order`.
    pub(crate) fn new(len: usize, cycles: f64, max_order: usize) -> Corrections {
        let m = len as f64;
        let orders: Vec<OrderCorrection> = (1..=max_order)
            .map(|order| {
                let nu = order as f64 * cycles;
                let bin = nu.round().max(0.0) as usize;
                let b = bin as f64;
                let own = hann_response(nu - b, m);
                let image = if order == 1 {
                    hann_response(-nu - b, m)
                } else {
                    Complex64::default()
                };
                let (leak, leak_image) = if order > 1 && order <= LEAKAGE_ORDERS {
                    (hann_response(cycles - b, m), hann_response(-cycles - b, m))
                } else {
                    (Complex64::default(), Complex64::default())
                };
                OrderCorrection {
                    bin,
                    own,
                    image,
                    scale: if own.norm() > 0.0 {
                        SQRT_2 / own
                    } else {
                        Complex64::default()
                    },
                    leak,
                    leak_image,
                }
            })
            .collect();
        let inverse_determinant = orders.first().map_or(0.0, |o| {
            let determinant = o.own.norm_sqr() - o.image.norm_sqr();
            if determinant.abs() < f64::MIN_POSITIVE {
                0.0
            } else {
                1.0 / determinant
            }
        });
        Corrections {
            inverse_determinant,
            orders,
        }
    }
}

/// The response of a bin of an `len`-point DFT of Hann-weighted samples to a unit complex tone
/// `epsilon` bins above it: `½D(ε) − ¼D(ε+1) − ¼D(ε−1)`, with `D` the rectangular response.
/// Since `sin(π(ε±1)) = −sin(πε)` and the phases differ by a constant, the three share one
/// sine and one phase. Near the bin (`|ε| ≤ 2`), `sin(x/L)` is taken as `x/L`, which is off by
/// under 10⁻⁶ of the response for windows of 100 samples or more.
fn hann_response(epsilon: f64, len: f64) -> Complex64 {
    let near = epsilon.abs() <= 2.0 && len >= 100.0;
    let denominator = |e: f64| {
        let x = PI * e / len;
        if near { x } else { x.sin() }
    };
    let s0 = denominator(epsilon);
    let s_above = denominator(epsilon + 1.0);
    let s_below = denominator(epsilon - 1.0);
    if s0.abs() < 1e-12 || s_above.abs() < 1e-12 || s_below.abs() < 1e-12 {
        return dirichlet(epsilon, len) * 0.5
            - dirichlet(epsilon + 1.0, len) * 0.25
            - dirichlet(epsilon - 1.0, len) * 0.25;
    }
    let turn = Complex64::from_polar(1.0, PI * (len - 1.0) / len);
    let sum =
        Complex64::new(0.5 / s0, 0.0) + turn * (0.25 / s_above) + turn.conj() * (0.25 / s_below);
    Complex64::from_polar((PI * epsilon).sin(), PI * epsilon * (len - 1.0) / len) * sum
}

/// `Σ_{n<L} e^{j2πεn/L}`: the response of a bin of an `L`-point DFT to a unit complex tone `ε`
/// bins above it.
fn dirichlet(epsilon: f64, len: f64) -> Complex64 {
    let denominator = (PI * epsilon / len).sin();
    if denominator.abs() < 1e-15 {
        // ε is a multiple of L: every term is 1 (ε = 0) or the sum vanishes otherwise.
        return if epsilon.abs() < 0.5 {
            Complex64::new(len, 0.0)
        } else {
            Complex64::default()
        };
    }
    let magnitude = (PI * epsilon).sin() / denominator;
    Complex64::from_polar(magnitude, PI * epsilon * (len - 1.0) / len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(len: usize, fs: f64, f: f64, rms: f64, phase: f64) -> Vec<f64> {
        (0..len)
            .map(|n| rms * SQRT_2 * (2.0 * PI * f * n as f64 / fs + phase).cos())
            .collect()
    }

    #[test]
    fn fast_lengths_are_the_nearest_made_of_2_3_and_5() {
        assert_eq!(fast_length(2559.0), 2560);
        assert_eq!(fast_length(2538.0), 2560);
        assert_eq!(fast_length(2520.0), 2500);
        assert_eq!(fast_length(2000.4), 2000);
        assert_eq!(fast_length(1555.0), 1536);
    }

    #[test]
    fn tones_between_bins_are_read_with_their_amplitude_and_phase() {
        let fs = 12_800.0;
        let f = 50.37;
        let len = fast_length(10.0 * fs / f);
        let cycles = f * len as f64 / fs;
        let mut samples = tone(len, fs, f, 230.0, 0.4);
        for (n, s) in samples.iter_mut().enumerate() {
            *s += 11.5 * SQRT_2 * (2.0 * PI * 5.0 * f * n as f64 / fs - 1.0).cos();
            *s += 2.3 * SQRT_2 * (2.0 * PI * 2.0 * f * n as f64 / fs + 0.5).cos();
        }
        let mut spectrum = Spectrum::new();
        let other: Vec<f64> = samples.iter().map(|s| -0.5 * s + 3.0).collect();
        spectrum.transform_windowed_pair(&other, &samples);
        let mut phasors = [Complex64::default(); 7];
        spectrum.phasors(1, &Corrections::new(len, cycles, 7), &mut phasors);

        assert!(
            (phasors[0].norm() - 230.0).abs() < 230.0 * 1e-5,
            "{}",
            phasors[0].norm()
        );
        assert!(
            (phasors[0].arg() - 0.4).abs() < 1e-4,
            "{}",
            phasors[0].arg()
        );
        assert!(
            (phasors[1].norm() - 2.3).abs() < 2.3 * 1e-3,
            "{}",
            phasors[1].norm()
        );
        assert!(
            (phasors[4].norm() - 11.5).abs() < 11.5 * 1e-3,
            "{}",
            phasors[4].norm()
        );
        assert!(
            (phasors[4].arg() + 1.0).abs() < 1e-3,
            "{}",
            phasors[4].arg()
        );
        assert!(phasors[2].norm() < 0.01, "{}", phasors[2].norm());
    }
}
