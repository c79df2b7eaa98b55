//! Histograms of one scope: day by hour, month by day, year by month, ten years by year, with
//! the previous period beside them; DST days; gaps, coverage and estimates; exclusion from
//! totals; errors.

use crate::support::*;
use ems_model::{Point, Unit};
use ems_store::StoreError;
use ems_store::query::{Histogram, HistogramQuery, HistoryReader};
use ems_store::scope::Scope;

fn histogram(
    f: &Fixture,
    scope: Scope,
    point: Point,
    period: ems_store::calendar::Period,
) -> Histogram {
    f.reader()
        .histogram(&HistogramQuery {
            scope,
            point,
            period,
        })
        .unwrap()
}

fn amounts(h: &Histogram) -> Vec<Option<i64>> {
    h.current.buckets.iter().map(|b| b.amount).collect()
}

/// Heat pump on 2026-06-10 (Rome, UTC+2): 400 Wh in the first local hour (four intervals),
/// 500 Wh at 13:00 (two intervals); 200 Wh at 05:00 the day before.
fn june(f: &Fixture) {
    f.append(wh_run("heat", "2026-06-09T22:00:00Z", 4, 100));
    f.append(wh_run("heat", "2026-06-10T11:00:00Z", 2, 250));
    f.append(wh_run("heat", "2026-06-09T03:00:00Z", 4, 50));
}

#[test]
fn a_day_by_hour_has_exact_amounts_in_local_hours_and_yesterday_beside_it() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    june(&f);
    let h = histogram(&f, device("heat"), energy(), day(2026, 6, 10));
    assert_eq!(h.name, "Heat pump");
    assert_eq!(h.unit, Unit::WattHour);
    assert_eq!(h.current.buckets.len(), 24);
    assert_eq!(h.current.buckets[0].start, ts("2026-06-09T22:00:00Z"));
    assert_eq!(h.current.buckets[0].label, "00:00");
    assert_eq!(h.current.buckets[13].label, "13:00");
    let mut expected = vec![None; 24];
    expected[0] = Some(400);
    expected[13] = Some(500);
    assert_eq!(amounts(&h), expected);
    assert_eq!(h.current.buckets[0].coverage, 1.0);
    assert_eq!(h.current.buckets[13].coverage, 0.5);
    assert_eq!(h.current.total, Some(900));
    assert_eq!(h.previous.period.label, "2026-06-09");
    assert_eq!(h.previous.buckets[5].amount, Some(200));
    assert_eq!(h.previous.buckets[5].label, "05:00");
    assert_eq!(h.previous.total, Some(200));
}

#[test]
fn a_month_by_day_and_a_year_by_month_hold_the_same_amounts() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    june(&f);
    let m = histogram(&f, device("heat"), energy(), month(2026, 6));
    assert_eq!(m.current.buckets.len(), 30);
    assert_eq!(m.current.buckets[9].label, "2026-06-10");
    assert_eq!(m.current.buckets[9].amount, Some(900));
    assert_eq!(m.current.buckets[8].amount, Some(200));
    assert_eq!(m.current.buckets[9].coverage, 90.0 / 1440.0);
    assert_eq!(m.current.total, Some(1100));
    assert_eq!(m.previous.period.label, "2026-05");
    assert_eq!(m.previous.buckets.len(), 31);
    assert_eq!(m.previous.total, None);

    let y = histogram(&f, device("heat"), energy(), year(2026));
    assert_eq!(y.current.buckets.len(), 12);
    assert_eq!(y.current.buckets[5].label, "2026-06");
    let mut expected = vec![None; 12];
    expected[5] = Some(1100);
    assert_eq!(amounts(&y), expected);
    assert_eq!(y.previous.period.label, "2025");
    assert!(y.previous.buckets.iter().all(|b| b.amount.is_none()));
}

#[test]
fn ten_years_by_local_year_with_the_ten_before_beside_them() {
    let f = Fixture::new("2026-12-01T00:00:00Z");
    // 2016-12-31 23:30 UTC is already 2017 in Rome.
    f.append(vec![
        wh("heat", "2016-12-31T23:30:00Z", 7),
        wh("heat", "2017-07-01T10:00:00Z", 10),
        wh("heat", "2020-02-29T10:00:00Z", 20),
        wh("heat", "2026-06-10T10:00:00Z", 30),
        wh("heat", "2016-06-01T10:00:00Z", 5),
    ]);
    let h = histogram(&f, device("heat"), energy(), decade(2026));
    assert_eq!(h.current.period.label, "2017–2026");
    let labels: Vec<&str> = h.current.buckets.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"
        ]
    );
    assert_eq!(
        amounts(&h),
        [
            Some(17),
            None,
            None,
            Some(20),
            None,
            None,
            None,
            None,
            None,
            Some(30)
        ]
    );
    assert_eq!(h.current.total, Some(67));
    assert_eq!(h.previous.period.label, "2007–2016");
    assert_eq!(h.previous.buckets[9].amount, Some(5));
    assert_eq!(h.previous.total, Some(5));
}

#[test]
fn a_spring_day_has_23_hours_and_an_autumn_day_25_with_amounts_in_their_local_hours() {
    let f = Fixture::new("2026-12-01T00:00:00Z");
    f.append(vec![
        wh("heat", "2026-03-29T00:00:00Z", 10), // 01:00 CET
        wh("heat", "2026-03-29T01:00:00Z", 20), // 03:00 CEST, the hour after 01:00
        wh("heat", "2026-03-29T21:45:00Z", 30), // 23:45 CEST
        wh("heat", "2026-03-29T22:00:00Z", 99), // 00:00 the next day
        wh("heat", "2026-10-25T00:30:00Z", 1),  // 02:30 CEST
        wh("heat", "2026-10-25T01:30:00Z", 2),  // 02:30 CET, the second time
        wh("heat", "2026-10-25T22:45:00Z", 3),  // 23:45 CET
        wh("heat", "2026-10-25T23:00:00Z", 99), // 00:00 the next day
    ]);
    let spring = histogram(&f, device("heat"), energy(), day(2026, 3, 29));
    let b = &spring.current.buckets;
    assert_eq!(b.len(), 23);
    assert_eq!((b[1].label.as_str(), b[1].amount), ("01:00", Some(10)));
    assert_eq!((b[2].label.as_str(), b[2].amount), ("03:00", Some(20)));
    assert_eq!((b[22].label.as_str(), b[22].amount), ("23:00", Some(30)));
    assert_eq!(b[1].coverage, 0.25);
    assert_eq!(spring.current.total, Some(60));

    let autumn = histogram(&f, device("heat"), energy(), day(2026, 10, 25));
    let b = &autumn.current.buckets;
    assert_eq!(b.len(), 25);
    assert_eq!((b[2].label.as_str(), b[2].amount), ("02:00", Some(1)));
    assert_eq!((b[3].label.as_str(), b[3].amount), ("02:00", Some(2)));
    assert_eq!(b[3].start, ts("2026-10-25T01:00:00Z"));
    assert_eq!((b[24].label.as_str(), b[24].amount), ("23:00", Some(3)));
    assert_eq!(autumn.current.total, Some(6));
    // The month and the year count each day once.
    let october = histogram(&f, device("heat"), energy(), month(2026, 10));
    assert_eq!(october.current.buckets[24].amount, Some(6));
    assert_eq!(october.current.buckets[25].amount, Some(99));
    let y = histogram(&f, device("heat"), energy(), year(2026));
    assert_eq!(y.current.buckets[2].amount, Some(60 + 99));
    assert_eq!(y.current.buckets[9].amount, Some(6 + 99));
}

#[test]
fn a_gap_has_no_amount_while_a_measured_zero_has_one_and_partial_hours_show_their_coverage() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    f.append(wh_run("heat", "2026-06-09T22:00:00Z", 4, 0)); // 00:00, measured, nothing used
    f.append(wh_run("heat", "2026-06-09T23:00:00Z", 2, 100)); // 01:00, half measured
    // 02:00: nothing measured.
    let mut three = wh_run("heat", "2026-06-10T01:00:00Z", 4, 50); // 03:00
    three[1] = estimated(three[1].clone());
    f.append(three);
    f.append(wh_run("light", "2026-06-10T01:00:00Z", 4, 25));
    let h = histogram(&f, device("heat"), energy(), day(2026, 6, 10));
    let b = &h.current.buckets;
    assert_eq!((b[0].amount, b[0].coverage), (Some(0), 1.0));
    assert_eq!((b[1].amount, b[1].coverage), (Some(200), 0.5));
    assert_eq!((b[2].amount, b[2].coverage), (None, 0.0));
    assert_eq!((b[3].amount, b[3].coverage), (Some(200), 1.0));
    assert!(b[3].estimated);
    assert!(!b[0].estimated && !b[1].estimated && !b[2].estimated);
    let m = histogram(&f, device("heat"), energy(), month(2026, 6));
    assert!(m.current.buckets[9].estimated);
    assert!(!m.current.buckets[8].estimated);

    // The site counts the two devices that record energy (the gas meter does not).
    let site = histogram(&f, Scope::site(), energy(), day(2026, 6, 10));
    let b = &site.current.buckets;
    assert_eq!((b[0].amount, b[0].coverage), (Some(0), 0.5));
    assert_eq!((b[1].amount, b[1].coverage), (Some(200), 0.25));
    assert_eq!((b[3].amount, b[3].coverage), (Some(300), 1.0));
    assert!(b[3].estimated);
}

#[test]
fn a_device_excluded_from_totals_has_its_own_histogram_but_counts_in_no_aggregate() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    f.append(wh_run("main", "2026-06-10T08:00:00Z", 4, 250));
    f.append(wh_run("heat", "2026-06-10T08:00:00Z", 3, 100));
    let own = histogram(&f, device("main"), energy(), day(2026, 6, 10));
    assert_eq!(own.current.buckets[10].amount, Some(1000));
    assert_eq!(own.current.total, Some(1000));
    for scope in [Scope::site(), load("heating")] {
        for period in [day(2026, 6, 10), month(2026, 6), year(2026), decade(2026)] {
            let h = histogram(&f, scope.clone(), energy(), period);
            assert_eq!(h.current.total, Some(300), "{scope} {period:?}");
        }
    }
}

#[test]
fn unknown_scopes_and_momentary_points_are_refused_with_a_reason() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    f.append(wh_run("heat", "2026-06-10T08:00:00Z", 1, 100));
    let reader = f.reader();
    let ask = |scope: Scope, point: Point| {
        reader.histogram(&HistogramQuery {
            scope,
            point,
            period: day(2026, 6, 10),
        })
    };
    match ask(load("nowhere"), energy()) {
        Err(StoreError::Invalid(m)) => assert!(m.contains("load:nowhere"), "{m}"),
        other => panic!("{other:?}"),
    }
    match ask(device("heat"), point("voltage_l1")) {
        Err(StoreError::Invalid(m)) => {
            assert!(m.contains("histograms are for counters"), "{m}");
            assert!(m.contains("time series"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        ask(Scope::site(), point("run_time")),
        Err(StoreError::Invalid(_))
    ));
    // A counter never stored is no error: every bucket is a gap.
    let water = ask(Scope::site(), point("water_volume")).unwrap();
    assert_eq!(water.unit.symbol(), "dm3");
    assert!(water.current.buckets.iter().all(|b| b.amount.is_none()));
    assert_eq!(water.current.total, None);
}

#[test]
fn a_histogram_serialises_with_rfc3339_times_point_names_unit_symbols_and_null_gaps() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    june(&f);
    let h = histogram(&f, device("heat"), energy(), day(2026, 6, 10));
    let json = serde_json::to_value(&h).unwrap();
    assert_eq!(json["scope"], "device:heat");
    assert_eq!(json["point"], "energy_active_import");
    assert_eq!(json["unit"], "Wh");
    assert_eq!(json["time_zone"], "Europe/Rome");
    assert_eq!(json["current"]["period"]["kind"], "day");
    assert_eq!(json["current"]["period"]["first"], "2026-06-10");
    assert_eq!(json["current"]["period"]["start"], "2026-06-09T22:00:00Z");
    let b = &json["current"]["buckets"];
    assert_eq!(b[0]["start"], "2026-06-09T22:00:00Z");
    assert_eq!(b[0]["end"], "2026-06-09T23:00:00Z");
    assert_eq!(b[0]["amount"], 400);
    assert_eq!(b[1]["amount"], serde_json::Value::Null);
    assert_eq!(json["current"]["total"], 900);
}
