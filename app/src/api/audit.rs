//! The audit log, read by auditors and administrators.

use crate::domain::AppError;
#[cfg(feature = "ssr")]
use crate::server::OrFail;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEventView {
    pub seq: i64,
    /// UTC, RFC 3339.
    pub occurred_at: String,
    /// The same instant in Europe/Chisinau, formatted for reading.
    pub occurred_local: String,
    pub actor: Option<String>,
    pub client_addr: Option<String>,
    pub request_id: Option<String>,
    pub action: String,
    pub object: Option<String>,
    pub outcome: String,
    pub details: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPageView {
    pub items: Vec<AuditEventView>,
    pub next_before: Option<i64>,
}

/// One page of audit events, newest first, filtered by user, action,
/// outcome and dates (`to` is inclusive).
#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn list_audit(
    #[server(default)] actor: Option<String>,
    #[server(default)] action: Option<String>,
    #[server(default)] outcome: Option<String>,
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] before: Option<i64>,
) -> Result<AuditPageView, AppError> {
    use crate::domain::{FieldErrors, Permission};
    use crate::store::{AuditFilter, Outcome};
    const ACTION: &str = "audit.list";
    let ctx = crate::server::Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ViewAudit, None).await?;
    let mut errors = FieldErrors::new();
    let outcome = match outcome.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(o) => {
            let parsed = Outcome::from_code(o);
            if parsed.is_none() {
                errors.push("outcome", "outcome_unknown");
            }
            parsed
        }
    };
    let from_t = super::filter_date("from", from.as_deref(), &mut errors).map(super::day_start);
    // `to` is inclusive: up to the start of the next day.
    let to_t = super::filter_date("to", to.as_deref(), &mut errors).and_then(|d| d.succ_opt()).map(super::day_start);
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let filter = AuditFilter {
        actor: actor.filter(|s| !s.trim().is_empty()),
        action: action.filter(|s| !s.trim().is_empty()),
        outcome,
        from: from_t,
        to: to_t,
        before_seq: before,
        limit: PAGE_SIZE + 1,
        // A territory's auditor reads what its users did; the central team reads everything.
        within: (!user.is_national()).then(|| user.territory()),
    };
    let mut rows = ctx.state.store.list_audit(&filter).await.or_fail(&ctx, ACTION)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    // Reading the log is itself recorded: it shows who did what, from where.
    let mut ev = ctx.event(Some(&user), ACTION, crate::store::Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len(), "before": before });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(AuditPageView {
        next_before: if more { rows.last().map(|r| r.seq) } else { None },
        items: rows
            .into_iter()
            .map(|r| AuditEventView {
                seq: r.seq,
                occurred_local: r
                    .occurred_at
                    .with_timezone(&crate::store::zone())
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                occurred_at: r.occurred_at.to_rfc3339(),
                actor: r.actor_username,
                client_addr: r.client_addr,
                request_id: r.request_id,
                action: r.action,
                object: match (r.object_type, r.object_id) {
                    (Some(t), Some(i)) => Some(format!("{t} {i}")),
                    (Some(t), None) => Some(t),
                    _ => None,
                },
                outcome: r.outcome,
                details: r.details,
            })
            .collect(),
    })
}
