//! The bodies of the register server functions.

use super::*;
use crate::api::reports::imp::{filters, territory_options, Filters};
use crate::domain::Permission;
use crate::server::Ctx;
use crate::store::registers::{self as rg, ReferralEntryRow, RegisterCursor};
use crate::store::Outcome;
use crate::ui::components::labels::{channel_code_label, risk_label, status_label};

/// Lines per page.
pub(crate) const PAGE: i64 = 50;

/// A cursor as the page's address carries it: `YYYY-MM-DD.id`.
pub(crate) fn cursor_text(c: RegisterCursor) -> String {
    format!("{}.{}", c.0, c.1)
}

fn parse_cursor(raw: &str) -> Option<RegisterCursor> {
    let (day, id) = raw.split_once('.')?;
    Some((chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?, id.parse().ok()?))
}

/// A line in the caller's language.
pub(crate) fn entry(r: ReferralEntryRow, lang: crate::domain::user::Language) -> ReferralEntryView {
    ReferralEntryView {
        case_id: r.id,
        number: r.number,
        received_on: r.received_on.to_string(),
        channel: channel_code_label(&r.channel).text(lang).to_owned(),
        reporter: r.reporter_name,
        person_id: r.person_id,
        person_name: format!("{} {}", r.last_name, r.first_name),
        idnp: r.idnp.unwrap_or_default(),
        birth_date: r.birth_date.to_string(),
        risk: risk_label(&r.risk_level).text(lang).to_owned(),
        status: status_label(&r.status).text(lang).to_owned(),
        manager: r.manager_name.unwrap_or_default(),
        territory: r.territory_name,
    }
}

/// The filters of a register: a period and a territory within the caller's own, for one who
/// may read its persons.
pub(crate) async fn register_filters(
    ctx: &Ctx,
    action: &str,
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
) -> Result<(crate::server::CurrentUser, Filters), AppError> {
    filters(ctx, action, Permission::ViewPersons, from, to, territory, None).await
}

pub async fn referrals(
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
    after: Option<String>,
) -> Result<ReferralRegisterView, AppError> {
    const ACTION: &str = "registers.referrals";
    let ctx = Ctx::current()?;
    let (user, f) = register_filters(&ctx, ACTION, from, to, territory).await?;
    let after = match after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => match parse_cursor(raw) {
            Some(c) => Some(c),
            None => {
                let mut e = crate::domain::FieldErrors::new();
                e.push("after", "invalid_choice");
                return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(e), "invalid").await);
            }
        },
    };
    let period = (f.period.from, f.period.to);
    let mut rows =
        rg::referrals(ctx.state.store.db(), &f.path, period, after, PAGE + 1).await.map_err(|e| ctx.fail(ACTION, e))?;
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let next = more.then(|| rows.last().map(|r| cursor_text((r.received_on, r.id)))).flatten();
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({
        "from": f.period.from.to_string(),
        "to": f.period.to.to_string(),
        "territory": f.territory.id,
        "rows": rows.len(),
    });
    ctx.state.store.audit(&ev).await.map_err(|e| ctx.fail(ACTION, e))?;
    let lang = user.language();
    Ok(ReferralRegisterView {
        from: f.period.from.to_string(),
        to: f.period.to.to_string(),
        territory_id: f.territory.id,
        territory_name: f.territory.name.clone(),
        territories: territory_options(&ctx, ACTION, &user, &f.path).await?,
        rows: rows.into_iter().map(|r| entry(r, lang)).collect(),
        next,
    })
}
