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

/// A line of a person search.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PersonListRow {
    pub id: i64,
    pub idnp: Option<String>,
    pub provisional_id: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub territory_name: String,
    pub status: String,
    pub search_key: String,
}

/// A person who may be the one being registered.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CandidateRow {
    pub id: i64,
    pub idnp: Option<String>,
    pub provisional_id: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub territory_path: String,
    pub territory_name: String,
}

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

/// What a person search asks for; every part is optional and they combine.
#[derive(Clone, Debug, Default)]
pub struct PersonQuery {
    /// An exact IDNP or provisional id.
    pub key: Option<String>,
    /// The folded start of "last first".
    pub name_prefix: Option<String>,
    /// The folded, sorted name tokens, for a whole name in any order.
    pub name_key: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// Narrows the caller's scope to one territory below it.
    pub within: Option<TerritoryPath>,
}

impl PersonQuery {
    /// Looks for a name as typed in the search box: names that start with it
    /// and, when it has several words, the whole name in any order. False
    /// (and nothing set) when nothing of it can be searched.
    pub fn set_name(&mut self, typed: &str) -> bool {
        let prefix = query_prefix(typed);
        if prefix.is_empty() {
            return false;
        }
        if prefix.contains(' ') {
            let mut tokens: Vec<&str> = prefix.split(' ').collect();
            tokens.sort_unstable();
            self.name_key = Some(tokens.join(" "));
        }
        self.name_prefix = Some(prefix);
        true
    }
}

/// The keyset cursor of a person list: the last row's search key and id.
pub fn cursor_of(row: &PersonListRow) -> String {
    format!("{}|{}", row.id, row.search_key)
}

fn parse_cursor(raw: &str) -> Option<(i64, String)> {
    let (id, key) = raw.split_once('|')?;
    Some((id.parse().ok()?, key.to_owned()))
}

/// The exclusive upper bound of a prefix range over folded keys (which hold
/// only `a`–`z`, `0`–`9` and spaces, all below `{`).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{{")
}

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

    /// Persons who may be the one being entered: the same IDNP, the same name
    /// in any order, or a birth date within `near_days`. The caller decides
    /// which of them really look alike. At most `limit` of each kind.
    pub async fn duplicate_candidates(
        &self,
        idnp: Option<&str>,
        name_key: &str,
        birth: NaiveDate,
        near_days: i64,
        exclude: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<CandidateRow>> {
        const COLS: &str = "SELECT p.id, p.idnp, p.provisional_id, p.last_name, p.first_name, p.birth_date, \
             p.territory_path, t.name AS territory_name FROM persons p JOIN territories t ON t.id = p.domicile_territory_id ";
        let from = birth - chrono::Duration::days(near_days);
        let to = birth + chrono::Duration::days(near_days);
        let exclude = exclude.unwrap_or(0);
        let by_idnp = format!("{COLS} WHERE p.idnp = $1 AND p.id <> $2");
        let by_name = format!("{COLS} WHERE p.name_key = $1 AND p.id <> $2 LIMIT $3");
        let by_birth = format!("{COLS} WHERE p.birth_date BETWEEN $1 AND $2 AND p.id <> $3 LIMIT $4");
        let mut out: Vec<CandidateRow> = Vec::new();
        on_db!(&self.db, |c| {
            if let Some(idnp) = idnp {
                out.extend(sqlx::query_as::<_, CandidateRow>(&by_idnp).bind(idnp).bind(exclude).fetch_all(c).await?);
            }
            out.extend(
                sqlx::query_as::<_, CandidateRow>(&by_name)
                    .bind(name_key)
                    .bind(exclude)
                    .bind(limit)
                    .fetch_all(c)
                    .await?,
            );
            out.extend(
                sqlx::query_as::<_, CandidateRow>(&by_birth)
                    .bind(from)
                    .bind(to)
                    .bind(exclude)
                    .bind(limit)
                    .fetch_all(c)
                    .await?,
            );
        });
        let mut seen = std::collections::HashSet::new();
        out.retain(|r| seen.insert(r.id));
        Ok(out)
    }

    /// One page of persons within `scope` matching `q`, in name order, after
    /// the keyset cursor `after`.
    ///
    /// The statement names only the conditions `q` sets, so that each can
    /// use its index: `(a IS NULL OR a = ..)` for an absent part would leave
    /// SQLite scanning the name index from the start (hundreds of ms at a
    /// million persons), and PostgreSQL with a generic plan likewise. It is
    /// put together from the fixed fragments below, never from input.
    pub async fn search_persons(
        &self,
        scope: &TerritoryPath,
        q: &PersonQuery,
        after: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<PersonListRow>> {
        enum Arg {
            Text(String),
            Date(NaiveDate),
            Int(i64),
        }
        /// Adds a value and returns its placeholder.
        fn param(args: &mut Vec<Arg>, value: Arg) -> String {
            args.push(value);
            format!("${}", args.len())
        }
        let mut args = Vec::new();
        let within = param(&mut args, Arg::Text(format!("{}%", q.within.as_ref().unwrap_or(scope).as_str())));
        // The territory's name comes from a subquery, not a join: PostgreSQL
        // underestimates how many persons share a name prefix (a few
        // surnames cover thousands) and would hash-join them all and sort,
        // where walking the name index in order stops after one page.
        let mut sql = format!(
            "SELECT p.id, p.idnp, p.provisional_id, p.last_name, p.first_name, p.birth_date, \
             (SELECT t.name FROM territories t WHERE t.id = p.domicile_territory_id) AS territory_name, \
             p.status, p.search_key FROM persons p WHERE p.territory_path LIKE {within}"
        );
        if let Some(key) = &q.key {
            let k = param(&mut args, Arg::Text(key.clone()));
            sql.push_str(&format!(" AND (p.idnp = {k} OR p.provisional_id = {k})"));
        }
        if let Some(prefix) = &q.name_prefix {
            let from = param(&mut args, Arg::Text(prefix.clone()));
            let to = param(&mut args, Arg::Text(prefix_end(prefix)));
            match &q.name_key {
                Some(key) => {
                    let key = param(&mut args, Arg::Text(key.clone()));
                    sql.push_str(&format!(
                        " AND ((p.search_key >= {from} AND p.search_key < {to}) OR p.name_key = {key})"
                    ));
                }
                None => sql.push_str(&format!(" AND p.search_key >= {from} AND p.search_key < {to}")),
            }
        }
        if let Some(birth) = q.birth_date {
            let b = param(&mut args, Arg::Date(birth));
            sql.push_str(&format!(" AND p.birth_date = {b}"));
        }
        if let Some((id, key)) = after.and_then(parse_cursor) {
            let key = param(&mut args, Arg::Text(key));
            let id = param(&mut args, Arg::Int(id));
            sql.push_str(&format!(" AND (p.search_key, p.id) > ({key}, {id})"));
        }
        let limit = param(&mut args, Arg::Int(limit));
        sql.push_str(&format!(" ORDER BY p.search_key, p.id LIMIT {limit}"));
        Ok(on_db!(&self.db, |c| {
            let mut query = sqlx::query_as::<_, PersonListRow>(&sql);
            for a in args {
                query = match a {
                    Arg::Text(v) => query.bind(v),
                    Arg::Date(v) => query.bind(v),
                    Arg::Int(v) => query.bind(v),
                };
            }
            query.fetch_all(c).await?
        }))
    }

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
