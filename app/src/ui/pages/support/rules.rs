//! Support rules, for support leads: the SLA targets (first response and resolution per priority,
//! in business hours) that hold for every category, the categories with targets of their own,
//! and how each category's new tickets are assigned (by hand, or in turn among chosen agents).
//! The list of rules, and the form of one (`?edit=general` or `?edit=<category>`, holding the
//! version it was opened at). The form posts without JavaScript too.

use super::Refusal;
use crate::api::tickets::{support_rules, AgentView, SaveSupportRule, SupportRuleView, SupportRulesView};
use crate::api::MeView;
use crate::domain::sla::format_hours;
use crate::domain::ticket::{Assignment, TicketPriority};
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorText, Field, Notice};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The page's address.
const HERE: &str = "/support/rules";
/// The `edit` value of the general rule.
const GENERAL: &str = "general";

#[component]
pub fn RulesPage() -> impl IntoView {
    view! {
        <Title text=tr(K::SlPage) />
        <Protected children=|_me: MeView| view! { <Rules /> } />
    }
}

fn edit_key(r: &SupportRuleView) -> String {
    if r.category.is_empty() {
        GENERAL.to_owned()
    } else {
        r.category.clone()
    }
}

#[component]
fn Rules() -> impl IntoView {
    let query = use_query_map();
    let edit = move || query.with(|q| q.get("edit")).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let save = ServerAction::<SaveSupportRule>::new();
    let saved_n = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<K>);
    let navigate = use_navigate();
    let saved = save.value();
    Effect::new(move |_| {
        if saved.with(|v| matches!(v, Some(Ok(_)))) {
            notice.set(Some(K::Saved));
            saved_n.update(|n| *n += 1);
            navigate(HERE, Default::default());
        }
    });
    Effect::new(move |before: Option<Option<String>>| {
        let now = edit();
        if before.as_ref().is_some_and(|b| *b != now) {
            save.clear();
        }
        now
    });
    let rules = Resource::new(move || saved_n.get(), |_| support_rules());
    view! {
        <div class="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h1 class="text-2xl font-bold">{tr(K::SlPage)}</h1>
            <a href="/support/queue" class="btn-secondary">
                {tr(K::NavQueue)}
            </a>
        </div>
        <p class="mb-4 max-w-prose text-stone-700">{tr(K::SlIntro)}</p>
        {move || notice.get().map(|k| view! { <Notice text=k /> })}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                rules
                    .get()
                    .map(|r| match r {
                        Ok(v) => view! { <Board v editing=edit() save /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Board(v: SupportRulesView, editing: Option<String>, save: ServerAction<SaveSupportRule>) -> impl IntoView {
    let all: Vec<SupportRuleView> = std::iter::once(v.general.clone()).chain(v.categories.iter().cloned()).collect();
    let current = editing.as_ref().and_then(|e| all.iter().find(|r| edit_key(r) == *e).cloned());
    let agents = v.agents.clone();
    let cards = all
        .into_iter()
        .map(|r| {
            let open = editing.as_deref() == Some(edit_key(&r).as_str());
            view! { <RuleCard r open agents=agents.clone() /> }
        })
        .collect_view();
    view! {
        <div class="grid gap-6 lg:grid-cols-[3fr_2fr] lg:items-start">
            {current
                .map(|r| {
                    view! {
                        <section class="card lg:order-2" aria-labelledby="rule-form-h">
                            <Editor r agents=v.agents.clone() general=v.general.clone() save />
                        </section>
                    }
                })} <ul class="flex flex-col gap-3 lg:order-1" data-testid="support-rules">
                {cards}
            </ul>
        </div>
    }
}

fn priority_name(p: TicketPriority) -> K {
    super::priority_label(p.as_str())
}

/// The targets as a small table: a row per priority, first response and resolution in hours.
fn targets_table(r: &SupportRuleView) -> impl IntoView {
    let rows = TicketPriority::ALL
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            view! {
                <tr class="border-t border-stone-100">
                    <th scope="row" class="py-1 pr-3 font-normal">
                        {tr(priority_name(p))}
                    </th>
                    <td class="py-1 pr-3 tabular-nums">{format_hours(r.first[i])} " h"</td>
                    <td class="py-1 tabular-nums">{format_hours(r.resolution[i])} " h"</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="mt-2 w-full max-w-md text-left text-sm">
            <thead>
                <tr class="text-stone-600">
                    <th scope="col" class="py-1 pr-3 font-medium">
                        {tr(K::TkPriority)}
                    </th>
                    <th scope="col" class="py-1 pr-3 font-medium">
                        {tr(K::TkFirstResponse)}
                    </th>
                    <th scope="col" class="py-1 font-medium">
                        {tr(K::TkResolution)}
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn agent_names(ids: &[i64], agents: &[AgentView]) -> String {
    ids.iter()
        .map(|id| agents.iter().find(|a| a.id == *id).map_or_else(|| format!("#{id}"), |a| a.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn RuleCard(r: SupportRuleView, open: bool, agents: Vec<AgentView>) -> impl IntoView {
    let general = r.category.is_empty();
    let name = if general { tr(K::SlGeneral)().to_owned() } else { r.name.clone() };
    let follows = !general && !r.own_targets;
    let assignment = (!general).then(|| {
        let text = if r.assignment == Assignment::RoundRobin.as_str() {
            let who =
                if r.agents.is_empty() { tr(K::SlEveryAgent)().to_owned() } else { agent_names(&r.agents, &agents) };
            format!("{}: {who}", tr(K::SlRoundRobin)())
        } else {
            tr(K::SlManual)().to_owned()
        };
        view! {
            <p class="mt-2 text-sm">
                <span class="font-medium">{tr(K::SlAssignment)} ": "</span>
                {text}
            </p>
        }
    });
    let changed = r.updated_by.clone().map(|who| {
        view! {
            <p class="mt-2 text-sm text-stone-600">
                {tr(K::SlChanged)} " " {who} ", " {r.updated_at.clone().unwrap_or_default()}
            </p>
        }
    });
    view! {
        <li class="card" class:border-orange-800=open data-testid="support-rule" data-category=r.category.clone()>
            <h2 class="font-semibold">{name.clone()}</h2>
            {follows.then(|| view! { <p class="text-sm text-stone-600">{tr(K::SlFollowsGeneral)}</p> })}
            {targets_table(&r)}
            {assignment}
            {changed}
            <a
                href=format!("{HERE}?edit={}", edit_key(&r))
                class="btn-secondary mt-3"
                aria-current=open.then_some("true")
            >
                {tr(K::Edit)}
                <span class="sr-only">": " {name}</span>
            </a>
        </li>
    }
}

const FIRST: [&str; 4] = ["first_low", "first_normal", "first_high", "first_urgent"];
const RESOLUTION: [&str; 4] = ["resolution_low", "resolution_normal", "resolution_high", "resolution_urgent"];

#[component]
fn Editor(
    r: SupportRuleView,
    agents: Vec<AgentView>,
    general: SupportRuleView,
    save: ServerAction<SaveSupportRule>,
) -> impl IntoView {
    let value = save.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let is_general = r.category.is_empty();
    let name = if is_general { tr(K::SlGeneral)().to_owned() } else { r.name.clone() };
    // A category that follows the general targets starts from them.
    let shown = if r.own_targets { r.clone() } else { general };
    let word = |k: K| tr(k)().to_owned();
    let grid = TicketPriority::ALL
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let pn = word(priority_name(p));
            view! {
                <fieldset class="grid grid-cols-2 gap-2 border-t border-stone-100 pt-2">
                    <legend class="font-medium">{pn.clone()}</legend>
                    <Field
                        label=K::TkFirstResponse
                        name=FIRST[i]
                        inputmode="decimal"
                        autocomplete="off"
                        value=format_hours(shown.first[i])
                        error=err(FIRST[i])
                    />
                    <Field
                        label=K::TkResolution
                        name=RESOLUTION[i]
                        inputmode="decimal"
                        autocomplete="off"
                        value=format_hours(shown.resolution[i])
                        error=err(RESOLUTION[i])
                    />
                </fieldset>
            }
        })
        .collect_view();
    let own_box = (!is_general).then(|| {
        view! {
            <label for="f-own-targets" class="check">
                <input id="f-own-targets" type="checkbox" name="own_targets" value="on" checked=r.own_targets />
                <span>{tr(K::SlOwnTargets)}</span>
            </label>
        }
    });
    let assignment = (!is_general).then(|| {
        let round = r.assignment == Assignment::RoundRobin.as_str();
        let boxes = agents
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let id = format!("f-agent-{}", a.id);
                view! {
                    <label for=id.clone() class="check">
                        <input
                            id=id.clone()
                            type="checkbox"
                            name=format!("agents[{i}]")
                            value=a.id
                            checked=r.agents.contains(&a.id)
                        />
                        <span>{a.name.clone()}</span>
                    </label>
                }
            })
            .collect_view();
        let (assign_err, agents_err) = (err("assignment"), err("agents"));
        view! {
            <fieldset class="flex flex-col gap-1">
                <legend class="field-label">{tr(K::SlAssignment)}</legend>
                <label for="f-assign-manual" class="check">
                    <input id="f-assign-manual" type="radio" name="assignment" value="manual" checked=!round />
                    <span>{tr(K::SlManual)}</span>
                </label>
                <label for="f-assign-round" class="check">
                    <input id="f-assign-round" type="radio" name="assignment" value="round_robin" checked=round />
                    <span>{tr(K::SlRoundRobin)}</span>
                </label>
                <ErrorText error=assign_err />
            </fieldset>
            <fieldset class="flex flex-col gap-1">
                <legend class="field-label">{tr(K::SlAgents)}</legend>
                <p class="field-hint">{tr(K::SlAgentsHint)}</p>
                {boxes}
                <ErrorText error=agents_err />
            </fieldset>
        }
    });
    let reload = format!("{HERE}?edit={}", edit_key(&r));
    view! {
        <h2 id="rule-form-h" class="mb-3 text-lg font-semibold">
            {name}
        </h2>
        <Refusal error=action_error(value) reload />
        <ActionForm
            action=save
            attr:novalidate=true
            attr:class="flex flex-col gap-3"
            attr:data-testid="support-rule-form"
        >
            <input type="hidden" name="category" value=r.category.clone() />
            <input type="hidden" name="version" value=r.version />
            <p class="field-hint">{tr(K::SlHoursHint)}</p>
            {own_box}
            {grid}
            {assignment}
            <div class="flex flex-wrap gap-2">
                <button type="submit" class="btn-primary">
                    {tr(K::Save)}
                </button>
                <a href=HERE class="btn-secondary">
                    {tr(K::SrCancel)}
                </a>
            </div>
        </ActionForm>
    }
}
