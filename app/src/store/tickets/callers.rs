//! The callers the call center finds by IDNP or phone.

use super::*;

/// A registered person a call-center agent may link to a caller's ticket.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallerMatchRow {
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: chrono::NaiveDate,
    pub territory_name: String,
    pub territory_path: String,
}

macro_rules! select_caller {
    () => {
        "SELECT p.id, p.last_name, p.first_name, p.birth_date, t.name AS territory_name, p.territory_path \
         FROM persons p JOIN territories t ON t.id = p.domicile_territory_id"
    };
}

/// The persons registered in the territory `within` (a path and all below it) with the IDNP
/// `idnp` or the phone `phone` (as stored: see `parse_phone`), at most `limit`.
pub async fn callers(
    db: &Db,
    within: &str,
    idnp: Option<&str>,
    phone: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<CallerMatchRow>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(concat!(
            select_caller!(),
            " WHERE (p.idnp = $1 OR p.phone = $2) AND substr(p.territory_path, 1, length($3)) = $3 \
             ORDER BY p.last_name, p.first_name, p.id LIMIT $4"
        ))
        .bind(idnp)
        .bind(phone)
        .bind(within)
        .bind(limit)
        .fetch_all(c)
        .await?
    }))
}

/// One person as a call's ticket names them.
pub async fn caller(db: &Db, id: i64) -> StoreResult<CallerMatchRow> {
    let row: Option<CallerMatchRow> = on_db!(db, |c| {
        sqlx::query_as(concat!(select_caller!(), " WHERE p.id = $1")).bind(id).fetch_optional(c).await?
    });
    row.ok_or(StoreError::NotFound)
}
