//! The sign-in page: works on a phone and with JavaScript off.

use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Field};
use crate::ui::{tr, use_auth};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = use_auth();
    let sign_in = ServerAction::<crate::api::auth::SignIn>::new();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let value = sign_in.value();
    let password_error = Signal::derive(move || field_error(&value.get(), "password"));
    let no_error = Signal::derive(|| None::<String>);
    // Wrong credentials show at the password field; other errors above the form.
    let banner = Signal::derive(move || action_error(value).get());
    let signed_in = move || auth.session.get().and_then(Result::ok).and_then(|s| s.user).is_some();
    view! {
        <Title text=tr(K::SignIn) />
        <Suspense>
            {move || {
                signed_in()
                    .then(|| {
                        let target = crate::api::auth::safe_next(Some(&next())).to_owned();
                        view! { <Redirect path=target /> }
                    })
            }}
        </Suspense>
        <main class="flex min-h-screen items-center justify-center px-4 py-8">
            <div class="w-full max-w-sm">
                <h1 class="mb-1 text-center text-3xl font-bold text-orange-900">"Vatra"</h1>
                <p class="mb-6 text-center text-stone-600">{tr(K::Tagline)}</p>
                <div class="card">
                    <h2 class="mb-4 text-xl font-semibold">{tr(K::SignIn)}</h2>
                    <ErrorBanner error=banner />
                    <ActionForm action=sign_in attr:class="flex flex-col gap-4" attr:novalidate=true>
                        <input type="hidden" name="next" value=next />
                        <Field label=K::Username name="username" autocomplete="username" required=true error=no_error />
                        <Field
                            label=K::Password
                            name="password"
                            kind="password"
                            autocomplete="current-password"
                            required=true
                            error=password_error
                        />
                        <button type="submit" class="btn-primary w-full" disabled=move || sign_in.pending().get()>
                            {tr(K::SignIn)}
                        </button>
                    </ActionForm>
                </div>
            </div>
        </main>
    }
}
