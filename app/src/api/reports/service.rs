//! The bodies of the indicator server functions, and the indicators as a CSV file.

use super::*;
use crate::api::scope::{filters, territory_options, Filters};
use crate::domain::case::{CaseStatus, RiskLevel};
use crate::domain::indicators::{share_tenths, Durations};
use crate::domain::next_step::NextStep;
use crate::domain::Permission;
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::indicators::{self as ind, IntervalRow, Scope};
use crate::store::tickets as tk;
use crate::store::{now, today, Outcome};
use chrono::{Datelike, Duration};

/// The most case managers the worker filter offers.
const WORKERS_MAX: i64 = 300;

/// Working days of each interval, as the working-day calendar of its years counts them.
async fn durations(ctx: &Ctx, action: &str, rows: &[IntervalRow]) -> Result<Durations, AppError> {
    let mut d = Durations::default();
    let (Some(first), Some(last)) =
        (rows.iter().map(|r| r.started.year()).min(), rows.iter().map(|r| r.ended.year()).max())
    else {
        return Ok(d);
    };
    let calendar = crate::store::deadlines::calendar(ctx.state.store.db(), (first, last)).await.or_fail(ctx, action)?;
    for r in rows {
        d.add(calendar.working_days_between(r.started, r.ended).max(0), r.times);
    }
    Ok(d)
}

fn duration_view(d: &Durations, suppress: bool) -> DurationView {
    let n = d.count();
    DurationView {
        count: Count::of(n, suppress),
        median: Figure::of(d.median_tenths(), n, suppress),
        p90: Figure::of(d.percentile_tenths(90), n, suppress),
    }
}

/// Every indicator for the filters, with counts suppressed when the caller may not read the
/// persons of the chosen territory.
pub(crate) async fn compute(
    ctx: &Ctx,
    action: &str,
    user: &CurrentUser,
    f: &Filters,
) -> Result<IndicatorsView, AppError> {
    let store = &ctx.state.store;
    let db = store.db();
    let fail = |e| ctx.fail(action, e);
    let suppress = !user.may(Permission::ViewPersons, Some(&f.path));
    let c = |n: i64| Count::of(n, suppress);
    let scope = Scope { territory: &f.path, worker: f.worker.as_ref().map(|w| w.0) };
    let (from, to) = (f.period.from, f.period.to);
    let today = today();

    let active_rows = ind::active(db, scope).await.map_err(fail)?;
    let mut active = Vec::new();
    let mut active_total = 0;
    for status in CaseStatus::ALL.into_iter().filter(|s| *s != CaseStatus::Closed) {
        let n = |risk: RiskLevel| {
            active_rows
                .iter()
                .filter(|r| r.status == status.as_str() && r.risk_level == risk.as_str())
                .map(|r| r.cases)
                .sum::<i64>()
        };
        let total: i64 = active_rows.iter().filter(|r| r.status == status.as_str()).map(|r| r.cases).sum();
        active_total += total;
        active.push(StatusCountView {
            status: status.as_str().to_owned(),
            low: c(n(RiskLevel::Low)),
            medium: c(n(RiskLevel::Medium)),
            high: c(n(RiskLevel::High)),
            total: c(total),
        });
    }
    let children = ind::active_by_territory(db, scope).await.map_err(fail)?;
    let below: i64 = children.iter().map(|t| t.cases).sum();
    let mut by_territory: Vec<TerritoryCountView> = children
        .into_iter()
        .map(|t| TerritoryCountView { id: t.territory_id, name: t.name, cases: c(t.cases) })
        .collect();
    if active_total > below {
        by_territory
            .insert(0, TerritoryCountView { id: 0, name: f.territory.name.clone(), cases: c(active_total - below) });
    }

    let previous = f.period.previous();
    let referrals = ind::referrals(db, scope, from, to).await.map_err(fail)?;
    let referrals_previous = ind::referrals(db, scope, previous.from, previous.to).await.map_err(fail)?;
    let to_assessment =
        durations(ctx, action, &ind::referral_to_assessment(db, scope, from, to).await.map_err(fail)?).await?;
    let to_plan = durations(ctx, action, &ind::assessment_to_plan(db, scope, from, to).await.map_err(fail)?).await?;

    let timeliness = ind::timeliness(db, scope, from, to, today).await.map_err(fail)?;
    let (mut on_time, mut late) = (0, 0);
    let steps = NextStep::ALL
        .into_iter()
        .map(|step| {
            let row = timeliness.iter().find(|r| r.step == step.as_str()).cloned().unwrap_or_default();
            on_time += row.on_time;
            late += row.late;
            StepTimelinessView {
                step: step.as_str().to_owned(),
                on_time: c(row.on_time),
                late: c(row.late),
                overdue: c(row.overdue),
                share: Figure::of(share_tenths(row.on_time, row.on_time + row.late), row.on_time + row.late, suppress),
            }
        })
        .collect();

    let workers_load = store
        .workload(&f.path, today)
        .await
        .map_err(fail)?
        .into_iter()
        .filter(|w| scope.worker.is_none_or(|id| id == w.manager_id))
        .map(|w| WorkerLoadView {
            id: w.manager_id,
            name: w.manager_name,
            cases: c(w.open_cases),
            high_risk: c(w.high_risk),
            overdue: c(w.overdue),
        })
        .collect();
    let closures = ind::closures(db, scope, from, to)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|r| ReasonCountView { code: r.reason, cases: c(r.cases) })
        .collect();

    let (from_at, to_at) = (crate::api::day_start(from), crate::api::day_start(to + Duration::days(1)));
    let t: tk::CategoryFigures = tk::figures(db, from_at, to_at, None, now()).await.map_err(fail)?.iter().sum();
    let tickets = TicketSlaView {
        opened: c(t.opened),
        first_met: c(t.first_met),
        first_late: c(t.first_late),
        first_overdue: c(t.first_overdue),
        resolution_met: c(t.resolution_met),
        resolution_late: c(t.resolution_late),
        resolution_overdue: c(t.resolution_overdue),
    };

    Ok(IndicatorsView {
        from: from.to_string(),
        to: to.to_string(),
        previous_from: previous.from.to_string(),
        previous_to: previous.to.to_string(),
        territory_id: f.territory.id,
        territory_name: f.territory.name.clone(),
        worker_id: f.worker.as_ref().map(|w| w.0),
        worker_name: f.worker.as_ref().map(|w| w.1.clone()),
        suppressed: suppress,
        may_list: !suppress && user.roles().allows(Permission::SuperviseCases),
        // The filter's choices are the page's alone (see `indicators`); a file has none.
        territories: Vec::new(),
        workers: Vec::new(),
        active,
        active_total: c(active_total),
        by_territory,
        referrals: c(referrals),
        referrals_previous: c(referrals_previous),
        to_assessment: duration_view(&to_assessment, suppress),
        to_plan: duration_view(&to_plan, suppress),
        steps,
        steps_share: Figure::of(share_tenths(on_time, on_time + late), on_time + late, suppress),
        workers_load,
        closures,
        tickets,
    })
}

/// The audit event of a reading or an export of the indicators: the filters, and whether
/// counts were suppressed.
pub(crate) fn event(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    f: &Filters,
    suppressed: bool,
) -> crate::store::AuditEvent {
    let mut ev = ctx.event(Some(user), action, Outcome::Done);
    ev.details = serde_json::json!({
        "from": f.period.from.to_string(),
        "to": f.period.to.to_string(),
        "territory": f.territory.id,
        "worker": f.worker.as_ref().map(|w| w.0),
        "suppressed": suppressed,
    });
    ev
}

pub async fn indicators(
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
    worker: Option<String>,
) -> Result<IndicatorsView, AppError> {
    const ACTION: &str = "reports.indicators";
    let ctx = Ctx::current()?;
    let (user, f) = filters(&ctx, ACTION, Permission::ViewIndicators, from, to, territory, worker).await?;
    let mut view = compute(&ctx, ACTION, &user, &f).await?;
    view.territories = territory_options(&ctx, ACTION, &user, &f.path).await?;
    view.workers = ctx
        .state
        .store
        .assignees(&f.path, false, WORKERS_MAX)
        .await
        .or_fail(&ctx, ACTION)?
        .into_iter()
        .map(|a| OptionView { id: a.id, name: a.full_name, depth: 0 })
        .collect();
    ctx.state.store.audit(&event(&ctx, &user, ACTION, &f, view.suppressed)).await.or_fail(&ctx, ACTION)?;
    Ok(view)
}
