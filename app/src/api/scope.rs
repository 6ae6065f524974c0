//! What a figure or a register is read for: a period, a territory within the caller's own, and
//! perhaps one case manager of it, checked once for the indicators and the registers alike.

use serde::{Deserialize, Serialize};

/// A choice in a filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionView {
    pub id: i64,
    pub name: String,
    /// 1 for the country, 2 for districts and municipalities, 3 for localities (0 for a person).
    pub depth: usize,
}

#[cfg(feature = "ssr")]
use crate::domain::indicators::Period;
#[cfg(feature = "ssr")]
use crate::domain::{AppError, FieldErrors, Permission, Role, TerritoryPath};
#[cfg(feature = "ssr")]
use crate::server::OrFail;
#[cfg(feature = "ssr")]
use crate::server::{Ctx, CurrentUser};
#[cfg(feature = "ssr")]
use crate::store::{today, StoreError, TerritoryRow};

/// The filters as checked: the period, the territory and the case manager.
#[cfg(feature = "ssr")]
pub(crate) struct Filters {
    pub period: Period,
    pub territory: TerritoryRow,
    pub path: TerritoryPath,
    pub worker: Option<(i64, String)>,
}

#[cfg(feature = "ssr")]
fn id_of(field: &str, raw: Option<&str>, errors: &mut FieldErrors) -> Option<i64> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0);
    if id.is_none() {
        errors.push(field, "invalid_choice");
    }
    id
}

/// Authorises the caller (for `permission`: the indicators, or a register) and checks the filters: a territory within their
/// own, a case manager within that territory. Every refusal is audited.
#[cfg(feature = "ssr")]
pub(crate) async fn filters(
    ctx: &Ctx,
    action: &str,
    permission: Permission,
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
    worker: Option<String>,
) -> Result<(CurrentUser, Filters), AppError> {
    let user = ctx.authorize(action, permission, None).await?;
    let mut errors = FieldErrors::new();
    let period = match Period::parse(from.as_deref(), to.as_deref(), today()) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    let territory_id = id_of("territory", territory.as_deref(), &mut errors);
    let worker_id = id_of("worker", worker.as_deref(), &mut errors);
    let store = &ctx.state.store;
    let own = user.territory();
    let chosen = match territory_id {
        None => match store.territory(own.id()).await {
            Ok(t) => Some(t),
            Err(e) => return Err(ctx.fail(action, e)),
        },
        Some(id) => match store.territory(id).await {
            Ok(t) => Some(t),
            Err(StoreError::NotFound) => {
                errors.push("territory", "invalid_choice");
                None
            }
            Err(e) => return Err(ctx.fail(action, e)),
        },
    };
    if let Some(t) = &chosen {
        if !own.contains(&t.path()) {
            return Err(ctx.refuse(Some(&user), action, AppError::Forbidden, "territory").await);
        }
    }
    let mut named = None;
    if let (Some(id), Some(t)) = (worker_id, &chosen) {
        match store.user(id).await {
            Ok(w)
                if t.path().contains(&w.territory())
                    && (w.roles().contains(Role::SocialWorker) || w.roles().contains(Role::Supervisor)) =>
            {
                named = Some((w.id, w.full_name));
            }
            Ok(_) | Err(StoreError::NotFound) => errors.push("worker", "invalid_choice"),
            Err(e) => return Err(ctx.fail(action, e)),
        }
    }
    match (period, chosen) {
        (Some(period), Some(territory)) if errors.is_empty() => {
            let path = territory.path();
            Ok((user, Filters { period, territory, path, worker: named }))
        }
        _ => Err(ctx.refuse(Some(&user), action, AppError::Invalid(errors), "invalid").await),
    }
}

/// The territories the filter offers: the caller's own and below it to the district level, the
/// chosen one's own path, and the chosen one's children.
#[cfg(feature = "ssr")]
pub(crate) async fn territory_options(
    ctx: &Ctx,
    action: &str,
    user: &CurrentUser,
    chosen: &TerritoryPath,
) -> Result<Vec<OptionView>, AppError> {
    let rows = ctx.state.store.territories_within(&user.territory(), 5000).await.or_fail(ctx, action)?;
    let chosen_depth = chosen.depth();
    Ok(rows
        .into_iter()
        .filter(|r| {
            let p = r.path();
            p.depth() <= 2 || p.contains(chosen) || (chosen.contains(&p) && p.depth() == chosen_depth + 1)
        })
        .map(|r| OptionView { id: r.id, depth: r.path().depth(), name: r.name })
        .collect())
}
