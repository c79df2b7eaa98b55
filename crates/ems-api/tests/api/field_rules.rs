//! Every refused value names the rule it breaks, with the rule's parameters, so that a client
//! can say it in its user's language: the site's rules, the rules of query parameters, and the
//! shape of JSON bodies.

use crate::support::*;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

/// The errors of a problem answered with `status` and `code`.
async fn refusal(response: Response, status: StatusCode, code: &str) -> Vec<Value> {
    assert_eq!(response.status(), status);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], code, "{problem}");
    problem["errors"].as_array().unwrap().clone()
}

/// The one error at `path`.
fn at<'a>(errors: &'a [Value], path: &str) -> &'a Value {
    let found: Vec<&Value> = errors.iter().filter(|e| e["path"] == path).collect();
    assert_eq!(found.len(), 1, "{path}: {errors:?}");
    found[0]
}

#[tokio::test]
async fn a_device_with_a_unit_id_out_of_range_says_the_range() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut device: Value = admin.get("/devices/main").await.json().await.unwrap();
    device["unit_id"] = json!(300);
    let response = admin.put("/devices/main", device).await;
    let errors = refusal(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    let error = at(&errors, "devices.main.unit_id");
    assert_eq!(error["rule"], "out_of_range");
    assert_eq!(error["params"], json!({"min": 1, "max": 247}));
    assert_eq!(error["message"], "300 is out of range; expected 1 to 247");
}

#[tokio::test]
async fn a_device_naming_what_does_not_exist_says_what_and_suggests_the_closest() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let response = admin
        .post(
            "/devices",
            json!({"id": "solar", "profile": "eastron.sdm630", "link": "buss", "unit_id": 7,
                "load": "heatin", "unitid": 7, "groups": "floor1"}),
        )
        .await;
    let errors = refusal(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    let link = at(&errors, "devices.solar.link");
    assert_eq!(link["rule"], "unknown_reference");
    assert_eq!(link["params"], json!({"kind": "link", "value": "buss"}));
    assert_eq!(link["suggestion"], "bus");
    let load = at(&errors, "devices.solar.load");
    assert_eq!(load["params"], json!({"kind": "load", "value": "heatin"}));
    assert_eq!(load["suggestion"], "heating");
    let unknown = at(&errors, "devices.solar.unitid");
    assert_eq!(unknown["rule"], "unknown_key");
    assert_eq!(unknown["params"], json!({}));
    assert_eq!(unknown["suggestion"], "unit_id");
    let groups = at(&errors, "devices.solar.groups");
    assert_eq!(groups["rule"], "type");
    assert_eq!(
        groups["params"],
        json!({"expected": "array", "found": "string"})
    );
}

#[tokio::test]
async fn a_body_with_an_unknown_missing_or_mistyped_member_names_it_and_its_rule() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let unknown = admin
        .post(
            "/users",
            json!({"name": "vera", "role": "viewer", "password": PASSWORD, "pagse": []}),
        )
        .await;
    let errors = refusal(unknown, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(
        errors,
        [json!({"path": "pagse", "rule": "unknown_key", "params": {},
            "message": "unknown key", "suggestion": "pages"})]
    );
    let missing = admin
        .post("/users", json!({"name": "vera", "password": PASSWORD}))
        .await;
    let errors = refusal(missing, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(errors[0]["path"], "role");
    assert_eq!(errors[0]["rule"], "required");
    let mistyped = admin
        .post(
            "/scans",
            json!({"link": "bus", "unit_ids": {"from": "one"}}),
        )
        .await;
    let errors = refusal(mistyped, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(errors[0]["path"], "unit_ids.from");
    assert_eq!(errors[0]["rule"], "type");
    assert_eq!(errors[0]["params"], json!({"found": "string"}));
    let role = admin
        .post(
            "/tokens",
            json!({"name": "script", "role": "viewr", "expires_in_days": 30}),
        )
        .await;
    let errors = refusal(role, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(errors[0]["path"], "role");
    assert_eq!(errors[0]["rule"], "not_allowed");
    assert_eq!(errors[0]["suggestion"], "viewer");
    assert!(
        errors[0]["params"]["allowed"]
            .as_array()
            .unwrap()
            .contains(&json!("administrator")),
        "{errors:?}"
    );
}

#[tokio::test]
async fn a_weak_password_is_refused_at_its_own_member_with_the_rule_it_breaks() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let short = admin
        .put(
            "/session/password",
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    let errors = refusal(short, StatusCode::UNPROCESSABLE_ENTITY, "weak_password").await;
    assert_eq!(errors[0]["path"], "new_password");
    assert_eq!(errors[0]["rule"], "too_short");
    assert_eq!(errors[0]["params"], json!({"min": 8}));
    let common = admin
        .post(
            "/users",
            json!({"name": "vera", "role": "viewer", "password": "password1"}),
        )
        .await;
    let errors = refusal(common, StatusCode::UNPROCESSABLE_ENTITY, "weak_password").await;
    assert_eq!(errors[0]["path"], "password");
    assert_eq!(errors[0]["rule"], "common_password");
}

#[tokio::test]
async fn query_parameters_name_the_rule_they_break() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let order = admin
        .get("/audit?since=2026-11-21T10:00:00Z&until=2026-11-21T09:00:00Z")
        .await;
    let errors = refusal(order, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(errors[0]["rule"], "order");
    assert_eq!(errors[0]["params"], json!({"other": "since"}));
    let period = admin.get("/history/histogram?period=week").await;
    let errors = refusal(period, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(errors[0]["rule"], "not_allowed");
    assert_eq!(
        errors[0]["params"]["allowed"],
        json!(["day", "month", "year", "decade"])
    );
    let date = admin
        .get("/history/histogram?period=day&date=0001-01-01")
        .await;
    let errors = refusal(date, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(errors[0]["rule"], "out_of_range");
    assert_eq!(
        errors[0]["params"],
        json!({"min": "1000-01-01", "max": "8999-12-31"})
    );
}
