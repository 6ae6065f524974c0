//! Pure domain rules shared by the server and the browser: no I/O here.
//!
//! Types, validation, roles and permissions, territory scope, password rules,
//! IDNP and names, persons and relations, the case workflow and its deadlines.

pub mod attachment;
pub mod calendar;
pub mod case;
pub mod classifier;
pub mod deadlines;
pub mod duplicate;
pub mod error;
pub mod form;
pub mod idnp;
pub mod indicators;
pub mod names;
pub mod next_step;
pub mod password;
pub mod person;
pub mod roles;
pub mod sla;
pub mod territory;
pub mod ticket;
pub mod url;
pub mod user;

pub use error::{AppError, FieldError, FieldErrors};
pub use roles::{Permission, Role, RoleSet};
pub use territory::TerritoryPath;
