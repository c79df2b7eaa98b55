//! The site model: links, gateways, devices, loads, measure groups, panel boards and site
//! settings, its TOML form, and validation that reports every error with its path.

use crate::unit::Unit;
use serde::{Deserialize, Serialize};

/// Parameters of the seeds' "Generic Modbus meter": one register of positive active energy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericModbusMeter {
    /// Modbus function code that reads the register: 3 (holding) or 4 (input).
    pub function: u8,
    /// 0-based register address, written in hexadecimal as in the meter's manual (`"0x0048"`).
    pub register: String,
    /// Number of 16-bit words of the value: 1, 2 or 4 (unsigned, high word first).
    pub words: u8,
    /// Factor that turns the raw integer into `unit`.
    pub multiplier: f64,
    /// The unit of `raw × multiplier`; kWh unless given.
    #[serde(default = "kilowatt_hour")]
    pub unit: Unit,
}

fn kilowatt_hour() -> Unit {
    Unit::KilowattHour
}
