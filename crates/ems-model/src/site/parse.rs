//! Reading the site file: TOML syntax, then each section and entity on its own, key by key.
//!
//! Each table's keys are checked against the keys its type knows before any value is read. A
//! value that is missing or cannot be read is reported once and replaced by a stand-in that the
//! validator then leaves alone, so that one mistake is never reported twice and never hides
//! another.

use super::SiteConfig;
use super::device::{Device, GenericModbusMeter, ProfileCatalog, not_allowed};
use super::error::Limit;
use super::error::{
    ConfigError, ConfigErrors, ConfigRule, Errors, Format, Path, Problem, Reference, Section,
    ValueKind,
};
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
    in_range, out_of_range, type_name,
};
use super::settings::SiteSettings;
use super::tariffs::SiteTariffs;
use super::validate::{Leniency, id_problem, validate};
use crate::sample::DeviceId;
use crate::suggest::closest;
use crate::tariff::{
    ChargePeriod, Commodity, Contract, CostRule, DatedPrice, DemandCharge, DynamicPricing,
    GasFactor, MICRO, Money, Price, StandingCharge, Tariff, TariffPlan, TimeFrame, Validity,
    ValueError, Weekdays,
};
use crate::unit::Unit;
use jiff::civil::{Date, Time};
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
pub(crate) const TARIFFS_KEYS: &[&str] = &["gas_kwh_per_m3", "electricity", "gas", "water"];
pub(crate) const CONTRACT_KEYS: &[&str] = &[
    "standing_charge",
    "demand_charge",
    "dynamic",
    "tariffs",
    "rules",
    "export",
];
pub(crate) const DYNAMIC_KEYS: &[&str] = &["surcharge"];
pub(crate) const PLAN_KEYS: &[&str] = &["tariffs", "rules"];
pub(crate) const TARIFF_KEYS: &[&str] = &["name", "colour", "prices"];
pub(crate) const PRICE_KEYS: &[&str] = &["from", "price"];
pub(crate) const RULE_KEYS: &[&str] = &["tariff", "valid", "repeat_every_year", "time", "days"];
pub(crate) const FROM_TO_KEYS: &[&str] = &["from", "to"];
pub(crate) const STANDING_CHARGE_KEYS: &[&str] = &["per", "amount"];
pub(crate) const DEMAND_CHARGE_KEYS: &[&str] = &["per_kw_month", "meter"];

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

/// Reads only the `[tariffs]` section of a site file (the rest is not read). The plans' own
/// rules ([`crate::tariff::check_plan`]) are checked where they are priced.
pub(crate) fn parse_tariffs(text: &str) -> Result<SiteTariffs, ConfigErrors> {
    let document: Table = text.parse().map_err(|error| ConfigErrors {
        errors: vec![syntax_error(text, &error)],
    })?;
    let mut reader = FileReader::default();
    let tariffs = reader.tariffs(&document);
    let errors = reader.errors.into_sorted();
    if errors.is_empty() {
        Ok(tariffs)
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
        ConfigRule::Syntax { line, column },
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
                let problem = Problem::new(ConfigRule::UnknownKey, unknown);
                self.errors
                    .push(&at.key(key), problem.suggesting(suggestion));
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
                self.errors.push(&path, Problem::required());
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
                    Problem::new(ConfigRule::UnknownKey, "unknown section").suggesting(suggestion),
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
        config.tariffs = self.tariffs(document);
        config
    }

    /// The `[tariffs]` section.
    fn tariffs(&mut self, document: &Table) -> SiteTariffs {
        let mut tariffs = SiteTariffs::default();
        let at = Path::section(Section::Tariffs);
        let table = match document.get("tariffs") {
            None => return tariffs,
            Some(Value::Table(table)) => table,
            Some(other) => {
                self.errors.push(&at, not_a_table(other));
                return tariffs;
            }
        };
        let f = self.fields(at, table, TARIFFS_KEYS, "unknown key");
        tariffs.gas_kwh_per_m3 =
            self.optional(&f, "gas_kwh_per_m3", |v| decimal(v, GasFactor::positive));
        for commodity in SiteTariffs::COMMODITIES {
            let at = Path::entity(Section::Tariffs, commodity.name());
            match table.get(commodity.name()) {
                None => {}
                Some(Value::Table(contract)) => {
                    let c = self.fields(at, contract, CONTRACT_KEYS, "unknown key");
                    *tariffs.contract_mut(commodity) = Some(self.contract(&c, commodity));
                }
                Some(other) => self.errors.push(&at, not_a_table(other)),
            }
        }
        tariffs
    }

    /// One commodity's contract.
    fn contract(&mut self, f: &Fields<'_>, commodity: Commodity) -> Contract {
        let electricity = commodity == Commodity::Electricity;
        for key in ["export", "demand_charge"] {
            if !electricity && f.table.contains_key(key) {
                let what = if key == "export" {
                    "feed-in (export) prices apply"
                } else {
                    "a demand charge applies"
                };
                let message = format!("{what} to electricity only, not to {}", commodity.name());
                self.errors.push(
                    &f.at.key(key),
                    Problem::new(ConfigRule::NotApplicable, message),
                );
            }
        }
        let standing_charge = self
            .sub_table(f, "standing_charge", STANDING_CHARGE_KEYS)
            .map(|s| StandingCharge {
                per: self.required(&s, "per", charge_period, ChargePeriod::Month),
                amount: self.required(&s, "amount", |v| decimal(v, Money::parse), Money(0)),
            });
        let demand_charge = if electricity {
            self.sub_table(f, "demand_charge", DEMAND_CHARGE_KEYS)
                .and_then(|d| self.demand_charge(&d))
        } else {
            None
        };
        let export = if electricity {
            self.sub_table(f, "export", PLAN_KEYS)
                .map(|e| self.plan(&e))
        } else {
            None
        };
        let dynamic = self
            .sub_table(f, "dynamic", DYNAMIC_KEYS)
            .map(|d| DynamicPricing {
                surcharge: self.or(&d, "surcharge", |v| decimal(v, Price::parse), Price(0)),
            });
        if dynamic.is_some() && f.table.contains_key("rules") {
            let message = "a contract is priced by its rules or by imported prices, not both: \
                           remove the rules or `dynamic`";
            self.errors.push(
                &f.at.key("dynamic"),
                Problem::new(ConfigRule::NotApplicable, message),
            );
        }
        Contract {
            commodity,
            import: self.plan(f),
            dynamic,
            export,
            standing_charge,
            demand_charge,
        }
    }

    /// A demand charge: its price and the meter of the grid connection. `None` when the meter
    /// is missing or unreadable (reported): there is nothing to check the rest against.
    fn demand_charge(&mut self, f: &Fields<'_>) -> Option<DemandCharge> {
        let per_kw_month = self.required(f, "per_kw_month", |v| decimal(v, Money::parse), Money(0));
        let meter = match self.get(f, "meter", device_id) {
            Got::Value(meter) => meter,
            Got::Unreadable => return None,
            Got::Absent => {
                let path = f.at.key("meter");
                let message = "required key is missing: the id of the device that measures the \
                               grid connection, where the utility measures the peak (meter = \
                               \"<device id>\")";
                self.errors
                    .push(&path, Problem::new(ConfigRule::Required, message));
                self.stand_in(&path);
                return None;
            }
        };
        Some(DemandCharge {
            per_kw_month,
            meter,
        })
    }

    /// Tariffs (a table by id) and rules (an ordered array of tables).
    fn plan(&mut self, f: &Fields<'_>) -> TariffPlan {
        let mut plan = TariffPlan::default();
        if let Some(t) = f.table.get("tariffs") {
            let at = f.at.key("tariffs");
            match t {
                Value::Table(table) => {
                    for (id, value) in table {
                        let tariff_at = at.key(id);
                        if let Some(problem) = id_problem(id) {
                            self.errors.push(&tariff_at, problem);
                        }
                        let Value::Table(tariff) = value else {
                            self.errors.push(&tariff_at, not_a_table(value));
                            continue;
                        };
                        let t = self.fields(tariff_at, tariff, TARIFF_KEYS, "unknown key");
                        plan.tariffs.push(self.tariff_of_plan(&t, id));
                    }
                }
                other => {
                    self.errors.push(&at, not_a_table(other));
                    self.stand_in(&at);
                }
            }
        }
        if let Some(r) = f.table.get("rules") {
            let at = f.at.key("rules");
            match r {
                Value::Array(rules) => {
                    for (i, rule) in rules.iter().enumerate() {
                        let rule_at = at.index(i);
                        let Value::Table(table) = rule else {
                            // A stand-in keeps the later rules at their indices.
                            self.errors.push(&rule_at, not_a_table(rule));
                            self.stand_in(&rule_at.key("tariff"));
                            plan.rules.push(CostRule {
                                tariff: String::new(),
                                valid: None,
                                repeat_every_year: false,
                                time_frame: None,
                                weekdays: Weekdays::ALL,
                            });
                            continue;
                        };
                        let r = self.fields(rule_at, table, RULE_KEYS, "unknown key");
                        plan.rules.push(self.cost_rule(&r));
                    }
                }
                other => {
                    self.errors.push(
                        &at,
                        mismatch("an array of tables ([[…rules]])", ValueKind::Array, other),
                    );
                }
            }
        }
        plan
    }

    fn tariff_of_plan(&mut self, f: &Fields<'_>, id: &str) -> Tariff {
        let name = self.or(f, "name", string, id.to_owned());
        let colour = self.required(f, "colour", string, "#000000".to_owned());
        let prices_at = f.at.key("prices");
        let mut prices = Vec::new();
        match f.table.get("prices") {
            None => {
                self.errors.push(&prices_at, Problem::required());
                self.stand_in(&prices_at);
            }
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let at = prices_at.index(i);
                    let Value::Table(table) = item else {
                        self.errors.push(
                            &at,
                            mismatch("a table { from, price }", ValueKind::Table, item),
                        );
                        self.stand_in(&prices_at);
                        continue;
                    };
                    let p = self.fields(at, table, PRICE_KEYS, "unknown key");
                    let from = match self.get(&p, "from", date) {
                        Got::Value(d) => Some(d),
                        Got::Absent => None,
                        Got::Unreadable => {
                            self.stand_in(&prices_at);
                            continue;
                        }
                    };
                    match self.get(&p, "price", |v| decimal(v, Price::parse)) {
                        Got::Value(price) => prices.push(DatedPrice { from, price }),
                        Got::Absent => {
                            self.errors.push(&p.at.key("price"), Problem::required());
                            self.stand_in(&prices_at);
                        }
                        Got::Unreadable => self.stand_in(&prices_at),
                    }
                }
            }
            Some(other) => {
                self.errors.push(
                    &prices_at,
                    mismatch(
                        "an array of tables { from, price }",
                        ValueKind::Array,
                        other,
                    ),
                );
                self.stand_in(&prices_at);
            }
        }
        Tariff {
            id: id.to_owned(),
            name,
            colour,
            prices,
        }
    }

    fn cost_rule(&mut self, f: &Fields<'_>) -> CostRule {
        let tariff = self.required(f, "tariff", string, String::new());
        let valid = self.sub_table(f, "valid", FROM_TO_KEYS).and_then(|v| {
            let from = self.required(&v, "from", date, Date::MIN);
            let to = match self.get(&v, "to", date) {
                Got::Value(to) => Some(to),
                Got::Absent => None,
                Got::Unreadable => {
                    self.stand_in(&f.at.key("valid"));
                    self.stand_in(&f.at.key("repeat_every_year"));
                    return None;
                }
            };
            if from == Date::MIN {
                self.stand_in(&f.at.key("valid"));
                self.stand_in(&f.at.key("repeat_every_year"));
                return None;
            }
            Some(Validity { from, to })
        });
        let repeat_every_year = self.or(f, "repeat_every_year", boolean, false);
        let time_frame = self.sub_table(f, "time", FROM_TO_KEYS).map(|t| TimeFrame {
            start: self.required(&t, "from", minute, Time::midnight()),
            end: self.required(&t, "to", minute, Time::midnight()),
        });
        let days = match self.get(f, "days", weekdays) {
            Got::Value(days) => days.into_iter().collect(),
            Got::Absent | Got::Unreadable => Weekdays::ALL,
        };
        CostRule {
            tariff,
            valid,
            repeat_every_year,
            time_frame,
            weekdays: days,
        }
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
            self.errors
                .push(&Path::section(section), not_a_table(value));
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
                    self.errors.push(&at, not_a_table(other));
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
                let problem = match other {
                    None => Problem::new(ConfigRule::MissingSection, "required section is missing"),
                    Some(value) => not_a_table(value),
                };
                self.errors.push(&at, problem);
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
                self.errors.push(&kind_path, Problem::required());
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
                self.errors.push(
                    &path,
                    Problem::new(
                        ConfigRule::Required,
                        "required key is missing: give tcp = \"host:port\" or unix = \"/path\"",
                    ),
                );
                self.stand_in(&path);
                self.stand_in(&f.at.key("unix"));
                StreamEndpoint::Unix(String::new())
            }
            (tcp, unix) => {
                if matches!((&tcp, &unix), (Got::Value(_), Got::Value(_))) {
                    self.errors.push(
                        &f.at.key("unix"),
                        Problem::new(
                            ConfigRule::NotApplicable,
                            "give either tcp or unix, not both",
                        ),
                    );
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
                self.errors.push(
                    &path,
                    Problem::new(
                        ConfigRule::NotApplicable,
                        "an internal meter has no Modbus unit id: leave unit_id out",
                    ),
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
                self.errors.push(&at, not_a_table(other));
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
        let choices = ConfigRule::NotAllowed {
            allowed: TariffSource::NAMES
                .iter()
                .map(|n| (*n).to_owned())
                .collect(),
        };
        let periods = match meter.table.get("tariff") {
            None => return TariffSource::T1,
            Some(Value::String(name)) => {
                return TariffSource::from_name(name).unwrap_or_else(|| {
                    let list: Vec<String> = TariffSource::NAMES
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect();
                    let suggestion = closest(name, TariffSource::NAMES.iter().copied());
                    let message = format!(
                        "{name:?} is not allowed; expected one of {}, or an array of tariff-2 \
                         periods",
                        list.join(", ")
                    );
                    self.errors
                        .push(&at, Problem::new(choices, message).suggesting(suggestion));
                    self.stand_in(&at);
                    TariffSource::T1
                });
            }
            Some(Value::Array(periods)) => periods,
            Some(other) => {
                let message = format!(
                    "expected \"t1\", \"t2\", \"digital_input\" or an array of tariff-2 \
                     periods, found {}",
                    type_name(other)
                );
                self.errors.push(&at, Problem::new(choices, message));
                self.stand_in(&at);
                return TariffSource::T1;
            }
        };
        let mut schedule = Vec::with_capacity(periods.len());
        for (i, period) in periods.iter().enumerate() {
            let at = at.index(i);
            let Value::Table(table) = period else {
                self.errors.push(
                    &at,
                    mismatch("a table { weekdays, from, to }", ValueKind::Table, period),
                );
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

/// "expected `expected`, found …": a value of the wrong type, expected of kind `kind`.
fn mismatch(expected: &str, kind: ValueKind, value: &Value) -> Problem {
    Problem::new(
        ConfigRule::Type {
            expected: kind,
            found: ValueKind::of(value),
        },
        format!("expected {expected}, found {}", type_name(value)),
    )
}

/// A value that is not a table.
fn not_a_table(value: &Value) -> Problem {
    mismatch("a table", ValueKind::Table, value)
}

fn string(value: &Value) -> Result<String, Problem> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| mismatch("a string", ValueKind::String, value))
}

/// The id of a device (the form of an id; whether the site has it is checked later).
fn device_id(value: &Value) -> Result<DeviceId, Problem> {
    let id = string(value)?;
    match id_problem(&id) {
        Some(problem) => Err(problem),
        None => DeviceId::new(&id)
            .map_err(|e| Problem::new(ConfigRule::Pattern { format: Format::Id }, e.to_string())),
    }
}

fn boolean(value: &Value) -> Result<bool, Problem> {
    value
        .as_bool()
        .ok_or_else(|| mismatch("a boolean", ValueKind::Boolean, value))
}

/// A number: a TOML float or integer.
fn number(value: &Value) -> Result<f64, Problem> {
    match value {
        Value::Float(f) => Ok(*f),
        Value::Integer(i) => Ok(*i as f64),
        other => Err(mismatch("a number", ValueKind::Number, other)),
    }
}

/// An integer, not yet checked.
fn whole(value: &Value) -> Result<i64, Problem> {
    value
        .as_integer()
        .ok_or_else(|| mismatch("an integer", ValueKind::Integer, value))
}

/// An integer within `range`, converted to the field's type.
fn integer<T: TryFrom<i64>>(range: &RangeInclusive<i64>) -> impl Fn(&Value) -> Result<T, Problem> {
    move |value| {
        let i = in_range(whole(value)?, range)?;
        T::try_from(i).map_err(|_| out_of_range(i, range))
    }
}

/// An integer from a small fixed set.
fn small_choice(allowed: &'static [u8]) -> impl Fn(&Value) -> Result<u8, Problem> {
    move |value| {
        let i = whole(value)?;
        u8::try_from(i)
            .ok()
            .filter(|v| allowed.contains(v))
            .ok_or_else(|| not_allowed(i, allowed))
    }
}

fn strings(value: &Value) -> Result<Vec<String>, Problem> {
    let array = value
        .as_array()
        .ok_or_else(|| mismatch("an array of strings", ValueKind::Array, value))?;
    array
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| in_array("an array of strings", item))
        })
        .collect()
}

/// "expected `expected`, found … in it": an item of an array of strings that is not one.
fn in_array(expected: &str, item: &Value) -> Problem {
    Problem::new(
        ConfigRule::Type {
            expected: ValueKind::String,
            found: ValueKind::of(item),
        },
        format!("expected {expected}, found {} in it", type_name(item)),
    )
}

/// `"host:port"` (`"[::1]:7070"`).
fn host_port(value: &Value) -> Result<(String, u16), Problem> {
    let text = value
        .as_str()
        .ok_or_else(|| mismatch("a string \"host:port\"", ValueKind::String, value))?;
    split_host_port(text).ok_or_else(|| {
        Problem::new(
            ConfigRule::Pattern {
                format: Format::HostPort,
            },
            format!(
                "{text:?} is not \"host:port\" such as \"192.168.1.20:7070\" (\"[::1]:7070\" for \
                 IPv6)"
            ),
        )
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
        .ok_or_else(|| mismatch(&expected(), ValueKind::Array, value))?;
    array
        .iter()
        .map(|item| {
            let Some(name) = item.as_str() else {
                return Err(in_array(&expected(), item));
            };
            weekday_from_name(name).ok_or_else(|| {
                let rule = ConfigRule::NotAllowed {
                    allowed: WEEKDAY_NAMES.iter().map(|n| (*n).to_owned()).collect(),
                };
                Problem::new(
                    rule,
                    format!("{name:?} is not a day; expected {}", expected()),
                )
                .suggesting(
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
        .ok_or_else(|| mismatch("a time \"HH:MM\"", ValueKind::String, value))?;
    TimeOfDay::parse(text).ok_or_else(|| {
        Problem::new(
            ConfigRule::Pattern {
                format: Format::TimeOfDay,
            },
            format!("{text:?} is not a time \"HH:MM\" from \"00:00\" to \"24:00\""),
        )
    })
}

/// An exact decimal written as text (`"0.2345"`), read by `parse`.
fn decimal<T>(
    value: &Value,
    parse: impl FnOnce(&str) -> Result<T, ValueError>,
) -> Result<T, Problem> {
    let pattern = || ConfigRule::Pattern {
        format: Format::Decimal,
    };
    let Some(text) = value.as_str() else {
        let message = match value {
            Value::Integer(_) | Value::Float(_) => format!(
                "expected a decimal in quotes such as \"{value}\" (kept exactly), found {}",
                type_name(value)
            ),
            _ => format!(
                "expected a decimal in quotes such as \"0.2345\", found {}",
                type_name(value)
            ),
        };
        return Err(Problem::new(
            ConfigRule::Type {
                expected: ValueKind::String,
                found: ValueKind::of(value),
            },
            message,
        ));
    };
    parse(text).map_err(|e| match e {
        ValueError::NotPositive(_) => Problem::new(
            ConfigRule::OutOfRange {
                min: None,
                above: Some(Limit::Integer(0)),
                max: None,
            },
            e.to_string(),
        ),
        ValueError::OutOfRange(_) => Problem::new(
            ConfigRule::OutOfRange {
                min: None,
                above: None,
                max: Some(Limit::Integer(i64::MAX / MICRO)),
            },
            e.to_string(),
        ),
        _ => Problem::new(pattern(), e.to_string()),
    })
}

/// A date `"YYYY-MM-DD"` (a TOML local date is accepted too).
fn date(value: &Value) -> Result<Date, Problem> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        other => return Err(mismatch("a date \"YYYY-MM-DD\"", ValueKind::String, other)),
    };
    text.parse::<Date>()
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| {
            Problem::new(
                ConfigRule::Pattern {
                    format: Format::Date,
                },
                format!("{text:?} is not a date \"YYYY-MM-DD\""),
            )
        })
}

/// A minute of the day `"HH:MM"`, from `"00:00"` to `"23:59"`.
fn minute(value: &Value) -> Result<Time, Problem> {
    let text = value
        .as_str()
        .ok_or_else(|| mismatch("a time \"HH:MM\"", ValueKind::String, value))?;
    let parsed = text.split_once(':').and_then(|(h, m)| {
        let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !two(h) || !two(m) {
            return None;
        }
        let hour: i8 = h.parse().ok()?;
        let minute: i8 = m.parse().ok()?;
        Time::new(hour, minute, 0, 0).ok()
    });
    parsed.ok_or_else(|| {
        Problem::new(
            ConfigRule::Pattern {
                format: Format::TimeOfDay,
            },
            format!(
                "{text:?} is not a time \"HH:MM\" from \"00:00\" to \"23:59\" (the last minute \
                 of a frame is included)"
            ),
        )
    })
}

/// `"day"` or `"month"`.
fn charge_period(value: &Value) -> Result<ChargePeriod, Problem> {
    let names = ["day", "month"];
    let rule = || ConfigRule::NotAllowed {
        allowed: names.iter().map(|n| (*n).to_owned()).collect(),
    };
    match value.as_str() {
        Some("day") => Ok(ChargePeriod::Day),
        Some("month") => Ok(ChargePeriod::Month),
        Some(other) => Err(Problem::new(
            rule(),
            format!("{other:?} is not allowed; expected one of \"day\", \"month\""),
        )
        .suggesting(closest(other, names))),
        None => Err(mismatch("\"day\" or \"month\"", ValueKind::String, value)),
    }
}

fn register(value: &Value) -> Result<String, Problem> {
    value.as_str().map(str::to_owned).ok_or_else(|| {
        mismatch(
            "a string of hexadecimal digits such as \"0x0048\"",
            ValueKind::String,
            value,
        )
    })
}

fn unit(value: &Value) -> Result<Unit, Problem> {
    let symbol = value
        .as_str()
        .ok_or_else(|| mismatch("a string", ValueKind::String, value))?;
    symbol.parse().map_err(|e: crate::unit::UnknownUnit| {
        let symbols = Unit::ALL
            .iter()
            .map(|u| u.symbol())
            .filter(|s| !s.is_empty());
        Problem {
            message: e.to_string(),
            ..Problem::unknown_reference(Reference::Unit, symbol)
        }
        .suggesting(closest(symbol, symbols))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{Limit, Reference};

    const SITE: &str = r#"
[site]
name = "Plant"
time_zone = "Europe/Rome"

[links.bus]
kind = "modbus_rtu"
port = "/dev/ttyUSB0"

[groups.floor1]
name = "Floor 1"
"#;

    /// The rule of each error of the site above followed by `more`, by path.
    fn rules(more: &str) -> Vec<(String, ConfigRule, Option<String>)> {
        let text = format!("{SITE}\n{more}");
        let errors = parse(&text, &["eastron.sdm630"]).unwrap_err().errors;
        errors
            .into_iter()
            .map(|e| (e.path, e.rule, e.suggestion))
            .collect()
    }

    fn range(min: i64, max: i64) -> ConfigRule {
        ConfigRule::OutOfRange {
            min: Some(min.into()),
            above: None,
            max: Some(max.into()),
        }
    }

    #[test]
    fn a_device_out_of_range_or_naming_what_does_not_exist_says_which_rule_it_breaks() {
        let found = rules(
            r#"
[devices.main]
profile = "eastron.sdm63"
link = "buss"
unit_id = 300
groups = ["floor1", "floor1", "floor2"]
ct_ratio = 0
fast_poll_ms = 5000
slow_poll_ms = 2000
"#,
        );
        let unknown = |kind, value: &str| ConfigRule::UnknownReference {
            kind,
            value: value.to_owned(),
        };
        assert_eq!(
            found,
            [
                ("devices.main.unit_id".to_owned(), range(1, 247), None),
                (
                    "devices.main.profile".to_owned(),
                    unknown(Reference::Profile, "eastron.sdm63"),
                    Some("eastron.sdm630".to_owned())
                ),
                (
                    "devices.main.link".to_owned(),
                    unknown(Reference::Link, "buss"),
                    Some("bus".to_owned())
                ),
                (
                    "devices.main.groups".to_owned(),
                    ConfigRule::Duplicate {
                        value: "floor1".to_owned()
                    },
                    None
                ),
                (
                    "devices.main.groups".to_owned(),
                    unknown(Reference::MeasureGroup, "floor2"),
                    Some("floor1".to_owned())
                ),
                (
                    "devices.main.ct_ratio".to_owned(),
                    ConfigRule::OutOfRange {
                        min: None,
                        above: Some(Limit::Integer(0)),
                        max: Some(Limit::Integer(100_000)),
                    },
                    None
                ),
                (
                    "devices.main.slow_poll_ms".to_owned(),
                    range(5000, 3_600_000),
                    None
                ),
            ]
        );
    }

    #[test]
    fn unknown_keys_missing_keys_and_wrong_types_say_which_rule_they_break() {
        let found = rules(
            r#"
[devices.main]
profile = "eastron.sdm630"
link = "bus"
unitid = 3
enabled = "yes"
"#,
        );
        assert_eq!(
            found,
            [
                (
                    "devices.main.unitid".to_owned(),
                    ConfigRule::UnknownKey,
                    Some("unit_id".to_owned())
                ),
                (
                    "devices.main.unit_id".to_owned(),
                    ConfigRule::Required,
                    None
                ),
                (
                    "devices.main.enabled".to_owned(),
                    ConfigRule::Type {
                        expected: ValueKind::Boolean,
                        found: ValueKind::String,
                    },
                    None
                ),
            ]
        );
    }

    #[test]
    fn values_of_a_fixed_set_name_every_allowed_value() {
        let found = rules(
            "[links.other]\nkind = \"modbus_rtu\"\nport = \"/dev/ttyUSB1\"\nparity = \"evn\"\n",
        );
        let allowed = ["none", "odd", "even"].map(str::to_owned).to_vec();
        assert_eq!(
            found,
            [(
                "links.other.parity".to_owned(),
                ConfigRule::NotAllowed { allowed },
                Some("even".to_owned())
            )]
        );
        let found = rules(
            "[devices.g]\nprofile = \"generic.modbus_meter\"\nlink = \"bus\"\nunit_id = 2\n[devices.g.generic]\nfunction = 6\nregister = \"0xFFFF\"\nwords = 2\nmultiplier = 0\n",
        );
        let rules: Vec<ConfigRule> = found.into_iter().map(|(_, rule, _)| rule).collect();
        assert_eq!(
            rules,
            [
                ConfigRule::NotAllowed {
                    allowed: vec!["3".to_owned(), "4".to_owned()]
                },
                ConfigRule::OutOfRange {
                    min: None,
                    above: None,
                    max: Some(Limit::Text("0xFFFE".to_owned())),
                },
                ConfigRule::NonZero,
            ]
        );
    }

    #[test]
    fn tariff_errors_say_which_rule_they_break_with_their_paths() {
        let found = rules(
            r##"
[tariffs]
gas_kwh_per_m3 = "0"
[tariffs.electricity.tariffs.peak]
colour = "red"
prices = [{ from = "2026-02-30", price = "0.1" }, { price = "x" }]
[tariffs.electricity.tariffs.base]
colour = "#000000"
prices = []
[[tariffs.electricity.rules]]
tariff = "peek"
[[tariffs.electricity.rules]]
tariff = "base"
valid = { from = "2026-05-01", to = "2026-04-01" }
days = []
[[tariffs.electricity.rules]]
tariff = "base"
repeat_every_year = true
[tariffs.electricity.export.tariffs.feed]
colour = "#000000"
prices = [{ from = "2026-01-01", price = "0.1" }, { from = "2026-01-01", price = "0.2" }]
"##,
        );
        let p = |s: &str| format!("tariffs.electricity.{s}");
        let pattern = |format| ConfigRule::Pattern { format };
        assert_eq!(
            found,
            [
                (
                    "tariffs.gas_kwh_per_m3".to_owned(),
                    ConfigRule::OutOfRange {
                        min: None,
                        above: Some(Limit::Integer(0)),
                        max: None
                    },
                    None
                ),
                (
                    p("tariffs.peak.prices[0].from"),
                    pattern(Format::Date),
                    None
                ),
                (
                    p("tariffs.peak.prices[1].price"),
                    pattern(Format::Decimal),
                    None
                ),
                (p("tariffs.base.prices"), ConfigRule::Empty, None),
                (p("tariffs.peak.colour"), pattern(Format::Colour), None),
                (
                    p("rules[0].tariff"),
                    ConfigRule::UnknownReference {
                        kind: Reference::Tariff,
                        value: "peek".to_owned()
                    },
                    Some("peak".to_owned())
                ),
                (
                    p("rules[1].valid"),
                    ConfigRule::OutOfRange {
                        min: Some(Limit::Text("2026-05-01".to_owned())),
                        above: None,
                        max: None
                    },
                    None
                ),
                (p("rules[1].days"), ConfigRule::Empty, None),
                (p("rules[2].repeat_every_year"), ConfigRule::Required, None),
                (
                    p("export.tariffs.feed.prices"),
                    ConfigRule::Duplicate {
                        value: "2026-01-01".to_owned()
                    },
                    None
                ),
            ]
        );
    }

    #[test]
    fn names_ids_and_the_site_itself_say_which_rule_they_break() {
        let found = rules(
            "[groups.Floor2]\nname = \"floor 1\"\n[panel_boards.main]\nname = \"  \"\n[gateways.local]\naddress = \"10.0.0.1\"\n",
        );
        let rules: Vec<(String, ConfigRule)> = found
            .into_iter()
            .map(|(path, rule, _)| (path, rule))
            .collect();
        assert_eq!(
            rules,
            [
                (
                    "gateways.local.address".to_owned(),
                    ConfigRule::Fixed {
                        value: "127.0.0.1".to_owned()
                    }
                ),
                (
                    "groups.Floor2".to_owned(),
                    ConfigRule::Pattern { format: Format::Id }
                ),
                (
                    "groups.floor1.name".to_owned(),
                    ConfigRule::Duplicate {
                        value: "Floor 1".to_owned()
                    }
                ),
                ("panel_boards.main.name".to_owned(), ConfigRule::Empty),
            ]
        );
        let missing = parse("[links]\n", &["x"]).unwrap_err().errors;
        assert_eq!(missing[0].rule, ConfigRule::MissingSection);
        let syntax = parse("[site]\nname = \n", &["x"]).unwrap_err().errors;
        assert_eq!(syntax[0].rule, ConfigRule::Syntax { line: 2, column: 8 });
    }
}
