//! Modbus exception codes.

/// The exception code a server answers with instead of data.
///
/// Build it from a wire byte with [`ExceptionCode::from_code`], which never yields
/// `Unknown` for a code that has a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum ExceptionCode {
    /// 0x01: the server does not support the function.
    #[error("exception 0x01 illegal function")]
    IllegalFunction,
    /// 0x02: the address range is not valid on the server.
    #[error("exception 0x02 illegal data address")]
    IllegalDataAddress,
    /// 0x03: a value in the request is not allowed, or the request is malformed.
    #[error("exception 0x03 illegal data value")]
    IllegalDataValue,
    /// 0x04: an unrecoverable error occurred in the server.
    #[error("exception 0x04 server device failure")]
    ServerDeviceFailure,
    /// 0x05: the request was accepted and takes long; poll for completion.
    #[error("exception 0x05 acknowledge")]
    Acknowledge,
    /// 0x06: the server is busy with a long command; retry later.
    #[error("exception 0x06 server device busy")]
    ServerDeviceBusy,
    /// 0x08: the server found a parity error in its extended memory.
    #[error("exception 0x08 memory parity error")]
    MemoryParityError,
    /// 0x0A: a gateway could not allocate a path to the target.
    #[error("exception 0x0A gateway path unavailable")]
    GatewayPathUnavailable,
    /// 0x0B: a gateway got no response from the target device.
    #[error("exception 0x0B gateway target device failed to respond")]
    GatewayTargetDeviceFailedToRespond,
    /// Any other code.
    #[error("exception 0x{0:02X} unknown")]
    Unknown(u8),
}

impl ExceptionCode {
    /// The exception for a wire byte.
    pub const fn from_code(code: u8) -> Self {
        match code {
            0x01 => Self::IllegalFunction,
            0x02 => Self::IllegalDataAddress,
            0x03 => Self::IllegalDataValue,
            0x04 => Self::ServerDeviceFailure,
            0x05 => Self::Acknowledge,
            0x06 => Self::ServerDeviceBusy,
            0x08 => Self::MemoryParityError,
            0x0A => Self::GatewayPathUnavailable,
            0x0B => Self::GatewayTargetDeviceFailedToRespond,
            other => Self::Unknown(other),
        }
    }

    /// The wire byte of this exception.
    pub const fn code(self) -> u8 {
        match self {
            Self::IllegalFunction => 0x01,
            Self::IllegalDataAddress => 0x02,
            Self::IllegalDataValue => 0x03,
            Self::ServerDeviceFailure => 0x04,
            Self::Acknowledge => 0x05,
            Self::ServerDeviceBusy => 0x06,
            Self::MemoryParityError => 0x08,
            Self::GatewayPathUnavailable => 0x0A,
            Self::GatewayTargetDeviceFailedToRespond => 0x0B,
            Self::Unknown(code) => code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_survives_a_round_trip_through_an_exception_code() {
        for code in 0..=u8::MAX {
            assert_eq!(ExceptionCode::from_code(code).code(), code);
        }
    }

    #[test]
    fn named_codes_are_never_unknown() {
        for code in [1, 2, 3, 4, 5, 6, 8, 0x0A, 0x0B] {
            assert!(!matches!(
                ExceptionCode::from_code(code),
                ExceptionCode::Unknown(_)
            ));
        }
        assert_eq!(ExceptionCode::from_code(7), ExceptionCode::Unknown(7));
    }

    #[test]
    fn the_display_text_names_the_code_and_its_meaning() {
        assert_eq!(
            ExceptionCode::IllegalDataAddress.to_string(),
            "exception 0x02 illegal data address"
        );
        assert_eq!(
            ExceptionCode::GatewayTargetDeviceFailedToRespond.to_string(),
            "exception 0x0B gateway target device failed to respond"
        );
        assert_eq!(
            ExceptionCode::Unknown(0x0C).to_string(),
            "exception 0x0C unknown"
        );
    }
}
