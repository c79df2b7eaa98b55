//! Scopes: what a consumption question is about (a device, a load, a measure group, a panel
//! board or the whole site), and which scopes each device's amounts roll into.

use ems_model::Point;
use ems_model::site::{OTHERS_LOAD_ID, OTHERS_LOAD_NAME, SiteConfig};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kind of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// The whole site.
    Site,
    /// One device.
    Device,
    /// A load (a category of consumption).
    Load,
    /// A measure group.
    Group,
    /// A panel board.
    PanelBoard,
}

impl ScopeKind {
    /// Every kind.
    pub const ALL: &'static [ScopeKind] = &[
        ScopeKind::Site,
        ScopeKind::Device,
        ScopeKind::Load,
        ScopeKind::Group,
        ScopeKind::PanelBoard,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Site => "site",
            ScopeKind::Device => "device",
            ScopeKind::Load => "load",
            ScopeKind::Group => "group",
            ScopeKind::PanelBoard => "panel_board",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<ScopeKind> {
        ScopeKind::ALL.iter().copied().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for ScopeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scope: `site`, `device:<id>`, `load:<id>`, `group:<id>` or `panel_board:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    /// Its kind.
    pub kind: ScopeKind,
    /// The id of the device, load, group or panel board; empty for the site.
    pub key: String,
}

impl Scope {
    /// The whole site.
    pub fn site() -> Scope {
        Scope {
            kind: ScopeKind::Site,
            key: String::new(),
        }
    }

    /// A scope of a kind and id.
    pub fn new(kind: ScopeKind, key: impl Into<String>) -> Scope {
        Scope {
            kind,
            key: key.into(),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ScopeKind::Site => f.write_str("site"),
            kind => write!(f, "{kind}:{}", self.key),
        }
    }
}

/// A string that is not a scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid scope \"{0}\": use site, device:<id>, load:<id>, group:<id> or panel_board:<id>")]
pub struct InvalidScope(pub String);

impl FromStr for Scope {
    type Err = InvalidScope;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "site" {
            return Ok(Scope::site());
        }
        let (kind, key) = s
            .split_once(':')
            .ok_or_else(|| InvalidScope(s.to_owned()))?;
        match ScopeKind::from_name(kind) {
            Some(kind) if kind != ScopeKind::Site && ems_model::sample::is_valid_id(key) => {
                Ok(Scope::new(kind, key))
            }
            _ => Err(InvalidScope(s.to_owned())),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A scope with its display name, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedScope {
    /// The scope.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub scope: Scope,
    /// Its display name.
    pub name: String,
}

/// What the store needs to know of a site: its calendar, its sample rate, its scopes and which
/// aggregates each device rolls into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLayout {
    /// The IANA time zone.
    pub time_zone: String,
    /// The sample rate in minutes.
    pub sample_rate_minutes: u16,
    /// Every scope: the site, every device, every load (with the implicit "Others"), group and
    /// panel board.
    pub scopes: Vec<NamedScope>,
    /// For each device (by id), the aggregate scopes its amounts roll into: the site, its load,
    /// its groups and its panel board; none when it is excluded from totals.
    pub memberships: Vec<(String, Vec<Scope>)>,
}

impl SiteLayout {
    /// The layout of a site configuration.
    ///
    /// A device's panel board is its own, or else the panel board of its link's gateway.
    pub fn of(site: &SiteConfig) -> SiteLayout {
        let mut scopes = vec![NamedScope {
            scope: Scope::site(),
            name: site.site.name.clone(),
        }];
        let named = |kind, key: &str, name: &str| NamedScope {
            scope: Scope::new(kind, key),
            name: name.to_owned(),
        };
        for (id, device) in &site.devices {
            scopes.push(named(ScopeKind::Device, id.as_str(), &device.name));
        }
        for (id, load) in &site.loads {
            scopes.push(named(ScopeKind::Load, id, &load.name));
        }
        scopes.push(named(ScopeKind::Load, OTHERS_LOAD_ID, OTHERS_LOAD_NAME));
        for (id, group) in &site.groups {
            scopes.push(named(ScopeKind::Group, id, &group.name));
        }
        for (id, board) in &site.panel_boards {
            scopes.push(named(ScopeKind::PanelBoard, id, &board.name));
        }
        let memberships = site
            .devices
            .iter()
            .map(|(id, device)| {
                let mut of = Vec::new();
                if !device.exclude_from_totals {
                    of.push(Scope::site());
                    of.push(Scope::new(
                        ScopeKind::Load,
                        device.load.as_deref().unwrap_or(OTHERS_LOAD_ID),
                    ));
                    for g in &device.groups {
                        of.push(Scope::new(ScopeKind::Group, g.as_str()));
                    }
                    if let Some(board) = site.panel_board_of(device) {
                        of.push(Scope::new(ScopeKind::PanelBoard, board));
                    }
                }
                (id.to_string(), of)
            })
            .collect();
        SiteLayout {
            time_zone: site.site.time_zone.clone(),
            sample_rate_minutes: site.site.sample_rate.minutes() as u16,
            scopes,
            memberships,
        }
    }
}

/// True when a counter's amounts are summed into loads, groups, panel boards and the site.
/// Run-time counters (`run_time`, `run_time_import`, `run_time_export`: every counter of a
/// duration) are kept per device only: a sum of run hours means nothing.
pub fn rolls_into_aggregates(point: Point) -> bool {
    point.is_counter() && point.unit().dimension() != ems_model::Dimension::Duration
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::DeviceId;
    use ems_model::site::{
        Device, Gateway, Link, PanelBoard, SiteSettings, TcpTransport, Transport,
    };

    #[test]
    fn scopes_parse_and_print_the_same() {
        for s in [
            "site",
            "device:main",
            "load:others",
            "group:tenant_a",
            "panel_board:pb1",
        ] {
            assert_eq!(s.parse::<Scope>().unwrap().to_string(), s);
        }
        for bad in [
            "",
            "device",
            "device:",
            "building:x",
            "site:x",
            "device:Main",
        ] {
            assert!(bad.parse::<Scope>().is_err(), "{bad}");
        }
    }

    #[test]
    fn excluded_devices_roll_into_nothing_and_boards_come_from_the_gateway() {
        let mut site = SiteConfig::new(SiteSettings::new("Plant", "Europe/Rome"));
        let mut gw = Gateway::new("GW");
        gw.panel_board = Some("board".to_owned());
        site.gateways.insert("gw".to_owned(), gw);
        site.panel_boards
            .insert("board".to_owned(), PanelBoard::new("Board"));
        let mut link = Link::new(Transport::ModbusTcp(TcpTransport::new("10.0.0.2")));
        link.gateway = "gw".to_owned();
        site.links.insert("tcp".to_owned(), link);
        let mut main = Device::new("Main", "eastron.sdm630", "tcp", 1);
        main.exclude_from_totals = true;
        let mut sub = Device::new("Sub", "eastron.sdm630", "tcp", 2);
        sub.load = Some("lighting".to_owned());
        site.devices.insert(DeviceId::new("main").unwrap(), main);
        site.devices.insert(DeviceId::new("sub").unwrap(), sub);
        let layout = SiteLayout::of(&site);
        assert_eq!(layout.memberships[0], ("main".to_owned(), vec![]));
        assert_eq!(
            layout.memberships[1].1,
            vec![
                Scope::site(),
                Scope::new(ScopeKind::Load, "lighting"),
                Scope::new(ScopeKind::PanelBoard, "board")
            ]
        );
        assert!(
            layout
                .scopes
                .iter()
                .any(|s| s.scope.to_string() == "load:others")
        );
        assert_eq!(layout.sample_rate_minutes, 15);
    }

    #[test]
    fn run_hours_of_every_kind_stay_per_device_and_energy_rolls_up() {
        let p = |name: &str| Point::from_name(name).unwrap();
        for name in [
            "run_time",
            "run_time_import",
            "run_time_export",
            "voltage_l1",
        ] {
            assert!(!rolls_into_aggregates(p(name)), "{name}");
        }
        for name in ["energy_active_import", "energy_apparent_q2", "gas_volume"] {
            assert!(rolls_into_aggregates(p(name)), "{name}");
        }
    }
}
