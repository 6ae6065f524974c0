//! Form definitions, for administrators: list, read, save a draft version, publish it.
//! Administrators see the forms' structure, never a case's answers.

use super::*;
use crate::domain::form::check_definition;
use crate::domain::form::definition::ChoiceOption;
use crate::domain::form::{FormContext, HouseholdMember, Label};
use crate::server::OrFail;
use crate::store::forms::{DefinitionError, DefinitionRow};
use chrono::Datelike;
use std::collections::BTreeMap;

fn on_definition(ctx: &Ctx, user: &CurrentUser, action: &str, row: &DefinitionRow) -> AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("form_definition".into());
    ev.object_id = Some(row.id.to_string());
    ev.details = serde_json::json!({ "code": row.code, "version": row.version, "status": row.status });
    ev
}

fn view(ctx: &Ctx, action: &str, row: &DefinitionRow) -> Result<DefinitionView, AppError> {
    Ok(DefinitionView {
        definition: row.definition().or_fail(ctx, action)?,
        status: row.status.clone(),
        row_version: row.row_version,
    })
}

/// What a preview of a definition is checked against: today, a referral a month ago, and a
/// made-up household of two, with every classifier a choice may read.
async fn preview_context(ctx: &Ctx, action: &str) -> Result<FormContext, AppError> {
    let today = crate::api::today();
    let mut classifiers = BTreeMap::new();
    for kind in crate::domain::classifier::KINDS {
        let rows = ctx.state.store.classifier(kind).await.or_fail(ctx, action)?;
        let options = rows
            .into_iter()
            .map(|r| ChoiceOption { code: r.code, label: Label::new(&r.name_en, &r.name_ro, &r.name_ru) })
            .collect();
        classifiers.insert((*kind).to_owned(), options);
    }
    let born = |years: i32| today.with_year(today.year() - years);
    Ok(FormContext {
        today,
        referral_date: today.checked_sub_days(chrono::Days::new(30)),
        birth_date: born(34),
        household: vec![
            HouseholdMember { id: 1, name: "Ana Exemplu".into(), birth_date: born(34) },
            HouseholdMember { id: 2, name: "Ion Exemplu".into(), birth_date: born(9) },
        ],
        classifiers,
    })
}

/// The standard form a definition code names: `code: invalid_choice` otherwise.
pub(super) fn form_code(raw: &str) -> Result<StandardForm, AppError> {
    StandardForm::parse(raw).map_err(|e| AppError::invalid("code", &e.code))
}

async fn definition_failed(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    id: Option<i64>,
    version: i64,
    e: DefinitionError,
) -> AppError {
    match e {
        DefinitionError::NotDraft => {
            ctx.refuse(Some(user), action, conflict("version", "published"), "published").await
        }
        DefinitionError::Store(e) => {
            let e = ctx.failed(Some(user), action, e).await;
            match id {
                Some(id) => with_changed_fields(ctx, ObjectType::FormDefinition, id, version, e).await,
                None => e,
            }
        }
    }
}

pub async fn list_definitions() -> Result<Vec<DefinitionSummaryView>, AppError> {
    const ACTION: &str = "forms.definitions";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ManageClassifiers, None).await?;
    let rows = ctx.state.store.definitions().await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "versions": rows.len() });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(rows
        .iter()
        .map(|r| {
            let def = r.definition().ok();
            DefinitionSummaryView {
                code: r.code.clone(),
                version: u32::try_from(r.version).unwrap_or_default(),
                status: r.status.clone(),
                title: def.as_ref().map(|d| d.title.clone()).unwrap_or_default(),
                field_count: def.as_ref().map(FormDefinition::field_count).unwrap_or_default(),
                published_at: r.published_at.map(local_time),
            }
        })
        .collect())
}

pub async fn get_definition(code: String, version: Option<u32>) -> Result<DefinitionPageView, AppError> {
    const ACTION: &str = "forms.definition";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ManageClassifiers, None).await?;
    let row = match ctx.state.store.definition(code.trim(), version.map(i64::from)).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
    };
    let out = DefinitionPageView { version: view(&ctx, ACTION, &row)?, preview: preview_context(&ctx, ACTION).await? };
    ctx.state.store.audit(&on_definition(&ctx, &user, ACTION, &row)).await.or_fail(&ctx, ACTION)?;
    Ok(out)
}

pub async fn save_definition(code: String, row_version: i64, body: String) -> Result<DefinitionView, AppError> {
    const ACTION: &str = "forms.definition_save";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ManageClassifiers, None).await?;
    let form = match form_code(&code) {
        Ok(f) => f,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, e, "invalid").await),
    };
    let def: FormDefinition = match serde_json::from_str(&body) {
        Ok(d) => d,
        Err(_) => return Err(ctx.refuse(Some(&user), ACTION, AppError::invalid("body", "invalid"), "invalid").await),
    };
    save_in(&ctx, &user, form, row_version, def).await
}

/// Saves `def` as a draft version of `form`: a new version when `row_version` is 0, otherwise
/// the draft version the body names (or the newest), based on `row_version`.
pub(super) async fn save_in(
    ctx: &Ctx,
    user: &CurrentUser,
    form: StandardForm,
    row_version: i64,
    mut def: FormDefinition,
) -> Result<DefinitionView, AppError> {
    const ACTION: &str = "forms.definition_save";
    def.code = form.code().to_owned();
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, ACTION)?;
    let saved = if row_version == 0 {
        fs::add_definition(&mut tx, &def, user.id()).await.map_err(DefinitionError::from)
    } else {
        // The draft being edited is the body's version, or the newest one.
        let version = match def.version {
            0 => ctx.state.store.definition(form.code(), None).await.map(|r| r.version),
            v => Ok(i64::from(v)),
        };
        match version {
            Err(e) => Err(DefinitionError::from(e)),
            Ok(v) => match fs::definition_for_change(&mut tx, form.code(), v, row_version).await {
                Ok(before) => fs::update_definition(&mut tx, &before, &def, user.id()).await,
                Err(e) => Err(e),
            },
        }
    };
    let saved = match saved {
        Ok(s) => s,
        Err(e) => {
            drop(tx);
            let id = ctx.state.store.definition(form.code(), Some(i64::from(def.version))).await.ok().map(|r| r.id);
            return Err(definition_failed(ctx, user, ACTION, id, row_version, e).await);
        }
    };
    audit::append(&mut tx, &on_definition(ctx, user, ACTION, &saved)).await.or_fail(ctx, ACTION)?;
    tx.commit().await.or_fail(ctx, ACTION)?;
    view(ctx, ACTION, &saved)
}

/// The draft to edit of `code`: the draft version there is, or a new one copied from the newest
/// version. Returns its version.
pub async fn new_definition_version(code: String) -> Result<u32, AppError> {
    const ACTION: &str = "forms.definition_new";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ManageClassifiers, None).await?;
    let form = match form_code(&code) {
        Ok(f) => f,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, e, "invalid").await),
    };
    let newest = match ctx.state.store.definition(form.code(), None).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
    };
    if newest.status == "draft" {
        return Ok(u32::try_from(newest.version).unwrap_or_default());
    }
    let mut def = newest.definition().or_fail(&ctx, ACTION)?;
    def.version = 0;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let row = match fs::add_definition(&mut tx, &def, user.id()).await {
        Ok(r) => r,
        Err(e) => {
            drop(tx);
            return Err(ctx.failed(Some(&user), ACTION, e).await);
        }
    };
    let mut ev = on_definition(&ctx, &user, ACTION, &row);
    ev.details["from_version"] = serde_json::json!(newest.version);
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    Ok(u32::try_from(row.version).unwrap_or_default())
}

pub async fn publish_definition(code: String, version: u32, row_version: i64) -> Result<(), AppError> {
    const ACTION: &str = "forms.publish";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ManageClassifiers, None).await?;
    let form = match form_code(&code) {
        Ok(f) => f,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, e, "invalid").await),
    };
    publish_in(&ctx, &user, form, version, row_version).await
}

/// Publishes draft `version` of `form`, based on `row_version`: refused with every problem
/// [`check_definition`] finds.
pub(super) async fn publish_in(
    ctx: &Ctx,
    user: &CurrentUser,
    form: StandardForm,
    version: u32,
    row_version: i64,
) -> Result<(), AppError> {
    const ACTION: &str = "forms.publish";
    let version = i64::from(version);
    let row = match ctx.state.store.definition(form.code(), Some(version)).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(user), ACTION, e).await),
    };
    let def = row.definition().or_fail(ctx, ACTION)?;
    let errors = check_definition(&def);
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let mut tx = ctx.state.store.begin().await.or_fail(ctx, ACTION)?;
    let result = match fs::definition_for_change(&mut tx, form.code(), version, row_version).await {
        Ok(before) => fs::publish_definition(&mut tx, &before, user.id()).await,
        Err(e) => Err(e),
    };
    let saved = match result {
        Ok(s) => s,
        Err(e) => {
            drop(tx);
            return Err(definition_failed(ctx, user, ACTION, Some(row.id), row_version, e).await);
        }
    };
    audit::append(&mut tx, &on_definition(ctx, user, ACTION, &saved)).await.or_fail(ctx, ACTION)?;
    tx.commit().await.or_fail(ctx, ACTION)?;
    Ok(())
}
