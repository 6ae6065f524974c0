//! A form definition: sections of typed fields, when each shows, and the checks across fields.
//! Definitions are data (JSON in the store), versioned; [`check_definition`] says whether one can
//! be published.

use super::super::error::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The longest answer a text field takes unless its definition says less.
pub const TEXT_MAX: usize = 500;
/// The longest answer a long-text field takes unless its definition says less.
pub const LONG_TEXT_MAX: usize = 10_000;
/// The most rows a repeating group takes unless its definition says less.
pub const ROWS_MAX: usize = 50;
/// The most files one attachment field takes unless its definition says less.
pub const FILES_MAX: usize = 10;

/// A text in each interface language, keyed `en`, `ro`, `ru`. `en` and `ro` are required to
/// publish; a missing language falls back to Romanian, then English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label(pub BTreeMap<String, String>);

impl Label {
    /// The text in `lang` (`en`, `ro`, `ru`), or the fallback.
    pub fn get(&self, lang: &str) -> &str {
        [lang, "ro", "en"]
            .iter()
            .find_map(|l| self.0.get(*l).filter(|t| !t.trim().is_empty()))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// A label in the three languages.
    pub fn new(en: &str, ro: &str, ru: &str) -> Self {
        Label(BTreeMap::from([("en".into(), en.into()), ("ro".into(), ro.into()), ("ru".into(), ru.into())]))
    }
}

/// One version of a standard form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormDefinition {
    /// The form's stable code, e.g. `initial_assessment`.
    pub code: String,
    /// 1, 2, …: set by the store when a version is created.
    #[serde(default)]
    pub version: u32,
    pub title: Label,
    pub sections: Vec<Section>,
    /// Rules across fields, checked on submit (and shown as the user types).
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// A titled part of a form; the form can be jumped through section by section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub title: Label,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_when: Option<Condition>,
    pub fields: Vec<Field>,
}

/// One question of a form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Unique among its siblings: `[a-z][a-z0-9_]*`, at most 40 characters.
    pub key: String,
    pub label: Label,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Label>,
    pub kind: FieldKind,
    /// Must be answered to submit (when shown). Never checked on a draft save.
    #[serde(default)]
    pub required: bool,
    /// The field shows (and is checked) only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_when: Option<Condition>,
}

/// How a text field is typed, which also picks the phone's keyboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    #[default]
    Plain,
    Phone,
    Email,
}

/// A field's type and the rules that come with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default)]
        format: TextFormat,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<usize>,
    },
    LongText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_len: Option<usize>,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Digits allowed after the decimal point (0: whole numbers).
        #[serde(default)]
        decimals: u8,
    },
    Date,
    YesNo,
    Choice {
        #[serde(default)]
        multiple: bool,
        options: Choices,
    },
    /// A member of the beneficiary's household (the beneficiary included).
    Person,
    /// Rows of the same sub-fields, e.g. the actions of a plan. Groups do not nest.
    Group {
        fields: Vec<Field>,
        #[serde(default)]
        min_rows: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_rows: Option<usize>,
    },
    /// Photos or documents, by their stored ids.
    Attachment {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_files: Option<usize>,
    },
}

impl FieldKind {
    /// The kind's stable code, as in the definition's `type`.
    pub fn code(&self) -> &'static str {
        match self {
            FieldKind::Text { .. } => "text",
            FieldKind::LongText { .. } => "long_text",
            FieldKind::Number { .. } => "number",
            FieldKind::Date => "date",
            FieldKind::YesNo => "yes_no",
            FieldKind::Choice { .. } => "choice",
            FieldKind::Person => "person",
            FieldKind::Group { .. } => "group",
            FieldKind::Attachment { .. } => "attachment",
        }
    }

    /// True when the answer is a list (multiple choice, attachments); rows for a group.
    pub fn is_list(&self) -> bool {
        matches!(self, FieldKind::Choice { multiple: true, .. } | FieldKind::Attachment { .. })
    }
}

/// Where a choice field's options come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choices {
    /// Listed in the definition.
    Inline(Vec<ChoiceOption>),
    /// The valid entries of a classifier, by its code (e.g. `vulnerability`).
    Classifier(String),
}

/// One option of a choice field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub code: String,
    pub label: Label,
}

/// When a section or field shows. A field named here is looked up first in the same row of a
/// repeating group, then at the top of the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The answer is `value` (yes/no answers are `yes` and `no`); for a multiple choice, one of
    /// the chosen options is `value`.
    Equals {
        field: String,
        value: String,
    },
    /// The answer is one of `values`.
    AnyOf {
        field: String,
        values: Vec<String>,
    },
    /// The field has any answer.
    Answered {
        field: String,
    },
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

impl Condition {
    /// Every (field, value) pair the condition compares with.
    pub fn values(&self, out: &mut Vec<(String, String)>) {
        match self {
            Condition::Equals { field, value } => out.push((field.clone(), value.clone())),
            Condition::AnyOf { field, values } => out.extend(values.iter().map(|v| (field.clone(), v.clone()))),
            Condition::Answered { .. } => {}
            Condition::Not(c) => c.values(out),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.values(out)),
        }
    }

    /// Every field the condition reads.
    pub fn fields(&self, out: &mut Vec<String>) {
        match self {
            Condition::Equals { field, .. } | Condition::AnyOf { field, .. } | Condition::Answered { field } => {
                out.push(field.clone())
            }
            Condition::Not(c) => c.fields(out),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.fields(out)),
        }
    }
}

/// A date a check compares with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRef {
    Today,
    /// The day the case's referral was received.
    Referral,
    /// The beneficiary's date of birth.
    BirthDate,
    /// Another date field of the form (in the same row first).
    Field(String),
}

impl DateRef {
    /// The stable suffix of the error codes that name this date.
    pub fn code(&self) -> &'static str {
        match self {
            DateRef::Today => "today",
            DateRef::Referral => "referral",
            DateRef::BirthDate => "birth",
            DateRef::Field(_) => "field",
        }
    }
}

/// A rule across fields. `field` names a top-level field, or `group.field` for each row of a
/// repeating group; the error is shown at that field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Check {
    /// The date in `field` is not before `bound`. Error `date_before_<bound>`.
    NotBefore { field: String, bound: DateRef },
    /// The date in `field` is not after `bound`. Error `date_after_<bound>`.
    NotAfter { field: String, bound: DateRef },
    /// The person (or birth date) in `field` is younger than `years` today. Error `age_too_high`.
    AgeBelow { field: String, years: u32 },
    /// The person (or birth date) in `field` is at least `years` old today. Error `age_too_low`.
    AgeAtLeast { field: String, years: u32 },
}

impl Check {
    pub fn field(&self) -> &str {
        match self {
            Check::NotBefore { field, .. }
            | Check::NotAfter { field, .. }
            | Check::AgeBelow { field, .. }
            | Check::AgeAtLeast { field, .. } => field,
        }
    }
}

impl FormDefinition {
    /// The top-level field `key`, in whichever section.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.sections.iter().flat_map(|s| &s.fields).find(|f| f.key == key)
    }

    /// The field a check or condition path names: `key` or `group.key`.
    pub fn field_at(&self, path: &str) -> Option<&Field> {
        match path.split_once('.') {
            None => self.field(path),
            Some((group, key)) => match &self.field(group)?.kind {
                FieldKind::Group { fields, .. } => fields.iter().find(|f| f.key == key),
                _ => None,
            },
        }
    }

    /// Every top-level field, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| &s.fields)
    }

    /// The number of questions, sub-fields of groups included.
    pub fn field_count(&self) -> usize {
        self.fields()
            .map(|f| match &f.kind {
                FieldKind::Group { fields, .. } => fields.len(),
                _ => 1,
            })
            .sum()
    }
}

/// A definition's key, label or option code: `[a-z][a-z0-9_]*`, 1–40 characters.
pub fn is_key(v: &str) -> bool {
    v.len() <= 40
        && v.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether a definition can be published. Errors carry the path of what is wrong
/// (`sections.1.fields.0.key`) and a code: `key_invalid`, `key_duplicate`, `label_missing`,
/// `no_sections`, `no_fields`, `no_options`, `option_duplicate`, `classifier_missing`,
/// `range_invalid`, `rows_invalid`, `group_nested`, `condition_unknown_field`, `condition_value_unknown`,
/// `condition_self`, `check_unknown_field`, `check_wrong_type`.
pub fn check_definition(def: &FormDefinition) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if !is_key(&def.code) {
        errors.push("code", "key_invalid");
    }
    check_label(&mut errors, "title", &def.title);
    if def.sections.is_empty() {
        errors.push("sections", "no_sections");
    }
    let mut section_keys = BTreeSet::new();
    let mut top_keys = BTreeSet::new();
    for (si, section) in def.sections.iter().enumerate() {
        let at = format!("sections.{si}");
        if !is_key(&section.key) {
            errors.push(&format!("{at}.key"), "key_invalid");
        } else if !section_keys.insert(section.key.as_str()) {
            errors.push(&format!("{at}.key"), "key_duplicate");
        }
        check_label(&mut errors, &format!("{at}.title"), &section.title);
        if section.fields.is_empty() {
            errors.push(&format!("{at}.fields"), "no_fields");
        }
        for (fi, field) in section.fields.iter().enumerate() {
            let fat = format!("{at}.fields.{fi}");
            if is_key(&field.key) && !top_keys.insert(field.key.as_str()) {
                errors.push(&format!("{fat}.key"), "key_duplicate");
            }
            check_field(&mut errors, &fat, field, true);
        }
    }
    // Conditions and checks may only name fields that exist.
    fn lookup<'a>(def: &'a FormDefinition, path: &str, group: Option<&'a Field>) -> Option<&'a Field> {
        let in_group = group.and_then(|g| match &g.kind {
            FieldKind::Group { fields, .. } => fields.iter().find(|f| f.key == path),
            _ => None,
        });
        in_group.or_else(|| def.field(path).filter(|f| !matches!(f.kind, FieldKind::Group { .. })))
    }
    let known = |path: &str, group: Option<&Field>| lookup(def, path, group).is_some();
    // A condition on a yes/no or an inline choice must name a value the field can take, or the
    // field it guards would never show.
    let takes = |f: &Field, value: &str| match &f.kind {
        FieldKind::YesNo => matches!(value, "yes" | "no"),
        FieldKind::Choice { options: Choices::Inline(o), .. } => o.iter().any(|o| o.code == value),
        _ => true,
    };
    let check_condition =
        |errors: &mut FieldErrors, at: &str, own: Option<&str>, c: &Condition, group: Option<&Field>| {
            let mut names = Vec::new();
            c.fields(&mut names);
            for name in names {
                if Some(name.as_str()) == own {
                    errors.push(at, "condition_self");
                } else if !known(&name, group) {
                    errors.push(at, "condition_unknown_field");
                }
            }
            let mut values = Vec::new();
            c.values(&mut values);
            if values.iter().any(|(f, v)| lookup(def, f, group).is_some_and(|f| !takes(f, v))) {
                errors.push(at, "condition_value_unknown");
            }
        };
    for (si, section) in def.sections.iter().enumerate() {
        if let Some(c) = &section.show_when {
            check_condition(&mut errors, &format!("sections.{si}.show_when"), None, c, None);
        }
        for (fi, field) in section.fields.iter().enumerate() {
            let fat = format!("sections.{si}.fields.{fi}");
            if let Some(c) = &field.show_when {
                check_condition(&mut errors, &format!("{fat}.show_when"), Some(&field.key), c, None);
            }
            if let FieldKind::Group { fields, .. } = &field.kind {
                for (gi, sub) in fields.iter().enumerate() {
                    if let Some(c) = &sub.show_when {
                        let at = format!("{fat}.kind.fields.{gi}.show_when");
                        check_condition(&mut errors, &at, Some(&sub.key), c, Some(field));
                    }
                }
            }
        }
    }
    for (ci, check) in def.checks.iter().enumerate() {
        let at = format!("checks.{ci}");
        let Some(target) = def.field_at(check.field()) else {
            errors.push(&at, "check_unknown_field");
            continue;
        };
        let wants_date = |k: &FieldKind| matches!(k, FieldKind::Date);
        let ok = match check {
            Check::NotBefore { bound, .. } | Check::NotAfter { bound, .. } => {
                let bound_ok = match bound {
                    DateRef::Field(other) => {
                        let group = check.field().split_once('.').and_then(|(g, _)| def.field(g));
                        let found = group
                            .and_then(|g| match &g.kind {
                                FieldKind::Group { fields, .. } => fields.iter().find(|f| &f.key == other),
                                _ => None,
                            })
                            .or_else(|| def.field(other));
                        match found {
                            Some(f) => wants_date(&f.kind),
                            None => {
                                errors.push(&at, "check_unknown_field");
                                true
                            }
                        }
                    }
                    _ => true,
                };
                wants_date(&target.kind) && bound_ok
            }
            Check::AgeBelow { .. } | Check::AgeAtLeast { .. } => {
                matches!(target.kind, FieldKind::Date | FieldKind::Person)
            }
        };
        if !ok {
            errors.push(&at, "check_wrong_type");
        }
    }
    errors
}

fn check_label(errors: &mut FieldErrors, at: &str, label: &Label) {
    for lang in ["en", "ro"] {
        if label.0.get(lang).is_none_or(|t| t.trim().is_empty()) {
            errors.push(&format!("{at}.{lang}"), "label_missing");
        }
    }
}

fn check_field(errors: &mut FieldErrors, at: &str, field: &Field, top: bool) {
    if !is_key(&field.key) {
        errors.push(&format!("{at}.key"), "key_invalid");
    }
    check_label(errors, &format!("{at}.label"), &field.label);
    match &field.kind {
        FieldKind::Text { max_len, .. } | FieldKind::LongText { max_len } => {
            if max_len.is_some_and(|m| m == 0 || m > LONG_TEXT_MAX) {
                errors.push(&format!("{at}.kind.max_len"), "range_invalid");
            }
        }
        FieldKind::Number { min, max, decimals } => {
            let bad = matches!((min, max), (Some(a), Some(b)) if a > b)
                || min.is_some_and(|v| !v.is_finite())
                || max.is_some_and(|v| !v.is_finite())
                || *decimals > 6;
            if bad {
                errors.push(&format!("{at}.kind"), "range_invalid");
            }
        }
        FieldKind::Choice { options, .. } => match options {
            Choices::Inline(opts) => {
                if opts.is_empty() {
                    errors.push(&format!("{at}.kind.options"), "no_options");
                }
                let mut seen = BTreeSet::new();
                for (oi, o) in opts.iter().enumerate() {
                    let oat = format!("{at}.kind.options.{oi}");
                    if !is_key(&o.code) {
                        errors.push(&format!("{oat}.code"), "key_invalid");
                    } else if !seen.insert(o.code.as_str()) {
                        errors.push(&format!("{oat}.code"), "option_duplicate");
                    }
                    check_label(errors, &format!("{oat}.label"), &o.label);
                }
            }
            Choices::Classifier(code) => {
                if !is_key(code) {
                    errors.push(&format!("{at}.kind.options"), "classifier_missing");
                }
            }
        },
        FieldKind::Group { fields, min_rows, max_rows } => {
            if !top {
                errors.push(&format!("{at}.kind"), "group_nested");
                return;
            }
            if fields.is_empty() {
                errors.push(&format!("{at}.kind.fields"), "no_fields");
            }
            if max_rows.is_some_and(|m| m == 0 || m < *min_rows || m > ROWS_MAX) || *min_rows > ROWS_MAX {
                errors.push(&format!("{at}.kind"), "rows_invalid");
            }
            let mut seen = BTreeSet::new();
            for (gi, sub) in fields.iter().enumerate() {
                let sat = format!("{at}.kind.fields.{gi}");
                if is_key(&sub.key) && !seen.insert(sub.key.as_str()) {
                    errors.push(&format!("{sat}.key"), "key_duplicate");
                }
                check_field(errors, &sat, sub, false);
            }
        }
        FieldKind::Attachment { max_files } => {
            if max_files.is_some_and(|m| m == 0 || m > FILES_MAX) {
                errors.push(&format!("{at}.kind.max_files"), "range_invalid");
            }
        }
        FieldKind::Date | FieldKind::YesNo | FieldKind::Person => {}
    }
}
