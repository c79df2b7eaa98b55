//! Reading the site file: TOML syntax, then each section and entity on its own, key by key.
//!
//! Each table's keys are checked against the keys its type knows before any value is read. A
//! value that is missing or cannot be read is reported once and replaced by a stand-in that the
//! validator then leaves alone, so that one mistake is never reported twice and never hides
//! another.

use super::SiteConfig;
use super::device::{Device, GenericModbusMeter, ProfileCatalog, not_allowed};
use super::error::{ConfigError, ConfigErrors, Errors, Path, Problem, Section};
use super::link::{
    Link, LinkKind, RtuOverTcpTransport, SerialTransport, StreamEndpoint, TcpTransport, Transport,
    WaveformTransport, split_host_port,
};
use super::meter::{
    INTERNAL_METER, InternalMeter, TariffPeriod, TariffSource, TimeOfDay, WEEKDAY_NAMES,
    weekday_from_name,
};
use super::organisation::{
    Gateway, LOCAL_GATEWAY_ADDRESS, LOCAL_GATEWAY_ID, LOCAL_GATEWAY_NAME, Load, MeasureGroup,
    PanelBoard, PredefinedLoad,
};
use super::rules::{
    Choice, FAILURES_BEFORE_ERROR, INTER_FRAME_GAP_MS, POLL_MS, TCP_PORT, TIMEOUT_MS, UNIT_ID,
    in_range, type_name,
};
use super::settings::SiteSettings;
use super::validate::{Leniency, id_problem, validate};
use crate::sample::DeviceId;
use crate::suggest::closest;
use crate::unit::Unit;
use std::ops::RangeInclusive;
use toml::{Table, Value};

pub(crate) const SITE_KEYS: &[&str] = &[
    "name",
    "time_zone",
    "currency",
    "sample_rate_minutes",
    "language",
    "csv_decimal_separator",
    "csv_field_separator",
];
pub(crate) const MODBUS_TCP_KEYS: &[&str] = &[
    "kind",
    "host",
    "port",
    "timeout_ms",
    "gateway",
    "failures_before_error",
    "enabled",
];
pub(crate) const MODBUS_RTU_KEYS: &[&str] = &[
    "kind",
    "port",
    "baud",
    "data_bits",
    "parity",
    "stop_bits",
    "timeout_ms",
    "inter_frame_gap_ms",
    "gateway",
    "failures_before_error",
    "enabled",
];
pub(crate) const RTU_OVER_TCP_KEYS: &[&str] = &[
    "kind",
    "host",
    "port",
    "timeout_ms",
    "inter_frame_gap_ms",
    "gateway",
    "failures_before_error",
    "enabled",
];
pub(crate) const WAVEFORM_STREAM_KEYS: &[&str] = &[
    "kind",
    "tcp",
    "unix",
    "timeout_ms",
    "gateway",
    "failures_before_error",
    "enabled",
];
pub(crate) const GATEWAY_KEYS: &[&str] =
    &["name", "description", "address", "enabled", "panel_board"];
pub(crate) const DEVICE_KEYS: &[&str] = &[
    "name",
    "profile",
    "link",
    "unit_id",
    "enabled",
    "load",
    "groups",
    "panel_board",
    "ct_ratio",
    "vt_ratio",
    "exclude_from_totals",
    "exclude_alerts",
    "fast_poll_ms",
    "slow_poll_ms",
    "timeout_ms",
    "generic",
    "meter",
];
pub(crate) const METER_KEYS: &[&str] = &[
    "wiring",
    "nominal_voltage_v",
    "nominal_frequency_hz",
    "neutral",
    "tariff",
    "run_threshold_w",
];
pub(crate) const TARIFF_PERIOD_KEYS: &[&str] = &["weekdays", "from", "to"];
pub(crate) const GENERIC_KEYS: &[&str] = &["function", "register", "words", "multiplier", "unit"];
pub(crate) const PREDEFINED_LOAD_KEYS: &[&str] = &["enabled"];
pub(crate) const LOAD_KEYS: &[&str] = &["name", "enabled"];
pub(crate) const GROUP_KEYS: &[&str] = &["name", "description", "enabled"];
pub(crate) const PANEL_BOARD_KEYS: &[&str] = &["name", "description", "enabled"];

/// Reads and checks a site file.
pub(crate) fn parse(text: &str, catalog: &dyn ProfileCatalog) -> Result<SiteConfig, ConfigErrors> {
    let document: Table = match text.parse() {
        Ok(document) => document,
        Err(error) => {
            return Err(ConfigErrors {
                errors: vec![syntax_error(text, &error)],
            });
        }
    };
    let mut reader = FileReader::default();
    let config = reader.document(&document);
    let mut errors = reader.errors;
    errors.extend(validate(&config, catalog, &reader.lenient));
    let errors = errors.into_sorted();
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(ConfigErrors { errors })
    }
}

/// The one error of a file that is not valid TOML, placed at its line and column.
fn syntax_error(text: &str, error: &toml::de::Error) -> ConfigError {
    let mut offset = error.span().map_or(0, |s| s.start).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let message = error.message().replace('\n', "; ");
    ConfigError::new(
        Path::location(format!("line {line}, column {column}")).as_str(),
        format!("invalid TOML: {message}"),
    )
}

/// The outcome of reading one key.
enum Got<T> {
    Absent,
    Unreadable,
    Value(T),
}

/// One table of the file, with its path; its keys have been checked.
struct Fields<'t> {
    at: Path,
    table: &'t Table,
}

#[derive(Default)]
struct FileReader {
    errors: Errors,
    lenient: Leniency,
}

impl FileReader {
    fn stand_in(&mut self, path: &Path) {
        self.lenient.placeholders.insert(path.as_str().to_owned());
    }

    /// Reports every key of `table` that is not in `known`, then gives access to the values.
    fn fields<'t>(
        &mut self,
        at: Path,
        table: &'t Table,
        known: &[&str],
        unknown: &str,
    ) -> Fields<'t> {
        let mut keys: Vec<&String> = table.keys().collect();
        keys.sort();
        for key in keys {
            if !known.contains(&key.as_str()) {
                let suggestion = closest(key, known.iter().copied());
                self.errors
                    .push(&at.key(key), Problem::suggesting(unknown, suggestion));
            }
        }
        Fields { at, table }
    }

    fn get<T>(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        read: impl FnOnce(&Value) -> Result<T, Problem>,
    ) -> Got<T> {
        let Some(value) = f.table.get(key) else {
            return Got::Absent;
        };
        match read(value) {
            Ok(v) => Got::Value(v),
            Err(problem) => {
                let path = f.at.key(key);
                self.errors.push(&path, problem);
                self.stand_in(&path);
                Got::Unreadable
            }
        }
    }

    fn required<T>(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        read: impl FnOnce(&Value) -> Result<T, Problem>,
        stand_in: T,
    ) -> T {
        match self.get(f, key, read) {
            Got::Value(v) => v,
            Got::Unreadable => stand_in,
            Got::Absent => {
                let path = f.at.key(key);
                self.errors.message(&path, "required key is missing");
                self.stand_in(&path);
                stand_in
            }
        }
    }

    fn or<T>(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        read: impl FnOnce(&Value) -> Result<T, Problem>,
        default: T,
    ) -> T {
        match self.get(f, key, read) {
            Got::Value(v) => v,
            Got::Absent | Got::Unreadable => default,
        }
    }

    fn optional<T>(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        read: impl FnOnce(&Value) -> Result<T, Problem>,
    ) -> Option<T> {
        match self.get(f, key, read) {
            Got::Value(v) => Some(v),
            Got::Absent | Got::Unreadable => None,
        }
    }

    fn document(&mut self, document: &Table) -> SiteConfig {
        let sections: Vec<&str> = Section::KNOWN.iter().map(|(_, k)| *k).collect();
        let mut keys: Vec<&String> = document.keys().collect();
        keys.sort();
        for key in keys {
            if !sections.contains(&key.as_str()) {
                let suggestion = closest(key, sections.iter().copied());
                self.errors.push(
                    &Path::unknown_section(key),
                    Problem::suggesting("unknown section", suggestion),
                );
            }
        }
        let mut config = SiteConfig::new(self.site(document));
        for (id, at, table) in self.entities(document, Section::Links) {
            if let Some(link) = self.link(&at, table) {
                config.links.insert(id, link);
            } else {
                self.lenient.defined.insert((Section::Links, id));
            }
        }
        for (id, at, table) in self.entities(document, Section::Gateways) {
            let gateway = self.gateway(at, &id, table);
            config.gateways.insert(id, gateway);
        }
        for (id, at, table) in self.entities(document, Section::Devices) {
            let device = self.device(at, &id, table);
            match DeviceId::new(&id) {
                Ok(device_id) => {
                    config.devices.insert(device_id, device);
                }
                Err(_) => {
                    self.lenient.defined.insert((Section::Devices, id));
                }
            }
        }
        for (id, at, table) in self.entities(document, Section::Loads) {
            let load = if let Some(predefined) = PredefinedLoad::from_id(&id) {
                let unknown = "predefined loads accept only \"enabled\"";
                let f = self.fields(at, table, PREDEFINED_LOAD_KEYS, unknown);
                Load {
                    enabled: self.or(&f, "enabled", boolean, true),
                    ..predefined.load()
                }
            } else {
                let f = self.fields(at, table, LOAD_KEYS, "unknown key");
                Load {
                    name: self.or(&f, "name", string, id.clone()),
                    enabled: self.or(&f, "enabled", boolean, true),
                }
            };
            config.loads.insert(id, load);
        }
        for (id, at, table) in self.entities(document, Section::Groups) {
            let f = self.fields(at, table, GROUP_KEYS, "unknown key");
            let group = MeasureGroup {
                name: self.or(&f, "name", string, id.clone()),
                description: self.optional(&f, "description", string),
                enabled: self.or(&f, "enabled", boolean, true),
            };
            config.groups.insert(id, group);
        }
        for (id, at, table) in self.entities(document, Section::PanelBoards) {
            let f = self.fields(at, table, PANEL_BOARD_KEYS, "unknown key");
            let board = PanelBoard {
                name: self.or(&f, "name", string, id.clone()),
                description: self.optional(&f, "description", string),
                enabled: self.or(&f, "enabled", boolean, true),
            };
            config.panel_boards.insert(id, board);
        }
        config
    }

    /// The entities of a section that are tables, by id; reports the others and bad ids.
    fn entities<'d>(
        &mut self,
        document: &'d Table,
        section: Section,
    ) -> Vec<(String, Path, &'d Table)> {
        let Some(value) = document.get(section.key()) else {
            return Vec::new();
        };
        let Some(table) = value.as_table() else {
            let message = format!("expected a table, found {}", type_name(value));
            self.errors.message(&Path::section(section), message);
            self.lenient.unreadable_sections.insert(section);
            return Vec::new();
        };
        let mut ids: Vec<&String> = table.keys().collect();
        ids.sort();
        let mut entities = Vec::new();
        for id in ids {
            let at = Path::entity(section, id);
            if let Some(problem) = id_problem(id) {
                self.errors.push(&at, problem);
                self.stand_in(&at);
            }
            match table.get(id.as_str()) {
                Some(Value::Table(entity)) => entities.push((id.clone(), at, entity)),
                Some(other) => {
                    let message = format!("expected a table, found {}", type_name(other));
                    self.errors.message(&at, message);
                    self.lenient.defined.insert((section, id.clone()));
                }
                None => {}
            }
        }
        entities
    }

    fn site(&mut self, document: &Table) -> SiteSettings {
        let at = Path::section(Section::Site);
        let table = match document.get("site") {
            Some(Value::Table(table)) => table,
            other => {
                match other {
                    None => self.errors.message(&at, "required section is missing"),
                    Some(value) => {
                        let message = format!("expected a table, found {}", type_name(value));
                        self.errors.message(&at, message);
                    }
                }
                for key in ["name", "time_zone"] {
                    self.stand_in(&at.key(key));
                }
                return SiteSettings::new("", "UTC");
            }
        };
        let f = self.fields(at, table, SITE_KEYS, "unknown key");
        SiteSettings {
            name: self.required(&f, "name", string, String::new()),
            time_zone: self.required(&f, "time_zone", string, "UTC".to_owned()),
            currency: self.or(
                &f,
                "currency",
                string,
                SiteSettings::DEFAULT_CURRENCY.to_owned(),
            ),
            sample_rate: self.or(
                &f,
                "sample_rate_minutes",
                Choice::from_toml,
                Default::default(),
            ),
            language: self.or(&f, "language", Choice::from_toml, Default::default()),
            csv_decimal_separator: self.or(
                &f,
                "csv_decimal_separator",
                Choice::from_toml,
                Default::default(),
            ),
            csv_field_separator: self.or(
                &f,
                "csv_field_separator",
                Choice::from_toml,
                Default::default(),
            ),
        }
    }

    /// A link, or `None` when its kind cannot be known.
    fn link(&mut self, at: &Path, table: &Table) -> Option<Link> {
        let kind_path = at.key("kind");
        let kind = match table.get("kind").map(LinkKind::from_toml) {
            Some(Ok(kind)) => kind,
            Some(Err(problem)) => {
                self.errors.push(&kind_path, problem);
                return None;
            }
            None => {
                self.errors.message(&kind_path, "required key is missing");
                return None;
            }
        };
        let (keys, default_timeout) = match kind {
            LinkKind::ModbusTcp => (MODBUS_TCP_KEYS, TcpTransport::DEFAULT_TIMEOUT_MS),
            LinkKind::ModbusRtu => (MODBUS_RTU_KEYS, SerialTransport::DEFAULT_TIMEOUT_MS),
            LinkKind::RtuOverTcp => (RTU_OVER_TCP_KEYS, RtuOverTcpTransport::DEFAULT_TIMEOUT_MS),
            LinkKind::WaveformStream => {
                (WAVEFORM_STREAM_KEYS, WaveformTransport::DEFAULT_TIMEOUT_MS)
            }
        };
        let unknown = format!("unknown key for kind {:?}", kind.name());
        let f = self.fields(at.clone(), table, keys, &unknown);
        let timeout_ms = self.or(&f, "timeout_ms", integer(&TIMEOUT_MS), default_timeout);
        let gap = |r: &mut Self| r.optional(&f, "inter_frame_gap_ms", integer(&INTER_FRAME_GAP_MS));
        let transport = match kind {
            LinkKind::ModbusTcp => Transport::ModbusTcp(TcpTransport {
                host: self.required(&f, "host", string, String::new()),
                port: self.or(&f, "port", integer(&TCP_PORT), TcpTransport::DEFAULT_PORT),
                timeout_ms,
            }),
            LinkKind::ModbusRtu => Transport::ModbusRtu(SerialTransport {
                port: self.required(&f, "port", string, String::new()),
                baud: self.or(&f, "baud", Choice::from_toml, Default::default()),
                data_bits: self.or(&f, "data_bits", Choice::from_toml, Default::default()),
                parity: self.or(&f, "parity", Choice::from_toml, Default::default()),
                stop_bits: self.or(&f, "stop_bits", Choice::from_toml, Default::default()),
                timeout_ms,
                inter_frame_gap_ms: gap(self),
            }),
            LinkKind::RtuOverTcp => Transport::RtuOverTcp(RtuOverTcpTransport {
                host: self.required(&f, "host", string, String::new()),
                port: self.required(&f, "port", integer(&TCP_PORT), TcpTransport::DEFAULT_PORT),
                timeout_ms,
                inter_frame_gap_ms: gap(self),
            }),
            LinkKind::WaveformStream => Transport::WaveformStream(WaveformTransport {
                endpoint: self.stream_endpoint(&f),
                timeout_ms,
            }),
        };
        Some(Link {
            transport,
            gateway: self.or(&f, "gateway", string, LOCAL_GATEWAY_ID.to_owned()),
            failures_before_error: self.or(
                &f,
                "failures_before_error",
                integer(&FAILURES_BEFORE_ERROR),
                Link::DEFAULT_FAILURES_BEFORE_ERROR,
            ),
            enabled: self.or(&f, "enabled", boolean, true),
        })
    }

    /// The source of a waveform stream: `tcp = "host:port"` or `unix = "/path"`, exactly one.
    fn stream_endpoint(&mut self, f: &Fields<'_>) -> StreamEndpoint {
        let tcp = self.get(f, "tcp", host_port);
        let unix = self.get(f, "unix", string);
        match (tcp, unix) {
            (Got::Value((host, port)), Got::Absent) => StreamEndpoint::Tcp { host, port },
            (Got::Absent, Got::Value(path)) => StreamEndpoint::Unix(path),
            (Got::Absent, Got::Absent) => {
                let path = f.at.key("tcp");
                self.errors.message(
                    &path,
                    "required key is missing: give tcp = \"host:port\" or unix = \"/path\"",
                );
                self.stand_in(&path);
                self.stand_in(&f.at.key("unix"));
                StreamEndpoint::Unix(String::new())
            }
            (tcp, unix) => {
                if matches!((&tcp, &unix), (Got::Value(_), Got::Value(_))) {
                    self.errors
                        .message(&f.at.key("unix"), "give either tcp or unix, not both");
                }
                // Whatever was given is reported; nothing is left to check.
                self.stand_in(&f.at.key("tcp"));
                self.stand_in(&f.at.key("unix"));
                StreamEndpoint::Unix(String::new())
            }
        }
    }

    fn gateway(&mut self, at: Path, id: &str, table: &Table) -> Gateway {
        let f = self.fields(at, table, GATEWAY_KEYS, "unknown key");
        let local = id == LOCAL_GATEWAY_ID;
        let default_name = if local { LOCAL_GATEWAY_NAME } else { id };
        let address = if local {
            Some(self.or(&f, "address", string, LOCAL_GATEWAY_ADDRESS.to_owned()))
        } else {
            self.optional(&f, "address", string)
        };
        Gateway {
            name: self.or(&f, "name", string, default_name.to_owned()),
            description: self.optional(&f, "description", string),
            address,
            enabled: self.or(&f, "enabled", boolean, true),
            panel_board: self.optional(&f, "panel_board", string),
        }
    }

    fn device(&mut self, at: Path, id: &str, table: &Table) -> Device {
        let f = self.fields(at, table, DEVICE_KEYS, "unknown key");
        let name = self.or(&f, "name", string, id.to_owned());
        let profile = self.required(&f, "profile", string, String::new());
        let link = self.required(&f, "link", string, String::new());
        let unit_id = if profile == INTERNAL_METER {
            // An internal meter has no Modbus address; the model holds a stand-in.
            if f.table.contains_key("unit_id") {
                let path = f.at.key("unit_id");
                self.errors.message(
                    &path,
                    "an internal meter has no Modbus unit id: leave unit_id out",
                );
                self.stand_in(&path);
            }
            1
        } else {
            self.required(&f, "unit_id", integer(&UNIT_ID), 1)
        };
        Device {
            name,
            profile,
            link,
            unit_id,
            enabled: self.or(&f, "enabled", boolean, true),
            load: self.optional(&f, "load", string),
            groups: self.or(&f, "groups", strings, Vec::new()),
            panel_board: self.optional(&f, "panel_board", string),
            ct_ratio: self.or(&f, "ct_ratio", number, 1.0),
            vt_ratio: self.or(&f, "vt_ratio", number, 1.0),
            exclude_from_totals: self.or(&f, "exclude_from_totals", boolean, false),
            exclude_alerts: self.or(&f, "exclude_alerts", boolean, false),
            fast_poll_ms: self.or(
                &f,
                "fast_poll_ms",
                integer(&POLL_MS),
                Device::DEFAULT_FAST_POLL_MS,
            ),
            slow_poll_ms: self.or(
                &f,
                "slow_poll_ms",
                integer(&POLL_MS),
                Device::DEFAULT_SLOW_POLL_MS,
            ),
            timeout_ms: self.optional(&f, "timeout_ms", integer(&TIMEOUT_MS)),
            generic: self.generic(&f),
            meter: self.meter(&f),
        }
    }

    /// The fields of the optional sub-table `key` of `parent`; `None` when it is absent, or
    /// not a table (which is an error).
    fn sub_table<'t>(
        &mut self,
        parent: &Fields<'t>,
        key: &str,
        known: &[&str],
    ) -> Option<Fields<'t>> {
        let at = parent.at.key(key);
        match parent.table.get(key) {
            None => None,
            Some(Value::Table(table)) => Some(self.fields(at, table, known, "unknown key")),
            Some(other) => {
                self.errors.push(&at, mismatch("a table", other));
                self.stand_in(&at);
                None
            }
        }
    }

    fn meter(&mut self, device: &Fields<'_>) -> Option<InternalMeter> {
        let f = self.sub_table(device, "meter", METER_KEYS)?;
        let defaults = InternalMeter::new(super::meter::Wiring::ThreePhase4W);
        Some(InternalMeter {
            wiring: self.required(&f, "wiring", Choice::from_toml, defaults.wiring),
            nominal_voltage_v: self.or(&f, "nominal_voltage_v", number, defaults.nominal_voltage_v),
            nominal_frequency: self.optional(&f, "nominal_frequency_hz", Choice::from_toml),
            neutral: self.or(&f, "neutral", Choice::from_toml, defaults.neutral),
            tariff: self.tariff(&f),
            run_threshold_w: self.or(&f, "run_threshold_w", number, defaults.run_threshold_w),
        })
    }

    /// `tariff`: one of the fixed choices, or an array of tariff-2 periods.
    fn tariff(&mut self, meter: &Fields<'_>) -> TariffSource {
        let at = meter.at.key("tariff");
        let periods = match meter.table.get("tariff") {
            None => return TariffSource::T1,
            Some(Value::String(name)) => {
                return TariffSource::from_name(name).unwrap_or_else(|| {
                    let list: Vec<String> = TariffSource::NAMES
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect();
                    let suggestion = closest(name, TariffSource::NAMES.iter().copied());
                    self.errors.push(
                        &at,
                        Problem::suggesting(
                            format!(
                                "{name:?} is not allowed; expected one of {}, or an array of \
                                 tariff-2 periods",
                                list.join(", ")
                            ),
                            suggestion,
                        ),
                    );
                    self.stand_in(&at);
                    TariffSource::T1
                });
            }
            Some(Value::Array(periods)) => periods,
            Some(other) => {
                self.errors.push(
                    &at,
                    mismatch(
                        "\"t1\", \"t2\", \"digital_input\" or an array of tariff-2 periods",
                        other,
                    ),
                );
                self.stand_in(&at);
                return TariffSource::T1;
            }
        };
        let mut schedule = Vec::with_capacity(periods.len());
        for (i, period) in periods.iter().enumerate() {
            let at = at.index(i);
            let Value::Table(table) = period else {
                self.errors
                    .push(&at, mismatch("a table { weekdays, from, to }", period));
                self.stand_in(&at);
                continue;
            };
            let f = self.fields(at, table, TARIFF_PERIOD_KEYS, "unknown key");
            schedule.push(TariffPeriod {
                weekdays: self.required(&f, "weekdays", weekdays, Vec::new()),
                from: self.required(&f, "from", time_of_day, TimeOfDay::MIDNIGHT),
                to: self.required(&f, "to", time_of_day, TimeOfDay::END_OF_DAY),
            });
        }
        TariffSource::Schedule(schedule)
    }

    fn generic(&mut self, device: &Fields<'_>) -> Option<GenericModbusMeter> {
        let f = self.sub_table(device, "generic", GENERIC_KEYS)?;
        Some(GenericModbusMeter {
            function: self.required(
                &f,
                "function",
                small_choice(GenericModbusMeter::FUNCTIONS),
                3,
            ),
            register: self.required(&f, "register", register, String::from("0")),
            words: self.required(&f, "words", small_choice(GenericModbusMeter::WORDS), 1),
            multiplier: self.required(&f, "multiplier", number, 1.0),
            unit: self.or(&f, "unit", unit, Unit::KilowattHour),
        })
    }
}

fn mismatch(expected: &str, value: &Value) -> Problem {
    Problem::new(format!("expected {expected}, found {}", type_name(value)))
}

fn string(value: &Value) -> Result<String, Problem> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| mismatch("a string", value))
}

fn boolean(value: &Value) -> Result<bool, Problem> {
    value.as_bool().ok_or_else(|| mismatch("a boolean", value))
}

/// A number: a TOML float or integer.
fn number(value: &Value) -> Result<f64, Problem> {
    match value {
        Value::Float(f) => Ok(*f),
        Value::Integer(i) => Ok(*i as f64),
        other => Err(mismatch("a number", other)),
    }
}

/// An integer within `range`, converted to the field's type.
fn integer<T: TryFrom<i64>>(range: &RangeInclusive<i64>) -> impl Fn(&Value) -> Result<T, Problem> {
    move |value| {
        let i = value
            .as_integer()
            .ok_or_else(|| mismatch("an integer", value))?;
        let i = in_range(i, range)?;
        T::try_from(i).map_err(|_| Problem::new(format!("{i} is out of range")))
    }
}

/// An integer from a small fixed set.
fn small_choice(allowed: &'static [u8]) -> impl Fn(&Value) -> Result<u8, Problem> {
    move |value| {
        let i = value
            .as_integer()
            .ok_or_else(|| mismatch("an integer", value))?;
        u8::try_from(i)
            .ok()
            .filter(|v| allowed.contains(v))
            .ok_or_else(|| not_allowed(i, allowed))
    }
}

fn strings(value: &Value) -> Result<Vec<String>, Problem> {
    let array = value
        .as_array()
        .ok_or_else(|| mismatch("an array of strings", value))?;
    array
        .iter()
        .map(|item| {
            item.as_str().map(str::to_owned).ok_or_else(|| {
                Problem::new(format!(
                    "expected an array of strings, found {} in it",
                    type_name(item)
                ))
            })
        })
        .collect()
}

/// `"host:port"` (`"[::1]:7070"`).
fn host_port(value: &Value) -> Result<(String, u16), Problem> {
    let text = value
        .as_str()
        .ok_or_else(|| mismatch("a string \"host:port\"", value))?;
    split_host_port(text).ok_or_else(|| {
        Problem::new(format!(
            "{text:?} is not \"host:port\" such as \"192.168.1.20:7070\" (\"[::1]:7070\" for IPv6)"
        ))
    })
}

/// An array of day names (`["mon", "tue"]`).
fn weekdays(value: &Value) -> Result<Vec<jiff::civil::Weekday>, Problem> {
    let expected = || {
        let names: Vec<String> = WEEKDAY_NAMES.iter().map(|n| format!("{n:?}")).collect();
        format!("an array of days ({})", names.join(", "))
    };
    let array = value
        .as_array()
        .ok_or_else(|| mismatch(&expected(), value))?;
    array
        .iter()
        .map(|item| {
            let Some(name) = item.as_str() else {
                return Err(Problem::new(format!(
                    "expected {}, found {} in it",
                    expected(),
                    type_name(item)
                )));
            };
            weekday_from_name(name).ok_or_else(|| {
                Problem::suggesting(
                    format!("{name:?} is not a day; expected {}", expected()),
                    closest(&name.to_ascii_lowercase(), WEEKDAY_NAMES).filter(|s| *s != name),
                )
            })
        })
        .collect()
}

/// A time of day `"HH:MM"`.
fn time_of_day(value: &Value) -> Result<TimeOfDay, Problem> {
    let text = value
        .as_str()
        .ok_or_else(|| mismatch("a time \"HH:MM\"", value))?;
    TimeOfDay::parse(text).ok_or_else(|| {
        Problem::new(format!(
            "{text:?} is not a time \"HH:MM\" from \"00:00\" to \"24:00\""
        ))
    })
}

fn register(value: &Value) -> Result<String, Problem> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| mismatch("a string of hexadecimal digits such as \"0x0048\"", value))
}

fn unit(value: &Value) -> Result<Unit, Problem> {
    let symbol = value.as_str().ok_or_else(|| mismatch("a string", value))?;
    symbol.parse().map_err(|e: crate::unit::UnknownUnit| {
        let symbols = Unit::ALL
            .iter()
            .map(|u| u.symbol())
            .filter(|s| !s.is_empty());
        Problem::suggesting(e.to_string(), closest(symbol, symbols))
    })
}
