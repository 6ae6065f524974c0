//! Words for the codes the domain uses (statuses, steps, risk levels, relations, notification
//! kinds…), for the pages, the registers, the reports and the e-mails alike.

use super::K;
use crate::domain::case::{CaseAction, CaseStatus, ReferralChannel, RiskLevel};
use crate::domain::duplicate::BirthMatch;
use crate::domain::names::NameMatch;
use crate::domain::next_step::NextStep;
use crate::domain::person::{DisabilityDegree, PersonStatus, RelationKind, Sex};

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

/// The name of a field of a person's or a case's record, as their history shows it; `None` for
/// the fields it leaves out (ids, and the territory path, which repeats the territory).
pub fn history_field(key: &str) -> Option<Option<K>> {
    Some(Some(match key {
        "id" | "transfer_id" | "territory_path" | "person_id" | "search_key" => return None,
        "idnp" => K::Idnp,
        "provisional_id" => K::ProvisionalId,
        "no_idnp_reason" => K::NoIdnpReason,
        "last_name" => K::LastName,
        "first_name" => K::FirstName,
        "birth_date" => K::BirthDate,
        "sex" => K::Sex,
        "id_doc_type" => K::IdDocType,
        "id_doc_number" => K::IdDocNumber,
        "disability_degree" => K::DisabilityDegree,
        "disability_limitation" => K::MainLimitation,
        "domicile_territory_id" => K::Domicile,
        "domicile_address" => K::DomicileAddress,
        "residence_territory_id" => K::Residence,
        "residence_address" => K::ResidenceAddress,
        "phone" => K::Phone,
        "email" => K::Email,
        "vulnerabilities" => K::Vulnerabilities,
        "distinct_note" => K::DistinctNote,
        "status" => K::Status,
        "status_reason" => K::HfStatusReason,
        "remembered_status" => K::HfRememberedStatus,
        "created_at" => K::HfCreatedAt,
        "created_by" => K::HfCreatedBy,
        "number" => K::CaseNumber,
        "territory_id" => K::Territory,
        "manager_id" => K::CaseManager,
        "risk_level" => K::RiskLevel,
        "channel" => K::Channel,
        "reporter_name" => K::ReporterName,
        "reporter_contact" => K::ReporterContact,
        "received_on" => K::ReceivedOn,
        "concern" => K::Concern,
        "next_step" => K::NextStep,
        "next_due_on" => K::HfNextDueOn,
        "opened_at" => K::Opened,
        "closed_at" => K::HfClosedAt,
        _ => return Some(None),
    }))
}

/// A coded value of field `key` in words, where the field holds a code.
pub fn history_value(key: &str, code: &str) -> Option<K> {
    match key {
        "status" if PersonStatus::parse_db(code).is_some() => Some(match PersonStatus::parse_db(code)? {
            PersonStatus::Active => K::Active,
            PersonStatus::Archived => K::Archived,
        }),
        "status" | "remembered_status" => CaseStatus::parse_db(code).map(|_| status_label(code)),
        "risk_level" => RiskLevel::parse(code).ok().map(|_| risk_label(code)),
        "channel" => ReferralChannel::ALL.into_iter().find(|c| c.as_str() == code).map(channel_label),
        "next_step" => step_label(code),
        "sex" => Sex::parse(code).ok().map(sex_label),
        "disability_degree" => DisabilityDegree::parse(code).ok().map(degree_label),
        _ => None,
    }
}

/// What a version of a person's or a case's record was made by, in words.
pub fn history_action(code: &str) -> Option<K> {
    Some(match code {
        "register" => K::HaRegister,
        "update" => K::HaUpdate,
        "archive" => K::HaArchive,
        "restore" => K::HaRestore,
        "open" => K::HaOpen,
        "transfer" => K::HaTransfer,
        other => return CaseAction::parse(other).ok().map(action_label),
    })
}

/// The text of a notification kind.
pub fn notification_kind_label(kind: &str) -> K {
    match kind {
        "case_assigned" => K::NkCaseAssigned,
        "transfer_requested" => K::NkTransferRequested,
        "transfer_accepted" => K::NkTransferAccepted,
        "transfer_declined" => K::NkTransferDeclined,
        "form_approved" => K::NkFormApproved,
        "form_returned" => K::NkFormReturned,
        "approval_waiting" => K::NkApprovalWaiting,
        "form_submitted" => K::NkFormSubmitted,
        "due_soon" => K::LvDueSoon,
        "due_today" => K::LvDueToday,
        "overdue" => K::LvOverdue,
        _ => K::LvEscalated,
    }
}

/// The words for a submission status.
pub fn form_status_label(code: &str) -> K {
    match code {
        "submitted" => K::FsSubmitted,
        "approved" => K::FsApproved,
        "returned" => K::FsReturned,
        "superseded" => K::FsSuperseded,
        _ => K::FsDraft,
    }
}
