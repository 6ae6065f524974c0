//! The pages, one area per file.

pub mod admin_classifiers;
pub mod admin_deadlines;
pub mod admin_forms;
pub mod admin_users;
pub mod alerts;
pub mod audit;
pub mod cases;
pub mod dashboard;
pub mod day_report;
pub mod forms;
pub mod home;
pub mod not_found;
pub mod persons;
pub mod profile;
pub mod registers;
pub mod sign_in;
pub mod support;
