//! The plumbing shared by the endpoints that are plain HTTP handlers rather than server functions
//! (files, downloads, a notification followed as a link): an error as the JSON answer with its
//! status, and the bodies' limits. (The request's context is an extractor: `ctx: Ctx`.)

use crate::domain::AppError;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An error as the JSON answer with its status.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (crate::server::http::status_of(&self), Json(self)).into_response()
    }
}

/// An error as the JSON answer with its status (for `map_err`).
pub(crate) fn error_response(e: AppError) -> Response {
    e.into_response()
}

/// The largest bodies the plain HTTP routes take. A plain form post may carry a few files at
/// once; the page's script sends one at a time. Each file is checked against the limit on its
/// own; these bound the whole body.
#[derive(Clone, Copy, Debug)]
pub struct BodyLimits {
    /// One file sent by the page's script, with its multipart frame.
    pub one_file: usize,
    /// A plain form post with a few files.
    pub plain_form: usize,
}

impl BodyLimits {
    pub fn of(config: &crate::server::Config) -> Self {
        let file_max = usize::try_from(config.attachment_max_bytes).unwrap_or(usize::MAX);
        BodyLimits {
            one_file: file_max.saturating_add(64 * 1024),
            plain_form: file_max.saturating_mul(4).saturating_add(1024 * 1024),
        }
    }
}
