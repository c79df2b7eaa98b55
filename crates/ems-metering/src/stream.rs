//! The waveform stream: how an acquisition board or an IIO reader sends sampled voltages and
//! currents to ems, as frames on a byte stream (TCP or a Unix socket). The format is documented
//! byte by byte in `docs/WAVEFORM_STREAM.md`, so that a sender can be written from the document
//! alone; this module is its reference implementation, pure (no I/O, no clock).
//!
//! # Design
//!
//! - **Frames are self-describing.** Every frame carries the magic `EMSW`, the format version,
//!   the source's session and the frame's sequence number, the index of its first sample since
//!   the source started, the sample rate, the channel layout (roles by
//!   [`ChannelRole::code`]), the number of samples, the UTC time of the first sample when the
//!   source knows it, the samples (little-endian `f32`, interleaved, in volts or amperes at the
//!   sensor: CT and VT ratios are applied by ems) and a CRC-32 of everything before it. A
//!   receiver can join the stream at any frame.
//! - **The decoder resynchronises.** [`Decoder`] is fed byte chunks as they come from a socket
//!   and yields frames or [`DecodeError`]s, each with the byte offset in the stream. It checks
//!   the fixed header as soon as it has it (version, channel count, a frame length that must
//!   equal the one implied by the channel and sample counts and stay under a limit), so that a
//!   corrupted or misaligned header is refused at once and no absurd length is ever waited for
//!   or allocated. After any error it moves one byte on and looks for the next magic: frames
//!   already buffered behind a bad one are not lost.
//! - **The receiver turns frames into runs.** [`Receiver`] takes decoded frames in arrival
//!   order and says for each one whether its samples continue the current run, start a new run
//!   (first frame, gap, change of sample rate or layout, restart of the source), or are dropped
//!   (duplicate, out of order). Within a run the sample rate and layout are fixed and the
//!   samples contiguous, which is all the analyser has to know. The receiver never buffers or
//!   reorders: a late frame is reported and dropped, its samples already counted in a gap.

use crate::waveform::{Channel, Waveforms};
use crate::wiring::ChannelRole;
use jiff::Timestamp;
use std::collections::VecDeque;
use std::fmt;

/// The four bytes every frame starts with: `EMSW`.
pub const MAGIC: [u8; 4] = *b"EMSW";
/// The format version this module reads and writes.
pub const VERSION: u8 = 1;
/// Length of the fixed header, before the channel roles.
pub const HEADER_LEN: usize = 48;
/// Length of the CRC at the end of a frame.
pub const CRC_LEN: usize = 4;
/// At most this many channels per frame (one per [`ChannelRole`]).
pub const MAX_CHANNELS: usize = ChannelRole::ALL.len();
/// The largest frame the encoder writes and a default decoder accepts, in bytes (1 MiB).
pub const DEFAULT_MAX_FRAME_LEN: usize = 1 << 20;
/// The value of the time field when the source does not know the UTC time (`i64::MIN`).
pub const UNKNOWN_TIME: i64 = i64::MIN;

/// The length in bytes of a frame with `channels` channels of `samples_per_channel` samples:
/// `52 + channels × (1 + 4 × samples_per_channel)`.
pub const fn frame_len(channels: usize, samples_per_channel: usize) -> u64 {
    (HEADER_LEN + CRC_LEN) as u64 + channels as u64 * (1 + 4 * samples_per_channel as u64)
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// The CRC-32 of the stream (IEEE 802.3, as zlib's `crc32` and Python's `zlib.crc32`: reflected
/// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF).
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |crc, &b| {
        CRC_TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

/// Why a list of roles is not a channel layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    /// A frame needs at least one channel.
    #[error("a channel layout needs at least one channel")]
    Empty,
    /// A role appears twice.
    #[error("channel {0} appears twice")]
    Repeated(ChannelRole),
    /// A byte is not the code of a role.
    #[error("{0} is not a channel code (1 to 10)")]
    UnknownCode(u8),
}

/// The roles of a frame's channels, in the order their samples are interleaved: one to ten
/// roles, none twice.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChannelLayout {
    /// The roles; slots from `len` on hold [`ChannelRole::VoltageL1`], so that the derived
    /// comparisons see only the roles in use.
    roles: [ChannelRole; MAX_CHANNELS],
    len: u8,
}

impl ChannelLayout {
    /// A layout of these roles, in this order.
    pub fn new(roles: impl IntoIterator<Item = ChannelRole>) -> Result<Self, LayoutError> {
        let mut layout = ChannelLayout {
            roles: [ChannelRole::VoltageL1; MAX_CHANNELS],
            len: 0,
        };
        for role in roles {
            if layout.roles().contains(&role) {
                return Err(LayoutError::Repeated(role));
            }
            // Ten distinct roles fill the array; an eleventh is necessarily a repeat.
            if let Some(slot) = layout.roles.get_mut(usize::from(layout.len)) {
                *slot = role;
                layout.len += 1;
            }
        }
        if layout.len == 0 {
            return Err(LayoutError::Empty);
        }
        Ok(layout)
    }

    /// The layout of these stream codes.
    pub fn from_codes(codes: &[u8]) -> Result<Self, LayoutError> {
        let mut roles = Vec::with_capacity(codes.len());
        for &code in codes {
            roles.push(ChannelRole::from_code(code).ok_or(LayoutError::UnknownCode(code))?);
        }
        ChannelLayout::new(roles)
    }

    /// The roles, in stream order.
    pub fn roles(&self) -> &[ChannelRole] {
        self.roles.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The number of channels (1 to 10).
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a layout has at least one channel.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The position of a role's samples among the interleaved channels.
    pub fn position(&self, role: ChannelRole) -> Option<usize> {
        self.roles().iter().position(|&r| r == role)
    }
}

impl fmt::Debug for ChannelLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.roles()).finish()
    }
}

impl fmt::Display for ChannelLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, role) in self.roles().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(role.name())?;
        }
        Ok(())
    }
}

/// One frame of the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Chosen by the source each time it starts (at random, or from a boot counter), the same
    /// for every frame until it restarts: a new session tells the receiver that indexes and
    /// sequence numbers start again.
    pub session: u32,
    /// The frame's number since the source started (modulo 2³²); +1 from frame to frame.
    pub sequence: u32,
    /// The index of the frame's first sample since the source started: consecutive frames
    /// continue each other when one's `first_index` is the previous one's plus its samples.
    pub first_index: u64,
    /// Samples per second and channel.
    pub sample_rate_hz: f64,
    /// The UTC time of the first sample, when the source knows it.
    pub start: Option<Timestamp>,
    /// The channels.
    pub layout: ChannelLayout,
    /// The samples, interleaved (sample 0 of every channel in layout order, then sample 1, …),
    /// in volts or amperes at the sensor (secondary values).
    pub samples: Vec<f32>,
}

/// Why a frame cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum EncodeError {
    /// No samples.
    #[error("a frame needs at least one sample per channel")]
    Empty,
    /// The number of samples is not a multiple of the number of channels.
    #[error("{samples} samples do not divide into {channels} channels")]
    Ragged {
        /// Samples given.
        samples: usize,
        /// Channels in the layout.
        channels: usize,
    },
    /// The frame would be longer than [`DEFAULT_MAX_FRAME_LEN`].
    #[error("the frame would be {length} bytes long, more than the limit of {max}")]
    TooLarge {
        /// Its length in bytes.
        length: u64,
        /// The limit.
        max: usize,
    },
    /// The sample rate is not a positive finite number.
    #[error("sample rate {0} Hz is not a positive finite number")]
    SampleRate(f64),
    /// The start time is outside what nanoseconds in an `i64` can tell (1677 to 2262), or
    /// is the one reserved for "unknown".
    #[error("start time {0} cannot be written as nanoseconds since 1970 in an i64")]
    TimeOutOfRange(Timestamp),
    /// The index of the last sample does not fit in 64 bits.
    #[error("the index of the frame's last sample overflows")]
    IndexOverflow,
}

impl Frame {
    /// Samples per channel.
    pub fn samples_per_channel(&self) -> usize {
        self.samples.len() / self.layout.len().max(1)
    }

    /// The index of the sample after the frame's last one.
    pub fn end_index(&self) -> u64 {
        self.first_index
            .saturating_add(self.samples_per_channel() as u64)
    }

    /// The samples of one channel, when the frame has it.
    pub fn channel(&self, role: ChannelRole) -> Option<impl Iterator<Item = f32> + '_> {
        let position = self.layout.position(role)?;
        Some(
            self.samples
                .iter()
                .skip(position)
                .step_by(self.layout.len())
                .copied(),
        )
    }

    /// The frame as the analyser's input, each channel multiplied by `ratio(role)` (the CT or
    /// VT ratio) to give primary volts and amperes.
    pub fn to_waveforms(&self, ratio: impl Fn(ChannelRole) -> f64) -> Waveforms {
        let n = self.samples_per_channel();
        let channels = self
            .layout
            .roles()
            .iter()
            .map(|&role| {
                let k = ratio(role);
                let mut samples = Vec::with_capacity(n);
                if let Some(values) = self.channel(role) {
                    samples.extend(values.map(|v| f64::from(v) * k));
                }
                Channel { role, samples }
            })
            .collect();
        Waveforms {
            sample_rate_hz: self.sample_rate_hz,
            start: self.start,
            channels,
        }
    }

    /// The length of the encoded frame in bytes.
    pub fn encoded_len(&self) -> u64 {
        frame_len(self.layout.len(), self.samples_per_channel())
    }

    /// Appends the encoded frame to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let channels = self.layout.len();
        if self.samples.is_empty() {
            return Err(EncodeError::Empty);
        }
        if !self.samples.len().is_multiple_of(channels) {
            return Err(EncodeError::Ragged {
                samples: self.samples.len(),
                channels,
            });
        }
        let length = self.encoded_len();
        if length > DEFAULT_MAX_FRAME_LEN as u64 {
            return Err(EncodeError::TooLarge {
                length,
                max: DEFAULT_MAX_FRAME_LEN,
            });
        }
        if !(self.sample_rate_hz.is_finite() && self.sample_rate_hz > 0.0) {
            return Err(EncodeError::SampleRate(self.sample_rate_hz));
        }
        let time = match self.start {
            None => UNKNOWN_TIME,
            Some(t) => match i64::try_from(t.as_nanosecond()) {
                Ok(ns) if ns != UNKNOWN_TIME => ns,
                _ => return Err(EncodeError::TimeOutOfRange(t)),
            },
        };
        let n = self.samples_per_channel();
        if self.first_index.checked_add(n as u64).is_none() {
            return Err(EncodeError::IndexOverflow);
        }
        // The checks above bound both below u32::MAX.
        let length32 = u32::try_from(length).map_err(|_| EncodeError::TooLarge {
            length,
            max: DEFAULT_MAX_FRAME_LEN,
        })?;
        let n32 = u32::try_from(n).map_err(|_| EncodeError::TooLarge {
            length,
            max: DEFAULT_MAX_FRAME_LEN,
        })?;
        let begin = out.len();
        out.reserve(length32 as usize);
        out.extend_from_slice(&MAGIC);
        out.push(VERSION);
        out.push(self.layout.len);
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&length32.to_le_bytes());
        out.extend_from_slice(&n32.to_le_bytes());
        out.extend_from_slice(&self.session.to_le_bytes());
        out.extend_from_slice(&self.sequence.to_le_bytes());
        out.extend_from_slice(&self.first_index.to_le_bytes());
        out.extend_from_slice(&self.sample_rate_hz.to_le_bytes());
        out.extend_from_slice(&time.to_le_bytes());
        out.extend(self.layout.roles().iter().map(|r| r.code()));
        for sample in &self.samples {
            out.extend_from_slice(&sample.to_le_bytes());
        }
        let crc = crc32(out.get(begin..).unwrap_or(&[]));
        out.extend_from_slice(&crc.to_le_bytes());
        Ok(())
    }

    /// The encoded frame.
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }
}

/// What is wrong with a frame's header or roles.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum HeaderProblem {
    /// The channel count is 0 or more than 10.
    #[error("channel count {0} is not in 1..=10")]
    ChannelCount(u8),
    /// The number of samples per channel is 0.
    #[error("no samples")]
    NoSamples,
    /// The frame length is not the one the channel and sample counts imply.
    #[error("frame length {length} does not match the {expected} bytes its counts imply")]
    LengthMismatch {
        /// The length field.
        length: u32,
        /// `52 + C × (1 + 4 × N)`.
        expected: u64,
    },
    /// The sample rate is not a positive finite number.
    #[error("sample rate {0} Hz is not a positive finite number")]
    SampleRate(f64),
    /// The first sample's index plus the number of samples overflows 64 bits.
    #[error("the index of the last sample overflows")]
    IndexOverflow,
    /// The channel roles are not a layout (an unknown code, a repeated role).
    #[error("{0}")]
    Layout(#[from] LayoutError),
}

/// A stretch of the byte stream that is not a good frame.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum DecodeError {
    /// Bytes that do not start with the magic were skipped to reach the next frame (noise,
    /// the tail of a broken frame, or the middle of a frame when joining a stream).
    #[error("byte {offset}: {bytes} bytes skipped to reach a frame")]
    Skipped {
        /// The offset of the first byte skipped.
        offset: u64,
        /// How many.
        bytes: u64,
    },
    /// The frame has a format version this decoder does not read.
    #[error("byte {offset}: frame version {version}, this receiver reads version {VERSION}")]
    UnsupportedVersion {
        /// The offset of the frame's magic.
        offset: u64,
        /// The version byte.
        version: u8,
    },
    /// The frame length is more than the decoder accepts.
    #[error("byte {offset}: a frame of {length} bytes exceeds the limit of {max}")]
    Oversized {
        /// The offset of the frame's magic.
        offset: u64,
        /// The length the header claims.
        length: u64,
        /// The limit.
        max: usize,
    },
    /// The header or the channel roles are inconsistent.
    #[error("byte {offset}: bad frame header: {problem}")]
    BadHeader {
        /// The offset of the frame's magic.
        offset: u64,
        /// What is wrong.
        problem: HeaderProblem,
    },
    /// The CRC does not match the frame's bytes.
    #[error(
        "byte {offset}: CRC mismatch (frame says {expected:#010x}, its bytes give {actual:#010x})"
    )]
    BadCrc {
        /// The offset of the frame's magic.
        offset: u64,
        /// The CRC the frame carries.
        expected: u32,
        /// The CRC of its bytes.
        actual: u32,
    },
}

impl DecodeError {
    /// The byte offset in the stream where the problem starts.
    pub fn offset(&self) -> u64 {
        match *self {
            DecodeError::Skipped { offset, .. }
            | DecodeError::UnsupportedVersion { offset, .. }
            | DecodeError::Oversized { offset, .. }
            | DecodeError::BadHeader { offset, .. }
            | DecodeError::BadCrc { offset, .. } => offset,
        }
    }
}

fn le_u16(b: &[u8], at: usize) -> u16 {
    let mut a = [0u8; 2];
    if let Some(s) = b.get(at..at + 2) {
        a.copy_from_slice(s);
    }
    u16::from_le_bytes(a)
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        a.copy_from_slice(s);
    }
    u32::from_le_bytes(a)
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        a.copy_from_slice(s);
    }
    u64::from_le_bytes(a)
}

/// The fixed header's fields, once checked.
struct Header {
    channels: usize,
    length: usize,
    samples: usize,
    session: u32,
    sequence: u32,
    first_index: u64,
    sample_rate_hz: f64,
    time: i64,
}

enum HeaderError {
    Version(u8),
    Oversized(u64),
    Problem(HeaderProblem),
}

/// Checks the fixed header (at least [`HEADER_LEN`] bytes from the magic).
fn check_header(b: &[u8], max: usize) -> Result<Header, HeaderError> {
    let version = b.get(4).copied().unwrap_or(0);
    if version != VERSION {
        return Err(HeaderError::Version(version));
    }
    let channels = b.get(5).copied().unwrap_or(0);
    if channels == 0 || usize::from(channels) > MAX_CHANNELS {
        return Err(HeaderError::Problem(HeaderProblem::ChannelCount(channels)));
    }
    // Bytes 6-7 are flags, reserved: ignored.
    let _flags = le_u16(b, 6);
    let length = le_u32(b, 8);
    if u64::from(length) > max as u64 {
        return Err(HeaderError::Oversized(u64::from(length)));
    }
    let samples = le_u32(b, 12);
    if samples == 0 {
        return Err(HeaderError::Problem(HeaderProblem::NoSamples));
    }
    let expected = frame_len(usize::from(channels), samples as usize);
    if expected != u64::from(length) {
        return Err(HeaderError::Problem(HeaderProblem::LengthMismatch {
            length,
            expected,
        }));
    }
    let first_index = le_u64(b, 24);
    if first_index.checked_add(u64::from(samples)).is_none() {
        return Err(HeaderError::Problem(HeaderProblem::IndexOverflow));
    }
    let sample_rate_hz = f64::from_bits(le_u64(b, 32));
    if !(sample_rate_hz.is_finite() && sample_rate_hz > 0.0) {
        return Err(HeaderError::Problem(HeaderProblem::SampleRate(
            sample_rate_hz,
        )));
    }
    Ok(Header {
        channels: usize::from(channels),
        length: length as usize,
        samples: samples as usize,
        session: le_u32(b, 16),
        sequence: le_u32(b, 20),
        first_index,
        sample_rate_hz,
        time: le_u64(b, 40) as i64,
    })
}

/// An incremental decoder of the waveform stream: feed it bytes as they arrive, in chunks of
/// any size, and take frames and errors out.
///
/// It holds at most the bytes of one frame being received plus the last chunk, never
/// allocates from a length field, and after an error resumes at the next magic.
#[derive(Debug, Clone)]
pub struct Decoder {
    buf: Vec<u8>,
    /// Start of the bytes not yet consumed in `buf`.
    pos: usize,
    /// The stream offset of `buf[pos]`.
    offset: u64,
    max_frame_len: usize,
    /// Bytes skipped and not yet reported: (offset of the first, count).
    skipped: Option<(u64, u64)>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder accepting frames up to [`DEFAULT_MAX_FRAME_LEN`].
    pub fn new() -> Self {
        Decoder::with_max_frame_len(DEFAULT_MAX_FRAME_LEN)
    }

    /// A decoder accepting frames up to `max` bytes.
    pub fn with_max_frame_len(max: usize) -> Self {
        Decoder {
            buf: Vec::new(),
            pos: 0,
            offset: 0,
            max_frame_len: max,
            skipped: None,
        }
    }

    /// Appends bytes received.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Appends bytes received and returns an iterator over the frames and errors they
    /// complete.
    pub fn feed<'a>(
        &'a mut self,
        bytes: &[u8],
    ) -> impl Iterator<Item = Result<Frame, DecodeError>> + 'a {
        self.push(bytes);
        std::iter::from_fn(move || self.next_frame())
    }

    /// The stream offset of the first byte not yet consumed: bytes before it were decoded as
    /// frames or reported as errors.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Bytes held, waiting for the rest of a frame.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The next frame or error the bytes pushed so far make up; `None` when more bytes are
    /// needed.
    pub fn next_frame(&mut self) -> Option<Result<Frame, DecodeError>> {
        let data = self.buf.get(self.pos..).unwrap_or(&[]);
        match find_magic(data) {
            Some(0) => {}
            Some(k) => self.skip(k),
            None => {
                // Keep a tail that may be the start of a magic.
                let keep = (1..MAGIC.len())
                    .rev()
                    .find(|&n| data.len() >= n && data.ends_with(&MAGIC[..n]))
                    .unwrap_or(0);
                let skip = data.len() - keep;
                self.skip(skip);
                // A long run of noise is reported without waiting for its end.
                if self
                    .skipped
                    .is_some_and(|(_, n)| n >= self.max_frame_len as u64)
                {
                    return self.take_skipped();
                }
                self.compact();
                return None;
            }
        }
        if self.skipped.is_some() {
            return self.take_skipped();
        }
        let data = self.buf.get(self.pos..).unwrap_or(&[]);
        if data.len() < HEADER_LEN {
            self.compact();
            return None;
        }
        let offset = self.offset;
        let header = match check_header(data, self.max_frame_len) {
            Ok(header) => header,
            Err(error) => {
                self.advance(1);
                return Some(Err(match error {
                    HeaderError::Version(version) => {
                        DecodeError::UnsupportedVersion { offset, version }
                    }
                    HeaderError::Oversized(length) => DecodeError::Oversized {
                        offset,
                        length,
                        max: self.max_frame_len,
                    },
                    HeaderError::Problem(problem) => DecodeError::BadHeader { offset, problem },
                }));
            }
        };
        let Some(bytes) = data.get(..header.length) else {
            self.compact();
            return None;
        };
        let body_len = header.length - CRC_LEN;
        let actual = crc32(bytes.get(..body_len).unwrap_or(&[]));
        let expected = le_u32(bytes, body_len);
        if actual != expected {
            self.advance(1);
            return Some(Err(DecodeError::BadCrc {
                offset,
                expected,
                actual,
            }));
        }
        let roles = bytes
            .get(HEADER_LEN..HEADER_LEN + header.channels)
            .unwrap_or(&[]);
        let layout = match ChannelLayout::from_codes(roles) {
            Ok(layout) => layout,
            Err(error) => {
                self.advance(1);
                return Some(Err(DecodeError::BadHeader {
                    offset,
                    problem: HeaderProblem::Layout(error),
                }));
            }
        };
        let sample_bytes = bytes
            .get(HEADER_LEN + header.channels..body_len)
            .unwrap_or(&[]);
        let mut samples = Vec::with_capacity(header.channels * header.samples);
        samples.extend(sample_bytes.chunks_exact(4).map(|c| {
            let mut a = [0u8; 4];
            a.copy_from_slice(c);
            f32::from_le_bytes(a)
        }));
        let start = if header.time == UNKNOWN_TIME {
            None
        } else {
            Timestamp::from_nanosecond(i128::from(header.time)).ok()
        };
        let frame = Frame {
            session: header.session,
            sequence: header.sequence,
            first_index: header.first_index,
            sample_rate_hz: header.sample_rate_hz,
            start,
            layout,
            samples,
        };
        self.advance(header.length);
        Some(Ok(frame))
    }

    fn skip(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        let (start, count) = self.skipped.unwrap_or((self.offset, 0));
        self.skipped = Some((start, count + n as u64));
        self.advance(n);
    }

    fn take_skipped(&mut self) -> Option<Result<Frame, DecodeError>> {
        self.skipped
            .take()
            .map(|(offset, bytes)| Err(DecodeError::Skipped { offset, bytes }))
    }

    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.offset += n as u64;
    }

    /// Drops consumed bytes once they are a good part of the buffer.
    fn compact(&mut self) {
        if self.pos > 0 && (self.pos >= self.buf.len() / 2 || self.pos >= 1 << 16) {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
    }
}

fn find_magic(data: &[u8]) -> Option<usize> {
    data.windows(MAGIC.len()).position(|w| w == MAGIC)
}

/// The sample rate and channel layout of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StreamFormat {
    /// Samples per second and channel.
    pub sample_rate_hz: f64,
    /// The channels.
    pub layout: ChannelLayout,
}

impl StreamFormat {
    /// The format of a frame.
    pub fn of(frame: &Frame) -> Self {
        StreamFormat {
            sample_rate_hz: frame.sample_rate_hz,
            layout: frame.layout,
        }
    }
}

impl fmt::Display for StreamFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Hz [{}]", self.sample_rate_hz, self.layout)
    }
}

/// A frame's samples as part of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The run the samples belong to: numbered from 0 in the order runs start. Blocks of one
    /// run have one format and follow each other without a missing sample.
    pub run: u64,
    /// The index (since the source's start) of the run's first sample.
    pub run_first_index: u64,
    /// The frame.
    pub frame: Frame,
}

impl Block {
    /// The analyser's input: see [`Frame::to_waveforms`].
    pub fn to_waveforms(&self, ratio: impl Fn(ChannelRole) -> f64) -> Waveforms {
        self.frame.to_waveforms(ratio)
    }
}

/// Why a new run started. When several reasons apply to one frame, the first of restart,
/// format change and gap is given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunStart {
    /// The receiver's first frame.
    First,
    /// Samples are missing before this frame.
    Gap {
        /// The index of the first missing sample.
        from_index: u64,
        /// How many samples per channel are missing.
        missing: u64,
    },
    /// The sample rate or the channel layout changed.
    FormatChanged {
        /// The previous run's format.
        from: StreamFormat,
        /// The new one.
        to: StreamFormat,
    },
    /// The source restarted: its session changed, or its sample index went back further than
    /// the receiver's late window.
    Restart {
        /// The session before.
        previous_session: u32,
        /// The index the receiver expected next.
        expected_index: u64,
    },
}

impl fmt::Display for RunStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunStart::First => f.write_str("first frame"),
            RunStart::Gap {
                from_index,
                missing,
            } => write!(f, "{missing} samples missing from index {from_index}"),
            RunStart::FormatChanged { from, to } => write!(f, "format changed from {from} to {to}"),
            RunStart::Restart {
                previous_session,
                expected_index,
            } => write!(
                f,
                "source restarted (session {previous_session:#010x} was at index {expected_index})"
            ),
        }
    }
}

/// Why a frame was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// The same frame (sequence and first index) was received before.
    Duplicate,
    /// The frame's samples come before the ones already received; they were counted in a
    /// gap, or overlap samples received.
    OutOfOrder {
        /// The index the receiver expected next.
        expected_index: u64,
    },
}

/// A frame the receiver dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DroppedFrame {
    /// Its sequence number.
    pub sequence: u32,
    /// Its first sample's index.
    pub first_index: u64,
    /// Why it was dropped.
    pub reason: DropReason,
}

/// What the receiver made of one frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// The samples continue the current run.
    Continued(Block),
    /// The samples start a new run.
    NewRun {
        /// The samples.
        block: Block,
        /// Why the previous run ended.
        cause: RunStart,
    },
    /// The frame was dropped.
    Dropped(DroppedFrame),
}

impl Received {
    /// The samples, unless the frame was dropped.
    pub fn block(&self) -> Option<&Block> {
        match self {
            Received::Continued(block) | Received::NewRun { block, .. } => Some(block),
            Received::Dropped(_) => None,
        }
    }

    /// The samples, unless the frame was dropped.
    pub fn into_block(self) -> Option<Block> {
        match self {
            Received::Continued(block) | Received::NewRun { block, .. } => Some(block),
            Received::Dropped(_) => None,
        }
    }
}

/// How many accepted frames the receiver remembers to recognise duplicates.
const RECENT_FRAMES: usize = 32;

#[derive(Debug, Clone)]
struct RunState {
    session: u32,
    run: u64,
    format: StreamFormat,
    run_first_index: u64,
    next_index: u64,
    last_samples: u64,
    recent: VecDeque<(u32, u64)>,
}

/// Turns decoded frames, in arrival order, into runs of contiguous samples and events. Pure:
/// it holds no samples, only where the stream stands.
#[derive(Debug, Clone)]
pub struct Receiver {
    late_window_s: f64,
    state: Option<RunState>,
    runs: u64,
}

impl Default for Receiver {
    fn default() -> Self {
        Receiver::new()
    }
}

impl Receiver {
    /// The late window of [`Receiver::new`], in seconds.
    pub const DEFAULT_LATE_WINDOW_S: f64 = 2.0;

    /// A receiver that takes a frame going back at most [`Receiver::DEFAULT_LATE_WINDOW_S`]
    /// (or four frames, if that is more) as late, and further back as a restart.
    pub fn new() -> Self {
        Receiver::with_late_window_s(Receiver::DEFAULT_LATE_WINDOW_S)
    }

    /// A receiver with another late window, in seconds.
    pub fn with_late_window_s(late_window_s: f64) -> Self {
        Receiver {
            late_window_s: late_window_s.max(0.0),
            state: None,
            runs: 0,
        }
    }

    /// The index the receiver expects next, once it has a run.
    pub fn expected_index(&self) -> Option<u64> {
        self.state.as_ref().map(|s| s.next_index)
    }

    /// The number of the current run, once there is one.
    pub fn run(&self) -> Option<u64> {
        self.state.as_ref().map(|s| s.run)
    }

    /// Takes the next frame received.
    pub fn push(&mut self, frame: Frame) -> Received {
        let format = StreamFormat::of(&frame);
        let Some(state) = self.state.as_mut() else {
            return self.start_run(frame, RunStart::First);
        };
        if frame.session != state.session {
            let cause = RunStart::Restart {
                previous_session: state.session,
                expected_index: state.next_index,
            };
            return self.start_run(frame, cause);
        }
        if format != state.format {
            let cause = RunStart::FormatChanged {
                from: state.format,
                to: format,
            };
            return self.start_run(frame, cause);
        }
        let expected = state.next_index;
        if frame.first_index == expected {
            state.next_index = frame.end_index();
            state.last_samples = frame.samples_per_channel() as u64;
            remember(&mut state.recent, &frame);
            return Received::Continued(Block {
                run: state.run,
                run_first_index: state.run_first_index,
                frame,
            });
        }
        if frame.first_index > expected {
            let cause = RunStart::Gap {
                from_index: expected,
                missing: frame.first_index - expected,
            };
            return self.start_run(frame, cause);
        }
        let back = expected - frame.first_index;
        let window =
            (self.late_window_s * state.format.sample_rate_hz).max(4.0 * state.last_samples as f64);
        if back as f64 > window {
            let cause = RunStart::Restart {
                previous_session: state.session,
                expected_index: expected,
            };
            return self.start_run(frame, cause);
        }
        let reason = if state.recent.contains(&(frame.sequence, frame.first_index)) {
            DropReason::Duplicate
        } else {
            DropReason::OutOfOrder {
                expected_index: expected,
            }
        };
        Received::Dropped(DroppedFrame {
            sequence: frame.sequence,
            first_index: frame.first_index,
            reason,
        })
    }

    fn start_run(&mut self, frame: Frame, cause: RunStart) -> Received {
        let run = self.runs;
        self.runs += 1;
        let mut recent = match self.state.take() {
            Some(state) if state.session == frame.session => state.recent,
            _ => VecDeque::with_capacity(RECENT_FRAMES),
        };
        remember(&mut recent, &frame);
        self.state = Some(RunState {
            session: frame.session,
            run,
            format: StreamFormat::of(&frame),
            run_first_index: frame.first_index,
            next_index: frame.end_index(),
            last_samples: frame.samples_per_channel() as u64,
            recent,
        });
        Received::NewRun {
            block: Block {
                run,
                run_first_index: frame.first_index,
                frame,
            },
            cause,
        }
    }
}

fn remember(recent: &mut VecDeque<(u32, u64)>, frame: &Frame) {
    if recent.len() == RECENT_FRAMES {
        recent.pop_front();
    }
    recent.push_back((frame.sequence, frame.first_index));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_the_ieee_one_with_its_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_layout_refuses_repeats_and_unknown_codes_and_emptiness() {
        use ChannelRole::*;
        assert_eq!(
            ChannelLayout::new([VoltageL1, CurrentL1, VoltageL1]),
            Err(LayoutError::Repeated(VoltageL1))
        );
        assert_eq!(ChannelLayout::new([]), Err(LayoutError::Empty));
        assert_eq!(
            ChannelLayout::from_codes(&[1, 11]),
            Err(LayoutError::UnknownCode(11))
        );
        let all = ChannelLayout::new(ChannelRole::ALL).unwrap();
        assert_eq!(all.len(), 10);
        assert_eq!(all.to_string().split(',').count(), 10);
        assert_eq!(
            ChannelLayout::from_codes(&[7, 1]).unwrap().roles(),
            [CurrentL1, VoltageL1]
        );
    }

    #[test]
    fn frame_length_follows_the_documented_formula() {
        assert_eq!(frame_len(1, 1), 52 + 1 + 4);
        assert_eq!(frame_len(6, 640), 52 + 6 * (1 + 4 * 640));
    }
}
