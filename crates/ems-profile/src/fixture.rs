//! The fixture beside every profile: raw words in, expected values out.

use crate::schema::Table;
use ems_model::Point;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A profile's fixture (`<model>.fixture.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Raw register contents, as a real device answered (or as its datasheet's examples give).
    pub raw: Vec<RawBlock>,
    /// Expected decoded values in canonical units and ems' sign conventions; counters as integers.
    pub expected: BTreeMap<Point, f64>,
    /// Points whose raw value is a sentinel or NaN and must decode as "not available".
    #[serde(default)]
    pub not_available: Vec<Point>,
}

/// A run of raw registers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlock {
    /// Holding or input registers.
    pub table: Table,
    /// 0-based address of the first word.
    pub address: u16,
    /// The words, in address order.
    pub words: Vec<u16>,
}
