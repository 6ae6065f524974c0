//! What the device keeps for a worker without a signal: the copy of each draft typed on it
//! (`localStorage`, one entry per form, until the server has it), and the pages the service worker
//! (`public/sw.js`) keeps so that they open offline. See `docs/field.md`.

use crate::domain::form::Answers;
use serde::{Deserialize, Serialize};

/// The copy of a draft kept on the device.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LocalCopy {
    /// The server version these answers were based on.
    pub base: i64,
    pub answers: Answers,
    /// Answers this device sent whose answer never came back (the signal dropped on the way):
    /// the server may hold them, and then they are this device's own, not another's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<Answers>,
    /// Files chosen for the form that have not reached the server (their bytes are kept by
    /// [`super::device_files`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<super::device_files::WaitingFile>,
}

const PREFIX: &str = "vatra-form-";

fn key(id: i64) -> String {
    format!("{PREFIX}{id}")
}

/// The device's copy of form `id`, if any.
pub fn read_local(id: i64) -> Option<LocalCopy> {
    #[cfg(feature = "hydrate")]
    {
        let s = leptos::prelude::window().local_storage().ok().flatten()?;
        let raw = s.get_item(&key(id)).ok().flatten()?;
        serde_json::from_str(&raw).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key(id);
        None
    }
}

/// Keeps `copy` as the device's copy of form `id`.
pub fn write_local(id: i64, copy: &LocalCopy) {
    #[cfg(feature = "hydrate")]
    if let (Some(s), Ok(raw)) = (leptos::prelude::window().local_storage().ok().flatten(), serde_json::to_string(copy))
    {
        let _ = s.set_item(&key(id), &raw);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, copy);
}

/// Forgets the device's copy (after it reached the server, or the user chose the saved one).
pub fn clear_local(id: i64) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = leptos::prelude::window().local_storage().ok().flatten() {
        let _ = s.remove_item(&key(id));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The forms whose answers on this device have not reached the server, by id.
pub fn unsent_drafts() -> Vec<(i64, LocalCopy)> {
    #[cfg(feature = "hydrate")]
    {
        let Some(s) = leptos::prelude::window().local_storage().ok().flatten() else { return Vec::new() };
        let n = s.length().unwrap_or(0);
        let ids: Vec<i64> = (0..n)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter_map(|k| k.strip_prefix(PREFIX).and_then(|id| id.parse().ok()))
            .collect();
        let mut out: Vec<(i64, LocalCopy)> = ids.into_iter().filter_map(|id| Some((id, read_local(id)?))).collect();
        out.sort_by_key(|(id, _)| *id);
        out
    }
    #[cfg(not(feature = "hydrate"))]
    Vec::new()
}

/// Asks the service worker to keep the page at `path` (a form, a case or the caseload) for a
/// time without a signal: a page reached inside the app was never loaded as a whole page, so the
/// worker fetches it once itself.
pub fn keep_page(path: &str) {
    // The page the document was loaded as went through the service worker already.
    if DOCUMENT.with(|d| d.get().is_some_and(|d| d == path)) {
        return;
    }
    tell_worker(format!("keep {path}"));
}

thread_local! {
    /// The path the document was loaded as.
    static DOCUMENT: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() };
}

/// Notes the path the document was loaded as (called once, as the app starts in the browser).
pub fn note_document() {
    #[cfg(feature = "hydrate")]
    if let Ok(path) = leptos::prelude::window().location().pathname() {
        DOCUMENT.with(|d| {
            let _ = d.set(path);
        });
    }
}

/// Tells the service worker who is signed in: the pages kept for another user are dropped.
pub fn signed_in_as(user: i64) {
    tell_worker(format!("owner {user}"));
}

/// Drops every page kept on this device (signing out with nothing left unsent, or choosing so).
pub fn forget_pages() {
    tell_worker("forget".to_owned());
}

fn tell_worker(message: String) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};
        let container = leptos::prelude::window().navigator().service_worker();
        match container.controller() {
            Some(worker) => {
                let _ = worker.post_message(&JsValue::from_str(&message));
            }
            // The page's first visit: the worker takes control a moment after it is registered.
            None => {
                let later = Closure::once_into_js(move || {
                    if let Some(worker) = leptos::prelude::window().navigator().service_worker().controller() {
                        let _ = worker.post_message(&JsValue::from_str(&message));
                    }
                });
                let _ = container.add_event_listener_with_callback("controllerchange", later.unchecked_ref());
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = message;
}

/// A page reached inside the app could not load its data for want of a signal: load it as a
/// whole page instead, which the service worker answers with the copy kept on the device (or
/// the offline page). Once per address, so a page that fails offline twice stays as it is.
pub fn open_from_device() {
    #[cfg(feature = "hydrate")]
    {
        let w = leptos::prelude::window();
        let Ok(here) = w.location().href() else { return };
        let Some(session) = w.session_storage().ok().flatten() else { return };
        if w.navigator().service_worker().controller().is_none() {
            return;
        }
        // Not again for the same address within a quarter of a minute: a kept page that fails
        // too is shown as it is, not reloaded without end.
        const TRIED: &str = "vatra-offline-tried";
        let now = js_sys::Date::now();
        let before = session.get_item(TRIED).ok().flatten().and_then(|v| {
            let (at, href) = v.split_once(' ')?;
            (href == here).then(|| at.parse::<f64>().ok()).flatten()
        });
        if before.is_some_and(|at| now - at < 15_000.0) {
            return;
        }
        let _ = session.set_item(TRIED, &format!("{now} {here}"));
        let _ = w.location().reload();
    }
}
