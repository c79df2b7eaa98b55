//! The command line and the runtime as a user meets them: check, profiles, demo, run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{demo_site_path, ems, ems_in, ems_status};
use ems::runtime::Runtime;
use ems_model::{DeviceId, DeviceStatus, Point, Quality, SystemClock, Value};
use std::sync::Arc;
use std::time::Duration;

#[test]
fn check_accepts_the_demo_site() {
    let (ok, stdout, stderr) = ems(&["check", &demo_site_path()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("ok (3 links, 14 devices)"), "{stdout}");
}

#[test]
fn a_log_filter_that_does_not_parse_is_refused_with_the_reason() {
    let (ok, _, stderr) = ems(&[
        "--log",
        "info,ems_api::access=loud",
        "check",
        &demo_site_path(),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains(r#"--log (or EMS_LOG) "info,ems_api::access=loud""#)
            && stderr.contains("error parsing level filter"),
        "{stderr}"
    );
    let (ok, _, stderr) = ems(&[
        "--log",
        "info,ems_api::access=warn",
        "check",
        &demo_site_path(),
    ]);
    assert!(ok, "{stderr}");
}

#[test]
fn query_dates_and_times_are_read_only_as_rfc_3339_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = ems_in(dir.path(), &["config", "import", &demo_site_path()]);
    assert!(ok, "{stderr}");
    let series = "series --device main --point active_power --to 2026-06-02 --from";
    for (query, refusal) in [
        (
            "histogram --date",
            r#"'2026-06-01T10:00' for '--date <DATE>': "2026-06-01T10:00" is not a date: use YYYY-MM-DD"#,
        ),
        // A time without an offset is not taken as its date's midnight.
        (
            series,
            r#"--from "2026-06-01T10:00" is neither an RFC 3339 time"#,
        ),
    ] {
        let mut args: Vec<&str> = ["query"].into_iter().chain(query.split(' ')).collect();
        args.push("2026-06-01T10:00");
        let (ok, _, stderr) = ems_in(dir.path(), &args);
        assert!(!ok && stderr.contains(refusal), "{query}: {stderr}");
    }
}

#[test]
fn check_prints_every_error_with_its_path_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    std::fs::write(
        &path,
        r#"
[site]
name = "Broken"
time_zone = "Europe/Rome"

[links.bus]
kind = "modbus_rtu"
port = "/dev/ttyUSB0"
baud = 9601

[devices.main]
name = "Main"
profile = "eastron.sdm63"
link = "bus"
unit_id = 1

[devices.sub]
name = "Sub"
profile = "abb.b23"
link = "buss"
unit_id = 300
"#,
    )
    .unwrap();
    let (ok, _, stderr) = ems(&["check", path.to_str().unwrap()]);
    assert!(!ok);
    for expected in [
        r#"devices.main.profile: unknown profile "eastron.sdm63"; did you mean "eastron.sdm630"?"#,
        "links.bus.baud:",
        r#"devices.sub.link: "#,
        "devices.sub.unit_id:",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}

#[test]
fn profiles_list_shows_every_built_in_profile_and_the_generic_meter() {
    let (ok, stdout, _) = ems(&["profiles", "list", "--json"]);
    assert!(ok);
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = list.iter().map(|p| p["id"].as_str().unwrap()).collect();
    for id in [
        "carlo_gavazzi.em24",
        "carlo_gavazzi.em340",
        "eastron.sdm630",
        "eastron.sdm120",
        "eastron.sdm72",
        "abb.b23",
        "schneider.iem3255",
        "janitza.umg96rm",
        "socomec.countis_e23",
        "sunspec.meter_203",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let (_, table, _) = ems(&["profiles", "list"]);
    assert!(table.contains("generic.modbus_meter"));
}

#[test]
fn profiles_show_prints_the_register_map_or_suggests_a_near_id() {
    let (ok, stdout, _) = ems(&["profiles", "show", "eastron.sdm630", "--json"]);
    assert!(ok);
    let profile: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(profile["registers"][0]["point"], "voltage_l1");
    let (ok, _, stderr) = ems(&["profiles", "show", "eastron.sdm63"]);
    assert!(!ok);
    assert!(
        stderr.contains(r#"did you mean "eastron.sdm630"?"#),
        "{stderr}"
    );
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["profiles", "list", "--help"],
        vec!["profiles", "show", "--help"],
        vec!["device", "read", "--help"],
        vec!["sim", "--help"],
        vec!["run", "--help"],
        vec!["demo", "--help"],
        vec!["config", "--help"],
        vec!["query", "histogram", "--help"],
        vec!["store", "health", "--help"],
    ] {
        let (ok, stdout, _) = ems(&args);
        assert!(ok && stdout.contains("Usage:"), "{args:?}");
    }
}

#[test]
fn the_demo_polls_every_device_and_prints_them_on() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let (ok, stdout, stderr) = ems(&[
        "demo",
        "--print-every",
        "3s",
        "--for",
        "4s",
        "--data-dir",
        data_dir,
    ]);
    assert!(ok, "{stderr}");
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("DEVICE"))
        .skip(1)
        .collect();
    // Thirteen Modbus devices and the internal meter.
    assert_eq!(table.len(), 14, "{stdout}");
    for line in table {
        assert!(line.contains(" on "), "not on: {line}");
    }
}

/// The demo's simulator and the runtime in-process: every device comes on, values arrive in
/// our units and signs, and the PV meter exports.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runtime_keeps_a_process_image_of_the_demo_site_in_canonical_units() {
    let library = ems::cli::library(None).unwrap();
    let sim = ems::sim::start(ems::demo::SIM, &library).await.unwrap();
    let site = ems::demo::site_for(&sim, &library).unwrap();
    let runtime = Runtime::start(&site, &library, Arc::new(SystemClock), None).unwrap();
    let image = runtime.image();
    let everyone_on = || {
        let image = image.read().unwrap();
        image.devices().count() == site.devices.len()
            && image
                .devices()
                .all(|(_, d)| d.status == Some(DeviceStatus::On))
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !everyone_on() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not every device came on"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let image = image.read().unwrap();
    let value = |device: &str, point: &str| {
        let live = image.device(&DeviceId::new(device).unwrap()).unwrap();
        let v = live.points.get(&Point::from_name(point).unwrap()).unwrap();
        assert_eq!(v.quality, Quality::Good, "{device}/{point}");
        v.value
    };
    let Value::Float(volts) = value("main", "voltage_l1") else {
        panic!()
    };
    assert!((200.0..260.0).contains(&volts), "{volts} V");
    let Value::Counter(gas) = value("gas", "gas_volume") else {
        panic!()
    };
    assert!(gas >= 4_567_250, "gas counter in dm3: {gas}");
    let Value::Counter(wh) = value("main", "energy_active_import") else {
        panic!()
    };
    assert!(wh >= 812_345_000, "main meter counter in Wh: {wh}");
    let Value::Float(servers) = value("servers", "active_power") else {
        panic!()
    };
    assert!((3_000.0..3_400.0).contains(&servers), "{servers} W");
}

/// The seeds' four cost rules (003 §7.15.3): March 2020 → t3; Christmas every year → t2;
/// Monday to Friday 00:00–18:59 → t1; Monday to Friday 19:00–23:59 → t2.
const SEEDS_TARIFFS: &str = r##"
[site]
name = "Seeds"
time_zone = "Europe/Rome"

[tariffs.electricity.tariffs.t1]
name = "Tariff 1"
colour = "#0072b2"
prices = [{ price = "0.2345" }]

[tariffs.electricity.tariffs.t2]
name = "Tariff 2"
colour = "#d55e00"
prices = [{ price = "0.1567" }]

[tariffs.electricity.tariffs.t3]
name = "Tariff 3"
colour = "#009e73"
prices = [{ price = "0.1" }]

[[tariffs.electricity.rules]]
tariff = "t3"
valid = { from = "2020-03-01", to = "2020-03-31" }

[[tariffs.electricity.rules]]
tariff = "t2"
valid = { from = "2020-12-25", to = "2020-12-25" }
repeat_every_year = true

[[tariffs.electricity.rules]]
tariff = "t1"
time = { from = "00:00", to = "18:59" }
days = ["mon", "tue", "wed", "thu", "fri"]

[[tariffs.electricity.rules]]
tariff = "t2"
time = { from = "19:00", to = "23:59" }
days = ["mon", "tue", "wed", "thu", "fri"]
"##;

fn seeds_site(dir: &std::path::Path) -> String {
    let path = dir.join("seeds.toml");
    std::fs::write(&path, SEEDS_TARIFFS).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn tariff_check_lists_the_weekend_gaps_and_the_rule_that_never_wins_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let site = seeds_site(dir.path());
    let (code, stdout, stderr) = ems_status(&["tariff", "check", &site, "--from", "2026-01-01"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.starts_with(
            "electricity: 4 rules, 2026-01-01 to 2027-01-01 (Europe/Rome)\n  \
             gaps: 52 spans, 2496h not priced\n    \
             Sat 2026-01-03T00:00+01:00 → Mon 2026-01-05T00:00+01:00 (48h)\n"
        ),
        "{stdout}"
    );
    // Merged spans in local time, across the spring change (a 47-hour weekend).
    assert!(
        stdout.contains("    Sat 2026-03-28T00:00+01:00 → Mon 2026-03-30T00:00+02:00 (47h)\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("  rule 1 (t3) never wins: it holds at no instant of the period\n"),
        "{stdout}"
    );
    assert!(
        stderr.contains("the contracts have gaps or rules that never win"),
        "{stderr}"
    );
}

#[test]
fn tariff_check_exits_0_on_a_complete_contract_and_2_on_a_file_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    // Without the March 2020 rule, and with a last rule for every other instant.
    let complete = SEEDS_TARIFFS.replace(
        "[[tariffs.electricity.rules]]\ntariff = \"t3\"\nvalid = { from = \"2020-03-01\", to = \"2020-03-31\" }\n\n",
        "",
    ) + "\n[[tariffs.electricity.rules]]\ntariff = \"t2\"\n";
    assert!(!complete.contains("2020-03-01"));
    std::fs::write(&path, &complete).unwrap();
    let site = path.to_str().unwrap();
    let (code, stdout, stderr) = ems_status(&["tariff", "check", site, "--from", "2026-01-01"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("  gaps: none, every instant is priced\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  rules that never win: none\n"),
        "{stdout}"
    );

    std::fs::write(
        &path,
        SEEDS_TARIFFS.replace("\"t3\"\nvalid", "\"t4\"\nvalid"),
    )
    .unwrap();
    let (code, _, stderr) = ems_status(&["tariff", "check", site]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(r#"tariffs.electricity.rules[0].tariff: unknown tariff "t4""#),
        "{stderr}"
    );
    let missing = dir.path().join("missing.toml");
    let (code, _, _) = ems_status(&["tariff", "check", missing.to_str().unwrap()]);
    assert_eq!(code, Some(2));
}

#[test]
fn tariff_explain_names_the_rule_at_christmas_and_refuses_a_skipped_or_repeated_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let site = seeds_site(dir.path());
    let (code, stdout, stderr) =
        ems_status(&["tariff", "explain", &site, "--at", "2026-12-25T10:00"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "electricity: 2026-12-25T10:00:00+01:00 (Friday)\n  \
         rule 1 (t3) does not apply: outside its validity (2020-03-01 to 2020-03-31)\n  \
         rule 2 applies: tariff t2 (Tariff 2), 0.1567 per kWh (undated)\n"
    );
    // The same instant with its offset.
    let (_, with_offset, _) = ems_status(&[
        "tariff",
        "explain",
        &site,
        "--at",
        "2026-12-25T10:00+01:00",
        "--commodity",
        "electricity",
    ]);
    assert_eq!(with_offset, stdout);
    let (code, stdout, stderr) =
        ems_status(&["tariff", "explain", &site, "--at", "2026-03-29T02:30"]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stderr.contains(
            "2026-03-29T02:30 does not exist in Europe/Rome: at 2026-03-29T01:00:00Z the clocks \
             go forward from 02:00 (+01) to 03:00 (+02)"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = ems_status(&["tariff", "explain", &site, "--at", "2026-10-25T02:30"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "2026-10-25T02:30 happens twice in Europe/Rome (the clocks go back): at \
             2026-10-25T02:30+02:00 (2026-10-25T00:30:00Z) and at 2026-10-25T02:30+01:00 \
             (2026-10-25T01:30:00Z)"
        ),
        "{stderr}"
    );
}
