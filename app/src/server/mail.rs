//! Alert e-mail, when SMTP is configured (`VATRA_SMTP_URL`): immediate mail to a supervisor for
//! each escalation, and a daily digest of each user's live alerts. Without the setting nothing
//! here runs and nothing else changes.
//!
//! Mail is queued in the outbox (`store::mail`) before it is sent, once per escalation and once
//! per user and day, whichever instance gets there first; a message that cannot be sent stays
//! queued with its error and is tried again, up to [`MAX_ATTEMPTS`] times.

use super::config::MailSettings;
use crate::domain::user::Language;
use crate::i18n::K;
use crate::store::{alerts, mail as outbox, Store, StoreError};
use chrono::{NaiveDate, Timelike};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How many times a message is tried before it is left for an administrator to look at.
pub const MAX_ATTEMPTS: i64 = 5;
/// How often the queue is looked at.
pub const EVERY: Duration = Duration::from_secs(30);

/// A configured mail sender.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    pub digest_hour: u32,
}

impl Mailer {
    /// The sender the settings describe (the URL and address were checked with the configuration).
    pub fn new(s: &MailSettings) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&s.url)
            .map_err(|e| format!("VATRA_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = s.from.parse::<Mailbox>().map_err(|e| format!("VATRA_MAIL_FROM: {e}"))?;
        Ok(Mailer { transport, from, digest_hour: s.digest_hour })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to = to.parse::<Mailbox>().map_err(|e| format!("address: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("message: {e}"))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| format!("smtp: {e}"))
    }
}

fn lang(code: &str) -> Language {
    Language::from_code(code).unwrap_or(Language::Ro)
}

fn step_text(step: &str, l: Language) -> &'static str {
    crate::i18n::labels::step_label(step).map(|k| k.text(l)).unwrap_or("")
}

/// Queues a mail for every escalation not mailed yet. Returns how many were queued.
pub async fn queue_escalations(store: &Store) -> Result<usize, StoreError> {
    let mut queued = 0;
    loop {
        let rows = outbox::escalations_to_mail(store.db(), 500).await?;
        if rows.is_empty() {
            return Ok(queued);
        }
        for r in &rows {
            let l = lang(&r.language);
            let subject = format!("{}: {}", K::MailEscalationSubject.text(l), r.case_number);
            let body = format!(
                "{}\n\n{}: {}\n{}: {}\n{}: {}\n{}: {}\n\n{}\n",
                K::MailEscalationIntro.text(l),
                K::CaseNumber.text(l),
                r.case_number,
                K::Step.text(l),
                step_text(&r.step, l),
                K::Due.text(l),
                r.due_on,
                K::CaseManager.text(l),
                r.manager_name.as_deref().unwrap_or("—"),
                K::MailSeeToday.text(l),
            );
            let dedup = format!("escalation/{}", r.alert_id);
            if outbox::enqueue(store.db(), r.user_id, &r.email, "escalation", &dedup, &subject, &body).await? {
                queued += 1;
            }
        }
        if rows.len() < 500 {
            return Ok(queued);
        }
    }
}

/// Queues the digest of `day` for every user with live alerts and an address who has none yet.
pub async fn queue_digests(store: &Store, day: NaiveDate) -> Result<usize, StoreError> {
    let mut queued = 0;
    let mut after = 0;
    loop {
        let users = outbox::digest_users(store.db(), day, after, 200).await?;
        let Some(last) = users.last() else { return Ok(queued) };
        after = last.user_id;
        for u in &users {
            let l = lang(&u.language);
            let list = alerts::live_alerts(store.db(), u.user_id, 50).await?;
            if list.is_empty() {
                continue;
            }
            let lines: Vec<String> = list
                .iter()
                .map(|a| {
                    let level = crate::i18n::labels::notification_kind_label(&a.level).text(l);
                    format!(
                        "- {level}: {} · {} · {} {}",
                        a.case_number,
                        step_text(&a.step, l),
                        K::Due.text(l),
                        a.due_on
                    )
                })
                .collect();
            let subject = format!("{} {day}: {}", K::MailDigestSubject.text(l), list.len());
            let body =
                format!("{}\n\n{}\n\n{}\n", K::MailDigestIntro.text(l), lines.join("\n"), K::MailSeeToday.text(l));
            let dedup = format!("digest/{}/{day}", u.user_id);
            if outbox::enqueue(store.db(), u.user_id, &u.email, "digest", &dedup, &subject, &body).await? {
                queued += 1;
            }
        }
    }
}

/// Queues, for the reporter `reporter` of ticket `t` that came by e-mail, support's public answer
/// `body` (message `message`, by `author`), once. Its subject names the ticket, so that the
/// reporter's answer to it goes to the same ticket (see [`crate::api::tickets::mail_in`]). A reporter without
/// an address gets nothing by mail (they still see it in Vatra).
pub async fn queue_ticket_reply(
    store: &Store,
    reporter: i64,
    t: &crate::store::tickets::TicketRow,
    author: &str,
    body: &str,
    message: i64,
) -> Result<bool, StoreError> {
    let u = store.user(reporter).await?;
    let Some(to) = u.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) else { return Ok(false) };
    let l = u.language();
    let subject = format!("[{}] {}", t.number, t.subject);
    let text = format!("{author} ({}):\n\n{body}\n\n-- \n{}\n", K::TkSupport.text(l), K::MailTicketFooter.text(l));
    outbox::enqueue(store.db(), reporter, to, "ticket_reply", &format!("ticket-message/{message}"), &subject, &text)
        .await
}

/// What one round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
}

/// Sends what waits in the outbox.
pub async fn send_waiting(store: &Store, mailer: &Mailer) -> Result<SendReport, StoreError> {
    let mut report = SendReport::default();
    loop {
        let rows = outbox::waiting(store.db(), MAX_ATTEMPTS, 100).await?;
        let mut claimed_any = false;
        for r in &rows {
            if !outbox::claim(store.db(), r).await? {
                continue;
            }
            claimed_any = true;
            match mailer.send(&r.to_address, &r.subject, &r.body).await {
                Ok(()) => {
                    outbox::finish(store.db(), r.id, None).await?;
                    report.sent += 1;
                }
                Err(e) => {
                    tracing::warn!(outbox_id = r.id, error = %e, "alert mail not sent; it stays queued");
                    outbox::finish(store.db(), r.id, Some(&e)).await?;
                    report.failed += 1;
                }
            }
        }
        // A failure leaves the rest for the next round: the server may be down.
        if rows.len() < 100 || !claimed_any || report.failed > 0 {
            return Ok(report);
        }
    }
}

/// The mail round every [`EVERY`]: escalations at once, the day's digest from its hour on, then
/// sending.
pub async fn run(store: Store, mailer: Mailer) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = queue_escalations(&store).await {
            tracing::warn!(error = %e, "cannot queue escalation mail");
        }
        let local = chrono::Utc::now().with_timezone(&crate::store::zone());
        if local.hour() >= mailer.digest_hour {
            if let Err(e) = queue_digests(&store, local.date_naive()).await {
                tracing::warn!(error = %e, "cannot queue digests");
            }
        }
        if let Err(e) = send_waiting(&store, &mailer).await {
            tracing::warn!(error = %e, "cannot send alert mail");
        }
    }
}
