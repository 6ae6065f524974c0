//! Test databases on both engines, and an in-process application.

use app::server::{AppState, Config};
use app::store::{PoolSettings, Store};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// A database for one test. Dropping it leaves the files to the temp dir
/// cleanup (SQLite) or to the cluster's removal (PostgreSQL).
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("vatra.db").display());
    TestDb { url, _dir: Some(dir) }
}

/// A fresh, empty database in the shared test cluster.
pub async fn postgres() -> TestDb {
    use sqlx::Connection;
    let base = pg_base_url();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&base).await.expect("connect to the test cluster");
    // The name is generated above, never input: safe to splice.
    sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create database");
    conn.close().await.ok();
    let url = match base.rfind('/') {
        Some(i) if !base[..i].ends_with('/') => format!("{}/{name}", &base[..i]),
        _ => format!("{base}/{name}"),
    };
    TestDb { url, _dir: None }
}

pub async fn open(db: &TestDb) -> Store {
    Store::connect(&db.url, &PoolSettings::default()).await.expect("open store")
}

/// The URL of the cluster's `postgres` database: `TEST_DATABASE_URL`, or a
/// throwaway cluster started on first use and removed when this process ends.
pub fn pg_base_url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| match std::env::var("TEST_DATABASE_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => start_cluster(),
    })
    .clone()
}

fn pg_bin(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs.into_iter()
        .rev()
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("PostgreSQL's {name} not found: install postgresql or set TEST_DATABASE_URL"))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false)
}

/// Runs a PostgreSQL program, as the `postgres` user when we are root
/// (initdb refuses root).
fn pg(program: &str, args: &[&str]) -> std::process::Output {
    let bin = pg_bin(program);
    let out = if is_root() {
        Command::new("runuser").args(["-u", "postgres", "--"]).arg(&bin).args(args).output()
    } else {
        Command::new(&bin).args(args).output()
    }
    .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[expect(clippy::zombie_processes, reason = "the watchdog must outlive this test process")]
fn start_cluster() -> String {
    let dir = tempfile::Builder::new().prefix("vatra-pg-").tempdir().expect("temp dir").keep();
    let d = dir.to_str().expect("utf-8 path").to_owned();
    if is_root() {
        let ok = Command::new("chown").args(["-R", "postgres:postgres", &d]).status().map(|s| s.success());
        assert!(matches!(ok, Ok(true)), "chown of the cluster directory failed");
    }
    pg("initdb", &["-D", &format!("{d}/data"), "-A", "trust", "-U", "vatra", "--no-sync", "-E", "UTF8"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().unwrap().port();
    let opts = format!("-p {port} -k {d} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
    pg("pg_ctl", &["-D", &format!("{d}/data"), "-o", &opts, "-l", &format!("{d}/log"), "-w", "start"]);
    // A watchdog stops and removes the cluster once this test process ends.
    let pid = std::process::id();
    let ctl = pg_bin("pg_ctl");
    let as_pg = if is_root() { "runuser -u postgres -- " } else { "" };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {as_pg}{} -D {d}/data -m immediate stop >/dev/null 2>&1; rm -rf {d}",
        ctl.display()
    );
    Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the cluster watchdog");
    format!("postgres://vatra@127.0.0.1:{port}/postgres")
}

/// Runs one async scenario on a fresh SQLite file and on a fresh PostgreSQL
/// database, as two tests.
#[macro_export]
macro_rules! both_engines {
    ($($name:ident => $scenario:ident;)*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::harness::sqlite().await;
                    super::$scenario(db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::harness::postgres().await;
                    super::$scenario(db).await;
                }
            )*
        }
    };
}

/// The test configuration: defaults with the given overrides.
pub fn config(db: &TestDb, overrides: &[(&str, &str)]) -> Config {
    let mut pairs: Vec<(String, String)> = vec![
        ("DATABASE_URL".into(), db.url.clone()),
        ("VATRA_HASH_WORKERS".into(), "2".into()),
        ("VATRA_SIGN_IN_PER_MINUTE".into(), "10000".into()),
        ("VATRA_SIGN_IN_PER_USER_PER_MINUTE".into(), "10000".into()),
    ];
    pairs.extend(overrides.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Config::from_lookup(|k| pairs.iter().rev().find(|(pk, _)| pk == k).map(|(_, v)| v.clone())).expect("test config")
}

pub fn leptos_options() -> leptos::config::LeptosOptions {
    leptos::config::LeptosOptions::builder().output_name("vatra").site_root("target/site").build()
}

/// The application with demo users, for HTTP tests.
pub async fn app_with(db: &TestDb, cfg: Config) -> (axum::Router, AppState) {
    let store = open(db).await;
    app::server::bootstrap::seed_demo(&store).await.expect("demo seed");
    let state = AppState::new(store, cfg, leptos_options());
    let router = app::routes::router(state.clone()).await.expect("router");
    (router, state)
}
