//! The body of the daily work report: who is reported on, which day, and the day's changes in
//! words.

use super::*;
use crate::api::scope::OptionView;
use crate::domain::case::CaseAction;
use crate::domain::user::Language;
use crate::domain::{FieldErrors, Permission, Role};
use crate::i18n::labels::action_label;
use crate::i18n::K;
use crate::server::Ctx;
use crate::server::OrFail;
use crate::store::day_report::{self as dr, DayChangeRow};
use crate::store::{Outcome, Store, StoreError};
use chrono::NaiveDate;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

type Instant = chrono::DateTime<chrono::Utc>;

/// The most changed records a report lists (a day's work is far less).
const ENTRIES_MAX: i64 = 500;
/// The most case managers a supervisor's choice offers.
const WORKERS_MAX: i64 = 500;

/// What a change was, in words.
fn done_text(r: &DayChangeRow, lang: Language) -> String {
    let t = |k: K| k.text(lang).to_owned();
    let k = match (r.object_type.as_str(), r.action.as_str()) {
        ("person", "register") => K::DrPersonRegistered,
        ("person", "archive") => K::DrPersonArchived,
        ("person", "restore") => K::DrPersonRestored,
        ("person", _) => K::DrPersonChanged,
        ("case", "open") => K::DrCaseOpened,
        ("case", "risk") => K::DrRiskChanged,
        ("case", "transfer_request") => K::DrTransferRequested,
        ("case", "transfer_accept") => K::DrTransferAccepted,
        ("case", "transfer_decline") => K::DrTransferDeclined,
        ("case", other) => match CaseAction::parse(other) {
            Ok(a) => action_label(a),
            Err(_) => K::DrCaseChanged,
        },
        ("form_submission", "start") => K::DrFormStarted,
        ("form_submission", "revise") => K::DrFormRevised,
        ("form_submission", "submit") => K::DrFormSubmitted,
        ("form_submission", "approve") => K::DrFormApproved,
        ("form_submission", "return") => K::DrFormReturned,
        ("form_submission", "supersede") => K::DrFormSuperseded,
        ("form_submission", "save") => return format!("{} ({} {})", t(K::DrFormFilled), r.times, t(K::DrSaves)),
        _ => K::DrCaseChanged,
    };
    t(k)
}

/// `HH:MM` in the agency's zone.
fn clock(t: Instant) -> String {
    t.with_timezone(&crate::store::zone()).format("%H:%M").to_string()
}

/// The titles of the forms the changes name, from their own definitions.
async fn form_titles(
    store: &Store,
    rows: &[DayChangeRow],
    lang: Language,
) -> Result<HashMap<(String, i64), String>, StoreError> {
    let mut titles = HashMap::new();
    for r in rows {
        if let (Some(code), Some(version)) = (&r.form_code, r.definition_version) {
            if let Entry::Vacant(e) = titles.entry((code.clone(), version)) {
                let title = match store.definition(code, Some(version)).await?.definition() {
                    Ok(d) => d.title.get(lang.code()).to_owned(),
                    Err(_) => code.clone(),
                };
                e.insert(title);
            }
        }
    }
    Ok(titles)
}

/// The report's lines: one per record, in the order first changed, with what was done to it.
fn entries(rows: &[DayChangeRow], titles: &HashMap<(String, i64), String>, lang: Language) -> Vec<DayEntryView> {
    let mut out: Vec<DayEntryView> = Vec::new();
    // Each record's line, and the first and last change to it.
    let mut at: HashMap<(&str, i64), (usize, Instant, Instant)> = HashMap::new();
    for r in rows {
        let key = (r.object_type.as_str(), r.object_id);
        let done = done_text(r, lang);
        if let Some((i, first, last)) = at.get_mut(&key) {
            out[*i].done.push(done);
            *first = (*first).min(r.first_at);
            *last = (*last).max(r.last_at);
            continue;
        }
        let name = match (&r.last_name, &r.first_name) {
            (Some(l), Some(f)) => format!("{l} {f}"),
            _ => String::new(),
        };
        let (subject, href, person) = match (r.object_type.as_str(), r.case_id, &r.case_number) {
            ("person", _, _) => (name, r.person_id.map(|id| format!("/persons/{id}")), String::new()),
            (_, Some(case), Some(number)) => (number.clone(), Some(format!("/cases/{case}")), name),
            _ => (String::new(), None, name),
        };
        let form = match (&r.form_code, r.definition_version) {
            (Some(code), Some(v)) => titles.get(&(code.clone(), v)).cloned().unwrap_or_else(|| code.clone()),
            _ => String::new(),
        };
        let form_href = (r.object_type == "form_submission").then(|| format!("/forms/{}", r.object_id));
        at.insert(key, (out.len(), r.first_at, r.last_at));
        out.push(DayEntryView {
            time: String::new(),
            subject,
            href: form_href.or(href),
            person,
            form,
            done: vec![done],
        });
    }
    for (i, first, last) in at.into_values() {
        let (a, b) = (clock(first), clock(last));
        out[i].time = if a == b { a } else { format!("{a}–{b}") };
    }
    out
}

fn totals(rows: &[DayChangeRow], records: usize) -> DayTotalsView {
    let mut t = DayTotalsView { records: records as i64, ..Default::default() };
    for r in rows {
        match (r.object_type.as_str(), r.action.as_str()) {
            ("person", "register") => t.persons_registered += 1,
            ("case", "open") => t.cases_opened += 1,
            ("case", a) if CaseAction::parse(a).is_ok() => t.steps_taken += r.times,
            ("form_submission", "submit") => t.forms_submitted += 1,
            ("form_submission", "approve" | "return") => t.forms_decided += 1,
            _ => {}
        }
    }
    t
}

pub async fn day_report(day: Option<String>, worker: Option<String>) -> Result<DayReportView, AppError> {
    const ACTION: &str = "reports.day";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ViewPersons, None).await?;
    let mut errors = FieldErrors::new();
    let day = match day.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => crate::store::today(),
        Some(raw) => NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.push("day", "invalid_date");
            crate::store::today()
        }),
    };
    let store = &ctx.state.store;
    let supervisor = user.roles().allows(Permission::SuperviseCases);
    let chosen = match worker.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => match raw.parse::<i64>() {
            Ok(id) if id == user.id() => None,
            Ok(id) => match store.user(id).await {
                Ok(w) if w.roles().contains(Role::SocialWorker) || w.roles().contains(Role::Supervisor) => Some(w),
                Ok(_) | Err(StoreError::NotFound) => {
                    errors.push("worker", "invalid_choice");
                    None
                }
                Err(e) => return Err(ctx.fail(ACTION, e)),
            },
            Err(_) => {
                errors.push("worker", "invalid_choice");
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    // Another's day: for a supervisor of their territory only.
    if let Some(w) = &chosen {
        if !supervisor || !user.territory().contains(&w.territory()) {
            return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "territory").await);
        }
    }
    let (worker_id, worker_name) = match &chosen {
        Some(w) => (w.id, w.full_name.clone()),
        None => (user.id(), user.row.full_name.clone()),
    };
    let lang = user.language();
    let period = (crate::api::day_start(day), crate::api::day_start(day + chrono::Days::new(1)));
    let mut rows = dr::changes(store.db(), worker_id, period, ENTRIES_MAX + 1).await.or_fail(&ctx, ACTION)?;
    let truncated = rows.len() as i64 > ENTRIES_MAX;
    rows.truncate(ENTRIES_MAX as usize);
    let titles = form_titles(store, &rows, lang).await.or_fail(&ctx, ACTION)?;
    let entries = entries(&rows, &titles, lang);
    let workers = if supervisor {
        store
            .assignees(&user.territory(), false, WORKERS_MAX)
            .await
            .or_fail(&ctx, ACTION)?
            .into_iter()
            .map(|a| OptionView { id: a.id, name: a.full_name, depth: 0 })
            .collect()
    } else {
        Vec::new()
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("user".into());
    ev.object_id = Some(worker_id.to_string());
    ev.details = serde_json::json!({ "day": day.to_string(), "records": entries.len() });
    store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(DayReportView {
        day: day.to_string(),
        worker_id,
        worker_name,
        workers,
        totals: totals(&rows, entries.len()),
        entries,
        truncated,
    })
}
