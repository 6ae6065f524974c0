//! Relations between persons (family and household), each readable from both sides.

use super::*;

/// A relation seen from one person's side.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RelationRow {
    pub id: i64,
    /// How the other person relates to this one, already inverted when needed.
    pub kind: String,
    pub other_id: i64,
    pub other_last_name: String,
    pub other_first_name: String,
    pub other_birth_date: NaiveDate,
    pub note: Option<String>,
    /// True when the stored relation reads from the other person's side.
    pub inverted: bool,
}

/// Records that `person` relates to `other` as `kind`. The same pair may hold
/// one active relation of a kind (either way round).
pub async fn add_relation(
    tx: &mut Tx,
    person: i64,
    kind: RelationKind,
    other: i64,
    note: Option<&str>,
    actor: i64,
) -> StoreResult<i64> {
    let existing: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "SELECT id FROM relations WHERE active = $1 AND \
             ((person_id = $2 AND other_id = $3 AND kind = $4) OR (person_id = $3 AND other_id = $2 AND kind = $5))",
        )
        .bind(true)
        .bind(person)
        .bind(other)
        .bind(kind.as_str())
        .bind(kind.inverse().as_str())
        .fetch_optional(c)
        .await?
    });
    if existing.is_some() {
        return Err(StoreError::Duplicate("relation"));
    }
    let id = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO relations (person_id, kind, other_id, note, active, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(person)
        .bind(kind.as_str())
        .bind(other)
        .bind(note)
        .bind(true)
        .bind(now())
        .bind(actor)
        .fetch_one(c)
        .await?
    });
    Ok(id)
}

/// Ends a relation (it stays on record). Returns the two persons it joined.
pub async fn end_relation(tx: &mut Tx, id: i64, actor: i64) -> StoreResult<(i64, i64)> {
    let pair: Option<(i64, i64)> = on_tx!(tx, |c| {
        sqlx::query_as(
            "UPDATE relations SET active = $1, ended_at = $2, ended_by = $3 WHERE id = $4 AND active = $5 \
             RETURNING person_id, other_id",
        )
        .bind(false)
        .bind(now())
        .bind(actor)
        .bind(id)
        .bind(true)
        .fetch_optional(c)
        .await?
    });
    pair.ok_or(StoreError::NotFound)
}

impl Store {
    /// Every active relation of a person, each read from that person's side.
    pub async fn relations(&self, person: i64) -> StoreResult<Vec<RelationRow>> {
        let rows: Vec<RelationRow> = on_db!(&self.db, |c| {
            sqlx::query_as::<_, RelationRow>(
                "SELECT r.id, r.kind, r.other_id, o.last_name AS other_last_name, o.first_name AS other_first_name, \
                 o.birth_date AS other_birth_date, r.note, $2 AS inverted \
                 FROM relations r JOIN persons o ON o.id = r.other_id WHERE r.person_id = $1 AND r.active = $3 \
                 UNION ALL \
                 SELECT r.id, r.kind, r.person_id AS other_id, o.last_name, o.first_name, o.birth_date, r.note, \
                 $4 AS inverted \
                 FROM relations r JOIN persons o ON o.id = r.person_id WHERE r.other_id = $1 AND r.active = $3 \
                 ORDER BY 4, 5",
            )
            .bind(person)
            .bind(false)
            .bind(true)
            .bind(true)
            .fetch_all(c)
            .await?
        });
        // A relation stored as "A parent_of B" reads, from B's side, as
        // "A is B's parent"; from A's side the other person is A's child.
        Ok(rows
            .into_iter()
            .map(|mut r| {
                if !r.inverted {
                    if let Ok(k) = RelationKind::parse(&r.kind) {
                        r.kind = k.inverse().as_str().to_owned();
                    }
                }
                r
            })
            .collect())
    }

    /// The pair of persons a relation joins, when it is active.
    pub async fn relation_pair(&self, id: i64) -> StoreResult<(i64, i64)> {
        on_db!(&self.db, |c| {
            sqlx::query_as("SELECT person_id, other_id FROM relations WHERE id = $1 AND active = $2")
                .bind(id)
                .bind(true)
                .fetch_optional(c)
                .await?
        })
        .ok_or(StoreError::NotFound)
    }
}
