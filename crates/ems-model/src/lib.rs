//! The vocabulary of ems: units, canonical points, samples and quality, device status, the site
//! model and its TOML form, and the clock.
//!
//! Design decisions:
//! - Every quantity has one canonical unit ([`Unit::canonical`]); device units are converted once,
//!   in acquisition, with [`Unit::convert`].
//! - Points are indices into one static table ([`point::POINTS`]) and serialise as their names.
//! - Counters are integers in their canonical unit ([`Value::Counter`]), never floats.
//! - Active power is positive for import, reactive power positive for inductive loads.
//! - A device that analyses waveforms also hands on a harmonic [`spectrum::Spectrum`]: the
//!   latest replaces the one before, beside the samples, and is never stored.
//! - Money is never a float: [`tariff::Money`] and [`tariff::Price`] count micro-units in an
//!   `i64`, parsed exactly from decimal text.
//! - No I/O and no async here; time comes from a [`Clock`].

pub mod access;
pub mod clock;
pub mod point;
pub mod sample;
pub mod site;
pub mod spectrum;
pub mod suggest;
pub mod tariff;
pub mod unit;

pub use clock::{Clock, ManualClock, SystemClock};
pub use point::{Point, PointDef, PointKind};
pub use sample::{DeviceId, DeviceStatus, PointId, Quality, Sample, SampleBatch, Value};
pub use site::{ConfigError, ConfigErrors, ProfileCatalog, SiteConfig};
pub use unit::{Dimension, Unit};
