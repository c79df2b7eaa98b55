//! The audit log's actions are a closed list, published in the OpenAPI document: the filter
//! takes only those, and every action the server writes is one of them.

use crate::support::*;
use ems_api::audit::AuditAction;
use ems_store::HistoryWriter;
use ems_store::account::{AccountReader, AuditFilter};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The names of the `AuditAction` schema of the served document.
async fn documented_actions(admin: &Session) -> Vec<String> {
    let document = json_answer(admin.get("/openapi.json").await, StatusCode::OK).await;
    let names = &document["components"]["schemas"]["AuditAction"]["enum"];
    serde_json::from_value(names.clone()).unwrap()
}

#[tokio::test]
async fn the_document_lists_every_action_and_the_filter_refuses_others_naming_it() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let listed: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(documented_actions(&admin).await, listed);
    let document = json_answer(admin.get("/openapi.json").await, StatusCode::OK).await;
    let filter = document["paths"]["/api/v1/audit"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "action")
        .unwrap()
        .clone();
    assert!(
        filter
            .to_string()
            .contains("#/components/schemas/AuditAction"),
        "{filter}"
    );

    let problem = json_answer(
        admin.get("/audit?action=logn").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["code"], "invalid");
    assert_eq!(problem["errors"][0]["path"], "action", "{problem}");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("site_commission"),
        "the allowed actions are named: {problem}"
    );
    let logins = json_answer(admin.get("/audit?action=login").await, StatusCode::OK).await;
    assert_eq!(logins.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn every_action_the_server_writes_is_one_the_document_lists() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let wrong_login = server
        .client()
        .post(server.url("/session"))
        .json(&json!({"name": "admin", "password": "not the password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_login.status(), StatusCode::UNAUTHORIZED);
    let created = admin
        .post(
            "/users",
            json!({"name": "vera", "role": "viewer", "password": PASSWORD}),
        )
        .await;
    let vera = json_answer(created, StatusCode::CREATED).await["id"].clone();
    let token = json_answer(
        admin
            .post("/tokens", json!({"name": "grafana", "role": "viewer"}))
            .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .clone();
    let steps: Vec<(reqwest::Method, String, Option<Value>)> = vec![
        (
            reqwest::Method::PUT,
            format!("/users/{vera}"),
            Some(json!({"enabled": false})),
        ),
        (
            reqwest::Method::PUT,
            format!("/users/{vera}/password"),
            Some(json!({"new_password": "tre gatti sul tetto"})),
        ),
        (reqwest::Method::DELETE, format!("/users/{vera}"), None),
        (reqwest::Method::DELETE, format!("/tokens/{token}"), None),
        (
            reqwest::Method::PUT,
            "/site".to_owned(),
            Some(json!({"name": "Renamed", "time_zone": "Europe/Rome"})),
        ),
        (reqwest::Method::POST, "/system/optimize".to_owned(), None),
        (
            reqwest::Method::POST,
            "/system/integrity-check".to_owned(),
            None,
        ),
        (
            reqwest::Method::POST,
            "/system/reprice".to_owned(),
            Some(json!({"from": "2026-06-01", "to": "2026-06-01"})),
        ),
        (
            reqwest::Method::PUT,
            "/tariffs/electricity/prices".to_owned(),
            Some(
                json!([{"start": "2026-06-01T00:00:00Z", "end": "2026-06-01T01:00:00Z",
                "price": "0.1"}]),
            ),
        ),
        (reqwest::Method::POST, "/session/lock".to_owned(), None),
        (
            reqwest::Method::POST,
            "/session/unlock".to_owned(),
            Some(json!({"password": PASSWORD})),
        ),
        (
            reqwest::Method::PUT,
            "/session/password".to_owned(),
            Some(json!({"current_password": PASSWORD,
                "new_password": "tre gatti sul tetto"})),
        ),
    ];
    for (method, path, body) in steps {
        let r = admin.send(method.clone(), &path, body).await;
        assert!(
            r.status().is_success(),
            "{method} {path}: {}",
            r.text().await.unwrap()
        );
    }
    // A site file that does not read is an audited failed import.
    let import = admin
        .client
        .put(server.url("/system/config"))
        .header("x-csrf-token", &admin.csrf)
        .header("content-type", "application/toml")
        .body("[site\n")
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let documented: BTreeSet<String> = documented_actions(&admin).await.into_iter().collect();
    let r = admin.delete("/session").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    server.store.flush().unwrap();
    let every_entry = AuditFilter {
        limit: 1000,
        ..AuditFilter::default()
    };
    let written: BTreeSet<String> = server
        .store
        .reader()
        .unwrap()
        .audit_entries(&every_entry)
        .unwrap()
        .into_iter()
        .map(|e| e.entry.action)
        .collect();
    let unlisted: Vec<&String> = written.difference(&documented).collect();
    assert!(unlisted.is_empty(), "written but not listed: {unlisted:?}");
    // Everything listed is written by the steps above, but what other tests cover: the
    // command line's reset, commissioning a new box, and bus scans.
    let elsewhere = ["reset_admin", "site_commission", "link_scan"];
    let not_seen: Vec<&String> = documented
        .iter()
        .filter(|a| !written.contains(*a) && !elsewhere.contains(&a.as_str()))
        .collect();
    assert!(not_seen.is_empty(), "listed but not written: {not_seen:?}");
}
