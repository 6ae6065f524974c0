//! What waits for a user: their notifications, and the "today" view of due and overdue work.

pub mod notifications;
pub mod today;

use crate::i18n::K;

/// The text of a notification kind.
pub fn kind_label(kind: &str) -> K {
    match kind {
        "case_assigned" => K::NkCaseAssigned,
        "transfer_requested" => K::NkTransferRequested,
        "transfer_accepted" => K::NkTransferAccepted,
        "transfer_declined" => K::NkTransferDeclined,
        "form_approved" => K::NkFormApproved,
        "form_returned" => K::NkFormReturned,
        "approval_waiting" => K::NkApprovalWaiting,
        "form_submitted" => K::NkFormSubmitted,
        "due_soon" => K::LvDueSoon,
        "due_today" => K::LvDueToday,
        "overdue" => K::LvOverdue,
        _ => K::LvEscalated,
    }
}
