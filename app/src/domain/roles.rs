//! Roles and the one permission table: which role may do what.
//!
//! Every server function asks [`RoleSet::allows`] (through the server's
//! `authorize` helper, which adds the territory scope). Hiding a button is not
//! access control; this table is.

use serde::{Deserialize, Serialize};

/// A role a user can hold. A user may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SocialWorker,
    Supervisor,
    Analyst,
    Administrator,
    SupportAgent,
    Auditor,
    /// Leads the support team: works tickets, sets the SLA targets and assignment rules, and hears
    /// of every ticket breaching.
    SupportLead,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::SocialWorker,
        Role::Supervisor,
        Role::Analyst,
        Role::Administrator,
        Role::SupportAgent,
        Role::Auditor,
        Role::SupportLead,
    ];

    /// The stable code stored in the database and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            Role::SocialWorker => "social_worker",
            Role::Supervisor => "supervisor",
            Role::Analyst => "analyst",
            Role::Administrator => "administrator",
            Role::SupportAgent => "support_agent",
            Role::Auditor => "auditor",
            Role::SupportLead => "support_lead",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Something a server function may do. Checked together with the territory scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Read persons and cases of the territory.
    ViewPersons,
    /// Register persons and open cases.
    RegisterPersons,
    /// Edit cases assigned to oneself.
    EditAssignedCases,
    /// Assign, transfer, approve plans and closures.
    SuperviseCases,
    /// Read aggregated indicators.
    ViewIndicators,
    /// Create, edit, deactivate users; reset passwords.
    ManageUsers,
    /// Maintain the national settings: classifiers, form definitions, deadline rules and the
    /// holiday calendar. National: only for a user whose home territory is the country.
    ManageClassifiers,
    /// Read the audit log.
    ViewAudit,
    /// Work the support ticket queue.
    WorkTickets,
    /// Set support's SLA targets and assignment rules.
    LeadSupport,
}

impl Permission {
    pub const ALL: [Permission; 10] = [
        Permission::ViewPersons,
        Permission::RegisterPersons,
        Permission::EditAssignedCases,
        Permission::SuperviseCases,
        Permission::ViewIndicators,
        Permission::ManageUsers,
        Permission::ManageClassifiers,
        Permission::ViewAudit,
        Permission::WorkTickets,
        Permission::LeadSupport,
    ];
}

/// The permission table. Adding a permission means adding a row here, and
/// the authorisation tests read this same table.
pub fn role_allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match role {
        Role::SocialWorker => {
            matches!(permission, ViewPersons | RegisterPersons | EditAssignedCases)
        }
        Role::Supervisor => {
            matches!(permission, ViewPersons | RegisterPersons | EditAssignedCases | SuperviseCases | ViewIndicators)
        }
        Role::Analyst => matches!(permission, ViewIndicators),
        Role::Administrator => matches!(permission, ManageUsers | ManageClassifiers | ViewAudit),
        Role::SupportAgent => matches!(permission, WorkTickets),
        Role::Auditor => matches!(permission, ViewAudit),
        Role::SupportLead => matches!(permission, WorkTickets | LeadSupport),
    }
}

impl Permission {
    /// A permission over what applies to every territory alike: only the central team (users
    /// whose home territory is the country) may use it, whatever their role.
    pub fn is_national(self) -> bool {
        matches!(self, Permission::ManageClassifiers)
    }
}

/// The set of roles a user holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RoleSet(u8);

impl RoleSet {
    pub fn empty() -> Self {
        RoleSet(0)
    }
    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
    /// True when at least one held role grants `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        self.iter().any(|r| role_allows(r, permission))
    }
    /// The roles of this set that read personal data (persons and their cases): granting one
    /// takes a second administrator's approval.
    pub fn reading_persons(self) -> RoleSet {
        self.iter().filter(|r| role_allows(*r, Permission::ViewPersons)).collect()
    }
    /// The roles of either set.
    pub fn union(self, other: RoleSet) -> RoleSet {
        RoleSet(self.0 | other.0)
    }
    /// The roles of this set that `other` does not hold.
    pub fn without(self, other: RoleSet) -> RoleSet {
        RoleSet(self.0 & !other.0)
    }
    /// Codes joined by commas, as stored in the `users.roles` column.
    pub fn to_codes(self) -> String {
        self.iter().map(Role::code).collect::<Vec<_>>().join(",")
    }
    /// Parses stored codes; unknown codes are ignored (a role removed from the
    /// product must not lock a user out of everything else).
    pub fn from_codes(codes: &str) -> Self {
        codes.split(',').filter_map(|c| Role::from_code(c.trim())).collect()
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut set = RoleSet::empty();
        for r in iter {
            set.insert(r);
        }
        set
    }
}

impl Serialize for RoleSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RoleSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Role>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_that_read_persons() {
        let set: RoleSet =
            [Role::Administrator, Role::Supervisor, Role::Analyst, Role::SocialWorker].into_iter().collect();
        let reading = set.reading_persons();
        assert_eq!(reading.iter().collect::<Vec<_>>(), vec![Role::SocialWorker, Role::Supervisor]);
        assert_eq!(set.without(reading).iter().collect::<Vec<_>>(), vec![Role::Analyst, Role::Administrator]);
        assert_eq!(set.without(reading).union(reading), set);
        assert!(RoleSet::from_codes("support_agent,auditor,support_lead").reading_persons().is_empty());
    }
    use Permission::*;

    /// The expected table, written out independently of `role_allows`.
    const TABLE: &[(Role, &[Permission])] = &[
        (Role::SocialWorker, &[ViewPersons, RegisterPersons, EditAssignedCases]),
        (Role::Supervisor, &[ViewPersons, RegisterPersons, EditAssignedCases, SuperviseCases, ViewIndicators]),
        (Role::Analyst, &[ViewIndicators]),
        (Role::Administrator, &[ManageUsers, ManageClassifiers, ViewAudit]),
        (Role::SupportAgent, &[WorkTickets]),
        (Role::Auditor, &[ViewAudit]),
        (Role::SupportLead, &[WorkTickets, LeadSupport]),
    ];

    #[test]
    fn permission_table_matches_the_design() {
        for (role, allowed) in TABLE {
            for p in Permission::ALL {
                assert_eq!(role_allows(*role, p), allowed.contains(&p), "{role:?} {p:?}");
            }
        }
    }

    #[test]
    fn analysts_and_support_never_see_personal_data() {
        for role in [Role::Analyst, Role::SupportAgent, Role::SupportLead, Role::Administrator, Role::Auditor] {
            assert!(!role_allows(role, ViewPersons), "{role:?}");
        }
    }

    #[test]
    fn a_role_set_allows_the_union_of_its_roles() {
        let set: RoleSet = [Role::Analyst, Role::Auditor].into_iter().collect();
        assert!(set.allows(ViewIndicators));
        assert!(set.allows(ViewAudit));
        assert!(!set.allows(ManageUsers));
        assert!(!RoleSet::empty().allows(ViewIndicators));
    }

    #[test]
    fn role_codes_round_trip() {
        let set: RoleSet = Role::ALL.into_iter().collect();
        assert_eq!(RoleSet::from_codes(&set.to_codes()), set);
        assert_eq!(RoleSet::from_codes("supervisor, nonsense"), [Role::Supervisor].into_iter().collect());
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(serde_json::from_str::<RoleSet>(&json).unwrap(), set);
    }
}
