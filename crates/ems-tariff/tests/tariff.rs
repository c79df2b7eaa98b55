//! The tariff engine against golden files: the seeds' examples, DST days, price changes, New
//! Year, dynamic prices, standing and demand charges, gas.

// Helpers outside `#[test]` functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::PathBuf;

use ems_model::DeviceId;
use ems_model::tariff::{
    ChargePeriod, Commodity, CostRule, DatedPrice, DemandCharge, DynamicPrices, GasFactor, Money,
    Price, StandingCharge, Tariff, TimeFrame, Validity, Weekdays,
};
use ems_tariff::{
    Costed, DynamicPricer, Piece, PriceSource, Pricer, RuleSet, demand_by_month, demand_charge,
    standing_charge,
};
use jiff::civil::{Date, Weekday, date, time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/{name}.txt"))
}

fn rome() -> TimeZone {
    TimeZone::get("Europe/Rome").unwrap()
}

fn local(tz: &TimeZone, d: Date, hour: i8, minute: i8) -> Timestamp {
    d.at(hour, minute, 0, 0)
        .to_zoned(tz.clone())
        .unwrap()
        .timestamp()
}

fn price(text: &str) -> Price {
    Price::parse(text).unwrap()
}

fn tariff(id: &str, name: &str, prices: &[(Option<Date>, &str)]) -> Tariff {
    Tariff {
        id: id.into(),
        name: name.into(),
        colour: "#3366cc".into(),
        prices: prices
            .iter()
            .map(|&(from, p)| DatedPrice {
                from,
                price: price(p),
            })
            .collect(),
    }
}

fn rule(tariff: &str) -> CostRule {
    CostRule {
        tariff: tariff.into(),
        valid: None,
        repeat_every_year: false,
        time_frame: None,
        weekdays: Weekdays::ALL,
    }
}

fn frame(start: (i8, i8), end: (i8, i8)) -> Option<TimeFrame> {
    Some(TimeFrame {
        start: time(start.0, start.1, 0, 0),
        end: time(end.0, end.1, 0, 0),
    })
}

fn valid(from: Date, to: Date) -> Option<Validity> {
    Some(Validity { from, to: Some(to) })
}

/// 1234567 → "1 234 567".
fn group(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}

fn when(tz: &TimeZone, at: Timestamp) -> String {
    at.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M%:z")
        .to_string()
}

/// The end of a span: only the time when it is on the start's local date or at the next
/// midnight.
fn until(tz: &TimeZone, start: Timestamp, end: Timestamp) -> String {
    let (s, e) = (start.to_zoned(tz.clone()), end.to_zoned(tz.clone()));
    if s.date() == e.date() {
        e.strftime("%H:%M%:z").to_string()
    } else {
        when(tz, end)
    }
}

fn span(tz: &TimeZone, start: Timestamp, end: Timestamp) -> String {
    format!("{} → {}", when(tz, start), until(tz, start, end))
}

fn rule_text(piece: &Piece<'_>) -> String {
    match (piece.rule, piece.tariff) {
        (Some(r), Some(t)) => format!("rule {} ({t})", r + 1),
        _ => "no rule".into(),
    }
}

fn price_text(price: Option<Price>, unit: &str) -> String {
    price.map_or("no price".into(), |p| format!("{p}/{unit}"))
}

fn money(m: Option<Money>) -> String {
    m.map_or("not priced".into(), |m| m.to_string())
}

/// Writes a costed interval, one line per piece and its total, and checks the pieces sum to
/// the totals.
fn write_costed(
    out: &mut String,
    tz: &TimeZone,
    costed: &Costed<Piece<'_>>,
    commodity: Commodity,
    amount: i64,
) {
    write_pieces(out, tz, costed, commodity, amount);
    writeln!(out, "  total {}", costed.total).unwrap();
}

/// Writes a costed interval, one line per piece, and checks the pieces sum to the totals.
fn write_pieces(
    out: &mut String,
    tz: &TimeZone,
    costed: &Costed<Piece<'_>>,
    commodity: Commodity,
    amount: i64,
) {
    for p in &costed.pieces {
        writeln!(
            out,
            "  {} {} {} {} {} {}",
            span(tz, p.piece.start, p.piece.end),
            rule_text(&p.piece),
            price_text(p.piece.price, commodity.price_unit()),
            group(p.amount),
            commodity.amount_unit(),
            money(p.cost)
        )
        .unwrap();
    }
    let sum: i64 = costed
        .pieces
        .iter()
        .filter_map(|p| p.cost)
        .map(|m| m.0)
        .sum();
    assert_eq!(sum, costed.total.0, "the pieces sum to the total");
    let shares: i64 = costed.pieces.iter().map(|p| p.amount).sum();
    assert_eq!(shares, amount, "the shares sum to the amount");
}

fn write_gaps(out: &mut String, tz: &TimeZone, gaps: &[(Timestamp, Timestamp)]) {
    if gaps.is_empty() {
        writeln!(out, "gaps: none").unwrap();
    }
    for &(s, e) in gaps {
        writeln!(out, "gap: {} (not priced)", span(tz, s, e)).unwrap();
    }
}

/// The seeds' four examples, in the seeds' order.
fn seeds_rules() -> (Vec<Tariff>, Vec<CostRule>) {
    let tariffs = vec![
        tariff("t1", "Tariff 1", &[(None, "0.2345")]),
        tariff("t2", "Tariff 2", &[(None, "0.1567")]),
        tariff("t3", "Tariff 3", &[(None, "0.1")]),
    ];
    let march_2020 = CostRule {
        valid: valid(date(2020, 3, 1), date(2020, 3, 31)),
        ..rule("t3")
    };
    let christmas = CostRule {
        valid: valid(date(2020, 12, 25), date(2020, 12, 25)),
        repeat_every_year: true,
        ..rule("t2")
    };
    let weekday_day = CostRule {
        time_frame: frame((0, 0), (18, 59)),
        weekdays: Weekdays::MONDAY_TO_FRIDAY,
        ..rule("t1")
    };
    let weekday_evening = CostRule {
        time_frame: frame((19, 0), (23, 59)),
        weekdays: Weekdays::MONDAY_TO_FRIDAY,
        ..rule("t2")
    };
    (
        tariffs,
        vec![march_2020, christmas, weekday_day, weekday_evening],
    )
}

#[test]
fn the_seeds_four_examples_give_the_seeds_answers() {
    let tz = rome();
    let (tariffs, rules) = seeds_rules();
    let pricer = Pricer::new(RuleSet::new(&tariffs, &rules).unwrap(), tz.clone());
    let mut out = String::from(
        "# Rules: 1 March 2020 → t3; 2 Christmas every year → t2; 3 Mon–Fri 00:00–18:59 → t1;\n\
         # 4 Mon–Fri 19:00–23:59 → t2\n\n",
    );
    let cases = [
        ("a weekday morning", date(2026, 3, 10), 10, 0, Some(2)),
        ("a weekday evening", date(2026, 3, 10), 19, 30, Some(3)),
        ("Christmas on a Friday", date(2026, 12, 25), 10, 0, Some(1)),
        (
            "Christmas on a Saturday",
            date(2027, 12, 25),
            10,
            0,
            Some(1),
        ),
        ("a Saturday of March 2020", date(2020, 3, 7), 10, 0, Some(0)),
        (
            "a weekday evening of March 2020",
            date(2020, 3, 10),
            20,
            0,
            Some(0),
        ),
        ("a Saturday outside those", date(2026, 3, 14), 10, 0, None),
    ];
    for (what, d, h, m, expected) in cases {
        let explanation = pricer.explain(local(&tz, d, h, m));
        assert_eq!(explanation.rule, expected, "{what}");
        writeln!(out, "## {what}\n{explanation}").unwrap();
    }
    // A week with a weekend: the weekend is a gap, reported, not priced at 0.
    let (from, to) = (
        local(&tz, date(2026, 3, 9), 0, 0),
        local(&tz, date(2026, 3, 16), 0, 0),
    );
    writeln!(out, "## the week of 2026-03-09, 7 000 Wh").unwrap();
    let costed = pricer.cost(7_000, from, to);
    write_costed(&mut out, &tz, &costed, Commodity::Electricity, 7_000);
    writeln!(out, "  unpriced {} Wh", group(costed.unpriced_amount)).unwrap();
    write_gaps(&mut out, &tz, &pricer.gaps(from, to));
    // Over 2026, rule 1 (March 2020) never wins: it is reported.
    let (from, to) = (
        local(&tz, date(2026, 1, 1), 0, 0),
        local(&tz, date(2027, 1, 1), 0, 0),
    );
    writeln!(out, "\n## coverage over 2026").unwrap();
    for c in pricer.coverage(from, to) {
        write!(out, "rule {}: wins {}h", c.rule + 1, c.wins.as_hours()).unwrap();
        if c.never_wins() {
            write!(out, " (never wins)").unwrap();
        }
        for (by, spans) in &c.taken_by {
            write!(out, "; rule {} takes", by + 1).unwrap();
            for &(s, e) in spans {
                write!(out, " {}", span(&tz, s, e)).unwrap();
            }
        }
        writeln!(out).unwrap();
    }
    ems_testkit::assert_golden(&golden("seeds_examples"), &out);
}

/// Holidays, a night band every day, weekend days, and weekday peak and evening.
fn weekday_weekend_holiday() -> (Vec<Tariff>, Vec<CostRule>) {
    let tariffs = vec![
        tariff("peak", "Peak", &[(None, "0.3")]),
        tariff("offpeak", "Off-peak", &[(None, "0.12")]),
        tariff("weekend", "Weekend and holidays", &[(None, "0.15")]),
    ];
    let rules = vec![
        CostRule {
            valid: valid(date(2026, 11, 1), date(2026, 11, 1)),
            repeat_every_year: true,
            ..rule("weekend")
        },
        CostRule {
            valid: valid(date(2026, 4, 6), date(2026, 4, 6)),
            ..rule("weekend")
        },
        CostRule {
            time_frame: frame((23, 0), (6, 59)),
            ..rule("offpeak")
        },
        CostRule {
            weekdays: Weekdays::WEEKEND,
            ..rule("weekend")
        },
        CostRule {
            time_frame: frame((7, 0), (18, 59)),
            weekdays: Weekdays::MONDAY_TO_FRIDAY,
            ..rule("peak")
        },
        CostRule {
            time_frame: frame((19, 0), (22, 59)),
            weekdays: Weekdays::MONDAY_TO_FRIDAY,
            ..rule("offpeak")
        },
    ];
    (tariffs, rules)
}

#[test]
fn both_dst_changes_are_priced_hour_by_hour_every_hour_once() {
    let tz = rome();
    let (tariffs, rules) = weekday_weekend_holiday();
    let pricer = Pricer::new(RuleSet::new(&tariffs, &rules).unwrap(), tz.clone());
    let mut out = String::from(
        "# Rules: 1 11-01 every year, 2 2026-04-06 → weekend; 3 23:00–06:59 → offpeak;\n\
         # 4 Sat, Sun → weekend; 5 Mon–Fri 07:00–18:59 → peak; 6 Mon–Fri 19:00–22:59 → offpeak\n\
         # Each UTC hour of a local day, 1 000 Wh each.\n",
    );
    for (d, hours) in [
        (date(2026, 3, 29), 23),
        (date(2026, 3, 30), 24),
        (date(2026, 10, 25), 25),
        (date(2026, 10, 26), 24),
    ] {
        let start = local(&tz, d, 0, 0);
        let end = local(&tz, d.tomorrow().unwrap(), 0, 0);
        let length = start.duration_until(end);
        assert_eq!(
            length,
            SignedDuration::from_hours(hours),
            "{d} has {hours} hours"
        );
        writeln!(out, "\n## {d} ({:?}, {hours} hours)", d.weekday()).unwrap();
        let mut at = start;
        let mut total = 0;
        let mut covered = SignedDuration::ZERO;
        while at < end {
            let next = at + SignedDuration::from_hours(1);
            let costed = pricer.cost(1_000, at, next);
            assert_eq!(costed.pieces.len(), 1, "one piece per hour here");
            assert_eq!(costed.pieces[0].piece.start, at, "no hour skipped");
            covered += costed
                .pieces
                .iter()
                .map(|p| p.piece.start.duration_until(p.piece.end))
                .sum::<SignedDuration>();
            write_pieces(&mut out, &tz, &costed, Commodity::Electricity, 1_000);
            total += costed.total.0;
            at = next;
        }
        assert_eq!(covered, length, "every instant once");
        writeln!(out, "day total {}", Money(total)).unwrap();
        writeln!(
            out,
            "### the same day as one interval of {} Wh",
            group(hours * 1000)
        )
        .unwrap();
        let costed = pricer.cost(hours * 1000, start, end);
        assert_eq!(
            costed.total.0, total,
            "one interval costs what its hours cost"
        );
        write_costed(&mut out, &tz, &costed, Commodity::Electricity, hours * 1000);
    }
    ems_testkit::assert_golden(&golden("dst_weekday_weekend_holiday"), &out);
}

#[test]
fn a_price_change_in_mid_month_applies_from_its_date_on() {
    let tz = rome();
    let tariffs = [tariff(
        "t1",
        "Single rate",
        &[(None, "0.2"), (Some(date(2026, 3, 16)), "0.2345")],
    )];
    let pricer = Pricer::new(RuleSet::new(&tariffs, &[rule("t1")]).unwrap(), tz.clone());
    let mut out = String::from("# t1: 0.2 undated, 0.2345 from 2026-03-16; one rule, always\n");
    let cases = [
        (
            "March 2026 as one interval of 743 000 Wh (743 hours)",
            date(2026, 3, 1),
            0,
            date(2026, 4, 1),
            0,
            743_000,
        ),
        (
            "over the midnight of the change, 2 000 Wh",
            date(2026, 3, 15),
            23,
            date(2026, 3, 16),
            1,
            2_000,
        ),
        (
            "the day before, 24 000 Wh",
            date(2026, 3, 15),
            0,
            date(2026, 3, 16),
            0,
            24_000,
        ),
        (
            "the day of the change, 24 000 Wh",
            date(2026, 3, 16),
            0,
            date(2026, 3, 17),
            0,
            24_000,
        ),
    ];
    for (what, d0, h0, d1, h1, amount) in cases {
        writeln!(out, "\n## {what}").unwrap();
        let costed = pricer.cost(amount, local(&tz, d0, h0, 0), local(&tz, d1, h1, 0));
        write_costed(&mut out, &tz, &costed, Commodity::Electricity, amount);
    }
    writeln!(out, "\n## explained on the day of the change").unwrap();
    out.push_str(
        &pricer
            .explain(local(&tz, date(2026, 3, 16), 0, 0))
            .to_string(),
    );
    ems_testkit::assert_golden(&golden("price_change_mid_month"), &out);
}

#[test]
fn a_rule_over_new_year_repeats_every_year() {
    let tz = rome();
    let tariffs = [
        tariff("normal", "Normal", &[(None, "0.2")]),
        tariff("holidays", "Christmas holidays", &[(None, "0.1")]),
    ];
    let rules = [
        CostRule {
            valid: valid(date(2020, 12, 24), date(2021, 1, 6)),
            repeat_every_year: true,
            ..rule("holidays")
        },
        rule("normal"),
    ];
    let pricer = Pricer::new(RuleSet::new(&tariffs, &rules).unwrap(), tz.clone());
    let mut out = String::from(
        "# Rules: 1 2020-12-24 to 2021-01-06 every year → holidays; 2 always → normal\n\
         # 2026-12-20 to 2027-01-10, one interval of 24 000 Wh per day\n",
    );
    let mut d = date(2026, 12, 20);
    while d <= date(2027, 1, 10) {
        let (s, e) = (local(&tz, d, 0, 0), local(&tz, d.tomorrow().unwrap(), 0, 0));
        let costed = pricer.cost(24_000, s, e);
        assert_eq!(costed.pieces.len(), 1);
        write_pieces(&mut out, &tz, &costed, Commodity::Electricity, 24_000);
        d = d.tomorrow().unwrap();
    }
    writeln!(out, "\n## explained years later").unwrap();
    out.push_str(
        &pricer
            .explain(local(&tz, date(2031, 1, 2), 12, 0))
            .to_string(),
    );
    out.push_str(
        &pricer
            .explain(local(&tz, date(2031, 1, 7), 12, 0))
            .to_string(),
    );
    ems_testkit::assert_golden(&golden("new_year_repeated"), &out);
}

#[test]
fn dynamic_prices_with_a_missing_hour_report_the_gap_and_do_not_price_it() {
    let tz = rome();
    let start = local(&tz, date(2026, 6, 1), 0, 0);
    let hour = |i: i64| start + SignedDuration::from_hours(i);
    let prices = ["0.101", "0.0955", "0.087", "0.079", "-0.01", "0.112"];
    let entries = prices
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != 3)
        .map(|(i, p)| (hour(i as i64), hour(i as i64 + 1), price(p)))
        .collect();
    let dynamic = DynamicPrices {
        entries,
        surcharge: price("0.045"),
    };
    let pricer = DynamicPricer::new(&dynamic).unwrap();
    let mut out = String::from(
        "# Hourly entries from 2026-06-01T00:00+02:00, the fourth hour missing; surcharge 0.045\n\
         ## 6 000 Wh from 00:30 to 06:30 (one 15-minute-aligned interval)\n",
    );
    let (from, to) = (
        start + SignedDuration::from_mins(30),
        hour(6) + SignedDuration::from_mins(30),
    );
    let costed = pricer.cost(6_000, from, to);
    for p in &costed.pieces {
        let entry = p
            .piece
            .entry
            .map_or("no entry".into(), |e| format!("entry {}", e + 1));
        writeln!(
            out,
            "  {} {entry} {} {} Wh {}",
            span(&tz, p.piece.start, p.piece.end),
            price_text(p.piece.price, "kWh"),
            group(p.amount),
            money(p.cost)
        )
        .unwrap();
    }
    writeln!(out, "  total {}", costed.total).unwrap();
    writeln!(out, "  unpriced {} Wh", group(costed.unpriced_amount)).unwrap();
    let sum: i64 = costed
        .pieces
        .iter()
        .filter_map(|p| p.cost)
        .map(|m| m.0)
        .sum();
    assert_eq!(sum, costed.total.0);
    assert_eq!(
        costed.unpriced_amount, 1_500,
        "the missing hour and the last half hour are not priced"
    );
    write_gaps(&mut out, &tz, &pricer.gaps(from, to));
    assert_eq!(
        pricer.gaps(from, to).len(),
        2,
        "the missing hour and the half hour after"
    );
    ems_testkit::assert_golden(&golden("dynamic_missing_hour"), &out);
}

#[test]
fn a_month_has_its_demand_charge_and_standing_charges() {
    let tz = rome();
    let start = local(&tz, date(2026, 6, 1), 0, 0);
    let end = local(&tz, date(2026, 7, 1), 0, 0);
    // 15-minute mean powers: a daily shape, a peak on 2026-06-17 at 11:15.
    let mut means = Vec::new();
    let mut at = start;
    let peak_at = local(&tz, date(2026, 6, 17), 11, 15);
    while at < end {
        let minute = at.to_zoned(tz.clone()).time();
        let minute = i64::from(minute.hour()) * 60 + i64::from(minute.minute());
        let mut w = 2_000 + (minute % 720) * 10;
        if at == peak_at {
            w = 14_321;
        }
        means.push((at, w));
        at += SignedDuration::from_mins(15);
    }
    let mut out = String::from("# June 2026, Europe/Rome, 2 880 15-minute means\n");
    let charge = DemandCharge {
        per_kw_month: Money::parse("5.5").unwrap(),
        meter: DeviceId::new("incomer").unwrap(),
    };
    let demand = demand_charge(&charge, &means).unwrap();
    assert_eq!(demand.at, peak_at);
    writeln!(
        out,
        "demand: peak {} W at {} × 5.5/kW = {}",
        group(demand.power_w),
        when(&tz, demand.at),
        demand.cost
    )
    .unwrap();
    // The same month as the grid connection's meter records it, in 5-minute intervals (each a
    // twelfth of the quarter hour's mean power in Wh), with a quarter hour of 31 May before it
    // and one of 1 July after it: each month its own peak.
    let five: Vec<(Timestamp, Timestamp, i64)> =
        std::iter::once((start - SignedDuration::from_hours(24), 2_000))
            .chain(means.iter().copied())
            .chain(std::iter::once((end, 99_000)))
            .flat_map(|(at, w)| {
                (0..3).map(move |i| {
                    let from = at + SignedDuration::from_mins(5 * i);
                    (from, from + SignedDuration::from_mins(5), w / 12)
                })
            })
            .collect();
    for month in demand_by_month(&charge, &tz, &five) {
        writeln!(
            out,
            "5-minute intervals, month {}: peak {} W at {} = {}",
            month.month,
            group(month.item.power_w),
            when(&tz, month.item.at),
            month.item.cost
        )
        .unwrap();
    }
    for (per, amount) in [(ChargePeriod::Day, "0.35"), (ChargePeriod::Month, "12.5")] {
        let charge = StandingCharge {
            per,
            amount: Money::parse(amount).unwrap(),
        };
        let items = standing_charge(&charge, &tz, start, end);
        let total: Money = items.iter().map(|i| i.amount).sum();
        writeln!(
            out,
            "standing {amount} per {per:?}: periods {}, from {} to {}, total {total}",
            items.len(),
            items[0].period_start,
            items[items.len() - 1].period_start
        )
        .unwrap();
    }
    // Half a month still charges the whole month; a day charge counts the days touched.
    let mid = local(&tz, date(2026, 6, 15), 12, 0);
    for per in [ChargePeriod::Day, ChargePeriod::Month] {
        let charge = StandingCharge {
            per,
            amount: Money::parse("1").unwrap(),
        };
        let items = standing_charge(&charge, &tz, start, mid);
        writeln!(
            out,
            "until {} per {per:?}: periods {}",
            when(&tz, mid),
            items.len()
        )
        .unwrap();
    }
    ems_testkit::assert_golden(&golden("demand_and_standing_month"), &out);
}

#[test]
fn gas_is_priced_in_cubic_metres_and_shown_in_equivalent_kwh() {
    let tz = rome();
    let tariffs = [tariff(
        "gas",
        "Gas",
        &[(None, "0.95"), (Some(date(2026, 2, 1)), "1.0125")],
    )];
    let pricer = Pricer::new(RuleSet::new(&tariffs, &[rule("gas")]).unwrap(), tz.clone())
        .for_commodity(Commodity::Gas);
    let factor = GasFactor::positive("10.55").unwrap();
    let mut out = String::from("# gas: 0.95/m³, 1.0125/m³ from 2026-02-01; 10.55 kWh/m³\n");
    for (d0, d1, dm3) in [
        (date(2026, 1, 31), date(2026, 2, 1), 4_321),
        (date(2026, 1, 31), date(2026, 2, 2), 8_642),
    ] {
        let costed = pricer.cost(dm3, local(&tz, d0, 0, 0), local(&tz, d1, 0, 0));
        writeln!(
            out,
            "\n## {} dm³ = {} Wh equivalent",
            group(dm3),
            group(factor.equivalent_wh(dm3))
        )
        .unwrap();
        write_costed(&mut out, &tz, &costed, Commodity::Gas, dm3);
        for p in &costed.pieces {
            writeln!(
                out,
                "  {} {} Wh equivalent",
                span(&tz, p.piece.start, p.piece.end),
                group(factor.equivalent_wh(p.amount))
            )
            .unwrap();
        }
    }
    writeln!(out).unwrap();
    out.push_str(
        &pricer
            .explain(local(&tz, date(2026, 2, 1), 6, 0))
            .to_string(),
    );
    ems_testkit::assert_golden(&golden("gas_m3_equivalent_kwh"), &out);
}

#[test]
fn a_site_with_no_rules_prices_nothing() {
    let tz = rome();
    let pricer = Pricer::new(RuleSet::new(&[], &[]).unwrap(), tz.clone());
    let (s, e) = (
        local(&tz, date(2026, 3, 1), 0, 0),
        local(&tz, date(2026, 3, 2), 0, 0),
    );
    let costed = pricer.cost(5_000, s, e);
    assert_eq!(costed.pieces.len(), 1);
    assert_eq!(costed.pieces[0].piece.rule, None);
    assert_eq!(costed.pieces[0].cost, None);
    assert_eq!(costed.unpriced_amount, 5_000);
    assert_eq!(pricer.gaps(s, e), vec![(s, e)]);
}

#[test]
fn a_weekday_night_frame_is_judged_on_each_instants_own_day() {
    let tz = rome();
    let tariffs = [tariff("night", "Night", &[(None, "0.1")])];
    let rules = [CostRule {
        time_frame: frame((22, 0), (5, 59)),
        weekdays: [Weekday::Friday].into_iter().collect(),
        ..rule("night")
    }];
    let pricer = Pricer::new(RuleSet::new(&tariffs, &rules).unwrap(), tz.clone());
    // Friday 2026-03-13: 00:00–06:00 and 22:00–24:00 hold; Saturday 03:00 does not.
    assert_eq!(
        pricer.explain(local(&tz, date(2026, 3, 13), 23, 0)).rule,
        Some(0)
    );
    assert_eq!(
        pricer.explain(local(&tz, date(2026, 3, 13), 3, 0)).rule,
        Some(0)
    );
    assert_eq!(
        pricer.explain(local(&tz, date(2026, 3, 14), 3, 0)).rule,
        None
    );
}

#[test]
fn a_frame_edge_inside_a_dst_change_cuts_where_local_time_reaches_it() {
    let tz = rome();
    let tariffs = [
        tariff("early", "Early", &[(None, "0.1")]),
        tariff("late", "Late", &[(None, "0.2")]),
    ];
    let rules = [
        CostRule {
            time_frame: frame((0, 0), (2, 29)),
            ..rule("early")
        },
        rule("late"),
    ];
    let pricer = Pricer::new(RuleSet::new(&tariffs, &rules).unwrap(), tz.clone());
    let utc = |text: &str| text.parse::<Timestamp>().unwrap();
    // Spring: 02:30 never happens; "early" lasts until the clock jumps to 03:00 (01:00 UTC).
    let pieces = pricer.pieces(utc("2026-03-28T23:00Z"), utc("2026-03-29T03:00Z"));
    let cuts: Vec<(Timestamp, Option<usize>)> = pieces.iter().map(|p| (p.start, p.rule)).collect();
    assert_eq!(
        cuts,
        vec![
            (utc("2026-03-28T23:00Z"), Some(0)),
            (utc("2026-03-29T01:00Z"), Some(1))
        ]
    );
    // Autumn: 02:00–02:30 happens twice, "early" both times.
    let pieces = pricer.pieces(utc("2026-10-24T22:00Z"), utc("2026-10-25T03:00Z"));
    let cuts: Vec<(Timestamp, Option<usize>)> = pieces.iter().map(|p| (p.start, p.rule)).collect();
    assert_eq!(
        cuts,
        vec![
            (utc("2026-10-24T22:00Z"), Some(0)),
            (utc("2026-10-25T00:30Z"), Some(1)),
            (utc("2026-10-25T01:00Z"), Some(0)),
            (utc("2026-10-25T01:30Z"), Some(1)),
        ]
    );
}
