//! A checked rule set: which rule holds at a local date and time, and which price a tariff has
//! on a local date.

use ems_model::tariff::{CostRule, DatedPrice, Price, Tariff, TimeFrame, Validity, check_plan};
pub use ems_model::tariff::{Location, Problem, TariffError, TariffErrors};
use jiff::civil::{Date, DateTime, Time, Weekday};

/// Nanoseconds in a day.
pub(crate) const DAY_NANOS: i64 = 86_400_000_000_000;
const MINUTE_NANOS: i64 = 60_000_000_000;

/// A rule's time frame as half-open nanoseconds of the local day: [start, end), with `end` up to
/// a whole day; `start > end` runs over midnight; `start == end` is the whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Frame {
    pub(crate) start: i64,
    pub(crate) end: i64,
}

impl Frame {
    fn new(frame: TimeFrame) -> Frame {
        let start = time_nanos(frame.start);
        let end = time_nanos(frame.end) + MINUTE_NANOS;
        Frame { start, end }
    }

    pub(crate) fn contains(self, nanos: i64) -> bool {
        if self.start < self.end {
            self.start <= nanos && nanos < self.end
        } else {
            nanos >= self.start || nanos < self.end
        }
    }
}

/// Nanoseconds since local midnight.
pub(crate) fn time_nanos(time: Time) -> i64 {
    (i64::from(time.hour()) * 3600 + i64::from(time.minute()) * 60 + i64::from(time.second()))
        * 1_000_000_000
        + i64::from(time.subsec_nanosecond())
}

/// Why a rule does not hold at a local date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The date is outside its validity.
    OutsideValidity,
    /// The time is outside its time frame.
    OutsideTimeFrame,
    /// The weekday is not chosen.
    WeekdayNotChosen(Weekday),
}

/// A checked list of tariffs and rules.
#[derive(Debug, Clone)]
pub struct RuleSet {
    tariffs: Vec<Tariff>,
    rules: Vec<CostRule>,
    /// Per rule: the index of its tariff.
    rule_tariff: Vec<usize>,
    /// Per rule: its frame in nanoseconds.
    frames: Vec<Option<Frame>>,
    /// Per tariff: its prices sorted by date, the undated one first.
    prices: Vec<Vec<DatedPrice>>,
    /// Every instant of a local day where some frame starts or ends, sorted, with 0 first.
    pub(crate) day_edges: Vec<i64>,
}

impl RuleSet {
    /// Checks tariffs and rules, reporting every error at once.
    pub fn new(tariffs: &[Tariff], rules: &[CostRule]) -> Result<RuleSet, TariffErrors> {
        let errors = check_plan(tariffs, rules);
        if !errors.is_empty() {
            return Err(TariffErrors(errors));
        }
        let prices = tariffs
            .iter()
            .map(|tariff| {
                let mut sorted = tariff.prices.clone();
                sorted.sort_by_key(|p| p.from);
                sorted
            })
            .collect();
        let rule_tariff = rules
            .iter()
            .map(|rule| {
                tariffs
                    .iter()
                    .position(|t| t.id == rule.tariff)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let frames: Vec<Option<Frame>> =
            rules.iter().map(|r| r.time_frame.map(Frame::new)).collect();
        let mut day_edges: Vec<i64> = frames
            .iter()
            .flatten()
            .flat_map(|f| [f.start, f.end % DAY_NANOS])
            .chain([0])
            .collect();
        day_edges.sort_unstable();
        day_edges.dedup();
        Ok(RuleSet {
            tariffs: tariffs.to_vec(),
            rules: rules.to_vec(),
            rule_tariff,
            frames,
            prices,
            day_edges,
        })
    }

    /// The tariffs.
    pub fn tariffs(&self) -> &[Tariff] {
        &self.tariffs
    }

    /// The rules.
    pub fn rules(&self) -> &[CostRule] {
        &self.rules
    }

    /// The index of rule `rule`'s tariff.
    pub fn tariff_of(&self, rule: usize) -> usize {
        self.rule_tariff[rule]
    }

    /// The first rule, top-down, whose conditions all hold at a local date and time.
    pub fn rule_at(&self, at: DateTime) -> Option<usize> {
        let nanos = time_nanos(at.time());
        (0..self.rules.len()).find(|&r| self.holds(r, at.date(), nanos))
    }

    /// Whether rule `rule` holds on local `date` at `nanos` since local midnight.
    pub(crate) fn holds(&self, rule: usize, date: Date, nanos: i64) -> bool {
        self.first_miss(rule, date, nanos).is_none()
    }

    fn first_miss(&self, rule: usize, date: Date, nanos: i64) -> Option<Miss> {
        self.misses(rule, date, nanos).into_iter().next()
    }

    /// Every reason rule `rule` does not hold on `date` at `nanos` (empty: it holds).
    pub(crate) fn misses(&self, rule: usize, date: Date, nanos: i64) -> Vec<Miss> {
        let r = &self.rules[rule];
        let mut misses = Vec::new();
        if let Some(valid) = r.valid
            && !in_validity(valid, r.repeat_every_year, date)
        {
            misses.push(Miss::OutsideValidity);
        }
        if let Some(frame) = self.frames[rule]
            && !frame.contains(nanos)
        {
            misses.push(Miss::OutsideTimeFrame);
        }
        if !r.weekdays.contains(date.weekday()) {
            misses.push(Miss::WeekdayNotChosen(date.weekday()));
        }
        misses
    }

    /// The price of tariff `tariff` on local `date` and the date it applies from (`None`: the
    /// undated price); `None` when no price applies yet.
    pub fn price_on(&self, tariff: usize, date: Date) -> Option<(Price, Option<Date>)> {
        self.prices[tariff]
            .iter()
            .rev()
            .find(|p| p.from.is_none_or(|from| from <= date))
            .map(|p| (p.price, p.from))
    }
}

/// Whether `date` is in a validity. Repeated every year, only month and day count: a period
/// whose end's month and day come before its start's wraps over New Year. February 29 needs no
/// special case: in a year without it, a period starting on 02-29 starts on 03-01, one ending
/// on 02-29 ends on 02-28, and a rule of 02-29 alone holds in leap years only.
fn in_validity(valid: Validity, repeat_every_year: bool, date: Date) -> bool {
    let to = valid.to;
    if !repeat_every_year {
        return valid.from <= date && to.is_none_or(|to| date <= to);
    }
    let md = |d: Date| (d.month(), d.day());
    let (from, day) = (md(valid.from), md(date));
    let to = to.map_or(from, md);
    if from <= to {
        from <= day && day <= to
    } else {
        day >= from || day <= to
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::tariff::Weekdays;
    use jiff::civil::{date, time};

    fn tariff(id: &str) -> Tariff {
        Tariff {
            id: id.into(),
            name: id.into(),
            colour: "#112233".into(),
            prices: vec![DatedPrice {
                from: None,
                price: Price(100_000),
            }],
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

    #[test]
    fn every_error_is_reported_at_once_with_its_place() {
        let mut bad = tariff("t1");
        bad.colour = "red".into();
        bad.prices.push(DatedPrice {
            from: None,
            price: Price(1),
        });
        let mut r0 = rule("nope");
        r0.valid = Some(Validity {
            from: date(2026, 5, 1),
            to: Some(date(2026, 4, 1)),
        });
        let mut r1 = rule("t1");
        r1.weekdays = Weekdays::NONE;
        r1.repeat_every_year = true;
        let errors = RuleSet::new(&[bad, tariff("t1")], &[r0, r1]).unwrap_err();
        assert_eq!(
            errors.to_string(),
            "tariffs[0].colour: \"red\" is not a colour of the form #rrggbb\n\
             tariffs[0].prices: prices 0 and 1 both have no date; only one price may apply from the beginning\n\
             tariffs[1].id: the id \"t1\" is also tariff 0's\n\
             rules[0].tariff: no tariff has the id \"nope\"\n\
             rules[0].valid: the validity ends on 2026-04-01, before it starts on 2026-05-01\n\
             rules[1].repeat_every_year: \"repeat every year\" needs a validity date or period\n\
             rules[1].weekdays: no day of the week is chosen, so the rule never applies"
        );
    }

    #[test]
    fn two_prices_from_one_date_are_refused() {
        let mut t = tariff("t");
        let d = Some(date(2026, 1, 1));
        t.prices = vec![
            DatedPrice {
                from: d,
                price: Price(1),
            },
            DatedPrice {
                from: d,
                price: Price(2),
            },
        ];
        let errors = RuleSet::new(&[t], &[]).unwrap_err();
        assert!(matches!(
            errors.0[0].problem,
            Problem::SameDate {
                first: 0,
                second: 1,
                ..
            }
        ));
    }

    #[test]
    fn a_repeated_period_over_new_year_wraps() {
        let valid = Validity {
            from: date(2020, 12, 24),
            to: Some(date(2021, 1, 6)),
        };
        assert!(in_validity(valid, true, date(2030, 12, 31)));
        assert!(in_validity(valid, true, date(2030, 1, 6)));
        assert!(!in_validity(valid, true, date(2030, 1, 7)));
        assert!(!in_validity(valid, true, date(2030, 12, 23)));
        assert!(!in_validity(valid, false, date(2030, 12, 31)));
    }

    #[test]
    fn february_29_repeated_holds_only_in_leap_years_and_bounds_periods_sensibly() {
        let leap_day = Validity {
            from: date(2024, 2, 29),
            to: Some(date(2024, 2, 29)),
        };
        assert!(in_validity(leap_day, true, date(2028, 2, 29)));
        assert!(!in_validity(leap_day, true, date(2027, 2, 28)));
        assert!(!in_validity(leap_day, true, date(2027, 3, 1)));
        let from_leap_day = Validity {
            from: date(2024, 2, 29),
            to: Some(date(2024, 3, 10)),
        };
        assert!(in_validity(from_leap_day, true, date(2027, 3, 1)));
        assert!(!in_validity(from_leap_day, true, date(2027, 2, 28)));
    }

    #[test]
    fn a_frame_ending_before_it_starts_runs_over_midnight() {
        let night = Frame::new(TimeFrame {
            start: time(22, 0, 0, 0),
            end: time(5, 59, 0, 0),
        });
        assert!(night.contains(time_nanos(time(23, 0, 0, 0))));
        assert!(night.contains(time_nanos(time(5, 59, 59, 0))));
        assert!(!night.contains(time_nanos(time(6, 0, 0, 0))));
        let day = Frame::new(TimeFrame {
            start: time(0, 0, 0, 0),
            end: time(18, 59, 0, 0),
        });
        assert!(day.contains(time_nanos(time(18, 59, 59, 999_999_999))));
        assert!(!day.contains(time_nanos(time(19, 0, 0, 0))));
        let evening = Frame::new(TimeFrame {
            start: time(19, 0, 0, 0),
            end: time(23, 59, 0, 0),
        });
        assert!(evening.contains(time_nanos(time(23, 59, 59, 0))));
    }

    #[test]
    fn the_latest_price_not_after_the_date_applies() {
        let mut t = tariff("t");
        t.prices.push(DatedPrice {
            from: Some(date(2026, 3, 15)),
            price: Price(200_000),
        });
        let set = RuleSet::new(&[t], &[rule("t")]).unwrap();
        assert_eq!(
            set.price_on(0, date(2026, 3, 14)),
            Some((Price(100_000), None))
        );
        assert_eq!(
            set.price_on(0, date(2026, 3, 15)),
            Some((Price(200_000), Some(date(2026, 3, 15))))
        );
    }
}
