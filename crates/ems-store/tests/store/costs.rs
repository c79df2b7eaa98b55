//! Costs by tariff: every interval priced when it is written with the rule and price in force at
//! that interval, rolled up for its device and aggregates; a tariff change prices new data
//! only, and a re-pricing rewrites the chosen days and is logged.

use crate::support::*;
use ems_model::site::SiteConfig;
use ems_model::tariff::{
    Commodity, Contract, CostRule, DatedPrice, Money, Price, Tariff, TariffPlan, TimeFrame,
    Weekdays,
};
use ems_store::event::{EventFilter, EventKind};
use ems_store::query::{CostQuery, Costs, HistoryReader};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::{SqliteStore, StoreOptions};
use ems_store::store::ConfigSource;
use ems_store::{HistoryWriter, Maintenance, RecordsReader};
use jiff::civil::Date;
use std::sync::Arc;

fn tariff(id: &str, prices: &[(Option<&str>, &str)]) -> Tariff {
    Tariff {
        id: id.to_owned(),
        name: id.to_uppercase(),
        colour: "#224466".to_owned(),
        prices: prices
            .iter()
            .map(|(from, price)| DatedPrice {
                from: from.map(|d| d.parse().unwrap()),
                price: Price::parse(price).unwrap(),
            })
            .collect(),
    }
}

fn rule(tariff: &str, frame: Option<(&str, &str)>, weekdays: Weekdays) -> CostRule {
    CostRule {
        tariff: tariff.to_owned(),
        valid: None,
        repeat_every_year: false,
        time_frame: frame.map(|(start, end)| TimeFrame {
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
        }),
        weekdays,
    }
}

fn contract(commodity: Commodity, tariffs: Vec<Tariff>, rules: Vec<CostRule>) -> Contract {
    Contract {
        commodity,
        import: TariffPlan { tariffs, rules },
        dynamic: None,
        export: None,
        standing_charge: None,
        demand_charge: None,
    }
}

/// Day (07:00–18:59) at `day_price`, night at 0.10, every day.
fn day_night(day_price: &str) -> Contract {
    contract(
        Commodity::Electricity,
        vec![
            tariff("day", &[(None, day_price)]),
            tariff("night", &[(None, "0.10")]),
        ],
        vec![
            rule("day", Some(("07:00", "18:59")), Weekdays::ALL),
            rule("night", None, Weekdays::ALL),
        ],
    )
}

fn plant_with(electricity: Option<Contract>) -> SiteConfig {
    let mut site = plant();
    site.tariffs.electricity = electricity;
    site
}

fn costs(f: &Fixture, scope: Scope, period: ems_store::calendar::Period) -> Costs {
    f.reader()
        .costs(&CostQuery {
            scope,
            point: energy(),
            period,
        })
        .unwrap()
}

/// (tariff, amount, cost in micro-units) of each share.
fn shares(shares: &[ems_store::query::TariffShare]) -> Vec<(&str, i64, Option<i64>)> {
    shares
        .iter()
        .map(|s| (s.tariff.as_str(), s.amount, s.cost.map(|c| c.0)))
        .collect()
}

const NOW: &str = "2026-07-01T00:00:00Z";

#[test]
fn each_interval_is_priced_by_the_rule_in_force_for_its_device_and_its_aggregates() {
    let f = Fixture::with_site(NOW, &plant_with(Some(day_night("0.30"))));
    // Rome is UTC+2 in June: 16:30Z–17:30Z is 18:30–19:30 local, two intervals of each tariff.
    f.append(wh_run("heat", "2026-06-10T16:30:00Z", 4, 100));
    f.append(wh_run("main", "2026-06-10T16:30:00Z", 4, 1000));
    let heat = costs(&f, device("heat"), day(2026, 6, 10));
    assert_eq!(
        shares(&heat.buckets[18].tariffs),
        vec![("day", 200, Some(60_000))]
    );
    assert_eq!(
        shares(&heat.buckets[19].tariffs),
        vec![("night", 200, Some(20_000))]
    );
    assert_eq!(heat.buckets[17].tariffs, vec![]);
    assert_eq!(heat.buckets[17].cost, None);
    assert_eq!(heat.cost, Some(Money(80_000)));
    assert_eq!(
        shares(&heat.tariffs),
        vec![("day", 200, Some(60_000)), ("night", 200, Some(20_000))]
    );
    // The heat pump's aggregates carry its costs; the main meter, excluded from totals, only
    // its own.
    for scope in [
        Scope::site(),
        load("heating"),
        Scope::new(ScopeKind::Group, "tenant_a"),
        Scope::new(ScopeKind::PanelBoard, "pb1"),
    ] {
        assert_eq!(
            costs(&f, scope.clone(), day(2026, 6, 10)).cost,
            Some(Money(80_000)),
            "{scope}"
        );
    }
    assert_eq!(
        costs(&f, device("main"), day(2026, 6, 10)).cost,
        Some(Money(800_000))
    );
    // Months, years and ten years sum the same costs.
    for period in [month(2026, 6), year(2026), decade(2026)] {
        let c = costs(&f, Scope::site(), period);
        assert_eq!(c.cost, Some(Money(80_000)), "{period:?}");
        assert_eq!(shares(&c.tariffs), shares(&heat.tariffs), "{period:?}");
    }
    let by_month = costs(&f, Scope::site(), year(2026));
    assert_eq!(by_month.buckets[5].cost, Some(Money(80_000)));
}

#[test]
fn an_interval_across_a_frame_edge_is_split_pro_rata_and_a_corrected_amount_reprices_it() {
    let f = Fixture::with_site(NOW, &plant_with(Some(day_night("0.30"))));
    // A 60-minute interval 18:30–19:30 local: half at each tariff.
    let mut r = counter("heat", ts("2026-06-10T16:30:00Z"), energy(), 1000);
    r.minutes = 60;
    f.append(vec![r.clone()]);
    let c = costs(&f, device("heat"), day(2026, 6, 10));
    assert_eq!(
        shares(&c.tariffs),
        vec![("day", 500, Some(150_000)), ("night", 500, Some(50_000))]
    );
    // The interval's amount is corrected: its cost follows, nothing is counted twice.
    r.counters[0].delta = 2000;
    f.append(vec![r]);
    let c = costs(&f, Scope::site(), day(2026, 6, 10));
    assert_eq!(
        shares(&c.tariffs),
        vec![("day", 1000, Some(300_000)), ("night", 1000, Some(100_000))]
    );
    assert_eq!(c.cost, Some(Money(400_000)));
}

#[test]
fn a_site_without_rules_gets_no_costs_and_uncovered_intervals_stay_unpriced() {
    let f = Fixture::new(NOW);
    f.append(wh_run("heat", "2026-06-10T10:00:00Z", 4, 100));
    let c = costs(&f, Scope::site(), day(2026, 6, 10));
    assert_eq!(c.tariffs, vec![]);
    assert_eq!(c.cost, None);
    let count: i64 = f
        .raw_connection()
        .query_row("SELECT count(*) FROM cost_rollup", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "no cost rows at all");

    // Weekdays only: Sunday 2026-06-14 is covered by no rule; its amount is filed unpriced.
    let weekdays = Weekdays::MONDAY_TO_FRIDAY;
    let site = plant_with(Some(contract(
        Commodity::Electricity,
        vec![tariff("weekday", &[(None, "0.25")])],
        vec![rule("weekday", None, weekdays)],
    )));
    let f = Fixture::with_site(NOW, &site);
    // Sunday 23:30 local to Monday 00:30 local.
    f.append(wh_run("heat", "2026-06-14T21:30:00Z", 4, 100));
    let sunday = costs(&f, Scope::site(), day(2026, 6, 14));
    assert_eq!(shares(&sunday.tariffs), vec![("", 200, None)]);
    assert_eq!(sunday.cost, None);
    assert_eq!(sunday.unpriced_amount(), 200);
    let week = costs(&f, Scope::site(), month(2026, 6));
    assert_eq!(
        shares(&week.tariffs),
        vec![("weekday", 200, Some(50_000)), ("", 200, None)]
    );
}

#[test]
fn a_price_change_prices_new_data_and_a_repricing_rewrites_only_the_chosen_days() {
    let f = Fixture::with_site(NOW, &plant_with(Some(day_night("0.30"))));
    // 10:00 local on three days, 1 kWh each.
    for d in [10, 11, 12] {
        f.append(vec![wh("heat", &format!("2026-06-{d}T08:00:00Z"), 1000)]);
    }
    // The day price is changed in place (not dated): data written from now on gets it.
    f.store
        .save_site(&plant_with(Some(day_night("0.50"))), ConfigSource::Api)
        .unwrap();
    f.append(vec![wh("heat", "2026-06-13T08:00:00Z", 1000)]);
    let daily = |f: &Fixture| -> Vec<Option<i64>> {
        let c = costs(f, Scope::site(), month(2026, 6));
        (9..13).map(|d| c.buckets[d].cost.map(|m| m.0)).collect()
    };
    assert_eq!(
        daily(&f),
        vec![Some(300_000), Some(300_000), Some(300_000), Some(500_000)]
    );
    // Re-pricing the 11th and 12th applies the new price to them only.
    let report = f
        .store
        .reprice(
            Date::new(2026, 6, 11).unwrap(),
            Date::new(2026, 6, 12).unwrap(),
            "admin",
        )
        .unwrap();
    assert_eq!(report.intervals, 2);
    assert_eq!(
        daily(&f),
        vec![Some(300_000), Some(500_000), Some(500_000), Some(500_000)]
    );
    // Every level agrees, for every scope.
    for scope in [Scope::site(), device("heat"), load("heating")] {
        assert_eq!(
            costs(&f, scope.clone(), month(2026, 6)).cost,
            Some(Money(1_800_000)),
            "{scope}"
        );
        assert_eq!(
            costs(&f, scope.clone(), year(2026)).cost,
            Some(Money(1_800_000)),
            "{scope}"
        );
        assert_eq!(
            costs(&f, scope.clone(), day(2026, 6, 11)).buckets[10].cost,
            Some(Money(500_000)),
            "{scope}"
        );
    }
    let events = f
        .reader()
        .events(&EventFilter {
            kinds: vec![EventKind::CostsRepriced],
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].event.message,
        "costs from 2026-06-11 to 2026-06-12 priced again by admin (2 intervals)"
    );
    // A period that ends before it starts is refused, naming both.
    let error = f
        .store
        .reprice(
            Date::new(2026, 6, 12).unwrap(),
            Date::new(2026, 6, 11).unwrap(),
            "admin",
        )
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("ends (2026-06-11) before it starts (2026-06-12)")
    );
}

#[test]
fn a_dated_price_applies_from_its_date_without_repricing() {
    let mut contract = day_night("0.30");
    contract.import.tariffs[0] = tariff("day", &[(None, "0.30"), (Some("2026-06-12"), "0.40")]);
    let f = Fixture::with_site(NOW, &plant_with(Some(contract)));
    for d in [11, 12] {
        f.append(vec![wh("heat", &format!("2026-06-{d}T08:00:00Z"), 1000)]);
    }
    let c = costs(&f, Scope::site(), month(2026, 6));
    assert_eq!(c.buckets[10].cost, Some(Money(300_000)));
    assert_eq!(c.buckets[11].cost, Some(Money(400_000)));
}

#[test]
fn costs_survive_a_restart_and_a_rebuild_prices_with_the_contract_in_force() {
    let f = Fixture::with_site(NOW, &plant_with(Some(day_night("0.30"))));
    f.append(vec![wh("heat", "2026-06-10T08:00:00Z", 1000)]);
    f.store.close().unwrap();
    // Reopened without saving the site again: the stored contract still prices.
    let clock = Arc::new(ems_model::ManualClock::new(ts(NOW)));
    let store = SqliteStore::open(f.dir.path(), StoreOptions::default(), clock).unwrap();
    store
        .append(vec![wh("heat", "2026-06-11T08:00:00Z", 1000)])
        .unwrap();
    let reader = store.reader().unwrap();
    let query = CostQuery {
        scope: Scope::site(),
        point: energy(),
        period: month(2026, 6),
    };
    assert_eq!(reader.costs(&query).unwrap().cost, Some(Money(600_000)));
    store.rebuild_rollups().unwrap();
    assert_eq!(reader.costs(&query).unwrap().cost, Some(Money(600_000)));
    let c = reader
        .costs(&CostQuery {
            period: day(2026, 6, 11),
            ..query
        })
        .unwrap();
    assert_eq!(shares(&c.tariffs), vec![("day", 1000, Some(300_000))]);
}

#[test]
fn gas_is_priced_per_cubic_metre_and_other_counters_are_refused() {
    let mut site = plant();
    site.tariffs.gas = Some(contract(
        Commodity::Gas,
        vec![tariff("gas", &[(None, "1.20")])],
        vec![rule("gas", None, Weekdays::ALL)],
    ));
    let f = Fixture::with_site(NOW, &site);
    f.append(vec![counter(
        "gas",
        ts("2026-06-10T08:00:00Z"),
        point("gas_volume"),
        2500,
    )]);
    let c = f
        .reader()
        .costs(&CostQuery {
            scope: Scope::site(),
            point: point("gas_volume"),
            period: day(2026, 6, 10),
        })
        .unwrap();
    // 2.5 m³ × 1.20.
    assert_eq!(shares(&c.tariffs), vec![("gas", 2500, Some(3_000_000))]);
    assert_eq!(c.unit.symbol(), "dm3");
    let error = f
        .reader()
        .costs(&CostQuery {
            scope: Scope::site(),
            point: point("energy_reactive_import"),
            period: day(2026, 6, 10),
        })
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "energy_reactive_import is not priced: costs are kept of \
         energy_active_import, energy_active_export, gas_volume, water_volume"
    );
}

#[test]
fn a_format_3_store_is_upgraded_and_priced_from_then_on() {
    let f = Fixture::new(NOW);
    f.append(vec![wh("heat", "2026-06-10T08:00:00Z", 1000)]);
    f.store.close().unwrap();
    {
        let conn = f.raw_connection();
        conn.execute_batch(
            "DROP TABLE cost_rollup; DROP TABLE cost_tariff; DROP TABLE imported_price;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let store = SqliteStore::open(f.dir.path(), StoreOptions::default(), f.clock.clone()).unwrap();
    // The energy stored before stays; the contract saved now prices what comes next.
    store
        .save_site(&plant_with(Some(day_night("0.30"))), ConfigSource::Api)
        .unwrap();
    store
        .append(vec![wh("heat", "2026-06-11T08:00:00Z", 1000)])
        .unwrap();
    let reader = store.reader().unwrap();
    let c = reader
        .costs(&CostQuery {
            scope: Scope::site(),
            point: energy(),
            period: month(2026, 6),
        })
        .unwrap();
    assert_eq!(c.buckets[9].cost, None);
    assert_eq!(c.buckets[10].cost, Some(Money(300_000)));
    store.close().unwrap();
}

#[test]
fn imported_prices_with_a_surcharge_price_what_follows_and_a_new_import_replaces_their_span() {
    let mut dynamic = contract(Commodity::Electricity, vec![], vec![]);
    dynamic.dynamic = Some(ems_model::tariff::DynamicPricing {
        surcharge: Price::parse("0.02").unwrap(),
    });
    let f = Fixture::with_site(NOW, &plant_with(Some(dynamic)));
    let hour = |h: i64| ts("2026-06-10T00:00:00Z") + jiff::SignedDuration::from_hours(h);
    let price = |p: &str| Price::parse(p).unwrap();
    let report = f
        .store
        .import_prices(
            Commodity::Electricity,
            vec![
                (hour(8), hour(9), price("0.10")),
                (hour(9), hour(10), price("0.30")),
            ],
            "admin",
        )
        .unwrap();
    assert_eq!((report.imported, report.replaced), (2, 0));
    // 08:00Z–11:00Z, 1 kWh an hour: 0.12 + 0.32, and the third hour has no price.
    f.append(wh_run("heat", "2026-06-10T08:00:00Z", 12, 250));
    let c = costs(&f, device("heat"), day(2026, 6, 10));
    assert_eq!(
        shares(&c.tariffs),
        vec![("dynamic", 2000, Some(440_000)), ("", 1000, None)]
    );
    // A new import over 09:00–11:00 replaces the 09:00 entry and prices from now on.
    let report = f
        .store
        .import_prices(
            Commodity::Electricity,
            vec![(hour(9), hour(11), price("0.50"))],
            "admin",
        )
        .unwrap();
    assert_eq!((report.imported, report.replaced), (1, 1));
    let stored = f
        .reader()
        .imported_prices(Commodity::Electricity, hour(0), hour(24))
        .unwrap();
    assert_eq!(
        stored,
        vec![
            (hour(8), hour(9), price("0.10")),
            (hour(9), hour(11), price("0.50"))
        ]
    );
    // Stored costs change only when priced again.
    assert_eq!(costs(&f, device("heat"), day(2026, 6, 10)).cost, c.cost);
    let day10 = Date::new(2026, 6, 10).unwrap();
    f.store.reprice(day10, day10, "admin").unwrap();
    let c = costs(&f, device("heat"), day(2026, 6, 10));
    assert_eq!(shares(&c.tariffs), vec![("dynamic", 3000, Some(1_160_000))]);
    // Overlapping entries are refused, nothing stored.
    let error = f
        .store
        .import_prices(
            Commodity::Electricity,
            vec![
                (hour(12), hour(14), price("0.1")),
                (hour(13), hour(15), price("0.1")),
            ],
            "admin",
        )
        .unwrap_err();
    assert!(error.to_string().contains("overlaps"), "{error}");
    let events = f
        .reader()
        .events(&EventFilter {
            kinds: vec![EventKind::PricesImported],
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].event.message,
        "1 electricity prices from 2026-06-10T09:00:00Z to 2026-06-10T11:00:00Z imported by admin (1 replaced)"
    );
}

#[test]
fn the_costs_of_a_format_5_store_are_kept_through_its_upgrade() {
    let f = Fixture::with_site(NOW, &plant_with(Some(day_night("0.30"))));
    // Both tariffs, two devices, two days; one interval estimated.
    f.append(wh_run("heat", "2026-06-10T16:30:00Z", 4, 100));
    f.append(wh_run("main", "2026-06-10T16:30:00Z", 4, 1000));
    f.append(wh_run("light", "2026-06-11T03:00:00Z", 2, 50));
    let scopes = [
        device("heat"),
        device("light"),
        Scope::site(),
        load("heating"),
    ];
    let periods = [day(2026, 6, 10), month(2026, 6), year(2026), decade(2026)];
    let read = |f: &Fixture| -> Vec<Costs> {
        let mut all = Vec::new();
        for scope in &scopes {
            for period in periods {
                all.push(costs(f, scope.clone(), period));
            }
        }
        all
    };
    let before = read(&f);
    assert_eq!(
        before[9].cost,
        Some(Money(80_000 + 10_000)),
        "the site's June"
    );
    f.store.close().unwrap();
    // The rows as format 4 wrote them: one per level, period, scope, counter and tariff.
    {
        let conn = f.raw_connection();
        let names: std::collections::HashMap<i64, String> = conn
            .prepare("SELECT id, name FROM cost_tariff")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let rows: Vec<(i64, i64, i64, Vec<u8>)> = conn
            .prepare("SELECT level, period, scope, data FROM cost_rollup")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        conn.execute_batch(
            "DROP TABLE cost_rollup; DROP TABLE cost_tariff;
             CREATE TABLE cost_rollup (
                 level INTEGER NOT NULL, period INTEGER NOT NULL,
                 scope INTEGER NOT NULL REFERENCES scope (id),
                 point INTEGER NOT NULL REFERENCES point (id),
                 tariff TEXT NOT NULL, quantity BLOB NOT NULL, cost BLOB NOT NULL,
                 PRIMARY KEY (level, period, scope, point, tariff)
             ) WITHOUT ROWID;
             PRAGMA user_version = 5;",
        )
        .unwrap();
        for (level, period, scope, data) in rows {
            for entry in ems_store::codec::decode_cost_row(&data).unwrap() {
                let quantity: Vec<_> = entry.slots.iter().map(|s| s.quantity).collect();
                let cost: Vec<_> = entry
                    .slots
                    .iter()
                    .map(|s| ems_store::codec::Slot {
                        amount: s.cost,
                        ..Default::default()
                    })
                    .collect();
                conn.execute(
                    "INSERT INTO cost_rollup VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    rusqlite::params![
                        level,
                        period,
                        scope,
                        entry.point,
                        names[&entry.tariff],
                        ems_store::codec::encode_slots(&quantity),
                        ems_store::codec::encode_slots(&cost),
                    ],
                )
                .unwrap();
            }
        }
    }
    let store = SqliteStore::open(f.dir.path(), StoreOptions::default(), f.clock.clone()).unwrap();
    let upgraded = Fixture {
        store,
        dir: f.dir,
        clock: f.clock,
    };
    assert_eq!(read(&upgraded), before);
    let version: u32 = upgraded
        .raw_connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 6);
    upgraded.store.close().unwrap();
}

#[test]
fn a_repricing_across_months_replaces_exactly_the_chosen_days_of_each() {
    let f = Fixture::with_site(NOW, &plant_with(Some(day_night("0.30"))));
    // 08:00Z (day time in Rome) on the first and last days of March, April and May, and
    // mid-April; 1 kWh of the heat pump and 2 kWh of the lighting each time.
    let days = [
        "03-01", "03-31", "04-01", "04-15", "04-30", "05-01", "05-31",
    ];
    for d in days {
        f.append(vec![
            wh("heat", &format!("2026-{d}T08:00:00Z"), 1000),
            wh("light", &format!("2026-{d}T08:00:00Z"), 2000),
        ]);
    }
    f.store
        .save_site(&plant_with(Some(day_night("0.50"))), ConfigSource::Api)
        .unwrap();
    // From the last day of March to the first of May: five of the seven days.
    let report = f
        .store
        .reprice(
            Date::new(2026, 3, 31).unwrap(),
            Date::new(2026, 5, 1).unwrap(),
            "admin",
        )
        .unwrap();
    assert_eq!(report.intervals, 2 * 5);
    let cost = |scope: Scope, period| costs(&f, scope, period).cost.map(|m| m.0);
    for (scope, kwh) in [
        (device("heat"), 1),
        (device("light"), 2),
        (Scope::site(), 3),
    ] {
        let (old, new) = (300_000 * kwh, 500_000 * kwh);
        for (d, expected) in [
            ((3, 1), old),
            ((3, 31), new),
            ((4, 1), new),
            ((4, 15), new),
            ((4, 30), new),
            ((5, 1), new),
            ((5, 31), old),
        ] {
            let c = costs(&f, scope.clone(), day(2026, d.0, d.1));
            assert_eq!(c.cost.map(|m| m.0), Some(expected), "{scope} {d:?}");
        }
        assert_eq!(
            cost(scope.clone(), month(2026, 3)),
            Some(old + new),
            "{scope}"
        );
        assert_eq!(
            cost(scope.clone(), month(2026, 4)),
            Some(3 * new),
            "{scope}"
        );
        assert_eq!(
            cost(scope.clone(), month(2026, 5)),
            Some(new + old),
            "{scope}"
        );
        let by_month = costs(&f, scope.clone(), year(2026));
        let months: Vec<_> = (2..5)
            .map(|m| by_month.buckets[m].cost.map(|c| c.0))
            .collect();
        assert_eq!(
            months,
            [Some(old + new), Some(3 * new), Some(new + old)],
            "{scope}"
        );
        assert_eq!(
            by_month.cost.map(|m| m.0),
            Some(2 * old + 5 * new),
            "{scope}"
        );
    }
    // Pricing the same days again with the same contract changes nothing.
    let before = costs(&f, Scope::site(), year(2026));
    f.store
        .reprice(
            Date::new(2026, 3, 31).unwrap(),
            Date::new(2026, 5, 1).unwrap(),
            "admin",
        )
        .unwrap();
    assert_eq!(costs(&f, Scope::site(), year(2026)), before);
}

#[test]
fn a_damaged_block_stops_a_repricing_and_leaves_every_cost_as_it_was() {
    let f = Fixture::with_site(NOW, &plant_with(Some(day_night("0.30"))));
    for d in [10, 11] {
        f.append(vec![wh("heat", &format!("2026-06-{d}T08:00:00Z"), 1000)]);
    }
    let before = costs(&f, Scope::site(), month(2026, 6));
    f.raw_connection()
        .execute(
            "UPDATE block SET data = X'01FF' WHERE start = ?1",
            [ts("2026-06-11T08:00:00Z").as_second()],
        )
        .unwrap();
    f.store
        .save_site(&plant_with(Some(day_night("0.50"))), ConfigSource::Api)
        .unwrap();
    let error = f
        .store
        .reprice(
            Date::new(2026, 6, 1).unwrap(),
            Date::new(2026, 6, 30).unwrap(),
            "admin",
        )
        .unwrap_err();
    assert!(
        error.to_string().starts_with(
            "stored data is damaged: the intervals of device heat from 2026-06-11T08:00:00Z \
             cannot be read:"
        ),
        "{error}"
    );
    assert_eq!(costs(&f, Scope::site(), month(2026, 6)), before);
    let repriced = f
        .reader()
        .events(&EventFilter {
            kinds: vec![EventKind::CostsRepriced],
            ..EventFilter::default()
        })
        .unwrap();
    assert!(repriced.is_empty());
}
