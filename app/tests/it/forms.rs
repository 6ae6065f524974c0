//! Case forms over HTTP, on SQLite and on PostgreSQL: drafts and their versions, submit with
//! the full check, corrections by revision, the plan's approval cycle, the workflow steps that
//! wait for a form, definition versions, and the plain HTML post.
//!
//! The scenarios publish a small test version of every standard form first, so that they hold
//! whatever the shipped definitions ask; `seeded_definitions` checks the shipped ones.

use crate::harness::{app_with, config, open, TestDb};
use crate::http::{signed_in, Client, Reply};
use crate::records::*;
use app::api::cases::CaseView;
use app::api::forms::{CaseFormsView, DefinitionSummaryView, DefinitionView, SavedView, SubmissionView};
use app::domain::form::{check_definition, standard, FormDefinition, StandardForm};
use app::domain::AppError;
use app::store::forms as fs;
use app::store::history::ObjectType;
use app::store::Store;
use axum::http::StatusCode;
use serde_json::json;

fn label(en: &str) -> serde_json::Value {
    json!({ "en": en, "ro": en, "ru": en })
}

/// A small definition of `code`: a required `reason`, a `note`, a `visit_date` not after today,
/// and a repeating group `actions` of one required `what`.
pub fn test_definition(code: &str) -> FormDefinition {
    serde_json::from_value(json!({
        "code": code,
        "title": label(&format!("Test {code}")),
        "sections": [{
            "key": "main",
            "title": label("Main"),
            "fields": [
                { "key": "reason", "label": label("Reason"), "kind": { "type": "long_text" }, "required": true },
                { "key": "note", "label": label("Note"), "kind": { "type": "text" } },
                { "key": "visit_date", "label": label("Visit date"), "kind": { "type": "date" } },
                { "key": "actions", "label": label("Actions"), "kind": { "type": "group", "fields": [
                    { "key": "what", "label": label("What"), "kind": { "type": "text" }, "required": true }
                ] } }
            ]
        }],
        "checks": [{ "rule": "not_after", "field": "visit_date", "bound": "today" }]
    }))
    .expect("a test definition")
}

/// Publishes a test version of every standard form (the newest published from now on).
pub async fn test_definitions(store: &Store) {
    let admin = store.user_by_username("admin.chisinau").await.unwrap().expect("demo administrator").id;
    for f in StandardForm::ALL {
        let def = test_definition(f.code());
        assert!(check_definition(&def).is_empty(), "{:?}", check_definition(&def));
        let mut tx = store.begin().await.unwrap();
        let row = fs::add_definition(&mut tx, &def, admin).await.unwrap();
        fs::publish_definition(&mut tx, &row, admin).await.unwrap();
        tx.commit().await.unwrap();
    }
}

/// A draft of `form` on a case, straight in the store, pinned to the newest published version.
pub async fn draft_direct(store: &Store, case: i64, form: StandardForm, actor: i64) -> fs::SubmissionRow {
    let mut tx = store.begin().await.unwrap();
    let def = fs::newest_published(&mut tx, form.code()).await.unwrap().expect("a published definition");
    let new = fs::NewSubmission {
        case_id: case,
        form,
        definition_version: def.version,
        revision: 1,
        previous_id: None,
        answers: &Default::default(),
        actor,
    };
    let row = fs::start(&mut tx, &new).await.unwrap();
    tx.commit().await.unwrap();
    row
}

/// A submitted `form` on a case, straight in the store (no case step taken).
pub async fn submitted_direct(store: &Store, case: i64, form: StandardForm, actor: i64) -> fs::SubmissionRow {
    let draft = draft_direct(store, case, form, actor).await;
    let answers = serde_json::from_value(json!({ "reason": "Straight in the store" })).unwrap();
    let mut tx = store.begin().await.unwrap();
    let row = fs::submit(&mut tx, &draft, &answers, actor).await.unwrap();
    tx.commit().await.unwrap();
    row
}

/// Takes workflow steps straight in the store, without the forms they wait for.
pub async fn steps_direct(store: &Store, case: i64, steps: &[app::domain::case::CaseAction], actor: i64) {
    for step in steps {
        let mut tx = store.begin().await.unwrap();
        let row = app::store::cases::load(&mut tx, case).await.unwrap();
        app::store::case_change::apply(&mut tx, &row, *step, Some("Table test"), actor).await.unwrap();
        tx.commit().await.unwrap();
    }
}

pub async fn start(c: &mut Client, case: i64, form: &str) -> Reply {
    post(c, "forms/start", &[s("case_id", case), s("form", form)]).await
}

pub async fn get_form(c: &mut Client, id: i64) -> SubmissionView {
    json(&post(c, "forms/get", &[s("id", id)]).await)
}

pub async fn save(c: &mut Client, id: i64, version: i64, answers: &serde_json::Value) -> Reply {
    post(c, "forms/save", &[s("id", id), s("version", version), s("answers", answers)]).await
}

pub async fn submit(c: &mut Client, id: i64, version: i64, answers: &serde_json::Value) -> Reply {
    post(c, "forms/submit", &[s("id", id), s("version", version), s("answers", answers)]).await
}

pub async fn decide(c: &mut Client, id: i64, version: i64, approve: bool, comment: &str) -> Reply {
    post(c, "forms/decide", &[s("id", id), s("version", version), s("approve", approve), s("comment", comment)]).await
}

/// Starts `form` on the case, fills the test definition's answers and submits it.
pub async fn fill_and_submit(c: &mut Client, case: i64, form: &str, reason: &str) -> i64 {
    let id: i64 = json(&start(c, case, form).await);
    let version = get_form(c, id).await.version;
    let r = submit(c, id, version, &json!({ "reason": reason })).await;
    assert!(r.ok(), "{form}: {} {}", r.status, r.body);
    id
}

#[track_caller]
fn assert_conflict(r: &Reply, field: &str, code: &str) {
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.error(), AppError::Conflict { field: field.into(), code: code.into() });
}

/// A case of the demo worker in `assessment`, with the test definitions published.
pub async fn case_in_assessment(c: &mut Client, store: &Store, n: u64) -> i64 {
    let t = territories(store).await;
    let p = must_register(c, &person("Formular", &format!("Ana {n}"), "1990-03-03", Some(&idnp(n)), t.chisinau)).await;
    let id = open_case(c, p).await;
    assert!(act(c, store, id, "start_assessment", "").await.ok());
    id
}

async fn drafts_versions_and_two_sessions(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let case = case_in_assessment(&mut w, store, 1).await;

    // Not every form can be started at every stage; an unknown one is a field error.
    assert_conflict(&start(&mut w, case, "assistance_plan").await, "form", "not_now");
    assert_field(&start(&mut w, case, "no_such_form").await, "form", "invalid_choice");
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);
    // A form the case holds once: starting it again opens the same draft.
    assert_eq!(json::<i64>(&start(&mut w, case, "initial_assessment").await), id);
    let f = get_form(&mut w, id).await;
    assert_eq!((f.status.as_str(), f.version, f.revision, f.can_edit), ("draft", 1, 1, true));
    assert_eq!(f.definition.title.get("en"), "Test initial_assessment");
    assert_eq!(f.context.household.len(), 1);

    // A partial draft is saved as it is: required answers are not asked for yet.
    let partial = json!({ "note": "Visited at home" });
    let saved: SavedView = json(&save(&mut w, id, 1, &partial).await);
    assert_eq!((saved.version, saved.status.as_str()), (2, "draft"));
    // Answers the form cannot hold, or no answers at all, are refused and change nothing.
    assert_field(&save(&mut w, id, 2, &json!({ "colour": "blue" })).await, "colour", "unknown_field");
    let r = post(&mut w, "forms/save", &[s("id", id), s("version", 2), s("answers", "{not json")]).await;
    assert_field(&r, "answers", "invalid");

    // The supervisor still has version 1 open: their save is refused, naming who saved and
    // which answers differ; the stored draft is unchanged.
    let r = save(&mut boss, id, 1, &json!({ "note": "Other text", "reason": "x" })).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    match r.error() {
        AppError::StaleVersion { changed_by, fields, .. } => {
            assert_eq!(changed_by, "Ana Ceban");
            assert_eq!(fields, vec!["note".to_owned(), "reason".to_owned()]);
        }
        other => panic!("{other:?}"),
    }
    let f = get_form(&mut w, id).await;
    assert_eq!((f.version, f.answers.text("note")), (2, "Visited at home"));
    // A colleague of the territory may read the form, not change it; an administrator neither.
    let mut admin = signed_in(&router, "admin.chisinau").await;
    assert_eq!(post(&mut admin, "forms/get", &[s("id", id)]).await.status, StatusCode::FORBIDDEN);
    let mut other = signed_in(&router, "worker.ungheni").await;
    assert_eq!(post(&mut other, "forms/get", &[s("id", id)]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(save(&mut other, id, 2, &partial).await.status, StatusCode::NOT_FOUND);
    // Each save is a version in the history, and every read was audited.
    let h = store.history(ObjectType::FormSubmission, id, None, 10).await.unwrap();
    assert_eq!(h.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["save", "start"]);
    assert!(h[0].changes.contains("answers.note"), "{}", h[0].changes);
    assert!(audited(&state, "forms.view", id, "worker.chisinau", "done").await >= 2);
}

async fn submit_checks_everything_and_revisions_correct(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let case = case_in_assessment(&mut w, store, 2).await;
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);

    // Planning waits for the initial assessment; the page does not offer the step yet.
    assert_conflict(&act(&mut w, store, case, "start_planning", "").await, "action", "form_missing");
    let k: CaseView = get_case(&mut w, case).await;
    assert!(!k.actions.contains(&"start_planning".to_owned()), "{:?}", k.actions);

    // A missing required answer, a date after today: each refused at its field, and nothing
    // changes.
    let tomorrow = (today() + chrono::Duration::days(1)).to_string();
    let bad = json!({ "note": "x", "visit_date": tomorrow });
    let r = submit(&mut w, id, 1, &bad).await;
    assert_field(&r, "reason", "required");
    assert_field(&r, "visit_date", "date_after_today");
    let f = get_form(&mut w, id).await;
    assert_eq!((f.version, f.status.as_str(), f.answers.0.is_empty()), (1, "draft", true));

    let good = json!({ "reason": "Lives alone", "note": "  trimmed?  ", "actions": [{ "what": "Visit" }] });
    let saved: SavedView = json(&submit(&mut w, id, 1, &good).await);
    assert_eq!((saved.version, saved.status.as_str()), (2, "submitted"));
    // Submitted: read-only, and not started twice.
    assert_conflict(&save(&mut w, id, 2, &good).await, "answers", "read_only");
    assert_conflict(&start(&mut w, case, "initial_assessment").await, "form", "exists");
    let f = get_form(&mut w, id).await;
    assert!(!f.can_edit && f.can_revise && f.submitted_by.as_deref() == Some("Ana Ceban"));
    // Now planning may start, and the page offers it.
    assert!(get_case(&mut w, case).await.actions.contains(&"start_planning".to_owned()));

    // A correction: revision 2, same answers, pinned to the same definition; the first stays
    // submitted until the correction is submitted, then it is superseded.
    let second: i64 = json(&post(&mut w, "forms/revise", &[s("id", id), s("version", 2)]).await);
    assert_conflict(&post(&mut w, "forms/revise", &[s("id", id), s("version", 2)]).await, "form", "exists");
    let r2 = get_form(&mut w, second).await;
    assert_eq!((r2.revision, r2.previous_id, r2.status.as_str()), (2, Some(id), "draft"));
    assert_eq!((r2.answers.text("reason"), r2.definition.version), ("Lives alone", f.definition.version));
    assert_eq!(r2.revisions.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id, second]);
    let mut corrected = r2.answers.clone();
    corrected.set("reason", app::domain::form::Value::One("Lives alone, no heating".into()));
    let body = serde_json::to_value(&corrected).unwrap();
    assert!(submit(&mut w, second, 1, &body).await.ok());
    assert_eq!(store.submission(id).await.unwrap().status, "superseded");
    let listed: CaseFormsView = json(&post(&mut w, "forms/case", &[s("case_id", case)]).await);
    assert_eq!(listed.items.iter().map(|i| (i.id, i.revision)).collect::<Vec<_>>(), vec![(second, 2)]);
    assert!(listed.can_start.iter().all(|s| s.form != "initial_assessment"));
    let h = store.history(ObjectType::FormSubmission, id, None, 10).await.unwrap();
    assert_eq!(h.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["supersede", "submit", "start"]);
    let h = store.history(ObjectType::FormSubmission, second, None, 10).await.unwrap();
    assert_eq!(h.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["submit", "revise"]);
    assert!(act(&mut w, store, case, "start_planning", "").await.ok());
    assert_eq!(store.case(case).await.unwrap().status, "planning");
}

async fn the_plan_goes_through_approval(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let case = case_in_assessment(&mut w, store, 3).await;
    fill_and_submit(&mut w, case, "initial_assessment", "Needs help at home").await;
    assert!(act(&mut w, store, case, "start_planning", "").await.ok());

    // The plan's steps are taken by its form, never on their own.
    assert_conflict(&act(&mut w, store, case, "submit_plan", "").await, "action", "through_form");
    assert!(!get_case(&mut w, case).await.actions.contains(&"submit_plan".to_owned()));
    let plan = fill_and_submit(&mut w, case, "assistance_plan", "Daily care visits").await;
    assert_eq!(store.case(case).await.unwrap().status, "plan_approval");
    assert_conflict(&act(&mut boss, store, case, "approve_plan", "").await, "action", "through_form");
    let f = get_form(&mut boss, plan).await;
    assert!(f.can_decide && !get_form(&mut w, plan).await.can_decide);

    // The worker may not decide; a return needs a comment.
    assert_eq!(decide(&mut w, plan, f.version, true, "").await.status, StatusCode::FORBIDDEN);
    assert_field(&decide(&mut boss, plan, f.version, false, "  ").await, "comment", "required");
    assert!(decide(&mut boss, plan, f.version, false, "Add the school visits").await.ok());
    let k = store.case(case).await.unwrap();
    assert_eq!((k.status.as_str(), k.status_reason.as_deref()), ("planning", Some("Add the school visits")));
    let f = get_form(&mut w, plan).await;
    assert_eq!((f.status.as_str(), f.can_edit), ("returned", true));
    assert_eq!(f.decision_comment.as_deref(), Some("Add the school visits"));

    // Corrected and submitted again: back to approval; approved: monitoring.
    let answers = json!({ "reason": "Daily care visits and school visits" });
    let saved: SavedView = json(&submit(&mut w, plan, f.version, &answers).await);
    assert_eq!(store.case(case).await.unwrap().status, "plan_approval");
    assert!(decide(&mut boss, plan, saved.version, true, "").await.ok());
    assert_eq!(store.case(case).await.unwrap().status, "monitoring");
    let f = get_form(&mut w, plan).await;
    assert_eq!((f.status.as_str(), f.decided_by.as_deref(), f.can_revise), ("approved", Some("Maria Lungu"), false));
    assert_conflict(&decide(&mut boss, plan, f.version, true, "").await, "form", "not_now");
    let steps: Vec<String> = store
        .history(ObjectType::Case, case, None, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|h| format!("{} {}", h.action, h.changed_by_name))
        .collect();
    assert_eq!(
        steps[..4],
        ["approve_plan Maria Lungu", "submit_plan Ana Ceban", "return_plan Maria Lungu", "submit_plan Ana Ceban"]
    );

    // After a plan review the approved plan is corrected by a new revision.
    assert!(act(&mut w, store, case, "review_plan", "").await.ok());
    assert!(get_form(&mut w, plan).await.can_revise);
    let second: i64 = json(&post(&mut w, "forms/revise", &[s("id", plan), s("version", f.version)]).await);
    let r2 = get_form(&mut w, second).await;
    assert!(submit(&mut w, second, r2.version, &json!({ "reason": "Fewer visits" })).await.ok());
    assert_eq!(store.case(case).await.unwrap().status, "plan_approval");
    assert_eq!(store.submission(plan).await.unwrap().status, "superseded");
}

async fn definitions_are_versioned(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let mut admin = signed_in(&router, "admin.national").await;
    let case = case_in_assessment(&mut w, store, 4).await;
    let old: i64 = json(&start(&mut w, case, "social_inquiry").await);
    let old_version = get_form(&mut w, old).await.definition.version;

    // A draft version may be saved unfinished; publishing it is refused with every problem's path.
    let mut broken = test_definition("social_inquiry");
    broken.sections[0].fields[1].key = "reason".into();
    broken.title.0.remove("ro");
    let body = serde_json::to_string(&broken).unwrap();
    let d: DefinitionView = json(
        &post(
            &mut admin,
            "forms/definition_save",
            &[s("code", "social_inquiry"), s("row_version", 0), s("body", &body)],
        )
        .await,
    );
    assert_eq!((d.status.as_str(), d.definition.version, d.row_version), ("draft", old_version + 1, 1));
    let publish = |version: u32, row_version: i64| {
        vec![s("code", "social_inquiry"), s("version", version), s("row_version", row_version)]
    };
    let r = post(&mut admin, "forms/publish", &publish(d.definition.version, 1)).await;
    assert_field(&r, "title.ro", "label_missing");
    assert_field(&r, "sections.0.fields.1.key", "key_duplicate");
    // Fixed in the same draft, then published: the version before it retires.
    let mut fixed = test_definition("social_inquiry");
    fixed.version = d.definition.version;
    fixed.sections[0].fields[1].label = app::domain::form::Label::new("Remark", "Observație", "Замечание");
    let body = serde_json::to_string(&fixed).unwrap();
    let save = |row_version: i64, body: &str| {
        vec![s("code", "social_inquiry"), s("row_version", row_version), s("body", body)]
    };
    let stale = post(&mut admin, "forms/definition_save", &save(7, &body)).await;
    assert!(matches!(stale.error(), AppError::StaleVersion { .. }), "{}", stale.body);
    let d: DefinitionView = json(&post(&mut admin, "forms/definition_save", &save(1, &body)).await);
    assert_eq!(d.row_version, 2);
    assert!(post(&mut admin, "forms/publish", &publish(d.definition.version, 2)).await.ok());
    assert_conflict(&post(&mut admin, "forms/definition_save", &save(3, &body)).await, "version", "published");
    let all: Vec<DefinitionSummaryView> = json(&post(&mut admin, "forms/definitions", &[]).await);
    let ours: Vec<(u32, &str)> =
        all.iter().filter(|d| d.code == "social_inquiry").map(|d| (d.version, d.status.as_str())).collect();
    assert_eq!(ours.last(), Some(&(d.definition.version, "published")));
    assert_eq!(ours.iter().filter(|(_, s)| *s == "published").count(), 1);
    let newest: DefinitionView = json(&post(&mut admin, "forms/definition", &[s("code", "social_inquiry")]).await);
    assert_eq!(newest.definition.sections[0].fields[1].label.get("en"), "Remark");
    // Reading definitions is audited too: who looked at which form's structure.
    assert_eq!(count(store, "audit_events WHERE action = 'forms.definitions' AND outcome = 'done'").await, 1);
    let read = format!("audit_events WHERE action = 'forms.definition' AND object_id = '{}'", newest_id(store).await);
    assert_eq!(count(store, &read).await, 1);

    // New forms use the new version; the form started before keeps its own.
    let new: i64 = json(&start(&mut w, case, "social_inquiry").await);
    assert_eq!(get_form(&mut w, new).await.definition.version, d.definition.version);
    let f = get_form(&mut w, old).await;
    assert_eq!((f.definition.version, f.definition.sections[0].fields[1].label.get("en")), (old_version, "Note"));
    // Definitions are for administrators only.
    assert_eq!(post(&mut w, "forms/definitions", &[]).await.status, StatusCode::FORBIDDEN);
}

/// The row id of the newest social inquiry definition.
async fn newest_id(store: &Store) -> i64 {
    store.definition("social_inquiry", None).await.unwrap().id
}

async fn seeded_definitions(db: TestDb) {
    let store = open(&db).await;
    // Opening again seeds nothing twice.
    let again = open(&db).await;
    let shipped = standard::all();
    let rows = again.definitions().await.unwrap();
    assert_eq!(rows.len(), shipped.len());
    for def in &shipped {
        assert!(check_definition(def).is_empty(), "{}: {:?}", def.code, check_definition(def));
        assert!(StandardForm::parse(&def.code).is_ok(), "{}", def.code);
        let row = store.published_definition(&def.code).await.unwrap().expect("published");
        assert_eq!((row.version, row.definition().unwrap().sections.len()), (1, def.sections.len()));
    }
    drop(store);
}

async fn shipped_forms_start_and_refuse_an_empty_submit(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let case = case_in_assessment(&mut w, store, 5).await;
    let listed: CaseFormsView = json(&post(&mut w, "forms/case", &[s("case_id", case)]).await);
    // Only the shipped forms there are can be started.
    assert!(listed.can_start.iter().all(|f| standard::all().iter().any(|d| d.code == f.form)));
    for f in listed.can_start {
        let id: i64 = json(&start(&mut w, case, &f.form).await);
        let form = get_form(&mut w, id).await;
        assert_eq!(form.definition.version, 1);
        let any_required = form.definition.fields().any(|x| x.required && x.show_when.is_none());
        let r = submit(&mut w, id, form.version, &json!({})).await;
        if any_required {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", f.form, r.body);
            assert_eq!(store.submission(id).await.unwrap().status, "draft");
        }
    }
    // The shipped closure, filled in full, proposes the closure with its reason.
    if standard::all().iter().any(|d| d.code == "closure") {
        let id: i64 = json(&start(&mut w, case, "closure").await);
        let version = get_form(&mut w, id).await.version;
        let answers = json!({
            "closure_reason": "goals_achieved",
            "reason_details": "She lives with her daughter now",
            "closure_date": today().to_string(),
            "outcome_summary": "Care at home is arranged",
            "final_risk_level": "low",
            "beneficiary_informed": "yes",
            "follow_up": "no",
        });
        let r = submit(&mut w, id, version, &answers).await;
        assert!(r.ok(), "{}", r.body);
        let k = store.case(case).await.unwrap();
        assert_eq!(
            (k.status.as_str(), k.status_reason.as_deref()),
            // Details asked only for some reasons are not kept when the form does not show them.
            ("closure_approval", Some("Obiectivele atinse"))
        );
    }
}

/// Posts a form page's plain HTML form, as a browser without JavaScript does.
async fn post_page(c: &mut Client, id: i64, pairs: &[(&str, &str)]) -> Reply {
    c.post_page(&format!("/forms/{id}"), pairs).await
}

async fn plain_html_post(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let case = case_in_assessment(&mut w, store, 6).await;
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);

    // Save: the answers as typed, rows by index, the blank spare row dropped.
    let r = post_page(
        &mut w,
        id,
        &[
            ("_version", "1"),
            ("_intent", "save"),
            ("note", "Typed without JavaScript"),
            ("actions.0.what", "Call the school"),
            ("actions.1.what", ""),
            ("stray", "ignored"),
        ],
    )
    .await;
    assert_eq!((r.status, r.location.as_deref()), (StatusCode::SEE_OTHER, Some(&*format!("/forms/{id}"))));
    let f = get_form(&mut w, id).await;
    assert_eq!((f.version, f.answers.text("note")), (2, "Typed without JavaScript"));
    assert_eq!(f.answers.get("actions").unwrap().rows().len(), 1);
    // One more row asked for: saved, and the page is told which group.
    let r = post_page(&mut w, id, &[("_version", "2"), ("_intent", "add_row:actions"), ("note", "More")]).await;
    assert_eq!(r.location.as_deref(), Some(&*format!("/forms/{id}?rows=actions")));
    // Submit with a required answer missing: what was typed is saved, the page shows the errors.
    let r = post_page(&mut w, id, &[("_version", "3"), ("_intent", "submit"), ("note", "Kept")]).await;
    assert_eq!(r.location.as_deref(), Some(&*format!("/forms/{id}?check=1")));
    let f = get_form(&mut w, id).await;
    assert_eq!((f.status.as_str(), f.version, f.answers.text("note")), ("draft", 4, "Kept"));
    // An old version: the page is told it changed meanwhile.
    let r = post_page(&mut w, id, &[("_version", "3"), ("_intent", "save"), ("note", "Lost?")]).await;
    assert_eq!(r.location.as_deref(), Some(&*format!("/forms/{id}?stale=1")));
    assert_eq!(get_form(&mut w, id).await.answers.text("note"), "Kept");
    // Submitted in full.
    let r = post_page(&mut w, id, &[("_version", "4"), ("_intent", "submit"), ("reason", "All there")]).await;
    assert_eq!(r.location.as_deref(), Some(&*format!("/forms/{id}?submitted=1")));
    assert_eq!(store.submission(id).await.unwrap().status, "submitted");
    // Same protections as every post: signed in, the case's worker, same site.
    let mut anon = Client::new(&router);
    assert_eq!(post_page(&mut anon, id, &[("_version", "6"), ("note", "x")]).await.status, StatusCode::UNAUTHORIZED);
    let mut other = signed_in(&router, "worker.ungheni").await;
    assert_eq!(post_page(&mut other, id, &[("_version", "6"), ("note", "x")]).await.status, StatusCode::NOT_FOUND);
    let r = w.post_page_cross_site(&format!("/forms/{id}"), &[("_version", "6"), ("note", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(store.submission(id).await.unwrap().version, 6);
}

/// An assessment's risk level becomes the case's when the assessment is submitted (and a draft
/// changes nothing).
async fn the_assessment_sets_the_case_risk(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let mut def = test_definition("initial_assessment");
    let risk: app::domain::form::Field = serde_json::from_value(json!({
        "key": "risk_level", "label": label("Risk"),
        "kind": { "type": "choice", "options": { "inline": [
            { "code": "low", "label": label("Low") }, { "code": "high", "label": label("High") }
        ] } }
    }))
    .unwrap();
    def.sections[0].fields.push(risk);
    let admin = store.user_by_username("admin.chisinau").await.unwrap().unwrap().id;
    let mut tx = store.begin().await.unwrap();
    let row = fs::add_definition(&mut tx, &def, admin).await.unwrap();
    fs::publish_definition(&mut tx, &row, admin).await.unwrap();
    tx.commit().await.unwrap();
    let mut w = signed_in(&router, "worker.chisinau").await;
    let case = case_in_assessment(&mut w, store, 7).await;
    let before = store.case(case).await.unwrap();
    assert_ne!(before.risk_level, "high");
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);
    assert!(save(&mut w, id, 1, &json!({ "risk_level": "high" })).await.ok());
    assert_eq!(store.case(case).await.unwrap().version, before.version, "a draft moves nothing");
    assert!(submit(&mut w, id, 2, &json!({ "reason": "Seen", "risk_level": "high" })).await.ok());
    let after = store.case(case).await.unwrap();
    assert_eq!((after.risk_level.as_str(), after.version), ("high", before.version + 1));
    let history =
        count(store, &format!("history WHERE object_type = 'case' AND object_id = {case} AND action = 'risk'")).await;
    assert_eq!(history, 1);
    assert_eq!(audited(&state, "cases.risk", case, "worker.chisinau", "done").await, 1);
}

/// Starting the initial assessment of an open case starts the assessment too, in one step, and
/// both are recorded; nothing else can be started that way.
async fn the_initial_assessment_starts_the_assessment(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let store = &state.store;
    test_definitions(store).await;
    let mut w = signed_in(&router, "worker.chisinau").await;
    let t = territories(store).await;
    let p = must_register(&mut w, &person("Formular", "Ana Deschis", "1990-03-03", Some(&idnp(77)), t.chisinau)).await;
    let case = open_case(&mut w, p).await;
    let forms: CaseFormsView = json(&post(&mut w, "forms/case", &[s("case_id", case)]).await);
    assert!(forms.can_start.iter().any(|f| f.form == "initial_assessment"), "{:?}", forms.can_start);
    assert_conflict(&start(&mut w, case, "complex_assessment").await, "form", "not_now");
    let k: CaseView = json(&post(&mut w, "cases/get", &[s("id", case)]).await);
    assert_eq!(k.status, "open");
    let id: i64 = json(&start(&mut w, case, "initial_assessment").await);
    let k: CaseView = json(&post(&mut w, "cases/get", &[s("id", case)]).await);
    assert_eq!(k.status, "assessment");
    assert_eq!(get_form(&mut w, id).await.status, "draft");
    let actions = sqlx_actions(store).await;
    assert!(actions.iter().any(|a| a == "cases.start_assessment"), "{actions:?}");
    assert!(actions.iter().any(|a| a == "forms.start"), "{actions:?}");

    // Submitted, the assessment is news to the supervisors of the territory (and to them only).
    let mut boss = signed_in(&router, "supervisor.chisinau").await;
    let mut other = signed_in(&router, "supervisor.ungheni").await;
    let count = |page: app::api::alerts::NotificationPageView| page.items.len();
    let before = count(json(&post(&mut boss, "alerts/notifications", &[s("kind", "form_submitted")]).await));
    let version = get_form(&mut w, id).await.version;
    let r = submit(&mut w, id, version, &json!({ "reason": "Assessed at home" })).await;
    assert!(r.ok(), "{} {}", r.status, r.body);
    let after = count(json(&post(&mut boss, "alerts/notifications", &[s("kind", "form_submitted")]).await));
    assert_eq!(after, before + 1);
    let elsewhere = count(json(&post(&mut other, "alerts/notifications", &[s("kind", "form_submitted")]).await));
    assert_eq!(elsewhere, 0);

    // A notification is a link: followed, it is read and leads to its case; it is no one else's.
    let page: app::api::alerts::NotificationPageView =
        json(&post(&mut boss, "alerts/notifications", &[s("kind", "form_submitted")]).await);
    let n = page.items[0].id;
    let link = format!("/notifications/{n}");
    let r = other.get(&link).await;
    assert_eq!((r.status, r.location.as_deref()), (StatusCode::SEE_OTHER, Some("/notifications")));
    let r = Client::new(&router).get(&link).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location, Some(format!("/sign-in?next={link}")));
    let r = boss.get(&link).await;
    assert_eq!((r.status, r.location), (StatusCode::SEE_OTHER, Some(format!("/cases/{case}"))));
    let page: app::api::alerts::NotificationPageView =
        json(&post(&mut boss, "alerts/notifications", &[s("kind", "form_submitted"), s("unread", true)]).await);
    assert!(page.items.iter().all(|i| i.id != n), "read once followed");
}

/// The actions audited as done, newest first.
async fn sqlx_actions(store: &Store) -> Vec<String> {
    let f = app::store::AuditFilter { limit: 500, ..Default::default() };
    store.list_audit(&f).await.unwrap().into_iter().filter(|e| e.outcome == "done").map(|e| e.action).collect()
}

crate::both_engines! {
    forms_initial_starts_assessment => the_initial_assessment_starts_the_assessment;
    forms_case_risk => the_assessment_sets_the_case_risk;
    forms_drafts => drafts_versions_and_two_sessions;
    forms_submit_and_revise => submit_checks_everything_and_revisions_correct;
    forms_plan_approval => the_plan_goes_through_approval;
    forms_definitions => definitions_are_versioned;
    forms_seeded => seeded_definitions;
    forms_shipped => shipped_forms_start_and_refuse_an_empty_submit;
    forms_plain_post => plain_html_post;
}
