//! A file to download (a register, the dashboard's figures) that shows its progress. Before the
//! page's script runs it is a plain link the browser downloads itself; after, the page fetches
//! the file, says how much has come (and how many lines the file holds, when the server tells),
//! then hands the whole file to the browser to keep. A refused or broken download is said so.

use crate::i18n::K;
use crate::ui::tr;
use leptos::prelude::*;

/// Where a download stands.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "a download runs in the browser only"))]
enum Progress {
    /// Asked for; no byte has come yet (a spreadsheet is written whole before it is sent), and
    /// the lines the file will hold once the server's answer has begun.
    Waiting {
        lines: Option<u64>,
    },
    /// Bytes received so far, and the lines the file holds when the server said.
    Receiving {
        bytes: f64,
        lines: Option<u64>,
    },
    Done {
        bytes: f64,
        lines: Option<u64>,
    },
    Failed,
}

/// `1.2 MB`, `340 kB`.
fn size(bytes: f64) -> String {
    if bytes >= 1e6 {
        format!("{:.1} MB", bytes / 1e6)
    } else {
        format!("{:.0} kB", (bytes / 1e3).ceil())
    }
}

/// A download link (`label`, styled as a secondary button) with its progress beside it.
#[component]
pub fn DownloadLink(href: String, label: K, testid: &'static str) -> impl IntoView {
    let progress = RwSignal::new(None::<Progress>);
    let link = href.clone();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        // A click with a modifier key (a new tab, save as) is the browser's.
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        ev.prevent_default();
        // Already on its way.
        if matches!(progress.get_untracked(), Some(Progress::Waiting { .. } | Progress::Receiving { .. })) {
            return;
        }
        progress.set(Some(Progress::Waiting { lines: None }));
        fetch(link.clone(), progress);
    };
    let count = move |lines: Option<u64>| lines.map(|n| format!(" · {n} {}", tr(K::DlLines)())).unwrap_or_default();
    let status = move || {
        progress.get().map(|p| match p {
            Progress::Waiting { lines } => format!("{}{}", tr(K::DlWaiting)(), count(lines)),
            Progress::Receiving { bytes, lines } => format!("{} {}{}", tr(K::DlReceiving)(), size(bytes), count(lines)),
            Progress::Done { bytes, lines } => format!("{} {}{}", tr(K::DlDone)(), size(bytes), count(lines)),
            Progress::Failed => tr(K::DlFailed)().to_owned(),
        })
    };
    view! {
        <a href=href class="btn-secondary" download="" rel="external" data-testid=testid on:click=on_click>
            {tr(label)}
        </a>
        <span
            role="status"
            class="self-center text-sm text-stone-700 empty:hidden"
            data-testid=format!("{testid}-progress")
        >
            {status}
        </span>
    }
}

/// Fetches `href`, reporting in `progress`, then gives the file to the browser.
#[cfg(feature = "hydrate")]
fn fetch(href: String, progress: RwSignal<Option<Progress>>) {
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{Blob, HtmlAnchorElement, ProgressEvent, Url, XmlHttpRequest, XmlHttpRequestResponseType};

    let Ok(xhr) = XmlHttpRequest::new() else {
        progress.set(Some(Progress::Failed));
        return;
    };
    if xhr.open("GET", &href).is_err() {
        progress.set(Some(Progress::Failed));
        return;
    }
    xhr.set_response_type(XmlHttpRequestResponseType::Blob);
    // The lines the file holds, when the server said.
    fn lines(xhr: &XmlHttpRequest) -> Option<u64> {
        xhr.get_response_header(crate::api::registers::LINES_HEADER).ok().flatten().and_then(|v| v.parse().ok())
    }
    let on_progress = {
        let xhr = xhr.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            progress.set(Some(Progress::Receiving { bytes: e.loaded(), lines: lines(&xhr) }));
        })
    };
    xhr.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    // The answer's head comes as soon as the server begins it: a spreadsheet's lines are then
    // known while it is still being written.
    let on_head = {
        let xhr = xhr.clone();
        Closure::<dyn FnMut()>::new(move || {
            if xhr.ready_state() == XmlHttpRequest::HEADERS_RECEIVED
                && matches!(progress.get_untracked(), Some(Progress::Waiting { .. }))
            {
                progress.set(Some(Progress::Waiting { lines: lines(&xhr) }));
            }
        })
    };
    xhr.set_onreadystatechange(Some(on_head.as_ref().unchecked_ref()));
    on_head.forget();
    let loaded = {
        let xhr = xhr.clone();
        Closure::<dyn FnMut()>::new(move || {
            let blob = xhr.response().ok().and_then(|r| r.dyn_into::<Blob>().ok());
            let (200, Some(blob)) = (xhr.status().unwrap_or(0), blob) else {
                progress.set(Some(Progress::Failed));
                return;
            };
            // The name the server gave the file.
            let name = xhr
                .get_response_header("content-disposition")
                .ok()
                .flatten()
                .and_then(|v| v.split("filename=\"").nth(1).and_then(|n| n.split('"').next()).map(str::to_owned))
                .unwrap_or_default();
            let bytes = blob.size();
            let kept = Url::create_object_url_with_blob(&blob).ok().and_then(|url| {
                let a = document().create_element("a").ok()?.dyn_into::<HtmlAnchorElement>().ok()?;
                a.set_href(&url);
                a.set_download(&name);
                a.click();
                // The browser has taken the file once the click is handled.
                let revoke = Closure::<dyn FnMut()>::new(move || {
                    let _ = Url::revoke_object_url(&url);
                });
                let _ = window()
                    .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.as_ref().unchecked_ref(), 60_000);
                revoke.forget();
                Some(())
            });
            progress.set(Some(if kept.is_some() {
                Progress::Done { bytes, lines: lines(&xhr) }
            } else {
                Progress::Failed
            }));
        })
    };
    xhr.set_onload(Some(loaded.as_ref().unchecked_ref()));
    loaded.forget();
    let failed = Closure::<dyn FnMut()>::new(move || progress.set(Some(Progress::Failed)));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    failed.forget();
    if xhr.send().is_err() {
        progress.set(Some(Progress::Failed));
    }
}

#[cfg(not(feature = "hydrate"))]
fn fetch(_href: String, _progress: RwSignal<Option<Progress>>) {}
