//! Transports: Modbus TCP (MBAP) and RTU framing over any byte stream.
//!
//! A [`Bus`] is the set of devices one listener serves, by unit id. It serves a stream with
//! [`Bus::serve_tcp`] (MBAP frames, as a Modbus TCP server or gateway) or [`Bus::serve_rtu`]
//! (RTU frames with CRC, as slaves on a serial line, or behind a serial-to-Ethernet gateway
//! that forwards RTU frames over TCP). Both are generic over `AsyncRead + AsyncWrite`, so the
//! same code serves a TCP connection, a serial port and an in-memory duplex stream.
//!
//! Requests on one stream are handled in order; a held-back answer (the `late_answer` fault)
//! holds back the requests after it, as on a real line.
//!
//! RTU behaves like slaves on a bus: a frame with a bad CRC is ignored, a request to a unit id
//! no device has gets no answer, and a broadcast (unit 0) is carried out (writes) without an
//! answer. RTU frames carry no length: the length comes from the function code; a frame with an
//! unknown function ends with the line's silence (`silence`), and bytes that never make up a
//! frame are dropped once the line falls silent.
//!
//! TCP behaves like a gateway: a request to a unit id no device has gets exception 0x0B (target
//! failed to respond); unit 0 or 255 reaches the only device when there is exactly one. A
//! broken MBAP header closes the connection.

use crate::device::{Reply, SimDevice};
use ems_modbus::pdu::{ExceptionCode, MAX_PDU_LEN};
use ems_modbus::rtu::{self, FrameLength};
use ems_modbus::tcp::{self, Header};
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Why devices cannot share a bus.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BusError {
    /// Two devices answer to the same unit id.
    #[error("devices {first} and {second} both use unit id {unit_id}")]
    DuplicateUnit {
        /// The unit id.
        unit_id: u8,
        /// The device that has it first.
        first: String,
        /// The other one.
        second: String,
    },
    /// A unit id outside 1..=247.
    #[error("device {device}: unit id {unit_id} is outside 1..=247")]
    InvalidUnit {
        /// The device.
        device: String,
        /// Its unit id.
        unit_id: u8,
    },
}

struct BusInner {
    by_unit: Box<[Option<Arc<SimDevice>>]>,
    devices: Vec<Arc<SimDevice>>,
}

/// The devices one listener serves, by unit id. Cheap to clone.
#[derive(Clone)]
pub struct Bus {
    inner: Arc<BusInner>,
}

impl std::fmt::Debug for Bus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.inner.devices.iter().map(|d| (d.unit_id(), d.id())))
            .finish()
    }
}

/// Scratch buffers of one stream, reused for every request.
struct Buffers {
    input: Vec<u8>,
    chunk: [u8; 512],
    pdu: Vec<u8>,
    words: Vec<u16>,
    frame: Vec<u8>,
}

impl Buffers {
    fn new() -> Self {
        Buffers {
            input: Vec::with_capacity(2 * tcp::MAX_ADU_LEN),
            chunk: [0; 512],
            pdu: Vec::with_capacity(MAX_PDU_LEN),
            words: Vec::with_capacity(125),
            frame: Vec::with_capacity(tcp::MAX_ADU_LEN),
        }
    }
}

impl Bus {
    /// A bus of `devices`, each at its own unit id in 1..=247.
    pub fn new(devices: impl IntoIterator<Item = Arc<SimDevice>>) -> Result<Self, BusError> {
        let mut by_unit: Vec<Option<Arc<SimDevice>>> = vec![None; 256];
        let mut list = Vec::new();
        for device in devices {
            let unit = device.unit_id();
            if !(1..=247).contains(&unit) {
                return Err(BusError::InvalidUnit {
                    device: device.id().to_owned(),
                    unit_id: unit,
                });
            }
            let slot = &mut by_unit[usize::from(unit)];
            if let Some(first) = slot {
                return Err(BusError::DuplicateUnit {
                    unit_id: unit,
                    first: first.id().to_owned(),
                    second: device.id().to_owned(),
                });
            }
            *slot = Some(Arc::clone(&device));
            list.push(device);
        }
        Ok(Bus {
            inner: Arc::new(BusInner {
                by_unit: by_unit.into_boxed_slice(),
                devices: list,
            }),
        })
    }

    /// The device at `unit_id`.
    pub fn device(&self, unit_id: u8) -> Option<&Arc<SimDevice>> {
        self.inner.by_unit.get(usize::from(unit_id))?.as_ref()
    }

    /// Every device on the bus.
    pub fn devices(&self) -> &[Arc<SimDevice>] {
        &self.inner.devices
    }

    /// The device a TCP request for `unit_id` reaches.
    fn tcp_device(&self, unit_id: u8) -> Option<&Arc<SimDevice>> {
        match (self.device(unit_id), unit_id, self.inner.devices.as_slice()) {
            (Some(device), _, _) => Some(device),
            (None, 0 | 255, [only]) => Some(only),
            _ => None,
        }
    }

    /// Serves Modbus TCP (MBAP frames) on `stream` until the peer closes it, an I/O error
    /// occurs, or a frame header is broken.
    pub async fn serve_tcp<S>(&self, mut stream: S) -> io::Result<()>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        let mut b = Buffers::new();
        loop {
            loop {
                let (header, len, reply) = match tcp::decode_frame(&b.input) {
                    Ok(Some(frame)) => {
                        let header = frame.header;
                        let reply = match self.tcp_device(header.unit_id) {
                            Some(device) => {
                                device.handle(header.unit_id, frame.pdu, &mut b.pdu, &mut b.words)
                            }
                            None => {
                                let function = frame.pdu.first().copied().unwrap_or(0);
                                b.pdu.clear();
                                b.pdu.extend_from_slice(&[
                                    function | 0x80,
                                    ExceptionCode::GatewayTargetDeviceFailedToRespond.code(),
                                ]);
                                Reply::Answer {
                                    unit_id: header.unit_id,
                                    delay: None,
                                    corrupt_crc: false,
                                }
                            }
                        };
                        (header, frame.adu_len(), reply)
                    }
                    Ok(None) => break,
                    Err(error) => {
                        tracing::debug!(%error, "broken MBAP header; closing the connection");
                        return Ok(());
                    }
                };
                b.input.drain(..len);
                if let Reply::Answer { unit_id, delay, .. } = reply {
                    if let Some(delay) = delay {
                        tokio::time::sleep(delay).await;
                    }
                    b.frame.clear();
                    let header = Header {
                        transaction_id: header.transaction_id,
                        unit_id,
                    };
                    if tcp::encode_pdu(header, &b.pdu, &mut b.frame).is_ok() {
                        stream.write_all(&b.frame).await?;
                    }
                }
            }
            let n = stream.read(&mut b.chunk).await?;
            if n == 0 {
                return Ok(());
            }
            b.input.extend_from_slice(&b.chunk[..n]);
        }
    }

    /// Serves RTU frames on `stream` (a serial port, or a TCP connection from a client that
    /// speaks RTU over TCP) until the peer closes it or an I/O error occurs. `silence` is how
    /// long the line must be quiet to end a frame whose length the function code does not tell,
    /// and to drop bytes that make up no frame.
    pub async fn serve_rtu<S>(&self, mut stream: S, silence: Duration) -> io::Result<()>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        let mut b = Buffers::new();
        loop {
            let mut until_silence = false;
            loop {
                match rtu::request_frame_len(&b.input) {
                    Ok(FrameLength::Known(n)) if b.input.len() >= n => {
                        let reply = self.rtu_frame(n, &mut b);
                        b.input.drain(..n);
                        if let Some(reply) = reply {
                            self.send_rtu(reply, &mut b, &mut stream).await?;
                        }
                    }
                    Ok(_) => break,
                    Err(_) => {
                        until_silence = true;
                        break;
                    }
                }
            }
            let read = if b.input.is_empty() {
                Ok(stream.read(&mut b.chunk).await)
            } else {
                tokio::time::timeout(silence, stream.read(&mut b.chunk)).await
            };
            match read {
                Ok(Ok(0)) => return Ok(()),
                Ok(Ok(n)) => {
                    b.input.extend_from_slice(&b.chunk[..n]);
                    if b.input.len() > 2 * rtu::MAX_ADU_LEN {
                        // No frame is that long: the line carries noise.
                        b.input.clear();
                    }
                }
                Ok(Err(error)) => return Err(error),
                Err(_silence) => {
                    let len = b.input.len();
                    let reply = if until_silence {
                        self.rtu_frame(len, &mut b)
                    } else {
                        None
                    };
                    b.input.clear();
                    if let Some(reply) = reply {
                        self.send_rtu(reply, &mut b, &mut stream).await?;
                    }
                }
            }
        }
    }

    /// Handles the RTU frame in the first `len` bytes of the input; returns the reply to send,
    /// with the answer PDU in `b.pdu`.
    fn rtu_frame(&self, len: usize, b: &mut Buffers) -> Option<Reply> {
        let bytes = b.input.get(..len)?;
        let frame = match rtu::decode_frame(bytes) {
            Ok(frame) => frame,
            Err(error) => {
                tracing::debug!(%error, "RTU frame ignored");
                return None;
            }
        };
        if frame.unit_id == 0 {
            for device in self.devices() {
                device.handle_broadcast(frame.pdu);
            }
            return None;
        }
        let device = self.device(frame.unit_id)?;
        match device.handle(frame.unit_id, frame.pdu, &mut b.pdu, &mut b.words) {
            Reply::Silent => None,
            answer => Some(answer),
        }
    }

    async fn send_rtu<S>(&self, reply: Reply, b: &mut Buffers, stream: &mut S) -> io::Result<()>
    where
        S: AsyncWrite + Unpin,
    {
        let Reply::Answer {
            unit_id,
            delay,
            corrupt_crc,
        } = reply
        else {
            return Ok(());
        };
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        b.frame.clear();
        if rtu::encode_pdu(unit_id, &b.pdu, &mut b.frame).is_err() {
            return Ok(());
        }
        if corrupt_crc && let Some(last) = b.frame.last_mut() {
            *last ^= 0xFF;
        }
        stream.write_all(&b.frame).await
    }
}
