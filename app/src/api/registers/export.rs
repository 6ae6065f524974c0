//! `GET /registers/{register}.csv`: a register as a CSV file, streamed a chunk of the index at a
//! time (memory stays flat however many lines), headed by the filters and the moment of export,
//! cells safe from formulas. The export is audited before it starts.

use super::service::{count, read, register_filters, scope, Cursor, Scope};
use super::RegisterKind;
use crate::api::http::error_response;
use crate::api::reports::export::{csv_bytes, csv_response, put};
use crate::domain::AppError;
use crate::i18n::K;
use crate::server::Ctx;
use crate::server::OrFail;
use crate::store::{Outcome, Store};
use axum::body::{Body, Bytes};
use axum::extract::Query;
use axum::http::{HeaderValue, Uri};
use axum::response::Response;

/// The filters, as the register's address carries them.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RegisterQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub territory: Option<String>,
}

pub(crate) const ACTION: &str = "registers.export";
/// Lines read from the database at a time.
pub(crate) const CHUNK: i64 = 1000;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().flexible(true).from_writer(Vec::new())
}

fn bytes(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The head of a register's file: title, territory, period, moment of export, an empty line,
/// then the columns.
fn head_rows(s: &Scope, territory: &str, at: &str) -> Vec<Vec<String>> {
    let t = |k: K| k.text(s.lang).to_owned();
    vec![
        vec![t(s.kind.title())],
        vec![t(K::Territory), territory.to_owned()],
        vec![t(K::IdPeriod), s.from.to_string(), s.to.to_string()],
        vec![t(K::IdExportedAt), at.to_owned()],
        Vec::new(),
        s.kind.columns().iter().map(|k| t(*k)).collect(),
    ]
}

/// The lines the file will hold, or the failure as the client sees it.
async fn lines_or_fail(ctx: &Ctx, scope: &Scope) -> Result<Option<i64>, AppError> {
    count(&ctx.state.store, scope).await.or_fail(ctx, ACTION)
}

/// Says in `res` how many lines its file holds.
pub(crate) fn with_lines(res: &mut Response, lines: Option<i64>) {
    if let Some(v) = lines.and_then(|n| HeaderValue::from_str(&n.to_string()).ok()) {
        res.headers_mut().insert(super::LINES_HEADER, v);
    }
}

/// What the stream still has to read: the next chunk after `after`, until a short one.
struct Reading {
    store: Store,
    scope: Scope,
    after: Option<Cursor>,
    done: bool,
}

/// The next chunk of lines, or `None` at the end. A store failure ends the stream with an error
/// (the client sees a cut file, never a silently short one).
async fn next_chunk(mut r: Reading) -> Option<(Result<Bytes, std::io::Error>, Reading)> {
    if r.done {
        return None;
    }
    let lines = match read(&r.store, &r.scope, r.after, CHUNK).await {
        Ok(lines) => lines,
        Err(e) => {
            tracing::error!(action = ACTION, error = %e, "register export");
            r.done = true;
            return Some((Err(std::io::Error::other("the register could not be read")), r));
        }
    };
    r.done = (lines.len() as i64) < CHUNK;
    r.after = lines.last().map(|(_, at)| *at);
    let mut w = writer();
    for (line, _) in &lines {
        let cells: Vec<&str> = line.cells.iter().map(|c| c.text.as_str()).collect();
        if let Err(e) = put(&mut w, &cells) {
            return Some((Err(std::io::Error::other(e)), Reading { done: true, ..r }));
        }
    }
    match bytes(w) {
        Ok(out) => Some((Ok(Bytes::from(out)), r)),
        Err(e) => Some((Err(std::io::Error::other(e)), Reading { done: true, ..r })),
    }
}

/// The address of `kind`'s file as `ext` (`csv`, `xlsx`), where its handler is routed.
pub fn file_path(kind: RegisterKind, ext: &str) -> String {
    format!("{}.{ext}", kind.path())
}

/// A download of a register that may start: the caller's filters checked, the export audited.
pub(crate) struct Export {
    pub ctx: Ctx,
    pub scope: Scope,
    /// The head's lines (title, filters, moment of export, the columns).
    pub head: Vec<Vec<String>>,
    /// The lines the file will hold, when that is cheap to tell.
    pub lines: Option<i64>,
    /// The file's name.
    pub name: String,
}

/// Starts the download of the register `uri` names as `ext`, or answers with why not.
pub(crate) async fn begin(ctx: Ctx, uri: &Uri, ext: &str, q: RegisterQuery) -> Result<Export, Response> {
    let Some(kind) = RegisterKind::ALL.into_iter().find(|k| file_path(*k, ext) == uri.path()) else {
        return Err(error_response(AppError::NotFound));
    };
    let (user, f) = register_filters(&ctx, ACTION, q.from, q.to, q.territory).await.map_err(error_response)?;
    let scope = scope(kind, &user, &f);
    let head = head_rows(&scope, &f.territory.name, &crate::api::local_time(crate::store::now()));
    let lines = lines_or_fail(&ctx, &scope).await.map_err(error_response)?;
    let mut ev = ctx.event(Some(&user), ACTION, Outcome::Done);
    ev.details = serde_json::json!({
        "register": kind.code(),
        "format": ext,
        "from": f.period.from.to_string(),
        "to": f.period.to.to_string(),
        "territory": f.territory.id,
    });
    if let Err(e) = ctx.state.store.audit(&ev).await {
        return Err(error_response(ctx.fail(ACTION, e)));
    }
    let name = format!("vatra-{}-{}-{}-{}.{ext}", kind.code(), f.territory.id, f.period.from, f.period.to);
    Ok(Export { ctx, scope, head, lines, name })
}

/// `GET /registers/{register}.csv?from&to&territory`.
pub async fn get_csv(ctx: Ctx, uri: Uri, Query(q): Query<RegisterQuery>) -> Response {
    let e = match begin(ctx, &uri, "csv", q).await {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    let head = match csv_bytes(&e.head) {
        Ok(h) => h,
        Err(err) => {
            tracing::error!(request_id = %e.ctx.client.request_id, action = ACTION, error = %err, "csv head");
            return error_response(AppError::Internal { request_id: e.ctx.client.request_id.clone() });
        }
    };
    let reading = Reading { store: e.ctx.state.store.clone(), scope: e.scope, after: None, done: false };
    let body = futures::stream::unfold(reading, next_chunk);
    // Fused: the compression layer polls a body once more after its end, which an unfused
    // `unfold` answers with a panic.
    let body = futures::StreamExt::fuse(futures::StreamExt::chain(
        futures::stream::once(async move { Ok(Bytes::from(head)) }),
        body,
    ));
    let mut res = csv_response(Body::from_stream(body), &e.name);
    with_lines(&mut res, e.lines);
    res
}
