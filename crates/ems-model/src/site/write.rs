//! Writing the site file: the inverse of the reader, section by section in file order.

use super::SiteConfig;
use super::device::{Device, GenericModbusMeter};
use super::link::{Link, Transport};
use super::organisation::{Gateway, LOCAL_GATEWAY_ID, PredefinedLoad};
use super::rules::Choice;
use toml::{Table, Value};

/// The site file of `config`: `[site]` first, then links, gateways, devices, loads, measure
/// groups and panel boards. Values that are absent from the model are left out; everything else
/// is written, defaults included, so the file shows the whole configuration.
pub(crate) fn to_toml_string(config: &SiteConfig) -> String {
    let mut out = Vec::new();
    out.push(section("site", Value::Table(site(config))));
    let links = by_id(config.links.iter().map(|(id, l)| (id.as_str(), link(l))));
    let gateways = by_id(
        config
            .gateways
            .iter()
            .map(|(id, g)| (id.as_str(), gateway(id, g))),
    );
    let devices = by_id(
        config
            .devices
            .iter()
            .map(|(id, d)| (id.as_str(), device(d))),
    );
    let loads = by_id(config.loads.iter().map(|(id, l)| {
        let mut t = Table::new();
        if PredefinedLoad::from_id(id).is_none() {
            t.insert("name".into(), string(&l.name));
        }
        t.insert("enabled".into(), Value::Boolean(l.enabled));
        (id.as_str(), t)
    }));
    let groups = by_id(config.groups.iter().map(|(id, g)| {
        (
            id.as_str(),
            named(&g.name, g.description.as_deref(), g.enabled),
        )
    }));
    let boards = by_id(config.panel_boards.iter().map(|(id, b)| {
        (
            id.as_str(),
            named(&b.name, b.description.as_deref(), b.enabled),
        )
    }));
    for (key, entities) in [
        ("links", links),
        ("gateways", gateways),
        ("devices", devices),
        ("loads", loads),
        ("groups", groups),
        ("panel_boards", boards),
    ] {
        if !entities.is_empty() {
            out.push(section(key, Value::Table(entities)));
        }
    }
    out.join("\n")
}

fn section(key: &str, value: Value) -> String {
    let mut document = Table::new();
    document.insert(key.to_owned(), value);
    document.to_string()
}

fn by_id<'a>(entities: impl Iterator<Item = (&'a str, Table)>) -> Table {
    entities
        .map(|(id, t)| (id.to_owned(), Value::Table(t)))
        .collect()
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn int(i: impl Into<i64>) -> Value {
    Value::Integer(i.into())
}

fn put_some(t: &mut Table, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        t.insert(key.to_owned(), v);
    }
}

fn site(config: &SiteConfig) -> Table {
    let s = &config.site;
    let mut t = Table::new();
    t.insert("name".into(), string(&s.name));
    t.insert("time_zone".into(), string(&s.time_zone));
    t.insert("currency".into(), string(&s.currency));
    t.insert("sample_rate_minutes".into(), s.sample_rate.to_toml());
    t.insert("language".into(), s.language.to_toml());
    t
}

fn link(link: &Link) -> Table {
    let mut t = Table::new();
    t.insert("kind".into(), link.kind().to_toml());
    match &link.transport {
        Transport::ModbusTcp(tcp) => {
            t.insert("host".into(), string(&tcp.host));
            t.insert("port".into(), int(tcp.port));
            t.insert("timeout_ms".into(), int(tcp.timeout_ms));
        }
        Transport::ModbusRtu(serial) => {
            t.insert("port".into(), string(&serial.port));
            t.insert("baud".into(), serial.baud.to_toml());
            t.insert("data_bits".into(), serial.data_bits.to_toml());
            t.insert("parity".into(), serial.parity.to_toml());
            t.insert("stop_bits".into(), serial.stop_bits.to_toml());
            t.insert("timeout_ms".into(), int(serial.timeout_ms));
            put_some(
                &mut t,
                "inter_frame_gap_ms",
                serial.inter_frame_gap_ms.map(int),
            );
        }
        Transport::RtuOverTcp(gateway) => {
            t.insert("host".into(), string(&gateway.host));
            t.insert("port".into(), int(gateway.port));
            t.insert("timeout_ms".into(), int(gateway.timeout_ms));
            put_some(
                &mut t,
                "inter_frame_gap_ms",
                gateway.inter_frame_gap_ms.map(int),
            );
        }
    }
    t.insert("gateway".into(), string(&link.gateway));
    t.insert(
        "failures_before_error".into(),
        int(link.failures_before_error),
    );
    t.insert("enabled".into(), Value::Boolean(link.enabled));
    t
}

fn gateway(id: &str, g: &Gateway) -> Table {
    let mut t = Table::new();
    t.insert("name".into(), string(&g.name));
    put_some(&mut t, "description", g.description.as_deref().map(string));
    if id != LOCAL_GATEWAY_ID {
        put_some(&mut t, "address", g.address.as_deref().map(string));
    }
    t.insert("enabled".into(), Value::Boolean(g.enabled));
    put_some(&mut t, "panel_board", g.panel_board.as_deref().map(string));
    t
}

fn device(d: &Device) -> Table {
    let mut t = Table::new();
    t.insert("name".into(), string(&d.name));
    t.insert("profile".into(), string(&d.profile));
    t.insert("link".into(), string(&d.link));
    t.insert("unit_id".into(), int(d.unit_id));
    t.insert("enabled".into(), Value::Boolean(d.enabled));
    put_some(&mut t, "load", d.load.as_deref().map(string));
    if !d.groups.is_empty() {
        let groups = d.groups.iter().map(|g| string(g)).collect();
        t.insert("groups".into(), Value::Array(groups));
    }
    put_some(&mut t, "panel_board", d.panel_board.as_deref().map(string));
    t.insert("ct_ratio".into(), Value::Float(d.ct_ratio));
    t.insert("vt_ratio".into(), Value::Float(d.vt_ratio));
    t.insert(
        "exclude_from_totals".into(),
        Value::Boolean(d.exclude_from_totals),
    );
    t.insert("exclude_alerts".into(), Value::Boolean(d.exclude_alerts));
    t.insert("fast_poll_ms".into(), int(d.fast_poll_ms));
    t.insert("slow_poll_ms".into(), int(d.slow_poll_ms));
    put_some(&mut t, "timeout_ms", d.timeout_ms.map(int));
    put_some(&mut t, "generic", d.generic.as_ref().map(generic));
    t
}

fn generic(g: &GenericModbusMeter) -> Value {
    let mut t = Table::new();
    t.insert("function".into(), int(g.function));
    t.insert("register".into(), string(&g.register));
    t.insert("words".into(), int(g.words));
    t.insert("multiplier".into(), Value::Float(g.multiplier));
    t.insert("unit".into(), string(g.unit.symbol()));
    Value::Table(t)
}

fn named(name: &str, description: Option<&str>, enabled: bool) -> Table {
    let mut t = Table::new();
    t.insert("name".into(), string(name));
    put_some(&mut t, "description", description.map(string));
    t.insert("enabled".into(), Value::Boolean(enabled));
    t
}
