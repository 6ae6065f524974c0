use super::*;
use crate::api::local_time;
use crate::domain::classifier::{parse_code, parse_names, KINDS};
use crate::domain::{FieldErrors, Permission};
use crate::server::{Ctx, CurrentUser};
use crate::store::classifiers::{self as cl, Names};
use crate::store::{audit, Outcome, StoreError};

async fn admin(ctx: &Ctx, action: &str, kind: &str) -> Result<CurrentUser, AppError> {
    let user = ctx.authorize(action, Permission::ManageClassifiers, None).await?;
    if !KINDS.contains(&kind) {
        return Err(ctx.refuse(Some(&user), action, AppError::NotFound, "kind").await);
    }
    Ok(user)
}

pub async fn list(kind: String) -> Result<Vec<ClassifierEntryView>, AppError> {
    const ACTION: &str = "classifiers.admin_list";
    let ctx = Ctx::current()?;
    admin(&ctx, ACTION, &kind).await?;
    let rows = ctx.state.store.classifier_admin(&kind).await.or_fail(&ctx, ACTION)?;
    Ok(rows
        .into_iter()
        .map(|r| ClassifierEntryView {
            code: r.code,
            name_ro: r.name_ro,
            name_en: r.name_en,
            name_ru: r.name_ru,
            valid_from: local_time(r.valid_from),
            valid_to: r.valid_to.map(local_time),
            version: r.version,
        })
        .collect())
}

pub async fn save(
    kind: String,
    code: String,
    version: i64,
    name_ro: String,
    name_en: String,
    name_ru: String,
) -> Result<(), AppError> {
    let action = if version == 0 { "classifiers.add" } else { "classifiers.rename" };
    let ctx = Ctx::current()?;
    let user = admin(&ctx, action, &kind).await?;
    let mut errors = FieldErrors::new();
    let code = errors.check(parse_code(&code));
    let names = match parse_names(&name_ro, &name_en, &name_ru) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let (Some(code), Some((ro, en, ru))) = (code, names) else {
        return Err(ctx.refuse(Some(&user), action, AppError::Invalid(errors), "invalid").await);
    };
    let n = Names { ro: &ro, en: &en, ru: &ru };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, action)?;
    let details = if version == 0 {
        match cl::add(&mut tx, &kind, &code, &n, user.id()).await {
            Ok(()) => serde_json::json!({ "kind": kind, "code": code, "names": [ro, en, ru] }),
            Err(StoreError::Duplicate(_)) => {
                drop(tx);
                let mut e = FieldErrors::new();
                e.push("code", "code_taken");
                return Err(ctx.refuse(Some(&user), action, AppError::Invalid(e), "taken").await);
            }
            Err(e) => return Err(ctx.failed(Some(&user), action, e).await),
        }
    } else {
        match cl::change(&mut tx, &kind, &code, version, Some(&n), None, user.id()).await {
            Ok(before) => serde_json::json!({
                "kind": kind, "code": code,
                "old": [before.name_ro, before.name_en, before.name_ru], "new": [ro, en, ru],
            }),
            Err(e) => return Err(ctx.failed(Some(&user), action, e).await),
        }
    };
    let mut ev = ctx.event(Some(&user), action, Outcome::Done);
    ev.object_type = Some("classifier".into());
    ev.object_id = Some(format!("{kind}/{code}"));
    ev.details = details;
    audit::append(&mut tx, &ev).await.or_fail(&ctx, action)?;
    tx.commit().await.or_fail(&ctx, action)?;
    leptos_axum::redirect(&format!("/admin/classifiers?kind={kind}&saved=1"));
    Ok(())
}

pub async fn set_active(kind: String, code: String, version: i64, active: bool) -> Result<(), AppError> {
    let action = if active { "classifiers.restore" } else { "classifiers.end" };
    let ctx = Ctx::current()?;
    let user = admin(&ctx, action, &kind).await?;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, action)?;
    if let Err(e) = cl::change(&mut tx, &kind, &code, version, None, Some(active), user.id()).await {
        drop(tx);
        return Err(ctx.failed(Some(&user), action, e).await);
    }
    let mut ev = ctx.event(Some(&user), action, Outcome::Done);
    ev.object_type = Some("classifier".into());
    ev.object_id = Some(format!("{kind}/{code}"));
    audit::append(&mut tx, &ev).await.or_fail(&ctx, action)?;
    tx.commit().await.or_fail(&ctx, action)?;
    leptos_axum::redirect(&format!("/admin/classifiers?kind={kind}&saved=1"));
    Ok(())
}
