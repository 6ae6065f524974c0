//! Files chosen for a form where the signal does not reach: their bytes are kept on the device
//! (the browser's cache storage, which holds binary data and outlives the page) until they reach
//! the server, and the form's copy on the device names them (see [`super::offline::LocalCopy`]).
//! Nothing here sends anything: the form's attachment field does, when the signal is back.

use serde::{Deserialize, Serialize};

/// A file kept on the device for the form, waiting to be sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingFile {
    /// Where its bytes are kept on the device.
    pub key: String,
    /// The field it was chosen for (`key` or `group.N.key`).
    pub path: String,
    pub name: String,
    pub size: u64,
}

/// The cache the bytes are kept in. The service worker never empties it (see `public/sw.js`).
#[cfg(feature = "hydrate")]
const STORE: &str = "vatra-device-files";

#[cfg(feature = "hydrate")]
mod browser {
    use super::STORE;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, Cache, Response};

    async fn store() -> Option<Cache> {
        // Cache storage exists only where the page is a secure context (HTTPS or this machine).
        let caches = leptos::prelude::window().caches().ok()?;
        JsFuture::from(caches.open(STORE)).await.ok()?.dyn_into::<Cache>().ok()
    }

    /// Keeps the bytes of `file` on the device; the key they are kept under.
    pub async fn keep(form: i64, file: &web_sys::File) -> Option<String> {
        let cache = store().await?;
        let n = (js_sys::Math::random() * 1e12) as u64;
        let key = format!("/__vatra_device_files/{form}/{}-{n}", js_sys::Date::now() as u64);
        let response = Response::new_with_opt_blob(Some(file)).ok()?;
        JsFuture::from(cache.put_with_str(&key, &response)).await.ok()?;
        Some(key)
    }

    /// The bytes kept under `key`.
    pub async fn read(key: &str) -> Option<Blob> {
        let cache = store().await?;
        let found = JsFuture::from(cache.match_with_str(key)).await.ok()?;
        let response = found.dyn_into::<Response>().ok()?;
        JsFuture::from(response.blob().ok()?).await.ok()?.dyn_into::<Blob>().ok()
    }

    /// Forgets the bytes kept under `key`.
    pub async fn forget(key: &str) {
        if let Some(cache) = store().await {
            let _ = JsFuture::from(cache.delete_with_str(key)).await.map(|_: JsValue| ());
        }
    }
}

#[cfg(feature = "hydrate")]
pub use browser::{forget, keep, read};
