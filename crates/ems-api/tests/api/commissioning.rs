//! Whether the site is commissioned, as the first-run wizard reads it to resume and records at
//! its last step. (A box started without a site file, not commissioned until the wizard ends,
//! is tested with the whole system: `ems` system test `first_start`.)

use crate::support::*;
use ems_model::access::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_site_from_a_file_is_commissioned_and_every_signed_in_user_reads_it() {
    let server = TestServer::start().await;
    server.admin().await;
    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    let site = json_answer(viewer.get("/site").await, StatusCode::OK).await;
    assert_eq!(site["commissioned"], true, "{site}");
    assert_eq!(site["name"], "Test plant");
    assert_eq!(site["version"], 1);
}

#[tokio::test]
async fn the_settings_as_read_may_be_sent_back_and_commissioned_is_ignored() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut site = json_answer(admin.get("/site").await, StatusCode::OK).await;
    site["name"] = json!("Via Roma 12");
    site["commissioned"] = json!(false);
    let changed = json_answer(admin.put("/site", site).await, StatusCode::OK).await;
    assert_eq!(changed["name"], "Via Roma 12");
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["commissioned"], true, "read-only: {changed}");
    // A wrong type there is ignored too, but the other keys are still checked.
    let refused = admin
        .put(
            "/site",
            json!({"name": "X", "time_zone": "Europe/Rom", "commissioned": "yes"}),
        )
        .await;
    let problem = json_answer(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    let paths: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["site.time_zone"], "{problem}");
}

#[tokio::test]
async fn only_configurers_commission_the_site_and_doing_it_again_changes_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    server.add_user("vera", Role::Viewer).await;
    server.add_user("ivo", Role::Installer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    let installer = server.log_in("ivo", PASSWORD).await;
    let r = viewer.post("/site/commissioned", json!({})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "forbidden");
    for session in [&installer, &admin] {
        let site = json_answer(
            session.post("/site/commissioned", json!({})).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(site["commissioned"], true);
        assert_eq!(site["version"], 1, "no new configuration version");
    }
    // The site came from a file: it was commissioned already, so nothing is audited.
    assert!(server.audit_entries("site_commission").is_empty());
    // Without the CSRF token a session cannot do it.
    let r = admin
        .client
        .post(server.url("/site/commissioned"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "csrf_rejected");
}
