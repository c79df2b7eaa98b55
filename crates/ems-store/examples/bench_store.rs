//! The history-store benchmark of `make bench` (`scripts/bench-store.sh`, docs/BENCHMARKS.md).
//!
//! Fills an ems store with years of 15-minute interval records of N three-phase meters (energy
//! counters, mean / min / max of total and per-phase power, voltage and current) and measures,
//! side by side in the same run, against a naive SQLite layout (one row per value) built with
//! the same SQLite library on the same disk:
//!
//! 1. **bytes on disk per stored value**: the whole database file after a checkpoint, rollups
//!    and indexes included, divided by the values stored ([`IntervalRecord::value_count`]);
//! 2. **query latency** of three consumption questions (ten years by year split by load for the
//!    site, a year by month for one device, a day by hour with yesterday beside it), a cold
//!    first run (the files dropped from the page cache) and warm runs (median, p95);
//! 3. **re-pricing**: [`Maintenance::reprice`] of the last year and of every year with the
//!    site's ten-rule contract (bought and fed-in energy priced by every interval);
//! 4. **ingest rate** of [`HistoryWriter::append`]: whole UTC days of all meters per append
//!    into a fresh store (a backfill), and one interval of all meters per append on an open day
//!    (as `ems run` writes every 15 minutes).
//!
//! The data come from a seeded generator: daily, weekly and seasonal load shapes per load kind,
//! an AR(1) disturbance and white noise on power, a common grid voltage with per-meter and
//! per-phase offsets, currents from power and voltage, and counters integrating power (a few
//! meters are PV inverters that export). The site (loads, groups, panel boards) is built in code
//! and saved with [`HistoryWriter::save_site`].
//!
//! The naive layouts, each as other loggers store history:
//! - `sample (device, point, stat, ts, value REAL)` `WITHOUT ROWID`, primary key
//!   `(device, point, stat, ts)`: the most compact row-per-value table, used for latency;
//! - the same columns in a rowid table with an index on `(device, point, ts)`.
//!
//! For bytes per value both are filled with every value of the first `--naive-days` days (bytes
//! per row do not depend on the scale), in time order, one transaction per day, then copied by
//! `VACUUM INTO` (densely packed, the layout's best case). For latency the naive table holds, at
//! the full scale, exactly the rows the questions read (the active-energy amounts of every
//! meter), inserted in key order: the same pages a complete naive table would read for these
//! questions, packed at their best.
//!
//! Every file lives under `--dir` (default `target/bench/store`) and is deleted at the end
//! unless `--keep`. Prints progress on stderr, a Markdown table on stdout, and writes the
//! figures as JSON to `--json` when given.
//!
//! ```text
//! bench_store [--devices 255] [--years 10] [--naive-days 10] [--live-days 2] [--runs 30]
//!     [--budget-s 30] [--phases bulk,naive,latency,costs,subset,live] [--dir target/bench/store]
//!     [--json out.json] [--seed 1] [--keep]
//! ```

use ems_model::site::{
    Device, Link, MeasureGroup, PanelBoard, SiteConfig, SiteSettings, TcpTransport, Transport,
};
use ems_model::tariff::{
    Commodity, Contract, CostRule, DatedPrice, Price, Tariff, TariffPlan, TimeFrame, Validity,
    Weekdays,
};
use ems_model::{DeviceId, ManualClock, Point};
use ems_store::calendar::{Calendar, Period, PeriodKind};
use ems_store::query::{Histogram, HistogramQuery, HistoryReader, Partials, PartialsQuery};
use ems_store::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::{DATABASE_FILE, SqliteReader, SqliteStore, StoreOptions};
use ems_store::store::ConfigSource;
use ems_store::{HistoryWriter, Maintenance};
use jiff::civil::Date;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OpenFlags, params};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

type BoxError = Box<dyn Error + Send + Sync>;

const TIME_ZONE: &str = "Europe/Paris";
/// The data end at local midnight starting this year; the ten years asked about end before it.
const END_YEAR: i16 = 2026;
const STEP_SECONDS: i64 = 900;
const DAY_SECONDS: i64 = 86_400;
/// Meters per link (unit ids 1..=50).
const PER_LINK: usize = 50;
/// Every meter with `index % PV_EVERY == PV_EVERY - 1` is a PV inverter.
const PV_EVERY: usize = 32;
/// The `stat` column of the naive layout: counter end value, counter amount, mean, min, max.
const STAT_END: i64 = 0;
const STAT_AMOUNT: i64 = 1;
const STAT_MEAN: i64 = 2;
const STAT_MIN: i64 = 3;
const STAT_MAX: i64 = 4;
/// The writer thread's name as `/proc` shows it (15 bytes of "ems-store-writer").
const WRITER_THREAD: &str = "ems-store-write";
/// The disk may be filled up to this share (df's Use%), never beyond.
const MAX_DISK_USE: f64 = 0.5;

// ---------------------------------------------------------------------------------------------
// Options.

struct Options {
    devices: usize,
    years: i16,
    naive_days: i64,
    live_days: i64,
    runs: usize,
    budget: Duration,
    phases: Vec<String>,
    dir: PathBuf,
    json: Option<PathBuf>,
    seed: u64,
    keep: bool,
}

/// The parts of the run, in order.
const PHASES: &[&str] = &["bulk", "naive", "latency", "costs", "subset", "live"];

impl Options {
    fn has(&self, phase: &str) -> bool {
        self.phases.iter().any(|p| p == phase)
    }
}

fn parse_options() -> Result<Options, BoxError> {
    let mut o = Options {
        devices: 255,
        years: 10,
        naive_days: 10,
        live_days: 2,
        runs: 30,
        budget: Duration::from_secs(30),
        phases: PHASES.iter().map(|p| (*p).to_owned()).collect(),
        dir: PathBuf::from("target/bench/store"),
        json: None,
        seed: 1,
        keep: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--keep" {
            o.keep = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--devices" => o.devices = value.parse()?,
            "--years" => o.years = value.parse()?,
            "--naive-days" => o.naive_days = value.parse()?,
            "--live-days" => o.live_days = value.parse()?,
            "--runs" => o.runs = value.parse()?,
            "--budget-s" => o.budget = Duration::from_secs_f64(value.parse()?),
            "--phases" => o.phases = value.split(',').map(str::to_owned).collect(),
            "--dir" => o.dir = PathBuf::from(value),
            "--json" => o.json = Some(PathBuf::from(value)),
            "--seed" => o.seed = value.parse()?,
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    if o.devices == 0 || o.devices > 5_000 {
        return Err("--devices must be 1 to 5000".into());
    }
    if !(1..=10).contains(&o.years) {
        return Err("--years must be 1 to 10".into());
    }
    if let Some(p) = o.phases.iter().find(|p| !PHASES.contains(&p.as_str())) {
        return Err(format!("unknown phase {p}: use {}", PHASES.join(",")).into());
    }
    if o.has("latency") && !o.has("bulk") {
        return Err("the latency phase needs the bulk phase".into());
    }
    if o.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(o)
}

// ---------------------------------------------------------------------------------------------
// A seeded generator of plausible meter data.

/// xoshiro256** seeded by splitmix64.
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    /// Roughly standard normal (Irwin–Hall of four uniforms, rescaled).
    fn normal(&mut self) -> f64 {
        (self.uniform() + self.uniform() + self.uniform() + self.uniform() - 2.0) * 3f64.sqrt()
    }
}

/// The load shape of a meter.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    /// The grid meter: the whole building.
    Building,
    Heating,
    AirConditioning,
    HotWater,
    Lighting,
    Office,
    Ventilation,
    Process,
    ItRoom,
    Kitchen,
    EvCharging,
    /// A PV inverter: exports by day.
    Pv,
}

/// (load id, load name when custom, shape) of consumers, assigned round-robin; `None` is the
/// implicit load "others".
const LOADS: &[(Option<&str>, Option<&str>, Shape)] = &[
    (Some("heating"), None, Shape::Heating),
    (Some("air_conditioning"), None, Shape::AirConditioning),
    (Some("hot_water"), None, Shape::HotWater),
    (Some("lighting"), None, Shape::Lighting),
    (Some("sockets"), None, Shape::Office),
    (Some("ventilation"), None, Shape::Ventilation),
    (Some("process"), Some("Process"), Shape::Process),
    (Some("it_room"), Some("IT room"), Shape::ItRoom),
    (Some("kitchen"), Some("Kitchen"), Shape::Kitchen),
    (Some("ev_charging"), Some("EV charging"), Shape::EvCharging),
    (None, None, Shape::Office),
];

/// What one meter measures, and its running state.
struct Meter {
    id: DeviceId,
    shape: Shape,
    /// Typical power, W.
    base: f64,
    /// Per-phase share deviation (fixed imbalance).
    imbalance: [f64; 3],
    /// Voltage offset of the meter's feeder and of each phase, V.
    voltage_offset: [f64; 3],
    rng: Rng,
    /// AR(1) disturbance, standard deviation 1.
    ar: f64,
    import_wh: f64,
    export_wh: f64,
    import_end: i64,
    export_end: i64,
}

/// A meter of the site: its device id, load (`None` = others), and whether it counts in
/// totals.
struct MeterSpec {
    id: DeviceId,
    load: Option<&'static str>,
    in_totals: bool,
}

/// The local time of one interval, shared by every meter.
struct Moment {
    start: Timestamp,
    /// Hours since local midnight (fractional).
    hour: f64,
    weekend: bool,
    /// 1 in mid-January, 0 in mid-July.
    winter: f64,
    /// The grid's voltage, V.
    grid_voltage: f64,
}

/// The points recorded, in canonical order.
struct Points {
    import: Point,
    export: Point,
    voltage: [Point; 3],
    current: [Point; 3],
    power: Point,
    power_phase: [Point; 3],
}

impl Points {
    fn new() -> Result<Points, BoxError> {
        let p = |name: &str| Point::from_name(name).ok_or_else(|| format!("no point {name}"));
        Ok(Points {
            import: p("energy_active_import")?,
            export: p("energy_active_export")?,
            voltage: [p("voltage_l1")?, p("voltage_l2")?, p("voltage_l3")?],
            current: [p("current_l1")?, p("current_l2")?, p("current_l3")?],
            power: p("active_power")?,
            power_phase: [
                p("active_power_l1")?,
                p("active_power_l2")?,
                p("active_power_l3")?,
            ],
        })
    }
}

/// A smooth on/off window between two local hours (one-hour ramps).
fn window(hour: f64, on: f64, off: f64) -> f64 {
    let rise = ((hour - on) * 2.0).clamp(-6.0, 6.0);
    let fall = ((off - hour) * 2.0).clamp(-6.0, 6.0);
    1.0 / ((1.0 + (-rise).exp()) * (1.0 + (-fall).exp()))
}

/// A bell around a local hour.
fn bump(hour: f64, at: f64, width: f64) -> f64 {
    let x = (hour - at) / width;
    (-0.5 * x * x).exp()
}

impl Shape {
    /// The share of the meter's typical power drawn now (PV: the share of its peak produced).
    fn factor(self, m: &Moment) -> f64 {
        let h = m.hour;
        let summer = 1.0 - m.winter;
        let workday = if m.weekend { 0.0 } else { 1.0 };
        let week = |weekend_share: f64| workday + (1.0 - workday) * weekend_share;
        match self {
            Shape::Building => {
                (0.3 + 0.7 * window(h, 7.0, 19.0) * week(0.2)) * (0.75 + 0.25 * m.winter)
            }
            Shape::Heating => (0.1 + 0.9 * m.winter) * (0.35 + 0.65 * window(h, 5.0, 21.0)),
            Shape::AirConditioning => {
                (0.03 + 0.97 * summer * summer) * (0.15 + 0.85 * window(h, 9.0, 19.0) * week(0.4))
            }
            Shape::HotWater => 0.15 + 0.55 * bump(h, 7.0, 1.2) + 0.45 * bump(h, 19.5, 1.8),
            Shape::Lighting => {
                (0.08 + 0.92 * window(h, 7.0, 19.5) * week(0.15)) * (0.7 + 0.3 * m.winter)
            }
            Shape::Office => 0.25 + 0.75 * window(h, 8.0, 18.5) * week(0.1),
            Shape::Ventilation => 0.3 + 0.7 * window(h, 6.0, 20.0) * week(0.3),
            Shape::Process => 0.12 + 0.88 * window(h, 6.0, 22.0) * week(0.05),
            Shape::ItRoom => 0.85 + 0.08 * summer,
            Shape::Kitchen => {
                0.1 + 0.9 * (bump(h, 12.0, 1.3) + 0.4 * bump(h, 9.0, 1.0)) * week(0.2)
            }
            Shape::EvCharging => {
                0.03 + 0.8 * bump(h, 9.0, 1.5) * week(0.2) + 0.5 * bump(h, 19.0, 2.0)
            }
            Shape::Pv => {
                // Day length 8 h in winter to 16 h in summer, solar noon at 13:30 local.
                let day = 8.0 + 8.0 * summer;
                let x = (h - (13.5 - day / 2.0)) / day;
                if (0.0..=1.0).contains(&x) {
                    (std::f64::consts::PI * x).sin() * (0.35 + 0.65 * summer)
                } else {
                    0.0
                }
            }
        }
    }
}

impl Meter {
    /// The record of one interval; advances the meter's state.
    fn record(&mut self, m: &Moment, points: &Points) -> IntervalRecord {
        let rng = &mut self.rng;
        self.ar = 0.9 * self.ar + 0.436 * rng.normal();
        let factor = self.shape.factor(m);
        let power = if self.shape == Shape::Pv {
            let cloud = (0.8 + 0.3 * self.ar).clamp(0.1, 1.0);
            let produced = self.base * factor * cloud * (1.0 + 0.03 * rng.normal());
            // Stand-by consumption at night.
            if produced > 20.0 {
                -produced
            } else {
                15.0 + 2.0 * rng.normal()
            }
        } else {
            let p = self.base * factor * (1.0 + 0.08 * self.ar) + 0.03 * self.base * rng.normal();
            p.max(0.02 * self.base)
        };
        // Spread of the readings within the interval.
        let spread = |rng: &mut Rng, p: f64| {
            let low = rng.between(0.05, 0.35);
            let high = rng.between(0.05, 0.5);
            (p - p.abs() * low, p + p.abs() * high)
        };
        let mut shares = [0.0; 3];
        for (k, share) in shares.iter_mut().enumerate() {
            *share = (1.0 + self.imbalance[k] + 0.02 * rng.normal()).max(0.1);
        }
        let total: f64 = shares.iter().sum();
        let drop = 1.5 * power / self.base;
        let mut stats = Vec::with_capacity(10);
        let mut voltages = [0.0; 3];
        for (k, voltage) in voltages.iter_mut().enumerate() {
            let v = m.grid_voltage + self.voltage_offset[k] - drop + 0.15 * rng.normal();
            *voltage = v;
            stats.push(StatInterval {
                point: points.voltage[k],
                mean: v,
                min: v - rng.between(0.3, 2.5),
                max: v + rng.between(0.3, 2.5),
            });
        }
        let mut phase_stats = [(0.0, 0.0, 0.0); 3];
        for (stat, share) in phase_stats.iter_mut().zip(shares) {
            let p = power * share / total;
            let (min, max) = spread(rng, p);
            *stat = (p, min, max);
        }
        for (k, &(p, min, max)) in phase_stats.iter().enumerate() {
            // Apparent current at a power factor of 0.95.
            let amps = |w: f64| w.abs() / (0.95 * voltages[k]);
            let (a, b) = (amps(min), amps(max));
            stats.push(StatInterval {
                point: points.current[k],
                mean: amps(p),
                min: a.min(b),
                max: a.max(b),
            });
        }
        let (min, max) = spread(rng, power);
        stats.push(StatInterval {
            point: points.power,
            mean: power,
            min,
            max,
        });
        for (&(p, min, max), point) in phase_stats.iter().zip(points.power_phase) {
            stats.push(StatInterval {
                point,
                mean: p,
                min,
                max,
            });
        }
        let hours = STEP_SECONDS as f64 / 3600.0;
        self.import_wh += power.max(0.0) * hours;
        self.export_wh += (-power).max(0.0) * hours;
        let import_end = self.import_wh.floor() as i64;
        let export_end = self.export_wh.floor() as i64;
        let mut counters = vec![CounterInterval {
            point: points.import,
            end_value: import_end,
            delta: import_end - self.import_end,
            flags: CounterFlags::default(),
        }];
        if self.shape == Shape::Pv {
            counters.push(CounterInterval {
                point: points.export,
                end_value: export_end,
                delta: export_end - self.export_end,
                flags: CounterFlags::default(),
            });
        }
        self.import_end = import_end;
        self.export_end = export_end;
        IntervalRecord {
            device: self.id.clone(),
            start: m.start,
            minutes: 15,
            counters,
            stats,
        }
    }
}

/// The site of the benchmark and its meters: meter 0 is the grid meter (excluded from totals),
/// every 32nd a PV inverter (load "pv"), the others spread over the predefined loads, four
/// custom ones and "others"; four tenant groups and one campaign group; a panel board per 21
/// meters; links of 50 meters.
fn build_site(
    devices: usize,
    seed: u64,
) -> Result<(SiteConfig, Vec<MeterSpec>, Vec<Meter>), BoxError> {
    let mut site = SiteConfig::new(SiteSettings::new("Benchmark site", TIME_ZONE));
    for (id, name, _) in LOADS {
        if let (Some(id), Some(name)) = (id, name) {
            site.loads
                .insert((*id).to_owned(), ems_model::site::Load::new(*name));
        }
    }
    site.loads
        .insert("pv".to_owned(), ems_model::site::Load::new("PV"));
    for t in ["a", "b", "c", "d"] {
        site.groups.insert(
            format!("tenant_{t}"),
            MeasureGroup::new(format!("Tenant {}", t.to_uppercase())),
        );
    }
    site.groups.insert(
        "campaign".to_owned(),
        MeasureGroup::new("Metering campaign"),
    );
    let boards = devices.div_ceil(21);
    for b in 0..boards {
        site.panel_boards.insert(
            format!("pb{:02}", b + 1),
            PanelBoard::new(format!("Board {}", b + 1)),
        );
    }
    for l in 0..devices.div_ceil(PER_LINK) {
        site.links.insert(
            format!("bus{}", l + 1),
            Link::new(Transport::ModbusTcp(TcpTransport::new(format!(
                "10.0.1.{}",
                l + 10
            )))),
        );
    }
    let mut specs = Vec::with_capacity(devices);
    let mut meters = Vec::with_capacity(devices);
    let mut seeder = Rng::new(seed);
    for i in 0..devices {
        let id = DeviceId::new(&format!("meter_{:03}", i + 1))?;
        let (load, shape, in_totals) = if i == 0 {
            (Some("heating"), Shape::Building, false)
        } else if i % PV_EVERY == PV_EVERY - 1 {
            (Some("pv"), Shape::Pv, true)
        } else {
            let (load, _, shape) = LOADS[i % LOADS.len()];
            (load, shape, true)
        };
        let unit = u8::try_from(i % PER_LINK + 1)?;
        let mut device = Device::new(
            format!("Meter {:03}", i + 1),
            "eastron.sdm630",
            format!("bus{}", i / PER_LINK + 1),
            unit,
        );
        device.load = load.map(str::to_owned);
        device.exclude_from_totals = !in_totals;
        if i % 5 != 0 {
            device
                .groups
                .push(format!("tenant_{}", ["a", "b", "c", "d"][i % 4]));
        }
        if i % 7 == 0 {
            device.groups.push("campaign".to_owned());
        }
        device.panel_board = Some(format!("pb{:02}", i / 21 + 1));
        site.devices.insert(id.clone(), device);
        let base = if i == 0 {
            100_000.0
        } else {
            3_000.0 * (100.0f64 / 3.0).powf(seeder.uniform())
        };
        let feeder = seeder.between(-1.5, 1.5);
        meters.push(Meter {
            id: id.clone(),
            shape,
            base,
            imbalance: [
                seeder.between(-0.1, 0.1),
                seeder.between(-0.1, 0.1),
                seeder.between(-0.1, 0.1),
            ],
            voltage_offset: [
                feeder + seeder.between(-0.5, 0.5),
                feeder + seeder.between(-0.5, 0.5),
                feeder + seeder.between(-0.5, 0.5),
            ],
            rng: Rng::new(seed ^ ((i as u64 + 1) << 32)),
            ar: 0.0,
            import_wh: seeder.between(1e6, 5e8),
            export_wh: seeder.between(1e5, 1e8),
            import_end: 0,
            export_end: 0,
        });
        specs.push(MeterSpec {
            id,
            load,
            in_totals,
        });
    }
    for m in &mut meters {
        m.import_end = m.import_wh.floor() as i64;
        m.export_end = m.export_wh.floor() as i64;
    }
    site.tariffs.electricity = Some(contract()?);
    Ok((site, specs, meters))
}

/// A contract of ten rules as Italian sites have them: six holidays every year off-peak, F1 on
/// weekdays by day, F2 weekday shoulders and Saturdays, F3 otherwise; a price change on every
/// 1 January of the ten years, and a feed-in price.
fn contract() -> Result<Contract, BoxError> {
    let tariff = |id: &str, base: f64| -> Result<Tariff, BoxError> {
        let mut prices = vec![DatedPrice {
            from: None,
            price: Price::parse(&format!("{base:.4}"))?,
        }];
        for year in END_YEAR - 10..END_YEAR {
            let step = f64::from(year - (END_YEAR - 10)) * 0.004;
            prices.push(DatedPrice {
                from: Some(Date::new(year, 1, 1)?),
                price: Price::parse(&format!("{:.4}", base + step))?,
            });
        }
        Ok(Tariff {
            id: id.to_owned(),
            name: id.to_uppercase(),
            colour: "#0072b2".to_owned(),
            prices,
        })
    };
    let days = |names: &[Weekday]| names.iter().copied().collect::<Weekdays>();
    let frame = |start: &str, end: &str| -> Result<Option<TimeFrame>, BoxError> {
        Ok(Some(TimeFrame {
            start: start.parse()?,
            end: end.parse()?,
        }))
    };
    let rule = |tariff: &str, time_frame, weekdays| CostRule {
        tariff: tariff.to_owned(),
        valid: None,
        repeat_every_year: false,
        time_frame,
        weekdays,
    };
    let mut rules = Vec::new();
    for (from, to) in [
        ((1, 1), (1, 1)),
        ((4, 25), (4, 25)),
        ((5, 1), (5, 1)),
        ((8, 15), (8, 15)),
        ((11, 1), (11, 1)),
        ((12, 25), (12, 26)),
    ] {
        rules.push(CostRule {
            valid: Some(Validity {
                from: Date::new(2020, from.0, from.1)?,
                to: Some(Date::new(2020, to.0, to.1)?),
            }),
            repeat_every_year: true,
            ..rule("f3", None, Weekdays::ALL)
        });
    }
    rules.push(rule(
        "f1",
        frame("08:00", "18:59")?,
        Weekdays::MONDAY_TO_FRIDAY,
    ));
    rules.push(rule(
        "f2",
        frame("07:00", "22:59")?,
        Weekdays::MONDAY_TO_FRIDAY,
    ));
    rules.push(rule(
        "f2",
        frame("07:00", "22:59")?,
        days(&[Weekday::Saturday]),
    ));
    rules.push(rule("f3", None, Weekdays::ALL));
    let feed_in = tariff("feed_in", 0.085)?;
    Ok(Contract {
        commodity: Commodity::Electricity,
        import: TariffPlan {
            tariffs: vec![
                tariff("f1", 0.248)?,
                tariff("f2", 0.219)?,
                tariff("f3", 0.187)?,
            ],
            rules,
        },
        dynamic: None,
        export: Some(TariffPlan {
            tariffs: vec![feed_in],
            rules: vec![rule("feed_in", None, Weekdays::ALL)],
        }),
        standing_charge: None,
        demand_charge: None,
    })
}

/// Produces the records of every meter, interval by interval, in chunks that end at UTC
/// midnight (or after `chunk_intervals` intervals).
struct Generator {
    meters: Vec<Meter>,
    points: Points,
    tz: TimeZone,
    site_rng: Rng,
    grid_ar: f64,
    next: i64,
    end: i64,
}

impl Generator {
    fn new(
        meters: Vec<Meter>,
        tz: TimeZone,
        seed: u64,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Generator, BoxError> {
        Ok(Generator {
            meters,
            points: Points::new()?,
            tz,
            site_rng: Rng::new(seed.wrapping_mul(31).wrapping_add(7)),
            grid_ar: 0.0,
            next: start.as_second(),
            end: end.as_second(),
        })
    }

    fn moment(&mut self, t: i64) -> Result<Moment, BoxError> {
        let start = Timestamp::from_second(t)?;
        let local = start.to_zoned(self.tz.clone());
        let hour = f64::from(local.hour()) + f64::from(local.minute()) / 60.0;
        let weekday = local.weekday().to_monday_one_offset();
        let day_of_year = f64::from(local.day_of_year());
        let winter =
            0.5 * (1.0 + (2.0 * std::f64::consts::PI * (day_of_year - 15.0) / 365.25).cos());
        self.grid_ar = 0.95 * self.grid_ar + 0.31 * self.site_rng.normal();
        let grid_voltage =
            231.0 + 2.0 * (std::f64::consts::PI * (hour - 4.0) / 12.0).cos() + 0.8 * self.grid_ar;
        Ok(Moment {
            start,
            hour,
            weekend: weekday >= 6,
            winter,
            grid_voltage,
        })
    }

    /// The records of the next interval of every meter, or `None` at the end.
    fn interval(&mut self) -> Result<Option<Vec<IntervalRecord>>, BoxError> {
        let mut out = Vec::with_capacity(self.meters.len());
        if !self.interval_into(&mut out)? {
            return Ok(None);
        }
        Ok(Some(out))
    }

    fn interval_into(&mut self, out: &mut Vec<IntervalRecord>) -> Result<bool, BoxError> {
        if self.next >= self.end {
            return Ok(false);
        }
        let moment = self.moment(self.next)?;
        for meter in &mut self.meters {
            out.push(meter.record(&moment, &self.points));
        }
        self.next += STEP_SECONDS;
        Ok(true)
    }

    /// The records up to the next UTC midnight, or `None` at the end.
    fn day(&mut self) -> Result<Option<Vec<IntervalRecord>>, BoxError> {
        if self.next >= self.end {
            return Ok(None);
        }
        let until = ((self.next.div_euclid(DAY_SECONDS) + 1) * DAY_SECONDS).min(self.end);
        let intervals = ((until - self.next) / STEP_SECONDS) as usize;
        let mut out = Vec::with_capacity(intervals * self.meters.len());
        while self.next < until {
            self.interval_into(&mut out)?;
        }
        Ok(Some(out))
    }
}

/// Runs `generator` on a thread of its own, two days ahead, and hands every day to `consume`.
fn for_each_day(
    mut generator: Generator,
    mut consume: impl FnMut(Vec<IntervalRecord>) -> Result<(), BoxError>,
) -> Result<(), BoxError> {
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<IntervalRecord>>(2);
        let producer = scope.spawn(move || -> Result<(), BoxError> {
            while let Some(day) = generator.day()? {
                if tx.send(day).is_err() {
                    break;
                }
            }
            Ok(())
        });
        let mut consumed = Ok(());
        for item in rx.iter() {
            consumed = consume(item);
            if consumed.is_err() {
                break;
            }
        }
        drop(rx);
        let produced = producer
            .join()
            .map_err(|_| BoxError::from("the generator thread panicked"))?;
        consumed.and(produced)
    })
}

// ---------------------------------------------------------------------------------------------
// Measuring helpers.

/// CPU time (ns) of the threads of this process whose name starts with `prefix`.
fn thread_cpu_ns(prefix: &str) -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    let mut total = 0;
    for task in tasks.flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if !comm.trim_end().starts_with(prefix) {
            continue;
        }
        let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
        total += stat
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
    }
    total
}

/// CPU ticks of the whole machine (busy, total) and of this process, to tell how much of the
/// machine other processes used while a phase ran.
#[derive(Clone, Copy)]
struct CpuTicks {
    busy: u64,
    total: u64,
    own: u64,
}

impl CpuTicks {
    fn now() -> CpuTicks {
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let fields: Vec<u64> = stat
            .lines()
            .next()
            .unwrap_or("")
            .split_whitespace()
            .skip(1)
            .filter_map(|v| v.parse().ok())
            .collect();
        let get = |i: usize| fields.get(i).copied().unwrap_or(0);
        // user nice system idle iowait irq softirq steal
        let busy = get(0) + get(1) + get(2) + get(5) + get(6) + get(7);
        let total = busy + get(3) + get(4);
        let own_stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // Fields after the command name (which may hold spaces): state is field 3.
        let after = own_stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let f: Vec<u64> = after
            .split_whitespace()
            .skip(1)
            .map(|v| v.parse().unwrap_or(0))
            .collect();
        // utime and stime are fields 14 and 15 of the whole line.
        let own = f.get(10).copied().unwrap_or(0) + f.get(11).copied().unwrap_or(0);
        CpuTicks { busy, total, own }
    }

    /// The average number of cores other processes kept busy since `self`.
    fn others_cores(self, cores: f64) -> f64 {
        let now = CpuTicks::now();
        let total = now.total.saturating_sub(self.total) as f64;
        if total == 0.0 {
            return 0.0;
        }
        let others =
            now.busy.saturating_sub(self.busy) as f64 - now.own.saturating_sub(self.own) as f64;
        (others / total * cores).max(0.0)
    }
}

/// The load other processes put on the machine, phase by phase.
struct PhaseLoad {
    current: Option<(&'static str, CpuTicks)>,
    cores: serde_json::Map<String, Value>,
}

impl PhaseLoad {
    fn new() -> PhaseLoad {
        PhaseLoad {
            current: None,
            cores: serde_json::Map::new(),
        }
    }

    /// Ends the phase under way, if any, and starts `name`.
    fn start(&mut self, name: &'static str) {
        self.finish();
        self.current = Some((name, CpuTicks::now()));
    }

    fn finish(&mut self) {
        if let Some((name, ticks)) = self.current.take() {
            self.cores
                .insert(name.to_owned(), json!(ticks.others_cores(cores())));
        }
    }
}

fn cores() -> f64 {
    std::thread::available_parallelism().map_or(1.0, |n| n.get() as f64)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// The database file, its write-ahead log and its shared memory.
fn db_files(db: &Path) -> [PathBuf; 3] {
    let name = db.as_os_str().to_owned();
    let with = |suffix: &str| {
        let mut s = name.clone();
        s.push(suffix);
        PathBuf::from(s)
    };
    [db.to_owned(), with("-wal"), with("-shm")]
}

/// Writes back and drops a database's files from the page cache (the next read comes from
/// the disk).
fn drop_from_page_cache(db: &Path) -> Result<(), BoxError> {
    for path in db_files(db) {
        if let Ok(file) = std::fs::File::open(&path) {
            file.sync_all()?;
            rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed)?;
        }
    }
    Ok(())
}

fn remove_db(db: &Path) {
    for path in db_files(db) {
        let _ = std::fs::remove_file(path);
    }
}

/// The median, 95th percentile (nearest rank) and count of durations, in milliseconds.
fn summary(samples: &[Duration]) -> (f64, f64, usize) {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    if ms.is_empty() {
        return (f64::NAN, f64::NAN, 0);
    }
    let rank = |q: f64| ms[((q * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
    let median = if ms.len() % 2 == 1 {
        ms[ms.len() / 2]
    } else {
        (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
    };
    (median, rank(0.95), ms.len())
}

fn progress(started: Instant, message: impl AsRef<str>) {
    eprintln!(
        "bench_store [{:7.1} s] {}",
        started.elapsed().as_secs_f64(),
        message.as_ref()
    );
}

/// Free, used and total bytes of the file system holding `dir` (as df counts them).
fn disk(dir: &Path) -> Result<(u64, u64), BoxError> {
    let s = rustix::fs::statvfs(dir)?;
    let avail = s.f_bavail * s.f_frsize;
    let used = (s.f_blocks - s.f_bfree) * s.f_frsize;
    Ok((avail, used))
}

// ---------------------------------------------------------------------------------------------
// The ems store.

/// What an ingest measured.
#[derive(Default)]
struct Ingest {
    values: u64,
    records: u64,
    appends: u64,
    /// Time spent inside `append`.
    in_append: Duration,
    wall: Duration,
    writer_cpu_ns: u64,
    append_times: Vec<Duration>,
}

impl Ingest {
    fn rate(&self) -> f64 {
        self.values as f64 / self.in_append.as_secs_f64()
    }

    fn json(&self) -> Value {
        let (median, p95, _) = summary(&self.append_times);
        let max = self
            .append_times
            .iter()
            .max()
            .map_or(0.0, |d| d.as_secs_f64() * 1e3);
        json!({
            "values": self.values,
            "records": self.records,
            "appends": self.appends,
            "append_seconds": self.in_append.as_secs_f64(),
            "wall_seconds": self.wall.as_secs_f64(),
            "values_per_second": self.rate(),
            "writer_cpu_share": self.writer_cpu_ns as f64 / 1e9 / self.in_append.as_secs_f64(),
            "append_ms_median": median,
            "append_ms_p95": p95,
            "append_ms_max": max,
        })
    }

    /// Median append time of the appends whose interval starts in the first and in the last
    /// hour of a UTC day (live ingest: one append per interval from midnight).
    fn hour_split(&self) -> (f64, f64) {
        let pick = |first: bool| {
            let times: Vec<Duration> = self
                .append_times
                .iter()
                .enumerate()
                .filter(|(k, _)| if first { k % 96 < 4 } else { k % 96 >= 92 })
                .map(|(_, d)| *d)
                .collect();
            summary(&times).0
        };
        (pick(true), pick(false))
    }
}

fn open_store(
    dir: &Path,
    now: Timestamp,
    site: &SiteConfig,
) -> Result<(SqliteStore, Arc<ManualClock>), BoxError> {
    let _ = std::fs::remove_dir_all(dir);
    let clock = Arc::new(ManualClock::new(now));
    let store = SqliteStore::open(dir, StoreOptions::default(), clock.clone())?;
    store.save_site(site, ConfigSource::Seed)?;
    Ok((store, clock))
}

/// Appends whole UTC days of every meter, one day per `append`, into a fresh store whose clock
/// stands after the data (every day is finished: stored as day blocks at once).
fn ingest_bulk(
    store: &SqliteStore,
    generator: Generator,
    started: Instant,
    label: &str,
) -> Result<Ingest, BoxError> {
    let mut ingest = Ingest::default();
    let wall = Instant::now();
    let cpu_before = thread_cpu_ns(WRITER_THREAD);
    let mut last_report = Instant::now();
    for_each_day(generator, |day: Vec<IntervalRecord>| {
        let values: usize = day.iter().map(IntervalRecord::value_count).sum();
        let first = day.first().map(|r| r.start);
        ingest.values += values as u64;
        ingest.records += day.len() as u64;
        ingest.appends += 1;
        let t = Instant::now();
        store.append(day)?;
        let took = t.elapsed();
        ingest.in_append += took;
        ingest.append_times.push(took);
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            progress(
                started,
                format!(
                    "{label}: at {}, {:.0} M values, {:.2} M values/s",
                    first.map(|t| t.to_string()).unwrap_or_default(),
                    ingest.values as f64 / 1e6,
                    ingest.rate() / 1e6
                ),
            );
        }
        Ok(())
    })?;
    store.flush()?;
    ingest.wall = wall.elapsed();
    ingest.writer_cpu_ns = thread_cpu_ns(WRITER_THREAD).saturating_sub(cpu_before);
    Ok(ingest)
}

/// Appends one interval of every meter per `append`, the clock just past the interval's end,
/// from UTC midnight for `days` days (the writer compacts each finished day as `ems run` does).
fn ingest_live(
    dir: &Path,
    site: &SiteConfig,
    meters: Vec<Meter>,
    tz: TimeZone,
    seed: u64,
    days: i64,
) -> Result<Ingest, BoxError> {
    let start: Timestamp = "2026-01-05T00:00:00Z".parse()?;
    let end = start + SignedDuration::from_hours(24 * days);
    let (store, clock) = open_store(dir, start, site)?;
    let mut generator = Generator::new(meters, tz, seed, start, end)?;
    let mut ingest = Ingest::default();
    let wall = Instant::now();
    let cpu_before = thread_cpu_ns(WRITER_THREAD);
    while let Some(records) = generator.interval()? {
        let interval_end = records
            .first()
            .map(|r| r.end())
            .ok_or("an interval without records")?;
        clock.set(interval_end + SignedDuration::from_secs(5));
        ingest.values += records
            .iter()
            .map(IntervalRecord::value_count)
            .sum::<usize>() as u64;
        ingest.records += records.len() as u64;
        ingest.appends += 1;
        let t = Instant::now();
        store.append(records)?;
        let took = t.elapsed();
        ingest.in_append += took;
        ingest.append_times.push(took);
    }
    ingest.wall = wall.elapsed();
    ingest.writer_cpu_ns = thread_cpu_ns(WRITER_THREAD).saturating_sub(cpu_before);
    // The compaction of the last day, so that it is not left to the writer's exit.
    clock.set(end + SignedDuration::from_hours(2));
    store.optimize()?;
    store.close()?;
    Ok(ingest)
}

/// Sizes of a checkpointed database: the file, and what its tables hold.
struct Footprint {
    file_bytes: u64,
    page_size: u64,
    pages: u64,
    free_pages: u64,
    detail: Value,
}

fn ems_footprint(dir: &Path) -> Result<Footprint, BoxError> {
    let db = dir.join(DATABASE_FILE);
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let pragma = |name: &str| -> Result<u64, BoxError> {
        Ok(conn.pragma_query_value(None, name, |r| r.get::<_, i64>(0))? as u64)
    };
    let (blocks, block_bytes, compacted): (i64, i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(length(data)), 0), coalesce(sum(compacted), 0) FROM block",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (rollups, rollup_bytes): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(length(slots)), 0) FROM rollup",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (cost_rollups, cost_rollup_bytes): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(length(data)), 0) FROM cost_rollup",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut per_level = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT level, count(*), sum(length(slots)) FROM rollup GROUP BY level ORDER BY level",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (level, rows, bytes) = row?;
        per_level.push(json!({"level": level, "rows": rows, "bytes": bytes}));
    }
    Ok(Footprint {
        file_bytes: file_size(&db),
        page_size: pragma("page_size")?,
        pages: pragma("page_count")?,
        free_pages: pragma("freelist_count")?,
        detail: json!({
            "blocks": blocks,
            "compacted_blocks": compacted,
            "block_blob_bytes": block_bytes,
            "rollup_rows": rollups,
            "rollup_blob_bytes": rollup_bytes,
            "rollup_levels": per_level,
            "cost_rollup_rows": cost_rollups,
            "cost_rollup_blob_bytes": cost_rollup_bytes,
            "wal_bytes": file_size(&db_files(&db)[1]),
        }),
    })
}

impl Footprint {
    fn json(&self, values: u64) -> Value {
        json!({
            "file_bytes": self.file_bytes,
            "bytes_per_value": self.file_bytes as f64 / values as f64,
            "page_size": self.page_size,
            "pages": self.pages,
            "free_pages": self.free_pages,
            "detail": self.detail,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The naive layouts.

/// The naive layout's point numbers: the index in the canonical table.
fn point_number(point: Point) -> i64 {
    Point::all().position(|p| p == point).unwrap_or(usize::MAX) as i64
}

fn open_naive(path: &Path) -> Result<Connection, BoxError> {
    remove_db(path);
    let conn = Connection::open(path)?;
    // The settings of the ems store (connection.rs): WAL, full synchronisation.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(format!("journal mode {mode}").into());
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

const NAIVE_WITHOUT_ROWID: &str = "CREATE TABLE sample (
    device INTEGER NOT NULL, point INTEGER NOT NULL, stat INTEGER NOT NULL,
    ts INTEGER NOT NULL, value REAL NOT NULL,
    PRIMARY KEY (device, point, stat, ts)) WITHOUT ROWID";

const NAIVE_ROWID: &str = "CREATE TABLE sample (
    device INTEGER NOT NULL, point INTEGER NOT NULL, stat INTEGER NOT NULL,
    ts INTEGER NOT NULL, value REAL NOT NULL);
    CREATE INDEX sample_key ON sample (device, point, ts)";

const NAIVE_DEVICES: &str = "CREATE TABLE device (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, load TEXT NOT NULL,
    in_totals INTEGER NOT NULL)";

fn insert_devices(conn: &Connection, specs: &[MeterSpec]) -> Result<(), BoxError> {
    conn.execute_batch(NAIVE_DEVICES)?;
    let mut stmt = conn.prepare("INSERT INTO device VALUES (?1, ?2, ?3, ?4)")?;
    for (i, s) in specs.iter().enumerate() {
        stmt.execute(params![
            i as i64 + 1,
            s.id.as_str(),
            s.load.unwrap_or("others"),
            s.in_totals
        ])?;
    }
    Ok(())
}

/// Inserts every value of a chunk of records, in the chunk's order (time, then meter).
fn insert_naive_values(
    conn: &mut Connection,
    numbers: &HashMap<DeviceId, i64>,
    records: &[IntervalRecord],
) -> Result<(), BoxError> {
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare_cached("INSERT INTO sample VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for r in records {
            let device = numbers.get(&r.device).copied().ok_or("unknown meter")?;
            let ts = r.start.as_second();
            for c in &r.counters {
                let p = point_number(c.point);
                stmt.execute(params![device, p, STAT_END, ts, c.end_value as f64])?;
                stmt.execute(params![device, p, STAT_AMOUNT, ts, c.delta as f64])?;
            }
            for s in &r.stats {
                let p = point_number(s.point);
                stmt.execute(params![device, p, STAT_MEAN, ts, s.mean])?;
                stmt.execute(params![device, p, STAT_MIN, ts, s.min])?;
                stmt.execute(params![device, p, STAT_MAX, ts, s.max])?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

fn checkpoint(conn: &Connection) -> Result<(), BoxError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The questions.

/// One consumption question, asked of both stores.
struct Question {
    name: &'static str,
    /// The ems query.
    ems: EmsQuestion,
    /// The naive SQL and its parameters.
    sql: String,
    params: Vec<i64>,
}

enum EmsQuestion {
    Partials(PartialsQuery),
    Histogram(HistogramQuery),
}

/// An answer reduced to what both stores must agree on: (part, bucket) → (amount, intervals).
type Answer = BTreeMap<(String, usize), i64>;

impl EmsQuestion {
    fn ask(&self, reader: &SqliteReader) -> Result<Answer, BoxError> {
        let mut answer = Answer::new();
        let mut add = |part: &str, offset: usize, series: &ems_store::query::Series| {
            for (i, b) in series.buckets.iter().enumerate() {
                if let Some(amount) = b.amount {
                    answer.insert((part.to_owned(), offset + i), amount);
                }
            }
        };
        match self {
            EmsQuestion::Partials(q) => {
                let Partials { parts, .. } = reader.partials(q)?;
                for part in &parts {
                    let n = part.previous.buckets.len();
                    add(&part.scope.key, 0, &part.previous);
                    add(&part.scope.key, n, &part.current);
                }
            }
            EmsQuestion::Histogram(q) => {
                let Histogram {
                    current, previous, ..
                } = reader.histogram(q)?;
                let n = previous.buckets.len();
                add("", 0, &previous);
                add("", n, &current);
            }
        }
        Ok(answer)
    }
}

/// The buckets of a period and of the one before it (previous first), as a `VALUES` list of
/// `(i, lo, hi)` in UTC seconds.
fn bucket_values(calendar: &Calendar, period: Period) -> String {
    let mut buckets = calendar.buckets(period.previous());
    buckets.extend(calendar.buckets(period));
    let mut sql = String::new();
    for (i, b) in buckets.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        let _ = write!(sql, "({i}, {}, {})", b.start.as_second(), b.end.as_second());
    }
    sql
}

fn questions(
    calendar: &Calendar,
    device: &DeviceId,
    device_number: i64,
) -> Result<Vec<Question>, BoxError> {
    let import = Point::from_name("energy_active_import").ok_or("no energy_active_import")?;
    let p = point_number(import);
    let last = Date::new(END_YEAR - 1, 12, 31)?;
    let decade = Period::containing(PeriodKind::Decade, last);
    let year = Period::containing(PeriodKind::Year, last);
    let day = Period::containing(PeriodKind::Day, last);
    // One indexed range sum per (bucket, meter), summed per part: SQLite's fastest plan for
    // this layout (a join grouped by part pushes every row through a sorter, about five times
    // slower).
    let per_meter = |period: Period, part: &str| {
        format!(
            "WITH b(i, lo, hi) AS (VALUES {})
             SELECT part, i, sum(amount) FROM (
                 SELECT {part} AS part, b.i AS i,
                     (SELECT sum(s.value) FROM sample s
                      WHERE s.device = d.id AND s.point = ?1 AND s.stat = {STAT_AMOUNT}
                        AND s.ts >= b.lo AND s.ts < b.hi) AS amount
                 FROM b CROSS JOIN device d WHERE d.in_totals = 1)
             GROUP BY part, i",
            bucket_values(calendar, period)
        )
    };
    let by_load = |period: Period| per_meter(period, "d.load");
    let site = |period: Period| per_meter(period, "''");
    let one_device = |period: Period| {
        format!(
            "WITH b(i, lo, hi) AS (VALUES {})
             SELECT '', b.i,
                 (SELECT sum(s.value) FROM sample s
                  WHERE s.device = ?2 AND s.point = ?1 AND s.stat = {STAT_AMOUNT}
                    AND s.ts >= b.lo AND s.ts < b.hi)
             FROM b",
            bucket_values(calendar, period)
        )
    };
    let histogram = |scope: Scope, period: Period| {
        EmsQuestion::Histogram(HistogramQuery {
            scope,
            point: import,
            period,
        })
    };
    let device_scope = Scope::new(ScopeKind::Device, device.as_str());
    Ok(vec![
        Question {
            name: "ten years by year, by load, site",
            ems: EmsQuestion::Partials(PartialsQuery {
                kind: ScopeKind::Load,
                point: import,
                period: decade,
            }),
            sql: by_load(decade),
            params: vec![p],
        },
        Question {
            name: "year by month, one device",
            ems: histogram(device_scope.clone(), year),
            sql: one_device(year),
            params: vec![p, device_number],
        },
        Question {
            name: "day by hour + yesterday, one device",
            ems: histogram(device_scope, day),
            sql: one_device(day),
            params: vec![p, device_number],
        },
        Question {
            name: "day by hour + yesterday, site",
            ems: histogram(Scope::site(), day),
            sql: site(day),
            params: vec![p],
        },
    ])
}

fn ask_naive(conn: &Connection, q: &Question) -> Result<Answer, BoxError> {
    let mut stmt = conn.prepare_cached(&q.sql)?;
    let params = rusqlite::params_from_iter(q.params.iter());
    let mut answer = Answer::new();
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        let part: String = row.get(0)?;
        let i: i64 = row.get(1)?;
        // No rows in the bucket: no amount, as ems answers.
        if let Some(sum) = row.get::<_, Option<f64>>(2)? {
            answer.insert((part, i as usize), sum as i64);
        }
    }
    Ok(answer)
}

/// Asks one question of an open store.
type Ask<'a> = Box<dyn FnMut() -> Result<Answer, BoxError> + 'a>;

/// Cold and warm timings of one question on one store.
struct Timing {
    cold: Duration,
    warm: Vec<Duration>,
}

impl Timing {
    fn json(&self) -> Value {
        let (median, p95, runs) = summary(&self.warm);
        json!({
            "cold_ms": self.cold.as_secs_f64() * 1e3,
            "warm_median_ms": median,
            "warm_p95_ms": p95,
            "warm_runs": runs,
        })
    }
}

/// Asks `ask` once cold (on a fresh connection, the files dropped from the page cache), then
/// warm up to `runs` times within `budget` (at least three times).
fn time_question<'a>(
    db: &Path,
    open: &dyn Fn() -> Result<Ask<'a>, BoxError>,
    runs: usize,
    budget: Duration,
) -> Result<(Timing, Answer), BoxError> {
    drop_from_page_cache(db)?;
    let mut ask = open()?;
    let t = Instant::now();
    let answer = ask()?;
    let cold = t.elapsed();
    let mut warm = Vec::new();
    let spent = Instant::now();
    while warm.len() < runs && (warm.len() < 3 || spent.elapsed() < budget) {
        let t = Instant::now();
        let again = ask()?;
        warm.push(t.elapsed());
        if again != answer {
            return Err("a warm run answered differently from the cold one".into());
        }
    }
    Ok((Timing { cold, warm }, answer))
}

// ---------------------------------------------------------------------------------------------
// The run.

fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

fn main() -> Result<(), BoxError> {
    let o = parse_options()?;
    let started = Instant::now();
    std::fs::create_dir_all(&o.dir)?;
    let tz = TimeZone::get(TIME_ZONE)?;
    let calendar = Calendar::new(tz.clone());
    let start = calendar.midnight(Date::new(END_YEAR - o.years, 1, 1)?);
    let end = calendar.midnight(Date::new(END_YEAR, 1, 1)?);
    let intervals = (end.as_second() - start.as_second()) / STEP_SECONDS;
    let values_estimate = intervals as f64 * o.devices as f64 * 32.1;
    let energy_rows = intervals as f64 * o.devices as f64;
    let subset_values = (o.naive_days * 96) as f64 * o.devices as f64 * 32.1;
    // Peak use: the ems store (about 2 bytes per value), the naive energy table (about 30 bytes
    // per row, with its write-ahead log), the subset stores and their packed copies.
    let needed = values_estimate * 2.0
        + if o.has("naive") {
            energy_rows * 40.0
        } else {
            0.0
        }
        + subset_values * (35.0 + 25.0 + 55.0 + 45.0 + 2.0);
    let (avail, used) = disk(&o.dir)?;
    let use_after = (used as f64 + needed) / (used + avail) as f64;
    progress(
        started,
        format!(
            "{} meters, {} years ({} to {}, {intervals} intervals), about {:.2} G values; \
             about {:.1} GB of disk needed, {:.0} % of the disk used at the peak",
            o.devices,
            o.years,
            start,
            end,
            values_estimate / 1e9,
            needed / 1e9,
            use_after * 100.0
        ),
    );
    if use_after > MAX_DISK_USE {
        return Err(format!(
            "the run would fill the disk to {:.0} % (at most {:.0} % allowed): use fewer \
             --devices or --years",
            use_after * 100.0,
            MAX_DISK_USE * 100.0
        )
        .into());
    }
    let (site, specs, _) = build_site(o.devices, o.seed)?;
    let meters = || -> Result<Vec<Meter>, BoxError> { Ok(build_site(o.devices, o.seed)?.2) };
    let numbers: HashMap<DeviceId, i64> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i as i64 + 1))
        .collect();
    let mut results = serde_json::Map::new();
    results.insert(
        "scale".to_owned(),
        json!({
            "devices": o.devices,
            "years": o.years,
            "start": start.to_string(),
            "end": end.to_string(),
            "intervals_per_device": intervals,
            "naive_days": o.naive_days,
            "live_days": o.live_days,
            "time_zone": TIME_ZONE,
            "seed": o.seed,
            "sqlite": rusqlite::version(),
        }),
    );

    let mut load = PhaseLoad::new();

    // 1. The ems store at full scale: bulk ingest, then its size.
    let ems_dir = o.dir.join("ems");
    let after_data = end + SignedDuration::from_hours(36);
    if o.has("bulk") {
        load.start("bulk");
        let (store, _clock) = open_store(&ems_dir, after_data, &site)?;
        progress(
            started,
            "ems store: bulk ingest (one UTC day of every meter per append)",
        );
        let bulk = ingest_bulk(
            &store,
            Generator::new(meters()?, tz.clone(), o.seed, start, end)?,
            started,
            "ems bulk",
        )?;
        progress(
            started,
            format!(
                "ems bulk: {} values in {:.1} s of append ({:.2} M values/s), writer CPU {:.0} %",
                bulk.values,
                bulk.in_append.as_secs_f64(),
                bulk.rate() / 1e6,
                bulk.writer_cpu_ns as f64 / 1e7 / bulk.in_append.as_secs_f64()
            ),
        );
        let t = Instant::now();
        let optimized = store.optimize()?;
        let optimize_seconds = t.elapsed().as_secs_f64();
        store.close()?;
        drop(store);
        let ems_size = ems_footprint(&ems_dir)?;
        progress(
            started,
            format!(
                "ems store: {} bytes, {:.3} bytes per value (optimize {optimize_seconds:.1} s, {} blocks compacted)",
                ems_size.file_bytes,
                ems_size.file_bytes as f64 / bulk.values as f64,
                optimized.compacted_blocks
            ),
        );
        results.insert("ems_bulk_ingest".to_owned(), bulk.json());
        results.insert("ems_size".to_owned(), ems_size.json(bulk.values));
        results.insert("ems_optimize_seconds".to_owned(), json!(optimize_seconds));
    }

    // 2. The naive table the questions read, at full scale, in key order.
    let energy_db = o.dir.join("naive-energy.sqlite");
    let mut energy_rows_stored = 0u64;
    if o.has("naive") {
        load.start("naive");
        progress(
            started,
            "naive layout: active-energy amounts of every meter (key order)",
        );
        let import = Point::from_name("energy_active_import").ok_or("no energy_active_import")?;
        let mut per_device: Vec<Vec<(i64, i64)>> = vec![Vec::new(); o.devices];
        let generator = Generator::new(meters()?, tz.clone(), o.seed, start, end)?;
        for_each_day(generator, |day: Vec<IntervalRecord>| {
            for r in &day {
                let i = numbers.get(&r.device).copied().ok_or("unknown meter")? - 1;
                if let Some(c) = r.counter(import) {
                    per_device[i as usize].push((r.start.as_second(), c.delta));
                }
            }
            Ok(())
        })?;
        let t = Instant::now();
        let mut conn = open_naive(&energy_db)?;
        conn.execute_batch(NAIVE_WITHOUT_ROWID)?;
        insert_devices(&conn, &specs)?;
        let p = point_number(import);
        for (i, rows) in per_device.iter().enumerate() {
            let tx = conn.transaction()?;
            {
                let mut stmt =
                    tx.prepare_cached("INSERT INTO sample VALUES (?1, ?2, ?3, ?4, ?5)")?;
                for (ts, delta) in rows {
                    stmt.execute(params![i as i64 + 1, p, STAT_AMOUNT, ts, *delta as f64])?;
                }
            }
            tx.commit()?;
            energy_rows_stored += rows.len() as u64;
        }
        drop(per_device);
        conn.execute_batch("ANALYZE")?;
        checkpoint(&conn)?;
        drop(conn);
        let bytes = file_size(&energy_db);
        progress(
            started,
            format!(
                "naive energy table: {energy_rows_stored} rows, {bytes} bytes ({:.1} bytes/row) in {:.1} s",
                bytes as f64 / energy_rows_stored as f64,
                t.elapsed().as_secs_f64()
            ),
        );
        results.insert(
            "naive_energy_table".to_owned(),
            json!({
                "rows": energy_rows_stored,
                "file_bytes": bytes,
                "bytes_per_row": bytes as f64 / energy_rows_stored as f64,
                "build_seconds": t.elapsed().as_secs_f64(),
            }),
        );
    }

    // 3. Latency of the questions, cold then warm, on both.
    if o.has("latency") {
        load.start("latency");
        let probe = specs
            .iter()
            .enumerate()
            .find(|(_, s)| s.in_totals && s.load == Some("heating"))
            .or_else(|| specs.iter().enumerate().next())
            .ok_or("no meters")?;
        let probe_device = probe.1.id.clone();
        let probe_number = probe.0 as i64 + 1;
        let qs = questions(&calendar, &probe_device, probe_number)?;
        let ems_db = ems_dir.join(DATABASE_FILE);
        let mut latency = Vec::new();
        for q in &qs {
            progress(started, format!("latency: {}", q.name));
            let (ems_timing, ems_answer) = time_question(
                &ems_db,
                &|| {
                    let reader = SqliteReader::open(&ems_dir)?;
                    let ems = &q.ems;
                    Ok(Box::new(move || ems.ask(&reader)))
                },
                o.runs,
                o.budget,
            )?;
            let mut row = json!({"question": q.name, "ems": ems_timing.json()});
            if o.has("naive") {
                let (naive_timing, naive_answer) = time_question(
                    &energy_db,
                    &|| {
                        let conn = Connection::open_with_flags(
                            &energy_db,
                            OpenFlags::SQLITE_OPEN_READ_ONLY,
                        )?;
                        Ok(Box::new(move || ask_naive(&conn, q)))
                    },
                    o.runs,
                    o.budget,
                )?;
                let agree = ems_answer == naive_answer;
                if !agree {
                    eprintln!(
                        "bench_store: answers differ for {}: ems {:?} naive {:?}",
                        q.name,
                        ems_answer.iter().take(6).collect::<Vec<_>>(),
                        naive_answer.iter().take(6).collect::<Vec<_>>()
                    );
                }
                row["naive"] = naive_timing.json();
                row["answers_agree"] = json!(agree);
                row["buckets"] = json!(ems_answer.len());
            }
            progress(started, format!("  {row}"));
            latency.push(row);
        }
        results.insert("latency".to_owned(), json!(latency));
    }
    if !o.keep {
        remove_db(&energy_db);
    }

    // 3b. Re-pricing the costs of the last year, then of every year, with the contract in force.
    if o.has("costs") {
        load.start("costs");
        let clock = Arc::new(ManualClock::new(after_data));
        let store = SqliteStore::open(&ems_dir, StoreOptions::default(), clock)?;
        let last = Date::new(END_YEAR - 1, 12, 31)?;
        let mut costs = serde_json::Map::new();
        for (name, first) in [
            ("last_year", Date::new(END_YEAR - 1, 1, 1)?),
            ("every_year", Date::new(END_YEAR - o.years, 1, 1)?),
        ] {
            let t = Instant::now();
            let report = store.reprice(first, last, "the benchmark")?;
            let seconds = t.elapsed().as_secs_f64();
            progress(
                started,
                format!(
                    "costs: re-priced {first} to {last}: {} intervals in {seconds:.2} s ({:.2} M intervals/s)",
                    report.intervals,
                    report.intervals as f64 / seconds / 1e6
                ),
            );
            costs.insert(
                name.to_owned(),
                json!({
                    "from": first.to_string(),
                    "to": last.to_string(),
                    "intervals": report.intervals,
                    "seconds": seconds,
                    "intervals_per_second": report.intervals as f64 / seconds,
                }),
            );
        }
        store.close()?;
        results.insert("costs".to_owned(), Value::Object(costs));
    }

    // 4. Bytes per value of the naive layouts on a subset, beside ems on the same subset.
    if o.has("subset") && o.naive_days > 0 {
        load.start("subset");
        let subset_end = (start + SignedDuration::from_hours(24 * o.naive_days)).min(end);
        let mut subset = serde_json::Map::new();
        for (name, schema) in [
            ("naive_without_rowid", NAIVE_WITHOUT_ROWID),
            ("naive_rowid_index", NAIVE_ROWID),
        ] {
            progress(
                started,
                format!("{name}: every value of {} days, time order", o.naive_days),
            );
            let path = o.dir.join(format!("{name}.sqlite"));
            let mut conn = open_naive(&path)?;
            conn.execute_batch(schema)?;
            insert_devices(&conn, &specs)?;
            let mut values = 0u64;
            let mut in_insert = Duration::ZERO;
            let generator = Generator::new(meters()?, tz.clone(), o.seed, start, subset_end)?;
            for_each_day(generator, |day: Vec<IntervalRecord>| {
                values += day.iter().map(IntervalRecord::value_count).sum::<usize>() as u64;
                let t = Instant::now();
                insert_naive_values(&mut conn, &numbers, &day)?;
                in_insert += t.elapsed();
                Ok(())
            })?;
            checkpoint(&conn)?;
            let bytes = file_size(&path);
            let packed = o.dir.join(format!("{name}-packed.sqlite"));
            remove_db(&packed);
            conn.execute("VACUUM INTO ?1", [packed.to_string_lossy()])?;
            drop(conn);
            let packed_bytes = file_size(&packed);
            progress(
                started,
                format!(
                    "{name}: {values} values, {:.1} bytes/value as written, {:.1} packed; {:.2} M values/s",
                    bytes as f64 / values as f64,
                    packed_bytes as f64 / values as f64,
                    values as f64 / in_insert.as_secs_f64() / 1e6
                ),
            );
            subset.insert(
                name.to_owned(),
                json!({
                    "values": values,
                    "file_bytes": bytes,
                    "bytes_per_value": bytes as f64 / values as f64,
                    "packed_file_bytes": packed_bytes,
                    "packed_bytes_per_value": packed_bytes as f64 / values as f64,
                    "insert_seconds": in_insert.as_secs_f64(),
                    "values_per_second": values as f64 / in_insert.as_secs_f64(),
                }),
            );
            remove_db(&path);
            remove_db(&packed);
        }
        progress(
            started,
            format!("ems store: the same {} days", o.naive_days),
        );
        let subset_dir = o.dir.join("ems-subset");
        let (store, _clock) = open_store(&subset_dir, after_data, &site)?;
        let ingest = ingest_bulk(
            &store,
            Generator::new(meters()?, tz.clone(), o.seed, start, subset_end)?,
            started,
            "ems subset",
        )?;
        store.optimize()?;
        store.close()?;
        drop(store);
        let size = ems_footprint(&subset_dir)?;
        let mut row = size.json(ingest.values);
        row["values"] = json!(ingest.values);
        row["values_per_second"] = json!(ingest.rate());
        subset.insert("ems".to_owned(), row);
        let _ = std::fs::remove_dir_all(&subset_dir);
        results.insert("subset".to_owned(), Value::Object(subset));
    }

    // 5. Live ingest: one interval of every meter per append.
    if o.has("live") && o.live_days > 0 {
        load.start("live");
        progress(
            started,
            format!(
                "ems store: live ingest, one interval of every meter per append, {} days",
                o.live_days
            ),
        );
        let live_dir = o.dir.join("ems-live");
        let live = ingest_live(&live_dir, &site, meters()?, tz.clone(), o.seed, o.live_days)?;
        let mut row = live.json();
        let (first_hour, last_hour) = live.hour_split();
        row["append_ms_median_first_hour"] = json!(first_hour);
        row["append_ms_median_last_hour"] = json!(last_hour);
        row["append_ms"] = json!(
            live.append_times
                .iter()
                .map(|d| (d.as_secs_f64() * 1e5).round() / 1e2)
                .collect::<Vec<_>>()
        );
        results.insert("ems_live_ingest".to_owned(), row);
        let _ = std::fs::remove_dir_all(&live_dir);
    }

    if !o.keep {
        let _ = std::fs::remove_dir_all(&ems_dir);
    }
    load.finish();
    results.insert("others_cpu_cores".to_owned(), Value::Object(load.cores));
    results.insert(
        "elapsed_seconds".to_owned(),
        json!(started.elapsed().as_secs_f64()),
    );
    let results = Value::Object(results);
    if let Some(path) = &o.json {
        std::fs::write(path, serde_json::to_string_pretty(&results)? + "\n")?;
    }
    print!("{}", report(&results));
    Ok(())
}

/// The Markdown tables of the results (the sections that ran).
fn report(r: &Value) -> String {
    let mut out = String::new();
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let scale = &r["scale"];
    let _ = writeln!(
        out,
        "{} meters × {} years ({} intervals each, {} to {}, {}), SQLite {} for both layouts.\n",
        scale["devices"],
        scale["years"],
        scale["intervals_per_device"],
        scale["start"].as_str().unwrap_or(""),
        scale["end"].as_str().unwrap_or(""),
        scale["time_zone"].as_str().unwrap_or(""),
        scale["sqlite"].as_str().unwrap_or("")
    );
    let bulk = &r["ems_bulk_ingest"];
    let subset = &r["subset"];
    if !bulk.is_null() || !subset.is_null() {
        let _ = writeln!(
            out,
            "| bytes on disk per value | data | values | bytes/value |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|");
    }
    if !bulk.is_null() {
        let _ = writeln!(
            out,
            "| ems (whole file, rollups included) | all | {} | {:.3} |",
            bulk["values"],
            f(&r["ems_size"]["bytes_per_value"])
        );
    }
    if !subset.is_null() {
        let days = &scale["naive_days"];
        let _ = writeln!(
            out,
            "| ems (whole file, rollups included) | first {days} days | {} | {:.3} |",
            subset["ems"]["values"],
            f(&subset["ems"]["bytes_per_value"])
        );
        for (key, label) in [
            (
                "naive_without_rowid",
                "naive WITHOUT ROWID, PK (device, point, stat, ts): as written / packed",
            ),
            (
                "naive_rowid_index",
                "naive rowid table + index (device, point, ts): as written / packed",
            ),
        ] {
            let n = &subset[key];
            let _ = writeln!(
                out,
                "| {label} | first {days} days | {} | {:.1} / {:.1} |",
                n["values"],
                f(&n["bytes_per_value"]),
                f(&n["packed_bytes_per_value"])
            );
        }
    }
    if !bulk.is_null() {
        let size = &r["ems_size"];
        let file = f(&size["file_bytes"]);
        let blocks = f(&size["detail"]["block_blob_bytes"]);
        let rollups = f(&size["detail"]["rollup_blob_bytes"]);
        let costs = f(&size["detail"]["cost_rollup_blob_bytes"]);
        let _ = writeln!(
            out,
            "\nThe ems file ({:.2} GB): interval blocks' data {:.1} %, rollups' data {:.1} %, \
             cost rollups' data {:.1} % ({} rows), keys, indexes and page slack {:.1} %.",
            file / 1e9,
            blocks / file * 100.0,
            rollups / file * 100.0,
            costs / file * 100.0,
            size["detail"]["cost_rollup_rows"],
            (file - blocks - rollups - costs) / file * 100.0
        );
    }
    if r["costs"].is_object() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| re-pricing (10-rule contract, every priced counter) | intervals | seconds | intervals/s |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for key in ["last_year", "every_year"] {
            let c = &r["costs"][key];
            let _ = writeln!(
                out,
                "| {} to {} | {} | {:.2} | {:.2} M |",
                c["from"].as_str().unwrap_or(""),
                c["to"].as_str().unwrap_or(""),
                c["intervals"],
                f(&c["seconds"]),
                f(&c["intervals_per_second"]) / 1e6
            );
        }
    }
    if let Some(rows) = r["latency"].as_array() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| question | ems cold ms | ems warm median / p95 ms | naive cold ms | naive warm median / p95 ms | same answer |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---|");
        for row in rows {
            let e = &row["ems"];
            let n = &row["naive"];
            let ms = |v: &Value| {
                if v.is_null() {
                    "–".to_owned()
                } else {
                    fmt_ms(f(v))
                }
            };
            let runs = |v: &Value| {
                if v.is_null() {
                    String::new()
                } else {
                    format!(" ({v} runs)")
                }
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} / {}{} | {} | {} / {}{} | {} |",
                row["question"].as_str().unwrap_or(""),
                ms(&e["cold_ms"]),
                ms(&e["warm_median_ms"]),
                ms(&e["warm_p95_ms"]),
                runs(&e["warm_runs"]),
                ms(&n["cold_ms"]),
                ms(&n["warm_median_ms"]),
                ms(&n["warm_p95_ms"]),
                runs(&n["warm_runs"]),
                match row["answers_agree"].as_bool() {
                    Some(true) => "yes",
                    Some(false) => "NO",
                    None => "–",
                }
            );
        }
    }
    let live = &r["ems_live_ingest"];
    if !bulk.is_null() || !live.is_null() || !subset.is_null() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| ingest | values | values/s | ms per append: median / p95 / max | writer thread CPU |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    }
    for (i, label) in [
        (bulk, "ems bulk: one UTC day of every meter per append"),
        (live, "ems live: one interval of every meter per append"),
    ] {
        if i.is_null() {
            continue;
        }
        let _ = writeln!(
            out,
            "| {label} | {} | {:.2} M | {} / {} / {} | {:.0} % |",
            i["values"],
            f(&i["values_per_second"]) / 1e6,
            fmt_ms(f(&i["append_ms_median"])),
            fmt_ms(f(&i["append_ms_p95"])),
            fmt_ms(f(&i["append_ms_max"])),
            f(&i["writer_cpu_share"]) * 100.0
        );
    }
    if !subset.is_null() {
        for (key, label) in [
            (
                "naive_without_rowid",
                "naive WITHOUT ROWID: one transaction per day (subset)",
            ),
            (
                "naive_rowid_index",
                "naive rowid + index: one transaction per day (subset)",
            ),
        ] {
            let _ = writeln!(
                out,
                "| {label} | {} | {:.2} M | | |",
                subset[key]["values"],
                f(&subset[key]["values_per_second"]) / 1e6
            );
        }
    }
    if let Some(load) = r["others_cpu_cores"].as_object() {
        let phases: Vec<String> = load
            .iter()
            .map(|(phase, cores)| format!("{phase} {:.2}", f(cores)))
            .collect();
        let _ = writeln!(
            out,
            "\nCores kept busy by other processes, on average per phase: {} (of {}).",
            phases.join(", "),
            cores()
        );
    }
    out
}
