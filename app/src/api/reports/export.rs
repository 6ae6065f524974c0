//! `GET /dashboard/indicators.csv`: the dashboard's indicators as a CSV file, in the caller's
//! language, with the filters and the moment of export at its head. The same checks and the
//! same suppression as the page; every export is audited. Cells a spreadsheet would run as a
//! formula are written as text ([`csv_safe`]).

use super::imp::{compute, event, filters};
use super::*;
use crate::api::forms::imp::files::{ctx_of, error_response};
use crate::domain::indicators::csv_safe;
use crate::domain::user::Language;
use crate::i18n::K;
use crate::server::context::ClientInfo;
use crate::server::AppState;
use crate::ui::components::labels::{closure_reason_label, risk_label, status_label, step_label};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tower_sessions::Session;

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
fn write(v: &IndicatorsView, lang: Language, exported_at: &str) -> Result<Vec<u8>, csv::Error> {
    let t = |k: K| k.text(lang);
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    put(&mut w, &[t(K::IdPage)])?;
    put(&mut w, &[t(K::Territory), &v.territory_name])?;
    put(&mut w, &[t(K::IdWorker), v.worker_name.as_deref().unwrap_or(t(K::IdAllWorkers))])?;
    put(&mut w, &[t(K::IdPeriod), &v.from, &v.to])?;
    put(&mut w, &[t(K::IdExportedAt), exported_at])?;
    if v.suppressed {
        put(&mut w, &[t(K::IdSuppressed)])?;
    }
    // An empty line between the head and the table (a record of no cells would be written `""`).
    let mut out = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    out.push(b'\n');
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    put(&mut w, &[t(K::IdIndicator), t(K::IdBreakdown), t(K::IdDetail), t(K::IdValue)])?;
    for s in &v.active {
        let status = t(status_label(&s.status));
        for (risk, n) in [("low", s.low), ("medium", s.medium), ("high", s.high)] {
            put(&mut w, &[t(K::IdActive), status, t(risk_label(risk)), &n.text()])?;
        }
    }
    put(&mut w, &[t(K::IdActive), t(K::IdTotal), "", &v.active_total.text()])?;
    for r in &v.by_territory {
        let name = if r.id == 0 { format!("{} {}", r.name, t(K::IdItself)) } else { r.name.clone() };
        put(&mut w, &[t(K::IdByTerritory), &name, "", &r.cases.text()])?;
    }
    let this = format!("{} – {}", v.from, v.to);
    let before = format!("{} – {}", v.previous_from, v.previous_to);
    put(&mut w, &[t(K::IdReferrals), t(K::IdThisPeriod), &this, &v.referrals.text()])?;
    put(&mut w, &[t(K::IdReferrals), t(K::IdPreviousPeriod), &before, &v.referrals_previous.text()])?;
    for (k, d) in [(K::IdToAssessment, &v.to_assessment), (K::IdToPlan, &v.to_plan)] {
        put(&mut w, &[t(k), t(K::IdCount), "", &d.count.text()])?;
        put(&mut w, &[t(k), t(K::IdMedian), t(K::IdWorkingDays), &d.median.text()])?;
        put(&mut w, &[t(k), t(K::IdP90), t(K::IdWorkingDays), &d.p90.text()])?;
    }
    for s in &v.steps {
        let step = step_label(&s.step).map(t).unwrap_or(&s.step);
        put(&mut w, &[t(K::IdSteps), step, t(K::IdOnTime), &s.on_time.text()])?;
        put(&mut w, &[t(K::IdSteps), step, t(K::IdLate), &s.late.text()])?;
        put(&mut w, &[t(K::IdSteps), step, t(K::IdOpenOverdue), &s.overdue.text()])?;
        put(&mut w, &[t(K::IdSteps), step, t(K::IdShare), &s.share.percent_text()])?;
    }
    put(&mut w, &[t(K::IdSteps), t(K::IdTotal), t(K::IdShare), &v.steps_share.percent_text()])?;
    for r in &v.workers_load {
        put(&mut w, &[t(K::IdWorkers), &r.name, t(K::IdCases), &r.cases.text()])?;
        put(&mut w, &[t(K::IdWorkers), &r.name, t(K::IdHighRisk), &r.high_risk.text()])?;
        put(&mut w, &[t(K::IdWorkers), &r.name, t(K::IdOverdue), &r.overdue.text()])?;
    }
    for r in &v.closures {
        put(&mut w, &[t(K::IdClosures), t(closure_reason_label(&r.code)), &r.code, &r.cases.text()])?;
    }
    let k = &v.tickets;
    put(&mut w, &[t(K::IdTickets), t(K::SfOpened), "", &k.opened.text()])?;
    for (clock, met, late, overdue) in [
        (K::TkFirstResponse, k.first_met, k.first_late, k.first_overdue),
        (K::TkResolution, k.resolution_met, k.resolution_late, k.resolution_overdue),
    ] {
        put(&mut w, &[t(K::IdTickets), t(clock), t(K::IdOnTime), &met.text()])?;
        put(&mut w, &[t(K::IdTickets), t(clock), t(K::IdLate), &late.text()])?;
        put(&mut w, &[t(K::IdTickets), t(clock), t(K::IdOpenOverdue), &overdue.text()])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// One line of cells, each made safe.
pub(crate) fn put(w: &mut csv::Writer<Vec<u8>>, cells: &[&str]) -> Result<(), csv::Error> {
    w.write_record(cells.iter().map(|c| csv_safe(c).into_owned()))
}

/// `GET /dashboard/indicators.csv?from&to&territory&worker`.
pub async fn get_csv(
    State(state): State<AppState>,
    Query(q): Query<ExportQuery>,
    client: Option<Extension<ClientInfo>>,
    session: Session,
) -> Response {
    let ctx = ctx_of(state, session, client);
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
    let bytes = match write(&view, user.language(), &exported_at) {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(request_id = %ctx.client.request_id, action = ACTION, error = %e, "csv");
            return error_response(AppError::Internal { request_id: ctx.client.request_id.clone() });
        }
    };
    let mut ev = event(&ctx, &user, ACTION, &f, view.suppressed);
    ev.details["format"] = serde_json::json!("csv");
    if let Err(e) = ctx.state.store.audit(&ev).await {
        return error_response(ctx.fail(ACTION, e));
    }
    let name = format!("vatra-indicators-{}-{}-{}.csv", view.territory_id, view.from, view.to);
    csv_response(Body::from(bytes), &name)
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
