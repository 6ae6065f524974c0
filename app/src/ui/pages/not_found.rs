//! The friendly page for an address that leads nowhere.

use crate::i18n::K;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=tr(K::NotFoundTitle) />
        <main class="flex min-h-screen items-center justify-center px-4">
            <div class="card max-w-md text-center">
                <h1 class="mb-2 text-2xl font-bold">{tr(K::NotFoundTitle)}</h1>
                <p class="mb-6 text-stone-600">{tr(K::NotFoundText)}</p>
                <a href="/" class="btn-primary">
                    {tr(K::BackHome)}
                </a>
            </div>
        </main>
    }
}
