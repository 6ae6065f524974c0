//! Classifiers administrators maintain: vulnerabilities and risks, functional
//! limitations, identity document types. Seeded on a new database; an entry
//! is never deleted, it ends (`valid_to`).

use super::{now, on_db, Store, StoreResult};

/// One classifier entry, with its name in each language.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClassifierRow {
    pub kind: String,
    pub code: String,
    pub name_ro: String,
    pub name_en: String,
    pub name_ru: String,
}

/// The kinds of classifier a person's record uses.
pub use crate::domain::classifier::KINDS;

const SEED: &[(&str, &str, &str, &str, &str)] = &[
    ("vulnerability", "child_at_risk", "Copil în situație de risc", "Child at risk", "Ребёнок в группе риска"),
    ("vulnerability", "domestic_violence", "Violență în familie", "Domestic violence", "Насилие в семье"),
    ("vulnerability", "elderly_alone", "Vârstnic singur", "Elderly person living alone", "Одинокий пожилой человек"),
    ("vulnerability", "disability", "Dizabilitate", "Disability", "Инвалидность"),
    ("vulnerability", "poverty", "Sărăcie extremă", "Extreme poverty", "Крайняя бедность"),
    ("vulnerability", "unemployment", "Șomaj de lungă durată", "Long-term unemployment", "Длительная безработица"),
    ("vulnerability", "homelessness", "Fără adăpost", "Homelessness", "Бездомность"),
    ("vulnerability", "addiction", "Dependență", "Addiction", "Зависимость"),
    (
        "vulnerability",
        "left_behind",
        "Copil rămas fără îngrijire părintească (părinți plecați)",
        "Child left behind by migrant parents",
        "Ребёнок, оставшийся без попечения (родители за границей)",
    ),
    ("vulnerability", "single_parent", "Familie monoparentală", "Single-parent family", "Неполная семья"),
    ("vulnerability", "large_family", "Familie numeroasă", "Large family", "Многодетная семья"),
    ("vulnerability", "chronic_illness", "Boală cronică", "Chronic illness", "Хроническое заболевание"),
    ("disability_limitation", "mobility", "Locomotorie", "Mobility", "Опорно-двигательная"),
    ("disability_limitation", "vision", "Vizuală", "Vision", "Зрительная"),
    ("disability_limitation", "hearing", "Auditivă", "Hearing", "Слуховая"),
    ("disability_limitation", "intellectual", "Intelectuală", "Intellectual", "Интеллектуальная"),
    ("disability_limitation", "psychosocial", "Psihosocială", "Psychosocial", "Психосоциальная"),
    ("disability_limitation", "multiple", "Multiplă", "Multiple", "Множественная"),
    ("document_type", "id_card", "Buletin de identitate", "Identity card", "Удостоверение личности"),
    ("document_type", "passport", "Pașaport", "Passport", "Паспорт"),
    ("document_type", "birth_certificate", "Certificat de naștere", "Birth certificate", "Свидетельство о рождении"),
    ("document_type", "residence_permit", "Permis de ședere", "Residence permit", "Вид на жительство"),
    ("document_type", "temporary_id", "Buletin provizoriu", "Temporary identity card", "Временное удостоверение"),
    ("ticket_category", "forms", "Formulare și dosare", "Forms and case files", "Формы и дела"),
    ("ticket_category", "access", "Autentificare și acces", "Sign-in and access", "Вход и доступ"),
    ("ticket_category", "data", "Corectarea datelor", "Correcting data", "Исправление данных"),
    ("ticket_category", "fault", "Ceva nu funcționează", "Something does not work", "Что-то не работает"),
    ("ticket_category", "question", "Întrebare despre lucru", "Question about the work", "Вопрос по работе"),
    ("ticket_category", "citizen", "Solicitarea unui cetățean", "Request from a citizen", "Обращение гражданина"),
];

/// Seeds each kind of classifier that has no entry yet (a kind added by a later version gets its
/// entries on an existing database; a kind administrators have filled is left alone).
pub async fn seed_if_empty(store: &Store) -> StoreResult<()> {
    let seeded: Vec<String> =
        on_db!(&store.db, |c| sqlx::query_scalar("SELECT DISTINCT kind FROM classifiers").fetch_all(c).await?);
    let now = now();
    on_db!(&store.db, |c| {
        for (kind, code, ro, en, ru) in SEED.iter().filter(|e| !seeded.iter().any(|k| k == e.0)) {
            sqlx::query(
                "INSERT INTO classifiers (kind, code, name_ro, name_en, name_ru, valid_from, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6, 1) ON CONFLICT (kind, code) DO NOTHING",
            )
            .bind(kind)
            .bind(code)
            .bind(ro)
            .bind(en)
            .bind(ru)
            .bind(now)
            .execute(c)
            .await?;
        }
    });
    Ok(())
}

impl Store {
    /// The entries of a classifier valid now, in code order.
    pub async fn classifier(&self, kind: &str) -> StoreResult<Vec<ClassifierRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, ClassifierRow>(
                "SELECT kind, code, name_ro, name_en, name_ru FROM classifiers \
                 WHERE kind = $1 AND (valid_to IS NULL OR valid_to > $2) ORDER BY code LIMIT 500",
            )
            .bind(kind)
            .bind(now())
            .fetch_all(c)
            .await?
        }))
    }

    /// The codes of `kind` among `codes` that are not valid entries now.
    pub async fn unknown_codes(&self, kind: &str, codes: &[String]) -> StoreResult<Vec<String>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let known: Vec<String> = self.classifier(kind).await?.into_iter().map(|r| r.code).collect();
        Ok(codes.iter().filter(|c| !known.contains(c)).cloned().collect())
    }
}

/// A classifier entry as an administrator sees it, ended ones included.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClassifierAdminRow {
    pub code: String,
    pub name_ro: String,
    pub name_en: String,
    pub name_ru: String,
    pub valid_from: chrono::DateTime<chrono::Utc>,
    pub valid_to: Option<chrono::DateTime<chrono::Utc>>,
    pub version: i64,
}

/// The names of an entry in the three languages.
pub struct Names<'a> {
    pub ro: &'a str,
    pub en: &'a str,
    pub ru: &'a str,
}

/// Adds an entry to a classifier.
pub async fn add(tx: &mut super::Tx, kind: &str, code: &str, n: &Names<'_>, actor: i64) -> StoreResult<()> {
    super::on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO classifiers (kind, code, name_ro, name_en, name_ru, valid_from, updated_at, updated_by, \
             version) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, 1)",
        )
        .bind(kind)
        .bind(code)
        .bind(n.ro)
        .bind(n.en)
        .bind(n.ru)
        .bind(now())
        .bind(actor)
        .execute(c)
        .await
        .map_err(|e| super::map_unique(e, "code"))?;
    });
    Ok(())
}

/// Renames an entry, or ends it (`valid_to` now) or brings it back, if its
/// version is still `expected`. Returns the row as it was before.
pub async fn change(
    tx: &mut super::Tx,
    kind: &str,
    code: &str,
    expected: i64,
    names: Option<&Names<'_>>,
    active: Option<bool>,
    actor: i64,
) -> StoreResult<ClassifierAdminRow> {
    let before: ClassifierAdminRow = super::on_tx!(tx, |c| {
        sqlx::query_as::<_, ClassifierAdminRow>(
            "SELECT code, name_ro, name_en, name_ru, valid_from, valid_to, version FROM classifiers \
             WHERE kind = $1 AND code = $2",
        )
        .bind(kind)
        .bind(code)
        .fetch_optional(c)
        .await?
    })
    .ok_or(super::StoreError::NotFound)?;
    if before.version != expected {
        let by: Option<(Option<String>, chrono::DateTime<chrono::Utc>)> = super::on_tx!(tx, |c| {
            sqlx::query_as(
                "SELECT u.full_name, k.updated_at FROM classifiers k LEFT JOIN users u ON u.id = k.updated_by \
                 WHERE k.kind = $1 AND k.code = $2",
            )
            .bind(kind)
            .bind(code)
            .fetch_optional(c)
            .await?
        });
        let (by, at) = by.ok_or(super::StoreError::NotFound)?;
        return Err(super::StoreError::Stale { changed_by: by.unwrap_or_else(|| "Vatra".into()), changed_at: at });
    }
    let (ro, en, ru) = match names {
        Some(n) => (n.ro.to_owned(), n.en.to_owned(), n.ru.to_owned()),
        None => (before.name_ro.clone(), before.name_en.clone(), before.name_ru.clone()),
    };
    let valid_to = match active {
        Some(true) => None,
        Some(false) => Some(now()),
        None => before.valid_to,
    };
    super::on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE classifiers SET name_ro = $1, name_en = $2, name_ru = $3, valid_to = $4, updated_at = $8, \
             updated_by = $9, version = version + 1 WHERE kind = $5 AND code = $6 AND version = $7",
        )
        .bind(&ro)
        .bind(&en)
        .bind(&ru)
        .bind(valid_to)
        .bind(kind)
        .bind(code)
        .bind(expected)
        .bind(now())
        .bind(actor)
        .execute(c)
        .await?;
    });
    Ok(before)
}

impl Store {
    /// Every entry of a classifier with its names, ended ones included (to
    /// name the codes old records hold).
    pub async fn classifier_admin_rows(&self, kind: &str) -> StoreResult<Vec<ClassifierRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, ClassifierRow>(
                "SELECT kind, code, name_ro, name_en, name_ru FROM classifiers WHERE kind = $1 ORDER BY code LIMIT 1000",
            )
            .bind(kind)
            .fetch_all(c)
            .await?
        }))
    }

    /// Every entry of a classifier, ended ones included, in code order.
    pub async fn classifier_admin(&self, kind: &str) -> StoreResult<Vec<ClassifierAdminRow>> {
        Ok(on_db!(&self.db, |c| {
            sqlx::query_as::<_, ClassifierAdminRow>(
                "SELECT code, name_ro, name_en, name_ru, valid_from, valid_to, version FROM classifiers \
                 WHERE kind = $1 ORDER BY code LIMIT 1000",
            )
            .bind(kind)
            .fetch_all(c)
            .await?
        }))
    }
}
