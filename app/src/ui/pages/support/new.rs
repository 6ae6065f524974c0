//! "Help": a new ticket from the page the user came from (`?page=`), and the case of that page
//! (`?case=`) when they choose to attach it. Sending goes to the new ticket.

use crate::api::tickets::{get_help, CreateTicket, HelpView};
use crate::api::MeView;
use crate::domain::AppError;
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, posted_value, ErrorBanner, Field, Select, TextArea};
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewTicketPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavHelp) />
        <Protected children=|_me: MeView| view! { <NewTicket /> } />
    }
}

#[component]
fn NewTicket() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| query.with(|q| q.get(k)).filter(|s| !s.is_empty());
    let help = Resource::new(move || param("case").and_then(|c| c.parse::<i64>().ok()), get_help);
    let create = ServerAction::<CreateTicket>::new();
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{tr(K::TkHelpTitle)}</h1>
            <a href="/support" class="btn-secondary">
                {tr(K::NavMyTickets)}
            </a>
        </div>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                help.get()
                    .map(|r| match r {
                        Ok(h) => view! { <TicketForm h page=param("page") create /> }.into_any(),
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn TicketForm(h: HelpView, page: Option<String>, create: ServerAction<CreateTicket>) -> impl IntoView {
    let value = create.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let categories: Vec<(String, String)> = h.categories.into_iter().map(|c| (c.code, c.name)).collect();
    // A plain post the server refused comes back here with what was typed, the box included.
    let attach_checked = posted_value("attach_case").is_some();
    let page = posted_value("page").or(page);
    let sent_page = page.clone().unwrap_or_else(|| "—".into());
    let attach = h.case.map(|(id, number)| {
        view! {
            <input type="hidden" name="case_id" value=id />
            <div class="field">
                <label for="f-attach_case" class="check">
                    <input id="f-attach_case" type="checkbox" name="attach_case" value="1" checked=attach_checked />
                    <span>{tr(K::TkAttachCase)} " " <span class="font-mono">{number}</span></span>
                </label>
                <p class="field-hint">{tr(K::TkAttachCaseHint)}</p>
            </div>
        }
    });
    view! {
        <section class="card max-w-2xl">
            <p class="mb-4 text-stone-700">{tr(K::TkHelpText)}</p>
            <ErrorBanner error=Signal::derive(move || {
                action_error(value).get().filter(|e| !matches!(e, AppError::Invalid(_)))
            }) />
            <ActionForm action=create attr:novalidate=true attr:class="flex flex-col gap-4">
                {page.map(|p| view! { <input type="hidden" name="page" value=p /> })}
                <Field label=K::TkSubject name="subject" required=true maxlength=200 error=err("subject") />
                <TextArea label=K::TkBody name="body" required=true rows=6 hint=K::TkBodyHint error=err("body") />
                <Select
                    label=K::TkCategory
                    name="category"
                    options=categories
                    required=true
                    empty=K::Choose
                    error=err("category")
                />
                {attach}
                <div class="rounded-md bg-stone-100 p-3 text-sm text-stone-700" data-testid="ticket-context">
                    <p class="font-medium">{tr(K::TkSentWith)}</p>
                    <p class="break-all">{tr(K::TkPage)} ": " <span class="font-mono">{sent_page}</span></p>
                    <p>{tr(K::TkAppVersion)} ": " {h.app_version.clone()}</p>
                </div>
                <button type="submit" class="btn-primary self-start">
                    {tr(K::TkSend)}
                </button>
            </ActionForm>
        </section>
    }
}
