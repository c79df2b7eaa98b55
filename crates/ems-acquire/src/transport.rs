//! Transports: one connection to one physical link, carrying one request at a time.
//!
//! A [`Transport`] owns the connection (a TCP socket, a serial port, or a TCP socket to a
//! serial gateway), opens it lazily, and resets it whenever it can no longer be trusted to be in
//! step. It enforces the rules that keep several devices on one bus apart:
//! - **TCP**: every request carries a new transaction id; a frame with another id (a late reply
//!   to a request that already timed out) is dropped and reading goes on; an answer from another
//!   unit is an error.
//! - **RTU** (serial or over TCP): there is no transaction id, so a frame is accepted only from
//!   the unit asked, with the function asked and the register count asked, and a valid CRC;
//!   anything else is dropped. After a timeout the input is drained for one more timeout before
//!   the next request, so a late reply cannot arrive in the window of the next request. Frames
//!   are separated by the inter-frame gap, counted from the end of the last byte on the line.

use crate::error::TransportError;
use ems_modbus::pdu::{Request, Response};
use ems_modbus::{rtu, tcp};
use ems_profile::Table;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

/// A byte stream a transport can run over.
pub trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// A boxed future that opens a stream.
pub type DialFuture = Pin<Box<dyn Future<Output = io::Result<Box<dyn Stream>>> + Send>>;

/// Something that opens the stream of a link: a TCP address, a serial port, or (in tests) an
/// in-memory pipe.
pub trait Dialer: Send + Sync {
    /// Opens a new stream.
    fn dial(&self) -> DialFuture;
    /// What is dialled, for messages (`192.0.2.10:502`, `/dev/ttyUSB0`).
    fn target(&self) -> &str;
}

/// Dials a TCP address.
#[derive(Debug, Clone)]
pub struct TcpDialer {
    address: String,
}

impl TcpDialer {
    /// A dialer for `host:port`.
    pub fn new(address: impl Into<String>) -> Self {
        TcpDialer {
            address: address.into(),
        }
    }
}

impl Dialer for TcpDialer {
    fn dial(&self) -> DialFuture {
        let address = self.address.clone();
        Box::pin(async move {
            let stream = tokio::net::TcpStream::connect(&address).await?;
            stream.set_nodelay(true)?;
            Ok(Box::new(stream) as Box<dyn Stream>)
        })
    }

    fn target(&self) -> &str {
        &self.address
    }
}

/// Serial line settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialSettings {
    /// The device path (`/dev/ttyUSB0`).
    pub port: String,
    /// Bits per second.
    pub baud: u32,
    /// 7 or 8.
    pub data_bits: u8,
    /// Parity.
    pub parity: Parity,
    /// 1 or 2.
    pub stop_bits: u8,
}

/// Parity of a serial line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parity {
    /// No parity bit.
    None,
    /// Odd parity.
    Odd,
    /// Even parity.
    Even,
}

impl SerialSettings {
    /// How long one character takes on the line (start, data, parity and stop bits).
    pub fn character_time(&self) -> Duration {
        let bits = 1
            + u32::from(self.data_bits)
            + u32::from(self.parity != Parity::None)
            + u32::from(self.stop_bits);
        Duration::from_secs_f64(f64::from(bits) / f64::from(self.baud.max(1)))
    }
}

/// Opens a serial port.
#[derive(Debug, Clone)]
pub struct SerialDialer {
    settings: SerialSettings,
}

impl SerialDialer {
    /// A dialer for a serial port with these settings.
    pub fn new(settings: SerialSettings) -> Self {
        SerialDialer { settings }
    }
}

impl Dialer for SerialDialer {
    fn dial(&self) -> DialFuture {
        let s = self.settings.clone();
        Box::pin(async move {
            use tokio_serial::SerialPortBuilderExt;
            let builder = tokio_serial::new(&s.port, s.baud)
                .data_bits(if s.data_bits == 7 {
                    tokio_serial::DataBits::Seven
                } else {
                    tokio_serial::DataBits::Eight
                })
                .parity(match s.parity {
                    Parity::None => tokio_serial::Parity::None,
                    Parity::Odd => tokio_serial::Parity::Odd,
                    Parity::Even => tokio_serial::Parity::Even,
                })
                .stop_bits(if s.stop_bits == 2 {
                    tokio_serial::StopBits::Two
                } else {
                    tokio_serial::StopBits::One
                });
            let port = builder.open_native_async().map_err(io::Error::from)?;
            Ok(Box::new(port) as Box<dyn Stream>)
        })
    }

    fn target(&self) -> &str {
        &self.settings.port
    }
}

/// How requests are framed on the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Modbus TCP (MBAP header, transaction ids).
    Tcp,
    /// Modbus RTU (unit id, PDU, CRC), on a serial line or through a TCP socket.
    Rtu,
}

/// Counters of what a transport saw, for diagnostics and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransportStats {
    /// Requests sent.
    pub requests: u64,
    /// Frames dropped because they answered an earlier request or another unit.
    pub stray_frames: u64,
    /// Times the connection was opened.
    pub connects: u64,
}

/// One connection to one link, carrying one request at a time.
pub struct Transport {
    dialer: Box<dyn Dialer>,
    framing: Framing,
    inter_frame_gap: Duration,
    stream: Option<Box<dyn Stream>>,
    rx: Vec<u8>,
    tx: Vec<u8>,
    next_transaction: u16,
    /// End of the last traffic on the line (RTU gap).
    line_quiet_since: Option<Instant>,
    /// After an RTU timeout: drop input until then before the next request.
    drain_until: Option<Instant>,
    stats: TransportStats,
}

impl Transport {
    /// A transport over streams from `dialer`, framed as `framing`, keeping `inter_frame_gap`
    /// of silence between frames (RTU).
    pub fn new(dialer: Box<dyn Dialer>, framing: Framing, inter_frame_gap: Duration) -> Self {
        Transport {
            dialer,
            framing,
            inter_frame_gap,
            stream: None,
            rx: Vec::with_capacity(512),
            tx: Vec::with_capacity(512),
            next_transaction: 0,
            line_quiet_since: None,
            drain_until: None,
            stats: TransportStats::default(),
        }
    }

    /// What this transport connects to.
    pub fn target(&self) -> &str {
        self.dialer.target()
    }

    /// What the transport saw so far.
    pub fn stats(&self) -> TransportStats {
        self.stats
    }

    /// Closes the connection; the next request opens a new one.
    pub fn reset(&mut self) {
        self.stream = None;
        self.rx.clear();
        self.drain_until = None;
    }

    /// Reads `count` registers of `table` from `start` on `unit` into `out` (replacing its
    /// contents), waiting at most `timeout` for the answer.
    pub async fn read_registers(
        &mut self,
        unit: u8,
        table: Table,
        start: u16,
        count: u16,
        timeout: Duration,
        out: &mut Vec<u16>,
    ) -> Result<(), TransportError> {
        let request = match table {
            Table::Holding => Request::ReadHoldingRegisters {
                address: start,
                quantity: count,
            },
            Table::Input => Request::ReadInputRegisters {
                address: start,
                quantity: count,
            },
        };
        let result = self.transact(unit, &request, timeout, out).await;
        if let Err(e) = &result
            && e.desynchronises()
        {
            match self.framing {
                // Late replies are recognised by transaction id; only a broken stream is reset.
                Framing::Tcp => {
                    if !matches!(
                        e,
                        TransportError::Timeout { .. } | TransportError::WrongUnit { .. }
                    ) {
                        self.reset();
                    }
                }
                Framing::Rtu => {
                    self.rx.clear();
                    if matches!(
                        e,
                        TransportError::Io { .. }
                            | TransportError::Closed { .. }
                            | TransportError::Connect { .. }
                    ) {
                        self.reset();
                    } else {
                        self.drain_until = Some(Instant::now() + timeout);
                    }
                }
            }
        }
        result
    }

    /// Opens the connection unless it is open, waiting at most `timeout`.
    pub async fn connect(&mut self, timeout: Duration) -> Result<(), TransportError> {
        if self.stream.is_some() {
            return Ok(());
        }
        let target = self.dialer.target().to_owned();
        let stream = match tokio::time::timeout(timeout, self.dialer.dial()).await {
            Ok(Ok(stream)) => stream,
            Ok(Err(cause)) => return Err(TransportError::Connect { target, cause }),
            Err(_) => {
                return Err(TransportError::Connect {
                    target,
                    cause: io::Error::new(io::ErrorKind::TimedOut, "connection timed out"),
                });
            }
        };
        self.stats.connects += 1;
        self.stream = Some(stream);
        self.rx.clear();
        Ok(())
    }

    async fn transact(
        &mut self,
        unit: u8,
        request: &Request<'_>,
        timeout: Duration,
        out: &mut Vec<u16>,
    ) -> Result<(), TransportError> {
        self.connect(timeout).await?;
        if self.framing == Framing::Rtu {
            self.await_quiet_line().await?;
        }
        self.tx.clear();
        let transaction_id = self.next_transaction;
        self.next_transaction = self.next_transaction.wrapping_add(1);
        match self.framing {
            Framing::Tcp => tcp::encode_request(
                tcp::Header {
                    transaction_id,
                    unit_id: unit,
                },
                request,
                &mut self.tx,
            )?,
            Framing::Rtu => rtu::encode_request(unit, request, &mut self.tx)?,
        }
        self.stats.requests += 1;
        let deadline = Instant::now() + timeout;
        let timeout_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        match tokio::time::timeout_at(deadline, self.exchange(unit, transaction_id, request, out))
            .await
        {
            Ok(result) => result,
            Err(_) => Err(TransportError::Timeout { timeout_ms }),
        }
    }

    /// Waits for the inter-frame gap, and after a timeout drains what arrives late.
    async fn await_quiet_line(&mut self) -> Result<(), TransportError> {
        if let Some(until) = self.drain_until.take() {
            let target = self.dialer.target().to_owned();
            let Some(stream) = self.stream.as_mut() else {
                return Ok(());
            };
            let mut scratch = [0u8; 256];
            loop {
                match tokio::time::timeout_at(until, stream.read(&mut scratch)).await {
                    Err(_) => break,
                    Ok(Ok(0)) => return Err(TransportError::Closed { target }),
                    Ok(Ok(_)) => {
                        self.stats.stray_frames += 1;
                        self.line_quiet_since = Some(Instant::now());
                    }
                    Ok(Err(cause)) => return Err(TransportError::Io { target, cause }),
                }
            }
            self.rx.clear();
        }
        if let Some(quiet_since) = self.line_quiet_since {
            tokio::time::sleep_until(quiet_since + self.inter_frame_gap).await;
        }
        Ok(())
    }

    async fn exchange(
        &mut self,
        unit: u8,
        transaction_id: u16,
        request: &Request<'_>,
        out: &mut Vec<u16>,
    ) -> Result<(), TransportError> {
        let target = self.dialer.target();
        let Some(stream) = self.stream.as_mut() else {
            return Err(TransportError::Closed {
                target: target.to_owned(),
            });
        };
        stream
            .write_all(&self.tx)
            .await
            .map_err(|cause| TransportError::Io {
                target: target.to_owned(),
                cause,
            })?;
        self.rx.clear();
        loop {
            // Take every whole frame already buffered before reading more.
            loop {
                let outcome = match self.framing {
                    Framing::Tcp => {
                        take_tcp_frame(&mut self.rx, unit, transaction_id, request, out)?
                    }
                    Framing::Rtu => take_rtu_frame(&mut self.rx, unit, request, out)?,
                };
                match outcome {
                    FrameOutcome::NeedMore => break,
                    FrameOutcome::Stray => {
                        self.stats.stray_frames += 1;
                        continue;
                    }
                    FrameOutcome::Answer(result) => {
                        self.line_quiet_since = Some(Instant::now());
                        return result;
                    }
                }
            }
            let read = stream
                .read_buf(&mut self.rx)
                .await
                .map_err(|cause| TransportError::Io {
                    target: target.to_owned(),
                    cause,
                })?;
            if read == 0 {
                return Err(TransportError::Closed {
                    target: target.to_owned(),
                });
            }
        }
    }
}

enum FrameOutcome {
    NeedMore,
    Stray,
    Answer(Result<(), TransportError>),
}

fn answer(request: &Request<'_>, pdu: &[u8], out: &mut Vec<u16>) -> Result<(), TransportError> {
    match request.decode_response(pdu)? {
        Response::ReadHoldingRegisters(registers) | Response::ReadInputRegisters(registers) => {
            registers.copy_into(out);
            Ok(())
        }
        Response::Exception { code, .. } => Err(TransportError::Exception(code)),
        _ => Ok(()),
    }
}

fn take_tcp_frame(
    rx: &mut Vec<u8>,
    unit: u8,
    transaction_id: u16,
    request: &Request<'_>,
    out: &mut Vec<u16>,
) -> Result<FrameOutcome, TransportError> {
    let Some(frame) = tcp::decode_frame(rx)? else {
        return Ok(FrameOutcome::NeedMore);
    };
    let len = frame.adu_len();
    let outcome = if frame.header.transaction_id != transaction_id {
        FrameOutcome::Stray
    } else if frame.header.unit_id != unit {
        FrameOutcome::Answer(Err(TransportError::WrongUnit {
            expected: unit,
            got: frame.header.unit_id,
        }))
    } else {
        FrameOutcome::Answer(answer(request, frame.pdu, out))
    };
    rx.drain(..len);
    Ok(outcome)
}

fn take_rtu_frame(
    rx: &mut Vec<u8>,
    unit: u8,
    request: &Request<'_>,
    out: &mut Vec<u16>,
) -> Result<FrameOutcome, TransportError> {
    let Some(frame) = rtu::decode_response_frame(rx)? else {
        return Ok(FrameOutcome::NeedMore);
    };
    let len = frame.adu_len();
    let outcome = if frame.unit_id != unit {
        FrameOutcome::Stray
    } else {
        match request.decode_response(frame.pdu) {
            // Another function or another register count: a reply to some other request.
            Err(ems_modbus::FrameError::Mismatch(_)) => FrameOutcome::Stray,
            Err(e) => FrameOutcome::Answer(Err(e.into())),
            Ok(_) => FrameOutcome::Answer(answer(request, frame.pdu, out)),
        }
    };
    rx.drain(..len);
    Ok(outcome)
}
