//! Territories: the administrative tree that bounds every role's reach.
//! Moldova's districts, municipalities and autonomous units are seeded by
//! name on a new database; codes can be imported later.

use super::{map_unique, now, on_db, on_tx, Store, StoreError, StoreResult, Tx};
use crate::domain::territory::{TerritoryKind, TerritoryPath};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TerritoryRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    pub code: Option<String>,
    pub name: String,
    pub kind: String,
}

impl TerritoryRow {
    pub fn path(&self) -> TerritoryPath {
        TerritoryPath::parse(&self.path).unwrap_or_else(|| TerritoryPath::root(self.id))
    }
}

const MUNICIPALITIES: &[&str] = &[
    "Chișinău",
    "Bălți",
    "Bender",
    "Cahul",
    "Ceadîr-Lunga",
    "Comrat",
    "Edineț",
    "Hîncești",
    "Orhei",
    "Soroca",
    "Strășeni",
    "Tiraspol",
    "Ungheni",
];

const DISTRICTS: &[&str] = &[
    "Anenii Noi",
    "Basarabeasca",
    "Briceni",
    "Cahul",
    "Cantemir",
    "Călărași",
    "Căușeni",
    "Cimișlia",
    "Criuleni",
    "Dondușeni",
    "Drochia",
    "Dubăsari",
    "Edineț",
    "Fălești",
    "Florești",
    "Glodeni",
    "Hîncești",
    "Ialoveni",
    "Leova",
    "Nisporeni",
    "Ocnița",
    "Orhei",
    "Rezina",
    "Rîșcani",
    "Sîngerei",
    "Soroca",
    "Strășeni",
    "Șoldănești",
    "Ștefan Vodă",
    "Taraclia",
    "Telenești",
    "Ungheni",
];

const AUTONOMOUS: &[&str] = &["UTA Găgăuzia", "Unitățile administrativ-teritoriale din stânga Nistrului"];

/// Inserts a territory under `parent` (or as a root) and returns its row.
pub async fn insert(
    tx: &mut Tx,
    parent: Option<&TerritoryRow>,
    name: &str,
    code: Option<&str>,
    kind: TerritoryKind,
) -> StoreResult<TerritoryRow> {
    let now = now();
    // The path needs the new id, so insert with a unique placeholder first.
    let placeholder = format!("pending:{}", uuid::Uuid::new_v4());
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO territories (parent_id, path, code, name, kind, valid_from) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(parent.map(|p| p.id))
        .bind(&placeholder)
        .bind(code)
        .bind(name)
        .bind(kind.code())
        .bind(now)
        .fetch_one(c)
        .await
        .map_err(|e| map_unique(e, "code"))?
    });
    let path = match parent {
        Some(p) => p.path().child(id),
        None => TerritoryPath::root(id),
    };
    on_tx!(tx, |c| {
        sqlx::query("UPDATE territories SET path = $1 WHERE id = $2").bind(path.as_str()).bind(id).execute(c).await?;
    });
    Ok(TerritoryRow {
        id,
        parent_id: parent.map(|p| p.id),
        path: path.as_str().to_owned(),
        code: code.map(str::to_owned),
        name: name.to_owned(),
        kind: kind.code().to_owned(),
    })
}

/// Seeds Moldova and its first-level units when the table is empty.
pub async fn seed_if_empty(store: &Store) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    let count: i64 = on_tx!(&mut tx, |c| sqlx::query_scalar("SELECT COUNT(*) FROM territories").fetch_one(c).await?);
    if count > 0 {
        return Ok(());
    }
    // The country's code is unique: a second instance seeding at the same
    // moment fails here and leaves the first one's tree alone.
    let country = match insert(&mut tx, None, "Republica Moldova", Some("MD"), TerritoryKind::Country).await {
        Err(StoreError::Duplicate(_)) => return Ok(()),
        other => other?,
    };
    for name in MUNICIPALITIES {
        insert(&mut tx, Some(&country), &format!("mun. {name}"), None, TerritoryKind::Municipality).await?;
    }
    for name in DISTRICTS {
        insert(&mut tx, Some(&country), &format!("r-nul {name}"), None, TerritoryKind::District).await?;
    }
    for name in AUTONOMOUS {
        insert(&mut tx, Some(&country), name, None, TerritoryKind::AutonomousUnit).await?;
    }
    tx.commit().await
}

/// A territory by its code, or by its name (under `parent` when given), inside `tx`.
pub async fn find_in(
    tx: &mut Tx,
    code: Option<&str>,
    name: Option<&str>,
    parent: Option<i64>,
) -> StoreResult<Option<TerritoryRow>> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_as::<_, TerritoryRow>(
            "SELECT id, parent_id, path, code, name, kind FROM territories \
             WHERE ($1 IS NOT NULL AND code = $1) \
                OR ($1 IS NULL AND name = $2 AND ($3 IS NULL OR parent_id = $3)) \
             ORDER BY path LIMIT 1",
        )
        .bind(code)
        .bind(name)
        .bind(parent)
        .fetch_optional(c)
        .await?
    }))
}

/// Gives a territory that has none its code; false when it already had one.
pub async fn set_code(tx: &mut Tx, id: i64, code: &str) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| {
        sqlx::query("UPDATE territories SET code = $1 WHERE id = $2 AND code IS NULL")
            .bind(code)
            .bind(id)
            .execute(c)
            .await
            .map_err(|e| map_unique(e, "code"))?
            .rows_affected()
    });
    Ok(n == 1)
}

impl Store {
    pub async fn territory(&self, id: i64) -> StoreResult<TerritoryRow> {
        on_db!(&self.db, |c| {
            sqlx::query_as::<_, TerritoryRow>(
                "SELECT id, parent_id, path, code, name, kind FROM territories WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(c)
            .await?
        })
        .ok_or(StoreError::NotFound)
    }

    pub async fn territory_by_name(&self, name: &str) -> StoreResult<TerritoryRow> {
        on_db!(&self.db, |c| {
            sqlx::query_as::<_, TerritoryRow>(
                "SELECT id, parent_id, path, code, name, kind FROM territories WHERE name = $1 \
                 ORDER BY path LIMIT 1",
            )
            .bind(name)
            .fetch_optional(c)
            .await?
        })
        .ok_or(StoreError::NotFound)
    }

    /// Territories within `scope` (the scope itself included), in tree order,
    /// at most `limit`. The tree is small (tens of units, a few thousand
    /// localities), so pickers list it whole within the caller's scope.
    pub async fn territories_within(&self, scope: &TerritoryPath, limit: i64) -> StoreResult<Vec<TerritoryRow>> {
        let prefix = format!("{}%", scope.as_str());
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, TerritoryRow>(
                "SELECT id, parent_id, path, code, name, kind FROM territories \
                 WHERE path LIKE $1 AND valid_to IS NULL ORDER BY path LIMIT $2",
            )
            .bind(&prefix)
            .bind(limit)
            .fetch_all(c)
            .await?
        }))
    }

    /// Adds a locality (or any unit) under an existing territory.
    pub async fn add_territory(&self, parent_id: i64, name: &str, kind: TerritoryKind) -> StoreResult<TerritoryRow> {
        let parent = self.territory(parent_id).await?;
        let mut tx = self.begin().await?;
        let row = insert(&mut tx, Some(&parent), name, None, kind).await?;
        tx.commit().await?;
        Ok(row)
    }
}
