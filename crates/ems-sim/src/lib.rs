//! ems-sim
