//! Signing out. Answers typed on this device that have not reached the server are never dropped
//! without asking: the worker sends them first, or keeps them on the device (with the pages to
//! open them offline) for the next sign-in.

use super::offline::{clear_local, forget_pages, signed_in_as, unsent_drafts};
use crate::api::auth::SignOut;
use crate::i18n::K;
use crate::ui::tr;
use leptos::prelude::*;

/// The header's sign-out button, and the question it asks when drafts wait on the device.
#[component]
pub fn SignOutButton(user: i64) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    // The drafts asked about, and those that could not be sent.
    let waiting = RwSignal::new(None::<usize>);
    let failed = RwSignal::new(Vec::<i64>::new());
    let sending = RwSignal::new(false);
    // The pages kept on this device are this user's (another's are dropped).
    Effect::new(move |_| signed_in_as(user));
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let drafts = unsent_drafts();
        if drafts.is_empty() {
            // Nothing waits: the kept pages go with the session, and the form posts on.
            forget_pages();
            return;
        }
        ev.prevent_default();
        failed.set(Vec::new());
        waiting.set(Some(drafts.len()));
    };
    let send_then_sign_out = move |_| {
        sending.set(true);
        leptos::task::spawn_local(async move {
            let mut left = Vec::new();
            for (id, copy) in unsent_drafts() {
                // Files waiting on the device are sent by their form: it is listed to open.
                let sent = copy.files.is_empty()
                    && match serde_json::to_string(&copy.answers) {
                        Ok(json) => crate::api::forms::save_draft(id, copy.base, json).await.is_ok(),
                        Err(_) => false,
                    };
                if sent {
                    clear_local(id);
                } else {
                    // No signal, or saved elsewhere meanwhile: the form itself settles it.
                    left.push(id);
                }
            }
            sending.set(false);
            if left.is_empty() {
                forget_pages();
                waiting.set(None);
                sign_out.dispatch(SignOut {});
            } else {
                waiting.set(Some(left.len()));
                failed.set(left);
            }
        });
    };
    let keep_then_sign_out = move |_| {
        waiting.set(None);
        sign_out.dispatch(SignOut {});
    };
    let question = move || {
        waiting.get().map(|n| {
            let unsent = failed.get();
            let links = unsent
                .iter()
                .map(|id| {
                    view! {
                        <li>
                            <a href=format!("/forms/{id}") rel="external" class="link">
                                {tr(K::OpenForm)}
                                " #"
                                {*id}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div
                    role="alertdialog"
                    aria-labelledby="unsent-h"
                    aria-describedby="unsent-text"
                    class="fixed inset-x-2 top-16 z-30 mx-auto max-w-lg rounded-lg border border-amber-300 bg-white p-4 shadow-lg"
                    data-testid="unsent-drafts"
                >
                    <h2 id="unsent-h" class="text-lg font-semibold">
                        {tr(K::UnsentTitle)}
                    </h2>
                    <p id="unsent-text" class="mt-1 text-sm">
                        {tr(K::UnsentText)}
                        " "
                        {n}
                        "."
                    </p>
                    {(!unsent.is_empty())
                        .then(|| {
                            view! {
                                <p role="alert" class="mt-2 text-sm font-medium text-red-800">
                                    {tr(K::UnsentFailed)}
                                </p>
                                <ul class="mt-1 text-sm">{links}</ul>
                            }
                        })}
                    <div class="mt-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap">
                        <button
                            type="button"
                            class="btn-primary"
                            disabled=move || sending.get()
                            on:click=send_then_sign_out
                        >
                            {move || if sending.get() { tr(K::Sending)() } else { tr(K::SendThenSignOut)() }}
                        </button>
                        <button type="button" class="btn-secondary" on:click=keep_then_sign_out>
                            {tr(K::KeepThenSignOut)}
                        </button>
                        <button type="button" class="btn-secondary" on:click=move |_| waiting.set(None)>
                            {tr(K::StaySignedIn)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <ActionForm action=sign_out attr:class="shrink-0">
            <button type="submit" class="btn-secondary" on:click=on_click>
                {tr(K::SignOut)}
            </button>
        </ActionForm>
        {question}
    }
}
