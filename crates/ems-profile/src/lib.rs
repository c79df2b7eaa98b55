//! Device profiles: the TOML schema, the loader of built-in and user profiles, the validator, the
//! read-block planner and the register codec.

pub mod fixture;
pub mod schema;

pub use schema::{Profile, Register, RegisterType, Table};
