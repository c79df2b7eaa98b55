//! Interoperability with peers no one here wrote:
//! - pymodbus plays each built-in device from the raw words of its profile fixture, as a Modbus
//!   TCP server on loopback and as an RTU slave on one end of a `socat` pty pair, and
//!   `ems device read --json` (coalesced and `--one-value-per-read`) must read back the fixture's
//!   expected values and its not-available points;
//! - reads of a silent unit id or of a port with no listener fail with a message that says so;
//! - `mbpoll` reads plausible voltages from an SDM630 that `ems sim` simulates.
//!
//! Run with `cargo test -p ems --test system interop`. The peers (socat, mbpoll, and a venv with pymodbus
//! at `target/test-peers/venv`) are installed by `scripts/test-deps.sh`; a missing peer fails the
//! test with that hint, never skips it. The pymodbus peer is `tests/peers/modbus_server.py`; a pty
//! carries no parity bit, so on the pty pair it serves 8N1 while ems asks for even parity (the
//! bytes that cross the pair are the same).
//!
//! Every child process has a bounded life: it is stopped when its guard drops, the pymodbus peer
//! exits by itself after `PEER_LIFETIME_S`, socat after as long without traffic, `ems sim` under
//! coreutils `timeout`, and each wait (for a peer to be ready, for a command to finish) has a
//! deadline. Children's logs are kept under `target/tmp/interop/` and quoted in failures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems_profile::{Fixture, Library};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long a peer lives at most, in seconds, should its guard never drop.
const PEER_LIFETIME_S: u32 = 120;
/// How long a peer may take to say it is ready.
const PEER_READY_WITHIN: Duration = Duration::from_secs(30);
/// How long one command (`ems device read`, `mbpoll`) may take before the test gives up on it.
const COMMAND_DONE_WITHIN: Duration = Duration::from_secs(90);
/// The per-request timeout given to `ems` for reads that must succeed.
const READ_TIMEOUT_MS: &str = "3000";

use ems_testkit::SETUP_HINT;

// ---------------------------------------------------------------------------------------------
// Where things are

fn workspace_root() -> PathBuf {
    ems_testkit::workspace_root(env!("CARGO_MANIFEST_DIR"))
}

fn peer_python() -> PathBuf {
    ems_testkit::peer_python(env!("CARGO_MANIFEST_DIR"), "pymodbus")
}

fn peer_script() -> PathBuf {
    let script = workspace_root().join("tests/peers/modbus_server.py");
    assert!(
        script.is_file(),
        "the pymodbus peer script is missing at {}",
        script.display()
    );
    script
}

/// A program on PATH, or a failure that says how to install it.
fn installed_tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not installed (not on PATH): {SETUP_HINT}"))
}

fn fixture_path(profile_id: &str) -> PathBuf {
    let (vendor, model) = profile_id
        .split_once('.')
        .unwrap_or_else(|| panic!("profile id {profile_id} is not vendor.model"));
    workspace_root().join(format!("profiles/meter/{vendor}/{model}.fixture.toml"))
}

fn load_fixture(path: &Path) -> Fixture {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A fresh file for a child's log, under cargo's scratch directory for integration tests.
fn log_file(label: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interop");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{label}-{}-{n}.log", std::process::id()))
}

// ---------------------------------------------------------------------------------------------
// Child processes with bounded lives

/// A child process that is killed (and reaped) when the guard drops, passing or failing.
struct KillOnDrop {
    what: String,
    child: Child,
    log: Option<PathBuf>,
    /// Sent with kill(1) instead of SIGKILL, for a child that must pass a signal on (coreutils
    /// `timeout` forwards it to the program it runs, which SIGKILL would orphan).
    stop_signal: Option<&'static str>,
}

impl KillOnDrop {
    /// What the child wrote to its log so far, for failure messages.
    fn log(&self) -> String {
        match &self.log {
            Some(path) => format!(
                "{} log ({}):\n{}",
                self.what,
                path.display(),
                std::fs::read_to_string(path).unwrap_or_default()
            ),
            None => String::new(),
        }
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let signalled = self.stop_signal.is_some_and(|signal| {
            Command::new("kill")
                .args(["-s", signal, &self.child.id().to_string()])
                .status()
                .is_ok_and(|status| status.success())
        });
        if !signalled {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Sends every line of a child's output on a channel, from a thread that reads to the end (so
/// the child never blocks on a full pipe).
fn lines_of(output: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(output).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    rx
}

/// Waits for the first line that `parse` accepts, up to a deadline.
fn wait_for_line<T>(
    lines: &mpsc::Receiver<String>,
    peer: &mut KillOnDrop,
    mut parse: impl FnMut(&str) -> Option<T>,
) -> T {
    let deadline = Instant::now() + PEER_READY_WITHIN;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                if let Some(found) = parse(&line) {
                    return found;
                }
                seen.push(line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "{} was not ready within {PEER_READY_WITHIN:?}; it said:\n{}\n{}",
                peer.what,
                seen.join("\n"),
                peer.log()
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = peer.child.wait().ok();
                panic!(
                    "{} exited ({status:?}) before it was ready (if a peer is missing or broken: \
                     {SETUP_HINT}); it said:\n{}\n{}",
                    peer.what,
                    seen.join("\n"),
                    peer.log()
                )
            }
        }
    }
}

/// How the pymodbus peer is reached.
enum Listen<'a> {
    /// Modbus TCP on 127.0.0.1, on a port the peer picks.
    Tcp,
    /// RTU slave on this serial device, 19200 baud, 8 data bits, even parity, 1 stop bit.
    Serial19200Even(&'a str),
}

/// A pymodbus device serving a fixture's raw words for one unit id.
struct ModbusPeer {
    process: KillOnDrop,
    /// `127.0.0.1:PORT` for TCP, the serial device's path for RTU.
    address: String,
}

fn start_modbus_peer(fixture: &Path, unit: u8, listen: Listen<'_>) -> ModbusPeer {
    let log = log_file("pymodbus");
    let mut command = Command::new(peer_python());
    command
        .arg(peer_script())
        .arg("--fixture")
        .arg(fixture)
        .args(["--unit", &unit.to_string()])
        .args(["--lifetime-s", &PEER_LIFETIME_S.to_string()]);
    match listen {
        Listen::Tcp => {
            command.args(["--tcp", "0"]);
        }
        Listen::Serial19200Even(device) => {
            command.args(["--serial", device, "--baud", "19200", "--parity", "E"]);
            command.args(["--data-bits", "8", "--stop-bits", "1"]);
        }
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(File::create(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display())))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the pymodbus peer: {e}; {SETUP_HINT}"));
    let mut process = KillOnDrop {
        what: format!("pymodbus peer for {}", fixture.display()),
        child,
        log: Some(log),
        stop_signal: None,
    };
    let stdout: ChildStdout = process.child.stdout.take().expect("piped stdout");
    let lines = lines_of(stdout);
    let address = wait_for_line(&lines, &mut process, |line| {
        line.strip_prefix("listening tcp ")
            .or_else(|| line.strip_prefix("listening serial "))
            .map(str::to_owned)
    });
    ModbusPeer { process, address }
}

/// A `socat` pty pair: two serial devices wired to each other.
struct PtyPair {
    _process: KillOnDrop,
    ends: [String; 2],
}

fn start_pty_pair() -> PtyPair {
    let socat = installed_tool("socat");
    let child = Command::new(socat)
        .args(["-d", "-d", "-T", &PEER_LIFETIME_S.to_string()])
        .args(["pty,raw,echo=0", "pty,raw,echo=0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start socat: {e}; {SETUP_HINT}"));
    let mut process = KillOnDrop {
        what: "socat pty pair".to_owned(),
        child,
        log: None,
        stop_signal: None,
    };
    let stderr: ChildStderr = process.child.stderr.take().expect("piped stderr");
    let lines = lines_of(stderr);
    // socat -d -d says "... N PTY is /dev/pts/7" once for each end.
    let pty = |line: &str| line.split_once("PTY is ").map(|(_, p)| p.trim().to_owned());
    let first = wait_for_line(&lines, &mut process, pty);
    let second = wait_for_line(&lines, &mut process, pty);
    PtyPair {
        _process: process,
        ends: [first, second],
    }
}

/// What one command did, run to its end.
struct Finished {
    command: String,
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Finished {
    fn describe(&self) -> String {
        format!(
            "`{}` exited with {}\n--- stdout\n{}\n--- stderr\n{}",
            self.command, self.status, self.stdout, self.stderr
        )
    }
}

/// Runs a command to its end (bounded by `COMMAND_DONE_WITHIN`), collecting its output.
fn run_to_end(mut command: Command, label: String) -> Finished {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{label}`: {e}"));
    let mut process = KillOnDrop {
        what: label.clone(),
        child,
        log: None,
        stop_signal: None,
    };
    let read_all = |mut output: Box<dyn Read + Send>| {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut text = String::new();
            let _ = output.read_to_string(&mut text);
            let _ = tx.send(text);
        });
        rx
    };
    let stdout = read_all(Box::new(process.child.stdout.take().expect("piped stdout")));
    let stderr = read_all(Box::new(process.child.stderr.take().expect("piped stderr")));
    // Both pipes reach their end when the command exits.
    let deadline = Instant::now() + COMMAND_DONE_WITHIN;
    let collect = |rx: mpsc::Receiver<String>| {
        rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("`{label}` did not finish within {COMMAND_DONE_WITHIN:?}"))
    };
    let stdout = collect(stdout);
    let stderr = collect(stderr);
    let status = process
        .child
        .wait()
        .unwrap_or_else(|e| panic!("`{label}`: {e}"));
    Finished {
        command: label,
        status,
        stdout,
        stderr,
    }
}

/// Runs the `ems` binary to its end.
fn run_ems(args: &[&str]) -> Finished {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ems"));
    command.args(args).env("EMS_LOG", "warn");
    run_to_end(command, format!("ems {}", args.join(" ")))
}

// ---------------------------------------------------------------------------------------------
// Reading and checking

/// `ems device read --json` of one profile, unit and transport; fails unless it succeeds.
fn read_json(profile_id: &str, unit: u8, transport: &[&str], extra: &[&str]) -> serde_json::Value {
    let unit = unit.to_string();
    let mut args = vec!["device", "read", "--json", "--profile", profile_id];
    args.extend_from_slice(transport);
    args.extend_from_slice(&["--unit", &unit, "--timeout-ms", READ_TIMEOUT_MS]);
    args.extend_from_slice(extra);
    let run = run_ems(&args);
    assert!(run.status.success(), "the read failed: {}", run.describe());
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", run.describe()))
}

/// Every way the JSON of a read differs from the fixture, one line each.
fn differences(
    json: &serde_json::Value,
    profile_id: &str,
    unit: u8,
    fixture: &Fixture,
) -> Vec<String> {
    let mut failures = Vec::new();
    let device = &json["device"];
    if device["profile"] != profile_id {
        failures.push(format!("device.profile is {}", device["profile"]));
    }
    if device["unit_id"] != u64::from(unit) {
        failures.push(format!("device.unit_id is {}", device["unit_id"]));
    }
    if !json["timestamp"].is_string() && !json["timestamp"].is_number() {
        failures.push(format!("timestamp is {}", json["timestamp"]));
    }
    let Some(points) = json["points"].as_object() else {
        failures.push(format!("points is not an object: {}", json["points"]));
        return failures;
    };

    for (&point, &expected) in &fixture.expected {
        let name = point.name();
        let Some(sample) = points.get(name) else {
            failures.push(format!("{name}: missing (expected {expected})"));
            continue;
        };
        if sample["quality"] != "good" {
            failures.push(format!(
                "{name}: quality {} (expected good)",
                sample["quality"]
            ));
        }
        if sample["unit"] != point.unit().symbol() {
            failures.push(format!(
                "{name}: unit {} (expected {})",
                sample["unit"],
                point.unit().symbol()
            ));
        }
        let value = &sample["value"];
        let ok = if point.is_counter() {
            // Counters are integers in the canonical unit, compared exactly.
            value.as_i64().is_some_and(|v| v as f64 == expected)
        } else {
            value
                .as_f64()
                .is_some_and(|v| (v - expected).abs() <= 1e-6 * expected.abs().max(1e-3))
        };
        if !ok {
            let kind = if point.is_counter() { "counter " } else { "" };
            failures.push(format!("{name}: {value} (expected {kind}{expected})"));
        }
    }

    for point in &fixture.not_available {
        let name = point.name();
        match points.get(name) {
            None => failures.push(format!("{name}: missing (expected not available)")),
            Some(sample) if sample["quality"] != "bad" => failures.push(format!(
                "{name}: {sample} (expected quality bad: the raw value is a sentinel)"
            )),
            Some(_) => {}
        }
    }

    let known: BTreeSet<&str> = fixture
        .expected
        .keys()
        .chain(&fixture.not_available)
        .map(|p| p.name())
        .collect();
    for name in points.keys() {
        if !known.contains(name.as_str()) {
            failures.push(format!(
                "{name}: read ({}) but not in the fixture",
                points[name]
            ));
        }
    }
    failures
}

fn assert_matches_fixture(
    json: &serde_json::Value,
    profile_id: &str,
    unit: u8,
    fixture: &Fixture,
    how: &str,
) {
    let failures = differences(json, profile_id, unit, fixture);
    assert!(
        failures.is_empty(),
        "{profile_id} read {how} differs from its fixture in {} way(s):\n{}\n--- full read\n{}",
        failures.len(),
        failures.join("\n"),
        serde_json::to_string_pretty(json).unwrap_or_default()
    );
}

/// Serves a profile's fixture with pymodbus over TCP and reads it with ems, coalesced and one
/// value per request; returns every failure instead of panicking, so walks can collect them.
fn tcp_read_failures(profile_id: &str, unit: u8) -> Vec<String> {
    let path = fixture_path(profile_id);
    let fixture = load_fixture(&path);
    let peer = start_modbus_peer(&path, unit, Listen::Tcp);
    let mut failures = Vec::new();
    for (how, extra) in [
        ("coalesced over TCP", &[][..]),
        ("one value per read over TCP", &["--one-value-per-read"][..]),
    ] {
        let result = std::panic::catch_unwind(|| {
            let json = read_json(profile_id, unit, &["--tcp", &peer.address], extra);
            assert_matches_fixture(&json, profile_id, unit, &fixture, how);
        });
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{message}\n{}", peer.process.log()));
        }
    }
    failures
}

fn assert_tcp_reads_match_fixture(profile_id: &str, unit: u8) {
    let failures = tcp_read_failures(profile_id, unit);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Modbus TCP against pymodbus

#[test]
fn an_eastron_sdm630_of_f32_registers_served_by_pymodbus_over_tcp_reads_as_its_fixture() {
    assert_tcp_reads_match_fixture("eastron.sdm630", 1);
}

#[test]
fn a_carlo_gavazzi_em24_of_little_word_order_i32_served_by_pymodbus_reads_as_its_fixture() {
    assert_tcp_reads_match_fixture("carlo_gavazzi.em24", 7);
}

#[test]
fn an_abb_b23_of_u32_and_u64_registers_with_sentinels_served_by_pymodbus_reads_as_its_fixture() {
    assert_tcp_reads_match_fixture("abb.b23", 3);
}

#[test]
fn a_sunspec_meter_203_with_scale_factors_served_by_pymodbus_reads_as_its_fixture() {
    assert_tcp_reads_match_fixture("sunspec.meter_203", 126);
}

#[test]
fn every_other_built_in_profile_served_by_pymodbus_over_tcp_reads_as_its_fixture() {
    const NAMED: [&str; 4] = [
        "eastron.sdm630",
        "carlo_gavazzi.em24",
        "abb.b23",
        "sunspec.meter_203",
    ];
    let library = Library::builtin().unwrap_or_else(|e| panic!("built-in profiles: {e}"));
    let mut failures = Vec::new();
    let mut walked = 0;
    for profile in &library {
        let id = profile.id.as_str();
        if NAMED.contains(&id) || library.fixture(id).is_none() {
            continue;
        }
        if !fixture_path(id).is_file() {
            failures.push(format!(
                "{id}: no fixture at {}",
                fixture_path(id).display()
            ));
            continue;
        }
        walked += 1;
        failures.extend(tcp_read_failures(id, 1));
    }
    assert!(walked > 0, "the walk found no other built-in profile");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_word_changed_on_the_peer_is_caught_by_the_comparison_with_the_fixture() {
    // Guards the harness against passing vacuously: serve the SDM630 fixture with one bit of the
    // first word (input register 0, the high word of voltage_l1) flipped.
    let profile_id = "eastron.sdm630";
    let path = fixture_path(profile_id);
    let fixture = load_fixture(&path);
    let mut doc: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let first_block = &mut doc["raw"].as_array_mut().unwrap()[0];
    assert_eq!(first_block["table"].as_str(), Some("input"));
    assert_eq!(first_block["address"].as_integer(), Some(0));
    let first_word = &mut first_block["words"].as_array_mut().unwrap()[0];
    *first_word = toml::Value::Integer(first_word.as_integer().unwrap() ^ 0x0001);
    let changed = log_file("sdm630-changed").with_extension("toml");
    std::fs::write(&changed, toml::to_string(&doc).unwrap()).unwrap();

    let peer = start_modbus_peer(&changed, 1, Listen::Tcp);
    let json = read_json(profile_id, 1, &["--tcp", &peer.address], &[]);
    let failures = differences(&json, profile_id, 1, &fixture);
    assert!(
        failures.len() == 1 && failures[0].starts_with("voltage_l1:"),
        "expected exactly voltage_l1 to differ, got:\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Modbus RTU against pymodbus on a pty pair

#[test]
fn an_eastron_sdm630_as_a_pymodbus_rtu_slave_on_a_pty_pair_reads_as_its_fixture_at_19200_even() {
    let profile_id = "eastron.sdm630";
    let unit = 2;
    let path = fixture_path(profile_id);
    let fixture = load_fixture(&path);
    let pty = start_pty_pair();
    let peer = start_modbus_peer(&path, unit, Listen::Serial19200Even(&pty.ends[0]));
    let serial = [
        "--serial",
        pty.ends[1].as_str(),
        "--baud",
        "19200",
        "--parity",
        "even",
    ];
    for (how, extra) in [
        ("coalesced over RTU", &[][..]),
        ("one value per read over RTU", &["--one-value-per-read"][..]),
    ] {
        let json = read_json(profile_id, unit, &serial, extra);
        let failures = differences(&json, profile_id, unit, &fixture);
        assert!(
            failures.is_empty(),
            "{profile_id} read {how} differs from its fixture:\n{}\n{}",
            failures.join("\n"),
            peer.process.log()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Failures a user must understand

/// Lowercase stderr of a read that must fail, with the failure checked.
fn failed_read_stderr(args: &[&str]) -> String {
    let run = run_ems(args);
    assert!(
        !run.status.success(),
        "the read should fail: {}",
        run.describe()
    );
    assert!(
        !run.stderr.trim().is_empty(),
        "a failed read says nothing on stderr: {}",
        run.describe()
    );
    assert!(
        run.stdout.trim().is_empty(),
        "a failed read printed a result: {}",
        run.describe()
    );
    run.stderr.to_lowercase()
}

fn mentions_a_timeout(stderr: &str) -> bool {
    ["no answer", "timeout", "timed out"]
        .iter()
        .any(|words| stderr.contains(words))
}

#[test]
fn a_read_of_a_unit_id_the_tcp_server_does_not_answer_fails_saying_there_was_no_answer() {
    let path = fixture_path("eastron.sdm630");
    let peer = start_modbus_peer(&path, 1, Listen::Tcp);
    let stderr = failed_read_stderr(&[
        "device",
        "read",
        "--profile",
        "eastron.sdm630",
        "--tcp",
        &peer.address,
        "--unit",
        "9",
        "--timeout-ms",
        "300",
    ]);
    assert!(
        mentions_a_timeout(&stderr) && stderr.contains("300 ms") && stderr.contains("unit 9"),
        "stderr should name the unit and say it did not answer within 300 ms:\n{stderr}"
    );
}

#[test]
fn a_read_of_a_unit_id_that_is_silent_on_an_rtu_line_fails_saying_there_was_no_answer() {
    let path = fixture_path("eastron.sdm630");
    let pty = start_pty_pair();
    let _peer = start_modbus_peer(&path, 1, Listen::Serial19200Even(&pty.ends[0]));
    let stderr = failed_read_stderr(&[
        "device",
        "read",
        "--profile",
        "eastron.sdm630",
        "--serial",
        &pty.ends[1],
        "--baud",
        "19200",
        "--parity",
        "even",
        "--unit",
        "9",
        "--timeout-ms",
        "300",
    ]);
    assert!(
        mentions_a_timeout(&stderr) && stderr.contains("300 ms") && stderr.contains("unit 9"),
        "stderr should name the unit and say it did not answer within 300 ms:\n{stderr}"
    );
}

#[test]
fn a_read_with_no_server_listening_fails_saying_it_cannot_connect() {
    // A port that was free a moment ago and has no listener now.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
        listener.local_addr().expect("local address").port()
    };
    let address = format!("127.0.0.1:{port}");
    let stderr = failed_read_stderr(&[
        "device",
        "read",
        "--profile",
        "eastron.sdm630",
        "--tcp",
        &address,
        "--unit",
        "1",
        "--timeout-ms",
        "1000",
    ]);
    assert!(
        stderr.contains("connect") && stderr.contains(&address),
        "stderr should say it cannot connect to {address}:\n{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// mbpoll against `ems sim`

/// `ems sim` serving a sim file, with its listener's address once it is listening.
struct EmsSim {
    process: KillOnDrop,
    address: String,
}

fn start_ems_sim(sim_file: &Path, listener: &str) -> EmsSim {
    let log = log_file("ems-sim");
    // `ems sim` runs until SIGINT: coreutils `timeout` bounds its life, and the guard stops it
    // with SIGTERM, which `timeout` passes on (SIGKILL would leave ems running).
    let child = Command::new(installed_tool("timeout"))
        .args(["-k", "5", "-s", "INT", &PEER_LIFETIME_S.to_string()])
        .arg(env!("CARGO_BIN_EXE_ems"))
        .arg("sim")
        .arg(sim_file)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(File::create(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display())))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `ems sim`: {e}"));
    let mut process = KillOnDrop {
        what: format!("ems sim {}", sim_file.display()),
        child,
        log: Some(log),
        stop_signal: Some("TERM"),
    };
    let stdout: ChildStdout = process.child.stdout.take().expect("piped stdout");
    let lines = lines_of(stdout);
    let prefix = format!("listener {listener} at ");
    let address = wait_for_line(&lines, &mut process, |line| {
        line.strip_prefix(&prefix).map(|a| a.trim().to_owned())
    });
    EmsSim { process, address }
}

#[test]
fn mbpoll_reads_plausible_voltages_from_an_eastron_sdm630_simulated_by_ems_sim() {
    let mbpoll = installed_tool("mbpoll");
    let sim_file = log_file("sdm630-sim").with_extension("toml");
    std::fs::write(
        &sim_file,
        r#"seed = 1

[listeners.tcp]
kind = "modbus_tcp"
bind = "127.0.0.1:0"

[devices.main]
profile = "eastron.sdm630"
listener = "tcp"
unit_id = 1
"#,
    )
    .unwrap();
    let sim = start_ems_sim(&sim_file, "tcp");
    let (_, port) = sim
        .address
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("listener address {} has no port", sim.address));

    // Input registers 30001..30006: the phase voltages as big-endian f32, read once.
    let mut command = Command::new(mbpoll);
    command
        .args([
            "-m", "tcp", "-a", "1", "-r", "1", "-c", "3", "-t", "3:float", "-B",
        ])
        .args(["-1", "-o", "2", "-p", port, "127.0.0.1"]);
    let run = run_to_end(command, format!("mbpoll ... -p {port} 127.0.0.1"));
    let describe = || format!("{}\n{}", run.describe(), sim.process.log());
    assert!(run.status.success(), "mbpoll failed: {}", describe());

    // mbpoll prints one "[REF]: <tab>VALUE" line per value.
    let voltages: Vec<(String, f64)> = run
        .stdout
        .lines()
        .filter_map(|line| {
            let (reference, value) = line.trim().split_once("]:")?;
            let value = value.trim().parse().ok()?;
            Some((reference.trim_start_matches('[').to_owned(), value))
        })
        .collect();
    let references: Vec<&str> = voltages.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(references, ["1", "3", "5"], "{}", describe());
    for (reference, volts) in &voltages {
        assert!(
            (200.0..=260.0).contains(volts),
            "register {reference}: {volts} V is not a plausible phase voltage\n{}",
            describe()
        );
    }
}
