//! The "Generic Modbus meter": a one-register profile built from four values in the device
//! configuration (function code, register in hexadecimal, word count, multiplier), for meters
//! that have no profile of their own.

use crate::schema::{
    Conventions, DeviceKind, ModbusSettings, Profile, Register, RegisterType, Table,
};
use ems_model::site::{GENERIC_MODBUS_METER, GenericModbusMeter, InvalidRegister};
use ems_model::{Dimension, Point, Unit};

/// The id of the generic Modbus meter; a device naming it gives [`GenericModbusMeter`] values.
pub const GENERIC_METER_ID: &str = GENERIC_MODBUS_METER;

/// The point a generic Modbus meter feeds.
pub const GENERIC_METER_POINT: &str = "energy_active_import";

/// Generic meter parameters that describe no readable register.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenericMeterError {
    /// The function code is neither 3 nor 4.
    #[error("function must be 3 (holding registers) or 4 (input registers), not {0}")]
    Function(u8),
    /// The register is not a hexadecimal number in 0..=FFFF.
    #[error("register {0}")]
    Register(#[from] InvalidRegister),
    /// The word count is not 1, 2 or 4.
    #[error("words must be 1, 2 or 4, not {0}")]
    Words(u8),
    /// The value would run past address 0xFFFF.
    #[error("a {words}-word value at {register:#06X} runs past address 0xFFFF")]
    PastEnd {
        /// The register.
        register: u16,
        /// The word count.
        words: u8,
    },
    /// The multiplier is zero, negative, NaN or infinite.
    #[error("multiplier must be a positive finite number, not {0}")]
    Multiplier(f64),
    /// The unit is not one of active energy.
    #[error("unit must be one of active energy (Wh, kWh, MWh), not \"{0}\"")]
    Unit(Unit),
}

/// Builds the one-register profile of a generic Modbus meter: positive active energy, unsigned,
/// big-endian, read with the given function code.
pub fn generic_meter_profile(params: &GenericModbusMeter) -> Result<Profile, GenericMeterError> {
    let table = match params.function {
        3 => Table::Holding,
        4 => Table::Input,
        other => return Err(GenericMeterError::Function(other)),
    };
    let address = params.register_address()?;
    let ty = match params.words {
        1 => RegisterType::U16,
        2 => RegisterType::U32,
        4 => RegisterType::U64,
        other => return Err(GenericMeterError::Words(other)),
    };
    if u32::from(address) + u32::from(ty.words()) > 1 << 16 {
        return Err(GenericMeterError::PastEnd {
            register: address,
            words: params.words,
        });
    }
    if !(params.multiplier.is_finite() && params.multiplier > 0.0) {
        return Err(GenericMeterError::Multiplier(params.multiplier));
    }
    if params.unit.dimension() != Dimension::ActiveEnergy {
        return Err(GenericMeterError::Unit(params.unit));
    }
    // The point is canonical, so the lookup always succeeds; the fallback only avoids a panic.
    let point =
        Point::from_name(GENERIC_METER_POINT).ok_or(GenericMeterError::Unit(params.unit))?;
    Ok(Profile {
        id: GENERIC_METER_ID.to_owned(),
        vendor: "Generic".to_owned(),
        model: "Modbus meter".to_owned(),
        aliases: Vec::new(),
        kind: DeviceKind::ElectricityMeter,
        // Unknown; a meter of positive active energy is at least single-phase.
        phases: 1,
        source: "the device configuration (function, register, words, multiplier, unit)".to_owned(),
        modbus: ModbusSettings {
            max_block_registers: ty.words(),
            max_gap_registers: 0,
            word_order: Default::default(),
            byte_order: Default::default(),
        },
        conventions: Conventions::default(),
        identify: Vec::new(),
        registers: vec![Register {
            scale: params.multiplier,
            ..Register::new(point, table, address, ty, params.unit)
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::DecodeContext;
    use crate::plan::ReadPlan;
    use crate::schema::PollClass;
    use crate::validate::validate;
    use ems_model::Value;

    fn params(function: u8, register: &str, words: u8) -> GenericModbusMeter {
        GenericModbusMeter {
            function,
            register: register.to_owned(),
            words,
            multiplier: 0.01,
            unit: Unit::KilowattHour,
        }
    }

    #[test]
    fn the_generic_profile_is_valid_and_reads_one_counter() {
        let profile = generic_meter_profile(&params(4, "0x0048", 2)).unwrap();
        assert_eq!(validate(&profile), vec![]);
        assert_eq!(profile.id, GENERIC_METER_ID);
        let register = &profile.registers[0];
        assert_eq!(
            (register.table, register.address, register.ty),
            (Table::Input, 0x48, RegisterType::U32)
        );
        let plan = ReadPlan::new(&profile, PollClass::Slow).unwrap();
        let mut decoded = Vec::new();
        // 123456 × 0.01 kWh = 1 234 560 Wh.
        plan.decode(
            &[[0x0001, 0xE240]],
            &DecodeContext::for_profile(&profile),
            |v, r| decoded.push((v.point().name(), r)),
        );
        assert_eq!(
            decoded,
            [("energy_active_import", Ok(Value::Counter(1_234_560)))]
        );
    }

    #[test]
    fn function_3_reads_holding_registers_and_word_counts_pick_the_type() {
        let profile = generic_meter_profile(&params(3, "10", 4)).unwrap();
        let register = &profile.registers[0];
        assert_eq!(
            (register.table, register.address, register.ty),
            (Table::Holding, 0x10, RegisterType::U64)
        );
        let profile = generic_meter_profile(&params(3, "10", 1)).unwrap();
        assert_eq!(profile.registers[0].ty, RegisterType::U16);
    }

    #[test]
    fn bad_parameters_give_typed_errors() {
        assert_eq!(
            generic_meter_profile(&params(6, "0x48", 2)),
            Err(GenericMeterError::Function(6))
        );
        assert_eq!(
            generic_meter_profile(&params(4, "0x48", 3)),
            Err(GenericMeterError::Words(3))
        );
        assert_eq!(
            generic_meter_profile(&params(4, "zz", 2)),
            Err(GenericMeterError::Register(
                InvalidRegister::NotHexadecimal("zz".to_owned())
            ))
        );
        assert_eq!(
            generic_meter_profile(&params(4, "0xFFFF", 2)),
            Err(GenericMeterError::PastEnd {
                register: 0xFFFF,
                words: 2
            })
        );
        let mut p = params(4, "0x48", 2);
        p.multiplier = 0.0;
        assert_eq!(
            generic_meter_profile(&p),
            Err(GenericMeterError::Multiplier(0.0))
        );
        p.multiplier = 1.0;
        p.unit = Unit::Kilowatt;
        assert_eq!(
            generic_meter_profile(&p).unwrap_err().to_string(),
            "unit must be one of active energy (Wh, kWh, MWh), not \"kW\""
        );
    }
}
