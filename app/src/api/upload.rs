//! Files sent to Vatra and read back, whatever area keeps them (case forms, support tickets,
//! mail): a multipart body read, a file checked by its content (never by its name) and its size,
//! a photo's thumbnail made a few at a time, and a kept file answered with headers that never let
//! it run as a page.

use crate::domain::attachment as att;
use crate::domain::AppError;
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::{Outcome, StoreError};
use axum::extract::Multipart;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

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
        return Err(ctx.refuse(Some(user), action, AppError::invalid(field, code), code).await);
    }
    let Some(content_type) = sniff(&content) else {
        // What the content looked like, for the audit: the refused file itself is not kept.
        let seen = infer::get(&content).map(|t| t.mime_type()).unwrap_or("unknown");
        let mut ev = ctx.event(Some(user), action, Outcome::Refused);
        ev.details = serde_json::json!({ "reason": "file_type", "seen": seen, "name": att::clean_name(name) });
        ctx.state.store.audit(&ev).await.or_fail(ctx, action)?;
        return Err(AppError::invalid(field, "file_type"));
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
