//! "Help": a new ticket from the page the user came from (`?page=`), and the case of that page
//! (`?case=`) when they choose to attach it. Sending goes to the new ticket. As the user types the
//! subject, the knowledge base's answers that share its words are offered before they send (once
//! the page has loaded its script; without it, the form sends as it is).

use crate::api::tickets::{find_answers, get_help, AnswerView, CreateTicket, HelpView};
use crate::api::MeView;
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
    let id = move |k: &'static str| param(k).and_then(|c| c.parse::<i64>().ok());
    let help = Resource::new(move || (id("case"), id("person")), |(case, person)| get_help(case, person));
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

/// How long typing must pause before the knowledge base is asked, in milliseconds.
const ANSWER_PAUSE_MS: u64 = 400;

/// The answers offered for the subject typed so far, each opened in place.
#[component]
fn Answers(list: Vec<AnswerView>) -> impl IntoView {
    let items = list
        .into_iter()
        .map(|a| {
            view! {
                <li>
                    <details class="rounded-md bg-white p-2">
                        <summary class="flex min-h-11 cursor-pointer items-center font-medium">{a.title}</summary>
                        <p class="mt-1 whitespace-pre-line break-words text-stone-800">{a.body}</p>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="rounded-md border border-green-300 bg-green-50 p-3" data-testid="suggested-answers">
            <h2 class="font-semibold text-green-900">{tr(K::TkAnswersTitle)}</h2>
            <ul class="mt-2 flex flex-col gap-2">{items}</ul>
            <p class="mt-2 text-sm text-stone-700">{tr(K::TkAnswersHint)}</p>
        </section>
    }
}

#[component]
fn TicketForm(h: HelpView, page: Option<String>, create: ServerAction<CreateTicket>) -> impl IntoView {
    let value = create.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let typed = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    // Asks once typing pauses, not at every key.
    Effect::new(move |_| {
        let now = typed.get();
        set_timeout(
            move || {
                if typed.get_untracked() == now {
                    asked.set(now);
                }
            },
            std::time::Duration::from_millis(ANSWER_PAUSE_MS),
        );
    });
    // Asked from an effect, so only in the browser: the page drawn on the server waits for nothing.
    let answers = RwSignal::new(Vec::<AnswerView>::new());
    Effect::new(move |_| {
        let q = asked.get();
        // Words shorter than four letters find nothing (the server's rule).
        if q.trim().chars().count() < 4 {
            answers.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(found) = find_answers(q.clone()).await {
                // An answer to an older subject is not shown over a newer one.
                if asked.get_untracked() == q {
                    answers.set(found);
                }
            }
        });
    });
    let picked = super::files::Picked::new(h.file_max_bytes);
    let busy = picked.busy();
    let categories: Vec<(String, String)> = h.categories.into_iter().map(|c| (c.code, c.name)).collect();
    // A plain post the server refused comes back here with what was typed, the box included.
    let attach_checked = posted_value("attach_case").is_some();
    let attach_person_checked = posted_value("attach_person").is_some();
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
    let attach_person = h.person.map(|(id, name)| {
        view! {
            <input type="hidden" name="person_id" value=id />
            <div class="field">
                <label for="f-attach_person" class="check">
                    <input
                        id="f-attach_person"
                        type="checkbox"
                        name="attach_person"
                        value="1"
                        checked=attach_person_checked
                    />
                    <span>{tr(K::TkAttachPerson)} " " {name}</span>
                </label>
                <p class="field-hint">{tr(K::TkAttachPersonHint)}</p>
            </div>
        }
    });
    view! {
        <section class="card max-w-2xl">
            <p class="mb-4 text-stone-700">{tr(K::TkHelpText)}</p>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            // Multipart, so that files go with a post made before the page's script has loaded.
            <ActionForm
                action=create
                attr:novalidate=true
                attr:enctype="multipart/form-data"
                attr:class="flex flex-col gap-4"
            >
                {page.map(|p| view! { <input type="hidden" name="page" value=p /> })}
                <Field label=K::TkSubject name="subject" required=true maxlength=200 error=err("subject") bind=typed />
                <div aria-live="polite">
                    {move || {
                        let list = answers.get();
                        (!list.is_empty()).then(|| view! { <Answers list /> })
                    }}
                </div>
                <TextArea label=K::TkBody name="body" required=true rows=6 hint=K::TkBodyHint error=err("body") />
                <Select
                    label=K::TkCategory
                    name="category"
                    options=categories
                    required=true
                    empty=K::Choose
                    error=err("category")
                />
                <super::files::FilePicker picked error=err("files") privacy=true />
                {attach}
                {attach_person}
                <div class="rounded-md bg-stone-100 p-3 text-sm text-stone-700" data-testid="ticket-context">
                    <p class="font-medium">{tr(K::TkSentWith)}</p>
                    <p class="break-all">{tr(K::TkPage)} ": " <span class="font-mono">{sent_page}</span></p>
                    <p>{tr(K::TkAppVersion)} ": " {h.app_version.clone()}</p>
                </div>
                <button type="submit" class="btn-primary self-start" disabled=busy>
                    {tr(K::TkSend)}
                </button>
            </ActionForm>
        </section>
    }
}
