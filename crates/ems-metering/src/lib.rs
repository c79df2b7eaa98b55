//! The software power analyser of ems: sampled voltage and current waveforms in, the
//! measurements of a class 0.5S meter out, with energy registers, IEC 61000-4-30 aggregation
//! and the EN 50160 check. Pure: no I/O, no clock; time comes with the samples.
pub mod aggregate;
pub mod analyzer;
pub mod comtrade;
pub mod config;
pub mod en50160;
pub mod measurement;
pub mod registers;
mod spectrum;
pub mod stream;
pub mod waveform;
pub mod wiring;

pub use analyzer::{Analyzer, MeterError};
pub use config::{MeterConfig, NominalFrequency};
pub use measurement::WindowValues;
pub use waveform::{Channel, Waveforms};
pub use wiring::{ChannelRole, Phase, Wiring};
