//! A rule set in a time zone: intervals split into priced pieces, gaps, shadowed rules, and
//! explanations.

use std::fmt;

use ems_model::tariff::{Commodity, Price};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

use crate::cost::{PriceSource, Priced};
use crate::rules::{DAY_NANOS, Miss, RuleSet, time_nanos};

/// A stretch of time over which one rule (or none) and one price hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// Its start (included).
    pub start: Timestamp,
    /// Its end (excluded).
    pub end: Timestamp,
    /// The rule that wins (index in the list); `None`: no rule holds.
    pub rule: Option<usize>,
    /// The winning rule's tariff id.
    pub tariff: Option<&'a str>,
    /// The tariff's price on that local date; `None` where there is no rule or no price yet.
    pub price: Option<Price>,
}

impl Priced for Piece<'_> {
    fn span(&self) -> (Timestamp, Timestamp) {
        (self.start, self.end)
    }

    fn price(&self) -> Option<Price> {
        self.price
    }

    fn tariff(&self) -> Option<&str> {
        self.tariff
    }
}

/// A stretch within which nothing a rule looks at changes: one local date, one UTC offset, and
/// no frame edge inside.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: Timestamp,
    end: Timestamp,
    date: Date,
    nanos: i64,
}

/// How a rule fares over a span: how long it wins, and which earlier rules take its instants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCoverage {
    /// The rule.
    pub rule: usize,
    /// How long it wins (holds and no earlier rule does).
    pub wins: SignedDuration,
    /// How long it holds at all.
    pub holds: SignedDuration,
    /// Per earlier rule that wins where this one also holds: the merged spans it takes.
    pub taken_by: Vec<(usize, Vec<(Timestamp, Timestamp)>)>,
}

impl RuleCoverage {
    /// Whether the rule never wins in the span (it is shadowed, or never holds at all).
    pub fn never_wins(&self) -> bool {
        self.wins.is_zero()
    }
}

/// A rule set applied in a site's time zone.
#[derive(Debug, Clone)]
pub struct Pricer {
    rules: RuleSet,
    tz: TimeZone,
    commodity: Commodity,
}

impl Pricer {
    /// Applies `rules` in `tz` (for electricity; see [`Pricer::for_commodity`]).
    pub fn new(rules: RuleSet, tz: TimeZone) -> Pricer {
        Pricer {
            rules,
            tz,
            commodity: Commodity::Electricity,
        }
    }

    /// The same, pricing `commodity` (which only changes the units in words).
    pub fn for_commodity(mut self, commodity: Commodity) -> Pricer {
        self.commodity = commodity;
        self
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Calls `each` for the segments of [start, end) in order.
    fn segments(&self, start: Timestamp, end: Timestamp, mut each: impl FnMut(Segment)) {
        let mut at = start;
        while at < end {
            let offset = self.tz.to_offset(at);
            let local = offset.to_datetime(at);
            let nanos = time_nanos(local.time());
            let edge = self
                .rules
                .day_edges
                .iter()
                .copied()
                .find(|&e| e > nanos)
                .unwrap_or(DAY_NANOS);
            let mut next = at
                .checked_add(SignedDuration::from_nanos(edge - nanos))
                .unwrap_or(end)
                .min(end);
            if let Some(transition) = self
                .tz
                .following(at)
                .map(|t| t.timestamp())
                .find(|&t| t > at)
                && transition < next
            {
                next = transition;
            }
            each(Segment {
                start: at,
                end: next,
                date: local.date(),
                nanos,
            });
            at = next;
        }
    }

    /// For each rule, over [from, to): how long it wins, and which earlier rules take the
    /// instants where it holds.
    pub fn coverage(&self, from: Timestamp, to: Timestamp) -> Vec<RuleCoverage> {
        let count = self.rules.rules().len();
        let mut coverage: Vec<RuleCoverage> = (0..count)
            .map(|rule| RuleCoverage {
                rule,
                wins: SignedDuration::ZERO,
                holds: SignedDuration::ZERO,
                taken_by: Vec::new(),
            })
            .collect();
        self.segments(from, to, |s| {
            let length = s.start.duration_until(s.end);
            let mut first = None;
            for (r, c) in coverage.iter_mut().enumerate() {
                if !self.rules.holds(r, s.date, s.nanos) {
                    continue;
                }
                c.holds += length;
                let Some(winner) = first else {
                    first = Some(r);
                    c.wins += length;
                    continue;
                };
                let spans = match c.taken_by.iter_mut().find(|(by, _)| *by == winner) {
                    Some((_, spans)) => spans,
                    None => {
                        c.taken_by.push((winner, Vec::new()));
                        let last = c.taken_by.len() - 1;
                        &mut c.taken_by[last].1
                    }
                };
                match spans.last_mut() {
                    Some(last) if last.1 == s.start => last.1 = s.end,
                    _ => spans.push((s.start, s.end)),
                }
            }
        });
        for c in &mut coverage {
            c.taken_by.sort_by_key(|(by, _)| *by);
        }
        coverage
    }

    /// Which rule and price apply at `at`, and why each rule above it does not.
    pub fn explain(&self, at: Timestamp) -> Explanation {
        let local = at.to_zoned(self.tz.clone());
        let date = local.date();
        let nanos = time_nanos(local.time());
        let mut skipped = Vec::new();
        let mut matched = None;
        for r in 0..self.rules.rules().len() {
            let misses = self.rules.misses(r, date, nanos);
            if misses.is_empty() {
                matched = Some(r);
                break;
            }
            skipped.push((r, misses));
        }
        let tariff = matched.map(|r| self.rules.tariff_of(r));
        let price = tariff.and_then(|t| self.rules.price_on(t, date));
        let rules = self.rules.rules();
        Explanation {
            at: local,
            rule: matched,
            tariff: tariff.map(|t| {
                let t = &self.rules.tariffs()[t];
                (t.id.clone(), t.name.clone())
            }),
            price,
            skipped: skipped
                .into_iter()
                .map(|(r, misses)| Skipped {
                    rule: r,
                    tariff: rules[r].tariff.clone(),
                    reasons: misses
                        .iter()
                        .map(|m| describe_miss(&rules[r], *m))
                        .collect(),
                    misses,
                })
                .collect(),
            unit: self.commodity.price_unit(),
        }
    }
}

impl PriceSource for Pricer {
    type Piece<'a> = Piece<'a>;

    /// Splits [start, end) where the winning rule or the price changes.
    fn pieces(&self, start: Timestamp, end: Timestamp) -> Vec<Piece<'_>> {
        let mut pieces: Vec<Piece<'_>> = Vec::new();
        self.segments(start, end, |s| {
            let rule =
                (0..self.rules.rules().len()).find(|&r| self.rules.holds(r, s.date, s.nanos));
            let tariff = rule.map(|r| self.rules.tariff_of(r));
            let price = tariff
                .and_then(|t| self.rules.price_on(t, s.date))
                .map(|p| p.0);
            let tariff = tariff.map(|t| self.rules.tariffs()[t].id.as_str());
            match pieces.last_mut() {
                Some(last) if last.rule == rule && last.price == price && last.end == s.start => {
                    last.end = s.end;
                }
                _ => pieces.push(Piece {
                    start: s.start,
                    end: s.end,
                    rule,
                    tariff,
                    price,
                }),
            }
        });
        pieces
    }
}

fn describe_miss(rule: &ems_model::tariff::CostRule, miss: Miss) -> String {
    match miss {
        Miss::OutsideValidity => {
            let Some(valid) = rule.valid else {
                return "outside its validity".into();
            };
            let to = valid.to.unwrap_or(valid.from);
            if rule.repeat_every_year {
                let md = |d: Date| format!("{:02}-{:02}", d.month(), d.day());
                if to == valid.from {
                    format!("outside its validity ({} every year)", md(valid.from))
                } else {
                    format!(
                        "outside its validity ({} to {} every year)",
                        md(valid.from),
                        md(to)
                    )
                }
            } else {
                match valid.to {
                    None => format!("outside its validity (from {})", valid.from),
                    Some(to) if to == valid.from => format!("outside its validity ({to})"),
                    Some(to) => format!("outside its validity ({} to {to})", valid.from),
                }
            }
        }
        Miss::OutsideTimeFrame => match rule.time_frame {
            Some(f) => format!(
                "outside its time frame ({}–{})",
                f.start.strftime("%H:%M"),
                f.end.strftime("%H:%M")
            ),
            None => "outside its time frame".into(),
        },
        Miss::WeekdayNotChosen(day) => {
            let days: Vec<String> = rule.weekdays.days().map(|d| format!("{d:?}")).collect();
            format!("{day:?} is not one of its days ({})", days.join(", "))
        }
    }
}

/// A rule above the winning one and why it does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The rule's index.
    pub rule: usize,
    /// Its tariff id.
    pub tariff: String,
    /// Why it does not hold, in words (each condition that fails).
    pub reasons: Vec<String>,
    /// The same conditions, for programs, in the same order.
    pub misses: Vec<Miss>,
}

/// Which rule and price apply at an instant, and why the rules above do not.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The instant in the site's time zone.
    pub at: Zoned,
    /// The winning rule; `None`: no rule holds, nothing is priced.
    pub rule: Option<usize>,
    /// The winning rule's tariff: id and name.
    pub tariff: Option<(String, String)>,
    /// Its price and the date it applies from (`None`: undated, from the beginning); `None`
    /// when the tariff has no price yet.
    pub price: Option<(Price, Option<Date>)>,
    /// The rules above the winner (all rules when none wins), each with its reasons.
    pub skipped: Vec<Skipped>,
    /// The unit prices are given per.
    pub unit: &'static str,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({:?})",
            self.at.strftime("%Y-%m-%dT%H:%M:%S%:z"),
            self.at.date().weekday()
        )?;
        for s in &self.skipped {
            writeln!(
                f,
                "  rule {} ({}) does not apply: {}",
                s.rule + 1,
                s.tariff,
                s.reasons.join("; ")
            )?;
        }
        match (self.rule, &self.tariff) {
            (Some(rule), Some((id, name))) => {
                write!(f, "  rule {} applies: tariff {id} ({name}), ", rule + 1)?;
                match self.price {
                    Some((price, Some(from))) => {
                        writeln!(f, "{price} per {} from {from}", self.unit)
                    }
                    Some((price, None)) => writeln!(f, "{price} per {} (undated)", self.unit),
                    None => writeln!(f, "no price yet on this date: not priced"),
                }
            }
            _ => writeln!(f, "  no rule applies: this instant is not priced"),
        }
    }
}
