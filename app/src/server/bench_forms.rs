//! The forms benchmark (`vatra bench-forms`): the largest standard form checked by the validator
//! (what runs on every field the user leaves, and on submit) and drawn as HTML on the server, and
//! draft saves under concurrent load against the database. The figures go in
//! `docs/benchmarks.md`; timing is never a test.

use super::bench::Measure;
use crate::domain::form::definition::{ChoiceOption, Label};
use crate::domain::form::{sample, standard, validate, FormContext, FormDefinition, HouseholdMember, Mode};
use crate::domain::FieldErrors;
use crate::ui::pages::forms::fields::FormState;
use crate::ui::pages::forms::fill::sections;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::time::Instant;

/// The standard form with the most questions.
pub fn largest() -> FormDefinition {
    standard::all().into_iter().max_by_key(FormDefinition::field_count).expect("the standard forms are shipped")
}

/// A case's context as the server builds it: a household of four, full classifiers.
pub fn context() -> FormContext {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let entries = |kind: &str, n: usize| {
        (0..n)
            .map(|i| ChoiceOption {
                code: format!("{kind}_{i}"),
                label: Label::new(&format!("Entry {i}"), &format!("Intrare {i}"), &format!("Запись {i}")),
            })
            .collect::<Vec<_>>()
    };
    FormContext {
        today: d("2026-11-23").unwrap_or_default(),
        referral_date: d("2026-10-01"),
        birth_date: d("1986-04-02"),
        household: vec![
            HouseholdMember { id: 1, name: "Mariana Rusu".into(), birth_date: d("1986-04-02") },
            HouseholdMember { id: 2, name: "Ion Rusu".into(), birth_date: d("1983-01-15") },
            HouseholdMember { id: 3, name: "Ana Rusu".into(), birth_date: d("2012-09-01") },
            HouseholdMember { id: 4, name: "Petru Rusu".into(), birth_date: d("2017-03-20") },
        ],
        classifiers: BTreeMap::from([
            ("vulnerability".to_owned(), entries("vulnerability", 12)),
            ("disability_limitation".to_owned(), entries("disability_limitation", 6)),
            ("document_type".to_owned(), entries("document_type", 5)),
        ]),
    }
}

/// Validation (draft and submit) and the server's HTML of the largest form, `iterations` times
/// each, filled in full with three rows in each repeating group.
pub fn in_process(iterations: usize) -> Vec<Measure> {
    let def = largest();
    let ctx = context();
    let answers = sample::filled(&def, &ctx, 3);
    let mut on_blur = Measure::new(format!("validate {} on leaving a field (draft rules)", def.code));
    let mut on_submit = Measure::new(format!("validate {} on submit (every rule)", def.code));
    let mut render = Measure::new(format!("draw {} as HTML on the server ({} fields)", def.code, def.field_count()));
    for _ in 0..iterations {
        let t = Instant::now();
        let e = validate(&def, &answers, &ctx, Mode::Draft);
        on_blur.samples.push(t.elapsed());
        on_blur.rows += e.0.len() as u64;
        let t = Instant::now();
        let e = validate(&def, &answers, &ctx, Mode::Submit);
        on_submit.samples.push(t.elapsed());
        on_submit.rows += e.0.len() as u64;
        let owner = Owner::new();
        let t = Instant::now();
        let html = owner.with(|| {
            let st = FormState::new(answers.clone(), FieldErrors::new(), def.clone(), ctx.clone());
            sections(st).to_html()
        });
        render.samples.push(t.elapsed());
        render.rows += html.len() as u64 / 1024;
        drop(owner);
    }
    vec![on_blur, on_submit, render]
}
