//! Files with a ticket's message (a screenshot, a photo, a document), and the files a message
//! carries in the thread.
//!
//! With the page's script, a chosen file is sent at once (`POST /support/files`), its progress
//! shown, and named in the form's `files[…]`; the message then goes with those files. Without it,
//! the form posts as multipart and the files go with the post.

use crate::api::forms::AttachmentView;
use crate::domain::attachment::{human_size, ACCEPT_ATTR};
use crate::i18n::K;
use crate::ui::components::form::ErrorText;
use crate::ui::tr;
use leptos::prelude::*;

/// A file on its way to the server.
#[derive(Clone, Debug, PartialEq)]
pub struct Sending {
    /// Tells sends apart (the same name may be sent twice).
    pub n: u64,
    pub name: String,
    /// 0–100.
    pub percent: u32,
}

/// The files a message being written will carry.
#[derive(Clone, Copy)]
pub struct Picked {
    pub files: RwSignal<Vec<AttachmentView>>,
    pub sending: RwSignal<Vec<Sending>>,
    /// A file refused in the browser or by the server, as an error code.
    pub error: RwSignal<Option<String>>,
    pub max_bytes: u64,
}

impl Picked {
    pub fn new(max_bytes: u64) -> Self {
        Picked {
            files: RwSignal::new(Vec::new()),
            sending: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            max_bytes,
        }
    }

    /// True while a file is still on its way: the message waits for it.
    pub fn busy(self) -> Signal<bool> {
        Signal::derive(move || self.sending.with(|s| !s.is_empty()))
    }

    /// After the message went: nothing is picked any more.
    pub fn clear(self) {
        self.files.set(Vec::new());
        self.error.set(None);
    }
}

/// Sends each file chosen in the input, one request each; refuses here, without sending, one
/// too large, one over the count, and any while there is no connection.
#[cfg(feature = "hydrate")]
fn send_chosen(p: Picked, ev: leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(list) = input.files() else { return };
    p.error.set(None);
    let online = window().navigator().on_line();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        if !online {
            p.error.set(Some("offline_file".into()));
            break;
        }
        if p.files.with_untracked(Vec::len) + p.sending.with_untracked(Vec::len) >= crate::domain::ticket::FILES_MAX {
            p.error.set(Some("too_many_files".into()));
            break;
        }
        if file.size() > p.max_bytes as f64 {
            p.error.set(Some("too_large".into()));
            continue;
        }
        let n = p.sending.with_untracked(|s| s.iter().map(|s| s.n).max().unwrap_or(0)) + 1;
        p.sending.update(|s| s.push(Sending { n, name: file.name(), percent: 0 }));
        let progress = move |percent: u32| {
            p.sending.update(|s| s.iter_mut().filter(|s| s.n == n).for_each(|s| s.percent = percent))
        };
        let done = move |sent: crate::ui::components::upload::Sent| {
            p.sending.update(|s| s.retain(|s| s.n != n));
            match sent {
                Ok(view) => p.files.update(|f| f.push(view)),
                Err(code) => p.error.set(Some(code)),
            }
        };
        crate::ui::components::upload::send_file("/support/files", &[], &file, &file.name(), progress, done);
    }
    // What was sent is named in the form now: the input is emptied so that nothing goes twice.
    input.set_value("");
}

#[cfg(not(feature = "hydrate"))]
fn send_chosen(_p: Picked, _ev: leptos::ev::Event) {}

/// The thumbnail or the type of a file, and its name, opening it.
fn file_link(f: &AttachmentView, size: &'static str) -> AnyView {
    let thumb = f.has_thumbnail.then(|| format!("/support/files/{}/thumbnail", f.id));
    crate::ui::components::upload::file_link(
        format!("/support/files/{}", f.id),
        thumb,
        f.name.clone(),
        Some(f.kind),
        size,
    )
}

/// The file input of a message, the files picked for it (each can be taken out again), and
/// their names in the form. `error` is the server's refusal at `files`.
#[component]
pub fn FilePicker(
    picked: Picked,
    #[prop(into)] error: Signal<Option<String>>,
    /// Tells the reporter that support sees only these files.
    #[prop(optional)]
    privacy: bool,
) -> impl IntoView {
    let p = picked;
    let shown_error = Signal::derive(move || p.error.get().or_else(|| error.get()));
    let invalid = move || shown_error.get().is_some().then_some("true");
    let described = move || {
        let mut ids = String::from("f-files-hint");
        if shown_error.get().is_some() {
            ids.push_str(" f-files-error");
        }
        ids
    };
    let max = human_size(p.max_bytes);
    view! {
        <div class="field" data-testid="ticket-files">
            <label for="f-files" class="field-label">
                {tr(K::TkFiles)}
            </label>
            <ul class="grid grid-cols-2 gap-3 sm:grid-cols-3">
                <For
                    each=move || p.files.get()
                    key=|f| f.id
                    children=move |f| {
                        let id = f.id;
                        view! {
                            <li class="flex flex-col gap-1 rounded-lg border border-stone-200 p-2 text-sm" data-file=id>
                                {file_link(&f, "h-20 w-full")}
                                <span class="text-stone-600">{f.size.clone()}</span>
                                <button
                                    type="button"
                                    class="btn-secondary min-h-11"
                                    on:click=move |_| p.files.update(|v| v.retain(|f| f.id != id))
                                >
                                    {tr(K::TkRemoveFile)}
                                    <span class="sr-only">" " {f.name.clone()}</span>
                                </button>
                            </li>
                        }
                    }
                />
                <For each=move || p.sending.get() key=|s| s.n let:s>
                    <li class="flex flex-col gap-1 rounded-lg border border-stone-200 p-2 text-sm">
                        <span class="break-all">{s.name.clone()}</span>
                        <progress class="w-full" max="100" value=s.percent></progress>
                        <span class="text-stone-600">{tr(K::Sending)}" "{s.percent}"%"</span>
                    </li>
                </For>
            </ul>
            {move || {
                p.files
                    .get()
                    .iter()
                    .enumerate()
                    .map(|(i, f)| view! { <input type="hidden" name=format!("files[{i}]") value=f.id /> })
                    .collect_view()
            }}
            <input
                id="f-files"
                type="file"
                name="file"
                accept=ACCEPT_ATTR
                multiple=true
                aria-invalid=invalid
                aria-describedby=described
                class="block w-full text-sm file:mr-3 file:min-h-11 file:cursor-pointer file:rounded-lg file:border file:border-stone-300 file:bg-stone-50 file:px-4 file:font-medium"
                on:change=move |ev| send_chosen(p, ev)
            />
            <p id="f-files-hint" class="field-hint">
                {tr(K::TkFilesHint)}
                " "
                {max}
                "."
                {privacy
                    .then(|| {
                        view! {
                            " "
                            {tr(K::TkFilesPrivacy)}
                        }
                    })}
            </p>
            <ErrorText error=shown_error id="f-files-error".to_owned() />
        </div>
    }
}

/// The files a message of the thread carries.
pub fn message_files(files: Vec<AttachmentView>) -> Option<impl IntoView> {
    (!files.is_empty()).then(|| {
        let items = files
            .iter()
            .map(|f| {
                view! {
                    <li class="flex w-32 flex-col gap-1 text-sm" data-file=f.id>
                        {file_link(f, "h-24 w-32")}
                        <span class="text-stone-600">{f.size.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="mt-2 flex flex-wrap gap-3" aria-label=tr(K::TkFilesSent)>
                {items}
            </ul>
        }
    })
}
