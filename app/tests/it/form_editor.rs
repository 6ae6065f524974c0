//! The administrators' form editor over HTTP, on SQLite and on PostgreSQL: a new draft version
//! from the published one, the editor's plain HTML post (typed values and structural steps),
//! publishing refused until the definition holds, stale posts, the pages, and who may do it.

use crate::forms::{case_in_assessment, get_form, start};
use crate::harness::{app_with, config, TestDb};
use crate::http::authz::demo_user;
use crate::http::{signed_in, Client, Reply};
use crate::records::*;
use app::domain::form::FieldKind;
use app::domain::Role;
use app::store::Store;
use axum::http::StatusCode;

const FORM: &str = "social_inquiry";

async fn edit(c: &mut Client, version: u32, pairs: &[(&str, &str)]) -> Reply {
    c.post_page(&format!("/admin/forms/{FORM}/{version}"), pairs).await
}

async fn row(store: &Store, version: u32) -> app::store::forms::DefinitionRow {
    store.definition(FORM, Some(i64::from(version))).await.unwrap()
}

async fn audited(store: &Store, action: &str, outcome: &str) -> i64 {
    count(store, &format!("audit_events WHERE action = '{action}' AND outcome = '{outcome}'")).await
}

async fn editor_posts(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let mut admin = signed_in(&router, "admin.national").await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let shipped = row(store, 1).await.definition().unwrap();

    // A new version starts as a copy of the published one; asking again opens the same draft.
    let v: u32 = json(&post(&mut admin, "forms/definition_new", &[s("code", FORM)]).await);
    assert_eq!(v, 2);
    let again: u32 = json(&post(&mut admin, "forms/definition_new", &[s("code", FORM)]).await);
    assert_eq!(again, 2);
    let draft = row(store, v).await;
    assert_eq!((draft.status.as_str(), draft.row_version), ("draft", 1));
    assert_eq!(draft.definition().unwrap().sections, shipped.sections);
    assert_eq!(audited(store, "forms.definition_new", "done").await, 1);

    // The editor's pages render on the server: the list, the draft with its editor and preview,
    // and the published version read-only.
    let list = admin.get("/admin/forms").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("data-testid=\"definition-card\""));
    let page = admin.get(&format!("/admin/forms/{FORM}/{v}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("name=\"sections.0.fields.0.label.ro\"") && page.body.contains("data-testid=\"preview\"")
    );
    let old = admin.get(&format!("/admin/forms/{FORM}/1")).await;
    assert_eq!(old.status, StatusCode::OK);
    assert!(!old.body.contains("name=\"_op\"") && old.body.contains("data-testid=\"preview\""));

    // A step: what was typed is kept, then a question is added to the first section, and the
    // editor comes back to it.
    let n = shipped.sections[0].fields.len();
    let r = edit(
        &mut admin,
        v,
        &[("_row_version", "1"), ("_op", "add_field:sections.0"), ("title.ro", "Ancheta socială (2027)")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some(format!("/admin/forms/{FORM}/{v}#e-sections-0-fields-{n}").as_str()));
    let d = row(store, v).await;
    let def = d.definition().unwrap();
    assert_eq!(
        (d.row_version, def.title.get("ro"), def.sections[0].fields.len()),
        (2, "Ancheta socială (2027)", n + 1)
    );
    let new_key = def.sections[0].fields[n].key.clone();
    assert!(new_key.starts_with("field_"), "{new_key}");

    // Publishing with the new question unlabelled is refused; what was typed is kept.
    let at = |s: &str| format!("sections.0.fields.{n}.{s}");
    let (type_path, label_ro) = (at("type"), at("label.ro"));
    let r = edit(&mut admin, v, &[("_row_version", "2"), ("_op", "publish"), (&type_path, "yes_no")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/admin/forms/{FORM}/{v}?refused=1").as_str()));
    let d = row(store, v).await;
    assert_eq!((d.status.as_str(), d.row_version), ("draft", 3));
    assert!(matches!(d.definition().unwrap().sections[0].fields[n].kind, FieldKind::YesNo));
    assert_eq!(audited(store, "forms.publish", "refused").await, 1);

    // A number that is none changes nothing and is named at its input.
    let r = edit(&mut admin, v, &[("_row_version", "3"), (&type_path, "number"), (&at("kind.min"), "zece")]).await;
    let to = r.location.unwrap_or_default();
    assert!(to.starts_with(&format!("/admin/forms/{FORM}/{v}?bad=number_invalid&at=sections")), "{to}");
    assert_eq!(row(store, v).await.row_version, 3);

    // A post based on an older version is refused, not applied.
    let r = edit(&mut admin, v, &[("_row_version", "2"), (&label_ro, "Prea târziu")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/admin/forms/{FORM}/{v}?stale=1").as_str()));
    assert_eq!(row(store, v).await.row_version, 3);

    // Moving and removing: the new question goes up one place, then another is removed.
    let r = edit(&mut admin, v, &[("_row_version", "3"), ("_op", &format!("up:sections.0.fields.{n}"))]).await;
    assert!(r.status.is_redirection());
    let def = row(store, v).await.definition().unwrap();
    assert_eq!(def.sections[0].fields[n - 1].key, new_key);
    let removed = def.sections[0].fields[n].key.clone();
    let r = edit(&mut admin, v, &[("_row_version", "4"), ("_op", &format!("remove:sections.0.fields.{n}"))]).await;
    assert!(r.status.is_redirection());
    let def = row(store, v).await.definition().unwrap();
    assert!(def.field(&removed).is_none() && def.field(&new_key).is_some());
    // The check on the removed date still names it: publishing is blocked there until the
    // check goes too, by its own step.
    let problems = app::domain::form::check_definition(&def);
    assert_eq!(problems.for_field("checks.0"), Some("check_unknown_field"));
    let r = edit(&mut admin, v, &[("_row_version", "5"), ("_op", "remove:checks.0")]).await;
    assert!(r.status.is_redirection());
    assert!(row(store, v).await.definition().unwrap().checks.is_empty());

    // Labelled and required, it publishes.
    let q = n - 1;
    let pairs: Vec<(String, String)> = vec![
        ("_row_version".into(), "6".into()),
        ("_op".into(), "publish".into()),
        (format!("sections.0.fields.{q}.label.ro"), "Are animale de companie?".into()),
        (format!("sections.0.fields.{q}.label.en"), "Are there pets?".into()),
        (format!("sections.0.fields.{q}.required"), "false".into()),
        (format!("sections.0.fields.{q}.required"), "true".into()),
    ];
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = edit(&mut admin, v, &refs).await;
    assert_eq!(r.location.as_deref(), Some(format!("/admin/forms/{FORM}/{v}?published=1").as_str()), "{}", r.body);
    let published = row(store, v).await;
    assert_eq!(published.status, "published");
    assert_eq!(row(store, 1).await.status, "retired");
    let def = published.definition().unwrap();
    let field = def.field(&new_key).unwrap();
    assert!(field.required && field.label.get("en") == "Are there pets?");
    // Every save is in the definition's history, and audited.
    let saves = audited(store, "forms.definition_save", "done").await;
    assert_eq!(saves, 6);
    // A published version takes no more edits.
    let r = edit(&mut admin, v, &[("_row_version", &published.row_version.to_string()), ("title.ro", "x")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/admin/forms/{FORM}/{v}").as_str()));
    assert_eq!(row(store, v).await.definition().unwrap().title.get("ro"), "Ancheta socială (2027)");

    // A form started now is filled against the new version.
    let case = case_in_assessment(&mut w, store, 7).await;
    let id: i64 = json(&start(&mut w, case, FORM).await);
    let f = get_form(&mut w, id).await;
    assert_eq!(f.definition.version, v);
    assert!(f.definition.field(&new_key).is_some());

    // Only national administrators manage the form definitions (they are national): every role
    // of a territory is refused and changes nothing, a visitor goes to sign in, and a post from
    // another site is refused.
    let before = row(store, v).await.row_version;
    for role in Role::ALL {
        let mut c = signed_in(&router, demo_user(role)).await;
        let r = edit(&mut c, v, &[("_row_version", "1"), ("_op", "add_section")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    // Allowed in, then refused for what the post asks: the version is published.
    let r = edit(&mut admin, v, &[("_row_version", "1"), ("_op", "add_section")]).await;
    assert_eq!(r.location.as_deref(), Some(format!("/admin/forms/{FORM}/{v}").as_str()));
    // The forms are national: a territory's administrator does not change them.
    let mut other_admin = signed_in(&router, "admin.ungheni").await;
    let r = edit(&mut other_admin, v, &[("_row_version", "1"), ("_op", "add_section")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = edit(&mut w, v, &[("_row_version", "1"), ("_op", "add_section")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut anon = Client::new(&router);
    let r = edit(&mut anon, v, &[("_row_version", "1"), ("_op", "add_section")]).await;
    assert_eq!(r.location.as_deref(), Some("/sign-in"));
    let r = admin.post_page_cross_site(&format!("/admin/forms/{FORM}/{v}"), &[("_row_version", "1")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(row(store, v).await.row_version, before);
    // A step that names nothing there is, or a form that is none, is a bad post.
    let r = edit(&mut admin, 3, &[("_row_version", "1"), ("_op", "drop:sections")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(post(&mut w, "forms/definition_new", &[s("code", FORM)]).await.status, StatusCode::FORBIDDEN);
}

crate::both_engines! {
    form_editor_posts => editor_posts;
}
