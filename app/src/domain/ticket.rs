//! Support tickets: their status, priority and channel, the ticket number, the workflow every
//! ticket follows as a pure state machine, and the rules for what a reporter or an agent writes.
//!
//! new → open (an agent took it or replied) ⇄ waiting on the reporter → resolved → closed, and a
//! resolved ticket can be reopened for a few days. The store applies [`ticket_transition`] and
//! records the result; an illegal step is refused with a code. The SLA clocks that run meanwhile
//! are in [`super::sla`].

use super::error::{FieldError, FieldErrors};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a ticket stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Just written; nobody from support has taken it yet.
    New,
    /// Support works on it.
    Open,
    /// Support asked the reporter for information and waits for the answer. Serialised as its
    /// code, `waiting`, like every other status.
    #[serde(rename = "waiting")]
    WaitingOnReporter,
    /// Support considers it solved; the reporter may still reopen it for a while.
    Resolved,
    /// Done for good.
    Closed,
    /// The reporter reopened it after it was resolved.
    Reopened,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 6] = [
        TicketStatus::New,
        TicketStatus::Open,
        TicketStatus::WaitingOnReporter,
        TicketStatus::Resolved,
        TicketStatus::Closed,
        TicketStatus::Reopened,
    ];

    /// The stable code, as stored: `new`, `open`, `waiting`, `resolved`, `closed`, `reopened`.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Open => "open",
            TicketStatus::WaitingOnReporter => "waiting",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
            TicketStatus::Reopened => "reopened",
        }
    }

    /// The status of a stored code, `None` for anything else.
    pub fn parse_db(s: &str) -> Option<TicketStatus> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether the ticket still needs work from someone: new, open, reopened or waiting on the
    /// reporter.
    pub fn is_open_work(self) -> bool {
        matches!(
            self,
            TicketStatus::New | TicketStatus::Open | TicketStatus::Reopened | TicketStatus::WaitingOnReporter
        )
    }

    /// Whether the SLA clocks stand still in this status: waiting on the reporter, resolved or
    /// closed.
    pub fn is_paused(self) -> bool {
        matches!(self, TicketStatus::WaitingOnReporter | TicketStatus::Resolved | TicketStatus::Closed)
    }
}

/// How urgent a ticket is. The SLA targets depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketPriority {
    Low,
    Normal,
    High,
    Urgent,
}

impl TicketPriority {
    /// From the least to the most urgent.
    pub const ALL: [TicketPriority; 4] =
        [TicketPriority::Low, TicketPriority::Normal, TicketPriority::High, TicketPriority::Urgent];

    /// The stable code, as stored and posted: `low`, `normal`, `high`, `urgent`.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketPriority::Low => "low",
            TicketPriority::Normal => "normal",
            TicketPriority::High => "high",
            TicketPriority::Urgent => "urgent",
        }
    }

    /// The priority of a stored code, `None` for anything else.
    pub fn parse_db(s: &str) -> Option<TicketPriority> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// How the new tickets of a category get their assignee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assignment {
    /// An agent takes or is given each ticket from the queue.
    Manual,
    /// Each new ticket goes to the next of the chosen agents, in turn.
    RoundRobin,
}

impl Assignment {
    pub const ALL: [Assignment; 2] = [Assignment::Manual, Assignment::RoundRobin];

    /// The stable code, as stored and posted: `manual`, `round_robin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Assignment::Manual => "manual",
            Assignment::RoundRobin => "round_robin",
        }
    }

    pub fn parse_db(s: &str) -> Option<Assignment> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Whose turn it is, the `turn`-th time round robin gives out a ticket: the chosen agents
/// (`chosen`; empty for every agent) that are still `active`, taken in order of id, one after the
/// other. `None` when none of them is active.
pub fn in_turn(turn: i64, chosen: &[i64], active: &[i64]) -> Option<i64> {
    let mut pool: Vec<i64> = if chosen.is_empty() {
        active.to_vec()
    } else {
        chosen.iter().copied().filter(|a| active.contains(a)).collect()
    };
    pool.sort_unstable();
    pool.dedup();
    let n = i64::try_from(pool.len()).ok().filter(|n| *n > 0)?;
    pool.get(usize::try_from(turn.rem_euclid(n)).ok()?).copied()
}

/// The most words of a new ticket's subject the knowledge base is searched for.
pub const ANSWER_TERMS: usize = 8;

/// The words of a new ticket's subject that the knowledge base's answers are searched for: folded
/// (see [`super::names::fold`]), at least four letters (short words say little: "nu", "pot",
/// "din"), each cut to its first six letters so that forms of a word meet ("evaluarea",
/// "evaluare", "evaluări" all begin "evalua"), no number, each once, at most [`ANSWER_TERMS`].
pub fn answer_terms(subject: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for w in super::names::fold(subject).split(' ') {
        if w.len() < 4 || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let t: String = w.chars().take(6).collect();
        if !terms.contains(&t) {
            terms.push(t);
        }
        if terms.len() == ANSWER_TERMS {
            break;
        }
    }
    terms
}

/// How a ticket reached support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketChannel {
    /// Written by a user in the application.
    InApp,
    /// Taken down by an agent from a phone call.
    CallCenter,
    Email,
}

impl TicketChannel {
    pub const ALL: [TicketChannel; 3] = [TicketChannel::InApp, TicketChannel::CallCenter, TicketChannel::Email];

    /// The stable code, as stored and posted: `in_app`, `call_center`, `email`.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketChannel::InApp => "in_app",
            TicketChannel::CallCenter => "call_center",
            TicketChannel::Email => "email",
        }
    }

    /// The channel of a stored code, `None` for anything else.
    pub fn parse_db(s: &str) -> Option<TicketChannel> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Something done on a ticket that may change its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketAction {
    /// Support answers the reporter publicly.
    AgentReply,
    /// Support answers publicly and asks the reporter for information: the clocks pause.
    AskReporter,
    /// The reporter writes.
    ReporterReply,
    /// Support writes an internal note, which the reporter does not see.
    Note,
    /// Support gives the ticket to an agent.
    Assign,
    /// Support marks the ticket solved.
    Resolve,
    /// The reporter reopens a resolved ticket, at `now`; allowed up to `window_days` calendar
    /// days (of 24 hours) after `resolved_at`.
    Reopen { resolved_at: DateTime<Utc>, now: DateTime<Utc>, window_days: u32 },
    /// Support closes a resolved ticket for good.
    Close,
}

/// Why [`ticket_transition`] refused a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionRefused {
    code: &'static str,
}

impl TransitionRefused {
    const fn new(code: &'static str) -> Self {
        TransitionRefused { code }
    }

    /// `ticket_closed`: nothing can be done on a closed ticket;
    /// `ticket_resolved`: the ticket is resolved, so it must be reopened before anyone writes
    /// on it again (or it is resolved already);
    /// `not_resolved`: only a resolved ticket can be closed or reopened;
    /// `reopen_expired`: the ticket was resolved too long ago to be reopened.
    pub fn code(self) -> &'static str {
        self.code
    }
}

impl fmt::Display for TransitionRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ticket transition refused: {}", self.code)
    }
}

impl std::error::Error for TransitionRefused {}

/// The status a ticket moves to when `action` is taken in `status`, or why it cannot be taken.
pub fn ticket_transition(status: TicketStatus, action: TicketAction) -> Result<TicketStatus, TransitionRefused> {
    use TicketAction as A;
    use TicketStatus as S;
    match (status, action) {
        (S::Closed, _) => Err(TransitionRefused::new("ticket_closed")),
        (S::Resolved, A::AgentReply | A::AskReporter | A::ReporterReply | A::Resolve) => {
            Err(TransitionRefused::new("ticket_resolved"))
        }
        (_, A::AgentReply) => Ok(S::Open),
        (_, A::AskReporter) => Ok(S::WaitingOnReporter),
        (S::WaitingOnReporter, A::ReporterReply) => Ok(S::Open),
        (s, A::ReporterReply | A::Note) => Ok(s),
        (S::New, A::Assign) => Ok(S::Open),
        (s, A::Assign) => Ok(s),
        (_, A::Resolve) => Ok(S::Resolved),
        (S::Resolved, A::Reopen { resolved_at, now, window_days }) => {
            if now - resolved_at <= TimeDelta::days(i64::from(window_days)) {
                Ok(S::Reopened)
            } else {
                Err(TransitionRefused::new("reopen_expired"))
            }
        }
        (S::Resolved, A::Close) => Ok(S::Closed),
        (_, A::Reopen { .. } | A::Close) => Err(TransitionRefused::new("not_resolved")),
    }
}

/// A ticket's human-facing number: `T-{year}-{sequence}`, the sequence zero-padded to six digits
/// (more past 999 999), e.g. `T-2026-000042`. Generated, unique and never reused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketNumber(String);

impl TicketNumber {
    /// The number of the `seq`-th ticket of `year`. Expects a four-digit year and a non-negative
    /// sequence: anything else would not parse.
    pub fn new(year: i32, seq: i64) -> Self {
        debug_assert!((1000..=9999).contains(&year) && seq >= 0, "ticket number parts out of range");
        TicketNumber(format!("T-{year}-{seq:06}"))
    }

    /// A ticket number as [`TicketNumber::new`] writes it, around spaces, with `t-` in either case;
    /// `None` for anything else (a search box tells numbers from words with it).
    pub fn parse(raw: &str) -> Option<TicketNumber> {
        let v = raw.trim();
        let rest = v.strip_prefix("T-").or_else(|| v.strip_prefix("t-"))?;
        let (year, seq) = rest.split_once('-')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let ok = digits(year)
            && year.len() == 4
            && !year.starts_with('0')
            && digits(seq)
            && (seq.len() == 6 || (seq.len() > 6 && !seq.starts_with('0')))
            && seq.parse::<i64>().is_ok();
        ok.then(|| TicketNumber(format!("T-{year}-{seq}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TicketNumber {
    type Error = FieldError;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        TicketNumber::parse(&v).ok_or_else(|| FieldError::new("number", "invalid"))
    }
}

impl From<TicketNumber> for String {
    fn from(v: TicketNumber) -> String {
        v.0
    }
}

/// The shortest subject, in characters.
pub const SUBJECT_MIN: usize = 3;
/// The longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// The longest message (a ticket's first one or any later one), in characters.
pub const BODY_MAX: usize = 10_000;

/// Checks a new ticket's subject (field `subject`: `required`, `too_short` under
/// [`SUBJECT_MIN`], `too_long` over [`SUBJECT_MAX`], `invalid_chars` for any control character)
/// and its first message (field `body`, see [`validate_message`]); returns both trimmed.
pub fn validate_new_ticket(subject: &str, body: &str) -> Result<(String, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let subject = errors.check(parse_subject(subject));
    let body = errors.check(parse_body(body));
    match (subject, body) {
        (Some(subject), Some(body)) => Ok((subject, body)),
        _ => Err(errors),
    }
}

/// Checks a message on a ticket (field `body`: `required`, `too_long` over [`BODY_MAX`],
/// `invalid_chars` for control characters other than line breaks and tabs); returns it trimmed.
pub fn validate_message(body: &str) -> Result<String, FieldErrors> {
    parse_body(body).map_err(|e| FieldErrors(vec![e]))
}

/// The most files one message carries.
pub const FILES_MAX: usize = 5;

/// The files a message names (field `files`), as the ids of files sent before it: each once, in
/// the order named; blanks are skipped. `unknown_file` for one that is not an id,
/// `too_many_files` over [`FILES_MAX`].
pub fn parse_file_ids(raw: &[String]) -> Result<Vec<i64>, FieldError> {
    let mut ids = Vec::new();
    for r in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        let id = r.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| FieldError::new("files", "unknown_file"))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > FILES_MAX {
        return Err(FieldError::new("files", "too_many_files"));
    }
    Ok(ids)
}

fn parse_subject(raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    let len = v.chars().count();
    let code = if v.is_empty() {
        "required"
    } else if len < SUBJECT_MIN {
        "too_short"
    } else if len > SUBJECT_MAX {
        "too_long"
    } else if v.chars().any(char::is_control) {
        "invalid_chars"
    } else {
        return Ok(v.to_owned());
    };
    Err(FieldError::new("subject", code))
}

fn parse_body(raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    let code = if v.is_empty() {
        "required"
    } else if v.chars().count() > BODY_MAX {
        "too_long"
    } else if v.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        "invalid_chars"
    } else {
        return Ok(v.to_owned());
    };
    Err(FieldError::new("body", code))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_names_each_file_once_and_a_few_at_most() {
        let ids = |v: &[&str]| parse_file_ids(&v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(ids(&[]), Ok(vec![]));
        assert_eq!(ids(&["12", " 7 ", "", "12"]), Ok(vec![12, 7]));
        assert_eq!(ids(&["12", "x"]).map_err(|e| e.code), Err("unknown_file".to_owned()));
        assert_eq!(ids(&["-3"]).map_err(|e| e.code), Err("unknown_file".to_owned()));
        let six: Vec<String> = (1..=6).map(|i| i.to_string()).collect();
        assert_eq!(parse_file_ids(&six).map_err(|e| e.code), Err("too_many_files".to_owned()));
        assert_eq!(parse_file_ids(&six[..5]).map(|v| v.len()), Ok(5));
    }

    #[test]
    fn the_words_a_subject_is_matched_by() {
        use super::answer_terms;
        assert_eq!(answer_terms("Nu pot salva evaluarea din 2026!"), ["salva", "evalua"]);
        assert_eq!(answer_terms("Evaluări, EVALUARE și parolă"), ["evalua", "parola"]);
        assert!(answer_terms("nu, da, 12345").is_empty());
        assert_eq!(answer_terms(&"cuvant ".repeat(3)), ["cuvant"]);
        let many: String = (0..20).map(|i| format!("{} ", char::from(b'a' + i).to_string().repeat(4))).collect();
        assert_eq!(answer_terms(&many).len(), super::ANSWER_TERMS);
    }

    #[test]
    fn round_robin_takes_the_active_chosen_agents_in_turn() {
        use super::in_turn;
        let active = [7, 3, 5, 9];
        let turns: Vec<Option<i64>> = (0..5).map(|t| in_turn(t, &[9, 3, 5], &active)).collect();
        assert_eq!(turns, [Some(3), Some(5), Some(9), Some(3), Some(5)]);
        // An agent no longer active drops out of the turn; nobody chosen means everybody.
        assert_eq!((0..3).map(|t| in_turn(t, &[9, 3, 4], &active)).collect::<Vec<_>>(), [Some(3), Some(9), Some(3)]);
        assert_eq!((0..4).map(|t| in_turn(t, &[], &active)).collect::<Vec<_>>(), [Some(3), Some(5), Some(7), Some(9)]);
        assert_eq!(in_turn(0, &[4], &active), None);
        assert_eq!(in_turn(0, &[], &[]), None);
        assert_eq!(in_turn(-1, &[], &[1, 2]), Some(2), "never out of range");
    }

    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use TicketAction as A;
    use TicketStatus as S;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, 0, 0).unwrap()
    }

    /// One of each action; the reopening is well inside its window.
    fn actions() -> [TicketAction; 8] {
        let reopen = A::Reopen { resolved_at: at(9), now: at(15), window_days: 7 };
        [A::AgentReply, A::AskReporter, A::ReporterReply, A::Note, A::Assign, A::Resolve, reopen, A::Close]
    }

    /// The expected result of every status × action pair, in [`actions`] order: the status it
    /// moves to, or the refusal code.
    fn expected(status: TicketStatus) -> [Result<TicketStatus, &'static str>; 8] {
        const W: TicketStatus = S::WaitingOnReporter;
        const CLOSED: Result<TicketStatus, &str> = Err("ticket_closed");
        const RESOLVED: Result<TicketStatus, &str> = Err("ticket_resolved");
        const NOT: Result<TicketStatus, &str> = Err("not_resolved");
        match status {
            // reply, ask, reporter reply, note, assign, resolve, reopen, close
            S::New => [Ok(S::Open), Ok(W), Ok(S::New), Ok(S::New), Ok(S::Open), Ok(S::Resolved), NOT, NOT],
            S::Open => [Ok(S::Open), Ok(W), Ok(S::Open), Ok(S::Open), Ok(S::Open), Ok(S::Resolved), NOT, NOT],
            S::WaitingOnReporter => [Ok(S::Open), Ok(W), Ok(S::Open), Ok(W), Ok(W), Ok(S::Resolved), NOT, NOT],
            S::Resolved => [
                RESOLVED,
                RESOLVED,
                RESOLVED,
                Ok(S::Resolved),
                Ok(S::Resolved),
                RESOLVED,
                Ok(S::Reopened),
                Ok(S::Closed),
            ],
            S::Closed => [CLOSED; 8],
            S::Reopened => {
                let r = Ok(S::Reopened);
                [Ok(S::Open), Ok(W), r, r, r, Ok(S::Resolved), NOT, NOT]
            }
        }
    }

    #[test]
    fn every_status_action_pair() {
        let mut checked = 0;
        for status in S::ALL {
            for (action, want) in actions().into_iter().zip(expected(status)) {
                let got = ticket_transition(status, action).map_err(TransitionRefused::code);
                assert_eq!(got, want, "{status:?} --{action:?}-->");
                checked += 1;
            }
        }
        assert_eq!(checked, 48);
    }

    #[test]
    fn reopen_window() {
        let resolved_at = at(10);
        let reopen = |now: DateTime<Utc>, window_days| {
            ticket_transition(S::Resolved, A::Reopen { resolved_at, now, window_days }).map_err(TransitionRefused::code)
        };
        let week = TimeDelta::days(7);
        assert_eq!(reopen(resolved_at, 0), Ok(S::Reopened), "at once, even with no window");
        assert_eq!(reopen(resolved_at + TimeDelta::seconds(1), 0), Err("reopen_expired"));
        assert_eq!(reopen(resolved_at + week, 7), Ok(S::Reopened), "the window's last instant");
        assert_eq!(reopen(resolved_at + week + TimeDelta::seconds(1), 7), Err("reopen_expired"));
        assert_eq!(reopen(resolved_at - TimeDelta::hours(1), 7), Ok(S::Reopened), "a clock a little behind");
        assert_eq!(reopen(resolved_at + TimeDelta::days(400), u32::MAX), Ok(S::Reopened));
        // The window is only checked on a resolved ticket.
        let late = A::Reopen { resolved_at, now: resolved_at + TimeDelta::days(30), window_days: 7 };
        assert_eq!(ticket_transition(S::Closed, late), Err(TransitionRefused::new("ticket_closed")));
        assert_eq!(ticket_transition(S::Open, late), Err(TransitionRefused::new("not_resolved")));
    }

    #[test]
    fn open_work_and_paused_statuses() {
        let open: Vec<_> = S::ALL.into_iter().filter(|s| s.is_open_work()).collect();
        assert_eq!(open, [S::New, S::Open, S::WaitingOnReporter, S::Reopened]);
        let paused: Vec<_> = S::ALL.into_iter().filter(|s| s.is_paused()).collect();
        assert_eq!(paused, [S::WaitingOnReporter, S::Resolved, S::Closed]);
        // Every action a reporter or an agent can still take on open work is accepted.
        for s in open {
            assert_eq!(ticket_transition(s, A::Note), Ok(s));
            assert!(ticket_transition(s, A::Resolve).is_ok());
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse_db(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        assert_eq!(S::parse_db("Open"), None);
        assert_eq!(S::parse_db("waiting_on_reporter"), None);
        for p in TicketPriority::ALL {
            assert_eq!(TicketPriority::parse_db(p.as_str()), Some(p));
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.as_str()));
        }
        assert!(TicketPriority::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(TicketPriority::parse_db("critical"), None);
        for c in TicketChannel::ALL {
            assert_eq!(TicketChannel::parse_db(c.as_str()), Some(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
        }
        assert_eq!(TicketChannel::parse_db("phone"), None);
    }

    #[test]
    fn ticket_numbers() {
        let n = TicketNumber::new(2026, 42);
        assert_eq!(n.as_str(), "T-2026-000042");
        assert_eq!(n.to_string(), "T-2026-000042");
        assert_eq!(TicketNumber::new(2027, 1_234_567).as_str(), "T-2027-1234567");
        for raw in ["T-2026-000042", "t-2026-000042", "  T-2026-000042\n"] {
            assert_eq!(TicketNumber::parse(raw), Some(n.clone()), "{raw:?}");
        }
        assert_eq!(TicketNumber::parse("T-2027-1234567"), Some(TicketNumber::new(2027, 1_234_567)));
        for raw in [
            "",
            "T-2026-42",
            "T-2026-0000042",
            "T-26-000042",
            "T-0226-000042",
            "T-2026-00004a",
            "T2026-000042",
            "X-2026-000042",
            "T-2026-000042-1",
            "T-2026--00042",
            "T-2026-+00042",
            "T-2026-99999999999999999999",
            "dosar 12",
        ] {
            assert_eq!(TicketNumber::parse(raw), None, "{raw:?}");
        }
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"T-2026-000042\"");
        assert_eq!(serde_json::from_str::<TicketNumber>("\"t-2026-000042\"").unwrap(), n);
        assert!(serde_json::from_str::<TicketNumber>("\"T-2026-42\"").is_err());
    }

    #[test]
    fn new_ticket_validation() {
        assert_eq!(
            validate_new_ticket("  Nu pot salva planul ", "\n Apare o eroare.\n"),
            Ok(("Nu pot salva planul".to_owned(), "Apare o eroare.".to_owned()))
        );
        assert_eq!(validate_new_ticket("abc", "x"), Ok(("abc".to_owned(), "x".to_owned())));
        assert!(validate_new_ticket(&"ș".repeat(200), &"ă".repeat(10_000)).is_ok(), "limits count characters");
        // (subject, body, the errors as (field, code))
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: [Case; 9] = [
            ("", "", &[("subject", "required"), ("body", "required")]),
            (" \t", "text", &[("subject", "required")]),
            ("ab", "text", &[("subject", "too_short")]),
            ("  ab  ", "text", &[("subject", "too_short")]),
            (&"a".repeat(201), "text", &[("subject", "too_long")]),
            ("two\nlines", "text", &[("subject", "invalid_chars")]),
            ("Subject", &"b".repeat(10_001), &[("body", "too_long")]),
            ("Subject", "a\u{0}b", &[("body", "invalid_chars")]),
            ("ab", " ", &[("subject", "too_short"), ("body", "required")]),
        ];
        for (subject, body, want) in cases {
            let got = validate_new_ticket(subject, body).unwrap_err();
            let want: Vec<FieldError> = want.iter().map(|(f, c)| FieldError::new(*f, *c)).collect();
            assert_eq!(got.0, want, "{subject:?} / {body:?}");
        }
    }

    #[test]
    fn message_validation() {
        assert_eq!(validate_message("  Mulțumesc!\r\n\tAm reușit. "), Ok("Mulțumesc!\r\n\tAm reușit.".to_owned()));
        assert_eq!(validate_message(&"z".repeat(10_000)).map(|b| b.len()), Ok(10_000));
        let err = |raw: &str| validate_message(raw).unwrap_err().0;
        assert_eq!(err(""), [FieldError::new("body", "required")]);
        assert_eq!(err(" \n "), [FieldError::new("body", "required")]);
        assert_eq!(err(&"z".repeat(10_001)), [FieldError::new("body", "too_long")]);
        assert_eq!(err("bell\u{7}"), [FieldError::new("body", "invalid_chars")]);
    }

    proptest! {
        #[test]
        fn numbers_round_trip(year in 1000i32..=9999, seq in 0i64..=i64::MAX) {
            let n = TicketNumber::new(year, seq);
            prop_assert_eq!(TicketNumber::parse(n.as_str()), Some(n.clone()));
            prop_assert_eq!(TicketNumber::parse(&n.as_str().to_lowercase()), Some(n));
        }

        #[test]
        fn parse_never_panics_and_only_accepts_its_own_output(raw in "\\PC{0,20}") {
            if let Some(n) = TicketNumber::parse(&raw) {
                prop_assert_eq!(TicketNumber::parse(n.as_str()), Some(n.clone()));
                prop_assert!(n.as_str().starts_with("T-"));
            }
        }

        #[test]
        fn validated_text_is_trimmed_and_revalidates(subject in "\\PC{0,210}", body in "[\\PC\n]{0,40}") {
            if let Ok((s, b)) = validate_new_ticket(&subject, &body) {
                prop_assert_eq!(s.trim(), s.as_str());
                prop_assert_eq!(validate_new_ticket(&s, &b), Ok((s.clone(), b.clone())));
                prop_assert_eq!(validate_message(&b), Ok(b));
            }
        }
    }
}
