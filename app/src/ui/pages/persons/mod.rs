//! The register of persons: search, registration, a person's page, editing.

pub mod detail;
pub mod edit;
pub mod form;
pub mod search;
