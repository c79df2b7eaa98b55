//! Simulated Modbus meters.

pub mod device;
pub mod fault;
pub mod image;
pub mod model;
mod quantity;
pub mod server;
