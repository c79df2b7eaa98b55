//! The data file (`.dat`): ASCII and the three binary formats, to scaled samples.

use super::cfg::{Config, FileType, Revision, SampleRate, Sampling};
use super::error::ComtradeError;

/// The samples of a record, channel by channel.
pub(super) struct Samples {
    pub analog: Vec<Vec<f64>>,
    pub status: Vec<Vec<bool>>,
    pub times_s: Vec<f64>,
}

/// Where the data starts in the file that holds it (a `.cff` holds more than the data).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Origin {
    /// The data's first line is line `line_base + 1`.
    pub line_base: usize,
    /// The data's first byte is at this offset.
    pub byte_base: u64,
}

/// The raw binary timestamp that means "missing".
const TIMESTAMP_MISSING: u32 = 0xFFFF_FFFF;

/// Reads the data of a record described by `config`.
pub(super) fn parse(config: &Config, dat: &[u8], origin: Origin) -> Result<Samples, ComtradeError> {
    let header = &config.header;
    let mut samples = match header.file_type {
        FileType::Ascii => ascii(config, dat, origin)?,
        FileType::Binary => binary::<I16>(config, dat, origin)?,
        FileType::Binary32 => binary::<I32>(config, dat, origin)?,
        FileType::Float32 => binary::<F32>(config, dat, origin)?,
    };
    match &header.sampling {
        Sampling::Rates(rates) => samples.times_s = rate_times(rates),
        Sampling::Timestamps { .. } => {
            let unit = header.time_base.seconds() * header.time_multiplier;
            for t in &mut samples.times_s {
                *t *= unit;
            }
        }
    }
    Ok(samples)
}

/// The time of every sample from the first, when the samples come at fixed rates: each
/// sample is `1 / samp` after the one before, `samp` being the rate of the sample's own
/// segment.
fn rate_times(rates: &[SampleRate]) -> Vec<f64> {
    let samples = rates.last().map_or(0, |r| r.end_sample);
    let mut times = Vec::with_capacity(usize::try_from(samples).unwrap_or(0));
    let (mut start_sample, mut start_time) = (1u64, 0.0);
    let mut sample = 1u64;
    for rate in rates {
        while sample <= rate.end_sample {
            times.push(start_time + (sample - start_sample) as f64 / rate.rate_hz);
            sample += 1;
        }
        start_time += rate.end_sample.saturating_sub(start_sample) as f64 / rate.rate_hz;
        start_sample = rate.end_sample;
    }
    times
}

/// How one analog value of a binary format is stored.
trait RawValue {
    const BYTES: usize;
    /// The value, or NaN for the format's missing-data marker.
    fn value(bytes: &[u8]) -> f64;
}

struct I16;
struct I32;
struct F32;

impl RawValue for I16 {
    const BYTES: usize = 2;
    #[inline(always)]
    fn value(bytes: &[u8]) -> f64 {
        match bytes {
            // 0x8000 marks a missing value.
            [0x00, 0x80] => f64::NAN,
            [lo, hi] => f64::from(i16::from_le_bytes([*lo, *hi])),
            _ => f64::NAN,
        }
    }
}

impl RawValue for I32 {
    const BYTES: usize = 4;
    #[inline(always)]
    fn value(bytes: &[u8]) -> f64 {
        match bytes {
            // 0x80000000 marks a missing value.
            [0x00, 0x00, 0x00, 0x80] => f64::NAN,
            [a, b, c, d] => f64::from(i32::from_le_bytes([*a, *b, *c, *d])),
            _ => f64::NAN,
        }
    }
}

impl RawValue for F32 {
    const BYTES: usize = 4;
    #[inline(always)]
    fn value(bytes: &[u8]) -> f64 {
        match bytes {
            // NaN and the infinities are no measurement: read as missing.
            [a, b, c, d] => {
                let v = f64::from(f32::from_le_bytes([*a, *b, *c, *d]));
                if v.is_finite() { v } else { f64::NAN }
            }
            _ => f64::NAN,
        }
    }
}

/// `a`, `b` and the factor to primary volts or amperes, per analog channel.
fn coefficients(config: &Config) -> Vec<(f64, f64, f64)> {
    config
        .analog_channels
        .iter()
        .map(|c| (c.a, c.b, c.scale()))
        .collect()
}

fn binary<R: RawValue>(
    config: &Config,
    dat: &[u8],
    origin: Origin,
) -> Result<Samples, ComtradeError> {
    let header = &config.header;
    let analog_count = config.analog_channels.len();
    let status_count = config.status_channels.len();
    let status_words = status_count.div_ceil(16);
    let analog_bytes = analog_count.saturating_mul(R::BYTES);
    // sample number and timestamp (4 bytes each), analog values, status words (2 bytes each)
    let record = analog_bytes
        .saturating_add(status_words.saturating_mul(2))
        .saturating_add(8);
    let expected = header.samples();
    let found = (dat.len() / record) as u64;
    if found < expected {
        let rest = dat.len() % record;
        let detail = if dat.is_empty() {
            "; the file is empty".to_string()
        } else if rest > 0 {
            format!(
                "; sample {} is cut after {rest} of its {record} bytes",
                found + 1
            )
        } else {
            String::new()
        };
        return Err(ComtradeError::Truncated {
            found,
            expected,
            detail,
        });
    }
    // `expected` ≤ `found` ≤ dat.len(): it fits a usize, and every allocation below is
    // bounded by the size of the input.
    let n = usize::try_from(expected).unwrap_or(0);
    let coefficients = coefficients(config);
    let mut analog: Vec<Vec<f64>> = (0..analog_count).map(|_| Vec::with_capacity(n)).collect();
    let mut status: Vec<Vec<bool>> = (0..status_count).map(|_| Vec::with_capacity(n)).collect();
    let timestamps_only = matches!(header.sampling, Sampling::Timestamps { .. });
    let mut times_s = Vec::with_capacity(if timestamps_only { n } else { 0 });

    for (i, row) in dat.chunks_exact(record).take(n).enumerate() {
        let (fixed, rest) = row.split_at(8);
        if timestamps_only {
            let timestamp = u32::from_le_bytes([fixed[4], fixed[5], fixed[6], fixed[7]]);
            if timestamp == TIMESTAMP_MISSING {
                return Err(ComtradeError::BinaryDat {
                    offset: origin.byte_base + (i * record + 4) as u64,
                    sample: i as u64 + 1,
                    problem: "the timestamp is missing (0xFFFFFFFF), but the cfg has no sample rate (nrates 0), so every sample needs one".to_string(),
                });
            }
            times_s.push(f64::from(timestamp));
        }
        let (values, words) = rest.split_at(analog_bytes);
        for ((bytes, out), &(a, b, scale)) in values
            .chunks_exact(R::BYTES)
            .zip(analog.iter_mut())
            .zip(&coefficients)
        {
            out.push((a * R::value(bytes) + b) * scale);
        }
        for (w, word) in words.chunks_exact(2).enumerate() {
            let word = u16::from_le_bytes([word[0], word[1]]);
            for (bit, out) in status.iter_mut().skip(w * 16).take(16).enumerate() {
                out.push(word >> bit & 1 == 1);
            }
        }
    }
    Ok(Samples {
        analog,
        status,
        times_s,
    })
}

fn trim(bytes: &[u8]) -> &[u8] {
    let blank = |b: &u8| b.is_ascii_whitespace() || *b == 0x1A;
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

fn shown(bytes: &[u8]) -> String {
    const LIMIT: usize = 40;
    let text = String::from_utf8_lossy(bytes);
    if text.chars().count() > LIMIT {
        format!("`{}…`", text.chars().take(LIMIT).collect::<String>())
    } else {
        format!("`{text}`")
    }
}

/// A number of an ASCII data file: integers (the usual case) quickly, anything else as Rust
/// reads a float. Not finite is not a number.
fn ascii_number(field: &[u8]) -> Option<f64> {
    let (negative, digits) = match field.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, field),
    };
    if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        let value = digits
            .iter()
            .fold(0i64, |v, d| v * 10 + i64::from(d - b'0')) as f64;
        return Some(if negative { -value } else { value });
    }
    std::str::from_utf8(field)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn ascii(config: &Config, dat: &[u8], origin: Origin) -> Result<Samples, ComtradeError> {
    let header = &config.header;
    let analog_count = config.analog_channels.len();
    let status_count = config.status_channels.len();
    let field_count = 2 + analog_count + status_count;
    let expected = header.samples();
    // Every field takes at least two bytes (a character and a comma or line end).
    let capacity = usize::try_from(expected)
        .unwrap_or(usize::MAX)
        .min(dat.len() / (2 * field_count) + 1);
    let coefficients = coefficients(config);
    let mut analog: Vec<Vec<f64>> = (0..analog_count)
        .map(|_| Vec::with_capacity(capacity))
        .collect();
    let mut status: Vec<Vec<bool>> = (0..status_count)
        .map(|_| Vec::with_capacity(capacity))
        .collect();
    let timestamps_only = matches!(header.sampling, Sampling::Timestamps { .. });
    let mut times_s = Vec::with_capacity(if timestamps_only { capacity } else { 0 });
    // A blank field always marks a missing value (the only marker of 2013, whose values
    // may be any float); 1991 also writes 999999, 1999 99999. A 2013 channel whose declared
    // max is below 99999 cannot hold that value: there it is the old marker.
    let markers: Vec<Option<f64>> = config
        .analog_channels
        .iter()
        .map(|c| match header.revision {
            Revision::Ieee1991 => Some(999_999.0),
            Revision::Ieee1999 | Revision::Iec2001 => Some(99_999.0),
            Revision::Ieee2013 => c.max.filter(|m| *m < 99_999.0).map(|_| 99_999.0),
        })
        .collect();

    let mut sample = 0u64;
    for (line, raw) in (origin.line_base + 1..).zip(dat.split(|b| *b == b'\n')) {
        if sample == expected {
            break;
        }
        let text = trim(raw);
        if text.is_empty() {
            continue;
        }
        sample += 1;
        let error = |problem: String| ComtradeError::AsciiDat {
            line,
            sample,
            problem,
        };
        let wrong_count = || {
            let found = text.iter().filter(|b| **b == b',').count() + 1;
            error(format!(
                "expected {field_count} fields (n, timestamp, {analog_count} analog and {status_count} status values), found {found}"
            ))
        };
        let mut fields = text.split(|b| *b == b',').map(trim);

        let n = fields.next().ok_or_else(wrong_count)?;
        if n.is_empty() || !n.iter().all(u8::is_ascii_digit) {
            return Err(error(format!(
                "field 1 (sample number n): {} is not a sample number",
                shown(n)
            )));
        }
        let timestamp = fields.next().ok_or_else(wrong_count)?;
        if timestamp.is_empty() {
            if timestamps_only {
                return Err(error(
                    "field 2 (timestamp) is blank, but the cfg has no sample rate (nrates 0), so every sample needs one".to_string(),
                ));
            }
        } else {
            let value = ascii_number(timestamp)
                .filter(|t| *t >= 0.0)
                .ok_or_else(|| {
                    error(format!(
                        "field 2 (timestamp): {} is not a timestamp",
                        shown(timestamp)
                    ))
                })?;
            if timestamps_only {
                times_s.push(value);
            }
        }
        for (k, ((out, &(a, b, scale)), marker)) in analog
            .iter_mut()
            .zip(&coefficients)
            .zip(&markers)
            .enumerate()
        {
            let field = fields.next().ok_or_else(wrong_count)?;
            let value = if field.is_empty() {
                f64::NAN
            } else {
                let raw = ascii_number(field).ok_or_else(|| {
                    let channel = &config.analog_channels[k];
                    error(format!(
                        "field {} (analog channel {} \"{}\"): {} is not a number",
                        k + 3,
                        k + 1,
                        channel.id,
                        shown(field)
                    ))
                })?;
                if *marker == Some(raw) {
                    f64::NAN
                } else {
                    (a * raw + b) * scale
                }
            };
            out.push(value);
        }
        for (k, out) in status.iter_mut().enumerate() {
            let field = fields.next().ok_or_else(wrong_count)?;
            let value = match field {
                b"0" => false,
                b"1" => true,
                _ => {
                    let channel = &config.status_channels[k];
                    return Err(error(format!(
                        "field {} (status channel {} \"{}\"): {} is neither 0 nor 1",
                        k + 3 + analog_count,
                        k + 1,
                        channel.id,
                        shown(field)
                    )));
                }
            };
            out.push(value);
        }
        // A trailing comma is tolerated; a value too many is not.
        if !fields.all(|f| f.is_empty()) {
            return Err(wrong_count());
        }
    }
    if sample < expected {
        return Err(ComtradeError::Truncated {
            found: sample,
            expected,
            detail: String::new(),
        });
    }
    Ok(Samples {
        analog,
        status,
        times_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_numbers_read_integers_and_decimals_and_refuse_the_rest() {
        assert_eq!(ascii_number(b"-1234"), Some(-1234.0));
        assert_eq!(ascii_number(b"+7"), Some(7.0));
        assert_eq!(ascii_number(b"2.5e3"), Some(2500.0));
        assert_eq!(ascii_number(b"-"), None);
        assert_eq!(ascii_number(b"nan"), None);
        assert_eq!(ascii_number(b"1,5"), None);
        assert_eq!(
            ascii_number(b"12345678901234567890"),
            Some(1.2345678901234567e19)
        );
    }

    #[test]
    fn rate_segments_place_each_sample_after_the_one_before_at_its_own_rate() {
        let times = rate_times(&[
            SampleRate {
                rate_hz: 1000.0,
                end_sample: 3,
            },
            SampleRate {
                rate_hz: 100.0,
                end_sample: 5,
            },
        ]);
        let expected = [0.0, 0.001, 0.002, 0.012, 0.022];
        assert_eq!(times.len(), expected.len());
        for (t, e) in times.iter().zip(expected) {
            assert!((t - e).abs() < 1e-12, "{times:?}");
        }
    }

    #[test]
    fn binary_missing_markers_read_as_nan() {
        assert!(I16::value(&0x8000u16.to_le_bytes()).is_nan());
        assert_eq!(I16::value(&(-32767i16).to_le_bytes()), -32767.0);
        assert!(I32::value(&0x8000_0000u32.to_le_bytes()).is_nan());
        assert_eq!(I32::value(&(-5i32).to_le_bytes()), -5.0);
        assert!(F32::value(&f32::NAN.to_le_bytes()).is_nan());
        assert!(F32::value(&0xFFFF_FFFFu32.to_le_bytes()).is_nan());
        assert_eq!(F32::value(&1.5f32.to_le_bytes()), 1.5);
    }
}
