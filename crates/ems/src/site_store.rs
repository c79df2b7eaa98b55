//! The store of a data directory and the site configuration kept in it: which site `ems run`
//! runs, and `ems config import | export | versions`.

use crate::cli::load_site;
use anyhow::{Context, Result, anyhow, bail};
use ems_model::site::SiteConfig;
use ems_model::{Clock, SystemClock};
use ems_profile::load::Library;
use ems_store::sqlite::{SqliteReader, SqliteStore, StoreOptions};
use ems_store::store::{ConfigSource, ConfigVersion};
use ems_store::{HistoryWriter, RecordsReader};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Opens (creating when needed) the store in `dir`.
pub fn open_store(dir: &Path, clock: Arc<dyn Clock>) -> Result<SqliteStore> {
    SqliteStore::open(dir, StoreOptions::default(), clock)
        .with_context(|| format!("data directory {}", dir.display()))
}

/// Opens the store in `dir` for reading; it must exist.
pub fn open_reader(dir: &Path) -> Result<SqliteReader> {
    SqliteReader::open(dir).with_context(|| format!("data directory {}", dir.display()))
}

/// Parses a stored configuration version.
pub fn parse_version(version: &ConfigVersion, library: &Library) -> Result<SiteConfig> {
    SiteConfig::from_toml_str(&version.site_toml, library).map_err(|errors| {
        anyhow!(
            "the stored site configuration (version {}) does not load any more: {} error(s)\n{errors}\n\
             (a device profile it names may have been removed; import a corrected file with `ems config import`)",
            version.version,
            errors.errors.len()
        )
    })
}

/// The site `ems run` runs: the one in the store, or `file` when the store holds none (it is
/// then saved as the first version). A file that differs from the stored configuration is
/// refused: the store is the reference once it has one, and replacing it is an explicit
/// `ems config import`.
pub fn site_for_run(
    store: &SqliteStore,
    file: Option<&Path>,
    library: &Library,
) -> Result<SiteConfig> {
    let stored = store.reader()?.site_config(None)?;
    let dir = store.dir().display();
    let site = match (stored, file) {
        (None, None) => bail!(
            "{dir} holds no site configuration: start with a site file (ems run SITE.toml) \
             or import one (ems config import SITE.toml)"
        ),
        (None, Some(file)) => {
            let site = load_site(file, library)?;
            store.save_site(&site, ConfigSource::Seed)?;
            tracing::info!(file = %file.display(), "site configuration saved as version 1");
            site
        }
        (Some(stored), None) => parse_version(&stored, library)?,
        (Some(stored), Some(file)) => {
            let site = load_site(file, library)?;
            if site.to_toml_string() != stored.site_toml {
                bail!(
                    "{dir} already holds a site configuration (version {}, saved {}) that differs from {}; \
                     replace it with `ems config import {} --data-dir {dir}`, or start without a file to run the stored one",
                    stored.version,
                    stored.saved_at,
                    file.display(),
                    file.display()
                );
            }
            site
        }
    };
    // Applies the layout (scopes, calendar) even when the version is unchanged.
    store.save_site(&site, ConfigSource::Seed)?;
    Ok(site)
}

/// `ems config import`: validates a site file and saves it as a new version.
pub fn import(dir: &Path, file: &Path, library: &Library) -> Result<String> {
    let site = load_site(file, library)?;
    let store = open_store(dir, Arc::new(SystemClock))?;
    let saved = store.save_site(&site, ConfigSource::Import)?;
    store.close()?;
    Ok(match saved {
        Some(version) => format!(
            "{}: saved as site configuration version {version} in {} (a running ems uses it after a restart)\n",
            file.display(),
            dir.display()
        ),
        None => format!(
            "{}: identical to the stored configuration; nothing changed\n",
            file.display()
        ),
    })
}

/// `ems config export`: the stored site file (the latest, or `version`), to standard output or
/// to `output` (written to a temporary file, synced, then renamed).
pub fn export(dir: &Path, version: Option<u32>, output: Option<&Path>) -> Result<String> {
    let reader = open_reader(dir)?;
    let stored = reader.site_config(version)?.ok_or_else(|| match version {
        Some(v) => anyhow!("{} holds no site configuration version {v}", dir.display()),
        None => anyhow!("{} holds no site configuration", dir.display()),
    })?;
    match output {
        None => Ok(stored.site_toml),
        Some(path) => {
            write_file_atomically(path, stored.site_toml.as_bytes())?;
            Ok(format!(
                "site configuration version {} written to {}\n",
                stored.version,
                path.display()
            ))
        }
    }
}

/// `ems config versions`: one line per stored version, newest first.
pub fn versions(dir: &Path) -> Result<String> {
    let reader = open_reader(dir)?;
    let mut out = String::from("VERSION  SAVED                     SOURCE\n");
    for v in reader.config_versions()? {
        out.push_str(&format!(
            "{:<8} {:<25} {}\n",
            v.version,
            v.saved_at.to_string(),
            v.source
        ));
    }
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file in the same directory, synced and renamed,
/// so that `path` is either the old or the new file, never a torn one.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file name", path.display()))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(".partial");
    let temp = dir.join(temp_name);
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        std::fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}
