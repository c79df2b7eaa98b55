//! Protocol data units: the function code and data shared by every Modbus transport.
//!
//! [`Request`] is what a client encodes and a server decodes; [`Response`] is what a server
//! encodes and a client decodes. Both borrow their variable-length data ([`Registers`],
//! [`Coils`], [`DeviceObjects`]) from the PDU bytes or from the caller, so decoding never
//! allocates and encoding appends to the caller's `Vec<u8>`.

mod device_id;
mod exception;
mod reader;
mod values;

pub use device_id::{
    DeviceIdentification, DeviceObject, DeviceObjectIter, DeviceObjects, ReadDeviceIdCode,
};
pub use exception::ExceptionCode;
pub use values::{CoilIter, Coils, RegisterIter, Registers};

use device_id::{MEI_READ_DEVICE_ID, read_mei_type};
use reader::Reader;

use crate::error::{FrameError, Mismatch};

/// The largest PDU the specification allows, in bytes (function code included).
pub const MAX_PDU_LEN: usize = 253;
/// The most coils or discrete inputs one read may ask for.
pub const MAX_READ_BITS: u16 = 2000;
/// The most coils one write may carry.
pub const MAX_WRITE_COILS: u16 = 1968;
/// The most registers one read may ask for.
pub const MAX_READ_REGISTERS: u16 = 125;
/// The most registers one write may carry.
pub const MAX_WRITE_REGISTERS: u16 = 123;

/// Set in the function code of an exception response.
const EXCEPTION_BIT: u8 = 0x80;
const COIL_ON: u16 = 0xFF00;
const COIL_OFF: u16 = 0x0000;

/// A function code this crate encodes and decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionCode {
    /// 0x01 Read Coils.
    ReadCoils,
    /// 0x02 Read Discrete Inputs.
    ReadDiscreteInputs,
    /// 0x03 Read Holding Registers.
    ReadHoldingRegisters,
    /// 0x04 Read Input Registers.
    ReadInputRegisters,
    /// 0x05 Write Single Coil.
    WriteSingleCoil,
    /// 0x06 Write Single Register.
    WriteSingleRegister,
    /// 0x0F Write Multiple Coils.
    WriteMultipleCoils,
    /// 0x10 Write Multiple Registers.
    WriteMultipleRegisters,
    /// 0x2B with MEI type 0x0E: Read Device Identification.
    ReadDeviceIdentification,
}

impl FunctionCode {
    /// The function for a wire byte, or `None` for one this crate does not handle
    /// (exception responses included).
    pub const fn from_code(code: u8) -> Option<Self> {
        match code {
            0x01 => Some(Self::ReadCoils),
            0x02 => Some(Self::ReadDiscreteInputs),
            0x03 => Some(Self::ReadHoldingRegisters),
            0x04 => Some(Self::ReadInputRegisters),
            0x05 => Some(Self::WriteSingleCoil),
            0x06 => Some(Self::WriteSingleRegister),
            0x0F => Some(Self::WriteMultipleCoils),
            0x10 => Some(Self::WriteMultipleRegisters),
            0x2B => Some(Self::ReadDeviceIdentification),
            _ => None,
        }
    }

    /// The wire byte of this function.
    pub const fn code(self) -> u8 {
        match self {
            Self::ReadCoils => 0x01,
            Self::ReadDiscreteInputs => 0x02,
            Self::ReadHoldingRegisters => 0x03,
            Self::ReadInputRegisters => 0x04,
            Self::WriteSingleCoil => 0x05,
            Self::WriteSingleRegister => 0x06,
            Self::WriteMultipleCoils => 0x0F,
            Self::WriteMultipleRegisters => 0x10,
            Self::ReadDeviceIdentification => 0x2B,
        }
    }

    fn read(reader: &mut Reader<'_>) -> Result<Self, FrameError> {
        let code = reader.u8()?;
        Self::from_code(code).ok_or(FrameError::UnsupportedFunction(code))
    }
}

/// A request PDU. Addresses are 0-based protocol addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request<'a> {
    /// Function 1: read 1 to 2000 coils.
    ReadCoils {
        /// First coil.
        address: u16,
        /// Number of coils.
        quantity: u16,
    },
    /// Function 2: read 1 to 2000 discrete inputs.
    ReadDiscreteInputs {
        /// First input.
        address: u16,
        /// Number of inputs.
        quantity: u16,
    },
    /// Function 3: read 1 to 125 holding registers.
    ReadHoldingRegisters {
        /// First register.
        address: u16,
        /// Number of registers.
        quantity: u16,
    },
    /// Function 4: read 1 to 125 input registers.
    ReadInputRegisters {
        /// First register.
        address: u16,
        /// Number of registers.
        quantity: u16,
    },
    /// Function 5: switch one coil on or off.
    WriteSingleCoil {
        /// The coil.
        address: u16,
        /// On (`true`, 0xFF00 on the wire) or off.
        value: bool,
    },
    /// Function 6: write one holding register.
    WriteSingleRegister {
        /// The register.
        address: u16,
        /// Its new value.
        value: u16,
    },
    /// Function 15: write 1 to 1968 coils.
    WriteMultipleCoils {
        /// First coil.
        address: u16,
        /// New states, one per coil.
        values: Coils<'a>,
    },
    /// Function 16: write 1 to 123 holding registers.
    WriteMultipleRegisters {
        /// First register.
        address: u16,
        /// New values, one per register.
        values: Registers<'a>,
    },
    /// Function 43 / MEI 14: read device identification objects.
    ReadDeviceIdentification {
        /// Which objects (basic, regular, extended stream, or one specific object).
        code: ReadDeviceIdCode,
        /// The object to start from (or the one wanted, for [`ReadDeviceIdCode::Specific`]).
        object_id: u8,
    },
}

impl<'a> Request<'a> {
    /// The function of this request.
    pub const fn function(&self) -> FunctionCode {
        match self {
            Self::ReadCoils { .. } => FunctionCode::ReadCoils,
            Self::ReadDiscreteInputs { .. } => FunctionCode::ReadDiscreteInputs,
            Self::ReadHoldingRegisters { .. } => FunctionCode::ReadHoldingRegisters,
            Self::ReadInputRegisters { .. } => FunctionCode::ReadInputRegisters,
            Self::WriteSingleCoil { .. } => FunctionCode::WriteSingleCoil,
            Self::WriteSingleRegister { .. } => FunctionCode::WriteSingleRegister,
            Self::WriteMultipleCoils { .. } => FunctionCode::WriteMultipleCoils,
            Self::WriteMultipleRegisters { .. } => FunctionCode::WriteMultipleRegisters,
            Self::ReadDeviceIdentification { .. } => FunctionCode::ReadDeviceIdentification,
        }
    }

    /// Appends the PDU to `out` after checking quantities and address ranges against the
    /// specification. On error nothing is appended.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), FrameError> {
        let function = self.function().code();
        match *self {
            Self::ReadCoils { address, quantity }
            | Self::ReadDiscreteInputs { address, quantity } => {
                let quantity = check_range(address, usize::from(quantity), MAX_READ_BITS)?;
                put_u16_pair(out, function, address, quantity);
            }
            Self::ReadHoldingRegisters { address, quantity }
            | Self::ReadInputRegisters { address, quantity } => {
                let quantity = check_range(address, usize::from(quantity), MAX_READ_REGISTERS)?;
                put_u16_pair(out, function, address, quantity);
            }
            Self::WriteSingleCoil { address, value } => {
                put_u16_pair(out, function, address, coil_word(value));
            }
            Self::WriteSingleRegister { address, value } => {
                put_u16_pair(out, function, address, value);
            }
            Self::WriteMultipleCoils { address, values } => {
                let quantity = check_range(address, values.len(), MAX_WRITE_COILS)?;
                put_u16_pair(out, function, address, quantity);
                // At most 1968 bits: 246 bytes.
                out.push(values.byte_len() as u8);
                values.write_packed(out);
            }
            Self::WriteMultipleRegisters { address, values } => {
                let quantity = check_range(address, values.len(), MAX_WRITE_REGISTERS)?;
                put_u16_pair(out, function, address, quantity);
                // At most 123 registers: 246 bytes.
                out.push((quantity * 2) as u8);
                values.write_be(out);
            }
            Self::ReadDeviceIdentification { code, object_id } => {
                out.extend_from_slice(&[function, MEI_READ_DEVICE_ID, code.code(), object_id]);
            }
        }
        Ok(())
    }

    /// Decodes a request PDU (server side), validating it as [`Request::encode`] does.
    /// [`FrameError::server_exception`] tells which exception answers a failure.
    pub fn decode(pdu: &'a [u8]) -> Result<Self, FrameError> {
        let mut reader = Reader::new(pdu);
        let function = FunctionCode::read(&mut reader)?;
        let request = match function {
            FunctionCode::ReadCoils => {
                let (address, quantity) = read_range(&mut reader, MAX_READ_BITS)?;
                Self::ReadCoils { address, quantity }
            }
            FunctionCode::ReadDiscreteInputs => {
                let (address, quantity) = read_range(&mut reader, MAX_READ_BITS)?;
                Self::ReadDiscreteInputs { address, quantity }
            }
            FunctionCode::ReadHoldingRegisters => {
                let (address, quantity) = read_range(&mut reader, MAX_READ_REGISTERS)?;
                Self::ReadHoldingRegisters { address, quantity }
            }
            FunctionCode::ReadInputRegisters => {
                let (address, quantity) = read_range(&mut reader, MAX_READ_REGISTERS)?;
                Self::ReadInputRegisters { address, quantity }
            }
            FunctionCode::WriteSingleCoil => Self::WriteSingleCoil {
                address: reader.u16()?,
                value: read_coil_value(&mut reader)?,
            },
            FunctionCode::WriteSingleRegister => Self::WriteSingleRegister {
                address: reader.u16()?,
                value: reader.u16()?,
            },
            FunctionCode::WriteMultipleCoils => {
                let (address, quantity) = read_range(&mut reader, MAX_WRITE_COILS)?;
                let bytes = read_write_data(&mut reader, quantity, quantity.div_ceil(8))?;
                Self::WriteMultipleCoils {
                    address,
                    values: Coils::from_wire(bytes, quantity),
                }
            }
            FunctionCode::WriteMultipleRegisters => {
                let (address, quantity) = read_range(&mut reader, MAX_WRITE_REGISTERS)?;
                let bytes = read_write_data(&mut reader, quantity, quantity * 2)?;
                Self::WriteMultipleRegisters {
                    address,
                    values: Registers::from_wire(bytes),
                }
            }
            FunctionCode::ReadDeviceIdentification => {
                read_mei_type(&mut reader)?;
                Self::ReadDeviceIdentification {
                    code: ReadDeviceIdCode::read(&mut reader)?,
                    object_id: reader.u8()?,
                }
            }
        };
        reader.finish()?;
        Ok(request)
    }

    /// Checks that `response` answers this request: the same function code (or its
    /// exception), as many registers or bit bytes as requested, the echo of a write, the
    /// same device identification code.
    pub fn check_response(&self, response: &Response<'_>) -> Result<(), Mismatch> {
        let expected = self.function().code();
        let got = response.function();
        if got != expected && got != expected | EXCEPTION_BIT {
            return Err(Mismatch::Function { expected, got });
        }
        match (*self, *response) {
            (Self::ReadCoils { quantity, .. }, Response::ReadCoils(bits))
            | (Self::ReadDiscreteInputs { quantity, .. }, Response::ReadDiscreteInputs(bits)) => {
                let expected = usize::from(quantity.div_ceil(8));
                let got = bits.byte_len();
                check(expected == got, Mismatch::BitByteCount { expected, got })
            }
            (
                Self::ReadHoldingRegisters { quantity, .. },
                Response::ReadHoldingRegisters(registers),
            )
            | (
                Self::ReadInputRegisters { quantity, .. },
                Response::ReadInputRegisters(registers),
            ) => {
                let got = registers.len();
                check(
                    usize::from(quantity) == got,
                    Mismatch::RegisterCount {
                        expected: quantity,
                        got,
                    },
                )
            }
            (
                Self::WriteSingleCoil { address, value },
                Response::WriteSingleCoil {
                    address: echo_address,
                    value: echo_value,
                },
            ) => check_echo(
                (address, coil_word(value)),
                (echo_address, coil_word(echo_value)),
            ),
            (
                Self::WriteSingleRegister { address, value },
                Response::WriteSingleRegister {
                    address: echo_address,
                    value: echo_value,
                },
            ) => check_echo((address, value), (echo_address, echo_value)),
            (
                Self::WriteMultipleCoils { address, values },
                Response::WriteMultipleCoils {
                    address: echo_address,
                    quantity,
                },
            ) => check_echo((address, len_u16(values.len())), (echo_address, quantity)),
            (
                Self::WriteMultipleRegisters { address, values },
                Response::WriteMultipleRegisters {
                    address: echo_address,
                    quantity,
                },
            ) => check_echo((address, len_u16(values.len())), (echo_address, quantity)),
            (
                Self::ReadDeviceIdentification { code, .. },
                Response::ReadDeviceIdentification(identification),
            ) => check(
                identification.code == code,
                Mismatch::DeviceIdCode {
                    expected: code,
                    got: identification.code,
                },
            ),
            // The function codes agree, so what is left is an exception to this request.
            _ => Ok(()),
        }
    }

    /// Decodes the response to this request (client side) and checks that it answers it
    /// ([`Request::check_response`]). Bits read are trimmed to the requested quantity.
    /// An exception response is `Ok(Response::Exception { .. })`.
    pub fn decode_response<'r>(&self, pdu: &'r [u8]) -> Result<Response<'r>, FrameError> {
        let response = Response::decode(pdu)?;
        self.check_response(&response)?;
        Ok(match (*self, response) {
            (Self::ReadCoils { quantity, .. }, Response::ReadCoils(bits)) => {
                Response::ReadCoils(bits.truncated(quantity))
            }
            (Self::ReadDiscreteInputs { quantity, .. }, Response::ReadDiscreteInputs(bits)) => {
                Response::ReadDiscreteInputs(bits.truncated(quantity))
            }
            (_, response) => response,
        })
    }
}

/// A response PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response<'a> {
    /// Function 1: the coils read. Decoded on its own, a multiple of eight bits; see
    /// [`Coils`].
    ReadCoils(Coils<'a>),
    /// Function 2: the discrete inputs read, as for [`Response::ReadCoils`].
    ReadDiscreteInputs(Coils<'a>),
    /// Function 3: the holding registers read.
    ReadHoldingRegisters(Registers<'a>),
    /// Function 4: the input registers read.
    ReadInputRegisters(Registers<'a>),
    /// Function 5: echo of the request.
    WriteSingleCoil {
        /// The coil written.
        address: u16,
        /// Its new state.
        value: bool,
    },
    /// Function 6: echo of the request.
    WriteSingleRegister {
        /// The register written.
        address: u16,
        /// Its new value.
        value: u16,
    },
    /// Function 15: address and quantity written.
    WriteMultipleCoils {
        /// First coil written.
        address: u16,
        /// Number of coils written.
        quantity: u16,
    },
    /// Function 16: address and quantity written.
    WriteMultipleRegisters {
        /// First register written.
        address: u16,
        /// Number of registers written.
        quantity: u16,
    },
    /// Function 43 / MEI 14: device identification objects.
    ReadDeviceIdentification(DeviceIdentification<'a>),
    /// An exception: the function code of the request with bit 0x80 set on the wire.
    Exception {
        /// Function code of the request, without the exception bit (any byte, so that a
        /// server can refuse functions this crate does not know).
        function: u8,
        /// Why the request failed.
        code: ExceptionCode,
    },
}

impl<'a> Response<'a> {
    /// The function code byte on the wire, exception bit included.
    pub const fn function(&self) -> u8 {
        let function = match self {
            Self::ReadCoils(_) => FunctionCode::ReadCoils,
            Self::ReadDiscreteInputs(_) => FunctionCode::ReadDiscreteInputs,
            Self::ReadHoldingRegisters(_) => FunctionCode::ReadHoldingRegisters,
            Self::ReadInputRegisters(_) => FunctionCode::ReadInputRegisters,
            Self::WriteSingleCoil { .. } => FunctionCode::WriteSingleCoil,
            Self::WriteSingleRegister { .. } => FunctionCode::WriteSingleRegister,
            Self::WriteMultipleCoils { .. } => FunctionCode::WriteMultipleCoils,
            Self::WriteMultipleRegisters { .. } => FunctionCode::WriteMultipleRegisters,
            Self::ReadDeviceIdentification(_) => FunctionCode::ReadDeviceIdentification,
            Self::Exception { function, .. } => return *function | EXCEPTION_BIT,
        };
        function.code()
    }

    /// Appends the PDU to `out` after checking it against the specification (quantities,
    /// address ranges, PDU size). On error nothing is appended.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), FrameError> {
        let function = self.function();
        match *self {
            Self::ReadCoils(bits) | Self::ReadDiscreteInputs(bits) => {
                check_quantity(bits.len(), MAX_READ_BITS)?;
                out.push(function);
                // At most 2000 bits: 250 bytes.
                out.push(bits.byte_len() as u8);
                bits.write_packed(out);
            }
            Self::ReadHoldingRegisters(registers) | Self::ReadInputRegisters(registers) => {
                let quantity = check_quantity(registers.len(), MAX_READ_REGISTERS)?;
                out.push(function);
                // At most 125 registers: 250 bytes.
                out.push((quantity * 2) as u8);
                registers.write_be(out);
            }
            Self::WriteSingleCoil { address, value } => {
                put_u16_pair(out, function, address, coil_word(value));
            }
            Self::WriteSingleRegister { address, value } => {
                put_u16_pair(out, function, address, value);
            }
            Self::WriteMultipleCoils { address, quantity } => {
                check_range(address, usize::from(quantity), MAX_WRITE_COILS)?;
                put_u16_pair(out, function, address, quantity);
            }
            Self::WriteMultipleRegisters { address, quantity } => {
                check_range(address, usize::from(quantity), MAX_WRITE_REGISTERS)?;
                put_u16_pair(out, function, address, quantity);
            }
            Self::ReadDeviceIdentification(identification) => identification.encode(out)?,
            Self::Exception { code, .. } => out.extend_from_slice(&[function, code.code()]),
        }
        Ok(())
    }

    /// Decodes a response PDU on its own (client side), validating byte counts, quantities
    /// and ranges. [`Request::decode_response`] also checks it against its request.
    pub fn decode(pdu: &'a [u8]) -> Result<Self, FrameError> {
        let mut reader = Reader::new(pdu);
        if let Some(&function) = pdu.first()
            && function & EXCEPTION_BIT != 0
        {
            reader.u8()?;
            let code = ExceptionCode::from_code(reader.u8()?);
            reader.finish()?;
            return Ok(Self::Exception {
                function: function & !EXCEPTION_BIT,
                code,
            });
        }
        let function = FunctionCode::read(&mut reader)?;
        let response = match function {
            FunctionCode::ReadCoils => Self::ReadCoils(read_bits(&mut reader)?),
            FunctionCode::ReadDiscreteInputs => Self::ReadDiscreteInputs(read_bits(&mut reader)?),
            FunctionCode::ReadHoldingRegisters => {
                Self::ReadHoldingRegisters(read_registers(&mut reader)?)
            }
            FunctionCode::ReadInputRegisters => {
                Self::ReadInputRegisters(read_registers(&mut reader)?)
            }
            FunctionCode::WriteSingleCoil => Self::WriteSingleCoil {
                address: reader.u16()?,
                value: read_coil_value(&mut reader)?,
            },
            FunctionCode::WriteSingleRegister => Self::WriteSingleRegister {
                address: reader.u16()?,
                value: reader.u16()?,
            },
            FunctionCode::WriteMultipleCoils => {
                let (address, quantity) = read_range(&mut reader, MAX_WRITE_COILS)?;
                Self::WriteMultipleCoils { address, quantity }
            }
            FunctionCode::WriteMultipleRegisters => {
                let (address, quantity) = read_range(&mut reader, MAX_WRITE_REGISTERS)?;
                Self::WriteMultipleRegisters { address, quantity }
            }
            FunctionCode::ReadDeviceIdentification => {
                Self::ReadDeviceIdentification(DeviceIdentification::decode_body(&mut reader)?)
            }
        };
        reader.finish()?;
        Ok(response)
    }
}

const fn coil_word(on: bool) -> u16 {
    if on { COIL_ON } else { COIL_OFF }
}

/// A slice length as a quantity field; lengths beyond `u16` cannot have been encoded.
fn len_u16(len: usize) -> u16 {
    u16::try_from(len).unwrap_or(u16::MAX)
}

fn put_u16_pair(out: &mut Vec<u8>, function: u8, first: u16, second: u16) {
    let [a, b] = first.to_be_bytes();
    let [c, d] = second.to_be_bytes();
    out.extend_from_slice(&[function, a, b, c, d]);
}

fn check_quantity(quantity: usize, max: u16) -> Result<u16, FrameError> {
    u16::try_from(quantity)
        .ok()
        .filter(|q| (1..=max).contains(q))
        .ok_or(FrameError::QuantityOutOfRange { quantity, max })
}

fn check_range(address: u16, quantity: usize, max: u16) -> Result<u16, FrameError> {
    let quantity = check_quantity(quantity, max)?;
    if u32::from(address) + u32::from(quantity) > 1 << 16 {
        return Err(FrameError::AddressOverflow { address, quantity });
    }
    Ok(quantity)
}

fn check(agrees: bool, mismatch: Mismatch) -> Result<(), Mismatch> {
    if agrees { Ok(()) } else { Err(mismatch) }
}

fn check_echo(expected: (u16, u16), got: (u16, u16)) -> Result<(), Mismatch> {
    check(expected == got, Mismatch::WriteEcho { expected, got })
}

fn read_range(reader: &mut Reader<'_>, max: u16) -> Result<(u16, u16), FrameError> {
    let address = reader.u16()?;
    let quantity = reader.u16()?;
    let quantity = check_range(address, usize::from(quantity), max)?;
    Ok((address, quantity))
}

fn read_coil_value(reader: &mut Reader<'_>) -> Result<bool, FrameError> {
    match reader.u16()? {
        COIL_ON => Ok(true),
        COIL_OFF => Ok(false),
        other => Err(FrameError::InvalidCoilValue(other)),
    }
}

/// Reads the byte count and data of a write request whose quantity needs `byte_count`
/// bytes.
fn read_write_data<'a>(
    reader: &mut Reader<'a>,
    quantity: u16,
    byte_count: u16,
) -> Result<&'a [u8], FrameError> {
    let declared = reader.u8()?;
    if u16::from(declared) != byte_count {
        return Err(FrameError::QuantityMismatch {
            quantity,
            byte_count: declared,
        });
    }
    reader.counted(declared)
}

fn read_bits<'a>(reader: &mut Reader<'a>) -> Result<Coils<'a>, FrameError> {
    let byte_count = reader.u8()?;
    if byte_count == 0 || u16::from(byte_count) > MAX_READ_BITS.div_ceil(8) {
        return Err(FrameError::InvalidByteCount(byte_count));
    }
    let bytes = reader.counted(byte_count)?;
    Ok(Coils::from_wire(bytes, u16::from(byte_count) * 8))
}

fn read_registers<'a>(reader: &mut Reader<'a>) -> Result<Registers<'a>, FrameError> {
    let byte_count = reader.u8()?;
    if byte_count == 0 || byte_count % 2 != 0 || u16::from(byte_count) > MAX_READ_REGISTERS * 2 {
        return Err(FrameError::InvalidByteCount(byte_count));
    }
    Ok(Registers::from_wire(reader.counted(byte_count)?))
}

#[cfg(test)]
mod tests;
