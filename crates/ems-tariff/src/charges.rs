//! Standing charges per day or month, and the demand charge on a month's peak.

use std::collections::BTreeMap;

use ems_model::tariff::{ChargePeriod, DemandCharge, Money, StandingCharge, round_half_even};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The period a demand is averaged over, in seconds: a quarter hour.
const QUARTER_HOUR_S: i64 = 15 * 60;
/// Seconds per hour: a mean power in W is Wh × 3600 / seconds.
const HOUR_S: i128 = 3600;
/// Micro-Wh per Wh: the shares of an interval that straddles two quarter hours are kept in µWh.
const MICRO_WH: i128 = 1_000_000;

/// One period's standing charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandingItem {
    /// The period's first local date (a day, or the first of a month).
    pub period_start: Date,
    /// The charge for it.
    pub amount: Money,
}

/// The standing charge for [start, end): every local day (or calendar month) the span touches
/// is charged in full, as a bill charges whole periods; there is no pro rata share of a
/// period. Each item names its period, so whoever adds the charges of adjacent spans counts a
/// period once (by `period_start`).
pub fn standing_charge(
    charge: &StandingCharge,
    tz: &TimeZone,
    start: Timestamp,
    end: Timestamp,
) -> Vec<StandingItem> {
    if end <= start {
        return Vec::new();
    }
    let first = start.to_zoned(tz.clone()).date();
    let last_instant = end
        .checked_sub(jiff::SignedDuration::from_nanos(1))
        .unwrap_or(start);
    let last = last_instant.to_zoned(tz.clone()).date();
    let mut items = Vec::new();
    let mut period = match charge.per {
        ChargePeriod::Day => first,
        ChargePeriod::Month => first.first_of_month(),
    };
    while period <= last {
        items.push(StandingItem {
            period_start: period,
            amount: charge.amount,
        });
        let next = match charge.per {
            ChargePeriod::Day => period.tomorrow(),
            ChargePeriod::Month => period.checked_add(jiff::Span::new().months(1)),
        };
        match next {
            Ok(next) => period = next,
            Err(_) => break,
        }
    }
    items
}

/// A month's demand charge: its highest 15-minute mean power and what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemandItem {
    /// The start of the 15 minutes with the highest mean power (the first, on ties).
    pub at: Timestamp,
    /// That mean power in W.
    pub power_w: i64,
    /// `power_w / 1000 × per_kw_month`, rounded half to even.
    pub cost: Money,
}

/// The demand charge of one month, from its 15-minute mean powers in W (import positive).
/// `None` when there is no interval or no import at all.
pub fn demand_charge(charge: &DemandCharge, means_w: &[(Timestamp, i64)]) -> Option<DemandItem> {
    let (at, power_w) = means_w
        .iter()
        .copied()
        .filter(|&(_, w)| w > 0)
        .reduce(|best, next| if next.1 > best.1 { next } else { best })?;
    let exact = i128::from(power_w) * i128::from(charge.per_kw_month.micro());
    let cost = round_half_even(exact, 1000);
    Some(DemandItem {
        at,
        power_w,
        cost: Money(i64::try_from(cost).unwrap_or(i64::MAX)),
    })
}

/// The 15-minute mean powers, in W, of a meter's import intervals `[(start, end, Wh)]` (what its
/// `energy_active_import` counter grew by over each interval), each with its start, in order of
/// time.
///
/// - Intervals shorter than 15 minutes (sample rates of 1, 5 or 10 minutes) are summed into the
///   quarter hours of the clock (:00, :15, :30, :45 UTC; UTC quarter hours are local quarter
///   hours in every real time zone) they lie in; one that straddles two quarter hours (10-minute
///   intervals do) is shared between them in proportion to time. A quarter hour with parts
///   missing (an outage, a meter added at 10:05) is still a mean over its 15 minutes of what
///   was measured: a missing part counts as nothing imported, so a gap never raises a peak.
/// - An interval of 15 minutes or longer gives its own mean over its length, at its start
///   (sample rates of 30 and 60 minutes have no finer mean to give).
///
/// Intervals that end before they start are left out. Means are rounded half to even to the
/// watt.
pub fn quarter_hour_means(intervals: &[(Timestamp, Timestamp, i64)]) -> Vec<(Timestamp, i64)> {
    let mut means = Vec::new();
    let mut quarters: BTreeMap<i64, i128> = BTreeMap::new();
    for &(start, end, wh) in intervals {
        let (from, to) = (start.as_second(), end.as_second());
        let length = to - from;
        if length <= 0 {
            continue;
        }
        if length >= QUARTER_HOUR_S {
            means.push((start, watts(i128::from(wh) * HOUR_S, length, 1)));
            continue;
        }
        // The share of the energy imported by `at`, in µWh: the pieces sum to the whole exactly.
        let by = |at: i64| i128::from(wh) * MICRO_WH * i128::from(at - from) / i128::from(length);
        let mut at = from;
        while at < to {
            let quarter = at.div_euclid(QUARTER_HOUR_S) * QUARTER_HOUR_S;
            let until = (quarter + QUARTER_HOUR_S).min(to);
            *quarters.entry(quarter).or_default() += by(until) - by(at);
            at = until;
        }
    }
    for (quarter, micro_wh) in quarters {
        if let Ok(start) = Timestamp::from_second(quarter) {
            means.push((start, watts(micro_wh * HOUR_S, QUARTER_HOUR_S, MICRO_WH)));
        }
    }
    means.sort_by_key(|&(at, _)| at);
    means
}

/// `energy × 3600 / (seconds × scale)` rounded half to even: a mean power in W from an energy
/// in Wh / `scale` times seconds per hour.
fn watts(energy_by_hour: i128, seconds: i64, scale: i128) -> i64 {
    let w = round_half_even(energy_by_hour, i128::from(seconds) * scale);
    i64::try_from(w).unwrap_or(if w < 0 { i64::MIN } else { i64::MAX })
}

/// The demand charge of one local calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDemand {
    /// The month's first local date.
    pub month: Date,
    /// Its peak and what it costs.
    pub item: DemandItem,
}

/// The demand charge of every local calendar month of `tz` that a meter's import intervals
/// `[(start, end, Wh)]` touch, in order: their [`quarter_hour_means`], each in the month of its
/// start, the month's highest priced ([`demand_charge`]). Local months begin at local midnight,
/// which is a UTC quarter hour in every real time zone, so no quarter hour belongs to two months
/// (in a month with a change of the clocks too). A month with no import has no item.
pub fn demand_by_month(
    charge: &DemandCharge,
    tz: &TimeZone,
    intervals: &[(Timestamp, Timestamp, i64)],
) -> Vec<MonthDemand> {
    let mut months: BTreeMap<Date, Vec<(Timestamp, i64)>> = BTreeMap::new();
    for (at, w) in quarter_hour_means(intervals) {
        let month = at.to_zoned(tz.clone()).date().first_of_month();
        months.entry(month).or_default().push((at, w));
    }
    months
        .into_iter()
        .filter_map(|(month, means)| {
            demand_charge(charge, &means).map(|item| MonthDemand { month, item })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::DeviceId;
    use jiff::SignedDuration;
    use jiff::civil::date;

    fn utc(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// `count` intervals of `minutes` from `start`, the n-th importing `wh(n)`.
    fn intervals(
        start: &str,
        minutes: i64,
        count: i64,
        wh: impl Fn(i64) -> i64,
    ) -> Vec<(Timestamp, Timestamp, i64)> {
        let start = utc(start);
        (0..count)
            .map(|n| {
                let from = start + SignedDuration::from_mins(minutes * n);
                (from, from + SignedDuration::from_mins(minutes), wh(n))
            })
            .collect()
    }

    fn charge(per_kw_month: &str) -> DemandCharge {
        DemandCharge {
            per_kw_month: Money::parse(per_kw_month).unwrap(),
            meter: DeviceId::new("incomer").unwrap(),
        }
    }

    #[test]
    fn five_minute_intervals_are_summed_into_their_quarter_hour() {
        // 100, 200, 300 Wh in the first quarter hour, 50 Wh each in the second.
        let five = intervals("2026-11-02T09:00:00Z", 5, 6, |n| {
            [100, 200, 300, 50, 50, 50][n as usize]
        });
        assert_eq!(
            quarter_hour_means(&five),
            [
                (utc("2026-11-02T09:00:00Z"), 2_400),
                (utc("2026-11-02T09:15:00Z"), 600),
            ]
        );
    }

    #[test]
    fn a_quarter_hour_with_a_missing_part_is_a_mean_over_fifteen_minutes_of_what_was_measured() {
        // The meter was added at 09:05: 10 minutes of 150 Wh each.
        let late = intervals("2026-11-02T09:05:00Z", 5, 2, |_| 150);
        assert_eq!(
            quarter_hour_means(&late),
            [(utc("2026-11-02T09:00:00Z"), 1_200)],
            "300 Wh over 15 minutes, not over the 10 measured"
        );
    }

    #[test]
    fn a_ten_minute_interval_across_two_quarter_hours_is_shared_between_them_by_time() {
        let ten = intervals("2026-11-02T09:00:00Z", 10, 3, |_| 300);
        // 09:00–09:10 all in the first; 09:10–09:20 half and half; 09:20–09:30 in the second.
        assert_eq!(
            quarter_hour_means(&ten),
            [
                (utc("2026-11-02T09:00:00Z"), 1_800),
                (utc("2026-11-02T09:15:00Z"), 1_800),
            ]
        );
        // A share that is not a whole Wh is kept exactly until the mean is rounded.
        let odd = [(utc("2026-11-02T09:10:00Z"), utc("2026-11-02T09:20:00Z"), 1)];
        assert_eq!(
            quarter_hour_means(&odd),
            [
                (utc("2026-11-02T09:00:00Z"), 2),
                (utc("2026-11-02T09:15:00Z"), 2),
            ],
            "0.5 Wh in a quarter hour is 2 W"
        );
    }

    #[test]
    fn intervals_of_fifteen_minutes_or_longer_give_their_own_mean() {
        let quarter = intervals("2026-11-02T09:00:00Z", 15, 1, |_| 250);
        let half_hours = intervals("2026-11-02T10:00:00Z", 30, 2, |n| 1_000 + n);
        let all: Vec<_> = quarter.into_iter().chain(half_hours).collect();
        assert_eq!(
            quarter_hour_means(&all),
            [
                (utc("2026-11-02T09:00:00Z"), 1_000),
                (utc("2026-11-02T10:00:00Z"), 2_000),
                (utc("2026-11-02T10:30:00Z"), 2_002),
            ]
        );
        let backwards = [(utc("2026-11-02T09:00:00Z"), utc("2026-11-02T09:00:00Z"), 5)];
        assert_eq!(quarter_hour_means(&backwards), []);
    }

    #[test]
    fn each_local_month_of_a_dst_change_has_its_own_peak_priced_per_kw() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        // Rome's October 2026 runs from 2026-09-30T22:00Z (UTC+2) to 2026-10-31T23:00Z (UTC+1:
        // the clocks go back on the 25th, a day of 25 hours). 5-minute intervals from a day
        // before to a day after, 100 Wh each (1.2 kW), with three bumps.
        let start = "2026-09-29T22:00:00Z";
        let first = utc(start);
        let index = |at: &str| utc(at).duration_since(first).as_mins() / 5;
        let october_peak = index("2026-10-25T00:15:00Z"); // 02:15 CEST, the first of the two
        let september_last = index("2026-09-30T21:55:00Z"); // 23:55 CEST on 30 September
        let november_first = index("2026-10-31T23:00:00Z"); // 00:00 CET on 1 November
        let count = index("2026-11-01T23:00:00Z");
        let five = intervals(start, 5, count, |n| {
            if n == october_peak {
                400
            } else if n == september_last || n == november_first {
                1_000
            } else {
                100
            }
        });
        let months = demand_by_month(&charge("4.25"), &rome, &five);
        let said: Vec<(String, String, i64, String)> = months
            .iter()
            .map(|m| {
                let at = m.item.at.to_zoned(rome.clone());
                (
                    m.month.to_string(),
                    at.strftime("%Y-%m-%dT%H:%M%:z").to_string(),
                    m.item.power_w,
                    m.item.cost.to_string(),
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                // (100 + 100 + 1 000) Wh in a quarter hour: 4.8 kW × 4.25.
                (
                    "2026-09-01".into(),
                    "2026-09-30T23:45+02:00".into(),
                    4_800,
                    "20.4".into()
                ),
                // (400 + 100 + 100) Wh in the first 02:00 quarter hour of the 25th.
                (
                    "2026-10-01".into(),
                    "2026-10-25T02:15+02:00".into(),
                    2_400,
                    "10.2".into()
                ),
                (
                    "2026-11-01".into(),
                    "2026-11-01T00:00+01:00".into(),
                    4_800,
                    "20.4".into()
                ),
            ]
        );
    }

    #[test]
    fn a_month_with_nothing_imported_has_no_demand_charge() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        let none = intervals("2026-11-02T09:00:00Z", 15, 96, |_| 0);
        assert_eq!(demand_by_month(&charge("4.25"), &rome, &none), []);
        assert_eq!(demand_by_month(&charge("4.25"), &rome, &[]), []);
    }

    #[test]
    fn a_span_touching_two_months_is_charged_both_in_full() {
        let tz = TimeZone::get("Europe/Rome").unwrap();
        let charge = StandingCharge {
            per: ChargePeriod::Month,
            amount: Money(9_000_000),
        };
        let start = date(2026, 3, 20)
            .at(0, 0, 0, 0)
            .to_zoned(tz.clone())
            .unwrap();
        let end = date(2026, 4, 1)
            .at(0, 0, 0, 1)
            .to_zoned(tz.clone())
            .unwrap();
        let items = standing_charge(&charge, &tz, start.timestamp(), end.timestamp());
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].period_start, date(2026, 4, 1));
        // Ending exactly at local midnight of April 1 touches March only.
        let end = date(2026, 4, 1)
            .at(0, 0, 0, 0)
            .to_zoned(tz.clone())
            .unwrap();
        assert_eq!(
            standing_charge(&charge, &tz, start.timestamp(), end.timestamp()).len(),
            1
        );
    }
}
