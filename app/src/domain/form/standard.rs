//! The standard forms as shipped: the first version of each definition, stored at start-up when
//! the store has none.

use super::definition::FormDefinition;
use super::StandardForm;

/// The shipped JSON of a standard form, one file per form in `standard/`.
fn source(form: StandardForm) -> &'static str {
    match form {
        StandardForm::Referral => include_str!("standard/referral.json"),
        StandardForm::InitialAssessment => include_str!("standard/initial_assessment.json"),
        StandardForm::ComplexAssessment => include_str!("standard/complex_assessment.json"),
        StandardForm::AssistancePlan => include_str!("standard/assistance_plan.json"),
        StandardForm::MonitoringVisit => include_str!("standard/monitoring_visit.json"),
        StandardForm::PlanReview => include_str!("standard/plan_review.json"),
        StandardForm::Closure => include_str!("standard/closure.json"),
        StandardForm::SocialInquiry => include_str!("standard/social_inquiry.json"),
    }
}

/// A standard form's shipped definition (version 1).
///
/// # Panics
///
/// If the shipped file does not parse; the tests below parse every one of them.
pub fn definition(form: StandardForm) -> FormDefinition {
    serde_json::from_str(source(form))
        .unwrap_or_else(|e| panic!("the shipped definition of `{}` does not parse: {e}", form.code()))
}

/// Every standard form's shipped definition, in [`StandardForm::ALL`] order.
pub fn all() -> Vec<FormDefinition> {
    StandardForm::ALL.into_iter().map(definition).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::definition::{
        check_definition, Check, ChoiceOption, Choices, Condition, Field, FieldKind, Label, TextFormat,
    };
    use crate::domain::form::{validate, Answers, FormContext, HouseholdMember, Mode, Value};
    use chrono::NaiveDate;
    use serde_json::json;
    use std::collections::{BTreeMap, BTreeSet};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ctx() -> FormContext {
        let option = |code: &str, en: &str, ro: &str, ru: &str| ChoiceOption {
            code: code.into(),
            label: Label::new(en, ro, ru),
        };
        FormContext {
            today: d("2026-11-23"),
            referral_date: Some(d("2026-10-01")),
            birth_date: Some(d("1980-05-05")),
            household: vec![
                HouseholdMember { id: 7, name: "Ana".into(), birth_date: Some(d("1980-05-05")) },
                HouseholdMember { id: 8, name: "Ion".into(), birth_date: Some(d("2015-02-01")) },
            ],
            classifiers: BTreeMap::from([
                (
                    "vulnerability".to_owned(),
                    vec![
                        option("poverty", "Extreme poverty", "Sărăcie extremă", "Крайняя бедность"),
                        option("child_at_risk", "Child at risk", "Copil în situație de risc", "Ребёнок в группе риска"),
                    ],
                ),
                (
                    "disability_limitation".to_owned(),
                    vec![option("mobility", "Mobility", "Locomotorie", "Опорно-двигательная")],
                ),
            ]),
        }
    }

    fn answers(v: serde_json::Value) -> Answers {
        serde_json::from_value(v).unwrap()
    }

    fn codes(errors: &crate::domain::FieldErrors) -> Vec<(String, String)> {
        errors.0.iter().map(|e| (e.field.clone(), e.code.clone())).collect()
    }

    fn one(field: &str, code: &str) -> Vec<(String, String)> {
        vec![(field.to_owned(), code.to_owned())]
    }

    /// Every field of a definition, the sub-fields of groups included.
    fn every_field(def: &FormDefinition) -> Vec<&Field> {
        def.fields()
            .flat_map(|f| {
                let subs: Vec<&Field> = match &f.kind {
                    FieldKind::Group { fields, .. } => fields.iter().collect(),
                    _ => Vec::new(),
                };
                std::iter::once(f).chain(subs)
            })
            .collect()
    }

    /// Every label of a definition (titles, field labels, help, option labels), with where it is.
    fn every_label(def: &FormDefinition) -> Vec<(String, &Label)> {
        let mut out = vec![(format!("{}.title", def.code), &def.title)];
        for s in &def.sections {
            out.push((format!("{}.{}.title", def.code, s.key), &s.title));
        }
        for f in every_field(def) {
            let at = format!("{}.{}", def.code, f.key);
            out.push((format!("{at}.label"), &f.label));
            if let Some(help) = &f.help {
                out.push((format!("{at}.help"), help));
            }
            if let FieldKind::Choice { options: Choices::Inline(options), .. } = &f.kind {
                out.extend(options.iter().map(|o| (format!("{at}.{}", o.code), &o.label)));
            }
        }
        out
    }

    #[test]
    fn every_shipped_definition_parses_and_is_publishable() {
        let all = all();
        assert_eq!(all.len(), StandardForm::ALL.len());
        for (form, def) in StandardForm::ALL.into_iter().zip(&all) {
            assert_eq!(def.code, form.code());
            assert_eq!(def.version, 1, "{}", def.code);
            let errors = check_definition(def);
            assert!(errors.is_empty(), "{}: {errors:?}", def.code);
            assert_eq!(&definition(form), def);
        }
    }

    #[test]
    fn every_label_is_in_three_languages_short_and_well_spelt() {
        for def in all() {
            for (at, label) in every_label(&def) {
                for lang in ["en", "ro", "ru"] {
                    let text = label.0.get(lang).map(|t| t.trim()).unwrap_or("");
                    assert!(!text.is_empty(), "{at}: no {lang}");
                    // A label sits on one line of a 390 px phone; longer guidance goes in `help`.
                    let limit = if at.ends_with(".help") { 100 } else { 36 };
                    assert!(text.chars().count() <= limit, "{at}.{lang} is long: {text}");
                }
                assert!(!label.0["ro"].contains(['ş', 'ţ', 'Ş', 'Ţ']), "{at}: Romanian takes ș and ț (comma below)");
                assert!(
                    label.0["ru"].chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
                    "{at}: ru is not Russian"
                );
            }
        }
    }

    #[test]
    fn conditions_compare_with_answers_the_field_can_take() {
        // `check_definition` knows the fields a condition names, not the values: a misspelt option
        // code would hide a field for ever.
        fn allowed(f: &Field) -> Vec<String> {
            match &f.kind {
                FieldKind::YesNo => vec!["yes".into(), "no".into()],
                FieldKind::Choice { options: Choices::Inline(o), .. } => o.iter().map(|o| o.code.clone()).collect(),
                other => {
                    panic!("{}: conditions here compare only yes/no and inline choices, not {}", f.key, other.code())
                }
            }
        }
        fn walk<'a>(def: &'a FormDefinition, group: Option<&'a [Field]>, c: &Condition) {
            let lookup =
                |name: &str| group.and_then(|g| g.iter().find(|f| f.key == name)).or_else(|| def.field(name)).unwrap();
            match c {
                Condition::Equals { field, value } => {
                    assert!(allowed(lookup(field)).contains(value), "{}: {field} is never {value}", def.code)
                }
                Condition::AnyOf { field, values } => {
                    let ok = allowed(lookup(field));
                    assert!(values.iter().all(|v| ok.contains(v)), "{}: {field} {values:?}", def.code);
                }
                Condition::Answered { .. } => {}
                Condition::Not(c) => walk(def, group, c),
                Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| walk(def, group, c)),
            }
        }
        for def in all() {
            for s in &def.sections {
                s.show_when.iter().for_each(|c| walk(&def, None, c));
                for f in &s.fields {
                    f.show_when.iter().for_each(|c| walk(&def, None, c));
                    if let FieldKind::Group { fields, .. } = &f.kind {
                        for sub in fields {
                            sub.show_when.iter().for_each(|c| walk(&def, Some(fields), c));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn together_the_forms_use_every_field_type_and_rule() {
        let all = all();
        let fields: Vec<&Field> = all.iter().flat_map(every_field).collect();
        let kinds: BTreeSet<&str> = fields.iter().map(|f| f.kind.code()).collect();
        let want = ["text", "long_text", "number", "date", "yes_no", "choice", "person", "group", "attachment"];
        assert_eq!(kinds, BTreeSet::from(want));
        let has = |p: &dyn Fn(&FieldKind) -> bool| fields.iter().any(|f| p(&f.kind));
        assert!(has(&|k| matches!(k, FieldKind::Text { format: TextFormat::Phone, .. })));
        assert!(has(&|k| matches!(k, FieldKind::Number { decimals: 2, min: Some(_), .. })));
        assert!(has(&|k| matches!(k, FieldKind::Choice { multiple: false, options: Choices::Inline(_) })));
        assert!(has(&|k| matches!(k, FieldKind::Choice { multiple: true, options: Choices::Inline(_) })));
        for classifier in ["vulnerability", "disability_limitation"] {
            assert!(has(&|k| matches!(k, FieldKind::Choice { multiple: true, options: Choices::Classifier(c) }
                if c == classifier)));
        }
        let conditions: Vec<String> = fields
            .iter()
            .filter_map(|f| f.show_when.as_ref())
            .map(|c| serde_json::to_value(c).unwrap().as_object().unwrap().keys().next().unwrap().clone())
            .collect();
        for kind in ["equals", "any_of", "answered", "not", "all", "any"] {
            assert!(conditions.iter().any(|c| c == kind), "no {kind} condition");
        }
        let checks: Vec<&Check> = all.iter().flat_map(|d| &d.checks).collect();
        assert!(checks.iter().any(|c| matches!(c, Check::AgeBelow { .. })));
        assert!(checks.iter().any(|c| c.field().contains('.')), "no check on the rows of a group");
    }

    #[test]
    fn the_complex_assessment_is_the_largest_form() {
        let complex = definition(StandardForm::ComplexAssessment).field_count();
        assert!((40..=60).contains(&complex), "{complex}");
        for form in StandardForm::ALL.into_iter().filter(|f| *f != StandardForm::ComplexAssessment) {
            assert!(definition(form).field_count() < complex, "{}", form.code());
        }
        assert_eq!(definition(StandardForm::InitialAssessment).sections.len(), 6);
    }

    #[test]
    fn risk_levels_are_the_case_risk_levels() {
        // The server lifts an assessment's or a review's risk level onto the case.
        use crate::domain::case::RiskLevel;
        let want: Vec<&str> = RiskLevel::ALL.into_iter().map(RiskLevel::as_str).collect();
        let forms = [StandardForm::InitialAssessment, StandardForm::ComplexAssessment, StandardForm::PlanReview];
        for form in forms {
            let def = definition(form);
            let Some(FieldKind::Choice { multiple: false, options: Choices::Inline(options) }) =
                def.field("risk_level").map(|f| &f.kind)
            else {
                panic!("{}: no risk_level choice", def.code);
            };
            assert!(def.field("risk_level").is_some_and(|f| f.required), "{}", def.code);
            assert_eq!(options.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), want, "{}", def.code);
        }
    }

    fn initial_assessment() -> Answers {
        answers(json!({
            "visit_date": "2026-10-05", "visit_place": "home", "persons_present": "Ana Rusu, mama; Ion Rusu, fiul",
            "dwelling": "own", "living_conditions": "partly", "heating": "no",
            "living_notes": "Casă cu două camere, soba nu funcționează.",
            "needs": ["poverty", "child_at_risk"], "enough_food": "no", "enough_clothing": "yes",
            "health_state": "fair", "family_doctor": "yes",
            "child_in_household": "yes", "child": "8", "school_attendance": "irregular",
            "safety_concerns": "no",
            "risk_level": "medium",
            "conclusion": "Familie monoparentală fără venituri stabile; copilul lipsește de la școală.",
            "recommendation": "complex_assessment"
        }))
    }

    #[test]
    fn a_filled_initial_assessment_submits_and_each_rule_bites() {
        let def = definition(StandardForm::InitialAssessment);
        let errors = validate(&def, &initial_assessment(), &ctx(), Mode::Submit);
        assert!(errors.is_empty(), "{errors:?}");

        let mut a = initial_assessment();
        a.0.remove("conclusion");
        assert!(validate(&def, &a, &ctx(), Mode::Draft).is_empty());
        assert_eq!(codes(&validate(&def, &a, &ctx(), Mode::Submit)), one("conclusion", "required"));

        // Safety concerns show the details (required) and the urgent measures.
        let mut a = initial_assessment();
        a.set("safety_concerns", Value::One("yes".into()));
        assert_eq!(
            codes(&validate(&def, &a, &ctx(), Mode::Submit)),
            vec![
                ("safety_details".to_owned(), "required".to_owned()),
                ("urgent_measures".to_owned(), "required".to_owned())
            ]
        );

        let mut a = initial_assessment();
        a.set("child", Value::One("7".into()));
        assert_eq!(codes(&validate(&def, &a, &ctx(), Mode::Submit)), one("child", "age_too_high"));
        a.set("child_in_household", Value::One("no".into()));
        assert!(validate(&def, &a, &ctx(), Mode::Submit).is_empty(), "a hidden child is not checked");

        let mut a = initial_assessment();
        a.set("visit_date", Value::One("2026-09-30".into()));
        assert_eq!(codes(&validate(&def, &a, &ctx(), Mode::Submit)), one("visit_date", "date_before_referral"));
        a.set("visit_date", Value::One("2026-11-24".into()));
        assert_eq!(codes(&validate(&def, &a, &ctx(), Mode::Submit)), one("visit_date", "date_after_today"));

        let mut a = initial_assessment();
        a.set("recommendation", Value::One("close".into()));
        assert_eq!(codes(&validate(&def, &a, &ctx(), Mode::Submit)), one("close_reason", "required"));
    }

    fn plan() -> Answers {
        answers(json!({
            "start_date": "2026-11-01", "review_date": "2027-02-01",
            "overall_goal": "Ion frecventează școala zilnic, iar familia are un venit stabil.",
            "actions": [
                {"goal": "Hrană zilnică", "action": "Înscrierea la cantina socială", "service": "social_canteen",
                 "responsible": "Asistentul social comunitar", "due_date": "2026-11-15"},
                {"goal": "Locuință încălzită", "action": "Reparația sobei", "service": "other",
                 "service_other": "Ajutor din fondul local", "responsible": "Primăria", "due_date": "2027-01-15"}
            ],
            "beneficiary_agreement": "yes", "signed_plan": ["12"]
        }))
    }

    #[test]
    fn a_filled_plan_submits_and_each_rule_bites() {
        let def = definition(StandardForm::AssistancePlan);
        let errors = validate(&def, &plan(), &ctx(), Mode::Submit);
        assert!(errors.is_empty(), "{errors:?}");

        let without = |path: &[&str]| {
            let mut a = plan();
            match path {
                [key] => {
                    a.0.remove(*key);
                }
                [group, key] => {
                    if let Some(Value::Rows(rows)) = a.0.get_mut(*group) {
                        rows[0].0.remove(*key);
                    }
                }
                _ => unreachable!(),
            }
            codes(&validate(&def, &a, &ctx(), Mode::Submit))
        };
        assert_eq!(without(&["beneficiary_agreement"]), one("beneficiary_agreement", "required"));
        assert_eq!(without(&["overall_goal"]), one("overall_goal", "required"));
        assert_eq!(without(&["actions"]), one("actions", "required"));
        assert_eq!(without(&["actions", "responsible"]), one("actions.0.responsible", "required"));
        assert_eq!(without(&["actions", "due_date"]), one("actions.0.due_date", "required"));

        let mut a = plan();
        a.set("beneficiary_agreement", Value::One("no".into()));
        assert_eq!(codes(&validate(&def, &a, &ctx(), Mode::Submit)), one("disagreement_reason", "required"));

        // An action due before the plan starts, and one due before the referral.
        let mut a = plan();
        if let Some(Value::Rows(rows)) = a.0.get_mut("actions") {
            rows[0].set("due_date", Value::One("2026-10-20".into()));
            rows[1].set("due_date", Value::One("2026-09-01".into()));
        }
        assert_eq!(
            codes(&validate(&def, &a, &ctx(), Mode::Submit)),
            vec![
                ("actions.1.due_date".to_owned(), "date_before_referral".to_owned()),
                ("actions.0.due_date".to_owned(), "date_before_field".to_owned()),
            ]
        );

        let mut a = plan();
        a.set("actions", Value::Rows(vec![answers(json!({"goal": "x"})); 31]));
        assert_eq!(codes(&crate::domain::form::structure(&def, &a)), one("actions", "too_many_rows"));
    }
}
