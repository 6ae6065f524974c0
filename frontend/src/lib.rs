//! The browser entry point: hydrates the server-rendered Vatra pages.
#![forbid(unsafe_code)]

/// Called by the generated JS glue once the WASM bundle has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::ui::App);
    // A marker the browser tests wait for: clicks before hydration do nothing.
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"__vatra_hydrated".into(), &true.into());
    }
}
