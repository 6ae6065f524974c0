//! The forms of a case on its page: each with where it stands, and the forms that can be started
//! now.

use super::fill::status_label;
use crate::api::forms::{case_forms, CaseFormsView, StartForm};
use crate::i18n::{use_language, K};
use crate::ui::components::form::{action_error, ErrorBanner};
use crate::ui::tr;
use leptos::prelude::*;

#[component]
pub fn CaseForms(case_id: i64) -> impl IntoView {
    let forms = Resource::new(move || case_id, case_forms);
    view! {
        <section class="card" aria-labelledby="forms-h">
            <h2 id="forms-h" class="mb-3 text-lg font-semibold">
                {tr(K::Forms)}
            </h2>
            <Suspense fallback=|| {
                view! { <p>"…"</p> }
            }>
                {move || {
                    forms
                        .get()
                        .map(|r| match r {
                            Ok(f) => view! { <FormList f /> }.into_any(),
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn FormList(f: CaseFormsView) -> impl IntoView {
    let lang = use_language();
    let start = ServerAction::<StartForm>::new();
    let value = start.value();
    let items = f
        .items
        .iter()
        .map(|s| {
            let t = s.title.clone();
            view! {
                <li class="flex flex-wrap items-center justify-between gap-2 border-b border-stone-100 py-2">
                    <a href=format!("/forms/{}", s.id) class="min-h-11 content-center font-medium underline">
                        {move || t.get(lang.get().code()).to_owned()}
                        {(s.revision > 1).then(|| format!(" ({} {})", tr(K::Revision)(), s.revision))}
                    </a>
                    <span class="chip">{tr(status_label(&s.status))}</span>
                </li>
            }
        })
        .collect_view();
    let empty = f.items.is_empty().then(|| view! { <p class="text-stone-600">{tr(K::NoForms)}</p> });
    let startable = (!f.can_start.is_empty()).then(|| {
        let case_id = f.case_id;
        let buttons = f
            .can_start
            .clone()
            .into_iter()
            .map(|s| {
                let t = s.title.clone();
                view! {
                    <ActionForm action=start>
                        <input type="hidden" name="case_id" value=case_id />
                        <input type="hidden" name="form" value=s.form />
                        <button type="submit" class="btn-secondary w-full text-left">
                            {tr(K::StartForm)}
                            ": "
                            {move || t.get(lang.get().code()).to_owned()}
                        </button>
                    </ActionForm>
                }
            })
            .collect_view();
        view! {
            <h3 class="mt-4 mb-2 font-semibold">{tr(K::StartAForm)}</h3>
            <ErrorBanner error=action_error(value) />
            <div class="flex flex-col gap-2">{buttons}</div>
        }
    });
    view! {
        <ul>{items}</ul>
        {empty}
        {startable}
    }
}
