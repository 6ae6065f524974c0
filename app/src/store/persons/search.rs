//! Finding persons: the search by key, name, birth date and territory, one keyset page at a
//! time, and the candidates that may be the person being entered.

use super::*;

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

pub(super) fn parse_cursor(raw: &str) -> Option<(i64, String)> {
    let (id, key) = raw.split_once('|')?;
    Some((id.parse().ok()?, key.to_owned()))
}

/// The exclusive upper bound of a prefix range over folded keys (which hold
/// only `a`–`z`, `0`–`9` and spaces, all below `{`).
pub(super) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{{")
}

impl Store {
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
}
