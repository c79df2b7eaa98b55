//! PDU tests. Byte vectors marked "specification" are the examples of the Modbus
//! Application Protocol Specification V1.1b3, section 6.

use super::*;

fn encode_request(request: &Request<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    request.encode(&mut out).expect("request encodes");
    out
}

fn encode_response(response: &Response<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    response.encode(&mut out).expect("response encodes");
    out
}

/// Checks both directions of a request and of its response against wire bytes.
fn assert_exchange(
    request: Request<'_>,
    request_pdu: &[u8],
    response: Response<'_>,
    response_pdu: &[u8],
) {
    assert_eq!(encode_request(&request), request_pdu);
    assert_eq!(Request::decode(request_pdu), Ok(request));
    assert_eq!(encode_response(&response), response_pdu);
    assert_eq!(request.decode_response(response_pdu), Ok(response));
}

#[test]
fn read_coils_matches_the_specification_example() {
    let bits = [
        true, false, true, true, false, false, true, true, // 0xCD
        true, true, false, true, false, true, true, false, // 0x6B
        true, false, true, // 0x05
    ];
    assert_exchange(
        Request::ReadCoils {
            address: 19,
            quantity: 19,
        },
        &[0x01, 0x00, 0x13, 0x00, 0x13],
        Response::ReadCoils(Coils::from_values(&bits)),
        &[0x01, 0x03, 0xCD, 0x6B, 0x05],
    );
}

#[test]
fn read_discrete_inputs_matches_the_specification_example() {
    let request = Request::ReadDiscreteInputs {
        address: 196,
        quantity: 22,
    };
    let pdu = [0x02, 0x00, 0xC4, 0x00, 0x16];
    assert_eq!(encode_request(&request), pdu);
    assert_eq!(Request::decode(&pdu), Ok(request));
    let response = request
        .decode_response(&[0x02, 0x03, 0xAC, 0xDB, 0x35])
        .expect("valid response");
    let Response::ReadDiscreteInputs(bits) = response else {
        panic!("unexpected {response:?}");
    };
    assert_eq!(bits.len(), 22);
    // Inputs 197..=204 = 0xAC: 204 (bit 7) on, 197 (bit 0) off.
    assert_eq!(bits.get(0), Some(false));
    assert_eq!(bits.get(7), Some(true));
    // Inputs 213..=218 = 0x35 in the low six bits of the last byte.
    assert_eq!(bits.get(16), Some(true));
    assert_eq!(bits.get(21), Some(true));
    assert_eq!(bits.get(22), None);
}

#[test]
fn read_holding_registers_matches_the_specification_example() {
    assert_exchange(
        Request::ReadHoldingRegisters {
            address: 107,
            quantity: 3,
        },
        &[0x03, 0x00, 0x6B, 0x00, 0x03],
        Response::ReadHoldingRegisters(Registers::from_values(&[555, 0, 100])),
        &[0x03, 0x06, 0x02, 0x2B, 0x00, 0x00, 0x00, 0x64],
    );
}

#[test]
fn read_input_registers_matches_the_specification_example() {
    assert_exchange(
        Request::ReadInputRegisters {
            address: 8,
            quantity: 1,
        },
        &[0x04, 0x00, 0x08, 0x00, 0x01],
        Response::ReadInputRegisters(Registers::from_values(&[10])),
        &[0x04, 0x02, 0x00, 0x0A],
    );
}

#[test]
fn write_single_coil_matches_the_specification_example() {
    assert_exchange(
        Request::WriteSingleCoil {
            address: 172,
            value: true,
        },
        &[0x05, 0x00, 0xAC, 0xFF, 0x00],
        Response::WriteSingleCoil {
            address: 172,
            value: true,
        },
        &[0x05, 0x00, 0xAC, 0xFF, 0x00],
    );
}

#[test]
fn write_single_register_matches_the_specification_example() {
    assert_exchange(
        Request::WriteSingleRegister {
            address: 1,
            value: 3,
        },
        &[0x06, 0x00, 0x01, 0x00, 0x03],
        Response::WriteSingleRegister {
            address: 1,
            value: 3,
        },
        &[0x06, 0x00, 0x01, 0x00, 0x03],
    );
}

#[test]
fn write_multiple_coils_matches_the_specification_example() {
    // Coils 20..=29: 1 0 1 1 0 0 1 1 / 1 0.
    let bits = [
        true, false, true, true, false, false, true, true, true, false,
    ];
    assert_exchange(
        Request::WriteMultipleCoils {
            address: 19,
            values: Coils::from_values(&bits),
        },
        &[0x0F, 0x00, 0x13, 0x00, 0x0A, 0x02, 0xCD, 0x01],
        Response::WriteMultipleCoils {
            address: 19,
            quantity: 10,
        },
        &[0x0F, 0x00, 0x13, 0x00, 0x0A],
    );
}

#[test]
fn write_multiple_registers_matches_the_specification_example() {
    assert_exchange(
        Request::WriteMultipleRegisters {
            address: 1,
            values: Registers::from_values(&[0x000A, 0x0102]),
        },
        &[0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01, 0x02],
        Response::WriteMultipleRegisters {
            address: 1,
            quantity: 2,
        },
        &[0x10, 0x00, 0x01, 0x00, 0x02],
    );
}

#[test]
fn read_device_identification_matches_the_specification_example() {
    // The specification's example gives "Product code XX" a length of 0x0D; the text is
    // 15 bytes long, so the length here is 0x0F.
    let objects = [
        DeviceObject {
            id: DeviceObject::VENDOR_NAME,
            value: b"Company identification",
        },
        DeviceObject {
            id: DeviceObject::PRODUCT_CODE,
            value: b"Product code XX",
        },
        DeviceObject {
            id: DeviceObject::MAJOR_MINOR_REVISION,
            value: b"V2.11",
        },
    ];
    let mut response_pdu = vec![0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x03, 0x00, 0x16];
    response_pdu.extend_from_slice(b"Company identification");
    response_pdu.extend_from_slice(&[0x01, 0x0F]);
    response_pdu.extend_from_slice(b"Product code XX");
    response_pdu.extend_from_slice(&[0x02, 0x05]);
    response_pdu.extend_from_slice(b"V2.11");
    assert_exchange(
        Request::ReadDeviceIdentification {
            code: ReadDeviceIdCode::Basic,
            object_id: 0,
        },
        &[0x2B, 0x0E, 0x01, 0x00],
        Response::ReadDeviceIdentification(DeviceIdentification {
            code: ReadDeviceIdCode::Basic,
            conformity_level: 0x01,
            more_follows: false,
            next_object_id: 0,
            objects: DeviceObjects::from_list(&objects),
        }),
        &response_pdu,
    );
    let Ok(Response::ReadDeviceIdentification(identification)) = Response::decode(&response_pdu)
    else {
        panic!("decodes");
    };
    assert_eq!(
        identification.object(DeviceObject::MAJOR_MINOR_REVISION),
        Some(&b"V2.11"[..])
    );
}

#[test]
fn an_exception_response_matches_the_specification_example() {
    let request = Request::ReadCoils {
        address: 0x04A1,
        quantity: 1,
    };
    assert_eq!(encode_request(&request), [0x01, 0x04, 0xA1, 0x00, 0x01]);
    let exception = Response::Exception {
        function: 0x01,
        code: ExceptionCode::IllegalDataAddress,
    };
    assert_eq!(encode_response(&exception), [0x81, 0x02]);
    assert_eq!(request.decode_response(&[0x81, 0x02]), Ok(exception));
    assert_eq!(exception.function(), 0x81);
}

#[test]
fn an_exception_to_an_unknown_function_can_be_encoded_and_decoded() {
    let exception = Response::Exception {
        function: 0x07,
        code: ExceptionCode::IllegalFunction,
    };
    assert_eq!(encode_response(&exception), [0x87, 0x01]);
    assert_eq!(Response::decode(&[0x87, 0x01]), Ok(exception));
}

#[test]
fn an_unknown_exception_code_is_kept() {
    assert_eq!(
        Response::decode(&[0x83, 0x0C]),
        Ok(Response::Exception {
            function: 0x03,
            code: ExceptionCode::Unknown(0x0C),
        })
    );
}

#[test]
fn an_exception_response_with_extra_bytes_is_rejected() {
    assert_eq!(
        Response::decode(&[0x83, 0x02, 0x00]),
        Err(FrameError::TrailingBytes {
            expected: 2,
            got: 3
        })
    );
    assert_eq!(
        Response::decode(&[0x83]),
        Err(FrameError::Truncated { needed: 2, got: 1 })
    );
}

#[test]
fn every_function_code_round_trips_through_its_byte() {
    for code in 0..=u8::MAX {
        if let Some(function) = FunctionCode::from_code(code) {
            assert_eq!(function.code(), code);
        }
    }
    assert_eq!(FunctionCode::from_code(0x83), None);
}

#[test]
fn an_empty_pdu_is_truncated() {
    assert_eq!(
        Request::decode(&[]),
        Err(FrameError::Truncated { needed: 1, got: 0 })
    );
    assert_eq!(
        Response::decode(&[]),
        Err(FrameError::Truncated { needed: 1, got: 0 })
    );
}

#[test]
fn an_unsupported_function_is_named_in_the_error() {
    assert_eq!(
        Request::decode(&[0x07]),
        Err(FrameError::UnsupportedFunction(0x07))
    );
    assert_eq!(
        Response::decode(&[0x18, 0x00]),
        Err(FrameError::UnsupportedFunction(0x18))
    );
}

#[test]
fn read_quantities_are_limited_to_the_specification_ranges() {
    for (request, max) in [
        (
            Request::ReadCoils {
                address: 0,
                quantity: 2001,
            },
            MAX_READ_BITS,
        ),
        (
            Request::ReadDiscreteInputs {
                address: 0,
                quantity: 0,
            },
            MAX_READ_BITS,
        ),
        (
            Request::ReadHoldingRegisters {
                address: 0,
                quantity: 126,
            },
            MAX_READ_REGISTERS,
        ),
        (
            Request::ReadInputRegisters {
                address: 0,
                quantity: 0,
            },
            MAX_READ_REGISTERS,
        ),
    ] {
        let mut out = Vec::new();
        let Err(FrameError::QuantityOutOfRange { max: got_max, .. }) = request.encode(&mut out)
        else {
            panic!("{request:?} was accepted");
        };
        assert_eq!(got_max, max);
        assert!(out.is_empty(), "nothing is written on error");
    }
    assert!(
        Request::ReadHoldingRegisters {
            address: 0,
            quantity: 125
        }
        .encode(&mut Vec::new())
        .is_ok()
    );
    assert!(
        Request::ReadCoils {
            address: 0,
            quantity: 2000
        }
        .encode(&mut Vec::new())
        .is_ok()
    );
}

#[test]
fn a_decoded_read_request_with_too_many_registers_is_rejected() {
    assert_eq!(
        Request::decode(&[0x03, 0x00, 0x00, 0x00, 0x7E]),
        Err(FrameError::QuantityOutOfRange {
            quantity: 126,
            max: 125
        })
    );
}

#[test]
fn write_quantities_are_limited_to_the_specification_ranges() {
    let registers = [0u16; 124];
    let request = Request::WriteMultipleRegisters {
        address: 0,
        values: Registers::from_values(&registers),
    };
    assert_eq!(
        request.encode(&mut Vec::new()),
        Err(FrameError::QuantityOutOfRange {
            quantity: 124,
            max: 123
        })
    );
    let empty = Request::WriteMultipleRegisters {
        address: 0,
        values: Registers::from_values(&[]),
    };
    assert_eq!(
        empty.encode(&mut Vec::new()),
        Err(FrameError::QuantityOutOfRange {
            quantity: 0,
            max: 123
        })
    );
    let coils = [false; 1969];
    let request = Request::WriteMultipleCoils {
        address: 0,
        values: Coils::from_values(&coils),
    };
    assert_eq!(
        request.encode(&mut Vec::new()),
        Err(FrameError::QuantityOutOfRange {
            quantity: 1969,
            max: 1968
        })
    );
    let coils = [true; 1968];
    let mut out = Vec::new();
    Request::WriteMultipleCoils {
        address: 0,
        values: Coils::from_values(&coils),
    }
    .encode(&mut out)
    .expect("1968 coils fit");
    assert_eq!(out.len(), 6 + 246);
}

#[test]
fn a_range_may_end_at_address_65535_but_not_past_it() {
    let last = Request::ReadHoldingRegisters {
        address: 65535,
        quantity: 1,
    };
    assert!(last.encode(&mut Vec::new()).is_ok());
    let past = Request::ReadHoldingRegisters {
        address: 65535,
        quantity: 2,
    };
    assert_eq!(
        past.encode(&mut Vec::new()),
        Err(FrameError::AddressOverflow {
            address: 65535,
            quantity: 2
        })
    );
    assert_eq!(
        Request::decode(&[0x01, 0xFF, 0xF0, 0x00, 0x11]),
        Err(FrameError::AddressOverflow {
            address: 0xFFF0,
            quantity: 17
        })
    );
}

#[test]
fn a_write_request_whose_byte_count_disagrees_with_its_quantity_is_rejected() {
    assert_eq!(
        Request::decode(&[0x10, 0x00, 0x01, 0x00, 0x02, 0x03, 0x00, 0x0A, 0x01]),
        Err(FrameError::QuantityMismatch {
            quantity: 2,
            byte_count: 3
        })
    );
    assert_eq!(
        Request::decode(&[0x0F, 0x00, 0x13, 0x00, 0x0A, 0x01, 0xCD]),
        Err(FrameError::QuantityMismatch {
            quantity: 10,
            byte_count: 1
        })
    );
}

#[test]
fn a_write_request_whose_byte_count_disagrees_with_its_data_is_rejected() {
    assert_eq!(
        Request::decode(&[0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01]),
        Err(FrameError::ByteCountMismatch {
            declared: 4,
            actual: 3
        })
    );
}

#[test]
fn a_single_coil_value_other_than_on_or_off_is_rejected() {
    assert_eq!(
        Request::decode(&[0x05, 0x00, 0xAC, 0x00, 0x01]),
        Err(FrameError::InvalidCoilValue(0x0001))
    );
    assert_eq!(
        Response::decode(&[0x05, 0x00, 0xAC, 0xFF, 0xFF]),
        Err(FrameError::InvalidCoilValue(0xFFFF))
    );
}

#[test]
fn a_request_with_trailing_bytes_is_rejected() {
    assert_eq!(
        Request::decode(&[0x03, 0x00, 0x6B, 0x00, 0x03, 0x00]),
        Err(FrameError::TrailingBytes {
            expected: 5,
            got: 6
        })
    );
}

#[test]
fn a_truncated_request_reports_how_far_it_got() {
    assert_eq!(
        Request::decode(&[0x03, 0x00, 0x6B, 0x00]),
        Err(FrameError::Truncated { needed: 5, got: 4 })
    );
}

#[test]
fn read_responses_with_impossible_byte_counts_are_rejected() {
    assert_eq!(
        Response::decode(&[0x03, 0x00]),
        Err(FrameError::InvalidByteCount(0))
    );
    assert_eq!(
        Response::decode(&[0x03, 0x03, 0x00, 0x00, 0x00]),
        Err(FrameError::InvalidByteCount(3))
    );
    let mut too_many = vec![0x04, 252];
    too_many.extend_from_slice(&[0; 252]);
    assert_eq!(
        Response::decode(&too_many),
        Err(FrameError::InvalidByteCount(252))
    );
    let mut too_many_bits = vec![0x01, 251];
    too_many_bits.extend_from_slice(&[0; 251]);
    assert_eq!(
        Response::decode(&too_many_bits),
        Err(FrameError::InvalidByteCount(251))
    );
}

#[test]
fn a_read_response_whose_byte_count_disagrees_with_its_data_is_rejected() {
    assert_eq!(
        Response::decode(&[0x03, 0x06, 0x02, 0x2B, 0x00, 0x00]),
        Err(FrameError::ByteCountMismatch {
            declared: 6,
            actual: 4
        })
    );
    assert_eq!(
        Response::decode(&[0x01, 0x01, 0xCD, 0x6B]),
        Err(FrameError::ByteCountMismatch {
            declared: 1,
            actual: 2
        })
    );
}

#[test]
fn a_write_multiple_echo_with_an_impossible_quantity_is_rejected() {
    assert_eq!(
        Response::decode(&[0x10, 0x00, 0x01, 0x00, 0x7C]),
        Err(FrameError::QuantityOutOfRange {
            quantity: 124,
            max: 123
        })
    );
}

#[test]
fn responses_with_impossible_quantities_are_not_encoded() {
    let registers = [0u16; 126];
    let mut out = Vec::new();
    assert_eq!(
        Response::ReadHoldingRegisters(Registers::from_values(&registers)).encode(&mut out),
        Err(FrameError::QuantityOutOfRange {
            quantity: 126,
            max: 125
        })
    );
    assert_eq!(
        Response::ReadCoils(Coils::from_values(&[])).encode(&mut out),
        Err(FrameError::QuantityOutOfRange {
            quantity: 0,
            max: 2000
        })
    );
    assert!(out.is_empty());
}

#[test]
fn a_register_count_other_than_the_requested_one_is_a_mismatch() {
    let request = Request::ReadHoldingRegisters {
        address: 107,
        quantity: 3,
    };
    assert_eq!(
        request.decode_response(&[0x03, 0x04, 0x02, 0x2B, 0x00, 0x00]),
        Err(FrameError::Mismatch(Mismatch::RegisterCount {
            expected: 3,
            got: 2
        }))
    );
}

#[test]
fn a_bit_byte_count_other_than_the_requested_quantity_needs_is_a_mismatch() {
    let request = Request::ReadCoils {
        address: 19,
        quantity: 19,
    };
    assert_eq!(
        request.decode_response(&[0x01, 0x02, 0xCD, 0x6B]),
        Err(FrameError::Mismatch(Mismatch::BitByteCount {
            expected: 3,
            got: 2
        }))
    );
}

#[test]
fn a_response_to_another_function_is_a_mismatch() {
    let request = Request::ReadHoldingRegisters {
        address: 0,
        quantity: 1,
    };
    assert_eq!(
        request.decode_response(&[0x04, 0x02, 0x00, 0x0A]),
        Err(FrameError::Mismatch(Mismatch::Function {
            expected: 0x03,
            got: 0x04
        }))
    );
    assert_eq!(
        request.decode_response(&[0x84, 0x02]),
        Err(FrameError::Mismatch(Mismatch::Function {
            expected: 0x03,
            got: 0x84
        }))
    );
}

#[test]
fn a_write_echo_that_differs_from_the_request_is_a_mismatch() {
    let request = Request::WriteSingleRegister {
        address: 1,
        value: 3,
    };
    assert_eq!(
        request.check_response(&Response::WriteSingleRegister {
            address: 1,
            value: 4
        }),
        Err(Mismatch::WriteEcho {
            expected: (1, 3),
            got: (1, 4)
        })
    );
    let request = Request::WriteSingleCoil {
        address: 172,
        value: true,
    };
    assert_eq!(
        request.check_response(&Response::WriteSingleCoil {
            address: 172,
            value: false
        }),
        Err(Mismatch::WriteEcho {
            expected: (172, 0xFF00),
            got: (172, 0x0000)
        })
    );
    let values = [1, 2];
    let request = Request::WriteMultipleRegisters {
        address: 1,
        values: Registers::from_values(&values),
    };
    assert_eq!(
        request.check_response(&Response::WriteMultipleRegisters {
            address: 2,
            quantity: 2
        }),
        Err(Mismatch::WriteEcho {
            expected: (1, 2),
            got: (2, 2)
        })
    );
    let bits = [true; 3];
    let request = Request::WriteMultipleCoils {
        address: 1,
        values: Coils::from_values(&bits),
    };
    assert_eq!(
        request.check_response(&Response::WriteMultipleCoils {
            address: 1,
            quantity: 4
        }),
        Err(Mismatch::WriteEcho {
            expected: (1, 3),
            got: (1, 4)
        })
    );
}

#[test]
fn a_device_identification_for_another_code_is_a_mismatch() {
    let request = Request::ReadDeviceIdentification {
        code: ReadDeviceIdCode::Regular,
        object_id: 0,
    };
    assert_eq!(
        request.decode_response(&[0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x00]),
        Err(FrameError::Mismatch(Mismatch::DeviceIdCode {
            expected: ReadDeviceIdCode::Regular,
            got: ReadDeviceIdCode::Basic
        }))
    );
}

#[test]
fn an_exception_answers_its_own_request() {
    let request = Request::WriteMultipleRegisters {
        address: 0,
        values: Registers::from_values(&[1]),
    };
    assert_eq!(
        request.check_response(&Response::Exception {
            function: 0x10,
            code: ExceptionCode::ServerDeviceBusy
        }),
        Ok(())
    );
}

#[test]
fn device_identification_requests_with_bad_fields_are_rejected() {
    assert_eq!(
        Request::decode(&[0x2B, 0x0D, 0x01, 0x00]),
        Err(FrameError::UnsupportedMeiType(0x0D))
    );
    assert_eq!(
        Request::decode(&[0x2B, 0x0E, 0x05, 0x00]),
        Err(FrameError::InvalidDeviceIdCode(0x05))
    );
}

#[test]
fn device_identification_responses_with_bad_fields_are_rejected() {
    assert_eq!(
        Response::decode(&[0x2B, 0x0E, 0x01, 0x01, 0x01, 0x00, 0x00]),
        Err(FrameError::InvalidMoreFollows(0x01))
    );
    // Two objects announced, one present.
    assert_eq!(
        Response::decode(&[0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x02, 0x00, 0x01, b'x']),
        Err(FrameError::Truncated {
            needed: 11,
            got: 10
        })
    );
    // An object longer than the bytes left.
    assert_eq!(
        Response::decode(&[0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x05, b'x']),
        Err(FrameError::Truncated {
            needed: 14,
            got: 10
        })
    );
    // Bytes after the announced objects.
    assert_eq!(
        Response::decode(&[
            0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, b'x', 0x00
        ]),
        Err(FrameError::TrailingBytes {
            expected: 10,
            got: 11
        })
    );
}

#[test]
fn a_streamed_device_identification_carries_where_to_continue() {
    let objects = [DeviceObject {
        id: 0x80,
        value: b"private",
    }];
    let response = Response::ReadDeviceIdentification(DeviceIdentification {
        code: ReadDeviceIdCode::Extended,
        conformity_level: 0x83,
        more_follows: true,
        next_object_id: 0x81,
        objects: DeviceObjects::from_list(&objects),
    });
    let pdu = encode_response(&response);
    assert_eq!(
        pdu.get(..7),
        Some(&[0x2B, 0x0E, 0x03, 0x83, 0xFF, 0x81, 0x01][..])
    );
    assert_eq!(Response::decode(&pdu), Ok(response));
}

#[test]
fn decoding_appends_nothing_and_encoding_appends_after_existing_bytes() {
    let mut out = vec![0xAA];
    Request::ReadInputRegisters {
        address: 8,
        quantity: 1,
    }
    .encode(&mut out)
    .expect("encodes");
    assert_eq!(out, [0xAA, 0x04, 0x00, 0x08, 0x00, 0x01]);
}

#[test]
fn registers_of_a_response_copy_into_a_reused_vector() {
    let pdu = [0x03, 0x06, 0x02, 0x2B, 0x00, 0x00, 0x00, 0x64];
    let Ok(Response::ReadHoldingRegisters(registers)) = Response::decode(&pdu) else {
        panic!("decodes");
    };
    let mut values = Vec::with_capacity(125);
    registers.copy_into(&mut values);
    assert_eq!(values, [555, 0, 100]);
}
