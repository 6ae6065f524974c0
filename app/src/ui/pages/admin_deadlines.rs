//! Deadlines and the calendar, for administrators: the days each workflow step gets at each risk
//! level (working or calendar days), when alerts are raised and escalated, and the public
//! holidays of each year (the fixed-date ones come back every year; Easter and Memorial Day are
//! entered per year).

use crate::api::alerts::{
    get_deadline_rules, list_holidays, AddHoliday, HolidayView, HolidaysView, RemoveHoliday, RulesView,
    SaveDeadlineRules,
};
use crate::api::MeView;
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Field, Notice};
use crate::ui::components::labels::{risk_label, step_label};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DeadlinesPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavDeadlines) />
        <Protected children=|_me: MeView| view! { <Deadlines /> } />
    }
}

#[component]
fn Deadlines() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year")).and_then(|y| y.parse::<i32>().ok());
    let rules = Resource::new(|| (), |_| get_deadline_rules());
    let holidays = Resource::new(year, list_holidays);
    let save = ServerAction::<SaveDeadlineRules>::new();
    let add = ServerAction::<AddHoliday>::new();
    let remove = ServerAction::<RemoveHoliday>::new();
    let flag = move |k: &'static str| query.with(|q| q.get(k).is_some());
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NavDeadlines)}</h1>
        {move || flag("saved").then(|| view! { <Notice text=K::Saved /> })}
        {move || (flag("added") || flag("removed")).then(|| view! { <Notice text=K::CalendarChanged /> })}
        <div class="grid gap-6 xl:grid-cols-[3fr_2fr]">
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || {
                    rules
                        .get()
                        .map(|r| match r {
                            Ok(v) => view! { <Rules v save /> }.into_any(),
                            Err(e) => view! { <PageError error=e /> }.into_any(),
                        })
                }}
            </Suspense>
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || {
                    holidays
                        .get()
                        .map(|r| match r {
                            Ok(v) => view! { <Holidays v add remove /> }.into_any(),
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn Rules(v: RulesView, save: ServerAction<SaveDeadlineRules>) -> impl IntoView {
    let lang = use_language();
    let value = save.value();
    let err = move |f: String| move || field_error(&value.get(), &f).map(|c| error_text(lang.get(), &c));
    let steps: Vec<String> = {
        let mut s: Vec<String> = v.rules.iter().map(|r| r.step.clone()).collect();
        s.dedup();
        s
    };
    let rows = steps
        .into_iter()
        .map(|step| {
            let of_step: Vec<_> = v.rules.iter().filter(|r| r.step == step).cloned().collect();
            let calendar = of_step.first().is_some_and(|r| r.count == "calendar");
            let count_name = format!("values[count-{step}]");
            let label = step_label(&step).unwrap_or(K::FieldCheck);
            let cells = of_step
                .into_iter()
                .map(|r| {
                    let key = format!("rule-{}-{}", r.step, r.risk);
                    let id = format!("f-{key}");
                    let err_id = format!("{id}-error");
                    let e = err(key.clone());
                    let e2 = err(key.clone());
                    view! {
                        <td class="py-2 pr-2 align-top">
                            <label for=id.clone() class="sr-only">
                                {tr(label)}
                                " · "
                                {tr(risk_label(&r.risk))}
                            </label>
                            <input
                                id=id
                                name=format!("values[{key}]")
                                type="number"
                                inputmode="numeric"
                                min="1"
                                max="365"
                                required=true
                                class="input min-h-11 w-20"
                                value=r.days
                                aria-invalid=move || e().is_some().then_some("true")
                                aria-describedby=err_id.clone()
                            />
                            <p id=err_id class="text-sm text-red-800">
                                {move || e2()}
                            </p>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr class="border-t border-stone-100">
                    <th scope="row" class="py-2 pr-3 text-left align-top font-medium">
                        {tr(label)}
                    </th>
                    {cells}
                    <td class="py-2 align-top">
                        <label class="sr-only" for=format!("f-count-{step}")>
                            {tr(label)}
                            " · "
                            {tr(K::CountedIn)}
                        </label>
                        <select id=format!("f-count-{step}") name=count_name class="input min-h-11">
                            <option value="working" selected=!calendar>
                                {tr(K::WorkingDays)}
                            </option>
                            <option value="calendar" selected=calendar>
                                {tr(K::CalendarDays)}
                            </option>
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="rules-h">
            <h2 id="rules-h" class="mb-1 text-lg font-semibold">
                {tr(K::DeadlineRules)}
            </h2>
            <p class="mb-3 text-sm text-stone-600">{tr(K::DeadlineRulesText)}</p>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <ActionForm action=save attr:novalidate=true attr:class="flex flex-col gap-4">
                <input type="hidden" name="version" value=v.version />
                <div class="overflow-x-auto">
                    <table class="w-full text-left" data-testid="deadline-rules">
                        <thead>
                            <tr>
                                <th class="pr-3 text-sm font-medium text-stone-600">{tr(K::Step)}</th>
                                <th class="pr-2 text-sm font-medium text-stone-600">{tr(K::RiskHigh)}</th>
                                <th class="pr-2 text-sm font-medium text-stone-600">{tr(K::RiskMedium)}</th>
                                <th class="pr-2 text-sm font-medium text-stone-600">{tr(K::RiskLow)}</th>
                                <th class="text-sm font-medium text-stone-600">{tr(K::CountedIn)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="grid gap-3 sm:grid-cols-2">
                    <Field
                        label=K::DueSoonDays
                        name="values[due_soon_days]"
                        kind="number"
                        inputmode="numeric"
                        value=v.due_soon_days.to_string()
                        hint=K::DueSoonDaysHint
                        error=Signal::derive(move || field_error(&value.get(), "due_soon_days"))
                    />
                    <Field
                        label=K::EscalateAfterDays
                        name="values[escalate_after_days]"
                        kind="number"
                        inputmode="numeric"
                        value=v.escalate_after_days.to_string()
                        hint=K::EscalateAfterDaysHint
                        error=Signal::derive(move || field_error(&value.get(), "escalate_after_days"))
                    />
                </div>
                <p class="text-sm text-stone-600">{tr(K::LastChanged)} " " {v.updated_at.clone()}</p>
                <button type="submit" class="btn-primary self-start">
                    {tr(K::Save)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Holidays(v: HolidaysView, add: ServerAction<AddHoliday>, remove: ServerAction<RemoveHoliday>) -> impl IntoView {
    let value = add.value();
    let year = v.year;
    let empty = v.items.is_empty();
    let items = v.items.into_iter().map(|h| view! { <Holiday h year remove /> }).collect_view();
    view! {
        <section class="card self-start" aria-labelledby="hol-h">
            <h2 id="hol-h" class="mb-1 text-lg font-semibold">
                {tr(K::Holidays)}
                " "
                {year}
            </h2>
            <nav class="mb-3 flex gap-2" aria-label=tr(K::Holidays)>
                <a class="btn-secondary" href=format!("/admin/deadlines?year={}", year - 1)>
                    {year - 1}
                </a>
                <a class="btn-secondary" href=format!("/admin/deadlines?year={}", year + 1)>
                    {year + 1}
                </a>
            </nav>
            <ErrorBanner error=action_error(remove.value()) />
            {empty.then(|| view! { <p class="text-stone-600">{tr(K::NothingHere)}</p> })}
            <ul class="mb-4 flex flex-col" data-testid="holidays">
                {items}
            </ul>
            <h3 class="mb-2 font-semibold">{tr(K::AddHoliday)}</h3>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            <ActionForm action=add attr:novalidate=true attr:class="flex flex-col gap-3">
                <Field
                    label=K::HolidayDate
                    name="date"
                    kind="date"
                    required=true
                    error=Signal::derive(move || field_error(&value.get(), "date"))
                />
                <Field
                    label=K::HolidayName
                    name="name"
                    required=true
                    error=Signal::derive(move || field_error(&value.get(), "name"))
                />
                <label class="flex min-h-11 items-center gap-2">
                    <input type="checkbox" name="every_year" value="1" class="h-5 w-5" />
                    <span>{tr(K::EveryYear)}</span>
                </label>
                <button type="submit" class="btn-primary self-start">
                    {tr(K::AddHoliday)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Holiday(h: HolidayView, year: i32, remove: ServerAction<RemoveHoliday>) -> impl IntoView {
    // The button's name starts with its visible text, then says which holiday.
    let remove_text = tr(K::Remove);
    let (name, date) = (h.name.clone(), h.date.clone());
    view! {
        <li
            class="flex flex-wrap items-center justify-between gap-2 border-t border-stone-100 py-1"
            data-testid="holiday"
        >
            <span>
                <span class="font-mono text-sm">{h.date.clone()}</span>
                " · "
                {h.name.clone()}
                {h.every_year.then(|| view! { <span class="chip ml-2">{tr(K::EveryYear)}</span> })}
            </span>
            <ActionForm action=remove>
                <input type="hidden" name="id" value=h.id />
                <input type="hidden" name="year" value=year />
                <button
                    type="submit"
                    class="btn-secondary"
                    aria-label=move || format!("{} {} {}", remove_text(), name, date)
                >
                    {tr(K::Remove)}
                </button>
            </ActionForm>
        </li>
    }
}
