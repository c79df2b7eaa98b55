//! Modbus frames and PDUs: encoding, decoding and checking, without I/O.
//!
//! This crate knows bytes and frames and nothing of the rest of ems. It serves both the
//! Modbus client of acquisition (TCP, RTU on a serial line, RTU over a TCP socket) and the
//! Modbus server of the simulator.
//!
//! Design decisions:
//! - **Sans-IO.** Nothing here reads or writes a socket or a port, sleeps or keeps time.
//!   Encoders append to the caller's `Vec<u8>`; decoders look at the bytes the caller has
//!   so far and say "need more" (`Ok(None)`, or [`rtu::FrameLength::AtLeast`]), "here is a
//!   frame and its length", or why the bytes are wrong. Timeouts, inter-frame gaps and
//!   reconnection belong to the caller.
//! - **No allocation on the hot path.** Decoded frames and PDUs borrow from the input:
//!   [`pdu::Registers`], [`pdu::Coils`] and [`pdu::DeviceObjects`] are views over the wire
//!   bytes, copied into a caller's reused `Vec` with `copy_into` or iterated in place. The
//!   same views wrap the caller's `&[u16]`, `&[bool]` or object list for encoding, so a
//!   request or response is built without copying either. Encoding reuses the capacity of
//!   the output `Vec`.
//! - **Everything is validated, nothing panics.** Decoding any bytes returns a value or a
//!   typed [`FrameError`]. Checked: function codes, quantities within the specification's
//!   limits (1..=2000 bits and 1..=125 registers read, 1..=1968 coils and 1..=123
//!   registers written), address ranges ending at or before 65535, byte counts against
//!   quantities and against the data present, single-coil values, exact PDU lengths,
//!   the 253-byte PDU limit, the MBAP protocol id and length, the RTU CRC. Encoding checks
//!   the same rules, so a valid request or response cannot be encoded wrong; answers that
//!   are wrong on purpose (a simulator's faults) are built from raw PDU bytes with
//!   [`tcp::encode_pdu`] and [`rtu::encode_pdu`], or by altering an encoded frame.
//! - **Responses are checked against their request.** [`pdu::Request::decode_response`]
//!   rejects a response to another function, with another register count or another
//!   write echo ([`Mismatch`]). Matching transaction and unit ids ([`tcp::Frame::header`],
//!   [`rtu::Frame::unit_id`]) is the caller's, who knows what it sent.
//! - **Servers get the exception to answer.** [`FrameError::server_exception`] maps a
//!   request that failed to decode to the exception code the specification prescribes.
//!
//! Supported functions: 1, 2, 3, 4, 5, 6, 15, 16 and 43/14 (Read Device Identification).

pub mod pdu;
pub mod rtu;
pub mod tcp;

mod error;

pub use error::{FrameError, Mismatch};
