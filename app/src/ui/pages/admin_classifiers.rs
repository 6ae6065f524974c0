//! Classifier administration: one list per classifier, a form to add an
//! entry, and for each entry its names, ending and restoring.

use crate::api::classifiers::{
    admin_list_classifier, ClassifierEntryView, SaveClassifierEntry, SetClassifierEntryActive,
};
use crate::api::MeView;
use crate::domain::classifier::KINDS;
use crate::i18n::K;
use crate::ui::components::form::{action_error, field_error, ErrorBanner, Field, Notice};
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub fn kind_label(kind: &str) -> K {
    match kind {
        "vulnerability" => K::Vulnerabilities,
        "disability_limitation" => K::MainLimitation,
        "ticket_category" => K::TicketCategories,
        _ => K::IdDocType,
    }
}

#[component]
pub fn ClassifiersPage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavClassifiers) />
        <Protected children=|_me: MeView| view! { <Classifiers /> } />
    }
}

#[component]
fn Classifiers() -> impl IntoView {
    let query = use_query_map();
    let kind = move || {
        query.with(|q| q.get("kind")).filter(|k| KINDS.contains(&k.as_str())).unwrap_or_else(|| KINDS[0].to_owned())
    };
    let entries = Resource::new(kind, admin_list_classifier);
    let save = ServerAction::<SaveClassifierEntry>::new();
    let set_active = ServerAction::<SetClassifierEntryActive>::new();
    let value = save.value();
    let err = move |f: &'static str| Signal::derive(move || field_error(&value.get(), f));
    let tabs = KINDS
        .iter()
        .map(|k| {
            let current = move || kind() == *k;
            view! {
                <a
                    href=format!("/admin/classifiers?kind={k}")
                    class="btn-secondary"
                    aria-current=move || current().then_some("page")
                >
                    {tr(kind_label(k))}
                </a>
            }
        })
        .collect_view();
    view! {
        <h1 class="mb-4 text-2xl font-bold">{tr(K::NavClassifiers)}</h1>
        {move || query.with(|q| q.get("saved").is_some()).then(|| view! { <Notice text=K::Saved /> })}
        <nav class="mb-4 flex flex-wrap gap-2" aria-label=tr(K::NavClassifiers)>
            {tabs}
        </nav>
        <div class="grid gap-6 lg:grid-cols-[2fr_1fr]">
            <section aria-labelledby="entries-h">
                <h2 id="entries-h" class="sr-only">
                    {move || tr(kind_label(&kind()))()}
                </h2>
                <ErrorBanner error=action_error(set_active.value()) />
                <Suspense fallback=|| {
                    view! { <p>"…"</p> }
                }>
                    {move || {
                        entries
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    list.into_iter()
                                        .map(|e| view! { <Entry kind=kind() e save set_active /> })
                                        .collect_view()
                                        .into_any()
                                }
                                Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                            })
                    }}
                </Suspense>
            </section>
            <section class="card self-start" aria-labelledby="add-h">
                <h2 id="add-h" class="mb-3 text-lg font-semibold">
                    {tr(K::AddEntry)}
                </h2>
                <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
                <ActionForm action=save attr:class="flex flex-col gap-3" attr:novalidate=true>
                    <input type="hidden" name="kind" value=kind />
                    <input type="hidden" name="version" value="0" />
                    <Field
                        label=K::Code
                        name="code"
                        autocomplete="off"
                        required=true
                        hint=K::CodeHint
                        error=err("code")
                        check=|v| crate::domain::classifier::parse_code(v).map(|_| ())
                    />
                    <Field label=K::NameRo name="name_ro" required=true error=err("name_ro") />
                    <Field label=K::NameEn name="name_en" required=true error=err("name_en") />
                    <Field label=K::NameRu name="name_ru" required=true error=err("name_ru") />
                    <button type="submit" class="btn-primary self-start">
                        {tr(K::AddEntry)}
                    </button>
                </ActionForm>
            </section>
        </div>
    }
}

#[component]
fn Entry(
    kind: String,
    e: ClassifierEntryView,
    save: ServerAction<SaveClassifierEntry>,
    set_active: ServerAction<SetClassifierEntryActive>,
) -> impl IntoView {
    let ended = e.valid_to.is_some();
    let code = e.code.clone();
    let id = move |f: &str| format!("f-{code}-{f}");
    let (code1, code2, kind2) = (e.code.clone(), e.code.clone(), kind.clone());
    view! {
        <details class="card mb-2" data-testid="classifier-entry">
            <summary class="flex min-h-11 cursor-pointer flex-wrap items-center justify-between gap-2">
                <span>
                    <span class="font-mono text-sm">{e.code.clone()}</span>
                    " · "
                    {e.name_ro.clone()}
                </span>
                {ended.then(|| view! { <span class="chip">{tr(K::Ended)}" "{e.valid_to.clone()}</span> })}
            </summary>
            <ActionForm action=save attr:class="mt-3 grid gap-3 md:grid-cols-3">
                <input type="hidden" name="kind" value=kind />
                <input type="hidden" name="code" value=code1 />
                <input type="hidden" name="version" value=e.version />
                <div class="field">
                    <label for=id("ro") class="field-label">
                        {tr(K::NameRo)}
                    </label>
                    <input id=id("ro") name="name_ro" class="input" value=e.name_ro.clone() required=true />
                </div>
                <div class="field">
                    <label for=id("en") class="field-label">
                        {tr(K::NameEn)}
                    </label>
                    <input id=id("en") name="name_en" class="input" value=e.name_en.clone() required=true />
                </div>
                <div class="field">
                    <label for=id("ru") class="field-label">
                        {tr(K::NameRu)}
                    </label>
                    <input id=id("ru") name="name_ru" class="input" value=e.name_ru.clone() required=true />
                </div>
                <button type="submit" class="btn-secondary self-start">
                    {tr(K::Save)}
                </button>
            </ActionForm>
            <ActionForm action=set_active attr:class="mt-3">
                <input type="hidden" name="kind" value=kind2 />
                <input type="hidden" name="code" value=code2 />
                <input type="hidden" name="version" value=e.version />
                <input type="hidden" name="active" value=ended.to_string() />
                <button type="submit" class=if ended { "btn-secondary" } else { "btn-danger" }>
                    {tr(if ended { K::Restore } else { K::EndEntry })}
                </button>
            </ActionForm>
        </details>
    }
}
