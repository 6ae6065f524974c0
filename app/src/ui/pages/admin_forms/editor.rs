//! One version of a form definition: a draft in the structured editor, beside its live preview
//! at phone or desktop width; a published or replaced version to look at, with the way to a new
//! one. The editor works as one plain HTML form without JavaScript (every button posts, the
//! server applies it and comes back); with it, every change shows in the preview as it is typed.

use super::parts::{
    checks_editor, id_of, label_inputs, name_of, section_editor, step_button, with_fallback_labels, Ed,
};
use super::status_label;
use crate::api::forms::{
    get_definition, publish_definition, save_definition, DefinitionPageView, NewDefinitionVersion,
};
use crate::api::MeView;
use crate::domain::form::edit::{At, Step};
use crate::domain::form::{Answers, FormContext, FormDefinition};
use crate::domain::{AppError, FieldErrors};
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::{action_error, ErrorBanner, Notice};
use crate::ui::components::layout::Protected;
use crate::ui::pages::forms::fields::FormState;
use crate::ui::pages::forms::fill::sections;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

#[component]
pub fn DefinitionPage() -> impl IntoView {
    view! {
        <Title text=tr(K::FormEditor) />
        <Protected children=|_me: MeView| view! { <DefinitionScreen /> } />
    }
}

#[component]
fn DefinitionScreen() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let code = move || params.with(|p| p.get("code")).unwrap_or_default();
    let version = move || params.with(|p| p.get("version")).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
    let def = Resource::new(move || (code(), version(), location.search.get()), |(c, v, _)| get_definition(c, Some(v)));
    let flag = move |k: &str| query.with(|q| q.get(k).is_some());
    view! {
        <a href="/admin/forms" class="text-sm underline">
            {tr(K::AllForms)}
        </a>
        {move || flag("saved").then(|| view! { <Notice text=K::Saved /> })}
        {move || flag("published").then(|| view! { <Notice text=K::DefinitionPublished /> })}
        {move || {
            flag("stale")
                .then(|| {
                    view! {
                        <div role="alert" class="banner-warn">
                            {tr(K::StaleDefinition)}
                        </div>
                    }
                })
        }}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                def.get()
                    .map(|r| match r {
                        Ok(v) if v.version.status == "draft" => {
                            let bad = query.with(|q| q.get("bad").zip(q.get("at")));
                            let refused = flag("refused");
                            let wide = query.with(|q| q.get("w").as_deref() == Some("desktop"));
                            view! { <Editor v bad refused wide /> }.into_any()
                        }
                        Ok(v) => {
                            let wide = query.with(|q| q.get("w").as_deref() == Some("desktop"));
                            view! { <ReadOnly v wide /> }.into_any()
                        }
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn heading(def: &FormDefinition, status: &str) -> impl IntoView {
    let lang = use_language();
    let title = def.title.clone();
    let code = def.code.clone();
    view! {
        <h1 class="text-2xl font-bold">{move || name_of(&title, &code, lang.get())}</h1>
        <p class="mb-3 mt-1 flex flex-wrap items-center gap-2 text-sm">
            <span class="font-mono">{def.code.clone()}</span>
            <span>{tr(K::Version)}" "{def.version}</span>
            <span class="chip" data-testid="definition-status">
                {tr(status_label(status))}
            </span>
        </p>
    }
}

/// The phone / desktop switch of a preview: links without JavaScript, a switch in the page with it.
fn width_switch(wide: RwSignal<bool>) -> impl IntoView {
    let link = move |desktop: bool, text: K| {
        let href = if desktop { "?w=desktop" } else { "?w=phone" };
        view! {
            <a
                href=href
                class="btn-secondary"
                aria-current=move || (wide.get() == desktop).then_some("true")
                on:click=move |ev| {
                    ev.prevent_default();
                    wide.set(desktop);
                }
            >
                {tr(text)}
            </a>
        }
    };
    view! {
        <div class="flex flex-wrap gap-2" role="group" aria-label=tr(K::PreviewWidth)>
            {link(false, K::PreviewPhone)}
            {link(true, K::PreviewDesktop)}
        </div>
    }
}

/// The form as a social worker would fill it; nothing typed into it goes anywhere.
fn preview_of(def: &FormDefinition, ctx: FormContext) -> impl IntoView {
    let st = FormState::new(Answers::default(), FieldErrors::new(), with_fallback_labels(def), ctx);
    view! { <div class="flex flex-col gap-4">{sections(st)}</div> }
}

fn preview_panel(wide: RwSignal<bool>, body: impl IntoView + 'static) -> impl IntoView {
    view! {
        <section
            id="preview"
            aria-labelledby="preview-h"
            class="flex min-w-0 flex-col gap-3 xl:sticky xl:top-16 xl:max-h-[calc(100vh-5rem)] xl:self-start xl:overflow-y-auto"
        >
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id="preview-h" class="text-lg font-semibold">
                    {tr(K::PreviewWord)}
                </h2>
                {width_switch(wide)}
            </div>
            <p class="field-hint">{tr(K::PreviewText)}</p>
            <div
                data-testid="preview"
                class=move || {
                    if wide.get() {
                        "w-full rounded-xl border-4 border-stone-300 bg-stone-50 p-2"
                    } else {
                        "mx-auto w-full max-w-[390px] rounded-xl border-4 border-stone-300 bg-stone-50 p-2"
                    }
                }
            >
                {body}
            </div>
        </section>
    }
}

#[component]
fn ReadOnly(v: DefinitionPageView, wide: bool) -> impl IntoView {
    let DefinitionPageView { version: v, preview } = v;
    let new = ServerAction::<NewDefinitionVersion>::new();
    let wide = RwSignal::new(wide);
    let code = v.definition.code.clone();
    view! {
        {heading(&v.definition, &v.status)}
        <p class="mb-3 max-w-3xl text-stone-700">{tr(K::ReadOnlyVersion)}</p>
        <ErrorBanner error=action_error(new.value()) />
        <ActionForm action=new attr:class="mb-4">
            <input type="hidden" name="code" value=code />
            <button type="submit" class="btn-primary">
                {tr(K::EditNewVersion)}
            </button>
        </ActionForm>
        {preview_panel(wide, preview_of(&v.definition, preview))}
    }
}

/// Waits for a save on its way before publishing.
async fn save(code: &str, ed: Ed, row_version: RwSignal<i64>) -> Result<(), AppError> {
    let body =
        ed.def.with_untracked(serde_json::to_string).map_err(|_| AppError::Internal { request_id: String::new() })?;
    let saved = save_definition(code.to_owned(), row_version.get_untracked(), body).await?;
    row_version.set(saved.row_version);
    ed.dirty.set(false);
    Ok(())
}

#[component]
fn Editor(v: DefinitionPageView, bad: Option<(String, String)>, refused: bool, wide: bool) -> impl IntoView {
    let DefinitionPageView { version: v, preview } = v;
    let lang = use_language();
    let code = v.definition.code.clone();
    let version = v.definition.version;
    let ed = Ed::new(v.definition.clone());
    if let Some((code, at)) = &bad {
        ed.local.update(|l| l.push(at, code));
    }
    let row_version = RwSignal::new(v.row_version);
    let notice = RwSignal::new(refused.then_some(K::PublishRefused));
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let published = RwSignal::new(false);
    let wide = RwSignal::new(wide);
    let preview_ctx = StoredValue::new(preview);
    let code_s = StoredValue::new(code.clone());

    let body = move || {
        ed.shape.track();
        ed.def.with_untracked(|d| {
            let sections = d.sections.iter().enumerate().map(|(i, s)| section_editor(ed, d, i, s)).collect_view();
            view! {
                {sections}
                <div>{step_button(ed, Step::AddSection, K::AddSection, "btn-secondary", String::new())}</div>
                {checks_editor(ed, d)}
            }
        })
    };
    let on_save = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = save(&code_s.get_value(), ed, row_version).await;
            busy.set(false);
            match r {
                Ok(()) => notice.set(Some(K::Saved)),
                Err(AppError::Invalid(e)) => ed.local.set(e),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let on_publish = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if !ed.problems.with_untracked(FieldErrors::is_empty) {
            notice.set(Some(K::PublishRefused));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let code = code_s.get_value();
            let mut r = Ok(());
            if ed.dirty.get_untracked() {
                r = save(&code, ed, row_version).await;
            }
            if r.is_ok() {
                r = publish_definition(code, version, row_version.get_untracked()).await;
            }
            busy.set(false);
            match r {
                Ok(()) => published.set(true),
                Err(AppError::Invalid(e)) => {
                    ed.local.set(e);
                    notice.set(Some(K::PublishRefused));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    // What blocks publishing, each a link to its place in the editor.
    let problems = move || {
        let l = lang.get();
        let list = ed.problems.get();
        if list.is_empty() {
            return view! {
                <p class="text-sm text-green-900" data-testid="problems">
                    {tr(K::ReadyToPublish)}
                </p>
            }
            .into_any();
        }
        let n = list.0.len();
        let items = list
            .0
            .into_iter()
            .take(12)
            .map(|e| {
                let part = At::parse(&e.field).map(|(at, _)| at.path()).unwrap_or_default();
                let href = format!("#{}", if part.is_empty() { "editor".to_owned() } else { id_of(&part) });
                view! {
                    <li>
                        <a href=href class="underline">
                            {e.field.clone()}
                        </a>
                        ": "
                        {error_text(l, &e.code)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="text-sm" data-testid="problems">
                <summary class="min-h-11 cursor-pointer py-2 font-medium text-amber-900">
                    {n}" "{tr(K::ProblemsToFix)}
                </summary>
                <ul class="flex flex-col gap-1 pb-2">{items}</ul>
            </details>
        }
        .into_any()
    };
    let action = format!("/admin/forms/{code}/{version}");
    let layout = move || {
        if wide.get() {
            "grid gap-6"
        } else {
            "grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]"
        }
    };
    view! {
        {move || {
            published
                .get()
                .then(|| {
                    view! { <Redirect path=format!("/admin/forms/{}/{version}?published=1", code_s.get_value()) /> }
                })
        }}
        {heading(&v.definition, &v.status)}
        <a href="#preview" class="mb-3 inline-block text-sm underline xl:hidden">
            {tr(K::GoToPreview)}
        </a>
        {move || {
            notice
                .get()
                .map(|k| {
                    view! {
                        <div role="status" class="banner-warn">
                            {tr(k)}
                        </div>
                    }
                })
        }}
        <ErrorBanner error=Signal::derive(move || error.get()) />
        <div class=layout>
            <form
                id="editor"
                method="post"
                action=action
                novalidate=true
                class="flex min-w-0 flex-col gap-4"
                on:submit=move |ev| ev.prevent_default()
            >
                // The first submit button is the one Enter presses: saving, never a step.
                <button type="submit" name="_op" value="save" hidden=true tabindex="-1" on:click=on_save></button>
                <input
                    type="hidden"
                    name="_row_version"
                    value=v.row_version
                    prop:value=move || row_version.get().to_string()
                />
                <section class="card flex flex-col gap-3">
                    {label_inputs(ed, "title".to_owned(), K::FormTitle, &v.definition.title)}
                </section>
                {body}
                <div class="sticky bottom-16 z-[5] flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-3 shadow md:bottom-2">
                    {problems} <div class="flex flex-wrap items-center gap-3">
                        <button
                            type="submit"
                            name="_op"
                            value="save"
                            class="btn-secondary"
                            disabled=move || busy.get()
                            on:click=on_save
                        >
                            {tr(K::SaveDraft)}
                        </button>
                        <button
                            type="submit"
                            name="_op"
                            value="publish"
                            class="btn-primary"
                            disabled=move || busy.get()
                            on:click=on_publish
                        >
                            {tr(K::PublishWord)}
                        </button>
                        {move || {
                            ed.dirty
                                .get()
                                .then(|| {
                                    view! {
                                        <span class="chip chip-warn" data-testid="unsaved">
                                            {tr(K::UnsavedChanges)}
                                        </span>
                                    }
                                })
                        }}
                    </div>
                </div>
            </form>
            {preview_panel(wide, move || ed.def.with(|d| preview_of(d, preview_ctx.get_value())))}
        </div>
    }
}
