//! The one validator of form answers. The browser runs it as the user types and on submit; the
//! server runs it again before it saves.
//!
//! - [`structure`]: what a draft save refuses: answers to fields the form does not have, the
//!   wrong shape, sizes past the hard limits. Anything a person can type passes.
//! - [`validate`] in [`Mode::Draft`]: every rule but `required`, to show mistakes as they happen.
//! - [`validate`] in [`Mode::Submit`]: every rule; a submission is saved only when it is clean.

use super::answers::{Answers, Value};
use super::definition::{
    Check, ChoiceOption, Choices, Condition, DateRef, Field, FieldKind, FormDefinition, TextFormat, FILES_MAX,
    LONG_TEXT_MAX, ROWS_MAX, TEXT_MAX,
};
use crate::domain::error::FieldErrors;
use crate::domain::person::age_on;
use crate::domain::user::{parse_email, parse_phone};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most items a list answer (a multiple choice) may hold.
const LIST_MAX: usize = 200;

/// What the validator needs to know about the case a form is filled for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormContext {
    /// Today in the agency's time zone.
    pub today: NaiveDate,
    /// The day the case's referral was received.
    pub referral_date: Option<NaiveDate>,
    /// The beneficiary's date of birth.
    pub birth_date: Option<NaiveDate>,
    /// The beneficiary and the members of their household: who a person field may name.
    pub household: Vec<HouseholdMember>,
    /// The valid entries of every classifier the form's choices read, by classifier code.
    pub classifiers: BTreeMap<String, Vec<ChoiceOption>>,
}

/// A person a person field may name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdMember {
    pub id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
}

/// How strictly [`validate`] reads the answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every rule but `required` and the fewest rows of a group.
    Draft,
    /// Every rule.
    Submit,
}

/// What a draft save refuses: `unknown_field`, `wrong_shape`, and the hard limits
/// (`too_long`, `too_many_rows`, `too_many_files`). Partial answers always pass.
pub fn structure(def: &FormDefinition, answers: &Answers) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for (key, value) in &answers.0 {
        match def.field(key) {
            None => errors.push(key, "unknown_field"),
            Some(field) => structure_of(&mut errors, key, field, value),
        }
    }
    errors
}

fn structure_of(errors: &mut FieldErrors, at: &str, field: &Field, value: &Value) {
    match (&field.kind, value) {
        (FieldKind::Group { fields, max_rows, .. }, Value::Rows(_) | Value::Many(_)) => {
            if matches!(value, Value::Many(v) if !v.is_empty()) {
                return errors.push(at, "wrong_shape");
            }
            let rows = value.rows();
            if rows.len() > max_rows.unwrap_or(ROWS_MAX) {
                errors.push(at, "too_many_rows");
            }
            for (i, row) in rows.iter().enumerate() {
                for (key, v) in &row.0 {
                    let path = format!("{at}.{i}.{key}");
                    match fields.iter().find(|f| &f.key == key) {
                        None => errors.push(&path, "unknown_field"),
                        Some(sub) => structure_of(errors, &path, sub, v),
                    }
                }
            }
        }
        (FieldKind::Attachment { max_files }, Value::Many(v)) => {
            if v.len() > max_files.unwrap_or(FILES_MAX) {
                errors.push(at, "too_many_files");
            }
        }
        (FieldKind::Choice { multiple: true, .. }, Value::Many(v)) => {
            if v.len() > LIST_MAX || v.iter().any(|s| s.len() > 100) {
                errors.push(at, "too_long");
            }
        }
        (k, Value::One(s)) if !k.is_list() && !matches!(k, FieldKind::Group { .. }) => {
            if s.len() > LONG_TEXT_MAX * 4 {
                errors.push(at, "too_long");
            }
        }
        _ => errors.push(at, "wrong_shape"),
    }
}

/// True when `cond` holds for these answers; a field is looked up in `row` first.
pub fn holds(cond: &Condition, top: &Answers, row: Option<&Answers>) -> bool {
    let answer = |field: &str| row.and_then(|r| r.get(field)).or_else(|| top.get(field));
    match cond {
        Condition::Equals { field, value } => {
            answer(field).is_some_and(|v| v.items().iter().any(|i| i.trim() == value))
        }
        Condition::AnyOf { field, values } => {
            answer(field).is_some_and(|v| v.items().iter().any(|i| values.iter().any(|x| x == i.trim())))
        }
        Condition::Answered { field } => answer(field).is_some_and(|v| !v.is_blank()),
        Condition::Not(c) => !holds(c, top, row),
        Condition::All(cs) => cs.iter().all(|c| holds(c, top, row)),
        Condition::Any(cs) => cs.iter().any(|c| holds(c, top, row)),
    }
}

/// The answers without those of hidden sections and fields (and so without what a hidden
/// answer would have shown). Submissions store these.
pub fn clean(def: &FormDefinition, answers: &Answers) -> Answers {
    let mut current = answers.clone();
    // Each pass can hide what a removed answer showed; definitions are shallow, so a few do.
    for _ in 0..8 {
        let mut next = Answers::default();
        for section in &def.sections {
            if section.show_when.as_ref().is_some_and(|c| !holds(c, &current, None)) {
                continue;
            }
            for field in &section.fields {
                if field.show_when.as_ref().is_some_and(|c| !holds(c, &current, None)) {
                    continue;
                }
                let Some(value) = current.get(&field.key) else { continue };
                let value = match (&field.kind, value) {
                    (FieldKind::Group { fields, .. }, _) => Value::Rows(
                        value
                            .rows()
                            .iter()
                            .map(|row| {
                                Answers(
                                    row.0
                                        .iter()
                                        .filter(|(k, _)| {
                                            fields.iter().find(|f| &f.key == *k).is_some_and(|f| {
                                                f.show_when.as_ref().is_none_or(|c| holds(c, &current, Some(row)))
                                            })
                                        })
                                        .map(|(k, v)| (k.clone(), v.clone()))
                                        .collect(),
                                )
                            })
                            .collect(),
                    ),
                    _ => value.clone(),
                };
                next.0.insert(field.key.clone(), value);
            }
        }
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Every error in the answers, per field path (`key`, or `group.N.key` in row N), each with a
/// stable code. Hidden fields are not checked.
pub fn validate(def: &FormDefinition, answers: &Answers, ctx: &FormContext, mode: Mode) -> FieldErrors {
    let mut errors = structure(def, answers);
    let answers = clean(def, answers);
    for section in &def.sections {
        if section.show_when.as_ref().is_some_and(|c| !holds(c, &answers, None)) {
            continue;
        }
        for field in &section.fields {
            if field.show_when.as_ref().is_some_and(|c| !holds(c, &answers, None)) {
                continue;
            }
            let value = answers.get(&field.key);
            if let FieldKind::Group { fields, min_rows, .. } = &field.kind {
                let rows = value.map(Value::rows).unwrap_or(&[]);
                if mode == Mode::Submit && (rows.len() < *min_rows || (field.required && rows.is_empty())) {
                    errors.push(&field.key, if rows.is_empty() { "required" } else { "too_few_rows" });
                }
                for (i, row) in rows.iter().enumerate() {
                    for sub in fields {
                        if sub.show_when.as_ref().is_some_and(|c| !holds(c, &answers, Some(row))) {
                            continue;
                        }
                        let path = format!("{}.{i}.{}", field.key, sub.key);
                        check_value(&mut errors, &path, sub, row.get(&sub.key), ctx, mode);
                    }
                }
            } else {
                check_value(&mut errors, &field.key, field, value, ctx, mode);
            }
        }
    }
    for check in &def.checks {
        run_check(&mut errors, def, check, &answers, ctx);
    }
    dedupe(errors)
}

/// The first error of each field only: one message at a time is what a person can act on.
fn dedupe(errors: FieldErrors) -> FieldErrors {
    let mut seen = std::collections::BTreeSet::new();
    FieldErrors(errors.0.into_iter().filter(|e| seen.insert(e.field.clone())).collect())
}

fn check_value(
    errors: &mut FieldErrors,
    at: &str,
    field: &Field,
    value: Option<&Value>,
    ctx: &FormContext,
    mode: Mode,
) {
    let blank = value.is_none_or(Value::is_blank);
    if blank {
        if field.required && mode == Mode::Submit {
            errors.push(at, "required");
        }
        return;
    }
    let Some(value) = value else { return };
    let raw = value.text().trim();
    let code = match &field.kind {
        FieldKind::Text { format, max_len } => match format {
            _ if raw.chars().count() > max_len.unwrap_or(TEXT_MAX) => Some("too_long".to_owned()),
            TextFormat::Plain => None,
            TextFormat::Phone => parse_phone(at, raw).err().map(|e| e.code),
            TextFormat::Email => parse_email(at, raw).err().map(|e| e.code),
        },
        FieldKind::LongText { max_len } => {
            (raw.chars().count() > max_len.unwrap_or(LONG_TEXT_MAX)).then(|| "too_long".to_owned())
        }
        FieldKind::Number { min, max, decimals } => number_error(raw, *min, *max, *decimals).map(str::to_owned),
        FieldKind::Date => parse_form_date(raw).is_none().then(|| "invalid_date".to_owned()),
        FieldKind::YesNo => (!matches!(raw, "yes" | "no")).then(|| "invalid_choice".to_owned()),
        FieldKind::Choice { options, .. } => {
            let known: &[ChoiceOption] = match options {
                Choices::Inline(o) => o,
                Choices::Classifier(c) => ctx.classifiers.get(c).map(Vec::as_slice).unwrap_or(&[]),
            };
            value.items().iter().any(|i| !known.iter().any(|o| o.code == i.trim())).then(|| "invalid_choice".to_owned())
        }
        FieldKind::Person => {
            let known = raw.parse::<i64>().ok().is_some_and(|id| ctx.household.iter().any(|m| m.id == id));
            (!known).then(|| "not_in_household".to_owned())
        }
        FieldKind::Attachment { .. } => {
            value.items().iter().any(|i| i.parse::<i64>().map_or(true, |id| id <= 0)).then(|| "invalid".to_owned())
        }
        FieldKind::Group { .. } => None,
    };
    if let Some(code) = code {
        errors.push(at, &code);
    }
}

/// A date as a date input sends it, `YYYY-MM-DD`, between 1900 and 2100.
pub fn parse_form_date(raw: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok().filter(|d| (1900..=2100).contains(&d.year()))
}

/// A number as typed: digits with an optional sign and a decimal point or comma.
pub fn parse_number(raw: &str) -> Option<f64> {
    let v = raw.trim().replace(',', ".");
    let digits = v.strip_prefix('-').unwrap_or(&v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty());
    ok.then(|| v.parse::<f64>().ok()).flatten().filter(|n| n.is_finite())
}

fn number_error(raw: &str, min: Option<f64>, max: Option<f64>, decimals: u8) -> Option<&'static str> {
    let Some(n) = parse_number(raw) else { return Some("not_a_number") };
    let frac = raw.trim().replace(',', ".").split_once('.').map_or(0, |(_, f)| f.len());
    if frac > usize::from(decimals) {
        return Some(if decimals == 0 { "not_whole" } else { "too_many_decimals" });
    }
    if min.is_some_and(|m| n < m) {
        return Some("below_min");
    }
    if max.is_some_and(|m| n > m) {
        return Some("above_max");
    }
    None
}

fn run_check(errors: &mut FieldErrors, def: &FormDefinition, check: &Check, answers: &Answers, ctx: &FormContext) {
    // (error path, the row the field is in)
    let places: Vec<(String, Option<&Answers>, &str)> = match check.field().split_once('.') {
        None => vec![(check.field().to_owned(), None, check.field())],
        Some((group, key)) => answers
            .get(group)
            .map(Value::rows)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(|(i, row)| (format!("{group}.{i}.{key}"), Some(row), key))
            .collect(),
    };
    let Some(target) = def.field_at(check.field()) else { return };
    for (path, row, key) in places {
        let raw = row.and_then(|r| r.get(key)).or_else(|| if row.is_none() { answers.get(key) } else { None });
        let Some(raw) = raw.map(Value::text).filter(|t| !t.trim().is_empty()) else { continue };
        let date_of = |r: &DateRef| -> Option<NaiveDate> {
            match r {
                DateRef::Today => Some(ctx.today),
                DateRef::Referral => ctx.referral_date,
                DateRef::BirthDate => ctx.birth_date,
                DateRef::Field(other) => {
                    let v = row.and_then(|r| r.get(other)).or_else(|| answers.get(other));
                    v.and_then(|v| parse_form_date(v.text()))
                }
            }
        };
        let code = match check {
            Check::NotBefore { bound, .. } => match (parse_form_date(raw), date_of(bound)) {
                (Some(d), Some(b)) if d < b => Some(format!("date_before_{}", bound.code())),
                _ => None,
            },
            Check::NotAfter { bound, .. } => match (parse_form_date(raw), date_of(bound)) {
                (Some(d), Some(b)) if d > b => Some(format!("date_after_{}", bound.code())),
                _ => None,
            },
            Check::AgeBelow { years, .. } | Check::AgeAtLeast { years, .. } => {
                let birth = match target.kind {
                    FieldKind::Person => raw
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .and_then(|id| ctx.household.iter().find(|m| m.id == id))
                        .and_then(|m| m.birth_date),
                    _ => parse_form_date(raw),
                };
                birth.and_then(|b| {
                    let age = age_on(b, ctx.today);
                    match check {
                        Check::AgeBelow { .. } if age >= *years => Some("age_too_high".to_owned()),
                        Check::AgeAtLeast { .. } if age < *years => Some("age_too_low".to_owned()),
                        _ => None,
                    }
                })
            }
        };
        if let Some(code) = code {
            errors.push(&path, &code);
        }
    }
}
