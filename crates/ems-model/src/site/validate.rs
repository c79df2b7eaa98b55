//! The rules a site configuration must follow, checked on the typed model.

use super::SiteConfig;
use super::device::{Device, GENERIC_MODBUS_METER, ProfileCatalog, generic_problems};
use super::error::{ConfigRule, Errors, Format, Path, Problem, Reference, Section};
use super::link::{Bus, LinkKind, RtuOverTcpTransport, StreamEndpoint, TcpTransport, Transport};
use super::meter::{INTERNAL_METER, InternalMeter, meter_problems};
use super::organisation::{
    LOCAL_GATEWAY_ADDRESS, LOCAL_GATEWAY_ID, OTHERS_LOAD_ID, OTHERS_LOAD_NAME, PredefinedLoad,
};
use super::rules::{
    self, FAILURES_BEFORE_ERROR, INTER_FRAME_GAP_MS, MAX_GROUPS, POLL_MS, TCP_PORT, TIMEOUT_MS,
    UNIT_ID, in_range, out_of_range,
};
use super::settings::check_time_zone;
use super::tariffs::{SiteTariffs, plan_problem};
use crate::sample::{DeviceId, InvalidId, is_valid_id};
use crate::suggest::closest;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the TOML reader tells the validator about values it could not read, so that no rule
/// reports a consequence of an error already reported.
#[derive(Debug, Default)]
pub(crate) struct Leniency {
    /// Paths of values that were missing or unreadable and hold a stand-in value.
    pub(crate) placeholders: BTreeSet<String>,
    /// Entities defined in the file but left out of the model (bad id, bad kind, not a table):
    /// references to them are not reported as dangling.
    pub(crate) defined: BTreeSet<(Section, String)>,
    /// Sections that are not tables: references into them are not reported as dangling.
    pub(crate) unreadable_sections: BTreeSet<Section>,
}

/// The counter a demand charge's meter must record.
const IMPORTED_ENERGY: &str = "energy_active_import";

/// Whether `device` counts imported active energy: an internal meter computes every energy
/// register and a generic Modbus meter reads one of imported active energy; other profiles say
/// so in their register maps, when the catalogue knows them (`None` otherwise).
fn counts_imported_energy(device: &Device, catalog: &dyn ProfileCatalog) -> Option<bool> {
    match device.profile.as_str() {
        INTERNAL_METER | GENERIC_MODBUS_METER => Some(true),
        profile => catalog.records(profile, IMPORTED_ENERGY),
    }
}

/// The problem with an id that is not valid, with a suggestion when a simple change fixes it.
pub(crate) fn id_problem(id: &str) -> Option<Problem> {
    if is_valid_id(id) {
        return None;
    }
    let fixed: String = id
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '.' { '_' } else { c })
        .collect();
    let suggestion = is_valid_id(&fixed).then_some(fixed.as_str());
    let rule = ConfigRule::Pattern { format: Format::Id };
    Some(Problem::new(rule, InvalidId(id.to_owned()).to_string()).suggesting(suggestion))
}

/// Checks every rule, skipping values the reader marked as stand-ins.
pub(crate) fn validate(
    config: &SiteConfig,
    catalog: &dyn ProfileCatalog,
    lenient: &Leniency,
) -> Errors {
    let mut check = Check {
        config,
        lenient,
        errors: Errors::default(),
    };
    check.site();
    check.links();
    check.gateways();
    check.devices(catalog);
    check.waveform_links();
    check.loads();
    check.groups_and_panel_boards();
    check.tariffs(catalog);
    check.errors
}

struct Check<'a> {
    config: &'a SiteConfig,
    lenient: &'a Leniency,
    errors: Errors,
}

impl Check<'_> {
    /// True when the value at `path` was read from the file (or set in memory), not stood in.
    fn live(&self, path: &Path) -> bool {
        !self.lenient.placeholders.contains(path.as_str())
    }

    /// Records the problem of a value that was read.
    fn check<T>(&mut self, path: &Path, result: Result<T, Problem>) {
        if let Err(problem) = result
            && self.live(path)
        {
            self.errors.push(path, problem);
        }
    }

    fn check_id(&mut self, section: Section, id: &str) {
        if let Some(problem) = id_problem(id) {
            self.check::<()>(&Path::entity(section, id), Err(problem));
        }
    }

    fn check_name(&mut self, at: &Path, name: &str) {
        self.check(&at.key("name"), rules::check_name(name));
    }

    fn check_description(&mut self, at: &Path, description: Option<&str>) {
        if let Some(d) = description {
            self.check(&at.key("description"), rules::check_description(d));
        }
    }

    /// The ids of a section: those in the model and those defined in the file but left out.
    fn ids(&self, section: Section) -> Vec<&str> {
        let c = self.config;
        let mut ids: Vec<&str> = match section {
            Section::Links => c.links.keys().map(String::as_str).collect(),
            Section::Gateways => c.gateways.keys().map(String::as_str).collect(),
            Section::Devices => c.devices.keys().map(|d| d.as_str()).collect(),
            Section::Loads => c.loads.keys().map(String::as_str).collect(),
            Section::Groups => c.groups.keys().map(String::as_str).collect(),
            Section::PanelBoards => c.panel_boards.keys().map(String::as_str).collect(),
            Section::Document | Section::Site | Section::Unknown | Section::Tariffs => Vec::new(),
        };
        // The Local gateway and the predefined loads exist even when missing from the model
        // (which is reported on its own).
        match section {
            Section::Gateways if !c.gateways.contains_key(LOCAL_GATEWAY_ID) => {
                ids.push(LOCAL_GATEWAY_ID);
            }
            Section::Loads => ids.extend(
                PredefinedLoad::ALL
                    .iter()
                    .map(|l| l.id())
                    .filter(|id| !c.loads.contains_key(*id)),
            ),
            _ => {}
        }
        ids.extend(
            self.lenient
                .defined
                .iter()
                .filter(|(s, _)| *s == section)
                .map(|(_, id)| id.as_str()),
        );
        ids
    }

    /// Reports `id` at `path` when no entity of `section` (of kind `kind`) has it.
    fn reference(&mut self, path: &Path, section: Section, id: &str, kind: Reference) {
        if !self.live(path) || self.lenient.unreadable_sections.contains(&section) {
            return;
        }
        let ids = self.ids(section);
        if !ids.contains(&id) {
            let suggestion = closest(id, ids.iter().copied());
            self.errors.push(
                path,
                Problem::unknown_reference(kind, id).suggesting(suggestion),
            );
        }
    }

    /// Reports `value` at `path`: used already, as `message` says by what.
    fn duplicate(&mut self, path: &Path, value: String, message: String) {
        self.errors
            .push(path, Problem::new(ConfigRule::Duplicate { value }, message));
    }

    /// Reports names used twice (ignoring case) within one kind; `entries` in report order.
    fn unique_names(
        &mut self,
        what: &str,
        entries: &[(Path, &str, &str)],
        taken: &[(&str, String)],
    ) {
        let mut seen: HashMap<String, String> = taken
            .iter()
            .map(|(name, holder)| (name.trim().to_lowercase(), holder.clone()))
            .collect();
        for (at, id, name) in entries {
            let path = at.key("name");
            if !self.live(&path) {
                continue;
            }
            let key = name.trim().to_lowercase();
            if let Some(holder) = seen.get(&key) {
                let message = format!("name {name:?} is already used by {holder}");
                self.duplicate(&path, (*name).to_owned(), message);
            } else {
                seen.insert(key, format!("{what} {id:?}"));
            }
        }
    }

    fn site(&mut self) {
        let site = &self.config.site;
        let at = Path::section(Section::Site);
        self.check_name(&at, &site.name);
        self.check(&at.key("time_zone"), check_time_zone(&site.time_zone));
        self.check(&at.key("currency"), rules::check_currency(&site.currency));
    }

    fn links(&mut self) {
        for (id, link) in &self.config.links {
            let at = Path::entity(Section::Links, id);
            self.check_id(Section::Links, id);
            self.check(
                &at.key("failures_before_error"),
                in_range(link.failures_before_error.into(), &FAILURES_BEFORE_ERROR),
            );
            self.check(
                &at.key("timeout_ms"),
                in_range(link.timeout_ms().into(), &TIMEOUT_MS),
            );
            let (host, port, gap) = match &link.transport {
                Transport::ModbusTcp(t) => (Some(&t.host), Some(t.port), None),
                Transport::RtuOverTcp(t) => (Some(&t.host), Some(t.port), t.inter_frame_gap_ms),
                Transport::ModbusRtu(s) => {
                    self.check(&at.key("port"), rules::check_serial_port(&s.port));
                    (None, None, s.inter_frame_gap_ms)
                }
                Transport::WaveformStream(w) => match &w.endpoint {
                    StreamEndpoint::Tcp { host, port } => {
                        let path = at.key("tcp");
                        if self.live(&path) {
                            self.check(&path, rules::check_host(host));
                            self.check(&path, in_range((*port).into(), &TCP_PORT));
                        }
                        (None, None, None)
                    }
                    StreamEndpoint::Unix(path) => {
                        self.check(&at.key("unix"), rules::check_socket_path(path));
                        (None, None, None)
                    }
                },
            };
            if let Some(host) = host {
                self.check(&at.key("host"), rules::check_host(host));
            }
            if let Some(port) = port {
                self.check(&at.key("port"), in_range(port.into(), &TCP_PORT));
            }
            if let Some(gap) = gap {
                self.check(
                    &at.key("inter_frame_gap_ms"),
                    in_range(gap.into(), &INTER_FRAME_GAP_MS),
                );
            }
            self.reference(
                &at.key("gateway"),
                Section::Gateways,
                &link.gateway,
                Reference::Gateway,
            );
        }
        self.shared_ports();
    }

    /// Two enabled links on one bus: one serial port, or one TCP host and port.
    fn shared_ports(&mut self) {
        let mut used: BTreeMap<Bus, &str> = BTreeMap::new();
        for (id, link) in self.config.links.iter().filter(|(_, l)| l.enabled) {
            let Some(bus) = link.transport.bus() else {
                continue;
            };
            let at = Path::entity(Section::Links, id);
            let (path, value, also_read) = match (&bus, &link.transport) {
                (Bus::Serial(port), _) => (
                    at.key("port"),
                    port.clone(),
                    format!("serial port {port:?}"),
                ),
                (_, Transport::ModbusTcp(TcpTransport { host, port, .. }))
                | (_, Transport::RtuOverTcp(RtuOverTcpTransport { host, port, .. })) => {
                    if !self.live(&at.key("port")) {
                        continue;
                    }
                    let socket = if host.contains(':') {
                        format!("[{host}]:{port}")
                    } else {
                        format!("{host}:{port}")
                    };
                    (at.key("host"), socket.clone(), socket)
                }
                _ => continue,
            };
            if !self.live(&path) {
                continue;
            }
            if let Some(first) = used.get(&bus) {
                let message = format!("{also_read} is already used by link {first:?}");
                self.duplicate(&path, value, message);
            } else {
                used.insert(bus, id);
            }
        }
    }

    fn gateways(&mut self) {
        let gateways = &self.config.gateways;
        if !gateways.contains_key(LOCAL_GATEWAY_ID) {
            self.errors.push(
                &Path::entity(Section::Gateways, LOCAL_GATEWAY_ID),
                Problem::new(
                    ConfigRule::CannotRemove,
                    "the Local gateway cannot be removed; it can only be disabled",
                ),
            );
        }
        let mut names = Vec::new();
        // The Local gateway keeps its name against any other.
        let local_first = gateways
            .iter()
            .filter(|(id, _)| *id == LOCAL_GATEWAY_ID)
            .chain(gateways.iter().filter(|(id, _)| *id != LOCAL_GATEWAY_ID));
        for (id, gateway) in local_first {
            let at = Path::entity(Section::Gateways, id);
            self.check_id(Section::Gateways, id);
            self.check_name(&at, &gateway.name);
            self.check_description(&at, gateway.description.as_deref());
            let address = at.key("address");
            if id == LOCAL_GATEWAY_ID {
                if gateway.address.as_deref() != Some(LOCAL_GATEWAY_ADDRESS) && self.live(&address)
                {
                    let message = format!(
                        "the address of the Local gateway is fixed at {LOCAL_GATEWAY_ADDRESS}"
                    );
                    let rule = ConfigRule::Fixed {
                        value: LOCAL_GATEWAY_ADDRESS.to_owned(),
                    };
                    self.errors.push(&address, Problem::new(rule, message));
                }
            } else if let Some(a) = &gateway.address {
                self.check(&address, rules::check_host(a));
            }
            if let Some(board) = &gateway.panel_board {
                self.reference(
                    &at.key("panel_board"),
                    Section::PanelBoards,
                    board,
                    Reference::PanelBoard,
                );
            }
            names.push((at, id.as_str(), gateway.name.as_str()));
        }
        self.unique_names("gateway", &names, &[]);
    }

    fn devices(&mut self, catalog: &dyn ProfileCatalog) {
        let mut names = Vec::new();
        let mut profile_ids: Option<Vec<String>> = None;
        for (id, device) in &self.config.devices {
            let at = Path::entity(Section::Devices, id.as_str());
            self.check_name(&at, &device.name);
            let profile = at.key("profile");
            if self.live(&profile)
                && device.profile != GENERIC_MODBUS_METER
                && device.profile != INTERNAL_METER
                && !catalog.has_profile(&device.profile)
            {
                let ids = profile_ids.get_or_insert_with(|| {
                    let mut ids = catalog.profile_ids();
                    ids.push(GENERIC_MODBUS_METER.to_owned());
                    ids.push(INTERNAL_METER.to_owned());
                    ids
                });
                let suggestion = closest(&device.profile, ids.iter().map(String::as_str));
                self.errors.push(
                    &profile,
                    Problem::unknown_reference(Reference::Profile, &device.profile)
                        .suggesting(suggestion),
                );
            }
            self.reference(
                &at.key("link"),
                Section::Links,
                &device.link,
                Reference::Link,
            );
            self.link_kind(&at, &device.profile, &device.link);
            if device.profile != INTERNAL_METER {
                self.check(
                    &at.key("unit_id"),
                    in_range(device.unit_id.into(), &UNIT_ID),
                );
            }
            if let Some(load) = &device.load {
                let path = at.key("load");
                if load == OTHERS_LOAD_ID {
                    self.check::<()>(
                        &path,
                        Err(Problem::new(
                            ConfigRule::Reserved {
                                value: OTHERS_LOAD_ID.to_owned(),
                            },
                            "\"others\" is the implicit load of devices without one: leave load out",
                        )),
                    );
                } else {
                    self.reference(&path, Section::Loads, load, Reference::Load);
                }
            }
            self.device_groups(&at, &device.groups);
            if let Some(board) = &device.panel_board {
                self.reference(
                    &at.key("panel_board"),
                    Section::PanelBoards,
                    board,
                    Reference::PanelBoard,
                );
            }
            self.check(&at.key("ct_ratio"), rules::check_ratio(device.ct_ratio));
            self.check(&at.key("vt_ratio"), rules::check_ratio(device.vt_ratio));
            self.poll_periods(&at, device.fast_poll_ms, device.slow_poll_ms);
            if let Some(timeout) = device.timeout_ms {
                self.check(&at.key("timeout_ms"), in_range(timeout.into(), &TIMEOUT_MS));
            }
            self.generic(&at, device.profile.as_str(), device.generic.as_ref());
            self.meter(&at, device.profile.as_str(), device.meter.as_ref());
            names.push((at, id.as_str(), device.name.as_str()));
        }
        self.unique_names("device", &names, &[]);
        self.shared_unit_ids();
    }

    fn device_groups(&mut self, at: &Path, groups: &[String]) {
        let path = at.key("groups");
        if !self.live(&path) {
            return;
        }
        if groups.len() > MAX_GROUPS {
            let message = format!(
                "{} groups given; a device belongs to at most {MAX_GROUPS}",
                groups.len()
            );
            let rule = ConfigRule::TooMany { max: MAX_GROUPS };
            self.errors.push(&path, Problem::new(rule, message));
        }
        let mut seen = BTreeSet::new();
        for group in groups {
            if !seen.insert(group) {
                let message = format!("measure group {group:?} is listed twice");
                self.duplicate(&path, group.clone(), message);
            } else {
                self.reference(&path, Section::Groups, group, Reference::MeasureGroup);
            }
        }
    }

    fn poll_periods(&mut self, at: &Path, fast_ms: u32, slow_ms: u32) {
        let fast = at.key("fast_poll_ms");
        let slow = at.key("slow_poll_ms");
        let fast_ok = in_range(fast_ms.into(), &POLL_MS);
        let slow_ok = in_range(slow_ms.into(), &POLL_MS);
        let both_fine = fast_ok.is_ok() && slow_ok.is_ok() && self.live(&fast);
        self.check(&fast, fast_ok);
        self.check(&slow, slow_ok);
        if both_fine && slow_ms < fast_ms {
            let at_least_fast = i64::from(fast_ms)..=*POLL_MS.end();
            let problem = Problem {
                message: format!("{slow_ms} is shorter than fast_poll_ms ({fast_ms})"),
                ..out_of_range(slow_ms.into(), &at_least_fast)
            };
            self.check::<()>(&slow, Err(problem));
        }
    }

    fn generic(&mut self, at: &Path, profile: &str, generic: Option<&super::GenericModbusMeter>) {
        let path = at.key("generic");
        let profile_known = self.live(&at.key("profile"));
        let is_generic = profile == GENERIC_MODBUS_METER;
        if profile_known && self.live(&path) {
            self.profile_table(&path, GENERIC_MODBUS_METER, is_generic, generic.is_some());
        }
        if let Some(generic) = generic
            && (is_generic || !profile_known)
        {
            for (key, problem) in generic_problems(generic) {
                self.check(&path.key(key), Err::<(), _>(problem));
            }
        }
    }

    fn meter(&mut self, at: &Path, profile: &str, meter: Option<&InternalMeter>) {
        let path = at.key("meter");
        let profile_known = self.live(&at.key("profile"));
        let is_meter = profile == INTERNAL_METER;
        if profile_known && self.live(&path) {
            self.profile_table(&path, INTERNAL_METER, is_meter, meter.is_some());
        }
        if let Some(meter) = meter
            && (is_meter || !profile_known)
        {
            for (key, problem) in meter_problems(meter) {
                self.check(&path.suffix(&format!(".{key}")), Err::<(), _>(problem));
            }
        }
    }

    /// The table at `path` that a device has exactly when its profile is `profile`.
    fn profile_table(&mut self, path: &Path, profile: &str, is_profile: bool, given: bool) {
        match (is_profile, given) {
            (true, false) => self.errors.push(
                path,
                Problem::new(
                    ConfigRule::Required,
                    format!("required for profile {profile:?}"),
                ),
            ),
            (false, true) => self.errors.push(
                path,
                Problem::new(
                    ConfigRule::NotApplicable,
                    format!("only allowed with profile {profile:?}"),
                ),
            ),
            _ => {}
        }
    }

    /// An internal meter reads a waveform stream, and nothing else does.
    fn link_kind(&mut self, at: &Path, profile: &str, link_id: &str) {
        let path = at.key("link");
        if !self.live(&path) || !self.live(&at.key("profile")) {
            return;
        }
        let Some(link) = self.config.links.get(link_id) else {
            return;
        };
        let kind = link.kind();
        let streams = kind == LinkKind::WaveformStream;
        let message = if profile == INTERNAL_METER && !streams {
            format!(
                "link {link_id:?} is of kind {:?}; an internal meter reads a link of kind \
                 \"waveform_stream\"",
                kind.name()
            )
        } else if profile != INTERNAL_METER && streams {
            format!(
                "link {link_id:?} is a waveform stream: only an internal meter (profile \
                 {INTERNAL_METER:?}) reads it"
            )
        } else {
            return;
        };
        self.errors
            .push(&path, Problem::new(ConfigRule::LinkKind { kind }, message));
    }

    /// Each waveform stream feeds at most one device, an internal meter (a stream no device
    /// reads yet is idle, like any link without devices).
    fn waveform_links(&mut self) {
        for (link_id, link) in &self.config.links {
            if link.kind() != LinkKind::WaveformStream {
                continue;
            }
            let mut first: Option<&str> = None;
            for (id, device) in self.config.devices_on_link(link_id) {
                let at = Path::entity(Section::Devices, id.as_str());
                match first {
                    None => first = Some(id.as_str()),
                    Some(first) => {
                        if self.live(&at.key("link")) && device.profile == INTERNAL_METER {
                            let message = format!(
                                "link {link_id:?} already feeds device {first:?}; a waveform \
                                 stream feeds one internal meter"
                            );
                            self.duplicate(&at.key("link"), link_id.clone(), message);
                        }
                    }
                }
            }
        }
    }

    /// Two enabled devices with one unit id on one link.
    fn shared_unit_ids(&mut self) {
        let mut used: BTreeMap<(&str, u8), &str> = BTreeMap::new();
        for (id, device) in self
            .config
            .devices
            .iter()
            .filter(|(_, d)| d.enabled && d.profile != INTERNAL_METER)
        {
            let at = Path::entity(Section::Devices, id.as_str());
            let path = at.key("unit_id");
            if !self.live(&path) || !self.live(&at.key("link")) {
                continue;
            }
            let key = (device.link.as_str(), device.unit_id);
            if let Some(first) = used.get(&key) {
                let message = format!(
                    "unit {} on link {:?} is already used by device {first:?}",
                    device.unit_id, device.link
                );
                self.duplicate(&path, device.unit_id.to_string(), message);
            } else {
                used.insert(key, id.as_str());
            }
        }
    }

    fn loads(&mut self) {
        let loads = &self.config.loads;
        let mut names = Vec::new();
        for predefined in PredefinedLoad::ALL {
            let at = Path::entity(Section::Loads, predefined.id());
            match loads.get(predefined.id()) {
                None => self.errors.push(
                    &at,
                    Problem::new(
                        ConfigRule::CannotRemove,
                        format!(
                            "the predefined load {:?} cannot be removed; it can only be disabled",
                            predefined.id()
                        ),
                    ),
                ),
                Some(load) => {
                    if load.name != predefined.name() {
                        let message = format!(
                            "predefined loads accept only \"enabled\"; the name stays {:?}",
                            predefined.name()
                        );
                        let rule = ConfigRule::Fixed {
                            value: predefined.name().to_owned(),
                        };
                        self.errors
                            .push(&at.key("name"), Problem::new(rule, message));
                    }
                    names.push((at, predefined.id(), predefined.name()));
                }
            }
        }
        for (id, load) in loads {
            let at = Path::entity(Section::Loads, id);
            if id == OTHERS_LOAD_ID {
                self.errors.push(
                    &at,
                    Problem::new(
                        ConfigRule::Reserved {
                            value: OTHERS_LOAD_ID.to_owned(),
                        },
                        "\"others\" is the implicit load of devices without one and cannot be \
                         defined",
                    ),
                );
            } else if PredefinedLoad::from_id(id).is_none() {
                self.check_id(Section::Loads, id);
                self.check_name(&at, &load.name);
                names.push((at, id.as_str(), load.name.as_str()));
            }
        }
        let implicit = (
            OTHERS_LOAD_NAME,
            format!("the implicit load {OTHERS_LOAD_NAME:?}"),
        );
        self.unique_names("load", &names, &[implicit]);
    }

    fn groups_and_panel_boards(&mut self) {
        let groups = self
            .config
            .groups
            .iter()
            .map(|(id, g)| (id, g.name.as_str(), g.description.as_deref()));
        self.named(Section::Groups, Reference::MeasureGroup, groups.collect());
        let boards = self
            .config
            .panel_boards
            .iter()
            .map(|(id, b)| (id, b.name.as_str(), b.description.as_deref()));
        self.named(
            Section::PanelBoards,
            Reference::PanelBoard,
            boards.collect(),
        );
    }

    /// The contracts: each plan's structure ([`crate::tariff::check_plan`]), placed at its
    /// path in the site file, and the meter of a demand charge.
    fn tariffs(&mut self, catalog: &dyn ProfileCatalog) {
        for commodity in SiteTariffs::COMMODITIES {
            let Some(contract) = self.config.tariffs.contract(commodity) else {
                continue;
            };
            let at = Path::entity(Section::Tariffs, commodity.name());
            if let Some(demand) = &contract.demand_charge {
                self.demand_meter(
                    &at.key("demand_charge").key("meter"),
                    &demand.meter,
                    catalog,
                );
            }
            let export = contract.export.as_ref().map(|e| (e, at.key("export")));
            for (plan, at) in std::iter::once((&contract.import, at.clone())).chain(export) {
                for error in plan.problems() {
                    let (path, problem) = plan_problem(plan, &at, &error);
                    if self.live(&path) {
                        self.errors.push(&path, problem);
                    }
                }
            }
        }
    }

    /// The meter of a demand charge: a device of the site that counts imported active energy
    /// (the utility measures the peak at the grid connection).
    fn demand_meter(&mut self, path: &Path, meter: &DeviceId, catalog: &dyn ProfileCatalog) {
        self.reference(path, Section::Devices, meter.as_str(), Reference::Device);
        let Some(device) = self.config.devices.get(meter) else {
            return;
        };
        let profile_read =
            self.live(&Path::entity(Section::Devices, meter.as_str()).key("profile"));
        if self.live(path) && profile_read && counts_imported_energy(device, catalog) == Some(false)
        {
            let message = format!(
                "device {:?} does not count imported active energy ({IMPORTED_ENERGY}): name the \
                 meter of the grid connection",
                meter.as_str()
            );
            let rule = ConfigRule::NoCounter {
                device: meter.as_str().to_owned(),
                point: IMPORTED_ENERGY.to_owned(),
            };
            self.errors.push(path, Problem::new(rule, message));
        }
    }

    /// Checks entities that have only an id, a name and a description.
    fn named(
        &mut self,
        section: Section,
        kind: Reference,
        entities: Vec<(&String, &str, Option<&str>)>,
    ) {
        let mut names = Vec::new();
        for (id, name, description) in entities {
            let at = Path::entity(section, id);
            self.check_id(section, id);
            self.check_name(&at, name);
            self.check_description(&at, description);
            names.push((at, id.as_str(), name));
        }
        self.unique_names(kind.noun(), &names, &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::DeviceId;
    use crate::site::{
        Device, Gateway, GenericModbusMeter, Link, Load, SerialTransport, SiteSettings,
        TcpTransport,
    };
    use crate::unit::Unit;

    const CATALOG: [&str; 1] = ["eastron.sdm630"];

    fn base() -> SiteConfig {
        let mut config = SiteConfig::new(SiteSettings::new("Plant", "Europe/Rome"));
        config.links.insert(
            "bus".to_owned(),
            Link::new(Transport::ModbusRtu(SerialTransport::new("/dev/ttyUSB0"))),
        );
        config
    }

    fn add_device(config: &mut SiteConfig, id: &str, device: Device) {
        config.devices.insert(DeviceId::new(id).unwrap(), device);
    }

    fn messages(config: &SiteConfig) -> Vec<String> {
        config
            .validate(&CATALOG)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_model_edited_in_memory_is_checked_like_a_file() {
        let mut config = base();
        config.site.currency = "euro".to_owned();
        add_device(
            &mut config,
            "a",
            Device::new("A", "eastron.sdm630", "bus", 0),
        );
        config.links.insert(
            "Bad".to_owned(),
            Link::new(Transport::ModbusTcp(TcpTransport::new("h"))),
        );
        assert_eq!(
            messages(&config),
            [
                r#"site.currency: "euro" is not an ISO 4217 currency code (three uppercase letters such as "EUR")"#,
                r#"links.Bad: invalid id "Bad": use 1-64 lowercase letters, digits, '_' or '-', starting with a letter; did you mean "bad"?"#,
                "devices.a.unit_id: 0 is out of range; expected 1 to 247",
            ]
        );
    }

    #[test]
    fn the_local_gateway_and_predefined_loads_cannot_be_removed_or_renamed() {
        let mut config = base();
        config.gateways.remove("local");
        config.loads.remove("heating");
        config
            .loads
            .insert("lighting".to_owned(), Load::new("Lights"));
        assert_eq!(
            messages(&config),
            [
                "gateways.local: the Local gateway cannot be removed; it can only be disabled",
                r#"loads.heating: the predefined load "heating" cannot be removed; it can only be disabled"#,
                r#"loads.lighting.name: predefined loads accept only "enabled"; the name stays "Lighting""#,
            ]
        );
    }

    #[test]
    fn the_local_gateway_keeps_its_address() {
        let mut config = base();
        let mut local = Gateway::local();
        local.address = None;
        config.gateways.insert("local".to_owned(), local);
        assert_eq!(
            messages(&config),
            ["gateways.local.address: the address of the Local gateway is fixed at 127.0.0.1"]
        );
    }

    #[test]
    fn a_user_load_may_not_take_a_predefined_name_whatever_its_id() {
        let mut config = base();
        config.loads.insert("aaa".to_owned(), Load::new("heating"));
        assert_eq!(
            messages(&config),
            [r#"loads.aaa.name: name "heating" is already used by load "heating""#]
        );
    }

    #[test]
    fn a_generic_meter_is_checked_field_by_field() {
        let mut config = base();
        let mut device = Device::new("G", GENERIC_MODBUS_METER, "bus", 1);
        device.generic = Some(GenericModbusMeter {
            function: 6,
            register: "0x10000".to_owned(),
            words: 3,
            multiplier: f64::NAN,
            unit: Unit::WattHour,
        });
        add_device(&mut config, "g", device);
        assert_eq!(
            messages(&config),
            [
                "devices.g.generic.function: 6 is not allowed; expected one of 3, 4",
                "devices.g.generic.words: 3 is not allowed; expected one of 1, 2, 4",
                r#"devices.g.generic.register: "0x10000" is out of range; expected at most 0xFFFF"#,
                "devices.g.generic.multiplier: NaN is not allowed; expected a finite number other than 0",
            ]
        );
    }

    #[test]
    fn ids_with_capitals_or_spaces_get_a_fixed_suggestion() {
        let problem = id_problem("Main Meter").unwrap();
        assert_eq!(problem.suggestion.as_deref(), Some("main_meter"));
        assert_eq!(id_problem("1st").unwrap().suggestion, None);
        assert_eq!(id_problem("ok-id"), None);
    }
}
