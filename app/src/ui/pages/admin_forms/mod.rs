//! Form definitions, for administrators: every standard form with its versions, and the
//! structured editor of a draft version with its live preview at phone and desktop width.

pub mod editor;
pub mod list;
mod parts;

use crate::i18n::K;

/// The words for a definition version's status.
pub fn status_label(code: &str) -> K {
    match code {
        "published" => K::DefPublished,
        "retired" => K::DefRetired,
        _ => K::FsDraft,
    }
}
