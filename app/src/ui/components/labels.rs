//! Words for the codes the domain uses (statuses, steps, risk levels,
//! relations…), and the small chips that show them.

use crate::domain::case::{CaseAction, CaseStatus, ReferralChannel, RiskLevel};
use crate::domain::duplicate::BirthMatch;
use crate::domain::names::NameMatch;
use crate::domain::next_step::NextStep;
use crate::domain::person::{DisabilityDegree, RelationKind, Sex};
use crate::i18n::K;
use crate::ui::tr;
use leptos::prelude::*;

pub fn status_label(code: &str) -> K {
    match CaseStatus::parse_db(code) {
        Some(CaseStatus::Referred) => K::StReferred,
        Some(CaseStatus::Open) => K::StOpen,
        Some(CaseStatus::Assessment) => K::StAssessment,
        Some(CaseStatus::ComplexAssessment) => K::StComplexAssessment,
        Some(CaseStatus::Planning) => K::StPlanning,
        Some(CaseStatus::PlanApproval) => K::StPlanApproval,
        Some(CaseStatus::Monitoring) => K::StMonitoring,
        Some(CaseStatus::ClosureApproval) => K::StClosureApproval,
        Some(CaseStatus::Closed) => K::StClosed,
        Some(CaseStatus::Suspended) | None => K::StSuspended,
    }
}

pub fn action_label(a: CaseAction) -> K {
    match a {
        CaseAction::Assign => K::AcAssign,
        CaseAction::StartAssessment => K::AcStartAssessment,
        CaseAction::StartComplexAssessment => K::AcStartComplexAssessment,
        CaseAction::StartPlanning => K::AcStartPlanning,
        CaseAction::SubmitPlan => K::AcSubmitPlan,
        CaseAction::ApprovePlan => K::AcApprovePlan,
        CaseAction::ReturnPlan => K::AcReturnPlan,
        CaseAction::ReviewPlan => K::AcReviewPlan,
        CaseAction::ProposeClosure => K::AcProposeClosure,
        CaseAction::ApproveClosure => K::AcApproveClosure,
        CaseAction::ReturnClosure => K::AcReturnClosure,
        CaseAction::Suspend => K::AcSuspend,
        CaseAction::Resume => K::AcResume,
        CaseAction::Reopen => K::AcReopen,
    }
}

pub fn risk_label(code: &str) -> K {
    match RiskLevel::parse(code) {
        Ok(RiskLevel::High) => K::RiskHigh,
        Ok(RiskLevel::Medium) => K::RiskMedium,
        _ => K::RiskLow,
    }
}

pub fn step_label(code: &str) -> Option<K> {
    Some(match NextStep::parse_db(code)? {
        NextStep::Assign => K::NsAssign,
        NextStep::InitialAssessment => K::NsInitialAssessment,
        NextStep::AssistancePlan => K::NsAssistancePlan,
        NextStep::PlanSubmission => K::NsPlanSubmission,
        NextStep::PlanApproval => K::NsPlanApproval,
        NextStep::MonitoringVisit => K::NsMonitoringVisit,
        NextStep::ClosureApproval => K::NsClosureApproval,
    })
}

pub fn relation_label(k: RelationKind) -> K {
    match k {
        RelationKind::HouseholdMember => K::RelHousehold,
        RelationKind::ParentOf => K::RelParent,
        RelationKind::ChildOf => K::RelChild,
        RelationKind::SpouseOf => K::RelSpouse,
        RelationKind::LegalRepresentativeOf => K::RelRepresentative,
        RelationKind::RepresentedBy => K::RelRepresented,
        RelationKind::Other => K::RelOther,
    }
}

pub fn sex_label(s: Sex) -> K {
    match s {
        Sex::Female => K::SexFemale,
        Sex::Male => K::SexMale,
    }
}

pub fn degree_label(d: DisabilityDegree) -> K {
    match d {
        DisabilityDegree::None => K::DegreeNone,
        DisabilityDegree::Mild => K::DegreeMild,
        DisabilityDegree::Medium => K::DegreeMedium,
        DisabilityDegree::Severe => K::DegreeSevere,
    }
}

/// A referral channel by its stored code.
pub fn channel_code_label(code: &str) -> K {
    ReferralChannel::ALL.into_iter().find(|c| c.as_str() == code).map(channel_label).unwrap_or(K::ChOther)
}

pub fn channel_label(c: ReferralChannel) -> K {
    match c {
        ReferralChannel::Phone => K::ChPhone,
        ReferralChannel::InPerson => K::ChInPerson,
        ReferralChannel::Written => K::ChWritten,
        ReferralChannel::Institution => K::ChInstitution,
        ReferralChannel::SelfReferral => K::ChSelf,
        ReferralChannel::Other => K::ChOther,
    }
}

pub fn name_match_label(m: NameMatch) -> K {
    match m {
        NameMatch::Same => K::MatchSameName,
        NameMatch::Diacritics => K::MatchDiacritics,
        NameMatch::WordOrder => K::MatchWordOrder,
        NameMatch::Typo => K::MatchTypo,
    }
}

pub fn birth_match_label(m: BirthMatch) -> K {
    match m {
        BirthMatch::Same => K::BirthSame,
        BirthMatch::Near => K::BirthNear,
        BirthMatch::Swapped => K::BirthSwapped,
        BirthMatch::OtherYear => K::BirthOtherYear,
    }
}

/// A case's status as a chip.
pub fn status_chip(code: &str) -> impl IntoView {
    let closed = code == CaseStatus::Closed.as_str();
    view! {
        <span class="chip" class:opacity-70=closed data-testid="case-status">
            {tr(status_label(code))}
        </span>
    }
}

/// A risk level as a chip, coloured by severity.
pub fn risk_chip(code: &str) -> impl IntoView {
    let high = code == RiskLevel::High.as_str();
    let medium = code == RiskLevel::Medium.as_str();
    view! {
        <span class="chip" class:chip-bad=high class:chip-warn=medium>
            {tr(risk_label(code))}
        </span>
    }
}

/// A closure reason of the closure form, by its code (an unknown or missing one as not recorded).
pub fn closure_reason_label(code: &str) -> K {
    match code {
        "goals_achieved" => K::IdCrGoals,
        "moved_away" => K::IdCrMoved,
        "refused" => K::IdCrRefused,
        "death" => K::IdCrDeath,
        "transferred" => K::IdCrTransferred,
        "other" => K::IdCrOther,
        _ => K::IdNoReason,
    }
}
