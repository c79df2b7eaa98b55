//! The register codec: the words of one register to a value in the point's canonical unit with
//! ems' signs ([`RegisterCodec::decode`]), and back ([`RegisterCodec::encode`], for simulators).
//!
//! Decoding, in order: assemble the words (word order, then byte order within each word) into the
//! type's bits; compare those bits, read as an unsigned integer of the type's width, with the
//! register's sentinels; interpret them as the type; multiply by `scale`, by 10^exponent (SunSpec
//! scale factor) and by the unit's factor to the point's canonical unit; multiply by the CT and/or
//! VT ratio; turn the device's sign convention into ours; and round counters to integers.
//! Nothing here allocates.

use crate::schema::{
    ActivePowerSign, ByteOrder, Conventions, ModbusSettings, Profile, RatioApplied,
    ReactivePowerSign, Register, RegisterType, WordOrder,
};
use ems_model::{Dimension, Point, Unit, Value};

/// The raw value of a SunSpec scale-factor register meaning "not implemented" (`0x8000`).
pub const EXPONENT_NOT_IMPLEMENTED: i16 = i16::MIN;

/// Per-device facts the codec needs besides the register map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecodeContext {
    /// The device's sign conventions (normally the profile's).
    pub conventions: Conventions,
    /// Current transformer ratio (primary / secondary), applied to registers marked `ct` or
    /// `ct_vt`; 1 when the device reports primary values.
    pub ct_ratio: f64,
    /// Voltage transformer ratio (primary / secondary), applied to registers marked `vt` or
    /// `ct_vt`; 1 when the device reports primary values.
    pub vt_ratio: f64,
}

impl DecodeContext {
    /// The context for a device with the given conventions and no transformer ratios.
    pub fn new(conventions: Conventions) -> Self {
        DecodeContext {
            conventions,
            ct_ratio: 1.0,
            vt_ratio: 1.0,
        }
    }

    /// The context for a device of `profile`, with its conventions and no transformer ratios.
    pub fn for_profile(profile: &Profile) -> Self {
        DecodeContext::new(profile.conventions)
    }

    fn ratio(&self, applied: Option<RatioApplied>) -> f64 {
        match applied {
            None => 1.0,
            Some(RatioApplied::Ct) => self.ct_ratio,
            Some(RatioApplied::Vt) => self.vt_ratio,
            Some(RatioApplied::CtVt) => self.ct_ratio * self.vt_ratio,
        }
    }
}

/// Why a register yields no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum NotAvailable {
    /// The raw value is one of the register's sentinels.
    #[error("the device reports the value as not available")]
    Sentinel,
    /// The value is NaN or infinite (as read, or after scaling).
    #[error("the value is NaN or infinite")]
    NotFinite,
    /// A counter decoded to a negative number.
    #[error("the counter is negative")]
    NegativeCounter,
    /// A counter is too large for a 64-bit integer in its canonical unit.
    #[error("the counter is out of range")]
    CounterOutOfRange,
    /// The value's SunSpec scale-factor register holds "not implemented" (`0x8000`).
    #[error("the scale factor register says not implemented")]
    ExponentNotImplemented,
    /// The words of the value (or of its scale-factor register) were not read.
    #[error("the register was not read")]
    NotRead,
}

/// A register whose codec cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unit \"{unit}\" cannot express {point}, which is in \"{}\"", point.unit())]
pub struct UnitMismatch {
    /// The register's point.
    pub point: Point,
    /// The register's unit.
    pub unit: Unit,
}

/// The sign convention a point follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignClass {
    /// Signless or counters: never negated.
    Unsigned,
    /// Active power and power factor.
    Active,
    /// Reactive power.
    Reactive,
}

impl SignClass {
    fn of(point: Point) -> SignClass {
        if point.is_counter() {
            return SignClass::Unsigned;
        }
        match point.unit().dimension() {
            Dimension::ActivePower => SignClass::Active,
            Dimension::ReactivePower => SignClass::Reactive,
            Dimension::Dimensionless if point.name().starts_with("power_factor") => {
                SignClass::Active
            }
            _ => SignClass::Unsigned,
        }
    }

    /// True when a device with `conventions` reports this class with the opposite sign to ours.
    fn is_reversed(self, conventions: &Conventions) -> bool {
        match self {
            SignClass::Unsigned => false,
            SignClass::Active => conventions.active_power == ActivePowerSign::ExportPositive,
            SignClass::Reactive => {
                conventions.reactive_power == ReactivePowerSign::CapacitivePositive
            }
        }
    }
}

/// Everything needed to decode and encode one register, resolved once from the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterCodec {
    point: Point,
    ty: RegisterType,
    word_order: WordOrder,
    byte_order: ByteOrder,
    /// `scale` times the factor from the register's unit to the point's canonical unit.
    factor: f64,
    sign: SignClass,
    ratio: Option<RatioApplied>,
    sentinels: Box<[u64]>,
}

impl RegisterCodec {
    /// Resolves `register` with the profile's defaults in `modbus`.
    pub fn new(register: &Register, modbus: &ModbusSettings) -> Result<Self, UnitMismatch> {
        let factor = register
            .unit
            .convert(register.scale, register.point.unit())
            .ok_or(UnitMismatch {
                point: register.point,
                unit: register.unit,
            })?;
        Ok(RegisterCodec {
            point: register.point,
            ty: register.ty,
            word_order: register.word_order.unwrap_or(modbus.word_order),
            byte_order: register.byte_order.unwrap_or(modbus.byte_order),
            factor,
            sign: SignClass::of(register.point),
            ratio: register.ratio,
            sentinels: register.sentinels.clone().into_boxed_slice(),
        })
    }

    /// The point the register feeds.
    pub fn point(&self) -> Point {
        self.point
    }

    /// How many words the register occupies.
    pub fn words(&self) -> u16 {
        self.ty.words()
    }

    /// Decodes the register from `words` (its first [`RegisterCodec::words`] are used).
    ///
    /// `exponent` is the raw content of the value's SunSpec scale-factor register, `None` when it
    /// has none. Counters come out as [`Value::Counter`] in the canonical integer unit, rounded to
    /// the nearest integer; everything else as [`Value::Float`].
    pub fn decode(
        &self,
        words: &[u16],
        exponent: Option<i16>,
        context: &DecodeContext,
    ) -> Result<Value, NotAvailable> {
        let words = words
            .get(..usize::from(self.ty.words()))
            .ok_or(NotAvailable::NotRead)?;
        let bits = assemble(words, self.word_order, self.byte_order);
        if self.sentinels.contains(&bits) {
            return Err(NotAvailable::Sentinel);
        }
        let raw = interpret(self.ty, bits);
        if !raw.is_finite() {
            return Err(NotAvailable::NotFinite);
        }
        let mut value = raw * self.factor;
        if let Some(exponent) = exponent {
            if exponent == EXPONENT_NOT_IMPLEMENTED {
                return Err(NotAvailable::ExponentNotImplemented);
            }
            value = times_power_of_ten(value, exponent);
        }
        value *= context.ratio(self.ratio);
        if !value.is_finite() {
            return Err(NotAvailable::NotFinite);
        }
        if self.point.is_counter() {
            let rounded = value.round();
            if rounded < 0.0 {
                return Err(NotAvailable::NegativeCounter);
            }
            // i64::MAX as f64 rounds up to 2^63, the first value that does not fit.
            if rounded >= i64::MAX as f64 {
                return Err(NotAvailable::CounterOutOfRange);
            }
            return Ok(Value::Counter(rounded as i64));
        }
        if self.sign.is_reversed(&context.conventions) {
            // 0 - x rather than -x so that a zero stays +0.
            value = 0.0 - value;
        }
        Ok(Value::Float(value))
    }

    /// Encodes `value` (canonical unit, ems' signs) into the words the device would hold, given
    /// the raw content of its scale-factor register (`None` when it has none;
    /// [`EXPONENT_NOT_IMPLEMENTED`] counts as 0).
    ///
    /// Integer types round to nearest and saturate at the type's range (NaN becomes 0); float
    /// types keep NaN and infinities.
    pub fn encode(&self, value: f64, exponent: Option<i16>, context: &DecodeContext) -> RawWords {
        let mut device = value;
        if !self.point.is_counter() && self.sign.is_reversed(&context.conventions) {
            device = 0.0 - device;
        }
        device /= context.ratio(self.ratio);
        if let Some(exponent) = exponent.filter(|e| *e != EXPONENT_NOT_IMPLEMENTED) {
            device = times_power_of_ten(device, -exponent);
        }
        device /= self.factor;
        // `as` casts from f64 saturate at the target's range and turn NaN into 0.
        let bits = match self.ty {
            RegisterType::U16 => u64::from(device.round() as u16),
            RegisterType::I16 => u64::from(device.round() as i16 as u16),
            RegisterType::U32 => u64::from(device.round() as u32),
            RegisterType::I32 => u64::from(device.round() as i32 as u32),
            RegisterType::U64 => device.round() as u64,
            RegisterType::I64 => device.round() as i64 as u64,
            RegisterType::F32 => u64::from((device as f32).to_bits()),
            RegisterType::F64 => device.to_bits(),
        };
        split(bits, self.ty.words(), self.word_order, self.byte_order)
    }
}

/// Up to four raw register words: one encoded value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawWords {
    words: [u16; 4],
    len: usize,
}

impl RawWords {
    /// The words, in address order.
    pub fn as_slice(&self) -> &[u16] {
        self.words.get(..self.len).unwrap_or(&self.words)
    }
}

/// The words of a value, read as one unsigned integer of the value's width.
fn assemble(words: &[u16], word_order: WordOrder, byte_order: ByteOrder) -> u64 {
    let push = |bits: u64, word: u16| {
        let word = match byte_order {
            ByteOrder::Big => word,
            ByteOrder::Little => word.swap_bytes(),
        };
        (bits << 16) | u64::from(word)
    };
    match word_order {
        WordOrder::Big => words.iter().fold(0, |bits, w| push(bits, *w)),
        WordOrder::Little => words.iter().rev().fold(0, |bits, w| push(bits, *w)),
    }
}

/// The inverse of [`assemble`]: `bits` as `count` words in address order.
fn split(bits: u64, count: u16, word_order: WordOrder, byte_order: ByteOrder) -> RawWords {
    let len = usize::from(count.min(4));
    let mut words = [0u16; 4];
    for (i, word) in words.iter_mut().take(len).enumerate() {
        // Word i from the most significant end.
        let shift = 16 * (len - 1 - i);
        *word = (bits >> shift) as u16;
    }
    if word_order == WordOrder::Little {
        words[..len].reverse();
    }
    if byte_order == ByteOrder::Little {
        for word in &mut words[..len] {
            *word = word.swap_bytes();
        }
    }
    RawWords { words, len }
}

/// The bits of a value as a number of its type.
fn interpret(ty: RegisterType, bits: u64) -> f64 {
    match ty {
        RegisterType::U16 => f64::from(bits as u16),
        RegisterType::I16 => f64::from(bits as u16 as i16),
        RegisterType::U32 => f64::from(bits as u32),
        RegisterType::I32 => f64::from(bits as u32 as i32),
        RegisterType::U64 => bits as f64,
        RegisterType::I64 => bits as i64 as f64,
        RegisterType::F32 => f64::from(f32::from_bits(bits as u32)),
        RegisterType::F64 => f64::from_bits(bits),
    }
}

/// `value × 10^exponent`, dividing for negative exponents so that 10^k stays exact (k ≤ 22).
fn times_power_of_ten(value: f64, exponent: i16) -> f64 {
    let power = 10f64.powi(i32::from(exponent.unsigned_abs()));
    if exponent >= 0 {
        value * power
    } else {
        value / power
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{PollClass, Table};
    use proptest::prelude::*;

    use crate::schema::testing::point;

    fn register(name: &str, ty: RegisterType, unit: Unit) -> Register {
        Register::new(point(name), Table::Input, 0, ty, unit)
    }

    fn modbus(word_order: WordOrder, byte_order: ByteOrder) -> ModbusSettings {
        ModbusSettings {
            max_block_registers: 125,
            max_gap_registers: 0,
            word_order,
            byte_order,
        }
    }

    fn codec(register: &Register) -> RegisterCodec {
        RegisterCodec::new(register, &modbus(WordOrder::Big, ByteOrder::Big)).unwrap()
    }

    fn ours() -> DecodeContext {
        DecodeContext::new(Conventions::default())
    }

    fn decode(register: &Register, words: &[u16]) -> Result<Value, NotAvailable> {
        codec(register).decode(words, None, &ours())
    }

    const ALL_TYPES: [RegisterType; 8] = [
        RegisterType::U16,
        RegisterType::I16,
        RegisterType::U32,
        RegisterType::I32,
        RegisterType::U64,
        RegisterType::I64,
        RegisterType::F32,
        RegisterType::F64,
    ];

    /// Big-endian words (ABCD…) of a known value of each type, and the value.
    fn known_vector(ty: RegisterType) -> (Vec<u16>, f64) {
        match ty {
            RegisterType::U16 => (vec![0xFFFE], 65534.0),
            RegisterType::I16 => (vec![0xFF38], -200.0),
            RegisterType::U32 => (vec![0x0001, 0x0002], 65538.0),
            RegisterType::I32 => (vec![0xFFFF, 0xFFFF], -1.0),
            RegisterType::U64 => (vec![0x0000, 0x0001, 0x0000, 0x0003], 4_294_967_299.0),
            RegisterType::I64 => (vec![0xFFFF, 0xFFFF, 0xFFFF, 0xFF38], -200.0),
            RegisterType::F32 => (vec![0x4366, 0x0000], 230.0),
            RegisterType::F64 => (vec![0x406C, 0xC000, 0x0000, 0x0000], 230.0),
        }
    }

    /// The big-endian words rearranged for the given orders.
    fn arrange(big: &[u16], word_order: WordOrder, byte_order: ByteOrder) -> Vec<u16> {
        let mut words = big.to_vec();
        if word_order == WordOrder::Little {
            words.reverse();
        }
        if byte_order == ByteOrder::Little {
            words.iter_mut().for_each(|w| *w = w.swap_bytes());
        }
        words
    }

    #[test]
    fn every_type_decodes_its_known_vector_in_every_word_and_byte_order() {
        for ty in ALL_TYPES {
            for word_order in [WordOrder::Big, WordOrder::Little] {
                for byte_order in [ByteOrder::Big, ByteOrder::Little] {
                    let (big, expected) = known_vector(ty);
                    let words = arrange(&big, word_order, byte_order);
                    let reg = register("voltage_l1", ty, Unit::Volt);
                    let codec = RegisterCodec::new(&reg, &modbus(word_order, byte_order)).unwrap();
                    let got = codec.decode(&words, None, &ours());
                    assert_eq!(
                        got,
                        Ok(Value::Float(expected)),
                        "{ty:?} {word_order:?} {byte_order:?} {words:04X?}"
                    );
                    let encoded = codec.encode(expected, None, &ours());
                    assert_eq!(encoded.as_slice(), words.as_slice(), "{ty:?} encode");
                }
            }
        }
    }

    #[test]
    fn per_register_orders_override_the_profile_defaults() {
        let mut reg = register("voltage_l1", RegisterType::F32, Unit::Volt);
        reg.word_order = Some(WordOrder::Little);
        let codec = RegisterCodec::new(&reg, &modbus(WordOrder::Big, ByteOrder::Big)).unwrap();
        assert_eq!(
            codec.decode(&[0x0000, 0x4366], None, &ours()),
            Ok(Value::Float(230.0))
        );
    }

    #[test]
    fn a_short_slice_is_not_read_and_extra_words_are_ignored() {
        let reg = register("voltage_l1", RegisterType::F32, Unit::Volt);
        assert_eq!(decode(&reg, &[0x4366]), Err(NotAvailable::NotRead));
        assert_eq!(
            decode(&reg, &[0x4366, 0x0000, 0x1234]),
            Ok(Value::Float(230.0))
        );
    }

    #[test]
    fn sentinels_compare_the_words_as_an_unsigned_integer() {
        let mut reg = register("current_l1", RegisterType::I32, Unit::Ampere);
        reg.sentinels = vec![0xFFFF_FFFF, 0x8000_0000];
        assert_eq!(decode(&reg, &[0xFFFF, 0xFFFF]), Err(NotAvailable::Sentinel));
        assert_eq!(decode(&reg, &[0x8000, 0x0000]), Err(NotAvailable::Sentinel));
        assert_eq!(decode(&reg, &[0xFFFF, 0xFFFE]), Ok(Value::Float(-2.0)));
        let mut reg = register("current_l1", RegisterType::U16, Unit::Ampere);
        reg.sentinels = vec![0xFFFF];
        assert_eq!(decode(&reg, &[0xFFFF]), Err(NotAvailable::Sentinel));
    }

    #[test]
    fn nan_and_infinity_are_not_available() {
        let reg = register("frequency", RegisterType::F32, Unit::Hertz);
        assert_eq!(
            decode(&reg, &[0x7FC0, 0x0000]),
            Err(NotAvailable::NotFinite)
        );
        assert_eq!(
            decode(&reg, &[0xFF80, 0x0000]),
            Err(NotAvailable::NotFinite)
        );
        let reg = register("frequency", RegisterType::F64, Unit::Hertz);
        assert_eq!(
            decode(&reg, &[0x7FF8, 0, 0, 0]),
            Err(NotAvailable::NotFinite)
        );
    }

    #[test]
    fn scale_and_unit_give_the_canonical_unit() {
        let mut reg = register(
            "energy_active_import",
            RegisterType::U32,
            Unit::KilowattHour,
        );
        reg.scale = 0.01;
        // 123456 × 0.01 kWh = 1234.56 kWh = 1 234 560 Wh.
        assert_eq!(
            decode(&reg, &[0x0001, 0xE240]),
            Ok(Value::Counter(1_234_560))
        );
        let mut reg = register("voltage_l1", RegisterType::U16, Unit::Volt);
        reg.scale = 0.1;
        let Ok(Value::Float(v)) = decode(&reg, &[2301]) else {
            panic!("expected a float")
        };
        assert!((v - 230.1).abs() < 1e-9);
    }

    #[test]
    fn counters_round_to_the_nearest_canonical_integer() {
        let reg = register(
            "energy_active_import",
            RegisterType::F32,
            Unit::KilowattHour,
        );
        // 1.2345678 kWh as f32 is 1.23456776... → 1235 Wh.
        let bits = 1.234_567_8_f32.to_bits();
        let words = [(bits >> 16) as u16, bits as u16];
        assert_eq!(decode(&reg, &words), Ok(Value::Counter(1235)));
        let reg = register("gas_volume", RegisterType::U32, Unit::CubicMetre);
        assert_eq!(decode(&reg, &[0, 7]), Ok(Value::Counter(7000)));
    }

    #[test]
    fn a_negative_counter_is_not_available() {
        let reg = register("energy_active_export", RegisterType::I32, Unit::WattHour);
        assert_eq!(
            decode(&reg, &[0xFFFF, 0xFFFF]),
            Err(NotAvailable::NegativeCounter)
        );
        let reg = register("energy_active_export", RegisterType::F32, Unit::WattHour);
        assert_eq!(
            decode(&reg, &[0x7F80, 0x0000]),
            Err(NotAvailable::NotFinite)
        );
    }

    #[test]
    fn a_counter_beyond_i64_is_out_of_range() {
        let reg = register(
            "energy_active_import",
            RegisterType::U64,
            Unit::MegawattHour,
        );
        assert_eq!(
            decode(&reg, &[0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF]),
            Err(NotAvailable::CounterOutOfRange)
        );
    }

    #[test]
    fn export_positive_devices_have_active_power_and_power_factor_negated() {
        let conventions = Conventions {
            active_power: ActivePowerSign::ExportPositive,
            reactive_power: ReactivePowerSign::InductivePositive,
        };
        let theirs = DecodeContext::new(conventions);
        let words = [0xFF38]; // -200 as i16
        let power = codec(&register("active_power_l1", RegisterType::I16, Unit::Watt));
        assert_eq!(power.decode(&words, None, &theirs), Ok(Value::Float(200.0)));
        let pf = codec(&register("power_factor", RegisterType::I16, Unit::One));
        assert_eq!(pf.decode(&words, None, &theirs), Ok(Value::Float(200.0)));
        let reactive = codec(&register("reactive_power", RegisterType::I16, Unit::Var));
        assert_eq!(
            reactive.decode(&words, None, &theirs),
            Ok(Value::Float(-200.0))
        );
        let voltage = codec(&register("voltage_l1", RegisterType::I16, Unit::Volt));
        assert_eq!(
            voltage.decode(&words, None, &theirs),
            Ok(Value::Float(-200.0))
        );
    }

    #[test]
    fn capacitive_positive_devices_have_reactive_power_negated_only() {
        let theirs = DecodeContext::new(Conventions {
            active_power: ActivePowerSign::ImportPositive,
            reactive_power: ReactivePowerSign::CapacitivePositive,
        });
        let words = [0x0064]; // 100
        let reactive = codec(&register("reactive_power_l2", RegisterType::I16, Unit::Var));
        assert_eq!(
            reactive.decode(&words, None, &theirs),
            Ok(Value::Float(-100.0))
        );
        let active = codec(&register("active_power", RegisterType::I16, Unit::Watt));
        assert_eq!(
            active.decode(&words, None, &theirs),
            Ok(Value::Float(100.0))
        );
    }

    #[test]
    fn energy_counters_are_never_negated() {
        let theirs = DecodeContext::new(Conventions {
            active_power: ActivePowerSign::ExportPositive,
            reactive_power: ReactivePowerSign::CapacitivePositive,
        });
        for name in ["energy_active_import", "energy_reactive_export"] {
            let unit = Point::from_name(name).unwrap().unit();
            let c = codec(&register(name, RegisterType::U16, unit));
            assert_eq!(c.decode(&[42], None, &theirs), Ok(Value::Counter(42)));
        }
    }

    #[test]
    fn a_zero_stays_positive_zero_when_negated() {
        let theirs = DecodeContext::new(Conventions {
            active_power: ActivePowerSign::ExportPositive,
            reactive_power: ReactivePowerSign::InductivePositive,
        });
        let c = codec(&register("active_power", RegisterType::I16, Unit::Watt));
        let Ok(Value::Float(v)) = c.decode(&[0], None, &theirs) else {
            panic!("expected a float")
        };
        assert!(v == 0.0 && v.is_sign_positive());
    }

    #[test]
    fn ct_and_vt_ratios_multiply_the_marked_registers() {
        let mut context = ours();
        context.ct_ratio = 40.0; // 200 A / 5 A
        context.vt_ratio = 100.0; // 10 kV / 100 V
        let mut current = register("current_l1", RegisterType::U16, Unit::Ampere);
        current.ratio = Some(RatioApplied::Ct);
        assert_eq!(
            codec(&current).decode(&[5], None, &context),
            Ok(Value::Float(200.0))
        );
        let mut voltage = register("voltage_l1", RegisterType::U16, Unit::Volt);
        voltage.ratio = Some(RatioApplied::Vt);
        assert_eq!(
            codec(&voltage).decode(&[100], None, &context),
            Ok(Value::Float(10_000.0))
        );
        let mut energy = register("energy_active_import", RegisterType::U16, Unit::WattHour);
        energy.ratio = Some(RatioApplied::CtVt);
        assert_eq!(
            codec(&energy).decode(&[3], None, &context),
            Ok(Value::Counter(12_000))
        );
        let unmarked = register("current_l2", RegisterType::U16, Unit::Ampere);
        assert_eq!(
            codec(&unmarked).decode(&[5], None, &context),
            Ok(Value::Float(5.0))
        );
    }

    #[test]
    fn sunspec_exponents_scale_the_value_and_0x8000_makes_it_unavailable() {
        let c = codec(&register("current_l1", RegisterType::U16, Unit::Ampere));
        assert_eq!(
            c.decode(&[1234], Some(-2), &ours()),
            Ok(Value::Float(12.34))
        );
        assert_eq!(
            c.decode(&[12], Some(3), &ours()),
            Ok(Value::Float(12_000.0))
        );
        assert_eq!(
            c.decode(&[1234], Some(EXPONENT_NOT_IMPLEMENTED), &ours()),
            Err(NotAvailable::ExponentNotImplemented)
        );
        assert_eq!(c.encode(12.34, Some(-2), &ours()).as_slice(), &[1234]);
    }

    #[test]
    fn encoding_saturates_integers_at_the_type_range() {
        let c = codec(&register("current_l1", RegisterType::U16, Unit::Ampere));
        assert_eq!(c.encode(1e9, None, &ours()).as_slice(), &[0xFFFF]);
        assert_eq!(c.encode(-5.0, None, &ours()).as_slice(), &[0]);
        let c = codec(&register("active_power", RegisterType::I16, Unit::Watt));
        assert_eq!(c.encode(-1e9, None, &ours()).as_slice(), &[0x8000]);
        assert_eq!(c.encode(f64::NAN, None, &ours()).as_slice(), &[0]);
    }

    #[test]
    fn encoding_applies_signs_ratios_and_units_in_reverse() {
        let mut context = DecodeContext::new(Conventions {
            active_power: ActivePowerSign::ExportPositive,
            reactive_power: ReactivePowerSign::InductivePositive,
        });
        context.ct_ratio = 10.0;
        let mut reg = register("active_power", RegisterType::I32, Unit::Kilowatt);
        reg.scale = 0.001;
        reg.ratio = Some(RatioApplied::CtVt);
        let c = codec(&reg);
        // 1500 W import (ours) = -1.5 kW on the device's primary = -0.15 kW secondary = -150 raw.
        let words = c.encode(1500.0, None, &context);
        assert_eq!(words.as_slice(), &[0xFFFF, 0xFF6A]);
        assert_eq!(
            c.decode(words.as_slice(), None, &context),
            Ok(Value::Float(1500.0))
        );
    }

    #[test]
    fn a_unit_of_another_dimension_is_refused() {
        let reg = register("voltage_l1", RegisterType::U16, Unit::Ampere);
        let err = RegisterCodec::new(&reg, &modbus(WordOrder::Big, ByteOrder::Big)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unit \"A\" cannot express voltage_l1, which is in \"V\""
        );
    }

    #[test]
    fn poll_class_defaults_to_slow_for_counters_and_fast_otherwise() {
        let mut reg = register("energy_active_import", RegisterType::U32, Unit::WattHour);
        assert_eq!(reg.poll_class(), PollClass::Slow);
        reg.poll = Some(PollClass::Fast);
        assert_eq!(reg.poll_class(), PollClass::Fast);
        let reg = register("voltage_l1", RegisterType::U16, Unit::Volt);
        assert_eq!(reg.poll_class(), PollClass::Fast);
    }

    fn any_type() -> impl Strategy<Value = RegisterType> {
        proptest::sample::select(ALL_TYPES.to_vec())
    }

    fn any_word_order() -> impl Strategy<Value = WordOrder> {
        prop_oneof![Just(WordOrder::Big), Just(WordOrder::Little)]
    }

    fn any_byte_order() -> impl Strategy<Value = ByteOrder> {
        prop_oneof![Just(ByteOrder::Big), Just(ByteOrder::Little)]
    }

    fn any_conventions() -> impl Strategy<Value = Conventions> {
        (any::<bool>(), any::<bool>()).prop_map(|(a, r)| Conventions {
            active_power: if a {
                ActivePowerSign::ExportPositive
            } else {
                ActivePowerSign::ImportPositive
            },
            reactive_power: if r {
                ReactivePowerSign::CapacitivePositive
            } else {
                ReactivePowerSign::InductivePositive
            },
        })
    }

    /// A raw value representable by `ty` (and exactly by an f64).
    fn raw_value(ty: RegisterType, unit: f64) -> f64 {
        let (min, max) = match ty {
            RegisterType::U16 => (0.0, f64::from(u16::MAX)),
            RegisterType::I16 => (f64::from(i16::MIN), f64::from(i16::MAX)),
            RegisterType::U32 => (0.0, f64::from(u32::MAX)),
            RegisterType::I32 => (f64::from(i32::MIN), f64::from(i32::MAX)),
            RegisterType::U64 => (0.0, 2f64.powi(40)),
            RegisterType::I64 => (-(2f64.powi(40)), 2f64.powi(40)),
            RegisterType::F32 => (-1e6, 1e6),
            RegisterType::F64 => (-1e9, 1e9),
        };
        let v = min + (max - min) * unit;
        match ty {
            RegisterType::F32 => f64::from(v as f32),
            RegisterType::F64 => v,
            _ => v.round(),
        }
    }

    proptest! {
        #[test]
        fn encoding_a_decoded_value_gives_back_the_same_value(
            ty in any_type(),
            word_order in any_word_order(),
            byte_order in any_byte_order(),
            conventions in any_conventions(),
            name in proptest::sample::select(vec![
                "voltage_l1", "active_power", "reactive_power_l3", "power_factor",
                "energy_active_import", "gas_volume",
            ]),
            scale in proptest::sample::select(vec![1.0, 0.1, 0.01, 0.001, 10.0]),
            exponent in proptest::option::of(-3i16..=3),
            ct_ratio in proptest::sample::select(vec![1.0, 5.0, 40.0]),
            position in 0.0f64..=1.0,
        ) {
            let point = point(name);
            let mut reg = register(name, ty, point.unit());
            reg.scale = scale;
            reg.ratio = Some(RatioApplied::Ct);
            let codec = RegisterCodec::new(&reg, &modbus(word_order, byte_order)).unwrap();
            let mut context = DecodeContext::new(conventions);
            context.ct_ratio = ct_ratio;

            let raw = raw_value(ty, position);
            let raw_words = split(
                match ty {
                    RegisterType::F32 => u64::from((raw as f32).to_bits()),
                    RegisterType::F64 => raw.to_bits(),
                    RegisterType::I16 | RegisterType::I32 | RegisterType::I64 => raw as i64 as u64,
                    _ => raw as u64,
                },
                ty.words(),
                word_order,
                byte_order,
            );
            let value = match codec.decode(raw_words.as_slice(), exponent, &context) {
                Ok(value) => value,
                // Counters refuse negative and huge values; nothing to round-trip.
                Err(NotAvailable::NegativeCounter | NotAvailable::CounterOutOfRange) => {
                    prop_assert!(point.is_counter());
                    return Ok(());
                }
                Err(other) => return Err(TestCaseError::fail(format!("{other}"))),
            };
            let again = codec
                .decode(codec.encode(value.as_f64(), exponent, &context).as_slice(), exponent, &context)
                .unwrap();
            match (value, again) {
                (Value::Counter(a), Value::Counter(b)) => prop_assert_eq!(a, b),
                (Value::Float(a), Value::Float(b)) => {
                    prop_assert!((a - b).abs() <= 1e-6 * a.abs().max(1e-9), "{} vs {}", a, b);
                }
                other => prop_assert!(false, "kind changed: {:?}", other),
            }
        }
    }
}
