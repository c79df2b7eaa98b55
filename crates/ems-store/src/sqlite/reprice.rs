//! Pricing the stored intervals of chosen days again ([`crate::Maintenance::reprice`]), in the
//! writer's transaction, a local month at a time so that memory stays small.
//!
//! The writer takes back a month's cost rows (their hour rows deleted unread) and reads its
//! blocks device by device, handing each device to one of the pricing threads, which decode
//! only the priced counters' series and price them with their own price books. While the
//! threads price a month, the writer applies the month before: reading, pricing and writing
//! overlap, and every core stays busy.

use super::costs::{CostDeltas, Filing, take_back_days};
use super::writer::{ALL_BLOCKS, DAY_SECONDS, Ids, Layout, StoredBlock, load_blocks, timestamp};
use crate::calendar::SlotCursor;
use crate::codec;
use crate::error::StoreError;
use ems_model::Point;
use ems_tariff::PriceBook;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rusqlite::Transaction;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

/// What the writer hands a pricing thread.
enum Work {
    /// A device's blocks (its scope id and its id), to price its intervals starting in `span`
    /// (month `month`).
    Device {
        month: usize,
        span: (Timestamp, Timestamp),
        device: i64,
        name: Arc<str>,
        blocks: Vec<StoredBlock>,
    },
    /// Every device of month `month` was handed over: send back what it priced.
    MonthDone(usize),
}

/// What one thread priced of one month: the changes and the intervals priced.
type MonthPriced = Result<(CostDeltas, u64), StoreError>;

fn thread_failed() -> StoreError {
    StoreError::Database("a re-pricing thread failed".to_owned())
}

/// Prices the intervals of the local days `from..=to` of `devices` (scope id and device id)
/// again, replacing the costs filed under those days. Returns the intervals priced.
pub(super) fn reprice_days(
    ids: &mut Ids,
    tx: &Transaction<'_>,
    layout: &Layout,
    devices: &[(i64, Arc<str>)],
    (from, to): (Date, Date),
) -> Result<u64, StoreError> {
    let mut point_ids = Vec::new();
    for point in layout.pricing.points() {
        point_ids.push((point, ids.point_id(tx, point)?));
    }
    // The writer reads and writes on a core of its own; the others price.
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .saturating_sub(1)
        .clamp(1, 4);
    std::thread::scope(|scope| {
        let (priced_tx, priced) = channel();
        let mut workers = Vec::with_capacity(threads);
        let mut handles = Vec::with_capacity(threads);
        for _ in 0..threads {
            // Room for a month of devices: the writer reads on while the threads price, and
            // applies the month before without waiting for them (about 35 MB of blocks for
            // 255 meters at 15 minutes).
            let (work_tx, work) = sync_channel(devices.len().max(1));
            let priced_tx = priced_tx.clone();
            let point_ids = &point_ids;
            let spawned = std::thread::Builder::new()
                .name("ems-reprice".to_owned())
                .spawn_scoped(scope, move || {
                    price_work(layout, point_ids, work, priced_tx)
                });
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(error) => {
                    return Err(StoreError::Database(format!(
                        "no re-pricing thread could be started: {error}"
                    )));
                }
            }
            workers.push(work_tx);
        }
        drop(priced_tx);
        let result = hand_out(tx, layout, devices, (from, to), &workers, priced);
        // The threads end when their work channel closes; a thread that panicked is an error.
        drop(workers);
        let joined = handles.into_iter().map(|h| h.join()).collect::<Vec<_>>();
        let intervals = result?;
        if joined.iter().any(Result::is_err) {
            return Err(thread_failed());
        }
        Ok(intervals)
    })
}

/// The writer's side: takes back each month, hands its devices out, and applies the month
/// before once every thread has sent it back.
fn hand_out(
    tx: &Transaction<'_>,
    layout: &Layout,
    devices: &[(i64, Arc<str>)],
    (from, to): (Date, Date),
    workers: &[SyncSender<Work>],
    priced: Receiver<(usize, MonthPriced)>,
) -> Result<u64, StoreError> {
    let calendar = &layout.calendar;
    let mut collected = Collected {
        threads: workers.len(),
        priced,
        early: HashMap::new(),
    };
    let send =
        |worker: &SyncSender<Work>, work: Work| worker.send(work).map_err(|_| thread_failed());
    let mut intervals = 0;
    let mut pending: Option<(usize, CostDeltas)> = None;
    let mut first = from;
    let mut month = 0;
    while first <= to {
        let last = first.last_of_month().min(to);
        let after = last
            .tomorrow()
            .map_err(|e| StoreError::Invalid(format!("the day after {last}: {e}")))?;
        let span = (calendar.midnight(first), calendar.midnight(after));
        let taken_back = take_back_days(tx, first, last)?;
        // A block holds records of the UTC day it starts in.
        let first_block = span.0.as_second().div_euclid(DAY_SECONDS) * DAY_SECONDS;
        for (i, (device, name)) in devices.iter().enumerate() {
            let blocks = load_blocks(tx, *device, first_block, span.1.as_second() - 1, ALL_BLOCKS)?;
            let work = Work::Device {
                month,
                span,
                device: *device,
                name: name.clone(),
                blocks,
            };
            send(&workers[i % workers.len()], work)?;
        }
        for worker in workers {
            send(worker, Work::MonthDone(month))?;
        }
        if let Some((previous, costs)) = pending.replace((month, taken_back)) {
            intervals += collected.apply(previous, costs, tx)?;
        }
        month += 1;
        first = after;
    }
    if let Some((last, costs)) = pending {
        intervals += collected.apply(last, costs, tx)?;
    }
    Ok(intervals)
}

/// The threads' results as they arrive.
struct Collected {
    threads: usize,
    priced: Receiver<(usize, MonthPriced)>,
    /// Results of months after the one being waited for.
    early: HashMap<usize, Vec<MonthPriced>>,
}

impl Collected {
    /// Waits for every thread's part of `month`, adds them to `costs` (what was taken back)
    /// and writes the sum. Returns the intervals priced.
    fn apply(
        &mut self,
        month: usize,
        mut costs: CostDeltas,
        tx: &Transaction<'_>,
    ) -> Result<u64, StoreError> {
        let mut parts = self.early.remove(&month).unwrap_or_default();
        while parts.len() < self.threads {
            let (of, part) = self.priced.recv().map_err(|_| thread_failed())?;
            if of == month {
                parts.push(part);
            } else {
                self.early.entry(of).or_default().push(part);
            }
        }
        let mut intervals = 0;
        for part in parts {
            let (priced, count) = part?;
            costs.merge(priced);
            intervals += count;
        }
        costs.apply(tx)?;
        Ok(intervals)
    }
}

/// A pricing thread: prices the devices handed to it, month by month, and sends back each
/// month's changes when told that month is complete. After an error it only takes its work,
/// so that the writer never waits, and reports the error with the month.
fn price_work(
    layout: &Layout,
    point_ids: &[(Point, i64)],
    work: Receiver<Work>,
    priced: Sender<(usize, MonthPriced)>,
) {
    let mut books = layout.pricing.books();
    let mut slots = SlotCursor::new(&layout.calendar);
    let mut months: HashMap<usize, MonthPriced> = HashMap::new();
    for item in work {
        match item {
            Work::Device {
                month,
                span,
                device,
                name,
                blocks,
            } => {
                let part = months
                    .entry(month)
                    .or_insert_with(|| Ok((CostDeltas::default(), 0)));
                let Ok((costs, intervals)) = part else {
                    continue;
                };
                let mut own = CostDeltas::default();
                let mut price = |point: Point, book: &mut PriceBook<'_>, point_id: i64| {
                    let mut count = 0;
                    for block in &blocks {
                        let origin = timestamp(block.start)?;
                        let step = SignedDuration::from_mins(block.minutes);
                        let series = codec::decode_counter_series(origin, &block.data, point)
                            .map_err(|e| {
                                StoreError::Corrupt(format!(
                                    "the intervals of device {name} from {origin} cannot be \
                                     read: {e}"
                                ))
                            })?;
                        for (start, counter) in series {
                            if start < span.0 || start >= span.1 {
                                continue;
                            }
                            let address = slots.slot(start);
                            let at = Filing {
                                address: &address,
                                device,
                                point,
                                point_id,
                            };
                            own.add_interval(book, &at, (start, start + step), &counter, 1);
                            count += 1;
                        }
                    }
                    Ok::<u64, StoreError>(count)
                };
                // Only the priced counters are decoded.
                let mut failure = None;
                for &(point, point_id) in point_ids {
                    if let Some(book) = books.of(point) {
                        match price(point, book, point_id) {
                            Ok(count) => *intervals += count,
                            Err(error) => failure = Some(error),
                        }
                    }
                }
                match failure {
                    Some(error) => *part = Err(error),
                    None => {
                        let aggregates = layout.members.get(&device).map_or(&[][..], Vec::as_slice);
                        costs.absorb(own, aggregates);
                    }
                }
            }
            Work::MonthDone(month) => {
                let part = months
                    .remove(&month)
                    .unwrap_or_else(|| Ok((CostDeltas::default(), 0)));
                if priced.send((month, part)).is_err() {
                    break;
                }
            }
        }
    }
}
