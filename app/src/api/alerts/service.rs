//! The bodies of the alert and notification server functions.

use super::*;
use crate::api::local_time;
use crate::domain::calendar::DayCount;
use crate::domain::case::RiskLevel;
use crate::domain::deadlines::{rule_key, DeadlineRules, NotificationKind, Rule};
use crate::domain::next_step::NextStep;
use crate::domain::{FieldErrors, Permission};
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::alerts::{self as al, NotificationFilter};
use crate::store::deadlines as dls;
use crate::store::{audit, today, Outcome, StoreError};
use chrono::{Datelike, Days, NaiveDate};

const PAGE: i64 = 30;
/// The most cases each part of the "today" view shows.
const DUE_LIMIT: i64 = 100;

async fn signed_in(ctx: &Ctx, action: &str) -> Result<CurrentUser, AppError> {
    ctx.require_user(action).await
}

pub async fn unread() -> Result<i64, AppError> {
    const ACTION: &str = "alerts.unread";
    let ctx = Ctx::current()?;
    let user = signed_in(&ctx, ACTION).await?;
    al::unread_count(ctx.state.store.db(), user.id()).await.or_fail(&ctx, ACTION)
}

pub async fn notifications(
    unread: Option<bool>,
    kind: Option<String>,
    before: Option<i64>,
) -> Result<NotificationPageView, AppError> {
    const ACTION: &str = "alerts.notifications";
    let ctx = Ctx::current()?;
    let user = signed_in(&ctx, ACTION).await?;
    let kind = kind.filter(|k| !k.is_empty());
    let kinds = match kind.as_deref() {
        None => Vec::new(),
        // "alerts" stands for the four alert levels together.
        Some("alerts") => ["due_soon", "due_today", "overdue", "escalated"].map(str::to_owned).to_vec(),
        Some(k) if NotificationKind::parse_db(k).is_some() => vec![k.to_owned()],
        Some(_) => {
            return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("kind", "invalid_choice"), "invalid").await)
        }
    };
    let f = NotificationFilter { unread_only: unread.unwrap_or(false), kinds, before };
    let db = ctx.state.store.db();
    let mut rows = al::notifications(db, user.id(), &f, PAGE + 1).await.or_fail(&ctx, ACTION)?;
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let unread = al::unread_count(db, user.id()).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(NotificationPageView {
        next_before: if more { rows.last().map(|r| r.id) } else { None },
        items: rows
            .into_iter()
            .map(|r| NotificationView {
                id: r.id,
                kind: r.kind,
                case_id: r.case_id,
                case_number: r.case_number,
                ticket_id: r.ticket_id,
                ticket_number: r.ticket_number,
                actor_name: r.actor_name,
                detail: r.detail,
                created_at: local_time(r.created_at),
                read: r.read_at.is_some(),
            })
            .collect(),
        unread,
    })
}

pub async fn open(id: i64) -> Result<(), AppError> {
    let ctx = Ctx::current()?;
    let to = open_with(&ctx, id).await?;
    leptos_axum::redirect(&to);
    Ok(())
}

/// `GET /notifications/{id}`: a notification is a link. Opening it marks it read and leads to
/// its case or ticket (a `303`); without a session, to sign in and back.
pub async fn get_open(ctx: Ctx, axum::extract::Path(id): axum::extract::Path<i64>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let to = match open_with(&ctx, id).await {
        Ok(to) => to,
        Err(AppError::Unauthenticated) => format!("/sign-in?next=/notifications/{id}"),
        Err(AppError::NotFound) => "/notifications".to_owned(),
        Err(e) => return crate::api::http::error_response(e),
    };
    (axum::http::StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, to)]).into_response()
}

/// Marks notification `id` of the caller read; answers where it leads.
async fn open_with(ctx: &Ctx, id: i64) -> Result<String, AppError> {
    const ACTION: &str = "alerts.open_notification";
    let user = signed_in(ctx, ACTION).await?;
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, ACTION)?;
    let (case_id, ticket_id) = match al::mark_read(&mut tx, user.id(), id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => {
            drop(tx);
            return Err(ctx.refuse(Some(&user), ACTION, AppError::NotFound, "not theirs").await);
        }
        Err(e) => return Err(ctx.fail(ACTION, e)),
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("notification".into());
    ev.object_id = Some(id.to_string());
    audit::append(&mut tx, &ev).await.or_fail(ctx, ACTION)?;
    tx.commit().await.or_fail(ctx, ACTION)?;
    ctx.state.live.poke(user.id());
    Ok(match (case_id, ticket_id) {
        (_, Some(t)) => format!("/support/{t}"),
        (Some(c), None) => format!("/cases/{c}"),
        (None, None) => "/notifications".into(),
    })
}

pub async fn read_all(up_to: i64) -> Result<u64, AppError> {
    const ACTION: &str = "alerts.read_all";
    let ctx = Ctx::current()?;
    let user = signed_in(&ctx, ACTION).await?;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let n = al::mark_all_read(&mut tx, user.id(), up_to).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "marked": n, "up_to": up_to });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    ctx.state.live.poke(user.id());
    leptos_axum::redirect("/notifications?read=1");
    Ok(n)
}

fn due_view(r: al::DueCaseRow) -> DueCaseView {
    DueCaseView {
        id: r.id,
        number: r.number,
        person_name: r.person_name,
        step: r.next_step,
        due_on: r.next_due_on.map(|d| d.to_string()).unwrap_or_default(),
        risk: r.risk_level,
    }
}

fn alert_view(r: al::AlertRow) -> AlertView {
    AlertView {
        id: r.id,
        case_id: r.case_id,
        case_number: r.case_number,
        person_name: r.person_name,
        kind: r.kind,
        step: r.step,
        manager_name: r.manager_name,
        due_on: r.due_on.to_string(),
        level: r.level,
        state: r.state,
        version: r.version,
    }
}

/// The Sunday that ends the week of `d`.
fn end_of_week(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(u64::from(6 - d.weekday().num_days_from_monday()))).unwrap_or(d)
}

pub async fn today_view() -> Result<TodayView, AppError> {
    const ACTION: &str = "alerts.today";
    let ctx = Ctx::current()?;
    let user = signed_in(&ctx, ACTION).await?;
    let db = ctx.state.store.db();
    let day = today();
    let roles = user.roles();
    let (mut overdue, mut due_today, mut this_week, mut more) = (Vec::new(), Vec::new(), Vec::new(), false);
    if roles.allows(Permission::EditAssignedCases) {
        let rows = al::due_cases(db, user.id(), end_of_week(day), DUE_LIMIT + 1).await.or_fail(&ctx, ACTION)?;
        more = rows.len() as i64 > DUE_LIMIT;
        for r in rows.into_iter().take(DUE_LIMIT as usize) {
            match r.next_due_on {
                Some(d) if d < day => overdue.push(due_view(r)),
                Some(d) if d == day => due_today.push(due_view(r)),
                _ => this_week.push(due_view(r)),
            }
        }
    }
    let alerts = al::live_alerts(db, user.id(), DUE_LIMIT).await.or_fail(&ctx, ACTION)?;
    let team = if roles.allows(Permission::SuperviseCases) {
        let dl = dls::load(db, day).await.or_fail(&ctx, ACTION)?;
        let rows = al::overdue_by_worker(db, user.territory().as_str(), day, dl.escalation_limit(day))
            .await
            .or_fail(&ctx, ACTION)?;
        Some(
            rows.into_iter()
                .map(|(user_id, name, overdue, escalated)| WorkerOverdueView { user_id, name, overdue, escalated })
                .collect(),
        )
    } else {
        None
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details =
        serde_json::json!({ "cases": overdue.len() + due_today.len() + this_week.len(), "alerts": alerts.len() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(TodayView {
        today: day.to_string(),
        overdue,
        due_today,
        this_week,
        more,
        alerts: alerts.into_iter().map(alert_view).collect(),
        team,
    })
}

pub async fn acknowledge(id: i64, version: i64) -> Result<(), AppError> {
    const ACTION: &str = "alerts.acknowledge";
    let ctx = Ctx::current()?;
    let user = signed_in(&ctx, ACTION).await?;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let row = match al::alert(&mut tx, id).await {
        Ok(r) if r.owner_id == user.id() => r,
        Ok(_) | Err(StoreError::NotFound) => {
            drop(tx);
            return Err(ctx.refuse(Some(&user), ACTION, AppError::NotFound, "not theirs").await);
        }
        Err(e) => return Err(ctx.fail(ACTION, e)),
    };
    if row.state != "open" {
        drop(tx);
        let e = AppError::Conflict { field: String::new(), code: "not_now".into() };
        return Err(ctx.refuse(Some(&user), ACTION, e, "not open").await);
    }
    if let Err(e) = al::acknowledge(&mut tx, id, version).await {
        drop(tx);
        return Err(ctx.failed(Some(&user), ACTION, e).await);
    }
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("alert".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({ "case_id": row.case_id, "step": row.step, "level": row.level });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect("/today?acknowledged=1");
    Ok(())
}

async fn admin(ctx: &Ctx, action: &str) -> Result<CurrentUser, AppError> {
    ctx.authorize(action, Permission::ManageClassifiers, None).await
}

pub async fn rules() -> Result<RulesView, AppError> {
    const ACTION: &str = "alerts.rules";
    let ctx = Ctx::current()?;
    admin(&ctx, ACTION).await?;
    let row = dls::rules(ctx.state.store.db()).await.or_fail(&ctx, ACTION)?;
    let mut rules = Vec::new();
    for step in NextStep::ALL {
        for risk in [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low] {
            let r = row.rules.rule(step, risk);
            rules.push(RuleView {
                step: step.as_str().into(),
                risk: risk.as_str().into(),
                days: r.days,
                count: r.count.as_str().into(),
            });
        }
    }
    Ok(RulesView {
        rules,
        due_soon_days: row.rules.due_soon_days,
        escalate_after_days: row.rules.escalate_after_days,
        version: row.version,
        updated_at: local_time(row.updated_at),
    })
}

/// A whole number of days typed in `field`: `required`, `number_invalid`.
fn days(values: &BTreeMap<String, String>, field: &str, errors: &mut FieldErrors) -> u32 {
    match values.get(field).map(|v| v.trim()).unwrap_or("") {
        "" => {
            errors.push(field, "required");
            0
        }
        v => v.parse::<u32>().unwrap_or_else(|_| {
            errors.push(field, "number_invalid");
            0
        }),
    }
}

/// The rule set typed in the page's fields, checked whole.
pub fn parse_rules(values: &BTreeMap<String, String>) -> Result<DeadlineRules, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut rules = DeadlineRules::default();
    for step in NextStep::ALL {
        for risk in RiskLevel::ALL {
            let suffix = format!("{}-{}", step.as_str(), risk.as_str());
            let n = days(values, &format!("rule-{suffix}"), &mut errors);
            // One count per step and risk, or one for the step's three (the page's choice).
            let count =
                values.get(&format!("count-{suffix}")).or_else(|| values.get(&format!("count-{}", step.as_str())));
            let count = match count.and_then(|c| DayCount::parse(c)) {
                Some(c) => c,
                None => {
                    errors.push(&format!("count-{suffix}"), "invalid_choice");
                    DayCount::Working
                }
            };
            rules.rules.insert(rule_key(step, risk), Rule { days: n, count });
        }
    }
    rules.due_soon_days = days(values, "due_soon_days", &mut errors);
    rules.escalate_after_days = days(values, "escalate_after_days", &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    rules.validate()?;
    Ok(rules)
}

pub async fn save_rules(version: i64, values: BTreeMap<String, String>) -> Result<i64, AppError> {
    const ACTION: &str = "alerts.save_rules";
    let ctx = Ctx::current()?;
    let user = admin(&ctx, ACTION).await?;
    let rules = match parse_rules(&values) {
        Ok(r) => r,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await),
    };
    let before = dls::rules(ctx.state.store.db()).await.or_fail(&ctx, ACTION)?;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let new_version = match dls::save_rules(&mut tx, &rules, version, user.id()).await {
        Ok(v) => v,
        Err(e) => {
            drop(tx);
            return Err(ctx.failed(Some(&user), ACTION, e).await);
        }
    };
    let changed: Vec<serde_json::Value> = rules
        .rules
        .iter()
        .filter(|(k, r)| before.rules.rules.get(*k) != Some(r))
        .map(|(k, r)| serde_json::json!({ "rule": k, "old": before.rules.rules.get(k), "new": r }))
        .collect();
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("deadline_rules".into());
    ev.details = serde_json::json!({
        "changed": changed,
        "due_soon_days": [before.rules.due_soon_days, rules.due_soon_days],
        "escalate_after_days": [before.rules.escalate_after_days, rules.escalate_after_days],
        "version": new_version,
    });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect("/admin/deadlines?saved=1");
    Ok(new_version)
}

pub async fn holidays(year: Option<i32>) -> Result<HolidaysView, AppError> {
    const ACTION: &str = "alerts.holidays";
    let ctx = Ctx::current()?;
    let user = admin(&ctx, ACTION).await?;
    let year = year.unwrap_or_else(|| today().year());
    if !(2000..=2100).contains(&year) {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("year", "out_of_range"), "invalid").await);
    }
    let rows = dls::holidays(ctx.state.store.db(), year).await.or_fail(&ctx, ACTION)?;
    let mut items: Vec<HolidayView> = rows
        .into_iter()
        .filter_map(|h| {
            let date = h.date_in(year)?;
            Some(HolidayView { id: h.id, date: date.to_string(), name: h.name, every_year: h.year.is_none() })
        })
        .collect();
    items.sort_by(|a, b| a.date.cmp(&b.date));
    Ok(HolidaysView { year, items })
}

pub async fn add_holiday(date: String, name: String, every_year: bool) -> Result<(), AppError> {
    const ACTION: &str = "alerts.add_holiday";
    let ctx = Ctx::current()?;
    let user = admin(&ctx, ACTION).await?;
    let mut errors = FieldErrors::new();
    let day = match NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&d.year()) => Some(d),
        Ok(_) => {
            errors.push("date", "out_of_range");
            None
        }
        Err(_) if date.trim().is_empty() => {
            errors.push("date", "required");
            None
        }
        Err(_) => {
            errors.push("date", "date_invalid");
            None
        }
    };
    let name = errors.check(crate::domain::user::parse_name("name", &name));
    let (Some(day), Some(name)) = (day, name) else {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let id = match dls::add_holiday(&mut tx, day, every_year, &name, user.id()).await {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => {
            drop(tx);
            return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("date", "holiday_exists"), "taken").await);
        }
        Err(e) => return Err(ctx.fail(ACTION, e)),
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("holiday".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({ "date": day.to_string(), "name": name, "every_year": every_year });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/admin/deadlines?year={}&added=1", day.year()));
    Ok(())
}

pub async fn remove_holiday(id: i64, year: i32) -> Result<(), AppError> {
    const ACTION: &str = "alerts.remove_holiday";
    let ctx = Ctx::current()?;
    let user = admin(&ctx, ACTION).await?;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let row = match dls::remove_holiday(&mut tx, id, user.id()).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            drop(tx);
            return Err(ctx.refuse(Some(&user), ACTION, AppError::NotFound, "not found").await);
        }
        Err(e) => return Err(ctx.fail(ACTION, e)),
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("holiday".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({ "month": row.month, "day": row.day, "year": row.year, "name": row.name });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/admin/deadlines?year={year}&removed=1"));
    Ok(())
}
