//! The one error kind that crosses the wire, and per-field validation errors.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A validation error tied to one field of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, as in the HTML `name` attribute.
    pub field: String,
    /// A stable code (e.g. `too_short`) that tests and translations key on.
    pub code: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)
    }
}

/// Every validation error of one form, in field order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, field: &str, code: &str) {
        self.0.push(FieldError::new(field, code));
    }
    /// Records the error of a field check, if any.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The first error code for `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code.as_str())
    }
    /// `Ok(())` when empty, otherwise the errors as an [`AppError::Invalid`].
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

/// The flat error kind shared with the browser. Only the kind crosses the wire;
/// causes are logged on the server once, with the request id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// No valid session: sign in first.
    Unauthenticated,
    /// Signed in, but the caller's roles or territory do not allow this.
    Forbidden,
    NotFound,
    /// The input broke one or more rules; nothing was changed.
    Invalid(FieldErrors),
    /// The change collides with existing data (e.g. a user name already taken).
    Conflict {
        field: String,
        code: String,
    },
    /// The record changed since the caller read it.
    StaleVersion {
        changed_by: String,
        changed_at: String,
        /// The fields changed since the caller's version, when known.
        #[serde(default)]
        fields: Vec<String>,
    },
    /// Too many attempts from this address or for this account: try later.
    RateLimited {
        retry_after_secs: u64,
    },
    /// The service (e.g. the database) cannot answer right now.
    Unavailable,
    /// Something failed on the server; quote the request id in a ticket.
    Internal {
        request_id: String,
    },
    /// A transport-level failure (network down, malformed request).
    Transport(String),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Unauthenticated => write!(f, "unauthenticated"),
            AppError::Forbidden => write!(f, "forbidden"),
            AppError::NotFound => write!(f, "not found"),
            AppError::Invalid(e) => write!(f, "invalid input ({} errors)", e.0.len()),
            AppError::Conflict { field, code } => write!(f, "conflict on {field}: {code}"),
            AppError::StaleVersion { changed_by, changed_at, .. } => {
                write!(f, "changed by {changed_by} at {changed_at}")
            }
            AppError::RateLimited { retry_after_secs } => {
                write!(f, "rate limited for {retry_after_secs} s")
            }
            AppError::Unavailable => write!(f, "unavailable"),
            AppError::Internal { request_id } => write!(f, "internal error {request_id}"),
            AppError::Transport(m) => write!(f, "transport: {m}"),
        }
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// The input refused at one field, with the code of what is wrong.
    pub fn invalid(field: &str, code: &str) -> Self {
        AppError::Invalid(FieldErrors(vec![FieldError::new(field, code)]))
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(FieldErrors(vec![e]))
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}
