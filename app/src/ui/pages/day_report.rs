//! The daily work report (`/reports/day`): one user's day, its totals and each record worked on
//! with what was done, a day (and, for a supervisor, a case manager) chosen by a GET form.
//! Printable with a line to sign: the filters and menus stay off paper.

use crate::api::day_report::{day_report, DayEntryView, DayReportView};
use crate::api::MeView;
use crate::domain::{AppError, FieldErrors};
use crate::i18n::K;
use crate::ui::components::form::{option_list, ErrorText, Field};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::pages::registers::PrintButton;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DayReportPage() -> impl IntoView {
    view! {
        <Title text=tr(K::DrTitle) />
        <Protected children=|_me: MeView| view! { <Report /> } />
    }
}

#[component]
fn Report() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let data = Resource::new(move || (param("day"), param("worker")), |(d, w)| day_report(d, w));
    view! {
        <h1 class="mb-2 text-2xl font-bold">{tr(K::DrTitle)}</h1>
        <p class="mb-4 max-w-prose text-stone-700 print:hidden">{tr(K::DrIntro)}</p>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(v) => {
                            view! {
                                <Filters v=Some(v.clone()) day=param("day") errors=FieldErrors::new() />
                                <Day v />
                            }
                                .into_any()
                        }
                        Err(AppError::Invalid(errors)) => {
                            view! { <Filters v=None day=param("day") errors /> }.into_any()
                        }
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Filters(v: Option<DayReportView>, day: Option<String>, errors: FieldErrors) -> impl IntoView {
    let err = move |f: &str| Signal::stored(errors.for_field(f).map(str::to_owned));
    let day = v.as_ref().map(|v| v.day.clone()).or(day).unwrap_or_default();
    let worker = v.as_ref().map(|v| v.worker_id.to_string()).unwrap_or_default();
    let workers: Vec<(String, String)> =
        v.as_ref().map(|v| v.workers.iter().map(|o| (o.id.to_string(), o.name.clone())).collect()).unwrap_or_default();
    let worker_error = err("worker");
    let choose = (!workers.is_empty()).then(|| {
        view! {
            <div class="field">
                <label for="f-worker" class="field-label">
                    {tr(K::CaseManager)}
                </label>
                <select id="f-worker" name="worker" class="input">
                    {option_list(workers, &worker)}
                </select>
                <ErrorText error=worker_error />
            </div>
        }
    });
    view! {
        <Form
            method="GET"
            action="/reports/day"
            attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end print:hidden"
            attr:data-testid="day-filters"
        >
            <Field label=K::DrDay name="day" kind="date" value=day error=err("day") />
            {choose}
            <div class="flex flex-wrap gap-2">
                <button type="submit" class="btn-primary">
                    {tr(K::SfShow)}
                </button>
                <PrintButton />
            </div>
        </Form>
    }
}

#[component]
fn Day(v: DayReportView) -> impl IntoView {
    let t = v.totals.clone();
    let totals = [
        (K::DrTotRecords, t.records),
        (K::DrTotPersons, t.persons_registered),
        (K::DrTotCases, t.cases_opened),
        (K::DrTotSteps, t.steps_taken),
        (K::DrTotForms, t.forms_submitted),
        (K::DrTotDecided, t.forms_decided),
    ]
    .into_iter()
    .map(|(k, n)| {
        view! {
            <div class="card flex flex-col">
                <dt class="text-sm text-stone-600">{tr(k)}</dt>
                <dd class="text-2xl font-semibold tabular-nums">{n}</dd>
            </div>
        }
    })
    .collect_view();
    let body = if v.entries.is_empty() {
        view! { <p class="card text-stone-600">{tr(K::DrNone)}</p> }.into_any()
    } else {
        let rows = v.entries.iter().cloned().map(|e| view! { <Row e /> }).collect_view();
        let cards = v.entries.into_iter().map(|e| view! { <Card e /> }).collect_view();
        view! {
            <div class="hidden overflow-x-auto md:block print:block">
                <table class="w-full text-sm" data-testid="day-table">
                    <thead>
                        <tr class="text-stone-600">
                            <th scope="col" class="py-2 pr-3 text-left font-medium">
                                {tr(K::DrTime)}
                            </th>
                            <th scope="col" class="py-2 pr-3 text-left font-medium">
                                {tr(K::DrSubject)}
                            </th>
                            <th scope="col" class="py-2 pr-3 text-left font-medium">
                                {tr(K::RgPerson)}
                            </th>
                            <th scope="col" class="py-2 pr-3 text-left font-medium">
                                {tr(K::DrForm)}
                            </th>
                            <th scope="col" class="py-2 text-left font-medium">
                                {tr(K::DrDone)}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ul class="flex flex-col gap-2 md:hidden print:hidden" data-testid="day-cards">
                {cards}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="mb-3 font-semibold" data-testid="day-scope">
            {format!("{} · {}", v.worker_name, v.day)}
        </p>
        <dl class="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="day-totals">
            {totals}
        </dl>
        {v.truncated.then(|| view! { <p class="mb-3 text-amber-800">{tr(K::DrTruncated)}</p> })}
        {body}
        <p class="mt-10 hidden print:block">{tr(K::DrSignature)} ": ______________________________"</p>
    }
}

/// The subject of an entry: a link to the case, the person or the form.
fn subject(e: &DayEntryView, class: &'static str) -> AnyView {
    match e.href.clone() {
        Some(href) => view! {
            <a href=href class=class>
                {e.subject.clone()}
            </a>
        }
        .into_any(),
        None => e.subject.clone().into_any(),
    }
}

#[component]
fn Row(e: DayEntryView) -> impl IntoView {
    view! {
        <tr class="border-t border-stone-100 align-top" data-testid="day-row">
            <td class="py-2 pr-3 tabular-nums">{e.time.clone()}</td>
            <td class="py-2 pr-3">{subject(&e, "link")}</td>
            <td class="py-2 pr-3">{e.person.clone()}</td>
            <td class="py-2 pr-3">{e.form.clone()}</td>
            <td class="py-2">{e.done.join("; ")}</td>
        </tr>
    }
}

#[component]
fn Card(e: DayEntryView) -> impl IntoView {
    view! {
        <li class="card flex flex-col gap-1" data-testid="day-card">
            <span class="text-sm tabular-nums text-stone-600">{e.time.clone()}</span>
            {subject(&e, "link inline-flex min-h-11 items-center font-semibold")}
            <span>
                {[e.person.clone(), e.form.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ")}
            </span>
            <span class="text-sm">{e.done.join("; ")}</span>
        </li>
    }
}
