//! Samples: what acquisition produces and everything downstream consumes.

use crate::point::Point;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How far a value can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    /// Read from the device and plausible.
    Good,
    /// Computed by ems (integrated power, a value spread over a gap), not read.
    Derived,
    /// The last good value, kept while the device does not answer.
    Stale,
    /// Read but implausible (a counter that fell to 0, a NaN, a sentinel): never used in totals.
    Bad,
}

impl Quality {
    /// The snake_case name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Quality::Good => "good",
            Quality::Derived => "derived",
            Quality::Stale => "stale",
            Quality::Bad => "bad",
        }
    }
}

impl fmt::Display for Quality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value in the point's canonical unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A counter, as an integer in the canonical unit (Wh, varh, VAh, dm³, s).
    Counter(i64),
    /// A momentary value.
    Float(f64),
}

impl Value {
    /// The value as a float (counters convert exactly below 2⁵³).
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Counter(c) => c as f64,
            Value::Float(f) => f,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Counter(c) => write!(f, "{c}"),
            Value::Float(v) => write!(f, "{v}"),
        }
    }
}

/// A stable device identifier: the key of the device in the site configuration.
///
/// Ids are lowercase ASCII letters, digits, `_` and `-`, start with a letter and are at most 64
/// characters long; they never change when a device is renamed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeviceId(Arc<str>);

/// A string that is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid id \"{0}\": use 1-64 lowercase letters, digits, '_' or '-', starting with a letter"
)]
pub struct InvalidId(pub String);

/// True when `s` is a valid id for devices, links, gateways, loads, groups and panel boards.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && s.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

impl DeviceId {
    /// Makes an id, checking its form.
    pub fn new(s: &str) -> Result<Self, InvalidId> {
        if is_valid_id(s) {
            Ok(DeviceId(Arc::from(s)))
        } else {
            Err(InvalidId(s.to_owned()))
        }
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for DeviceId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for DeviceId {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DeviceId::new(s)
    }
}

impl TryFrom<String> for DeviceId {
    type Error = InvalidId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DeviceId::new(&s)
    }
}

impl From<DeviceId> for String {
    fn from(id: DeviceId) -> String {
        id.0.to_string()
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point of one device: `<device_id>/<point>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PointId {
    /// The device.
    pub device: DeviceId,
    /// The canonical point.
    pub point: Point,
}

impl fmt::Display for PointId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.device, self.point)
    }
}

/// One value of one point in a [`SampleBatch`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// The point.
    pub point: Point,
    /// The value in the point's canonical unit.
    pub value: Value,
    /// How far it can be trusted.
    pub quality: Quality,
}

/// Everything read from one device in one poll, stamped with one time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleBatch {
    /// The device the values belong to.
    pub device: DeviceId,
    /// When the values were read (UTC).
    pub timestamp: Timestamp,
    /// The values.
    pub samples: Vec<Sample>,
}

/// A device's communication status, as the seeds show it with icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    /// Enabled and answering.
    On,
    /// Disabled by the user: not polled.
    Off,
    /// Enabled but not answering (after the configured number of consecutive failures).
    CommunicationError,
}

impl DeviceStatus {
    /// Every status.
    pub const ALL: &'static [DeviceStatus] = &[
        DeviceStatus::On,
        DeviceStatus::Off,
        DeviceStatus::CommunicationError,
    ];

    /// The snake_case name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::On => "on",
            DeviceStatus::Off => "off",
            DeviceStatus::CommunicationError => "communication_error",
        }
    }
}

impl fmt::Display for DeviceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_reject_uppercase_spaces_and_leading_digits() {
        assert!(DeviceId::new("main_meter-2").is_ok());
        for bad in ["Main", "main meter", "2main", "", "ä"] {
            assert!(DeviceId::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counters_serialise_as_integers_and_floats_as_floats() {
        let s = Sample {
            point: Point::from_name("energy_active_import").unwrap(),
            value: Value::Counter(123_456),
            quality: Quality::Good,
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"point":"energy_active_import","value":123456,"quality":"good"}"#
        );
    }
}
