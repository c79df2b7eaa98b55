//! Integration tests of the store: a real SQLite file in a temporary directory, written through
//! the writer and read through the [`ems_store::query::HistoryReader`] trait.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod commissioning;
mod costs;
mod durability;
mod golden;
mod histograms;
mod merging;
mod replacing;
mod rollups_only;
mod series;
mod support;
mod views;
