//! Every standard form with its versions: which one new forms use, the draft being edited, and
//! the way to start a new version.

use super::status_label;
use crate::api::forms::{list_definitions, DefinitionSummaryView, NewDefinitionVersion};
use crate::api::MeView;
use crate::i18n::{use_language, K};
use crate::ui::components::form::{action_error, ErrorBanner, Notice};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DefinitionsPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavForms) />
        <Protected children=|_me: MeView| view! { <Definitions /> } />
    }
}

#[component]
fn Definitions() -> impl IntoView {
    let query = use_query_map();
    let list = Resource::new(|| (), |_| list_definitions());
    let new = ServerAction::<NewDefinitionVersion>::new();
    view! {
        <h1 class="mb-2 text-2xl font-bold">{tr(K::NavForms)}</h1>
        <p class="mb-4 max-w-3xl text-stone-700">{tr(K::FormsAdminText)}</p>
        {move || query.with(|q| q.get("published").is_some()).then(|| view! { <Notice text=K::DefinitionPublished /> })}
        <ErrorBanner error=action_error(new.value()) />
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                list.get()
                    .map(|r| match r {
                        Ok(rows) => {
                            view! { <div class="grid gap-4 lg:grid-cols-2">{groups(rows, new)}</div> }.into_any()
                        }
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// One card per form, its versions newest first.
fn groups(rows: Vec<DefinitionSummaryView>, new: ServerAction<NewDefinitionVersion>) -> impl IntoView {
    let lang = use_language();
    let mut codes: Vec<String> = rows.iter().map(|r| r.code.clone()).collect();
    codes.dedup();
    codes
        .into_iter()
        .map(|code| {
            let mut versions: Vec<DefinitionSummaryView> = rows.iter().filter(|r| r.code == code).cloned().collect();
            versions.reverse();
            let title = versions.first().map(|v| v.title.clone()).unwrap_or_default();
            let has_draft = versions.iter().any(|v| v.status == "draft");
            let lines = versions
                .into_iter()
                .map(|v| {
                    let href = format!("/admin/forms/{}/{}", v.code, v.version);
                    let chip = match v.status.as_str() {
                        "published" => "chip bg-green-100 text-green-900",
                        "draft" => "chip chip-warn",
                        _ => "chip",
                    };
                    view! {
                        <li class="flex flex-wrap items-center justify-between gap-2 border-t border-stone-200 py-2">
                            <span class="flex flex-wrap items-center gap-2">
                                <span class="font-medium">{tr(K::Version)}" "{v.version}</span>
                                <span class=chip>{tr(status_label(&v.status))}</span>
                                <span class="text-sm text-stone-600">{v.field_count}" "{tr(K::QuestionsWord)}</span>
                                {v.published_at.map(|t| view! { <span class="text-sm text-stone-600">{t}</span> })}
                            </span>
                            <a href=href class="btn-secondary">
                                {tr(K::OpenWord)}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            let heading = title.clone();
            let l = lang.get_untracked();
            let button = if has_draft { K::ContinueDraft } else { K::EditNewVersion };
            let aria = format!("{} · {}", button.text(l), title.get(l.code()));
            view! {
                <section class="card" data-testid="definition-card">
                    <h2 class="text-lg font-semibold">{move || heading.get(lang.get().code()).to_owned()}</h2>
                    <p class="mb-2 font-mono text-sm text-stone-600">{code.clone()}</p>
                    <ul>{lines}</ul>
                    <ActionForm action=new attr:class="mt-3">
                        <input type="hidden" name="code" value=code.clone() />
                        <button type="submit" class="btn-primary" aria-label=aria>
                            {tr(button)}
                        </button>
                    </ActionForm>
                </section>
            }
        })
        .collect_view()
}
