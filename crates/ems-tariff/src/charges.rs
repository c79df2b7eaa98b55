//! Standing charges per day or month, and the demand charge on a month's peak.

use ems_model::tariff::{ChargePeriod, DemandCharge, Money, StandingCharge, round_half_even};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

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
