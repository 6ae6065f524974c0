//! The dashboard, for supervisors and analysts: the indicators of a territory for a period, each
//! panel a table whose rows carry their bar (drawn in SVG on the server, classes only: the page's
//! content security policy allows no inline styles) beside the numbers. The filters are a GET
//! form and live in the address, so a view can be bookmarked, sent and downloaded as it is.

use crate::api::reports::{indicators, DurationView, IndicatorsView, OptionView};
use crate::api::MeView;
use crate::domain::indicators::Count;
use crate::domain::{AppError, FieldErrors};
use crate::i18n::K;
use crate::ui::components::download::DownloadLink;
use crate::ui::components::form::{option_list, ErrorText, Field};
use crate::ui::components::labels::{closure_reason_label, risk_label, status_label, step_label};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Title text=tr(K::IdPage) />
        <Protected children=|_me: MeView| view! { <Dashboard /> } />
    }
}

/// The filters as the address has them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Query {
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
    worker: Option<String>,
}

impl Query {
    /// The address of the same view with `territory` chosen (and no case manager: they work in
    /// one place).
    fn with_territory(v: &IndicatorsView, id: i64) -> String {
        format!("/dashboard?from={}&to={}&territory={id}", v.from, v.to)
    }
    /// The cases behind an active count: of `status` (and `risk`, when not empty), in the chosen
    /// territory, of the chosen case manager.
    fn cases(v: &IndicatorsView, status: &str, risk: &str) -> String {
        let manager = v.worker_id.map(|w| format!("&manager={w}")).unwrap_or_default();
        let risk = if risk.is_empty() { String::new() } else { format!("&risk={risk}") };
        format!("/team?status={status}{risk}&territory={}{manager}#cases", v.territory_id)
    }
    /// The active cases of one case manager (of `risk`, when not empty).
    fn cases_of(v: &IndicatorsView, manager: i64, risk: &str) -> String {
        let risk = if risk.is_empty() { String::new() } else { format!("&risk={risk}") };
        format!("/team?manager={manager}{risk}&territory={}#cases", v.territory_id)
    }
    /// The address of the file of this view, as `ext` (`csv`, `xlsx`).
    fn file(v: &IndicatorsView, ext: &str) -> String {
        let worker = v.worker_id.map(|w| format!("&worker={w}")).unwrap_or_default();
        format!("/dashboard/indicators.{ext}?from={}&to={}&territory={}{worker}", v.from, v.to, v.territory_id)
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let current =
        move || Query { from: param("from"), to: param("to"), territory: param("territory"), worker: param("worker") };
    let data = Resource::new(current, |q| indicators(q.from, q.to, q.territory, q.worker));
    view! {
        <h1 class="mb-2 text-2xl font-bold">{tr(K::IdPage)}</h1>
        <p class="mb-4 max-w-prose text-stone-700">{tr(K::IdIntro)}</p>
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(v) => {
                            view! {
                                <Filters v=Some(v.clone()) q=current() errors=FieldErrors::new() />
                                <Board v />
                            }
                                .into_any()
                        }
                        Err(AppError::Invalid(errors)) => view! { <Filters v=None q=current() errors /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The period, territory and case manager; each refused value is told at its field.
#[component]
fn Filters(v: Option<IndicatorsView>, q: Query, errors: FieldErrors) -> impl IntoView {
    let err = move |f: &str| Signal::stored(errors.for_field(f).map(str::to_owned));
    let from = v.as_ref().map(|v| v.from.clone()).or(q.from.clone()).unwrap_or_default();
    let to = v.as_ref().map(|v| v.to.clone()).or(q.to.clone()).unwrap_or_default();
    let territory = v.as_ref().map(|v| v.territory_id.to_string()).or(q.territory.clone()).unwrap_or_default();
    let worker = v.as_ref().and_then(|v| v.worker_id).map(|w| w.to_string()).or(q.worker.clone()).unwrap_or_default();
    let territories = v.as_ref().map(|v| v.territories.clone()).unwrap_or_default();
    let workers: Vec<(String, String)> =
        v.as_ref().map(|v| v.workers.iter().map(|o| (o.id.to_string(), o.name.clone())).collect()).unwrap_or_default();
    let csv = v.as_ref().map(|v| Query::file(v, "csv"));
    let xlsx = v.as_ref().map(|v| Query::file(v, "xlsx"));
    let (terr_error, worker_error) = (err("territory"), err("worker"));
    view! {
        <Form
            method="GET"
            action="/dashboard"
            attr:class="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
            attr:data-testid="dashboard-filters"
        >
            <Field label=K::From name="from" kind="date" value=from error=err("from") />
            <Field label=K::To name="to" kind="date" value=to error=err("to") />
            <TerritoryFilter options=territories selected=territory error=terr_error />
            <div class="field">
                <label for="f-worker" class="field-label">
                    {tr(K::IdWorker)}
                </label>
                <select id="f-worker" name="worker" class="input">
                    <option value="">{tr(K::IdAllWorkers)}</option>
                    {option_list(workers, &worker)}
                </select>
                <ErrorText error=worker_error />
            </div>
            <div class="flex flex-wrap gap-2">
                <button type="submit" class="btn-primary">
                    {tr(K::SfShow)}
                </button>
                {csv.map(|href| view! { <CsvLink href testid="dashboard-csv" /> })}
                {xlsx.map(|href| view! { <DownloadLink href label=K::RgDownloadXlsx testid="dashboard-xlsx" /> })}
            </div>
        </Form>
    }
}

/// The territory filter of a dashboard or register: the territories offered, indented by depth,
/// the chosen one selected, and its error.
#[component]
pub(crate) fn TerritoryFilter(
    options: Vec<OptionView>,
    selected: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|o| (o.id.to_string(), format!("{}{}", "\u{a0}\u{a0}".repeat(o.depth.saturating_sub(1)), o.name)))
        .collect();
    view! {
        <div class="field">
            <label for="f-territory" class="field-label">
                {tr(K::Territory)}
            </label>
            <select id="f-territory" name="territory" class="input">
                {option_list(options, &selected)}
            </select>
            <ErrorText error />
        </div>
    }
}

/// The download of a view as CSV, with its progress.
#[component]
pub(crate) fn CsvLink(href: String, testid: &'static str) -> impl IntoView {
    view! { <DownloadLink href label=K::IdDownload testid /> }
}

/// The part of a bar a count takes: its number, or nothing for a suppressed one.
fn drawn(c: Count) -> i64 {
    c.exact().unwrap_or(0)
}

/// One row of a panel: its label (a link when it opens a narrower view), the parts of its bar
/// and the numbers beside it.
struct Bar {
    label: String,
    href: Option<String>,
    parts: Vec<i64>,
    cells: Vec<String>,
    /// Where each number leads (the cases behind it), for those who may list them.
    links: Vec<Option<String>>,
}

/// The fill of each part of a bar, in order.
const FILLS: [&str; 3] = ["fill-orange-800", "fill-amber-500", "fill-stone-400"];

/// A panel: a table of rows, each with its bar (hidden from screen readers: the numbers are in
/// the row) and its numbers under `columns`.
#[component]
fn Panel(
    title: K,
    #[prop(optional)] hint: Option<K>,
    columns: Vec<K>,
    bars: Vec<Bar>,
    testid: &'static str,
    #[prop(optional)] legend: Vec<K>,
) -> impl IntoView {
    let most = bars.iter().map(|b| b.parts.iter().sum::<i64>()).max().unwrap_or(0).max(1);
    let empty = bars.is_empty();
    let rows = bars
        .into_iter()
        .map(|b| {
            let mut x = 0;
            let rects = b
                .parts
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let w = n * 100 / most;
                    let r = view! { <rect x=x.to_string() width=w.to_string() height="12" class=FILLS[i % 3] /> };
                    x += w;
                    r
                })
                .collect_view();
            let label = match b.href {
                Some(href) => view! {
                    <a href=href class="link">
                        {b.label}
                    </a>
                }
                .into_any(),
                None => view! { <span>{b.label}</span> }.into_any(),
            };
            let mut links = b.links.into_iter();
            let cells = b
                .cells
                .into_iter()
                .map(|c| {
                    let inner = match links.next().flatten() {
                        Some(href) if !c.is_empty() && c != "0" => view! {
                            <a href=href class="link inline-flex min-h-11 min-w-11 items-center justify-end">
                                {c}
                            </a>
                        }
                        .into_any(),
                        _ => view! { <span>{c}</span> }.into_any(),
                    };
                    view! { <td class="py-2 pl-3 text-right tabular-nums">{inner}</td> }
                })
                .collect_view();
            view! {
                <tr class="border-t border-stone-100" data-testid=format!("{testid}-row")>
                    <th scope="row" class="py-2 pr-3 text-left font-medium">
                        {label}
                    </th>
                    <td class="hidden w-2/5 py-2 sm:table-cell">
                        <svg viewBox="0 0 100 12" preserveAspectRatio="none" class="h-3 w-full" aria-hidden="true">
                            <rect width="100" height="12" rx="2" class="fill-stone-100" />
                            {rects}
                        </svg>
                    </td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let heads = columns
        .into_iter()
        .map(|k| {
            view! {
                <th scope="col" class="py-2 pl-3 text-right font-medium">
                    {tr(k)}
                </th>
            }
        })
        .collect_view();
    let legend = (legend.len() > 1).then(|| {
        let items = legend
            .into_iter()
            .enumerate()
            .map(|(i, k)| {
                view! {
                    <li class="flex items-center gap-1">
                        <svg viewBox="0 0 10 10" class="size-3" aria-hidden="true">
                            <rect width="10" height="10" rx="2" class=FILLS[i % 3] />
                        </svg>
                        {tr(k)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="mb-2 flex flex-wrap gap-3 text-sm text-stone-600" aria-hidden="true">
                {items}
            </ul>
        }
    });
    let (id, labelled_by) = (format!("{testid}-title"), format!("{testid}-title"));
    view! {
        <section class="card min-w-0" aria-labelledby=labelled_by data-testid=testid>
            <h2 id=id class="text-lg font-semibold">
                {tr(title)}
            </h2>
            {hint.map(|k| view! { <p class="mb-2 text-sm text-stone-600">{tr(k)}</p> })}
            {legend}
            {if empty {
                view! { <p class="text-stone-600">{tr(K::IdNoneYet)}</p> }.into_any()
            } else {
                view! {
                    <div class="overflow-x-auto">
                        <table class="w-full text-sm">
                            <thead>
                                <tr class="text-stone-600">
                                    <th scope="col" class="py-2 pr-3 text-left font-medium">
                                        <span class="sr-only">{tr(K::IdBreakdown)}</span>
                                    </th>
                                    <td class="hidden sm:table-cell"></td>
                                    {heads}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

fn durations(k: K, d: &DurationView) -> Bar {
    Bar {
        label: tr(k)().to_owned(),
        href: None,
        parts: vec![
            d.median.tenths().unwrap_or(0),
            (d.p90.tenths().unwrap_or(0) - d.median.tenths().unwrap_or(0)).max(0),
        ],
        cells: vec![d.count.text(), d.median.text(), d.p90.text()],
        links: Vec::new(),
    }
}

#[component]
fn Board(v: IndicatorsView) -> impl IntoView {
    let t = |k: K| tr(k)().to_owned();
    let active: Vec<Bar> = v
        .active
        .iter()
        .map(|s| Bar {
            label: t(status_label(&s.status)),
            href: None,
            parts: vec![drawn(s.high), drawn(s.medium), drawn(s.low)],
            cells: vec![s.high.text(), s.medium.text(), s.low.text(), s.total.text()],
            links: ["high", "medium", "low", ""]
                .into_iter()
                .map(|risk| v.may_list.then(|| Query::cases(&v, &s.status, risk)))
                .collect(),
        })
        .chain(std::iter::once(Bar {
            label: t(K::IdTotal),
            href: None,
            parts: Vec::new(),
            cells: vec![String::new(), String::new(), String::new(), v.active_total.text()],
            links: Vec::new(),
        }))
        .collect();
    let territories: Vec<Bar> = v
        .by_territory
        .iter()
        .map(|r| Bar {
            label: if r.id == 0 { format!("{} {}", r.name, t(K::IdItself)) } else { r.name.clone() },
            href: (r.id != 0).then(|| Query::with_territory(&v, r.id)),
            parts: vec![drawn(r.cases)],
            cells: vec![r.cases.text()],
            links: Vec::new(),
        })
        .collect();
    let referrals = vec![
        Bar {
            label: format!("{} ({} – {})", t(K::IdThisPeriod), v.from, v.to),
            href: None,
            parts: vec![drawn(v.referrals)],
            cells: vec![v.referrals.text()],
            links: Vec::new(),
        },
        Bar {
            label: format!("{} ({} – {})", t(K::IdPreviousPeriod), v.previous_from, v.previous_to),
            href: None,
            parts: vec![drawn(v.referrals_previous)],
            cells: vec![v.referrals_previous.text()],
            links: Vec::new(),
        },
    ];
    let times = vec![durations(K::IdToAssessment, &v.to_assessment), durations(K::IdToPlan, &v.to_plan)];
    let steps: Vec<Bar> = v
        .steps
        .iter()
        .map(|s| Bar {
            label: step_label(&s.step).map(t).unwrap_or_else(|| s.step.clone()),
            href: None,
            parts: vec![drawn(s.on_time), drawn(s.late), drawn(s.overdue)],
            cells: vec![s.on_time.text(), s.late.text(), s.overdue.text(), s.share.percent_text()],
            links: Vec::new(),
        })
        .chain(std::iter::once(Bar {
            label: t(K::IdTotal),
            href: None,
            parts: Vec::new(),
            cells: vec![String::new(), String::new(), String::new(), v.steps_share.percent_text()],
            links: Vec::new(),
        }))
        .collect();
    let workers: Vec<Bar> = v
        .workers_load
        .iter()
        .map(|w| Bar {
            label: w.name.clone(),
            href: None,
            parts: vec![drawn(w.overdue), (drawn(w.cases) - drawn(w.overdue)).max(0)],
            cells: vec![w.cases.text(), w.high_risk.text(), w.overdue.text()],
            links: vec![
                v.may_list.then(|| Query::cases_of(&v, w.id, "")),
                v.may_list.then(|| Query::cases_of(&v, w.id, "high")),
            ],
        })
        .collect();
    let closures: Vec<Bar> = v
        .closures
        .iter()
        .map(|r| Bar {
            label: t(closure_reason_label(&r.code)),
            href: None,
            parts: vec![drawn(r.cases)],
            cells: vec![r.cases.text()],
            links: Vec::new(),
        })
        .collect();
    let k = &v.tickets;
    let tickets = vec![
        Bar {
            label: t(K::SfOpened),
            href: None,
            parts: Vec::new(),
            cells: vec![k.opened.text(), String::new(), String::new()],
            links: Vec::new(),
        },
        Bar {
            label: t(K::TkFirstResponse),
            href: None,
            parts: vec![drawn(k.first_met), drawn(k.first_late), drawn(k.first_overdue)],
            cells: vec![k.first_met.text(), k.first_late.text(), k.first_overdue.text()],
            links: Vec::new(),
        },
        Bar {
            label: t(K::TkResolution),
            href: None,
            parts: vec![drawn(k.resolution_met), drawn(k.resolution_late), drawn(k.resolution_overdue)],
            cells: vec![k.resolution_met.text(), k.resolution_late.text(), k.resolution_overdue.text()],
            links: Vec::new(),
        },
    ];
    let scope = match &v.worker_name {
        Some(w) => format!("{} · {w}", v.territory_name),
        None => v.territory_name.clone(),
    };
    view! {
        <p class="mb-3 font-semibold" data-testid="dashboard-scope">
            {scope}
            " · "
            {v.from.clone()}
            " – "
            {v.to.clone()}
        </p>
        {v
            .suppressed
            .then(|| {
                view! {
                    <p class="card mb-4 text-sm text-stone-700" data-testid="dashboard-suppressed">
                        {tr(K::IdSuppressed)}
                    </p>
                }
            })}
        <div class="grid gap-4 lg:grid-cols-2">
            <Panel
                title=K::IdActive
                columns=vec![risk_label("high"), risk_label("medium"), risk_label("low"), K::IdTotal]
                legend=vec![risk_label("high"), risk_label("medium"), risk_label("low")]
                bars=active
                testid="panel-active"
            />
            <Panel title=K::IdByTerritory columns=vec![K::IdCases] bars=territories testid="panel-territories" />
            <Panel title=K::IdReferrals columns=vec![K::IdCount] bars=referrals testid="panel-referrals" />
            <Panel
                title=K::IdDurations
                hint=K::IdDurationHint
                columns=vec![K::IdCount, K::IdMedian, K::IdP90]
                legend=vec![K::IdMedian, K::IdP90]
                bars=times
                testid="panel-durations"
            />
            <Panel
                title=K::IdSteps
                hint=K::IdStepsHint
                columns=vec![K::IdOnTime, K::IdLate, K::IdOpenOverdue, K::IdShare]
                legend=vec![K::IdOnTime, K::IdLate, K::IdOpenOverdue]
                bars=steps
                testid="panel-steps"
            />
            <Panel
                title=K::IdWorkers
                columns=vec![K::IdCases, K::IdHighRisk, K::IdOverdue]
                legend=vec![K::IdOverdue, K::IdCases]
                bars=workers
                testid="panel-workers"
            />
            <Panel title=K::IdClosures columns=vec![K::IdCount] bars=closures testid="panel-closures" />
            <Panel
                title=K::IdTickets
                hint=K::IdTicketsHint
                columns=vec![K::IdOnTime, K::IdLate, K::IdOpenOverdue]
                legend=vec![K::IdOnTime, K::IdLate, K::IdOpenOverdue]
                bars=tickets
                testid="panel-tickets"
            />
        </div>
    }
}
