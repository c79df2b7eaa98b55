//! `ems analyze`: COMTRADE records written here from synthetic signals with analytic truth
//! (1999 ASCII and BINARY pairs, a 2013 BINARY `.cff`, with realistic `a`/`b` scaling, a
//! channel in kV, a current stored as secondary amperes with its CT ratings, a channel of
//! another unit), measured by the `ems` binary and compared with the truth within the issue's
//! tolerances: power 0.1 %, voltage and current 0.05 %, fundamental reactive power 0.5 %, THD
//! and harmonic percentages 0.1 points, energy = P × duration 0.1 %. Then wiring inference, the
//! windows, the table, and every error a user can meet, each with the file it is about.
//!
//! Run with `cargo test -p ems --test system analyze -- --nocapture` to see the deviations from
//! the truth. The peer record test runs `scripts/comtrade-peer.py` with the Python of
//! `target/test-peers/venv` (installed by `scripts/test-deps.sh`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::ems;
use serde_json::Value;
use std::f64::consts::{PI, SQRT_2};
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// Phasors and signals

/// A complex RMS phasor.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Phasor {
    re: f64,
    im: f64,
}

impl Phasor {
    fn polar(rms: f64, angle: f64) -> Phasor {
        Phasor {
            re: rms * angle.cos(),
            im: rms * angle.sin(),
        }
    }
    fn add(self, o: Phasor) -> Phasor {
        Phasor {
            re: self.re + o.re,
            im: self.im + o.im,
        }
    }
    fn sub(self, o: Phasor) -> Phasor {
        Phasor {
            re: self.re - o.re,
            im: self.im - o.im,
        }
    }
    fn neg(self) -> Phasor {
        Phasor {
            re: -self.re,
            im: -self.im,
        }
    }
    fn norm(self) -> f64 {
        self.re.hypot(self.im)
    }
    fn angle(self) -> f64 {
        self.im.atan2(self.re)
    }
    /// `self · conj(o)`: complex power when `self` is a voltage and `o` a current.
    fn times_conj(self, o: Phasor) -> Phasor {
        Phasor {
            re: self.re * o.re + self.im * o.im,
            im: self.im * o.re - self.re * o.im,
        }
    }
}

/// A signal as the sum of harmonic phasors: `(order, RMS phasor)`; the sample at `t` is
/// `Σ √2·|X|·cos(2π·h·f·t + arg X)`.
#[derive(Debug, Clone)]
struct Tones(Vec<(usize, Phasor)>);

impl Tones {
    fn at(&self, t: f64, f: f64) -> f64 {
        self.0
            .iter()
            .map(|(h, x)| SQRT_2 * x.norm() * (2.0 * PI * *h as f64 * f * t + x.angle()).cos())
            .sum()
    }
    fn peak(&self) -> f64 {
        self.0.iter().map(|(_, x)| SQRT_2 * x.norm()).sum()
    }
    fn order(&self, h: usize) -> Phasor {
        self.0
            .iter()
            .filter(|(o, _)| *o == h)
            .fold(Phasor::polar(0.0, 0.0), |s, (_, x)| s.add(*x))
    }
    fn orders(&self) -> Vec<usize> {
        let mut orders: Vec<usize> = self.0.iter().map(|(h, _)| *h).collect();
        orders.sort_unstable();
        orders.dedup();
        orders
    }
    fn rms(&self) -> f64 {
        self.orders()
            .iter()
            .map(|h| self.order(*h).norm().powi(2))
            .sum::<f64>()
            .sqrt()
    }
    fn thd_percent(&self) -> f64 {
        let distortion: f64 = self
            .orders()
            .iter()
            .filter(|h| **h > 1)
            .map(|h| self.order(*h).norm().powi(2))
            .sum();
        100.0 * distortion.sqrt() / self.order(1).norm()
    }
    fn minus(&self, o: &Tones) -> Tones {
        let mut orders = self.orders();
        orders.extend(o.orders());
        orders.sort_unstable();
        orders.dedup();
        Tones(
            orders
                .into_iter()
                .map(|h| (h, self.order(h).sub(o.order(h))))
                .collect(),
        )
    }
}

/// What one phase truly carries, and what the analyser must find for it.
struct PhaseTruth {
    voltage: Tones,
    current: Tones,
}

impl PhaseTruth {
    fn active_power(&self) -> f64 {
        let mut orders = self.voltage.orders();
        orders.extend(self.current.orders());
        orders.sort_unstable();
        orders.dedup();
        orders
            .iter()
            .map(|h| self.voltage.order(*h).times_conj(self.current.order(*h)).re)
            .sum()
    }
    fn reactive_power(&self) -> f64 {
        self.voltage.order(1).times_conj(self.current.order(1)).im
    }
    fn apparent_power(&self) -> f64 {
        self.voltage.rms() * self.current.rms()
    }
}

// ---------------------------------------------------------------------------------------------
// A small COMTRADE writer

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Ascii,
    Binary,
}

/// One analog channel: its cfg fields and its signal in primary volts or amperes.
struct Signal {
    id: &'static str,
    ph: &'static str,
    /// `uu` as written.
    unit: &'static str,
    /// Volts or amperes per unit as written (1000 for kV).
    unit_factor: f64,
    /// `Some((primary, secondary))` for a channel stored as secondary values (`PS = S`).
    transformer: Option<(f64, f64)>,
    tones: Tones,
}

impl Signal {
    fn new(id: &'static str, ph: &'static str, unit: &'static str, tones: Tones) -> Signal {
        Signal {
            id,
            ph,
            unit,
            unit_factor: if unit.starts_with('k') { 1000.0 } else { 1.0 },
            transformer: None,
            tones,
        }
    }

    fn secondary(mut self, primary: f64, secondary: f64) -> Signal {
        self.transformer = Some((primary, secondary));
        self
    }

    /// Primary units per `a·x + b` unit.
    fn scale(&self) -> f64 {
        self.unit_factor * self.transformer.map_or(1.0, |(p, s)| p / s)
    }
}

struct Spec {
    revision: u16,
    format: Format,
    frequency_hz: f64,
    rate_hz: f64,
    samples: usize,
    signals: Vec<Signal>,
}

/// The largest raw value written (a 16-bit recorder's range).
const RAW_MAX: f64 = 32_767.0;

impl Spec {
    /// The `.cfg` text and the `.dat` bytes.
    fn write(&self) -> (String, Vec<u8>) {
        // a: the peak uses 90 % of the raw range; b: an offset of 12.5 raw steps, which the
        // raw values make up for (a recorder's ADC offset correction).
        let scaling: Vec<(f64, f64)> = self
            .signals
            .iter()
            .map(|s| {
                let peak = s.tones.peak() / s.scale();
                if peak == 0.0 {
                    (1e-4, 0.0)
                } else {
                    let a = peak / (0.9 * RAW_MAX);
                    (a, 12.5 * a)
                }
            })
            .collect();
        let n = self.signals.len();
        let mut cfg = format!(
            "Test substation,ems analyze test,{}\r\n{n},{n}A,0D\r\n",
            self.revision
        );
        for (k, (s, (a, b))) in self.signals.iter().zip(&scaling).enumerate() {
            let (primary, secondary, ps) = match s.transformer {
                Some((p, q)) => (p, q, "S"),
                None => (1.0, 1.0, "P"),
            };
            cfg += &format!(
                "{},{},{},Feeder 1,{},{a:e},{b:e},0,{},{},{primary},{secondary},{ps}\r\n",
                k + 1,
                s.id,
                s.ph,
                s.unit,
                -RAW_MAX,
                RAW_MAX
            );
        }
        cfg += &format!(
            "{}\r\n1\r\n{},{}\r\n01/03/2024,12:00:00.000000\r\n01/03/2024,12:00:00.100000\r\n{}\r\n1\r\n",
            self.frequency_hz,
            self.rate_hz,
            self.samples,
            match self.format {
                Format::Ascii => "ASCII",
                Format::Binary => "BINARY",
            }
        );
        if self.revision == 2013 {
            cfg += "0,0\r\n0,3\r\n";
        }
        let mut dat = Vec::new();
        for i in 0..self.samples {
            let t = i as f64 / self.rate_hz;
            let raw: Vec<i32> = self
                .signals
                .iter()
                .zip(&scaling)
                .map(|(s, (a, b))| {
                    let x = ((s.tones.at(t, self.frequency_hz) / s.scale() - b) / a).round();
                    assert!(x.abs() <= RAW_MAX, "{} overflows", s.id);
                    x as i32
                })
                .collect();
            let stamp = (t * 1e6).round() as u32;
            match self.format {
                Format::Ascii => {
                    let values: Vec<String> = raw.iter().map(i32::to_string).collect();
                    dat.extend_from_slice(
                        format!("{},{stamp},{}\r\n", i + 1, values.join(",")).as_bytes(),
                    );
                }
                Format::Binary => {
                    dat.extend_from_slice(&(i as u32 + 1).to_le_bytes());
                    dat.extend_from_slice(&stamp.to_le_bytes());
                    for x in raw {
                        dat.extend_from_slice(&(x as i16).to_le_bytes());
                    }
                }
            }
        }
        (cfg, dat)
    }

    /// Writes `NAME.cfg` and `NAME.dat` in `dir`; returns the `.cfg`'s path.
    fn write_pair(&self, dir: &Path, name: &str) -> PathBuf {
        let (cfg, dat) = self.write();
        let path = dir.join(format!("{name}.cfg"));
        std::fs::write(&path, cfg).unwrap();
        std::fs::write(dir.join(format!("{name}.dat")), dat).unwrap();
        path
    }

    /// Writes `NAME.cff` (2013 single file) in `dir`.
    fn write_cff(&self, dir: &Path, name: &str) -> PathBuf {
        let (cfg, dat) = self.write();
        let format = match self.format {
            Format::Ascii => "ASCII",
            Format::Binary => "BINARY",
        };
        let mut bytes = format!(
            "--- file type: CFG ---\r\n{cfg}--- file type: DAT {format}: {} ---\r\n",
            dat.len()
        )
        .into_bytes();
        bytes.extend_from_slice(&dat);
        let path = dir.join(format!("{name}.cff"));
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

// ---------------------------------------------------------------------------------------------
// The records

const RATE_50: f64 = 12_800.0;
const LAG_PF_08: f64 = 0.643_501_108_793_284_4; // acos(0.8)

fn rotation(k: usize) -> f64 {
    -2.0 * PI * k as f64 / 3.0
}

/// 3p4w, 50 Hz: 230 V and 5 A at PF 0.8 inductive per phase, with a 5th harmonic of 4 % in
/// the voltage and 20 % in the current (negative sequence, as 5th harmonics are).
fn four_wire_truth() -> Vec<PhaseTruth> {
    (0..3)
        .map(|k| {
            let r = rotation(k);
            PhaseTruth {
                voltage: Tones(vec![
                    (1, Phasor::polar(230.0, r)),
                    (5, Phasor::polar(9.2, 5.0 * r + 0.4)),
                ]),
                current: Tones(vec![
                    (1, Phasor::polar(5.0, r - LAG_PF_08)),
                    (5, Phasor::polar(1.0, 5.0 * r + 0.4 - PI / 6.0)),
                ]),
            }
        })
        .collect()
}

/// 2.05 s: ten whole 200 ms windows and a tail shorter than one.
const FOUR_WIRE_SAMPLES: usize = 26_240;

fn four_wire_spec(format: Format) -> Spec {
    let truth = four_wire_truth();
    let [l1, l2, l3] = [&truth[0], &truth[1], &truth[2]];
    Spec {
        revision: 1999,
        format,
        frequency_hz: 50.0,
        rate_hz: RATE_50,
        samples: FOUR_WIRE_SAMPLES,
        signals: vec![
            Signal::new("UL1", "A", "kV", l1.voltage.clone()),
            Signal::new("UL2", "B", "V", l2.voltage.clone()),
            Signal::new("UL3", "C", "V", l3.voltage.clone()),
            Signal::new("IL1", "A", "A", l1.current.clone()),
            Signal::new("IL2", "B", "A", l2.current.clone()).secondary(100.0, 5.0),
            Signal::new("IL3", "C", "A", l3.current.clone()),
            Signal::new("Freq", "", "Hz", Tones(vec![(0, Phasor::polar(50.0, 0.0))])),
        ],
    }
}

/// 3p3w, 50 Hz, balanced 230 V to the star point, seen only through U12 and U23; unequal
/// currents seen only in L1 and L3 (L2 is their negative sum).
fn three_wire_truth() -> Vec<PhaseTruth> {
    let i1 = Phasor::polar(5.0, rotation(0) - LAG_PF_08);
    let i3 = Phasor::polar(4.0, rotation(2) - 0.35);
    let i2 = i1.add(i3).neg();
    [i1, i2, i3]
        .into_iter()
        .enumerate()
        .map(|(k, i)| PhaseTruth {
            voltage: Tones(vec![(1, Phasor::polar(230.0, rotation(k)))]),
            current: Tones(vec![(1, i)]),
        })
        .collect()
}

fn three_wire_spec() -> Spec {
    let truth = three_wire_truth();
    Spec {
        revision: 1999,
        format: Format::Ascii,
        frequency_hz: 50.0,
        rate_hz: RATE_50,
        samples: 13_440, // 1.05 s
        signals: vec![
            Signal::new("U12", "AB", "V", truth[0].voltage.minus(&truth[1].voltage)),
            Signal::new("U23", "BC", "V", truth[1].voltage.minus(&truth[2].voltage)),
            Signal::new("IA", "A", "A", truth[0].current.clone()),
            Signal::new("IC", "C", "A", truth[2].current.clone()),
        ],
    }
}

/// 2p3w, 60 Hz, 120/240 V: L1 10 A at PF 0.9 inductive, L2 6 A resistive.
fn split_phase_truth() -> Vec<PhaseTruth> {
    vec![
        PhaseTruth {
            voltage: Tones(vec![(1, Phasor::polar(120.0, 0.0))]),
            current: Tones(vec![(1, Phasor::polar(10.0, -0.9f64.acos()))]),
        },
        PhaseTruth {
            voltage: Tones(vec![(1, Phasor::polar(120.0, PI))]),
            current: Tones(vec![(1, Phasor::polar(6.0, PI))]),
        },
    ]
}

fn split_phase_spec() -> Spec {
    let truth = split_phase_truth();
    Spec {
        revision: 2013,
        format: Format::Binary,
        frequency_hz: 60.0,
        rate_hz: 15_360.0,
        samples: 23_040, // 1.5 s
        signals: vec![
            Signal::new("VAN", "A", "V", truth[0].voltage.clone()),
            Signal::new("VBN", "B", "V", truth[1].voltage.clone()),
            Signal::new("IA", "A", "A", truth[0].current.clone()),
            Signal::new("IB", "B", "A", truth[1].current.clone()),
        ],
    }
}

/// 1p2w, 50 Hz, 230 V and no current at all, for `samples` samples at 12.8 kHz.
fn idle_single_phase_spec(samples: usize) -> Spec {
    Spec {
        revision: 1999,
        format: Format::Binary,
        frequency_hz: 50.0,
        rate_hz: RATE_50,
        samples,
        signals: vec![
            Signal::new("Va", "", "V", Tones(vec![(1, Phasor::polar(230.0, 0.3))])),
            Signal::new("Ia", "", "A", Tones(vec![(1, Phasor::polar(0.0, 0.0))])),
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// Running and checking

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn analyze_json(args: &[&str]) -> Value {
    let mut all = vec!["analyze"];
    all.extend_from_slice(args);
    all.push("--json");
    let (ok, out, err) = ems(&all);
    assert!(ok, "ems {all:?} failed: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// Runs `ems analyze ARGS`, which must fail; returns its standard error.
fn analyze_error(args: &[&str]) -> String {
    let mut all = vec!["analyze"];
    all.extend_from_slice(args);
    let (ok, out, err) = ems(&all);
    assert!(!ok, "ems {all:?} succeeded:\n{out}");
    assert!(out.is_empty(), "nothing on standard output on error: {out}");
    err
}

fn number(value: &Value, pointer: &str) -> f64 {
    value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} is not a number in {value:#}"))
}

/// `got` within `relative` of `truth`; prints the deviation for the record.
fn assert_relative(what: &str, got: f64, truth: f64, relative: f64) {
    let deviation = (got - truth) / truth;
    println!("{what:<44} {got:>14.6} truth {truth:>14.6} deviation {deviation:+.2e}");
    assert!(
        deviation.abs() <= relative,
        "{what}: {got} against {truth}: {deviation:+.3e} is beyond {relative:e}"
    );
}

/// `got` within `absolute` of `truth`.
fn assert_absolute(what: &str, got: f64, truth: f64, absolute: f64) {
    let deviation = got - truth;
    println!("{what:<44} {got:>14.6} truth {truth:>14.6} deviation {deviation:+.2e}");
    assert!(
        deviation.abs() <= absolute,
        "{what}: {got} against {truth}: {deviation:+.3e} is beyond {absolute}"
    );
}

fn keys(value: &Value, pointer: &str) -> Vec<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{pointer} is not an object in {value:#}"))
        .keys()
        .cloned()
        .collect()
}

/// Checks the phases of a report against the truth with the tolerances.
fn check_phases(report: &Value, truth: &[PhaseTruth], names: &[&str]) {
    assert_eq!(keys(report, "/phases"), names);
    for (t, name) in truth.iter().zip(names) {
        let at = |key: &str| number(report, &format!("/phases/{name}/{key}"));
        assert_relative(
            &format!("{name} voltage"),
            at("voltage_v"),
            t.voltage.rms(),
            5e-4,
        );
        assert_relative(
            &format!("{name} current"),
            at("current_a"),
            t.current.rms(),
            5e-4,
        );
        assert_relative(
            &format!("{name} active power"),
            at("active_power_w"),
            t.active_power(),
            1e-3,
        );
        // A reactive power of zero is checked against the apparent power instead.
        let q = t.reactive_power();
        if q.abs() > 1e-6 * t.apparent_power() {
            assert_relative(
                &format!("{name} fundamental reactive power"),
                at("reactive_power_var"),
                q,
                5e-3,
            );
        } else {
            assert_absolute(
                &format!("{name} fundamental reactive power (truth 0)"),
                at("reactive_power_var"),
                q,
                5e-3 * t.apparent_power(),
            );
        }
        assert_relative(
            &format!("{name} apparent power"),
            at("apparent_power_va"),
            t.apparent_power(),
            1e-3,
        );
        assert_absolute(
            &format!("{name} power factor"),
            at("power_factor"),
            t.active_power() / t.apparent_power(),
            1e-3,
        );
        assert_absolute(
            &format!("{name} voltage THD %"),
            at("voltage_thd_percent"),
            t.voltage.thd_percent(),
            0.1,
        );
        assert_absolute(
            &format!("{name} current THD %"),
            at("current_thd_percent"),
            t.current.thd_percent(),
            0.1,
        );
        for (key, tones) in [
            ("voltage_harmonics_percent", &t.voltage),
            ("current_harmonics_percent", &t.current),
        ] {
            let percent: Vec<f64> = report
                .pointer(&format!("/phases/{name}/{key}"))
                .and_then(Value::as_array)
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert_eq!(percent.len(), 31, "{name} {key}: orders 1 to 31");
            assert_eq!(percent[0], 100.0, "{name} {key}: order 1 is 100");
            for (h, got) in percent.iter().enumerate().skip(1) {
                let order = h + 1;
                let truth = 100.0 * tones.order(order).norm() / tones.order(1).norm();
                if truth > 0.0 {
                    assert_absolute(&format!("{name} {key}[{order}]"), *got, truth, 0.1);
                } else {
                    assert!(*got < 0.05, "{name} {key}: order {order} is {got} %");
                }
            }
        }
    }
}

fn check_system(report: &Value, truth: &[PhaseTruth]) -> (f64, f64, f64) {
    let p: f64 = truth.iter().map(PhaseTruth::active_power).sum();
    let q: f64 = truth.iter().map(PhaseTruth::reactive_power).sum();
    let s: f64 = truth.iter().map(PhaseTruth::apparent_power).sum();
    assert_relative(
        "system active power",
        number(report, "/system/active_power_w"),
        p,
        1e-3,
    );
    assert_relative(
        "system fundamental reactive power",
        number(report, "/system/reactive_power_var"),
        q,
        5e-3,
    );
    assert_relative(
        "system apparent power",
        number(report, "/system/apparent_power_va"),
        s,
        1e-3,
    );
    assert_absolute(
        "system power factor",
        number(report, "/system/power_factor"),
        p / s,
        1e-3,
    );
    (p, q, s)
}

/// The sum of the windows' durations, from `--windows`.
fn windows_duration(report: &Value) -> f64 {
    report["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["duration_s"].as_f64().unwrap())
        .sum()
}

fn check_energy(report: &Value, (p, q, s): (f64, f64, f64), duration_s: f64) {
    let hours = duration_s / 3600.0;
    assert_relative(
        "active import energy Wh",
        number(report, "/energy/active_import_wh"),
        p * hours,
        1e-3,
    );
    assert_eq!(number(report, "/energy/active_export_wh"), 0.0);
    assert_relative(
        "reactive import energy varh",
        number(report, "/energy/reactive_import_varh"),
        q * hours,
        5e-3,
    );
    assert_eq!(number(report, "/energy/reactive_export_varh"), 0.0);
    assert_relative(
        "apparent energy VAh",
        number(report, "/energy/apparent_vah"),
        s * hours,
        1e-3,
    );
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn a_three_phase_four_wire_record_measures_as_its_analytic_truth_in_ascii_and_binary() {
    let dir = tempfile::tempdir().unwrap();
    let truth = four_wire_truth();
    for (format, name) in [(Format::Binary, "binary"), (Format::Ascii, "ascii")] {
        println!("-- 3p4w, 50 Hz, 1999 {name}");
        let cfg = four_wire_spec(format).write_pair(dir.path(), name);
        let report = analyze_json(&[path_str(&cfg), "--windows"]);
        let top = keys(&report, "");
        assert_eq!(
            top,
            [
                "energy",
                "frequency_hz",
                "line_voltages_v",
                "phases",
                "record",
                "system",
                "windows"
            ]
        );
        assert_eq!(number(&report, "/record/sample_rate_hz"), RATE_50);
        assert_eq!(number(&report, "/record/samples"), FOUR_WIRE_SAMPLES as f64);
        assert_absolute(
            "record duration s",
            number(&report, "/record/duration_s"),
            2.05,
            1e-12,
        );
        assert_absolute(
            "frequency Hz",
            number(&report, "/frequency_hz"),
            50.0,
            0.001,
        );
        check_phases(&report, &truth, &["L1", "L2", "L3"]);
        assert_eq!(
            keys(&report, "/line_voltages_v"),
            ["L1-L2", "L2-L3", "L3-L1"]
        );
        for pair in ["L1-L2", "L2-L3", "L3-L1"] {
            assert_relative(
                &format!("{pair} voltage"),
                number(&report, &format!("/line_voltages_v/{pair}")),
                3f64.sqrt() * truth[0].voltage.rms(),
                5e-4,
            );
        }
        let powers = check_system(&report, &truth);
        let neutral = number(&report, "/system/neutral_current_a");
        println!("neutral current (truth 0)                    {neutral:.6} A");
        assert!(
            neutral < 0.01,
            "a balanced system: {neutral} A in the neutral"
        );
        let unbalance = number(&report, "/system/voltage_unbalance_percent");
        println!("voltage unbalance (truth 0)                  {unbalance:.6} %");
        assert!(unbalance < 0.01, "{unbalance} %");

        // Energy over the windows: ten of 200 ms; the last 50 ms make no window.
        let windows = report["windows"].as_array().unwrap();
        assert_eq!(windows.len(), 10);
        let measured = windows_duration(&report);
        assert_absolute("windows' duration s", measured, 2.0, 1e-4);
        check_energy(&report, powers, measured);
        check_energy(&report, powers, 2.0);
    }
}

#[test]
fn a_three_wire_record_of_two_line_voltages_and_two_currents_has_star_point_phases_and_no_neutral()
{
    let dir = tempfile::tempdir().unwrap();
    let cfg = three_wire_spec().write_pair(dir.path(), "aron");
    let truth = three_wire_truth();
    println!("-- 3p3w, 50 Hz, 1999 ASCII, U12 U23 IA IC");
    let report = analyze_json(&[path_str(&cfg), "--wiring", "3p3w"]);
    // No line-to-neutral voltage is claimed: the phases' voltages are to the virtual star
    // point (here the true one, the voltages being balanced), L2's current is computed.
    check_phases(&report, &truth, &["L1", "L2", "L3"]);
    for pair in ["L1-L2", "L2-L3", "L3-L1"] {
        assert_relative(
            &format!("{pair} voltage"),
            number(&report, &format!("/line_voltages_v/{pair}")),
            230.0 * 3f64.sqrt(),
            5e-4,
        );
    }
    check_system(&report, &truth);
    assert!(report["system"]["neutral_current_a"].is_null());
    let unbalance = number(&report, "/system/voltage_unbalance_percent");
    assert!(unbalance < 0.01, "{unbalance} %");

    // The same without --wiring: line-to-line voltages only make 3p3w.
    let inferred = analyze_json(&[path_str(&cfg)]);
    assert_eq!(inferred["phases"], report["phases"]);
}

#[test]
fn a_sixty_hertz_split_phase_cff_record_is_measured_in_windows_of_twelve_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let cff = split_phase_spec().write_cff(dir.path(), "split");
    let truth = split_phase_truth();
    println!("-- 2p3w, 60 Hz, 2013 BINARY .cff");
    let report = analyze_json(&[path_str(&cff), "--windows"]);
    assert_absolute(
        "frequency Hz",
        number(&report, "/frequency_hz"),
        60.0,
        0.001,
    );
    check_phases(&report, &truth, &["L1", "L2"]);
    assert_eq!(keys(&report, "/line_voltages_v"), ["L1-L2"]);
    assert_relative(
        "L1-L2 voltage",
        number(&report, "/line_voltages_v/L1-L2"),
        240.0,
        5e-4,
    );
    let powers = check_system(&report, &truth);
    let neutral = truth[0].current.order(1).add(truth[1].current.order(1));
    assert_relative(
        "neutral current (computed)",
        number(&report, "/system/neutral_current_a"),
        neutral.norm(),
        5e-4,
    );
    assert!(report["system"]["voltage_unbalance_percent"].is_null());
    let windows = report["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 7, "1.5 s of 200 ms windows");
    for w in windows {
        assert_absolute(
            "a window of 12 cycles at 60 Hz, s",
            w["duration_s"].as_f64().unwrap(),
            0.2,
            1e-5,
        );
    }
    check_energy(&report, powers, windows_duration(&report));

    // At 230 V nominal, 120 V is a dip in every window; at 120 V nominal, in none.
    assert!(windows.iter().all(|w| w["flagged"] == true));
    let nominal = analyze_json(&[path_str(&cff), "--nominal-voltage", "120", "--windows"]);
    let windows = nominal["windows"].as_array().unwrap();
    assert!(windows.iter().all(|w| w["flagged"] == false));

    // Given the frequency and the wiring, the values are the same; a CT ratio multiplies the
    // currents and the powers.
    let given = analyze_json(&[path_str(&cff), "--frequency", "60", "--wiring", "2p3w"]);
    assert_eq!(given["phases"], report["phases"]);
    let doubled = analyze_json(&[path_str(&cff), "--ct-ratio", "2"]);
    assert_relative(
        "L1 current at --ct-ratio 2",
        number(&doubled, "/phases/L1/current_a"),
        2.0 * number(&report, "/phases/L1/current_a"),
        1e-9,
    );
    assert_relative(
        "system power at --ct-ratio 2",
        number(&doubled, "/system/active_power_w"),
        2.0 * number(&report, "/system/active_power_w"),
        1e-9,
    );
}

#[test]
fn the_wiring_is_inferred_from_the_channels_and_the_table_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        (
            four_wire_spec(Format::Binary).write_pair(dir.path(), "four"),
            "3p4w (inferred from the channels: three phase voltages and three currents",
        ),
        (
            three_wire_spec().write_pair(dir.path(), "three"),
            "3p3w (inferred from the channels: line-to-line voltages only",
        ),
        (
            split_phase_spec().write_cff(dir.path(), "split"),
            "2p3w (inferred from the channels: two phase voltages and two currents",
        ),
        (
            idle_single_phase_spec(6400).write_pair(dir.path(), "single"),
            "1p2w (inferred from the channels: one voltage and one current",
        ),
    ];
    for (path, expected) in &records {
        let (ok, out, err) = ems(&["analyze", path_str(path)]);
        assert!(ok, "{err}");
        assert!(out.contains(expected), "{expected} in\n{out}");
    }
    let (ok, out, err) = ems(&["analyze", path_str(&records[0].0), "--wiring", "3p4w"]);
    assert!(ok, "{err}");
    assert!(out.contains("3p4w (--wiring)"), "{out}");
}

#[test]
fn the_table_shows_the_record_the_phases_the_system_and_the_energy() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = four_wire_spec(Format::Binary).write_pair(dir.path(), "table");
    let (ok, out, err) = ems(&["analyze", path_str(&cfg)]);
    assert!(ok, "{err}");
    println!("{out}");
    for expected in [
        "station \"Test substation\", device \"ems analyze test\"; COMTRADE 1999, BINARY",
        "2024-03-01T12:00:00Z (the record has no time zone: taken as UTC)",
        "12800 Hz, 26240 samples per channel, 2.050 s",
        "1 \"UL1\" (ph \"A\", uu \"kV\") → u_l1",
        "5 \"IL2\" (ph \"B\", uu \"A\") → i_l2",
        "7 \"Freq\" (ph \"\", uu \"Hz\") left out",
        "10 of 10 cycles (50 Hz, detected), 2.000 s; the last 0.050 s make no whole window",
        "50.0000 Hz (mean over the windows)",
        "means over the whole record",
        "voltage L-N V",
        "active power W",
        "reactive power var",
        "power factor",
        "current THD %",
        "L1-L2 398.",
        "active import",
        "reactive import (inductive)",
        "apparent",
        "voltage unbalance",
    ] {
        assert!(out.contains(expected), "`{expected}` in\n{out}");
    }
    // The harmonics table shows the 5th (4 % and 20 %) and nothing below 0.05 %.
    let fifth = out
        .lines()
        .find(|l| l.starts_with("5 "))
        .unwrap_or_else(|| panic!("a row for order 5 in\n{out}"));
    let values: Vec<f64> = fifth
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(values.len(), 6, "{fifth}");
    for v in &values[..3] {
        assert!((v - 4.0).abs() < 0.1, "{fifth}");
    }
    for v in &values[3..] {
        assert!((v - 20.0).abs() < 0.1, "{fifth}");
    }
    assert!(!out.lines().any(|l| l.starts_with("3 ")), "{out}");
    // The system's active power: 3 × (230 × 5 × 0.8 + 9.2 × 1 × cos 30°).
    let system = out.lines().find(|l| l.starts_with("system")).unwrap();
    let p: f64 = system.split_whitespace().nth(1).unwrap().parse().unwrap();
    let truth: f64 = four_wire_truth().iter().map(PhaseTruth::active_power).sum();
    assert!((p - truth).abs() < truth * 1e-3, "{system}");

    // A three-wire record says its phase voltages are to the star point, and has no neutral.
    let cfg = three_wire_spec().write_pair(dir.path(), "three");
    let (ok, out, err) = ems(&["analyze", path_str(&cfg)]);
    assert!(ok, "{err}");
    assert!(out.contains("voltage to star pt. V"), "{out}");
    assert!(out.contains("none (a 3p3w system has no neutral)"), "{out}");
}

#[test]
fn windows_are_listed_one_by_one_under_the_same_keys() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = four_wire_spec(Format::Binary).write_pair(dir.path(), "windows");
    let report = analyze_json(&[path_str(&cfg), "--windows"]);
    let windows = report["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 10);
    let start: jiff::Timestamp = "2024-03-01T12:00:00Z".parse().unwrap();
    for (n, w) in windows.iter().enumerate() {
        let offset = w["offset_s"].as_f64().unwrap();
        assert!(
            (offset - 0.2 * n as f64).abs() < 1e-4,
            "window {n}: {offset}"
        );
        let at: jiff::Timestamp = w["start"].as_str().unwrap().parse().unwrap();
        let from_start = at.duration_since(start).as_secs_f64();
        assert!((from_start - offset).abs() < 1e-6, "window {n}: {at}");
        assert!((w["frequency_hz"].as_f64().unwrap() - 50.0).abs() < 0.01);
        assert_eq!(w["flagged"], false);
        assert_eq!(keys(w, "/phases"), ["L1", "L2", "L3"]);
        assert_eq!(
            keys(w, "/phases/L1"),
            [
                "active_power_w",
                "apparent_power_va",
                "current_a",
                "current_thd_percent",
                "power_factor",
                "reactive_power_var",
                "voltage_thd_percent",
                "voltage_v",
            ]
        );
        assert_eq!(keys(w, "/line_voltages_v"), ["L1-L2", "L2-L3", "L3-L1"]);
        assert_eq!(keys(w, "/system"), keys(&report, "/system"));
        let v = number(w, "/phases/L2/voltage_v");
        assert!((v - four_wire_truth()[1].voltage.rms()).abs() < 0.2, "{v}");
    }
    let plain = analyze_json(&[path_str(&cfg)]);
    assert!(plain.get("windows").is_none());

    // In the table: one row per window, after the summary.
    let (ok, out, err) = ems(&["analyze", path_str(&cfg), "--windows"]);
    assert!(ok, "{err}");
    let header = out
        .lines()
        .position(|l| l.contains("offset s"))
        .unwrap_or_else(|| panic!("a window table in\n{out}"));
    let rows: Vec<&str> = out.lines().skip(header + 1).collect();
    assert_eq!(rows.len(), 10, "{out}");
    for (n, row) in rows.iter().enumerate() {
        assert!(
            row.split_whitespace().next() == Some(&(n + 1).to_string()),
            "{row}"
        );
    }
}

#[test]
fn an_idle_record_has_no_power_factor_and_no_current_distortion() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = idle_single_phase_spec(6400).write_pair(dir.path(), "idle");
    let report = analyze_json(&[path_str(&cfg)]);
    assert_eq!(keys(&report, "/phases"), ["L1"]);
    assert_eq!(keys(&report, "/line_voltages_v"), Vec::<String>::new());
    assert_relative(
        "idle L1 voltage",
        number(&report, "/phases/L1/voltage_v"),
        230.0,
        5e-4,
    );
    assert_eq!(number(&report, "/phases/L1/current_a"), 0.0);
    assert!(report["phases"]["L1"]["power_factor"].is_null());
    assert!(report["phases"]["L1"]["current_thd_percent"].is_null());
    assert!(report["phases"]["L1"]["current_harmonics_percent"].is_null());
    assert_eq!(
        report["phases"]["L1"]["voltage_harmonics_percent"][0],
        100.0
    );
    assert!(report["system"]["power_factor"].is_null());
    assert!(report["system"]["voltage_unbalance_percent"].is_null());
    assert_eq!(number(&report, "/system/neutral_current_a"), 0.0);
    assert_eq!(number(&report, "/energy/active_import_wh"), 0.0);
    assert_eq!(number(&report, "/energy/apparent_vah"), 0.0);
}

#[test]
fn the_data_file_is_found_with_an_upper_case_extension_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = idle_single_phase_spec(6400).write_pair(dir.path(), "upper");
    std::fs::rename(dir.path().join("upper.dat"), dir.path().join("upper.DAT")).unwrap();
    let report = analyze_json(&[path_str(&cfg)]);
    assert_eq!(keys(&report, "/phases"), ["L1"]);

    std::fs::remove_file(dir.path().join("upper.DAT")).unwrap();
    let err = analyze_error(&[path_str(&cfg)]);
    let expected = format!(
        "error: {}: its data file {} is missing (looked for the same name with .dat in any case)",
        cfg.display(),
        dir.path().join("upper.dat").display()
    );
    assert_eq!(err.trim_end(), expected);

    let err = analyze_error(&[path_str(&dir.path().join("absent.cfg"))]);
    assert!(
        err.contains(&format!(
            "cannot read {}",
            dir.path().join("absent.cfg").display()
        )),
        "{err}"
    );
}

#[test]
fn a_truncated_data_file_is_named_with_what_the_reader_found() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = idle_single_phase_spec(6400).write_pair(dir.path(), "cut");
    let dat = dir.path().join("cut.dat");
    let bytes = std::fs::read(&dat).unwrap();
    // 12 bytes a sample (number, time stamp, two values): cut 3 bytes into sample 4001.
    std::fs::write(&dat, &bytes[..4000 * 12 + 3]).unwrap();
    let err = analyze_error(&[path_str(&cfg)]);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}: dat is truncated: 4000 samples found, 6400 expected (the last endsamp \
             of the cfg); sample 4001 is cut after 3 of its 12 bytes",
            dat.display()
        )
    );

    // An ASCII data file cut short is named the same way.
    let mut spec = idle_single_phase_spec(6400);
    spec.format = Format::Ascii;
    let cfg = spec.write_pair(dir.path(), "cut_ascii");
    let dat = dir.path().join("cut_ascii.dat");
    let text = std::fs::read_to_string(&dat).unwrap();
    let kept: String = text.split_inclusive('\n').take(5000).collect();
    std::fs::write(&dat, kept).unwrap();
    let err = analyze_error(&[path_str(&cfg)]);
    assert!(
        err.starts_with(&format!(
            "error: {}: dat is truncated: 5000 samples found, 6400 expected",
            dat.display()
        )),
        "{err}"
    );
}

#[test]
fn a_bad_line_of_the_cfg_is_named_with_its_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = idle_single_phase_spec(6400).write_pair(dir.path(), "bad");
    let text = std::fs::read_to_string(&cfg).unwrap();
    // Line 4 is analog channel 2: its `a` becomes a word.
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_owned).collect();
    let mut fields: Vec<&str> = lines[3].split(',').collect();
    fields[5] = "x0.1";
    lines[3] = fields.join(",");
    std::fs::write(&cfg, lines.join("\r\n")).unwrap();
    let err = analyze_error(&[path_str(&cfg)]);
    let prefix = format!(
        "error: {}: cfg line 4, field a of analog channel 2",
        cfg.display()
    );
    assert!(err.starts_with(&prefix), "{prefix}… in {err}");
    assert!(err.contains("x0.1"), "{err}");
}

#[test]
fn a_record_shorter_than_a_window_says_how_long_it_is_and_how_long_a_window_is() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = idle_single_phase_spec(1920).write_pair(dir.path(), "short");
    let err = analyze_error(&[path_str(&cfg)]);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}: the record is too short for one measurement window: it is 0.150 s long \
             (1920 samples at 12800 Hz); a window is 10 cycles (0.200 s at 50 Hz), and the \
             analyser first takes 0.35 s of samples to find the frequency, so a record needs at \
             least 0.35 s",
            cfg.display()
        )
    );
    let err = analyze_error(&[path_str(&cfg), "--frequency", "60"]);
    assert!(
        err.contains("a window is 12 cycles (0.200 s at 60 Hz)"),
        "{err}"
    );
    // 0.36 s make one window.
    let cfg = idle_single_phase_spec(4608).write_pair(dir.path(), "enough");
    let report = analyze_json(&[path_str(&cfg), "--windows"]);
    assert_eq!(report["windows"].as_array().unwrap().len(), 1);
}

#[test]
fn a_wiring_that_needs_channels_the_record_lacks_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = idle_single_phase_spec(6400).write_pair(dir.path(), "single");
    let err = analyze_error(&[path_str(&cfg), "--wiring", "3p4w"]);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}: wiring 3p4w needs the channels u_l1, u_l2, u_l3, i_l1, i_l2, i_l3; the \
             input has u_l1, i_l1: u_l2, u_l3, i_l2, i_l3 missing (the record's channels make \
             1p2w: leave out --wiring to use it)",
            cfg.display()
        )
    );
    let err = analyze_error(&[path_str(&cfg), "--wiring", "3p4w_wild_leg"]);
    assert!(err.contains("u_l2, u_l3, i_l2, i_l3 missing"), "{err}");
    let err = analyze_error(&[path_str(&cfg), "--wiring", "3p5w"]);
    assert!(err.contains("3p4w_wild_leg"), "the possible values: {err}");
}

#[test]
fn channels_that_make_no_wiring_ask_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = four_wire_spec(Format::Binary);
    spec.signals.truncate(4); // three voltages, one current
    let cfg = spec.write_pair(dir.path(), "odd");
    let err = analyze_error(&[path_str(&cfg)]);
    assert!(
        err.starts_with(&format!(
            "error: {}: cannot tell the wiring from the channels u_l1, u_l2, u_l3, i_l1: give \
             --wiring",
            cfg.display()
        )),
        "{err}"
    );
    // Told, it measures what it can.
    let report = analyze_json(&[path_str(&cfg), "--wiring", "1p2w"]);
    assert_eq!(keys(&report, "/phases"), ["L1"]);
}

#[test]
fn a_record_of_the_comtrade_peer_is_read_and_found_too_short() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join("target/test-peers/venv/bin/python");
    assert!(
        python.is_file(),
        "the COMTRADE peer's Python is missing at {}: run scripts/test-deps.sh",
        python.display()
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("analyze-comtrade-peer");
    let _ = std::fs::remove_dir_all(&dir);
    let output = Command::new(&python)
        .arg(root.join("scripts/comtrade-peer.py"))
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the COMTRADE peer failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The peer's records are 0.2 s at 4 kHz: read whole (a pair and a .cff), then refused as
    // too short to find the frequency.
    for file in ["full1999_binary.cfg", "cff2013_binary32.cff"] {
        let path = dir.join(file);
        let err = analyze_error(&[path_str(&path)]);
        assert!(
            err.contains(&format!(
                "{}: the record is too short for one measurement window: it is 0.200 s long \
                 (800 samples at 4000 Hz)",
                path.display()
            )),
            "{err}"
        );
    }
    // A record with a gap is refused with the channel and sample.
    let path = dir.join("gaps1999_binary.cfg");
    let err = analyze_error(&[path_str(&path)]);
    assert!(err.contains("has no value at sample 101"), "{err}");
}
