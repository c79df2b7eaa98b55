//! Device profiles: the TOML schema, the loader of built-in and user profiles, the validator, the
//! read-block planner and the register codec.
//!
//! Device support is data: one TOML file per register map (`profiles/meter/<vendor>/<model>.toml`,
//! format in `docs/PROFILES.md`), with a fixture of raw words and expected values beside it.
//!
//! Design decisions:
//! - **The serde types are the file format** ([`schema`], [`fixture`]). They refuse unknown
//!   fields, so a typo is an error. What serde cannot check (ids, duplicate points, units against
//!   points, overlaps, limits) is checked by [`validate::validate`], which reports every
//!   violation with its key path (`registers[4].unit: …`).
//! - **Built-in profiles are compiled in.** `build.rs` walks `<workspace>/profiles/` and embeds
//!   every `*.toml` with `include_str!`, so the binary needs no data directory and a changed
//!   profile rebuilds the crate. Users add a directory of the same layout
//!   ([`Library::with_user_dir`]); a user profile replaces a built-in one with the same id.
//! - **Loading reports everything at once.** Every file is loaded, every broken section of a file
//!   reports its own error, and each error names the file and the key path inside it
//!   (`meter/eastron/sdm630.toml: registers[3].unit: unknown unit "kWH"`).
//! - **Reads are planned, never written by hand.** [`plan::ReadPlan`] groups the registers of a
//!   poll class (`fast` momentary values, `slow` counters) into as few reads as the device's
//!   `max_block_registers` and `max_gap_registers` allow; a link may lower those limits, and
//!   devices that refuse multi-value reads get one read per value.
//! - **The codec is the only place device units and signs become ours.** [`codec::RegisterCodec`]
//!   decodes words into the point's canonical unit with ems' signs (import and inductive
//!   positive), applies scale, SunSpec exponents and CT/VT ratios, turns sentinels and NaN into
//!   [`codec::NotAvailable`], and rounds counters to integers, never negative. It allocates
//!   nothing: decoding runs on every poll. Its inverse, [`codec::RegisterCodec::encode`], lets a
//!   simulator serve any profile.
//! - **The generic Modbus meter is a profile built from configuration** ([`generic`]): a device
//!   naming `generic.modbus_meter` gives function code, register, word count and multiplier, and
//!   gets a one-register profile for positive active energy.
//! - **Identification is planned from the library too** ([`identify`]): the distinct identify
//!   registers of every profile, grouped into reads, probed most widely declared first; a unit
//!   matches a profile when every identify entry of the profile matches.
//! - Pure: no I/O besides reading a user profile directory, no async, no panics on bad input.

mod catalog;
pub mod codec;
pub mod fixture;
pub mod generic;
pub mod identify;
pub mod load;
pub mod plan;
pub mod schema;
pub mod validate;

pub use codec::{DecodeContext, NotAvailable, RawWords, RegisterCodec};
pub use fixture::{Fixture, RawBlock};
pub use generic::{GENERIC_METER_ID, GenericMeterError, generic_meter_profile};
pub use identify::{Identification, IdentifyPlan, IdentifyRead};
pub use load::{Library, LoadError, LoadErrorKind, LoadErrors, ResolveError};
pub use plan::{PlanError, PlanLimits, PlannedValue, ReadBlock, ReadPlan};
pub use schema::{PollClass, Profile, Register, RegisterType, Table};
pub use validate::{Problem, ProfileError, validate};
