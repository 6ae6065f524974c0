//! The register of referrals: every case of a territory by the day its referral was received,
//! filtered by period and territory (a GET form: the view lives in its address), a page at a
//! time, printable (the filters and menus stay off paper) and downloadable as CSV.

use crate::api::registers::{referral_register, ReferralEntryView, ReferralRegisterView};
use crate::api::MeView;
use crate::domain::{AppError, FieldErrors};
use crate::i18n::K;
use crate::ui::components::form::{ErrorBanner, Field};
use crate::ui::components::layout::Protected;
use crate::ui::pages::dashboard::{CsvLink, TerritoryFilter};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReferralRegisterPage() -> impl IntoView {
    view! {
        <Title text=tr(K::RgReferrals) />
        <Protected children=|_me: MeView| view! { <Register /> } />
    }
}

#[component]
fn Register() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let data = Resource::new(
        move || (param("from"), param("to"), param("territory"), param("after")),
        |(f, t, te, a)| referral_register(f, t, te, a),
    );
    view! {
        <h1 class="mb-2 text-2xl font-bold">{tr(K::RgReferrals)}</h1>
        <p class="mb-4 max-w-prose text-stone-700 print:hidden">{tr(K::RgIntro)}</p>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(v) => {
                            view! {
                                <Filters
                                    v=Some(v.clone())
                                    from=param("from")
                                    to=param("to")
                                    errors=FieldErrors::new()
                                />
                                <Lines v />
                            }
                                .into_any()
                        }
                        Err(AppError::Invalid(errors)) => {
                            view! { <Filters v=None from=param("from") to=param("to") errors /> }.into_any()
                        }
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Filters(
    v: Option<ReferralRegisterView>,
    from: Option<String>,
    to: Option<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let err = move |f: &str| Signal::stored(errors.for_field(f).map(str::to_owned));
    let from = v.as_ref().map(|v| v.from.clone()).or(from).unwrap_or_default();
    let to = v.as_ref().map(|v| v.to.clone()).or(to).unwrap_or_default();
    let territory = v.as_ref().map(|v| v.territory_id.to_string()).unwrap_or_default();
    let territories = v.as_ref().map(|v| v.territories.clone()).unwrap_or_default();
    let csv = v
        .as_ref()
        .map(|v| format!("/registers/referrals.csv?from={}&to={}&territory={}", v.from, v.to, v.territory_id));
    let territory_error = err("territory");
    view! {
        <Form
            method="GET"
            action="/registers/referrals"
            attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end print:hidden"
            attr:data-testid="register-filters"
        >
            <Field label=K::From name="from" kind="date" value=from error=err("from") />
            <Field label=K::To name="to" kind="date" value=to error=err("to") />
            <TerritoryFilter options=territories selected=territory error=territory_error />
            <div class="flex flex-wrap gap-2">
                <button type="submit" class="btn-primary">
                    {tr(K::SfShow)}
                </button>
                {csv.map(|href| view! { <CsvLink href testid="register-csv" /> })}
                <PrintButton />
            </div>
        </Form>
    }
}

/// Prints the page (with the browser's own print once the page's script runs; before that the
/// browser's menu prints it the same way).
#[component]
fn PrintButton() -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <button type="button" class="btn-secondary" on:click=print>
            {tr(K::RgPrint)}
        </button>
    }
}

#[component]
fn Lines(v: ReferralRegisterView) -> impl IntoView {
    let next = v.next.clone().map(|after| {
        format!("/registers/referrals?from={}&to={}&territory={}&after={after}", v.from, v.to, v.territory_id)
    });
    let head = format!("{} · {} – {}", v.territory_name, v.from, v.to);
    if v.rows.is_empty() {
        return view! {
            <p class="mb-3 font-semibold">{head}</p>
            <p class="card text-stone-600">{tr(K::RgNone)}</p>
        }
        .into_any();
    }
    let rows = v.rows.iter().cloned().map(|e| view! { <Row e /> }).collect_view();
    let cards = v.rows.into_iter().map(|e| view! { <Card e /> }).collect_view();
    let heads = crate::api::registers::COLUMNS
        .iter()
        .map(|k| {
            view! {
                <th scope="col" class="py-2 pr-3 text-left font-medium">
                    {tr(*k)}
                </th>
            }
        })
        .collect_view();
    view! {
        <p class="mb-3 font-semibold" data-testid="register-scope">
            {head}
        </p>
        <div class="hidden overflow-x-auto md:block print:block">
            <table class="w-full text-sm" data-testid="register-table">
                <thead>
                    <tr class="text-stone-600">{heads}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="flex flex-col gap-2 md:hidden print:hidden" data-testid="register-cards">
            {cards}
        </ul>
        {next
            .map(|href| {
                view! {
                    <a href=href class="btn-secondary mt-4 print:hidden" data-testid="register-next">
                        {tr(K::NextPage)}
                    </a>
                }
            })}
    }
    .into_any()
}

#[component]
fn Row(e: ReferralEntryView) -> impl IntoView {
    view! {
        <tr class="border-t border-stone-100 align-top" data-testid="register-row">
            <td class="py-2 pr-3 tabular-nums">{e.received_on}</td>
            <td class="py-2 pr-3">
                <a href=format!("/cases/{}", e.case_id) class="link">
                    {e.number}
                </a>
            </td>
            <td class="py-2 pr-3">
                <a href=format!("/persons/{}", e.person_id) class="link">
                    {e.person_name}
                </a>
            </td>
            <td class="py-2 pr-3 tabular-nums">{e.idnp}</td>
            <td class="py-2 pr-3 tabular-nums">{e.birth_date}</td>
            <td class="py-2 pr-3">{e.channel}</td>
            <td class="py-2 pr-3">{e.reporter}</td>
            <td class="py-2 pr-3">{e.territory}</td>
            <td class="py-2 pr-3">{e.risk}</td>
            <td class="py-2 pr-3">{e.status}</td>
            <td class="py-2">{e.manager}</td>
        </tr>
    }
}

#[component]
fn Card(e: ReferralEntryView) -> impl IntoView {
    view! {
        <li class="card flex flex-col gap-1" data-testid="register-card">
            <a href=format!("/cases/{}", e.case_id) class="link inline-flex min-h-11 items-center font-semibold">
                {e.number}
            </a>
            <span>{e.person_name} " · " {e.birth_date}</span>
            <span class="text-sm text-stone-600">{e.received_on} " · " {e.channel} " · " {e.reporter}</span>
            <span class="text-sm">{e.status} " · " {e.risk} " · " {e.manager}</span>
        </li>
    }
}
