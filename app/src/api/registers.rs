//! The registers once kept on paper, as lists that filter, page, print and download: the
//! registers of referrals, of beneficiaries and of assistance measures. They name persons, so only those who
//! may read the persons of the territory (social workers and supervisors) see them; every page
//! and file is audited. Each register is a list of lines of cells, so one page and one file
//! writer serve them all.

use crate::api::scope::OptionView;
use crate::domain::AppError;
use crate::i18n::K;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    /// Every case by the day its referral was received.
    Referrals,
    /// The persons whose case was open at some moment of the period, by the case.
    Beneficiaries,
    /// The actions of the assistance plans approved in the period.
    Measures,
}

impl RegisterKind {
    pub const ALL: [RegisterKind; 3] = [RegisterKind::Referrals, RegisterKind::Beneficiaries, RegisterKind::Measures];

    /// The register's name in addresses and audit events.
    pub fn code(self) -> &'static str {
        match self {
            RegisterKind::Referrals => "referrals",
            RegisterKind::Beneficiaries => "beneficiaries",
            RegisterKind::Measures => "measures",
        }
    }

    /// The page's address.
    pub fn path(self) -> String {
        format!("/registers/{}", self.code())
    }

    pub fn title(self) -> K {
        match self {
            RegisterKind::Referrals => K::RgReferrals,
            RegisterKind::Beneficiaries => K::RgBeneficiaries,
            RegisterKind::Measures => K::RgMeasures,
        }
    }

    /// What the register lists, under its title.
    pub fn intro(self) -> K {
        match self {
            RegisterKind::Referrals => K::RgIntro,
            RegisterKind::Beneficiaries => K::RgBeneficiariesIntro,
            RegisterKind::Measures => K::RgMeasuresIntro,
        }
    }

    /// Said when the period has no line.
    pub fn none(self) -> K {
        match self {
            RegisterKind::Referrals => K::RgNone,
            RegisterKind::Beneficiaries => K::RgBeneficiariesNone,
            RegisterKind::Measures => K::RgMeasuresNone,
        }
    }

    /// The columns, as the page and the file show them.
    pub fn columns(self) -> &'static [K] {
        match self {
            RegisterKind::Referrals => &[
                K::RgReceived,
                K::CaseNumber,
                K::RgPerson,
                K::Idnp,
                K::BirthDate,
                K::Channel,
                K::RgReporter,
                K::Territory,
                K::RiskLevel,
                K::Status,
                K::CaseManager,
            ],
            RegisterKind::Beneficiaries => &[
                K::RgTakenOn,
                K::CaseNumber,
                K::RgPerson,
                K::Idnp,
                K::BirthDate,
                K::Sex,
                K::DisabilityDegree,
                K::Domicile,
                K::Territory,
                K::RiskLevel,
                K::Status,
                K::RgClosedOn,
                K::CaseManager,
            ],
            RegisterKind::Measures => &[
                K::RgApprovedOn,
                K::CaseNumber,
                K::RgPerson,
                K::Idnp,
                K::RgGoal,
                K::RgAction,
                K::RgService,
                K::RgResponsible,
                K::RgDue,
                K::Territory,
                K::CaseManager,
            ],
        }
    }
}

/// One cell of a line: its text and, for a case or a person, where it leads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterCell {
    pub text: String,
    pub href: Option<String>,
}

/// One line of a register: a cell per column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLineView {
    pub cells: Vec<RegisterCell>,
}

/// One page of a register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterView {
    pub kind: RegisterKind,
    pub from: String,
    pub to: String,
    pub territory_id: i64,
    pub territory_name: String,
    pub territories: Vec<OptionView>,
    pub lines: Vec<RegisterLineView>,
    /// The `after` of the next page, when there is one.
    pub next: Option<String>,
}

/// The response header that tells how many lines a register's file holds (when that is cheap to
/// tell), for the page's download progress.
pub const LINES_HEADER: &str = "x-vatra-lines";

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub(crate) mod service;

/// The plain HTTP routes of the registers: each register as a file, streamed.
#[cfg(feature = "ssr")]
pub(crate) fn routes() -> axum::Router<crate::server::AppState> {
    use axum::routing::get;
    RegisterKind::ALL.into_iter().fold(axum::Router::new(), |r, kind| {
        r.route(&export::file_path(kind, "csv"), get(export::get_csv))
            .route(&export::file_path(kind, "xlsx"), get(xlsx::get_xlsx))
    })
}
#[cfg(feature = "ssr")]
pub mod xlsx;

/// The register of referrals: the cases whose referral was received from `from` to `to` (by
/// default this month so far) in `territory` (by default the caller's own), the latest first,
/// a page at a time (`after`: the `next` of the page before).
#[server(prefix = "/api", endpoint = "registers/referrals")]
pub async fn referral_register(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] territory: Option<String>,
    #[server(default)] after: Option<String>,
) -> Result<RegisterView, AppError> {
    service::page(RegisterKind::Referrals, from, to, territory, after).await
}

/// The register of beneficiaries: the persons whose case in `territory` was open at some moment
/// from `from` to `to`, one line per case, the latest taken on first, a page at a time.
#[server(prefix = "/api", endpoint = "registers/beneficiaries")]
pub async fn beneficiary_register(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] territory: Option<String>,
    #[server(default)] after: Option<String>,
) -> Result<RegisterView, AppError> {
    service::page(RegisterKind::Beneficiaries, from, to, territory, after).await
}

/// The register of assistance measures: the actions of the assistance plans of `territory`
/// approved from `from` to `to` (and still in force), one line per action, the latest plan
/// first, a page at a time.
#[server(prefix = "/api", endpoint = "registers/measures")]
pub async fn measure_register(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] territory: Option<String>,
    #[server(default)] after: Option<String>,
) -> Result<RegisterView, AppError> {
    service::page(RegisterKind::Measures, from, to, territory, after).await
}

/// The page of `kind` for the filters: its server function.
pub async fn register_page(
    kind: RegisterKind,
    from: Option<String>,
    to: Option<String>,
    territory: Option<String>,
    after: Option<String>,
) -> Result<RegisterView, AppError> {
    match kind {
        RegisterKind::Referrals => referral_register(from, to, territory, after).await,
        RegisterKind::Beneficiaries => beneficiary_register(from, to, territory, after).await,
        RegisterKind::Measures => measure_register(from, to, territory, after).await,
    }
}
