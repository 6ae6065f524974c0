//! A case page: the referral and where the case stands, the workflow steps
//! the caller may take, assignment and transfer, the timeline, and the case
//! as it was at a past moment.

use crate::api::cases::{
    case_history, get_case, list_assignees, ActOnCase, AssignCase, CaseView, DecideTransfer, TransferCase,
};
use crate::api::territories::list_districts;
use crate::api::MeView;
use crate::domain::case::{CaseAction, ReferralChannel};
use crate::domain::url::query_value;
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Notice, Select, TextArea};
use crate::ui::components::labels::{action_label, channel_label, risk_chip, status_chip, step_label};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::pages::persons::detail::HistoryList;
use crate::ui::pages::persons::form::territory_options;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CasePage() -> impl IntoView {
    view! {
        <Title text=tr(K::Cases) />
        <Protected children=|_me: MeView| view! { <Case /> } />
    }
}

#[component]
fn Case() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let as_of = move || query.with(|q| q.get("as_of")).filter(|s| !s.is_empty());
    let case = Resource::new(move || (id(), as_of()), |(id, at)| get_case(id, at));
    let flag = move |k: &str| query.with(|q| q.get(k).is_some());
    // The case opens again without a signal, to find its drafts.
    Effect::new(move |_| crate::ui::components::offline::keep_page(&format!("/cases/{}", id())));
    view! {
        {move || flag("opened").then(|| view! { <Notice text=K::CaseOpened /> })}
        {move || flag("saved").then(|| view! { <Notice text=K::Saved /> })}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                case.get()
                    .map(|r| match r {
                        Ok(c) => view! { <CaseBody c as_of=as_of() /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn row(label: K, value: Option<String>) -> impl IntoView {
    view! {
        <div class="flex flex-col border-b border-stone-100 py-2 sm:grid sm:grid-cols-[10rem_1fr] sm:gap-3">
            <dt class="text-sm text-stone-600">{tr(label)}</dt>
            <dd class="font-medium whitespace-pre-line">{value.unwrap_or_else(|| "—".into())}</dd>
        </div>
    }
}

#[component]
fn CaseBody(c: CaseView, as_of: Option<String>) -> impl IntoView {
    let id = c.id;
    let channel = ReferralChannel::parse(&c.channel).ok().map(|ch| tr(channel_label(ch))().to_owned());
    let step = c.next_step.as_deref().and_then(step_label).map(|k| {
        format!("{}{}", tr(k)(), c.next_due_on.clone().map(|d| format!(" · {} {d}", tr(K::Due)())).unwrap_or_default())
    });
    let base = format!("/cases/{id}");
    view! {
        <div class="mb-4 flex flex-wrap items-start justify-between gap-3">
            <div>
                <p class="text-sm">
                    <span class="text-stone-600">{tr(K::CaseNumber)}": "</span>
                    <span class="font-mono" data-testid="case-number">
                        {c.number.clone()}
                    </span>
                </p>
                <h1 class="text-2xl font-bold">
                    <a href=format!("/persons/{}", c.person_id) class="underline-offset-2 hover:underline">
                        {c.person_name.clone()}
                    </a>
                </h1>
                <p class="mt-1 flex flex-wrap gap-1">
                    {status_chip(&c.status)}{risk_chip(&c.risk_level)}
                    {c.overdue.then(|| view! { <span class="chip chip-bad">{tr(K::Overdue)}</span> })}
                </p>
            </div>
        </div>
        {c
            .as_of
            .clone()
            .map(|a| {
                view! {
                    <div role="status" class="banner-ok mb-4" data-testid="as-of-banner">
                        {tr(K::ShownAsOf)}
                        " "
                        {a}
                    </div>
                }
            })}
        <Form method="GET" action=base.clone() attr:class="mb-4 flex flex-wrap items-end gap-2">
            <div class="field">
                <label for="f-as_of" class="field-label">
                    {tr(K::AsOf)}
                </label>
                <input
                    id="f-as_of"
                    name="as_of"
                    type="datetime-local"
                    step="1"
                    class="input"
                    value=as_of.clone().unwrap_or_default()
                />
            </div>
            <button type="submit" class="btn-secondary">
                {tr(K::Show)}
            </button>
            <a href=base.clone() class="btn-secondary">
                {tr(K::Now)}
            </a>
        </Form>
        <div class="grid gap-6 lg:grid-cols-[3fr_2fr]">
            <div class="flex flex-col gap-6">
                // The forms first, led by the next one the workflow expects.
                {c
                    .as_of
                    .is_none()
                    .then(|| {
                        view! {
                            <crate::ui::pages::forms::on_case::CaseForms case_id=id status=Some(c.status.clone()) />
                        }
                    })} <section class="card">
                    <dl>
                        {row(K::NextStep, step)}
                        {row(K::CaseManager, c.manager_name.clone().or_else(|| Some(tr(K::Unassigned)().to_owned())))}
                        {row(K::Territory, Some(c.territory_name.clone()))} {row(K::Reason, c.status_reason.clone())}
                        {row(K::ReporterName, Some(c.reporter_name.clone()))}
                        {row(K::ReporterContact, c.reporter_contact.clone())} {row(K::Channel, channel)}
                        {row(K::ReceivedOn, Some(c.received_on.clone()))} {row(K::Concern, Some(c.concern.clone()))}
                        {row(K::Opened, Some(c.opened_at.clone()))}
                    </dl>
                </section> <Timeline id />
            </div>
            <div class="flex flex-col gap-6">
                {c.transfer.clone().map(|t| view! { <TransferBox c=c.clone() t /> })}
                {(!steps_offered(&c).is_empty()).then(|| view! { <Steps c=c.clone() /> })}
                {c.may_assign.then(|| view! { <Assign c=c.clone() /> })}
                {c.may_transfer.then(|| view! { <Transfer c=c.clone() /> })}
            </div>
        </div>
    }
}

/// The workflow steps offered as steps: all the caller may take, but one that starting a form
/// takes, which is offered as that form (see the forms above).
fn steps_offered(c: &CaseView) -> Vec<CaseAction> {
    let status = crate::domain::case::CaseStatus::parse_db(&c.status);
    c.actions
        .iter()
        .filter_map(|a| CaseAction::parse(a).ok())
        .filter(|a| {
            !status.is_some_and(|s| {
                crate::domain::form::StandardForm::ALL.into_iter().any(|f| f.entry_step(s) == Some(*a))
            })
        })
        .collect()
}

/// The workflow steps the caller may take now; each step is its own small form.
#[component]
fn Steps(c: CaseView) -> impl IntoView {
    let act = ServerAction::<ActOnCase>::new();
    let value = act.value();
    let reason_err = Signal::derive(move || field_error(&value.get(), "reason"));
    let action_err = Signal::derive(move || field_error(&value.get(), "action"));
    let lang = crate::i18n::use_language();
    let buttons = steps_offered(&c)
        .into_iter()
        .map(|a| {
            let needs = a.needs_reason();
            let id = format!("f-reason-{}", a.as_str());
            view! {
                <ActionForm
                    action=act
                    attr:class="flex flex-col gap-2 border-t border-stone-100 pt-3 first:border-t-0 first:pt-0"
                    attr:novalidate=true
                >
                    <input type="hidden" name="id" value=c.id />
                    <input type="hidden" name="version" value=c.version />
                    <input type="hidden" name="action" value=a.as_str() />
                    {needs
                        .then(|| {
                            view! {
                                <label for=id.clone() class="field-label">
                                    {tr(K::Reason)}
                                    " — "
                                    {tr(action_label(a))}
                                </label>
                                <textarea id=id.clone() name="reason" rows="2" class="input"></textarea>
                            }
                        })}
                    <button type="submit" class="btn-secondary self-start">
                        {tr(action_label(a))}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="steps-h">
            <h2 id="steps-h" class="mb-1 text-lg font-semibold">
                {tr(K::WorkflowSteps)}
            </h2>
            <p class="mb-3 text-sm text-stone-600">{tr(K::ReasonHint)}</p>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            {move || {
                reason_err
                    .get()
                    .or(action_err.get())
                    .map(|c| {
                        view! {
                            <p class="field-error mb-2" role="alert">
                                {crate::i18n::error_text(lang.get(), &c)}
                            </p>
                        }
                    })
            }}
            <div class="flex flex-col gap-3">{buttons}</div>
        </section>
    }
}

#[component]
fn Assign(c: CaseView) -> impl IntoView {
    let assign = ServerAction::<AssignCase>::new();
    let value = assign.value();
    let err = Signal::derive(move || field_error(&value.get(), "manager_id"));
    let people = Resource::new(|| (), |_| list_assignees(None));
    let (id, version, current) = (c.id, c.version, c.manager_id.map(|m| m.to_string()).unwrap_or_default());
    view! {
        <section class="card" aria-labelledby="assign-h">
            <h2 id="assign-h" class="mb-3 text-lg font-semibold">
                {tr(K::AcAssign)}
            </h2>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || {
                    people
                        .get()
                        .map(|r| match r {
                            Ok(p) => {
                                let opts: Vec<(String, String)> = p
                                    .iter()
                                    .map(|u| (u.id.to_string(), format!("{} · {}", u.name, u.territory_name)))
                                    .collect();
                                let current = current.clone();
                                view! {
                                    <ActionForm action=assign attr:class="flex flex-col gap-3">
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="version" value=version />
                                        <Select
                                            label=K::CaseManager
                                            name="manager_id"
                                            options=opts
                                            selected=current
                                            required=true
                                            empty=K::Choose
                                            error=err
                                        />
                                        <button type="submit" class="btn-primary self-start">
                                            {tr(K::AcAssign)}
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

/// Asking someone else to take the case: first their territory (a GET that
/// works without JavaScript), then the person.
#[component]
fn Transfer(c: CaseView) -> impl IntoView {
    let query = use_query_map();
    let tt = move || query.with(|q| q.get("tt")).and_then(|s| s.parse::<i64>().ok());
    let transfer = ServerAction::<TransferCase>::new();
    let value = transfer.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let districts = Resource::new(|| (), |_| list_districts());
    let people = Resource::new(tt, |t| async move {
        match t {
            Some(t) => list_assignees(Some(t)).await,
            None => Ok(Vec::new()),
        }
    });
    let (id, version) = (c.id, c.version);
    view! {
        <section class="card" aria-labelledby="transfer-h">
            <h2 id="transfer-h" class="mb-3 text-lg font-semibold">
                {tr(K::Transfer)}
            </h2>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || {
                    districts
                        .get()
                        .map(|r| match r {
                            Ok(d) => {
                                view! {
                                    <Form
                                        method="GET"
                                        action=format!("/cases/{id}")
                                        attr:class="mb-3 flex flex-wrap items-end gap-2"
                                    >
                                        <Select
                                            label=K::TransferTerritory
                                            name="tt"
                                            options=territory_options(&d)
                                            selected=tt().map(|t| t.to_string()).unwrap_or_default()
                                            empty=K::Choose
                                            error=Signal::stored(None::<String>)
                                        />
                                        <button type="submit" class="btn-secondary">
                                            {tr(K::ShowPeople)}
                                        </button>
                                    </Form>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
                {move || {
                    people
                        .get()
                        .map(|r| match r {
                            Ok(p) if !p.is_empty() => {
                                let opts: Vec<(String, String)> = p
                                    .iter()
                                    .map(|u| (u.id.to_string(), format!("{} · {}", u.name, u.territory_name)))
                                    .collect();
                                view! {
                                    <ActionForm action=transfer attr:class="flex flex-col gap-3" attr:novalidate=true>
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="version" value=version />
                                        <Select
                                            label=K::TransferTo
                                            name="to_user"
                                            options=opts
                                            required=true
                                            empty=K::Choose
                                            error=err("to_user")
                                        />
                                        <TextArea label=K::Note name="note" rows=2 error=err("note") />
                                        <button type="submit" class="btn-primary self-start">
                                            {tr(K::RequestTransfer)}
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            Ok(_) => ().into_any(),
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn TransferBox(c: CaseView, t: crate::api::cases::TransferView) -> impl IntoView {
    let decide = ServerAction::<DecideTransfer>::new();
    let value = decide.value();
    let err = Signal::derive(move || field_error(&value.get(), "reason"));
    let (id, version) = (c.id, c.version);
    view! {
        <section
            class="rounded-lg border border-amber-300 bg-amber-50 p-4"
            aria-labelledby="tb-h"
            data-testid="transfer-box"
        >
            <h2 id="tb-h" class="font-semibold">
                {tr(K::TransferWaiting)}
            </h2>
            <p class="text-sm">
                {t.from_name.clone()}" → "{t.to_name.clone()}" · "{t.to_territory.clone()}" · "
                {t.requested_at.clone()}
            </p>
            {t.note.clone().map(|n| view! { <p class="mt-1 text-sm">{n}</p> })}
            {t
                .for_me
                .then(|| {
                    view! {
                        <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
                        <div class="mt-3 flex flex-col gap-3">
                            <ActionForm action=decide>
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="version" value=version />
                                <input type="hidden" name="accept" value="true" />
                                <button type="submit" class="btn-primary">
                                    {tr(K::Accept)}
                                </button>
                            </ActionForm>
                            <ActionForm action=decide attr:class="flex flex-col gap-2" attr:novalidate=true>
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="version" value=version />
                                <input type="hidden" name="accept" value="false" />
                                <TextArea label=K::DeclineReason name="reason" rows=2 error=err />
                                <button type="submit" class="btn-secondary self-start">
                                    {tr(K::Decline)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })}
        </section>
    }
}

#[component]
fn Timeline(id: i64) -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before")).and_then(|s| s.parse::<i64>().ok());
    let page = Resource::new(move || (id, before()), |(id, b)| case_history(id, b));
    view! {
        <section aria-labelledby="tl-h">
            <h2 id="tl-h" class="mb-3 text-lg font-semibold">
                {tr(K::Timeline)}
            </h2>
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || {
                    page.get()
                        .map(|r| match r {
                            Ok(h) => {
                                view! { <HistoryList h next_base=format!("/cases/{id}?{}", query_value("")) /> }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}
