//! The application: the routes, the OpenAPI document built from them, and the layers every
//! request passes through.

use crate::access::{self, AccessTable, BadRequirement, ClientAddr, Served};
use crate::metrics::{RequestLabels, RouteLabels};
use crate::problem::{ErrorCode, Problem};
use crate::routes;
use crate::state::{ApiParts, ApiState};
use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Version, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::Instant;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, ResponseBuilder};
use utoipa_axum::router::OpenApiRouter;

/// The prefix of every API route.
pub const API_PREFIX: &str = "/api/v1";

/// The Content Security Policy of every answer: nothing but this origin, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The routes with their OpenAPI document, before any state is attached.
pub fn routes() -> (Router<ApiState>, OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(base_document())
        .nest(API_PREFIX, routes::api())
        .merge(routes::outside_api())
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    (router, problems_as_problem_json(layer_responses(doc)))
}

/// Each operation of a path, with whether its method is unsafe (may change something).
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (bool, &mut Operation)> {
    [
        (false, &mut item.get),
        (true, &mut item.put),
        (true, &mut item.post),
        (true, &mut item.delete),
        (false, &mut item.options),
        (false, &mut item.head),
        (true, &mut item.patch),
        (false, &mut item.trace),
        (false, &mut item.query),
    ]
    .into_iter()
    .filter_map(|(unsafe_method, operation)| Some((unsafe_method, operation.as_mut()?)))
}

/// The answers the layers and extractors give, whatever the handler, are listed for every
/// operation they can come from, unless its annotation already lists the status:
/// - 401 and 403 from [`access::enforce`] on every operation that is not public;
/// - 403 from the CSRF layer on every unsafe method;
/// - 400 from the extractors on every operation with parameters or a body;
/// - 413 on every body, and 415 and 422 from the JSON extractor on JSON bodies.
fn layer_responses(mut doc: OpenApi) -> OpenApi {
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    Content::new(Some(Ref::from_schema_name("Problem"))),
                )
                .build(),
        )
    };
    for item in doc.paths.paths.values_mut() {
        for (unsafe_method, operation) in operations_mut(item) {
            let public = operation
                .security
                .as_ref()
                .is_some_and(|s| s.iter().any(|r| *r == SecurityRequirement::default()));
            let has_parameters = operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let body_types: Vec<String> = match &operation.request_body {
                Some(RefOr::T(body)) => body.content.keys().cloned().collect(),
                _ => Vec::new(),
            };
            let json_body = body_types.iter().any(|t| t == "application/json");
            let mut answers = Vec::new();
            if !public {
                answers.push((
                    "401",
                    "Not signed in, or the session or token has ended (`unauthenticated`), or \
                     the session is locked (`session_locked`)",
                ));
                answers.push((
                    "403",
                    "The caller's role or pages do not allow this (`forbidden`), only a \
                     session may do this (`token_not_allowed`), or the session's CSRF token \
                     is missing (`csrf_rejected`)",
                ));
            } else if unsafe_method {
                answers.push(("403", "A cross-site request (`csrf_rejected`)"));
            }
            if has_parameters || !body_types.is_empty() {
                answers.push((
                    "400",
                    "The request cannot be read: a malformed parameter or body (`bad_request`)",
                ));
            }
            if !body_types.is_empty() {
                answers.push(("413", "The body is too large (`payload_too_large`)"));
            }
            if json_body {
                answers.push((
                    "415",
                    "The body is not sent as `application/json` (`bad_request`)",
                ));
                answers.push((
                    "422",
                    "A value of the body is of the wrong type, missing or unknown (`invalid`)",
                ));
            }
            for (status, description) in answers {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| problem(description));
            }
        }
    }
    doc
}

/// Error answers are sent as `application/problem+json`; the document says so for every
/// response whose body is a [`Problem`], whatever its handler's annotation wrote.
fn problems_as_problem_json(mut doc: OpenApi) -> OpenApi {
    let problem = Ref::from_schema_name("Problem").ref_location;
    for item in doc.paths.paths.values_mut() {
        for (_, operation) in operations_mut(item) {
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                let is_problem = matches!(
                    response.content.get("application/json"),
                    Some(RefOr::T(Content { schema: Some(RefOr::Ref(r)), .. }))
                        if r.ref_location == problem
                );
                if is_problem && let Some(body) = response.content.shift_remove("application/json")
                {
                    response
                        .content
                        .insert("application/problem+json".to_owned(), body);
                }
            }
        }
    }
    doc
}

/// The OpenAPI document alone (for `ems api openapi` and the UI's generated types).
pub fn openapi() -> OpenApi {
    routes().1
}

/// The OpenAPI document as served, made once.
pub fn openapi_json() -> &'static str {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| openapi().to_json().unwrap_or_default())
}

fn base_document() -> OpenApi {
    let mut doc = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("ems REST API")
                .description(Some(
                    "Every feature of ems. Authenticate with the session cookie (log in with \
                     POST /api/v1/session; send the CSRF token it returns in X-CSRF-Token on \
                     every unsafe request) or with an API token (Authorization: Bearer). \
                     Errors are application/problem+json with a stable `code`.",
                ))
                .version(env!("CARGO_PKG_VERSION"))
                .build(),
        )
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "session",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            access::SESSION_COOKIE,
            "The session cookie set by POST /api/v1/session.",
        ))),
    );
    components.add_security_scheme(
        "token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("An API token created in Users › API tokens."))
                .build(),
        ),
    );
    doc
}

/// The whole application, with its state and layers.
pub fn app(parts: ApiParts) -> Result<Router, BadRequirement> {
    let (router, doc) = routes();
    let access_table = AccessTable::from_openapi(&doc)?;
    let settings = parts.settings.clone();
    let state = ApiState::new(parts, access_table);
    let router = router
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            access::enforce,
        ))
        .fallback(crate::ui::fallback)
        .method_not_allowed_fallback(method_not_allowed);
    if !crate::ui::WebUi::embedded().is_built() {
        tracing::warn!(
            "this ems was built without its web UI: run `make ui`, then build ems again"
        );
    }
    let mut router = router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.request_timeout,
        ))
        .layer(RequestBodyLimitLayer::new(settings.max_body_bytes))
        .layer(
            tower_http::csrf::CsrfLayer::new().with_rejection_response(|_| {
                Problem::new(ErrorCode::CsrfRejected, "cross-site requests are refused")
                    .into_response()
            }),
        )
        .layer(middleware::from_fn(problem_bodies))
        .layer(CompressionLayer::new().gzip(true));
    if !settings.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> = settings
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([
                    Method::GET,
                    Method::POST,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                ])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::AUTHORIZATION,
                    HeaderName::from_static(access::CSRF_HEADER),
                ]),
        );
    }
    let router = router
        .layer(security_headers(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000",
        ))
        .layer(security_headers(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(security_headers(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_headers(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_headers(header::X_FRAME_OPTIONS, "DENY"))
        .layer(middleware::from_fn(close_after_unread_body))
        .layer(middleware::from_fn_with_state(state.clone(), access_log))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            access::client_address,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            Problem::internal("a handler panicked").into_response()
        }))
        .with_state(state);
    Ok(router)
}

fn security_headers(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

async fn method_not_allowed() -> Response {
    let mut problem = Problem::new(
        ErrorCode::BadRequest,
        "this route does not take that method",
    );
    problem.status = StatusCode::METHOD_NOT_ALLOWED.as_u16();
    let mut response = problem.into_response();
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
}

/// Answers that the layers and extractors produce as plain text (a body too large, a timeout,
/// unreadable JSON, a path or query of the wrong type) become problems like every other error,
/// keeping the extractor's words, which name what was wrong.
async fn problem_bodies(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_plain_text = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    let code = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::Timeout,
        StatusCode::BAD_REQUEST | StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::BadRequest,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::Invalid,
        _ => return response,
    };
    if !is_plain_text {
        return response;
    }
    let status = response.status();
    let words = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let detail = match code {
        ErrorCode::PayloadTooLarge => "the request body is too large".to_owned(),
        ErrorCode::Timeout => "the request took too long".to_owned(),
        _ if words.is_empty() => code.title().to_lowercase(),
        _ => words,
    };
    let mut problem = Problem::new(code, detail);
    if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        problem.status = status.as_u16();
    }
    let mut response = problem.into_response();
    *response.status_mut() = status;
    response
}

/// An answer given before the request's body was read to its end (a refusal of the access
/// layer, a parameter that cannot be read) closes an HTTP/1 connection, and says so with
/// `Connection: close`: the server cannot read the next request after a body it left unread,
/// and without the header a client could send its next request on a connection about to close.
async fn close_after_unread_body(request: Request, next: Next) -> Response {
    if request.version() >= Version::HTTP_2 || request.body().is_end_stream() {
        return next.run(request).await;
    }
    let ended = Arc::new(AtomicBool::new(false));
    let at_end = ended.clone();
    let (parts, body) = request.into_parts();
    let watched = body.into_data_stream().chain(futures_util::stream::poll_fn(
        move |_| -> Poll<Option<Result<Bytes, axum::Error>>> {
            at_end.store(true, Ordering::Relaxed);
            Poll::Ready(None)
        },
    ));
    let mut response = next
        .run(Request::from_parts(parts, Body::from_stream(watched)))
        .await;
    if !ended.load(Ordering::Relaxed) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Logs every request (method, route, status, time, client, user) and counts it.
async fn access_log(State(state): State<ApiState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let client = request.extensions().get::<ClientAddr>().map(|c| c.0);
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let served = response.extensions().get::<Served>();
    let route = served.map_or_else(|| "unmatched".to_owned(), |s| s.route.clone());
    let user = served.and_then(|s| s.user.as_deref()).unwrap_or("-");
    tracing::info!(
        target: "ems_api::access",
        %method,
        route = %route,
        status,
        ms = elapsed.as_secs_f64() * 1e3,
        client = %client.map(|c| c.to_string()).unwrap_or_default(),
        user,
        "request"
    );
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            method: method.to_string(),
            route: route.clone(),
            status,
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(elapsed.as_secs_f64());
    response
}
