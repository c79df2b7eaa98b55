//! The route × method × role matrix, generated from the router's own OpenAPI document (the
//! access policy the server enforces), and the cross-site checks of every unsafe route.

use crate::support::*;
use ems_api::access::{AccessTable, Need, Rule};
use ems_model::access::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The routes anyone may call: log in, set up, and whether the server is up.
const PUBLIC: &[(&str, &str)] = &[
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/setup"),
    ("POST", "/api/v1/setup"),
    ("POST", "/api/v1/session"),
];

fn table() -> Vec<(Method, String, Rule)> {
    let table = AccessTable::from_openapi(&ems_api::openapi()).unwrap();
    let mut rows: Vec<_> = table
        .iter()
        .map(|(m, p, r)| (m.clone(), p.to_owned(), r.clone()))
        .collect();
    rows.sort_by(|a, b| (&a.1, a.0.as_str()).cmp(&(&b.1, b.0.as_str())));
    rows
}

/// A concrete path for a template: every parameter becomes an id that exists nowhere.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').unwrap() + open;
        out.push_str("nothing_here");
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a caller of `role` with the role's default pages satisfies `need`.
fn satisfies(role: Role, need: Need) -> bool {
    match need {
        Need::Authenticated | Need::AnySession => true,
        Need::Page(page) => role.effective_pages(&role.default_pages()).contains(&page),
        Need::ManageUsers => role.manages_users(),
    }
}

/// Routes whose success would end or lock the session under test.
fn ends_the_session(method: &Method, path: &str) -> bool {
    path == "/api/v1/session" && *method == Method::DELETE || path == "/api/v1/session/lock"
}

async fn call(
    server: &TestServer,
    client: &reqwest::Client,
    method: &Method,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = client.request(method.clone(), format!("{}{}", server.base, concrete(path)));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if is_unsafe(method) {
        request = request.json(&json!({}));
    }
    request.send().await.unwrap()
}

/// The problem code of an answer; "" for answers that are not JSON (never reading an endless
/// event stream).
async fn code_of(response: reqwest::Response) -> String {
    let json = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !json {
        return String::new();
    }
    let body: Value = response.json().await.unwrap_or(Value::Null);
    body["code"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn every_route_answers_401_without_credentials_except_the_public_ones() {
    let server = TestServer::start().await;
    let client = server.client();
    let rows = table();
    assert!(rows.len() > 40, "the table lists {} routes", rows.len());
    let public: Vec<(String, String)> = rows
        .iter()
        .filter(|(_, _, rule)| rule.public)
        .map(|(m, p, _)| (m.to_string(), p.clone()))
        .collect();
    let expected: Vec<(String, String)> = PUBLIC
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let mut sorted = expected.clone();
    sorted.sort();
    let mut found = public.clone();
    found.sort();
    assert_eq!(found, sorted, "the public routes are exactly the allowlist");
    for (method, path, rule) in &rows {
        if rule.public {
            continue;
        }
        let response = call(&server, &client, method, path, &[]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
        assert_eq!(
            code_of(response).await,
            "unauthenticated",
            "{method} {path}"
        );
        // A forged cookie or token is no better.
        let response = call(
            &server,
            &client,
            method,
            path,
            &[
                ("cookie", "__Host-ems_session=ems_session_forged"),
                ("x-csrf-token", "forged"),
            ],
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path} (cookie)"
        );
        let response = call(
            &server,
            &client,
            method,
            path,
            &[("authorization", "Bearer ems_token_forged")],
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path} (token)"
        );
    }
}

#[tokio::test]
async fn every_route_answers_403_to_the_sessions_of_roles_below_its_minimum() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let rows = table();
    for role in [
        Role::Viewer,
        Role::Installer,
        Role::EvManager,
        Role::Administrator,
    ] {
        let name = format!("someone_{role}");
        server.add_user(&name, role).await;
        let session = server.log_in(&name, PASSWORD).await;
        let csrf = session.csrf.clone();
        for (method, path, rule) in &rows {
            if rule.public || ends_the_session(method, path) {
                continue;
            }
            let need = rule
                .session
                .expect("every private route is open to sessions");
            let response = call(
                &server,
                &session.client,
                method,
                path,
                &[("x-csrf-token", csrf.as_str())],
            )
            .await;
            let status = response.status();
            let code = code_of(response).await;
            if satisfies(role, need) {
                assert_ne!(status, StatusCode::UNAUTHORIZED, "{role}: {method} {path}");
                assert!(
                    !(status == StatusCode::FORBIDDEN
                        && code == "forbidden"
                        && matches!(need, Need::Page(_))),
                    "{role} has the page but got 403 on {method} {path}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role}: {method} {path}");
                assert_eq!(code, "forbidden", "{role}: {method} {path}");
            }
        }
    }
    drop(admin);
}

#[tokio::test]
async fn every_route_answers_403_to_tokens_of_roles_below_its_minimum_or_not_allowed_tokens() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let rows = table();
    for role in [
        Role::Viewer,
        Role::Installer,
        Role::EvManager,
        Role::Administrator,
    ] {
        let r = admin
            .post(
                "/tokens",
                json!({"name": format!("matrix {role}"), "role": role}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let token = r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let bearer = format!("Bearer {token}");
        let client = server.client_from("127.0.0.2".parse().unwrap());
        for (method, path, rule) in &rows {
            if rule.public {
                continue;
            }
            let response = call(
                &server,
                &client,
                method,
                path,
                &[("authorization", bearer.as_str())],
            )
            .await;
            let status = response.status();
            let code = code_of(response).await;
            match rule.token {
                None => {
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{role} token: {method} {path}"
                    );
                    assert_eq!(code, "token_not_allowed", "{role} token: {method} {path}");
                }
                Some(need) if satisfies(role, need) => {
                    assert_ne!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{role} token: {method} {path}"
                    );
                    assert!(
                        !(status == StatusCode::FORBIDDEN
                            && code == "forbidden"
                            && matches!(need, Need::Page(_))),
                        "{role} token has the page but got 403 on {method} {path}"
                    );
                }
                Some(_) => {
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{role} token: {method} {path}"
                    );
                    assert_eq!(code, "forbidden", "{role} token: {method} {path}");
                }
            }
        }
    }
}

#[tokio::test]
async fn every_unsafe_route_refuses_cross_site_requests_and_requests_without_the_csrf_token() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for (method, path, rule) in table() {
        if !is_unsafe(&method) {
            continue;
        }
        let cross_site = call(
            &server,
            &admin.client,
            &method,
            &path,
            &[
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site"),
                ("x-csrf-token", admin.csrf.as_str()),
            ],
        )
        .await;
        assert_eq!(
            cross_site.status(),
            StatusCode::FORBIDDEN,
            "{method} {path}"
        );
        assert_eq!(
            code_of(cross_site).await,
            "csrf_rejected",
            "{method} {path}"
        );
        let other_origin = call(
            &server,
            &admin.client,
            &method,
            &path,
            &[
                ("origin", "https://evil.example"),
                ("x-csrf-token", admin.csrf.as_str()),
            ],
        )
        .await;
        assert_eq!(
            other_origin.status(),
            StatusCode::FORBIDDEN,
            "{method} {path} (origin)"
        );
        if rule.public || ends_the_session(&method, &path) {
            continue;
        }
        let no_token = call(&server, &admin.client, &method, &path, &[]).await;
        assert_eq!(
            no_token.status(),
            StatusCode::FORBIDDEN,
            "{method} {path} (no token)"
        );
        assert_eq!(code_of(no_token).await, "csrf_rejected", "{method} {path}");
    }
    // Still logged in: nothing above changed the session.
    assert_eq!(admin.get("/session").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn answers_carry_the_security_headers_and_no_server_banner() {
    let server = TestServer::start().await;
    let r = server
        .client()
        .get(server.url("/health"))
        .send()
        .await
        .unwrap();
    let headers = r.headers();
    assert_eq!(headers["strict-transport-security"], "max-age=31536000");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers.get("server").is_none());
    assert!(headers.get("access-control-allow-origin").is_none());
    let preflight = server
        .client()
        .request(Method::OPTIONS, server.url("/session"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(
        preflight
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "no CORS unless configured"
    );
}

/// docs/API-ROUTES.md is this table: every route with what a session and a token need, so the
/// documentation cannot drift from what the server enforces.
#[test]
fn the_documented_route_table_is_the_enforced_one() {
    let describe = |need: Option<Need>| match need {
        None => "—".to_owned(),
        Some(Need::Authenticated) => "signed in".to_owned(),
        Some(Need::AnySession) => "signed in (even locked)".to_owned(),
        Some(Need::ManageUsers) => "manages users".to_owned(),
        Some(Need::Page(page)) => format!("page `{page}`"),
    };
    let mut text = String::from(
        "# Routes and who may call them\n\n\
         Generated from the server's OpenAPI document by the test \
         `access::the_documented_route_table_is_the_enforced_one` (rewrite it with \
         `EMS_UPDATE_GOLDEN=1`). \"—\" means that kind of credential cannot call the route; a \
         public route needs none. Roles and their pages are in [SECURITY.md](SECURITY.md).\n\n\
         | method | path | session | API token |\n|---|---|---|---|\n",
    );
    for (method, path, rule) in table() {
        let (session, token) = if rule.public {
            ("public".to_owned(), "public".to_owned())
        } else {
            (describe(rule.session), describe(rule.token))
        };
        text.push_str(&format!("| {method} | `{path}` | {session} | {token} |\n"));
    }
    let root = ems_testkit::workspace_root(env!("CARGO_MANIFEST_DIR"));
    ems_testkit::assert_golden(&root.join("docs/API-ROUTES.md"), &text);
}
