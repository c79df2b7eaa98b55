//! Links: the physical buses and sockets devices are reached through, one acquisition task each.

use super::organisation::LOCAL_GATEWAY_ID;
use super::rules::Choice;
use std::fmt;

/// One link: a Modbus TCP socket, a serial RS-485 port, RTU frames through a serial-to-Ethernet
/// gateway, or the waveform stream of an acquisition board feeding an internal meter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The transport and its settings (the TOML `kind` and the keys that go with it).
    pub transport: Transport,
    /// The id of the gateway the link belongs to.
    pub gateway: String,
    /// Consecutive failed polls before a device on this link shows "communication error" (on a
    /// waveform stream: consecutive timeouts without a frame, or failed connections).
    pub failures_before_error: u32,
    /// Whether the link is polled at all.
    pub enabled: bool,
}

impl Link {
    /// Failed polls before "communication error" when the file says nothing.
    pub const DEFAULT_FAILURES_BEFORE_ERROR: u32 = 3;

    /// An enabled link on the Local gateway with the default failure count.
    pub fn new(transport: Transport) -> Self {
        Link {
            transport,
            gateway: LOCAL_GATEWAY_ID.to_owned(),
            failures_before_error: Self::DEFAULT_FAILURES_BEFORE_ERROR,
            enabled: true,
        }
    }

    /// The kind of transport.
    pub fn kind(&self) -> LinkKind {
        match self.transport {
            Transport::ModbusTcp(_) => LinkKind::ModbusTcp,
            Transport::ModbusRtu(_) => LinkKind::ModbusRtu,
            Transport::RtuOverTcp(_) => LinkKind::RtuOverTcp,
            Transport::WaveformStream(_) => LinkKind::WaveformStream,
        }
    }

    /// How long to wait for a reply before a request counts as failed, in milliseconds (on a
    /// waveform stream: how long without a frame).
    pub fn timeout_ms(&self) -> u32 {
        match &self.transport {
            Transport::ModbusTcp(t) => t.timeout_ms,
            Transport::ModbusRtu(t) => t.timeout_ms,
            Transport::RtuOverTcp(t) => t.timeout_ms,
            Transport::WaveformStream(t) => t.timeout_ms,
        }
    }
}

/// The transport of a link, tagged by `kind` in the site file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// `kind = "modbus_tcp"`: Modbus TCP (MBAP framing) to a device or gateway.
    ModbusTcp(TcpTransport),
    /// `kind = "modbus_rtu"`: Modbus RTU on a local serial port (RS-485).
    ModbusRtu(SerialTransport),
    /// `kind = "rtu_over_tcp"`: Modbus RTU frames through a transparent serial-to-Ethernet
    /// gateway.
    RtuOverTcp(RtuOverTcpTransport),
    /// `kind = "waveform_stream"`: sampled voltages and currents from an acquisition board
    /// (`docs/WAVEFORM_STREAM.md`), the input of one internal meter.
    WaveformStream(WaveformTransport),
}

/// What a Modbus link occupies: a serial port, or a host and TCP port. Two links on one bus
/// would be two owners of it; requests on one bus go through one link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bus {
    /// A local serial port, by its path.
    Serial(String),
    /// A host (lowercase) and TCP port.
    Socket(String, u16),
}

impl Transport {
    /// The bus this transport occupies; `None` for a waveform stream, whose source serves
    /// several clients.
    pub fn bus(&self) -> Option<Bus> {
        match self {
            Transport::ModbusRtu(s) => Some(Bus::Serial(s.port.clone())),
            Transport::ModbusTcp(t) => Some(Bus::Socket(t.host.to_ascii_lowercase(), t.port)),
            Transport::RtuOverTcp(t) => Some(Bus::Socket(t.host.to_ascii_lowercase(), t.port)),
            Transport::WaveformStream(_) => None,
        }
    }
}

/// The `kind` of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// Modbus TCP.
    ModbusTcp,
    /// Modbus RTU on a serial port.
    ModbusRtu,
    /// Modbus RTU frames over a TCP socket.
    RtuOverTcp,
    /// The waveform stream of an acquisition board.
    WaveformStream,
}

impl LinkKind {
    /// Every kind.
    pub const ALL: &'static [LinkKind] = &[
        LinkKind::ModbusTcp,
        LinkKind::ModbusRtu,
        LinkKind::RtuOverTcp,
        LinkKind::WaveformStream,
    ];

    /// The name written as `kind` in the site file.
    pub const fn name(self) -> &'static str {
        match self {
            LinkKind::ModbusTcp => "modbus_tcp",
            LinkKind::ModbusRtu => "modbus_rtu",
            LinkKind::RtuOverTcp => "rtu_over_tcp",
            LinkKind::WaveformStream => "waveform_stream",
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Choice for LinkKind {
    const ALL: &'static [Self] = LinkKind::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::String(self.name().to_owned())
    }
}

/// Settings of a Modbus TCP link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpTransport {
    /// IP address or host name of the device or gateway.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Reply timeout in milliseconds.
    pub timeout_ms: u32,
}

impl TcpTransport {
    /// The Modbus TCP port.
    pub const DEFAULT_PORT: u16 = 502;
    /// The reply timeout when the file says nothing.
    pub const DEFAULT_TIMEOUT_MS: u32 = 1_000;

    /// A link to `host` on the default port with the default timeout.
    pub fn new(host: impl Into<String>) -> Self {
        TcpTransport {
            host: host.into(),
            port: Self::DEFAULT_PORT,
            timeout_ms: Self::DEFAULT_TIMEOUT_MS,
        }
    }
}

/// Settings of a Modbus RTU link on a local serial port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialTransport {
    /// The serial device (`/dev/ttyUSB0`).
    pub port: String,
    /// Line speed.
    pub baud: BaudRate,
    /// Data bits per character.
    pub data_bits: DataBits,
    /// Parity.
    pub parity: Parity,
    /// Stop bits.
    pub stop_bits: StopBits,
    /// Reply timeout in milliseconds.
    pub timeout_ms: u32,
    /// Silence between frames in milliseconds; `None` for the Modbus 3.5-character silence
    /// ([`modbus_rtu_silence_ms`]).
    pub inter_frame_gap_ms: Option<u32>,
}

impl SerialTransport {
    /// The reply timeout when the file says nothing (the seeds' "RS485 Timeout").
    pub const DEFAULT_TIMEOUT_MS: u32 = 300;

    /// A port with the seeds' defaults: 19200 baud, 8 data bits, even parity, 1 stop bit.
    pub fn new(port: impl Into<String>) -> Self {
        SerialTransport {
            port: port.into(),
            baud: BaudRate::default(),
            data_bits: DataBits::default(),
            parity: Parity::default(),
            stop_bits: StopBits::default(),
            timeout_ms: Self::DEFAULT_TIMEOUT_MS,
            inter_frame_gap_ms: None,
        }
    }

    /// The silence to keep between frames: the configured gap, or the Modbus 3.5-character
    /// silence for this line.
    pub fn effective_inter_frame_gap_ms(&self) -> u32 {
        self.inter_frame_gap_ms.unwrap_or_else(|| {
            modbus_rtu_silence_ms(self.baud, self.data_bits, self.parity, self.stop_bits)
        })
    }
}

/// Settings of a link that sends RTU frames through a serial-to-Ethernet gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtuOverTcpTransport {
    /// IP address or host name of the gateway.
    pub host: String,
    /// TCP port of the gateway's serial channel.
    pub port: u16,
    /// Reply timeout in milliseconds.
    pub timeout_ms: u32,
    /// Silence between frames in milliseconds; `None` for
    /// [`RtuOverTcpTransport::DEFAULT_INTER_FRAME_GAP_MS`].
    pub inter_frame_gap_ms: Option<u32>,
}

impl RtuOverTcpTransport {
    /// The reply timeout when the file says nothing.
    pub const DEFAULT_TIMEOUT_MS: u32 = 1_000;
    /// The gap when the file says nothing: the 3.5-character silence at 9600 baud with 11-bit
    /// characters (ems does not know the gateway's serial settings).
    pub const DEFAULT_INTER_FRAME_GAP_MS: u32 = 5;

    /// A link to the gateway at `host:port` with the default timeout and gap.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        RtuOverTcpTransport {
            host: host.into(),
            port,
            timeout_ms: Self::DEFAULT_TIMEOUT_MS,
            inter_frame_gap_ms: None,
        }
    }

    /// The silence to keep between frames.
    pub fn effective_inter_frame_gap_ms(&self) -> u32 {
        self.inter_frame_gap_ms
            .unwrap_or(Self::DEFAULT_INTER_FRAME_GAP_MS)
    }
}

/// Settings of a waveform-stream link: where the acquisition board (the stream's source, which
/// listens) can be reached, and how long the stream may stay silent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveformTransport {
    /// The source's socket.
    pub endpoint: StreamEndpoint,
    /// How long without a complete frame, in milliseconds, before the wait counts as a
    /// failure (and the connection is opened again).
    pub timeout_ms: u32,
}

impl WaveformTransport {
    /// The silence allowed when the file says nothing: sources send 5 to 50 frames a second.
    pub const DEFAULT_TIMEOUT_MS: u32 = 2_000;

    /// A link to a TCP source at `host:port` with the default timeout.
    pub fn tcp(host: impl Into<String>, port: u16) -> Self {
        WaveformTransport {
            endpoint: StreamEndpoint::Tcp {
                host: host.into(),
                port,
            },
            timeout_ms: Self::DEFAULT_TIMEOUT_MS,
        }
    }

    /// A link to a source on the Unix socket `path` with the default timeout.
    pub fn unix(path: impl Into<String>) -> Self {
        WaveformTransport {
            endpoint: StreamEndpoint::Unix(path.into()),
            timeout_ms: Self::DEFAULT_TIMEOUT_MS,
        }
    }
}

/// Where a waveform source listens: `tcp = "host:port"` or `unix = "/path"` in the site file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEndpoint {
    /// A TCP socket.
    Tcp {
        /// IP address or host name.
        host: String,
        /// TCP port.
        port: u16,
    },
    /// A Unix stream socket, by its absolute path.
    Unix(String),
}

impl fmt::Display for StreamEndpoint {
    /// `host:port` (`[v6]:port`) or the socket's path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamEndpoint::Tcp { host, port } if host.contains(':') => {
                write!(f, "[{host}]:{port}")
            }
            StreamEndpoint::Tcp { host, port } => write!(f, "{host}:{port}"),
            StreamEndpoint::Unix(path) => f.write_str(path),
        }
    }
}

/// Splits `"host:port"` (`"[::1]:7070"` for IPv6) into its host and port; `None` when it is
/// not of that form.
pub fn split_host_port(text: &str) -> Option<(String, u16)> {
    let (host, port) = text.rsplit_once(':')?;
    let host = match host.strip_prefix('[') {
        Some(inner) => inner.strip_suffix(']')?,
        None if host.contains(':') => return None,
        None => host,
    };
    if host.is_empty() || port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((host.to_owned(), port.parse().ok()?))
}

/// The Modbus RTU inter-frame silence (3.5 character times) for a serial line, rounded up to
/// whole milliseconds and never below 2 ms.
///
/// A character is 1 start bit, the data bits, the parity bit if any, and the stop bits. Above
/// 19200 baud the Modbus specification fixes the silence at 1.75 ms, which gives 2 ms here.
pub fn modbus_rtu_silence_ms(
    baud: BaudRate,
    data_bits: DataBits,
    parity: Parity,
    stop_bits: StopBits,
) -> u32 {
    const MIN_MS: u32 = 2;
    let bps = baud.bits_per_second();
    if bps > 19_200 {
        return MIN_MS;
    }
    let parity_bits = u32::from(parity != Parity::None);
    let bits = 1 + u32::from(data_bits.count()) + parity_bits + u32::from(stop_bits.count());
    let micros = (3_500_000 * bits).div_ceil(bps);
    micros.div_ceil(1_000).max(MIN_MS)
}

/// Serial line speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum BaudRate {
    /// 2400 bit/s.
    B2400,
    /// 4800 bit/s.
    B4800,
    /// 9600 bit/s.
    B9600,
    /// 19200 bit/s (the default, as in the seeds).
    #[default]
    B19200,
    /// 38400 bit/s.
    B38400,
    /// 57600 bit/s.
    B57600,
    /// 115200 bit/s.
    B115200,
}

impl BaudRate {
    /// Every supported speed, slowest first.
    pub const ALL: &'static [BaudRate] = &[
        BaudRate::B2400,
        BaudRate::B4800,
        BaudRate::B9600,
        BaudRate::B19200,
        BaudRate::B38400,
        BaudRate::B57600,
        BaudRate::B115200,
    ];

    /// The speed in bits per second.
    pub const fn bits_per_second(self) -> u32 {
        match self {
            BaudRate::B2400 => 2_400,
            BaudRate::B4800 => 4_800,
            BaudRate::B9600 => 9_600,
            BaudRate::B19200 => 19_200,
            BaudRate::B38400 => 38_400,
            BaudRate::B57600 => 57_600,
            BaudRate::B115200 => 115_200,
        }
    }
}

impl Choice for BaudRate {
    const ALL: &'static [Self] = BaudRate::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::Integer(i64::from(self.bits_per_second()))
    }
}

/// Data bits per serial character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DataBits {
    /// 7 data bits.
    Seven,
    /// 8 data bits (the default; Modbus RTU requires 8).
    #[default]
    Eight,
}

impl DataBits {
    /// Both choices.
    pub const ALL: &'static [DataBits] = &[DataBits::Seven, DataBits::Eight];

    /// The number of bits.
    pub const fn count(self) -> u8 {
        match self {
            DataBits::Seven => 7,
            DataBits::Eight => 8,
        }
    }
}

impl Choice for DataBits {
    const ALL: &'static [Self] = DataBits::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::Integer(i64::from(self.count()))
    }
}

/// Serial parity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Parity {
    /// No parity bit.
    None,
    /// Odd parity.
    Odd,
    /// Even parity (the default, as in the seeds and the Modbus specification).
    #[default]
    Even,
}

impl Parity {
    /// Every choice.
    pub const ALL: &'static [Parity] = &[Parity::None, Parity::Odd, Parity::Even];

    /// The name written in the site file.
    pub const fn name(self) -> &'static str {
        match self {
            Parity::None => "none",
            Parity::Odd => "odd",
            Parity::Even => "even",
        }
    }
}

impl fmt::Display for Parity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Choice for Parity {
    const ALL: &'static [Self] = Parity::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::String(self.name().to_owned())
    }
}

/// Stop bits per serial character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StopBits {
    /// 1 stop bit (the default).
    #[default]
    One,
    /// 2 stop bits.
    Two,
}

impl StopBits {
    /// Both choices.
    pub const ALL: &'static [StopBits] = &[StopBits::One, StopBits::Two];

    /// The number of bits.
    pub const fn count(self) -> u8 {
        match self {
            StopBits::One => 1,
            StopBits::Two => 2,
        }
    }
}

impl Choice for StopBits {
    const ALL: &'static [Self] = StopBits::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::Integer(i64::from(self.count()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn silence(baud: BaudRate, parity: Parity, stop_bits: StopBits) -> u32 {
        modbus_rtu_silence_ms(baud, DataBits::Eight, parity, stop_bits)
    }

    #[test]
    fn the_inter_frame_silence_is_three_and_a_half_characters_rounded_up() {
        // 11-bit characters (8E1): 3.5 × 11 / baud.
        assert_eq!(silence(BaudRate::B2400, Parity::Even, StopBits::One), 17);
        assert_eq!(silence(BaudRate::B4800, Parity::Even, StopBits::One), 9);
        assert_eq!(silence(BaudRate::B9600, Parity::Even, StopBits::One), 5);
        assert_eq!(silence(BaudRate::B19200, Parity::Even, StopBits::One), 3);
        // 10-bit characters (8N1).
        assert_eq!(silence(BaudRate::B9600, Parity::None, StopBits::One), 4);
    }

    #[test]
    fn the_inter_frame_silence_is_two_milliseconds_above_19200_baud() {
        for baud in [BaudRate::B38400, BaudRate::B57600, BaudRate::B115200] {
            assert_eq!(silence(baud, Parity::Even, StopBits::Two), 2);
        }
    }

    #[test]
    fn a_configured_gap_overrides_the_computed_silence() {
        let mut serial = SerialTransport::new("/dev/ttyUSB0");
        assert_eq!(serial.effective_inter_frame_gap_ms(), 3);
        serial.inter_frame_gap_ms = Some(20);
        assert_eq!(serial.effective_inter_frame_gap_ms(), 20);
        let gateway = RtuOverTcpTransport::new("10.0.0.9", 4001);
        assert_eq!(gateway.effective_inter_frame_gap_ms(), 5);
    }

    #[test]
    fn host_and_port_split_with_brackets_around_ipv6() {
        assert_eq!(
            split_host_port("10.0.0.5:7070"),
            Some(("10.0.0.5".to_owned(), 7070))
        );
        assert_eq!(
            split_host_port("[::1]:7070"),
            Some(("::1".to_owned(), 7070))
        );
        for bad in [
            "10.0.0.5", "::1:7070", ":7070", "h:", "h:70000", "h:-1", "[::1:7",
        ] {
            assert_eq!(split_host_port(bad), None, "{bad}");
        }
        let tcp = StreamEndpoint::Tcp {
            host: "::1".to_owned(),
            port: 7,
        };
        assert_eq!(tcp.to_string(), "[::1]:7");
    }

    #[test]
    fn new_links_belong_to_the_local_gateway() {
        let link = Link::new(Transport::ModbusTcp(TcpTransport::new("10.0.0.5")));
        assert_eq!(link.gateway, "local");
        assert_eq!(link.kind(), LinkKind::ModbusTcp);
        assert_eq!(link.timeout_ms(), 1_000);
        assert_eq!(link.failures_before_error, 3);
    }
}
