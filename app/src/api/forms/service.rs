//! The server side of the forms area. The bodies take the request context as an argument, so
//! that the plain HTML post of a form (`POST /forms/{id}`, see [`post`]) runs the very same
//! code, authorisation and audit included.

use super::*;
use crate::api::access::{on_case, supervises, visible, works_on};
use crate::api::history::with_changed_fields;
use crate::api::local_time;
use crate::domain::deadlines::NotificationKind;
use crate::domain::form::{clean, validate, Mode, StandardForm, SubmissionStatus};
use crate::domain::{FieldErrors, Permission};
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::cases::{self as cs, CaseRow, TransitionError};
use crate::store::forms::{self as fs, NewSubmission, SubmissionRow};
use crate::store::history::ObjectType;
use crate::store::{audit, AuditEvent, Outcome, StoreError, Tx};

pub mod definition_post;
mod definitions;
pub mod files;
pub mod post;
mod view;

pub use definitions::{get_definition, list_definitions, new_definition_version, publish_definition, save_definition};
use view::{form_context, submission_view, summaries, Names};

/// The audit event of something `user` did to submission `id`.
fn on_submission(ctx: &Ctx, user: &CurrentUser, action: &str, row: &SubmissionRow) -> AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("form_submission".into());
    ev.object_id = Some(row.id.to_string());
    ev.details = serde_json::json!({
        "case": row.case_id, "form": row.form_code, "revision": row.revision,
        "status": row.status, "version": row.version,
    });
    ev
}

fn conflict(field: &str, code: &str) -> AppError {
    AppError::Conflict { field: field.into(), code: code.into() }
}

/// A submission with its case, loaded for a caller who may see the case.
struct Loaded {
    user: CurrentUser,
    case: CaseRow,
    sub: SubmissionRow,
    form: StandardForm,
}

/// Loads a submission and its case for a caller allowed to read the case.
async fn readable(ctx: &Ctx, action: &str, id: i64) -> Result<Loaded, AppError> {
    let sub = match ctx.state.store.submission(id).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => {
            let user = ctx.authorize(action, Permission::ViewPersons, None).await?;
            return Err(ctx.refuse(Some(&user), action, AppError::NotFound, "no such form").await);
        }
        Err(e) => return Err(ctx.fail(action, e)),
    };
    let (user, case) = visible(ctx, action, sub.case_id).await?;
    let Some(form) = sub.form() else { return Err(ctx.fail(action, StoreError::NotFound)) };
    Ok(Loaded { user, case, sub, form })
}

/// Like [`readable`], for a caller who works on the case: its manager or its supervisor.
async fn workable(ctx: &Ctx, action: &str, id: i64) -> Result<Loaded, AppError> {
    let l = readable(ctx, action, id).await?;
    if !works_on(&l.user, &l.case) {
        return Err(ctx.refuse(Some(&l.user), action, AppError::Forbidden, "not the case manager").await);
    }
    Ok(l)
}

/// Parses answers sent as JSON: `answers: invalid` when they are not answers at all.
fn parse_answers(raw: &str) -> Result<Answers, AppError> {
    serde_json::from_str(raw).map_err(|_| AppError::invalid("answers", "invalid"))
}

/// The answer keys whose values differ between `a` and `b`.
fn differing(a: &Answers, b: &Answers) -> Vec<String> {
    let mut keys: Vec<String> = a.0.keys().chain(b.0.keys()).filter(|k| a.get(k) != b.get(k)).cloned().collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Maps a failed change to the caller's error. A stale version names the answers that differ
/// from the ones sent (when sent), or the fields changed since the caller's version.
async fn change_failed(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    id: i64,
    version: i64,
    sent: Option<&Answers>,
    e: TransitionError,
) -> AppError {
    let e = match e {
        TransitionError::Refused(code) => {
            return ctx.refuse(Some(user), action, AppError::invalid("action", code), code).await
        }
        TransitionError::Store(e) => ctx.failed(Some(user), action, e).await,
    };
    match (e, sent) {
        (AppError::StaleVersion { changed_by, changed_at, .. }, Some(sent)) => {
            let fields = match ctx.state.store.submission(id).await {
                Ok(stored) => differing(&stored.answers(), sent),
                Err(_) => Vec::new(),
            };
            AppError::StaleVersion { changed_by, changed_at, fields }
        }
        (e, _) => with_changed_fields(ctx, ObjectType::FormSubmission, id, version, e).await,
    }
}

/// Opens the transaction of a change and loads the submission at `version`.
async fn begin(
    ctx: &Ctx,
    l: &Loaded,
    action: &str,
    version: i64,
    sent: Option<&Answers>,
) -> Result<(Tx, SubmissionRow), AppError> {
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, action)?;
    match fs::load_for_change(&mut tx, l.sub.id, version).await {
        Ok(row) => Ok((tx, row)),
        Err(e) => {
            drop(tx);
            Err(change_failed(ctx, &l.user, action, l.sub.id, version, sent, TransitionError::Store(e)).await)
        }
    }
}

/// Takes the case step a form's submit or decision takes, in the same transaction, and audits it.
async fn case_step(
    ctx: &Ctx,
    tx: &mut Tx,
    user: &CurrentUser,
    case_id: i64,
    step: crate::domain::case::CaseAction,
    reason: Option<&str>,
) -> Result<CaseRow, TransitionError> {
    let before = cs::load(tx, case_id).await?;
    let saved = crate::store::case_change::apply(tx, &before, step, reason, user.id()).await?;
    let mut ev = on_case(ctx, user, &format!("cases.{}", step.as_str()), case_id);
    ev.details = serde_json::json!({ "status": saved.status, "version": saved.version, "through_form": true });
    audit::append(tx, &ev).await?;
    Ok(saved)
}

fn saved_view(row: &SubmissionRow) -> SavedView {
    SavedView { version: row.version, saved_at: local_time(row.updated_at), status: row.status.clone() }
}

pub async fn case_forms(case_id: i64) -> Result<CaseFormsView, AppError> {
    const ACTION: &str = "forms.case";
    let ctx = Ctx::current()?;
    let (user, case) = visible(&ctx, ACTION, case_id).await?;
    let store = &ctx.state.store;
    let rows = store.submissions_of_case(case_id, None).await.or_fail(&ctx, ACTION)?;
    let mut names = Names::default();
    let live: Vec<&SubmissionRow> = rows.iter().filter(|r| r.status() != SubmissionStatus::Superseded).collect();
    let items = summaries(&ctx, &mut names, ACTION, &live).await?;
    let mut can_start = Vec::new();
    if works_on(&user, &case) {
        for f in StandardForm::ALL {
            let held = live.iter().any(|r| r.form_code == f.code());
            if !f.startable_in(case.status()) || (held && !f.repeatable()) {
                continue;
            }
            if let Some(d) = store.published_definition(f.code()).await.or_fail(&ctx, ACTION)? {
                let title = d.definition().map(|d| d.title).unwrap_or_default();
                can_start.push(StartableView { form: f.code().to_owned(), title });
            }
        }
    }
    let mut ev = on_case(&ctx, &user, ACTION, case_id);
    ev.details = serde_json::json!({ "forms": items.len() });
    store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(CaseFormsView { case_id, items, can_start })
}

pub async fn start_form(case_id: i64, form: String) -> Result<i64, AppError> {
    const ACTION: &str = "forms.start";
    let ctx = Ctx::current()?;
    let (user, case) = visible(&ctx, ACTION, case_id).await?;
    if !works_on(&user, &case) {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Forbidden, "not the case manager").await);
    }
    let form = match StandardForm::parse(&form) {
        Ok(f) => f,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, e.into(), "invalid").await),
    };
    if !form.startable_in(case.status()) {
        return Err(ctx.refuse(Some(&user), ACTION, conflict("form", "not_now"), "not_now").await);
    }
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    // Starting the initial assessment of an open case starts the assessment, in the same
    // transaction (and audited as that step).
    if let Some(step) = form.entry_step(case.status()) {
        if let Err(e) = case_step(&ctx, &mut tx, &user, case_id, step, None).await {
            drop(tx);
            return Err(match e {
                TransitionError::Refused(code) => ctx.refuse(Some(&user), ACTION, conflict("form", code), code).await,
                TransitionError::Store(e) => ctx.failed(Some(&user), ACTION, e).await,
            });
        }
    }
    if !form.repeatable() {
        let held = fs::of_case_in(&mut tx, case_id, Some(form.code())).await.or_fail(&ctx, ACTION)?;
        let live: Vec<&SubmissionRow> = held.iter().filter(|r| r.status() != SubmissionStatus::Superseded).collect();
        if let Some(open) = live.iter().find(|r| r.status().is_editable()) {
            return Ok(open.id);
        }
        if !live.is_empty() {
            drop(tx);
            return Err(ctx.refuse(Some(&user), ACTION, conflict("form", "exists"), "exists").await);
        }
    }
    let Some(def) = fs::newest_published(&mut tx, form.code()).await.or_fail(&ctx, ACTION)? else {
        drop(tx);
        return Err(ctx.refuse(Some(&user), ACTION, conflict("form", "no_definition"), "no definition").await);
    };
    let new = NewSubmission {
        case_id,
        form,
        definition_version: def.version,
        revision: 1,
        previous_id: None,
        answers: &Answers::default(),
        actor: user.id(),
    };
    let row = fs::start(&mut tx, &new).await.or_fail(&ctx, ACTION)?;
    audit::append(&mut tx, &on_submission(&ctx, &user, ACTION, &row)).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(row.id)
}

pub async fn get_form(id: i64) -> Result<SubmissionView, AppError> {
    const ACTION: &str = "forms.view";
    let ctx = Ctx::current()?;
    let l = readable(&ctx, ACTION, id).await?;
    let view = submission_view(&ctx, ACTION, &l).await?;
    ctx.state.store.audit(&on_submission(&ctx, &l.user, ACTION, &l.sub)).await.or_fail(&ctx, ACTION)?;
    Ok(view)
}

/// What a save and a submit both start with: the caller works on the case, the answers could be
/// read, the form is still editable; and the definition it is pinned to.
async fn editable(
    ctx: &Ctx,
    action: &str,
    id: i64,
    answers: Result<Answers, AppError>,
) -> Result<(Loaded, Answers, crate::domain::form::FormDefinition), AppError> {
    let l = workable(ctx, action, id).await?;
    let answers = match answers {
        Ok(a) => a,
        Err(e) => return Err(ctx.refuse(Some(&l.user), action, e, "invalid").await),
    };
    if !l.sub.status().is_editable() {
        return Err(ctx.refuse(Some(&l.user), action, conflict("answers", "read_only"), "read_only").await);
    }
    let def = view::definition_of(ctx, action, &l.sub).await?;
    Ok((l, answers, def))
}

pub async fn save_draft(id: i64, version: i64, answers: String) -> Result<SavedView, AppError> {
    let ctx = Ctx::current()?;
    let answers = parse_answers(&answers);
    save_in(&ctx, id, version, answers).await
}

/// Saves a draft's answers (or refuses answers that could not be read) for the caller of `ctx`.
pub(crate) async fn save_in(
    ctx: &Ctx,
    id: i64,
    version: i64,
    answers: Result<Answers, AppError>,
) -> Result<SavedView, AppError> {
    const ACTION: &str = "forms.save";
    let (l, answers, def) = editable(ctx, ACTION, id, answers).await?;
    let mut errors = crate::domain::form::structure(&def, &answers);
    if errors.is_empty() {
        // A file of another case is never shown through this one.
        errors = files::foreign_files(ctx, ACTION, l.case.id, &def, &answers).await?;
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&l.user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let (mut tx, before) = begin(ctx, &l, ACTION, version, Some(&answers)).await?;
    if !before.status().is_editable() {
        drop(tx);
        return Err(ctx.refuse(Some(&l.user), ACTION, conflict("answers", "read_only"), "read_only").await);
    }
    let saved = match fs::save_answers(&mut tx, &before, &answers, l.user.id()).await {
        Ok(s) => s,
        Err(e) => {
            drop(tx);
            return Err(change_failed(ctx, &l.user, ACTION, id, version, Some(&answers), e.into()).await);
        }
    };
    audit::append(&mut tx, &on_submission(ctx, &l.user, ACTION, &saved)).await.or_fail(ctx, ACTION)?;
    tx.commit().await.or_fail(ctx, ACTION)?;
    Ok(saved_view(&saved))
}

pub async fn submit_form(id: i64, version: i64, answers: String) -> Result<SavedView, AppError> {
    let ctx = Ctx::current()?;
    let answers = parse_answers(&answers);
    submit_in(&ctx, id, version, answers).await
}

/// Checks the answers in full and submits them, taking the case step the form takes.
pub(crate) async fn submit_in(
    ctx: &Ctx,
    id: i64,
    version: i64,
    answers: Result<Answers, AppError>,
) -> Result<SavedView, AppError> {
    const ACTION: &str = "forms.submit";
    let (l, answers, def) = editable(ctx, ACTION, id, answers).await?;
    if !l.form.fillable_in(l.case.status()) {
        return Err(ctx.refuse(Some(&l.user), ACTION, conflict("form", "not_now"), "not_now").await);
    }
    let fctx = form_context(ctx, ACTION, &l.case, &def).await?;
    let mut errors = validate(&def, &answers, &fctx, Mode::Submit);
    if errors.is_empty() {
        errors = files::foreign_files(ctx, ACTION, l.case.id, &def, &answers).await?;
    }
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&l.user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let cleaned = clean(&def, &answers);
    let (mut tx, before) = begin(ctx, &l, ACTION, version, Some(&answers)).await?;
    if !before.status().is_editable() {
        drop(tx);
        return Err(ctx.refuse(Some(&l.user), ACTION, conflict("answers", "read_only"), "read_only").await);
    }
    let result: Result<SubmissionRow, TransitionError> = async {
        let saved = fs::submit(&mut tx, &before, &cleaned, l.user.id()).await?;
        if let Some(previous) = before.previous_id {
            let old = fs::supersede(&mut tx, previous, id, l.user.id()).await?;
            audit::append(&mut tx, &on_submission(ctx, &l.user, "forms.supersede", &old)).await?;
        }
        if let Some(step) = l.form.on_submit() {
            let reason = closure_reason(&def, &cleaned);
            case_step(ctx, &mut tx, &l.user, l.case.id, step, reason.as_deref()).await?;
            let code = cleaned.text("closure_reason").trim();
            if step == crate::domain::case::CaseAction::ProposeClosure && !code.is_empty() {
                crate::store::case_steps::set_reason(&mut tx, l.case.id, code).await?;
            }
        }
        risk_from(ctx, &mut tx, &l.user, l.case.id, &def, &cleaned).await?;
        // An assessment the supervisors decide nothing on is still theirs to know of.
        if l.form.tells_supervisors() {
            let case = cs::load(&mut tx, l.case.id).await?;
            crate::store::alerts::notify_supervisors(
                &mut tx,
                &case,
                NotificationKind::FormSubmitted,
                l.user.id(),
                Some(l.form.code()),
            )
            .await?;
        }
        Ok::<_, TransitionError>(saved)
    }
    .await;
    let saved = match result {
        Ok(s) => s,
        Err(e) => {
            drop(tx);
            return Err(change_failed(ctx, &l.user, ACTION, id, version, Some(&answers), e).await);
        }
    };
    audit::append(&mut tx, &on_submission(ctx, &l.user, ACTION, &saved)).await.or_fail(ctx, ACTION)?;
    tx.commit().await.or_fail(ctx, ACTION)?;
    Ok(saved_view(&saved))
}

/// An assessment's (or a plan review's) risk level becomes the case's, in the submit's
/// transaction, with its history and audit; a form without one, or the same level, changes
/// nothing.
async fn risk_from(
    ctx: &Ctx,
    tx: &mut Tx,
    user: &CurrentUser,
    case_id: i64,
    def: &FormDefinition,
    answers: &Answers,
) -> Result<(), TransitionError> {
    use crate::domain::case::RiskLevel;
    if def.field("risk_level").is_none() {
        return Ok(());
    }
    let Ok(risk) = RiskLevel::parse(answers.text("risk_level").trim()) else { return Ok(()) };
    let before = cs::load(tx, case_id).await?;
    if before.risk() == risk && before.risk_level == risk.as_str() {
        return Ok(());
    }
    let reason = format!("{}: {}", def.title.get("ro"), risk.as_str());
    let saved = crate::store::case_change::set_risk(tx, &before, risk, Some(&reason), user.id()).await?;
    let mut ev = on_case(ctx, user, "cases.risk", case_id);
    ev.details = serde_json::json!({ "risk": saved.risk_level, "version": saved.version, "through_form": def.code });
    audit::append(tx, &ev).await?;
    Ok(())
}

/// The reason a closure proposal records on the case: the chosen closure reason (its Romanian
/// label) and its details, as the closure form holds them; a form without them gives its
/// `reason` answer, or a pointer to the form.
fn closure_reason(def: &FormDefinition, answers: &Answers) -> Option<String> {
    use crate::domain::form::definition::Choices;
    use crate::domain::form::FieldKind;
    let chosen = answers.text("closure_reason").trim();
    let label = def.field("closure_reason").and_then(|f| match &f.kind {
        FieldKind::Choice { options: Choices::Inline(o), .. } => {
            o.iter().find(|o| o.code == chosen).map(|o| o.label.get("ro").to_owned())
        }
        _ => None,
    });
    let parts: Vec<String> =
        [label, Some(answers.text("reason_details").trim().to_owned()), Some(answers.text("reason").trim().to_owned())]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
    let text = if parts.is_empty() { "closure form".to_owned() } else { parts.join(": ") };
    Some(text.chars().take(1000).collect())
}

/// True when `row` can be corrected by a new revision now: submitted (or approved) and the
/// form is fillable at the case's stage; a form that needs approval once it is approved.
fn revisable(form: StandardForm, case: &CaseRow, row: &SubmissionRow) -> bool {
    let status_ok = if form.needs_approval() {
        row.status() == SubmissionStatus::Approved
    } else {
        matches!(row.status(), SubmissionStatus::Submitted | SubmissionStatus::Approved)
    };
    status_ok && form.fillable_in(case.status())
}

pub async fn revise_form(id: i64, version: i64) -> Result<i64, AppError> {
    const ACTION: &str = "forms.revise";
    let ctx = Ctx::current()?;
    let l = workable(&ctx, ACTION, id).await?;
    if !revisable(l.form, &l.case, &l.sub) {
        return Err(ctx.refuse(Some(&l.user), ACTION, conflict("form", "not_now"), "not_now").await);
    }
    let (mut tx, before) = begin(&ctx, &l, ACTION, version, None).await?;
    let all = fs::of_case_in(&mut tx, l.case.id, Some(&before.form_code)).await.or_fail(&ctx, ACTION)?;
    if all.iter().any(|r| r.previous_id == Some(id) && r.status() != SubmissionStatus::Superseded) {
        drop(tx);
        return Err(ctx.refuse(Some(&l.user), ACTION, conflict("form", "exists"), "exists").await);
    }
    let new = NewSubmission {
        case_id: before.case_id,
        form: l.form,
        definition_version: before.definition_version,
        revision: before.revision + 1,
        previous_id: Some(id),
        answers: &before.answers(),
        actor: l.user.id(),
    };
    let row = fs::start(&mut tx, &new).await.or_fail(&ctx, ACTION)?;
    audit::append(&mut tx, &on_submission(&ctx, &l.user, ACTION, &row)).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(row.id)
}

pub async fn decide_form(id: i64, version: i64, approve: bool, comment: String) -> Result<(), AppError> {
    let action = if approve { "forms.approve" } else { "forms.return" };
    let ctx = Ctx::current()?;
    let l = readable(&ctx, action, id).await?;
    if !supervises(&l.user, &l.case) {
        return Err(ctx.refuse(Some(&l.user), action, AppError::Forbidden, "not supervisor").await);
    }
    if !l.form.needs_approval() || l.sub.status() != SubmissionStatus::Submitted {
        return Err(ctx.refuse(Some(&l.user), action, conflict("form", "not_now"), "not_now").await);
    }
    let comment = match crate::domain::user::parse_optional_text("comment", &comment, 1000) {
        Ok(None) if !approve => {
            return Err(ctx.refuse(Some(&l.user), action, AppError::invalid("comment", "required"), "invalid").await)
        }
        Ok(c) => c,
        Err(e) => return Err(ctx.refuse(Some(&l.user), action, e.into(), "invalid").await),
    };
    let (mut tx, before) = begin(&ctx, &l, action, version, None).await?;
    let result: Result<SubmissionRow, TransitionError> = async {
        let saved = fs::decide(&mut tx, &before, approve, comment.as_deref(), l.user.id()).await?;
        if let Some(manager) = l.case.manager_id {
            use crate::domain::deadlines::NotificationKind;
            let kind = if approve { NotificationKind::FormApproved } else { NotificationKind::FormReturned };
            let form = Some(l.form.code());
            crate::store::alerts::notify(&mut tx, manager, kind, Some(l.case.id), Some(l.user.id()), form).await?;
        }
        if let Some(step) = l.form.on_decision(approve) {
            case_step(&ctx, &mut tx, &l.user, l.case.id, step, comment.as_deref()).await?;
        }
        Ok::<_, TransitionError>(saved)
    }
    .await;
    let saved = match result {
        Ok(s) => s,
        Err(e) => {
            drop(tx);
            return Err(change_failed(&ctx, &l.user, action, id, version, None, e).await);
        }
    };
    audit::append(&mut tx, &on_submission(&ctx, &l.user, action, &saved)).await.or_fail(&ctx, action)?;
    tx.commit().await.or_fail(&ctx, action)?;
    Ok(())
}
