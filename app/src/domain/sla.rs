//! Service-level clocks of support tickets: business time on the working-day calendar, the
//! targets per priority, and where a clock stands (met, paused, running, due soon, breached).
//!
//! A ticket has two clocks, first response and resolution, both started when it is opened. Each
//! counts business time — the agency's business hours, in its time zone, on working days (see
//! [`Calendar`]) — stands still while the ticket waits on its reporter or is resolved (a
//! [`Pause`]), and stops when its goal is reached. Everything is pure and generic over the zone,
//! so that it also compiles for the browser: the server passes `chrono_tz::Europe::Chisinau`.

use super::calendar::Calendar;
use super::error::FieldErrors;
use super::ticket::TicketPriority;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// The farthest business time is counted or searched after an instant, in calendar days (about
/// three years): far beyond the longest target, and a bound on the work however many holidays a
/// calendar has.
pub const MAX_SPAN_DAYS: i64 = 1098;

/// The hours of a working day during which the SLA clocks run, in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// The first instant of business time.
    pub start: NaiveTime,
    /// The end of business time (excluded). A day with `end <= start` has no business time.
    pub end: NaiveTime,
}

impl Default for BusinessHours {
    /// 08:00–17:00.
    fn default() -> Self {
        let hour = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
        BusinessHours { start: hour(8), end: hour(17) }
    }
}

impl BusinessHours {
    /// The whole minutes of business time in a working day (540 for 08:00–17:00), leaving aside
    /// the days when the clocks change during business hours.
    pub fn minutes_per_day(&self) -> i64 {
        if self.end > self.start {
            (self.end - self.start).num_minutes()
        } else {
            0
        }
    }
}

/// Where business time is counted: the working days of `calendar`, within `hours` of local time
/// in `tz`. The store builds one per request.
#[derive(Debug, Clone)]
pub struct SlaCalendar<'a, Tz: TimeZone> {
    pub calendar: &'a Calendar,
    pub hours: BusinessHours,
    pub tz: Tz,
}

impl<Tz: TimeZone> SlaCalendar<'_, Tz> {
    /// The business time in `[from, to)`: its instants that fall, in local time, within
    /// [`SlaCalendar::hours`] on a working day. Zero when `to <= from`.
    ///
    /// Additive (`a → b` plus `b → c` is `a → c`) while `c` is at most [`MAX_SPAN_DAYS`] after `a`;
    /// nothing later than that after `from` is counted.
    pub fn business_time(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        let to = to.min(span_end(from));
        let mut total = TimeDelta::zero();
        if to <= from {
            return total;
        }
        // A day's business hours lie within that local date, so the dates of `from` and `to`, and
        // one either side for the odd zone, cover every interval that meets `[from, to)`.
        let last = next_day(self.local_date(to));
        let mut day = prev_day(self.local_date(from));
        loop {
            if let Some((start, end)) = self.day_interval(day) {
                let (start, end) = (start.max(from), end.min(to));
                if end > start {
                    total += end - start;
                }
            }
            match day.succ_opt() {
                Some(next) if day < last => day = next,
                _ => return total,
            }
        }
    }

    /// The whole minutes of business time in `[from, to)` ([`SlaCalendar::business_time`], rounded
    /// down): additive for instants on whole minutes.
    pub fn business_minutes(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.business_time(from, to).num_minutes()
    }

    /// The earliest instant `t >= from` with `business_time(from, t) == amount`: inside business
    /// hours or at the end of a working day's hours, or `from` itself when `amount` is zero (or
    /// negative). When the calendar has no such instant within [`MAX_SPAN_DAYS`], that cap.
    pub fn add_business_time(&self, from: DateTime<Utc>, amount: TimeDelta) -> DateTime<Utc> {
        let cap = span_end(from);
        let mut left = amount;
        if left <= TimeDelta::zero() {
            return from;
        }
        let mut day = prev_day(self.local_date(from));
        let last = next_day(self.local_date(cap));
        loop {
            if let Some((start, end)) = self.day_interval(day) {
                let (start, end) = (start.max(from), end.min(cap));
                if end > start {
                    if end - start >= left {
                        return start + left;
                    }
                    left -= end - start;
                }
            }
            match day.succ_opt() {
                Some(next) if day < last => day = next,
                _ => return cap,
            }
        }
    }

    /// [`SlaCalendar::add_business_time`] in whole minutes: the instant a clock started at `from`
    /// reaches `minutes`.
    pub fn add_business_minutes(&self, from: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        self.add_business_time(from, minutes_delta(minutes))
    }

    /// The local date of `t`; the UTC date at the ends of time, where the local one does not exist.
    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        let offset = self.tz.offset_from_utc_datetime(&t.naive_utc()).fix();
        t.naive_utc().checked_add_offset(offset).unwrap_or(t.naive_utc()).date()
    }

    /// The business hours of local date `d` as instants, `None` when it is not a working day or
    /// they are empty.
    fn day_interval(&self, d: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.calendar.is_working_day(d) || self.hours.end <= self.hours.start {
            return None;
        }
        let start = local_to_utc(&self.tz, d.and_time(self.hours.start));
        let end = local_to_utc(&self.tz, d.and_time(self.hours.end));
        (end > start).then_some((start, end))
    }
}

/// The instant of a local time in `tz`. A time the clocks skip (spring forward) is taken as the
/// first whole local minute after it that exists — the end of the gap; a time that happens twice
/// (fall back) as its first occurrence. Never panics: a zone with no answer for a whole day is
/// taken to be UTC.
fn local_to_utc<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> DateTime<Utc> {
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return t.with_timezone(&Utc);
    }
    let whole_minute = local.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(local);
    (1..=24 * 60)
        .filter_map(|m| whole_minute.checked_add_signed(TimeDelta::minutes(m)))
        .find_map(|t| tz.from_local_datetime(&t).earliest())
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

fn span_end(from: DateTime<Utc>) -> DateTime<Utc> {
    from.checked_add_signed(TimeDelta::days(MAX_SPAN_DAYS)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn prev_day(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// `minutes` as a duration, saturating far beyond any target.
fn minutes_delta(minutes: i64) -> TimeDelta {
    TimeDelta::try_minutes(minutes).unwrap_or(if minutes < 0 { TimeDelta::MIN } else { TimeDelta::MAX })
}

/// The largest target an administrator may set: 100 working days of the default business hours,
/// in minutes.
pub const MAX_TARGET_MINUTES: i64 = 100 * 9 * 60;

/// The first-response and resolution targets of one priority, in business minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTarget {
    pub first_response: i64,
    pub resolution: i64,
}

/// The SLA targets of every priority. The numbers are settings; [`SlaTargets::default`] holds
/// the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub low: SlaTarget,
    pub normal: SlaTarget,
    pub high: SlaTarget,
    pub urgent: SlaTarget,
}

impl Default for SlaTargets {
    /// First response in 18, 9, 4 and 1 business hours, resolution in 10, 5, 2 and 1 working
    /// days of 9 hours, from low to urgent.
    fn default() -> Self {
        let t = |first_response, resolution| SlaTarget { first_response, resolution };
        SlaTargets { low: t(1080, 5400), normal: t(540, 2700), high: t(240, 1080), urgent: t(60, 540) }
    }
}

impl SlaTargets {
    /// Both targets of `priority`.
    pub fn of(&self, priority: TicketPriority) -> SlaTarget {
        match priority {
            TicketPriority::Low => self.low,
            TicketPriority::Normal => self.normal,
            TicketPriority::High => self.high,
            TicketPriority::Urgent => self.urgent,
        }
    }

    /// The first-response target of `priority`, in business minutes.
    pub fn first_response(&self, priority: TicketPriority) -> i64 {
        self.of(priority).first_response
    }

    /// The resolution target of `priority`, in business minutes.
    pub fn resolution(&self, priority: TicketPriority) -> i64 {
        self.of(priority).resolution
    }

    /// Checks every target, priority by priority from low to urgent: each is 1–[`MAX_TARGET_MINUTES`]
    /// (`out_of_range` on field `first_{priority}` or `resolution_{priority}`), and a first
    /// response is not due after the resolution (`first_after_resolution` on `first_{priority}`).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let in_range = |m: i64| (1..=MAX_TARGET_MINUTES).contains(&m);
        for p in TicketPriority::ALL {
            let t = self.of(p);
            let (first, resolution) = (format!("first_{}", p.as_str()), format!("resolution_{}", p.as_str()));
            if !in_range(t.first_response) {
                errors.push(&first, "out_of_range");
            } else if in_range(t.resolution) && t.first_response > t.resolution {
                errors.push(&first, "first_after_resolution");
            }
            if !in_range(t.resolution) {
                errors.push(&resolution, "out_of_range");
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Business hours as a support lead types them (`4`, `1.5`, `0,25`), in whole minutes (rounded).
/// Empty is `required`, anything else not a number `not_a_number`, more than two decimals
/// `too_many_decimals`; the range is [`SlaTargets::validate`]'s.
pub fn parse_hours(field: &str, raw: &str) -> Result<i64, super::error::FieldError> {
    use super::error::FieldError;
    let v = raw.trim().replace(',', ".");
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let (whole, frac) = v.split_once('.').unwrap_or((&v, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) || whole.len() > 6 {
        return Err(FieldError::new(field, "not_a_number"));
    }
    if frac.len() > 2 {
        return Err(FieldError::new(field, "too_many_decimals"));
    }
    let hundredths = format!("{frac:0<2}").parse::<i64>().unwrap_or(0) + whole.parse::<i64>().unwrap_or(0) * 100;
    // Hundredths of an hour to minutes, rounded half up: 0.25 h is 15 min, 0.01 h is 1 min.
    Ok((hundredths * 60 + 50) / 100)
}

/// Minutes as hours for a form, with at most two decimals (`90` is `1.5`, `20` is `0.33`).
pub fn format_hours(minutes: i64) -> String {
    let hundredths = (minutes * 100 + 30) / 60;
    let (h, f) = (hundredths / 100, hundredths % 100);
    match f {
        0 => h.to_string(),
        f if f % 10 == 0 => format!("{h}.{}", f / 10),
        f => format!("{h}.{f:02}"),
    }
}

/// A stretch of time during which a ticket's clocks stand still.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    /// When the clocks ran again; `None` while they still stand.
    pub to: Option<DateTime<Utc>>,
}

/// Where a clock stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Stopped within its target.
    Met,
    /// Standing still, not breached.
    Paused,
    /// Running, with time to spare.
    Running,
    /// Running, with little of its target left.
    Soon,
    /// Beyond its target, stopped or not.
    Breached,
}

impl SlaState {
    pub const ALL: [SlaState; 5] =
        [SlaState::Met, SlaState::Paused, SlaState::Running, SlaState::Soon, SlaState::Breached];

    /// The stable code: `met`, `paused`, `running`, `soon`, `breached`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Met => "met",
            SlaState::Paused => "paused",
            SlaState::Running => "running",
            SlaState::Soon => "soon",
            SlaState::Breached => "breached",
        }
    }

    /// The state of a code, `None` for anything else.
    pub fn parse_db(s: &str) -> Option<SlaState> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// One SLA clock of a ticket.
///
/// The pauses may come in any order and overlap: they are sorted and merged first, pauses (or
/// their parts) before `started` are ignored, and so are empty ones (`to <= from`). An open pause
/// holds the clock from its start on, whatever comes after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    pub started: DateTime<Utc>,
    /// When the goal was reached (first response sent, ticket resolved).
    pub stopped: Option<DateTime<Utc>>,
    pub pauses: Vec<Pause>,
}

/// A stretch during which a clock runs: `[from, to)`, or from `from` on when `to` is `None`.
type Run = (DateTime<Utc>, Option<DateTime<Utc>>);

impl SlaClock {
    /// The business time the clock has counted by `now` (or by when it stopped, if earlier).
    pub fn elapsed_time<Tz: TimeZone>(&self, cal: &SlaCalendar<'_, Tz>, now: DateTime<Utc>) -> TimeDelta {
        let until = self.stopped.map_or(now, |s| s.min(now));
        self.runs()
            .into_iter()
            .map_while(|(from, to)| (from < until).then(|| cal.business_time(from, to.map_or(until, |t| t.min(until)))))
            .sum()
    }

    /// The whole business minutes the clock has counted by `now` (or by when it stopped).
    pub fn elapsed<Tz: TimeZone>(&self, cal: &SlaCalendar<'_, Tz>, now: DateTime<Utc>) -> i64 {
        self.elapsed_time(cal, now).num_minutes()
    }

    /// The instant the clock reaches `target` business minutes, given the pauses recorded so far:
    /// `None` once it has stopped, and while an open pause holds it before it got there. When it
    /// reached the target before a pause, the instant it reached it. A target of zero or less is
    /// reached when the clock starts.
    pub fn due<Tz: TimeZone>(&self, cal: &SlaCalendar<'_, Tz>, target: i64) -> Option<DateTime<Utc>> {
        if self.stopped.is_some() {
            return None;
        }
        let mut left = minutes_delta(target);
        if left <= TimeDelta::zero() {
            return Some(self.started);
        }
        for (from, to) in self.runs() {
            let Some(to) = to else {
                return Some(cal.add_business_time(from, left));
            };
            let run = cal.business_time(from, to);
            if run >= left {
                return Some(cal.add_business_time(from, left));
            }
            left -= run;
        }
        None
    }

    /// Where the clock stands at `now` against `target` business minutes: breached when it has
    /// counted more than the target (compared exactly, so from just after [`SlaClock::due`]), met
    /// when it stopped by `now` within it, paused when a pause holds it at `now`, due soon when at
    /// most `target * soon_share_percent / 100` whole minutes of it are left, running otherwise.
    pub fn state<Tz: TimeZone>(
        &self,
        cal: &SlaCalendar<'_, Tz>,
        target: i64,
        now: DateTime<Utc>,
        soon_share_percent: u32,
    ) -> SlaState {
        let elapsed = self.elapsed_time(cal, now);
        let soon_share = target.saturating_mul(i64::from(soon_share_percent)) / 100;
        if elapsed > minutes_delta(target) {
            SlaState::Breached
        } else if self.stopped.is_some_and(|s| s <= now) {
            SlaState::Met
        } else if self.paused_at(now) {
            SlaState::Paused
        } else if elapsed >= minutes_delta(target.saturating_sub(soon_share)) {
            SlaState::Soon
        } else {
            SlaState::Running
        }
    }

    /// Whether a pause holds the clock at `now`.
    pub fn paused_at(&self, now: DateTime<Utc>) -> bool {
        self.pauses.iter().any(|p| p.from <= now && p.to.is_none_or(|to| now < to))
    }

    /// The stretches the clock runs in, in order, from `started` on: the last one is open-ended
    /// unless an open pause holds the clock for good.
    fn runs(&self) -> Vec<Run> {
        let mut pauses: Vec<Pause> =
            self.pauses.iter().copied().filter(|p| p.to.is_none_or(|to| to > p.from)).collect();
        pauses.sort_by_key(|p| p.from);
        let mut runs = Vec::with_capacity(pauses.len() + 1);
        let mut cursor = self.started;
        for p in pauses {
            if p.to.is_some_and(|to| to <= cursor) {
                continue;
            }
            if p.from > cursor {
                runs.push((cursor, Some(p.from)));
            }
            match p.to {
                Some(to) => cursor = to,
                None => return runs,
            }
        }
        runs.push((cursor, None));
        runs
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hours_typed_by_a_lead() {
        use super::{format_hours, parse_hours};
        let ok = |raw: &str| parse_hours("f", raw).unwrap();
        assert_eq!([ok("4"), ok(" 1.5 "), ok("0,25"), ok("0.01"), ok("18"), ok("2.")], [240, 90, 15, 1, 1080, 120]);
        let code = |raw: &str| parse_hours("f", raw).unwrap_err().code;
        assert_eq!(code(""), "required");
        assert_eq!(code("abc"), "not_a_number");
        assert_eq!(code("-1"), "not_a_number");
        assert_eq!(code("."), "not_a_number");
        assert_eq!(code("1.255"), "too_many_decimals");
        assert_eq!([60, 90, 20, 15, 1080, 1].map(format_hours), ["1", "1.5", "0.33", "0.25", "18", "0.02"]);
        for m in [60, 90, 15, 240, 1080, 5400] {
            assert_eq!(parse_hours("f", &format_hours(m)).unwrap(), m, "{m} round-trips");
        }
    }

    use super::*;
    use crate::domain::calendar::fixed_holidays;
    use chrono_tz::Tz;
    use proptest::prelude::*;

    const CHISINAU: Tz = chrono_tz::Europe::Chisinau;

    /// An instant given as Chisinau local time, `"2026-02-13 16:30"`.
    fn local(s: &str) -> DateTime<Utc> {
        let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        CHISINAU.from_local_datetime(&naive).single().unwrap().with_timezone(&Utc)
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// The fixed holidays of 2024–2030, which covers every date the tests reach.
    fn moldova() -> Calendar {
        Calendar::new((2024..=2030).flat_map(fixed_holidays).map(|h| h.date))
    }

    fn chisinau(calendar: &Calendar) -> SlaCalendar<'_, Tz> {
        SlaCalendar { calendar, hours: BusinessHours::default(), tz: CHISINAU }
    }

    fn clock(started: DateTime<Utc>, pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)]) -> SlaClock {
        SlaClock { started, stopped: None, pauses: pauses.iter().map(|&(from, to)| Pause { from, to }).collect() }
    }

    #[test]
    fn business_hours_default() {
        let h = BusinessHours::default();
        assert_eq!((h.start.hour(), h.end.hour()), (8, 17));
        assert_eq!(h.minutes_per_day(), 540);
        let backwards = BusinessHours { start: h.end, end: h.start };
        assert_eq!(backwards.minutes_per_day(), 0);
        let holidays = Calendar::default();
        let cal = SlaCalendar { calendar: &holidays, hours: backwards, tz: CHISINAU };
        assert_eq!(cal.business_minutes(local("2026-02-16 00:00"), local("2026-02-21 00:00")), 0);
    }

    #[test]
    fn due_times_checked_by_hand() {
        let holidays = moldova();
        let cal = chisinau(&holidays);
        let cases = [
            // Friday 16:30 + 60: half an hour on Friday, half an hour on Monday.
            ("2026-02-13 16:30", 60, "2026-02-16 08:30"),
            // Saturday: from Monday's start.
            ("2026-02-14 10:00", 60, "2026-02-16 09:00"),
            ("2026-02-15 23:59", 540, "2026-02-16 17:00"),
            // Before hours on a working day, and after them.
            ("2026-02-16 06:00", 30, "2026-02-16 08:30"),
            ("2026-02-16 18:00", 30, "2026-02-17 08:30"),
            // Thursday 24 December 16:00 + 2 h: Friday 25 is Christmas, then the weekend.
            ("2026-12-24 16:00", 120, "2026-12-28 09:00"),
            // Thursday 31 December 2026 + 2 days: Friday 1 January is New Year's Day.
            ("2026-12-31 08:00", 1080, "2027-01-04 17:00"),
            // A whole day's target ends at 17:00, not at 08:00 the next day.
            ("2026-02-16 08:00", 540, "2026-02-16 17:00"),
            // Friday before the spring change to Monday after it, and the same in autumn.
            ("2026-03-27 16:00", 120, "2026-03-30 09:00"),
            ("2026-10-23 16:00", 120, "2026-10-26 09:00"),
        ];
        for (from, minutes, want) in cases {
            let got = cal.add_business_minutes(local(from), minutes);
            assert_eq!(got, local(want), "{from} + {minutes}");
            assert_eq!(cal.business_minutes(local(from), got), minutes, "{from} → {want}");
        }
    }

    #[test]
    fn offsets_change_between_winter_and_summer() {
        let holidays = moldova();
        let cal = chisinau(&holidays);
        // Friday 16:00 EET (14:00 UTC) to Monday 09:00 EEST (06:00 UTC): two business hours in an
        // interval one hour shorter than in a week without a change.
        assert_eq!(local("2026-03-27 16:00"), utc("2026-03-27T14:00:00Z"));
        assert_eq!(local("2026-03-30 09:00"), utc("2026-03-30T06:00:00Z"));
        assert_eq!(cal.business_minutes(local("2026-03-27 16:00"), local("2026-03-30 09:00")), 120);
        assert_eq!(cal.business_minutes(local("2026-10-23 16:00"), local("2026-10-26 09:00")), 120);
        // Chisinau skips 02:00–03:00 on the last Sunday of March and has 02:00–03:00 twice on the
        // last Sunday of October.
        let at = |d: &str, h, m| local_to_utc(&CHISINAU, date(d).and_hms_opt(h, m, 0).unwrap());
        assert_eq!(at("2026-03-29", 2, 30), utc("2026-03-29T00:00:00Z"), "skipped: 03:00 EEST");
        assert_eq!(at("2026-03-29", 3, 0), utc("2026-03-29T00:00:00Z"));
        assert_eq!(at("2026-10-25", 2, 30), utc("2026-10-24T23:30:00Z"), "twice: the first, EEST");
        assert_eq!(at("2026-10-25", 3, 0), utc("2026-10-25T01:00:00Z"));
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn cairo_changed_its_clocks_on_weekdays_in_2023() {
        // What `weekday_clock_changes` relies on, so that it tests something.
        let cairo = chrono_tz::Africa::Cairo;
        let at_midnight = |d: &str| local_to_utc(&cairo, date(d).and_time(NaiveTime::MIN));
        assert_eq!(at_midnight("2023-04-27"), utc("2023-04-26T22:00:00Z"));
        assert_eq!(at_midnight("2023-04-28"), utc("2023-04-27T22:00:00Z"), "00:00 skipped: 01:00 EEST");
        assert_eq!(at_midnight("2023-04-29"), utc("2023-04-28T21:00:00Z"));
        let eleven = local_to_utc(&cairo, date("2023-10-26").and_hms_opt(23, 0, 0).unwrap());
        assert_eq!(eleven, utc("2023-10-26T20:00:00Z"), "the first 23:00");
        assert_eq!(at_midnight("2023-10-28"), utc("2023-10-27T22:00:00Z"));
    }

    #[test]
    fn business_minutes_edges() {
        let holidays = moldova();
        let cal = chisinau(&holidays);
        let mon = local("2026-02-16 08:00");
        assert_eq!(cal.business_minutes(mon, mon), 0);
        assert_eq!(cal.business_minutes(mon + TimeDelta::hours(1), mon), 0, "backwards");
        assert_eq!(cal.business_minutes(mon, mon + TimeDelta::seconds(59)), 0, "whole minutes only");
        assert_eq!(cal.business_minutes(mon, mon + TimeDelta::seconds(60)), 1);
        // Monday to Monday: five days of nine hours.
        assert_eq!(cal.business_minutes(mon, mon + TimeDelta::weeks(1)), 5 * 540);
        // 2026 has 253 working days (261 weekdays, 8 holidays on them).
        assert_eq!(cal.business_minutes(local("2026-01-01 00:00"), local("2027-01-01 00:00")), 253 * 540);
        // Zero is `from` itself, even at night; so is a negative amount.
        let night = local("2026-02-14 03:00");
        assert_eq!(cal.add_business_minutes(night, 0), night);
        assert_eq!(cal.add_business_minutes(night, -5), night);
    }

    #[test]
    fn a_calendar_without_working_days_stops_at_the_cap() {
        let every_day = Calendar::new(date("2026-01-01").iter_days().take(2000));
        let cal = chisinau(&every_day);
        let from = local("2026-02-16 08:00");
        assert_eq!(cal.add_business_minutes(from, 60), from + TimeDelta::days(MAX_SPAN_DAYS));
        assert_eq!(cal.business_minutes(from, from + TimeDelta::days(4000)), 0);
        let none = SlaCalendar { calendar: &every_day, hours: BusinessHours::default(), tz: Utc };
        assert_eq!(none.add_business_minutes(from, i64::MAX), from + TimeDelta::days(MAX_SPAN_DAYS));
        let far = DateTime::<Utc>::MAX_UTC - TimeDelta::days(1);
        assert_eq!(chisinau(&moldova()).add_business_minutes(far, 60 * 540), DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn a_pause_moves_the_due_time_by_its_business_hours() {
        let holidays = moldova();
        let cal = chisinau(&holidays);
        let started = local("2026-02-16 08:00"); // a Monday
        assert_eq!(clock(started, &[]).due(&cal, 2700), Some(local("2026-02-20 17:00")));
        // Wednesday 10:00–14:00 is four business hours: due on Monday at 12:00.
        let paused = clock(started, &[(local("2026-02-18 10:00"), Some(local("2026-02-18 14:00")))]);
        assert_eq!(paused.due(&cal, 2700), Some(local("2026-02-23 12:00")));
        assert_eq!(paused.elapsed(&cal, local("2026-02-18 12:00")), 2 * 540 + 120);
        assert_eq!(paused.elapsed(&cal, local("2026-02-18 14:00")), 2 * 540 + 120);
        assert_eq!(paused.elapsed(&cal, local("2026-02-23 12:00")), 2700);
        // A pause from Friday 16:00 to Monday 10:00 takes three hours off: Friday's last and
        // Monday's first two.
        let weekend = clock(started, &[(local("2026-02-20 16:00"), Some(local("2026-02-23 10:00")))]);
        assert_eq!(weekend.due(&cal, 2700), Some(local("2026-02-23 11:00")));
        // A pause at night changes nothing.
        let night = clock(started, &[(local("2026-02-18 18:00"), Some(local("2026-02-19 07:00")))]);
        assert_eq!(night.due(&cal, 2700), Some(local("2026-02-20 17:00")));
    }

    #[test]
    fn due_while_paused_stopped_or_reached_before() {
        let holidays = moldova();
        let cal = chisinau(&holidays);
        let started = local("2026-02-16 08:00");
        let open = clock(started, &[(local("2026-02-16 10:00"), None)]);
        assert_eq!(open.due(&cal, 60), Some(local("2026-02-16 09:00")), "reached before the pause");
        assert_eq!(open.due(&cal, 120), Some(local("2026-02-16 10:00")), "reached as the pause began");
        assert_eq!(open.due(&cal, 121), None, "held by the pause");
        let mut stopped = clock(started, &[]);
        stopped.stopped = Some(local("2026-02-16 09:00"));
        assert_eq!(stopped.due(&cal, 60), None);
        assert_eq!(clock(started, &[]).due(&cal, 0), Some(started));
        // Unsorted, overlapping and empty pauses are merged: 10–12 and 11–13 are 10–13.
        let messy = clock(
            started,
            &[
                (local("2026-02-16 11:00"), Some(local("2026-02-16 13:00"))),
                (local("2026-02-16 15:00"), Some(local("2026-02-16 14:00"))),
                (local("2026-02-16 10:00"), Some(local("2026-02-16 12:00"))),
                (local("2026-02-13 10:00"), Some(local("2026-02-16 08:30"))),
            ],
        );
        assert_eq!(messy.due(&cal, 120), Some(local("2026-02-16 13:30")), "08:30–10:00, then 13:00–13:30");
        assert_eq!(messy.elapsed(&cal, local("2026-02-16 17:00")), 90 + 240);
    }

    #[test]
    fn states() {
        let holidays = moldova();
        let cal = chisinau(&holidays);
        let started = local("2026-02-16 08:00");
        let running = clock(started, &[]);
        let state = |c: &SlaClock, now: &str| c.state(&cal, 60, local(now), 25);
        assert_eq!(state(&running, "2026-02-16 08:44"), SlaState::Running);
        assert_eq!(state(&running, "2026-02-16 08:45"), SlaState::Soon, "15 of 60 minutes left");
        assert_eq!(state(&running, "2026-02-16 09:00"), SlaState::Soon, "at the due time");
        assert_eq!(running.state(&cal, 60, local("2026-02-16 09:00") + TimeDelta::seconds(1), 25), SlaState::Breached);
        let mut met = running.clone();
        met.stopped = Some(local("2026-02-16 08:50"));
        assert_eq!(state(&met, "2026-02-16 08:40"), SlaState::Running, "not stopped yet at that time");
        assert_eq!(state(&met, "2026-02-20 12:00"), SlaState::Met);
        met.stopped = Some(local("2026-02-16 09:30"));
        assert_eq!(state(&met, "2026-02-20 12:00"), SlaState::Breached);
        let paused = clock(started, &[(local("2026-02-16 08:50"), None)]);
        assert_eq!(state(&paused, "2026-02-16 08:49"), SlaState::Soon);
        assert_eq!(state(&paused, "2026-02-20 12:00"), SlaState::Paused);
        let late = clock(started, &[(local("2026-02-16 10:00"), None)]);
        assert_eq!(state(&late, "2026-02-20 12:00"), SlaState::Breached, "paused after the breach");
        let resumed = clock(started, &[(local("2026-02-16 08:10"), Some(local("2026-02-16 12:00")))]);
        assert_eq!(state(&resumed, "2026-02-16 11:00"), SlaState::Paused);
        assert_eq!(state(&resumed, "2026-02-16 12:30"), SlaState::Running);
        assert_eq!(resumed.due(&cal, 60), Some(local("2026-02-16 12:50")));
    }

    #[test]
    fn state_codes_round_trip() {
        for s in SlaState::ALL {
            assert_eq!(SlaState::parse_db(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        assert_eq!(SlaState::parse_db("late"), None);
    }

    #[test]
    fn default_targets() {
        let t = SlaTargets::default();
        assert_eq!(t.validate(), Ok(()));
        let first: Vec<i64> = TicketPriority::ALL.map(|p| t.first_response(p)).to_vec();
        let resolution: Vec<i64> = TicketPriority::ALL.map(|p| t.resolution(p)).to_vec();
        assert_eq!(first, [1080, 540, 240, 60]);
        assert_eq!(resolution, [5400, 2700, 1080, 540]);
    }

    #[test]
    fn target_validation_names_each_bad_field() {
        let mut t = SlaTargets::default();
        t.low.first_response = 0;
        t.normal.resolution = MAX_TARGET_MINUTES + 1;
        t.high = SlaTarget { first_response: 1081, resolution: 1080 };
        t.urgent = SlaTarget { first_response: MAX_TARGET_MINUTES, resolution: MAX_TARGET_MINUTES };
        let errors = t.validate().unwrap_err();
        let got: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            got,
            [
                ("first_low", "out_of_range"),
                ("resolution_normal", "out_of_range"),
                ("first_high", "first_after_resolution")
            ]
        );
        t = SlaTargets::default();
        t.urgent.resolution = -1;
        assert_eq!(errors_of(&t), [("resolution_urgent".to_owned(), "out_of_range".to_owned())]);
    }

    fn errors_of(t: &SlaTargets) -> Vec<(String, String)> {
        t.validate().unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    // Property tests: instants in 2025–2027, so across nights, weekends, holidays and six
    // changes of the clocks.

    /// The first instant the strategies use.
    fn base() -> DateTime<Utc> {
        utc("2025-01-01T00:00:00Z")
    }

    /// An instant on a whole minute in 2025–2027.
    fn minute() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..3 * 365 * 1440).prop_map(|m| base() + TimeDelta::minutes(m))
    }

    /// An instant in 2025–2027, to the millisecond.
    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..3 * 365 * 86_400_000).prop_map(|ms| base() + TimeDelta::milliseconds(ms))
    }

    /// Moldova's fixed holidays and up to 20 more days off.
    fn calendar() -> impl Strategy<Value = Calendar> {
        proptest::collection::vec(0u64..3 * 365, 0..=20).prop_map(|extra| {
            let extra = extra.into_iter().map(|i| date("2025-01-01") + chrono::Days::new(i));
            Calendar::new((2024..=2030).flat_map(fixed_holidays).map(|h| h.date).chain(extra))
        })
    }

    /// Sorted pauses after `started`: gaps and lengths in minutes, the last one maybe open.
    fn pauses() -> impl Strategy<Value = (Vec<(i64, i64)>, bool)> {
        (proptest::collection::vec((0i64..5000, 1i64..5000), 0..5), any::<bool>())
    }

    fn clock_of(started: DateTime<Utc>, (spans, last_open): &(Vec<(i64, i64)>, bool)) -> SlaClock {
        let mut at = started;
        let mut pauses = Vec::new();
        for (i, (gap, len)) in spans.iter().enumerate() {
            let from = at + TimeDelta::minutes(*gap);
            at = from + TimeDelta::minutes(*len);
            let open = *last_open && i + 1 == spans.len();
            pauses.push(Pause { from, to: (!open).then_some(at) });
        }
        SlaClock { started, stopped: None, pauses }
    }

    /// A minute-by-minute count of business minutes, for short spans on whole minutes.
    fn business_minutes_slowly(cal: &SlaCalendar<'_, Tz>, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let mut n = 0;
        let mut t = from;
        while t < to {
            let l = t.with_timezone(&cal.tz);
            if cal.calendar.is_working_day(l.date_naive()) && cal.hours.start <= l.time() && l.time() < cal.hours.end {
                n += 1;
            }
            t += TimeDelta::minutes(1);
        }
        n
    }

    /// `None` (never) is later than any instant.
    fn not_earlier(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> bool {
        match (a, b) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => a <= b,
        }
    }

    proptest! {
        #[test]
        fn business_time_is_additive(holidays in calendar(), a in instant(), b in instant(), c in instant()) {
            let cal = chisinau(&holidays);
            let mut v = [a, b, c];
            v.sort();
            let [a, b, c] = v;
            prop_assert_eq!(cal.business_time(a, b) + cal.business_time(b, c), cal.business_time(a, c));
        }

        #[test]
        fn business_minutes_are_additive(holidays in calendar(), a in minute(), b in minute(), c in minute()) {
            let cal = chisinau(&holidays);
            let mut v = [a, b, c];
            v.sort();
            let [a, b, c] = v;
            prop_assert_eq!(cal.business_minutes(a, b) + cal.business_minutes(b, c), cal.business_minutes(a, c));
            prop_assert_eq!(cal.business_minutes(c, a), 0);
        }

        #[test]
        fn business_minutes_count_minute_by_minute(holidays in calendar(), a in minute(), len in 0i64..4 * 1440) {
            let cal = chisinau(&holidays);
            let b = a + TimeDelta::minutes(len);
            prop_assert_eq!(cal.business_minutes(a, b), business_minutes_slowly(&cal, a, b));
        }

        #[test]
        fn counts_around_the_clock_changes(
            holidays in calendar(), change in 0usize..6, before in 0i64..4 * 1440, len in 0i64..4 * 1440, m in 0i64..2000,
        ) {
            // The last Sundays of March and October 2025–2027, at noon.
            let changes = ["2025-03-30", "2025-10-26", "2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"];
            let from = local(&format!("{} 12:00", changes[change])) - TimeDelta::minutes(before);
            let cal = chisinau(&holidays);
            let to = from + TimeDelta::minutes(len);
            prop_assert_eq!(cal.business_minutes(from, to), business_minutes_slowly(&cal, from, to));
            prop_assert_eq!(cal.business_minutes(from, cal.add_business_minutes(from, m)), m);
        }

        #[test]
        fn add_inverts_business_minutes(holidays in calendar(), from in instant(), m in 0i64..=MAX_TARGET_MINUTES) {
            let cal = chisinau(&holidays);
            let due = cal.add_business_minutes(from, m);
            prop_assert!(due >= from);
            prop_assert_eq!(cal.business_minutes(from, due), m);
            prop_assert_eq!(cal.business_time(from, due), TimeDelta::minutes(m));
            if m > 0 {
                // The earliest such instant: a second before, the target is not reached yet.
                prop_assert!(cal.business_time(from, due - TimeDelta::seconds(1)) < TimeDelta::minutes(m));
            }
        }

        #[test]
        fn add_lands_in_business_hours(holidays in calendar(), from in instant(), m in 1i64..=MAX_TARGET_MINUTES) {
            let cal = chisinau(&holidays);
            let due = cal.add_business_minutes(from, m);
            let l = due.with_timezone(&CHISINAU);
            prop_assert!(holidays.is_working_day(l.date_naive()), "{l}");
            prop_assert!(cal.hours.start < l.time() && l.time() <= cal.hours.end, "{l}");
        }

        #[test]
        fn due_is_monotonic_in_target(
            holidays in calendar(), started in instant(), p in pauses(), t1 in 0i64..20_000, t2 in 0i64..20_000,
        ) {
            let cal = chisinau(&holidays);
            let c = clock_of(started, &p);
            let (t1, t2) = (t1.min(t2), t1.max(t2));
            prop_assert!(not_earlier(c.due(&cal, t1), c.due(&cal, t2)));
        }

        #[test]
        fn the_clock_reads_its_target_at_the_due_time(
            holidays in calendar(), started in instant(), p in pauses(), target in 1i64..20_000,
        ) {
            let cal = chisinau(&holidays);
            let c = clock_of(started, &p);
            if let Some(due) = c.due(&cal, target) {
                prop_assert_eq!(c.elapsed_time(&cal, due), TimeDelta::minutes(target));
                prop_assert_ne!(c.state(&cal, target, due, 25), SlaState::Breached);
                prop_assert!(c.elapsed_time(&cal, due - TimeDelta::seconds(1)) < TimeDelta::minutes(target));
            } else {
                // Held by an open pause for good.
                let open = c.pauses.last().map(|p| p.from).unwrap();
                prop_assert!(c.pauses.last().unwrap().to.is_none());
                prop_assert!(c.elapsed_time(&cal, open + TimeDelta::days(400)) < TimeDelta::minutes(target));
            }
        }

        #[test]
        fn pausing_never_makes_a_ticket_breach_earlier(
            holidays in calendar(), started in instant(), p in pauses(), drop in any::<prop::sample::Index>(),
            target in 1i64..20_000, now in 0i64..400 * 1440,
        ) {
            let cal = chisinau(&holidays);
            let paused = clock_of(started, &p);
            let mut fewer = paused.clone();
            if !fewer.pauses.is_empty() {
                fewer.pauses.remove(drop.index(fewer.pauses.len()));
            }
            let now = started + TimeDelta::minutes(now);
            for other in [fewer, SlaClock { pauses: Vec::new(), ..paused.clone() }] {
                prop_assert!(not_earlier(other.due(&cal, target), paused.due(&cal, target)));
                prop_assert!(paused.elapsed_time(&cal, now) <= other.elapsed_time(&cal, now));
                if paused.state(&cal, target, now, 25) == SlaState::Breached {
                    prop_assert_eq!(other.state(&cal, target, now, 25), SlaState::Breached);
                }
            }
        }

        #[test]
        fn elapsed_stops_with_the_clock(
            holidays in calendar(), started in instant(), p in pauses(), stop in 0i64..20_000, later in 0i64..20_000,
        ) {
            let cal = chisinau(&holidays);
            let running = clock_of(started, &p);
            let stopped_at = started + TimeDelta::minutes(stop);
            let stopped = SlaClock { stopped: Some(stopped_at), ..running.clone() };
            let now = stopped_at + TimeDelta::minutes(later);
            prop_assert_eq!(stopped.elapsed_time(&cal, now), running.elapsed_time(&cal, stopped_at));
            prop_assert!(matches!(stopped.state(&cal, 540, now, 25), SlaState::Met | SlaState::Breached));
        }

        /// In a zone that changed its clocks on weekdays at midnight (Cairo, 2023: Friday 28 April
        /// 00:00 skipped to 01:00, Thursday 26 October 23:00–24:00 twice), with business hours
        /// 00:00–23:00 that begin in the gap and end in the repeated hour, the counts agree with a
        /// minute-by-minute count.
        #[test]
        fn weekday_clock_changes(a in 0i64..20 * 1440, len in 0i64..3 * 1440, m in 0i64..3000) {
            let holidays = Calendar::default();
            let hours = BusinessHours { start: NaiveTime::MIN, end: NaiveTime::from_hms_opt(23, 0, 0).unwrap() };
            let cal = SlaCalendar { calendar: &holidays, hours, tz: chrono_tz::Africa::Cairo };
            for around in [utc("2023-04-20T00:00:00Z"), utc("2023-10-18T00:00:00Z")] {
                let from = around + TimeDelta::minutes(a);
                let to = from + TimeDelta::minutes(len);
                prop_assert_eq!(cal.business_minutes(from, to), business_minutes_slowly(&cal, from, to));
                prop_assert_eq!(cal.business_minutes(from, cal.add_business_minutes(from, m)), m);
            }
        }
    }
}
