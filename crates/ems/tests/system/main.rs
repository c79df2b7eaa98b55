//! The `ems` binary and runtime as users and peers meet them: one test binary.

mod analyze;
mod cli;
mod demo_backfill;
mod first_start;
mod history;
mod internal_meter;
mod interop;
mod support;
mod web;
