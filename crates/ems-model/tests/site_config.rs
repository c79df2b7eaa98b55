//! The site file end to end: a complete valid file, its round trip through `to_toml_string`, and
//! a table of broken files with the exact errors each must produce.

use ems_model::DeviceId;
use ems_model::site::SiteTariffs;
use ems_model::site::{
    BaudRate, DataBits, DecimalSeparator, Device, FieldSeparator, GENERIC_MODBUS_METER, Gateway,
    GenericModbusMeter, INTERNAL_METER, InternalMeter, Language, Link, Load, MeasureGroup,
    NeutralCurrent, NominalFrequency, PanelBoard, Parity, PredefinedLoad, ProfileCatalog,
    RtuOverTcpTransport, SampleRate, SerialTransport, SiteConfig, SiteSettings, StopBits,
    StreamEndpoint, TariffPeriod, TariffSource, TcpTransport, TimeOfDay, Transport,
    WaveformTransport, Wiring,
};
use ems_model::tariff::{
    ChargePeriod, Commodity, Contract, CostRule, DatedPrice, DemandCharge, GasFactor, Money, Price,
    StandingCharge, Tariff, TariffPlan, TimeFrame, Validity, Weekdays,
};
use ems_model::unit::Unit;

/// The profiles the test sites may name.
struct Catalog;

impl ProfileCatalog for Catalog {
    fn has_profile(&self, id: &str) -> bool {
        Self::IDS.contains(&id)
    }
    fn profile_ids(&self) -> Vec<String> {
        Self::IDS.iter().map(|s| (*s).to_owned()).collect()
    }
    fn records(&self, id: &str, point: &str) -> Option<bool> {
        // The electricity meters count imported active energy; the pulse inputs count gas.
        let electricity = id != Self::GAS_INPUTS;
        let records = match point {
            "energy_active_import" => electricity,
            "gas_volume" => !electricity,
            _ => false,
        };
        self.has_profile(id).then_some(records)
    }
}

impl Catalog {
    const GAS_INPUTS: &'static str = "schneider.iem3255_input_metering";
    const IDS: [&'static str; 4] = [
        "eastron.sdm630",
        "abb.b23",
        "carlo_gavazzi.em24",
        Self::GAS_INPUTS,
    ];
}

const COMPLETE: &str = r##"
[site]
name = "Via Roma 12"
time_zone = "Europe/Rome"
currency = "CHF"
sample_rate_minutes = 5
language = "it"
csv_decimal_separator = "point"
csv_field_separator = "comma"

[links.tcp]
kind = "modbus_tcp"
host = "192.168.1.50"
port = 5020
timeout_ms = 2000
gateway = "cabinet"
failures_before_error = 5
enabled = true

[links.bus]
kind = "modbus_rtu"
port = "/dev/ttyUSB0"
baud = 9600
data_bits = 7
parity = "none"
stop_bits = 2
timeout_ms = 500
inter_frame_gap_ms = 10
gateway = "local"
failures_before_error = 2
enabled = true

[links.remote_bus]
kind = "rtu_over_tcp"
host = "gw-2.plant.example"
port = 4001
timeout_ms = 1500
inter_frame_gap_ms = 8
gateway = "cabinet"
failures_before_error = 4
enabled = false

[gateways.local]
name = "Main panel converter"
description = "ems itself, RS-485 port"
address = "127.0.0.1"
enabled = true
panel_board = "main"

[gateways.cabinet]
name = "Cabinet gateway"
description = "Basement, rack 2"
address = "192.168.1.50"
enabled = false
panel_board = "basement"

[devices.main]
name = "Main meter"
profile = "eastron.sdm630"
link = "bus"
unit_id = 1
enabled = true
groups = ["building", "tenants"]
panel_board = "main"
ct_ratio = 40
vt_ratio = 1.5
exclude_from_totals = false
exclude_alerts = true
fast_poll_ms = 500
slow_poll_ms = 60000
timeout_ms = 250

[devices.heat_pump]
name = "Heat pump"
profile = "abb.b23"
link = "tcp"
unit_id = 1
load = "heating"
exclude_from_totals = true
enabled = false

[devices.boiler_room]
profile = "generic.modbus_meter"
link = "remote_bus"
unit_id = 247
load = "kitchen"

[devices.boiler_room.generic]
function = 4
register = "0x0048"
words = 2
multiplier = 0.01
unit = "Wh"

[loads.heating]
enabled = true

[loads.ventilation]
enabled = false

[loads.kitchen]
name = "Kitchen"
enabled = true

[loads.lab]
enabled = false

[groups.building]
name = "Building"
description = "Whole building"
enabled = true

[groups.tenants]
name = "Tenants"
enabled = false

[panel_boards.main]
name = "Main board"
description = "Ground floor"
enabled = true

[panel_boards.basement]
name = "Basement board"

[tariffs]
gas_kwh_per_m3 = "10.55"

[tariffs.electricity]
standing_charge = { per = "month", amount = "12.50" }
demand_charge = { per_kw_month = "5.50", meter = "main" }

[tariffs.electricity.tariffs.peak]
name = "Peak"
colour = "#d55e00"
prices = [{ price = "0.2345" }, { from = "2026-07-01", price = "0.2510" }]

[tariffs.electricity.tariffs.off_peak]
name = "Off-peak"
colour = "#0072b2"
prices = [{ price = "0.12" }]

[[tariffs.electricity.rules]]
tariff = "off_peak"
valid = { from = "2026-12-25", to = "2026-12-26" }
repeat_every_year = true

[[tariffs.electricity.rules]]
tariff = "peak"
time = { from = "08:00", to = "18:59" }
days = ["mon", "tue", "wed", "thu", "fri"]

[[tariffs.electricity.rules]]
tariff = "off_peak"

[tariffs.electricity.export.tariffs.feed_in]
name = "Feed-in"
colour = "#009e73"
prices = [{ price = "0.08" }]

[[tariffs.electricity.export.rules]]
tariff = "feed_in"
valid = { from = 2026-01-01 }

[tariffs.gas]
standing_charge = { per = "day", amount = "0.35" }

[tariffs.gas.tariffs.gas]
name = "Gas"
colour = "#e69f00"
prices = [{ price = "1.05" }]

[[tariffs.gas.rules]]
tariff = "gas"
"##;

fn id(s: &str) -> DeviceId {
    match DeviceId::new(s) {
        Ok(id) => id,
        Err(e) => panic!("{e}"),
    }
}

/// The model `COMPLETE` describes, built by hand.
fn complete_model() -> SiteConfig {
    let mut site = SiteSettings::new("Via Roma 12", "Europe/Rome");
    site.currency = "CHF".to_owned();
    site.sample_rate = SampleRate::Minutes5;
    site.language = Language::It;
    site.csv_decimal_separator = DecimalSeparator::Point;
    site.csv_field_separator = FieldSeparator::Comma;
    let mut config = SiteConfig::new(site);

    let mut tcp = Link::new(Transport::ModbusTcp(TcpTransport {
        host: "192.168.1.50".to_owned(),
        port: 5020,
        timeout_ms: 2000,
    }));
    tcp.gateway = "cabinet".to_owned();
    tcp.failures_before_error = 5;
    let mut bus = Link::new(Transport::ModbusRtu(SerialTransport {
        port: "/dev/ttyUSB0".to_owned(),
        baud: BaudRate::B9600,
        data_bits: DataBits::Seven,
        parity: Parity::None,
        stop_bits: StopBits::Two,
        timeout_ms: 500,
        inter_frame_gap_ms: Some(10),
    }));
    bus.failures_before_error = 2;
    let mut remote = Link::new(Transport::RtuOverTcp(RtuOverTcpTransport {
        host: "gw-2.plant.example".to_owned(),
        port: 4001,
        timeout_ms: 1500,
        inter_frame_gap_ms: Some(8),
    }));
    remote.gateway = "cabinet".to_owned();
    remote.failures_before_error = 4;
    remote.enabled = false;
    config.links.insert("tcp".to_owned(), tcp);
    config.links.insert("bus".to_owned(), bus);
    config.links.insert("remote_bus".to_owned(), remote);

    let local = Gateway {
        name: "Main panel converter".to_owned(),
        description: Some("ems itself, RS-485 port".to_owned()),
        panel_board: Some("main".to_owned()),
        ..Gateway::local()
    };
    config.gateways.insert("local".to_owned(), local);
    config.gateways.insert(
        "cabinet".to_owned(),
        Gateway {
            name: "Cabinet gateway".to_owned(),
            description: Some("Basement, rack 2".to_owned()),
            address: Some("192.168.1.50".to_owned()),
            enabled: false,
            panel_board: Some("basement".to_owned()),
        },
    );

    let mut main = Device::new("Main meter", "eastron.sdm630", "bus", 1);
    main.groups = vec!["building".to_owned(), "tenants".to_owned()];
    main.panel_board = Some("main".to_owned());
    main.ct_ratio = 40.0;
    main.vt_ratio = 1.5;
    main.exclude_alerts = true;
    main.fast_poll_ms = 500;
    main.slow_poll_ms = 60_000;
    main.timeout_ms = Some(250);
    let mut heat_pump = Device::new("Heat pump", "abb.b23", "tcp", 1);
    heat_pump.load = Some("heating".to_owned());
    heat_pump.exclude_from_totals = true;
    heat_pump.enabled = false;
    let mut boiler = Device::new("boiler_room", GENERIC_MODBUS_METER, "remote_bus", 247);
    boiler.load = Some("kitchen".to_owned());
    boiler.generic = Some(GenericModbusMeter {
        function: 4,
        register: "0x0048".to_owned(),
        words: 2,
        multiplier: 0.01,
        unit: Unit::WattHour,
    });
    config.devices.insert(id("main"), main);
    config.devices.insert(id("heat_pump"), heat_pump);
    config.devices.insert(id("boiler_room"), boiler);

    let ventilation = Load {
        enabled: false,
        ..PredefinedLoad::Ventilation.load()
    };
    config.loads.insert("ventilation".to_owned(), ventilation);
    config
        .loads
        .insert("kitchen".to_owned(), Load::new("Kitchen"));
    config.loads.insert(
        "lab".to_owned(),
        Load {
            name: "lab".to_owned(),
            enabled: false,
        },
    );

    let mut building = MeasureGroup::new("Building");
    building.description = Some("Whole building".to_owned());
    let mut tenants = MeasureGroup::new("Tenants");
    tenants.enabled = false;
    config.groups.insert("building".to_owned(), building);
    config.groups.insert("tenants".to_owned(), tenants);

    let mut main_board = PanelBoard::new("Main board");
    main_board.description = Some("Ground floor".to_owned());
    config.panel_boards.insert("main".to_owned(), main_board);
    config
        .panel_boards
        .insert("basement".to_owned(), PanelBoard::new("Basement board"));
    config.tariffs = complete_tariffs();
    config
}

/// The `[tariffs]` of `COMPLETE`, built by hand (tariffs come in the order of their ids).
fn complete_tariffs() -> SiteTariffs {
    use jiff::civil::{date, time};
    let price = |text: &str| Price::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let money = |text: &str| Money::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let tariff = |id: &str, name: &str, colour: &str, prices: Vec<DatedPrice>| Tariff {
        id: id.to_owned(),
        name: name.to_owned(),
        colour: colour.to_owned(),
        prices,
    };
    let undated = |text: &str| DatedPrice {
        from: None,
        price: price(text),
    };
    let rule = |tariff: &str| CostRule {
        tariff: tariff.to_owned(),
        valid: None,
        repeat_every_year: false,
        time_frame: None,
        weekdays: Weekdays::ALL,
    };
    let electricity = Contract {
        commodity: Commodity::Electricity,
        import: TariffPlan {
            tariffs: vec![
                tariff("off_peak", "Off-peak", "#0072b2", vec![undated("0.12")]),
                tariff(
                    "peak",
                    "Peak",
                    "#d55e00",
                    vec![
                        undated("0.2345"),
                        DatedPrice {
                            from: Some(date(2026, 7, 1)),
                            price: price("0.2510"),
                        },
                    ],
                ),
            ],
            rules: vec![
                CostRule {
                    valid: Some(Validity {
                        from: date(2026, 12, 25),
                        to: Some(date(2026, 12, 26)),
                    }),
                    repeat_every_year: true,
                    ..rule("off_peak")
                },
                CostRule {
                    time_frame: Some(TimeFrame {
                        start: time(8, 0, 0, 0),
                        end: time(18, 59, 0, 0),
                    }),
                    weekdays: Weekdays::MONDAY_TO_FRIDAY,
                    ..rule("peak")
                },
                rule("off_peak"),
            ],
        },
        dynamic: None,
        export: Some(TariffPlan {
            tariffs: vec![tariff(
                "feed_in",
                "Feed-in",
                "#009e73",
                vec![undated("0.08")],
            )],
            rules: vec![CostRule {
                valid: Some(Validity {
                    from: date(2026, 1, 1),
                    to: None,
                }),
                ..rule("feed_in")
            }],
        }),
        standing_charge: Some(StandingCharge {
            per: ChargePeriod::Month,
            amount: money("12.50"),
        }),
        demand_charge: Some(DemandCharge {
            per_kw_month: money("5.50"),
            meter: id("main"),
        }),
    };
    let gas = Contract {
        commodity: Commodity::Gas,
        import: TariffPlan {
            tariffs: vec![tariff("gas", "Gas", "#e69f00", vec![undated("1.05")])],
            rules: vec![rule("gas")],
        },
        dynamic: None,
        export: None,
        standing_charge: Some(StandingCharge {
            per: ChargePeriod::Day,
            amount: money("0.35"),
        }),
        demand_charge: None,
    };
    SiteTariffs {
        gas_kwh_per_m3: Some(GasFactor::positive("10.55").unwrap_or_else(|e| panic!("{e}"))),
        electricity: Some(electricity),
        gas: Some(gas),
        water: None,
    }
}

fn parse(text: &str) -> SiteConfig {
    match SiteConfig::from_toml_str(text, &Catalog) {
        Ok(config) => config,
        Err(errors) => panic!("unexpected errors:\n{errors}"),
    }
}

#[test]
fn a_complete_site_file_reads_into_the_model_it_describes() {
    assert_eq!(parse(COMPLETE), complete_model());
}

#[test]
fn a_complete_site_written_back_to_toml_reads_the_same() {
    let config = parse(COMPLETE);
    let written = config.to_toml_string();
    assert_eq!(parse(&written), config, "written file:\n{written}");
    assert!(written.starts_with("[site]\n"), "{written}");
}

#[test]
fn a_model_built_in_memory_round_trips_through_toml() {
    let mut config = complete_model();
    config.gateways.get_mut("local").unwrap().enabled = false;
    config.devices.get_mut("main").unwrap().ct_ratio = 0.1 + 0.2;
    let written = config.to_toml_string();
    assert_eq!(parse(&written), config, "written file:\n{written}");
}

#[test]
fn a_contract_priced_by_imported_prices_round_trips_with_its_surcharge() {
    let mut config = complete_model();
    let electricity = config.tariffs.electricity.as_mut().unwrap();
    electricity.import = TariffPlan::default();
    electricity.dynamic = Some(ems_model::tariff::DynamicPricing {
        surcharge: ems_model::tariff::Price::parse("0.0125").unwrap(),
    });
    let written = config.to_toml_string();
    assert!(
        written.contains("dynamic = { surcharge = \"0.0125\" }"),
        "{written}"
    );
    assert_eq!(parse(&written), config, "written file:\n{written}");
}

#[test]
fn a_minimal_site_file_takes_every_default() {
    let config = parse(
        r#"
[site]
name = "Home"
time_zone = "Europe/Paris"

[links.bus]
kind = "modbus_rtu"
port = "/dev/ttyAMA0"

[devices.meter]
profile = "eastron.sdm630"
link = "bus"
unit_id = 1
"#,
    );
    let mut expected = SiteConfig::new(SiteSettings::new("Home", "Europe/Paris"));
    expected.links.insert(
        "bus".to_owned(),
        Link::new(Transport::ModbusRtu(SerialTransport::new("/dev/ttyAMA0"))),
    );
    expected.devices.insert(
        id("meter"),
        Device::new("meter", "eastron.sdm630", "bus", 1),
    );
    assert_eq!(config, expected);

    assert_eq!(config.site.currency, "EUR");
    assert_eq!(config.site.sample_rate.minutes(), 15);
    assert_eq!(config.site.language, Language::En);
    let link = config.link("bus").unwrap();
    assert_eq!(
        (
            link.gateway.as_str(),
            link.failures_before_error,
            link.enabled
        ),
        ("local", 3, true)
    );
    let Transport::ModbusRtu(serial) = &link.transport else {
        panic!("not a serial link")
    };
    assert_eq!(
        (
            serial.baud,
            serial.data_bits,
            serial.parity,
            serial.stop_bits,
            serial.timeout_ms
        ),
        (
            BaudRate::B19200,
            DataBits::Eight,
            Parity::Even,
            StopBits::One,
            300
        )
    );
    assert_eq!(serial.effective_inter_frame_gap_ms(), 3);
    let local = config.gateway("local").unwrap();
    assert_eq!(local, &Gateway::local());
    assert_eq!(config.loads.len(), 6);
    let device = config.device("meter").unwrap();
    assert_eq!((device.fast_poll_ms, device.slow_poll_ms), (1000, 15000));
    assert_eq!((device.ct_ratio, device.vt_ratio), (1.0, 1.0));
    assert_eq!(config.device_timeout_ms("meter"), Some(300));
}

#[test]
fn tcp_links_default_to_port_502_and_a_one_second_timeout() {
    let config = parse(
        r#"
[site]
name = "Home"
time_zone = "UTC"

[links.tcp]
kind = "modbus_tcp"
host = "meter.local"

[links.gw]
kind = "rtu_over_tcp"
host = "10.0.0.9"
port = 4001
"#,
    );
    assert_eq!(
        config.link("tcp").unwrap().transport,
        Transport::ModbusTcp(TcpTransport::new("meter.local"))
    );
    assert_eq!(
        config.link("gw").unwrap().transport,
        Transport::RtuOverTcp(RtuOverTcpTransport::new("10.0.0.9", 4001))
    );
}

#[test]
fn a_parsed_model_passes_validation_on_its_own() {
    assert_eq!(complete_model().validate(&Catalog), []);
}

#[test]
fn all_errors_display_one_per_line() {
    let errors = SiteConfig::from_toml_str(
        r#"
[site]
name = "Home"
time_zone = "Europe/Rom"

[devices.main]
profile = "eastron.sdm63"
link = "bus"
unit_id = 1
"#,
        &Catalog,
    )
    .unwrap_err();
    assert_eq!(
        errors.to_string(),
        concat!(
            "site.time_zone: unknown time zone \"Europe/Rom\"; did you mean \"Europe/Rome\"?\n",
            "devices.main.profile: unknown profile \"eastron.sdm63\"; did you mean \"eastron.sdm630\"?\n",
            "devices.main.link: unknown link \"bus\"",
        )
    );
    let first = &errors.errors[0];
    assert_eq!(first.path, "site.time_zone");
    assert_eq!(first.suggestion.as_deref(), Some("Europe/Rome"));
}

/// The `[site]` table every broken case starts from (valid on its own).
macro_rules! site {
    () => {
        "[site]\nname = \"Plant\"\ntime_zone = \"Europe/Rome\"\n"
    };
}

/// A valid serial link `bus` and TCP link `tcp` on top of `site!()`.
macro_rules! site_with_links {
    () => {
        concat!(
            site!(),
            "[links.bus]\nkind = \"modbus_rtu\"\nport = \"/dev/ttyUSB0\"\n",
            "[links.tcp]\nkind = \"modbus_tcp\"\nhost = \"10.0.0.5\"\n",
        )
    };
}

struct Broken {
    /// What the case shows, as a sentence.
    what: &'static str,
    toml: &'static str,
    errors: &'static [&'static str],
}

const BROKEN: &[Broken] = &[
    Broken {
        what: "a TOML syntax error is one error with its line and column",
        toml: "[site]\nname = \"Plant\"\ntime_zone = Europe/Rome\n",
        errors: &[
            "line 3, column 13: invalid TOML: string values must be quoted, expected literal string",
        ],
    },
    Broken {
        what: "a key defined twice is a syntax error",
        toml: "[site]\nname = \"A\"\nname = \"B\"\ntime_zone = \"UTC\"\n",
        errors: &["line 3, column 1: invalid TOML: duplicate key"],
    },
    Broken {
        what: "an unknown section gets the closest section name",
        toml: concat!(site!(), "[device.main]\nname = \"x\"\n[extras]\n"),
        errors: &[
            r#"device: unknown section; did you mean "devices"?"#,
            "extras: unknown section",
        ],
    },
    Broken {
        what: "a file without a site section says so and nothing more",
        toml: "[panel_boards.main]\nname = \"Main\"\n",
        errors: &["site: required section is missing"],
    },
    Broken {
        what: "the site name and time zone are required",
        toml: "[site]\ncurrency = \"EUR\"\n",
        errors: &[
            "site.name: required key is missing",
            "site.time_zone: required key is missing",
        ],
    },
    Broken {
        what: "an unknown site key gets the closest known key",
        toml: "[site]\nname = \"Plant\"\ntimezone = \"Europe/Rome\"\n",
        errors: &[
            r#"site.timezone: unknown key; did you mean "time_zone"?"#,
            "site.time_zone: required key is missing",
        ],
    },
    Broken {
        what: "time zones must be IANA names spelt exactly",
        toml: "[site]\nname = \"Plant\"\ntime_zone = \"europe/rome\"\n",
        errors: &[
            r#"site.time_zone: time zone "europe/rome" is not spelt as in the IANA database; did you mean "Europe/Rome"?"#,
        ],
    },
    Broken {
        what: "site values outside their sets name the allowed values",
        toml: concat!(
            site!(),
            "currency = \"eur\"\nsample_rate_minutes = 20\nlanguage = \"EN\"\n",
            "csv_decimal_separator = \"dot\"\ncsv_field_separator = \"tab\"\n"
        ),
        errors: &[
            r#"site.sample_rate_minutes: 20 is not allowed; expected one of 1, 5, 10, 15, 30, 60"#,
            r#"site.language: "EN" is not allowed; expected one of "en", "it", "fr", "de", "es"; did you mean "en"?"#,
            r#"site.csv_decimal_separator: "dot" is not allowed; expected one of "point", "comma""#,
            r#"site.csv_field_separator: "tab" is not allowed; expected one of "comma", "semicolon""#,
            r#"site.currency: "eur" is not an ISO 4217 currency code (three uppercase letters such as "EUR"); did you mean "EUR"?"#,
        ],
    },
    Broken {
        what: "a blank site name is refused",
        toml: "[site]\nname = \"  \"\ntime_zone = \"UTC\"\n",
        errors: &["site.name: must not be empty"],
    },
    Broken {
        what: "values of the wrong type are reported with what was expected",
        toml: concat!(
            site_with_links!(),
            "[devices.m]\nname = 7\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = \"3\"\n",
            "enabled = \"yes\"\nct_ratio = \"40\"\ngroups = \"building\"\n",
        ),
        errors: &[
            "devices.m.name: expected a string, found an integer",
            "devices.m.unit_id: expected an integer, found a string",
            "devices.m.enabled: expected a boolean, found a string",
            "devices.m.groups: expected an array of strings, found a string",
            "devices.m.ct_ratio: expected a number, found a string",
        ],
    },
    Broken {
        what: "a unit id outside 1 to 247 is out of range",
        toml: concat!(
            site_with_links!(),
            "[devices.a]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 300\n",
            "[devices.b]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 0\n",
        ),
        errors: &[
            "devices.a.unit_id: 300 is out of range; expected 1 to 247",
            "devices.b.unit_id: 0 is out of range; expected 1 to 247",
        ],
    },
    Broken {
        what: "a device without profile, link and unit id reports all three",
        toml: concat!(site_with_links!(), "[devices.a]\nname = \"A\"\n"),
        errors: &[
            "devices.a.profile: required key is missing",
            "devices.a.link: required key is missing",
            "devices.a.unit_id: required key is missing",
        ],
    },
    Broken {
        what: "an unknown link kind gets a suggestion and its devices are not reported as dangling",
        toml: concat!(
            site!(),
            "[links.net]\nkind = \"modbus_tcpp\"\nhost = \"10.0.0.5\"\n",
            "[links.other]\nhost = \"10.0.0.6\"\n",
            "[devices.a]\nprofile = \"abb.b23\"\nlink = \"net\"\nunit_id = 1\n",
        ),
        errors: &[
            r#"links.net.kind: "modbus_tcpp" is not allowed; expected one of "modbus_tcp", "modbus_rtu", "rtu_over_tcp", "waveform_stream"; did you mean "modbus_tcp"?"#,
            "links.other.kind: required key is missing",
        ],
    },
    Broken {
        what: "a key of another link kind is unknown for this kind",
        toml: concat!(
            site!(),
            "[links.tcp]\nkind = \"modbus_tcp\"\nhost = \"10.0.0.5\"\nbaud = 9600\ntimout_ms = 100\n",
        ),
        errors: &[
            r#"links.tcp.baud: unknown key for kind "modbus_tcp""#,
            r#"links.tcp.timout_ms: unknown key for kind "modbus_tcp"; did you mean "timeout_ms"?"#,
        ],
    },
    Broken {
        what: "serial settings outside their sets name the allowed values",
        toml: concat!(
            site!(),
            "[links.bus]\nkind = \"modbus_rtu\"\nport = \"COM3\"\nbaud = 1234\ndata_bits = 6\n",
            "parity = \"evn\"\nstop_bits = 3\ninter_frame_gap_ms = 5000\n",
        ),
        errors: &[
            "links.bus.baud: 1234 is not allowed; expected one of 2400, 4800, 9600, 19200, 38400, 57600, 115200",
            "links.bus.data_bits: 6 is not allowed; expected one of 7, 8",
            r#"links.bus.parity: "evn" is not allowed; expected one of "none", "odd", "even"; did you mean "even"?"#,
            "links.bus.stop_bits: 3 is not allowed; expected one of 1, 2",
            "links.bus.inter_frame_gap_ms: 5000 is out of range; expected 0 to 1000",
            r#"links.bus.port: "COM3" is not a serial device path such as "/dev/ttyUSB0""#,
        ],
    },
    Broken {
        what: "two enabled serial links on one port clash and a disabled one does not",
        toml: concat!(
            site!(),
            "[links.a]\nkind = \"modbus_rtu\"\nport = \"/dev/ttyUSB0\"\n",
            "[links.b]\nkind = \"modbus_rtu\"\nport = \"/dev/ttyUSB0\"\nbaud = 9600\n",
            "[links.c]\nkind = \"modbus_rtu\"\nport = \"/dev/ttyUSB0\"\nenabled = false\n",
        ),
        errors: &[r#"links.b.port: serial port "/dev/ttyUSB0" is already used by link "a""#],
    },
    Broken {
        what: "two tcp links to one host and port clash whatever their kind and host case",
        toml: concat!(
            site!(),
            "[links.a]\nkind = \"modbus_tcp\"\nhost = \"gw.local\"\n",
            "[links.b]\nkind = \"rtu_over_tcp\"\nhost = \"GW.local\"\nport = 502\n",
            "[links.c]\nkind = \"modbus_tcp\"\nhost = \"gw.local\"\nport = 503\n",
        ),
        errors: &[r#"links.b.host: GW.local:502 is already used by link "a""#],
    },
    Broken {
        what: "link hosts ports timeouts and failure counts are checked",
        toml: concat!(
            site!(),
            "[links.a]\nkind = \"modbus_tcp\"\nhost = \"my gateway\"\nport = 0\ntimeout_ms = 5\n",
            "failures_before_error = 0\n",
            "[links.b]\nkind = \"rtu_over_tcp\"\nhost = \"10.0.0.9\"\n",
        ),
        errors: &[
            "links.a.timeout_ms: 5 is out of range; expected 10 to 60000",
            "links.a.port: 0 is out of range; expected 1 to 65535",
            "links.a.failures_before_error: 0 is out of range; expected 1 to 100",
            r#"links.a.host: "my gateway" is neither an IP address nor a host name"#,
            "links.b.port: required key is missing",
        ],
    },
    Broken {
        what: "a link on an unknown gateway gets the closest gateway id",
        toml: concat!(
            site!(),
            "[gateways.cabinet]\nname = \"Cabinet\"\n",
            "[links.a]\nkind = \"modbus_tcp\"\nhost = \"10.0.0.5\"\ngateway = \"cabinett\"\n",
        ),
        errors: &[r#"links.a.gateway: unknown gateway "cabinett"; did you mean "cabinet"?"#],
    },
    Broken {
        what: "ids that are not lowercase identifiers are refused with a fixed suggestion",
        toml: concat!(
            site_with_links!(),
            "[devices.Main]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 1\n",
            "[groups.\"my group\"]\nname = \"Mine\"\n",
            "[panel_boards.1st]\nname = \"First\"\n",
        ),
        errors: &[
            r#"devices.Main: invalid id "Main": use 1-64 lowercase letters, digits, '_' or '-', starting with a letter; did you mean "main"?"#,
            r#"groups."my group": invalid id "my group": use 1-64 lowercase letters, digits, '_' or '-', starting with a letter; did you mean "my_group"?"#,
            r#"panel_boards.1st: invalid id "1st": use 1-64 lowercase letters, digits, '_' or '-', starting with a letter"#,
        ],
    },
    Broken {
        what: "names are unique within their kind ignoring case",
        toml: concat!(
            site_with_links!(),
            "[devices.a]\nname = \"Main\"\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 1\n",
            "[devices.b]\nname = \"MAIN\"\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 2\n",
            "[groups.x]\nname = \"Main\"\n",
            "[gateways.g]\nname = \"local\"\n",
        ),
        errors: &[
            r#"gateways.g.name: name "local" is already used by gateway "local""#,
            r#"devices.b.name: name "MAIN" is already used by device "a""#,
        ],
    },
    Broken {
        what: "an unknown profile gets the closest profile id",
        toml: concat!(
            site_with_links!(),
            "[devices.main]\nprofile = \"eastron.sdm63\"\nlink = \"bus\"\nunit_id = 1\n",
        ),
        errors: &[
            r#"devices.main.profile: unknown profile "eastron.sdm63"; did you mean "eastron.sdm630"?"#,
        ],
    },
    Broken {
        what: "dangling references from a device each get a suggestion when one is close",
        toml: concat!(
            site_with_links!(),
            "[groups.building]\n[panel_boards.main]\n[loads.kitchen]\n",
            "[devices.main]\nprofile = \"abb.b23\"\nlink = \"buss\"\nunit_id = 1\n",
            "load = \"kitchn\"\ngroups = [\"buildin\", \"garage\"]\npanel_board = \"mian\"\n",
        ),
        errors: &[
            r#"devices.main.link: unknown link "buss"; did you mean "bus"?"#,
            r#"devices.main.load: unknown load "kitchn"; did you mean "kitchen"?"#,
            r#"devices.main.groups: unknown measure group "buildin"; did you mean "building"?"#,
            r#"devices.main.groups: unknown measure group "garage""#,
            r#"devices.main.panel_board: unknown panel board "mian"; did you mean "main"?"#,
        ],
    },
    Broken {
        what: "a device belongs to at most five groups each listed once",
        toml: concat!(
            site_with_links!(),
            "[groups.a]\n[groups.b]\n[groups.c]\n[groups.d]\n[groups.e]\n",
            "[devices.m]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 1\n",
            "groups = [\"a\", \"b\", \"c\", \"d\", \"e\", \"a\"]\n",
        ),
        errors: &[
            "devices.m.groups: 6 groups given; a device belongs to at most 5",
            r#"devices.m.groups: measure group "a" is listed twice"#,
        ],
    },
    Broken {
        what: "two enabled devices with one unit id on one link clash",
        toml: concat!(
            site_with_links!(),
            "[devices.a]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 5\n",
            "[devices.b]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 5\n",
            "[devices.c]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 5\nenabled = false\n",
            "[devices.d]\nprofile = \"abb.b23\"\nlink = \"tcp\"\nunit_id = 5\n",
        ),
        errors: &[r#"devices.b.unit_id: unit 5 on link "bus" is already used by device "a""#],
    },
    Broken {
        what: "ratios poll periods and timeouts of a device are checked",
        toml: concat!(
            site_with_links!(),
            "[devices.m]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 1\n",
            "ct_ratio = 0\nvt_ratio = -2.5\nfast_poll_ms = 20000\nslow_poll_ms = 10000\ntimeout_ms = 0\n",
        ),
        errors: &[
            "devices.m.timeout_ms: 0 is out of range; expected 10 to 60000",
            "devices.m.ct_ratio: 0 is out of range; expected a number above 0 and at most 100000",
            "devices.m.vt_ratio: -2.5 is out of range; expected a number above 0 and at most 100000",
            "devices.m.slow_poll_ms: 10000 is shorter than fast_poll_ms (20000)",
        ],
    },
    Broken {
        what: "the generic meter table is required for the generic profile and refused for others",
        toml: concat!(
            site_with_links!(),
            "[devices.a]\nprofile = \"generic.modbus_meter\"\nlink = \"bus\"\nunit_id = 1\n",
            "[devices.b]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 2\n",
            "[devices.b.generic]\nfunction = 3\nregister = \"0x10\"\nwords = 2\nmultiplier = 1\n",
        ),
        errors: &[
            r#"devices.a.generic: required for profile "generic.modbus_meter""#,
            r#"devices.b.generic: only allowed with profile "generic.modbus_meter""#,
        ],
    },
    Broken {
        what: "every field of a generic meter is checked",
        toml: concat!(
            site_with_links!(),
            "[devices.a]\nprofile = \"generic.modbus_meter\"\nlink = \"bus\"\nunit_id = 1\n",
            "[devices.a.generic]\nfunction = 6\nregister = \"0xZZ\"\nwords = 3\nmultiplier = 0\n",
            "unit = \"kW\"\n",
            "[devices.b]\nprofile = \"generic.modbus_meter\"\nlink = \"bus\"\nunit_id = 2\n",
            "[devices.b.generic]\nregister = 72\nwords = 2\nmultiplier = 1\nunit = \"kwh\"\nword = 2\n",
        ),
        errors: &[
            "devices.a.generic.function: 6 is not allowed; expected one of 3, 4",
            "devices.a.generic.words: 3 is not allowed; expected one of 1, 2, 4",
            r#"devices.a.generic.register: "0xZZ" is not a hexadecimal register address such as "0x0048""#,
            "devices.a.generic.multiplier: 0 is not allowed; expected a finite number other than 0",
            r#"devices.a.generic.unit: "kW" is not a unit of active energy; expected one of "Wh", "kWh", "MWh""#,
            r#"devices.b.generic.word: unknown key; did you mean "words"?"#,
            "devices.b.generic.function: required key is missing",
            r#"devices.b.generic.register: expected a string of hexadecimal digits such as "0x0048", found an integer"#,
            r#"devices.b.generic.unit: unknown unit "kwh"; did you mean "kWh"?"#,
        ],
    },
    Broken {
        what: "predefined loads accept only enabled and others cannot be defined or named",
        toml: concat!(
            site_with_links!(),
            "[loads.heating]\nname = \"Warmth\"\nenabled = false\n",
            "[loads.others]\nname = \"Misc\"\n",
            "[loads.spare]\nname = \"OTHERS\"\n",
            "[devices.m]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 1\nload = \"others\"\n",
        ),
        errors: &[
            r#"devices.m.load: "others" is the implicit load of devices without one: leave load out"#,
            r#"loads.heating.name: predefined loads accept only "enabled""#,
            r#"loads.others: "others" is the implicit load of devices without one and cannot be defined"#,
            r#"loads.spare.name: name "OTHERS" is already used by the implicit load "Others""#,
        ],
    },
    Broken {
        what: "the local gateway may be renamed and disabled but keeps its address",
        toml: concat!(
            site!(),
            "[gateways.local]\nname = \"Converter\"\nenabled = false\naddress = \"10.0.0.1\"\n",
            "[gateways.remote]\naddress = \"not an address\"\npanel_board = \"basment\"\n",
            "[panel_boards.basement]\n",
        ),
        errors: &[
            "gateways.local.address: the address of the Local gateway is fixed at 127.0.0.1",
            r#"gateways.remote.address: "not an address" is neither an IP address nor a host name"#,
            r#"gateways.remote.panel_board: unknown panel board "basment"; did you mean "basement"?"#,
        ],
    },
    Broken {
        what: "entities and sections that are not tables are reported without follow-on errors",
        toml: concat!(
            "links = 3\n",
            site!(),
            "[devices]\nmain = 3\n",
            "[devices.other]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit_id = 1\n",
        ),
        errors: &[
            "links: expected a table, found an integer",
            "devices.main: expected a table, found an integer",
        ],
    },
    Broken {
        what: "unknown keys in every kind of entity get the closest known key",
        toml: concat!(
            site_with_links!(),
            "[gateways.g]\ndescripton = \"x\"\n",
            "[devices.m]\nprofile = \"abb.b23\"\nlink = \"bus\"\nunit = 1\n",
            "[loads.kitchen]\nenable = true\n",
            "[groups.a]\nnmae = \"A\"\n",
            "[panel_boards.p]\ncolour = \"grey\"\n",
        ),
        errors: &[
            r#"gateways.g.descripton: unknown key; did you mean "description"?"#,
            r#"devices.m.unit: unknown key; did you mean "unit_id"?"#,
            "devices.m.unit_id: required key is missing",
            r#"loads.kitchen.enable: unknown key; did you mean "enabled"?"#,
            r#"groups.a.nmae: unknown key; did you mean "name"?"#,
            "panel_boards.p.colour: unknown key",
        ],
    },
    Broken {
        what: "several errors across a file are all reported in section order",
        toml: r#"
[panel_boards.main]
name = "Main"

[devices.a]
profile = "abb.b23"
link = "bus"
unit_id = 1
panel_board = "mainn"

[devices.b]
profile = "carlo_gavazzi.em42"
link = "bus"
unit_id = 1

[links.bus]
kind = "modbus_rtu"
port = "/dev/ttyUSB0"
parity = "odd"
baud = 2400
gateway = "locale"

[site]
name = "Plant"
time_zone = "Europe/Rome"
currency = "EURO"

[alarms.day]
"#,
        errors: &[
            "alarms: unknown section",
            r#"site.currency: "EURO" is not an ISO 4217 currency code (three uppercase letters such as "EUR")"#,
            r#"links.bus.gateway: unknown gateway "locale"; did you mean "local"?"#,
            r#"devices.a.panel_board: unknown panel board "mainn"; did you mean "main"?"#,
            r#"devices.b.profile: unknown profile "carlo_gavazzi.em42"; did you mean "carlo_gavazzi.em24"?"#,
            r#"devices.b.unit_id: unit 1 on link "bus" is already used by device "a""#,
        ],
    },
    Broken {
        what: "a waveform stream link names exactly one source, as host and port or a socket path",
        toml: concat!(
            site!(),
            "[links.a]\nkind = \"waveform_stream\"\n",
            "[links.b]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.7:7070\"\nunix = \"/run/b.sock\"\n",
            "[links.c]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.7\"\n",
            "[links.d]\nkind = \"waveform_stream\"\ntcp = \"my host:0\"\n",
            "[links.e]\nkind = \"waveform_stream\"\nunix = \"board.sock\"\nhost = \"x\"\ntimeout_ms = 5\n",
            "[devices.ma]\nprofile = \"internal.meter\"\nlink = \"a\"\nmeter = { wiring = \"3p4w\" }\n",
            "[devices.mb]\nprofile = \"internal.meter\"\nlink = \"b\"\nmeter = { wiring = \"3p4w\" }\n",
            "[devices.mc]\nprofile = \"internal.meter\"\nlink = \"c\"\nmeter = { wiring = \"3p4w\" }\n",
            "[devices.md]\nprofile = \"internal.meter\"\nlink = \"d\"\nmeter = { wiring = \"3p4w\" }\n",
            "[devices.me]\nprofile = \"internal.meter\"\nlink = \"e\"\nmeter = { wiring = \"3p4w\" }\n",
        ),
        errors: &[
            r#"links.a.tcp: required key is missing: give tcp = "host:port" or unix = "/path""#,
            r#"links.b.unix: give either tcp or unix, not both"#,
            r#"links.c.tcp: "10.0.0.7" is not "host:port" such as "192.168.1.20:7070" ("[::1]:7070" for IPv6)"#,
            r#"links.d.tcp: "my host" is neither an IP address nor a host name"#,
            r#"links.d.tcp: 0 is out of range; expected 1 to 65535"#,
            r#"links.e.host: unknown key for kind "waveform_stream""#,
            r#"links.e.timeout_ms: 5 is out of range; expected 10 to 60000"#,
            r#"links.e.unix: "board.sock" is not an absolute socket path such as "/run/ems/board.sock""#,
        ],
    },
    Broken {
        what: "an internal meter reads a waveform stream and needs its meter table, which no other device has",
        toml: concat!(
            site_with_links!(),
            "[links.board]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.7:7070\"\n",
            "[devices.a]\nprofile = \"internal.meter\"\nlink = \"bus\"\n",
            "[devices.b]\nprofile = \"abb.b23\"\nlink = \"board\"\nunit_id = 1\n",
            "[devices.c]\nprofile = \"abb.b23\"\nlink = \"tcp\"\nunit_id = 1\nmeter = { wiring = \"1p2w\" }\n",
            "[devices.d]\nprofile = \"internal.meters\"\nlink = \"tcp\"\nunit_id = 2\n",
        ),
        errors: &[
            r#"devices.a.link: link "bus" is of kind "modbus_rtu"; an internal meter reads a link of kind "waveform_stream""#,
            r#"devices.a.meter: required for profile "internal.meter""#,
            r#"devices.b.link: link "board" is a waveform stream: only an internal meter (profile "internal.meter") reads it"#,
            r#"devices.c.meter: only allowed with profile "internal.meter""#,
            r#"devices.d.profile: unknown profile "internal.meters"; did you mean "internal.meter"?"#,
        ],
    },
    Broken {
        what: "a waveform stream feeds at most one internal meter, which has no unit id",
        toml: concat!(
            site!(),
            "[links.board]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.7:7070\"\n",
            "[devices.m1]\nprofile = \"internal.meter\"\nlink = \"board\"\nmeter = { wiring = \"3p4w\" }\n",
            "[devices.m2]\nprofile = \"internal.meter\"\nlink = \"board\"\nunit_id = 2\nmeter = { wiring = \"3p4w\" }\n",
        ),
        errors: &[
            r#"devices.m2.unit_id: an internal meter has no Modbus unit id: leave unit_id out"#,
            r#"devices.m2.link: link "board" already feeds device "m1"; a waveform stream feeds one internal meter"#,
        ],
    },
    Broken {
        what: "every setting of an internal meter is checked",
        toml: concat!(
            site!(),
            "[links.b1]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.7:7070\"\n",
            "[links.b2]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.8:7070\"\n",
            "[links.b3]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.9:7070\"\n",
            "[devices.a]\nprofile = \"internal.meter\"\nlink = \"b1\"\n",
            "[devices.a.meter]\nwiring = \"3p5w\"\nnominal_voltage_v = 0\nnominal_frequency_hz = 55\n",
            "neutral = \"measure\"\nrun_threshold_w = -1\ntariff = \"t3\"\nphases = 3\n",
            "[devices.b]\nprofile = \"internal.meter\"\nlink = \"b2\"\n",
            "meter = { wiring = \"3p3w\", neutral = \"measured\", nominal_voltage_v = \"230\", tariff = 2 }\n",
            "[devices.c]\nprofile = \"internal.meter\"\nlink = \"b3\"\nmeter = { neutral = \"auto\" }\n",
        ),
        errors: &[
            r#"devices.a.meter.phases: unknown key"#,
            r#"devices.a.meter.wiring: "3p5w" is not allowed; expected one of "1p2w", "2p3w", "3p4w", "3p3w", "3p4w_wild_leg"; did you mean "3p4w"?"#,
            r#"devices.a.meter.nominal_frequency_hz: 55 is not allowed; expected one of 50, 60"#,
            r#"devices.a.meter.neutral: "measure" is not allowed; expected one of "auto", "measured", "computed"; did you mean "measured"?"#,
            r#"devices.a.meter.tariff: "t3" is not allowed; expected one of "t1", "t2", "digital_input", or an array of tariff-2 periods; did you mean "t1"?"#,
            r#"devices.a.meter.nominal_voltage_v: 0 is out of range; expected a number from 1 to 1000000"#,
            r#"devices.a.meter.run_threshold_w: -1 is out of range; expected a number from 0 to 1000000000"#,
            r#"devices.b.meter.nominal_voltage_v: expected a number, found a string"#,
            r#"devices.b.meter.tariff: expected "t1", "t2", "digital_input" or an array of tariff-2 periods, found an integer"#,
            r#"devices.b.meter.neutral: a "3p3w" system has no neutral conductor whose current could be measured; use "auto" or "computed""#,
            r#"devices.c.meter.wiring: required key is missing"#,
        ],
    },
    Broken {
        what: "a tariff schedule is checked period by period",
        toml: concat!(
            site!(),
            "[links.board]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.7:7070\"\n",
            "[links.board2]\nkind = \"waveform_stream\"\ntcp = \"10.0.0.8:7070\"\n",
            "[devices.m]\nprofile = \"internal.meter\"\nlink = \"board\"\n",
            "[devices.m.meter]\nwiring = \"3p4w\"\ntariff = [\n",
            "  { weekdays = [\"mon\", \"mon\"], from = \"22:00\", to = \"22:00\" },\n",
            "  { weekdays = [\"Tue\", \"monday\"], from = \"6:00\", to = \"24:01\" },\n",
            "  { days = [\"sat\"], from = \"24:00\", to = \"01:00\" },\n",
            "  { weekdays = [], from = 8, to = \"09:00\" },\n",
            "  \"sun\",\n",
            "]\n",
            "[devices.n]\nprofile = \"internal.meter\"\nlink = \"board2\"\nmeter = { wiring = \"3p4w\", tariff = [] }\n",
        ),
        errors: &[
            r#"devices.m.meter.tariff[1].weekdays: "Tue" is not a day; expected an array of days ("mon", "tue", "wed", "thu", "fri", "sat", "sun"); did you mean "tue"?"#,
            r#"devices.m.meter.tariff[1].from: "6:00" is not a time "HH:MM" from "00:00" to "24:00""#,
            r#"devices.m.meter.tariff[1].to: "24:01" is not a time "HH:MM" from "00:00" to "24:00""#,
            r#"devices.m.meter.tariff[2].days: unknown key"#,
            r#"devices.m.meter.tariff[2].weekdays: required key is missing"#,
            r#"devices.m.meter.tariff[3].from: expected a time "HH:MM", found an integer"#,
            r#"devices.m.meter.tariff[4]: expected a table { weekdays, from, to }, found a string"#,
            r#"devices.m.meter.tariff[0].weekdays: "mon" is listed twice"#,
            r#"devices.m.meter.tariff[0].to: the period from 22:00 to 22:00 is empty; "00:00" to "24:00" is a whole day"#,
            r#"devices.m.meter.tariff[2].from: "24:00" ends a day; a period starts at "23:59" at the latest"#,
            r#"devices.m.meter.tariff[3].weekdays: must name at least one day"#,
            r#"devices.n.meter.tariff: an empty schedule has no tariff 2: give at least one period, or "t1""#,
        ],
    },
    Broken {
        what: "tariff keys, values and references are checked with their paths",
        toml: concat!(
            site!(),
            r##"[tariffs]
gas_kwh_per_m3 = 10.55
[tariffs.electricity]
standing_charge = { per = "week", amount = "12,50" }
[tariffs.electricity.tariffs.peak]
colour = "red"
prices = [{ price = "0.1234567" }, { from = "2026-13-01", price = "1" }]
[tariffs.electricity.tariffs.off_peak]
name = "Off-peak"
colour = "#0072b2"
prices = [{ from = "2026-01-01", price = "0.1" }, { from = "2026-01-01", price = "0.2" }]
[[tariffs.electricity.rules]]
tariff = "peek"
[[tariffs.electricity.rules]]
tariff = "off_peak"
valid = { from = "2026-05-01", to = "2026-04-01" }
time = { from = "8:00", to = "24:00" }
days = []
[[tariffs.electricity.rules]]
tariff = "peak"
repeat_every_year = true
valid = { from = "2026-01-01", to = "2027-01-01" }
colour = "x"
"##
        ),
        errors: &[
            r#"tariffs.gas_kwh_per_m3: expected a decimal in quotes such as "10.55" (kept exactly), found a float"#,
            r#"tariffs.electricity.standing_charge.per: "week" is not allowed; expected one of "day", "month""#,
            r#"tariffs.electricity.standing_charge.amount: "12,50" is not a decimal number (such as "0.2345")"#,
            r#"tariffs.electricity.tariffs.peak.prices[0].price: "0.1234567" has 7 decimals; at most 6 are kept exactly"#,
            r#"tariffs.electricity.tariffs.peak.prices[1].from: "2026-13-01" is not a date "YYYY-MM-DD""#,
            r#"tariffs.electricity.rules[1].time.from: "8:00" is not a time "HH:MM" from "00:00" to "23:59" (the last minute of a frame is included)"#,
            r#"tariffs.electricity.rules[1].time.to: "24:00" is not a time "HH:MM" from "00:00" to "23:59" (the last minute of a frame is included)"#,
            r#"tariffs.electricity.rules[2].colour: unknown key"#,
            r#"tariffs.electricity.tariffs.off_peak.prices: prices 0 and 1 both apply from 2026-01-01"#,
            r#"tariffs.electricity.tariffs.peak.colour: "red" is not a colour of the form #rrggbb"#,
            r#"tariffs.electricity.rules[0].tariff: unknown tariff "peek"; did you mean "peak"?"#,
            r#"tariffs.electricity.rules[1].valid: the validity ends on 2026-04-01, before it starts on 2026-05-01"#,
            r#"tariffs.electricity.rules[1].days: no day of the week is chosen, so the rule never applies"#,
            r#"tariffs.electricity.rules[2].valid: a validity repeated every year spans at most one year (2026-01-01 to 2027-01-01 is longer)"#,
        ],
    },
    Broken {
        what: "a rule that is not a table keeps the later rules at their indices",
        toml: concat!(
            site!(),
            "[tariffs.water]\nrules = [\"x\", { tariff = \"nope\", valid = { from = \"2026-01-01\", to = 5 }, repeat_every_year = true }]\n"
        ),
        errors: &[
            "tariffs.water.rules[0]: expected a table, found a string",
            "tariffs.water.rules[1].valid.to: expected a date \"YYYY-MM-DD\", found an integer",
            r#"tariffs.water.rules[1].tariff: unknown tariff "nope""#,
        ],
    },
    Broken {
        what: "gas and water have no feed-in and no demand charge",
        toml: concat!(
            site!(),
            r##"[tariffs.gas]
demand_charge = { per_kw_month = "5" }
[tariffs.gas.export]
"##
        ),
        errors: &[
            "tariffs.gas.export: feed-in (export) prices apply to electricity only, not to gas",
            "tariffs.gas.demand_charge: a demand charge applies to electricity only, not to gas",
        ],
    },
    Broken {
        what: "a demand charge names its meter, which is written as an id",
        toml: concat!(
            site!(),
            "[tariffs.electricity]\ndemand_charge = { per_kw_month = \"4.25\" }\n",
            "[tariffs.gas]\ndemand_charge = { per_kw_month = \"5\" }\n",
            "[tariffs.water]\nstanding_charge = { per = \"day\", amount = \"1\" }\n",
        ),
        errors: &[
            r#"tariffs.electricity.demand_charge.meter: required key is missing: the id of the device that measures the grid connection, where the utility measures the peak (meter = "<device id>")"#,
            "tariffs.gas.demand_charge: a demand charge applies to electricity only, not to gas",
        ],
    },
    Broken {
        what: "a demand charge's meter is a device of the site that counts imported active energy",
        toml: concat!(
            site_with_links!(),
            "[devices.incomer]\nprofile = \"eastron.sdm630\"\nlink = \"bus\"\nunit_id = 1\n",
            "[devices.gas]\nprofile = \"schneider.iem3255_input_metering\"\nlink = \"bus\"\nunit_id = 2\n",
            "[tariffs.electricity]\ndemand_charge = { per_kw_month = \"4.25\", meter = \"incomr\" }\n",
        ),
        errors: &[
            r#"tariffs.electricity.demand_charge.meter: unknown device "incomr"; did you mean "incomer"?"#,
        ],
    },
    Broken {
        what: "a demand charge measured by a meter that counts no imported energy is refused",
        toml: concat!(
            site_with_links!(),
            "[devices.gas]\nprofile = \"schneider.iem3255_input_metering\"\nlink = \"bus\"\nunit_id = 2\n",
            "[tariffs.electricity]\ndemand_charge = { per_kw_month = \"4.25\", meter = \"gas\" }\n",
        ),
        errors: &[
            r#"tariffs.electricity.demand_charge.meter: device "gas" does not count imported active energy (energy_active_import): name the meter of the grid connection"#,
        ],
    },
    Broken {
        what: "a demand charge's meter written with capitals gets the id it likely means",
        toml: concat!(
            site!(),
            "[tariffs.electricity]\ndemand_charge = { per_kw_month = \"4,25\", meter = \"Incomer\" }\n",
        ),
        errors: &[
            r#"tariffs.electricity.demand_charge.per_kw_month: "4,25" is not a decimal number (such as "0.2345")"#,
            r#"tariffs.electricity.demand_charge.meter: invalid id "Incomer": use 1-64 lowercase letters, digits, '_' or '-', starting with a letter; did you mean "incomer"?"#,
        ],
    },
    Broken {
        what: "imported prices replace rules: a contract has one or the other",
        toml: concat!(
            site!(),
            r##"[tariffs.electricity]
dynamic = { surcharge = "0,012", file = "prices.csv" }
[tariffs.electricity.tariffs.day]
colour = "#112233"
prices = [{ price = "0.2" }]
[[tariffs.electricity.rules]]
tariff = "day"
"##
        ),
        errors: &[
            r#"tariffs.electricity.dynamic.file: unknown key"#,
            r#"tariffs.electricity.dynamic.surcharge: "0,012" is not a decimal number (such as "0.2345")"#,
            "tariffs.electricity.dynamic: a contract is priced by its rules or by imported prices, not both: remove the rules or `dynamic`",
        ],
    },
];

/// A site with two internal meters: one on a TCP source with every setting, one on a Unix
/// socket with the defaults.
const INTERNAL_METERS: &str = r#"
[site]
name = "Plant"
time_zone = "Europe/Rome"

[links.board]
kind = "waveform_stream"
tcp = "192.168.1.70:7070"
timeout_ms = 500
failures_before_error = 2

[links.local_board]
kind = "waveform_stream"
unix = "/run/ems/board.sock"

[links.bus]
kind = "modbus_rtu"
port = "/dev/ttyUSB0"

[devices.incomer]
name = "Main incomer analyser"
profile = "internal.meter"
link = "board"
ct_ratio = 40
vt_ratio = 1
fast_poll_ms = 500
slow_poll_ms = 5000
exclude_from_totals = true

[devices.incomer.meter]
wiring = "3p4w"
nominal_voltage_v = 230
nominal_frequency_hz = 50
neutral = "measured"
run_threshold_w = 25.5
tariff = [
  { weekdays = ["mon", "tue", "wed", "thu", "fri"], from = "20:00", to = "08:00" },
  { weekdays = ["sat", "sun"], from = "00:00", to = "24:00" },
]

[devices.workshop]
profile = "internal.meter"
link = "local_board"
meter = { wiring = "1p2w", tariff = "digital_input" }

[devices.sub]
profile = "abb.b23"
link = "bus"
unit_id = 1
"#;

fn internal_meters_model() -> SiteConfig {
    let mut config = SiteConfig::new(SiteSettings::new("Plant", "Europe/Rome"));
    let mut board = Link::new(Transport::WaveformStream(WaveformTransport {
        endpoint: StreamEndpoint::Tcp {
            host: "192.168.1.70".to_owned(),
            port: 7070,
        },
        timeout_ms: 500,
    }));
    board.failures_before_error = 2;
    config.links.insert("board".to_owned(), board);
    config.links.insert(
        "local_board".to_owned(),
        Link::new(Transport::WaveformStream(WaveformTransport::unix(
            "/run/ems/board.sock",
        ))),
    );
    config.links.insert(
        "bus".to_owned(),
        Link::new(Transport::ModbusRtu(SerialTransport::new("/dev/ttyUSB0"))),
    );
    let at = |h, m| TimeOfDay::new(h, m).unwrap_or_else(|| panic!("{h}:{m}"));
    use jiff::civil::Weekday::*;
    let mut meter = InternalMeter::new(Wiring::ThreePhase4W);
    meter.nominal_frequency = Some(NominalFrequency::Hz50);
    meter.neutral = NeutralCurrent::Measured;
    meter.run_threshold_w = 25.5;
    meter.tariff = TariffSource::Schedule(vec![
        TariffPeriod {
            weekdays: vec![Monday, Tuesday, Wednesday, Thursday, Friday],
            from: at(20, 0),
            to: at(8, 0),
        },
        TariffPeriod {
            weekdays: vec![Saturday, Sunday],
            from: TimeOfDay::MIDNIGHT,
            to: TimeOfDay::END_OF_DAY,
        },
    ]);
    let mut incomer = Device::internal_meter("Main incomer analyser", "board", meter);
    incomer.ct_ratio = 40.0;
    incomer.fast_poll_ms = 500;
    incomer.slow_poll_ms = 5000;
    incomer.exclude_from_totals = true;
    let mut workshop = InternalMeter::new(Wiring::SinglePhase2W);
    workshop.tariff = TariffSource::DigitalInput;
    config.devices.insert(id("incomer"), incomer);
    config.devices.insert(
        id("workshop"),
        Device::internal_meter("workshop", "local_board", workshop),
    );
    config
        .devices
        .insert(id("sub"), Device::new("sub", "abb.b23", "bus", 1));
    config
}

#[test]
fn a_site_with_internal_meters_reads_into_the_model_it_describes() {
    let config = parse(INTERNAL_METERS);
    assert_eq!(config, internal_meters_model());
    let incomer = config.device("incomer").unwrap();
    assert!(incomer.is_internal_meter());
    assert_eq!(incomer.profile, INTERNAL_METER);
    assert_eq!(config.device_timeout_ms("workshop"), Some(2000));
    let defaults = config.device("workshop").unwrap().meter.as_ref().unwrap();
    assert_eq!(
        (
            defaults.nominal_voltage_v,
            defaults.nominal_frequency,
            defaults.neutral,
            defaults.run_threshold_w
        ),
        (230.0, None, NeutralCurrent::Auto, 10.0)
    );
}

#[test]
fn a_site_with_internal_meters_round_trips_through_toml() {
    let config = parse(INTERNAL_METERS);
    let written = config.to_toml_string();
    assert_eq!(parse(&written), config, "written file:\n{written}");
    assert!(
        written
            .contains("[links.board]\nkind = \"waveform_stream\"\ntcp = \"192.168.1.70:7070\"\n"),
        "{written}"
    );
    assert!(
        written.contains(r#"{ weekdays = ["sat", "sun"], from = "00:00", to = "24:00" }"#),
        "{written}"
    );
    // No Modbus unit id is written for an internal meter.
    let incomer = written
        .split("[devices.incomer]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap();
    assert!(!incomer.contains("unit_id"), "{incomer}");
    // A model built in memory round-trips too, IPv6 source included.
    let mut config = internal_meters_model();
    config.links.get_mut("board").unwrap().transport =
        Transport::WaveformStream(WaveformTransport::tcp("fd00::7", 7070));
    let written = config.to_toml_string();
    assert!(written.contains(r#"tcp = "[fd00::7]:7070""#), "{written}");
    assert_eq!(parse(&written), config, "written file:\n{written}");
    assert_eq!(config.validate(&Catalog), []);
}

#[test]
fn every_broken_site_file_reports_exactly_its_errors() {
    assert!(BROKEN.len() >= 25);
    let mut failures = Vec::new();
    for case in BROKEN {
        let found: Vec<String> = match SiteConfig::from_toml_str(case.toml, &Catalog) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.errors.iter().map(ToString::to_string).collect(),
        };
        if found != case.errors {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  found:\n    {}",
                case.what,
                case.errors.join("\n    "),
                found.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_example_in_the_configuration_reference_is_a_valid_site() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/CONFIGURATION.md");
    let reference = std::fs::read_to_string(path).unwrap();
    let example = reference
        .split("## Example\n\n```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let config = parse(example);
    assert_eq!(config.devices.len(), 4);
    assert!(config.device("incomer").unwrap().is_internal_meter());
    assert_eq!(
        config.gateway("local").unwrap().name,
        "Main panel converter"
    );
    let rules = config
        .tariffs
        .electricity
        .as_ref()
        .map(|c| c.import.rules.len());
    assert_eq!(rules, Some(2));
    assert_eq!(parse(&config.to_toml_string()), config);
}

#[test]
fn the_complete_contract_in_the_configuration_reference_is_valid_and_round_trips() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/CONFIGURATION.md");
    let reference = std::fs::read_to_string(path).unwrap();
    let contract = reference
        .split("A complete contract")
        .nth(1)
        .and_then(|rest| rest.split("```toml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    // The demand charge's meter: the incomer.
    let config = parse(&format!(
        "[site]\nname = \"Plant\"\ntime_zone = \"Europe/Rome\"\n\n\
         [links.bus]\nkind = \"modbus_rtu\"\nport = \"/dev/ttyUSB0\"\n\n\
         [devices.incomer]\nprofile = \"eastron.sdm630\"\nlink = \"bus\"\nunit_id = 1\n\n{contract}"
    ));
    let electricity = config.tariffs.electricity.as_ref().unwrap();
    assert_eq!(electricity.import.rules.len(), 4);
    assert!(electricity.export.is_some() && config.tariffs.gas.is_some());
    assert_eq!(parse(&config.to_toml_string()), config);
}

#[test]
fn no_input_makes_the_reader_panic() {
    let inputs = [
        "",
        "\u{feff}",
        "[",
        "site = []",
        "[[site]]\nname = \"x\"",
        "[site]\nname = \"\u{1F600}\"\ntime_zone = \"\u{0}\"",
        "[devices.\"\"]\n[links.\"\"]\nkind = 1",
        "[site]\n\u{e9}t\u{e9} = =",
    ];
    for input in inputs {
        let result = SiteConfig::from_toml_str(input, &Catalog);
        assert!(result.is_err(), "{input:?}");
    }
}
