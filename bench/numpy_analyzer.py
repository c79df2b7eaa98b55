"""The analyser benchmark's peer: the per-window pipeline of ems-metering written with numpy.

Reads the record written by `bench_metering --samples FILE` (7 channels of little-endian f64,
channel after channel: u_l1, u_l2, u_l3, i_l1, i_l2, i_l3, i_n) and computes, window by window,
what crates/ems-metering computes, the same way:

- windows of 10 cycles following the frequency, with fractional weights on the first and last
  sample for RMS values and power, and a Hann-weighted real FFT of the 5-smooth length nearest
  to the window, starting at its first sample;
- harmonic phasors of orders 1 to 40 read at their fractional bins and corrected by the Hann
  window's response there, the fundamental solved with its negative-frequency image, its
  leakage removed from the bins of orders 2 to 5;
- per phase: TRMS voltage and current, active power, fundamental reactive power, apparent
  power, power factor, THD to the 31st order, harmonics; line-to-line voltages and their
  harmonics; neutral current; voltage unbalance; one-cycle RMS extremes and the flag;
- the frequency from the phase advance of L1's fundamental between windows;
- energy registers (import / export, per phase, per quadrant) and IEC 61000-4-30 aggregation
  (150 cycles, 10 minutes, 2 hours, 10-second frequency).

The frequency is found at the start from the spectrum's peak, refined by the phase advance
between two spectra of the first 0.35 s, as ems does. Vectorised across channels and orders within a window; the
loop over windows is Python's. Prints JSON: times and the figures ems must agree with.

Usage: numpy_analyzer.py --samples FILE --seconds S --rate HZ [--runs N] [--start-s T]
"""

import argparse
import json
import math
import time

import numpy as np

CYCLES = 10
MAX_ORDER = 40
THD_ORDER = 31
LEAKAGE_ORDERS = 5
NOMINAL = 230.0


def dirichlet(eps, length):
    """Σ_{n<L} e^{j2πεn/L}, elementwise."""
    scalar = np.ndim(eps) == 0
    eps = np.atleast_1d(np.asarray(eps, dtype=float))
    small = np.abs(eps) < 1e-12
    e = np.where(small, 1.0, eps)
    mag = np.sin(np.pi * e) / np.sin(np.pi * e / length)
    out = mag * np.exp(1j * np.pi * e * (length - 1) / length)
    out[small] = length
    return out[0] if scalar else out


def hann_response(eps, length):
    return 0.5 * dirichlet(eps, length) - 0.25 * dirichlet(eps + 1, length) - 0.25 * dirichlet(eps - 1, length)


def fast_length(target):
    """The 5-smooth length nearest to `target`."""

    def smooth(n):
        for p in (2, 3, 5):
            while n > 0 and n % p == 0:
                n //= p
        return n == 1

    centre = max(int(round(target)), 1)
    for step in range(centre):
        if smooth(centre + step):
            above = centre + step
            for k in range(1, step + 1):
                below = centre - k
                if below > 0 and smooth(below):
                    return below if target - below <= above - target else above
            return above
    return centre


HANN = {}


def hann(length):
    if length not in HANN:
        HANN[length] = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(length) / length)
    return HANN[length]


def corrections(length, cycles, max_order=MAX_ORDER):
    """The window's responses for every order, from one vectorised evaluation."""
    orders = np.arange(1, max_order + 1)
    nu = orders * cycles
    bins = np.round(nu).astype(int)
    k = slice(1, min(LEAKAGE_ORDERS, max_order))
    eps = np.concatenate([nu - bins, [-nu[0] - bins[0]], cycles - bins[k], -cycles - bins[k]])
    responses = hann_response(eps, length)
    own = responses[:max_order]
    image = responses[max_order]
    count = len(bins[k])
    leak = np.zeros(max_order, dtype=complex)
    leak_image = np.zeros(max_order, dtype=complex)
    leak[k] = responses[max_order + 1:max_order + 1 + count]
    leak_image[k] = responses[max_order + 1 + count:]
    return {
        "bins": bins,
        "own": own[0],
        "image": image,
        "inv_det": 1.0 / (abs(own[0]) ** 2 - abs(image) ** 2),
        "scale": math.sqrt(2) / own,
        "leak": leak,
        "leak_image": leak_image,
    }


def phasors(spectra, c):
    """RMS phasors of orders 1..40 for each row of `spectra` (rfft of Hann-weighted samples)."""
    x = spectra[:, c["bins"]]
    x1 = x[:, 0]
    z = (x1 * np.conj(c["own"]) - np.conj(x1) * c["image"]) * c["inv_det"]
    leak = z[:, None] * c["leak"][None, :] + np.conj(z)[:, None] * c["leak_image"][None, :]
    out = (x - leak) * c["scale"][None, :]
    out[:, 0] = z * math.sqrt(2)
    return out


def fundamental(samples, cycles):
    c = corrections(len(samples), cycles, 1)
    x1 = np.fft.rfft(samples * hann(len(samples)))[c["bins"][0]]
    z = (x1 * np.conj(c["own"]) - np.conj(x1) * c["image"]) * c["inv_det"]
    return z * math.sqrt(2)


def acquire(reference, fs):
    needed = int(math.ceil(0.35 * fs))
    samples = reference[:needed]
    coarse = int(round(0.2 * fs))
    spectrum = np.abs(np.fft.rfft(samples[:coarse]))
    resolution = fs / coarse
    first = max(int(math.floor(40.0 / resolution)), 1)
    last = min(int(math.ceil(70.0 / resolution)), len(spectrum) - 2)
    peak = first + int(np.argmax(spectrum[first:last + 1]))
    centre, below, above = spectrum[peak], spectrum[peak - 1], spectrum[peak + 1]
    offset = above / (centre + above) if above >= below else -below / (centre + below)
    frequency = (peak + offset) * resolution
    for _ in range(3):
        length = fast_length(CYCLES * fs / frequency)
        shift = needed - length
        cycles = frequency * length / fs
        first_z = fundamental(samples[:length], cycles)
        second_z = fundamental(samples[shift:shift + length], cycles)
        turns = np.angle(second_z / first_z) / (2 * math.pi)
        whole = round(frequency * shift / fs - turns)
        frequency = (turns + whole) * fs / shift
    return frequency


def weighted(x, first, last):
    """Σ w·x over the last axis with fractional end weights."""
    return x.sum(axis=-1) - (1 - first) * x[..., 0] - (1 - last) * x[..., -1]


class Register:
    def __init__(self):
        self.whole = 0
        self.remainder = 0.0

    def add(self, amount):
        if not (amount > 0.0 and math.isfinite(amount)):
            return
        total = self.remainder + amount
        whole = math.floor(total)
        self.whole += int(whole)
        self.remainder = total - whole

    def exact(self):
        return self.whole + self.remainder


class Registers:
    def __init__(self):
        self.active = [Register(), Register()]
        self.reactive = [Register(), Register()]
        self.apparent = Register()
        self.phase_active = [[Register(), Register()] for _ in range(3)]
        self.phase_reactive = [[Register(), Register()] for _ in range(3)]
        self.quadrant = [[Register() for _ in range(4)] for _ in range(3)]
        self.tariff = [Register(), Register()]
        self.on = Register()
        self.run_import = Register()
        self.run_export = Register()

    @staticmethod
    def signed(pair, amount):
        if amount >= 0:
            pair[0].add(amount)
        else:
            pair[1].add(-amount)

    def add(self, duration, p, q, s, pp, qq):
        hours = duration / 3600.0
        a, r, ap = p * hours, q * hours, max(s, 0.0) * hours
        self.signed(self.active, a)
        self.signed(self.reactive, r)
        self.apparent.add(ap)
        for k in range(3):
            self.signed(self.phase_active[k], pp[k] * hours)
            self.signed(self.phase_reactive[k], qq[k] * hours)
        quadrant = (0 if q >= 0 else 3) if p >= 0 else (1 if q >= 0 else 2)
        self.quadrant[0][quadrant].add(abs(a))
        self.quadrant[1][quadrant].add(abs(r))
        self.quadrant[2][quadrant].add(ap)
        if a >= 0:
            self.tariff[0].add(a)
        else:
            self.tariff[1].add(-a)
        self.on.add(duration)
        if p > 1.0:
            self.run_import.add(duration)
        if p < -1.0:
            self.run_export.add(duration)


class Sums:
    """Aggregation sums: RMS of magnitudes, duration-weighted means of powers."""

    def __init__(self):
        self.parts = 0
        self.duration = 0.0
        self.flagged = False
        self.magnitudes2 = None
        self.powers = None
        self.minimum = None
        self.maximum = None

    def add(self, w):
        d = w["duration"]
        self.parts += 1
        self.duration += d
        self.flagged |= w["flagged"]
        m2 = w["magnitudes"] ** 2
        pw = w["powers"] * d
        if self.magnitudes2 is None:
            self.magnitudes2, self.powers = m2, pw
            self.minimum, self.maximum = w["cycle_min"].copy(), w["cycle_max"].copy()
        else:
            self.magnitudes2 = self.magnitudes2 + m2
            self.powers = self.powers + pw
            self.minimum = np.minimum(self.minimum, w["cycle_min"])
            self.maximum = np.maximum(self.maximum, w["cycle_max"])

    def finish(self):
        return {
            "duration": self.duration,
            "flagged": self.flagged,
            "magnitudes": np.sqrt(self.magnitudes2 / self.parts),
            "powers": self.powers / self.duration,
            "cycle_min": self.minimum,
            "cycle_max": self.maximum,
        }


class Aggregator:
    def __init__(self):
        self.short = Sums()
        self.ten = (None, Sums())
        self.two = (None, Sums())
        self.freq = (None, 0.0, 0.0, False)
        self.out = 0

    def add(self, t, w):
        second = math.floor(t)
        index = second // 10
        i, cycles, duration, flagged = self.freq
        if i is not None and i != index:
            if duration > 0:
                self.out += 1
            cycles, duration, flagged = 0.0, 0.0, False
        if w["frequency"] is not None:
            cycles += w["frequency"] * w["duration"]
            duration += w["duration"]
        self.freq = (index, cycles, duration, flagged or w["flagged"])
        index = second // 600
        i, sums = self.ten
        if i is not None and i != index:
            if self.short.parts:
                self.short.finish()
                self.out += 1
            self.short = Sums()
            ten = sums.finish()
            self.out += 1
            two_index = (i * 600) // 7200
            j, two = self.two
            if j is not None and j != two_index:
                two.finish()
                self.out += 1
                two = Sums()
            two.add(ten)
            self.two = (two_index, two)
            sums = Sums()
        sums.add(w)
        self.ten = (index, sums)
        self.short.add(w)
        if self.short.parts == 15:
            self.short.finish()
            self.out += 1
            self.short = Sums()


def analyse(x, fs, start_s):
    """The pipeline over the record `x` (7 × n). Returns the figures to compare."""
    n = x.shape[1]
    reference = x[0]
    frequency = acquire(reference, fs)
    registers = Registers()
    aggregator = Aggregator()
    next_start = 0.0
    last = None
    a_op = np.exp(2j * math.pi / 3)
    lines = np.array([[0, 1], [1, 2], [2, 0]])
    sums = np.zeros(6)
    windows = 0
    while True:
        a = next_start
        b = a + CYCLES * fs / frequency
        n0, n1 = math.floor(a), math.ceil(b)
        r0 = round(a)
        r1 = r0 + fast_length(b - a)
        if max(n1, r1) > n:
            break
        first_w = (n0 + 1) - a
        last_w = b - (n1 - 1)
        seg = x[:, n0:n1]
        v, i, neutral = seg[0:3], seg[3:6], seg[6]
        vv = weighted(v * v, first_w, last_w)
        ii = weighted(i * i, first_w, last_w)
        vi = weighted(v * i, first_w, last_w)
        span = b - a
        voltage = np.sqrt(vv / span)
        current = np.sqrt(ii / span)
        active = vi / span
        apparent = voltage * current
        dv = v[lines[:, 0]] - v[lines[:, 1]]
        line_voltage = np.sqrt(weighted(dv * dv, first_w, last_w) / span)
        neutral_current = math.sqrt(weighted(neutral * neutral, first_w, last_w) / span)
        c = corrections(r1 - r0, frequency * (r1 - r0) / fs)
        spectra = np.fft.rfft(x[0:6, r0:r1] * hann(r1 - r0)[None, :], axis=1)
        ph = phasors(spectra, c)
        vph, iph = ph[0:3], ph[3:6]
        reactive = np.imag(vph[:, 0] * np.conj(iph[:, 0]))
        mags = np.abs(ph)
        thd = 100 * np.sqrt((mags[:, 1:THD_ORDER] ** 2).sum(axis=1)) / mags[:, 0]
        line_mags = np.abs(vph[lines[:, 0]] - vph[lines[:, 1]])
        line_thd = 100 * np.sqrt((line_mags[:, 1:THD_ORDER] ** 2).sum(axis=1)) / line_mags[:, 0]
        pf = active / apparent
        positive = (vph[0, 0] + a_op * vph[1, 0] + a_op * a_op * vph[2, 0]) / 3
        negative = (vph[0, 0] + a_op * a_op * vph[1, 0] + a_op * vph[2, 0]) / 3
        unbalance = 100 * abs(negative) / abs(positive)
        angles = np.degrees(np.angle(ph[:, 0] / vph[0, 0]))
        # One-cycle RMS extremes.
        cycle_len = fs / frequency
        offset = a - n0
        bounds = np.round(offset + np.arange(CYCLES + 1) * cycle_len).astype(int)
        bounds = np.minimum(bounds, v.shape[1])
        squares = np.concatenate([np.zeros((3, 1)), np.cumsum(v * v, axis=1)], axis=1)
        cycle_rms = np.sqrt((squares[:, bounds[1:]] - squares[:, bounds[:-1]]) / np.diff(bounds))
        cycle_min, cycle_max = cycle_rms.min(axis=1), cycle_rms.max(axis=1)
        flagged = bool((cycle_min < 0.9 * NOMINAL).any() or (cycle_max > 1.1 * NOMINAL).any())
        # Frequency from the phase advance.
        z = vph[0, 0]
        measured = frequency
        if last is not None:
            samples = r0 - last[1]
            turns = np.angle(z / last[0]) / (2 * math.pi)
            whole = round(frequency * samples / fs - turns)
            f = (turns + whole) * fs / samples
            if 40.0 <= f <= 70.0:
                measured = f
                frequency = f
        last = (z, r0)
        duration = span / fs
        p, q, s = active.sum(), reactive.sum(), apparent.sum()
        registers.add(duration, p, q, s, active, reactive)
        window = {
            "duration": duration,
            "flagged": flagged,
            "frequency": measured,
            "magnitudes": np.concatenate(
                [voltage, current, line_voltage, [neutral_current, unbalance], thd, line_thd, mags.ravel(), line_mags.ravel()]
            ),
            "powers": np.concatenate([active, reactive, apparent, pf, [p, q, s]]),
            "cycle_min": cycle_min,
            "cycle_max": cycle_max,
            "angles": angles,
        }
        aggregator.add(start_s + a / fs, window)
        windows += 1
        sums += [p, q, voltage[0], thd[3], measured, mags[0, 4]]
        next_start = b
    return {
        "windows": windows,
        "aggregates": aggregator.out,
        "mean_active_power_w": sums[0] / windows,
        "mean_reactive_power_var": sums[1] / windows,
        "mean_voltage_l1_v": sums[2] / windows,
        "mean_current_thd_l1_percent": sums[3] / windows,
        "mean_frequency_hz": sums[4] / windows,
        "mean_voltage_h5_l1_v": sums[5] / windows,
        "active_import_wh": registers.active[0].exact(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--start-s", type=float, default=493000 * 3600.0)
    args = parser.parse_args()
    x = np.fromfile(args.samples, dtype="<f8").reshape(7, -1)
    times = []
    figures = None
    for _ in range(max(args.runs, 1)):
        started = time.perf_counter()
        figures = analyse(x, args.rate, args.start_s)
        times.append(time.perf_counter() - started)
    times.sort()
    median = times[len(times) // 2]
    print(
        json.dumps(
            {
                "implementation": f"numpy {np.__version__} (Python {'.'.join(map(str, __import__('sys').version_info[:3]))})",
                "seconds_of_signal": args.seconds,
                "sample_rate_hz": args.rate,
                "channels": 7,
                "runs": len(times),
                "best_s": times[0],
                "median_s": median,
                "times_real_time": args.seconds / median,
                "figures": figures,
            }
        )
    )


if __name__ == "__main__":
    main()
