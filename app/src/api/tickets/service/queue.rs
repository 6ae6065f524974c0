//! The lists of tickets: the user's own, and the support queue with its filters.

use super::*;

/// A list row's SLA state from its stored breach and "soon" times.
pub(super) fn list_state(r: &tk::SummaryRow, at: DateTime<Utc>) -> SlaState {
    let status = TicketStatus::parse_db(&r.status).unwrap_or(TicketStatus::Open);
    match (r.breach_at, r.soon_at) {
        (Some(b), _) if b <= at => SlaState::Breached,
        (Some(_), Some(s)) if s <= at => SlaState::Soon,
        (Some(_), _) => SlaState::Running,
        (None, _) if status.is_paused() => SlaState::Paused,
        (None, _) => SlaState::Met,
    }
}

pub(super) fn summary(r: tk::SummaryRow, cats: &[ChoiceView], at: DateTime<Utc>) -> TicketSummaryView {
    let sla = list_state(&r, at).as_str().to_owned();
    TicketSummaryView {
        id: r.id,
        category_name: category_name(cats, &r.category),
        reporter_name: r.reporter_name.or(r.caller_name).unwrap_or_default(),
        number: r.number,
        subject: r.subject,
        status: r.status,
        priority: r.priority,
        category: r.category,
        assignee_name: r.assignee_name,
        created_at: local_time(r.created_at),
        updated_at: local_time(r.updated_at),
        breach_at: r.breach_at.map(local_time),
        sla,
        version: r.version,
    }
}

pub(super) fn page_of(
    mut rows: Vec<tk::SummaryRow>,
    offset: i64,
    cats: &[ChoiceView],
    at: DateTime<Utc>,
) -> TicketPageView {
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let n = rows.len() as i64;
    TicketPageView {
        items: rows.into_iter().map(|r| summary(r, cats, at)).collect(),
        next_offset: more.then_some(offset + n),
    }
}

pub async fn mine(offset: Option<i64>) -> Result<TicketPageView, AppError> {
    const ACTION: &str = "tickets.mine";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let offset = offset.unwrap_or(0).max(0);
    let cats = categories(&ctx, &user, ACTION).await?;
    let rows = tk::mine(ctx.state.store.db(), user.id(), offset, PAGE + 1).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len().min(PAGE as usize), "offset": offset });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(page_of(rows, offset, &cats, now()))
}

#[allow(clippy::too_many_arguments)]
pub async fn queue(
    status: Option<String>,
    category: Option<String>,
    priority: Option<String>,
    assignee: Option<String>,
    breach: Option<String>,
    q: Option<String>,
    offset: Option<i64>,
) -> Result<QueueView, AppError> {
    const ACTION: &str = "tickets.queue";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let cats = categories(&ctx, &user, ACTION).await?;
    let agents = agents(&ctx, ACTION).await?;
    let mut errors = FieldErrors::new();
    let status = opt(status).unwrap_or_else(|| "work".into());
    if status != "work" && status != "all" && TicketStatus::parse_db(&status).is_none() {
        errors.push("status", "invalid_choice");
    }
    let category = opt(category);
    if category.as_ref().is_some_and(|c| !cats.iter().any(|k| &k.code == c)) {
        errors.push("category", "invalid_choice");
    }
    let priority = opt(priority);
    if priority.as_ref().is_some_and(|p| TicketPriority::parse_db(p).is_none()) {
        errors.push("priority", "invalid_choice");
    }
    let (assignee, assignee_id) = match opt(assignee).as_deref() {
        None | Some("any") => ("any", None),
        Some("none") => ("none", None),
        Some("me") => ("id", Some(user.id())),
        Some(v) => match v.parse::<i64>() {
            Ok(id) if agents.iter().any(|a| a.id == id) => ("id", Some(id)),
            _ => {
                errors.push("assignee", "invalid_choice");
                ("any", None)
            }
        },
    };
    let breach = match opt(breach).as_deref() {
        None | Some("any") => "any",
        Some("soon") => "soon",
        Some("breached") => "breached",
        Some(_) => {
            errors.push("breach", "invalid_choice");
            "any"
        }
    };
    let q = opt(q);
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        errors.push("q", "too_long");
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let (number, text) = match q.as_deref() {
        Some(q) => match TicketNumber::parse(q) {
            Some(n) => (Some(n.to_string()), None),
            // A phone typed with spaces or dashes is looked for as stored: its digits.
            None => match crate::domain::user::parse_phone("q", q) {
                Ok(Some(phone)) => (None, Some(crate::domain::names::fold(&phone))),
                _ => (None, Some(crate::domain::names::fold(q))),
            },
        },
        None => (None, None),
    };
    // A territory's support works the tickets of its territory; the central team's, all.
    let within = (!user.is_national()).then(|| user.territory());
    let f = QueueFilter { status, category, priority, assignee, assignee_id, breach, number, text, within };
    let offset = offset.unwrap_or(0).max(0);
    let at = now();
    let rows = tk::queue(ctx.state.store.db(), &f, at, offset, PAGE + 1).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "rows": rows.len().min(PAGE as usize), "offset": offset, "q": q });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(QueueView { page: page_of(rows, offset, &cats, at), categories: cats, agents, me: user.id() })
}
