//! The registers once kept on paper, as lists that filter, page, print and download: the
//! register of referrals. They name persons, so only those who may read the persons of the
//! territory (social workers and supervisors) see them; every page and file is audited.

use crate::api::reports::OptionView;
use crate::domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One referral as the register lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralEntryView {
    pub case_id: i64,
    pub number: String,
    pub received_on: String,
    pub channel: String,
    pub reporter: String,
    pub person_id: i64,
    pub person_name: String,
    /// Empty for a person registered without one.
    pub idnp: String,
    pub birth_date: String,
    pub risk: String,
    pub status: String,
    /// Empty while the case waits for a case manager.
    pub manager: String,
    pub territory: String,
}

/// One page of the register of referrals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralRegisterView {
    pub from: String,
    pub to: String,
    pub territory_id: i64,
    pub territory_name: String,
    pub territories: Vec<OptionView>,
    pub rows: Vec<ReferralEntryView>,
    /// The `after` of the next page, when there is one.
    pub next: Option<String>,
}

/// The register's columns, as the page and the file show them.
pub const COLUMNS: [crate::i18n::K; 11] = {
    use crate::i18n::K;
    [
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
    ]
};

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub(crate) mod imp;

/// The register of referrals: the cases whose referral was received from `from` to `to` (by
/// default this month so far) in `territory` (by default the caller's own), the latest first,
/// a page at a time (`after`: the `next` of the page before).
#[server(prefix = "/api", endpoint = "registers/referrals")]
pub async fn referral_register(
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] territory: Option<String>,
    #[server(default)] after: Option<String>,
) -> Result<ReferralRegisterView, AppError> {
    imp::referrals(from, to, territory, after).await
}
