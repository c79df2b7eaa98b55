//! The TOML schema of a device profile (see `docs/PROFILES.md` for the format with examples).
//!
//! These types are the file format: they deserialise with unknown fields refused, so a typo in a
//! profile is an error, not a silently ignored key. [`crate::validate()`] checks what serde cannot
//! (points, overlaps, units against points).

use ems_model::{Point, Unit};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Implements `as_str` (the name as written in profiles) and `Display` for a schema enum.
macro_rules! names {
    ($ty:ident { $( $variant:ident => $name:literal ),* $(,)? }) => {
        impl $ty {
            /// The name as written in profiles.
            pub fn as_str(self) -> &'static str {
                match self { $( $ty::$variant => $name, )* }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

names!(DeviceKind {
    ElectricityMeter => "electricity_meter",
    GasMeter => "gas_meter",
    WaterMeter => "water_meter",
});
names!(Table { Holding => "holding", Input => "input" });
names!(RegisterType {
    U16 => "u16",
    I16 => "i16",
    U32 => "u32",
    I32 => "i32",
    U64 => "u64",
    I64 => "i64",
    F32 => "f32",
    F64 => "f64",
});
names!(PollClass { Fast => "fast", Slow => "slow" });
names!(RatioApplied { Ct => "ct", Vt => "vt", CtVt => "ct_vt" });

/// One device profile: a register map and how to read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `vendor.model`, lowercase (`eastron.sdm630`); equals the file's path
    /// `meter/<vendor>/<model>.toml` with `/` and the extension dropped.
    pub id: String,
    /// Manufacturer as printed on the device.
    pub vendor: String,
    /// Model as printed on the device.
    pub model: String,
    /// Other products that share this register map.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What the device is.
    pub kind: DeviceKind,
    /// Number of phases measured (1 or 3; 0 for non-electric devices).
    pub phases: u8,
    /// The public document the register map comes from (title, version, date, section).
    pub source: String,
    /// Protocol parameters.
    pub modbus: ModbusSettings,
    /// Sign conventions of the device.
    #[serde(default)]
    pub conventions: Conventions,
    /// Registers that identify the device in a bus scan.
    #[serde(default)]
    pub identify: Vec<IdentifyRegister>,
    /// The register map.
    pub registers: Vec<Register>,
}

/// What kind of device a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// An electricity meter or power analyser.
    ElectricityMeter,
    /// A gas meter (or a pulse counter counting gas).
    GasMeter,
    /// A water meter (or a pulse counter counting water).
    WaterMeter,
}

/// How the device speaks Modbus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModbusSettings {
    /// Largest number of registers the device answers in one read (at most 125).
    pub max_block_registers: u16,
    /// Largest run of unmapped registers the planner may read through to join two blocks.
    /// Zero for devices that answer an exception when an unmapped register is read.
    #[serde(default)]
    pub max_gap_registers: u16,
    /// Default order of the 16-bit words of multi-word values.
    #[serde(default)]
    pub word_order: WordOrder,
    /// Default order of the two bytes within each word.
    #[serde(default)]
    pub byte_order: ByteOrder,
}

/// Order of the 16-bit words of a multi-word value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WordOrder {
    /// Most significant word first (the Modbus convention, "ABCD").
    #[default]
    Big,
    /// Least significant word first ("CDAB").
    Little,
}

/// Order of the two bytes within one 16-bit word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ByteOrder {
    /// Most significant byte first (the Modbus convention).
    #[default]
    Big,
    /// Least significant byte first ("BADC" when combined with big word order).
    Little,
}

/// The device's own sign conventions; acquisition turns them into ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conventions {
    /// The sign of active power (and power factor) the device uses.
    #[serde(default)]
    pub active_power: ActivePowerSign,
    /// The sign of reactive power the device uses.
    #[serde(default)]
    pub reactive_power: ReactivePowerSign,
}

/// Sign of active power as the device reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivePowerSign {
    /// Positive when importing (consuming): ours.
    #[default]
    ImportPositive,
    /// Positive when exporting (generating).
    ExportPositive,
}

/// Sign of reactive power as the device reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReactivePowerSign {
    /// Positive when inductive (current lags): ours.
    #[default]
    InductivePositive,
    /// Positive when capacitive.
    CapacitivePositive,
}

/// The Modbus table a register lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// Holding registers, read with function code 3.
    Holding,
    /// Input registers, read with function code 4.
    Input,
}

impl Table {
    /// The Modbus function code that reads this table.
    pub fn read_function(self) -> u8 {
        match self {
            Table::Holding => 3,
            Table::Input => 4,
        }
    }
}

/// The encoding of a register value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterType {
    /// Unsigned 16-bit integer, one word.
    U16,
    /// Signed 16-bit integer, one word.
    I16,
    /// Unsigned 32-bit integer, two words.
    U32,
    /// Signed 32-bit integer, two words.
    I32,
    /// Unsigned 64-bit integer, four words.
    U64,
    /// Signed 64-bit integer, four words.
    I64,
    /// IEEE 754 single precision, two words.
    F32,
    /// IEEE 754 double precision, four words.
    F64,
}

impl RegisterType {
    /// How many 16-bit registers a value of this type occupies.
    pub fn words(self) -> u16 {
        match self {
            RegisterType::U16 | RegisterType::I16 => 1,
            RegisterType::U32 | RegisterType::I32 | RegisterType::F32 => 2,
            RegisterType::U64 | RegisterType::I64 | RegisterType::F64 => 4,
        }
    }
}

/// How often a register is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PollClass {
    /// Every cycle of the device (momentary values).
    Fast,
    /// Every slow cycle (counters).
    Slow,
}

/// Which transformer ratio multiplies a register that the device reports on the secondary side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatioApplied {
    /// Multiplied by the CT ratio (currents).
    Ct,
    /// Multiplied by the VT ratio (voltages).
    Vt,
    /// Multiplied by both (powers and energies).
    CtVt,
}

/// One mapped register (or run of registers holding one value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The canonical point this register feeds.
    pub point: Point,
    /// Holding or input registers.
    pub table: Table,
    /// 0-based protocol address of the first word (datasheets' 3xxxx/4xxxx numbers minus the
    /// table offset and minus one).
    pub address: u16,
    /// Encoding.
    #[serde(rename = "type")]
    pub ty: RegisterType,
    /// The unit of `raw × scale` as the device reports it; must have the point's dimension.
    pub unit: Unit,
    /// Multiplier applied to the raw value (after decoding) to get `unit`. Defaults to 1.
    #[serde(default = "one")]
    pub scale: f64,
    /// Address of an `i16` register (same table) holding a power-of-ten exponent that multiplies
    /// the value too (SunSpec scale factors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_exponent_address: Option<u16>,
    /// Poll class; by default `fast` for momentary values and `slow` for counters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<PollClass>,
    /// Overrides the profile's word order for this register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_order: Option<WordOrder>,
    /// Overrides the profile's byte order for this register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_order: Option<ByteOrder>,
    /// Raw values (the words read as one unsigned integer of the type's width) meaning "not
    /// available". Float NaN and infinities are always "not available".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentinels: Vec<u64>,
    /// Set when the device reports this value on the transformer's secondary side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<RatioApplied>,
}

impl Register {
    /// A register of `point` at `address` in `table`, encoded as `ty`, reporting `unit`, with
    /// every option at its default (scale 1, the profile's word and byte order, default poll
    /// class, no sentinel, ratio or scale factor).
    pub fn new(point: Point, table: Table, address: u16, ty: RegisterType, unit: Unit) -> Self {
        Register {
            point,
            table,
            address,
            ty,
            unit,
            scale: 1.0,
            scale_exponent_address: None,
            poll: None,
            word_order: None,
            byte_order: None,
            sentinels: Vec::new(),
            ratio: None,
        }
    }

    /// The poll class: [`Register::poll`] when given, else `slow` for counters and `fast` for
    /// momentary values.
    pub fn poll_class(&self) -> PollClass {
        self.poll.unwrap_or(if self.point.is_counter() {
            PollClass::Slow
        } else {
            PollClass::Fast
        })
    }

    /// How many 16-bit registers the value occupies.
    pub fn words(&self) -> u16 {
        self.ty.words()
    }

    /// One past the last address the value occupies (may be 65536 for a value ending at the top
    /// of the address space).
    pub fn end(&self) -> u32 {
        u32::from(self.address) + u32::from(self.words())
    }
}

fn one() -> f64 {
    1.0
}

/// A register read during a bus scan to recognise the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifyRegister {
    /// Holding or input registers.
    pub table: Table,
    /// 0-based address.
    pub address: u16,
    /// The raw word values that identify this model (any of them matches).
    pub values: Vec<u16>,
}

/// Builders shared by the unit tests of this crate.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The canonical point named `name`.
    pub(crate) fn point(name: &str) -> Point {
        Point::from_name(name).unwrap()
    }

    /// A register of `name` in the point's canonical unit.
    pub(crate) fn register(name: &str, table: Table, address: u16, ty: RegisterType) -> Register {
        let point = point(name);
        Register::new(point, table, address, ty, point.unit())
    }

    /// A three-phase electricity meter profile `acme.em3` with these limits and registers.
    pub(crate) fn profile(max_block: u16, max_gap: u16, registers: Vec<Register>) -> Profile {
        Profile {
            id: "acme.em3".to_owned(),
            vendor: "Acme".to_owned(),
            model: "EM3".to_owned(),
            aliases: vec![],
            kind: DeviceKind::ElectricityMeter,
            phases: 3,
            source: "Acme EM3 manual".to_owned(),
            modbus: ModbusSettings {
                max_block_registers: max_block,
                max_gap_registers: max_gap,
                word_order: WordOrder::default(),
                byte_order: ByteOrder::default(),
            },
            conventions: Conventions::default(),
            identify: vec![],
            registers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name serde writes for `value`.
    fn serde_name<T: Serialize>(value: T) -> String {
        #[derive(Serialize)]
        struct Wrapper<T> {
            v: T,
        }
        let text = toml::to_string(&Wrapper { v: value }).unwrap();
        text.trim()
            .strip_prefix("v = \"")
            .and_then(|t| t.strip_suffix('"'))
            .unwrap()
            .to_owned()
    }

    #[test]
    fn display_names_are_the_names_written_in_profiles() {
        for kind in [
            DeviceKind::ElectricityMeter,
            DeviceKind::GasMeter,
            DeviceKind::WaterMeter,
        ] {
            assert_eq!(kind.to_string(), serde_name(kind));
        }
        for table in [Table::Holding, Table::Input] {
            assert_eq!(table.to_string(), serde_name(table));
        }
        for ty in [
            RegisterType::U16,
            RegisterType::I16,
            RegisterType::U32,
            RegisterType::I32,
            RegisterType::U64,
            RegisterType::I64,
            RegisterType::F32,
            RegisterType::F64,
        ] {
            assert_eq!(ty.to_string(), serde_name(ty));
        }
        for class in [PollClass::Fast, PollClass::Slow] {
            assert_eq!(class.to_string(), serde_name(class));
        }
        for ratio in [RatioApplied::Ct, RatioApplied::Vt, RatioApplied::CtVt] {
            assert_eq!(ratio.to_string(), serde_name(ratio));
        }
    }
}
