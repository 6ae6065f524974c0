//! The bodies of the support leads' server functions (SLA targets and assignment rules per
//! category) and of the queue's bulk assignment.

use crate::api::tickets::*;
use crate::domain::deadlines::NotificationKind;
use crate::domain::sla::{format_hours, parse_hours, SlaTarget, SlaTargets};
use crate::domain::ticket::{ticket_transition, Assignment, TicketAction, TicketPriority, TicketStatus};
use crate::domain::{FieldErrors, Permission};
use crate::server::context::changes;
use crate::server::Ctx;
use crate::server::OrFail;
use crate::store::alerts as al;
use crate::store::support_rules::{self as rules, RuleChange, RuleRow, GENERAL};
use crate::store::tickets::{self as tk, Change};
use crate::store::{audit, now, Outcome, StoreError};

/// The most tickets one bulk assignment takes.
const BULK_MAX: usize = 100;

fn minutes_of(t: &SlaTargets) -> ([i64; 4], [i64; 4]) {
    (TicketPriority::ALL.map(|p| t.first_response(p)), TicketPriority::ALL.map(|p| t.resolution(p)))
}

fn rule_view(category: String, name: String, row: Option<&RuleRow>, general: &SlaTargets) -> SupportRuleView {
    let own = row.and_then(RuleRow::targets);
    let (first, resolution) = minutes_of(own.as_ref().unwrap_or(general));
    SupportRuleView {
        own_targets: category.is_empty() || own.is_some(),
        category,
        name,
        first,
        resolution,
        assignment: row.map_or(Assignment::Manual, RuleRow::assignment).as_str().to_owned(),
        agents: row.map(RuleRow::agents).unwrap_or_default(),
        version: row.map_or(0, |r| r.version),
        updated_by: row.map(|r| r.updated_by_name.clone()),
        updated_at: row.map(|r| crate::api::local_time(r.updated_at)),
    }
}

pub async fn rules() -> Result<SupportRulesView, AppError> {
    const ACTION: &str = "tickets.rules";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::LeadSupport, None).await?;
    let rows = rules::list(ctx.state.store.db()).await.or_fail(&ctx, ACTION)?;
    let find = |code: &str| rows.iter().find(|r| r.category == code);
    let general_targets = find(GENERAL).and_then(RuleRow::targets).unwrap_or_default();
    let general = rule_view(String::new(), String::new(), find(GENERAL), &general_targets);
    let categories = super::service::categories(&ctx, &user, ACTION)
        .await?
        .into_iter()
        .map(|c| {
            let row = find(&c.code);
            rule_view(c.code, c.name, row, &general_targets)
        })
        .collect();
    let agents = super::service::agents(&ctx, ACTION).await?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rules": rows.len() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(SupportRulesView { general, categories, agents })
}

/// The targets typed in hours, checked: each at its field (`first_low`…), then as a whole.
fn targets_from(first: &[String; 4], resolution: &[String; 4], errors: &mut FieldErrors) -> Option<SlaTargets> {
    let mut minutes = |kind: &str, raw: &[String; 4]| -> [i64; 4] {
        let mut out = [0; 4];
        for (i, p) in TicketPriority::ALL.into_iter().enumerate() {
            match parse_hours(&format!("{kind}_{}", p.as_str()), &raw[i]) {
                Ok(m) => out[i] = m,
                Err(e) => errors.0.push(e),
            }
        }
        out
    };
    let (f, r) = (minutes("first", first), minutes("resolution", resolution));
    let t = |i: usize| SlaTarget { first_response: f[i], resolution: r[i] };
    let targets = SlaTargets { low: t(0), normal: t(1), high: t(2), urgent: t(3) };
    // The range of every field that reads as hours, also when another does not.
    if let Err(e) = targets.validate() {
        let unread: Vec<String> = errors.0.iter().map(|e| e.field.clone()).collect();
        errors.0.extend(e.0.into_iter().filter(|e| !unread.contains(&e.field)));
    }
    errors.is_empty().then_some(targets)
}

pub async fn save_rule(
    category: String,
    version: i64,
    own_targets: bool,
    first: [String; 4],
    resolution: [String; 4],
    assignment: Option<String>,
    agents: Vec<String>,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.save_rule";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::LeadSupport, None).await?;
    let general = category.is_empty();
    let mut errors = FieldErrors::new();
    if !general && !super::service::categories(&ctx, &user, ACTION).await?.iter().any(|c| c.code == category) {
        errors.push("category", "invalid_choice");
    }
    // The general rule always has targets; a category's are its own only when ticked.
    let targets = if general || own_targets { targets_from(&first, &resolution, &mut errors) } else { None };
    let assignment = match assignment.as_deref().map(str::trim) {
        None | Some("") => Assignment::Manual,
        Some(a) => Assignment::parse_db(a).filter(|_| !general).unwrap_or_else(|| {
            errors.push("assignment", "invalid_choice");
            Assignment::Manual
        }),
    };
    let known = super::service::agents(&ctx, ACTION).await?;
    let mut chosen: Vec<i64> = Vec::new();
    for a in agents.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        match a.parse::<i64>() {
            Ok(id) if known.iter().any(|k| k.id == id) => chosen.push(id),
            _ => errors.push("agents", "invalid_choice"),
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    if assignment == Assignment::Manual {
        chosen.clear();
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let ch = RuleChange { category: &category, targets: targets.as_ref(), assignment, agents: &chosen };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let v = match rules::save(&mut tx, &ch, version, user.id()).await {
        Ok(v) => v,
        Err(e) => {
            drop(tx);
            return Err(ctx.failed(Some(&user), ACTION, e).await);
        }
    };
    let hours = |t: &SlaTargets| {
        let (f, r) = minutes_of(t);
        serde_json::json!({ "first": f.map(format_hours), "resolution": r.map(format_hours) })
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("support_rule".into());
    ev.object_id = Some(if general { "general".into() } else { category.clone() });
    ev.details = serde_json::json!({
        "targets_hours": targets.as_ref().map(hours),
        "assignment": assignment.as_str(),
        "agents": chosen,
        "version": v,
    });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(v)
}

pub async fn assign(tickets: Vec<String>, assignee: String) -> Result<BulkAssignView, AppError> {
    const ACTION: &str = "tickets.assign";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let mut errors = FieldErrors::new();
    let agents = super::service::agents(&ctx, ACTION).await?;
    let to = match assignee.trim() {
        "me" => Some(user.id()),
        "" => {
            errors.push("assignee", "required");
            None
        }
        v => v.parse::<i64>().ok().filter(|id| agents.iter().any(|a| a.id == *id)).or_else(|| {
            errors.push("assignee", "invalid_choice");
            None
        }),
    };
    let mut picked: Vec<(i64, i64)> = Vec::new();
    for t in tickets.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match t.split_once(':').and_then(|(i, v)| Some((i.parse::<i64>().ok()?, v.parse::<i64>().ok()?))) {
            Some(p) if !picked.iter().any(|(i, _)| *i == p.0) => picked.push(p),
            Some(_) => {}
            None => errors.push("tickets", "invalid_choice"),
        }
    }
    if picked.is_empty() && errors.is_empty() {
        errors.push("tickets", "required");
    } else if picked.len() > BULK_MAX {
        errors.push("tickets", "too_many_rows");
    }
    let (Some(to), true) = (to, errors.is_empty()) else {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    // Who receives them must work their territory too.
    let receiver = ctx.state.store.user(to).await.or_fail(&ctx, ACTION)?.territory();
    let at = now();
    let mut out = BulkAssignView::default();
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let cal = super::service::calendar_tx(&ctx, &mut tx, ACTION).await?;
    for (id, version) in picked {
        let t = match tk::get_tx(&mut tx, id).await {
            // Another territory's ticket is not told apart from a missing one.
            Ok(t) if user.territory().contains(&t.territory()) => t,
            Ok(_) | Err(StoreError::NotFound) => {
                out.skipped.push(format!("#{id}"));
                continue;
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        };
        if !receiver.contains(&t.territory()) {
            out.skipped.push(t.number.clone());
            continue;
        }
        let from = t.status();
        let status = match ticket_transition(from, TicketAction::Assign) {
            Ok(s) if from != TicketStatus::Closed && t.assignee_id != Some(to) => s,
            _ => {
                out.skipped.push(t.number.clone());
                continue;
            }
        };
        let mut ch = Change::of(&t);
        ch.status = status;
        ch.assignee_id = Some(to);
        match tk::update(&mut tx, id, version, &ch, user.id(), at).await {
            Ok(_) => {}
            Err(StoreError::Stale { .. }) => {
                out.skipped.push(t.number.clone());
                continue;
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        }
        let fresh = tk::get_tx(&mut tx, id).await.or_fail(&ctx, ACTION)?;
        tk::set_clocks(&mut tx, &fresh, &cal, at).await.or_fail(&ctx, ACTION)?;
        let (old, new) = (t.assignee_id.map(|a| a.to_string()), to.to_string());
        let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
        ev.object_type = Some("ticket".into());
        ev.object_id = Some(id.to_string());
        ev.details = changes(&[
            ("assignee_id", old.as_deref(), Some(&new)),
            ("status", Some(from.as_str()), Some(status.as_str())),
        ]);
        audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
        al::notify_ticket(&mut tx, to, NotificationKind::TicketAssigned, id, Some(user.id()))
            .await
            .or_fail(&ctx, ACTION)?;
        out.assigned += 1;
    }
    tx.commit().await.or_fail(&ctx, ACTION)?;
    if out.assigned > 0 && to != user.id() {
        ctx.state.live.poke(to);
    }
    Ok(out)
}
