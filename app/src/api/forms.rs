//! Case forms: starting one on a case, drafts saved as they are typed, submit, correction by a
//! new revision, a supervisor's approval or return, and the administration of form definitions.
//! Every answer is checked by the same validator the browser runs; every read and write is
//! audited.

use crate::domain::form::{Answers, FormContext, FormDefinition, Label};
use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One form of a case, as a line in its list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSummaryView {
    pub id: i64,
    /// The standard form's code, e.g. `initial_assessment`.
    pub form: String,
    pub title: Label,
    /// 1 for the first filling, 2… for corrections.
    pub revision: i64,
    /// A [`crate::domain::form::SubmissionStatus`] code.
    pub status: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A form that can be started on the case now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StartableView {
    pub form: String,
    pub title: Label,
}

/// The forms of one case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseFormsView {
    pub case_id: i64,
    pub items: Vec<FormSummaryView>,
    /// Empty unless the caller works on the case.
    pub can_start: Vec<StartableView>,
}

/// One submission with the definition version it is pinned to: everything the page needs to
/// render, validate and save it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub person_name: String,
    pub form: String,
    pub revision: i64,
    /// The revision this one corrects.
    pub previous_id: Option<i64>,
    pub definition: FormDefinition,
    pub answers: Answers,
    pub status: String,
    /// Pass back on save, submit, decide: a stale one is refused.
    pub version: i64,
    pub context: FormContext,
    pub updated_at: String,
    pub updated_by: String,
    pub submitted_at: Option<String>,
    pub submitted_by: Option<String>,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    /// The supervisor's comment when the form was returned (or approved with one).
    pub decision_comment: Option<String>,
    /// The caller may change the answers (a draft or a returned form of a case they work on).
    pub can_edit: bool,
    /// The caller may approve or return it (a supervisor of the territory, form submitted).
    pub can_decide: bool,
    /// The caller may start a correction (a new revision).
    pub can_revise: bool,
    /// Every revision of this form, oldest first, this one included.
    pub revisions: Vec<FormSummaryView>,
    /// The files the answers name.
    pub attachments: Vec<AttachmentView>,
    /// The largest file the server takes, in bytes: the page refuses a bigger one before
    /// sending it over a weak signal.
    pub attachment_max_bytes: u64,
}

/// A file sent to an attachment field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub name: String,
    /// As the file's content shows it.
    pub content_type: String,
    pub kind: crate::domain::attachment::FileKind,
    /// For people: `820 KB`.
    pub size: String,
    pub has_thumbnail: bool,
}

/// What a save or a submit left on the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub version: i64,
    pub saved_at: String,
    pub status: String,
}

/// A form definition version, as the administration lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DefinitionSummaryView {
    pub code: String,
    pub version: u32,
    /// `draft`, `published` or `retired` (replaced by a later published version).
    pub status: String,
    pub title: Label,
    pub field_count: usize,
    pub published_at: Option<String>,
}

/// A definition version, as saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DefinitionView {
    pub definition: FormDefinition,
    pub status: String,
    /// Pass back on save: a stale one is refused.
    pub row_version: i64,
}

/// A definition version to edit or preview: the version, and what its preview is checked
/// against (a made-up case, with every classifier), read once for the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DefinitionPageView {
    #[serde(flatten)]
    pub version: DefinitionView,
    pub preview: FormContext,
}

#[cfg(feature = "ssr")]
pub(crate) mod service;

/// The plain HTTP routes of case forms: a form posted as plain HTML (no script yet: the same
/// session, client info and cross-site refusal as every other post, from the router's layers),
/// the form editor likewise, and attachments sent one at a time by the page's script and read
/// back.
#[cfg(feature = "ssr")]
pub(crate) fn routes(limits: crate::api::http::BodyLimits) -> axum::Router<crate::server::AppState> {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::{get, post};
    use service::files;
    axum::Router::new()
        .route("/forms/{id}", post(service::post::post_form).layer(DefaultBodyLimit::max(limits.plain_form)))
        .route("/admin/forms/{code}/{version}", post(service::definition_post::post_definition))
        .route("/forms/{id}/files", post(files::post_file).layer(DefaultBodyLimit::max(limits.one_file)))
        .route("/files/{id}", get(files::get_file))
        .route("/files/{id}/thumbnail", get(files::get_thumbnail))
}

/// The forms of a case and those the caller may start on it now.
#[server(prefix = "/api", endpoint = "forms/case")]
pub async fn case_forms(case_id: i64) -> Result<CaseFormsView, AppError> {
    service::case_forms(case_id).await
}

/// Starts a form on a case, as a draft pinned to the newest published definition. For a form a
/// case holds once, an existing draft is returned instead of a second one.
#[server(prefix = "/api", endpoint = "forms/start")]
pub async fn start_form(case_id: i64, form: String) -> Result<i64, AppError> {
    let id = service::start_form(case_id, form).await?;
    leptos_axum::redirect(&format!("/forms/{id}"));
    Ok(id)
}

/// One submission, to fill or to read.
#[server(prefix = "/api", endpoint = "forms/get")]
pub async fn get_form(id: i64) -> Result<SubmissionView, AppError> {
    service::get_form(id).await
}

/// Saves a draft's answers (JSON of [`Answers`]) as they are; only answers the form cannot hold
/// are refused. A draft saved meanwhile elsewhere is `StaleVersion`, never overwritten.
#[server(prefix = "/api", endpoint = "forms/save")]
pub async fn save_draft(id: i64, version: i64, answers: String) -> Result<SavedView, AppError> {
    service::save_draft(id, version, answers).await
}

/// Submits the answers: checked in full first; on any error nothing changes. The plan goes to
/// approval and a closure is proposed in the same step.
#[server(prefix = "/api", endpoint = "forms/submit")]
pub async fn submit_form(id: i64, version: i64, answers: String) -> Result<SavedView, AppError> {
    service::submit_form(id, version, answers).await
}

/// Starts a correction of a submitted form: a new draft revision with the same answers.
#[server(prefix = "/api", endpoint = "forms/revise")]
pub async fn revise_form(id: i64, version: i64) -> Result<i64, AppError> {
    let new = service::revise_form(id, version).await?;
    leptos_axum::redirect(&format!("/forms/{new}"));
    Ok(new)
}

/// A supervisor approves a submitted form, or returns it with a comment; the case moves on
/// with it.
#[server(prefix = "/api", endpoint = "forms/decide")]
pub async fn decide_form(id: i64, version: i64, approve: bool, comment: String) -> Result<(), AppError> {
    service::decide_form(id, version, approve, comment).await?;
    leptos_axum::redirect(&format!("/forms/{id}?decided=1"));
    Ok(())
}

/// Every version of every form definition (administrators).
#[server(prefix = "/api", endpoint = "forms/definitions")]
pub async fn list_definitions() -> Result<Vec<DefinitionSummaryView>, AppError> {
    service::list_definitions().await
}

/// One definition version; the newest when `version` is empty (administrators).
#[server(prefix = "/api", endpoint = "forms/definition")]
pub async fn get_definition(code: String, version: Option<u32>) -> Result<DefinitionPageView, AppError> {
    service::get_definition(code, version).await
}

/// Saves a draft version of a definition (JSON of [`FormDefinition`]); `row_version` 0 starts a
/// new draft version from the body. A draft may not yet be publishable.
#[server(prefix = "/api", endpoint = "forms/definition_save")]
pub async fn save_definition(code: String, row_version: i64, body: String) -> Result<DefinitionView, AppError> {
    service::save_definition(code, row_version, body).await
}

/// Publishes a draft version: refused with every problem `check_definition` finds. New forms use
/// it from then on; forms already started keep the version they were started with.
#[server(prefix = "/api", endpoint = "forms/publish")]
pub async fn publish_definition(code: String, version: u32, row_version: i64) -> Result<(), AppError> {
    service::publish_definition(code, version, row_version).await
}

/// Opens a draft of a form definition to edit: the draft there is, or a new version copied
/// from the newest one (administrators). Goes to the editor.
#[server(prefix = "/api", endpoint = "forms/definition_new")]
pub async fn new_definition_version(code: String) -> Result<u32, AppError> {
    let version = service::new_definition_version(code.clone()).await?;
    leptos_axum::redirect(&format!("/admin/forms/{}/{version}", code.trim()));
    Ok(version)
}
