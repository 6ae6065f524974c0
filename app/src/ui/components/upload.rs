//! Sending one file from the page's script, with its progress: used by the case forms'
//! attachment fields and by the files of support tickets.

use crate::api::forms::AttachmentView;
use crate::domain::attachment::FileKind;
use leptos::prelude::*;

/// A kept file as a link that opens it (`href`): a photo's thumbnail (`thumb`) or a badge of its
/// type, in a box of `size` (Tailwind classes such as `h-28 w-full`), then its name.
pub fn file_link(
    href: String,
    thumb: Option<String>,
    name: String,
    kind: Option<FileKind>,
    size: &'static str,
) -> AnyView {
    let badge = match kind {
        Some(FileKind::Pdf) => "PDF",
        Some(FileKind::Photo) => "IMG",
        _ => "DOC",
    };
    view! {
        <a href=href target="_blank" rel="noopener" class="link flex flex-col gap-1">
            {match thumb {
                Some(src) => {
                    view! {
                        <img src=src alt=name.clone() loading="lazy" class=format!("{size} rounded object-cover") />
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <span
                            class=format!(
                                "{size} flex items-center justify-center rounded bg-stone-100 font-semibold text-stone-600",
                            )
                            aria-hidden="true"
                        >
                            {badge}
                        </span>
                    }
                        .into_any()
                }
            }}
            <span class="break-all">{name}</span>
        </a>
    }
    .into_any()
}

/// What became of a file sent: the file as kept, or the code of the refusal (`upload_failed`
/// when the server's answer says nothing more, [`NOT_REACHED`] when the server could not take it
/// now: no signal, the session gone, or the server down; worth sending again later).
pub type Sent = Result<AttachmentView, String>;

/// The code of a file that did not reach the server.
pub const NOT_REACHED: &str = "offline_file";

/// The code of a refusal answered as JSON, else `upload_failed`.
#[cfg(feature = "hydrate")]
fn refusal_code(text: &str) -> String {
    serde_json::from_str::<crate::domain::AppError>(text)
        .ok()
        .and_then(|e| match e {
            crate::domain::AppError::Invalid(errors) => errors.0.first().map(|e| e.code.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "upload_failed".to_owned())
}

/// Sends `file`, named `name`, to `url` as multipart: the text parts `fields`, then the file as
/// `file`. Calls `progress` with 0–100 while it goes, and `done` once with the outcome.
#[cfg(feature = "hydrate")]
pub fn send_file(
    url: &str,
    fields: &[(&str, &str)],
    file: &web_sys::Blob,
    name: &str,
    progress: impl Fn(u32) + 'static,
    done: impl Fn(Sent) + Clone + 'static,
) {
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

    let (Ok(xhr), Ok(body)) = (XmlHttpRequest::new(), FormData::new()) else {
        done(Err("upload_failed".into()));
        return;
    };
    let ready = fields.iter().all(|(k, v)| body.append_with_str(k, v).is_ok())
        && body.append_with_blob_and_filename("file", file, name).is_ok()
        && xhr.open("POST", url).is_ok();
    if !ready {
        done(Err("upload_failed".into()));
        return;
    }
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress(((e.loaded() / e.total()) * 100.0).round().clamp(0.0, 100.0) as u32);
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // The handlers live as long as the request may call them.
    on_progress.forget();
    let loaded = {
        let xhr = xhr.clone();
        let done = done.clone();
        Closure::<dyn FnMut()>::new(move || {
            let status = xhr.status().unwrap_or(0);
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            match serde_json::from_str::<AttachmentView>(&text) {
                Ok(view) if status == 201 => done(Ok(view)),
                // Signed out meanwhile, or the server (or a gateway before it) is down.
                _ if status == 401 || status >= 500 => done(Err(NOT_REACHED.into())),
                _ => done(Err(refusal_code(&text))),
            }
        })
    };
    xhr.set_onload(Some(loaded.as_ref().unchecked_ref()));
    let failed = {
        let done = done.clone();
        // The request never reached the server (a phone may say it is online without a signal).
        Closure::<dyn FnMut()>::new(move || done(Err(NOT_REACHED.into())))
    };
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    loaded.forget();
    failed.forget();
    if xhr.send_with_opt_form_data(Some(&body)).is_err() {
        done(Err("upload_failed".into()));
    }
}
