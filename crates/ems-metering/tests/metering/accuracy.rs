//! Accuracy on synthetic signals with analytic truth (the table): active power and
//! energy within 0.1 %, voltage and current within 0.05 %, fundamental reactive power within
//! 0.5 %, THD within 0.1 percentage points, harmonics within IEC 61000-4-7 class I, frequency
//! within 10 mHz; over 1 %–120 % of nominal current, power factor 1, 0.5 inductive and 0.8
//! capacitive, 45–65 Hz, sample rates that are and are not multiples of the frequency, with
//! 5 % and 20 % harmonic content.

use crate::support::{PhaseSignal, balanced, relative, sample};
use ems_metering::measurement::{MAX_ORDER, THD_ORDER};
use ems_metering::{Analyzer, MeterConfig, NominalFrequency, Phase, Wiring};

const NOMINAL_VOLTAGE: f64 = 230.0;
const NOMINAL_CURRENT: f64 = 5.0;

#[derive(Debug, Clone, Copy)]
struct Case {
    current_share: f64,
    /// Current lag in radians (0: PF 1; 60°: 0.5 inductive; −36.87°: 0.8 capacitive).
    lag_rad: f64,
    frequency: f64,
    sample_rate: f64,
    thd_percent: f64,
}

fn lags() -> [(f64, &'static str); 3] {
    [
        (0.0, "PF 1"),
        (0.5f64.acos(), "PF 0.5 L"),
        (-(0.8f64.acos()), "PF 0.8 C"),
    ]
}

/// Measures a case and returns every tolerance it breaks.
fn check(case: Case) -> Vec<String> {
    let current = NOMINAL_CURRENT * case.current_share;
    let signals = balanced(NOMINAL_VOLTAGE, current, case.lag_rad, case.thd_percent);
    let waveforms = sample(&signals, case.frequency, case.sample_rate, 1.0);
    let mut config = MeterConfig::new(Wiring::ThreePhase4W);
    config.nominal_frequency = Some(NominalFrequency::nearest(case.frequency));
    let mut analyzer = Analyzer::new(config).unwrap();
    let windows = analyzer.push(&waveforms).unwrap();
    let mut failures = Vec::new();
    let mut fail = |what: String| failures.push(format!("{case:?}: {what}"));
    if windows.len() < 3 {
        fail(format!("only {} windows in 1 s", windows.len()));
    }
    let mut energy_truth = 0.0;
    for (k, window) in windows.iter().enumerate() {
        let f = window.frequency_hz.unwrap_or(f64::NAN);
        if (f - case.frequency).abs().is_nan() || (f - case.frequency).abs() > 0.010 {
            fail(format!("window {k}: frequency {f} Hz"));
        }
        let mut total_p = 0.0;
        for (signal, phase) in signals.iter().zip(Phase::ALL) {
            let values = window.phase(phase).unwrap();
            let (v, i) = (signal.voltage_rms(), signal.current_rms());
            let p = signal.active_power();
            let q1 = signal.fundamental_reactive_power();
            total_p += p;
            let s1 = PhaseSignal::harmonic(&signal.voltage, 1)
                * PhaseSignal::harmonic(&signal.current, 1);
            if relative(values.voltage_v, v) > 0.0005 {
                fail(format!(
                    "window {k} {phase}: voltage {} V, truth {v}",
                    values.voltage_v
                ));
            }
            if relative(values.current_a, i) > 0.0005 {
                fail(format!(
                    "window {k} {phase}: current {} A, truth {i}",
                    values.current_a
                ));
            }
            if relative(values.active_power_w, p) > 0.001 {
                fail(format!(
                    "window {k} {phase}: active power {} W, truth {p}",
                    values.active_power_w
                ));
            }
            // Relative to Q₁, or to S₁ where Q₁ is nought (power factor 1).
            let q_scale = if q1.abs() > 0.01 * s1 { q1.abs() } else { s1 };
            if (values.reactive_power_var - q1).abs() > 0.005 * q_scale {
                fail(format!(
                    "window {k} {phase}: reactive power {} var, truth {q1}",
                    values.reactive_power_var
                ));
            }
            for (measured, tones, nominal, floor_share, what) in [
                (
                    &values.voltage_harmonics_v,
                    &signal.voltage,
                    NOMINAL_VOLTAGE,
                    0.01,
                    "voltage",
                ),
                (
                    &values.current_harmonics_a,
                    &signal.current,
                    NOMINAL_CURRENT,
                    0.03,
                    "current",
                ),
            ] {
                let thd = measured.thd_percent(THD_ORDER).unwrap_or(f64::NAN);
                let thd_truth = PhaseSignal::thd(tones, THD_ORDER);
                if thd.is_nan() || (thd - thd_truth).abs() > 0.1 {
                    fail(format!(
                        "window {k} {phase}: {what} THD {thd} %, truth {thd_truth}"
                    ));
                }
                for h in 2..=MAX_ORDER {
                    let truth = PhaseSignal::harmonic(tones, h);
                    let got = measured.order(h);
                    // IEC 61000-4-7 class I: 5 % of the reading above a floor of the nominal,
                    // else an absolute share of the nominal.
                    let (limit_share, absolute_share) = if what == "voltage" {
                        (0.05, 0.0005)
                    } else {
                        (0.05, 0.0015)
                    };
                    let limit = if truth >= floor_share * nominal {
                        limit_share * truth
                    } else {
                        absolute_share * nominal
                    };
                    if (got - truth).abs() > limit {
                        fail(format!(
                            "window {k} {phase}: {what} harmonic {h}: {got}, truth {truth}"
                        ));
                    }
                }
            }
        }
        energy_truth += total_p * window.duration_s / 3600.0;
    }
    let registers = analyzer.registers();
    let energy = registers.active_wh.import.exact() - registers.active_wh.export.exact();
    if relative(energy, energy_truth) > 0.001 {
        fail(format!("energy {energy} Wh, truth {energy_truth}"));
    }
    failures
}

fn run(cases: impl IntoIterator<Item = Case>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for case in cases {
        count += 1;
        failures.extend(check(case));
    }
    assert!(
        failures.is_empty(),
        "{} failures in {count} cases, the first 20:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn power_voltage_and_current_are_within_class_over_the_current_range_and_power_factors() {
    let mut cases = Vec::new();
    for current_share in [0.01, 0.05, 0.2, 1.0, 1.2] {
        for (lag_rad, _) in lags() {
            cases.push(Case {
                current_share,
                lag_rad,
                frequency: 50.0,
                sample_rate: 12_800.0,
                thd_percent: 0.0,
            });
        }
    }
    run(cases);
}

#[test]
fn frequencies_from_45_to_65_hz_are_followed_at_sample_rates_that_are_not_multiples() {
    let mut cases = Vec::new();
    for frequency in [45.0, 49.93, 50.0, 57.3, 60.0, 65.0] {
        for sample_rate in [12_800.0, 10_000.0, 7_777.0, 4_000.0] {
            cases.push(Case {
                current_share: 1.0,
                lag_rad: 0.5f64.acos(),
                frequency,
                sample_rate,
                thd_percent: 0.0,
            });
        }
    }
    run(cases);
}

#[test]
fn harmonic_content_of_5_and_20_percent_keeps_every_figure_within_class() {
    let mut cases = Vec::new();
    for thd_percent in [5.0, 20.0] {
        for (lag_rad, _) in lags() {
            for (frequency, sample_rate) in [
                (50.0, 12_800.0),
                (50.37, 10_000.0),
                (60.0, 7_777.0),
                (45.5, 12_800.0),
            ] {
                for current_share in [0.05, 1.0] {
                    cases.push(Case {
                        current_share,
                        lag_rad,
                        frequency,
                        sample_rate,
                        thd_percent,
                    });
                }
            }
        }
    }
    run(cases);
}
