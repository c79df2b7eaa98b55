//! The site model: links, gateways, devices, loads, measure groups, panel boards and site
//! settings, its TOML form, and validation that reports every error with its path.
//!
//! Design decisions:
//! - One typed model ([`SiteConfig`]); ids are the keys of its maps (the TOML table keys), valid
//!   per [`crate::sample::is_valid_id`] and stable; names are display names, unique
//!   case-insensitively within their kind.
//! - The TOML file is read key by key, not through serde: each table's keys are checked against
//!   the keys its type knows before any value is read, and each value is converted on its own, so
//!   every unknown key, wrong type and out-of-range value is reported with its path, and one bad
//!   entity hides nothing in the others.
//! - [`SiteConfig::validate`] holds every rule that a value of the model can break (references,
//!   uniqueness, ranges, formats); the TOML reader adds only what the model cannot represent.
//!   The same checks serve a model edited in memory.
//! - The Local gateway and the six predefined loads always exist in the model.
//! - Device profiles are known through the [`ProfileCatalog`] trait, so this crate does not
//!   depend on the profile library.
//! - The internal meter (profile [`INTERNAL_METER`]) is a device like any other, on a link of
//!   kind `waveform_stream`; its analyser settings ([`InternalMeter`]) are plain values here,
//!   mapped to the analyser's configuration in acquisition, so this crate does not depend on
//!   the analyser either.

mod device;
mod error;
mod link;
mod meter;
mod organisation;
mod parse;
mod rules;
mod settings;
mod tariffs;
mod validate;
mod write;

pub use device::{
    Device, GENERIC_MODBUS_METER, GenericModbusMeter, InvalidRegister, ProfileCatalog,
};
pub use error::{ConfigError, ConfigErrors, ConfigRule, Format, Limit, Reference, ValueKind};
pub use link::{
    BaudRate, Bus, DataBits, Link, LinkKind, Parity, RtuOverTcpTransport, SerialTransport,
    StopBits, StreamEndpoint, TcpTransport, Transport, WaveformTransport, modbus_rtu_silence_ms,
    split_host_port,
};
pub use meter::{
    INTERNAL_METER, InternalMeter, NeutralCurrent, NominalFrequency, TariffPeriod, TariffSource,
    TimeOfDay, WEEKDAY_NAMES, Wiring, weekday_from_name, weekday_name,
};
pub use organisation::{
    Gateway, LOCAL_GATEWAY_ADDRESS, LOCAL_GATEWAY_ID, LOCAL_GATEWAY_NAME, Load, MeasureGroup,
    OTHERS_LOAD_ID, OTHERS_LOAD_NAME, PanelBoard, PredefinedLoad,
};
pub use settings::{
    DecimalSeparator, FieldSeparator, Language, SampleRate, SiteSettings, is_time_zone,
};
pub use tariffs::SiteTariffs;

use crate::sample::DeviceId;
use std::collections::BTreeMap;

/// The whole site configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// Site-wide settings (`[site]`).
    pub site: SiteSettings,
    /// Links by id (`[links.<id>]`).
    pub links: BTreeMap<String, Link>,
    /// Gateways by id (`[gateways.<id>]`), always including the Local gateway.
    pub gateways: BTreeMap<String, Gateway>,
    /// Devices by id (`[devices.<id>]`).
    pub devices: BTreeMap<DeviceId, Device>,
    /// Loads by id (`[loads.<id>]`), always including the predefined loads.
    pub loads: BTreeMap<String, Load>,
    /// Measure groups by id (`[groups.<id>]`).
    pub groups: BTreeMap<String, MeasureGroup>,
    /// Panel boards by id (`[panel_boards.<id>]`).
    pub panel_boards: BTreeMap<String, PanelBoard>,
    /// The contracts of electricity, gas and water (`[tariffs]`); empty by default: a site with
    /// no rules gets no costs.
    pub tariffs: SiteTariffs,
}

impl SiteConfig {
    /// A site with the given settings, the Local gateway, the predefined loads, and nothing else.
    pub fn new(site: SiteSettings) -> Self {
        SiteConfig {
            site,
            links: BTreeMap::new(),
            gateways: BTreeMap::from([(LOCAL_GATEWAY_ID.to_owned(), Gateway::local())]),
            devices: BTreeMap::new(),
            loads: PredefinedLoad::ALL
                .iter()
                .map(|l| (l.id().to_owned(), l.load()))
                .collect(),
            groups: BTreeMap::new(),
            panel_boards: BTreeMap::new(),
            tariffs: SiteTariffs::default(),
        }
    }

    /// Reads a site file, checking it completely: every error is reported, each with its path.
    pub fn from_toml_str(
        text: &str,
        catalog: &dyn ProfileCatalog,
    ) -> Result<SiteConfig, ConfigErrors> {
        parse::parse(text, catalog)
    }

    /// The site file of this configuration. Reading it back gives an equal configuration.
    pub fn to_toml_string(&self) -> String {
        write::to_toml_string(self)
    }

    /// Every rule the configuration breaks, ordered by section and entity id as in
    /// [`ConfigErrors`].
    pub fn validate(&self, catalog: &dyn ProfileCatalog) -> Vec<ConfigError> {
        validate::validate(self, catalog, &validate::Leniency::default()).into_sorted()
    }

    /// The device with this id.
    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices.get(id)
    }

    /// The link with this id.
    pub fn link(&self, id: &str) -> Option<&Link> {
        self.links.get(id)
    }

    /// The gateway with this id.
    pub fn gateway(&self, id: &str) -> Option<&Gateway> {
        self.gateways.get(id)
    }

    /// The load with this id.
    pub fn load(&self, id: &str) -> Option<&Load> {
        self.loads.get(id)
    }

    /// The measure group with this id.
    pub fn group(&self, id: &str) -> Option<&MeasureGroup> {
        self.groups.get(id)
    }

    /// The panel board with this id.
    pub fn panel_board(&self, id: &str) -> Option<&PanelBoard> {
        self.panel_boards.get(id)
    }

    /// The devices reached through a link, by id.
    pub fn devices_on_link<'a>(
        &'a self,
        link: &'a str,
    ) -> impl Iterator<Item = (&'a DeviceId, &'a Device)> + 'a {
        self.devices.iter().filter(move |(_, d)| d.link == link)
    }

    /// The links of a gateway, by id.
    pub fn links_of_gateway<'a>(
        &'a self,
        gateway: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Link)> + 'a {
        self.links
            .iter()
            .filter(move |(_, l)| l.gateway == gateway)
            .map(|(id, l)| (id.as_str(), l))
    }

    /// The devices measuring a load; `None` gives the devices of the implicit "Others".
    pub fn devices_with_load<'a>(
        &'a self,
        load: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a DeviceId, &'a Device)> + 'a {
        self.devices
            .iter()
            .filter(move |(_, d)| d.load.as_deref() == load)
    }

    /// The devices in a measure group.
    pub fn devices_in_group<'a>(
        &'a self,
        group: &'a str,
    ) -> impl Iterator<Item = (&'a DeviceId, &'a Device)> + 'a {
        self.devices
            .iter()
            .filter(move |(_, d)| d.groups.iter().any(|g| g == group))
    }

    /// The id of the gateway a device is reached through: its link's.
    pub fn gateway_of<'a>(&'a self, device: &Device) -> Option<&'a str> {
        self.link(&device.link).map(|link| link.gateway.as_str())
    }

    /// The id of the panel board a device is installed in: its own, or else its gateway's.
    pub fn panel_board_of<'a>(&'a self, device: &'a Device) -> Option<&'a str> {
        device.panel_board.as_deref().or_else(|| {
            self.gateway_of(device)
                .and_then(|g| self.gateway(g))
                .and_then(|g| g.panel_board.as_deref())
        })
    }

    /// True when the device is to be polled: it, its link and its link's gateway are enabled.
    pub fn is_device_active(&self, id: &str) -> bool {
        self.device(id).is_some_and(|device| {
            device.enabled
                && self.link(&device.link).is_some_and(|link| {
                    link.enabled && self.gateway(&link.gateway).is_some_and(|g| g.enabled)
                })
        })
    }

    /// The reply timeout of a device: its own, or else its link's.
    pub fn device_timeout_ms(&self, id: &str) -> Option<u32> {
        let device = self.device(id)?;
        device
            .timeout_ms
            .or_else(|| self.link(&device.link).map(Link::timeout_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteConfig {
        let mut config = SiteConfig::new(SiteSettings::new("Plant", "Europe/Rome"));
        let mut tcp = Link::new(Transport::ModbusTcp(TcpTransport::new("10.0.0.5")));
        tcp.gateway = "remote".to_owned();
        config.links.insert("tcp".to_owned(), tcp);
        config.links.insert(
            "bus".to_owned(),
            Link::new(Transport::ModbusRtu(SerialTransport::new("/dev/ttyUSB0"))),
        );
        config
            .gateways
            .insert("remote".to_owned(), Gateway::new("Remote"));
        config.groups.insert("g".to_owned(), MeasureGroup::new("G"));
        let mut main = Device::new("Main", "eastron.sdm630", "tcp", 1);
        main.timeout_ms = Some(250);
        main.groups = vec!["g".to_owned()];
        let mut heat = Device::new("Heat pump", "eastron.sdm630", "bus", 2);
        heat.load = Some("heating".to_owned());
        for (id, device) in [("main", main), ("heat", heat)] {
            config.devices.insert(DeviceId::new(id).unwrap(), device);
        }
        config
    }

    fn ids<'a>(it: impl Iterator<Item = (&'a DeviceId, &'a Device)>) -> Vec<&'a str> {
        it.map(|(id, _)| id.as_str()).collect()
    }

    #[test]
    fn a_new_site_has_the_local_gateway_and_the_predefined_loads() {
        let config = SiteConfig::new(SiteSettings::new("Home", "Europe/Paris"));
        assert_eq!(config.gateway("local"), Some(&Gateway::local()));
        assert_eq!(config.loads.len(), 6);
        assert_eq!(
            config.load("hot_water").map(|l| l.name.as_str()),
            Some("Hot water")
        );
        assert!(config.validate(&["x"]).is_empty());
    }

    #[test]
    fn lookups_follow_links_loads_and_groups() {
        let config = site();
        assert_eq!(ids(config.devices_on_link("bus")), ["heat"]);
        assert_eq!(ids(config.devices_with_load(Some("heating"))), ["heat"]);
        assert_eq!(ids(config.devices_with_load(None)), ["main"]);
        assert_eq!(ids(config.devices_in_group("g")), ["main"]);
        let links: Vec<_> = config.links_of_gateway("local").map(|(id, _)| id).collect();
        assert_eq!(links, ["bus"]);
        assert_eq!(config.device("main").map(|d| d.unit_id), Some(1));
        assert!(config.device("nope").is_none());
        assert!(config.panel_board("nope").is_none());
        assert!(config.group("g").is_some());
    }

    #[test]
    fn a_device_is_in_its_own_panel_board_or_else_its_gateways() {
        let mut config = site();
        config
            .panel_boards
            .insert("a".to_owned(), PanelBoard::new("A"));
        config
            .panel_boards
            .insert("b".to_owned(), PanelBoard::new("B"));
        config.gateways.get_mut("remote").unwrap().panel_board = Some("a".to_owned());
        let main = config.device("main").unwrap().clone();
        assert_eq!(config.gateway_of(&main), Some("remote"));
        assert_eq!(config.panel_board_of(&main), Some("a"));
        let mut placed = main.clone();
        placed.panel_board = Some("b".to_owned());
        assert_eq!(config.panel_board_of(&placed), Some("b"));
        let heat = config.device("heat").unwrap();
        assert_eq!(config.gateway_of(heat), Some("local"));
        assert_eq!(config.panel_board_of(heat), None);
    }

    #[test]
    fn a_device_timeout_falls_back_to_its_link() {
        let config = site();
        assert_eq!(config.device_timeout_ms("main"), Some(250));
        assert_eq!(config.device_timeout_ms("heat"), Some(300));
        assert_eq!(config.device_timeout_ms("nope"), None);
    }

    #[test]
    fn disabling_a_gateway_or_link_stops_its_devices() {
        let mut config = site();
        assert!(config.is_device_active("main"));
        config.gateways.get_mut("remote").unwrap().enabled = false;
        assert!(!config.is_device_active("main"));
        assert!(config.is_device_active("heat"));
        config.links.get_mut("bus").unwrap().enabled = false;
        assert!(!config.is_device_active("heat"));
        assert!(!config.is_device_active("nope"));
    }
}
