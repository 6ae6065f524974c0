//! Deadline rules and alert rules: how many days each workflow step gets at each risk level, when
//! an alert is raised (due soon, due today, overdue, escalated), and the notifications users get.
//!
//! The numbers are settings that administrators change (stored by the server); [`DeadlineRules::default`]
//! holds the defaults it seeds. Everything here is pure: the store gives it "today" and the
//! holidays, and it answers with dates.

use super::calendar::{Calendar, DayCount};
use super::case::{CaseStatus, RiskLevel};
use super::error::FieldErrors;
use super::next_step::NextStep;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The days one step gets at one risk level, and how they are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub days: u32,
    pub count: DayCount,
}

/// The longest deadline a rule may set, in days.
pub const MAX_RULE_DAYS: u32 = 365;
/// The widest "due soon" window, in working days.
pub const MAX_DUE_SOON_DAYS: u32 = 30;
/// The longest wait before an overdue step is escalated, in working days.
pub const MAX_ESCALATE_AFTER_DAYS: u32 = 60;

/// Every deadline rule, and the two alert windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRules {
    /// Keyed by step and risk code (`"initial_assessment"`, `"high"`): one rule for each pair.
    pub rules: BTreeMap<String, Rule>,
    /// An alert is raised this many working days before a step is due (0: on the day).
    pub due_soon_days: u32,
    /// An overdue step goes to the supervisor after this many working days overdue.
    pub escalate_after_days: u32,
}

/// The key of a step and risk level in [`DeadlineRules::rules`].
pub fn rule_key(step: NextStep, risk: RiskLevel) -> String {
    format!("{}/{}", step.as_str(), risk.as_str())
}

/// The default rule of a step at a risk level: short steps in working days, the monitoring
/// interval in calendar days.
pub fn default_rule(step: NextStep, risk: RiskLevel) -> Rule {
    let (high, medium, low, count) = match step {
        NextStep::Assign => (1, 2, 3, DayCount::Working),
        NextStep::InitialAssessment => (3, 5, 10, DayCount::Working),
        NextStep::AssistancePlan => (10, 15, 20, DayCount::Working),
        NextStep::PlanSubmission => (5, 7, 10, DayCount::Working),
        NextStep::PlanApproval => (2, 3, 5, DayCount::Working),
        NextStep::MonitoringVisit => (30, 60, 90, DayCount::Calendar),
        NextStep::ClosureApproval => (3, 5, 5, DayCount::Working),
    };
    let days = match risk {
        RiskLevel::High => high,
        RiskLevel::Medium => medium,
        RiskLevel::Low => low,
    };
    Rule { days, count }
}

impl Default for DeadlineRules {
    fn default() -> Self {
        let mut rules = BTreeMap::new();
        for step in NextStep::ALL {
            for risk in RiskLevel::ALL {
                rules.insert(rule_key(step, risk), default_rule(step, risk));
            }
        }
        DeadlineRules { rules, due_soon_days: 2, escalate_after_days: 3 }
    }
}

impl DeadlineRules {
    /// The rule of `step` at `risk` (the default one if the stored set lacks it).
    pub fn rule(&self, step: NextStep, risk: RiskLevel) -> Rule {
        self.rules.get(&rule_key(step, risk)).copied().unwrap_or_else(|| default_rule(step, risk))
    }

    /// Checks every number: a rule's days 1–[`MAX_RULE_DAYS`] (field `rule-{step}-{risk}`), the
    /// due-soon window 0–[`MAX_DUE_SOON_DAYS`] (`due_soon_days`), the escalation wait
    /// 1–[`MAX_ESCALATE_AFTER_DAYS`] (`escalate_after_days`); and that every pair has a rule.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for step in NextStep::ALL {
            for risk in RiskLevel::ALL {
                let field = format!("rule-{}-{}", step.as_str(), risk.as_str());
                match self.rules.get(&rule_key(step, risk)) {
                    None => errors.push(&field, "required"),
                    Some(r) if r.days == 0 || r.days > MAX_RULE_DAYS => errors.push(&field, "out_of_range"),
                    Some(_) => {}
                }
            }
        }
        if self.rules.len() != NextStep::ALL.len() * RiskLevel::ALL.len() {
            errors.push("rules", "invalid_choice");
        }
        if self.due_soon_days > MAX_DUE_SOON_DAYS {
            errors.push("due_soon_days", "out_of_range");
        }
        if self.escalate_after_days == 0 || self.escalate_after_days > MAX_ESCALATE_AFTER_DAYS {
            errors.push("escalate_after_days", "out_of_range");
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The rules with the calendar they count in: what the workflow and the alert scheduler use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deadlines {
    pub rules: DeadlineRules,
    pub calendar: Calendar,
}

impl Deadlines {
    /// The step a case in `status` waits for, and its due date counted from `since` (the day
    /// the case entered that status) by these rules and the working-day calendar. `None` for a
    /// closed or suspended case.
    pub fn next_step(&self, status: CaseStatus, risk: RiskLevel, since: NaiveDate) -> Option<(NextStep, NaiveDate)> {
        let step = super::next_step::step_for(status)?;
        Some((step, self.due(step, risk, since)))
    }

    /// The day `step` falls due at `risk` when the case entered it on `since`.
    pub fn due(&self, step: NextStep, risk: RiskLevel, since: NaiveDate) -> NaiveDate {
        let r = self.rules.rule(step, risk);
        self.calendar.due(since, r.days, r.count)
    }

    /// The last due date that is "due soon" on `today`: steps due on or before it have an alert.
    pub fn soon_limit(&self, today: NaiveDate) -> NaiveDate {
        if self.rules.due_soon_days == 0 {
            return today;
        }
        self.calendar.add_working_days(today, self.rules.due_soon_days)
    }

    /// The last due date that is escalated on `today`: a step due on or before it is
    /// [`DeadlineRules::escalate_after_days`] working days overdue or more.
    pub fn escalation_limit(&self, today: NaiveDate) -> NaiveDate {
        // Count `escalate_after_days` working days back from today (today included when it is
        // one); the limit is the day before the last one counted. A step due on or before it
        // has at least that many working days after its due date, up to today.
        let mut d = today;
        let mut left = self.rules.escalate_after_days;
        while left > 0 {
            if self.calendar.is_working_day(d) {
                left -= 1;
            }
            match d.checked_sub_days(Days::new(1)) {
                Some(prev) => d = prev,
                None => return NaiveDate::MIN,
            }
        }
        d
    }

    /// The level an open deadline alert has on `today`, or `None` when the step is not due soon yet.
    pub fn level(&self, due_on: NaiveDate, today: NaiveDate) -> Option<AlertLevel> {
        if due_on > self.soon_limit(today) {
            None
        } else if due_on > today {
            Some(AlertLevel::DueSoon)
        } else if due_on == today {
            Some(AlertLevel::DueToday)
        } else {
            Some(AlertLevel::Overdue)
        }
    }

    /// Whether a step due on `due_on` is escalated to the supervisor on `today`.
    pub fn escalated(&self, due_on: NaiveDate, today: NaiveDate) -> bool {
        due_on <= self.escalation_limit(today)
    }
}

/// How urgent an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertLevel {
    DueSoon,
    DueToday,
    Overdue,
    Escalated,
}

impl AlertLevel {
    pub const ALL: [AlertLevel; 4] =
        [AlertLevel::DueSoon, AlertLevel::DueToday, AlertLevel::Overdue, AlertLevel::Escalated];
    pub fn as_str(self) -> &'static str {
        match self {
            AlertLevel::DueSoon => "due_soon",
            AlertLevel::DueToday => "due_today",
            AlertLevel::Overdue => "overdue",
            AlertLevel::Escalated => "escalated",
        }
    }
    pub fn parse_db(s: &str) -> Option<AlertLevel> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Where an alert stands: open until its owner acknowledges it, resolved when the work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    Open,
    Acknowledged,
    Resolved,
}

impl AlertState {
    pub const ALL: [AlertState; 3] = [AlertState::Open, AlertState::Acknowledged, AlertState::Resolved];
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Open => "open",
            AlertState::Acknowledged => "acknowledged",
            AlertState::Resolved => "resolved",
        }
    }
    pub fn parse_db(s: &str) -> Option<AlertState> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// What a notification tells its user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A case was given to you to manage.
    CaseAssigned,
    /// Someone asks you to take over a case.
    TransferRequested,
    /// The receiver took over the case you sent.
    TransferAccepted,
    /// The receiver declined the case you sent.
    TransferDeclined,
    /// A supervisor approved a form of your case.
    FormApproved,
    /// A supervisor sent a form of your case back.
    FormReturned,
    /// A plan or a closure of your territory waits for your approval.
    ApprovalWaiting,
    /// An assessment of your territory was submitted.
    FormSubmitted,
    /// An alert of yours: a step due soon, today, overdue, or escalated to you.
    DueSoon,
    DueToday,
    Overdue,
    Escalated,
    /// Support replied on your ticket.
    TicketReplied,
    /// Support asks you for information on your ticket.
    TicketWaiting,
    /// Your ticket was resolved.
    TicketResolved,
    /// The reporter wrote on a ticket assigned to you.
    TicketMessage,
    /// A ticket was assigned to you.
    TicketAssigned,
    /// A ticket assigned to you breaches its SLA soon.
    TicketSoon,
    /// A ticket assigned to you breached its SLA.
    TicketBreached,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 19] = [
        NotificationKind::CaseAssigned,
        NotificationKind::TransferRequested,
        NotificationKind::TransferAccepted,
        NotificationKind::TransferDeclined,
        NotificationKind::FormApproved,
        NotificationKind::FormReturned,
        NotificationKind::ApprovalWaiting,
        NotificationKind::FormSubmitted,
        NotificationKind::DueSoon,
        NotificationKind::DueToday,
        NotificationKind::Overdue,
        NotificationKind::Escalated,
        NotificationKind::TicketReplied,
        NotificationKind::TicketWaiting,
        NotificationKind::TicketResolved,
        NotificationKind::TicketMessage,
        NotificationKind::TicketAssigned,
        NotificationKind::TicketSoon,
        NotificationKind::TicketBreached,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::CaseAssigned => "case_assigned",
            NotificationKind::TransferRequested => "transfer_requested",
            NotificationKind::TransferAccepted => "transfer_accepted",
            NotificationKind::TransferDeclined => "transfer_declined",
            NotificationKind::FormApproved => "form_approved",
            NotificationKind::FormReturned => "form_returned",
            NotificationKind::ApprovalWaiting => "approval_waiting",
            NotificationKind::FormSubmitted => "form_submitted",
            NotificationKind::DueSoon => "due_soon",
            NotificationKind::DueToday => "due_today",
            NotificationKind::Overdue => "overdue",
            NotificationKind::Escalated => "escalated",
            NotificationKind::TicketReplied => "ticket_replied",
            NotificationKind::TicketWaiting => "ticket_waiting",
            NotificationKind::TicketResolved => "ticket_resolved",
            NotificationKind::TicketMessage => "ticket_message",
            NotificationKind::TicketAssigned => "ticket_assigned",
            NotificationKind::TicketSoon => "ticket_soon",
            NotificationKind::TicketBreached => "ticket_breached",
        }
    }
    pub fn parse_db(s: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// The notification an alert raises at `level`.
    pub fn of_level(level: AlertLevel) -> NotificationKind {
        match level {
            AlertLevel::DueSoon => NotificationKind::DueSoon,
            AlertLevel::DueToday => NotificationKind::DueToday,
            AlertLevel::Overdue => NotificationKind::Overdue,
            AlertLevel::Escalated => NotificationKind::Escalated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_risk_is_due_sooner_and_closed_waits_for_nothing() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let rules = Deadlines::default();
        let (step, high) = rules.next_step(CaseStatus::Open, RiskLevel::High, d).unwrap();
        let (_, low) = rules.next_step(CaseStatus::Open, RiskLevel::Low, d).unwrap();
        assert_eq!(step, NextStep::InitialAssessment);
        assert!(high < low);
        // Sunday 1 March 2026 + 3 working days: Wednesday 4 March (Monday is the first).
        assert_eq!(high, NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
        assert_eq!(rules.next_step(CaseStatus::Closed, RiskLevel::High, d), None);
        assert_eq!(rules.next_step(CaseStatus::Suspended, RiskLevel::High, d), None);
    }
    use crate::domain::calendar::fixed_holidays;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn moldova() -> Deadlines {
        let mut holidays: Vec<NaiveDate> = (2025..=2028).flat_map(fixed_holidays).map(|h| h.date).collect();
        // Easter Monday and Memorial Day 2026, as an administrator enters them.
        holidays.extend([d(2026, 4, 13), d(2026, 4, 20)]);
        Deadlines { rules: DeadlineRules::default(), calendar: Calendar::new(holidays) }
    }

    #[test]
    fn defaults_cover_every_step_and_risk_and_are_valid() {
        let r = DeadlineRules::default();
        assert_eq!(r.rules.len(), 21);
        assert_eq!(r.validate(), Ok(()));
        for step in NextStep::ALL {
            let (h, m, l) =
                (r.rule(step, RiskLevel::High), r.rule(step, RiskLevel::Medium), r.rule(step, RiskLevel::Low));
            assert!(h.days <= m.days && m.days <= l.days, "{step:?}: higher risk is never given longer");
        }
    }

    #[test]
    fn validation_names_the_field_of_each_bad_number() {
        let mut r = DeadlineRules::default();
        r.rules.insert(rule_key(NextStep::Assign, RiskLevel::High), Rule { days: 0, count: DayCount::Working });
        r.rules
            .insert(rule_key(NextStep::MonitoringVisit, RiskLevel::Low), Rule { days: 366, count: DayCount::Calendar });
        r.due_soon_days = 31;
        r.escalate_after_days = 0;
        let e = r.validate().unwrap_err();
        let fields: Vec<(String, String)> = e.0.iter().map(|f| (f.field.clone(), f.code.clone())).collect();
        assert_eq!(
            fields,
            vec![
                ("rule-assign-high".to_owned(), "out_of_range".to_owned()),
                ("rule-monitoring_visit-low".to_owned(), "out_of_range".to_owned()),
                ("due_soon_days".to_owned(), "out_of_range".to_owned()),
                ("escalate_after_days".to_owned(), "out_of_range".to_owned()),
            ]
        );
        r = DeadlineRules::default();
        r.rules.remove(&rule_key(NextStep::Assign, RiskLevel::Low));
        assert!(r.validate().unwrap_err().0.iter().any(|f| f.field == "rule-assign-low" && f.code == "required"));
    }

    #[test]
    fn due_dates_skip_weekends_and_holidays_as_the_rule_counts() {
        let dl = moldova();
        // Thursday 9 April 2026, high risk: initial assessment in 3 working days skips the weekend
        // and Easter Monday (13 April): Tuesday 14, Wednesday 15 → due Wednesday 15 April.
        assert_eq!(dl.due(NextStep::InitialAssessment, RiskLevel::High, d(2026, 4, 9)), d(2026, 4, 15));
        // A monitoring visit in 30 calendar days from 1 August 2026 lands on Monday 31 August, a
        // holiday (Limba noastră): it moves to Tuesday 1 September.
        assert_eq!(dl.due(NextStep::MonitoringVisit, RiskLevel::High, d(2026, 8, 1)), d(2026, 9, 1));
        // Month and year ends: 2 working days from Wednesday 30 December 2026 skip New Year's Day
        // and the weekend: Thursday 31, Monday 4 January.
        assert_eq!(dl.due(NextStep::PlanApproval, RiskLevel::High, d(2026, 12, 30)), d(2027, 1, 4));
    }

    #[test]
    fn levels_follow_the_due_date_and_the_window() {
        let dl = moldova();
        let today = d(2026, 12, 2); // a Wednesday
        assert_eq!(dl.soon_limit(today), d(2026, 12, 4));
        assert_eq!(dl.level(d(2026, 12, 7), today), None, "beyond the window: no alert yet");
        assert_eq!(dl.level(d(2026, 12, 4), today), Some(AlertLevel::DueSoon));
        assert_eq!(dl.level(d(2026, 12, 3), today), Some(AlertLevel::DueSoon));
        assert_eq!(dl.level(today, today), Some(AlertLevel::DueToday));
        assert_eq!(dl.level(d(2026, 12, 1), today), Some(AlertLevel::Overdue));
        // Escalated after 3 working days overdue: due Friday 27 November is 3 working days
        // overdue on Wednesday 2 December (Mon 30, Tue 1, Wed 2); due Monday 30 is only 2.
        assert_eq!(dl.escalation_limit(today), d(2026, 11, 29));
        assert!(dl.escalated(d(2026, 11, 27), today));
        assert!(!dl.escalated(d(2026, 11, 30), today));
        let mut none = moldova();
        none.rules.due_soon_days = 0;
        assert_eq!(none.level(d(2026, 12, 3), today), None);
        assert_eq!(none.level(today, today), Some(AlertLevel::DueToday));
    }

    #[test]
    fn codes_round_trip() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse_db(k.as_str()), Some(k));
        }
        for l in AlertLevel::ALL {
            assert_eq!(AlertLevel::parse_db(l.as_str()), Some(l));
            assert_eq!(NotificationKind::of_level(l).as_str(), l.as_str());
        }
        for s in AlertState::ALL {
            assert_eq!(AlertState::parse_db(s.as_str()), Some(s));
        }
        assert_eq!(AlertState::parse_db("deleted"), None);
    }

    proptest! {
        /// A due date is never a weekend day or a holiday, and never earlier for more days.
        #[test]
        fn due_dates_are_working_days_and_monotonic(
            offset in 0u64..1500, days in 1u32..120, step_i in 0usize..7, working in any::<bool>()
        ) {
            let mut dl = moldova();
            let step = NextStep::ALL[step_i];
            let count = if working { DayCount::Working } else { DayCount::Calendar };
            let since = d(2025, 1, 1).checked_add_days(Days::new(offset)).unwrap();
            dl.rules.rules.insert(rule_key(step, RiskLevel::Medium), Rule { days, count });
            let a = dl.due(step, RiskLevel::Medium, since);
            dl.rules.rules.insert(rule_key(step, RiskLevel::Medium), Rule { days: days + 1, count });
            let b = dl.due(step, RiskLevel::Medium, since);
            prop_assert!(dl.calendar.is_working_day(a));
            prop_assert!(a > since);
            prop_assert!(a <= b);
        }

        /// A step that is escalated today is overdue, and it stays escalated on every later day.
        #[test]
        fn escalation_implies_overdue_and_lasts(offset in 0u64..1500, late in 0u64..40, wait in 1u32..10) {
            let mut dl = moldova();
            dl.rules.escalate_after_days = wait;
            let due = d(2025, 1, 1).checked_add_days(Days::new(offset)).unwrap();
            let today = due.checked_add_days(Days::new(late)).unwrap();
            if dl.escalated(due, today) {
                prop_assert_eq!(dl.level(due, today), Some(AlertLevel::Overdue));
                prop_assert!(dl.calendar.working_days_between(due, today) >= i64::from(wait));
                prop_assert!(dl.escalated(due, today.succ_opt().unwrap()));
            } else {
                prop_assert!(dl.calendar.working_days_between(due, today) < i64::from(wait));
            }
        }
    }
}
