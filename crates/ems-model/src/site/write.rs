//! Writing the site file: the inverse of the reader, section by section in file order, keys in
//! the order of the configuration reference.

use super::SiteConfig;
use super::device::{Device, GenericModbusMeter};
use super::link::{Link, StreamEndpoint, Transport};
use super::meter::{InternalMeter, TariffSource, weekday_name};
use super::organisation::{Gateway, LOCAL_GATEWAY_ID, PredefinedLoad};
use super::rules::Choice;
use super::tariffs::SiteTariffs;
use crate::tariff::{ChargePeriod, TariffPlan};
use toml::Value;

/// One table of the file: its header keys and its `key = value` lines.
type Entries = Vec<(&'static str, Value)>;

/// The site file of `config`: `[site]` first, then links, gateways, devices, loads, measure
/// groups and panel boards, each by id. Values absent from the model are left out; everything
/// else is written, defaults included, so that the file shows the whole configuration. The
/// Local gateway's fixed address and the fixed names of predefined loads are not written.
pub(crate) fn to_toml_string(config: &SiteConfig) -> String {
    let mut out = String::new();
    table(&mut out, &["site"], &site(config));
    for (id, l) in &config.links {
        table(&mut out, &["links", id], &link(l));
    }
    for (id, g) in &config.gateways {
        table(&mut out, &["gateways", id], &gateway(id, g));
    }
    for (id, d) in &config.devices {
        table(&mut out, &["devices", id.as_str()], &device(d));
        if let Some(g) = &d.generic {
            table(&mut out, &["devices", id.as_str(), "generic"], &generic(g));
        }
        if let Some(m) = &d.meter {
            lines(&mut out, &["devices", id.as_str(), "meter"], &meter(m));
        }
    }
    for (id, l) in &config.loads {
        let mut entries = Entries::new();
        if PredefinedLoad::from_id(id).is_none() {
            entries.push(("name", string(&l.name)));
        }
        entries.push(("enabled", Value::Boolean(l.enabled)));
        table(&mut out, &["loads", id], &entries);
    }
    for (id, g) in &config.groups {
        let entries = named(&g.name, g.description.as_deref(), g.enabled);
        table(&mut out, &["groups", id], &entries);
    }
    for (id, b) in &config.panel_boards {
        let entries = named(&b.name, b.description.as_deref(), b.enabled);
        table(&mut out, &["panel_boards", id], &entries);
    }
    tariffs(&mut out, &config.tariffs);
    out
}

/// `[tariffs]`: the gas factor, then per commodity its contract table, its tariffs by id, its
/// rules in order (`[[…rules]]`), and for electricity the export plan the same way. Contract
/// and export headers are written even when empty, so that an empty contract reads back.
fn tariffs(out: &mut String, t: &SiteTariffs) {
    if let Some(factor) = t.gas_kwh_per_m3 {
        table(
            out,
            &["tariffs"],
            &vec![("gas_kwh_per_m3", string(&factor.to_string()))],
        );
    }
    for commodity in SiteTariffs::COMMODITIES {
        let Some(c) = t.contract(commodity) else {
            continue;
        };
        let name = commodity.name();
        let mut e = Vec::new();
        if let Some(s) = c.standing_charge {
            let per = match s.per {
                ChargePeriod::Day => "day",
                ChargePeriod::Month => "month",
            };
            let amount = s.amount.to_string();
            e.push((
                "standing_charge",
                inline(&[("per", per), ("amount", &amount)]),
            ));
        }
        if let Some(d) = &c.demand_charge {
            let price = d.per_kw_month.to_string();
            e.push((
                "demand_charge",
                inline(&[("per_kw_month", &price), ("meter", d.meter.as_str())]),
            ));
        }
        if let Some(d) = c.dynamic {
            let surcharge = d.surcharge.to_string();
            e.push(("dynamic", inline(&[("surcharge", &surcharge)])));
        }
        lines(out, &["tariffs", name], &e);
        plan(out, &["tariffs", name], &c.import);
        if let Some(export) = &c.export {
            lines(out, &["tariffs", name, "export"], &[]);
            plan(out, &["tariffs", name, "export"], export);
        }
    }
}

/// A plan's tariffs (`[<at>.tariffs.<id>]`) and rules (`[[<at>.rules]]`).
fn plan(out: &mut String, at: &[&str], plan: &TariffPlan) {
    for t in &plan.tariffs {
        let prices: Vec<String> = t
            .prices
            .iter()
            .map(|p| {
                let price = p.price.to_string();
                let from = p.from.map(|d| d.to_string());
                let mut fields = Vec::new();
                if let Some(from) = &from {
                    fields.push(("from", from.as_str()));
                }
                fields.push(("price", price.as_str()));
                format!("  {},\n", inline(&fields))
            })
            .collect();
        let e = vec![
            ("name", string(&t.name).to_string()),
            ("colour", string(&t.colour).to_string()),
            ("prices", format!("[\n{}]", prices.concat())),
        ];
        let header: Vec<&str> = at
            .iter()
            .copied()
            .chain(["tariffs", t.id.as_str()])
            .collect();
        lines(out, &header, &e);
    }
    let header: Vec<&str> = at.iter().copied().chain(["rules"]).collect();
    for rule in &plan.rules {
        let mut e = vec![("tariff", string(&rule.tariff).to_string())];
        if let Some(v) = rule.valid {
            let from = v.from.to_string();
            let to = v.to.map(|d| d.to_string());
            let mut fields = vec![("from", from.as_str())];
            if let Some(to) = &to {
                fields.push(("to", to.as_str()));
            }
            e.push(("valid", inline(&fields)));
        }
        if rule.repeat_every_year {
            e.push(("repeat_every_year", "true".to_owned()));
        }
        if let Some(frame) = rule.time_frame {
            let minute = |t: jiff::civil::Time| format!("{:02}:{:02}", t.hour(), t.minute());
            let (from, to) = (minute(frame.start), minute(frame.end));
            e.push(("time", inline(&[("from", &from), ("to", &to)])));
        }
        if !rule.weekdays.is_all() {
            let days: Vec<Value> = rule
                .weekdays
                .days()
                .map(|d| string(weekday_name(d)))
                .collect();
            e.push(("days", Value::Array(days).to_string()));
        }
        array_table(out, &header, &e);
    }
}

/// An inline table of string values: `{ from = "08:00", to = "18:59" }`.
fn inline(fields: &[(&str, &str)]) -> String {
    let fields: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{} = {}", key(k), string(v)))
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

/// Appends `[[header]]` (one element of an array of tables) and its lines.
fn array_table(out: &mut String, header: &[&str], entries: &[(&str, String)]) {
    out.push('\n');
    let header: Vec<String> = header.iter().map(|k| key(k)).collect();
    out.push_str(&format!("[[{}]]\n", header.join(".")));
    for (k, v) in entries {
        out.push_str(&format!("{} = {v}\n", key(k)));
    }
}

/// Appends `[header]` and its entries, after a blank line unless it is the first table.
fn table(out: &mut String, header: &[&str], entries: &Entries) {
    let written: Vec<(&str, String)> = entries.iter().map(|(k, v)| (*k, v.to_string())).collect();
    lines(out, header, &written);
}

/// Appends `[header]` and its `key = value` lines, values already written as TOML.
fn lines(out: &mut String, header: &[&str], entries: &[(&str, String)]) {
    if !out.is_empty() {
        out.push('\n');
    }
    let header: Vec<String> = header.iter().map(|k| key(k)).collect();
    out.push_str(&format!("[{}]\n", header.join(".")));
    for (k, v) in entries {
        out.push_str(&format!("{} = {v}\n", key(k)));
    }
}

/// A key as TOML writes it: bare when it can be, a quoted string otherwise.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_owned()
    } else {
        string(k).to_string()
    }
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn int(i: impl Into<i64>) -> Value {
    Value::Integer(i.into())
}

fn push_some(entries: &mut Entries, key: &'static str, value: Option<Value>) {
    if let Some(v) = value {
        entries.push((key, v));
    }
}

fn site(config: &SiteConfig) -> Entries {
    let s = &config.site;
    vec![
        ("name", string(&s.name)),
        ("time_zone", string(&s.time_zone)),
        ("currency", string(&s.currency)),
        ("sample_rate_minutes", s.sample_rate.to_toml()),
        ("language", s.language.to_toml()),
        ("csv_decimal_separator", s.csv_decimal_separator.to_toml()),
        ("csv_field_separator", s.csv_field_separator.to_toml()),
    ]
}

fn link(link: &Link) -> Entries {
    let mut e = vec![("kind", link.kind().to_toml())];
    match &link.transport {
        Transport::ModbusTcp(tcp) => {
            e.push(("host", string(&tcp.host)));
            e.push(("port", int(tcp.port)));
            e.push(("timeout_ms", int(tcp.timeout_ms)));
        }
        Transport::ModbusRtu(serial) => {
            e.push(("port", string(&serial.port)));
            e.push(("baud", serial.baud.to_toml()));
            e.push(("data_bits", serial.data_bits.to_toml()));
            e.push(("parity", serial.parity.to_toml()));
            e.push(("stop_bits", serial.stop_bits.to_toml()));
            e.push(("timeout_ms", int(serial.timeout_ms)));
            push_some(
                &mut e,
                "inter_frame_gap_ms",
                serial.inter_frame_gap_ms.map(int),
            );
        }
        Transport::RtuOverTcp(gateway) => {
            e.push(("host", string(&gateway.host)));
            e.push(("port", int(gateway.port)));
            e.push(("timeout_ms", int(gateway.timeout_ms)));
            push_some(
                &mut e,
                "inter_frame_gap_ms",
                gateway.inter_frame_gap_ms.map(int),
            );
        }
        Transport::WaveformStream(stream) => {
            match &stream.endpoint {
                StreamEndpoint::Tcp { .. } => {
                    e.push(("tcp", string(&stream.endpoint.to_string())));
                }
                StreamEndpoint::Unix(path) => e.push(("unix", string(path))),
            }
            e.push(("timeout_ms", int(stream.timeout_ms)));
        }
    }
    e.push(("gateway", string(&link.gateway)));
    e.push(("failures_before_error", int(link.failures_before_error)));
    e.push(("enabled", Value::Boolean(link.enabled)));
    e
}

fn gateway(id: &str, g: &Gateway) -> Entries {
    let mut e = vec![("name", string(&g.name))];
    push_some(&mut e, "description", g.description.as_deref().map(string));
    if id != LOCAL_GATEWAY_ID {
        push_some(&mut e, "address", g.address.as_deref().map(string));
    }
    e.push(("enabled", Value::Boolean(g.enabled)));
    push_some(&mut e, "panel_board", g.panel_board.as_deref().map(string));
    e
}

fn device(d: &Device) -> Entries {
    let mut e = vec![
        ("name", string(&d.name)),
        ("profile", string(&d.profile)),
        ("link", string(&d.link)),
    ];
    if !d.is_internal_meter() {
        e.push(("unit_id", int(d.unit_id)));
    }
    e.push(("enabled", Value::Boolean(d.enabled)));
    push_some(&mut e, "load", d.load.as_deref().map(string));
    if !d.groups.is_empty() {
        let groups = d.groups.iter().map(|g| string(g)).collect();
        e.push(("groups", Value::Array(groups)));
    }
    push_some(&mut e, "panel_board", d.panel_board.as_deref().map(string));
    e.push(("ct_ratio", Value::Float(d.ct_ratio)));
    e.push(("vt_ratio", Value::Float(d.vt_ratio)));
    e.push(("exclude_from_totals", Value::Boolean(d.exclude_from_totals)));
    e.push(("exclude_alerts", Value::Boolean(d.exclude_alerts)));
    e.push(("fast_poll_ms", int(d.fast_poll_ms)));
    e.push(("slow_poll_ms", int(d.slow_poll_ms)));
    push_some(&mut e, "timeout_ms", d.timeout_ms.map(int));
    e
}

fn generic(g: &GenericModbusMeter) -> Entries {
    vec![
        ("function", int(g.function)),
        ("register", string(&g.register)),
        ("words", int(g.words)),
        ("multiplier", Value::Float(g.multiplier)),
        ("unit", string(g.unit.symbol())),
    ]
}

/// The meter table, written line by line so that a schedule's periods keep the order of their
/// keys (weekdays, from, to), one period per line.
fn meter(m: &InternalMeter) -> Vec<(&'static str, String)> {
    let mut e = vec![
        ("wiring", m.wiring.to_toml().to_string()),
        (
            "nominal_voltage_v",
            Value::Float(m.nominal_voltage_v).to_string(),
        ),
    ];
    if let Some(f) = m.nominal_frequency {
        e.push(("nominal_frequency_hz", f.to_toml().to_string()));
    }
    e.push(("neutral", m.neutral.to_toml().to_string()));
    let tariff = match &m.tariff {
        TariffSource::Schedule(periods) if periods.is_empty() => "[]".to_owned(),
        TariffSource::Schedule(periods) => {
            let lines: Vec<String> = periods
                .iter()
                .map(|p| {
                    let days: Vec<Value> = p
                        .weekdays
                        .iter()
                        .map(|d| string(weekday_name(*d)))
                        .collect();
                    format!(
                        "  {{ weekdays = {}, from = {}, to = {} }},\n",
                        Value::Array(days),
                        string(&p.from.to_string()),
                        string(&p.to.to_string())
                    )
                })
                .collect();
            format!("[\n{}]", lines.concat())
        }
        fixed => string(fixed.name().unwrap_or("t1")).to_string(),
    };
    e.push(("tariff", tariff));
    e.push((
        "run_threshold_w",
        Value::Float(m.run_threshold_w).to_string(),
    ));
    e
}

fn named(name: &str, description: Option<&str>, enabled: bool) -> Entries {
    let mut e = vec![("name", string(name))];
    push_some(&mut e, "description", description.map(string));
    e.push(("enabled", Value::Boolean(enabled)));
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::DeviceId;
    use crate::site::TariffSource;
    use crate::site::parse::{
        DEVICE_KEYS, GATEWAY_KEYS, GENERIC_KEYS, GROUP_KEYS, LOAD_KEYS, METER_KEYS,
        MODBUS_RTU_KEYS, MODBUS_TCP_KEYS, PANEL_BOARD_KEYS, PREDEFINED_LOAD_KEYS,
        RTU_OVER_TCP_KEYS, SITE_KEYS, TARIFF_PERIOD_KEYS, WAVEFORM_STREAM_KEYS,
    };
    use crate::site::{
        InternalMeter, MeasureGroup, NominalFrequency, PanelBoard, RtuOverTcpTransport,
        SerialTransport, SiteSettings, TariffPeriod, TcpTransport, TimeOfDay, WaveformTransport,
        Wiring,
    };
    use crate::unit::Unit;

    /// A model in which every optional value is present.
    fn full() -> SiteConfig {
        let mut config = SiteConfig::new(SiteSettings::new("Plant", "UTC"));
        let mut serial = SerialTransport::new("/dev/ttyUSB0");
        serial.inter_frame_gap_ms = Some(4);
        let mut gateway = RtuOverTcpTransport::new("10.0.0.9", 4001);
        gateway.inter_frame_gap_ms = Some(6);
        for (id, t) in [
            ("tcp", Transport::ModbusTcp(TcpTransport::new("10.0.0.5"))),
            ("rtu", Transport::ModbusRtu(serial)),
            ("gw", Transport::RtuOverTcp(gateway)),
        ] {
            config.links.insert(id.to_owned(), Link::new(t));
        }
        let mut g = Gateway::new("Cabinet");
        g.description = Some("d".to_owned());
        g.address = Some("10.0.0.9".to_owned());
        g.panel_board = Some("p".to_owned());
        config.gateways.insert("cabinet".to_owned(), g.clone());
        g.name = "Local".to_owned();
        g.address = Some("127.0.0.1".to_owned());
        config.gateways.insert("local".to_owned(), g);
        let mut d = Device::new("M", "generic.modbus_meter", "rtu", 1);
        d.load = Some("lab".to_owned());
        d.groups = vec!["g".to_owned()];
        d.panel_board = Some("p".to_owned());
        d.timeout_ms = Some(100);
        d.generic = Some(GenericModbusMeter {
            function: 3,
            register: "0x10".to_owned(),
            words: 2,
            multiplier: 1.0,
            unit: Unit::KilowattHour,
        });
        config.devices.insert(DeviceId::new("m").unwrap(), d);
        config.links.insert(
            "board".to_owned(),
            Link::new(Transport::WaveformStream(WaveformTransport::tcp(
                "10.0.0.7", 7070,
            ))),
        );
        let mut meter = InternalMeter::new(Wiring::ThreePhase4W);
        meter.nominal_frequency = Some(NominalFrequency::Hz50);
        meter.tariff = TariffSource::Schedule(vec![TariffPeriod {
            weekdays: vec![jiff::civil::Weekday::Monday],
            from: TimeOfDay::new(22, 0).unwrap(),
            to: TimeOfDay::new(6, 0).unwrap(),
        }]);
        let mut analyser = Device::internal_meter("A", "board", meter);
        analyser.load = Some("lab".to_owned());
        analyser.groups = vec!["g".to_owned()];
        analyser.panel_board = Some("p".to_owned());
        analyser.timeout_ms = Some(100);
        config
            .devices
            .insert(DeviceId::new("analyser").unwrap(), analyser);
        config
            .loads
            .insert("lab".to_owned(), crate::site::Load::new("Lab"));
        let mut group = MeasureGroup::new("G");
        group.description = Some("d".to_owned());
        config.groups.insert("g".to_owned(), group);
        let mut board = PanelBoard::new("P");
        board.description = Some("d".to_owned());
        config.panel_boards.insert("p".to_owned(), board);
        config
    }

    fn keys(document: &toml::Table, path: &[&str]) -> Vec<String> {
        let mut table = document;
        for k in path {
            table = table[*k].as_table().unwrap();
        }
        table.keys().cloned().collect()
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn a_full_model_writes_exactly_the_keys_the_reader_knows() {
        let document: toml::Table = full().to_toml_string().parse().unwrap();
        let without = |keys: &[&str], gone: &str| -> Vec<String> {
            sorted(keys).into_iter().filter(|k| k != gone).collect()
        };
        assert_eq!(keys(&document, &["site"]), sorted(SITE_KEYS));
        assert_eq!(keys(&document, &["links", "tcp"]), sorted(MODBUS_TCP_KEYS));
        assert_eq!(keys(&document, &["links", "rtu"]), sorted(MODBUS_RTU_KEYS));
        assert_eq!(keys(&document, &["links", "gw"]), sorted(RTU_OVER_TCP_KEYS));
        assert_eq!(
            keys(&document, &["gateways", "cabinet"]),
            sorted(GATEWAY_KEYS)
        );
        assert_eq!(
            keys(&document, &["gateways", "local"]),
            without(GATEWAY_KEYS, "address")
        );
        assert_eq!(
            keys(&document, &["links", "board"]),
            without(WAVEFORM_STREAM_KEYS, "unix")
        );
        assert_eq!(
            keys(&document, &["devices", "m"]),
            without(DEVICE_KEYS, "meter")
        );
        let meter_device: Vec<String> = without(DEVICE_KEYS, "generic")
            .into_iter()
            .filter(|k| k != "unit_id")
            .collect();
        assert_eq!(keys(&document, &["devices", "analyser"]), meter_device);
        assert_eq!(
            keys(&document, &["devices", "analyser", "meter"]),
            sorted(METER_KEYS)
        );
        let period = document["devices"]["analyser"]["meter"]["tariff"][0]
            .as_table()
            .unwrap();
        let mut period_keys: Vec<String> = period.keys().cloned().collect();
        period_keys.sort();
        assert_eq!(period_keys, sorted(TARIFF_PERIOD_KEYS));
        assert_eq!(
            keys(&document, &["devices", "m", "generic"]),
            sorted(GENERIC_KEYS)
        );
        assert_eq!(keys(&document, &["loads", "lab"]), sorted(LOAD_KEYS));
        assert_eq!(
            keys(&document, &["loads", "heating"]),
            sorted(PREDEFINED_LOAD_KEYS)
        );
        assert_eq!(keys(&document, &["groups", "g"]), sorted(GROUP_KEYS));
        assert_eq!(
            keys(&document, &["panel_boards", "p"]),
            sorted(PANEL_BOARD_KEYS)
        );
    }

    #[test]
    fn tables_start_with_their_kind_or_name() {
        let text = full().to_toml_string();
        assert!(text.starts_with("[site]\nname = \"Plant\"\n"), "{text}");
        assert!(
            text.contains("[links.tcp]\nkind = \"modbus_tcp\"\n"),
            "{text}"
        );
        assert!(
            text.contains("[devices.m.generic]\nfunction = 3\n"),
            "{text}"
        );
    }

    #[test]
    fn keys_that_are_not_bare_are_written_as_quoted_strings() {
        assert_eq!(key("main"), "main");
        assert_eq!(key("my meter"), "\"my meter\"");
        assert_eq!(key(""), "\"\"");
    }
}
