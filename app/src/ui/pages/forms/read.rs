//! A submitted form as it was filled, against the definition version it was filled with: to
//! read, to print (the page prints clean, without the navigation), to correct by a new revision,
//! and for a supervisor to approve or return with a comment.

use crate::api::forms::{DecideForm, ReviseForm, SubmissionView};
use crate::domain::form::definition::{Choices, Field, FieldKind};
use crate::domain::form::{FormContext, Value};
use crate::i18n::labels::form_status_label as status_label;
use crate::i18n::{use_language, K};
use crate::ui::components::form::{action_error, field_error, ErrorBanner};
use crate::ui::tr;
use leptos::prelude::*;

/// The title lines above a form: its name, the case, the revision and where it stands.
pub fn heading(v: &SubmissionView) -> impl IntoView {
    let lang = use_language();
    let title = v.definition.title.clone();
    let status = v.status.clone();
    view! {
        <div class="mb-3">
            <a href=format!("/cases/{}", v.case_id) class="inline-flex min-h-11 items-center text-sm underline">
                {tr(K::BackToCase)}
                " · "
                <span class="sr-only">{tr(K::CaseNumber)}" "</span>
                {v.case_number.clone()}
            </a>
            <h1 class="text-2xl font-bold">{move || title.get(lang.get().code()).to_owned()}</h1>
            <p class="text-stone-700">{v.person_name.clone()}</p>
            <p class="mt-1 flex flex-wrap items-center gap-2 text-sm">
                <span class="chip" data-testid="form-status">
                    {tr(status_label(&status))}
                </span>
                <span>{tr(K::Revision)}" "{v.revision}</span>
            </p>
        </div>
    }
}

/// The answer to one field in words: option labels, names, yes/no; rows one per line.
pub fn answer_text(field: &Field, value: Option<&Value>, ctx: &FormContext, lang: &str) -> String {
    let Some(value) = value.filter(|v| !v.is_blank()) else { return "—".to_owned() };
    let yes_no = |v: &str| match v {
        "yes" => K::Yes.text(crate::domain::user::Language::from_code(lang).unwrap_or_default()).to_owned(),
        "no" => K::No.text(crate::domain::user::Language::from_code(lang).unwrap_or_default()).to_owned(),
        other => other.to_owned(),
    };
    match &field.kind {
        FieldKind::YesNo => yes_no(value.text()),
        FieldKind::Choice { options, .. } => {
            let known = match options {
                Choices::Inline(o) => o.clone(),
                Choices::Classifier(c) => ctx.classifiers.get(c).cloned().unwrap_or_default(),
            };
            value
                .items()
                .iter()
                .map(|i| {
                    known
                        .iter()
                        .find(|o| o.code == *i)
                        .map_or_else(|| (*i).to_owned(), |o| o.label.get(lang).to_owned())
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        FieldKind::Person => {
            let id = value.text().parse::<i64>().ok();
            ctx.household.iter().find(|m| Some(m.id) == id).map_or_else(|| value.text().to_owned(), |m| m.name.clone())
        }
        FieldKind::Group { fields, .. } => value
            .rows()
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let cells: Vec<String> = fields
                    .iter()
                    .filter(|f| row.get(&f.key).is_some_and(|v| !v.is_blank()))
                    .map(|f| format!("{}: {}", f.label.get(lang), answer_text(f, row.get(&f.key), ctx, lang)))
                    .collect();
                format!("{}. {}", i + 1, cells.join(" · "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        FieldKind::Attachment { .. } => value.items().iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "),
        _ => value.text().to_owned(),
    }
}

#[component]
pub fn ReadView(v: SubmissionView) -> impl IntoView {
    let lang = use_language();
    let l = lang.get_untracked().code();
    let sections = v
        .definition
        .sections
        .iter()
        .filter(|s| s.show_when.is_none() || s.fields.iter().any(|f| v.answers.get(&f.key).is_some()))
        .map(|s| {
            let rows = s
                .fields
                .iter()
                .filter(|f| f.show_when.is_none() || v.answers.get(&f.key).is_some())
                .map(|f| {
                    let answer = if matches!(f.kind, FieldKind::Attachment { .. }) {
                        let ids = v.answers.get(&f.key).map(|x| x.items().iter().map(|s| (*s).to_owned()).collect());
                        super::files::files_read(&v.attachments, ids.unwrap_or_default())
                    } else {
                        answer_text(f, v.answers.get(&f.key), &v.context, l).into_any()
                    };
                    view! {
                        <div class="flex flex-col border-b border-stone-100 py-2 sm:grid sm:grid-cols-[14rem_1fr] sm:gap-3 print:break-inside-avoid">
                            <dt class="text-sm text-stone-600">{f.label.get(l).to_owned()}</dt>
                            <dd class="font-medium whitespace-pre-line">{answer}</dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="card print:border-0 print:p-0 print:shadow-none">
                    <h2 class="mb-2 text-lg font-semibold">{s.title.get(l).to_owned()}</h2>
                    <dl>{rows}</dl>
                </section>
            }
        })
        .collect_view();
    let revisions = (v.revisions.len() > 1).then(|| {
        let items = v
            .revisions
            .iter()
            .map(|r| {
                let current = r.id == v.id;
                view! {
                    <li>
                        <a href=format!("/forms/{}", r.id) class="underline" aria-current=current.then_some("page")>
                            {tr(K::Revision)}
                            " "
                            {r.revision}
                        </a>
                        " · "
                        {tr(status_label(&r.status))}
                        " · "
                        {r.updated_at.clone()}
                        " · "
                        {r.updated_by.clone()}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card print:hidden">
                <h2 class="mb-2 text-lg font-semibold">{tr(K::Revisions)}</h2>
                <ol class="flex flex-col gap-1">{items}</ol>
            </section>
        }
    });
    let who = v.submitted_by.clone().map(|by| format!("{by} · {}", v.submitted_at.clone().unwrap_or_default()));
    let decision = v
        .decided_by
        .clone()
        .map(|by| (format!("{by} · {}", v.decided_at.clone().unwrap_or_default()), v.decision_comment.clone()));
    view! {
        {heading(&v)}
        <div class="mb-3 flex flex-wrap gap-2 print:hidden">
            <button type="button" class="btn-secondary" on:click=move |_| print_page()>
                {tr(K::Print)}
            </button>
        </div>
        <div class="grid gap-6 lg:grid-cols-[3fr_2fr]">
            <div class="flex flex-col gap-4">
                {who.map(|w| view! { <p class="text-sm text-stone-700">{tr(K::SubmittedBy)}": "{w}</p> })}
                {decision
                    .map(|(w, c)| {
                        view! {
                            <div class="card">
                                <p class="text-sm text-stone-700">{tr(K::DecidedBy)}": "{w}</p>
                                {c.map(|c| view! { <p class="whitespace-pre-line">{c}</p> })}
                            </div>
                        }
                    })} {sections}
            </div>
            <div class="flex flex-col gap-4 print:hidden">
                {v.can_decide.then(|| view! { <Decide id=v.id version=v.version /> })}
                {v.can_revise.then(|| view! { <Revise id=v.id version=v.version /> })} {revisions}
            </div>
        </div>
    }
}

/// Opens the browser's print dialogue (which also saves a PDF).
fn print_page() {
    #[cfg(feature = "hydrate")]
    let _ = window().print();
}

#[component]
fn Decide(id: i64, version: i64) -> impl IntoView {
    let decide = ServerAction::<DecideForm>::new();
    let value = decide.value();
    let comment_err = Signal::derive(move || field_error(&value.get(), "comment"));
    let lang = use_language();
    view! {
        <section class="card" aria-labelledby="decide-h">
            <h2 id="decide-h" class="mb-3 text-lg font-semibold">
                {tr(K::DecisionWord)}
            </h2>
            <ErrorBanner error=Signal::derive(move || { action_error(value).get() }) />
            // Two forms: a post carries the fields of its own form only, whichever button sent it.
            <ActionForm action=decide attr:class="mb-4">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="approve" value="true" />
                <input type="hidden" name="comment" value="" />
                <button type="submit" class="btn-primary">
                    {tr(K::Approve)}
                </button>
            </ActionForm>
            <ActionForm
                action=decide
                attr:class="flex flex-col gap-3 border-t border-stone-100 pt-3"
                attr:novalidate=true
            >
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="approve" value="false" />
                <div class="field">
                    <label for="f-comment" class="field-label">
                        {tr(K::Comment)}
                    </label>
                    <textarea
                        id="f-comment"
                        name="comment"
                        rows="3"
                        class="input"
                        aria-invalid=move || comment_err.get().map(|_| "true")
                    ></textarea>
                    {move || {
                        comment_err
                            .get()
                            .map(|c| {
                                view! {
                                    <p class="field-error" role="alert">
                                        {crate::i18n::error_text(lang.get(), &c)}
                                    </p>
                                }
                            })
                    }}
                </div>
                <button type="submit" class="btn-secondary self-start">
                    {tr(K::ReturnForm)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Revise(id: i64, version: i64) -> impl IntoView {
    let revise = ServerAction::<ReviseForm>::new();
    let value = revise.value();
    view! {
        <section class="card">
            <ErrorBanner error=action_error(value) />
            <ActionForm action=revise>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <button type="submit" class="btn-secondary">
                    {tr(K::Revise)}
                </button>
            </ActionForm>
        </section>
    }
}
