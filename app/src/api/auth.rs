//! Signing in and out, the current user, passwords and the own profile.

use crate::domain::user::Language;
use crate::domain::{AppError, RoleSet};
#[cfg(feature = "ssr")]
use crate::server::OrFail;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in user as every page sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeView {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub institution: Option<String>,
    pub position: Option<String>,
    pub roles: RoleSet,
    pub territory_id: i64,
    pub territory_name: String,
    pub language: Language,
    pub must_change_password: bool,
    /// Their home territory is the country: the central team, who keep the national settings.
    pub national: bool,
    pub version: i64,
    /// Today's date where Vatra works (Europe/Chisinau), as the server sees
    /// it: forms propose it, and the browser has no clock of its own here.
    pub today: chrono::NaiveDate,
    /// Unread notifications when the page was drawn (the bell; live updates follow).
    pub unread: i64,
}

impl MeView {
    /// True when the user may use `permission` (their roles allow it, and a national permission
    /// is the central team's): what pages offer; the server decides again.
    pub fn may(&self, permission: crate::domain::Permission) -> bool {
        self.roles.allows(permission) && (!permission.is_national() || self.national)
    }
}

/// Who is signed in (if anyone) and the language pages speak.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub user: Option<MeView>,
    /// The user's language, or the browser's preferred one before sign-in.
    pub language: Language,
}

/// A local path to return to after signing in: a same-origin path, else `/`.
///
/// Only a path that starts with one `/`, followed by no second `/` or `\`, and holds no control
/// character, whitespace or backslash anywhere, is taken: browsers strip tabs and line breaks
/// from URLs (`/\t/evil.example` becomes `//evil.example`) and read `\` as `/`, and a line break
/// cannot go in a `Location` header at all.
pub fn safe_next(next: Option<&str>) -> &str {
    let Some(n) = next else { return "/" };
    let mut chars = n.chars();
    let same_origin_path = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !n.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\' || is_invisible(c))
        && n.len() <= 2000;
    if same_origin_path {
        n
    } else {
        "/"
    }
}

/// Characters that show as nothing and that some URL parsers drop (zero-width and
/// direction marks, the byte-order mark), so they cannot hide a second `/`.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_a_same_origin_path_or_home() {
        for good in ["/", "/cases", "/persons/12?tab=history", "/cases?q=a%20b#top", "/a/b/c", "/%2F%2Fevil"] {
            assert_eq!(safe_next(Some(good)), good, "{good:?}");
        }
        let hostile = [
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\u{b}/evil.example",
            "/\u{c}/evil.example",
            "/\0/evil.example",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            "/\u{200b}/evil.example",
            "/\u{feff}/evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/x\\..\\evil",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            " /cases",
            "\t/cases",
            "/\x7f/evil.example",
            "/\u{85}/evil.example",
        ];
        for bad in hostile {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), "/");
    }
}

/// The language of the current request (cookie, else Accept-Language): the page is drawn in it.
#[cfg(feature = "ssr")]
pub fn request_language() -> Language {
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    let header = |name| parts.as_ref().and_then(|p| p.headers.get(name)).and_then(|v| v.to_str().ok());
    Language::of_request(header(http::header::COOKIE), header(http::header::ACCEPT_LANGUAGE))
}

#[cfg(feature = "ssr")]
pub(crate) mod service;

/// The signed-in user (or `None`) and the language to speak.
#[server(prefix = "/api", endpoint = "auth/session")]
pub async fn current_session() -> Result<SessionView, AppError> {
    let ctx = crate::server::Ctx::current()?;
    match ctx.user().await? {
        Some(u) => {
            let me = service::me_view(&ctx, &u).await?;
            Ok(SessionView { language: me.language, user: Some(me) })
        }
        None => Ok(SessionView { user: None, language: request_language() }),
    }
}

/// Signs in with a user name and password; redirects to `next` (or to the
/// password change a temporary password requires).
#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(
    username: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    service::sign_in(username, password, next).await
}

/// Ends this session.
#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    service::sign_out(false).await
}

/// Ends every session of the caller, on every device.
#[server(prefix = "/api", endpoint = "auth/sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    service::sign_out(true).await
}

/// Changes the caller's own password; the current one is required, and the
/// caller's other sessions end.
#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(current: String, new: String, confirm: String) -> Result<(), AppError> {
    service::change_password(current, new, confirm).await
}

/// Saves the caller's own contact details and language.
#[server(prefix = "/api", endpoint = "profile/update")]
pub async fn update_profile(
    version: i64,
    full_name: String,
    email: String,
    phone: String,
    language: String,
) -> Result<(), AppError> {
    service::update_profile(version, full_name, email, phone, language).await
}
