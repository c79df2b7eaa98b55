//! What the test modules share: running the `ems` binary, the demo site file, points by name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems_model::Point;
use std::path::Path;
use std::process::Command;

/// Runs the `ems` binary with `args`: success, standard output, standard error.
pub fn ems(args: &[&str]) -> (bool, String, String) {
    run(Command::new(env!("CARGO_BIN_EXE_ems")).args(args))
}

/// Runs the `ems` binary with `args`: its exit status, standard output and standard error.
pub fn ems_status(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ems"))
        .args(args)
        .env("EMS_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the `ems` binary with `args` on the data directory `data_dir`.
pub fn ems_in(data_dir: &Path, args: &[&str]) -> (bool, String, String) {
    run(Command::new(env!("CARGO_BIN_EXE_ems"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir))
}

fn run(command: &mut Command) -> (bool, String, String) {
    // The web server listens on an ephemeral loopback port, without the plain HTTP redirect, so
    // that tests run side by side.
    let out = command
        .env("EMS_LOG", "warn")
        .env("EMS_HTTPS_LISTEN", "127.0.0.1:0")
        .env("EMS_HTTP_LISTEN", "off")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The demo site file of the source tree.
pub fn demo_site_path() -> String {
    format!("{}/demo/site.toml", env!("CARGO_MANIFEST_DIR"))
}

/// A canonical point by name.
pub fn point(name: &str) -> Point {
    Point::from_name(name).unwrap()
}
