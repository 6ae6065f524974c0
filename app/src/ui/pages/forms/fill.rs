//! The form page: a draft to fill (one column on a phone, two on a desktop, sections to jump
//! between, mistakes flagged as they happen, saved as it is typed), or a submitted form to read,
//! print, correct or decide on.

use super::fields::{field_view, input_id, section_visible, FormState};
use super::read::{heading, ReadView};
use super::sync::{Sync, SyncState};
use crate::api::forms::{get_form, submit_form, SubmissionView};
use crate::api::MeView;
use crate::domain::form::{validate, Answers, Mode, Value};
use crate::domain::{AppError, FieldErrors};
use crate::i18n::{use_language, K};
use crate::ui::components::form::{ErrorBanner, ErrorSummary, FieldNames, Notice};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::components::offline::clear_local;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

#[component]
pub fn FormPage() -> impl IntoView {
    view! {
        <Title text=tr(K::FormOf) />
        <Protected children=|_me: MeView| view! { <FormScreen /> } />
    }
}

#[component]
fn FormScreen() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    // Reloaded after a submit or a decision (they come back with a query flag).
    let form = Resource::new(move || (id(), location.search.get()), |(id, _)| get_form(id));
    let flag = move |k: &str| query.with(|q| q.get(k).is_some());
    // However it was reached, the page opens again without a signal.
    Effect::new(move |_| crate::ui::components::offline::keep_page(&format!("/forms/{}", id())));
    view! {
        {move || flag("submitted").then(|| view! { <Notice text=K::FormSubmitted /> })}
        {move || flag("decided").then(|| view! { <Notice text=K::FormDecided /> })}
        {move || {
            flag("stale")
                .then(|| {
                    view! {
                        <div role="alert" class="banner-warn">
                            {tr(K::StaleForm)}
                        </div>
                    }
                })
        }}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                form.get()
                    .map(|r| match r {
                        Ok(v) if v.can_edit => {
                            let check = flag("check");
                            let extra = query.with(|q| q.get("rows"));
                            let refused = query.with(|q| q.get("file").zip(q.get("at")));
                            // A file the plain post could not keep: its reason, at its field.
                            view! { <Editor v check extra refused /> }
                                .into_any()
                        }
                        Ok(v) => view! { <ReadView v /> }.into_any(),
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Editor(v: SubmissionView, check: bool, extra: Option<String>, refused: Option<(String, String)>) -> impl IntoView {
    let lang = use_language();
    let id = v.id;
    let mut answers = v.answers.clone();
    // Without JavaScript, "add a row" comes back here asking for one more empty row.
    if let Some(g) = extra.filter(|g| {
        matches!(v.definition.field(g).map(|f| &f.kind), Some(crate::domain::form::FieldKind::Group { .. }))
    }) {
        let mut rows = answers.get(&g).map(|x| x.rows().to_vec()).unwrap_or_default();
        rows.push(Answers::default());
        answers.set(&g, Value::Rows(rows));
    }
    // After a refused submit without JavaScript, the server's verdict is shown at each field.
    let first_errors =
        if check { validate(&v.definition, &answers, &v.context, Mode::Submit) } else { FieldErrors::new() };
    let had_errors = !first_errors.is_empty();
    let st = FormState {
        files: RwSignal::new(v.attachments.clone()),
        upload_to: Some(id),
        max_bytes: v.attachment_max_bytes,
        ..FormState::new(answers, first_errors, v.definition.clone(), v.context.clone())
    };
    if let Some((code, at)) = &refused {
        st.show_error(at, code);
    }
    // Without JavaScript, files go with the form's own post.
    let has_files = v.definition.fields().any(|f| match &f.kind {
        crate::domain::form::FieldKind::Attachment { .. } => true,
        crate::domain::form::FieldKind::Group { fields, .. } => {
            fields.iter().any(|f| matches!(f.kind, crate::domain::form::FieldKind::Attachment { .. }))
        }
        _ => false,
    });
    let sync = Sync::new(id, st, v.version);
    sync.start();
    let notice = RwSignal::new(None::<K>);
    // What a refused submit must correct, as the submit found it (kept as it was while the
    // answers are corrected, so that the list does not take the focus from the typing).
    let summary = RwSignal::new(had_errors.then(|| st.errors.get_untracked()));

    let nav = v
        .definition
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let t = s.title.clone();
            let href = format!("#s-{}", s.key);
            view! {
                <li class:hidden=move || !section_visible(st, i)>
                    <a href=href class="btn-secondary whitespace-nowrap">
                        {i + 1}
                        ". "
                        {move || t.get(lang.get().code()).to_owned()}
                    </a>
                </li>
            }
        })
        .collect_view();

    // Drawn anew (keyed by the generation) whenever the answers are replaced wholesale: restored
    // from the device, or one side of a conflict kept. Redrawn in place instead, a text area the
    // server had filled kept showing the server's text (hydration leaves a text area's text to the
    // browser, so the renderer updated a text node that is not on the page), and what was typed
    // offline was then saved over.
    let body = move || {
        view! { <For each=move || [sync.generation.get()] key=|g| *g children=move |_| sections(st) /> }
    };

    // A submit waits for a save on its way (it would otherwise carry the version that save is
    // about to replace), and no save starts while the submit is on its way.
    let submitted = RwSignal::new(false);
    let submitting = RwSignal::new(false);
    let on_submit_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if submitting.get_untracked() || sync.state.get_untracked() == SyncState::Conflict {
            return;
        }
        if st.uploads.with_untracked(|u| !u.is_empty()) || st.waiting.with_untracked(|w| !w.is_empty()) {
            notice.set(Some(K::WaitForFiles));
            return;
        }
        let answers = st.answers.get_untracked();
        let errors = st.def.with_value(|d| st.ctx.with_value(|c| validate(d, &answers, c, Mode::Submit)));
        if !errors.is_empty() {
            st.errors.set(errors.clone());
            summary.set(Some(errors));
            return;
        }
        summary.set(None);
        let Ok(json) = serde_json::to_string(&answers) else { return };
        submitting.set(true);
        notice.set(None);
        leptos::task::spawn_local(async move {
            for _ in 0..300 {
                if !sync.saving.get_untracked() {
                    break;
                }
                pause(100).await;
            }
            sync.saving.set(true);
            let r = submit_form(id, sync.version.get_untracked(), json).await;
            submitting.set(false);
            match r {
                Ok(_) => {
                    clear_local(id);
                    // Nothing is left to save: the autosave's next tick would otherwise send the
                    // last answers again on the version the submit replaced, and be refused.
                    sync.state.set(SyncState::Saved);
                    submitted.set(true);
                }
                Err(AppError::Invalid(errors)) => {
                    st.errors.set(errors.clone());
                    summary.set(Some(errors));
                }
                Err(AppError::StaleVersion { .. }) => sync.fetch_conflict().await,
                Err(AppError::Transport(_) | AppError::Unavailable) => notice.set(Some(K::CannotSubmitOffline)),
                Err(e) => sync.error.set(Some(e)),
            }
            sync.saving.set(false);
        });
    };
    let on_save_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if sync.state.get_untracked() != SyncState::Conflict {
            sync.state.set(SyncState::Pending);
            sync.save();
        }
    };

    let indicator = move || {
        let (k, class) = match sync.state.get() {
            SyncState::Saved => (K::SyncSaved, "chip"),
            SyncState::Pending => (K::SyncPending, "chip chip-warn"),
            SyncState::Saving => (K::SyncSaving, "chip"),
            SyncState::Offline => (K::SyncOffline, "chip chip-warn"),
            SyncState::Conflict => (K::SyncConflict, "chip chip-bad"),
        };
        view! { <span class=class>{tr(k)}</span> }
    };
    let comment = (v.status == "returned").then(|| v.decision_comment.clone()).flatten();

    view! {
        {move || submitted.get().then(|| view! { <Redirect path=format!("/forms/{id}?submitted=1") /> })}
        {heading(&v)}
        {comment
            .map(|c| {
                view! {
                    <div role="status" class="banner-warn">
                        <p class="font-medium">{tr(K::DecisionWord)}</p>
                        <p class="whitespace-pre-line">{c}</p>
                    </div>
                }
            })}
        <div class="sticky top-14 z-[5] -mx-4 mb-3 flex flex-col gap-2 border-b border-stone-200 bg-stone-50/95 px-4 py-2 md:top-12">
            <p role="status" aria-live="polite" data-testid="sync-state">
                {indicator}
            </p>
            <nav aria-label=tr(K::SectionWord)>
                <ol class="flex gap-2 overflow-x-auto pb-1">{nav}</ol>
            </nav>
        </div>
        {move || sync.restored.get().then(|| view! { <Notice text=K::RestoredLocal /> })}
        {move || {
            notice
                .get()
                .map(|k| {
                    view! {
                        <div role="alert" class="banner-warn">
                            {tr(k)}
                        </div>
                    }
                })
        }}
        {move || {
            summary
                .get()
                .map(|errors| {
                    view! { <ErrorSummary errors href=|p: &str| format!("#{}", input_id(p)) name=question_name(st) /> }
                })
        }}
        <ErrorBanner error=Signal::derive(move || sync.error.get()) />
        {move || sync.conflict.get().map(|c| view! { <ConflictPanel sync c /> })}
        <form
            method="post"
            action=format!("/forms/{id}")
            novalidate=true
            class="flex flex-col gap-4"
            enctype=has_files.then_some("multipart/form-data")
            on:submit=move |ev| {
                ev.prevent_default();
                sync.state.set(SyncState::Pending);
                sync.save();
            }
        >
            // The first submit button is the one Enter presses: saving, never adding a row.
            <button type="submit" name="_intent" value="save" hidden=true tabindex="-1"></button>
            <input type="hidden" name="_version" value=v.version prop:value=move || sync.version.get().to_string() />
            {body}
            <div class="sticky bottom-16 z-[5] flex flex-wrap gap-3 rounded-lg border border-stone-200 bg-white p-3 shadow md:bottom-2">
                <button type="submit" name="_intent" value="save" class="btn-secondary" on:click=on_save_click>
                    {tr(K::SaveDraft)}
                </button>
                <button
                    type="submit"
                    name="_intent"
                    value="submit"
                    class="btn-primary"
                    disabled=move || submitting.get()
                    on:click=on_submit_click
                >
                    {tr(K::SubmitForm)}
                </button>
            </div>
        </form>
    }
}

/// Every section of the form with its inputs, each headed "Section n of m". Drawn once per set of
/// answers; what changes as the user types (errors, what shows) updates in place.
pub fn sections(st: FormState) -> impl IntoView {
    let lang = use_language();
    st.def.with_value(|d| {
        let total = d.sections.len();
        d.sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let t = s.title.clone();
                let fields = s.fields.iter().map(|f| field_view(st, f.clone(), f.key.clone(), None)).collect_view();
                view! {
                    <section
                        id=format!("s-{}", s.key)
                        class="card @container scroll-mt-20"
                        class:hidden=move || !section_visible(st, i)
                    >
                        <p class="text-sm text-stone-600">{tr(K::SectionWord)}" "{i + 1}" "{tr(K::OfWord)}" "{total}</p>
                        <h2 class="mb-3 text-lg font-semibold">{move || t.get(lang.get().code()).to_owned()}</h2>
                        <div class="grid gap-4 @2xl:grid-cols-2">{fields}</div>
                    </section>
                }
            })
            .collect_view()
    })
}

/// Waits `ms` milliseconds (in the browser).
async fn pause(ms: u64) {
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::from_millis(ms),
    );
    let _ = wait.await;
}

/// The question a field path names (`key`, or `group.N.key` with its row), in the page's
/// language.
fn question_name(st: FormState) -> FieldNames {
    let lang = use_language();
    std::sync::Arc::new(move |path: &str| {
        let code = lang.get_untracked().code();
        let mut parts = path.splitn(3, '.');
        let (first, row, key) = (parts.next()?, parts.next(), parts.next());
        st.def.with_value(|d| match (row.and_then(|r| r.parse::<usize>().ok()), key) {
            (Some(i), Some(key)) => {
                let f = d.field_at(&format!("{first}.{key}"))?;
                Some(format!("{} ({} {})", f.label.get(code), tr(K::RowWord)(), i + 1))
            }
            _ => d.field(first).map(|f| f.label.get(code).to_owned()),
        })
    })
}

/// Both versions of a draft side by side, field by field, and the choice between them.
#[component]
fn ConflictPanel(sync: Sync, c: super::sync::Conflict) -> impl IntoView {
    let lang = use_language();
    let l = lang.get_untracked().code();
    let rows = sync.st.def.with_value(|d| {
        d.fields()
            .filter(|f| c.mine.get(&f.key) != c.theirs.get(&f.key))
            .map(|f| {
                let show = |v: Option<&Value>| super::read::answer_text(f, v, &sync.st.ctx.get_value(), l);
                view! {
                    <tr class="border-t border-stone-200 align-top">
                        <th scope="row" class="py-2 pr-3 text-left font-medium">
                            {f.label.get(l).to_owned()}
                        </th>
                        <td class="py-2 pr-3 whitespace-pre-line">{show(c.mine.get(&f.key))}</td>
                        <td class="py-2 whitespace-pre-line">{show(c.theirs.get(&f.key))}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        <section role="alert" class="banner-warn" data-testid="draft-conflict">
            <p class="font-medium">{tr(K::SyncConflict)}</p>
            <p class="mb-2 text-sm">{tr(K::ConflictText)}</p>
            <div class="overflow-x-auto">
                <table class="w-full text-sm">
                    <thead>
                        <tr>
                            <th></th>
                            <th class="text-left">{tr(K::OnThisDevice)}</th>
                            <th class="text-left">{tr(K::SavedElsewhere)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="mt-3 flex flex-wrap gap-2">
                <button type="button" class="btn-primary" on:click=move |_| sync.resolve(true)>
                    {tr(K::KeepMine)}
                </button>
                <button type="button" class="btn-secondary" on:click=move |_| sync.resolve(false)>
                    {tr(K::KeepSaved)}
                </button>
            </div>
        </section>
    }
}
