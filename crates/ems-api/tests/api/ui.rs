//! The web UI from outside: served at every path outside the API, without signing in, under the
//! same security headers as the API; the API keeps answering problems for routes it lacks.

use crate::support::*;
use reqwest::StatusCode;
use reqwest::header;

#[tokio::test]
async fn the_ui_is_served_at_its_pages_under_the_strict_content_security_policy() {
    let server = TestServer::start().await;
    let client = server.client();
    for page in ["/", "/consumption/total", "/configuration/devices?x=1"] {
        let response = client.get(server.page_url(page)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        let headers = response.headers().clone();
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "text/html; charset=utf-8",
            "{page}"
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{page}");
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        let html = response.text().await.unwrap();
        assert!(html.contains("<title>ems</title>"), "{page}: {html}");
        assert!(!html.contains("<script>"), "no inline script: {html}");
    }
}

#[tokio::test]
async fn the_api_answers_problems_for_routes_it_lacks_and_the_ui_takes_only_get() {
    let server = TestServer::start().await;
    let client = server.client();
    let missing = client
        .get(server.url("/no-such-route"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert_eq!(problem_code(missing).await, "not_found");
    let post = client
        .post(server.page_url("/consumption"))
        .header("origin", server.page_url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
}

/// The UI's API types are generated from its copy of the OpenAPI document: that copy must be
/// the server's (`ems api openapi > web/src/api/openapi.json`, then `npm run gen:api` in web/).
#[test]
fn the_uis_copy_of_the_openapi_document_is_the_servers() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src/api/openapi.json");
    let document = ems_api::openapi().to_pretty_json().unwrap();
    ems_testkit::assert_golden(&path, &format!("{document}\n"));
}
