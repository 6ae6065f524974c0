//! The registers once kept on paper (referrals, beneficiaries, assistance measures): each filtered by period and
//! territory (a GET form: the view lives in its address), a page at a time, printable (the
//! filters and menus stay off paper) and downloadable as CSV. One page draws them all: a
//! register is lines of cells under its columns.

use crate::api::registers::{register_page, RegisterCell, RegisterKind, RegisterLineView, RegisterView};
use crate::api::MeView;
use crate::domain::{AppError, FieldErrors};
use crate::i18n::K;
use crate::ui::components::download::DownloadLink;
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
    view! { <RegisterPage kind=RegisterKind::Referrals /> }
}

#[component]
pub fn BeneficiaryRegisterPage() -> impl IntoView {
    view! { <RegisterPage kind=RegisterKind::Beneficiaries /> }
}

#[component]
pub fn MeasureRegisterPage() -> impl IntoView {
    view! { <RegisterPage kind=RegisterKind::Measures /> }
}

#[component]
fn RegisterPage(kind: RegisterKind) -> impl IntoView {
    view! {
        <Title text=tr(kind.title()) />
        <Protected children=move |_me: MeView| view! { <Register kind /> } />
    }
}

/// Links to the other registers, with the same filters.
#[component]
fn Switcher(kind: RegisterKind, query: String) -> impl IntoView {
    let links = RegisterKind::ALL
        .into_iter()
        .map(|k| {
            let href = format!("{}{query}", k.path());
            let current = (k == kind).then_some("page");
            view! {
                <a
                    href=href
                    class="inline-flex min-h-11 items-center rounded-lg px-3 aria-[current=page]:bg-stone-200 aria-[current=page]:font-semibold"
                    aria-current=current
                >
                    {tr(k.title())}
                </a>
            }
        })
        .collect_view();
    view! {
        <nav aria-label=tr(K::NavRegisters) class="mb-3 flex flex-wrap gap-1 print:hidden">
            {links}
        </nav>
    }
}

#[component]
fn Register(kind: RegisterKind) -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let data = Resource::new(
        move || (param("from"), param("to"), param("territory"), param("after")),
        move |(f, t, te, a)| register_page(kind, f, t, te, a),
    );
    view! {
        <h1 class="mb-2 text-2xl font-bold">{tr(kind.title())}</h1>
        <p class="mb-4 max-w-prose text-stone-700 print:hidden">{tr(kind.intro())}</p>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(v) => {
                            view! {
                                <Switcher kind query=filter_query(&v) />
                                <Filters
                                    kind
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
                            view! {
                                <Switcher kind query=String::new() />
                                <Filters kind v=None from=param("from") to=param("to") errors />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The filters of a view, as an address's query.
fn filter_query(v: &RegisterView) -> String {
    format!("?from={}&to={}&territory={}", v.from, v.to, v.territory_id)
}

#[component]
fn Filters(
    kind: RegisterKind,
    v: Option<RegisterView>,
    from: Option<String>,
    to: Option<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let err = move |f: &str| Signal::stored(errors.for_field(f).map(str::to_owned));
    let from = v.as_ref().map(|v| v.from.clone()).or(from).unwrap_or_default();
    let to = v.as_ref().map(|v| v.to.clone()).or(to).unwrap_or_default();
    let territory = v.as_ref().map(|v| v.territory_id.to_string()).unwrap_or_default();
    let territories = v.as_ref().map(|v| v.territories.clone()).unwrap_or_default();
    let csv = v.as_ref().map(|v| format!("{}.csv{}", kind.path(), filter_query(v)));
    let xlsx = v.as_ref().map(|v| format!("{}.xlsx{}", kind.path(), filter_query(v)));
    let territory_error = err("territory");
    view! {
        <Form
            method="GET"
            action=kind.path()
            attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3 lg:items-end print:hidden"
            attr:data-testid="register-filters"
        >
            <Field label=K::From name="from" kind="date" value=from error=err("from") />
            <Field label=K::To name="to" kind="date" value=to error=err("to") />
            <TerritoryFilter options=territories selected=territory error=territory_error />
            <div class="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-3">
                <button type="submit" class="btn-primary">
                    {tr(K::SfShow)}
                </button>
                {csv.map(|href| view! { <CsvLink href testid="register-csv" /> })}
                {xlsx.map(|href| view! { <DownloadLink href label=K::RgDownloadXlsx testid="register-xlsx" /> })}
                <PrintButton />
            </div>
        </Form>
    }
}

/// Prints the page (with the browser's own print once the page's script runs; before that the
/// browser's menu prints it the same way).
#[component]
pub(crate) fn PrintButton() -> impl IntoView {
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
fn Lines(v: RegisterView) -> impl IntoView {
    let kind = v.kind;
    let next = v.next.clone().map(|after| format!("{}{}&after={after}", kind.path(), filter_query(&v)));
    let head = format!("{} · {} – {}", v.territory_name, v.from, v.to);
    if v.lines.is_empty() {
        return view! {
            <p class="mb-3 font-semibold" data-testid="register-scope">
                {head}
            </p>
            <p class="card text-stone-600">{tr(kind.none())}</p>
        }
        .into_any();
    }
    let rows = v.lines.iter().cloned().map(|l| view! { <Row l /> }).collect_view();
    let cards = v.lines.into_iter().map(|l| view! { <Card kind l /> }).collect_view();
    let heads = kind
        .columns()
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

/// A cell's text, as a link when it leads somewhere.
fn cell_view(c: RegisterCell, class: &'static str) -> AnyView {
    match c.href {
        Some(href) => view! {
            <a href=href class=class>
                {c.text}
            </a>
        }
        .into_any(),
        None => c.text.into_any(),
    }
}

#[component]
fn Row(l: RegisterLineView) -> impl IntoView {
    let cells = l
        .cells
        .into_iter()
        .map(|c| {
            // A short cell (a day, a case number, a count) keeps to one line; names and
            // addresses wrap.
            let class = if c.text.chars().count() <= 16 { "py-2 pr-3 whitespace-nowrap" } else { "py-2 pr-3" };
            view! { <td class=class>{cell_view(c, "link")}</td> }
        })
        .collect_view();
    view! {
        <tr class="border-t border-stone-100 align-top tabular-nums" data-testid="register-row">
            {cells}
        </tr>
    }
}

/// A line on a phone: the case's number as its title, then each other column that has a value.
#[component]
fn Card(kind: RegisterKind, l: RegisterLineView) -> impl IntoView {
    let mut cells: Vec<(K, RegisterCell)> = kind.columns().iter().copied().zip(l.cells).collect();
    let title = cells.iter().position(|(k, _)| *k == K::CaseNumber).map(|i| cells.remove(i).1);
    let rest = cells
        .into_iter()
        .filter(|(_, c)| !c.text.is_empty())
        .map(|(k, c)| {
            view! {
                <div class="flex flex-wrap gap-x-2">
                    <dt class="text-stone-600">{tr(k)}</dt>
                    <dd>{cell_view(c, "link inline-flex min-h-11 items-center")}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <li class="card flex flex-col gap-1" data-testid="register-card">
            {title.map(|c| cell_view(c, "link inline-flex min-h-11 items-center font-semibold"))}
            <dl class="text-sm">{rest}</dl>
        </li>
    }
}
