//! A form posted as plain HTML, before (or without) the page's WASM: `POST /forms/{id}` with the
//! fields as `name=value` pairs, `_version`, and `_intent` (`save`, `submit`, `add_row:<group>`).
//! It runs the same save and submit as the server functions and answers with a redirect back
//! to the form page, which shows what happened.

use super::*;
use crate::server::context::ClientInfo;
use crate::server::AppState;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use tower_sessions::Session;

/// What the post asks for.
#[derive(Debug, PartialEq, Eq)]
enum Intent {
    Save,
    Submit,
    AddRow(String),
}

fn intent(raw: &str) -> Option<Intent> {
    match raw {
        "" | "save" => Some(Intent::Save),
        "submit" => Some(Intent::Submit),
        _ => raw
            .strip_prefix("add_row:")
            .filter(|g| crate::domain::form::definition::is_key(g))
            .map(|g| Intent::AddRow(g.to_owned())),
    }
}

fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

/// The answer to a failed post: back to the page, told to show the errors or the newer
/// version; other refusals as their status.
fn failed(id: i64, e: AppError) -> Response {
    match e {
        AppError::Invalid(_) => see_other(&format!("/forms/{id}?check=1")),
        AppError::StaleVersion { .. } => see_other(&format!("/forms/{id}?stale=1")),
        e => (crate::server::http::status_of(&e), e.to_string()).into_response(),
    }
}

/// The `POST /forms/{id}` handler. Mounted inside the router's session, client-info and
/// cross-site layers, like every other post. A form with attachment fields posts as multipart:
/// the files chosen in it are kept first and named in the answers, like those sent by the
/// page's script.
pub async fn post_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    client: Option<Extension<ClientInfo>>,
    session: Session,
    req: Request,
) -> Response {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    let max = state.config.attachment_max_bytes;
    let (mut pairs, files) = if multipart {
        let body = match Multipart::from_request(req, &state).await {
            Ok(b) => b,
            Err(e) => return e.into_response(),
        };
        match crate::api::upload::read_multipart(body, max).await {
            Ok(p) => p,
            Err(status) => return (status, "bad form post").into_response(),
        }
    } else {
        match Form::<Vec<(String, String)>>::from_request(req, &state).await {
            Ok(Form(p)) => (p, Vec::new()),
            Err(e) => return e.into_response(),
        }
    };
    let ctx = Ctx { state, session: Some(session), client: client.map(|c| c.0).unwrap_or_default() };
    let field = |pairs: &[(String, String)], name: &str| {
        pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    };
    let (Ok(version), Some(intent)) = (field(&pairs, "_version").parse::<i64>(), intent(&field(&pairs, "_intent")))
    else {
        return (StatusCode::BAD_REQUEST, "bad form post").into_response();
    };
    // Files first: each kept one is named in the answers; the first refused one is reported at
    // its field once the rest is saved.
    let mut refused: Option<(String, String)> = None;
    for (path, name, content) in files {
        match files::upload_in(&ctx, id, &path, &name, content).await {
            Ok(view) => pairs.push((path, view.id.to_string())),
            Err(AppError::Invalid(errors)) if refused.is_none() => {
                refused = errors.0.first().map(|e| (path.clone(), e.code.clone()));
            }
            Err(AppError::Invalid(_)) => {}
            Err(e) => return failed(id, e),
        }
    }
    // The answers are read against the definition the form is pinned to; who may save them is
    // decided by `save_in`, as for the server function.
    let answers = match ctx.state.store.submission(id).await {
        Ok(sub) => match view::definition_of(&ctx, "forms.post", &sub).await {
            Ok(def) => Answers::from_pairs(&def, &pairs),
            Err(e) => return failed(id, e),
        },
        Err(_) => Answers::default(),
    };
    // Whatever was typed is saved first, so that a refused submit loses nothing.
    let saved = match save_in(&ctx, id, version, Ok(answers.clone())).await {
        Ok(s) => s,
        Err(e) => return failed(id, e),
    };
    if let Some((path, code)) = refused {
        let at: String = percent_encoding::utf8_percent_encode(&path, percent_encoding::NON_ALPHANUMERIC).to_string();
        return see_other(&format!("/forms/{id}?file={code}&at={at}"));
    }
    match intent {
        Intent::Save => see_other(&format!("/forms/{id}")),
        Intent::AddRow(group) => see_other(&format!("/forms/{id}?rows={group}")),
        Intent::Submit => match submit_in(&ctx, id, saved.version, Ok(answers)).await {
            Ok(_) => see_other(&format!("/forms/{id}?submitted=1")),
            Err(e) => failed(id, e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intents() {
        assert_eq!(intent(""), Some(Intent::Save));
        assert_eq!(intent("submit"), Some(Intent::Submit));
        assert_eq!(intent("add_row:actions"), Some(Intent::AddRow("actions".into())));
        assert_eq!(intent("add_row:../x"), None);
        assert_eq!(intent("delete"), None);
    }
}
