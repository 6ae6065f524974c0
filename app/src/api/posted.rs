//! What a form posted without JavaScript held, kept for the page it comes back to.
//!
//! A server function answers a refused plain form post with a redirect to the page, the error in
//! the address (`__err`); what was typed would be lost. This middleware keeps the posted fields
//! (never a password) in the session, out of the address since they are personal data, and
//! hands them to the next page the browser opens there, once; the page's inputs show them.

use crate::api::PostedForm;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use axum::Form;
use tower_sessions::Session;

const KEY: &str = "posted_form";
/// A plain form is small; a larger body is passed on untouched and not kept.
const MAX_BODY: usize = 256 * 1024;

/// Whether a posted field may be kept: never a password or a token.
fn keepable(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    !(n.contains("password") || n.contains("token") || n.starts_with("__"))
}

/// The path of a redirect's target, with neither origin nor query.
fn path_of(location: &str) -> &str {
    let rest = match location.split_once("://") {
        Some((_, after)) => after.find('/').map_or("/", |i| &after[i..]),
        None => location,
    };
    rest.split(['?', '#']).next().unwrap_or("/")
}

fn is_html(req: &Request) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// The middleware, inside the session layer.
pub async fn keep_posted_form(req: Request, next: Next) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else { return next.run(req).await };
    let plain_post = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && is_html(&req)
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if plain_post {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return Response::builder().status(413).body(Body::from("form too large")).unwrap_or_default();
        };
        let copy = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
        let values: Vec<(String, String)> = match Form::<Vec<(String, String)>>::from_request(copy, &()).await {
            Ok(Form(pairs)) => pairs.into_iter().filter(|(k, _)| keepable(k)).collect(),
            Err(_) => Vec::new(),
        };
        let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
        let refused_to = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .filter(|l| res.status().is_redirection() && l.contains("__err="))
            .map(|l| path_of(l).to_owned());
        if let Some(path) = refused_to {
            let _ = session.insert(KEY, PostedForm { path, values }).await;
        }
        return res;
    }
    let mut req = req;
    if req.method() == Method::GET && !req.uri().path().starts_with("/api/") && is_html(&req) {
        if let Ok(Some(posted)) = session.get::<PostedForm>(KEY).await {
            let _ = session.remove::<PostedForm>(KEY).await;
            if posted.path == req.uri().path() {
                req.extensions_mut().insert(posted);
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_names() {
        assert_eq!(path_of("http://127.0.0.1:3000/persons/new?__path=x&__err=y"), "/persons/new");
        assert_eq!(path_of("/admin/users/4?__err=z"), "/admin/users/4");
        assert_eq!(path_of("https://vatra.example"), "/");
        assert!(keepable("last_name") && keepable("idnp"));
        assert!(!keepable("password") && !keepable("new_password") && !keepable("__err"));
    }
}
