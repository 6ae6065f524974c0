//! "My cases": the caller's cases as cards, with filters, newest first.

use crate::api::cases::{my_cases, CaseListView};
use crate::api::MeView;
use crate::domain::case::{CaseStatus, RiskLevel};
use crate::domain::url::query_value;
use crate::i18n::K;
use crate::ui::components::labels::{risk_label, status_label};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::pages::persons::detail::CaseCard;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MyCasesPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavCases) />
        <Protected children=|_me: MeView| view! { <MyCases /> } />
    }
}

/// The status and risk filters, as a GET form that works without JavaScript.
#[component]
pub fn CaseFilters(
    status: Option<String>,
    risk: Option<String>,
    closed: bool,
    #[prop(optional)] unassigned: Option<bool>,
    /// Filters kept as they are (hidden fields): the territory and case manager a dashboard number
    /// led here with.
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let kept = keep.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v /> }).collect_view();
    let statuses = CaseStatus::ALL
        .iter()
        .map(|s| {
            let sel = status.as_deref() == Some(s.as_str());
            view! {
                <option value=s.as_str() selected=sel>
                    {tr(status_label(s.as_str()))}
                </option>
            }
        })
        .collect_view();
    let risks = RiskLevel::ALL
        .iter()
        .map(|r| {
            let sel = risk.as_deref() == Some(r.as_str());
            view! {
                <option value=r.as_str() selected=sel>
                    {tr(risk_label(r.as_str()))}
                </option>
            }
        })
        .collect_view();
    view! {
        <Form
            method="GET"
            action=""
            attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end"
        >
            <div class="field">
                <label for="f-status" class="field-label">
                    {tr(K::Status)}
                </label>
                <select id="f-status" name="status" class="input">
                    <option value="">{tr(K::Any)}</option>
                    {statuses}
                </select>
            </div>
            <div class="field">
                <label for="f-risk" class="field-label">
                    {tr(K::RiskLevel)}
                </label>
                <select id="f-risk" name="risk" class="input">
                    <option value="">{tr(K::Any)}</option>
                    {risks}
                </select>
            </div>
            <label for="f-closed" class="check">
                <input id="f-closed" type="checkbox" name="closed" value="true" checked=closed />
                <span>{tr(K::ShowClosed)}</span>
            </label>
            {unassigned
                .map(|u| {
                    view! {
                        <label for="f-unassigned" class="check">
                            <input id="f-unassigned" type="checkbox" name="unassigned" value="true" checked=u />
                            <span>{tr(K::Unassigned)}</span>
                        </label>
                    }
                })}
            {kept}
            <button type="submit" class="btn-secondary">
                {tr(K::Filter)}
            </button>
        </Form>
    }
}

#[component]
fn MyCases() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| query.with(|q| q.get(k)).filter(|s| !s.is_empty());
    let page = Resource::new(
        move || (param("status"), param("risk"), param("closed").is_some(), param("after")),
        |(s, r, c, a)| my_cases(s, r, Some(c), a.and_then(|a| a.parse().ok())),
    );
    // The caseload (unfiltered) opens again without a signal.
    Effect::new(move |_| {
        if query.with(|q| q.get("status").is_none() && q.get("risk").is_none() && q.get("after").is_none()) {
            crate::ui::components::offline::keep_page("/cases");
        }
    });
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NavCases)}</h1>
        {move || view! { <CaseFilters status=param("status") risk=param("risk") closed=param("closed").is_some() /> }}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(p) => view! { <CaseGrid page=p base=next_base(&query.get()) /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The current query without its `after` cursor, to build the next page's link.
pub fn next_base(q: &leptos_router::params::ParamsMap) -> String {
    let mut s = String::from("?");
    for k in ["status", "risk", "closed", "unassigned", "territory", "manager"] {
        if let Some(v) = q.get(k).filter(|v| !v.is_empty()) {
            s.push_str(&format!("{k}={}&", query_value(&v)));
        }
    }
    s
}

/// Cards in a responsive grid, with the next page's link.
#[component]
pub fn CaseGrid(page: CaseListView, base: String) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="card text-stone-600">{tr(K::NoCases)}</p> }.into_any();
    }
    let next = page.next_after.map(|a| format!("{base}after={a}"));
    let cards = page.items.into_iter().map(|c| view! { <CaseCard c /> }).collect_view();
    view! {
        <div class="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="case-list">
            {cards}
        </div>
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
