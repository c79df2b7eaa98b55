//! Integration tests of the power analyser.
mod accuracy;
mod comtrade;
mod en50160;
mod stream;
mod support;
