//! Case files (dosare): the referral that starts one, the case number, and the workflow every case
//! follows, as a pure state machine.
//!
//! referral received → case assigned → initial assessment → (complex assessment) → assistance plan
//! approved by a supervisor → monitoring and plan reviews → closure approved by a supervisor. A case
//! can be suspended and resumed, reassigned at any point before it is closed, and reopened. The store
//! applies [`transition`] and records the result; an illegal step is refused with a code.

use super::error::{FieldError, FieldErrors};
use super::person::{parse_date, parse_id};
use super::user::{parse_name, parse_optional_text};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How urgently a case needs attention. Deadlines depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 3] = [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }

    /// Parses a form value on field `risk_level`: `required` when empty, `invalid_choice` when unknown.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        parse_choice("risk_level", raw, &Self::ALL, |r| r.as_str())
    }
}

/// How a referral reached the agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralChannel {
    Phone,
    InPerson,
    Written,
    /// Sent by another institution (school, clinic, police, …).
    Institution,
    /// The person asked for help themselves.
    SelfReferral,
    Other,
}

impl ReferralChannel {
    pub const ALL: [ReferralChannel; 6] = [
        ReferralChannel::Phone,
        ReferralChannel::InPerson,
        ReferralChannel::Written,
        ReferralChannel::Institution,
        ReferralChannel::SelfReferral,
        ReferralChannel::Other,
    ];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralChannel::Phone => "phone",
            ReferralChannel::InPerson => "in_person",
            ReferralChannel::Written => "written",
            ReferralChannel::Institution => "institution",
            ReferralChannel::SelfReferral => "self_referral",
            ReferralChannel::Other => "other",
        }
    }

    /// Parses a form value on field `channel`: `required` when empty, `invalid_choice` when unknown.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        parse_choice("channel", raw, &Self::ALL, |c| c.as_str())
    }
}

/// One of `all`, by its code: `required` when empty, `invalid_choice` when unknown.
fn parse_choice<T: Copy>(field: &str, raw: &str, all: &[T], code: fn(T) -> &'static str) -> Result<T, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    all.iter().copied().find(|t| code(*t) == v).ok_or_else(|| FieldError::new(field, "invalid_choice"))
}

/// Required free text of at most `max` characters, over several lines: `required`, `too_long`,
/// `invalid_chars` (control characters other than line breaks and tabs).
fn parse_text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    if v.chars().count() > max {
        return Err(FieldError::new(field, "too_long"));
    }
    if v.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(FieldError::new(field, "invalid_chars"));
    }
    Ok(v.to_owned())
}

/// The written reason a step needs (see [`CaseAction::needs_reason`]): field `reason`, required,
/// at most 1000 characters.
pub fn parse_reason(raw: &str) -> Result<String, FieldError> {
    parse_text("reason", raw, 1000)
}

/// The referral (intake) form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralInput {
    /// The person the referral is about (already registered).
    pub person_id: String,
    pub reporter_name: String,
    /// Phone, e-mail or address of the reporter, free text.
    pub reporter_contact: String,
    pub channel: String,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    /// What the reporter is worried about.
    pub concern: String,
    pub risk_level: String,
}

/// A referral that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReferral {
    pub person_id: i64,
    pub reporter_name: String,
    pub reporter_contact: Option<String>,
    pub channel: ReferralChannel,
    pub received_on: NaiveDate,
    pub concern: String,
    pub risk_level: RiskLevel,
}

/// How far back a referral's reception date may lie.
const REFERRAL_MAX_AGE_MONTHS: u32 = 5 * 12;

impl ReferralInput {
    /// Checks every field; the errors come in form order. `today` bounds the reception date: not in
    /// the future, not more than five years back.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidReferral, FieldErrors> {
        let mut errors = FieldErrors::new();
        let person_id = errors.check(parse_id("person_id", &self.person_id, true)).flatten();
        let reporter_name = errors.check(parse_name("reporter_name", &self.reporter_name));
        let reporter_contact = errors.check(parse_optional_text("reporter_contact", &self.reporter_contact, 120));
        let channel = errors.check(ReferralChannel::parse(&self.channel));
        let received_on = errors.check(parse_date("received_on", &self.received_on).and_then(|d| {
            let earliest = today.checked_sub_months(Months::new(REFERRAL_MAX_AGE_MONTHS));
            if d > today {
                Err(FieldError::new("received_on", "in_future"))
            } else if earliest.is_some_and(|e| d < e) {
                Err(FieldError::new("received_on", "too_old"))
            } else {
                Ok(d)
            }
        }));
        let concern = errors.check(parse_text("concern", &self.concern, 2000));
        let risk_level = errors.check(RiskLevel::parse(&self.risk_level));
        match (person_id, reporter_name, reporter_contact, channel, received_on, concern, risk_level) {
            (
                Some(person_id),
                Some(reporter_name),
                Some(reporter_contact),
                Some(channel),
                Some(received_on),
                Some(concern),
                Some(risk_level),
            ) if errors.is_empty() => Ok(ValidReferral {
                person_id,
                reporter_name,
                reporter_contact,
                channel,
                received_on,
                concern,
                risk_level,
            }),
            _ => Err(errors),
        }
    }

    /// The error code of one field (by its form name), for a check when the user leaves it.
    pub fn check_field(&self, field: &str, today: NaiveDate) -> Option<String> {
        self.validate(today).err()?.for_field(field).map(str::to_owned)
    }
}

/// Where a case file is in its workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// A referral was received; no case manager yet.
    Referred,
    /// A case manager is assigned.
    Open,
    /// Initial assessment under way.
    Assessment,
    /// Complex (multidisciplinary) assessment under way.
    ComplexAssessment,
    /// The individual assistance plan is being written (or revised).
    Planning,
    /// The plan waits for a supervisor's approval.
    PlanApproval,
    /// The plan is approved: visits, services and plan reviews.
    Monitoring,
    /// Closure proposed; waits for a supervisor's approval.
    ClosureApproval,
    Closed,
    Suspended,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 10] = [
        CaseStatus::Referred,
        CaseStatus::Open,
        CaseStatus::Assessment,
        CaseStatus::ComplexAssessment,
        CaseStatus::Planning,
        CaseStatus::PlanApproval,
        CaseStatus::Monitoring,
        CaseStatus::ClosureApproval,
        CaseStatus::Closed,
        CaseStatus::Suspended,
    ];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Referred => "referred",
            CaseStatus::Open => "open",
            CaseStatus::Assessment => "assessment",
            CaseStatus::ComplexAssessment => "complex_assessment",
            CaseStatus::Planning => "planning",
            CaseStatus::PlanApproval => "plan_approval",
            CaseStatus::Monitoring => "monitoring",
            CaseStatus::ClosureApproval => "closure_approval",
            CaseStatus::Closed => "closed",
            CaseStatus::Suspended => "suspended",
        }
    }

    /// Reads a stored code.
    pub fn parse_db(code: &str) -> Option<Self> {
        CaseStatus::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// True while the case manager is at work on the case: the statuses a case can be suspended
    /// from, or proposed for closure from, and so the only ones it can return to.
    pub fn is_working(self) -> bool {
        matches!(
            self,
            CaseStatus::Open
                | CaseStatus::Assessment
                | CaseStatus::ComplexAssessment
                | CaseStatus::Planning
                | CaseStatus::Monitoring
        )
    }

    /// True while a supervisor's decision is awaited.
    pub fn awaits_approval(self) -> bool {
        matches!(self, CaseStatus::PlanApproval | CaseStatus::ClosureApproval)
    }
}

/// A step in a case's workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// Give the case a case manager (or another one: reassignment keeps the status).
    Assign,
    StartAssessment,
    StartComplexAssessment,
    StartPlanning,
    SubmitPlan,
    ApprovePlan,
    ReturnPlan,
    /// Revise an approved plan.
    ReviewPlan,
    ProposeClosure,
    ApproveClosure,
    ReturnClosure,
    Suspend,
    Resume,
    Reopen,
}

impl CaseAction {
    pub const ALL: [CaseAction; 14] = [
        CaseAction::Assign,
        CaseAction::StartAssessment,
        CaseAction::StartComplexAssessment,
        CaseAction::StartPlanning,
        CaseAction::SubmitPlan,
        CaseAction::ApprovePlan,
        CaseAction::ReturnPlan,
        CaseAction::ReviewPlan,
        CaseAction::ProposeClosure,
        CaseAction::ApproveClosure,
        CaseAction::ReturnClosure,
        CaseAction::Suspend,
        CaseAction::Resume,
        CaseAction::Reopen,
    ];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseAction::Assign => "assign",
            CaseAction::StartAssessment => "start_assessment",
            CaseAction::StartComplexAssessment => "start_complex_assessment",
            CaseAction::StartPlanning => "start_planning",
            CaseAction::SubmitPlan => "submit_plan",
            CaseAction::ApprovePlan => "approve_plan",
            CaseAction::ReturnPlan => "return_plan",
            CaseAction::ReviewPlan => "review_plan",
            CaseAction::ProposeClosure => "propose_closure",
            CaseAction::ApproveClosure => "approve_closure",
            CaseAction::ReturnClosure => "return_closure",
            CaseAction::Suspend => "suspend",
            CaseAction::Resume => "resume",
            CaseAction::Reopen => "reopen",
        }
    }

    /// Parses a form value on field `action`: `required` when empty, `invalid_choice` when unknown.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        parse_choice("action", raw, &Self::ALL, |a| a.as_str())
    }

    /// True when the step needs a written reason ([`parse_reason`]).
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            CaseAction::Suspend
                | CaseAction::ProposeClosure
                | CaseAction::Reopen
                | CaseAction::ReturnPlan
                | CaseAction::ReturnClosure
        )
    }

    /// True for a supervisor's decision on something waiting for approval.
    pub fn is_approval(self) -> bool {
        matches!(
            self,
            CaseAction::ApprovePlan | CaseAction::ReturnPlan | CaseAction::ApproveClosure | CaseAction::ReturnClosure
        )
    }

    /// True when the caller must remember the status the case had before this step, and pass it
    /// back to [`transition`] as `remembered` for `Resume` or `ReturnClosure` ([`remembered_after`]
    /// says what to store after any step).
    pub fn remembers(self) -> bool {
        matches!(self, CaseAction::Suspend | CaseAction::ProposeClosure)
    }

    /// True for a step of a case manager's own work, which needs one assigned first.
    fn is_casework(self) -> bool {
        matches!(
            self,
            CaseAction::StartAssessment
                | CaseAction::StartComplexAssessment
                | CaseAction::StartPlanning
                | CaseAction::SubmitPlan
                | CaseAction::ReviewPlan
                | CaseAction::ProposeClosure
                | CaseAction::Suspend
        )
    }
}

/// Why [`transition`] refused a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionRefused {
    /// `not_from_status`: the step is not allowed from the case's status;
    /// `no_manager`: case work cannot start before a case manager is assigned;
    /// `suspended_unknown`: resuming, but the status before suspension is not known;
    /// `prior_unknown`: returning a closure proposal, but the status before it is not known;
    /// `remembered_invalid`: the remembered status is not one a case can return to.
    pub code: &'static str,
}

impl TransitionRefused {
    const fn new(code: &'static str) -> Self {
        TransitionRefused { code }
    }
}

impl fmt::Display for TransitionRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transition refused: {}", self.code)
    }
}

impl std::error::Error for TransitionRefused {}

/// The status a case moves to when `action` is taken from `from`, or why it cannot be taken.
///
/// `remembered` is the status the case had before it was suspended or before its closure was
/// proposed (see [`CaseAction::remembers`]); only `Resume` and `ReturnClosure` read it, and return
/// the case to it.
pub fn transition(
    from: CaseStatus,
    action: CaseAction,
    remembered: Option<CaseStatus>,
) -> Result<CaseStatus, TransitionRefused> {
    use CaseAction as A;
    use CaseStatus as S;
    let back_to = |unknown: &'static str| match remembered {
        None => Err(TransitionRefused::new(unknown)),
        Some(s) if s.is_working() => Ok(s),
        Some(_) => Err(TransitionRefused::new("remembered_invalid")),
    };
    match (from, action) {
        (S::Referred, A::Assign) => Ok(S::Open),
        (S::Closed, A::Assign) => Err(TransitionRefused::new("not_from_status")),
        (s, A::Assign) => Ok(s),
        (S::Open, A::StartAssessment) => Ok(S::Assessment),
        (S::Assessment, A::StartComplexAssessment) => Ok(S::ComplexAssessment),
        (S::Assessment | S::ComplexAssessment, A::StartPlanning) => Ok(S::Planning),
        (S::Planning, A::SubmitPlan) => Ok(S::PlanApproval),
        (S::PlanApproval, A::ApprovePlan) => Ok(S::Monitoring),
        (S::PlanApproval, A::ReturnPlan) => Ok(S::Planning),
        (S::Monitoring, A::ReviewPlan) => Ok(S::Planning),
        (s, A::ProposeClosure) if s.is_working() => Ok(S::ClosureApproval),
        (S::ClosureApproval, A::ApproveClosure) => Ok(S::Closed),
        (S::ClosureApproval, A::ReturnClosure) => back_to("prior_unknown"),
        (s, A::Suspend) if s.is_working() => Ok(S::Suspended),
        (S::Suspended, A::Resume) => back_to("suspended_unknown"),
        (S::Closed, A::Reopen) => Ok(S::Open),
        (S::Referred, a) if a.is_casework() => Err(TransitionRefused::new("no_manager")),
        _ => Err(TransitionRefused::new("not_from_status")),
    }
}

/// The remembered status to store after `action` took a case from `from` to `to`: `from` after a
/// step that [`CaseAction::remembers`]; unchanged while the case stays suspended or awaiting a
/// closure decision (a reassignment must not forget where to return to); `None` otherwise.
pub fn remembered_after(
    from: CaseStatus,
    to: CaseStatus,
    action: CaseAction,
    remembered: Option<CaseStatus>,
) -> Option<CaseStatus> {
    if action.remembers() {
        Some(from)
    } else if matches!(to, CaseStatus::Suspended | CaseStatus::ClosureApproval) {
        remembered
    } else {
        None
    }
}

/// Every step [`transition`] accepts from `status`, in [`CaseAction::ALL`] order, taking the
/// remembered status to be known for a suspended case or a closure proposal.
pub fn available_actions(status: CaseStatus) -> Vec<CaseAction> {
    CaseAction::ALL.into_iter().filter(|a| transition(status, *a, Some(CaseStatus::Open)).is_ok()).collect()
}

/// A case's human-facing number: `territory/year/sequence`, the sequence zero-padded to five
/// digits (more past 99 999), e.g. `12/2025/00042`. Generated, unique and never reused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNumber(String);

impl CaseNumber {
    /// The number of the `seq`-th case of `year` in territory `territory_id`. Expects a positive
    /// territory id, a four-digit year and a non-negative sequence: anything else would not parse.
    pub fn new(territory_id: i64, year: i32, seq: i64) -> Self {
        debug_assert!(territory_id > 0 && (1000..=9999).contains(&year) && seq >= 0, "case number parts out of range");
        CaseNumber(format!("{territory_id}/{year}/{seq:05}"))
    }

    /// Parses a case number as [`CaseNumber::new`] writes it; field `number`, code `invalid`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match v.split('/').collect::<Vec<_>>()[..] {
            [territory, year, seq] => {
                digits(territory)
                    && !territory.starts_with('0')
                    && territory.parse::<i64>().is_ok()
                    && digits(year)
                    && year.len() == 4
                    && !year.starts_with('0')
                    && digits(seq)
                    && (seq.len() == 5 || (seq.len() > 5 && !seq.starts_with('0')))
                    && seq.parse::<i64>().is_ok()
            }
            _ => false,
        };
        if ok {
            Ok(CaseNumber(v.to_owned()))
        } else {
            Err(FieldError::new("number", "invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CaseNumber {
    type Error = FieldError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        CaseNumber::parse(&v)
    }
}

impl From<CaseNumber> for String {
    fn from(v: CaseNumber) -> String {
        v.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use CaseAction as A;
    use CaseStatus as S;

    /// Every allowed step: from, action, to. `Resume` and `ReturnClosure` are listed with the
    /// remembered status `Monitoring`.
    const ALLOWED: &[(CaseStatus, CaseAction, CaseStatus)] = &[
        (S::Referred, A::Assign, S::Open),
        (S::Open, A::Assign, S::Open),
        (S::Assessment, A::Assign, S::Assessment),
        (S::ComplexAssessment, A::Assign, S::ComplexAssessment),
        (S::Planning, A::Assign, S::Planning),
        (S::PlanApproval, A::Assign, S::PlanApproval),
        (S::Monitoring, A::Assign, S::Monitoring),
        (S::ClosureApproval, A::Assign, S::ClosureApproval),
        (S::Suspended, A::Assign, S::Suspended),
        (S::Open, A::StartAssessment, S::Assessment),
        (S::Assessment, A::StartComplexAssessment, S::ComplexAssessment),
        (S::Assessment, A::StartPlanning, S::Planning),
        (S::ComplexAssessment, A::StartPlanning, S::Planning),
        (S::Planning, A::SubmitPlan, S::PlanApproval),
        (S::PlanApproval, A::ApprovePlan, S::Monitoring),
        (S::PlanApproval, A::ReturnPlan, S::Planning),
        (S::Monitoring, A::ReviewPlan, S::Planning),
        (S::Open, A::ProposeClosure, S::ClosureApproval),
        (S::Assessment, A::ProposeClosure, S::ClosureApproval),
        (S::ComplexAssessment, A::ProposeClosure, S::ClosureApproval),
        (S::Planning, A::ProposeClosure, S::ClosureApproval),
        (S::Monitoring, A::ProposeClosure, S::ClosureApproval),
        (S::ClosureApproval, A::ApproveClosure, S::Closed),
        (S::ClosureApproval, A::ReturnClosure, S::Monitoring),
        (S::Open, A::Suspend, S::Suspended),
        (S::Assessment, A::Suspend, S::Suspended),
        (S::ComplexAssessment, A::Suspend, S::Suspended),
        (S::Planning, A::Suspend, S::Suspended),
        (S::Monitoring, A::Suspend, S::Suspended),
        (S::Suspended, A::Resume, S::Monitoring),
        (S::Closed, A::Reopen, S::Open),
    ];

    fn allowed(from: CaseStatus, action: CaseAction) -> Option<CaseStatus> {
        ALLOWED.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to)
    }

    fn reads_memory(a: CaseAction) -> bool {
        matches!(a, A::Resume | A::ReturnClosure)
    }

    #[test]
    fn every_status_action_pair() {
        let mut checked = 0;
        for from in S::ALL {
            for action in A::ALL {
                let got = transition(from, action, Some(S::Monitoring));
                match allowed(from, action) {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} --{action:?}-->"),
                    None => assert!(got.is_err(), "{from:?} --{action:?}--> should be refused, got {got:?}"),
                }
                // Only `Resume` and `ReturnClosure` depend on the remembered status.
                if !reads_memory(action) {
                    for remembered in S::ALL.map(Some).into_iter().chain([None]) {
                        assert_eq!(transition(from, action, remembered), got, "{from:?} {action:?} {remembered:?}");
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 140);
    }

    #[test]
    fn remembered_statuses() {
        for (from, action, unknown) in
            [(S::Suspended, A::Resume, "suspended_unknown"), (S::ClosureApproval, A::ReturnClosure, "prior_unknown")]
        {
            assert_eq!(transition(from, action, None), Err(TransitionRefused { code: unknown }));
            for remembered in S::ALL {
                let expected = if remembered.is_working() {
                    Ok(remembered)
                } else {
                    Err(TransitionRefused::new("remembered_invalid"))
                };
                assert_eq!(transition(from, action, Some(remembered)), expected, "{action:?} to {remembered:?}");
            }
        }
    }

    #[test]
    fn refusal_codes() {
        let cases = [
            (S::Referred, A::StartAssessment, "no_manager"),
            (S::Referred, A::StartPlanning, "no_manager"),
            (S::Referred, A::ProposeClosure, "no_manager"),
            (S::Referred, A::Suspend, "no_manager"),
            (S::Referred, A::ApprovePlan, "not_from_status"),
            (S::Referred, A::Reopen, "not_from_status"),
            (S::Closed, A::Assign, "not_from_status"),
            (S::Closed, A::Suspend, "not_from_status"),
            (S::Open, A::ApprovePlan, "not_from_status"),
            (S::Planning, A::StartComplexAssessment, "not_from_status"),
            (S::PlanApproval, A::Suspend, "not_from_status"),
            (S::ClosureApproval, A::ProposeClosure, "not_from_status"),
            (S::Suspended, A::Suspend, "not_from_status"),
            (S::Monitoring, A::Reopen, "not_from_status"),
        ];
        for (from, action, code) in cases {
            assert_eq!(transition(from, action, Some(S::Open)), Err(TransitionRefused { code }), "{from:?} {action:?}");
        }
    }

    #[test]
    fn available_actions_per_status() {
        assert_eq!(available_actions(S::Referred), [A::Assign]);
        assert_eq!(available_actions(S::Closed), [A::Reopen]);
        assert_eq!(available_actions(S::PlanApproval), [A::Assign, A::ApprovePlan, A::ReturnPlan]);
        assert_eq!(available_actions(S::ClosureApproval), [A::Assign, A::ApproveClosure, A::ReturnClosure]);
        assert_eq!(available_actions(S::Suspended), [A::Assign, A::Resume]);
        assert_eq!(
            available_actions(S::Assessment),
            [A::Assign, A::StartComplexAssessment, A::StartPlanning, A::ProposeClosure, A::Suspend]
        );
        for status in S::ALL {
            let listed = available_actions(status);
            assert_eq!(listed.contains(&A::Assign), status != S::Closed, "{status:?}");
            for action in A::ALL {
                assert_eq!(listed.contains(&action), allowed(status, action).is_some(), "{status:?} {action:?}");
            }
        }
    }

    #[test]
    fn action_properties() {
        let reason: Vec<_> = A::ALL.into_iter().filter(|a| a.needs_reason()).collect();
        assert_eq!(reason, [A::ReturnPlan, A::ProposeClosure, A::ReturnClosure, A::Suspend, A::Reopen]);
        let approval: Vec<_> = A::ALL.into_iter().filter(|a| a.is_approval()).collect();
        assert_eq!(approval, [A::ApprovePlan, A::ReturnPlan, A::ApproveClosure, A::ReturnClosure]);
        let remembers: Vec<_> = A::ALL.into_iter().filter(|a| a.remembers()).collect();
        assert_eq!(remembers, [A::ProposeClosure, A::Suspend]);
        // The statuses that are remembered are exactly those a case may return to.
        for from in S::ALL {
            for action in remembers.iter().copied() {
                assert_eq!(transition(from, action, None).is_ok(), from.is_working(), "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn reassigning_a_suspended_case_keeps_where_it_returns_to() {
        let remembered = remembered_after(S::Planning, S::Suspended, A::Suspend, Some(S::Monitoring));
        assert_eq!(remembered, Some(S::Planning));
        let remembered = remembered_after(S::Suspended, S::Suspended, A::Assign, remembered);
        assert_eq!(transition(S::Suspended, A::Resume, remembered), Ok(S::Planning));
        assert_eq!(remembered_after(S::Suspended, S::Planning, A::Resume, remembered), None);
        assert_eq!(remembered_after(S::Open, S::Open, A::Assign, Some(S::Monitoring)), None);
    }

    #[test]
    fn codes_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse_db(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        assert_eq!(S::parse_db("Open"), None);
        for a in A::ALL {
            assert_eq!(A::parse(a.as_str()), Ok(a));
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{}\"", a.as_str()));
        }
        assert_eq!(A::parse(" "), Err(FieldError::new("action", "required")));
        assert_eq!(A::parse("delete"), Err(FieldError::new("action", "invalid_choice")));
        for r in RiskLevel::ALL {
            assert_eq!(RiskLevel::parse(r.as_str()), Ok(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.as_str()));
        }
        for c in ReferralChannel::ALL {
            assert_eq!(ReferralChannel::parse(c.as_str()), Ok(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn reasons() {
        assert_eq!(parse_reason("  Moved abroad.\nFamily informed. "), Ok("Moved abroad.\nFamily informed.".into()));
        assert_eq!(parse_reason(" \n "), Err(FieldError::new("reason", "required")));
        assert_eq!(parse_reason(&"x".repeat(1001)), Err(FieldError::new("reason", "too_long")));
        assert!(parse_reason(&"ș".repeat(1000)).is_ok());
        assert_eq!(parse_reason("a\u{0}b"), Err(FieldError::new("reason", "invalid_chars")));
    }

    #[test]
    fn case_numbers() {
        assert_eq!(CaseNumber::new(12, 2025, 42).as_str(), "12/2025/00042");
        assert_eq!(CaseNumber::new(3, 2026, 123_456).as_str(), "3/2026/123456");
        let cases = [
            ("12/2025/00042", true),
            (" 12/2025/00042 ", true),
            ("3/2026/123456", true),
            ("12/2025/42", false),
            ("12/2025/042000", false),
            ("012/2025/00042", false),
            ("0/2025/00042", false),
            ("12/25/00042", false),
            ("12/2025/0004a", false),
            ("12-2025-00042", false),
            ("12/2025/00042/1", false),
            ("/2025/00042", false),
            ("", false),
        ];
        for (raw, ok) in cases {
            let got = CaseNumber::parse(raw);
            assert_eq!(got.is_ok(), ok, "{raw:?}");
            if let Err(e) = got {
                assert_eq!(e, FieldError::new("number", "invalid"));
            }
        }
        let n: CaseNumber = serde_json::from_str("\"12/2025/00042\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"12/2025/00042\"");
        assert!(serde_json::from_str::<CaseNumber>("\"12/2025/42\"").is_err());
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A change that breaks one field of a valid referral.
    type Spoil = fn(&mut ReferralInput);

    fn good_referral() -> ReferralInput {
        ReferralInput {
            person_id: "41".into(),
            reporter_name: "Școala nr. 3, dna Rusu".into(),
            reporter_contact: "+373 22 123 456".into(),
            channel: "institution".into(),
            received_on: "2025-06-10".into(),
            concern: "Copilul lipsește de la școală de trei săptămâni.\nMama nu răspunde la telefon.".into(),
            risk_level: "high".into(),
        }
    }

    #[test]
    fn a_good_referral() {
        let today = date("2025-06-15");
        let v = good_referral().validate(today).unwrap();
        assert_eq!(v.person_id, 41);
        assert_eq!(v.channel, ReferralChannel::Institution);
        assert_eq!(v.received_on, date("2025-06-10"));
        assert_eq!(v.risk_level, RiskLevel::High);
        assert_eq!(v.reporter_contact.as_deref(), Some("+373 22 123 456"));
        let anonymous_contact =
            ReferralInput { reporter_contact: " ".into(), received_on: "2020-06-15".into(), ..good_referral() };
        let v = anonymous_contact.validate(today).unwrap();
        assert_eq!((v.reporter_contact, v.received_on), (None, date("2020-06-15")));
    }

    #[test]
    fn each_bad_referral_field_has_its_code() {
        let today = date("2025-06-15");
        let cases: &[(&str, Spoil, &str)] = &[
            ("person_id", |r| r.person_id = String::new(), "required"),
            ("person_id", |r| r.person_id = "0".into(), "invalid"),
            ("person_id", |r| r.person_id = "x1".into(), "invalid"),
            ("reporter_name", |r| r.reporter_name = " ".into(), "required"),
            ("reporter_contact", |r| r.reporter_contact = "x".repeat(121), "too_long"),
            ("channel", |r| r.channel = String::new(), "required"),
            ("channel", |r| r.channel = "fax".into(), "invalid_choice"),
            ("received_on", |r| r.received_on = String::new(), "required"),
            ("received_on", |r| r.received_on = "2025-13-01".into(), "invalid_date"),
            ("received_on", |r| r.received_on = "2025-06-16".into(), "in_future"),
            ("received_on", |r| r.received_on = "2020-06-14".into(), "too_old"),
            ("concern", |r| r.concern = "\n".into(), "required"),
            ("concern", |r| r.concern = "x".repeat(2001), "too_long"),
            ("risk_level", |r| r.risk_level = String::new(), "required"),
            ("risk_level", |r| r.risk_level = "extreme".into(), "invalid_choice"),
        ];
        for &(field, spoil, code) in cases {
            let mut input = good_referral();
            spoil(&mut input);
            assert_eq!(input.validate(today).unwrap_err().0, [FieldError::new(field, code)], "{field} {code}");
            assert_eq!(input.check_field(field, today).as_deref(), Some(code), "{field} {code}");
        }
        let all = ReferralInput::default().validate(today).unwrap_err();
        let fields: Vec<_> = all.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["person_id", "reporter_name", "channel", "received_on", "concern", "risk_level"]);
    }

    fn any_action() -> impl Strategy<Value = CaseAction> {
        proptest::sample::select(A::ALL.to_vec())
    }

    proptest! {
        /// A case driven by any sequence of steps, with the caller remembering statuses as it must.
        #[test]
        fn workflow_invariants(actions in proptest::collection::vec(any_action(), 0..80)) {
            let mut status = S::Referred;
            let mut remembered = None;
            let mut plan_approved = false;
            for action in actions {
                prop_assert_eq!(
                    transition(status, action, remembered).is_ok(),
                    available_actions(status).contains(&action)
                );
                let Ok(to) = transition(status, action, remembered) else { continue };
                prop_assert!(S::ALL.contains(&to));
                prop_assert_eq!(S::parse_db(to.as_str()), Some(to));
                prop_assert_ne!(to, S::Referred, "no step leads back to Referred");
                if to == S::Closed && status != S::Closed {
                    prop_assert_eq!((status, action), (S::ClosureApproval, A::ApproveClosure));
                }
                plan_approved |= action == A::ApprovePlan;
                if to == S::Monitoring {
                    prop_assert!(plan_approved, "Monitoring before any plan was approved");
                }
                remembered = remembered_after(status, to, action, remembered);
                prop_assert_eq!(
                    remembered.is_some(),
                    matches!(to, S::Suspended | S::ClosureApproval),
                    "a status is remembered exactly while the case may return to it"
                );
                status = to;
            }
        }

        /// Whatever status a careless caller passes as remembered, Closed is only reached through
        /// ApproveClosure and Referred is never reached again.
        #[test]
        fn closed_only_by_approval(
            steps in proptest::collection::vec(
                (any_action(), proptest::option::of(proptest::sample::select(S::ALL.to_vec()))),
                0..80,
            )
        ) {
            let mut status = S::Referred;
            for (action, remembered) in steps {
                if let Ok(to) = transition(status, action, remembered) {
                    if to == S::Closed {
                        prop_assert_eq!((status, action), (S::ClosureApproval, A::ApproveClosure));
                    }
                    prop_assert_ne!(to, S::Referred);
                    status = to;
                }
            }
        }

        #[test]
        fn case_numbers_round_trip(territory in 1i64..=i64::MAX, year in 1000i32..=9999, seq in 0i64..=i64::MAX) {
            let n = CaseNumber::new(territory, year, seq);
            prop_assert_eq!(CaseNumber::parse(n.as_str()), Ok(n.clone()));
        }
    }
}
