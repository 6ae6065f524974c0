//! The plumbing shared by the endpoints that are plain HTTP handlers rather than server functions
//! (files, downloads, a notification followed as a link): the request's context, and an error
//! as the JSON answer with its status.

use crate::domain::AppError;
use crate::server::context::ClientInfo;
use crate::server::{AppState, Ctx};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use tower_sessions::Session;

/// The context of a handler's request, as a server function gets it from [`Ctx::current`].
pub(crate) fn ctx_of(state: AppState, session: Session, client: Option<Extension<ClientInfo>>) -> Ctx {
    Ctx { state, session: Some(session), client: client.map(|c| c.0).unwrap_or_default() }
}

/// An error as the JSON answer with its status.
pub(crate) fn error_response(e: AppError) -> Response {
    (crate::server::http::status_of(&e), Json(e)).into_response()
}
