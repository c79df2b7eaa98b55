//! Embeds the built-in device profiles: walks `<workspace>/profiles/` and writes, into `OUT_DIR`,
//! two tables of `(relative path, include_str!(absolute path))` pairs, one for the profiles and one
//! for their `*.fixture.toml` fixtures. A missing or empty directory yields empty tables.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest_dir.join("..").join("..").join("profiles");
    println!("cargo::rerun-if-changed={}", root.display());

    let mut files = Vec::new();
    if root.is_dir() {
        collect(&root, &root, &mut files)?;
    }
    files.sort();

    let mut profiles = String::new();
    let mut fixtures = String::new();
    for (relative, absolute) in &files {
        println!("cargo::rerun-if-changed={}", absolute.display());
        let Some(absolute_str) = absolute.to_str() else {
            println!(
                "cargo::warning=skipping profile with a non-UTF-8 path: {}",
                absolute.display()
            );
            continue;
        };
        let target = if relative.ends_with(".fixture.toml") {
            &mut fixtures
        } else {
            &mut profiles
        };
        // `{:?}` writes a Rust string literal with every special character escaped.
        let _ = writeln!(
            target,
            "    ({relative:?}, include_str!({absolute_str:?})),"
        );
    }

    let generated = format!(
        "/// Built-in profiles: (path relative to `profiles/`, contents).\n\
         pub(crate) static BUILTIN_PROFILES: &[(&str, &str)] = &[\n{profiles}];\n\n\
         /// Built-in fixtures: (path relative to `profiles/`, contents).\n\
         pub(crate) static BUILTIN_FIXTURES: &[(&str, &str)] = &[\n{fixtures}];\n"
    );
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    fs::write(out_dir.join("builtin_profiles.rs"), generated)
}

/// Collects every `*.toml` file below `dir` as (path relative to `root` with `/` separators,
/// absolute path). Hidden files and directories are skipped.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    println!("cargo::rerun-if-changed={}", dir.display());
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect(root, &path, files)?;
        } else if name.to_string_lossy().ends_with(".toml") {
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let absolute = fs::canonicalize(&path)?;
            files.push((relative.join("/"), absolute));
        }
    }
    Ok(())
}
