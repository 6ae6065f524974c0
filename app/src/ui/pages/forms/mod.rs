//! Case forms: the list on a case page, the form to fill or read, and the parts they share.

pub mod fields;
pub mod files;
pub mod fill;
pub mod on_case;
pub mod read;
pub mod state;
pub mod sync;
