//! `GET /dashboard/indicators.csv` (and `.xlsx`): the dashboard's indicators as a CSV file or a
//! spreadsheet, in the caller's language, with the filters and the moment of export at its head.
//! The same checks and the same suppression as the page; every export is audited. Cells a
//! spreadsheet would run as a formula are written as text ([`csv_safe`]; in the spreadsheet every
//! cell is a text cell).

use super::service::{compute, event};
use super::*;
use crate::api::http::error_response;
use crate::api::scope::filters;
use crate::domain::indicators::csv_safe;
use crate::domain::user::Language;
use crate::i18n::labels::{closure_reason_label, risk_label, status_label, step_label};
use crate::i18n::K;
use crate::server::Ctx;
use axum::body::Body;
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The filters, as the dashboard's address carries them.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub territory: Option<String>,
    pub worker: Option<String>,
}

const ACTION: &str = "reports.export";

/// The file: a head of `label, value` lines, a blank line, then one line per number under the
/// columns indicator, breakdown, detail, value.
fn write(v: &IndicatorsView, lang: Language, exported_at: &str) -> Vec<Vec<String>> {
    let t = |k: K| k.text(lang);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut put = |cells: &[&str]| rows.push(cells.iter().map(|c| (*c).to_owned()).collect());
    put(&[t(K::IdPage)]);
    put(&[t(K::Territory), &v.territory_name]);
    put(&[t(K::IdWorker), v.worker_name.as_deref().unwrap_or(t(K::IdAllWorkers))]);
    put(&[t(K::IdPeriod), &v.from, &v.to]);
    put(&[t(K::IdExportedAt), exported_at]);
    if v.suppressed {
        put(&[t(K::IdSuppressed)]);
    }
    // An empty line between the head and the table.
    put(&[]);
    put(&[t(K::IdIndicator), t(K::IdBreakdown), t(K::IdDetail), t(K::IdValue)]);
    for s in &v.active {
        let status = t(status_label(&s.status));
        for (risk, n) in [("low", s.low), ("medium", s.medium), ("high", s.high)] {
            put(&[t(K::IdActive), status, t(risk_label(risk)), &n.text()]);
        }
    }
    put(&[t(K::IdActive), t(K::IdTotal), "", &v.active_total.text()]);
    for r in &v.by_territory {
        let name = if r.id == 0 { format!("{} {}", r.name, t(K::IdItself)) } else { r.name.clone() };
        put(&[t(K::IdByTerritory), &name, "", &r.cases.text()]);
    }
    let this = format!("{} – {}", v.from, v.to);
    let before = format!("{} – {}", v.previous_from, v.previous_to);
    put(&[t(K::IdReferrals), t(K::IdThisPeriod), &this, &v.referrals.text()]);
    put(&[t(K::IdReferrals), t(K::IdPreviousPeriod), &before, &v.referrals_previous.text()]);
    for (k, d) in [(K::IdToAssessment, &v.to_assessment), (K::IdToPlan, &v.to_plan)] {
        put(&[t(k), t(K::IdCount), "", &d.count.text()]);
        put(&[t(k), t(K::IdMedian), t(K::IdWorkingDays), &d.median.text()]);
        put(&[t(k), t(K::IdP90), t(K::IdWorkingDays), &d.p90.text()]);
    }
    for s in &v.steps {
        let step = step_label(&s.step).map(t).unwrap_or(&s.step);
        put(&[t(K::IdSteps), step, t(K::IdOnTime), &s.on_time.text()]);
        put(&[t(K::IdSteps), step, t(K::IdLate), &s.late.text()]);
        put(&[t(K::IdSteps), step, t(K::IdOpenOverdue), &s.overdue.text()]);
        put(&[t(K::IdSteps), step, t(K::IdShare), &s.share.percent_text()]);
    }
    put(&[t(K::IdSteps), t(K::IdTotal), t(K::IdShare), &v.steps_share.percent_text()]);
    for r in &v.workers_load {
        put(&[t(K::IdWorkers), &r.name, t(K::IdCases), &r.cases.text()]);
        put(&[t(K::IdWorkers), &r.name, t(K::IdHighRisk), &r.high_risk.text()]);
        put(&[t(K::IdWorkers), &r.name, t(K::IdOverdue), &r.overdue.text()]);
    }
    for r in &v.closures {
        put(&[t(K::IdClosures), t(closure_reason_label(&r.code)), &r.code, &r.cases.text()]);
    }
    let k = &v.tickets;
    put(&[t(K::IdTickets), t(K::SfOpened), "", &k.opened.text()]);
    for (clock, met, late, overdue) in [
        (K::TkFirstResponse, k.first_met, k.first_late, k.first_overdue),
        (K::TkResolution, k.resolution_met, k.resolution_late, k.resolution_overdue),
    ] {
        put(&[t(K::IdTickets), t(clock), t(K::IdOnTime), &met.text()]);
        put(&[t(K::IdTickets), t(clock), t(K::IdLate), &late.text()]);
        put(&[t(K::IdTickets), t(clock), t(K::IdOpenOverdue), &overdue.text()]);
    }
    rows
}

/// One line of cells, each made safe.
pub(crate) fn put(w: &mut csv::Writer<Vec<u8>>, cells: &[&str]) -> Result<(), csv::Error> {
    w.write_record(cells.iter().map(|c| csv_safe(c).into_owned()))
}

/// Lines of cells as CSV, each cell made safe; an empty line is written as one (a record of no
/// cells would be written `""`).
pub(crate) fn csv_bytes(rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    for row in rows {
        if row.is_empty() {
            out.push(b'\n');
            continue;
        }
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        put(&mut w, &cells)?;
        out = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    }
    Ok(out)
}

/// Lines of cells as a spreadsheet of one sheet named `sheet`, every cell text (never run as a
/// formula). For small tables: the workbook is made in memory.
pub(crate) fn xlsx_bytes(sheet: &str, rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            ws.write_string(u32::try_from(r).unwrap_or(u32::MAX), u16::try_from(c).unwrap_or(u16::MAX), text)?;
        }
    }
    book.save_to_buffer()
}

/// The spreadsheet's media type.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /dashboard/indicators.csv?from&to&territory&worker`.
pub async fn get_csv(ctx: Ctx, Query(q): Query<ExportQuery>) -> Response {
    get_file(ctx, q, false).await
}

/// `GET /dashboard/indicators.xlsx?from&to&territory&worker`: the same lines as a spreadsheet.
pub async fn get_xlsx(ctx: Ctx, Query(q): Query<ExportQuery>) -> Response {
    get_file(ctx, q, true).await
}

async fn get_file(ctx: Ctx, q: ExportQuery, spreadsheet: bool) -> Response {
    let permission = crate::domain::Permission::ViewIndicators;
    let (user, f) = match filters(&ctx, ACTION, permission, q.from, q.to, q.territory, q.worker).await {
        Ok(x) => x,
        Err(e) => return error_response(e),
    };
    let view = match compute(&ctx, ACTION, &user, &f).await {
        Ok(v) => v,
        Err(e) => return error_response(e),
    };
    let exported_at = crate::api::local_time(crate::store::now());
    let rows = write(&view, user.language(), &exported_at);
    let format = if spreadsheet { "xlsx" } else { "csv" };
    let bytes = if spreadsheet {
        xlsx_bytes("indicators", &rows).map_err(|e| e.to_string())
    } else {
        csv_bytes(&rows).map_err(|e| e.to_string())
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(request_id = %ctx.client.request_id, action = ACTION, error = %e, format, "indicators file");
            return error_response(AppError::Internal { request_id: ctx.client.request_id.clone() });
        }
    };
    let mut ev = event(&ctx, &user, ACTION, &f, view.suppressed);
    ev.details["format"] = serde_json::json!(format);
    if let Err(e) = ctx.state.store.audit(&ev).await {
        return error_response(ctx.fail(ACTION, e));
    }
    let name = format!("vatra-indicators-{}-{}-{}.{format}", view.territory_id, view.from, view.to);
    if spreadsheet {
        file_response(Body::from(bytes), XLSX, &name)
    } else {
        csv_response(Body::from(bytes), &name)
    }
}

/// A CSV file as a download named `name`, never cached.
pub(crate) fn csv_response(body: Body, name: &str) -> Response {
    file_response(body, "text/csv; charset=utf-8", name)
}

/// A file to download: its type, its name, never kept by a cache.
pub(crate) fn file_response(body: Body, content_type: &'static str, name: &str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
