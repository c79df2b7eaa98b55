//! Embeds the web UI's build (`web/dist`, made by `make ui`) in the binary: a table of its files
//! with their content types, entity tags and precompressed copies. Without a build the table is
//! empty and the server says how to make one. Nothing here runs npm or downloads anything.

use std::collections::hash_map::DefaultHasher;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let web = manifest.join("../../web");
    let dist = web.join("dist");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("ui_assets.rs");
    let mut table = String::from(
        "/// The files of the web UI's build, by path.\npub static EMBEDDED: &[Asset] = &[\n",
    );
    if dist.join("index.html").is_file() {
        println!("cargo::rerun-if-changed={}", dist.display());
        let mut files = Vec::new();
        collect(&dist, &mut files);
        files.sort();
        for file in files {
            let Ok(relative) = file.strip_prefix(&dist) else {
                continue;
            };
            let path = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let mut hasher = DefaultHasher::new();
            bytes.hash(&mut hasher);
            let variant = |extension: &str| {
                let copy = PathBuf::from(format!("{}.{extension}", file.display()));
                if copy.is_file() {
                    format!("Some(include_bytes!({:?}))", copy.display().to_string())
                } else {
                    "None".to_owned()
                }
            };
            let _ = writeln!(
                table,
                "    Asset {{ path: {path:?}, content_type: {:?}, etag: \"\\\"{:016x}\\\"\", \
                 immutable: {}, identity: include_bytes!({:?}), gzip: {}, brotli: {} }},",
                content_type(&path),
                hasher.finish(),
                path.starts_with("/assets/"),
                file.display().to_string(),
                variant("gz"),
                variant("br"),
            );
        }
    } else {
        // No build yet: look again when one appears.
        println!("cargo::rerun-if-changed={}", web.display());
    }
    table.push_str("];\n");
    if std::fs::read_to_string(&out).ok().as_deref() != Some(table.as_str()) {
        std::fs::write(&out, table).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
}

/// Every file under `dir` except the compressed copies.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("gz" | "br")) {
            files.push(path);
        }
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, extension)| extension) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt" | "ftl") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
