//! What waits for a user: their notifications, and the "today" view of due and overdue work.

pub mod notifications;
pub mod today;

pub use crate::i18n::labels::notification_kind_label as kind_label;
