//! Errors of a link and how each one is handled.

use ems_modbus::FrameError;
use ems_modbus::pdu::ExceptionCode;
use std::io;

/// How a failure should be treated by the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Likely to pass on the next poll (a lost frame, a busy device): retry at the normal rate.
    Transient,
    /// The device or link is away: retry with growing back-off.
    BackOff,
    /// Retrying cannot help until the configuration changes (the profile does not match the
    /// device): keep retrying slowly, and say so in the status.
    Permanent,
}

/// Why one request on a link failed.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// No (valid) answer within the timeout.
    #[error("no answer within {timeout_ms} ms")]
    Timeout {
        /// The timeout that expired.
        timeout_ms: u64,
    },
    /// The connection could not be opened.
    #[error("cannot connect to {target}: {cause}")]
    Connect {
        /// The address or port.
        target: String,
        /// The operating system's error (part of the message, so not a separate source).
        cause: io::Error,
    },
    /// The connection failed while in use.
    #[error("connection to {target} failed: {cause}")]
    Io {
        /// The address or port.
        target: String,
        /// The operating system's error (part of the message, so not a separate source).
        cause: io::Error,
    },
    /// The connection was closed by the other side.
    #[error("connection to {target} closed by the peer")]
    Closed {
        /// The address or port.
        target: String,
    },
    /// The device answered with a Modbus exception.
    #[error("device answered {0}")]
    Exception(ExceptionCode),
    /// The answer was malformed (bad CRC, wrong length, wrong function).
    #[error("malformed answer: {0}")]
    Frame(#[from] FrameError),
    /// The answer came from another unit than the one asked.
    #[error("answer from unit {got} to a request for unit {expected}")]
    WrongUnit {
        /// The unit asked.
        expected: u8,
        /// The unit that answered.
        got: u8,
    },
}

impl TransportError {
    /// How the scheduler treats this failure.
    pub fn class(&self) -> ErrorClass {
        match self {
            TransportError::Timeout { .. }
            | TransportError::Frame(_)
            | TransportError::WrongUnit { .. } => ErrorClass::Transient,
            TransportError::Connect { .. }
            | TransportError::Io { .. }
            | TransportError::Closed { .. } => ErrorClass::BackOff,
            TransportError::Exception(code) => match code {
                ExceptionCode::IllegalFunction
                | ExceptionCode::IllegalDataAddress
                | ExceptionCode::IllegalDataValue => ErrorClass::Permanent,
                _ => ErrorClass::Transient,
            },
        }
    }

    /// True when the connection can no longer be trusted to be in step (a reply may still be
    /// on its way, or the stream is broken) and must be reset before the next request.
    pub fn desynchronises(&self) -> bool {
        !matches!(self, TransportError::Exception(_))
    }
}
