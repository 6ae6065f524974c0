//! Rebuilds the crate when a migration is added or changed: `sqlx::migrate!`
//! embeds the migrations at compile time, and cargo would not notice a new
//! file in `migrations/` otherwise.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
