//! Bus scans (started, followed to their end, cancelled, one per bus) and the serial ports.

use crate::support::*;
use ems_model::access::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

/// Starts a scan; asserts `202` with a `Location` that shows the scan; returns that address
/// (`/api/v1/scans/<id>`) and the scan as answered.
async fn start(session: &Session, body: Value) -> (String, Value) {
    let response = session.post("/scans", body).await;
    assert_eq!(
        response.status(),
        StatusCode::ACCEPTED,
        "{}",
        response.text().await.unwrap()
    );
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let scan: Value = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/scans/{}", scan["id"]));
    (location, scan)
}

/// The scan at `location` once it is no longer running.
async fn finished(session: &Session, location: &str) -> Value {
    for _ in 0..500 {
        let response = session.get(location).await;
        assert_eq!(response.status(), StatusCode::OK);
        let scan: Value = response.json().await.unwrap();
        if scan["state"] != "running" {
            return scan;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the scan at {location} is still running");
}

/// The paths of the errors of a `422` answer.
async fn invalid_paths(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "invalid", "{problem}");
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_scan_of_a_saved_link_runs_to_its_end_and_shows_what_answered_and_what_is_configured() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (location, scan) = start(
        &admin,
        json!({"link": "bus", "unit_ids": {"from": 1, "to": 12}, "timeout_ms": 50}),
    )
    .await;
    assert_eq!(scan["state"], "running");
    assert_eq!(scan["link"], "bus");
    assert_eq!(scan["bus"], "127.0.0.1:1502");
    assert_eq!(scan["total"], 12);
    assert_eq!(scan["finished_at"], Value::Null);
    let scan = finished(&admin, &location).await;
    assert_eq!(scan["state"], "done", "{scan}");
    assert_eq!(scan["probed"], 12);
    assert_eq!(scan["error"], Value::Null);
    assert!(scan["finished_at"].is_string());
    assert_eq!(
        scan["found"],
        json!([
            {"unit_id": 1, "exception": 2, "candidates": [], "configured_as": "main"},
            {"unit_id": 2, "exception": 2, "candidates": [], "configured_as": "heat"},
            {"unit_id": 10, "exception": null, "configured_as": null, "candidates": [
                {"profile": "eastron.sdm120", "vendor": "Eastron", "model": "SDM120"}]},
        ])
    );
    // Once a device is added at unit 10, the scan shows it as configured.
    let added = admin
        .post(
            "/devices",
            json!({"id": "boiler", "name": "Boiler", "profile": "eastron.sdm120",
                "link": "bus", "unit_id": 10}),
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let scan: Value = admin.get(&location).await.json().await.unwrap();
    assert_eq!(scan["found"][2]["configured_as"], "boiler");
    let audit = server.audit_entries("link_scan");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].entry.target.as_deref(), Some("link:bus"));
    assert_eq!(audit[0].entry.user.as_deref(), Some("admin"));
}

#[tokio::test]
async fn a_scan_of_a_new_link_on_the_bus_of_a_saved_one_shows_the_saved_devices() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let link = json!({"kind": "modbus_tcp", "host": "127.0.0.1", "port": 1502});
    let (location, scan) = start(
        &admin,
        json!({"link": link, "unit_ids": {"from": 1, "to": 2}}),
    )
    .await;
    assert_eq!(scan["link"], Value::Null);
    assert_eq!(scan["bus"], "127.0.0.1:1502");
    let scan = finished(&admin, &location).await;
    let configured: Vec<&Value> = scan["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["configured_as"])
        .collect();
    assert_eq!(configured, [&json!("main"), &json!("heat")]);
    let audit = server.audit_entries("link_scan");
    assert_eq!(audit[0].entry.target.as_deref(), Some("bus:127.0.0.1:1502"));
}

#[tokio::test]
async fn a_bus_is_scanned_by_one_scan_at_a_time_and_a_cancelled_scan_frees_it() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (location, scan) = start(&admin, json!({"link": "bus"})).await;
    assert_eq!(scan["total"], 247);
    // The same bus through a new link with the same host and port: refused, naming the scan.
    let again = admin
        .post(
            "/scans",
            json!({"link": {"kind": "modbus_tcp", "host": "127.0.0.1", "port": 1502}}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let problem: Value = again.json().await.unwrap();
    assert_eq!(problem["code"], "conflict");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains(&format!("scan {}", scan["id"])), "{detail}");
    // Another bus may be scanned meanwhile.
    let (other, _) = start(
        &admin,
        json!({"link": {"kind": "modbus_tcp", "host": "127.0.0.1", "port": 1503},
            "unit_ids": {"from": 1, "to": 1}}),
    )
    .await;
    assert_eq!(finished(&admin, &other).await["state"], "done");
    // Cancelled: it shows so at once, with what it found, and the bus is free again.
    let cancel = admin.delete(&location).await;
    assert_eq!(cancel.status(), StatusCode::NO_CONTENT);
    let cancelled: Value = admin.get(&location).await.json().await.unwrap();
    assert_eq!(cancelled["state"], "cancelled");
    assert!(cancelled["finished_at"].is_string());
    assert!(cancelled["probed"].as_u64().unwrap() < 247, "{cancelled}");
    let probed = cancelled["probed"].clone();
    tokio::time::sleep(SCAN_STEP * 5).await;
    let later: Value = admin.get(&location).await.json().await.unwrap();
    assert_eq!(
        later["probed"], probed,
        "nothing is probed after the cancel"
    );
    assert_eq!(later["state"], "cancelled");
    // Cancelling a finished scan changes nothing.
    assert_eq!(
        admin.delete(&location).await.status(),
        StatusCode::NO_CONTENT
    );
    let (next, _) = start(
        &admin,
        json!({"link": "bus", "unit_ids": {"from": 5, "to": 6}}),
    )
    .await;
    assert_eq!(finished(&admin, &next).await["probed"], 2);
    let cancels = server
        .audit_entries("link_scan")
        .into_iter()
        .filter(|e| {
            e.entry
                .detail
                .as_ref()
                .is_some_and(|d| d["cancelled"] == true)
        })
        .count();
    assert_eq!(cancels, 1);
}

#[tokio::test]
async fn bad_unit_ids_timeouts_and_links_are_refused_naming_the_field() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for (body, paths) in [
        (
            json!({"link": "bus", "unit_ids": {"from": 0}}),
            vec!["unit_ids.from"],
        ),
        (
            json!({"link": "bus", "unit_ids": {"to": 248}}),
            vec!["unit_ids.to"],
        ),
        (
            json!({"link": "bus", "unit_ids": {"from": 20, "to": 10}}),
            vec!["unit_ids.to"],
        ),
        (
            json!({"link": "bus", "unit_ids": {"from": -1, "to": 300}}),
            vec!["unit_ids.from", "unit_ids.to"],
        ),
        (json!({"link": "bus", "timeout_ms": 5}), vec!["timeout_ms"]),
        (
            json!({"link": "bus", "timeout_ms": 60001}),
            vec!["timeout_ms"],
        ),
        (
            json!({"link": "bis", "timeout_ms": 0}),
            vec!["link", "timeout_ms"],
        ),
        (
            json!({"link": {"kind": "modbus_tcp", "host": "127.0.0.1", "port": 70000}}),
            vec!["link.port"],
        ),
        (
            json!({"link": {"kind": "waveform_stream", "tcp": "127.0.0.1:7070"}}),
            vec!["link"],
        ),
    ] {
        let response = admin.post("/scans", body.clone()).await;
        assert_eq!(invalid_paths(response).await, paths, "{body}");
    }
    let unknown: Value = admin
        .post("/scans", json!({"link": "bis"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unknown["errors"][0]["suggestion"], "bus");
    let malformed = admin
        .post("/scans", json!({"link": "bus", "units": [1, 2]}))
        .await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    // Nothing was started.
    assert!(server.audit_entries("link_scan").is_empty());
}

#[tokio::test]
async fn an_unknown_or_forgotten_scan_is_not_found() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for path in ["/scans/999", "/scans/first"] {
        let response = admin.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(problem_code(response).await, "not_found");
        assert_eq!(
            admin.delete(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // The last 16 finished scans are kept; the one before them is forgotten.
    let mut locations = Vec::new();
    for _ in 0..17 {
        let (location, _) = start(
            &admin,
            json!({"link": "bus", "unit_ids": {"from": 1, "to": 1}}),
        )
        .await;
        finished(&admin, &location).await;
        locations.push(location);
    }
    start(
        &admin,
        json!({"link": "bus", "unit_ids": {"from": 1, "to": 1}}),
    )
    .await;
    assert_eq!(
        admin.get(&locations[0]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(admin.get(&locations[1]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_viewer_may_neither_scan_nor_follow_scans_nor_list_serial_ports() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (location, _) = start(
        &admin,
        json!({"link": "bus", "unit_ids": {"from": 1, "to": 1}}),
    )
    .await;
    server.add_user("anna", Role::Viewer).await;
    let viewer = server.log_in("anna", PASSWORD).await;
    let refused = [
        viewer.post("/scans", json!({"link": "bus"})).await,
        viewer.get(&location).await,
        viewer.delete(&location).await,
        viewer.get("/system/serial-ports").await,
    ];
    for response in refused {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(problem_code(response).await, "forbidden");
    }
}

#[tokio::test]
async fn the_serial_ports_of_the_machine_are_listed_for_the_configuration_page() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let response = admin.get("/system/serial-ports").await;
    assert_eq!(response.status(), StatusCode::OK);
    let ports: Value = response.json().await.unwrap();
    // This machine may have none; each one listed is a device file, used by no link of the
    // test site (which has none on a serial port).
    for port in ports.as_array().unwrap() {
        assert!(
            port["path"].as_str().unwrap().starts_with("/dev/"),
            "{port}"
        );
        assert_eq!(port["in_use_by"], Value::Null, "{port}");
    }
}
