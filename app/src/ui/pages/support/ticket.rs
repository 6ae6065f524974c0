//! A ticket: what it is about, its two SLA clocks, the conversation (public replies, internal
//! notes that only support sees, status changes) and what the caller may do: write, move the
//! ticket, triage it (support), rate it (its reporter).
//!
//! **Live.** A reply notifies the reporter, and the reporter's message notifies the assignee; the
//! bell's count rises over its live feed. While the page is open in the browser it follows that
//! count ([`live_unread`]) and fetches the ticket again when it rises, and after each of its own
//! changes. The new data replaces the old in place: the conversation grows, the side panel is
//! drawn anew, and the message being typed stays where it is. On the server nothing of this runs.

mod panel;
mod saved;

use super::{priority_chip, status_chip, status_label};
use crate::api::tickets::{
    get_ticket, AddTicketMessage, RateTicket, SetTicketStatus, TicketMessageView, TicketView, TriageTicket,
};
use crate::api::MeView;
use crate::domain::ticket::TicketStatus;
use crate::domain::AppError;
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::bell::live_unread;
use crate::ui::components::form::{action_error, field_error, posted_value, Notice};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TicketPage() -> impl IntoView {
    view! {
        <Title text=tr(K::TkTicket) />
        <Protected children=|_me: MeView| view! { <Ticket /> } />
    }
}

#[component]
fn Ticket() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let ticket = Resource::new(id, get_ticket);
    let flag = move |k: &str| query.with(|q| q.get(k).is_some());
    view! {
        {move || flag("created").then(|| view! { <Notice text=K::TkCreated /> })}
        {move || flag("sent").then(|| view! { <Notice text=K::TkSent /> })}
        {move || flag("saved").then(|| view! { <Notice text=K::Saved /> })}
        {move || flag("rated").then(|| view! { <Notice text=K::TkRated /> })}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                ticket
                    .get()
                    .map(|r| match r {
                        Ok(t) => view! { <Body t /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// True when, after an action's answer, the ticket should be fetched again: it changed, or
/// someone else changed it first (the next try then carries the version shown).
fn refetch_after<T>(v: &Option<Result<T, AppError>>) -> bool {
    matches!(v, Some(Ok(_)) | Some(Err(AppError::StaleVersion { .. })))
}

#[component]
fn Body(t: TicketView) -> impl IntoView {
    let id = t.id;
    let data = RwSignal::new(t);
    let refresh = move || {
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = get_ticket(id).await {
                if data.try_with_untracked(|d| d != &fresh) == Some(true) {
                    // The page may have gone meanwhile: then nothing is left to update.
                    let _ = data.try_set(fresh);
                }
            }
        });
    };
    // Effects run in the browser only.
    if let Some(unread) = live_unread() {
        Effect::new(move |seen: Option<i64>| {
            let n = unread.get();
            if seen.is_some_and(|s| n > s) {
                refresh();
            }
            n
        });
    }
    let message = ServerAction::<AddTicketMessage>::new();
    let status = ServerAction::<SetTicketStatus>::new();
    let triage = ServerAction::<TriageTicket>::new();
    let rate = ServerAction::<RateTicket>::new();
    // What a refused post held, else the saved reply chosen before the page had loaded.
    let picked = use_query_map()
        .with_untracked(|q| saved::chosen_reply(&data.read_untracked(), q.get_str("reply"), q.get_str("at")));
    let draft = RwSignal::new(posted_value("body").or(picked).unwrap_or_default());
    let files = super::files::Picked::new(data.with_untracked(|t| t.file_max_bytes));
    // What each change's answer says: after a message the box empties; after any change (or a
    // stale version) the ticket is fetched again.
    let (sent, moved, triaged, rated) = (message.value(), status.value(), triage.value(), rate.value());
    Effect::new(move |_| {
        if sent.with(|v| matches!(v, Some(Ok(_)))) {
            draft.set(String::new());
            files.clear();
        }
        if sent.with(refetch_after) {
            refresh();
        }
    });
    // One each: an effect runs again only for the answer it reads.
    Effect::new(move |_| {
        if moved.with(refetch_after) {
            refresh();
        }
    });
    Effect::new(move |_| {
        if triaged.with(refetch_after) {
            refresh();
        }
    });
    Effect::new(move |_| {
        if rated.with(refetch_after) {
            refresh();
        }
    });
    view! {
        <Header data />
        <div class="grid gap-6 lg:grid-cols-[3fr_2fr]">
            <div class="flex min-w-0 flex-col gap-6">
                <Thread data />
                <Compose data message draft files />
            </div>
            <div class="flex min-w-0 flex-col gap-6">
                {move || {
                    let t = data.get();
                    view! { <panel::Actions t status triage rate /> }
                }} <panel::Clocks data /> <panel::Details data />
            </div>
        </div>
    }
}

#[component]
fn Header(data: RwSignal<TicketView>) -> impl IntoView {
    let (number, subject) = data.with_untracked(|t| (t.number.clone(), t.subject.clone()));
    view! {
        <div class="mb-4">
            <p class="text-sm">
                <span class="text-stone-600">{tr(K::TkTicket)}": "</span>
                <span class="font-mono" data-testid="ticket-number">
                    {number}
                </span>
            </p>
            <h1 class="break-words text-2xl font-bold">{subject}</h1>
            <p class="mt-1 flex flex-wrap items-center gap-1">
                {move || {
                    data.with(|t| {
                        view! {
                            <span class="sr-only">{tr(K::Status)} ": "</span>
                            {status_chip(&t.status)}
                            <span class="sr-only">{tr(K::TkPriority)} ": "</span>
                            {priority_chip(&t.priority)}
                            <span class="sr-only">{tr(K::TkCategory)} ": "</span>
                            <span class="chip">{t.category_name.clone()}</span>
                        }
                    })
                }}
            </p>
        </div>
    }
}

#[component]
fn Thread(data: RwSignal<TicketView>) -> impl IntoView {
    let empty = move || data.with(|t| t.messages.is_empty());
    view! {
        <section aria-labelledby="thread-h">
            <h2 id="thread-h" class="mb-2 text-lg font-semibold">
                {tr(K::TkConversation)}
            </h2>
            {move || empty().then(|| view! { <p class="text-stone-600">{tr(K::TkNoMessages)}</p> })}
            // Only what arrives is announced, not the whole conversation again.
            <ol class="flex flex-col gap-3" aria-live="polite" aria-relevant="additions" data-testid="thread">
                <For each=move || data.with(|t| t.messages.clone()) key=|m| m.id children=|m| view! { <Message m /> } />
            </ol>
        </section>
    }
}

/// The words of a status change: the server writes the new status's code (`resolved` or
/// `status:resolved`); anything else is shown as written.
fn event_text(body: &str) -> AnyView {
    let code = body.strip_prefix("status:").unwrap_or(body).trim();
    if let Some(status) = TicketStatus::parse_db(code) {
        view! {
            {tr(K::TkStatusEvent)}
            " "
            {tr(status_label(status.as_str()))}
        }
        .into_any()
    } else {
        body.to_owned().into_any()
    }
}

#[component]
fn Message(m: TicketMessageView) -> impl IntoView {
    if m.kind == "event" {
        return view! {
            <li class="px-2 text-center text-sm text-stone-600" data-testid="ticket-event">
                {event_text(&m.body)}
                " · "
                {m.author_name}
                " · "
                {m.created_at}
            </li>
        }
        .into_any();
    }
    let note = m.kind == "note";
    // A follow-up call the call center took: what the caller said, in the agent's words.
    let call = m.kind == "call";
    let support = m.from_support && !note && !call;
    let plain = !note && !support;
    let testid = if note { "ticket-note" } else { "ticket-reply" };
    view! {
        <li
            class="rounded-lg border p-3 md:p-4"
            class:border-amber-400=note
            class:bg-amber-50=note
            class:border-dashed=note
            class:border-orange-200=support
            class:bg-orange-50=support
            class:border-stone-200=plain
            class:bg-white=plain
            data-testid=testid
        >
            <p class="mb-1 flex flex-wrap items-center gap-2 text-sm">
                <span class="font-semibold">{m.author_name}</span>
                {note.then(|| view! { <span class="chip chip-warn">{tr(K::TkInternalNote)}</span> })}
                {support.then(|| view! { <span class="chip">{tr(K::TkSupport)}</span> })}
                {call.then(|| view! { <span class="chip">{tr(K::CcCallChip)}</span> })}
                <span class="text-stone-600">{m.created_at}</span>
            </p>
            <p class="whitespace-pre-line break-words">{m.body}</p>
            {super::files::message_files(m.files)}
        </li>
    }
    .into_any()
}

/// The message form. Drawn once: the ticket's version follows the data, and what is typed stays
/// when the conversation grows.
#[component]
fn Compose(
    data: RwSignal<TicketView>,
    message: ServerAction<AddTicketMessage>,
    draft: RwSignal<String>,
    files: super::files::Picked,
) -> impl IntoView {
    let lang = use_language();
    let value = message.value();
    let body_err = move || field_error(&value.get(), "body").or_else(|| field_error(&value.get(), "mode"));
    let (id, as_agent, by_call) = data.with_untracked(|t| (t.id, t.as_agent, t.channel == "call_center"));
    // Nobody writes on a resolved ticket before it is reopened, nor ever on a closed one.
    let shut = move || {
        data.with(|t| match TicketStatus::parse_db(&t.status) {
            Some(TicketStatus::Closed) => Some(K::TkClosedText),
            Some(TicketStatus::Resolved) => Some(K::TkResolvedText),
            _ => None,
        })
    };
    let mode = RwSignal::new(posted_value("mode").unwrap_or_else(|| "reply".into()));
    let modes = as_agent.then(|| {
        let mut modes = vec![("reply", K::TkModeReply), ("ask", K::TkModeAsk), ("note", K::TkModeNote)];
        // On a call's ticket, the caller's follow-up calls go in the thread too.
        if by_call {
            modes.push(("call", K::CcFollowUp));
        }
        modes
            .into_iter()
            .map(|(v, k)| {
                view! {
                    <label class="check">
                        <input
                            type="radio"
                            name="mode"
                            value=v
                            checked=mode.get_untracked() == v
                            on:change=move |_| mode.set(v.to_owned())
                        />
                        <span>{tr(k)}</span>
                    </label>
                }
            })
            .collect_view()
    });
    let modes = match modes {
        Some(m) => view! {
            <fieldset class="flex flex-col">
                <legend class="field-label mb-1">{tr(K::TkSendAs)}</legend>
                {m}
            </fieldset>
        }
        .into_any(),
        None => view! { <input type="hidden" name="mode" value="reply" /> }.into_any(),
    };
    let area_ref = NodeRef::<leptos::html::Textarea>::new();
    let picked = use_query_map().with_untracked(|q| q.get("reply"));
    let (pick_form, picker) = match saved::picker(data, draft, area_ref, picked) {
        Some((form, controls)) => (Some(form), Some(controls)),
        None => (None, None),
    };
    let initial = draft.get_untracked();
    let invalid = move || body_err().is_some().then_some("true");
    let described = move || body_err().is_some().then_some("f-body-error");
    let note = move || mode.get() == "note";
    // An empty text child leaves no text node in the parsed page for hydration to find.
    let area = if initial.is_empty() {
        view! {
            <textarea
                node_ref=area_ref
                id="f-body"
                name="body"
                rows="5"
                class="input"
                class:bg-amber-50=note
                required=true
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <textarea
                node_ref=area_ref
                id="f-body"
                name="body"
                rows="5"
                class="input"
                class:bg-amber-50=note
                required=true
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
            >
                {crate::ui::components::text::textarea_text(initial)}
            </textarea>
        }
        .into_any()
    };
    view! {
        <div class="card">
            {move || shut().map(|k| view! { <p class="text-stone-700">{tr(k)}</p> })}
            <div class:hidden=move || shut().is_some()>
                <panel::TicketError error=action_error(value) fields=&["body", "mode", "files"] id />
                {pick_form}
                // Multipart, so that files go with a post made before the page's script has loaded.
                <ActionForm
                    action=message
                    attr:novalidate=true
                    attr:enctype="multipart/form-data"
                    attr:class="flex flex-col gap-3"
                    attr:data-testid="message-form"
                >
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="version" value=move || data.with(|t| t.version) />
                    {modes}
                    {picker}
                    <div class="field">
                        <label for="f-body" class="field-label">
                            {tr(K::TkYourMessage)}
                        </label>
                        {area}
                        {move || {
                            body_err()
                                .map(|c| {
                                    view! {
                                        <p id="f-body-error" class="field-error" role="alert">
                                            {error_text(lang.get(), &c)}
                                        </p>
                                    }
                                })
                        }}
                    </div>
                    <super::files::FilePicker
                        picked=files
                        error=Signal::derive(move || field_error(&value.get(), "files"))
                    />
                    <button type="submit" class="btn-primary self-start" disabled=files.busy()>
                        {tr(K::TkSendMessage)}
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}
