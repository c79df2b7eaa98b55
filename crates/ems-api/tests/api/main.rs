//! Integration tests of the web server: a real HTTPS server on loopback, a real SQLite store in
//! a temporary directory, and a real HTTP client (reqwest with rustls). Acquisition is the one
//! stand-in ([`support::TestSite`]): the whole system with real devices is tested in the `ems`
//! crate's system tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod attacks;
mod audit_actions;
mod commissioning;
mod concurrent_edits;
mod config;
mod device_answers;
mod field_rules;
mod harmonics;
mod history;
mod live;
mod roles;
mod scans;
mod schema;
mod scopes;
mod session;
mod support;
mod tariffs;
mod ui;
mod users;
