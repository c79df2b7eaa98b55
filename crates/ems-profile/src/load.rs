//! The profile library: the built-in profiles embedded at build time, plus a user directory of
//! the same layout.
//!
//! Loading never stops at the first problem. Each file is parsed once into a spanned document;
//! when it does not deserialise as a whole, every section (the header, `[modbus]`,
//! `[conventions]`, each `[[identify]]` and each `[[registers]]` entry) is deserialised on its own
//! so that each broken section reports its error. Error positions from serde are turned into key
//! paths (`registers[3].unit`) by finding the innermost key or value whose span covers them.
//! Profiles that deserialise are then validated ([`crate::validate::validate_at_path`]).

use crate::fixture::Fixture;
use crate::generic::{GENERIC_METER_ID, GenericMeterError, generic_meter_profile};
use crate::schema::{Conventions, IdentifyRegister, ModbusSettings, Profile, Register};
use crate::validate::{Problem, id_from_path, validate_at_path};
use ems_model::site::GenericModbusMeter;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer, ValueDeserializer};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_profiles.rs"));
}

/// The profiles ems knows, by id, with their fixtures.
#[derive(Debug, Clone, Default)]
pub struct Library {
    profiles: BTreeMap<String, Arc<Profile>>,
    fixtures: BTreeMap<String, Fixture>,
}

/// One problem found while loading profiles.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {}{kind}", path_prefix(.path.as_deref()))]
pub struct LoadError {
    /// The file: its path below `profiles/` for built-in files, its full path for user files.
    pub file: String,
    /// Key path inside the file (`registers[3].unit`), when known.
    pub path: Option<String>,
    /// What is wrong.
    pub kind: LoadErrorKind,
}

fn path_prefix(path: Option<&str>) -> String {
    path.map(|p| format!("{p}: ")).unwrap_or_default()
}

/// What is wrong with a profile or fixture file.
#[derive(Debug, thiserror::Error)]
pub enum LoadErrorKind {
    /// The file or directory cannot be read.
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    /// The file is not valid TOML.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A field is missing, unknown or of the wrong type or value.
    #[error("{0}")]
    Schema(String),
    /// The profile breaks a rule of the validator.
    #[error(transparent)]
    Invalid(Problem),
    /// The profile uses the id of the generic Modbus meter.
    #[error("the id \"{GENERIC_METER_ID}\" is reserved for the generic Modbus meter")]
    ReservedId,
    /// A fixture has no profile beside it.
    #[error("no profile {0} beside this fixture")]
    FixtureWithoutProfile(String),
}

/// Every problem found while loading, in file order.
#[derive(Debug, thiserror::Error)]
pub struct LoadErrors {
    /// The problems.
    pub errors: Vec<LoadError>,
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_char('\n')?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// A device's profile that cannot be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    /// No profile has this id.
    #[error("unknown profile \"{id}\"{}", suggestion_suffix(.suggestion.as_deref()))]
    Unknown {
        /// The id given.
        id: String,
        /// The closest known id, when one is close.
        suggestion: Option<String>,
    },
    /// The generic Modbus meter needs its parameters.
    #[error(
        "profile \"{GENERIC_METER_ID}\" needs `generic` parameters (function, register, words, multiplier)"
    )]
    GenericWithoutParameters,
    /// Generic parameters were given for another profile.
    #[error("`generic` parameters apply only to profile \"{GENERIC_METER_ID}\", not \"{0}\"")]
    ParametersForNonGeneric(String),
    /// The generic parameters describe no readable register.
    #[error(transparent)]
    Generic(#[from] GenericMeterError),
}

fn suggestion_suffix(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!("; did you mean \"{s}\"?"))
        .unwrap_or_default()
}

impl Library {
    /// The built-in profiles and fixtures, embedded at build time from `profiles/`.
    pub fn builtin() -> Result<Self, LoadErrors> {
        let files = embedded::BUILTIN_PROFILES
            .iter()
            .chain(embedded::BUILTIN_FIXTURES)
            .map(|&(relative, text)| SourceFile {
                name: FileName {
                    display: relative.to_owned(),
                    relative: relative.to_owned(),
                },
                text: Ok(text.to_owned()),
            })
            .collect();
        let mut library = Library::default();
        library.add(files)?;
        Ok(library)
    }

    /// A library of the given profiles, without fixtures (for programs that build profiles in
    /// memory). The profiles are taken as they are: check them with [`crate::validate`] first.
    pub fn from_profiles(profiles: impl IntoIterator<Item = Arc<Profile>>) -> Self {
        Library {
            profiles: profiles.into_iter().map(|p| (p.id.clone(), p)).collect(),
            fixtures: BTreeMap::new(),
        }
    }

    /// Adds the profiles (and fixtures) of a user directory laid out as `profiles/`
    /// (`meter/<vendor>/<model>.toml`); a user profile with the id of a loaded one replaces it,
    /// fixture included.
    pub fn with_user_dir(mut self, dir: &Path) -> Result<Self, LoadErrors> {
        let mut files = Vec::new();
        if let Err(error) = collect_files(dir, dir, &mut files) {
            return Err(LoadErrors {
                errors: vec![LoadError {
                    file: dir.display().to_string(),
                    path: None,
                    kind: LoadErrorKind::Io(error),
                }],
            });
        }
        self.add(files)?;
        Ok(self)
    }

    fn add(&mut self, mut files: Vec<SourceFile>) -> Result<(), LoadErrors> {
        files.sort_by(|a, b| a.name.relative.cmp(&b.name.relative));
        let mut errors = Vec::new();
        let mut profiles = BTreeMap::new();
        let mut fixtures = Vec::new();
        let mut profile_paths = BTreeSet::new();
        for SourceFile { name, text } in files {
            let text = match text {
                Ok(text) => text,
                Err(error) => {
                    errors.push(name.error(None, LoadErrorKind::Io(error)));
                    continue;
                }
            };
            if let Some(stem) = name.relative.strip_suffix(".fixture.toml") {
                let profile_path = format!("{stem}.toml");
                match parse_whole::<Fixture>(&text) {
                    Ok(fixture) => fixtures.push((name, profile_path, fixture)),
                    Err(located) => errors.push(name.located(located)),
                }
                continue;
            }
            match load_profile(&name.relative, &text) {
                Ok(profile) => {
                    profiles.insert(profile.id.clone(), Arc::new(profile));
                }
                Err(found) => errors.extend(found.into_iter().map(|l| name.located(l))),
            }
            profile_paths.insert(name.relative);
        }
        let mut paired = BTreeMap::new();
        for (file, profile_path, fixture) in fixtures {
            if !profile_paths.contains(&profile_path) {
                let kind = LoadErrorKind::FixtureWithoutProfile(profile_path);
                errors.push(file.error(None, kind));
            } else if let Some(id) = id_from_path(&profile_path) {
                paired.insert(id, fixture);
            }
        }
        if !errors.is_empty() {
            return Err(LoadErrors { errors });
        }
        for (id, profile) in profiles {
            self.fixtures.remove(&id);
            self.profiles.insert(id, profile);
        }
        for (id, fixture) in paired {
            if self.profiles.contains_key(&id) {
                self.fixtures.insert(id, fixture);
            }
        }
        Ok(())
    }

    /// The profile with this id (not the generic meter, which needs parameters: see
    /// [`Library::resolve`]).
    pub fn get(&self, id: &str) -> Option<&Arc<Profile>> {
        self.profiles.get(id)
    }

    /// True when a device may name this profile id (the generic meter included).
    pub fn contains(&self, id: &str) -> bool {
        id == GENERIC_METER_ID || self.profiles.contains_key(id)
    }

    /// Every id a device may name, sorted, the generic meter included.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
        ids.push(GENERIC_METER_ID);
        ids.sort_unstable();
        ids
    }

    /// The loaded profiles, by id (the generic meter is not among them).
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Profile>> {
        self.profiles.values()
    }

    /// Number of loaded profiles (the generic meter not counted).
    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    /// True when no profile is loaded.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// The known id closest to a misspelt one.
    pub fn suggest(&self, id: &str) -> Option<&str> {
        ems_model::suggest::closest(id, self.ids())
    }

    /// The fixture of a profile, when it has one.
    pub fn fixture(&self, id: &str) -> Option<&Fixture> {
        self.fixtures.get(id)
    }

    /// The profile of a device: `id` as configured, and the generic meter's parameters when
    /// given.
    pub fn resolve(
        &self,
        id: &str,
        generic: Option<&GenericModbusMeter>,
    ) -> Result<Arc<Profile>, ResolveError> {
        if id == GENERIC_METER_ID {
            let params = generic.ok_or(ResolveError::GenericWithoutParameters)?;
            return Ok(Arc::new(generic_meter_profile(params)?));
        }
        let profile = self.profiles.get(id).ok_or_else(|| ResolveError::Unknown {
            id: id.to_owned(),
            suggestion: self.suggest(id).map(str::to_owned),
        })?;
        if generic.is_some() {
            return Err(ResolveError::ParametersForNonGeneric(id.to_owned()));
        }
        Ok(Arc::clone(profile))
    }
}

impl<'a> IntoIterator for &'a Library {
    type Item = &'a Arc<Profile>;
    type IntoIter = std::collections::btree_map::Values<'a, String, Arc<Profile>>;

    fn into_iter(self) -> Self::IntoIter {
        self.profiles.values()
    }
}

/// A file to load.
struct SourceFile {
    name: FileName,
    text: Result<String, std::io::Error>,
}

/// How a file is named.
struct FileName {
    /// How errors name the file.
    display: String,
    /// Its path below the profiles directory, with `/` separators.
    relative: String,
}

impl FileName {
    fn error(&self, path: Option<String>, kind: LoadErrorKind) -> LoadError {
        LoadError {
            file: self.display.clone(),
            path,
            kind,
        }
    }

    fn located(&self, located: Located) -> LoadError {
        self.error(located.path, located.kind)
    }
}

/// Every `*.toml` file below `dir` (hidden entries skipped).
fn collect_files(root: &Path, dir: &Path, files: &mut Vec<SourceFile>) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_files(root, &path, files)?;
        } else if name.ends_with(".toml") {
            files.push(SourceFile {
                name: FileName {
                    display: path.display().to_string(),
                    relative: relative_path(root, &path),
                },
                text: std::fs::read_to_string(&path),
            });
        }
    }
    Ok(())
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path
        .strip_prefix(root)
        .map(PathBuf::from)
        .unwrap_or_default();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// An error inside one file.
#[derive(Debug)]
struct Located {
    /// Where in the file, for ordering.
    offset: usize,
    path: Option<String>,
    kind: LoadErrorKind,
}

/// Parses, deserialises and validates one profile file, collecting every error.
fn load_profile(relative: &str, text: &str) -> Result<Profile, Vec<Located>> {
    let document = DeTable::parse(text).map_err(|e| vec![syntax_error(text, &e)])?;
    let profile = match Profile::deserialize(Deserializer::from(document.clone())) {
        Ok(profile) => profile,
        Err(whole) => {
            let mut errors = section_errors(&document);
            if errors.is_empty() {
                errors.push(schema_error(&document, "", &whole));
            }
            errors.sort_by_key(|e| e.offset);
            return Err(errors);
        }
    };
    let mut errors: Vec<Located> = validate_at_path(&profile, relative)
        .into_iter()
        .map(|e| Located {
            offset: 0,
            path: Some(e.path),
            kind: LoadErrorKind::Invalid(e.problem),
        })
        .collect();
    if profile.id == GENERIC_METER_ID {
        errors.push(Located {
            offset: 0,
            path: Some("id".to_owned()),
            kind: LoadErrorKind::ReservedId,
        });
    }
    if errors.is_empty() {
        Ok(profile)
    } else {
        Err(errors)
    }
}

/// The errors of each section of a profile that does not deserialise as a whole.
fn section_errors(document: &Spanned<DeTable<'_>>) -> Vec<Located> {
    let mut errors = Vec::new();
    let mut header = document.get_ref().clone();
    for (key, value) in document.get_ref().iter() {
        let key = key.get_ref().as_ref();
        let stand_in = match (key, value.get_ref()) {
            ("registers" | "identify", DeValue::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let deserializer = ValueDeserializer::from(item.clone());
                    let result = if key == "registers" {
                        Register::deserialize(deserializer).map(drop)
                    } else {
                        IdentifyRegister::deserialize(deserializer).map(drop)
                    };
                    if let Err(error) = result {
                        errors.push(schema_error(item, &format!("{key}[{i}]"), &error));
                    }
                }
                Some(DeValue::Array(DeArray::new()))
            }
            ("modbus", DeValue::Table(_)) => {
                let result = ModbusSettings::deserialize(ValueDeserializer::from(value.clone()));
                if let Err(error) = result {
                    errors.push(schema_error(value, key, &error));
                }
                DeValue::parse("{ max_block_registers = 1 }")
                    .ok()
                    .map(Spanned::into_inner)
            }
            ("conventions", DeValue::Table(_)) => {
                let result = Conventions::deserialize(ValueDeserializer::from(value.clone()));
                if let Err(error) = result {
                    errors.push(schema_error(value, key, &error));
                }
                Some(DeValue::Table(DeTable::new()))
            }
            // Everything else, and sections of the wrong shape, are the header's.
            _ => None,
        };
        if let (Some(stand_in), Some(slot)) = (stand_in, header.get_mut(key)) {
            *slot = Spanned::new(slot.span(), stand_in);
        }
    }
    let header = Spanned::new(document.span(), header);
    if let Err(error) = Profile::deserialize(Deserializer::from(header)) {
        errors.push(schema_error(document, "", &error));
    }
    errors
}

/// Parses and deserialises a whole file (used for fixtures), reporting the first error.
fn parse_whole<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Located> {
    let document = DeTable::parse(text).map_err(|e| syntax_error(text, &e))?;
    T::deserialize(Deserializer::from(document.clone()))
        .map_err(|error| schema_error(&document, "", &error))
}

fn syntax_error(text: &str, error: &toml::de::Error) -> Located {
    let offset = error.span().map_or(0, |s| s.start);
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Located {
        offset,
        path: None,
        kind: LoadErrorKind::Syntax {
            line,
            column,
            message: error.message().to_owned(),
        },
    }
}

/// A serde error inside `scope` (whose key path is `prefix`), with the key path of its span.
fn schema_error<T: Searchable>(
    scope: &Spanned<T>,
    prefix: &str,
    error: &toml::de::Error,
) -> Located {
    let mut path = prefix.to_owned();
    let span = error.span();
    if let Some(span) = &span {
        scope.get_ref().find(span, &mut path);
    }
    Located {
        offset: span.map_or(0, |s| s.start),
        path: (!path.is_empty()).then_some(path),
        kind: LoadErrorKind::Schema(error.message().to_owned()),
    }
}

/// A spanned TOML node that can be searched for the key path of a position.
trait Searchable {
    /// Appends to `path` the keys from this node down to the innermost key or value whose span
    /// covers `span`; returns false (leaving `path` as it was) when none does.
    fn find(&self, span: &Range<usize>, path: &mut String) -> bool;
}

impl Searchable for DeTable<'_> {
    fn find(&self, span: &Range<usize>, path: &mut String) -> bool {
        self.iter().any(|(key, value)| {
            let mark = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key.get_ref());
            let found = covers(&key.span(), span) || value.find(span, path);
            if !found {
                path.truncate(mark);
            }
            found
        })
    }
}

impl Searchable for DeValue<'_> {
    fn find(&self, span: &Range<usize>, path: &mut String) -> bool {
        match self {
            DeValue::Table(table) => table.find(span, path),
            DeValue::Array(items) => items.iter().enumerate().any(|(i, item)| {
                let mark = path.len();
                let _ = write!(path, "[{i}]");
                let found = item.find(span, path);
                if !found {
                    path.truncate(mark);
                }
                found
            }),
            _ => false,
        }
    }
}

impl<T: Searchable> Searchable for Spanned<T> {
    fn find(&self, span: &Range<usize>, path: &mut String) -> bool {
        self.get_ref().find(span, path) || covers(&self.span(), span)
    }
}

/// True when `outer` contains the non-empty `inner`.
fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    !inner.is_empty() && outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::Unit;
    use std::fs;

    fn test_dir() -> &'static Path {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/profiles"))
    }

    fn test_library() -> Library {
        Library::default().with_user_dir(test_dir()).unwrap()
    }

    /// A user directory holding the given files (path below the directory, contents).
    fn user_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        dir
    }

    /// The errors of loading `files`, as "path: message" without the file name, and the files.
    fn load_errors(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let dir = user_dir(files);
        let errors = Library::default().with_user_dir(dir.path()).unwrap_err();
        let root = format!("{}/", dir.path().display());
        errors
            .errors
            .iter()
            .map(|e| {
                let text = e.to_string();
                let relative = e.file.strip_prefix(&root).unwrap_or(&e.file).to_owned();
                let rest = text
                    .strip_prefix(&format!("{}: ", e.file))
                    .unwrap_or(&text)
                    .to_owned();
                (relative, rest)
            })
            .collect()
    }

    fn em1() -> String {
        fs::read_to_string(test_dir().join("meter/acme/em1.toml")).unwrap()
    }

    #[test]
    fn a_user_directory_adds_its_profiles_and_fixtures() {
        let library = test_library();
        let profile = library.get("acme.em1").unwrap();
        assert_eq!(profile.model, "EM1");
        assert_eq!(profile.registers.len(), 7);
        assert!(library.fixture("acme.em1").is_some());
        assert_eq!(library.len(), 1);
        assert!(!library.is_empty());
        assert_eq!(library.iter().count(), 1);
    }

    #[test]
    fn ids_include_the_generic_meter_in_sorted_order() {
        let library = test_library();
        assert_eq!(library.ids(), ["acme.em1", GENERIC_METER_ID]);
        assert!(library.contains("acme.em1"));
        assert!(library.contains(GENERIC_METER_ID));
        assert!(!library.contains("acme.em2"));
        assert!(library.get(GENERIC_METER_ID).is_none());
    }

    #[test]
    fn a_user_profile_replaces_a_loaded_one_with_the_same_id_fixture_included() {
        let replacement = em1().replace("model = \"EM1\"", "model = \"EM1 rev. B\"");
        let dir = user_dir(&[("meter/acme/em1.toml", &replacement)]);
        let library = test_library().with_user_dir(dir.path()).unwrap();
        assert_eq!(library.get("acme.em1").unwrap().model, "EM1 rev. B");
        assert_eq!(library.len(), 1);
        // The old fixture described the old profile; the new one has none.
        assert!(library.fixture("acme.em1").is_none());
    }

    #[test]
    fn a_broken_profile_reports_every_error_with_file_and_key_path() {
        let broken = em1()
            .replace("vendor = \"Acme\"", "vendr = \"Acme\"")
            .replace("max_block_registers = 8", "max_block_registers = \"8\"")
            .replacen("unit = \"V\"", "unit = \"v\"", 1)
            .replace("address = 0x0003", "adress = 0x0003")
            .replace("point = \"frequency\"", "point = \"frequncy\"")
            .replace("type = \"f64\"", "type = \"f65\"")
            .replace("sentinels = [0xFFFF]", "sentinels = [0xFFFF, \"none\"]");
        let errors = load_errors(&[("meter/acme/em1.toml", &broken)]);
        let file = "meter/acme/em1.toml".to_owned();
        let paths: Vec<&str> = errors
            .iter()
            .map(|(f, rest)| {
                assert_eq!(f, &file);
                rest.split(": ").next().unwrap()
            })
            .collect();
        assert_eq!(
            paths,
            [
                "vendr",
                "modbus.max_block_registers",
                "registers[0].unit",
                "registers[1].sentinels[1]",
                "registers[2].adress",
                "registers[4].point",
                "registers[6].type",
            ],
            "{errors:#?}"
        );
        assert_eq!(errors[2].1, "registers[0].unit: unknown unit \"v\"");
        assert!(
            errors[5].1.contains("did you mean \"frequency\"?"),
            "{}",
            errors[4].1
        );
    }

    #[test]
    fn a_missing_field_is_reported_at_its_table() {
        let broken = em1().replacen("unit = \"V\"\n", "", 1);
        let errors = load_errors(&[("meter/acme/em1.toml", &broken)]);
        assert_eq!(
            errors,
            [(
                "meter/acme/em1.toml".to_owned(),
                "registers[0]: missing field `unit`".to_owned()
            )]
        );
    }

    #[test]
    fn a_profile_breaking_validation_rules_reports_each_with_its_path() {
        let broken = em1()
            .replace("phases = 1", "phases = 2")
            .replace("unit = \"Hz\"", "unit = \"V\"");
        let errors = load_errors(&[("meter/acme/em1.toml", &broken)]);
        assert_eq!(
            errors.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
            [
                "phases: phases must be 0, 1 or 3, not 2",
                "registers[4].unit: unit \"V\" cannot express frequency, which is in \"Hz\"",
            ]
        );
    }

    #[test]
    fn the_id_must_match_the_path_below_the_directory() {
        let errors = load_errors(&[("meter/acme/em2.toml", &em1())]);
        assert_eq!(
            errors[0].1,
            "id: id \"acme.em1\" does not match the file's path, which gives \"acme.em2\""
        );
    }

    #[test]
    fn a_syntax_error_gives_line_and_column() {
        let broken = em1().replace("phases = 1", "phases = = 1");
        let errors = load_errors(&[("meter/acme/em1.toml", &broken)]);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].1.starts_with("line 8, column 10: "),
            "{}",
            errors[0].1
        );
    }

    #[test]
    fn every_file_is_loaded_before_errors_are_returned() {
        let other = em1()
            .replace("acme.em1", "acme.em2")
            .replace("unit = \"V\"", "unit = \"kWH\"");
        let errors = load_errors(&[
            (
                "meter/acme/em1.toml",
                &em1().replace("phases = 1", "phases = 4"),
            ),
            ("meter/acme/em2.toml", &other),
            (
                "meter/acme/em3.fixture.toml",
                "not_available = []\nraw = []\n[expected]\n",
            ),
            ("meter/acme/em4.fixture.toml", "raw = 5"),
        ]);
        assert_eq!(
            errors,
            [
                (
                    "meter/acme/em1.toml".to_owned(),
                    "phases: phases must be 0, 1 or 3, not 4".to_owned()
                ),
                (
                    "meter/acme/em2.toml".to_owned(),
                    "registers[0].unit: unknown unit \"kWH\"".to_owned()
                ),
                (
                    "meter/acme/em4.fixture.toml".to_owned(),
                    "raw: invalid type: integer `5`, expected a sequence".to_owned()
                ),
                (
                    "meter/acme/em3.fixture.toml".to_owned(),
                    "no profile meter/acme/em3.toml beside this fixture".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn the_generic_meter_id_is_reserved() {
        let generic = em1().replace("acme.em1", GENERIC_METER_ID);
        let errors = load_errors(&[("meter/generic/modbus_meter.toml", &generic)]);
        assert_eq!(
            errors[0].1,
            "id: the id \"generic.modbus_meter\" is reserved for the generic Modbus meter"
        );
    }

    #[test]
    fn a_missing_user_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let errors = Library::default().with_user_dir(&missing).unwrap_err();
        assert_eq!(errors.errors.len(), 1);
        assert!(matches!(errors.errors[0].kind, LoadErrorKind::Io(_)));
        assert!(
            errors
                .to_string()
                .starts_with(&missing.display().to_string())
        );
    }

    #[test]
    fn resolving_an_unknown_id_suggests_the_closest() {
        let library = test_library();
        assert_eq!(library.suggest("acme.em"), Some("acme.em1"));
        let err = library.resolve("acme.em", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown profile \"acme.em\"; did you mean \"acme.em1\"?"
        );
        assert_eq!(
            library.resolve("zzz.qqq", None),
            Err(ResolveError::Unknown {
                id: "zzz.qqq".to_owned(),
                suggestion: None
            })
        );
        assert_eq!(library.resolve("acme.em1", None).unwrap().id, "acme.em1");
    }

    #[test]
    fn generic_parameters_belong_to_the_generic_meter_only() {
        let library = test_library();
        let params = GenericModbusMeter {
            function: 3,
            register: "0x10".to_owned(),
            words: 2,
            multiplier: 1.0,
            unit: Unit::WattHour,
        };
        assert_eq!(
            library.resolve(GENERIC_METER_ID, None),
            Err(ResolveError::GenericWithoutParameters)
        );
        assert_eq!(
            library.resolve("acme.em1", Some(&params)),
            Err(ResolveError::ParametersForNonGeneric("acme.em1".to_owned()))
        );
        let generic = library.resolve(GENERIC_METER_ID, Some(&params)).unwrap();
        assert_eq!(generic.registers[0].address, 0x10);
        let bad = GenericModbusMeter { words: 3, ..params };
        assert_eq!(
            library.resolve(GENERIC_METER_ID, Some(&bad)),
            Err(ResolveError::Generic(GenericMeterError::Words(3)))
        );
    }

    #[test]
    fn the_built_in_profiles_load() {
        let library = Library::builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(library.ids().contains(&GENERIC_METER_ID));
        for profile in &library {
            assert!(library.fixture(&profile.id).is_some(), "{}", profile.id);
        }
    }
}
