//! The ems command line.
fn main() {}
