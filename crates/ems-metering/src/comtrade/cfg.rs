//! The configuration file (`.cfg`): what the record holds and how to read its data.

use super::error::ComtradeError;
use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

/// The revision of the standard a record follows, from the `rev_year` of its station line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Revision {
    /// IEEE C37.111-1991: no `rev_year` on the station line; dates are `mm/dd/yy`.
    Ieee1991,
    /// IEEE C37.111-1999: adds `rev_year`, `timemult` and the primary/secondary fields.
    Ieee1999,
    /// IEC 60255-24:2001, the IEC edition of the 1999 revision (read as 1999).
    Iec2001,
    /// IEEE C37.111-2013 / IEC 60255-24:2013: adds BINARY32, FLOAT32, nanosecond time
    /// stamps, `time_code,local_code`, `tmq_code,leapsec` and the single-file `.cff` form.
    Ieee2013,
}

impl Revision {
    /// The year written in the station line (1991 for records that write none).
    pub const fn year(self) -> u16 {
        match self {
            Revision::Ieee1991 => 1991,
            Revision::Ieee1999 => 1999,
            Revision::Iec2001 => 2001,
            Revision::Ieee2013 => 2013,
        }
    }

    fn from_year(text: &str) -> Option<Revision> {
        match text {
            "1991" => Some(Revision::Ieee1991),
            "1999" => Some(Revision::Ieee1999),
            "2001" => Some(Revision::Iec2001),
            "2013" => Some(Revision::Ieee2013),
            _ => None,
        }
    }
}

/// How the data file stores its samples (the `ft` line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    /// Comma-separated text, one sample per line.
    Ascii,
    /// Little-endian records with 16-bit two's complement analog values.
    Binary,
    /// Little-endian records with 32-bit two's complement analog values (2013).
    Binary32,
    /// Little-endian records with IEEE 754 single-precision analog values (2013).
    Float32,
}

impl FileType {
    /// The name written in the `ft` line.
    pub const fn name(self) -> &'static str {
        match self {
            FileType::Ascii => "ASCII",
            FileType::Binary => "BINARY",
            FileType::Binary32 => "BINARY32",
            FileType::Float32 => "FLOAT32",
        }
    }

    /// Reads an `ft` value, in any case.
    pub fn from_name(text: &str) -> Option<FileType> {
        match text.trim().to_ascii_uppercase().as_str() {
            "ASCII" => Some(FileType::Ascii),
            "BINARY" | "BINARY16" => Some(FileType::Binary),
            "BINARY32" => Some(FileType::Binary32),
            "FLOAT32" => Some(FileType::Float32),
            _ => None,
        }
    }

    /// Bytes of one analog value in a binary file (0 for ASCII).
    pub const fn analog_bytes(self) -> usize {
        match self {
            FileType::Ascii => 0,
            FileType::Binary => 2,
            FileType::Binary32 | FileType::Float32 => 4,
        }
    }
}

/// Whether an analog channel's values, once scaled by `a·x + b`, are primary or secondary
/// (the `PS` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scaling {
    /// `P`: the values are primary (what the power system carries).
    Primary,
    /// `S`: the values are secondary (what the instrument transformer delivers); the reader
    /// multiplies them by `primary / secondary`.
    Secondary,
}

/// What an analog channel measures, from its unit (`uu`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// `V`, `kV`, `mV`, `uV` (also `KV`, `Volts`): samples are in volts.
    Voltage,
    /// `A`, `kA`, `mA`, `uA` (also `KA`, `Amps`): samples are in amperes.
    Current,
    /// Any other unit: samples are in the unit as written, without prefix conversion.
    Other,
}

/// One analog channel line of the configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalogChannelConfig {
    /// The channel index `An` as written.
    pub index: u64,
    /// The channel identifier `ch_id`.
    pub id: String,
    /// The phase identifier `ph` (often `A`, `B`, `C`, `N`, `AB`, … or empty).
    pub phase: String,
    /// The circuit component being monitored `ccbm`.
    pub circuit: String,
    /// The unit `uu` as written (`kV`, `A`, …).
    pub unit: String,
    /// The multiplier `a`.
    pub a: f64,
    /// The offset `b` (0 when blank).
    pub b: f64,
    /// The time skew of the channel from the sample time, in microseconds (0 when blank).
    /// The reader keeps it for the caller; it does not shift samples.
    pub skew_us: f64,
    /// The smallest raw value the recorder can write, when given.
    pub min: Option<f64>,
    /// The largest raw value the recorder can write, when given.
    pub max: Option<f64>,
    /// The instrument transformer's primary rating (1 when absent).
    pub primary: f64,
    /// The instrument transformer's secondary rating (1 when absent).
    pub secondary: f64,
    /// Whether `a·x + b` gives primary or secondary values (primary when absent).
    pub scaling: Scaling,
    /// What the unit says the channel measures.
    pub quantity: Quantity,
    /// The factor from the unit as written to volts or amperes (1000 for `kV`); 1 for
    /// [`Quantity::Other`].
    pub unit_factor: f64,
    /// The line of the configuration that describes the channel, from 1.
    pub line: usize,
}

impl AnalogChannelConfig {
    /// The factor the reader applies to `a·x + b` to get the channel's samples:
    /// `primary / secondary` when the values are secondary, times [`Self::unit_factor`].
    pub fn scale(&self) -> f64 {
        let ratio = match self.scaling {
            Scaling::Primary => 1.0,
            Scaling::Secondary => self.primary / self.secondary,
        };
        ratio * self.unit_factor
    }

    /// The unit of the channel's samples: `V`, `A`, or the unit as written.
    pub fn sample_unit(&self) -> &str {
        match self.quantity {
            Quantity::Voltage => "V",
            Quantity::Current => "A",
            Quantity::Other => &self.unit,
        }
    }

    /// `analog channel 3 "VA" (cfg line 5: ph "A", uu "kV")`, for messages.
    pub fn describe(&self, position: usize) -> String {
        format!(
            "analog channel {position} \"{}\" (cfg line {}: ph \"{}\", uu \"{}\")",
            self.id, self.line, self.phase, self.unit
        )
    }
}

/// One status (digital) channel line of the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChannelConfig {
    /// The channel index `Dn` as written.
    pub index: u64,
    /// The channel identifier `ch_id`.
    pub id: String,
    /// The phase identifier `ph` (empty in 1991 records).
    pub phase: String,
    /// The circuit component being monitored `ccbm` (empty in 1991 records).
    pub circuit: String,
    /// The normal state `y` of the input, when given.
    pub normal_state: Option<bool>,
    /// The line of the configuration that describes the channel, from 1.
    pub line: usize,
}

/// One sample rate of the record: `samp` samples per second up to sample `endsamp`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleRate {
    /// Samples per second (`samp`).
    pub rate_hz: f64,
    /// The last sample (from 1) taken at this rate (`endsamp`).
    pub end_sample: u64,
}

/// How the samples are placed in time.
#[derive(Debug, Clone, PartialEq)]
pub enum Sampling {
    /// At fixed rates, one or more in succession. The data file's timestamps are then
    /// non-critical and the reader does not use them.
    Rates(Vec<SampleRate>),
    /// By the data file's timestamps only (`nrates` 0, or every `samp` 0).
    Timestamps {
        /// The number of samples (`endsamp`).
        samples: u64,
    },
}

/// The unit of the data file's timestamps, given by the resolution of the configuration's
/// date/time stamps (2013): six decimals of a second mean microseconds, more mean nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeBase {
    /// Microseconds (every revision before 2013, and 2013 with six decimals).
    Microseconds,
    /// Nanoseconds (2013 with nine decimals).
    Nanoseconds,
}

impl TimeBase {
    /// The length of one unit in seconds.
    pub const fn seconds(self) -> f64 {
        match self {
            TimeBase::Microseconds => 1e-6,
            TimeBase::Nanoseconds => 1e-9,
        }
    }
}

/// The `local_code` of a 2013 record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalCode {
    /// The offset of the recorder's local time zone from UTC.
    Offset(Offset),
    /// `x`: not applicable.
    NotApplicable,
}

/// The record-wide fields of the configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// `station_name`.
    pub station_name: String,
    /// `rec_dev_id`.
    pub recording_device_id: String,
    /// The revision, from `rev_year`.
    pub revision: Revision,
    /// The nominal line frequency `lf`, when given.
    pub line_frequency_hz: Option<f64>,
    /// The sample rates, or timestamps only.
    pub sampling: Sampling,
    /// The date and time of the first sample, as written (in the time of [`Header::time_code`]).
    /// `None` when the line is blank or all zero.
    pub start: Option<DateTime>,
    /// The date and time of the trigger, as written. `None` when blank or all zero.
    pub trigger: Option<DateTime>,
    /// The unit of the data file's timestamps.
    pub time_base: TimeBase,
    /// How the data file stores its samples.
    pub file_type: FileType,
    /// `timemult`: the data file's timestamps are multiplied by it (1 when absent).
    pub time_multiplier: f64,
    /// `time_code` (2013): the offset of the record's time stamps from UTC, when given.
    pub time_code: Option<Offset>,
    /// `local_code` (2013), when given.
    pub local_code: Option<LocalCode>,
    /// `tmq_code` (2013): the time quality of the recorder's clock (0 = locked, 0xF = failed),
    /// when given.
    pub time_quality: Option<u8>,
    /// `leapsec` (2013): 0 none, 1 added, 2 subtracted, 3 no capability; when given.
    pub leap_second: Option<u8>,
}

impl Header {
    /// Samples per channel the data file must hold (the last `endsamp`).
    pub fn samples(&self) -> u64 {
        match &self.sampling {
            Sampling::Rates(rates) => rates.last().map_or(0, |r| r.end_sample),
            Sampling::Timestamps { samples } => *samples,
        }
    }

    /// The UTC time of the first sample: [`Header::start`] less the 2013 `time_code`; taken as
    /// UTC when the record has no `time_code` (every revision before 2013).
    pub fn start_utc(&self) -> Option<Timestamp> {
        self.start.and_then(|dt| self.to_utc(dt))
    }

    /// The UTC time of the trigger, read as [`Header::start_utc`].
    pub fn trigger_utc(&self) -> Option<Timestamp> {
        self.trigger.and_then(|dt| self.to_utc(dt))
    }

    fn to_utc(&self, dt: DateTime) -> Option<Timestamp> {
        self.time_code.unwrap_or(Offset::UTC).to_timestamp(dt).ok()
    }
}

/// Everything the configuration file says.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The record-wide fields.
    pub header: Header,
    /// The analog channels, in file order.
    pub analog_channels: Vec<AnalogChannelConfig>,
    /// The status channels, in file order.
    pub status_channels: Vec<StatusChannelConfig>,
}

impl Config {
    /// Parses the text of a `.cfg` file (LF or CRLF lines, fields trimmed).
    pub fn parse(cfg: &str) -> Result<Config, ComtradeError> {
        parse(cfg, 0)
    }
}

/// The lines of the configuration, numbered from `base + 1`; trailing blank lines dropped.
struct Lines<'a> {
    lines: Vec<&'a str>,
    next: usize,
    base: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, base: usize) -> Lines<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.trim_end_matches(['\r', '\u{1a}']))
            .collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        Lines {
            lines,
            next: 0,
            base,
        }
    }

    /// The next line and its number, or an error saying what was expected there.
    fn take(&mut self, expected: &str) -> Result<(usize, &'a str), ComtradeError> {
        self.optional().ok_or_else(|| ComtradeError::CfgEnds {
            line: self.base + self.next + 1,
            expected: expected.to_string(),
        })
    }

    /// The next line and its number, if the file goes on.
    fn optional(&mut self) -> Option<(usize, &'a str)> {
        let line = *self.lines.get(self.next)?;
        self.next += 1;
        Some((self.base + self.next, line))
    }
}

fn fields(line: &str) -> Vec<&str> {
    line.split(',').map(str::trim).collect()
}

fn cfg_error(line: usize, field: impl Into<String>, problem: impl Into<String>) -> ComtradeError {
    ComtradeError::Cfg {
        line,
        field: field.into(),
        problem: problem.into(),
    }
}

/// A finite number, as Rust reads it (`1`, `-2.5`, `1e-3`, `+4`).
pub(super) fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn integer(text: &str) -> Option<u64> {
    text.parse::<u64>().ok()
}

fn quoted(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() > LIMIT {
        let cut: String = text.chars().take(LIMIT).collect();
        format!("`{cut}…`")
    } else {
        format!("`{text}`")
    }
}

/// Parses a configuration whose first line is line `base + 1` of the file it comes from.
pub(super) fn parse(cfg: &str, base: usize) -> Result<Config, ComtradeError> {
    let mut lines = Lines::new(cfg, base);

    // station_name,rec_dev_id,rev_year
    let (line, text) = lines.take("the station line (station_name,rec_dev_id,rev_year)")?;
    let f = fields(text);
    let (station_name, recording_device_id, revision) = match f.len() {
        0 | 1 => {
            return Err(cfg_error(
                line,
                "station line",
                format!(
                    "expected station_name,rec_dev_id[,rev_year], found {}",
                    quoted(text.trim())
                ),
            ));
        }
        2 => (f[0].to_string(), f[1].to_string(), Revision::Ieee1991),
        n => {
            let year = f[n - 1];
            let revision = if year.is_empty() {
                Revision::Ieee1991
            } else {
                Revision::from_year(year).ok_or_else(|| {
                    cfg_error(
                        line,
                        "field rev_year",
                        format!(
                            "{} is not a revision this reader knows (1991, 1999, 2001 or 2013)",
                            quoted(year)
                        ),
                    )
                })?
            };
            // A comma inside the station name is the writer's mistake, but harmless.
            (f[..n - 2].join(","), f[n - 2].to_string(), revision)
        }
    };

    // TT,##A,##D
    let (line, text) = lines.take("the channel counts (TT,##A,##D)")?;
    let f = fields(text);
    if f.len() != 3 {
        return Err(cfg_error(
            line,
            "channel counts",
            format!(
                "expected TT,##A,##D (three fields), found {}",
                quoted(text.trim())
            ),
        ));
    }
    let total = integer(f[0]).ok_or_else(|| {
        cfg_error(
            line,
            "field TT",
            format!("{} is not a channel count", quoted(f[0])),
        )
    })?;
    let analog_count = count_with_suffix(f[1], 'A').ok_or_else(|| {
        cfg_error(
            line,
            "field ##A",
            format!(
                "{} is not a count of analog channels like `6A`",
                quoted(f[1])
            ),
        )
    })?;
    let status_count = count_with_suffix(f[2], 'D').ok_or_else(|| {
        cfg_error(
            line,
            "field ##D",
            format!(
                "{} is not a count of status channels like `4D`",
                quoted(f[2])
            ),
        )
    })?;
    if analog_count.checked_add(status_count) != Some(total) {
        return Err(cfg_error(
            line,
            "field TT",
            format!(
                "TT is {total} but ##A + ##D is {analog_count} + {status_count}; they must add up"
            ),
        ));
    }

    let mut analog_channels = Vec::new();
    for position in 1..=analog_count {
        let (line, text) = lines.take(&format!(
            "analog channel {position} (An,ch_id,ph,ccbm,uu,a,b,skew,min,max,primary,secondary,PS)"
        ))?;
        analog_channels.push(analog_channel(line, text, position)?);
    }
    let mut status_channels = Vec::new();
    for position in 1..=status_count {
        let (line, text) =
            lines.take(&format!("status channel {position} (Dn,ch_id,ph,ccbm,y)"))?;
        status_channels.push(status_channel(line, text, position)?);
    }

    // lf
    let (line, text) = lines.take("the line frequency (lf)")?;
    let text = text.trim();
    let line_frequency_hz = if text.is_empty() {
        None
    } else {
        Some(number(text).filter(|f| *f >= 0.0).ok_or_else(|| {
            cfg_error(
                line,
                "field lf",
                format!("{} is not a frequency in hertz", quoted(text)),
            )
        })?)
    };

    let sampling = sampling(&mut lines)?;

    // Start and trigger date/time; their resolution sets the time base (2013).
    let (start, start_digits) = stamp(
        &mut lines,
        revision,
        "start",
        "the date and time of the first sample (dd/mm/yyyy,hh:mm:ss.ssssss)",
    )?;
    let (trigger, trigger_digits) = stamp(
        &mut lines,
        revision,
        "trigger",
        "the date and time of the trigger (dd/mm/yyyy,hh:mm:ss.ssssss)",
    )?;
    let time_base = if start_digits.max(trigger_digits) > 6 {
        TimeBase::Nanoseconds
    } else {
        TimeBase::Microseconds
    };

    // ft
    let (line, text) = lines.take("the data file type (ASCII, BINARY, BINARY32 or FLOAT32)")?;
    let file_type = FileType::from_name(text).ok_or_else(|| {
        cfg_error(
            line,
            "field ft",
            format!(
                "{} is not a data file type (ASCII, BINARY, BINARY32 or FLOAT32)",
                quoted(text.trim())
            ),
        )
    })?;

    let mut header = Header {
        station_name,
        recording_device_id,
        revision,
        line_frequency_hz,
        sampling,
        start,
        trigger,
        time_base,
        file_type,
        time_multiplier: 1.0,
        time_code: None,
        local_code: None,
        time_quality: None,
        leap_second: None,
    };

    if revision != Revision::Ieee1991 {
        // timemult: absent or blank means 1.
        if let Some((line, text)) = lines.optional() {
            let text = text.trim();
            if !text.is_empty() {
                header.time_multiplier = number(text).filter(|m| *m > 0.0).ok_or_else(|| {
                    cfg_error(
                        line,
                        "field timemult",
                        format!("{} is not a positive number", quoted(text)),
                    )
                })?;
            }
        }
    }
    if revision == Revision::Ieee2013 {
        if let Some((line, text)) = lines.optional() {
            let f = fields(text);
            let time_code = f.first().copied().unwrap_or("");
            if !time_code.is_empty() {
                header.time_code = Some(offset(time_code).ok_or_else(|| {
                    cfg_error(
                        line,
                        "field time_code",
                        format!(
                            "{} is not an offset from UTC like `0`, `+1`, `-5h30`",
                            quoted(time_code)
                        ),
                    )
                })?);
            }
            let local_code = f.get(1).copied().unwrap_or("");
            if local_code.eq_ignore_ascii_case("x") {
                header.local_code = Some(LocalCode::NotApplicable);
            } else if !local_code.is_empty() {
                header.local_code =
                    Some(LocalCode::Offset(offset(local_code).ok_or_else(|| {
                        cfg_error(
                            line,
                            "field local_code",
                            format!(
                                "{} is not an offset from UTC like `0`, `+1`, `-5h30`, or `x`",
                                quoted(local_code)
                            ),
                        )
                    })?));
            }
        }
        if let Some((line, text)) = lines.optional() {
            let f = fields(text);
            let tmq = f.first().copied().unwrap_or("");
            if !tmq.is_empty() {
                header.time_quality = Some(
                    u8::from_str_radix(tmq, 16)
                        .ok()
                        .filter(|q| *q <= 0xF)
                        .ok_or_else(|| {
                            cfg_error(
                                line,
                                "field tmq_code",
                                format!("{} is not one hexadecimal digit", quoted(tmq)),
                            )
                        })?,
                );
            }
            let leap = f.get(1).copied().unwrap_or("");
            if !leap.is_empty() {
                header.leap_second =
                    Some(leap.parse::<u8>().ok().filter(|l| *l <= 3).ok_or_else(|| {
                        cfg_error(
                            line,
                            "field leapsec",
                            format!("{} is not 0, 1, 2 or 3", quoted(leap)),
                        )
                    })?);
            }
        }
    }
    // Anything after is ignored: some recorders add lines of their own.

    Ok(Config {
        header,
        analog_channels,
        status_channels,
    })
}

/// `6A` → 6 (the suffix may be lower case or, tolerated, absent).
fn count_with_suffix(text: &str, suffix: char) -> Option<u64> {
    let digits = text
        .strip_suffix(suffix)
        .or_else(|| text.strip_suffix(suffix.to_ascii_lowercase()))
        .unwrap_or(text);
    integer(digits.trim())
}

const ANALOG_FIELDS: [&str; 13] = [
    "An",
    "ch_id",
    "ph",
    "ccbm",
    "uu",
    "a",
    "b",
    "skew",
    "min",
    "max",
    "primary",
    "secondary",
    "PS",
];

fn analog_channel(
    line: usize,
    text: &str,
    position: u64,
) -> Result<AnalogChannelConfig, ComtradeError> {
    let f = fields(text);
    let field_name = |i: usize| format!("field {} of analog channel {position}", ANALOG_FIELDS[i]);
    if f.len() > ANALOG_FIELDS.len() {
        return Err(cfg_error(
            line,
            format!("analog channel {position}"),
            format!(
                "expected at most 13 fields (An,ch_id,ph,ccbm,uu,a,b,skew,min,max,primary,secondary,PS), found {}; is there a comma inside a name?",
                f.len()
            ),
        ));
    }
    // Up to `a` the fields are required; the rest may be left out by sloppy writers.
    if f.len() < 6 {
        return Err(cfg_error(
            line,
            field_name(f.len()),
            format!("missing (the line has only {} fields)", f.len()),
        ));
    }
    let get = |i: usize| f.get(i).copied().unwrap_or("");
    let index = integer(f[0]).ok_or_else(|| {
        cfg_error(
            line,
            field_name(0),
            format!("{} is not an index", quoted(f[0])),
        )
    })?;
    let a = number(f[5]).ok_or_else(|| {
        cfg_error(
            line,
            field_name(5),
            format!("{} is not a number (the channel multiplier)", quoted(f[5])),
        )
    })?;
    let optional_number = |i: usize| -> Result<Option<f64>, ComtradeError> {
        let text = get(i);
        if text.is_empty() {
            return Ok(None);
        }
        number(text).map(Some).ok_or_else(|| {
            cfg_error(
                line,
                field_name(i),
                format!("{} is not a number", quoted(text)),
            )
        })
    };
    let b = optional_number(6)?.unwrap_or(0.0);
    let skew_us = optional_number(7)?.unwrap_or(0.0);
    let min = optional_number(8)?;
    let max = optional_number(9)?;
    let primary = optional_number(10)?.unwrap_or(1.0);
    let secondary = optional_number(11)?.unwrap_or(1.0);
    let scaling = match get(12) {
        "" | "P" | "p" => Scaling::Primary,
        "S" | "s" => Scaling::Secondary,
        other => {
            return Err(cfg_error(
                line,
                field_name(12),
                format!("{} is neither P (primary) nor S (secondary)", quoted(other)),
            ));
        }
    };
    if scaling == Scaling::Secondary {
        // The values are converted with primary / secondary: both must be real ratings.
        for (i, value) in [(10, primary), (11, secondary)] {
            if value <= 0.0 {
                return Err(cfg_error(
                    line,
                    field_name(i),
                    format!(
                        "is {value}, but PS is S, so the values are converted to primary by primary / secondary, which needs two positive ratings"
                    ),
                ));
            }
        }
    }
    let unit = f[4].to_string();
    let (quantity, unit_factor) = unit_quantity(&unit);
    Ok(AnalogChannelConfig {
        index,
        id: f[1].to_string(),
        phase: f[2].to_string(),
        circuit: f[3].to_string(),
        unit,
        a,
        b,
        skew_us,
        min,
        max,
        primary,
        secondary,
        scaling,
        quantity,
        unit_factor,
        line,
    })
}

/// The quantity of a unit and the factor to volts or amperes. An upper-case `M` is not taken
/// as a prefix: `MV` could be a shouted `mV` as well as megavolts.
pub(super) fn unit_quantity(unit: &str) -> (Quantity, f64) {
    let unit = unit.trim();
    let base_quantity = |base: &str| -> Option<Quantity> {
        let base = base.to_ascii_uppercase();
        match base.as_str() {
            "V" | "VOLT" | "VOLTS" => Some(Quantity::Voltage),
            "A" | "AMP" | "AMPS" | "AMPERE" | "AMPERES" => Some(Quantity::Current),
            _ => None,
        }
    };
    if let Some(quantity) = base_quantity(unit) {
        return (quantity, 1.0);
    }
    let prefixes: [(&[char], f64); 3] =
        [(&['k', 'K'], 1e3), (&['m'], 1e-3), (&['u', 'µ', 'μ'], 1e-6)];
    for (chars, factor) in prefixes {
        if let Some(base) = unit.strip_prefix(chars)
            && let Some(quantity) = base_quantity(base)
        {
            return (quantity, factor);
        }
    }
    (Quantity::Other, 1.0)
}

fn status_channel(
    line: usize,
    text: &str,
    position: u64,
) -> Result<StatusChannelConfig, ComtradeError> {
    let f = fields(text);
    let field_name = |name: &str| format!("field {name} of status channel {position}");
    // 1991 writes Dn,ch_id,y; later revisions Dn,ch_id,ph,ccbm,y (y may be left out).
    let (id, phase, circuit, y) = match f.len() {
        3 => (f[1], "", "", f[2]),
        4 => (f[1], f[2], f[3], ""),
        5 => (f[1], f[2], f[3], f[4]),
        n => {
            return Err(cfg_error(
                line,
                format!("status channel {position}"),
                format!("expected Dn,ch_id,ph,ccbm,y (5 fields), found {n} fields"),
            ));
        }
    };
    let index = integer(f[0]).ok_or_else(|| {
        cfg_error(
            line,
            field_name("Dn"),
            format!("{} is not an index", quoted(f[0])),
        )
    })?;
    let normal_state = match y {
        "" => None,
        "0" => Some(false),
        "1" => Some(true),
        other => {
            return Err(cfg_error(
                line,
                field_name("y"),
                format!("{} is neither 0 nor 1", quoted(other)),
            ));
        }
    };
    Ok(StatusChannelConfig {
        index,
        id: id.to_string(),
        phase: phase.to_string(),
        circuit: circuit.to_string(),
        normal_state,
        line,
    })
}

fn sampling(lines: &mut Lines<'_>) -> Result<Sampling, ComtradeError> {
    let (line, text) = lines.take("the number of sample rates (nrates)")?;
    let text = text.trim();
    let nrates = integer(text).ok_or_else(|| {
        cfg_error(
            line,
            "field nrates",
            format!("{} is not a count of sample rates", quoted(text)),
        )
    })?;
    // nrates 0 is followed by one line `0,endsamp`.
    let mut rates: Vec<(usize, SampleRate)> = Vec::new();
    for number_of_rate in 1..=nrates.max(1) {
        let (line, text) = lines.take(&format!("sample rate {number_of_rate} (samp,endsamp)"))?;
        let f = fields(text);
        let f: Vec<&str> = match f.iter().rposition(|s| !s.is_empty()) {
            Some(last) => f[..=last].to_vec(),
            None => Vec::new(),
        };
        if f.len() != 2 {
            return Err(cfg_error(
                line,
                format!("sample rate {number_of_rate}"),
                format!("expected samp,endsamp, found {}", quoted(text.trim())),
            ));
        }
        let rate_hz = number(f[0]).filter(|r| *r >= 0.0).ok_or_else(|| {
            cfg_error(
                line,
                "field samp",
                format!("{} is not a sample rate in hertz", quoted(f[0])),
            )
        })?;
        let end_sample = integer(f[1]).ok_or_else(|| {
            cfg_error(
                line,
                "field endsamp",
                format!("{} is not a sample number", quoted(f[1])),
            )
        })?;
        if let Some((_, previous)) = rates.last()
            && end_sample <= previous.end_sample
        {
            return Err(cfg_error(
                line,
                "field endsamp",
                format!(
                    "{end_sample} does not come after the previous rate's endsamp {}",
                    previous.end_sample
                ),
            ));
        }
        rates.push((
            line,
            SampleRate {
                rate_hz,
                end_sample,
            },
        ));
    }
    let samples = rates.last().map_or(0, |(_, r)| r.end_sample);
    if nrates == 0 || rates.iter().all(|(_, r)| r.rate_hz == 0.0) {
        return Ok(Sampling::Timestamps { samples });
    }
    if let Some((line, _)) = rates.iter().find(|(_, r)| r.rate_hz == 0.0) {
        return Err(cfg_error(
            *line,
            "field samp",
            "0 (timestamps only) cannot be mixed with fixed sample rates",
        ));
    }
    Ok(Sampling::Rates(rates.into_iter().map(|(_, r)| r).collect()))
}

/// A date/time line; returns the stamp (None when blank or all zero) and the number of
/// decimals of its seconds.
fn stamp(
    lines: &mut Lines<'_>,
    revision: Revision,
    which: &str,
    expected: &str,
) -> Result<(Option<DateTime>, usize), ComtradeError> {
    let (line, text) = lines.take(expected)?;
    let f = fields(text);
    if f.iter().all(|s| s.is_empty()) {
        return Ok((None, 0));
    }
    if f.len() != 2 {
        return Err(cfg_error(
            line,
            format!("{which} date and time"),
            format!(
                "expected dd/mm/yyyy,hh:mm:ss.ssssss, found {}",
                quoted(text.trim())
            ),
        ));
    }
    let (date_text, time_text) = (f[0], f[1]);
    let order = if revision == Revision::Ieee1991 {
        "mm/dd/yy"
    } else {
        "dd/mm/yyyy"
    };
    let date_error = |problem: String| cfg_error(line, format!("{which} date"), problem);
    let parts: Vec<&str> = date_text.split('/').map(str::trim).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let numbers = match numbers {
        Some(n) if n.len() == 3 => n,
        _ => {
            return Err(date_error(format!(
                "{} is not a date written {order}",
                quoted(date_text)
            )));
        }
    };
    let (time, digits) = time_of_day(time_text).ok_or_else(|| {
        cfg_error(
            line,
            format!("{which} time"),
            format!(
                "{} is not a time written hh:mm:ss.ssssss",
                quoted(time_text)
            ),
        )
    })?;
    if numbers.iter().all(|n| *n == 0) {
        // Recorders without a clock write 00/00/0000 (or 0/0/0).
        return Ok((None, digits));
    }
    let (first, second, year) = (numbers[0], numbers[1], numbers[2]);
    let year = if parts[2].len() <= 2 {
        if year < 70 { 2000 + year } else { 1900 + year }
    } else {
        year
    };
    let (day, month) = if revision == Revision::Ieee1991 {
        (second, first)
    } else {
        (first, second)
    };
    let civil = |day: u32, month: u32| -> Option<DateTime> {
        let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(year), i8::try_from(month), i8::try_from(day))
        else {
            return None;
        };
        DateTime::new(
            y,
            m,
            d,
            time.hour,
            time.minute,
            time.second,
            time.nanosecond,
        )
        .ok()
    };
    let Some(mut dt) = civil(day, month) else {
        let swapped = if civil(month, day).is_some() {
            if revision == Revision::Ieee1991 {
                "; read the other way round it would be a date, but a 1991 record writes mm/dd/yy"
            } else {
                "; read as mm/dd/yyyy it would be a date, but since 1999 the standard writes dd/mm/yyyy"
            }
        } else {
            ""
        };
        return Err(date_error(format!(
            "{} is not a date written {order}{swapped}",
            quoted(date_text)
        )));
    };
    if time.leap {
        // 23:59:60.5 is read as 00:00:00.5 of the next day: civil time has no leap second.
        dt = dt.checked_add(SignedDuration::from_secs(1)).map_err(|_| {
            cfg_error(
                line,
                format!("{which} time"),
                "a leap second at the end of time",
            )
        })?;
    }
    Ok((Some(dt), digits))
}

struct TimeOfDay {
    hour: i8,
    minute: i8,
    second: i8,
    nanosecond: i32,
    leap: bool,
}

/// `hh:mm:ss[.fffffffff]` (up to 12 decimals, beyond nanoseconds dropped; second 60 is a leap
/// second) and the number of decimals.
fn time_of_day(text: &str) -> Option<(TimeOfDay, usize)> {
    let mut parts = text.split(':');
    let hour: i8 = parts.next()?.trim().parse().ok()?;
    let minute: i8 = parts.next()?.trim().parse().ok()?;
    let seconds = parts.next()?.trim();
    if parts.next().is_some() {
        return None;
    }
    let (whole, fraction) = match seconds.split_once('.') {
        Some((w, f)) => (w, f),
        None => (seconds, ""),
    };
    let second: i8 = whole.parse().ok()?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 12 {
        return None;
    }
    let mut nanosecond: i32 = 0;
    for b in fraction.bytes().chain(std::iter::repeat(b'0')).take(9) {
        nanosecond = nanosecond * 10 + i32::from(b - b'0');
    }
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) || !(0..=60).contains(&second) {
        return None;
    }
    let leap = second == 60;
    Some((
        TimeOfDay {
            hour,
            minute,
            second: if leap { 59 } else { second },
            nanosecond,
            leap,
        },
        fraction.len(),
    ))
}

/// `0`, `+1`, `-5`, `-5h30`, `+10h`, `+05:30`: an offset from UTC of at most 24 hours.
fn offset(text: &str) -> Option<Offset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let (hours, minutes) = match rest.find(['h', 'H', ':']) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !(minutes.is_empty() || all_digits(minutes)) {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = if minutes.is_empty() {
        0
    } else {
        minutes.parse().ok()?
    };
    if hours > 24 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG_2013: &str = "Sub A,Relay 7,2013\r\n\
        4,2A,2D\r\n\
        1,VA,A,Feeder 1,kV,0.01,0.5,0,-32767,32767,20,0.1,S\r\n\
        2,IA,A,Feeder 1,A,0.1,0,,-32767,32767,600,5,P\r\n\
        1,Trip,,Feeder 1,0\r\n\
        2,CB open,,,1\r\n\
        50\r\n\
        1\r\n\
        4000,800\r\n\
        10/03/2024,12:00:00.123456789\r\n\
        10/03/2024,12:00:00.150000000\r\n\
        binary32\r\n\
        1.0\r\n\
        -5h30,-5h30\r\n\
        A,0\r\n";

    #[test]
    fn a_2013_configuration_reads_every_field() {
        let cfg = Config::parse(CFG_2013).unwrap();
        let h = &cfg.header;
        assert_eq!(h.station_name, "Sub A");
        assert_eq!(h.recording_device_id, "Relay 7");
        assert_eq!(h.revision, Revision::Ieee2013);
        assert_eq!(h.line_frequency_hz, Some(50.0));
        assert_eq!(
            h.sampling,
            Sampling::Rates(vec![SampleRate {
                rate_hz: 4000.0,
                end_sample: 800
            }])
        );
        assert_eq!(h.file_type, FileType::Binary32);
        assert_eq!(h.time_base, TimeBase::Nanoseconds);
        assert_eq!(
            h.start,
            Some(DateTime::new(2024, 3, 10, 12, 0, 0, 123_456_789).unwrap())
        );
        assert_eq!(
            h.time_code,
            Some(Offset::from_seconds(-(5 * 3600 + 1800)).unwrap())
        );
        assert_eq!(h.time_quality, Some(0xA));
        assert_eq!(h.leap_second, Some(0));
        // 12:00 at UTC-5:30 is 17:30 UTC.
        assert_eq!(
            h.start_utc().unwrap().to_string(),
            "2024-03-10T17:30:00.123456789Z"
        );
        let va = &cfg.analog_channels[0];
        assert_eq!(
            (va.id.as_str(), va.phase.as_str(), va.unit.as_str()),
            ("VA", "A", "kV")
        );
        assert_eq!(
            (va.a, va.b, va.primary, va.secondary),
            (0.01, 0.5, 20.0, 0.1)
        );
        assert_eq!(va.scaling, Scaling::Secondary);
        assert_eq!(va.quantity, Quantity::Voltage);
        assert!((va.scale() - 200_000.0).abs() < 1e-6);
        assert_eq!(va.line, 3);
        let ia = &cfg.analog_channels[1];
        assert_eq!(ia.skew_us, 0.0);
        assert_eq!(ia.scale(), 1.0);
        assert_eq!(cfg.status_channels[1].id, "CB open");
        assert_eq!(cfg.status_channels[1].normal_state, Some(true));
    }

    #[test]
    fn a_1991_configuration_reads_month_before_day_and_three_field_status_lines() {
        let cfg = Config::parse(
            "Old,Box\n2,1A,1D\n1,VA,A,,V,1,0,0,-2048,2047\n1,Trip,0\n60\n1\n1200,10\n03/04/95,01:02:03.5\n03/04/95,01:02:03.5\nASCII\n",
        )
        .unwrap();
        assert_eq!(cfg.header.revision, Revision::Ieee1991);
        assert_eq!(
            cfg.header.start,
            Some(DateTime::new(1995, 3, 4, 1, 2, 3, 500_000_000).unwrap())
        );
        assert_eq!(cfg.analog_channels[0].scaling, Scaling::Primary);
        assert_eq!(cfg.analog_channels[0].primary, 1.0);
        assert_eq!(cfg.status_channels[0].normal_state, Some(false));
        assert_eq!(cfg.header.time_multiplier, 1.0);
    }

    #[test]
    fn units_give_the_quantity_and_the_prefix_factor() {
        assert_eq!(unit_quantity("kV"), (Quantity::Voltage, 1e3));
        assert_eq!(unit_quantity("KV"), (Quantity::Voltage, 1e3));
        assert_eq!(unit_quantity("mA"), (Quantity::Current, 1e-3));
        assert_eq!(unit_quantity(" Amps "), (Quantity::Current, 1.0));
        assert_eq!(unit_quantity("V"), (Quantity::Voltage, 1.0));
        assert_eq!(unit_quantity("MV"), (Quantity::Other, 1.0));
        assert_eq!(unit_quantity("Hz"), (Quantity::Other, 1.0));
        assert_eq!(unit_quantity("µA"), (Quantity::Current, 1e-6));
    }

    #[test]
    fn offsets_read_hours_and_minutes_with_a_sign() {
        assert_eq!(offset("0"), Some(Offset::UTC));
        assert_eq!(offset("+1"), Offset::from_seconds(3600).ok());
        assert_eq!(offset("-5h30"), Offset::from_seconds(-19800).ok());
        assert_eq!(offset("+05:45"), Offset::from_seconds(20700).ok());
        assert_eq!(offset("five"), None);
        assert_eq!(offset("-"), None);
        assert_eq!(offset("+99"), None);
    }

    #[test]
    fn a_swapped_day_and_month_is_named_with_the_order_the_standard_wants() {
        let cfg = CFG_2013.replace(
            "10/03/2024,12:00:00.123456789",
            "03/13/2024,12:00:00.123456789",
        );
        let err = Config::parse(&cfg).unwrap_err().to_string();
        assert_eq!(
            err,
            "cfg line 10, start date: `03/13/2024` is not a date written dd/mm/yyyy; read as mm/dd/yyyy it would be a date, but since 1999 the standard writes dd/mm/yyyy"
        );
    }

    #[test]
    fn counts_that_do_not_add_up_are_refused() {
        let cfg = CFG_2013.replace("4,2A,2D", "5,2A,2D");
        let err = Config::parse(&cfg).unwrap_err().to_string();
        assert_eq!(
            err,
            "cfg line 2, field TT: TT is 5 but ##A + ##D is 2 + 2; they must add up"
        );
    }

    #[test]
    fn a_secondary_channel_without_a_secondary_rating_is_refused() {
        let cfg = CFG_2013.replace("20,0.1,S", "20,0,S");
        let err = Config::parse(&cfg).unwrap_err().to_string();
        assert!(
            err.starts_with("cfg line 3, field secondary of analog channel 1: is 0, but PS is S"),
            "{err}"
        );
    }

    #[test]
    fn a_configuration_cut_short_names_the_line_it_misses() {
        let cut: String = CFG_2013.lines().take(6).collect::<Vec<_>>().join("\n");
        let err = Config::parse(&cut).unwrap_err().to_string();
        assert_eq!(
            err,
            "cfg line 7: the file ends where the line frequency (lf) was expected"
        );
    }

    #[test]
    fn optional_trailing_lines_and_fields_may_be_left_out() {
        let cfg = "S,D,1999\n1,1A,0D\n1,VA,A,,V,2\n50\n1\n1000,3\n,\n,\nASCII\n";
        let cfg = Config::parse(cfg).unwrap();
        let va = &cfg.analog_channels[0];
        assert_eq!((va.a, va.b, va.min, va.max), (2.0, 0.0, None, None));
        assert_eq!(cfg.header.start, None);
        assert_eq!(cfg.header.time_multiplier, 1.0);
    }

    #[test]
    fn a_leap_second_is_read_as_the_first_second_of_the_next_minute() {
        let cfg = CFG_2013.replace(
            "10/03/2024,12:00:00.123456789",
            "31/12/2016,23:59:60.500000000",
        );
        let cfg = Config::parse(&cfg).unwrap();
        assert_eq!(
            cfg.header.start,
            Some(DateTime::new(2017, 1, 1, 0, 0, 0, 500_000_000).unwrap())
        );
    }
}
