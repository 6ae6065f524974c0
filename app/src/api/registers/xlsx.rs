//! `GET /registers/{register}.xlsx`: a register as a spreadsheet, with the same head, checks and
//! audit as its CSV file. The worksheet is written in constant memory (each row goes to a
//! temporary file as soon as the next one starts), the lines reach it a chunk at a time from the
//! database, and the finished workbook is streamed to the client as it is compressed: memory
//! stays flat however many lines. Every cell is a text cell, which a spreadsheet never runs as a
//! formula.

use super::export::{begin, with_lines, Export, RegisterQuery, ACTION, CHUNK};
use super::service::{read, Cursor};
use crate::api::reports::export::{file_response, XLSX};
use crate::server::Ctx;
use axum::body::{Body, Bytes};
use axum::extract::Query;
use axum::http::Uri;
use axum::response::Response;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::io::Write;
use tokio::sync::mpsc;

/// The most lines a worksheet holds (Excel's limit, less the head and a closing note).
const LINES_MAX: u32 = 1_048_576 - 16;
/// Bytes of the compressed workbook sent at a time.
const SEND_AT: usize = 64 * 1024;

/// The lines of a register, a chunk at a time; `Err` when the database failed.
type Chunks = mpsc::Receiver<Result<Vec<Vec<String>>, ()>>;
/// The workbook's bytes, as the response's body takes them.
type Out = mpsc::Sender<Result<Bytes, std::io::Error>>;

/// Hands the compressed workbook to the response a few kilobytes at a time.
struct ToBody {
    out: Out,
    buf: Vec<u8>,
}

impl Write for ToBody {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= SEND_AT {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        // The client went away: stop writing.
        self.out.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

#[derive(Debug, thiserror::Error)]
enum BookError {
    #[error("workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("the register could not be read")]
    Read,
    #[error("sending: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes the workbook: the head, the lines as they come, then the whole file to `out`. Runs on
/// a blocking thread.
fn write_book(
    sheet_name: &str,
    head: Vec<Vec<String>>,
    mut lines: Chunks,
    out: Out,
    over: &str,
) -> Result<(), BookError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name)?;
    let columns = head.last().map(Vec::len).unwrap_or(0);
    for col in 0..u16::try_from(columns).unwrap_or(0) {
        sheet.set_column_width(col, 18)?;
    }
    let mut row: u32 = 0;
    let put = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, cells: &[String]| -> Result<(), XlsxError> {
        for (col, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(row, u16::try_from(col).unwrap_or(u16::MAX), text)?;
            }
        }
        Ok(())
    };
    for cells in &head {
        put(sheet, row, cells)?;
        row += 1;
    }
    let mut full = false;
    while let Some(chunk) = lines.blocking_recv() {
        let chunk = chunk.map_err(|()| BookError::Read)?;
        for cells in chunk {
            if row >= LINES_MAX {
                full = true;
                break;
            }
            put(sheet, row, &cells)?;
            row += 1;
        }
        if full {
            put(sheet, row, &[over.to_owned()])?;
            break;
        }
    }
    let mut body = ToBody { out, buf: Vec::with_capacity(SEND_AT) };
    book.save_to_writer(&mut body)?;
    body.flush()?;
    Ok(())
}

/// `GET /registers/{register}.xlsx?from&to&territory`.
pub async fn get_xlsx(ctx: Ctx, uri: Uri, Query(q): Query<RegisterQuery>) -> Response {
    let Export { ctx, scope, head, lines, name } = match begin(ctx, &uri, "xlsx", q).await {
        Ok(e) => e,
        Err(refused) => return refused,
    };
    let kind = scope.kind;
    let (lines_tx, lines_rx) = mpsc::channel(2);
    let (body_tx, body_rx) = mpsc::channel(4);
    // The lines, read a chunk at a time until a short one.
    let store = ctx.state.store.clone();
    let reading = scope.clone();
    tokio::spawn(async move {
        let mut after: Option<Cursor> = None;
        loop {
            let chunk = match read(&store, &reading, after, CHUNK).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::error!(action = ACTION, error = %e, "register spreadsheet");
                    let _ = lines_tx.send(Err(())).await;
                    return;
                }
            };
            let done = (chunk.len() as i64) < CHUNK;
            after = chunk.last().map(|(_, at)| *at);
            let cells = chunk.into_iter().map(|(l, _)| l.cells.into_iter().map(|c| c.text).collect()).collect();
            if lines_tx.send(Ok(cells)).await.is_err() || done {
                return;
            }
        }
    });
    // The workbook, written as the lines come and sent as it is compressed. A failure ends the
    // body with an error: the client sees a broken download, never a silently short file.
    let over = crate::i18n::K::RgXlsxFull.text(scope.lang).to_owned();
    tokio::task::spawn_blocking(move || {
        let errors = body_tx.clone();
        if let Err(e) = write_book(kind.code(), head, lines_rx, body_tx, &over) {
            tracing::error!(action = ACTION, error = %e, "register spreadsheet");
            let _ = errors.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    // Fused: the compression layer polls a body once more after its end, which an unfused
    // `unfold` answers with a panic.
    let body =
        futures::StreamExt::fuse(futures::stream::unfold(
            body_rx,
            |mut rx| async move { rx.recv().await.map(|b| (b, rx)) },
        ));
    let mut res = file_response(Body::from_stream(body), XLSX, &name);
    with_lines(&mut res, lines);
    res
}
