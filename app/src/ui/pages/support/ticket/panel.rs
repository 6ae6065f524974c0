//! The side panel of a ticket's page: what the caller may do with the ticket (move it, triage
//! it, rate it), its SLA clocks and its context; and the words for a refused change.

use super::super::{channel_label, priority_label, sla_chip};
use crate::api::tickets::{RateTicket, SetTicketStatus, SlaView, TicketView, TriageTicket};
use crate::domain::ticket::{TicketPriority, TicketStatus};
use crate::domain::AppError;
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Select};
use crate::ui::components::labels;
use crate::ui::tr;
use leptos::prelude::*;

/// The words of a refusal that is about no field shown: the domain's code when it has its own
/// words (a closed ticket, an expired reopen window…), else the usual banner.
fn refusal_text(lang: crate::domain::user::Language, code: &str) -> Option<&'static str> {
    let text = error_text(lang, code);
    (text != K::FieldCheck.text(lang)).then_some(text)
}

/// An action's error that no field shows: a refused move in words, and a stale version with a
/// link that reloads the ticket (a full load, also without JavaScript).
#[component]
pub(super) fn TicketError(
    #[prop(into)] error: Signal<Option<AppError>>,
    fields: &'static [&'static str],
    id: i64,
) -> impl IntoView {
    let lang = use_language();
    move || match error.get() {
        None => ().into_any(),
        // Those next to a field show there; one about no field shown (a forged choice), here.
        Some(AppError::Invalid(errors)) => errors
            .0
            .iter()
            .find(|e| !fields.contains(&e.field.as_str()))
            .map(|e| {
                let code = e.code.clone();
                view! {
                    <div role="alert" class="banner-error" data-testid="form-error">
                        <p class="font-medium">{move || error_text(lang.get(), &code)}</p>
                    </div>
                }
            })
            .into_any(),
        Some(AppError::Conflict { field, .. }) if fields.contains(&field.as_str()) => ().into_any(),
        Some(AppError::Conflict { code, .. }) if refusal_text(lang.get(), &code).is_some() => view! {
            <div role="alert" class="banner-error" data-testid="form-error">
                <p class="font-medium">{refusal_text(lang.get(), &code)}</p>
            </div>
        }
        .into_any(),
        Some(e @ AppError::StaleVersion { .. }) => view! {
            <ErrorBanner error=Some(e) />
            <a href=format!("/support/{id}") rel="external" class="btn-secondary mb-4">
                {tr(K::TkReload)}
            </a>
        }
        .into_any(),
        Some(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
    }
}

/// What the caller may do with the ticket as it is now; drawn anew whenever it changes.
#[component]
pub(super) fn Actions(
    t: TicketView,
    status: ServerAction<SetTicketStatus>,
    triage: ServerAction<TriageTicket>,
    rate: ServerAction<RateTicket>,
) -> impl IntoView {
    let status_now = TicketStatus::parse_db(&t.status);
    let resolved = status_now == Some(TicketStatus::Resolved);
    let mut moves: Vec<(&'static str, K)> = Vec::new();
    if t.as_agent && status_now.is_some_and(TicketStatus::is_open_work) {
        moves.push(("resolve", K::TkResolve));
    }
    if t.as_agent && resolved {
        moves.push(("close", K::TkClose));
    }
    // Nobody writes on a resolved ticket before it is reopened; its reporter and support may,
    // for a few days.
    if t.can_reopen {
        moves.push(("reopen", K::AcReopen));
    }
    let (id, version) = (t.id, t.version);
    let any_move = !moves.is_empty();
    let buttons = moves
        .into_iter()
        .map(|(action, label)| {
            view! {
                <ActionForm action=status>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="action" value=action />
                    <button type="submit" class="btn-secondary" data-testid=format!("ticket-{action}")>
                        {tr(label)}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    let moves_section = any_move.then(|| {
        view! {
            <section class="card" aria-labelledby="moves-h">
                <h2 id="moves-h" class="mb-3 text-lg font-semibold">
                    {tr(K::Status)}
                </h2>
                <TicketError error=action_error(status.value()) fields=&[] id />
                <div class="flex flex-wrap gap-2">{buttons}</div>
            </section>
        }
    });
    let rating = t.rating;
    let may_rate = t.as_reporter && resolved && rating.is_none();
    let agent = t.as_agent;
    view! {
        {moves_section}
        {agent.then(|| view! { <Triage t=t.clone() triage /> })}
        {may_rate.then(|| view! { <Rate id rate /> })}
        {rating
            .map(|n| {
                view! {
                    <p class="card" data-testid="ticket-rating">
                        {tr(K::TkYourRating)}
                        ": "
                        {n}
                        " / 5"
                    </p>
                }
            })}
    }
}

#[component]
fn Triage(t: TicketView, triage: ServerAction<TriageTicket>) -> impl IntoView {
    let value = triage.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let word = |k: K| tr(k)().to_owned();
    let priorities: Vec<(String, String)> =
        TicketPriority::ALL.iter().map(|p| (p.as_str().to_owned(), word(priority_label(p.as_str())))).collect();
    let categories: Vec<(String, String)> = t.categories.iter().map(|c| (c.code.clone(), c.name.clone())).collect();
    let agents: Vec<(String, String)> = t.agents.iter().map(|a| (a.id.to_string(), a.name.clone())).collect();
    let assignee = t.assignee_id.map(|a| a.to_string()).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="triage-h">
            <h2 id="triage-h" class="mb-3 text-lg font-semibold">
                {tr(K::TkTriage)}
            </h2>
            <TicketError error=action_error(value) fields=&["priority", "category", "assignee"] id=t.id />
            <ActionForm action=triage attr:novalidate=true attr:class="flex flex-col gap-3">
                <input type="hidden" name="id" value=t.id />
                <input type="hidden" name="version" value=t.version />
                <Select
                    label=K::TkPriority
                    name="priority"
                    options=priorities
                    selected=t.priority.clone()
                    required=true
                    error=err("priority")
                />
                <Select
                    label=K::TkCategory
                    name="category"
                    options=categories
                    selected=t.category.clone()
                    required=true
                    error=err("category")
                />
                <Select
                    label=K::TkAssignee
                    name="assignee"
                    options=agents
                    selected=assignee
                    empty=K::TkNobody
                    error=err("assignee")
                />
                <button type="submit" class="btn-primary self-start">
                    {tr(K::Save)}
                </button>
            </ActionForm>
        </section>
    }
}

/// The one question a reporter answers about a resolved ticket.
#[component]
fn Rate(id: i64, rate: ServerAction<RateTicket>) -> impl IntoView {
    let lang = use_language();
    let value = rate.value();
    let err = move || field_error(&value.get(), "rating");
    let choices = (1..=5)
        .map(|n| {
            view! {
                <label class="check min-w-14 justify-center border border-stone-300">
                    <input type="radio" name="rating" value=n required=true />
                    <span>{n}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="rate-h">
            <TicketError error=action_error(value) fields=&["rating"] id />
            <ActionForm action=rate attr:class="flex flex-col gap-3">
                <input type="hidden" name="id" value=id />
                <fieldset aria-describedby="rate-hint">
                    <legend id="rate-h" class="text-lg font-semibold">
                        {tr(K::TkRateQuestion)}
                    </legend>
                    <p id="rate-hint" class="field-hint mb-2">
                        {tr(K::TkRateHint)}
                    </p>
                    <div class="flex flex-wrap gap-2">{choices}</div>
                    {move || {
                        err()
                            .map(|c| {
                                view! {
                                    <p class="field-error mt-1" role="alert">
                                        {error_text(lang.get(), &c)}
                                    </p>
                                }
                            })
                    }}
                </fieldset>
                <button type="submit" class="btn-primary self-start">
                    {tr(K::TkSendRating)}
                </button>
            </ActionForm>
        </section>
    }
}

fn clock(label: K, s: &SlaView) -> impl IntoView {
    view! {
        <div class="flex flex-col gap-1 border-b border-stone-100 py-2 last:border-b-0" data-testid="sla-clock">
            <span class="text-sm text-stone-600">{tr(label)}</span>
            <span class="flex flex-wrap items-center gap-2">
                {sla_chip(&s.state)}
                {s
                    .due_at
                    .clone()
                    .map(|d| {
                        view! {
                            <span class="text-sm">{tr(K::TkDueBy)} " " <span class="tabular-nums">{d}</span></span>
                        }
                    })}
            </span>
        </div>
    }
}

#[component]
pub(super) fn Clocks(data: RwSignal<TicketView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="clocks-h">
            <h2 id="clocks-h" class="mb-1 text-lg font-semibold">
                {tr(K::TkClocks)}
            </h2>
            {move || {
                data.with(|t| {
                    view! {
                        {clock(K::TkFirstResponse, &t.first_response)}
                        {clock(K::TkResolution, &t.resolution)}
                    }
                })
            }}
        </section>
    }
}

fn row(label: K, value: AnyView) -> impl IntoView {
    view! {
        <div class="flex flex-col border-b border-stone-100 py-2 last:border-b-0 sm:grid sm:grid-cols-[9rem_1fr] sm:gap-3">
            <dt class="text-sm text-stone-600">{tr(label)}</dt>
            <dd class="min-w-0 break-words font-medium">{value}</dd>
        </div>
    }
}

/// A path of this site that may be a link: one `/`, not `//` (another site) nor a backslash.
fn local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\')
}

#[component]
pub(super) fn Details(data: RwSignal<TicketView>) -> impl IntoView {
    move || {
        data.with(|t| {
            let assignee = t.assignee_name.clone().unwrap_or_else(|| tr(K::Unassigned)().to_owned());
            let page = t.page.clone().map(|p| {
                if local_path(&p) {
                    let href = p.clone();
                    view! {
                        <a href=href class="break-all font-mono text-sm underline underline-offset-2">
                            {p}
                        </a>
                    }
                    .into_any()
                } else {
                    view! { <span class="break-all font-mono text-sm">{p}</span> }.into_any()
                }
            });
            // A call's ticket names the caller (with their phone to call back) and the registered
            // person the agent linked; an in-app ticket, its reporter.
            let from = match t.caller.clone() {
                Some(c) => {
                    let phone = c.phone.map(|p| {
                        let href = format!("tel:{p}");
                        view! {
                            " · "
                            <a href=href class="font-mono underline underline-offset-2">
                                {p}
                            </a>
                        }
                    });
                    view! {
                        {c.name}
                        {phone}
                    }
                    .into_any()
                }
                None => t.reporter_name.clone().into_any(),
            };
            let from_label = if t.caller.is_some() { K::CcCaller } else { K::TkReporter };
            let person = t.caller.as_ref().and_then(|c| c.person.clone()).map(|m| {
                view! {
                    {m.name.clone()}
                    {super::super::born_in(&m)}
                }
                .into_any()
            });
            let case = t.case.clone().map(|c| {
                let status = tr(labels::status_label(&c.status));
                if c.readable {
                    view! {
                        <a href=format!("/cases/{}", c.id) class="font-mono underline underline-offset-2">
                            {c.number}
                        </a>
                        " · "
                        {status}
                    }
                    .into_any()
                } else {
                    view! {
                        <span class="font-mono">{c.number}</span>
                        " · "
                        {status}
                    }
                    .into_any()
                }
            });
            // A person the reporter attached: named, and linked, only for whoever may read them.
            let attached = t.person.clone().map(|p| match (p.readable, p.name) {
                (true, Some(name)) => view! {
                    <a href=format!("/persons/{}", p.id) class="underline underline-offset-2">
                        {name}
                    </a>
                }
                .into_any(),
                _ => view! { <span>{tr(K::TkPersonAttached)}</span> }.into_any(),
            });
            view! {
                <section class="card" aria-labelledby="details-h">
                    <h2 id="details-h" class="mb-1 text-lg font-semibold">
                        {tr(K::TkContext)}
                    </h2>
                    <dl data-testid="ticket-details">
                        {row(from_label, from)} {person.map(|p| row(K::CcPerson, p))}
                        {row(K::TkAssignee, assignee.into_any())} {row(K::Opened, t.created_at.clone().into_any())}
                        {t.resolved_at.clone().map(|r| row(K::TsResolved, r.into_any()))}
                        {row(K::Channel, tr(channel_label(&t.channel)).into_any())} {page.map(|p| row(K::TkPage, p))}
                        {t.app_version.clone().map(|v| row(K::TkAppVersion, v.into_any()))}
                        {case.map(|c| row(K::TkCase, c))} {attached.map(|p| row(K::TkPerson, p))}
                    </dl>
                </section>
            }
        })
    }
}
