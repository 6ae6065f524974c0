//! The page frame: a top bar, a sidebar on desktop and a bottom navigation on
//! phones; and the guard that sends signed-out visitors to sign in.

use crate::api::MeView;
use crate::domain::url::query_value;
use crate::domain::{AppError, Permission};
use crate::i18n::K;
use crate::ui::components::form::ErrorBanner;
use crate::ui::components::icon::icon;
use crate::ui::{tr, use_auth};
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;

/// One entry of the navigation.
struct NavItem {
    href: &'static str,
    label: K,
    icon: &'static str,
    /// Under "More" on a phone when the bottom bar is full.
    spare: bool,
}

/// The most entries the phone's bottom bar holds from 320 px wide (each 64 px), "More" included.
const BOTTOM_MAX: usize = 5;

/// The entries of the phone's bottom bar, and those under "More": all of them when they fit;
/// else the first four that are not spare, and the rest in their order.
fn bottom_split(items: &[NavItem]) -> (Vec<&NavItem>, Vec<&NavItem>) {
    if items.len() <= BOTTOM_MAX {
        return (items.iter().collect(), Vec::new());
    }
    let first: Vec<&NavItem> = items.iter().filter(|i| !i.spare).take(BOTTOM_MAX - 1).collect();
    let rest = items.iter().filter(|i| !first.iter().any(|f| f.href == i.href)).collect();
    (first, rest)
}

// Outline icons (24 × 24 paths): text glyphs and emoji are missing from
// many phones' fonts.
const ICON_HOME: &str = "M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10";
const ICON_USERS: &str = "M16 20v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7M22 20v-1a4 4 0 0 0-3-3.9M16 4.1a3.5 3.5 0 0 1 0 6.8";
const ICON_AUDIT: &str = "M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10zM9 12l2 2 4-4";
const ICON_PERSONS: &str = "M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.3-4.3";
const ICON_CASES: &str = "M4 7h16v13H4zM9 7V4h6v3M4 12h16";
const ICON_TEAM: &str = "M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8";
const ICON_CHART: &str = "M3 3v18h18M7 16v-5M12 16V7M17 16v-8";
const ICON_LIST: &str = "M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01";
const ICON_FORMS: &str = "M6 2h9l5 5v15H6zM14 2v6h6M9 13h8M9 17h8M9 9h2";
const ICON_TODAY: &str = "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 6v6l4 2";
const ICON_PROFILE: &str = "M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8";
const ICON_MORE: &str = "M5 12h.01M12 12h.01M19 12h.01";
const ICON_HELP: &str = "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01";
const ICON_TICKETS: &str = "M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2zM8 8h8M8 12h5";
const ICON_QUEUE: &str = "M22 12h-6l-2 3h-4l-2-3H2M5.5 5.1 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.5-6.9A2 2 0 0 0 16.8 4H7.2a2 2 0 0 0-1.7 1.1z";

fn item(href: &'static str, label: K, icon: &'static str) -> NavItem {
    NavItem { href, label, icon, spare: false }
}

fn nav_items(me: &MeView) -> Vec<NavItem> {
    let mut items = vec![item("/", K::NavHome, ICON_HOME)];
    if me.roles.allows(Permission::ViewPersons) {
        items.push(item("/persons", K::NavPersons, ICON_PERSONS));
    }
    if me.roles.allows(Permission::EditAssignedCases) {
        items.push(item("/cases", K::NavCases, ICON_CASES));
    }
    if me.roles.allows(Permission::EditAssignedCases) || me.roles.allows(Permission::SuperviseCases) {
        items.push(item("/today", K::NavToday, ICON_TODAY));
    }
    if me.roles.allows(Permission::SuperviseCases) {
        items.push(item("/team", K::NavTeam, ICON_TEAM));
    }
    if me.roles.allows(Permission::ViewPersons) {
        items.push(NavItem { spare: true, ..item("/registers/referrals", K::NavRegisters, ICON_LIST) });
    }
    if me.roles.allows(Permission::ViewIndicators) {
        // Supervisors have their cases first on a phone; for analysts it is the main page.
        let spare = me.roles.allows(Permission::EditAssignedCases);
        items.push(NavItem { spare, ..item("/dashboard", K::NavDashboard, ICON_CHART) });
    }
    if me.roles.allows(Permission::ManageUsers) {
        items.push(item("/admin/users", K::NavUsers, ICON_USERS));
    }
    if me.may(Permission::ManageClassifiers) {
        items.push(item("/admin/classifiers", K::NavClassifiers, ICON_LIST));
        items.push(item("/admin/forms", K::NavForms, ICON_FORMS));
        items.push(item("/admin/deadlines", K::NavDeadlines, ICON_TODAY));
    }
    if me.roles.allows(Permission::ViewAudit) {
        items.push(item("/audit", K::NavAudit, ICON_AUDIT));
    }
    if me.roles.allows(Permission::WorkTickets) {
        items.push(item("/support/queue", K::NavQueue, ICON_QUEUE));
        items.push(NavItem { spare: true, ..item("/support/call", K::NavCall, ICON_TICKETS) });
    }
    // Every signed-in user may write to support.
    items.push(NavItem { spare: true, ..item("/support", K::NavMyTickets, ICON_TICKETS) });
    items.push(item("/profile", K::NavProfile, ICON_PROFILE));
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
                    let next = format!("/sign-in?next={}", query_value(&here));
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
            // Without a signal (a page reached inside the app), the page is opened from the device.
            Err(e) => view! { <PageError error=e /> }.into_any(),
        }
    });
    view! { <Suspense fallback=|| view! { <p class="p-6 text-stone-500">"…"</p> }>{page}</Suspense> }
}

/// Where the header's Help link leads from the page at `path`: the new-ticket page, told that
/// page and, from a case's or a person's page, the case or the person. The path only: a query may
/// hold a search for a person. On the new-ticket page itself, what it was opened for stays.
pub fn help_href(path: &str, query: &leptos_router::params::ParamsMap) -> String {
    let id_under = |prefix: &str| -> Option<i64> {
        path.strip_prefix(prefix).and_then(|rest| rest.split('/').next()).and_then(|n| n.parse().ok())
    };
    let (page, case, person) = if path == "/support/new" {
        let id = |k: &str| query.get(k).and_then(|c| c.parse::<i64>().ok());
        (query.get("page").unwrap_or_default(), id("case"), id("person"))
    } else {
        (path.to_owned(), id_under("/cases/"), id_under("/persons/"))
    };
    let mut href = format!("/support/new?page={}", query_value(&page));
    if let Some(id) = case {
        href.push_str(&format!("&case={id}"));
    }
    if let Some(id) = person {
        href.push_str(&format!("&person={id}"));
    }
    href
}

/// The frame around every signed-in page.
#[component]
fn Frame(me: MeView, children: Children) -> impl IntoView {
    let location = use_location();
    // Before the bell and the page: both read it.
    super::bell::provide_unread(&me);
    let items = nav_items(&me);
    let current = move |href: &'static str| {
        let path = location.pathname.get();
        match href {
            "/" => path == "/",
            // Not the queue, and not a ticket (one may be reached from either list).
            "/support" => path == "/support" || path == "/support/new",
            "/cases" => path == "/cases",
            // Every register, whichever the menu opens first.
            "/registers/referrals" => path.starts_with("/registers/"),
            _ => path.starts_with(href),
        }
    };
    // `A` marks a link current on its own too, for every path below its own: not the ticket list
    // for the queue or a ticket.
    // Nor "My cases" for a case page (one may be reached from the team, a search or a person).
    let exact = |href: &'static str| href == "/support" || href == "/cases";
    let help = move || help_href(&location.pathname.get(), &location.query.get());
    // An entry of the navigation: in the sidebar and under the phone's "More" (`nav-link`), or in
    // the phone's bottom bar (`bottom-link`, its label small under the icon).
    let link = move |i: &NavItem, bar: bool| {
        let (href, label, icon) = (i.href, i.label, i.icon);
        view! {
            <A
                href=href
                exact=exact(href)
                attr:class=if bar { "bottom-link" } else { "nav-link" }
                attr:aria-current=move || current(href).then_some("page")
            >
                {super::icon::icon(icon)}
                <span class:max-w-full=bar class:truncate=bar class:text-xs=bar>
                    {tr(label)}
                </span>
            </A>
        }
    };
    let side = items.iter().map(|i| link(i, false)).collect_view();
    // The phone's bottom bar: every entry when they fit, else the first ones that matter most
    // and "More", which opens the rest (a `<details>`: it works before the script has loaded).
    let (first, rest) = bottom_split(&items);
    let bottom = first.iter().map(|i| link(i, true)).collect_view();
    let more = (!rest.is_empty()).then(|| {
        let hrefs: Vec<&'static str> = rest.iter().map(|i| i.href).collect();
        let here = move || hrefs.iter().any(|h| current(h));
        let entries = rest.iter().map(|i| view! { <li>{link(i, false)}</li> }).collect_view();
        view! {
            // Closed again on every new page.
            <details
                class="group relative flex min-w-0 flex-1"
                prop:open=move || {
                    location.pathname.track();
                    false
                }
                data-testid="nav-more"
            >
                <summary
                    class="bottom-link cursor-pointer list-none"
                    class:font-semibold=here.clone()
                    class:text-orange-900=here
                >
                    {icon(ICON_MORE)}
                    <span class="text-xs">{tr(K::NavMore)}</span>
                </summary>
                <ul class="absolute bottom-full right-0 mb-1 flex w-64 max-w-[calc(100vw-1rem)] flex-col gap-1 rounded-lg border border-stone-200 bg-white p-2 shadow-lg">
                    {entries}
                </ul>
            </details>
        }
    });
    view! {
        <div class="min-h-screen md:flex">
            <aside class="hidden print:hidden md:flex md:w-60 md:flex-col md:border-r md:border-stone-200 md:bg-white">
                <div class="px-5 py-4 text-xl font-bold text-orange-900">"Vatra"</div>
                <nav aria-label=tr(K::NavMain) class="flex flex-col gap-1 px-3">
                    {side}
                </nav>
            </aside>
            // `min-w-0`: a wide table scrolls inside its own box instead of widening the page.
            <div class="flex min-h-screen min-w-0 flex-1 flex-col">
                <header class="sticky top-0 z-10 flex print:hidden items-center justify-between gap-3 border-b border-stone-200 bg-white px-4 py-2">
                    <span class="shrink-0 text-lg font-bold text-orange-900 md:hidden">"Vatra"</span>
                    <span class="hidden truncate text-sm text-stone-600 md:block">{me.territory_name.clone()}</span>
                    <div class="flex min-w-0 items-center gap-2">
                        <a
                            href=help
                            class="inline-flex min-h-11 min-w-11 shrink-0 items-center justify-center gap-1 rounded-md px-2 text-sm font-medium text-stone-800 hover:bg-stone-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-orange-700"
                            data-testid="help-link"
                        >
                            {icon(ICON_HELP)}
                            <span>{tr(K::NavHelp)}</span>
                        </a>
                        <super::bell::Bell me=me.clone() />
                        <span class="min-w-0 max-w-40 truncate text-sm font-medium" data-testid="user-name">
                            {me.full_name.clone()}
                        </span>
                        <super::sign_out::SignOutButton user=me.id />
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
                    {more}
                </nav>
            </div>
        </div>
    }
}

/// A page that could not be shown. A refusal (`403`) or a record that is not there, or not the
/// reader's to see (`404`, never telling the two apart), answers with its status, a heading, the
/// reason in words and the ways on; any other error is a banner with the details to quote. A
/// page reached inside the app without a signal is opened from the device instead.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let (status, title, text) = match &error {
        AppError::Forbidden => (403, K::PageForbiddenTitle, K::PageForbiddenText),
        AppError::NotFound => (404, K::RecordNotFoundTitle, K::RecordNotFoundText),
        AppError::Unauthenticated => (401, K::ErrUnauthenticated, K::SignInAgain),
        AppError::Transport(_) => {
            Effect::new(|_| super::offline::open_from_device());
            return view! { <ErrorBanner error=Some(error) /> }.into_any();
        }
        _ => return view! { <ErrorBanner error=Some(error) /> }.into_any(),
    };
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::FORBIDDEN));
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
    let location = use_location();
    let help = move || help_href(&location.pathname.get(), &location.query.get());
    view! {
        <section class="card mx-auto max-w-xl" data-testid="page-refused" aria-labelledby="refused-h">
            <h1 id="refused-h" class="mb-2 text-2xl font-bold">
                {tr(title)}
            </h1>
            <p class="mb-4 text-stone-700">{tr(text)}</p>
            <div class="flex flex-wrap gap-3">
                <a href="/" class="btn-primary">
                    {tr(K::BackHome)}
                </a>
                <a href=help class="btn-secondary">
                    {tr(K::AskForHelp)}
                </a>
            </div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::help_href;
    use leptos_router::params::ParamsMap;

    #[test]
    fn help_names_the_case_or_the_person_of_the_page() {
        let none = ParamsMap::new();
        assert_eq!(help_href("/cases/12/forms/3", &none), "/support/new?page=/cases/12/forms/3&case=12");
        assert_eq!(help_href("/persons/7", &none), "/support/new?page=/persons/7&person=7");
        assert_eq!(help_href("/persons/new", &none), "/support/new?page=/persons/new");
        let mut q = ParamsMap::new();
        q.insert("page", "/persons/7".to_owned());
        q.insert("person", "7".to_owned());
        assert_eq!(help_href("/support/new", &q), "/support/new?page=/persons/7&person=7");
    }
}
