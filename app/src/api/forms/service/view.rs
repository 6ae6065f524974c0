//! What the forms pages are shown: summaries, a whole submission with its definition, and the
//! facts of the case the validator needs (built on the server, never taken from the browser).

use super::*;
use crate::domain::form::definition::{ChoiceOption, Choices};
use crate::domain::form::{FieldKind, HouseholdMember};
use crate::domain::person::RelationKind;
use crate::server::OrFail;
use std::collections::{BTreeMap, HashMap};

/// User names and definitions looked up once per request.
#[derive(Default)]
pub(super) struct Names {
    users: HashMap<i64, String>,
    definitions: HashMap<(String, i64), FormDefinition>,
}

impl Names {
    pub(super) async fn user(&mut self, ctx: &Ctx, id: i64) -> String {
        if let Some(n) = self.users.get(&id) {
            return n.clone();
        }
        let name = ctx.state.store.user(id).await.map(|u| u.full_name).unwrap_or_default();
        self.users.insert(id, name.clone());
        name
    }

    async fn definition(
        &mut self,
        ctx: &Ctx,
        action: &str,
        code: &str,
        version: i64,
    ) -> Result<FormDefinition, AppError> {
        let key = (code.to_owned(), version);
        if let Some(d) = self.definitions.get(&key) {
            return Ok(d.clone());
        }
        let row = ctx.state.store.definition(code, Some(version)).await.or_fail(ctx, action)?;
        let def = row.definition().or_fail(ctx, action)?;
        self.definitions.insert(key, def.clone());
        Ok(def)
    }
}

/// The definition version a submission is pinned to.
pub(super) async fn definition_of(ctx: &Ctx, action: &str, row: &SubmissionRow) -> Result<FormDefinition, AppError> {
    Names::default().definition(ctx, action, &row.form_code, row.definition_version).await
}

/// Relations that make the other person a member of the beneficiary's household.
fn household_kind(kind: &str) -> bool {
    matches!(
        RelationKind::parse(kind),
        Ok(RelationKind::HouseholdMember | RelationKind::ParentOf | RelationKind::ChildOf | RelationKind::SpouseOf)
    )
}

/// The classifier codes a definition's choices read.
fn classifier_kinds(def: &FormDefinition) -> Vec<String> {
    let mut out = Vec::new();
    let mut visit = |f: &crate::domain::form::Field| {
        if let FieldKind::Choice { options: Choices::Classifier(kind), .. } = &f.kind {
            if !out.contains(kind) {
                out.push(kind.clone());
            }
        }
    };
    for f in def.fields() {
        visit(f);
        if let FieldKind::Group { fields, .. } = &f.kind {
            fields.iter().for_each(&mut visit);
        }
    }
    out
}

/// What the validator knows of the case: today, the referral date, the beneficiary's birth
/// date, their household, and the classifiers the form's choices read.
pub(super) async fn form_context(
    ctx: &Ctx,
    action: &str,
    case: &CaseRow,
    def: &FormDefinition,
) -> Result<FormContext, AppError> {
    let store = &ctx.state.store;
    let person = store.person(case.person_id).await.or_fail(ctx, action)?;
    let mut household = vec![HouseholdMember {
        id: person.id,
        name: format!("{} {}", person.last_name, person.first_name),
        birth_date: Some(person.birth_date),
    }];
    for r in store.relations(person.id).await.or_fail(ctx, action)? {
        if household_kind(&r.kind) && !household.iter().any(|m| m.id == r.other_id) {
            household.push(HouseholdMember {
                id: r.other_id,
                name: format!("{} {}", r.other_last_name, r.other_first_name),
                birth_date: Some(r.other_birth_date),
            });
        }
    }
    let mut classifiers = BTreeMap::new();
    for kind in classifier_kinds(def) {
        let rows = store.classifier(&kind).await.or_fail(ctx, action)?;
        let options = rows
            .into_iter()
            .map(|r| ChoiceOption { code: r.code, label: Label::new(&r.name_en, &r.name_ro, &r.name_ru) })
            .collect();
        classifiers.insert(kind, options);
    }
    Ok(FormContext {
        today: crate::api::today(),
        referral_date: Some(case.received_on),
        birth_date: Some(person.birth_date),
        household,
        classifiers,
    })
}

async fn summary(ctx: &Ctx, names: &mut Names, action: &str, r: &SubmissionRow) -> Result<FormSummaryView, AppError> {
    let def = names.definition(ctx, action, &r.form_code, r.definition_version).await?;
    Ok(FormSummaryView {
        id: r.id,
        form: r.form_code.clone(),
        title: def.title,
        revision: r.revision,
        status: r.status.clone(),
        updated_at: local_time(r.updated_at),
        updated_by: names.user(ctx, r.updated_by).await,
    })
}

pub(super) async fn summaries(
    ctx: &Ctx,
    names: &mut Names,
    action: &str,
    rows: &[&SubmissionRow],
) -> Result<Vec<FormSummaryView>, AppError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(summary(ctx, names, action, r).await?);
    }
    Ok(out)
}

/// Every revision of the form `row` belongs to, oldest first: back along `previous_id` to the
/// first, then forward through the revisions that correct each.
fn chain<'a>(all: &'a [SubmissionRow], row: &'a SubmissionRow) -> Vec<&'a SubmissionRow> {
    let by_id: HashMap<i64, &SubmissionRow> = all.iter().map(|r| (r.id, r)).collect();
    let mut first = row;
    while let Some(p) = first.previous_id.and_then(|p| by_id.get(&p)) {
        first = p;
    }
    let mut out = vec![first];
    let mut at = first;
    while let Some(next) = all.iter().find(|r| r.previous_id == Some(at.id)) {
        out.push(next);
        at = next;
    }
    out
}

pub(super) async fn submission_view(ctx: &Ctx, action: &str, l: &Loaded) -> Result<SubmissionView, AppError> {
    let store = &ctx.state.store;
    let mut names = Names::default();
    let r = &l.sub;
    let definition = names.definition(ctx, action, &r.form_code, r.definition_version).await?;
    let person = store.person(l.case.person_id).await.or_fail(ctx, action)?;
    let context = form_context(ctx, action, &l.case, &definition).await?;
    let all = store.submissions_of_case(l.case.id, Some(&r.form_code)).await.or_fail(ctx, action)?;
    let revisions = summaries(ctx, &mut names, action, &chain(&all, r)).await?;
    let works = works_on(&l.user, &l.case);
    let corrected = all.iter().any(|x| x.previous_id == Some(r.id) && x.status() != SubmissionStatus::Superseded);
    let submitted_by = match r.submitted_by {
        Some(id) => Some(names.user(ctx, id).await),
        None => None,
    };
    let decided_by = match r.decided_by {
        Some(id) => Some(names.user(ctx, id).await),
        None => None,
    };
    let updated_by = names.user(ctx, r.updated_by).await;
    let answers = r.answers();
    let attachments = super::files::files_of(ctx, action, l.case.id, &definition, &answers).await?;
    Ok(SubmissionView {
        id: r.id,
        case_id: l.case.id,
        case_number: l.case.number.clone(),
        person_name: format!("{} {}", person.last_name, person.first_name),
        form: r.form_code.clone(),
        revision: r.revision,
        previous_id: r.previous_id,
        definition,
        answers,
        status: r.status.clone(),
        version: r.version,
        context,
        updated_at: local_time(r.updated_at),
        updated_by,
        submitted_at: r.submitted_at.map(local_time),
        submitted_by,
        decided_at: r.decided_at.map(local_time),
        decided_by,
        decision_comment: r.decision_comment.clone(),
        can_edit: works && r.status().is_editable(),
        can_decide: supervises(&l.user, &l.case)
            && l.form.needs_approval()
            && r.status() == SubmissionStatus::Submitted,
        can_revise: works && !corrected && revisable(l.form, &l.case, r),
        revisions,
        attachments,
        attachment_max_bytes: ctx.state.config.attachment_max_bytes,
    })
}
