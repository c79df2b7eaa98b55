//! The simulator on the wire: served with the `ems-modbus` codec as the client, over in-memory
//! duplex streams (with paused time where faults delay or withhold answers), loopback TCP and a
//! pseudo-terminal pair.

// Helpers outside #[test] functions panic on purpose when the simulator misbehaves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems_modbus::pdu::{ExceptionCode, Registers, Request, Response};
use ems_modbus::{FrameError, rtu, tcp};
use ems_model::{Clock, ManualClock, Point, Value};
use ems_profile::{DecodeContext, Library, PollClass, Profile, ReadPlan, Table};
use ems_sim::{
    Bus, DeviceSpec, Fault, ModelConfig, SimConfig, SimDevice, SimError, Simulator, Snapshot,
};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};

// The waveform generator and waveform sources.
#[path = "sim/waveform.rs"]
mod waveform;

const PROFILE: &str = r#"
id = "test.meter"
vendor = "Test"
model = "Meter"
kind = "electricity_meter"
phases = 3
source = "written for the simulator's tests"

[modbus]
max_block_registers = 40
max_gap_registers = 4

[[registers]]
point = "voltage_l1"
table = "input"
address = 0
type = "f32"
unit = "V"

[[registers]]
point = "voltage_l2"
table = "input"
address = 2
type = "f32"
unit = "V"

[[registers]]
point = "active_power"
table = "input"
address = 4
type = "f32"
unit = "W"

[[registers]]
point = "energy_active_import"
table = "input"
address = 8
type = "u32"
unit = "Wh"

[[registers]]
point = "power_factor"
table = "holding"
address = 10
type = "i16"
unit = ""
scale = 0.001

[[registers]]
point = "frequency"
table = "holding"
address = 14
type = "u16"
unit = "Hz"
scale = 0.01
"#;

const RTU_SILENCE: Duration = Duration::from_millis(20);

fn start_time() -> Timestamp {
    "2025-03-03T10:00:00Z".parse().unwrap()
}

fn profile() -> Arc<Profile> {
    Arc::new(toml::from_str(PROFILE).unwrap())
}

fn point(name: &str) -> Point {
    Point::from_name(name).unwrap()
}

fn one_kilowatt() -> ModelConfig {
    ModelConfig {
        base_w: Some(1000.0),
        noise: 0.0,
        ..ModelConfig::default()
    }
}

fn device(unit_id: u8, clock: &Arc<ManualClock>) -> Arc<SimDevice> {
    let mut spec = DeviceSpec::new(format!("meter{unit_id}"), unit_id, profile());
    spec.model = one_kilowatt();
    spec.counters.insert(point("energy_active_import"), 10_000);
    let clock: Arc<dyn Clock> = clock.clone();
    Arc::new(SimDevice::new(spec, clock).unwrap())
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(start_time()))
}

/// A bus served on one end of a duplex stream, with the other end returned.
fn serve(bus: Bus, rtu: bool) -> DuplexStream {
    let (client, server) = tokio::io::duplex(4096);
    tokio::spawn(async move {
        let _ = if rtu {
            bus.serve_rtu(server, RTU_SILENCE).await
        } else {
            bus.serve_tcp(server).await
        };
    });
    client
}

fn read_input(address: u16, quantity: u16) -> Request<'static> {
    Request::ReadInputRegisters { address, quantity }
}

/// Sends a TCP request and waits for one frame.
async fn tcp_call<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    transaction_id: u16,
    unit_id: u8,
    request: &Request<'_>,
) -> (tcp::Header, Vec<u8>) {
    let mut out = Vec::new();
    tcp::encode_request(
        tcp::Header {
            transaction_id,
            unit_id,
        },
        request,
        &mut out,
    )
    .unwrap();
    stream.write_all(&out).await.unwrap();
    tcp_receive(stream).await
}

async fn tcp_receive<S: AsyncRead + Unpin>(stream: &mut S) -> (tcp::Header, Vec<u8>) {
    // Exactly one frame: the header tells the length of the rest.
    let mut buf = vec![0u8; 6];
    stream.read_exact(&mut buf).await.unwrap();
    let length = usize::from(u16::from_be_bytes([buf[4], buf[5]]));
    buf.resize(6 + length, 0);
    stream.read_exact(&mut buf[6..]).await.unwrap();
    let frame = tcp::decode_frame(&buf).unwrap().unwrap();
    (frame.header, frame.pdu.to_vec())
}

/// Sends an RTU request.
async fn rtu_send<S: AsyncWrite + Unpin>(stream: &mut S, unit_id: u8, request: &Request<'_>) {
    let mut out = Vec::new();
    rtu::encode_request(unit_id, request, &mut out).unwrap();
    stream.write_all(&out).await.unwrap();
}

/// Waits for one RTU response frame (reading no byte past it): its unit id and PDU, or why it
/// is broken.
async fn rtu_receive<S: AsyncRead + Unpin>(stream: &mut S) -> Result<(u8, Vec<u8>), FrameError> {
    let mut buf = Vec::new();
    loop {
        let wanted = match rtu::response_frame_len(&buf)? {
            rtu::FrameLength::Known(n) if buf.len() >= n => break,
            rtu::FrameLength::Known(n) | rtu::FrameLength::AtLeast(n) => n.max(buf.len() + 1),
        };
        let start = buf.len();
        buf.resize(wanted, 0);
        stream.read_exact(&mut buf[start..]).await.unwrap();
    }
    let frame = rtu::decode_frame(&buf)?;
    Ok((frame.unit_id, frame.pdu.to_vec()))
}

/// Nothing arrives within a (virtual) second.
async fn assert_silent<S: AsyncRead + Unpin>(stream: &mut S) {
    let mut chunk = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut chunk)).await;
    assert!(read.is_err(), "unexpected bytes: {read:?}");
}

fn registers(request: &Request<'_>, pdu: &[u8]) -> Vec<u16> {
    match request.decode_response(pdu).unwrap() {
        Response::ReadInputRegisters(r) | Response::ReadHoldingRegisters(r) => r.iter().collect(),
        other => panic!("not registers: {other:?}"),
    }
}

fn exception(pdu: &[u8]) -> ExceptionCode {
    match Response::decode(pdu).unwrap() {
        Response::Exception { code, .. } => code,
        other => panic!("not an exception: {other:?}"),
    }
}

fn f32_at(words: &[u16], i: usize) -> f32 {
    f32::from_bits(u32::from(words[i]) << 16 | u32::from(words[i + 1]))
}

fn u32_at(words: &[u16], i: usize) -> u32 {
    u32::from(words[i]) << 16 | u32::from(words[i + 1])
}

fn float(snapshot: &Snapshot, name: &str) -> f64 {
    snapshot.get(point(name)).unwrap().as_f64()
}

#[tokio::test]
async fn a_tcp_read_returns_the_models_values_in_the_profiles_encoding() {
    let clock = clock();
    let dev = device(1, &clock);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    let request = read_input(0, 10);
    let (header, pdu) = tcp_call(&mut s, 7, 1, &request).await;
    assert_eq!((header.transaction_id, header.unit_id), (7, 1));
    let words = registers(&request, &pdu);
    let truth = dev.snapshot();
    assert_eq!(
        f64::from(f32_at(&words, 0)),
        float(&truth, "voltage_l1") as f32 as f64
    );
    assert_eq!(f32_at(&words, 4), 1000.0);
    assert_eq!(&words[6..8], &[0, 0], "the gap reads as zero");
    assert_eq!(u32_at(&words, 8), 10_000);
}

#[tokio::test]
async fn counters_integrate_an_hour_at_one_kilowatt_into_one_kilowatt_hour() {
    let clock = clock();
    let dev = device(1, &clock);
    let mut s = serve(Bus::new([dev]).unwrap(), false);
    let request = read_input(8, 2);
    let (_, pdu) = tcp_call(&mut s, 1, 1, &request).await;
    let before = u32_at(&registers(&request, &pdu), 0);
    clock.advance(SignedDuration::from_hours(1));
    let (_, pdu) = tcp_call(&mut s, 2, 1, &request).await;
    let after = u32_at(&registers(&request, &pdu), 0);
    assert!((after - before).abs_diff(1000) <= 1, "{before} -> {after}");
}

#[tokio::test]
async fn reads_outside_the_map_or_too_long_answer_the_exceptions_of_a_real_device() {
    let clock = clock();
    let mut s = serve(Bus::new([device(1, &clock)]).unwrap(), false);
    let (_, pdu) = tcp_call(&mut s, 1, 1, &read_input(10, 2)).await;
    assert_eq!(exception(&pdu), ExceptionCode::IllegalDataAddress);
    let (_, pdu) = tcp_call(&mut s, 2, 1, &read_input(0, 41)).await;
    assert_eq!(exception(&pdu), ExceptionCode::IllegalDataValue);
    let (_, pdu) = tcp_call(
        &mut s,
        3,
        1,
        &Request::ReadCoils {
            address: 0,
            quantity: 1,
        },
    )
    .await;
    assert_eq!(exception(&pdu), ExceptionCode::IllegalFunction);
}

#[tokio::test]
async fn an_unknown_unit_on_tcp_gets_gateway_exception_0x0b() {
    let clock = clock();
    let mut s = serve(Bus::new([device(1, &clock)]).unwrap(), false);
    let (header, pdu) = tcp_call(&mut s, 9, 5, &read_input(0, 2)).await;
    assert_eq!(header.unit_id, 5);
    assert_eq!(
        exception(&pdu),
        ExceptionCode::GatewayTargetDeviceFailedToRespond
    );
}

#[tokio::test]
async fn writes_to_gaps_are_stored_and_writes_to_measurements_are_refused() {
    let clock = clock();
    let mut s = serve(Bus::new([device(1, &clock)]).unwrap(), false);
    let write = Request::WriteSingleRegister {
        address: 12,
        value: 0xBEEF,
    };
    let (_, pdu) = tcp_call(&mut s, 1, 1, &write).await;
    assert!(matches!(
        write.decode_response(&pdu).unwrap(),
        Response::WriteSingleRegister { .. }
    ));
    let read = Request::ReadHoldingRegisters {
        address: 10,
        quantity: 5,
    };
    let (_, pdu) = tcp_call(&mut s, 2, 1, &read).await;
    assert_eq!(registers(&read, &pdu)[2], 0xBEEF);
    let values = [1u16, 2];
    let write = Request::WriteMultipleRegisters {
        address: 9,
        values: Registers::from_values(&values),
    };
    let (_, pdu) = tcp_call(&mut s, 3, 1, &write).await;
    assert_eq!(exception(&pdu), ExceptionCode::IllegalDataAddress);
}

#[tokio::test(start_paused = true)]
async fn no_answer_withholds_every_answer_until_cleared() {
    let clock = clock();
    let dev = device(1, &clock);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    dev.set_fault(Fault::NoAnswer);
    let mut out = Vec::new();
    let header = tcp::Header {
        transaction_id: 1,
        unit_id: 1,
    };
    tcp::encode_request(header, &read_input(0, 2), &mut out).unwrap();
    s.write_all(&out).await.unwrap();
    assert_silent(&mut s).await;
    dev.clear_fault();
    let (header, pdu) = tcp_call(&mut s, 2, 1, &read_input(0, 2)).await;
    assert_eq!(header.transaction_id, 2);
    assert_eq!(registers(&read_input(0, 2), &pdu).len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_late_answer_arrives_after_the_clients_timeout_with_its_own_transaction_id() {
    let clock = clock();
    let dev = device(1, &clock);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    dev.set_fault(Fault::LateAnswer {
        delay: Duration::from_secs(3),
    });
    let mut out = Vec::new();
    let header = tcp::Header {
        transaction_id: 41,
        unit_id: 1,
    };
    tcp::encode_request(header, &read_input(0, 2), &mut out).unwrap();
    s.write_all(&out).await.unwrap();
    // The client gives up after a second, then asks again.
    assert_silent(&mut s).await;
    dev.clear_fault();
    out.clear();
    let header = tcp::Header {
        transaction_id: 42,
        unit_id: 1,
    };
    tcp::encode_request(header, &read_input(0, 2), &mut out).unwrap();
    s.write_all(&out).await.unwrap();
    let (first, _) = tcp_receive(&mut s).await;
    assert_eq!(first.transaction_id, 41, "the late answer comes first");
    let (second, _) = tcp_receive(&mut s).await;
    assert_eq!(second.transaction_id, 42);
}

#[tokio::test]
async fn each_configured_exception_code_is_answered_as_set() {
    let clock = clock();
    let dev = device(1, &clock);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    for (i, code) in Fault::CONFIGURABLE_EXCEPTIONS.into_iter().enumerate() {
        dev.set_fault(Fault::Exception {
            code: ExceptionCode::from_code(code),
        });
        let (_, pdu) = tcp_call(&mut s, i as u16, 1, &read_input(0, 2)).await;
        assert_eq!(pdu, [0x84, code]);
    }
    dev.clear_fault();
    let (_, pdu) = tcp_call(&mut s, 99, 1, &read_input(0, 2)).await;
    assert_eq!(pdu[0], 0x04);
}

#[tokio::test]
async fn wrong_unit_id_answers_with_another_unit() {
    let clock = clock();
    let dev = device(3, &clock);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    dev.set_fault(Fault::WrongUnitId);
    let (header, _) = tcp_call(&mut s, 1, 3, &read_input(0, 2)).await;
    assert_ne!(header.unit_id, 3);
    let mut rtu_stream = serve(Bus::new([dev.clone()]).unwrap(), true);
    rtu_send(&mut rtu_stream, 3, &read_input(0, 2)).await;
    let (unit, _) = rtu_receive(&mut rtu_stream).await.unwrap();
    assert_ne!(unit, 3);
}

#[tokio::test]
async fn nan_makes_floats_nan_and_integers_all_ones_until_cleared() {
    let clock = clock();
    let dev = device(1, &clock);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    dev.set_fault(Fault::Nan);
    let request = read_input(0, 10);
    let (_, pdu) = tcp_call(&mut s, 1, 1, &request).await;
    let words = registers(&request, &pdu);
    assert!(f32_at(&words, 0).is_nan());
    assert!(f32_at(&words, 4).is_nan());
    assert_eq!(u32_at(&words, 8), 0xFFFF_FFFF);
    dev.clear_fault();
    let (_, pdu) = tcp_call(&mut s, 2, 1, &request).await;
    assert_eq!(f32_at(&registers(&request, &pdu), 4), 1000.0);
}

#[tokio::test]
async fn counter_reset_restarts_the_counters_from_zero_once() {
    let clock = clock();
    let dev = device(1, &clock);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    let request = read_input(8, 2);
    clock.advance(SignedDuration::from_hours(2));
    let (_, pdu) = tcp_call(&mut s, 1, 1, &request).await;
    assert!(u32_at(&registers(&request, &pdu), 0) >= 11_999);
    dev.set_fault(Fault::CounterReset);
    assert_eq!(dev.active_fault(), None, "a reset is an event, not a state");
    let (_, pdu) = tcp_call(&mut s, 2, 1, &request).await;
    assert_eq!(u32_at(&registers(&request, &pdu), 0), 0);
    clock.advance(SignedDuration::from_hours(1));
    let (_, pdu) = tcp_call(&mut s, 3, 1, &request).await;
    assert!(u32_at(&registers(&request, &pdu), 0).abs_diff(1000) <= 1);
}

#[tokio::test]
async fn bad_crc_spoils_rtu_answers_only() {
    let clock = clock();
    let dev = device(1, &clock);
    dev.set_fault(Fault::BadCrc);
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), true);
    rtu_send(&mut s, 1, &read_input(0, 2)).await;
    assert!(matches!(
        rtu_receive(&mut s).await,
        Err(FrameError::BadCrc { .. })
    ));
    let mut t = serve(Bus::new([dev.clone()]).unwrap(), false);
    let (_, pdu) = tcp_call(&mut t, 1, 1, &read_input(0, 2)).await;
    assert_eq!(pdu[0], 0x04);
}

#[tokio::test(start_paused = true)]
async fn an_rtu_request_with_a_bad_crc_is_ignored_like_on_a_real_bus() {
    let clock = clock();
    let mut s = serve(Bus::new([device(1, &clock)]).unwrap(), true);
    let mut frame = Vec::new();
    rtu::encode_request(1, &read_input(0, 2), &mut frame).unwrap();
    let last = frame.len() - 1;
    frame[last] ^= 0x55;
    s.write_all(&frame).await.unwrap();
    assert_silent(&mut s).await;
    rtu_send(&mut s, 1, &read_input(0, 2)).await;
    let (unit, pdu) = rtu_receive(&mut s).await.unwrap();
    assert_eq!(unit, 1);
    assert_eq!(registers(&read_input(0, 2), &pdu).len(), 2);
}

#[tokio::test(start_paused = true)]
async fn rtu_requests_to_absent_units_and_broadcasts_get_no_answer() {
    let clock = clock();
    let mut s = serve(
        Bus::new([device(1, &clock), device(2, &clock)]).unwrap(),
        true,
    );
    rtu_send(&mut s, 9, &read_input(0, 2)).await;
    assert_silent(&mut s).await;
    let write = Request::WriteSingleRegister {
        address: 12,
        value: 77,
    };
    rtu_send(&mut s, 0, &write).await;
    assert_silent(&mut s).await;
    // The broadcast write reached both devices.
    for unit in [1, 2] {
        let read = Request::ReadHoldingRegisters {
            address: 12,
            quantity: 1,
        };
        rtu_send(&mut s, unit, &read).await;
        let (got, pdu) = rtu_receive(&mut s).await.unwrap();
        assert_eq!(got, unit);
        assert_eq!(registers(&read, &pdu), [77]);
    }
}

#[tokio::test(start_paused = true)]
async fn an_rtu_frame_with_an_unknown_function_gets_illegal_function_after_the_silence() {
    let clock = clock();
    let mut s = serve(Bus::new([device(1, &clock)]).unwrap(), true);
    let mut frame = vec![1, 0x41, 0x00];
    let crc = rtu::crc16(&frame);
    frame.extend_from_slice(&crc.to_le_bytes());
    s.write_all(&frame).await.unwrap();
    let (unit, pdu) = rtu_receive(&mut s).await.unwrap();
    assert_eq!(unit, 1);
    assert_eq!(pdu, [0xC1, 0x01]);
}

#[tokio::test(start_paused = true)]
async fn garbage_on_the_rtu_line_never_stops_the_slave() {
    let clock = clock();
    let mut s = serve(Bus::new([device(1, &clock)]).unwrap(), true);
    let mut noise = 0x1234_5678u32;
    let mut bytes = Vec::new();
    for _ in 0..2000 {
        noise ^= noise << 13;
        noise ^= noise >> 17;
        noise ^= noise << 5;
        bytes.push(noise as u8);
    }
    s.write_all(&bytes).await.unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    // Whatever the noise provoked, the slave answers a clean request after the silence.
    let mut drain = [0u8; 4096];
    while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(100), s.read(&mut drain)).await
    {
        assert!(n > 0);
    }
    rtu_send(&mut s, 1, &read_input(0, 2)).await;
    let (unit, _) = rtu_receive(&mut s).await.unwrap();
    assert_eq!(unit, 1);
}

#[tokio::test]
async fn a_broken_mbap_header_closes_the_connection_without_harm() {
    let clock = clock();
    let mut s = serve(Bus::new([device(1, &clock)]).unwrap(), false);
    s.write_all(&[0, 1, 0, 9, 0, 6, 1, 3, 0, 0, 0, 1])
        .await
        .unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(s.read(&mut buf).await.unwrap(), 0);
}

const SIM_TOML: &str = r#"
seed = 3

[listeners.tcp]
kind = "modbus_tcp"
bind = "127.0.0.1:0"

[listeners.gateway]
kind = "rtu_over_tcp"
bind = "127.0.0.1:0"

[devices.main]
profile = "test.meter"
listener = "tcp"
unit_id = 1
model = { base_w = 1000, noise = 0 }
counters = { energy_active_import = 500 }

[devices.office]
profile = "test.meter"
listener = "tcp"
unit_id = 2
model = { shape = "office", base_w = 2000, peak_w = 12000 }

[devices.roof]
profile = "test.meter"
listener = "gateway"
unit_id = 7
model = { shape = "pv", peak_w = 6000 }

[[devices.roof.faults]]
kind = "bad_crc"
after_s = 60
for_s = 60
"#;

async fn start(toml: &str, clock: &Arc<ManualClock>) -> ems_sim::SimHandle {
    let config = SimConfig::from_toml_str(toml).unwrap();
    let profiles = Library::from_profiles([profile()]);
    let clock: Arc<dyn Clock> = clock.clone();
    Simulator::start(&config, &profiles, clock).await.unwrap()
}

#[tokio::test]
async fn one_tcp_listener_serves_several_units_on_concurrent_connections() {
    let clock = Arc::new(ManualClock::new("2025-06-21T12:00:00Z".parse().unwrap()));
    let sim = start(SIM_TOML, &clock).await;
    let address = sim.local_addr("tcp").unwrap();
    assert_ne!(address.port(), 0);
    let mut clients = Vec::new();
    for c in 0..8u16 {
        clients.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
            let mut powers = Vec::new();
            for i in 0..20u16 {
                let unit = 1 + (i % 2) as u8;
                let request = read_input(4, 2);
                let (header, pdu) = tcp_call(&mut stream, c * 100 + i, unit, &request).await;
                assert_eq!(header.transaction_id, c * 100 + i);
                assert_eq!(header.unit_id, unit);
                powers.push((unit, f32_at(&registers(&request, &pdu), 0)));
            }
            powers
        }));
    }
    for client in clients {
        for (unit, power) in client.await.unwrap() {
            match unit {
                1 => assert_eq!(power, 1000.0),
                _ => assert!(power > 1500.0, "an office at noon on a Saturday: {power}"),
            }
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn rtu_over_tcp_serves_rtu_frames_and_scheduled_faults_follow_the_clock() {
    let clock = Arc::new(ManualClock::new("2025-06-21T12:00:00Z".parse().unwrap()));
    let sim = start(SIM_TOML, &clock).await;
    let mut stream = tokio::net::TcpStream::connect(sim.local_addr("gateway").unwrap())
        .await
        .unwrap();
    let request = read_input(4, 2);
    rtu_send(&mut stream, 7, &request).await;
    let (unit, pdu) = rtu_receive(&mut stream).await.unwrap();
    assert_eq!(unit, 7);
    assert!(
        f32_at(&registers(&request, &pdu), 0) < 0.0,
        "PV exports at noon"
    );
    clock.advance(SignedDuration::from_secs(90));
    rtu_send(&mut stream, 7, &request).await;
    assert!(matches!(
        rtu_receive(&mut stream).await,
        Err(FrameError::BadCrc { .. })
    ));
    clock.advance(SignedDuration::from_secs(60));
    rtu_send(&mut stream, 7, &request).await;
    assert!(rtu_receive(&mut stream).await.is_ok());
    sim.set_fault("roof", Fault::NoAnswer).unwrap();
    assert!(sim.set_fault("attic", Fault::NoAnswer).is_err());
}

#[tokio::test]
async fn a_simulator_with_unknown_profiles_reports_every_one_with_its_path() {
    let text = SIM_TOML
        .replace(
            "profile = \"test.meter\"\nlistener = \"tcp\"\nunit_id = 1",
            "profile = \"test.metre\"\nlistener = \"tcp\"\nunit_id = 1",
        )
        .replace(
            "profile = \"test.meter\"\nlistener = \"gateway\"",
            "profile = \"nobody.nothing\"\nlistener = \"gateway\"",
        );
    let config = SimConfig::from_toml_str(&text).unwrap();
    let clock: Arc<dyn Clock> = clock();
    let err = Simulator::start(&config, &Library::from_profiles([profile()]), clock)
        .await
        .unwrap_err();
    let SimError::Config(errors) = err else {
        panic!("not a config error: {err}");
    };
    assert!(errors.mentions("devices.main.profile"), "{errors}");
    assert!(errors.mentions("devices.roof.profile"), "{errors}");
    assert!(
        errors.to_string().contains("did you mean \"test.meter\""),
        "{errors}"
    );
}

#[tokio::test]
async fn a_bound_address_in_use_is_reported_with_its_listener() {
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let text = SIM_TOML.replace(
        "kind = \"modbus_tcp\"\nbind = \"127.0.0.1:0\"",
        &format!(
            "kind = \"modbus_tcp\"\nbind = \"{}\"",
            taken.local_addr().unwrap()
        ),
    );
    let config = SimConfig::from_toml_str(&text).unwrap();
    let clock: Arc<dyn Clock> = clock();
    let err = Simulator::start(&config, &Library::from_profiles([profile()]), clock)
        .await
        .unwrap_err();
    assert!(
        matches!(err, SimError::Bind { ref listener, .. } if listener == "tcp"),
        "{err}"
    );
}

#[tokio::test]
async fn rtu_is_served_on_a_serial_port() {
    let (mut master, slave) = match tokio_serial::SerialStream::pair() {
        Ok(pair) => pair,
        Err(error) => {
            eprintln!("no pseudo-terminals here ({error}); skipping");
            return;
        }
    };
    let clock = clock();
    let bus = Bus::new([device(4, &clock)]).unwrap();
    tokio::spawn(async move { bus.serve_rtu(slave, RTU_SILENCE).await });
    let request = read_input(8, 2);
    rtu_send(&mut master, 4, &request).await;
    let (unit, pdu) = rtu_receive(&mut master).await.unwrap();
    assert_eq!(unit, 4);
    assert_eq!(u32_at(&registers(&request, &pdu), 0), 10_000);
}

/// Reads every built-in profile from the simulator through its coalesced plans and one value
/// at a time, and compares the decoded values with the model's.
#[tokio::test]
async fn every_builtin_profile_reads_back_the_models_values() {
    let library = Library::builtin().unwrap();
    let clock = clock();
    let mut checked = 0;
    for profile in library.iter() {
        let mut spec = DeviceSpec::new("dut", 1, Arc::clone(profile));
        spec.model = ModelConfig {
            shape: ems_sim::Shape::Office,
            base_w: Some(3000.0),
            peak_w: Some(40_000.0),
            ..ModelConfig::default()
        };
        // Counters start above zero: some profiles read a zero counter as "not available".
        for register in profile.registers.iter().filter(|r| r.point.is_counter()) {
            spec.counters.insert(register.point, 86_400);
        }
        let dyn_clock: Arc<dyn Clock> = clock.clone();
        let dev = SimDevice::new(spec, dyn_clock).unwrap();
        let truth = dev.snapshot();
        let context = DecodeContext::for_profile(profile);
        for class in [PollClass::Fast, PollClass::Slow] {
            for plan in [
                ReadPlan::new(profile, class).unwrap(),
                ReadPlan::one_value_per_read(profile, class).unwrap(),
            ] {
                let mut responses = Vec::new();
                let (mut out, mut words) = (Vec::new(), Vec::new());
                for block in plan.blocks() {
                    let request = match block.table() {
                        Table::Holding => Request::ReadHoldingRegisters {
                            address: block.start(),
                            quantity: block.count(),
                        },
                        Table::Input => Request::ReadInputRegisters {
                            address: block.start(),
                            quantity: block.count(),
                        },
                    };
                    let mut pdu = Vec::new();
                    request.encode(&mut pdu).unwrap();
                    dev.handle(1, &pdu, &mut out, &mut words);
                    responses.push(registers(&request, &out));
                }
                plan.decode(&responses, &context, |value, decoded| {
                    let p = value.point();
                    let decoded = decoded.unwrap_or_else(|e| panic!("{}: {p}: {e}", profile.id));
                    let expected = truth.get(p).map_or(0.0, Value::as_f64);
                    let got = decoded.as_f64();
                    let tolerance = (expected.abs() * 2e-3).max(resolution(&dev, value));
                    assert!(
                        (got - expected).abs() <= tolerance,
                        "{}: {p}: read {got}, model {expected}",
                        profile.id
                    );
                    checked += 1;
                });
            }
        }
    }
    assert!(checked > 0);
}

/// The smallest step a register can show, in its point's canonical unit.
fn resolution(dev: &SimDevice, value: &ems_profile::PlannedValue) -> f64 {
    let register = &dev.profile().registers[value.register_index()];
    let step = register
        .unit
        .convert(register.scale, register.point.unit())
        .unwrap_or(1.0)
        .abs();
    let exponent = register
        .scale_exponent_address
        .and_then(|address| dev.image().exponent(register.table, address))
        .unwrap_or(0);
    step * 10f64.powi(i32::from(exponent))
}

#[test]
fn the_example_in_the_simulator_docs_is_valid_and_serves_builtin_profiles() {
    let doc = include_str!("../../../docs/SIMULATOR.md");
    let example = doc
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/SIMULATOR.md has a TOML example");
    let config = SimConfig::from_toml_str(example).unwrap_or_else(|e| panic!("{e}"));
    let library = Library::builtin().unwrap();
    let clock: Arc<dyn Clock> = clock();
    for (id, device) in &config.devices {
        let profile = library
            .resolve(&device.profile, device.generic.as_ref())
            .unwrap_or_else(|e| panic!("devices.{id}: {e}"));
        let mut spec = DeviceSpec::new(id.clone(), device.unit_id, profile);
        spec.model = device.model.clone();
        spec.counters = device.counters.clone();
        SimDevice::new(spec, Arc::clone(&clock)).unwrap_or_else(|e| panic!("devices.{id}: {e}"));
    }
}

// --- Counters that held before the start ------------------------------------------------------

fn energy_read_at(dev: &SimDevice, at: Timestamp) -> i64 {
    let plan = ReadPlan::new(dev.profile(), PollClass::Slow).unwrap();
    let mut answers = Vec::new();
    dev.read_blocks_at(at, plan.blocks(), &mut answers).unwrap();
    let mut energy = None;
    plan.decode(
        &answers,
        &DecodeContext::for_profile(dev.profile()),
        |value, decoded| {
            if value.point() == point("energy_active_import") {
                energy = decoded.ok();
            }
        },
    );
    match energy {
        Some(Value::Counter(c)) => c,
        other => panic!("energy_active_import read as {other:?}"),
    }
}

#[tokio::test]
async fn a_model_started_at_counters_at_has_integrated_the_gap_to_the_start() {
    let clock = clock();
    let mut spec = DeviceSpec::new("meter", 1, profile());
    spec.model = one_kilowatt();
    spec.counters.insert(point("energy_active_import"), 10_000);
    spec.counters_at = Some(start_time() - SignedDuration::from_hours(2));
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    let dev = Arc::new(SimDevice::new(spec, dyn_clock).unwrap());
    assert_eq!(dev.started(), start_time());
    // Two hours at one kilowatt before the start, then one more after it, on the wire too.
    let mut s = serve(Bus::new([dev.clone()]).unwrap(), false);
    let request = read_input(8, 2);
    let (_, pdu) = tcp_call(&mut s, 1, 1, &request).await;
    let at_start = u32_at(&registers(&request, &pdu), 0);
    assert!(at_start.abs_diff(12_000) <= 1, "{at_start}");
    clock.advance(SignedDuration::from_hours(1));
    let (_, pdu) = tcp_call(&mut s, 2, 1, &request).await;
    let later = u32_at(&registers(&request, &pdu), 0);
    assert!(later.abs_diff(13_000) <= 1, "{later}");
}

#[test]
fn reading_blocks_at_a_time_replays_what_a_client_would_have_read_then() {
    let clock = clock();
    let mut spec = DeviceSpec::new("meter", 1, profile());
    spec.model = one_kilowatt();
    spec.counters.insert(point("energy_active_import"), 10_000);
    spec.counters_at = Some(start_time() - SignedDuration::from_hours(3));
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    let dev = SimDevice::new(spec, dyn_clock).unwrap();
    let mut last = 10_000;
    for hour in 0..=3 {
        let at = start_time() - SignedDuration::from_hours(3 - hour);
        let energy = energy_read_at(&dev, at);
        assert!(
            energy.abs_diff(10_000 + 1000 * hour) <= 1,
            "{energy} after {hour} h"
        );
        assert!(energy >= last);
        last = energy;
    }
    // The clock was never read for it: the device's own time has not moved.
    assert_eq!(clock.now(), start_time());
}

#[tokio::test]
async fn counters_at_may_be_a_toml_date_time_or_a_string_but_not_after_the_start() {
    let clock = clock();
    for written in ["2025-03-03T08:00:00Z", "\"2025-03-03T09:00:00+01:00\""] {
        let text = SIM_TOML.replace(
            "counters = { energy_active_import = 500 }",
            &format!("counters = {{ energy_active_import = 500 }}\ncounters_at = {written}"),
        );
        let config = SimConfig::from_toml_str(&text).unwrap();
        let at = config.devices["main"].counters_at;
        assert_eq!(at, Some("2025-03-03T08:00:00Z".parse().unwrap()));
        let sim = start(&text, &clock).await;
        let energy = sim.device("main").unwrap().snapshot();
        let energy = energy.get(point("energy_active_import")).unwrap();
        assert!(
            energy.as_f64() >= 2499.0 && energy.as_f64() <= 2501.0,
            "{energy:?}"
        );
        sim.shutdown().await;
    }
    let local = SIM_TOML.replace(
        "counters = { energy_active_import = 500 }",
        "counters = { energy_active_import = 500 }\ncounters_at = 2025-03-03T08:00:00",
    );
    let err = SimConfig::from_toml_str(&local).unwrap_err();
    assert!(err.to_string().contains("no offset"), "{err}");

    let future = SIM_TOML.replace(
        "counters = { energy_active_import = 500 }",
        "counters = { energy_active_import = 500 }\ncounters_at = 2025-03-03T10:00:01Z",
    );
    let config = SimConfig::from_toml_str(&future).unwrap();
    let dyn_clock: Arc<dyn Clock> = clock.clone();
    let err = Simulator::start(&config, &Library::from_profiles([profile()]), dyn_clock)
        .await
        .unwrap_err();
    let SimError::Config(errors) = err else {
        panic!("not a config error: {err}");
    };
    assert!(errors.mentions("devices.main.counters_at"), "{errors}");
    assert!(errors.to_string().contains("after the start"), "{errors}");
}
