//! Configuration errors, their paths into the site file, and the sink that collects them.

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
    /// What is wrong, naming the allowed values where there is a fixed set.
    pub message: String,
    /// The closest valid value or key, when the given one looks like a typo of it.
    pub suggestion: Option<String>,
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean {s:?}?"))
}

impl ConfigError {
    /// An error at `path` with no suggestion.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            path: path.into(),
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
}

impl Section {
    /// The known sections with their TOML keys, in report order.
    pub(crate) const KNOWN: [(Section, &'static str); 7] = [
        (Section::Site, "site"),
        (Section::Links, "links"),
        (Section::Gateways, "gateways"),
        (Section::Devices, "devices"),
        (Section::Loads, "loads"),
        (Section::Groups, "groups"),
        (Section::PanelBoards, "panel_boards"),
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
    pub(crate) message: String,
    pub(crate) suggestion: Option<String>,
}

impl Problem {
    /// A problem with no suggestion.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            suggestion: None,
        }
    }

    /// A problem with a "did you mean" suggestion (or none).
    pub(crate) fn suggesting(message: impl Into<String>, suggestion: Option<&str>) -> Self {
        Problem {
            message: message.into(),
            suggestion: suggestion.map(str::to_owned),
        }
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
        let error =
            ConfigError::new(path.as_str(), problem.message).with_suggestion(problem.suggestion);
        self.entries
            .push((path.section, path.entity.clone(), error));
    }

    /// Records `message` at `path`, with no suggestion.
    pub(crate) fn message(&mut self, path: &Path, message: impl Into<String>) {
        self.push(path, Problem::new(message));
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
        let e = ConfigError::new("devices.main.profile", "unknown profile \"eastron.sdm63\"")
            .with_suggestion(Some("eastron.sdm630"));
        assert_eq!(
            e.to_string(),
            r#"devices.main.profile: unknown profile "eastron.sdm63"; did you mean "eastron.sdm630"?"#
        );
        let e = ConfigError::new("site.name", "must not be empty");
        assert_eq!(e.to_string(), "site.name: must not be empty");
    }

    #[test]
    fn errors_display_one_per_line() {
        let errors = ConfigErrors {
            errors: vec![ConfigError::new("a", "x"), ConfigError::new("b", "y")],
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
        errors.message(&b.key("z"), "first of b");
        errors.message(&Path::entity(Section::Links, "x"), "link");
        errors.message(&Path::entity(Section::Devices, "a"), "a");
        errors.message(&b.key("a"), "second of b");
        let messages: Vec<_> = errors
            .into_sorted()
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(messages, ["link", "a", "first of b", "second of b"]);
    }
}
