//! Integration tests of the power analyser.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accuracy;
mod analysis;
mod comtrade;
mod en50160;
mod stream;
mod support;
