//! An attachment field: the files it holds (a photo as a thumbnail, a document by its name), each
//! with a "keep" box, and a file input that offers the phone's camera. With the app loaded, a
//! chosen file is kept on the device first, then sent, one request per file with its progress
//! shown, and named in the answers, which then save as any answer does. A file that cannot reach
//! the server waits on the device, shown in its field, and goes when the signal is back. Without
//! the app, the files go with the form's post.

use super::state::FormState;
#[cfg(feature = "hydrate")]
use super::state::Upload;
use crate::api::forms::AttachmentView;
use crate::domain::attachment::{human_size, ACCEPT_ATTR};
use crate::domain::form::Value;
use crate::i18n::K;
use crate::ui::components::device_files::WaitingFile;
#[cfg(feature = "hydrate")]
use crate::ui::components::upload::NOT_REACHED;
use crate::ui::tr;
use leptos::prelude::*;

/// The files held at `path`, their ids as the answers keep them (read without tracking).
fn held(st: FormState, path: &str) -> Vec<String> {
    st.answer(path).map(|v| v.items().iter().map(|s| (*s).to_owned()).collect()).unwrap_or_default()
}

/// The attachment field at `path`.
pub fn attachment_input(
    st: FormState,
    path: String,
    id: String,
    legend: impl Fn() -> AnyView + Send + Sync + 'static,
    described: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
) -> AnyView {
    let ids = {
        let path = path.clone();
        Memo::new(move |_| {
            st.answers.track();
            held(st, &path)
        })
    };
    let input_id = format!("{id}-file");
    let hint_id = format!("{id}-files-hint");
    let on_keep = {
        let path = path.clone();
        move |file: String, keep: bool| {
            let mut now = held(st, &path);
            if keep {
                if !now.contains(&file) {
                    now.push(file);
                }
            } else {
                now.retain(|f| *f != file);
            }
            st.set(&path, Value::Many(now));
            st.check(&path);
        }
    };
    let on_choose = {
        let path = path.clone();
        move |ev: leptos::ev::Event| send_chosen(st, &path, ev)
    };
    let sending = {
        let path = path.clone();
        move || st.uploads.with(|u| u.iter().filter(|u| u.path == path).cloned().collect::<Vec<_>>())
    };
    // Kept on the device and not on their way now.
    let waiting = {
        let path = path.clone();
        move || {
            let going: Vec<String> = st.uploads.with(|u| u.iter().filter_map(|u| u.key.clone()).collect());
            st.waiting
                .with(|w| w.iter().filter(|w| w.path == path && !going.contains(&w.key)).cloned().collect::<Vec<_>>())
        }
    };
    let max = human_size(st.max_bytes);
    let path_k = path.clone();
    view! {
        <fieldset id=id aria-describedby=described>
            {legend()}
            <ul class="grid grid-cols-2 gap-3 sm:grid-cols-3">
                <For each=move || ids.get() key=|i| i.clone() let:file>
                    {file_card(st, &path_k, file, on_keep.clone())}
                </For>
                <For each=sending.clone() key=|u| u.n let:u>
                    <li class="flex flex-col gap-1 rounded-lg border border-stone-200 p-2 text-sm">
                        <span class="break-all">{u.name.clone()}</span>
                        <progress class="w-full" max="100" value=u.percent></progress>
                        <span class="text-stone-600">{tr(K::Sending)}" "{u.percent}"%"</span>
                    </li>
                </For>
                <For each=waiting.clone() key=|w| w.key.clone() let:w>
                    {waiting_card(st, w)}
                </For>
            </ul>
            <Show when=move || ids.with(Vec::is_empty) && sending().is_empty() && waiting().is_empty()>
                <p class="text-sm text-stone-600">{tr(K::NoFiles)}</p>
            </Show>
            <label for=input_id.clone() class="field-label mt-2">
                {tr(K::AddFiles)}
            </label>
            <input
                id=input_id
                type="file"
                name=path
                accept=ACCEPT_ATTR
                multiple=true
                aria-describedby=hint_id.clone()
                class="block w-full text-sm file:mr-3 file:min-h-11 file:cursor-pointer file:rounded-lg file:border file:border-stone-300 file:bg-stone-50 file:px-4 file:font-medium"
                on:change=on_choose
            />
            <p id=hint_id class="field-hint">
                {tr(K::FilesHintMax)}
                " "
                {max}
                "."
            </p>
        </fieldset>
    }
    .into_any()
}

/// One held file: its thumbnail or its name, opening the file; and the box that keeps it.
fn file_card(
    st: FormState,
    path: &str,
    file: String,
    on_keep: impl Fn(String, bool) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let known: Option<AttachmentView> =
        st.files.with_untracked(|f| f.iter().find(|a| a.id.to_string() == file).cloned());
    let name = known.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| format!("#{file}"));
    let size = known.as_ref().map(|a| a.size.clone()).unwrap_or_default();
    let picture = known.as_ref().filter(|a| a.has_thumbnail).map(|_| format!("/files/{file}/thumbnail"));
    let keep_id = format!("keep-{}-{file}", path.replace('.', "-"));
    let keep_for = keep_id.clone();
    let name_attr = path.to_owned();
    let (f1, f2) = (file.clone(), file.clone());
    view! {
        <li class="flex flex-col gap-1 rounded-lg border border-stone-200 p-2 text-sm" data-file=file.clone()>
            {crate::ui::components::upload::file_link(
                format!("/files/{f1}"),
                picture,
                name,
                known.as_ref().map(|a| a.kind),
                "h-28 w-full",
            )}
            <span class="text-stone-600">{size}</span>
            <label for=keep_for class="flex min-h-11 items-center gap-2">
                <input
                    id=keep_id
                    type="checkbox"
                    name=name_attr
                    value=f2.clone()
                    checked=true
                    class="h-5 w-5"
                    on:change=move |ev| on_keep(f2.clone(), event_target_checked(&ev))
                />
                {tr(K::KeepFile)}
            </label>
        </li>
    }
}

/// A file kept on the device for this field, not sent yet: its name, size, that it waits for the
/// signal, and a button that drops it.
fn waiting_card(st: FormState, w: WaitingFile) -> impl IntoView {
    let key = w.key.clone();
    let remove = move |_| {
        let key = key.clone();
        st.waiting.update(|all| all.retain(|x| x.key != key));
        // The form's copy on the device names the files waiting: written again.
        st.changes.update(|n| *n += 1);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move { crate::ui::components::device_files::forget(&key).await });
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    };
    view! {
        <li
            class="flex flex-col gap-1 rounded-lg border border-amber-300 bg-amber-50 p-2 text-sm"
            data-testid="waiting-file"
        >
            <span class="break-all font-medium">{w.name.clone()}</span>
            <span class="text-stone-600">{human_size(w.size)}</span>
            <span class="text-amber-900">{tr(K::FileWaiting)}</span>
            <button type="button" class="btn-secondary" on:click=remove>
                {tr(K::RemoveFile)}
            </button>
        </li>
    }
}

/// Keeps each file chosen in the input on the device and sends it; a file too large is refused
/// here without either. Where the device cannot keep files, a file is sent at once, and refused
/// without a signal.
#[cfg(feature = "hydrate")]
fn send_chosen(st: FormState, path: &str, ev: leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(list) = input.files() else { return };
    let Some(form_id) = st.upload_to else { return };
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        if file.size() > st.max_bytes as f64 {
            st.show_error(path, "too_large");
            continue;
        }
        let path = path.to_owned();
        leptos::task::spawn_local(async move {
            let (name, size) = (file.name(), file.size() as u64);
            match crate::ui::components::device_files::keep(form_id, &file).await {
                Some(key) => {
                    st.waiting.update(|w| w.push(WaitingFile { key, path, name, size }));
                    // The form's copy on the device names it before it is sent.
                    st.changes.update(|n| *n += 1);
                    send_waiting(st);
                }
                None if window().navigator().on_line() => {
                    let n = start_upload(st, &path, &name, None);
                    send_one(st, form_id, n, path, &file, &name, None);
                }
                None => st.show_error(&path, NOT_REACHED),
            }
        });
    }
    // What was chosen is held by the field now: the input is emptied so that nothing goes twice.
    input.set_value("");
}

#[cfg(not(feature = "hydrate"))]
fn send_chosen(_st: FormState, _path: &str, _ev: leptos::ev::Event) {}

/// Sends every file kept on the device for this form that is not on its way already: when one
/// is chosen, as the form opens, every few seconds while any waits, and when the signal is back.
#[cfg(feature = "hydrate")]
pub fn send_waiting(st: FormState) {
    let Some(form_id) = st.upload_to else { return };
    for w in st.waiting.get_untracked() {
        if st.uploads.with_untracked(|u| u.iter().any(|u| u.key.as_deref() == Some(w.key.as_str()))) {
            continue;
        }
        let n = start_upload(st, &w.path, &w.name, Some(w.key.clone()));
        leptos::task::spawn_local(async move {
            match crate::ui::components::device_files::read(&w.key).await {
                Some(blob) => send_one(st, form_id, n, w.path, &blob, &w.name, Some(w.key)),
                None => {
                    // The device lost the bytes (its storage was cleared): the worker must choose
                    // the file again.
                    st.uploads.update(|u| u.retain(|u| u.n != n));
                    st.waiting.update(|all| all.retain(|x| x.key != w.key));
                    st.changes.update(|c| *c += 1);
                    st.show_error(&w.path, "file_lost");
                }
            }
        });
    }
}

#[cfg(not(feature = "hydrate"))]
pub fn send_waiting(_st: FormState) {}

/// Shows a file as on its way; its number among the uploads.
#[cfg(feature = "hydrate")]
fn start_upload(st: FormState, path: &str, name: &str, key: Option<String>) -> u64 {
    let n = st.uploads.with_untracked(|u| u.iter().map(|u| u.n).max().unwrap_or(0)) + 1;
    st.uploads.update(|u| u.push(Upload { n, path: path.to_owned(), name: name.to_owned(), percent: 0, key }));
    n
}

/// Sends one file (upload `n`) for the field at `path`. Taken, it is named in the answers and
/// forgotten on the device; not reaching the server, it waits on; refused, the reason is shown.
#[cfg(feature = "hydrate")]
fn send_one(st: FormState, form_id: i64, n: u64, path: String, file: &web_sys::Blob, name: &str, key: Option<String>) {
    let progress = move |percent: u32| {
        st.uploads.update(|u| u.iter_mut().filter(|u| u.n == n).for_each(|u| u.percent = percent));
    };
    let done = {
        let path = path.clone();
        move |sent: crate::ui::components::upload::Sent| {
            st.uploads.update(|u| u.retain(|u| u.n != n));
            let waits = matches!(&sent, Err(code) if code == NOT_REACHED) && key.is_some();
            if waits {
                // Shown as waiting again; sent on the next try.
                return;
            }
            if let Some(key) = key.clone() {
                st.waiting.update(|all| all.retain(|x| x.key != key));
                leptos::task::spawn_local(async move { crate::ui::components::device_files::forget(&key).await });
            }
            match sent {
                Ok(view) => {
                    let id = view.id.to_string();
                    st.files.update(|f| f.push(view));
                    let mut now = held(st, &path);
                    now.push(id);
                    st.set(&path, Value::Many(now));
                    st.check(&path);
                }
                Err(code) => {
                    st.changes.update(|c| *c += 1);
                    st.show_error(&path, &code);
                }
            }
        }
    };
    let url = format!("/forms/{form_id}/files");
    crate::ui::components::upload::send_file(&url, &[("field", &path)], file, name, progress, done);
}

/// The files of a submitted form, to read and print: thumbnails of photos, names of documents,
/// each opening the file.
pub fn files_read(known: &[AttachmentView], ids: Vec<String>) -> AnyView {
    if ids.is_empty() {
        return view! { <span>"—"</span> }.into_any();
    }
    let items = ids
        .into_iter()
        .map(|file| {
            let a = known.iter().find(|a| a.id.to_string() == file).cloned();
            let name = a.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| format!("#{file}"));
            let size = a.as_ref().map(|a| a.size.clone()).unwrap_or_default();
            let picture = a.as_ref().filter(|a| a.has_thumbnail).map(|_| format!("/files/{file}/thumbnail"));
            view! {
                <li class="flex w-40 flex-col gap-1 text-sm print:break-inside-avoid" data-file=file.clone()>
                    <a href=format!("/files/{file}") target="_blank" rel="noopener" class="link flex flex-col gap-1">
                        {picture
                            .map(|src| {
                                view! {
                                    <img
                                        src=src
                                        alt=name.clone()
                                        loading="lazy"
                                        class="h-28 w-40 rounded object-cover"
                                    />
                                }
                            })}
                        <span class="break-all">{name.clone()}</span>
                    </a>
                    <span class="text-stone-600">{size}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="flex flex-wrap gap-3">{items}</ul> }.into_any()
}
