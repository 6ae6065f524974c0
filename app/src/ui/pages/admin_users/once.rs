//! Parts of a user's page that come and go: the temporary password just made (shown once), and
//! roles waiting for a second administrator's approval.

use crate::api::users::grants::{DecideRoleGrant, RoleGrantView};
use crate::i18n::K;
use crate::ui::components::form::{action_error, ErrorBanner};
use crate::ui::pages::home::role_label;
use crate::ui::tr;
use leptos::prelude::*;

/// The temporary password Vatra just made, for the administrator to give the user.
#[component]
pub fn TemporaryPassword(password: String) -> impl IntoView {
    view! {
        <section class="card mb-6 border-2 border-amber-400 bg-amber-50" role="status" data-testid="temporary-password">
            <h2 class="mb-1 text-lg font-semibold">{tr(K::TemporaryPassword)}</h2>
            <p class="mb-2 text-sm">{tr(K::TemporaryPasswordShown)}</p>
            <p class="font-mono text-2xl tracking-wider select-all break-all">{password}</p>
        </section>
    }
}

/// The roles asked for the user, with the second administrator's buttons.
#[component]
pub fn WaitingGrant(
    user_id: i64,
    version: i64,
    grant: RoleGrantView,
    decide: ServerAction<DecideRoleGrant>,
) -> impl IntoView {
    let chips =
        grant.roles.iter().map(|r| view! { <span class="chip chip-warn">{tr(role_label(r))}</span> }).collect_view();
    let form = move |approve: bool| {
        view! {
            <ActionForm action=decide>
                <input type="hidden" name="id" value=user_id />
                <input type="hidden" name="grant" value=grant.id />
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="approve" value=approve.to_string() />
                <button type="submit" class=if approve { "btn-primary" } else { "btn-secondary" }>
                    {tr(if approve { K::GrantApprove } else { K::GrantReject })}
                </button>
            </ActionForm>
        }
    };
    view! {
        <section class="card mb-6 border-amber-300 bg-amber-50" aria-labelledby="grant-h" data-testid="waiting-grant">
            <h2 id="grant-h" class="mb-1 text-lg font-semibold">
                {tr(K::GrantWaiting)}
            </h2>
            <p class="mb-2 flex flex-wrap gap-1">{chips}</p>
            <p class="mb-3 text-sm">
                {tr(K::GrantWaitingText)} " " {grant.requested_by_name.clone()} " · " {grant.requested_at.clone()}
            </p>
            <ErrorBanner error=action_error(decide.value()) />
            {grant.by_me.then(|| view! { <p class="mb-3 text-sm text-stone-700">{tr(K::GrantOwnRequest)}</p> })}
            <div class="flex flex-wrap gap-3">{(!grant.by_me).then(|| form(true))} {form(false)}</div>
        </section>
    }
}
