//! Server-only machinery: configuration, application state, sessions and
//! authorisation, password hashing, the HTTP router and its middleware,
//! start-up tasks (demo data, the first administrator), and the synthetic
//! data generator with its store benchmark.

pub mod bench;
pub mod bench_alerts;
pub mod bench_forms;
pub mod bench_reports;
pub mod bench_tickets;
pub mod bootstrap;
pub mod config;
pub mod context;
pub mod http;
pub mod live;
pub mod mail;
pub mod mail_in;
pub mod password;
pub mod posted;
pub mod synth;
pub mod territory_import;

use crate::store::Store;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

pub use config::Config;
pub use context::{Ctx, CurrentUser};

type KeyedLimiter = governor::DefaultKeyedRateLimiter<IpAddr>;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub hasher: password::Hasher,
    /// Sign-in attempts per client address (per instance; the account
    /// lockout, which lives in the database, holds across instances).
    pub sign_in_limiter: Arc<KeyedLimiter>,
    pub leptos: leptos::config::LeptosOptions,
    /// Wakes the live streams of this instance (see [`live`]).
    pub live: live::Live,
}

impl AppState {
    pub fn new(store: Store, config: Config, leptos: leptos::config::LeptosOptions) -> Self {
        let per_minute = NonZeroU32::new(config.sign_in_per_minute.max(1)).expect("at least one");
        let quota = governor::Quota::per_minute(per_minute);
        crate::store::set_time_zone(config.time_zone);
        AppState {
            live: live::Live::default(),
            // Where attachments are kept is the configuration's choice.
            store: store.with_attachments_dir(config.attachments_dir.clone()),
            hasher: password::Hasher::new(config.hash_workers),
            sign_in_limiter: Arc::new(governor::RateLimiter::keyed(quota)),
            config: Arc::new(config),
            leptos,
        }
    }
}

impl axum::extract::FromRef<AppState> for leptos::config::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
