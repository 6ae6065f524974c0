//! Vatra: the whole application — domain rules, server functions, store and UI.
//!
//! Dependencies point one way: `ui` → `api` → `domain`. `store` and `server`
//! exist only with the `ssr` feature.
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod i18n;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;
