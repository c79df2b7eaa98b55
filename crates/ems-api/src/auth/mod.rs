//! Credentials: passwords, secrets and brute-force throttling.

pub mod password;
pub mod secret;
pub mod throttle;
