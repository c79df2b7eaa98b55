//! Pro-rata costing of an amount over priced pieces, exact to the micro-unit.

use ems_model::tariff::{Money, Price, round_half_even};
use jiff::Timestamp;

/// A piece of time with a price, or none (not priced).
pub trait Priced {
    /// Its start and end, [start, end).
    fn span(&self) -> (Timestamp, Timestamp);
    /// Its price, if any.
    fn price(&self) -> Option<Price>;
    /// The tariff that applies, if any (a tariff may have no price yet).
    fn tariff(&self) -> Option<&str>;
}

/// What cuts time into priced pieces: the cost rules of a contract ([`crate::Pricer`]) or
/// imported prices ([`crate::DynamicPricer`]). Costing and gaps are the same for both.
pub trait PriceSource {
    /// A piece of its time.
    type Piece<'a>: Priced
    where
        Self: 'a;

    /// [start, end) cut wherever the price changes, in time order, covering it exactly.
    fn pieces(&self, start: Timestamp, end: Timestamp) -> Vec<Self::Piece<'_>>;

    /// Prices `amount` (Wh, or dm³ of gas or water) consumed over [start, end), pro rata by
    /// time over its pieces.
    fn cost(&self, amount: i64, start: Timestamp, end: Timestamp) -> Costed<Self::Piece<'_>> {
        cost_pieces(self.pieces(start, end), amount, start, end)
    }

    /// The merged spans of [from, to) that get no price.
    fn gaps(&self, from: Timestamp, to: Timestamp) -> Vec<(Timestamp, Timestamp)> {
        merge(
            self.pieces(from, to)
                .into_iter()
                .filter(|p| p.price().is_none())
                .map(|p| p.span()),
        )
    }
}

/// Merges touching spans.
pub(crate) fn merge(
    spans: impl IntoIterator<Item = (Timestamp, Timestamp)>,
) -> Vec<(Timestamp, Timestamp)> {
    let mut merged: Vec<(Timestamp, Timestamp)> = Vec::new();
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// A piece with its share of the amount and its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostedPiece<P> {
    /// The piece.
    pub piece: P,
    /// Its share of the amount (Wh or dm³), pro rata by time; the shares sum to the amount.
    pub amount: i64,
    /// Its cost; `None` where no price is known (a gap: never priced at 0).
    pub cost: Option<Money>,
}

/// An amount priced over an interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Costed<P> {
    /// The pieces, in time order.
    pub pieces: Vec<CostedPiece<P>>,
    /// The cost of the priced pieces, rounded half to even; the pieces' costs sum to it exactly.
    pub total: Money,
    /// The part of the amount that fell on pieces without a price.
    pub unpriced_amount: i64,
}

impl<P> Costed<P> {
    /// Whether part of the amount could not be priced.
    pub fn has_gaps(&self) -> bool {
        self.pieces.iter().any(|p| p.cost.is_none())
    }
}

fn nanos(start: Timestamp, end: Timestamp) -> i128 {
    end.as_nanosecond() - start.as_nanosecond()
}

/// Splits `total` over parts proportional to `numerators / denominator` (the exact values),
/// each the floor of its exact value plus one for the largest remainders (the earlier part
/// first on ties), so the parts sum to `total` exactly.
pub(crate) fn apportion(numerators: &[i128], denominator: i128, total: i128) -> Vec<i128> {
    let mut parts: Vec<i128> = numerators
        .iter()
        .map(|n| n.div_euclid(denominator))
        .collect();
    let mut left = total - parts.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..numerators.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(numerators[i].rem_euclid(denominator)));
    // `left` is within [0, n] when `total` is a rounding of the exact sum; anything else (a
    // caller's own total) is spread one unit at a time.
    while left != 0 && !order.is_empty() {
        for &i in &order {
            if left == 0 {
                break;
            }
            let step = left.signum();
            parts[i] += step;
            left -= step;
        }
    }
    parts
}

/// Costs `amount` (Wh or dm³) over `pieces` covering [start, end), pro rata by time.
pub(crate) fn cost_pieces<P: Priced>(
    pieces: Vec<P>,
    amount: i64,
    start: Timestamp,
    end: Timestamp,
) -> Costed<P> {
    let total_nanos = nanos(start, end);
    if total_nanos <= 0 || pieces.is_empty() {
        return Costed {
            pieces: Vec::new(),
            total: Money(0),
            unpriced_amount: if total_nanos <= 0 { 0 } else { amount },
        };
    }
    if let [piece] = &pieces[..] {
        // One piece (the usual case: an interval inside one tariff): all of the amount.
        let cost = piece.price().map(|p| whole_cost(amount, p));
        let mut pieces = pieces;
        let piece = pieces.remove(0);
        return Costed {
            total: cost.unwrap_or(Money(0)),
            unpriced_amount: if cost.is_some() { 0 } else { amount },
            pieces: vec![CostedPiece {
                piece,
                amount,
                cost,
            }],
        };
    }
    let amount = i128::from(amount);
    let durations: Vec<i128> = pieces
        .iter()
        .map(|p| {
            let (s, e) = p.span();
            nanos(s, e)
        })
        .collect();
    let shares_exact: Vec<i128> = durations.iter().map(|d| amount * d).collect();
    let shares = apportion(&shares_exact, total_nanos, amount);
    // Cost in micro-units: amount × price (per 1000 units) × duration / total duration.
    let denominator = 1000 * total_nanos;
    let priced: Vec<usize> = (0..pieces.len())
        .filter(|&i| pieces[i].price().is_some())
        .collect();
    let costs_exact: Vec<i128> = priced
        .iter()
        .map(|&i| {
            let price = pieces[i].price().map_or(0, |p| i128::from(p.micro()));
            amount * price * durations[i]
        })
        .collect();
    let total = round_half_even(costs_exact.iter().sum(), denominator);
    let costs = apportion(&costs_exact, denominator, total);
    let mut cost_of = vec![None; pieces.len()];
    for (&i, &c) in priced.iter().zip(&costs) {
        cost_of[i] = Some(Money(saturate(c)));
    }
    let unpriced_amount = (0..pieces.len())
        .filter(|&i| cost_of[i].is_none())
        .map(|i| shares[i])
        .sum::<i128>();
    Costed {
        pieces: pieces
            .into_iter()
            .zip(shares)
            .zip(cost_of)
            .map(|((piece, amount), cost)| CostedPiece {
                piece,
                amount: saturate(amount),
                cost,
            })
            .collect(),
        total: Money(saturate(total)),
        unpriced_amount: saturate(unpriced_amount),
    }
}

/// The cost of `amount` (Wh or dm³) all at `price`, rounded half to even.
pub(crate) fn whole_cost(amount: i64, price: Price) -> Money {
    // In 64 bits when the product fits (every real interval), the same rounding.
    if let Some(exact) = amount.checked_mul(price.micro()) {
        let (quotient, remainder) = (exact.div_euclid(1000), exact.rem_euclid(1000));
        let up = remainder > 500 || (remainder == 500 && quotient & 1 == 1);
        return Money(quotient + i64::from(up));
    }
    Money(saturate(round_half_even(
        i128::from(amount) * i128::from(price.micro()),
        1000,
    )))
}

fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportioned_parts_sum_exactly_to_the_total() {
        // Three equal thirds of 100.
        assert_eq!(apportion(&[100, 100, 100], 3, 100), vec![34, 33, 33]);
        // Negative values floor downwards and still sum.
        assert_eq!(apportion(&[-100, -100, -100], 3, -100), vec![-33, -33, -34]);
        assert_eq!(apportion(&[5, 7], 4, 3), vec![1, 2]);
    }

    #[test]
    fn a_whole_cost_rounds_half_to_even_like_the_exact_sum() {
        let exact = |amount: i64, micro: i64| {
            Money(saturate(round_half_even(
                i128::from(amount) * i128::from(micro),
                1000,
            )))
        };
        // Ties (…500) both ways, signs, and products beyond 64 bits.
        let amounts = [
            0,
            1,
            5,
            15,
            25,
            -5,
            -15,
            -25,
            1234,
            -1234,
            999_999,
            i64::MAX,
            i64::MIN,
        ];
        let micros = [0, 100, 500, 1500, 248_000, -100_000, 1, i64::MAX];
        for amount in amounts {
            for micro in micros {
                let price = Price::from_micro(micro);
                assert_eq!(
                    whole_cost(amount, price),
                    exact(amount, micro),
                    "{amount} × {micro}"
                );
            }
        }
    }
}
