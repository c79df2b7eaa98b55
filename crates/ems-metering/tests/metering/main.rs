//! Integration tests of the power analyser.
mod comtrade;
mod en50160;
mod stream;
