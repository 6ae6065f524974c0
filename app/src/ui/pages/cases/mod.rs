//! Case files: my cases, opening a case, a case page, the team view.

pub mod case;
pub mod mine;
pub mod open;
pub mod team;
