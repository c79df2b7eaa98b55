//! Consumption history, CSV downloads, the event log, system information and the site file's
//! versions, with interval records written into the server's real store.

use crate::support::*;
use ems_api::running::RunningSite;
use ems_model::access::Role;
use ems_model::site::{DecimalSeparator, FieldSeparator};
use ems_model::{DeviceId, Point};
use ems_store::HistoryWriter;
use ems_store::account::AuditResult;
use ems_store::event::{EventKind, NewEvent, Severity};
use ems_store::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::Value;

/// Local midnight of 2026-06-01 in Rome (summer time, UTC+2).
const JUNE_1: &str = "2026-05-31T22:00:00Z";

fn at(start: &str, minutes: i64) -> Timestamp {
    start.parse::<Timestamp>().unwrap() + SignedDuration::from_mins(minutes)
}

fn energy(device: &str, start: Timestamp, delta: i64) -> IntervalRecord {
    let mut r = IntervalRecord::new(DeviceId::new(device).unwrap(), start, 15);
    r.set_counter(CounterInterval {
        point: Point::from_name("energy_active_import").unwrap(),
        end_value: 1_000_000 + delta,
        delta,
        flags: CounterFlags::default(),
    });
    r
}

/// On 2026-06-01 `main` uses 100 Wh and `heat` (load heating) 25 Wh every 15 minutes, and
/// `main`'s voltage is measured from 10:00 to 11:00; on 2026-05-31 `main` uses 200 Wh in the
/// first half of 10:00 and nothing else is measured.
fn write_history(server: &TestServer) {
    let mut records = Vec::new();
    for quarter in 0..96 {
        records.push(energy("main", at(JUNE_1, 15 * quarter), 100));
        records.push(energy("heat", at(JUNE_1, 15 * quarter), 25));
    }
    for quarter in 0..2 {
        records.push(energy(
            "main",
            at(JUNE_1, -24 * 60 + 10 * 60 + 15 * quarter),
            100,
        ));
    }
    for (quarter, volts) in [229.0, 230.0, 231.0, 232.0].into_iter().enumerate() {
        let mut r = IntervalRecord::new(
            DeviceId::new("main").unwrap(),
            at(JUNE_1, 10 * 60 + 15 * quarter as i64),
            15,
        );
        r.set_stat(StatInterval {
            point: Point::from_name("voltage_l1").unwrap(),
            mean: volts,
            min: volts - 1.0,
            max: volts + 1.0,
        });
        records.push(r);
    }
    server.store.append(records).unwrap();
}

/// A server whose store holds [`write_history`]'s records, and its administrator.
async fn server_with_history() -> (TestServer, Session) {
    let server = TestServer::start().await;
    write_history(&server);
    let admin = server.admin().await;
    (server, admin)
}

/// The JSON of a 200 answer.
async fn json(response: reqwest::Response) -> Value {
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
    response.json().await.unwrap()
}

/// The JSON of the 200 answer to GET `path`.
async fn get_json(session: &Session, path: &str) -> Value {
    json(session.get(path).await).await
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// The results of the audit entries of `action`, newest first.
fn audited(server: &TestServer, action: &str) -> Vec<AuditResult> {
    server
        .audit_entries(action)
        .into_iter()
        .map(|e| e.entry.result)
        .collect()
}

/// The problem of a 422 answer: its `invalid` code checked, its body returned.
async fn invalid(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid", "{body}");
    body
}

/// The problem of GET `path`, which must be refused as `invalid` naming `param` first.
async fn refused(session: &Session, path: &str, param: &str) -> Value {
    let body = invalid(session.get(path).await).await;
    assert_eq!(body["errors"][0]["path"], param, "{path}: {body}");
    body
}

#[tokio::test]
async fn a_day_histogram_has_an_hourly_bucket_of_what_was_measured_and_the_previous_day_beside_it()
{
    let (_server, admin) = server_with_history().await;
    let h = get_json(
        &admin,
        "/history/histogram?scope=device:main&period=day&date=2026-06-01",
    )
    .await;
    assert_eq!(h["scope"], "device:main");
    assert_eq!(h["name"], "Main meter");
    assert_eq!(h["unit"], "Wh");
    assert_eq!(h["time_zone"], "Europe/Rome");
    let buckets = h["current"]["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 24);
    assert_eq!(buckets[0]["label"], "00:00");
    assert_eq!(buckets[0]["start"], JUNE_1);
    assert!(buckets.iter().all(|b| b["amount"] == 400));
    assert_eq!(h["current"]["total"], 9600);
    assert_eq!(h["previous"]["period"]["label"], "2026-05-31");
    assert_eq!(h["previous"]["total"], 200);
    let previous = h["previous"]["buckets"].as_array().unwrap();
    assert_eq!(previous[10]["amount"], 200);
    assert_eq!(previous[10]["coverage"], 0.5);
    assert_eq!(previous[9]["amount"], Value::Null, "a gap is no zero");

    // The site's energy is the default scope and point.
    let site = get_json(&admin, "/history/histogram?date=2026-06-01").await;
    assert_eq!(site["scope"], "site");
    assert_eq!(site["point"], "energy_active_import");
    assert_eq!(site["current"]["total"], 9600 + 2400);
}

#[tokio::test]
async fn the_csv_download_of_a_histogram_has_its_totals_the_sites_separators_and_a_safe_name() {
    let server = TestServer::start().await;
    write_history(&server);
    let mut site = (*server.site.site()).clone();
    site.site.csv_decimal_separator = DecimalSeparator::Point;
    site.site.csv_field_separator = FieldSeparator::Comma;
    server.site.apply(site).await.unwrap();
    let admin = server.admin().await;
    let r = admin
        .get("/history/histogram?scope=device:main&date=2026-06-01&format=csv")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header(&r, "content-disposition"),
        "attachment; filename=\"histogram_device-main_energy_active_import_day-2026-06-01.csv\""
    );
    let csv = r.text().await.unwrap();
    let rows: Vec<Vec<&str>> = csv
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "period",
            "start",
            "end",
            "label",
            "energy_active_import [Wh]",
            "coverage",
            "estimated"
        ]
    );
    let total = |period: &str| -> i64 {
        rows.iter()
            .filter(|r| r[0] == period)
            .filter_map(|r| r[4].parse::<i64>().ok())
            .sum()
    };
    assert_eq!(total("2026-06-01"), 9600);
    assert_eq!(total("2026-05-31"), 200);
    assert!(
        rows.iter()
            .any(|r| r[0] == "2026-05-31" && r[3] == "10:00" && r[5] == "0.5"),
        "{csv}"
    );
}

#[tokio::test]
async fn partials_split_by_load_and_a_comparison_puts_two_devices_side_by_side() {
    let (_server, admin) = server_with_history().await;
    let p = get_json(&admin, "/history/partials?by=load&date=2026-06-01").await;
    assert_eq!(p["kind"], "load");
    let total_of = |scope: &str| {
        p["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|part| part["scope"] == scope)
            .unwrap_or_else(|| panic!("no {scope} in {p}"))["current"]["total"]
            .clone()
    };
    assert_eq!(total_of("load:heating"), 2400);
    assert_eq!(total_of("load:others"), 9600);
    let r = admin
        .get("/history/partials?by=load&date=2026-06-01&format=csv")
        .await;
    assert_eq!(
        header(&r, "content-disposition"),
        "attachment; filename=\"partials_load_energy_active_import_day-2026-06-01.csv\""
    );
    refused(&admin, "/history/partials?by=device", "by").await;

    let c = get_json(
        &admin,
        "/history/compare?first=device:main&second=device:heat&date=2026-06-01",
    )
    .await;
    assert_eq!(c["first"]["name"], "Main meter");
    assert_eq!(c["first"]["series"]["total"], 9600);
    assert_eq!(c["second"]["name"], "Heat pump");
    assert_eq!(c["second"]["series"]["total"], 2400);
    let r = admin
        .get("/history/compare?first=device:main&second=device:heat&second_point=gas_volume")
        .await;
    let body = invalid(r).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("measure different things"),
        "{body}"
    );
    refused(&admin, "/history/compare?first=device:main", "second").await;
}

#[tokio::test]
async fn a_time_series_summarises_a_momentary_quantity_and_refuses_a_counter() {
    let (_server, admin) = server_with_history().await;
    let s = get_json(
        &admin,
        "/history/series?device=main&point=voltage_l1&from=2026-06-01&to=2026-06-02&max_points=48",
    )
    .await;
    assert_eq!(s["unit"], "V");
    assert_eq!(s["bucket_minutes"], 30);
    let points = s["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["mean"], 229.5);
    assert_eq!(points[0]["min"], 228.0);
    assert_eq!(points[1]["max"], 233.0);
    let r = admin
        .get(
            "/history/series?device=main&point=voltage_l1&from=2026-06-01&to=2026-06-02&format=csv",
        )
        .await;
    assert_eq!(
        header(&r, "content-disposition"),
        "attachment; filename=\"series_main_voltage_l1_2026-06-01-2026-06-02.csv\""
    );
    let r = admin
        .get("/history/series?device=main&point=energy_active_import&from=2026-06-01&to=2026-06-02")
        .await;
    invalid(r).await;
    refused(
        &admin,
        "/history/series?device=main&point=voltage_l1&from=yesterday&to=2026-06-02",
        "from",
    )
    .await;
    refused(
        &admin,
        "/history/series?device=main&point=voltage_l1&from=2026-06-01&to=2026-06-02&max_points=0",
        "max_points",
    )
    .await;
}

#[tokio::test]
async fn the_data_download_needs_reports_download_which_a_viewer_lacks() {
    let (server, admin) = server_with_history().await;
    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    let path = "/history/intervals?device=main&from=2026-06-01&to=2026-06-02&format=csv";
    let r = viewer.get(path).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");
    let r = viewer
        .get("/history/histogram?scope=device:main&date=2026-06-01")
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let r = admin.get(path).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        header(&r, "content-disposition"),
        "attachment; filename=\"intervals_main_2026-06-01-2026-06-02.csv\""
    );
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 96, "a header and every quarter hour");
    assert!(
        lines[0].starts_with("start;end;label;minutes;"),
        "{}",
        lines[0]
    );
    let i = get_json(
        &admin,
        "/history/intervals?device=main&from=2026-06-01&to=2026-06-02",
    )
    .await;
    assert_eq!(i["intervals"].as_array().unwrap().len(), 96);
    let scopes = get_json(&admin, "/history/scopes").await;
    assert!(
        scopes
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["scope"] == "device:heat" && s["name"] == "Heat pump")
    );
}

#[tokio::test]
async fn bad_parameters_are_named_with_what_is_allowed() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let body = invalid(admin.get("/history/histogram?period=week").await).await;
    assert_eq!(
        body["detail"],
        "period: \"week\" is not one of day, month, year, decade"
    );
    refused(&admin, "/history/histogram?date=2026-13-01", "date").await;
    let body = refused(
        &admin,
        "/history/histogram?point=energy_activ_import",
        "point",
    )
    .await;
    assert_eq!(body["errors"][0]["suggestion"], "energy_active_import");
    let body = invalid(admin.get("/history/histogram?point=voltage_l1").await).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("histograms are for counters")
    );
    let body = invalid(admin.get("/history/histogram?scope=device:nobody").await).await;
    assert!(body["detail"].as_str().unwrap().contains("device:nobody"));
    refused(&admin, "/history/histogram?format=xlsx", "format").await;
    let r = admin.get("/history/histogram?perod=month").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem_code(r).await, "bad_request");
}

#[tokio::test]
async fn path_traversal_and_header_injection_are_refused_and_read_no_file() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for (path, param) in [
        (
            "/history/histogram?scope=device:../../etc/passwd&format=csv",
            "scope",
        ),
        (
            "/history/histogram?scope=device:%2Fetc%2Fpasswd&format=csv",
            "scope",
        ),
        (
            "/history/compare?first=site&second=load:a%22%0D%0AX-Injected:%201&format=csv",
            "second",
        ),
        (
            "/history/intervals?device=../../etc/passwd&from=2026-06-01&to=2026-06-02&format=csv",
            "device",
        ),
        (
            "/history/series?device=main%0D%0AX-Injected:%201&point=voltage_l1&from=2026-06-01&to=2026-06-02",
            "device",
        ),
        ("/history/histogram?date=..%2F..%2Fetc%2Fpasswd", "date"),
        ("/events?device=..%2Fetc", "device"),
    ] {
        let r = admin.get(path).await;
        assert!(r.headers().get("x-injected").is_none(), "{path}");
        assert!(r.headers().get("content-disposition").is_none(), "{path}");
        let body = invalid(r).await;
        assert_eq!(body["errors"][0]["path"], param, "{path}: {body}");
        assert!(!body.to_string().contains("root:"), "{path}");
    }
    // A quote or a line break in a bad value comes back escaped, inside the JSON only.
    let body = invalid(
        admin
            .get("/history/histogram?scope=load:%22%0D%0Ax&format=csv")
            .await,
    )
    .await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with(r#""load:\"\r\nx" is not a scope"#),
        "{body}"
    );
}

#[tokio::test]
async fn events_are_listed_newest_first_and_filtered_by_kind() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let main = DeviceId::new("main").unwrap();
    for (minutes, kind, device) in [
        (0, EventKind::DeviceStatus, Some(main.clone())),
        (1, EventKind::Backup, None),
        (2, EventKind::DeviceStatus, Some(main.clone())),
        (3, EventKind::CounterReset, Some(main.clone())),
    ] {
        let mut event = NewEvent::new(at(JUNE_1, minutes), kind, Severity::Info, "it happened");
        event.device = device;
        server.store.log_event(event).unwrap();
    }
    let events = get_json(&admin, "/events?kind=device_status").await;
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e["kind"] == "device_status"));
    assert_eq!(events[0]["at"], at(JUNE_1, 2).to_string());
    assert_eq!(events[0]["device"], "main");
    assert!(events[0]["id"].as_i64() > events[1]["id"].as_i64());

    let both = get_json(&admin, "/events?kind=backup,counter_reset&limit=1").await;
    assert_eq!(both.as_array().unwrap().len(), 1);
    assert_eq!(both[0]["kind"], "counter_reset");
    let next = get_json(
        &admin,
        &format!("/events?kind=backup,counter_reset&before={}", both[0]["id"]),
    )
    .await;
    assert_eq!(next[0]["kind"], "backup");

    for (path, param) in [
        ("/events?kind=earthquake", "kind"),
        ("/events?kind=backup,,counter_reset", "kind"),
        ("/events?limit=1001", "limit"),
        ("/events?limit=0", "limit"),
        ("/events?before=last", "before"),
    ] {
        refused(&admin, path, param).await;
    }
}

#[tokio::test]
async fn system_information_shows_version_memory_and_store_to_web_server_configuration_only() {
    let (server, admin) = server_with_history().await;
    let info = get_json(&admin, "/system").await;
    assert_eq!(info["process"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(info["process"]["started_at"].is_string());
    assert!(info["process"]["memory_bytes"].as_u64().unwrap() > 0);
    assert!(info["process"]["cpu_percent"].as_f64().unwrap() >= 0.0);
    assert!(info["machine"]["cpu_count"].as_u64().unwrap() > 0);
    assert!(info["machine"]["memory_total_bytes"].as_u64().unwrap() > 0);
    assert!(info["machine"]["booted_at"].is_string());
    assert!(info["store"]["database_bytes"].as_u64().unwrap() > 0);
    assert!(info["store"]["free_bytes"].as_u64().unwrap() > 0);

    server.add_user("ines", Role::Installer).await;
    let installer = server.log_in("ines", PASSWORD).await;
    let r = installer.get("/system").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");
    let r = installer.post("/system/optimize", Value::Null).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn optimize_and_the_integrity_check_answer_their_reports() {
    let (server, admin) = server_with_history().await;
    let report = json(admin.post("/system/optimize", Value::Null).await).await;
    assert!(report["compacted_blocks"].is_u64(), "{report}");
    assert!(report["freed_bytes"].is_u64(), "{report}");
    let health = json(admin.post("/system/integrity-check", Value::Null).await).await;
    assert_eq!(health["integrity"]["ok"], true, "{health}");
    let info = get_json(&admin, "/system").await;
    assert_eq!(info["store"]["integrity"]["ok"], true);
    assert_eq!(audited(&server, "store_optimize"), [AuditResult::Success]);
    assert_eq!(
        audited(&server, "store_integrity_check"),
        [AuditResult::Success]
    );
}

#[tokio::test]
async fn an_exported_site_file_imports_back_as_a_new_version_and_a_broken_one_names_each_error() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let r = admin.get("/system/config").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "content-type"), "application/toml");
    assert_eq!(
        header(&r, "content-disposition"),
        "attachment; filename=\"site-v1.toml\""
    );
    let exported = r.text().await.unwrap();
    assert!(exported.contains("[devices.main]"), "{exported}");

    let import = |text: String| {
        admin
            .client
            .put(server.url("/system/config"))
            .header("x-csrf-token", &admin.csrf)
            .header("content-type", "application/toml")
            .body(text)
            .send()
    };
    let renamed = exported.replace("Test plant", "Renamed plant");
    let answer = json(import(renamed.clone()).await.unwrap()).await;
    assert_eq!(answer["version"], 2);
    assert_eq!(answer["changed"], true);
    assert_eq!(server.site.site().site.name, "Renamed plant");
    let again = json(import(renamed).await.unwrap()).await;
    assert_eq!(again["version"], 2);
    assert_eq!(again["changed"], false);
    let versions = get_json(&admin, "/system/config/versions").await;
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["source"], "api");
    assert_eq!(versions[1]["version"], 1);
    let first = admin
        .get("/system/config?version=1")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(first, exported);
    let r = admin.get("/system/config?version=9").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let broken = exported
        .replace("unit_id = 2", "unit_id = 300")
        .replace("eastron.sdm630", "eastron.sdm63");
    let body = invalid(import(broken).await.unwrap()).await;
    let paths: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"devices.heat.unit_id"), "{body}");
    assert!(paths.contains(&"devices.main.profile"), "{body}");
    let body = invalid(import("[site\nname = 1".to_owned()).await.unwrap()).await;
    assert!(
        body["errors"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("line "),
        "{body}"
    );
    assert_eq!(server.site.site().site.name, "Renamed plant");
    assert_eq!(
        audited(&server, "config_import"),
        [
            AuditResult::Failure,
            AuditResult::Failure,
            AuditResult::Success,
            AuditResult::Success
        ]
    );

    let r = admin
        .client
        .put(server.url("/system/config"))
        .header("x-csrf-token", &admin.csrf)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// `value` percent-encoded for a query.
fn encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b':' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn times_and_dates_are_read_only_in_the_forms_the_document_gives() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    // ISO 8601 forms beyond RFC 3339 that the time library reads: a local time without an
    // offset was taken for its date's midnight.
    for time in [
        "2026-06-01T10:00",
        "2026-06-01T10:00:00",
        "2026-06-01T10Z",
        "2026-06-01 10:00:00Z",
        "2026-06-01T10:00:00+0200",
        "2026-06-01T10:00:00+02",
        "2026-06-01T10:00:00+24:00",
        "2026-06-01T10:00:00+02:00[Europe/Rome]",
        "2026-06-01T10:00:00.1234567891Z",
        "2026-06-01T10:00:60Z",
        "20260601T100000Z",
        "20260601",
        "+002026-06-01",
    ] {
        let time = encoded(time);
        let series = "/history/series?device=main&point=voltage_l1&to=2026-06-03";
        refused(&admin, &format!("{series}&from={time}"), "from").await;
        refused(&admin, &format!("/events?since={time}"), "since").await;
        refused(&admin, &format!("/audit?until={time}"), "until").await;
        refused(&admin, &format!("/history/histogram?date={time}"), "date").await;
    }
    // What RFC 3339 allows: `t` and `z` in lower case, up to nine digits of a second, and a
    // leap second at 23:59 UTC.
    for time in [
        "2026-06-01t10:00:00z",
        "2026-06-01T10:00:00.123456789+02:00",
        "2026-06-30T23:59:60Z",
        "2026-07-01T01:59:60+02:00",
    ] {
        let time = encoded(time);
        let series = "/history/series?device=main&point=voltage_l1&to=2026-07-03";
        get_json(&admin, &format!("{series}&from={time}")).await;
        get_json(&admin, &format!("/events?since={time}")).await;
        get_json(&admin, &format!("/audit?until={time}")).await;
    }
    // A date alone is midnight in the site's time zone; the audit log reads times only.
    let s = get_json(
        &admin,
        "/history/series?device=main&point=voltage_l1&from=2026-06-01&to=2026-06-02",
    )
    .await;
    assert_eq!(s["from"], JUNE_1);
    refused(&admin, "/audit?since=2026-06-01", "since").await;
}

#[tokio::test]
async fn unknown_or_repeated_parameters_of_the_logs_and_live_values_are_refused_as_unreadable() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for path in [
        "/audit?usr=admin",
        "/audit?limit=1&limit=2",
        "/events?kinds=backup",
        "/events?limit=1&limit=2",
        "/live?device=heat",
        "/live/stream?device=heat",
        "/live?devices=heat&devices=main",
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(problem_code(r).await, "bad_request", "{path}");
    }
}

#[tokio::test]
async fn a_site_file_with_tariffs_imports_exports_and_survives_an_entity_edit_unchanged() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let exported = admin.get("/system/config").await.text().await.unwrap();
    let tariffs = r##"
[tariffs]
gas_kwh_per_m3 = "10.55"

[tariffs.electricity]
standing_charge = { per = "month", amount = "12.5" }

[tariffs.electricity.tariffs.peak]
name = "Peak"
colour = "#d55e00"
prices = [{ price = "0.2345" }, { from = "2026-07-01", price = "0.251" }]

[[tariffs.electricity.rules]]
tariff = "peak"
time = { from = "08:00", to = "18:59" }
days = ["mon", "tue", "wed", "thu", "fri"]
"##;
    let with_tariffs = format!("{exported}{tariffs}");
    let r = admin
        .client
        .put(server.url("/system/config"))
        .header("x-csrf-token", &admin.csrf)
        .header("content-type", "application/toml")
        .body(with_tariffs.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(json(r).await["changed"], true);
    let expected = server.site.site().tariffs.clone();
    assert!(expected.electricity.is_some() && expected.gas_kwh_per_m3.is_some());
    let back = admin.get("/system/config").await.text().await.unwrap();
    assert!(back.contains("[[tariffs.electricity.rules]]"), "{back}");
    // An edit of another section through the JSON API keeps the contract as it was.
    let mut site = json_answer(admin.get("/site").await, StatusCode::OK).await;
    site["name"] = Value::from("Renamed plant");
    json_answer(admin.put("/site", site).await, StatusCode::OK).await;
    assert_eq!(server.site.site().site.name, "Renamed plant");
    assert_eq!(server.site.site().tariffs, expected);
    let after = admin.get("/system/config").await.text().await.unwrap();
    assert_eq!(after, back.replace("Test plant", "Renamed plant"));
}
