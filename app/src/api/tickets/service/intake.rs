//! Asking for help: what the form offers, and a ticket opened with its files (from the page, or
//! from an e-mail in the sender's name).

use super::*;

/// The person `id` when the user may read them (and so attach them to a ticket); `None` when
/// they may not or there is no such person.
pub(super) async fn attachable_person(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    id: i64,
) -> Result<Option<crate::store::persons::PersonRow>, AppError> {
    match ctx.state.store.person(id).await {
        Ok(p) if user.may(Permission::ViewPersons, Some(&p.path())) => Ok(Some(p)),
        Ok(_) | Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(ctx.fail(action, e)),
    }
}

pub async fn help(case_id: Option<i64>, person_id: Option<i64>) -> Result<HelpView, AppError> {
    const ACTION: &str = "tickets.help";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let categories = categories(&ctx, &user, ACTION).await?;
    let case = match case_id {
        Some(id) => match ctx.state.store.case(id).await {
            Ok(c) if user.may(Permission::ViewPersons, Some(&c.path())) => Some((c.id, c.number)),
            Ok(_) | Err(StoreError::NotFound) => None,
            Err(e) => return Err(ctx.fail(ACTION, e)),
        },
        None => None,
    };
    let person = match person_id {
        Some(id) => attachable_person(&ctx, &user, ACTION, id)
            .await?
            .map(|p| (p.id, crate::domain::names::display_name(&p.last_name, &p.first_name))),
        None => None,
    };
    Ok(HelpView {
        categories,
        case,
        person,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        file_max_bytes: ctx.state.config.attachment_max_bytes,
    })
}

/// The files a new ticket or a message names, and the refusal a plain post's files met.
#[derive(Clone, Debug, Default)]
pub struct SentFiles {
    pub files: Vec<String>,
    pub file_error: Option<String>,
}

impl SentFiles {
    /// The ids of the files, or the error at `files`.
    pub(super) fn ids(&self) -> Result<Vec<i64>, crate::domain::FieldError> {
        if let Some(code) = self.file_error.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            let code = if service::files::FILE_ERRORS.contains(&code) { code } else { "upload_failed" };
            return Err(crate::domain::FieldError::new("files", code));
        }
        parse_file_ids(&self.files)
    }
}

/// Sends the files `ids` with message `message` of ticket `ticket`, once each is known to be one
/// `user` sent for a message still to be written; else refuses at `files` (the transaction is
/// dropped: nothing is written).
#[allow(clippy::too_many_arguments)]
pub(super) async fn send_files(
    ctx: &Ctx,
    mut tx: crate::store::Tx,
    user: &CurrentUser,
    action: &str,
    ticket: i64,
    message: i64,
    ids: &[i64],
) -> Result<crate::store::Tx, AppError> {
    if ids.is_empty() {
        return Ok(tx);
    }
    if !service::files::all_unsent(ctx, &mut tx, user, action, ids).await? {
        drop(tx);
        return Err(ctx.refuse(Some(user), action, AppError::invalid("files", "unknown_file"), "files").await);
    }
    crate::store::ticket_files::send_with(&mut tx, ticket, message, ids).await.or_fail(ctx, action)?;
    Ok(tx)
}

#[allow(clippy::too_many_arguments)]
pub async fn create(
    subject: String,
    body: String,
    category: String,
    page: Option<String>,
    case_id: Option<i64>,
    attach_case: bool,
    person_id: Option<i64>,
    attach_person: bool,
    sent: SentFiles,
) -> Result<i64, AppError> {
    let ctx = Ctx::current()?;
    let user = ctx.require_user("tickets.create").await?;
    let n = New { channel: "in_app", subject, body, category, page, case_id, attach_case, person_id, attach_person };
    let id = create_as(&ctx, &user, n, sent).await?;
    leptos_axum::redirect(&format!("/support/{id}"));
    Ok(id)
}

/// What a user's new ticket holds (see [`create`]).
pub struct New {
    /// `in_app`, or `email` for a ticket taken in from the support mailbox.
    pub channel: &'static str,
    pub subject: String,
    pub body: String,
    pub category: String,
    pub page: Option<String>,
    pub case_id: Option<i64>,
    pub attach_case: bool,
    pub person_id: Option<i64>,
    pub attach_person: bool,
}

/// Opens `user`'s ticket: checked, written, audited, its assignee (in turn) told.
pub async fn create_as(ctx: &Ctx, user: &CurrentUser, n: New, sent: SentFiles) -> Result<i64, AppError> {
    const ACTION: &str = "tickets.create";
    let New { channel, subject, body, category, page, case_id, attach_case, person_id, attach_person } = n;
    let (texts, mut errors) = match validate_new_ticket(&subject, &body) {
        Ok(t) => (Some(t), FieldErrors::new()),
        Err(e) => (None, e),
    };
    let cats = categories(ctx, user, ACTION).await?;
    if !cats.iter().any(|c| c.code == category) {
        errors.push("category", if category.trim().is_empty() { "required" } else { "invalid_choice" });
    }
    let files = errors.check(sent.ids()).unwrap_or_default();
    let (Some((subject, body)), true) = (texts, errors.is_empty()) else {
        return Err(ctx.refuse(Some(user), ACTION, AppError::Invalid(errors), "invalid").await);
    };
    let case_id = match (attach_case, case_id) {
        (true, Some(id)) => match ctx.state.store.case(id).await {
            Ok(c) if user.may(Permission::ViewPersons, Some(&c.path())) => Some(c.id),
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ctx.refuse(Some(user), ACTION, AppError::Forbidden, "case").await);
            }
            Err(e) => return Err(ctx.fail(ACTION, e)),
        },
        _ => None,
    };
    let person_id = match (attach_person, person_id) {
        (true, Some(id)) => match attachable_person(ctx, user, ACTION, id).await? {
            Some(p) => Some(p.id),
            None => return Err(ctx.refuse(Some(user), ACTION, AppError::Forbidden, "person").await),
        },
        _ => None,
    };
    let page = clean_page(page);
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, ACTION)?;
    let cal = calendar_tx(ctx, &mut tx, ACTION).await?;
    let n = tk::NewTicket {
        reporter_id: Some(user.id()),
        caller_name: None,
        caller_phone: None,
        caller_person_id: None,
        channel,
        category: &category,
        priority: TicketPriority::Normal,
        subject: &subject,
        body: &body,
        page: page.as_deref(),
        app_version: (channel == "in_app").then_some(env!("CARGO_PKG_VERSION")),
        case_id,
        person_id,
        from_name: &user.row.full_name,
        actor: user.id(),
        taken_by: None,
        territory: &user.territory(),
    };
    let tk::Created { id, number, assigned, message } = tk::create(&mut tx, &n, &cal).await.or_fail(ctx, ACTION)?;
    let mut tx = send_files(ctx, tx, user, ACTION, id, message, &files).await?;
    let mut ev = ctx.event(Some(user), ACTION, Outcome::Done);
    ev.object_type = Some("ticket".into());
    ev.object_id = Some(id.to_string());
    ev.details = serde_json::json!({
        "number": number, "channel": channel, "category": category, "case_id": case_id, "person_id": person_id, "page": page,
        "assigned_in_turn": assigned, "files": files,
    });
    audit::append(&mut tx, &ev).await.or_fail(ctx, ACTION)?;
    if let Some(a) = assigned {
        al::notify_ticket(&mut tx, a, NotificationKind::TicketAssigned, id, None).await.or_fail(ctx, ACTION)?;
    }
    tx.commit().await.or_fail(ctx, ACTION)?;
    if let Some(a) = assigned {
        ctx.state.live.poke(a);
    }
    Ok(id)
}
