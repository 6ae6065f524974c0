//! Support mail, on SQLite and on PostgreSQL: an e-mail from a user's address opens a ticket on
//! the e-mail channel with its files (one Vatra refuses is named, not kept); support's public
//! answer goes back by e-mail with the ticket's number in its subject; the user's answer to it
//! lands on the same ticket, without the quoted mail; a sender who is no user, a subject naming
//! someone else's ticket or a closed one, and intake left unconfigured.

use crate::harness::{app_with, config, TestDb};
use crate::http::signed_in;
use crate::records::*;
use crate::tickets::{count, get};
use app::api::tickets::mail_in::{take, NotTaken, Taken};
use app::server::AppState;
use base64::Engine;

/// An e-mail as a mail client writes it: a text part and the files `(name, content)`.
fn mail(from: &str, subject: &str, text: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let b = "vatra-mail-boundary";
    let mut m = format!(
        "From: {from}\r\nTo: Vatra <ajutor@vatra.example>\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"{b}\"\r\n\r\n--{b}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n"
    );
    for (name, content) in files {
        let data = base64::engine::general_purpose::STANDARD.encode(content);
        m.push_str(&format!(
            "--{b}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{data}\r\n"
        ));
    }
    m.push_str(&format!("--{b}--\r\n"));
    m.into_bytes()
}

async fn set_email(state: &AppState, username: &str, email: &str) {
    let sql = format!("UPDATE users SET email = '{email}' WHERE username = '{username}'");
    crate::attachments::exec(&state.store, &sql).await.unwrap();
}

async fn support_mail(db: TestDb) {
    let mail_settings = [
        ("VATRA_SUPPORT_MAIL_CATEGORY", "question"),
        ("VATRA_SMTP_URL", "smtp://127.0.0.1:2525"),
        ("VATRA_MAIL_FROM", "Vatra <ajutor@vatra.example>"),
    ];
    let (router, state) = app_with(&db, config(&db, &mail_settings)).await;
    let store = &state.store;
    set_email(&state, "worker.chisinau", "ana.rusu@example.md").await;
    set_email(&state, "worker.ungheni", "vasile@example.md").await;
    let png = crate::attachments::photo(30, 20);

    // From a user's address (in any case): a ticket on the e-mail channel, with the photo kept
    // and the text named like a photo left out and said.
    let raw = mail(
        "Ana Rusu <Ana.Rusu@Example.md>",
        "Nu pot salva evaluarea",
        "Apăs Salvează și nu se întâmplă nimic.",
        &[("ecran.jpg", &png), ("note.png", b"only words")],
    );
    let Ok(Taken::Opened { id }) = take(&state, &raw).await else { panic!("not opened") };
    let mut w = signed_in(&router, "worker.chisinau").await;
    let t = get(&mut w, id).await;
    assert_eq!(
        (t.channel.as_str(), t.subject.as_str(), t.category.as_str()),
        ("email", "Nu pot salva evaluarea", "question")
    );
    assert!(t.messages[0].body.starts_with("Apăs Salvează și nu se întâmplă nimic."), "{}", t.messages[0].body);
    assert!(t.messages[0].body.contains("note.png"), "the file left out is named: {}", t.messages[0].body);
    assert_eq!(t.messages[0].files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["ecran.jpg"]);
    assert_eq!(audited(&state, "tickets.create", id, "worker.chisinau", "done").await, 1);

    // Support's public answer goes out by mail, the number in its subject; a note does not.
    let mut agent = signed_in(&router, "support.chisinau").await;
    let t = get(&mut agent, id).await;
    let answer = [s("id", id), s("version", t.version), s("body", "Reîncercați după actualizare."), s("mode", "reply")];
    assert!(post(&mut agent, "tickets/message", &answer).await.ok());
    let t = get(&mut agent, id).await;
    let note = [s("id", id), s("version", t.version), s("body", "Intern."), s("mode", "note")];
    assert!(post(&mut agent, "tickets/message", &note).await.ok());
    let outbox = "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'ticket_reply'";
    assert_eq!(count(store, outbox).await, 1);
    let (to, subject, body): (String, String, String) = crate::tickets::on_db!(store, |p| sqlx::query_as(
        "SELECT to_address, subject, body FROM mail_outbox WHERE kind = 'ticket_reply'"
    )
    .fetch_one(p)
    .await
    .unwrap());
    assert_eq!((to.as_str(), subject), ("ana.rusu@example.md", format!("[{}] Nu pot salva evaluarea", t.number)));
    assert!(body.contains("Reîncercați după actualizare.") && !body.contains("Intern."), "{body}");

    // The user's answer to that mail goes to the same ticket, without the quoted mail.
    let reply = mail(
        "ana.rusu@example.md",
        &format!("Re: [{}] Nu pot salva evaluarea", t.number),
        "Merge acum, mulțumesc.\n\n> Reîncercați după actualizare.",
        &[],
    );
    assert_eq!(take(&state, &reply).await.unwrap(), Taken::Added { id });
    let seen = get(&mut w, id).await;
    assert_eq!(seen.messages.last().map(|m| m.body.as_str()), Some("Merge acum, mulțumesc."));

    // Someone else's ticket named in the subject: a new ticket of their own.
    let theirs = mail("vasile@example.md", &format!("Re: [{}] altceva", t.number), "Am și eu o întrebare.", &[]);
    let Ok(Taken::Opened { id: other }) = take(&state, &theirs).await else { panic!("not opened") };
    assert_ne!(other, id);
    // A closed ticket takes no more: the answer opens a new one.
    let t = get(&mut agent, id).await;
    assert!(post(&mut agent, "tickets/status", &[s("id", id), s("version", t.version), s("action", "resolve")])
        .await
        .ok());
    let t = get(&mut agent, id).await;
    assert!(post(&mut agent, "tickets/status", &[s("id", id), s("version", t.version), s("action", "close")])
        .await
        .ok());
    let late = mail("ana.rusu@example.md", &format!("Re: [{}] Nu pot salva evaluarea", t.number), "Iar nu merge.", &[]);
    let Ok(Taken::Opened { id: again }) = take(&state, &late).await else { panic!("not opened") };
    assert!(again != id && again != other);

    // A sender who is no user is refused (and audited); so is mail that is no mail.
    let tickets = "SELECT COUNT(*) FROM tickets";
    let before = count(store, tickets).await;
    let stranger = mail("cineva@example.md", "Ajutor", "Bună ziua", &[]);
    assert!(matches!(take(&state, &stranger).await, Err(NotTaken::UnknownSender(a)) if a == "cineva@example.md"));
    assert!(matches!(take(&state, b"not an e-mail at all").await, Err(NotTaken::Unreadable)));
    assert_eq!(count(store, tickets).await, before);
    let refused = "SELECT COUNT(*) FROM audit_events WHERE action = 'tickets.mail_in' AND outcome = 'refused'";
    assert_eq!(count(store, refused).await, 1);

    // `From:` forged: the receiving server's results vouch for another domain only. Refused,
    // audited; the same mail vouched for by DMARC is taken.
    let with_results = |results: &str| {
        let mut m = format!("Authentication-Results: {results}\r\n").into_bytes();
        m.extend(mail("Ana Rusu <ana.rusu@example.md>", "Ajutor", "Bună ziua", &[]));
        m
    };
    let forged =
        with_results("mx.vatra.example; spf=pass smtp.mailfrom=evil.example; dmarc=fail header.from=example.md");
    assert!(matches!(take(&state, &forged).await, Err(NotTaken::Unauthenticated(r)) if r.contains("dmarc=fail")));
    assert_eq!(count(store, tickets).await, before);
    assert_eq!(count(store, refused).await, 2);
    let vouched = with_results("mx.vatra.example; dmarc=pass header.from=example.md");
    assert!(matches!(take(&state, &vouched).await, Ok(Taken::Opened { .. })));
    // With the receiving server named, mail without its results is refused.
    let strict_settings = [("VATRA_SUPPORT_MAIL_CATEGORY", "question"), ("VATRA_MAIL_AUTHSERV_ID", "mx.vatra.example")];
    let strict = AppState::new(store.clone(), config(&db, &strict_settings), crate::harness::leptos_options());
    let unchecked = mail("Ana Rusu <ana.rusu@example.md>", "Ajutor", "Bună ziua", &[]);
    assert!(matches!(take(&strict, &unchecked).await, Err(NotTaken::Unauthenticated(_))));
    assert!(matches!(take(&strict, &vouched).await, Ok(Taken::Opened { .. })));

    // Without VATRA_SUPPORT_MAIL_CATEGORY, no mail is taken in.
    let plain = AppState::new(store.clone(), config(&db, &[]), crate::harness::leptos_options());
    assert!(matches!(take(&plain, &stranger).await, Err(NotTaken::NotConfigured)));
}

crate::both_engines! {
    ticket_support_mail => support_mail;
}
