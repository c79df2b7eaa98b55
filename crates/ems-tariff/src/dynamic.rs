//! Dynamic prices: imported (start, end, price) entries plus a constant surcharge.

use ems_model::tariff::{DynamicPrices, Price};
use jiff::Timestamp;

use crate::cost::{PriceSource, Priced};
use crate::rules::{Location, Problem, TariffError, TariffErrors};

/// The tariff id under which imported prices are reported.
pub const DYNAMIC_TARIFF: &str = "dynamic";

/// A stretch of one dynamic entry, or of none (a gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DynamicPiece {
    /// Its start (included).
    pub start: Timestamp,
    /// Its end (excluded).
    pub end: Timestamp,
    /// The entry's index in the imported list; `None`: no entry covers it.
    pub entry: Option<usize>,
    /// The entry's price plus the surcharge; `None` in a gap (never 0).
    pub price: Option<Price>,
}

impl Priced for DynamicPiece {
    fn span(&self) -> (Timestamp, Timestamp) {
        (self.start, self.end)
    }

    fn price(&self) -> Option<Price> {
        self.price
    }

    fn tariff(&self) -> Option<&str> {
        self.entry.map(|_| DYNAMIC_TARIFF)
    }
}

/// Checked dynamic prices, sorted by start.
#[derive(Debug, Clone)]
pub struct DynamicPricer {
    /// (start, end, price with surcharge, index in the imported list), sorted by start.
    entries: Vec<(Timestamp, Timestamp, Price, usize)>,
}

impl DynamicPricer {
    /// Checks the entries: each must end after it starts, and none may overlap another.
    pub fn new(prices: &DynamicPrices) -> Result<DynamicPricer, TariffErrors> {
        let mut errors = Vec::new();
        let mut entries = Vec::with_capacity(prices.entries.len());
        for (index, &(start, end, price)) in prices.entries.iter().enumerate() {
            if end <= start {
                errors.push(TariffError {
                    at: Location::Entry { index },
                    problem: Problem::EntryEmpty { start, end },
                });
            } else {
                entries.push((start, end, price + prices.surcharge, index));
            }
        }
        entries.sort_by_key(|e| (e.0, e.3));
        // The entry reaching furthest so far: any later start before its end overlaps it.
        let mut furthest: Option<(Timestamp, usize)> = None;
        for &(start, end, _, index) in &entries {
            if let Some((reach, other)) = furthest
                && start < reach
            {
                errors.push(TariffError {
                    at: Location::Entry { index },
                    problem: Problem::EntriesOverlap {
                        other,
                        start,
                        end: end.min(reach),
                    },
                });
            }
            if furthest.is_none_or(|(reach, _)| end > reach) {
                furthest = Some((end, index));
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| match e.at {
                Location::Entry { index } => index,
                _ => usize::MAX,
            });
            return Err(TariffErrors(errors));
        }
        Ok(DynamicPricer { entries })
    }
}

impl PriceSource for DynamicPricer {
    type Piece<'a> = DynamicPiece;

    /// Splits [start, end) at entry boundaries; spans no entry covers are pieces without price.
    fn pieces(&self, start: Timestamp, end: Timestamp) -> Vec<DynamicPiece> {
        let mut pieces = Vec::new();
        let first = self.entries.partition_point(|e| e.1 <= start);
        let mut at = start;
        for &(s, e, price, index) in &self.entries[first..] {
            if at >= end || s >= end {
                break;
            }
            if s > at {
                pieces.push(DynamicPiece {
                    start: at,
                    end: s,
                    entry: None,
                    price: None,
                });
                at = s;
            }
            let piece_end = e.min(end);
            pieces.push(DynamicPiece {
                start: at,
                end: piece_end,
                entry: Some(index),
                price: Some(price),
            });
            at = piece_end;
        }
        if at < end {
            pieces.push(DynamicPiece {
                start: at,
                end,
                entry: None,
                price: None,
            });
        }
        pieces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn overlapping_entries_are_refused_naming_both() {
        let prices = DynamicPrices {
            entries: vec![
                (ts("2026-01-01T00:00Z"), ts("2026-01-01T02:00Z"), Price(1)),
                (ts("2026-01-01T01:00Z"), ts("2026-01-01T01:30Z"), Price(1)),
                (ts("2026-01-01T01:45Z"), ts("2026-01-01T03:00Z"), Price(1)),
                (ts("2026-01-01T05:00Z"), ts("2026-01-01T05:00Z"), Price(1)),
            ],
            surcharge: Price(0),
        };
        let errors = DynamicPricer::new(&prices).unwrap_err().to_string();
        assert_eq!(
            errors,
            "dynamic.entries[1]: the entry overlaps entry 0 from 2026-01-01T01:00:00Z to 2026-01-01T01:30:00Z\n\
             dynamic.entries[2]: the entry overlaps entry 0 from 2026-01-01T01:45:00Z to 2026-01-01T02:00:00Z\n\
             dynamic.entries[3]: the entry ends at 2026-01-01T05:00:00Z, not after its start 2026-01-01T05:00:00Z"
        );
    }
}
