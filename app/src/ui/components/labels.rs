//! The small chips that show a case's codes. The words for every code are in
//! [`crate::i18n::labels`] (the registers, reports and e-mails use them too), and are
//! re-exported here for the pages.

use crate::domain::case::{CaseStatus, RiskLevel};
pub use crate::i18n::labels::*;
use crate::ui::tr;
use leptos::prelude::*;

/// A case's status as a chip.
pub fn status_chip(code: &str) -> impl IntoView {
    let closed = code == CaseStatus::Closed.as_str();
    view! {
        <span class="chip" class:opacity-70=closed data-testid="case-status">
            {tr(status_label(code))}
        </span>
    }
}

/// A risk level as a chip, coloured by severity.
pub fn risk_chip(code: &str) -> impl IntoView {
    let high = code == RiskLevel::High.as_str();
    let medium = code == RiskLevel::Medium.as_str();
    view! {
        <span class="chip" class:chip-bad=high class:chip-warn=medium>
            {tr(risk_label(code))}
        </span>
    }
}
