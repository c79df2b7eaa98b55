//! The errors of the COMTRADE reader.

use crate::wiring::ChannelRole;

/// Why a COMTRADE record could not be read, or could not be turned into [`crate::Waveforms`].
///
/// Every message names where the problem is: the `.cfg` line (1-based) and field, the `.dat`
/// line (ASCII) or byte offset (binary) and sample (1-based, in file order), or the `.cff` line.
/// Messages do not name the file; a caller that knows the file name prefixes it
/// (`site.cfg: cfg line 4, field a: …`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ComtradeError {
    /// A field of the configuration (`.cfg`) is missing or wrong.
    #[error("cfg line {line}, {field}: {problem}")]
    Cfg {
        /// The line, from 1.
        line: usize,
        /// The field as the standard names it, with the channel when there is one
        /// (`field a of analog channel 3`).
        field: String,
        /// What is wrong.
        problem: String,
    },
    /// The configuration ends before a line the standard requires.
    #[error("cfg line {line}: the file ends where {expected} was expected")]
    CfgEnds {
        /// The line that is missing, from 1.
        line: usize,
        /// What that line should hold.
        expected: String,
    },
    /// A line of an ASCII data file is wrong.
    #[error("dat line {line} (sample {sample}): {problem}")]
    AsciiDat {
        /// The line, from 1.
        line: usize,
        /// The sample, from 1, in file order.
        sample: u64,
        /// What is wrong.
        problem: String,
    },
    /// A value of a binary data file is wrong.
    #[error("dat byte offset {offset} (sample {sample}): {problem}")]
    BinaryDat {
        /// The offset of the value in the data file, from 0.
        offset: u64,
        /// The sample, from 1, in file order.
        sample: u64,
        /// What is wrong.
        problem: String,
    },
    /// The data file holds fewer samples than the configuration's last `endsamp` says.
    #[error(
        "dat is truncated: {found} samples found, {expected} expected (the last endsamp of the cfg){detail}"
    )]
    Truncated {
        /// Whole samples found.
        found: u64,
        /// Samples the configuration announces.
        expected: u64,
        /// More about the end of the file (a sample cut short), or empty.
        detail: String,
    },
    /// The single-file form (`.cff`) is wrong.
    #[error("cff line {line}: {problem}")]
    Cff {
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// Two analog channels map to the same role.
    #[error(
        "{first} and {second} both measure {role}; keep one of them (fix the ph field of the other)"
    )]
    DuplicateRole {
        /// The role claimed twice.
        role: ChannelRole,
        /// The first channel, described as `analog channel 3 "VA" (ph "A", uu "kV")`.
        first: String,
        /// The second channel, described the same way.
        second: String,
    },
    /// The record changes its sample rate; the analyser needs one rate.
    #[error("the record has {} different sample rates ({}); the analyser needs a single rate", rates.len(), list_rates(rates))]
    SeveralSampleRates {
        /// The distinct rates, in record order, in samples per second.
        rates: Vec<f64>,
    },
    /// The record has no fixed sample rate (`nrates` 0: the samples are placed by their
    /// timestamps only).
    #[error(
        "the record has no fixed sample rate (nrates 0 or samp 0: timestamps only); the analyser needs equally spaced samples"
    )]
    NoSampleRate,
    /// A channel the analyser needs has missing samples.
    #[error("{channel} has no value at sample {sample} (the first of {count} missing samples)")]
    MissingSample {
        /// The channel, described as `analog channel 3 "VA" (ph "A", uu "kV")`.
        channel: String,
        /// The first missing sample, from 1.
        sample: u64,
        /// How many samples of the channel are missing.
        count: u64,
    },
    /// No analog channel is recognised as a voltage of a phase.
    #[error(
        "no voltage channel found (a uu of V, kV or mV and a ph, or a channel id, naming a phase or two); analog channels: {seen}"
    )]
    NoVoltage {
        /// The analog channels examined, each with its ph, uu and what it was taken for.
        seen: String,
    },
    /// No analog channel is recognised as a current of a phase or of the neutral.
    #[error(
        "no current channel found (a uu of A, kA or mA and a ph, or a channel id, naming a phase or N); analog channels: {seen}"
    )]
    NoCurrent {
        /// The analog channels examined, each with its ph, uu and what it was taken for.
        seen: String,
    },
}

fn list_rates(rates: &[f64]) -> String {
    rates
        .iter()
        .map(|r| format!("{r} Hz"))
        .collect::<Vec<_>>()
        .join(", ")
}
