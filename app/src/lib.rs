//! Vatra: the whole application — domain rules, server functions, store and UI.
//!
//! Dependencies point one way: `ui` → `api` → `domain`, with `store` under the services and
//! `server`'s plumbing beside them; `bench` measures them all from outside the request path.
//! `store`, `server` and `bench` exist only with the `ssr` feature. The map is
//! `docs/ARCHITECTURE.md`; `bash .ci/arrows` keeps the arrows pointing one way.
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod i18n;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod bench;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;
