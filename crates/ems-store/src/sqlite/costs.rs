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
use crate::record::{CounterInterval, IntervalRecord};
use ems_model::Point;
use ems_model::site::SiteTariffs;
use ems_model::tariff::Commodity;
use ems_tariff::{PriceBook, PriceEntry, Prices};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

/// The counters a site prices, each with what prices it.
#[derive(Debug, Default)]
pub(crate) struct SitePricing(Vec<(Point, Prices)>);

impl SitePricing {
    /// What prices each counter under `tariffs` in `tz`, a dynamically priced commodity by its
    /// `imported` prices. A contract that cannot be priced (which the site file's checks and
    /// the import's do not let through) prices nothing, and says why.
    pub(crate) fn of(
        tariffs: &SiteTariffs,
        tz: &TimeZone,
        imported: &dyn Fn(Commodity) -> Vec<PriceEntry>,
    ) -> SitePricing {
        let mut priced = Vec::new();
        for commodity in SiteTariffs::COMMODITIES {
            let Some(contract) = tariffs.contract(commodity) else {
                continue;
            };
            for (export, prices) in [
                (false, Prices::import(contract, tz, &imported(commodity))),
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

    /// The priced counters.
    pub(crate) fn points(&self) -> impl Iterator<Item = Point> + '_ {
        self.0.iter().map(|(point, _)| *point)
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

/// (level, period, scope, point, tariff as its index in [`CostDeltas::tariffs`]).
type CostKey = (i64, i64, i64, i64, u32);

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

/// Where an interval's cost is filed: its slot address, its device and its counter (the
/// device's aggregates are added by [`CostDeltas::absorb`]).
#[derive(Clone, Copy)]
pub(crate) struct Filing<'a> {
    pub(crate) address: &'a SlotAddress,
    pub(crate) device: i64,
    pub(crate) point: Point,
    pub(crate) point_id: i64,
}

/// Cost rollup changes of one transaction: per row, the change of each slot.
#[derive(Default)]
pub(crate) struct CostDeltas {
    /// The tariffs named by the keys.
    tariffs: Vec<Arc<str>>,
    rows: HashMap<CostKey, Vec<TariffSlot>, IntKeys>,
    /// True when the stored hour rows of every day these changes touch were deleted
    /// ([`take_back_days`]): they are written without being read.
    hours_cleared: bool,
}

/// Hashing for keys made of integers: a multiply-rotate mix, several times faster than the
/// default SipHash on the many small keys a re-pricing adds up (the keys come from the store,
/// not from callers, so flooding is no concern).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IntKeys;

impl BuildHasher for IntKeys {
    type Hasher = IntHasher;
    fn build_hasher(&self) -> IntHasher {
        IntHasher(0)
    }
}

/// The hasher of [`IntKeys`].
pub(crate) struct IntHasher(u64);

impl IntHasher {
    fn mix(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.mix(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    fn write_i64(&mut self, n: i64) {
        self.mix(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }
}

impl CostDeltas {
    /// Adds (`sign` 1) or takes back (`sign` −1) the cost of `record`'s `point` to the hour
    /// slot of its device.
    pub(crate) fn add_record(
        &mut self,
        book: &mut PriceBook<'_>,
        at: &Filing<'_>,
        record: &IntervalRecord,
        sign: i64,
    ) {
        if let Some(counter) = record.counter(at.point) {
            self.add_interval(book, at, (record.start, record.end()), counter, sign);
        }
    }

    /// Adds (`sign` 1) or takes back (`sign` −1) the cost of one interval [start, end) of a
    /// counter to the hour slot of its device ([`CostDeltas::absorb`] adds the days and
    /// months).
    pub(crate) fn add_interval(
        &mut self,
        book: &mut PriceBook<'_>,
        at: &Filing<'_>,
        (start, end): (Timestamp, Timestamp),
        counter: &CounterInterval,
        sign: i64,
    ) {
        let Filing {
            address,
            device,
            point_id,
            ..
        } = *at;
        let costed = book.cost(counter.delta, start, end);
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
            if slot == TariffSlot::default() {
                continue;
            }
            let tariff = self.tariff_index(tariff);
            let key = (
                LEVEL_HOURS,
                i64::from(address.day),
                device,
                point_id,
                tariff,
            );
            self.add(key, usize::from(address.hour), slot);
        }
    }

    /// The index of `tariff` in [`CostDeltas::tariffs`], added when new.
    fn tariff_index(&mut self, tariff: &str) -> u32 {
        let found = self.tariffs.iter().position(|t| &**t == tariff);
        let index = found.unwrap_or_else(|| {
            self.tariffs.push(Arc::from(tariff));
            self.tariffs.len() - 1
        });
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    fn add(&mut self, key: CostKey, index: usize, slot: TariffSlot) {
        let row = self.rows.entry(key).or_default();
        if row.len() <= index {
            row.resize(index + 1, TariffSlot::default());
        }
        row[index].add(slot);
    }

    /// Adds the changes of one device (its hour rows, filed under its own scope by
    /// [`CostDeltas::add_interval`]) to these, with the day and month rows they sum to, for the
    /// device and for each of its `aggregates`.
    pub(crate) fn absorb(&mut self, device: CostDeltas, aggregates: &[i64], calendar: &Calendar) {
        let tariffs: Vec<u32> = device
            .tariffs
            .iter()
            .map(|t| self.tariff_index(t))
            .collect();
        let mut days: HashMap<i64, SlotAddress, IntKeys> = HashMap::default();
        for ((level, day, own, point, tariff), hours) in device.rows {
            let tariff = tariffs[tariff as usize];
            let address = *days.entry(day).or_insert_with(|| {
                let date = crate::calendar::date_of_day_number(day as i32);
                calendar.slot(calendar.midnight(date))
            });
            let mut total = TariffSlot::default();
            for hour in &hours {
                total.add(*hour);
            }
            for scope in std::iter::once(own).chain(aggregates.iter().copied()) {
                let sum = self
                    .rows
                    .entry((level, day, scope, point, tariff))
                    .or_default();
                if sum.len() < hours.len() {
                    sum.resize(hours.len(), TariffSlot::default());
                }
                for (s, h) in sum.iter_mut().zip(&hours) {
                    s.add(*h);
                }
                let month = (LEVEL_DAYS, i64::from(address.month), scope, point, tariff);
                self.add(month, usize::from(address.day_of_month), total);
                let year = (LEVEL_MONTHS, i64::from(address.year), scope, point, tariff);
                self.add(year, usize::from(address.month_of_year), total);
            }
        }
    }

    /// Adds `other`'s changes to these.
    pub(crate) fn merge(&mut self, other: CostDeltas) {
        let tariffs: Vec<u32> = other.tariffs.iter().map(|t| self.tariff_index(t)).collect();
        for ((level, period, scope, point, tariff), row) in other.rows {
            let key = (level, period, scope, point, tariffs[tariff as usize]);
            self.add_row(key, &row);
        }
    }

    /// Adds a row of changes to the row of `key`.
    fn add_row(&mut self, key: CostKey, row: &[TariffSlot]) {
        let sum = self.rows.entry(key).or_default();
        if sum.len() < row.len() {
            sum.resize(row.len(), TariffSlot::default());
        }
        for (s, r) in sum.iter_mut().zip(row) {
            s.add(*r);
        }
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
        for ((level, period, scope, point, tariff), changes) in self.rows {
            let tariff = &*self.tariffs[tariff as usize];
            let key = params![level, period, scope, point, tariff];
            let stored: Option<(Vec<u8>, Vec<u8>)> = if self.hours_cleared && level == LEVEL_HOURS {
                None
            } else {
                select
                    .query_row(key, |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
            };
            let mut slots = match stored {
                Some((quantity, cost)) => decode(&quantity, &cost)?,
                None => Vec::new(),
            };
            if slots.len() < changes.len() {
                slots.resize(changes.len(), TariffSlot::default());
            }
            for (slot, change) in slots.iter_mut().zip(changes) {
                slot.add(change);
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
    let mut deltas = CostDeltas {
        hours_cleared: true,
        ..CostDeltas::default()
    };
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
            let tariff = deltas.tariff_index(&tariff);
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
                deltas.add((level, period, scope, point, tariff), index, total);
            }
        }
    }
    tx.execute(
        "DELETE FROM cost_rollup WHERE level = ?1 AND period BETWEEN ?2 AND ?3",
        params![LEVEL_HOURS, first, last],
    )?;
    Ok(deltas)
}
