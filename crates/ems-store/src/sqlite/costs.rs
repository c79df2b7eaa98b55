//! Costs by tariff beside the counter rollups: every interval of a priced counter is priced with
//! the rule and price in force at that interval when it is written, and rolled up by local hour,
//! day and month for its device and the device's aggregates, like its amount.
//!
//! What is priced is in [`crate::pricing`]. A counter of a commodity without rules gets no cost
//! rows at all, never a guess; an interval no rule (or no price) covers is filed under the
//! tariff [`UNPRICED`], so that the unpriced amount stays visible.

use super::writer::{LEVEL_DAYS, LEVEL_HOURS, LEVEL_MONTHS};
use crate::calendar::{Calendar, SlotAddress};
use crate::codec::{self, Slot};
use crate::error::StoreError;
use crate::pricing::{PricedBy, UNPRICED, priced_point};
use crate::query::TariffSlot;
use crate::record::IntervalRecord;
use ems_model::Point;
use ems_model::site::SiteTariffs;
use ems_tariff::{PriceBook, Prices};
use jiff::tz::TimeZone;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::{BTreeMap, HashMap};

/// The counters a site prices, each with what prices it.
#[derive(Debug, Default)]
pub(crate) struct SitePricing(Vec<(Point, Prices)>);

impl SitePricing {
    /// What prices each counter under `tariffs` in `tz`. A contract that cannot be priced
    /// (which the site file's checks do not let through) prices nothing, and says why.
    pub(crate) fn of(tariffs: &SiteTariffs, tz: &TimeZone) -> SitePricing {
        let mut priced = Vec::new();
        for commodity in SiteTariffs::COMMODITIES {
            let Some(contract) = tariffs.contract(commodity) else {
                continue;
            };
            for (export, prices) in [
                (false, Prices::import(contract, tz)),
                (true, Prices::export(contract, tz)),
            ] {
                let point = priced_point(PricedBy { commodity, export });
                match (prices, point) {
                    (Ok(Some(prices)), Some(point)) => priced.push((point, prices)),
                    (Ok(_), _) => {}
                    (Err(errors), _) => tracing::error!(
                        commodity = commodity.name(),
                        export,
                        %errors,
                        "the contract cannot be priced; its counters get no costs"
                    ),
                }
            }
        }
        SitePricing(priced)
    }

    /// Fresh price books, one per priced counter.
    pub(crate) fn books(&self) -> Books<'_> {
        Books(
            self.0
                .iter()
                .map(|(point, prices)| (*point, PriceBook::new(prices)))
                .collect(),
        )
    }
}

/// A price book per priced counter.
pub(crate) struct Books<'a>(Vec<(Point, PriceBook<'a>)>);

impl<'a> Books<'a> {
    /// The book of `point`, when it is priced.
    pub(crate) fn of(&mut self, point: Point) -> Option<&mut PriceBook<'a>> {
        self.0
            .iter_mut()
            .find(|(p, _)| *p == point)
            .map(|(_, book)| book)
    }
}

/// (level, period, scope, point, tariff).
type CostKey = (i64, i64, i64, i64, String);

fn negated(slot: TariffSlot) -> TariffSlot {
    TariffSlot {
        quantity: Slot {
            amount: slot.quantity.amount.wrapping_neg(),
            covered_minutes: slot.quantity.covered_minutes.wrapping_neg(),
            estimated_minutes: slot.quantity.estimated_minutes.wrapping_neg(),
        },
        cost: slot.cost.wrapping_neg(),
    }
}

/// Where an interval's cost is filed: its slot address, the scopes it counts for (its device
/// and the device's aggregates) and its counter.
#[derive(Clone, Copy)]
pub(crate) struct Filing<'a> {
    pub(crate) address: &'a SlotAddress,
    pub(crate) scopes: &'a [i64],
    pub(crate) point: Point,
    pub(crate) point_id: i64,
}

/// Cost rollup changes of one transaction.
#[derive(Default)]
pub(crate) struct CostDeltas(HashMap<CostKey, BTreeMap<usize, TariffSlot>>);

impl CostDeltas {
    /// Adds (`sign` 1) or takes back (`sign` −1) the cost of `record`'s `point` to the hour,
    /// day and month slots of its device and of the device's aggregates.
    pub(crate) fn add_record(
        &mut self,
        book: &mut PriceBook<'_>,
        at: &Filing<'_>,
        record: &IntervalRecord,
        sign: i64,
    ) {
        let Filing {
            address,
            scopes,
            point,
            point_id,
        } = *at;
        let Some(counter) = record.counter(point) else {
            return;
        };
        let costed = book.cost(counter.delta, record.start, record.end());
        for piece in costed.pieces {
            let (tariff, cost) = match (piece.cost, &piece.piece.tariff) {
                (Some(cost), Some(tariff)) => (tariff.as_ref(), cost.0),
                _ => (UNPRICED, 0),
            };
            let minutes = piece.piece.start.duration_until(piece.piece.end).as_secs() / 60;
            let slot = TariffSlot {
                quantity: Slot {
                    amount: piece.amount * sign,
                    covered_minutes: minutes * sign,
                    estimated_minutes: if counter.flags.estimated {
                        minutes * sign
                    } else {
                        0
                    },
                },
                cost: cost * sign,
            };
            for &scope in scopes {
                self.add_at(address, scope, point_id, tariff, slot);
            }
        }
    }

    fn add_at(
        &mut self,
        address: &SlotAddress,
        scope: i64,
        point_id: i64,
        tariff: &str,
        slot: TariffSlot,
    ) {
        if slot == TariffSlot::default() {
            return;
        }
        for (level, period, index) in [
            (
                LEVEL_HOURS,
                i64::from(address.day),
                usize::from(address.hour),
            ),
            (
                LEVEL_DAYS,
                i64::from(address.month),
                usize::from(address.day_of_month),
            ),
            (
                LEVEL_MONTHS,
                i64::from(address.year),
                usize::from(address.month_of_year),
            ),
        ] {
            self.add(
                (level, period, scope, point_id, tariff.to_owned()),
                index,
                slot,
            );
        }
    }

    fn add(&mut self, key: CostKey, index: usize, slot: TariffSlot) {
        self.0
            .entry(key)
            .or_default()
            .entry(index)
            .or_default()
            .add(slot);
    }

    /// Writes the changes: each row read, changed and written back (or deleted when empty).
    pub(crate) fn apply(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let mut select = tx.prepare_cached(
            "SELECT quantity, cost FROM cost_rollup
             WHERE level = ?1 AND period = ?2 AND scope = ?3 AND point = ?4 AND tariff = ?5",
        )?;
        let mut upsert = tx.prepare_cached(
            "INSERT INTO cost_rollup (level, period, scope, point, tariff, quantity, cost)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (level, period, scope, point, tariff)
             DO UPDATE SET quantity = excluded.quantity, cost = excluded.cost",
        )?;
        let mut delete = tx.prepare_cached(
            "DELETE FROM cost_rollup
             WHERE level = ?1 AND period = ?2 AND scope = ?3 AND point = ?4 AND tariff = ?5",
        )?;
        for ((level, period, scope, point, tariff), changes) in self.0 {
            let key = params![level, period, scope, point, tariff];
            let stored: Option<(Vec<u8>, Vec<u8>)> = select
                .query_row(key, |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let mut slots = match stored {
                Some((quantity, cost)) => decode(&quantity, &cost)?,
                None => Vec::new(),
            };
            for (index, change) in changes {
                if slots.len() <= index {
                    slots.resize(index + 1, TariffSlot::default());
                }
                slots[index].add(change);
            }
            while slots.last().is_some_and(|s| *s == TariffSlot::default()) {
                slots.pop();
            }
            if slots.is_empty() {
                delete.execute(key)?;
            } else {
                let (quantity, cost) = encode(&slots);
                upsert.execute(params![level, period, scope, point, tariff, quantity, cost])?;
            }
        }
        Ok(())
    }
}

/// The slots of a row.
pub(crate) fn decode(quantity: &[u8], cost: &[u8]) -> Result<Vec<TariffSlot>, StoreError> {
    let quantity = codec::decode_slots(quantity)?;
    let cost = codec::decode_slots(cost)?;
    let len = quantity.len().max(cost.len());
    Ok((0..len)
        .map(|i| TariffSlot {
            quantity: quantity.get(i).copied().unwrap_or_default(),
            cost: cost.get(i).map_or(0, |c| c.amount),
        })
        .collect())
}

fn encode(slots: &[TariffSlot]) -> (Vec<u8>, Vec<u8>) {
    let quantity: Vec<Slot> = slots.iter().map(|s| s.quantity).collect();
    let cost: Vec<Slot> = slots
        .iter()
        .map(|s| Slot {
            amount: s.cost,
            ..Slot::default()
        })
        .collect();
    (codec::encode_slots(&quantity), codec::encode_slots(&cost))
}

/// Takes back the costs filed under the local days `first..=last` (day numbers) of every
/// scope: their hour rows are deleted and their sums taken from the day and month rows.
/// Returns the changes to apply with the new costs.
pub(crate) fn take_back_days(
    tx: &Transaction<'_>,
    calendar: &Calendar,
    first: i32,
    last: i32,
) -> Result<CostDeltas, StoreError> {
    let mut deltas = CostDeltas::default();
    {
        let mut rows = tx.prepare(
            "SELECT period, scope, point, tariff, quantity, cost FROM cost_rollup
             WHERE level = ?1 AND period BETWEEN ?2 AND ?3",
        )?;
        let rows = rows.query_map(params![LEVEL_HOURS, first, last], |r| {
            Ok((
                r.get::<_, i32>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Vec<u8>>(4)?,
                r.get::<_, Vec<u8>>(5)?,
            ))
        })?;
        for row in rows {
            let (day, scope, point, tariff, quantity, cost) = row?;
            let mut total = TariffSlot::default();
            for slot in decode(&quantity, &cost)? {
                total.add(slot);
            }
            let date = crate::calendar::date_of_day_number(day);
            let address = calendar.slot(calendar.midnight(date));
            let total = negated(total);
            for (level, period, index) in [
                (
                    LEVEL_DAYS,
                    i64::from(address.month),
                    usize::from(address.day_of_month),
                ),
                (
                    LEVEL_MONTHS,
                    i64::from(address.year),
                    usize::from(address.month_of_year),
                ),
            ] {
                deltas.add((level, period, scope, point, tariff.clone()), index, total);
            }
        }
    }
    tx.execute(
        "DELETE FROM cost_rollup WHERE level = ?1 AND period BETWEEN ?2 AND ?3",
        params![LEVEL_HOURS, first, last],
    )?;
    Ok(deltas)
}
