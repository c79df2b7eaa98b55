//! Byte formats of interval blocks, rollup slot rows and cost rows.
//!
//! Interval records are stored as compressed **blocks**: one blob holds consecutive records of one
//! device on one grid (`origin + k × minutes`, `k ≥ 0`). The origin and the device are not in the
//! blob; the caller keeps them (in the row's key) and passes them back to decode.
//!
//! # Resolution
//!
//! Counters are integers and stored exactly. Statistics (mean, minimum, maximum) are rounded to
//! [`resolution_decimals`] of their point's canonical unit, which is finer than any meter's
//! accuracy class; this is the one lossy step, and [`quantize`] performs it alone so that
//! `decode_block(encode_block(r)) == quantize(r)`. After rounding, a minimum above the mean (a
//! producer's error) is lowered to the mean and a maximum below the mean raised to it, so that
//! `min ≤ mean ≤ max` always holds in the store.
//!
//! # Interval block, format version 1
//!
//! `uv` is an unsigned LEB128 varint, `sv` a zigzag-mapped signed varint. Bitmaps are
//! `ceil(bits / 8)` bytes, bit `i` in byte `i / 8` at weight `1 << (i % 8)`, padding bits zero.
//!
//! ```text
//! block    = version:u8 (1) minutes:uv span:uv records:uv [grid:bitmap(span)] count:uv series*
//!            grid is present only when records < span; it marks the grid positions that hold a
//!            record (the last one, span − 1, always does).
//! series   = point:uv tag:u8 length:uv payload[length]
//!            point: index of the point in the canonical table (`Point::all()` order);
//!            series are sorted by (kind, point), counters first, each at most once.
//! tag      = bit 0: statistic (else counter); bit 1: own presence; bit 2: counter flags present
//! payload  = [presence:bitmap(records)] body      presence only with tag bit 1; it marks the
//!            block's records that hold the series (else all do); n = number of those records
//! counter  = [flags:runs] deltas:column(n, signed) exceptions
//!   runs       = count:uv ((run_length − 1) << 2 | flags):uv per run; flags bit 0 estimated,
//!                bit 1 reset; absent (tag bit 2 clear) when every interval has no flag
//!   exceptions = count:uv (index_gap:uv residual:sv)*  — end values are implicit:
//!                end[i] = base + delta[i] + residual[i], base = end[i − 1] of the series, or 0
//!                for its first interval and for reset intervals; residual is 0 except at the
//!                listed indices (index_gap = index − previous index − 1)
//! stat     = mean:column(n, signed) low:column(n, non-negative) high:column(n, non-negative)
//!            integers at the point's resolution: low = mean − min, high = max − mean
//! column(n) of integers v[0..n]:
//!   n = 1: v[0] as uv (non-negative columns) or sv
//!   n > 1: mode:u8 v[0] (as above) [rice bits, padded to a byte]
//!     mode = 3: every value equals v[0]
//!     mode = order | zigzag << 2 | k << 3, order 0..=2: residual[i] = v[i] − prediction, the
//!       prediction being 0, v[i−1] or 2·v[i−1] − v[i−2] (lower orders for the first values),
//!       wrapping; residuals mapped to u64 by zigzag (bit 2) or as they are; each coded as
//!       Rice(k): q = u >> k in unary (q ones, a zero) and the k low bits, or, when q ≥ 24,
//!       24 ones, the bit length of u in 7 bits and u itself. The encoder picks the order, the
//!       mapping and k that give the fewest bits.
//! ```
//!
//! A live interval is a one-record block; a finished day is one block of about 96 records.
//!
//! # Slot rows, format version 1
//!
//! ```text
//! row  = version:u8 (1) count:uv slot*
//! slot = tag:u8 [amount:sv] [covered:sv] [estimated:sv]
//! tag  = bit 0 amount ≠ 0 follows; bit 1 covered minutes follow; bit 2 covered minutes equal the
//!        last non-zero covered minutes of the row; bit 3 estimated minutes follow; bit 4
//!        estimated minutes equal the covered minutes. An empty slot is the single byte 0.
//! ```
//!
//! # Cost rows, format version 1
//!
//! One row holds the costs of every priced counter of a scope at every tariff over one period:
//!
//! ```text
//! row   = version:u8 (1) count:uv entry*
//! entry = point:uv tariff:uv count:uv slot*
//! slot  = tag:u8 [amount:sv] [covered:sv] [estimated:sv] [cost:sv]
//! tag   = bits 0–4 as in slot rows (covered minutes "as before" within the entry); bit 5 a
//!         cost ≠ 0 follows.
//! ```
//!
//! # Robustness
//!
//! Decoding never panics and allocates at most in proportion to [`MAX_SPAN`], the number of
//! canonical points and the blob's length; inconsistencies are [`CodecError::Corrupt`].

use crate::query::TariffSlot;
use crate::record::{CounterFlags, CounterInterval, IntervalRecord, StatInterval};
use ems_model::{DeviceId, Point, Unit};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// The format version byte that starts every interval block.
pub const BLOCK_FORMAT_VERSION: u8 = 1;

/// The format version byte that starts every slot row.
pub const SLOT_FORMAT_VERSION: u8 = 1;

/// The format version byte that starts every cost row.
pub const COST_ROW_FORMAT_VERSION: u8 = 1;

/// The most grid positions a block may span (origin to last record): about 11 days at one
/// minute, 170 days at 15 minutes. Bounds what decoding a blob may allocate.
pub const MAX_SPAN: u32 = 1 << 14;

const TAG_STAT: u8 = 0x01;
const TAG_OWN_PRESENCE: u8 = 0x02;
const TAG_FLAGS: u8 = 0x04;

const FLAG_ESTIMATED: u8 = 0x01;
const FLAG_RESET: u8 = 0x02;

const MODE_CONSTANT: u8 = 3;
const RICE_ESCAPE: u32 = 24;
const RICE_MAX_K: u32 = 31;

const SLOT_AMOUNT: u8 = 0x01;
const SLOT_COVERED: u8 = 0x02;
const SLOT_COVERED_AS_BEFORE: u8 = 0x04;
const SLOT_ESTIMATED: u8 = 0x08;
const SLOT_ESTIMATED_ALL: u8 = 0x10;
const SLOT_COST: u8 = 0x20;

/// 2^62: the largest magnitude of a statistic scaled to its resolution.
const MAX_SCALED: f64 = 4_611_686_018_427_387_904.0;

/// Why a block or slot row could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CodecError {
    /// A block was asked for without records.
    #[error("an interval block needs at least one record")]
    Empty,
    /// The block's grid step is zero.
    #[error("an interval block's grid step must be at least one minute")]
    ZeroMinutes,
    /// Records of two devices were given for one block.
    #[error("interval block of device \"{expected}\" was given a record of device \"{found}\"")]
    MixedDevices {
        /// The device of the first record.
        expected: DeviceId,
        /// The other device.
        found: DeviceId,
    },
    /// A record's length differs from the block's grid step.
    #[error("record at {start} lasts {found} minutes, but the block's grid step is {expected}")]
    WrongMinutes {
        /// Start of the record.
        start: Timestamp,
        /// The record's length in minutes.
        found: u16,
        /// The block's grid step in minutes.
        expected: u16,
    },
    /// A record starts before the block's origin.
    #[error("record at {start} starts before the block's origin {origin}")]
    BeforeOrigin {
        /// Start of the record.
        start: Timestamp,
        /// The block's origin.
        origin: Timestamp,
    },
    /// A record's start is not on the block's grid.
    #[error("record at {start} is not on the {minutes}-minute grid starting at {origin}")]
    Misaligned {
        /// Start of the record.
        start: Timestamp,
        /// The block's origin.
        origin: Timestamp,
        /// The block's grid step in minutes.
        minutes: u16,
    },
    /// Records are not in strictly increasing order of start.
    #[error("record at {start} does not start after the record before it in the block")]
    Unsorted {
        /// Start of the record out of order.
        start: Timestamp,
    },
    /// The block would span more grid positions than [`MAX_SPAN`].
    #[error(
        "record at {start} is more than {max} grid positions after the block's origin {origin}"
    )]
    TooLong {
        /// Start of the record.
        start: Timestamp,
        /// The block's origin.
        origin: Timestamp,
        /// [`MAX_SPAN`].
        max: u32,
    },
    /// A record's counters or statistics are not sorted by point or repeat a point.
    #[error("record at {start} lists the {kind} of {point} out of order or twice")]
    PointOrder {
        /// Start of the record.
        start: Timestamp,
        /// The point out of order.
        point: Point,
        /// `"counter"` or `"statistics"`.
        kind: &'static str,
    },
    /// A statistic is NaN or infinite.
    #[error("statistics of {point} at {start} hold a value that is not a finite number")]
    NonFinite {
        /// The point.
        point: Point,
        /// Start of the record.
        start: Timestamp,
    },
    /// A statistic exceeds ±2^62 once scaled to its resolution.
    #[error(
        "statistics of {point} at {start} hold {value}, out of range at the store's resolution"
    )]
    OutOfRange {
        /// The point.
        point: Point,
        /// Start of the record.
        start: Timestamp,
        /// The offending value.
        value: f64,
    },
    /// The blob starts with a format version this build does not read.
    #[error("{what} has format version {version}; this build reads version {supported}")]
    UnsupportedVersion {
        /// `"interval block"` or `"slot row"`.
        what: &'static str,
        /// The version byte found.
        version: u8,
        /// The version this build reads.
        supported: u8,
    },
    /// The blob is inconsistent; the message says where.
    #[error("corrupt data: {0}")]
    Corrupt(String),
}

fn corrupt(message: impl Into<String>) -> CodecError {
    CodecError::Corrupt(message.into())
}

/// The storage resolution of momentary values, in decimals of the point's canonical unit: volts
/// 2, amperes 3, watts, vars and volt-amperes 1, power factor (dimensionless) 4, hertz 3,
/// percent 2, any other unit 3.
///
/// This is the store's resolution: statistics are rounded to it when stored (the one lossy
/// step of the store; counters are integers and kept exactly). It is finer than the accuracy
/// class of any meter we read.
pub fn resolution_decimals(unit: Unit) -> u8 {
    match unit {
        Unit::Volt => 2,
        Unit::Ampere => 3,
        Unit::Watt | Unit::Var | Unit::VoltAmpere => 1,
        Unit::One => 4,
        Unit::Hertz => 3,
        Unit::Percent => 2,
        _ => 3,
    }
}

fn scale(unit: Unit) -> f64 {
    match resolution_decimals(unit) {
        0 => 1.0,
        1 => 10.0,
        2 => 100.0,
        3 => 1_000.0,
        _ => 10_000.0,
    }
}

/// `value` in units of the resolution, if finite and within ±2^62.
fn to_steps(unit: Unit, value: f64) -> Option<i64> {
    let scaled = (value * scale(unit)).round();
    (scaled.is_finite() && scaled.abs() <= MAX_SCALED).then_some(scaled as i64)
}

fn from_steps(unit: Unit, steps: i64) -> f64 {
    steps as f64 / scale(unit)
}

/// Why a statistic cannot be stored.
enum StatProblem {
    NonFinite,
    OutOfRange(f64),
}

/// Mean, mean − min and max − mean in steps of the resolution, with min and max clamped to the
/// mean when a producer gave them on the wrong side of it.
fn stat_steps(stat: &StatInterval) -> Result<[i64; 3], StatProblem> {
    let unit = stat.point.unit();
    let steps = |value: f64| {
        if value.is_finite() {
            to_steps(unit, value).ok_or(StatProblem::OutOfRange(value))
        } else {
            Err(StatProblem::NonFinite)
        }
    };
    let mean = steps(stat.mean)?;
    let min = steps(stat.min)?.min(mean);
    let max = steps(stat.max)?.max(mean);
    // Both within ±2^62 and on the right side of the mean: the differences fit in 0..2^63.
    Ok([mean, mean.wrapping_sub(min), max.wrapping_sub(mean)])
}

fn stat_from_steps(point: Point, [mean, low, high]: [i64; 3]) -> StatInterval {
    let unit = point.unit();
    StatInterval {
        point,
        mean: from_steps(unit, mean),
        min: from_steps(unit, mean.wrapping_sub(low)),
        max: from_steps(unit, mean.wrapping_add(high)),
    }
}

/// Rounds one momentary value of `unit` to the store's resolution ([`resolution_decimals`]).
/// Values that cannot be stored (not finite, beyond ±2^62 steps) are returned unchanged.
pub fn quantize_value(unit: Unit, value: f64) -> f64 {
    to_steps(unit, value).map_or(value, |steps| from_steps(unit, steps))
}

/// The statistics as the store keeps them: rounded to the resolution of the point's unit, the
/// minimum lowered to the mean and the maximum raised to it where they were on its wrong side.
/// Statistics that cannot be stored (see [`CodecError::NonFinite`], [`CodecError::OutOfRange`])
/// are returned unchanged.
pub fn quantize_stat(stat: &StatInterval) -> StatInterval {
    match stat_steps(stat) {
        Ok(steps) => stat_from_steps(stat.point, steps),
        Err(_) => *stat,
    }
}

/// The record as a block returns it: every statistic through [`quantize_stat`], counters as
/// they are.
pub fn quantize(record: &IntervalRecord) -> IntervalRecord {
    IntervalRecord {
        stats: record.stats.iter().map(quantize_stat).collect(),
        ..record.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Primitive writers and readers.

fn put_uvarint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

fn put_svarint(out: &mut Vec<u8>, value: i64) {
    put_uvarint(out, zigzag(value));
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    put_uvarint(out, len as u64);
}

/// A bitmap of `len` bits with the given (ascending, `< len`) bits set.
fn put_bitmap(out: &mut Vec<u8>, set: impl Iterator<Item = usize>, len: usize) {
    let start = out.len();
    out.resize(start + len.div_ceil(8), 0);
    for bit in set {
        if let Some(byte) = out.get_mut(start + bit / 8) {
            *byte |= 1 << (bit % 8);
        }
    }
}

struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    pending: u32,
}

impl<'a> BitWriter<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        BitWriter {
            out,
            acc: 0,
            pending: 0,
        }
    }

    /// Appends the `bits` low bits of `value`, most significant first.
    fn put(&mut self, value: u64, bits: u32) {
        if bits > 32 {
            self.put(value >> 32, bits - 32);
            self.put(value & 0xFFFF_FFFF, 32);
            return;
        }
        if bits == 0 {
            return;
        }
        self.acc = (self.acc << bits) | (value & low_mask(bits));
        self.pending += bits;
        while self.pending >= 8 {
            self.pending -= 8;
            self.out.push((self.acc >> self.pending) as u8);
        }
        self.acc &= low_mask(self.pending);
    }

    fn put_rice(&mut self, value: u64, k: u32) {
        let quotient = value >> k;
        if quotient < u64::from(RICE_ESCAPE) {
            let q = quotient as u32;
            self.put(low_mask(q), q);
            self.put(0, 1);
            self.put(value, k);
        } else {
            let len = u64::BITS - value.leading_zeros();
            self.put(low_mask(RICE_ESCAPE), RICE_ESCAPE);
            self.put(u64::from(len), 7);
            self.put(value, len);
        }
    }

    fn finish(self) {
        if self.pending > 0 {
            self.out.push((self.acc << (8 - self.pending)) as u8);
        }
    }
}

fn low_mask(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

fn rice_bits(value: u64, k: u32) -> u64 {
    let quotient = value >> k;
    if quotient < u64::from(RICE_ESCAPE) {
        quotient + 1 + u64::from(k)
    } else {
        u64::from(RICE_ESCAPE + 7 + (u64::BITS - value.leading_zeros()))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn byte(&mut self, what: &str) -> Result<u8, CodecError> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| corrupt(format!("data ends before {what}")))?;
        self.pos += 1;
        Ok(byte)
    }

    fn take(&mut self, len: usize, what: &str) -> Result<&'a [u8], CodecError> {
        if len > self.remaining() {
            return Err(corrupt(format!(
                "{what} needs {len} bytes, only {} remain",
                self.remaining()
            )));
        }
        let slice = self.bytes.get(self.pos..self.pos + len).unwrap_or_default();
        self.pos += len;
        Ok(slice)
    }

    fn uvarint(&mut self, what: &str) -> Result<u64, CodecError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte(what)?;
            let bits = u64::from(byte & 0x7F);
            if shift == 63 && bits > 1 {
                return Err(corrupt(format!("{what} overflows 64 bits")));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(corrupt(format!("{what} is a varint longer than ten bytes")))
    }

    fn svarint(&mut self, what: &str) -> Result<i64, CodecError> {
        self.uvarint(what).map(unzigzag)
    }

    /// A count that must not exceed `max`.
    fn count(&mut self, what: &str, max: usize) -> Result<usize, CodecError> {
        let value = self.uvarint(what)?;
        usize::try_from(value)
            .ok()
            .filter(|count| *count <= max)
            .ok_or_else(|| corrupt(format!("{what} {value} exceeds {max}")))
    }

    fn finish(&self, what: &str) -> Result<(), CodecError> {
        match self.remaining() {
            0 => Ok(()),
            extra => Err(corrupt(format!("{extra} unexpected bytes after {what}"))),
        }
    }

    /// The indices of the set bits of a `len`-bit bitmap.
    fn bitmap(&mut self, len: usize, what: &str) -> Result<Vec<usize>, CodecError> {
        let bytes = self.take(len.div_ceil(8), what)?;
        let mut set = Vec::new();
        for (i, byte) in bytes.iter().enumerate() {
            for bit in 0..8 {
                if byte & (1 << bit) != 0 {
                    let index = i * 8 + bit;
                    if index >= len {
                        return Err(corrupt(format!("{what} has padding bits set")));
                    }
                    set.push(index);
                }
            }
        }
        Ok(set)
    }
}

struct BitReader<'a> {
    bytes: &'a [u8],
    bit: usize,
}

impl BitReader<'_> {
    fn get(&mut self, bits: u32) -> Result<u64, CodecError> {
        let mut value = 0u64;
        let mut left = bits;
        while left > 0 {
            let byte = *self
                .bytes
                .get(self.bit / 8)
                .ok_or_else(|| corrupt("column bit stream ends early"))?;
            let available = 8 - (self.bit % 8) as u32;
            let take = available.min(left);
            let chunk = (u32::from(byte) >> (available - take)) & ((1u32 << take) - 1);
            value = (value << take) | u64::from(chunk);
            self.bit += take as usize;
            left -= take;
        }
        Ok(value)
    }

    fn rice(&mut self, k: u32) -> Result<u64, CodecError> {
        let mut quotient = 0;
        while quotient < RICE_ESCAPE && self.get(1)? == 1 {
            quotient += 1;
        }
        if quotient < RICE_ESCAPE {
            Ok((u64::from(quotient) << k) | self.get(k)?)
        } else {
            let len = self.get(7)? as u32;
            if len > 64 {
                return Err(corrupt(format!("escaped value of {len} bits")));
            }
            self.get(len)
        }
    }

    /// Bytes used so far; the padding bits of the last one must be zero.
    fn finish(&mut self) -> Result<usize, CodecError> {
        let padding = (8 - self.bit % 8) % 8;
        if self.get(padding as u32)? != 0 {
            return Err(corrupt("column bit stream has padding bits set"));
        }
        Ok(self.bit / 8)
    }
}

// ---------------------------------------------------------------------------------------------
// Integer columns.

fn map_first(value: i64, non_negative: bool) -> u64 {
    if non_negative {
        value as u64
    } else {
        zigzag(value)
    }
}

fn unmap_first(value: u64, non_negative: bool) -> i64 {
    if non_negative {
        value as i64
    } else {
        unzigzag(value)
    }
}

fn prediction(values: &[i64], i: usize, order: u8) -> i64 {
    match (
        order.min(i.min(2) as u8),
        i.checked_sub(1),
        i.checked_sub(2),
    ) {
        (1, Some(a), _) => values.get(a).copied().unwrap_or(0),
        (2, Some(a), Some(b)) => {
            let a = values.get(a).copied().unwrap_or(0);
            let b = values.get(b).copied().unwrap_or(0);
            a.wrapping_mul(2).wrapping_sub(b)
        }
        _ => 0,
    }
}

fn residual(values: &[i64], i: usize, order: u8) -> i64 {
    values
        .get(i)
        .copied()
        .unwrap_or(0)
        .wrapping_sub(prediction(values, i, order))
}

/// Writes a column of integers (see the module documentation); its length is known to the
/// reader.
fn put_column(out: &mut Vec<u8>, values: &[i64], non_negative: bool) {
    let Some((&first, rest)) = values.split_first() else {
        return;
    };
    if rest.is_empty() {
        put_uvarint(out, map_first(first, non_negative));
        return;
    }
    if rest.iter().all(|&v| v == first) {
        out.push(MODE_CONSTANT);
        put_uvarint(out, map_first(first, non_negative));
        return;
    }
    let residuals = |order: u8| {
        let signed = (1..values.len()).any(|i| residual(values, i, order) < 0);
        let mapped = (1..values.len()).map(move |i| {
            let r = residual(values, i, order);
            if signed { zigzag(r) } else { r as u64 }
        });
        (signed, mapped)
    };
    let mut best = (u64::MAX, 0u8, 0u32);
    for order in 0..=2u8 {
        let (_, mapped) = residuals(order);
        let mapped: Vec<u64> = mapped.collect();
        for k in 0..=RICE_MAX_K {
            let bits: u64 = mapped.iter().map(|&u| rice_bits(u, k)).sum();
            if bits < best.0 {
                best = (bits, order, k);
            }
        }
    }
    let (_, order, k) = best;
    let (signed, mapped) = residuals(order);
    out.push(order | (u8::from(signed) << 2) | ((k as u8) << 3));
    put_uvarint(out, map_first(first, non_negative));
    let mut bits = BitWriter::new(out);
    for u in mapped {
        bits.put_rice(u, k);
    }
    bits.finish();
}

fn get_column(
    reader: &mut Reader<'_>,
    n: usize,
    non_negative: bool,
    what: &str,
) -> Result<Vec<i64>, CodecError> {
    if n == 1 {
        return Ok(vec![unmap_first(reader.uvarint(what)?, non_negative)]);
    }
    let mode = reader.byte(what)?;
    let first = unmap_first(reader.uvarint(what)?, non_negative);
    if mode & 3 == MODE_CONSTANT {
        if mode != MODE_CONSTANT {
            return Err(corrupt(format!(
                "{what} has constant mode byte {mode:#04x}"
            )));
        }
        return Ok(vec![first; n]);
    }
    let order = mode & 3;
    let signed = mode & 4 != 0;
    let k = u32::from(mode >> 3);
    let mut values = Vec::with_capacity(n);
    values.push(first);
    let mut bits = BitReader {
        bytes: reader.rest(),
        bit: 0,
    };
    for i in 1..n {
        let u = bits.rice(k)?;
        let residual = if signed { unzigzag(u) } else { u as i64 };
        values.push(prediction(&values, i, order).wrapping_add(residual));
    }
    let used = bits.finish()?;
    reader.take(used, what)?;
    Ok(values)
}

// ---------------------------------------------------------------------------------------------
// Blocks.

/// What the start of a block says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHeader {
    /// The grid step (and length of every record) in minutes.
    pub minutes: u16,
    /// Grid positions from the origin to the last record, plus one.
    pub span: u32,
    /// The number of records in the block.
    pub records: u32,
}

fn point_code(point: Point) -> u64 {
    Point::all()
        .position(|p| p == point)
        .map_or(u64::MAX, |i| i as u64)
}

fn point_from_code(code: u64) -> Result<Point, CodecError> {
    usize::try_from(code)
        .ok()
        .and_then(|i| Point::all().nth(i))
        .ok_or_else(|| corrupt(format!("point index {code} is unknown to this build")))
}

#[derive(Default)]
struct CounterSeries {
    members: Vec<usize>,
    values: Vec<CounterInterval>,
}

#[derive(Default)]
struct StatSeries {
    members: Vec<usize>,
    columns: [Vec<i64>; 3],
}

fn flag_bits(flags: CounterFlags) -> u8 {
    (u8::from(flags.estimated) * FLAG_ESTIMATED) | (u8::from(flags.reset) * FLAG_RESET)
}

fn flags_from_bits(bits: u8) -> CounterFlags {
    CounterFlags {
        estimated: bits & FLAG_ESTIMATED != 0,
        reset: bits & FLAG_RESET != 0,
    }
}

/// Encodes records of one device on the grid `origin + k × minutes` into one block.
///
/// The records must all be of one device, last `minutes`, start on the grid at or after
/// `origin`, in strictly increasing order, with counters and statistics sorted by point; there
/// must be at least one. Statistics are rounded to [`resolution_decimals`] (see [`quantize`]).
pub fn encode_block(
    minutes: u16,
    origin: Timestamp,
    records: &[IntervalRecord],
) -> Result<Vec<u8>, CodecError> {
    let first = records.first().ok_or(CodecError::Empty)?;
    if minutes == 0 {
        return Err(CodecError::ZeroMinutes);
    }
    let step_nanos = i128::from(minutes) * 60_000_000_000;
    let mut positions: Vec<u32> = Vec::with_capacity(records.len());
    let mut counters: BTreeMap<Point, CounterSeries> = BTreeMap::new();
    let mut stats: BTreeMap<Point, StatSeries> = BTreeMap::new();
    for (index, record) in records.iter().enumerate() {
        let start = record.start;
        if record.device != first.device {
            return Err(CodecError::MixedDevices {
                expected: first.device.clone(),
                found: record.device.clone(),
            });
        }
        if record.minutes != minutes {
            return Err(CodecError::WrongMinutes {
                start,
                found: record.minutes,
                expected: minutes,
            });
        }
        let offset = start.duration_since(origin).as_nanos();
        if offset < 0 {
            return Err(CodecError::BeforeOrigin { start, origin });
        }
        if offset % step_nanos != 0 {
            return Err(CodecError::Misaligned {
                start,
                origin,
                minutes,
            });
        }
        let position = u32::try_from(offset / step_nanos)
            .ok()
            .filter(|p| *p < MAX_SPAN)
            .ok_or(CodecError::TooLong {
                start,
                origin,
                max: MAX_SPAN,
            })?;
        if positions.last().is_some_and(|&last| position <= last) {
            return Err(CodecError::Unsorted { start });
        }
        positions.push(position);

        let mut previous = None;
        for counter in &record.counters {
            if previous.is_some_and(|p| p >= counter.point) {
                return Err(CodecError::PointOrder {
                    start,
                    point: counter.point,
                    kind: "counter",
                });
            }
            previous = Some(counter.point);
            let series = counters.entry(counter.point).or_default();
            series.members.push(index);
            series.values.push(*counter);
        }
        let mut previous = None;
        for stat in &record.stats {
            let point = stat.point;
            if previous.is_some_and(|p| p >= point) {
                return Err(CodecError::PointOrder {
                    start,
                    point,
                    kind: "statistics",
                });
            }
            previous = Some(point);
            let steps = stat_steps(stat).map_err(|problem| match problem {
                StatProblem::NonFinite => CodecError::NonFinite { point, start },
                StatProblem::OutOfRange(value) => CodecError::OutOfRange {
                    point,
                    start,
                    value,
                },
            })?;
            let series = stats.entry(point).or_default();
            series.members.push(index);
            for (column, value) in series.columns.iter_mut().zip(steps) {
                column.push(value);
            }
        }
    }

    let span = positions.last().map_or(0, |&last| last as usize + 1);
    let mut out = Vec::new();
    out.push(BLOCK_FORMAT_VERSION);
    put_uvarint(&mut out, u64::from(minutes));
    put_len(&mut out, span);
    put_len(&mut out, records.len());
    if records.len() < span {
        put_bitmap(&mut out, positions.iter().map(|&p| p as usize), span);
    }
    put_len(&mut out, counters.len() + stats.len());
    for (point, series) in &counters {
        let mut tag = 0;
        let mut body = Vec::new();
        put_counter_body(&mut body, &mut tag, &series.values);
        put_series(&mut out, *point, tag, &series.members, records.len(), &body);
    }
    for (point, series) in &stats {
        let mut body = Vec::new();
        let [mean, low, high] = &series.columns;
        put_column(&mut body, mean, false);
        put_column(&mut body, low, true);
        put_column(&mut body, high, true);
        put_series(
            &mut out,
            *point,
            TAG_STAT,
            &series.members,
            records.len(),
            &body,
        );
    }
    Ok(out)
}

fn put_series(
    out: &mut Vec<u8>,
    point: Point,
    mut tag: u8,
    members: &[usize],
    record_count: usize,
    body: &[u8],
) {
    let mut payload = Vec::with_capacity(body.len() + record_count / 8 + 1);
    if members.len() < record_count {
        tag |= TAG_OWN_PRESENCE;
        put_bitmap(&mut payload, members.iter().copied(), record_count);
    }
    payload.extend_from_slice(body);
    put_uvarint(out, point_code(point));
    out.push(tag);
    put_len(out, payload.len());
    out.extend_from_slice(&payload);
}

fn put_counter_body(body: &mut Vec<u8>, tag: &mut u8, values: &[CounterInterval]) {
    let flags: Vec<u8> = values.iter().map(|c| flag_bits(c.flags)).collect();
    if flags.iter().any(|&f| f != 0) {
        *tag |= TAG_FLAGS;
        let mut runs: Vec<(u8, u64)> = Vec::new();
        for &f in &flags {
            match runs.last_mut() {
                Some((last, len)) if *last == f => *len += 1,
                _ => runs.push((f, 1)),
            }
        }
        put_len(body, runs.len());
        for (f, len) in runs {
            put_uvarint(body, ((len - 1) << 2) | u64::from(f));
        }
    }
    let deltas: Vec<i64> = values.iter().map(|c| c.delta).collect();
    put_column(body, &deltas, false);
    let mut exceptions = Vec::new();
    let mut previous_end = 0i64;
    for (i, c) in values.iter().enumerate() {
        let base = if i == 0 || c.flags.reset {
            0
        } else {
            previous_end
        };
        let residual = c.end_value.wrapping_sub(base.wrapping_add(c.delta));
        if residual != 0 {
            exceptions.push((i, residual));
        }
        previous_end = c.end_value;
    }
    put_len(body, exceptions.len());
    let mut next = 0;
    for (i, residual) in exceptions {
        put_len(body, i - next);
        put_svarint(body, residual);
        next = i + 1;
    }
}

fn get_counter_body(
    reader: &mut Reader<'_>,
    tag: u8,
    point: Point,
    n: usize,
) -> Result<Vec<CounterInterval>, CodecError> {
    let mut flags = Vec::with_capacity(n);
    if tag & TAG_FLAGS != 0 {
        let runs = reader.count("flag run count", n)?;
        for _ in 0..runs {
            let run = reader.uvarint("flag run")?;
            let f = (run & 3) as u8;
            let len = (run >> 2).saturating_add(1);
            if len > (n - flags.len()) as u64 {
                return Err(corrupt(format!(
                    "flag runs of {point} cover more than its {n} intervals"
                )));
            }
            flags.extend(std::iter::repeat_n(flags_from_bits(f), len as usize));
        }
        if flags.len() != n {
            return Err(corrupt(format!(
                "flag runs of {point} cover {} of its {n} intervals",
                flags.len()
            )));
        }
    } else {
        flags.resize(n, CounterFlags::default());
    }
    let deltas = get_column(reader, n, false, "counter deltas")?;
    let mut residuals = vec![0i64; n];
    let exceptions = reader.count("end value exception count", n)?;
    let mut next = 0usize;
    for _ in 0..exceptions {
        let gap = reader.count("end value exception index", n)?;
        let index = next + gap;
        let slot = residuals.get_mut(index).ok_or_else(|| {
            corrupt(format!(
                "end value exception at {index} beyond the {n} intervals of {point}"
            ))
        })?;
        *slot = reader.svarint("end value exception")?;
        next = index + 1;
    }
    let mut previous_end = 0i64;
    let mut values = Vec::with_capacity(n);
    for (i, ((flags, delta), residual)) in flags.into_iter().zip(deltas).zip(residuals).enumerate()
    {
        let base = if i == 0 || flags.reset {
            0
        } else {
            previous_end
        };
        let end_value = base.wrapping_add(delta).wrapping_add(residual);
        previous_end = end_value;
        values.push(CounterInterval {
            point,
            end_value,
            delta,
            flags,
        });
    }
    Ok(values)
}

fn get_stat_body(
    reader: &mut Reader<'_>,
    point: Point,
    n: usize,
) -> Result<Vec<StatInterval>, CodecError> {
    let mean = get_column(reader, n, false, "means")?;
    let low = get_column(reader, n, true, "minimums")?;
    let high = get_column(reader, n, true, "maximums")?;
    Ok(mean
        .into_iter()
        .zip(low)
        .zip(high)
        .map(|((mean, low), high)| stat_from_steps(point, [mean, low, high]))
        .collect())
}

fn read_header(reader: &mut Reader<'_>) -> Result<BlockHeader, CodecError> {
    let version = reader
        .byte("the version byte")
        .map_err(|_| corrupt("interval block is empty"))?;
    if version != BLOCK_FORMAT_VERSION {
        return Err(CodecError::UnsupportedVersion {
            what: "interval block",
            version,
            supported: BLOCK_FORMAT_VERSION,
        });
    }
    let minutes = reader.uvarint("grid step")?;
    let minutes = u16::try_from(minutes)
        .ok()
        .filter(|m| *m > 0)
        .ok_or_else(|| corrupt(format!("grid step of {minutes} minutes")))?;
    let span = reader.uvarint("span")?;
    let span = u32::try_from(span)
        .ok()
        .filter(|s| (1..=MAX_SPAN).contains(s))
        .ok_or_else(|| corrupt(format!("span of {span} grid positions")))?;
    let records = reader.uvarint("record count")?;
    let records = u32::try_from(records)
        .ok()
        .filter(|r| (1..=span).contains(r))
        .ok_or_else(|| corrupt(format!("{records} records in a span of {span}")))?;
    Ok(BlockHeader {
        minutes,
        span,
        records,
    })
}

/// Reads the header of a block without decoding its series.
pub fn block_header(bytes: &[u8]) -> Result<BlockHeader, CodecError> {
    read_header(&mut Reader::new(bytes))
}

struct Block<'a> {
    header: BlockHeader,
    positions: Vec<u32>,
    series: SeriesReader<'a>,
}

struct SeriesReader<'a> {
    reader: Reader<'a>,
    left: usize,
    previous: Option<(bool, u64)>,
}

struct RawSeries<'a> {
    code: u64,
    tag: u8,
    payload: &'a [u8],
}

impl RawSeries<'_> {
    fn is_stat(&self) -> bool {
        self.tag & TAG_STAT != 0
    }
}

impl<'a> SeriesReader<'a> {
    fn next(&mut self) -> Result<Option<RawSeries<'a>>, CodecError> {
        if self.left == 0 {
            self.reader.finish("the last series")?;
            return Ok(None);
        }
        self.left -= 1;
        let code = self.reader.uvarint("series point")?;
        let tag = self.reader.byte("series tag")?;
        if tag & !(TAG_STAT | TAG_OWN_PRESENCE | TAG_FLAGS) != 0
            || (tag & TAG_STAT != 0 && tag & TAG_FLAGS != 0)
        {
            return Err(corrupt(format!("series tag {tag:#04x}")));
        }
        let key = (tag & TAG_STAT != 0, code);
        if self.previous.is_some_and(|p| p >= key) {
            return Err(corrupt("series out of order or repeated"));
        }
        self.previous = Some(key);
        let len = self
            .reader
            .count("series length", self.reader.remaining())?;
        let payload = self.reader.take(len, "series payload")?;
        Ok(Some(RawSeries { code, tag, payload }))
    }
}

fn read_block(bytes: &[u8]) -> Result<Block<'_>, CodecError> {
    let mut reader = Reader::new(bytes);
    let header = read_header(&mut reader)?;
    let positions: Vec<u32> = if header.records < header.span {
        let set = reader.bitmap(header.span as usize, "grid bitmap")?;
        if set.len() != header.records as usize || set.last() != Some(&(header.span as usize - 1)) {
            return Err(corrupt(format!(
                "grid bitmap marks {} positions, the header says {} records ending at {}",
                set.len(),
                header.records,
                header.span - 1
            )));
        }
        set.into_iter().map(|p| p as u32).collect()
    } else {
        (0..header.span).collect()
    };
    let count = reader.count("series count", reader.remaining() / 3)?;
    Ok(Block {
        header,
        positions,
        series: SeriesReader {
            reader,
            left: count,
            previous: None,
        },
    })
}

/// The block's records holding the series, as indices into the block's records.
fn series_members(
    reader: &mut Reader<'_>,
    tag: u8,
    records: usize,
) -> Result<Vec<usize>, CodecError> {
    if tag & TAG_OWN_PRESENCE == 0 {
        return Ok((0..records).collect());
    }
    let members = reader.bitmap(records, "series presence bitmap")?;
    if members.is_empty() {
        return Err(corrupt("series present in no record"));
    }
    Ok(members)
}

fn grid_time(origin: Timestamp, minutes: u16, position: u32) -> Result<Timestamp, CodecError> {
    let offset = SignedDuration::from_mins(i64::from(minutes) * i64::from(position));
    origin.checked_add(offset).map_err(|_| {
        corrupt(format!(
            "grid position {position} from {origin} is beyond the supported time range"
        ))
    })
}

/// Decodes a block into its records of `device`, on the grid from `origin`: the records given
/// to [`encode_block`], with statistics as [`quantize`] makes them.
pub fn decode_block(
    device: &DeviceId,
    origin: Timestamp,
    bytes: &[u8],
) -> Result<Vec<IntervalRecord>, CodecError> {
    let mut block = read_block(bytes)?;
    let minutes = block.header.minutes;
    let mut records = block
        .positions
        .iter()
        .map(|&p| {
            Ok(IntervalRecord::new(
                device.clone(),
                grid_time(origin, minutes, p)?,
                minutes,
            ))
        })
        .collect::<Result<Vec<_>, CodecError>>()?;
    while let Some(series) = block.series.next()? {
        let point = point_from_code(series.code)?;
        let mut reader = Reader::new(series.payload);
        let members = series_members(&mut reader, series.tag, records.len())?;
        if series.is_stat() {
            let values = get_stat_body(&mut reader, point, members.len())?;
            for (member, value) in members.into_iter().zip(values) {
                if let Some(record) = records.get_mut(member) {
                    record.stats.push(value);
                }
            }
        } else {
            let values = get_counter_body(&mut reader, series.tag, point, members.len())?;
            for (member, value) in members.into_iter().zip(values) {
                if let Some(record) = records.get_mut(member) {
                    record.counters.push(value);
                }
            }
        }
        reader.finish(&format!("the series of {point}"))?;
    }
    Ok(records)
}

/// The momentary quantities a block holds statistics of, in canonical order, without decoding
/// any series.
pub fn block_stat_points(bytes: &[u8]) -> Result<Vec<Point>, CodecError> {
    let mut block = read_block(bytes)?;
    let mut points = Vec::new();
    while let Some(series) = block.series.next()? {
        if series.is_stat() {
            points.push(point_from_code(series.code)?);
        }
    }
    Ok(points)
}

/// Finds the series of `point` of the given kind, skipping the others, and returns its payload
/// reader, its members' start times and its tag.
fn find_series<'a>(
    origin: Timestamp,
    bytes: &'a [u8],
    point: Point,
    stat: bool,
) -> Result<Option<(Reader<'a>, Vec<Timestamp>, u8)>, CodecError> {
    let mut block = read_block(bytes)?;
    let wanted = (stat, point_code(point));
    while let Some(series) = block.series.next()? {
        let key = (series.is_stat(), series.code);
        if key > wanted {
            break;
        }
        if key == wanted {
            let mut reader = Reader::new(series.payload);
            let members = series_members(&mut reader, series.tag, block.positions.len())?;
            let times = members
                .into_iter()
                .map(|m| {
                    let position = block.positions.get(m).copied().unwrap_or_default();
                    grid_time(origin, block.header.minutes, position)
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Some((reader, times, series.tag)));
        }
    }
    Ok(None)
}

/// The statistics of `point` in a block, with the start of each interval, without decoding the
/// block's other series. Empty when the block has none.
pub fn decode_stat_series(
    origin: Timestamp,
    bytes: &[u8],
    point: Point,
) -> Result<Vec<(Timestamp, StatInterval)>, CodecError> {
    let Some((mut reader, times, _)) = find_series(origin, bytes, point, true)? else {
        return Ok(Vec::new());
    };
    let values = get_stat_body(&mut reader, point, times.len())?;
    reader.finish(&format!("the series of {point}"))?;
    Ok(times.into_iter().zip(values).collect())
}

/// The counter intervals of `point` in a block, with the start of each interval, without
/// decoding the block's other series. Empty when the block has none.
pub fn decode_counter_series(
    origin: Timestamp,
    bytes: &[u8],
    point: Point,
) -> Result<Vec<(Timestamp, CounterInterval)>, CodecError> {
    let Some((mut reader, times, tag)) = find_series(origin, bytes, point, false)? else {
        return Ok(Vec::new());
    };
    let values = get_counter_body(&mut reader, tag, point, times.len())?;
    reader.finish(&format!("the series of {point}"))?;
    Ok(times.into_iter().zip(values).collect())
}

// ---------------------------------------------------------------------------------------------
// Rollup slot rows.

/// One slot of a rollup row: a counter's amount over a local hour, day or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slot {
    /// The amount, in the counter's canonical unit.
    pub amount: i64,
    /// Minutes of the intervals that had data of the counter.
    pub covered_minutes: i64,
    /// Of those, the minutes whose amount was estimated.
    pub estimated_minutes: i64,
}

impl Slot {
    /// True when the slot holds nothing (every field zero).
    pub fn is_empty(&self) -> bool {
        *self == Slot::default()
    }

    /// Adds `other` field by field; `other` may be a negative delta that takes back an earlier
    /// contribution. Wraps on overflow, so that adding and later subtracting is exact.
    pub fn add(&mut self, other: Slot) {
        self.amount = self.amount.wrapping_add(other.amount);
        self.covered_minutes = self.covered_minutes.wrapping_add(other.covered_minutes);
        self.estimated_minutes = self.estimated_minutes.wrapping_add(other.estimated_minutes);
    }
}

/// Encodes a row of slots; an empty slot costs one byte.
pub fn encode_slots(slots: &[Slot]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + slots.len() * 4);
    out.push(SLOT_FORMAT_VERSION);
    put_len(&mut out, slots.len());
    let mut previous_covered = 0;
    for slot in slots {
        put_slot(&mut out, slot, 0, &mut previous_covered);
    }
    out
}

/// Writes one slot (and its cost, for cost rows), `previous_covered` being the last non-zero
/// covered minutes before it.
fn put_slot(out: &mut Vec<u8>, slot: &Slot, cost: i64, previous_covered: &mut i64) {
    let mut tag = 0;
    if slot.amount != 0 {
        tag |= SLOT_AMOUNT;
    }
    if slot.covered_minutes != 0 {
        tag |= if slot.covered_minutes == *previous_covered {
            SLOT_COVERED_AS_BEFORE
        } else {
            SLOT_COVERED
        };
    }
    if slot.estimated_minutes != 0 {
        tag |= if slot.estimated_minutes == slot.covered_minutes {
            SLOT_ESTIMATED_ALL
        } else {
            SLOT_ESTIMATED
        };
    }
    if cost != 0 {
        tag |= SLOT_COST;
    }
    out.push(tag);
    if tag & SLOT_AMOUNT != 0 {
        put_svarint(out, slot.amount);
    }
    if tag & SLOT_COVERED != 0 {
        put_svarint(out, slot.covered_minutes);
    }
    if tag & SLOT_ESTIMATED != 0 {
        put_svarint(out, slot.estimated_minutes);
    }
    if tag & SLOT_COST != 0 {
        put_svarint(out, cost);
    }
    if slot.covered_minutes != 0 {
        *previous_covered = slot.covered_minutes;
    }
}

/// Reads slot `i` written by [`put_slot`]; `costs` tells whether a cost may follow.
fn read_slot(
    reader: &mut Reader<'_>,
    i: usize,
    costs: bool,
    previous_covered: &mut i64,
) -> Result<(Slot, i64), CodecError> {
    let tag = reader.byte("slot tag")?;
    let known = if costs { 0x3F } else { 0x1F };
    if tag & !known != 0
        || tag & (SLOT_COVERED | SLOT_COVERED_AS_BEFORE) == SLOT_COVERED | SLOT_COVERED_AS_BEFORE
        || tag & (SLOT_ESTIMATED | SLOT_ESTIMATED_ALL) == SLOT_ESTIMATED | SLOT_ESTIMATED_ALL
    {
        return Err(corrupt(format!("slot {i} has tag {tag:#04x}")));
    }
    let mut slot = Slot::default();
    if tag & SLOT_AMOUNT != 0 {
        slot.amount = reader.svarint("slot amount")?;
    }
    if tag & SLOT_COVERED != 0 {
        slot.covered_minutes = reader.svarint("slot covered minutes")?;
    } else if tag & SLOT_COVERED_AS_BEFORE != 0 {
        if *previous_covered == 0 {
            return Err(corrupt(format!(
                "slot {i} repeats covered minutes, but none came before"
            )));
        }
        slot.covered_minutes = *previous_covered;
    }
    if tag & SLOT_ESTIMATED != 0 {
        slot.estimated_minutes = reader.svarint("slot estimated minutes")?;
    } else if tag & SLOT_ESTIMATED_ALL != 0 {
        slot.estimated_minutes = slot.covered_minutes;
    }
    let cost = if tag & SLOT_COST != 0 {
        reader.svarint("slot cost")?
    } else {
        0
    };
    if slot.covered_minutes != 0 {
        *previous_covered = slot.covered_minutes;
    }
    Ok((slot, cost))
}

/// Reads the version byte of a row.
fn row_version(
    reader: &mut Reader<'_>,
    what: &'static str,
    supported: u8,
) -> Result<(), CodecError> {
    let version = reader
        .byte("the version byte")
        .map_err(|_| corrupt(format!("{what} is empty")))?;
    if version != supported {
        return Err(CodecError::UnsupportedVersion {
            what,
            version,
            supported,
        });
    }
    Ok(())
}

/// Decodes a row written by [`encode_slots`].
pub fn decode_slots(bytes: &[u8]) -> Result<Vec<Slot>, CodecError> {
    let mut reader = Reader::new(bytes);
    row_version(&mut reader, "slot row", SLOT_FORMAT_VERSION)?;
    let count = reader.count("slot count", reader.remaining())?;
    let mut slots = Vec::with_capacity(count);
    let mut previous_covered = 0;
    for i in 0..count {
        slots.push(read_slot(&mut reader, i, false, &mut previous_covered)?.0);
    }
    reader.finish("the last slot")?;
    Ok(slots)
}

/// One priced counter at one tariff in a cost row: its amount and cost per slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostEntry {
    /// The counter's point id.
    pub point: i64,
    /// The tariff's id.
    pub tariff: i64,
    /// The amount and cost of each slot (hour, day or month).
    pub slots: Vec<TariffSlot>,
}

/// Encodes a cost row; an empty slot costs one byte.
pub fn encode_cost_row(entries: &[CostEntry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + entries.len() * 32);
    out.push(COST_ROW_FORMAT_VERSION);
    put_len(&mut out, entries.len());
    for entry in entries {
        put_uvarint(&mut out, entry.point as u64);
        put_uvarint(&mut out, entry.tariff as u64);
        put_len(&mut out, entry.slots.len());
        let mut previous_covered = 0;
        for slot in &entry.slots {
            put_slot(&mut out, &slot.quantity, slot.cost, &mut previous_covered);
        }
    }
    out
}

/// Decodes a row written by [`encode_cost_row`].
pub fn decode_cost_row(bytes: &[u8]) -> Result<Vec<CostEntry>, CodecError> {
    let mut reader = Reader::new(bytes);
    row_version(&mut reader, "cost row", COST_ROW_FORMAT_VERSION)?;
    let count = reader.count("entry count", reader.remaining())?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let id = |v: u64, what: &str| {
            i64::try_from(v).map_err(|_| corrupt(format!("{what} {v} is out of range")))
        };
        let point = id(reader.uvarint("entry point")?, "point id")?;
        let tariff = id(reader.uvarint("entry tariff")?, "tariff id")?;
        let slot_count = reader.count("slot count", reader.remaining())?;
        let mut slots = Vec::with_capacity(slot_count);
        let mut previous_covered = 0;
        for i in 0..slot_count {
            let (quantity, cost) = read_slot(&mut reader, i, true, &mut previous_covered)?;
            slots.push(TariffSlot { quantity, cost });
        }
        entries.push(CostEntry {
            point,
            tariff,
            slots,
        });
    }
    reader.finish("the last entry")?;
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn point(name: &str) -> Point {
        Point::from_name(name).unwrap()
    }

    fn device() -> DeviceId {
        DeviceId::new("main").unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn at(origin: Timestamp, minutes: u16, k: i64) -> Timestamp {
        origin + SignedDuration::from_mins(i64::from(minutes) * k)
    }

    fn counter(name: &str, end_value: i64, delta: i64) -> CounterInterval {
        CounterInterval {
            point: point(name),
            end_value,
            delta,
            flags: CounterFlags::default(),
        }
    }

    fn stat(name: &str, mean: f64, min: f64, max: f64) -> StatInterval {
        StatInterval {
            point: point(name),
            mean,
            min,
            max,
        }
    }

    /// Encodes, decodes and checks the round trip and the series queries; returns the blob.
    fn round_trip(minutes: u16, origin: Timestamp, records: &[IntervalRecord]) -> Vec<u8> {
        let bytes = encode_block(minutes, origin, records).unwrap();
        let decoded = decode_block(&records[0].device, origin, &bytes).unwrap();
        let expected: Vec<IntervalRecord> = records.iter().map(quantize).collect();
        assert_eq!(decoded, expected);
        let header = block_header(&bytes).unwrap();
        assert_eq!(header.minutes, minutes);
        assert_eq!(header.records as usize, records.len());
        let last = records.last().unwrap().start.duration_since(origin);
        assert_eq!(
            i64::from(header.span),
            last.as_mins() / i64::from(minutes) + 1
        );
        for p in Point::all() {
            let stats: Vec<_> = expected
                .iter()
                .filter_map(|r| r.stat(p).map(|s| (r.start, *s)))
                .collect();
            assert_eq!(decode_stat_series(origin, &bytes, p).unwrap(), stats);
            let counters: Vec<_> = expected
                .iter()
                .filter_map(|r| r.counter(p).map(|c| (r.start, *c)))
                .collect();
            assert_eq!(decode_counter_series(origin, &bytes, p).unwrap(), counters);
        }
        bytes
    }

    fn record(start: Timestamp, minutes: u16) -> IntervalRecord {
        IntervalRecord::new(device(), start, minutes)
    }

    #[test]
    fn resolution_is_finer_than_any_meter() {
        assert_eq!(resolution_decimals(Unit::Volt), 2);
        assert_eq!(resolution_decimals(Unit::Ampere), 3);
        assert_eq!(resolution_decimals(Unit::Watt), 1);
        assert_eq!(resolution_decimals(Unit::Var), 1);
        assert_eq!(resolution_decimals(Unit::VoltAmpere), 1);
        assert_eq!(resolution_decimals(Unit::One), 4);
        assert_eq!(resolution_decimals(Unit::Hertz), 3);
        assert_eq!(resolution_decimals(Unit::Percent), 2);
        assert_eq!(resolution_decimals(Unit::Celsius), 3);
        assert_eq!(quantize_value(Unit::Volt, 230.1249), 230.12);
        assert_eq!(quantize_value(Unit::Watt, -1234.56), -1234.6);
        assert!(quantize_value(Unit::Watt, f64::NAN).is_nan());
    }

    #[test]
    fn a_block_with_gaps_round_trips() {
        let origin = ts("2026-03-10T00:00:00Z");
        let mut records = Vec::new();
        let mut end = 1_000_000;
        for k in [1, 2, 3, 7, 8, 20, 95] {
            let mut r = record(at(origin, 15, k), 15);
            end += 250 + k;
            r.set_counter(counter("energy_active_import", end, 250 + k));
            r.set_stat(stat("voltage_l1", 230.0 + k as f64 / 10.0, 229.0, 232.5));
            records.push(r);
        }
        let bytes = round_trip(15, origin, &records);
        let header = block_header(&bytes).unwrap();
        assert_eq!(
            header,
            BlockHeader {
                minutes: 15,
                span: 96,
                records: 7
            }
        );
    }

    #[test]
    fn a_reset_interval_round_trips() {
        let origin = ts("2026-03-10T00:00:00Z");
        let mut records = Vec::new();
        let ends = [
            (5_000, 100, false),
            (5_120, 120, false),
            (40, 40, true),
            (90, 50, false),
        ];
        for (k, (end, delta, reset)) in ends.into_iter().enumerate() {
            let mut r = record(at(origin, 15, k as i64), 15);
            r.set_counter(CounterInterval {
                flags: CounterFlags {
                    estimated: false,
                    reset,
                },
                ..counter("gas_volume", end, delta)
            });
            records.push(r);
        }
        // A reset to a non-zero level.
        records[2].counters[0].end_value = 7_777;
        records[3].counters[0].end_value = 7_827;
        round_trip(15, origin, &records);
    }

    #[test]
    fn an_estimated_run_round_trips() {
        let origin = ts("2026-03-10T00:00:00Z");
        let mut records = Vec::new();
        let mut end = 42;
        for k in 0..20 {
            let mut r = record(at(origin, 5, k), 5);
            let estimated = (6..13).contains(&k);
            let delta = if estimated { 33 } else { 30 + k % 3 };
            end += delta;
            r.set_counter(CounterInterval {
                flags: CounterFlags {
                    estimated,
                    reset: false,
                },
                ..counter("energy_active_import", end, delta)
            });
            records.push(r);
        }
        round_trip(5, origin, &records);
    }

    #[test]
    fn a_series_missing_from_some_records_round_trips() {
        let origin = ts("2026-03-10T00:00:00Z");
        let mut records = Vec::new();
        for k in 0..12 {
            let mut r = record(at(origin, 60, k), 60);
            if k % 3 != 1 {
                r.set_counter(counter("energy_active_import", 1_000 + 10 * k, 10));
            }
            if k != 5 {
                r.set_stat(stat("frequency", 50.0 + k as f64 / 1000.0, 49.95, 50.04));
            }
            if k >= 10 {
                r.set_stat(stat("power_factor", 0.97, 0.91, 0.99));
            }
            records.push(r);
        }
        // A record holding nothing at all is kept too.
        records.push(record(at(origin, 60, 13), 60));
        round_trip(60, origin, &records);
    }

    #[test]
    fn one_record_blocks_round_trip() {
        let origin = ts("2026-03-10T00:00:00Z");
        let mut r = record(at(origin, 15, 37), 15);
        r.set_counter(counter("energy_active_import", 12_345_678, 612));
        r.set_stat(stat("active_power", 2448.37, 1210.0, 4020.04));
        let bytes = round_trip(15, origin, std::slice::from_ref(&r));
        assert_eq!(block_header(&bytes).unwrap().span, 38);
        round_trip(15, r.start, std::slice::from_ref(&r));
        round_trip(15, origin, &[record(origin, 15)]);
    }

    #[test]
    fn negative_values_round_trip() {
        let origin = ts("2026-06-21T00:00:00Z");
        let mut records = Vec::new();
        for k in 0..8 {
            let mut r = record(at(origin, 15, k), 15);
            let p = -3000.0 + 400.0 * k as f64;
            r.set_stat(stat("active_power", p, p - 150.25, p + 99.97));
            r.set_stat(stat("power_factor", -0.93, -0.99, -0.9));
            r.set_counter(counter("energy_active_export", -5 - k, -1));
            records.push(r);
        }
        round_trip(15, origin, &records);
    }

    #[test]
    fn a_25_hour_day_round_trips() {
        // Europe/Berlin, 2025-10-26: local midnight to midnight is 25 hours.
        let origin = ts("2025-10-25T22:00:00Z");
        let records: Vec<_> = (0..100)
            .map(|k| {
                let mut r = record(at(origin, 15, k), 15);
                r.set_counter(counter("energy_active_import", 10_000 + 100 * k, 100));
                r
            })
            .collect();
        let bytes = round_trip(15, origin, &records);
        assert_eq!(block_header(&bytes).unwrap().span, 100);
    }

    #[test]
    fn extreme_counters_round_trip_exactly() {
        let origin = ts("2026-03-10T00:00:00Z");
        let values = [
            (i64::MAX, i64::MIN),
            (i64::MIN, i64::MAX),
            (0, -1),
            (i64::MAX, 1),
        ];
        let records: Vec<_> = values
            .iter()
            .enumerate()
            .map(|(k, &(end, delta))| {
                let mut r = record(at(origin, 1, k as i64), 1);
                r.set_counter(counter("run_time", end, delta));
                r.set_stat(stat("current_l1", 4.6e15, -4.6e15, 4.6e15));
                r
            })
            .collect();
        round_trip(1, origin, &records);
    }

    #[test]
    fn a_minimum_above_the_mean_is_clamped_to_it() {
        let s = quantize_stat(&stat("voltage_l1", 230.0, 231.0, 229.0));
        assert_eq!((s.min, s.mean, s.max), (230.0, 230.0, 230.0));
        let origin = ts("2026-03-10T00:00:00Z");
        let mut r = record(origin, 15);
        r.set_stat(stat("voltage_l1", 230.004, 230.006, 231.0));
        let decoded = decode_block(&device(), origin, &encode_block(15, origin, &[r]).unwrap());
        let s = decoded.unwrap()[0].stats[0];
        assert_eq!((s.min, s.mean, s.max), (230.0, 230.0, 231.0));
    }

    #[test]
    fn invalid_blocks_are_refused_with_the_reason() {
        let origin = ts("2026-03-10T00:00:00Z");
        assert_eq!(encode_block(15, origin, &[]), Err(CodecError::Empty));
        let a = record(origin, 15);
        let mut b = record(at(origin, 15, 1), 15);
        b.device = DeviceId::new("other").unwrap();
        let err = encode_block(15, origin, &[a.clone(), b]).unwrap_err();
        assert!(err.to_string().contains("\"other\""), "{err}");
        let err = encode_block(15, origin, &[record(at(origin, 1, 7), 15)]).unwrap_err();
        assert!(matches!(err, CodecError::Misaligned { .. }), "{err}");
        let err = encode_block(15, origin, &[record(at(origin, 15, -1), 15)]).unwrap_err();
        assert!(matches!(err, CodecError::BeforeOrigin { .. }), "{err}");
        let later = record(at(origin, 15, 2), 15);
        let err = encode_block(15, origin, &[later.clone(), a.clone()]).unwrap_err();
        assert_eq!(err, CodecError::Unsorted { start: origin });
        let err = encode_block(15, origin, &[later.clone(), later]).unwrap_err();
        assert!(matches!(err, CodecError::Unsorted { .. }), "{err}");
        let err = encode_block(15, origin, &[record(origin, 5)]).unwrap_err();
        assert!(err.to_string().contains("lasts 5 minutes"), "{err}");
        assert_eq!(
            encode_block(0, origin, &[record(origin, 0)]),
            Err(CodecError::ZeroMinutes)
        );
        let far = record(at(origin, 15, i64::from(MAX_SPAN)), 15);
        let err = encode_block(15, origin, &[far]).unwrap_err();
        assert!(matches!(err, CodecError::TooLong { .. }), "{err}");

        let mut nan = a.clone();
        nan.set_stat(stat("voltage_l2", 230.0, f64::NAN, 231.0));
        let err = encode_block(15, origin, &[nan]).unwrap_err();
        assert!(err.to_string().contains("voltage_l2"), "{err}");
        assert!(matches!(err, CodecError::NonFinite { .. }));
        let mut huge = a.clone();
        huge.set_stat(stat("active_power", 1e18, 0.0, 1e18));
        let err = encode_block(15, origin, &[huge]).unwrap_err();
        assert!(err.to_string().contains("active_power"), "{err}");
        assert!(matches!(err, CodecError::OutOfRange { .. }));
        let mut unsorted = a;
        unsorted.stats = vec![
            stat("current_l2", 1.0, 1.0, 1.0),
            stat("current_l1", 1.0, 1.0, 1.0),
        ];
        let err = encode_block(15, origin, &[unsorted]).unwrap_err();
        assert!(err.to_string().contains("current_l1"), "{err}");
    }

    #[test]
    fn unknown_versions_are_refused() {
        let origin = ts("2026-03-10T00:00:00Z");
        let mut bytes = encode_block(15, origin, &[record(origin, 15)]).unwrap();
        bytes[0] = 2;
        let err = decode_block(&device(), origin, &bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "interval block has format version 2; this build reads version 1"
        );
        assert!(block_header(&bytes).is_err());
        let mut row = encode_slots(&[Slot::default()]);
        row[0] = 9;
        let err = decode_slots(&row).unwrap_err();
        assert_eq!(
            err.to_string(),
            "slot row has format version 9; this build reads version 1"
        );
        assert!(matches!(
            decode_block(&device(), origin, &[]),
            Err(CodecError::Corrupt(_))
        ));
    }

    #[test]
    fn trailing_bytes_are_corrupt() {
        let origin = ts("2026-03-10T00:00:00Z");
        let mut bytes = encode_block(15, origin, &[record(origin, 15)]).unwrap();
        bytes.push(0);
        let err = decode_block(&device(), origin, &bytes).unwrap_err();
        assert!(err.to_string().contains("unexpected bytes"), "{err}");
    }

    #[test]
    fn an_empty_slot_costs_one_byte() {
        let empty = encode_slots(&[Slot::default(); 24]);
        assert_eq!(empty.len(), 2 + 24);
        let full = encode_slots(&[Slot::default(); 31]);
        assert_eq!(full.len(), 2 + 31);
        assert!(Slot::default().is_empty());
        assert!(decode_slots(&empty).unwrap().iter().all(Slot::is_empty));
    }

    #[test]
    fn slot_rows_round_trip() {
        let mut slots = vec![Slot::default(); 24];
        for (h, slot) in slots.iter_mut().enumerate().skip(3) {
            *slot = Slot {
                amount: 400 + 17 * h as i64,
                covered_minutes: 60,
                estimated_minutes: if h == 7 {
                    60
                } else if h == 8 {
                    15
                } else {
                    0
                },
            };
        }
        slots[23].covered_minutes = 45;
        slots[12].amount = 0;
        let bytes = encode_slots(&slots);
        assert_eq!(decode_slots(&bytes).unwrap(), slots);
        assert!(bytes.len() < 24 * 3 + 2, "{} bytes", bytes.len());
    }

    #[test]
    fn adding_a_slot_and_its_negative_restores_it() {
        let mut slot = Slot {
            amount: 10,
            covered_minutes: 15,
            estimated_minutes: 0,
        };
        let delta = Slot {
            amount: 250,
            covered_minutes: 15,
            estimated_minutes: 15,
        };
        slot.add(delta);
        assert_eq!(
            slot,
            Slot {
                amount: 260,
                covered_minutes: 30,
                estimated_minutes: 15
            }
        );
        slot.add(Slot {
            amount: -250,
            covered_minutes: -15,
            estimated_minutes: -15,
        });
        assert_eq!(slot.amount, 10);
        assert_eq!(slot.covered_minutes, 15);
        assert_eq!(slot.estimated_minutes, 0);
    }

    /// A deterministic generator (SplitMix64).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn uniform(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }

        fn between(&mut self, low: f64, high: f64) -> f64 {
            low + (high - low) * self.uniform()
        }

        /// Roughly standard normal (sum of twelve uniforms).
        fn normal(&mut self) -> f64 {
            (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
        }
    }

    /// 96 quarter hours of a three-phase household meter: a smooth daily load of a few kW with
    /// a few % noise, 230 V ± 1 %.
    fn realistic_day(origin: Timestamp) -> Vec<IntervalRecord> {
        let mut rng = Rng(0x5EED);
        let shares = [0.45, 0.33, 0.22];
        let offsets = [0.6, -0.4, 0.1];
        let mut import = 12_345_678i64;
        let export = 54_321i64;
        let mut carry = 0.0;
        (0..96)
            .map(|k| {
                let hour = (k as f64 + 0.5) / 4.0;
                let bump = |centre: f64, width: f64| (-((hour - centre) / width).powi(2)).exp();
                let load = 700.0
                    + 1800.0 * bump(7.5, 1.2)
                    + 2600.0 * bump(19.0, 2.2)
                    + 600.0 * bump(13.0, 3.0);
                let swing = 1.3 * (std::f64::consts::TAU * (hour - 4.0) / 24.0).sin();
                let mut r = record(at(origin, 15, k), 15);
                let mut total = [0.0; 3];
                for phase in 0..3 {
                    let name = |q: &str| format!("{q}_l{}", phase + 1);
                    let volts = 230.0 - swing + offsets[phase] + 0.3 * rng.normal();
                    let v_low = volts - rng.between(0.4, 2.0);
                    let v_high = volts + rng.between(0.4, 2.0);
                    let watts = shares[phase] * load * (1.0 + 0.03 * rng.normal());
                    let w_low = watts * (1.0 - rng.between(0.03, 0.25));
                    let w_high = watts * (1.0 + rng.between(0.05, 0.4));
                    let pf = 0.95;
                    r.set_stat(stat(&name("voltage"), volts, v_low, v_high));
                    r.set_stat(stat(&name("active_power"), watts, w_low, w_high));
                    r.set_stat(stat(
                        &name("current"),
                        watts / volts / pf,
                        w_low / v_high / pf,
                        w_high / v_low / pf,
                    ));
                    total[0] += watts;
                    total[1] += w_low;
                    total[2] += w_high;
                }
                r.set_stat(stat(
                    "active_power",
                    total[0],
                    total[0] - 0.6 * (total[0] - total[1]),
                    total[0] + 0.6 * (total[2] - total[0]),
                ));
                let energy = total[0] / 4.0 + carry;
                let delta = energy.floor();
                carry = energy - delta;
                import += delta as i64;
                r.set_counter(counter("energy_active_import", import, delta as i64));
                r.set_counter(counter("energy_active_export", export, 0));
                r
            })
            .collect()
    }

    #[test]
    fn a_realistic_day_costs_at_most_two_bytes_per_value() {
        let origin = ts("2026-03-10T00:00:00Z");
        let day = realistic_day(origin);
        let bytes = round_trip(15, origin, &day);
        let values: usize = day.iter().map(IntervalRecord::value_count).sum();
        let per_value = bytes.len() as f64 / values as f64;
        println!(
            "realistic day: {} bytes for {values} values, {per_value:.3} bytes per value",
            bytes.len()
        );
        assert!(per_value <= 2.0, "{per_value:.3} bytes per value");

        let one = &day[48..49];
        let single = round_trip(15, origin, one);
        let values = one[0].value_count();
        println!(
            "one-record block: {} bytes for {values} values, {:.3} bytes per value",
            single.len(),
            single.len() as f64 / values as f64
        );
    }

    // -----------------------------------------------------------------------------------------
    // Properties.

    const COUNTERS: [&str; 3] = ["energy_active_import", "energy_active_export", "gas_volume"];
    const STATS: [&str; 4] = ["voltage_l1", "active_power", "power_factor", "frequency"];

    #[derive(Debug, Clone)]
    struct RawCounter {
        delta: i64,
        jump: i64,
        consistent: bool,
        flags: u8,
    }

    fn arb_stat_value() -> impl Strategy<Value = f64> {
        prop_oneof![
            -1e4..1e4f64,
            -1e12..1e12f64,
            -1.0..1.0f64,
            Just(0.0),
            Just(-0.0),
        ]
    }

    fn arb_counter() -> impl Strategy<Value = RawCounter> {
        (
            prop_oneof![0i64..2_000, any::<i64>(), -50i64..50],
            prop_oneof![Just(0i64), any::<i64>(), -1000i64..1000],
            any::<bool>(),
            0u8..4,
        )
            .prop_map(|(delta, jump, consistent, flags)| RawCounter {
                delta,
                jump,
                consistent,
                flags,
            })
    }

    type RawRecord = (Vec<Option<RawCounter>>, Vec<Option<(f64, f64, f64)>>);

    fn arb_raw_record() -> impl Strategy<Value = RawRecord> {
        (
            proptest::collection::vec(proptest::option::weighted(0.7, arb_counter()), 3),
            proptest::collection::vec(
                proptest::option::weighted(
                    0.7,
                    (arb_stat_value(), arb_stat_value(), arb_stat_value()),
                ),
                4,
            ),
        )
    }

    fn arb_block() -> impl Strategy<Value = (u16, Timestamp, Vec<IntervalRecord>)> {
        (
            prop::sample::select(vec![1u16, 5, 15, 60]),
            0i64..1_000_000,
            proptest::collection::btree_set(0u32..300, 1..40),
        )
            .prop_flat_map(|(minutes, origin_minutes, positions)| {
                let n = positions.len();
                (
                    Just(minutes),
                    Just(origin_minutes),
                    Just(positions),
                    proptest::collection::vec(arb_raw_record(), n),
                )
            })
            .prop_map(|(minutes, origin_minutes, positions, raw)| {
                let origin = at(ts("2020-01-01T00:00:00Z"), 1, origin_minutes);
                let mut ends = [0i64; 3];
                let records = positions
                    .into_iter()
                    .zip(raw)
                    .map(|(k, (counters, stats))| {
                        let mut r = record(at(origin, minutes, i64::from(k)), minutes);
                        for (i, c) in counters.into_iter().enumerate() {
                            if let Some(c) = c {
                                let end = if c.consistent {
                                    ends[i].wrapping_add(c.delta)
                                } else {
                                    c.jump
                                };
                                ends[i] = end;
                                r.set_counter(CounterInterval {
                                    point: point(COUNTERS[i]),
                                    end_value: end,
                                    delta: c.delta,
                                    flags: flags_from_bits(c.flags),
                                });
                            }
                        }
                        for (i, s) in stats.into_iter().enumerate() {
                            if let Some((mean, min, max)) = s {
                                r.set_stat(stat(STATS[i], mean, min, max));
                            }
                        }
                        r
                    })
                    .collect();
                (minutes, origin, records)
            })
    }

    fn arb_slot() -> impl Strategy<Value = Slot> {
        prop_oneof![
            Just(Slot::default()),
            (any::<i64>(), any::<i64>(), any::<i64>()).prop_map(|(a, c, e)| Slot {
                amount: a,
                covered_minutes: c,
                estimated_minutes: e,
            }),
            (
                -5_000i64..5_000,
                prop::sample::select(vec![0i64, 15, 45, 60]),
                0i64..3
            )
                .prop_map(|(a, c, e)| Slot {
                    amount: a,
                    covered_minutes: c,
                    estimated_minutes: [0, c, 15][e as usize],
                }),
        ]
    }

    fn arb_cost_row() -> impl Strategy<Value = Vec<CostEntry>> {
        let entry = (
            0i64..1 << 40,
            0i64..1 << 40,
            proptest::collection::vec((arb_slot(), any::<i64>()), 0..26),
        )
            .prop_map(|(point, tariff, slots)| CostEntry {
                point,
                tariff,
                slots: slots
                    .into_iter()
                    .map(|(quantity, cost)| TariffSlot { quantity, cost })
                    .collect(),
            });
        proptest::collection::vec(entry, 0..6)
    }

    /// Runs every decoder on `bytes`; none may panic.
    fn decode_everything(bytes: &[u8]) {
        let origin = ts("2026-03-10T00:00:00Z");
        let _ = block_header(bytes);
        let _ = decode_block(&device(), origin, bytes);
        for name in STATS {
            let _ = decode_stat_series(origin, bytes, point(name));
        }
        for name in COUNTERS {
            let _ = decode_counter_series(origin, bytes, point(name));
        }
        let _ = decode_slots(bytes);
        let _ = decode_cost_row(bytes);
    }

    proptest! {
        #[test]
        fn random_blocks_round_trip((minutes, origin, records) in arb_block()) {
            let bytes = encode_block(minutes, origin, &records).unwrap();
            let decoded = decode_block(&device(), origin, &bytes).unwrap();
            let expected: Vec<IntervalRecord> = records.iter().map(quantize).collect();
            prop_assert_eq!(&decoded, &expected);
            for name in STATS {
                let p = point(name);
                let series: Vec<_> = expected
                    .iter()
                    .filter_map(|r| r.stat(p).map(|s| (r.start, *s)))
                    .collect();
                prop_assert_eq!(decode_stat_series(origin, &bytes, p).unwrap(), series);
            }
            for name in COUNTERS {
                let p = point(name);
                let series: Vec<_> = expected
                    .iter()
                    .filter_map(|r| r.counter(p).map(|c| (r.start, *c)))
                    .collect();
                prop_assert_eq!(decode_counter_series(origin, &bytes, p).unwrap(), series);
            }
            // Stored statistics keep their order.
            for s in decoded.iter().flat_map(|r| &r.stats) {
                prop_assert!(s.min <= s.mean && s.mean <= s.max, "{:?}", s);
            }
        }

        #[test]
        fn random_slot_rows_round_trip(slots in proptest::collection::vec(arb_slot(), 0..40)) {
            let bytes = encode_slots(&slots);
            prop_assert_eq!(decode_slots(&bytes).unwrap(), slots);
        }

        #[test]
        fn random_cost_rows_round_trip(entries in arb_cost_row()) {
            let bytes = encode_cost_row(&entries);
            prop_assert_eq!(decode_cost_row(&bytes).unwrap(), entries);
        }

        #[test]
        fn decoding_damaged_cost_rows_never_panics(
            entries in arb_cost_row(),
            cut in any::<prop::sample::Index>(),
            flip in any::<prop::sample::Index>(),
            bit in 0u8..8,
        ) {
            let bytes = encode_cost_row(&entries);
            prop_assert!(decode_cost_row(&bytes[..cut.index(bytes.len())]).is_err());
            let mut flipped = bytes.clone();
            flipped[flip.index(bytes.len())] ^= 1 << bit;
            let _ = decode_cost_row(&flipped);
        }

        #[test]
        fn decoding_random_bytes_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..300),
            versioned in any::<bool>(),
        ) {
            let mut bytes = bytes;
            if versioned && !bytes.is_empty() {
                bytes[0] = BLOCK_FORMAT_VERSION;
            }
            decode_everything(&bytes);
        }

        #[test]
        fn decoding_damaged_blocks_never_panics(
            (minutes, origin, records) in arb_block(),
            cut in any::<prop::sample::Index>(),
            flip in any::<prop::sample::Index>(),
            bit in 0u8..8,
        ) {
            let bytes = encode_block(minutes, origin, &records).unwrap();
            let truncated = &bytes[..cut.index(bytes.len())];
            prop_assert!(decode_block(&device(), origin, truncated).is_err());
            decode_everything(truncated);
            let mut flipped = bytes.clone();
            flipped[flip.index(bytes.len())] ^= 1 << bit;
            decode_everything(&flipped);
        }

        #[test]
        fn decoding_damaged_slot_rows_never_panics(
            slots in proptest::collection::vec(arb_slot(), 0..40),
            cut in any::<prop::sample::Index>(),
            flip in any::<prop::sample::Index>(),
            bit in 0u8..8,
        ) {
            let bytes = encode_slots(&slots);
            prop_assert!(decode_slots(&bytes[..cut.index(bytes.len())]).is_err());
            let mut flipped = bytes.clone();
            flipped[flip.index(bytes.len())] ^= 1 << bit;
            let _ = decode_slots(&flipped);
        }
    }
}
