//! The EN 50160 check of synthetic weeks, its reports compared with golden files in
//! `tests/data/en50160/` (JSON, and one text table).
//!
//! Every week is "last week" seen from Wednesday 2024-03-13 10:00 in Rome: Monday 2024-03-04
//! 00:00 to Monday 2024-03-11 00:00 CET, 1 008 10-min and 60 480 10-s values, supplied
//! 3p4w at 230 V and 50 Hz. The clean week ([`clean_week`]) stays well within every limit;
//! each scenario changes one thing. The verdicts (and the shares that decide them) are asserted
//! in code before the comparison, so that a wrong golden file cannot bless a wrong verdict.
//! Run with `EMS_UPDATE_GOLDEN=1` to rewrite the files after a deliberate change of the
//! output, and review the diff.
//!
//! The generators use only additions, multiplications, divisions and square roots, which IEEE
//! 754 rounds the same everywhere, so the files are the same on every machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems_metering::en50160::{
    Characteristic, FIRST_HARMONIC_ORDER, ItemReport, LAST_HARMONIC_ORDER, Period, Report,
    SupplyCharacteristics, TenMinuteValues, TenSecondFrequency, Verdict, evaluate,
};
use ems_metering::{ChannelRole, Phase, Wiring};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::path::PathBuf;

// ---------------------------------------------------------------------------------------------
// The weeks.

/// "Now" for every scenario: Wednesday 2024-03-13 10:00 CET.
const NOW: &str = "2024-03-13T09:00:00Z";
/// 10-min intervals in a day.
const SLOTS_PER_DAY: usize = 144;
/// 10-s intervals in a 10-min one.
const SECONDS_PER_SLOT: usize = 60;

/// A week of values to check.
struct Week {
    supply: SupplyCharacteristics,
    period: Period,
    ten_minute: Vec<TenMinuteValues>,
    ten_second: Vec<TenSecondFrequency>,
}

impl Week {
    fn report(&self) -> Report {
        evaluate(
            &self.supply,
            self.period,
            &self.ten_minute,
            &self.ten_second,
        )
        .unwrap()
    }
}

fn last_week() -> Period {
    let rome = TimeZone::get("Europe/Rome").unwrap();
    Period::last_week(NOW.parse().unwrap(), &rome).unwrap()
}

/// A triangle going 0 → 1 → 0 over `period` steps, at step `step`.
fn triangle(step: usize, period: usize) -> f64 {
    let position = step % period;
    let half = period / 2;
    let distance = if position < half {
        position
    } else {
        period - position
    };
    distance as f64 / half as f64
}

/// The harmonic voltages of a clean supply, in percent, at the daily triangle value `t`.
fn clean_harmonic(order: u8, t: f64) -> f64 {
    match order {
        2 => 0.3,
        3 => 1.0 + 0.5 * t,
        4 => 0.15,
        5 => 2.0 + 1.0 * t,
        7 => 1.2,
        9 => 0.4,
        11 => 0.6,
        13 => 0.4,
        15 | 21 => 0.1,
        17 | 19 | 23 | 25 => 0.3,
        _ => 0.05,
    }
}

/// The THD of a channel from its harmonics 2 to 25.
fn thd(values: &TenMinuteValues, phase: Phase) -> f64 {
    let sum: f64 = (FIRST_HARMONIC_ORDER..=LAST_HARMONIC_ORDER)
        .map(|order| values.harmonic(phase, order).unwrap_or(0.0))
        .map(|h| h * h)
        .sum();
    sum.sqrt()
}

/// Recomputes every channel's THD from its harmonics.
fn update_thd(values: &mut TenMinuteValues) {
    for phase in Phase::ALL {
        values.thd_percent[phase.index()] = Some(thd(values, phase));
    }
}

/// A clean week: voltages 226 to 234 V (L1), 228 to 234 V (L2), 226 to 231 V (L3) on a daily
/// triangle; 5th harmonic 2 to 3 %, THD 2.8 to 3.7 %; unbalance 0.4 to 1 %; frequency 49.97 to
/// 50.03 Hz on an hourly triangle; nothing flagged.
fn clean_week() -> Week {
    let period = last_week();
    let slots = usize::try_from(period.ten_minute_intervals()).unwrap();
    let ten_minute = (0..slots)
        .map(|i| {
            let t = triangle(i, SLOTS_PER_DAY);
            let mut values = TenMinuteValues::new(slot_start(&period, i));
            values.voltage_v = [
                Some(226.0 + 8.0 * t),
                Some(228.0 + 6.0 * t),
                Some(231.0 - 5.0 * t),
            ];
            for phase in Phase::ALL {
                for order in FIRST_HARMONIC_ORDER..=LAST_HARMONIC_ORDER {
                    *values.harmonic_mut(phase, order).unwrap() = Some(clean_harmonic(order, t));
                }
            }
            update_thd(&mut values);
            values.unbalance_percent = Some(0.4 + 0.6 * t);
            values
        })
        .collect();
    let ten_second = (0..slots * SECONDS_PER_SLOT)
        .map(|j| TenSecondFrequency {
            start: period.start + SignedDuration::from_secs(10 * i64::try_from(j).unwrap()),
            frequency_hz: 49.97 + 0.06 * triangle(j, 360),
            flagged: false,
        })
        .collect();
    Week {
        supply: SupplyCharacteristics::low_voltage(Wiring::ThreePhase4W, 230.0, 50.0),
        period,
        ten_minute,
        ten_second,
    }
}

fn slot_start(period: &Period, slot: usize) -> Timestamp {
    period.start + SignedDuration::from_mins(10 * i64::try_from(slot).unwrap())
}

/// `count` 10-min slots from 18:00 local each evening, spread over the seven days as evenly
/// as whole slots allow (the first days get one more).
fn evening_slots(count: usize) -> Vec<usize> {
    let per_day = count / 7;
    let extra = count % 7;
    (0..7)
        .flat_map(|day| {
            let n = per_day + usize::from(day < extra);
            (0..n).map(move |k| day * SLOTS_PER_DAY + 108 + k)
        })
        .collect()
}

/// `count` 10-s slots from 12:00 local each day, spread over the seven days like
/// [`evening_slots`].
fn midday_seconds(count: usize) -> Vec<usize> {
    let per_day = count / 7;
    let extra = count % 7;
    (0..7)
        .flat_map(|day| {
            let n = per_day + usize::from(day < extra);
            (0..n).map(move |k| (day * SLOTS_PER_DAY + 72) * SECONDS_PER_SLOT + k)
        })
        .collect()
}

/// The clean week with L1 at 205 V (Un - 10.9 %, within Un - 15 %) during `slots` evening
/// slots.
fn low_voltage_week(slots: usize) -> Week {
    let mut week = clean_week();
    for i in evening_slots(slots) {
        week.ten_minute[i].voltage_v[0] = Some(205.0);
    }
    week
}

/// The clean week with the frequency at 50.6 Hz (+1.2 %, within +4 %) during `values` 10-s
/// values.
fn frequency_excursion_week(values: usize) -> Week {
    let mut week = clean_week();
    for j in midday_seconds(values) {
        week.ten_second[j].frequency_hz = 50.6;
    }
    week
}

/// The clean week with dips to 150 V (Un - 35 %) on every phase during 81 evening slots (8 %
/// of the week), each flagged with the 10-s frequency values in it, which read 46 Hz.
fn dip_week(flagged: bool) -> Week {
    let mut week = clean_week();
    for i in evening_slots(81) {
        let values = &mut week.ten_minute[i];
        values.voltage_v = [Some(150.0); 3];
        values.unbalance_percent = Some(4.0);
        values.flagged = flagged;
        for j in i * SECONDS_PER_SLOT..(i + 1) * SECONDS_PER_SLOT {
            week.ten_second[j].frequency_hz = 46.0;
            week.ten_second[j].flagged = flagged;
        }
    }
    week
}

fn item(
    report: &Report,
    characteristic: Characteristic,
    channel: Option<ChannelRole>,
    order: Option<u8>,
) -> &ItemReport {
    report.item(characteristic, channel, order).unwrap()
}

fn frequency_item(report: &Report) -> &ItemReport {
    item(report, Characteristic::PowerFrequency, None, None)
}

fn voltage_item(report: &Report, channel: ChannelRole) -> &ItemReport {
    item(
        report,
        Characteristic::SupplyVoltageVariations,
        Some(channel),
        None,
    )
}

/// Asserts the verdict of every characteristic, in the order of [`Characteristic::ALL`], and
/// the overall one.
fn assert_verdicts(report: &Report, expected: [Verdict; 5], overall: Verdict) {
    let actual: Vec<Verdict> = Characteristic::ALL
        .iter()
        .map(|&c| report.verdict_of(c))
        .collect();
    assert_eq!(actual, expected, "verdicts per characteristic");
    assert_eq!(report.verdict, overall, "overall verdict");
}

const ALL_PASS: [Verdict; 5] = [Verdict::Pass; 5];

// ---------------------------------------------------------------------------------------------
// Golden files.

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/en50160")
}

/// Compares `actual` with the golden file `name`, or rewrites it in update mode.
fn assert_golden(name: &str, actual: &str) {
    ems_testkit::assert_golden(&golden_dir().join(name), actual);
}

/// Compares the report's JSON with `<name>.json`, and checks that the file reads back as a
/// report with the same verdicts.
fn assert_golden_report(name: &str, report: &Report) {
    let json = serde_json::to_string_pretty(report).unwrap() + "\n";
    assert_golden(&format!("{name}.json"), &json);
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back.verdict, report.verdict);
    assert_eq!(back.summary, report.summary);
    assert_eq!(back.items.len(), report.items.len());
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

#[test]
fn a_clean_week_passes_every_item() {
    let week = clean_week();
    assert_eq!(week.period.start, "2024-03-03T23:00:00Z".parse().unwrap());
    assert_eq!(week.ten_minute.len(), 1008);
    assert_eq!(week.ten_second.len(), 60_480);
    let report = week.report();
    assert_verdicts(&report, ALL_PASS, Verdict::Pass);
    // Frequency, 3 voltages, unbalance, 3 THD, 3 × 24 harmonics.
    assert_eq!(report.items.len(), 1 + 3 + 1 + 3 + 72);
    for item in &report.items {
        assert_eq!(item.verdict, Verdict::Pass, "{item:?}");
        assert_eq!((item.flagged, item.missing), (0, 0), "{item:?}");
        for limit in &item.limits {
            assert_eq!(limit.within_percent, Some(100.0), "{item:?}");
        }
    }
    let l1 = voltage_item(&report, ChannelRole::VoltageL1);
    assert_eq!(l1.worst.unwrap().value, 234.0);
    assert_golden_report("clean_week", &report);
}

#[test]
fn a_week_below_un_minus_ten_percent_for_six_percent_of_the_time_fails() {
    // 61 of 1 008 values (6.05 %) at 205 V: 93.95 % within ±10 %.
    let report = low_voltage_week(61).report();
    let l1 = voltage_item(&report, ChannelRole::VoltageL1);
    assert_eq!(l1.limits[0].within, 947);
    assert_eq!(l1.limits[0].verdict, Verdict::Fail);
    assert_eq!(l1.limits[1].within, 1008);
    assert_eq!(l1.limits[1].verdict, Verdict::Pass);
    assert_eq!(l1.worst.unwrap().value, 205.0);
    assert_eq!(
        voltage_item(&report, ChannelRole::VoltageL2).verdict,
        Verdict::Pass
    );
    assert_verdicts(
        &report,
        [
            Verdict::Pass,
            Verdict::Fail,
            Verdict::Pass,
            Verdict::Pass,
            Verdict::Pass,
        ],
        Verdict::Fail,
    );
    assert_eq!(report.verdict.ok_ko(), "KO");
    assert_golden_report("voltage_low_6_percent", &report);
    assert_golden("voltage_low_6_percent.txt", &report.to_string());
}

#[test]
fn a_week_below_un_minus_ten_percent_for_four_percent_of_the_time_passes() {
    // 40 of 1 008 values (3.97 %) at 205 V: 96.03 % within ±10 %.
    let report = low_voltage_week(40).report();
    let l1 = voltage_item(&report, ChannelRole::VoltageL1);
    assert_eq!(l1.limits[0].within, 968);
    assert_eq!(l1.limits[0].verdict, Verdict::Pass);
    assert_eq!(l1.worst.unwrap().value, 205.0);
    assert_verdicts(&report, ALL_PASS, Verdict::Pass);
    assert_eq!(report.verdict.ok_ko(), "OK");
    assert_golden_report("voltage_low_4_percent", &report);
}

#[test]
fn a_frequency_excursion_beyond_one_percent_for_0_4_percent_of_the_week_passes() {
    // 241 of 60 480 values (0.398 %) at 50.6 Hz: 99.60 % within ±1 %.
    let report = frequency_excursion_week(241).report();
    let frequency = frequency_item(&report);
    assert_eq!(frequency.limits[0].within, 60_239);
    assert_eq!(frequency.limits[0].verdict, Verdict::Pass);
    assert_eq!(frequency.limits[1].within, 60_480);
    assert_eq!(frequency.worst.unwrap().value, 50.6);
    assert_verdicts(&report, ALL_PASS, Verdict::Pass);
    assert_golden_report("frequency_excursion_0_4_percent", &report);
}

#[test]
fn a_frequency_excursion_beyond_one_percent_for_0_6_percent_of_the_week_fails() {
    // 363 of 60 480 values (0.600 %) at 50.6 Hz: 99.39 % within ±1 %, below 99.5 %.
    let report = frequency_excursion_week(363).report();
    let frequency = frequency_item(&report);
    assert_eq!(frequency.limits[0].within, 60_117);
    assert_eq!(frequency.limits[0].verdict, Verdict::Fail);
    assert_eq!(frequency.limits[1].verdict, Verdict::Pass);
    assert_verdicts(
        &report,
        [
            Verdict::Fail,
            Verdict::Pass,
            Verdict::Pass,
            Verdict::Pass,
            Verdict::Pass,
        ],
        Verdict::Fail,
    );
    assert_golden_report("frequency_excursion_0_6_percent", &report);
}

#[test]
fn a_fifth_harmonic_at_6_5_percent_for_a_tenth_of_the_week_fails_while_the_thd_passes() {
    let mut week = clean_week();
    // 101 of 1 008 values (10.02 %) on L1.
    for i in evening_slots(101) {
        let values = &mut week.ten_minute[i];
        *values.harmonic_mut(Phase::L1, 5).unwrap() = Some(6.5);
        update_thd(values);
    }
    let report = week.report();
    let fifth = item(
        &report,
        Characteristic::HarmonicVoltage,
        Some(ChannelRole::VoltageL1),
        Some(5),
    );
    assert_eq!(fifth.limits[0].limit.upper, Some(6.0));
    assert_eq!(fifth.limits[0].within, 907);
    assert_eq!(fifth.verdict, Verdict::Fail);
    assert_eq!(fifth.worst.unwrap().value, 6.5);
    let failing: Vec<(Option<ChannelRole>, Option<u8>)> = report
        .items
        .iter()
        .filter(|i| i.verdict != Verdict::Pass)
        .map(|i| (i.channel, i.order))
        .collect();
    assert_eq!(failing, [(Some(ChannelRole::VoltageL1), Some(5))]);
    let thd = item(
        &report,
        Characteristic::TotalHarmonicDistortion,
        Some(ChannelRole::VoltageL1),
        None,
    );
    assert!(thd.worst.unwrap().value < 8.0);
    assert_verdicts(
        &report,
        [
            Verdict::Pass,
            Verdict::Pass,
            Verdict::Pass,
            Verdict::Pass,
            Verdict::Fail,
        ],
        Verdict::Fail,
    );
    assert_golden_report("fifth_harmonic_tenth_of_week", &report);
}

#[test]
fn a_week_of_dips_passes_because_its_values_are_flagged() {
    let report = dip_week(true).report();
    let l1 = voltage_item(&report, ChannelRole::VoltageL1);
    assert_eq!(
        (l1.values, l1.flagged, l1.valid, l1.missing),
        (1008, 81, 927, 0)
    );
    assert_eq!(l1.limits[1].within, 927);
    // The worst valid value, not the dip's 150 V.
    assert!(l1.worst.unwrap().value > 225.0);
    let frequency = frequency_item(&report);
    assert_eq!(frequency.flagged, 81 * 60);
    assert_verdicts(&report, ALL_PASS, Verdict::Pass);
    assert_golden_report("dip_week_flagged", &report);

    // The same week without flags fails: voltage and frequency beyond their 100 % limits, and
    // the unbalance above 2 % for 8 % of the week.
    let unflagged = dip_week(false).report();
    assert_verdicts(
        &unflagged,
        [
            Verdict::Fail,
            Verdict::Fail,
            Verdict::Fail,
            Verdict::Pass,
            Verdict::Pass,
        ],
        Verdict::Fail,
    );
}

#[test]
fn a_week_with_two_days_missing_has_insufficient_data() {
    let mut week = clean_week();
    // The meter is off from Saturday 00:00 local: 720 of 1 008 values (71.4 %).
    week.ten_minute.truncate(5 * SLOTS_PER_DAY);
    week.ten_second
        .truncate(5 * SLOTS_PER_DAY * SECONDS_PER_SLOT);
    let report = week.report();
    for item in &report.items {
        assert_eq!(item.verdict, Verdict::InsufficientData, "{item:?}");
        assert_eq!(item.missing, item.expected - item.values, "{item:?}");
    }
    assert_eq!(
        voltage_item(&report, ChannelRole::VoltageL1).missing,
        2 * 144
    );
    assert_verdicts(
        &report,
        [Verdict::InsufficientData; 5],
        Verdict::InsufficientData,
    );
    assert!(!report.passed());
    assert_eq!(report.verdict.ok_ko(), "--");
    assert_golden_report("insufficient_data", &report);
}

// ---------------------------------------------------------------------------------------------
// Edge cases.

#[test]
fn an_empty_input_has_insufficient_data_for_every_item() {
    let week = clean_week();
    let report = evaluate(&week.supply, week.period, &[], &[]).unwrap();
    assert_eq!(report.verdict, Verdict::InsufficientData);
    for item in &report.items {
        assert_eq!(item.verdict, Verdict::InsufficientData, "{item:?}");
        assert_eq!((item.values, item.missing), (0, item.expected), "{item:?}");
        assert_eq!(item.worst, None);
        assert!(item.limits.iter().all(|l| l.within_percent.is_none()));
    }
    assert_eq!(frequency_item(&report).expected, 60_480);
}

#[test]
fn a_three_wire_system_without_unbalance_values_is_judged_on_line_to_line_voltages() {
    let mut week = clean_week();
    week.supply = SupplyCharacteristics::low_voltage(Wiring::ThreePhase3W, 400.0, 50.0);
    for values in &mut week.ten_minute {
        for v in values.voltage_v.iter_mut().flatten() {
            *v *= 400.0 / 230.0;
        }
        values.unbalance_percent = None;
    }
    let report = week.report();
    let l1_l2 = voltage_item(&report, ChannelRole::VoltageL1L2);
    assert_eq!(l1_l2.limits[0].limit.lower, Some(360.0));
    assert_eq!(l1_l2.limits[0].limit.upper, Some(440.0));
    assert_eq!(l1_l2.verdict, Verdict::Pass);
    assert!(
        report
            .item(
                Characteristic::SupplyVoltageVariations,
                Some(ChannelRole::VoltageL1),
                None
            )
            .is_none()
    );
    let unbalance = item(&report, Characteristic::SupplyVoltageUnbalance, None, None);
    assert_eq!((unbalance.values, unbalance.missing), (0, 1008));
    assert_verdicts(
        &report,
        [
            Verdict::Pass,
            Verdict::Pass,
            Verdict::InsufficientData,
            Verdict::Pass,
            Verdict::Pass,
        ],
        Verdict::InsufficientData,
    );
}

#[test]
fn last_week_picked_out_of_a_longer_series_gives_the_same_report() {
    let week = clean_week();
    // The clean week, and the same values shifted one week earlier and one week later.
    let shift = |by: i64| {
        let offset = SignedDuration::from_hours(168 * by);
        let ten_minute: Vec<TenMinuteValues> = week
            .ten_minute
            .iter()
            .map(|v| TenMinuteValues {
                start: v.start + offset,
                ..v.clone()
            })
            .collect();
        let ten_second: Vec<TenSecondFrequency> = week
            .ten_second
            .iter()
            .map(|v| TenSecondFrequency {
                start: v.start + offset,
                ..*v
            })
            .collect();
        (ten_minute, ten_second)
    };
    let (mut ten_minute, mut ten_second) = shift(-1);
    for by in [0, 1] {
        let (m, s) = shift(by);
        ten_minute.extend(m);
        ten_second.extend(s);
    }
    let selected_minutes = week.period.select(&ten_minute);
    let selected_seconds = week.period.select(&ten_second);
    assert_eq!(selected_minutes.len(), 1008);
    assert_eq!(selected_seconds.len(), 60_480);
    assert_eq!(selected_minutes.first().unwrap().start, week.period.start);
    let picked = evaluate(
        &week.supply,
        week.period,
        selected_minutes,
        selected_seconds,
    )
    .unwrap();
    let whole = evaluate(&week.supply, week.period, &ten_minute, &ten_second).unwrap();
    assert_eq!(picked, week.report());
    assert_eq!(whole, picked);
}

#[test]
fn a_sixty_hertz_island_system_is_judged_against_its_own_limits() {
    let mut week = clean_week();
    week.supply = SupplyCharacteristics::low_voltage(Wiring::ThreePhase4W, 230.0, 60.0);
    week.supply.island = true;
    // 60 Hz ±1.5 %: outside ±1 % but within the island's ±2 %.
    for (j, value) in week.ten_second.iter_mut().enumerate() {
        value.frequency_hz = if j % 2 == 0 { 59.1 } else { 60.9 };
    }
    let report = week.report();
    let frequency = frequency_item(&report);
    assert_eq!(frequency.limits[0].limit.lower, Some(58.8));
    assert_eq!(frequency.limits[0].limit.required_percent, 95.0);
    assert_eq!(frequency.limits[0].within_percent, Some(100.0));
    assert_verdicts(&report, ALL_PASS, Verdict::Pass);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever is present, low or flagged, a pass needs enough data and the required share,
    /// and a fail with too little data is one the missing values could not have saved.
    #[test]
    fn a_verdict_never_claims_more_than_the_data_shows(
        present in 0_usize..=1008,
        low in 0_usize..=120,
        flagged in 0_usize..=120,
    ) {
        let mut week = clean_week();
        week.supply = SupplyCharacteristics::low_voltage(Wiring::SinglePhase2W, 230.0, 50.0);
        week.ten_minute.truncate(present);
        for (i, values) in week.ten_minute.iter_mut().enumerate() {
            if i < low {
                values.voltage_v[0] = Some(205.0);
            }
            values.flagged = i % 9 == 0 && i / 9 < flagged;
        }
        let report = week.report();
        let l1 = voltage_item(&report, ChannelRole::VoltageL1);
        let limit = &l1.limits[0];
        let enough = l1.valid > 0 && l1.values * 100 >= 90 * 1008;
        let reached = limit.within * 100 >= 95 * l1.valid;
        let saved = (limit.within + l1.missing) * 100 >= 95 * (l1.valid + l1.missing);
        let expected = match (enough, reached, saved) {
            (true, true, _) => Verdict::Pass,
            (true, false, _) | (false, _, false) => Verdict::Fail,
            (false, _, true) => Verdict::InsufficientData,
        };
        proptest::prop_assert_eq!(limit.verdict, expected);
        proptest::prop_assert_eq!(l1.values, present as u64);
        proptest::prop_assert_eq!(l1.missing, 1008 - present as u64);
    }
}
