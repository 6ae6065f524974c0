//! The working-day calendar that deadlines are counted in: weekends, public holidays and due dates.
//!
//! Moldova's fixed-date public holidays (Labour Code art. 111) are built in. The movable ones —
//! Orthodox Easter Sunday and Monday, and Memorial Day (Paștele Blajinilor, the Monday 8 days after
//! Easter) — are entered by administrators year by year, as are one-off days off, and reach the
//! [`Calendar`] as plain dates alongside [`fixed_holidays`].
//!
//! Deadlines are dates. An alert needs an instant: [`end_of_day_utc`] gives the last second of a
//! date in the agency's zone, for an offset the server works out with `chrono-tz` (not a
//! dependency here, so that this module also compiles for the browser).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

/// A public holiday on one date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Holiday {
    /// The day off.
    pub date: NaiveDate,
    /// Its name, as it is shown to users.
    pub name: String,
}

/// A public holiday that falls on the same day of the same month every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FixedHoliday {
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month.
    pub day: u32,
    /// The name in Romanian.
    pub name_ro: &'static str,
    /// The name in English.
    pub name_en: &'static str,
}

/// Moldova's fixed-date public holidays (Labour Code art. 111), in calendar order.
pub const FIXED_HOLIDAYS: &[FixedHoliday] = &[
    FixedHoliday { month: 1, day: 1, name_ro: "Anul Nou", name_en: "New Year's Day" },
    FixedHoliday { month: 1, day: 7, name_ro: "Crăciunul pe stil vechi", name_en: "Orthodox Christmas" },
    FixedHoliday { month: 1, day: 8, name_ro: "Crăciunul pe stil vechi", name_en: "Orthodox Christmas" },
    FixedHoliday { month: 3, day: 8, name_ro: "Ziua internațională a femeii", name_en: "International Women's Day" },
    FixedHoliday {
        month: 5,
        day: 1,
        name_ro: "Ziua internațională a solidarității oamenilor muncii",
        name_en: "Labour Day",
    },
    FixedHoliday {
        month: 5, day: 9, name_ro: "Ziua Victoriei și Ziua Europei", name_en: "Victory Day and Europe Day"
    },
    FixedHoliday { month: 6, day: 1, name_ro: "Ziua ocrotirii copilului", name_en: "Children's Day" },
    FixedHoliday { month: 8, day: 27, name_ro: "Ziua Independenței", name_en: "Independence Day" },
    FixedHoliday { month: 8, day: 31, name_ro: "Limba noastră", name_en: "National Language Day" },
    FixedHoliday { month: 12, day: 25, name_ro: "Crăciunul pe stil nou", name_en: "Christmas" },
];

/// The fixed-date public holidays of `year`, sorted by date, named in Romanian.
pub fn fixed_holidays(year: i32) -> Vec<Holiday> {
    FIXED_HOLIDAYS
        .iter()
        .filter_map(|h| {
            NaiveDate::from_ymd_opt(year, h.month, h.day).map(|date| Holiday { date, name: h.name_ro.to_owned() })
        })
        .collect()
}

/// How a deadline's number of days is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// Only working days count (see [`Calendar::add_working_days`]).
    Working,
    /// Every day counts, but the deadline moves off a non-working day (see
    /// [`Calendar::add_calendar_days`]).
    Calendar,
}

impl DayCount {
    /// The stable code, as stored and posted: `working` or `calendar`.
    pub fn as_str(self) -> &'static str {
        match self {
            DayCount::Working => "working",
            DayCount::Calendar => "calendar",
        }
    }

    /// The count of a code, `None` for anything else.
    pub fn parse(code: &str) -> Option<DayCount> {
        [DayCount::Working, DayCount::Calendar].into_iter().find(|c| c.as_str() == code)
    }
}

/// The days on which the agency works: Monday to Friday, except public holidays.
///
/// Dates beyond what `chrono` can represent (year 262 142) saturate at [`NaiveDate::MAX`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar with these holidays (duplicates and holidays on a weekend are harmless).
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        Calendar { holidays: holidays.into_iter().collect() }
    }

    /// Whether `d` is a Saturday or a Sunday.
    pub fn is_weekend(&self, d: NaiveDate) -> bool {
        matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Whether `d` is one of this calendar's holidays.
    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    /// Whether `d` is a working day: neither a weekend day nor a holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !self.is_weekend(d) && !self.is_holiday(d)
    }

    /// The `n`-th working day after `from` (`from` itself does not count). With `n = 0`: `from`
    /// if it is a working day, else the next working day.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 && self.is_working_day(from) {
            return from;
        }
        // Count weekdays arithmetically, then add one weekday for each holiday passed on the way.
        // Every round but the last passes at least one more holiday, so the holidays bound it.
        let mut day = weekday_index(from);
        let mut missing = i64::from(n.max(1));
        for _ in 0..=self.holidays.len() {
            let next = nth_weekday_after(day, missing);
            missing = self.weekday_holidays(from_index(day), from_index(next)) as i64;
            day = next;
            if missing == 0 {
                break;
            }
        }
        from_index(day)
    }

    /// `from` plus `n` calendar days, moved to the next working day if it is not one: a deadline
    /// is never on a weekend or a holiday.
    pub fn add_calendar_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let plain = from.checked_add_days(Days::new(u64::from(n))).unwrap_or(NaiveDate::MAX);
        self.add_working_days(plain, 0)
    }

    /// The number of working days `d` with `a < d <= b`; when `b < a`, minus the number with
    /// `b < d <= a`. So `working_days_between(from, add_working_days(from, n)) == n` for a
    /// working day `from`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        let weekdays = weekdays_before(weekday_index(b) + 1) - weekdays_before(weekday_index(a) + 1);
        weekdays - self.weekday_holidays(a, b) as i64
    }

    /// The due date `n` days after `from`, counted as `count` says.
    pub fn due(&self, from: NaiveDate, n: u32, count: DayCount) -> NaiveDate {
        match count {
            DayCount::Working => self.add_working_days(from, n),
            DayCount::Calendar => self.add_calendar_days(from, n),
        }
    }

    /// The number of holidays `d` with `a < d <= b` that fall on a weekday (`a <= b`).
    fn weekday_holidays(&self, a: NaiveDate, b: NaiveDate) -> usize {
        self.holidays.range((Excluded(a), Included(b))).filter(|d| !self.is_weekend(**d)).count()
    }
}

// Days are numbered from Monday 1 January of year 1 (day 0), so that `index % 7` is the weekday.
fn weekday_index(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 1
}

fn from_index(i: i64) -> NaiveDate {
    i32::try_from(i + 1).ok().and_then(NaiveDate::from_num_days_from_ce_opt).unwrap_or(NaiveDate::MAX)
}

/// The number of weekdays (Monday–Friday) among days `0..i`.
fn weekdays_before(i: i64) -> i64 {
    5 * i.div_euclid(7) + i.rem_euclid(7).min(5)
}

/// The day index of the `k`-th weekday after day `i` (`k >= 1`).
fn nth_weekday_after(i: i64, k: i64) -> i64 {
    // Weekdays are ranked 0, 1, 2, … in order; the first one after day `i` has rank
    // `weekdays_before(i + 1)`.
    let rank = weekdays_before(i + 1) + k - 1;
    7 * rank.div_euclid(5) + rank.rem_euclid(5)
}

/// The last second (23:59:59) of `date` in a zone `utc_offset_minutes` ahead of UTC, as an instant.
///
/// The offset must be the one in force on that date: Europe/Chisinau is +120 in winter and +180 in
/// summer time, so one fixed offset for the whole year is an hour wrong for half of it. Results
/// beyond what `chrono` can represent saturate at its first or last instant.
pub fn end_of_day_utc(date: NaiveDate, utc_offset_minutes: i32) -> DateTime<Utc> {
    let last_second = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    let local = date.and_time(last_second);
    match local.checked_sub_signed(TimeDelta::minutes(i64::from(utc_offset_minutes))) {
        Some(utc) => utc.and_utc(),
        None if utc_offset_minutes > 0 => DateTime::<Utc>::MIN_UTC,
        None => DateTime::<Utc>::MAX_UTC,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The fixed holidays of 2019–2038, which covers every date the property tests reach.
    fn moldova() -> Vec<NaiveDate> {
        (2019..=2038).flat_map(fixed_holidays).map(|h| h.date).collect()
    }

    /// A day-by-day reference for `add_working_days`.
    fn add_working_days_slowly(cal: &Calendar, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        if n == 0 {
            while !cal.is_working_day(d) {
                d = d.succ_opt().unwrap();
            }
        }
        for _ in 0..n {
            d = d.succ_opt().unwrap();
            while !cal.is_working_day(d) {
                d = d.succ_opt().unwrap();
            }
        }
        d
    }

    #[test]
    fn day_index_agrees_with_the_weekday() {
        for s in ["0001-01-01", "1969-12-31", "2026-02-15", "2026-12-31", "2400-03-01"] {
            let d = date(s);
            assert_eq!(weekday_index(d).rem_euclid(7), i64::from(d.weekday().num_days_from_monday()), "{s}");
            assert_eq!(from_index(weekday_index(d)), d);
        }
    }

    #[test]
    fn working_days_table() {
        let cal = Calendar::new(moldova());
        // (from, n, expected); weekdays checked with chrono before writing them down.
        let cases = [
            ("2026-12-24", 1, "2026-12-28"), // Thu; Fri 25 Dec is Christmas, then the weekend
            ("2026-12-31", 1, "2027-01-04"), // Thu; Fri 1 Jan 2027 is New Year
            ("2027-01-06", 1, "2027-01-11"), // Wed; Thu 7 and Fri 8 Jan are Orthodox Christmas
            ("2026-01-06", 2, "2026-01-12"), // Tue; Wed 7, Thu 8 off, Fri 9, Mon 12
            ("2026-04-30", 1, "2026-05-04"), // Thu; Fri 1 May is Labour Day
            ("2026-05-08", 1, "2026-05-11"), // Fri; Sat 9 May is a holiday on a weekend anyway
            ("2026-02-13", 5, "2026-02-20"), // Fri; a plain week
            ("2026-02-14", 0, "2026-02-16"), // Sat with n = 0 → Monday
            ("2026-02-16", 0, "2026-02-16"), // Mon with n = 0 → itself
            ("2026-12-25", 0, "2026-12-28"), // a holiday with n = 0 → the next working day
        ];
        for (from, n, want) in cases {
            assert_eq!(cal.add_working_days(date(from), n), date(want), "{from} + {n}");
            assert_eq!(cal.due(date(from), n, DayCount::Working), date(want), "{from} + {n}");
        }
    }

    #[test]
    fn calendar_days_table() {
        let cal = Calendar::new(moldova());
        let cases = [
            ("2026-02-05", 10, "2026-02-16"), // Thu + 10 = Sun 15 Feb → Mon
            ("2026-02-05", 8, "2026-02-13"),  // Thu + 8 = Fri, a working day
            ("2026-12-15", 10, "2026-12-28"), // Tue + 10 = Fri 25 Dec, Christmas → Mon
            ("2026-12-02", 30, "2027-01-04"), // Wed + 30 = Fri 1 Jan 2027 → Mon
            ("2026-02-15", 0, "2026-02-16"),  // Sun + 0 → Mon
        ];
        for (from, n, want) in cases {
            assert_eq!(cal.add_calendar_days(date(from), n), date(want), "{from} + {n}");
            assert_eq!(cal.due(date(from), n, DayCount::Calendar), date(want), "{from} + {n}");
        }
    }

    #[test]
    fn working_days_between_table() {
        let cal = Calendar::new(moldova());
        let cases = [
            ("2026-12-24", "2026-12-28", 1),
            ("2026-12-28", "2026-12-24", -1),
            ("2026-02-16", "2026-02-16", 0),
            ("2026-02-14", "2026-02-15", 0), // Sat → Sun
            ("2026-02-13", "2026-02-20", 5),
            ("2026-02-20", "2026-02-13", -5),
            ("2026-12-31", "2027-01-11", 4), // 4, 5, 6 and 11 Jan; 1, 7, 8 Jan are holidays
            ("2026-01-01", "2026-12-31", 261 - 8), // 2026 has 261 weekdays, 8 holidays on them
        ];
        for (a, b, want) in cases {
            assert_eq!(cal.working_days_between(date(a), date(b)), want, "{a} → {b}");
        }
    }

    #[test]
    fn fixed_holidays_of_a_year() {
        let hs = fixed_holidays(2027);
        assert_eq!(hs.len(), 10);
        assert!(hs.iter().all(|h| h.date.year() == 2027));
        assert!(hs.windows(2).all(|w| w[0].date < w[1].date));
        assert_eq!(hs[0], Holiday { date: date("2027-01-01"), name: "Anul Nou".to_owned() });
        assert_eq!(hs[9].date, date("2027-12-25"));
    }

    #[test]
    fn day_count_serde_is_snake_case() {
        assert_eq!(serde_json::to_string(&DayCount::Working).unwrap(), "\"working\"");
        assert_eq!(serde_json::from_str::<DayCount>("\"calendar\"").unwrap(), DayCount::Calendar);
    }

    #[test]
    fn end_of_day_in_summer_and_winter() {
        let summer = end_of_day_utc(date("2026-07-01"), 180);
        assert_eq!(summer.to_rfc3339(), "2026-07-01T20:59:59+00:00");
        let winter = end_of_day_utc(date("2026-01-15"), 120);
        assert_eq!(winter.to_rfc3339(), "2026-01-15T21:59:59+00:00");
        assert_eq!(end_of_day_utc(date("2026-01-15"), -300).to_rfc3339(), "2026-01-16T04:59:59+00:00");
        assert_eq!(end_of_day_utc(NaiveDate::MAX, -60), DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn huge_counts_saturate_instead_of_looping() {
        let cal = Calendar::new(moldova());
        assert_eq!(cal.add_working_days(date("2026-02-16"), u32::MAX), NaiveDate::MAX);
        assert_eq!(cal.add_calendar_days(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    /// A date in 2020–2035.
    fn from_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..5844).prop_map(|i| date("2020-01-01") + Days::new(i))
    }

    /// Fixed holidays plus up to 30 extra ones in 2020–2037.
    fn calendar() -> impl Strategy<Value = Calendar> {
        proptest::collection::vec(0u64..6575, 0..=30).prop_map(|extra| {
            let extra = extra.into_iter().map(|i| date("2020-01-01") + Days::new(i));
            Calendar::new(moldova().into_iter().chain(extra))
        })
    }

    proptest! {
        #[test]
        fn working_due_date_is_a_working_day(cal in calendar(), from in from_date(), n in 0u32..400) {
            let due = cal.add_working_days(from, n);
            prop_assert!(!cal.is_weekend(due) && !cal.is_holiday(due), "{from} + {n} = {due}");
            prop_assert_eq!(due, add_working_days_slowly(&cal, from, n));
        }

        #[test]
        fn due_dates_are_monotonic(cal in calendar(), from in from_date(), n in 0u32..400, m in 0u32..400) {
            let (n, m) = (n.min(m), n.max(m));
            for count in [DayCount::Working, DayCount::Calendar] {
                prop_assert!(cal.due(from, n, count) <= cal.due(from, m, count), "{count:?} {n} {m}");
            }
        }

        #[test]
        fn working_days_between_inverts_add(cal in calendar(), from in from_date(), n in 0u32..400) {
            let due = cal.add_working_days(from, n);
            if cal.is_working_day(from) {
                prop_assert_eq!(cal.working_days_between(from, due), i64::from(n));
                prop_assert_eq!(cal.working_days_between(due, from), -i64::from(n));
            }
        }

        #[test]
        fn calendar_due_date_is_a_working_day_not_early(cal in calendar(), from in from_date(), n in 0u32..400) {
            let due = cal.add_calendar_days(from, n);
            prop_assert!(cal.is_working_day(due), "{from} + {n} = {due}");
            prop_assert!(due >= from + Days::new(u64::from(n)));
        }

        #[test]
        fn working_days_between_counts_day_by_day(cal in calendar(), a in from_date(), len in 0u64..60) {
            let b = a + Days::new(len);
            let slow = a.iter_days().skip(1).take_while(|d| *d <= b).filter(|d| cal.is_working_day(*d)).count();
            prop_assert_eq!(cal.working_days_between(a, b), slow as i64);
        }
    }
}
