//! Reading the instant a person means by a time: an instant with its offset, or a local civil
//! time in a time zone that the clocks neither skip nor repeat there.

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{Timestamp, Zoned};

/// Why a text names no single instant in a time zone; each message says what to give instead.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LocalTimeError {
    /// The text is neither a civil time nor an instant with its offset.
    #[error(
        "{text:?} is neither a local time such as 2026-12-25T10:00 nor an instant with its \
         offset such as 2026-12-25T10:00+01:00"
    )]
    NotATime {
        /// The text.
        text: String,
    },
    /// The clocks go back over the local time: it happens twice.
    #[error(
        "{} happens twice in {zone} (the clocks go back): at {} ({}) and at {} ({}); give the \
         one meant with its offset",
        minutes(.time), zoned_minutes(.first), .first.timestamp(), zoned_minutes(.second),
        .second.timestamp()
    )]
    Repeated {
        /// The local time.
        time: DateTime,
        /// The time zone's name.
        zone: String,
        /// The local time at its first occurrence, before the clocks go back.
        first: Zoned,
        /// The local time at its second occurrence, after the clocks go back.
        second: Zoned,
    },
    /// The clocks go forward over the local time: it does not exist.
    #[error(
        "{} does not exist in {zone}: at {change} the clocks go forward from {} ({before}) to \
         {} ({after}), skipping it; give a time before or after the change",
        minutes(.time), clock(*.before, *.change), clock(*.after, *.change)
    )]
    Skipped {
        /// The local time.
        time: DateTime,
        /// The time zone's name.
        zone: String,
        /// The instant the clocks go forward.
        change: Timestamp,
        /// The offset before the change.
        before: Offset,
        /// The offset after the change.
        after: Offset,
    },
    /// The local time read in the time zone falls outside the instants that can be written.
    #[error("{text:?}: {source}")]
    OutOfRange {
        /// The text.
        text: String,
        /// Why the instant cannot be written.
        source: jiff::Error,
    },
}

/// `2026-12-25T10:00`.
fn minutes(time: &DateTime) -> String {
    time.strftime("%Y-%m-%dT%H:%M").to_string()
}

/// `2026-10-25T02:30+02:00`.
fn zoned_minutes(at: &Zoned) -> String {
    at.strftime("%Y-%m-%dT%H:%M%:z").to_string()
}

/// The clock at `at` with `offset`: `02:00`.
fn clock(offset: Offset, at: Timestamp) -> String {
    offset.to_datetime(at).strftime("%H:%M").to_string()
}

/// The instant `text` names in `tz`: an RFC 3339 instant with its offset
/// (`2026-12-25T10:00+01:00`, read as is), or a local civil time (`2026-12-25T10:00`, seconds
/// optional) that exists exactly once in `tz`.
///
/// A local time that a change of the clocks skips or repeats is refused, naming the change
/// and what to give instead (a time before or after it; the occurrence meant, with its offset).
pub fn local_instant(text: &str, tz: &TimeZone) -> Result<Timestamp, LocalTimeError> {
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let time: DateTime = text.parse().map_err(|_| LocalTimeError::NotATime {
        text: text.to_owned(),
    })?;
    let zone = || tz.iana_name().unwrap_or("the site's time zone").to_owned();
    let to_timestamp = |offset: Offset| {
        offset
            .to_timestamp(time)
            .map_err(|source| LocalTimeError::OutOfRange {
                text: text.to_owned(),
                source,
            })
    };
    match tz.to_ambiguous_timestamp(time).offset() {
        AmbiguousOffset::Unambiguous { offset } => to_timestamp(offset),
        AmbiguousOffset::Fold { before, after } => Err(LocalTimeError::Repeated {
            time,
            zone: zone(),
            first: to_timestamp(before)?.to_zoned(tz.clone()),
            second: to_timestamp(after)?.to_zoned(tz.clone()),
        }),
        AmbiguousOffset::Gap { before, after } => {
            // The change is the last one before the time read with the earlier offset.
            let probe = to_timestamp(before)?;
            let change = tz.preceding(probe).next().map_or(probe, |t| t.timestamp());
            Err(LocalTimeError::Skipped {
                time,
                zone: zone(),
                change,
                before,
                after,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rome() -> TimeZone {
        TimeZone::get("Europe/Rome").unwrap()
    }

    #[test]
    fn a_local_time_that_exists_once_is_read_in_the_zone_and_an_instant_as_is() {
        let at = local_instant("2026-12-25T10:00", &rome()).unwrap();
        assert_eq!(at.to_string(), "2026-12-25T09:00:00Z");
        assert_eq!(
            local_instant("2026-12-25T10:00:30", &rome()).unwrap(),
            at + jiff::SignedDuration::from_secs(30)
        );
        assert_eq!(
            local_instant("2026-12-25T10:00+01:00", &rome()).unwrap(),
            at
        );
        // An instant with its offset may name a time the clocks repeat.
        let repeated = local_instant("2026-10-25T02:30+01:00", &rome()).unwrap();
        assert_eq!(repeated.to_string(), "2026-10-25T01:30:00Z");
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused_naming_the_change() {
        let error = local_instant("2026-03-29T02:30", &rome()).unwrap_err();
        assert!(matches!(error, LocalTimeError::Skipped { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            "2026-03-29T02:30 does not exist in Europe/Rome: at 2026-03-29T01:00:00Z the clocks \
             go forward from 02:00 (+01) to 03:00 (+02), skipping it; give a time before or \
             after the change"
        );
    }

    #[test]
    fn a_time_the_clocks_repeat_is_refused_naming_both_instants() {
        let error = local_instant("2026-10-25T02:30", &rome()).unwrap_err();
        assert!(
            matches!(error, LocalTimeError::Repeated { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "2026-10-25T02:30 happens twice in Europe/Rome (the clocks go back): at \
             2026-10-25T02:30+02:00 (2026-10-25T00:30:00Z) and at 2026-10-25T02:30+01:00 \
             (2026-10-25T01:30:00Z); give the one meant with its offset"
        );
    }

    #[test]
    fn text_that_is_no_time_is_refused_with_examples() {
        let error = local_instant("christmas", &rome()).unwrap_err();
        assert!(
            matches!(error, LocalTimeError::NotATime { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "\"christmas\" is neither a local time such as 2026-12-25T10:00 nor an instant with \
             its offset such as 2026-12-25T10:00+01:00"
        );
    }

    #[test]
    fn a_local_time_beyond_the_instants_that_can_be_written_is_refused() {
        let far = TimeZone::fixed(jiff::tz::offset(-25));
        let error = local_instant("9999-12-31T23:00", &far);
        assert!(
            matches!(error, Err(LocalTimeError::OutOfRange { .. })),
            "{error:?}"
        );
    }
}
