//! Support tickets: the "Help" page that opens a ticket from any page, the user's own tickets,
//! a ticket with its conversation, the support queue and the saved replies. Here too: the words
//! for the codes a ticket carries (status, priority, SLA state, channel) and the chips that show
//! them.

pub mod call;
pub mod figures;
pub mod files;
pub mod mine;
pub mod new;
pub mod queue;
pub mod replies;
pub mod rules;
pub mod ticket;

use crate::domain::sla::SlaState;
use crate::domain::ticket::{TicketChannel, TicketPriority, TicketStatus};
use crate::domain::url::query_value;
use crate::i18n::K;
use crate::ui::tr;
use leptos::prelude::*;

pub fn status_label(code: &str) -> K {
    match TicketStatus::parse_db(code) {
        Some(TicketStatus::New) => K::TsNew,
        Some(TicketStatus::Open) | None => K::TsOpen,
        Some(TicketStatus::WaitingOnReporter) => K::TsWaiting,
        Some(TicketStatus::Resolved) => K::TsResolved,
        Some(TicketStatus::Closed) => K::TsClosed,
        Some(TicketStatus::Reopened) => K::TsReopened,
    }
}

pub fn priority_label(code: &str) -> K {
    match TicketPriority::parse_db(code) {
        Some(TicketPriority::Low) => K::PrLow,
        Some(TicketPriority::Normal) | None => K::PrNormal,
        Some(TicketPriority::High) => K::PrHigh,
        Some(TicketPriority::Urgent) => K::PrUrgent,
    }
}

pub fn sla_label(code: &str) -> K {
    match SlaState::parse_db(code) {
        Some(SlaState::Met) => K::SlaMet,
        Some(SlaState::Paused) => K::SlaPaused,
        Some(SlaState::Running) | None => K::SlaRunning,
        Some(SlaState::Soon) => K::SlaSoon,
        Some(SlaState::Breached) => K::SlaBreached,
    }
}

pub fn channel_label(code: &str) -> K {
    match TicketChannel::parse_db(code) {
        Some(TicketChannel::InApp) | None => K::TchInApp,
        Some(TicketChannel::CallCenter) => K::TchCallCenter,
        Some(TicketChannel::Email) => K::TchEmail,
    }
}

/// Whether a status is `code`: a code the domain writes, checked against it.
fn is(code: &str, status: TicketStatus) -> bool {
    code == status.as_str()
}

/// A ticket's status as a chip: waiting on the reporter stands out, finished ones recede.
pub fn status_chip(code: &str) -> impl IntoView {
    let waiting = is(code, TicketStatus::WaitingOnReporter);
    let done = is(code, TicketStatus::Resolved) || is(code, TicketStatus::Closed);
    view! {
        <span class="chip" class:chip-warn=waiting class:opacity-70=done data-testid="ticket-status">
            {tr(status_label(code))}
        </span>
    }
}

/// A ticket's priority as a chip, coloured when high or urgent.
pub fn priority_chip(code: &str) -> impl IntoView {
    let urgent = code == TicketPriority::Urgent.as_str();
    let high = code == TicketPriority::High.as_str();
    view! {
        <span class="chip" class:chip-bad=urgent class:chip-warn=high data-testid="ticket-priority">
            {tr(priority_label(code))}
        </span>
    }
}

/// An SLA clock's state as a chip, coloured when it breaches soon or has breached.
pub fn sla_chip(code: &str) -> impl IntoView {
    let breached = code == SlaState::Breached.as_str();
    let soon = code == SlaState::Soon.as_str();
    view! {
        <span class="chip" class:chip-bad=breached class:chip-warn=soon data-testid="sla-state">
            {tr(sla_label(code))}
        </span>
    }
}

/// What tells a registered person apart in the call center, after their name: the year of birth
/// and where they live.
pub fn born_in(m: &crate::api::tickets::CallerMatchView) -> impl IntoView {
    view! {
        ", "
        {tr(K::CcBorn)}
        " "
        {m.birth_year}
        ", "
        {m.territory.clone()}
    }
}

/// The head of a support table on a desktop: one column heading per text, the last without the
/// gap after it.
pub fn table_head(columns: &[K]) -> impl IntoView {
    let last = columns.len().saturating_sub(1);
    let cells = columns
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let class = if i == last { "py-2 font-medium" } else { "py-2 pr-3 font-medium" };
            view! {
                <th scope="col" class=class>
                    {tr(*k)}
                </th>
            }
        })
        .collect_view();
    view! {
        <thead>
            <tr class="text-sm text-stone-600">{cells}</tr>
        </thead>
    }
}

/// `?k=v&…` of the non-empty `pairs`, percent-encoded; empty when there are none.
pub fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", query_value(v))))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_word() {
        use std::collections::HashSet;
        let statuses: HashSet<K> = TicketStatus::ALL.iter().map(|s| status_label(s.as_str())).collect();
        assert_eq!(statuses.len(), TicketStatus::ALL.len());
        let priorities: HashSet<K> = TicketPriority::ALL.iter().map(|p| priority_label(p.as_str())).collect();
        assert_eq!(priorities.len(), TicketPriority::ALL.len());
        let slas: HashSet<K> = SlaState::ALL.iter().map(|s| sla_label(s.as_str())).collect();
        assert_eq!(slas.len(), SlaState::ALL.len());
        let channels: HashSet<K> = TicketChannel::ALL.iter().map(|c| channel_label(c.as_str())).collect();
        assert_eq!(channels.len(), TicketChannel::ALL.len());
    }

    #[test]
    fn query_strings_keep_only_what_is_set() {
        assert_eq!(query_string(&[("status", None), ("q", Some(String::new()))]), "");
        assert_eq!(query_string(&[("status", Some("open".into())), ("q", Some("a b".into()))]), "?status=open&q=a%20b");
    }
}

/// An action's error that no field shows, with a link that loads the page again after a stale
/// version (a full load, also without JavaScript). A conflict on the field `at_field` is shown at
/// that field instead.
#[component]
pub fn Refusal(
    #[prop(into)] error: Signal<Option<crate::domain::AppError>>,
    reload: String,
    #[prop(optional)] at_field: Option<&'static str>,
) -> impl IntoView {
    use crate::domain::AppError;
    use crate::ui::components::form::ErrorBanner;
    move || match error.get() {
        None | Some(AppError::Invalid(_)) => ().into_any(),
        Some(AppError::Conflict { field, .. }) if Some(field.as_str()) == at_field => ().into_any(),
        Some(e @ AppError::StaleVersion { .. }) => view! {
            <ErrorBanner error=Some(e) />
            <a href=reload.clone() rel="external" class="btn-secondary mb-4">
                {tr(K::SrReload)}
            </a>
        }
        .into_any(),
        Some(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
    }
}
