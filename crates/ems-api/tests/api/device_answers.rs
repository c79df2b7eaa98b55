//! What every signed-in user learns of the devices without the pages that show values or the
//! configuration: the gateway each device is reached through, and each device's status.

use crate::support::*;
use ems_api::running::DeviceState;
use ems_model::access::Role;
use ems_model::{DeviceId, DeviceStatus};
use jiff::Timestamp;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Signs in a new user who has only the "My panel board" page.
async fn panel_board_user(server: &TestServer, admin: &Session) -> Session {
    let created = admin
        .post(
            "/users",
            json!({"name": "paula", "role": "installer", "pages": ["my_panel_board"],
                "password": PASSWORD}),
        )
        .await;
    json_answer(created, StatusCode::CREATED).await;
    server.log_in("paula", PASSWORD).await
}

#[tokio::test]
async fn every_device_answer_names_the_gateway_it_is_reached_through() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let remote = json!({"id": "remote", "name": "Remote", "address": "10.0.0.9"});
    json_answer(admin.post("/gateways", remote).await, StatusCode::CREATED).await;
    let far = json!({"id": "far", "kind": "modbus_tcp", "host": "10.0.0.9", "gateway": "remote"});
    json_answer(admin.post("/links", far).await, StatusCode::CREATED).await;
    let meter = json!({"id": "far_meter", "profile": "eastron.sdm630", "link": "far",
        "unit_id": 1});
    let created = json_answer(admin.post("/devices", meter).await, StatusCode::CREATED).await;
    assert_eq!(created["gateway"], "remote");

    // A user with only "My panel board" cannot read links, but sees each device's gateway.
    let paula = panel_board_user(&server, &admin).await;
    let r = paula.get("/links").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");
    let devices = json_answer(paula.get("/devices").await, StatusCode::OK).await;
    let gateways: Vec<(&str, &str)> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["gateway"].as_str().unwrap()))
        .collect();
    assert_eq!(
        gateways,
        [
            ("far_meter", "remote"),
            ("heat", "local"),
            ("main", "local")
        ]
    );
    let one = json_answer(paula.get("/devices/far_meter").await, StatusCode::OK).await;
    assert_eq!(one, created);
}

#[tokio::test]
async fn a_device_as_read_may_be_sent_back_and_its_gateway_is_ignored() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut main = json_answer(admin.get("/devices/main").await, StatusCode::OK).await;
    assert_eq!(main["gateway"], "local");
    main["name"] = json!("Grid meter");
    main["gateway"] = json!("somewhere else");
    let changed = json_answer(admin.put("/devices/main", main).await, StatusCode::OK).await;
    assert_eq!(changed["name"], "Grid meter");
    assert_eq!(changed["gateway"], "local", "read-only: {changed}");
    // Creating a device from another's answer works the same way.
    let mut copy = changed.clone();
    copy["id"] = json!("copy");
    copy["name"] = json!("Copy");
    copy["unit_id"] = json!(9);
    let created = json_answer(
        admin.post("/devices", copy.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["gateway"], "local");
    // And testing one before it is saved.
    copy["id"] = json!("probe");
    let test = json!({"link": "bus", "device": copy});
    let read = json_answer(admin.post("/devices/test", test).await, StatusCode::OK).await;
    assert!(read["points"].is_array(), "{read}");
    // The other keys are still checked, each named.
    let mut bad = changed;
    bad["unit_id"] = json!(300);
    let problem = json_answer(
        admin.put("/devices/main", bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        problem["errors"][0]["path"], "devices.main.unit_id",
        "{problem}"
    );
}

#[tokio::test]
async fn status_and_test_cannot_be_device_ids() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for reserved in ["status", "test"] {
        let meter = json!({"id": reserved, "profile": "eastron.sdm630", "link": "bus",
            "unit_id": 7});
        let problem = json_answer(
            admin.post("/devices", meter).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(problem["errors"][0]["path"], "id", "{problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains("reserved"),
            "{problem}"
        );
    }
}

/// The status list as `session` reads it: (device, status, whether `since` is given).
async fn statuses(session: &Session) -> Vec<(String, Value, bool)> {
    let list = json_answer(session.get("/devices/status").await, StatusCode::OK).await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut keys: Vec<&String> = s.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(keys, ["device", "since", "status"], "no values: {s}");
            (
                s["device"].as_str().unwrap().to_owned(),
                s["status"].clone(),
                s["since"].is_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_signed_in_user_sees_each_devices_status_but_no_values() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    // The viewer has no "My panel board": no values.
    let r = viewer.get("/live").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");
    assert_eq!(
        statuses(&viewer).await,
        [
            ("heat".to_owned(), json!("on"), true),
            ("main".to_owned(), json!("on"), true)
        ]
    );
    server.site.set_live(DeviceState {
        device: DeviceId::new("heat").unwrap(),
        status: Some(DeviceStatus::CommunicationError),
        status_since: Some(Timestamp::now()),
        last_error: Some("no answer from unit 2".to_owned()),
        points: Vec::new(),
    });
    let meter = json!({"id": "boiler", "profile": "eastron.sdm630", "link": "bus",
        "unit_id": 5});
    json_answer(admin.post("/devices", meter).await, StatusCode::CREATED).await;
    assert_eq!(
        statuses(&viewer).await,
        [
            // Not polled yet: no status.
            ("boiler".to_owned(), Value::Null, false),
            ("heat".to_owned(), json!("communication_error"), true),
            ("main".to_owned(), json!("on"), true)
        ]
    );
}
