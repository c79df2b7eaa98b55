//! The site configuration over the API: site settings, gateways, links, devices, loads, groups,
//! panel boards, device tests and the profile library, as the administrator, an installer and a
//! viewer.

use crate::support::*;
use ems_api::running::RunningSite;
use ems_model::access::Role;
use ems_model::site::SiteConfig;
use ems_profile::load::Library;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

/// The text of an answer, checking its status (and showing the text when it is another).
async fn expect_status(response: Response, status: StatusCode) -> String {
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    text
}

/// The body of an answer, checking its status.
async fn body(response: Response, status: StatusCode) -> Value {
    serde_json::from_str(&expect_status(response, status).await).unwrap()
}

/// What `GET path` answers, checking it is 200.
async fn read(session: &Session, path: &str) -> Value {
    body(session.get(path).await, StatusCode::OK).await
}

/// The answer to sending back the entity at `path` as read, changed by `change`.
async fn edit(session: &Session, path: &str, change: impl FnOnce(&mut Value)) -> Response {
    let mut entity = read(session, path).await;
    change(&mut entity);
    session.put(path, entity).await
}

/// Checks that an answer is a problem with `status` and `code`.
async fn refused(response: Response, status: StatusCode, code: &str) {
    assert_eq!(response.status(), status);
    assert_eq!(problem_code(response).await, code);
}

/// The problem of an answer with `status`, checking that its detail says `part`.
async fn problem_saying(response: Response, status: StatusCode, part: &str) -> Value {
    let problem = body(response, status).await;
    assert!(
        problem["detail"].as_str().unwrap().contains(part),
        "{problem}"
    );
    problem
}

/// The error of a problem at `path`.
fn error_at<'a>(problem: &'a Value, path: &str) -> &'a Value {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("no error at {path}: {problem}"))
}

/// The paths of the errors of an `invalid` answer.
async fn invalid_paths(response: Response) -> Vec<String> {
    let problem = body(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["code"], "invalid", "{problem}");
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect()
}

/// The configuration version in force.
async fn version(session: &Session) -> u64 {
    read(session, "/site").await["version"].as_u64().unwrap()
}

/// The administrator, and a user of `role` named after it, both signed in.
async fn admin_and(server: &TestServer, role: Role) -> (Session, Session) {
    let admin = server.admin().await;
    let name = role.to_string();
    server.add_user(&name, role).await;
    let other = server.log_in(&name, PASSWORD).await;
    (admin, other)
}

/// Makes the reads of device `name` (a saved device's id, or a tested device's name) fail
/// with `error`.
fn fail_reads(server: &TestServer, name: &str, error: &str) {
    let mut unreachable = server.site.unreachable.lock().unwrap();
    unreachable.insert(name.to_owned(), error.to_owned());
}

/// A Modbus meter `id` on link `bus` at `unit_id`, in the form of `POST /devices`.
fn meter(id: &str, unit_id: u32) -> Value {
    json!({"id": id, "name": id, "profile": "eastron.sdm630", "link": "bus", "unit_id": unit_id})
}

#[tokio::test]
async fn every_signed_in_user_reads_the_site_settings_and_only_configurers_change_them() {
    let server = TestServer::start().await;
    let (admin, viewer) = admin_and(&server, Role::Viewer).await;
    let site = read(&viewer, "/site").await;
    assert_eq!(
        site,
        json!({"name": "Test plant", "time_zone": "Europe/Rome", "currency": "EUR",
            "sample_rate_minutes": 15, "language": "en", "csv_decimal_separator": "comma",
            "csv_field_separator": "semicolon", "version": 1, "commissioned": true})
    );
    let mine = json!({"name": "Mine", "time_zone": "UTC"});
    refused(
        viewer.put("/site", mine).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let changed = admin
        .put(
            "/site",
            json!({"name": "Via Roma 12", "time_zone": "Europe/Paris", "currency": "CHF",
                "csv_decimal_separator": "point", "version": 1}),
        )
        .await;
    let changed = body(changed, StatusCode::OK).await;
    assert_eq!(changed["name"], "Via Roma 12");
    assert_eq!(changed["version"], 2);
    // Keys left out take the site file's defaults.
    assert_eq!(changed["sample_rate_minutes"], 15);
    assert_eq!(read(&viewer, "/site").await, changed);
}

#[tokio::test]
async fn bad_site_settings_are_refused_each_with_its_path_and_nothing_changes() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let response = admin
        .put(
            "/site",
            json!({"name": " ", "time_zone": "Europe/Rom", "currency": "eur", "colour": "red"}),
        )
        .await;
    let problem = body(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let error = |path: &str| error_at(&problem, path);
    assert_eq!(error("site.colour")["message"], "unknown key");
    assert_eq!(error("site.name")["message"], "must not be empty");
    assert_eq!(error("site.time_zone")["suggestion"], "Europe/Rome");
    assert_eq!(error("site.currency")["suggestion"], "EUR");
    assert_eq!(version(&admin).await, 1);
    assert_eq!(read(&admin, "/site").await["name"], "Test plant");
}

#[tokio::test]
async fn devices_are_created_read_replaced_and_deleted() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let response = admin.post("/devices", meter("solar", 3)).await;
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        "/api/v1/devices/solar"
    );
    let created = body(response, StatusCode::CREATED).await;
    assert_eq!(
        created,
        json!({"id": "solar", "name": "solar", "profile": "eastron.sdm630", "link": "bus",
            "unit_id": 3, "enabled": true, "load": null, "groups": [], "panel_board": null,
            "ct_ratio": 1.0, "vt_ratio": 1.0, "exclude_from_totals": false,
            "exclude_alerts": false, "fast_poll_ms": 1000, "slow_poll_ms": 15000,
            "timeout_ms": null, "generic": null, "meter": null, "gateway": "local"})
    );
    assert_eq!(read(&admin, "/devices/solar").await, created);
    let all = read(&admin, "/devices").await;
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["heat", "main", "solar"]);

    let replaced = admin
        .put(
            "/devices/solar",
            json!({"id": "solar", "name": "Solar roof", "profile": "eastron.sdm630",
                "link": "bus", "unit_id": 4, "enabled": false, "ct_ratio": 40,
                "load": "lighting", "timeout_ms": 500}),
        )
        .await;
    let replaced = body(replaced, StatusCode::OK).await;
    assert_eq!(replaced["name"], "Solar roof");
    assert_eq!(replaced["unit_id"], 4);
    assert_eq!(replaced["enabled"], false);
    assert_eq!(replaced["ct_ratio"], 40.0);
    assert_eq!(replaced["load"], "lighting");
    assert_eq!(replaced["timeout_ms"], 500);
    assert_eq!(version(&admin).await, 3);

    expect_status(admin.delete("/devices/solar").await, StatusCode::NO_CONTENT).await;
    let gone = admin.get("/devices/solar").await;
    refused(gone, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(version(&admin).await, 4);
}

#[tokio::test]
async fn a_device_with_bad_values_is_refused_with_every_error_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let response = admin
        .post(
            "/devices",
            json!({"id": "x", "profile": "eastron.sdm63", "link": "bus", "unit_id": 300,
                "ct_ratio": "ten", "unitid": 4}),
        )
        .await;
    let problem = body(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let error = |path: &str| error_at(&problem, path);
    assert_eq!(
        error("devices.x.unit_id")["message"],
        "300 is out of range; expected 1 to 247"
    );
    assert_eq!(error("devices.x.profile")["suggestion"], "eastron.sdm630");
    assert_eq!(
        error("devices.x.ct_ratio")["message"],
        "expected a number, found a string"
    );
    assert_eq!(error("devices.x.unitid")["suggestion"], "unit_id");
    expect_status(admin.get("/devices/x").await, StatusCode::NOT_FOUND).await;

    // A unit id already used on the link is named with the device that has it.
    let clash = admin.post("/devices", meter("y", 2)).await;
    let used = r#"unit 2 on link "bus" is already used by device "heat""#;
    problem_saying(clash, StatusCode::UNPROCESSABLE_ENTITY, used).await;
    assert_eq!(version(&admin).await, 1);
}

#[tokio::test]
async fn ids_are_checked_unique_and_cannot_change() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for bad in [
        json!({"id": "Main Meter", "profile": "eastron.sdm630", "link": "bus", "unit_id": 9}),
        json!({"profile": "eastron.sdm630", "link": "bus", "unit_id": 9}),
        json!({"id": 7, "profile": "eastron.sdm630", "link": "bus", "unit_id": 9}),
        json!({"id": "test", "profile": "eastron.sdm630", "link": "bus", "unit_id": 9}),
    ] {
        assert_eq!(
            invalid_paths(admin.post("/devices", bad).await).await,
            ["id"]
        );
    }
    let duplicate = admin.post("/devices", meter("main", 9)).await;
    refused(duplicate, StatusCode::CONFLICT, "conflict").await;
    let renamed = admin.put("/devices/main", meter("other", 1)).await;
    assert_eq!(invalid_paths(renamed).await, ["id"]);
    for response in [
        admin.get("/devices/nope").await,
        admin.put("/devices/nope", meter("nope", 9)).await,
        admin.delete("/devices/nope").await,
        admin.post("/devices/nope/test", json!({})).await,
        admin.get("/loads/nope").await,
        admin.delete("/panel-boards/nope").await,
    ] {
        refused(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let not_an_object = admin.post("/devices", json!(["main"])).await;
    refused(not_an_object, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(version(&admin).await, 1);
}

#[tokio::test]
async fn a_viewer_reads_names_but_changes_nothing_and_sees_no_transport_details() {
    let server = TestServer::start().await;
    let (_admin, viewer) = admin_and(&server, Role::Viewer).await;
    for path in [
        "/devices",
        "/devices/main",
        "/gateways",
        "/loads",
        "/groups",
        "/panel-boards",
    ] {
        assert_eq!(viewer.get(path).await.status(), StatusCode::OK, "{path}");
    }
    for response in [
        viewer.post("/devices", meter("mine", 9)).await,
        viewer.get("/links").await,
        viewer.get("/links/bus").await,
        viewer.post("/devices/main/test", json!({})).await,
        viewer.delete("/devices/main").await,
        viewer.post("/loads", json!({"id": "lab"})).await,
        viewer.get("/library").await,
    ] {
        refused(response, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

#[tokio::test]
async fn an_installer_changes_devices() {
    let server = TestServer::start().await;
    let (admin, installer) = admin_and(&server, Role::Installer).await;
    let rename = |heat: &mut Value| heat["name"] = json!("Heat pump (garden)");
    let changed = edit(&installer, "/devices/heat", rename).await;
    assert_eq!(
        body(changed, StatusCode::OK).await["name"],
        "Heat pump (garden)"
    );
    let created = installer.post("/devices", meter("boiler", 5)).await;
    expect_status(created, StatusCode::CREATED).await;
    assert_eq!(version(&admin).await, 3);
}

#[tokio::test]
async fn links_are_managed_and_a_link_with_devices_cannot_be_deleted() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    assert_eq!(
        read(&admin, "/links").await,
        json!([{"id": "bus", "kind": "modbus_tcp", "host": "127.0.0.1", "port": 1502,
            "timeout_ms": 1000, "gateway": "local", "failures_before_error": 3,
            "enabled": true}])
    );
    let serial = admin
        .post(
            "/links",
            json!({"id": "rs485", "kind": "modbus_rtu", "port": "/dev/ttyUSB0", "baud": 9600}),
        )
        .await;
    assert_eq!(
        body(serial, StatusCode::CREATED).await,
        json!({"id": "rs485", "kind": "modbus_rtu", "port": "/dev/ttyUSB0", "baud": 9600,
            "data_bits": 8, "parity": "even", "stop_bits": 1, "timeout_ms": 300,
            "inter_frame_gap_ms": null, "gateway": "local", "failures_before_error": 3,
            "enabled": true})
    );
    let wrong_keys = admin
        .post(
            "/links",
            json!({"id": "bad", "kind": "modbus_rtu", "host": "10.0.0.5", "baud": 1200}),
        )
        .await;
    assert_eq!(
        invalid_paths(wrong_keys).await,
        ["links.bad.host", "links.bad.port", "links.bad.baud"]
    );
    let same_socket = admin
        .post(
            "/links",
            json!({"id": "again", "kind": "modbus_tcp", "host": "127.0.0.1", "port": 1502}),
        )
        .await;
    assert_eq!(invalid_paths(same_socket).await, ["links.bus.host"]);

    let in_use = admin.delete("/links/bus").await;
    let problem = problem_saying(in_use, StatusCode::CONFLICT, r#""heat", "main""#).await;
    assert_eq!(problem["code"], "conflict");
    let test = admin.post("/links/bus/test", json!({})).await;
    assert_eq!(
        body(test, StatusCode::OK).await,
        json!({"link": "bus", "reachable": true, "error": null})
    );
    expect_status(admin.delete("/links/rs485").await, StatusCode::NO_CONTENT).await;
    expect_status(admin.get("/links/rs485").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn an_internal_meter_is_added_as_its_waveform_link_then_the_meter() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let link = json!({"id": "board", "kind": "waveform_stream", "tcp": "127.0.0.1:7070"});
    assert_eq!(
        body(admin.post("/links", link).await, StatusCode::CREATED).await,
        json!({"id": "board", "kind": "waveform_stream", "tcp": "127.0.0.1:7070",
            "unix": null, "timeout_ms": 2000, "gateway": "local", "failures_before_error": 3,
            "enabled": true})
    );
    let analyser = json!({"id": "analyser", "name": "Analyser", "profile": "internal.meter",
        "link": "board", "ct_ratio": 40,
        "meter": {"wiring": "3p4w", "nominal_frequency_hz": 50, "tariff": "digital_input"}});
    let created = body(admin.post("/devices", analyser).await, StatusCode::CREATED).await;
    assert_eq!(created["unit_id"], Value::Null);
    assert_eq!(created["ct_ratio"], 40.0);
    assert_eq!(
        created["meter"],
        json!({"wiring": "3p4w", "nominal_voltage_v": 230.0, "nominal_frequency_hz": 50,
            "neutral": "auto", "tariff": "digital_input", "run_threshold_w": 10.0})
    );
    assert_eq!(read(&admin, "/devices/analyser").await, created);
    assert_eq!(version(&admin).await, 3);
}

#[tokio::test]
async fn gateways_follow_the_seeds_rules() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    assert_eq!(
        read(&admin, "/gateways").await,
        json!([{"id": "local", "name": "Local", "description": null, "address": "127.0.0.1",
            "enabled": true, "panel_board": null}])
    );
    let local = admin.delete("/gateways/local").await;
    problem_saying(local, StatusCode::CONFLICT, "disabled").await;
    let moved = admin
        .put("/gateways/local", json!({"address": "10.0.0.1"}))
        .await;
    assert_eq!(invalid_paths(moved).await, ["gateways.local.address"]);
    let renamed = admin
        .put(
            "/gateways/local",
            json!({"name": "Cabinet", "enabled": false}),
        )
        .await;
    let renamed = body(renamed, StatusCode::OK).await;
    assert_eq!(renamed["name"], "Cabinet");
    assert_eq!(renamed["address"], "127.0.0.1");

    let created = admin
        .post(
            "/gateways",
            json!({"id": "remote", "name": "Remote", "address": "10.0.0.9"}),
        )
        .await;
    assert_eq!(
        created.headers()["location"].to_str().unwrap(),
        "/api/v1/gateways/remote"
    );
    expect_status(created, StatusCode::CREATED).await;
    for link in [
        json!({"id": "far", "kind": "modbus_tcp", "host": "10.0.0.9", "gateway": "remote"}),
        json!({"id": "far_serial", "kind": "rtu_over_tcp", "host": "10.0.0.9", "port": 4001,
            "gateway": "remote", "enabled": false}),
        json!({"id": "far_spare", "kind": "rtu_over_tcp", "host": "10.0.0.9", "port": 4002,
            "gateway": "remote"}),
    ] {
        expect_status(admin.post("/links", link).await, StatusCode::CREATED).await;
    }
    let mut far_meter = meter("far_meter", 1);
    far_meter["link"] = json!("far");
    expect_status(admin.post("/devices", far_meter).await, StatusCode::CREATED).await;
    let test = admin.post("/gateways/remote/test", json!({})).await;
    assert_eq!(
        body(test, StatusCode::OK).await,
        json!({"gateway": "remote", "links": [
            {"link": "far", "reachable": true, "error": null},
            {"link": "far_spare", "reachable": true, "error": null}]})
    );
    let in_use = admin.delete("/gateways/remote").await;
    problem_saying(in_use, StatusCode::CONFLICT, r#""far_meter""#).await;
    for deleted in ["/devices/far_meter", "/gateways/remote"] {
        expect_status(admin.delete(deleted).await, StatusCode::NO_CONTENT).await;
    }
    for gone in ["/gateways/remote", "/links/far", "/links/far_serial"] {
        expect_status(admin.get(gone).await, StatusCode::NOT_FOUND).await;
    }
    assert_eq!(read(&admin, "/links").await[0]["id"], "bus");
}

#[tokio::test]
async fn predefined_loads_can_only_be_disabled_and_loads_in_use_stay() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let loads = read(&admin, "/loads").await;
    assert_eq!(loads.as_array().unwrap().len(), 6);
    let heating = loads
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "heating");
    assert_eq!(
        heating.unwrap(),
        &json!({"id": "heating", "name": "Heating", "enabled": true, "predefined": true})
    );
    let predefined = admin.delete("/loads/heating").await;
    problem_saying(predefined, StatusCode::CONFLICT, "can only be disabled").await;
    let mut disabled = heating.unwrap().clone();
    disabled["enabled"] = json!(false);
    let disabled = body(admin.put("/loads/heating", disabled).await, StatusCode::OK).await;
    assert_eq!(disabled["enabled"], false);
    let renamed = admin.put("/loads/heating", json!({"name": "Warmth"})).await;
    assert_eq!(invalid_paths(renamed).await, ["loads.heating.name"]);
    let others = admin.post("/loads", json!({"id": "others"})).await;
    assert_eq!(invalid_paths(others).await, ["loads.others"]);

    let lab = admin
        .post("/loads", json!({"id": "lab", "name": "Lab"}))
        .await;
    assert_eq!(
        body(lab, StatusCode::CREATED).await,
        json!({"id": "lab", "name": "Lab", "enabled": true, "predefined": false})
    );
    let measured = edit(&admin, "/devices/main", |main| main["load"] = json!("lab")).await;
    expect_status(measured, StatusCode::OK).await;
    let in_use = admin.delete("/loads/lab").await;
    problem_saying(in_use, StatusCode::CONFLICT, r#""main""#).await;
}

#[tokio::test]
async fn groups_and_panel_boards_in_use_cannot_be_deleted() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let group = admin
        .post(
            "/groups",
            json!({"id": "floor1", "name": "First floor", "description": "Offices"}),
        )
        .await;
    assert_eq!(
        body(group, StatusCode::CREATED).await,
        json!({"id": "floor1", "name": "First floor", "description": "Offices",
            "enabled": true})
    );
    let board = admin
        .post(
            "/panel-boards",
            json!({"id": "basement", "name": "Basement board"}),
        )
        .await;
    assert_eq!(
        board.headers()["location"].to_str().unwrap(),
        "/api/v1/panel-boards/basement"
    );
    expect_status(board, StatusCode::CREATED).await;

    let unknown = edit(&admin, "/devices/main", |main| {
        main["groups"] = json!(["floor2"])
    })
    .await;
    let problem = body(unknown, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["path"], "devices.main.groups");
    assert_eq!(problem["errors"][0]["suggestion"], "floor1");
    let placed = edit(&admin, "/devices/main", |main| {
        main["groups"] = json!(["floor1"]);
        main["panel_board"] = json!("basement");
    })
    .await;
    expect_status(placed, StatusCode::OK).await;
    for (path, section) in [
        ("/groups/floor1", "measure group"),
        ("/panel-boards/basement", "panel board"),
    ] {
        let problem = body(admin.delete(path).await, StatusCode::CONFLICT).await;
        let detail = problem["detail"].as_str().unwrap();
        assert!(
            detail.starts_with(section) && detail.contains(r#"devices "main""#),
            "{detail}"
        );
    }
    let local = admin
        .put("/gateways/local", json!({"panel_board": "basement"}))
        .await;
    expect_status(local, StatusCode::OK).await;
    let unplaced = edit(&admin, "/devices/main", |main| {
        main["groups"] = json!([]);
        main["panel_board"] = Value::Null;
    })
    .await;
    expect_status(unplaced, StatusCode::OK).await;
    let board_in_use = admin.delete("/panel-boards/basement").await;
    problem_saying(board_in_use, StatusCode::CONFLICT, r#"gateways "local""#).await;
    let renamed = admin
        .put(
            "/groups/floor1",
            json!({"name": "Ground floor", "enabled": false}),
        )
        .await;
    assert_eq!(
        body(renamed, StatusCode::OK).await,
        json!({"id": "floor1", "name": "Ground floor", "description": null, "enabled": false})
    );
    expect_status(admin.delete("/groups/floor1").await, StatusCode::NO_CONTENT).await;
    let local = admin.put("/gateways/local", json!({})).await;
    expect_status(local, StatusCode::OK).await;
    let board = admin.delete("/panel-boards/basement").await;
    expect_status(board, StatusCode::NO_CONTENT).await;
}

#[tokio::test]
async fn testing_a_device_reads_it_now_or_gives_the_exact_error() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let values = admin.post("/devices/main/test", json!({})).await;
    let values = body(values, StatusCode::OK).await;
    let points: Vec<&str> = values["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["point"].as_str().unwrap())
        .collect();
    assert_eq!(points, ["voltage_l1", "active_power"]);

    let error = "Modbus exception 0x0B: the gateway's target device failed to respond";
    fail_reads(&server, "heat", error);
    let unreachable = admin.post("/devices/heat/test", json!({})).await;
    let problem = body(unreachable, StatusCode::BAD_GATEWAY).await;
    assert_eq!(problem["code"], "device_unreachable");
    assert_eq!(problem["detail"], error);

    let disable = |main: &mut Value| main["enabled"] = json!(false);
    expect_status(edit(&admin, "/devices/main", disable).await, StatusCode::OK).await;
    let disabled = admin.post("/devices/main/test", json!({})).await;
    refused(disabled, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
}

#[tokio::test]
async fn a_device_not_yet_saved_is_tested_on_a_link_of_the_site_or_a_new_one() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let probe = json!({"name": "Probe", "profile": "eastron.sdm630", "unit_id": 2});
    let on_bus = admin
        .post("/devices/test", json!({"link": "bus", "device": probe}))
        .await;
    assert_eq!(
        body(on_bus, StatusCode::OK).await["points"][1]["point"],
        "active_power"
    );
    let on_new_link = admin
        .post(
            "/devices/test",
            json!({"link": {"kind": "modbus_tcp", "host": "192.168.1.50"},
                "device": {"name": "Far", "profile": "eastron.sdm630", "unit_id": 1}}),
        )
        .await;
    expect_status(on_new_link, StatusCode::OK).await;

    let error = "connection refused (os error 111)";
    fail_reads(&server, "Unplugged", error);
    let unplugged = admin
        .post(
            "/devices/test",
            json!({"link": "bus", "device": {"id": "unplugged", "name": "Unplugged",
                "profile": "eastron.sdm630", "unit_id": 7}}),
        )
        .await;
    let problem = body(unplugged, StatusCode::BAD_GATEWAY).await;
    assert_eq!(problem["code"], "device_unreachable");
    assert_eq!(problem["detail"], error);

    let wrong = admin
        .post(
            "/devices/test",
            json!({"link": {"kind": "modbus_tcp", "port": 70000},
                "device": {"profile": "eastron.sdm63", "unit_id": 0}}),
        )
        .await;
    assert_eq!(
        invalid_paths(wrong).await,
        ["link.host", "link.port", "device.unit_id", "device.profile"]
    );
    let misspelt = admin
        .post("/devices/test", json!({"link": "buss", "device": probe}))
        .await;
    let problem = body(misspelt, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["path"], "link");
    assert_eq!(problem["errors"][0]["suggestion"], "bus");
    assert_eq!(version(&admin).await, 1);
}

#[tokio::test]
async fn a_name_with_markup_is_stored_and_returned_verbatim_as_json() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let payload = "<script>alert(1)</script>";
    let rename = |main: &mut Value| main["name"] = json!(payload);
    expect_status(edit(&admin, "/devices/main", rename).await, StatusCode::OK).await;
    let response = admin.get("/devices/main").await;
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let text = response.text().await.unwrap();
    assert!(
        text.contains(r#""name":"<script>alert(1)</script>""#),
        "{text}"
    );
    let group = admin
        .post(
            "/groups",
            json!({"id": "g", "name": payload, "description": payload}),
        )
        .await;
    let group = body(group, StatusCode::CREATED).await;
    assert_eq!(group["name"], payload);
    assert_eq!(group["description"], payload);
}

#[tokio::test]
async fn every_change_is_audited_with_its_version_and_refusals_are_not() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let solar = admin.post("/devices", meter("solar", 3)).await;
    expect_status(solar, StatusCode::CREATED).await;
    let duplicate = admin.post("/devices", meter("solar", 3)).await;
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    let invalid = admin.post("/devices", meter("boiler", 300)).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unchanged = edit(&admin, "/devices/solar", |_| {}).await;
    expect_status(unchanged, StatusCode::OK).await;
    expect_status(admin.delete("/devices/solar").await, StatusCode::NO_CONTENT).await;
    expect_status(edit(&admin, "/site", |_| {}).await, StatusCode::OK).await;
    let entries = server.audit_entries("config_change");
    let seen: Vec<(Option<&str>, Option<&str>, String, Value)> = entries
        .iter()
        .rev()
        .map(|e| {
            (
                e.entry.user.as_deref(),
                e.entry.target.as_deref(),
                e.entry.result.to_string(),
                e.entry.detail.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                Some("admin"),
                Some("device:solar"),
                "success".to_owned(),
                json!({"operation": "create", "version": 2})
            ),
            (
                Some("admin"),
                Some("device:solar"),
                "success".to_owned(),
                json!({"operation": "delete", "version": 3})
            ),
        ]
    );
}

/// A site with every kind of link and a device of every kind of profile.
const RICH_SITE: &str = r#"
[site]
name = "Rich"
time_zone = "UTC"
sample_rate_minutes = 5
language = "it"

[links.bus]
kind = "modbus_tcp"
host = "127.0.0.1"
port = 1502

[links.rs485]
kind = "modbus_rtu"
port = "/dev/ttyUSB0"
baud = 9600
parity = "none"
stop_bits = 2
inter_frame_gap_ms = 6

[links.gw]
kind = "rtu_over_tcp"
host = "gw.local"
port = 4001
gateway = "cabinet"

[links.board]
kind = "waveform_stream"
unix = "/run/ems/board.sock"

[gateways.cabinet]
name = "Cabinet"
address = "10.0.0.9"
panel_board = "main_board"

[devices.main]
profile = "eastron.sdm630"
link = "bus"
unit_id = 1
groups = ["offices"]
timeout_ms = 250

[devices.gas]
name = "Gas"
profile = "generic.modbus_meter"
link = "rs485"
unit_id = 4
load = "heating"

[devices.gas.generic]
function = 4
register = "0x0048"
words = 2
multiplier = 0.01
unit = "MWh"

[devices.analyser]
name = "Analyser"
profile = "internal.meter"
link = "board"
panel_board = "main_board"
ct_ratio = 40.0

[devices.analyser.meter]
wiring = "3p4w"
nominal_frequency_hz = 50
tariff = [{ weekdays = ["mon", "fri"], from = "22:00", to = "06:00" }]

[loads.lab]
name = "Lab"

[groups.offices]
name = "Offices"
description = "Second floor"

[panel_boards.main_board]
name = "Main board"
"#;

#[tokio::test]
async fn every_entity_sent_back_as_read_changes_nothing() {
    let server = TestServer::start().await;
    let library = Library::builtin().unwrap();
    let rich = SiteConfig::from_toml_str(RICH_SITE, &library).unwrap();
    let installed = server.site.apply(rich).await.unwrap();
    assert_eq!(installed, Some(2));
    let admin = server.admin().await;
    let analyser = read(&admin, "/devices/analyser").await;
    assert_eq!(analyser["unit_id"], Value::Null);
    assert_eq!(
        analyser["meter"],
        json!({"wiring": "3p4w", "nominal_voltage_v": 230.0, "nominal_frequency_hz": 50,
            "neutral": "auto", "tariff": [{"weekdays": ["mon", "fri"], "from": "22:00",
            "to": "06:00"}], "run_threshold_w": 10.0})
    );
    let board = read(&admin, "/links/board").await;
    assert_eq!(board["unix"], "/run/ems/board.sock");
    assert_eq!(board["tcp"], Value::Null);
    for section in [
        "/links",
        "/gateways",
        "/devices",
        "/loads",
        "/groups",
        "/panel-boards",
    ] {
        let all = read(&admin, section).await;
        for entity in all.as_array().unwrap() {
            let path = format!("{section}/{}", entity["id"].as_str().unwrap());
            let again = admin.put(&path, entity.clone()).await;
            assert_eq!(body(again, StatusCode::OK).await, *entity, "{path}");
        }
    }
    let site = read(&admin, "/site").await;
    assert_eq!(
        body(admin.put("/site", site.clone()).await, StatusCode::OK).await,
        site
    );
    assert_eq!(version(&admin).await, 2);

    // An internal meter goes and its waveform stream stays, idle, until it is deleted too.
    expect_status(
        admin.delete("/devices/analyser").await,
        StatusCode::NO_CONTENT,
    )
    .await;
    expect_status(admin.get("/links/board").await, StatusCode::OK).await;
    expect_status(admin.delete("/links/board").await, StatusCode::NO_CONTENT).await;
}

#[tokio::test]
async fn the_library_lists_profiles_and_suggests_a_close_id() {
    let server = TestServer::start().await;
    let (admin, installer) = admin_and(&server, Role::Installer).await;
    let profiles = read(&installer, "/library").await;
    let sdm630 = profiles
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "eastron.sdm630")
        .unwrap()
        .clone();
    assert_eq!(sdm630["vendor"], "Eastron");
    assert_eq!(sdm630["kind"], "electricity_meter");
    assert!(sdm630["register_count"].as_u64().unwrap() > 10);
    let points = sdm630["points"].as_array().unwrap();
    assert!(points.contains(&json!("active_power")), "{sdm630}");
    let whole = read(&admin, "/library/eastron.sdm630").await;
    assert_eq!(whole["id"], "eastron.sdm630");
    assert_eq!(
        whole["registers"].as_array().unwrap().len() as u64,
        sdm630["register_count"].as_u64().unwrap()
    );
    let misspelt = admin.get("/library/eastron.sdm63").await;
    let problem = body(misspelt, StatusCode::NOT_FOUND).await;
    assert_eq!(problem["code"], "not_found");
    assert_eq!(problem["errors"][0]["suggestion"], "eastron.sdm630");
}
