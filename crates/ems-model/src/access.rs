//! Who may see what: the roles of users and the pages (access rights) of the product.
//!
//! Design decisions:
//! - The four roles are the seeds' four default users: `administrator`, `ev_manager` (the
//!   seeds' "greenUp"), `installer` and `viewer` (the seeds' "user"). A role sets a user's
//!   default pages and whether the user may manage users; a user's pages may then be edited
//!   one by one ("custom users"), except an administrator's, which are always all of them, so
//!   that no administrator can be locked out of a page.
//! - Pages are the seeds' menu entries; each route of the API needs one of them (or a role
//!   that manages users), so that what a user sees in the UI and what the API lets them do are
//!   the same thing.
//! - An administrator has every page, Green'Up included: the seeds list Green'Up only for
//!   "greenUp", but an administrator may grant it to anyone, themselves included, so leaving it
//!   out would protect nothing.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, and managing users of every role.
    Administrator,
    /// EV charging management and everything else; manages users other than administrators
    /// (the seeds' "greenUp").
    EvManager,
    /// System configuration, the live panel board, consumptions and alarms.
    Installer,
    /// Consumptions and alarms only (the seeds' "user").
    Viewer,
}

impl Role {
    /// Every role, highest first.
    pub const ALL: &'static [Role] = &[
        Role::Administrator,
        Role::EvManager,
        Role::Installer,
        Role::Viewer,
    ];

    /// The snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::EvManager => "ev_manager",
            Role::Installer => "installer",
            Role::Viewer => "viewer",
        }
    }

    /// The pages a new user of this role sees (the seeds' default access rights).
    pub fn default_pages(self) -> BTreeSet<Page> {
        use Page::*;
        let pages: &[Page] = match self {
            Role::Administrator | Role::EvManager => Page::ALL,
            Role::Installer => &[SystemConfiguration, MyPanelBoard, Consumption, Alarms],
            Role::Viewer => &[Consumption, Alarms],
        };
        pages.iter().copied().collect()
    }

    /// True when users of this role manage users (the seeds: "administrator" and "greenUp").
    pub const fn manages_users(self) -> bool {
        matches!(self, Role::Administrator | Role::EvManager)
    }

    /// True when a user of this role may create, edit or delete a user of role `other`: an
    /// administrator any user, an EV manager any user but an administrator.
    pub const fn may_manage(self, other: Role) -> bool {
        match self {
            Role::Administrator => true,
            Role::EvManager => !matches!(other, Role::Administrator),
            Role::Installer | Role::Viewer => false,
        }
    }

    /// The pages a user of this role has when `chosen` were asked for: an administrator always
    /// has every page; anyone else has what was chosen.
    pub fn effective_pages(self, chosen: &BTreeSet<Page>) -> BTreeSet<Page> {
        match self {
            Role::Administrator => Page::ALL.iter().copied().collect(),
            _ => chosen.clone(),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a role or page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} \"{name}\"; expected one of {expected}")]
pub struct UnknownName {
    /// "role" or "page".
    pub kind: &'static str,
    /// The name given.
    pub name: String,
    /// The names allowed, comma-separated.
    pub expected: String,
}

impl FromStr for Role {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownName {
                kind: "role",
                name: s.to_owned(),
                expected: names(Role::ALL.iter().map(|r| r.as_str())),
            })
    }
}

/// A page of the product, the unit of access rights (the seeds' menu entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Page {
    /// "Web Server configuration": system information (with the store's health and last
    /// backup), optimize, the integrity check and the metrics. The audit log is not a page: it
    /// is read by those who manage users ([`Role::manages_users`]).
    WebServerConfiguration,
    /// "System configuration": site settings, gateways, devices, loads, groups, panel boards,
    /// the device library and the "test" of gateways and devices.
    SystemConfiguration,
    /// "My panel board": live values of every device.
    MyPanelBoard,
    /// "Consumption: data & diagrams": histograms, partials, comparisons, time series.
    Consumption,
    /// "Green'Up": EV charging management.
    EvCharging,
    /// "Reports & Data download": CSV downloads of records, reports.
    ReportsDownload,
    /// "Reports: alarms": the event log.
    Alarms,
}

impl Page {
    /// Every page, in the seeds' menu order.
    pub const ALL: &'static [Page] = &[
        Page::WebServerConfiguration,
        Page::SystemConfiguration,
        Page::MyPanelBoard,
        Page::Consumption,
        Page::EvCharging,
        Page::ReportsDownload,
        Page::Alarms,
    ];

    /// The snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Page::WebServerConfiguration => "web_server_configuration",
            Page::SystemConfiguration => "system_configuration",
            Page::MyPanelBoard => "my_panel_board",
            Page::Consumption => "consumption",
            Page::EvCharging => "ev_charging",
            Page::ReportsDownload => "reports_download",
            Page::Alarms => "alarms",
        }
    }
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Page {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Page::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownName {
                kind: "page",
                name: s.to_owned(),
                expected: names(Page::ALL.iter().map(|p| p.as_str())),
            })
    }
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pages_follow_the_seeds() {
        use Page::*;
        assert_eq!(Role::Viewer.default_pages(), [Consumption, Alarms].into());
        assert_eq!(
            Role::Installer.default_pages(),
            [SystemConfiguration, MyPanelBoard, Consumption, Alarms].into()
        );
        assert!(Role::EvManager.default_pages().contains(&EvCharging));
        assert_eq!(Role::Administrator.default_pages().len(), Page::ALL.len());
    }

    #[test]
    fn only_administrators_and_ev_managers_manage_users() {
        assert!(Role::Administrator.may_manage(Role::Administrator));
        assert!(Role::EvManager.may_manage(Role::Installer));
        assert!(!Role::EvManager.may_manage(Role::Administrator));
        assert!(!Role::Installer.may_manage(Role::Viewer));
        assert!(!Role::Viewer.manages_users());
    }

    #[test]
    fn an_administrator_always_has_every_page() {
        let none = BTreeSet::new();
        assert_eq!(
            Role::Administrator.effective_pages(&none).len(),
            Page::ALL.len()
        );
        assert!(Role::Installer.effective_pages(&none).is_empty());
    }

    #[test]
    fn names_round_trip_and_unknown_names_list_the_choices() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(*r));
        }
        for p in Page::ALL {
            assert_eq!(p.as_str().parse::<Page>(), Ok(*p));
        }
        let e = "admin".parse::<Role>().unwrap_err();
        assert!(e.to_string().contains("administrator, ev_manager"), "{e}");
    }
}
