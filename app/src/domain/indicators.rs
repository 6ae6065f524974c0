//! Indicator arithmetic for dashboards and registers: the period asked for, how a step ended,
//! medians and percentiles of durations in working days, shares, and small-cell suppression.
//!
//! Pure: the store counts, this module turns counts into the figures a user may see.

use super::case::CaseAction;
use super::error::FieldErrors;
use super::next_step::NextStep;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts below this (and above zero) are shown as "< 5" to users without access to the
/// personal data behind them, and so are figures drawn from fewer observations.
pub const SMALL_CELL: i64 = 5;

/// The longest period indicators cover, in days (ten years).
pub const PERIOD_MAX_DAYS: i64 = 3660;

/// A count as a user may see it: the number, or only that it is between 1 and 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    Exact(i64),
    /// Between 1 and [`SMALL_CELL`] − 1: suppressed.
    Few,
}

impl Count {
    /// `n` as shown: suppressed when `suppress` and `0 < n < SMALL_CELL`. A zero is shown, as it
    /// tells nothing about anyone.
    pub fn of(n: i64, suppress: bool) -> Count {
        if suppress && n > 0 && n < SMALL_CELL {
            Count::Few
        } else {
            Count::Exact(n)
        }
    }
    pub fn exact(self) -> Option<i64> {
        match self {
            Count::Exact(n) => Some(n),
            Count::Few => None,
        }
    }
    /// The number, or "< 5", as written in pages and exports.
    pub fn text(self) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::Few => format!("< {SMALL_CELL}"),
        }
    }
}

/// A figure drawn from several observations (a median, a share), as a user may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// No observation at all.
    None,
    /// In tenths (a median of 2.5 days is 25; a share of 87.5 % is 875).
    Tenths(i64),
    /// Drawn from fewer than [`SMALL_CELL`] observations: suppressed.
    Few,
}

impl Figure {
    /// `value` drawn from `observations`: suppressed when `suppress` and there are fewer than
    /// [`SMALL_CELL`] of them.
    pub fn of(value: Option<i64>, observations: i64, suppress: bool) -> Figure {
        match value {
            None => Figure::None,
            Some(_) if suppress && observations < SMALL_CELL => Figure::Few,
            Some(v) => Figure::Tenths(v),
        }
    }
    /// "2.5", "—", or "n < 5" (drawn from fewer than five).
    pub fn text(self) -> String {
        match self {
            Figure::None => "—".into(),
            Figure::Few => format!("n < {SMALL_CELL}"),
            Figure::Tenths(t) => {
                let sign = if t < 0 { "-" } else { "" };
                format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
            }
        }
    }
    /// A share (in tenths of a percent) as "87.5 %"; "—" or "n < 5" as [`Figure::text`].
    pub fn percent_text(self) -> String {
        match self {
            Figure::Tenths(_) => format!("{} %", self.text()),
            other => other.text(),
        }
    }
    pub fn tenths(self) -> Option<i64> {
        match self {
            Figure::Tenths(t) => Some(t),
            _ => None,
        }
    }
}

/// `part` of `whole` in tenths of a percent, rounded half up; `None` when `whole` is 0.
pub fn share_tenths(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 2000 + whole) / (2 * whole))
}

/// Durations (whole working days), each with how many times it was seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Durations {
    seen: BTreeMap<i64, i64>,
}

impl Durations {
    /// Adds `times` observations of `days`.
    pub fn add(&mut self, days: i64, times: i64) {
        if times > 0 {
            *self.seen.entry(days).or_default() += times;
        }
    }
    /// How many observations there are.
    pub fn count(&self) -> i64 {
        self.seen.values().sum()
    }
    /// The `k`-th smallest observation (from 0).
    fn nth(&self, k: i64) -> Option<i64> {
        let mut before = 0;
        for (days, times) in &self.seen {
            before += times;
            if k < before {
                return Some(*days);
            }
        }
        None
    }
    /// The `percent`-th percentile in tenths of a day, interpolated between the two nearest
    /// ranks as spreadsheets do (PERCENTILE.INC): the median of 1, 2, 3, 4 is 2.5. `None` without
    /// observations.
    pub fn percentile_tenths(&self, percent: i64) -> Option<i64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        // The rank, from 0, in hundredths: (n − 1) × p / 100.
        let rank = (n - 1) * percent.clamp(0, 100);
        let (below, frac) = (rank / 100, rank % 100);
        let lo = self.nth(below)?;
        let hi = if frac == 0 { lo } else { self.nth(below + 1)? };
        // lo + (hi − lo) × frac / 100, in tenths, rounded half up.
        let hundredths_tenths = lo * 1000 + (hi - lo) * frac * 10;
        Some((hundredths_tenths + 50).div_euclid(100))
    }
    pub fn median_tenths(&self) -> Option<i64> {
        self.percentile_tenths(50)
    }
}

/// A cell of an exported file as a spreadsheet may open it safely: text that a spreadsheet would
/// read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is given a
/// leading apostrophe, which spreadsheets show as text.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// How a step a case waited for came to an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    /// The step was taken.
    Done,
    /// The case left the step another way (suspended, closed, sent back to an earlier step).
    Stopped,
}

impl StepOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            StepOutcome::Done => "done",
            StepOutcome::Stopped => "stopped",
        }
    }
}

/// How `action` ends the step `step` the case waited for: done when it is the step's own work
/// (a supervisor's decision on a plan or a closure counts, whichever way it goes), stopped
/// otherwise.
pub fn step_outcome(step: NextStep, action: CaseAction) -> StepOutcome {
    use CaseAction as A;
    use NextStep as S;
    let done = match step {
        S::Assign => matches!(action, A::Assign),
        S::InitialAssessment => matches!(action, A::StartAssessment),
        S::AssistancePlan => matches!(action, A::StartPlanning | A::StartComplexAssessment),
        S::PlanSubmission => matches!(action, A::SubmitPlan),
        S::PlanApproval => matches!(action, A::ApprovePlan | A::ReturnPlan),
        S::MonitoringVisit => matches!(action, A::ReviewPlan | A::ProposeClosure),
        S::ClosureApproval => matches!(action, A::ApproveClosure | A::ReturnClosure),
    };
    if done {
        StepOutcome::Done
    } else {
        StepOutcome::Stopped
    }
}

/// The days an indicator covers, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The period of `from` and `to` as typed (`YYYY-MM-DD`; either may be empty): by default
    /// from the first of the month `to` falls in, to `today`. Errors name the field.
    pub fn parse(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut date = |field: &str, raw: Option<&str>| match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(field, "invalid_date");
                    None
                }
            },
        };
        let to_day = date("to", to);
        let from_day = date("from", from);
        if !errors.is_empty() {
            return Err(errors);
        }
        let to = to_day.unwrap_or(today);
        let from = from_day.unwrap_or_else(|| to.with_day(1).unwrap_or(to));
        if to < from {
            errors.push("to", "period_reversed");
        } else if (to - from).num_days() >= PERIOD_MAX_DAYS {
            errors.push("from", "period_over_ten_years");
        }
        if errors.is_empty() {
            Ok(Period { from, to })
        } else {
            Err(errors)
        }
    }
    /// How many days the period covers.
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
    /// The period of the same kind just before: the previous month for a whole month (or a
    /// month so far: 1–14 March gives 1–14 February, cut at February's end), else the same
    /// number of days ending the day before.
    pub fn previous(self) -> Period {
        if self.from.day() == 1 && self.from.year() == self.to.year() && self.from.month() == self.to.month() {
            let start = self.from.checked_sub_months(chrono::Months::new(1)).unwrap_or(self.from);
            let end_of_month = self.from - Duration::days(1);
            let end = start.with_day(self.to.day()).unwrap_or(end_of_month).min(end_of_month);
            return Period { from: start, to: end };
        }
        let len = self.days();
        Period { from: self.from - Duration::days(len), to: self.from - Duration::days(1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_quoted() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Ialoveni", "Ialoveni"),
            ("12", "12"),
            ("< 5", "< 5"),
            ("", ""),
        ] {
            assert_eq!(csv_safe(cell), safe, "{cell:?}");
        }
    }
    use crate::domain::calendar::Calendar;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn durations(values: &[i64]) -> Durations {
        let mut d = Durations::default();
        for v in values {
            d.add(*v, 1);
        }
        d
    }

    #[test]
    fn percentiles_interpolate_like_a_spreadsheet() {
        // Each row: the values, then the median and the 90th percentile in tenths, as
        // PERCENTILE.INC gives them.
        let table: &[(&[i64], Option<i64>, Option<i64>)] = &[
            (&[], None, None),
            (&[7], Some(70), Some(70)),
            (&[1, 2, 3, 4], Some(25), Some(37)),
            (&[4, 1, 3, 2], Some(25), Some(37)),
            (&[1, 2, 3, 4, 5], Some(30), Some(46)),
            (&[0, 0, 0, 10], Some(0), Some(70)),
            (&[2, 2, 2, 2, 2, 2, 2, 2, 2, 30], Some(20), Some(48)),
            (&[1, 2], Some(15), Some(19)),
        ];
        for (values, median, p90) in table {
            let d = durations(values);
            assert_eq!(d.median_tenths(), *median, "median of {values:?}");
            assert_eq!(d.percentile_tenths(90), *p90, "p90 of {values:?}");
        }
    }

    #[test]
    fn repeated_observations_weigh_as_their_count() {
        let mut grouped = Durations::default();
        grouped.add(3, 4);
        grouped.add(10, 1);
        grouped.add(5, 0);
        assert_eq!(grouped, durations(&[3, 3, 3, 3, 10]));
        assert_eq!(grouped.count(), 5);
        assert_eq!(grouped.median_tenths(), Some(30));
        assert_eq!(grouped.percentile_tenths(100), Some(100));
        assert_eq!(grouped.percentile_tenths(0), Some(30));
    }

    proptest! {
        #[test]
        fn percentiles_stay_within_the_values_and_grow_with_p(
            values in proptest::collection::vec(0i64..400, 1..60),
            p in 0i64..=100,
            q in 0i64..=100,
        ) {
            let d = durations(&values);
            let (lo, hi) = (*values.iter().min().unwrap() * 10, *values.iter().max().unwrap() * 10);
            let at = d.percentile_tenths(p).unwrap();
            prop_assert!(lo <= at && at <= hi);
            let (a, b) = (p.min(q), p.max(q));
            prop_assert!(d.percentile_tenths(a).unwrap() <= d.percentile_tenths(b).unwrap());
        }

        #[test]
        fn the_median_matches_sorting(values in proptest::collection::vec(0i64..400, 1..60)) {
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let n = sorted.len();
            let twice = if n % 2 == 1 { 2 * sorted[n / 2] } else { sorted[n / 2 - 1] + sorted[n / 2] };
            prop_assert_eq!(durations(&values).median_tenths(), Some(twice * 5));
        }
    }

    #[test]
    fn small_counts_are_suppressed_only_when_asked() {
        let table = [
            (0, true, Count::Exact(0), "0"),
            (1, true, Count::Few, "< 5"),
            (4, true, Count::Few, "< 5"),
            (5, true, Count::Exact(5), "5"),
            (3, false, Count::Exact(3), "3"),
            (120, true, Count::Exact(120), "120"),
        ];
        for (n, suppress, shown, text) in table {
            assert_eq!(Count::of(n, suppress), shown, "{n} {suppress}");
            assert_eq!(shown.text(), text);
        }
        assert_eq!(Figure::of(Some(25), 4, true), Figure::Few);
        assert_eq!(Figure::of(Some(25), 4, false).text(), "2.5");
        assert_eq!(Figure::of(Some(25), 5, true).text(), "2.5");
        assert_eq!(Figure::of(None, 0, true).text(), "—");
        assert_eq!(Figure::Tenths(-5).text(), "-0.5");
        assert_eq!(Figure::Tenths(875).percent_text(), "87.5 %");
        assert_eq!(Figure::Few.percent_text(), "n < 5");
    }

    #[test]
    fn shares_round_half_up_in_tenths() {
        assert_eq!(share_tenths(1, 3), Some(333));
        assert_eq!(share_tenths(2, 3), Some(667));
        assert_eq!(share_tenths(7, 8), Some(875));
        assert_eq!(share_tenths(5, 5), Some(1000));
        assert_eq!(share_tenths(0, 0), None);
    }

    #[test]
    fn working_days_from_referral_skip_weekends_and_holidays() {
        // Referred on Friday 27 February 2026; Monday 2 March a holiday; assessed on Wednesday
        // 4 March: Tuesday and Wednesday count, so 2 working days.
        let cal = Calendar::new([d(2026, 3, 2)]);
        assert_eq!(cal.working_days_between(d(2026, 2, 27), d(2026, 3, 4)), 2);
        // The same day: 0; a referral on a Saturday assessed on Monday: 1.
        assert_eq!(cal.working_days_between(d(2026, 3, 4), d(2026, 3, 4)), 0);
        assert_eq!(cal.working_days_between(d(2026, 3, 7), d(2026, 3, 9)), 1);
    }

    #[test]
    fn a_step_is_done_by_its_own_work_only() {
        use CaseAction as A;
        use NextStep as S;
        let done = [
            (S::Assign, A::Assign),
            (S::InitialAssessment, A::StartAssessment),
            (S::AssistancePlan, A::StartPlanning),
            (S::AssistancePlan, A::StartComplexAssessment),
            (S::PlanSubmission, A::SubmitPlan),
            (S::PlanApproval, A::ApprovePlan),
            (S::PlanApproval, A::ReturnPlan),
            (S::MonitoringVisit, A::ReviewPlan),
            (S::ClosureApproval, A::ApproveClosure),
        ];
        for step in NextStep::ALL {
            for action in CaseAction::ALL {
                let expected = if done.contains(&(step, action))
                    || matches!(
                        (step, action),
                        (S::MonitoringVisit, A::ProposeClosure) | (S::ClosureApproval, A::ReturnClosure)
                    ) {
                    StepOutcome::Done
                } else {
                    StepOutcome::Stopped
                };
                assert_eq!(step_outcome(step, action), expected, "{step:?} {action:?}");
            }
        }
        assert_eq!(step_outcome(S::InitialAssessment, A::Suspend), StepOutcome::Stopped);
    }

    #[test]
    fn periods_default_to_the_month_so_far_and_compare_with_the_one_before() {
        let today = d(2026, 3, 14);
        let p = Period::parse(None, None, today).unwrap();
        assert_eq!(p, Period { from: d(2026, 3, 1), to: today });
        assert_eq!(p.previous(), Period { from: d(2026, 2, 1), to: d(2026, 2, 14) });
        // 1–31 March against 1–28 February.
        let march = Period::parse(Some("2026-03-01"), Some("2026-03-31"), today).unwrap();
        assert_eq!(march.previous(), Period { from: d(2026, 2, 1), to: d(2026, 2, 28) });
        // Ten days against the ten before.
        let ten = Period::parse(Some("2026-03-05"), Some("2026-03-14"), today).unwrap();
        assert_eq!(ten.days(), 10);
        assert_eq!(ten.previous(), Period { from: d(2026, 2, 23), to: d(2026, 3, 4) });
        // January against December of the year before.
        let jan = Period::parse(Some("2026-01-01"), Some("2026-01-31"), today).unwrap();
        assert_eq!(jan.previous(), Period { from: d(2025, 12, 1), to: d(2025, 12, 31) });
    }

    #[test]
    fn bad_periods_are_told_at_their_field() {
        let today = d(2026, 3, 14);
        let table = [
            (Some("14.03.2026"), None, "from", "invalid_date"),
            (None, Some("tomorrow"), "to", "invalid_date"),
            (Some("2026-03-10"), Some("2026-03-01"), "to", "period_reversed"),
            (Some("2010-01-01"), Some("2026-03-01"), "from", "period_over_ten_years"),
        ];
        for (from, to, field, code) in table {
            let e = Period::parse(from, to, today).unwrap_err();
            assert_eq!(e.for_field(field), Some(code), "{from:?} {to:?}");
        }
        assert!(Period::parse(Some(" "), Some(""), today).is_ok());
    }
}
