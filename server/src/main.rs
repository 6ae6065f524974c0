//! The Vatra server: reads the configuration, opens the store, and serves
//! the application — or runs one administrative command.
#![forbid(unsafe_code)]

use app::bench;
use app::server::{bootstrap, http, synth, AppState, Config};
use app::store::{audit::ChainCheck, PoolSettings, Store};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "vatra", version, about = "Vatra: social assistance case management")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve Vatra (the default).
    Serve,
    /// Create an administrator, e.g. the first one of a new deployment.
    /// The password is read from VATRA_ADMIN_PASSWORD or the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// The territory the administrator manages (default: the whole country).
        #[arg(long)]
        territory: Option<String>,
    },
    /// Check the audit log's keyed hash chain against the signed checkpoints, and name the
    /// first broken link or missing event.
    VerifyAudit,
    /// Sign the audit chain's head now and append it to the checkpoint file (the server also
    /// does this every VATRA_AUDIT_CHECKPOINT_MINUTES).
    AuditCheckpoint,
    /// Take in one support e-mail from standard input (a mail server's pipe delivery): a new
    /// ticket, or a message on the sender's ticket its subject names. Needs
    /// VATRA_SUPPORT_MAIL_CATEGORY. Exits 0 when taken, 67 for a sender who is no Vatra user,
    /// 65 for mail refused, 75 when the database is unavailable (the mail server tries again).
    MailIn,
    /// Import territory codes and localities from a CSV file with the header
    /// `name,code,parent,kind` (see the README). All or nothing; safe to run twice.
    ImportTerritories {
        /// The CSV file (`-` for standard input).
        file: std::path::PathBuf,
    },
    /// Generate synthetic persons, households and cases (for benchmarks and trials; never on real data).
    /// Records are registered in the name of the first administrator (or the first user) where the
    /// territory has no social worker, so one user must exist: see create-admin.
    Synth {
        /// How many persons.
        #[arg(long)]
        persons: u64,
        /// How many cases (default: half the persons).
        #[arg(long)]
        cases: Option<u64>,
        /// The same seed on the same database gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Only in this territory (by name, e.g. "mun. Chișinău"); may be repeated. Default: everywhere.
        #[arg(long)]
        territory: Vec<String>,
        /// Add social workers (sign-in disabled until an administrator sets a password) until each
        /// holds about this many cases. Without it, cases go to the social workers already there.
        #[arg(long)]
        caseload: Option<u32>,
    },
    /// Time the store's search, caseload and case page queries against the database (p50/p95/p99).
    BenchStore {
        /// Queries per measurement.
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also time the audit event every page view appends (writes events to the database).
        #[arg(long)]
        audit_writes: bool,
    },
    /// Time the largest standard form: validation and drawing it on the server (p50/p95/p99).
    BenchForms {
        /// Repetitions per measurement.
        #[arg(long, default_value_t = 500)]
        iterations: usize,
        /// Social workers saving drafts at once (0: skip the load test, which writes demo
        /// users, cases and drafts to the configured database: point it at a scratch one).
        #[arg(long, default_value_t = 0)]
        clients: usize,
        /// Draft saves per worker.
        #[arg(long, default_value_t = 50)]
        saves: usize,
    },
    /// Time the support queue's listing and search, after filling the tickets table to
    /// `--tickets` synthetic tickets (every status, priority and category, over 90 days). Writes
    /// tickets: point it at a scratch database with at least one user.
    BenchTickets {
        /// How many tickets the table holds before the timing.
        #[arg(long, default_value_t = 500_000)]
        tickets: u64,
        /// Times each request is made.
        #[arg(long, default_value_t = 50)]
        iterations: usize,
    },
    /// Time each panel of the dashboard for the whole country and its busiest district over the
    /// last twelve months, and export the register of beneficiaries of the whole country as its
    /// CSV download does (lines per second, memory as it goes). Only reads: point it at a
    /// database filled by `vatra synth`.
    BenchReports {
        /// Times each panel is read.
        #[arg(long, default_value_t = 20)]
        iterations: usize,
        /// Only the export (the panels are left out).
        #[arg(long)]
        no_panels: bool,
    },
    /// Time the alert scheduler's pass over every open case (first and second pass of a day, and
    /// a later day), and the live unread count's fan-out to many open streams on this instance.
    /// Writes alerts, notifications, sessions (and users when there are too few): point it at a
    /// scratch database filled by `vatra synth`.
    BenchAlerts {
        /// The day of the first two passes, YYYY-MM-DD (default: today).
        #[arg(long)]
        today: Option<String>,
        /// The third pass runs this many days after the first.
        #[arg(long, default_value_t = 7)]
        later: u32,
        /// First add a supervisor to every territory whose social workers have none (`synth`
        /// adds none; without them nothing is escalated).
        #[arg(long)]
        supervisors: bool,
        /// Skip the passes.
        #[arg(long)]
        no_pass: bool,
        /// Live streams to open, one per user (0: skip the fan-out).
        #[arg(long, default_value_t = 1000)]
        clients: usize,
        /// Notification rounds, each one notification for every connected user in one transaction.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("vatra: {message}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(format!("bad configuration: {e}")),
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config))
}

async fn run(command: Command, config: Config) -> ExitCode {
    // The audit chain's keys, before anything is written to it.
    match app::store::audit_seal::AuditKeys::load_or_create(&config.audit_key_file) {
        Ok((keys, made)) => {
            if made {
                println!(
                    "Made a new audit key in {}: keep it outside the database server's reach, and back it up.",
                    config.audit_key_file.display()
                );
            }
            app::store::audit_seal::install_keys(keys);
        }
        Err(e) => return fail(format!("VATRA_AUDIT_KEY_FILE: {e}")),
    }
    let settings = PoolSettings { max_connections: config.db_max_connections, ..PoolSettings::default() };
    let store = match Store::connect(&config.database_url, &settings).await {
        Ok(s) => s,
        Err(e) => return fail(format!("cannot open the database ({}): {e}", redact(&config.database_url))),
    };
    if let Some(dir) = &config.attachments_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return fail(format!("VATRA_ATTACHMENTS_DIR: cannot use {}: {e}", dir.display()));
        }
    }
    match command {
        Command::Serve => serve(store, config).await,
        Command::CreateAdmin { username, full_name, territory } => {
            let password = match std::env::var("VATRA_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("Password for {username} (at least 12 characters):");
                    let mut line = String::new();
                    if std::io::stdin().read_line(&mut line).is_err() {
                        return fail("could not read the password");
                    }
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            match bootstrap::create_admin(&store, &username, &full_name, &password, territory.as_deref()).await {
                Ok(id) => {
                    println!("Administrator {username} created (id {id}). Sign in at http://{}/sign-in", config.listen);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::VerifyAudit => {
            let dir = &config.audit_checkpoint_dir;
            let checkpoints = match app::store::audit_seal::read_checkpoints(dir) {
                Ok(c) => c,
                Err(e) => return fail(format!("cannot read the audit checkpoints: {e}")),
            };
            match store.verify_audit(&checkpoints).await {
                Ok(ChainCheck::Intact { events }) => {
                    println!(
                        "audit chain intact: {events} events, held against {} checkpoints in {}",
                        checkpoints.len(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Ok(ChainCheck::Broken { seq, reason }) => fail(format!("audit chain broken at event {seq}: {reason}")),
                Err(e) => fail(e),
            }
        }
        Command::AuditCheckpoint => match store.write_audit_checkpoint(&config.audit_checkpoint_dir).await {
            Ok(cp) => {
                println!("checkpoint of event {} written to {}", cp.seq, config.audit_checkpoint_dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("cannot write the audit checkpoint: {e}")),
        },
        Command::MailIn => mail_in(store, config).await,
        Command::ImportTerritories { file } => {
            let result = if file.as_os_str() == "-" {
                app::server::territory_import::import(&store, std::io::stdin()).await
            } else {
                match std::fs::File::open(&file) {
                    Ok(f) => app::server::territory_import::import(&store, f).await,
                    Err(e) => Err(format!("cannot read {}: {e}", file.display())),
                }
            };
            match result {
                Ok(r) => {
                    println!(
                        "Territories: {} codes set, {} added, {} already there.",
                        r.codes_set, r.added, r.unchanged
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("nothing imported: {e}")),
            }
        }
        Command::Synth { persons, cases, seed, territory, caseload } => {
            let mut opts = synth::SynthOptions::new(persons, cases.unwrap_or(persons / 2), seed);
            for name in &territory {
                match store.territory_by_name(name).await {
                    Ok(t) => opts.within.push(t.id),
                    Err(e) => return fail(format!("territory {name:?}: {e}")),
                }
            }
            opts.caseload = caseload;
            opts.progress = true;
            match synth::generate(&store, &opts).await {
                Ok(r) => {
                    println!(
                        "Generated {} persons, {} relations, {} cases and {} history rows ({} rows) in {:.1} s: \
                         {:.0} rows/s; {} social workers added.",
                        r.persons,
                        r.relations,
                        r.cases,
                        r.history,
                        r.rows(),
                        r.elapsed.as_secs_f64(),
                        r.rows_per_second(),
                        r.workers_created
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::BenchForms { iterations, clients, saves } => {
            println!(
                "Forms benchmark ({iterations} repetitions each; the last column is errors found, or KiB of HTML):\n"
            );
            print!("{}", bench::markdown(&app::bench::forms::in_process(iterations)));
            if clients > 0 {
                let engine = store.engine();
                let leptos = leptos_options(&config);
                let state = app::server::AppState::new(store, config, leptos);
                match app::bench::forms::draft_saves(state, clients, saves).await {
                    Ok(m) => {
                        println!("\nDraft saves on {engine} (the last column is saves):\n");
                        print!("{}", bench::markdown(&[m]));
                    }
                    Err(e) => return fail(e),
                }
            }
            ExitCode::SUCCESS
        }
        Command::BenchAlerts { today, later, supervisors, no_pass, clients, rounds } => {
            let opts = AlertsBench { today, later, supervisors, no_pass, clients, rounds };
            bench_alerts(store, config, opts).await
        }
        Command::BenchTickets { tickets, iterations } => bench_tickets(store, tickets, iterations).await,
        Command::BenchReports { iterations, no_panels } => bench_reports(store, iterations, no_panels).await,
        Command::BenchStore { iterations, seed, audit_writes } => {
            let opts = bench::BenchOptions { iterations, seed, audit_writes };
            match bench::run(&store, &opts).await {
                Ok(measures) => {
                    let version = store.engine_version().await.unwrap_or_else(|_| "(version unknown)".into());
                    println!("Store benchmark on {} {version} ({iterations} queries each):\n", store.engine());
                    print!("{}", bench::markdown(&measures));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}

/// The options of `vatra bench-alerts`.
struct AlertsBench {
    today: Option<String>,
    later: u32,
    supervisors: bool,
    no_pass: bool,
    clients: usize,
    rounds: usize,
}

/// `vatra bench-alerts`: the passes, then the fan-out, printed as Markdown.
async fn bench_alerts(store: Store, config: Config, opts: AlertsBench) -> ExitCode {
    use app::bench::alerts as ba;
    let AlertsBench { today, later, supervisors, no_pass, clients, rounds } = opts;
    app::store::set_time_zone(config.time_zone);
    let today = match today {
        None => app::store::today(),
        Some(d) => match d.parse() {
            Ok(d) => d,
            Err(_) => return fail(format!("--today {d:?}: not a date (YYYY-MM-DD)")),
        },
    };
    let version = store.engine_version().await.unwrap_or_else(|_| "(version unknown)".into());
    println!("Alerts benchmark on {} {version}; at start {}.\n", store.engine(), ba::memory());
    if supervisors {
        match ba::add_supervisors(&store).await {
            Ok(n) => println!("Added {n} supervisors (one to each territory whose social workers had none).\n"),
            Err(e) => return fail(e),
        }
    }
    if !no_pass {
        match (ba::census(&store).await, ba::due_spread(&store, today).await) {
            (Ok(c), Ok((overdue, week, after))) => {
                println!(
                    "{} cases, {} open, {} of them waiting for a step with a due date (on {today}: {overdue} \
                     overdue, {week} due within 7 days, {after} later); {} live alerts, {} notifications, {} \
                     active users.\n",
                    c.cases, c.open_cases, c.with_due_date, c.live_alerts, c.notifications, c.users
                );
                if c.live_alerts > 0 {
                    println!(
                        "Passes have run on this database before: the first pass below is not a first one \
                         (alerts are never deleted; measure on a fresh copy of the generated database).\n"
                    );
                }
            }
            (Err(e), _) | (_, Err(e)) => return fail(e),
        }
        println!("Before the passes: {}.\n", ba::memory());
        match ba::passes(&store, today, later).await {
            Ok(lines) => print!("{}", ba::passes_markdown(&lines)),
            Err(e) => return fail(e),
        }
        println!();
    }
    if clients > 0 {
        let leptos = leptos_options(&config);
        let state = AppState::new(store, config, leptos);
        match ba::fan_out(state, clients, rounds).await {
            Ok(f) => print!("Live fan-out:\n\n{}", ba::fan_out_markdown(&f)),
            Err(e) => return fail(e),
        }
    }
    ExitCode::SUCCESS
}

async fn mail_in(store: Store, config: Config) -> ExitCode {
    use app::api::tickets::mail_in::{take, NotTaken, Taken, MAIL_MAX};
    use std::io::Read;
    let mut raw = Vec::new();
    if let Err(e) = std::io::stdin().take(MAIL_MAX as u64 + 1).read_to_end(&mut raw) {
        return fail(format!("cannot read the e-mail: {e}"));
    }
    if raw.len() > MAIL_MAX {
        eprintln!("the e-mail is larger than {} MB", MAIL_MAX / 1024 / 1024);
        return ExitCode::from(65);
    }
    let leptos = leptos_options(&config);
    let state = AppState::new(store, config, leptos);
    match take(&state, &raw).await {
        Ok(Taken::Opened { id }) => {
            println!("ticket {id} opened");
            ExitCode::SUCCESS
        }
        Ok(Taken::Added { id }) => {
            println!("added to ticket {id}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            // The codes of sysexits.h, which mail servers read.
            ExitCode::from(match e {
                NotTaken::UnknownSender(_) => 67,
                NotTaken::NotConfigured => 78,
                NotTaken::Refused(app::domain::AppError::Unavailable | app::domain::AppError::Internal { .. }) => 75,
                NotTaken::Unreadable | NotTaken::Unauthenticated(_) | NotTaken::Refused(_) => 65,
            })
        }
    }
}

/// The database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

async fn serve(store: Store, config: Config) -> ExitCode {
    if config.demo {
        match bootstrap::seed_demo(&store).await {
            Ok(accounts) => {
                println!("\nVatra demo accounts (password: {}):", bootstrap::DEMO_PASSWORD);
                for a in &accounts {
                    println!("  {:<22} {:<14} {}", a.username, a.role.code(), a.territory);
                }
                println!();
            }
            Err(e) => return fail(format!("cannot seed demo data: {e}")),
        }
        match bootstrap::seed_demo_caseload(&store).await {
            Ok(0) => {}
            Ok(n) => println!("Demo caseload: {n} synthetic persons with their households and cases.\n"),
            Err(e) => return fail(format!("cannot seed demo data: {e}")),
        }
    } else if store.count_users().await.unwrap_or(0) == 0 {
        println!("No users yet. Create the first administrator with:\n  vatra create-admin --username NAME --full-name \"FULL NAME\"\n");
    }
    let leptos = leptos_options(&config);
    let listen = config.listen;
    let state = AppState::new(store.clone(), config, leptos);
    let sessions = match http::SessionBackend::new(store.db()).await {
        Ok(s) => s,
        Err(e) => return fail(format!("cannot prepare sessions: {e}")),
    };
    // Live updates and the alert scheduler.
    app::server::live::start(&state);
    let router = app::routes::router_with(state, sessions.clone());
    // Expired sessions are deleted hourly.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = sessions.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(l) => l,
        Err(e) => return fail(format!("cannot listen on {listen}: {e}")),
    };
    println!("Vatra is running on http://{listen} ({}). Sign in at http://{listen}/sign-in", store.engine());
    let result = http::serve(listener, router).await;
    store.close().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Leptos settings: cargo-leptos's variables when it runs us, otherwise the
/// layout it builds (`target/site`, fingerprinted files when `hash.txt` sits
/// beside the binary).
fn leptos_options(config: &Config) -> leptos::config::LeptosOptions {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_owned());
    let hash_file = env("LEPTOS_HASH_FILE_NAME", "hash.txt");
    let hashed_by_default =
        std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join(&hash_file).exists())).unwrap_or(false);
    leptos::config::LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "vatra"))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(config.listen)
        .hash_file(std::sync::Arc::<str>::from(hash_file))
        .hash_files(std::env::var("LEPTOS_HASH_FILES").map(|v| v == "true").unwrap_or(hashed_by_default))
        .build()
}

/// `vatra bench-reports`: the dashboard's panels and the export of the register of
/// beneficiaries, printed as Markdown.
async fn bench_reports(store: Store, iterations: usize, no_panels: bool) -> ExitCode {
    use app::bench::reports as br;
    let scopes = match br::scopes(&store).await {
        Ok(s) if !s.is_empty() => s,
        Ok(_) => return fail("bench-reports needs territories and cases: run `vatra synth` first"),
        Err(e) => return fail(e),
    };
    let version = store.engine_version().await.unwrap_or_else(|_| "(version unknown)".into());
    let (from, to) = br::last_twelve_months();
    println!(
        "Dashboard benchmark on {} {version}: the last twelve months ({from} to {to}), {iterations} readings of \
         each panel.\n",
        store.engine()
    );
    if !no_panels {
        match br::panels(&store, &scopes, (from, to), iterations).await {
            Ok(m) => print!("{}", app::bench::markdown(&m)),
            Err(e) => return fail(e),
        }
    }
    let (name, country) = &scopes[0];
    let expected = br::cases_in(&store, country).await.unwrap_or(0);
    match br::export(&store, country, br::all_time(), expected).await {
        Ok(f) => {
            println!(
                "\nRegister of beneficiaries of {name}, all time, as CSV: {} lines, {:.1} MB in {:.1} s, {:.0} lines/s.\n",
                f.lines,
                f.bytes as f64 / 1e6,
                f.seconds,
                f.lines as f64 / f.seconds.max(1e-9)
            );
            println!("| lines written | resident memory (MiB) | peak so far (MiB) |\n|---|---|---|");
            let step = (expected / 10).max(1);
            for (i, (rss, peak)) in f.memory.iter().enumerate() {
                let at = if i == 0 {
                    0
                } else if i == f.memory.len() - 1 {
                    f.lines
                } else {
                    step * i as u64
                };
                println!("| {at} | {:.1} | {:.1} |", *rss as f64 / 1024.0, *peak as f64 / 1024.0);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// `vatra bench-tickets`: fills the tickets table, then times the queue, printed as Markdown.
async fn bench_tickets(store: Store, tickets: u64, iterations: usize) -> ExitCode {
    use app::bench::tickets as bt;
    let users = bt::users(&store).await.unwrap_or_default();
    let Some(&reporter) = users.first() else {
        return fail("bench-tickets needs at least one user: run `vatra create-admin` first");
    };
    let started = std::time::Instant::now();
    let added = match bt::fill(&store, tickets, reporter, &users).await {
        Ok(n) => n,
        Err(e) => return fail(e),
    };
    let version = store.engine_version().await.unwrap_or_else(|_| "(version unknown)".into());
    println!(
        "Queue benchmark on {} {version}: {tickets} tickets ({added} added in {:.1} s); {iterations} requests each, \
         30 tickets a page.\n",
        store.engine(),
        started.elapsed().as_secs_f64()
    );
    match bt::measure(&store, iterations, users[users.len() / 2]).await {
        Ok(m) => {
            print!("{}", app::bench::markdown(&m));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
