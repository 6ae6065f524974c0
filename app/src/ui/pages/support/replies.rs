//! Saved replies, for support agents: the answers written once and inserted into a reply on a
//! ticket. The list of those in use, a form to add one, the same form to change one
//! (`?edit=<id>`, holding the version it was opened at) and a button to archive each. Every form
//! posts without JavaScript too.

use super::Refusal;
use crate::api::tickets::{list_saved_replies, ArchiveReply, SaveReply, SavedReplyView};
use crate::api::MeView;
use crate::i18n::{error_text, use_language, K};
use crate::ui::components::form::{action_error, field_error, posted_value, Notice};
use crate::ui::components::layout::{PageError, Protected};
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The page's address.
const HERE: &str = "/support/replies";
/// How much of a reply's text the list shows.
const PREVIEW_CHARS: usize = 160;

#[component]
pub fn RepliesPage() -> impl IntoView {
    view! {
        <Title text=tr(K::SrPage) />
        <Protected children=|_me: MeView| view! { <Replies /> } />
    }
}

/// The start of a reply's text, cut at a word where it is long.
fn preview(body: &str) -> String {
    if body.chars().count() <= PREVIEW_CHARS {
        return body.to_owned();
    }
    let cut: String = body.chars().take(PREVIEW_CHARS).collect();
    let cut = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

#[component]
fn Replies() -> impl IntoView {
    let query = use_query_map();
    let edit = move || query.with(|q| q.get("edit")).and_then(|s| s.trim().parse::<i64>().ok());
    let save = ServerAction::<SaveReply>::new();
    let archive = ServerAction::<ArchiveReply>::new();
    // Counts the changes that took: the list is fetched again after each. A refused change leaves
    // the list and the form as they are, with what was typed.
    let changes = RwSignal::new(0u32);
    // The saves that took: each leaves a new form (an empty one after adding).
    let saves = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<K>);
    let navigate = use_navigate();
    let (saved, archived) = (save.value(), archive.value());
    // Effects run in the browser only.
    Effect::new(move |_| {
        if saved.with(|v| matches!(v, Some(Ok(_)))) {
            let editing = query.with_untracked(|q| q.get("edit").is_some());
            notice.set(Some(if editing { K::Saved } else { K::SrAdded }));
            changes.update(|n| *n += 1);
            saves.update(|n| *n += 1);
            if editing {
                navigate(HERE, Default::default());
            }
        }
    });
    Effect::new(move |_| {
        if archived.with(|v| matches!(v, Some(Ok(_)))) {
            notice.set(Some(K::SrArchived));
            changes.update(|n| *n += 1);
        }
    });
    // Going to another reply's form (or back to adding) forgets the last answer's errors.
    Effect::new(move |before: Option<Option<i64>>| {
        let now = edit();
        if before.is_some_and(|b| b != now) {
            save.clear();
        }
        now
    });
    let list = Resource::new(move || changes.get(), |_| list_saved_replies());
    view! {
        <div class="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h1 class="text-2xl font-bold">{tr(K::SrPage)}</h1>
            <a href="/support/queue" class="btn-secondary">
                {tr(K::NavQueue)}
            </a>
        </div>
        <p class="mb-4 max-w-prose text-stone-700">{tr(K::SrIntro)}</p>
        {move || notice.get().map(|k| view! { <Notice text=k /> })}
        <Suspense fallback=|| {
            view! { <p>"…"</p> }
        }>
            {move || {
                list.get()
                    .map(|r| match r {
                        Ok(list) => {
                            let editing = edit();
                            view! { <Board list editing save archive saves=saves.get_untracked() /> }.into_any()
                        }
                        Err(e) => view! { <PageError error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Board(
    list: Vec<SavedReplyView>,
    editing: Option<i64>,
    save: ServerAction<SaveReply>,
    archive: ServerAction<ArchiveReply>,
    saves: u32,
) -> impl IntoView {
    let current = editing.and_then(|id| list.iter().find(|r| r.id == id).cloned());
    let gone = editing.is_some() && current.is_none();
    let empty = list.is_empty();
    let rows = list
        .into_iter()
        .map(|r| {
            let open = editing == Some(r.id);
            view! { <Row r open archive /> }
        })
        .collect_view();
    view! {
        // The form comes first: on a phone it is what "Edit" leads to, at the top of the page.
        <div class="grid gap-6 lg:grid-cols-[2fr_3fr] lg:items-start">
            <section class="card" aria-labelledby="reply-form-h">
                {gone.then(|| view! { <p class="banner-warn">{tr(K::SrGone)}</p> })}
                // A new form for each reply opened and after each save, not the old one with
                // new values: an input keeps what was typed over a changed `value`.
                <For
                    each=move || [(editing, saves)]
                    key=|k| *k
                    children=move |_| view! { <Editor current=current.clone() save fresh=saves == 0 /> }
                />
            </section>
            <section aria-labelledby="replies-h">
                <h2 id="replies-h" class="mb-2 text-lg font-semibold">
                    {tr(K::SrInUse)}
                </h2>
                <Refusal error=action_error(archive.value()) reload=HERE.to_owned() />
                {empty.then(|| view! { <p class="card text-stone-600">{tr(K::SrNone)}</p> })}
                <ul class="flex flex-col gap-3" data-testid="saved-replies">
                    {rows}
                </ul>
            </section>
        </div>
    }
}

#[component]
fn Row(r: SavedReplyView, open: bool, archive: ServerAction<ArchiveReply>) -> impl IntoView {
    let title = r.title.clone();
    view! {
        <li class="card" class:border-orange-800=open data-testid="saved-reply">
            <h3 class="break-words font-semibold">{r.title.clone()}</h3>
            {r.offered.then(|| view! { <p class="text-sm text-green-800">{tr(K::SrInKnowledgeBase)}</p> })}
            <p class="mt-1 line-clamp-3 whitespace-pre-line break-words text-stone-700">{preview(&r.body)}</p>
            <div class="mt-3 flex flex-wrap gap-2">
                <a href=format!("{HERE}?edit={}", r.id) class="btn-secondary" aria-current=open.then_some("true")>
                    {tr(K::Edit)}
                    <span class="sr-only">": " {r.title.clone()}</span>
                </a>
                <ActionForm action=archive>
                    <input type="hidden" name="id" value=r.id />
                    <input type="hidden" name="version" value=r.version />
                    <button type="submit" class="btn-secondary">
                        {tr(K::Archive)}
                        <span class="sr-only">": " {title}</span>
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}

/// The form that adds a reply (`current` is none) or changes `current` at the version shown.
/// `fresh`: nothing has been saved since the page loaded, so what a refused plain post held may
/// be shown again.
#[component]
fn Editor(current: Option<SavedReplyView>, save: ServerAction<SaveReply>, fresh: bool) -> impl IntoView {
    let lang = use_language();
    let value = save.value();
    let err = move |f: &'static str| move || field_error(&value.get(), f);
    let posted = |name: &str| if fresh { posted_value(name) } else { None };
    let heading = if current.is_some() { K::SrChange } else { K::SrAdd };
    let reload = current.as_ref().map_or_else(|| HERE.to_owned(), |r| format!("{HERE}?edit={}", r.id));
    let title = posted("title").or_else(|| current.as_ref().map(|r| r.title.clone())).unwrap_or_default();
    let body = posted("body").or_else(|| current.as_ref().map(|r| r.body.clone())).unwrap_or_default();
    // A refused plain post comes back with what was ticked; otherwise the reply as it is.
    let offered = if fresh && posted("title").is_some() {
        posted("offered").is_some()
    } else {
        current.as_ref().is_some_and(|r| r.offered)
    };
    let hidden = current.as_ref().map(|r| {
        view! {
            <input type="hidden" name="id" value=r.id />
            <input type="hidden" name="version" value=r.version />
        }
    });
    let title_err = err("title");
    let body_err = err("body");
    let described = |hint: &'static str, error: &'static str, has_error: bool| {
        if has_error {
            format!("{hint} {error}")
        } else {
            hint.to_owned()
        }
    };
    // An empty text child leaves no text node in the parsed page for hydration to find.
    let area = if body.is_empty() {
        view! {
            <textarea
                id="f-reply-body"
                name="body"
                rows="8"
                class="input"
                required=true
                aria-invalid=move || body_err().is_some().then_some("true")
                aria-describedby=move || described("f-reply-body-hint", "f-reply-body-error", body_err().is_some())
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <textarea
                id="f-reply-body"
                name="body"
                rows="8"
                class="input"
                required=true
                aria-invalid=move || body_err().is_some().then_some("true")
                aria-describedby=move || described("f-reply-body-hint", "f-reply-body-error", body_err().is_some())
            >
                {crate::ui::components::text::textarea_text(body)}
            </textarea>
        }
        .into_any()
    };
    let editing = current.is_some();
    view! {
        <h2 id="reply-form-h" class="mb-3 text-lg font-semibold">
            {tr(heading)}
        </h2>
        <Refusal error=action_error(value) reload at_field="title" />
        <ActionForm
            action=save
            attr:novalidate=true
            attr:class="flex flex-col gap-3"
            attr:data-testid="saved-reply-form"
        >
            {hidden}
            <div class="field">
                <label for="f-reply-title" class="field-label">
                    {tr(K::SrTitle)}
                    <span class="text-red-700" aria-hidden="true">
                        " *"
                    </span>
                </label>
                <p id="f-reply-title-hint" class="field-hint">
                    {tr(K::SrTitleHint)}
                </p>
                <input
                    id="f-reply-title"
                    name="title"
                    class="input"
                    autocomplete="off"
                    maxlength="100"
                    required=true
                    value=title
                    aria-invalid=move || title_err().is_some().then_some("true")
                    aria-describedby=move || described(
                        "f-reply-title-hint",
                        "f-reply-title-error",
                        title_err().is_some(),
                    )
                />
                {move || {
                    title_err()
                        .map(|c| {
                            view! {
                                <p id="f-reply-title-error" class="field-error" role="alert">
                                    {error_text(lang.get(), &c)}
                                </p>
                            }
                        })
                }}
            </div>
            <div class="field">
                <label for="f-reply-body" class="field-label">
                    {tr(K::SrBody)}
                    <span class="text-red-700" aria-hidden="true">
                        " *"
                    </span>
                </label>
                <p id="f-reply-body-hint" class="field-hint">
                    {tr(K::SrBodyHint)}
                </p>
                {area}
                {move || {
                    body_err()
                        .map(|c| {
                            view! {
                                <p id="f-reply-body-error" class="field-error" role="alert">
                                    {error_text(lang.get(), &c)}
                                </p>
                            }
                        })
                }}
            </div>
            <div class="field">
                <label for="f-reply-offered" class="check">
                    <input id="f-reply-offered" type="checkbox" name="offered" value="on" checked=offered />
                    <span>{tr(K::SrOffered)}</span>
                </label>
                <p class="field-hint">{tr(K::SrOfferedHint)}</p>
            </div>
            <div class="flex flex-wrap gap-2">
                <button type="submit" class="btn-primary">
                    {tr(if editing { K::Save } else { K::SrAdd })}
                </button>
                {editing
                    .then(|| {
                        view! {
                            <a href=HERE class="btn-secondary">
                                {tr(K::SrCancel)}
                            </a>
                        }
                    })}
            </div>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::preview;

    #[test]
    fn previews_cut_long_texts_at_a_word() {
        assert_eq!(preview("Short."), "Short.");
        let long = "word ".repeat(60);
        let p = preview(&long);
        assert!(p.ends_with("word…"), "{p}");
        assert!(p.chars().count() <= super::PREVIEW_CHARS + 1);
        // Letters beyond ASCII are counted as letters, not bytes.
        let ro = "ăîșțâ".repeat(40);
        assert_eq!(preview(&ro).chars().count(), super::PREVIEW_CHARS + 1);
    }
}
