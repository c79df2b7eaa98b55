//! The COMTRADE reader: IEEE C37.111-1991, -1999 (IEC 60255-24:2001) and -2013
//! (IEC 60255-24:2013) records, in the ASCII, BINARY, BINARY32 and FLOAT32 formats, as a
//! `.cfg` and `.dat` pair or as one 2013 `.cff` file.
//!
//! [`Record::parse`] reads everything the record says ([`Header`], [`AnalogChannel`]s,
//! [`StatusChannel`]s, the time of each sample); [`Record::waveforms`] then picks the phase
//! voltages and currents the analyser needs. `docs/COMTRADE.md` is the user's side of this.
//!
//! Design decisions:
//! - **Bytes in, no paths.** The reader takes the texts and bytes of the files; the caller
//!   reads them and prefixes its file names to our messages, which name the cfg line and
//!   field, or the dat line or byte offset and the sample.
//! - **Tolerant of form, strict on numbers.** CRLF or LF, a byte-order mark, trailing spaces,
//!   an end-of-file `0x1A`, trailing blank lines, optional trailing lines (`timemult`, the 2013
//!   time lines) and optional trailing fields (`primary`, `secondary`, `PS`, status `y`) left
//!   out are all accepted. What would change a value is refused: a line with too many fields (a
//!   comma inside a name shifts `a` and `b`), a non-numeric `a`, channel counts that do not add
//!   up, an `S` channel without positive ratings, a date that is impossible in the revision's
//!   day/month order, a data file with fewer samples than `endsamp` or a value that is not a
//!   number. Extra data after the last sample is ignored.
//! - **Samples in primary volts and amperes.** Each analog value becomes `(a·x + b)·k`, where
//!   `k` is `primary / secondary` for `PS = S` channels times the unit prefix (`kV` → 1000);
//!   the `Waveforms` contract is primary volts and amperes, and doing it here means no caller
//!   can forget it. [`AnalogChannelConfig::scale`] gives `k`; channels of other units keep
//!   their unit, without prefix conversion.
//! - **Missing data is NaN**: a blank ASCII field (the 2013 marker, accepted in every
//!   revision), ASCII `999999` in 1991 and `99999` in 1999 records (in 2013 `99999` is a
//!   value, unless the channel's `max` is below it: then it can only be the old marker),
//!   `0x8000` (BINARY), `0x80000000` (BINARY32), and any NaN or infinity in FLOAT32 (a
//!   non-finite value cannot be a measurement).
//!   [`Record::waveforms`] refuses a channel with a gap rather than invent values.
//! - **Time.** With fixed rates, sample times come from the rates, as the standard makes the
//!   data file's timestamps non-critical then; with `nrates` 0 they come from the timestamps
//!   (`timestamp × timemult`, in µs, or ns when the cfg's times have nine decimals). The start
//!   time becomes UTC with the 2013 `time_code`; records without one are taken as UTC.
//! - **Roles by the standard's own fields.** The unit gives the quantity, `ph` the phase or
//!   phases; the channel id only when `ph` is blank. Anything not recognised is left out of
//!   the waveforms (and listed when no voltage or no current is found) rather than guessed.
//! - **No panic, bounded memory.** Every input gives a record or an error (a proptest feeds
//!   random and mutated bytes); allocations are bounded by the size of the input, never by a
//!   count the cfg claims.
//! - **Speed.** Binary data is decoded row by row in one pass, with the format chosen once
//!   (not per value); ASCII integers are read without going through a float parser.

mod cff;
mod cfg;
mod dat;
mod error;
mod roles;

pub use cff::Cff;
pub use cfg::{
    AnalogChannelConfig, Config, FileType, Header, LocalCode, Quantity, Revision, SampleRate,
    Sampling, Scaling, StatusChannelConfig, TimeBase,
};
pub use error::ComtradeError;

use crate::waveform::{Channel, Waveforms};
use crate::wiring::ChannelRole;
use jiff::{SignedDuration, Timestamp};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// An analog channel: its configuration and its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalogChannel {
    /// The channel's line of the configuration.
    pub config: AnalogChannelConfig,
    /// The samples, `(a·x + b)` times [`AnalogChannelConfig::scale`]: primary volts or
    /// amperes for voltage and current channels, the unit as written for others. NaN where
    /// the data file marks the value as missing.
    pub samples: Vec<f64>,
}

/// A status (digital) channel: its configuration and its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChannel {
    /// The channel's line of the configuration.
    pub config: StatusChannelConfig,
    /// The state at each sample.
    pub samples: Vec<bool>,
}

/// A COMTRADE record, read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The record-wide fields of the configuration.
    pub header: Header,
    /// The analog channels, in file order.
    pub analog_channels: Vec<AnalogChannel>,
    /// The status channels, in file order.
    pub status_channels: Vec<StatusChannel>,
    /// The time of each sample in seconds after [`Header::start`]: from the sample rates, or
    /// from the data file's timestamps when the record has no fixed rate.
    pub times_s: Vec<f64>,
}

/// The text of a file: UTF-8, or else Latin-1 (which every byte string is), so that a
/// station name written by an old recorder does not stop the reading.
pub(crate) fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|b| char::from(*b)).collect()),
    }
}

impl Record {
    /// Reads a record from the text of its `.cfg` and the bytes of its `.dat`.
    pub fn parse(cfg: &str, dat: &[u8]) -> Result<Record, ComtradeError> {
        Record::from_config(cfg::parse(cfg, 0)?, dat, dat::Origin::default())
    }

    /// Reads a record from the bytes of its `.cfg` (UTF-8, or Latin-1 when it is not UTF-8)
    /// and of its `.dat`.
    pub fn parse_bytes(cfg: &[u8], dat: &[u8]) -> Result<Record, ComtradeError> {
        Record::parse(&decode_text(cfg), dat)
    }

    /// Reads a record from a 2013 single-file `.cff`. Line numbers and byte offsets in errors
    /// count from the start of the `.cff`.
    pub fn parse_cff(cff: &[u8]) -> Result<Record, ComtradeError> {
        let parts = Cff::split(cff)?;
        let config = cfg::parse(&parts.cfg, parts.cfg_line)?;
        if let Some(format) = parts.dat_format
            && format != config.header.file_type
        {
            return Err(ComtradeError::Cff {
                line: parts.dat_origin.line_base,
                problem: format!(
                    "the DAT section says {} but the cfg's ft says {}",
                    format.name(),
                    config.header.file_type.name()
                ),
            });
        }
        Record::from_config(config, parts.dat, parts.dat_origin)
    }

    /// Reads the data file of a record whose configuration is already parsed.
    fn from_config(
        config: Config,
        dat: &[u8],
        origin: dat::Origin,
    ) -> Result<Record, ComtradeError> {
        let samples = dat::parse(&config, dat, origin)?;
        let analog_channels = config
            .analog_channels
            .into_iter()
            .zip(samples.analog)
            .map(|(config, samples)| AnalogChannel { config, samples })
            .collect();
        let status_channels = config
            .status_channels
            .into_iter()
            .zip(samples.status)
            .map(|(config, samples)| StatusChannel { config, samples })
            .collect();
        Ok(Record {
            header: config.header,
            analog_channels,
            status_channels,
            times_s: samples.times_s,
        })
    }

    /// Samples per channel.
    pub fn len(&self) -> usize {
        self.times_s.len()
    }

    /// True when the record holds no sample.
    pub fn is_empty(&self) -> bool {
        self.times_s.is_empty()
    }

    /// The analog channel with this id (the first, if several share it).
    pub fn analog(&self, id: &str) -> Option<&AnalogChannel> {
        self.analog_channels.iter().find(|c| c.config.id == id)
    }

    /// The UTC time of a sample (from 0), when the record's start time is known.
    pub fn sample_time(&self, index: usize) -> Option<Timestamp> {
        let offset = SignedDuration::try_from_secs_f64(*self.times_s.get(index)?).ok()?;
        self.header.start_utc()?.checked_add(offset).ok()
    }

    /// The role [`Record::waveforms`] gives each analog channel (in file order), `None` for
    /// the channels it leaves out. Two channels may claim one role here; `waveforms` refuses
    /// that.
    pub fn channel_roles(&self) -> Vec<Option<ChannelRole>> {
        let configs: Vec<&AnalogChannelConfig> =
            self.analog_channels.iter().map(|c| &c.config).collect();
        roles::roles(&configs)
    }

    /// The phase voltages and currents of the record, in primary volts and amperes, for the
    /// analyser. Status channels and analog channels of other quantities are left out.
    ///
    /// Fails when the record has no fixed sample rate or several, when two channels claim one
    /// role, when no voltage or no current is found, or when a channel taken has a missing
    /// sample.
    pub fn waveforms(&self) -> Result<Waveforms, ComtradeError> {
        let (sample_rate_hz, taken) = self.plan()?;
        Ok(Waveforms {
            sample_rate_hz,
            start: self.header.start_utc(),
            channels: taken
                .into_iter()
                .map(|(i, role)| Channel {
                    role,
                    samples: self.analog_channels[i].samples.clone(),
                })
                .collect(),
        })
    }

    /// As [`Record::waveforms`], moving the samples instead of copying them.
    pub fn into_waveforms(mut self) -> Result<Waveforms, ComtradeError> {
        let (sample_rate_hz, taken) = self.plan()?;
        Ok(Waveforms {
            sample_rate_hz,
            start: self.header.start_utc(),
            channels: taken
                .into_iter()
                .map(|(i, role)| Channel {
                    role,
                    samples: std::mem::take(&mut self.analog_channels[i].samples),
                })
                .collect(),
        })
    }

    /// The sample rate and the channels to take, with their roles, in role order.
    fn plan(&self) -> Result<(f64, Vec<(usize, ChannelRole)>), ComtradeError> {
        let sample_rate_hz = match &self.header.sampling {
            Sampling::Timestamps { .. } => return Err(ComtradeError::NoSampleRate),
            Sampling::Rates(rates) => {
                let mut distinct: Vec<f64> = Vec::new();
                for rate in rates {
                    if !distinct.contains(&rate.rate_hz) {
                        distinct.push(rate.rate_hz);
                    }
                }
                if distinct.len() > 1 {
                    return Err(ComtradeError::SeveralSampleRates { rates: distinct });
                }
                distinct
                    .first()
                    .copied()
                    .ok_or(ComtradeError::NoSampleRate)?
            }
        };
        let roles = self.channel_roles();
        let describe = |i: usize| self.analog_channels[i].config.describe(i + 1);
        let mut taken: BTreeMap<ChannelRole, usize> = BTreeMap::new();
        for (i, role) in roles.iter().enumerate() {
            let Some(role) = *role else { continue };
            if let Some(first) = taken.insert(role, i) {
                return Err(ComtradeError::DuplicateRole {
                    role,
                    first: describe(first),
                    second: describe(i),
                });
            }
        }
        let seen = || {
            if self.analog_channels.is_empty() {
                return "none".to_string();
            }
            self.analog_channels
                .iter()
                .zip(&roles)
                .enumerate()
                .map(|(i, (c, role))| {
                    let taken_as = role.map_or("left out".to_string(), |r| format!("→ {r}"));
                    format!(
                        "{} \"{}\" (ph \"{}\", uu \"{}\") {taken_as}",
                        i + 1,
                        c.config.id,
                        c.config.phase,
                        c.config.unit
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !taken.keys().any(|r| r.is_voltage()) {
            return Err(ComtradeError::NoVoltage { seen: seen() });
        }
        if taken.keys().all(|r| r.is_voltage()) {
            return Err(ComtradeError::NoCurrent { seen: seen() });
        }
        for &i in taken.values() {
            let samples = &self.analog_channels[i].samples;
            if let Some(first) = samples.iter().position(|v| v.is_nan()) {
                return Err(ComtradeError::MissingSample {
                    channel: describe(i),
                    sample: first as u64 + 1,
                    count: samples.iter().filter(|v| v.is_nan()).count() as u64,
                });
            }
        }
        Ok((
            sample_rate_hz,
            taken.into_iter().map(|(r, i)| (i, r)).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: &str = "Sub,Rec,1999\n3,2A,1D\n1,VA,A,,kV,0.01,0,0,-32767,32767,1,1,P\n2,IA,A,,A,0.1,1,0,-32767,32767,600,5,S\n1,Trip,,,0\n50\n1\n1000,3\n01/02/2024,10:00:00.000000\n01/02/2024,10:00:00.001000\nASCII\n1\n";

    #[test]
    fn an_ascii_record_is_scaled_to_primary_units() {
        let dat = b"1,0,100,10,0\r\n2,1000,-100,-10,1\r\n3,2000,,99999,0\r\n";
        let record = Record::parse(CFG, dat).unwrap();
        assert_eq!(record.len(), 3);
        let va = &record.analog_channels[0].samples;
        // 0.01 kV per unit: 100 → 1 kV → 1000 V.
        assert_eq!(va[..2], [1000.0, -1000.0]);
        assert!(va[2].is_nan());
        let ia = &record.analog_channels[1].samples;
        // (0.1·10 + 1) A secondary × 600/5.
        assert!((ia[0] - 240.0).abs() < 1e-9);
        assert!(ia[2].is_nan());
        assert_eq!(record.status_channels[0].samples, [false, true, false]);
        assert_eq!(record.times_s, [0.0, 0.001, 0.002]);
        assert_eq!(
            record.sample_time(1).unwrap().to_string(),
            "2024-02-01T10:00:00.001Z"
        );
    }

    #[test]
    fn a_2013_ascii_99999_is_a_value_unless_the_channel_max_excludes_it() {
        let cfg = "S,D,2013\n2,2A,0D\n1,VA,A,,V,1,0,0,-99999,99999,1,1,P\n2,IA,A,,A,1,0,0,-32767,32767,1,1,P\n50\n1\n1000,2\n,\n,\nASCII\n1\n0,0\n";
        let record = Record::parse(cfg, b"1,0,99999,99999\n2,1000,,5\n").unwrap();
        let va = &record.analog_channels[0].samples;
        let ia = &record.analog_channels[1].samples;
        assert_eq!(va[0], 99999.0);
        assert!(ia[0].is_nan(), "max 32767: the old marker");
        assert!(va[1].is_nan(), "an empty field is missing");
        assert_eq!(ia[1], 5.0);
    }

    #[test]
    fn the_waveforms_name_the_first_missing_sample() {
        let dat = b"1,0,100,10,0\n2,1000,-100,-10,1\n3,2000,,99999,0\n";
        let err = Record::parse(CFG, dat).unwrap().waveforms().unwrap_err();
        assert_eq!(
            err.to_string(),
            "analog channel 1 \"VA\" (cfg line 3: ph \"A\", uu \"kV\") has no value at sample 3 (the first of 1 missing samples)"
        );
    }

    #[test]
    fn the_waveforms_take_the_phase_voltage_and_current() {
        let dat = b"1,0,100,10,0\n2,1000,-100,-10,1\n3,2000,50,5,0\n";
        let waveforms = Record::parse(CFG, dat).unwrap().into_waveforms().unwrap();
        assert_eq!(waveforms.sample_rate_hz, 1000.0);
        assert_eq!(waveforms.channel(ChannelRole::VoltageL1).unwrap()[2], 500.0);
        assert!(waveforms.channel(ChannelRole::CurrentL1).is_some());
        assert_eq!(waveforms.start.unwrap().to_string(), "2024-02-01T10:00:00Z");
    }
}
