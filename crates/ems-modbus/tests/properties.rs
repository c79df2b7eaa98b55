//! Properties of the codec over generated input: decoding never panics, encoding then
//! decoding gives back what was encoded, on its own and inside TCP and RTU frames.

use ems_modbus::FrameError;
use ems_modbus::pdu::{
    Coils, DeviceIdentification, DeviceObject, DeviceObjects, ExceptionCode, MAX_READ_BITS,
    MAX_READ_REGISTERS, MAX_WRITE_COILS, MAX_WRITE_REGISTERS, ReadDeviceIdCode, Registers, Request,
    Response,
};
use ems_modbus::{rtu, tcp};
use proptest::prelude::*;

/// A request with owned data, to borrow a [`Request`] from.
#[derive(Debug, Clone)]
enum OwnedRequest {
    Read {
        function: u8,
        address: u16,
        quantity: u16,
    },
    WriteCoil {
        address: u16,
        value: bool,
    },
    WriteRegister {
        address: u16,
        value: u16,
    },
    WriteCoils {
        address: u16,
        values: Vec<bool>,
    },
    WriteRegisters {
        address: u16,
        values: Vec<u16>,
    },
    DeviceId {
        code: ReadDeviceIdCode,
        object_id: u8,
    },
}

impl OwnedRequest {
    fn request(&self) -> Request<'_> {
        match *self {
            Self::Read {
                function,
                address,
                quantity,
            } => match function {
                1 => Request::ReadCoils { address, quantity },
                2 => Request::ReadDiscreteInputs { address, quantity },
                3 => Request::ReadHoldingRegisters { address, quantity },
                _ => Request::ReadInputRegisters { address, quantity },
            },
            Self::WriteCoil { address, value } => Request::WriteSingleCoil { address, value },
            Self::WriteRegister { address, value } => {
                Request::WriteSingleRegister { address, value }
            }
            Self::WriteCoils {
                address,
                ref values,
            } => Request::WriteMultipleCoils {
                address,
                values: Coils::from_values(values),
            },
            Self::WriteRegisters {
                address,
                ref values,
            } => Request::WriteMultipleRegisters {
                address,
                values: Registers::from_values(values),
            },
            Self::DeviceId { code, object_id } => {
                Request::ReadDeviceIdentification { code, object_id }
            }
        }
    }
}

/// A response with owned data, to borrow a [`Response`] from.
#[derive(Debug, Clone)]
enum OwnedResponse {
    Bits {
        discrete: bool,
        values: Vec<bool>,
    },
    Registers {
        input: bool,
        values: Vec<u16>,
    },
    WriteCoil {
        address: u16,
        value: bool,
    },
    WriteRegister {
        address: u16,
        value: u16,
    },
    WriteCoils {
        address: u16,
        quantity: u16,
    },
    WriteRegisters {
        address: u16,
        quantity: u16,
    },
    DeviceId {
        code: ReadDeviceIdCode,
        conformity_level: u8,
        more_follows: bool,
        next_object_id: u8,
        objects: Vec<(u8, Vec<u8>)>,
    },
    Exception {
        function: u8,
        code: u8,
    },
}

impl OwnedResponse {
    /// Borrows the response; device objects need a list to point into.
    fn with_response<T>(&self, f: impl FnOnce(Response<'_>) -> T) -> T {
        match self {
            Self::Bits { discrete, values } => {
                let bits = Coils::from_values(values);
                f(if *discrete {
                    Response::ReadDiscreteInputs(bits)
                } else {
                    Response::ReadCoils(bits)
                })
            }
            Self::Registers { input, values } => {
                let registers = Registers::from_values(values);
                f(if *input {
                    Response::ReadInputRegisters(registers)
                } else {
                    Response::ReadHoldingRegisters(registers)
                })
            }
            &Self::WriteCoil { address, value } => f(Response::WriteSingleCoil { address, value }),
            &Self::WriteRegister { address, value } => {
                f(Response::WriteSingleRegister { address, value })
            }
            &Self::WriteCoils { address, quantity } => {
                f(Response::WriteMultipleCoils { address, quantity })
            }
            &Self::WriteRegisters { address, quantity } => {
                f(Response::WriteMultipleRegisters { address, quantity })
            }
            Self::DeviceId {
                code,
                conformity_level,
                more_follows,
                next_object_id,
                objects,
            } => {
                let list: Vec<DeviceObject<'_>> = objects
                    .iter()
                    .map(|(id, value)| DeviceObject { id: *id, value })
                    .collect();
                f(Response::ReadDeviceIdentification(DeviceIdentification {
                    code: *code,
                    conformity_level: *conformity_level,
                    more_follows: *more_follows,
                    next_object_id: *next_object_id,
                    objects: DeviceObjects::from_list(&list),
                }))
            }
            &Self::Exception { function, code } => f(Response::Exception {
                function,
                code: ExceptionCode::from_code(code),
            }),
        }
    }

    /// The request a response of this shape answers, when one can be told.
    fn bit_request(&self) -> Option<OwnedRequest> {
        match self {
            Self::Bits { discrete, values } => Some(OwnedRequest::Read {
                function: if *discrete { 2 } else { 1 },
                address: 0,
                // At most 2000 bits.
                quantity: values.len() as u16,
            }),
            _ => None,
        }
    }
}

/// An address and quantity within limits, the range ending at or before 65535.
fn range(max: u16) -> impl Strategy<Value = (u16, u16)> {
    (1..=max).prop_flat_map(|quantity| (start_for(quantity), Just(quantity)))
}

/// A first address for `len` (at least 1) consecutive items ending at or before 65535.
fn start_for(len: u16) -> impl Strategy<Value = u16> {
    0..=u16::MAX - (len - 1)
}

fn read_device_id_code() -> impl Strategy<Value = ReadDeviceIdCode> {
    prop_oneof![
        Just(ReadDeviceIdCode::Basic),
        Just(ReadDeviceIdCode::Regular),
        Just(ReadDeviceIdCode::Extended),
        Just(ReadDeviceIdCode::Specific),
    ]
}

fn valid_request() -> impl Strategy<Value = OwnedRequest> {
    prop_oneof![
        (1..=2u8, range(MAX_READ_BITS)).prop_map(|(function, (address, quantity))| {
            OwnedRequest::Read {
                function,
                address,
                quantity,
            }
        }),
        (3..=4u8, range(MAX_READ_REGISTERS)).prop_map(|(function, (address, quantity))| {
            OwnedRequest::Read {
                function,
                address,
                quantity,
            }
        }),
        (any::<u16>(), any::<bool>())
            .prop_map(|(address, value)| OwnedRequest::WriteCoil { address, value }),
        (any::<u16>(), any::<u16>())
            .prop_map(|(address, value)| OwnedRequest::WriteRegister { address, value }),
        prop::collection::vec(any::<bool>(), 1..=usize::from(MAX_WRITE_COILS))
            .prop_flat_map(|values| (start_for(values.len() as u16), Just(values))
                .prop_map(|(address, values)| OwnedRequest::WriteCoils { address, values })),
        prop::collection::vec(any::<u16>(), 1..=usize::from(MAX_WRITE_REGISTERS))
            .prop_flat_map(|values| (start_for(values.len() as u16), Just(values))
                .prop_map(|(address, values)| OwnedRequest::WriteRegisters { address, values })),
        (read_device_id_code(), any::<u8>())
            .prop_map(|(code, object_id)| OwnedRequest::DeviceId { code, object_id }),
    ]
}

fn valid_response() -> impl Strategy<Value = OwnedResponse> {
    prop_oneof![
        (
            any::<bool>(),
            prop::collection::vec(any::<bool>(), 1..=usize::from(MAX_READ_BITS))
        )
            .prop_map(|(discrete, values)| OwnedResponse::Bits { discrete, values }),
        (
            any::<bool>(),
            prop::collection::vec(any::<u16>(), 1..=usize::from(MAX_READ_REGISTERS))
        )
            .prop_map(|(input, values)| OwnedResponse::Registers { input, values }),
        (any::<u16>(), any::<bool>())
            .prop_map(|(address, value)| OwnedResponse::WriteCoil { address, value }),
        (any::<u16>(), any::<u16>())
            .prop_map(|(address, value)| OwnedResponse::WriteRegister { address, value }),
        range(MAX_WRITE_COILS)
            .prop_map(|(address, quantity)| OwnedResponse::WriteCoils { address, quantity }),
        range(MAX_WRITE_REGISTERS)
            .prop_map(|(address, quantity)| OwnedResponse::WriteRegisters { address, quantity }),
        (
            read_device_id_code(),
            any::<u8>(),
            any::<bool>(),
            any::<u8>(),
            prop::collection::vec(
                (any::<u8>(), prop::collection::vec(any::<u8>(), 0..=40)),
                0..=5
            ),
        )
            .prop_map(
                |(code, conformity_level, more_follows, next_object_id, objects)| {
                    OwnedResponse::DeviceId {
                        code,
                        conformity_level,
                        more_follows,
                        next_object_id,
                        objects,
                    }
                }
            ),
        (0..=0x7Fu8, any::<u8>())
            .prop_map(|(function, code)| OwnedResponse::Exception { function, code }),
    ]
}

fn decode_like_a_client<'r>(
    owned: &OwnedResponse,
    pdu: &'r [u8],
) -> Result<Response<'r>, FrameError> {
    match owned.bit_request() {
        Some(request) => request.request().decode_response(pdu),
        None => Response::decode(pdu),
    }
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..300)
}

/// Arbitrary bytes with a valid CRC, to get past the RTU check into the length logic.
fn rtu_frame_with_crc() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 2..260).prop_map(|mut frame| {
        let crc = rtu::crc16(&frame);
        frame.extend_from_slice(&crc.to_le_bytes());
        frame
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(buf in bytes()) {
        let _ = Request::decode(&buf);
        let _ = Response::decode(&buf);
        let _ = tcp::decode_frame(&buf);
        let _ = rtu::decode_frame(&buf);
        let _ = rtu::request_frame_len(&buf);
        let _ = rtu::response_frame_len(&buf);
        let _ = rtu::decode_request_frame(&buf);
        let _ = rtu::decode_response_frame(&buf);
    }

    #[test]
    fn decoding_arbitrary_frames_with_a_valid_crc_never_panics(frame in rtu_frame_with_crc()) {
        if let Ok(frame) = rtu::decode_frame(&frame) {
            let _ = Request::decode(frame.pdu);
            let _ = Response::decode(frame.pdu);
        }
        let _ = rtu::decode_request_frame(&frame);
        let _ = rtu::decode_response_frame(&frame);
    }

    #[test]
    fn decoding_arbitrary_bytes_as_the_answer_to_a_request_never_panics(
        owned in valid_request(),
        buf in bytes(),
    ) {
        let _ = owned.request().decode_response(&buf);
    }

    #[test]
    fn a_pdu_that_decodes_encodes_back_to_the_same_bytes(buf in bytes()) {
        if let Ok(request) = Request::decode(&buf) {
            let mut out = Vec::new();
            request.encode(&mut out).expect("a decoded request encodes");
            prop_assert_eq!(&out, &buf);
        }
        if let Ok(response) = Response::decode(&buf) {
            let mut out = Vec::new();
            response.encode(&mut out).expect("a decoded response encodes");
            prop_assert_eq!(&out, &buf);
        }
    }

    #[test]
    fn a_pdu_that_decodes_from_a_plausible_start_encodes_back_to_the_same_bytes(
        function in prop_oneof![1..=6u8, 15..=16u8, Just(43u8), 0x80..=0xFFu8],
        tail in prop::collection::vec(any::<u8>(), 0..12),
    ) {
        let mut buf = vec![function];
        buf.extend_from_slice(&tail);
        if let Ok(request) = Request::decode(&buf) {
            let mut out = Vec::new();
            request.encode(&mut out).expect("a decoded request encodes");
            prop_assert_eq!(&out, &buf);
        }
        if let Ok(response) = Response::decode(&buf) {
            let mut out = Vec::new();
            response.encode(&mut out).expect("a decoded response encodes");
            prop_assert_eq!(&out, &buf);
        }
    }

    #[test]
    fn a_request_decodes_to_itself_alone_and_in_tcp_and_rtu_frames(
        owned in valid_request(),
        transaction_id in any::<u16>(),
        unit_id in any::<u8>(),
    ) {
        let request = owned.request();
        let mut pdu = Vec::new();
        request.encode(&mut pdu).expect("a valid request encodes");
        prop_assert_eq!(Request::decode(&pdu), Ok(request));

        let header = tcp::Header { transaction_id, unit_id };
        let mut adu = Vec::new();
        tcp::encode_request(header, &request, &mut adu).expect("encodes");
        let frame = tcp::decode_frame(&adu).expect("valid").expect("whole");
        prop_assert_eq!(frame.header, header);
        prop_assert_eq!(frame.adu_len(), adu.len());
        prop_assert_eq!(Request::decode(frame.pdu), Ok(request));

        let mut adu = Vec::new();
        rtu::encode_request(unit_id, &request, &mut adu).expect("encodes");
        let frame = rtu::decode_request_frame(&adu).expect("valid").expect("whole");
        prop_assert_eq!(frame.unit_id, unit_id);
        prop_assert_eq!(frame.adu_len(), adu.len());
        prop_assert_eq!(Request::decode(frame.pdu), Ok(request));
    }

    #[test]
    fn a_response_decodes_to_itself_alone_and_in_tcp_and_rtu_frames(
        owned in valid_response(),
        transaction_id in any::<u16>(),
        unit_id in any::<u8>(),
    ) {
        owned.with_response(|response| -> Result<(), TestCaseError> {
            let mut pdu = Vec::new();
            response.encode(&mut pdu).expect("a valid response encodes");
            prop_assert_eq!(decode_like_a_client(&owned, &pdu), Ok(response));

            let header = tcp::Header { transaction_id, unit_id };
            let mut adu = Vec::new();
            tcp::encode_response(header, &response, &mut adu).expect("encodes");
            let frame = tcp::decode_frame(&adu).expect("valid").expect("whole");
            prop_assert_eq!(frame.header, header);
            prop_assert_eq!(decode_like_a_client(&owned, frame.pdu), Ok(response));

            let mut adu = Vec::new();
            rtu::encode_response(unit_id, &response, &mut adu).expect("encodes");
            let frame = rtu::decode_response_frame(&adu).expect("valid").expect("whole");
            prop_assert_eq!(frame.unit_id, unit_id);
            prop_assert_eq!(frame.adu_len(), adu.len());
            prop_assert_eq!(decode_like_a_client(&owned, frame.pdu), Ok(response));
            Ok(())
        })?;
    }

    #[test]
    fn the_rtu_length_of_a_request_never_overshoots_and_ends_known(
        owned in valid_request(),
        unit_id in any::<u8>(),
    ) {
        let mut adu = Vec::new();
        rtu::encode_request(unit_id, &owned.request(), &mut adu).expect("encodes");
        for len in 0..adu.len() {
            let prefix = &adu[..len];
            match rtu::request_frame_len(prefix).expect("a valid prefix") {
                rtu::FrameLength::AtLeast(n) => prop_assert!(n > len && n <= adu.len()),
                rtu::FrameLength::Known(n) => prop_assert_eq!(n, adu.len()),
            }
            prop_assert_eq!(rtu::decode_request_frame(prefix), Ok(None));
        }
        prop_assert_eq!(rtu::request_frame_len(&adu), Ok(rtu::FrameLength::Known(adu.len())));
    }

    #[test]
    fn the_rtu_length_of_a_response_never_overshoots_and_ends_known(
        owned in valid_response(),
        unit_id in any::<u8>(),
    ) {
        owned.with_response(|response| -> Result<(), TestCaseError> {
            let mut adu = Vec::new();
            rtu::encode_response(unit_id, &response, &mut adu).expect("encodes");
            for len in 0..adu.len() {
                let prefix = &adu[..len];
                match rtu::response_frame_len(prefix).expect("a valid prefix") {
                    rtu::FrameLength::AtLeast(n) => prop_assert!(n > len && n <= adu.len()),
                    rtu::FrameLength::Known(n) => prop_assert_eq!(n, adu.len()),
                }
                prop_assert_eq!(rtu::decode_response_frame(prefix), Ok(None));
            }
            prop_assert_eq!(
                rtu::response_frame_len(&adu),
                Ok(rtu::FrameLength::Known(adu.len()))
            );
            Ok(())
        })?;
    }

    #[test]
    fn every_prefix_of_a_tcp_frame_asks_for_more_bytes(
        owned in valid_request(),
        transaction_id in any::<u16>(),
        unit_id in any::<u8>(),
    ) {
        let mut adu = Vec::new();
        tcp::encode_request(tcp::Header { transaction_id, unit_id }, &owned.request(), &mut adu)
            .expect("encodes");
        for len in 0..adu.len() {
            prop_assert_eq!(tcp::decode_frame(&adu[..len]), Ok(None));
        }
    }

    #[test]
    fn any_single_bit_error_in_an_rtu_frame_is_detected(
        owned in valid_request(),
        unit_id in any::<u8>(),
        bit in any::<prop::sample::Index>(),
    ) {
        let mut adu = Vec::new();
        rtu::encode_request(unit_id, &owned.request(), &mut adu).expect("encodes");
        let bit = bit.index(adu.len() * 8);
        adu[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(rtu::decode_frame(&adu).is_err());
    }
}
