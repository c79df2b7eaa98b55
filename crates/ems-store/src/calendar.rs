//! The site's calendar: the sample-interval grid and the local days, months and years that
//! histograms are made of, in the site's IANA time zone.
//!
//! - Sample intervals are aligned in local wall time: a 15-minute rate starts intervals at :00,
//!   :15, :30 and :45 local, a 60-minute rate at the local hour (in Kolkata that is half past the
//!   UTC hour). An interval never straddles a local hour, so hourly histograms are sums of whole
//!   intervals. Where an offset change is not a multiple of the rate (Lord Howe Island's
//!   30-minute daylight saving time with a 60-minute rate), one interval is shorter.
//! - A day has 23, 24 or 25 hours (its hours are counted from local midnight); months and years
//!   begin at local midnight of their first day.
//! - "Ten years" is the ten calendar years ending with the chosen date's year.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use std::fmt;
use std::str::FromStr;

/// What a histogram spans and how it is divided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// A local day, by hour.
    Day,
    /// A local month, by day.
    Month,
    /// A local year, by month.
    Year,
    /// Ten local years, by year.
    Decade,
}

impl PeriodKind {
    /// Every kind, shortest first.
    pub const ALL: &'static [PeriodKind] = &[
        PeriodKind::Day,
        PeriodKind::Month,
        PeriodKind::Year,
        PeriodKind::Decade,
    ];

    /// The name used on the command line and in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Month => "month",
            PeriodKind::Year => "year",
            PeriodKind::Decade => "decade",
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a period kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown period \"{0}\": use day, month, year or decade")]
pub struct UnknownPeriodKind(pub String);

impl FromStr for PeriodKind {
    type Err = UnknownPeriodKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PeriodKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownPeriodKind(s.to_owned()))
    }
}

/// A text that is neither an RFC 3339 time nor a date (shown quoted and escaped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is neither an RFC 3339 time (2026-11-21T10:00:00+01:00) nor a date (2026-11-21)")]
pub struct InvalidInstant(pub String);

/// The length of a date, `YYYY-MM-DD`, with which every time begins too.
pub const DATE_LEN: usize = "YYYY-MM-DD".len();
/// Seconds in a day of UTC.
const SECONDS_PER_DAY: i64 = 24 * 60 * 60;

/// True when `text` has the form of `shape`, in which `9` stands for an ASCII digit, `T` for
/// `T` or `t`, `+` for `+` or `-`, and any other character for itself.
fn has_shape(text: &str, shape: &str) -> bool {
    text.len() == shape.len()
        && text.bytes().zip(shape.bytes()).all(|(c, s)| match s {
            b'9' => c.is_ascii_digit(),
            b'T' => c.eq_ignore_ascii_case(&b'T'),
            b'+' => c == b'+' || c == b'-',
            s => c == s,
        })
}

/// A date as RFC 3339 writes it, `YYYY-MM-DD`, and in no other form.
pub fn parse_date(text: &str) -> Option<Date> {
    has_shape(text, "9999-99-99")
        .then(|| text.parse::<Date>().ok())
        .flatten()
}

/// A time as RFC 3339 writes it, and in no other form: `YYYY-MM-DDTHH:MM:SS`, a fraction of a second of up to nine digits, and
/// `Z` or an offset `±HH:MM` of less than a day (`T` and `Z` in either case). A leap second,
/// `:60`, only at 23:59 UTC, and read as the second before it.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let date_time = text.get(..DATE_LEN + "THH:MM:SS".len())?;
    let mut rest = &text[date_time.len()..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = rest.eq_ignore_ascii_case("Z")
        || (has_shape(rest, "+99:99") && &rest[1..3] < "24" && &rest[4..6] < "60");
    if !has_shape(date_time, "9999-99-99T99:99:99") || !offset {
        return None;
    }
    let time = text.parse::<Timestamp>().ok()?;
    let leap_second = date_time.ends_with(":60");
    (!leap_second || time.as_second().rem_euclid(SECONDS_PER_DAY) == SECONDS_PER_DAY - 1)
        .then_some(time)
}

/// One histogram period: a local day, month, year or ten years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// Its kind.
    pub kind: PeriodKind,
    /// Its first local day.
    pub first: Date,
}

impl Period {
    /// The period of `kind` that contains `date`.
    pub fn containing(kind: PeriodKind, date: Date) -> Period {
        let first = match kind {
            PeriodKind::Day => date,
            PeriodKind::Month => date.first_of_month(),
            PeriodKind::Year => date.first_of_year(),
            PeriodKind::Decade => Date::new(date.year().saturating_sub(9), 1, 1)
                .unwrap_or_else(|_| date.first_of_year()),
        };
        Period { kind, first }
    }

    /// The period just before this one (yesterday, last month, last year, the ten years before).
    pub fn previous(self) -> Period {
        self.shifted(-1)
    }

    /// The period just after this one.
    pub fn next(self) -> Period {
        self.shifted(1)
    }

    fn shifted(self, by: i64) -> Period {
        let span = match self.kind {
            PeriodKind::Day => by.days(),
            PeriodKind::Month => by.months(),
            PeriodKind::Year => by.years(),
            PeriodKind::Decade => (10 * by).years(),
        };
        Period {
            kind: self.kind,
            first: self.first.checked_add(span).unwrap_or(self.first),
        }
    }

    /// The first local day after the period.
    pub fn end_date(self) -> Date {
        self.next().first
    }

    /// The local days of the bucket starts: every day of a month, the first of every month of
    /// a year, the first of every year of a decade (a day has one: itself).
    fn bucket_dates(self) -> Vec<Date> {
        let step = match self.kind {
            PeriodKind::Day => return vec![self.first],
            PeriodKind::Month => 1.day(),
            PeriodKind::Year => 1.month(),
            PeriodKind::Decade => 1.year(),
        };
        let end = self.end_date();
        let mut dates = Vec::new();
        let mut d = self.first;
        while d < end {
            dates.push(d);
            match d.checked_add(step) {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        dates
    }

    /// A short label: `2026-11-21`, `2026-11`, `2026`, `2017–2026`.
    pub fn label(self) -> String {
        match self.kind {
            PeriodKind::Day => self.first.to_string(),
            PeriodKind::Month => format!("{:04}-{:02}", self.first.year(), self.first.month()),
            PeriodKind::Year => format!("{:04}", self.first.year()),
            PeriodKind::Decade => {
                format!("{:04}–{:04}", self.first.year(), self.first.year() + 9)
            }
        }
    }
}

/// One bar of a histogram: a local hour, day, month or year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// Start (UTC).
    pub start: Timestamp,
    /// End (UTC, exclusive).
    pub end: Timestamp,
    /// Local label: `14:00`, `2026-11-21`, `2026-11`, `2026`.
    pub label: String,
}

/// Where an instant falls in the rollups: its local hour of day, day of month and month of year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlotAddress {
    /// The local day, as days since 1970-01-01.
    pub day: i32,
    /// Hours elapsed since local midnight (0–24: 25-hour days have 25).
    pub hour: u8,
    /// The local month, as `year × 12 + month − 1`.
    pub month: i32,
    /// Day of the month, 0-based.
    pub day_of_month: u8,
    /// The local year.
    pub year: i16,
    /// Month of the year, 0-based.
    pub month_of_year: u8,
}

/// The site's calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    tz: TimeZone,
}

const EPOCH: Date = Date::constant(1970, 1, 1);

impl Calendar {
    /// The calendar of a time zone.
    pub fn new(tz: TimeZone) -> Self {
        Calendar { tz }
    }

    /// The time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The local date of an instant.
    pub fn date(&self, t: Timestamp) -> Date {
        t.to_zoned(self.tz.clone()).date()
    }

    /// Start of the sample interval of a `minutes` grid that contains `t`.
    pub fn interval_start(&self, t: Timestamp, minutes: u16) -> Timestamp {
        let step = i64::from(minutes.max(1)) * 60;
        let offset = i64::from(self.tz.to_offset(t).seconds());
        let local = t.as_second() + offset;
        let floor = local.div_euclid(step) * step;
        Timestamp::from_second(floor - offset).unwrap_or(t)
    }

    /// The boundary that ends an interval beginning at `start` on a `minutes` grid: the first
    /// grid boundary after `start`. Normally `start + minutes`; shorter when `start` is not on
    /// the grid (the first interval after the sample rate changed) or when an offset change
    /// moves the grid.
    pub fn interval_end(&self, start: Timestamp, minutes: u16) -> Timestamp {
        let candidate = start + SignedDuration::from_mins(i64::from(minutes.max(1)));
        let aligned = self.interval_start(candidate, minutes);
        if aligned > start { aligned } else { candidate }
    }

    /// Local midnight at the start of `date` (the first instant of the day where midnight does
    /// not exist).
    pub fn midnight(&self, date: Date) -> Timestamp {
        self.tz
            .to_ambiguous_zoned(date.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// An RFC 3339 time ([`parse_time`]), or a local date meaning its midnight
    /// ([`parse_date`]): how ranges are given on the command line and in the API.
    pub fn instant(&self, text: &str) -> Result<Timestamp, InvalidInstant> {
        parse_date(text)
            .map(|date| self.midnight(date))
            .or_else(|| parse_time(text))
            .ok_or_else(|| InvalidInstant(text.to_owned()))
    }

    /// Start and end (UTC) of a period.
    pub fn bounds(&self, period: Period) -> (Timestamp, Timestamp) {
        (
            self.midnight(period.first),
            self.midnight(period.end_date()),
        )
    }

    /// The buckets of a period, in order.
    pub fn buckets(&self, period: Period) -> Vec<Bucket> {
        let (start, end) = self.bounds(period);
        match period.kind {
            PeriodKind::Day => {
                let mut buckets = Vec::with_capacity(25);
                let mut t = start;
                while t < end {
                    let next = (t + SignedDuration::from_hours(1)).min(end);
                    let local = t.to_zoned(self.tz.clone());
                    buckets.push(Bucket {
                        start: t,
                        end: next,
                        label: format!("{:02}:{:02}", local.hour(), local.minute()),
                    });
                    t = next;
                }
                buckets
            }
            kind => {
                let dates = period.bucket_dates();
                let mut buckets = Vec::with_capacity(dates.len());
                for (i, d) in dates.iter().enumerate() {
                    let next = dates.get(i + 1).copied().unwrap_or(period.end_date());
                    let label = match kind {
                        PeriodKind::Month => d.to_string(),
                        PeriodKind::Year => format!("{:04}-{:02}", d.year(), d.month()),
                        _ => format!("{:04}", d.year()),
                    };
                    buckets.push(Bucket {
                        start: self.midnight(*d),
                        end: self.midnight(next),
                        label,
                    });
                }
                buckets
            }
        }
    }

    /// Where `t` falls in the rollups.
    pub fn slot(&self, t: Timestamp) -> SlotAddress {
        let date = self.date(t);
        let midnight = self.midnight(date);
        let hours = t.duration_since(midnight).as_secs().max(0) / 3600;
        SlotAddress {
            day: day_number(date),
            hour: u8::try_from(hours).unwrap_or(u8::MAX),
            month: month_number(date),
            day_of_month: (date.day() - 1) as u8,
            year: date.year(),
            month_of_year: (date.month() - 1) as u8,
        }
    }
}

/// Slot addresses of many instants, each local day's bounds computed once: the same answers
/// as [`Calendar::slot`], for instants that mostly follow each other.
pub struct SlotCursor<'a> {
    calendar: &'a Calendar,
    /// The last local day seen: its midnight, the next midnight, and its address at hour 0.
    day: Option<(Timestamp, Timestamp, SlotAddress)>,
}

impl<'a> SlotCursor<'a> {
    /// A cursor over `calendar`.
    pub fn new(calendar: &'a Calendar) -> SlotCursor<'a> {
        SlotCursor {
            calendar,
            day: None,
        }
    }

    /// Where `t` falls in the rollups.
    pub fn slot(&mut self, t: Timestamp) -> SlotAddress {
        if let Some((start, end, base)) = self.day
            && t >= start
            && t < end
        {
            let hours = t.duration_since(start).as_secs() / 3600;
            return SlotAddress {
                hour: u8::try_from(hours).unwrap_or(u8::MAX),
                ..base
            };
        }
        let address = self.calendar.slot(t);
        let date = date_of_day_number(address.day);
        if let Ok(next) = date.tomorrow() {
            let start = self.calendar.midnight(date);
            let base = SlotAddress { hour: 0, ..address };
            self.day = Some((start, self.calendar.midnight(next), base));
        }
        address
    }
}

/// Days from 1970-01-01 to `date`.
pub fn day_number(date: Date) -> i32 {
    date.since(EPOCH).map(|span| span.get_days()).unwrap_or(0)
}

/// The date `n` days after 1970-01-01.
pub fn date_of_day_number(n: i32) -> Date {
    EPOCH.checked_add(n.days()).unwrap_or(EPOCH)
}

/// `year × 12 + month − 1` of `date`.
pub fn month_number(date: Date) -> i32 {
    i32::from(date.year()) * 12 + i32::from(date.month()) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rome() -> Calendar {
        Calendar::new(TimeZone::get("Europe/Rome").unwrap())
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn spring_and_autumn_days_have_23_and_25_hourly_buckets() {
        let cal = rome();
        let spring = Period::containing(PeriodKind::Day, Date::constant(2026, 3, 29));
        let autumn = Period::containing(PeriodKind::Day, Date::constant(2026, 10, 25));
        let b = cal.buckets(spring);
        assert_eq!(b.len(), 23);
        assert_eq!(b[2].label, "03:00");
        let b = cal.buckets(autumn);
        assert_eq!(b.len(), 25);
        assert_eq!(b[2].label, "02:00");
        assert_eq!(b[3].label, "02:00");
        assert_eq!(b[0].start, ts("2026-10-24T22:00:00Z"));
        assert_eq!(b[24].end, ts("2026-10-25T23:00:00Z"));
    }

    #[test]
    fn a_cursor_gives_the_slots_of_the_calendar_across_both_dst_changes() {
        let cal = rome();
        let mut cursor = SlotCursor::new(&cal);
        for (from, to) in [
            ("2026-03-28T20:00:00Z", "2026-03-30T02:00:00Z"),
            ("2026-10-24T20:00:00Z", "2026-10-26T02:00:00Z"),
        ] {
            let mut t: Timestamp = from.parse().unwrap();
            let end: Timestamp = to.parse().unwrap();
            while t < end {
                assert_eq!(cursor.slot(t), cal.slot(t), "{t}");
                t += SignedDuration::from_mins(15);
            }
        }
        // Out of order, too.
        let t: Timestamp = "2026-01-01T12:00:00Z".parse().unwrap();
        assert_eq!(cursor.slot(t), cal.slot(t));
    }

    #[test]
    fn intervals_follow_local_time_in_half_hour_zones() {
        let kolkata = Calendar::new(TimeZone::get("Asia/Kolkata").unwrap());
        let t = ts("2026-06-01T04:40:00Z"); // 10:10 local
        assert_eq!(kolkata.interval_start(t, 60), ts("2026-06-01T04:30:00Z"));
        assert_eq!(kolkata.interval_start(t, 15), ts("2026-06-01T04:30:00Z"));
        assert_eq!(
            kolkata.interval_end(ts("2026-06-01T04:30:00Z"), 60),
            ts("2026-06-01T05:30:00Z")
        );
    }

    #[test]
    fn the_first_interval_after_a_rate_change_ends_on_the_new_grid() {
        let cal = rome();
        let start = ts("2026-06-01T08:15:00Z");
        assert_eq!(cal.interval_end(start, 60), ts("2026-06-01T09:00:00Z"));
        assert_eq!(cal.interval_end(start, 15), ts("2026-06-01T08:30:00Z"));
    }

    #[test]
    fn hourly_grid_crosses_both_dst_changes_without_overlap() {
        let cal = rome();
        for (from, hours) in [("2026-03-28T22:00:00Z", 4), ("2026-10-24T21:00:00Z", 6)] {
            let mut t = ts(from);
            for _ in 0..hours {
                let end = cal.interval_end(t, 60);
                assert_eq!(end.duration_since(t), SignedDuration::from_hours(1));
                assert_eq!(cal.interval_start(end, 60), end);
                t = end;
            }
        }
    }

    #[test]
    fn slots_count_hours_from_local_midnight() {
        let cal = rome();
        // 2026-10-25 01:30 UTC is the second 02:30 local (after the clocks went back).
        let s = cal.slot(ts("2026-10-25T01:30:00Z"));
        assert_eq!(s.hour, 3);
        assert_eq!(s.day_of_month, 24);
        assert_eq!(s.month_of_year, 9);
        assert_eq!(s.year, 2026);
        assert_eq!(date_of_day_number(s.day), Date::constant(2026, 10, 25));
        assert_eq!(s.month, 2026 * 12 + 9);
    }

    #[test]
    fn times_are_read_in_rfc_3339_only_and_dates_as_year_month_day() {
        for time in [
            "2026-06-01T10:00:00Z",
            "2026-06-01t10:00:00z",
            "2026-06-01T10:00:00.123456789+02:00",
            "2026-06-01T10:00:00-00:00",
            "2026-06-01T10:00:00+23:59",
        ] {
            assert!(parse_time(time).is_some(), "{time}");
        }
        for time in [
            "2026-06-01",
            "2026-06-01T10:00",
            "2026-06-01T10:00:00",
            "2026-06-01T10Z",
            "2026-06-01 10:00:00Z",
            "2026-06-01T10:00:00+0200",
            "2026-06-01T10:00:00+24:00",
            "2026-06-01T10:00:00+02:60",
            "2026-06-01T10:00:00.Z",
            "2026-06-01T10:00:00.1234567891Z",
            "2026-06-01T10:00:00Z[Europe/Rome]",
            "2026-06-01T24:00:00Z",
            "2026-06-31T10:00:00Z",
            "20260601T100000Z",
            "2026-06-01T10:00:00+02:0é",
            "2026-06-01T10:00:0é",
        ] {
            assert!(parse_time(time).is_none(), "{time}");
        }
        assert_eq!(parse_date("2026-06-01"), Some(Date::constant(2026, 6, 1)));
        for date in [
            "20260601",
            "+002026-06-01",
            "2026-6-1",
            "2026-02-29",
            "2026-06-01T00:00",
        ] {
            assert!(parse_date(date).is_none(), "{date}");
        }
    }

    #[test]
    fn a_leap_second_is_read_at_23_59_utc_only_as_the_second_before() {
        let before: Timestamp = "2026-06-30T23:59:59Z".parse().unwrap();
        assert_eq!(parse_time("2026-06-30T23:59:60Z"), Some(before));
        assert_eq!(parse_time("2026-07-01T01:59:60+02:00"), Some(before));
        assert!(parse_time("2026-06-30T23:59:60.5Z").is_some());
        assert!(parse_time("2026-06-30T22:59:60Z").is_none());
        assert!(parse_time("2026-06-30T23:59:60+02:00").is_none());
    }

    #[test]
    fn an_instant_is_a_time_or_the_local_midnight_of_a_date() {
        let cal = rome();
        assert_eq!(
            cal.instant("2026-06-01T10:00:00+02:00"),
            Ok(ts("2026-06-01T08:00:00Z"))
        );
        assert_eq!(cal.instant("2026-06-01"), Ok(ts("2026-05-31T22:00:00Z")));
        let e = cal.instant("yesterday").unwrap_err().to_string();
        assert!(e.starts_with("\"yesterday\" is neither"), "{e}");
        // A time without an offset is not a date's midnight: it is refused.
        assert!(cal.instant("2026-06-01T10:00").is_err());
    }

    #[test]
    fn periods_step_back_to_the_previous_one() {
        let d = Date::constant(2024, 3, 31);
        let month = Period::containing(PeriodKind::Month, d);
        assert_eq!(month.previous().first, Date::constant(2024, 2, 1));
        assert_eq!(Rome::buckets_of(month.previous()), 29);
        let decade = Period::containing(PeriodKind::Decade, d);
        assert_eq!(decade.first, Date::constant(2015, 1, 1));
        assert_eq!(decade.previous().first, Date::constant(2005, 1, 1));
        assert_eq!(decade.label(), "2015–2024");
        assert_eq!(Rome::buckets_of(decade), 10);
    }

    struct Rome;
    impl Rome {
        fn buckets_of(p: Period) -> usize {
            rome().buckets(p).len()
        }
    }
}
