//! Integration tests: the store, server functions and HTTP, against a real
//! SQLite file and a real PostgreSQL cluster the harness starts itself (or
//! the one `TEST_DATABASE_URL` names). The same scenarios run on both.

mod alerts;
mod attachments;
mod audit_seal;
mod cases;
mod day_report;
mod form_editor;
mod forms;
mod harness;
mod history;
mod http;
mod indicators;
mod mail;
mod persons;
mod records;
mod schema;
mod search;
mod security;
mod store;
mod support_rules;
mod synth;
mod ticket_files;
mod ticket_mail;
mod tickets;
