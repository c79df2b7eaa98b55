//! ems-acquire
