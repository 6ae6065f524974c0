//! Attachments of case forms over HTTP, on SQLite and on PostgreSQL: a photo sent by the page's
//! script and by a plain form post, its thumbnail, the type told by the content (a text named
//! `.jpg` is refused), the size limit, files of another case, who may read a file, the audit of
//! every upload and download, and files kept in a directory instead of the database.

use crate::forms::{case_in_assessment, get_form, save, start, submit, test_definitions};
use crate::harness::{app_with, config, TestDb};
use crate::http::{signed_in, Client, Part, Reply};
use crate::records::*;
use app::api::forms::AttachmentView;
use app::domain::attachment::FileKind;
use app::domain::form::FormDefinition;
use app::domain::AppError;
use app::store::forms as fs;
use app::store::Store;
use axum::http::{header, StatusCode};
use serde_json::json;

fn label(en: &str) -> serde_json::Value {
    json!({ "en": en, "ro": en, "ru": en })
}

/// Publishes an initial assessment with a `photos` field (at most 3 files) and a group of
/// `actions`, each with an `evidence` file.
async fn publish_with_files(store: &Store) {
    let def: FormDefinition = serde_json::from_value(json!({
        "code": "initial_assessment",
        "title": label("Assessment with photos"),
        "sections": [{
            "key": "main",
            "title": label("Main"),
            "fields": [
                { "key": "reason", "label": label("Reason"), "kind": { "type": "long_text" }, "required": true },
                { "key": "note", "label": label("Note"), "kind": { "type": "text" } },
                { "key": "photos", "label": label("Photos"), "kind": { "type": "attachment", "max_files": 3 } },
                { "key": "actions", "label": label("Actions"), "kind": { "type": "group", "fields": [
                    { "key": "what", "label": label("What"), "kind": { "type": "text" } },
                    { "key": "evidence", "label": label("Evidence"), "kind": { "type": "attachment" } }
                ] } }
            ]
        }]
    }))
    .unwrap();
    let admin = store.user_by_username("admin.chisinau").await.unwrap().unwrap().id;
    let mut tx = store.begin().await.unwrap();
    let row = fs::add_definition(&mut tx, &def, admin).await.unwrap();
    fs::publish_definition(&mut tx, &row, admin).await.unwrap();
    tx.commit().await.unwrap();
}

/// A photo as a phone sends it: a JPEG of `w` × `h`.
pub(crate) fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

pub(crate) const PDF: &[u8] =
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

async fn send_file(c: &mut Client, form: i64, field: &str, name: &str, content: &[u8]) -> Reply {
    c.post_multipart(
        &format!("/forms/{form}/files"),
        &[Part::Text("field", field), Part::File("file", name, content)],
        "same-origin",
    )
    .await
}

pub(crate) fn sent(r: &Reply) -> AttachmentView {
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

#[track_caller]
pub(crate) fn assert_refused_at(r: &Reply, field: &str, code: &str) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    match r.error() {
        AppError::Invalid(e) => assert_eq!(e.for_field(field), Some(code), "{e:?}"),
        other => panic!("expected {field}: {code}, got {other:?}"),
    }
}

async fn attachments_count(store: &Store) -> i64 {
    count(store, "attachments").await
}

/// Runs a statement straight on the database (to show what the schema refuses).
pub(crate) async fn exec(store: &Store, sql: &str) -> Result<(), sqlx::Error> {
    match store.db() {
        app::store::Db::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
        app::store::Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
    }
}

async fn uploads_reads_and_audit(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[("VATRA_ATTACHMENT_MAX_MB", "1")])).await;
    let store = &state.store;
    test_definitions(store).await;
    publish_with_files(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let case = case_in_assessment(&mut w, store, 41).await;
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);

    // A photo from the phone: kept, typed by its content, with an upright thumbnail.
    let jpeg = photo(1200, 800);
    let a = sent(&send_file(&mut w, id, "photos", "C:\\fakepath\\IMG_0042.JPG", &jpeg).await);
    assert_eq!(
        (a.name.as_str(), a.content_type.as_str(), a.kind, a.has_thumbnail),
        ("IMG_0042.JPG", "image/jpeg", FileKind::Photo, true)
    );
    // A PDF named like a photo is a PDF; a document in a row of the group is taken too.
    let pdf = sent(&send_file(&mut w, id, "actions.0.evidence", "scan.jpg", PDF).await);
    assert_eq!((pdf.content_type.as_str(), pdf.kind, pdf.has_thumbnail), ("application/pdf", FileKind::Pdf, false));
    assert_eq!(attachments_count(store).await, 2);

    // Refused, and nothing kept: a web page named .jpg, an empty file, one over the limit,
    // a field that takes no files.
    assert_refused_at(
        &send_file(&mut w, id, "photos", "photo.jpg", b"<html><script>alert(1)</script>").await,
        "photos",
        "file_type",
    );
    assert_refused_at(&send_file(&mut w, id, "photos", "empty.jpg", b"").await, "photos", "empty_file");
    let mut big = photo(64, 64);
    big.resize(1024 * 1024 + 1, 0);
    assert_refused_at(&send_file(&mut w, id, "photos", "big.jpg", &big).await, "photos", "too_large");
    assert_refused_at(&send_file(&mut w, id, "note", "a.jpg", &jpeg).await, "field", "unknown_field");
    assert_eq!(attachments_count(store).await, 2);
    assert_eq!(audited(&state, "forms.attach", 0, "worker.chisinau", "refused").await, 4);

    // The answers name the files; a file the case does not hold is refused at its field.
    let answers =
        json!({ "photos": [a.id.to_string()], "actions": [{ "what": "Scan", "evidence": [pdf.id.to_string()] }] });
    assert!(save(&mut w, id, 1, &answers).await.ok());
    let r = save(&mut w, id, 2, &json!({ "photos": [a.id.to_string(), "999999"] })).await;
    assert_refused_at(&r, "photos", "unknown_file");
    let view = get_form(&mut w, id).await;
    assert_eq!(view.version, 2);
    let mut names: Vec<&str> = view.attachments.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["IMG_0042.JPG", "scan.jpg"]);

    // Read back as sent, the photo in the browser, the PDF too; the thumbnail is a small JPEG.
    let (status, headers, bytes) = w.get_raw(&format!("/files/{}", a.id)).await;
    assert_eq!((status, bytes == jpeg), (StatusCode::OK, true));
    assert_eq!(headers[header::CONTENT_TYPE], "image/jpeg");
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("inline; filename*=UTF-8''IMG%5F0042%2EJPG"));
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("sandbox"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (status, headers, thumb) = w.get_raw(&format!("/files/{}/thumbnail", a.id)).await;
    assert_eq!((status, &thumb[..2]), (StatusCode::OK, &[0xFF, 0xD8][..]));
    assert!(thumb.len() < jpeg.len());
    assert_eq!(headers[header::CACHE_CONTROL], "private, max-age=86400");
    let small = image::load_from_memory(&thumb).unwrap();
    assert_eq!((small.width(), small.height()), (320, 213));
    assert_eq!(w.get_raw(&format!("/files/{}/thumbnail", pdf.id)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(w.get_raw("/files/999999").await.0, StatusCode::NOT_FOUND);

    // Every upload and read audited, by the file.
    assert_eq!(audited(&state, "forms.attach", a.id, "worker.chisinau", "done").await, 1);
    assert_eq!(audited(&state, "forms.download", a.id, "worker.chisinau", "done").await, 1);
    assert_eq!(audited(&state, "forms.thumbnail", a.id, "worker.chisinau", "done").await, 1);

    // Who may: another territory's worker neither reads nor adds; the supervisor reads; no
    // session is sent to sign in; another site cannot post.
    let mut other = signed_in(&router, "worker.ungheni").await;
    assert_eq!(other.get_raw(&format!("/files/{}", a.id)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(send_file(&mut other, id, "photos", "x.jpg", &jpeg).await.status, StatusCode::NOT_FOUND);
    let mut sup = signed_in(&router, "supervisor.chisinau").await;
    assert_eq!(sup.get_raw(&format!("/files/{}", a.id)).await.0, StatusCode::OK);
    let mut anon = Client::new(&router);
    let (status, headers, _) = anon.get_raw(&format!("/files/{}", a.id)).await;
    assert_eq!(
        (status, headers.get(header::LOCATION).map(|v| v.to_str().unwrap())),
        (StatusCode::SEE_OTHER, Some("/sign-in"))
    );
    let r = w
        .post_multipart(
            &format!("/forms/{id}/files"),
            &[Part::Text("field", "photos"), Part::File("file", "x.jpg", &jpeg)],
            "cross-site",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(attachments_count(store).await, 2);

    // A submitted form takes no more files; its files stay readable.
    assert!(submit(&mut w, id, 2, &json!({ "reason": "Seen", "photos": [a.id.to_string()] })).await.ok());
    let r = send_file(&mut w, id, "photos", "late.jpg", &jpeg).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(w.get_raw(&format!("/files/{}", a.id)).await.0, StatusCode::OK);

    // Never changed, never deleted.
    let sql = format!("DELETE FROM attachments WHERE id = {}", a.id);
    assert!(exec(store, &sql).await.is_err());
    let sql = format!("UPDATE attachments SET file_name = 'x' WHERE id = {}", a.id);
    assert!(exec(store, &sql).await.is_err());
}

/// The form posted without JavaScript, as multipart: the chosen file is kept and named in the
/// answers with what was typed; a refused file is reported at its field, the rest saved.
async fn plain_post_with_files(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    publish_with_files(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let case = case_in_assessment(&mut w, store, 42).await;
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);
    let jpeg = photo(40, 30);
    let path = format!("/forms/{id}");
    let r = w
        .post_multipart(
            &path,
            &[
                Part::Text("_version", "1"),
                Part::Text("_intent", "save"),
                Part::Text("note", "With a photo"),
                Part::File("photos", "kitchen.jpg", &jpeg),
                // A file input left empty sends an empty part.
                Part::File("actions.0.evidence", "", b""),
                Part::Text("actions.0.what", "Visit"),
            ],
            "same-origin",
        )
        .await;
    assert_eq!((r.status, r.location.as_deref()), (StatusCode::SEE_OTHER, Some(path.as_str())));
    let f = get_form(&mut w, id).await;
    assert_eq!((f.version, f.answers.text("note")), (2, "With a photo"));
    assert_eq!(f.attachments.len(), 1);
    assert_eq!(f.answers.get("photos").unwrap().items(), [f.attachments[0].id.to_string().as_str()]);
    // The kept file posts back as its "keep" box; a new one is refused by its content.
    let kept = f.attachments[0].id.to_string();
    let r = w
        .post_multipart(
            &path,
            &[
                Part::Text("_version", "2"),
                Part::Text("_intent", "save"),
                Part::Text("note", "Still here"),
                Part::Text("photos", &kept),
                Part::File("photos", "notes.jpg", b"plain text, not a photo"),
            ],
            "same-origin",
        )
        .await;
    assert_eq!(r.location.as_deref(), Some(&*format!("/forms/{id}?file=file_type&at=photos")));
    let f = get_form(&mut w, id).await;
    assert_eq!((f.version, f.answers.text("note")), (3, "Still here"));
    assert_eq!(f.answers.get("photos").unwrap().items(), [kept.as_str()]);
    // Unticking "keep" takes the file out of the form (it stays in the store).
    let r = w.post_multipart(&path, &[Part::Text("_version", "3"), Part::Text("_intent", "save")], "same-origin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let f = get_form(&mut w, id).await;
    assert!(f.answers.get("photos").is_none_or(|v| v.items().is_empty()), "{:?}", f.answers);
    assert_eq!(attachments_count(store).await, 1);
}

/// With `VATRA_ATTACHMENTS_DIR`, contents are files named by their hash (one copy of the same
/// photo), read back the same; the database keeps only the record and the thumbnail.
async fn files_in_a_directory(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let dir_s = dir.path().to_str().unwrap().to_owned();
    let (router, state) = app_with(&db, config(&db, &[("VATRA_ATTACHMENTS_DIR", &dir_s)])).await;
    let store = &state.store;
    test_definitions(store).await;
    publish_with_files(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let case = case_in_assessment(&mut w, store, 43).await;
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);
    let jpeg = photo(300, 200);
    let a = sent(&send_file(&mut w, id, "photos", "a.jpg", &jpeg).await);
    let b = sent(&send_file(&mut w, id, "photos", "same photo again.jpg", &jpeg).await);
    assert_ne!(a.id, b.id);
    let row = store.attachment(a.id).await.unwrap();
    assert_eq!(row.stored_in, "directory");
    let file = dir.path().join(&row.sha256[..2]).join(&row.sha256);
    assert_eq!(std::fs::read(&file).unwrap(), jpeg);
    let files: usize = std::fs::read_dir(file.parent().unwrap()).unwrap().count();
    assert_eq!(files, 1, "the same content is kept once");
    let in_db = count(
        store,
        &format!("attachments WHERE content IS NULL AND thumbnail IS NOT NULL AND id IN ({}, {})", a.id, b.id),
    )
    .await;
    assert_eq!(in_db, 2);
    let (status, _, bytes) = w.get_raw(&format!("/files/{}", b.id)).await;
    assert_eq!((status, bytes == jpeg), (StatusCode::OK, true));
}

/// The file routes' own authorisation table: every role, the case's own territory and another.
/// Sending a file is the case's work (its manager, a supervisor of its territory); reading one
/// is for whoever may read the case's forms.
async fn every_role_every_territory(db: TestDb) {
    use app::domain::roles::role_allows;
    use app::domain::{Permission, Role};
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    publish_with_files(store).await;
    let jpeg = photo(20, 20);
    // A form with a file in each territory, each started by its territory's worker.
    let mut forms = Vec::new();
    for (n, worker, first, born) in
        [(44, "worker.chisinau", "Ana", "1991-04-04"), (45, "worker.ungheni", "Vasile", "1955-11-20")]
    {
        let mut w = signed_in(&router, worker).await;
        let t = territories(store).await;
        let territory = if n == 44 { t.chisinau } else { t.ungheni };
        let p = must_register(&mut w, &person("Fișier", first, born, Some(&idnp(n)), territory)).await;
        let case = open_case(&mut w, p).await;
        assert!(act(&mut w, store, case, "start_assessment", "").await.ok());
        let id: i64 = json(&start(&mut w, case, "initial_assessment").await);
        let file = sent(&send_file(&mut w, id, "photos", "a.jpg", &jpeg).await).id;
        forms.push((id, file));
    }
    let mut anon = Client::new(&router);
    assert_eq!(send_file(&mut anon, forms[0].0, "photos", "a.jpg", &jpeg).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anon.get_raw(&format!("/files/{}/thumbnail", forms[0].1)).await.0, StatusCode::SEE_OTHER);
    let mut failures = Vec::new();
    for role in Role::ALL {
        let username = crate::http::authz::demo_user(role);
        let mut c = signed_in(&router, username).await;
        for (own, (form, file)) in [(true, forms[0]), (false, forms[1])] {
            let works = own && matches!(role, Role::SocialWorker | Role::Supervisor);
            let reads = own && role_allows(role, Permission::ViewPersons);
            // Another territory's case is not told apart from a missing one.
            let refused = if role_allows(role, Permission::ViewPersons) && !own {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::FORBIDDEN
            };
            let want_send = if works { StatusCode::CREATED } else { refused };
            let want_read = if reads { StatusCode::OK } else { refused };
            let got = send_file(&mut c, form, "photos", "b.jpg", &jpeg).await.status;
            if got != want_send {
                failures.push(format!(
                    "{username} sends to {}: {got}, expected {want_send}",
                    if own { "own" } else { "other" }
                ));
            }
            for path in [format!("/files/{file}"), format!("/files/{file}/thumbnail")] {
                let got = c.get_raw(&path).await.0;
                if got != want_read {
                    failures.push(format!(
                        "{username} reads {path} ({}): {got}, expected {want_read}",
                        if own { "own" } else { "other" }
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

crate::both_engines! {
    attachments_every_role => every_role_every_territory;
    attachments_upload_read_audit => uploads_reads_and_audit;
    attachments_plain_post => plain_post_with_files;
    attachments_directory => files_in_a_directory;
}
