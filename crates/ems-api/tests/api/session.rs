//! Setup, login, the session's life, and password changes.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn nobody_can_log_in_before_setup_and_the_setup_code_works_once() {
    let server = TestServer::start().await;
    let client = server.client();
    let status: Value = client
        .get(server.url("/setup"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["required"], true);
    for (name, password) in [
        ("admin", "admin"),
        ("administrator", "99999"),
        ("admin", PASSWORD),
    ] {
        let r = client
            .post(server.url("/session"))
            .json(&json!({"name": name, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{name}/{password}");
    }
    let wrong = client
        .post(server.url("/setup"))
        .json(&json!({"code": "AAAAA-BBBBB-CCCCC", "name": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    server.set_up().await;
    let again = client
        .post(server.url("/setup"))
        .json(&json!({"code": server.setup_code, "name": "intruder", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let status: Value = client
        .get(server.url("/setup"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["required"], false);
}

#[tokio::test]
async fn setup_refuses_a_common_password_and_keeps_the_code() {
    let server = TestServer::start().await;
    let r = server
        .client()
        .post(server.url("/setup"))
        .json(&json!({"code": server.setup_code, "name": "admin", "password": "password1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_code(r).await, "weak_password");
    server.set_up().await;
}

#[tokio::test]
async fn a_login_sets_a_host_only_secure_cookie_and_logout_ends_the_session() {
    let server = TestServer::start().await;
    server.set_up().await;
    let client = server.client();
    let r = client
        .post(server.url("/session"))
        .json(&json!({"name": "ADMIN", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("__Host-ems_session=ems_session_"),
        "{cookie}"
    );
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    let body: Value = r.json().await.unwrap();
    let csrf = body["csrf_token"].as_str().unwrap().to_owned();
    assert_eq!(body["user"]["role"], "administrator");
    assert!(body["user"].get("password_hash").is_none());
    let me = client.get(server.url("/session")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    // Logging out without the CSRF token is refused.
    let r = client.delete(server.url("/session")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem_code(r).await, "csrf_rejected");
    let r = client
        .delete(server.url("/session"))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // The old cookie, replayed by hand, is dead.
    let secret = cookie.split(';').next().unwrap().to_owned();
    let replay = server
        .client()
        .get(server.url("/session"))
        .header("cookie", secret)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_locked_session_needs_the_password_and_shows_nothing_meanwhile() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    assert_eq!(
        admin.post("/session/lock", json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let r = admin.get("/setup").await;
    assert_eq!(r.status(), StatusCode::OK, "public routes stay public");
    let r = admin.get("/session").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["locked"], true);
    let r = admin.get("/metrics").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem_code(r).await, "session_locked");
    let r = admin
        .post("/session/unlock", json!({"password": "wrong password"}))
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = admin
        .post("/session/unlock", json!({"password": PASSWORD}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(admin.get("/metrics").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_ends_other_sessions() {
    let server = TestServer::start().await;
    let first = server.admin().await;
    let second = server.log_in("admin", PASSWORD).await;
    let r = first
        .put(
            "/session/password",
            json!({"current_password": "not it at all", "new_password": "una password nuova"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = first
        .put(
            "/session/password",
            json!({"current_password": PASSWORD, "new_password": "qwertyuiop"}),
        )
        .await;
    assert_eq!(problem_code(r).await, "weak_password");
    let r = first
        .put(
            "/session/password",
            json!({"current_password": PASSWORD, "new_password": "una password nuova"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(first.get("/session").await.status(), StatusCode::OK);
    assert_eq!(
        second.get("/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
    server.log_in("admin", "una password nuova").await;
}

#[tokio::test]
async fn plain_http_only_redirects_to_https() {
    let server = TestServer::start().await;
    let r = server
        .client()
        .get(format!("http://{}/api/v1/health?x=1", server.http))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
    let location = r.headers().get("location").unwrap().to_str().unwrap();
    assert_eq!(location, format!("{}/api/v1/health?x=1", server.base));
}
