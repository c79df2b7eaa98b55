//! The observation period: any `[start, end)`, or a local week from Monday 00:00 to Monday
//! 00:00, and how many 10-min and 10-s values it should hold.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// An observation period `[start, end)` in UTC.
///
/// A value belongs to the period when its interval starts in it. The expected number of
/// 10-min (10-s) values is the number of instants on the UTC 10-min (10-s) clock in
/// `[start, end)`, as IEC 61000-4-30 aligns its intervals to the UTC clock: 1 008 (60 480)
/// for a week of 168 hours, 1 002 or 1 014 for a local week with a daylight-saving change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first instant of the period.
    pub start: Timestamp,
    /// The first instant after the period.
    pub end: Timestamp,
}

/// Why a period could not be made.
#[derive(Debug, Error)]
pub enum PeriodError {
    /// The end is not after the start.
    #[error("the period must end after it starts (start {start}, end {end})")]
    Empty {
        /// The start given.
        start: Timestamp,
        /// The end given.
        end: Timestamp,
    },
    /// The week could not be placed in the time zone (a date at the edge of the supported
    /// range).
    #[error("cannot place the week in the time zone")]
    TimeZone(#[source] jiff::Error),
}

/// Something with the UTC start of its interval: the inputs of the evaluation.
pub trait Timestamped {
    /// The start of the value's interval.
    fn start(&self) -> Timestamp;
}

/// 10 minutes in nanoseconds.
const TEN_MINUTES_NS: i128 = 600_000_000_000;
/// 10 seconds in nanoseconds.
const TEN_SECONDS_NS: i128 = 10_000_000_000;

impl Period {
    /// The period `[start, end)`; an error unless `start < end`.
    pub fn new(start: Timestamp, end: Timestamp) -> Result<Period, PeriodError> {
        if start < end {
            Ok(Period { start, end })
        } else {
            Err(PeriodError::Empty { start, end })
        }
    }

    /// The local week (Monday 00:00 to the next Monday 00:00 in `tz`) that contains `date`.
    /// Where a Monday has no 00:00 (a daylight-saving gap at midnight), the week starts at the
    /// first instant of that Monday.
    pub fn local_week(date: Date, tz: &TimeZone) -> Result<Period, PeriodError> {
        let back = i64::from(date.weekday().to_monday_zero_offset());
        let monday = date
            .checked_sub(Span::new().days(back))
            .map_err(PeriodError::TimeZone)?;
        let next_monday = monday
            .checked_add(Span::new().days(7))
            .map_err(PeriodError::TimeZone)?;
        let start = monday
            .to_zoned(tz.clone())
            .map_err(PeriodError::TimeZone)?
            .timestamp();
        let end = next_monday
            .to_zoned(tz.clone())
            .map_err(PeriodError::TimeZone)?
            .timestamp();
        Period::new(start, end)
    }

    /// The last complete local week before `now`: from the Monday 00:00 a week before the
    /// current week's to the current week's Monday 00:00, in `tz`. At Monday 00:00 exactly, the
    /// week that has just ended.
    pub fn last_week(now: Timestamp, tz: &TimeZone) -> Result<Period, PeriodError> {
        let today = now.to_zoned(tz.clone()).date();
        let a_week_ago = today
            .checked_sub(Span::new().days(7))
            .map_err(PeriodError::TimeZone)?;
        Period::local_week(a_week_ago, tz)
    }

    /// True when `instant` is in `[start, end)`.
    pub fn contains(&self, instant: Timestamp) -> bool {
        self.start <= instant && instant < self.end
    }

    /// The number of 10-min values expected in the period.
    pub fn ten_minute_intervals(&self) -> u64 {
        self.aligned_instants(TEN_MINUTES_NS)
    }

    /// The number of 10-s values expected in the period.
    pub fn ten_second_intervals(&self) -> u64 {
        self.aligned_instants(TEN_SECONDS_NS)
    }

    /// The values of a series sorted by start that belong to the period, as a sub-slice (two
    /// binary searches). For a series not sorted by start the result is meaningless, though
    /// never a panic; [`evaluate`](super::evaluate) itself needs no sorting.
    pub fn select<'a, T: Timestamped>(&self, sorted: &'a [T]) -> &'a [T] {
        let from = sorted.partition_point(|v| v.start() < self.start);
        let to = sorted.partition_point(|v| v.start() < self.end);
        sorted.get(from..to).unwrap_or(&[])
    }

    /// The number of multiples of `step_ns` nanoseconds (since the Unix epoch) in the period.
    fn aligned_instants(&self, step_ns: i128) -> u64 {
        let first = ceil_div(self.start.as_nanosecond(), step_ns);
        let end = ceil_div(self.end.as_nanosecond(), step_ns);
        u64::try_from(end - first).unwrap_or(0)
    }
}

/// `⌈a / b⌉` for `b > 0`.
fn ceil_div(a: i128, b: i128) -> i128 {
    -((-a).div_euclid(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn last_week_runs_from_monday_to_monday_in_local_time() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        // Wednesday 2024-03-13 10:00 local.
        let week = Period::last_week(ts("2024-03-13T09:00:00Z"), &rome).unwrap();
        assert_eq!(week.start, ts("2024-03-03T23:00:00Z"));
        assert_eq!(week.end, ts("2024-03-10T23:00:00Z"));
        assert_eq!(week.ten_minute_intervals(), 1008);
        assert_eq!(week.ten_second_intervals(), 60_480);
    }

    #[test]
    fn at_monday_midnight_last_week_is_the_week_just_ended() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        let week = Period::last_week(ts("2024-03-10T23:00:00Z"), &rome).unwrap();
        assert_eq!(week.start, ts("2024-03-03T23:00:00Z"));
        assert_eq!(week.end, ts("2024-03-10T23:00:00Z"));
        // One nanosecond earlier it is still Sunday: the week before.
        let week = Period::last_week(ts("2024-03-10T22:59:59.999999999Z"), &rome).unwrap();
        assert_eq!(week.end, ts("2024-03-03T23:00:00Z"));
    }

    #[test]
    fn a_week_with_a_clock_change_expects_fewer_or_more_ten_minute_values() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        // Clocks go forward on 2024-03-31: a week of 167 hours.
        let spring = Period::local_week(date(2024, 3, 27), &rome).unwrap();
        assert_eq!(spring.start, ts("2024-03-24T23:00:00Z"));
        assert_eq!(spring.end, ts("2024-03-31T22:00:00Z"));
        assert_eq!(spring.ten_minute_intervals(), 1002);
        // Clocks go back on 2024-10-27: 169 hours.
        let autumn = Period::local_week(date(2024, 10, 27), &rome).unwrap();
        assert_eq!(autumn.ten_minute_intervals(), 1014);
    }

    #[test]
    fn a_week_not_aligned_to_the_ten_minute_clock_still_expects_a_week_of_values() {
        let kathmandu = TimeZone::get("Asia/Kathmandu").unwrap();
        let week = Period::local_week(date(2024, 3, 13), &kathmandu).unwrap();
        assert_eq!(week.start, ts("2024-03-10T18:15:00Z"));
        assert_eq!(week.ten_minute_intervals(), 1008);
    }

    #[test]
    fn an_empty_period_is_refused() {
        let t = ts("2024-03-04T00:00:00Z");
        assert!(matches!(Period::new(t, t), Err(PeriodError::Empty { .. })));
        let short = Period::new(t, ts("2024-03-04T00:00:10Z")).unwrap();
        assert_eq!(short.ten_minute_intervals(), 1);
        assert_eq!(short.ten_second_intervals(), 1);
    }

    struct At(Timestamp);
    impl Timestamped for At {
        fn start(&self) -> Timestamp {
            self.0
        }
    }

    #[test]
    fn select_keeps_the_values_that_start_in_the_period() {
        let period = Period::new(ts("2024-03-04T00:00:00Z"), ts("2024-03-04T00:30:00Z")).unwrap();
        let series: Vec<At> = (0..6)
            .map(|i| At(ts("2024-03-03T23:50:00Z") + Span::new().minutes(10 * i)))
            .collect();
        let selected = period.select(&series);
        assert_eq!(selected.len(), 3);
        assert_eq!(selected[0].0, period.start);
        assert!(period.select::<At>(&[]).is_empty());
        // Unsorted input gives an empty or partial selection, never a panic.
        let reversed: Vec<At> = series.into_iter().rev().collect();
        let _ = period.select(&reversed);
    }
}
