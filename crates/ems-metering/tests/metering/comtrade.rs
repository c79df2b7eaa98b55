//! The COMTRADE reader, against an independent peer and against hand-written files.
//!
//! The peer: `scripts/comtrade-peer.py` generates records with numpy (1991, 1999 and 2013; ASCII,
//! BINARY, BINARY32, FLOAT32; `.cfg`/`.dat` pairs and `.cff` files), writes what it meant
//! (`*.truth.json`) and reads every record back with the PyPI package `comtrade` 0.2.0
//! (`*.peer.json`). Our reading must agree with the package value by value (the package
//! returns `a·x + b` without primary/secondary or unit-prefix conversion, so our samples are
//! divided by [`AnalogChannelConfig::scale`] first), except at the samples the truth lists where
//! the package's missing-data markers differ from the standard; it must agree with the
//! generated signals within the resolution of the format, and [`Record::waveforms`] must give
//! the generated amplitudes, or refuse as the record demands. The peer runs with the Python of
//! `target/test-peers/venv`, installed by `scripts/test-deps.sh`; a missing peer fails the test
//! with that hint, never skips it.
//!
//! The hand-written files of `tests/data/comtrade/` are small records with one mistake each;
//! the tests assert the whole error message, as a user sees it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems_metering::ChannelRole;
use ems_metering::comtrade::{
    AnalogChannelConfig, Cff, ComtradeError, Config, Quantity, Record, Revision, Sampling, Scaling,
};
use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use ems_testkit::SETUP_HINT;

// ---------------------------------------------------------------------------------------------
// Where things are

fn workspace_root() -> PathBuf {
    ems_testkit::workspace_root(env!("CARGO_MANIFEST_DIR"))
}

fn peer_python() -> PathBuf {
    ems_testkit::peer_python(env!("CARGO_MANIFEST_DIR"), "COMTRADE")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/comtrade")
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_fixture(cfg: &str, dat: &str) -> Result<Record, ComtradeError> {
    Record::parse_bytes(&read(&fixture(cfg)), &read(&fixture(dat)))
}

// ---------------------------------------------------------------------------------------------
// The peer's records

/// Runs the peer once per test binary; its records stay in `target/tmp/comtrade-peer/`.
fn peer_directory() -> &'static Path {
    static DIRECTORY: OnceLock<PathBuf> = OnceLock::new();
    DIRECTORY.get_or_init(|| {
        let root = workspace_root();
        let directory = root.join("target/tmp/comtrade-peer");
        let _ = std::fs::remove_dir_all(&directory);
        let script = root.join("scripts/comtrade-peer.py");
        assert!(
            script.is_file(),
            "the peer script is missing at {}",
            script.display()
        );
        let output = Command::new(peer_python())
            .arg(&script)
            .arg(&directory)
            .output()
            .unwrap_or_else(|e| panic!("cannot run the COMTRADE peer: {e}; {SETUP_HINT}"));
        assert!(
            output.status.success(),
            "the COMTRADE peer failed ({SETUP_HINT} if a module is missing):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        directory
    })
}

struct PeerRecord {
    name: String,
    truth: Value,
    peer: Value,
    ours: Record,
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn peer_records() -> Vec<PeerRecord> {
    let directory = peer_directory();
    let names = json(&directory.join("records.json"));
    let names: Vec<String> = serde_json::from_value(names).unwrap();
    assert!(
        names.len() >= 20,
        "the peer wrote only {} records",
        names.len()
    );
    names
        .into_iter()
        .map(|name| {
            let truth = json(&directory.join(format!("{name}.truth.json")));
            let peer = json(&directory.join(format!("{name}.peer.json")));
            let files: Vec<String> = serde_json::from_value(truth["files"].clone()).unwrap();
            let ours = match files.as_slice() {
                [cff] => Record::parse_cff(&read(&directory.join(cff))),
                [cfg, dat] => {
                    Record::parse_bytes(&read(&directory.join(cfg)), &read(&directory.join(dat)))
                }
                other => panic!("{name}: unexpected files {other:?}"),
            }
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            PeerRecord {
                name,
                truth,
                peer,
                ours,
            }
        })
        .collect()
}

fn f64_of(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

fn str_of(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// The date/time as the package prints it: microseconds, no zone.
fn iso_micros(dt: Option<jiff::civil::DateTime>) -> String {
    let dt = dt.expect("a record of the peer has its times");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.subsec_nanosecond() / 1000
    )
}

/// Equal within two units in the last place.
fn close(x: f64, y: f64) -> bool {
    (x - y).abs() <= 2.0 * f64::EPSILON * x.abs().max(y.abs())
}

fn check(failures: &mut Vec<String>, ok: bool, what: impl FnOnce() -> String) {
    if !ok {
        failures.push(what());
    }
}

fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} disagreements, the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Against the peer

#[test]
fn every_peer_record_reads_as_the_comtrade_package_reads_it() {
    let records = peer_records();
    let mut failures = Vec::new();
    let mut compared_values = 0usize;
    let mut known_differences = 0usize;
    for PeerRecord {
        name,
        truth,
        peer,
        ours,
    } in &records
    {
        if peer["ok"] != Value::Bool(true) {
            // The one record the package cannot read: 2013 ASCII marks missing values by an
            // empty field, which the package does not expect. Checked below.
            assert_eq!(
                name, "gaps2013_ascii",
                "the package failed on {name}: {peer}"
            );
            assert!(
                str_of(&peer["error"]).contains("could not convert string to float: ''"),
                "{name}: {peer}"
            );
            continue;
        }
        let h = &ours.header;
        let mut expect = |ok: bool, what: &str| {
            check(&mut failures, ok, || format!("{name}: {what}"));
        };
        expect(
            h.station_name == str_of(&peer["station_name"]),
            "station_name",
        );
        expect(
            h.recording_device_id == str_of(&peer["rec_dev_id"]),
            "rec_dev_id",
        );
        expect(
            h.revision.year().to_string() == str_of(&peer["rev_year"]),
            "rev_year",
        );
        expect(h.file_type.name() == str_of(&peer["ft"]), "ft");
        expect(
            h.line_frequency_hz == Some(f64_of(&peer["frequency"])),
            "lf",
        );
        expect(h.time_multiplier == f64_of(&peer["timemult"]), "timemult");
        let rates: Vec<(f64, u64)> = match &h.sampling {
            Sampling::Rates(rates) => rates.iter().map(|r| (r.rate_hz, r.end_sample)).collect(),
            Sampling::Timestamps { samples } => vec![(0.0, *samples)],
        };
        let peer_rates: Vec<(f64, u64)> =
            serde_json::from_value(peer["sample_rates"].clone()).unwrap();
        expect(rates == peer_rates, "sample rates");
        expect(
            matches!(h.sampling, Sampling::Timestamps { .. })
                == peer["timestamp_critical"].as_bool().unwrap(),
            "timestamps only",
        );
        expect(iso_micros(h.start) == str_of(&peer["start"]), "start");
        expect(iso_micros(h.trigger) == str_of(&peer["trigger"]), "trigger");

        let peer_times = peer["time"].as_array().unwrap();
        expect(peer_times.len() == ours.len(), "number of samples");
        for (i, (t, p)) in ours.times_s.iter().zip(peer_times).enumerate() {
            check(&mut failures, (t - f64_of(p)).abs() <= 1e-12, || {
                format!("{name}: time of sample {}: ours {t}, package {p}", i + 1)
            });
        }

        let differs: BTreeSet<(usize, usize)> = truth["peer_differs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["channel"].as_u64().unwrap() as usize,
                    d["sample"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let peer_analog = peer["analog"].as_array().unwrap();
        assert_eq!(ours.analog_channels.len(), peer_analog.len(), "{name}");
        for (k, (channel, p)) in ours.analog_channels.iter().zip(peer_analog).enumerate() {
            let c = &channel.config;
            let mut expect = |ok: bool, what: &str| {
                check(&mut failures, ok, || {
                    format!("{name}: analog {} {what}", c.id)
                });
            };
            expect(c.id == str_of(&p["id"]), "id");
            expect(c.phase == str_of(&p["ph"]), "ph");
            expect(c.circuit == str_of(&p["ccbm"]), "ccbm");
            expect(c.unit == str_of(&p["uu"]), "uu");
            // serde_json (without its float_roundtrip feature) may read a float 1 ulp off.
            expect(close(c.a, f64_of(&p["a"])), "a");
            expect(close(c.b, f64_of(&p["b"])), "b");
            expect(c.skew_us == f64_of(&p["skew"]), "skew");
            if h.revision != Revision::Ieee1991 {
                // 1991 has no such fields; the package then fills in zeros.
                expect(c.primary == f64_of(&p["primary"]), "primary");
                expect(c.secondary == f64_of(&p["secondary"]), "secondary");
                let ps = match c.scaling {
                    Scaling::Primary => "P",
                    Scaling::Secondary => "S",
                };
                expect(ps == str_of(&p["pors"]), "PS");
            }
            let scale = c.scale();
            let values = p["values"].as_array().unwrap();
            assert_eq!(values.len(), channel.samples.len(), "{name} {}", c.id);
            for (i, (ours_value, peer_value)) in channel.samples.iter().zip(values).enumerate() {
                let ours_value = ours_value / scale;
                let peer_value = f64_of(peer_value);
                if differs.contains(&(k, i)) {
                    known_differences += 1;
                    check(
                        &mut failures,
                        peer_value.is_nan() && ours_value.is_finite(),
                        || {
                            format!(
                                "{name}: {} sample {}: the package was expected to read it as missing",
                                c.id,
                                i + 1
                            )
                        },
                    );
                    continue;
                }
                compared_values += 1;
                let agree = if peer_value.is_nan() {
                    ours_value.is_nan()
                } else {
                    (ours_value - peer_value).abs() <= 1e-12 * (peer_value.abs() + c.b.abs())
                };
                check(&mut failures, agree, || {
                    format!(
                        "{name}: {} sample {}: ours {ours_value} (÷ {scale}), package {peer_value}",
                        c.id,
                        i + 1
                    )
                });
            }
        }
        let peer_status = peer["status"].as_array().unwrap();
        assert_eq!(ours.status_channels.len(), peer_status.len(), "{name}");
        for (channel, p) in ours.status_channels.iter().zip(peer_status) {
            let values: Vec<bool> = p["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64() == Some(1))
                .collect();
            check(&mut failures, channel.config.id == str_of(&p["id"]), || {
                format!("{name}: status id {}", channel.config.id)
            });
            check(&mut failures, channel.samples == values, || {
                format!("{name}: status values of {}", channel.config.id)
            });
        }
    }
    assert_no_failures(&failures);
    assert!(
        compared_values > 100_000,
        "only {compared_values} values compared"
    );
    // markers1991_binary (raw -1) and markers2013_ascii (raw 99999) hold the known differences.
    assert!(
        known_differences >= 100,
        "only {known_differences} known differences met"
    );
}

#[test]
fn every_peer_record_holds_the_signals_it_was_generated_from() {
    let mut failures = Vec::new();
    for PeerRecord {
        name, truth, ours, ..
    } in &peer_records()
    {
        let times: Vec<f64> = serde_json::from_value(truth["times_s"].clone()).unwrap();
        assert_eq!(ours.len(), times.len(), "{name}");
        for (i, (t, expected)) in ours.times_s.iter().zip(&times).enumerate() {
            check(&mut failures, (t - expected).abs() <= 1e-12, || {
                format!(
                    "{name}: time of sample {}: {t} instead of {expected}",
                    i + 1
                )
            });
        }
        let start: Timestamp = str_of(&truth["start_utc"]).parse().unwrap();
        check(
            &mut failures,
            ours.header.start_utc() == Some(start),
            || {
                format!(
                    "{name}: start {:?} instead of {start}",
                    ours.header.start_utc()
                )
            },
        );
        for (channel, spec) in ours
            .analog_channels
            .iter()
            .zip(truth["analog"].as_array().unwrap())
        {
            let c = &channel.config;
            let amplitude = f64_of(&spec["amplitude_si"]);
            let omega = 2.0 * std::f64::consts::PI * f64_of(&spec["frequency_hz"]);
            let phase = f64_of(&spec["phase_deg"]).to_radians();
            let dc = f64_of(&spec["dc_si"]);
            let tolerance = f64_of(&spec["tolerance_si"]);
            let missing: BTreeSet<usize> = serde_json::from_value(spec["missing"].clone()).unwrap();
            check(
                &mut failures,
                (c.scale() - f64_of(&spec["scale"])).abs() <= 1e-12 * c.scale(),
                || {
                    format!(
                        "{name}: {} scale {} instead of {}",
                        c.id,
                        c.scale(),
                        spec["scale"]
                    )
                },
            );
            for (i, (value, t)) in channel.samples.iter().zip(&times).enumerate() {
                if missing.contains(&i) {
                    check(&mut failures, value.is_nan(), || {
                        format!("{name}: {} sample {} should be missing", c.id, i + 1)
                    });
                    continue;
                }
                let expected = amplitude * (omega * t + phase).sin() + dc;
                check(&mut failures, (value - expected).abs() <= tolerance, || {
                    format!(
                        "{name}: {} sample {}: {value} instead of {expected} ± {tolerance}",
                        c.id,
                        i + 1
                    )
                });
            }
        }
        for (channel, spec) in ours
            .status_channels
            .iter()
            .zip(truth["status"].as_array().unwrap())
        {
            let values: Vec<bool> = spec["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64() == Some(1))
                .collect();
            check(&mut failures, channel.samples == values, || {
                format!("{name}: status values of {}", channel.config.id)
            });
        }
    }
    assert_no_failures(&failures);
}

/// Amplitude, phase (radians) and mean of a sinusoid of `omega` sampled over whole cycles.
fn fit(samples: &[f64], times: &[f64], omega: f64) -> (f64, f64, f64) {
    let n = samples.len() as f64;
    let (mut s, mut c, mut m) = (0.0, 0.0, 0.0);
    for (x, t) in samples.iter().zip(times) {
        s += x * (omega * t).sin();
        c += x * (omega * t).cos();
        m += x;
    }
    let (s, c) = (2.0 * s / n, 2.0 * c / n);
    (s.hypot(c), c.atan2(s), m / n)
}

#[test]
fn the_waveforms_of_the_peer_records_carry_the_generated_amplitudes_or_the_expected_refusal() {
    let mut checked = 0;
    for PeerRecord {
        name, truth, ours, ..
    } in &peer_records()
    {
        let expected = &truth["waveforms"];
        let specs = truth["analog"].as_array().unwrap();
        let describe_channel = |id: &str| {
            let (position, channel) = ours
                .analog_channels
                .iter()
                .enumerate()
                .find(|(_, c)| c.config.id == id)
                .unwrap();
            channel.config.describe(position + 1)
        };
        match (str_of(&expected["outcome"]), ours.waveforms()) {
            ("ok", Ok(waveforms)) => {
                checked += 1;
                let rates = truth["rates"].as_array().unwrap();
                assert_eq!(waveforms.sample_rate_hz, f64_of(&rates[0][0]), "{name}");
                let start: Timestamp = str_of(&truth["start_utc"]).parse().unwrap();
                assert_eq!(waveforms.start, Some(start), "{name}");
                let roles: BTreeSet<&str> =
                    specs.iter().filter_map(|s| s["role"].as_str()).collect();
                let found: BTreeSet<&str> =
                    waveforms.channels.iter().map(|c| c.role.name()).collect();
                assert_eq!(found, roles, "{name}: the roles taken");
                let times: Vec<f64> = serde_json::from_value(truth["times_s"].clone()).unwrap();
                for spec in specs {
                    let Some(role) = spec["role"].as_str() else {
                        continue;
                    };
                    let role: ChannelRole = role.parse().unwrap();
                    let samples = waveforms.channel(role).unwrap();
                    let omega = 2.0 * std::f64::consts::PI * f64_of(&spec["frequency_hz"]);
                    let (amplitude, phase, mean) = fit(samples, &times, omega);
                    let generated = f64_of(&spec["amplitude_si"]);
                    let tolerance = f64_of(&spec["tolerance_si"]);
                    assert!(
                        (amplitude - generated).abs() <= 1e-6 * generated + tolerance,
                        "{name}: {role} amplitude {amplitude} instead of {generated}"
                    );
                    let phase_error = (phase.to_degrees() - f64_of(&spec["phase_deg"]) + 540.0)
                        .rem_euclid(360.0)
                        - 180.0;
                    assert!(
                        phase_error.abs() < 0.01 + (tolerance / generated).to_degrees(),
                        "{name}: {role} phase off by {phase_error}°"
                    );
                    assert!(
                        (mean - f64_of(&spec["dc_si"])).abs() <= 1e-6 * generated + tolerance,
                        "{name}: {role} mean {mean}"
                    );
                }
            }
            (
                "missing",
                Err(ComtradeError::MissingSample {
                    channel,
                    sample,
                    count,
                }),
            ) => {
                assert_eq!(
                    channel,
                    describe_channel(str_of(&expected["channel"])),
                    "{name}"
                );
                assert_eq!(sample, expected["sample"].as_u64().unwrap(), "{name}");
                assert_eq!(count, expected["count"].as_u64().unwrap(), "{name}");
            }
            ("several_rates", Err(ComtradeError::SeveralSampleRates { rates })) => {
                let expected: Vec<f64> = serde_json::from_value(expected["rates"].clone()).unwrap();
                assert_eq!(rates, expected, "{name}");
            }
            ("no_rate", Err(ComtradeError::NoSampleRate)) => {}
            (outcome, got) => panic!("{name}: expected {outcome}, got {got:?}"),
        }
    }
    assert!(checked >= 12, "only {checked} records gave waveforms");
}

// ---------------------------------------------------------------------------------------------
// Hand-written records

#[test]
fn the_good_fixture_reads_in_primary_units_with_its_roles() {
    let record = parse_fixture("good.cfg", "good.dat").unwrap();
    assert_eq!(record.header.station_name, "Fixture substation");
    assert_eq!(record.len(), 4);
    let va = record.analog("VA").unwrap();
    assert_eq!(va.config.quantity, Quantity::Voltage);
    assert_eq!(va.config.sample_unit(), "V");
    // 0.01 kV per unit: 2000 → 20 kV.
    assert_eq!(va.samples, [0.0, 20_000.0, 0.0, -20_000.0]);
    // 0.1 A secondary per unit, 600/5: 10 → 120 A.
    let ia = record.analog("IA").unwrap();
    assert!((ia.samples[1] - 120.0).abs() < 1e-9, "{:?}", ia.samples);
    assert_eq!(
        record.status_channels[0].samples,
        [false, false, true, true]
    );
    assert_eq!(
        record.channel_roles(),
        [
            Some(ChannelRole::VoltageL1),
            Some(ChannelRole::VoltageL2),
            Some(ChannelRole::VoltageL3),
            Some(ChannelRole::CurrentL1),
            Some(ChannelRole::CurrentL2),
            Some(ChannelRole::CurrentL3),
        ]
    );
    let waveforms = record.waveforms().unwrap();
    assert_eq!(waveforms.sample_rate_hz, 1000.0);
    assert_eq!(waveforms.len(), 4);
    assert_eq!(
        waveforms.start.unwrap().to_string(),
        "2023-06-25T08:15:30.25Z"
    );
}

fn fixture_error(cfg: &str, dat: &str) -> String {
    parse_fixture(cfg, dat)
        .and_then(|r| r.waveforms().map(|_| ()))
        .expect_err("the fixture must be refused")
        .to_string()
}

#[test]
fn a_multiplier_that_is_not_a_number_names_its_cfg_line_and_field() {
    assert_eq!(
        fixture_error("bad_multiplier.cfg", "good.dat"),
        "cfg line 6, field a of analog channel 4: `0.1x` is not a number (the channel multiplier)"
    );
}

#[test]
fn a_comma_inside_a_channel_id_is_refused_rather_than_shifting_the_scaling() {
    assert_eq!(
        fixture_error("comma_in_id.cfg", "good.dat"),
        "cfg line 6, analog channel 4: expected at most 13 fields (An,ch_id,ph,ccbm,uu,a,b,skew,min,max,primary,secondary,PS), found 14; is there a comma inside a name?"
    );
}

#[test]
fn a_truncated_binary_file_names_the_samples_found_and_expected() {
    assert_eq!(
        fixture_error("truncated_binary.cfg", "truncated_binary.dat"),
        "dat is truncated: 7 samples found, 10 expected (the last endsamp of the cfg); sample 8 is cut after 5 of its 14 bytes"
    );
}

#[test]
fn a_truncated_ascii_file_names_the_samples_found_and_expected() {
    assert_eq!(
        fixture_error("good.cfg", "truncated.dat"),
        "dat is truncated: 3 samples found, 4 expected (the last endsamp of the cfg)"
    );
}

#[test]
fn a_value_that_is_not_a_number_names_its_dat_line_sample_and_field() {
    assert_eq!(
        fixture_error("good.cfg", "bad_value.dat"),
        "dat line 3 (sample 3): field 4 (analog channel 2 \"VB\"): `12.3.4` is not a number"
    );
}

#[test]
fn two_channels_claiming_one_role_are_refused_with_both_named() {
    assert_eq!(
        fixture_error("duplicate_role.cfg", "good.dat"),
        "analog channel 1 \"VA\" (cfg line 3: ph \"A\", uu \"kV\") and analog channel 3 \"VC\" (cfg line 5: ph \"AN\", uu \"kV\") both measure u_l1; keep one of them (fix the ph field of the other)"
    );
}

#[test]
fn a_record_with_two_sample_rates_reads_but_gives_no_waveforms() {
    let record = parse_fixture("two_rates.cfg", "good.dat").unwrap();
    assert_eq!(record.times_s, [0.0, 0.001, 0.003, 0.005]);
    assert_eq!(
        record.waveforms().unwrap_err().to_string(),
        "the record has 2 different sample rates (1000 Hz, 500 Hz); the analyser needs a single rate"
    );
}

#[test]
fn a_record_without_current_channels_lists_what_it_saw() {
    assert_eq!(
        fixture_error("no_current.cfg", "good.dat"),
        "no current channel found (a uu of A, kA or mA and a ph, or a channel id, naming a phase or N); analog channels: \
         1 \"VA\" (ph \"A\", uu \"kV\") → u_l1; 2 \"VB\" (ph \"B\", uu \"kV\") → u_l2; 3 \"VC\" (ph \"C\", uu \"kV\") → u_l3; \
         4 \"CT1\" (ph \"\", uu \"A\") left out; 5 \"CT2\" (ph \"\", uu \"A\") left out; 6 \"CT3\" (ph \"\", uu \"A\") left out"
    );
}

#[test]
fn a_cff_reads_as_its_cfg_and_dat_pair() {
    let pair = parse_fixture("good.cfg", "good.dat").unwrap();
    let cff = read(&fixture("good.cff"));
    let single = Record::parse_cff(&cff).unwrap();
    assert_eq!(single.header, pair.header);
    assert_eq!(single.times_s, pair.times_s);
    for (one, other) in single.analog_channels.iter().zip(&pair.analog_channels) {
        assert_eq!(one.samples, other.samples);
        // The cff's lines count from its first section line.
        assert_eq!(one.config.line, other.config.line + 1);
    }
    assert_eq!(
        single.status_channels[0].samples,
        pair.status_channels[0].samples
    );
    let parts = Cff::split(&cff).unwrap();
    assert_eq!(Config::parse(&parts.cfg).unwrap().analog_channels.len(), 6);
    assert_eq!(parts.hdr, None);
}

#[test]
fn an_error_in_a_cff_names_the_line_of_the_cff() {
    let err = Record::parse_cff(&read(&fixture("bad_ft.cff"))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cfg line 16, field ft: `ASCI` is not a data file type (ASCII, BINARY, BINARY32 or FLOAT32)"
    );
}

#[test]
fn errors_are_typed_so_callers_need_not_read_their_text() {
    let err = parse_fixture("truncated_binary.cfg", "truncated_binary.dat").unwrap_err();
    assert!(matches!(
        err,
        ComtradeError::Truncated {
            found: 7,
            expected: 10,
            ..
        }
    ));
    let err = parse_fixture("bad_multiplier.cfg", "good.dat").unwrap_err();
    assert!(matches!(err, ComtradeError::Cfg { line: 6, .. }));
}

// ---------------------------------------------------------------------------------------------
// No panic, whatever the bytes

/// Bytes that change the meaning of a COMTRADE file when they land in the wrong place.
const TELLING_BYTES: &[u8] = b",\n\r0123456789-+.eE /:AaDdSsPpxX\x00\xff\x80";

fn exercise(cfg: &[u8], dat: &[u8]) {
    let _ = Config::parse(&String::from_utf8_lossy(cfg));
    if let Ok(record) = Record::parse_bytes(cfg, dat) {
        let _ = record.channel_roles();
        let _ = record.sample_time(record.len().saturating_sub(1));
        let _ = record.into_waveforms();
    }
    let mut cff = cfg.to_vec();
    cff.extend_from_slice(dat);
    if let Ok(record) = Record::parse_cff(&cff) {
        let _ = record.waveforms();
    }
}

fn mutate(mut bytes: Vec<u8>, edits: &[(prop::sample::Index, u8, u8)]) -> Vec<u8> {
    for (at, byte, kind) in edits {
        if bytes.is_empty() {
            bytes.push(*byte);
            continue;
        }
        let i = at.index(bytes.len());
        match kind % 4 {
            0 => bytes[i] = *byte,
            1 => bytes.insert(i, *byte),
            2 => {
                bytes.remove(i);
            }
            _ => bytes.truncate(i),
        }
    }
    bytes
}

fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8, u8)>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            prop::sample::select(TELLING_BYTES),
            any::<u8>(),
        ),
        1..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_make_the_reader_panic(
        cfg in prop::collection::vec(any::<u8>(), 0..600),
        dat in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        exercise(&cfg, &dat);
        let _ = Cff::split(&dat);
    }

    #[test]
    fn mutated_ascii_records_never_make_the_reader_panic(
        cfg_edits in edits(),
        dat_edits in edits(),
        which in 0..3usize,
    ) {
        let cfg = ["good.cfg", "two_rates.cfg", "no_current.cfg"][which];
        let cfg = mutate(read(&fixture(cfg)), &cfg_edits);
        let dat = mutate(read(&fixture("good.dat")), &dat_edits);
        exercise(&cfg, &dat);
    }

    #[test]
    fn mutated_binary_records_never_make_the_reader_panic(
        cfg_edits in edits(),
        dat_edits in edits(),
        format in prop::sample::select(vec!["BINARY", "BINARY32", "FLOAT32"]),
    ) {
        let cfg = String::from_utf8(read(&fixture("truncated_binary.cfg")))
            .unwrap()
            .replace("1000,10", "1000,3")
            .replace("BINARY", format);
        let cfg = mutate(cfg.into_bytes(), &cfg_edits);
        let dat = mutate(read(&fixture("truncated_binary.dat")), &dat_edits);
        exercise(&cfg, &dat);
    }

    #[test]
    fn mutated_cff_files_never_make_the_reader_panic(edits in edits()) {
        let cff = mutate(read(&fixture("good.cff")), &edits);
        if let Ok(record) = Record::parse_cff(&cff) {
            let _ = record.waveforms();
        }
    }
}

#[test]
fn the_channels_of_a_record_keep_every_cfg_field() {
    let record = parse_fixture("good.cfg", "good.dat").unwrap();
    let ia: &AnalogChannelConfig = &record.analog("IA").unwrap().config;
    assert_eq!(ia.index, 4);
    assert_eq!(ia.circuit, "Feeder");
    assert_eq!((ia.a, ia.b, ia.skew_us), (0.1, 0.0, 0.0));
    assert_eq!((ia.min, ia.max), (Some(-32767.0), Some(32767.0)));
    assert_eq!(
        (ia.primary, ia.secondary, ia.scaling),
        (600.0, 5.0, Scaling::Secondary)
    );
    assert_eq!(ia.line, 6);
    assert_eq!(record.header.revision, Revision::Ieee1999);
    assert_eq!(
        record.header.trigger_utc().unwrap().to_string(),
        "2023-06-25T08:15:30.252Z"
    );
}
