//! Case forms: the versioned form definitions (seeded from the standard forms, edited and
//! published by administrators) and the submissions of each case (drafts, submits, revisions,
//! a supervisor's decision). Every change bumps the row's version and appends its history.

use super::history::{self, Entry, ObjectType};
use super::persons::stale;
use super::{now, on_db, on_tx, Store, StoreError, StoreResult, Tx};
use crate::domain::form::{Answers, FormDefinition, StandardForm, SubmissionStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A definition's life: edited as a draft, published for new forms, retired by a later one.
pub const DRAFT: &str = "draft";
pub const PUBLISHED: &str = "published";
pub const RETIRED: &str = "retired";

/// One stored version of a form definition.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow, Serialize, Deserialize)]
pub struct DefinitionRow {
    pub id: i64,
    pub code: String,
    pub version: i64,
    pub status: String,
    /// The [`FormDefinition`] as JSON.
    pub body: String,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_by: Option<i64>,
    pub updated_at: DateTime<Utc>,
    pub published_by: Option<i64>,
    pub published_at: Option<DateTime<Utc>>,
    pub row_version: i64,
}

impl DefinitionRow {
    /// The definition, with the code and version of its row.
    pub fn definition(&self) -> StoreResult<FormDefinition> {
        let mut def: FormDefinition =
            serde_json::from_str(&self.body).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        def.code = self.code.clone();
        def.version = u32::try_from(self.version).unwrap_or_default();
        Ok(def)
    }

    fn snapshot(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            let body = serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null);
            m.insert("body".into(), body);
            m.remove("row_version");
        }
        v
    }
}

const SELECT_DEFINITION: &str = "SELECT id, code, version, status, body, created_by, created_at, updated_by, \
     updated_at, published_by, published_at, row_version FROM form_definitions";

/// One submission as stored.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow, Serialize, Deserialize)]
pub struct SubmissionRow {
    pub id: i64,
    pub case_id: i64,
    pub form_code: String,
    pub definition_version: i64,
    pub revision: i64,
    pub previous_id: Option<i64>,
    pub status: String,
    /// The [`Answers`] as JSON.
    pub answers: String,
    pub version: i64,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_by: i64,
    pub updated_at: DateTime<Utc>,
    pub submitted_by: Option<i64>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_comment: Option<String>,
}

impl SubmissionRow {
    pub fn status(&self) -> SubmissionStatus {
        SubmissionStatus::parse_db(&self.status).unwrap_or(SubmissionStatus::Draft)
    }
    pub fn form(&self) -> Option<StandardForm> {
        StandardForm::parse(&self.form_code).ok()
    }
    /// The stored answers (empty when unreadable, which the store never writes).
    pub fn answers(&self) -> Answers {
        serde_json::from_str(&self.answers).unwrap_or_default()
    }
    /// The row for the history, its answers as JSON rather than text, so that the changes
    /// name the answers that changed.
    pub fn snapshot(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            m.remove("answers");
            if let Ok(serde_json::Value::Object(answers)) = serde_json::from_str::<serde_json::Value>(&self.answers) {
                for (k, a) in answers {
                    m.insert(format!("answers.{k}"), a);
                }
            }
        }
        v
    }
}

const SELECT_SUBMISSION: &str = "SELECT id, case_id, form_code, definition_version, revision, previous_id, status, \
     answers, version, created_by, created_at, updated_by, updated_at, submitted_by, submitted_at, decided_by, \
     decided_at, decision_comment FROM form_submissions";

/// Stores version 1 of each shipped standard form, published, when no version of its code
/// exists. Safe to run at every start.
pub async fn seed_definitions(store: &Store) -> StoreResult<()> {
    for def in crate::domain::form::standard::all() {
        let exists: i64 = on_db!(&store.db, |c| {
            sqlx::query_scalar("SELECT COUNT(*) FROM form_definitions WHERE code = $1")
                .bind(&def.code)
                .fetch_one(c)
                .await?
        });
        if exists > 0 {
            continue;
        }
        let mut def = def;
        def.version = 1;
        let body = serde_json::to_string(&def).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        let now = now();
        on_db!(&store.db, |c| {
            sqlx::query(
                "INSERT INTO form_definitions (code, version, status, body, created_at, updated_at, published_at, \
                 row_version) VALUES ($1, 1, $2, $3, $4, $4, $4, 1) ON CONFLICT (code, version) DO NOTHING",
            )
            .bind(&def.code)
            .bind(PUBLISHED)
            .bind(&body)
            .bind(now)
            .execute(c)
            .await?;
        });
    }
    Ok(())
}

/// Loads a submission inside `tx`.
pub async fn load(tx: &mut Tx, id: i64) -> StoreResult<SubmissionRow> {
    let sql = format!("{SELECT_SUBMISSION} WHERE id = $1");
    on_tx!(tx, |c| sqlx::query_as::<_, SubmissionRow>(&sql).bind(id).fetch_optional(c).await?)
        .ok_or(StoreError::NotFound)
}

/// Loads a submission for a change based on `expected`: a newer version is refused at once,
/// naming who changed it.
pub async fn load_for_change(tx: &mut Tx, id: i64, expected: i64) -> StoreResult<SubmissionRow> {
    let row = load(tx, id).await?;
    if row.version != expected {
        return Err(stale(tx, "form_submissions", id).await);
    }
    Ok(row)
}

/// What starting a form needs.
pub struct NewSubmission<'a> {
    pub case_id: i64,
    pub form: StandardForm,
    pub definition_version: i64,
    pub revision: i64,
    pub previous_id: Option<i64>,
    pub answers: &'a Answers,
    pub actor: i64,
}

/// Starts a submission as a draft, with history version 1.
pub async fn start(tx: &mut Tx, n: &NewSubmission<'_>) -> StoreResult<SubmissionRow> {
    let answers = serde_json::to_string(n.answers).unwrap_or_else(|_| "{}".into());
    let now = now();
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO form_submissions (case_id, form_code, definition_version, revision, previous_id, status, \
             answers, version, created_by, created_at, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $8, $9) RETURNING id",
        )
        .bind(n.case_id)
        .bind(n.form.code())
        .bind(n.definition_version)
        .bind(n.revision)
        .bind(n.previous_id)
        .bind(SubmissionStatus::Draft.as_str())
        .bind(&answers)
        .bind(n.actor)
        .bind(now)
        .fetch_one(c)
        .await?
    });
    let row = load(tx, id).await?;
    let action = if n.previous_id.is_some() { "revise" } else { "start" };
    history::append(
        tx,
        &Entry {
            object: ObjectType::FormSubmission,
            object_id: id,
            version: 1,
            actor: n.actor,
            action,
            reason: None,
            before: None,
            after: &row.snapshot(),
        },
    )
    .await?;
    Ok(row)
}

/// Saves a changed submission if its version is still `expected`, and records the history.
pub async fn save(
    tx: &mut Tx,
    before: &SubmissionRow,
    after: &SubmissionRow,
    expected: i64,
    action: &str,
    reason: Option<&str>,
    actor: i64,
) -> StoreResult<SubmissionRow> {
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE form_submissions SET status = $1, answers = $2, submitted_by = $3, submitted_at = $4, \
             decided_by = $5, decided_at = $6, decision_comment = $7, updated_by = $8, updated_at = $9, \
             version = version + 1 WHERE id = $10 AND version = $11",
        )
        .bind(&after.status)
        .bind(&after.answers)
        .bind(after.submitted_by)
        .bind(after.submitted_at)
        .bind(after.decided_by)
        .bind(after.decided_at)
        .bind(&after.decision_comment)
        .bind(actor)
        .bind(now())
        .bind(before.id)
        .bind(expected)
        .execute(c)
        .await?
        .rows_affected()
    });
    if affected != 1 {
        return Err(stale(tx, "form_submissions", before.id).await);
    }
    let saved = load(tx, before.id).await?;
    history::append(
        tx,
        &Entry {
            object: ObjectType::FormSubmission,
            object_id: before.id,
            version: saved.version,
            actor,
            action,
            reason,
            before: Some(&before.snapshot()),
            after: &saved.snapshot(),
        },
    )
    .await?;
    Ok(saved)
}

/// Saves the answers of an editable submission as they are.
pub async fn save_answers(
    tx: &mut Tx,
    before: &SubmissionRow,
    answers: &Answers,
    actor: i64,
) -> StoreResult<SubmissionRow> {
    let mut after = before.clone();
    after.answers = serde_json::to_string(answers).unwrap_or_else(|_| "{}".into());
    save(tx, before, &after, before.version, "save", None, actor).await
}

/// Submits (cleaned, checked) answers: the submission becomes read-only.
pub async fn submit(tx: &mut Tx, before: &SubmissionRow, answers: &Answers, actor: i64) -> StoreResult<SubmissionRow> {
    let mut after = before.clone();
    after.answers = serde_json::to_string(answers).unwrap_or_else(|_| "{}".into());
    after.status = SubmissionStatus::Submitted.as_str().to_owned();
    after.submitted_by = Some(actor);
    after.submitted_at = Some(now());
    save(tx, before, &after, before.version, "submit", None, actor).await
}

/// Marks a submission replaced by its newer revision.
pub async fn supersede(tx: &mut Tx, id: i64, by: i64, actor: i64) -> StoreResult<SubmissionRow> {
    let before = load(tx, id).await?;
    let mut after = before.clone();
    after.status = SubmissionStatus::Superseded.as_str().to_owned();
    let reason = format!("revision {by}");
    save(tx, &before, &after, before.version, "supersede", Some(&reason), actor).await
}

/// A supervisor's decision: approved, or returned with a comment (editable again).
pub async fn decide(
    tx: &mut Tx,
    before: &SubmissionRow,
    approve: bool,
    comment: Option<&str>,
    actor: i64,
) -> StoreResult<SubmissionRow> {
    let mut after = before.clone();
    let (status, action) =
        if approve { (SubmissionStatus::Approved, "approve") } else { (SubmissionStatus::Returned, "return") };
    after.status = status.as_str().to_owned();
    after.decided_by = Some(actor);
    after.decided_at = Some(now());
    after.decision_comment = comment.map(str::to_owned);
    save(tx, before, &after, before.version, action, comment, actor).await
}

/// The newest published definition of `code`, inside `tx`.
pub async fn newest_published(tx: &mut Tx, code: &str) -> StoreResult<Option<DefinitionRow>> {
    let sql = format!("{SELECT_DEFINITION} WHERE code = $1 AND status = $2 ORDER BY version DESC LIMIT 1");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, DefinitionRow>(&sql).bind(code).bind(PUBLISHED).fetch_optional(c).await?))
}

async fn load_definition(tx: &mut Tx, code: &str, version: i64) -> StoreResult<DefinitionRow> {
    let sql = format!("{SELECT_DEFINITION} WHERE code = $1 AND version = $2");
    on_tx!(tx, |c| sqlx::query_as::<_, DefinitionRow>(&sql).bind(code).bind(version).fetch_optional(c).await?)
        .ok_or(StoreError::NotFound)
}

/// Stores a new draft version of `def.code` (the next number), with history version 1.
pub async fn add_definition(tx: &mut Tx, def: &FormDefinition, actor: i64) -> StoreResult<DefinitionRow> {
    let last: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar("SELECT MAX(version) FROM form_definitions WHERE code = $1")
            .bind(&def.code)
            .fetch_one(c)
            .await?
    });
    let version = last.unwrap_or(0) + 1;
    let mut def = def.clone();
    def.version = u32::try_from(version).unwrap_or_default();
    let body = serde_json::to_string(&def).unwrap_or_default();
    let now = now();
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO form_definitions (code, version, status, body, created_by, created_at, updated_by, \
             updated_at, row_version) VALUES ($1, $2, $3, $4, $5, $6, $5, $6, 1) RETURNING id",
        )
        .bind(&def.code)
        .bind(version)
        .bind(DRAFT)
        .bind(&body)
        .bind(actor)
        .bind(now)
        .fetch_one(c)
        .await
        .map_err(|e| super::map_unique(e, "version"))?
    });
    let row = load_definition(tx, &def.code, version).await?;
    definition_history(tx, None, &row, "create", actor).await?;
    debug_assert_eq!(row.id, id);
    Ok(row)
}

async fn definition_history(
    tx: &mut Tx,
    before: Option<&DefinitionRow>,
    after: &DefinitionRow,
    action: &str,
    actor: i64,
) -> StoreResult<()> {
    history::append(
        tx,
        &Entry {
            object: ObjectType::FormDefinition,
            object_id: after.id,
            version: after.row_version,
            actor,
            action,
            reason: None,
            before: before.map(DefinitionRow::snapshot).as_ref(),
            after: &after.snapshot(),
        },
    )
    .await
}

/// Why a definition change was refused.
#[derive(Debug)]
pub enum DefinitionError {
    Store(StoreError),
    /// Only a draft version can be changed or published.
    NotDraft,
}

impl From<StoreError> for DefinitionError {
    fn from(e: StoreError) -> Self {
        DefinitionError::Store(e)
    }
}

/// Loads a definition version for a change based on `row_version`.
pub async fn definition_for_change(
    tx: &mut Tx,
    code: &str,
    version: i64,
    row_version: i64,
) -> Result<DefinitionRow, DefinitionError> {
    let row = load_definition(tx, code, version).await?;
    if row.status != DRAFT {
        return Err(DefinitionError::NotDraft);
    }
    if row.row_version != row_version {
        return Err(stale(tx, "form_definitions", row.id).await.into());
    }
    Ok(row)
}

/// Replaces the body of a draft version.
pub async fn update_definition(
    tx: &mut Tx,
    before: &DefinitionRow,
    def: &FormDefinition,
    actor: i64,
) -> Result<DefinitionRow, DefinitionError> {
    let mut def = def.clone();
    def.code = before.code.clone();
    def.version = u32::try_from(before.version).unwrap_or_default();
    let body = serde_json::to_string(&def).unwrap_or_default();
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE form_definitions SET body = $1, updated_by = $2, updated_at = $3, row_version = row_version + 1 \
             WHERE id = $4 AND row_version = $5 AND status = $6",
        )
        .bind(&body)
        .bind(actor)
        .bind(now())
        .bind(before.id)
        .bind(before.row_version)
        .bind(DRAFT)
        .execute(c)
        .await
        .map_err(StoreError::from)?
        .rows_affected()
    });
    if affected != 1 {
        return Err(stale(tx, "form_definitions", before.id).await.into());
    }
    let row = load_definition(tx, &before.code, before.version).await?;
    definition_history(tx, Some(before), &row, "save", actor).await?;
    Ok(row)
}

/// Publishes a draft version; the version published before it is retired.
pub async fn publish_definition(
    tx: &mut Tx,
    before: &DefinitionRow,
    actor: i64,
) -> Result<DefinitionRow, DefinitionError> {
    let now = now();
    let previous: Vec<DefinitionRow> = {
        let sql = format!("{SELECT_DEFINITION} WHERE code = $1 AND status = $2");
        on_tx!(tx, |c| {
            sqlx::query_as::<_, DefinitionRow>(&sql)
                .bind(&before.code)
                .bind(PUBLISHED)
                .fetch_all(c)
                .await
                .map_err(StoreError::from)?
        })
    };
    for old in previous {
        on_tx!(tx, |c| {
            sqlx::query(
                "UPDATE form_definitions SET status = $1, updated_by = $2, updated_at = $3, \
                 row_version = row_version + 1 WHERE id = $4",
            )
            .bind(RETIRED)
            .bind(actor)
            .bind(now)
            .bind(old.id)
            .execute(c)
            .await
            .map_err(StoreError::from)?;
        });
        let retired = load_definition(tx, &old.code, old.version).await?;
        definition_history(tx, Some(&old), &retired, "retire", actor).await?;
    }
    let affected = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE form_definitions SET status = $1, published_by = $2, published_at = $3, updated_by = $2, \
             updated_at = $3, row_version = row_version + 1 WHERE id = $4 AND row_version = $5 AND status = $6",
        )
        .bind(PUBLISHED)
        .bind(actor)
        .bind(now)
        .bind(before.id)
        .bind(before.row_version)
        .bind(DRAFT)
        .execute(c)
        .await
        .map_err(StoreError::from)?
        .rows_affected()
    });
    if affected != 1 {
        return Err(stale(tx, "form_definitions", before.id).await.into());
    }
    let row = load_definition(tx, &before.code, before.version).await?;
    definition_history(tx, Some(before), &row, "publish", actor).await?;
    Ok(row)
}

/// The submissions of a case (of one form, when named) inside `tx`, oldest first.
pub async fn of_case_in(tx: &mut Tx, case_id: i64, form: Option<&str>) -> StoreResult<Vec<SubmissionRow>> {
    let sql = format!("{SELECT_SUBMISSION} WHERE case_id = $1 AND ($2 IS NULL OR form_code = $2) ORDER BY id");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, SubmissionRow>(&sql).bind(case_id).bind(form).fetch_all(c).await?))
}

impl Store {
    pub async fn submission(&self, id: i64) -> StoreResult<SubmissionRow> {
        let sql = format!("{SELECT_SUBMISSION} WHERE id = $1");
        on_db!(&self.db, |c| sqlx::query_as::<_, SubmissionRow>(&sql).bind(id).fetch_optional(c).await?)
            .ok_or(StoreError::NotFound)
    }

    /// Every submission of a case (of one form, when named), oldest first. A case holds few.
    pub async fn submissions_of_case(&self, case_id: i64, form: Option<&str>) -> StoreResult<Vec<SubmissionRow>> {
        let sql =
            format!("{SELECT_SUBMISSION} WHERE case_id = $1 AND ($2 IS NULL OR form_code = $2) ORDER BY id LIMIT 1000");
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, SubmissionRow>(&sql).bind(case_id).bind(form).fetch_all(c).await?
        }))
    }

    /// True when the case holds a submitted or approved `form`.
    pub async fn case_has_submitted(&self, case_id: i64, form: StandardForm) -> StoreResult<bool> {
        let n: i64 = on_db!(&self.db, |c| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM form_submissions WHERE case_id = $1 AND form_code = $2 \
                 AND status IN ($3, $4)",
            )
            .bind(case_id)
            .bind(form.code())
            .bind(SubmissionStatus::Submitted.as_str())
            .bind(SubmissionStatus::Approved.as_str())
            .fetch_one(c)
            .await?
        });
        Ok(n > 0)
    }

    /// Every version of every definition, by code and version.
    pub async fn definitions(&self) -> StoreResult<Vec<DefinitionRow>> {
        let sql = format!("{SELECT_DEFINITION} ORDER BY code, version LIMIT 2000");
        Ok(on_db!(&self.db, |c| sqlx::query_as::<_, DefinitionRow>(&sql).fetch_all(c).await?))
    }

    /// One version of a definition; the newest of any status when `version` is `None`.
    pub async fn definition(&self, code: &str, version: Option<i64>) -> StoreResult<DefinitionRow> {
        let sql = format!(
            "{SELECT_DEFINITION} WHERE code = $1 AND ($2 IS NULL OR version = $2) ORDER BY version DESC LIMIT 1"
        );
        on_db!(&self.db, |c| {
            sqlx::query_as::<_, DefinitionRow>(&sql).bind(code).bind(version).fetch_optional(c).await?
        })
        .ok_or(StoreError::NotFound)
    }

    /// The newest published version of `code`, if any.
    pub async fn published_definition(&self, code: &str) -> StoreResult<Option<DefinitionRow>> {
        let sql = format!("{SELECT_DEFINITION} WHERE code = $1 AND status = $2 ORDER BY version DESC LIMIT 1");
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, DefinitionRow>(&sql).bind(code).bind(PUBLISHED).fetch_optional(c).await?
        }))
    }
}
