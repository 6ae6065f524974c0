//! The bodies of the register server functions, and the reading of a register a chunk at a time
//! that the page and the file share.

use super::*;
use crate::api::scope::{filters, territory_options, Filters};
use crate::domain::form::definition::Choices;
use crate::domain::form::{Answers, FieldKind, FormDefinition, StandardForm, Value};
use crate::domain::user::Language;
use crate::domain::{FieldErrors, Permission, TerritoryPath};
use crate::i18n::labels::{channel_code_label, degree_label, risk_label, sex_label, status_label};
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::registers::{self as rg, BeneficiaryEntryRow, PlanEntryRow, ReferralEntryRow};
use crate::store::{Outcome, Store, StoreError};
use chrono::NaiveDate;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Lines per page.
pub(crate) const PAGE: i64 = 50;

/// Where a register's reading stands: after the line it names (each register's own order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cursor {
    /// The register of referrals: the referral's day and the case's id.
    Received(NaiveDate, i64),
    /// The register of beneficiaries: the case's id.
    Case(i64),
    /// The register of assistance measures: the plan's id and the action's place in it.
    Measure(i64, usize),
}

impl Cursor {
    /// As the page's address carries it: `YYYY-MM-DD.id`, or the id.
    pub(crate) fn text(self) -> String {
        match self {
            Cursor::Received(day, id) => format!("{day}.{id}"),
            Cursor::Case(id) => id.to_string(),
            Cursor::Measure(plan, i) => format!("{plan}.{i}"),
        }
    }

    fn parse(kind: RegisterKind, raw: &str) -> Option<Cursor> {
        match kind {
            RegisterKind::Referrals => {
                let (day, id) = raw.split_once('.')?;
                Some(Cursor::Received(NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?, id.parse().ok()?))
            }
            RegisterKind::Beneficiaries => raw.parse().ok().filter(|id| *id > 0).map(Cursor::Case),
            RegisterKind::Measures => {
                let (plan, i) = raw.split_once('.')?;
                Some(Cursor::Measure(plan.parse().ok().filter(|id: &i64| *id > 0)?, i.parse().ok()?))
            }
        }
    }
}

/// What a register is read for: the territory and the period, from the filters.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    pub kind: RegisterKind,
    pub path: TerritoryPath,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lang: Language,
}

fn cell(text: impl Into<String>) -> RegisterCell {
    RegisterCell { text: text.into(), href: None }
}

fn link(text: impl Into<String>, href: String) -> RegisterCell {
    RegisterCell { text: text.into(), href: Some(href) }
}

fn referral_line(r: ReferralEntryRow, lang: Language) -> RegisterLineView {
    RegisterLineView {
        cells: vec![
            cell(r.received_on.to_string()),
            link(r.number, format!("/cases/{}", r.id)),
            link(format!("{} {}", r.last_name, r.first_name), format!("/persons/{}", r.person_id)),
            cell(r.idnp.unwrap_or_default()),
            cell(r.birth_date.to_string()),
            cell(channel_code_label(&r.channel).text(lang)),
            cell(r.reporter_name),
            cell(r.territory_name),
            cell(risk_label(&r.risk_level).text(lang)),
            cell(status_label(&r.status).text(lang)),
            cell(r.manager_name.unwrap_or_default()),
        ],
    }
}

/// A day in the agency's zone.
fn local_day(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&crate::store::zone()).date_naive().to_string()
}

fn beneficiary_line(r: BeneficiaryEntryRow, lang: Language) -> RegisterLineView {
    let sex = crate::domain::person::Sex::parse(&r.sex).map(|s| sex_label(s).text(lang)).unwrap_or_default();
    let degree = crate::domain::person::DisabilityDegree::parse(&r.disability_degree)
        .map(|d| degree_label(d).text(lang))
        .unwrap_or_default();
    RegisterLineView {
        cells: vec![
            cell(local_day(r.opened_at)),
            link(r.number, format!("/cases/{}", r.id)),
            link(format!("{} {}", r.last_name, r.first_name), format!("/persons/{}", r.person_id)),
            cell(r.idnp.unwrap_or_default()),
            cell(r.birth_date.to_string()),
            cell(sex),
            cell(degree),
            cell(r.domicile_name),
            cell(r.territory_name),
            cell(risk_label(&r.risk_level).text(lang)),
            cell(status_label(&r.status).text(lang)),
            cell(r.closed_at.map(local_day).unwrap_or_default()),
            cell(r.manager_name.unwrap_or_default()),
        ],
    }
}

/// The actions of an approved plan as lines of the register of assistance measures, the
/// service named as the plan's own definition names it.
fn measure_lines(r: &PlanEntryRow, def: Option<&FormDefinition>, lang: Language) -> Vec<(RegisterLineView, Cursor)> {
    let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
    let Some(Value::Rows(actions)) = answers.0.get(PLAN_ACTIONS) else { return Vec::new() };
    let services = def.and_then(|d| d.field_at(&format!("{PLAN_ACTIONS}.service"))).and_then(|f| match &f.kind {
        FieldKind::Choice { options: Choices::Inline(options), .. } => Some(options),
        _ => None,
    });
    let text = |row: &Answers, key: &str| match row.0.get(key) {
        Some(Value::One(v)) => v.clone(),
        _ => String::new(),
    };
    actions
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let code = text(row, "service");
            let service = if code == "other" {
                text(row, "service_other")
            } else {
                services
                    .and_then(|o| o.iter().find(|o| o.code == code))
                    .map(|o| o.label.get(lang.code()).to_owned())
                    .unwrap_or(code)
            };
            let line = RegisterLineView {
                cells: vec![
                    cell(local_day(r.decided_at)),
                    link(r.number.clone(), format!("/cases/{}", r.case_id)),
                    link(format!("{} {}", r.last_name, r.first_name), format!("/persons/{}", r.person_id)),
                    cell(r.idnp.clone().unwrap_or_default()),
                    cell(text(row, "goal")),
                    cell(text(row, "action")),
                    cell(service),
                    cell(text(row, "responsible")),
                    cell(text(row, "due_date")),
                    cell(r.territory_name.clone()),
                    cell(r.manager_name.clone().unwrap_or_default()),
                ],
            };
            (line, Cursor::Measure(r.id, i))
        })
        .collect()
}

/// The repeating group of an assistance plan that holds its actions.
const PLAN_ACTIONS: &str = "actions";

/// The period's first instant and the instant after its last day, in the agency's zone.
fn instants(s: &Scope) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    (crate::api::day_start(s.from), crate::api::day_start(s.to + chrono::Days::new(1)))
}

/// Up to `limit` lines of the register after `after`, in the caller's language, each with its
/// cursor.
pub(crate) async fn read(
    store: &Store,
    s: &Scope,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<(RegisterLineView, Cursor)>, StoreError> {
    let db = store.db();
    match s.kind {
        RegisterKind::Referrals => {
            let after = match after {
                Some(Cursor::Received(day, id)) => Some((day, id)),
                _ => None,
            };
            let rows = rg::referrals(db, &s.path, (s.from, s.to), after, limit).await?;
            Ok(rows
                .into_iter()
                .map(|r| {
                    let at = Cursor::Received(r.received_on, r.id);
                    (referral_line(r, s.lang), at)
                })
                .collect())
        }
        RegisterKind::Beneficiaries => {
            let after = match after {
                Some(Cursor::Case(id)) => Some(id),
                _ => None,
            };
            let rows = rg::beneficiaries(db, &s.path, instants(s), after, limit).await?;
            Ok(rows
                .into_iter()
                .map(|r| {
                    let at = Cursor::Case(r.id);
                    (beneficiary_line(r, s.lang), at)
                })
                .collect())
        }
        RegisterKind::Measures => {
            // Every plan has at least one action: `limit` plans after the one the cursor is in
            // give `limit` lines, and that one gives what is left of it.
            let (before, skip) = match after {
                Some(Cursor::Measure(plan, i)) => (Some(plan + 1), Some((plan, i))),
                _ => (None, None),
            };
            let code = StandardForm::AssistancePlan.code();
            let plans = rg::approved_plans(db, code, &s.path, instants(s), before, limit + 1).await?;
            let mut definitions: HashMap<i64, Option<FormDefinition>> = HashMap::new();
            let mut lines = Vec::new();
            for plan in &plans {
                if let Entry::Vacant(e) = definitions.entry(plan.definition_version) {
                    e.insert(store.definition(code, Some(plan.definition_version)).await?.definition().ok());
                }
                let def = definitions.get(&plan.definition_version).and_then(Option::as_ref);
                lines.extend(measure_lines(plan, def, s.lang).into_iter().filter(
                    |(_, at)| !matches!((skip, at), (Some((p, i)), Cursor::Measure(q, j)) if p == *q && *j <= i),
                ));
                if lines.len() as i64 >= limit {
                    break;
                }
            }
            lines.truncate(usize::try_from(limit).unwrap_or(0));
            Ok(lines)
        }
    }
}

/// How many lines the whole register holds, where that is cheap to tell (not for the measures,
/// whose lines are inside the plans): the file's progress says it.
pub(crate) async fn count(store: &Store, s: &Scope) -> Result<Option<i64>, StoreError> {
    let db = store.db();
    Ok(match s.kind {
        RegisterKind::Referrals => Some(rg::referrals_count(db, &s.path, (s.from, s.to)).await?),
        RegisterKind::Beneficiaries => Some(rg::beneficiaries_count(db, &s.path, instants(s)).await?),
        RegisterKind::Measures => None,
    })
}

/// The audit action of reading a page of the register.
pub(crate) fn page_action(kind: RegisterKind) -> &'static str {
    match kind {
        RegisterKind::Referrals => "registers.referrals",
        RegisterKind::Beneficiaries => "registers.beneficiaries",
        RegisterKind::Measures => "registers.measures",
    }
}

/// The filters of a register: a period and a territory within the caller's own, for one who
/// may read its persons.
pub(crate) async fn register_filters(
    ctx: &Ctx,
    action: &str,
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
) -> Result<(CurrentUser, Filters), AppError> {
    filters(ctx, action, Permission::ViewPersons, from, to, territory, None).await
}

/// What is read for the filters.
pub(crate) fn scope(kind: RegisterKind, user: &CurrentUser, f: &Filters) -> Scope {
    Scope { kind, path: f.path.clone(), from: f.period.from, to: f.period.to, lang: user.language() }
}

pub async fn page(
    kind: RegisterKind,
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
    after: Option<String>,
) -> Result<RegisterView, AppError> {
    let action = page_action(kind);
    let ctx = Ctx::current()?;
    let (user, f) = register_filters(&ctx, action, from, to, territory).await?;
    let after = match after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => match Cursor::parse(kind, raw) {
            Some(c) => Some(c),
            None => {
                let mut e = FieldErrors::new();
                e.push("after", "invalid_choice");
                return Err(ctx.refuse(Some(&user), action, AppError::Invalid(e), "invalid").await);
            }
        },
    };
    let s = scope(kind, &user, &f);
    let mut got = read(&ctx.state.store, &s, after, PAGE + 1).await.or_fail(&ctx, action)?;
    let more = got.len() as i64 > PAGE;
    got.truncate(PAGE as usize);
    let next = more.then(|| got.last().map(|(_, at)| at.text())).flatten();
    let lines: Vec<RegisterLineView> = got.into_iter().map(|(line, _)| line).collect();
    let mut ev = ctx.event(Some(&user), action, Outcome::Done);
    ev.details = serde_json::json!({
        "from": f.period.from.to_string(),
        "to": f.period.to.to_string(),
        "territory": f.territory.id,
        "rows": lines.len(),
    });
    ctx.state.store.audit(&ev).await.or_fail(&ctx, action)?;
    Ok(RegisterView {
        kind,
        from: f.period.from.to_string(),
        to: f.period.to.to_string(),
        territory_id: f.territory.id,
        territory_name: f.territory.name.clone(),
        territories: territory_options(&ctx, action, &user, &f.path).await?,
        lines,
        next,
    })
}
