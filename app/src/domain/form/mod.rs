//! Case forms as data: definitions (sections, typed fields, conditions, cross-field checks), the
//! answers of a submission, the one validator both the browser and the server run, and which
//! standard form each step of the case workflow needs.

pub mod answers;
pub mod definition;
pub mod edit;
#[cfg(any(test, feature = "ssr"))]
pub mod sample;
#[cfg(any(test, feature = "ssr"))]
pub mod standard;
pub mod validate;

#[cfg(test)]
mod tests;

pub use answers::{Answers, Value};
pub use definition::{check_definition, Field, FieldKind, FormDefinition, Label, Section};
pub use validate::{clean, structure, validate, FormContext, HouseholdMember, Mode};

use super::case::{CaseAction, CaseStatus};
use super::error::FieldError;
use serde::{Deserialize, Serialize};

/// The standard forms of the case workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardForm {
    /// Referral / intake: who referred, why, first findings.
    Referral,
    InitialAssessment,
    /// Health, disability, education, housing, income, family relations, safety; a risk level.
    ComplexAssessment,
    /// The individual assistance plan: goals and actions. A supervisor approves it.
    AssistancePlan,
    MonitoringVisit,
    PlanReview,
    /// Why and how the case ends. A supervisor approves it.
    Closure,
    SocialInquiry,
}

impl StandardForm {
    pub const ALL: [StandardForm; 8] = [
        StandardForm::Referral,
        StandardForm::InitialAssessment,
        StandardForm::ComplexAssessment,
        StandardForm::AssistancePlan,
        StandardForm::MonitoringVisit,
        StandardForm::PlanReview,
        StandardForm::Closure,
        StandardForm::SocialInquiry,
    ];

    /// The stable code: the definition's `code`.
    pub fn code(self) -> &'static str {
        match self {
            StandardForm::Referral => "referral",
            StandardForm::InitialAssessment => "initial_assessment",
            StandardForm::ComplexAssessment => "complex_assessment",
            StandardForm::AssistancePlan => "assistance_plan",
            StandardForm::MonitoringVisit => "monitoring_visit",
            StandardForm::PlanReview => "plan_review",
            StandardForm::Closure => "closure",
            StandardForm::SocialInquiry => "social_inquiry",
        }
    }

    /// Parses a form code on field `form`: `required` or `invalid_choice`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim();
        if v.is_empty() {
            return Err(FieldError::new("form", "required"));
        }
        Self::ALL.into_iter().find(|f| f.code() == v).ok_or_else(|| FieldError::new("form", "invalid_choice"))
    }

    /// True when the supervisors of the case's territory are told of a submitted form they do
    /// not approve: the assessments.
    pub fn tells_supervisors(self) -> bool {
        matches!(self, StandardForm::InitialAssessment | StandardForm::ComplexAssessment)
    }

    /// True when a supervisor must approve the submitted form before the case moves on.
    pub fn needs_approval(self) -> bool {
        matches!(self, StandardForm::AssistancePlan | StandardForm::Closure)
    }

    /// True when a case may hold several of this form (a visit each month, say); otherwise a case
    /// holds one, corrected by revisions.
    pub fn repeatable(self) -> bool {
        matches!(self, StandardForm::MonitoringVisit | StandardForm::PlanReview | StandardForm::SocialInquiry)
    }

    /// The workflow step that starting this form takes first, when the case is one step before
    /// the status it is filled in and that step is only the start of this form: starting the
    /// initial assessment of an open case starts the assessment.
    pub fn entry_step(self, status: CaseStatus) -> Option<CaseAction> {
        match (self, status) {
            (StandardForm::InitialAssessment, CaseStatus::Open) => Some(CaseAction::StartAssessment),
            _ => None,
        }
    }

    /// True when the form can be started while the case is in `status`, through its
    /// [`Self::entry_step`] if need be.
    pub fn startable_in(self, status: CaseStatus) -> bool {
        self.fillable_in(status) || self.entry_step(status).is_some()
    }

    /// True when the form can be started or worked on while the case is in `status`.
    pub fn fillable_in(self, status: CaseStatus) -> bool {
        use CaseStatus as S;
        match self {
            StandardForm::Referral => matches!(status, S::Referred | S::Open | S::Assessment),
            StandardForm::InitialAssessment => matches!(status, S::Assessment),
            StandardForm::ComplexAssessment => matches!(status, S::ComplexAssessment),
            StandardForm::AssistancePlan => matches!(status, S::Planning),
            StandardForm::MonitoringVisit | StandardForm::PlanReview => matches!(status, S::Monitoring),
            StandardForm::Closure | StandardForm::SocialInquiry => status.is_working(),
        }
    }

    /// The workflow step that submitting this form takes (the plan goes to approval; a closure is
    /// proposed).
    pub fn on_submit(self) -> Option<CaseAction> {
        match self {
            StandardForm::AssistancePlan => Some(CaseAction::SubmitPlan),
            StandardForm::Closure => Some(CaseAction::ProposeClosure),
            _ => None,
        }
    }

    /// The workflow step a supervisor's decision on this form takes: `approved` or returned.
    pub fn on_decision(self, approved: bool) -> Option<CaseAction> {
        match (self, approved) {
            (StandardForm::AssistancePlan, true) => Some(CaseAction::ApprovePlan),
            (StandardForm::AssistancePlan, false) => Some(CaseAction::ReturnPlan),
            (StandardForm::Closure, true) => Some(CaseAction::ApproveClosure),
            (StandardForm::Closure, false) => Some(CaseAction::ReturnClosure),
            _ => None,
        }
    }
}

/// What a workflow step needs from a case's forms before it may be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormGate {
    /// The step needs this form submitted (or approved) first.
    Submitted(StandardForm),
    /// The step is taken by submitting or deciding on a form, never on its own.
    ThroughForm(StandardForm),
}

/// The form a step from `from` waits for, if any. `cases/act` refuses a gated step
/// (`form_missing`) until the form is there, and refuses a step a form takes (`through_form`).
pub fn gate(from: CaseStatus, action: CaseAction) -> Option<FormGate> {
    use CaseAction as A;
    match (from, action) {
        (CaseStatus::Assessment, A::StartComplexAssessment | A::StartPlanning) => {
            Some(FormGate::Submitted(StandardForm::InitialAssessment))
        }
        (CaseStatus::ComplexAssessment, A::StartPlanning) => Some(FormGate::Submitted(StandardForm::ComplexAssessment)),
        (_, A::SubmitPlan | A::ApprovePlan | A::ReturnPlan) => {
            Some(FormGate::ThroughForm(StandardForm::AssistancePlan))
        }
        (_, A::ProposeClosure | A::ApproveClosure | A::ReturnClosure) => {
            Some(FormGate::ThroughForm(StandardForm::Closure))
        }
        _ => None,
    }
}

/// Where a submission is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Being filled; saved as it is typed.
    Draft,
    /// Submitted: read-only. A correction starts a new revision.
    Submitted,
    /// Approved by a supervisor (forms that need it).
    Approved,
    /// Returned by a supervisor with a comment: editable again.
    Returned,
    /// Replaced by a later revision; kept as it was.
    Superseded,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 5] = [
        SubmissionStatus::Draft,
        SubmissionStatus::Submitted,
        SubmissionStatus::Approved,
        SubmissionStatus::Returned,
        SubmissionStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Returned => "returned",
            SubmissionStatus::Superseded => "superseded",
        }
    }

    pub fn parse_db(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// True while its author can still change the answers.
    pub fn is_editable(self) -> bool {
        matches!(self, SubmissionStatus::Draft | SubmissionStatus::Returned)
    }
}
