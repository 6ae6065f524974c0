//! Classifier administration: administrators add entries, rename them, end
//! them (they stay on record and on the persons that use them) or bring
//! them back. Every change is audited with the old and new names.

use crate::domain::AppError;
#[cfg(feature = "ssr")]
use crate::server::OrFail;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassifierEntryView {
    pub code: String,
    pub name_ro: String,
    pub name_en: String,
    pub name_ru: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub version: i64,
}

#[cfg(feature = "ssr")]
mod service;

/// Every entry of a classifier, ended ones included (administrators).
#[server(prefix = "/api", endpoint = "classifiers/admin_list")]
pub async fn admin_list_classifier(kind: String) -> Result<Vec<ClassifierEntryView>, AppError> {
    service::list(kind).await
}

/// Adds an entry (`version = 0`) or renames one, checked against its version.
#[server(prefix = "/api", endpoint = "classifiers/save")]
pub async fn save_classifier_entry(
    kind: String,
    code: String,
    version: i64,
    name_ro: String,
    name_en: String,
    name_ru: String,
) -> Result<(), AppError> {
    service::save(kind, code, version, name_ro, name_en, name_ru).await
}

/// Ends an entry (it is no longer offered; records that use it keep it) or brings it back.
#[server(prefix = "/api", endpoint = "classifiers/set_active")]
pub async fn set_classifier_entry_active(
    kind: String,
    code: String,
    version: i64,
    active: bool,
) -> Result<(), AppError> {
    service::set_active(kind, code, version, active).await
}
