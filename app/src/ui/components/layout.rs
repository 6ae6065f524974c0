//! The page frame: a top bar, a sidebar on desktop and a bottom navigation on
//! phones; and the guard that sends signed-out visitors to sign in.

use crate::api::MeView;
use crate::domain::{AppError, Permission};
use crate::i18n::K;
use crate::ui::components::form::ErrorBanner;
use crate::ui::{tr, use_auth};
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;

/// One entry of the navigation.
struct NavItem {
    href: &'static str,
    label: K,
    icon: &'static str,
}

// Outline icons (24 × 24 paths): text glyphs and emoji are missing from
// many phones' fonts.
const ICON_HOME: &str = "M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10";
const ICON_USERS: &str = "M16 20v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7M22 20v-1a4 4 0 0 0-3-3.9M16 4.1a3.5 3.5 0 0 1 0 6.8";
const ICON_AUDIT: &str = "M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10zM9 12l2 2 4-4";
const ICON_PERSONS: &str = "M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.3-4.3";
const ICON_CASES: &str = "M4 7h16v13H4zM9 7V4h6v3M4 12h16";
const ICON_TEAM: &str = "M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8";
const ICON_LIST: &str = "M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01";
const ICON_FORMS: &str = "M6 2h9l5 5v15H6zM14 2v6h6M9 13h8M9 17h8M9 9h2";
const ICON_TODAY: &str = "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 6v6l4 2";
const ICON_PROFILE: &str = "M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8";

/// A line icon (24 × 24, drawn with the text colour) for the path `d`; hidden from screen readers.
pub(crate) fn icon(d: &'static str) -> impl IntoView {
    view! {
        <svg
            viewBox="0 0 24 24"
            class="h-5 w-5"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
        >
            <path d=d />
        </svg>
    }
}

fn nav_items(me: &MeView) -> Vec<NavItem> {
    let mut items = vec![NavItem { href: "/", label: K::NavHome, icon: ICON_HOME }];
    if me.roles.allows(Permission::ViewPersons) {
        items.push(NavItem { href: "/persons", label: K::NavPersons, icon: ICON_PERSONS });
    }
    if me.roles.allows(Permission::EditAssignedCases) {
        items.push(NavItem { href: "/cases", label: K::NavCases, icon: ICON_CASES });
    }
    if me.roles.allows(Permission::EditAssignedCases) || me.roles.allows(Permission::SuperviseCases) {
        items.push(NavItem { href: "/today", label: K::NavToday, icon: ICON_TODAY });
    }
    if me.roles.allows(Permission::SuperviseCases) {
        items.push(NavItem { href: "/team", label: K::NavTeam, icon: ICON_TEAM });
    }
    if me.roles.allows(Permission::ManageUsers) {
        items.push(NavItem { href: "/admin/users", label: K::NavUsers, icon: ICON_USERS });
    }
    if me.roles.allows(Permission::ManageClassifiers) {
        items.push(NavItem { href: "/admin/classifiers", label: K::NavClassifiers, icon: ICON_LIST });
        items.push(NavItem { href: "/admin/forms", label: K::NavForms, icon: ICON_FORMS });
        items.push(NavItem { href: "/admin/deadlines", label: K::NavDeadlines, icon: ICON_TODAY });
    }
    if me.roles.allows(Permission::ViewAudit) {
        items.push(NavItem { href: "/audit", label: K::NavAudit, icon: ICON_AUDIT });
    }
    items.push(NavItem { href: "/profile", label: K::NavProfile, icon: ICON_PROFILE });
    items
}

/// Renders `children` for a signed-in user; sends anyone else to sign in,
/// and a user with a temporary password to change it first.
#[component]
pub fn Protected<F, IV>(children: F) -> impl IntoView
where
    F: Fn(MeView) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let auth = use_auth();
    let location = use_location();
    // The page is built inside a `Suspend`, not a reactive closure. On the
    // server, Suspense runs a closure twice (once to find the resources it
    // reads, once to render), so a page built in a closure would create its
    // own resources twice, with different hydration ids than in the browser;
    // the browser would then hydrate against the wrong data. A `Suspend`
    // polled early keeps what it built, so every page is built once.
    let page = Suspend::new(async move {
        match auth.session.await {
            Ok(s) => match s.user {
                None => {
                    let here = location.pathname.get_untracked();
                    let next = format!("/sign-in?next={}", urlencode(&here));
                    view! { <Redirect path=next /> }.into_any()
                }
                // On the server only: in the browser the session may still be the
                // one from before the change while it reloads. The server refuses
                // every other call until the password is changed anyway.
                Some(me)
                    if cfg!(feature = "ssr")
                        && me.must_change_password
                        && location.pathname.get_untracked() != "/profile/password" =>
                {
                    view! { <Redirect path="/profile/password" /> }.into_any()
                }
                Some(me) => view! { <Frame me=me.clone()>{children(me)}</Frame> }.into_any(),
            },
            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
        }
    });
    view! { <Suspense fallback=|| view! { <p class="p-6 text-stone-500">"…"</p> }>{page}</Suspense> }
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The frame around every signed-in page.
#[component]
fn Frame(me: MeView, children: Children) -> impl IntoView {
    let sign_out = ServerAction::<crate::api::auth::SignOut>::new();
    let location = use_location();
    let items = nav_items(&me);
    let current = move |href: &'static str| {
        let path = location.pathname.get();
        if href == "/" {
            path == "/"
        } else {
            path.starts_with(href)
        }
    };
    let side = items
        .iter()
        .map(|i| {
            let (href, label, icon) = (i.href, i.label, i.icon);
            view! {
                <A href=href attr:class="nav-link" attr:aria-current=move || current(href).then_some("page")>
                    {self::icon(icon)}
                    <span>{tr(label)}</span>
                </A>
            }
        })
        .collect_view();
    let bottom = items
        .iter()
        .map(|i| {
            let (href, label, icon) = (i.href, i.label, i.icon);
            view! {
                <A href=href attr:class="bottom-link" attr:aria-current=move || current(href).then_some("page")>
                    {self::icon(icon)}
                    <span class="text-xs">{tr(label)}</span>
                </A>
            }
        })
        .collect_view();
    view! {
        <div class="min-h-screen md:flex">
            <aside class="hidden print:hidden md:flex md:w-60 md:flex-col md:border-r md:border-stone-200 md:bg-white">
                <div class="px-5 py-4 text-xl font-bold text-orange-900">"Vatra"</div>
                <nav aria-label=tr(K::NavMain) class="flex flex-col gap-1 px-3">
                    {side}
                </nav>
            </aside>
            <div class="flex min-h-screen flex-1 flex-col">
                <header class="sticky top-0 z-10 flex print:hidden items-center justify-between gap-3 border-b border-stone-200 bg-white px-4 py-2">
                    <span class="text-lg font-bold text-orange-900 md:hidden">"Vatra"</span>
                    <span class="hidden truncate text-sm text-stone-600 md:block">{me.territory_name.clone()}</span>
                    <div class="flex items-center gap-2">
                        <super::bell::Bell me=me.clone() />
                        <span class="max-w-40 truncate text-sm font-medium" data-testid="user-name">
                            {me.full_name.clone()}
                        </span>
                        <ActionForm action=sign_out>
                            <button type="submit" class="btn-secondary">
                                {tr(K::SignOut)}
                            </button>
                        </ActionForm>
                    </div>
                </header>
                <main id="main" class="mx-auto w-full max-w-6xl flex-1 px-4 pb-24 pt-4 md:px-8 md:pb-8">
                    {children()}
                </main>
                <nav
                    aria-label=tr(K::NavMain)
                    class="fixed inset-x-0 bottom-0 z-10 flex justify-around print:hidden border-t border-stone-200 bg-white md:hidden"
                >
                    {bottom}
                </nav>
            </div>
        </div>
    }
}

/// Shows an error that concerns a whole page (not one field).
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    view! { <ErrorBanner error=Some(error) /> }
}
