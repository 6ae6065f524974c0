//! Saved replies: the agents' own words kept for reuse, and the answers offered to a user who
//! types a question.

use super::*;

pub(super) async fn saved(ctx: &Ctx, action: &str) -> Result<Vec<SavedReplyView>, AppError> {
    let rows = sr::list(ctx.state.store.db()).await.or_fail(ctx, action)?;
    Ok(rows
        .into_iter()
        .map(|r| SavedReplyView { id: r.id, title: r.title, body: r.body, offered: r.offered, version: r.version })
        .collect())
}

pub async fn replies() -> Result<Vec<SavedReplyView>, AppError> {
    const ACTION: &str = "tickets.replies";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let list = saved(&ctx, ACTION).await?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": list.len() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(list)
}

/// The most a saved reply's title may hold.
pub(super) const TITLE_MAX: usize = 100;

pub async fn save_reply(
    id: Option<i64>,
    version: Option<i64>,
    title: String,
    body: String,
    offered: bool,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.save_reply";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let mut errors = FieldErrors::new();
    let title = title.trim().to_owned();
    if title.is_empty() {
        errors.push("title", "required");
    } else if title.chars().count() > TITLE_MAX {
        errors.push("title", "too_long");
    } else if title.chars().any(char::is_control) {
        errors.push("title", "invalid_chars");
    }
    let body = match validate_message(&body) {
        Ok(b) => Some(b),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let (Some(body), true) = (body, errors.is_empty()) else {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let result = match id {
        None => sr::create(&mut tx, &title, &body, offered, user.id()).await,
        Some(id) => {
            sr::update(&mut tx, id, version.unwrap_or(0), Some((&title, &body, offered)), user.id()).await.map(|_| id)
        }
    };
    let rid = match result {
        Ok(rid) => rid,
        Err(e) => {
            drop(tx);
            return Err(ctx.failed(Some(&user), ACTION, e).await);
        }
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("saved_reply".into());
    ev.object_id = Some(rid.to_string());
    ev.details = serde_json::json!({ "title": title, "new": id.is_none(), "offered": offered });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(rid)
}

pub async fn archive_reply(id: i64, version: i64) -> Result<(), AppError> {
    const ACTION: &str = "tickets.archive_reply";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if let Err(e) = sr::update(&mut tx, id, version, None, user.id()).await {
        drop(tx);
        return Err(ctx.failed(Some(&user), ACTION, e).await);
    }
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("saved_reply".into());
    ev.object_id = Some(id.to_string());
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(())
}

/// How many answers a new ticket is offered at most.
pub(super) const ANSWERS_OFFERED: i64 = 3;
/// The most of a subject the knowledge base is searched with.
pub(super) const ANSWER_QUERY_MAX: usize = 200;

pub async fn answers(q: String) -> Result<Vec<AnswerView>, AppError> {
    const ACTION: &str = "tickets.answers";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    if q.chars().count() > ANSWER_QUERY_MAX {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("q", "too_long"), "invalid").await);
    }
    let terms = crate::domain::ticket::answer_terms(&q);
    let rows = sr::answers(ctx.state.store.db(), &terms, ANSWERS_OFFERED).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "terms": terms, "answers": rows.iter().map(|r| r.id).collect::<Vec<_>>() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(rows.into_iter().map(|r| AnswerView { id: r.id, title: r.title, body: r.body }).collect())
}
