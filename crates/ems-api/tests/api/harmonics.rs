//! The harmonics of an internal meter: per order in volts and amperes and in % of the
//! fundamental, an empty answer before the first spectrum, `stale` on a communication error,
//! and refusals (unknown devices, devices that measure no harmonics, callers without the
//! panel board).

use crate::support::*;
use ems_api::running::SpectrumState;
use ems_model::Quality;
use ems_model::access::Role;
use ems_model::spectrum::{LinePair, Orders, Phase, Spectrum};
use jiff::Timestamp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

/// A test server whose site has an internal meter, `incomer`.
async fn with_internal_meter() -> TestServer {
    let server = TestServer::start().await;
    server.add_internal_meter().await;
    server
}

/// Orders 1 to 40 of a quantity whose fundamental is `fundamental`, with `(order, percent)`.
fn orders(fundamental: f64, harmonics: &[(usize, f64)]) -> Orders {
    let mut values = vec![0.0; 40];
    values[0] = fundamental;
    for &(order, percent) in harmonics {
        values[order - 1] = fundamental * percent / 100.0;
    }
    Orders(values)
}

/// A distorted three-phase supply: voltage harmonics 5 (2.8 %) and 7 (1.6 %), current
/// harmonics 3 (12 %) and 5 (9 %), and no current at all on L3.
fn spectrum() -> Spectrum {
    let voltage = || orders(230.0, &[(5, 2.8), (7, 1.6)]);
    Spectrum {
        fundamental_hz: Some(50.01),
        voltage_v: Phase::ALL.iter().map(|p| (*p, voltage())).collect(),
        current_a: vec![
            (Phase::L1, orders(52.0, &[(3, 12.0), (5, 9.0)])),
            (Phase::L2, orders(47.0, &[(3, 12.0), (5, 9.0)])),
            (Phase::L3, orders(0.0, &[])),
        ],
        line_voltage_v: LinePair::ALL
            .iter()
            .map(|p| (*p, orders(398.4, &[(5, 2.8), (7, 1.6)])))
            .collect(),
    }
}

fn numbers(list: &Value) -> Vec<f64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

#[tokio::test]
async fn an_internal_meters_harmonics_are_given_per_order_with_their_share_of_the_fundamental() {
    let server = with_internal_meter().await;
    let admin = server.admin().await;

    // Before its first spectrum the meter answers an empty one.
    let r = admin.get("/live/incomer/harmonics").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    let empty = json_answer(r, StatusCode::OK).await;
    assert_eq!(
        empty,
        json!({"device": "incomer", "timestamp": null, "quality": null,
            "fundamental_hz": null, "max_order": 0, "voltage": [], "current": [],
            "line_voltage": []})
    );

    let measured: Timestamp = "2026-11-21T10:15:01Z".parse().unwrap();
    server.site.set_spectrum(
        "incomer",
        SpectrumState {
            spectrum: Arc::new(spectrum()),
            timestamp: measured,
            quality: Quality::Good,
        },
    );
    let answer = json_answer(admin.get("/live/incomer/harmonics").await, StatusCode::OK).await;
    assert_eq!(answer["device"], "incomer");
    assert_eq!(answer["timestamp"], "2026-11-21T10:15:01Z");
    assert_eq!(answer["quality"], "good");
    assert_eq!(answer["fundamental_hz"], 50.01);
    assert_eq!(answer["max_order"], 40);
    let phases: Vec<&str> = answer["voltage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["phase"].as_str().unwrap())
        .collect();
    assert_eq!(phases, ["l1", "l2", "l3"]);
    let l1 = &answer["voltage"][0];
    let (rms, percent) = (numbers(&l1["rms_v"]), numbers(&l1["percent"]));
    assert_eq!((rms.len(), percent.len()), (40, 40));
    assert_eq!(rms[0], 230.0);
    assert!(close(rms[4], 6.44), "{}", rms[4]);
    assert_eq!(percent[0], 100.0, "the fundamental is all of itself");
    assert!(close(percent[4], 2.8), "order 5: {}", percent[4]);
    assert!(close(percent[6], 1.6), "order 7: {}", percent[6]);
    assert_eq!(percent[2], 0.0);
    let current = &answer["current"];
    assert_eq!(current[1]["phase"], "l2");
    assert!(close(numbers(&current[1]["rms_a"])[0], 47.0));
    assert!(close(numbers(&current[1]["percent"])[2], 12.0));
    assert!(
        current[2]["percent"].is_null(),
        "no current, no share: {}",
        current[2]
    );
    assert_eq!(numbers(&current[2]["rms_a"])[0], 0.0);
    let pairs: Vec<&str> = answer["line_voltage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["pair"].as_str().unwrap())
        .collect();
    assert_eq!(pairs, ["l1_l2", "l2_l3", "l3_l1"]);
    assert!(close(
        numbers(&answer["line_voltage"][2]["percent"])[4],
        2.8
    ));

    // On a communication error the last spectrum is kept, marked stale.
    server.site.set_spectrum(
        "incomer",
        SpectrumState {
            spectrum: Arc::new(spectrum()),
            timestamp: measured,
            quality: Quality::Stale,
        },
    );
    let stale = json_answer(admin.get("/live/incomer/harmonics").await, StatusCode::OK).await;
    assert_eq!(stale["quality"], "stale");
    assert_eq!(stale["voltage"], answer["voltage"]);
}

#[tokio::test]
async fn unknown_devices_and_devices_without_harmonics_are_not_found_and_malformed_ids_refused() {
    let server = with_internal_meter().await;
    let admin = server.admin().await;
    let r = admin.get("/live/attic/harmonics").await;
    let body = json_answer(r, StatusCode::NOT_FOUND).await;
    assert_eq!(
        (&body["code"], &body["detail"]),
        (&json!("not_found"), &json!("device \"attic\""))
    );
    // A Modbus meter measures its THD at most: no spectrum to give.
    let r = admin.get("/live/main/harmonics").await;
    let body = json_answer(r, StatusCode::NOT_FOUND).await;
    assert_eq!(
        (&body["code"], &body["detail"]),
        (
            &json!("not_found"),
            &json!("device \"main\" measures no harmonics")
        )
    );
    let r = admin.get("/live/Main%20meter/harmonics").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_code(r).await, "invalid");
}

#[tokio::test]
async fn only_callers_with_the_panel_board_page_may_read_harmonics() {
    let server = with_internal_meter().await;
    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    let r = viewer.get("/live/incomer/harmonics").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");

    let admin = server.admin().await;
    let token = |role: &'static str| {
        let admin = &admin;
        async move {
            let created = json_answer(
                admin
                    .post(
                        "/tokens",
                        json!({"name": format!("{role} token"), "role": role}),
                    )
                    .await,
                StatusCode::CREATED,
            )
            .await;
            created["token"].as_str().unwrap().to_owned()
        }
    };
    let read_with = |token: String| {
        let request = server
            .client()
            .get(server.url("/live/incomer/harmonics"))
            .bearer_auth(token);
        async move { request.send().await.unwrap() }
    };
    let r = read_with(token("installer").await).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = read_with(token("viewer").await).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");
}
