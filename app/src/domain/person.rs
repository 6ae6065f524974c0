//! A person (beneficiary) as registered: the form's fields and their rules, and the closed lists
//! (sex, disability degree, status, relation kind) it uses.

use super::error::{FieldError, FieldErrors};
use super::idnp::Idnp;
use super::user::{parse_email, parse_name, parse_optional_text, parse_phone};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most vulnerability codes one person may carry.
pub const MAX_VULNERABILITIES: usize = 20;

/// A calendar date as an HTML date input sends it, `YYYY-MM-DD`. Errors: `required`, `invalid_date`.
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| FieldError::new(field, "invalid_date"))
}

/// A database id typed or posted as text: a positive integer. Errors: `required` (when
/// `required` and empty) and `invalid`.
pub fn parse_id(field: &str, raw: &str, required: bool) -> Result<Option<i64>, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return if required { Err(FieldError::new(field, "required")) } else { Ok(None) };
    }
    match v.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(FieldError::new(field, "invalid")),
    }
}

/// A classifier code: 1–40 characters of `a-z`, `0-9` and `_`.
fn is_code(v: &str) -> bool {
    !v.is_empty() && v.len() <= 40 && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The completed years of a person born on `birth`, on the day `on`; 0 before birth. A person born
/// on 29 February turns a year older on 1 March in common years.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    on.years_since(birth).unwrap_or(0)
}

/// A person's sex, as recorded on the identity document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::Female, Sex::Male];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    /// Parses a form value on field `sex`: `required` when empty, `invalid_choice` when unknown.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim();
        if v.is_empty() {
            return Err(FieldError::new("sex", "required"));
        }
        Sex::ALL.into_iter().find(|s| s.as_str() == v).ok_or_else(|| FieldError::new("sex", "invalid_choice"))
    }
}

/// The degree of disability established by the assessment authority.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisabilityDegree {
    #[default]
    None,
    Mild,
    Medium,
    Severe,
}

impl DisabilityDegree {
    pub const ALL: [DisabilityDegree; 4] =
        [DisabilityDegree::None, DisabilityDegree::Mild, DisabilityDegree::Medium, DisabilityDegree::Severe];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            DisabilityDegree::None => "none",
            DisabilityDegree::Mild => "mild",
            DisabilityDegree::Medium => "medium",
            DisabilityDegree::Severe => "severe",
        }
    }

    /// Parses a form value on field `disability_degree`; empty means `None`, an unknown value is
    /// `invalid_choice`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim();
        if v.is_empty() {
            return Ok(DisabilityDegree::None);
        }
        DisabilityDegree::ALL
            .into_iter()
            .find(|d| d.as_str() == v)
            .ok_or_else(|| FieldError::new("disability_degree", "invalid_choice"))
    }
}

/// Whether a person is in the active register. Archiving is a status change with a reason; a
/// person is never deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    Active,
    Archived,
}

impl PersonStatus {
    pub const ALL: [PersonStatus; 2] = [PersonStatus::Active, PersonStatus::Archived];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Active => "active",
            PersonStatus::Archived => "archived",
        }
    }

    /// Reads a stored code.
    pub fn parse_db(code: &str) -> Option<Self> {
        PersonStatus::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

/// How person A relates to person B. A relation is stored once, as "A `kind` B"; read from B's
/// side it is [`RelationKind::inverse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Lives in the same household.
    HouseholdMember,
    /// A is B's parent.
    ParentOf,
    /// A is B's child.
    ChildOf,
    SpouseOf,
    /// A is B's legal representative (guardian, curator).
    LegalRepresentativeOf,
    /// A is represented by B.
    RepresentedBy,
    Other,
}

impl RelationKind {
    pub const ALL: [RelationKind; 7] = [
        RelationKind::HouseholdMember,
        RelationKind::ParentOf,
        RelationKind::ChildOf,
        RelationKind::SpouseOf,
        RelationKind::LegalRepresentativeOf,
        RelationKind::RepresentedBy,
        RelationKind::Other,
    ];

    /// The stable code, as serialised and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::HouseholdMember => "household_member",
            RelationKind::ParentOf => "parent_of",
            RelationKind::ChildOf => "child_of",
            RelationKind::SpouseOf => "spouse_of",
            RelationKind::LegalRepresentativeOf => "legal_representative_of",
            RelationKind::RepresentedBy => "represented_by",
            RelationKind::Other => "other",
        }
    }

    /// Parses a form value on field `kind`: `required` when empty, `invalid_choice` when unknown.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let v = raw.trim();
        if v.is_empty() {
            return Err(FieldError::new("kind", "required"));
        }
        RelationKind::ALL.into_iter().find(|k| k.as_str() == v).ok_or_else(|| FieldError::new("kind", "invalid_choice"))
    }

    /// How B relates to A when A relates to B as `self`.
    pub fn inverse(self) -> Self {
        match self {
            RelationKind::ParentOf => RelationKind::ChildOf,
            RelationKind::ChildOf => RelationKind::ParentOf,
            RelationKind::LegalRepresentativeOf => RelationKind::RepresentedBy,
            RelationKind::RepresentedBy => RelationKind::LegalRepresentativeOf,
            RelationKind::HouseholdMember | RelationKind::SpouseOf | RelationKind::Other => self,
        }
    }
}

/// The person form as typed. Every field is text, so that what the user typed survives an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonInput {
    /// Empty for a person with no IDNP: they get a provisional id, and `no_idnp_reason` is required.
    /// A provisional id is assigned by the system and never typed here: an edit form leaves this empty.
    pub idnp: String,
    pub no_idnp_reason: String,
    pub last_name: String,
    pub first_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub sex: String,
    pub id_doc_type: String,
    pub id_doc_number: String,
    pub disability_degree: String,
    /// The main functional limitation, a classifier code; only with a degree other than `none`.
    pub disability_limitation: String,
    pub domicile_territory_id: String,
    pub domicile_address: String,
    pub residence_territory_id: String,
    /// Only with a residence territory.
    pub residence_address: String,
    pub phone: String,
    pub email: String,
    /// Vulnerability codes; empty entries are ignored. A form with no box ticked sends none at all.
    #[serde(default)]
    pub vulnerabilities: Vec<String>,
}

/// A person form that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPerson {
    pub idnp: Option<Idnp>,
    /// Set exactly when `idnp` is `None`.
    pub no_idnp_reason: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub id_doc_type: Option<String>,
    pub id_doc_number: Option<String>,
    pub disability_degree: DisabilityDegree,
    pub disability_limitation: Option<String>,
    pub domicile_territory_id: i64,
    pub domicile_address: Option<String>,
    pub residence_territory_id: Option<i64>,
    pub residence_address: Option<String>,
    /// Digits with an optional leading `+`.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Sorted, without duplicates.
    pub vulnerabilities: Vec<String>,
}

impl PersonInput {
    /// Checks every field; the errors come in form order. `today` bounds the birth date.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPerson, FieldErrors> {
        let mut errors = FieldErrors::new();
        let idnp =
            if self.idnp.trim().is_empty() { Some(None) } else { errors.check(Idnp::parse(&self.idnp).map(Some)) };
        let no_idnp_reason = match idnp {
            Some(None) => errors.check(match parse_optional_text("no_idnp_reason", &self.no_idnp_reason, 200) {
                Ok(None) => Err(FieldError::new("no_idnp_reason", "required")),
                other => other,
            }),
            // A reason for having no IDNP means nothing next to an IDNP.
            _ => Some(None),
        };
        let last_name = errors.check(parse_name("last_name", &self.last_name));
        let first_name = errors.check(parse_name("first_name", &self.first_name));
        let birth_date = errors.check(parse_birth_date(&self.birth_date, today));
        let sex = errors.check(Sex::parse(&self.sex));
        let id_doc_type = errors.check(parse_optional_text("id_doc_type", &self.id_doc_type, 40));
        let id_doc_number = errors.check(parse_optional_text("id_doc_number", &self.id_doc_number, 40));
        let disability_degree = errors.check(DisabilityDegree::parse(&self.disability_degree));
        let disability_limitation =
            errors.check(parse_optional_text("disability_limitation", &self.disability_limitation, 80));
        if disability_degree == Some(DisabilityDegree::None) && matches!(disability_limitation, Some(Some(_))) {
            errors.push("disability_limitation", "needs_degree");
        }
        let domicile_territory_id =
            errors.check(parse_id("domicile_territory_id", &self.domicile_territory_id, true)).flatten();
        let domicile_address = errors.check(parse_optional_text("domicile_address", &self.domicile_address, 200));
        let residence_territory_id =
            errors.check(parse_id("residence_territory_id", &self.residence_territory_id, false));
        let residence_address = errors.check(parse_optional_text("residence_address", &self.residence_address, 200));
        if residence_territory_id == Some(None) && matches!(residence_address, Some(Some(_))) {
            errors.push("residence_territory_id", "required");
        }
        let phone = errors.check(parse_phone("phone", &self.phone));
        let email = errors.check(parse_email("email", &self.email));
        let vulnerabilities = errors.check(parse_vulnerabilities(&self.vulnerabilities));
        match (
            idnp,
            no_idnp_reason,
            last_name,
            first_name,
            birth_date,
            sex,
            id_doc_type,
            id_doc_number,
            disability_degree,
            disability_limitation,
            domicile_territory_id,
            domicile_address,
            residence_territory_id,
            residence_address,
            phone,
            email,
            vulnerabilities,
        ) {
            (
                Some(idnp),
                Some(no_idnp_reason),
                Some(last_name),
                Some(first_name),
                Some(birth_date),
                Some(sex),
                Some(id_doc_type),
                Some(id_doc_number),
                Some(disability_degree),
                Some(disability_limitation),
                Some(domicile_territory_id),
                Some(domicile_address),
                Some(residence_territory_id),
                Some(residence_address),
                Some(phone),
                Some(email),
                Some(vulnerabilities),
            ) if errors.is_empty() => Ok(ValidPerson {
                idnp,
                no_idnp_reason,
                last_name,
                first_name,
                birth_date,
                sex,
                id_doc_type,
                id_doc_number,
                disability_degree,
                disability_limitation,
                domicile_territory_id,
                domicile_address,
                residence_territory_id,
                residence_address,
                phone,
                email,
                vulnerabilities,
            }),
            _ => Err(errors),
        }
    }

    /// The error code of one field (by its form name), for a check when the user leaves it; `None`
    /// when the field is fine. Rules that involve two fields report on the field named above.
    pub fn check_field(&self, field: &str, today: NaiveDate) -> Option<String> {
        self.validate(today).err()?.for_field(field).map(str::to_owned)
    }
}

/// A birth date: a date, not in the future, not before 1900 (anything earlier is a typing error).
/// Errors on field `birth_date`: `required`, `invalid_date`, `in_future`, `too_old`.
pub fn parse_birth_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let d = parse_date("birth_date", raw)?;
    if d > today {
        Err(FieldError::new("birth_date", "in_future"))
    } else if NaiveDate::from_ymd_opt(1900, 1, 1).is_some_and(|earliest| d < earliest) {
        Err(FieldError::new("birth_date", "too_old"))
    } else {
        Ok(d)
    }
}

/// Vulnerability codes: empty entries dropped, the rest sorted and deduplicated; each a code
/// (`invalid_code`), at most [`MAX_VULNERABILITIES`] of them (`too_many`).
fn parse_vulnerabilities(raw: &[String]) -> Result<Vec<String>, FieldError> {
    let mut codes: Vec<String> = raw.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).map(str::to_owned).collect();
    if !codes.iter().all(|c| is_code(c)) {
        return Err(FieldError::new("vulnerabilities", "invalid_code"));
    }
    codes.sort_unstable();
    codes.dedup();
    if codes.len() > MAX_VULNERABILITIES {
        return Err(FieldError::new("vulnerabilities", "too_many"));
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn today() -> NaiveDate {
        date("2025-06-15")
    }

    /// A change that breaks one field of a valid input.
    type Spoil<T> = fn(&mut T);

    fn good() -> PersonInput {
        PersonInput {
            idnp: "2000000000004".into(),
            last_name: "Ștefănescu".into(),
            first_name: " Ana-Maria ".into(),
            birth_date: "1987-03-09".into(),
            sex: "female".into(),
            id_doc_type: "passport".into(),
            id_doc_number: "AB123456".into(),
            disability_degree: "medium".into(),
            disability_limitation: "mobility".into(),
            domicile_territory_id: "12".into(),
            domicile_address: "str. Ștefan cel Mare 1, ap. 3".into(),
            phone: "+373 69 123 456".into(),
            email: "ana@example.md".into(),
            vulnerabilities: vec!["single_parent".into(), "".into(), "low_income".into(), "single_parent".into()],
            ..PersonInput::default()
        }
    }

    #[test]
    fn a_good_person() {
        let v = good().validate(today()).unwrap();
        assert_eq!(v.idnp.as_ref().map(Idnp::as_str), Some("2000000000004"));
        assert_eq!(v.no_idnp_reason, None);
        assert_eq!(v.first_name, "Ana-Maria");
        assert_eq!(v.birth_date, date("1987-03-09"));
        assert_eq!(v.sex, Sex::Female);
        assert_eq!(v.disability_degree, DisabilityDegree::Medium);
        assert_eq!(v.domicile_territory_id, 12);
        assert_eq!(v.residence_territory_id, None);
        assert_eq!(v.phone.as_deref(), Some("+37369123456"));
        assert_eq!(v.vulnerabilities, ["low_income", "single_parent"]);

        let minimal = PersonInput {
            idnp: " ".into(),
            no_idnp_reason: "Born abroad, documents pending".into(),
            last_name: "Иванов".into(),
            first_name: "Иван".into(),
            birth_date: "2025-06-15".into(),
            sex: "male".into(),
            domicile_territory_id: "1".into(),
            residence_territory_id: "7".into(),
            residence_address: "Centrul de plasament".into(),
            ..PersonInput::default()
        };
        let v = minimal.validate(today()).unwrap();
        assert_eq!(v.idnp, None);
        assert_eq!(v.no_idnp_reason.as_deref(), Some("Born abroad, documents pending"));
        assert_eq!(v.disability_degree, DisabilityDegree::None);
        assert_eq!((v.residence_territory_id, v.phone, v.email), (Some(7), None, None));
        assert!(v.vulnerabilities.is_empty());
    }

    #[test]
    fn each_bad_field_has_its_code() {
        let cases: &[(&str, Spoil<PersonInput>, &str)] = &[
            ("idnp", |p| p.idnp = "2000000000005".into(), "idnp_check"),
            ("idnp", |p| p.idnp = "20000".into(), "idnp_length"),
            ("no_idnp_reason", |p| p.idnp = String::new(), "required"),
            ("no_idnp_reason", |p| (p.idnp, p.no_idnp_reason) = (String::new(), "x".repeat(201)), "too_long"),
            ("last_name", |p| p.last_name = "  ".into(), "required"),
            ("first_name", |p| p.first_name = "x".repeat(121), "too_long"),
            ("first_name", |p| p.first_name = "An\u{7}a".into(), "invalid_chars"),
            ("birth_date", |p| p.birth_date = String::new(), "required"),
            ("birth_date", |p| p.birth_date = "1987-02-30".into(), "invalid_date"),
            ("birth_date", |p| p.birth_date = "09.03.1987".into(), "invalid_date"),
            ("birth_date", |p| p.birth_date = "2025-06-16".into(), "in_future"),
            ("birth_date", |p| p.birth_date = "1899-12-31".into(), "too_old"),
            ("sex", |p| p.sex = String::new(), "required"),
            ("sex", |p| p.sex = "x".into(), "invalid_choice"),
            ("id_doc_type", |p| p.id_doc_type = "x".repeat(41), "too_long"),
            ("id_doc_number", |p| p.id_doc_number = "x".repeat(41), "too_long"),
            ("disability_degree", |p| p.disability_degree = "total".into(), "invalid_choice"),
            ("disability_limitation", |p| p.disability_limitation = "x".repeat(81), "too_long"),
            ("disability_limitation", |p| p.disability_degree = "none".into(), "needs_degree"),
            ("domicile_territory_id", |p| p.domicile_territory_id = String::new(), "required"),
            ("domicile_territory_id", |p| p.domicile_territory_id = "0".into(), "invalid"),
            ("domicile_territory_id", |p| p.domicile_territory_id = "abc".into(), "invalid"),
            ("domicile_address", |p| p.domicile_address = "x".repeat(201), "too_long"),
            ("residence_territory_id", |p| p.residence_territory_id = "-3".into(), "invalid"),
            ("residence_territory_id", |p| p.residence_address = "Chișinău".into(), "required"),
            ("residence_address", |p| p.residence_address = "x".repeat(201), "too_long"),
            ("phone", |p| p.phone = "123".into(), "phone_invalid"),
            ("email", |p| p.email = "ana@".into(), "email_invalid"),
            ("vulnerabilities", |p| p.vulnerabilities = vec!["Low income".into()], "invalid_code"),
            ("vulnerabilities", |p| p.vulnerabilities = vec!["x".repeat(41)], "invalid_code"),
            ("vulnerabilities", |p| p.vulnerabilities = (0..21).map(|i| format!("v{i}")).collect(), "too_many"),
        ];
        for &(field, spoil, code) in cases {
            let mut input = good();
            spoil(&mut input);
            let errors = input.validate(today()).unwrap_err();
            assert_eq!(errors.0, [FieldError::new(field, code)], "{field} {code}");
            assert_eq!(input.check_field(field, today()).as_deref(), Some(code), "{field} {code}");
            assert_eq!(input.check_field("email", today()).is_some(), field == "email");
        }
    }

    #[test]
    fn every_error_at_once_in_form_order() {
        let errors = PersonInput::default().validate(today()).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("no_idnp_reason", "required"),
                ("last_name", "required"),
                ("first_name", "required"),
                ("birth_date", "required"),
                ("sex", "required"),
                ("domicile_territory_id", "required"),
            ]
        );
    }

    #[test]
    fn twenty_vulnerabilities_are_enough_after_dedup() {
        let mut input = good();
        input.vulnerabilities = (0..20).map(|i| format!("v{i}")).chain(["v0".to_owned()]).collect();
        assert_eq!(input.validate(today()).unwrap().vulnerabilities.len(), 20);
    }

    #[test]
    fn ages() {
        let cases = [
            ("1987-03-09", "2025-03-08", 37),
            ("1987-03-09", "2025-03-09", 38),
            ("2000-02-29", "2023-02-28", 22),
            ("2000-02-29", "2023-03-01", 23),
            ("2000-02-29", "2024-02-29", 24),
            ("2025-06-15", "2025-06-15", 0),
            ("2025-06-15", "2025-01-01", 0),
        ];
        for (birth, on, age) in cases {
            assert_eq!(age_on(date(birth), date(on)), age, "{birth} {on}");
        }
    }

    #[test]
    fn closed_lists_round_trip() {
        for s in Sex::ALL {
            assert_eq!(Sex::parse(s.as_str()), Ok(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        for d in DisabilityDegree::ALL {
            assert_eq!(DisabilityDegree::parse(d.as_str()), Ok(d));
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{}\"", d.as_str()));
        }
        assert_eq!(DisabilityDegree::parse(" "), Ok(DisabilityDegree::None));
        for s in PersonStatus::ALL {
            assert_eq!(PersonStatus::parse_db(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        assert_eq!(PersonStatus::parse_db("deleted"), None);
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::parse(k.as_str()), Ok(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
            assert_eq!(k.inverse().inverse(), k);
        }
        assert_eq!(RelationKind::parse(""), Err(FieldError::new("kind", "required")));
        assert_eq!(RelationKind::parse("cousin_of"), Err(FieldError::new("kind", "invalid_choice")));
    }

    #[test]
    fn relation_inverses() {
        use RelationKind::*;
        let cases = [
            (ParentOf, ChildOf),
            (ChildOf, ParentOf),
            (LegalRepresentativeOf, RepresentedBy),
            (RepresentedBy, LegalRepresentativeOf),
            (HouseholdMember, HouseholdMember),
            (SpouseOf, SpouseOf),
            (Other, Other),
        ];
        for (k, inv) in cases {
            assert_eq!(k.inverse(), inv, "{k:?}");
        }
    }
}
