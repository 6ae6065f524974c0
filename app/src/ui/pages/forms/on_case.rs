//! The forms of a case on its page: each with where it stands, and the forms that can be started
//! now.

use crate::api::forms::{case_forms, CaseFormsView, StartForm};
use crate::domain::case::CaseStatus;
use crate::i18n::labels::form_status_label as status_label;
use crate::i18n::{use_language, K};
use crate::ui::components::form::{action_error, ErrorBanner};
use crate::ui::tr;
use leptos::prelude::*;

/// The forms of a case, led by the one the workflow expects next of a case in `status` (its
/// code): continued when its draft exists, else started.
#[component]
pub fn CaseForms(case_id: i64, status: Option<String>) -> impl IntoView {
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
                            Ok(f) => view! { <FormList f status=status.clone() /> }.into_any(),
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

/// The standard form the workflow expects next of a case in `status`: its status's own form.
/// (Once the initial assessment is submitted, planning starts with a step, not a form.)
fn form_of_status(status: &str) -> Option<&'static str> {
    match CaseStatus::parse_db(status)? {
        CaseStatus::Open | CaseStatus::Assessment => Some("initial_assessment"),
        CaseStatus::ComplexAssessment => Some("complex_assessment"),
        CaseStatus::Planning => Some("assistance_plan"),
        CaseStatus::Monitoring => Some("monitoring_visit"),
        _ => None,
    }
}

#[component]
fn FormList(f: CaseFormsView, status: Option<String>) -> impl IntoView {
    let lang = use_language();
    let start = ServerAction::<StartForm>::new();
    let value = start.value();
    // The one next action, named after its form: its draft to go on with, or the form to start.
    let next_form = status.as_deref().and_then(form_of_status);
    let draft = next_form.and_then(|code| {
        f.items.iter().find(|s| s.form == code && matches!(s.status.as_str(), "draft" | "returned")).cloned()
    });
    let fresh =
        next_form.filter(|_| draft.is_none()).and_then(|code| f.can_start.iter().find(|s| s.form == code).cloned());
    let lead = match (draft, fresh) {
        (Some(d), _) => {
            let t = d.title.clone();
            Some(
                view! {
                    <a
                        href=format!("/forms/{}", d.id)
                        class="btn-primary mb-4 w-full sm:w-auto"
                        data-testid="next-action"
                    >
                        {tr(K::ContinueDraft)}
                        ": "
                        {move || t.get(lang.get().code()).to_owned()}
                    </a>
                }
                .into_any(),
            )
        }
        (None, Some(s)) => {
            let t = s.title.clone();
            let case_id = f.case_id;
            Some(
                view! {
                    <ActionForm action=start attr:class="mb-4">
                        <input type="hidden" name="case_id" value=case_id />
                        <input type="hidden" name="form" value=s.form.clone() />
                        <button type="submit" class="btn-primary w-full sm:w-auto" data-testid="next-action">
                            {tr(K::StartForm)}
                            ": "
                            {move || t.get(lang.get().code()).to_owned()}
                        </button>
                    </ActionForm>
                }
                .into_any(),
            )
        }
        _ => None,
    };
    let lead_code = next_form.filter(|_| lead.is_some());
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
            .filter(|s| Some(s.form.as_str()) != lead_code)
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
        {lead}
        <ul>{items}</ul>
        {empty}
        {startable}
    }
}
