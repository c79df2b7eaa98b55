//! Users, API tokens and the audit log.

use crate::support::*;
use ems_store::HistoryWriter;
use ems_store::account::{AccountWriter, NewApiToken};
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// A second password that passes the rules.
const OTHER_PASSWORD: &str = "tre gatti sul tetto";

/// Creates a user with the role's default pages; returns its id.
async fn create_user(manager: &Session, name: &str, role: &str) -> i64 {
    let r = manager
        .post(
            "/users",
            json!({"name": name, "role": role, "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// The id of a user, looked up by an administrator.
async fn user_id(admin: &Session, name: &str) -> i64 {
    let users: Value = admin.get("/users").await.json().await.unwrap();
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// Creates an API token; returns its secret and id.
async fn create_token(session: &Session, name: &str, role: &str) -> (String, i64) {
    let r = session
        .post("/tokens", json!({"name": name, "role": role}))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let body: Value = r.json().await.unwrap();
    (
        body["token"].as_str().unwrap().to_owned(),
        body["id"].as_i64().unwrap(),
    )
}

/// A request with an API token (and no session).
async fn with_token(
    server: &TestServer,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Response {
    let mut request = server
        .client()
        .request(method, server.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// The audit log as an administrator reads it, once every entry submitted so far is written.
async fn audit_log(server: &TestServer, admin: &Session, query: &str) -> Vec<Value> {
    server.store.flush().unwrap();
    let r = admin.get(&format!("/audit{query}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Value>().await.unwrap().as_array().unwrap().clone()
}

/// The newest entry of `action` in the log.
async fn newest(server: &TestServer, admin: &Session, action: &str) -> Value {
    audit_log(server, admin, &format!("?action={action}&limit=1"))
        .await
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {action} entry"))
}

async fn assert_refused(r: Response, status: StatusCode, code: &str) {
    assert_eq!(r.status(), status);
    assert_eq!(problem_code(r).await, code);
}

#[tokio::test]
async fn viewers_and_installers_are_refused_every_users_route() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let admin_id = user_id(&admin, "admin").await;
    create_user(&admin, "vera", "viewer").await;
    create_user(&admin, "ines", "installer").await;
    for name in ["vera", "ines"] {
        let session = server.log_in(name, PASSWORD).await;
        let user = json!({"name": "eve", "role": "viewer", "password": PASSWORD});
        let attempts = [
            session.get("/users").await,
            session.post("/users", user).await,
            session.get(&format!("/users/{admin_id}")).await,
            session
                .put(&format!("/users/{admin_id}"), json!({"enabled": false}))
                .await,
            session
                .put(
                    &format!("/users/{admin_id}/password"),
                    json!({"new_password": OTHER_PASSWORD}),
                )
                .await,
            session.delete(&format!("/users/{admin_id}")).await,
            session.get("/audit").await,
            session.get("/tokens?all=true").await,
        ];
        for r in attempts {
            let route = r.url().path().to_owned();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name} {route}");
            assert_eq!(problem_code(r).await, "forbidden", "{name} {route}");
        }
    }
    let users: Value = admin.get("/users").await.json().await.unwrap();
    assert_eq!(users.as_array().unwrap().len(), 3, "nobody was added");
}

#[tokio::test]
async fn a_user_created_by_the_administrator_logs_in_and_sees_exactly_its_pages() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let r = admin
        .post(
            "/users",
            json!({
                "name": "Ines",
                "role": "installer",
                "pages": ["my_panel_board", "consumption"],
                "password": PASSWORD,
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["name"], "Ines");
    assert_eq!(created["enabled"], true);
    assert!(created.get("password_hash").is_none());
    let ines = server.log_in("ines", PASSWORD).await;
    let session: Value = ines.get("/session").await.json().await.unwrap();
    assert_eq!(session["pages"], json!(["my_panel_board", "consumption"]));
    assert_eq!(session["user"]["role"], "installer");

    // Without pages, the role's defaults; an administrator always has every page.
    let vera = create_user(&admin, "vera", "viewer").await;
    let vera: Value = admin
        .get(&format!("/users/{vera}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(vera["pages"], json!(["consumption", "alarms"]));
    let r = admin
        .post(
            "/users",
            json!({"name": "root", "role": "administrator", "pages": [], "password": PASSWORD}),
        )
        .await;
    let root: Value = r.json().await.unwrap();
    assert_eq!(root["pages"].as_array().unwrap().len(), 7);

    // A user created disabled cannot log in.
    let r = admin
        .post(
            "/users",
            json!({"name": "later", "role": "viewer", "enabled": false, "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = server
        .client()
        .post(server.url("/session"))
        .json(&json!({"name": "later", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_refused(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
}

#[tokio::test]
async fn a_new_user_needs_a_good_password_a_free_name_and_known_pages() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let r = admin
        .post(
            "/users",
            json!({"name": "vera", "role": "viewer", "password": "password1"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_code(r).await, "weak_password");
    let r = admin
        .post(
            "/users",
            json!({"name": "ADMIN", "role": "viewer", "password": PASSWORD}),
        )
        .await;
    assert_refused(r, StatusCode::CONFLICT, "conflict").await;
    let r = admin
        .post(
            "/users",
            json!({"name": " vera", "role": "viewer", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "invalid");
    assert_eq!(body["errors"][0]["path"], "name");
    let r = admin
        .post(
            "/users",
            json!({"name": "vera", "role": "viewer", "pages": ["garden"], "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["path"], "pages[0]");
    assert_eq!(body["errors"][0]["rule"], "not_allowed");
    let r = admin
        .post(
            "/users",
            json!({"name": "vera", "role": "root", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["path"], "role");
    assert_eq!(body["errors"][0]["rule"], "not_allowed");
    let users: Value = admin.get("/users").await.json().await.unwrap();
    assert_eq!(users.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_edit_changes_only_the_fields_given_and_is_audited() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let id = create_user(&admin, "ines", "installer").await;
    let r = admin
        .put(&format!("/users/{id}"), json!({"pages": ["alarms"]}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let user: Value = r.json().await.unwrap();
    assert_eq!(user["pages"], json!(["alarms"]));
    assert_eq!(user["role"], "installer");
    assert_eq!(user["enabled"], true);
    let r = admin
        .put(&format!("/users/{id}"), json!({"role": "viewer"}))
        .await;
    let user: Value = r.json().await.unwrap();
    assert_eq!(user["role"], "viewer");
    assert_eq!(user["pages"], json!(["alarms"]), "the pages stay");
    let entry = newest(&server, &admin, "user_change").await;
    assert_eq!(entry["target"], "user:ines");
    assert_eq!(entry["result"], "success");
    assert_eq!(
        entry["detail"],
        json!({"role": {"from": "installer", "to": "viewer"}})
    );
    let r = admin
        .put(&format!("/users/{id}"), json!({"pages": ["sauna"]}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("pages"));
    for r in [
        admin.get("/users/9999").await,
        admin.put("/users/9999", json!({"enabled": false})).await,
        admin.delete("/users/9999").await,
    ] {
        assert_refused(r, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[tokio::test]
async fn an_ev_manager_manages_installers_but_not_administrators() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let admin_id = user_id(&admin, "admin").await;
    create_user(&admin, "eva", "ev_manager").await;
    let eva = server.log_in("eva", PASSWORD).await;
    let ines = create_user(&eva, "ines", "installer").await;
    let r = eva
        .put(&format!("/users/{ines}"), json!({"role": "viewer"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = eva
        .put(
            &format!("/users/{ines}/password"),
            json!({"new_password": OTHER_PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    server.log_in("ines", OTHER_PASSWORD).await;

    let refusals = [
        eva.post(
            "/users",
            json!({"name": "boss", "role": "administrator", "password": PASSWORD}),
        )
        .await,
        eva.put(&format!("/users/{ines}"), json!({"role": "administrator"}))
            .await,
        eva.put(&format!("/users/{admin_id}"), json!({"enabled": false}))
            .await,
        eva.put(
            &format!("/users/{admin_id}/password"),
            json!({"new_password": OTHER_PASSWORD}),
        )
        .await,
        eva.delete(&format!("/users/{admin_id}")).await,
    ];
    for r in refusals {
        let route = r.url().path().to_owned();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{route}");
        assert_eq!(problem_code(r).await, "forbidden", "{route}");
    }
    let admin_now: Value = eva
        .get(&format!("/users/{admin_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(admin_now["enabled"], true);
    server.log_in("admin", PASSWORD).await;
    let denied = audit_log(&server, &admin, "?user=eva").await;
    let denied: Vec<&str> = denied
        .iter()
        .filter(|e| e["result"] == "denied")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        denied,
        [
            "user_delete",
            "user_password_reset",
            "user_change",
            "user_change",
            "user_create"
        ]
    );

    assert_eq!(
        eva.delete(&format!("/users/{ines}")).await.status(),
        StatusCode::NO_CONTENT
    );
    let entry = newest(&server, &admin, "user_delete").await;
    assert_eq!(
        (&entry["user"], &entry["target"], &entry["result"]),
        (&json!("eva"), &json!("user:ines"), &json!("success"))
    );
}

#[tokio::test]
async fn the_last_administrator_cannot_be_demoted_disabled_or_deleted() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let admin_id = user_id(&admin, "admin").await;
    let path = format!("/users/{admin_id}");
    for r in [
        admin.put(&path, json!({"role": "installer"})).await,
        admin.put(&path, json!({"enabled": false})).await,
        admin.delete(&path).await,
    ] {
        assert_refused(r, StatusCode::CONFLICT, "conflict").await;
    }
    let entry = newest(&server, &admin, "user_delete").await;
    assert_eq!(entry["result"], "denied");
    assert_eq!(entry["target"], "user:admin");

    // With a second administrator the rule is the one against changing oneself.
    create_user(&admin, "root", "administrator").await;
    for r in [
        admin.put(&path, json!({"role": "installer"})).await,
        admin.put(&path, json!({"enabled": false})).await,
        admin.delete(&path).await,
    ] {
        let r: Value = r.json().await.unwrap();
        assert_eq!(r["code"], "forbidden");
        assert!(
            r["detail"].as_str().unwrap().starts_with("you cannot"),
            "{r}"
        );
    }
    let r = admin
        .put(
            &format!("{path}/password"),
            json!({"new_password": OTHER_PASSWORD}),
        )
        .await;
    assert_refused(r, StatusCode::FORBIDDEN, "forbidden").await;
    // Changing one's own pages is no lock-out: it is allowed (an administrator keeps all).
    let r = admin.put(&path, json!({"pages": []})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap()["pages"]
            .as_array()
            .unwrap()
            .len(),
        7
    );

    let root = server.log_in("root", PASSWORD).await;
    let r = root.put(&path, json!({"role": "installer"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let root_id = user_id(&root, "root").await;
    let r = root
        .put(&format!("/users/{root_id}"), json!({"role": "viewer"}))
        .await;
    assert_refused(r, StatusCode::CONFLICT, "conflict").await;
}

#[tokio::test]
async fn resetting_a_password_ends_the_users_sessions() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let id = create_user(&admin, "ines", "installer").await;
    let ines = server.log_in("ines", PASSWORD).await;
    let path = format!("/users/{id}/password");
    let r = admin
        .put(&path, json!({"new_password": "qwertyuiop"}))
        .await;
    assert_refused(r, StatusCode::UNPROCESSABLE_ENTITY, "weak_password").await;
    assert_eq!(ines.get("/session").await.status(), StatusCode::OK);
    let r = admin
        .put(&path, json!({"new_password": OTHER_PASSWORD}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_refused(
        ines.get("/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    server.log_in("ines", OTHER_PASSWORD).await;
    assert_eq!(admin.get("/session").await.status(), StatusCode::OK);
    let entry = newest(&server, &admin, "user_password_reset").await;
    assert_eq!(entry["target"], "user:ines");
    assert_eq!(entry["result"], "success");
    assert!(!entry.to_string().contains(OTHER_PASSWORD));
}

#[tokio::test]
async fn disabling_a_user_ends_its_session_and_stops_its_tokens_and_deleting_removes_them() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let id = create_user(&admin, "eva", "ev_manager").await;
    let eva = server.log_in("eva", PASSWORD).await;
    let (token, _) = create_token(&eva, "script", "ev_manager").await;
    let metrics = |token: String| {
        let server = &server;
        async move { with_token(server, &token, Method::GET, "/metrics", None).await }
    };
    assert_eq!(metrics(token.clone()).await.status(), StatusCode::OK);

    let r = admin
        .put(&format!("/users/{id}"), json!({"enabled": false}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_refused(
        eva.get("/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_refused(
        metrics(token.clone()).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let entry = newest(&server, &admin, "user_change").await;
    assert_eq!(
        entry["detail"],
        json!({"enabled": {"from": true, "to": false}})
    );

    // Enabled again, the token works again; deleted, it is gone.
    admin
        .put(&format!("/users/{id}"), json!({"enabled": true}))
        .await;
    assert_eq!(metrics(token.clone()).await.status(), StatusCode::OK);
    assert_eq!(
        admin.delete(&format!("/users/{id}")).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_refused(
        metrics(token).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let all: Value = admin.get("/tokens?all=true").await.json().await.unwrap();
    assert_eq!(all, json!([]));
    assert_refused(
        admin.get(&format!("/users/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn an_api_token_works_until_revoked_and_its_secret_is_shown_once() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    // The expiry is kept to the millisecond: compare from the millisecond the request was
    // sent in.
    let before = Timestamp::from_millisecond(Timestamp::now().as_millisecond()).unwrap();
    let r = admin
        .post(
            "/tokens",
            json!({"name": "grafana", "role": "administrator", "expires_in_days": 30}),
        )
        .await;
    let after = Timestamp::now();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let created: Value = r.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    let id = created["id"].as_i64().unwrap();
    assert!(token.starts_with("ems_token_"), "{token}");
    assert_eq!(created["owner"], "admin");
    assert_eq!(created["role"], "administrator");
    let expires: Timestamp = created["expires_at"].as_str().unwrap().parse().unwrap();
    let month = SignedDuration::from_hours(30 * 24);
    assert!(expires >= before + month && expires <= after + month);

    let r = with_token(&server, &token, Method::GET, "/metrics", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = with_token(&server, &token, Method::GET, "/audit", None).await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "an administrator's token reads the audit log"
    );

    server.store.flush().unwrap();
    let r = admin.get("/tokens").await;
    let text = r.text().await.unwrap();
    assert!(!text.contains(&token), "the secret is never shown again");
    let listed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["name"], "grafana");
    assert!(listed[0].get("token").is_none() && listed[0].get("hash").is_none());
    assert!(listed[0]["last_used_at"].is_string(), "{listed}");

    // A token never touches credentials, users or tokens.
    let refusals = [
        with_token(
            &server,
            &token,
            Method::POST,
            "/tokens",
            Some(json!({"name": "child", "role": "viewer"})),
        )
        .await,
        with_token(
            &server,
            &token,
            Method::PUT,
            "/session/password",
            Some(json!({"current_password": PASSWORD, "new_password": OTHER_PASSWORD})),
        )
        .await,
        with_token(
            &server,
            &token,
            Method::POST,
            "/users",
            Some(json!({"name": "eve", "role": "viewer", "password": PASSWORD})),
        )
        .await,
        with_token(&server, &token, Method::GET, "/users", None).await,
        with_token(&server, &token, Method::GET, "/tokens", None).await,
        with_token(
            &server,
            &token,
            Method::DELETE,
            &format!("/tokens/{id}"),
            None,
        )
        .await,
    ];
    for r in refusals {
        let route = r.url().path().to_owned();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{route}");
        assert_eq!(problem_code(r).await, "token_not_allowed", "{route}");
    }

    // A viewer's token lacks the page of the metrics.
    let (viewer_token, _) = create_token(&admin, "kiosk", "viewer").await;
    assert_refused(
        with_token(&server, &viewer_token, Method::GET, "/metrics", None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    assert_eq!(
        admin.delete(&format!("/tokens/{id}")).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_refused(
        with_token(&server, &token, Method::GET, "/metrics", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_refused(
        admin.delete(&format!("/tokens/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let entry = newest(&server, &admin, "token_revoke").await;
    assert_eq!(entry["detail"]["name"], "grafana");
    let log = audit_log(&server, &admin, "").await;
    assert!(
        !json!(log).to_string().contains(&token),
        "no secret in the log"
    );
}

#[tokio::test]
async fn a_token_role_is_never_above_its_creators_and_its_name_is_unique_per_user() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    create_user(&admin, "ines", "installer").await;
    let ines = server.log_in("ines", PASSWORD).await;
    for role in ["administrator", "ev_manager"] {
        let r = ines
            .post("/tokens", json!({"name": "mine", "role": role}))
            .await;
        assert_refused(r, StatusCode::FORBIDDEN, "forbidden").await;
    }
    create_token(&ines, "mine", "installer").await;
    create_token(&ines, "kiosk", "viewer").await;
    let r = ines
        .post("/tokens", json!({"name": "MINE", "role": "viewer"}))
        .await;
    assert_refused(r, StatusCode::CONFLICT, "conflict").await;
    create_token(&admin, "mine", "installer").await;
    for days in [0, 3651] {
        let r = ines
            .post(
                "/tokens",
                json!({"name": "short", "role": "viewer", "expires_in_days": days}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["path"], "expires_in_days");
    }
    let r = ines
        .post("/tokens", json!({"name": "", "role": "viewer"}))
        .await;
    assert_refused(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    let mine: Value = ines.get("/tokens").await.json().await.unwrap();
    let names: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["kiosk", "mine"]);
    assert!(mine[0]["expires_at"].is_null());
}

#[tokio::test]
async fn only_those_who_manage_users_see_and_revoke_others_tokens() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    create_user(&admin, "eva", "ev_manager").await;
    create_user(&admin, "ines", "installer").await;
    let eva = server.log_in("eva", PASSWORD).await;
    let ines = server.log_in("ines", PASSWORD).await;
    let (_, admin_token) = create_token(&admin, "backup", "administrator").await;
    let (_, ines_token) = create_token(&ines, "panel", "installer").await;

    let all: Value = eva.get("/tokens?all=true").await.json().await.unwrap();
    let owners: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["owner"].as_str().unwrap(), t["name"].as_str().unwrap()))
        .collect();
    assert_eq!(owners, [("admin", "backup"), ("ines", "panel")]);
    let own: Value = eva.get("/tokens").await.json().await.unwrap();
    assert_eq!(own, json!([]));
    assert_refused(
        ines.get("/tokens?all=true").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    assert_refused(
        ines.delete(&format!("/tokens/{admin_token}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_refused(
        eva.delete(&format!("/tokens/{admin_token}")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        eva.delete(&format!("/tokens/{ines_token}")).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin
            .delete(&format!("/tokens/{admin_token}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let entry = newest(&server, &admin, "token_revoke").await;
    assert_eq!(entry["user"], "admin");
    let revoked_by_eva = audit_log(&server, &admin, "?action=token_revoke&user=eva").await;
    let results: Vec<&str> = revoked_by_eva
        .iter()
        .map(|e| e["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["success", "denied"]);
    assert_eq!(revoked_by_eva[0]["target"], "user:ines");
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let admin_id = user_id(&admin, "admin").await;
    let secret = "ems_token_expired-long-ago";
    server
        .store
        .create_token(NewApiToken {
            hash: ems_api::auth::secret::hash_secret(secret),
            name: "old".into(),
            user_id: admin_id,
            role: ems_model::access::Role::Administrator,
            expires_at: Some(Timestamp::now() - SignedDuration::from_hours(1)),
        })
        .unwrap();
    assert_refused(
        with_token(&server, secret, Method::GET, "/metrics", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn the_audit_log_shows_who_did_what_from_where_newest_first() {
    let server = TestServer::start().await;
    server.set_up().await;
    let r = server
        .client()
        .post(server.url("/session"))
        .json(&json!({"name": "admin", "password": "not the password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let admin = server.log_in("admin", PASSWORD).await;
    create_user(&admin, "vera", "viewer").await;
    create_token(&admin, "grafana", "viewer").await;

    let log = audit_log(&server, &admin, "").await;
    let seen: Vec<(&str, &str, &str, &str)> = log
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["user"].as_str().unwrap(),
                e["client"].as_str().unwrap(),
                e["result"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("token_create", "admin", "127.0.0.1", "success"),
            ("user_create", "admin", "127.0.0.1", "success"),
            ("login", "admin", "127.0.0.1", "success"),
            ("login", "admin", "127.0.0.1", "failure"),
            ("setup", "admin", "127.0.0.1", "success"),
        ]
    );
    assert_eq!(log[1]["target"], "user:vera");
    assert_eq!(log[0]["detail"]["name"], "grafana");
    assert_eq!(log[0]["detail"]["role"], "viewer");
    let at: Timestamp = log[0]["at"].as_str().unwrap().parse().unwrap();
    assert!(log[0]["at"].as_str().unwrap().ends_with('Z'));
    assert!(at <= Timestamp::now());

    // Filters and paging.
    let logins = audit_log(&server, &admin, "?action=login").await;
    assert_eq!(logins.len(), 2);
    let page = audit_log(&server, &admin, "?limit=2").await;
    assert_eq!(page.len(), 2);
    let next = audit_log(
        &server,
        &admin,
        &format!("?limit=2&before={}", page[1]["id"]),
    )
    .await;
    assert_eq!(next[0]["action"], "login");
    assert_eq!(next[1]["result"], "failure");
    let none = audit_log(&server, &admin, "?user=vera").await;
    assert!(none.is_empty());
    let future = audit_log(&server, &admin, "?since=2999-01-01T00:00:00Z").await;
    assert!(future.is_empty());
    let past = audit_log(&server, &admin, "?until=2000-01-01T00:00:00Z").await;
    assert!(past.is_empty());

    for (query, parameter) in [
        ("since=yesterday", "since"),
        ("until=2024-13-01T00:00:00Z", "until"),
        (
            "since=2025-01-02T00:00:00Z&until=2025-01-01T00:00:00Z",
            "until",
        ),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=many", "limit"),
        ("before=last", "before"),
    ] {
        let r = admin.get(&format!("/audit?{query}")).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "invalid", "{query}");
        assert_eq!(body["errors"][0]["path"], parameter, "{query}");
    }

    let vera = server.log_in("vera", PASSWORD).await;
    assert_refused(vera.get("/audit").await, StatusCode::FORBIDDEN, "forbidden").await;
}
