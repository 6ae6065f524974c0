//! The audit log: who did what, when, from where, with what outcome.

use crate::api::audit::{list_audit, AuditPageView};
use crate::api::MeView;
use crate::domain::url::query_value;
use crate::domain::AppError;
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::ErrorBanner;
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavAudit) />
        <Protected children=|_me: MeView| view! { <Audit /> } />
    }
}

const FILTERS: [&str; 5] = ["actor", "action", "outcome", "from", "to"];

#[component]
fn Audit() -> impl IntoView {
    let lang = use_language();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k)).filter(|s| !s.is_empty());
    let before = move || get("before").and_then(|s| s.parse::<i64>().ok());
    let page = Resource::new(
        move || (FILTERS.map(get), before()),
        |([actor, action, outcome, from, to], before)| list_audit(actor, action, outcome, from, to, before),
    );
    let outcomes =
        [("", K::Any), ("done", K::OutcomeDone), ("refused", K::OutcomeRefused), ("failed", K::OutcomeFailed)];
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NavAudit)}</h1>
        <Form method="GET" action="" attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-end">
            <div class="field">
                <label for="f-actor" class="field-label">
                    {tr(K::User)}
                </label>
                <input id="f-actor" name="actor" class="input" value=move || get("actor") />
            </div>
            <div class="field">
                <label for="f-action" class="field-label">
                    {tr(K::Action)}
                </label>
                <input id="f-action" name="action" class="input" value=move || get("action") placeholder="auth." />
            </div>
            <div class="field">
                <label for="f-outcome" class="field-label">
                    {tr(K::Outcome)}
                </label>
                <select id="f-outcome" name="outcome" class="input">
                    {outcomes
                        .into_iter()
                        .map(|(v, k)| {
                            view! {
                                <option value=v selected=move || get("outcome").as_deref().unwrap_or("") == v>
                                    {tr(k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-from" class="field-label">
                    {tr(K::From)}
                </label>
                <input id="f-from" name="from" type="date" class="input" value=move || get("from") />
            </div>
            <div class="field">
                <label for="f-to" class="field-label">
                    {tr(K::To)}
                </label>
                <input id="f-to" name="to" type="date" class="input" value=move || get("to") />
            </div>
            <button type="submit" class="btn-primary">
                {tr(K::Filter)}
            </button>
        </Form>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                page.get()
                    .map(|r| match r {
                        Ok(p) => view! { <AuditTable page=p filters=FILTERS.map(|k| (k, get(k))) /> }.into_any(),
                        Err(AppError::Invalid(e)) => {
                            let msgs = e
                                .0
                                .into_iter()
                                .map(|fe| {
                                    let label = if fe.field == "to" { K::To } else { K::From };
                                    // Bad filter dates: say which, in words (the resource is read only
                                    // inside this Suspense).
                                    view! { <p>{tr(label)}": "{error_text(lang.get(), &fe.code)}</p> }
                                })
                                .collect_view();
                            view! {
                                <div role="alert" class="banner-error">
                                    {msgs}
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn AuditTable(page: AuditPageView, filters: [(&'static str, Option<String>); 5]) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="card text-stone-600">{tr(K::NoResults)}</p> }.into_any();
    }
    let next = page.next_before.map(|b| {
        let mut q: Vec<String> =
            filters.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", query_value(v)))).collect();
        q.push(format!("before={b}"));
        format!("/audit?{}", q.join("&"))
    });
    let rows = page
        .items
        .into_iter()
        .map(|e| {
            let outcome_class = match e.outcome.as_str() {
                "done" => "chip",
                "refused" => "chip chip-warn",
                _ => "chip chip-bad",
            };
            view! {
                <tr class="border-b border-stone-100 align-top">
                    <td class="whitespace-nowrap py-2 pr-3 tabular-nums">
                        <time datetime=e.occurred_at.clone()>{e.occurred_local.clone()}</time>
                    </td>
                    <td class="py-2 pr-3">{e.actor.clone().unwrap_or_else(|| "—".into())}</td>
                    <td class="py-2 pr-3 font-mono text-xs">{e.action.clone()}</td>
                    <td class="py-2 pr-3">
                        <span class=outcome_class>{e.outcome.clone()}</span>
                    </td>
                    <td class="py-2 pr-3 text-xs">{e.object.clone()}</td>
                    <td class="py-2 pr-3 text-xs">{e.client_addr.clone()}</td>
                    <td class="max-w-xs break-words py-2 font-mono text-xs text-stone-600">{e.details.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div
            class="overflow-x-auto rounded-lg border border-stone-200 bg-white"
            tabindex="0"
            role="region"
            aria-label=tr(K::NavAudit)
        >
            <table class="min-w-full text-left text-sm" data-testid="audit-table">
                <thead class="bg-stone-100 text-xs uppercase text-stone-600">
                    <tr>
                        <th scope="col" class="py-2 pl-0 pr-3">
                            {tr(K::When)}
                        </th>
                        <th scope="col" class="py-2 pr-3">
                            {tr(K::User)}
                        </th>
                        <th scope="col" class="py-2 pr-3">
                            {tr(K::Action)}
                        </th>
                        <th scope="col" class="py-2 pr-3">
                            {tr(K::Outcome)}
                        </th>
                        <th scope="col" class="py-2 pr-3">
                            {tr(K::Object)}
                        </th>
                        <th scope="col" class="py-2 pr-3">
                            {tr(K::Address)}
                        </th>
                        <th scope="col" class="py-2">
                            {tr(K::Details)}
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
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
