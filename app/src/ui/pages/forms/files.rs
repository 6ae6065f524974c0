//! An attachment field: the files it holds (a photo as a thumbnail, a document by its name), each
//! with a "keep" box, and a file input that offers the phone's camera. With the app loaded, a
//! chosen file is sent at once, one request per file with its progress shown, and named in the
//! answers, which then save as any answer does. Without it, the files go with the form's post.

use super::fields::FormState;
use crate::api::forms::AttachmentView;
use crate::domain::attachment::{human_size, ACCEPT_ATTR};
use crate::domain::form::Value;
use crate::i18n::K;
use crate::ui::tr;
use leptos::prelude::*;

/// A file on its way to the server.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    /// Tells uploads apart (the same name may be sent twice).
    pub n: u64,
    pub path: String,
    pub name: String,
    /// 0–100.
    pub percent: u32,
}

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
            </ul>
            <Show when=move || ids.with(Vec::is_empty) && sending().is_empty()>
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

/// Sends each file chosen in the input, one request each, and names the kept ones in the
/// answers at `path`. A file too large, or no connection, is refused here without sending it.
#[cfg(feature = "hydrate")]
fn send_chosen(st: FormState, path: &str, ev: leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(list) = input.files() else { return };
    let Some(form_id) = st.upload_to else { return };
    let online = window().navigator().on_line();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        if !online {
            st.show_error(path, "offline_file");
            break;
        }
        if file.size() > st.max_bytes as f64 {
            st.show_error(path, "too_large");
            continue;
        }
        send_one(st, form_id, path.to_owned(), file);
    }
    // What was sent is held in the answers now: the input is emptied so that nothing goes twice.
    input.set_value("");
}

#[cfg(not(feature = "hydrate"))]
fn send_chosen(_st: FormState, _path: &str, _ev: leptos::ev::Event) {}

#[cfg(feature = "hydrate")]
fn send_one(st: FormState, form_id: i64, path: String, file: web_sys::File) {
    let n = st.uploads.with_untracked(|u| u.iter().map(|u| u.n).max().unwrap_or(0)) + 1;
    st.uploads.update(|u| u.push(Upload { n, path: path.clone(), name: file.name(), percent: 0 }));
    let progress = move |percent: u32| {
        st.uploads.update(|u| u.iter_mut().filter(|u| u.n == n).for_each(|u| u.percent = percent));
    };
    let done = {
        let path = path.clone();
        move |sent: crate::ui::components::upload::Sent| {
            st.uploads.update(|u| u.retain(|u| u.n != n));
            match sent {
                Ok(view) => {
                    let id = view.id.to_string();
                    st.files.update(|f| f.push(view));
                    let mut now = held(st, &path);
                    now.push(id);
                    st.set(&path, Value::Many(now));
                    st.check(&path);
                }
                Err(code) => st.show_error(&path, &code),
            }
        }
    };
    let url = format!("/forms/{form_id}/files");
    crate::ui::components::upload::send_file(&url, &[("field", &path)], file, progress, done);
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
