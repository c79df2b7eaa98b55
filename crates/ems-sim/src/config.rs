//! The simulator's configuration file (`ems sim SIM.toml`); the format is described in
//! `docs/SIMULATOR.md`.
//!
//! Parsing refuses unknown keys; [`SimConfig::from_toml_str`] then checks what serde cannot
//! (references between sections, unit ids, ranges, fault parameters) and reports every problem
//! at once, each with its key path.

use crate::fault::{Fault, ScheduledFault};
use crate::model::ModelConfig;
use crate::stream::StreamFault;
use crate::waveform::WaveformModel;
use ems_metering::ChannelRole;
use ems_metering::stream::{ChannelLayout, DEFAULT_MAX_FRAME_LEN, frame_len};
use ems_modbus::pdu::ExceptionCode;
use ems_model::Point;
use ems_model::site::GenericModbusMeter;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// A whole simulator configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimConfig {
    /// The seed every device's model derives its own from (with the device id).
    #[serde(default)]
    pub seed: u64,
    /// Where devices are served, by listener id.
    #[serde(default)]
    pub listeners: BTreeMap<String, ListenerConfig>,
    /// The simulated devices, by device id.
    #[serde(default)]
    pub devices: BTreeMap<String, DeviceConfig>,
    /// The simulated waveform sources, by id.
    #[serde(default)]
    pub waveforms: BTreeMap<String, WaveformConfig>,
}

/// One place devices are served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ListenerConfig {
    /// A Modbus TCP server (MBAP frames), one port for many unit ids.
    ModbusTcp {
        /// Address to listen on (`"127.0.0.1:5020"`; port 0 picks a free port).
        bind: SocketAddr,
    },
    /// RTU frames over TCP, as a serial-to-Ethernet gateway forwards them.
    RtuOverTcp {
        /// Address to listen on.
        bind: SocketAddr,
        /// Line silence that ends an RTU frame of unknown length, in ms (default 20).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        silence_ms: Option<u64>,
    },
    /// Modbus RTU on a serial port (a USB adapter, or one end of a `socat` pty pair).
    ModbusRtu {
        /// The device path (`"/dev/ttyUSB0"`, `"/dev/pts/3"`).
        port: String,
        /// Baud rate (default 9600).
        #[serde(default = "default_baud")]
        baud: u32,
        /// Parity (default none).
        #[serde(default)]
        parity: Parity,
        /// Stop bits, 1 or 2 (default 1).
        #[serde(default = "default_stop_bits")]
        stop_bits: u8,
        /// Data bits, 7 or 8 (default 8).
        #[serde(default = "default_data_bits")]
        data_bits: u8,
        /// Line silence that ends an RTU frame of unknown length, in ms (default: 3.5
        /// characters, at least 5 ms).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        silence_ms: Option<u64>,
    },
}

/// An optional time written as a TOML offset date-time (`2026-03-01T00:00:00Z`) or as a string
/// in RFC 3339.
fn timestamp_or_toml_datetime<'de, D>(deserializer: D) -> Result<Option<Timestamp>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Text(text) => text,
        Written::Toml(datetime) if datetime.offset.is_some() => datetime.to_string(),
        Written::Toml(datetime) => {
            return Err(serde::de::Error::custom(format!(
                "{datetime} has no offset: write the time with Z or an offset from UTC"
            )));
        }
    };
    text.parse::<Timestamp>()
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("\"{text}\" is not a time: {e}")))
}

fn default_baud() -> u32 {
    9600
}
fn default_stop_bits() -> u8 {
    1
}
fn default_data_bits() -> u8 {
    8
}
fn one() -> f64 {
    1.0
}

/// Parity of a serial line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parity {
    /// No parity bit.
    #[default]
    None,
    /// Even parity.
    Even,
    /// Odd parity.
    Odd,
}

impl ListenerConfig {
    /// The kind's name as written in the file.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ListenerConfig::ModbusTcp { .. } => "modbus_tcp",
            ListenerConfig::RtuOverTcp { .. } => "rtu_over_tcp",
            ListenerConfig::ModbusRtu { .. } => "modbus_rtu",
        }
    }

    /// True for listeners that carry RTU frames.
    pub fn is_rtu(&self) -> bool {
        !matches!(self, ListenerConfig::ModbusTcp { .. })
    }

    /// The silence that ends an RTU frame of unknown length.
    pub fn silence(&self) -> Duration {
        match *self {
            ListenerConfig::ModbusTcp { .. } => Duration::from_millis(20),
            ListenerConfig::RtuOverTcp { silence_ms, .. } => {
                Duration::from_millis(silence_ms.unwrap_or(20))
            }
            ListenerConfig::ModbusRtu {
                baud, silence_ms, ..
            } => match silence_ms {
                Some(ms) => Duration::from_millis(ms),
                // 3.5 characters of 11 bits.
                None => Duration::from_micros(38_500_000 / u64::from(baud.max(1)))
                    .max(Duration::from_millis(5)),
            },
        }
    }
}

/// One simulated device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceConfig {
    /// The profile id whose register map the device serves.
    pub profile: String,
    /// Parameters of the generic Modbus meter (only with profile `generic.modbus_meter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generic: Option<GenericModbusMeter>,
    /// The listener id that serves it.
    pub listener: String,
    /// Its Modbus unit id, 1..=247, unique on its listener.
    pub unit_id: u8,
    /// Its plant model.
    #[serde(default)]
    pub model: ModelConfig,
    /// Starting values of counters, in canonical units (`energy_active_import = 123456` Wh).
    #[serde(default)]
    pub counters: BTreeMap<Point, i64>,
    /// The time at which `counters` held; the model integrates from then to the start, as a
    /// real meter keeps counting while nobody reads it. The start when not given; a time after
    /// the start is refused.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp_or_toml_datetime"
    )]
    pub counters_at: Option<Timestamp>,
    /// Faults on a schedule.
    #[serde(default)]
    pub faults: Vec<FaultConfig>,
    /// Current transformer ratio for registers the profile marks `ct` or `ct_vt` (default 1).
    #[serde(default = "one")]
    pub ct_ratio: f64,
    /// Voltage transformer ratio for registers the profile marks `vt` or `ct_vt` (default 1).
    #[serde(default = "one")]
    pub vt_ratio: f64,
}

/// The kind of a scheduled fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// See [`Fault::NoAnswer`].
    NoAnswer,
    /// See [`Fault::LateAnswer`]; needs `delay_ms`.
    LateAnswer,
    /// See [`Fault::Exception`]; needs `code`.
    Exception,
    /// See [`Fault::WrongUnitId`].
    WrongUnitId,
    /// See [`Fault::BadCrc`]; RTU listeners only.
    BadCrc,
    /// See [`Fault::CounterReset`]; happens once, at `after_s`.
    CounterReset,
    /// See [`Fault::Nan`].
    Nan,
}

/// A fault in the configuration: `{ kind = "late_answer", delay_ms = 3000, after_s = 60,
/// for_s = 30 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    /// Which fault.
    pub kind: FaultKind,
    /// For `late_answer`: how long the answer is held back, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// For `exception`: the exception code (1, 2, 3, 4, 10 or 11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u8>,
    /// When the fault starts, in seconds after the simulator's start (default 0).
    #[serde(default)]
    pub after_s: f64,
    /// How long it lasts, in seconds (default: for ever).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_s: Option<f64>,
}

impl FaultConfig {
    /// The scheduled fault, when the parameters are complete and in range.
    pub fn to_scheduled(&self) -> Result<ScheduledFault, String> {
        let fault = match self.kind {
            FaultKind::NoAnswer => Fault::NoAnswer,
            FaultKind::LateAnswer => Fault::LateAnswer {
                delay: Duration::from_millis(
                    self.delay_ms
                        .ok_or("late_answer needs delay_ms (how long the answer is held back)")?,
                ),
            },
            FaultKind::Exception => {
                let code = self
                    .code
                    .ok_or("exception needs code (1, 2, 3, 4, 10 or 11)")?;
                if !Fault::CONFIGURABLE_EXCEPTIONS.contains(&code) {
                    return Err(format!(
                        "exception code {code} is not one of 1, 2, 3, 4, 10, 11"
                    ));
                }
                Fault::Exception {
                    code: ExceptionCode::from_code(code),
                }
            }
            FaultKind::WrongUnitId => Fault::WrongUnitId,
            FaultKind::BadCrc => Fault::BadCrc,
            FaultKind::CounterReset => Fault::CounterReset,
            FaultKind::Nan => Fault::Nan,
        };
        if self.delay_ms.is_some() && self.kind != FaultKind::LateAnswer {
            return Err("delay_ms applies only to late_answer".into());
        }
        if self.code.is_some() && self.kind != FaultKind::Exception {
            return Err("code applies only to exception".into());
        }
        let seconds = |name: &str, s: f64| {
            if (0.0..1e12).contains(&s) {
                Ok(SignedDuration::from_secs_f64(s))
            } else {
                Err(format!("{name} must be a number of seconds >= 0, not {s}"))
            }
        };
        Ok(ScheduledFault {
            fault,
            after: seconds("after_s", self.after_s)?,
            duration: self.for_s.map(|s| seconds("for_s", s)).transpose()?,
        })
    }
}

/// A simulated waveform source (`[waveforms.<id>]`): an acquisition board serving the waveform
/// stream of `docs/WAVEFORM_STREAM.md` on a TCP port or a Unix socket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaveformConfig {
    /// TCP address to listen on (`"127.0.0.1:7070"`; port 0 picks a free port). Exactly one of
    /// `tcp` and `unix` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp: Option<SocketAddr>,
    /// Unix stream socket to listen on; a stale socket file there is replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unix: Option<PathBuf>,
    /// Samples per second and channel (default 6400).
    #[serde(default = "default_sample_rate")]
    pub sample_rate_hz: f64,
    /// Samples per channel in a frame (default 640).
    #[serde(default = "default_samples_per_frame")]
    pub samples_per_frame: u32,
    /// The channels sent, by name (default `["u_l1", "u_l2", "u_l3", "i_l1", "i_l2", "i_l3"]`).
    #[serde(default = "default_channels")]
    pub channels: Vec<ChannelRole>,
    /// Voltage transformer ratio: voltages are sent as the model's divided by it (default 1).
    #[serde(default = "one")]
    pub vt_ratio: f64,
    /// Current transformer ratio: currents are sent as the model's divided by it (default 1).
    #[serde(default = "one")]
    pub ct_ratio: f64,
    /// Whether frames carry the UTC time of their first sample (default true); false sends
    /// "unknown", as a board without a clock.
    #[serde(default = "yes")]
    pub utc: bool,
    /// A client further behind than this, in ms, skips to the newest frame due (default 1000).
    #[serde(default = "default_max_lag_ms")]
    pub max_lag_ms: u64,
    /// The waveform model.
    #[serde(default)]
    pub model: WaveformModel,
    /// Faults on a schedule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<StreamFaultConfig>,
}

fn default_sample_rate() -> f64 {
    6400.0
}
fn default_samples_per_frame() -> u32 {
    640
}
fn default_channels() -> Vec<ChannelRole> {
    use ChannelRole::*;
    vec![
        VoltageL1, VoltageL2, VoltageL3, CurrentL1, CurrentL2, CurrentL3,
    ]
}
fn yes() -> bool {
    true
}
fn default_max_lag_ms() -> u64 {
    1000
}

/// The kind of a scheduled stream fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamFaultKind {
    /// See [`StreamFault::DropFrames`]; `frames` (default 1).
    DropFrames,
    /// See [`StreamFault::SwapFrames`].
    SwapFrames,
    /// See [`StreamFault::CorruptByte`].
    CorruptByte,
    /// See [`StreamFault::Restart`].
    Restart,
}

/// A stream fault in the configuration: `{ kind = "drop_frames", after_s = 10, frames = 3 }`.
/// It applies to the first frame whose first sample comes at or after `after_s`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamFaultConfig {
    /// Which fault.
    pub kind: StreamFaultKind,
    /// When, in seconds after the simulator's start (default 0).
    #[serde(default)]
    pub after_s: f64,
    /// For `drop_frames`: how many frames (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frames: Option<u32>,
}

impl StreamFaultConfig {
    /// The fault and its time, when the parameters are complete and in range.
    pub fn to_fault(&self) -> Result<(StreamFault, f64), String> {
        if self.frames.is_some() && self.kind != StreamFaultKind::DropFrames {
            return Err("frames applies only to drop_frames".into());
        }
        if !(self.after_s.is_finite() && (0.0..1e12).contains(&self.after_s)) {
            return Err(format!(
                "after_s must be a number of seconds >= 0, not {}",
                self.after_s
            ));
        }
        let fault = match self.kind {
            StreamFaultKind::DropFrames => match self.frames.unwrap_or(1) {
                0 => return Err("frames must be at least 1".into()),
                frames => StreamFault::DropFrames { frames },
            },
            StreamFaultKind::SwapFrames => StreamFault::SwapFrames,
            StreamFaultKind::CorruptByte => StreamFault::CorruptByte,
            StreamFaultKind::Restart => StreamFault::Restart,
        };
        Ok((fault, self.after_s))
    }
}

impl WaveformConfig {
    /// Every problem, as (key path below the source, message).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        match (&self.tcp, &self.unix) {
            (None, None) => out.push((
                "tcp".into(),
                "give a TCP address (tcp = \"127.0.0.1:0\") or a Unix socket (unix = \"/path\")"
                    .into(),
            )),
            (Some(_), Some(_)) => {
                out.push(("unix".into(), "give either tcp or unix, not both".into()))
            }
            (None, Some(path)) if path.as_os_str().is_empty() => {
                out.push(("unix".into(), "must name a socket path".into()))
            }
            _ => {}
        }
        if !(self.sample_rate_hz.is_finite()
            && self.sample_rate_hz > 0.0
            && self.sample_rate_hz <= 1e7)
        {
            out.push((
                "sample_rate_hz".into(),
                format!("must be in (0, 10000000], not {}", self.sample_rate_hz),
            ));
        }
        if self.samples_per_frame == 0 {
            out.push(("samples_per_frame".into(), "must be at least 1".into()));
        }
        match ChannelLayout::new(self.channels.iter().copied()) {
            Err(error) => out.push(("channels".into(), error.to_string())),
            Ok(layout) => {
                let length = frame_len(layout.len(), self.samples_per_frame as usize);
                if length > DEFAULT_MAX_FRAME_LEN as u64 {
                    out.push((
                        "samples_per_frame".into(),
                        format!(
                            "a frame of {} samples of {} channels is {length} bytes, more than \
                             the stream's limit of {DEFAULT_MAX_FRAME_LEN}",
                            self.samples_per_frame,
                            layout.len()
                        ),
                    ));
                }
            }
        }
        for (name, ratio) in [("ct_ratio", self.ct_ratio), ("vt_ratio", self.vt_ratio)] {
            if !(ratio.is_finite() && ratio > 0.0) {
                out.push((name.into(), "must be positive".into()));
            }
        }
        for (key, message) in self.model.problems() {
            out.push((format!("model.{key}"), message));
        }
        for (i, fault) in self.faults.iter().enumerate() {
            if let Err(message) = fault.to_fault() {
                out.push((format!("faults[{i}]"), message));
            }
        }
        out
    }
}

/// One problem in a configuration, with the key path it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// Dotted key path (`devices.main.model.power_factor`); empty for the file as a whole.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors(pub Vec<ConfigIssue>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

impl ConfigErrors {
    /// True when some issue concerns `path` exactly.
    pub fn mentions(&self, path: &str) -> bool {
        self.0.iter().any(|i| i.path == path)
    }
}

/// Collects issues.
#[derive(Default)]
struct Issues(Vec<ConfigIssue>);

impl Issues {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ConfigIssue {
            path: path.into(),
            message: message.into(),
        });
    }
}

impl SimConfig {
    /// Parses and checks a configuration.
    pub fn from_toml_str(text: &str) -> Result<SimConfig, ConfigErrors> {
        let config: SimConfig = parse(text)?;
        let issues = config.problems();
        if issues.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(issues))
        }
    }

    /// Every problem serde cannot see: references, unit ids, ranges, fault parameters.
    pub fn problems(&self) -> Vec<ConfigIssue> {
        let mut issues = Issues::default();
        for (id, listener) in &self.listeners {
            let path = format!("listeners.{id}");
            if !ems_model::sample::is_valid_id(id) {
                issues.push(
                    &path,
                    "invalid id: use 1-64 lowercase letters, digits, '_' or '-', starting with a letter",
                );
            }
            if let ListenerConfig::ModbusRtu {
                port,
                baud,
                stop_bits,
                data_bits,
                ..
            } = listener
            {
                if port.trim().is_empty() {
                    issues.push(format!("{path}.port"), "must name a serial port");
                }
                if *baud == 0 {
                    issues.push(format!("{path}.baud"), "must be positive");
                }
                if !matches!(stop_bits, 1 | 2) {
                    issues.push(format!("{path}.stop_bits"), "must be 1 or 2");
                }
                if !matches!(data_bits, 7 | 8) {
                    issues.push(format!("{path}.data_bits"), "must be 7 or 8");
                }
            }
        }
        let mut units: BTreeMap<(&str, u8), &str> = BTreeMap::new();
        let mut seen_binds: BTreeSet<SocketAddr> = BTreeSet::new();
        for (id, listener) in &self.listeners {
            if let ListenerConfig::ModbusTcp { bind } | ListenerConfig::RtuOverTcp { bind, .. } =
                listener
                && bind.port() != 0
                && !seen_binds.insert(*bind)
            {
                issues.push(
                    format!("listeners.{id}.bind"),
                    format!("{bind} is used by another listener"),
                );
            }
        }
        let mut seen_paths: BTreeSet<&PathBuf> = BTreeSet::new();
        for (id, waveform) in &self.waveforms {
            let path = format!("waveforms.{id}");
            if !ems_model::sample::is_valid_id(id) {
                issues.push(
                    &path,
                    "invalid id: use 1-64 lowercase letters, digits, '_' or '-', starting with a letter",
                );
            }
            if let Some(bind) = waveform.tcp
                && bind.port() != 0
                && !seen_binds.insert(bind)
            {
                issues.push(
                    format!("{path}.tcp"),
                    format!("{bind} is used by another listener or source"),
                );
            }
            if let Some(socket) = &waveform.unix
                && !seen_paths.insert(socket)
            {
                issues.push(
                    format!("{path}.unix"),
                    format!("{} is used by another source", socket.display()),
                );
            }
            for (key, message) in waveform.problems() {
                issues.push(format!("{path}.{key}"), message);
            }
        }
        for (id, device) in &self.devices {
            let path = format!("devices.{id}");
            if !ems_model::sample::is_valid_id(id) {
                issues.push(
                    &path,
                    "invalid id: use 1-64 lowercase letters, digits, '_' or '-', starting with a letter",
                );
            }
            let listener = self.listeners.get(&device.listener);
            match listener {
                None => {
                    let hint = ems_model::suggest::closest(
                        &device.listener,
                        self.listeners.keys().map(String::as_str),
                    )
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                    issues.push(
                        format!("{path}.listener"),
                        format!("no listener \"{}\"{hint}", device.listener),
                    );
                }
                Some(_) => {
                    if let Some(other) = units.insert((&device.listener, device.unit_id), id) {
                        issues.push(
                            format!("{path}.unit_id"),
                            format!(
                                "unit id {} is also used by device \"{other}\" on listener \"{}\"",
                                device.unit_id, device.listener
                            ),
                        );
                    }
                }
            }
            if !(1..=247).contains(&device.unit_id) {
                issues.push(
                    format!("{path}.unit_id"),
                    format!("must be in 1..=247, not {}", device.unit_id),
                );
            }
            for (field, message) in device.model.problems() {
                issues.push(format!("{path}.model.{field}"), message);
            }
            for (point, value) in &device.counters {
                if !point.is_counter() {
                    issues.push(
                        format!("{path}.counters.{point}"),
                        format!("{point} is not a counter"),
                    );
                } else if *value < 0 {
                    issues.push(
                        format!("{path}.counters.{point}"),
                        "a counter cannot start below zero",
                    );
                }
            }
            for (name, ratio) in [("ct_ratio", device.ct_ratio), ("vt_ratio", device.vt_ratio)] {
                if !(ratio.is_finite() && ratio > 0.0) {
                    issues.push(format!("{path}.{name}"), "must be positive");
                }
            }
            for (i, fault) in device.faults.iter().enumerate() {
                let fpath = format!("{path}.faults[{i}]");
                if let Err(message) = fault.to_scheduled() {
                    issues.push(&fpath, message);
                }
                if fault.kind == FaultKind::BadCrc && listener.is_some_and(|l| !l.is_rtu()) {
                    issues.push(
                        format!("{fpath}.kind"),
                        "bad_crc needs an RTU listener (modbus_rtu or rtu_over_tcp)",
                    );
                }
            }
        }
        issues.0
    }
}

/// Deserialises `text`, naming the key path of the first error.
fn parse(text: &str) -> Result<SimConfig, ConfigErrors> {
    let deserializer = toml::Deserializer::parse(text).map_err(|e| {
        ConfigErrors(vec![ConfigIssue {
            path: String::new(),
            message: e.to_string().trim_end().to_owned(),
        }])
    })?;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.message().to_owned();
        let location = inner
            .span()
            .map(|span| {
                let line = text
                    .get(..span.start)
                    .map_or(0, |s| s.lines().count().max(1));
                format!(" (line {line})")
            })
            .unwrap_or_default();
        ConfigErrors(vec![ConfigIssue {
            path: if path == "." { String::new() } else { path },
            message: format!("{message}{location}"),
        }])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
seed = 7

[listeners.tcp]
kind = "modbus_tcp"
bind = "127.0.0.1:0"

[listeners.bus]
kind = "modbus_rtu"
port = "/dev/pts/3"
baud = 19200
parity = "even"

[devices.main]
profile = "eastron.sdm630"
listener = "tcp"
unit_id = 1
model = { shape = "office", base_w = 2000, peak_w = 15000, power_factor = 0.92 }
counters = { energy_active_import = 12345678 }
faults = [{ kind = "no_answer", after_s = 60, for_s = 30 }]

[devices.pv]
profile = "eastron.sdm630"
listener = "bus"
unit_id = 2
model = { shape = "pv", peak_w = 8000, reactive = "capacitive" }

[[devices.pv.faults]]
kind = "bad_crc"
after_s = 10
"#;

    #[test]
    fn a_complete_configuration_parses() {
        let config = SimConfig::from_toml_str(GOOD).unwrap();
        assert_eq!(config.seed, 7);
        assert_eq!(config.devices.len(), 2);
        assert!(matches!(
            config.listeners["bus"],
            ListenerConfig::ModbusRtu {
                baud: 19200,
                parity: Parity::Even,
                stop_bits: 1,
                ..
            }
        ));
        let main = &config.devices["main"];
        assert_eq!(main.model.peak_w, Some(15000.0));
        let fault = main.faults[0].to_scheduled().unwrap();
        assert_eq!(fault.fault, Fault::NoAnswer);
        assert_eq!(fault.duration, Some(SignedDuration::from_secs(30)));
    }

    #[test]
    fn a_misspelt_key_is_reported_with_its_path() {
        let text = GOOD.replace("base_w = 2000", "bse_w = 2000");
        let err = SimConfig::from_toml_str(&text).unwrap_err();
        assert_eq!(err.0[0].path, "devices.main.model.bse_w", "{err}");
        assert!(err.to_string().contains("bse_w"), "{err}");
    }

    #[test]
    fn an_unknown_shape_is_reported_with_its_path() {
        let text = GOOD.replace("\"office\"", "\"ofice\"");
        let err = SimConfig::from_toml_str(&text).unwrap_err();
        assert_eq!(err.0[0].path, "devices.main.model.shape", "{err}");
    }

    #[test]
    fn an_unknown_listener_kind_is_reported() {
        let text = GOOD.replace("\"modbus_tcp\"", "\"modbus_udp\"");
        let err = SimConfig::from_toml_str(&text).unwrap_err();
        assert!(err.to_string().contains("listeners.tcp"), "{err}");
        assert!(err.to_string().contains("modbus_udp"), "{err}");
    }

    #[test]
    fn every_semantic_problem_is_reported_at_once() {
        let text = GOOD
            .replace("listener = \"tcp\"", "listener = \"tcpp\"")
            .replace("power_factor = 0.92", "power_factor = 1.2")
            .replace("energy_active_import = 12345678", "voltage_l1 = 3")
            .replace("unit_id = 2", "unit_id = 248")
            .replace("kind = \"no_answer\"", "kind = \"exception\", code = 5");
        let err = SimConfig::from_toml_str(&text).unwrap_err();
        for path in [
            "devices.main.listener",
            "devices.main.model.power_factor",
            "devices.main.counters.voltage_l1",
            "devices.pv.unit_id",
            "devices.main.faults[0]",
        ] {
            assert!(err.mentions(path), "{path} missing from:\n{err}");
        }
        assert!(err.to_string().contains("did you mean \"tcp\""), "{err}");
    }

    #[test]
    fn two_devices_with_one_unit_id_on_one_listener_are_refused() {
        let text = GOOD
            .replace("unit_id = 2", "unit_id = 1")
            .replace("listener = \"bus\"", "listener = \"tcp\"");
        let err = SimConfig::from_toml_str(&text).unwrap_err();
        assert!(err.mentions("devices.pv.unit_id"), "{err}");
        // bad_crc on a TCP listener has no effect and is refused too.
        assert!(err.mentions("devices.pv.faults[0].kind"), "{err}");
    }

    #[test]
    fn late_answer_needs_its_delay() {
        let text = GOOD.replace("kind = \"no_answer\"", "kind = \"late_answer\"");
        let err = SimConfig::from_toml_str(&text).unwrap_err();
        assert!(err.to_string().contains("delay_ms"), "{err}");
    }

    #[test]
    fn broken_toml_is_reported_with_its_line() {
        let err = SimConfig::from_toml_str("[devices.main\nprofile = 1").unwrap_err();
        assert!(err.to_string().contains("line"), "{err}");
    }
}
