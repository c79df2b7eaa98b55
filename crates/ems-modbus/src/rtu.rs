//! Modbus RTU framing, on a serial line or over a TCP socket: unit id, PDU, CRC-16/MODBUS
//! (low byte first).
//!
//! RTU frames carry no length. A reader learns how many bytes to wait for from the first
//! bytes of the frame with [`response_frame_len`] (client) or [`request_frame_len`]
//! (server), then decodes and checks the CRC with [`decode_response_frame`] or
//! [`decode_request_frame`]. A frame whose length cannot be told (an unknown function
//! code) ends with the line's silence; [`decode_frame`] checks such a frame once the
//! reader has it whole.

use crate::error::FrameError;
use crate::pdu::{FunctionCode, MAX_PDU_LEN, Request, Response};

/// The longest RTU frame: unit id, a 253-byte PDU and the CRC.
pub const MAX_ADU_LEN: usize = 1 + MAX_PDU_LEN + 2;
/// The shortest RTU frame: unit id, function code and CRC.
pub const MIN_ADU_LEN: usize = 4;

/// Shortest response: unit id, function, exception code, CRC.
const MIN_RESPONSE_LEN: usize = 5;
/// Shortest request: unit id, function 43, MEI type, code, object id, CRC.
const MIN_REQUEST_LEN: usize = 7;
/// Unit id, function and four bytes of address and value or quantity, CRC.
const FIXED_FRAME_LEN: usize = 8;
const CRC_LEN: usize = 2;
const MEI_READ_DEVICE_ID: u8 = 0x0E;

const CRC_TABLE: [u16; 256] = crc_table();

const fn crc_table() -> [u16; 256] {
    let mut table = [0u16; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut crc = byte as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[byte] = crc;
        byte += 1;
    }
    table
}

/// CRC-16/MODBUS (polynomial 0x8005 reflected, initial value 0xFFFF) of `data`. On the wire
/// it follows the data low byte first.
pub const fn crc16(data: &[u8]) -> u16 {
    let mut crc = 0xFFFF_u16;
    let mut i = 0;
    while i < data.len() {
        let index = ((crc ^ data[i] as u16) & 0xFF) as usize;
        crc = (crc >> 8) ^ CRC_TABLE[index];
        i += 1;
    }
    crc
}

/// An RTU frame whose CRC checked out: the unit id and the PDU, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The addressed unit (slave), 0 for a broadcast request.
    pub unit_id: u8,
    /// The PDU, not yet decoded.
    pub pdu: &'a [u8],
}

impl Frame<'_> {
    /// Bytes the whole frame takes: unit id, PDU and CRC.
    pub const fn adu_len(&self) -> usize {
        1 + self.pdu.len() + CRC_LEN
    }
}

/// How long the frame at the start of a buffer is, as far as its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameLength {
    /// The frame is this many bytes long, CRC included.
    Known(usize),
    /// Its length shows only once this many bytes are present; reading up to that many
    /// never reads into the next frame.
    AtLeast(usize),
}

/// Appends an RTU frame carrying `request`. On error nothing is appended.
pub fn encode_request(
    unit_id: u8,
    request: &Request<'_>,
    out: &mut Vec<u8>,
) -> Result<(), FrameError> {
    encode_with(unit_id, out, |out| request.encode(out))
}

/// Appends an RTU frame carrying `response`. On error nothing is appended.
pub fn encode_response(
    unit_id: u8,
    response: &Response<'_>,
    out: &mut Vec<u8>,
) -> Result<(), FrameError> {
    encode_with(unit_id, out, |out| response.encode(out))
}

/// Appends an RTU frame carrying PDU bytes as they are, unchecked except for their length
/// (1 to 253 bytes): for answers that are wrong on purpose. On error nothing is appended.
pub fn encode_pdu(unit_id: u8, pdu: &[u8], out: &mut Vec<u8>) -> Result<(), FrameError> {
    encode_with(unit_id, out, |out| {
        out.extend_from_slice(pdu);
        Ok(())
    })
}

fn encode_with(
    unit_id: u8,
    out: &mut Vec<u8>,
    write_pdu: impl FnOnce(&mut Vec<u8>) -> Result<(), FrameError>,
) -> Result<(), FrameError> {
    let start = out.len();
    out.push(unit_id);
    if let Err(error) = write_pdu(out) {
        out.truncate(start);
        return Err(error);
    }
    let pdu_len = out.len() - start - 1;
    if pdu_len == 0 {
        out.truncate(start);
        return Err(FrameError::Truncated { needed: 1, got: 0 });
    }
    if pdu_len > MAX_PDU_LEN {
        out.truncate(start);
        return Err(FrameError::PduTooLong(pdu_len));
    }
    let crc = crc16(out.get(start..).unwrap_or_default());
    out.extend_from_slice(&crc.to_le_bytes());
    Ok(())
}

/// The length of the response frame that starts `buf` (client side).
///
/// Errors on a function code whose response length this crate cannot tell, or on a
/// length beyond [`MAX_ADU_LEN`]; the reader should then wait for the line to fall silent
/// and drop what it has.
pub fn response_frame_len(buf: &[u8]) -> Result<FrameLength, FrameError> {
    let Some(&function) = buf.get(1) else {
        return Ok(FrameLength::AtLeast(MIN_RESPONSE_LEN));
    };
    if function & 0x80 != 0 {
        return Ok(FrameLength::Known(MIN_RESPONSE_LEN));
    }
    let function =
        FunctionCode::from_code(function).ok_or(FrameError::UnsupportedFunction(function))?;
    let len = match function {
        FunctionCode::ReadCoils
        | FunctionCode::ReadDiscreteInputs
        | FunctionCode::ReadHoldingRegisters
        | FunctionCode::ReadInputRegisters => match buf.get(2) {
            Some(&byte_count) => 3 + usize::from(byte_count) + CRC_LEN,
            None => return Ok(FrameLength::AtLeast(MIN_RESPONSE_LEN)),
        },
        FunctionCode::WriteSingleCoil
        | FunctionCode::WriteSingleRegister
        | FunctionCode::WriteMultipleCoils
        | FunctionCode::WriteMultipleRegisters => FIXED_FRAME_LEN,
        FunctionCode::ReadDeviceIdentification => match device_id_response_len(buf)? {
            FrameLength::Known(len) => len,
            at_least => return Ok(at_least),
        },
    };
    known(len)
}

/// Walks the objects of a device identification response as far as `buf` goes.
fn device_id_response_len(buf: &[u8]) -> Result<FrameLength, FrameError> {
    // Unit id, function, MEI type, code, conformity, more follows, next id, count.
    const OBJECTS_START: usize = 8;
    const EMPTY_LEN: usize = OBJECTS_START + CRC_LEN;
    if let Some(&mei) = buf.get(2)
        && mei != MEI_READ_DEVICE_ID
    {
        return Err(FrameError::UnsupportedMeiType(mei));
    }
    let Some(&count) = buf.get(OBJECTS_START - 1) else {
        return Ok(FrameLength::AtLeast(EMPTY_LEN));
    };
    let mut end = OBJECTS_START;
    for seen in 0..count {
        // Every object left takes at least its id and length bytes.
        let left = usize::from(count - seen);
        let Some(&len) = buf.get(end + 1) else {
            return Ok(FrameLength::AtLeast(end + 2 * left + CRC_LEN));
        };
        end += 2 + usize::from(len);
        if end + CRC_LEN > MAX_ADU_LEN {
            return Err(FrameError::PduTooLong(end - 1));
        }
    }
    Ok(FrameLength::Known(end + CRC_LEN))
}

/// The length of the request frame that starts `buf` (server side).
///
/// Errors on a function code whose request length this crate cannot tell; the server
/// should wait for the line to fall silent, then [`decode_frame`] what it has and answer
/// [`crate::pdu::ExceptionCode::IllegalFunction`].
pub fn request_frame_len(buf: &[u8]) -> Result<FrameLength, FrameError> {
    let Some(&function) = buf.get(1) else {
        return Ok(FrameLength::AtLeast(MIN_REQUEST_LEN));
    };
    let function =
        FunctionCode::from_code(function).ok_or(FrameError::UnsupportedFunction(function))?;
    let len = match function {
        FunctionCode::ReadCoils
        | FunctionCode::ReadDiscreteInputs
        | FunctionCode::ReadHoldingRegisters
        | FunctionCode::ReadInputRegisters
        | FunctionCode::WriteSingleCoil
        | FunctionCode::WriteSingleRegister => FIXED_FRAME_LEN,
        FunctionCode::WriteMultipleCoils | FunctionCode::WriteMultipleRegisters => {
            // Unit id, function, address, quantity, byte count.
            match buf.get(6) {
                Some(&byte_count) => 7 + usize::from(byte_count) + CRC_LEN,
                None => return Ok(FrameLength::AtLeast(7)),
            }
        }
        FunctionCode::ReadDeviceIdentification => match buf.get(2) {
            Some(&MEI_READ_DEVICE_ID) | None => MIN_REQUEST_LEN,
            Some(&mei) => return Err(FrameError::UnsupportedMeiType(mei)),
        },
    };
    known(len)
}

fn known(len: usize) -> Result<FrameLength, FrameError> {
    if len > MAX_ADU_LEN {
        Err(FrameError::PduTooLong(len - 1 - CRC_LEN))
    } else {
        Ok(FrameLength::Known(len))
    }
}

/// Looks for a response frame at the start of `buf` (client side).
///
/// Returns `Ok(None)` while more bytes are needed, `Ok(Some(frame))` once the frame is
/// whole and its CRC checks out (bytes after it are not looked at), and
/// [`FrameError::BadCrc`] with both CRCs when it does not.
pub fn decode_response_frame(buf: &[u8]) -> Result<Option<Frame<'_>>, FrameError> {
    decode_prefix(buf, response_frame_len(buf)?)
}

/// Looks for a request frame at the start of `buf` (server side); as
/// [`decode_response_frame`].
pub fn decode_request_frame(buf: &[u8]) -> Result<Option<Frame<'_>>, FrameError> {
    decode_prefix(buf, request_frame_len(buf)?)
}

fn decode_prefix(buf: &[u8], len: FrameLength) -> Result<Option<Frame<'_>>, FrameError> {
    match len {
        FrameLength::Known(len) => buf.get(..len).map(decode_frame).transpose(),
        FrameLength::AtLeast(_) => Ok(None),
    }
}

/// Checks and splits `frame`, taken whole: unit id, PDU, CRC. For frames delimited by the
/// line's silence, or by a length found with [`response_frame_len`] or
/// [`request_frame_len`].
pub fn decode_frame(frame: &[u8]) -> Result<Frame<'_>, FrameError> {
    if frame.len() < MIN_ADU_LEN {
        return Err(FrameError::Truncated {
            needed: MIN_ADU_LEN,
            got: frame.len(),
        });
    }
    if frame.len() > MAX_ADU_LEN {
        return Err(FrameError::PduTooLong(frame.len() - 1 - CRC_LEN));
    }
    let Some((body, crc)) = frame.split_last_chunk::<CRC_LEN>() else {
        return Err(FrameError::Truncated {
            needed: MIN_ADU_LEN,
            got: frame.len(),
        });
    };
    let expected = crc16(body);
    let got = u16::from_le_bytes(*crc);
    if expected != got {
        return Err(FrameError::BadCrc { expected, got });
    }
    let Some((&unit_id, pdu)) = body.split_first() else {
        return Err(FrameError::Truncated {
            needed: MIN_ADU_LEN,
            got: frame.len(),
        });
    };
    Ok(Frame { unit_id, pdu })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdu::{ExceptionCode, Registers};

    /// Bit-by-bit CRC-16/MODBUS, to check the table against.
    fn crc16_bitwise(data: &[u8]) -> u16 {
        let mut crc = 0xFFFF_u16;
        for &byte in data {
            crc ^= u16::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xA001
                } else {
                    crc >> 1
                };
            }
        }
        crc
    }

    #[test]
    fn the_crc_of_the_classic_read_holding_registers_request_is_0x1774() {
        assert_eq!(crc16(&[0x01, 0x03, 0x00, 0x6B, 0x00, 0x03]), 0x1774);
    }

    #[test]
    fn the_read_holding_registers_example_of_unit_17_checks_out() {
        let request = [0x11, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x76, 0x87];
        let frame = decode_request_frame(&request)
            .expect("valid")
            .expect("whole");
        assert_eq!(frame.unit_id, 0x11);
        let response = [
            0x11, 0x03, 0x06, 0xAE, 0x41, 0x56, 0x52, 0x43, 0x40, 0x49, 0xAD,
        ];
        let frame = decode_response_frame(&response)
            .expect("valid")
            .expect("whole");
        let read = Request::ReadHoldingRegisters {
            address: 107,
            quantity: 3,
        };
        assert_eq!(
            read.decode_response(frame.pdu),
            Ok(Response::ReadHoldingRegisters(Registers::from_values(&[
                0xAE41, 0x5652, 0x4340
            ])))
        );
    }

    #[test]
    fn the_crc_check_value_is_0x4b37() {
        // The CRC-16/MODBUS catalogue check value over "123456789".
        assert_eq!(crc16(b"123456789"), 0x4B37);
    }

    #[test]
    fn the_table_driven_crc_agrees_with_the_bitwise_definition() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..data.len() {
            assert_eq!(crc16(&data[..len]), crc16_bitwise(&data[..len]));
        }
    }

    #[test]
    fn a_request_frame_ends_with_its_crc_low_byte_first() {
        let mut out = Vec::new();
        encode_request(
            0x01,
            &Request::ReadHoldingRegisters {
                address: 107,
                quantity: 3,
            },
            &mut out,
        )
        .expect("encodes");
        assert_eq!(out, [0x01, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x74, 0x17]);
    }

    #[test]
    fn the_read_input_register_example_frames_decode() {
        let request = [0x11, 0x04, 0x00, 0x08, 0x00, 0x01, 0xB2, 0x98];
        let frame = decode_request_frame(&request)
            .expect("valid")
            .expect("whole");
        assert_eq!(frame.unit_id, 0x11);
        assert_eq!(
            Request::decode(frame.pdu),
            Ok(Request::ReadInputRegisters {
                address: 8,
                quantity: 1
            })
        );
        let response = [0x11, 0x04, 0x02, 0x00, 0x0A, 0xF8, 0xF4];
        assert_eq!(
            response_frame_len(&response[..3]),
            Ok(FrameLength::Known(7))
        );
        let frame = decode_response_frame(&response)
            .expect("valid")
            .expect("whole");
        assert_eq!(
            Response::decode(frame.pdu),
            Ok(Response::ReadInputRegisters(Registers::from_values(&[10])))
        );
        let mut out = Vec::new();
        encode_response(
            0x11,
            &Response::ReadInputRegisters(Registers::from_values(&[10])),
            &mut out,
        )
        .expect("encodes");
        assert_eq!(out, response);
    }

    #[test]
    fn an_exception_response_frame_is_five_bytes() {
        let mut out = Vec::new();
        let exception = Response::Exception {
            function: 0x03,
            code: ExceptionCode::IllegalDataAddress,
        };
        encode_response(0x01, &exception, &mut out).expect("encodes");
        assert_eq!(out.len(), 5);
        assert_eq!(out[..3], [0x01, 0x83, 0x02]);
        assert_eq!(response_frame_len(&out[..2]), Ok(FrameLength::Known(5)));
        let frame = decode_response_frame(&out).expect("valid").expect("whole");
        assert_eq!(Response::decode(frame.pdu), Ok(exception));
    }

    #[test]
    fn a_response_with_a_bad_crc_is_rejected_with_both_crcs() {
        let frame = [0x11, 0x04, 0x02, 0x00, 0x0A, 0xF8, 0xF5];
        assert_eq!(
            decode_response_frame(&frame),
            Err(FrameError::BadCrc {
                expected: 0xF4F8,
                got: 0xF5F8
            })
        );
    }

    #[test]
    fn a_request_with_a_bad_crc_is_rejected_with_both_crcs() {
        let frame = [0x01, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x17, 0x74];
        assert_eq!(
            decode_request_frame(&frame),
            Err(FrameError::BadCrc {
                expected: 0x1774,
                got: 0x7417
            })
        );
    }

    #[test]
    fn a_partial_frame_asks_for_more_bytes_without_reading_past_it() {
        let frame = [0x01, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x74, 0x17];
        for len in 0..frame.len() {
            assert_eq!(decode_request_frame(&frame[..len]), Ok(None), "{len} bytes");
        }
        assert_eq!(request_frame_len(&[]), Ok(FrameLength::AtLeast(7)));
        assert_eq!(request_frame_len(&frame[..2]), Ok(FrameLength::Known(8)));
        assert_eq!(response_frame_len(&[0x01]), Ok(FrameLength::AtLeast(5)));
        assert_eq!(
            response_frame_len(&[0x01, 0x03]),
            Ok(FrameLength::AtLeast(5))
        );
        assert_eq!(
            response_frame_len(&[0x01, 0x03, 0x06]),
            Ok(FrameLength::Known(11))
        );
    }

    #[test]
    fn bytes_after_a_whole_frame_are_left_alone() {
        let buf = [0x01, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x74, 0x17, 0x01, 0x03];
        let frame = decode_request_frame(&buf).expect("valid").expect("whole");
        assert_eq!(frame.adu_len(), 8);
        assert_eq!(frame.pdu, [0x03, 0x00, 0x6B, 0x00, 0x03]);
    }

    #[test]
    fn write_responses_have_a_fixed_length() {
        for function in [0x05, 0x06, 0x0F, 0x10] {
            assert_eq!(
                response_frame_len(&[0x01, function]),
                Ok(FrameLength::Known(8))
            );
        }
    }

    #[test]
    fn the_length_of_a_write_multiple_request_comes_from_its_byte_count() {
        let mut out = Vec::new();
        let values = [0x000A, 0x0102];
        encode_request(
            0x01,
            &Request::WriteMultipleRegisters {
                address: 1,
                values: Registers::from_values(&values),
            },
            &mut out,
        )
        .expect("encodes");
        assert_eq!(request_frame_len(&out[..6]), Ok(FrameLength::AtLeast(7)));
        assert_eq!(request_frame_len(&out[..7]), Ok(FrameLength::Known(13)));
        assert_eq!(out.len(), 13);
        let frame = decode_request_frame(&out).expect("valid").expect("whole");
        assert_eq!(frame.adu_len(), 13);
    }

    #[test]
    fn the_length_of_a_device_identification_response_follows_its_objects() {
        let mut pdu = vec![0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x02, 0x00, 0x03];
        pdu.extend_from_slice(b"ems");
        pdu.extend_from_slice(&[0x01, 0x02]);
        pdu.extend_from_slice(b"P1");
        let mut out = Vec::new();
        encode_pdu(0x01, &pdu, &mut out).expect("encodes");
        assert_eq!(out.len(), 1 + 16 + 2);
        assert_eq!(response_frame_len(&out[..2]), Ok(FrameLength::AtLeast(10)));
        assert_eq!(response_frame_len(&out[..8]), Ok(FrameLength::AtLeast(14)));
        assert_eq!(response_frame_len(&out[..10]), Ok(FrameLength::AtLeast(17)));
        assert_eq!(response_frame_len(&out[..15]), Ok(FrameLength::Known(19)));
        let frame = decode_response_frame(&out).expect("valid").expect("whole");
        assert!(Response::decode(frame.pdu).is_ok());
        assert_eq!(
            request_frame_len(&[0x01, 0x2B, 0x0E]),
            Ok(FrameLength::Known(7))
        );
    }

    #[test]
    fn a_device_identification_with_another_mei_type_is_refused() {
        assert_eq!(
            response_frame_len(&[0x01, 0x2B, 0x0D]),
            Err(FrameError::UnsupportedMeiType(0x0D))
        );
        assert_eq!(
            request_frame_len(&[0x01, 0x2B, 0x0D]),
            Err(FrameError::UnsupportedMeiType(0x0D))
        );
    }

    #[test]
    fn an_unknown_function_code_has_no_known_length() {
        assert_eq!(
            response_frame_len(&[0x01, 0x07]),
            Err(FrameError::UnsupportedFunction(0x07))
        );
        assert_eq!(
            request_frame_len(&[0x01, 0x83]),
            Err(FrameError::UnsupportedFunction(0x83))
        );
    }

    #[test]
    fn a_frame_delimited_by_silence_is_checked_whole() {
        let mut out = Vec::new();
        encode_pdu(0x01, &[0x07], &mut out).expect("encodes");
        let frame = decode_frame(&out).expect("valid");
        assert_eq!(frame.pdu, [0x07]);
        assert_eq!(
            Request::decode(frame.pdu),
            Err(FrameError::UnsupportedFunction(0x07))
        );
        assert_eq!(
            decode_frame(&out[..3]),
            Err(FrameError::Truncated { needed: 4, got: 3 })
        );
    }

    #[test]
    fn a_byte_count_that_would_exceed_256_bytes_is_refused() {
        assert_eq!(
            response_frame_len(&[0x01, 0x03, 0xFC]),
            Err(FrameError::PduTooLong(254))
        );
        assert_eq!(
            response_frame_len(&[0x01, 0x03, 0xFB]),
            Ok(FrameLength::Known(MAX_ADU_LEN))
        );
    }

    #[test]
    fn frames_that_are_wrong_on_purpose_can_be_built() {
        // Another unit id than the one asked, and a corrupted CRC.
        let mut out = Vec::new();
        encode_response(
            0x02,
            &Response::Exception {
                function: 0x03,
                code: ExceptionCode::ServerDeviceBusy,
            },
            &mut out,
        )
        .expect("encodes");
        if let Some(last) = out.last_mut() {
            *last ^= 0xFF;
        }
        assert!(matches!(
            decode_response_frame(&out),
            Err(FrameError::BadCrc { .. })
        ));
    }

    #[test]
    fn an_invalid_response_leaves_the_buffer_as_it_was() {
        let mut out = vec![0xAA];
        let result = encode_response(0x01, &Response::ReadCoils((&[][..]).into()), &mut out);
        assert!(result.is_err());
        assert_eq!(out, [0xAA]);
        assert_eq!(
            encode_pdu(0x01, &[0; MAX_PDU_LEN + 1], &mut out),
            Err(FrameError::PduTooLong(MAX_PDU_LEN + 1))
        );
        assert_eq!(out, [0xAA]);
    }
}
