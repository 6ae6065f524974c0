//! Alert e-mail through a local SMTP sink the test starts: an escalation mails the supervisor
//! at once, the daily digest goes to each user with live alerts, nothing is mailed twice, and a
//! server that refuses leaves the mail queued with its error. On SQLite and on PostgreSQL.

use crate::alerts::set_due;
use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, user_id};
use crate::records::*;
use app::server::config::MailSettings;
use app::server::mail::{queue_digests, queue_escalations, send_waiting, Mailer, SendReport};
use app::store::{alerts as al, deadlines as dls, Db, Store};
use chrono::NaiveDate;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// The messages a sink received: the envelope's recipients and the raw message.
type Inbox = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// A minimal SMTP server on a free loopback port that accepts every message (or, with
/// `refuse`, answers every sender with 550). Returns its port and what it received.
async fn sink(refuse: bool) -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Inbox = Arc::default();
    let got = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let got = got.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let (mut to, mut data, mut in_data) = (Vec::new(), String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            got.lock().unwrap().push((std::mem::take(&mut to), std::mem::take(&mut data)));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "HELO" => b"250 sink\r\n",
                        "MAIL" if refuse => b"550 not today\r\n",
                        "MAIL" => b"250 ok\r\n",
                        "RCPT" => {
                            to.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                            b"250 ok\r\n"
                        }
                        "DATA" => {
                            in_data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = write.write_all(answer).await;
                }
            });
        }
    });
    (port, inbox)
}

fn mailer(port: u16) -> Mailer {
    Mailer::new(&MailSettings {
        url: format!("smtp://127.0.0.1:{port}"),
        from: "Vatra <vatra@example.md>".into(),
        digest_hour: 7,
    })
    .unwrap()
}

async fn set_email(store: &Store, user: i64, email: &str) {
    let sql = "UPDATE users SET email = $1 WHERE id = $2";
    match store.db() {
        Db::Sqlite(p) => {
            sqlx::query(sql).bind(email).bind(user).execute(p).await.unwrap();
        }
        Db::Postgres(p) => {
            sqlx::query(sql).bind(email).bind(user).execute(p).await.unwrap();
        }
    };
}

async fn escalation_and_digest_mail(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let t = territories(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let worker = user_id(&state, "worker.chisinau").await;
    let boss = user_id(&state, "supervisor.chisinau").await;
    set_email(store, worker, "ana.ceban@example.md").await;
    set_email(store, boss, "sef.chisinau@example.md").await;
    let p = must_register(&mut w, &person("Rusu", "Petru", "1949-04-04", Some(&idnp(7)), t.chisinau)).await;
    let id = open_case(&mut w, p).await;
    let number = get_case(&mut w, id).await.number;

    // Nothing to mail before anything is late.
    let (port, inbox) = sink(false).await;
    let m = mailer(port);
    assert_eq!(queue_escalations(store).await.unwrap(), 0);
    assert_eq!(send_waiting(store, &m).await.unwrap(), SendReport::default());

    // Due Wednesday 11 November 2026; on Monday 16 it is three working days late: escalated.
    set_due(store, id, NaiveDate::from_ymd_opt(2026, 11, 11).unwrap()).await;
    let day = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    let dl = dls::load(store.db(), day).await.unwrap();
    assert_eq!(al::run_pass(store, &dl, day).await.unwrap().escalated, 1);
    assert_eq!(queue_escalations(store).await.unwrap(), 1);
    assert_eq!(queue_escalations(store).await.unwrap(), 0, "one mail per escalation");
    assert_eq!(send_waiting(store, &m).await.unwrap(), SendReport { sent: 1, failed: 0 });
    {
        let got = inbox.lock().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, vec!["sef.chisinau@example.md".to_owned()]);
        assert!(got[0].1.contains(&number), "the mail names the case: {}", got[0].1);
        assert!(
            got[0].1.contains("Subject: Vatra: overdue, escalated to you"),
            "in the supervisor's language: {}",
            got[0].1
        );
    }
    assert_eq!(send_waiting(store, &m).await.unwrap(), SendReport::default(), "sent mail is not sent again");

    // The day's digest: the worker (overdue) and the supervisor (escalation), once each.
    assert_eq!(queue_digests(store, day).await.unwrap(), 2);
    assert_eq!(queue_digests(store, day).await.unwrap(), 0, "one digest per user and day");
    assert_eq!(send_waiting(store, &m).await.unwrap(), SendReport { sent: 2, failed: 0 });
    {
        let got = inbox.lock().unwrap();
        let to_worker =
            got.iter().find(|(to, _)| to == &vec!["ana.ceban@example.md".to_owned()]).expect("worker digest");
        assert!(to_worker.1.contains(&number) && to_worker.1.contains("2026-11-11"), "{}", to_worker.1);
    }

    // A server that refuses: the mail stays queued with its error, and goes once it accepts.
    let (bad_port, bad_inbox) = sink(true).await;
    assert_eq!(queue_digests(store, day.succ_opt().unwrap()).await.unwrap(), 2);
    let r = send_waiting(store, &mailer(bad_port)).await.unwrap();
    assert_eq!((r.sent, bad_inbox.lock().unwrap().len()), (0, 0));
    assert!(r.failed >= 1);
    let errors: i64 = match store.db() {
        Db::Sqlite(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL")
                .fetch_one(p)
                .await
                .unwrap()
        }
        Db::Postgres(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL")
                .fetch_one(p)
                .await
                .unwrap()
        }
    };
    assert!(errors >= 1);
    assert_eq!(send_waiting(store, &m).await.unwrap(), SendReport { sent: 2, failed: 0 });
    assert_eq!(inbox.lock().unwrap().len(), 5);
}

crate::both_engines! {
    mail_escalation_and_digest => escalation_and_digest_mail;
}

#[test]
fn mail_settings_are_checked_at_start() {
    use app::server::Config;
    let get = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    };
    assert!(Config::from_lookup(get(&[])).unwrap().mail.is_none(), "no SMTP: no mail, nothing else changes");
    let e = Config::from_lookup(get(&[("VATRA_SMTP_URL", "smtp://127.0.0.1:2525")])).unwrap_err();
    assert_eq!(e.var, "VATRA_MAIL_FROM");
    let e = Config::from_lookup(get(&[("VATRA_SMTP_URL", "http://x"), ("VATRA_MAIL_FROM", "a@b.md")])).unwrap_err();
    assert_eq!(e.var, "VATRA_SMTP_URL");
    let e = Config::from_lookup(get(&[("VATRA_SMTP_URL", "smtp://h:25"), ("VATRA_MAIL_FROM", "not an address")]))
        .unwrap_err();
    assert_eq!(e.var, "VATRA_MAIL_FROM");
    let c = Config::from_lookup(get(&[
        ("VATRA_SMTP_URL", "smtp://relay.example.md:25?tls=required"),
        ("VATRA_MAIL_FROM", "Vatra <vatra@example.md>"),
        ("VATRA_DIGEST_HOUR", "6"),
    ]))
    .unwrap();
    assert_eq!(c.mail.map(|m| m.digest_hour), Some(6));
}
