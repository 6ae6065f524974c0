//! Writing a drafted batch in one transaction: ids, provisional ids and case
//! numbers reserved first, then the rows and their history built and
//! inserted in bulk.

use super::draft::Batch;
use super::people::idnp_for;
use super::world::World;
use super::SynthError;
use crate::domain::case::CaseNumber;
use crate::domain::idnp::ProvisionalId;
use crate::store::cases::CaseRow;
use crate::store::history::ObjectType;
use crate::store::persons::PersonRow;
use crate::store::synth::{self as bulk, IdTable, NewHistory, NewRelation};
use crate::store::Tx;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The closure reasons of the closure form, which synthetic closed cases are given in turn.
const CLOSURE_CODES: [&str; 5] = ["goals_achieved", "moved_away", "refused", "transferred", "other"];

/// The steps a synthetic case has been through, as its status implies: an initial assessment
/// begun some days after it opened, an approved plan for a case in monitoring or beyond, the
/// approved closure of a closed one, and the step it waits for now. The days come from the
/// case's id, so the same seed gives the same steps.
fn past_steps(
    row: &CaseRow,
    c: &super::draft::CaseDraft,
    deadlines: &crate::domain::deadlines::Deadlines,
) -> Vec<crate::store::case_steps::StepRow> {
    use crate::domain::case::CaseStatus as S;
    use crate::domain::indicators::StepOutcome;
    use crate::domain::next_step::NextStep;
    use crate::store::case_steps::StepRow;
    use chrono::Duration;
    let opened_on = c.opened_at.date_naive();
    let last = c.closed_at.map(|t| t.date_naive()).unwrap_or(c.since).max(opened_on);
    let spread = |n: i64| Duration::days(row.id.rem_euclid(n));
    let ended = |step: NextStep, started: NaiveDate, on: NaiveDate, action: &'static str| StepRow {
        case_id: row.id,
        territory_path: row.territory_path.clone(),
        received_on: row.received_on,
        assessed_on: None,
        step: step.as_str(),
        risk_level: row.risk_level.clone(),
        manager_id: row.manager_id,
        started_on: started,
        due_on: deadlines.due(step, c.risk, started),
        ended: Some((on.max(started), StepOutcome::Done, action)),
        ended_by: row.manager_id,
        reason: None,
    };
    let memory = c.remembered.unwrap_or(c.status);
    let assessed = !matches!(c.status, S::Referred | S::Open) && memory != S::Open;
    let approved = matches!(c.status, S::Monitoring | S::ClosureApproval | S::Closed)
        || matches!(c.remembered, Some(S::Monitoring));
    let mut out = Vec::new();
    let assessed_on = (opened_on + spread(12)).min(last);
    if assessed {
        out.push(ended(NextStep::InitialAssessment, opened_on, assessed_on, "start_assessment"));
    }
    if approved {
        let asked = (assessed_on + spread(20) + Duration::days(5)).min(last);
        out.push(ended(NextStep::PlanApproval, asked, (asked + spread(4)).min(last), "approve_plan"));
    }
    if c.status == S::Closed {
        let mut closure = ended(NextStep::ClosureApproval, last - spread(3), last, "approve_closure");
        closure.reason = Some(CLOSURE_CODES[row.id.rem_euclid(CLOSURE_CODES.len() as i64) as usize]);
        out.push(closure);
    }
    if let (Some(step), Some(due)) = (NextStep::parse_db(row.next_step.as_deref().unwrap_or("")), row.next_due_on) {
        out.push(StepRow {
            case_id: row.id,
            territory_path: row.territory_path.clone(),
            received_on: row.received_on,
            assessed_on: None,
            step: step.as_str(),
            risk_level: row.risk_level.clone(),
            manager_id: row.manager_id,
            started_on: c.since,
            due_on: due,
            ended: None,
            ended_by: None,
            reason: if step == NextStep::ClosureApproval { Some(CLOSURE_CODES[0]) } else { None },
        });
    }
    // Each step keeps the day of the last initial assessment done before it, as the workflow's.
    let mut assessed = None;
    for s in &mut out {
        s.assessed_on = assessed.filter(|d| *d <= s.started_on);
        if s.step == NextStep::InitialAssessment.as_str() {
            assessed = s.ended.map(|e| e.0).or(assessed);
        }
    }
    out
}

/// What one batch wrote.
pub(super) struct Written {
    pub persons: u64,
    pub cases: u64,
    pub relations: u64,
    pub history: u64,
    pub first_person_id: i64,
}

impl Batch {
    /// Reserves ids, provisional ids and case numbers, builds the rows and
    /// their history, and inserts them all in `tx`.
    pub(super) async fn write(self, tx: &mut Tx, world: &World) -> Result<Written, SynthError> {
        let ids = bulk::reserve_ids(tx, IdTable::Persons, self.persons.len()).await?;
        if ids.iter().any(|id| *id >= 100_000_000) {
            return Err(SynthError::TooMany);
        }
        let without = self.persons.iter().filter(|p| p.idnp_year.is_none()).count() as i64;
        let mut provisional =
            if without > 0 { bulk::advance_counter(tx, "provisional", without).await? - without } else { 0 };
        let mut persons = Vec::with_capacity(self.persons.len());
        let mut history = Vec::with_capacity(self.persons.len() + self.cases.len());
        for (p, id) in self.persons.iter().zip(&ids) {
            let (idnp, provisional_id) = match p.idnp_year {
                Some(year) => (Some(idnp_for(*id, year).as_str().to_owned()), None),
                None => {
                    provisional += 1;
                    (None, Some(ProvisionalId::from_seq(provisional as u64).as_str().to_owned()))
                }
            };
            let place = &world.places[p.place];
            let mut row = PersonRow {
                id: *id,
                idnp,
                provisional_id,
                no_idnp_reason: p.no_idnp_reason.map(str::to_owned),
                last_name: p.m.last_name.clone(),
                first_name: p.m.first_name.clone(),
                birth_date: p.m.birth_date,
                sex: p.m.sex.as_str().to_owned(),
                id_doc_type: p.id_doc.as_ref().map(|(t, _)| (*t).to_owned()),
                id_doc_number: p.id_doc.as_ref().map(|(_, n)| n.clone()),
                disability_degree: p.disability.0.to_owned(),
                disability_limitation: p.disability.1.map(str::to_owned),
                domicile_territory_id: place.id,
                territory_path: place.path.clone(),
                domicile_address: Some(p.address.clone()),
                residence_territory_id: None,
                residence_address: None,
                phone: p.phone.clone(),
                email: p.email.clone(),
                vulnerabilities: serde_json::to_string(&p.vulnerabilities).unwrap_or_else(|_| "[]".into()),
                distinct_note: None,
                status: "active".into(),
                status_reason: None,
                created_at: p.created_at,
                created_by: p.created_by,
                updated_at: p.created_at,
                updated_by: p.created_by,
                version: 1,
            };
            let registered = row.snapshot();
            let by = (p.created_at, p.created_by);
            history.push(NewHistory::version(ObjectType::Person, *id, 1, by, ("register", None), None, &registered));
            if let Some((reason, at)) = p.archived {
                row.status = "archived".into();
                row.status_reason = Some(reason.to_owned());
                row.updated_at = at;
                row.version = 2;
                let archived = row.snapshot();
                let by = (at, p.created_by);
                let action = ("archive", Some(reason));
                history.push(NewHistory::version(ObjectType::Person, *id, 2, by, action, Some(&registered), &archived));
            }
            persons.push(row);
        }
        let relations: Vec<NewRelation> = self
            .relations
            .iter()
            .map(|(a, kind, b)| {
                let (pa, pb) = (&self.persons[*a], &self.persons[*b]);
                let later = if pa.created_at >= pb.created_at { pa } else { pb };
                NewRelation {
                    person_id: ids[*a],
                    kind: *kind,
                    other_id: ids[*b],
                    created_at: later.created_at,
                    created_by: later.created_by,
                }
            })
            .collect();
        // Numbers: the next ones of each territory and year (in Moldova), as opening a case takes them.
        let mut groups: BTreeMap<(i64, i32), Vec<usize>> = BTreeMap::new();
        for (i, c) in self.cases.iter().enumerate() {
            let year = c.opened_at.with_timezone(&crate::store::zone()).year();
            groups.entry((c.territory_id, year)).or_default().push(i);
        }
        let mut numbers = vec![String::new(); self.cases.len()];
        for ((territory, year), members) in &groups {
            let by = members.len() as i64;
            let last = bulk::advance_counter(tx, &format!("case/{territory}/{year}"), by).await?;
            for (k, i) in members.iter().enumerate() {
                numbers[*i] = CaseNumber::new(*territory, *year, last - by + 1 + k as i64).as_str().to_owned();
            }
        }
        let case_ids = bulk::reserve_ids(tx, IdTable::Cases, self.cases.len()).await?;
        let mut cases = Vec::with_capacity(self.cases.len());
        let mut steps = Vec::with_capacity(self.cases.len() * 2);
        // Due dates as the stored rules and holidays count them.
        let deadlines = crate::store::deadlines::load_tx(tx, crate::store::today()).await?;
        for ((c, id), number) in self.cases.iter().zip(&case_ids).zip(numbers) {
            let next = deadlines.next_step(c.status, c.risk, c.since);
            let row = CaseRow {
                id: *id,
                number,
                person_id: ids[c.person],
                territory_id: c.territory_id,
                territory_path: c.territory_path.clone(),
                manager_id: c.manager,
                status: c.status.as_str().to_owned(),
                remembered_status: c.remembered.map(|s| s.as_str().to_owned()),
                status_reason: c.reason.map(str::to_owned),
                risk_level: c.risk.as_str().to_owned(),
                channel: c.channel.as_str().to_owned(),
                reporter_name: c.reporter_name.clone(),
                reporter_contact: c.reporter_contact.clone(),
                received_on: c.received_on,
                concern: c.concern.to_owned(),
                next_step: next.map(|(s, _)| s.as_str().to_owned()),
                next_due_on: next.map(|(_, d)| d),
                transfer_id: None,
                opened_at: c.opened_at,
                closed_at: c.closed_at,
                created_by: c.created_by,
                updated_at: c.opened_at,
                updated_by: c.created_by,
                version: 1,
            };
            steps.extend(past_steps(&row, c, &deadlines));
            let by = (c.opened_at, c.created_by);
            history.push(NewHistory::version(ObjectType::Case, *id, 1, by, ("open", None), None, &row.snapshot()));
            cases.push(row);
        }
        bulk::insert_persons(tx, &persons).await?;
        bulk::insert_relations(tx, &relations).await?;
        bulk::insert_cases(tx, &cases).await?;
        bulk::insert_steps(tx, &steps).await?;
        bulk::insert_history(tx, &history).await?;
        Ok(Written {
            persons: persons.len() as u64,
            cases: cases.len() as u64,
            relations: relations.len() as u64,
            history: history.len() as u64,
            first_person_id: ids.first().copied().unwrap_or(0),
        })
    }
}
