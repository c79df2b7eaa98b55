//! The store of a data directory and the site configuration kept in it: which site `ems run`
//! runs, and `ems config import | export | versions`.

use crate::cli::load_site;
use anyhow::{Context, Result, anyhow, bail};
use ems_model::site::{SiteConfig, SiteSettings, is_time_zone};
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

/// Opens the store in `dir` for maintenance; it must exist (only `ems run` and `ems demo`
/// create one).
pub fn open_existing_store(dir: &Path) -> Result<SqliteStore> {
    if !dir.join(ems_store::sqlite::DATABASE_FILE).exists() {
        bail!(
            "no store in {} (ems run or ems demo create one)",
            dir.display()
        );
    }
    open_store(dir, Arc::new(SystemClock))
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

/// The file naming the system's time zone (Debian's).
const TIMEZONE_FILE: &str = "/etc/timezone";
/// The link to the system's time zone in the `zoneinfo` database.
const LOCALTIME_LINK: &str = "/etc/localtime";
/// The files holding the machine's host name, in order of preference.
const HOST_NAME_FILES: [&str; 2] = ["/proc/sys/kernel/hostname", "/etc/hostname"];
/// The default site's name when the machine's host name cannot be read.
const FALLBACK_SITE_NAME: &str = "ems";

/// The site a new box starts with when it is given no site file: the Local gateway, the
/// predefined loads and no devices, named after the machine and in its time zone (UTC when it
/// cannot be told), with the default currency (EUR), sample rate (15 minutes) and language
/// (English). The first-run wizard completes it.
pub fn default_site() -> SiteConfig {
    let host_name = HOST_NAME_FILES
        .iter()
        .find_map(|file| std::fs::read_to_string(file).ok());
    let time_zone = system_time_zone(
        std::fs::read_to_string(TIMEZONE_FILE).ok().as_deref(),
        std::fs::read_link(LOCALTIME_LINK).ok().as_deref(),
    );
    SiteConfig::new(SiteSettings::new(
        site_name(host_name.as_deref()),
        time_zone,
    ))
}

/// The default site's name: the machine's host name, or [`FALLBACK_SITE_NAME`] when there is
/// none (a site's name must not be blank).
fn site_name(host_name: Option<&str>) -> String {
    host_name
        .map(str::trim)
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or(FALLBACK_SITE_NAME)
        .to_owned()
}

/// The IANA name of the system's time zone: the one written in [`TIMEZONE_FILE`], or else the
/// path of the `zoneinfo` file that [`LOCALTIME_LINK`] links to; `UTC` when neither names a
/// time zone of ems's database.
fn system_time_zone(timezone_file: Option<&str>, localtime_target: Option<&Path>) -> String {
    let from_file = timezone_file.map(str::trim);
    let from_link = localtime_target
        .and_then(Path::to_str)
        .and_then(|target| target.rsplit_once("zoneinfo/"))
        .map(|(_, name)| {
            ["posix/", "right/"]
                .iter()
                .find_map(|variant| name.strip_prefix(variant))
                .unwrap_or(name)
        });
    [from_file, from_link]
        .into_iter()
        .flatten()
        .find(|name| is_time_zone(name))
        .unwrap_or("UTC")
        .to_owned()
}

/// The site `ems run` runs: the one in the store; or, when the store holds none, `file`, or
/// without a file the [`default_site`] (either is then saved as the first version). A file
/// that differs from the stored configuration is refused: the store is the reference once it
/// has one, and replacing it is an explicit `ems config import`.
pub fn site_for_run(
    store: &SqliteStore,
    file: Option<&Path>,
    library: &Library,
) -> Result<SiteConfig> {
    let stored = store.reader()?.site_config(None)?;
    let dir = store.dir().display();
    let (site, source) = match (stored, file) {
        (None, None) => (default_site(), ConfigSource::Default),
        (None, Some(file)) => (load_site(file, library)?, ConfigSource::Seed),
        (Some(stored), None) => (parse_version(&stored, library)?, stored.source),
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
            (site, ConfigSource::Seed)
        }
    };
    // Saves the first version, and applies the layout (scopes, calendar) even when the version
    // is unchanged.
    if let Some(version) = store.save_site(&site, source)? {
        match file {
            Some(file) => {
                tracing::info!(file = %file.display(), version, "site configuration saved")
            }
            None if source == ConfigSource::Default => tracing::info!(
                version,
                name = %site.site.name,
                time_zone = %site.site.time_zone,
                "no site file: started with the default site, to be completed in the web \
                 interface's first-run wizard"
            ),
            None => tracing::info!(version, "site configuration saved again"),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_site_is_named_after_the_machine_or_else_ems() {
        assert_eq!(site_name(Some("gateway-7\n")), "gateway-7");
        assert_eq!(site_name(Some(" \n")), "ems");
        assert_eq!(site_name(Some("bad\u{7}name")), "ems");
        assert_eq!(site_name(None), "ems");
    }

    #[test]
    fn the_system_time_zone_comes_from_etc_timezone_or_the_localtime_link_or_is_utc() {
        let link = |target: &str| Some(Path::new(target).to_owned());
        assert_eq!(
            system_time_zone(
                Some("Europe/Rome\n"),
                link("/usr/share/zoneinfo/UTC").as_deref()
            ),
            "Europe/Rome"
        );
        assert_eq!(
            system_time_zone(
                None,
                link("../usr/share/zoneinfo/America/New_York").as_deref()
            ),
            "America/New_York"
        );
        assert_eq!(
            system_time_zone(
                Some("Mars/Olympus"),
                link("/usr/share/zoneinfo/posix/Europe/Paris").as_deref()
            ),
            "Europe/Paris"
        );
        assert_eq!(
            system_time_zone(Some(""), link("/etc/alternatives/nowhere").as_deref()),
            "UTC"
        );
        assert_eq!(system_time_zone(None, None), "UTC");
    }

    #[test]
    fn the_default_site_is_valid_and_has_no_devices() {
        let library = Library::builtin().unwrap();
        let site = default_site();
        assert!(
            site.validate(&library).is_empty(),
            "{:?}",
            site.validate(&library)
        );
        assert!(site.devices.is_empty() && site.links.is_empty());
        assert_eq!(site.gateways.len(), 1);
        assert_eq!(site.loads.len(), 6);
        assert_eq!(site.site.currency, "EUR");
        assert_eq!(site.site.sample_rate.minutes(), 15);
        assert_eq!(site.site.language.code(), "en");
    }
}
