//! A supervisor's team view: cases per case manager, unassigned cases,
//! transfers waiting, and every case of the territory with filters.

use super::mine::{next_base, CaseFilters, CaseGrid};
use crate::api::cases::{list_cases, team_caseload, TeamView};
use crate::api::MeView;
use crate::i18n::K;
use crate::ui::components::form::ErrorBanner;
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::pages::persons::detail::CaseCard;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TeamPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavTeam) />
        <Protected children=|_me: MeView| view! { <Team /> } />
    }
}

#[component]
fn Team() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| query.with(|q| q.get(k)).filter(|s| !s.is_empty());
    let team = Resource::new(|| (), |_| team_caseload());
    let list = Resource::new(
        move || {
            let narrowed = (param("territory"), param("manager"));
            (
                param("status"),
                param("risk"),
                param("unassigned").is_some(),
                param("closed").is_some(),
                narrowed,
                param("after"),
            )
        },
        |(s, r, u, c, (t, m), a)| {
            let id = |v: Option<String>| v.and_then(|v| v.parse().ok());
            list_cases(s, r, Some(u), Some(c), id(t), id(m), id(a))
        },
    );
    let keep = move || {
        [("territory", param("territory")), ("manager", param("manager"))]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect::<Vec<_>>()
    };
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NavTeam)}</h1>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                team.get()
                    .map(|r| match r {
                        Ok(t) => view! { <Overview t /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
        <h2 id="cases" class="mb-3 mt-8 text-lg font-semibold">
            {tr(K::AllCases)}
        </h2>
        {move || {
            (!keep().is_empty())
                .then(|| {
                    view! {
                        <p class="mb-3 text-sm text-stone-700" data-testid="team-narrowed">
                            {tr(K::TeamNarrowed)}
                            " "
                            <a href="/team#cases" class="link">
                                {tr(K::TeamShowAll)}
                            </a>
                        </p>
                    }
                })
        }}
        {move || {
            view! {
                <CaseFilters
                    status=param("status")
                    risk=param("risk")
                    closed=param("closed").is_some()
                    unassigned=param("unassigned").is_some()
                    keep=keep()
                />
            }
        }}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                list.get()
                    .map(|r| match r {
                        Ok(p) => view! { <CaseGrid page=p base=next_base(&query.get()) /> }.into_any(),
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Overview(t: TeamView) -> impl IntoView {
    let rows = t
        .workload
        .into_iter()
        .map(|w| {
            let late = w.overdue > 0;
            view! {
                <tr class="border-t border-stone-100">
                    <td class="py-2 pr-3">{w.manager_name}</td>
                    <td class="py-2 pr-3 text-right tabular-nums">{w.open_cases}</td>
                    <td class="py-2 pr-3 text-right tabular-nums">{w.high_risk}</td>
                    <td class="py-2 text-right tabular-nums" class:text-red-800=late>
                        {w.overdue}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let cards = |v: Vec<crate::api::cases::CaseCardView>| {
        if v.is_empty() {
            view! { <p class="text-stone-600">{tr(K::NoCases)}</p> }.into_any()
        } else {
            v.into_iter().map(|c| view! { <CaseCard c /> }).collect_view().into_any()
        }
    };
    view! {
        <div class="grid gap-6 lg:grid-cols-3">
            <section class="card lg:col-span-1" aria-labelledby="wl-h">
                <h2 id="wl-h" class="mb-2 text-lg font-semibold">
                    {tr(K::TeamWorkload)}
                </h2>
                <div class="overflow-x-auto">
                    <table class="w-full text-left" data-testid="workload">
                        <thead>
                            <tr>
                                <th class="pr-3 text-sm font-medium text-stone-600">{tr(K::CaseManager)}</th>
                                <th class="pr-3 text-right text-sm font-medium text-stone-600">{tr(K::OpenCases)}</th>
                                <th class="pr-3 text-right text-sm font-medium text-stone-600">{tr(K::HighRisk)}</th>
                                <th class="text-right text-sm font-medium text-stone-600">{tr(K::Overdue)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
            <section class="card" aria-labelledby="un-h">
                <h2 id="un-h" class="mb-2 text-lg font-semibold">
                    {tr(K::UnassignedCases)}
                </h2>
                <div class="flex flex-col gap-2">{cards(t.unassigned)}</div>
            </section>
            <section class="card" aria-labelledby="tr-h">
                <h2 id="tr-h" class="mb-2 text-lg font-semibold">
                    {tr(K::TransfersWaiting)}
                </h2>
                <div class="flex flex-col gap-2">{cards(t.transfers)}</div>
            </section>
        </div>
    }
}
