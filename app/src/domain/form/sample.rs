//! A complete, valid set of answers for any definition: what the benchmarks fill a form with, and
//! what tests start from before they take an answer away.

use super::answers::{Answers, Value};
use super::definition::{Choices, Field, FieldKind, FormDefinition};
use super::validate::{clean, FormContext};

/// Answers every field of `def` validly for `ctx` (dates are today; a person is the youngest of
/// the household; a repeating group gets `rows` rows), then drops what the answers hide.
pub fn filled(def: &FormDefinition, ctx: &FormContext, rows: usize) -> Answers {
    let mut a = Answers::default();
    for field in def.fields() {
        if let Some(v) = answer(field, ctx, rows) {
            a.set(&field.key, v);
        }
    }
    clean(def, &a)
}

fn answer(field: &Field, ctx: &FormContext, rows: usize) -> Option<Value> {
    let one = |s: String| Some(Value::One(s));
    match &field.kind {
        FieldKind::Text { format, max_len } => {
            let s = match format {
                super::definition::TextFormat::Phone => "+37369123456".to_owned(),
                super::definition::TextFormat::Email => "ana@example.md".to_owned(),
                super::definition::TextFormat::Plain => "Răspuns".chars().take(max_len.unwrap_or(7)).collect(),
            };
            one(s)
        }
        FieldKind::LongText { .. } => {
            one("Familia locuiește într-o casă cu două camere; are nevoie de sprijin.".to_owned())
        }
        FieldKind::Number { min, max, .. } => {
            let n = min.unwrap_or(0.0).max(1.0_f64.min(max.unwrap_or(1.0)));
            one(format!("{n}"))
        }
        FieldKind::Date => one(ctx.today.to_string()),
        FieldKind::YesNo => one("no".to_owned()),
        FieldKind::Choice { multiple, options } => {
            let codes: Vec<String> = match options {
                Choices::Inline(o) => o.iter().map(|o| o.code.clone()).collect(),
                Choices::Classifier(c) => {
                    ctx.classifiers.get(c).map(|o| o.iter().map(|o| o.code.clone()).collect()).unwrap_or_default()
                }
            };
            let first = codes.first()?.clone();
            if *multiple {
                Some(Value::Many(codes.into_iter().take(2).collect()))
            } else {
                one(first)
            }
        }
        FieldKind::Person => {
            let youngest = ctx.household.iter().filter(|m| m.birth_date.is_some()).max_by_key(|m| m.birth_date)?;
            one(youngest.id.to_string())
        }
        FieldKind::Group { fields, max_rows, .. } => {
            let n = rows.min(max_rows.unwrap_or(rows)).max(1);
            let row: Answers =
                Answers(fields.iter().filter_map(|f| answer(f, ctx, rows).map(|v| (f.key.clone(), v))).collect());
            Some(Value::Rows(vec![row; n]))
        }
        FieldKind::Attachment { .. } => None,
    }
}
