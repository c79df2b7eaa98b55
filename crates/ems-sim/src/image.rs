//! The register image of a simulated device: which words a read of (table, start, count) returns.
//!
//! Built once per device from its profile: per table, the mapped registers sorted by address,
//! each with its codec, the model quantity it shows, its fixed SunSpec exponent and the words it
//! holds under the `nan` fault. A read walks the entries that overlap the requested range (a
//! binary search finds the first), so serving it costs the registers read and nothing else.
//!
//! Rules, as a real device applies them:
//! - more registers than the profile's `max_block_registers` in one read: exception 0x03;
//! - every word read must be a mapped register (a value, a scale-factor register, an identify
//!   register), or lie in a gap between two mapped registers of at most `max_gap_registers`
//!   words, or be a holding register written before; otherwise exception 0x02;
//! - gap words read as 0 (or as last written);
//! - a read may start or end inside a multi-word register: the words in range are returned;
//! - a one-word read of an identify register answers its identification value, even where the
//!   register lies inside a value register (a Carlo Gavazzi EM340 answers its identification code
//!   at 000Bh read alone, and the high word of V L3-L1 in a longer read).

use crate::model::{PlantModel, Snapshot};
use crate::quantity::Quantity;
use ems_modbus::pdu::ExceptionCode;
use ems_model::Point;
use ems_profile::codec::EXPONENT_NOT_IMPLEMENTED;
use ems_profile::schema::{ByteOrder, WordOrder};
use ems_profile::{DecodeContext, Profile, Register, RegisterCodec, RegisterType, Table};
use std::collections::BTreeMap;

/// The smallest exponent tried for a SunSpec scale-factor register.
const MIN_EXPONENT: i16 = -3;
/// The largest exponent tried for a SunSpec scale-factor register.
const MAX_EXPONENT: i16 = 9;

/// A register whose codec cannot be built from the profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("registers[{index}]: {source}")]
pub struct ImageError {
    /// Index of the register in the profile.
    pub index: usize,
    /// Why.
    #[source]
    pub source: ems_profile::codec::UnitMismatch,
}

/// Holding registers written by clients, by address.
pub(crate) type Written = BTreeMap<u16, u16>;

#[derive(Debug, Clone)]
enum Content {
    /// A point's value, encoded on every read.
    Value {
        codec: RegisterCodec,
        quantity: Option<Quantity>,
        exponent: Option<i16>,
        /// Counters in unsigned or signed integer registers wrap at this many canonical units.
        wrap: Option<f64>,
        nan: [u16; 4],
    },
    /// Words that never change (scale factors, identification).
    Fixed([u16; 4]),
}

#[derive(Debug, Clone)]
struct Entry {
    address: u16,
    words: u16,
    /// The gap before this entry (from the end of the previous one) may be read through.
    gap_readable: bool,
    content: Content,
}

impl Entry {
    fn end(&self) -> u32 {
        u32::from(self.address) + u32::from(self.words)
    }
}

/// The register image of one profile served from one plant model.
#[derive(Debug, Clone)]
pub struct RegisterImage {
    holding: Vec<Entry>,
    input: Vec<Entry>,
    max_block: u16,
    context: DecodeContext,
    exponents: BTreeMap<(Table, u16), i16>,
    /// The identification value of each identify register, answered to a one-word read.
    identification: BTreeMap<(Table, u16), u16>,
}

/// The bits of a value of `words` words as the device would hold them.
fn split(bits: u64, words: u16, word_order: WordOrder, byte_order: ByteOrder) -> [u16; 4] {
    let len = usize::from(words.min(4));
    let mut out = [0u16; 4];
    for (i, w) in out.iter_mut().take(len).enumerate() {
        *w = (bits >> (16 * (len - 1 - i))) as u16;
    }
    if word_order == WordOrder::Little {
        out[..len].reverse();
    }
    if byte_order == ByteOrder::Little {
        for w in &mut out[..len] {
            *w = w.swap_bytes();
        }
    }
    out
}

/// The largest magnitude a register type holds, or `None` for floats.
fn type_max(ty: RegisterType) -> Option<f64> {
    match ty {
        RegisterType::U16 => Some(f64::from(u16::MAX)),
        RegisterType::I16 => Some(f64::from(i16::MAX)),
        RegisterType::U32 => Some(f64::from(u32::MAX)),
        RegisterType::I32 => Some(f64::from(i32::MAX)),
        RegisterType::U64 => Some(u64::MAX as f64),
        RegisterType::I64 => Some(i64::MAX as f64),
        RegisterType::F32 | RegisterType::F64 => None,
    }
}

/// The factor from a register's raw number to its point's canonical unit, exponent aside.
fn factor(register: &Register) -> f64 {
    register
        .unit
        .convert(register.scale, register.point.unit())
        .unwrap_or(1.0)
        .abs()
}

fn power_of_ten(exponent: i16) -> f64 {
    10f64.powi(i32::from(exponent))
}

impl RegisterImage {
    /// Builds the image of `profile` for a device running `model`.
    ///
    /// Every SunSpec scale-factor register gets the smallest exponent (from 10⁻³ up) with which
    /// every value using it fits its register at the model's peak (for counters: the starting
    /// value plus a year at peak power). `context` carries the device's CT and VT ratios.
    pub fn new(
        profile: &Profile,
        model: &PlantModel,
        context: DecodeContext,
    ) -> Result<Self, ImageError> {
        let exponents = choose_exponents(profile, model);
        let mut holding = Vec::new();
        let mut input = Vec::new();
        for (index, register) in profile.registers.iter().enumerate() {
            let codec = RegisterCodec::new(register, &profile.modbus)
                .map_err(|source| ImageError { index, source })?;
            let exponent = register
                .scale_exponent_address
                .map(|a| exponents.get(&(register.table, a)).copied().unwrap_or(0));
            let word_order = register.word_order.unwrap_or(profile.modbus.word_order);
            let byte_order = register.byte_order.unwrap_or(profile.modbus.byte_order);
            let words = register.ty.words();
            let nan = match register.ty {
                RegisterType::F32 | RegisterType::F64 => {
                    let raw = codec.encode(f64::NAN, exponent, &context);
                    let mut out = [0u16; 4];
                    for (o, w) in out.iter_mut().zip(raw.as_slice()) {
                        *o = *w;
                    }
                    out
                }
                _ => {
                    let all_ones = if words >= 4 {
                        u64::MAX
                    } else {
                        (1u64 << (16 * words)) - 1
                    };
                    let bits = register.sentinels.first().copied().unwrap_or(all_ones);
                    split(bits, words, word_order, byte_order)
                }
            };
            let wrap = match (register.point.is_counter(), type_max(register.ty)) {
                (true, Some(max)) => {
                    let exp = power_of_ten(exponent.unwrap_or(0));
                    Some((max + 1.0) * factor(register) * exp)
                }
                _ => None,
            };
            let entry = Entry {
                address: register.address,
                words,
                gap_readable: false,
                content: Content::Value {
                    codec,
                    quantity: Quantity::from_point(register.point),
                    exponent,
                    wrap,
                    nan,
                },
            };
            table_mut(&mut holding, &mut input, register.table).push(entry);
        }
        for (&(table, address), &exponent) in &exponents {
            let entry = Entry {
                address,
                words: 1,
                gap_readable: false,
                content: Content::Fixed([exponent as u16, 0, 0, 0]),
            };
            table_mut(&mut holding, &mut input, table).push(entry);
        }
        let mut identification = BTreeMap::new();
        for identify in &profile.identify {
            let Some(&value) = identify.values.first() else {
                continue;
            };
            identification.insert((identify.table, identify.address), value);
            let entry = Entry {
                address: identify.address,
                words: 1,
                gap_readable: false,
                content: Content::Fixed([value, 0, 0, 0]),
            };
            table_mut(&mut holding, &mut input, identify.table).push(entry);
        }
        let max_gap = profile.modbus.max_gap_registers;
        for entries in [&mut holding, &mut input] {
            entries.sort_by_key(|e| e.address);
            // Overlaps are profile errors the validator reports; the first register wins here.
            let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
            for mut e in entries.drain(..) {
                match kept.last() {
                    Some(prev) if u32::from(e.address) < prev.end() => continue,
                    Some(prev) => {
                        e.gap_readable = u32::from(e.address) - prev.end() <= u32::from(max_gap);
                    }
                    None => e.gap_readable = false,
                }
                kept.push(e);
            }
            *entries = kept;
        }
        Ok(RegisterImage {
            holding,
            input,
            max_block: profile.modbus.max_block_registers.clamp(1, 125),
            context,
            exponents,
            identification,
        })
    }

    /// The identification value a one-word read of `start` answers, if it is an identify
    /// register.
    fn read_alone(&self, table: Table, start: u16, count: u16) -> Option<u16> {
        (count == 1)
            .then(|| self.identification.get(&(table, start)).copied())
            .flatten()
    }

    /// The exponent held by the scale-factor register at `address` of `table`, if there is one.
    pub fn exponent(&self, table: Table, address: u16) -> Option<i16> {
        self.exponents.get(&(table, address)).copied()
    }

    fn entries(&self, table: Table) -> &[Entry] {
        match table {
            Table::Holding => &self.holding,
            Table::Input => &self.input,
        }
    }

    /// Checks that a read of `count` registers from `start` is one the device answers.
    pub(crate) fn check_read(
        &self,
        table: Table,
        start: u16,
        count: u16,
        written: &Written,
    ) -> Result<(), ExceptionCode> {
        if count == 0 || count > self.max_block {
            return Err(ExceptionCode::IllegalDataValue);
        }
        if self.read_alone(table, start, count).is_some() {
            return Ok(());
        }
        self.walk(table, start, count, written, |_| {})
    }

    /// Checks that a write of `count` holding registers from `start` touches no mapped register
    /// and stays where reads are allowed.
    pub(crate) fn check_write(
        &self,
        start: u16,
        count: u16,
        written: &Written,
    ) -> Result<(), ExceptionCode> {
        let end = u32::from(start) + u32::from(count);
        let entries = &self.holding;
        let first = entries.partition_point(|e| e.end() <= u32::from(start));
        if entries
            .get(first)
            .is_some_and(|e| u32::from(e.address) < end)
        {
            return Err(ExceptionCode::IllegalDataAddress);
        }
        // A write into a readable gap (or over earlier writes) is harmless.
        self.walk(Table::Holding, start, count, written, |_| {})
    }

    /// Appends the words of a read already checked with [`RegisterImage::check_read`] to `out`:
    /// values from `snapshot`, or NaN and sentinels when `nan` is set.
    pub(crate) fn read(
        &self,
        (table, start, count): (Table, u16, u16),
        snapshot: &Snapshot,
        nan: bool,
        written: &Written,
        out: &mut Vec<u16>,
    ) -> Result<(), ExceptionCode> {
        if let Some(word) = self.read_alone(table, start, count) {
            out.push(word);
            return Ok(());
        }
        let end = u32::from(start) + u32::from(count);
        let context = &self.context;
        self.walk(table, start, count, written, |item| match item {
            Walked::Gap(word) => out.push(word),
            Walked::Register(entry, from) => {
                let words = entry_words(entry, snapshot, nan, context);
                let skip = (from - u32::from(entry.address)) as usize;
                let take = (entry.end().min(end) - from) as usize;
                out.extend(words.iter().skip(skip).take(take));
            }
        })
    }

    /// Walks a range in address order, telling `visit` every unmapped word and every mapped
    /// register in it. Fails on a word that may not be read.
    fn walk<'a>(
        &'a self,
        table: Table,
        start: u16,
        count: u16,
        written: &Written,
        mut visit: impl FnMut(Walked<'a>),
    ) -> Result<(), ExceptionCode> {
        let entries = self.entries(table);
        let end = u32::from(start) + u32::from(count);
        if end > 0x1_0000 {
            return Err(ExceptionCode::IllegalDataAddress);
        }
        let mut pos = u32::from(start);
        let mut i = entries.partition_point(|e| e.end() <= pos);
        loop {
            let next = entries.get(i);
            let gap_end = next.map_or(end, |e| u32::from(e.address).min(end));
            if pos < gap_end {
                let readable = next.is_some_and(|e| e.gap_readable);
                for address in pos..gap_end {
                    let address = address as u16;
                    let stored = match table {
                        Table::Holding => written.get(&address).copied(),
                        Table::Input => None,
                    };
                    match (readable, stored) {
                        (_, Some(w)) => visit(Walked::Gap(w)),
                        (true, None) => visit(Walked::Gap(0)),
                        (false, None) => return Err(ExceptionCode::IllegalDataAddress),
                    }
                }
            }
            match next {
                Some(e) if u32::from(e.address) < end => {
                    visit(Walked::Register(e, pos.max(u32::from(e.address))));
                    pos = e.end();
                    i += 1;
                }
                _ => return Ok(()),
            }
        }
    }

    /// The points served, with their tables and addresses.
    pub fn points(&self) -> impl Iterator<Item = (Table, u16, Point)> + '_ {
        [(Table::Holding, &self.holding), (Table::Input, &self.input)]
            .into_iter()
            .flat_map(|(table, entries)| {
                entries.iter().filter_map(move |e| match &e.content {
                    Content::Value { codec, .. } => Some((table, e.address, codec.point())),
                    Content::Fixed(_) => None,
                })
            })
    }
}

/// What a walk over a range meets.
enum Walked<'a> {
    /// An unmapped word and what it reads as.
    Gap(u16),
    /// A mapped register, with the first of its addresses within the range.
    Register(&'a Entry, u32),
}

fn table_mut<'a>(
    holding: &'a mut Vec<Entry>,
    input: &'a mut Vec<Entry>,
    table: Table,
) -> &'a mut Vec<Entry> {
    match table {
        Table::Holding => holding,
        Table::Input => input,
    }
}

/// The words an entry holds now.
fn entry_words(entry: &Entry, snapshot: &Snapshot, nan: bool, context: &DecodeContext) -> [u16; 4] {
    match &entry.content {
        Content::Fixed(words) => *words,
        Content::Value { nan: words, .. } if nan => *words,
        Content::Value {
            codec,
            quantity,
            exponent,
            wrap,
            ..
        } => {
            let mut value = quantity
                .and_then(|q| snapshot.quantity(q))
                .map_or(0.0, |v| v.as_f64());
            if let Some(wrap) = wrap
                && *wrap > 0.0
                && value >= *wrap
            {
                value = value.rem_euclid(*wrap);
            }
            let raw = codec.encode(value, *exponent, context);
            let mut out = [0u16; 4];
            for (o, w) in out.iter_mut().zip(raw.as_slice()) {
                *o = *w;
            }
            out
        }
    }
}

/// Chooses the exponent of every scale-factor register the profile names.
fn choose_exponents(profile: &Profile, model: &PlantModel) -> BTreeMap<(Table, u16), i16> {
    let mut exponents: BTreeMap<(Table, u16), i16> = BTreeMap::new();
    for register in &profile.registers {
        let Some(address) = register.scale_exponent_address else {
            continue;
        };
        let needed = needed_exponent(register, model);
        let e = exponents.entry((register.table, address)).or_insert(needed);
        *e = (*e).max(needed);
    }
    exponents.retain(|_, e| *e != EXPONENT_NOT_IMPLEMENTED);
    exponents
}

/// The smallest exponent with which the register holds the model's peak value of its point.
fn needed_exponent(register: &Register, model: &PlantModel) -> i16 {
    let Some(max) = type_max(register.ty) else {
        return 0;
    };
    let peak = model
        .peak_magnitude(register.point)
        .map(|p| {
            if register.point.is_counter() {
                // Counters wrap like a real meter's; a year at peak keeps a fine resolution.
                p.min(counter_year(register.point, model))
            } else {
                p
            }
        })
        .unwrap_or(0.0);
    let unit = factor(register);
    (MIN_EXPONENT..=MAX_EXPONENT)
        .find(|&e| peak / (unit * power_of_ten(e)) <= max)
        .unwrap_or(MAX_EXPONENT)
}

/// The value a counter reaches after a year at the model's peak, over its starting value.
fn counter_year(point: Point, model: &PlantModel) -> f64 {
    // peak_magnitude gives ten years above the start; a tenth of the increase is one year.
    let ten = model.peak_magnitude(point).unwrap_or(0.0);
    let start = model.counter_value(point);
    start + (ten - start) / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelConfig;
    use ems_model::Value;

    pub(crate) fn profile(toml: &str) -> Profile {
        toml::from_str(toml).unwrap()
    }

    const HEAD: &str = r#"
id = "test.meter"
vendor = "Test"
model = "Meter"
kind = "electricity_meter"
phases = 3
source = "test"
[modbus]
max_block_registers = 10
max_gap_registers = 2
"#;

    fn image(extra: &str) -> (RegisterImage, PlantModel) {
        let p = profile(&format!("{HEAD}{extra}"));
        let cfg = ModelConfig {
            base_w: Some(1000.0),
            noise: 0.0,
            ..ModelConfig::default()
        };
        let model = PlantModel::new(&cfg, 1, "2025-03-03T10:00:00Z".parse().unwrap());
        let img = RegisterImage::new(&p, &model, DecodeContext::for_profile(&p)).unwrap();
        (img, model)
    }

    const TWO: &str = r#"
[[registers]]
point = "active_power"
table = "input"
address = 10
type = "f32"
unit = "W"
[[registers]]
point = "energy_active_import"
table = "input"
address = 14
type = "u32"
unit = "kWh"
scale = 0.001
"#;

    fn read(img: &RegisterImage, model: &mut PlantModel, start: u16, count: u16) -> Vec<u16> {
        let w = Written::new();
        img.check_read(Table::Input, start, count, &w).unwrap();
        let snap = model.snapshot("2025-03-03T11:00:00Z".parse().unwrap());
        let mut out = Vec::new();
        img.read((Table::Input, start, count), &snap, false, &w, &mut out)
            .unwrap();
        out
    }

    #[test]
    fn mapped_registers_and_short_gaps_are_readable_and_gaps_read_zero() {
        let (img, mut model) = image(TWO);
        let words = read(&img, &mut model, 10, 6);
        assert_eq!(words.len(), 6);
        assert_eq!(
            f32::from_bits(u32::from(words[0]) << 16 | u32::from(words[1])),
            1000.0
        );
        assert_eq!(&words[2..4], &[0, 0]);
        let wh = u32::from(words[4]) << 16 | u32::from(words[5]);
        assert!((999..=1001).contains(&wh), "{wh}");
    }

    #[test]
    fn a_read_may_start_in_the_middle_of_a_register() {
        let (img, mut model) = image(TWO);
        let words = read(&img, &mut model, 11, 1);
        assert_eq!(words, [0x0000]);
        let words = read(&img, &mut model, 10, 1);
        assert_eq!(words, [0x447A]);
    }

    #[test]
    fn an_identify_register_inside_a_value_answers_its_code_only_when_read_alone() {
        let (img, mut model) = image(&format!(
            "{TWO}\n[[identify]]\ntable = \"input\"\naddress = 11\nvalues = [341]\n"
        ));
        assert_eq!(read(&img, &mut model, 11, 1), [341]);
        let words = read(&img, &mut model, 10, 2);
        assert_eq!(
            f32::from_bits(u32::from(words[0]) << 16 | u32::from(words[1])),
            1000.0
        );
    }

    #[test]
    fn reads_outside_the_map_or_over_the_block_limit_are_refused() {
        let (img, _) = image(TWO);
        let w = Written::new();
        let check = |start, count| img.check_read(Table::Input, start, count, &w);
        assert_eq!(check(9, 2), Err(ExceptionCode::IllegalDataAddress));
        assert_eq!(check(15, 2), Err(ExceptionCode::IllegalDataAddress));
        assert_eq!(check(10, 11), Err(ExceptionCode::IllegalDataValue));
        assert_eq!(check(10, 0), Err(ExceptionCode::IllegalDataValue));
        assert_eq!(check(12, 1), Ok(()));
        assert_eq!(
            img.check_read(Table::Holding, 10, 1, &w),
            Err(ExceptionCode::IllegalDataAddress)
        );
    }

    #[test]
    fn gaps_longer_than_the_profile_allows_are_refused() {
        let (img, _) = image(
            r#"
[[registers]]
point = "voltage_l1"
table = "input"
address = 0
type = "u16"
unit = "V"
[[registers]]
point = "voltage_l2"
table = "input"
address = 4
type = "u16"
unit = "V"
"#,
        );
        let w = Written::new();
        assert_eq!(
            img.check_read(Table::Input, 0, 5, &w),
            Err(ExceptionCode::IllegalDataAddress)
        );
    }

    #[test]
    fn nan_makes_floats_nan_and_integers_their_sentinel() {
        let (img, mut model) = image(&format!(
            "{TWO}{}",
            r#"
[[registers]]
point = "voltage_l1"
table = "input"
address = 16
type = "u16"
unit = "V"
sentinels = [0x8000]
"#
        ));
        let w = Written::new();
        let snap = model.snapshot("2025-03-03T11:00:00Z".parse().unwrap());
        let mut out = Vec::new();
        img.read((Table::Input, 10, 7), &snap, true, &w, &mut out)
            .unwrap();
        assert!(f32::from_bits(u32::from(out[0]) << 16 | u32::from(out[1])).is_nan());
        assert_eq!(&out[4..7], &[0xFFFF, 0xFFFF, 0x8000]);
    }

    #[test]
    fn sunspec_exponents_fit_the_peak_into_the_register() {
        let (img, mut model) = image(
            r#"
[[registers]]
point = "voltage_l1"
table = "holding"
address = 100
type = "u16"
unit = "V"
scale_exponent_address = 104
[[registers]]
point = "voltage_l2"
table = "holding"
address = 101
type = "u16"
unit = "V"
scale_exponent_address = 104
[[registers]]
point = "power_factor"
table = "holding"
address = 102
type = "i16"
unit = ""
scale_exponent_address = 105
"#,
        );
        // 230 V × 1.15 = 264.5 V fits u16 at 10^-2 (26 450), not at 10^-3.
        assert_eq!(img.exponent(Table::Holding, 104), Some(-2));
        assert_eq!(img.exponent(Table::Holding, 105), Some(-3));
        let w = Written::new();
        let snap = model.snapshot("2025-03-03T11:00:00Z".parse().unwrap());
        let mut out = Vec::new();
        img.check_read(Table::Holding, 100, 6, &w).unwrap();
        img.read((Table::Holding, 100, 6), &snap, false, &w, &mut out)
            .unwrap();
        let v = snap.get(Point::from_name("voltage_l1").unwrap()).unwrap();
        assert!((f64::from(out[0]) / 100.0 - v.as_f64()).abs() < 0.01);
        assert_eq!(out[3], 0);
        assert_eq!(out[4], (-2i16) as u16);
        assert_eq!(out[5], (-3i16) as u16);
        assert!(matches!(v, Value::Float(_)));
    }

    #[test]
    fn writes_go_to_gaps_only() {
        let (img, _) = image(
            r#"
[[registers]]
point = "voltage_l1"
table = "holding"
address = 0
type = "u16"
unit = "V"
[[registers]]
point = "voltage_l2"
table = "holding"
address = 3
type = "u16"
unit = "V"
"#,
        );
        let w = Written::new();
        assert_eq!(img.check_write(1, 2, &w), Ok(()));
        assert_eq!(
            img.check_write(0, 1, &w),
            Err(ExceptionCode::IllegalDataAddress)
        );
        assert_eq!(
            img.check_write(4, 1, &w),
            Err(ExceptionCode::IllegalDataAddress)
        );
    }
}
