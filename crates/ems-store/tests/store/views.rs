//! Partials by load, group and panel board, and comparisons of two scopes.

use crate::support::*;
use ems_model::DeviceId;
use ems_store::csv::{CsvOptions, comparison_csv, partials_csv};
use ems_store::query::{CompareQuery, HistoryReader, Partials, PartialsQuery, ScopedPoint};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::store::ConfigSource;
use ems_store::{HistoryWriter, StoreError};

/// At 10:00 local on 2026-06-10: heat 300 Wh, light 200 Wh, misc 48 Wh, main (excluded)
/// 1000 Wh, and 20 dm3 of gas.
fn hour_of_use(f: &Fixture) {
    f.append(wh_run("heat", "2026-06-10T08:00:00Z", 4, 75));
    f.append(wh_run("light", "2026-06-10T08:00:00Z", 4, 50));
    f.append(wh_run("misc", "2026-06-10T08:00:00Z", 4, 12));
    f.append(wh_run("main", "2026-06-10T08:00:00Z", 4, 250));
    f.append(
        (0..4)
            .map(|i| {
                counter(
                    "gas",
                    ts("2026-06-10T08:00:00Z") + jiff::SignedDuration::from_mins(15 * i),
                    point("gas_volume"),
                    5,
                )
            })
            .collect(),
    );
}

fn partials(f: &Fixture, kind: ScopeKind, point_name: &str) -> Partials {
    f.reader()
        .partials(&PartialsQuery {
            kind,
            point: point(point_name),
            period: day(2026, 6, 10),
        })
        .unwrap()
}

/// (key, amount at 10:00, coverage at 10:00) of every part.
fn at_ten(p: &Partials) -> Vec<(String, Option<i64>, f64)> {
    p.parts
        .iter()
        .map(|part| {
            let b = &part.current.buckets[10];
            (part.scope.key.clone(), b.amount, b.coverage)
        })
        .collect()
}

fn row(key: &str, amount: Option<i64>, coverage: f64) -> (String, Option<i64>, f64) {
    (key.to_owned(), amount, coverage)
}

#[test]
fn partials_by_load_list_the_loads_with_devices_and_others_last() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    hour_of_use(&f);
    let p = partials(&f, ScopeKind::Load, "energy_active_import");
    assert_eq!(
        at_ten(&p),
        [
            row("heating", Some(300), 1.0),
            row("lighting", Some(200), 1.0),
            row("others", Some(48), 1.0),
        ]
    );
    let names: Vec<&str> = p.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Heating", "Lighting", "Others"]);
    assert_eq!(p.parts[0].current.total, Some(300));
    assert_eq!(p.parts[0].previous.total, None);

    let gas = partials(&f, ScopeKind::Load, "gas_volume");
    assert_eq!(
        at_ten(&gas),
        [
            row("heating", None, 0.0),
            row("lighting", None, 0.0),
            row("others", Some(20), 1.0),
        ]
    );
    assert_eq!(gas.unit.symbol(), "dm3");
}

#[test]
fn partials_keep_a_load_that_lost_its_devices_while_it_has_data_in_the_period() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    hour_of_use(&f);
    let mut site = plant();
    site.devices
        .get_mut(&DeviceId::new("light").unwrap())
        .unwrap()
        .load = Some("sockets".to_owned());
    f.store.save_site(&site, ConfigSource::Api).unwrap();
    let p = partials(&f, ScopeKind::Load, "energy_active_import");
    assert_eq!(
        at_ten(&p),
        [
            row("heating", Some(300), 1.0),
            row("lighting", Some(200), 1.0),
            row("sockets", None, 0.0),
            row("others", Some(48), 1.0),
        ]
    );
}

#[test]
fn partials_by_group_and_panel_board_sum_their_devices() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    hour_of_use(&f);
    assert_eq!(
        at_ten(&partials(&f, ScopeKind::Group, "energy_active_import")),
        [
            row("tenant_a", Some(500), 1.0),
            row("tenant_b", Some(248), 1.0),
        ]
    );
    assert_eq!(
        at_ten(&partials(&f, ScopeKind::PanelBoard, "energy_active_import")),
        [row("pb1", Some(300), 1.0)]
    );
    let err = f
        .reader()
        .partials(&PartialsQuery {
            kind: ScopeKind::Device,
            point: energy(),
            period: day(2026, 6, 10),
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
}

#[test]
fn partials_render_as_csv_with_one_column_per_part() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    hour_of_use(&f);
    let csv = partials_csv(
        &partials(&f, ScopeKind::Group, "energy_active_import"),
        &CsvOptions::default(),
    );
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "period;start;end;label;Tenant A [Wh];Tenant B [Wh]"
    );
    assert_eq!(
        lines[11],
        "2026-06-10;2026-06-10T10:00:00+02:00;2026-06-10T11:00:00+02:00;10:00;500;248"
    );
    assert_eq!(
        lines[12],
        "2026-06-10;2026-06-10T11:00:00+02:00;2026-06-10T12:00:00+02:00;11:00;;"
    );
    assert_eq!(lines.len(), 1 + 24 + 24 + 1);
}

#[test]
fn two_devices_compare_side_by_side() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    hour_of_use(&f);
    let c = f
        .reader()
        .compare(&CompareQuery {
            first: ScopedPoint {
                scope: device("heat"),
                point: energy(),
            },
            second: ScopedPoint {
                scope: device("light"),
                point: energy(),
            },
            period: day(2026, 6, 10),
        })
        .unwrap();
    assert_eq!(c.first.name, "Heat pump");
    assert_eq!(c.second.name, "Lighting");
    assert_eq!(c.first.series.buckets[10].amount, Some(300));
    assert_eq!(c.second.series.buckets[10].amount, Some(200));
    assert_eq!(c.first.series.total, Some(300));
    assert_eq!(c.second.series.total, Some(200));
    let csv = comparison_csv(&c, &CsvOptions::default());
    assert_eq!(
        csv.split("\r\n").nth(11).unwrap(),
        "2026-06-10T10:00:00+02:00;2026-06-10T11:00:00+02:00;10:00;300;200"
    );
}

#[test]
fn energy_and_gas_can_only_be_compared_by_cost() {
    let f = Fixture::new("2026-07-01T00:00:00Z");
    hour_of_use(&f);
    let err = f
        .reader()
        .compare(&CompareQuery {
            first: ScopedPoint {
                scope: Scope::site(),
                point: energy(),
            },
            second: ScopedPoint {
                scope: device("gas"),
                point: point("gas_volume"),
            },
            period: day(2026, 6, 10),
        })
        .unwrap_err();
    match err {
        StoreError::Invalid(m) => assert!(m.contains("only be compared by cost"), "{m}"),
        other => panic!("{other:?}"),
    }
}
