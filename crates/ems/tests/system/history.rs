//! The data directory from the command line: the site configuration kept in the store
//! (`ems run`, `ems config`), consumption queries (`ems query`) and store care (`ems store`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{demo_site_path, ems_in, point};
use ems_model::{DeviceId, ManualClock};
use ems_store::HistoryWriter;
use ems_store::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use ems_store::sqlite::{SqliteStore, StoreOptions};
use ems_store::store::ConfigSource;
use jiff::{SignedDuration, Timestamp};
use std::path::Path;
use std::sync::Arc;

/// A store holding the demo site and one local day (2026-06-10 in Rome) of the lighting meter:
/// 250 Wh every 15 minutes, and 230 V.
fn store_with_a_day(dir: &Path) {
    store_with_a_day_of(dir, |_| {});
}

/// The same, with the demo site changed by `change` first.
fn store_with_a_day_of(dir: &Path, change: impl FnOnce(&mut ems_model::site::SiteConfig)) {
    let library = ems::cli::library(None).unwrap();
    let text = std::fs::read_to_string(demo_site_path()).unwrap();
    let mut site = ems_model::site::SiteConfig::from_toml_str(&text, &library).unwrap();
    change(&mut site);
    let clock = Arc::new(ManualClock::new("2026-06-12T00:00:00Z".parse().unwrap()));
    let store = SqliteStore::open(dir, StoreOptions::default(), clock).unwrap();
    store.save_site(&site, ConfigSource::Seed).unwrap();
    let start: Timestamp = "2026-06-09T22:00:00Z".parse().unwrap();
    let records = (0..96)
        .map(|i| {
            let mut r = IntervalRecord::new(
                DeviceId::new("lighting").unwrap(),
                start + SignedDuration::from_mins(15 * i),
                15,
            );
            r.set_counter(CounterInterval {
                point: point("energy_active_import"),
                end_value: 1_000_000 + 250 * (i + 1),
                delta: 250,
                flags: CounterFlags::default(),
            });
            r.set_stat(StatInterval {
                point: point("voltage_l1"),
                mean: 230.5,
                min: 229.0,
                max: 232.0,
            });
            r
        })
        .collect();
    store.append(records).unwrap();
    store.close().unwrap();
}

#[test]
fn the_first_run_saves_the_site_file_and_a_different_file_is_refused_until_imported() {
    let data = tempfile::tempdir().unwrap();
    let site = demo_site_path();
    let (ok, _, stderr) = ems_in(data.path(), &["run", &site, "--for", "1s"]);
    assert!(ok, "{stderr}");
    // The store is now the reference: no file needed.
    let (ok, _, stderr) = ems_in(data.path(), &["run", "--for", "1s"]);
    assert!(ok, "{stderr}");
    let (ok, exported, _) = ems_in(data.path(), &["config", "export"]);
    assert!(ok);
    let changed = exported.replace("name = \"Demo office\"", "name = \"Demo office B\"");
    assert_ne!(changed, exported);
    let other = data.path().join("changed.toml");
    std::fs::write(&other, &changed).unwrap();
    let (ok, _, stderr) = ems_in(
        data.path(),
        &["run", other.to_str().unwrap(), "--for", "1s"],
    );
    assert!(!ok);
    assert!(
        stderr.contains("already holds a site configuration (version 1")
            && stderr.contains("ems config import"),
        "{stderr}"
    );
    let (ok, stdout, stderr) = ems_in(data.path(), &["config", "import", other.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("version 2"), "{stdout}");
    let (ok, stdout, _) = ems_in(data.path(), &["config", "import", other.to_str().unwrap()]);
    assert!(ok && stdout.contains("nothing changed"), "{stdout}");
    let (_, versions, _) = ems_in(data.path(), &["config", "versions"]);
    let lines: Vec<&str> = versions.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{versions}");
    assert!(
        lines[0].starts_with("2 ") && lines[0].ends_with("import"),
        "{versions}"
    );
    assert!(
        lines[1].starts_with("1 ") && lines[1].ends_with("seed"),
        "{versions}"
    );
    let (_, first, _) = ems_in(data.path(), &["config", "export", "--version", "1"]);
    assert_eq!(first, exported);
    let out = data.path().join("out.toml");
    let (ok, _, _) = ems_in(
        data.path(),
        &["config", "export", "-o", out.to_str().unwrap()],
    );
    assert!(ok);
    assert_eq!(std::fs::read_to_string(out).unwrap(), changed);
}

#[test]
fn an_import_with_errors_changes_nothing_and_names_every_error() {
    let data = tempfile::tempdir().unwrap();
    let (ok, _, _) = ems_in(data.path(), &["config", "import", &demo_site_path()]);
    assert!(ok);
    let bad = data.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[site]\nname = \"x\"\ntime_zone = \"Europe/Rom\"\nsample_rate_minutes = 7\n",
    )
    .unwrap();
    let (ok, _, stderr) = ems_in(data.path(), &["config", "import", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        stderr.contains("site.time_zone") && stderr.contains("Europe/Rome"),
        "{stderr}"
    );
    assert!(stderr.contains("site.sample_rate_minutes"), "{stderr}");
    let (_, versions, _) = ems_in(data.path(), &["config", "versions"]);
    assert_eq!(versions.lines().count(), 2, "{versions}");
}

#[test]
fn histograms_come_out_as_a_table_as_csv_with_either_separator_and_as_json() {
    let data = tempfile::tempdir().unwrap();
    store_with_a_day(data.path());
    let args = [
        "query",
        "histogram",
        "--scope",
        "device:lighting",
        "--period",
        "day",
        "--date",
        "2026-06-10",
    ];
    let (ok, table, stderr) = ems_in(data.path(), &args);
    assert!(ok, "{stderr}");
    assert!(table.contains("in kWh"), "{table}");
    let total = table.lines().find(|l| l.starts_with("total")).unwrap();
    assert!(total.contains("24.000"), "{table}");

    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let (ok, csv, _) = ems_in(data.path(), &csv_args);
    assert!(ok);
    // The demo site keeps the seeds' defaults: semicolons, decimal comma.
    let header = csv.lines().next().unwrap();
    assert!(header.contains(';') && header.contains("Wh"), "{header}");
    assert!(csv.lines().any(|l| l.contains(";1000;")), "{csv}");
    csv_args.extend(["--separator", "comma", "--decimal", "point"]);
    let (_, csv, _) = ems_in(data.path(), &csv_args);
    assert!(csv.lines().next().unwrap().contains(','), "{csv}");

    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (ok, json, _) = ems_in(data.path(), &json_args);
    assert!(ok);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["current"]["total"], 24_000);
    assert_eq!(value["current"]["buckets"].as_array().unwrap().len(), 24);
    // Yesterday has no data: no total, not zero.
    assert!(value["previous"]["total"].is_null());
}

#[test]
fn series_intervals_events_and_scopes_answer_from_the_store() {
    let data = tempfile::tempdir().unwrap();
    store_with_a_day(data.path());
    let (ok, series, stderr) = ems_in(
        data.path(),
        &[
            "query",
            "series",
            "--device",
            "lighting",
            "--point",
            "voltage_l1",
            "--from",
            "2026-06-10",
            "--to",
            "2026-06-11",
            "--max-points",
            "4",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&series).unwrap();
    let points = value["points"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    assert_eq!(points[0]["mean"], 230.5);
    assert_eq!(points[0]["min"], 229.0);
    let (ok, intervals, _) = ems_in(
        data.path(),
        &[
            "query",
            "intervals",
            "--device",
            "lighting",
            "--from",
            "2026-06-10",
            "--to",
            "2026-06-11",
        ],
    );
    assert!(ok);
    assert_eq!(intervals.lines().count(), 1 + 96, "{intervals}");
    let (ok, events, _) = ems_in(
        data.path(),
        &["query", "events", "--kind", "config_changed"],
    );
    assert!(ok && events.contains("config_changed"), "{events}");
    let (ok, scopes, _) = ems_in(data.path(), &["query", "scopes"]);
    assert!(ok && scopes.contains("load:others"), "{scopes}");
}

#[test]
fn bad_questions_get_errors_that_say_what_was_wrong() {
    let data = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = ems_in(data.path(), &["query", "histogram"]);
    assert!(!ok && stderr.contains("no store at"), "{stderr}");
    store_with_a_day(data.path());
    for (args, expected) in [
        (
            vec!["query", "histogram", "--scope", "device:nope"],
            "unknown scope device:nope",
        ),
        (
            vec!["query", "histogram", "--scope", "building:a"],
            "invalid scope \"building:a\"",
        ),
        (
            vec!["query", "histogram", "--point", "voltage_l1"],
            "voltage_l1",
        ),
        (
            vec!["query", "histogram", "--point", "energy_active_imprt"],
            "did you mean \"energy_active_import\"",
        ),
        (
            vec!["query", "histogram", "--period", "week"],
            "use day, month, year or decade",
        ),
        (
            vec![
                "query",
                "series",
                "--device",
                "lighting",
                "--point",
                "voltage_l1",
                "--from",
                "yesterday",
                "--to",
                "2026-06-11",
            ],
            "--from \"yesterday\"",
        ),
        (
            vec!["query", "events", "--kind", "boom"],
            "unknown event kind \"boom\"",
        ),
    ] {
        let (ok, _, stderr) = ems_in(data.path(), &args);
        assert!(!ok, "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn store_health_backup_and_optimize_report_what_they_did() {
    let data = tempfile::tempdir().unwrap();
    store_with_a_day(data.path());
    let (ok, health, stderr) = ems_in(data.path(), &["store", "health", "--check"]);
    assert!(ok, "{stderr}");
    assert!(health.contains("integrity     ok"), "{health}");
    assert!(health.contains("last backup   none"), "{health}");
    let (ok, backup, stderr) = ems_in(data.path(), &["store", "backup"]);
    assert!(ok, "{stderr}");
    assert!(backup.contains("backups"), "{backup}");
    let files: Vec<_> = std::fs::read_dir(data.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("ems-backup-") && files[0].ends_with(".sqlite"));
    // The backup is a store of its own with the same data.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        data.path().join("backups").join(&files[0]),
        copy.path().join("ems.sqlite"),
    )
    .unwrap();
    let (ok, scopes, _) = ems_in(copy.path(), &["query", "scopes"]);
    assert!(ok && scopes.contains("device:lighting"), "{scopes}");
    let (ok, json, _) = ems_in(data.path(), &["store", "health", "--json"]);
    assert!(ok);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["last_backup"]["ok"], true);
    let (ok, optimized, _) = ems_in(data.path(), &["store", "optimize"]);
    assert!(ok && optimized.starts_with("optimized:"), "{optimized}");
    let (ok, _, _) = ems_in(data.path(), &["store", "rebuild-rollups"]);
    assert!(ok);
    let (_, table, _) = ems_in(
        data.path(),
        &[
            "query",
            "histogram",
            "--scope",
            "device:lighting",
            "--date",
            "2026-06-10",
        ],
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("total") && l.contains("24.000")),
        "{table}"
    );
}

#[test]
fn costs_by_tariff_come_out_as_a_table_csv_and_json_and_a_repricing_is_logged() {
    let data = tempfile::tempdir().unwrap();
    store_with_a_day(data.path());
    // Wednesday 2026-06-10 in Rome, 1 kWh an hour: F3 until 07:00 and from 23:00 (8 h at
    // 0.187), F2 07:00–08:00 and 19:00–23:00 (5 h at 0.219), F1 08:00–19:00 (11 h at 0.248).
    let args = [
        "query",
        "costs",
        "--scope",
        "load:lighting",
        "--period",
        "day",
        "--date",
        "2026-06-10",
    ];
    let (ok, table, stderr) = ems_in(data.path(), &args);
    assert!(ok, "{stderr}");
    assert!(
        table.starts_with(
            "Lighting (load:lighting) — cost of energy_active_import in EUR, 2026-06-10"
        ),
        "{table}"
    );
    let total = table.lines().last().unwrap();
    let cells: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(
        cells,
        ["total", "2.728", "1.095", "1.496", "5.319"],
        "{table}"
    );
    assert!(
        table.contains("F1 peak") && table.contains("F3 off-peak"),
        "{table}"
    );

    let (ok, csv, _) = ems_in(data.path(), &[&args[..], &["--format", "csv"]].concat());
    assert!(ok);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "start;end;label;F1 peak [Wh];F1 peak [EUR];F2 shoulder [Wh];F2 shoulder [EUR];\
         F3 off-peak [Wh];F3 off-peak [EUR];unpriced [Wh];cost [EUR]"
    );
    assert_eq!(
        lines.nth(10).unwrap(),
        "2026-06-10T10:00:00+02:00;2026-06-10T11:00:00+02:00;10:00;1000;0,248;;;;;;0,248"
    );

    let (ok, json, _) = ems_in(data.path(), &[&args[..], &["--format", "json"]].concat());
    assert!(ok);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["cost"], "5.319");
    assert_eq!(value["tariffs"][0]["tariff"], "f1");
    assert_eq!(value["tariffs"][0]["amount"], 11_000);

    let (ok, out, stderr) = ems_in(
        data.path(),
        &[
            "store",
            "reprice",
            "--from",
            "2026-06-10",
            "--to",
            "2026-06-10",
        ],
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        out,
        "costs from 2026-06-10 to 2026-06-10 priced again with the contracts in force (96 intervals)\n"
    );
    let (_, again, _) = ems_in(data.path(), &args);
    assert_eq!(again, table, "the same contract gives the same costs");
    let (_, events, _) = ems_in(
        data.path(),
        &["query", "events", "--kind", "costs_repriced"],
    );
    assert!(
        events.contains("priced again by the command line"),
        "{events}"
    );
    let (ok, _, stderr) = ems_in(
        data.path(),
        &[
            "store",
            "reprice",
            "--from",
            "2026-06-11",
            "--to",
            "2026-06-10",
        ],
    );
    assert!(!ok);
    assert!(
        stderr.contains("ends (2026-06-10) before it starts (2026-06-11)"),
        "{stderr}"
    );
    let (ok, _, stderr) = ems_in(data.path(), &["query", "costs", "--point", "voltage_l1"]);
    assert!(!ok);
    assert!(stderr.contains("voltage_l1 is not priced"), "{stderr}");
}

#[test]
fn imported_prices_from_a_csv_file_price_the_day_once_it_is_priced_again() {
    use ems_model::tariff::{DynamicPricing, Price, TariffPlan};
    let data = tempfile::tempdir().unwrap();
    store_with_a_day_of(data.path(), |site| {
        let electricity = site.tariffs.electricity.as_mut().unwrap();
        electricity.import = TariffPlan::default();
        electricity.dynamic = Some(DynamicPricing {
            surcharge: Price::parse("0.01").unwrap(),
        });
    });
    // Day-ahead prices for 2026-06-10 in Rome, hourly, semicolons and decimal commas.
    let mut csv = String::from("start;end;price\n");
    for h in 0..24 {
        let start = jiff::Timestamp::from_second(1_781_042_400 + h * 3600).unwrap();
        let end = jiff::Timestamp::from_second(1_781_042_400 + (h + 1) * 3600).unwrap();
        csv.push_str(&format!("{start};{end};0,{:02}\n", 10 + h));
    }
    let file = data.path().join("prices.csv");
    std::fs::write(&file, csv).unwrap();
    let (ok, out, stderr) = ems_in(
        data.path(),
        &["tariff", "import-prices", file.to_str().unwrap()],
    );
    assert!(ok, "{stderr}");
    assert!(
        out.ends_with(
            "24 electricity prices from 2026-06-09T22:00:00Z to 2026-06-10T22:00:00Z imported (0 stored before replaced)\n"
        ),
        "{out}"
    );
    // The day was recorded before the prices came: it has no costs until priced again.
    let args = [
        "query",
        "costs",
        "--scope",
        "device:lighting",
        "--date",
        "2026-06-10",
        "--format",
        "json",
    ];
    let (_, json, _) = ems_in(data.path(), &args);
    let before: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(before["cost"], serde_json::Value::Null);
    let (ok, _, stderr) = ems_in(
        data.path(),
        &[
            "store",
            "reprice",
            "--from",
            "2026-06-10",
            "--to",
            "2026-06-10",
        ],
    );
    assert!(ok, "{stderr}");
    let (_, json, _) = ems_in(data.path(), &args);
    let after: serde_json::Value = serde_json::from_str(&json).unwrap();
    // 1 kWh an hour at 0.10 … 0.33 plus 0.01: 24 × 0.01 + (0.10 + 0.33) × 12 = 5.4.
    assert_eq!(after["cost"], "5.4");
    assert_eq!(after["tariffs"][0]["tariff"], "dynamic");
    // A file with a bad line changes nothing and names the line.
    std::fs::write(
        &file,
        "start,end,price\n2026-06-11T00:00:00,2026-06-11T01:00:00Z,0.1\n",
    )
    .unwrap();
    let (ok, _, stderr) = ems_in(
        data.path(),
        &["tariff", "import-prices", file.to_str().unwrap()],
    );
    assert!(!ok);
    assert!(
        stderr.contains("line 2: start \"2026-06-11T00:00:00\" is not a time with its offset"),
        "{stderr}"
    );
    // A data directory without a store is said so, and none is created.
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(
        &file,
        "start,end,price\n2026-06-11T00:00:00Z,2026-06-11T01:00:00Z,0.1\n",
    )
    .unwrap();
    for args in [
        vec!["tariff", "import-prices", file.to_str().unwrap()],
        vec![
            "store",
            "reprice",
            "--from",
            "2026-06-10",
            "--to",
            "2026-06-10",
        ],
    ] {
        let (ok, _, stderr) = ems_in(empty.path(), &args);
        assert!(!ok && stderr.contains("no store in"), "{args:?}: {stderr}");
    }
    assert!(!empty.path().join("ems.sqlite").exists());
}

#[test]
fn the_recording_turns_link_events_into_interval_records_and_logged_events() {
    use ems_acquire::LinkEvent;
    use ems_acquire::counter::CounterVerdict;
    use ems_model::{DeviceStatus, Quality, Sample, SampleBatch, Value};
    use ems_store::RecordsReader;
    use ems_store::event::{EventFilter, EventKind};
    use ems_store::query::{HistoryReader, IntervalsQuery};

    let data = tempfile::tempdir().unwrap();
    let library = ems::cli::library(None).unwrap();
    let text = std::fs::read_to_string(demo_site_path()).unwrap();
    let site = ems_model::site::SiteConfig::from_toml_str(&text, &library).unwrap();
    let clock = Arc::new(ManualClock::new("2026-06-10T12:00:00Z".parse().unwrap()));
    let store = Arc::new(SqliteStore::open(data.path(), StoreOptions::default(), clock).unwrap());
    store.save_site(&site, ConfigSource::Seed).unwrap();
    let mut recording = ems::recording::Recording::new(&site, store.clone(), Vec::new()).unwrap();
    let device = DeviceId::new("lighting").unwrap();
    let start: Timestamp = "2026-06-10T08:00:30Z".parse().unwrap();
    let mut counter = 5_000_000;
    for minute in 0..31 {
        let at = start + SignedDuration::from_mins(minute);
        if minute == 20 {
            // A replaced meter, declared: the new one starts at 0.
            recording.on_event(&LinkEvent::Counter {
                device: device.clone(),
                point: point("energy_active_import"),
                at,
                verdict: CounterVerdict::Rebased {
                    previous: counter - 5,
                    value: 0,
                    declared: true,
                },
            });
            counter = 0;
        }
        recording.on_event(&LinkEvent::Samples(SampleBatch {
            device: device.clone(),
            timestamp: at,
            samples: vec![
                Sample {
                    point: point("energy_active_import"),
                    value: Value::Counter(counter),
                    quality: Quality::Good,
                },
                Sample {
                    point: point("active_power"),
                    value: Value::Float(300.0 + minute as f64),
                    quality: Quality::Good,
                },
            ],
        }));
        counter += 5;
    }
    recording.on_event(&LinkEvent::Status {
        device: device.clone(),
        status: DeviceStatus::CommunicationError,
        at: start + SignedDuration::from_mins(31),
        reason: Some("timeout".to_owned()),
    });
    recording.tick("2026-06-10T08:40:00Z".parse().unwrap());
    store.flush().unwrap();
    let reader = store.reader().unwrap();
    let intervals = reader
        .intervals(&IntervalsQuery {
            device: device.clone(),
            from: "2026-06-10T08:00:00Z".parse().unwrap(),
            to: "2026-06-10T09:00:00Z".parse().unwrap(),
        })
        .unwrap()
        .intervals;
    assert_eq!(intervals.len(), 2, "{intervals:#?}");
    let energy = |i: usize| intervals[i].counter(point("energy_active_import"));
    // The first reading came after 08:00: the first interval's start, and so its amount, is
    // unknown (a gap, not a zero); its statistics are there.
    assert!(energy(0).is_none());
    // 5 Wh a minute; the replacement happened in the second interval: the minute between the
    // old meter's last reading and the new one's first is not counted (75 - 5).
    let energy = |i: usize| intervals[i].counter(point("energy_active_import")).unwrap();
    assert_eq!(energy(1).delta, 70);
    assert!(energy(1).reset);
    assert_eq!(energy(1).end_value, 48);
    let power = intervals[0].stat(point("active_power")).unwrap();
    assert_eq!((power.min, power.max), (300.0, 314.0));
    let events = reader.events(&EventFilter::default()).unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.event.kind).collect();
    assert!(kinds.contains(&EventKind::CounterReset), "{kinds:?}");
    let status = events
        .iter()
        .find(|e| e.event.kind == EventKind::DeviceStatus)
        .unwrap();
    assert_eq!(
        status.event.message,
        "lighting: communication_error (timeout)"
    );
    store.close().unwrap();
}
