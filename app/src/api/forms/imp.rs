//! The bodies of the forms server functions (to be written).

use super::*;

pub async fn case_forms(_case_id: i64) -> Result<CaseFormsView, AppError> {
    unimplemented!()
}
pub async fn start_form(_case_id: i64, _form: String) -> Result<i64, AppError> {
    unimplemented!()
}
pub async fn get_form(_id: i64) -> Result<SubmissionView, AppError> {
    unimplemented!()
}
pub async fn save_draft(_id: i64, _version: i64, _answers: String) -> Result<SavedView, AppError> {
    unimplemented!()
}
pub async fn submit_form(_id: i64, _version: i64, _answers: String) -> Result<SavedView, AppError> {
    unimplemented!()
}
pub async fn revise_form(_id: i64, _version: i64) -> Result<i64, AppError> {
    unimplemented!()
}
pub async fn decide_form(_id: i64, _version: i64, _approve: bool, _comment: String) -> Result<(), AppError> {
    unimplemented!()
}
pub async fn list_definitions() -> Result<Vec<DefinitionSummaryView>, AppError> {
    unimplemented!()
}
pub async fn get_definition(_code: String, _version: Option<u32>) -> Result<DefinitionView, AppError> {
    unimplemented!()
}
pub async fn save_definition(_code: String, _row_version: i64, _body: String) -> Result<DefinitionView, AppError> {
    unimplemented!()
}
pub async fn publish_definition(_code: String, _version: u32, _row_version: i64) -> Result<(), AppError> {
    unimplemented!()
}
