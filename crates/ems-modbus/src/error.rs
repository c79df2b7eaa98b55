//! The errors of encoding, decoding and matching frames.

use crate::pdu::{ExceptionCode, ReadDeviceIdCode};

/// Why bytes could not be encoded into, or decoded from, a Modbus PDU or frame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// The PDU or frame ends before a field it must contain.
    #[error("truncated: at least {needed} bytes needed, {got} present")]
    Truncated {
        /// Bytes needed to read up to and including the missing field.
        needed: usize,
        /// Bytes present.
        got: usize,
    },
    /// The PDU goes on after its last field.
    #[error("{got} bytes where the PDU ends after {expected}")]
    TrailingBytes {
        /// Length of the PDU as implied by its fields.
        expected: usize,
        /// Length present.
        got: usize,
    },
    /// The function code is not one this crate handles (a server answers it with
    /// [`ExceptionCode::IllegalFunction`]).
    #[error("unsupported function code 0x{0:02X}")]
    UnsupportedFunction(u8),
    /// Function 43 with a MEI type other than 14 (Read Device Identification).
    #[error("unsupported MEI type 0x{0:02X}")]
    UnsupportedMeiType(u8),
    /// A quantity of coils or registers outside the range the specification allows.
    #[error("quantity {quantity} outside 1..={max}")]
    QuantityOutOfRange {
        /// The quantity asked for or found.
        quantity: usize,
        /// The largest quantity allowed for this function.
        max: u16,
    },
    /// The addressed range goes past address 65535.
    #[error("address {address} with quantity {quantity} goes past address 65535")]
    AddressOverflow {
        /// First address.
        address: u16,
        /// Number of coils or registers.
        quantity: u16,
    },
    /// The byte count field disagrees with the number of data bytes that follow it.
    #[error("byte count {declared} but {actual} data bytes follow")]
    ByteCountMismatch {
        /// The byte count field.
        declared: u8,
        /// Data bytes present after it.
        actual: usize,
    },
    /// The byte count field of a write request disagrees with its quantity field.
    #[error("byte count {byte_count} does not fit quantity {quantity}")]
    QuantityMismatch {
        /// The quantity field.
        quantity: u16,
        /// The byte count field.
        byte_count: u8,
    },
    /// The byte count of a read response cannot answer any valid request (zero, odd for
    /// registers, or more than 250).
    #[error("invalid byte count {0}")]
    InvalidByteCount(u8),
    /// A single-coil value other than 0xFF00 (on) or 0x0000 (off).
    #[error("invalid coil value 0x{0:04X}, expected 0xFF00 or 0x0000")]
    InvalidCoilValue(u16),
    /// A Read Device ID code other than 1 to 4.
    #[error("invalid read device id code 0x{0:02X}")]
    InvalidDeviceIdCode(u8),
    /// A More Follows field other than 0x00 or 0xFF.
    #[error("invalid more-follows flag 0x{0:02X}")]
    InvalidMoreFollows(u8),
    /// The PDU would exceed the 253 bytes a Modbus PDU may hold.
    #[error("PDU of {0} bytes exceeds the 253-byte limit")]
    PduTooLong(usize),
    /// An RTU frame whose CRC does not match its contents.
    #[error("bad CRC: computed 0x{expected:04X}, frame carries 0x{got:04X}")]
    BadCrc {
        /// CRC computed over the received unit id and PDU.
        expected: u16,
        /// CRC carried by the frame.
        got: u16,
    },
    /// An MBAP header whose protocol id is not 0 (Modbus).
    #[error("MBAP protocol id {0}, only 0 (Modbus) is accepted")]
    BadProtocolId(u16),
    /// An MBAP length field outside 2..=254 (unit id plus a PDU of 1 to 253 bytes).
    #[error("MBAP length {0} outside 2..=254")]
    BadLength(u16),
    /// A well-formed response that does not answer the request it was read for.
    #[error("response does not match the request: {0}")]
    Mismatch(#[from] Mismatch),
}

impl FrameError {
    /// The exception a server answers a request with when decoding it failed with this
    /// error, or `None` when it must stay silent (bad CRC, broken MBAP header: the frame
    /// cannot be trusted to be a request for this server).
    pub const fn server_exception(&self) -> Option<ExceptionCode> {
        match self {
            Self::UnsupportedFunction(_) | Self::UnsupportedMeiType(_) => {
                Some(ExceptionCode::IllegalFunction)
            }
            Self::AddressOverflow { .. } => Some(ExceptionCode::IllegalDataAddress),
            Self::Truncated { .. }
            | Self::TrailingBytes { .. }
            | Self::QuantityOutOfRange { .. }
            | Self::ByteCountMismatch { .. }
            | Self::QuantityMismatch { .. }
            | Self::InvalidByteCount(_)
            | Self::InvalidCoilValue(_)
            | Self::InvalidDeviceIdCode(_)
            | Self::InvalidMoreFollows(_) => Some(ExceptionCode::IllegalDataValue),
            Self::PduTooLong(_)
            | Self::BadCrc { .. }
            | Self::BadProtocolId(_)
            | Self::BadLength(_)
            | Self::Mismatch(_) => None,
        }
    }
}

/// How a well-formed response fails to answer a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    /// The response carries another function code (nor its exception).
    #[error("function 0x{got:02X} answers a request with function 0x{expected:02X}")]
    Function {
        /// Function code of the request.
        expected: u8,
        /// Function code of the response, exception bit included.
        got: u8,
    },
    /// A register read returned another number of registers than requested.
    #[error("{got} registers returned, {expected} requested")]
    RegisterCount {
        /// Registers requested.
        expected: u16,
        /// Registers returned.
        got: usize,
    },
    /// A coil or discrete-input read returned another number of bytes than the requested
    /// quantity needs.
    #[error("{got} bytes of bits returned, {expected} needed")]
    BitByteCount {
        /// Bytes needed for the requested quantity.
        expected: usize,
        /// Bytes returned.
        got: usize,
    },
    /// A write response does not echo the request: (address, value) for single writes,
    /// (address, quantity) for multiple writes; single coils as 0xFF00 or 0x0000.
    #[error("write echo (address {}, {}) differs from the request (address {}, {})", got.0, got.1, expected.0, expected.1)]
    WriteEcho {
        /// (address, value or quantity) of the request.
        expected: (u16, u16),
        /// (address, value or quantity) of the response.
        got: (u16, u16),
    },
    /// A device identification response for another Read Device ID code.
    #[error("device identification code {got:?} answers a request for {expected:?}")]
    DeviceIdCode {
        /// Code of the request.
        expected: ReadDeviceIdCode,
        /// Code of the response.
        got: ReadDeviceIdCode,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_errors_map_to_the_exception_the_specification_prescribes() {
        assert_eq!(
            FrameError::UnsupportedFunction(0x07).server_exception(),
            Some(ExceptionCode::IllegalFunction)
        );
        assert_eq!(
            FrameError::AddressOverflow {
                address: 65535,
                quantity: 2
            }
            .server_exception(),
            Some(ExceptionCode::IllegalDataAddress)
        );
        assert_eq!(
            FrameError::QuantityOutOfRange {
                quantity: 126,
                max: 125
            }
            .server_exception(),
            Some(ExceptionCode::IllegalDataValue)
        );
    }

    #[test]
    fn a_server_stays_silent_on_frames_it_cannot_trust() {
        assert_eq!(
            FrameError::BadCrc {
                expected: 1,
                got: 2
            }
            .server_exception(),
            None
        );
        assert_eq!(FrameError::BadProtocolId(1).server_exception(), None);
    }

    #[test]
    fn a_bad_crc_message_names_both_crcs() {
        let text = FrameError::BadCrc {
            expected: 0x1774,
            got: 0x1775,
        }
        .to_string();
        assert_eq!(text, "bad CRC: computed 0x1774, frame carries 0x1775");
    }
}
