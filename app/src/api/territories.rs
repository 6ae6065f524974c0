//! Territories the caller may pick from (their own subtree).

use crate::domain::AppError;
#[cfg(feature = "ssr")]
use crate::server::OrFail;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritoryOptionView {
    pub id: i64,
    pub name: String,
    /// 1 for the country, 2 for districts and municipalities, 3 for localities.
    pub depth: usize,
}

/// The territories within the caller's own territory, in tree order.
#[server(prefix = "/api", endpoint = "territories/list")]
pub async fn list_territories() -> Result<Vec<TerritoryOptionView>, AppError> {
    const ACTION: &str = "territories.list";
    let ctx = crate::server::Ctx::current()?;
    let user = ctx.require_user(ACTION).await?;
    let rows = ctx.state.store.territories_within(&user.territory(), 5000).await.or_fail(&ctx, ACTION)?;
    Ok(rows.into_iter().map(|r| TerritoryOptionView { id: r.id, depth: r.path().depth(), name: r.name }).collect())
}

/// The country and its districts and municipalities, for choosing where to
/// transfer a case. Names only: every signed-in case manager may see them.
#[server(prefix = "/api", endpoint = "territories/districts")]
pub async fn list_districts() -> Result<Vec<TerritoryOptionView>, AppError> {
    const ACTION: &str = "territories.districts";
    let ctx = crate::server::Ctx::current()?;
    let user = ctx.authorize(ACTION, crate::domain::Permission::EditAssignedCases, None).await?;
    let country = user.territory().root_of();
    let rows = ctx.state.store.territories_within(&country, 5000).await.or_fail(&ctx, ACTION)?;
    Ok(rows
        .into_iter()
        .filter(|r| r.path().depth() <= 2)
        .map(|r| TerritoryOptionView { id: r.id, depth: r.path().depth(), name: r.name })
        .collect())
}
