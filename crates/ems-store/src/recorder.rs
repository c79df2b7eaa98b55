//! From samples to interval records.
//!
//! The [`IntervalRecorder`] turns the stream of [`SampleBatch`]es of every device into
//! [`IntervalRecord`]s on the site's interval grid. It is pure: it does no I/O and reads no
//! clock; time comes from the batches and from [`IntervalRecorder::tick`].
//!
//! Design decisions:
//! - **Momentary points** (non-counter points) accumulate per interval the arithmetic mean,
//!   minimum and maximum of their good (or derived) finite readings. A batch belongs to the
//!   interval that contains its timestamp.
//! - **Counter boundaries are interpolated**: the value of a counter at an interval boundary `B`
//!   lies on the straight line between the last good reading before `B` and the first one at or
//!   after it, rounded to an integer. An interval's amount is the difference of its boundary
//!   values, so amounts telescope: over any run of intervals they add up exactly to the
//!   counter's difference between the outer boundaries, whatever the gaps in between. A
//!   boundary is *estimated* when the readings around it are further apart than the sample
//!   rate; an interval is estimated when either of its boundaries is. Each gap that produced
//!   estimated boundaries is reported once per point as [`RecorderEvent::Spread`].
//! - **A virtual counter** (the reading plus an offset) carries counters across new baselines:
//!   at a declared or detected rebase, and when a good reading falls below the last one (after
//!   ems restarted, or from a source that reports no rebase: [`RecorderEvent::Dropped`]), the
//!   offset absorbs the jump, so no energy is attributed between the last old reading and the
//!   first new one and no amount is ever negative. Boundary values and amounts use the virtual
//!   counter; `end_value` is the device's own reading (the old meter's before the rebase, the
//!   new meter's from it on), and the interval whose `(start, end]` holds the rebase is flagged
//!   `reset`.
//! - **Closing**: a device holds at most two unclosed intervals, the open one and one that
//!   waits for its counters. An interval closes at the first batch at or after its end after
//!   which every counter the device has reported has a good reading at or after its end, or at
//!   `tick(now)` with `now` at least the close grace after its end. Counters that were not
//!   known then come later as counter-only records of the same interval; the store merges
//!   records of one device and interval point by point. Each counter interval of a point is
//!   emitted exactly once.
//! - **Order**: within one call the records of a device are in time order. Records carrying
//!   statistics are emitted in time order across calls too; a counter-only record may concern
//!   an interval older than one already emitted (its counter resumed later), but the intervals
//!   of each counter point are emitted in time order, each starting where the previous ended.
//! - **Grid**: each interval of a device starts where its previous one ended and ends at
//!   [`Calendar::interval_end`] for the rate in force when it begins; a rate change applies to
//!   intervals that begin after the device's open interval ends (which makes one shorter
//!   interval). After a silence, the device resumes with the interval that contains the new
//!   reading. Each device keeps the rates of the intervals its lagging counters still have to
//!   walk through; nothing else grows with time.
//! - **Out of order**: samples of a batch older than every unclosed interval of its device are
//!   not added to statistics, and counter readings not later than the last one of their point
//!   are dropped; both are counted in [`IntervalRecorder::ignored_out_of_order`]. A clock that
//!   steps forward makes a gap.

use crate::calendar::Calendar;
use crate::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use ems_model::{DeviceId, Point, Quality, SampleBatch, Value};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;
use std::ops::Bound;

/// How the recorder divides time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecorderSettings {
    /// The sample rate: the length of an interval in minutes (1 to 60).
    pub minutes: u16,
    /// How long after its end an interval waits for late readings before [`IntervalRecorder::tick`]
    /// closes it.
    pub close_grace: SignedDuration,
}

impl Default for RecorderSettings {
    /// 15-minute intervals, closed at the latest 60 seconds after their end.
    fn default() -> Self {
        RecorderSettings {
            minutes: 15,
            close_grace: SignedDuration::from_secs(60),
        }
    }
}

/// What the recorder produced in one call: records to store and events to log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Emitted {
    /// Interval records, in time order per device.
    pub records: Vec<IntervalRecord>,
    /// Events, in the order they happened.
    pub events: Vec<RecorderEvent>,
}

impl Emitted {
    /// True when nothing was emitted.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.events.is_empty()
    }
}

/// Something the recorder did that the event log should show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecorderEvent {
    /// Energy (volume…) of a gap in the readings was spread over the gap's intervals.
    Spread {
        /// The device.
        device: DeviceId,
        /// The counter point.
        point: Point,
        /// The last good reading before the gap.
        from: Timestamp,
        /// The first good reading after the gap.
        to: Timestamp,
        /// The amount spread (the counter difference between the two readings, after any new
        /// baseline), in the point's canonical unit.
        amount: i64,
    },
    /// A counter read lower than the last stored value with no reset reported (after ems
    /// restarted): treated as a new baseline.
    Dropped {
        /// The device.
        device: DeviceId,
        /// The counter point.
        point: Point,
        /// When the lower value was read.
        at: Timestamp,
        /// The last value before it.
        previous: i64,
        /// The lower value, the new baseline.
        value: i64,
    },
}

/// Turns sample batches into interval records (see the [module documentation](self)).
#[derive(Debug, Clone)]
pub struct IntervalRecorder {
    calendar: Calendar,
    minutes: u16,
    close_grace: SignedDuration,
    devices: BTreeMap<DeviceId, DeviceState>,
    ignored_out_of_order: u64,
}

impl IntervalRecorder {
    /// A recorder on `calendar`'s grid with nothing observed yet.
    pub fn new(calendar: Calendar, settings: RecorderSettings) -> Self {
        IntervalRecorder {
            calendar,
            minutes: settings.minutes.max(1),
            close_grace: settings.close_grace,
            devices: BTreeMap::new(),
            ignored_out_of_order: 0,
        }
    }

    /// The sample rate in minutes for intervals that begin from now on.
    pub fn sample_rate(&self) -> u16 {
        self.minutes
    }

    /// Changes the sample rate. Intervals already open keep their end; the interval that
    /// follows each of them ends on the new grid (so it may be shorter), the next ones have
    /// the new length.
    pub fn set_sample_rate(&mut self, minutes: u16) {
        let minutes = minutes.max(1);
        self.minutes = minutes;
        for state in self.devices.values_mut() {
            state.grid.change_rate(state.last_end, minutes);
        }
    }

    /// Gives the last counter boundary the store holds for a point, at startup and before the
    /// device's first batch: `value` is the device's reading at `boundary`, the end of the last
    /// stored interval. The next reading of the point continues from there (an interval over a
    /// long stop is spread and estimated; a lower reading starts a new baseline). Ignored for a
    /// point already known.
    pub fn restore(&mut self, device: DeviceId, point: Point, boundary: Timestamp, value: i64) {
        let minutes = self.minutes;
        let state = self
            .devices
            .entry(device)
            .or_insert_with(|| DeviceState::new(minutes));
        if state.counters.contains_key(&point) {
            return;
        }
        state
            .counters
            .insert(point, CounterState::restored(boundary, value));
        if state.open.is_none() && state.waiting.is_none() {
            state.last_end = Some(state.last_end.map_or(boundary, |e| e.max(boundary)));
        }
    }

    /// Records a new baseline of a counter, reported by acquisition just before the batch
    /// carrying its first value: at `at` the counter went from `previous` (the last good value)
    /// to `value`. No energy is attributed between the last reading before and the first
    /// reading from `at` on. Ignored for a point without readings, and when a reading at or
    /// after `at` was already observed.
    pub fn rebase(
        &mut self,
        device: &DeviceId,
        point: Point,
        at: Timestamp,
        previous: i64,
        value: i64,
    ) {
        let Some(counter) = self
            .devices
            .get_mut(device)
            .and_then(|state| state.counters.get_mut(&point))
        else {
            return;
        };
        if at <= counter.last.at {
            return;
        }
        counter.new_baseline(at, previous.saturating_sub(value));
        counter.rebase_pending = true;
    }

    /// Takes one batch of a device: adds its momentary values to the interval that contains
    /// it, moves its counters on, and closes what that allows.
    pub fn observe(&mut self, batch: &SampleBatch, out: &mut Emitted) {
        let t = batch.timestamp;
        let device = &batch.device;
        let calendar = &self.calendar;
        let minutes = self.minutes;
        let state = self
            .devices
            .entry(device.clone())
            .or_insert_with(|| DeviceState::new(minutes));
        let mut records = BTreeMap::new();
        state.advance(calendar, device, t, &mut records);

        let mut ignored = 0u64;
        for sample in &batch.samples {
            if !matches!(sample.quality, Quality::Good | Quality::Derived) {
                continue;
            }
            match (sample.point.is_counter(), sample.value) {
                (true, Value::Counter(value)) => {
                    if !state.read_counter(
                        calendar,
                        device,
                        sample.point,
                        t,
                        value,
                        &mut records,
                        &mut out.events,
                    ) {
                        ignored += 1;
                    }
                }
                // A counter point must carry an integer: a float there is not a counter reading.
                (true, Value::Float(_)) => {}
                (false, value) => {
                    let value = value.as_f64();
                    if !value.is_finite() {
                        continue;
                    }
                    match state.held_containing(t) {
                        Some(held) => held.add(sample.point, value),
                        None => ignored += 1,
                    }
                }
            }
        }
        state.close_ready(device, &mut records);
        state.prune();
        self.ignored_out_of_order += ignored;
        out.records.extend(records.into_values());
    }

    /// Closes every interval that ended at least the close grace before `now` (devices that
    /// went silent, counters that did not come).
    pub fn tick(&mut self, now: Timestamp, out: &mut Emitted) {
        for (device, state) in &mut self.devices {
            let due = |held: &Option<HeldInterval>| {
                held.as_ref()
                    .is_some_and(|h| now.duration_since(h.end) >= self.close_grace)
            };
            if due(&state.waiting)
                && let Some(held) = state.waiting.take()
                && let Some(record) = held.into_record(device)
            {
                out.records.push(record);
            }
            if state.waiting.is_none()
                && due(&state.open)
                && let Some(held) = state.open.take()
                && let Some(record) = held.into_record(device)
            {
                out.records.push(record);
            }
        }
    }

    /// How many samples were ignored because they were out of order: momentary values older
    /// than every unclosed interval of their device, counter readings not later than the last
    /// reading of their point.
    pub fn ignored_out_of_order(&self) -> u64 {
        self.ignored_out_of_order
    }
}

/// The interval grid of one device: the rate of each interval, by the first start it applies
/// to. Holds only the rates its unclosed intervals and lagging counters still need.
#[derive(Debug, Clone)]
struct Grid {
    /// `(first start, minutes)`, sorted, never empty.
    rates: Vec<(Timestamp, u16)>,
}

impl Grid {
    fn new(minutes: u16) -> Self {
        Grid {
            rates: vec![(Timestamp::MIN, minutes)],
        }
    }

    /// Intervals that begin at or after `from` (all of them when `None`) use `minutes`.
    fn change_rate(&mut self, from: Option<Timestamp>, minutes: u16) {
        let Some(from) = from else {
            self.rates = vec![(Timestamp::MIN, minutes)];
            return;
        };
        self.rates.retain(|&(f, _)| f < from);
        self.rates.push((from, minutes));
    }

    /// The length in minutes of the interval that begins at `start`.
    fn minutes_at(&self, start: Timestamp) -> u16 {
        self.rates
            .iter()
            .rev()
            .find(|&&(from, _)| from <= start)
            .or(self.rates.first())
            .map_or(15, |&(_, m)| m)
    }

    /// The end of the interval that begins at `start`.
    fn next(&self, calendar: &Calendar, start: Timestamp) -> Timestamp {
        calendar.interval_end(start, self.minutes_at(start))
    }

    /// The interval that contains `t`, going on from `after` (the end of the device's last
    /// interval), `t ≥ after`.
    fn containing(
        &self,
        calendar: &Calendar,
        t: Timestamp,
        after: Option<Timestamp>,
    ) -> (Timestamp, Timestamp) {
        let mut start = match after {
            Some(after) => {
                let end = self.next(calendar, after);
                if t < end {
                    return (after, end);
                }
                calendar
                    .interval_start(t, self.minutes_at(t))
                    .max(end)
                    .min(t)
            }
            None => calendar.interval_start(t, self.minutes_at(t)),
        };
        loop {
            let end = self.next(calendar, start);
            if t < end {
                return (start, end);
            }
            start = end;
        }
    }

    /// Forgets the rates of intervals that begin before `needed`.
    fn prune(&mut self, needed: Timestamp) {
        let keep_from = self
            .rates
            .iter()
            .rposition(|&(from, _)| from <= needed)
            .unwrap_or(0);
        self.rates.drain(..keep_from);
    }
}

/// What the recorder keeps of one device.
#[derive(Debug, Clone)]
struct DeviceState {
    grid: Grid,
    /// The interval that ended but waits for its counters.
    waiting: Option<HeldInterval>,
    /// The interval that contains the device's latest batch, until it closes.
    open: Option<HeldInterval>,
    /// The end of the latest interval opened: where the next one begins.
    last_end: Option<Timestamp>,
    counters: BTreeMap<Point, CounterState>,
}

/// Records being assembled during one call, by interval start.
type Pending = BTreeMap<Timestamp, IntervalRecord>;

impl DeviceState {
    fn new(minutes: u16) -> Self {
        DeviceState {
            grid: Grid::new(minutes),
            waiting: None,
            open: None,
            last_end: None,
            counters: BTreeMap::new(),
        }
    }

    /// Moves the open interval on to the one containing `t`.
    fn advance(
        &mut self,
        calendar: &Calendar,
        device: &DeviceId,
        t: Timestamp,
        records: &mut Pending,
    ) {
        if self.open.as_ref().is_some_and(|open| t >= open.end) {
            // Only one interval waits for counters: an older one closes with what it has.
            if let Some(older) = self.waiting.take() {
                add_record(records, older.into_record(device));
            }
            self.waiting = self.open.take();
        }
        if self.open.is_none() && self.last_end.is_none_or(|end| t >= end) {
            let (start, end) = self.grid.containing(calendar, t, self.last_end);
            self.open = Some(HeldInterval::new(start, end));
            self.last_end = Some(end);
        }
    }

    fn held_containing(&mut self, t: Timestamp) -> Option<&mut HeldInterval> {
        [&mut self.open, &mut self.waiting]
            .into_iter()
            .flatten()
            .find(|held| held.start <= t && t < held.end)
    }

    /// Takes a good counter reading; false when it was out of order.
    #[allow(clippy::too_many_arguments)]
    fn read_counter(
        &mut self,
        calendar: &Calendar,
        device: &DeviceId,
        point: Point,
        t: Timestamp,
        value: i64,
        records: &mut Pending,
        events: &mut Vec<RecorderEvent>,
    ) -> bool {
        let Some(counter) = self.counters.get_mut(&point) else {
            // The first reading: its interval has no known start value.
            let Some(held) = self.held_containing(t) else {
                return false;
            };
            let start = held.start;
            self.counters
                .insert(point, CounterState::first(start, t, value));
            return true;
        };
        if t <= counter.last.at {
            return false;
        }
        let mut closed = Vec::new();
        counter.read(
            &self.grid,
            calendar,
            device,
            point,
            t,
            value,
            &mut closed,
            events,
        );
        for (start, end, interval) in closed {
            match [&mut self.waiting, &mut self.open]
                .into_iter()
                .flatten()
                .find(|held| held.start == start)
            {
                Some(held) => held.counters.push(interval),
                None => records
                    .entry(start)
                    .or_insert_with(|| {
                        IntervalRecord::new(device.clone(), start, minutes_between(start, end))
                    })
                    .set_counter(interval),
            }
        }
        true
    }

    /// Closes the waiting interval when every counter has read past its end, or when records
    /// of later intervals are about to be emitted.
    fn close_ready(&mut self, device: &DeviceId, records: &mut Pending) {
        let Some(waiting) = &self.waiting else {
            return;
        };
        let ready = self
            .counters
            .values()
            .filter(|c| c.reported)
            .all(|c| c.last.at >= waiting.end);
        let later = records
            .range((Bound::Excluded(waiting.start), Bound::Unbounded))
            .next()
            .is_some();
        if (ready || later)
            && let Some(waiting) = self.waiting.take()
        {
            add_record(records, waiting.into_record(device));
        }
    }

    /// Forgets rates no unclosed interval and no counter needs any more.
    fn prune(&mut self) {
        let held = self
            .waiting
            .as_ref()
            .or(self.open.as_ref())
            .map(|h| h.start)
            .or(self.last_end);
        let needed = self.counters.values().map(|c| c.cursor).chain(held).min();
        if let Some(needed) = needed {
            self.grid.prune(needed);
        }
    }
}

fn add_record(records: &mut Pending, record: Option<IntervalRecord>) {
    if let Some(record) = record {
        match records.get_mut(&record.start) {
            Some(existing) => existing.merge(&record),
            None => {
                records.insert(record.start, record);
            }
        }
    }
}

fn minutes_between(start: Timestamp, end: Timestamp) -> u16 {
    u16::try_from(end.duration_since(start).as_secs() / 60).unwrap_or(u16::MAX)
}

/// An interval that has not closed yet.
#[derive(Debug, Clone)]
struct HeldInterval {
    start: Timestamp,
    end: Timestamp,
    stats: BTreeMap<Point, StatAccumulator>,
    counters: Vec<CounterInterval>,
}

impl HeldInterval {
    fn new(start: Timestamp, end: Timestamp) -> Self {
        HeldInterval {
            start,
            end,
            stats: BTreeMap::new(),
            counters: Vec::new(),
        }
    }

    fn add(&mut self, point: Point, value: f64) {
        self.stats
            .entry(point)
            .and_modify(|s| s.add(value))
            .or_insert_with(|| StatAccumulator::first(value));
    }

    /// The record of the interval, unless it has no values.
    fn into_record(self, device: &DeviceId) -> Option<IntervalRecord> {
        let mut record = IntervalRecord::new(
            device.clone(),
            self.start,
            minutes_between(self.start, self.end),
        );
        for (point, s) in self.stats {
            record.set_stat(s.finish(point));
        }
        for c in self.counters {
            record.set_counter(c);
        }
        (record.value_count() > 0).then_some(record)
    }
}

#[derive(Debug, Clone, Copy)]
struct StatAccumulator {
    sum: f64,
    count: u32,
    min: f64,
    max: f64,
}

impl StatAccumulator {
    fn first(value: f64) -> Self {
        StatAccumulator {
            sum: value,
            count: 1,
            min: value,
            max: value,
        }
    }

    fn add(&mut self, value: f64) {
        self.sum += value;
        self.count = self.count.saturating_add(1);
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }

    fn finish(self, point: Point) -> StatInterval {
        StatInterval {
            point,
            mean: self.sum / f64::from(self.count),
            min: self.min,
            max: self.max,
        }
    }
}

/// A good counter reading: its time, its virtual value and the device's own value.
#[derive(Debug, Clone, Copy)]
struct Reading {
    at: Timestamp,
    virtual_value: i64,
    real: i64,
}

/// What the recorder keeps of one counter point.
#[derive(Debug, Clone)]
struct CounterState {
    last: Reading,
    /// Virtual value minus the device's reading, for readings from the latest baseline on.
    offset: i64,
    /// The last boundary reached (the start of the next interval to emit), at or before
    /// `last.at`.
    cursor: Timestamp,
    /// The virtual value at `cursor` and whether it is estimated; unknown before the first
    /// boundary after the point's first reading.
    cursor_value: Option<(i64, bool)>,
    /// The earliest new baseline whose old side still has boundaries to place: its time and
    /// the offset before it.
    old_side: Option<(Timestamp, i64)>,
    /// New baselines whose interval has not been reached yet.
    resets: Vec<Timestamp>,
    /// A rebase was reported and its first reading has not come yet.
    rebase_pending: bool,
    /// The device has reported the point since the recorder started (not merely restored).
    reported: bool,
}

impl CounterState {
    fn first(interval_start: Timestamp, at: Timestamp, value: i64) -> Self {
        CounterState {
            last: Reading {
                at,
                virtual_value: value,
                real: value,
            },
            offset: 0,
            cursor: interval_start,
            cursor_value: (interval_start == at).then_some((value, false)),
            old_side: None,
            resets: Vec::new(),
            rebase_pending: false,
            reported: true,
        }
    }

    fn restored(boundary: Timestamp, value: i64) -> Self {
        CounterState {
            cursor: boundary,
            cursor_value: Some((value, false)),
            reported: false,
            ..CounterState::first(boundary, boundary, value)
        }
    }

    /// Starts a new baseline at `at`: the virtual counter jumps by `by` less than the reading.
    fn new_baseline(&mut self, at: Timestamp, by: i64) {
        if self.old_side.is_none() {
            self.old_side = Some((at, self.offset));
        }
        self.offset = self.offset.saturating_add(by);
        self.resets.push(at);
    }

    /// The device's own reading at boundary `b` whose virtual value is `virtual_value`.
    fn real_at(&self, b: Timestamp, virtual_value: i64) -> i64 {
        let offset = match self.old_side {
            Some((at, old)) if b < at => old,
            _ => self.offset,
        };
        virtual_value.saturating_sub(offset)
    }

    /// Takes the good reading `value` at `t1` (after the last one): places every boundary up to
    /// `t1` and pushes the intervals that closed as `(start, end, counter)`.
    #[allow(clippy::too_many_arguments)]
    fn read(
        &mut self,
        grid: &Grid,
        calendar: &Calendar,
        device: &DeviceId,
        point: Point,
        t1: Timestamp,
        value: i64,
        closed: &mut Vec<(Timestamp, Timestamp, CounterInterval)>,
        events: &mut Vec<RecorderEvent>,
    ) {
        let last = self.last;
        let mut virtual1 = value.saturating_add(self.offset);
        if virtual1 < last.virtual_value {
            let by = last.virtual_value.saturating_sub(virtual1);
            if self.rebase_pending {
                // The reported baseline did not match our last reading: no energy either way.
                self.offset = self.offset.saturating_add(by);
            } else {
                events.push(RecorderEvent::Dropped {
                    device: device.clone(),
                    point,
                    at: t1,
                    previous: last.real,
                    value,
                });
                self.new_baseline(t1, by);
            }
            virtual1 = last.virtual_value;
        }
        let gap = t1.duration_since(last.at);
        let mut spread = false;
        let mut b = grid.next(calendar, self.cursor);
        while b <= t1 {
            let rate = SignedDuration::from_mins(i64::from(grid.minutes_at(self.cursor)));
            let (at_b, estimated) = if b == t1 {
                (virtual1, false)
            } else {
                (
                    interpolate(last.at, last.virtual_value, t1, virtual1, b),
                    gap > rate,
                )
            };
            spread |= estimated;
            if let Some((at_start, start_estimated)) = self.cursor_value {
                let start = self.cursor;
                closed.push((
                    start,
                    b,
                    CounterInterval {
                        point,
                        end_value: self.real_at(b, at_b),
                        delta: at_b.saturating_sub(at_start),
                        flags: CounterFlags {
                            estimated: estimated || start_estimated,
                            reset: self.resets.iter().any(|&r| start < r && r <= b),
                        },
                    },
                ));
            }
            self.resets.retain(|&r| r > b);
            self.cursor = b;
            self.cursor_value = Some((at_b, estimated));
            b = grid.next(calendar, b);
        }
        if spread {
            events.push(RecorderEvent::Spread {
                device: device.clone(),
                point,
                from: last.at,
                to: t1,
                amount: virtual1.saturating_sub(last.virtual_value),
            });
        }
        self.last = Reading {
            at: t1,
            virtual_value: virtual1,
            real: value,
        };
        self.rebase_pending = false;
        if self.old_side.is_some_and(|(at, _)| at <= t1) {
            self.old_side = None;
        }
        self.reported = true;
    }
}

/// The value at `b` on the line from `(t0, v0)` to `(t1, v1)`, `t0 < b < t1`, rounded half up.
fn interpolate(t0: Timestamp, v0: i64, t1: Timestamp, v1: i64, b: Timestamp) -> i64 {
    let span = t1.duration_since(t0).as_nanos();
    let part = b.duration_since(t0).as_nanos();
    let diff = i128::from(v1) - i128::from(v0);
    let exact = diff
        .checked_mul(part)
        .and_then(|x| x.checked_mul(2))
        .and_then(|x| x.checked_add(span))
        .map(|x| x.div_euclid(2 * span));
    let share = exact.unwrap_or_else(|| {
        // Beyond i128 (gaps of centuries on huge counters): good enough in floating point.
        (diff as f64 * (part as f64 / span as f64)).round() as i128
    });
    i64::try_from(i128::from(v0) + share).unwrap_or(if diff < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Period, PeriodKind};
    use ems_model::Sample;
    use jiff::civil::Date;
    use jiff::tz::TimeZone;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn rome() -> Calendar {
        Calendar::new(TimeZone::get("Europe/Rome").unwrap())
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn secs(n: i64) -> SignedDuration {
        SignedDuration::from_secs(n)
    }

    fn mins(n: i64) -> SignedDuration {
        SignedDuration::from_mins(n)
    }

    fn dev() -> DeviceId {
        DeviceId::new("main").unwrap()
    }

    fn p(name: &str) -> Point {
        Point::from_name(name).unwrap()
    }

    fn energy() -> Point {
        p("energy_active_import")
    }

    fn recorder(minutes: u16) -> IntervalRecorder {
        IntervalRecorder::new(
            rome(),
            RecorderSettings {
                minutes,
                ..RecorderSettings::default()
            },
        )
    }

    fn batch(t: Timestamp, samples: Vec<Sample>) -> SampleBatch {
        SampleBatch {
            device: dev(),
            timestamp: t,
            samples,
        }
    }

    fn counter(point: Point, value: i64) -> Sample {
        Sample {
            point,
            value: Value::Counter(value),
            quality: Quality::Good,
        }
    }

    fn bad_counter(point: Point, value: i64) -> Sample {
        Sample {
            quality: Quality::Bad,
            ..counter(point, value)
        }
    }

    fn float(point: Point, value: f64) -> Sample {
        Sample {
            point,
            value: Value::Float(value),
            quality: Quality::Good,
        }
    }

    /// The counters of `point` in `records`, by interval start, with the interval end.
    fn counters_of(
        records: &[IntervalRecord],
        point: Point,
    ) -> Vec<(Timestamp, Timestamp, CounterInterval)> {
        let mut out: Vec<_> = records
            .iter()
            .filter_map(|r| r.counter(point).map(|c| (r.start, r.end(), *c)))
            .collect();
        out.sort_by_key(|(start, _, _)| *start);
        out
    }

    fn record_at(records: &[IntervalRecord], start: Timestamp) -> &IntervalRecord {
        let found: Vec<_> = records.iter().filter(|r| r.start == start).collect();
        assert_eq!(found.len(), 1, "records at {start}: {found:?}");
        found[0]
    }

    #[test]
    fn steady_polling_gives_one_record_per_interval_with_exact_statistics_and_interpolated_amounts()
    {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let t0 = ts("2026-06-01T08:00:00Z"); // 10:00 in Rome
        // Counters every 15 s at :05, :20, …: 2 Wh/s for the first 900 s, then 3 Wh/s.
        let energy_at = |s: i64| {
            if s <= 900 {
                1_000_000 + 2 * s
            } else {
                1_001_800 + 3 * (s - 900)
            }
        };
        for s in 0..=3630 {
            let t = t0 + secs(s);
            let v = 230.0 + (s % 4) as f64;
            let i = (s / 900) as f64;
            rec.observe(
                &batch(
                    t,
                    vec![float(p("voltage_l1"), v), float(p("current_l1"), i)],
                ),
                &mut out,
            );
            if s % 15 == 5 {
                let before = out.records.len();
                rec.observe(&batch(t, vec![counter(energy(), energy_at(s))]), &mut out);
                if s % 900 == 5 && s > 5 {
                    // The interval closes at the counter batch after the boundary, not before.
                    assert_eq!(out.records.len(), before + 1, "at {s}");
                }
            }
        }
        assert!(out.events.is_empty());
        assert_eq!(rec.ignored_out_of_order(), 0);
        let starts: Vec<_> = out.records.iter().map(|r| r.start).collect();
        assert_eq!(
            starts,
            (0..4).map(|k| t0 + mins(15 * k)).collect::<Vec<_>>()
        );
        for (k, r) in out.records.iter().enumerate() {
            assert_eq!(r.minutes, 15);
            let v = r.stat(p("voltage_l1")).unwrap();
            assert_eq!((v.mean, v.min, v.max), (231.5, 230.0, 233.0));
            let i = r.stat(p("current_l1")).unwrap();
            assert_eq!((i.mean, i.min, i.max), (k as f64, k as f64, k as f64));
        }
        // The first interval has no known start value; the boundary at 900 s lies between
        // 1_001_780 (890 s) and 1_001_815 (905 s): 1_001_780 + 35 · 10/15 ≈ 1_001_803.
        assert!(out.records[0].counters.is_empty());
        let c: Vec<_> = out.records[1..]
            .iter()
            .map(|r| *r.counter(energy()).unwrap())
            .collect();
        assert_eq!(
            c.iter().map(|c| (c.end_value, c.delta)).collect::<Vec<_>>(),
            vec![(1_004_500, 2697), (1_007_200, 2700), (1_009_900, 2700)]
        );
        assert!(c.iter().all(|c| c.flags == CounterFlags::default()));
    }

    #[test]
    fn a_six_hour_outage_spreads_the_counter_over_24_estimated_intervals() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let start = ts("2026-06-01T04:00:00Z");
        let outage = ts("2026-06-01T06:00:00Z");
        let back = ts("2026-06-01T12:00:00Z");
        let mut t = start;
        while t < outage {
            rec.tick(t, &mut out);
            let m = t.duration_since(start).as_mins();
            rec.observe(
                &batch(
                    t,
                    vec![
                        counter(energy(), 500 + 10 * m),
                        float(p("active_power"), 600.0),
                    ],
                ),
                &mut out,
            );
            t += mins(1);
        }
        // The last counter batch, exactly at 06:00, carries no momentary values.
        rec.observe(&batch(outage, vec![counter(energy(), 1700)]), &mut out);
        let mut now = outage;
        while now < back {
            rec.tick(now, &mut out);
            now += mins(5);
        }
        let before_return = out.records.len();
        let mut t = back;
        for m in 0..=30 {
            rec.tick(t, &mut out);
            rec.observe(
                &batch(
                    t,
                    vec![
                        counter(energy(), 1700 + 7777 + 10 * m),
                        float(p("active_power"), 600.0),
                    ],
                ),
                &mut out,
            );
            t += mins(1);
        }
        // Nothing was recorded for the gap while it lasted.
        assert!(
            out.records[..before_return]
                .iter()
                .all(|r| r.start < outage)
        );
        let gap: Vec<_> = counters_of(&out.records, energy())
            .into_iter()
            .filter(|(s, _, _)| *s >= outage && *s < back)
            .collect();
        assert_eq!(gap.len(), 24);
        assert!(
            gap.iter()
                .all(|(_, _, c)| c.flags.estimated && !c.flags.reset)
        );
        assert!(gap.iter().all(|(_, _, c)| c.delta >= 0));
        assert_eq!(gap.iter().map(|(_, _, c)| c.delta).sum::<i64>(), 7777);
        assert_eq!(gap.last().unwrap().2.end_value, 1700 + 7777);
        // The gap's records carry counters only.
        for r in out
            .records
            .iter()
            .filter(|r| r.start >= outage && r.start < back)
        {
            assert!(r.stats.is_empty(), "{r:?}");
        }
        assert_eq!(
            out.events,
            vec![RecorderEvent::Spread {
                device: dev(),
                point: energy(),
                from: outage,
                to: back,
                amount: 7777
            }]
        );
        // The intervals around the gap are exact: their boundaries are readings.
        let before = record_at(&out.records, outage - mins(15));
        assert_eq!(
            before.counter(energy()).unwrap().flags,
            CounterFlags::default()
        );
        assert_eq!(before.counter(energy()).unwrap().delta, 150);
        let after = record_at(&out.records, back);
        assert_eq!(
            *after.counter(energy()).unwrap(),
            CounterInterval {
                point: energy(),
                end_value: 1700 + 7777 + 150,
                delta: 150,
                flags: CounterFlags::default()
            }
        );
        assert!(after.stat(p("active_power")).is_some());
    }

    #[test]
    fn a_declared_reset_attributes_no_energy_across_it_and_flags_its_interval() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let start = ts("2026-06-01T07:45:00Z");
        let replaced = ts("2026-06-01T08:07:00Z");
        let mut value = 90_000;
        let mut t = start;
        while t <= ts("2026-06-01T08:30:00Z") {
            if t == replaced {
                // The meter was replaced: the new one starts at 5.
                rec.rebase(&dev(), energy(), t, value, 5);
                value = 5;
            } else if t > start {
                value += 10;
            }
            rec.observe(&batch(t, vec![counter(energy(), value)]), &mut out);
            t += mins(1);
        }
        let c = counters_of(&out.records, energy());
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].2.delta, 150);
        assert_eq!(c[0].2.end_value, 90_150);
        assert!(!c[0].2.flags.reset);
        // 08:00–08:06 on the old meter (60 Wh), nothing from 08:06 to 08:07, 08:07–08:15 on
        // the new one (80 Wh).
        assert_eq!(
            c[1].2,
            CounterInterval {
                point: energy(),
                end_value: 85,
                delta: 140,
                flags: CounterFlags {
                    estimated: false,
                    reset: true
                }
            }
        );
        assert_eq!(c[2].2.delta, 150);
        assert_eq!(c[2].2.end_value, 235);
        assert!(!c[2].2.flags.reset);
        assert!(out.events.is_empty());
    }

    #[test]
    fn a_counter_lower_than_the_restored_value_starts_a_new_baseline_without_energy() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let boundary = ts("2026-06-01T08:00:00Z");
        rec.restore(dev(), energy(), boundary, 50_000);
        let first = ts("2026-06-01T08:05:00Z");
        let mut t = first;
        let mut value = 120;
        while t <= ts("2026-06-01T08:30:00Z") {
            rec.observe(&batch(t, vec![counter(energy(), value)]), &mut out);
            value += 10;
            t += mins(1);
        }
        assert_eq!(
            out.events,
            vec![RecorderEvent::Dropped {
                device: dev(),
                point: energy(),
                at: first,
                previous: 50_000,
                value: 120
            }]
        );
        let c = counters_of(&out.records, energy());
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].0, boundary);
        assert_eq!(
            c[0].2,
            CounterInterval {
                point: energy(),
                end_value: 220,
                delta: 100,
                flags: CounterFlags {
                    estimated: false,
                    reset: true
                }
            }
        );
        assert_eq!(c[1].2.delta, 150);
        assert!(!c[1].2.flags.reset);
    }

    #[test]
    fn a_restart_continues_from_the_restored_boundary_and_spreads_the_stop() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let boundary = ts("2026-06-01T08:00:00Z");
        rec.restore(dev(), energy(), boundary, 1000);
        let back = ts("2026-06-01T09:10:00Z");
        rec.observe(&batch(back, vec![counter(energy(), 1700)]), &mut out);
        let c = counters_of(&out.records, energy());
        // 08:00–09:00: four intervals over the 70-minute stop, 600 Wh of its 700.
        assert_eq!(c.len(), 4);
        assert!(
            c.iter()
                .all(|(_, _, c)| c.flags.estimated && c.delta == 150)
        );
        assert_eq!(c[3].2.end_value, 1600);
        assert_eq!(out.events.len(), 1);
    }

    fn run_day(kind_date: Date) -> (Vec<IntervalRecord>, (Timestamp, Timestamp)) {
        let cal = rome();
        let day = Period::containing(PeriodKind::Day, kind_date);
        let (from, to) = cal.bounds(day);
        let mut rec = recorder(60);
        let mut out = Emitted::default();
        let mut t = from - mins(60);
        let mut value = 0;
        while t <= to + mins(60) {
            rec.tick(t, &mut out);
            rec.observe(
                &batch(
                    t,
                    vec![counter(energy(), value), float(p("frequency"), 50.0)],
                ),
                &mut out,
            );
            value += 100;
            t += mins(10);
        }
        let records = out
            .records
            .into_iter()
            .filter(|r| r.start >= from && r.start < to)
            .collect();
        (records, (from, to))
    }

    #[test]
    fn an_hourly_rate_gives_23_intervals_on_the_spring_day_and_25_on_the_autumn_day() {
        for (date, hours) in [
            (Date::constant(2026, 3, 29), 23),
            (Date::constant(2026, 10, 25), 25),
        ] {
            let (records, (from, to)) = run_day(date);
            assert_eq!(records.len(), hours, "{date}");
            let mut expected_start = from;
            for r in &records {
                assert_eq!(r.start, expected_start);
                assert_eq!(r.minutes, 60);
                let c = r.counter(energy()).unwrap();
                assert_eq!(c.delta, 600);
                assert_eq!(c.flags, CounterFlags::default());
                assert_eq!(r.stat(p("frequency")).unwrap().mean, 50.0);
                expected_start = r.end();
            }
            assert_eq!(expected_start, to);
        }
    }

    #[test]
    fn a_rate_change_mid_hour_gives_one_shorter_interval_then_hourly_ones() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let start = ts("2026-06-01T08:00:00Z");
        let mut t = start;
        let mut value = 0;
        while t <= ts("2026-06-01T11:00:00Z") {
            if t == ts("2026-06-01T08:20:00Z") {
                rec.set_sample_rate(60);
            }
            rec.observe(
                &batch(
                    t,
                    vec![counter(energy(), value), float(p("voltage_l2"), 231.0)],
                ),
                &mut out,
            );
            value += 1;
            t += mins(1);
        }
        let shape: Vec<_> = out
            .records
            .iter()
            .map(|r| {
                (
                    r.start.to_string(),
                    r.minutes,
                    r.counter(energy()).map(|c| c.delta),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("2026-06-01T08:00:00Z".to_owned(), 15, Some(15)),
                ("2026-06-01T08:15:00Z".to_owned(), 15, Some(15)),
                ("2026-06-01T08:30:00Z".to_owned(), 30, Some(30)),
                ("2026-06-01T09:00:00Z".to_owned(), 60, Some(60)),
                ("2026-06-01T10:00:00Z".to_owned(), 60, Some(60)),
            ]
        );
        assert_eq!(rec.sample_rate(), 60);
    }

    #[test]
    fn a_silent_device_is_closed_by_tick_and_its_counters_follow_when_it_returns() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let start = ts("2026-06-01T08:00:00Z");
        for m in 0..=7 {
            let t = start + mins(m);
            rec.observe(
                &batch(
                    t,
                    vec![counter(energy(), 100 * m), float(p("current_l1"), 2.0)],
                ),
                &mut out,
            );
        }
        rec.tick(ts("2026-06-01T08:15:59Z"), &mut out);
        assert!(out.is_empty(), "closed before the grace: {out:?}");
        rec.tick(ts("2026-06-01T08:16:00Z"), &mut out);
        assert_eq!(out.records.len(), 1);
        let closed = &out.records[0];
        assert_eq!(closed.start, start);
        assert!(closed.counters.is_empty());
        assert_eq!(closed.stat(p("current_l1")).unwrap().mean, 2.0);
        rec.tick(ts("2026-06-01T08:40:00Z"), &mut out);
        assert_eq!(out.records.len(), 1);

        // Back at 08:40 at 3300 Wh: 2600 Wh over 33 minutes.
        let mut late = Emitted::default();
        let back = ts("2026-06-01T08:40:00Z");
        rec.observe(
            &batch(
                back,
                vec![counter(energy(), 3300), float(p("current_l1"), 4.0)],
            ),
            &mut late,
        );
        let c = counters_of(&late.records, energy());
        assert_eq!(late.records.len(), 2);
        assert!(late.records.iter().all(|r| r.stats.is_empty()));
        assert_eq!(c[0].0, start);
        // 08:15 is 8 of 33 minutes into the gap: 700 + 2600 · 8/33 ≈ 1330.
        assert_eq!((c[0].2.end_value, c[0].2.delta), (1330, 1330));
        assert_eq!((c[1].2.end_value, c[1].2.delta), (2512, 1182));
        assert!(c.iter().all(|(_, _, c)| c.flags.estimated));
        assert_eq!(
            late.events,
            vec![RecorderEvent::Spread {
                device: dev(),
                point: energy(),
                from: start + mins(7),
                to: back,
                amount: 2600
            }]
        );
        for m in 1..=6 {
            rec.observe(
                &batch(
                    back + mins(m),
                    vec![
                        counter(energy(), 3300 + 10 * m),
                        float(p("current_l1"), 4.0),
                    ],
                ),
                &mut late,
            );
        }
        let r = late.records.last().unwrap();
        assert_eq!(r.start, ts("2026-06-01T08:30:00Z"));
        assert_eq!(r.stat(p("current_l1")).unwrap().mean, 4.0);
        let c = r.counter(energy()).unwrap();
        assert!(c.flags.estimated);
        assert_eq!((c.end_value, c.delta), (3350, 3350 - 2512));
    }

    #[test]
    fn bad_and_stale_counter_readings_change_nothing() {
        let run = |glitches: bool| {
            let mut rec = recorder(15);
            let mut out = Emitted::default();
            let start = ts("2026-06-01T08:00:00Z");
            for s in (0..3600).step_by(20) {
                let t = start + secs(s);
                let mut samples = vec![float(p("active_power"), 1000.0 + s as f64)];
                match (glitches, s % 300) {
                    (true, 40) => samples.push(bad_counter(energy(), 0)),
                    (true, 100) => samples.push(bad_counter(energy(), 0xFFFF)),
                    (true, 160) => samples.push(Sample {
                        quality: Quality::Stale,
                        ..counter(energy(), 7)
                    }),
                    (_, 40 | 100 | 160) => {}
                    _ => samples.push(counter(energy(), 50_000 + s)),
                }
                rec.tick(t, &mut out);
                rec.observe(&batch(t, samples), &mut out);
            }
            rec.tick(start + mins(120), &mut out);
            out
        };
        let clean = run(false);
        assert_eq!(run(true), clean);
        assert_eq!(counters_of(&clean.records, energy()).len(), 3);
    }

    #[test]
    fn a_counter_of_a_slower_class_closes_late_but_records_stay_in_time_order() {
        let mut rec = recorder(15);
        let start = ts("2026-06-01T08:00:00Z");
        let gas = p("gas_volume");
        let mut out = Emitted::default();
        for m in 0..=7 {
            rec.observe(
                &batch(
                    start + mins(m),
                    vec![
                        counter(energy(), 100 * m),
                        counter(gas, 10 * m),
                        float(p("active_power"), 6000.0),
                    ],
                ),
                &mut out,
            );
        }
        assert!(out.records.is_empty());
        // Back at 08:40 (no tick meanwhile): the energy comes first, the gas half a minute later.
        let back = start + mins(40);
        let mut call = Emitted::default();
        rec.observe(
            &batch(
                back,
                vec![counter(energy(), 4000), float(p("active_power"), 6000.0)],
            ),
            &mut call,
        );
        let starts: Vec<_> = call.records.iter().map(|r| r.start).collect();
        assert_eq!(starts, vec![start, start + mins(15)]);
        assert!(call.records[0].counter(gas).is_none());
        assert!(call.records[0].stat(p("active_power")).is_some());
        let mut call = Emitted::default();
        rec.observe(&batch(back + secs(30), vec![counter(gas, 400)]), &mut call);
        let starts: Vec<_> = call.records.iter().map(|r| r.start).collect();
        assert_eq!(starts, vec![start, start + mins(15)]);
        assert!(
            call.records
                .iter()
                .all(|r| r.counters.len() == 1 && r.stats.is_empty())
        );
        assert_eq!(
            call.records
                .iter()
                .map(|r| r.counter(gas).unwrap().delta)
                .sum::<i64>(),
            // The gas stood at 0 at 08:00.
            call.records[1].counter(gas).unwrap().end_value
        );
    }

    #[test]
    fn a_clock_stepped_back_is_ignored_and_counted() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let start = ts("2026-06-01T08:00:00Z");
        for m in 0..20 {
            rec.observe(
                &batch(
                    start + mins(m),
                    vec![counter(energy(), 10 * m), float(p("voltage_l3"), 230.0)],
                ),
                &mut out,
            );
        }
        // The clock steps back ten minutes: both samples are older than what was seen.
        rec.observe(
            &batch(
                start + mins(5),
                vec![counter(energy(), 195), float(p("voltage_l3"), 0.0)],
            ),
            &mut out,
        );
        assert_eq!(rec.ignored_out_of_order(), 2);
        rec.tick(start + mins(60), &mut out);
        let r = record_at(&out.records, start + mins(15));
        assert_eq!(r.stat(p("voltage_l3")).unwrap().min, 230.0);
        assert!(out.events.is_empty());
    }

    #[test]
    fn a_device_without_counters_closes_at_its_first_batch_after_the_interval() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let start = ts("2026-06-01T08:00:00Z");
        rec.observe(
            &batch(start + mins(3), vec![float(p("frequency"), 49.9)]),
            &mut out,
        );
        rec.observe(
            &batch(start + mins(9), vec![float(p("frequency"), f64::NAN)]),
            &mut out,
        );
        assert!(out.records.is_empty());
        rec.observe(
            &batch(start + mins(16), vec![float(p("frequency"), 50.1)]),
            &mut out,
        );
        assert_eq!(out.records.len(), 1);
        let s = out.records[0].stat(p("frequency")).unwrap();
        assert_eq!((s.mean, s.min, s.max), (49.9, 49.9, 49.9));
    }

    #[test]
    fn a_batch_of_only_bad_values_emits_no_empty_record() {
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let start = ts("2026-06-01T08:00:00Z");
        rec.observe(&batch(start, vec![bad_counter(energy(), 0)]), &mut out);
        rec.tick(start + mins(60), &mut out);
        assert!(out.is_empty());
    }

    // --- The property test ---------------------------------------------------------------

    #[derive(Debug, Clone)]
    enum Step {
        /// A good reading this much above the last one.
        Read(i64),
        /// A bad reading (a glitch flagged by acquisition).
        Glitch(i64),
        /// A declared rebase to this value, then its reading.
        Rebase(i64),
        /// An undeclared reading lower than the last one: this fraction (‰) of it.
        Drop(i64),
    }

    fn any_step() -> impl Strategy<Value = (i64, Step, bool)> {
        // 0: to the next boundary (readings on boundaries, rebases on boundaries).
        let gap = prop_oneof![
            1 => Just(0i64),
            1 => Just(900i64),
            6 => 1i64..=120,
            2 => 121i64..=4000,
            1 => 4001i64..=30_000,
        ];
        let step = prop_oneof![
            8 => (0i64..500).prop_map(Step::Read),
            2 => prop_oneof![Just(0i64), Just(0xFFFF), 0i64..1_000_000].prop_map(Step::Glitch),
            1 => (0i64..100_000).prop_map(Step::Rebase),
            1 => (0i64..1000).prop_map(Step::Drop),
        ];
        (gap, step, any::<bool>())
    }

    /// What the test knows independently of the recorder: the good readings (time, real
    /// value, virtual value), the new baselines, and the number of undeclared drops.
    struct Model {
        readings: Vec<(Timestamp, i64, i64)>,
        resets: Vec<Timestamp>,
        drops: usize,
        end: Timestamp,
    }

    fn run_sequence(
        restore: bool,
        first_value: i64,
        steps: &[(i64, Step, bool)],
        with_glitches: bool,
    ) -> (Emitted, Model) {
        let cal = rome();
        let mut rec = recorder(15);
        let mut out = Emitted::default();
        let b0 = ts("2026-06-01T06:00:00Z");
        let mut model = Model {
            readings: vec![(b0, first_value, first_value)],
            resets: Vec::new(),
            drops: 0,
            end: b0,
        };
        // Each call's records are in time order.
        let in_order = |call: Emitted, out: &mut Emitted| {
            assert!(
                call.records.windows(2).all(|w| w[0].start < w[1].start),
                "records of one call out of order: {:?}",
                call.records
            );
            out.records.extend(call.records);
            out.events.extend(call.events);
        };
        let feed = |rec: &mut IntervalRecorder, t: Timestamp, samples, out: &mut Emitted| {
            let mut call = Emitted::default();
            rec.tick(t, &mut call);
            in_order(call, out);
            let mut call = Emitted::default();
            rec.observe(&batch(t, samples), &mut call);
            in_order(call, out);
        };
        if restore {
            rec.restore(dev(), energy(), b0, first_value);
        } else {
            feed(&mut rec, b0, vec![counter(energy(), first_value)], &mut out);
        }
        let (mut real, mut offset) = (first_value, 0i64);
        let mut t = b0;
        for (gap, step, with_float) in steps {
            t = if *gap == 0 {
                cal.interval_end(cal.interval_start(t, 15), 15)
            } else {
                t + secs(*gap)
            };
            let mut samples = Vec::new();
            if *with_float {
                samples.push(float(p("active_power"), *gap as f64));
            }
            match *step {
                Step::Read(inc) => {
                    real += inc;
                    samples.push(counter(energy(), real));
                }
                Step::Glitch(value) => {
                    if with_glitches {
                        samples.push(bad_counter(energy(), value));
                    }
                }
                Step::Rebase(value) => {
                    rec.rebase(&dev(), energy(), t, real, value);
                    offset += real - value;
                    real = value;
                    model.resets.push(t);
                    samples.push(counter(energy(), real));
                }
                Step::Drop(per_mille) => {
                    let value = real * per_mille / 1000;
                    if value < real {
                        offset += real - value;
                        real = value;
                        model.resets.push(t);
                        model.drops += 1;
                    }
                    samples.push(counter(energy(), real));
                }
            }
            if samples
                .iter()
                .any(|s| s.point == energy() && s.quality == Quality::Good)
            {
                model.readings.push((t, real, real + offset));
            }
            if !samples.is_empty() {
                feed(&mut rec, t, samples, &mut out);
            }
        }
        // A last reading exactly on the next boundary closes every interval up to it.
        let end = cal.interval_end(cal.interval_start(t, 15), 15);
        real += 3;
        feed(&mut rec, end, vec![counter(energy(), real)], &mut out);
        model.readings.push((end, real, real + offset));
        model.end = end;
        rec.tick(end + mins(24 * 60), &mut out);
        assert_eq!(rec.ignored_out_of_order(), 0);
        (out, model)
    }

    /// Every counter and statistic of every emitted record, keyed by interval start, checking
    /// that none is emitted twice.
    type Merged = (
        BTreeMap<Timestamp, (u16, CounterInterval)>,
        BTreeMap<Timestamp, (u16, StatInterval)>,
    );

    fn merged(records: &[IntervalRecord]) -> Result<Merged, TestCaseError> {
        let mut counters = BTreeMap::new();
        let mut stats = BTreeMap::new();
        for r in records {
            prop_assert!(r.value_count() > 0, "empty record {:?}", r);
            for c in &r.counters {
                prop_assert!(
                    counters.insert(r.start, (r.minutes, *c)).is_none(),
                    "counter at {} emitted twice",
                    r.start
                );
            }
            for s in &r.stats {
                prop_assert!(
                    stats.insert(r.start, (r.minutes, *s)).is_none(),
                    "statistics at {} emitted twice",
                    r.start
                );
            }
        }
        Ok((counters, stats))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Asserted, for one counter with random increments, reading times and gaps, bad
        /// readings, declared rebases and undeclared drops (optionally after a restore):
        /// - every (interval, point) counter and every interval's statistics is emitted at
        ///   most once, and no record is empty;
        /// - the counter intervals tile time without a hole or an overlap from the first
        ///   boundary (the first reading or the restored boundary) to the last reading;
        /// - every amount is ≥ 0, and amounts add up exactly to the virtual counter
        ///   difference between the first and last readings: the counter difference minus
        ///   the jumps of the new baselines (glitches contribute nothing);
        /// - an interval's amount equals the difference of consecutive end values unless the
        ///   interval is flagged `reset`, which happens exactly for the intervals whose
        ///   `(start, end]` holds a new baseline;
        /// - end values at boundaries that are readings equal those readings;
        /// - an interval is `estimated` exactly when a boundary of it has no reading on it and
        ///   the readings around it are more than 15 minutes apart; one `Spread` event per
        ///   such gap, with its readings and amount; one `Dropped` event per undeclared drop;
        /// - the records of one call are in time order; records with statistics are in time
        ///   order across calls, and so are the intervals of the counter;
        /// - the bad readings change no record and no event.
        #[test]
        fn interval_amounts_add_up_to_the_virtual_counter_difference(
            restore in any::<bool>(),
            first_value in 0i64..10_000_000,
            steps in proptest::collection::vec(any_step(), 1..60),
        ) {
            let (out, model) = run_sequence(restore, first_value, &steps, true);
            let (clean, _) = run_sequence(restore, first_value, &steps, false);
            prop_assert_eq!(merged(&out.records)?, merged(&clean.records)?);
            prop_assert_eq!(&out.events, &clean.events);

            // Records with statistics come in time order, and so do the counters of the point.
            let with_stats: Vec<_> =
                out.records.iter().filter(|r| !r.stats.is_empty()).map(|r| r.start).collect();
            prop_assert!(with_stats.windows(2).all(|w| w[0] < w[1]), "{:?}", with_stats);
            let with_counter: Vec<_> =
                out.records.iter().filter(|r| !r.counters.is_empty()).map(|r| r.start).collect();
            prop_assert!(with_counter.windows(2).all(|w| w[0] < w[1]), "{:?}", with_counter);

            let (counters, _) = merged(&out.records)?;
            let b0 = model.readings[0].0;
            let mut expected_start = b0;
            let mut previous_end: Option<i64> = None;
            let mut total = 0i64;
            let readings: HashMap<Timestamp, (i64, i64)> =
                model.readings.iter().map(|&(t, r, v)| (t, (r, v))).collect();
            let estimated_boundary = |b: Timestamp| {
                if readings.contains_key(&b) {
                    return false;
                }
                let before = model.readings.iter().rev().find(|r| r.0 < b).map(|r| r.0);
                let after = model.readings.iter().find(|r| r.0 > b).map(|r| r.0);
                match (before, after) {
                    (Some(t0), Some(t1)) => t1.duration_since(t0) > mins(15),
                    _ => true,
                }
            };
            // The boundary's virtual and real values, from the readings around it: the virtual
            // value on the line between them, rounded half up; the real one on the side of the
            // earlier reading (a new baseline starts at the later one).
            let boundary_value = |b: Timestamp| {
                if let Some(&(real, virtual_value)) = readings.get(&b) {
                    return (virtual_value, real);
                }
                let i = model.readings.iter().rposition(|r| r.0 < b).unwrap_or(0);
                let (t0, r0, v0) = model.readings[i];
                let (t1, _, v1) = model.readings[(i + 1).min(model.readings.len() - 1)];
                let span = i128::from(t1.duration_since(t0).as_secs());
                let part = i128::from(b.duration_since(t0).as_secs());
                let product = i128::from(v1 - v0) * part;
                let mut share = product / span;
                if 2 * (product % span) >= span {
                    share += 1;
                }
                let virtual_value = v0 + share as i64;
                (virtual_value, virtual_value - (v0 - r0))
            };
            for (&start, &(minutes, c)) in &counters {
                let end = start + mins(i64::from(minutes));
                prop_assert_eq!(start, expected_start, "hole or overlap");
                prop_assert!(c.delta >= 0, "negative amount {:?} at {}", c, start);
                total += c.delta;
                let reset = model.resets.iter().any(|&r| start < r && r <= end);
                prop_assert_eq!(c.flags.reset, reset, "reset flag at {}", start);
                if let Some(previous) = previous_end && !reset {
                    prop_assert_eq!(c.delta, c.end_value - previous, "at {}", start);
                }
                if let Some(&(real, _)) = readings.get(&end) {
                    prop_assert_eq!(c.end_value, real, "end value at {}", end);
                }
                let (start_virtual, _) = boundary_value(start);
                let (end_virtual, end_real) = boundary_value(end);
                prop_assert_eq!(c.end_value, end_real, "interpolated end value at {}", end);
                prop_assert_eq!(c.delta, end_virtual - start_virtual, "amount at {}", start);
                let estimated = estimated_boundary(end)
                    || (start != b0 && estimated_boundary(start));
                prop_assert_eq!(c.flags.estimated, estimated, "estimated flag at {}", start);
                previous_end = Some(c.end_value);
                expected_start = end;
            }
            prop_assert_eq!(expected_start, model.end);
            let first_virtual = model.readings[0].2;
            let last_virtual = model.readings.last().map_or(0, |r| r.2);
            prop_assert_eq!(total, last_virtual - first_virtual);

            let cal = rome();
            let gaps: Vec<_> = model
                .readings
                .windows(2)
                .filter(|w| {
                    w[1].0.duration_since(w[0].0) > mins(15)
                        && cal.interval_end(cal.interval_start(w[0].0, 15), 15) < w[1].0
                })
                .map(|w| (w[0].0, w[1].0, w[1].2 - w[0].2))
                .collect();
            let spreads: Vec<_> = out
                .events
                .iter()
                .filter_map(|e| match *e {
                    RecorderEvent::Spread { from, to, amount, .. } => Some((from, to, amount)),
                    RecorderEvent::Dropped { .. } => None,
                })
                .collect();
            prop_assert_eq!(spreads, gaps);
            let drops = out
                .events
                .iter()
                .filter(|e| matches!(e, RecorderEvent::Dropped { .. }))
                .count();
            prop_assert_eq!(drops, model.drops);
        }
    }
}
