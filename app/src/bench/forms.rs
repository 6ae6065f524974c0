//! The forms benchmark (`vatra bench-forms`): the largest standard form checked by the validator
//! (what runs on every field the user leaves, and on submit) and drawn as HTML on the server, and
//! draft saves under concurrent load against the database. The figures go in
//! `docs/benchmarks.md`; timing is never a test.

use super::Measure;
use crate::domain::form::definition::{ChoiceOption, Label};
use crate::domain::form::{sample, standard, validate, FormContext, FormDefinition, HouseholdMember, Mode};
use crate::domain::FieldErrors;
use crate::ui::pages::forms::fields::FormState;
use crate::ui::pages::forms::fill::sections;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::time::Instant;

/// The standard form with the most questions.
pub fn largest() -> FormDefinition {
    standard::all().into_iter().max_by_key(FormDefinition::field_count).expect("the standard forms are shipped")
}

/// A case's context as the server builds it: a household of four, full classifiers.
pub fn context() -> FormContext {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let entries = |kind: &str, n: usize| {
        (0..n)
            .map(|i| ChoiceOption {
                code: format!("{kind}_{i}"),
                label: Label::new(&format!("Entry {i}"), &format!("Intrare {i}"), &format!("Запись {i}")),
            })
            .collect::<Vec<_>>()
    };
    FormContext {
        today: d("2026-11-23").unwrap_or_default(),
        referral_date: d("2026-10-01"),
        birth_date: d("1986-04-02"),
        household: vec![
            HouseholdMember { id: 1, name: "Mariana Rusu".into(), birth_date: d("1986-04-02") },
            HouseholdMember { id: 2, name: "Ion Rusu".into(), birth_date: d("1983-01-15") },
            HouseholdMember { id: 3, name: "Ana Rusu".into(), birth_date: d("2012-09-01") },
            HouseholdMember { id: 4, name: "Petru Rusu".into(), birth_date: d("2017-03-20") },
        ],
        classifiers: BTreeMap::from([
            ("vulnerability".to_owned(), entries("vulnerability", 12)),
            ("disability_limitation".to_owned(), entries("disability_limitation", 6)),
            ("document_type".to_owned(), entries("document_type", 5)),
        ]),
    }
}

/// Validation (draft and submit) and the server's HTML of the largest form, `iterations` times
/// each, filled in full with three rows in each repeating group.
pub fn in_process(iterations: usize) -> Vec<Measure> {
    let def = largest();
    let ctx = context();
    let answers = sample::filled(&def, &ctx, 3);
    let mut on_blur = Measure::new(format!("validate {} on leaving a field (draft rules)", def.code));
    let mut on_submit = Measure::new(format!("validate {} on submit (every rule)", def.code));
    let mut render = Measure::new(format!("draw {} as HTML on the server ({} fields)", def.code, def.field_count()));
    for _ in 0..iterations {
        let t = Instant::now();
        let e = validate(&def, &answers, &ctx, Mode::Draft);
        on_blur.samples.push(t.elapsed());
        on_blur.rows += e.0.len() as u64;
        let t = Instant::now();
        let e = validate(&def, &answers, &ctx, Mode::Submit);
        on_submit.samples.push(t.elapsed());
        on_submit.rows += e.0.len() as u64;
        let owner = Owner::new();
        let t = Instant::now();
        let html = owner.with(|| {
            let st = FormState::new(answers.clone(), FieldErrors::new(), def.clone(), ctx.clone());
            sections(st).to_html()
        });
        render.samples.push(t.elapsed());
        render.rows += html.len() as u64 / 1024;
        drop(owner);
    }
    vec![on_blur, on_submit, render]
}

/// Draft saves of the largest form under concurrent load: `clients` social workers, each signed
/// in with their own session and filling their own case's draft, save it `saves` times each,
/// all at once, through the whole server (the router, the session, the authorisation, the
/// structure check, the versioned update with its history, the audit), in process.
pub async fn draft_saves(state: crate::server::AppState, clients: usize, saves: usize) -> Result<Measure, String> {
    use crate::domain::form::StandardForm;
    use crate::store::{cases as cs, forms as fs, persons as ps, today};
    let store = state.store.clone();
    let e = |what: &'static str| move |err: crate::store::StoreError| format!("{what}: {err}");
    crate::server::bootstrap::seed_demo(&store).await.map_err(e("demo users"))?;
    let worker = store.user_by_username("worker.chisinau").await.map_err(e("worker"))?.ok_or("no demo worker")?;
    let territory = store.territory(worker.territory_id).await.map_err(e("territory"))?;
    let def = largest();
    let answers = serde_json::to_string(&sample::filled(&def, &context(), 3)).map_err(|e| e.to_string())?;
    let form = StandardForm::parse(&def.code).map_err(|e| e.code)?;
    // One case and one draft per client.
    let mut drafts = Vec::new();
    for i in 0..clients {
        let person = crate::domain::person::PersonInput {
            no_idnp_reason: "Benchmark".into(),
            last_name: "Bench".into(),
            first_name: format!("Client {i}"),
            birth_date: "1980-01-01".into(),
            sex: "female".into(),
            domicile_territory_id: territory.id.to_string(),
            ..Default::default()
        }
        .validate(today())
        .map_err(|e| format!("person: {e:?}"))?;
        let referral = crate::domain::case::ReferralInput {
            reporter_name: "Benchmark".into(),
            channel: "institution".into(),
            received_on: today().to_string(),
            concern: "Draft saves under load".into(),
            risk_level: "medium".into(),
            ..Default::default()
        };
        let mut tx = store.begin().await.map_err(e("begin"))?;
        let p = ps::register(&mut tx, &person, &territory.path(), Some("benchmark"), worker.id)
            .await
            .map_err(e("person"))?;
        let referral = crate::domain::case::ReferralInput { person_id: p.id.to_string(), ..referral }
            .validate(today())
            .map_err(|e| format!("referral: {e:?}"))?;
        let new = cs::NewCase {
            referral: &referral,
            territory_id: territory.id,
            territory_path: &territory.path(),
            manager_id: Some(worker.id),
            actor: worker.id,
        };
        let case = crate::store::case_change::open(&mut tx, &new).await.map_err(e("case"))?;
        let published =
            fs::newest_published(&mut tx, form.code()).await.map_err(e("definition"))?.ok_or("no definition")?;
        let start = fs::NewSubmission {
            case_id: case.id,
            form,
            definition_version: published.version,
            revision: 1,
            previous_id: None,
            answers: &Default::default(),
            actor: worker.id,
        };
        drafts.push(fs::start(&mut tx, &start).await.map_err(e("draft"))?.id);
        tx.commit().await.map_err(e("commit"))?;
    }
    let router = crate::routes::router(state).await.map_err(|e| format!("router: {e}"))?;
    let mut sessions = Vec::new();
    for _ in 0..clients {
        let body = format!("username=worker.chisinau&password={}", crate::server::bootstrap::DEMO_PASSWORD);
        let (status, cookie, reply) = call(&router, "/api/auth/sign_in", None, body).await;
        let cookie = cookie.filter(|_| status.is_success());
        sessions.push(cookie.ok_or_else(|| format!("sign-in {status}: {}", String::from_utf8_lossy(&reply)))?);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (id, cookie) in drafts.into_iter().zip(sessions) {
        let (router, answers) = (router.clone(), answers.clone());
        tasks.spawn(async move {
            let mut version = 1_i64;
            let mut took = Vec::with_capacity(saves);
            for _ in 0..saves {
                let body = format!("id={id}&version={version}&answers={}", crate::domain::url::query_value(&answers));
                let t = Instant::now();
                let (status, _, reply) = call(&router, "/api/forms/save", Some(&cookie), body).await;
                took.push(t.elapsed());
                let saved: crate::api::forms::SavedView = serde_json::from_slice(&reply)
                    .map_err(|_| format!("save {status}: {}", String::from_utf8_lossy(&reply)))?;
                version = saved.version;
            }
            Ok::<_, String>(took)
        });
    }
    let mut m =
        Measure::new(format!("save a draft of {} ({clients} workers saving at once, {saves} saves each)", def.code));
    while let Some(done) = tasks.join_next().await {
        m.samples.extend(done.map_err(|e| e.to_string())??);
    }
    m.rows = m.samples.len() as u64;
    Ok(m)
}

/// One same-origin POST to the router; the status, the session cookie it set, the body.
async fn call(
    router: &axum::Router,
    path: &str,
    cookie: Option<&str>,
    body: String,
) -> (axum::http::StatusCode, Option<String>, Vec<u8>) {
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let Ok(req) = req.body(axum::body::Body::from(body)) else {
        return (axum::http::StatusCode::BAD_REQUEST, None, Vec::new());
    };
    let Ok(res) = router.clone().oneshot(req).await;
    let status = res.status();
    // The cookies set (not those cleared), as a `Cookie` header sends them back.
    let set: Vec<&str> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| !v.contains("Max-Age=0"))
        .filter_map(|v| v.split(';').next())
        .filter(|pair| pair.split_once('=').is_some_and(|(_, value)| !value.is_empty()))
        .collect();
    let cookie = (!set.is_empty()).then(|| set.join("; "));
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.map(|b| b.to_vec()).unwrap_or_default();
    (status, cookie, bytes)
}
