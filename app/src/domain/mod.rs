//! Pure domain rules shared by the server and the browser: no I/O here.
//!
//! Types, validation, roles and permissions, territory scope and password rules.

pub mod error;
pub mod password;
pub mod roles;
pub mod territory;
pub mod user;

pub use error::{AppError, FieldError, FieldErrors};
pub use roles::{Permission, Role, RoleSet};
pub use territory::TerritoryPath;
