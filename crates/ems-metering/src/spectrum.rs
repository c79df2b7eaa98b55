//! Harmonic phasors of one measurement window, by a real FFT over the window's samples.
//!
//! A window spans (nearly) a whole number of cycles `N` of the fundamental, but its length `L`
//! is a whole number of samples, so the fundamental sits at the fractional bin `N + δ` with
//! `δ = f·L/fs − N`, and harmonic `h` at `h·N + h·δ`. The bin `h·N` of a rectangular window then
//! holds the tone scaled and turned by the Dirichlet kernel
//! `D(ε) = e^{jπε(L−1)/L} · sin(πε) / sin(πε/L)` at `ε = h·δ`; dividing by it restores the
//! tone's amplitude and its phase at the window's first sample. With `|δ|` under half a sample
//! in `L`, the correction is at most a few per cent at the 40th order and negligible at the
//! fundamental; what it cannot remove (the leakage of the other tones, a few parts in 10⁵ of
//! the fundamental) is far below the accuracy IEC 61000-4-7 asks for.

use realfft::num_complex::Complex64;
use realfft::{RealFftPlanner, RealToComplex};
use std::f64::consts::PI;
use std::sync::Arc;

/// Plans kept before the planner is started afresh: windows follow the frequency, so their
/// lengths vary a little; a stable supply needs two or three.
const MAX_PLANS: usize = 64;

/// Computes harmonic phasors of windows of any length, reusing plans and buffers.
pub(crate) struct Spectrum {
    planner: RealFftPlanner<f64>,
    plans: usize,
    plan: Option<Arc<dyn RealToComplex<f64>>>,
    input: Vec<f64>,
    output: Vec<Complex64>,
    scratch: Vec<Complex64>,
}

impl Spectrum {
    pub(crate) fn new() -> Self {
        Spectrum {
            planner: RealFftPlanner::new(),
            plans: 0,
            plan: None,
            input: Vec::new(),
            output: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn prepare(&mut self, len: usize) {
        if self.plan.as_ref().is_some_and(|p| p.len() == len) {
            return;
        }
        if self.plans >= MAX_PLANS {
            self.planner = RealFftPlanner::new();
            self.plans = 0;
        }
        self.plans += 1;
        let plan = self.planner.plan_fft_forward(len);
        self.input.resize(len, 0.0);
        self.output.resize(plan.complex_len(), Complex64::default());
        self.scratch
            .resize(plan.get_scratch_len(), Complex64::default());
        self.plan = Some(plan);
    }

    /// The spectrum of `samples`; `bin(m)` then reads it.
    pub(crate) fn transform(&mut self, samples: &[f64]) {
        self.prepare(samples.len());
        self.input.copy_from_slice(samples);
        if let Some(plan) = &self.plan {
            // Lengths match by construction; an error here would be a bug in `prepare`.
            let _ = plan.process_with_scratch(&mut self.input, &mut self.output, &mut self.scratch);
        }
    }

    /// The RMS phasor of the fundamental of the last transform, at bin `cycles`, offset by
    /// `delta` (cycles in the window minus `cycles`); the phase is that of a cosine at the
    /// window's first sample. The leakage of the tone's own negative-frequency image is
    /// removed: the bin holds `z·D(δ) + z̄·D(−2N−δ)`, solved for `z`.
    pub(crate) fn fundamental(&self, cycles: usize, delta: f64) -> Complex64 {
        let corrections = Corrections::new(self.input.len(), cycles, delta, 1);
        self.half_amplitude(&corrections) * std::f64::consts::SQRT_2
    }

    /// `z = (A/2)·e^{jθ}` of the fundamental (see [`Spectrum::fundamental`]).
    fn half_amplitude(&self, corrections: &Corrections) -> Complex64 {
        let Some(&x) = self.output.get(corrections.cycles) else {
            return Complex64::default();
        };
        (x * corrections.own.conj() - x.conj() * corrections.image)
            * corrections.inverse_determinant
    }

    /// Writes the RMS phasors of orders `1..=phasors.len()` of the last transform, whose length
    /// and offset `corrections` were made for: the tone of order `h` at bin `h·cycles`,
    /// corrected for the window's offset, after removing what the fundamental (and its image)
    /// leaks into that bin. The phase is that of a cosine at the window's first sample.
    pub(crate) fn phasors(&self, corrections: &Corrections, phasors: &mut [Complex64]) {
        let z = self.half_amplitude(corrections);
        for (i, out) in phasors.iter_mut().enumerate() {
            if i == 0 {
                *out = z * std::f64::consts::SQRT_2;
                continue;
            }
            let bin = (i + 1) * corrections.cycles;
            *out = match (self.output.get(bin), corrections.orders.get(i)) {
                (Some(&x), Some(order)) => {
                    let leak = z * order.leak + z.conj() * order.leak_image;
                    (x - leak) * order.scale
                }
                _ => Complex64::default(),
            };
        }
    }

    /// The magnitude of bin `bin` of the last transform (for the search of the fundamental).
    pub(crate) fn magnitude(&self, bin: usize) -> f64 {
        self.output.get(bin).map_or(0.0, |x| x.norm())
    }

    /// The number of bins of the last transform.
    pub(crate) fn bins(&self) -> usize {
        self.output.len()
    }
}

/// The factors of one window's length and offset, shared by all its channels.
pub(crate) struct Corrections {
    cycles: usize,
    /// `D(δ)`: the fundamental's response in its bin.
    own: Complex64,
    /// `D(−2N−δ)`: its image's response there.
    image: Complex64,
    inverse_determinant: f64,
    /// Per order (index `h − 1`).
    orders: Vec<OrderCorrection>,
}

struct OrderCorrection {
    /// `√2 / D(h·δ)`.
    scale: Complex64,
    /// The fundamental's response in bin `h·N`.
    leak: Complex64,
    /// Its image's response there.
    leak_image: Complex64,
}

impl Corrections {
    /// The factors for windows of `len` samples holding `cycles + delta` cycles, for orders up
    /// to `max_order`.
    pub(crate) fn new(len: usize, cycles: usize, delta: f64, max_order: usize) -> Corrections {
        let len = len as f64;
        let n = cycles as f64;
        let own = dirichlet(delta, len);
        let image = dirichlet(-2.0 * n - delta, len);
        let determinant = own.norm_sqr() - image.norm_sqr();
        let inverse_determinant = if determinant.abs() < f64::MIN_POSITIVE {
            0.0
        } else {
            1.0 / determinant
        };
        let orders = (1..=max_order)
            .map(|order| {
                let m = (order * cycles) as f64;
                OrderCorrection {
                    scale: std::f64::consts::SQRT_2 / dirichlet(order as f64 * delta, len),
                    leak: dirichlet(n + delta - m, len),
                    leak_image: dirichlet(-n - delta - m, len),
                }
            })
            .collect();
        Corrections {
            cycles,
            own,
            image,
            inverse_determinant,
            orders,
        }
    }
}

/// `Σ_{n<L} e^{j2πεn/L}`: the response of bin `m` of an `L`-point DFT to a unit complex tone at
/// bin `m + ε`.
fn dirichlet(epsilon: f64, len: f64) -> Complex64 {
    if epsilon.abs() < 1e-12 {
        return Complex64::new(len, 0.0);
    }
    let magnitude = (PI * epsilon).sin() / (PI * epsilon / len).sin();
    Complex64::from_polar(magnitude, PI * epsilon * (len - 1.0) / len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(len: usize, fs: f64, f: f64, rms: f64, phase: f64) -> Vec<f64> {
        (0..len)
            .map(|n| rms * 2f64.sqrt() * (2.0 * PI * f * n as f64 / fs + phase).cos())
            .collect()
    }

    #[test]
    fn a_tone_between_bins_is_read_with_its_amplitude_and_phase() {
        let fs = 12_800.0;
        let f = 50.37;
        let cycles = 10;
        let len = (cycles as f64 * fs / f).round() as usize;
        let delta = f * len as f64 / fs - cycles as f64;
        let mut samples = tone(len, fs, f, 230.0, 0.4);
        for (n, s) in samples.iter_mut().enumerate() {
            *s += 11.5 * 2f64.sqrt() * (2.0 * PI * 5.0 * f * n as f64 / fs - 1.0).cos();
        }
        let mut spectrum = Spectrum::new();
        spectrum.transform(&samples);
        let mut phasors = [Complex64::default(); 7];
        spectrum.phasors(&Corrections::new(len, cycles, delta, 7), &mut phasors);

        assert!(
            (phasors[0].norm() - 230.0).abs() < 230.0 * 2e-5,
            "{}",
            phasors[0].norm()
        );
        assert!(
            (phasors[0].arg() - 0.4).abs() < 1e-4,
            "{}",
            phasors[0].arg()
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
