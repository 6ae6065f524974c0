//! User administration pages: the list, a new user, editing one user.

mod once;

use crate::api::territories::{list_territories, TerritoryOptionView};
use crate::api::users::grants::DecideRoleGrant;
use crate::api::users::{
    get_user, list_users, CreateUser, ResetPassword, SetUserActive, UpdateUser, UserDetailView, UserPageView,
};
use crate::api::MeView;
use crate::domain::url::query_value;
use crate::domain::{AppError, Role, RoleSet};
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Field, Notice};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::pages::home::role_label;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn UserListPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavUsers) />
        <Protected children=|_me: MeView| view! { <UserList /> } />
    }
}

#[component]
fn UserList() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q")).filter(|s| !s.is_empty());
    let after = move || query.with(|q| q.get("after")).filter(|s| !s.is_empty());
    let page = Resource::new(move || (search(), after()), |(s, a)| list_users(s, a));
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{tr(K::NavUsers)}</h1>
            <a href="/admin/users/new" class="btn-primary">
                {tr(K::NewUser)}
            </a>
        </div>
        <Form method="GET" action="" attr:class="mb-4 flex gap-2" attr:role="search">
            <label for="f-q" class="sr-only">
                {tr(K::Search)}
            </label>
            <input id="f-q" name="q" type="search" class="input flex-1" value=search placeholder=tr(K::SearchUsers) />
            <button type="submit" class="btn-secondary">
                {tr(K::Search)}
            </button>
        </Form>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(p) => view! { <UserTable page=p search=search() /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn role_chips(roles: RoleSet) -> impl IntoView {
    roles.iter().map(|r| view! { <span class="chip">{tr(role_label(r))}</span> }).collect_view()
}

#[component]
fn UserTable(page: UserPageView, search: Option<String>) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="card text-stone-600">{tr(K::NoResults)}</p> }.into_any();
    }
    let next = page.next_after.map(|a| {
        let q = search.as_deref().map(|s| format!("q={}&", query_value(s))).unwrap_or_default();
        format!("/admin/users?{q}after={}", query_value(&a))
    });
    let rows = page
        .items
        .into_iter()
        .map(|u| {
            let href = format!("/admin/users/{}", u.id);
            let status = if !u.active {
                K::Inactive
            } else if u.locked {
                K::Locked
            } else {
                K::Active
            };
            view! {
                <li class="card flex flex-col gap-1 md:grid md:grid-cols-[1.2fr_1.5fr_1.5fr_2fr_auto] md:items-center md:gap-4 md:rounded-none md:border-0 md:border-b md:shadow-none">
                    <a href=href class="font-medium text-orange-900 underline-offset-2 hover:underline">
                        {u.username}
                    </a>
                    <span>{u.full_name}</span>
                    <span class="text-sm text-stone-600">{u.territory_name}</span>
                    <span class="flex flex-wrap gap-1">{role_chips(u.roles)}</span>
                    <span class="text-sm" class:text-red-700=!u.active>
                        {tr(status)}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul
            class="flex flex-col gap-2 md:gap-0 md:rounded-lg md:border md:border-stone-200 md:bg-white"
            data-testid="user-list"
        >
            {rows}
        </ul>
        {next
            .map(|href| {
                view! {
                    <a href=href class="btn-secondary mt-4">
                        {tr(K::NextPage)}
                    </a>
                }
            })}
    }
    .into_any()
}

/// The territory picker: the caller's subtree, indented by depth.
#[component]
fn TerritorySelect(
    territories: Vec<TerritoryOptionView>,
    selected: i64,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = use_language();
    let options = territories
        .into_iter()
        .map(|t| {
            let indent = "\u{a0}\u{a0}".repeat(t.depth.saturating_sub(1));
            view! {
                <option value=t.id selected=t.id == selected>
                    {format!("{indent}{}", t.name)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="f-territory_id" class="field-label">
                {tr(K::Territory)}
                <span class="text-red-700" aria-hidden="true">
                    " *"
                </span>
            </label>
            <select id="f-territory_id" name="territory_id" class="input" required=true>
                <option value="0">"—"</option>
                {options}
            </select>
            {move || {
                error
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
    }
}

/// Role checkboxes, named `roles[i]` so a plain form post yields a list.
#[component]
fn RoleChecks(selected: RoleSet, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let lang = use_language();
    let boxes = Role::ALL
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let id = format!("f-role-{}", r.code());
            view! {
                <label for=id.clone() class="check">
                    <input
                        id=id.clone()
                        type="checkbox"
                        name=format!("roles[{i}]")
                        value=r.code()
                        checked=selected.contains(r)
                    />
                    <span>{tr(role_label(r))}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field">
            <legend class="field-label">
                {tr(K::Roles)}<span class="text-red-700" aria-hidden="true">
                    " *"
                </span>
            </legend>
            <div class="grid gap-1 sm:grid-cols-2">{boxes}</div>
            {move || {
                error
                    .get()
                    .map(|c| {
                        view! {
                            <p class="field-error" role="alert">
                                {error_text(lang.get(), &c)}
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}

#[component]
pub fn NewUserPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NewUser) />
        <Protected children=|_me: MeView| view! { <NewUser /> } />
    }
}

#[component]
fn NewUser() -> impl IntoView {
    let action = ServerAction::<CreateUser>::new();
    let value = action.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let territories = Resource::new(|| (), |_| list_territories());
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NewUser)}</h1>
        <section class="card max-w-3xl">
            <ErrorBanner error=action_error(value) />
            <ActionForm action=action attr:class="grid gap-4 md:grid-cols-2" attr:novalidate=true>
                <Field
                    label=K::Username
                    name="username"
                    autocomplete="off"
                    required=true
                    error=err("username")
                    check=|v| crate::domain::user::Username::parse(v).map(|_| ())
                />
                <Field label=K::FullName name="full_name" required=true error=err("full_name") />
                <Field
                    label=K::Email
                    name="email"
                    kind="email"
                    error=err("email")
                    check=|v| crate::domain::user::parse_email("email", v).map(|_| ())
                />
                <Field
                    label=K::Phone
                    name="phone"
                    kind="tel"
                    inputmode="tel"
                    error=err("phone")
                    check=|v| crate::domain::user::parse_phone("phone", v).map(|_| ())
                />
                <Field label=K::Institution name="institution" error=err("institution") />
                <Field label=K::Position name="position" error=err("position") />
                <Suspense fallback=|| {
                    view! { <p>"…"</p> }
                }>
                    {move || {
                        territories
                            .get()
                            .map(|r| match r {
                                Ok(t) => {
                                    view! { <TerritorySelect territories=t selected=0 error=err("territory_id") /> }
                                        .into_any()
                                }
                                Err(e) => view! { <PageError error=e /> }.into_any(),
                            })
                    }}
                </Suspense>
                <p class="text-sm text-stone-600 md:col-span-2">{tr(K::TemporaryPasswordHint)}</p>
                <div class="md:col-span-2">
                    <RoleChecks selected=RoleSet::empty() error=err("roles") />
                </div>
                <div class="md:col-span-2">
                    <button type="submit" class="btn-primary">
                        {tr(K::CreateUser)}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EditUserPage() -> impl IntoView {
    view! {
        <Title text=tr(K::EditUser) />
        <Protected children=|_me: MeView| view! { <EditUser /> } />
    }
}

#[component]
fn EditUser() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let update = ServerAction::<UpdateUser>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let decide = ServerAction::<DecideRoleGrant>::new();
    let user = Resource::new(
        move || {
            (id(), update.version().get(), set_active.version().get(), reset.version().get(), decide.version().get())
        },
        |(id, ..)| get_user(id),
    );
    let territories = Resource::new(|| (), |_| list_territories());
    let flag = move |k: &str| query.with(|q| q.get(k).is_some());
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::EditUser)}</h1>
        {move || flag("created").then(|| view! { <Notice text=K::UserCreated /> })}
        {move || flag("saved").then(|| view! { <Notice text=K::Saved /> })}
        {move || flag("reset").then(|| view! { <Notice text=K::PasswordReset /> })}
        {move || flag("granted").then(|| view! { <Notice text=K::GrantDecided /> })}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || match (user.get(), territories.get()) {
                (Some(Ok(u)), Some(Ok(t))) => {
                    view! {
                        {u.temporary_password.clone().map(|password| view! { <once::TemporaryPassword password /> })}
                        {u
                            .waiting_grant
                            .clone()
                            .map(|grant| view! { <once::WaitingGrant user_id=u.id version=u.version grant decide /> })}
                        <EditForms u t update set_active reset />
                    }
                        .into_any()
                }
                (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                _ => view! { <p>"…"</p> }.into_any(),
            }}
        </Suspense>
    }
}

#[component]
fn EditForms(
    u: UserDetailView,
    t: Vec<TerritoryOptionView>,
    update: ServerAction<UpdateUser>,
    set_active: ServerAction<SetUserActive>,
    reset: ServerAction<ResetPassword>,
) -> impl IntoView {
    let value = update.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let reset_value = reset.value();
    let active_value = set_active.value();
    let active_err: Signal<Option<AppError>> = action_error(active_value);
    let status = if !u.active {
        K::Inactive
    } else if u.locked_until.is_some() {
        K::Locked
    } else {
        K::Active
    };
    view! {
        <div class="grid gap-6 lg:grid-cols-[2fr_1fr]">
            <section class="card" aria-labelledby="account-h">
                <h2 id="account-h" class="mb-1 text-lg font-semibold">
                    {u.username.clone()}
                </h2>
                <p class="mb-4 text-sm text-stone-600" data-testid="user-status">
                    {tr(status)}
                </p>
                <ErrorBanner error=action_error(value) />
                <ActionForm action=update attr:class="grid gap-4 md:grid-cols-2" attr:novalidate=true>
                    <input type="hidden" name="id" value=u.id />
                    <input type="hidden" name="version" value=u.version />
                    <Field
                        label=K::FullName
                        name="full_name"
                        value=u.full_name.clone()
                        required=true
                        error=err("full_name")
                    />
                    <Field
                        label=K::Email
                        name="email"
                        kind="email"
                        value=u.email.clone().unwrap_or_default()
                        error=err("email")
                    />
                    <Field
                        label=K::Phone
                        name="phone"
                        kind="tel"
                        inputmode="tel"
                        value=u.phone.clone().unwrap_or_default()
                        error=err("phone")
                    />
                    <Field
                        label=K::Institution
                        name="institution"
                        value=u.institution.clone().unwrap_or_default()
                        error=err("institution")
                    />
                    <Field
                        label=K::Position
                        name="position"
                        value=u.position.clone().unwrap_or_default()
                        error=err("position")
                    />
                    <TerritorySelect territories=t selected=u.territory_id error=err("territory_id") />
                    <div class="md:col-span-2">
                        <RoleChecks selected=u.roles error=err("roles") />
                    </div>
                    <div class="md:col-span-2">
                        <button type="submit" class="btn-primary">
                            {tr(K::Save)}
                        </button>
                    </div>
                </ActionForm>
            </section>
            <div class="flex flex-col gap-6">
                <section class="card" aria-labelledby="reset-h">
                    <h2 id="reset-h" class="mb-3 text-lg font-semibold">
                        {tr(K::ResetPassword)}
                    </h2>
                    <ErrorBanner error=action_error(reset_value) />
                    <ActionForm action=reset attr:class="flex flex-col gap-4" attr:novalidate=true>
                        <input type="hidden" name="id" value=u.id />
                        <p class="text-sm text-stone-600">{tr(K::TemporaryPasswordHint)}</p>
                        <button type="submit" class="btn-secondary self-start">
                            {tr(K::ResetPassword)}
                        </button>
                    </ActionForm>
                </section>
                <section class="card" aria-labelledby="active-h">
                    <h2 id="active-h" class="mb-3 text-lg font-semibold">
                        {tr(K::AccountStatus)}
                    </h2>
                    <ErrorBanner error=active_err />
                    <ActionForm action=set_active>
                        <input type="hidden" name="id" value=u.id />
                        <input type="hidden" name="version" value=u.version />
                        <input type="hidden" name="active" value=(!u.active).to_string() />
                        <button type="submit" class=if u.active { "btn-danger" } else { "btn-secondary" }>
                            {tr(if u.active { K::Deactivate } else { K::Reactivate })}
                        </button>
                    </ActionForm>
                </section>
            </div>
        </div>
    }
}
