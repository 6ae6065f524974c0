//! Importing territory codes and localities from a CSV file: `vatra import-territories FILE`.
//!
//! Vatra ships Moldova's municipalities, districts and autonomous units by name. The official
//! codes (CUATM) and the localities below them come later, from a file with the header
//! `name,code,parent,kind`:
//!
//! - a row naming a territory that exists (by name, under `parent` when given) gives it `code`;
//! - a row naming one that does not exist adds it under `parent` (a name or a code), of `kind`
//!   (`locality` when empty);
//! - a row whose code is already there changes nothing, so the same file imports twice safely.
//!
//! The whole file is one transaction with one audit event: a bad line changes nothing and is
//! named with its number.

use crate::domain::territory::TerritoryKind;
use crate::store::territories::{find_in, insert, set_code};
use crate::store::{audit, AuditEvent, Store, StoreError};

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub codes_set: u64,
    pub added: u64,
    pub unchanged: u64,
}

#[derive(Debug, serde::Deserialize)]
struct Line {
    name: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    kind: String,
}

fn some(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// Imports the CSV in `input`; on any bad line nothing is changed and the error names it.
pub async fn import(store: &Store, input: impl std::io::Read) -> Result<ImportReport, String> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(input);
    let mut lines = Vec::new();
    for (i, row) in reader.deserialize::<Line>().enumerate() {
        // Line 1 is the header.
        let n = i + 2;
        lines.push((n, row.map_err(|e| format!("line {n}: {e}"))?));
    }
    let db = |n: usize, e: StoreError| format!("line {n}: {e}");
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let mut report = ImportReport::default();
    for (n, line) in &lines {
        let n = *n;
        let Some(name) = some(&line.name) else { return Err(format!("line {n}: a name is needed")) };
        let code = some(&line.code);
        if let Some(code) = code {
            if let Some(t) = find_in(&mut tx, Some(code), None, None).await.map_err(|e| db(n, e))? {
                if t.name != name {
                    return Err(format!("line {n}: code {code} is already {:?}", t.name));
                }
                report.unchanged += 1;
                continue;
            }
        }
        let parent = match some(&line.parent) {
            None => None,
            Some(p) => {
                let by_code = find_in(&mut tx, Some(p), None, None).await.map_err(|e| db(n, e))?;
                let found = match by_code {
                    Some(t) => Some(t),
                    None => find_in(&mut tx, None, Some(p), None).await.map_err(|e| db(n, e))?,
                };
                Some(found.ok_or_else(|| format!("line {n}: no parent territory {p:?}"))?)
            }
        };
        match find_in(&mut tx, None, Some(name), parent.as_ref().map(|p| p.id)).await.map_err(|e| db(n, e))? {
            Some(t) => match (code, &t.code) {
                (None, _) => report.unchanged += 1,
                (Some(_), Some(had)) => return Err(format!("line {n}: {name:?} already has code {had}")),
                (Some(code), None) => {
                    set_code(&mut tx, t.id, code).await.map_err(|e| db(n, e))?;
                    report.codes_set += 1;
                }
            },
            None => {
                let Some(parent) = parent.as_ref() else {
                    return Err(format!("line {n}: no territory {name:?}; give its parent to add it"));
                };
                let kind = match some(&line.kind) {
                    None => TerritoryKind::Locality,
                    Some(k) => TerritoryKind::from_code(k)
                        .filter(|k| *k != TerritoryKind::Country)
                        .ok_or_else(|| format!("line {n}: unknown kind {k:?}"))?,
                };
                insert(&mut tx, Some(parent), name, code, kind).await.map_err(|e| db(n, e))?;
                report.added += 1;
            }
        }
    }
    let details = serde_json::json!({
        "lines": lines.len(), "codes_set": report.codes_set, "added": report.added, "unchanged": report.unchanged,
    });
    let event = AuditEvent::by_vatra("territories.import", Some("territory"), None, details);
    audit::append(&mut tx, &event).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(report)
}
