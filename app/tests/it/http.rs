//! In-process HTTP tests: the router built as in production, called with
//! `tower::ServiceExt::oneshot`, on SQLite and on PostgreSQL.

use crate::harness::{app_with, config, TestDb};
use app::domain::{AppError, Role};
use app::server::bootstrap::DEMO_PASSWORD;
use app::server::AppState;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A browser-like client: keeps the session cookie, sends same-origin headers.
#[derive(Clone)]
pub(crate) struct Client {
    router: Router,
    cookies: Vec<(String, String)>,
}

/// One part of a multipart body.
pub(crate) enum Part<'a> {
    Text(&'a str, &'a str),
    /// Field name, file name, content.
    File(&'a str, &'a str, &'a [u8]),
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) location: Option<String>,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn error(&self) -> AppError {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not an error body ({}): {}", self.status, self.body))
    }
    pub(crate) fn ok(&self) -> bool {
        self.status.is_success() || self.status.is_redirection()
    }
}

impl Client {
    pub(crate) fn new(router: &Router) -> Self {
        Client { router: router.clone(), cookies: Vec::new() }
    }

    async fn send(&mut self, req: Request<Body>) -> Reply {
        let (status, headers, bytes) = self.send_raw(req).await;
        let location = headers.get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Reply { status, location, body }
    }

    /// Sends a request and answers the status, headers and body bytes (a file, say).
    pub(crate) async fn send_raw(&mut self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        // A request that never answers fails here, named, rather than stalling the whole run.
        let what = format!("{} {}", req.method(), req.uri());
        let res = tokio::time::timeout(std::time::Duration::from_secs(120), self.router.clone().oneshot(req))
            .await
            .unwrap_or_else(|_| panic!("{what} did not answer within 120 s"))
            .expect("infallible router");
        for v in res.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(ck, _)| ck != k);
            if !attrs.contains("Max-Age=0") && !val.is_empty() {
                self.cookies.push((k.to_owned(), val.to_owned()));
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        (status, headers, body)
    }

    /// Posts a multipart body (text parts, and files as name and content), as a browser does
    /// with a form of file inputs or the page's script sending one file.
    pub(crate) async fn post_multipart(&mut self, path: &str, parts: &[Part<'_>], site: &str) -> Reply {
        self.multipart(path, parts, site, None).await
    }

    /// Posts a server function's form of file inputs as a browser without JavaScript does
    /// (multipart), from the page at `page`.
    pub(crate) async fn post_multipart_from(&mut self, endpoint: &str, page: &str, parts: &[Part<'_>]) -> Reply {
        self.multipart(&format!("/api/{endpoint}"), parts, "same-origin", Some(page)).await
    }

    /// A multipart post; from a page (its Referer), as a browser's plain form post.
    async fn multipart(&mut self, path: &str, parts: &[Part<'_>], site: &str, page: Option<&str>) -> Reply {
        let (content_type, body) = multipart_body(parts);
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, content_type)
            .header("sec-fetch-site", site)
            .header(header::COOKIE, self.cookie_header());
        if let Some(page) = page {
            req = req
                .header(header::ACCEPT, "text/html,application/xhtml+xml")
                .header(header::REFERER, format!("http://127.0.0.1:3000{page}"));
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Gets a file: status, headers and bytes.
    pub(crate) async fn get_raw(&mut self, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let req = Request::get(path).header(header::COOKIE, self.cookie_header()).body(Body::empty()).unwrap();
        self.send_raw(req).await
    }

    pub(crate) fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Calls a server function the way the app's own JavaScript does.
    pub(crate) async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let body = form.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&");
        let req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts a page's plain HTML form, as a browser without JavaScript does.
    pub(crate) async fn post_page(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.post_page_from(path, form, "same-origin").await
    }

    /// Posts a server function's form as a browser without JavaScript does, from the page at
    /// `page` (its Referer, where a refusal comes back to).
    pub(crate) async fn post_form_from(&mut self, endpoint: &str, page: &str, form: &[(&str, &str)]) -> Reply {
        let body = form.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&");
        let req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, format!("http://127.0.0.1:3000{page}"))
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// The same post sent from another site.
    pub(crate) async fn post_page_cross_site(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.post_page_from(path, form, "cross-site").await
    }

    async fn post_page_from(&mut self, path: &str, form: &[(&str, &str)], site: &str) -> Reply {
        let body = form.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&");
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header("sec-fetch-site", site)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub(crate) async fn get(&mut self, path: &str) -> Reply {
        let req = Request::get(path)
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    async fn sign_in(&mut self, username: &str, password: &str) -> Reply {
        self.call("auth/sign_in", &[("username", username), ("password", password)]).await
    }

    /// The signed-in user's name, or `None`.
    async fn whoami(&mut self) -> Option<String> {
        let r = self.call("auth/session", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        v["user"]["username"].as_str().map(str::to_owned)
    }
}

/// A multipart body of `parts`, and its content type.
fn multipart_body(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "----vatra-test-boundary-7MA4YWxkTrZu0gW";
    let mut body: Vec<u8> = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
                body.extend_from_slice(value.as_bytes());
            }
            Part::File(name, file_name, content) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(content);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Signs the demo social worker in with a bare request (no cookies, no
/// browser headers) and returns the response, to inspect its headers.
async fn sign_in_plain(router: &Router) -> axum::response::Response {
    let req = Request::post("/api/auth/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("username=worker.chisinau&password={DEMO_PASSWORD}")))
        .unwrap();
    router.clone().oneshot(req).await.unwrap()
}

pub(crate) async fn signed_in(router: &Router, username: &str) -> Client {
    let mut c = Client::new(router);
    let r = c.sign_in(username, DEMO_PASSWORD).await;
    assert!(r.ok(), "sign in {username}: {} {}", r.status, r.body);
    c
}

pub(crate) async fn user_id(state: &AppState, username: &str) -> i64 {
    state.store.user_by_username(username).await.unwrap().expect("user exists").id
}

async fn audit_actions(state: &AppState, actor: Option<&str>) -> Vec<(String, String)> {
    let f = app::store::AuditFilter { actor: actor.map(Into::into), limit: 500, ..Default::default() };
    state.store.list_audit(&f).await.unwrap().into_iter().map(|e| (e.action, e.outcome)).collect()
}

async fn sign_in_and_out(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let mut c = Client::new(&router);
    assert_eq!(c.whoami().await, None);
    let r = c.sign_in("Worker.Chisinau", DEMO_PASSWORD).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/"));
    assert_eq!(c.whoami().await.as_deref(), Some("worker.chisinau"));
    // The session cookie is HttpOnly and SameSite.
    let res = sign_in_plain(&router).await;
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("vatra_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    // A signed-in page renders; signing out ends the session for good.
    let page = c.get("/").await;
    assert!(page.body.contains("Ana Ceban"), "home shows the user");
    let old = c.clone();
    assert!(c.call("auth/sign_out", &[]).await.ok());
    assert_eq!(c.whoami().await, None);
    let mut old = old;
    assert_eq!(old.whoami().await, None, "the old cookie no longer works");
    let actions = audit_actions(&state, Some("worker.chisinau")).await;
    assert!(actions.contains(&("auth.sign_in".into(), "done".into())));
    assert!(actions.contains(&("auth.sign_out".into(), "done".into())));
}

async fn a_new_session_id_at_sign_in(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[])).await;
    let mut c = Client::new(&router);
    // Any session the visitor had before signing in is replaced.
    c.cookies.push(("vatra_session".into(), "planted-session-id".into()));
    assert!(c.sign_in("worker.chisinau", DEMO_PASSWORD).await.ok());
    let id = c.cookies.iter().find(|(k, _)| k == "vatra_session").unwrap().1.clone();
    assert_ne!(id, "planted-session-id");
    let mut again = Client::new(&router);
    assert!(again.sign_in("worker.chisinau", DEMO_PASSWORD).await.ok());
    assert_ne!(again.cookies.iter().find(|(k, _)| k == "vatra_session").unwrap().1, id);
}

async fn wrong_password_and_unknown_user_look_alike(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let mut c = Client::new(&router);
    let wrong = c.sign_in("worker.chisinau", "not the password at all").await;
    let unknown = c.sign_in("nobody.here", "not the password at all").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    match wrong.error() {
        AppError::Invalid(e) => assert_eq!(e.for_field("password"), Some("wrong_credentials")),
        other => panic!("{other:?}"),
    }
    assert_eq!(c.whoami().await, None);
    let all = audit_actions(&state, None).await;
    assert!(all.iter().filter(|(a, o)| a == "auth.sign_in" && o == "failed").count() >= 2);
    // Without JavaScript the form post comes back to the page with the error in the address.
    let req = Request::post("/api/auth/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://127.0.0.1:3000/sign-in")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("username=worker.chisinau&password=wrong"))
        .unwrap();
    let r = c.send(req).await;
    assert_eq!(r.status, StatusCode::FOUND);
    let loc = r.location.unwrap();
    assert!(loc.starts_with("http://127.0.0.1:3000/sign-in?") && loc.contains("__err="), "{loc}");
    let path = loc.trim_start_matches("http://127.0.0.1:3000");
    let page = c.get(path).await;
    assert!(page.body.contains("Wrong user name or password."), "the page shows the error");
}

async fn lockout_and_its_expiry(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[("VATRA_LOCKOUT_ATTEMPTS", "5")])).await;
    let mut c = Client::new(&router);
    for _ in 0..5 {
        assert_eq!(c.sign_in("worker.chisinau", "wrong password here").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Locked: even the right password is refused, as a wrong one is (nothing tells the
    // account exists, nor that it is locked).
    let r = c.sign_in("worker.chisinau", DEMO_PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(matches!(r.error(), AppError::Invalid(e) if e.for_field("password") == Some("wrong_credentials")));
    let locked = state.store.user_by_username("worker.chisinau").await.unwrap().unwrap().locked_until.unwrap();
    let left = (locked - app::store::now()).num_seconds();
    assert!((14 * 60..=15 * 60).contains(&left), "{left}");
    assert_eq!(c.whoami().await, None);
    // Other accounts are not affected.
    assert!(Client::new(&router).sign_in("worker.ungheni", DEMO_PASSWORD).await.ok());
    // Fifteen minutes later (the lock's end moved into the past), it works again.
    let id = user_id(&state, "worker.chisinau").await;
    let past = app::store::now() - chrono::Duration::seconds(1);
    match state.store.db() {
        app::store::Db::Sqlite(p) => {
            sqlx::query("UPDATE users SET locked_until = $1 WHERE id = $2")
                .bind(past)
                .bind(id)
                .execute(p)
                .await
                .unwrap();
        }
        app::store::Db::Postgres(p) => {
            sqlx::query("UPDATE users SET locked_until = $1 WHERE id = $2")
                .bind(past)
                .bind(id)
                .execute(p)
                .await
                .unwrap();
        }
    }
    assert!(c.sign_in("worker.chisinau", DEMO_PASSWORD).await.ok());
    let actions = audit_actions(&state, Some("worker.chisinau")).await;
    assert!(actions.contains(&("auth.locked".into(), "done".into())));
    assert!(actions.contains(&("auth.sign_in".into(), "refused".into())));
}

async fn rate_limit_per_address(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[("VATRA_SIGN_IN_PER_MINUTE", "3")])).await;
    let mut c = Client::new(&router);
    let with_addr = |body: &str| {
        let mut req = Request::post("/api/auth/sign_in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body.to_owned()))
            .unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 1, 2, 3], 5000))));
        req
    };
    let mut statuses = Vec::new();
    for i in 0..5 {
        statuses.push(c.send(with_addr(&format!("username=u{i}.x&password=whatever-it-is"))).await.status);
    }
    assert_eq!(&statuses[..3], &[StatusCode::UNPROCESSABLE_ENTITY; 3]);
    assert_eq!(&statuses[3..], &[StatusCode::TOO_MANY_REQUESTS; 2]);
}

async fn sessions_expire(db: TestDb) {
    let mut cfg = config(&db, &[]);
    cfg.session_idle = std::time::Duration::from_secs(2);
    let (router, _) = app_with(&db, cfg).await;
    let mut c = signed_in(&router, "worker.chisinau").await;
    assert!(c.whoami().await.is_some());
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    assert_eq!(c.whoami().await, None, "idle timeout");

    let mut cfg = config(&db, &[]);
    cfg.session_absolute = std::time::Duration::from_secs(2);
    let (router, _) = app_with(&db, cfg).await;
    let mut c = signed_in(&router, "worker.chisinau").await;
    for _ in 0..3 {
        // Active all along, yet the absolute lifetime still ends it.
        assert!(c.whoami().await.is_some());
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert_eq!(c.whoami().await, None, "absolute lifetime");
}

async fn sign_out_everywhere_and_password_change(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let mut phone = signed_in(&router, "worker.chisinau").await;
    let mut desk = signed_in(&router, "worker.chisinau").await;
    // A password change ends the other sessions and keeps this one.
    let r = phone
        .call(
            "auth/change_password",
            &[("current", DEMO_PASSWORD), ("new", "amber-meadow-violin-31"), ("confirm", "amber-meadow-violin-31")],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(phone.whoami().await.as_deref(), Some("worker.chisinau"));
    assert_eq!(desk.whoami().await, None);
    // Rules are checked on the server: wrong current password, weak or mismatched new ones.
    let r = phone.call("auth/change_password", &[("current", "nope"), ("new", "short"), ("confirm", "other")]).await;
    match r.error() {
        AppError::Invalid(e) => {
            assert_eq!(e.for_field("current"), Some("wrong_password"));
            assert_eq!(e.for_field("new"), Some("password_too_short"));
            assert_eq!(e.for_field("confirm"), Some("password_mismatch"));
        }
        other => panic!("{other:?}"),
    }
    let mut desk = Client::new(&router);
    assert!(desk.sign_in("worker.chisinau", "amber-meadow-violin-31").await.ok());
    assert!(phone.call("auth/sign_out_everywhere", &[]).await.ok());
    assert_eq!(phone.whoami().await, None);
    assert_eq!(desk.whoami().await, None);
    let actions = audit_actions(&state, Some("worker.chisinau")).await;
    assert!(actions.contains(&("auth.change_password".into(), "done".into())));
    assert!(actions.contains(&("auth.change_password".into(), "refused".into())));
    assert!(actions.contains(&("auth.sign_out_everywhere".into(), "done".into())));
}

async fn admin_creates_user_who_must_change_password(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let mut admin = signed_in(&router, "admin.chisinau").await;
    let chisinau = state.store.territory_by_name("mun. Chișinău").await.unwrap().id.to_string();
    let ungheni = state.store.territory_by_name("r-nul Ungheni").await.unwrap().id.to_string();
    let form = |territory: &str, username: &str| -> Vec<(String, String)> {
        vec![
            ("username".into(), username.into()),
            ("full_name".into(), "Irina Vieru".into()),
            ("email".into(), "irina@example.md".into()),
            ("territory_id".into(), territory.into()),
            ("roles[0]".into(), "social_worker".into()),
            ("roles[1]".into(), "supervisor".into()),
            ("roles[2]".into(), "analyst".into()),
        ]
    };
    let call = |c: &mut Client, f: Vec<(String, String)>| {
        let mut c = c.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let r = c.call("users/create", &pairs).await;
            (c, r)
        }
    };
    // Bad input: every field error at once, and nothing created.
    let (_, r) = call(
        &mut admin,
        vec![
            ("username".into(), "x".into()),
            ("full_name".into(), "".into()),
            ("territory_id".into(), "0".into()),
            // The administrator never chooses the password: Vatra makes it.
            ("password".into(), "password1234".into()),
        ],
    )
    .await;
    match r.error() {
        AppError::Invalid(e) => {
            for f in ["username", "full_name", "territory_id", "roles"] {
                assert!(e.for_field(f).is_some(), "{f}: {e:?}");
            }
        }
        other => panic!("{other:?}"),
    }
    // Outside the administrator's territory: refused.
    let (_, r) = call(&mut admin, form(&ungheni, "irina.vieru")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(state.store.user_by_username("irina.vieru").await.unwrap().is_none());
    let (_, r) = call(&mut admin, form(&chisinau, "irina.vieru")).await;
    assert!(r.ok(), "{}", r.body);
    let row = state.store.user_by_username("irina.vieru").await.unwrap().unwrap();
    assert!(row.must_change_password);
    // The temporary password Vatra made is shown to the administrator once.
    let page: app::api::users::UserDetailView =
        serde_json::from_str(&admin.call("users/get", &[("id", &row.id.to_string())]).await.body).unwrap();
    let temporary = page.temporary_password.expect("shown once");
    let again: app::api::users::UserDetailView =
        serde_json::from_str(&admin.call("users/get", &[("id", &row.id.to_string())]).await.body).unwrap();
    assert_eq!(again.temporary_password, None, "only once");
    assert!(!state.store.list_audit(&Default::default()).await.unwrap().iter().any(|e| e.details.contains(&temporary)));
    // The roles that read persons wait for a second administrator; the others are given.
    assert_eq!(row.roles().iter().collect::<Vec<_>>(), vec![Role::Analyst]);
    let grant = page.waiting_grant.expect("waiting");
    assert!(grant.by_me && grant.roles.contains(Role::Supervisor) && grant.roles.contains(Role::SocialWorker));
    let decide = |approve: &str| {
        vec![
            ("id".to_owned(), row.id.to_string()),
            ("grant".to_owned(), grant.id.to_string()),
            ("version".to_owned(), row.version.to_string()),
            ("approve".to_owned(), approve.to_owned()),
        ]
    };
    let pairs = |f: &[(String, String)]| f.iter().map(|(a, b)| (a.clone(), b.clone())).collect::<Vec<_>>();
    let send = |c: &mut Client, f: Vec<(String, String)>| {
        let mut c = c.clone();
        async move {
            let p: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            c.call("users/decide_grant", &p).await
        }
    };
    // Not by the administrator who asked.
    let r = send(&mut admin, pairs(&decide("true"))).await;
    assert!(matches!(r.error(), AppError::Invalid(e) if e.for_field("grant") == Some("grant_own_request")));
    let mut second = signed_in(&router, "admin.national").await;
    let r = send(&mut second, pairs(&decide("true"))).await;
    assert!(r.ok(), "{}", r.body);
    let row = state.store.user_by_username("irina.vieru").await.unwrap().unwrap();
    assert!(row.roles().contains(Role::Supervisor) && row.roles().contains(Role::SocialWorker));
    // Decided once.
    let r = send(&mut second, pairs(&decide("false"))).await;
    assert!(matches!(r.error(), AppError::Invalid(e) if e.for_field("grant") == Some("grant_gone")));
    let (_, r) = call(&mut admin, form(&chisinau, "irina.vieru")).await;
    assert!(matches!(r.error(), AppError::Invalid(e) if e.for_field("username") == Some("username_taken")));

    // The new user signs in, is sent to change the password, and can do nothing else first.
    let mut irina = Client::new(&router);
    let r = irina.sign_in("irina.vieru", &temporary).await;
    assert_eq!(r.location.as_deref(), Some("/profile/password"));
    let r = irina.call("users/list", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Every other page sends her there from the server; that page opens.
    let r = irina.get("/cases").await;
    assert_eq!((r.status, r.location.as_deref()), (StatusCode::SEE_OTHER, Some("/profile/password")));
    assert_eq!(irina.get("/profile/password").await.status, StatusCode::OK);
    let r = irina
        .call(
            "auth/change_password",
            &[
                ("current", temporary.as_str()),
                ("new", "quiet-lantern-harbor-58"),
                ("confirm", "quiet-lantern-harbor-58"),
            ],
        )
        .await;
    assert!(r.ok(), "{}", r.body);
    assert!(!state.store.user_by_username("irina.vieru").await.unwrap().unwrap().must_change_password);

    // Deactivation ends her sessions at once and keeps her out.
    let id = row.id.to_string();
    let version = state.store.user(row.id).await.unwrap().version.to_string();
    let r = admin.call("users/set_active", &[("id", &id), ("version", &version), ("active", "false")]).await;
    assert!(r.ok(), "{}", r.body);
    assert_eq!(irina.whoami().await, None);
    assert!(!Client::new(&router).sign_in("irina.vieru", "quiet-lantern-harbor-58").await.ok());
    // A stale version is refused, naming who changed the record.
    let r = admin.call("users/set_active", &[("id", &id), ("version", &version), ("active", "true")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(matches!(r.error(), AppError::StaleVersion { changed_by, .. } if changed_by == "admin.chisinau"));
    let audit = audit_actions(&state, Some("admin.chisinau")).await;
    assert!(audit.contains(&("users.create".into(), "done".into())));
    assert!(audit.contains(&("users.create".into(), "refused".into())));
    assert!(audit.contains(&("users.deactivate".into(), "done".into())));
    assert!(audit.contains(&("users.role_grant_request".into(), "done".into())));
    let national = audit_actions(&state, Some("admin.national")).await;
    assert!(national.contains(&("users.role_grant_approve".into(), "done".into())));
    assert!(matches!(state.store.verify_audit_chain().await.unwrap(), app::store::audit::ChainCheck::Intact { .. }));
}

async fn cross_site_posts_are_refused(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let before = audit_actions(&state, None).await.len();
    let post = |headers: &[(&str, &str)]| {
        let mut b = Request::post("/api/auth/sign_in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "vatra.example.md");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::from(format!("username=worker.chisinau&password={DEMO_PASSWORD}"))).unwrap()
    };
    let mut c = Client::new(&router);
    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
    ] {
        let r = c.send(post(&headers)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    assert_eq!(audit_actions(&state, None).await.len(), before, "nothing reached a server function");
    assert!(c.send(post(&[("origin", "http://vatra.example.md")])).await.ok());
    assert!(c.send(post(&[("sec-fetch-site", "same-origin")])).await.ok());
    // Reads are not blocked.
    assert_eq!(c.get("/health/live").await.status, StatusCode::OK);
}

async fn pages_headers_and_health(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[])).await;
    let mut c = Client::new(&router);
    let res = router.clone().oneshot(Request::get("/sign-in").body(Body::empty()).unwrap()).await.unwrap();
    let h = res.headers();
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert!(h["content-security-policy"].to_str().unwrap().contains("'wasm-unsafe-eval'"));
    assert!(h.contains_key("x-request-id"));
    assert!(!h.contains_key("strict-transport-security"));
    // A signed-out visit to a signed-in page goes to sign in, remembering where to return.
    let r = c.get("/admin/users").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location.as_deref(), Some("/sign-in?next=/admin/users"));
    // Every signed-in page answers so from the server, before anything is drawn (they once
    // answered 200 with an empty page, and left the redirect to the script), its query kept.
    for (path, next) in [
        ("/", "/"),
        ("/cases", "/cases"),
        ("/cases/mine?status=planning", "/cases/mine%3Fstatus%3Dplanning"),
        ("/persons/1", "/persons/1"),
        ("/forms/1?saved=1", "/forms/1%3Fsaved%3D1"),
        ("/support/new", "/support/new"),
    ] {
        for _ in 0..3 {
            let r = c.get(path).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(r.location.as_deref(), Some(format!("/sign-in?next={next}").as_str()), "{path}");
            assert!(r.body.is_empty(), "{path}: {}", r.body);
        }
    }
    let r = c.get("/no-such-page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page not found"));
    // A page refused to its reader answers 403, with a heading and the reason.
    let mut district = signed_in(&router, "admin.chisinau").await;
    let r = district.get("/admin/forms").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("data-testid=\"page-refused\"") && r.body.contains("You may not open this page"));
    // Each signed-in page renders on the server (and once: the audit page
    // once re-ran its query without end).
    let mut auditor = signed_in(&router, "auditor.chisinau").await;
    let r = auditor.get("/audit").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-testid=\"audit-table\"") && r.body.contains("auth.sign_in"));
    let mut admin = signed_in(&router, "admin.chisinau").await;
    for path in ["/", "/profile", "/profile/password", "/admin/users", "/admin/users/new", "/admin/users/1"] {
        let r = admin.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
    }
    let r = c.get("/health/ready").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("\"ready\""));
    // Romanian browsers get Romanian pages before sign-in.
    let res = router
        .clone()
        .oneshot(Request::get("/sign-in").header("accept-language", "ro-MD,ro;q=0.9").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(body.contains("Autentificare") && body.contains("lang=\"ro\""));
}

/// A form refused without JavaScript comes back with what was typed (never a password), once.
async fn refused_plain_posts_keep_what_was_typed(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[])).await;
    let mut c = Client::new(&router);
    let r = c
        .post_form_from(
            "auth/sign_in",
            "/sign-in",
            &[("username", "worker.chisinau"), ("password", "not-the-password-1")],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.status);
    let to = r.location.unwrap_or_default();
    assert!(to.contains("/sign-in?") && to.contains("__err="), "{to}");
    assert!(!to.contains("worker.chisinau"), "typed values never go in the address: {to}");
    let page = c.get(&to.replacen("http://127.0.0.1:3000", "", 1)).await;
    assert!(page.body.contains("value=\"worker.chisinau\""), "the user name is kept");
    assert!(!page.body.contains("not-the-password-1"), "a password is never kept");
    // Once: the next visit starts empty.
    assert!(!c.get("/sign-in").await.body.contains("value=\"worker.chisinau\""));

    // A registration refused for its IDNP keeps the names, the date and the ticked boxes.
    let mut w = signed_in(&router, "worker.chisinau").await;
    let form = [
        ("input[idnp]", "2000000000001"),
        ("input[last_name]", "Păstrată"),
        ("input[first_name]", "Ana"),
        ("input[birth_date]", "1990-01-01"),
        ("input[sex]", "f"),
        ("input[vulnerabilities][0]", "poverty"),
    ];
    let r = w.post_form_from("persons/register", "/persons/new", &form).await;
    let to = r.location.unwrap_or_default();
    assert!(to.contains("/persons/new?") && to.contains("__err="), "{to}");
    let page = w.get(&to.replacen("http://127.0.0.1:3000", "", 1)).await;
    for kept in ["value=\"Păstrată\"", "value=\"Ana\"", "value=\"1990-01-01\"", "value=\"2000000000001\""] {
        assert!(page.body.contains(kept), "{kept} kept");
    }
    // Another page does not take them.
    let other = w.post_form_from("persons/register", "/persons/new", &form).await;
    assert!(other.status.is_redirection());
    assert!(!w.get("/persons").await.body.contains("Păstrată"));
    assert!(!w.get("/persons/new").await.body.contains("Păstrată"));
}

async fn secure_cookies_when_configured(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[("VATRA_SECURE_COOKIES", "true")])).await;
    let res = sign_in_plain(&router).await;
    assert!(res.headers().contains_key("strict-transport-security"));
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("__Host-vatra_session="))
        .expect("a __Host- session cookie");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}

/// Pages render while other routers of the same process are built (as the tests do all the
/// time): listing the routes must not leave a page's resources waiting forever. The pages are
/// drawn one after another here (pages drawn at once: [`pages_drawn_at_once`]).
async fn pages_render_while_routers_are_built(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let builder = tokio::spawn(async move {
        for _ in 0..60 {
            let _ = app::routes::router(state.clone()).await.expect("router");
            tokio::task::yield_now().await;
        }
    });
    // The national administrator: the forms are the national settings.
    let mut c = signed_in(&router, "admin.national").await;
    for i in 0..16 {
        let path = if i % 2 == 0 { "/admin/forms" } else { "/profile" };
        let page = tokio::time::timeout(std::time::Duration::from_secs(20), c.get(path)).await;
        assert_eq!(
            page.map(|p| p.status).map_err(|_| format!("{path} did not answer within 20 s")),
            Ok(StatusCode::OK)
        );
    }
    builder.await.unwrap();
}

/// Two dozen pages drawn at the same moment all answer: a text read after its page's owner was
/// dropped (the head finished on another thread) once panicked, about one run in three on SQLite.
async fn pages_drawn_at_once(db: TestDb) {
    let (router, _) = app_with(&db, config(&db, &[])).await;
    let mut pages = Vec::new();
    for i in 0..24 {
        let r = router.clone();
        pages.push(tokio::spawn(async move {
            let mut c = signed_in(&r, "admin.national").await;
            let path = if i % 2 == 0 { "/admin/forms" } else { "/profile" };
            c.get(path).await.status
        }));
    }
    for p in pages {
        assert_eq!(p.await.unwrap(), StatusCode::OK);
    }
}

crate::both_engines! {
    http_pages_drawn_at_once => pages_drawn_at_once;
    http_pages_while_routers_are_built => pages_render_while_routers_are_built;
    http_sign_in_and_out => sign_in_and_out;
    http_new_session_id => a_new_session_id_at_sign_in;
    http_wrong_password => wrong_password_and_unknown_user_look_alike;
    http_lockout => lockout_and_its_expiry;
    http_rate_limit => rate_limit_per_address;
    http_session_expiry => sessions_expire;
    http_everywhere_and_password => sign_out_everywhere_and_password_change;
    http_admin_creates_user => admin_creates_user_who_must_change_password;
    http_cross_site => cross_site_posts_are_refused;
    http_refused_posts_keep_input => refused_plain_posts_keep_what_was_typed;
    http_pages_and_headers => pages_headers_and_health;
    http_secure_cookies => secure_cookies_when_configured;
}

pub(crate) mod authz;
