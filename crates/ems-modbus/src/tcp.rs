//! Modbus TCP: the MBAP header and a streaming frame decoder.
//!
//! A frame is the 7-byte MBAP header (transaction id, protocol id 0, length, unit id)
//! followed by the PDU; the length field counts the unit id and the PDU. The decoder
//! works on whatever bytes the caller has read so far and never needs more than
//! [`MAX_ADU_LEN`] of them.

use crate::error::FrameError;
use crate::pdu::{MAX_PDU_LEN, Request, Response};

/// Length of the MBAP header, unit id included.
pub const HEADER_LEN: usize = 7;
/// The longest TCP frame: header and a 253-byte PDU.
pub const MAX_ADU_LEN: usize = HEADER_LEN + MAX_PDU_LEN;

/// The only protocol id in use: Modbus.
const PROTOCOL_ID: u16 = 0;
/// Bytes before the unit id: transaction id, protocol id, length.
const PREFIX_LEN: usize = 6;

/// The fields of an MBAP header a caller chooses; the protocol id is always 0 and the
/// length follows from the PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// Pairs a response with its request; the server copies it.
    pub transaction_id: u16,
    /// The unit (slave) addressed behind a gateway, 0xFF or 0 for the server itself.
    pub unit_id: u8,
}

/// A frame found in a byte stream: its header and the PDU it carries, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Transaction and unit id.
    pub header: Header,
    /// The PDU, 1 to 253 bytes, not yet decoded.
    pub pdu: &'a [u8],
}

impl Frame<'_> {
    /// Bytes the whole frame takes in the stream: what to drop from the front of the
    /// buffer once the frame is handled.
    pub const fn adu_len(&self) -> usize {
        HEADER_LEN + self.pdu.len()
    }
}

/// Appends a frame carrying `request`. On error nothing is appended.
pub fn encode_request(
    header: Header,
    request: &Request<'_>,
    out: &mut Vec<u8>,
) -> Result<(), FrameError> {
    encode_with(header, out, |out| request.encode(out))
}

/// Appends a frame carrying `response`. On error nothing is appended.
pub fn encode_response(
    header: Header,
    response: &Response<'_>,
    out: &mut Vec<u8>,
) -> Result<(), FrameError> {
    encode_with(header, out, |out| response.encode(out))
}

/// Appends a frame carrying PDU bytes as they are, unchecked except for their length
/// (1 to 253 bytes): for answers that are wrong on purpose. On error nothing is appended.
pub fn encode_pdu(header: Header, pdu: &[u8], out: &mut Vec<u8>) -> Result<(), FrameError> {
    encode_with(header, out, |out| {
        out.extend_from_slice(pdu);
        Ok(())
    })
}

fn encode_with(
    header: Header,
    out: &mut Vec<u8>,
    write_pdu: impl FnOnce(&mut Vec<u8>) -> Result<(), FrameError>,
) -> Result<(), FrameError> {
    let start = out.len();
    let [t0, t1] = header.transaction_id.to_be_bytes();
    let [p0, p1] = PROTOCOL_ID.to_be_bytes();
    out.extend_from_slice(&[t0, t1, p0, p1, 0, 0, header.unit_id]);
    if let Err(error) = write_pdu(out) {
        out.truncate(start);
        return Err(error);
    }
    let pdu_len = out.len() - start - HEADER_LEN;
    if pdu_len == 0 {
        out.truncate(start);
        return Err(FrameError::Truncated { needed: 1, got: 0 });
    }
    if pdu_len > MAX_PDU_LEN {
        out.truncate(start);
        return Err(FrameError::PduTooLong(pdu_len));
    }
    // The unit id and at most 253 PDU bytes.
    let length = (pdu_len + 1) as u16;
    if let Some(field) = out.get_mut(start + 4..start + PREFIX_LEN) {
        field.copy_from_slice(&length.to_be_bytes());
    }
    Ok(())
}

/// Looks for a frame at the start of `buf`.
///
/// Returns `Ok(None)` while more bytes are needed, `Ok(Some(frame))` once a whole frame is
/// present (bytes after it are left for the next call), and an error as soon as the header
/// shows a protocol id other than 0 or a length outside 2..=254; the stream cannot be
/// resynchronised after that, so the connection should be closed.
pub fn decode_frame(buf: &[u8]) -> Result<Option<Frame<'_>>, FrameError> {
    if let [_, _, p0, p1, ..] = *buf {
        let protocol_id = u16::from_be_bytes([p0, p1]);
        if protocol_id != PROTOCOL_ID {
            return Err(FrameError::BadProtocolId(protocol_id));
        }
    }
    let Some((&[t0, t1, _, _, l0, l1], rest)) = buf.split_first_chunk::<PREFIX_LEN>() else {
        return Ok(None);
    };
    let length = u16::from_be_bytes([l0, l1]);
    if !(2..=MAX_PDU_LEN as u16 + 1).contains(&length) {
        return Err(FrameError::BadLength(length));
    }
    let Some(body) = rest.get(..usize::from(length)) else {
        return Ok(None);
    };
    let Some((&unit_id, pdu)) = body.split_first() else {
        return Ok(None);
    };
    Ok(Some(Frame {
        header: Header {
            transaction_id: u16::from_be_bytes([t0, t1]),
            unit_id,
        },
        pdu,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdu::{ExceptionCode, Registers};

    const HEADER: Header = Header {
        transaction_id: 0x0001,
        unit_id: 0x11,
    };

    /// Read holding registers 107..=109 of unit 0x11, transaction 1.
    const READ_FRAME: [u8; 12] = [
        0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x11, 0x03, 0x00, 0x6B, 0x00, 0x03,
    ];

    #[test]
    fn a_request_frame_carries_the_mbap_header_before_the_pdu() {
        let mut out = Vec::new();
        encode_request(
            HEADER,
            &Request::ReadHoldingRegisters {
                address: 107,
                quantity: 3,
            },
            &mut out,
        )
        .expect("encodes");
        assert_eq!(out, READ_FRAME);
    }

    #[test]
    fn a_response_frame_counts_the_unit_id_and_pdu_in_its_length() {
        let mut out = Vec::new();
        let values = [555, 0, 100];
        encode_response(
            HEADER,
            &Response::ReadHoldingRegisters(Registers::from_values(&values)),
            &mut out,
        )
        .expect("encodes");
        assert_eq!(
            out,
            [
                0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x11, 0x03, 0x06, 0x02, 0x2B, 0x00, 0x00, 0x00,
                0x64
            ]
        );
    }

    #[test]
    fn a_frame_is_found_only_once_all_its_bytes_are_present() {
        for len in 0..READ_FRAME.len() {
            assert_eq!(decode_frame(&READ_FRAME[..len]), Ok(None), "{len} bytes");
        }
        let frame = decode_frame(&READ_FRAME).expect("valid").expect("complete");
        assert_eq!(frame.header, HEADER);
        assert_eq!(frame.pdu, [0x03, 0x00, 0x6B, 0x00, 0x03]);
        assert_eq!(frame.adu_len(), READ_FRAME.len());
    }

    #[test]
    fn back_to_back_frames_are_decoded_one_at_a_time() {
        let mut stream = Vec::new();
        let first = Header {
            transaction_id: 7,
            unit_id: 1,
        };
        let second = Header {
            transaction_id: 8,
            unit_id: 2,
        };
        let exception = Response::Exception {
            function: 0x03,
            code: ExceptionCode::IllegalDataAddress,
        };
        encode_response(first, &exception, &mut stream).expect("encodes");
        encode_response(second, &exception, &mut stream).expect("encodes");
        stream.push(0x00);

        let frame = decode_frame(&stream).expect("valid").expect("complete");
        assert_eq!(frame.header, first);
        assert_eq!(Response::decode(frame.pdu), Ok(exception));
        let consumed = frame.adu_len();
        stream.drain(..consumed);

        let frame = decode_frame(&stream).expect("valid").expect("complete");
        assert_eq!(frame.header, second);
        let consumed = frame.adu_len();
        stream.drain(..consumed);
        assert_eq!(decode_frame(&stream), Ok(None));
    }

    #[test]
    fn a_protocol_id_other_than_zero_is_rejected_as_soon_as_it_is_read() {
        assert_eq!(
            decode_frame(&[0x00, 0x01, 0x00, 0x01]),
            Err(FrameError::BadProtocolId(1))
        );
    }

    #[test]
    fn a_length_of_zero_one_or_more_than_254_is_rejected() {
        for length in [0u16, 1, 255, 0xFFFF] {
            let [l0, l1] = length.to_be_bytes();
            assert_eq!(
                decode_frame(&[0x00, 0x01, 0x00, 0x00, l0, l1]),
                Err(FrameError::BadLength(length))
            );
        }
    }

    #[test]
    fn the_longest_frame_is_accepted() {
        let pdu = [0x03; MAX_PDU_LEN];
        let mut out = Vec::new();
        encode_pdu(HEADER, &pdu, &mut out).expect("253 bytes fit");
        assert_eq!(out.len(), MAX_ADU_LEN);
        let frame = decode_frame(&out).expect("valid").expect("complete");
        assert_eq!(frame.pdu, pdu);
    }

    #[test]
    fn raw_pdus_outside_1_to_253_bytes_are_not_framed() {
        let mut out = vec![0xAA];
        assert_eq!(
            encode_pdu(HEADER, &[0; MAX_PDU_LEN + 1], &mut out),
            Err(FrameError::PduTooLong(254))
        );
        assert_eq!(
            encode_pdu(HEADER, &[], &mut out),
            Err(FrameError::Truncated { needed: 1, got: 0 })
        );
        assert_eq!(out, [0xAA]);
    }

    #[test]
    fn an_invalid_request_leaves_the_buffer_as_it_was() {
        let mut out = vec![0xAA];
        let result = encode_request(
            HEADER,
            &Request::ReadCoils {
                address: 0,
                quantity: 0,
            },
            &mut out,
        );
        assert!(result.is_err());
        assert_eq!(out, [0xAA]);
    }
}
