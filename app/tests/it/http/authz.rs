//! The authorisation table: every endpoint × every role × own and other
//! territory, checked against the permission table in `domain`.

use super::{signed_in, Client};
use crate::forms::{draft_direct, steps_direct, submitted_direct, test_definition};
use crate::harness::{app_with, config, TestDb};
use crate::records::*;
use crate::store::create_user;
use app::domain::form::StandardForm;
use app::domain::person::RelationKind;
use app::domain::roles::role_allows;
use app::domain::{Permission, Role};
use app::server::AppState;
use app::store::forms as fs;
use app::store::Store;
use axum::http::StatusCode;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Scope {
    Own,
    Other,
}

/// What an endpoint needs: a permission (or only a signed-in user), and
/// whether it acts on something in a territory.
struct Endpoint {
    path: &'static str,
    needs: Option<Permission>,
    territorial: bool,
    /// What a caller who holds the permission gets for something of another
    /// territory: refused, or a field error where the territory is a field of the form.
    outside: StatusCode,
    /// Only the case manager or a supervisor of the case's territory may act
    /// (for a transfer's answer: its receiver or a supervisor of theirs).
    case_bound: bool,
}

const fn ep(path: &'static str, needs: Option<Permission>, territorial: bool) -> Endpoint {
    Endpoint { path, needs, territorial, outside: StatusCode::FORBIDDEN, case_bound: false }
}

const fn form(e: Endpoint) -> Endpoint {
    Endpoint { outside: StatusCode::UNPROCESSABLE_ENTITY, ..e }
}

/// Something of another territory is not told apart from something missing: 404.
const fn hidden(e: Endpoint) -> Endpoint {
    Endpoint { outside: StatusCode::NOT_FOUND, ..e }
}

const fn case_bound(e: Endpoint) -> Endpoint {
    Endpoint { case_bound: true, ..e }
}

const VIEW: Option<Permission> = Some(Permission::ViewPersons);
const REGISTER: Option<Permission> = Some(Permission::RegisterPersons);
const CASEWORK: Option<Permission> = Some(Permission::EditAssignedCases);
const SUPERVISE: Option<Permission> = Some(Permission::SuperviseCases);
const DEFINE: Option<Permission> = Some(Permission::ManageClassifiers);

const ENDPOINTS: &[Endpoint] = &[
    ep("territories/list", None, false),
    ep("profile/update", None, false),
    ep("users/list", Some(Permission::ManageUsers), false),
    hidden(ep("users/get", Some(Permission::ManageUsers), true)),
    form(ep("users/create", Some(Permission::ManageUsers), true)),
    hidden(ep("users/update", Some(Permission::ManageUsers), true)),
    hidden(ep("users/set_active", Some(Permission::ManageUsers), true)),
    hidden(ep("users/reset_password", Some(Permission::ManageUsers), true)),
    hidden(ep("users/decide_grant", Some(Permission::ManageUsers), true)),
    ep("audit/list", Some(Permission::ViewAudit), false),
    ep("territories/districts", CASEWORK, false),
    ep("classifiers/list", None, false),
    ep("classifiers/admin_list", Some(Permission::ManageClassifiers), false),
    ep("classifiers/save", Some(Permission::ManageClassifiers), false),
    ep("classifiers/set_active", Some(Permission::ManageClassifiers), false),
    ep("persons/search", VIEW, false),
    ep("persons/check", REGISTER, false),
    form(ep("persons/register", REGISTER, true)),
    hidden(ep("persons/get", VIEW, true)),
    hidden(ep("persons/history", VIEW, true)),
    hidden(ep("persons/update", REGISTER, true)),
    hidden(ep("persons/archive", REGISTER, true)),
    hidden(ep("persons/relate", REGISTER, true)),
    hidden(ep("persons/unrelate", REGISTER, true)),
    hidden(ep("cases/open", CASEWORK, true)),
    hidden(ep("cases/get", VIEW, true)),
    hidden(ep("cases/history", VIEW, true)),
    hidden(case_bound(ep("cases/act", CASEWORK, true))),
    hidden(ep("cases/assign", SUPERVISE, true)),
    hidden(case_bound(ep("cases/transfer", CASEWORK, true))),
    hidden(case_bound(ep("cases/decide_transfer", VIEW, true))),
    ep("cases/mine", CASEWORK, false),
    ep("cases/list", SUPERVISE, false),
    ep("cases/team", SUPERVISE, false),
    // One's own territory's case managers, and another territory's supervisors: a transfer may
    // go there (checked in the security scenarios).
    ep("cases/assignees", CASEWORK, false),
    hidden(ep("forms/case", VIEW, true)),
    hidden(case_bound(ep("forms/start", CASEWORK, true))),
    hidden(ep("forms/get", VIEW, true)),
    hidden(case_bound(ep("forms/save", CASEWORK, true))),
    hidden(case_bound(ep("forms/submit", CASEWORK, true))),
    hidden(case_bound(ep("forms/revise", CASEWORK, true))),
    hidden(ep("forms/decide", SUPERVISE, true)),
    ep("forms/definitions", DEFINE, false),
    ep("forms/definition", DEFINE, false),
    ep("forms/definition_save", DEFINE, false),
    ep("forms/publish", DEFINE, false),
    ep("forms/definition_new", DEFINE, false),
    // One's own notifications and alerts: any signed-in user, on their own only.
    ep("alerts/unread", None, false),
    ep("alerts/notifications", None, false),
    ep("alerts/open_notification", None, false),
    ep("alerts/read_all", None, false),
    ep("alerts/today", None, false),
    ep("alerts/acknowledge", None, false),
    // The deadline rules and the holiday calendar, kept by those who keep the classifiers.
    ep("alerts/rules", DEFINE, false),
    ep("alerts/save_rules", DEFINE, false),
    ep("alerts/holidays", DEFINE, false),
    ep("alerts/add_holiday", DEFINE, false),
    ep("alerts/remove_holiday", DEFINE, false),
    ep("tickets/help", None, false),
    ep("tickets/create", None, false),
    ep("tickets/mine", None, false),
    // The knowledge base's answers, offered to anyone writing a new ticket.
    ep("tickets/answers", None, false),
    ep("tickets/queue", Some(Permission::WorkTickets), false),
    ep("tickets/figures", Some(Permission::WorkTickets), false),
    // A ticket the caller reported: theirs to read, answer, rate.
    ep("tickets/get", None, false),
    ep("tickets/message", None, false),
    ep("tickets/rate", None, false),
    // Resolving and triage are support's, even on one's own ticket.
    ep("tickets/status", Some(Permission::WorkTickets), false),
    ep("tickets/triage", Some(Permission::WorkTickets), false),
    ep("tickets/replies", Some(Permission::WorkTickets), false),
    ep("tickets/save_reply", Some(Permission::WorkTickets), false),
    ep("tickets/archive_reply", Some(Permission::WorkTickets), false),
    // The call center: finding a caller among the registered persons (in one's own territory
    // only, checked in the tickets scenarios), and registering the call.
    ep("tickets/find_caller", Some(Permission::WorkTickets), false),
    ep("tickets/call", Some(Permission::WorkTickets), false),
    // Giving tickets to an agent from the queue, several at once.
    ep("tickets/assign", Some(Permission::WorkTickets), false),
    // The SLA targets and assignment rules: support leads only.
    ep("tickets/rules", Some(Permission::LeadSupport), false),
    ep("tickets/save_rule", Some(Permission::LeadSupport), false),
    // The dashboard, for a territory within the caller's own.
    ep("reports/indicators", Some(Permission::ViewIndicators), true),
    // The registers name persons: for those who may read the territory's.
    ep("registers/referrals", VIEW, true),
    ep("registers/beneficiaries", VIEW, true),
    ep("registers/measures", VIEW, true),
    // One's own daily work report (a supervisor may read a case manager's, checked in the
    // report's own scenario).
    ep("reports/day", VIEW, false),
];

struct Fixture {
    state: AppState,
    target_own: i64,
    target_other: i64,
    territory_own: i64,
    territory_other: i64,
    /// Persons and cases of each territory.
    records: Records,
    counter: std::sync::atomic::AtomicUsize,
}

/// What the persons and cases endpoints act on, own territory first: its
/// social worker, a person, a person whose archiving is toggled, and a case
/// that worker manages.
struct Records {
    workers: [i64; 2],
    persons: [i64; 2],
    toggled: [i64; 2],
    cases: [i64; 2],
    /// Cases the forms endpoints work on (never suspended), each with a draft form.
    form_cases: [i64; 2],
    drafts: [i64; 2],
}

impl Records {
    async fn new(store: &Store, territories: [i64; 2]) -> Records {
        crate::forms::test_definitions(store).await;
        let mut r = Records {
            workers: [0; 2],
            persons: [0; 2],
            toggled: [0; 2],
            cases: [0; 2],
            form_cases: [0; 2],
            drafts: [0; 2],
        };
        for (i, name) in ["worker.chisinau", "worker.ungheni"].into_iter().enumerate() {
            let worker = store.user_by_username(name).await.unwrap().unwrap().id;
            let t = territories[i];
            let n = 10 * i as u64;
            r.workers[i] = worker;
            r.persons[i] =
                register_direct(store, &person("Tabel", "Ana", "1980-01-01", Some(&idnp(n)), t), worker).await;
            r.toggled[i] =
                register_direct(store, &person("Tabel", "Ion", "1960-06-06", Some(&idnp(n + 1)), t), worker).await;
            r.cases[i] = open_case_direct(store, r.persons[i], Some(worker), worker).await;
            r.form_cases[i] = open_case_direct(store, r.persons[i], Some(worker), worker).await;
            r.drafts[i] = draft_direct(store, r.form_cases[i], StandardForm::SocialInquiry, worker).await.id;
        }
        r
    }
}

impl Fixture {
    /// A request for the supervisor role for `user`, asked by a national administrator.
    async fn ask_grant(&self, user: i64) -> i64 {
        let store = &self.state.store;
        let by = store.user_by_username("admin.national").await.unwrap().unwrap().id;
        let mut tx = store.begin().await.unwrap();
        let id = app::store::role_grants::request(&mut tx, user, app::domain::RoleSet::from_codes("supervisor"), by)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// Valid arguments for `path`, acting in `scope`, as the caller `me`.
    async fn args(&self, path: &str, scope: Scope, me: Option<&str>) -> Vec<(String, String)> {
        let (target, territory) = match scope {
            Scope::Own => (self.target_own, self.territory_own),
            Scope::Other => (self.target_other, self.territory_other),
        };
        let version = |id: i64| {
            let store = self.state.store.clone();
            async move { store.user(id).await.map(|u| u.version).unwrap_or(1).to_string() }
        };
        let n = self.counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let s = |a: &str, b: String| (a.to_owned(), b);
        match path {
            "profile/update" => {
                let me_id = match me {
                    Some(u) => self.state.store.user_by_username(u).await.unwrap().unwrap().id,
                    None => 0,
                };
                vec![
                    s("version", version(me_id).await),
                    s("full_name", format!("Renamed {n}")),
                    s("email", String::new()),
                    s("phone", String::new()),
                    s("language", "ro".into()),
                ]
            }
            "users/get" => vec![s("id", target.to_string())],
            "users/create" => vec![
                s("username", format!("made.{n}")),
                s("full_name", "Made By Test".into()),
                s("territory_id", territory.to_string()),
                s("roles[0]", "analyst".into()),
            ],
            "users/update" => vec![
                s("id", target.to_string()),
                s("version", version(target).await),
                s("full_name", format!("Target {n}")),
                s("territory_id", territory.to_string()),
                s("roles[0]", "social_worker".into()),
            ],
            "users/set_active" => {
                vec![s("id", target.to_string()), s("version", version(target).await), s("active", "true".into())]
            }
            "users/reset_password" => vec![s("id", target.to_string())],
            "users/decide_grant" => {
                // Asked by another administrator of the target's territory, refused by the caller.
                let grant = self.ask_grant(target).await;
                vec![
                    s("id", target.to_string()),
                    s("grant", grant.to_string()),
                    s("version", version(target).await),
                    s("approve", "false".into()),
                ]
            }
            p if ["persons/", "cases/", "classifiers/", "forms/"].iter().any(|a| p.starts_with(a)) => {
                self.record_args(p, scope, territory, target, n).await
            }
            p if p.starts_with("alerts/") => self.alert_args(p, me, n).await,
            p if p.starts_with("tickets/") => self.ticket_args(p, me, n).await,
            "reports/indicators" | "registers/referrals" | "registers/beneficiaries" | "registers/measures" => {
                vec![s("territory", territory.to_string())]
            }
            _ => vec![],
        }
    }

    /// Valid arguments for a persons or cases endpoint. Each call that
    /// would collide with an earlier one (a relation, a transfer) gets fresh records.
    async fn record_args(
        &self,
        path: &str,
        scope: Scope,
        territory: i64,
        target: i64,
        n: usize,
    ) -> Vec<(String, String)> {
        let store = &self.state.store;
        let r = &self.records;
        let (i, o) = if scope == Scope::Own { (0, 1) } else { (1, 0) };
        let (worker, person_id, case) = (r.workers[i], r.persons[i], r.cases[i]);
        // Someone new in the scope's territory, unlike anyone else.
        // (Forty days apart, from 1930, going round before the dates reach today.)
        let born = chrono::NaiveDate::from_ymd_opt(1930, 1, 1).unwrap() + chrono::Duration::days(40 * (n % 500) as i64);
        let fresh = person("Nou", &format!("Persoana {n}"), &born.to_string(), Some(&idnp(1000 + n as u64)), territory);
        let case_version = store.case(case).await.unwrap().version;
        match path {
            "classifiers/list" | "classifiers/admin_list" => vec![s("kind", "vulnerability")],
            "classifiers/save" => vec![
                s("kind", "vulnerability"),
                s("code", format!("table_{n}")),
                s("version", 0),
                s("name_ro", "Test"),
                s("name_en", "Test"),
                s("name_ru", "Тест"),
            ],
            "classifiers/set_active" => {
                let rows = store.classifier_admin("vulnerability").await.unwrap();
                let e = rows.iter().find(|r| r.code == "homelessness").unwrap();
                vec![
                    s("kind", "vulnerability"),
                    s("code", &e.code),
                    s("version", e.version),
                    s("active", e.valid_to.is_some()),
                ]
            }
            "persons/search" => vec![s("q", "tabel")],
            "persons/check" | "persons/register" => {
                let mut form = nested("input", &fresh);
                form.push(s("distinct_note", "Another person"));
                form
            }
            "persons/get" | "persons/history" => vec![s("id", person_id)],
            "persons/update" => {
                let row = store.person(person_id).await.unwrap();
                let mut input = input_of(&row);
                input.phone = format!("+3736900{n:04}");
                let mut form = vec![s("id", person_id), s("version", row.version)];
                form.extend(nested("input", &input));
                form
            }
            "persons/archive" => {
                let row = store.person(r.toggled[i]).await.unwrap();
                let archive = row.status == "active";
                vec![s("id", row.id), s("version", row.version), s("archive", archive), s("reason", "Table test")]
            }
            "persons/relate" => {
                let mut own = fresh.clone();
                own.domicile_territory_id = self.territory_own.to_string();
                register_direct(store, &own, r.workers[0]).await;
                vec![s("id", person_id), s("kind", "other"), s("other", &own.idnp), s("note", "")]
            }
            "persons/unrelate" => {
                let other = register_direct(store, &fresh, worker).await;
                let rel = relate_direct(store, person_id, RelationKind::Other, other, worker).await;
                vec![s("id", person_id), s("relation_id", rel)]
            }
            "cases/open" => nested("input", &referral(person_id)),
            "cases/get" | "cases/history" => vec![s("id", case)],
            "cases/act" => {
                let action = if store.case(case).await.unwrap().status == "suspended" { "resume" } else { "suspend" };
                vec![s("id", case), s("version", case_version), s("action", action), s("reason", "Table test")]
            }
            "cases/assign" => vec![s("id", case), s("version", case_version), s("manager_id", worker)],
            "cases/transfer" => {
                // To the other territory's supervisor, who receives transfers from elsewhere.
                let new = open_case_direct(store, person_id, Some(worker), worker).await;
                let supervisor = ["supervisor.chisinau", "supervisor.ungheni"][o];
                let to = store.user_by_username(supervisor).await.unwrap().unwrap().id;
                vec![s("id", new), s("version", 1), s("to_user", to), s("note", "")]
            }
            "cases/decide_transfer" => {
                // Sent by another worker of the territory to this territory's demo worker.
                let new = open_case_direct(store, person_id, Some(target), target).await;
                transfer_direct(store, new, worker, target).await;
                vec![s("id", new), s("version", 2), s("accept", false), s("reason", "Table test")]
            }
            "forms/case" => vec![s("case_id", r.form_cases[i])],
            "forms/start" => vec![s("case_id", r.form_cases[i]), s("form", "social_inquiry")],
            "forms/get" => vec![s("id", r.drafts[i])],
            "forms/save" => {
                let version = store.submission(r.drafts[i]).await.unwrap().version;
                let answers = serde_json::json!({ "note": format!("Table test {n}") });
                vec![s("id", r.drafts[i]), s("version", version), s("answers", answers)]
            }
            "forms/submit" => {
                let d = draft_direct(store, r.form_cases[i], StandardForm::SocialInquiry, worker).await;
                vec![s("id", d.id), s("version", 1), s("answers", r#"{"reason":"Table test"}"#)]
            }
            "forms/revise" => {
                let d = submitted_direct(store, r.form_cases[i], StandardForm::SocialInquiry, worker).await;
                vec![s("id", d.id), s("version", d.version)]
            }
            "forms/decide" => {
                use app::domain::case::CaseAction as A;
                let new = open_case_direct(store, person_id, Some(worker), worker).await;
                steps_direct(store, new, &[A::StartAssessment, A::StartPlanning, A::SubmitPlan], worker).await;
                let plan = submitted_direct(store, new, StandardForm::AssistancePlan, worker).await;
                vec![s("id", plan.id), s("version", plan.version), s("approve", false), s("comment", "Table test")]
            }
            "forms/definition" | "forms/definition_new" => vec![s("code", "social_inquiry")],
            "forms/definition_save" => {
                let body = serde_json::to_string(&test_definition("social_inquiry")).unwrap();
                vec![s("code", "social_inquiry"), s("row_version", 0), s("body", body)]
            }
            "forms/publish" => {
                let mut tx = store.begin().await.unwrap();
                let d = fs::add_definition(&mut tx, &test_definition("social_inquiry"), r.workers[0]).await.unwrap();
                tx.commit().await.unwrap();
                vec![s("code", "social_inquiry"), s("version", d.version), s("row_version", d.row_version)]
            }
            _ => vec![],
        }
    }
}

impl Fixture {
    /// Valid arguments for a ticket endpoint: a fresh ticket the caller (`me`, or the first worker)
    /// reported, resolved first for a rating.
    async fn ticket_args(&self, path: &str, me: Option<&str>, n: usize) -> Vec<(String, String)> {
        use app::store::{deadlines as dls, Db};
        let store = &self.state.store;
        let me = match me {
            Some(u) => store.user_by_username(u).await.unwrap().unwrap().id,
            None => self.records.workers[0],
        };
        let ticket = || async {
            let cal = dls::load(store.db(), app::store::today()).await.unwrap().calendar;
            let subject = format!("Tabel {n}");
            let territory = store.user(me).await.unwrap().territory();
            let new = app::store::tickets::NewTicket {
                reporter_id: Some(me),
                caller_name: None,
                caller_phone: None,
                caller_person_id: None,
                channel: "in_app",
                category: "question",
                priority: app::domain::ticket::TicketPriority::Normal,
                subject: &subject,
                body: "Din tabel",
                page: Some("/"),
                app_version: None,
                case_id: None,
                person_id: None,
                from_name: "Tabel",
                actor: me,
                taken_by: None,
                territory: &territory,
            };
            let mut tx = store.begin().await.unwrap();
            let id = app::store::tickets::create(&mut tx, &new, &cal).await.unwrap().id;
            tx.commit().await.unwrap();
            id
        };
        match path {
            "tickets/help" => vec![s("case_id", self.records.cases[0]), s("person_id", self.records.persons[0])],
            "tickets/create" => vec![
                s("subject", format!("Nu pot salva {n}")),
                s("body", "Formularul nu se salvează."),
                s("category", "forms"),
                s("page", "/cases"),
            ],
            "tickets/queue" => vec![s("status", "all")],
            "tickets/answers" => vec![s("q", "Nu pot salva evaluarea")],
            "tickets/get" => vec![s("id", ticket().await)],
            "tickets/message" => {
                vec![s("id", ticket().await), s("version", 1), s("body", "Mai scriu ceva."), s("mode", "reply")]
            }
            "tickets/status" => vec![s("id", ticket().await), s("version", 1), s("action", "resolve")],
            "tickets/triage" => vec![
                s("id", ticket().await),
                s("version", 1),
                s("priority", "high"),
                s("category", "fault"),
                s("assignee", ""),
            ],
            "tickets/find_caller" => vec![s("phone", "+37369000000")],
            "tickets/call" => vec![
                s("caller_name", format!("Apelant {n}")),
                s("caller_phone", "069 000 000"),
                s("category", "question"),
                s("subject", format!("Apel {n}")),
                s("body", "A întrebat de ajutorul social."),
            ],
            "tickets/save_reply" => vec![s("title", format!("Răspuns {n}")), s("body", "Bună ziua!")],
            "tickets/assign" => vec![s("tickets[0]", format!("{}:1", ticket().await)), s("assignee", "me")],
            "tickets/save_rule" => {
                let sql = "SELECT COALESCE(MAX(version), 0) FROM support_rules WHERE category = 'data'";
                let version: i64 = match store.db() {
                    Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
                    Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
                };
                let mut f = vec![s("category", "data"), s("version", version), s("own_targets", "on")];
                for p in ["low", "normal", "high", "urgent"] {
                    f.extend([s(&format!("first_{p}"), "2"), s(&format!("resolution_{p}"), "8")]);
                }
                f
            }
            "tickets/archive_reply" => {
                let mut tx = store.begin().await.unwrap();
                let id = app::store::saved_replies::create(&mut tx, &format!("De arhivat {n}"), "Text", false, me)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                vec![s("id", id), s("version", 1)]
            }
            "tickets/rate" => {
                let id = ticket().await;
                let sql = "UPDATE tickets SET status = 'resolved', resolved_at = created_at WHERE id = $1";
                match store.db() {
                    Db::Sqlite(p) => sqlx::query(sql).bind(id).execute(p).await.unwrap().rows_affected(),
                    Db::Postgres(p) => sqlx::query(sql).bind(id).execute(p).await.unwrap().rows_affected(),
                };
                vec![s("id", id), s("rating", 4)]
            }
            _ => vec![],
        }
    }
}

impl Fixture {
    /// Valid arguments for an alerts endpoint, as the caller `me` (whose own notification or
    /// alert it acts on; made for the call).
    async fn alert_args(&self, path: &str, me: Option<&str>, n: usize) -> Vec<(String, String)> {
        use app::store::{alerts as al, deadlines as dls, Db};
        let store = &self.state.store;
        let me = match me {
            Some(u) => store.user_by_username(u).await.unwrap().unwrap().id,
            None => self.records.workers[0],
        };
        match path {
            "alerts/notifications" => vec![s("unread", true)],
            "alerts/open_notification" => {
                let mut tx = store.begin().await.unwrap();
                let kind = app::domain::deadlines::NotificationKind::CaseAssigned;
                al::notify(&mut tx, me, kind, Some(self.records.cases[0]), None, None).await.unwrap();
                tx.commit().await.unwrap();
                let f = al::NotificationFilter::default();
                vec![s("id", al::notifications(store.db(), me, &f, 1).await.unwrap()[0].id)]
            }
            "alerts/read_all" => vec![s("up_to", i64::MAX)],
            "alerts/acknowledge" => {
                // A live alert of the caller's on the own territory's case (any earlier one resolved).
                let case = self.records.cases[0];
                let at = app::store::now();
                let resolve = "UPDATE alerts SET state = 'resolved' WHERE case_id = $1 AND owner_id = $2";
                let insert = "INSERT INTO alerts (case_id, kind, step, owner_id, due_on, level, state, notified, \
                              created_at, updated_at, version) VALUES ($1, 'deadline', 'initial_assessment', $2, $3, \
                              'overdue', 'open', TRUE, $4, $4, 1) RETURNING id";
                let due = app::store::today() - chrono::Duration::days(1);
                let id: i64 = match store.db() {
                    Db::Sqlite(p) => {
                        sqlx::query(resolve).bind(case).bind(me).execute(p).await.unwrap();
                        sqlx::query_scalar(insert).bind(case).bind(me).bind(due).bind(at).fetch_one(p).await.unwrap()
                    }
                    Db::Postgres(p) => {
                        sqlx::query(resolve).bind(case).bind(me).execute(p).await.unwrap();
                        sqlx::query_scalar(insert).bind(case).bind(me).bind(due).bind(at).fetch_one(p).await.unwrap()
                    }
                };
                vec![s("id", id), s("version", 1)]
            }
            "alerts/save_rules" => {
                let row = dls::rules(store.db()).await.unwrap();
                let mut form = vec![s("version", row.version)];
                for (key, rule) in &row.rules.rules {
                    let field = key.replace('/', "-");
                    let count = match rule.count {
                        app::domain::calendar::DayCount::Working => "working",
                        app::domain::calendar::DayCount::Calendar => "calendar",
                    };
                    form.push(s(&format!("values[rule-{field}]"), rule.days));
                    form.push(s(&format!("values[count-{field}]"), count));
                }
                form.push(s("values[due_soon_days]", row.rules.due_soon_days));
                form.push(s("values[escalate_after_days]", row.rules.escalate_after_days));
                form
            }
            "alerts/holidays" => vec![s("year", 2030)],
            "alerts/add_holiday" => vec![s("date", self.free_day(n).await), s("name", "Zi din tabel")],
            "alerts/remove_holiday" => {
                let day = self.free_day(n).await;
                let mut tx = store.begin().await.unwrap();
                let id = dls::add_holiday(&mut tx, day, false, "Zi din tabel", me).await.unwrap();
                tx.commit().await.unwrap();
                vec![s("id", id), s("year", chrono::Datelike::year(&day))]
            }
            _ => vec![],
        }
    }

    /// A day of 2031 or later that is no holiday yet, the later the larger `n`.
    async fn free_day(&self, n: usize) -> chrono::NaiveDate {
        use chrono::Datelike;
        let mut day = chrono::NaiveDate::from_ymd_opt(2031, 1, 2).unwrap() + chrono::Duration::days(n as i64);
        loop {
            let taken = app::store::deadlines::holidays(self.state.store.db(), day.year()).await.unwrap();
            if !taken.iter().any(|h| h.date_in(day.year()) == Some(day)) {
                return day;
            }
            day = day.succ_opt().unwrap();
        }
    }
}

/// The demo user of `role` in the own territory.
pub(crate) fn demo_user(role: Role) -> &'static str {
    match role {
        Role::SocialWorker => "worker.chisinau",
        Role::Supervisor => "supervisor.chisinau",
        Role::Analyst => "analyst.chisinau",
        Role::Administrator => "admin.chisinau",
        Role::SupportAgent => "support.chisinau",
        Role::Auditor => "auditor.chisinau",
        Role::SupportLead => "lead.chisinau",
    }
}

async fn call(c: &mut Client, path: &str, args: &[(String, String)]) -> StatusCode {
    let pairs: Vec<(&str, &str)> = args.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = c.call(path, &pairs).await;
    if r.status.is_server_error() {
        panic!("{path}: {} {}", r.status, r.body);
    }
    if r.ok() {
        StatusCode::OK
    } else {
        r.status
    }
}

/// Endpoints outside this table, each with a reason.
const ELSEWHERE: &[&str] = &[
    // Signing in and out, the session and one's own password: open to
    // anyone or to oneself, covered in `http.rs`.
    "auth/",
];

async fn every_endpoint_every_role_every_territory(db: TestDb) {
    let (router, state) = app_with(&db, config(&db, &[])).await;
    let own = state.store.territory_by_name("mun. Chișinău").await.unwrap();
    let other = state.store.territory_by_name("r-nul Ungheni").await.unwrap();
    let fx = Fixture {
        target_own: create_user(&state.store, "target.own", "mun. Chișinău", Role::SocialWorker).await,
        target_other: create_user(&state.store, "target.other", "r-nul Ungheni", Role::SocialWorker).await,
        territory_own: own.id,
        territory_other: other.id,
        records: Records::new(&state.store, [own.id, other.id]).await,
        counter: Default::default(),
        state: state.clone(),
    };
    // Every server function has its row, and every row is a server function.
    let registered: Vec<&str> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.trim_start_matches("/api/")).collect();
    let mut missing: Vec<&str> = registered
        .iter()
        .copied()
        .filter(|p| !ELSEWHERE.iter().any(|e| p.starts_with(e)) && !ENDPOINTS.iter().any(|e| e.path == *p))
        .collect();
    missing.sort_unstable();
    assert!(missing.is_empty(), "endpoints missing from the authorisation table: {missing:?}");
    let unknown: Vec<&str> = ENDPOINTS.iter().map(|e| e.path).filter(|p| !registered.contains(p)).collect();
    assert!(unknown.is_empty(), "rows for no endpoint: {unknown:?}");
    let mut failures = Vec::new();
    let mut checked = 0;
    // Signed out: everything is refused as unauthenticated.
    let mut anon = Client::new(&router);
    for e in ENDPOINTS {
        let got = call(&mut anon, e.path, &fx.args(e.path, Scope::Own, None).await).await;
        checked += 1;
        if got != StatusCode::UNAUTHORIZED {
            failures.push(format!("anonymous {}: {got}", e.path));
        }
    }
    // Each role, and a social worker of the territory who neither manages
    // the fixture's cases nor receives their transfers.
    signable_user(&state.store, "colleague.chisinau", "Doina Popa", "mun. Chișinău", Role::SocialWorker).await;
    // And the national administrator, whose territory is the country: the national settings are
    // theirs only, and every territory is theirs.
    let callers = Role::ALL.into_iter().map(|role| (role, demo_user(role), false));
    let others = [(Role::SocialWorker, "colleague.chisinau", true), (Role::Administrator, "admin.national", false)];
    for (role, username, colleague) in callers.chain(others) {
        let national = username.ends_with(".national");
        let mut c = signed_in(&router, username).await;
        for e in ENDPOINTS {
            let scopes: &[Scope] = if e.territorial { &[Scope::Own, Scope::Other] } else { &[Scope::Own] };
            for &scope in scopes {
                let permitted = e.needs.is_none_or(|p| role_allows(role, p) && (national || !p.is_national()));
                let reach = scope == Scope::Own || national;
                let allowed = permitted && reach && !(colleague && e.case_bound);
                let got = call(&mut c, e.path, &fx.args(e.path, scope, Some(username)).await).await;
                checked += 1;
                // Another territory's record is missing to whoever could look it up at all,
                // before what they may do to it is asked.
                let finds = e.outside == StatusCode::NOT_FOUND
                    && !e.path.starts_with("users/")
                    && role_allows(role, Permission::ViewPersons);
                let want = match (allowed, permitted && !reach) {
                    (true, _) => StatusCode::OK,
                    (false, true) => e.outside,
                    (false, false) if finds && scope == Scope::Other => StatusCode::NOT_FOUND,
                    (false, false) => StatusCode::FORBIDDEN,
                };
                if got != want {
                    failures.push(format!("{username} {} {scope:?}: got {got}, want {want}", e.path));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} cells wrong:\n{}", failures.len(), failures.join("\n"));
    // Every refusal was audited.
    let refused = state
        .store
        .list_audit(&app::store::AuditFilter {
            outcome: Some(app::store::Outcome::Refused),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(refused.len() >= 9 + 20, "refusals audited: {}", refused.len());
}

crate::both_engines! {
    authorisation_table => every_endpoint_every_role_every_territory;
}
