//! The next step a case waits for and when it falls due, by status and risk level, as the
//! deadline rules (settings administrators change, see [`super::deadlines`]) and the working-day
//! calendar say.

use super::case::{CaseStatus, RiskLevel};
use super::deadlines::Deadlines;
use chrono::NaiveDate;
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

/// The step a case in `status` waits for, and its due date counted from `since` (the day the case
/// entered that status) by the deadline rules and the working-day calendar. `None` for a closed
/// or suspended case.
pub fn next_step(
    status: CaseStatus,
    risk: RiskLevel,
    since: NaiveDate,
    deadlines: &Deadlines,
) -> Option<(NextStep, NaiveDate)> {
    let step = step_for(status)?;
    Some((step, deadlines.due(step, risk, since)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_risk_is_due_sooner_and_closed_waits_for_nothing() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let rules = Deadlines::default();
        let (step, high) = next_step(CaseStatus::Open, RiskLevel::High, d, &rules).unwrap();
        let (_, low) = next_step(CaseStatus::Open, RiskLevel::Low, d, &rules).unwrap();
        assert_eq!(step, NextStep::InitialAssessment);
        assert!(high < low);
        // Sunday 1 March 2026 + 3 working days: Wednesday 4 March (Monday is the first).
        assert_eq!(high, NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
        assert_eq!(next_step(CaseStatus::Closed, RiskLevel::High, d, &rules), None);
        assert_eq!(next_step(CaseStatus::Suspended, RiskLevel::High, d, &rules), None);
        for s in ["assign", "monitoring_visit", "closure_approval"] {
            assert_eq!(NextStep::parse_db(s).unwrap().as_str(), s);
        }
    }
}
