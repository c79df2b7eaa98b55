//! The waveform stream: the codec byte for byte, the decoder on chunked, noisy and broken
//! streams, and the receiver's runs and events.

// Helpers outside #[test] functions panic on purpose when the codec misbehaves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems_metering::ChannelRole;
use ems_metering::stream::{
    ChannelLayout, DEFAULT_MAX_FRAME_LEN, DecodeError, Decoder, DropReason, DroppedFrame,
    EncodeError, Frame, HEADER_LEN, HeaderProblem, LayoutError, MAGIC, Received, Receiver,
    RunStart, StreamFormat, crc32, frame_len,
};
use jiff::Timestamp;
use proptest::prelude::*;

const RATE: f64 = 6400.0;
const N: usize = 64;

fn three_phase() -> ChannelLayout {
    use ChannelRole::*;
    ChannelLayout::new([
        VoltageL1, VoltageL2, VoltageL3, CurrentL1, CurrentL2, CurrentL3,
    ])
    .unwrap()
}

fn start_time() -> Timestamp {
    "2026-03-02T08:00:00.123456789Z".parse().unwrap()
}

/// Frame number `k` of a source with session 7: N samples per channel of a recognisable
/// pattern, the time of its first sample known.
fn frame(k: u64) -> Frame {
    frame_with(k, three_phase(), RATE)
}

fn frame_with(k: u64, layout: ChannelLayout, rate: f64) -> Frame {
    let first_index = k * N as u64;
    let samples = (0..N * layout.len())
        .map(|i| (first_index as f32) + i as f32 * 0.25 - 100.0)
        .collect();
    Frame {
        session: 7,
        sequence: k as u32,
        first_index,
        sample_rate_hz: rate,
        start: Some(
            start_time()
                .checked_add(jiff::SignedDuration::from_secs_f64(
                    first_index as f64 / rate,
                ))
                .unwrap(),
        ),
        layout,
        samples,
    }
}

fn bytes(frames: &[Frame]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in frames {
        f.encode(&mut out).unwrap();
    }
    out
}

/// Everything the decoder yields for `stream` pushed in chunks of `chunk` bytes.
fn decode_in_chunks(stream: &[u8], chunk: usize) -> Vec<Result<Frame, DecodeError>> {
    let mut decoder = Decoder::new();
    let mut out = Vec::new();
    for piece in stream.chunks(chunk.max(1)) {
        out.extend(decoder.feed(piece));
    }
    out
}

fn frames_only(results: Vec<Result<Frame, DecodeError>>) -> Vec<Frame> {
    results.into_iter().filter_map(Result::ok).collect()
}

// --- The codec ---------------------------------------------------------------------------------

#[test]
fn a_frame_reads_back_exactly_as_it_was_written() {
    let mut unknown_time = frame(3);
    unknown_time.start = None;
    unknown_time.session = u32::MAX;
    unknown_time.sequence = u32::MAX;
    unknown_time.samples[0] = f32::MIN_POSITIVE;
    unknown_time.samples[1] = -0.0;
    let all_channels = Frame {
        layout: ChannelLayout::new(ChannelRole::ALL.into_iter().rev()).unwrap(),
        samples: (0..30).map(|i| i as f32 * 1.5e-3).collect(),
        sample_rate_hz: 7812.5,
        start: Some("1970-01-01T00:00:00Z".parse().unwrap()),
        first_index: u64::MAX - 3,
        ..frame(0)
    };
    for original in [frame(0), frame(1), unknown_time, all_channels] {
        let encoded = original.to_bytes().unwrap();
        assert_eq!(encoded.len() as u64, original.encoded_len());
        assert_eq!(&encoded[..4], &MAGIC);
        let decoded = frames_only(decode_in_chunks(&encoded, encoded.len()));
        assert_eq!(decoded.len(), 1);
        let decoded = &decoded[0];
        assert_eq!(decoded, &original);
        // Bit for bit, including the sign of zero.
        let bits = |f: &Frame| f.samples.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(decoded), bits(&original));
    }
}

#[test]
fn the_header_fields_sit_at_their_documented_offsets() {
    let f = frame(2);
    let b = f.to_bytes().unwrap();
    let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
    assert_eq!(&b[0..4], b"EMSW");
    assert_eq!(b[4], 1, "version");
    assert_eq!(b[5], 6, "channel count");
    assert_eq!(&b[6..8], &[0, 0], "flags");
    assert_eq!(u32_at(8) as usize, b.len(), "frame length");
    assert_eq!(u32_at(8) as u64, frame_len(6, N));
    assert_eq!(u32_at(12) as usize, N, "samples per channel");
    assert_eq!(u32_at(16), 7, "session");
    assert_eq!(u32_at(20), 2, "sequence");
    assert_eq!(u64_at(24), 2 * N as u64, "first index");
    assert_eq!(f64::from_bits(u64_at(32)), RATE, "sample rate");
    assert_eq!(
        i128::from(u64_at(40) as i64),
        f.start.unwrap().as_nanosecond(),
        "time"
    );
    assert_eq!(&b[48..54], &[1, 2, 3, 7, 8, 9], "roles by code");
    // Sample 0 of channel 1 follows sample 0 of channel 0.
    let f32_at = |at: usize| f32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    assert_eq!(f32_at(54), f.samples[0]);
    assert_eq!(f32_at(58), f.samples[1]);
    assert_eq!(u32_at(b.len() - 4), crc32(&b[..b.len() - 4]), "CRC");
}

#[test]
fn an_unknown_time_is_written_as_the_smallest_i64() {
    let mut f = frame(0);
    f.start = None;
    let b = f.to_bytes().unwrap();
    assert_eq!(&b[40..48], &i64::MIN.to_le_bytes());
}

/// The example frame of `docs/WAVEFORM_STREAM.md` is exactly what the encoder writes, and
/// decodes to what the document says.
#[test]
fn the_example_frame_in_the_stream_docs_is_what_the_encoder_writes() {
    let doc = include_str!("../../../../docs/WAVEFORM_STREAM.md");
    let hex = doc
        .split("<!-- example-frame -->")
        .nth(1)
        .and_then(|rest| rest.split("```text\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("docs/WAVEFORM_STREAM.md has the example frame after <!-- example-frame -->");
    let documented: Vec<u8> = hex
        .split_whitespace()
        .map(|byte| u8::from_str_radix(byte, 16).unwrap())
        .collect();
    let example = Frame {
        session: 0x1234_5678,
        sequence: 5,
        first_index: 10,
        sample_rate_hz: 6400.0,
        start: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        layout: ChannelLayout::new([ChannelRole::VoltageL1, ChannelRole::CurrentL1]).unwrap(),
        samples: vec![325.0, 1.5, -325.0, -1.5],
    };
    assert_eq!(documented, example.to_bytes().unwrap());
}

#[test]
fn frames_the_encoder_cannot_write_are_refused_with_the_reason() {
    let mut f = frame(0);
    f.samples.pop();
    assert_eq!(
        f.to_bytes(),
        Err(EncodeError::Ragged {
            samples: 6 * N - 1,
            channels: 6
        })
    );
    f.samples.clear();
    assert_eq!(f.to_bytes(), Err(EncodeError::Empty));
    let mut f = frame(0);
    f.sample_rate_hz = f64::NAN;
    assert!(matches!(f.to_bytes(), Err(EncodeError::SampleRate(_))));
    f.sample_rate_hz = 0.0;
    assert!(matches!(f.to_bytes(), Err(EncodeError::SampleRate(_))));
    let mut f = frame(0);
    f.samples = vec![0.0; 6 * 50_000];
    assert!(matches!(
        f.to_bytes(),
        Err(EncodeError::TooLarge {
            max: DEFAULT_MAX_FRAME_LEN,
            ..
        })
    ));
    let mut f = frame(0);
    f.start = Some("2300-01-01T00:00:00Z".parse().unwrap());
    assert!(matches!(f.to_bytes(), Err(EncodeError::TimeOutOfRange(_))));
    let mut f = frame(0);
    f.first_index = u64::MAX - 10;
    assert_eq!(f.to_bytes(), Err(EncodeError::IndexOverflow));
}

// --- The decoder -------------------------------------------------------------------------------

#[test]
fn frames_split_at_every_byte_boundary_decode_the_same() {
    let frames = [frame(0), frame(1)];
    let stream = bytes(&frames);
    for split in 0..=stream.len() {
        let mut decoder = Decoder::new();
        let mut out: Vec<_> = decoder.feed(&stream[..split]).collect();
        out.extend(decoder.feed(&stream[split..]));
        assert_eq!(
            out.into_iter().collect::<Result<Vec<_>, _>>(),
            Ok(frames.to_vec()),
            "split at {split}"
        );
        assert_eq!(decoder.buffered(), 0);
        assert_eq!(decoder.offset(), stream.len() as u64);
    }
    // One byte at a time, and in chunks of every size up to a frame.
    for chunk in [1, 2, 3, 5, 47, 48, 49, 1000] {
        let out = decode_in_chunks(&stream, chunk);
        assert_eq!(
            out.into_iter().collect::<Result<Vec<_>, _>>(),
            Ok(frames.to_vec()),
            "chunks of {chunk}"
        );
    }
}

#[test]
fn garbage_between_frames_is_skipped_reported_with_its_offset_and_resynchronised() {
    let one = frame(0).to_bytes().unwrap();
    let two = frame(1).to_bytes().unwrap();
    // Noise, including a partial magic and a magic whose header is nonsense.
    let noise_a: Vec<u8> = b"\x00\xffEMS\x01garbage".to_vec();
    let mut noise_b: Vec<u8> = b"EMSW\x09".to_vec();
    noise_b.extend([0x55u8; 60]);
    let mut stream = noise_a.clone();
    stream.extend(&one);
    stream.extend(&noise_b);
    stream.extend(&two);
    stream.extend(b"EM");
    for chunk in [1, 7, stream.len()] {
        let out = decode_in_chunks(&stream, chunk);
        let b = noise_a.len() as u64 + one.len() as u64;
        assert_eq!(
            out,
            vec![
                Err(DecodeError::Skipped {
                    offset: 0,
                    bytes: noise_a.len() as u64
                }),
                Ok(frame(0)),
                Err(DecodeError::UnsupportedVersion {
                    offset: b,
                    version: 9
                }),
                Err(DecodeError::Skipped {
                    offset: b + 1,
                    bytes: noise_b.len() as u64 - 1
                }),
                Ok(frame(1)),
            ],
            "chunks of {chunk}"
        );
    }
}

#[test]
fn a_flipped_byte_is_a_bad_crc_at_the_frames_offset_and_the_next_frame_still_decodes() {
    let mut stream = bytes(&[frame(0), frame(1), frame(2)]);
    let len = frame(0).encoded_len() as usize;
    // A sample byte in the middle of the second frame.
    stream[len + len / 2] ^= 0x01;
    let out = decode_in_chunks(&stream, 100);
    assert!(
        matches!(out[1], Err(DecodeError::BadCrc { offset, expected, actual })
            if offset == len as u64 && expected != actual),
        "{out:?}"
    );
    assert_eq!(frames_only(out), vec![frame(0), frame(2)]);
    // The CRC covers the header too.
    let mut stream = bytes(&[frame(0), frame(1)]);
    stream[16] ^= 0x80;
    let out = decode_in_chunks(&stream, 9);
    assert!(
        matches!(out[0], Err(DecodeError::BadCrc { offset: 0, .. })),
        "{out:?}"
    );
    assert_eq!(frames_only(out), vec![frame(1)]);
}

#[test]
fn an_absurd_length_is_refused_from_the_header_without_waiting_or_allocating() {
    let mut header = frame(0).to_bytes().unwrap();
    header.truncate(HEADER_LEN);
    header[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    let mut decoder = Decoder::new();
    let out: Vec<_> = decoder.feed(&header).collect();
    assert_eq!(
        out,
        vec![Err(DecodeError::Oversized {
            offset: 0,
            length: u64::from(u32::MAX),
            max: DEFAULT_MAX_FRAME_LEN
        })]
    );
    assert!(decoder.buffered() < HEADER_LEN, "{}", decoder.buffered());
    // A smaller limit applies to frames that fit the default one.
    let mut small = Decoder::with_max_frame_len(1000);
    let out: Vec<_> = small.feed(&frame(0).to_bytes().unwrap()).collect();
    assert!(
        matches!(
            out[0],
            Err(DecodeError::Oversized {
                offset: 0,
                max: 1000,
                ..
            })
        ),
        "{out:?}"
    );
    assert!(frames_only(out).is_empty());
}

#[test]
fn a_length_that_does_not_match_the_counts_is_refused_at_once() {
    let mut b = frame(0).to_bytes().unwrap();
    let claimed = b.len() as u32 + 4;
    b[8..12].copy_from_slice(&claimed.to_le_bytes());
    let mut decoder = Decoder::new();
    let out: Vec<_> = decoder.feed(&b[..HEADER_LEN]).collect();
    assert_eq!(
        out,
        vec![Err(DecodeError::BadHeader {
            offset: 0,
            problem: HeaderProblem::LengthMismatch {
                length: claimed,
                expected: frame_len(6, N)
            }
        })]
    );
}

#[test]
fn unknown_or_repeated_role_codes_and_impossible_counts_are_bad_headers() {
    let reencode_crc = |b: &mut Vec<u8>| {
        let n = b.len() - 4;
        let crc = crc32(&b[..n]);
        b[n..].copy_from_slice(&crc.to_le_bytes());
    };
    let cases: [(usize, u8, HeaderProblem); 4] = [
        (
            HEADER_LEN + 1,
            11,
            HeaderProblem::Layout(LayoutError::UnknownCode(11)),
        ),
        (
            HEADER_LEN + 1,
            1,
            HeaderProblem::Layout(LayoutError::Repeated(ChannelRole::VoltageL1)),
        ),
        (5, 0, HeaderProblem::ChannelCount(0)),
        (5, 11, HeaderProblem::ChannelCount(11)),
    ];
    for (at, value, problem) in cases {
        let mut b = frame(0).to_bytes().unwrap();
        b[at] = value;
        reencode_crc(&mut b);
        let out = decode_in_chunks(&b, b.len());
        assert_eq!(
            out[0],
            Err(DecodeError::BadHeader { offset: 0, problem }),
            "byte {at} = {value}"
        );
    }
    let mut b = frame(0).to_bytes().unwrap();
    b[32..40].copy_from_slice(&(-1.0f64).to_le_bytes());
    let out = decode_in_chunks(&b, b.len());
    assert!(matches!(
        out[0],
        Err(DecodeError::BadHeader {
            problem: HeaderProblem::SampleRate(_),
            ..
        })
    ));
}

#[test]
fn errors_tell_their_byte_offset() {
    let e = DecodeError::BadCrc {
        offset: 1234,
        expected: 1,
        actual: 2,
    };
    assert_eq!(e.offset(), 1234);
    assert!(e.to_string().starts_with("byte 1234: "), "{e}");
}

#[test]
fn a_long_run_of_noise_is_reported_without_waiting_for_its_end() {
    let mut decoder = Decoder::with_max_frame_len(1000);
    let out: Vec<_> = decoder.feed(&[0u8; 3000]).collect();
    assert_eq!(
        out,
        vec![Err(DecodeError::Skipped {
            offset: 0,
            bytes: 3000
        })]
    );
    assert_eq!(decoder.buffered(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_decoder_never_panics_on_random_bytes(
        data in proptest::collection::vec(any::<u8>(), 0..4096),
        chunk in 1usize..600,
    ) {
        let mut decoder = Decoder::new();
        let mut accounted = 0u64;
        let mut last = None;
        // A good frame at the end ends whatever the noise started.
        let mut stream = data.clone();
        stream.extend(frame(5).to_bytes().unwrap());
        for piece in stream.chunks(chunk) {
            for item in decoder.feed(piece) {
                accounted += match &item {
                    Ok(f) => f.encoded_len(),
                    Err(DecodeError::Skipped { bytes, .. }) => *bytes,
                    Err(_) => 1,
                };
                last = Some(item);
            }
        }
        // Every byte was a frame, reported as skipped, or the first byte of a bad frame.
        prop_assert_eq!(accounted, stream.len() as u64);
        prop_assert_eq!(decoder.offset(), stream.len() as u64);
        prop_assert_eq!(decoder.buffered(), 0);
        prop_assert_eq!(last, Some(Ok(frame(5))));
    }

    #[test]
    fn the_decoder_never_panics_on_random_bytes_that_start_like_a_frame(
        tail in proptest::collection::vec(any::<u8>(), 0..200),
        channels in 0u8..12,
        samples in 0u32..8,
    ) {
        let mut data = b"EMSW\x01".to_vec();
        data.push(channels);
        data.extend([0, 0]);
        data.extend(((frame_len(usize::from(channels), samples as usize)) as u32).to_le_bytes());
        data.extend(samples.to_le_bytes());
        data.extend(tail);
        let out = decode_in_chunks(&data, 13);
        prop_assert!(out.len() <= data.len());
    }

    #[test]
    fn a_frame_after_random_noise_is_always_found(
        noise in proptest::collection::vec(any::<u8>(), 0..2000),
        chunk in 1usize..300,
    ) {
        let mut data = noise;
        data.extend(frame(5).to_bytes().unwrap());
        let found = frames_only(decode_in_chunks(&data, chunk));
        prop_assert_eq!(found.last(), Some(&frame(5)));
    }
}

// --- The receiver ------------------------------------------------------------------------------

fn receive(receiver: &mut Receiver, frame: Frame) -> Received {
    receiver.push(frame)
}

fn cause(received: &Received) -> Option<RunStart> {
    match received {
        Received::NewRun { cause, .. } => Some(*cause),
        _ => None,
    }
}

#[test]
fn contiguous_frames_continue_one_run() {
    let mut receiver = Receiver::new();
    let first = receive(&mut receiver, frame(0));
    assert_eq!(cause(&first), Some(RunStart::First));
    assert_eq!(first.block().unwrap().run, 0);
    for k in 1..10 {
        match receive(&mut receiver, frame(k)) {
            Received::Continued(block) => {
                assert_eq!(block.run, 0);
                assert_eq!(block.run_first_index, 0);
                assert_eq!(block.frame.first_index, k * N as u64);
            }
            other => panic!("frame {k}: {other:?}"),
        }
    }
    assert_eq!(receiver.expected_index(), Some(10 * N as u64));
}

#[test]
fn missing_frames_are_a_gap_with_the_exact_number_of_samples_and_a_new_run() {
    let mut receiver = Receiver::new();
    receive(&mut receiver, frame(0));
    receive(&mut receiver, frame(1));
    let after = receive(&mut receiver, frame(4));
    assert_eq!(
        cause(&after),
        Some(RunStart::Gap {
            from_index: 2 * N as u64,
            missing: 2 * N as u64
        })
    );
    let block = after.block().unwrap();
    assert_eq!((block.run, block.run_first_index), (1, 4 * N as u64));
    assert!(matches!(
        receive(&mut receiver, frame(5)),
        Received::Continued(b) if b.run == 1
    ));
}

#[test]
fn swapped_frames_give_a_gap_then_a_late_frame_dropped() {
    let mut receiver = Receiver::new();
    receive(&mut receiver, frame(0));
    let early = receive(&mut receiver, frame(2));
    assert_eq!(
        cause(&early),
        Some(RunStart::Gap {
            from_index: N as u64,
            missing: N as u64
        })
    );
    assert_eq!(
        receive(&mut receiver, frame(1)),
        Received::Dropped(DroppedFrame {
            sequence: 1,
            first_index: N as u64,
            reason: DropReason::OutOfOrder {
                expected_index: 3 * N as u64
            }
        })
    );
    assert!(matches!(
        receive(&mut receiver, frame(3)),
        Received::Continued(_)
    ));
}

#[test]
fn a_duplicate_frame_is_dropped_as_such() {
    let mut receiver = Receiver::new();
    receive(&mut receiver, frame(0));
    receive(&mut receiver, frame(1));
    assert_eq!(
        receive(&mut receiver, frame(1)),
        Received::Dropped(DroppedFrame {
            sequence: 1,
            first_index: N as u64,
            reason: DropReason::Duplicate
        })
    );
    assert!(matches!(
        receive(&mut receiver, frame(0)),
        Received::Dropped(DroppedFrame {
            reason: DropReason::Duplicate,
            ..
        })
    ));
    assert!(matches!(
        receive(&mut receiver, frame(2)),
        Received::Continued(_)
    ));
}

#[test]
fn a_change_of_layout_or_sample_rate_starts_a_new_run() {
    use ChannelRole::*;
    let mut receiver = Receiver::new();
    receive(&mut receiver, frame(0));
    let single = ChannelLayout::new([VoltageL1, CurrentL1]).unwrap();
    let changed = receive(&mut receiver, frame_with(1, single, RATE));
    assert_eq!(
        cause(&changed),
        Some(RunStart::FormatChanged {
            from: StreamFormat {
                sample_rate_hz: RATE,
                layout: three_phase()
            },
            to: StreamFormat {
                sample_rate_hz: RATE,
                layout: single
            },
        })
    );
    let faster = receive(&mut receiver, frame_with(2, single, 12_800.0));
    assert!(
        matches!(cause(&faster), Some(RunStart::FormatChanged { from, to })
            if from.sample_rate_hz == RATE && to.sample_rate_hz == 12_800.0),
        "{faster:?}"
    );
    assert_eq!(faster.block().unwrap().run, 2);
    // The same roles in another order are another layout.
    let swapped = ChannelLayout::new([CurrentL1, VoltageL1]).unwrap();
    assert!(matches!(
        cause(&receive(&mut receiver, frame_with(3, swapped, 12_800.0))),
        Some(RunStart::FormatChanged { .. })
    ));
}

#[test]
fn a_new_session_or_an_index_going_far_back_is_a_restart() {
    let mut receiver = Receiver::new();
    for k in 0..1000 {
        receive(&mut receiver, frame(k));
    }
    // Back by less than the late window, and not one of the last frames received: late, not
    // a restart.
    assert!(matches!(
        receive(&mut receiver, frame(900)),
        Received::Dropped(DroppedFrame {
            reason: DropReason::OutOfOrder { .. },
            ..
        })
    ));
    // Back to the start with the same session: a source that does not change its session.
    let restarted = receive(&mut receiver, frame(0));
    assert_eq!(
        cause(&restarted),
        Some(RunStart::Restart {
            previous_session: 7,
            expected_index: 1000 * N as u64
        })
    );
    assert!(matches!(
        receive(&mut receiver, frame(1)),
        Received::Continued(_)
    ));
    // A new session is a restart even when the index goes on.
    let mut next = frame(2);
    next.session = 8;
    assert_eq!(
        cause(&receive(&mut receiver, next)),
        Some(RunStart::Restart {
            previous_session: 7,
            expected_index: 2 * N as u64
        })
    );
}

#[test]
fn a_block_becomes_the_analysers_input_in_primary_units() {
    let mut receiver = Receiver::new();
    let received = receive(&mut receiver, frame(1));
    let block = received.block().unwrap();
    let waveforms = block.to_waveforms(|role| if role.is_voltage() { 100.0 } else { 40.0 });
    assert_eq!(waveforms.sample_rate_hz, RATE);
    assert_eq!(waveforms.start, frame(1).start);
    assert_eq!(waveforms.len(), N);
    let f = frame(1);
    let l2: Vec<f32> = f.channel(ChannelRole::VoltageL2).unwrap().collect();
    let i3: Vec<f32> = f.channel(ChannelRole::CurrentL3).unwrap().collect();
    assert_eq!(l2[3], f.samples[3 * 6 + 1]);
    assert_eq!(i3[5], f.samples[5 * 6 + 5]);
    assert_eq!(
        waveforms.channel(ChannelRole::VoltageL2).unwrap()[3],
        f64::from(l2[3]) * 100.0
    );
    assert_eq!(
        waveforms.channel(ChannelRole::CurrentL3).unwrap()[5],
        f64::from(i3[5]) * 40.0
    );
    assert!(waveforms.channel(ChannelRole::CurrentN).is_none());
}

#[test]
fn decoded_frames_of_a_broken_stream_give_the_receivers_events() {
    // Frame 2 corrupted, frame 4 sent twice: the decoder reports the CRC, the receiver the
    // gap it leaves and the duplicate.
    let mut stream = bytes(&[frame(0), frame(1)]);
    let mut bad = frame(2).to_bytes().unwrap();
    bad[100] ^= 0xFF;
    stream.extend(bad);
    stream.extend(bytes(&[frame(3), frame(4), frame(4), frame(5)]));
    let mut decoder = Decoder::new();
    let mut receiver = Receiver::new();
    let mut events = Vec::new();
    for piece in stream.chunks(500) {
        for item in decoder.feed(piece) {
            match item {
                Ok(f) => match receiver.push(f) {
                    Received::Continued(_) => {}
                    Received::NewRun { cause, .. } => events.push(format!("run: {cause}")),
                    Received::Dropped(d) => events.push(format!("dropped: {:?}", d.reason)),
                },
                Err(DecodeError::BadCrc { .. }) => events.push("bad crc".into()),
                Err(DecodeError::Skipped { .. }) => {}
                Err(other) => panic!("{other}"),
            }
        }
    }
    assert_eq!(
        events,
        [
            "run: first frame".to_owned(),
            "bad crc".to_owned(),
            format!("run: {N} samples missing from index {}", 2 * N),
            "dropped: Duplicate".to_owned(),
        ]
    );
}
