//! The composition root: the one router that puts together the server's plumbing
//! ([`crate::server::http`]), each area's plain HTTP routes (`api::<area>::routes`), the server
//! functions and the pages ([`crate::ui`]). Only this module and the benchmarks see every room.

use crate::api::http::BodyLimits;
use crate::server::context::{ClientInfo, Ctx};
use crate::server::http::{
    api_error_status, cache_headers, client_info, live, ready, refuse_cross_site, SessionBackend, X_REQUEST_ID,
};
use crate::server::AppState;
use crate::ui::{page_csp, PageNonce};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

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

    let limits = BodyLimits::of(cfg);

    let leptos_options = state.leptos.clone();
    let routes = route_list();
    let ctx_state = state.clone();
    let provide = move || provide_context(ctx_state.clone());

    let mut app = Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        // The unread count, live (server-sent events).
        .route(
            "/api/alerts/live",
            get(crate::server::live::live_stream).layer(axum::Extension(crate::server::live::Sessions::new(&sessions))),
        )
        // Each area's plain HTTP routes: posts that work before the page's script has loaded,
        // files sent and read back, downloads, links followed from a notification.
        .merge(crate::api::forms::routes(limits))
        .merge(crate::api::alerts::routes())
        .merge(crate::api::tickets::routes(limits))
        .merge(crate::api::reports::routes())
        .merge(crate::api::registers::routes())
        .leptos_routes_with_context(&state, routes, provide.clone(), {
            let options = leptos_options.clone();
            move || crate::ui::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide, crate::ui::shell))
        .layer(middleware::from_fn_with_state(state.clone(), require_session))
        .layer(middleware::from_fn(api_error_status))
        .layer(middleware::from_fn(crate::api::posted::keep_posted_form))
        // A ticket form posted as plain HTML with files: the files kept first, the rest passed on
        // as the form the server function takes (and kept above when it is refused).
        .layer(middleware::from_fn_with_state(state.clone(), crate::api::tickets::plain_post))
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
    let ctx = Ctx {
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
