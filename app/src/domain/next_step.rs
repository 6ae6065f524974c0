//! The next step a case waits for and when it falls due, by status and risk level, as the
//! deadline rules (settings administrators change, see [`super::deadlines`]) and the working-day
//! calendar say.

use super::case::CaseStatus;
use serde::{Deserialize, Serialize};

/// What a case waits for next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    Assign,
    InitialAssessment,
    AssistancePlan,
    PlanSubmission,
    PlanApproval,
    MonitoringVisit,
    ClosureApproval,
}

impl NextStep {
    pub fn as_str(self) -> &'static str {
        match self {
            NextStep::Assign => "assign",
            NextStep::InitialAssessment => "initial_assessment",
            NextStep::AssistancePlan => "assistance_plan",
            NextStep::PlanSubmission => "plan_submission",
            NextStep::PlanApproval => "plan_approval",
            NextStep::MonitoringVisit => "monitoring_visit",
            NextStep::ClosureApproval => "closure_approval",
        }
    }
    pub fn parse_db(s: &str) -> Option<NextStep> {
        use NextStep::*;
        [Assign, InitialAssessment, AssistancePlan, PlanSubmission, PlanApproval, MonitoringVisit, ClosureApproval]
            .into_iter()
            .find(|n| n.as_str() == s)
    }

    /// Every step, in workflow order.
    pub const ALL: [NextStep; 7] = [
        NextStep::Assign,
        NextStep::InitialAssessment,
        NextStep::AssistancePlan,
        NextStep::PlanSubmission,
        NextStep::PlanApproval,
        NextStep::MonitoringVisit,
        NextStep::ClosureApproval,
    ];

    /// Who must take the step: the case manager, or a supervisor of the case's territory.
    pub fn taken_by_supervisor(self) -> bool {
        matches!(self, NextStep::Assign | NextStep::PlanApproval | NextStep::ClosureApproval)
    }
}

/// The step a case in `status` waits for; `None` for a closed or suspended case.
pub fn step_for(status: CaseStatus) -> Option<NextStep> {
    Some(match status {
        CaseStatus::Referred => NextStep::Assign,
        CaseStatus::Open => NextStep::InitialAssessment,
        CaseStatus::Assessment | CaseStatus::ComplexAssessment => NextStep::AssistancePlan,
        CaseStatus::Planning => NextStep::PlanSubmission,
        CaseStatus::PlanApproval => NextStep::PlanApproval,
        CaseStatus::Monitoring => NextStep::MonitoringVisit,
        CaseStatus::ClosureApproval => NextStep::ClosureApproval,
        CaseStatus::Closed | CaseStatus::Suspended => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_reads_back_from_its_code() {
        for s in ["assign", "monitoring_visit", "closure_approval"] {
            assert_eq!(NextStep::parse_db(s).unwrap().as_str(), s);
        }
    }
}
