//! Helpers shared by the tests of the ems crates (a dev-dependency only): golden files compared
//! or rewritten, the workspace root, and the Python of the test peers that
//! `scripts/test-deps.sh` installs.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What to tell a developer whose test peers are missing.
pub const SETUP_HINT: &str =
    "run scripts/test-deps.sh (from the workspace root) to install the test peers";

/// The workspace root, from a crate's `CARGO_MANIFEST_DIR` (crates live in `crates/<name>`).
pub fn workspace_root(manifest_dir: &str) -> PathBuf {
    let root = Path::new(manifest_dir).join("../..");
    root.canonicalize()
        .unwrap_or_else(|e| panic!("workspace root {}: {e}", root.display()))
}

/// The Python of the test peers' virtual environment; fails the test with [`SETUP_HINT`] when
/// it is missing, naming `peer` (what the test needed it for).
pub fn peer_python(manifest_dir: &str, peer: &str) -> PathBuf {
    let python = workspace_root(manifest_dir).join("target/test-peers/venv/bin/python");
    assert!(
        python.is_file(),
        "the {peer} peer's Python is missing at {}: {SETUP_HINT}",
        python.display()
    );
    python
}

/// True when golden files are being rewritten (`EMS_UPDATE_GOLDEN=1`).
pub fn updating_golden() -> bool {
    std::env::var("EMS_UPDATE_GOLDEN").is_ok_and(|v| v == "1")
}

/// Compares `actual` with the golden file at `path`, or rewrites it when
/// [`updating_golden`]. Returns a description of the difference, if any.
pub fn golden(path: &Path, actual: &str) -> Option<String> {
    if updating_golden() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        let unchanged = std::fs::read_to_string(path).is_ok_and(|old| old == actual);
        if !unchanged {
            std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // Straight to the standard error, which the test harness does not capture.
            let _ = writeln!(
                std::io::stderr(),
                "EMS_UPDATE_GOLDEN: rewrote {}",
                path.display()
            );
        }
        return None;
    }
    let Ok(expected) = std::fs::read_to_string(path) else {
        return Some(format!(
            "{}: missing (run with EMS_UPDATE_GOLDEN=1 to write it, then review it)",
            path.display()
        ));
    };
    (expected != actual).then(|| diff(path, &expected, actual))
}

/// [`golden`], failing the test on a difference.
pub fn assert_golden(path: &Path, actual: &str) {
    if let Some(difference) = golden(path, actual) {
        panic!("{difference}");
    }
}

/// The first differing lines of two texts, with a little context.
fn diff(path: &Path, expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.split_inclusive('\n').collect();
    let actual: Vec<&str> = actual.split_inclusive('\n').collect();
    let first = expected
        .iter()
        .zip(&actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let mut text = format!(
        "{} differs from line {} on ({} lines expected, {} produced); \
         EMS_UPDATE_GOLDEN=1 rewrites it (- expected, + produced):\n",
        path.display(),
        first + 1,
        expected.len(),
        actual.len()
    );
    for i in first.saturating_sub(2)..first + 5 {
        match (expected.get(i), actual.get(i)) {
            (Some(e), Some(a)) if e == a => text += &format!("    {:4}   {e:?}\n", i + 1),
            (e, a) => {
                if let Some(e) = e {
                    text += &format!("  - {:4}   {e:?}\n", i + 1);
                }
                if let Some(a) = a {
                    text += &format!("  + {:4}   {a:?}\n", i + 1);
                }
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_names_the_file_the_first_differing_line_and_both_versions() {
        let text = diff(Path::new("x.csv"), "a\nb\nc\n", "a\nB\nc\n");
        assert!(text.starts_with("x.csv differs from line 2 on (3 lines expected, 3 produced)"));
        assert!(text.contains("  -    2   \"b\\n\""));
        assert!(text.contains("  +    2   \"B\\n\""));
        assert!(text.contains("       1   \"a\\n\""));
    }
}
