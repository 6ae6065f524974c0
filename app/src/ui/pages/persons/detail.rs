//! A person's page: the record (now or as of a past moment), the household
//! and relations, the cases, the history, and archiving.

use crate::api::cases::CaseCardView;
use crate::api::persons::{
    get_person, person_history, ArchivePerson, EndRelation, HistoryPageView, PersonDetailView, RelatePersons,
};
use crate::api::MeView;
use crate::domain::person::{DisabilityDegree, RelationKind, Sex};
use crate::domain::url::query_value;
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Field, Notice, Select, TextArea};
use crate::ui::components::labels::{
    degree_label, history_action, history_field, history_value, relation_label, risk_chip, sex_label, status_chip,
    step_label,
};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PersonPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavPersons) />
        <Protected children=|_me: MeView| view! { <Person /> } />
    }
}

#[component]
fn Person() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let as_of = move || query.with(|q| q.get("as_of")).filter(|s| !s.is_empty());
    let tab = move || query.with(|q| q.get("tab")).unwrap_or_default();
    let person = Resource::new(move || (id(), as_of()), |(id, at)| get_person(id, at));
    let flag = move |k: &str| query.with(|q| q.get(k).is_some());
    view! {
        {move || flag("registered").then(|| view! { <Notice text=K::PersonRegistered /> })}
        {move || (flag("saved") || flag("related")).then(|| view! { <Notice text=K::Saved /> })}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                person
                    .get()
                    .map(|r| match r {
                        Ok(p) => view! { <PersonBody p tab=tab() as_of=as_of() /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn row(label: K, value: Option<String>) -> impl IntoView {
    view! {
        <div class="flex flex-col border-b border-stone-100 py-2 sm:grid sm:grid-cols-[12rem_1fr] sm:gap-3">
            <dt class="text-sm text-stone-600">{tr(label)}</dt>
            <dd class="font-medium">{value.unwrap_or_else(|| "—".into())}</dd>
        </div>
    }
}

#[component]
fn PersonBody(p: PersonDetailView, tab: String, as_of: Option<String>) -> impl IntoView {
    let v = p.person.clone();
    let id = v.id;
    let name = format!("{} {}", v.last_name, v.first_name);
    let key = v.idnp.clone().or(v.provisional_id.clone()).unwrap_or_default();
    let key_label = if v.idnp.is_some() { K::Idnp } else { K::ProvisionalId };
    let sex = Sex::parse(&v.sex).ok().map(|s| tr(sex_label(s))().to_owned());
    let degree = DisabilityDegree::parse(&v.disability_degree).ok().map(|d| tr(degree_label(d))().to_owned());
    let history_tab = tab == "history";
    let base = format!("/persons/{id}");
    let as_of_q = as_of.as_ref().map(|a| format!("&as_of={}", query_value(a))).unwrap_or_default();
    view! {
        <div class="mb-4 flex flex-wrap items-start justify-between gap-3">
            <div>
                <h1 class="text-2xl font-bold" data-testid="person-name">
                    {name}
                </h1>
                <p class="font-mono text-sm" data-testid="person-key">
                    {tr(key_label)}
                    ": "
                    {key.clone()}
                </p>
                {v.archived.then(|| view! { <p class="chip chip-bad mt-1">{tr(K::Archived)}</p> })}
            </div>
            <div class="flex flex-wrap gap-2">
                {p
                    .may_edit
                    .then(|| {
                        view! {
                            <a href=format!("/persons/{id}/edit") class="btn-secondary">
                                {tr(K::Edit)}
                            </a>
                        }
                    })}
                {p
                    .may_open_case
                    .then(|| {
                        view! {
                            <a href=format!("/cases/new?person={id}") class="btn-primary">
                                {tr(K::OpenCase)}
                            </a>
                        }
                    })}
            </div>
        </div>
        {p
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
        <AsOfForm base=base.clone() as_of=as_of.clone() tab=tab.clone() />
        <nav class="mb-4 flex gap-2" aria-label=tr(K::Details)>
            <a
                href=format!("{base}?tab=details{as_of_q}")
                class="btn-secondary"
                aria-current=(!history_tab).then_some("page")
            >
                {tr(K::Details)}
            </a>
            <a href=format!("{base}?tab=history") class="btn-secondary" aria-current=history_tab.then_some("page")>
                {tr(K::History)}
            </a>
        </nav>
        {if history_tab {
            view! { <PersonHistory id /> }.into_any()
        } else {
            view! {
                <div class="grid gap-6 lg:grid-cols-[3fr_2fr]">
                    <section class="card">
                        <dl>
                            {row(K::BirthDate, Some(format!("{} ({} {})", v.birth_date, tr(K::Age)(), v.age)))}
                            {row(K::Sex, sex)}
                            {row(
                                K::IdDocument,
                                v
                                    .id_doc_type
                                    .clone()
                                    .map(|t| format!("{t} {}", v.id_doc_number.clone().unwrap_or_default())),
                            )} {row(K::NoIdnpReason, v.no_idnp_reason.clone())}
                            {row(
                                K::Domicile,
                                Some(
                                    format!(
                                        "{} {}",
                                        v.domicile_territory,
                                        v.domicile_address.clone().unwrap_or_default(),
                                    ),
                                ),
                            )} {row(K::Residence, v.residence_address.clone())} {row(K::Phone, v.phone.clone())}
                            {row(K::Email, v.email.clone())} {row(K::DisabilityDegree, degree)}
                            {row(K::MainLimitation, v.limitation_name.clone().or(v.disability_limitation.clone()))}
                            {row(
                                K::Vulnerabilities,
                                (!v.vulnerability_names.is_empty()).then(|| v.vulnerability_names.join(", ")),
                            )} {row(K::Registered, Some(v.registered_at.clone()))}
                            {row(K::Reason, v.status_reason.clone())}
                        </dl>
                    </section>
                    <div class="flex flex-col gap-6">
                        <Relations p=p.clone() />
                        <CaseCards cases=p.cases.clone() />
                        {(p.may_edit || v.archived)
                            .then(|| view! { <ArchiveForm id version=v.version archived=v.archived /> })}
                    </div>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn AsOfForm(base: String, as_of: Option<String>, tab: String) -> impl IntoView {
    view! {
        <Form method="GET" action=base.clone() attr:class="mb-4 flex flex-wrap items-end gap-2">
            <input type="hidden" name="tab" value=tab />
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
                    value=as_of.unwrap_or_default()
                />
            </div>
            <button type="submit" class="btn-secondary">
                {tr(K::Show)}
            </button>
            <a href=base class="btn-secondary">
                {tr(K::Now)}
            </a>
        </Form>
    }
}

#[component]
fn Relations(p: PersonDetailView) -> impl IntoView {
    let id = p.person.id;
    let relate = ServerAction::<RelatePersons>::new();
    let end = ServerAction::<EndRelation>::new();
    let value = relate.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let list = if p.relations.is_empty() {
        view! { <p class="text-stone-600">{tr(K::NoRelations)}</p> }.into_any()
    } else {
        p.relations
            .iter()
            .map(|r| {
                let label = RelationKind::parse(&r.kind).map(relation_label).unwrap_or(K::RelOther);
                let rid = r.id;
                view! {
                    <li
                        class="flex items-center justify-between gap-2 border-b border-stone-100 py-2"
                        data-testid="relation"
                    >
                        <div>
                            <a
                                href=format!("/persons/{}", r.other_id)
                                class="font-medium text-orange-900 underline-offset-2 hover:underline"
                            >
                                {r.other_name.clone()}
                            </a>
                            <p class="text-sm text-stone-600">{tr(label)}" · "{r.other_birth_date.clone()}</p>
                        </div>
                        {p
                            .may_edit
                            .then(|| {
                                view! {
                                    <ActionForm action=end>
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="relation_id" value=rid />
                                        <button type="submit" class="btn-secondary">
                                            {tr(K::EndRelation)}
                                        </button>
                                    </ActionForm>
                                }
                            })}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let kinds: Vec<(String, String)> =
        RelationKind::ALL.iter().map(|k| (k.as_str().to_owned(), tr(relation_label(*k))().to_owned())).collect();
    view! {
        <section class="card" aria-labelledby="rel-h">
            <h2 id="rel-h" class="mb-2 text-lg font-semibold">
                {tr(K::Household)}
            </h2>
            <ul>{list}</ul>
            {p
                .may_edit
                .then(|| {
                    view! {
                        <details class="mt-3">
                            <summary class="btn-secondary">{tr(K::AddRelation)}</summary>
                            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
                            <ActionForm action=relate attr:class="mt-3 flex flex-col gap-3" attr:novalidate=true>
                                <input type="hidden" name="id" value=id />
                                <Field
                                    label=K::OtherPersonKey
                                    name="other"
                                    inputmode="text"
                                    autocomplete="off"
                                    required=true
                                    error=err("other")
                                />
                                <Select
                                    label=K::RelationKind
                                    name="kind"
                                    options=kinds.clone()
                                    required=true
                                    error=err("kind")
                                />
                                <p class="field-hint">{tr(K::RelationHint)}</p>
                                <Field label=K::Note name="note" error=err("note") />
                                <button type="submit" class="btn-primary self-start">
                                    {tr(K::AddRelation)}
                                </button>
                            </ActionForm>
                        </details>
                    }
                })}
        </section>
    }
}

/// A list of case cards.
#[component]
pub fn CaseCards(cases: Vec<CaseCardView>) -> impl IntoView {
    let body = if cases.is_empty() {
        view! { <p class="text-stone-600">{tr(K::NoCases)}</p> }.into_any()
    } else {
        cases.into_iter().map(|c| view! { <CaseCard c /> }).collect_view().into_any()
    };
    view! {
        <section class="card" aria-labelledby="cases-h">
            <h2 id="cases-h" class="mb-2 text-lg font-semibold">
                {tr(K::Cases)}
            </h2>
            <div class="flex flex-col gap-2">{body}</div>
        </section>
    }
}

/// One case as a card: number, person, status, risk, next step.
#[component]
pub fn CaseCard(c: CaseCardView) -> impl IntoView {
    let step = c.next_step.as_deref().and_then(step_label);
    // The link is named by the person and the case number only; the whole card takes the tap.
    view! {
        <article
            class="relative rounded-lg border border-stone-200 bg-white p-3 hover:border-orange-800 focus-within:border-orange-800"
            data-testid="case-card"
        >
            <div class="flex flex-wrap items-center justify-between gap-2">
                <span class="text-sm">
                    <span class="sr-only">{tr(K::CaseNumber)}" "</span>
                    <span class="font-mono">{c.number.clone()}</span>
                </span>
                <span class="flex gap-1">{status_chip(&c.status)}{risk_chip(&c.risk_level)}</span>
            </div>
            <p class="mt-1 font-medium">
                <a
                    href=format!("/cases/{}", c.id)
                    class="after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
                >
                    {c.person_name.clone()}
                    <span class="sr-only">" · "{c.number.clone()}</span>
                </a>
            </p>
            {step
                .map(|k| {
                    view! {
                        <p class="text-sm" class:text-red-800=c.overdue>
                            {tr(K::NextStep)}
                            ": "
                            {tr(k)}
                            {c.next_due_on.clone().map(|d| format!(" · {d}"))}
                            {c.overdue.then(|| view! { <span class="chip chip-bad ml-1">{tr(K::Overdue)}</span> })}
                        </p>
                    }
                })}
            {c
                .manager_name
                .clone()
                .map(|m| view! { <p class="text-sm text-stone-600">{tr(K::CaseManager)}": "{m}</p> })}
            {c
                .transfer_to
                .clone()
                .map(|t| view! { <p class="text-sm text-amber-900">{tr(K::TransferWaiting)}": "{t}</p> })}
        </article>
    }
}

#[component]
fn ArchiveForm(id: i64, version: i64, archived: bool) -> impl IntoView {
    let action = ServerAction::<ArchivePerson>::new();
    let value = action.value();
    let err = Signal::derive(move || field_error(&value.get(), "reason"));
    view! {
        <section class="card" aria-labelledby="archive-h">
            <h2 id="archive-h" class="mb-1 text-lg font-semibold">
                {tr(if archived { K::Restore } else { K::Archive })}
            </h2>
            <p class="mb-3 text-sm text-stone-600">{tr(K::ArchiveText)}</p>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <ActionForm action=action attr:class="flex flex-col gap-3" attr:novalidate=true>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="archive" value=(!archived).to_string() />
                <TextArea label=K::Reason name="reason" rows=2 required=true error=err />
                <button type="submit" class=if archived { "btn-secondary self-start" } else { "btn-danger self-start" }>
                    {tr(if archived { K::Restore } else { K::Archive })}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PersonHistory(id: i64) -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before")).and_then(|s| s.parse::<i64>().ok());
    let page = Resource::new(move || (id, before()), |(id, b)| person_history(id, b));
    view! {
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(h) => view! { <HistoryList h next_base=format!("/persons/{id}?tab=history") /> }.into_any(),
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// A record's history: each version with who, when, what and the changed fields.
#[component]
pub fn HistoryList(h: HistoryPageView, next_base: String) -> impl IntoView {
    if h.items.is_empty() {
        return view! { <p class="card text-stone-600">{tr(K::NoHistory)}</p> }.into_any();
    }
    let items = h
        .items
        .into_iter()
        .map(|e| {
            let changes = e
                .changes
                .into_iter()
                .filter_map(|c| {
                    // In words: the field's name, and a code's meaning (names, places and
                    // moments come in words from the server).
                    let label = history_field(&c.field)?;
                    let name = match label {
                        Some(k) => tr(k)().to_owned(),
                        None => c.field.clone(),
                    };
                    let word = |v: String| match history_value(&c.field, &v) {
                        Some(k) => tr(k)().to_owned(),
                        // An empty cell would leave no text node for hydration to find.
                        None if v.is_empty() => "—".to_owned(),
                        None => v,
                    };
                    let (old, new) = (word(c.old), word(c.new));
                    Some(view! {
                        <tr class="border-t border-stone-100 align-top" data-field=c.field.clone()>
                            <th scope="row" class="py-1 pr-3 text-left text-sm font-medium">
                                {name}
                            </th>
                            <td class="break-words py-1 pr-3 text-sm text-stone-600 line-through decoration-stone-400">
                                {old}
                            </td>
                            <td class="break-words py-1 text-sm">{new}</td>
                        </tr>
                    })
                })
                .collect_view();
            let action = match history_action(&e.action) {
                Some(k) => tr(k)().to_owned(),
                None => e.action.clone(),
            };
            view! {
                <li class="card" data-testid="history-entry">
                    <p class="font-medium">{action}" · "{tr(K::Version)}" "{e.version}</p>
                    <p class="text-sm text-stone-600">{e.at}" · "{e.by}</p>
                    {e.reason.map(|r| view! { <p class="mt-1 text-sm">{tr(K::Reason)}": "{r}</p> })}
                    <div class="mt-2 overflow-x-auto">
                        <table class="w-full text-left">
                            <thead>
                                <tr>
                                    <th class="pr-3 text-xs font-medium text-stone-600">{tr(K::Field)}</th>
                                    <th class="pr-3 text-xs font-medium text-stone-600">{tr(K::OldValue)}</th>
                                    <th class="text-xs font-medium text-stone-600">{tr(K::NewValue)}</th>
                                </tr>
                            </thead>
                            <tbody>{changes}</tbody>
                        </table>
                    </div>
                </li>
            }
        })
        .collect_view();
    let next = h.next_before.map(|b| format!("{next_base}&before={b}"));
    view! {
        <ol class="flex flex-col gap-3">{items}</ol>
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
