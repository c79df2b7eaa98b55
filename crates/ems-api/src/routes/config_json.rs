//! The site configuration in JSON: one form per entity, whose keys and values are those of its
//! table in the site file (`docs/CONFIGURATION.md`), and the one way every change is made.
//!
//! Design decisions:
//! - **One vocabulary.** A form's fields are the keys of the entity's table in the site file,
//!   with the same values (`"kind": "modbus_tcp"`, `"baud": 19200`, `"sample_rate_minutes": 15`),
//!   plus its `id` (the table key). A value the file leaves out is `null`, and `null` in a request
//!   means "left out" (the file's default).
//! - **The site file's reader checks every change.** A request body becomes the TOML table of
//!   its entity, which replaces that table in the site file of the configuration in force, and
//!   the whole file is read again by [`SiteConfig::from_toml_str`]: unknown keys (with the
//!   closest known one), wrong types, ranges, references and uniqueness are reported exactly as
//!   `ems check` reports them, every error at once, each with its path (`devices.heat.unit_id`).
//!   Nothing here repeats a rule of the model; the TOML keys are written only in the forms below.
//! - **One change at a time.** A change holds `config_edit` from reading the configuration in
//!   force until the new one is applied (validated, saved as a new version, acquisition
//!   restarted) by [`crate::running::RunningSite::apply`], so that two edits never overwrite
//!   each other. Nothing changes when any step fails. A change that saved a new version is
//!   audited (`config_change`); a refused one, or one that changed nothing, is not.
//! - **No lost updates.** An entity's answer carries its tag (`ETag`, [`entity_tag`]); a
//!   replacement or deletion that sends it back in `If-Match` is refused with `changed` (412)
//!   when the entity no longer has it: someone else changed it since it was read. The tag is
//!   compared while `config_edit` is held, with the configuration the change is made to, so
//!   no change can come between the check and the write. Without `If-Match` a change is made
//!   whatever the entity is now.
//! - Ids are stable (data is stored under them): they are given when an entity is created and
//!   never change. An `id` in a change must equal the id in the path.

use crate::access::{ClientAddr, Principal};
use crate::audit::Audit;
use crate::problem::{ApiResult, ErrorCode, FieldError, FieldParams, FieldRule, Problem, misfit};
use crate::routes::entities::{EntityForm, entity_tag};
use crate::running::ReadFailure;
use crate::state::ApiState;
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use ems_model::sample::{InvalidId, is_valid_id};
use ems_model::site::{
    Device, Format, Gateway, GenericModbusMeter, InternalMeter, Link, Load, MeasureGroup,
    PanelBoard, PredefinedLoad, Reference, SiteConfig, SiteSettings, StreamEndpoint, TariffSource,
    Transport, ValueKind, weekday_name,
};
use ems_model::suggest::closest;
use ems_profile::load::Library;
use ems_store::account::AuditResult;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;
use utoipa::ToSchema;

/// The key of the `[tariffs]` section in the site file, and the audit target of its changes.
const TARIFFS_KEY: &str = "tariffs";

/// The sections of the site file that hold entities with ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `[links.<id>]`.
    Links,
    /// `[gateways.<id>]`.
    Gateways,
    /// `[devices.<id>]`.
    Devices,
    /// `[loads.<id>]`.
    Loads,
    /// `[groups.<id>]`.
    Groups,
    /// `[panel_boards.<id>]`.
    PanelBoards,
}

impl Section {
    /// The section's key in the site file.
    pub const fn key(self) -> &'static str {
        match self {
            Section::Links => "links",
            Section::Gateways => "gateways",
            Section::Devices => "devices",
            Section::Loads => "loads",
            Section::Groups => "groups",
            Section::PanelBoards => "panel_boards",
        }
    }

    /// What one entity is called in messages.
    pub const fn noun(self) -> &'static str {
        match self {
            Section::Links => "link",
            Section::Gateways => "gateway",
            Section::Devices => "device",
            Section::Loads => "load",
            Section::Groups => "measure group",
            Section::PanelBoards => "panel board",
        }
    }

    /// The kind in audit targets (`device:main`).
    pub const fn audit_kind(self) -> &'static str {
        match self {
            Section::Links => "link",
            Section::Gateways => "gateway",
            Section::Devices => "device",
            Section::Loads => "load",
            Section::Groups => "group",
            Section::PanelBoards => "panel_board",
        }
    }

    /// The path of the section's routes below `/api/v1`.
    pub const fn route(self) -> &'static str {
        match self {
            Section::Links => "/links",
            Section::Gateways => "/gateways",
            Section::Devices => "/devices",
            Section::Loads => "/loads",
            Section::Groups => "/groups",
            Section::PanelBoards => "/panel-boards",
        }
    }

    /// True when the site has an entity of this section with this id.
    pub fn contains(self, site: &SiteConfig, id: &str) -> bool {
        match self {
            Section::Links => site.links.contains_key(id),
            Section::Gateways => site.gateways.contains_key(id),
            Section::Devices => site.devices.contains_key(id),
            Section::Loads => site.loads.contains_key(id),
            Section::Groups => site.groups.contains_key(id),
            Section::PanelBoards => site.panel_boards.contains_key(id),
        }
    }

    /// `not_found` for an id of this section.
    pub fn not_found(self, id: &str) -> Problem {
        Problem::not_found(format!("{} {id:?}", self.noun()))
    }
}

/// The site settings (`[site]`) and the configuration version in force.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SiteSettingsForm {
    /// The display name of the site.
    pub name: String,
    /// The IANA time zone, spelt as in the database (`"Europe/Rome"`, `"UTC"`): days, months
    /// and years of consumption begin at local midnight in it.
    pub time_zone: String,
    /// The ISO 4217 code of the currency of costs: three uppercase letters. Default `"EUR"`.
    #[schema(required = false)]
    pub currency: String,
    /// How often interval records are stored, in minutes: 1, 5, 10, 15, 30 or 60. Default 15.
    #[schema(required = false)]
    pub sample_rate_minutes: u32,
    /// The language of the interface, reports and notifications: `"en"`, `"it"`, `"fr"`,
    /// `"de"` or `"es"`. Default `"en"`.
    #[schema(required = false)]
    pub language: String,
    /// The decimal separator of CSV exports: `"comma"` or `"point"`. Default `"comma"`.
    #[schema(required = false)]
    pub csv_decimal_separator: String,
    /// The field separator of CSV exports: `"semicolon"` or `"comma"`. Default `"semicolon"`.
    #[schema(required = false)]
    pub csv_field_separator: String,
    /// The number of the configuration version in force (read-only: ignored in requests).
    #[schema(read_only, required = false)]
    pub version: Option<u32>,
}

impl SiteSettingsForm {
    /// The form of `settings`, with the version in force.
    pub fn of(settings: &SiteSettings, version: Option<u32>) -> SiteSettingsForm {
        SiteSettingsForm {
            name: settings.name.clone(),
            time_zone: settings.time_zone.clone(),
            currency: settings.currency.clone(),
            sample_rate_minutes: settings.sample_rate.minutes(),
            language: settings.language.code().to_owned(),
            csv_decimal_separator: settings.csv_decimal_separator.name().to_owned(),
            csv_field_separator: settings.csv_field_separator.name().to_owned(),
            version,
        }
    }
}

/// A link (`[links.<id>]`): the bus or socket devices are reached through, with its transport.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkForm {
    /// The link's id: 1-64 lowercase letters, digits, `_` or `-`, starting with a letter. Given
    /// when creating; in a change, left out or equal to the id in the path.
    #[schema(required = false)]
    pub id: String,
    /// The transport: `kind` and the keys that go with it.
    #[serde(flatten)]
    pub transport: TransportForm,
    /// The id of the gateway the link belongs to. Default `"local"`.
    #[schema(required = false)]
    pub gateway: String,
    /// Consecutive failed polls, 1-100, before a device on the link shows "communication
    /// error". Default 3.
    #[schema(required = false)]
    pub failures_before_error: u32,
    /// Whether the link is polled. Default true.
    #[schema(required = false)]
    pub enabled: bool,
}

/// The transport of a link, chosen by `kind`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransportForm {
    /// `"modbus_tcp"`: Modbus TCP to a device or gateway.
    ModbusTcp(TcpForm),
    /// `"modbus_rtu"`: Modbus RTU on a local serial port (RS-485).
    ModbusRtu(SerialForm),
    /// `"rtu_over_tcp"`: RTU frames through a serial-to-Ethernet gateway.
    RtuOverTcp(RtuOverTcpForm),
    /// `"waveform_stream"`: an acquisition board's samples, for one internal meter.
    WaveformStream(WaveformStreamForm),
}

/// The keys of a `modbus_tcp` link.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TcpForm {
    /// IP address or host name of the device or gateway.
    pub host: String,
    /// TCP port, 1-65535. Default 502.
    #[schema(required = false)]
    pub port: u16,
    /// Reply timeout in milliseconds, 10-60000. Default 1000.
    #[schema(required = false)]
    pub timeout_ms: u32,
}

/// The keys of a `modbus_rtu` link.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SerialForm {
    /// The serial device, an absolute path (`"/dev/ttyUSB0"`).
    pub port: String,
    /// Line speed: 2400, 4800, 9600, 19200, 38400, 57600 or 115200. Default 19200.
    #[schema(required = false)]
    pub baud: u32,
    /// Data bits: 7 or 8. Default 8.
    #[schema(required = false)]
    pub data_bits: u8,
    /// Parity: `"none"`, `"odd"` or `"even"`. Default `"even"`.
    #[schema(required = false)]
    pub parity: String,
    /// Stop bits: 1 or 2. Default 1.
    #[schema(required = false)]
    pub stop_bits: u8,
    /// Reply timeout in milliseconds, 10-60000. Default 300.
    #[schema(required = false)]
    pub timeout_ms: u32,
    /// Silence between frames in milliseconds, 0-1000; `null` for the Modbus 3.5-character
    /// silence of the line.
    pub inter_frame_gap_ms: Option<u32>,
}

/// The keys of an `rtu_over_tcp` link.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RtuOverTcpForm {
    /// IP address or host name of the gateway.
    pub host: String,
    /// TCP port of the gateway's serial channel, 1-65535.
    pub port: u16,
    /// Reply timeout in milliseconds, 10-60000. Default 1000.
    #[schema(required = false)]
    pub timeout_ms: u32,
    /// Silence between frames in milliseconds, 0-1000; `null` for 5.
    pub inter_frame_gap_ms: Option<u32>,
}

/// The keys of a `waveform_stream` link: exactly one of `tcp` and `unix`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WaveformStreamForm {
    /// `"host:port"` of the source (`"[fd00::7]:7070"` for IPv6), or `null`.
    pub tcp: Option<String>,
    /// The absolute path of the source's Unix socket, or `null`.
    pub unix: Option<String>,
    /// Milliseconds without a complete frame, 10-60000, before the wait counts as a failure.
    /// Default 2000.
    #[schema(required = false)]
    pub timeout_ms: u32,
}

impl LinkForm {
    /// The form of link `id`.
    pub fn of(id: &str, link: &Link) -> LinkForm {
        let transport = match &link.transport {
            Transport::ModbusTcp(t) => TransportForm::ModbusTcp(TcpForm {
                host: t.host.clone(),
                port: t.port,
                timeout_ms: t.timeout_ms,
            }),
            Transport::ModbusRtu(s) => TransportForm::ModbusRtu(SerialForm {
                port: s.port.clone(),
                baud: s.baud.bits_per_second(),
                data_bits: s.data_bits.count(),
                parity: s.parity.name().to_owned(),
                stop_bits: s.stop_bits.count(),
                timeout_ms: s.timeout_ms,
                inter_frame_gap_ms: s.inter_frame_gap_ms,
            }),
            Transport::RtuOverTcp(t) => TransportForm::RtuOverTcp(RtuOverTcpForm {
                host: t.host.clone(),
                port: t.port,
                timeout_ms: t.timeout_ms,
                inter_frame_gap_ms: t.inter_frame_gap_ms,
            }),
            Transport::WaveformStream(w) => {
                let (tcp, unix) = match &w.endpoint {
                    StreamEndpoint::Tcp { .. } => (Some(w.endpoint.to_string()), None),
                    StreamEndpoint::Unix(path) => (None, Some(path.clone())),
                };
                TransportForm::WaveformStream(WaveformStreamForm {
                    tcp,
                    unix,
                    timeout_ms: w.timeout_ms,
                })
            }
        };
        LinkForm {
            id: id.to_owned(),
            transport,
            gateway: link.gateway.clone(),
            failures_before_error: link.failures_before_error,
            enabled: link.enabled,
        }
    }
}

/// A gateway (`[gateways.<id>]`): a Modbus converter that links belong to. The Local gateway
/// (`local`) always exists; its address is fixed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GatewayForm {
    /// The gateway's id (1-64 lowercase letters, digits, `_` or `-`, starting with a letter).
    /// Given when creating; in a change, left out or equal to the id in the path.
    #[schema(required = false)]
    pub id: String,
    /// Display name, unique among gateways. Default: the id.
    #[schema(required = false)]
    pub name: String,
    /// Description or location.
    pub description: Option<String>,
    /// IP address or host name; informational (links carry the address they connect to).
    /// Always `"127.0.0.1"` for the Local gateway.
    pub address: Option<String>,
    /// Whether the gateway's links are polled. Default true.
    #[schema(required = false)]
    pub enabled: bool,
    /// The id of the panel board the gateway is installed in.
    pub panel_board: Option<String>,
}

impl GatewayForm {
    /// The form of gateway `id`.
    pub fn of(id: &str, gateway: &Gateway) -> GatewayForm {
        GatewayForm {
            id: id.to_owned(),
            name: gateway.name.clone(),
            description: gateway.description.clone(),
            address: gateway.address.clone(),
            enabled: gateway.enabled,
            panel_board: gateway.panel_board.clone(),
        }
    }
}

/// A device (`[devices.<id>]`): a meter on a link, or an internal meter on a waveform stream.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeviceForm {
    /// The device's id (1-64 lowercase letters, digits, `_` or `-`, starting with a letter).
    /// Given when creating; in a change, left out or equal to the id in the path.
    #[schema(required = false)]
    pub id: String,
    /// Display name, unique among devices. Default: the id.
    #[schema(required = false)]
    pub name: String,
    /// The id of the device's profile (`GET /library`), `"generic.modbus_meter"` or
    /// `"internal.meter"`.
    pub profile: String,
    /// The id of the link the device is reached through.
    pub link: String,
    /// The Modbus address, 1-247, unique among the enabled devices of the link; `null` for an
    /// internal meter (required otherwise).
    pub unit_id: Option<u8>,
    /// Whether the device is polled. Default true.
    #[schema(required = false)]
    pub enabled: bool,
    /// The id of the load the device measures; `null` for "Others".
    pub load: Option<String>,
    /// The ids of the measure groups the device belongs to (at most 5). Default none.
    #[schema(required = false)]
    pub groups: Vec<String>,
    /// The id of the panel board the device is installed in.
    pub panel_board: Option<String>,
    /// Current-transformer ratio, above 0 and at most 100000. Default 1.
    #[schema(required = false)]
    pub ct_ratio: f64,
    /// Voltage-transformer ratio, above 0 and at most 100000. Default 1.
    #[schema(required = false)]
    pub vt_ratio: f64,
    /// Leave the device out of the grand total and partials. Default false.
    #[schema(required = false)]
    pub exclude_from_totals: bool,
    /// Raise no alerts for the device's events. Default false.
    #[schema(required = false)]
    pub exclude_alerts: bool,
    /// Period of the fast poll class in milliseconds, 100-3600000. Default 1000.
    #[schema(required = false)]
    pub fast_poll_ms: u32,
    /// Period of the slow poll class in milliseconds, 100-3600000, not shorter than the fast
    /// one. Default 15000.
    #[schema(required = false)]
    pub slow_poll_ms: u32,
    /// Reply timeout in milliseconds, 10-60000; `null` for the link's.
    pub timeout_ms: Option<u32>,
    /// The register of a generic Modbus meter: required with profile `"generic.modbus_meter"`,
    /// refused otherwise.
    pub generic: Option<GenericMeterForm>,
    /// The settings of an internal meter: required with profile `"internal.meter"`, refused
    /// otherwise.
    pub meter: Option<InternalMeterForm>,
}

/// The register of a generic Modbus meter (`[devices.<id>.generic]`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GenericMeterForm {
    /// The function code that reads the register: 3 (holding) or 4 (input).
    pub function: u8,
    /// The 0-based register address in hexadecimal, with or without `0x` (`"0x0048"`).
    pub register: String,
    /// 16-bit words of the unsigned value, high word first: 1, 2 or 4.
    pub words: u8,
    /// The factor that turns the raw integer into `unit`: finite, not 0.
    pub multiplier: f64,
    /// A unit of active energy: `"Wh"`, `"kWh"` or `"MWh"`. Default `"kWh"`.
    #[schema(required = false)]
    pub unit: String,
}

/// The settings of an internal meter (`[devices.<id>.meter]`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InternalMeterForm {
    /// The wiring: `"1p2w"`, `"2p3w"`, `"3p4w"`, `"3p3w"` or `"3p4w_wild_leg"`.
    pub wiring: String,
    /// The nominal line-to-neutral voltage in primary volts, 1-1000000. Default 230.
    #[schema(required = false)]
    pub nominal_voltage_v: f64,
    /// The nominal frequency, 50 or 60; `null` to detect it.
    pub nominal_frequency_hz: Option<u8>,
    /// Where the neutral current comes from: `"auto"`, `"measured"` or `"computed"`. Default
    /// `"auto"`.
    #[schema(required = false)]
    pub neutral: String,
    /// What chooses tariff 1 or 2 of the energy registers. Default `"t1"`.
    #[schema(required = false)]
    pub tariff: TariffForm,
    /// The active power in watts, 0-1000000000, above which the load counts as running.
    /// Default 10.
    #[schema(required = false)]
    pub run_threshold_w: f64,
}

/// What chooses the tariff: a fixed choice, or the periods of tariff 2.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum TariffForm {
    /// `"t1"` or `"t2"` always, or `"digital_input"`.
    Fixed(String),
    /// The periods of tariff 2 (tariff 1 outside them), 1 to 50.
    Schedule(Vec<TariffPeriodForm>),
}

/// A period of tariff 2, in the site's time zone.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TariffPeriodForm {
    /// The days the period starts on: `"mon"` … `"sun"`, each once.
    pub weekdays: Vec<String>,
    /// Its start, `"HH:MM"`.
    pub from: String,
    /// Its end, `"HH:MM"` up to `"24:00"`; before `from`, it runs over midnight.
    pub to: String,
}

impl DeviceForm {
    /// The form of device `id`.
    pub fn of(id: &str, device: &Device) -> DeviceForm {
        DeviceForm {
            id: id.to_owned(),
            name: device.name.clone(),
            profile: device.profile.clone(),
            link: device.link.clone(),
            unit_id: (!device.is_internal_meter()).then_some(device.unit_id),
            enabled: device.enabled,
            load: device.load.clone(),
            groups: device.groups.clone(),
            panel_board: device.panel_board.clone(),
            ct_ratio: device.ct_ratio,
            vt_ratio: device.vt_ratio,
            exclude_from_totals: device.exclude_from_totals,
            exclude_alerts: device.exclude_alerts,
            fast_poll_ms: device.fast_poll_ms,
            slow_poll_ms: device.slow_poll_ms,
            timeout_ms: device.timeout_ms,
            generic: device.generic.as_ref().map(GenericMeterForm::of),
            meter: device.meter.as_ref().map(InternalMeterForm::of),
        }
    }
}

impl GenericMeterForm {
    fn of(generic: &GenericModbusMeter) -> GenericMeterForm {
        GenericMeterForm {
            function: generic.function,
            register: generic.register.clone(),
            words: generic.words,
            multiplier: generic.multiplier,
            unit: generic.unit.symbol().to_owned(),
        }
    }
}

impl InternalMeterForm {
    fn of(meter: &InternalMeter) -> InternalMeterForm {
        let tariff = match &meter.tariff {
            TariffSource::Schedule(periods) => TariffForm::Schedule(
                periods
                    .iter()
                    .map(|p| TariffPeriodForm {
                        weekdays: p
                            .weekdays
                            .iter()
                            .map(|d| weekday_name(*d).to_owned())
                            .collect(),
                        from: p.from.to_string(),
                        to: p.to.to_string(),
                    })
                    .collect(),
            ),
            fixed => TariffForm::Fixed(fixed.name().unwrap_or_default().to_owned()),
        };
        InternalMeterForm {
            wiring: meter.wiring.name().to_owned(),
            nominal_voltage_v: meter.nominal_voltage_v,
            nominal_frequency_hz: meter.nominal_frequency.map(|f| f.hz()),
            neutral: meter.neutral.name().to_owned(),
            tariff,
            run_threshold_w: meter.run_threshold_w,
        }
    }
}

/// A load (`[loads.<id>]`): a category of consumption. The six predefined loads always exist;
/// only `enabled` can change for them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoadForm {
    /// The load's id (1-64 lowercase letters, digits, `_` or `-`, starting with a letter; not
    /// `others`). Given when creating; in a change, left out or equal to the id in the path.
    #[schema(required = false)]
    pub id: String,
    /// Display name, unique among loads (and not "Others"); fixed for a predefined load, whose
    /// changes may repeat it. Default: the id.
    #[schema(required = false)]
    pub name: String,
    /// Whether the load is shown. Default true.
    #[schema(required = false)]
    pub enabled: bool,
    /// True for a predefined load (read-only: ignored in requests).
    #[schema(read_only, required = false)]
    pub predefined: bool,
}

impl LoadForm {
    /// The form of load `id`.
    pub fn of(id: &str, load: &Load) -> LoadForm {
        LoadForm {
            id: id.to_owned(),
            name: load.name.clone(),
            enabled: load.enabled,
            predefined: PredefinedLoad::from_id(id).is_some(),
        }
    }
}

/// A measure group (`[groups.<id>]`): a logical set of measuring points.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupForm {
    /// The group's id (1-64 lowercase letters, digits, `_` or `-`, starting with a letter).
    /// Given when creating; in a change, left out or equal to the id in the path.
    #[schema(required = false)]
    pub id: String,
    /// Display name, unique among groups. Default: the id.
    #[schema(required = false)]
    pub name: String,
    /// Description or location.
    pub description: Option<String>,
    /// Whether the group is shown. Default true.
    #[schema(required = false)]
    pub enabled: bool,
}

impl GroupForm {
    /// The form of group `id`.
    pub fn of(id: &str, group: &MeasureGroup) -> GroupForm {
        GroupForm {
            id: id.to_owned(),
            name: group.name.clone(),
            description: group.description.clone(),
            enabled: group.enabled,
        }
    }
}

/// A panel board (`[panel_boards.<id>]`): a distribution board gateways and devices are
/// installed in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PanelBoardForm {
    /// The panel board's id (1-64 lowercase letters, digits, `_` or `-`, starting with a
    /// letter). Given when creating; in a change, left out or equal to the id in the path.
    #[schema(required = false)]
    pub id: String,
    /// Display name, unique among panel boards. Default: the id.
    #[schema(required = false)]
    pub name: String,
    /// Description or location.
    pub description: Option<String>,
    /// Whether the panel board is shown. Default true.
    #[schema(required = false)]
    pub enabled: bool,
}

impl PanelBoardForm {
    /// The form of panel board `id`.
    pub fn of(id: &str, board: &PanelBoard) -> PanelBoardForm {
        PanelBoardForm {
            id: id.to_owned(),
            name: board.name.clone(),
            description: board.description.clone(),
            enabled: board.enabled,
        }
    }
}

/// A JSON request body whose rejections are problems: unreadable JSON or a missing
/// `content-type: application/json` give `bad_request` saying what is wrong; a value of the
/// wrong shape gives `bad_request` naming the member that does not fit, with its rule
/// (`unknown_key`, `required`, `type`, `not_allowed`).
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        let Json(value) = Json::<Value>::from_request(request, state)
            .await
            .map_err(|rejection| Problem::new(ErrorCode::BadRequest, rejection.body_text()))?;
        misfit::from_value(value).map(JsonBody)
    }
}

/// The entity forms' body: a JSON object.
pub type FormBody = JsonBody<Map<String, Value>>;

/// What a change did, as audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// An entity was added.
    Create,
    /// An entity (or the site settings) was replaced.
    Update,
    /// An entity was deleted.
    Delete,
}

/// The `If-Match` header of a request (RFC 9110 §13.1.1): what the entity a change replaces or
/// deletes must be now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: any entity that exists.
    Any,
    /// The entity tags the client read (`"…"`, quotes included); weak ones (`W/"…"`) are left
    /// out, since they never match a strong tag.
    Tags(Vec<String>),
}

impl IfMatch {
    /// The `If-Match` of `headers` (every such header, in order), `None` without one, or
    /// `bad_request` when it is neither `*` nor a list of entity tags.
    pub fn of(headers: &HeaderMap) -> Result<Option<IfMatch>, Problem> {
        let mut values = headers.get_all(header::IF_MATCH).iter().peekable();
        if values.peek().is_none() {
            return Ok(None);
        }
        let malformed = || {
            Problem::new(
                ErrorCode::BadRequest,
                "If-Match is neither * nor a list of entity tags (\"…\")",
            )
        };
        let mut tags = Vec::new();
        for value in values {
            let value = value.to_str().map_err(|_| malformed())?;
            if value.trim() == "*" {
                return Ok(Some(IfMatch::Any));
            }
            let mut rest = value.trim_start_matches([' ', '\t', ',']);
            while !rest.is_empty() {
                let (weak, quoted) = match rest.strip_prefix("W/") {
                    Some(quoted) => (true, quoted),
                    None => (false, rest),
                };
                let end = quoted
                    .strip_prefix('"')
                    .and_then(|inner| inner.find('"'))
                    .ok_or_else(malformed)?;
                let (tag, after) = quoted.split_at(end + 2);
                if !weak {
                    tags.push(tag.to_owned());
                }
                let after = after.trim_start_matches([' ', '\t']);
                if !after.is_empty() && !after.starts_with(',') {
                    return Err(malformed());
                }
                rest = after.trim_start_matches([' ', '\t', ',']);
            }
        }
        Ok(Some(IfMatch::Tags(tags)))
    }

    /// True when an entity whose tag is `current` meets the condition (strong comparison).
    pub fn matches(&self, current: &str) -> bool {
        match self {
            IfMatch::Any => true,
            IfMatch::Tags(tags) => tags.iter().any(|tag| tag == current),
        }
    }
}

/// Who makes a change, for the audit log, and what the entity it replaces or deletes must be
/// now (the request's `If-Match`). A handler takes it as an argument (the caller and their
/// address, as [`Principal`] and [`ClientAddr`] give them, and the request's `If-Match`).
#[derive(Clone)]
pub struct Editor {
    state: ApiState,
    principal: Principal,
    client: ClientAddr,
    if_match: Option<IfMatch>,
}

impl FromRequestParts<ApiState> for Editor {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Editor, Problem> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let client = ClientAddr::from_request_parts(parts, state).await?;
        let if_match = IfMatch::of(&parts.headers)?;
        Ok(Editor {
            state: state.clone(),
            principal,
            client,
            if_match,
        })
    }
}

impl Editor {
    /// Checks that entity `id` of `current` exists (else `not_found`) and meets the request's
    /// `If-Match` (else `changed`). The caller holds `config_edit`, and `current` is the
    /// configuration it changes, so nothing can change the entity between this check and the
    /// write.
    fn check_unchanged<F: EntityForm>(&self, current: &SiteConfig, id: &str) -> ApiResult<()> {
        let form = F::read(current, id).ok_or_else(|| F::SECTION.not_found(id))?;
        self.check_tag(
            &entity_tag(&form),
            &format!("the {} {id:?}", F::SECTION.noun()),
        )
    }

    /// Checks that what a change replaces, `what` (`the device "main"`), whose tag is
    /// `current_tag` now, meets the request's `If-Match` (else `changed`).
    fn check_tag(&self, current_tag: &str, what: &str) -> ApiResult<()> {
        match &self.if_match {
            Some(condition) if !condition.matches(current_tag) => Err(Problem::new(
                ErrorCode::Changed,
                format!(
                    "{what} was changed by someone else since it was read; nothing was \
                     changed: read it again, then make the change again"
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Applies `site` (validated, saved as a new version, acquisition restarted), audits the
    /// change to `target` when a new version was saved, and returns the configuration then in
    /// force. The caller holds `config_edit`.
    async fn apply(
        &self,
        operation: Operation,
        target: &str,
        site: SiteConfig,
    ) -> ApiResult<Arc<SiteConfig>> {
        let version = self.state.site.apply(site).await.map_err(Problem::from)?;
        if let Some(version) = version {
            Audit::by(
                &self.state,
                &self.principal,
                self.client,
                "config_change",
                AuditResult::Success,
            )
            .target(target)
            .detail(serde_json::json!({"operation": operation, "version": version}))
            .write();
        }
        Ok(self.state.site.site())
    }

    /// Creates the entity of `section` described by `body`, which holds its `id`. Returns the
    /// id and the configuration in force.
    pub async fn create(
        &self,
        section: Section,
        mut body: Map<String, Value>,
    ) -> ApiResult<(String, Arc<SiteConfig>)> {
        let id = match body.remove("id") {
            Some(Value::String(id)) => id,
            Some(other) => return Err(Problem::invalid_fields(vec![not_a_string("id", &other)])),
            None => {
                return Err(Problem::invalid_field(
                    "id",
                    FieldRule::Required,
                    FieldParams::default(),
                    "required: the id of the new entity",
                ));
            }
        };
        if !is_valid_id(&id) {
            return Err(Problem::invalid_fields(vec![invalid_id("id", id)]));
        }
        let _edit = self.state.config_edit.lock().await;
        let current = self.state.site.site();
        if section.contains(&current, &id) {
            return Err(conflict(format!(
                "a {} with id {id:?} exists already",
                section.noun()
            )));
        }
        let site = with_entity(&current, &self.state.library, section, &id, body)?;
        let target = format!("{}:{id}", section.audit_kind());
        let site = self.apply(Operation::Create, &target, site).await?;
        Ok((id, site))
    }

    /// Replaces entity `id` of the section of `F` by `body`, if it meets the request's
    /// `If-Match`. Returns the configuration in force.
    pub async fn update<F: EntityForm>(
        &self,
        id: &str,
        mut body: Map<String, Value>,
    ) -> ApiResult<Arc<SiteConfig>> {
        let section = F::SECTION;
        match body.remove("id") {
            None | Some(Value::Null) => {}
            Some(Value::String(given)) if given == id => {}
            Some(other) => {
                return Err(Problem::invalid_field(
                    "id",
                    FieldRule::Fixed,
                    FieldParams::value(id),
                    format!("{other} is not the id in the path ({id:?}); ids cannot change"),
                ));
            }
        }
        let _edit = self.state.config_edit.lock().await;
        let current = self.state.site.site();
        self.check_unchanged::<F>(&current, id)?;
        let site = with_entity(&current, &self.state.library, section, id, body)?;
        let target = format!("{}:{id}", section.audit_kind());
        self.apply(Operation::Update, &target, site).await
    }

    /// Deletes entity `id` of the section of `F` with `remove`, if it meets the request's
    /// `If-Match`; `remove` refuses (with a problem) what the seeds' rules forbid and takes the
    /// entity (and what goes with it) out of the site.
    pub async fn delete<F: EntityForm>(
        &self,
        id: &str,
        remove: impl FnOnce(&mut SiteConfig) -> Result<(), Problem>,
    ) -> ApiResult<()> {
        let section = F::SECTION;
        let _edit = self.state.config_edit.lock().await;
        let current = self.state.site.site();
        self.check_unchanged::<F>(&current, id)?;
        let mut site = SiteConfig::clone(&current);
        remove(&mut site)?;
        let target = format!("{}:{id}", section.audit_kind());
        self.apply(Operation::Delete, &target, site).await?;
        Ok(())
    }

    /// Replaces the site settings by `body`, if they meet the request's `If-Match`: `tag` gives
    /// their tag in a configuration. Returns the configuration in force.
    pub async fn update_site_settings(
        &self,
        mut body: Map<String, Value>,
        tag: impl Fn(&SiteConfig) -> String,
    ) -> ApiResult<Arc<SiteConfig>> {
        body.remove("version");
        let table = toml_table("site", body)?;
        let _edit = self.state.config_edit.lock().await;
        let current = self.state.site.site();
        self.check_tag(&tag(&current), "the site settings")?;
        let mut document = document_of(&current)?;
        document.insert("site".to_owned(), toml::Value::Table(table));
        let site = read_document(&document, &self.state.library)?;
        self.apply(Operation::Update, "site", site).await
    }

    /// Replaces the whole `[tariffs]` section by `body` (its read-only members already taken
    /// out), if the section meets the request's `If-Match`: `tag` gives the section's tag in a
    /// configuration. An empty body removes every contract. Returns the configuration in force.
    pub async fn update_tariffs(
        &self,
        body: Map<String, Value>,
        tag: impl Fn(&SiteConfig) -> String,
    ) -> ApiResult<Arc<SiteConfig>> {
        let table = toml_table(TARIFFS_KEY, body)?;
        let _edit = self.state.config_edit.lock().await;
        let current = self.state.site.site();
        self.check_tag(&tag(&current), "the tariffs section")?;
        let mut document = document_of(&current)?;
        document.insert(TARIFFS_KEY.to_owned(), toml::Value::Table(table));
        let site = read_document(&document, &self.state.library)?;
        self.apply(Operation::Update, TARIFFS_KEY, site).await
    }
}

/// The id at `path` is not an id.
fn invalid_id(path: &str, id: String) -> FieldError {
    FieldError::new(
        path,
        FieldRule::Pattern,
        FieldParams::format(Format::Id.name()),
        InvalidId(id).to_string(),
    )
}

/// The value at `path` is not a string.
fn not_a_string(path: &str, value: &Value) -> FieldError {
    FieldError::new(
        path,
        FieldRule::Type,
        FieldParams::types(Some(ValueKind::String.name()), json_kind(value)),
        format!("expected a string, found {value}"),
    )
}

/// The type of a JSON value, as [`FieldRule::Type`] names it.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => ValueKind::Boolean.name(),
        Value::Number(n) if n.is_f64() => ValueKind::Float.name(),
        Value::Number(_) => ValueKind::Integer.name(),
        Value::String(_) => ValueKind::String.name(),
        Value::Array(_) => ValueKind::Array.name(),
        Value::Object(_) => ValueKind::Table.name(),
    }
}

/// A reference to a link the site does not have, with the closest id it has.
pub fn unknown_link(site: &SiteConfig, id: &str) -> FieldError {
    FieldError::new(
        "link",
        FieldRule::UnknownReference,
        FieldParams::reference(Reference::Link.name(), id),
        format!("unknown link {id:?}"),
    )
    .suggesting(closest(id, site.links.keys().map(String::as_str)))
}

/// `conflict`, with a detail saying why.
pub fn conflict(detail: impl Into<String>) -> Problem {
    Problem::new(ErrorCode::Conflict, detail)
}

/// Ids quoted and separated by commas, for messages: `"main", "heat"`.
pub fn quoted<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter()
        .map(|id| format!("{id:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The answer to a read or test that failed: `device_unreachable` with the exact error when the
/// device or link did not answer, `invalid` when it cannot be read as configured.
pub fn read_problem(failure: ReadFailure) -> Problem {
    match failure {
        ReadFailure::Unreachable(error) => Problem::new(ErrorCode::DeviceUnreachable, error),
        other @ (ReadFailure::NotPolled(_) | ReadFailure::Unusable(_)) => {
            Problem::invalid(other.to_string(), Vec::new())
        }
    }
}

/// The site file of `site`, as a TOML table.
fn document_of(site: &SiteConfig) -> Result<toml::Table, Problem> {
    site.to_toml_string()
        .parse::<toml::Table>()
        .map_err(Problem::internal)
}

/// Reads a site file with the model's reader: the configuration, or every error with its path.
fn read_document(document: &toml::Table, library: &Library) -> Result<SiteConfig, Problem> {
    let text = toml::to_string(document).map_err(Problem::internal)?;
    SiteConfig::from_toml_str(&text, library).map_err(|e| Problem::broken_rules(e.errors))
}

/// The site with entity `id` of `section` replaced by (or added as) `body`.
fn with_entity(
    current: &SiteConfig,
    library: &Library,
    section: Section,
    id: &str,
    mut body: Map<String, Value>,
) -> Result<SiteConfig, Problem> {
    if section == Section::Loads {
        body.remove("predefined");
        // A predefined load's fixed name may be sent back as it was received.
        if let Some(predefined) = PredefinedLoad::from_id(id)
            && body.get("name").and_then(Value::as_str) == Some(predefined.name())
        {
            body.remove("name");
        }
    }
    let table = toml_table(&format!("{}.{}", section.key(), path_key(id)), body)?;
    let mut document = document_of(current)?;
    insert_entity(&mut document, section, id, table);
    read_document(&document, library)
}

fn insert_entity(document: &mut toml::Table, section: Section, id: &str, table: toml::Table) {
    let entities = document
        .entry(section.key())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(entities) = entities {
        entities.insert(id.to_owned(), toml::Value::Table(table));
    }
}

/// The TOML table of a JSON object at `at` (`devices.main`); `null` members are left out.
fn toml_table(at: &str, object: Map<String, Value>) -> Result<toml::Table, Problem> {
    let mut errors = Vec::new();
    let table = table_of(at, object, &mut errors);
    if errors.is_empty() {
        Ok(table)
    } else {
        Err(Problem::invalid_fields(errors))
    }
}

fn table_of(at: &str, object: Map<String, Value>, errors: &mut Vec<FieldError>) -> toml::Table {
    object
        .into_iter()
        .filter_map(|(key, value)| {
            let path = format!("{at}.{}", path_key(&key));
            toml_value(&path, value, errors).map(|v| (key, v))
        })
        .collect()
}

fn toml_value(at: &str, value: Value, errors: &mut Vec<FieldError>) -> Option<toml::Value> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(toml::Value::Boolean(b)),
        Value::String(s) => Some(toml::Value::String(s)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Some(toml::Value::Integer(i)),
            (None, Some(f)) if !n.is_u64() => Some(toml::Value::Float(f)),
            _ => {
                errors.push(FieldError::new(
                    at,
                    FieldRule::OutOfRange,
                    FieldParams::range(i64::MIN, i64::MAX),
                    format!("{n} is out of range"),
                ));
                None
            }
        },
        Value::Array(items) => {
            let mut array = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let path = format!("{at}[{i}]");
                if item.is_null() {
                    errors.push(FieldError::new(
                        path,
                        FieldRule::Required,
                        FieldParams::default(),
                        "null is not allowed in an array",
                    ));
                } else if let Some(v) = toml_value(&path, item, errors) {
                    array.push(v);
                }
            }
            Some(toml::Value::Array(array))
        }
        Value::Object(object) => Some(toml::Value::Table(table_of(at, object, errors))),
    }
}

/// A key as written in a path: bare when it can be, quoted otherwise (as the site file's
/// errors write it).
pub(crate) fn path_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
}

/// A device to test before it is added: on a link of the site, or on a new link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceTestRequest {
    /// The link to read through: the id of a link of the site, or a new link in the form of
    /// `POST /links` (its `id` may be left out).
    pub link: LinkChoice,
    /// The device in the form of `POST /devices`; its `id` may be left out, and its `link`
    /// left out or equal to the link above.
    #[schema(value_type = DeviceForm)]
    pub device: Map<String, Value>,
}

/// The link of a device test.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum LinkChoice {
    /// The id of a link of the site.
    Existing(String),
    /// A link not yet saved.
    New(NewLink),
}

/// A link not yet saved, in the form of `POST /links`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = LinkForm)]
pub struct NewLink(pub Map<String, Value>);

/// The id used for a new link or device in a test that gives none.
const UNSAVED_ID: &str = "unsaved";

/// The link and device of a device test, read and checked as the site file's reader would read
/// them if they were added to the site (their ids aside: a test may reuse a device's id or
/// unit, and may give none). Errors name `link.…` and `device.…`.
pub fn test_subjects(
    current: &SiteConfig,
    library: &Library,
    request: DeviceTestRequest,
) -> Result<(Link, Device), Problem> {
    let mut document = document_of(current)?;
    // The other links and devices stay out: the test neither clashes with them nor checks them;
    // so do the tariffs, which may name a device left out (a demand charge's meter).
    let links = document.remove(Section::Links.key());
    document.remove(Section::Devices.key());
    document.remove(TARIFFS_KEY);
    let (link_id, link_table) = match request.link {
        LinkChoice::Existing(id) => {
            let table = links
                .as_ref()
                .and_then(|l| l.get(&id))
                .and_then(toml::Value::as_table)
                .cloned();
            let Some(table) = table else {
                return Err(Problem::invalid_fields(vec![unknown_link(current, &id)]));
            };
            (id, table)
        }
        LinkChoice::New(NewLink(mut object)) => {
            let id = unsaved_id(&mut object, "link.id")?;
            (id, toml_table("link", object)?)
        }
    };
    let mut device = request.device;
    let device_id = unsaved_id(&mut device, "device.id")?;
    match device.remove("link") {
        None | Some(Value::Null) => {}
        Some(Value::String(given)) if given == link_id => {}
        Some(other) => {
            return Err(Problem::invalid_field(
                "device.link",
                FieldRule::NotApplicable,
                FieldParams::default(),
                format!("{other} is not the link of the test ({link_id:?}); leave it out"),
            ));
        }
    }
    device.insert("link".to_owned(), Value::String(link_id.clone()));
    let device_table = toml_table("device", device)?;
    insert_entity(&mut document, Section::Links, &link_id, link_table);
    insert_entity(&mut document, Section::Devices, &device_id, device_table);
    let mut site = read_document(&document, library).map_err(|problem| {
        let mut errors = problem.errors;
        let prefixes = [
            (format!("links.{}", path_key(&link_id)), "link"),
            (format!("devices.{}", path_key(&device_id)), "device"),
        ];
        for error in &mut errors {
            for (prefix, name) in &prefixes {
                if let Some(rest) = error.path.strip_prefix(prefix.as_str())
                    && (rest.is_empty() || rest.starts_with(['.', '[']))
                {
                    error.path = format!("{name}{rest}");
                }
            }
        }
        Problem::invalid_fields(errors)
    })?;
    let link = site.links.remove(&link_id);
    let device = site.devices.remove(device_id.as_str());
    link.zip(device)
        .ok_or_else(|| Problem::internal("the tested link or device was not read back"))
}

/// The id given in a test's object (checked), or a stand-in.
fn unsaved_id(object: &mut Map<String, Value>, path: &str) -> Result<String, Problem> {
    match object.remove("id") {
        None | Some(Value::Null) => Ok(UNSAVED_ID.to_owned()),
        Some(Value::String(id)) if is_valid_id(&id) => Ok(id),
        Some(Value::String(id)) => Err(Problem::invalid_fields(vec![invalid_id(path, id)])),
        Some(other) => Err(Problem::invalid_fields(vec![not_a_string(path, &other)])),
    }
}
