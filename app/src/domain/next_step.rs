//! The next step a case waits for and when it falls due, by status and risk
//! level. These are default settings, not law: calendar days for now; the
//! holiday calendar and configurable deadlines come with the alerts.

use super::case::{CaseStatus, RiskLevel};
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
}

/// Days allowed for a step at (high, medium, low) risk.
fn days(step: NextStep) -> (i64, i64, i64) {
    match step {
        NextStep::Assign => (1, 2, 3),
        NextStep::InitialAssessment => (3, 5, 10),
        NextStep::AssistancePlan => (10, 20, 30),
        NextStep::PlanSubmission => (5, 7, 10),
        NextStep::PlanApproval => (2, 3, 5),
        NextStep::MonitoringVisit => (30, 60, 90),
        NextStep::ClosureApproval => (3, 5, 5),
    }
}

/// The step a case in `status` waits for, and its due date counted from
/// `since` (the day the case entered that status). `None` for a closed or
/// suspended case.
pub fn next_step(status: CaseStatus, risk: RiskLevel, since: NaiveDate) -> Option<(NextStep, NaiveDate)> {
    let step = match status {
        CaseStatus::Referred => NextStep::Assign,
        CaseStatus::Open => NextStep::InitialAssessment,
        CaseStatus::Assessment | CaseStatus::ComplexAssessment => NextStep::AssistancePlan,
        CaseStatus::Planning => NextStep::PlanSubmission,
        CaseStatus::PlanApproval => NextStep::PlanApproval,
        CaseStatus::Monitoring => NextStep::MonitoringVisit,
        CaseStatus::ClosureApproval => NextStep::ClosureApproval,
        CaseStatus::Closed | CaseStatus::Suspended => return None,
    };
    let (high, medium, low) = days(step);
    let n = match risk {
        RiskLevel::High => high,
        RiskLevel::Medium => medium,
        RiskLevel::Low => low,
    };
    Some((step, since + chrono::Duration::days(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_risk_is_due_sooner_and_closed_waits_for_nothing() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let (step, high) = next_step(CaseStatus::Open, RiskLevel::High, d).unwrap();
        let (_, low) = next_step(CaseStatus::Open, RiskLevel::Low, d).unwrap();
        assert_eq!(step, NextStep::InitialAssessment);
        assert!(high < low);
        assert_eq!(high, NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
        assert_eq!(next_step(CaseStatus::Closed, RiskLevel::High, d), None);
        assert_eq!(next_step(CaseStatus::Suspended, RiskLevel::High, d), None);
        for s in ["assign", "monitoring_visit", "closure_approval"] {
            assert_eq!(NextStep::parse_db(s).unwrap().as_str(), s);
        }
    }
}
