//! Costs by tariff beside the counter rollups: every interval of a priced counter is priced with
//! the rule and price in force at that interval when it is written, and rolled up by local hour,
//! day and month for its device and the device's aggregates, like its amount.
//!
//! What is priced is in [`crate::pricing`]. A counter of a commodity without rules gets no cost
//! rows at all, never a guess; an interval no rule (or no price) covers is filed under the
//! tariff [`UNPRICED`], so that the unpriced amount stays visible.

use super::writer::{LEVEL_DAYS, LEVEL_HOURS, LEVEL_MONTHS};
use crate::calendar::{SlotAddress, day_number, month_number};
use crate::codec::{self, CostEntry, Slot};
use crate::error::StoreError;
use crate::pricing::{PricedBy, UNPRICED, priced_point};
use crate::query::TariffSlot;
use crate::record::{CounterInterval, IntervalRecord};
use ems_model::Point;
use ems_model::site::SiteTariffs;
use ems_model::tariff::Commodity;
use ems_tariff::{PriceBook, PriceEntry, Prices};
use jiff::Timestamp;
use jiff::civil::Date;
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

/// A cost row: (level, period, scope).
type RowKey = (i64, i64, i64);

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

/// Adds `changes` to `row` slot by slot, growing it as needed.
fn add_slots(row: &mut Vec<TariffSlot>, changes: &[TariffSlot]) {
    if row.len() < changes.len() {
        row.resize(changes.len(), TariffSlot::default());
    }
    for (slot, change) in row.iter_mut().zip(changes) {
        slot.add(*change);
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

/// The entries of one cost row (or changes of them), each a counter at a tariff.
#[derive(Default)]
struct Entries(Vec<CostEntry>);

impl Entries {
    /// The slots of `point` at `tariff`, added when new.
    fn slots(&mut self, point: i64, tariff: i64) -> &mut Vec<TariffSlot> {
        let found = self
            .0
            .iter()
            .position(|e| e.point == point && e.tariff == tariff);
        let at = found.unwrap_or_else(|| {
            self.0.push(CostEntry {
                point,
                tariff,
                slots: Vec::with_capacity(25),
            });
            self.0.len() - 1
        });
        &mut self.0[at].slots
    }

    fn add(&mut self, point: i64, tariff: i64, index: usize, slot: TariffSlot) {
        let slots = self.slots(point, tariff);
        if slots.len() <= index {
            slots.resize(index + 1, TariffSlot::default());
        }
        slots[index].add(slot);
    }

    /// Adds `changes`, their tariffs renamed by `tariffs` (index → tariff).
    fn add_all(&mut self, changes: &Entries, tariffs: impl Fn(i64) -> i64) {
        for change in &changes.0 {
            add_slots(
                self.slots(change.point, tariffs(change.tariff)),
                &change.slots,
            );
        }
    }

    /// Drops empty slots at the ends of entries and empty entries.
    fn trimmed(mut self) -> Entries {
        for entry in &mut self.0 {
            while entry
                .slots
                .last()
                .is_some_and(|s| *s == TariffSlot::default())
            {
                entry.slots.pop();
            }
        }
        self.0.retain(|e| !e.slots.is_empty());
        self
    }
}

/// The cost changes of one scope on one local day: its hour row.
struct DayCosts {
    /// Where the day falls (its hour is not used).
    address: SlotAddress,
    scope: i64,
    hours: Entries,
}

/// Cost rollup changes of one transaction: the hour rows of each scope and local day, and the
/// day and month rows they sum to (added when applied), plus changes of day and month rows
/// of their own (what is taken back). Tariffs are named by their index in
/// [`CostDeltas::tariffs`].
#[derive(Default)]
pub(crate) struct CostDeltas {
    tariffs: Vec<Arc<str>>,
    days: Vec<DayCosts>,
    /// Where each (local day, scope) is in `days`.
    day_index: HashMap<(i32, i64), usize, IntKeys>,
    /// The (local day, scope) changed last and where it is: intervals come in time order.
    last_day: Option<((i32, i64), usize)>,
    /// Changes of day and month rows beside those the hour rows sum to.
    sums: HashMap<RowKey, Entries, IntKeys>,
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

    fn write_i32(&mut self, n: i32) {
        self.mix(n as u64);
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
    /// counter to the hour slot of its device ([`CostDeltas::absorb`] adds its aggregates).
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
        let day = self.day(address, device);
        let hour = usize::from(address.hour);
        let estimated = counter.flags.estimated;
        let CostDeltas { tariffs, days, .. } = self;
        book.cost_each(counter.delta, start, end, |piece| {
            let (tariff, cost) = match (piece.cost, piece.tariff) {
                (Some(cost), Some(tariff)) => (Some(tariff), cost.0),
                _ => (None, 0),
            };
            let minutes = piece.seconds / 60;
            let slot = TariffSlot {
                quantity: Slot {
                    amount: piece.amount * sign,
                    covered_minutes: minutes * sign,
                    estimated_minutes: if estimated { minutes * sign } else { 0 },
                },
                cost: cost * sign,
            };
            if slot != TariffSlot::default() {
                let tariff = match tariff {
                    Some(tariff) => intern_shared(tariffs, tariff),
                    None => intern(tariffs, UNPRICED),
                };
                days[day].hours.add(point_id, tariff, hour, slot);
            }
        });
    }

    /// Where the changes of `scope` on the local day of `address` are in `days`, added when
    /// new.
    fn day(&mut self, address: &SlotAddress, scope: i64) -> usize {
        let key = (address.day, scope);
        if let Some((last, at)) = self.last_day
            && last == key
        {
            return at;
        }
        let days = &mut self.days;
        let at = *self.day_index.entry(key).or_insert_with(|| {
            days.push(DayCosts {
                address: *address,
                scope,
                hours: Entries::default(),
            });
            days.len() - 1
        });
        self.last_day = Some((key, at));
        at
    }

    /// Adds the changes of one device (its hour rows, filed under its own scope by
    /// [`CostDeltas::add_interval`]) to these, for the device and for each of its
    /// `aggregates`.
    pub(crate) fn absorb(&mut self, device: CostDeltas, aggregates: &[i64]) {
        let tariffs: Vec<i64> = device
            .tariffs
            .iter()
            .map(|t| intern(&mut self.tariffs, t))
            .collect();
        let renamed = |t: i64| usize::try_from(t).map_or(t, |t| tariffs[t]);
        for mut day in device.days {
            for &scope in aggregates {
                let at = self.day(&day.address, scope);
                self.days[at].hours.add_all(&day.hours, renamed);
            }
            // The device's own day is usually new here: it is moved, not copied.
            let key = (day.address.day, day.scope);
            match self.day_index.get(&key) {
                Some(&at) => self.days[at].hours.add_all(&day.hours, renamed),
                None => {
                    for entry in &mut day.hours.0 {
                        entry.tariff = renamed(entry.tariff);
                    }
                    self.days.push(day);
                    self.day_index.insert(key, self.days.len() - 1);
                }
            }
        }
        for (key, changes) in device.sums {
            self.sums.entry(key).or_default().add_all(&changes, renamed);
        }
    }

    /// Adds `other`'s changes to these.
    pub(crate) fn merge(&mut self, other: CostDeltas) {
        let hours_cleared = self.hours_cleared || other.hours_cleared;
        self.absorb(other, &[]);
        self.hours_cleared = hours_cleared;
    }

    /// Writes the changes in key order: each row read, changed and written back (or deleted
    /// when empty); the hour rows of cleared days only written.
    pub(crate) fn apply(mut self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        // The day and month rows the hour rows sum to.
        let days = std::mem::take(&mut self.days);
        for day in &days {
            let a = day.address;
            let scope = day.scope;
            for entry in &day.hours.0 {
                let mut total = TariffSlot::default();
                for hour in &entry.slots {
                    total.add(*hour);
                }
                for (key, index) in [
                    ((LEVEL_DAYS, i64::from(a.month), scope), a.day_of_month),
                    ((LEVEL_MONTHS, i64::from(a.year), scope), a.month_of_year),
                ] {
                    let sums = self.sums.entry(key).or_default();
                    sums.add(entry.point, entry.tariff, usize::from(index), total);
                }
            }
        }
        // From here on the rows name tariffs by their stored ids.
        let ids = tariff_ids(tx, &self.tariffs)?;
        let stored_id = |t: i64| usize::try_from(t).map_or(t, |t| ids[t]);
        let mut rows: Vec<(RowKey, Entries)> = days
            .into_iter()
            .map(|day| {
                let key = (LEVEL_HOURS, i64::from(day.address.day), day.scope);
                (key, day.hours)
            })
            .chain(self.sums)
            .collect();
        for (_, changes) in &mut rows {
            for entry in &mut changes.0 {
                entry.tariff = stored_id(entry.tariff);
            }
        }
        rows.sort_unstable_by_key(|(key, _)| *key);
        let mut select = tx.prepare_cached(
            "SELECT data FROM cost_rollup WHERE level = ?1 AND period = ?2 AND scope = ?3",
        )?;
        let mut upsert = tx.prepare_cached(
            "INSERT INTO cost_rollup (level, period, scope, data) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (level, period, scope) DO UPDATE SET data = excluded.data",
        )?;
        let mut delete = tx.prepare_cached(
            "DELETE FROM cost_rollup WHERE level = ?1 AND period = ?2 AND scope = ?3",
        )?;
        for ((level, period, scope), changes) in rows {
            let key = params![level, period, scope];
            // The hour rows of cleared days are the changes themselves.
            let entries = if self.hours_cleared && level == LEVEL_HOURS {
                changes
            } else {
                let stored: Option<Vec<u8>> = select.query_row(key, |r| r.get(0)).optional()?;
                let mut entries = match stored {
                    Some(data) => Entries(codec::decode_cost_row(&data)?),
                    None => Entries::default(),
                };
                entries.add_all(&changes, |t| t);
                entries
            }
            .trimmed();
            if entries.0.is_empty() {
                delete.execute(key)?;
            } else {
                let data = codec::encode_cost_row(&entries.0);
                upsert.execute(params![level, period, scope, data])?;
            }
        }
        Ok(())
    }
}

/// The index of `name` in `names`, added when new.
fn intern(names: &mut Vec<Arc<str>>, name: &str) -> i64 {
    let found = names.iter().position(|t| &**t == name);
    let index = found.unwrap_or_else(|| {
        names.push(Arc::from(name));
        names.len() - 1
    });
    i64::try_from(index).unwrap_or(i64::MAX)
}

/// [`intern`] for a name shared with a price book: found by its address first.
fn intern_shared(names: &mut Vec<Arc<str>>, name: &Arc<str>) -> i64 {
    match names.iter().position(|t| Arc::ptr_eq(t, name)) {
        Some(index) => i64::try_from(index).unwrap_or(i64::MAX),
        None if names.iter().any(|t| **t == **name) => intern(names, name),
        None => {
            names.push(name.clone());
            i64::try_from(names.len() - 1).unwrap_or(i64::MAX)
        }
    }
}

/// The stored ids of `names`, each added when new.
fn tariff_ids(tx: &Transaction<'_>, names: &[Arc<str>]) -> Result<Vec<i64>, StoreError> {
    let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO cost_tariff (name) VALUES (?1)")?;
    let mut select = tx.prepare_cached("SELECT id FROM cost_tariff WHERE name = ?1")?;
    names
        .iter()
        .map(|name| {
            insert.execute([&**name])?;
            Ok(select.query_row([&**name], |r| r.get(0))?)
        })
        .collect()
}

/// The stored tariffs by id.
pub(crate) fn tariff_names(
    conn: &rusqlite::Connection,
) -> Result<HashMap<i64, Arc<str>>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM cost_tariff")?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, Arc::from(r.get::<_, String>(1)?)))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes back the costs filed under the local days `first..=last` of every scope: their hour
/// rows are deleted unread, and what they summed to is taken from the day and month rows (a
/// day row holds each day's sum). Returns the changes to apply with the new costs.
pub(crate) fn take_back_days(
    tx: &Transaction<'_>,
    first: Date,
    last: Date,
) -> Result<CostDeltas, StoreError> {
    let mut deltas = CostDeltas {
        hours_cleared: true,
        ..CostDeltas::default()
    };
    let (first_day, last_day) = (day_number(first), day_number(last));
    let names = tariff_names(tx)?;
    {
        let mut rows = tx.prepare(
            "SELECT period, scope, data FROM cost_rollup
             WHERE level = ?1 AND period BETWEEN ?2 AND ?3",
        )?;
        let rows = rows.query_map(
            params![LEVEL_DAYS, month_number(first), month_number(last)],
            |r| {
                Ok((
                    r.get::<_, i32>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            },
        )?;
        for row in rows {
            let (month, scope, data) = row?;
            let first_of_month = day_number(first_of_month(month)?);
            let year = i64::from(month.div_euclid(12));
            let month_of_year = usize::try_from(month.rem_euclid(12)).unwrap_or(0);
            for entry in codec::decode_cost_row(&data)? {
                let name = names.get(&entry.tariff).ok_or_else(|| {
                    StoreError::Database(format!("cost tariff {} is not named", entry.tariff))
                })?;
                let tariff = intern(&mut deltas.tariffs, name);
                let mut total = TariffSlot::default();
                for (day_of_month, slot) in entry.slots.into_iter().enumerate() {
                    let day = first_of_month + i32::try_from(day_of_month).unwrap_or(i32::MAX);
                    if (first_day..=last_day).contains(&day) && slot != TariffSlot::default() {
                        let days = deltas.sums.entry((LEVEL_DAYS, i64::from(month), scope));
                        days.or_default()
                            .add(entry.point, tariff, day_of_month, negated(slot));
                        total.add(slot);
                    }
                }
                let months = deltas.sums.entry((LEVEL_MONTHS, year, scope));
                months
                    .or_default()
                    .add(entry.point, tariff, month_of_year, negated(total));
            }
        }
    }
    tx.execute(
        "DELETE FROM cost_rollup WHERE level = ?1 AND period BETWEEN ?2 AND ?3",
        params![LEVEL_HOURS, first_day, last_day],
    )?;
    Ok(deltas)
}

/// The first day of a month number (`year × 12 + month − 1`).
fn first_of_month(month: i32) -> Result<Date, StoreError> {
    let year = i16::try_from(month.div_euclid(12))
        .map_err(|_| StoreError::Database(format!("month number {month} is out of range")))?;
    let month_of_year = i8::try_from(month.rem_euclid(12) + 1).unwrap_or(1);
    Date::new(year, month_of_year, 1)
        .map_err(|e| StoreError::Database(format!("month number {month}: {e}")))
}

/// Converts the cost rows of format 4 (one per level, period, scope, counter and tariff, with
/// the amounts and costs in two slot rows) into rows of format 6, then drops them.
pub(crate) fn convert_format_4_rows(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let mut ids: HashMap<String, i64> = HashMap::new();
    let mut insert =
        tx.prepare("INSERT INTO cost_rollup (level, period, scope, data) VALUES (?1, ?2, ?3, ?4)")?;
    let mut write = |key: RowKey, entries: Entries| -> Result<(), StoreError> {
        let data = codec::encode_cost_row(&entries.trimmed().0);
        insert.execute(params![key.0, key.1, key.2, data])?;
        Ok(())
    };
    let mut stmt = tx.prepare(
        "SELECT level, period, scope, point, tariff, quantity, cost FROM cost_rollup_format_4
         ORDER BY level, period, scope",
    )?;
    let mut old = stmt.query([])?;
    let mut row: Option<(RowKey, Entries)> = None;
    while let Some(r) = old.next()? {
        let key: RowKey = (r.get(0)?, r.get(1)?, r.get(2)?);
        let name: String = r.get(4)?;
        let tariff = match ids.get(&name) {
            Some(&id) => id,
            None => {
                let id = tariff_ids(tx, &[Arc::from(name.as_str())])?[0];
                ids.insert(name, id);
                id
            }
        };
        let quantity = codec::decode_slots(&r.get::<_, Vec<u8>>(5)?)?;
        let cost = codec::decode_slots(&r.get::<_, Vec<u8>>(6)?)?;
        let slots = (0..quantity.len().max(cost.len()))
            .map(|i| TariffSlot {
                quantity: quantity.get(i).copied().unwrap_or_default(),
                cost: cost.get(i).map_or(0, |c| c.amount),
            })
            .collect();
        match &mut row {
            Some((last, _)) if *last == key => {}
            _ => {
                if let Some((last, entries)) = row.take() {
                    write(last, entries)?;
                }
                row = Some((key, Entries::default()));
            }
        }
        if let Some((_, entries)) = &mut row {
            entries.0.push(CostEntry {
                point: r.get(3)?,
                tariff,
                slots,
            });
        }
    }
    if let Some((last, entries)) = row {
        write(last, entries)?;
    }
    drop(old);
    drop(stmt);
    tx.execute_batch("DROP TABLE cost_rollup_format_4")?;
    Ok(())
}
