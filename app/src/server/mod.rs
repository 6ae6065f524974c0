//! Server-only machinery: configuration, application state, sessions and
//! authorisation, password hashing, the HTTP router and its middleware,
//! start-up tasks (demo data, the first administrator), and the synthetic
//! data generator.

pub mod bootstrap;
pub mod config;
pub mod context;
pub mod http;
pub mod live;
pub mod mail;
pub mod password;
pub mod synth;
pub mod territory_import;

use crate::store::Store;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

pub use config::Config;
pub use context::{Ctx, CurrentUser, OrFail};

type KeyedLimiter<K> = governor::DefaultKeyedRateLimiter<K>;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub hasher: password::Hasher,
    /// Photos decoded for thumbnails at once (as many as password hashes).
    pub thumbnails: Arc<tokio::sync::Semaphore>,
    /// Sign-in attempts per client address (per instance; the account
    /// lockout, which lives in the database, holds across instances).
    pub sign_in_limiter: Arc<KeyedLimiter<IpAddr>>,
    /// Sign-in attempts per user name (per instance), whoever sends them.
    pub user_sign_in_limiter: Arc<KeyedLimiter<String>>,
    pub leptos: leptos::config::LeptosOptions,
    /// Wakes the live streams of this instance (see [`live`]).
    pub live: live::Live,
}

impl AppState {
    pub fn new(store: Store, config: Config, leptos: leptos::config::LeptosOptions) -> Self {
        let quota = |n: u32| governor::Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        crate::store::set_time_zone(config.time_zone);
        AppState {
            live: live::Live::default(),
            // Where attachments are kept is the configuration's choice.
            store: store.with_attachments_dir(config.attachments_dir.clone()),
            hasher: password::Hasher::new(config.hash_workers),
            thumbnails: Arc::new(tokio::sync::Semaphore::new(config.hash_workers.max(1))),
            sign_in_limiter: Arc::new(governor::RateLimiter::keyed(quota(config.sign_in_per_minute))),
            user_sign_in_limiter: Arc::new(governor::RateLimiter::keyed(quota(config.sign_in_per_user_per_minute))),
            config: Arc::new(config),
            leptos,
        }
    }
}

impl AppState {
    /// Forgets the addresses and user names whose sign-in limits have refilled: the limiters
    /// would otherwise keep every key they ever saw. Run now and then.
    pub fn prune_limiters(&self) {
        self.sign_in_limiter.retain_recent();
        self.sign_in_limiter.shrink_to_fit();
        self.user_sign_in_limiter.retain_recent();
        self.user_sign_in_limiter.shrink_to_fit();
    }
}

impl axum::extract::FromRef<AppState> for leptos::config::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
