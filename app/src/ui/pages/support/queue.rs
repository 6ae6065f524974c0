//! The support queue, for support agents: tickets sorted by time to breach, filtered by status,
//! category, priority, assignee, SLA state and a text. The filters are a GET form and live in the
//! address, so a reload or a shared link keeps them. A table on a desktop, cards on a phone. On a
//! desktop, tickets ticked in the table are given to one agent at once (bulk assignment), as read:
//! a ticket changed meanwhile is left as it is and named.

use super::{priority_chip, priority_label, query_string, sla_chip, status_chip, status_label, table_head};
use crate::api::tickets::{ticket_queue, AssignTickets, BulkAssignView, QueueView, TicketSummaryView};
use crate::api::MeView;
use crate::domain::sla::SlaState;
use crate::domain::ticket::{TicketPriority, TicketStatus};
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorBanner, ErrorText};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The filters the address may carry, in the order the next page's link repeats them.
const FILTERS: [&str; 6] = ["status", "category", "priority", "assignee", "breach", "q"];

#[component]
pub fn QueuePage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavQueue) />
        <Protected children=|me: MeView| {
            let lead = me.roles.allows(crate::domain::Permission::LeadSupport);
            view! { <Queue lead /> }
        } />
    }
}

/// The filters as the address has them (empty ones left out).
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    status: Option<String>,
    category: Option<String>,
    priority: Option<String>,
    assignee: Option<String>,
    breach: Option<String>,
    q: Option<String>,
}

impl Filters {
    fn get(&self, k: &str) -> Option<String> {
        match k {
            "status" => self.status.clone(),
            "category" => self.category.clone(),
            "priority" => self.priority.clone(),
            "assignee" => self.assignee.clone(),
            "breach" => self.breach.clone(),
            _ => self.q.clone(),
        }
    }
}

#[component]
fn Queue(lead: bool) -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let filters = move || Filters {
        status: param("status"),
        category: param("category"),
        priority: param("priority"),
        assignee: param("assignee"),
        breach: param("breach"),
        q: param("q"),
    };
    let offset = move || param("offset").and_then(|o| o.parse::<i64>().ok());
    let assign = ServerAction::<AssignTickets>::new();
    // Read again after each bulk assignment.
    let page = Resource::new(
        move || (filters(), offset(), assign.version().get()),
        |(f, offset, _)| ticket_queue(f.status, f.category, f.priority, f.assignee, f.breach, f.q, offset),
    );
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
            <h1 class="text-2xl font-bold">{tr(K::NavQueue)}</h1>
            <span class="flex flex-wrap gap-2">
                <a href="/support/figures" class="btn-secondary">
                    {tr(K::SfPage)}
                </a>
                <a href="/support/replies" class="btn-secondary">
                    {tr(K::SrPage)}
                </a>
                {lead
                    .then(|| {
                        view! {
                            <a href="/support/rules" class="btn-secondary">
                                {tr(K::SlPage)}
                            </a>
                        }
                    })}
            </span>
        </div>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(v) => view! { <Board v f=filters() assign /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Board(v: QueueView, f: Filters, assign: ServerAction<AssignTickets>) -> impl IntoView {
    let next = v.page.next_offset.map(|o| {
        let mut pairs: Vec<(&str, Option<String>)> = FILTERS.iter().map(|k| (*k, f.get(k))).collect();
        pairs.push(("offset", Some(o.to_string())));
        format!("/support/queue{}", query_string(&pairs))
    });
    let items = v.page.items;
    let empty = items.is_empty();
    let rows = items.iter().cloned().enumerate().map(|(i, t)| view! { <Row t i /> }).collect_view();
    let cards = items.into_iter().map(|t| view! { <Card t /> }).collect_view();
    let agents = v.agents.clone();
    let me = v.me;
    view! {
        <FilterForm f categories=v.categories agents=v.agents me=v.me />
        <AssignOutcome assign />
        {empty.then(|| view! { <p class="card text-stone-600">{tr(K::TkNoTickets)}</p> })}
        {(!empty)
            .then(move || {
                view! {
                    <ActionForm action=assign attr:class="hidden md:block" attr:data-testid="bulk-assign">
                        <BulkBar agents me assign />
                        <div class="overflow-x-auto">
                            <table class="w-full text-left" data-testid="queue-table">
                                {table_head(
                                    &[
                                        K::TkPick,
                                        K::TkNumber,
                                        K::TkSubject,
                                        K::TkPriority,
                                        K::Status,
                                        K::TkAssignee,
                                        K::TkReporter,
                                        K::TkDueBy,
                                    ],
                                )}
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </ActionForm>
                }
            })}
        <ul class="flex flex-col gap-2 md:hidden" data-testid="queue-cards">
            {cards}
        </ul>
        {next
            .map(|href| {
                view! {
                    <a href=href class="btn-secondary mt-4 inline-flex">
                        {tr(K::NextPage)}
                    </a>
                }
            })}
    }
}

/// A labelled select of the filter form; `options` are (value, text) after an "any" first option.
fn filter_select(
    id: &'static str,
    label: K,
    any: K,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let opts = options
        .into_iter()
        .map(|(v, t)| {
            let sel = selected.as_deref() == Some(v.as_str());
            view! {
                <option value=v selected=sel>
                    {t}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=format!("f-{id}") class="field-label">
                {tr(label)}
            </label>
            <select id=format!("f-{id}") name=id class="input">
                <option value="">{tr(any)}</option>
                {opts}
            </select>
        </div>
    }
}

#[component]
fn FilterForm(
    f: Filters,
    categories: Vec<crate::api::tickets::ChoiceView>,
    agents: Vec<crate::api::tickets::AgentView>,
    me: i64,
) -> impl IntoView {
    let word = |k: K| tr(k)().to_owned();
    // No status: the work still to do (not resolved or closed).
    let mut statuses = vec![("all".to_owned(), word(K::TkAllStatuses))];
    statuses.extend(TicketStatus::ALL.iter().map(|s| (s.as_str().to_owned(), word(status_label(s.as_str())))));
    let priorities =
        TicketPriority::ALL.iter().map(|p| (p.as_str().to_owned(), word(priority_label(p.as_str())))).collect();
    let categories = categories.into_iter().map(|c| (c.code, c.name)).collect();
    let mut assignees = vec![("me".to_owned(), word(K::TkMe)), ("none".to_owned(), word(K::TkNobody))];
    assignees.extend(agents.into_iter().filter(|a| a.id != me).map(|a| (a.id.to_string(), a.name)));
    let breaches = [SlaState::Soon, SlaState::Breached]
        .iter()
        .map(|b| (b.as_str().to_owned(), word(super::sla_label(b.as_str()))))
        .collect();
    view! {
        <Form
            method="GET"
            action="/support/queue"
            attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
            attr:data-testid="queue-filters"
        >
            <div class="field sm:col-span-2">
                <label for="f-q" class="field-label">
                    {tr(K::TkSearch)}
                </label>
                <input id="f-q" name="q" type="search" class="input" value=f.q.clone().unwrap_or_default() />
            </div>
            {filter_select("status", K::Status, K::TkOpenWork, statuses, f.status.clone())}
            {filter_select("priority", K::TkPriority, K::Any, priorities, f.priority.clone())}
            {filter_select("category", K::TkCategory, K::Any, categories, f.category.clone())}
            {filter_select("assignee", K::TkAssignee, K::TkAnyone, assignees, f.assignee.clone())}
            {filter_select("breach", K::TkBreach, K::Any, breaches, f.breach.clone())}
            <button type="submit" class="btn-secondary">
                {tr(K::Filter)}
            </button>
        </Form>
    }
}

/// When a ticket breaches, with the state of its worse clock.
fn breach(t: &TicketSummaryView) -> impl IntoView {
    view! {
        <span class="inline-flex flex-wrap items-center gap-1">
            <span class="tabular-nums">{t.breach_at.clone().unwrap_or_else(|| "—".into())}</span>
            {sla_chip(&t.sla)}
        </span>
    }
}

/// The agent to give the ticked tickets to, and the button.
#[component]
fn BulkBar(agents: Vec<crate::api::tickets::AgentView>, me: i64, assign: ServerAction<AssignTickets>) -> impl IntoView {
    let value = assign.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let (assignee_err, tickets_err) = (err("assignee"), err("tickets"));
    let mut options = vec![("me".to_owned(), tr(K::TkMe)().to_owned())];
    options.extend(agents.into_iter().filter(|a| a.id != me).map(|a| (a.id.to_string(), a.name)));
    let opts = options.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view();
    view! {
        <div class="mb-2 flex flex-wrap items-end gap-2">
            <div class="field">
                <label for="f-bulk-assignee" class="field-label">
                    {tr(K::TkAssignPicked)}
                </label>
                <select
                    id="f-bulk-assignee"
                    name="assignee"
                    class="input"
                    aria-invalid=move || assignee_err.get().is_some().then_some("true")
                    aria-describedby=move || assignee_err.get().is_some().then_some("f-bulk-assignee-error")
                >
                    {opts}
                </select>
                <ErrorText error=assignee_err id="f-bulk-assignee-error".to_owned() />
            </div>
            <button type="submit" class="btn-secondary">
                {tr(K::TkAssign)}
            </button>
            <div class="w-full" data-testid="bulk-error">
                <ErrorText error=tickets_err />
            </div>
        </div>
    }
}

/// What the last bulk assignment did: how many it gave, which it left and why.
#[component]
fn AssignOutcome(assign: ServerAction<AssignTickets>) -> impl IntoView {
    let value = assign.value();
    let error = action_error(value);
    move || {
        let done: Option<BulkAssignView> = value.with(|v| v.as_ref().and_then(|r| r.as_ref().ok().cloned()));
        match done {
            Some(d) => view! {
                <p class="banner-ok mb-4" role="status" data-testid="bulk-outcome">
                    {tr(K::TkAssignedN)}
                    " "
                    {d.assigned}
                    {(!d.skipped.is_empty())
                        .then(|| view! { <span>". " {tr(K::TkAssignSkipped)} " " {d.skipped.join(", ")}</span> })}
                </p>
            }
            .into_any(),
            None => match error.get() {
                Some(crate::domain::AppError::Invalid(_)) | None => ().into_any(),
                e => view! { <ErrorBanner error=e /> }.into_any(),
            },
        }
    }
}

#[component]
fn Row(t: TicketSummaryView, i: usize) -> impl IntoView {
    let assignee = t.assignee_name.clone().unwrap_or_else(|| tr(K::Unassigned)().to_owned());
    let pick = format!("f-pick-{}", t.id);
    view! {
        <tr class="border-t border-stone-100 align-middle" data-testid="queue-row">
            <td class="pr-1">
                <label for=pick.clone() class="inline-flex min-h-11 min-w-11 items-center justify-center">
                    <input
                        id=pick.clone()
                        type="checkbox"
                        name=format!("tickets[{i}]")
                        value=format!("{}:{}", t.id, t.version)
                        class="h-5 w-5"
                    />
                    <span class="sr-only">{tr(K::TkPick)} " " {t.number.clone()}</span>
                </label>
            </td>
            <td class="py-2 pr-3 font-mono text-sm whitespace-nowrap">{t.number.clone()}</td>
            <td class="py-2 pr-3">
                <a
                    href=format!("/support/{}", t.id)
                    class="inline-flex min-h-11 items-center font-medium underline-offset-2 hover:underline"
                >
                    {t.subject.clone()}
                </a>
            </td>
            <td class="py-2 pr-3">{priority_chip(&t.priority)}</td>
            <td class="py-2 pr-3">{status_chip(&t.status)}</td>
            <td class="py-2 pr-3">{assignee}</td>
            <td class="py-2 pr-3">{t.reporter_name.clone()}</td>
            <td class="py-2">{breach(&t)}</td>
        </tr>
    }
}

#[component]
fn Card(t: TicketSummaryView) -> impl IntoView {
    let assignee = t.assignee_name.clone().unwrap_or_else(|| tr(K::Unassigned)().to_owned());
    view! {
        <li>
            <a
                href=format!("/support/{}", t.id)
                class="card flex min-h-11 flex-col gap-1 hover:border-orange-800 focus-visible:border-orange-800"
                data-testid="queue-card"
            >
                <span class="flex flex-wrap items-center gap-1">
                    <span class="mr-1 font-mono text-sm">{t.number.clone()}</span>
                    {priority_chip(&t.priority)}
                    {status_chip(&t.status)}
                </span>
                <span class="break-words font-semibold">{t.subject.clone()}</span>
                <span class="text-sm text-stone-600">{t.reporter_name.clone()} " → " {assignee}</span>
                <span class="flex flex-wrap items-center gap-1 text-sm text-stone-700">
                    {tr(K::TkDueBy)} " " {breach(&t)}
                </span>
            </a>
        </li>
    }
}
