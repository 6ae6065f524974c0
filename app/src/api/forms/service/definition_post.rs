//! The form editor posted as plain HTML, before (or without) the page's WASM:
//! `POST /admin/forms/{code}/{version}` with every input of the editor as a `path=value` pair,
//! `_row_version`, and `_op`: `save`, `publish`, or one structural step of
//! [`crate::domain::form::edit::Step`] (`add_field:sections.0`, `up:sections.1.fields.2`). What
//! was typed is applied to the stored draft, the step after it, and the result saved by the same
//! code as the server functions; the answer is a redirect back to the editor.

use super::definitions::{form_code, publish_in, save_in};
use super::*;
use crate::domain::form::edit::{anchor, apply, apply_pairs, At, Step};
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;

/// What the post asks for besides saving what was typed.
#[derive(Debug, PartialEq, Eq)]
enum Op {
    Save,
    Publish,
    Step(Step),
}

fn op(raw: &str) -> Option<Op> {
    match raw {
        "" | "save" => Some(Op::Save),
        "publish" => Some(Op::Publish),
        _ => Step::parse(raw).map(Op::Step),
    }
}

fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

/// Where a step leaves the eye: the part it added or moved.
fn landing(def: &FormDefinition, step: &Step) -> Option<String> {
    let path = match step {
        Step::AddSection => At::Section(def.sections.len().checked_sub(1)?).path(),
        Step::AddField(At::Section(s)) => At::Field(*s, def.sections.get(*s)?.fields.len().checked_sub(1)?).path(),
        Step::AddField(at) | Step::AddOption(at) | Step::Up(at) | Step::Down(at) => at.path(),
        Step::Remove(_) => return None,
    };
    Some(anchor(&path))
}

/// The `POST /admin/forms/{code}/{version}` handler, inside the router's session, client-info
/// and cross-site layers like every other post.
pub async fn post_definition(
    ctx: Ctx,
    Path((code, version)): Path<(String, u32)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    const ACTION: &str = "forms.definition_save";
    let refused = |e: AppError| (crate::server::http::status_of(&e), e.to_string()).into_response();
    let user = match ctx.authorize(ACTION, Permission::ManageClassifiers, None).await {
        Ok(u) => u,
        Err(AppError::Unauthenticated) => return see_other("/sign-in"),
        Err(e) => return refused(e),
    };
    let field = |name: &str| pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned());
    let (Some(row_version), Some(op), Ok(form)) = (
        field("_row_version").and_then(|v| v.parse::<i64>().ok()).filter(|v| *v > 0),
        op(&field("_op").unwrap_or_default()),
        form_code(&code),
    ) else {
        return (StatusCode::BAD_REQUEST, "bad form post").into_response();
    };
    let page = format!("/admin/forms/{}/{version}", form.code());
    let row = match ctx.state.store.definition(form.code(), Some(i64::from(version))).await {
        Ok(r) => r,
        Err(e) => return refused(ctx.failed(Some(&user), ACTION, e).await),
    };
    let mut def = match row.definition() {
        Ok(d) => d,
        Err(e) => return refused(ctx.fail(ACTION, e)),
    };
    // A number that is not one changes nothing: the page says which, at its input.
    let errors = apply_pairs(&mut def, &pairs);
    if let Some((at, code)) = errors.0.first().map(|e| (e.field.clone(), e.code.clone())) {
        let _ = ctx.refuse(Some(&user), ACTION, AppError::Invalid(errors), "invalid").await;
        let encoded = percent_encoding::utf8_percent_encode(&at, percent_encoding::NON_ALPHANUMERIC).to_string();
        return see_other(&format!("{page}?bad={code}&at={encoded}#{}", anchor(&at)));
    }
    let mut to = String::new();
    if let Op::Step(step) = &op {
        if apply(&mut def, step).is_err() {
            return (StatusCode::BAD_REQUEST, "bad form post").into_response();
        }
        to = landing(&def, step).map(|a| format!("#{a}")).unwrap_or_default();
    }
    let saved = match save_in(&ctx, &user, form, row_version, def).await {
        Ok(s) => s,
        Err(AppError::StaleVersion { .. }) => return see_other(&format!("{page}?stale=1")),
        Err(AppError::Conflict { .. }) => return see_other(&page),
        Err(e) => return refused(e),
    };
    match op {
        Op::Publish => match publish_in(&ctx, &user, form, version, saved.row_version).await {
            Ok(()) => see_other(&format!("{page}?published=1")),
            Err(AppError::Invalid(_)) => see_other(&format!("{page}?refused=1")),
            Err(AppError::StaleVersion { .. }) => see_other(&format!("{page}?stale=1")),
            Err(e) => refused(e),
        },
        Op::Save => see_other(&format!("{page}?saved=1")),
        Op::Step(_) => see_other(&format!("{page}{to}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops() {
        assert_eq!(op(""), Some(Op::Save));
        assert_eq!(op("publish"), Some(Op::Publish));
        assert_eq!(op("add_field:sections.0"), Some(Op::Step(Step::AddField(At::Section(0)))));
        assert_eq!(op("drop_table"), None);
        assert_eq!(anchor("sections.0.fields.1"), "e-sections-0-fields-1");
    }
}
