//! Who is calling, and whether they may: authentication, authorisation and CSRF, for every
//! route, in one middleware.
//!
//! Design decisions:
//! - **One source of truth.** What a route needs is its OpenAPI `security` requirement, written
//!   once in its `#[utoipa::path]`; [`AccessTable`] is read from the generated document, and the
//!   middleware enforces it. A route missing from the table is refused (fail closed), and the
//!   route × method × role test walks the same table.
//! - Security schemes: `session` (the `__Host-ems_session` cookie) and `token` (an API token as
//!   `Authorization: Bearer`). A requirement lists the schemes that may call the route and, as
//!   scopes, what the caller needs: a [`Page`] name, `manage_users`, `authenticated`, or
//!   `any_session` (a session even while locked: reading it, unlocking, logging out). An empty
//!   requirement (`security(())`) makes a route public.
//! - A token acts with its own role's default pages, within its owner's pages, and never on a
//!   route that only `session` may call (credentials, users, tokens).
//! - Unsafe methods with a session need the session's CSRF token in `X-CSRF-Token`; browsers'
//!   cross-site requests are refused before that by `Origin` and `Sec-Fetch-Site`
//!   ([`tower_http::csrf`]).

use crate::auth::secret::{self, SecretHash};
use crate::problem::{ErrorCode, Problem};
use crate::state::{ApiState, Shared};
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ems_model::access::{Page, Role};
use ems_store::StoreError;
use ems_store::account::{ApiToken, Session, User};
use jiff::Timestamp;
use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

/// The session cookie's name. The `__Host-` prefix makes browsers accept it only when Secure,
/// for this host, with path `/`.
pub const SESSION_COOKIE: &str = "__Host-ems_session";
/// The header carrying the session's CSRF token on unsafe methods.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A session's last use is written to the store at most this often.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// What a caller needs, beyond being who they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    /// Any unlocked session or token.
    Authenticated,
    /// Any session, locked or not.
    AnySession,
    /// A page.
    Page(Page),
    /// A role that manages users.
    ManageUsers,
}

impl Need {
    fn parse(scope: &str) -> Option<Need> {
        Some(match scope {
            "authenticated" => Need::Authenticated,
            "any_session" => Need::AnySession,
            "manage_users" => Need::ManageUsers,
            page => Need::Page(page.parse().ok()?),
        })
    }
}

/// What one operation (method and path) needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rule {
    /// Anyone may call it.
    pub public: bool,
    /// What a session needs; `None`: sessions may not call it.
    pub session: Option<Need>,
    /// What a token needs; `None`: tokens may not call it.
    pub token: Option<Need>,
}

/// Every operation's rule, read from the OpenAPI document.
#[derive(Debug, Clone, Default)]
pub struct AccessTable {
    rules: HashMap<(Method, String), Rule>,
}

/// An operation of the document whose security requirement cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{method} {path}: {problem}")]
pub struct BadRequirement {
    /// The method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// What is wrong.
    pub problem: String,
}

impl AccessTable {
    /// Reads the rules of every operation of an OpenAPI document. Every operation must declare
    /// its `security`; each scope must be known.
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Result<AccessTable, BadRequirement> {
        let json = serde_json::to_value(doc).map_err(|e| BadRequirement {
            method: String::new(),
            path: String::new(),
            problem: e.to_string(),
        })?;
        let mut rules = HashMap::new();
        let paths = json["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                let Ok(method) = method.to_uppercase().parse::<Method>() else {
                    continue;
                };
                let bad = |problem: String| BadRequirement {
                    method: method.to_string(),
                    path: path.clone(),
                    problem,
                };
                let Some(requirements) = operation["security"].as_array() else {
                    return Err(bad("no security requirement declared".into()));
                };
                let mut rule = Rule::default();
                for requirement in requirements {
                    let Some(schemes) = requirement.as_object() else {
                        return Err(bad("a requirement is not an object".into()));
                    };
                    if schemes.is_empty() {
                        rule.public = true;
                    }
                    for (scheme, scopes) in schemes {
                        let scopes: Vec<&str> = scopes
                            .as_array()
                            .map(|a| a.iter().filter_map(|s| s.as_str()).collect())
                            .unwrap_or_default();
                        let [scope] = scopes[..] else {
                            return Err(bad(format!("scheme {scheme} needs exactly one scope")));
                        };
                        let need = Need::parse(scope)
                            .ok_or_else(|| bad(format!("unknown scope \"{scope}\"")))?;
                        match scheme.as_str() {
                            "session" => rule.session = Some(need),
                            "token" => rule.token = Some(need),
                            other => return Err(bad(format!("unknown scheme \"{other}\""))),
                        }
                    }
                }
                rules.insert((method, path.clone()), rule);
            }
        }
        Ok(AccessTable { rules })
    }

    /// The rule of an operation.
    pub fn rule(&self, method: &Method, path: &str) -> Option<&Rule> {
        self.rules.get(&(method.clone(), path.to_owned()))
    }

    /// Every operation with its rule.
    pub fn iter(&self) -> impl Iterator<Item = (&Method, &str, &Rule)> {
        self.rules.iter().map(|((m, p), r)| (m, p.as_str(), r))
    }
}

/// The client's address: the peer's, or, when the peer is a trusted proxy, the last address
/// in `X-Forwarded-For` that is not a trusted proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The client of a request.
    pub fn of(parts_headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &[IpAddr]) -> Self {
        let peer = peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| p.ip().to_canonical());
        if !trusted.contains(&peer) {
            return ClientAddr(peer);
        }
        let forwarded: Vec<IpAddr> = parts_headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .map(|a| a.to_canonical())
            .collect();
        let client = forwarded
            .iter()
            .rev()
            .find(|a| !trusted.contains(a))
            .copied()
            .unwrap_or(peer);
        ClientAddr(client)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ClientAddr>()
            .copied()
            .ok_or_else(|| Problem::internal("client address layer missing"))
    }
}

/// How a caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A session.
    Session {
        /// The stored hash of its secret.
        id_hash: SecretHash,
        /// The session's CSRF token.
        csrf_token: String,
        /// Whether it is locked.
        locked: bool,
        /// The session as stored.
        session: Session,
    },
    /// An API token.
    Token {
        /// The token as stored.
        token: ApiToken,
    },
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user (the token's owner for a token).
    pub user: User,
    /// The role the caller acts with (the token's role for a token).
    pub role: Role,
    /// The pages the caller may use.
    pub pages: BTreeSet<Page>,
    /// How they proved it.
    pub credential: Credential,
}

impl Principal {
    /// True when the caller may use `page`.
    pub fn has(&self, page: Page) -> bool {
        self.pages.contains(&page)
    }

    fn satisfies(&self, need: Need) -> bool {
        match need {
            Need::Authenticated | Need::AnySession => true,
            Need::Page(page) => self.has(page),
            Need::ManageUsers => self.role.manages_users(),
        }
    }

    /// The session's stored hash, when the caller used one.
    pub fn session_hash(&self) -> Option<SecretHash> {
        match &self.credential {
            Credential::Session { id_hash, .. } => Some(*id_hash),
            Credential::Token { .. } => None,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Principal>()
            .cloned()
            .ok_or_else(|| Problem::new(ErrorCode::Unauthenticated, "sign in first"))
    }
}

/// The session secret in the request's cookie, if any.
pub fn session_secret(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Records the client's address in the request for everything after it.
pub async fn client_address(
    State(state): State<ApiState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = ClientAddr::of(request.headers(), peer, &state.settings.trusted_proxies);
    request.extensions_mut().insert(client);
    next.run(request).await
}

/// What the access middleware leaves on an answer for the access log: the route template and
/// the user, if any.
#[derive(Debug, Clone)]
pub struct Served {
    /// The route template.
    pub route: String,
    /// The user's name.
    pub user: Option<String>,
}

/// The access middleware: finds the route's rule, authenticates, authorises and checks CSRF.
pub async fn enforce(State(state): State<ApiState>, request: Request, next: Next) -> Response {
    let Some(route) = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
    else {
        return Problem::not_found("no such route").into_response();
    };
    let (user, mut response) = enforce_rule(&state, &route, request, next).await;
    response.extensions_mut().insert(Served { route, user });
    response
}

async fn enforce_rule(
    state: &ApiState,
    path: &str,
    mut request: Request,
    next: Next,
) -> (Option<String>, Response) {
    let Some(rule) = state.access.rule(request.method(), path).cloned() else {
        // A route without a declared requirement is a bug; refuse rather than guess.
        let problem = Problem::internal(format!(
            "route {} {path} has no access rule",
            request.method()
        ));
        return (None, problem.into_response());
    };
    if rule.public || metrics_from_loopback(state, path, &request) {
        return (None, next.run(request).await);
    }
    match authenticate(state, request.headers(), &rule).await {
        Ok(principal) => {
            let user = Some(principal.user.name.clone());
            if let Err(problem) = authorise(&principal, &rule, request.method(), request.headers())
            {
                return (user, problem.into_response());
            }
            request.extensions_mut().insert(principal);
            (user, next.run(request).await)
        }
        Err(problem) => (None, problem.into_response()),
    }
}

/// `/metrics` from the loopback interface needs no credentials unless the settings say so.
fn metrics_from_loopback(state: &ApiState, path: &str, request: &Request) -> bool {
    path == crate::routes::METRICS_PATH
        && state.settings.metrics == crate::settings::MetricsAccess::Loopback
        && request
            .extensions()
            .get::<ClientAddr>()
            .is_some_and(|c| c.0.is_loopback())
}

/// The state of a stored session now.
enum SessionCheck {
    /// Usable.
    Open(Session, User),
    /// Usable only to unlock it or log out.
    Locked(Session, User),
    /// Unknown, timed out, or its user disabled.
    Ended,
}

fn check_session(
    shared: &Shared,
    id_hash: SecretHash,
    now: Timestamp,
) -> Result<SessionCheck, StoreError> {
    let Some((session, user)) = shared.readers.session(id_hash)? else {
        return Ok(SessionCheck::Ended);
    };
    let idle = now.duration_since(session.last_seen_at).unsigned_abs();
    let age = now.duration_since(session.created_at).unsigned_abs();
    if !user.enabled
        || idle > shared.settings.session_idle
        || age > shared.settings.session_absolute
    {
        return Ok(SessionCheck::Ended);
    }
    Ok(if session.locked {
        SessionCheck::Locked(session, user)
    } else {
        SessionCheck::Open(session, user)
    })
}

/// A stored token that is usable now, with its owner and the pages it gives.
fn check_token(
    shared: &Shared,
    hash: SecretHash,
    now: Timestamp,
) -> Result<Option<(ApiToken, User, BTreeSet<Page>)>, StoreError> {
    let Some((token, user)) = shared.readers.token(hash)? else {
        return Ok(None);
    };
    if !user.enabled
        || token.expires_at.is_some_and(|e| e <= now)
        || !secret::equal(&token.hash, &hash)
    {
        return Ok(None);
    }
    // A token acts with its role's default pages, within its owner's.
    let owner = user.role.effective_pages(&user.pages);
    let pages = token
        .role
        .default_pages()
        .intersection(&owner)
        .copied()
        .collect();
    Ok(Some((token, user, pages)))
}

impl Principal {
    /// True while the caller's session or token still lets them use `page`: the session exists,
    /// is not locked and within its limits, or the token is neither revoked nor expired; the
    /// user is enabled and still has the page. Long-lived answers (the live stream) ask it from
    /// time to time.
    pub fn still_allowed(
        &self,
        shared: &Shared,
        page: Page,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let pages = match &self.credential {
            Credential::Session { id_hash, .. } => match check_session(shared, *id_hash, now)? {
                SessionCheck::Open(_, user) => user.role.effective_pages(&user.pages),
                SessionCheck::Locked(..) | SessionCheck::Ended => return Ok(false),
            },
            Credential::Token { token } => match check_token(shared, token.hash, now)? {
                Some((_, _, pages)) => pages,
                None => return Ok(false),
            },
        };
        Ok(pages.contains(&page))
    }
}

async fn authenticate(
    state: &ApiState,
    headers: &HeaderMap,
    rule: &Rule,
) -> Result<Principal, Problem> {
    let now = state.clock.now();
    // The store is read on this thread: one primary-key read in WAL mode, which does not wait
    // for the writer's transactions and costs less than a hand-off to the blocking pool.
    if let Some(token) = bearer(headers) {
        let Some((token, user, pages)) = check_token(state, secret::hash_secret(token), now)?
        else {
            return Err(Problem::new(
                ErrorCode::Unauthenticated,
                "the API token is unknown, revoked or expired",
            ));
        };
        if rule.token.is_none() {
            return Err(Problem::new(
                ErrorCode::TokenNotAllowed,
                "API tokens cannot do this; sign in with a password",
            ));
        }
        if token
            .last_used_at
            .is_none_or(|t| now.duration_since(t).unsigned_abs() >= TOUCH_EVERY)
        {
            state.store.touch_token(token.id, now);
        }
        let role = token.role;
        return Ok(Principal {
            user,
            role,
            pages,
            credential: Credential::Token { token },
        });
    }
    let Some(secret_value) = session_secret(headers) else {
        return Err(Problem::new(ErrorCode::Unauthenticated, "sign in first"));
    };
    let id_hash = secret::hash_secret(secret_value);
    let (session, user) = match check_session(state, id_hash, now)? {
        SessionCheck::Open(session, user) => (session, user),
        SessionCheck::Locked(session, user) if rule.session == Some(Need::AnySession) => {
            (session, user)
        }
        SessionCheck::Locked(..) => {
            return Err(Problem::new(
                ErrorCode::SessionLocked,
                "the session is locked; unlock it with your password",
            ));
        }
        SessionCheck::Ended => {
            state.store.delete_session(id_hash)?;
            return Err(Problem::new(
                ErrorCode::Unauthenticated,
                "the session has ended; sign in again",
            ));
        }
    };
    if now.duration_since(session.last_seen_at).unsigned_abs() >= TOUCH_EVERY {
        state.store.touch_session(id_hash, now);
    }
    let pages = user.role.effective_pages(&user.pages);
    Ok(Principal {
        role: user.role,
        pages,
        credential: Credential::Session {
            id_hash,
            csrf_token: secret::csrf_token(secret_value),
            locked: session.locked,
            session,
        },
        user,
    })
}

fn authorise(
    principal: &Principal,
    rule: &Rule,
    method: &Method,
    headers: &HeaderMap,
) -> Result<(), Problem> {
    let need = match &principal.credential {
        Credential::Session { csrf_token, .. } => {
            let unsafe_method = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
            if unsafe_method {
                let sent = headers
                    .get(CSRF_HEADER)
                    .map(|v| v.as_bytes())
                    .unwrap_or_default();
                if !secret::equal(sent, csrf_token.as_bytes()) {
                    return Err(Problem::new(
                        ErrorCode::CsrfRejected,
                        format!("send the session's CSRF token in the {CSRF_HEADER} header"),
                    ));
                }
            }
            rule.session
        }
        Credential::Token { .. } => rule.token,
    };
    match need {
        Some(need) if principal.satisfies(need) => Ok(()),
        Some(Need::Page(page)) => Err(Problem::new(
            ErrorCode::Forbidden,
            format!("this needs the \"{page}\" page, which you do not have"),
        )),
        Some(_) => Err(Problem::new(
            ErrorCode::Forbidden,
            "only administrators and EV managers manage users",
        )),
        None => Err(Problem::new(
            ErrorCode::TokenNotAllowed,
            "API tokens cannot do this; sign in with a password",
        )),
    }
}
