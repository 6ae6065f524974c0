//! The user interface: the HTML shell, the app with its routes, the layout,
//! components and pages. Mobile first: every page works at 390 px wide.

pub mod components;
pub mod pages;

use crate::api::SessionView;
use crate::domain::user::Language;
use crate::domain::AppError;
use crate::i18n::K;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

#[cfg(feature = "ssr")]
/// The script nonce a page was drawn with, handed from the page (see [`shell`]) to
/// the router's page policy (`crate::routes`) through the request's extensions.
#[derive(Clone, Default)]
pub struct PageNonce(std::sync::Arc<std::sync::Mutex<Option<String>>>);

#[cfg(feature = "ssr")]
impl PageNonce {
    pub fn set(&self, nonce: &str) {
        if let Ok(mut n) = self.0.lock() {
            *n = Some(nonce.to_owned());
        }
    }

    pub fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|n| n.clone())
    }
}

#[cfg(feature = "ssr")]
/// The Content-Security-Policy of a page, allowing only its own scripts
/// (by nonce) and WASM.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )
}

/// The HTML document around the app (rendered on the server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(nonce) = leptos::nonce::use_nonce() {
        let nonce = nonce.to_string();
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(v) = http::HeaderValue::from_str(&page_csp(&nonce)) {
                res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
            }
        }
        // Also handed to the router's page policy, which sets it should the above be lost.
        if let Some(slot) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<PageNonce>().cloned())
        {
            slot.set(&nonce);
        }
    }
    #[cfg(feature = "ssr")]
    let lang = crate::api::auth::request_language().code();
    #[cfg(not(feature = "ssr"))]
    let lang = "en";
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#7c2d12" />
                <link rel="icon" href="/favicon.ico" />
                // Installable: the app opens like one from the home screen, and offline (sw.js).
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-stone-50 text-stone-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// Who is signed in. Provided by [`App`], reloaded on every navigation, so
/// that signing in or out, a new password or another language (each ends in
/// a redirect) show at once, and an ended session is noticed.
#[derive(Clone, Copy)]
pub struct Auth {
    pub session: Resource<Result<SessionView, AppError>>,
}

/// The language the page was rendered in: on the server, the request's; in
/// the browser, the `lang` the server wrote on `<html>`. Both agree, so
/// hydration matches.
fn initial_language() -> Language {
    #[cfg(feature = "ssr")]
    {
        crate::api::auth::request_language()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Language::from_code(&l))
            .unwrap_or_default()
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The whole application: the router, the auth context and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    components::offline::note_document();
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Vatra".to_owned() } else { format!("{page} · Vatra") } />
        <Router>
            <AppRoutes />
        </Router>
    }
}

/// The session and the routes. Each page creates its own actions inside
/// `<Routes>`, where a form post without JavaScript finds its error.
#[component]
fn AppRoutes() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let session = Resource::new(
        move || (location.pathname.get(), location.search.get()),
        |_| crate::api::auth::current_session(),
    );
    provide_context(Auth { session });
    components::form::provide_posted_form();
    // The page language follows the session once it is known (after signing
    // in, or saving another language in the profile).
    let lang = RwSignal::new(initial_language());
    Effect::new(move |_| {
        if let Some(Ok(s)) = session.get() {
            lang.set(s.language);
        }
    });
    crate::i18n::provide_language(lang.into());

    view! {
        <Routes fallback=pages::not_found::NotFound>
            <Route path=path!("/sign-in") view=pages::sign_in::SignInPage ssr=SsrMode::Async />
            <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
            <Route path=path!("/profile") view=pages::profile::ProfilePage ssr=SsrMode::Async />
            <Route path=path!("/profile/password") view=pages::profile::PasswordPage ssr=SsrMode::Async />
            <Route path=path!("/admin/users") view=pages::admin_users::UserListPage ssr=SsrMode::Async />
            <Route path=path!("/admin/users/new") view=pages::admin_users::NewUserPage ssr=SsrMode::Async />
            <Route path=path!("/admin/users/:id") view=pages::admin_users::EditUserPage ssr=SsrMode::Async />
            <Route path=path!("/admin/classifiers") view=pages::admin_classifiers::ClassifiersPage ssr=SsrMode::Async />
            <Route path=path!("/admin/forms") view=pages::admin_forms::list::DefinitionsPage ssr=SsrMode::Async />
            <Route
                path=path!("/admin/forms/:code/:version")
                view=pages::admin_forms::editor::DefinitionPage
                ssr=SsrMode::Async
            />
            <Route path=path!("/audit") view=pages::audit::AuditPage ssr=SsrMode::Async />
            <Route path=path!("/persons") view=pages::persons::search::PersonSearchPage ssr=SsrMode::Async />
            <Route path=path!("/persons/new") view=pages::persons::form::RegisterPersonPage ssr=SsrMode::Async />
            <Route path=path!("/persons/:id") view=pages::persons::detail::PersonPage ssr=SsrMode::Async />
            <Route path=path!("/persons/:id/edit") view=pages::persons::edit::EditPersonPage ssr=SsrMode::Async />
            <Route path=path!("/cases") view=pages::cases::mine::MyCasesPage ssr=SsrMode::Async />
            <Route path=path!("/cases/new") view=pages::cases::open::OpenCasePage ssr=SsrMode::Async />
            <Route path=path!("/cases/:id") view=pages::cases::case::CasePage ssr=SsrMode::Async />
            <Route path=path!("/forms/:id") view=pages::forms::fill::FormPage ssr=SsrMode::Async />
            <Route path=path!("/team") view=pages::cases::team::TeamPage ssr=SsrMode::Async />
            <Route path=path!("/dashboard") view=pages::dashboard::DashboardPage ssr=SsrMode::Async />
            <Route path=path!("/reports/day") view=pages::day_report::DayReportPage ssr=SsrMode::Async />
            <Route path=path!("/registers/referrals") view=pages::registers::ReferralRegisterPage ssr=SsrMode::Async />
            <Route
                path=path!("/registers/beneficiaries")
                view=pages::registers::BeneficiaryRegisterPage
                ssr=SsrMode::Async
            />
            <Route path=path!("/registers/measures") view=pages::registers::MeasureRegisterPage ssr=SsrMode::Async />
            <Route path=path!("/today") view=pages::alerts::today::TodayPage ssr=SsrMode::Async />
            <Route
                path=path!("/notifications")
                view=pages::alerts::notifications::NotificationsPage
                ssr=SsrMode::Async
            />
            <Route path=path!("/admin/deadlines") view=pages::admin_deadlines::DeadlinesPage ssr=SsrMode::Async />
            <Route path=path!("/support") view=pages::support::mine::MyTicketsPage ssr=SsrMode::Async />
            <Route path=path!("/support/new") view=pages::support::new::NewTicketPage ssr=SsrMode::Async />
            <Route path=path!("/support/queue") view=pages::support::queue::QueuePage ssr=SsrMode::Async />
            <Route path=path!("/support/replies") view=pages::support::replies::RepliesPage ssr=SsrMode::Async />
            <Route path=path!("/support/rules") view=pages::support::rules::RulesPage ssr=SsrMode::Async />
            <Route path=path!("/support/call") view=pages::support::call::CallPage ssr=SsrMode::Async />
            <Route path=path!("/support/figures") view=pages::support::figures::FiguresPage ssr=SsrMode::Async />
            <Route path=path!("/support/:id") view=pages::support::ticket::TicketPage ssr=SsrMode::Async />
        </Routes>
    }
}

/// A translated text that follows the page's language. Read after the page's owner is gone (a
/// server render finishing its head on another thread), it keeps the language it was made in.
pub fn tr(k: K) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = crate::i18n::use_language();
    let made_in = lang.try_get_untracked().unwrap_or(crate::domain::user::Language::En);
    move || k.text(lang.try_get().unwrap_or(made_in))
}
