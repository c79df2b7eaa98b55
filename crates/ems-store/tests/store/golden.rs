//! Golden files: one site recorded end to end, from sample batches to the CSV files users
//! download, compared byte for byte with the files in `tests/data/golden/`.
//!
//! The pipeline is the real one: synthetic [`SampleBatch`]es → [`IntervalRecorder`] (Rome,
//! 15 minutes, with the rebase call the runtime makes for a declared reset) → a SQLite store in
//! a temporary directory (appended once a local week, its clock after the scenario so that the
//! writer stores every day straight into compacted day blocks) → [`HistoryReader`] queries →
//! [`ems_store::csv`] renderings (decimal point, comma fields, so the files read easily).
//!
//! The scenario (2024, a leap year; Rome moves its clocks on 2024-03-31 and 2024-10-27):
//! every device is read every 15 minutes at :00:30, :15:30… local, with its active energy
//! counter and a voltage, from 2024-02-26 00:00:30 to 2024-11-04 00:00:30 local.
//! - `main`, the main meter, excluded from totals: its counter is the sum of the energy the
//!   sub-meters measure (it is neither replaced nor dropped);
//! - `lighting` (load lighting, group tenant_a): 1 200 W;
//! - `heating` (load heating, group tenant_a): 2 000 W from 06:00 to 22:00 local, 400 W
//!   otherwise;
//! - `sockets` (load sockets, group tenant_b): 600 W; its meter is replaced on 2024-03-15 at
//!   10:07 local by a new one starting at 0 (a declared reset);
//! - `servers` (no load: others, group tenant_b): 1 000 W; its counter reads 5 000 Wh lower
//!   from 2024-10-10 12:00 local on, with no reset reported;
//! - `ventilation` (load ventilation, no group): 300 W; no batch at all on 2024-06-12 from
//!   09:00 to 15:00 local.
//!
//! The figures are checked in code before they are compared with the files, so that a wrong
//! golden file cannot be blessed silently. Run with `EMS_UPDATE_GOLDEN=1` to rewrite the files
//! after a deliberate change of the output.

use crate::support::{Fixture, day, device, energy, month, point, ts, year};
use ems_model::site::{
    Device, Link, MeasureGroup, SiteConfig, SiteSettings, TcpTransport, Transport,
};
use ems_model::{DeviceId, Quality, Sample, SampleBatch, Value};
use ems_store::calendar::{Calendar, Period};
use ems_store::csv::{
    CsvOptions, DecimalSeparator, FieldSeparator, comparison_csv, histogram_csv, intervals_csv,
    partials_csv,
};
use ems_store::query::{
    CompareQuery, Histogram, HistogramQuery, HistoryReader, Intervals, IntervalsQuery, Partials,
    PartialsQuery, ScopedPoint, Series,
};
use ems_store::recorder::{Emitted, IntervalRecorder, RecorderEvent, RecorderSettings};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::SqliteReader;
use ems_store::{HistoryWriter, Maintenance};
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::path::PathBuf;

// ---------------------------------------------------------------------------------------------
// The scenario.

/// The first reading: 2024-02-26 00:00:30 CET.
const FIRST_READING: &str = "2024-02-25T23:00:30Z";
/// The last reading: 2024-11-04 00:00:30 CET.
const LAST_READING: &str = "2024-11-03T23:00:30Z";
/// The sockets' meter is replaced at 10:07 CET on 2024-03-15.
const SOCKETS_REPLACED: &str = "2024-03-15T09:07:00Z";
/// The servers' counter reads 5 000 Wh lower from 12:00 CEST on 2024-10-10.
const SERVERS_DROP: &str = "2024-10-10T10:00:00Z";
const SERVERS_DROP_WH: i64 = 5_000;
/// The ventilation sends nothing from 09:00 to 15:00 CEST on 2024-06-12.
const OUTAGE_FROM: &str = "2024-06-12T07:00:00Z";
const OUTAGE_TO: &str = "2024-06-12T13:00:00Z";

/// The metered devices, in the order their batches come.
const DEVICES: [&str; 6] = [
    "main",
    "lighting",
    "heating",
    "sockets",
    "servers",
    "ventilation",
];
/// The sub-meters, whose energy the main meter also measures.
const SUB_METERS: [&str; 5] = ["lighting", "heating", "sockets", "servers", "ventilation"];

/// Power of the constant loads, W.
const LIGHTING_W: i64 = 1_200;
const SOCKETS_W: i64 = 600;
const SERVERS_W: i64 = 1_000;
const VENTILATION_W: i64 = 300;
/// The constant loads together, W.
const CONSTANT_W: i64 = LIGHTING_W + SOCKETS_W + SERVERS_W + VENTILATION_W;
/// Heating by day (06:00–22:00 local) and by night, W.
const HEATING_DAY_W: i64 = 2_000;
const HEATING_NIGHT_W: i64 = 400;

/// The site's energy on a whole day of `hours` hours, in Wh: every hour of heating's day
/// (16 h, whatever the day's length) at 2 000 W, the others at 400 W.
const fn site_day_wh(hours: i64) -> i64 {
    CONSTANT_W * hours + 16 * HEATING_DAY_W + (hours - 16) * HEATING_NIGHT_W
}

fn rome() -> Calendar {
    Calendar::new(TimeZone::get("Europe/Rome").unwrap())
}

fn id(s: &str) -> DeviceId {
    DeviceId::new(s).unwrap()
}

fn site() -> SiteConfig {
    let mut site = SiteConfig::new(SiteSettings::new("Golden site", "Europe/Rome"));
    site.links.insert(
        "tcp".to_owned(),
        Link::new(Transport::ModbusTcp(TcpTransport::new("10.0.0.2"))),
    );
    site.groups
        .insert("tenant_a".to_owned(), MeasureGroup::new("Tenant A"));
    site.groups
        .insert("tenant_b".to_owned(), MeasureGroup::new("Tenant B"));
    let meter = |name: &str, unit: u8, load: Option<&str>, group: Option<&str>| {
        let mut d = Device::new(name, "eastron.sdm630", "tcp", unit);
        d.load = load.map(str::to_owned);
        d.groups = group.into_iter().map(str::to_owned).collect();
        d
    };
    let mut main = meter("Main meter", 1, None, None);
    main.exclude_from_totals = true;
    for (key, device) in [
        ("main", main),
        (
            "lighting",
            meter("Lighting", 2, Some("lighting"), Some("tenant_a")),
        ),
        (
            "heating",
            meter("Heating", 3, Some("heating"), Some("tenant_a")),
        ),
        (
            "sockets",
            meter("Sockets", 4, Some("sockets"), Some("tenant_b")),
        ),
        ("servers", meter("Servers", 5, None, Some("tenant_b"))),
        (
            "ventilation",
            meter("Ventilation", 6, Some("ventilation"), None),
        ),
    ] {
        site.devices.insert(id(key), device);
    }
    site
}

/// The physical side of the scenario: the energy each sub-meter has measured since the first
/// reading, in W·s (exact), and what each register reads.
struct Plant {
    calendar: Calendar,
    /// W·s since the first reading, by sub-meter (in [`SUB_METERS`] order).
    energy_ws: [i64; 5],
    replaced: Timestamp,
    drop: Timestamp,
    first: Timestamp,
}

impl Plant {
    fn new() -> Plant {
        Plant {
            calendar: rome(),
            energy_ws: [0; 5],
            replaced: ts(SOCKETS_REPLACED),
            drop: ts(SERVERS_DROP),
            first: ts(FIRST_READING),
        }
    }

    /// The power of each sub-meter at `t`, W.
    fn power(&self, t: Timestamp) -> [i64; 5] {
        let hour = t.to_zoned(self.calendar.time_zone().clone()).hour();
        let heating = if (6..22).contains(&hour) {
            HEATING_DAY_W
        } else {
            HEATING_NIGHT_W
        };
        [LIGHTING_W, heating, SOCKETS_W, SERVERS_W, VENTILATION_W]
    }

    /// Moves from the reading at `t - 15 min` to the reading at `t`. Power changes only on
    /// local hours, so only at the quarter-hour 30 s before `t`.
    fn step_to(&mut self, t: Timestamp) {
        let quarter = t - SignedDuration::from_secs(30);
        let before = self.power(t - SignedDuration::from_mins(15));
        let after = self.power(quarter);
        for (i, e) in self.energy_ws.iter_mut().enumerate() {
            *e += before[i] * 870 + after[i] * 30;
        }
    }

    /// The register of every device at the current reading `t`, in Wh (whole Wh, as meters
    /// count).
    fn registers(&self, t: Timestamp) -> [(&'static str, i64); 6] {
        let wh = |i: usize| self.energy_ws[i] / 3600;
        let sockets = if t < self.replaced {
            300_000 + wh(2)
        } else {
            // The new meter counts from 0 at the replacement.
            SOCKETS_W * t.duration_since(self.replaced).as_secs() / 3600
        };
        let servers = 4_000_000 + wh(3) - if t >= self.drop { SERVERS_DROP_WH } else { 0 };
        let main = 10_000_000 + (0..5).map(wh).sum::<i64>();
        [
            ("main", main),
            ("lighting", 1_000_000 + wh(0)),
            ("heating", 2_000_000 + wh(1)),
            ("sockets", sockets),
            ("servers", servers),
            ("ventilation", 500_000 + wh(4)),
        ]
    }

    /// A voltage that changes from reading to reading (one reading per interval, so mean,
    /// minimum and maximum are equal).
    fn voltage(&self, t: Timestamp) -> f64 {
        let k = t.duration_since(self.first).as_mins() / 15;
        229.0 + 0.5 * (k % 5) as f64
    }
}

fn batch(device: &str, t: Timestamp, counter: i64, voltage: f64) -> SampleBatch {
    SampleBatch {
        device: id(device),
        timestamp: t,
        samples: vec![
            Sample {
                point: energy(),
                value: Value::Counter(counter),
                quality: Quality::Good,
            },
            Sample {
                point: point("voltage_l1"),
                value: Value::Float(voltage),
                quality: Quality::Good,
            },
        ],
    }
}

/// The store once the whole scenario is recorded, and what the recorder reported.
struct Recorded {
    fixture: Fixture,
    events: Vec<RecorderEvent>,
    /// The smallest amount of any counter interval the recorder emitted.
    smallest_delta: i64,
}

/// The store's clock: after the scenario, so that the writer stores every day it is given
/// straight into compacted day blocks (as it does with days that come late).
const AFTER_SCENARIO: &str = "2024-11-10T00:00:00Z";

/// Runs the scenario through the recorder into the store. The records are appended once a
/// local week (at the first reading of each Monday) and at the end: in a debug build an
/// append costs about 20 ms whatever its size, so appending every day would take 6 s.
fn record() -> Recorded {
    let calendar = rome();
    let first = ts(FIRST_READING);
    let last = ts(LAST_READING);
    let (outage_from, outage_to) = (ts(OUTAGE_FROM), ts(OUTAGE_TO));
    let fixture = Fixture::with_site(AFTER_SCENARIO, &site());
    let mut recorder = IntervalRecorder::new(
        calendar.clone(),
        RecorderSettings {
            minutes: 15,
            ..RecorderSettings::default()
        },
    );
    let mut plant = Plant::new();
    let mut out = Emitted::default();
    let mut events = Vec::new();
    let mut smallest_delta = i64::MAX;
    let mut store = |out: &mut Emitted, smallest_delta: &mut i64| {
        let records = std::mem::take(&mut out.records);
        for c in records.iter().flat_map(|r| &r.counters) {
            *smallest_delta = (*smallest_delta).min(c.delta);
        }
        events.append(&mut out.events);
        fixture.store.append(records).unwrap();
    };
    let mut sockets_last_old = None;
    let mut sockets_replaced = false;
    let mut today = calendar.date(first);
    let mut t = first;
    while t <= last {
        if t > first {
            plant.step_to(t);
        }
        if calendar.date(t) != today {
            today = calendar.date(t);
            if today.weekday() == Weekday::Monday {
                store(&mut out, &mut smallest_delta);
            }
        }
        recorder.tick(t, &mut out);
        let voltage = plant.voltage(t);
        for (device, register) in plant.registers(t) {
            if device == "ventilation" && t >= outage_from && t < outage_to {
                continue;
            }
            if device == "sockets" {
                if t < plant.replaced {
                    sockets_last_old = Some(register);
                } else if !sockets_replaced {
                    // What the runtime does when acquisition reports
                    // `Rebased { declared: true }`: the rebase, then the batch.
                    sockets_replaced = true;
                    recorder.rebase(
                        &id("sockets"),
                        energy(),
                        t,
                        sockets_last_old.unwrap(),
                        register,
                    );
                }
            }
            recorder.observe(&batch(device, t, register, voltage), &mut out);
        }
        t += SignedDuration::from_mins(15);
    }
    // Everything still open closes (the last interval, 00:00–00:15 on 2024-11-04, holds only
    // statistics: its end boundary has no reading after it).
    recorder.tick(last + SignedDuration::from_hours(1), &mut out);
    store(&mut out, &mut smallest_delta);
    assert_eq!(recorder.ignored_out_of_order(), 0);
    fixture.store.optimize().unwrap();
    assert_eq!(fixture.store.health(false).unwrap().pending_compaction, 0);
    Recorded {
        fixture,
        events,
        smallest_delta,
    }
}

// ---------------------------------------------------------------------------------------------
// Golden files.

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden")
}

/// Compares `actual` with the golden file `name`, or rewrites it in update mode. Returns a
/// description of the difference, if any.
fn golden(name: &str, actual: &str) -> Option<String> {
    ems_testkit::golden(&golden_dir().join(name), actual)
}

fn options() -> CsvOptions {
    CsvOptions {
        decimal: DecimalSeparator::Point,
        field: FieldSeparator::Comma,
    }
}

// ---------------------------------------------------------------------------------------------
// Queries and checks.

fn histogram(reader: &SqliteReader, scope: Scope, period: Period) -> Histogram {
    reader
        .histogram(&HistogramQuery {
            scope,
            point: energy(),
            period,
        })
        .unwrap()
}

fn partials(reader: &SqliteReader, kind: ScopeKind, period: Period) -> Partials {
    reader
        .partials(&PartialsQuery {
            kind,
            point: energy(),
            period,
        })
        .unwrap()
}

fn intervals(reader: &SqliteReader, device: &str, from: &str, to: &str) -> Intervals {
    reader
        .intervals(&IntervalsQuery {
            device: id(device),
            from: ts(from),
            to: ts(to),
        })
        .unwrap()
}

/// (end value, amount, flags) of the active energy of every interval.
fn counter_rows(intervals: &Intervals) -> Vec<(i64, i64, &'static str)> {
    intervals
        .intervals
        .iter()
        .map(|r| {
            let c = r.counter(energy()).unwrap();
            let flags = match (c.estimated, c.reset) {
                (false, false) => "",
                (true, false) => "estimated",
                (false, true) => "reset",
                (true, true) => "estimated reset",
            };
            (c.end_value, c.delta, flags)
        })
        .collect()
}

fn amounts(series: &Series) -> Vec<Option<i64>> {
    series.buckets.iter().map(|b| b.amount).collect()
}

fn labels(series: &Series) -> Vec<&str> {
    series.buckets.iter().map(|b| b.label.as_str()).collect()
}

fn estimated(series: &Series) -> Vec<&str> {
    series
        .buckets
        .iter()
        .filter(|b| b.estimated)
        .map(|b| b.label.as_str())
        .collect()
}

/// Every series shown has no negative amount.
fn assert_no_negative(what: &str, series: &[&Series]) {
    for s in series {
        for b in &s.buckets {
            assert!(
                b.amount.is_none_or(|a| a >= 0),
                "{what}: negative amount at {}: {:?}",
                b.label,
                b.amount
            );
        }
    }
}

/// Heating by local hour on an ordinary day. Its switches happen at 06:00 and 22:00, 30 s
/// before a reading, and a boundary's value lies on the line between the readings around it:
/// - 06:00: the reading at 06:00:30 already holds 30 s at 2 000 W, so the line from 05:45:30
///   puts 109 Wh before 06:00 where 400 W give 96.7: 05:00 has 412 Wh, 06:00 1 987 Wh;
/// - 22:00: the line from 21:45:30 to 22:00:30 (486.7 Wh, 30 s of them at 400 W) puts 471 Wh
///   before 22:00 where 2 000 W give 483.3: 21:00 has 1 988 Wh, 22:00 413 Wh
///
/// (the counters count whole Wh and boundaries are rounded to whole Wh, hence 1 987 and
/// 1 988). Every other hour is exact, and so is the day: 16 h × 2 000 + 8 h × 400 = 35 200 Wh.
fn heating_hours(night_hours_before_5: usize) -> Vec<i64> {
    let mut hours = vec![400; night_hours_before_5];
    hours.extend([412, 1_987]);
    hours.extend([2_000; 14]);
    hours.extend([1_988, 413, 400]);
    hours
}

fn site_hours(night_hours_before_5: usize) -> Vec<Option<i64>> {
    heating_hours(night_hours_before_5)
        .into_iter()
        .map(|h| Some(h + CONSTANT_W))
        .collect()
}

#[test]
fn histograms_and_partials_across_dst_a_leap_day_a_replaced_meter_a_drop_and_an_outage_match_their_golden_files()
 {
    let recorded = record();
    let reader = recorded.fixture.reader();
    let mut failures = Vec::new();
    let mut check = |name: &str, csv: String| {
        if let Some(failure) = golden(name, &csv) {
            failures.push(failure);
        }
    };

    // What the recorder noticed: the outage (spread over its intervals) and the undeclared
    // drop, nothing else (the declared replacement is no surprise; no amount is negative).
    // The outage's amount is exact: 08:45:30 to 15:00:30 at 300 W is 6.25 h × 300 = 1 875 Wh.
    let last_servers_before_drop = 4_000_000
        + (ts("2024-10-10T09:45:30Z")
            .duration_since(ts(FIRST_READING))
            .as_secs()
            * SERVERS_W)
            / 3600;
    assert_eq!(
        recorded.events,
        vec![
            RecorderEvent::Spread {
                device: id("ventilation"),
                point: energy(),
                from: ts("2024-06-12T06:45:30Z"),
                to: ts("2024-06-12T13:00:30Z"),
                amount: 1_875,
            },
            RecorderEvent::Dropped {
                device: id("servers"),
                point: energy(),
                at: ts("2024-10-10T10:00:30Z"),
                previous: last_servers_before_drop,
                value: last_servers_before_drop + 250 - SERVERS_DROP_WH,
            },
        ]
    );
    assert!(recorded.smallest_delta >= 0, "{}", recorded.smallest_delta);

    // Spring: 23 hours, no 02:00. Site total = (1200 + 600 + 1000 + 300) × 23 h + heating's
    // 16 h × 2000 + 7 h × 400 = 106 100 Wh; 00:00–05:00 holds 4 hours.
    let spring = histogram(&reader, Scope::site(), day(2024, 3, 31));
    assert_eq!(spring.current.buckets.len(), 23);
    assert!(!labels(&spring.current).contains(&"02:00"));
    assert_eq!(labels(&spring.current)[2], "03:00");
    assert_eq!(spring.current.total, Some(106_100));
    assert_eq!(site_day_wh(23), 106_100);
    assert_eq!(amounts(&spring.current), site_hours(4));
    assert!(
        spring
            .current
            .buckets
            .iter()
            .all(|b| b.coverage == 1.0 && !b.estimated)
    );
    assert_eq!(spring.previous.total, Some(site_day_wh(24)));
    check(
        "site-day-2024-03-31-spring-dst.csv",
        histogram_csv(&spring, &options()),
    );

    // Autumn: 25 hours, 02:00 twice (CEST, then CET). 3100 × 25 + 16 × 2000 + 9 × 400.
    let autumn = histogram(&reader, Scope::site(), day(2024, 10, 27));
    assert_eq!(autumn.current.buckets.len(), 25);
    assert_eq!(
        &labels(&autumn.current)[..5],
        ["00:00", "01:00", "02:00", "02:00", "03:00"]
    );
    assert_eq!(autumn.current.buckets[3].start, ts("2024-10-27T01:00:00Z"));
    assert_eq!(autumn.current.total, Some(113_100));
    assert_eq!(site_day_wh(25), 113_100);
    assert_eq!(amounts(&autumn.current), site_hours(6));
    check(
        "site-day-2024-10-27-autumn-dst.csv",
        histogram_csv(&autumn, &options()),
    );

    // February: 29 days, the leap day and the month end. The first reading (00:00:30 on the
    // 26th) has no value before it, so the interval 00:00–00:15 has no amount: the 26th lacks
    // the site's first 15 minutes at 3 500 W (875 Wh) and is covered 1 425 / 1 440.
    let normal_day = site_day_wh(24);
    assert_eq!(normal_day, 109_600);
    let february = histogram(&reader, Scope::site(), month(2024, 2));
    assert_eq!(february.current.buckets.len(), 29);
    assert_eq!(labels(&february.current)[28], "2024-02-29");
    let mut expected = vec![None; 25];
    expected.extend([
        Some(normal_day - 875),
        Some(normal_day),
        Some(normal_day),
        Some(normal_day),
    ]);
    assert_eq!(amounts(&february.current), expected);
    assert_eq!(february.current.total, Some(4 * normal_day - 875));
    assert_eq!(february.current.buckets[25].coverage, 1425.0 / 1440.0);
    assert_eq!(february.previous.total, None);
    check(
        "site-month-2024-02-leap-day.csv",
        histogram_csv(&february, &options()),
    );

    // March: the replacement day loses sockets' 15 minutes between the old meter's last
    // reading (10:00:30) and the new one's first (10:15:30): 600 W × 0.25 h = 150 Wh; the
    // 31st has 23 hours (3 500 Wh less: one night hour of 3 100 + 400 W).
    let march = histogram(&reader, Scope::site(), month(2024, 3));
    let mut expected = vec![Some(normal_day); 31];
    expected[14] = Some(normal_day - 150);
    expected[30] = Some(site_day_wh(23));
    assert_eq!(amounts(&march.current), expected);
    assert_eq!(march.current.total, Some(31 * normal_day - 150 - 3_500));
    check("site-month-2024-03.csv", histogram_csv(&march, &options()));

    // The year: January and December empty; November holds the 1st to the 3rd; October a
    // 25-hour day and the servers' drop (250 Wh, see below); June loses nothing to the outage.
    let y = histogram(&reader, Scope::site(), year(2024));
    let expected = vec![
        None,
        Some(4 * normal_day - 875),
        Some(31 * normal_day - 150 - 3_500),
        Some(30 * normal_day),
        Some(31 * normal_day),
        Some(30 * normal_day),
        Some(31 * normal_day),
        Some(31 * normal_day),
        Some(30 * normal_day),
        Some(31 * normal_day + 3_500 - 250),
        Some(3 * normal_day),
        None,
    ];
    assert_eq!(amounts(&y.current), expected);
    assert_eq!(
        y.current.total,
        Some(expected.iter().flatten().sum::<i64>())
    );
    assert_eq!(estimated(&y.current), ["2024-06"]);
    assert_eq!(y.previous.total, None);
    check("site-year-2024.csv", histogram_csv(&y, &options()));

    // Partials by load on the leap day: every load once, "others" (the servers) last, the main
    // meter nowhere; together they are the site.
    let loads = partials(&reader, ScopeKind::Load, day(2024, 2, 29));
    let keys: Vec<&str> = loads.parts.iter().map(|p| p.scope.key.as_str()).collect();
    assert_eq!(
        keys,
        ["heating", "lighting", "sockets", "ventilation", "others"]
    );
    let totals: Vec<Option<i64>> = loads.parts.iter().map(|p| p.current.total).collect();
    assert_eq!(
        totals,
        [
            Some(35_200),
            Some(24 * LIGHTING_W),
            Some(24 * SOCKETS_W),
            Some(24 * VENTILATION_W),
            Some(24 * SERVERS_W),
        ]
    );
    assert_eq!(
        amounts(&loads.parts[0].current),
        heating_hours(5).into_iter().map(Some).collect::<Vec<_>>()
    );
    assert_eq!(totals.iter().flatten().sum::<i64>(), normal_day);
    let site_leap_day = histogram(&reader, Scope::site(), day(2024, 2, 29));
    for (i, b) in site_leap_day.current.buckets.iter().enumerate() {
        let sum: i64 = loads
            .parts
            .iter()
            .filter_map(|p| p.current.buckets[i].amount)
            .sum();
        assert_eq!(b.amount, Some(sum), "{}", b.label);
    }
    check(
        "partials-load-day-2024-02-29.csv",
        partials_csv(&loads, &options()),
    );

    // Partials by group in October: tenant_a (lighting + heating), tenant_b (sockets +
    // servers); ventilation has no group and the main meter counts nowhere.
    let groups = partials(&reader, ScopeKind::Group, month(2024, 10));
    let keys: Vec<&str> = groups.parts.iter().map(|p| p.scope.key.as_str()).collect();
    assert_eq!(keys, ["tenant_a", "tenant_b"]);
    let tenant_a_day = 24 * LIGHTING_W + 35_200;
    let tenant_b_day = 24 * (SOCKETS_W + SERVERS_W);
    let mut a = vec![Some(tenant_a_day); 31];
    a[26] = Some(25 * LIGHTING_W + 16 * HEATING_DAY_W + 9 * HEATING_NIGHT_W);
    let mut b = vec![Some(tenant_b_day); 31];
    b[9] = Some(tenant_b_day - 250);
    b[26] = Some(25 * (SOCKETS_W + SERVERS_W));
    assert_eq!(amounts(&groups.parts[0].current), a);
    assert_eq!(amounts(&groups.parts[1].current), b);
    assert_eq!(groups.parts[0].previous.total, Some(30 * tenant_a_day));
    assert_eq!(groups.parts[1].previous.total, Some(30 * tenant_b_day));
    check(
        "partials-group-month-2024-10.csv",
        partials_csv(&groups, &options()),
    );

    // The replaced meter: the hour 10:00 has 450 Wh instead of 600. No energy is attributed
    // between the old meter's last reading (10:00:30) and the new one's first (10:15:30), which
    // is all the day loses: 150 Wh (the 85 Wh the new meter counted from 10:07 to 10:15:30 are
    // part of them).
    let sockets = histogram(&reader, device("sockets"), day(2024, 3, 15));
    let mut expected = vec![Some(SOCKETS_W); 24];
    expected[10] = Some(450);
    assert_eq!(amounts(&sockets.current), expected);
    assert_eq!(sockets.current.total, Some(24 * SOCKETS_W - 150));
    assert!(estimated(&sockets.current).is_empty());
    check(
        "device-sockets-day-2024-03-15-meter-replaced.csv",
        histogram_csv(&sockets, &options()),
    );
    // The intervals around it (09:30–11:00 CET). The old meter's last reading (10:00:30) ends
    // 10:00–10:15 at 565 200 with 5 Wh (its boundary at 10:15 lies on the flat line to the new
    // meter's first reading); 10:15–10:30 holds that first reading (10:15:30, 85 Wh on the new
    // meter: 8.5 min at 600 W), so it is the one flagged `reset`, ending at 85 + 145 = 230 on
    // the new meter. The 145 Wh missing at 10:00 and the 5 Wh missing at 10:15 are the 150 Wh
    // lost.
    let sockets_rows = intervals(
        &reader,
        "sockets",
        "2024-03-15T08:30:00Z",
        "2024-03-15T10:00:00Z",
    );
    assert_eq!(
        counter_rows(&sockets_rows),
        [
            (565_045, 150, ""),
            (565_195, 150, ""),
            (565_200, 5, ""),
            (230, 145, "reset"),
            (380, 150, ""),
            (530, 150, ""),
        ]
    );
    check(
        "device-sockets-intervals-2024-03-15-0930-1100.csv",
        intervals_csv(&sockets_rows, &options()),
    );

    // The undeclared drop: the recorder sees the reading at 12:00:30 fall 4 750 Wh below the
    // one at 11:45:30 and takes it as a new baseline (a `Dropped` event), attributing nothing
    // between these two readings: the day loses exactly one reading interval's worth, 15 min
    // at 1 000 W = 250 Wh, and nothing else. The boundary at 12:00 lies on the flat line
    // between them, so the interval 11:45–12:00 keeps only the 8 Wh its start boundary
    // (interpolated at 14.5/15 of 250 = 242 after 11:30:30) leaves it: 11:00 has 758 Wh,
    // 12:00 has 242 + 3 × 250 = 992 Wh.
    let servers = histogram(&reader, device("servers"), day(2024, 10, 10));
    let mut expected = vec![Some(SERVERS_W); 24];
    expected[11] = Some(758);
    expected[12] = Some(992);
    assert_eq!(amounts(&servers.current), expected);
    assert_eq!(servers.current.total, Some(24 * SERVERS_W - 250));
    check(
        "device-servers-day-2024-10-10-counter-drop.csv",
        histogram_csv(&servers, &options()),
    );
    // 11:30–12:30 CEST: the first lower reading (12:00:30) lies in 12:00–12:15, which is
    // flagged `reset` and ends on the lowered counter (9 458 992 − 4 750).
    let servers_rows = intervals(
        &reader,
        "servers",
        "2024-10-10T09:30:00Z",
        "2024-10-10T10:30:00Z",
    );
    assert_eq!(
        counter_rows(&servers_rows),
        [
            (9_458_742, 250, ""),
            (9_458_750, 8, ""),
            (9_454_242, 242, "reset"),
            (9_454_492, 250, ""),
        ]
    );
    check(
        "device-servers-intervals-2024-10-10-1130-1230.csv",
        intervals_csv(&servers_rows, &options()),
    );

    // The outage: every hour still has 300 Wh (the spread is linear and the power constant),
    // the day 300 W × 24 h. The intervals from 08:45 (its end boundary lies in the gap) to
    // 15:00 (its start boundary does) are estimated: the hours 08:00 to 15:00.
    let ventilation = histogram(&reader, device("ventilation"), day(2024, 6, 12));
    assert_eq!(amounts(&ventilation.current), vec![Some(VENTILATION_W); 24]);
    assert_eq!(ventilation.current.total, Some(24 * VENTILATION_W));
    assert_eq!(
        estimated(&ventilation.current),
        [
            "08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"
        ]
    );
    assert!(
        ventilation
            .current
            .buckets
            .iter()
            .all(|b| b.coverage == 1.0)
    );
    assert!(estimated(&ventilation.previous).is_empty());
    check(
        "device-ventilation-day-2024-06-12-outage.csv",
        histogram_csv(&ventilation, &options()),
    );
    // 08:30–15:30 CEST: 75 Wh in every interval, estimated from 08:45 to 15:00 included; the
    // voltage is missing from 09:00 to 14:45 (nothing was read), a gap, not a zero.
    let ventilation_rows = intervals(
        &reader,
        "ventilation",
        "2024-06-12T06:30:00Z",
        "2024-06-12T13:30:00Z",
    );
    let rows = counter_rows(&ventilation_rows);
    assert_eq!(rows.len(), 28);
    for (i, &(_, delta, flags)) in rows.iter().enumerate() {
        assert_eq!(delta, 75, "row {i}");
        let expected = if (1..=26).contains(&i) {
            "estimated"
        } else {
            ""
        };
        assert_eq!(flags, expected, "row {i}");
    }
    let with_voltage: Vec<bool> = ventilation_rows
        .intervals
        .iter()
        .map(|r| r.stat(point("voltage_l1")).is_some())
        .collect();
    assert_eq!(with_voltage.iter().filter(|v| !**v).count(), 24);
    assert!(with_voltage[1] && !with_voltage[2] && !with_voltage[25] && with_voltage[26]);
    check(
        "device-ventilation-intervals-2024-06-12-0830-1530.csv",
        intervals_csv(&ventilation_rows, &options()),
    );

    // The main meter measures what the site sums, and the site never includes it.
    let compared = reader
        .compare(&CompareQuery {
            first: ScopedPoint {
                scope: device("main"),
                point: energy(),
            },
            second: ScopedPoint {
                scope: Scope::site(),
                point: energy(),
            },
            period: day(2024, 6, 12),
        })
        .unwrap();
    let main = &compared.first.series;
    let site_june = &compared.second.series;
    assert_eq!(main.total, Some(normal_day));
    assert_eq!(site_june.total, Some(normal_day));
    // Hour by hour they agree but for one Wh that moves from 21:00 to 06:00 in the main
    // meter: every boundary value is rounded to a whole Wh, the main meter's once for the sum,
    // the site's once per sub-meter. By day, the main meter's boundary lies 14.5/15 of
    // 1 275 Wh = 1 232.5 Wh after a reading, rounded up to 1 233, while the sub-meters' shares
    // (290 + 145 + 241.7 + 72.5 + 483.3) round to 290 + 145 + 242 + 73 + 483 = 1 233 as well;
    // by night 845.8 rounds to 846 against 290 + 145 + 242 + 73 + 97 = 847. So the main
    // meter's day boundaries sit 1 Wh higher, relative to the site's, than its night ones:
    // 06:00–06:15 has 1 263 Wh against 1 262, 21:45–22:00 1 262 against 1 263. Days, and so
    // months and years, are equal.
    let mut main_hours = site_hours(5);
    main_hours[6] = Some(5_088);
    main_hours[21] = Some(5_087);
    assert_eq!(amounts(main), main_hours);
    assert_eq!(amounts(site_june), site_hours(5));
    let subs: i64 = SUB_METERS
        .iter()
        .map(|d| {
            histogram(&reader, device(d), day(2024, 6, 12))
                .current
                .total
                .unwrap()
        })
        .sum();
    assert_eq!(site_june.total, Some(subs));
    for period in [day(2024, 3, 31), month(2024, 3), year(2024)] {
        let site_total = histogram(&reader, Scope::site(), period).current.total;
        let subs: i64 = SUB_METERS
            .iter()
            .filter_map(|d| histogram(&reader, device(d), period).current.total)
            .sum();
        assert_eq!(site_total, Some(subs), "{period:?}");
    }
    check(
        "device-main-vs-site-day-2024-06-12.csv",
        comparison_csv(&compared, &options()),
    );

    // No amount is negative in anything shown.
    assert_no_negative("spring", &[&spring.current, &spring.previous]);
    assert_no_negative("autumn", &[&autumn.current, &autumn.previous]);
    assert_no_negative("february", &[&february.current, &march.current]);
    assert_no_negative("year", &[&y.current]);
    assert_no_negative(
        "devices",
        &[&sockets.current, &servers.current, &ventilation.current],
    );
    assert_no_negative("main", &[main, site_june]);
    for p in loads.parts.iter().chain(&groups.parts) {
        assert_no_negative(&p.name, &[&p.current, &p.previous]);
    }
    for d in DEVICES {
        assert_no_negative(d, &[&histogram(&reader, device(d), year(2024)).current]);
    }

    assert!(
        failures.is_empty(),
        "golden files differ:\n{}",
        failures.join("\n")
    );
}
