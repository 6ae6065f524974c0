//! The call center: finding the caller, and a call registered as a ticket.

use super::*;

/// How many persons a caller lookup lists at most.
pub(super) const CALLER_MATCHES: i64 = 10;

pub(super) fn caller_view(r: tk::CallerMatchRow) -> CallerMatchView {
    use chrono::Datelike;
    CallerMatchView {
        id: r.id,
        name: crate::domain::names::display_name(&r.last_name, &r.first_name),
        birth_year: r.birth_date.year(),
        territory: r.territory_name,
    }
}

pub async fn find_caller(idnp: Option<String>, phone: Option<String>) -> Result<Vec<CallerMatchView>, AppError> {
    const ACTION: &str = "tickets.find_caller";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let (idnp, phone) = (opt(idnp), opt(phone));
    let mut errors = FieldErrors::new();
    if idnp.is_none() && phone.is_none() {
        errors.push("idnp", "required");
    }
    let idnp = idnp.and_then(|v| errors.check(crate::domain::idnp::Idnp::parse(&v)));
    let phone = phone.and_then(|v| errors.check(crate::domain::user::parse_phone("phone", &v)).flatten());
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let territory = user.territory();
    let within = territory.as_str();
    let rows =
        tk::callers(ctx.state.store.db(), within, idnp.as_ref().map(|i| i.as_str()), phone.as_deref(), CALLER_MATCHES)
            .await
            .or_fail(&ctx, ACTION)?;
    // A lookup of personal data: who looked, how, and whom they found.
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("person".into());
    ev.details = serde_json::json!({
        "by_idnp": idnp.is_some(),
        "by_phone": phone.is_some(),
        "found": rows.iter().map(|r| r.id).collect::<Vec<_>>(),
    });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(rows.into_iter().map(caller_view).collect())
}

#[allow(clippy::too_many_arguments)]
pub async fn register_call(
    caller_name: String,
    caller_phone: Option<String>,
    person_id: Option<String>,
    category: String,
    priority: Option<String>,
    subject: String,
    body: String,
) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.call";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let (texts, mut errors) = match validate_new_ticket(&subject, &body) {
        Ok(t) => (Some(t), FieldErrors::new()),
        Err(e) => (None, e),
    };
    let name = errors.check(crate::domain::user::parse_name("caller_name", &caller_name));
    let phone = errors.check(crate::domain::user::parse_phone("caller_phone", caller_phone.as_deref().unwrap_or("")));
    let cats = categories(&ctx, &user, ACTION).await?;
    if !cats.iter().any(|c| c.code == category) {
        errors.push("category", if category.trim().is_empty() { "required" } else { "invalid_choice" });
    }
    let person_id = match opt(person_id).map(|p| p.parse::<i64>()) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => {
            errors.push("person_id", "invalid_choice");
            None
        }
    };
    let priority = match opt(priority) {
        None => Some(TicketPriority::Normal),
        Some(p) => TicketPriority::parse_db(&p),
    };
    if priority.is_none() {
        errors.push("priority", "invalid_choice");
    }
    let (Some((subject, body)), Some(name), Some(phone), Some(priority), true) =
        (texts, name, phone, priority, errors.is_empty())
    else {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    // The person linked must be one the agent may find: registered in their territory. The
    // ticket belongs to the person's territory, else to the agent's.
    let mut territory = user.territory();
    if let Some(pid) = person_id {
        match tk::caller(ctx.state.store.db(), pid).await {
            Ok(p) if TerritoryPath::parse(&p.territory_path).is_some_and(|t| user.territory().contains(&t)) => {
                territory = TerritoryPath::parse(&p.territory_path).unwrap_or(territory);
            }
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "person").await);
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        }
    }
    let from = match phone.as_deref() {
        Some(p) => format!("{name} {p}"),
        None => name.clone(),
    };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let cal = calendar_tx(&ctx, &mut tx, ACTION).await?;
    let n = tk::NewTicket {
        reporter_id: None,
        caller_name: Some(&name),
        caller_phone: phone.as_deref(),
        caller_person_id: person_id,
        channel: "call_center",
        category: &category,
        priority,
        subject: &subject,
        body: &body,
        page: None,
        app_version: None,
        case_id: None,
        person_id: None,
        from_name: &from,
        actor: user.id(),
        taken_by: Some(user.id()),
        territory: &territory,
    };
    let tk::Created { id, number, .. } = tk::create(&mut tx, &n, &cal).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({
        "number": number, "category": category, "priority": priority.as_str(), "person_id": person_id,
    });
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    leptos_axum::redirect(&format!("/support/{id}"));
    Ok(id)
}
