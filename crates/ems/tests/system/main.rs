//! The `ems` binary and runtime as users and peers meet them: one test binary.

mod cli;
mod demo_backfill;
mod history;
mod interop;
mod support;
