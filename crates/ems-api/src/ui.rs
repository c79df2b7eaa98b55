//! The web UI: the files of its build, embedded at compile time (see `build.rs`), served from
//! every path outside the API with caching and precompressed copies. Paths that name no file
//! are the UI's own pages and get its `index.html`. A binary built without the UI says how to
//! build it.

use crate::access::Served;
use crate::problem::{ErrorCode, Problem};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One file of the UI's build.
#[derive(Debug)]
pub struct Asset {
    /// Its path (`/index.html`, `/assets/index-3f2a1c.js`).
    pub path: &'static str,
    /// Its media type.
    pub content_type: &'static str,
    /// Its entity tag, quoted.
    pub etag: &'static str,
    /// Its name carries its content's hash, so it never changes: cached for a year.
    pub immutable: bool,
    /// Its bytes.
    pub identity: &'static [u8],
    /// Its gzip copy, when that is smaller.
    pub gzip: Option<&'static [u8]>,
    /// Its brotli copy, when that is smaller.
    pub brotli: Option<&'static [u8]>,
}

include!(concat!(env!("OUT_DIR"), "/ui_assets.rs"));

/// The page a binary built without the UI serves instead.
const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>ems</title></head>\
<body><main><h1>ems</h1><p>This ems was built without its web UI.</p>\
<p>Build the UI with <code>make ui</code> (it needs Node.js 20.19 or newer), then build ems again.</p>\
<p>The REST API works without it: its description is at \
<a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>.</p></main></body></html>\n";

/// Paths of the API, present and future (`/api/v1`, `/api/v2`): never the UI's.
const API_SPACE: &str = "/api";

/// The route name the access log and the metrics give the UI's files.
const ROUTE: &str = "web UI";

/// The UI's files.
#[derive(Debug, Clone, Copy)]
pub struct WebUi {
    assets: &'static [Asset],
}

impl WebUi {
    /// The UI built into this binary.
    pub fn embedded() -> Self {
        Self { assets: EMBEDDED }
    }

    /// A UI of the given files (for tests).
    pub fn of(assets: &'static [Asset]) -> Self {
        Self { assets }
    }

    /// Whether this binary has a UI.
    pub fn is_built(&self) -> bool {
        !self.assets.is_empty()
    }

    fn find(&self, path: &str) -> Option<&'static Asset> {
        self.assets.iter().find(|a| a.path == path)
    }

    /// The answer to a request outside the API.
    pub fn serve(&self, method: &Method, path: &str, headers: &HeaderMap) -> Response {
        if path == API_SPACE || path.starts_with(&format!("{API_SPACE}/")) {
            return Problem::not_found("no such route").into_response();
        }
        if method != Method::GET && method != Method::HEAD {
            let mut problem = Problem::new(
                ErrorCode::BadRequest,
                "the web UI only answers GET and HEAD",
            );
            problem.status = StatusCode::METHOD_NOT_ALLOWED.as_u16();
            let mut response = problem.into_response();
            *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let head = method == Method::HEAD;
        if !self.is_built() {
            return page(head, NOT_BUILT.as_bytes());
        }
        let asset = match self.find(path) {
            Some(asset) => asset,
            // A page of the UI (`/consumption/month`), not a file: the UI finds its way from there.
            None if !last_segment(path).contains('.') => match self.find("/index.html") {
                Some(index) => index,
                None => return Problem::not_found("the web UI has no index.html").into_response(),
            },
            None => return Problem::not_found(format!("no file {path}")).into_response(),
        };
        send(asset, head, headers)
    }
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn page(head: bool, body: &'static [u8]) -> Response {
    let mut response = Response::new(if head {
        Body::empty()
    } else {
        Body::from(body)
    });
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    served(response)
}

/// The comma-separated items of every `name` header.
fn items(headers: &HeaderMap, name: header::HeaderName) -> impl Iterator<Item = &str> {
    headers
        .get_all(name)
        .into_iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
}

/// Whether the client takes `encoding`, from `Accept-Encoding` (`q=0` refuses one).
fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    items(headers, header::ACCEPT_ENCODING).any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case(encoding) || name == "*") && !refused
    })
}

fn send(asset: &'static Asset, head: bool, headers: &HeaderMap) -> Response {
    let cache = if asset.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let unchanged = items(headers, header::IF_NONE_MATCH)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == asset.etag);
    let (body, encoding) = match (asset.brotli, asset.gzip) {
        (Some(brotli), _) if accepts(headers, "br") => (brotli, Some("br")),
        (_, Some(gzip)) if accepts(headers, "gzip") => (gzip, Some("gzip")),
        _ => (asset.identity, None),
    };
    let mut response = if unchanged {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        let mut response = Response::new(if head {
            Body::empty()
        } else {
            Body::from(body)
        });
        let out = response.headers_mut();
        out.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        out.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        if let Some(encoding) = encoding {
            out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    let out = response.headers_mut();
    out.insert(header::ETAG, HeaderValue::from_static(asset.etag));
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if asset.gzip.is_some() || asset.brotli.is_some() {
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    served(response)
}

fn served(mut response: Response) -> Response {
    response.extensions_mut().insert(Served {
        route: ROUTE.to_owned(),
        user: None,
    });
    response
}

/// The router's fallback: the UI for every path outside the API, a problem inside it.
pub async fn fallback(request: Request) -> Response {
    WebUi::embedded().serve(request.method(), request.uri().path(), request.headers())
}

#[cfg(test)]
mod tests {
    use super::*;

    static ASSETS: &[Asset] = &[
        Asset {
            path: "/index.html",
            content_type: "text/html; charset=utf-8",
            etag: "\"index1\"",
            immutable: false,
            identity: b"<!doctype html><title>ems</title>",
            gzip: Some(b"gzip-of-index"),
            brotli: None,
        },
        Asset {
            path: "/assets/index-abc123.js",
            content_type: "text/javascript; charset=utf-8",
            etag: "\"js1\"",
            immutable: true,
            identity: b"console.log('ems')",
            gzip: Some(b"gzip-of-js"),
            brotli: Some(b"br-of-js"),
        },
    ];

    fn get(path: &str, headers: &[(&'static str, &'static str)]) -> Response {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, HeaderValue::from_static(value));
        }
        WebUi::of(ASSETS).serve(&Method::GET, path, &map)
    }

    fn header(response: &Response, name: header::HeaderName) -> Option<&str> {
        response.headers().get(name).and_then(|v| v.to_str().ok())
    }

    async fn body(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn hashed_files_are_cached_for_a_year_and_sent_compressed_as_the_client_prefers() {
        let response = get(
            "/assets/index-abc123.js",
            &[("accept-encoding", "gzip, deflate, br")],
        );
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header(&response, header::CACHE_CONTROL),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(header(&response, header::CONTENT_ENCODING), Some("br"));
        assert_eq!(header(&response, header::VARY), Some("accept-encoding"));
        assert_eq!(body(response).await, b"br-of-js");

        let gzip_only = get(
            "/assets/index-abc123.js",
            &[("accept-encoding", "gzip, br;q=0")],
        );
        assert_eq!(header(&gzip_only, header::CONTENT_ENCODING), Some("gzip"));
        assert_eq!(body(gzip_only).await, b"gzip-of-js");

        let plain = get("/assets/index-abc123.js", &[]);
        assert_eq!(header(&plain, header::CONTENT_ENCODING), None);
        assert_eq!(
            header(&plain, header::CONTENT_TYPE),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(body(plain).await, b"console.log('ems')");
    }

    #[tokio::test]
    async fn the_index_is_revalidated_so_an_upgrade_is_seen_at_once() {
        let response = get("/index.html", &[]);
        assert_eq!(header(&response, header::CACHE_CONTROL), Some("no-cache"));
        assert_eq!(header(&response, header::ETAG), Some("\"index1\""));
        let again = get("/index.html", &[("if-none-match", "\"index1\"")]);
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert!(body(again).await.is_empty());
        let changed = get("/index.html", &[("if-none-match", "\"index0\"")]);
        assert_eq!(changed.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn the_ui_pages_are_the_index_but_missing_files_are_not_found() {
        for page in ["/", "/consumption/total", "/configuration/devices"] {
            let response = get(page, &[]);
            assert_eq!(response.status(), StatusCode::OK, "{page}");
            assert_eq!(
                body(response).await,
                b"<!doctype html><title>ems</title>",
                "{page}"
            );
        }
        assert_eq!(
            get("/assets/gone-000.js", &[]).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(get("/api/etc/passwd", &[]).status(), StatusCode::NOT_FOUND);
        let api = get("/api/v1/no-such-route", &[]);
        assert_eq!(api.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            header(&api, header::CONTENT_TYPE),
            Some("application/problem+json")
        );
    }

    #[tokio::test]
    async fn only_get_and_head_are_answered_and_head_has_no_body() {
        let ui = WebUi::of(ASSETS);
        let post = ui.serve(&Method::POST, "/", &HeaderMap::new());
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(header(&post, header::ALLOW), Some("GET, HEAD"));
        let head = ui.serve(&Method::HEAD, "/index.html", &HeaderMap::new());
        assert_eq!(head.status(), StatusCode::OK);
        assert_eq!(header(&head, header::CONTENT_LENGTH), Some("33"));
        assert!(body(head).await.is_empty());
    }

    #[tokio::test]
    async fn a_binary_without_the_ui_says_how_to_build_it() {
        let ui = WebUi::of(&[]);
        assert!(!ui.is_built());
        let response = ui.serve(&Method::GET, "/consumption", &HeaderMap::new());
        assert_eq!(response.status(), StatusCode::OK);
        let text = String::from_utf8(body(response).await).unwrap();
        assert!(text.contains("built without its web UI"), "{text}");
        assert!(text.contains("make ui"), "{text}");
    }
}
