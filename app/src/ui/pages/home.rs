//! The home page: who you are, where, and the sections your roles open.

use crate::api::MeView;
use crate::domain::{Permission, Role};
use crate::i18n::K;
use crate::ui::components::layout::Protected;
use crate::ui::tr;
use leptos::prelude::*;
use leptos_meta::Title;

/// A section of Vatra a permission opens; `href` is `None` until it is built.
struct Section {
    permission: Permission,
    title: K,
    text: K,
    href: Option<&'static str>,
}

const SECTIONS: &[Section] = &[
    Section { permission: Permission::ViewPersons, title: K::SecCases, text: K::SecCasesText, href: Some("/persons") },
    Section {
        permission: Permission::EditAssignedCases,
        title: K::NavToday,
        text: K::SecTodayText,
        href: Some("/today"),
    },
    Section { permission: Permission::SuperviseCases, title: K::SecTeam, text: K::SecTeamText, href: Some("/team") },
    Section { permission: Permission::ViewIndicators, title: K::SecIndicators, text: K::SecIndicatorsText, href: None },
    Section {
        permission: Permission::ManageUsers,
        title: K::SecUsers,
        text: K::SecUsersText,
        href: Some("/admin/users"),
    },
    Section {
        permission: Permission::ManageClassifiers,
        title: K::SecClassifiers,
        text: K::SecClassifiersText,
        href: Some("/admin/classifiers"),
    },
    Section {
        permission: Permission::ManageClassifiers,
        title: K::SecForms,
        text: K::SecFormsText,
        href: Some("/admin/forms"),
    },
    Section {
        permission: Permission::ManageClassifiers,
        title: K::NavDeadlines,
        text: K::SecDeadlinesText,
        href: Some("/admin/deadlines"),
    },
    Section { permission: Permission::ViewAudit, title: K::SecAudit, text: K::SecAuditText, href: Some("/audit") },
    Section {
        permission: Permission::WorkTickets,
        title: K::SecTickets,
        text: K::SecTicketsText,
        href: Some("/support/queue"),
    },
    Section {
        permission: Permission::LeadSupport,
        title: K::SlPage,
        text: K::SecRulesText,
        href: Some("/support/rules"),
    },
];

pub fn role_label(role: Role) -> K {
    match role {
        Role::SocialWorker => K::RoleSocialWorker,
        Role::Supervisor => K::RoleSupervisor,
        Role::Analyst => K::RoleAnalyst,
        Role::Administrator => K::RoleAdministrator,
        Role::SupportAgent => K::RoleSupportAgent,
        Role::Auditor => K::RoleAuditor,
        Role::SupportLead => K::RoleSupportLead,
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=tr(K::NavHome) />
        <Protected children=|me: MeView| view! { <Home me /> } />
    }
}

#[component]
fn Home(me: MeView) -> impl IntoView {
    let roles = me.roles.iter().map(|r| view! { <li class="chip">{tr(role_label(r))}</li> }).collect_view();
    let sections = SECTIONS
        .iter()
        .filter(|s| me.may(s.permission))
        .map(|s| {
            let body = view! {
                <h3 class="font-semibold">{tr(s.title)}</h3>
                <p class="mt-1 text-sm text-stone-600">{tr(s.text)}</p>
            };
            match s.href {
                Some(href) => view! {
                    <a href=href class="card block hover:border-orange-800 focus-visible:border-orange-800">
                        {body}
                    </a>
                }
                .into_any(),
                None => view! {
                    <div class="card opacity-80">
                        {body}
                        <p class="mt-2 text-xs font-medium uppercase tracking-wide text-stone-500">
                            {tr(K::ComingSoon)}
                        </p>
                    </div>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <h1 class="text-2xl font-bold">{tr(K::Welcome)}", " {me.full_name.clone()}</h1>
        <p class="mt-1 text-stone-600" data-testid="home-territory">
            {me.territory_name.clone()}
        </p>
        <ul class="mt-3 flex flex-wrap gap-2" aria-label=tr(K::Roles)>
            {roles}
        </ul>
        <h2 class="mt-8 mb-3 text-lg font-semibold">{tr(K::YourSections)}</h2>
        <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">{sections}</div>
    }
}
