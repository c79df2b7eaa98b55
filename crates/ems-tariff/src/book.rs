//! Pricing many intervals quickly: a commodity's prices cut into pieces once per UTC day, and
//! every interval of every device costed from those pieces.

use std::collections::HashMap;
use std::sync::Arc;

use ems_model::tariff::{Contract, DynamicPrices, Money, Price, TariffPlan};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::cost::{Costed, PriceSource, Priced, cost_pieces, whole_cost};
use crate::dynamic::DynamicPricer;
use crate::pricer::Pricer;
use crate::prices_file::PriceEntry;
use crate::rules::{RuleSet, TariffErrors};

const DAY_SECONDS: i64 = 86_400;

/// What prices one direction of a commodity (what is bought, or what is fed in).
#[derive(Debug, Clone)]
pub enum Prices {
    /// Cost rules and tariffs with dated prices.
    Rules(Pricer),
    /// Imported prices plus a surcharge.
    Dynamic(DynamicPricer),
}

impl Prices {
    /// What prices what is bought under `contract` in `tz`: the `imported` prices plus the
    /// contract's surcharge when it is priced dynamically, else its rules. `None` when it has
    /// neither: no costs, never a guess.
    pub fn import(
        contract: &Contract,
        tz: &TimeZone,
        imported: &[PriceEntry],
    ) -> Result<Option<Prices>, TariffErrors> {
        if let Some(dynamic) = contract.dynamic {
            let prices = DynamicPrices {
                entries: imported.to_vec(),
                surcharge: dynamic.surcharge,
            };
            return Ok(Some(Prices::Dynamic(DynamicPricer::new(&prices)?)));
        }
        Prices::rules(&contract.import, contract, tz)
    }

    /// What prices what is fed in under `contract` in `tz`: its export rules; `None` without.
    pub fn export(contract: &Contract, tz: &TimeZone) -> Result<Option<Prices>, TariffErrors> {
        match &contract.export {
            Some(plan) => Prices::rules(plan, contract, tz),
            None => Ok(None),
        }
    }

    fn rules(
        plan: &TariffPlan,
        contract: &Contract,
        tz: &TimeZone,
    ) -> Result<Option<Prices>, TariffErrors> {
        if plan.rules.is_empty() {
            return Ok(None);
        }
        let rules = RuleSet::new(&plan.tariffs, &plan.rules)?;
        let pricer = Pricer::new(rules, tz.clone()).for_commodity(contract.commodity);
        Ok(Some(Prices::Rules(pricer)))
    }

    /// [start, end) cut where the price changes, each piece owning its tariff id.
    fn owned_pieces(
        &self,
        start: Timestamp,
        end: Timestamp,
        names: &mut Vec<Arc<str>>,
    ) -> Vec<BookPiece> {
        fn own<P: Priced>(pieces: Vec<P>, names: &mut Vec<Arc<str>>) -> Vec<BookPiece> {
            pieces
                .into_iter()
                .map(|p| {
                    let (start, end) = p.span();
                    let tariff = p.tariff().map(|id| intern(names, id));
                    BookPiece {
                        start,
                        end,
                        tariff,
                        price: p.price(),
                    }
                })
                .collect()
        }
        match self {
            Prices::Rules(pricer) => own(pricer.pieces(start, end), names),
            Prices::Dynamic(pricer) => own(pricer.pieces(start, end), names),
        }
    }
}

/// One shared copy of each tariff id.
fn intern(names: &mut Vec<Arc<str>>, id: &str) -> Arc<str> {
    match names.iter().find(|n| &***n == id) {
        Some(name) => name.clone(),
        None => {
            let name: Arc<str> = Arc::from(id);
            names.push(name.clone());
            name
        }
    }
}

/// A piece of a [`PriceBook`]: a stretch of one tariff and price (or of none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookPiece {
    /// Its start (included).
    pub start: Timestamp,
    /// Its end (excluded).
    pub end: Timestamp,
    /// The tariff that applies (`dynamic` for imported prices); `None`: no rule holds.
    pub tariff: Option<Arc<str>>,
    /// Its price; `None` where nothing prices it.
    pub price: Option<Price>,
}

impl Priced for BookPiece {
    fn span(&self) -> (Timestamp, Timestamp) {
        (self.start, self.end)
    }

    fn price(&self) -> Option<Price> {
        self.price
    }

    fn tariff(&self) -> Option<&str> {
        self.tariff.as_deref()
    }
}

/// Prices cut into pieces once per UTC day and reused: costing the intervals of 255 devices
/// evaluates the rules once per day, not once per interval.
#[derive(Debug)]
pub struct PriceBook<'a> {
    prices: &'a Prices,
    /// The pieces of each UTC day cut so far, found by [`PriceBook::index`].
    days: Vec<Vec<BookPiece>>,
    index: HashMap<i64, usize>,
    /// The day asked for last, and where its pieces are: intervals come in time order.
    last: Option<(i64, usize)>,
    names: Vec<Arc<str>>,
}

/// The share of an interval's amount that falls on one piece of a [`PriceBook`], and its cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceCost<'p> {
    /// The tariff that applies; `None`: no rule holds.
    pub tariff: Option<&'p Arc<str>>,
    /// The seconds of the interval on this piece.
    pub seconds: i64,
    /// The share of the amount (Wh or dm³), pro rata by time.
    pub amount: i64,
    /// Its cost; `None` where nothing prices it.
    pub cost: Option<Money>,
}

impl<'a> PriceBook<'a> {
    /// An empty book of `prices`.
    pub fn new(prices: &'a Prices) -> PriceBook<'a> {
        PriceBook {
            prices,
            days: Vec::new(),
            index: HashMap::new(),
            last: None,
            names: Vec::new(),
        }
    }

    /// Prices `amount` (Wh, or dm³) consumed over [start, end) exactly as [`PriceBook::cost`]
    /// does, handing each piece's share to `each` in time order. An interval inside one piece
    /// (nearly every interval) is priced without allocating.
    pub fn cost_each(
        &mut self,
        amount: i64,
        start: Timestamp,
        end: Timestamp,
        mut each: impl FnMut(PieceCost<'_>),
    ) {
        if start >= end {
            return;
        }
        let day = start.as_second().div_euclid(DAY_SECONDS);
        if (end.as_second() - 1).div_euclid(DAY_SECONDS) == day {
            let pieces = self.day(day);
            let within = pieces.partition_point(|p| p.end <= start);
            if let Some(piece) = pieces.get(within)
                && piece.start <= start
                && piece.end >= end
            {
                each(PieceCost {
                    tariff: piece.tariff.as_ref(),
                    seconds: start.duration_until(end).as_secs(),
                    amount,
                    cost: piece.price.map(|price| whole_cost(amount, price)),
                });
                return;
            }
        }
        for costed in self.cost(amount, start, end).pieces {
            each(PieceCost {
                tariff: costed.piece.tariff.as_ref(),
                seconds: costed
                    .piece
                    .start
                    .duration_until(costed.piece.end)
                    .as_secs(),
                amount: costed.amount,
                cost: costed.cost,
            });
        }
    }

    /// Prices `amount` (Wh, or dm³) consumed over [start, end), pro rata by time, exactly as
    /// [`PriceSource::cost`] does.
    pub fn cost(&mut self, amount: i64, start: Timestamp, end: Timestamp) -> Costed<BookPiece> {
        let mut pieces = Vec::new();
        if start < end {
            let first = start.as_second().div_euclid(DAY_SECONDS);
            let last = (end.as_second() - 1).div_euclid(DAY_SECONDS);
            for day in first..=last {
                for piece in self.day(day) {
                    if piece.end <= start || piece.start >= end {
                        continue;
                    }
                    let mut piece = piece.clone();
                    piece.start = piece.start.max(start);
                    piece.end = piece.end.min(end);
                    pieces.push(piece);
                }
            }
        }
        cost_pieces(pieces, amount, start, end)
    }

    /// The pieces of one UTC day, computed on first use.
    fn day(&mut self, day: i64) -> &[BookPiece] {
        let at = match self.last {
            Some((last, at)) if last == day => at,
            _ => {
                let at = match self.index.get(&day) {
                    Some(&at) => at,
                    None => {
                        let start =
                            Timestamp::from_second(day * DAY_SECONDS).unwrap_or(Timestamp::MIN);
                        let end = start
                            .checked_add(SignedDuration::from_secs(DAY_SECONDS))
                            .unwrap_or(Timestamp::MAX);
                        self.days
                            .push(self.prices.owned_pieces(start, end, &mut self.names));
                        self.index.insert(day, self.days.len() - 1);
                        self.days.len() - 1
                    }
                };
                self.last = Some((day, at));
                at
            }
        };
        &self.days[at]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::tariff::{
        Commodity, CostRule, DatedPrice, DynamicPricing, Tariff, TimeFrame, Weekdays,
    };

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn contract(rules: Vec<CostRule>) -> Contract {
        let tariff = |id: &str, price: &str| Tariff {
            id: id.into(),
            name: id.to_uppercase(),
            colour: "#336699".into(),
            prices: vec![DatedPrice {
                from: None,
                price: Price::parse(price).unwrap(),
            }],
        };
        Contract {
            commodity: Commodity::Electricity,
            import: TariffPlan {
                tariffs: vec![tariff("day", "0.30"), tariff("night", "0.10")],
                rules,
            },
            dynamic: None,
            export: None,
            standing_charge: None,
            demand_charge: None,
        }
    }

    fn rule(tariff: &str, frame: Option<(&str, &str)>) -> CostRule {
        CostRule {
            tariff: tariff.into(),
            valid: None,
            repeat_every_year: false,
            time_frame: frame.map(|(s, e)| TimeFrame {
                start: s.parse().unwrap(),
                end: e.parse().unwrap(),
            }),
            weekdays: Weekdays::ALL,
        }
    }

    #[test]
    fn the_book_costs_every_interval_as_the_rules_do() {
        let contract = contract(vec![
            rule("day", Some(("07:00", "18:59"))),
            rule("night", None),
        ]);
        let tz = TimeZone::get("Europe/Rome").unwrap();
        let prices = Prices::import(&contract, &tz, &[]).unwrap().unwrap();
        let Prices::Rules(pricer) = &prices else {
            panic!("rules expected")
        };
        let mut book = PriceBook::new(&prices);
        // Intervals of 15 minutes over two days (across midnight UTC and local), one that
        // straddles the 19:00 edge, and one across the DST change of 2026-03-29.
        let mut at = ts("2026-03-27T22:50Z");
        while at < ts("2026-03-29T04:00Z") {
            let end = at + SignedDuration::from_mins(15);
            let by_book = book.cost(1234, at, end);
            let by_rules = pricer.cost(1234, at, end);
            assert_eq!(by_book.total, by_rules.total, "{at}");
            assert_eq!(by_book.unpriced_amount, by_rules.unpriced_amount, "{at}");
            let tariffs = |c: &Costed<BookPiece>| -> Vec<(String, i64)> {
                c.pieces
                    .iter()
                    .map(|p| (p.piece.tariff.as_deref().unwrap_or("").to_owned(), p.amount))
                    .collect()
            };
            let expected: Vec<(String, i64)> = by_rules
                .pieces
                .iter()
                .map(|p| (p.piece.tariff.unwrap_or("").to_owned(), p.amount))
                .collect();
            // The book may cut at UTC midnight where the rules do not; the shares per tariff
            // are the same.
            let merged = |pieces: Vec<(String, i64)>| {
                let mut out: Vec<(String, i64)> = Vec::new();
                for (t, a) in pieces {
                    match out.last_mut() {
                        Some(last) if last.0 == t => last.1 += a,
                        _ => out.push((t, a)),
                    }
                }
                out
            };
            assert_eq!(merged(tariffs(&by_book)), merged(expected), "{at}");
            let mut each = Vec::new();
            book.cost_each(1234, at, end, |p| {
                each.push((p.tariff.cloned(), p.seconds, p.amount, p.cost));
            });
            let pieces: Vec<_> = by_book
                .pieces
                .iter()
                .map(|p| {
                    let seconds = p.piece.start.duration_until(p.piece.end).as_secs();
                    (p.piece.tariff.clone(), seconds, p.amount, p.cost)
                })
                .collect();
            assert_eq!(each, pieces, "{at}: piece by piece as the book costs it");
            at = end;
        }
        // 18:50–19:05 local (17:50Z in March, before the change): two thirds day, one third
        // night: 1234 Wh × (0.30 × 10 + 0.10 × 5) / 15 / 1000 = 0.287933…, rounded to the
        // micro-unit.
        let c = book.cost(1234, ts("2026-03-27T17:50Z"), ts("2026-03-27T18:05Z"));
        assert_eq!(c.total.0, 287_933);
    }

    #[test]
    fn dynamic_prices_are_one_tariff_and_gaps_stay_unpriced() {
        let mut contract = contract(vec![]);
        assert!(
            Prices::import(&contract, &TimeZone::UTC, &[])
                .unwrap()
                .is_none(),
            "no rules: no costs"
        );
        contract.dynamic = Some(DynamicPricing {
            surcharge: Price::parse("0.05").unwrap(),
        });
        let imported = [(
            ts("2026-01-01T00:00Z"),
            ts("2026-01-01T01:00Z"),
            Price::parse("0.20").unwrap(),
        )];
        let prices = Prices::import(&contract, &TimeZone::UTC, &imported)
            .unwrap()
            .unwrap();
        let mut book = PriceBook::new(&prices);
        let c = book.cost(2000, ts("2026-01-01T00:30Z"), ts("2026-01-01T01:30Z"));
        assert_eq!(c.total.0, 250_000);
        assert_eq!(c.unpriced_amount, 1000);
        assert_eq!(c.pieces[0].piece.tariff.as_deref(), Some("dynamic"));
        assert_eq!(c.pieces[1].piece.tariff, None);
    }
}
