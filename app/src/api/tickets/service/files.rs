//! Files sent with tickets' messages: a screenshot, a photo, a document. A file is checked by its
//! content (never its name) and its size as the case forms' attachments are, kept with a
//! thumbnail of a photo, and goes with the message it was sent for once that is written.
//!
//! - `POST /support/files` (the page's script, one file at a time, with progress): multipart
//!   `file`; answers the kept file as JSON, or the refusal with its status. Until a message
//!   names it, only its sender may read it.
//! - A plain post of the new-ticket or message form (no script) is multipart: [`plain_post`]
//!   keeps its files first and hands the server function the url-encoded form it takes, the
//!   files named in `files`, the first refusal in `file_error`.
//! - `GET /support/files/{id}`, `GET /support/files/{id}/thumbnail`: whoever may read the message
//!   a file went with may read the file, so support reads only what the reporter sent (and what
//!   support sent), and a reporter never reads an internal note's files. Every read is audited.

use super::load;
use crate::api::forms::AttachmentView;
use crate::api::http::error_response;
use crate::api::upload::{checked, file_response, read_multipart, Checked};
use crate::domain::attachment::{self as att, FileKind};
use crate::domain::ticket::FILES_MAX;
use crate::domain::AppError;
use crate::server::context::ClientInfo;
use crate::server::OrFail;
use crate::server::{AppState, Ctx, CurrentUser};
use crate::store::ticket_files::{self as tf, NewTicketFile, TicketFileRow};
use crate::store::{AuditEvent, Outcome, StoreError};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tower_sessions::Session;

const ATTACH: &str = "tickets.attach";

/// The paths whose plain posts may carry files: the new ticket and a message.
const TAKES_FILES: [&str; 2] = ["/api/tickets/create", "/api/tickets/message"];

/// The codes `file_error` may carry to a server function; anything else is `upload_failed`.
pub(crate) const FILE_ERRORS: [&str; 5] = ["too_large", "empty_file", "file_type", "too_many_files", "upload_failed"];

pub(crate) fn view(row: &TicketFileRow) -> AttachmentView {
    AttachmentView {
        id: row.id,
        name: row.file_name.clone(),
        content_type: row.content_type.clone(),
        kind: att::kind_of(&row.content_type).unwrap_or(FileKind::Document),
        size: att::human_size(row.size_bytes.max(0) as u64),
        has_thumbnail: row.has_thumbnail,
    }
}

fn on_file(ctx: &Ctx, user: &CurrentUser, action: &str, row: &TicketFileRow) -> AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("ticket_file".into());
    ev.object_id = Some(row.id.to_string());
    ev.details = serde_json::json!({
        "ticket": row.ticket_id, "message": row.message_id, "name": row.file_name, "type": row.content_type,
        "bytes": row.size_bytes, "sha256": row.sha256,
    });
    ev
}

/// The signed-in user who may send a file: any user who may open a ticket.
async fn sender(ctx: &Ctx, action: &str) -> Result<CurrentUser, AppError> {
    ctx.require_user(action).await
}

/// Checks and keeps one file `user` sent, for a message still to be written.
pub(crate) async fn keep(
    ctx: &Ctx,
    user: &CurrentUser,
    name: &str,
    content: Vec<u8>,
) -> Result<AttachmentView, AppError> {
    let Checked { name, content_type, content, thumbnail } = checked(ctx, user, ATTACH, "files", name, content).await?;
    let new = NewTicketFile {
        file_name: &name,
        content_type,
        content: &content,
        thumbnail: thumbnail.as_deref(),
        actor: user.id(),
    };
    let row = match ctx.state.store.add_ticket_file(&new).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(user), ATTACH, e).await),
    };
    ctx.state.store.audit(&on_file(ctx, user, ATTACH, &row)).await.or_fail(ctx, ATTACH)?;
    Ok(view(&row))
}

/// True when every file of `ids` is one `user` sent that went with no message yet (not someone
/// else's, not sent already, not unknown).
pub(crate) async fn all_unsent(
    ctx: &Ctx,
    tx: &mut crate::store::Tx,
    user: &CurrentUser,
    action: &str,
    ids: &[i64],
) -> Result<bool, AppError> {
    let found = tf::unsent(tx, user.id(), ids).await.or_fail(ctx, action)?;
    Ok(found.len() == ids.len())
}

/// `POST /support/files`: one file.
pub async fn post_file(ctx: Ctx, body: Multipart) -> Response {
    let max = ctx.state.config.attachment_max_bytes;
    let user = match sender(&ctx, ATTACH).await {
        Ok(u) => u,
        Err(e) => return error_response(e),
    };
    let (_, mut files) = match read_multipart(body, max).await {
        Ok(p) => p,
        Err(status) => return (status, "bad upload").into_response(),
    };
    let Some((_, name, content)) = files.pop().filter(|_| files.is_empty()) else {
        return error_response(
            ctx.refuse(Some(&user), ATTACH, AppError::invalid("files", "one_file"), "one_file").await,
        );
    };
    match keep(&ctx, &user, &name, content).await {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => error_response(e),
    }
}

/// `GET /support/files/{id}`: the file as sent.
pub async fn get_file(ctx: Ctx, Path(id): Path<i64>) -> Response {
    file_response(read(&ctx, "tickets.download", id, false).await, false)
}

/// `GET /support/files/{id}/thumbnail`: a photo's small JPEG.
pub async fn get_thumbnail(ctx: Ctx, Path(id): Path<i64>) -> Response {
    file_response(read(&ctx, "tickets.thumbnail", id, true).await, true)
}

/// A file's type, name and content (or thumbnail), for whoever may read the message it went with;
/// a file not sent yet, for its sender only. Anyone else is told there is no such file.
async fn read(ctx: &Ctx, action: &str, id: i64, thumb: bool) -> Result<(String, String, Vec<u8>), AppError> {
    let user = ctx.require_user(action).await?;
    let row = match ctx.state.store.ticket_file(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            return Err(ctx.refuse(Some(&user), action, AppError::NotFound, "no such file").await)
        }
        Err(e) => return Err(ctx.fail(action, e)),
    };
    let readable = match row.ticket_id {
        None => row.created_by == user.id(),
        Some(ticket) => {
            let (_, s) = load(ctx, &user, action, ticket).await?;
            s.agent || row.message_kind.as_deref() != Some("note")
        }
    };
    if !readable {
        return Err(ctx.refuse(Some(&user), action, AppError::NotFound, "not theirs").await);
    }
    let bytes = if thumb {
        ctx.state.store.ticket_file_thumbnail(id).await
    } else {
        ctx.state.store.ticket_file_content(&row).await
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return Err(ctx.failed(Some(&user), action, e).await),
    };
    ctx.state.store.audit(&on_file(ctx, &user, action, &row)).await.or_fail(ctx, action)?;
    Ok((row.content_type, row.file_name, bytes))
}

/// Reads a multipart body of up to `limit` bytes (the router's default limit is for forms
/// without files).
async fn multipart_within(req: Request, limit: usize) -> Result<Multipart, Response> {
    use tower::{Layer, ServiceExt};
    let read = tower::service_fn(|req: Request| async move {
        Ok::<_, std::convert::Infallible>(Multipart::from_request(req, &()).await)
    });
    match DefaultBodyLimit::max(limit).layer(read).oneshot(req).await {
        Ok(Ok(m)) => Ok(m),
        Ok(Err(rejection)) => Err(rejection.into_response()),
        Err(never) => match never {},
    }
}

/// The largest plain post of a ticket form: [`FILES_MAX`] files and the text.
fn plain_limit(state: &AppState) -> usize {
    let file_max = usize::try_from(state.config.attachment_max_bytes).unwrap_or(usize::MAX);
    file_max.saturating_mul(FILES_MAX).saturating_add(1024 * 1024)
}

/// The middleware, inside the session layer and outside the one that keeps a refused plain
/// post's fields: a multipart post of the new-ticket or message form has its files kept (as
/// the signed-in user's), then goes on as the url-encoded form the server function takes, with
/// the kept files in `files[0]`, `files[1]`… and the first refusal in `file_error`. Everything
/// else passes untouched.
pub async fn plain_post(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let multipart = req.method() == Method::POST
        && TAKES_FILES.contains(&req.uri().path())
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("multipart/form-data"));
    let (Some(session), true) = (req.extensions().get::<Session>().cloned(), multipart) else {
        return next.run(req).await;
    };
    let client = req.extensions().get::<ClientInfo>().cloned();
    let (mut parts, body) = req.into_parts();
    let body = match multipart_within(Request::from_parts(parts.clone(), body), plain_limit(&state)).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let max = state.config.attachment_max_bytes;
    let (pairs, files) = match read_multipart(body, max).await {
        Ok(p) => p,
        Err(status) => return (status, "bad form post").into_response(),
    };
    let ctx = Ctx { state, session: Some(session), client: client.unwrap_or_default() };
    // The files the form named already (kept before), then those it carries.
    let (mut named, mut pairs): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| k.starts_with("files["));
    let mut refused: Option<String> = None;
    if !files.is_empty() {
        if named.len() + files.len() > FILES_MAX {
            refused = Some("too_many_files".into());
        } else {
            // Signed out, the server function refuses the post itself.
            if let Ok(user) = sender(&ctx, ATTACH).await {
                for (_, name, content) in files {
                    match keep(&ctx, &user, &name, content).await {
                        Ok(v) => named.push((String::new(), v.id.to_string())),
                        Err(AppError::Invalid(e)) => {
                            refused = refused.or_else(|| e.0.first().map(|e| e.code.clone()));
                        }
                        Err(_) => refused = refused.or(Some("upload_failed".into())),
                    }
                }
            }
        }
    }
    pairs.extend(named.into_iter().enumerate().map(|(i, (_, id))| (format!("files[{i}]"), id)));
    if let Some(code) = refused {
        pairs.push(("file_error".into(), code));
    }
    let Ok(encoded) = serde_urlencoded::to_string(&pairs) else {
        return (StatusCode::BAD_REQUEST, "bad form post").into_response();
    };
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(encoded.len()));
    next.run(Request::from_parts(parts, axum::body::Body::from(encoded))).await
}
