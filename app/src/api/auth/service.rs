use super::*;
use crate::server::context::{AuthData, AUTH_KEY};
use crate::server::{Ctx, CurrentUser};
use crate::store::{audit, users, Outcome};

/// Remembers `lang` in a cookie so the next page renders in it.
fn remember_language(lang: Language) {
    if let (Some(res), Ok(v)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&lang.cookie()))
    {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

pub async fn me_view(ctx: &Ctx, user: &CurrentUser) -> Result<MeView, AppError> {
    let territory = ctx.state.store.territory(user.row.territory_id).await.or_fail(ctx, "me")?;
    let r = &user.row;
    Ok(MeView {
        id: r.id,
        username: r.username.clone(),
        full_name: r.full_name.clone(),
        email: r.email.clone(),
        phone: r.phone.clone(),
        institution: r.institution.clone(),
        position: r.position.clone(),
        roles: r.roles(),
        territory_id: r.territory_id,
        territory_name: territory.name,
        language: r.language(),
        must_change_password: r.must_change_password,
        national: user.is_national(),
        version: r.version,
        today: crate::store::today(),
        // Nothing of the user's work shows before a temporary password is changed.
        unread: if r.must_change_password {
            0
        } else {
            crate::store::alerts::unread_count(ctx.state.store.db(), r.id).await.or_fail(ctx, "me")?
        },
    })
}

fn wrong_credentials() -> AppError {
    let mut e = crate::domain::FieldErrors::new();
    e.push("password", "wrong_credentials");
    AppError::Invalid(e)
}

pub async fn sign_in(username: String, password: String, next: Option<String>) -> Result<(), AppError> {
    const ACTION: &str = "auth.sign_in";
    let ctx = Ctx::current()?;
    let store = &ctx.state.store;
    let name = username.trim().to_lowercase();
    let attempted = || serde_json::json!({ "username": name });

    // Two limits per instance: per client address, and per user name whoever sends it. Both
    // answer alike for names that exist and names that do not.
    let by_addr = ctx.client.addr.is_some_and(|a| ctx.state.sign_in_limiter.check_key(&a).is_err());
    let key: String = name.chars().take(64).collect();
    if by_addr || ctx.state.user_sign_in_limiter.check_key(&key).is_err() {
        let mut ev = ctx.event(None, ACTION, Outcome::Refused);
        ev.details = attempted();
        ev.details["reason"] = if by_addr { "rate limit" } else { "rate limit per user name" }.into();
        let _ = store.audit(&ev).await;
        return Err(AppError::RateLimited { retry_after_secs: 60 });
    }
    let row = store.user_by_username(&name).await.or_fail(&ctx, ACTION)?;
    // The hash is always checked, so a locked or unknown account takes as long as a known one.
    let ok = ctx.state.hasher.verify(password, row.as_ref().map(|r| r.password_hash.clone())).await;
    let now = crate::store::now();
    let mut tx = store.begin().await.or_fail(&ctx, ACTION)?;
    // A refusal as a wrong password: whether the account exists or is locked is not told.
    macro_rules! refuse {
        ($user:expr, $outcome:expr, $details:expr) => {{
            let user: Option<&CurrentUser> = $user;
            let mut ev = ctx.event(user, ACTION, $outcome);
            ev.details = $details;
            audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
            tx.commit().await.or_fail(&ctx, ACTION)?;
            return Err(wrong_credentials());
        }};
    }
    let Some(row) = row else {
        let mut details = attempted();
        details["reason"] = "unknown user".into();
        refuse!(None, Outcome::Failed, details)
    };
    let user = CurrentUser { row };
    if let Some(locked_until) = user.row.locked_until.filter(|t| *t > now) {
        refuse!(
            Some(&user),
            Outcome::Refused,
            serde_json::json!({ "reason": "locked", "locked_until": locked_until.to_rfc3339() })
        )
    }
    if !ok {
        let locked = users::record_failed_login(&mut tx, user.id(), &ctx.state.config.lockout, now)
            .await
            .or_fail(&ctx, ACTION)?;
        if let Some(until) = locked {
            let mut ev = ctx.event(Some(&user), "auth.locked", Outcome::Done);
            ev.details = serde_json::json!({ "locked_until": until.to_rfc3339() });
            audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
        }
        refuse!(Some(&user), Outcome::Failed, serde_json::json!({ "reason": "wrong password" }))
    }
    if !user.row.active {
        refuse!(Some(&user), Outcome::Refused, serde_json::json!({ "reason": "deactivated" }))
    }
    // Failures counted since the row was read may have locked the account meanwhile.
    if !users::clear_failed_logins_unless_locked(&mut tx, user.id(), now).await.or_fail(&ctx, ACTION)? {
        refuse!(Some(&user), Outcome::Refused, serde_json::json!({ "reason": "locked" }))
    }
    audit::append(&mut tx, &ctx.event(Some(&user), ACTION, Outcome::Done)).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    let session = ctx.session.as_ref().ok_or(AppError::Unavailable)?;
    // A new session id at sign-in: a planted id is worth nothing.
    session.cycle_id().await.map_err(|_| AppError::Unavailable)?;
    let data =
        AuthData { user_id: user.id(), epoch: user.row.session_epoch, signed_in_at: chrono::Utc::now().timestamp() };
    session.insert(AUTH_KEY, data).await.map_err(|_| AppError::Unavailable)?;
    remember_language(user.language());
    let target = if user.row.must_change_password { "/profile/password" } else { safe_next(next.as_deref()) };
    leptos_axum::redirect(target);
    Ok(())
}

pub async fn sign_out(everywhere: bool) -> Result<(), AppError> {
    let action = if everywhere { "auth.sign_out_everywhere" } else { "auth.sign_out" };
    let ctx = Ctx::current()?;
    if let Some(user) = ctx.user().await? {
        let mut tx = ctx.state.store.begin().await.or_fail(&ctx, action)?;
        if everywhere {
            users::bump_session_epoch(&mut tx, user.id()).await.or_fail(&ctx, action)?;
        }
        audit::append(&mut tx, &ctx.event(Some(&user), action, Outcome::Done)).await.or_fail(&ctx, action)?;
        tx.commit().await.or_fail(&ctx, action)?;
        // The sign-in page that follows speaks the user's language, not the browser's.
        remember_language(user.language());
    }
    if let Some(session) = &ctx.session {
        session.flush().await.map_err(|_| AppError::Unavailable)?;
    }
    leptos_axum::redirect("/sign-in");
    Ok(())
}

pub async fn change_password(current: String, new: String, confirm: String) -> Result<(), AppError> {
    const ACTION: &str = crate::server::context::CHANGE_PASSWORD;
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let mut errors = crate::domain::FieldErrors::new();
    errors.check(crate::domain::password::check_password("new", &new, &user.row.username));
    if errors.is_empty() && !crate::server::password::strong_enough(&new, &[&user.row.username, &user.row.full_name]) {
        errors.push("new", "password_too_common");
    }
    if new != confirm {
        errors.push("confirm", "password_mismatch");
    }
    if new == current && errors.is_empty() {
        errors.push("new", "password_unchanged");
    }
    if !ctx.state.hasher.verify(current, Some(user.row.password_hash.clone())).await {
        errors.0.insert(0, crate::domain::FieldError::new("current", "wrong_password"));
    }
    if !errors.is_empty() {
        let codes: Vec<_> = errors.0.iter().map(|e| e.code.clone()).collect();
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), &codes.join(",")).await);
    }
    let hash = ctx.state.hasher.hash(new).await;
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    let epoch = users::set_password(&mut tx, user.id(), &hash, false, user.id()).await.or_fail(&ctx, ACTION)?;
    audit::append(&mut tx, &ctx.event(Some(&user), ACTION, Outcome::Done)).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    // Other sessions end with the old epoch; this one carries on with the new.
    if let Some(session) = &ctx.session {
        session.cycle_id().await.map_err(|_| AppError::Unavailable)?;
        let data = AuthData { user_id: user.id(), epoch, signed_in_at: chrono::Utc::now().timestamp() };
        session.insert(AUTH_KEY, data).await.map_err(|_| AppError::Unavailable)?;
    }
    leptos_axum::redirect("/profile?password=changed");
    Ok(())
}

pub async fn update_profile(
    version: i64,
    full_name: String,
    email: String,
    phone: String,
    language: String,
) -> Result<(), AppError> {
    const ACTION: &str = "profile.update";
    let ctx = Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let input = crate::domain::user::ProfileInput { full_name, email, phone, language };
    let valid = match input.validate() {
        Ok(v) => v,
        Err(e) => return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await),
    };
    let mut tx = ctx.state.store.begin().await.or_fail(&ctx, ACTION)?;
    users::update_profile(&mut tx, user.id(), version, &valid).await.or_fail(&ctx, ACTION)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.object_type = Some("user".into());
    ev.object_id = Some(user.id().to_string());
    ev.details = crate::server::context::changes(&[
        ("full_name", Some(user.row.full_name.as_str()), Some(valid.full_name.as_str())),
        ("email", user.row.email.as_deref(), valid.email.as_deref()),
        ("phone", user.row.phone.as_deref(), valid.phone.as_deref()),
        ("language", Some(user.row.language.as_str()), Some(valid.language.code())),
    ]);
    audit::append(&mut tx, &ev).await.or_fail(&ctx, ACTION)?;
    tx.commit().await.or_fail(&ctx, ACTION)?;
    remember_language(valid.language);
    leptos_axum::redirect("/profile?saved=1");
    Ok(())
}
