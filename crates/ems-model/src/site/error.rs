//! Configuration errors, their paths into the site file, the rules they break, and the sink that
//! collects them.

use super::link::LinkKind;
use std::fmt;

/// One problem in a site configuration.
///
/// Displays as `path: message`, followed by `; did you mean "suggestion"?` when there is a
/// suggestion: `devices.main.profile: unknown profile "eastron.sdm63"; did you mean
/// "eastron.sdm630"?`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}{}", did_you_mean(.suggestion.as_deref()))]
pub struct ConfigError {
    /// Where: a dotted path of TOML keys (`devices.main.unit_id`; keys that are not bare TOML
    /// keys are quoted), or `line L, column C` for a TOML syntax error.
    pub path: String,
    /// The rule the value breaks, with what is needed to say so in any language.
    pub rule: ConfigRule,
    /// What is wrong, in English, naming the allowed values where there is a fixed set.
    pub message: String,
    /// The closest valid value or key, when the given one looks like a typo of it.
    pub suggestion: Option<String>,
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean {s:?}?"))
}

impl ConfigError {
    /// An error at `path`, breaking `rule`, with no suggestion.
    pub fn new(path: impl Into<String>, rule: ConfigRule, message: impl Into<String>) -> Self {
        ConfigError {
            path: path.into(),
            rule,
            message: message.into(),
            suggestion: None,
        }
    }

    /// The same error with a "did you mean" suggestion (or none).
    pub fn with_suggestion(mut self, suggestion: Option<impl Into<String>>) -> Self {
        self.suggestion = suggestion.map(Into::into);
        self
    }
}

/// Every problem found in a site configuration: syntax and unknown sections first, then by
/// section (site, links, gateways, devices, loads, groups, panel boards) and entity id. Displays
/// one error per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", lines(.errors))]
pub struct ConfigErrors {
    /// The errors; never empty when returned by [`super::SiteConfig::from_toml_str`].
    pub errors: Vec<ConfigError>,
}

fn lines(errors: &[ConfigError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rule a value of the site breaks, with what it takes to say so in any language: the
/// [`ConfigError::message`] says the same in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigRule {
    /// The file is not valid TOML; the error is at this line and column (from 1).
    Syntax {
        /// The line.
        line: usize,
        /// The column, in characters.
        column: usize,
    },
    /// A required key is missing.
    Required,
    /// A required section (`[site]`) is missing.
    MissingSection,
    /// A key, or a section, that is not known there.
    UnknownKey,
    /// A value of the wrong type.
    Type {
        /// The type the key takes.
        expected: ValueKind,
        /// The type given.
        found: ValueKind,
    },
    /// A value outside a fixed set.
    NotAllowed {
        /// The values allowed, as written in the site file.
        allowed: Vec<String>,
    },
    /// A value outside its bounds. A bound that is absent does not apply; `min` and `above` are
    /// never both given.
    OutOfRange {
        /// The least value allowed.
        min: Option<Limit>,
        /// The value that the value must be greater than.
        above: Option<Limit>,
        /// The greatest value allowed.
        max: Option<Limit>,
    },
    /// A name, list or period that must not be empty.
    Empty,
    /// A text longer than allowed.
    TooLong {
        /// The most characters (bytes for a socket path).
        max: usize,
    },
    /// A list with more items than allowed.
    TooMany {
        /// The most items.
        max: usize,
    },
    /// A text that is not of its form.
    Pattern {
        /// The form it must have.
        format: Format,
    },
    /// A reference to something that does not exist.
    UnknownReference {
        /// What it refers to.
        kind: Reference,
        /// The id or name given.
        value: String,
    },
    /// A value that must be unique and is used already (by another entity, or earlier in the
    /// same list).
    Duplicate {
        /// The value used twice.
        value: String,
    },
    /// A device's link of the wrong kind: an internal meter reads a waveform stream, and
    /// nothing else reads one.
    LinkKind {
        /// The kind of the link given.
        kind: LinkKind,
    },
    /// A key that does not apply there (to the device's profile, or beside another key): it is
    /// to be left out.
    NotApplicable,
    /// A value that is fixed.
    Fixed {
        /// The value it keeps.
        value: String,
    },
    /// A value that ems reserves for itself.
    Reserved {
        /// The reserved value.
        value: String,
    },
    /// An entity that always exists: it can be disabled, not removed.
    CannotRemove,
    /// A number that must be finite and other than 0.
    NonZero,
    /// A device named where a counter is needed that the device does not record (a demand
    /// charge's meter must count imported active energy).
    NoCounter {
        /// The device's id.
        device: String,
        /// The canonical name of the counter it lacks (`energy_active_import`).
        point: String,
    },
}

/// A bound of [`ConfigRule::OutOfRange`]: a number, or a text where the value is one (a
/// register address, a time of day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// A whole number.
    Integer(i64),
    /// A text, as written in the site file (`"0xFFFF"`, `"23:59"`).
    Text(String),
}

impl From<i64> for Limit {
    fn from(value: i64) -> Self {
        Limit::Integer(value)
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Integer(i) => write!(f, "{i}"),
            Limit::Text(text) => f.write_str(text),
        }
    }
}

/// The type of a value in the site file, for [`ConfigRule::Type`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// A number with a fraction or exponent (found only).
    Float,
    /// A number, whole or not (expected only).
    Number,
    /// `true` or `false`.
    Boolean,
    /// A TOML date-time (found only).
    DateTime,
    /// An array.
    Array,
    /// A table (a JSON object).
    Table,
}

impl ValueKind {
    /// The kind of a TOML value.
    pub fn of(value: &toml::Value) -> ValueKind {
        match value {
            toml::Value::String(_) => ValueKind::String,
            toml::Value::Integer(_) => ValueKind::Integer,
            toml::Value::Float(_) => ValueKind::Float,
            toml::Value::Boolean(_) => ValueKind::Boolean,
            toml::Value::Datetime(_) => ValueKind::DateTime,
            toml::Value::Array(_) => ValueKind::Array,
            toml::Value::Table(_) => ValueKind::Table,
        }
    }

    /// The snake_case name (`date_time`).
    pub const fn name(self) -> &'static str {
        match self {
            ValueKind::String => "string",
            ValueKind::Integer => "integer",
            ValueKind::Float => "float",
            ValueKind::Number => "number",
            ValueKind::Boolean => "boolean",
            ValueKind::DateTime => "date_time",
            ValueKind::Array => "array",
            ValueKind::Table => "table",
        }
    }
}

/// The form of a text, for [`ConfigRule::Pattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// An id: 1-64 lowercase letters, digits, `_` or `-`, starting with a letter.
    Id,
    /// An IP address or a DNS host name.
    Host,
    /// `"host:port"` (`"[::1]:7070"` for IPv6).
    HostPort,
    /// An absolute serial device path (`/dev/ttyUSB0`).
    SerialPort,
    /// An absolute Unix socket path.
    SocketPath,
    /// An ISO 4217 currency code: three uppercase letters.
    Currency,
    /// A hexadecimal register address (`"0x0048"`).
    Register,
    /// A time of day `"HH:MM"`, from `"00:00"` to `"24:00"`.
    TimeOfDay,
    /// A date `"YYYY-MM-DD"`.
    Date,
    /// An exact decimal in text, with at most six decimals (`"0.2345"`).
    Decimal,
    /// A colour `"#rrggbb"`.
    Colour,
}

impl Format {
    /// The snake_case name (`serial_port`).
    pub const fn name(self) -> &'static str {
        match self {
            Format::Id => "id",
            Format::Host => "host",
            Format::HostPort => "host_port",
            Format::SerialPort => "serial_port",
            Format::SocketPath => "socket_path",
            Format::Currency => "currency",
            Format::Register => "register",
            Format::TimeOfDay => "time_of_day",
            Format::Date => "date",
            Format::Decimal => "decimal",
            Format::Colour => "colour",
        }
    }
}

/// What a reference names, for [`ConfigRule::UnknownReference`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reference {
    /// A link of the site.
    Link,
    /// A gateway of the site.
    Gateway,
    /// A load of the site.
    Load,
    /// A measure group of the site.
    MeasureGroup,
    /// A panel board of the site.
    PanelBoard,
    /// A device profile of the library.
    Profile,
    /// A unit, by its symbol.
    Unit,
    /// A time zone of the IANA database.
    TimeZone,
    /// A tariff of the same commodity's plan (`[tariffs.<commodity>.tariffs.<id>]`).
    Tariff,
    /// A device of the site.
    Device,
}

impl Reference {
    /// The snake_case name (`measure_group`).
    pub const fn name(self) -> &'static str {
        match self {
            Reference::Link => "link",
            Reference::Gateway => "gateway",
            Reference::Load => "load",
            Reference::MeasureGroup => "measure_group",
            Reference::PanelBoard => "panel_board",
            Reference::Profile => "profile",
            Reference::Unit => "unit",
            Reference::TimeZone => "time_zone",
            Reference::Tariff => "tariff",
            Reference::Device => "device",
        }
    }

    /// The words for it in messages (`measure group`).
    pub(crate) const fn noun(self) -> &'static str {
        match self {
            Reference::Link => "link",
            Reference::Gateway => "gateway",
            Reference::Load => "load",
            Reference::MeasureGroup => "measure group",
            Reference::PanelBoard => "panel board",
            Reference::Profile => "profile",
            Reference::Unit => "unit",
            Reference::TimeZone => "time zone",
            Reference::Tariff => "tariff",
            Reference::Device => "device",
        }
    }
}

/// The sections of the site file, in the order their errors are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Section {
    /// The file as a whole (syntax errors).
    Document,
    /// A top-level key that names no section.
    Unknown,
    Site,
    Links,
    Gateways,
    Devices,
    Loads,
    Groups,
    PanelBoards,
    Tariffs,
}

impl Section {
    /// The known sections with their TOML keys, in report order.
    pub(crate) const KNOWN: [(Section, &'static str); 8] = [
        (Section::Site, "site"),
        (Section::Links, "links"),
        (Section::Gateways, "gateways"),
        (Section::Devices, "devices"),
        (Section::Loads, "loads"),
        (Section::Groups, "groups"),
        (Section::PanelBoards, "panel_boards"),
        (Section::Tariffs, "tariffs"),
    ];

    /// The TOML key of the section (empty for the document and unknown sections).
    pub(crate) fn key(self) -> &'static str {
        Self::KNOWN
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("", |(_, k)| k)
    }
}

/// A dotted path into the site file, with the section and entity it belongs to (for ordering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path {
    section: Section,
    entity: String,
    text: String,
}

impl Path {
    /// The path of a whole section.
    pub(crate) fn section(section: Section) -> Path {
        Path {
            section,
            entity: String::new(),
            text: section.key().to_owned(),
        }
    }

    /// The path of an unknown top-level key.
    pub(crate) fn unknown_section(key: &str) -> Path {
        Path {
            section: Section::Unknown,
            entity: String::new(),
            text: quote_key(key),
        }
    }

    /// The path of a TOML syntax error.
    pub(crate) fn location(text: String) -> Path {
        Path {
            section: Section::Document,
            entity: String::new(),
            text,
        }
    }

    /// The path of one entity (`devices.main`).
    pub(crate) fn entity(section: Section, id: &str) -> Path {
        Path {
            section,
            entity: id.to_owned(),
            text: format!("{}.{}", section.key(), quote_key(id)),
        }
    }

    /// The path of a key below this one.
    pub(crate) fn key(&self, key: &str) -> Path {
        let text = if self.text.is_empty() {
            quote_key(key)
        } else {
            format!("{}.{}", self.text, quote_key(key))
        };
        Path {
            section: self.section,
            entity: self.entity.clone(),
            text,
        }
    }

    /// The path of element `index` of the array at this path (`tariff[0]`).
    pub(crate) fn index(&self, index: usize) -> Path {
        Path {
            section: self.section,
            entity: self.entity.clone(),
            text: format!("{}[{index}]", self.text),
        }
    }

    /// The path `suffix` below this one, where `suffix` is already written as in a path
    /// (`""`, `".from"`, `"[1].to"`).
    pub(crate) fn suffix(&self, suffix: &str) -> Path {
        Path {
            section: self.section,
            entity: self.entity.clone(),
            text: format!("{}{suffix}", self.text),
        }
    }

    /// The dotted path as written in errors.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

/// A key as written in a dotted TOML path: bare when it can be, quoted otherwise.
fn quote_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
}

/// What is wrong with one value, before it is placed at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) rule: ConfigRule,
    pub(crate) message: String,
    pub(crate) suggestion: Option<String>,
}

impl Problem {
    /// A problem with no suggestion.
    pub(crate) fn new(rule: ConfigRule, message: impl Into<String>) -> Self {
        Problem {
            rule,
            message: message.into(),
            suggestion: None,
        }
    }

    /// The same problem with a "did you mean" suggestion (or none).
    pub(crate) fn suggesting(mut self, suggestion: Option<&str>) -> Self {
        self.suggestion = suggestion.map(str::to_owned);
        self
    }

    /// A required key that is missing.
    pub(crate) fn required() -> Self {
        Problem::new(ConfigRule::Required, "required key is missing")
    }

    /// A reference to `value`, which no `kind` has.
    pub(crate) fn unknown_reference(kind: Reference, value: &str) -> Self {
        Problem::new(
            ConfigRule::UnknownReference {
                kind,
                value: value.to_owned(),
            },
            format!("unknown {} {value:?}", kind.noun()),
        )
    }
}

/// Collects errors with their section and entity, and hands them back in report order.
#[derive(Debug, Default)]
pub(crate) struct Errors {
    entries: Vec<(Section, String, ConfigError)>,
}

impl Errors {
    /// Records `problem` at `path`.
    pub(crate) fn push(&mut self, path: &Path, problem: Problem) {
        let error = ConfigError::new(path.as_str(), problem.rule, problem.message)
            .with_suggestion(problem.suggestion);
        self.entries
            .push((path.section, path.entity.clone(), error));
    }

    /// Appends every error of `other`.
    pub(crate) fn extend(&mut self, other: Errors) {
        self.entries.extend(other.entries);
    }

    /// The errors ordered by section, then entity id; errors of one entity keep the order in
    /// which they were found.
    pub(crate) fn into_sorted(mut self) -> Vec<ConfigError> {
        self.entries
            .sort_by(|(s1, e1, _), (s2, e2, _)| s1.cmp(s2).then_with(|| e1.cmp(e2)));
        self.entries.into_iter().map(|(_, _, e)| e).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_displays_its_path_message_and_suggestion() {
        let rule = ConfigRule::UnknownReference {
            kind: Reference::Profile,
            value: "eastron.sdm63".to_owned(),
        };
        let e = ConfigError::new(
            "devices.main.profile",
            rule,
            "unknown profile \"eastron.sdm63\"",
        )
        .with_suggestion(Some("eastron.sdm630"));
        assert_eq!(
            e.to_string(),
            r#"devices.main.profile: unknown profile "eastron.sdm63"; did you mean "eastron.sdm630"?"#
        );
        let e = ConfigError::new("site.name", ConfigRule::Empty, "must not be empty");
        assert_eq!(e.to_string(), "site.name: must not be empty");
    }

    #[test]
    fn errors_display_one_per_line() {
        let errors = ConfigErrors {
            errors: vec![
                ConfigError::new("a", ConfigRule::Required, "x"),
                ConfigError::new("b", ConfigRule::Empty, "y"),
            ],
        };
        assert_eq!(errors.to_string(), "a: x\nb: y");
    }

    #[test]
    fn keys_that_are_not_bare_are_quoted_in_paths() {
        let p = Path::entity(Section::Devices, "Main Meter").key("unit_id");
        assert_eq!(p.as_str(), r#"devices."Main Meter".unit_id"#);
        assert_eq!(Path::unknown_section("").as_str(), r#""""#);
    }

    #[test]
    fn errors_come_back_by_section_then_entity_keeping_the_order_within_one_entity() {
        let mut errors = Errors::default();
        let b = Path::entity(Section::Devices, "b");
        let problem = |message| Problem::new(ConfigRule::Required, message);
        errors.push(&b.key("z"), problem("first of b"));
        errors.push(&Path::entity(Section::Links, "x"), problem("link"));
        errors.push(&Path::entity(Section::Devices, "a"), problem("a"));
        errors.push(&b.key("a"), problem("second of b"));
        let messages: Vec<_> = errors
            .into_sorted()
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(messages, ["link", "a", "first of b", "second of b"]);
    }
}
