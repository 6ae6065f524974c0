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
use crate::api::http::{ctx_of, error_response};
use crate::domain::attachment::{self as att, FileKind};
use crate::domain::form::{FieldKind, Value};
use crate::server::context::ClientInfo;
use crate::server::AppState;
use crate::store::attachments::{AttachmentRow, NewAttachment};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use tower_sessions::Session;

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

/// The type the content shows, when forms take it.
fn sniff(content: &[u8]) -> Option<&'static str> {
    let found = infer::get(content)?.mime_type();
    att::ACCEPTED.iter().map(|(t, _)| *t).find(|t| *t == found)
}

/// A JPEG thumbnail of a photo, turned upright as the camera recorded it; `None` when the
/// photo cannot be read (it is still kept, shown as a file).
/// A photo larger than this (pixels, read from its header before decoding) gets no thumbnail:
/// a small file can claim a huge picture (a 285 KB PNG of 10000 × 10000 took 280 MB to decode).
/// 40 megapixels holds every phone's usual photo.
pub(crate) const THUMB_MAX_PIXELS: u64 = 40_000_000;

pub(crate) fn thumbnail(content: &[u8]) -> Option<Vec<u8>> {
    use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
    let mut reader = ImageReader::new(std::io::Cursor::new(content)).with_guessed_format().ok()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(160 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > THUMB_MAX_PIXELS {
        return None;
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let small = img.thumbnail(att::THUMB_EDGE, att::THUMB_EDGE).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75).encode_image(&small).ok()?;
    Some(out)
}

/// A file checked for keeping: its name as kept, the type its content shows, and a photo's
/// thumbnail.
pub(crate) struct Checked {
    pub name: String,
    pub content_type: &'static str,
    pub content: Vec<u8>,
    pub thumbnail: Option<Vec<u8>>,
}

/// Checks a file `user` sent (its size, and its type by its content), refusing it at `field`
/// (audited as `action`, with what the content looked like); makes a photo's thumbnail.
pub(crate) async fn checked(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    field: &str,
    name: &str,
    content: Vec<u8>,
) -> Result<Checked, AppError> {
    if let Err(code) = att::check_size(content.len() as u64, ctx.state.config.attachment_max_bytes) {
        return Err(ctx.refuse(Some(user), action, invalid(field, code), code).await);
    }
    let Some(content_type) = sniff(&content) else {
        // What the content looked like, for the audit: the refused file itself is not kept.
        let seen = infer::get(&content).map(|t| t.mime_type()).unwrap_or("unknown");
        let mut ev = ctx.event(Some(user), action, Outcome::Refused);
        ev.details = serde_json::json!({ "reason": "file_type", "seen": seen, "name": att::clean_name(name) });
        ctx.state.store.audit(&ev).await.map_err(|e| ctx.fail(action, e))?;
        return Err(invalid(field, "file_type"));
    };
    let (content, thumbnail) = if att::has_decoder(content_type) {
        // A few photos decoded at once, whatever the number of uploads: each may take 100 MB.
        let _permit = ctx.state.thumbnails.acquire().await.map_err(|_| AppError::Unavailable)?;
        tokio::task::spawn_blocking(move || {
            let t = thumbnail(&content);
            (content, t)
        })
        .await
        .map_err(|_| ctx.fail(action, StoreError::NotFound))?
    } else {
        (content, None)
    };
    Ok(Checked { name: att::clean_name(name), content_type, content, thumbnail })
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
        return Err(ctx.refuse(Some(&l.user), ACTION, invalid("field", "unknown_field"), "unknown_field").await);
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
    ctx.state.store.audit(&on_attachment(ctx, &l.user, ACTION, &row)).await.map_err(|e| ctx.fail(ACTION, e))?;
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
    let known = ctx.state.store.attachments_of_case(case_id, &ids).await.map_err(|e| ctx.fail(action, e))?;
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
    let rows = ctx.state.store.attachments_of_case(case_id, &ids).await.map_err(|e| ctx.fail(action, e))?;
    Ok(rows.iter().map(attachment_view).collect())
}

/// Reads the parts of a multipart body: text parts as pairs, file parts (a file was chosen) as
/// (field, file name, content). A part over `max` bytes is cut off there and refused later by
/// its size.
pub(crate) async fn read_multipart(
    mut body: Multipart,
    max: u64,
) -> Result<(Vec<(String, String)>, Vec<(String, String, Vec<u8>)>), StatusCode> {
    let mut pairs = Vec::new();
    let mut files = Vec::new();
    while let Some(mut part) = body.next_field().await.map_err(|e| e.status())? {
        let name = part.name().unwrap_or("").to_owned();
        match part.file_name().map(str::to_owned) {
            Some(file_name) => {
                let mut content = Vec::new();
                while let Some(chunk) = part.chunk().await.map_err(|e| e.status())? {
                    if content.len() as u64 <= max {
                        content.extend_from_slice(&chunk);
                    }
                }
                // A file input left empty still sends a part, without a name or content.
                if !(file_name.is_empty() && content.is_empty()) {
                    files.push((name, file_name, content));
                }
            }
            None => pairs.push((name, part.text().await.map_err(|e| e.status())?)),
        }
    }
    Ok((pairs, files))
}

/// `POST /forms/{id}/files`.
pub async fn post_file(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    client: Option<Extension<ClientInfo>>,
    session: Session,
    body: Multipart,
) -> Response {
    let max = state.config.attachment_max_bytes;
    let ctx = ctx_of(state, session, client);
    let (pairs, mut files) = match read_multipart(body, max).await {
        Ok(p) => p,
        Err(status) => return (status, "bad upload").into_response(),
    };
    let field = pairs.iter().find(|(k, _)| k == "field").map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let Some((_, name, content)) = files.pop().filter(|_| files.is_empty()) else {
        return error_response(invalid(if field.is_empty() { "file" } else { &field }, "one_file"));
    };
    match upload_in(&ctx, id, &field, &name, content).await {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => error_response(e),
    }
}

/// `GET /files/{id}`: the file as sent; photos and PDFs open in the browser, documents save.
pub async fn get_file(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    client: Option<Extension<ClientInfo>>,
    session: Session,
) -> Response {
    serve(ctx_of(state, session, client), id, false).await
}

/// `GET /files/{id}/thumbnail`: a photo's small JPEG.
pub async fn get_thumbnail(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    client: Option<Extension<ClientInfo>>,
    session: Session,
) -> Response {
    serve(ctx_of(state, session, client), id, true).await
}

async fn serve(ctx: Ctx, id: i64, thumb: bool) -> Response {
    let action = if thumb { "forms.thumbnail" } else { "forms.download" };
    let read = read_file(&ctx, action, id, thumb).await;
    file_response(read.map(|(row, bytes)| (row.content_type, row.file_name, bytes)), thumb)
}

/// The answer to a file read: the file as sent (photos and PDFs open in the browser, documents
/// save), or a photo's small JPEG with `thumb`; signed out, to the sign-in page; refused, the
/// refusal's status.
pub(crate) fn file_response(read: Result<(String, String, Vec<u8>), AppError>, thumb: bool) -> Response {
    match read {
        Ok((file_type, file_name, bytes)) => {
            let (content_type, disposition) = if thumb {
                ("image/jpeg".to_owned(), "inline".to_owned())
            } else {
                let how = if att::opens_inline(&file_type) { "inline" } else { "attachment" };
                let encoded = percent_encoding::utf8_percent_encode(&file_name, percent_encoding::NON_ALPHANUMERIC);
                (file_type.clone(), format!("{how}; filename*=UTF-8''{encoded}"))
            };
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
            );
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            // A file is never a page: no script of it runs, even opened on its own. (A PDF is
            // saved, not opened: the browser's viewer would not run in the sandbox.)
            let policy = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox";
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
            res
        }
        Err(AppError::Unauthenticated) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/sign-in".to_owned())]).into_response()
        }
        Err(e) => (crate::server::http::status_of(&e), e.to_string()).into_response(),
    }
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
    ctx.state.store.audit(&on_attachment(ctx, &l.user, action, &row)).await.map_err(|e| ctx.fail(action, e))?;
    Ok((row, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type() {
        let png = {
            let img = image::RgbImage::from_pixel(40, 20, image::Rgb([200, 30, 30]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Png).unwrap();
            out.into_inner()
        };
        assert_eq!(sniff(&png), Some("image/png"));
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Some("application/pdf"));
        assert_eq!(sniff(b"<html><script>alert(1)</script></html>"), None);
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00"), None);
        let t = thumbnail(&png).expect("a thumbnail of a PNG");
        assert_eq!(sniff(&t), Some("image/jpeg"));
        assert_eq!(thumbnail(b"not a photo"), None);
    }

    /// A grey PNG of `w` × `h` pixels, all black: tiny on disk however large it claims to be.
    fn black_png(w: u32, h: u32) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            out.extend_from_slice(&crc.sum().to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let row = vec![0u8; w as usize + 1];
        for _ in 0..h {
            z.write_all(&row).unwrap();
        }
        chunk(&mut out, b"IDAT", &z.finish().unwrap());
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn a_huge_picture_is_not_decoded() {
        // The same small file, claiming 2,000 or 10,000 pixels a side.
        let fine = black_png(2_000, 2_000);
        assert!(thumbnail(&fine).is_some(), "a photo of 4 megapixels gets its thumbnail");
        let huge = black_png(10_000, 10_000);
        assert!(huge.len() < 1_000_000, "{} bytes", huge.len());
        assert_eq!(thumbnail(&huge), None, "100 megapixels are never decoded");
        const { assert!(10_000u64 * 10_000 > THUMB_MAX_PIXELS && 2_000u64 * 2_000 <= THUMB_MAX_PIXELS) };
    }
}
