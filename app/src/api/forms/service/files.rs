//! Attachments of case forms: a photo or a document sent to an attachment field, checked by its
//! content (never by its name) and its size, kept through the store with a thumbnail of a photo;
//! and the file or thumbnail read back. Whoever may edit the form may add to it; whoever may
//! read the form may read its files. Every upload, download and refusal is audited.
//!
//! - `POST /forms/{id}/files` (the page's script, one file at a time, with progress): multipart
//!   `field` and `file`; answers the file as JSON, or the error with its status.
//! - `POST /forms/{id}` as multipart (no script): the form's file inputs are stored first, see
//!   [`super::post`].
//! - `GET /files/{id}`, `GET /files/{id}/thumbnail`.

use super::*;
use crate::api::forms::AttachmentView;
use crate::api::http::error_response;
use crate::api::upload::{checked, file_response, read_multipart, Checked};
use crate::domain::attachment::{self as att, FileKind};
use crate::domain::form::{FieldKind, Value};
use crate::server::OrFail;
use crate::store::attachments::{AttachmentRow, NewAttachment};
use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// The view of a stored file.
pub(crate) fn attachment_view(row: &AttachmentRow) -> AttachmentView {
    AttachmentView {
        id: row.id,
        name: row.file_name.clone(),
        content_type: row.content_type.clone(),
        kind: att::kind_of(&row.content_type).unwrap_or(FileKind::Document),
        size: att::human_size(row.size_bytes.max(0) as u64),
        has_thumbnail: row.has_thumbnail,
    }
}

/// True when `path` names an attachment field of `def`: `key`, or `group.N.key` in a row.
fn attachment_field(def: &FormDefinition, path: &str) -> bool {
    let is_attachment = |f: &crate::domain::form::Field| matches!(f.kind, FieldKind::Attachment { .. });
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        [key] => def.field(key).is_some_and(is_attachment),
        [group, index, key] => {
            index.parse::<usize>().is_ok_and(|i| i < crate::domain::form::definition::ROWS_MAX)
                && def.field_at(&format!("{group}.{key}")).is_some_and(is_attachment)
        }
        _ => false,
    }
}

/// One file sent to the field at `path` of submission `id`, checked and kept.
pub(crate) async fn upload_in(
    ctx: &Ctx,
    id: i64,
    path: &str,
    name: &str,
    content: Vec<u8>,
) -> Result<AttachmentView, AppError> {
    const ACTION: &str = "forms.attach";
    let (l, _, def) = editable(ctx, ACTION, id, Ok(Answers::default())).await?;
    if !attachment_field(&def, path) {
        return Err(ctx
            .refuse(Some(&l.user), ACTION, AppError::invalid("field", "unknown_field"), "unknown_field")
            .await);
    }
    let Checked { name, content_type, content, thumbnail } = checked(ctx, &l.user, ACTION, path, name, content).await?;
    let new = NewAttachment {
        case_id: l.case.id,
        submission_id: l.sub.id,
        field_path: path,
        file_name: &name,
        content_type,
        content: &content,
        thumbnail: thumbnail.as_deref(),
        actor: l.user.id(),
    };
    let row = match ctx.state.store.add_attachment(&new).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&l.user), ACTION, e).await),
    };
    ctx.state.store.audit(&on_attachment(ctx, &l.user, ACTION, &row)).await.or_fail(ctx, ACTION)?;
    Ok(attachment_view(&row))
}

fn on_attachment(ctx: &Ctx, user: &CurrentUser, action: &str, row: &AttachmentRow) -> AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("attachment".into());
    ev.object_id = Some(row.id.to_string());
    ev.details = serde_json::json!({
        "case": row.case_id, "form": row.submission_id, "field": row.field_path, "name": row.file_name,
        "type": row.content_type, "bytes": row.size_bytes, "sha256": row.sha256,
    });
    ev
}

/// The attachment ids `answers` name that are not files of `case_id` (a file of another case,
/// or none at all), with the path of the field naming each.
pub(crate) async fn foreign_files(
    ctx: &Ctx,
    action: &str,
    case_id: i64,
    def: &FormDefinition,
    answers: &Answers,
) -> Result<FieldErrors, AppError> {
    let named = named_files(def, answers);
    let mut errors = FieldErrors::new();
    if named.is_empty() {
        return Ok(errors);
    }
    let mut ids: Vec<i64> = named.iter().filter_map(|(_, id)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let known = ctx.state.store.attachments_of_case(case_id, &ids).await.or_fail(ctx, action)?;
    for (path, id) in named {
        let unknown = !id.is_some_and(|id| known.iter().any(|k| k.id == id));
        if unknown && !errors.0.iter().any(|e| e.field == path) {
            errors.push(&path, "unknown_file");
        }
    }
    Ok(errors)
}

/// Every (field path, attachment id) the answers name; an id that is not a number is `None`.
fn named_files(def: &FormDefinition, answers: &Answers) -> Vec<(String, Option<i64>)> {
    let mut out = Vec::new();
    for field in def.fields() {
        match &field.kind {
            FieldKind::Attachment { .. } => {
                if let Some(v) = answers.get(&field.key) {
                    out.extend(v.items().iter().map(|i| (field.key.clone(), i.trim().parse().ok())));
                }
            }
            FieldKind::Group { fields, .. } => {
                for (n, row) in answers.get(&field.key).map(Value::rows).unwrap_or(&[]).iter().enumerate() {
                    for sub in fields.iter().filter(|f| matches!(f.kind, FieldKind::Attachment { .. })) {
                        if let Some(v) = row.get(&sub.key) {
                            let path = format!("{}.{n}.{}", field.key, sub.key);
                            out.extend(v.items().iter().map(|i| (path.clone(), i.trim().parse().ok())));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The files `answers` name, for showing them.
pub(crate) async fn files_of(
    ctx: &Ctx,
    action: &str,
    case_id: i64,
    def: &FormDefinition,
    answers: &Answers,
) -> Result<Vec<AttachmentView>, AppError> {
    let mut ids: Vec<i64> = named_files(def, answers).into_iter().filter_map(|(_, id)| id).collect();
    ids.sort_unstable();
    ids.dedup();
    let rows = ctx.state.store.attachments_of_case(case_id, &ids).await.or_fail(ctx, action)?;
    Ok(rows.iter().map(attachment_view).collect())
}

/// `POST /forms/{id}/files`.
pub async fn post_file(ctx: Ctx, Path(id): Path<i64>, body: Multipart) -> Response {
    let max = ctx.state.config.attachment_max_bytes;
    let (pairs, mut files) = match read_multipart(body, max).await {
        Ok(p) => p,
        Err(status) => return (status, "bad upload").into_response(),
    };
    let field = pairs.iter().find(|(k, _)| k == "field").map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let Some((_, name, content)) = files.pop().filter(|_| files.is_empty()) else {
        return error_response(AppError::invalid(if field.is_empty() { "file" } else { &field }, "one_file"));
    };
    match upload_in(&ctx, id, &field, &name, content).await {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => error_response(e),
    }
}

/// `GET /files/{id}`: the file as sent; photos and PDFs open in the browser, documents save.
pub async fn get_file(ctx: Ctx, Path(id): Path<i64>) -> Response {
    serve(ctx, id, false).await
}

/// `GET /files/{id}/thumbnail`: a photo's small JPEG.
pub async fn get_thumbnail(ctx: Ctx, Path(id): Path<i64>) -> Response {
    serve(ctx, id, true).await
}

async fn serve(ctx: Ctx, id: i64, thumb: bool) -> Response {
    let action = if thumb { "forms.thumbnail" } else { "forms.download" };
    let read = read_file(&ctx, action, id, thumb).await;
    file_response(read.map(|(row, bytes)| (row.content_type, row.file_name, bytes)), thumb)
}

async fn read_file(ctx: &Ctx, action: &str, id: i64, thumb: bool) -> Result<(AttachmentRow, Vec<u8>), AppError> {
    let row = match ctx.state.store.attachment(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            let user = ctx.authorize(action, Permission::ViewPersons, None).await?;
            return Err(ctx.refuse(Some(&user), action, AppError::NotFound, "no such file").await);
        }
        Err(e) => return Err(ctx.fail(action, e)),
    };
    // Whoever may read the form the file was sent to may read the file.
    let l = readable(ctx, action, row.submission_id).await?;
    let bytes = if thumb {
        ctx.state.store.attachment_thumbnail(id).await
    } else {
        ctx.state.store.attachment_content(&row).await
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return Err(ctx.failed(Some(&l.user), action, e).await),
    };
    ctx.state.store.audit(&on_attachment(ctx, &l.user, action, &row)).await.or_fail(ctx, action)?;
    Ok((row, bytes))
}
