//! The own profile: contact details, language, password, sign out everywhere.

use crate::api::MeView;
use crate::domain::user::Language;
use crate::domain::FieldError;
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Field, Notice};
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavProfile) />
        <Protected children=|me: MeView| view! { <Profile me /> } />
    }
}

#[component]
fn Profile(me: MeView) -> impl IntoView {
    let update_profile = ServerAction::<crate::api::auth::UpdateProfile>::new();
    let sign_out_everywhere = ServerAction::<crate::api::auth::SignOutEverywhere>::new();
    let lang = use_language();
    let query = use_query_map();
    let flag = move |k: &str| query.with(|q| q.get(k).is_some());
    let value = update_profile.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let language_error = err("language");
    let current = me.language;
    let languages = Language::ALL
        .into_iter()
        .map(|l| {
            view! {
                <option value=l.code() selected=l == current>
                    {l.native_name()}
                </option>
            }
        })
        .collect_view();
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NavProfile)}</h1>
        {move || flag("saved").then(|| view! { <Notice text=K::Saved /> })}
        {move || flag("password").then(|| view! { <Notice text=K::PasswordChanged /> })}
        <div class="grid gap-6 lg:grid-cols-2">
            <section class="card" aria-labelledby="contact-h">
                <h2 id="contact-h" class="mb-4 text-lg font-semibold">
                    {tr(K::ContactDetails)}
                </h2>
                <dl class="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                    <dt class="text-stone-500">{tr(K::Username)}</dt>
                    <dd>{me.username.clone()}</dd>
                    <dt class="text-stone-500">{tr(K::Territory)}</dt>
                    <dd>{me.territory_name.clone()}</dd>
                </dl>
                <ErrorBanner error=action_error(value) />
                <ActionForm action=update_profile attr:class="flex flex-col gap-4" attr:novalidate=true>
                    <input type="hidden" name="version" value=me.version />
                    <Field
                        label=K::FullName
                        name="full_name"
                        value=me.full_name.clone()
                        autocomplete="name"
                        required=true
                        error=err("full_name")
                    />
                    <Field
                        label=K::Email
                        name="email"
                        kind="email"
                        value=me.email.clone().unwrap_or_default()
                        autocomplete="email"
                        error=err("email")
                        check=|v| crate::domain::user::parse_email("email", v).map(|_| ())
                    />
                    <Field
                        label=K::Phone
                        name="phone"
                        kind="tel"
                        inputmode="tel"
                        value=me.phone.clone().unwrap_or_default()
                        autocomplete="tel"
                        error=err("phone")
                        check=|v| crate::domain::user::parse_phone("phone", v).map(|_| ())
                    />
                    <div class="field">
                        <label for="f-language" class="field-label">
                            {tr(K::Language)}
                        </label>
                        <select id="f-language" name="language" class="input">
                            {languages}
                        </select>
                        {move || {
                            language_error
                                .get()
                                .map(|c| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {error_text(lang.get(), &c)}
                                        </p>
                                    }
                                })
                        }}
                    </div>
                    <button type="submit" class="btn-primary self-start">
                        {tr(K::Save)}
                    </button>
                </ActionForm>
            </section>
            <section class="card flex flex-col gap-4" aria-labelledby="security-h">
                <h2 id="security-h" class="text-lg font-semibold">
                    {tr(K::Security)}
                </h2>
                <a href="/profile/password" class="btn-secondary self-start">
                    {tr(K::ChangePassword)}
                </a>
                <p class="text-sm text-stone-600">{tr(K::SignOutEverywhereText)}</p>
                <ActionForm action=sign_out_everywhere>
                    <button type="submit" class="btn-secondary">
                        {tr(K::SignOutEverywhere)}
                    </button>
                </ActionForm>
            </section>
        </div>
    }
}

fn check_new(v: &str) -> Result<(), FieldError> {
    // The user name rule needs the name; the server applies it. Length and
    // well-known passwords are checked here already.
    crate::domain::password::check_password("new", v, "")
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <Title text=tr(K::ChangePassword) />
        <Protected children=|me: MeView| view! { <Password me /> } />
    }
}

#[component]
fn Password(me: MeView) -> impl IntoView {
    let change_password = ServerAction::<crate::api::auth::ChangePassword>::new();
    let value = change_password.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let banner = Signal::derive(move || action_error(value).get());
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::ChangePassword)}</h1>
        {me
            .must_change_password
            .then(|| {
                view! {
                    <div role="status" class="banner-warn" data-testid="must-change">
                        {tr(K::MustChangePassword)}
                    </div>
                }
            })}
        <section class="card max-w-lg">
            <ErrorBanner error=banner />
            <ActionForm action=change_password attr:class="flex flex-col gap-4" attr:novalidate=true>
                <Field
                    label=K::CurrentPassword
                    name="current"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    error=err("current")
                />
                <Field
                    label=K::NewPassword
                    name="new"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    hint=K::PasswordRules
                    error=err("new")
                    check=check_new
                />
                <Field
                    label=K::ConfirmPassword
                    name="confirm"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    error=err("confirm")
                />
                <button type="submit" class="btn-primary self-start">
                    {tr(K::ChangePassword)}
                </button>
            </ActionForm>
        </section>
    }
}
