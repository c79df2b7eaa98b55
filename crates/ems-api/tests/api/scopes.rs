//! What each scope of the history measures, as the consumption pages ask before they draw:
//! kind, medium, the counters and quantities with history, whether it is still configured,
//! and where a device is.

use crate::support::*;
use ems_model::access::Role;
use ems_model::{DeviceId, Point};
use ems_store::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use ems_store::{HistoryWriter, Maintenance};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Four quarter hours from 2026-06-01 10:00 local (Rome) of `device`, each with `counter`
/// and, when given, a statistic of `quantity`.
fn quarters(device: &str, counter: &str, quantity: Option<&str>) -> Vec<IntervalRecord> {
    let start: Timestamp = "2026-06-01T08:00:00Z".parse().unwrap();
    (0..4)
        .map(|i| {
            let mut r = IntervalRecord::new(
                DeviceId::new(device).unwrap(),
                start + SignedDuration::from_mins(15 * i),
                15,
            );
            r.set_counter(CounterInterval {
                point: Point::from_name(counter).unwrap(),
                end_value: 1_000 + 10 * i,
                delta: 10,
                flags: CounterFlags::default(),
            });
            if let Some(quantity) = quantity {
                r.set_stat(StatInterval {
                    point: Point::from_name(quantity).unwrap(),
                    mean: 230.0,
                    min: 229.0,
                    max: 231.0,
                });
            }
            r
        })
        .collect()
}

/// The scopes as `session` reads them, by scope.
async fn scopes(session: &Session) -> Vec<(String, Value)> {
    let list = json_answer(session.get("/history/scopes").await, StatusCode::OK).await;
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| (s["scope"].as_str().unwrap().to_owned(), s.clone()))
        .collect()
}

fn find<'a>(scopes: &'a [(String, Value)], scope: &str) -> &'a Value {
    &scopes
        .iter()
        .find(|(s, _)| s == scope)
        .unwrap_or_else(|| panic!("no scope {scope}"))
        .1
}

#[tokio::test]
async fn each_scope_says_what_it_measures_what_history_it_has_and_where_a_device_is() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let board = json!({"id": "pb", "name": "Main board"});
    json_answer(
        admin.post("/panel-boards", board).await,
        StatusCode::CREATED,
    )
    .await;
    let mut local = json_answer(admin.get("/gateways/local").await, StatusCode::OK).await;
    local["panel_board"] = json!("pb");
    json_answer(admin.put("/gateways/local", local).await, StatusCode::OK).await;
    let gas = json!({"id": "gas", "name": "Gas meter",
        "profile": "schneider.iem3255_input_metering", "link": "bus", "unit_id": 3});
    json_answer(admin.post("/devices", gas).await, StatusCode::CREATED).await;
    let mut records = quarters("main", "energy_active_import", Some("voltage_l1"));
    records.extend(quarters("heat", "energy_active_import", None));
    records.extend(quarters("gas", "gas_volume", None));
    server.store.append(records).unwrap();
    server.store.optimize().unwrap();
    // The heat pump's meter is removed; its history stays.
    let r = admin.delete("/devices/heat").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    let all = scopes(&viewer).await;
    assert_eq!(
        find(&all, "device:main"),
        &json!({"scope": "device:main", "name": "Main meter", "kind": "device",
            "medium": "electricity", "counters": ["energy_active_import"],
            "quantities": ["voltage_l1"], "active": true,
            "device": {"load": null, "groups": [], "panel_board": "pb", "gateway": "local"}})
    );
    assert_eq!(
        find(&all, "device:gas"),
        &json!({"scope": "device:gas", "name": "Gas meter", "kind": "device",
            "medium": "gas", "counters": ["gas_volume"], "quantities": [], "active": true,
            "device": {"load": null, "groups": [], "panel_board": "pb", "gateway": "local"}})
    );
    // A former device: readable history, told apart by `active`.
    assert_eq!(
        find(&all, "device:heat"),
        &json!({"scope": "device:heat", "name": "Heat pump", "kind": "device",
            "medium": "electricity", "counters": ["energy_active_import"], "quantities": [],
            "active": false, "device": null})
    );
    let site = find(&all, "site");
    assert_eq!(
        (
            &site["kind"],
            &site["medium"],
            &site["counters"],
            &site["active"]
        ),
        (
            &json!("site"),
            &json!("mixed"),
            &json!(["energy_active_import", "gas_volume"]),
            &json!(true)
        )
    );
    assert_eq!(find(&all, "panel_board:pb")["medium"], "mixed");
    assert_eq!(find(&all, "load:others")["medium"], "mixed");
    // The heating load has no device now; its history says what it measured.
    let heating = find(&all, "load:heating");
    assert_eq!(
        (&heating["medium"], &heating["counters"], &heating["device"]),
        (
            &json!("electricity"),
            &json!(["energy_active_import"]),
            &Value::Null
        )
    );
    let lighting = find(&all, "load:lighting");
    assert_eq!(
        (
            &lighting["medium"],
            &lighting["counters"],
            &lighting["active"]
        ),
        (&Value::Null, &json!([]), &json!(true))
    );
}

#[tokio::test]
async fn the_scopes_need_the_consumption_page() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let created = admin
        .post(
            "/users",
            json!({"name": "al", "role": "viewer", "pages": ["alarms"], "password": PASSWORD}),
        )
        .await;
    json_answer(created, StatusCode::CREATED).await;
    let alarms_only = server.log_in("al", PASSWORD).await;
    let r = alarms_only.get("/history/scopes").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");
}
