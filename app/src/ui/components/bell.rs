//! The bell in every page's header: the number of unread notifications, a link to them, and
//! the live feed that keeps the number current without a reload.
//!
//! The page is drawn with the count of that moment ([`MeView::unread`]). Once the app runs, one
//! `EventSource` per tab listens to `/api/alerts/live` while a bell is drawn (the browser
//! reconnects it by itself after a lost signal; it closes when the user signs out), and the bell
//! shows what it last said. Pages read the same count ([`live_unread`]) to refresh what a new
//! notification is about.

use crate::api::MeView;
use crate::i18n::K;
use crate::ui::tr;
use leptos::prelude::*;

const ICON_BELL: &str = "M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0";

#[cfg(feature = "hydrate")]
mod feed {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use std::cell::RefCell;

    thread_local! {
        /// The tab's one live connection, kept for the tab's life.
        static SOURCE: RefCell<Option<(web_sys::EventSource, Closure<dyn Fn(web_sys::MessageEvent)>)>> =
            const { RefCell::new(None) };
        /// The bell drawn last: the feed writes into it.
        static SINK: RefCell<Option<RwSignal<i64>>> = const { RefCell::new(None) };
        /// How many bells are drawn: the connection closes when the last one goes (signing out).
        static BELLS: RefCell<usize> = const { RefCell::new(0) };
        /// What the feed said last: newer than the count a page drawn since carries.
        static LAST: RefCell<Option<i64>> = const { RefCell::new(None) };
    }

    /// A bell went away; with none left the connection closes, so a signed-out tab hears nothing.
    pub fn release() {
        let left = BELLS.with(|b| {
            let mut b = b.borrow_mut();
            *b = b.saturating_sub(1);
            *b
        });
        if left == 0 {
            SOURCE.with(|s| {
                if let Some((source, _)) = s.borrow_mut().take() {
                    source.close();
                }
                // The next user of this tab starts from their own page's count.
                LAST.with(|l| *l.borrow_mut() = None);
            });
        }
    }

    /// Points the feed at `count`, opening the connection the first time.
    pub fn follow(count: RwSignal<i64>) {
        BELLS.with(|b| *b.borrow_mut() += 1);
        SINK.with(|s| *s.borrow_mut() = Some(count));
        if let Some(n) = LAST.with(|l| *l.borrow()) {
            count.set(n);
        }
        SOURCE.with(|s| {
            if s.borrow().is_some() {
                return;
            }
            let Ok(source) = web_sys::EventSource::new("/api/alerts/live") else { return };
            let on_unread = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
                let Some(n) = e.data().as_string().and_then(|d| d.trim().parse::<i64>().ok()) else { return };
                LAST.with(|l| *l.borrow_mut() = Some(n));
                SINK.with(|s| {
                    if let Some(sig) = *s.borrow() {
                        // A bell already gone leaves a disposed signal: nothing to do.
                        let _ = sig.try_set(n);
                    }
                });
            });
            if source.add_event_listener_with_callback("unread", on_unread.as_ref().unchecked_ref()).is_ok() {
                *s.borrow_mut() = Some((source, on_unread));
            }
        });
    }
}

/// The unread count of the signed-in user, shared by the bell and the page drawn below it.
#[derive(Clone, Copy)]
struct Unread(RwSignal<i64>);

/// Starts the unread count of `me` for the bell and the page of this frame (the layout calls it
/// before it draws either).
pub(crate) fn provide_unread(me: &MeView) {
    provide_context(Unread(RwSignal::new(me.unread)));
}

/// The unread count the bell shows: the count the page was drawn with, then what the live feed
/// says (in the browser only). A page whose content a notification may be about (a ticket)
/// follows it to refresh without a reload. `None` outside a signed-in page.
pub fn live_unread() -> Option<ReadSignal<i64>> {
    use_context::<Unread>().map(|u| u.0.read_only())
}

/// The header's bell for the signed-in `me`.
#[component]
pub fn Bell(me: MeView) -> impl IntoView {
    let count = use_context::<Unread>().map(|u| u.0).unwrap_or_else(|| RwSignal::new(me.unread));
    // Nothing of the user's work comes before a temporary password is changed: the server
    // refuses the feed then, so none is opened.
    #[cfg(feature = "hydrate")]
    if !me.must_change_password {
        Effect::new(move |_| feed::follow(count));
        on_cleanup(feed::release);
    }
    let label = move || {
        let n = count.get();
        if n == 0 {
            tr(K::NotificationsNone)().to_owned()
        } else {
            format!("{}: {n}", tr(K::NotificationsUnread)())
        }
    };
    view! {
        <a
            href="/notifications"
            class="relative inline-flex h-11 w-11 items-center justify-center rounded-full text-stone-700 hover:bg-stone-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-orange-700"
            aria-label=label
            title=label
            data-testid="bell"
        >
            {super::icon::icon(ICON_BELL)}
            <span
                class="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-bold leading-5 text-white"
                class:hidden=move || count.get() == 0
                data-testid="bell-count"
                aria-hidden="true"
            >
                {move || count.get().min(99).to_string()}
            </span>
        </a>
    }
}
