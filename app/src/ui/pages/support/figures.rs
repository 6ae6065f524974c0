//! Support figures, for support agents and whoever leads them: the tickets opened in a period by
//! category, how often the first response and the resolution came within their time limits, the
//! ratings, and the work still to do by age. The period is a GET form and lives in the address.
//! A table on a desktop, cards on a phone.

use super::table_head;
use crate::api::tickets::{support_figures, CategoryFiguresView, ClockFiguresView, SupportFiguresView};
use crate::api::MeView;
use crate::domain::{AppError, FieldErrors};
use crate::i18n::K;
use crate::ui::components::form::Field;
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FiguresPage() -> impl IntoView {
    view! {
        <Title text=tr(K::SfPage) />
        <Protected children=|_me: MeView| view! { <Figures /> } />
    }
}

#[component]
fn Figures() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let figures = Resource::new(
        move || (param("from"), param("to"), param("mine")),
        |(from, to, mine)| support_figures(from, to, mine),
    );
    view! {
        <div class="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h1 class="text-2xl font-bold">{tr(K::SfPage)}</h1>
            <a href="/support/queue" class="btn-secondary">
                {tr(K::NavQueue)}
            </a>
        </div>
        <p class="mb-4 max-w-prose text-stone-700">{tr(K::SfIntro)}</p>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                figures
                    .get()
                    .map(|r| match r {
                        Ok(v) => {
                            let form = view! {
                                <PeriodForm
                                    from=Some(v.from.clone())
                                    to=Some(v.to.clone())
                                    mine=v.mine
                                    errors=FieldErrors::new()
                                />
                            };
                            view! {
                                {form}
                                <Board v />
                            }
                                .into_any()
                        }
                        Err(AppError::Invalid(errors)) => {
                            view! {
                                <PeriodForm from=param("from") to=param("to") mine=param("mine").is_some() errors />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The period and the "only mine" switch; each bad date is told at its field.
#[component]
fn PeriodForm(from: Option<String>, to: Option<String>, mine: bool, errors: FieldErrors) -> impl IntoView {
    let from_error = errors.for_field("from").map(str::to_owned);
    let to_error = errors.for_field("to").map(str::to_owned);
    view! {
        <Form
            method="GET"
            action="/support/figures"
            attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
            attr:data-testid="figures-period"
        >
            <Field
                label=K::From
                name="from"
                kind="date"
                value=from.unwrap_or_default()
                error=Signal::stored(from_error)
            />
            <Field label=K::To name="to" kind="date" value=to.unwrap_or_default() error=Signal::stored(to_error) />
            <label class="flex min-h-11 items-center gap-2">
                <input type="checkbox" name="mine" value="1" checked=mine class="size-5" />
                {tr(K::SfMine)}
            </label>
            <button type="submit" class="btn-secondary">
                {tr(K::SfShow)}
            </button>
        </Form>
    }
}

/// "12 on time · 3 late · 1 past the limit", with the share on time.
fn clock(c: ClockFiguresView) -> impl IntoView {
    view! {
        <span class="flex flex-col">
            <span class="font-semibold tabular-nums">
                {c.met_percent().map(|p| format!("{p} % ")).unwrap_or_else(|| "— ".into())} {tr(K::SfOnTime)}
            </span>
            <span class="text-sm text-stone-600 tabular-nums">
                {c.met} " " {tr(K::SfOnTime)} " · " {c.late} " " {tr(K::SfLate)} " · " {c.overdue} " "
                {tr(K::SfOverdue)}
            </span>
        </span>
    }
}

/// The mean rating out of 5 and how many gave one.
fn rating(f: &CategoryFiguresView) -> String {
    match f.rating_tenths() {
        Some(t) => format!("{}.{} / 5 ({} {})", t / 10, t % 10, f.rated, tr(K::SfRatings)()),
        None => "—".into(),
    }
}

#[component]
fn Board(v: SupportFiguresView) -> impl IntoView {
    let empty = v.categories.is_empty();
    let mut total = v.total.clone();
    total.name = tr(K::SfAll)().to_owned();
    let rows =
        v.categories.iter().cloned().chain(std::iter::once(total.clone())).map(|f| view! { <Row f /> }).collect_view();
    let cards = v.categories.into_iter().chain(std::iter::once(total)).map(|f| view! { <Card f /> }).collect_view();
    view! {
        {empty.then(|| view! { <p class="card mb-4 text-stone-600">{tr(K::SfNone)}</p> })}
        {(!empty)
            .then(move || {
                view! {
                    <div class="mb-6 hidden overflow-x-auto md:block">
                        <table class="w-full text-left" data-testid="figures-table">
                            {table_head(
                                &[K::TkCategory, K::SfOpened, K::TkFirstResponse, K::TkResolution, K::SfRating],
                            )}
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <ul class="mb-6 flex flex-col gap-2 md:hidden" data-testid="figures-cards">
                        {cards}
                    </ul>
                }
            })}
        <Backlog counts=v.backlog />
    }
}

#[component]
fn Row(f: CategoryFiguresView) -> impl IntoView {
    let total = f.code.is_empty();
    let class = if total { "border-t-2 border-stone-300 font-semibold" } else { "border-t border-stone-100" };
    view! {
        <tr class=format!("{class} align-top") data-testid="figures-row">
            <th scope="row" class="py-2 pr-3 font-medium">
                {f.name.clone()}
            </th>
            <td class="py-2 pr-3 tabular-nums" data-testid="figures-opened">
                {f.opened}
            </td>
            <td class="py-2 pr-3">{clock(f.first_response)}</td>
            <td class="py-2 pr-3">{clock(f.resolution)}</td>
            <td class="py-2 tabular-nums">{rating(&f)}</td>
        </tr>
    }
}

#[component]
fn Card(f: CategoryFiguresView) -> impl IntoView {
    view! {
        <li class="card flex flex-col gap-2" data-testid="figures-card">
            <h2 class="font-semibold">{f.name.clone()}</h2>
            <dl class="grid grid-cols-2 gap-x-3 gap-y-2 text-sm">
                <dt class="text-stone-600">{tr(K::SfOpened)}</dt>
                <dd class="tabular-nums" data-testid="figures-opened">
                    {f.opened}
                </dd>
                <dt class="text-stone-600">{tr(K::TkFirstResponse)}</dt>
                <dd>{clock(f.first_response)}</dd>
                <dt class="text-stone-600">{tr(K::TkResolution)}</dt>
                <dd>{clock(f.resolution)}</dd>
                <dt class="text-stone-600">{tr(K::SfRating)}</dt>
                <dd class="tabular-nums">{rating(&f)}</dd>
            </dl>
        </li>
    }
}

/// The tickets still to do by age, as bars with their numbers.
#[component]
fn Backlog(counts: Vec<i64>) -> impl IntoView {
    let bands = [K::SfAge1, K::SfAge2, K::SfAge3, K::SfAge4, K::SfAge5];
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let items = bands
        .into_iter()
        .zip(counts)
        .map(|(k, n)| {
            // Drawn in SVG: the page's content security policy allows no inline styles.
            let width = (n * 100 / most).to_string();
            view! {
                <li class="grid grid-cols-[8rem_1fr_auto] items-center gap-2" data-testid="backlog-band">
                    <span class="text-sm">{tr(k)}</span>
                    <svg viewBox="0 0 100 12" preserveAspectRatio="none" class="h-3 w-full" aria-hidden="true">
                        <rect width="100" height="12" rx="2" class="fill-stone-100" />
                        <rect width=width height="12" rx="2" class="fill-orange-800" />
                    </svg>
                    <span class="tabular-nums font-semibold">{n}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="backlog-title">
            <h2 id="backlog-title" class="text-lg font-semibold">
                {tr(K::SfBacklog)}
            </h2>
            <p class="mb-3 text-sm text-stone-600">{tr(K::SfBacklogHint)}</p>
            <ul class="flex flex-col gap-2">{items}</ul>
        </section>
    }
}
