//! The answers of one form submission: raw text as typed, so a draft can hold anything half
//! written; [`super::validate`] says what is wrong with it.

use super::definition::{FieldKind, FormDefinition};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Answers by field key. Rows of a repeating group hold their own `Answers`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(pub BTreeMap<String, Value>);

/// One answer: text for most fields (`yes`/`no`, a choice code, a date `YYYY-MM-DD`, a number,
/// a person's id), a list for a multiple choice or attachments, rows for a repeating group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    One(String),
    Many(Vec<String>),
    Rows(Vec<Answers>),
}

impl Value {
    /// True when nothing is answered: blank text, an empty list, no rows.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::One(s) => s.trim().is_empty(),
            Value::Many(v) => v.iter().all(|s| s.trim().is_empty()),
            Value::Rows(r) => r.is_empty(),
        }
    }

    /// The text answer, or `""` for any other shape.
    pub fn text(&self) -> &str {
        match self {
            Value::One(s) => s,
            _ => "",
        }
    }

    /// The chosen items: the list, or the one text answer as a list of one.
    pub fn items(&self) -> Vec<&str> {
        match self {
            Value::One(s) if !s.trim().is_empty() => vec![s.as_str()],
            Value::Many(v) => v.iter().map(String::as_str).filter(|s| !s.trim().is_empty()).collect(),
            _ => Vec::new(),
        }
    }

    /// The rows of a repeating group (none for any other shape; `[]` reads as an empty list).
    pub fn rows(&self) -> &[Answers] {
        match self {
            Value::Rows(r) => r,
            _ => &[],
        }
    }
}

impl Answers {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The text answer of `key`, `""` when unanswered.
    pub fn text(&self, key: &str) -> &str {
        self.0.get(key).map(Value::text).unwrap_or("")
    }

    pub fn set(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_owned(), value);
    }

    /// Builds answers from a plain HTML form post: `key` for a field (repeated for a multiple
    /// choice or attachments), `group.N.key` for row N of a repeating group. Names the definition
    /// does not know are ignored (the post carries other controls); a row left wholly blank is
    /// dropped, so an empty spare row adds nothing.
    pub fn from_pairs(def: &FormDefinition, pairs: &[(String, String)]) -> Answers {
        let mut out = Answers::default();
        let mut rows: BTreeMap<&str, BTreeMap<usize, Answers>> = BTreeMap::new();
        for (name, value) in pairs {
            if let Some(field) = def.field(name) {
                match &field.kind {
                    FieldKind::Group { .. } => {}
                    k if k.is_list() => match out.0.entry(name.clone()).or_insert_with(|| Value::Many(Vec::new())) {
                        Value::Many(v) if !value.is_empty() => v.push(value.clone()),
                        _ => {}
                    },
                    _ => {
                        out.0.insert(name.clone(), Value::One(value.clone()));
                    }
                }
                continue;
            }
            let mut parts = name.splitn(3, '.');
            let (Some(group), Some(index), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let Some(FieldKind::Group { fields, .. }) = def.field(group).map(|f| &f.kind) else {
                continue;
            };
            let (Ok(index), Some(sub)) = (index.parse::<usize>(), fields.iter().find(|f| f.key == key)) else {
                continue;
            };
            if index >= super::definition::ROWS_MAX * 2 {
                continue;
            }
            let row = rows.entry(def.field(group).map(|f| f.key.as_str()).unwrap_or(group)).or_default();
            let row = row.entry(index).or_default();
            if sub.kind.is_list() {
                if let Value::Many(v) = row.0.entry(key.to_owned()).or_insert_with(|| Value::Many(Vec::new())) {
                    if !value.is_empty() {
                        v.push(value.clone());
                    }
                }
            } else {
                row.0.insert(key.to_owned(), Value::One(value.clone()));
            }
        }
        for field in def.fields() {
            if let FieldKind::Group { .. } = field.kind {
                let kept: Vec<Answers> = rows
                    .remove(field.key.as_str())
                    .unwrap_or_default()
                    .into_values()
                    .filter(|r| r.0.values().any(|v| !v.is_blank()))
                    .collect();
                out.0.insert(field.key.clone(), Value::Rows(kept));
            }
        }
        out
    }
}
