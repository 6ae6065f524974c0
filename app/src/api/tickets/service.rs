//! The bodies of the support ticket server functions.

use super::*;

pub mod files;
pub(crate) mod rules;

mod calls;
mod figures;
mod intake;
mod queue;
mod replies;
mod thread;

pub(crate) use calls::{find_caller, register_call};
pub(crate) use figures::figures;
pub(crate) use intake::{create, create_as, help, New, SentFiles};
pub(crate) use queue::{mine, queue};
pub(crate) use replies::{answers, archive_reply, replies, save_reply};
pub(crate) use thread::{get, message, message_as, rate, status, triage};

use crate::api::local_time;
use crate::domain::deadlines::NotificationKind;
use crate::domain::sla::SlaState;
use crate::domain::ticket::{
    parse_file_ids, ticket_transition, validate_message, validate_new_ticket, TicketAction, TicketNumber,
    TicketPriority, TicketStatus,
};
use crate::domain::user::Language;
use crate::domain::{FieldErrors, Permission, TerritoryPath};
use crate::server::context::changes;
use crate::server::OrFail;
use crate::server::{Ctx, CurrentUser};
use crate::store::alerts as al;
use crate::store::saved_replies as sr;
use crate::store::tickets::{self as tk, Change, QueueFilter, TicketRow};
use crate::store::{audit, now, today, Outcome, StoreError};
use chrono::{DateTime, Duration, Utc};

const PAGE: i64 = 30;
/// Days after resolution in which a ticket may be reopened.
pub const REOPEN_DAYS: u32 = 7;
/// The most a page path may hold.
const PAGE_MAX: usize = 300;

fn name_in(lang: Language, r: crate::store::classifiers::ClassifierRow) -> ChoiceView {
    ChoiceView {
        name: match lang {
            Language::Ro => r.name_ro,
            Language::Ru => r.name_ru,
            Language::En => r.name_en,
        },
        code: r.code,
    }
}

pub(super) async fn categories(ctx: &Ctx, user: &CurrentUser, action: &str) -> Result<Vec<ChoiceView>, AppError> {
    let rows = ctx.state.store.classifier("ticket_category").await.or_fail(ctx, action)?;
    Ok(rows.into_iter().map(|r| name_in(user.language(), r)).collect())
}

fn category_name(list: &[ChoiceView], code: &str) -> String {
    list.iter().find(|c| c.code == code).map(|c| c.name.clone()).unwrap_or_else(|| code.to_owned())
}

pub(super) async fn agents(ctx: &Ctx, action: &str) -> Result<Vec<AgentView>, AppError> {
    let rows = tk::agents(ctx.state.store.db()).await.or_fail(ctx, action)?;
    Ok(rows.into_iter().map(|(id, name)| AgentView { id, name }).collect())
}

async fn calendar(ctx: &Ctx, action: &str) -> Result<crate::domain::calendar::Calendar, AppError> {
    let dl = crate::store::deadlines::load(ctx.state.store.db(), today()).await.or_fail(ctx, action)?;
    Ok(dl.calendar)
}

pub(super) async fn calendar_tx(
    ctx: &Ctx,
    tx: &mut crate::store::Tx,
    action: &str,
) -> Result<crate::domain::calendar::Calendar, AppError> {
    let dl = crate::store::deadlines::load_tx(tx, today()).await.or_fail(ctx, action)?;
    Ok(dl.calendar)
}

/// A page path the ticket records: a path of this site, or nothing.
fn clean_page(page: Option<String>) -> Option<String> {
    let p = page?.trim().to_owned();
    (p.starts_with('/') && !p.starts_with("//") && p.len() <= PAGE_MAX && !p.chars().any(char::is_control)).then_some(p)
}

/// The ticket and the caller's standing to it; `NotFound` (audited) when it is neither theirs
/// nor a support agent's to see.
pub(super) async fn load(
    ctx: &Ctx,
    user: &CurrentUser,
    action: &str,
    id: i64,
) -> Result<(TicketRow, Standing), AppError> {
    let t = match tk::get(ctx.state.store.db(), id).await {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            return Err(ctx.refuse(Some(user), action, AppError::NotFound, "no such ticket").await);
        }
        Err(e) => return Err(ctx.fail(action, e)),
    };
    // An agent works the tickets of their territory (and below).
    let s = Standing {
        agent: user.may(Permission::WorkTickets, Some(&t.territory())),
        reporter: t.reporter_id == Some(user.id()),
    };
    if !s.agent && !s.reporter {
        return Err(ctx.refuse(Some(user), action, AppError::NotFound, "not theirs").await);
    }
    Ok((t, s))
}

/// Who the caller is to a ticket.
pub(crate) struct Standing {
    pub(super) agent: bool,
    pub(super) reporter: bool,
}

/// A filter left empty is no filter.
pub(super) fn opt(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}
