//! The support figures of a period: tickets by category, within their targets, and the backlog.

use super::*;

/// The longest period the figures cover, in days.
pub(super) const FIGURES_MAX_DAYS: i64 = 366;
/// The period the figures cover when none is given: the last 30 days, today included.
pub(super) const FIGURES_DEFAULT_DAYS: i64 = 30;

pub(super) fn figures_view(code: String, name: String, f: &tk::CategoryFigures) -> CategoryFiguresView {
    CategoryFiguresView {
        code,
        name,
        opened: f.opened,
        first_response: ClockFiguresView { met: f.first_met, late: f.first_late, overdue: f.first_overdue },
        resolution: ClockFiguresView { met: f.resolution_met, late: f.resolution_late, overdue: f.resolution_overdue },
        rated: f.rated,
        rating_sum: f.rating_sum,
    }
}

pub async fn figures(
    from: Option<String>,
    to: Option<String>,
    mine: Option<String>,
) -> Result<SupportFiguresView, AppError> {
    const ACTION: &str = "tickets.figures";
    let ctx = Ctx::current()?;
    let user = ctx.authorize(ACTION, Permission::WorkTickets, None).await?;
    let mut errors = FieldErrors::new();
    let today = today();
    let to = crate::api::filter_date("to", to.as_deref(), &mut errors).unwrap_or(today);
    let from = crate::api::filter_date("from", from.as_deref(), &mut errors)
        .unwrap_or(to - Duration::days(FIGURES_DEFAULT_DAYS - 1));
    if errors.is_empty() {
        if to < from {
            errors.push("to", "period_reversed");
        } else if (to - from).num_days() >= FIGURES_MAX_DAYS {
            errors.push("from", "period_too_long");
        }
    }
    let mine = match opt(mine).as_deref() {
        None | Some("0") | Some("false") => false,
        Some("1") | Some("on") | Some("true") => true,
        Some(_) => {
            errors.push("mine", "invalid_choice");
            false
        }
    };
    if !errors.is_empty() {
        return Err(ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await);
    }
    let cats = categories(&ctx, &user, ACTION).await?;
    let assignee = mine.then(|| user.id());
    let at = now();
    let db = ctx.state.store.db();
    let (from_at, to_at) = (crate::api::day_start(from), crate::api::day_start(to + Duration::days(1)));
    let rows = tk::figures(db, from_at, to_at, assignee, at).await.or_fail(&ctx, ACTION)?;
    let backlog = tk::backlog(db, at, assignee).await.or_fail(&ctx, ACTION)?;
    let sum: tk::CategoryFigures = rows.iter().sum();
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({ "from": from.to_string(), "to": to.to_string(), "mine": mine });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, ACTION)?;
    Ok(SupportFiguresView {
        from: from.to_string(),
        to: to.to_string(),
        mine,
        categories: rows
            .iter()
            .map(|r| figures_view(r.category.clone(), category_name(&cats, &r.category), r))
            .collect(),
        total: figures_view(String::new(), String::new(), &sum),
        backlog: backlog.to_vec(),
    })
}
