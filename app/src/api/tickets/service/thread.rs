//! One ticket: reading it, its messages, its status changes, triage and the rating.

use super::calls::caller_view;
use super::intake::send_files;
use super::replies::saved;
use super::*;

pub(super) fn sla_view(state: SlaState, target: i64, elapsed: i64, due: Option<DateTime<Utc>>) -> SlaView {
    let due_at = match state {
        SlaState::Running | SlaState::Soon | SlaState::Breached => due.map(local_time),
        SlaState::Met | SlaState::Paused => None,
    };
    SlaView { state: state.as_str().to_owned(), due_at, target_minutes: target, elapsed_minutes: elapsed }
}

pub(super) fn may_reopen(t: &TicketRow, at: DateTime<Utc>) -> bool {
    t.status() == TicketStatus::Resolved
        && t.resolved_at.is_some_and(|r| at - r <= Duration::days(i64::from(REOPEN_DAYS)))
}

pub async fn get(id: i64) -> Result<TicketView, AppError> {
    const ACTION: &str = "tickets.get";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let (t, s) = load(&ctx, &user, ACTION, id).await?;
    let db = ctx.state.store.db();
    let messages = tk::messages(db, id, s.agent).await.or_fail(&ctx, ACTION)?;
    let files = ctx.state.store.files_of_ticket(id, s.agent).await.or_fail(&ctx, ACTION)?;
    let pauses = tk::pauses_of(db, id).await.or_fail(&ctx, ACTION)?;
    let cal = calendar(&ctx, ACTION).await?;
    let at = now();
    let [(fs, ft, fe), (rs, rt, re)] = tk::clock_states(&t, &pauses, &cal, at);
    let case = match t.case_id {
        Some(cid) => {
            let c = ctx.state.store.case(cid).await.or_fail(&ctx, ACTION)?;
            let readable = user.may(Permission::ViewPersons, Some(&c.path()));
            Some(LinkedCaseView { id: c.id, number: c.number, status: c.status, readable })
        }
        None => None,
    };
    let person = match t.person_id {
        Some(pid) => {
            let p = ctx.state.store.person(pid).await.or_fail(&ctx, ACTION)?;
            let readable = user.may(Permission::ViewPersons, Some(&p.path()));
            let name = readable.then(|| crate::domain::names::display_name(&p.last_name, &p.first_name));
            Some(LinkedPersonView { id: p.id, name, readable })
        }
        None => None,
    };
    let caller = match (&t.caller_name, s.agent) {
        (Some(name), true) => {
            let person = match t.caller_person_id {
                Some(pid) => Some(caller_view(tk::caller(db, pid).await.or_fail(&ctx, ACTION)?)),
                None => None,
            };
            Some(CallerView { name: name.clone(), phone: t.caller_phone.clone(), person })
        }
        _ => None,
    };
    let cats = categories(&ctx, &user, ACTION).await?;
    let agents = if s.agent { agents(&ctx, ACTION).await? } else { Vec::new() };
    let saved_replies = if s.agent { saved(&ctx, ACTION).await? } else { Vec::new() };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({ "as": if s.agent { "agent" } else { "reporter" } });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    // What the caller was told about this ticket, they now see.
    if al::mark_ticket_read(db, user.id(), id).await.or_fail(&ctx, ACTION)? > 0 {
        ctx.state.live.poke(user.id());
    }
    let support = |roles: &str| crate::domain::RoleSet::from_codes(roles).allows(Permission::WorkTickets);
    Ok(TicketView {
        id: t.id,
        number: t.number.clone(),
        subject: t.subject.clone(),
        status: t.status.clone(),
        priority: t.priority.clone(),
        category_name: category_name(&cats, &t.category),
        category: t.category.clone(),
        channel: t.channel.clone(),
        reporter_name: t.from_name(),
        assignee_id: t.assignee_id,
        assignee_name: t.assignee_name.clone(),
        page: t.page.clone(),
        app_version: t.app_version.clone(),
        case,
        person,
        created_at: local_time(t.created_at),
        resolved_at: t.resolved_at.map(local_time),
        first_response: sla_view(fs, ft, fe, t.first_response_due_at),
        resolution: sla_view(rs, rt, re, t.resolution_due_at),
        messages: messages
            .into_iter()
            .map(|m| TicketMessageView {
                id: m.id,
                kind: if m.kind == "ask" { "reply".into() } else { m.kind },
                from_support: m.author_id != t.reporter_id.unwrap_or(0) && support(&m.author_roles),
                author_name: m.author_name,
                body: m.body,
                created_at: local_time(m.created_at),
                files: files.iter().filter(|f| f.message_id == Some(m.id)).map(service::files::view).collect(),
            })
            .collect(),
        rating: t.rating,
        version: t.version,
        as_agent: s.agent,
        as_reporter: s.reporter,
        can_reopen: (s.reporter || s.agent) && may_reopen(&t, at),
        categories: if s.agent { cats } else { Vec::new() },
        agents,
        saved_replies,
        caller,
        file_max_bytes: ctx.state.config.attachment_max_bytes,
    })
}

/// Writes a change, recomputes the clocks and audits; maps a stale version to 409.
#[allow(clippy::too_many_arguments)]
pub(super) async fn commit_change(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    mut tx: crate::store::Tx,
    t: &TicketRow,
    version: i64,
    ch: &Change<'_>,
    details: serde_json::Value,
) -> Result<(i64, crate::store::Tx), AppError> {
    let at = now();
    let v = match tk::update(&mut tx, t.id, version, ch, user.id(), at).await {
        Ok(v) => v,
        Err(e @ StoreError::Stale { .. }) => {
            drop(tx);
            return Err(ctx.failed(Some(user), action, e).await);
        }
        Err(e) => return Err(ctx.fail(action, e)),
    };
    let cal = calendar_tx(ctx, &mut tx, action).await?;
    let fresh = tk::get_tx(&mut tx, t.id).await.or_fail(ctx, action)?;
    tk::set_clocks(&mut tx, &fresh, &cal, at).await.or_fail(ctx, action)?;
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(t.id.to_string());
    ev.details = details;
    audit::append(&mut tx, &ev).await.or_fail(ctx, action)?;
    Ok((v, tx))
}

pub(super) async fn refuse_transition(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    e: crate::domain::ticket::TransitionRefused,
) -> AppError {
    let code = e.code();
    ctx.refuse(Some(user), action, AppError::Conflict { field: "action".into(), code: code.into() }, code).await
}

pub async fn message(id: i64, version: i64, body: String, mode: String, sent: SentFiles) -> Result<i64, AppError> {
    let ctx = Ctx::current()?;
    let user = ctx.require_user("tickets.message").await?;
    message_as(&ctx, &user, id, version, body, &mode, sent).await
}

/// Adds `user`'s message to ticket `id` still at `version` (see [`message`]); answers the new
/// version.
pub async fn message_as(
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    version: i64,
    body: String,
    mode: &str,
    sent: SentFiles,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.message";
    let (t, s) = load(ctx, user, ACTION, id).await?;
    let mut errors = FieldErrors::new();
    let body = errors.check(validate_message(&body).map_err(|mut e| e.0.remove(0)));
    let files = errors.check(sent.ids()).unwrap_or_default();
    let Some(body) = body.filter(|_| errors.is_empty()) else {
        return Err(ctx.refuse(Some(user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    let (action, kind) = match (mode, s.agent) {
        ("reply", true) => (TicketAction::AgentReply, "reply"),
        ("ask", true) => (TicketAction::AskReporter, "ask"),
        ("note", true) => (TicketAction::Note, "note"),
        ("reply", false) => (TicketAction::ReporterReply, "reply"),
        // A follow-up call of the caller, on a ticket the call center registered: what they said
        // counts as the reporter's answer.
        ("call", true) if t.channel == "call_center" => (TicketAction::ReporterReply, "call"),
        ("ask" | "note" | "call", false) => {
            return Err(ctx.refuse(Some(user), ACTION, AppError::Forbidden, "reporter").await);
        }
        _ => return Err(ctx.refuse(Some(user), ACTION, AppError::invalid("mode", "invalid_choice"), "invalid").await),
    };
    let from = t.status();
    let to = match ticket_transition(from, action) {
        Ok(to) => to,
        Err(e) => return Err(refuse_transition(ctx, user, ACTION, e).await),
    };
    let at = now();
    let mut ch = Change::of(&t);
    ch.status = to;
    let public_support = s.agent && (kind == "reply" || kind == "ask");
    if public_support && t.first_response_at.is_none() {
        ch.first_response_at = Some(at);
    }
    // An agent who answers a ticket nobody holds takes it.
    if s.agent && kind != "note" && t.assignee_id.is_none() {
        ch.assignee_id = Some(user.id());
    }
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, ACTION)?;
    if to == TicketStatus::WaitingOnReporter && from != TicketStatus::WaitingOnReporter {
        tk::pause(&mut tx, id, at).await.or_fail(ctx, ACTION)?;
    }
    if from == TicketStatus::WaitingOnReporter && to != TicketStatus::WaitingOnReporter {
        tk::resume(&mut tx, id, at).await.or_fail(ctx, ACTION)?;
    }
    let details = serde_json::json!({ "mode": kind, "status": to.as_str(), "files": files });
    let (v, mut tx) = commit_change(ctx, user, ACTION, tx, &t, version, &ch, details).await?;
    let message = tk::add_message(&mut tx, id, user.id(), kind, &body, at).await.or_fail(ctx, ACTION)?;
    let mut tx = send_files(ctx, tx, user, ACTION, id, message, &files).await?;
    let mut told = Vec::new();
    if public_support {
        if let Some(r) = t.reporter_id {
            let k = if kind == "ask" { NotificationKind::TicketWaiting } else { NotificationKind::TicketReplied };
            al::notify_ticket(&mut tx, r, k, id, Some(user.id())).await.or_fail(ctx, ACTION)?;
            told.push(r);
        }
    } else if !s.agent || kind == "call" {
        // The assignee hears of the reporter's answer, or of a call another agent took.
        if let Some(a) = t.assignee_id.filter(|a| *a != user.id()) {
            al::notify_ticket(&mut tx, a, NotificationKind::TicketMessage, id, Some(user.id()))
                .await
                .or_fail(ctx, ACTION)?;
            told.push(a);
        }
    }
    tx.commit().await.or_fail(ctx, ACTION)?;
    for u in told {
        ctx.state.live.poke(u);
    }
    // A ticket that came by e-mail is answered by e-mail too, when mail goes out.
    if public_support && t.channel == "email" && ctx.state.config.mail.is_some() {
        if let Some(r) = t.reporter_id {
            if let Err(e) =
                crate::server::mail::queue_ticket_reply(&ctx.state.store, r, &t, &user.row.full_name, &body, message)
                    .await
            {
                tracing::error!(request_id = %ctx.client.request_id, ticket = id, error = %e, "could not queue the reply's e-mail");
            }
        }
    }
    Ok(v)
}

pub async fn status(id: i64, version: i64, action_code: String) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.status";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let (t, s) = load(&ctx, &user, ACTION, id).await?;
    let at = now();
    let action = match action_code.as_str() {
        "resolve" | "close" if !s.agent => {
            return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "reporter").await);
        }
        "resolve" => TicketAction::Resolve,
        "close" => TicketAction::Close,
        "reopen" => match t.resolved_at {
            Some(resolved_at) => TicketAction::Reopen { resolved_at, now: at, window_days: REOPEN_DAYS },
            None => TicketAction::Reopen { resolved_at: at, now: at, window_days: 0 },
        },
        _ => {
            return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("action", "invalid_choice"), "invalid").await)
        }
    };
    let from = t.status();
    let to = match ticket_transition(from, action) {
        Ok(to) => to,
        Err(e) => return Err(refuse_transition(&ctx, &user, ACTION, e).await),
    };
    let mut ch = Change::of(&t);
    ch.status = to;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    match to {
        TicketStatus::Resolved => {
            ch.resolved_at = Some(at);
            tk::pause(&mut tx, id, at).await.or_fail(&ctx, ACTION)?;
        }
        TicketStatus::Closed => ch.closed_at = Some(at),
        TicketStatus::Reopened => {
            ch.resolved_at = None;
            tk::resume(&mut tx, id, at).await.or_fail(&ctx, ACTION)?;
        }
        _ => {}
    }
    let details = serde_json::json!({ "action": action_code, "from": from.as_str(), "to": to.as_str() });
    let (v, mut tx) = commit_change(&ctx, &user, ACTION, tx, &t, version, &ch, details).await?;
    tk::add_message(&mut tx, id, user.id(), "event", to.as_str(), at).await.or_fail(&ctx, ACTION)?;
    let mut told = None;
    if to == TicketStatus::Resolved {
        if let Some(r) = t.reporter_id {
            al::notify_ticket(&mut tx, r, NotificationKind::TicketResolved, id, Some(user.id()))
                .await
                .or_fail(&ctx, ACTION)?;
            told = Some(r);
        }
    } else if to == TicketStatus::Reopened && !s.agent {
        if let Some(a) = t.assignee_id {
            al::notify_ticket(&mut tx, a, NotificationKind::TicketMessage, id, Some(user.id()))
                .await
                .or_fail(&ctx, ACTION)?;
            told = Some(a);
        }
    }
    tx.commit().await.or_fail(&ctx, ACTION)?;
    if let Some(u) = told {
        ctx.state.live.poke(u);
    }
    Ok(v)
}

pub async fn triage(
    id: i64,
    version: i64,
    priority: String,
    category: String,
    assignee: Option<String>,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.triage";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let (t, _) = load(&ctx, &user, ACTION, id).await?;
    let mut errors = FieldErrors::new();
    if TicketPriority::parse_db(&priority).is_none() {
        errors.push("priority", "invalid_choice");
    }
    let cats = categories(&ctx, &user, ACTION).await?;
    if !cats.iter().any(|c| c.code == category) {
        errors.push("category", "invalid_choice");
    }
    let agents = agents(&ctx, ACTION).await?;
    let assignee_id = match opt(assignee).as_deref() {
        None => None,
        Some("me") => Some(user.id()),
        Some(v) => match v.parse::<i64>() {
            Ok(a) if agents.iter().any(|x| x.id == a) => Some(a),
            _ => {
                errors.push("assignee", "invalid_choice");
                None
            }
        },
    };
    // The agent given the ticket must work its territory.
    if let Some(a) = assignee_id.filter(|a| *a != user.id()) {
        let theirs = ctx.state.store.user(a).await.or_fail(&ctx, ACTION)?.territory();
        if !theirs.contains(&t.territory()) {
            errors.push("assignee", "invalid_choice");
        }
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let from = t.status();
    let to = if assignee_id.is_some() && assignee_id != t.assignee_id {
        match ticket_transition(from, TicketAction::Assign) {
            Ok(to) => to,
            Err(e) => return Err(refuse_transition(&ctx, &user, ACTION, e).await),
        }
    } else if from == TicketStatus::Closed {
        let e = AppError::Conflict { field: "action".into(), code: "ticket_closed".into() };
        return Err(ctx.refuse(Some(&user), ACTION, e, "closed").await);
    } else {
        from
    };
    let mut ch = Change::of(&t);
    ch.status = to;
    ch.priority = &priority;
    ch.category = &category;
    ch.assignee_id = assignee_id;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if priority != t.priority || category != t.category {
        // Measured from now on against the targets of its new priority and category.
        let p = TicketPriority::parse_db(&priority).unwrap_or(TicketPriority::Normal);
        ch.targets = crate::store::support_rules::targets_of(&mut tx, &category).await.or_fail(&ctx, ACTION)?.of(p);
    }
    let old_assignee = t.assignee_id.map(|a| a.to_string());
    let new_assignee = assignee_id.map(|a| a.to_string());
    let details = changes(&[
        ("priority", Some(&t.priority), Some(&priority)),
        ("category", Some(&t.category), Some(&category)),
        ("assignee_id", old_assignee.as_deref(), new_assignee.as_deref()),
        ("status", Some(from.as_str()), Some(to.as_str())),
    ]);
    let (v, mut tx) = commit_change(&ctx, &user, ACTION, tx, &t, version, &ch, details).await?;
    let mut told = None;
    if let Some(a) = assignee_id.filter(|a| Some(*a) != t.assignee_id) {
        al::notify_ticket(&mut tx, a, NotificationKind::TicketAssigned, id, Some(user.id()))
            .await
            .or_fail(&ctx, ACTION)?;
        told = Some(a);
    }
    tx.commit().await.or_fail(&ctx, ACTION)?;
    if let Some(u) = told {
        ctx.state.live.poke(u);
    }
    Ok(v)
}

pub async fn rate(id: i64, rating: i64) -> Result<(), AppError> {
    const ACTION: &str = "tickets.rate";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let (t, s) = load(&ctx, &user, ACTION, id).await?;
    if !s.reporter {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "not the reporter").await);
    }
    if !(1..=5).contains(&rating) {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("rating", "out_of_range"), "invalid").await);
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    if !tk::rate(&mut tx, id, user.id(), rating).await.or_fail(&ctx, ACTION)? {
        drop(tx);
        let code = if t.rating.is_some() { "already_rated" } else { "not_resolved" };
        let e = AppError::Conflict { field: "rating".into(), code: code.into() };
        return Err(ctx.refuse(Some(&user), ACTION, e, code).await);
    }
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({ "rating": rating });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(())
}
