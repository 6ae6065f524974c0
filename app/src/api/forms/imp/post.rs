//! A form posted as plain HTML, before (or without) the page's WASM: `POST /forms/{id}` with the
//! fields as `name=value` pairs, `_version`, and `_intent` (`save`, `submit`, `add_row:<group>`).
//! It runs the same save and submit as the server functions and answers with a redirect back
//! to the form page, which shows what happened.

use super::*;
use crate::server::context::ClientInfo;
use crate::server::AppState;
use axum::extract::{Path, State};
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
/// cross-site layers, like every other post.
pub async fn post_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    client: Option<Extension<ClientInfo>>,
    session: Session,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let ctx = Ctx { state, session: Some(session), client: client.map(|c| c.0).unwrap_or_default() };
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("");
    let (Ok(version), Some(intent)) = (field("_version").parse::<i64>(), intent(field("_intent"))) else {
        return (StatusCode::BAD_REQUEST, "bad form post").into_response();
    };
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
