//! The support queue benchmark (`vatra bench-tickets`): fills the tickets table to a size
//! (synthetic tickets in every status, priority and category, opened over the last 90 days,
//! with breach times), then times the queue's listing and search as the queue page asks for
//! them ([`tickets::queue`]). The figures go in `docs/figures.md`; timing is never a test.
//!
//! It writes tickets: point it at a scratch database.

use super::Measure;
use crate::store::tickets::{self, QueueFilter};
use crate::store::{now, on_db, Store};
use chrono::{DateTime, Duration, Utc};
use std::time::Instant;

const CATEGORIES: [&str; 5] = ["access", "forms", "fault", "question", "other"];
const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
/// Mostly finished, as a help desk's history is; a tenth still to do.
const STATUSES: [&str; 10] =
    ["closed", "closed", "closed", "resolved", "closed", "closed", "resolved", "open", "new", "waiting"];
const WORDS: [&str; 12] = [
    "parola",
    "formular",
    "evaluare",
    "salvare",
    "eroare",
    "plan",
    "caz",
    "raport",
    "telefon",
    "semnatura",
    "export",
    "acces",
];
/// How many tickets one INSERT writes.
const BATCH: usize = 500;

/// One synthetic ticket.
struct Row {
    number: String,
    status: &'static str,
    priority: &'static str,
    category: &'static str,
    subject: String,
    search: String,
    created_at: DateTime<Utc>,
    breach_at: Option<DateTime<Utc>>,
    soon_at: Option<DateTime<Utc>>,
    assignee: Option<i64>,
}

/// A small deterministic generator (the same tickets for the same `i`).
fn mix(i: u64) -> u64 {
    let mut x = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn row(i: u64, at: DateTime<Utc>, agents: &[i64]) -> Row {
    let r = mix(i);
    let pick = |n: usize, shift: u32| ((r >> shift) as usize) % n;
    let status = STATUSES[pick(STATUSES.len(), 0)];
    let subject = format!("{} {} {}", WORDS[pick(WORDS.len(), 8)], WORDS[pick(WORDS.len(), 16)], i);
    let number = format!("T-1999-{i:06}");
    let created_at = at - Duration::minutes(((r >> 24) % (90 * 24 * 60)) as i64);
    let open = matches!(status, "open" | "new" | "waiting");
    // A running clock breaches between two days ago and a week ahead.
    let breach_at = open.then(|| at + Duration::minutes(((r >> 40) % (9 * 24 * 60)) as i64 - 2 * 24 * 60));
    let assignee = (status != "new" && !agents.is_empty()).then(|| agents[pick(agents.len(), 48)]);
    Row {
        search: crate::domain::names::fold(&format!("{number} {subject} Bench Reporter")),
        number,
        status,
        priority: PRIORITIES[pick(PRIORITIES.len(), 4)],
        category: CATEGORIES[pick(CATEGORIES.len(), 12)],
        subject,
        created_at,
        soon_at: breach_at.map(|b| b - Duration::hours(2)),
        breach_at,
        assignee,
    }
}

/// Up to 20 active users: the first reports every ticket, all of them are assignees.
pub async fn users(store: &Store) -> Result<Vec<i64>, String> {
    Ok(on_db!(store.db(), |c| sqlx::query_scalar("SELECT id FROM users WHERE active = TRUE ORDER BY id LIMIT 20")
        .fetch_all(c)
        .await
        .map_err(|e| e.to_string())?))
}

/// Adds synthetic tickets until there are `target` in all; returns how many were added.
pub async fn fill(store: &Store, target: u64, reporter: i64, agents: &[i64]) -> Result<u64, String> {
    let have: i64 = on_db!(store.db(), |c| sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(c)
        .await
        .map_err(|e| e.to_string())?);
    let at = now();
    let first = have.max(0) as u64;
    let mut i = first;
    while i < target {
        let rows: Vec<Row> = (i..target.min(i + BATCH as u64)).map(|n| row(n, at, agents)).collect();
        i += rows.len() as u64;
        on_db!(store.db(), |c| {
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO tickets (number, reporter_id, channel, category, priority, status, assignee_id, subject, \
                 search, created_at, created_by, breach_at, soon_at, updated_at, updated_by, version) ",
            );
            qb.push_values(&rows, |mut b, r| {
                b.push_bind(&r.number)
                    .push_bind(reporter)
                    .push_bind("in_app")
                    .push_bind(r.category)
                    .push_bind(r.priority)
                    .push_bind(r.status)
                    .push_bind(r.assignee)
                    .push_bind(&r.subject)
                    .push_bind(&r.search)
                    .push_bind(r.created_at)
                    .push_bind(reporter)
                    .push_bind(r.breach_at)
                    .push_bind(r.soon_at)
                    .push_bind(r.created_at)
                    .push_bind(reporter)
                    .push_bind(1_i64);
            });
            qb.build().execute(c).await.map_err(|e| e.to_string())?;
        });
        if i % 50_000 < BATCH as u64 {
            eprintln!("bench-tickets: {i}/{target} tickets");
        }
    }
    Ok(i - first)
}

/// Times each queue request `iterations` times.
pub async fn measure(store: &Store, iterations: usize, agent: i64) -> Result<Vec<Measure>, String> {
    let base = QueueFilter { status: "work".into(), assignee: "any", breach: "any", ..QueueFilter::default() };
    let word = |w: &str| Some(crate::domain::names::fold(w));
    let cases: Vec<(&str, QueueFilter, i64)> = vec![
        ("still to do, first page (the queue's default)", base.clone(), 0),
        ("still to do, page 10", base.clone(), 270),
        ("all statuses, first page", QueueFilter { status: "all".into(), ..base.clone() }, 0),
        (
            "one category and priority",
            QueueFilter { category: Some("forms".into()), priority: Some("urgent".into()), ..base.clone() },
            0,
        ),
        ("assigned to me", QueueFilter { assignee: "id", assignee_id: Some(agent), ..base.clone() }, 0),
        ("unassigned", QueueFilter { assignee: "none", ..base.clone() }, 0),
        ("breached", QueueFilter { breach: "breached", ..base.clone() }, 0),
        (
            "a ticket number, all statuses",
            QueueFilter { status: "all".into(), number: Some("T-1999-123456".into()), ..base.clone() },
            0,
        ),
        ("a common word, still to do", QueueFilter { text: word("parola"), ..base.clone() }, 0),
        ("a common word, all statuses", QueueFilter { status: "all".into(), text: word("parola"), ..base.clone() }, 0),
        ("the start of a word, still to do", QueueFilter { text: word("semn"), ..base.clone() }, 0),
        ("two words, still to do", QueueFilter { text: word("parola eroare"), ..base.clone() }, 0),
        (
            "a word one ticket has, all statuses",
            QueueFilter { status: "all".into(), text: word("123456"), ..base.clone() },
            0,
        ),
        (
            "a word no ticket has, all statuses",
            QueueFilter { status: "all".into(), text: word("nuexista"), ..base.clone() },
            0,
        ),
    ];
    let mut out = Vec::new();
    for (name, f, offset) in cases {
        let mut m = Measure::new(name);
        for _ in 0..iterations {
            let t = Instant::now();
            let rows = tickets::queue(store.db(), &f, now(), offset, 31).await.map_err(|e| e.to_string())?;
            m.samples.push(t.elapsed());
            m.rows += rows.len() as u64;
        }
        out.push(m);
    }
    Ok(out)
}
