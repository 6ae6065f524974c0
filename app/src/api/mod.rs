//! Server functions, one module per area. Each is a public HTTP endpoint
//! under `/api/`: it authenticates, authorises with the territory scope,
//! validates with `domain`, calls the store in one transaction that also
//! writes the audit event, and returns a view built for the page.

pub mod audit;
pub mod auth;
pub mod territories;
pub mod users;

pub use auth::{MeView, SessionView};
