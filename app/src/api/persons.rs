//! The register of persons: search, the duplicate check, registration,
//! editing, archiving, relations, history and the record as of a past moment.
//! Social workers and supervisors see the persons of their territory; every
//! read of a person's page is audited.

use crate::domain::duplicate::BirthMatch;
use crate::domain::names::NameMatch;
use crate::domain::person::PersonInput;
use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page of a person search.
pub const PAGE_SIZE: i64 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonListItemView {
    pub id: i64,
    /// The IDNP or the provisional id.
    pub key: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub territory_name: String,
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonPageView {
    pub items: Vec<PersonListItemView>,
    pub next_after: Option<String>,
}

/// An existing person who may be the one being entered, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateView {
    /// The person found, for the audit only: never sent to the browser.
    #[serde(skip)]
    pub person: i64,
    /// Set when the caller may open the record.
    pub id: Option<i64>,
    /// The last four characters of the IDNP or provisional id.
    pub key_hint: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub territory_name: String,
    pub same_idnp: bool,
    pub name_match: Option<NameMatch>,
    pub birth_match: Option<BirthMatch>,
    /// Registered in another territory: every field above is blank, and the page says how to
    /// ask for a transfer instead.
    pub elsewhere: bool,
}

impl CandidateView {
    /// A person registered outside the caller's territory: nothing of theirs is told.
    pub fn elsewhere() -> Self {
        CandidateView {
            person: 0,
            id: None,
            key_hint: String::new(),
            last_name: String::new(),
            first_name: String::new(),
            birth_date: String::new(),
            territory_name: String::new(),
            same_idnp: false,
            name_match: None,
            birth_match: None,
            elsewhere: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: i64,
    pub idnp: Option<String>,
    pub provisional_id: Option<String>,
    pub no_idnp_reason: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub age: u32,
    pub sex: String,
    pub id_doc_type: Option<String>,
    pub id_doc_number: Option<String>,
    pub disability_degree: String,
    pub disability_limitation: Option<String>,
    pub domicile_territory_id: i64,
    pub domicile_territory: String,
    pub domicile_address: Option<String>,
    pub residence_territory_id: Option<i64>,
    pub residence_address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub vulnerabilities: Vec<String>,
    /// The vulnerabilities' names in the caller's language.
    #[serde(default)]
    pub vulnerability_names: Vec<String>,
    /// The main limitation's name in the caller's language.
    #[serde(default)]
    pub limitation_name: Option<String>,
    pub archived: bool,
    pub status_reason: Option<String>,
    pub registered_at: String,
    pub updated_at: String,
    pub version: i64,
}

impl PersonView {
    /// The form input that reproduces this record, for editing.
    pub fn to_input(&self) -> PersonInput {
        PersonInput {
            idnp: self.idnp.clone().unwrap_or_default(),
            no_idnp_reason: self.no_idnp_reason.clone().unwrap_or_default(),
            last_name: self.last_name.clone(),
            first_name: self.first_name.clone(),
            birth_date: self.birth_date.clone(),
            sex: self.sex.clone(),
            id_doc_type: self.id_doc_type.clone().unwrap_or_default(),
            id_doc_number: self.id_doc_number.clone().unwrap_or_default(),
            disability_degree: self.disability_degree.clone(),
            disability_limitation: self.disability_limitation.clone().unwrap_or_default(),
            domicile_territory_id: self.domicile_territory_id.to_string(),
            domicile_address: self.domicile_address.clone().unwrap_or_default(),
            residence_territory_id: self.residence_territory_id.map(|i| i.to_string()).unwrap_or_default(),
            residence_address: self.residence_address.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            vulnerabilities: self.vulnerabilities.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationView {
    pub id: i64,
    /// How the other person relates to this one (e.g. `parent_of`: the other is this person's parent).
    pub kind: String,
    pub other_id: i64,
    pub other_name: String,
    pub other_birth_date: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonDetailView {
    pub person: PersonView,
    /// Set when the record is shown as it was at a past moment.
    pub as_of: Option<String>,
    pub relations: Vec<RelationView>,
    pub cases: Vec<crate::api::cases::CaseCardView>,
    pub may_edit: bool,
    pub may_open_case: bool,
}

pub use crate::api::history::{ChangeView, HistoryEntryView, HistoryPageView};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassifierOptionView {
    pub code: String,
    pub name: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod service;

/// One page of persons within the caller's territory: by IDNP or provisional
/// id, by name (any order, with or without diacritics), by birth date, by territory.
#[server(prefix = "/api", endpoint = "persons/search")]
pub async fn search_persons(
    #[server(default)] q: Option<String>,
    #[server(default)] birth_date: Option<String>,
    #[server(default)] territory_id: Option<i64>,
    #[server(default)] after: Option<String>,
) -> Result<PersonPageView, AppError> {
    service::search(q, birth_date, territory_id, after).await
}

/// The persons already registered who may be the one being entered, and why.
#[server(prefix = "/api", endpoint = "persons/check")]
pub async fn check_person(
    input: PersonInput,
    #[server(default)] id: Option<i64>,
) -> Result<Vec<CandidateView>, AppError> {
    service::check(input, id).await
}

/// Registers a person. The same IDNP is refused; near matches must be
/// answered with a note saying why this is a different person.
#[server(prefix = "/api", endpoint = "persons/register")]
pub async fn register_person(input: PersonInput, #[server(default)] distinct_note: String) -> Result<(), AppError> {
    service::register(input, distinct_note).await
}

/// A person's page: the record (now, or as of a past moment), relations, cases.
#[server(prefix = "/api", endpoint = "persons/get")]
pub async fn get_person(id: i64, #[server(default)] as_of: Option<String>) -> Result<PersonDetailView, AppError> {
    service::get(id, as_of).await
}

/// Saves an edited person, if nobody changed the record since `version`.
#[server(prefix = "/api", endpoint = "persons/update")]
pub async fn update_person(id: i64, version: i64, input: PersonInput) -> Result<(), AppError> {
    service::update(id, version, input).await
}

/// Archives a person (`archive = true`) or restores them, with a reason.
#[server(prefix = "/api", endpoint = "persons/archive")]
pub async fn archive_person(id: i64, version: i64, archive: bool, reason: String) -> Result<(), AppError> {
    service::archive(id, version, archive, reason).await
}

/// One page of a person's history, newest first.
#[server(prefix = "/api", endpoint = "persons/history")]
pub async fn person_history(id: i64, #[server(default)] before: Option<i64>) -> Result<HistoryPageView, AppError> {
    service::history(id, before).await
}

/// Records how another person (named by IDNP or provisional id) relates to this one.
#[server(prefix = "/api", endpoint = "persons/relate")]
pub async fn relate_persons(
    id: i64,
    kind: String,
    other: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    service::relate(id, kind, other, note).await
}

/// Ends a relation; it stays on record.
#[server(prefix = "/api", endpoint = "persons/unrelate")]
pub async fn end_relation(id: i64, relation_id: i64) -> Result<(), AppError> {
    service::unrelate(id, relation_id).await
}

/// The entries of a classifier (`vulnerability`, `disability_limitation`,
/// `document_type`) valid today, in the caller's language.
#[server(prefix = "/api", endpoint = "classifiers/list")]
pub async fn list_classifier(kind: String) -> Result<Vec<ClassifierOptionView>, AppError> {
    service::classifier(kind).await
}
