//! Form definitions, for administrators: list, read, save a draft version, publish it.
//! Administrators see the forms' structure, never a case's answers.

use super::*;
use crate::domain::form::check_definition;
use crate::store::forms::{DefinitionError, DefinitionRow};

fn on_definition(ctx: &Ctx, user: &CurrentUser, action: &str, row: &DefinitionRow) -> AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.object_type = Some("form_definition".into());
    ev.object_id = Some(row.id.to_string());
    ev.details = serde_json::json!({ "code": row.code, "version": row.version, "status": row.status });
    ev
}

fn view(ctx: &Ctx, action: &str, row: &DefinitionRow) -> Result<DefinitionView, AppError> {
    Ok(DefinitionView {
        definition: row.definition().map_err(|e| ctx.fail(action, e))?,
        status: row.status.clone(),
        row_version: row.row_version,
    })
}

/// The standard form a definition code names: `code: invalid_choice` otherwise.
fn form_code(raw: &str) -> Result<StandardForm, AppError> {
    StandardForm::parse(raw).map_err(|e| invalid("code", &e.code))
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
    let rows = ctx.state.store.definitions().await.map_err(|e| ctx.fail(ACTION, e))?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "versions": rows.len() });
    ctx.state.store.audit(&ev).await.map_err(|e| ctx.fail(ACTION, e))?;
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

pub async fn get_definition(code: String, version: Option<u32>) -> Result<DefinitionView, AppError> {
    const ACTION: &str = "forms.definition";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ManageClassifiers, None).await?;
    let row = match ctx.state.store.definition(code.trim(), version.map(i64::from)).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
    };
    let out = view(&ctx, ACTION, &row)?;
    ctx.state.store.audit(&on_definition(&ctx, &user, ACTION, &row)).await.map_err(|e| ctx.fail(ACTION, e))?;
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
    let mut def: FormDefinition = match serde_json::from_str(&body) {
        Ok(d) => d,
        Err(_) => return Err(ctx.refuse(Some(&user), ACTION, invalid("body", "invalid"), "invalid").await),
    };
    def.code = form.code().to_owned();
    let mut tx = ctx.state.store.begin().await.map_err(|e| ctx.fail(ACTION, e))?;
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
            return Err(definition_failed(&ctx, &user, ACTION, id, row_version, e).await);
        }
    };
    audit::append(&mut tx, &on_definition(&ctx, &user, ACTION, &saved)).await.map_err(|e| ctx.fail(ACTION, e))?;
    tx.commit().await.map_err(|e| ctx.fail(ACTION, e))?;
    view(&ctx, ACTION, &saved)
}

pub async fn publish_definition(code: String, version: u32, row_version: i64) -> Result<(), AppError> {
    const ACTION: &str = "forms.publish";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::ManageClassifiers, None).await?;
    let form = match form_code(&code) {
        Ok(f) => f,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, e, "invalid").await),
    };
    let version = i64::from(version);
    let row = match ctx.state.store.definition(form.code(), Some(version)).await {
        Ok(r) => r,
        Err(e) => return Err(ctx.failed(Some(&user), ACTION, e).await),
    };
    let def = row.definition().map_err(|e| ctx.fail(ACTION, e))?;
    let errors = check_definition(&def);
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let mut tx = ctx.state.store.begin().await.map_err(|e| ctx.fail(ACTION, e))?;
    let result = match fs::definition_for_change(&mut tx, form.code(), version, row_version).await {
        Ok(before) => fs::publish_definition(&mut tx, &before, user.id()).await,
        Err(e) => Err(e),
    };
    let saved = match result {
        Ok(s) => s,
        Err(e) => {
            drop(tx);
            return Err(definition_failed(&ctx, &user, ACTION, Some(row.id), row_version, e).await);
        }
    };
    audit::append(&mut tx, &on_definition(&ctx, &user, ACTION, &saved)).await.map_err(|e| ctx.fail(ACTION, e))?;
    tx.commit().await.map_err(|e| ctx.fail(ACTION, e))?;
    Ok(())
}
