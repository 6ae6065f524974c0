//! The register of persons: registration (with the duplicate search that
//! comes first), updates checked against the version they were based on,
//! archiving, relations, and scoped search with keyset paging.

use super::history::{self, Entry, ObjectType};
use super::{map_unique, next_counter, now, on_db, on_tx, Store, StoreError, StoreResult, Tx};
use crate::domain::idnp::ProvisionalId;
use crate::domain::names::{name_key, query_prefix, search_key};
use crate::domain::person::{PersonStatus, RelationKind, ValidPerson};
use crate::domain::TerritoryPath;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A person as stored. Serialised whole into the history as each version's snapshot.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i64,
    pub idnp: Option<String>,
    pub provisional_id: Option<String>,
    pub no_idnp_reason: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub id_doc_type: Option<String>,
    pub id_doc_number: Option<String>,
    pub disability_degree: String,
    pub disability_limitation: Option<String>,
    pub domicile_territory_id: i64,
    pub territory_path: String,
    pub domicile_address: Option<String>,
    pub residence_territory_id: Option<i64>,
    pub residence_address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// A JSON array of classifier codes.
    pub vulnerabilities: String,
    pub distinct_note: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
    pub version: i64,
}

impl PersonRow {
    pub fn path(&self) -> TerritoryPath {
        TerritoryPath::parse(&self.territory_path).unwrap_or_else(|| TerritoryPath::root(self.domicile_territory_id))
    }
    pub fn status(&self) -> PersonStatus {
        PersonStatus::parse_db(&self.status).unwrap_or(PersonStatus::Active)
    }
    pub fn vulnerability_codes(&self) -> Vec<String> {
        serde_json::from_str(&self.vulnerabilities).unwrap_or_default()
    }
    /// The identifier shown to people: the IDNP, or the provisional id.
    pub fn key(&self) -> &str {
        self.idnp.as_deref().or(self.provisional_id.as_deref()).unwrap_or("")
    }
    pub fn snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

const SELECT_PERSON: &str = "SELECT id, idnp, provisional_id, no_idnp_reason, last_name, first_name, birth_date, sex, \
     id_doc_type, id_doc_number, disability_degree, disability_limitation, domicile_territory_id, territory_path, \
     domicile_address, residence_territory_id, residence_address, phone, email, vulnerabilities, distinct_note, \
     status, status_reason, created_at, created_by, updated_at, updated_by, version FROM persons WHERE id = $1";

async fn load(tx: &mut Tx, id: i64) -> StoreResult<PersonRow> {
    on_tx!(tx, |c| sqlx::query_as::<_, PersonRow>(SELECT_PERSON).bind(id).fetch_optional(c).await?)
        .ok_or(StoreError::NotFound)
}

/// Binds the 20 columns a person form sets, from `idnp` to `vulnerabilities`,
/// in the order the register and update statements name them.
macro_rules! bind_person {
    ($q:expr, $p:expr, $path:expr, $vulnerabilities:expr) => {
        $q.bind($p.idnp.as_ref().map(|i| i.as_str().to_owned()))
            .bind(if $p.idnp.is_some() { None } else { $p.no_idnp_reason.clone() })
            .bind(&$p.last_name)
            .bind(&$p.first_name)
            .bind(name_key(&$p.last_name, &$p.first_name))
            .bind(search_key(&$p.last_name, &$p.first_name))
            .bind($p.birth_date)
            .bind($p.sex.as_str())
            .bind(&$p.id_doc_type)
            .bind(&$p.id_doc_number)
            .bind($p.disability_degree.as_str())
            .bind(&$p.disability_limitation)
            .bind($p.domicile_territory_id)
            .bind($path.as_str())
            .bind(&$p.domicile_address)
            .bind($p.residence_territory_id)
            .bind(&$p.residence_address)
            .bind(&$p.phone)
            .bind(&$p.email)
            .bind(&$vulnerabilities)
    };
}

/// Registers a person and records version 1 in the history. A person without
/// an IDNP gets the next provisional id. `distinct_note` is the worker's
/// statement of why the person differs from the near matches shown.
pub async fn register(
    tx: &mut Tx,
    p: &ValidPerson,
    path: &TerritoryPath,
    distinct_note: Option<&str>,
    actor: i64,
) -> StoreResult<PersonRow> {
    let provisional = if p.idnp.is_none() {
        let seq = next_counter(tx, "provisional").await?;
        Some(ProvisionalId::from_seq(seq as u64).as_str().to_owned())
    } else {
        None
    };
    let now = now();
    let vulnerabilities = serde_json::to_string(&p.vulnerabilities).unwrap_or_else(|_| "[]".into());
    let id: i64 = on_tx!(tx, |c| {
        let q = sqlx::query_scalar(
            "INSERT INTO persons (idnp, no_idnp_reason, last_name, first_name, name_key, search_key, \
             birth_date, sex, id_doc_type, id_doc_number, disability_degree, disability_limitation, \
             domicile_territory_id, territory_path, domicile_address, residence_territory_id, residence_address, \
             phone, email, vulnerabilities, provisional_id, distinct_note, status, status_reason, created_at, \
             created_by, updated_at, updated_by, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
             $21, $22, $23, NULL, $24, $25, $24, $25, 1) RETURNING id",
        );
        bind_person!(q, p, path, vulnerabilities)
            .bind(&provisional)
            .bind(distinct_note)
            .bind(PersonStatus::Active.as_str())
            .bind(now)
            .bind(actor)
            .fetch_one(c)
            .await
            .map_err(|e| map_unique(e, "idnp"))?
    });
    let row = load(tx, id).await?;
    history::append(
        tx,
        &Entry {
            object: ObjectType::Person,
            object_id: id,
            version: 1,
            actor,
            action: "register",
            reason: distinct_note,
            before: None,
            after: &row.snapshot(),
        },
    )
    .await?;
    Ok(row)
}

/// Turns "no row updated" into the stale-version error naming who changed it.
pub(crate) async fn stale(tx: &mut Tx, table: &'static str, id: i64) -> StoreError {
    // Who last changed a versioned record, for the "changed by … at …" of a refused save. A row
    // changed by no user (a shipped form definition) names Vatra.
    let sql = match table {
        "cases" => {
            "SELECT COALESCE(b.full_name, 'Vatra'), r.updated_at FROM cases r \
             LEFT JOIN users b ON b.id = r.updated_by WHERE r.id = $1"
        }
        "form_submissions" => {
            "SELECT COALESCE(b.full_name, 'Vatra'), r.updated_at FROM form_submissions r \
             LEFT JOIN users b ON b.id = r.updated_by WHERE r.id = $1"
        }
        "form_definitions" => {
            "SELECT COALESCE(b.full_name, 'Vatra'), r.updated_at FROM form_definitions r \
             LEFT JOIN users b ON b.id = r.updated_by WHERE r.id = $1"
        }
        _ => {
            "SELECT COALESCE(b.full_name, 'Vatra'), r.updated_at FROM persons r \
             LEFT JOIN users b ON b.id = r.updated_by WHERE r.id = $1"
        }
    };
    let row: Result<Option<(String, DateTime<Utc>)>, sqlx::Error> =
        on_tx!(tx, |c| sqlx::query_as(sql).bind(id).fetch_optional(c).await);
    match row {
        Ok(Some((by, at))) => StoreError::Stale { changed_by: by, changed_at: at },
        Ok(None) => StoreError::NotFound,
        Err(e) => StoreError::Database(e),
    }
}

/// Saves an edited person if nobody changed it since `expected_version`.
/// An archived person is read-only. Returns the new row.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    p: &ValidPerson,
    path: &TerritoryPath,
    actor: i64,
) -> StoreResult<PersonRow> {
    let before = load(tx, id).await?;
    if before.version != expected_version {
        return Err(stale(tx, "persons", id).await);
    }
    if before.status() == PersonStatus::Archived {
        return Err(StoreError::ReadOnly);
    }
    let vulnerabilities = serde_json::to_string(&p.vulnerabilities).unwrap_or_else(|_| "[]".into());
    let affected = on_tx!(tx, |c| {
        let q = sqlx::query(
            "UPDATE persons SET idnp = $1, no_idnp_reason = $2, last_name = $3, first_name = $4, name_key = $5, \
             search_key = $6, birth_date = $7, sex = $8, id_doc_type = $9, id_doc_number = $10, \
             disability_degree = $11, disability_limitation = $12, domicile_territory_id = $13, \
             territory_path = $14, domicile_address = $15, residence_territory_id = $16, residence_address = $17, \
             phone = $18, email = $19, vulnerabilities = $20, updated_at = $21, updated_by = $22, \
             version = version + 1 WHERE id = $23 AND version = $24",
        );
        bind_person!(q, p, path, vulnerabilities)
            .bind(now())
            .bind(actor)
            .bind(id)
            .bind(expected_version)
            .execute(c)
            .await
            .map_err(|e| map_unique(e, "idnp"))?
            .rows_affected()
    });
    if affected != 1 {
        return Err(stale(tx, "persons", id).await);
    }
    let after = load(tx, id).await?;
    history::append(
        tx,
        &Entry {
            object: ObjectType::Person,
            object_id: id,
            version: after.version,
            actor,
            action: "update",
            reason: None,
            before: Some(&before.snapshot()),
            after: &after.snapshot(),
        },
    )
    .await?;
    Ok(after)
}

/// Archives a person (they leave the register) or brings them back, with a reason.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    status: PersonStatus,
    reason: &str,
    actor: i64,
) -> StoreResult<PersonRow> {
    let before = load(tx, id).await?;
    if before.version != expected_version {
        return Err(stale(tx, "persons", id).await);
    }
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE persons SET status = $1, status_reason = $2, updated_at = $3, updated_by = $4, \
             version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(status.as_str())
        .bind(reason)
        .bind(now())
        .bind(actor)
        .bind(id)
        .bind(expected_version)
        .execute(c)
        .await?
        .rows_affected()
    });
    if affected != 1 {
        return Err(stale(tx, "persons", id).await);
    }
    let after = load(tx, id).await?;
    let action = match status {
        PersonStatus::Archived => "archive",
        PersonStatus::Active => "restore",
    };
    history::append(
        tx,
        &Entry {
            object: ObjectType::Person,
            object_id: id,
            version: after.version,
            actor,
            action,
            reason: Some(reason),
            before: Some(&before.snapshot()),
            after: &after.snapshot(),
        },
    )
    .await?;
    Ok(after)
}

impl Store {
    pub async fn person(&self, id: i64) -> StoreResult<PersonRow> {
        on_db!(&self.db, |c| sqlx::query_as::<_, PersonRow>(SELECT_PERSON).bind(id).fetch_optional(c).await?)
            .ok_or(StoreError::NotFound)
    }

    /// The person holding `idnp` or provisional id `key`, anywhere.
    pub async fn person_id_by_key(&self, key: &str) -> StoreResult<Option<i64>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_scalar("SELECT id FROM persons WHERE idnp = $1 OR provisional_id = $1")
                .bind(key)
                .fetch_optional(c)
                .await?
        }))
    }

    /// True when a caller scoped to `scope` may see the person: their
    /// domicile is in scope, a case of theirs is, or a case of theirs waits
    /// for the caller to accept a transfer.
    pub async fn person_in_reach(&self, id: i64, scope: &TerritoryPath, user: i64) -> StoreResult<bool> {
        let prefix = format!("{}%", scope.as_str());
        Ok(on_db!(&self.db, |c| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM persons p WHERE p.id = $1 AND (p.territory_path LIKE $2 \
                 OR EXISTS (SELECT 1 FROM cases k WHERE k.person_id = p.id AND k.territory_path LIKE $2) \
                 OR EXISTS (SELECT 1 FROM cases k JOIN case_transfers t ON t.id = k.transfer_id \
                            WHERE k.person_id = p.id AND t.to_user_id = $3))",
            )
            .bind(id)
            .bind(&prefix)
            .bind(user)
            .fetch_one(c)
            .await?
        }) > 0)
    }
}

// The parts of this store, each a use case; the macros above are theirs too.
mod relations;
mod search;

pub use relations::*;
pub use search::*;
