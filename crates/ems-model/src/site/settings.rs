//! The `[site]` table: name, time zone, currency, sample rate, language and CSV separators.

use super::error::{Problem, Reference};
use super::rules::Choice;
use crate::suggest::closest;
use jiff::tz::{TimeZone, TimeZoneDatabase};
use std::fmt;

/// Site-wide settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSettings {
    /// The display name of the site.
    pub name: String,
    /// The IANA time zone of the site (`"Europe/Rome"`), in which days, months and years of
    /// consumption begin and end.
    pub time_zone: String,
    /// The ISO 4217 code of the currency costs are shown in (`"EUR"`).
    pub currency: String,
    /// How often raw values are recorded in the database.
    pub sample_rate: SampleRate,
    /// The language of the user interface, reports and notifications.
    pub language: Language,
    /// The decimal separator of CSV files (the seeds' default: comma).
    pub csv_decimal_separator: DecimalSeparator,
    /// The field separator of CSV files (the seeds' default: semicolon).
    pub csv_field_separator: FieldSeparator,
}

impl SiteSettings {
    /// The currency used when the file names none.
    pub const DEFAULT_CURRENCY: &'static str = "EUR";

    /// Settings with the given name and time zone, and the default currency, sample rate and
    /// language.
    pub fn new(name: impl Into<String>, time_zone: impl Into<String>) -> Self {
        SiteSettings {
            name: name.into(),
            time_zone: time_zone.into(),
            currency: Self::DEFAULT_CURRENCY.to_owned(),
            sample_rate: SampleRate::default(),
            language: Language::default(),
            csv_decimal_separator: DecimalSeparator::default(),
            csv_field_separator: FieldSeparator::default(),
        }
    }

    /// The site's time zone, looked up in the IANA database built into ems; `None` when
    /// `time_zone` names no zone (validation reports it).
    pub fn resolve_time_zone(&self) -> Option<TimeZone> {
        check_time_zone(&self.time_zone).ok()
    }
}

/// The interval at which raw values are recorded (the seeds' "sample rate").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum SampleRate {
    /// Every minute.
    Minutes1,
    /// Every 5 minutes.
    Minutes5,
    /// Every 10 minutes.
    Minutes10,
    /// Every 15 minutes (the default, as in the seeds).
    #[default]
    Minutes15,
    /// Every 30 minutes.
    Minutes30,
    /// Every hour.
    Minutes60,
}

impl SampleRate {
    /// Every sample rate, shortest first.
    pub const ALL: &'static [SampleRate] = &[
        SampleRate::Minutes1,
        SampleRate::Minutes5,
        SampleRate::Minutes10,
        SampleRate::Minutes15,
        SampleRate::Minutes30,
        SampleRate::Minutes60,
    ];

    /// The interval in minutes.
    pub const fn minutes(self) -> u32 {
        match self {
            SampleRate::Minutes1 => 1,
            SampleRate::Minutes5 => 5,
            SampleRate::Minutes10 => 10,
            SampleRate::Minutes15 => 15,
            SampleRate::Minutes30 => 30,
            SampleRate::Minutes60 => 60,
        }
    }
}

impl Choice for SampleRate {
    const ALL: &'static [Self] = SampleRate::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::Integer(i64::from(self.minutes()))
    }
}

/// The language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// English (the default).
    #[default]
    En,
    /// Italian.
    It,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
}

impl Language {
    /// Every language.
    pub const ALL: &'static [Language] = &[
        Language::En,
        Language::It,
        Language::Fr,
        Language::De,
        Language::Es,
    ];

    /// The ISO 639-1 code, as written in the site file (`"en"`).
    pub const fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::It => "it",
            Language::Fr => "fr",
            Language::De => "de",
            Language::Es => "es",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Choice for Language {
    const ALL: &'static [Self] = Language::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::String(self.code().to_owned())
    }
}

/// The decimal separator of numbers in CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DecimalSeparator {
    /// `1.5`
    Point,
    /// `1,5` (the default, as in the seeds).
    #[default]
    Comma,
}

impl DecimalSeparator {
    /// Both separators.
    pub const ALL: &'static [DecimalSeparator] =
        &[DecimalSeparator::Point, DecimalSeparator::Comma];

    /// The name written in the site file.
    pub const fn name(self) -> &'static str {
        match self {
            DecimalSeparator::Point => "point",
            DecimalSeparator::Comma => "comma",
        }
    }

    /// The character.
    pub const fn char(self) -> char {
        match self {
            DecimalSeparator::Point => '.',
            DecimalSeparator::Comma => ',',
        }
    }
}

impl Choice for DecimalSeparator {
    const ALL: &'static [Self] = DecimalSeparator::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::String(self.name().to_owned())
    }
}

/// The separator of fields in CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FieldSeparator {
    /// `a,b`
    Comma,
    /// `a;b` (the default, as in the seeds).
    #[default]
    Semicolon,
}

impl FieldSeparator {
    /// Both separators.
    pub const ALL: &'static [FieldSeparator] = &[FieldSeparator::Comma, FieldSeparator::Semicolon];

    /// The name written in the site file.
    pub const fn name(self) -> &'static str {
        match self {
            FieldSeparator::Comma => "comma",
            FieldSeparator::Semicolon => "semicolon",
        }
    }

    /// The character.
    pub const fn char(self) -> char {
        match self {
            FieldSeparator::Comma => ',',
            FieldSeparator::Semicolon => ';',
        }
    }
}

impl Choice for FieldSeparator {
    const ALL: &'static [Self] = FieldSeparator::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::String(self.name().to_owned())
    }
}

/// True when `name` is a time zone of the IANA database built into ems, spelt as there: what
/// `time_zone` accepts.
pub fn is_time_zone(name: &str) -> bool {
    check_time_zone(name).is_ok()
}

/// Looks `name` up in the IANA time-zone database built into ems (so that a site file checks
/// the same on every machine). The name must be spelt as in the database.
pub(crate) fn check_time_zone(name: &str) -> Result<TimeZone, Problem> {
    let db = TimeZoneDatabase::bundled();
    let unknown = Problem::unknown_reference(Reference::TimeZone, name);
    match db.get(name) {
        Ok(tz) => match tz.iana_name() {
            Some(canonical) if canonical == name => Ok(tz),
            Some(canonical) => Err(Problem {
                message: format!("time zone {name:?} is not spelt as in the IANA database"),
                ..unknown.suggesting(Some(canonical))
            }),
            None => Err(unknown),
        },
        Err(_) => {
            let names: Vec<String> = db.available().map(|n| n.as_str().to_owned()).collect();
            Err(unknown.suggesting(closest(name, names.iter().map(String::as_str))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_zones_are_accepted_with_their_exact_spelling() {
        for zone in ["Europe/Rome", "America/New_York", "UTC"] {
            assert!(check_time_zone(zone).is_ok(), "{zone}");
        }
        let problem = check_time_zone("europe/rome").unwrap_err();
        assert_eq!(problem.suggestion.as_deref(), Some("Europe/Rome"));
    }

    #[test]
    fn a_misspelt_zone_gets_a_suggestion_and_nonsense_gets_none() {
        let problem = check_time_zone("Europe/Rom").unwrap_err();
        assert_eq!(problem.message, r#"unknown time zone "Europe/Rom""#);
        assert_eq!(problem.suggestion.as_deref(), Some("Europe/Rome"));
        assert_eq!(
            check_time_zone("../../etc/passwd").unwrap_err().suggestion,
            None
        );
        assert!(check_time_zone("Etc/Unknown").is_err());
        assert!(check_time_zone("").is_err());
    }

    #[test]
    fn resolved_time_zone_places_local_midnight_correctly() {
        let settings = SiteSettings::new("Home", "Europe/Rome");
        let tz = settings.resolve_time_zone().unwrap();
        let midnight = jiff::civil::date(2025, 7, 1)
            .at(0, 0, 0, 0)
            .to_zoned(tz)
            .unwrap();
        assert_eq!(midnight.offset().seconds(), 2 * 3600);
        assert!(
            SiteSettings::new("x", "Mars/Olympus")
                .resolve_time_zone()
                .is_none()
        );
    }

    #[test]
    fn sample_rates_are_the_seeds_choices_with_fifteen_minutes_by_default() {
        let minutes: Vec<u32> = SampleRate::ALL.iter().map(|r| r.minutes()).collect();
        assert_eq!(minutes, [1, 5, 10, 15, 30, 60]);
        assert_eq!(SampleRate::default().minutes(), 15);
    }
}
