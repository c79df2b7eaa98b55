//! The analyser's behaviour beyond accuracy: wiring systems, what reactive power means,
//! streaming, frequency tracking, flags, registers and aggregation.

use crate::support::{
    PhaseSignal, Tone, balanced, phase_of, relative, render_with_phase, sample, waveforms,
};
use ems_metering::aggregate::{AggregateKind, Aggregated, Aggregator};
use ems_metering::config::NeutralCurrent;
use ems_metering::measurement::LinePair;
use ems_metering::registers::{Tariff, TariffInput};
use ems_metering::{
    Analyzer, ChannelRole, MeterConfig, NominalFrequency, Phase, WindowValues, Wiring,
};
use std::f64::consts::PI;

fn analyzer(wiring: Wiring) -> Analyzer {
    let mut config = MeterConfig::new(wiring);
    config.nominal_frequency = Some(NominalFrequency::Hz50);
    Analyzer::new(config).unwrap()
}

#[test]
fn reactive_power_is_that_of_the_fundamental_not_budeanus_sum() {
    // Fundamental at PF 0.9 lagging; a 5th harmonic voltage and current 80° apart.
    let lag = 0.9f64.acos();
    let signal = PhaseSignal {
        voltage: vec![
            Tone {
                order: 1,
                rms: 230.0,
                phase_rad: 0.0,
            },
            Tone {
                order: 5,
                rms: 23.0,
                phase_rad: 0.0,
            },
        ],
        current: vec![
            Tone {
                order: 1,
                rms: 10.0,
                phase_rad: -lag,
            },
            Tone {
                order: 5,
                rms: 6.0,
                phase_rad: -80f64.to_radians(),
            },
        ],
    };
    let q1 = signal.fundamental_reactive_power();
    let budeanu = signal.budeanu_reactive_power();
    assert!(
        relative(budeanu, q1) > 0.1,
        "the case must tell them apart: {q1} vs {budeanu}"
    );
    let mut analyzer = analyzer(Wiring::SinglePhase2W);
    let windows = analyzer
        .push(&sample(&[signal], 50.0, 12_800.0, 1.0))
        .unwrap();
    for w in &windows {
        let q = w.phase(Phase::L1).unwrap().reactive_power_var;
        assert!(
            relative(q, q1) < 0.005,
            "measured {q} var, fundamental {q1}, Budeanu {budeanu}"
        );
    }
}

#[test]
fn samples_pushed_in_small_blocks_give_the_same_windows_as_one_block() {
    // Long enough (39 000 samples) for the analyser to compact its buffers on the way.
    let record = sample(&balanced(230.0, 5.0, 0.3, 10.0), 50.13, 7_777.0, 5.0);
    let whole = analyzer(Wiring::ThreePhase4W).push(&record).unwrap();
    let mut streamed = Vec::new();
    let mut parts = analyzer(Wiring::ThreePhase4W);
    let n = record.len();
    let mut from = 0;
    while from < n {
        let to = (from + 97).min(n);
        let mut block = record.clone();
        for c in &mut block.channels {
            c.samples = c.samples[from..to].to_vec();
        }
        streamed.extend(parts.push(&block).unwrap());
        from = to;
    }
    assert_eq!(whole.len(), streamed.len());
    for (a, b) in whole.iter().zip(&streamed) {
        assert_eq!(a, b);
    }
}

/// Phase voltages from positive- and negative-sequence parts (RMS, L1 at angle 0).
fn sequence_voltages(positive: f64, negative: f64) -> [(f64, f64); 3] {
    let mut out = [(0.0, 0.0); 3];
    for (p, slot) in out.iter_mut().enumerate() {
        let turn = -2.0 * PI / 3.0 * p as f64;
        let re = positive * turn.cos() + negative * (-turn).cos();
        let im = positive * turn.sin() + negative * (-turn).sin();
        *slot = (re.hypot(im), im.atan2(re));
    }
    out
}

#[test]
fn unbalance_is_the_negative_over_the_positive_sequence_voltage() {
    let fs = 12_800.0;
    let n = fs as usize;
    let theta = phase_of(|_| 50.0, fs, n);
    let mut channels = Vec::new();
    for ((rms, angle), phase) in sequence_voltages(230.0, 4.6).into_iter().zip(Phase::ALL) {
        channels.push((
            ChannelRole::voltage(phase),
            render_with_phase(&theta, fs, rms, angle, |_| 1.0),
        ));
        channels.push((
            ChannelRole::current(phase),
            render_with_phase(&theta, fs, 5.0, angle, |_| 1.0),
        ));
    }
    let windows = analyzer(Wiring::ThreePhase4W)
        .push(&waveforms(fs, channels))
        .unwrap();
    for w in &windows {
        let u2 = w.system.voltage_unbalance_percent.unwrap();
        assert!((u2 - 2.0).abs() < 0.01, "unbalance {u2} %");
    }
}

#[test]
fn a_three_wire_system_is_measured_from_two_line_voltages_and_two_currents() {
    let fs = 10_000.0;
    let n = fs as usize;
    let theta = phase_of(|_| 50.0, fs, n);
    // Unbalanced star voltages (no zero sequence) and currents that sum to zero.
    let voltages = sequence_voltages(230.0, 6.0);
    let (i1, i1_angle) = (8.0, -0.5);
    let (i3, i3_angle) = (5.0, 2.0 * PI / 3.0 - 0.2);
    let c1 = (i1 * f64::cos(i1_angle), i1 * f64::sin(i1_angle));
    let c3 = (i3 * f64::cos(i3_angle), i3 * f64::sin(i3_angle));
    let c2 = (-(c1.0 + c3.0), -(c1.1 + c3.1));
    let currents = [
        (i1, i1_angle),
        (c2.0.hypot(c2.1), c2.1.atan2(c2.0)),
        (i3, i3_angle),
    ];
    let truth_p: f64 = voltages
        .iter()
        .zip(&currents)
        .map(|((v, a), (i, b))| v * i * (a - b).cos())
        .sum();
    let v = |p: usize| render_with_phase(&theta, fs, voltages[p].0, voltages[p].1, |_| 1.0);
    let (v1, v2, v3) = (v(0), v(1), v(2));
    let diff = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<_>>();
    let channels = vec![
        (ChannelRole::VoltageL1L2, diff(&v1, &v2)),
        (ChannelRole::VoltageL2L3, diff(&v2, &v3)),
        (
            ChannelRole::CurrentL1,
            render_with_phase(&theta, fs, currents[0].0, currents[0].1, |_| 1.0),
        ),
        (
            ChannelRole::CurrentL3,
            render_with_phase(&theta, fs, currents[2].0, currents[2].1, |_| 1.0),
        ),
    ];
    let windows = analyzer(Wiring::ThreePhase3W)
        .push(&waveforms(fs, channels))
        .unwrap();
    assert!(windows.len() >= 4);
    let line_truth = |a: (f64, f64), b: (f64, f64)| {
        let re = a.0 * a.1.cos() - b.0 * b.1.cos();
        let im = a.0 * a.1.sin() - b.0 * b.1.sin();
        re.hypot(im)
    };
    for w in &windows {
        assert!(
            relative(w.system.active_power_w, truth_p) < 0.001,
            "P {} vs {truth_p}",
            w.system.active_power_w
        );
        let l31 = w.line(LinePair::L3L1).unwrap().voltage_v;
        assert!(
            relative(l31, line_truth(voltages[2], voltages[0])) < 0.0005,
            "L3-L1 {l31}"
        );
        assert!(relative(w.phase(Phase::L2).unwrap().current_a, currents[1].0) < 0.0005);
        assert!((w.system.voltage_unbalance_percent.unwrap() - 600.0 / 230.0).abs() < 0.01);
        assert_eq!(w.system.neutral_current_a, None);
        assert!(!w.flagged);
    }
}

#[test]
fn a_split_phase_system_computes_its_neutral_current_unless_it_is_measured() {
    let fs = 12_800.0;
    let n = fs as usize;
    let theta = phase_of(|_| 60.0, fs, n);
    let mut channels = vec![
        (
            ChannelRole::VoltageL1,
            render_with_phase(&theta, fs, 120.0, 0.0, |_| 1.0),
        ),
        (
            ChannelRole::VoltageL2,
            render_with_phase(&theta, fs, 120.0, PI, |_| 1.0),
        ),
        (
            ChannelRole::CurrentL1,
            render_with_phase(&theta, fs, 10.0, 0.0, |_| 1.0),
        ),
        (
            ChannelRole::CurrentL2,
            render_with_phase(&theta, fs, 4.0, PI, |_| 1.0),
        ),
    ];
    let mut config = MeterConfig::new(Wiring::SplitPhase3W);
    config.nominal_voltage_v = 120.0;
    config.nominal_frequency = Some(NominalFrequency::Hz60);
    let windows = Analyzer::new(config.clone())
        .unwrap()
        .push(&waveforms(fs, channels.clone()))
        .unwrap();
    for w in &windows {
        // 10 A and 4 A in opposition: 6 A return in the neutral.
        assert!(relative(w.system.neutral_current_a.unwrap(), 6.0) < 0.0005);
        assert!(relative(w.line(LinePair::L1L2).unwrap().voltage_v, 240.0) < 0.0005);
        assert!(relative(w.system.active_power_w, 1680.0) < 0.001);
        assert!(!w.flagged);
    }
    channels.push((
        ChannelRole::CurrentN,
        render_with_phase(&theta, fs, 6.5, 0.0, |_| 1.0),
    ));
    config.neutral = NeutralCurrent::Measured;
    let windows = Analyzer::new(config)
        .unwrap()
        .push(&waveforms(fs, channels))
        .unwrap();
    assert!(relative(windows[1].system.neutral_current_a.unwrap(), 6.5) < 0.0005);
}

#[test]
fn the_high_leg_of_a_wild_leg_delta_is_not_taken_for_a_swell() {
    let fs = 12_800.0;
    let n = fs as usize;
    let theta = phase_of(|_| 60.0, fs, n);
    // 120/240 V: L1 and L3 at 120 V in opposition, L2 (the high leg) at 208 V, 90° off.
    let high = 120.0 * 3f64.sqrt();
    let channels = vec![
        (
            ChannelRole::VoltageL1,
            render_with_phase(&theta, fs, 120.0, 0.0, |_| 1.0),
        ),
        (
            ChannelRole::VoltageL2,
            render_with_phase(&theta, fs, high, -PI / 2.0, |_| 1.0),
        ),
        (
            ChannelRole::VoltageL3,
            render_with_phase(&theta, fs, 120.0, PI, |_| 1.0),
        ),
        (
            ChannelRole::CurrentL1,
            render_with_phase(&theta, fs, 10.0, 0.0, |_| 1.0),
        ),
        (
            ChannelRole::CurrentL2,
            render_with_phase(&theta, fs, 10.0, -PI / 2.0, |_| 1.0),
        ),
        (
            ChannelRole::CurrentL3,
            render_with_phase(&theta, fs, 10.0, PI, |_| 1.0),
        ),
    ];
    let mut config = MeterConfig::new(Wiring::WildLegDelta);
    config.nominal_voltage_v = 120.0;
    config.nominal_frequency = Some(NominalFrequency::Hz60);
    let windows = Analyzer::new(config)
        .unwrap()
        .push(&waveforms(fs, channels))
        .unwrap();
    for w in &windows {
        assert!(relative(w.phase(Phase::L2).unwrap().voltage_v, high) < 0.0005);
        for pair in [LinePair::L1L2, LinePair::L2L3, LinePair::L3L1] {
            assert!(
                relative(w.line(pair).unwrap().voltage_v, 240.0) < 0.0005,
                "{pair:?}"
            );
        }
        assert!(!w.flagged);
        assert!(w.system.voltage_unbalance_percent.unwrap() < 0.01);
    }
}

#[test]
fn a_dip_flags_the_windows_it_touches_and_no_other() {
    let fs = 12_800.0;
    let n = 4 * fs as usize;
    let theta = phase_of(|_| 50.0, fs, n);
    // 40 % of nominal from 0.61 s to 0.67 s (three cycles).
    let dip = |t: f64| if (0.61..0.67).contains(&t) { 0.4 } else { 1.0 };
    let channels = vec![
        (
            ChannelRole::VoltageL1,
            render_with_phase(&theta, fs, 230.0, 0.0, dip),
        ),
        (
            ChannelRole::CurrentL1,
            render_with_phase(&theta, fs, 5.0, 0.0, |_| 1.0),
        ),
    ];
    let windows = analyzer(Wiring::SinglePhase2W)
        .push(&waveforms(fs, channels))
        .unwrap();
    let flagged: Vec<usize> = windows
        .iter()
        .enumerate()
        .filter(|(_, w)| w.flagged)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        flagged,
        vec![3],
        "windows of 0.2 s: the dip is in the fourth"
    );
    let l1 = windows[3].phase(Phase::L1).unwrap();
    assert!(
        l1.min_cycle_voltage_v < 0.5 * 230.0,
        "{}",
        l1.min_cycle_voltage_v
    );
    let mut aggregator = Aggregator::new();
    let mut short = Vec::new();
    for w in &windows {
        for a in aggregator.add(w) {
            if let Aggregated::Value(v) = a {
                short.push(v);
            }
        }
    }
    assert!(
        short
            .first()
            .is_some_and(|a| a.kind == AggregateKind::ShortCycles && a.values.flagged)
    );
}

#[test]
fn a_drifting_frequency_is_followed_within_10_mhz() {
    let fs = 12_800.0;
    let seconds = 20.0;
    let n = (seconds * fs) as usize;
    // 49.8 Hz to 50.2 Hz in 20 s.
    let f = |t: f64| 49.8 + 0.02 * t;
    let theta = phase_of(f, fs, n);
    let channels = vec![
        (
            ChannelRole::VoltageL1,
            render_with_phase(&theta, fs, 230.0, 0.0, |_| 1.0),
        ),
        (
            ChannelRole::CurrentL1,
            render_with_phase(&theta, fs, 5.0, -0.4, |_| 1.0),
        ),
    ];
    let windows = analyzer(Wiring::SinglePhase2W)
        .push(&waveforms(fs, channels))
        .unwrap();
    assert!(windows.len() > 90);
    for pair in windows.windows(2) {
        let (previous, w) = (&pair[0], &pair[1]);
        // The mean frequency over the previous window, from the signal's own phase at the
        // samples nearest to the windows' starts.
        let (a, b) = ((previous.offset_s * fs).round(), (w.offset_s * fs).round());
        let truth = (theta[b as usize] - theta[a as usize]) / (2.0 * PI * (b - a) / fs);
        let measured = w.frequency_hz.unwrap();
        assert!(
            (measured - truth).abs() < 0.010,
            "at {} s: {measured} Hz, truth {truth}",
            w.offset_s
        );
        assert!(relative(w.phase(Phase::L1).unwrap().voltage_v, 230.0) < 0.0005);
    }
}

#[test]
fn after_a_loss_of_voltage_the_frequency_is_found_again() {
    let fs = 12_800.0;
    let n = 4 * fs as usize;
    let theta = phase_of(|_| 50.3, fs, n);
    let outage = |t: f64| if (1.0..2.0).contains(&t) { 0.0 } else { 1.0 };
    let channels = vec![
        (
            ChannelRole::VoltageL1,
            render_with_phase(&theta, fs, 230.0, 0.0, outage),
        ),
        (
            ChannelRole::CurrentL1,
            render_with_phase(&theta, fs, 5.0, 0.0, outage),
        ),
    ];
    let windows = analyzer(Wiring::SinglePhase2W)
        .push(&waveforms(fs, channels))
        .unwrap();
    let during: Vec<&WindowValues> = windows
        .iter()
        .filter(|w| w.offset_s > 1.05 && w.offset_s < 1.75)
        .collect();
    assert!(!during.is_empty() && during.iter().all(|w| w.frequency_hz.is_none() && w.flagged));
    let after: Vec<&WindowValues> = windows.iter().filter(|w| w.offset_s > 2.5).collect();
    assert!(!after.is_empty());
    for w in after {
        let f = w.frequency_hz.unwrap();
        assert!((f - 50.3).abs() < 0.010, "{f}");
        assert!(relative(w.phase(Phase::L1).unwrap().voltage_v, 230.0) < 0.0005);
    }
}

#[test]
fn transformer_ratios_give_primary_values() {
    let record = sample(
        &balanced(100.0 / 3f64.sqrt(), 1.0, 0.0, 0.0),
        50.0,
        12_800.0,
        1.0,
    );
    let mut config = MeterConfig::new(Wiring::ThreePhase4W);
    config.nominal_voltage_v = 20_000.0 / 3f64.sqrt();
    config.vt_ratio = 200.0;
    config.ct_ratio = 400.0;
    let windows = Analyzer::new(config).unwrap().push(&record).unwrap();
    let l1 = windows[1].phase(Phase::L1).unwrap();
    assert!(relative(l1.voltage_v, 20_000.0 / 3f64.sqrt()) < 0.0005);
    assert!(relative(l1.current_a, 400.0) < 0.0005);
    assert!(
        relative(
            windows[1].system.active_power_w,
            3.0 * 20_000.0 / 3f64.sqrt() * 400.0
        ) < 0.001
    );
    assert!(!windows[1].flagged);
}

#[test]
fn exported_energy_goes_to_the_export_registers_in_the_tariff_of_the_digital_input() {
    let record = sample(&balanced(230.0, 10.0, PI, 0.0), 50.0, 12_800.0, 2.0);
    let mut config = MeterConfig::new(Wiring::ThreePhase4W);
    config.tariff = TariffInput::DigitalInput;
    let mut analyzer = Analyzer::new(config).unwrap();
    analyzer.set_digital_input(true);
    let windows = analyzer.push(&record).unwrap();
    let seconds: f64 = windows.iter().map(|w| w.duration_s).sum();
    let registers = analyzer.registers();
    let expected = 3.0 * 2300.0 * seconds / 3600.0;
    assert!(relative(registers.active_wh.export.exact(), expected) < 0.001);
    assert_eq!(registers.active_wh.import.exact(), 0.0);
    assert!(relative(registers.export_by_tariff_wh[1].exact(), expected) < 0.001);
    assert_eq!(registers.export_by_tariff_wh[0].exact(), 0.0);
    assert!(relative(registers.run_export_s.exact(), seconds) < 1e-9);
    assert_eq!(Tariff::T2, Tariff::T2);
}

#[test]
fn ten_minute_values_follow_the_utc_clock_and_ten_second_frequencies_count_cycles() {
    let fs = 1_000.0;
    let seconds = 10.0 * 60.0 + 45.0;
    let n = (seconds * fs) as usize;
    let theta = phase_of(|_| 50.05, fs, n);
    let mut record = waveforms(
        fs,
        vec![
            (
                ChannelRole::VoltageL1,
                render_with_phase(&theta, fs, 231.0, 0.0, |_| 1.0),
            ),
            (
                ChannelRole::CurrentL1,
                render_with_phase(&theta, fs, 3.0, 0.0, |_| 1.0),
            ),
        ],
    );
    record.start = Some("2026-11-21T11:59:30Z".parse().unwrap());
    let windows = analyzer(Wiring::SinglePhase2W).push(&record).unwrap();
    let mut aggregator = Aggregator::new();
    let mut out = Vec::new();
    for w in &windows {
        out.extend(aggregator.add(w));
    }
    let ten_minutes: Vec<_> = out
        .iter()
        .filter_map(|a| match a {
            Aggregated::Value(v) if v.kind == AggregateKind::TenMinutes => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(ten_minutes.len(), 2, "11:50 (30 s of it) and 12:00");
    assert_eq!(
        ten_minutes[1].interval_start,
        "2026-11-21T12:00:00Z".parse().unwrap()
    );
    assert!(
        (ten_minutes[1].values.duration_s - 600.0).abs() < 0.25,
        "{}",
        ten_minutes[1].values.duration_s
    );
    assert!((2990..=3010).contains(&ten_minutes[1].parts));
    assert!(relative(ten_minutes[1].values.phases[0].voltage_v, 231.0) < 0.0005);
    assert!(relative(ten_minutes[1].values.system.active_power_w, 693.0) < 0.001);
    let frequencies: Vec<_> = out
        .iter()
        .filter_map(|a| match a {
            Aggregated::Frequency(f) => Some(f),
            _ => None,
        })
        .collect();
    assert!(frequencies.len() >= 63);
    assert!(
        frequencies
            .iter()
            .all(|f| (f.frequency_hz - 50.05).abs() < 0.005 && f.start.as_second() % 10 == 0)
    );
    // The 150-cycle value running at 12:00 was cut there, and a new one began.
    let cut = out.iter().any(|a| matches!(a, Aggregated::Value(v) if v.kind == AggregateKind::ShortCycles && v.parts < 15));
    assert!(cut);
}
