//! The HTTP side: the router (pages, server functions, health, assets) and
//! its layers — sessions, cross-origin refusal, security headers, request
//! ids, tracing and compression — and serving with TCP_NODELAY and graceful
//! shutdown.

use super::context::ClientInfo;
use super::AppState;
use crate::domain::AppError;
use crate::store::Db;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Sessions live in the database, shared by every instance.
#[derive(Clone, Debug)]
pub enum SessionBackend {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SessionBackend {
    /// The session store on the same database, its table created when missing.
    pub async fn new(db: &Db) -> Result<Self, sqlx::Error> {
        Ok(match db {
            Db::Sqlite(p) => {
                let s = SqliteStore::new(p.clone());
                s.migrate().await?;
                SessionBackend::Sqlite(s)
            }
            Db::Postgres(p) => {
                let s = PostgresStore::new(p.clone());
                s.migrate().await?;
                SessionBackend::Postgres(s)
            }
        })
    }

    /// Deletes expired sessions; run now and then.
    pub async fn delete_expired(&self) -> Result<(), session_store::Error> {
        use tower_sessions::ExpiredDeletion;
        match self {
            SessionBackend::Sqlite(s) => s.delete_expired().await,
            SessionBackend::Postgres(s) => s.delete_expired().await,
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for SessionBackend {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(s) => s.create(record).await,
            SessionBackend::Postgres(s) => s.create(record).await,
        }
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(s) => s.save(record).await,
            SessionBackend::Postgres(s) => s.save(record).await,
        }
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            SessionBackend::Sqlite(s) => s.load(id).await,
            SessionBackend::Postgres(s) => s.load(id).await,
        }
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            SessionBackend::Sqlite(s) => s.delete(id).await,
            SessionBackend::Postgres(s) => s.delete(id).await,
        }
    }
}

/// Refuses state-changing requests that come from another site. Server
/// functions do no CSRF checking of their own; browsers send `Sec-Fetch-Site`
/// (and `Origin`) on every POST, so a cross-site form or fetch is refused
/// here before it reaches one. Requests without either header (non-browser
/// clients) carry no ambient cookies a third site could borrow.
async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_site(&req) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

fn same_site(req: &Request) -> bool {
    let h = req.headers();
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = h.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
            origin.split_once("://").map(|(_, rest)| rest) == Some(host)
        }
    }
}

/// Server functions answer every error with status 500; this gives each
/// error kind its proper HTTP status, so clients and load balancers see a
/// 401, 403 or 422 for what it is. (Form posts without JavaScript get a
/// redirect instead and are left alone.)
async fn api_error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR || !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 1 << 20).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "error body too large").into_response(),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The HTTP status of an error kind.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict { .. } | AppError::StaleVersion { .. } => StatusCode::CONFLICT,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::Transport(_) => StatusCode::BAD_REQUEST,
    }
}

/// Puts the client's address and the request id where server functions find them.
async fn client_info(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let request_id = req.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let forwarded = state
        .config
        .trust_proxy
        .then(|| {
            req.headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next_back())
                .and_then(|v| v.trim().parse().ok())
        })
        .flatten();
    let addr = forwarded.or_else(|| req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()));
    req.extensions_mut().insert(ClientInfo { addr, request_id });
    next.run(req).await
}

/// The paths of the pages a visitor may open without a session.
const OPEN_PAGES: &[&str] = &["/sign-in"];

/// Sends a visitor without a session to sign in, from the server, before a signed-in page is
/// drawn: `303` to `/sign-in?next=…` (the page and its query). A user with a temporary password
/// goes to change it first. Only the app's own pages (GET) are concerned: server functions and
/// files refuse on their own, and an unknown address still answers 404.
async fn require_session(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let page = req.extensions().get::<axum::extract::MatchedPath>().map(|m| m.as_str().to_owned());
    let guarded = matches!(*req.method(), Method::GET | Method::HEAD)
        && page.as_deref().is_some_and(|p| page_paths().contains(p) && !OPEN_PAGES.contains(&p));
    if !guarded {
        return next.run(req).await;
    }
    let ctx = super::context::Ctx {
        state,
        session: req.extensions().get::<tower_sessions::Session>().cloned(),
        client: req.extensions().get::<ClientInfo>().cloned().unwrap_or_default(),
    };
    let here = req.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    match ctx.user().await {
        Ok(None) => see_other(&format!("/sign-in?next={}", crate::domain::url::query_value(&here))),
        Ok(Some(u)) if u.row.must_change_password && req.uri().path() != "/profile/password" => {
            see_other("/profile/password")
        }
        // Signed in; or the session could not be read, which the page itself reports.
        _ => next.run(req).await,
    }
}

fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// The route paths of the app's pages, as the router matches them.
fn page_paths() -> &'static std::collections::HashSet<String> {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    PATHS.get_or_init(|| route_list().iter().map(|r| r.path().to_owned()).collect())
}

/// The script nonce a page was drawn with, handed from the page (see [`crate::ui::shell`]) to
/// [`page_policy`] through the request's extensions.
#[derive(Clone, Default)]
pub struct PageNonce(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PageNonce {
    pub fn set(&self, nonce: &str) {
        if let Ok(mut n) = self.0.lock() {
            *n = Some(nonce.to_owned());
        }
    }

    fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|n| n.clone())
    }
}

/// Makes sure a page goes out with its own policy. The page sets it through the rendering's
/// response options; a page seen to leave without it (it happened now and then, the page then
/// unstyled and without its script under the fallback policy) gets it here, from the nonce the
/// page was drawn with.
async fn page_policy(mut req: Request, next: Next) -> Response {
    let nonce = PageNonce::default();
    req.extensions_mut().insert(nonce.clone());
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if !res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Some(v) = nonce.get().and_then(|n| HeaderValue::from_str(&page_csp(&n)).ok()) {
            tracing::warn!(path, "a page came without its content security policy: set from its nonce");
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    res
}

/// Pages and API answers may carry personal data: never stored by caches.
/// Fingerprinted assets under /pkg are immutable and cached for a year.
async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let value = if path.starts_with("/pkg/") {
        "public, max-age=31536000, immutable"
    } else if path == "/favicon.ico" || path == "/manifest.webmanifest" || path.starts_with("/icons/") {
        "public, max-age=86400"
    } else if (path.starts_with("/files/") || path.starts_with("/support/files/"))
        && path.ends_with("/thumbnail")
        && res.status().is_success()
    {
        // A thumbnail never changes; kept on the worker's own device for a day, so that a form
        // or a ticket reopened on a weak signal does not fetch its photos again.
        "private, max-age=86400"
    } else {
        "no-store"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    if path == "/sw.js" {
        // A service worker runs under its own script's policy: it fetches this site's pages
        // and app files, and nothing else.
        res.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; connect-src 'self'"),
        );
    }
    res
}

async fn live() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "live" }))
}

async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let ok = state.store.ping().await;
    let body = Json(serde_json::json!({
        "status": if ok { "ready" } else { "unavailable" },
        "database": state.store.engine(),
    }));
    if ok {
        (StatusCode::OK, body)
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, body)
    }
}

/// Builds the whole application router, with its session store.
pub async fn router(state: AppState) -> Result<Router, sqlx::Error> {
    let sessions = SessionBackend::new(state.store.db()).await?;
    Ok(router_with(state, sessions))
}

/// Builds the whole application router on a session store the caller opened
/// (and may also use, e.g. to delete expired sessions).
pub fn router_with(state: AppState, sessions: SessionBackend) -> Router {
    let cfg = &state.config;
    let idle = tower_sessions::cookie::time::Duration::seconds(cfg.session_idle.as_secs() as i64);
    let session_layer = SessionManagerLayer::new(sessions.clone())
        .with_name(cfg.cookie_name())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(cfg.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle));

    // A plain form post may carry a few files at once; the script sends one at a time. Each
    // file is checked against the limit on its own; these bound the whole body.
    let file_max = usize::try_from(cfg.attachment_max_bytes).unwrap_or(usize::MAX);
    let one_file_limit = file_max.saturating_add(64 * 1024);
    let plain_form_limit = file_max.saturating_mul(4).saturating_add(1024 * 1024);
    use crate::api::forms::imp::files;
    use crate::api::tickets::files_imp as ticket_files;

    let leptos_options = state.leptos.clone();
    let routes = route_list();
    let ctx_state = state.clone();
    let provide = move || provide_context(ctx_state.clone());

    let mut app = Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        // A case form posted as plain HTML (no JavaScript yet): the same session, client
        // info and cross-site refusal as every other post, from the layers below.
        .route(
            "/forms/{id}",
            post(crate::api::forms::imp::post::post_form).layer(DefaultBodyLimit::max(plain_form_limit)),
        )
        // The form editor posted as plain HTML, likewise.
        .route("/admin/forms/{code}/{version}", post(crate::api::forms::imp::definition_post::post_definition))
        // Attachments: one file sent by the page's script, and files read back.
        .route("/forms/{id}/files", post(files::post_file).layer(DefaultBodyLimit::max(one_file_limit)))
        .route("/files/{id}", get(files::get_file))
        // The unread count, live (server-sent events).
        .route(
            "/api/alerts/live",
            get(crate::server::live::live_stream).layer(axum::Extension(crate::server::live::Sessions::new(&sessions))),
        )
        .route("/files/{id}/thumbnail", get(files::get_thumbnail))
        // A notification followed as a link: marked read, then on to its case or ticket.
        .route("/notifications/{id}", get(crate::api::alerts::imp::get_open))
        // Files sent with tickets' messages: one sent by the page's script, and files read back.
        .route("/support/files", post(ticket_files::post_file).layer(DefaultBodyLimit::max(one_file_limit)))
        .route("/support/files/{id}", get(ticket_files::get_file))
        .route("/support/files/{id}/thumbnail", get(ticket_files::get_thumbnail))
        // The dashboard's indicators as a file.
        .route("/dashboard/indicators.csv", get(crate::api::reports::export::get_csv))
        .route("/dashboard/indicators.xlsx", get(crate::api::reports::export::get_xlsx))
        // The registers as files, streamed.
        .merge(crate::api::registers::RegisterKind::ALL.into_iter().fold(Router::new(), |r, kind| {
            use crate::api::registers::{export, xlsx};
            r.route(&export::file_path(kind, "csv"), get(export::get_csv))
                .route(&export::file_path(kind, "xlsx"), get(xlsx::get_xlsx))
        }))
        .leptos_routes_with_context(&state, routes, provide.clone(), {
            let options = leptos_options.clone();
            move || crate::ui::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide, crate::ui::shell))
        .layer(middleware::from_fn_with_state(state.clone(), require_session))
        .layer(middleware::from_fn(api_error_status))
        .layer(middleware::from_fn(crate::server::posted::keep_posted_form))
        // A ticket form posted as plain HTML with files: the files kept first, the rest passed on
        // as the form the server function takes (and kept above when it is refused).
        .layer(middleware::from_fn_with_state(state.clone(), ticket_files::plain_post))
        .layer(session_layer)
        .layer(middleware::from_fn_with_state(state.clone(), client_info))
        .layer(middleware::from_fn(refuse_cross_site))
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn(page_policy))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        // Pages set their own policy with the script nonce; everything else gets this one.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ));
    if cfg.secure_cookies {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    let app = app
        .layer(PropagateRequestIdLayer::new(X_REQUEST_ID.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
            let id = req.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(X_REQUEST_ID.clone(), MakeRequestUuid))
        .with_state(state);
    app
}

/// The app's routes, listed once per process. Listing them runs the app with resource loading
/// suppressed for the whole process (a global flag in `leptos_server`, leptos issue #4773): a
/// page whose resource first polled meanwhile, under another router of the same process, waited
/// forever. The tests build many routers while pages render, and saw it now and then as a page
/// that never answered.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(crate::ui::App)).clone()
}

/// The Content-Security-Policy of a page, allowing only its own scripts
/// (by nonce) and WASM.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )
}

/// Serves `app` on `listener` until SIGTERM or Ctrl-C, setting TCP_NODELAY
/// on every accepted connection (without it, keep-alive requests stall
/// about 40 ms behind streamed chunks).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
