//! "Today": what waits for the user. A case manager sees their cases overdue, due today and due
//! this week; everyone sees their live alerts (a supervisor's escalations among them) and can
//! acknowledge them; a supervisor also sees the overdue work of each case manager.

use super::kind_label;
use crate::api::alerts::{get_today, AcknowledgeAlert, AlertView, DueCaseView, TodayView};
use crate::api::MeView;
use crate::i18n::K;
use crate::ui::components::form::{action_error, ErrorBanner, Notice};
use crate::ui::components::labels::{risk_chip, step_label};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TodayPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavToday) />
        <Protected children=|_me: MeView| view! { <Today /> } />
    }
}

#[component]
fn Today() -> impl IntoView {
    let query = use_query_map();
    let view = Resource::new(|| (), |_| get_today());
    let ack = ServerAction::<AcknowledgeAlert>::new();
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-2">
            <h1 class="text-2xl font-bold">{tr(K::NavToday)}</h1>
            <a href="/reports/day" class="btn-secondary" data-testid="day-report-link">
                {tr(K::DrOpen)}
            </a>
        </div>
        {move || query.with(|q| q.get("acknowledged").is_some()).then(|| view! { <Notice text=K::Acknowledged /> })}
        <ErrorBanner error=action_error(ack.value()) />
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                view.get()
                    .map(|r| match r {
                        Ok(t) => view! { <Board t ack /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Board(t: TodayView, ack: ServerAction<AcknowledgeAlert>) -> impl IntoView {
    let group = |title: K, id: &'static str, cases: Vec<DueCaseView>, late: bool| {
        let n = cases.len();
        let red = late && n > 0;
        view! {
            <section class="card" aria-labelledby=id data-testid=id>
                <h2 id=id class="mb-2 text-lg font-semibold" class:text-red-800=red>
                    {tr(title)}
                    " ("
                    {n}
                    ")"
                </h2>
                {(n == 0).then(|| view! { <p class="text-stone-600">{tr(K::NothingHere)}</p> })}
                <ul class="flex flex-col gap-1">{cases.into_iter().map(|c| view! { <DueCase c /> }).collect_view()}</ul>
            </section>
        }
    };
    let cases = (!t.overdue.is_empty() || !t.due_today.is_empty() || !t.this_week.is_empty()) || t.team.is_none();
    let alerts = t.alerts;
    let no_alerts = alerts.is_empty();
    view! {
        <p class="mb-4 text-stone-700">{tr(K::TodayIs)} " " {t.today.clone()}</p>
        {cases
            .then(|| {
                view! {
                    <div class="mb-6 grid gap-4 lg:grid-cols-3">
                        {group(K::Overdue, "overdue-h", t.overdue, true)}
                        {group(K::DueToday, "today-h", t.due_today, false)}
                        {group(K::DueThisWeek, "week-h", t.this_week, false)}
                    </div>
                }
            })}
        {t.more.then(|| view! { <p class="mb-4 text-sm text-stone-600">{tr(K::MoreCasesThanShown)}</p> })}
        <div class="grid gap-6 lg:grid-cols-[3fr_2fr]">
            <section aria-labelledby="alerts-h">
                <h2 id="alerts-h" class="mb-2 text-lg font-semibold">
                    {tr(K::YourAlerts)}
                </h2>
                {no_alerts.then(|| view! { <p class="text-stone-600">{tr(K::NoAlerts)}</p> })}
                <ul class="flex flex-col gap-2" data-testid="alerts">
                    {alerts.into_iter().map(|a| view! { <Alert a ack /> }).collect_view()}
                </ul>
            </section>
            {t
                .team
                .map(|team| {
                    let empty = team.is_empty();
                    let rows = team
                        .into_iter()
                        .map(|w| {
                            view! {
                                <tr class="border-t border-stone-100">
                                    <td class="py-2 pr-3">{w.name}</td>
                                    <td class="py-2 pr-3 text-right tabular-nums">{w.overdue}</td>
                                    <td class="py-2 text-right tabular-nums">{w.escalated}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="card self-start" aria-labelledby="team-h">
                            <h2 id="team-h" class="mb-2 text-lg font-semibold">
                                {tr(K::OverdueByWorker)}
                            </h2>
                            {empty.then(|| view! { <p class="text-stone-600">{tr(K::NothingOverdue)}</p> })}
                            <table class="w-full text-left" class:hidden=empty data-testid="overdue-by-worker">
                                <thead>
                                    <tr>
                                        <th class="pr-3 text-sm font-medium text-stone-600">{tr(K::CaseManager)}</th>
                                        <th class="pr-3 text-right text-sm font-medium text-stone-600">
                                            {tr(K::Overdue)}
                                        </th>
                                        <th class="text-right text-sm font-medium text-stone-600">
                                            {tr(K::LvEscalated)}
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </section>
                    }
                })}
        </div>
    }
}

#[component]
fn DueCase(c: DueCaseView) -> impl IntoView {
    let step = c.step.as_deref().and_then(step_label);
    view! {
        <li>
            <a
                href=format!("/cases/{}", c.id)
                class="flex min-h-11 flex-col justify-center rounded px-2 py-1 hover:bg-orange-50"
            >
                <span class="flex flex-wrap items-center gap-2">
                    <span class="font-medium">{c.person_name.clone()}</span>
                    {risk_chip(&c.risk)}
                </span>
                <span class="text-sm text-stone-600">
                    {c.number.clone()}
                    {step
                        .map(|k| {
                            view! {
                                " · "
                                {tr(k)}
                            }
                        })} " · " {tr(K::Due)} " " {c.due_on.clone()}
                </span>
            </a>
        </li>
    }
}

#[component]
fn Alert(a: AlertView, ack: ServerAction<AcknowledgeAlert>) -> impl IntoView {
    let step = step_label(&a.step);
    let open = a.state == "open";
    let escalated = a.kind == "escalation";
    let level = kind_label(&a.level);
    let urgent = matches!(a.level.as_str(), "overdue" | "escalated");
    view! {
        <li class="card flex flex-wrap items-center justify-between gap-3" data-testid="alert">
            <a href=format!("/cases/{}", a.case_id) class="flex min-h-11 flex-1 flex-col justify-center">
                <span class="flex flex-wrap items-center gap-2">
                    <span class="chip" class:bg-red-100=urgent class:text-red-900=urgent>
                        {tr(level)}
                    </span>
                    <span class="font-medium">{a.person_name.clone()}</span>
                </span>
                <span class="text-sm text-stone-600">
                    {a.case_number.clone()}
                    {step
                        .map(|k| {
                            view! {
                                " · "
                                {tr(k)}
                            }
                        })} " · " {tr(K::Due)} " " {a.due_on.clone()}
                    {escalated
                        .then(|| {
                            a.manager_name
                                .clone()
                                .map(|m| {
                                    view! {
                                        " · "
                                        {m}
                                    }
                                })
                        })}
                </span>
            </a>
            {if open {
                view! {
                    <ActionForm action=ack>
                        <input type="hidden" name="id" value=a.id />
                        <input type="hidden" name="version" value=a.version />
                        <button type="submit" class="btn-secondary">
                            {tr(K::Acknowledge)}
                        </button>
                    </ActionForm>
                }
                    .into_any()
            } else {
                view! { <span class="text-sm text-stone-600">{tr(K::Acknowledged)}</span> }.into_any()
            }}
        </li>
    }
}
