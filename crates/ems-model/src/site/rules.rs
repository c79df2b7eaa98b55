//! The limits and value rules of the site file, shared by the TOML reader and the validator so
//! that both say the same thing about the same value.

use super::error::{ConfigRule, Format, Limit, Problem};
use crate::suggest::closest;
use std::net::IpAddr;
use std::ops::RangeInclusive;

/// Modbus unit identifiers (slave addresses) of devices.
pub(crate) const UNIT_ID: RangeInclusive<i64> = 1..=247;
/// TCP ports.
pub(crate) const TCP_PORT: RangeInclusive<i64> = 1..=65_535;
/// Response timeouts of links and devices, in milliseconds.
pub(crate) const TIMEOUT_MS: RangeInclusive<i64> = 10..=60_000;
/// Silence between Modbus RTU frames, in milliseconds.
pub(crate) const INTER_FRAME_GAP_MS: RangeInclusive<i64> = 0..=1_000;
/// Consecutive failed polls before a device shows "communication error".
pub(crate) const FAILURES_BEFORE_ERROR: RangeInclusive<i64> = 1..=100;
/// Poll periods, in milliseconds (100 ms to one hour).
pub(crate) const POLL_MS: RangeInclusive<i64> = 100..=3_600_000;
/// The largest CT or VT ratio.
pub(crate) const MAX_RATIO: f64 = 100_000.0;
/// The most measure groups one device belongs to.
pub(crate) const MAX_GROUPS: usize = 5;
/// The longest display name, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 100;
/// The longest description, in characters.
pub(crate) const MAX_DESCRIPTION_CHARS: usize = 500;

/// `value` when it lies in `range`, else the out-of-range problem.
pub(crate) fn in_range(value: i64, range: &RangeInclusive<i64>) -> Result<i64, Problem> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(out_of_range(value, range))
    }
}

/// `value` is not in `range`.
pub(crate) fn out_of_range(value: i64, range: &RangeInclusive<i64>) -> Problem {
    let (min, max) = (*range.start(), *range.end());
    Problem::new(
        ConfigRule::OutOfRange {
            min: Some(min.into()),
            above: None,
            max: Some(max.into()),
        },
        format!("{value} is out of range; expected {min} to {max}"),
    )
}

/// A value of a fixed set, as written in the site file (a string without its quotes).
fn written(value: &toml::Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// A value with a fixed set of allowed TOML values (an enumeration of the site file).
pub(crate) trait Choice: Copy + PartialEq + 'static {
    /// Every allowed value.
    const ALL: &'static [Self];

    /// The value as written in TOML.
    fn to_toml(self) -> toml::Value;

    /// The value whose TOML form is `value`, or the problem naming the allowed values.
    fn from_toml(value: &toml::Value) -> Result<Self, Problem> {
        if let Some(found) = Self::ALL.iter().find(|c| c.to_toml() == *value) {
            return Ok(*found);
        }
        let allowed: Vec<toml::Value> = Self::ALL.iter().map(|c| c.to_toml()).collect();
        let list = allowed
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let rule = ConfigRule::NotAllowed {
            allowed: allowed.iter().map(written).collect(),
        };
        let same_type = allowed
            .first()
            .is_some_and(|a| a.type_str() == value.type_str());
        if !same_type {
            return Err(Problem::new(
                rule,
                format!("expected one of {list}, found {}", type_name(value)),
            ));
        }
        let suggestion = value
            .as_str()
            .and_then(|given| closest(given, allowed.iter().filter_map(toml::Value::as_str)));
        Err(Problem::new(
            rule,
            format!("{value} is not allowed; expected one of {list}"),
        )
        .suggesting(suggestion))
    }
}

/// The kind of a TOML value with its article, for "expected X, found Y" messages.
pub(crate) fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a float",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date-time",
        toml::Value::Array(_) => "an array",
        toml::Value::Table(_) => "a table",
    }
}

/// Checks a display name: not blank and not too long.
pub(crate) fn check_name(name: &str) -> Result<(), Problem> {
    if name.trim().is_empty() {
        Err(Problem::new(ConfigRule::Empty, "must not be empty"))
    } else {
        check_length(name, MAX_NAME_CHARS)
    }
}

/// Checks a description: not too long.
pub(crate) fn check_description(description: &str) -> Result<(), Problem> {
    check_length(description, MAX_DESCRIPTION_CHARS)
}

/// Checks that `text` has at most `max` characters.
fn check_length(text: &str, max: usize) -> Result<(), Problem> {
    if text.chars().count() > max {
        Err(Problem::new(
            ConfigRule::TooLong { max },
            format!("is longer than {max} characters"),
        ))
    } else {
        Ok(())
    }
}

/// The problem of a text that is not of the form `format`, in words.
fn not_of_form(format: Format, message: String) -> Problem {
    Problem::new(ConfigRule::Pattern { format }, message)
}

/// Checks a host: an IPv4 or IPv6 address, or a DNS host name.
pub(crate) fn check_host(host: &str) -> Result<(), Problem> {
    if host.parse::<IpAddr>().is_ok() || is_host_name(host) {
        Ok(())
    } else {
        Err(not_of_form(
            Format::Host,
            format!("{host:?} is neither an IP address nor a host name"),
        ))
    }
}

/// A DNS host name: dot-separated labels of 1-63 letters, digits and '-', not starting or
/// ending with '-', at most 253 characters in all.
fn is_host_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Checks a serial device path: absolute, without spaces or control characters.
pub(crate) fn check_serial_port(port: &str) -> Result<(), Problem> {
    let printable = port.chars().all(|c| !c.is_whitespace() && !c.is_control());
    if port.len() > 1 && port.starts_with('/') && printable {
        Ok(())
    } else {
        Err(not_of_form(
            Format::SerialPort,
            format!("{port:?} is not a serial device path such as \"/dev/ttyUSB0\""),
        ))
    }
}

/// The longest path of a Unix socket, in bytes (the `sun_path` of Linux less its final NUL).
pub(crate) const MAX_SOCKET_PATH_BYTES: usize = 107;

/// Checks the path of a Unix stream socket: absolute, without spaces or control characters,
/// short enough for the system.
pub(crate) fn check_socket_path(path: &str) -> Result<(), Problem> {
    let printable = path.chars().all(|c| !c.is_whitespace() && !c.is_control());
    if !(path.len() > 1 && path.starts_with('/') && printable) {
        return Err(not_of_form(
            Format::SocketPath,
            format!("{path:?} is not an absolute socket path such as \"/run/ems/board.sock\""),
        ));
    }
    if path.len() > MAX_SOCKET_PATH_BYTES {
        return Err(Problem::new(
            ConfigRule::TooLong {
                max: MAX_SOCKET_PATH_BYTES,
            },
            format!(
                "is {} bytes long; a Unix socket path has at most {MAX_SOCKET_PATH_BYTES}",
                path.len()
            ),
        ));
    }
    Ok(())
}

/// Checks an ISO 4217 currency code: three uppercase ASCII letters.
pub(crate) fn check_currency(code: &str) -> Result<(), Problem> {
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        return Ok(());
    }
    let upper = code.to_ascii_uppercase();
    let suggestion = (upper.len() == 3 && upper.chars().all(|c| c.is_ascii_uppercase()))
        .then_some(upper.as_str());
    Err(not_of_form(
        Format::Currency,
        format!(
            "{code:?} is not an ISO 4217 currency code (three uppercase letters such as \"EUR\")"
        ),
    )
    .suggesting(suggestion))
}

/// Checks a CT or VT ratio: a finite number above 0 and at most [`MAX_RATIO`].
pub(crate) fn check_ratio(ratio: f64) -> Result<(), Problem> {
    if ratio.is_finite() && ratio > 0.0 && ratio <= MAX_RATIO {
        Ok(())
    } else {
        Err(Problem::new(
            ConfigRule::OutOfRange {
                min: None,
                above: Some(Limit::Integer(0)),
                max: Some(Limit::Integer(MAX_RATIO as i64)),
            },
            format!("{ratio} is out of range; expected a number above 0 and at most {MAX_RATIO}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_ip_addresses_or_dns_names() {
        for good in [
            "192.168.1.20",
            "::1",
            "meter-gw.local",
            "gw1",
            "example.com.",
        ] {
            assert!(check_host(good).is_ok(), "{good}");
        }
        for bad in ["", "my host", "-gw", "gw_1", "a..b", "http://gw"] {
            assert!(check_host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn serial_ports_are_absolute_device_paths() {
        assert!(check_serial_port("/dev/ttyUSB0").is_ok());
        for bad in ["", "/", "ttyUSB0", "/dev/tty USB0", "COM3"] {
            assert!(check_serial_port(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn socket_paths_are_absolute_and_short() {
        assert!(check_socket_path("/run/ems/board.sock").is_ok());
        for bad in ["", "/", "board.sock", "/run/my board.sock"] {
            assert!(check_socket_path(bad).is_err(), "{bad}");
        }
        let long = format!("/{}", "x".repeat(MAX_SOCKET_PATH_BYTES));
        assert!(check_socket_path(&long).is_err());
    }

    #[test]
    fn a_lowercase_currency_suggests_its_uppercase_form() {
        assert!(check_currency("EUR").is_ok());
        let problem = check_currency("eur").unwrap_err();
        assert_eq!(problem.suggestion.as_deref(), Some("EUR"));
        assert_eq!(check_currency("EURO").unwrap_err().suggestion, None);
    }

    #[test]
    fn ratios_must_be_positive_finite_and_bounded() {
        assert!(check_ratio(1.0).is_ok());
        assert!(check_ratio(MAX_RATIO).is_ok());
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, MAX_RATIO * 2.0] {
            assert!(check_ratio(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_must_not_be_blank_or_too_long() {
        assert!(check_name("Main meter").is_ok());
        assert!(check_name("  ").is_err());
        assert!(check_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(check_description(&"x".repeat(MAX_DESCRIPTION_CHARS)).is_ok());
    }
}
