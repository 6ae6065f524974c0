//! Components shared by pages: the layout, form fields and messages.

pub mod bell;
pub mod device_files;
pub mod download;
pub mod form;
pub mod icon;
pub mod labels;
pub mod layout;
pub mod offline;
pub mod sign_out;
pub mod text;
pub mod upload;
