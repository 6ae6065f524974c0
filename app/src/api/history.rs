//! The history of a record (a person, a case) as its page shows it: each version with who made
//! it, when, and each changed field with its old and new value, in words a reader knows.

use serde::{Deserialize, Serialize};

/// One changed field of a version: its name and its old and new value, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeView {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntryView {
    pub version: i64,
    pub at: String,
    pub by: String,
    pub action: String,
    pub reason: Option<String>,
    pub changes: Vec<ChangeView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryPageView {
    pub items: Vec<HistoryEntryView>,
    pub next_before: Option<i64>,
}

#[cfg(feature = "ssr")]
use crate::api::local_time;
#[cfg(feature = "ssr")]
use crate::domain::user::Language;
#[cfg(feature = "ssr")]
use crate::domain::{AppError, TerritoryPath};
#[cfg(feature = "ssr")]
use crate::server::OrFail;
#[cfg(feature = "ssr")]
use crate::server::{Ctx, CurrentUser};
#[cfg(feature = "ssr")]
use crate::store::history::ObjectType;
#[cfg(feature = "ssr")]
use crate::store::StoreError;

/// A history page in words a reader knows: the people, territories and moments its changes
/// refer to by id or in UTC are named and shown in local time. (Codes stay codes here: the page
/// shows them in the reader's language.)
#[cfg(feature = "ssr")]
pub(crate) async fn history_in_words(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    rows: Vec<crate::store::history::HistoryRow>,
    limit: i64,
) -> Result<HistoryPageView, AppError> {
    let mut page = history_page(rows, limit);
    let store = &ctx.state.store;
    let mut users: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    let mut places: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    let mut entries: std::collections::HashMap<&str, Vec<crate::store::classifiers::ClassifierRow>> =
        std::collections::HashMap::new();
    for change in page.items.iter_mut().flat_map(|e| e.changes.iter_mut()) {
        let field = change.field.clone();
        let kind = match field.as_str() {
            "vulnerabilities" => Some("vulnerability"),
            "disability_limitation" => Some("disability_limitation"),
            "id_doc_type" => Some("document_type"),
            _ => None,
        };
        for value in [&mut change.old, &mut change.new] {
            if value.is_empty() {
                continue;
            }
            let id = || value.parse::<i64>().ok();
            if let Some(kind) = kind {
                if !entries.contains_key(kind) {
                    let rows = store.classifier_admin_rows(kind).await.or_fail(ctx, action)?;
                    entries.insert(kind, rows);
                }
                // One code, or a list of them (kept as JSON).
                let codes: Vec<String> = serde_json::from_str(value).unwrap_or_else(|_| vec![value.clone()]);
                let names: Vec<String> = codes
                    .iter()
                    .map(|c| {
                        entries[kind].iter().find(|e| &e.code == c).map_or_else(
                            || c.clone(),
                            |e| match user.language() {
                                Language::Ro => e.name_ro.clone(),
                                Language::Ru => e.name_ru.clone(),
                                Language::En => e.name_en.clone(),
                            },
                        )
                    })
                    .collect();
                *value = names.join(", ");
            } else if matches!(field.as_str(), "created_by" | "manager_id" | "closed_by") {
                if let Some(id) = id() {
                    if let std::collections::hash_map::Entry::Vacant(slot) = users.entry(id) {
                        slot.insert(match store.user(id).await {
                            Ok(u) => u.full_name,
                            Err(StoreError::NotFound) => format!("#{id}"),
                            Err(e) => return Err(ctx.fail(action, e)),
                        });
                    }
                    *value = users[&id].clone();
                }
            } else if matches!(
                field.as_str(),
                "territory_id" | "domicile_territory_id" | "residence_territory_id" | "territory_path"
            ) {
                let id = if field == "territory_path" { TerritoryPath::parse(value).map(|p| p.id()) } else { id() };
                if let Some(id) = id {
                    if let std::collections::hash_map::Entry::Vacant(slot) = places.entry(id) {
                        slot.insert(match store.territory(id).await {
                            Ok(t) => t.name,
                            Err(StoreError::NotFound) => format!("#{id}"),
                            Err(e) => return Err(ctx.fail(action, e)),
                        });
                    }
                    *value = places[&id].clone();
                }
            } else if let Ok(at) = chrono::DateTime::parse_from_rfc3339(value) {
                *value = local_time(at.with_timezone(&chrono::Utc));
            }
        }
    }
    Ok(page)
}

#[cfg(feature = "ssr")]
fn history_page(rows: Vec<crate::store::history::HistoryRow>, limit: i64) -> HistoryPageView {
    let more = rows.len() as i64 > limit;
    let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    HistoryPageView {
        next_before: if more { rows.last().map(|r| r.version) } else { None },
        items: rows
            .into_iter()
            .map(|r| {
                let changes = match serde_json::from_str::<serde_json::Value>(&r.changes) {
                    Ok(serde_json::Value::Object(m)) => m
                        .into_iter()
                        .map(|(field, v)| ChangeView { field, old: show(&v["old"]), new: show(&v["new"]) })
                        .collect(),
                    _ => Vec::new(),
                };
                HistoryEntryView {
                    version: r.version,
                    at: local_time(r.changed_at),
                    by: r.changed_by_name,
                    action: r.action,
                    reason: r.reason,
                    changes,
                }
            })
            .collect(),
    }
}

/// Fills in which fields changed since `version` on a stale-version error.
#[cfg(feature = "ssr")]
pub(crate) async fn with_changed_fields(ctx: &Ctx, object: ObjectType, id: i64, version: i64, e: AppError) -> AppError {
    let AppError::StaleVersion { changed_by, changed_at, .. } = e else { return e };
    let mut fields: Vec<String> = Vec::new();
    if let Ok(rows) = ctx.state.store.history(object, id, None, 50).await {
        for r in rows.into_iter().filter(|r| r.version > version) {
            if let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(&r.changes) {
                for k in m.keys() {
                    if !fields.contains(k) {
                        fields.push(k.clone());
                    }
                }
            }
        }
    }
    AppError::StaleVersion { changed_by, changed_at, fields }
}
