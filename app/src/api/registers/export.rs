//! `GET /registers/referrals.csv`: the register of referrals as a CSV file, streamed a page of
//! the index at a time (memory stays flat however many lines), headed by the filters and the
//! moment of export, cells safe from formulas. The export is audited before it starts.

use super::imp::{entry, register_filters};
use crate::api::forms::imp::files::{ctx_of, error_response};
use crate::api::reports::export::{csv_response, put};
use crate::domain::user::Language;
use crate::domain::{AppError, TerritoryPath};
use crate::i18n::K;
use crate::server::context::ClientInfo;
use crate::server::AppState;
use crate::store::registers::{self as rg, RegisterCursor};
use crate::store::{Outcome, Store};
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::NaiveDate;
use tower_sessions::Session;

/// The filters, as the register's address carries them.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RegisterQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub territory: Option<String>,
}

const ACTION: &str = "registers.export";
/// Lines read from the database at a time.
const CHUNK: i64 = 1000;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().flexible(true).from_writer(Vec::new())
}

fn bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The head of the file: title, territory, period, moment of export, then the columns.
fn head(lang: Language, territory: &str, (from, to): (NaiveDate, NaiveDate), at: &str) -> Result<Vec<u8>, csv::Error> {
    let t = |k: K| k.text(lang);
    let (from, to) = (from.to_string(), to.to_string());
    let mut w = writer();
    put(&mut w, &[t(K::RgReferrals)])?;
    put(&mut w, &[t(K::Territory), territory])?;
    put(&mut w, &[t(K::IdPeriod), &from, &to])?;
    put(&mut w, &[t(K::IdExportedAt), at])?;
    // An empty line between the head and the table (a record of no cells would be written `""`).
    let mut out = bytes(w)?;
    out.push(b'\n');
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    put(&mut w, &super::COLUMNS.map(t))?;
    bytes(w)
}

/// What the stream still has to read: the next page after `after`, until a short page.
struct Reading {
    store: Store,
    scope: TerritoryPath,
    period: (NaiveDate, NaiveDate),
    lang: Language,
    after: Option<RegisterCursor>,
    done: bool,
}

/// The next chunk of lines, or `None` at the end. A store failure ends the stream with an error
/// (the client sees a cut file, never a silently short one).
async fn next_chunk(mut r: Reading) -> Option<(Result<Bytes, std::io::Error>, Reading)> {
    if r.done {
        return None;
    }
    let rows = match rg::referrals(r.store.db(), &r.scope, r.period, r.after, CHUNK).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!(action = ACTION, error = %e, "register export");
            r.done = true;
            return Some((Err(std::io::Error::other("the register could not be read")), r));
        }
    };
    r.done = (rows.len() as i64) < CHUNK;
    r.after = rows.last().map(|l| (l.received_on, l.id));
    let mut w = writer();
    for row in rows {
        let e = entry(row, r.lang);
        if let Err(e) = put(
            &mut w,
            &[
                &e.received_on,
                &e.number,
                &e.person_name,
                &e.idnp,
                &e.birth_date,
                &e.channel,
                &e.reporter,
                &e.territory,
                &e.risk,
                &e.status,
                &e.manager,
            ],
        ) {
            return Some((Err(std::io::Error::other(e)), Reading { done: true, ..r }));
        }
    }
    match bytes(w) {
        Ok(out) => Some((Ok(Bytes::from(out)), r)),
        Err(e) => Some((Err(std::io::Error::other(e)), Reading { done: true, ..r })),
    }
}

/// `GET /registers/referrals.csv?from&to&territory`.
pub async fn get_csv(
    State(state): State<AppState>,
    Query(q): Query<RegisterQuery>,
    client: Option<Extension<ClientInfo>>,
    session: Session,
) -> Response {
    let ctx = ctx_of(state, session, client);
    let (user, f) = match register_filters(&ctx, ACTION, q.from, q.to, q.territory).await {
        Ok(x) => x,
        Err(e) => return error_response(e),
    };
    let period = (f.period.from, f.period.to);
    let lang = user.language();
    let at = crate::api::local_time(crate::store::now());
    let head = match head(lang, &f.territory.name, period, &at) {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(request_id = %ctx.client.request_id, action = ACTION, error = %e, "csv head");
            return error_response(AppError::Internal { request_id: ctx.client.request_id.clone() });
        }
    };
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({
        "register": "referrals",
        "format": "csv",
        "from": f.period.from.to_string(),
        "to": f.period.to.to_string(),
        "territory": f.territory.id,
    });
    if let Err(e) = ctx.state.store.audit(&ev).await {
        return error_response(ctx.fail(ACTION, e));
    }
    let reading =
        Reading { store: ctx.state.store.clone(), scope: f.path.clone(), period, lang, after: None, done: false };
    let lines = futures::stream::unfold(reading, next_chunk);
    // Fused: the compression layer polls the body once more after its end, which an unfused
    // `unfold` answers with a panic.
    let body = futures::StreamExt::fuse(futures::StreamExt::chain(
        futures::stream::once(async move { Ok(Bytes::from(head)) }),
        lines,
    ));
    let name = format!("vatra-referrals-{}-{}-{}.csv", f.territory.id, f.period.from, f.period.to);
    csv_response(Body::from_stream(body), &name)
}
