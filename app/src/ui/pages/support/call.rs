//! "Register a call", for support agents taking calls: a citizen's call becomes a ticket on their
//! behalf. The caller is looked up among the registered persons of the agent's territory by IDNP
//! or phone (a GET form: the lookup lives in the address and works before hydration); the agent
//! may link the person found, and registers the call with its category, priority and notes.

use super::{born_in, priority_label};
use crate::api::tickets::{find_caller, get_help, CallerMatchView, HelpView, RegisterCall};
use crate::api::MeView;
use crate::domain::ticket::TicketPriority;
use crate::domain::{AppError, Permission};
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::{action_error, field_error, posted_value, ErrorBanner, Field, Select, TextArea};
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CallPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavCall) />
        <Protected children=|me: MeView| {
            if me.roles.allows(Permission::WorkTickets) {
                view! { <Call /> }.into_any()
            } else {
                view! { <ErrorBanner error=Some(AppError::Forbidden) /> }.into_any()
            }
        } />
    }
}

/// The lookup's answer: nothing asked yet, or the persons found.
type Found = Result<Option<Vec<CallerMatchView>>, AppError>;

#[component]
fn Call() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| query.with(|q| q.get(k)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let help = Resource::new(|| (), |_| get_help(None, None));
    let found = Resource::new(
        move || (param("idnp"), param("phone")),
        |(idnp, phone)| async move {
            let asked: Found =
                if idnp.is_none() && phone.is_none() { Ok(None) } else { find_caller(idnp, phone).await.map(Some) };
            asked
        },
    );
    let register = ServerAction::<RegisterCall>::new();
    view! {
        <h1 class="mb-2 text-2xl font-bold">{tr(K::NavCall)}</h1>
        <p class="mb-4 max-w-3xl text-stone-700">{tr(K::CcIntro)}</p>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                match (help.get(), found.get()) {
                    (Some(Ok(h)), Some(f)) => {
                        view! { <Desk h found=f idnp=param("idnp") phone=param("phone") register /> }.into_any()
                    }
                    (Some(Err(e)), _) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    _ => ().into_any(),
                }
            }}
        </Suspense>
    }
}

/// The lookup beside the call's form on a desktop; one above the other on a phone.
#[component]
fn Desk(
    h: HelpView,
    found: Found,
    idnp: Option<String>,
    phone: Option<String>,
    register: ServerAction<RegisterCall>,
) -> impl IntoView {
    let lang = use_language();
    let lookup_error = |f: &'static str| match &found {
        Err(AppError::Invalid(e)) => e.for_field(f).map(str::to_owned),
        _ => None,
    };
    let (idnp_err, phone_err) = (lookup_error("idnp"), lookup_error("phone"));
    let typed_phone = phone.clone();
    let other_error = match &found {
        Err(AppError::Invalid(_)) | Ok(_) => None,
        Err(e) => Some(e.clone()),
    };
    let matches = found.ok().flatten();
    // One person found: the caller's name is theirs unless the agent writes another.
    let only = matches.as_ref().filter(|m| m.len() == 1).and_then(|m| m.first().cloned());
    let lookup_field =
        move |id: &'static str, label: K, value: Option<String>, err: Option<String>, mode: &'static str| {
            let described = err.as_ref().map(|_| format!("{id}-error"));
            view! {
                <div class="field">
                    <label for=id class="field-label">
                        {tr(label)}
                    </label>
                    <input
                        id=id
                        name=id.trim_start_matches("l-")
                        class="input"
                        inputmode=mode
                        value=value.unwrap_or_default()
                        aria-invalid=err.as_ref().map(|_| "true")
                        aria-describedby=described
                    />
                    {err
                        .map(|c| {
                            view! {
                                <p id=format!("{id}-error") class="field-error" role="alert">
                                    {move || error_text(lang.get(), &c)}
                                </p>
                            }
                        })}
                </div>
            }
        };
    view! {
        <div class="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] lg:items-start">
            <section class="card" aria-labelledby="find-h">
                <h2 id="find-h" class="mb-1 text-lg font-semibold">
                    {tr(K::CcFind)}
                </h2>
                <p class="field-hint mb-3">{tr(K::CcFindHint)}</p>
                <ErrorBanner error=other_error />
                <Form
                    method="GET"
                    action="/support/call"
                    attr:class="flex flex-col gap-3"
                    attr:data-testid="caller-lookup"
                >
                    {lookup_field("l-idnp", K::Idnp, idnp, idnp_err, "numeric")}
                    {lookup_field("l-phone", K::Phone, typed_phone, phone_err, "tel")}
                    <button type="submit" class="btn-secondary self-start">
                        {tr(K::Search)}
                    </button>
                </Form>
                {matches
                    .as_ref()
                    .filter(|m| m.is_empty())
                    .map(|_| {
                        view! {
                            <p class="mt-3 text-stone-700" data-testid="no-caller">
                                {tr(K::CcNoMatch)}
                            </p>
                        }
                    })}
            </section>
            <CallForm h matches=matches.unwrap_or_default() only phone register />
        </div>
    }
}

#[component]
fn CallForm(
    h: HelpView,
    matches: Vec<CallerMatchView>,
    only: Option<CallerMatchView>,
    phone: Option<String>,
    register: ServerAction<RegisterCall>,
) -> impl IntoView {
    let value = register.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let categories: Vec<(String, String)> = h.categories.into_iter().map(|c| (c.code, c.name)).collect();
    let word = |k: K| tr(k)().to_owned();
    let priorities: Vec<(String, String)> =
        TicketPriority::ALL.iter().map(|p| (p.as_str().to_owned(), word(priority_label(p.as_str())))).collect();
    // A plain post the server refused comes back with what was chosen.
    let chosen = posted_value("person_id").or_else(|| only.as_ref().map(|m| m.id.to_string()));
    let people = (!matches.is_empty()).then(|| {
        let options = matches
            .into_iter()
            .map(|m| {
                let checked = chosen.as_deref() == Some(m.id.to_string().as_str());
                view! {
                    <label class="check">
                        <input type="radio" name="person_id" value=m.id checked=checked />
                        <span>
                            <span class="font-medium">{m.name.clone()}</span>
                            {born_in(&m)}
                        </span>
                    </label>
                }
            })
            .collect_view();
        let none_checked = chosen.is_none();
        view! {
            <fieldset class="flex flex-col" data-testid="caller-matches">
                <legend class="field-label mb-1">{tr(K::CcPerson)}</legend>
                {options}
                <label class="check">
                    <input type="radio" name="person_id" value="" checked=none_checked />
                    <span>{tr(K::CcNoPerson)}</span>
                </label>
            </fieldset>
        }
    });
    let name = posted_value("caller_name").or_else(|| only.map(|m| m.name));
    let phone = posted_value("caller_phone").or(phone);
    view! {
        <section class="card" aria-labelledby="call-h">
            <h2 id="call-h" class="mb-3 text-lg font-semibold">
                {tr(K::CcCall)}
            </h2>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <ActionForm
                action=register
                attr:novalidate=true
                attr:class="grid gap-4 md:grid-cols-2"
                attr:data-testid="call-form"
            >
                <div class="md:col-span-2">{people}</div>
                <Field
                    label=K::CcCallerName
                    name="caller_name"
                    value=name.unwrap_or_default()
                    required=true
                    maxlength=120
                    error=err("caller_name")
                />
                <Field
                    label=K::CcCallerPhone
                    name="caller_phone"
                    kind="tel"
                    value=phone.unwrap_or_default()
                    inputmode="tel"
                    error=err("caller_phone")
                />
                <Select
                    label=K::TkCategory
                    name="category"
                    options=categories
                    required=true
                    empty=K::Choose
                    error=err("category")
                />
                <Select
                    label=K::TkPriority
                    name="priority"
                    options=priorities
                    selected="normal"
                    error=err("priority")
                />
                <div class="md:col-span-2">
                    <Field label=K::TkSubject name="subject" required=true maxlength=200 error=err("subject") />
                </div>
                <div class="md:col-span-2">
                    <TextArea label=K::CcNotes name="body" required=true rows=5 error=err("body") />
                </div>
                <button type="submit" class="btn-primary self-start">
                    {tr(K::CcRegister)}
                </button>
            </ActionForm>
        </section>
    }
}
