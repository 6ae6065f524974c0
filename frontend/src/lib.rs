//! The browser entry point: hydrates the server-rendered Vatra pages.
#![forbid(unsafe_code)]

/// Called by the generated JS glue once the WASM bundle has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A form that succeeds redirects with a full page load, exactly as it
    // does without JavaScript: the next page is rendered by the server with
    // the session as it is now (signed in, signed out, new password), never
    // from a copy the browser still holds. Set before the router sets its own.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(to);
        }
    });
    leptos::mount::hydrate_body(app::ui::App);
    // The service worker keeps the last copy of each form page (and the app) on the device, so
    // that a form reloaded without a signal opens, with its unsaved answers from the device.
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().service_worker().register("/sw.js");
    }
    // A marker the browser tests wait for: clicks before hydration do nothing.
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"__vatra_hydrated".into(), &true.into());
    }
}
