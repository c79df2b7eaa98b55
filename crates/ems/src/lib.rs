//! The ems runtime.
