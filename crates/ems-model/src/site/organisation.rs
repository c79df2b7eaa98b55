//! How the installation is organised: gateways, loads, measure groups and panel boards.

/// The id of the gateway that stands for ems itself as a Modbus converter; it always exists.
pub const LOCAL_GATEWAY_ID: &str = "local";
/// The default name of the Local gateway.
pub const LOCAL_GATEWAY_NAME: &str = "Local";
/// The fixed address of the Local gateway.
pub const LOCAL_GATEWAY_ADDRESS: &str = "127.0.0.1";

/// A gateway: a Modbus converter that links belong to, shown with its status in the UI.
///
/// The Local gateway ([`LOCAL_GATEWAY_ID`]) always exists: it can be renamed, described,
/// disabled or assigned a panel board, but its address is fixed and it cannot be removed.
/// Disabling a gateway stops polling every device on its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gateway {
    /// Display name.
    pub name: String,
    /// Description or location.
    pub description: Option<String>,
    /// IP address or host name; informational (links carry the address they connect to).
    pub address: Option<String>,
    /// Whether the gateway's links are polled.
    pub enabled: bool,
    /// The panel board the gateway is installed in.
    pub panel_board: Option<String>,
}

impl Gateway {
    /// An enabled gateway with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        Gateway {
            name: name.into(),
            description: None,
            address: None,
            enabled: true,
            panel_board: None,
        }
    }

    /// The Local gateway as it is before any configuration.
    pub fn local() -> Self {
        Gateway {
            address: Some(LOCAL_GATEWAY_ADDRESS.to_owned()),
            ..Gateway::new(LOCAL_GATEWAY_NAME)
        }
    }
}

/// The id of the implicit load of devices that name none; it cannot be defined in the file.
pub const OTHERS_LOAD_ID: &str = "others";
/// The display name of the implicit load.
pub const OTHERS_LOAD_NAME: &str = "Others";

/// A load: a category of consumption (a device measures one load, or "Others").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    /// Display name (fixed for predefined loads).
    pub name: String,
    /// Whether the load is shown.
    pub enabled: bool,
}

impl Load {
    /// An enabled load.
    pub fn new(name: impl Into<String>) -> Self {
        Load {
            name: name.into(),
            enabled: true,
        }
    }
}

/// The six predefined loads: the energy uses of the French thermal regulation RT 2012, plus
/// sockets. They always exist and can only be disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PredefinedLoad {
    /// Space heating.
    Heating,
    /// Air conditioning (cooling).
    AirConditioning,
    /// Domestic hot water.
    HotWater,
    /// Lighting.
    Lighting,
    /// Sockets (plug loads).
    Sockets,
    /// Ventilation and auxiliaries.
    Ventilation,
}

impl PredefinedLoad {
    /// Every predefined load.
    pub const ALL: &'static [PredefinedLoad] = &[
        PredefinedLoad::Heating,
        PredefinedLoad::AirConditioning,
        PredefinedLoad::HotWater,
        PredefinedLoad::Lighting,
        PredefinedLoad::Sockets,
        PredefinedLoad::Ventilation,
    ];

    /// The fixed id.
    pub const fn id(self) -> &'static str {
        match self {
            PredefinedLoad::Heating => "heating",
            PredefinedLoad::AirConditioning => "air_conditioning",
            PredefinedLoad::HotWater => "hot_water",
            PredefinedLoad::Lighting => "lighting",
            PredefinedLoad::Sockets => "sockets",
            PredefinedLoad::Ventilation => "ventilation",
        }
    }

    /// The fixed display name.
    pub const fn name(self) -> &'static str {
        match self {
            PredefinedLoad::Heating => "Heating",
            PredefinedLoad::AirConditioning => "Air conditioning",
            PredefinedLoad::HotWater => "Hot water",
            PredefinedLoad::Lighting => "Lighting",
            PredefinedLoad::Sockets => "Sockets",
            PredefinedLoad::Ventilation => "Ventilation",
        }
    }

    /// The predefined load with this id, if any.
    pub fn from_id(id: &str) -> Option<PredefinedLoad> {
        Self::ALL.iter().copied().find(|l| l.id() == id)
    }

    /// The load as it is before any configuration (enabled).
    pub fn load(self) -> Load {
        Load::new(self.name())
    }
}

/// A measure group: a logical set of measuring points (a device belongs to up to five).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureGroup {
    /// Display name.
    pub name: String,
    /// Description or location.
    pub description: Option<String>,
    /// Whether the group is shown.
    pub enabled: bool,
}

impl MeasureGroup {
    /// An enabled group with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        MeasureGroup {
            name: name.into(),
            description: None,
            enabled: true,
        }
    }
}

/// A panel board: a physical distribution board that gateways and devices are installed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelBoard {
    /// Display name.
    pub name: String,
    /// Description or location.
    pub description: Option<String>,
    /// Whether the panel board is shown.
    pub enabled: bool,
}

impl PanelBoard {
    /// An enabled panel board with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        PanelBoard {
            name: name.into(),
            description: None,
            enabled: true,
        }
    }
}
