//! The validator against every field type and rule, conditions, repeating groups and version
//! pinning; property tests for drafts and submits.

use super::definition::*;
use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A form with one field of every type, a condition, a repeating group and cross-field checks.
fn sample() -> FormDefinition {
    serde_json::from_value(json!({
        "code": "sample",
        "version": 3,
        "title": {"en": "Sample", "ro": "Exemplu"},
        "sections": [
            {"key": "main", "title": {"en": "Main", "ro": "Principal"}, "fields": [
                {"key": "name", "label": {"en": "Name", "ro": "Nume"}, "kind": {"type": "text", "max_len": 10}, "required": true},
                {"key": "phone", "label": {"en": "Phone", "ro": "Telefon"}, "kind": {"type": "text", "format": "phone"}},
                {"key": "notes", "label": {"en": "Notes", "ro": "Note"}, "kind": {"type": "long_text", "max_len": 20}},
                {"key": "income", "label": {"en": "Income", "ro": "Venit"}, "kind": {"type": "number", "min": 0, "max": 100000, "decimals": 2}},
                {"key": "children", "label": {"en": "Children", "ro": "Copii"}, "kind": {"type": "number", "min": 0, "max": 20}},
                {"key": "visit_date", "label": {"en": "Visit", "ro": "Vizita"}, "kind": {"type": "date"}, "required": true},
                {"key": "has_disability", "label": {"en": "Disability", "ro": "Dizabilitate"}, "kind": {"type": "yes_no"}, "required": true},
                {"key": "disability_note", "label": {"en": "Which", "ro": "Care"}, "kind": {"type": "text"}, "required": true,
                 "show_when": {"equals": {"field": "has_disability", "value": "yes"}}},
                {"key": "risk", "label": {"en": "Risk", "ro": "Risc"}, "kind": {"type": "choice", "options": {"inline": [
                    {"code": "low", "label": {"en": "Low", "ro": "Scăzut"}},
                    {"code": "high", "label": {"en": "High", "ro": "Înalt"}}]}}},
                {"key": "needs", "label": {"en": "Needs", "ro": "Nevoi"}, "kind": {"type": "choice", "multiple": true, "options": {"classifier": "vulnerability"}}},
                {"key": "child", "label": {"en": "Child", "ro": "Copil"}, "kind": {"type": "person"}},
                {"key": "photos", "label": {"en": "Photos", "ro": "Fotografii"}, "kind": {"type": "attachment", "max_files": 2}}
            ]},
            {"key": "plan", "title": {"en": "Plan", "ro": "Plan"}, "show_when": {"not": {"equals": {"field": "risk", "value": "low"}}}, "fields": [
                {"key": "actions", "label": {"en": "Actions", "ro": "Acțiuni"}, "required": true, "kind": {"type": "group", "min_rows": 1, "max_rows": 3, "fields": [
                    {"key": "goal", "label": {"en": "Goal", "ro": "Obiectiv"}, "kind": {"type": "text"}, "required": true},
                    {"key": "due", "label": {"en": "Due", "ro": "Termen"}, "kind": {"type": "date"}, "required": true},
                    {"key": "done", "label": {"en": "Done", "ro": "Realizat"}, "kind": {"type": "yes_no"}},
                    {"key": "done_on", "label": {"en": "Done on", "ro": "Realizat la"}, "kind": {"type": "date"}, "required": true,
                     "show_when": {"equals": {"field": "done", "value": "yes"}}}
                ]}}
            ]}
        ],
        "checks": [
            {"rule": "not_before", "field": "visit_date", "bound": "referral"},
            {"rule": "not_after", "field": "visit_date", "bound": "today"},
            {"rule": "age_below", "field": "child", "years": 18},
            {"rule": "not_before", "field": "actions.due", "bound": {"field": "visit_date"}},
            {"rule": "not_before", "field": "actions.done_on", "bound": "referral"}
        ]
    }))
    .unwrap()
}

fn ctx() -> FormContext {
    FormContext {
        today: d("2026-11-23"),
        referral_date: Some(d("2026-10-01")),
        birth_date: Some(d("1980-05-05")),
        household: vec![
            HouseholdMember { id: 7, name: "Ana".into(), birth_date: Some(d("1980-05-05")) },
            HouseholdMember { id: 8, name: "Ion".into(), birth_date: Some(d("2015-02-01")) },
        ],
        classifiers: BTreeMap::from([(
            "vulnerability".to_owned(),
            vec![
                ChoiceOption { code: "poverty".into(), label: Label::new("Poverty", "Sărăcie", "Бедность") },
                ChoiceOption { code: "violence".into(), label: Label::new("Violence", "Violență", "Насилие") },
            ],
        )]),
    }
}

fn answers(v: serde_json::Value) -> Answers {
    serde_json::from_value(v).unwrap()
}

fn complete() -> Answers {
    answers(json!({
        "name": "Ana", "visit_date": "2026-11-20", "has_disability": "no", "risk": "high",
        "actions": [{"goal": "School", "due": "2026-12-01"}]
    }))
}

fn codes(errors: &crate::domain::FieldErrors) -> Vec<(String, String)> {
    errors.0.iter().map(|e| (e.field.clone(), e.code.clone())).collect()
}

fn one(field: &str, code: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), code.to_owned())]
}

#[test]
fn the_sample_definition_is_publishable_and_survives_a_round_trip() {
    let def = sample();
    assert!(check_definition(&def).is_empty(), "{:?}", check_definition(&def));
    let again: FormDefinition = serde_json::from_str(&serde_json::to_string(&def).unwrap()).unwrap();
    assert_eq!(again, def);
    assert_eq!(def.field_count(), 16);
}

#[test]
fn complete_answers_submit_clean() {
    let errors = validate(&sample(), &complete(), &ctx(), Mode::Submit);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn each_field_type_rejects_what_it_should() {
    let cases: &[(&str, serde_json::Value, &str)] = &[
        ("name", json!("Anastasia Maria"), "too_long"),
        ("phone", json!("call me"), "phone_invalid"),
        ("notes", json!("x".repeat(21)), "too_long"),
        ("income", json!("12.345"), "too_many_decimals"),
        ("income", json!("-1"), "below_min"),
        ("income", json!("1e5"), "not_a_number"),
        ("children", json!("2.5"), "not_whole"),
        ("children", json!("21"), "above_max"),
        ("visit_date", json!("2026-02-30"), "invalid_date"),
        ("has_disability", json!("maybe"), "invalid_choice"),
        ("risk", json!("medium"), "invalid_choice"),
        ("needs", json!(["poverty", "floods"]), "invalid_choice"),
        ("child", json!("99"), "not_in_household"),
        ("photos", json!(["1", "x"]), "invalid"),
    ];
    for (field, value, code) in cases {
        let mut a = complete();
        a.0.insert((*field).to_owned(), serde_json::from_value(value.clone()).unwrap());
        let errors = validate(&sample(), &a, &ctx(), Mode::Draft);
        assert_eq!(codes(&errors), one(field, code), "{field} = {value}");
    }
}

#[test]
fn numbers_accept_a_decimal_comma_and_valid_values_pass() {
    let mut a = complete();
    a.set("income", Value::One("1234,50".into()));
    a.set("phone", Value::One("+373 69 123 456".into()));
    a.set("needs", Value::Many(vec!["poverty".into(), "violence".into()]));
    a.set("child", Value::One("8".into()));
    a.set("photos", Value::Many(vec!["4".into(), "5".into()]));
    assert!(validate(&sample(), &a, &ctx(), Mode::Submit).is_empty());
}

#[test]
fn required_bites_on_submit_not_on_draft() {
    let a = answers(json!({"name": "Ana"}));
    assert!(validate(&sample(), &a, &ctx(), Mode::Draft).is_empty());
    let errors = validate(&sample(), &a, &ctx(), Mode::Submit);
    let fields: Vec<_> = errors.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
    assert_eq!(fields, vec![("visit_date", "required"), ("has_disability", "required"), ("actions", "required")]);
    // Whitespace is no answer.
    let a = answers(json!({"name": "   ", "visit_date": "2026-11-20", "has_disability": "no", "risk": "low"}));
    assert_eq!(codes(&validate(&sample(), &a, &ctx(), Mode::Submit)), one("name", "required"));
}

#[test]
fn a_hidden_field_is_neither_required_nor_kept() {
    let mut a = complete();
    a.set("disability_note", Value::One("x".repeat(900)));
    // Hidden (has_disability = no): not checked, and cleaned away.
    assert!(validate(&sample(), &a, &ctx(), Mode::Submit).is_empty());
    assert!(clean(&sample(), &a).get("disability_note").is_none());
    // Shown: required and checked.
    a.set("has_disability", Value::One("yes".into()));
    assert_eq!(codes(&validate(&sample(), &a, &ctx(), Mode::Submit)), one("disability_note", "too_long"));
    a.0.remove("disability_note");
    assert_eq!(codes(&validate(&sample(), &a, &ctx(), Mode::Submit)), one("disability_note", "required"));
}

#[test]
fn a_hidden_section_hides_its_fields() {
    let a = answers(json!({"name": "Ana", "visit_date": "2026-11-20", "has_disability": "no", "risk": "low",
        "actions": [{"goal": "", "due": "not a date"}]}));
    assert!(validate(&sample(), &a, &ctx(), Mode::Submit).is_empty());
    assert!(clean(&sample(), &a).get("actions").is_none());
}

#[test]
fn conditions_combine() {
    let a = answers(json!({"risk": "high", "needs": ["poverty"], "name": "x"}));
    let c = |v: serde_json::Value| -> Condition { serde_json::from_value(v).unwrap() };
    assert!(validate::holds(&c(json!({"equals": {"field": "needs", "value": "poverty"}})), &a, None));
    assert!(validate::holds(&c(json!({"any_of": {"field": "risk", "values": ["low", "high"]}})), &a, None));
    assert!(!validate::holds(&c(json!({"answered": {"field": "notes"}})), &a, None));
    assert!(validate::holds(
        &c(json!({"all": [{"answered": {"field": "name"}}, {"not": {"equals": {"field": "risk", "value": "low"}}}]})),
        &a,
        None
    ));
    assert!(validate::holds(
        &c(json!({"any": [{"answered": {"field": "notes"}}, {"equals": {"field": "risk", "value": "high"}}]})),
        &a,
        None
    ));
}

#[test]
fn repeating_groups_check_each_row() {
    let mut a = complete();
    a.set(
        "actions",
        Value::Rows(vec![
            answers(json!({"goal": "A", "due": "2026-12-01", "done": "yes"})),
            answers(json!({"goal": "", "due": "2026-11-01"})),
        ]),
    );
    let errors = validate(&sample(), &a, &ctx(), Mode::Submit);
    assert_eq!(
        codes(&errors),
        vec![
            ("actions.0.done_on".to_owned(), "required".to_owned()),
            ("actions.1.goal".to_owned(), "required".to_owned()),
            ("actions.1.due".to_owned(), "date_before_field".to_owned()),
        ]
    );
    // Too many rows is refused even on a draft; too few only on submit.
    let rows = Value::Rows(vec![answers(json!({"goal": "A", "due": "2026-12-01"})); 4]);
    a.set("actions", rows);
    assert_eq!(codes(&structure(&sample(), &a)), one("actions", "too_many_rows"));
    let mut b = complete();
    b.set("actions", Value::Rows(vec![]));
    assert_eq!(codes(&validate(&sample(), &b, &ctx(), Mode::Submit)), one("actions", "required"));
}

#[test]
fn cross_field_checks() {
    let mut a = complete();
    a.set("visit_date", Value::One("2026-09-30".into()));
    assert_eq!(codes(&validate(&sample(), &a, &ctx(), Mode::Draft)), one("visit_date", "date_before_referral"));
    a.set("visit_date", Value::One("2026-11-24".into()));
    assert_eq!(codes(&validate(&sample(), &a, &ctx(), Mode::Draft)), one("visit_date", "date_after_today"));
    a.set("visit_date", Value::One("2026-11-23".into()));
    a.set("child", Value::One("7".into()));
    assert_eq!(codes(&validate(&sample(), &a, &ctx(), Mode::Draft)), one("child", "age_too_high"));
    a.set("child", Value::One("8".into()));
    assert!(validate(&sample(), &a, &ctx(), Mode::Submit).is_empty());
    // A check whose date is unknown (no referral date) does not bite.
    let mut c = ctx();
    c.referral_date = None;
    a.set("visit_date", Value::One("2020-01-01".into()));
    assert!(validate(&sample(), &a, &c, Mode::Submit).is_empty());
}

#[test]
fn age_checks_on_dates_and_their_boundary() {
    let mut def = sample();
    def.checks = vec![Check::AgeAtLeast { field: "visit_date".into(), years: 18 }];
    let mut a = complete();
    a.set("visit_date", Value::One("2008-11-23".into())); // 18 today
    assert!(validate(&def, &a, &ctx(), Mode::Submit).is_empty());
    a.set("visit_date", Value::One("2008-11-24".into()));
    assert_eq!(codes(&validate(&def, &a, &ctx(), Mode::Submit)), one("visit_date", "age_too_low"));
}

#[test]
fn structure_refuses_unknown_fields_and_wrong_shapes() {
    let a = answers(
        json!({"nope": "x", "needs": "poverty", "actions": [{"goal": "A", "bogus": "1"}], "photos": ["1","2","3"]}),
    );
    let errors = structure(&sample(), &a);
    let mut got = codes(&errors);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("actions.0.bogus".to_owned(), "unknown_field".to_owned()),
            ("needs".to_owned(), "wrong_shape".to_owned()),
            ("nope".to_owned(), "unknown_field".to_owned()),
            ("photos".to_owned(), "too_many_files".to_owned()),
        ]
    );
}

#[test]
fn a_plain_post_becomes_answers() {
    let pairs: Vec<(String, String)> = [
        ("name", "Ana"),
        ("needs", "poverty"),
        ("needs", "violence"),
        ("actions.1.goal", "Second"),
        ("actions.0.goal", "First"),
        ("actions.0.due", "2026-12-01"),
        ("actions.2.goal", ""),
        ("actions.2.due", ""),
        ("_version", "4"),
        ("actions.x.goal", "ignored"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let a = Answers::from_pairs(&sample(), &pairs);
    assert_eq!(
        a,
        answers(json!({
            "name": "Ana", "needs": ["poverty", "violence"],
            "actions": [{"goal": "First", "due": "2026-12-01"}, {"goal": "Second"}]
        }))
    );
}

#[test]
fn definitions_that_cannot_be_published() {
    let mut def = sample();
    def.sections[0].fields[1].key = "name".into();
    def.sections[0].fields[2].key = "Bad Key".into();
    def.sections[0].fields[3].label = Label(BTreeMap::from([("en".into(), "Only English".into())]));
    def.sections[0].fields[4].kind = FieldKind::Number { min: Some(5.0), max: Some(1.0), decimals: 0 };
    def.sections[0].fields[8].kind = FieldKind::Choice { multiple: false, options: Choices::Inline(vec![]) };
    def.sections[0].fields[7].show_when = Some(Condition::Equals { field: "missing".into(), value: "yes".into() });
    def.sections[0].fields[6].show_when = Some(Condition::Answered { field: "has_disability".into() });
    def.sections[0].fields[5].show_when = Some(Condition::Equals { field: "risk".into(), value: "hgih".into() });
    def.checks.push(Check::NotBefore { field: "name".into(), bound: DateRef::Today });
    def.checks.push(Check::AgeBelow { field: "ghost".into(), years: 18 });
    let got = codes(&check_definition(&def));
    let want = [
        ("sections.0.fields.1.key", "key_duplicate"),
        ("sections.0.fields.2.key", "key_invalid"),
        ("sections.0.fields.3.label.ro", "label_missing"),
        ("sections.0.fields.4.kind", "range_invalid"),
        ("sections.0.fields.8.kind.options", "no_options"),
        ("sections.0.fields.6.show_when", "condition_self"),
        ("sections.0.fields.7.show_when", "condition_unknown_field"),
        ("sections.0.fields.5.show_when", "condition_value_unknown"),
        ("checks.5", "check_wrong_type"),
        ("checks.6", "check_unknown_field"),
    ];
    for (field, code) in want {
        assert!(got.contains(&(field.to_owned(), code.to_owned())), "missing {field} {code} in {got:?}");
    }
    let mut nested = sample();
    if let FieldKind::Group { fields, .. } = &mut nested.sections[1].fields[0].kind {
        fields[0].kind = FieldKind::Group { fields: vec![], min_rows: 0, max_rows: None };
    }
    assert!(codes(&check_definition(&nested))
        .contains(&("sections.1.fields.0.kind.fields.0.kind".to_owned(), "group_nested".to_owned())));
    let empty = FormDefinition {
        code: "x".into(),
        version: 1,
        title: Label::new("X", "X", "X"),
        sections: vec![],
        checks: vec![],
    };
    assert_eq!(codes(&check_definition(&empty)), one("sections", "no_sections"));
}

#[test]
fn a_submission_renders_with_the_version_it_was_filled_against() {
    // Version 3 has `income`; version 4 drops it and makes `phone` required. Answers stored with
    // version 3 still validate and show against version 3, and are judged anew against 4.
    let v3 = sample();
    let mut v4 = sample();
    v4.version = 4;
    v4.sections[0].fields.retain(|f| f.key != "income");
    v4.sections[0].fields[1].required = true;
    let mut a = complete();
    a.set("income", Value::One("100".into()));
    a.set("phone", Value::One(String::new()));
    let stored = serde_json::to_string(&(v3.version, &a)).unwrap();
    let (version, back): (u32, Answers) = serde_json::from_str(&stored).unwrap();
    let pinned = [&v3, &v4].into_iter().find(|d| d.version == version).unwrap();
    assert!(validate(pinned, &back, &ctx(), Mode::Submit).is_empty());
    assert_eq!(pinned.field("income").map(|f| f.label.get("ro")), Some("Venit"));
    let against_new = codes(&validate(&v4, &back, &ctx(), Mode::Submit));
    assert!(against_new.contains(&("income".to_owned(), "unknown_field".to_owned())));
    assert!(against_new.contains(&("phone".to_owned(), "required".to_owned())));
}

#[test]
fn labels_fall_back_to_romanian_then_english() {
    let l = Label(BTreeMap::from([("en".into(), "Home".into()), ("ro".into(), "Acasă".into())]));
    assert_eq!(l.get("ru"), "Acasă");
    assert_eq!(l.get("en"), "Home");
    let only_en = Label(BTreeMap::from([("en".into(), "Home".into())]));
    assert_eq!(only_en.get("ro"), "Home");
}

#[test]
fn standard_forms_and_the_workflow() {
    use crate::domain::case::{CaseAction as A, CaseStatus as S};
    for f in StandardForm::ALL {
        assert_eq!(StandardForm::parse(f.code()), Ok(f));
        assert_eq!(f.needs_approval(), f.on_decision(true).is_some());
    }
    assert_eq!(gate(S::Assessment, A::StartPlanning), Some(FormGate::Submitted(StandardForm::InitialAssessment)));
    assert_eq!(
        gate(S::ComplexAssessment, A::StartPlanning),
        Some(FormGate::Submitted(StandardForm::ComplexAssessment))
    );
    assert_eq!(gate(S::PlanApproval, A::ApprovePlan), Some(FormGate::ThroughForm(StandardForm::AssistancePlan)));
    assert_eq!(gate(S::Monitoring, A::ProposeClosure), Some(FormGate::ThroughForm(StandardForm::Closure)));
    assert_eq!(gate(S::Open, A::StartAssessment), None);
    assert!(StandardForm::AssistancePlan.fillable_in(S::Planning));
    assert!(!StandardForm::AssistancePlan.fillable_in(S::PlanApproval));
    assert!(StandardForm::Closure.fillable_in(S::Monitoring));
    assert!(!StandardForm::Closure.fillable_in(S::Closed));
    // Every step a form takes is one the state machine accepts from where the form is filled.
    for f in StandardForm::ALL {
        if let Some(step) = f.on_submit() {
            let from = S::ALL.into_iter().find(|s| f.fillable_in(*s)).unwrap();
            let to = crate::domain::case::transition(from, step, None).unwrap();
            assert!(crate::domain::case::transition(to, f.on_decision(true).unwrap(), Some(from)).is_ok());
            assert!(crate::domain::case::transition(to, f.on_decision(false).unwrap(), Some(from)).is_ok());
        }
    }
}

/// Any text answer a person could type, blank included, up to a field's length.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("  ".to_owned()),
        "[\\PC]{0,40}",
        "[0-9.,-]{0,8}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]"
    ]
}

/// Random answers to a random subset of the sample's fields, each in the right shape.
fn partial() -> impl Strategy<Value = Answers> {
    let def = sample();
    let keys: Vec<(String, bool, bool)> =
        def.fields().map(|f| (f.key.clone(), f.kind.is_list(), matches!(f.kind, FieldKind::Group { .. }))).collect();
    let n = keys.len();
    (
        proptest::collection::vec(any::<bool>(), n),
        proptest::collection::vec(text(), n),
        proptest::collection::vec(proptest::collection::vec((text(), text()), 0..=3), n),
    )
        .prop_map(move |(pick, texts, rows)| {
            let mut a = Answers::default();
            for (i, (key, list, group)) in keys.iter().enumerate() {
                if !pick[i] {
                    continue;
                }
                let v = if *group {
                    Value::Rows(
                        rows[i]
                            .iter()
                            .map(|(g, due)| {
                                Answers(BTreeMap::from([
                                    ("goal".to_owned(), Value::One(g.clone())),
                                    ("due".to_owned(), Value::One(due.clone())),
                                ]))
                            })
                            .collect(),
                    )
                } else if *list {
                    Value::Many(vec![texts[i].clone()].into_iter().take(2).collect())
                } else {
                    Value::One(texts[i].clone())
                };
                a.set(key, v);
            }
            a
        })
}

proptest! {
    #[test]
    fn a_draft_save_never_rejects_partial_answers(a in partial()) {
        prop_assert!(structure(&sample(), &a).is_empty());
    }

    #[test]
    fn a_submit_never_accepts_a_missing_required_answer(a in partial(), drop in 0usize..15) {
        let def = sample();
        let mut a = a;
        // Drop one field's answer on purpose, on top of whatever the generator left out.
        let keys: Vec<String> = def.fields().map(|f| f.key.clone()).collect();
        a.0.remove(&keys[drop % keys.len()]);
        let errors = validate(&def, &a, &ctx(), Mode::Submit);
        let shown = clean(&def, &a);
        for section in &def.sections {
            if section.show_when.as_ref().is_some_and(|c| !validate::holds(c, &shown, None)) {
                continue;
            }
            for f in &section.fields {
                let visible = f.show_when.as_ref().is_none_or(|c| validate::holds(c, &shown, None));
                let missing = shown.get(&f.key).is_none_or(Value::is_blank);
                if f.required && visible && missing {
                    prop_assert_eq!(errors.for_field(&f.key), Some("required"), "{} in {:?}", f.key, errors);
                }
            }
        }
    }
}

#[test]
fn every_standard_form_filled_in_full_submits_clean() {
    let mut c = ctx();
    c.classifiers.insert(
        "disability_limitation".to_owned(),
        vec![ChoiceOption {
            code: "mobility".into(),
            label: Label::new("Mobility", "Locomotorie", "Опорно-двигательная"),
        }],
    );
    for def in standard::all() {
        let a = sample::filled(&def, &c, 3);
        let errors = validate(&def, &a, &c, Mode::Submit);
        assert!(errors.is_empty(), "{}: {errors:?}", def.code);
        // And each required, shown answer taken away is missed.
        for f in def.fields().filter(|f| f.required && a.get(&f.key).is_some()) {
            let mut less = a.clone();
            less.0.remove(&f.key);
            let shown = clean(&def, &less);
            if f.show_when.as_ref().is_none_or(|w| validate::holds(w, &shown, None)) {
                assert_eq!(
                    validate(&def, &less, &c, Mode::Submit).for_field(&f.key),
                    Some("required"),
                    "{}.{}",
                    def.code,
                    f.key
                );
            }
        }
    }
}
