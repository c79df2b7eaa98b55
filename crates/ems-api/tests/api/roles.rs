//! The roles as the web interface reads them, so that it hard-codes neither default pages nor
//! who manages whom.

use crate::support::*;
use ems_model::access::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn every_signed_in_user_reads_the_roles_with_their_pages_and_whom_they_manage() {
    let server = TestServer::start().await;
    server.admin().await;
    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    let every_page = json!([
        "web_server_configuration",
        "system_configuration",
        "my_panel_board",
        "consumption",
        "ev_charging",
        "reports_download",
        "alarms"
    ]);
    assert_eq!(
        json_answer(viewer.get("/roles").await, StatusCode::OK).await,
        json!([
            {"role": "administrator", "default_pages": every_page, "manages_users": true,
             "may_manage": ["administrator", "ev_manager", "installer", "viewer"]},
            {"role": "ev_manager", "default_pages": every_page, "manages_users": true,
             "may_manage": ["ev_manager", "installer", "viewer"]},
            {"role": "installer",
             "default_pages": ["system_configuration", "my_panel_board", "consumption", "alarms"],
             "manages_users": false, "may_manage": []},
            {"role": "viewer", "default_pages": ["consumption", "alarms"],
             "manages_users": false, "may_manage": []},
        ])
    );
    let r = server
        .client()
        .get(server.url("/roles"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem_code(r).await, "unauthenticated");
}

#[tokio::test]
async fn the_session_says_whether_its_user_manages_users() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for (name, role) in [("eve", Role::EvManager), ("ivo", Role::Installer)] {
        server.add_user(name, role).await;
    }
    for (session, manages) in [
        (admin, true),
        (server.log_in("eve", PASSWORD).await, true),
        (server.log_in("ivo", PASSWORD).await, false),
    ] {
        let view = json_answer(session.get("/session").await, StatusCode::OK).await;
        assert_eq!(view["manages_users"], manages, "{view}");
        // The audit log follows the same rule.
        let status = session.get("/audit").await.status();
        assert_eq!(status.is_success(), manages, "{view}");
    }
}
