//! Files sent with tickets' messages, on SQLite and on PostgreSQL: a screenshot sent by the
//! page's script and by a plain form post, named by a new ticket and by a message; the type
//! told by the content and the size limit; who reads a file (its sender before it is sent, then
//! whoever reads its message: an internal note's files are support's only); a file sent once;
//! every upload and read audited; never changed or deleted.

use crate::attachments::{assert_refused_at, exec, photo, sent, PDF};
use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, Client, Part, Reply};
use crate::records::*;
use crate::tickets::{count, get, open_ticket};
use app::api::tickets::TicketView;
use app::domain::attachment::FileKind;
use app::domain::{Permission, Role};
use axum::http::{header, StatusCode};

async fn send(c: &mut Client, name: &str, content: &[u8]) -> Reply {
    c.post_multipart("/support/files", &[Part::File("file", name, content)], "same-origin").await
}

async fn status_of(c: &mut Client, file: i64) -> StatusCode {
    c.get_raw(&format!("/support/files/{file}")).await.0
}

async fn say(c: &mut Client, t: &TicketView, body: &str, mode: &str, files: &[i64]) -> Reply {
    let mut form = vec![s("id", t.id), s("version", t.version), s("body", body), s("mode", mode)];
    form.extend(files.iter().enumerate().map(|(i, f)| s(&format!("files[{i}]"), f)));
    post(c, "tickets/message", &form).await
}

/// The ids of the files of each message, in thread order.
fn files_by_message(t: &TicketView) -> Vec<Vec<i64>> {
    t.messages.iter().filter(|m| m.kind != "event").map(|m| m.files.iter().map(|f| f.id).collect()).collect()
}

async fn files_with_messages(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[("VATRA_ATTACHMENT_MAX_MB", "1")])).await;
    let store = &state.store;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut agent = signed_in(&router, "support.chisinau").await;
    let mut other = signed_in(&router, "worker.ungheni").await;

    // A screenshot from the phone: kept, typed by its content, with a thumbnail.
    let png = {
        let img = image::RgbImage::from_pixel(390, 844, image::Rgb([240, 240, 235]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let shot = sent(&send(&mut w, "Screenshot 2026-12-04.png", &png).await);
    assert_eq!((shot.content_type.as_str(), shot.kind, shot.has_thumbnail), ("image/png", FileKind::Photo, true));
    // Not sent with a message yet: its sender reads it, nobody else (support included).
    assert_eq!(status_of(&mut w, shot.id).await, StatusCode::OK);
    assert_eq!(status_of(&mut agent, shot.id).await, StatusCode::NOT_FOUND);
    assert_eq!(status_of(&mut other, shot.id).await, StatusCode::NOT_FOUND);

    // Refused, and nothing kept: a web page named .png, an empty file, one over the limit, two
    // files in one request; signed out; from another site.
    let files = "SELECT COUNT(*) FROM ticket_files";
    assert_eq!(count(store, files).await, 1);
    assert_refused_at(&send(&mut w, "shot.png", b"<html><script>alert(1)</script>").await, "files", "file_type");
    assert_refused_at(&send(&mut w, "empty.png", b"").await, "files", "empty_file");
    let mut big = photo(64, 64);
    big.resize(1024 * 1024 + 1, 0);
    assert_refused_at(&send(&mut w, "big.jpg", &big).await, "files", "too_large");
    let two = [Part::File("file", "a.png", &png[..]), Part::File("file", "b.pdf", PDF)];
    assert_refused_at(&w.post_multipart("/support/files", &two, "same-origin").await, "files", "one_file");
    assert_eq!(send(&mut Client::new(&router), "a.png", &png).await.status, StatusCode::UNAUTHORIZED);
    let r = w.post_multipart("/support/files", &[Part::File("file", "a.png", &png)], "cross-site").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(count(store, files).await, 1);
    assert_eq!(audited(&state, "tickets.attach", 0, "worker.chisinau", "refused").await, 4);

    // A new ticket names it: the first message carries it.
    let id = open_ticket(
        &mut w,
        &[
            s("subject", "Butonul Salvează nu răspunde"),
            s("body", "Vedeți captura."),
            s("category", "fault"),
            s("files[0]", shot.id),
        ],
    )
    .await;
    let t = get(&mut w, id).await;
    assert_eq!(files_by_message(&t), [vec![shot.id]]);
    assert_eq!(t.messages[0].files[0].name, "Screenshot 2026-12-04.png");
    // Support reads what the reporter sent, the photo in the browser, and its thumbnail; another
    // worker does not.
    let (status, headers, bytes) = agent.get_raw(&format!("/support/files/{}", shot.id)).await;
    assert_eq!((status, bytes == png), (StatusCode::OK, true));
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("sandbox"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (status, headers, thumb) = agent.get_raw(&format!("/support/files/{}/thumbnail", shot.id)).await;
    assert_eq!((status, &thumb[..2]), (StatusCode::OK, &[0xFF, 0xD8][..]));
    assert_eq!(headers[header::CACHE_CONTROL], "private, max-age=86400");
    assert_eq!(status_of(&mut other, shot.id).await, StatusCode::NOT_FOUND);
    assert_eq!(audited(&state, "tickets.download", shot.id, "support.chisinau", "done").await, 1);
    assert_eq!(audited(&state, "tickets.thumbnail", shot.id, "support.chisinau", "done").await, 1);
    assert_eq!(audited(&state, "tickets.attach", shot.id, "worker.chisinau", "done").await, 1);

    // A file goes with one message only; a file someone else sent, or none at all, is refused
    // at `files`; so are more than five; nothing is written.
    let messages = format!("SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = {id}");
    let before = count(store, &messages).await;
    assert_refused_at(&say(&mut w, &t, "Din nou", "reply", &[shot.id]).await, "files", "unknown_file");
    let theirs = sent(&send(&mut agent, "ghid.pdf", PDF).await);
    assert_refused_at(&say(&mut w, &t, "A lor", "reply", &[theirs.id]).await, "files", "unknown_file");
    assert_refused_at(&say(&mut w, &t, "Niciunul", "reply", &[999_999]).await, "files", "unknown_file");
    let six: Vec<i64> = (1..=6).collect();
    assert_refused_at(&say(&mut w, &t, "Prea multe", "reply", &six).await, "files", "too_many_files");
    let r = post(
        &mut w,
        "tickets/message",
        &[s("id", id), s("version", t.version), s("body", "x"), s("mode", "reply"), s("file_error", "too_large")],
    )
    .await;
    assert_refused_at(&r, "files", "too_large");
    assert_eq!(count(store, &messages).await, before);
    assert_eq!(get(&mut w, id).await.version, t.version);

    // An internal note's file is support's: the reporter sees neither the note nor its file.
    let t = get(&mut agent, id).await;
    assert!(say(&mut agent, &t, "Ghidul intern", "note", &[theirs.id]).await.ok());
    let seen = get(&mut w, id).await;
    assert_eq!(files_by_message(&seen), [vec![shot.id]]);
    assert_eq!(status_of(&mut w, theirs.id).await, StatusCode::NOT_FOUND);
    assert_eq!(status_of(&mut agent, theirs.id).await, StatusCode::OK);
    // A public reply's file is the reporter's to read too.
    let guide = sent(&send(&mut agent, "pasii.pdf", PDF).await);
    let t = get(&mut agent, id).await;
    assert!(say(&mut agent, &t, "Urmați pașii din ghid.", "reply", &[guide.id]).await.ok());
    let seen = get(&mut w, id).await;
    assert_eq!(files_by_message(&seen), [vec![shot.id], vec![guide.id]]);
    let (status, headers, _) = w.get_raw(&format!("/support/files/{}", guide.id)).await;
    assert_eq!((status, headers[header::CONTENT_TYPE].to_str().unwrap()), (StatusCode::OK, "application/pdf"));
    // Saved, never opened in the site's origin without a sandbox.
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; "));
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("sandbox"));

    // Every role: a file the reporter sent is read by its reporter and by support only.
    let mut failures = Vec::new();
    for role in Role::ALL {
        let username = crate::http::authz::demo_user(role);
        let mut c = signed_in(&router, username).await;
        let expected = if role == Role::SocialWorker || app::domain::roles::role_allows(role, Permission::WorkTickets) {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        let got = status_of(&mut c, shot.id).await;
        if got != expected {
            failures.push(format!("{username}: {got}, expected {expected}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");

    // Without JavaScript: the message form posts as multipart with its files; they are kept and
    // go with the message, and the page comes back.
    let page = format!("/support/{id}");
    let t = get(&mut w, id).await;
    let jpeg = photo(120, 90);
    let (version, tid) = (t.version.to_string(), t.id.to_string());
    let r = w
        .post_multipart_from(
            "tickets/message",
            &page,
            &[
                Part::Text("id", &tid),
                Part::Text("version", &version),
                Part::Text("body", "Și o fotografie a ecranului."),
                Part::Text("mode", "reply"),
                Part::File("file", "IMG_0007.JPG", &jpeg),
                // A file input left empty sends an empty part.
                Part::File("file", "", b""),
            ],
        )
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    assert!(!r.location.clone().unwrap_or_default().contains("__err"), "{:?}", r.location);
    let seen = get(&mut w, id).await;
    let last = seen.messages.iter().rfind(|m| m.kind == "reply").unwrap();
    assert_eq!((last.body.as_str(), last.files.len()), ("Și o fotografie a ecranului.", 1));
    assert_eq!(last.files[0].name, "IMG_0007.JPG");
    // A refused file refuses the post: back to the page with the error, what was typed kept,
    // nothing written.
    let before = count(store, &messages).await;
    let version = seen.version.to_string();
    let r = w
        .post_multipart_from(
            "tickets/message",
            &page,
            &[
                Part::Text("id", &tid),
                Part::Text("version", &version),
                Part::Text("body", "Cu un fișier greșit"),
                Part::Text("mode", "reply"),
                Part::File("file", "notes.png", b"plain text, not a picture"),
            ],
        )
        .await;
    let to = r.location.unwrap_or_default();
    assert!(to.contains(&format!("{page}?")) && to.contains("__err="), "{to}");
    assert_eq!(count(store, &messages).await, before);
    let back = w.get(&to.replacen("http://127.0.0.1:3000", "", 1)).await;
    assert!(back.body.contains("Cu un fișier greșit"), "what was typed is kept");
    // A new ticket from Help, likewise.
    let r = w
        .post_multipart_from(
            "tickets/create",
            "/support/new",
            &[
                Part::Text("subject", "Captura de ecran atașată"),
                Part::Text("body", "Fără JavaScript."),
                Part::Text("category", "question"),
                Part::File("file", "ecran.png", &png),
            ],
        )
        .await;
    let created = redirected_id(&r, "/support/");
    let t = get(&mut w, created).await;
    assert_eq!(t.messages[0].files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["ecran.png"]);

    // Never changed, never deleted.
    for sql in [
        format!("DELETE FROM ticket_files WHERE id = {}", shot.id),
        format!("UPDATE ticket_files SET file_name = 'x' WHERE id = {}", shot.id),
        format!("DELETE FROM ticket_message_files WHERE file_id = {}", shot.id),
        format!("UPDATE ticket_message_files SET message_id = 1 WHERE file_id = {}", shot.id),
    ] {
        assert!(exec(store, &sql).await.is_err(), "{sql}");
    }
}

crate::both_engines! {
    ticket_files_with_messages => files_with_messages;
}
