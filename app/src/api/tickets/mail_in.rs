//! Support mail taken in: one e-mail a user wrote to the support address becomes a ticket (the
//! `email` channel), or a message on their ticket when its subject names it (as the answers
//! support sends do, `[T-2026-000123] …`). The mail server hands each message to `vatra mail-in`
//! on standard input (a pipe transport, or a mail fetcher's delivery command).
//!
//! Only a user's own address is taken: the sender must be the one active account with that
//! e-mail address. Citizens reach support through the call center. The files the e-mail carries
//! go with the ticket as files sent in Vatra do, checked the same way; one Vatra refuses is left
//! out and said in the message. Everything goes through the same checks, writes and audit as
//! the server functions, in the sender's name.

use super::service::files as ticket_files;
use super::service::{create_as, message_as, New, SentFiles};
use crate::domain::ticket::{TicketNumber, BODY_MAX, FILES_MAX, SUBJECT_MAX};
use crate::domain::AppError;
use crate::server::{AppState, Ctx, CurrentUser};
use mail_parser::{MessageParser, MimeHeaders};

/// The largest e-mail taken in, in bytes (its files are each held to the attachment limit too).
pub const MAIL_MAX: usize = 40 * 1024 * 1024;

/// What became of an e-mail.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// A new ticket.
    Opened { id: i64 },
    /// A message on the reporter's ticket.
    Added { id: i64 },
}

/// Why an e-mail was not taken.
#[derive(Debug)]
pub enum NotTaken {
    /// `VATRA_SUPPORT_MAIL_CATEGORY` is not set.
    NotConfigured,
    /// Not an e-mail, or one without a sender.
    Unreadable,
    /// No one active account has the sender's address.
    UnknownSender(String),
    /// The receiving server's checks (SPF, DKIM, DMARC) do not vouch for the sender: why.
    Unauthenticated(String),
    /// Refused as the server functions refuse (its reason audited), or the database failed.
    Refused(AppError),
}

impl std::fmt::Display for NotTaken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotTaken::NotConfigured => write!(f, "support mail is not taken in: set VATRA_SUPPORT_MAIL_CATEGORY"),
            NotTaken::Unreadable => write!(f, "not an e-mail with a sender"),
            NotTaken::UnknownSender(a) => write!(f, "no Vatra user has the address {a}"),
            NotTaken::Unauthenticated(r) => write!(f, "the sender's address is not vouched for ({r})"),
            NotTaken::Refused(e) => write!(f, "refused: {e}"),
        }
    }
}

/// The ticket number a subject names (`Re: [T-2026-000123] …`), if any.
pub fn named_ticket(subject: &str) -> Option<TicketNumber> {
    subject.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).find_map(TicketNumber::parse)
}

/// What the sender wrote: the text, without the quoted earlier mail (lines starting with `>`)
/// when there is text of their own, cut to the longest message taken.
fn own_words(text: &str) -> String {
    let own: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with('>')).collect();
    let own = own.join("\n");
    let kept = if own.trim().is_empty() { text } else { &own };
    kept.trim().chars().take(BODY_MAX).collect()
}

/// What the receiving mail server found of the sender (its `Authentication-Results` header,
/// RFC 8601): whether `From:` is vouched for.
#[derive(Debug, PartialEq, Eq)]
pub enum SenderCheck {
    /// DMARC passed, or DKIM or SPF passed for the `From:` domain (or a domain it belongs to).
    Vouched(&'static str),
    /// The server checked, and nothing vouches for the sender: the reason.
    Failed(String),
    /// No result to read (no header, or none from the configured server).
    Unchecked,
}

/// Reads the results the receiving server (`authserv`, when configured; else the topmost
/// header, which the last hop, the receiving server, added) wrote for a message from `from`.
/// A header from another server is not trusted: a sender may write any header.
pub fn sender_check(results: &[&str], from: &str, authserv: Option<&str>) -> SenderCheck {
    let header = match authserv {
        Some(id) => results.iter().find(|h| {
            h.split(';').next().and_then(|s| s.split_whitespace().next()).is_some_and(|s| s.eq_ignore_ascii_case(id))
        }),
        None => results.first(),
    };
    let Some(header) = header else { return SenderCheck::Unchecked };
    let domain = from.rsplit_once('@').map(|(_, d)| d.trim().to_ascii_lowercase()).unwrap_or_default();
    // `header.d=ungheni.gov.md` vouches for `ana@ungheni.gov.md` and `ana@mail.ungheni.gov.md`.
    let aligned = |d: &str| {
        let d = d.trim().trim_start_matches('@').to_ascii_lowercase();
        let d = d.rsplit_once('@').map(|(_, x)| x.to_owned()).unwrap_or(d);
        !d.is_empty() && (domain == d || domain.ends_with(&format!(".{d}")))
    };
    let mut seen = Vec::new();
    let mut vouched = None;
    let mut dmarc = None;
    // `authserv-id; method=result prop=value …; method=result …`
    for res in header.split(';').skip(1) {
        let mut words = res.split_whitespace();
        let Some((method, result)) = words.next().and_then(|w| w.split_once('=')) else { continue };
        let (method, result) = (method.to_ascii_lowercase(), result.to_ascii_lowercase());
        let prop = |name: &str| res.split_whitespace().find_map(|w| w.strip_prefix(name)).map(|v| v.trim_matches('"'));
        match (method.as_str(), result.as_str()) {
            ("dmarc", r) => dmarc = Some(r == "pass"),
            ("dkim", "pass") if prop("header.d=").is_some_and(aligned) => vouched = vouched.or(Some("dkim")),
            ("spf", "pass") if prop("smtp.mailfrom=").is_some_and(aligned) => vouched = vouched.or(Some("spf")),
            _ => {}
        }
        seen.push(format!("{method}={result}"));
    }
    // DMARC, where the server evaluated it, decides; else DKIM or SPF for the sender's domain.
    match (dmarc, vouched) {
        (Some(true), _) => SenderCheck::Vouched("dmarc"),
        (None, Some(how)) => SenderCheck::Vouched(how),
        _ => SenderCheck::Failed(if seen.is_empty() { "no result".into() } else { seen.join(" ") }),
    }
}

/// Takes in one e-mail (`raw`, as the mail server delivers it).
pub async fn take(state: &AppState, raw: &[u8]) -> Result<Taken, NotTaken> {
    let Some(category) = state.config.support_mail_category.clone() else { return Err(NotTaken::NotConfigured) };
    let msg = MessageParser::default().parse(raw).ok_or(NotTaken::Unreadable)?;
    let from = msg.from().and_then(|a| a.first()).and_then(|a| a.address()).ok_or(NotTaken::Unreadable)?.to_owned();
    let ctx = Ctx { state: state.clone(), session: None, client: Default::default() };
    let refused = NotTaken::Refused;
    // `From:` is whatever the sender wrote: the receiving server's verdict decides, when it gave one.
    let results: Vec<&str> = msg
        .headers()
        .iter()
        .filter(|h| h.name.as_str().eq_ignore_ascii_case("Authentication-Results"))
        .filter_map(|h| std::str::from_utf8(raw.get(h.offset_start as usize..h.offset_end as usize)?).ok())
        .collect();
    let authserv = state.config.mail_authserv_id.as_deref();
    let check = sender_check(&results, &from, authserv);
    let strict = authserv.is_some() && check == SenderCheck::Unchecked;
    if let (SenderCheck::Failed(_), _) | (_, true) = (&check, strict) {
        let why = match &check {
            SenderCheck::Failed(r) => r.clone(),
            _ => "no Authentication-Results from the receiving server".into(),
        };
        let mut ev = ctx.event(None, "tickets.mail_in", crate::store::Outcome::Refused);
        ev.details = serde_json::json!({ "reason": "sender not authenticated", "from": from, "results": why });
        state.store.audit(&ev).await.map_err(|e| refused(ctx.fail("tickets.mail_in", e)))?;
        return Err(NotTaken::Unauthenticated(why));
    }
    let row = match state.store.active_user_by_email(&from).await {
        Ok(Some(r)) => r,
        Ok(None) => {
            let mut ev = ctx.event(None, "tickets.mail_in", crate::store::Outcome::Refused);
            ev.details = serde_json::json!({ "reason": "unknown sender", "from": from });
            state.store.audit(&ev).await.map_err(|e| refused(ctx.fail("tickets.mail_in", e)))?;
            return Err(NotTaken::UnknownSender(from));
        }
        Err(e) => return Err(refused(ctx.fail("tickets.mail_in", e))),
    };
    let user = CurrentUser { row };
    let subject = msg.subject().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("(e-mail)").to_owned();
    let mut body = own_words(&msg.body_text(0).unwrap_or_default());
    // The files, each kept as if sent in Vatra; those refused are named in the message.
    let mut files = Vec::new();
    let mut left_out = Vec::new();
    for part in msg.attachments().take(FILES_MAX) {
        let name = part.attachment_name().unwrap_or("file").to_owned();
        match ticket_files::keep(&ctx, &user, &name, part.contents().to_vec()).await {
            Ok(v) => files.push(v.id.to_string()),
            Err(AppError::Invalid(_)) => left_out.push(name),
            Err(e) => return Err(refused(e)),
        }
    }
    if !left_out.is_empty() {
        body =
            format!("{body}\n\n[{}: {}]", crate::i18n::K::MailFilesLeftOut.text(user.language()), left_out.join(", "));
    }
    if body.trim().is_empty() {
        body = subject.clone();
    }
    let sent = SentFiles { files, file_error: None };
    // An answer about a ticket of theirs that can still take it goes to that ticket.
    if let Some(number) = named_ticket(&subject) {
        match crate::store::tickets::by_number(state.store.db(), &number.to_string()).await {
            Ok(Some(t)) if t.reporter_id == Some(user.id()) => {
                match message_as(&ctx, &user, t.id, t.version, body.clone(), "reply", sent.clone()).await {
                    Ok(_) => return Ok(Taken::Added { id: t.id }),
                    // Resolved or closed meanwhile: a new ticket, below.
                    Err(AppError::Conflict { .. } | AppError::StaleVersion { .. }) => {}
                    Err(e) => return Err(refused(e)),
                }
            }
            Ok(_) => {}
            Err(e) => return Err(refused(ctx.fail("tickets.mail_in", e))),
        }
    }
    let subject: String = subject.chars().take(SUBJECT_MAX).collect();
    let n = New {
        channel: "email",
        subject,
        body,
        category,
        page: None,
        case_id: None,
        attach_case: false,
        person_id: None,
        attach_person: false,
    };
    match create_as(&ctx, &user, n, sent).await {
        Ok(id) => Ok(Taken::Opened { id }),
        Err(e) => Err(refused(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_names_its_ticket() {
        assert_eq!(
            named_ticket("Re: [T-2026-000123] Nu pot salva").map(|n| n.to_string()),
            Some("T-2026-000123".into())
        );
        assert_eq!(named_ticket("RE:Fwd: T-2026-000007"), TicketNumber::parse("T-2026-000007"));
        assert_eq!(named_ticket("Nu pot salva formularul"), None);
        assert_eq!(named_ticket("[T-20-1]"), None);
    }

    #[test]
    fn the_quoted_mail_is_left_out() {
        let text = "Mulțumesc, merge acum.\n\nOn Mon, Support wrote:\n> Reîncercați.\n> Pașii: …";
        assert_eq!(own_words(text), "Mulțumesc, merge acum.\n\nOn Mon, Support wrote:");
        assert_eq!(own_words("> doar citat"), "> doar citat");
        assert_eq!(own_words(&"a".repeat(BODY_MAX + 10)).chars().count(), BODY_MAX);
    }

    #[test]
    fn the_receiving_server_vouches_for_the_sender() {
        use SenderCheck::*;
        let from = "ana@ungheni.gov.md";
        let ours = "mx.vatra.md; spf=pass smtp.mailfrom=ungheni.gov.md; dkim=pass header.d=ungheni.gov.md; dmarc=pass header.from=ungheni.gov.md";
        assert_eq!(sender_check(&[ours], from, None), Vouched("dmarc"));
        assert_eq!(
            sender_check(&["mx.vatra.md; dkim=pass header.d=gov.md"], "a@ungheni.gov.md", None),
            Vouched("dkim")
        );
        assert_eq!(
            sender_check(&["mx.vatra.md; spf=pass smtp.mailfrom=bounce@ungheni.gov.md"], from, None),
            Vouched("spf")
        );
        // Passing for another domain vouches for nothing.
        let forged = "mx.vatra.md; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example; dmarc=fail";
        assert_eq!(sender_check(&[forged], from, None), Failed("spf=pass dkim=pass dmarc=fail".into()));
        assert_eq!(
            sender_check(&["mx.vatra.md; dkim=pass header.d=xungheni.gov.md"], from, None),
            Failed("dkim=pass".into())
        );
        assert_eq!(sender_check(&["mx.vatra.md; none"], from, None), Failed("no result".into()));
        assert_eq!(sender_check(&[], from, None), Unchecked);
        // With the receiving server named, a header the sender wrote (another id) counts for nothing.
        let planted = "mx.vatra.md; dmarc=pass";
        assert_eq!(
            sender_check(&["attacker.example; dmarc=pass", planted], from, Some("mx.vatra.md")),
            Vouched("dmarc")
        );
        assert_eq!(sender_check(&["attacker.example; dmarc=pass"], from, Some("mx.vatra.md")), Unchecked);
    }
}
